//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::sync::OnceLock;
use yuelan::annotate::Resources;
use yuelan::model::{Annotated, Document, Span, Unit};

mod shared;
#[allow(unused_imports)]
pub use shared::{shared_path, shared_text};

/// The `yuelan` binary as a command that reads no user configuration
/// (`YUELAN_CONFIG` removed, `XDG_CONFIG_HOME` an empty place), so that
/// the tests see the defaults whatever the machine has.
pub fn yuelan() -> std::process::Command {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_yuelan"));
    c.env_remove("YUELAN_CONFIG").env(
        "XDG_CONFIG_HOME",
        concat!(env!("CARGO_MANIFEST_DIR"), "/target/no-config"),
    );
    c
}

/// The seed article, or `None` (with a note) when `../shared` is missing
/// outside CI. Under CI a missing seed fails the test.
pub fn seed() -> Option<String> {
    shared::seed_text()
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
            Unit::Paragraph => doc.paragraphs.len(),
            Unit::Sentence => doc.sentences.len(),
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

// Result-returning checks used by the robustness tests.

/// The annotation resources, loaded once for the whole test binary.
pub fn resources() -> &'static Resources {
    static RES: OnceLock<Resources> = OnceLock::new();
    RES.get_or_init(|| match Resources::load() {
        Ok(r) => r,
        Err(e) => panic!("cannot load the annotation resources: {e:#}"),
    })
}

fn check_span_res(text: &str, span: Span, what: &str) -> Result<(), String> {
    if span.start > span.end || span.end > text.len() {
        return Err(format!(
            "{what}: span {}..{} out of bounds (text is {} bytes)",
            span.start,
            span.end,
            text.len()
        ));
    }
    if !text.is_char_boundary(span.start) || !text.is_char_boundary(span.end) {
        return Err(format!(
            "{what}: span {}..{} not on char boundaries",
            span.start, span.end
        ));
    }
    Ok(())
}

/// Every span in bounds and on char boundaries; sections, paragraphs and
/// sentences point at each other consistently.
pub fn check_document(doc: &Document) -> Result<(), String> {
    let text = doc.text.as_str();
    for (name, span) in [
        ("title", doc.title),
        ("subtitle", doc.subtitle),
        ("kicker", doc.kicker),
        ("byline", doc.byline),
    ] {
        if let Some(span) = span {
            check_span_res(text, span, name)?;
        }
    }
    for (i, s) in doc.sections.iter().enumerate() {
        check_span_res(text, s.span, &format!("section {i}"))?;
        if let Some(h) = s.heading {
            check_span_res(text, h, &format!("section {i} heading"))?;
        }
        if let Some(h) = s.heading_detail {
            check_span_res(text, h, &format!("section {i} heading detail"))?;
        }
        if s.paragraphs.start > s.paragraphs.end || s.paragraphs.end > doc.paragraphs.len() {
            return Err(format!(
                "section {i}: paragraphs {:?} out of range",
                s.paragraphs
            ));
        }
        if let Some(p) = s.parent
            && p >= i
        {
            return Err(format!("section {i}: parent {p} is not an earlier section"));
        }
        for p in s.paragraphs.clone() {
            if doc.paragraphs[p].section != i {
                return Err(format!(
                    "paragraph {p} is listed in section {i} but says otherwise"
                ));
            }
        }
    }
    for (i, p) in doc.paragraphs.iter().enumerate() {
        check_span_res(text, p.span, &format!("paragraph {i}"))?;
        if p.section >= doc.sections.len() {
            return Err(format!(
                "paragraph {i}: section {} does not exist",
                p.section
            ));
        }
        if p.sentences.start > p.sentences.end || p.sentences.end > doc.sentences.len() {
            return Err(format!(
                "paragraph {i}: sentences {:?} out of range",
                p.sentences
            ));
        }
        for s in p.sentences.clone() {
            if doc.sentences[s].paragraph != i {
                return Err(format!(
                    "sentence {s} is listed in paragraph {i} but says otherwise"
                ));
            }
            if !p.span.contains(&doc.sentences[s].span) {
                return Err(format!("sentence {s} is not inside paragraph {i}"));
            }
        }
    }
    for (i, s) in doc.sentences.iter().enumerate() {
        check_span_res(text, s.span, &format!("sentence {i}"))?;
        if s.paragraph >= doc.paragraphs.len() {
            return Err(format!(
                "sentence {i}: paragraph {} does not exist",
                s.paragraph
            ));
        }
    }
    for d in &doc.duplicates {
        let len = |u| match u {
            Unit::Paragraph => doc.paragraphs.len(),
            Unit::Sentence => doc.sentences.len(),
        };
        if d.index >= len(d.unit) || d.of_index >= len(d.of_unit) {
            return Err(format!("duplicate {d:?} points past the end"));
        }
    }
    Ok(())
}

/// The document checks, plus every token and annotation span, and ids.
pub fn check_annotated(ann: &Annotated) -> Result<(), String> {
    check_document(&ann.doc)?;
    let text = ann.doc.text.as_str();
    let mut last = 0;
    for (i, t) in ann.tokens.iter().enumerate() {
        check_span_res(text, t.span(), &format!("token {i}"))?;
        if t.span().start < last {
            return Err(format!("token {i} is out of text order"));
        }
        last = t.span().end;
    }
    for (i, a) in ann.annotations.iter().enumerate() {
        check_span_res(text, a.span, &format!("annotation {i} ({:?})", a.layer))?;
        if a.index() != i {
            return Err(format!("annotation {i} has id {}", a.id));
        }
    }
    Ok(())
}
