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

use crate::model::{Annotated, CharIndex, Layer, Span};
use serde_json::{Map, Value, json};
use std::collections::BTreeSet;

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

/// The spaCy-shaped JSON of an annotated document.
pub fn to_json(ann: &Annotated) -> Value {
    let text = &ann.doc.text;
    let idx = CharIndex::new(text);

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

    let mut cuts: BTreeSet<usize> = BTreeSet::new();
    for s in kept
        .iter()
        .map(|a| a.span)
        .chain(grouped.iter().map(|a| a.span))
    {
        cuts.insert(s.start);
        cuts.insert(s.end);
    }
    for s in &ann.doc.sentences {
        cuts.insert(s.span.start);
        cuts.insert(s.span.end);
    }
    let tokens = covering_tokens(ann, &cuts);

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

/// Tokens that cover the whole text (gaps become `_SP` or `x` tokens, a lone
/// space after a word stays trailing whitespace), split at every cut.
fn covering_tokens(ann: &Annotated, cuts: &BTreeSet<usize>) -> Vec<(Span, String)> {
    let text = &ann.doc.text;
    let mut base: Vec<(Span, String)> = Vec::new();
    let mut pos = 0;
    let push_gap = |base: &mut Vec<(Span, String)>, from: usize, to: usize| {
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
        base.push((Span::new(from, to), tag.to_string()));
    };
    for t in &ann.tokens {
        if t.span.start < pos || t.span.end > text.len() || t.span.is_empty() {
            continue;
        }
        push_gap(&mut base, pos, t.span.start);
        base.push((t.span, t.pos.to_string()));
        pos = t.span.end;
    }
    push_gap(&mut base, pos, text.len());

    let mut out = Vec::with_capacity(base.len());
    for (span, tag) in base {
        let mut start = span.start;
        for &c in cuts.range(span.start + 1..span.end) {
            if text.is_char_boundary(c) {
                out.push((Span::new(start, c), tag.clone()));
                start = c;
            }
        }
        out.push((Span::new(start, span.end), tag));
    }
    out
}
