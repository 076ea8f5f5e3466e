//! The learner annotation layer: pinyin and a gloss for every token that
//! contains Han characters.
//!
//! Label `WORD`; attrs: `pinyin` (tone marks, word-level), `gloss` (first
//! sense), `simplified`, `traditional`, and `per_char: true` when the
//! dictionary lacks the word and the pinyin is its characters' readings.

use super::{Dictionary, is_han, is_name_tag};
use crate::model::{Annotation, Document, Layer, Token};

/// One learner annotation per token with Han characters, in token order.
pub fn annotate(dict: &Dictionary, doc: &Document, tokens: &[Token]) -> Vec<Annotation> {
    let mut out = Vec::new();
    for t in tokens {
        let word = doc.span_text(t.span);
        if !word.chars().any(is_han) {
            continue;
        }
        let info = dict.lookup(word, is_name_tag(t.pos));
        let Some(pinyin) = info.pinyin() else {
            continue;
        };
        let mut a = Annotation::new(Layer::Learner, "WORD", t.span)
            .with("pinyin", pinyin)
            .with("simplified", info.simplified().to_string())
            .with("traditional", info.traditional().to_string());
        if let Some(gloss) = info.first_sense() {
            a = a.with("gloss", gloss.to_string());
        }
        if !info.found() {
            a = a.with("per_char", true);
        }
        out.push(a);
    }
    out
}
