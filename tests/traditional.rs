//! A Traditional document: it opens, is recognised as Traditional, segments
//! through its Simplified conversion with offsets on the original
//! characters, and its words look up by the traditional headword.

use std::path::Path;
use yuelan::dict::{self, script::Script};
use yuelan::model::Span;

#[path = "common/shared.rs"]
mod shared;

const SAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/data/samples/05_traditional.txt"
);

#[test]
fn traditional_sample_opens_segments_and_looks_up() {
    let doc = yuelan::source::load_document(Path::new(SAMPLE))
        .unwrap_or_else(|e| panic!("the sample opens: {e:#}"));
    let d = dict::shared().unwrap_or_else(|e| panic!("dictionary: {e}"));
    assert_eq!(d.script.detect(&doc.text), Script::Traditional);

    let conv = d
        .script
        .for_segmentation(&doc.text)
        .unwrap_or_else(|| panic!("a Traditional text is converted for segmentation"));
    assert_eq!(conv.text.chars().count(), doc.text.chars().count());
    assert!(conv.text.contains("台湾的软体产业"));

    // Segment the converted text, map every token back onto the original.
    let jieba = jieba_rs::Jieba::new();
    let mut words: Vec<&str> = Vec::new();
    for t in jieba.cut(&conv.text, true) {
        let span = conv.original_span(Span::new(t.byte_start, t.byte_end));
        let original = span.text(&doc.text);
        assert_eq!(
            original.chars().count(),
            t.word.chars().count(),
            "{}",
            t.word
        );
        words.push(original);
    }
    assert_eq!(
        words.concat(),
        doc.text,
        "tokens cover the original exactly"
    );
    for want in ["臺灣", "軟體", "銀行", "行業", "說服"] {
        assert!(words.contains(&want), "{want} is a token: {words:?}");
    }

    let taiwan = d.lookup("臺灣", true);
    assert_eq!(taiwan.pinyin().as_deref(), Some("Táiwān"));
    assert_eq!(taiwan.first_sense(), Some("Taiwan"));
    let software = d.lookup("軟體", false);
    assert_eq!(software.pinyin().as_deref(), Some("ruǎntǐ"));
    assert_eq!(software.first_sense(), Some("software (Tw)"));
    assert_eq!(d.lookup("行業", false).pinyin().as_deref(), Some("hángyè"));
    assert_eq!(d.lookup("說服", false).pinyin().as_deref(), Some("shuōfú"));
}

#[test]
fn simplified_seed_is_not_converted() {
    let Some(text) = shared::seed_text() else {
        return;
    };
    let d = dict::shared().unwrap_or_else(|e| panic!("dictionary: {e}"));
    assert_eq!(d.script.detect(&text), Script::Simplified);
    assert!(d.script.for_segmentation(&text).is_none());
    // Round trip through Traditional display keeps the character count.
    let shown = d.to_script(&text, Script::Traditional);
    assert_eq!(shown.chars().count(), text.chars().count());
    assert_ne!(shown, text);
}
