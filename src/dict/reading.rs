//! Reading a segmented text aloud: one pinyin syllable per character,
//! chosen by the word each character is in.
//!
//! For each word (a jieba token with its part-of-speech tag), in order:
//!
//! 1. a word CC-CEDICT has (two characters or more) reads as the dictionary
//!    has it — names (`nr`/`ns`/`nt`) with the proper-noun reading, others
//!    with the common one (银行 yín háng, 行业 háng yè);
//! 2. otherwise each character is read by the longest dictionary word
//!    inside the token that holds it (瞪着 has no entry; 着 alone is read
//!    below, but 重庆路 reads 重庆 as a word);
//! 3. in a word CC-CEDICT lacks, a character no word inside reads takes
//!    the reading of the longest dictionary word it forms across the
//!    word's boundary with its neighbours ([`is_glued`]; 要调|整: 调整);
//! 4. a character left alone is read by the learned table
//!    ([`ReadingTable`], `data/pinyin/readings.tsv`): how the character
//!    reads in a token of this part of speech, standing alone or not
//!    (了 as `ul` → le, 长 as `a` → cháng, 都 as `d` → dōu), else its most
//!    frequent reading; the table is trained on such characters only
//!    (what 调查 says about 调 is the dictionary's business);
//! 5. characters the table lacks: particles (`u*`, `y*`) take their
//!    neutral-tone reading; anything else the reading the character has in
//!    most CC-CEDICT words ([`CharPrior`]).
//!
//! Used by the learner layer and `yuelan words stats`, and measured by
//! `yuelan eval pinyin`.

use super::pinyin::{self, Syllable};
use super::{Dictionary, is_han, is_name_tag};
use rustc_hash::FxHashMap as HashMap;
use std::sync::LazyLock;

/// One segmented word with its part-of-speech tag (jieba's tag set).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word<'a> {
    pub text: &'a str,
    pub pos: &'a str,
}

/// The situation a character is read in, as the learned table keys it:
/// the coarse part of speech of its token (`nr` for person names, else the
/// tag's first letter) and whether the token is the character alone
/// (`v1`, `n0`, `nr0` …).
pub fn situation(word: &Word<'_>) -> String {
    let class = if word.pos.starts_with("nr") {
        "nr"
    } else {
        word.pos.get(..1).filter(|s| s.is_ascii()).unwrap_or("x")
    };
    let single = word.text.chars().count() == 1;
    format!("{class}{}", u8::from(single))
}

/// Learned readings of polyphonic characters: per character and
/// [`situation`], how often each reading was seen. Trained from a polyphone
/// set by `examples/train_pinyin.rs`; embedded from `data/pinyin/readings.tsv`.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ReadingTable {
    /// (char, situation or `*` for any) → readings with counts, most
    /// frequent first.
    rows: HashMap<(char, String), Vec<(String, u32)>>,
}

static TABLE_TSV: &str = include_str!("../../data/pinyin/readings.tsv");
static TABLE: LazyLock<ReadingTable> = LazyLock::new(|| ReadingTable::parse(TABLE_TSV));

/// Situations seen fewer times than this fall back to the character's
/// overall counts.
const MIN_SITUATION: u32 = 2;

