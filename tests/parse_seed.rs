//! The reference article (../shared/seeds): lead + three subheaded sections,
//! its first line recorded as a duplicate.

mod common;

use common::{check_invariants, seed, t};
use yuelan::model::{Duplicate, Format, HeadingKind, Unit};
use yuelan::parse::parse;

#[test]
fn seed_sections_and_paragraphs() {
    let Some(text) = seed() else { return };
    let non_empty_lines = text.lines().filter(|l| !l.trim().is_empty()).count();
    assert_eq!(non_empty_lines, 18);
    let doc = parse(text, Format::Plain);
    check_invariants(&doc);
    // The first line is a body sentence, not a title.
    assert_eq!(doc.title, None);
    assert_eq!(doc.subtitle, None);
    assert_eq!(doc.byline, None);
    let headings: Vec<Option<&str>> = doc
        .sections
        .iter()
        .map(|s| s.heading.map(|h| t(&doc, h)))
        .collect();
    assert_eq!(
        headings,
        [
            None,
            Some("在企业初创时就播下“红色种子”"),
            Some("多方探索让“隐形党员”归队"),
            Some("坚持把党员放在企业关键岗位"),
        ]
    );
    let counts: Vec<usize> = doc.sections.iter().map(|s| s.paragraphs.len()).collect();
    assert_eq!(counts, [3, 4, 4, 4]);
    assert_eq!(doc.paragraphs.len() + 3, non_empty_lines);
    assert_eq!(doc.sections[0].kind, HeadingKind::Lead);
    for s in &doc.sections[1..] {
        assert_eq!(s.kind, HeadingKind::Subheading);
        assert_eq!(s.level, 1);
        assert_eq!(s.parent, None);
        assert_eq!(s.heading_detail, None);
    }
}

#[test]
fn seed_first_paragraph_repeats_a_later_sentence() {
    let Some(text) = seed() else { return };
    let doc = parse(text, Format::Plain);
    let p = doc
        .paragraphs
        .iter()
        .position(|p| t(&doc, p.span).starts_with("来自市网信办的数据显示"))
        .expect("the paragraph 来自市网信办的数据显示… is found");
    let last_sentence = doc.paragraphs[p].sentences.end - 1;
    let sentence = t(&doc, doc.sentences[last_sentence].span);
    assert!(sentence.starts_with("去年下半年以来"), "{sentence}");
    assert!(sentence.ends_with("正在扎实推进中。"), "{sentence}");
    // Two sentences: the split happens after 层出不穷。 only.
    assert_eq!(doc.paragraphs[p].sentences.len(), 2);
    assert_eq!(
        doc.duplicate_of(Unit::Paragraph, 0),
        Some(&Duplicate {
            unit: Unit::Paragraph,
            index: 0,
            of_unit: Unit::Sentence,
            of_index: last_sentence,
        })
    );
    // Nothing else in the article repeats.
    assert_eq!(doc.duplicates.len(), 1);
}

#[test]
fn seed_sentences_keep_decimals_and_quotes() {
    let Some(text) = seed() else { return };
    let doc = parse(text, Format::Plain);
    let sentences: Vec<&str> = doc.sentences.iter().map(|s| t(&doc, s.span)).collect();
    // 6904.35 and 14.1% stay inside one sentence.
    let s = sentences
        .iter()
        .find(|s| s.contains("6904.35亿元"))
        .expect("sentence with 6904.35亿元");
    assert!(s.contains("14.1%") && s.ends_with("554家。"), "{s}");
    // A quotation with its attribution after it is one sentence.
    assert!(
        sentences
            .iter()
            .any(|s| s.starts_with("“上海探索城市基层党建新路")
                && s.ends_with("”市委组织部副部长郑健麟说。"))
    );
    // …… ends a sentence.
    assert!(
        sentences
            .iter()
            .any(|s| s.starts_with("裘皓萍") && s.ends_with("工作上……"))
    );
}
