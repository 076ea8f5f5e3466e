//! WORK: titles of books, films, laws, newspapers in 《…》 (and 〈…〉).

use super::{Candidates, Label, Sent, Source};

/// Longest title kept, in bytes (a lone 《 must not swallow a paragraph).
const MAX_TITLE: usize = 120;

pub(super) fn find(sent: &Sent, out: &mut Candidates) {
    let text = sent.text;
    let mut from = 0;
    while let Some(rel) = text[from..].find(['《', '〈']) {
        let open = from + rel;
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
