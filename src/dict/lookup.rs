//! Looking words up: all readings of a word with their senses, measure
//! words and variants, best reading first; per-character readings for words
//! the dictionary lacks; longest match from a position (Zhongwen-style
//! widening); word-level syllables for interlinear pinyin.

use super::Dictionary;
use super::cedict::Entry;
use super::pinyin::{self, Syllable};

/// One reading (one CC-CEDICT entry) of a word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    pub simplified: String,
    pub traditional: String,
    /// As in CC-CEDICT: `yin2 hang2`.
    pub pinyin_numbered: String,
    /// With tone marks: `yínháng`.
    pub pinyin: String,
    /// Glosses, ordinary senses first; "surname …" and "variant of …" items
    /// after them (unless the word is used as a name). Cross-references are
    /// shown readably: `說|说[shuo1]` → `说 shuō`.
    pub senses: Vec<String>,
    /// Classifiers from `CL:` items: `个 gè`.
    pub measure_words: Vec<String>,
    /// The words this one is a variant of, or also written as.
    pub variants: Vec<String>,
    /// Pronunciation notes (`Taiwan pr. shuìfú`).
    pub notes: Vec<String>,
    /// CC-CEDICT capitalises the reading of proper nouns.
    pub proper_noun: bool,
}

/// What the dictionary knows about one character, for words it lacks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CharReading {
    pub ch: char,
    pub pinyin: Option<String>,
    pub gloss: Option<String>,
}

/// Everything known about a word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordInfo {
    /// The word as it was looked up.
    pub word: String,
    /// Best first; empty when the dictionary lacks the word.
    pub readings: Vec<Reading>,
    /// Filled only when `readings` is empty: each character's own reading,
    /// to be shown as such.
    pub per_char: Vec<CharReading>,
}

impl WordInfo {
    /// Whether the dictionary has the word itself.
    pub fn found(&self) -> bool {
        !self.readings.is_empty()
    }
    pub fn best(&self) -> Option<&Reading> {
        self.readings.first()
    }
    /// The pinyin of the best reading, or the characters' readings joined
    /// (`?` for a character without one); `None` when nothing is known.
    pub fn pinyin(&self) -> Option<String> {
        if let Some(r) = self.best() {
            return Some(r.pinyin.clone());
        }
        if self.per_char.iter().all(|c| c.pinyin.is_none()) {
            return None;
        }
        let parts: Vec<&str> = self
            .per_char
            .iter()
            .map(|c| c.pinyin.as_deref().unwrap_or("?"))
            .collect();
        Some(parts.join(" "))
    }
    /// The sense to show first.
    pub fn first_sense(&self) -> Option<&str> {
        self.best()
            .and_then(|r| r.senses.first())
            .map(String::as_str)
    }
    pub fn simplified(&self) -> &str {
        self.best().map_or(self.word.as_str(), |r| &r.simplified)
    }
    pub fn traditional(&self) -> &str {
        self.best().map_or(self.word.as_str(), |r| &r.traditional)
    }
}

/// Whether a character is a Han ideograph (CJK unified, extensions,
/// compatibility, 〇).
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3007 | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

/// Whether a jieba part-of-speech tag marks a name (person, place,
/// organisation).
pub fn is_name_tag(pos: &str) -> bool {
    pos.starts_with("nr") || pos.starts_with("ns") || pos.starts_with("nt")
}

const VARIANT_PREFIXES: [&str; 7] = [
    "variant of ",
    "old variant of ",
    "archaic variant of ",
    "Japanese variant of ",
    "also written ",
    "erhua variant of ",
    "see ",
];

fn is_variant_sense(s: &str) -> bool {
    let s = s.trim_start_matches("(archaic) ");
    VARIANT_PREFIXES.iter().any(|p| s.starts_with(p))
}

/// What a variant item points at: `old variant of 說|说[shuo1]` → `说 shuō`.
fn variant_target(item: &str) -> String {
    let s = item.trim_start_matches("(archaic) ");
    let rest = VARIANT_PREFIXES
        .iter()
        .find_map(|p| s.strip_prefix(p))
        .unwrap_or(s);
    render_refs(rest)
}

fn is_surname_sense(s: &str) -> bool {
    s.starts_with("surname ") || s == "surname"
}

fn is_note(s: &str) -> bool {
    s.starts_with("Taiwan pr.") || s.starts_with("also pr.") || s.starts_with("pr. ")
}

