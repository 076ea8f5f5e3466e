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

/// A document's words, counted once (when a corpus is indexed) for its
/// comprehension under any known-word list and level: word tokens, the
/// tokens that never count as unknown (names, numbers, Latin words), and
/// the other words with their counts.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Vocab {
    pub tokens: u32,
    pub exempt: u32,
    /// Distinct words (not exempt) with their counts, in code-point order.
    pub words: Vec<(Box<str>, u32)>,
}

impl Vocab {
    /// From `(word, pos)` tokens.
    pub fn of<'a>(tokens: impl IntoIterator<Item = (&'a str, &'a str)>) -> Vocab {
        let mut v = Vocab::default();
        let mut counts: std::collections::BTreeMap<&str, u32> = Default::default();
        for (word, pos) in tokens {
            if !is_word(word) {
                continue;
            }
            v.tokens += 1;
            if is_number(word, pos) || is_latin(word) || is_name_tag(pos) {
                v.exempt += 1;
            } else {
                *counts.entry(word).or_default() += 1;
            }
        }
        v.words = counts.into_iter().map(|(w, n)| (w.into(), n)).collect();
        v
    }

    /// The share of word tokens known (`knows` decides a word); `None`
    /// without word tokens.
    pub fn comprehension(&self, knows: &Knows<'_>) -> Option<f64> {
        if self.tokens == 0 {
            return None;
        }
        let known: u32 = self
            .words
            .iter()
            .filter(|(w, _)| knows.word(w))
            .map(|(_, n)| n)
            .sum();
        Some(f64::from(self.exempt + known) / f64::from(self.tokens))
    }
}

/// What a reader knows, for deciding many words fast (a corpus list):
/// the known words in both scripts, and the HSK level. Decides as
/// [`Reader::knowledge`] does for words that are not exempt.
#[derive(Debug, Clone)]
pub struct Knows<'a> {
    known: std::collections::HashSet<String>,
    level: Option<Level>,
    hsk: &'a Hsk,
}

impl<'a> Knows<'a> {
    pub fn new(
        known: &KnownWords,
        level: Option<Level>,
        hsk: &'a Hsk,
        dict: Option<&Dictionary>,
    ) -> Knows<'a> {
        let mut set = std::collections::HashSet::new();
        for w in known.known() {
            if let Some(d) = dict {
                for script in [
                    crate::dict::script::Script::Simplified,
                    crate::dict::script::Script::Traditional,
                ] {
                    set.insert(d.to_script(w, script));
                }
            }
            set.insert(w.to_string());
        }
        Knows {
            known: set,
            level,
            hsk,
        }
    }

    /// Whether the reader knows `word` (listed, or at or below the level).
    pub fn word(&self, word: &str) -> bool {
        self.known.contains(word)
            || matches!((self.level, self.hsk.level(word)), (Some(max), Some(l)) if l <= max)
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

    #[test]
    fn vocab_comprehension_counted_by_hand() {
        // 11 word tokens (the two 。 are not words): 王小明 (a name), 三
        // and 2024 (numbers) are exempt; 银行 ×2, 喜欢, 阿拉伯语 ×2, 蝴蝶,
        // 去, 学 are the words.
        let toks = [
            ("王小明", "nr"),
            ("去", "v"),
            ("银行", "n"),
            ("。", "x"),
            ("银行", "n"),
            ("喜欢", "v"),
            ("阿拉伯语", "nz"),
            ("阿拉伯语", "nz"),
            ("三", "m"),
            ("2024", "m"),
            ("蝴蝶", "n"),
            ("学", "v"),
            ("。", "x"),
        ];
        let v = Vocab::of(toks);
        assert_eq!((v.tokens, v.exempt, v.words.len()), (11, 3, 6));
        let hsk = crate::dict::hsk::shared();
        // Nothing known, no level: only the exempt tokens.
        let none = KnownWords::in_memory();
        let k = Knows::new(&none, None, hsk, None);
        assert_eq!(v.comprehension(&k), Some(3.0 / 11.0));
        // Level 2 knows 银行 ×2 (level 2), 喜欢, 去, 学 (level 1): 3 + 5.
        let k = Knows::new(&none, Some(Level::L2), hsk, None);
        assert_eq!(v.comprehension(&k), Some(8.0 / 11.0));
        // And the list: 阿拉伯语 ×2 → 10 of 11 (蝴蝶 is not in HSK 3.0).
        let list = KnownWords::from_words(["阿拉伯语"]);
        let k = Knows::new(&list, Some(Level::L2), hsk, None);
        assert_eq!(v.comprehension(&k), Some(10.0 / 11.0));
        assert_eq!(Vocab::of([("。", "x")]).comprehension(&k), None);
    }
}
