//! The learner's dictionary on the real, shipped CC-CEDICT (loaded once for
//! all tests through `dict::shared`).

use yuelan::dict::{self, Dictionary, script::Script};

fn d() -> &'static Dictionary {
    match dict::shared() {
        Ok(d) => d,
        Err(e) => panic!("the shipped dictionary must load: {e}"),
    }
}

fn pinyin(word: &str) -> String {
    d().lookup(word, false).pinyin().unwrap_or_default()
}

#[test]
fn shipped_dictionary_loads_whole() {
    // The file's header says entries=122143.
    assert_eq!(d().cedict.len(), 122_143);
    assert_eq!(d().cedict.skipped_lines(), 0);
}

#[test]
fn polyphones_read_as_in_the_word() {
    assert_eq!(pinyin("银行"), "yínháng");
    assert_eq!(pinyin("銀行"), "yínháng");
    assert_eq!(pinyin("行业"), "hángyè");
    assert_eq!(pinyin("重庆"), "Chóngqìng");
    assert_eq!(pinyin("说服"), "shuōfú");
    // The same characters inside running text, syllable by syllable.
    let syl: Vec<String> = d()
        .syllables("银行行业在重庆说服")
        .into_iter()
        .map(|s| s.map(|s| s.text).unwrap_or_default())
        .collect();
    assert_eq!(
        syl,
        [
            "yín", "háng", "háng", "yè", "zài", "Chóng", "qìng", "shuō", "fú"
        ]
    );
}

#[test]
fn first_sense_of_shuo_is_to_speak() {
    let info = d().lookup("说", false);
    let best = info.best().map(|r| r.pinyin.as_str());
    assert_eq!(best, Some("shuō"));
    assert_eq!(info.first_sense(), Some("to speak; to talk; to say"));
    // The other readings are still there.
    let all: Vec<&str> = info.readings.iter().map(|r| r.pinyin.as_str()).collect();
    assert!(all.contains(&"shuì"), "{all:?}");
}

#[test]
fn surnames_and_variants_come_last_unless_a_name() {
    // 王: surname Wang / king.
    let common = d().lookup("王", false);
    assert_eq!(common.best().map(|r| r.pinyin.as_str()), Some("wáng"));
    assert!(!common.first_sense().unwrap_or("").starts_with("surname"));
    let name = d().lookup("王", true);
    assert_eq!(name.first_sense(), Some("surname Wang"));
    // 着: several readings; none of the first is a bare "variant of".
    let zhe = d().lookup("着", false);
    assert!(!zhe.first_sense().unwrap_or("").contains("variant of"));
}

#[test]
fn traditional_form_measure_words_and_variants() {
    let bank = d().lookup("银行", false);
    let best = bank.best().cloned().unwrap_or_else(|| panic!("银行 found"));
    assert_eq!(best.traditional, "銀行");
    assert_eq!(best.measure_words, ["家 jiā", "个 gè"]);
    assert_eq!(best.senses, ["bank"], "CL: is not a sense");
    // A pure variant entry names what it is a variant of.
    let found = d()
        .cedict
        .entries()
        .find(|e| e.definitions.starts_with("variant of ") && e.simplified.chars().count() == 1)
        .map(|e| e.simplified.to_string())
        .unwrap_or_default();
    let info = d().lookup(&found, false);
    assert!(
        info.readings.iter().any(|r| !r.variants.is_empty()),
        "{found}"
    );
}

#[test]
fn missing_words_fall_back_to_per_character_readings() {
    // Not a dictionary word; its characters are.
    let info = d().lookup("银说", false);
    assert!(!info.found());
    assert_eq!(info.per_char.len(), 2);
    assert_eq!(info.pinyin().as_deref(), Some("yín shuō"));
    // A character CC-CEDICT does not have (a private-use code point) and
    // Latin text: no reading, no panic.
    let odd = d().lookup("\u{E000}x", false);
    assert!(!odd.found());
    assert_eq!(odd.pinyin(), None);
    assert_eq!(odd.first_sense(), None);
    let mixed = d().lookup("银\u{E000}", false);
    assert_eq!(mixed.pinyin().as_deref(), Some("yín ?"));
    assert_eq!(d().syllables("\u{E000}银").len(), 2);
}

#[test]
fn longest_match_widens_like_zhongwen() {
    let text = "中华人民共和国成立了";
    let ends: Vec<&str> = d()
        .match_ends(text, 0)
        .into_iter()
        .map(|e| &text[..e])
        .collect();
    assert!(ends.contains(&"中华"), "{ends:?}");
    assert_eq!(ends.last().copied(), Some("中华人民共和国"));
    let zh = "中华".len();
    let wider = d().widen(text, 0, zh).map(|e| &text[..e]);
    assert!(wider.is_some_and(|w| w.len() > zh), "{wider:?}");
    assert_eq!(d().widen(text, 0, "中华人民共和国".len()), None);
    // Not a char boundary / past the end: nothing, no panic.
    assert!(d().match_ends(text, 1).is_empty());
    assert!(d().match_ends(text, 999).is_empty());
}

#[test]
fn traditional_headwords_and_script_conversion() {
    assert_eq!(pinyin("臺灣"), "Táiwān");
    assert_eq!(pinyin("軟體"), "ruǎntǐ");
    assert_eq!(d().lookup("軟體", false).simplified(), "软体");
    let s = &d().script;
    assert_eq!(s.detect("臺灣的軟體產業發展很快"), Script::Traditional);
    assert_eq!(s.detect("台湾的软体产业发展很快"), Script::Simplified);
    let conv = s.to_simplified("臺灣的軟體產業");
    assert_eq!(conv.text, "台湾的软体产业");
    assert_eq!(
        d().to_script("臺灣的軟體產業", Script::Simplified),
        "台湾的软体产业"
    );
    // Word-level: 发 follows the word.
    assert_eq!(
        d().to_script("头发和发展", Script::Traditional),
        "頭髮和發展"
    );
    assert_eq!(d().to_script("银行abc", Script::Traditional), "銀行abc");
}

#[test]
fn learner_layer_gives_word_pinyin_and_gloss_per_token() {
    use yuelan::model::{Document, Span, Token};
    let text = "王说银行，OK\u{E000}";
    let doc = Document {
        text: text.to_string(),
        ..Document::default()
    };
    let tok = |w: &str, pos: &str| {
        let start = text.find(w).unwrap_or(0);
        Token::new(
            Span::new(start, start + w.len()),
            yuelan::model::pos_tag(pos),
        )
    };
    let tokens = [
        tok("王", "nr"),
        tok("说", "v"),
        tok("银行", "n"),
        tok("，", "x"),
        tok("OK", "eng"),
        tok("\u{E000}", "x"),
    ];
    // The one learner layer (annotate/learner.rs), without the segmenter's
    // splitting.
    let anns =
        yuelan::annotate::learner::annotate_with(d(), &dict::reading::NoSplit, &doc, &tokens);
    let got: Vec<(&str, &str, &str)> = anns
        .iter()
        .map(|a| {
            (
                a.span.text(text),
                a.attr_str("pinyin").unwrap_or(""),
                a.attr_str("gloss").unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            // A one-character name reads as the character (capitals are
            // for names of two characters or more).
            ("王", "wáng", "surname Wang"),
            ("说", "shuō", "to speak; to talk; to say"),
            ("银行", "yín háng", "bank"),
        ]
    );
}
