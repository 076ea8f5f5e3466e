//! The project's own JSON shape, `"schema": "yuelan/1"` (docs/schema.md).
//!
//! Every offset is a Unicode code point (0-based, end-exclusive). Spans are
//! `{"start", "end"}` objects; annotations also carry their `text`. Any
//! attrs value shaped `{"start", "end"}` is a span too and is converted the
//! same way (a quote's `speaker`, a duplicate's `of`).

use crate::model::{Annotated, Annotation, Attrs, CharIndex, Document, Keyword, Keywords, Span};
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
                let (s, e) = idx.span_to_cp(t.span());
                json!({ "start": s, "end": e, "pos": t.pos() })
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
            "document": keywords_json(&ann.keywords, &ann.keywords.document),
            "sections": ann.keywords.sections.iter().map(|k| keywords_json(&ann.keywords, k)).collect::<Vec<_>>(),
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

fn keywords_json(all: &Keywords, k: &[Keyword]) -> Value {
    k.iter()
        .map(|k| json!({ "word": all.word(k), "weight": k.weight, "method": k.method }))
        .collect()
}

fn span_json(span: Span, text: &str, idx: &CharIndex) -> Value {
    let (s, e) = idx.span_to_cp(span);
    json!({ "start": s, "end": e, "text": span.text(text) })
}

fn opt_span(span: Option<Span>, text: &str, idx: &CharIndex) -> Value {
    span.map_or(Value::Null, |s| span_json(s, text, idx))
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
    o.insert("date".into(), opt_span(doc.date, text, idx));
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
                    "kind": s.kind.name(),
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
                    "kind": p.kind,
                    "depth": p.depth,
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
    o.insert(
        "styles".into(),
        doc.styles
            .iter()
            .map(|st| {
                let (start, end) = cp(st.span);
                json!({
                    "start": start,
                    "end": end,
                    "kind": st.kind,
                    "target": st.target,
                    "text": st.span.text(text),
                })
            })
            .collect(),
    );
    o.insert("meta".into(), json!(doc.meta));
    o
}

/// Many annotated documents as JSON Lines: one compact yuelan/1 object per
/// line, each ending in `\n`.
pub fn to_jsonl<'a>(docs: impl IntoIterator<Item = &'a Annotated>) -> String {
    let mut out = Vec::new();
    for d in docs {
        // Writing to memory cannot fail.
        let _ = write_annotated(&mut out, d, TokenStyle::Full, false);
        out.push(b'\n');
    }
    String::from_utf8(out).unwrap_or_default()
}

// ---------------------------------------------------------------------------
// Streaming: the same JSON written straight from the model to a writer,
// without a `Value` tree of the document (which took 2 GB for 7.8 MB of
// text), by hand (`super::json_out`). Every object's keys are written in
// sorted order, as a `Value`'s map (a BTreeMap) writes them, so the bytes
// are those of `annotated_to_json` (tests/export_stream.rs checks it).

use super::TokenStyle;
use serde::Serialize;
use serde::ser::Serializer;
use std::io::Write;

/// Writes the annotated document as yuelan/1 JSON to `w` (pretty-printed
/// or on one line), tokens as `tokens` says. Nothing is written after the
/// closing brace (no newline).
pub fn write_annotated<W: Write>(
    w: W,
    ann: &Annotated,
    tokens: TokenStyle,
    pretty: bool,
) -> std::io::Result<()> {
    write_annotated_with_id(w, ann, tokens, pretty, None)
}

/// [`write_annotated`] with an `"id"` key (any JSON value) in the object,
/// as the JSON Lines stage writes it.
pub fn write_annotated_with_id<W: Write>(
    w: W,
    ann: &Annotated,
    tokens: TokenStyle,
    pretty: bool,
    id: Option<&Value>,
) -> std::io::Result<()> {
    write_view(w, ann, tokens, pretty, id, false)
}

/// [`write_annotated_with_id`] made safe for a terminal as it is written:
/// DEL, C1 controls and bidi overrides inside strings (the only place JSON
/// holds them) as `\uXXXX` escapes, the same JSON value. The bytes are
/// those of [`crate::text::safe::json`] applied to the whole output, without
/// a second pass over it (which, as a writer around the serializer, took
/// more time than the serializer).
pub fn write_annotated_escaped<W: Write>(
    w: W,
    ann: &Annotated,
    tokens: TokenStyle,
    pretty: bool,
    id: Option<&Value>,
) -> std::io::Result<()> {
    write_view(w, ann, tokens, pretty, id, true)
}

