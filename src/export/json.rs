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
// text). Every object's keys are written in sorted order, as a `Value`'s
// map (a BTreeMap) writes them, so the bytes are those of
// `annotated_to_json` (tests/export_stream.rs checks it).

use super::TokenStyle;
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
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

fn write_view<W: Write>(
    w: W,
    ann: &Annotated,
    tokens: TokenStyle,
    pretty: bool,
    id: Option<&Value>,
    escape: bool,
) -> std::io::Result<()> {
    let idx = CharIndex::new(&ann.doc.text);
    // The tokens (most of the output with the default layers) are written
    // by hand, after the rest: `tokens` is the object's last key. Their
    // values are numbers and part-of-speech tags (plain ASCII), so the
    // bytes are the serializer's; a tag that would need escaping leaves
    // them to the serializer.
    if tokens != TokenStyle::None && ann.tokens.iter().all(|t| plain_tag(t.pos())) {
        let mut w = HoldBack::new(w, if pretty { 2 } else { 1 });
        let view = AnnotatedView {
            ann,
            idx: &idx,
            tokens: TokenStyle::None,
            id,
        };
        serialize_view(&view, &mut w, pretty, escape)?;
        let (mut w, held) = w.into_parts()?;
        let end: &[u8] = if pretty { b"\n}" } else { b"}" };
        if held != end {
            return Err(std::io::Error::other("unexpected end of the JSON object"));
        }
        w.write_all(if pretty {
            b",\n  \"tokens\": "
        } else {
            b",\"tokens\":"
        })?;
        write_tokens(&mut w, ann, &idx, tokens, pretty)?;
        return w.write_all(end);
    }
    let view = AnnotatedView {
        ann,
        idx: &idx,
        tokens,
        id,
    };
    serialize_view(&view, w, pretty, escape)
}

fn serialize_view<W: Write>(
    view: &AnnotatedView,
    w: W,
    pretty: bool,
    escape: bool,
) -> std::io::Result<()> {
    use serde_json::ser::{CompactFormatter, PrettyFormatter};
    let done = match (pretty, escape) {
        (true, false) => view.serialize(&mut serde_json::Serializer::pretty(w)),
        (false, false) => view.serialize(&mut serde_json::Serializer::new(w)),
        (true, true) => view.serialize(&mut serde_json::Serializer::with_formatter(
            w,
            Escaping(PrettyFormatter::new()),
        )),
        (false, true) => view.serialize(&mut serde_json::Serializer::with_formatter(
            w,
            Escaping(CompactFormatter),
        )),
    };
    done.map_err(std::io::Error::from)
}

/// Whether a part-of-speech tag is written as it is in a JSON string.
fn plain_tag(tag: &str) -> bool {
    tag.bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// A buffered writer that passes everything on but the last `keep` bytes
/// written, which it holds until [`HoldBack::into_parts`]: one copy per
/// write into its buffer, as a `BufWriter`.
struct HoldBack<W: Write> {
    inner: W,
    buf: Vec<u8>,
    keep: usize,
}

/// How much a [`HoldBack`] gathers before passing it on.
const HOLD_BUF: usize = 1 << 16;

impl<W: Write> HoldBack<W> {
    fn new(inner: W, keep: usize) -> HoldBack<W> {
        HoldBack {
            inner,
            buf: Vec::with_capacity(HOLD_BUF + 64),
            keep,
        }
    }

    /// Passes on all but the last `keep` bytes gathered.
    fn pass(&mut self) -> std::io::Result<()> {
        let n = self.buf.len().saturating_sub(self.keep);
        if n > 0 {
            self.inner.write_all(&self.buf[..n])?;
            self.buf.drain(..n);
        }
        Ok(())
    }

    /// The inner writer (all passed on) and the bytes held back.
    fn into_parts(mut self) -> std::io::Result<(W, Vec<u8>)> {
        self.pass()?;
        Ok((self.inner, self.buf))
    }
}

impl<W: Write> Write for HoldBack<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.write_all(buf)?;
        Ok(buf.len())
    }

    #[inline]
    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.buf.extend_from_slice(buf);
        if self.buf.len() >= HOLD_BUF {
            self.pass()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.pass()?;
        self.inner.flush()
    }
}

/// Code-point offsets of byte offsets that mostly come in order (tokens):
/// counted on from the last one rather than searched for.
struct CpCursor<'a> {
    text: &'a str,
    idx: &'a CharIndex,
    byte: usize,
    cp: usize,
}

