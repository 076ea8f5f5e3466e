//! Duplicate paragraphs and sentences, found by hashing normalised text.
//!
//! - A paragraph equal to an earlier paragraph is a duplicate of it.
//! - A paragraph equal to one sentence of another, longer paragraph, or to
//!   the tail of such a sentence after a comma (a pull quote, a lead that
//!   repeats part of a later line) is a duplicate of that sentence, whichever
//!   comes first: the sentence in context is the original.
//! - A sentence equal to an earlier sentence is a duplicate of it, unless its
//!   paragraph is already recorded as a duplicate (that record says it all).
//!   Very short sentences (他说。) are not compared.

use crate::model::{Duplicate, Paragraph, Sentence, Unit};
use rustc_hash::FxHashMap as HashMap;

/// Sentences shorter than this (normalised characters) are not compared.
const MIN_SENTENCE_CHARS: usize = 6;
/// Shortest clause tail a paragraph may repeat (normalised characters).
const MIN_TAIL_CHARS: usize = 12;
/// Clause tails indexed per sentence (keeps the index linear in the text).
const MAX_TAILS: usize = 16;

/// Text folded for comparison: no whitespace, full-width ASCII as ASCII,
/// ASCII letters lower-cased, quote and comma variants unified.
pub fn normalise(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    normalise_into(&mut out, s);
    out
}

/// [`normalise`], appended to `out`.
fn normalise_into(out: &mut String, s: &str) {
    for c in s.chars() {
        // Most characters are ideographs, which stay as they are.
        if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
            out.push(c);
            continue;
        }
        // Full-width ASCII (Ａ１！) as ASCII.
        let c = match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        };
        let c = if c.is_ascii() {
            match c {
                c if c.is_ascii_whitespace() => continue,
                '"' | '\'' => '"',
                ',' => '，',
                ';' => '；',
                ':' => '：',
                '!' => '！',
                '?' => '？',
                '(' => '（',
                ')' => '）',
                c => c.to_ascii_lowercase(),
            }
        } else {
            match c {
                '“' | '”' | '「' | '」' | '『' | '』' | '‘' | '’' => '"',
                '\u{FEFF}' | '\u{200B}' => continue,
                c if c.is_whitespace() => continue,
                c => c,
            }
        };
        out.push(c);
    }
}

pub(crate) fn find(text: &str, paragraphs: &[Paragraph], sentences: &[Sentence]) -> Vec<Duplicate> {
    let mut dups = Vec::new();
    // Every sentence normalised into one buffer, in order: sentence `i` is
    // `norm[bounds[i]..bounds[i + 1]]`. A paragraph is its sentences with
    // only space between them, so its normalised text is theirs joined: the
    // stretch of the buffer from its first sentence to its last.
    let mut norm = String::with_capacity(text.len());
    let mut bounds = Vec::with_capacity(sentences.len() + 1);
    for s in sentences {
        bounds.push(norm.len());
        normalise_into(&mut norm, s.span.text(text));
    }
    bounds.push(norm.len());
    let stretch = |r: std::ops::Range<usize>| match (bounds.get(r.start), bounds.get(r.end)) {
        (Some(&a), Some(&b)) if a <= b => &norm[a..b],
        _ => "",
    };
    let sent_norm: Vec<&str> = (0..sentences.len()).map(|i| stretch(i..i + 1)).collect();
    let para_norm: Vec<&str> = paragraphs
        .iter()
        .map(|p| stretch(p.sentences.clone()))
        .collect();
    // Originals a standalone paragraph may repeat, by text: sentences that
    // are one of several in their paragraph, and the clause tails of any
    // sentence (the text after one of its commas, to its end).
    // Each map sized once for what it may hold (no growth while filled).
    let mut in_context: HashMap<&str, usize> =
        HashMap::with_capacity_and_hasher(sentences.len(), Default::default());
    for (i, s) in sentences.iter().enumerate() {
        let norm = sent_norm[i];
        if paragraphs[s.paragraph].sentences.len() > 1 && !norm.is_empty() {
            in_context.entry(norm).or_insert(i);
        }
        let tails = norm
            .char_indices()
            .filter(|&(_, c)| matches!(c, '，' | '；' | '：'))
            .map(|(b, c)| &norm[b + c.len_utf8()..])
            .filter(|t| t.chars().nth(MIN_TAIL_CHARS - 1).is_some())
            .take(MAX_TAILS);
        for tail in tails {
            in_context.entry(tail).or_insert(i);
        }
    }
    let mut dup_para = vec![false; paragraphs.len()];
    let mut first_para: HashMap<&str, usize> =
        HashMap::with_capacity_and_hasher(paragraphs.len(), Default::default());
    for (i, &norm) in para_norm.iter().enumerate() {
        if norm.is_empty() {
            continue;
        }
        if let Some(&j) = first_para.get(norm) {
            dups.push(Duplicate {
                unit: Unit::Paragraph,
                index: i,
                of_unit: Unit::Paragraph,
                of_index: j,
            });
            dup_para[i] = true;
            continue;
        }
        first_para.insert(norm, i);
        if let Some(&s) = in_context.get(norm)
            && sentences[s].paragraph != i
        {
            dups.push(Duplicate {
                unit: Unit::Paragraph,
                index: i,
                of_unit: Unit::Sentence,
                of_index: s,
            });
            dup_para[i] = true;
        }
    }
    let mut first_sent: HashMap<&str, usize> =
        HashMap::with_capacity_and_hasher(sentences.len(), Default::default());
    for (i, &norm) in sent_norm.iter().enumerate() {
        if dup_para[sentences[i].paragraph] || norm.chars().nth(MIN_SENTENCE_CHARS - 1).is_none() {
            continue;
        }
        match first_sent.get(norm) {
            Some(&j) => dups.push(Duplicate {
                unit: Unit::Sentence,
                index: i,
                of_unit: Unit::Sentence,
                of_index: j,
            }),
            None => {
                first_sent.insert(norm, i);
            }
        }
    }
    dups
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalising() {
        assert_eq!(normalise("“ＡＢ”, 好 ！"), normalise("「ab」，好!"));
        assert_ne!(normalise("甲。"), normalise("乙。"));
    }
}
