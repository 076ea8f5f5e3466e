//! Checks shared by the robustness tests: a model is valid when every span is
//! in bounds and on char boundaries, and every index points somewhere real.
#![allow(dead_code)]

use std::sync::OnceLock;
use yuelan::annotate::Resources;
use yuelan::model::{Annotated, Document, Span, Unit};

/// The annotation resources, loaded once for the whole test binary.
pub fn resources() -> &'static Resources {
    static RES: OnceLock<Resources> = OnceLock::new();
    RES.get_or_init(|| match Resources::load() {
        Ok(r) => r,
        Err(e) => panic!("cannot load the annotation resources: {e:#}"),
    })
}

fn check_span(text: &str, span: Span, what: &str) -> Result<(), String> {
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
            check_span(text, span, name)?;
        }
    }
    for (i, s) in doc.sections.iter().enumerate() {
        check_span(text, s.span, &format!("section {i}"))?;
        if let Some(h) = s.heading {
            check_span(text, h, &format!("section {i} heading"))?;
        }
        if let Some(h) = s.heading_detail {
            check_span(text, h, &format!("section {i} heading detail"))?;
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
        check_span(text, p.span, &format!("paragraph {i}"))?;
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
        check_span(text, s.span, &format!("sentence {i}"))?;
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
        check_span(text, t.span, &format!("token {i}"))?;
        if t.span.start < last {
            return Err(format!("token {i} is out of text order"));
        }
        last = t.span.end;
    }
    for (i, a) in ann.annotations.iter().enumerate() {
        check_span(text, a.span, &format!("annotation {i} ({:?})", a.layer))?;
        if a.id != i {
            return Err(format!("annotation {i} has id {}", a.id));
        }
    }
    Ok(())
}