impl ReadingTable {
    /// The shipped table.
    pub fn embedded() -> &'static ReadingTable {
        &TABLE
    }

    /// Reads `char<TAB>situation<TAB>reading:count reading:count …` lines
    /// (`#` comments; malformed lines are skipped).
    pub fn parse(text: &str) -> ReadingTable {
        let mut rows = HashMap::default();
        for line in text.lines().filter(|l| !l.starts_with('#')) {
            let mut f = line.split('\t');
            let (Some(c), Some(sit), Some(counts)) = (f.next(), f.next(), f.next()) else {
                continue;
            };
            let mut chars = c.chars();
            let (Some(c), None) = (chars.next(), chars.next()) else {
                continue;
            };
            let list: Vec<(String, u32)> = counts
                .split(' ')
                .filter_map(|rc| {
                    let (r, n) = rc.rsplit_once(':')?;
                    Some((r.to_string(), n.parse().ok()?))
                })
                .collect();
            if !list.is_empty() {
                rows.insert((c, sit.to_string()), list);
            }
        }
        ReadingTable { rows }
    }

    /// Counts `(char, situation, reading)` observations into a table.
    pub fn train<'a>(items: impl IntoIterator<Item = (char, String, &'a str)>) -> ReadingTable {
        let mut counts: HashMap<(char, String), HashMap<String, u32>> = HashMap::default();
        for (c, sit, reading) in items {
            let reading = reading.to_lowercase();
            *counts
                .entry((c, sit))
                .or_default()
                .entry(reading.clone())
                .or_default() += 1;
            *counts
                .entry((c, "*".to_string()))
                .or_default()
                .entry(reading)
                .or_default() += 1;
        }
        let rows = counts
            .into_iter()
            .map(|(k, m)| {
                let mut list: Vec<(String, u32)> = m.into_iter().collect();
                list.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                (k, list)
            })
            .collect();
        ReadingTable { rows }
    }

    /// The table as TSV, sorted, for `data/pinyin/readings.tsv`.
    pub fn to_tsv(&self) -> String {
        let mut keys: Vec<&(char, String)> = self.rows.keys().collect();
        keys.sort();
        let mut out = String::new();
        for k in keys {
            let list: Vec<String> = self.rows[k]
                .iter()
                .map(|(r, n)| format!("{r}:{n}"))
                .collect();
            out.push_str(&format!("{}\t{}\t{}\n", k.0, k.1, list.join(" ")));
        }
        out
    }

    /// The learned reading of `c` in `situation`: that situation's most
    /// frequent reading when it was seen often enough, else the
    /// character's.
    pub fn best(&self, c: char, situation: &str) -> Option<&str> {
        if let Some(list) = self.rows.get(&(c, situation.to_string()))
            && list.iter().map(|(_, n)| n).sum::<u32>() >= MIN_SITUATION
        {
            return list.first().map(|(r, _)| r.as_str());
        }
        self.rows
            .get(&(c, "*".to_string()))
            .and_then(|list| list.first())
            .map(|(r, _)| r.as_str())
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

/// Each character's readings counted over CC-CEDICT's common words of two
/// characters or more: the reading a character has in most words.
#[derive(Debug, Default)]
pub struct CharPrior {
    best: HashMap<char, String>,
}

impl CharPrior {
    pub fn from_dictionary(dict: &Dictionary) -> CharPrior {
        let mut counts: HashMap<char, HashMap<String, u32>> = HashMap::default();
        for e in dict.cedict.entries() {
            if e.is_proper_noun() {
                continue;
            }
            let n = e.simplified.chars().count();
            if n < 2 {
                continue;
            }
            let syl = pinyin::syllables(e.pinyin);
            if syl.len() != n {
                continue;
            }
            for (i, s) in syl.iter().enumerate() {
                if s.tone == 0 {
                    continue;
                }
                let sc = e.simplified.chars().nth(i);
                let tc = e.traditional.chars().nth(i);
                for c in [sc, tc.filter(|&t| Some(t) != sc)].into_iter().flatten() {
                    *counts
                        .entry(c)
                        .or_default()
                        .entry(s.text.to_lowercase())
                        .or_default() += 1;
                }
            }
        }
        let best = counts
            .into_iter()
            .filter_map(|(c, m)| {
                let r = m
                    .into_iter()
                    .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))?;
                Some((c, r.0))
            })
            .collect();
        CharPrior { best }
    }

    /// The character's most frequent reading in words.
    pub fn get(&self, c: char) -> Option<&str> {
        self.best.get(&c).map(String::as_str)
    }
}

/// Splits a word that neither dictionary knows into the segmenter's
/// dictionary words, with their tags (the segmenter's guesses join words
/// like 很长 or 地说, whose characters read as in their own words). The
/// parts cover the word, in order.
pub trait Splitter {
    fn split<'a>(&self, word: &'a str) -> Vec<Word<'a>>;
}

/// No splitting: words are read as they are.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoSplit;

impl Splitter for NoSplit {
    fn split<'a>(&self, _word: &'a str) -> Vec<Word<'a>> {
        Vec::new()
    }
}

/// A splitter's answers for a set of words, kept once the splitter is gone
/// (the browser lets jieba go before CC-CEDICT loads for its pinyin rows):
/// for each word the splitter cuts into two parts or more that cover it,
/// the parts' ends and tags; every other word answers no parts, which
/// [`units`] reads as the splitter's answer for it.
#[derive(Debug, Default)]
pub struct SplitMemo<'d> {
    parts: HashMap<std::borrow::Cow<'d, str>, Vec<(usize, &'static str)>>,
}

