//! An export shaped like spaCy's `Doc.to_json()`: `text`, `ents`, `sents`,
//! `tokens`, `spans` (one group per layer), offsets in code points (Python
//! string indices).
//!
//! spaCy needs every entity, span and sentence to start and end on token
//! boundaries and the tokens to rebuild the text exactly, so tokens are split
//! at every such boundary, and whitespace between words becomes `SPACE`
//! tokens (a single ASCII space stays a token's trailing whitespace, as in
//! spaCy). Entities are the entities layer without overlaps (the first and
//! longest kept); every other layer is a span group named after it.

use super::json::Seq;
use crate::model::{Annotated, Annotation, CharIndex, Layer, PosTag, Span};
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
use serde_json::{Map, Value, json};

/// Universal POS for a jieba tag (the nearest; jieba's set is finer in some
/// places and coarser in others).
pub fn upos(tag: &str, word: &str) -> &'static str {
    if word.chars().all(char::is_whitespace) {
        return "SPACE";
    }
    match tag {
        "nr" | "nrt" | "nrfg" | "ns" | "nt" | "nz" => "PROPN",
        t if t.starts_with('n') || t == "s" || t == "t" || t == "vn" || t == "an" => "NOUN",
        t if t.starts_with('v') => "VERB",
        t if t.starts_with('a') => "ADJ",
        t if t.starts_with('d') => "ADV",
        "m" | "mq" => "NUM",
        "q" => "NOUN",
        t if t.starts_with('r') => "PRON",
        "p" | "f" => "ADP",
        "c" => "CCONJ",
        t if t.starts_with('u') || t == "y" => "PART",
        "e" | "o" => "INTJ",
        "x" | "w" if word.chars().all(|c| !c.is_alphanumeric()) => "PUNCT",
        _ => "X",
    }
}

/// What the spaCy export is made of: entities without overlaps, the
/// other layers' spans, and tokens split at every boundary.
struct Parts<'a> {
    kept: Vec<&'a Annotation>,
    grouped: Vec<&'a Annotation>,
    tokens: Vec<(Span, PosTag)>,
}

fn parts(ann: &Annotated) -> Parts<'_> {
    // Entities without overlaps, earliest then longest first.
    let mut ents: Vec<_> = ann.layer(Layer::Entities).collect();
    ents.sort_by_key(|a| (a.span.start, std::cmp::Reverse(a.span.end)));
    let mut kept = Vec::new();
    let mut last_end = 0;
    for e in ents {
        if e.span.start >= last_end && !e.span.is_empty() {
            last_end = e.span.end;
            kept.push(e);
        }
    }
    let grouped: Vec<_> = ann
        .annotations
        .iter()
        .filter(|a| a.layer != Layer::Entities && !a.span.is_empty())
        .collect();

    // Every boundary, sorted, without repeats.
    let mut cuts: Vec<usize> = Vec::with_capacity(2 * (kept.len() + grouped.len()));
    for s in kept
        .iter()
        .map(|a| a.span)
        .chain(grouped.iter().map(|a| a.span))
        .chain(ann.doc.sentences.iter().map(|s| s.span))
    {
        cuts.push(s.start);
        cuts.push(s.end);
    }
    cuts.sort_unstable();
    cuts.dedup();
    let tokens = covering_tokens(ann, &cuts);
    Parts {
        kept,
        grouped,
        tokens,
    }
}

/// The spaCy-shaped JSON of an annotated document.
pub fn to_json(ann: &Annotated) -> Value {
    let text = &ann.doc.text;
    let idx = CharIndex::new(text);
    let Parts {
        kept,
        grouped,
        tokens,
    } = parts(ann);

    let tokens_json: Vec<Value> = tokens
        .iter()
        .enumerate()
        .map(|(i, (span, tag))| {
            let (s, e) = idx.span_to_cp(*span);
            let word = span.text(text);
            json!({
                "id": i,
                "start": s,
                "end": e,
                "tag": tag,
                "pos": upos(tag, word),
                "lemma": word,
            })
        })
        .collect();
    let cp = |s: Span| idx.span_to_cp(s);
    let ents_json: Vec<Value> = kept
        .iter()
        .map(|a| {
            let (s, e) = cp(a.span);
            json!({ "start": s, "end": e, "label": a.label })
        })
        .collect();
    let sents_json: Vec<Value> = ann
        .doc
        .sentences
        .iter()
        .filter(|s| !s.span.is_empty())
        .map(|s| {
            let (a, b) = cp(s.span);
            json!({ "start": a, "end": b })
        })
        .collect();
    let mut spans = Map::new();
    for layer in Layer::ALL {
        let group: Vec<Value> = grouped
            .iter()
            .filter(|a| a.layer == layer)
            .map(|a| {
                let (s, e) = cp(a.span);
                json!({ "start": s, "end": e, "label": a.label, "kb_id": "" })
            })
            .collect();
        if !group.is_empty() {
            spans.insert(layer.name().to_string(), Value::Array(group));
        }
    }
    json!({
        "text": text,
        "ents": ents_json,
        "sents": sents_json,
        "tokens": tokens_json,
        "spans": spans,
    })
}

/// Writes the spaCy-shaped JSON straight to `w` (pretty-printed or on one
/// line): the bytes of [`to_json`]'s value, without building it.
pub fn write_json<W: std::io::Write>(w: W, ann: &Annotated, pretty: bool) -> std::io::Result<()> {
    let idx = CharIndex::new(&ann.doc.text);
    let view = SpacyView {
        ann,
        idx: &idx,
        parts: parts(ann),
    };
    let done = if pretty {
        view.serialize(&mut serde_json::Serializer::pretty(w))
    } else {
        view.serialize(&mut serde_json::Serializer::new(w))
    };
    done.map_err(std::io::Error::from)
}