impl CpCursor<'_> {
    fn at(&mut self, byte: usize) -> usize {
        if byte < self.byte || byte > self.text.len() || !self.text.is_char_boundary(byte) {
            return self.idx.to_cp(byte);
        }
        let between = &self.text.as_bytes()[self.byte..byte];
        // Every byte that is not a UTF-8 continuation byte starts a character.
        self.cp += between.iter().filter(|&&b| (b as i8) >= -0x40).count();
        self.byte = byte;
        self.cp
    }
}

/// The value of `tokens` as the serializer writes it (pretty at the depth
/// of a key of the top object, or compact).
fn write_tokens<W: Write>(
    w: &mut W,
    ann: &Annotated,
    idx: &CharIndex,
    style: TokenStyle,
    pretty: bool,
) -> std::io::Result<()> {
    let nl = |w: &mut W, depth: usize| -> std::io::Result<()> {
        if pretty {
            const SPACES: &[u8] = b"\n                ";
            w.write_all(&SPACES[..1 + 2 * depth.min(7)])?;
        }
        Ok(())
    };
    let key = |w: &mut W, k: &[u8]| -> std::io::Result<()> {
        w.write_all(b"\"")?;
        w.write_all(k)?;
        w.write_all(if pretty { b"\": " } else { b"\":" })
    };
    let mut num = itoa::Buffer::new();
    let tokens = &ann.tokens;
    let mut starts = CpCursor {
        text: &ann.doc.text,
        idx,
        byte: 0,
        cp: 0,
    };
    let mut ends = CpCursor {
        text: &ann.doc.text,
        idx,
        byte: 0,
        cp: 0,
    };
    match style {
        TokenStyle::None => Ok(()),
        TokenStyle::Full => {
            w.write_all(b"[")?;
            for (i, t) in tokens.iter().enumerate() {
                if i > 0 {
                    w.write_all(b",")?;
                }
                nl(w, 2)?;
                w.write_all(b"{")?;
                nl(w, 3)?;
                key(w, b"end")?;
                w.write_all(num.format(ends.at(t.span().end)).as_bytes())?;
                w.write_all(b",")?;
                nl(w, 3)?;
                key(w, b"pos")?;
                w.write_all(b"\"")?;
                w.write_all(t.pos().as_bytes())?;
                w.write_all(b"\",")?;
                nl(w, 3)?;
                key(w, b"start")?;
                w.write_all(num.format(starts.at(t.span().start)).as_bytes())?;
                nl(w, 2)?;
                w.write_all(b"}")?;
            }
            if !tokens.is_empty() {
                nl(w, 1)?;
            }
            w.write_all(b"]")
        }
        TokenStyle::Compact => {
            // `{"end": […], "pos": […], "start": […]}`, one array at a time.
            let column =
                |w: &mut W,
                 name: &[u8],
                 last: bool,
                 item: &mut dyn FnMut(&mut W, &crate::model::Token) -> std::io::Result<()>|
                 -> std::io::Result<()> {
                    nl(w, 2)?;
                    key(w, name)?;
                    w.write_all(b"[")?;
                    for (i, t) in tokens.iter().enumerate() {
                        if i > 0 {
                            w.write_all(b",")?;
                        }
                        nl(w, 3)?;
                        item(w, t)?;
                    }
                    if !tokens.is_empty() {
                        nl(w, 2)?;
                    }
                    w.write_all(if last { b"]" } else { b"]," })
                };
            w.write_all(b"{")?;
            column(w, b"end", false, &mut |w, t| {
                w.write_all(num.format(ends.at(t.span().end)).as_bytes())
            })?;
            column(w, b"pos", false, &mut |w, t| {
                w.write_all(b"\"")?;
                w.write_all(t.pos().as_bytes())?;
                w.write_all(b"\"")
            })?;
            let mut num = itoa::Buffer::new();
            column(w, b"start", true, &mut |w, t| {
                w.write_all(num.format(starts.at(t.span().start)).as_bytes())
            })?;
            nl(w, 1)?;
            w.write_all(b"}")
        }
    }
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

/// A serde_json formatter (pretty or compact, `F`) that writes DEL, C1
/// controls and bidi overrides inside strings as `\uXXXX`, as
/// [`crate::text::safe::json`] does.
pub struct Escaping<F>(pub F);

/// Whether `c` is written escaped by [`Escaping`] (serde_json escapes the
/// C0 controls itself).
fn raw_unsafe(c: char) -> bool {
    matches!(c, '\u{7f}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

macro_rules! delegate {
    ($($name:ident),*) => {$(
        #[inline]
        fn $name<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
            self.0.$name(w)
        }
    )*};
}

macro_rules! delegate_first {
    ($($name:ident),*) => {$(
        #[inline]
        fn $name<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> std::io::Result<()> {
            self.0.$name(w, first)
        }
    )*};
}

impl<F: serde_json::ser::Formatter> serde_json::ser::Formatter for Escaping<F> {
    delegate!(
        begin_array,
        end_array,
        end_array_value,
        begin_object,
        end_object,
        end_object_key,
        begin_object_value,
        end_object_value
    );
    delegate_first!(begin_array_value, begin_object_key);

    #[inline]
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        // Every escaped character's UTF-8 starts with 0x7F, 0xC2 or 0xE2,
        // bytes that only ever start a character: each candidate is looked
        // at on its own (Chinese text has many, “ ” — … start with 0xE2),
        // and the runs between escapes are written whole.
        let bytes = fragment.as_bytes();
        if bytes.len() <= 16 && bytes.iter().all(|&b| b < 0x7f) {
            // Keys, labels, tags: nothing to look for.
            return w.write_all(bytes);
        }
        let mut run = 0;
        for i in memchr::memchr3_iter(0x7f, 0xc2, 0xe2, bytes) {
            let Some(c) = fragment.get(i..).and_then(|rest| rest.chars().next()) else {
                continue;
            };
            if raw_unsafe(c) {
                w.write_all(&bytes[run..i])?;
                write!(w, "\\u{:04x}", u32::from(c))?;
                run = i + c.len_utf8();
            }
        }
        w.write_all(&bytes[run..])
    }
}

struct AnnotatedView<'a> {
    ann: &'a Annotated,
    idx: &'a CharIndex,
    tokens: TokenStyle,
    id: Option<&'a Value>,
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

/// `{"end", "start", "text"}` of a span, or `null`.
struct SpanText<'a> {
    span: Option<Span>,
    text: &'a str,
    idx: &'a CharIndex,
}