impl<'d> SplitMemo<'d> {
    /// What `splitter` answers for each of `words` of two characters or
    /// more (each asked once).
    pub fn of(splitter: &dyn Splitter, words: impl IntoIterator<Item = &'d str>) -> Self {
        let mut parts: HashMap<std::borrow::Cow<'d, str>, Vec<(usize, &'static str)>> =
            HashMap::default();
        let mut seen: rustc_hash::FxHashSet<&'d str> = Default::default();
        for word in words {
            if word.chars().nth(1).is_none() || !seen.insert(word) {
                continue;
            }
            let split = splitter.split(word);
            let covers = split.iter().map(|p| p.text.len()).sum::<usize>() == word.len();
            if split.len() < 2 || !covers {
                continue;
            }
            let mut end = 0;
            let ends = split
                .iter()
                .map(|p| {
                    end += p.text.len();
                    (end, crate::model::pos_tag(p.pos))
                })
                .collect();
            parts.insert(std::borrow::Cow::Borrowed(word), ends);
        }
        SplitMemo { parts }
    }

    /// The same answers, owning their words (kept beside a document the
    /// memo no longer borrows from), in a table of exactly their size.
    pub fn into_owned(self) -> SplitMemo<'static> {
        let mut parts: HashMap<std::borrow::Cow<'static, str>, Vec<(usize, &'static str)>> =
            HashMap::default();
        parts.reserve(self.parts.len());
        for (word, ends) in self.parts {
            parts.insert(std::borrow::Cow::Owned(word.into_owned()), ends);
        }
        SplitMemo { parts }
    }

    /// How many words split.
    pub fn len(&self) -> usize {
        self.parts.len()
    }
    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }
}

impl Splitter for SplitMemo<'_> {
    fn split<'a>(&self, word: &'a str) -> Vec<Word<'a>> {
        let Some(ends) = self.parts.get(word) else {
            return Vec::new();
        };
        let mut start = 0;
        ends.iter()
            .filter_map(|&(end, pos)| {
                let text = word.get(start..end)?;
                start = end;
                Some(Word { text, pos })
            })
            .collect()
    }
}

/// The units `word` is read in: the word itself, or — when it has two
/// characters or more, is not a name and CC-CEDICT lacks it — the parts
/// the splitter gives.
pub fn units<'a>(dict: &Dictionary, splitter: &dyn Splitter, word: Word<'a>) -> Vec<Word<'a>> {
    if word.text.chars().nth(1).is_none()
        || is_name_tag(word.pos)
        || dict.cedict.contains(word.text)
    {
        return vec![word];
    }
    let parts = splitter.split(word.text);
    let covers = parts.iter().map(|p| p.text.len()).sum::<usize>() == word.text.len();
    if parts.len() < 2 || !covers {
        vec![word]
    } else {
        parts
    }
}

