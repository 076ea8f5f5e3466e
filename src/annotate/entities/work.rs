//! WORK: titles of books, films, laws, newspapers in 《…》 (and 〈…〉).

use super::{Candidates, Label, Sent, Source};
use aho_corasick::packed::Searcher;
use std::sync::LazyLock;

/// Longest title kept, in bytes (a lone 《 must not swallow a paragraph).
const MAX_TITLE: usize = 120;

/// A packed (SIMD) searcher for the opening brackets: far faster over
/// a paragraph than `str::find` with a set of characters.
static OPENERS: LazyLock<Option<Searcher>> = LazyLock::new(|| Searcher::new(["《", "〈"]));

/// The byte offset of the first opening bracket in `text` from `from`.
fn next_open(text: &str, from: usize) -> Option<usize> {
    match &*OPENERS {
        Some(s) => s
            .find_in(text, aho_corasick::Span::from(from..text.len()))
            .map(|m| m.start()),
        None => text[from..].find(['《', '〈']).map(|k| from + k),
    }
}

pub(super) fn find(sent: &Sent, out: &mut Candidates) {
    let text = sent.text;
    let mut from = 0;
    while let Some(open) = next_open(text, from) {
        let (close_ch, open_len) = if text[open..].starts_with('《') {
            ('》', '《'.len_utf8())
        } else {
            ('〉', '〈'.len_utf8())
        };
        let body = open + open_len;
        match text[body..].find(close_ch) {
            Some(len) if len > 0 && len <= MAX_TITLE && !text[body..body + len].contains('《') => {
                let end = body + len + close_ch.len_utf8();
                out.push(open, end, Label::Work, Source::Rule, 0.95);
                from = end;
            }
            _ => from = body,
        }
    }
}