impl Serialize for SpanText<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let Some(span) = self.span else {
            return s.serialize_none();
        };
        let (start, end) = self.idx.span_to_cp(span);
        let mut m = s.serialize_map(Some(3))?;
        m.serialize_entry("end", &end)?;
        m.serialize_entry("start", &start)?;
        m.serialize_entry("text", span.text(self.text))?;
        m.end()
    }
}

/// `{"end", "start"}` in code points.
struct CpSpan(usize, usize);

impl Serialize for CpSpan {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("end", &self.1)?;
        m.serialize_entry("start", &self.0)?;
        m.end()
    }
}

/// An annotation's attrs, spans converted to code points.
struct AttrsView<'a> {
    attrs: &'a Attrs,
    idx: &'a CharIndex,
}

impl Serialize for AttrsView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use crate::model::AttrValue;
        let mut m = s.serialize_map(Some(self.attrs.len()))?;
        for (k, v) in self.attrs.values() {
            let span = match v {
                AttrValue::Span { start, end } => usize::try_from(*start)
                    .ok()
                    .zip(usize::try_from(*end).ok())
                    .map(|(s, e)| Span::new(s, e)),
                AttrValue::Json(j) => attr_span(j),
                _ => None,
            };
            match span {
                Some(span) => {
                    let (a, b) = self.idx.span_to_cp(span);
                    m.serialize_entry(k, &CpSpan(a, b))?;
                }
                None => m.serialize_entry(k, v)?,
            }
        }
        m.end()
    }
}

struct AnnotationView<'a> {
    a: &'a Annotation,
    text: &'a str,
    idx: &'a CharIndex,
}

impl Serialize for AnnotationView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let a = self.a;
        let (start, end) = self.idx.span_to_cp(a.span);
        let mut m = s.serialize_map(Some(7))?;
        m.serialize_entry(
            "attrs",
            &AttrsView {
                attrs: &a.attrs,
                idx: self.idx,
            },
        )?;
        m.serialize_entry("end", &end)?;
        m.serialize_entry("id", &a.id)?;
        m.serialize_entry("label", &a.label)?;
        m.serialize_entry("layer", a.layer.name())?;
        m.serialize_entry("start", &start)?;
        m.serialize_entry("text", a.span.text(self.text))?;
        m.end()
    }
}

