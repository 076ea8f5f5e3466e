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
/// other layers' spans, and the boundaries every token is split at (the
/// tokens themselves are made as they are written: [`Parts::tokens`]).
struct Parts<'a> {
    ann: &'a Annotated,
    kept: Vec<&'a Annotation>,
    grouped: Vec<&'a Annotation>,
    /// Every boundary of the spans and sentences, sorted, without repeats.
    cuts: Vec<usize>,
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
    Parts {
        ann,
        kept,
        grouped,
        cuts,
    }
}

impl Parts<'_> {
    /// The tokens, covering the whole text and split at every cut
    /// ([`covering_tokens`]), made one by one (a list of them was two
    /// thirds of the peak of a big document's export).
    fn tokens(&self) -> impl Iterator<Item = (Span, PosTag)> + '_ {
        covering_tokens(self.ann, &self.cuts)
    }
}

/// The spaCy-shaped JSON of an annotated document.
pub fn to_json(ann: &Annotated) -> Value {
    let text = &ann.doc.text;
    let idx = CharIndex::new(text);
    let parts = parts(ann);
    let Parts { kept, grouped, .. } = &parts;

    let tokens_json: Vec<Value> = parts
        .tokens()
        .enumerate()
        .map(|(i, (span, tag))| {
            let (s, e) = idx.span_to_cp(span);
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
        let parts = &self.parts;
        let Parts { kept, grouped, .. } = parts;
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
                parts
                    .tokens()
                    .enumerate()
                    .map(|(i, (span, tag))| SpacyToken {
                        i,
                        span,
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
fn covering_tokens<'a>(
    ann: &'a Annotated,
    cuts: &'a [usize],
) -> impl Iterator<Item = (Span, PosTag)> + 'a {
    let text = ann.doc.text.as_str();
    base_tokens(ann).flat_map(move |(span, tag)| {
        let from = cuts.partition_point(|&c| c < span.start + 1);
        let to = cuts.partition_point(|&c| c < span.end);
        cuts.get(from..to)
            .unwrap_or_default()
            .iter()
            .copied()
            .filter(move |&c| text.is_char_boundary(c))
            .chain(std::iter::once(span.end))
            .scan(span.start, move |start, c| {
                let piece = Span::new(*start, c);
                *start = c;
                Some((piece, tag))
            })
    })
}

/// The model's tokens in order with the gaps between them as tokens of
/// their own (see [`covering_tokens`]), not split yet.
fn base_tokens(ann: &Annotated) -> impl Iterator<Item = (Span, PosTag)> + '_ {
    let text = ann.doc.text.as_str();
    // A gap as a token, unless it is empty or a lone space after a token
    // (`any`: a token was made before it).
    let gap = move |from: usize, to: usize, any: bool| -> Option<(Span, PosTag)> {
        if from >= to {
            return None;
        }
        let gap = &text[from..to];
        if gap == " " && from > 0 && any {
            return None; // trailing whitespace of the previous token
        }
        let tag = if gap.chars().all(char::is_whitespace) {
            "_SP"
        } else {
            "x"
        };
        Some((Span::new(from, to), tag))
    };
    let mut tokens = ann.tokens.iter();
    let mut pos = 0;
    let mut any = false;
    let mut next: Option<(Span, PosTag)> = None;
    let mut ended = false;
    std::iter::from_fn(move || {
        loop {
            if let Some(t) = next.take() {
                any = true;
                return Some(t);
            }
            if ended {
                return None;
            }
            let Some(t) = tokens.next() else {
                ended = true;
                next = gap(pos, text.len(), any);
                continue;
            };
            if t.span().start < pos || t.span().end > text.len() || t.span().is_empty() {
                continue;
            }
            let before = gap(pos, t.span().start, any);
            pos = t.span().end;
            next = Some((t.span(), t.pos()));
            if let Some(g) = before {
                any = true;
                return Some(g);
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Annotated, Format, Token};

    /// The tokens as they were made before they were made one by one: the
    /// gap tokens and the model's in one list, then each split at the cuts
    /// inside it (kept as the oracle).
    fn listed(ann: &Annotated, cuts: &[usize]) -> Vec<(Span, PosTag)> {
        let text = &ann.doc.text;
        let mut base: Vec<(Span, PosTag)> = Vec::new();
        let mut pos = 0;
        let push_gap = |base: &mut Vec<(Span, PosTag)>, from: usize, to: usize| {
            if from >= to {
                return;
            }
            let gap = &text[from..to];
            if gap == " " && from > 0 && !base.is_empty() {
                return;
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
        let mut out = Vec::new();
        for (span, tag) in base {
            let mut start = span.start;
            for &c in cuts.iter().filter(|&&c| c > span.start && c < span.end) {
                if text.is_char_boundary(c) {
                    out.push((Span::new(start, c), tag));
                    start = c;
                }
            }
            out.push((Span::new(start, span.end), tag));
        }
        out
    }

    fn model(text: &str, tokens: &[(usize, usize, &str)]) -> Annotated {
        Annotated {
            doc: crate::parse::parse(text.to_string(), Format::Plain).into(),
            tokens: tokens
                .iter()
                .map(|&(s, e, tag)| Token::new(Span::new(s, e), tag))
                .collect(),
            annotations: Vec::new(),
            keywords: Default::default(),
        }
    }

    /// Gaps before, between and after the tokens (a lone space after a
    /// token, a space at the start, a run of blanks, punctuation without a
    /// token), tokens out of order, empty or past the text: split at no
    /// cut, at every byte (most of them inside a character) and at a few.
    #[test]
    fn tokens_made_one_by_one_are_the_listed_ones() {
        let text = " 北京 市政府  发布了,news\n\n第二句。 ";
        let spans = [
            (1, 7, "ns"),
            (8, 17, "n"),
            (6, 9, "x"),
            (19, 28, "v"),
            (28, 28, "x"),
            (29, 33, "eng"),
            (35, 44, "m"),
            (44, 60, "x"),
        ];
        let ann = model(text, &spans);
        let every: Vec<usize> = (0..=text.len()).collect();
        for cuts in [vec![], every, vec![2, 4, 10, 19, 31, 36, 41, 48]] {
            let made: Vec<_> = covering_tokens(&ann, &cuts).collect();
            assert_eq!(made, listed(&ann, &cuts), "cuts {cuts:?}");
            let covered: String = made.iter().map(|(s, _)| s.text(text)).collect();
            assert_eq!(covered.replace(' ', ""), text.replace(' ', ""));
        }
        let none = model("", &[]);
        assert_eq!(covering_tokens(&none, &[]).count(), 0);
    }
}