/// Rewrites CC-CEDICT cross-references readably: `個|个[ge4]` → `个 gè`,
/// `渝[Yu2]` → `渝 Yú`. Text without references is returned unchanged.
pub fn render_refs(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find(']').map(|c| c + open) else {
            break;
        };
        let before = &rest[..open];
        // The headword directly before `[`: back to a space or opening
        // punctuation.
        let head_start = before
            .rfind(|c: char| c.is_whitespace() || "(,;:".contains(c))
            .map_or(0, |i| {
                i + before[i..].chars().next().map_or(1, char::len_utf8)
            });
        let head = &before[head_start..];
        let reading = &rest[open + 1..close];
        out.push_str(&before[..head_start]);
        if !head.is_empty() {
            let simplified = head.rsplit('|').next().unwrap_or(head);
            out.push_str(simplified);
            out.push(' ');
        }
        out.push_str(&pinyin::to_marks(reading));
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

impl Reading {
    fn from_entry(e: &Entry<'_>, name_hint: bool) -> Reading {
        let mut ordinary = Vec::new();
        let mut secondary = Vec::new();
        let mut measure_words = Vec::new();
        let mut variants = Vec::new();
        let mut notes = Vec::new();
        for item in e.senses() {
            if let Some(cl) = item.strip_prefix("CL:") {
                measure_words.extend(cl.split(',').map(|m| render_refs(m.trim())));
            } else if is_note(item) {
                notes.push(render_refs(item));
            } else if is_variant_sense(item) {
                variants.push(variant_target(item));
                secondary.push(render_refs(item));
            } else if is_surname_sense(item) && !name_hint {
                secondary.push(render_refs(item));
            } else {
                ordinary.push(render_refs(item));
            }
        }
        ordinary.extend(secondary);
        Reading {
            simplified: e.simplified.to_string(),
            traditional: e.traditional.to_string(),
            pinyin_numbered: e.pinyin.to_string(),
            pinyin: pinyin::to_marks(e.pinyin),
            senses: ordinary,
            measure_words,
            variants,
            notes,
            proper_noun: e.is_proper_noun(),
        }
    }
}

/// How good a reading is as the first one shown: ordinary senses count; a
/// reading that is only a variant or a surname comes last; proper nouns come
/// after common words unless the word is used as a name.
fn score(e: &Entry<'_>, name_hint: bool) -> i64 {
    let mut useful = 0i64;
    let mut total = 0i64;
    for s in e.senses() {
        if s.starts_with("CL:") || is_note(s) {
            continue;
        }
        total += 1;
        if !is_variant_sense(s) && !is_surname_sense(s) {
            useful += 1;
        }
    }
    let proper = e.is_proper_noun();
    if name_hint && proper {
        return 10_000 + total;
    }
    if useful == 0 {
        return -10_000 + total;
    }
    if proper { -1_000 + useful } else { useful }
}

/// The dictionary's entries for `word`, best first.
pub(crate) fn ranked<'d>(dict: &'d Dictionary, word: &str, name_hint: bool) -> Vec<Entry<'d>> {
    let mut entries = dict.cedict.lookup(word);
    // Stable: equal scores keep the file's order.
    entries.sort_by_key(|e| std::cmp::Reverse(score(e, name_hint)));
    entries
}

impl Dictionary {
    /// Looks up a word in either script. `name_hint`: the word is tagged as
    /// a name (jieba `nr`/`ns`/`nt`, see [`is_name_tag`]), so proper-noun
    /// readings and "surname …" senses come first.
    pub fn lookup(&self, word: &str, name_hint: bool) -> WordInfo {
        let readings: Vec<Reading> = ranked(self, word, name_hint)
            .iter()
            .map(|e| Reading::from_entry(e, name_hint))
            .collect();
        let per_char = if readings.is_empty() {
            word.chars().map(|c| self.char_reading(c)).collect()
        } else {
            Vec::new()
        };
        WordInfo {
            word: word.to_string(),
            readings,
            per_char,
        }
    }

    /// A character's best reading and first sense.
    pub fn char_reading(&self, ch: char) -> CharReading {
        let mut buf = [0u8; 4];
        let best = ranked(self, ch.encode_utf8(&mut buf), false)
            .into_iter()
            .next()
            .map(|e| Reading::from_entry(&e, false));
        CharReading {
            ch,
            pinyin: best.as_ref().map(|r| r.pinyin.clone()),
            gloss: best.and_then(|r| r.senses.into_iter().next()),
        }
    }

    /// The ends (byte offsets, ascending) of every headword that starts at
    /// byte `pos` of `text`. Empty when `pos` is not a char boundary or
    /// nothing matches.
    pub fn match_ends(&self, text: &str, pos: usize) -> Vec<usize> {
        let Some(rest) = text.get(pos..) else {
            return Vec::new();
        };
        let max = self.cedict.max_headword_chars().min(MAX_MATCH_CHARS);
        rest.char_indices()
            .skip(1)
            .map(|(i, _)| i)
            .chain(std::iter::once(rest.len()))
            .take(max)
            .filter(|&end| end > 0 && self.cedict.contains(&rest[..end]))
            .map(|end| pos + end)
            .collect()
    }

    /// The end of the longest headword starting at `pos`, if any.
    pub fn longest_match(&self, text: &str, pos: usize) -> Option<usize> {
        self.match_ends(text, pos).last().copied()
    }

    /// The next wider match starting at `start` than `start..end` (the `w`
    /// key): the shortest headword from `start` ending after `end`; `None`
    /// when there is none wider.
    pub fn widen(&self, text: &str, start: usize, end: usize) -> Option<usize> {
        self.match_ends(text, start).into_iter().find(|&e| e > end)
    }

    /// One syllable per character of `text` (`None` for characters that are
    /// not Han or have no reading). Words are matched longest first, so
    /// polyphones read as in the word: 银行 yín háng, 行业 háng yè.
    pub fn syllables(&self, text: &str) -> Vec<Option<Syllable>> {
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let mut out: Vec<Option<Syllable>> = Vec::with_capacity(chars.len());
        let mut i = 0;
        while let Some(&(pos, c)) = chars.get(i) {
            if !is_han(c) {
                out.push(None);
                i += 1;
                continue;
            }
            let mut done = false;
            for end in self.match_ends(text, pos).into_iter().rev() {
                let word = &text[pos..end];
                let n = word.chars().count();
                let best = ranked(self, word, false).into_iter().next();
                let syl = best
                    .map(|e| pinyin::syllables(e.pinyin))
                    .unwrap_or_default();
                if syl.len() == n {
                    for (s, ch) in syl.into_iter().zip(word.chars()) {
                        out.push(Some(s).filter(|s| s.tone != 0 && is_han(ch)));
                    }
                    i += n;
                    done = true;
                    break;
                }
            }
            if !done {
                out.push(None);
                i += 1;
            }
        }
        out
    }
}

/// Headwords longer than this are not tried when matching (CC-CEDICT has a
/// few very long proverbs; matching them costs more than it helps).
pub const MAX_MATCH_CHARS: usize = 16;