struct KeywordView<'a>(&'a Keyword);

impl Serialize for KeywordView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(3))?;
        m.serialize_entry("method", &self.0.method)?;
        m.serialize_entry("weight", &self.0.weight)?;
        m.serialize_entry("word", &self.0.word)?;
        m.end()
    }
}

/// Tokens as parallel arrays.
struct CompactTokens<'a> {
    ann: &'a Annotated,
    idx: &'a CharIndex,
}

impl Serialize for CompactTokens<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let tokens = &self.ann.tokens;
        let idx = self.idx;
        let mut m = s.serialize_map(Some(3))?;
        m.serialize_entry(
            "end",
            &Seq(|| tokens.iter().map(|t| idx.to_cp(t.span().end))),
        )?;
        m.serialize_entry("pos", &Seq(|| tokens.iter().map(|t| t.pos())))?;
        m.serialize_entry(
            "start",
            &Seq(|| tokens.iter().map(|t| idx.to_cp(t.span().start))),
        )?;
        m.end()
    }
}

struct TokenView<'a> {
    token: &'a crate::model::Token,
    idx: &'a CharIndex,
}

impl Serialize for TokenView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (start, end) = self.idx.span_to_cp(self.token.span());
        let mut m = s.serialize_map(Some(3))?;
        m.serialize_entry("end", &end)?;
        m.serialize_entry("pos", self.token.pos())?;
        m.serialize_entry("start", &start)?;
        m.end()
    }
}

struct SourceView<'a>(&'a crate::model::Source);

impl Serialize for SourceView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let src = self.0;
        let mut m = s.serialize_map(Some(4))?;
        m.serialize_entry("encoding", &src.encoding)?;
        m.serialize_entry("format", src.format.name())?;
        m.serialize_entry("path", &src.path)?;
        m.serialize_entry("warnings", &src.warnings)?;
        m.end()
    }
}

struct SectionView<'a> {
    i: usize,
    s: &'a crate::model::Section,
    text: &'a str,
    idx: &'a CharIndex,
}

impl Serialize for SectionView<'_> {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        let s = self.s;
        let (start, end) = self.idx.span_to_cp(s.span);
        let span = |span| SpanText {
            span,
            text: self.text,
            idx: self.idx,
        };
        let mut m = ser.serialize_map(Some(9))?;
        m.serialize_entry("end", &end)?;
        m.serialize_entry("heading", &span(s.heading))?;
        m.serialize_entry("heading_detail", &span(s.heading_detail))?;
        m.serialize_entry("index", &self.i)?;
        m.serialize_entry("kind", heading_kind(s.kind))?;
        m.serialize_entry("level", &s.level)?;
        m.serialize_entry("paragraphs", &[s.paragraphs.start, s.paragraphs.end])?;
        m.serialize_entry("parent", &s.parent)?;
        m.serialize_entry("start", &start)?;
        m.end()
    }
}

struct ParagraphView<'a> {
    i: usize,
    p: &'a crate::model::Paragraph,
    idx: &'a CharIndex,
}

impl Serialize for ParagraphView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let p = self.p;
        let (start, end) = self.idx.span_to_cp(p.span);
        let mut m = s.serialize_map(Some(7))?;
        m.serialize_entry("depth", &p.depth)?;
        m.serialize_entry("end", &end)?;
        m.serialize_entry("index", &self.i)?;
        m.serialize_entry("kind", &p.kind)?;
        m.serialize_entry("section", &p.section)?;
        m.serialize_entry("sentences", &[p.sentences.start, p.sentences.end])?;
        m.serialize_entry("start", &start)?;
        m.end()
    }
}

struct SentenceView<'a> {
    i: usize,
    s: &'a crate::model::Sentence,
    idx: &'a CharIndex,
}

impl Serialize for SentenceView<'_> {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        let (start, end) = self.idx.span_to_cp(self.s.span);
        let mut m = ser.serialize_map(Some(4))?;
        m.serialize_entry("end", &end)?;
        m.serialize_entry("index", &self.i)?;
        m.serialize_entry("paragraph", &self.s.paragraph)?;
        m.serialize_entry("start", &start)?;
        m.end()
    }
}

/// An inline style: `{"end", "kind", "start", "target", "text"}`.
struct StyleView<'a> {
    st: &'a crate::model::Style,
    text: &'a str,
    idx: &'a CharIndex,
}

