//! Helpers shared by the integration tests.
#![allow(dead_code)]

use yuelan::model::{Document, Span};

/// The seed article, or `None` (with a note) when `../shared` is missing
/// outside CI. Under CI a missing seed fails the test.
pub fn seed() -> Option<String> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/seeds/000_597f00c860135c6b.txt"
    );
    match std::fs::read_to_string(path) {
        Ok(s) => Some(s),
        Err(e) => {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI: the seed article {path} is missing: {e}"
            );
            eprintln!("note: skipping, the seed article is missing ({path}: {e})");
            None
        }
    }
}

fn check_span(doc: &Document, span: Span, what: &str) {
    assert!(span.start <= span.end, "{what}: {span:?} reversed");
    assert!(span.end <= doc.text.len(), "{what}: {span:?} out of bounds");
    assert!(
        doc.text.is_char_boundary(span.start) && doc.text.is_char_boundary(span.end),
        "{what}: {span:?} not on char boundaries"
    );
}

/// Every structural invariant of a parsed document.
pub fn check_invariants(doc: &Document) {
    for (what, span) in [
        ("title", doc.title),
        ("subtitle", doc.subtitle),
        ("kicker", doc.kicker),
        ("byline", doc.byline),
    ] {
        if let Some(s) = span {
            check_span(doc, s, what);
            assert!(!s.is_empty(), "{what} empty");
        }
    }
    assert!(!doc.sections.is_empty(), "no lead section");
    assert!(
        doc.sections[0].heading.is_none(),
        "section 0 is not the lead"
    );
    let mut next_para = 0;
    let mut prev_end = 0;
    for (i, sec) in doc.sections.iter().enumerate() {
        check_span(doc, sec.span, "section");
        if let Some(h) = sec.heading {
            check_span(doc, h, "heading");
            assert!(sec.span.contains(&h), "heading outside its section");
            assert!(!h.is_empty(), "empty heading");
        }
        if let Some(d) = sec.heading_detail {
            check_span(doc, d, "heading detail");
            assert!(sec.span.contains(&d), "detail outside its section");
        }
        if let Some(p) = sec.parent {
            assert!(p < i, "parent {p} not before section {i}");
            assert!(doc.sections[p].level < sec.level, "parent level not lower");
        }
        if i > 0 {
            assert!(
                sec.span.start >= prev_end,
                "section {i} overlaps the previous"
            );
        }
        prev_end = prev_end.max(sec.span.end);
        assert_eq!(
            sec.paragraphs.start, next_para,
            "paragraph ranges not contiguous"
        );
        next_para = sec.paragraphs.end;
        for pi in sec.paragraphs.clone() {
            let p = &doc.paragraphs[pi];
            assert_eq!(p.section, i);
            assert!(
                sec.span.contains(&p.span),
                "paragraph {pi} outside section {i}"
            );
            if let Some(h) = sec.heading {
                assert!(!h.overlaps(&p.span), "heading overlaps a paragraph");
            }
        }
    }
    assert_eq!(next_para, doc.paragraphs.len());
    let mut next_sent = 0;
    let mut prev_end = 0;
    for (pi, p) in doc.paragraphs.iter().enumerate() {
        check_span(doc, p.span, "paragraph");
        assert!(!p.span.is_empty(), "empty paragraph");
        assert!(p.span.start >= prev_end, "paragraphs overlap");
        prev_end = p.span.end;
        assert_eq!(
            p.sentences.start, next_sent,
            "sentence ranges not contiguous"
        );
        assert!(!p.sentences.is_empty(), "paragraph {pi} has no sentence");
        next_sent = p.sentences.end;
        let mut sent_end = p.span.start;
        for si in p.sentences.clone() {
            let s = &doc.sentences[si];
            check_span(doc, s.span, "sentence");
            assert!(!s.span.is_empty(), "empty sentence");
            assert_eq!(s.paragraph, pi);
            assert!(
                p.span.contains(&s.span),
                "sentence {si} outside paragraph {pi}"
            );
            assert!(s.span.start >= sent_end, "sentences overlap");
            sent_end = s.span.end;
        }
    }
    assert_eq!(next_sent, doc.sentences.len());
    for d in &doc.duplicates {
        let n = |u| match u {
            yuelan::model::Unit::Paragraph => doc.paragraphs.len(),
            yuelan::model::Unit::Sentence => doc.sentences.len(),
        };
        assert!(d.index < n(d.unit) && d.of_index < n(d.of_unit));
        assert!(
            !(d.unit == d.of_unit && d.index == d.of_index),
            "self duplicate"
        );
    }
}

/// The text of a span of `doc`.
pub fn t(doc: &Document, span: Span) -> &str {
    span.text(&doc.text)
}
