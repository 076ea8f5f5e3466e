//! The learner layer: one `WORD` annotation per word token with a Han
//! character. Attrs: `pinyin` (tone-marked syllables, one per character,
//! separated by spaces, read by the word and its context with
//! [`crate::dict::reading`]), `hsk` (HSK 3.0 level `1`…`6`, `7-9`, or
//! null), `gloss` (the first English sense from CC-CEDICT, or null).

use super::Context;
use crate::dict::{Dictionary, hsk, is_han, is_name_tag, reading};
use crate::model::{Annotation, AttrValue, Document, Layer, Token};

/// The layer for the pipeline (no annotations when the dictionary cannot
/// be loaded).
pub fn annotate(ctx: &Context) -> Vec<Annotation> {
    match crate::dict::shared() {
        Ok(dict) => annotate_with(dict, ctx.res, ctx.doc, ctx.tokens),
        Err(_) => Vec::new(),
    }
}

/// The layer over `tokens` of `doc`.
/// `res` splits words the dictionaries lack ([`reading::Splitter`]).
pub fn annotate_with(
    dict: &Dictionary,
    res: &dyn reading::Splitter,
    doc: &Document,
    tokens: &[Token],
) -> Vec<Annotation> {
    let words: Vec<reading::Word<'_>> = tokens
        .iter()
        .map(|t| reading::Word {
            text: doc.span_text(t.span),
            pos: t.pos,
        })
        .collect();
    let table = hsk::shared();
    let attrs_of = |i: usize, w: &reading::Word<'_>| {
        let syllables = reading::read_in_context(dict, res, &words, i);
        let name = is_name_tag(w.pos);
        let gloss = dict.lookup(w.text, name).first_sense().map(str::to_string);
        let null = || AttrValue::from(serde_json::Value::Null);
        Annotation::new(Layer::Learner, "WORD", Default::default())
            .with("pinyin", reading::spaced(&syllables, w.text))
            .with(
                "hsk",
                table
                    .level(w.text)
                    .map_or_else(null, |l| AttrValue::from(l.name())),
            )
            .with("gloss", gloss.map_or_else(null, AttrValue::from))
            .attrs
    };
    // The attrs depend on the word and its tag only (but for the reading of
    // a glued word, which depends on its neighbours): built once per
    // distinct pair and shared by every annotation of it (`Attrs` clones
    // share their entries), so a long text costs one annotation per word,
    // not one set of strings per word.
    let mut seen: rustc_hash::FxHashMap<(&str, &str), crate::model::Attrs> = Default::default();
    let mut out = Vec::new();
    for (i, (t, w)) in tokens.iter().zip(&words).enumerate() {
        if !w.text.chars().any(is_han) {
            continue;
        }
        let attrs = if reading::is_glued(dict, w) {
            attrs_of(i, w)
        } else {
            seen.entry((w.text, w.pos))
                .or_insert_with(|| attrs_of(i, w))
                .clone()
        };
        let mut a = Annotation::new(Layer::Learner, "WORD", t.span);
        a.attrs = attrs;
        out.push(a);
    }
    out
}