/// [`write_annotated_escaped`] of a document not read after it (`annotate
/// FILE`, which then ends): its annotations are freed once written,
/// before the rest of the JSON (their list and attrs are 12 MB on 7.8 MB
/// of news, beside the writer's own memory at its peak). `ann` is left
/// without annotations.
pub fn write_annotated_escaped_freeing<W: Write>(
    mut w: W,
    ann: &mut Annotated,
    tokens: TokenStyle,
    pretty: bool,
) -> std::io::Result<()> {
    let parallel = worth_parallel(ann);
    super::json_out::write_freeing(
        &mut w,
        ann,
        tokens,
        super::json_out::Layout {
            pretty,
            escape: true,
        },
        parallel,
    )
}

/// [`write_annotated_escaped`] appended to `out` on this thread (the
/// document is small, or other threads are busy with other documents):
/// formatted straight into `out`.
pub fn append_annotated_escaped(
    out: &mut Vec<u8>,
    ann: &Annotated,
    tokens: TokenStyle,
    pretty: bool,
    id: Option<&Value>,
) {
    super::json_out::append(
        out,
        ann,
        tokens,
        super::json_out::Layout {
            pretty,
            escape: true,
        },
        id,
    )
}

/// [`append_annotated_escaped`] of the model `ann` would be with the
/// annotations and keywords of `refs` (read in place from a cache entry).
pub(crate) fn append_refs_escaped(
    out: &mut Vec<u8>,
    ann: &Annotated,
    refs: &super::json_out::Refs,
    tokens: TokenStyle,
) {
    super::json_out::append_refs(out, ann, refs, tokens, super::json_out::Layout::LINE, None)
}

/// [`append_refs_escaped`] written to `w`, in pieces (formatted side by
/// side when the document is big enough for it to pay), not held whole.
pub(crate) fn write_refs_escaped<W: Write>(
    mut w: W,
    ann: &Annotated,
    refs: &super::json_out::Refs,
    tokens: TokenStyle,
) -> std::io::Result<()> {
    let parallel =
        refs.tokens.tags.len() + refs.annotations.len() + ann.doc.sentences.len() > 50_000;
    super::json_out::write_refs(
        &mut w,
        ann,
        refs,
        tokens,
        super::json_out::Layout::LINE,
        parallel,
    )
}

/// Whether `ann` is big enough for its JSON to be formatted in pieces
/// side by side (super::json_out).
fn worth_parallel(ann: &Annotated) -> bool {
    ann.tokens.len() + ann.annotations.len() + ann.doc.sentences.len() > 50_000
}

fn write_view<W: Write>(
    mut w: W,
    ann: &Annotated,
    tokens: TokenStyle,
    pretty: bool,
    id: Option<&Value>,
    escape: bool,
) -> std::io::Result<()> {
    // Written by hand (super::json_out), in pieces formatted side by side
    // when the document is big enough for it to pay.
    let parallel = worth_parallel(ann);
    super::json_out::write(
        &mut w,
        ann,
        tokens,
        super::json_out::Layout { pretty, escape },
        id,
        parallel,
    )
}

/// The yuelan/1 JSON of one document on one line (no newline), as bytes.
pub fn annotated_line(ann: &Annotated, tokens: TokenStyle) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(line_capacity(ann));
    write_annotated(&mut out, ann, tokens, false)?;
    Ok(out)
}

/// [`annotated_line`] made safe for a terminal ([`write_annotated_escaped`]).
pub fn annotated_line_escaped(ann: &Annotated, tokens: TokenStyle) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(line_capacity(ann));
    write_annotated_escaped(&mut out, ann, tokens, false, None)?;
    Ok(out)
}

/// About the bytes of a document's JSON line (so that it is seldom grown
/// and copied): the text about twice (itself, sentences, paragraphs), a
/// full token, an annotation with its attrs.
fn line_capacity(ann: &Annotated) -> usize {
    4096 + 2 * ann.doc.text.len() + 32 * ann.tokens.len() + 160 * ann.annotations.len()
}

/// A sequence written from an iterator made on demand.
pub(crate) struct Seq<F>(pub(crate) F);

impl<F, I> Serialize for Seq<F>
where
    F: Fn() -> I,
    I: Iterator,
    I::Item: Serialize,
{
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq((self.0)())
    }
}