impl Serialize for StyleView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let st = self.st;
        let (start, end) = self.idx.span_to_cp(st.span);
        let mut m = s.serialize_map(Some(5))?;
        m.serialize_entry("end", &end)?;
        m.serialize_entry("kind", &st.kind)?;
        m.serialize_entry("start", &start)?;
        m.serialize_entry("target", &st.target)?;
        m.serialize_entry("text", st.span.text(self.text))?;
        m.end()
    }
}

/// The format's metadata, keys sorted as the value tree writes them.
struct MetaView<'a>(&'a crate::model::Meta);

impl Serialize for MetaView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let meta = self.0;
        let mut m = s.serialize_map(Some(4))?;
        m.serialize_entry("author", &meta.author)?;
        m.serialize_entry("date", &meta.date)?;
        m.serialize_entry("tags", &meta.tags)?;
        m.serialize_entry("url", &meta.url)?;
        m.end()
    }
}

struct DuplicateView<'a>(&'a crate::model::Duplicate);

impl Serialize for DuplicateView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let d = self.0;
        let mut m = s.serialize_map(Some(4))?;
        m.serialize_entry("index", &d.index)?;
        m.serialize_entry("of_index", &d.of_index)?;
        m.serialize_entry("of_unit", &d.of_unit)?;
        m.serialize_entry("unit", &d.unit)?;
        m.end()
    }
}

impl Serialize for AnnotatedView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let ann = self.ann;
        let doc = &ann.doc;
        let text = doc.text.as_str();
        let idx = self.idx;
        let span = |span| SpanText { span, text, idx };
        let mut m = s.serialize_map(None)?;
        m.serialize_entry(
            "annotations",
            &Seq(|| {
                ann.annotations
                    .iter()
                    .map(|a| AnnotationView { a, text, idx })
            }),
        )?;
        m.serialize_entry("byline", &span(doc.byline))?;
        m.serialize_entry("date", &span(doc.date))?;
        m.serialize_entry(
            "duplicates",
            &Seq(|| doc.duplicates.iter().map(DuplicateView)),
        )?;
        if let Some(id) = self.id {
            m.serialize_entry("id", id)?;
        }
        m.serialize_entry("keywords", &KeywordsView(&ann.keywords))?;
        m.serialize_entry("kicker", &span(doc.kicker))?;
        m.serialize_entry("length", &idx.char_len())?;
        m.serialize_entry("meta", &MetaView(&doc.meta))?;
        m.serialize_entry(
            "paragraphs",
            &Seq(|| {
                doc.paragraphs
                    .iter()
                    .enumerate()
                    .map(|(i, p)| ParagraphView { i, p, idx })
            }),
        )?;
        m.serialize_entry("schema", SCHEMA)?;
        m.serialize_entry(
            "sections",
            &Seq(|| {
                doc.sections
                    .iter()
                    .enumerate()
                    .map(|(i, s)| SectionView { i, s, text, idx })
            }),
        )?;
        m.serialize_entry(
            "sentences",
            &Seq(|| {
                doc.sentences
                    .iter()
                    .enumerate()
                    .map(|(i, s)| SentenceView { i, s, idx })
            }),
        )?;
        m.serialize_entry("source", &SourceView(&doc.source))?;
        m.serialize_entry(
            "styles",
            &Seq(|| doc.styles.iter().map(|st| StyleView { st, text, idx })),
        )?;
        m.serialize_entry("subtitle", &span(doc.subtitle))?;
        m.serialize_entry("text", text)?;
        m.serialize_entry("title", &span(doc.title))?;
        match self.tokens {
            TokenStyle::None => {}
            TokenStyle::Compact => m.serialize_entry("tokens", &CompactTokens { ann, idx })?,
            TokenStyle::Full => m.serialize_entry(
                "tokens",
                &Seq(|| ann.tokens.iter().map(|token| TokenView { token, idx })),
            )?,
        }
        m.end()
    }
}

struct KeywordsView<'a>(&'a crate::model::Keywords);

impl Serialize for KeywordsView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let k = self.0;
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("document", &Seq(|| k.document.iter().map(KeywordView)))?;
        m.serialize_entry(
            "sections",
            &Seq(|| {
                k.sections
                    .iter()
                    .map(|list| Seq(move || list.iter().map(KeywordView)))
            }),
        )?;
        m.end()
    }
}