/// One reading per character of the words, in order (`None` for characters
/// that are not Han or have no reading), with the shipped table.
pub fn read_words(
    dict: &Dictionary,
    splitter: &dyn Splitter,
    words: &[Word<'_>],
) -> Vec<Option<Syllable>> {
    read_words_with(dict, ReadingTable::embedded(), splitter, words)
}

/// [`read_words`] with a given table.
pub fn read_words_with(
    dict: &Dictionary,
    table: &ReadingTable,
    splitter: &dyn Splitter,
    words: &[Word<'_>],
) -> Vec<Option<Syllable>> {
    let mut out = Vec::new();
    for i in 0..words.len() {
        out.extend(read_with(dict, table, splitter, words, i));
    }
    out
}

fn read_with(
    dict: &Dictionary,
    table: &ReadingTable,
    splitter: &dyn Splitter,
    words: &[Word<'_>],
    i: usize,
) -> Vec<Option<Syllable>> {
    read_with_flags(dict, table, splitter, words, i).0
}

/// [`read_with`], with whether each character was read by a dictionary
/// word (in the word, or across its boundary).
fn read_with_flags(
    dict: &Dictionary,
    table: &ReadingTable,
    splitter: &dyn Splitter,
    words: &[Word<'_>],
    i: usize,
) -> (Vec<Option<Syllable>>, Vec<bool>) {
    let Some(&word) = words.get(i) else {
        return (Vec::new(), Vec::new());
    };
    let units = units(dict, splitter, word);
    let (mut out, mut by_word) = if units.len() == 1 {
        read_token_flags(dict, table, words, i)
    } else {
        let mut out = Vec::new();
        let mut flags = Vec::new();
        for u in &units {
            let (o, f) = read_token_flags(dict, table, std::slice::from_ref(u), 0);
            out.extend(o);
            flags.extend(f);
        }
        (out, flags)
    };
    if is_glued(dict, &word) {
        read_across(dict, words, i, &mut out, &mut by_word);
    }
    (out, by_word)
}

/// Which characters of `words[i]` a dictionary word reads (in the word or
/// across its boundary); the others are read by the learned table, which
/// is therefore trained on those only (`eval::pinyin::situations`).
pub fn read_by_words(
    dict: &Dictionary,
    splitter: &dyn Splitter,
    words: &[Word<'_>],
    i: usize,
) -> Vec<bool> {
    read_with_flags(dict, ReadingTable::embedded(), splitter, words, i).1
}

/// Whether the segmenter's word is not a dictionary word: two characters
/// or more, not a name, not in CC-CEDICT (要调 in 要调结构). Its reading
/// may depend on its neighbours ([`read_across`]); a dictionary word's
/// never does.
pub fn is_glued(dict: &Dictionary, word: &Word<'_>) -> bool {
    word.text.chars().nth(1).is_some()
        && !is_name_tag(word.pos)
        && word.text.chars().any(is_han)
        && word_reading(dict, word.text, false).is_none()
}

/// How far into each neighbour a word across the boundary may reach.
const ACROSS: usize = 3;
/// The longest word looked for across a boundary.
const MAX_ACROSS: usize = 6;

/// Re-reads the characters of a glued word (`words[i]`, see [`is_glued`])
/// by the dictionary words they form with the neighbouring words: a
/// character takes the reading of the longest dictionary word that holds
/// it and reaches across the word's boundary, when that word is longer
/// than the longest dictionary word holding it inside (要调|整 → 调整
/// tiáo; 要调|查 → 调查 diào; 半|长轴 → 半长轴 cháng).
fn read_across(
    dict: &Dictionary,
    words: &[Word<'_>],
    i: usize,
    out: &mut [Option<Syllable>],
    by_word: &mut [bool],
) {
    let Some(word) = words.get(i) else { return };
    // Up to ACROSS characters of each neighbour, and whether that is all
    // of it. A word across may take part of a neighbour only when the
    // neighbour is glued too; a dictionary word (a single character, or
    // 射击 beside 空包弹) it must hold whole, so the segmenter's evidence
    // for that word stands (空包弹|射击 is not read as 弹射).
    let reach = |w: &Word<'_>| -> (usize, bool) {
        let n = w.text.chars().count();
        (n.min(ACROSS), n <= ACROSS)
    };
    let before = i.checked_sub(1).and_then(|j| words.get(j));
    let after = words.get(i + 1);
    let (np, prev_open) = before.map_or((0, false), &reach);
    let (nn, next_open) = after.map_or((0, false), &reach);
    let prev_partial = before.is_some_and(|w| is_glued(dict, w));
    let next_partial = after.is_some_and(|w| is_glued(dict, w));
    let prev: Vec<char> = before
        .map(|w| w.text.chars().rev().take(np).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .rev()
        .collect();
    let next: Vec<char> = after
        .map(|w| w.text.chars().take(nn).collect())
        .unwrap_or_default();
    if prev.is_empty() && next.is_empty() {
        return;
    }
    let own: Vec<char> = word.text.chars().collect();
    let n = own.len();
    if n != out.len() {
        return;
    }
    let window: Vec<char> = prev.iter().chain(&own).chain(&next).copied().collect();
    let (ts, te) = (prev.len(), prev.len() + n);
    // Per character of the word: (length, reading) of the best word so far;
    // words inside the token count first, so that one across must be
    // longer to win.
    let mut best: Vec<(usize, Option<Syllable>)> = vec![(0, None); n];
    let consider = |best: &mut [(usize, Option<Syllable>)], a: usize, b: usize| {
        let len = b - a;
        if best[a.max(ts) - ts..b.min(te) - ts]
            .iter()
            .all(|(l, _)| *l >= len)
        {
            return;
        }
        let sub: String = window[a..b].iter().collect();
        if let Some(r) = word_reading(dict, &sub, false) {
            for (k, s) in r.into_iter().enumerate() {
                let p = a + k;
                if (ts..te).contains(&p) && best[p - ts].0 < len {
                    best[p - ts] = (len, s);
                }
            }
        }
    };
    // Inside the word first (lengths below the word's: it is not a
    // dictionary word), then across a boundary.
    for len in (2..n).rev() {
        for a in ts..=te - len {
            consider(&mut best, a, a + len);
        }
    }
    let inside: Vec<usize> = best.iter().map(|(l, _)| *l).collect();
    for len in (2..=MAX_ACROSS.min(window.len())).rev() {
        for a in 0..=window.len() - len {
            let b = a + len;
            let crosses = (a < ts && b > ts) || (a < te && b > te);
            // Into a dictionary word only when the word across holds all
            // of it.
            let left_ok = a >= ts || prev_partial || (a == 0 && prev_open);
            let right_ok = b <= te || next_partial || (b == window.len() && next_open);
            if crosses && left_ok && right_ok {
                consider(&mut best, a, b);
            }
        }
    }
    for (k, (len, s)) in best.into_iter().enumerate() {
        if len > inside[k] && s.is_some() {
            out[k] = s;
            if let Some(f) = by_word.get_mut(k) {
                *f = true;
            }
        }
    }
}

/// One reading per character of `words[i]`, read in its context, with the
/// shipped table.
pub fn read_in_context(
    dict: &Dictionary,
    splitter: &dyn Splitter,
    words: &[Word<'_>],
    i: usize,
) -> Vec<Option<Syllable>> {
    read_with(dict, ReadingTable::embedded(), splitter, words, i)
}

/// One reading per character of a word read on its own.
pub fn read_word(
    dict: &Dictionary,
    splitter: &dyn Splitter,
    word: &Word<'_>,
) -> Vec<Option<Syllable>> {
    read_with(
        dict,
        ReadingTable::embedded(),
        splitter,
        std::slice::from_ref(word),
        0,
    )
}

fn numbered_to_syllables(numbered: &str, word: &str) -> Vec<Option<Syllable>> {
    pinyin::syllables(numbered)
        .into_iter()
        .zip(word.chars())
        .map(|(s, c)| Some(s).filter(|s| s.tone != 0 && is_han(c)))
        .collect()
}

/// The best dictionary reading of `word` with one syllable per character.
fn word_reading(dict: &Dictionary, word: &str, name: bool) -> Option<Vec<Option<Syllable>>> {
    let n = word.chars().count();
    super::lookup::ranked(dict, word, name)
        .into_iter()
        .find(|e| pinyin::syllables(e.pinyin).len() == n)
        .map(|e| numbered_to_syllables(e.pinyin, word))
}

/// The longest tokens searched for dictionary words inside them.
const MAX_INNER: usize = 12;

/// Readings of `words[i]`'s characters (see the module notes).
pub fn read_token(
    dict: &Dictionary,
    table: &ReadingTable,
    words: &[Word<'_>],
    i: usize,
) -> Vec<Option<Syllable>> {
    read_token_flags(dict, table, words, i).0
}

/// [`read_token`], with whether each character was read by a dictionary
/// word (else by the table and the fallbacks after it).
fn read_token_flags(
    dict: &Dictionary,
    table: &ReadingTable,
    words: &[Word<'_>],
    i: usize,
) -> (Vec<Option<Syllable>>, Vec<bool>) {
    let Some(word) = words.get(i) else {
        return (Vec::new(), Vec::new());
    };
    let chars: Vec<char> = word.text.chars().collect();
    let n = chars.len();
    if !chars.iter().copied().any(is_han) {
        return (vec![None; n], vec![false; n]);
    }
    let name = is_name_tag(word.pos);
    if n >= 2
        && let Some(r) = word_reading(dict, word.text, name)
    {
        return (r, vec![true; n]);
    }
    // Byte offsets of each char boundary.
    let bounds: Vec<usize> = word
        .text
        .char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(word.text.len()))
        .collect();
    let mut out: Vec<Option<Syllable>> = vec![None; n];
    let mut done = vec![false; n];
    if (2..=MAX_INNER).contains(&n) {
        // Longest inner words first; a character keeps the first (longest)
        // word that reads it.
        for len in (2..n).rev() {
            for start in 0..=n - len {
                if done[start..start + len].iter().all(|&d| d) {
                    continue;
                }
                let sub = &word.text[bounds[start]..bounds[start + len]];
                if let Some(r) = word_reading(dict, sub, name) {
                    for (k, s) in r.into_iter().enumerate() {
                        if !done[start + k] {
                            out[start + k] = s;
                            done[start + k] = true;
                        }
                    }
                }
            }
        }
    }
    let sit = situation(word);
    for (k, &c) in chars.iter().enumerate() {
        if done[k] || !is_han(c) {
            continue;
        }
        out[k] = read_char(dict, table, c, word, &sit);
    }
    (out, done)
}

/// A character not read by a word.
fn read_char(
    dict: &Dictionary,
    table: &ReadingTable,
    c: char,
    word: &Word<'_>,
    situation: &str,
) -> Option<Syllable> {
    let marked = |text: &str| Syllable {
        text: text.to_string(),
        tone: tone_of(text),
    };
    if let Some(r) = table.best(c, situation) {
        return Some(marked(r));
    }
    let mut buf = [0u8; 4];
    let single = c.encode_utf8(&mut buf);
    let entries = super::lookup::ranked(dict, single, is_name_tag(word.pos));
    if (word.pos.starts_with('u') || word.pos.starts_with('y'))
        && let Some(e) = entries.iter().find(|e| e.pinyin.ends_with('5'))
    {
        return Some(pinyin::syllable(e.pinyin)).filter(|s| s.tone != 0);
    }
    if let Some(r) = dict.char_prior().get(c) {
        return Some(marked(r));
    }
    entries
        .first()
        .map(|e| pinyin::syllable(e.pinyin))
        .filter(|s| s.tone != 0)
}

/// A syllable from its tone-marked text (`cháng`; `le` is the neutral
/// tone).
pub fn marked(text: &str) -> Syllable {
    Syllable {
        text: text.to_string(),
        tone: tone_of(text),
    }
}

/// The tone of a marked syllable (5 when it has no mark).
fn tone_of(text: &str) -> u8 {
    for c in text.chars() {
        for (tone, set) in [(1, "āēīōūǖ"), (2, "áéíóúǘ"), (3, "ǎěǐǒǔǚ"), (4, "àèìòùǜ")]
        {
            if set.contains(c.to_ascii_lowercase()) || set.contains(c) {
                return tone;
            }
        }
    }
    5
}

/// Syllables joined by spaces, one per character of `word`: a character
/// without a reading is written as itself (`A股` → `A gǔ`).
pub fn spaced(syllables: &[Option<Syllable>], word: &str) -> String {
    let parts: Vec<String> = syllables
        .iter()
        .zip(word.chars())
        .map(|(s, c)| s.as_ref().map_or_else(|| c.to_string(), |s| s.text.clone()))
        .collect();
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn situations() {
        let w = |text, pos| situation(&Word { text, pos });
        assert_eq!(w("了", "ul"), "u1");
        assert_eq!(w("王小明", "nr"), "nr0");
        assert_eq!(w("长", "a"), "a1");
        assert_eq!(w("重庆", "ns"), "n0");
        assert_eq!(w("x", ""), "x1");
    }

    #[test]
    fn table_prefers_the_situation_then_the_character() {
        let t = ReadingTable::train([
            ('长', "a1".to_string(), "cháng"),
            ('长', "a1".to_string(), "cháng"),
            ('长', "n1".to_string(), "zhǎng"),
            ('长', "v1".to_string(), "zhǎng"),
            ('长', "v1".to_string(), "zhǎng"),
        ]);
        assert_eq!(t.best('长', "a1"), Some("cháng"));
        assert_eq!(t.best('长', "v1"), Some("zhǎng"));
        // n1 was seen once: the character's overall count decides.
        assert_eq!(t.best('长', "n1"), Some("zhǎng"));
        assert_eq!(t.best('行', "v1"), None);
        let back = ReadingTable::parse(&t.to_tsv());
        assert_eq!(back, t);
    }

    #[test]
    fn tones_of_marked_syllables() {
        assert_eq!(tone_of("cháng"), 2);
        assert_eq!(tone_of("lǜ"), 4);
        assert_eq!(tone_of("le"), 5);
        assert_eq!(tone_of("Zhāng"), 1);
    }
}
