//! `yuelan words stats`: how much of a text a reader knows.
//!
//! Word tokens are the tokens with a Han character, a letter or a digit
//! (punctuation is not a word). A token is known when the reader knows the
//! word (in either script), when its HSK 3.0 level is at or below the
//! reader's level, or when it is a name (jieba `nr`/`ns`/`nt`), a number or
//! a Latin word — those never count as unknown.

use super::known::KnownWords;
use crate::dict::hsk::{Hsk, Level};
use crate::dict::{Dictionary, is_han, is_name_tag, reading};
use serde::Serialize;
use std::collections::HashMap;

/// One unknown word with how often it occurs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Unknown {
    pub word: String,
    pub count: usize,
    /// Tone-marked syllables, one per character, separated by spaces.
    pub pinyin: String,
    /// HSK 3.0 level name, or null.
    pub hsk: Option<String>,
    /// The first English sense, or null.
    pub gloss: Option<String>,
}

/// The statistics of one or more texts (the JSON of `--json`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stats {
    pub tokens: usize,
    pub distinct: usize,
    pub known: usize,
    /// known / tokens (0 when there are no tokens).
    pub comprehension: f64,
    /// Tokens per HSK 3.0 level: `1` … `6`, `7-9`, `none`.
    pub hsk: std::collections::BTreeMap<String, usize>,
    /// Unknown words, most frequent first (then in order of appearance).
    pub unknown: Vec<Unknown>,
}

/// Why a token is known, if it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Knowledge {
    /// In the reader's known-word list.
    Listed,
    /// At or below the reader's HSK level.
    Level,
    /// A name, a number or a Latin word: never unknown.
    Exempt,
    Unknown,
}

impl Knowledge {
    pub fn is_known(self) -> bool {
        self != Knowledge::Unknown
    }
}

const NUMERALS: &str = "零〇一二三四五六七八九十百千万亿两";

/// Whether a token is a number: digits, Chinese numerals and the signs
/// written between them (3.5, 三十五, 50%), or a numeral tagged `m` with its
/// measure word (三个, 一部).
pub fn is_number(word: &str, pos: &str) -> bool {
    let numeral = |c: char| c.is_numeric() || NUMERALS.contains(c);
    if pos.starts_with('m') && word.chars().next().is_some_and(numeral) {
        return true;
    }
    word.chars().any(numeral) && word.chars().all(|c| numeral(c) || "点.,%％".contains(c))
}

/// Whether a token has no Han character but a letter (a Latin word).
pub fn is_latin(word: &str) -> bool {
    !word.chars().any(is_han) && word.chars().any(char::is_alphabetic)
}

/// Whether a token is a word at all (not punctuation or symbols).
pub fn is_word(word: &str) -> bool {
    word.chars().any(|c| is_han(c) || c.is_alphanumeric())
}

/// What the reader knows, for deciding token by token.
#[derive(Debug, Clone, Copy)]
pub struct Reader<'a> {
    pub known: &'a KnownWords,
    /// Words at or below this HSK 3.0 level count as known.
    pub level: Option<Level>,
    pub hsk: &'a Hsk,
    /// For the other script's form of a word.
    pub dict: Option<&'a Dictionary>,
}

impl Reader<'_> {
    /// Whether (and why) the reader knows `word`, tagged `pos`.
    pub fn knowledge(&self, word: &str, pos: &str) -> Knowledge {
        if is_number(word, pos) || is_latin(word) || is_name_tag(pos) {
            return Knowledge::Exempt;
        }
        if self.known.is_known(word) {
            return Knowledge::Listed;
        }
        if let Some(d) = self.dict.filter(|_| !self.known.is_empty()) {
            for script in [
                crate::dict::script::Script::Simplified,
                crate::dict::script::Script::Traditional,
            ] {
                let other = d.to_script(word, script);
                if other != word && self.known.is_known(&other) {
                    return Knowledge::Listed;
                }
            }
        }
        if let (Some(max), Some(l)) = (self.level, self.hsk.level(word))
            && l <= max
        {
            return Knowledge::Level;
        }
        Knowledge::Unknown
    }
}

/// Counts over the words of texts: add each text's `(word, pos)` tokens,
/// then [`Counter::finish`].
pub struct Counter<'a> {
    reader: Reader<'a>,
    tokens: usize,
    known: usize,
    levels: HashMap<Option<Level>, usize>,
    /// word → (count, first seen, pos of the first occurrence)
    words: HashMap<String, (usize, usize, String)>,
}

impl<'a> Counter<'a> {
    pub fn new(reader: Reader<'a>) -> Counter<'a> {
        Counter {
            reader,
            tokens: 0,
            known: 0,
            levels: HashMap::new(),
            words: HashMap::new(),
        }
    }

    /// Counts one token.
    pub fn add(&mut self, word: &str, pos: &str) {
        if !is_word(word) {
            return;
        }
        self.tokens += 1;
        *self.levels.entry(self.reader.hsk.level(word)).or_default() += 1;
        let seen = self.words.len();
        let e = self
            .words
            .entry(word.to_string())
            .or_insert_with(|| (0, seen, pos.to_string()));
        e.0 += 1;
        if self.reader.knowledge(word, pos).is_known() {
            self.known += 1;
        }
    }

    /// The share of the tokens counted so far that the reader knows (0 when
    /// none): cheap, for sorting a corpus list by comprehension.
    pub fn comprehension(&self) -> f64 {
        if self.tokens == 0 {
            0.0
        } else {
            self.known as f64 / self.tokens as f64
        }
    }

    /// The statistics; `dict` gives the unknown words' pinyin and gloss,
    /// `splitter` splits words the dictionaries lack for reading them.
    pub fn finish(self, dict: &Dictionary, splitter: &dyn reading::Splitter) -> Stats {
        let mut hsk = std::collections::BTreeMap::new();
        for l in Level::ALL {
            hsk.insert(
                l.name().to_string(),
                self.levels.get(&Some(l)).copied().unwrap_or(0),
            );
        }
        hsk.insert(
            "none".to_string(),
            self.levels.get(&None).copied().unwrap_or(0),
        );
        let mut unknown: Vec<(&String, &(usize, usize, String))> = self
            .words
            .iter()
            .filter(|(w, (_, _, pos))| !self.reader.knowledge(w, pos).is_known())
            .collect();
        unknown.sort_by_key(|(_, (count, first, _))| (std::cmp::Reverse(*count), *first));
        let unknown = unknown
            .into_iter()
            .map(|(w, (count, _, pos))| {
                let info = dict.lookup(w, is_name_tag(pos));
                Unknown {
                    word: w.clone(),
                    count: *count,
                    pinyin: reading::spaced(
                        &reading::read_word(dict, splitter, &reading::Word { text: w, pos }),
                        w,
                    ),
                    hsk: self.reader.hsk.level(w).map(|l| l.name().to_string()),
                    gloss: info.first_sense().map(str::to_string),
                }
            })
            .collect();
        Stats {
            tokens: self.tokens,
            distinct: self.words.len(),
            known: self.known,
            comprehension: self.comprehension(),
            hsk,
            unknown,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_latin_and_words() {
        assert!(is_number("2024", "m") && is_number("三十五", "m") && is_number("3.5", "x"));
        assert!(is_number("三个", "m") && is_number("50%", "x"));
        assert!(!is_number("三个", "n") && !is_number("个", "q") && !is_number("一些x", "n"));
        assert!(is_latin("iPhone") && !is_latin("A股") && !is_latin("2024"));
        assert!(is_word("A股") && is_word("3") && !is_word("。") && !is_word("——"));
    }
}