struct SpacyView<'a> {
    ann: &'a Annotated,
    idx: &'a CharIndex,
    parts: Parts<'a>,
}

/// `{"end", "label", "start"}` plus `"kb_id": ""` for span groups; keys
/// in sorted order, as a `Value` writes them.
struct LabelledSpan<'a> {
    a: &'a Annotation,
    idx: &'a CharIndex,
    kb_id: bool,
}

impl Serialize for LabelledSpan<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (start, end) = self.idx.span_to_cp(self.a.span);
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("end", &end)?;
        if self.kb_id {
            m.serialize_entry("kb_id", "")?;
        }
        m.serialize_entry("label", &self.a.label)?;
        m.serialize_entry("start", &start)?;
        m.end()
    }
}

struct SpacyToken<'a> {
    i: usize,
    span: Span,
    tag: &'a str,
    text: &'a str,
    idx: &'a CharIndex,
}

impl Serialize for SpacyToken<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (start, end) = self.idx.span_to_cp(self.span);
        let word = self.span.text(self.text);
        let mut m = s.serialize_map(Some(6))?;
        m.serialize_entry("end", &end)?;
        m.serialize_entry("id", &self.i)?;
        m.serialize_entry("lemma", word)?;
        m.serialize_entry("pos", upos(self.tag, word))?;
        m.serialize_entry("start", &start)?;
        m.serialize_entry("tag", self.tag)?;
        m.end()
    }
}

impl Serialize for SpacyView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let idx = self.idx;
        let text = self.ann.doc.text.as_str();
        let Parts {
            kept,
            grouped,
            tokens,
        } = &self.parts;
        let mut m = s.serialize_map(Some(5))?;
        m.serialize_entry(
            "ents",
            &Seq(|| {
                kept.iter().map(|a| LabelledSpan {
                    a,
                    idx,
                    kb_id: false,
                })
            }),
        )?;
        m.serialize_entry(
            "sents",
            &Seq(|| {
                self.ann
                    .doc
                    .sentences
                    .iter()
                    .filter(|s| !s.span.is_empty())
                    .map(|s| {
                        let (a, b) = idx.span_to_cp(s.span);
                        SentSpan(a, b)
                    })
            }),
        )?;
        // The groups by layer name (a JSON object's key order).
        let mut layers: Vec<Layer> = Layer::ALL
            .into_iter()
            .filter(|l| grouped.iter().any(|a| a.layer == *l))
            .collect();
        layers.sort_by_key(|l| l.name());
        m.serialize_entry(
            "spans",
            &SpanGroups {
                layers,
                grouped,
                idx,
            },
        )?;
        m.serialize_entry("text", text)?;
        m.serialize_entry(
            "tokens",
            &Seq(|| {
                tokens
                    .iter()
                    .enumerate()
                    .map(|(i, (span, tag))| SpacyToken {
                        i,
                        span: *span,
                        tag,
                        text,
                        idx,
                    })
            }),
        )?;
        m.end()
    }
}

struct SentSpan(usize, usize);

impl Serialize for SentSpan {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("end", &self.1)?;
        m.serialize_entry("start", &self.0)?;
        m.end()
    }
}

struct SpanGroups<'a> {
    layers: Vec<Layer>,
    grouped: &'a [&'a Annotation],
    idx: &'a CharIndex,
}

impl Serialize for SpanGroups<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.layers.len()))?;
        for &layer in &self.layers {
            m.serialize_entry(
                layer.name(),
                &Seq(|| {
                    self.grouped
                        .iter()
                        .filter(move |a| a.layer == layer)
                        .map(|a| LabelledSpan {
                            a,
                            idx: self.idx,
                            kb_id: true,
                        })
                }),
            )?;
        }
        m.end()
    }
}

/// Tokens that cover the whole text (gaps become `_SP` or `x` tokens, a lone
/// space after a word stays trailing whitespace), split at every cut.
fn covering_tokens(ann: &Annotated, cuts: &[usize]) -> Vec<(Span, PosTag)> {
    let text = &ann.doc.text;
    let mut base: Vec<(Span, PosTag)> = Vec::with_capacity(ann.tokens.len());
    let mut pos = 0;
    let push_gap = |base: &mut Vec<(Span, PosTag)>, from: usize, to: usize| {
        if from >= to {
            return;
        }
        let gap = &text[from..to];
        if gap == " " && from > 0 && !base.is_empty() {
            return; // trailing whitespace of the previous token
        }
        let tag = if gap.chars().all(char::is_whitespace) {
            "_SP"
        } else {
            "x"
        };
        base.push((Span::new(from, to), tag));
    };
    for t in &ann.tokens {
        if t.span().start < pos || t.span().end > text.len() || t.span().is_empty() {
            continue;
        }
        push_gap(&mut base, pos, t.span().start);
        base.push((t.span(), t.pos()));
        pos = t.span().end;
    }
    push_gap(&mut base, pos, text.len());

    let mut out = Vec::with_capacity(base.len());
    for (span, tag) in base {
        let mut start = span.start;
        let from = cuts.partition_point(|&c| c < span.start + 1);
        let to = cuts.partition_point(|&c| c < span.end);
        for &c in cuts.get(from..to).unwrap_or_default() {
            if text.is_char_boundary(c) {
                out.push((Span::new(start, c), tag));
                start = c;
            }
        }
        out.push((Span::new(start, span.end), tag));
    }
    out
}
