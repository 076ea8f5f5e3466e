//! PER: foreign names written with a separating dot (卡洛斯·阿马特,
//! 马丁·路德·金). The words on each side of the dot must be written in
//! transliteration characters or be tagged as names by jieba; the whole
//! chain of parts joined by dots is one person.

use super::lexicon::CharSet;
use super::pos::TRANSLIT;
use super::{Candidates, Label, Sent, Source};
use std::sync::LazyLock;

/// Dots that separate the parts of a transliterated name.
const DOTS: &[&str] = &["·", "・", "•", "‧"];
/// Most words one part of a name spans.
const MAX_PART_WORDS: usize = 3;

/// Extra characters common in transliterated given names and surnames.
const TRANSLIT_EXTRA: &str = "芭姆士夫娃契登佛圭贡南甘姬娅黛妮丝琪蒂";

/// Words jieba glues to the end of a name (科斯马斯说, 雷斯及).
const GLUED_AFTER: &str = "说及均等和在称";

/// [`TRANSLIT`] and [`TRANSLIT_EXTRA`] as one set.
static FOREIGN_CHARS: LazyLock<CharSet> =
    LazyLock::new(|| CharSet::new(TRANSLIT.chars().chain(TRANSLIT_EXTRA.chars())));

pub(super) fn foreign_char(c: char) -> bool {
    FOREIGN_CHARS.contains(c)
}

/// A word that can be one part of a foreign name: written in
/// transliteration characters, or a short word jieba tags as a name (甘地).
fn foreign_word(t: &super::Tok) -> bool {
    let mut cs = t.word.chars();
    let first_ok = cs.next().is_some_and(foreign_char);
    first_ok && (cs.all(foreign_char) || (t.chars <= 3 && matches!(t.pos, "nr" | "nrt" | "nrfg")))
}

/// For a word that is a name's last part with one glued character after
/// it (科斯马斯说), the byte length of the name part.
fn glued_tail(t: &super::Tok) -> Option<usize> {
    let last = t.word.chars().last()?;
    let head = &t.word[..t.word.len() - last.len_utf8()];
    (GLUED_AFTER.contains(last) && !head.is_empty() && head.chars().all(foreign_char))
        .then_some(head.len())
}

pub(super) fn find(sent: &Sent, out: &mut Candidates) {
    let toks = &sent.toks;
    let n = toks.len();
    let mut i = 0;
    while i < n {
        if !DOTS.contains(&toks[i].word) {
            i += 1;
            continue;
        }
        // Left part: up to MAX_PART_WORDS foreign words ending at the dot.
        let mut a = i;
        while a > 0 && i - a < MAX_PART_WORDS && foreign_word(&toks[a - 1]) {
            a -= 1;
        }
        if a == i {
            i += 1;
            continue;
        }
        // Right parts: foreign words, possibly more dots (马丁·路德·金).
        let mut b = i; // index of the current dot
        let mut end = None;
        let mut end_byte = None;
        loop {
            let mut c = b + 1;
            while c < n && c - b <= MAX_PART_WORDS && foreign_word(&toks[c]) {
                c += 1;
            }
            if c == b + 1 {
                // The part may end in a word with a verb glued to it.
                if let Some(len) = toks.get(c).and_then(glued_tail) {
                    end_byte = Some(toks[c].start + len);
                    end = Some(c + 1);
                }
                break;
            }
            end = Some(c);
            end_byte = None;
            if c < n && DOTS.contains(&toks[c].word) {
                b = c;
            } else {
                break;
            }
        }
        match end {
            Some(c) => {
                let chars: usize = toks[a..c].iter().map(|t| t.chars).sum();
                if chars >= 4 {
                    let stop = end_byte.unwrap_or(toks[c - 1].end);
                    out.push(toks[a].start, stop, Label::Per, Source::Rule, 0.8);
                }
                i = c;
            }
            None => i += 1,
        }
    }
}
