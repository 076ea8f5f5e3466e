//! One long paragraph (the same sentences repeated, no paragraph breaks) is
//! recognised as each sentence alone would be: the steps that compare a
//! candidate with the others (overlaps, titles, listed names) index them
//! rather than scanning, and must keep the same answers.

use yuelan::annotate::{Resources, annotate};
use yuelan::model::{Format, Layer};
use yuelan::parse::parse;

const SENTENCES: &str = "记者王海平、林静报道，青禾县淘璞电子商务有限公司总经理李海峰在《青禾日报》上说，淘璞今年在杭州市新建了仓库。";

fn entities(text: &str, res: &Resources) -> Vec<(String, String)> {
    let ann = annotate(parse(text.to_string(), Format::Plain), res);
    ann.layer(Layer::Entities)
        .map(|a| (a.label.to_string(), a.span.text(&ann.doc.text).to_string()))
        .collect()
}

#[test]
fn a_long_paragraph_has_each_sentences_entities() {
    let res = Resources::load().unwrap_or_else(|e| panic!("resources: {e:#}"));
    let one = entities(SENTENCES, &res);
    let labels: Vec<&str> = one.iter().map(|(l, _)| l.as_str()).collect();
    for l in ["PER", "ORG", "LOC", "WORK"] {
        assert!(labels.contains(&l), "{l} in {one:?}");
    }
    // 300 copies in one paragraph (single line breaks do not end it).
    let long = [SENTENCES; 300].join("\n");
    let doc = parse(long.clone(), Format::Plain);
    assert_eq!(doc.paragraphs.len(), 1, "one paragraph");
    let many = entities(&long, &res);
    let expected: Vec<(String, String)> = (0..300).flat_map(|_| one.clone()).collect();
    assert_eq!(many.len(), expected.len());
    assert_eq!(many, expected);
}
