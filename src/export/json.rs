//! The project's own JSON shape, `"schema": "yuelan/1"` (docs/schema.md).
//!
//! Every offset is a Unicode code point (0-based, end-exclusive). Spans are
//! `{"start", "end"}` objects; annotations also carry their `text`. Any
//! attrs value shaped `{"start", "end"}` is a span too and is converted the
//! same way (a quote's `speaker`, a duplicate's `of`).

use crate::model::{Annotated, Annotation, Attrs, CharIndex, Document, HeadingKind, Keyword, Span};
use serde_json::{Map, Value, json};

pub const SCHEMA: &str = "yuelan/1";

/// The parsed document (no annotations) as yuelan/1 JSON, offsets in code points.
pub fn document_to_json(doc: &Document) -> Value {
    let idx = CharIndex::new(&doc.text);
    Value::Object(document_fields(doc, &idx))
}

/// The annotated document as yuelan/1 JSON, offsets in code points.
pub fn annotated_to_json(ann: &Annotated) -> Value {
    let idx = CharIndex::new(&ann.doc.text);
    let mut obj = document_fields(&ann.doc, &idx);
    obj.insert(
        "tokens".into(),
        ann.tokens
            .iter()
            .map(|t| {
                let (s, e) = idx.span_to_cp(t.span);
                json!({ "start": s, "end": e, "pos": t.pos })
            })
            .collect(),
    );
    obj.insert(
        "annotations".into(),
        ann.annotations
            .iter()
            .map(|a| annotation_json(a, &ann.doc.text, &idx))
            .collect(),
    );
    obj.insert(
        "keywords".into(),
        json!({
            "document": keywords_json(&ann.keywords.document),
            "sections": ann.keywords.sections.iter().map(|k| keywords_json(k)).collect::<Vec<_>>(),
        }),
    );
    Value::Object(obj)
}

/// One annotation: `{id, layer, label, start, end, text, attrs}`.
pub fn annotation_json(a: &Annotation, text: &str, idx: &CharIndex) -> Value {
    let (s, e) = idx.span_to_cp(a.span);
    json!({
        "id": a.id,
        "layer": a.layer.name(),
        "label": a.label,
        "start": s,
        "end": e,
        "text": a.span.text(text),
        "attrs": attrs_to_cp(&a.attrs, idx),
    })
}

/// attrs with every `{start, end}` value converted from bytes to code points.
pub fn attrs_to_cp(attrs: &Attrs, idx: &CharIndex) -> Value {
    Value::Object(
        attrs
            .iter()
            .map(|(k, v)| (k.to_string(), value_to_cp(&v, idx)))
            .collect(),
    )
}

fn value_to_cp(v: &Value, idx: &CharIndex) -> Value {
    match attr_span(v) {
        Some(span) => {
            let (s, e) = idx.span_to_cp(span);
            json!({ "start": s, "end": e })
        }
        None => v.clone(),
    }
}

/// A `{start, end}` attrs value as a byte span.
pub fn attr_span(v: &Value) -> Option<Span> {
    let o = v.as_object()?;
    if o.len() != 2 {
        return None;
    }
    let s = o.get("start")?.as_u64()?;
    let e = o.get("end")?.as_u64()?;
    Some(Span::new(
        usize::try_from(s).ok()?,
        usize::try_from(e).ok()?,
    ))
}

fn keywords_json(k: &[Keyword]) -> Value {
    k.iter()
        .map(|k| json!({ "word": k.word, "weight": k.weight, "method": k.method }))
        .collect()
}

fn span_json(span: Span, text: &str, idx: &CharIndex) -> Value {
    let (s, e) = idx.span_to_cp(span);
    json!({ "start": s, "end": e, "text": span.text(text) })
}

fn opt_span(span: Option<Span>, text: &str, idx: &CharIndex) -> Value {
    span.map_or(Value::Null, |s| span_json(s, text, idx))
}

fn heading_kind(k: HeadingKind) -> &'static str {
    match k {
        HeadingKind::Lead => "lead",
        HeadingKind::Subheading => "subheading",
        HeadingKind::Numbered => "numbered",
        HeadingKind::Chapter => "chapter",
        HeadingKind::Bracket => "bracket",
        HeadingKind::Markdown => "markdown",
    }
}

fn document_fields(doc: &Document, idx: &CharIndex) -> Map<String, Value> {
    let text = &doc.text;
    let cp = |s: Span| idx.span_to_cp(s);
    let mut o = Map::new();
    o.insert("schema".into(), json!(SCHEMA));
    o.insert("text".into(), json!(text));
    o.insert("length".into(), json!(idx.char_len()));
    o.insert(
        "source".into(),
        json!({
            "path": doc.source.path,
            "encoding": doc.source.encoding,
            "format": doc.source.format.name(),
            "warnings": doc.source.warnings,
        }),
    );
    o.insert("title".into(), opt_span(doc.title, text, idx));
    o.insert("subtitle".into(), opt_span(doc.subtitle, text, idx));
    o.insert("kicker".into(), opt_span(doc.kicker, text, idx));
    o.insert("byline".into(), opt_span(doc.byline, text, idx));
    o.insert(
        "sections".into(),
        doc.sections
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let (start, end) = cp(s.span);
                json!({
                    "index": i,
                    "start": start,
                    "end": end,
                    "heading": opt_span(s.heading, text, idx),
                    "heading_detail": opt_span(s.heading_detail, text, idx),
                    "kind": heading_kind(s.kind),
                    "level": s.level,
                    "parent": s.parent,
                    "paragraphs": [s.paragraphs.start, s.paragraphs.end],
                })
            })
            .collect(),
    );
    o.insert(
        "paragraphs".into(),
        doc.paragraphs
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let (start, end) = cp(p.span);
                json!({
                    "index": i,
                    "start": start,
                    "end": end,
                    "section": p.section,
                    "sentences": [p.sentences.start, p.sentences.end],
                })
            })
            .collect(),
    );
    o.insert(
        "sentences".into(),
        doc.sentences
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let (start, end) = cp(s.span);
                json!({ "index": i, "start": start, "end": end, "paragraph": s.paragraph })
            })
            .collect(),
    );
    o.insert("duplicates".into(), json!(doc.duplicates));
    o
}

/// Many annotated documents as JSON Lines: one compact yuelan/1 object per
/// line, each ending in `\n`.
pub fn to_jsonl<'a>(docs: impl IntoIterator<Item = &'a Annotated>) -> String {
    let mut out = String::new();
    for d in docs {
        out.push_str(&annotated_to_json(d).to_string());
        out.push('\n');
    }
    out
}
