//! Word segmentation and part of speech with jieba-rs (HMM on).
//!
//! jieba gets the project's user dictionary (`data/user_dict.txt`) for domain
//! words it lacks. jieba-rs cannot change the tag of a word already in its
//! dictionary (杨浦区 stays `nr`), so a tag-override table
//! (`data/pos_overrides.txt`) is applied after tagging.

use super::Resources;
use super::charset::CharSet;
use crate::model::{Span, Token, pos_tag};
use jieba_rs::Jieba;
use rustc_hash::FxHashMap as HashMap;

const USER_DICT: &str = include_str!("../../data/user_dict.txt");
const POS_OVERRIDES: &str = include_str!("../../data/pos_overrides.txt");

/// Lines of a data file without comments and blank lines.
pub(crate) fn data_lines(text: &'static str) -> impl Iterator<Item = &'static str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// jieba's dictionary (`data/jieba/dict.txt.zst`: jieba-rs's `dict.txt`,
/// unchanged, zstd-compressed). jieba-rs embeds the same text, but keeps
/// it, once decompressed, for the rest of the process (12.6 MB); read from
/// our copy as a stream, nothing of it outlives the [`Jieba`] built from it.
static DICT_ZST: &[u8] = include_bytes!("../../data/jieba/dict.txt.zst");

/// A zstd frame decompressed in one call into a vector of its stated size
/// (jieba's dictionary states it): no growth of the vector by doubling and
/// no copy out of a stream's buffer. A frame that does not state its size
/// is read as a stream.
fn decompress(zst: &[u8]) -> std::io::Result<Vec<u8>> {
    match zstd::zstd_safe::get_frame_content_size(zst) {
        Ok(Some(n)) if n <= 1 << 30 => zstd::bulk::decompress(zst, n as usize),
        _ => zstd::stream::decode_all(zst),
    }
}

/// jieba with its dictionary plus the project's user dictionary, from
/// jieba-rs's embedded dictionary: the fastest to load, but its text stays
/// in a `static` for the process (12.6 MB) whether or not jieba is kept.
pub fn build_jieba() -> anyhow::Result<Jieba> {
    with_user_dictionary(Jieba::new())
}

/// [`build_jieba`] from our copy of the dictionary ([`DICT_ZST`]), for a
/// process that lets jieba go (the browser, and `annotate` through
/// [`super::Loading`]): dropping it then frees all of it. Loads about 50 ms slower (jieba-rs's `load_dict` copies each line
/// and looks each word up before adding it).
///
/// The text is decompressed whole (4.8 MB, let go once jieba is built,
/// long before any peak), checked as UTF-8 once, and built word by word
/// ([`jieba_of_dictionary`]).
pub fn build_jieba_freeable() -> anyhow::Result<Jieba> {
    // Read from the binary's file: its mapped pages are not touched.
    let zst = crate::embedded::read_once(DICT_ZST);
    let bytes = decompress(&zst)?;
    drop(zst);
    let text = simdutf8::basic::from_utf8(&bytes)
        .map_err(|_| anyhow::anyhow!("jieba's dictionary is not UTF-8"))?;
    let jieba = jieba_of_dictionary(text)?;
    drop(bytes);
    with_user_dictionary(jieba)
}

/// The words of jieba's dictionary and of the user dictionary as a
/// [`DictWords`] (5.7 MB), read from our copy of the dictionary's text
/// (decompressed again, 4.8 MB, let go once read): the set the tests
/// check against jieba ([`AskedWords`] holds part of it).
#[cfg(test)]
pub fn dictionary_words() -> anyhow::Result<DictWords> {
    let bytes = dictionary_bytes()?;
    let lines = memchr::memchr_iter(b'\n', &bytes).count();
    let mut words = DictWords::with_capacity(lines);
    for w in words_of_dictionary(&bytes)? {
        words.insert(w);
    }
    drop(bytes);
    words.shrink_to_fit();
    Ok(words)
}

/// Our copy of jieba's dictionary's text, decompressed again (4.8 MB).
fn dictionary_bytes() -> anyhow::Result<Vec<u8>> {
    let zst = crate::embedded::read_once(DICT_ZST);
    Ok(decompress(&zst)?)
}

/// The words of jieba's dictionary (`bytes`, its text) and of the user
/// dictionary: the word of each line as [`jieba_of_dictionary`] reads it
/// (cut at line feeds and ASCII whitespace, the dictionary's only kind),
/// then the user dictionary's as [`with_user_dictionary`] adds them.
fn words_of_dictionary(bytes: &[u8]) -> anyhow::Result<impl Iterator<Item = &str>> {
    let text = simdutf8::basic::from_utf8(bytes)
        .map_err(|_| anyhow::anyhow!("jieba's dictionary is not UTF-8"))?;
    let mut start = 0;
    let ends = memchr::memchr_iter(b'\n', text.as_bytes()).chain(std::iter::once(text.len()));
    let lines = ends.map(move |end| {
        // A line feed is one byte: both ends are characters' boundaries.
        let line = text.get(start..end).unwrap_or_default();
        start = end + 1;
        line.split_ascii_whitespace().next()
    });
    let user = data_lines(USER_DICT).map(|line| line.split_whitespace().next());
    Ok(lines.chain(user).flatten())
}

/// What the entity units of one document ask of jieba's dictionary, with
/// jieba's answers, for the run that finds them once jieba is let go
/// (`annotate` with one document). They ask about their tokens' words
/// (whether each is a dictionary word) and about pieces of two characters
/// (whether a name's first two characters are a word), no other: so the
/// dictionary's words of two characters (114,000 of its 349,000, as pairs
/// of characters) and the document's words that are in the dictionary
/// answer as all its words ([`DictWords`], 5.7 MB) would, in ~1.3 MB on a
/// 7.8 MB document, held beside the entity model. Built from the words
/// ([`AskedWords::of_document`]), which are let go before the model loads.
pub struct AskedWords {
    /// The dictionary's words of two characters of the Basic Multilingual
    /// Plane, as the first character's code in the high 16 bits and the
    /// second's in the low 16 ([`AskedWords::pair`]).
    pairs: hashbrown::HashSet<u32, rustc_hash::FxBuildHasher>,
    /// The dictionary's other words of two characters (none of jieba's),
    /// and the document's words of other lengths that are in it.
    words: DictWords,
}

impl std::fmt::Debug for AskedWords {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AskedWords")
            .field("pairs", &self.pairs.len())
            .field("words", &self.words.len())
            .finish()
    }
}

impl AskedWords {
    /// `word` as a key of [`AskedWords::pairs`] when it is two characters
    /// of the Basic Multilingual Plane.
    fn pair(word: &str) -> Option<u32> {
        // Two characters of the plane are 2 to 6 bytes: most words of
        // the dictionary (three characters or more) are answered here.
        if word.len() > 6 {
            return None;
        }
        let mut chars = word.chars();
        match (chars.next(), chars.next(), chars.next()) {
            (Some(a), Some(b), None) if (a as u32) < 0x10000 && (b as u32) < 0x10000 => {
                Some(((a as u32) << 16) | b as u32)
            }
            _ => None,
        }
    }

    /// jieba's dictionary (with the user dictionary) as the units of a
    /// document whose text the units read is `text` and whose tokens are
    /// `tokens` ask it, built once jieba is gone (whose end of
    /// segmentation is that run's top on a big document): the words read
    /// again from our copy of the dictionary, those but the pairs held
    /// ([`DictWords`], ~4 MB) while the tokens' words are asked, then let
    /// go.
    pub fn of_document(text: &str, tokens: &[Token]) -> anyhow::Result<AskedWords> {
        // 114,000 pairs fit the table of this capacity (131,072 entries,
        // 0.6 MB) without its growing.
        let mut pairs =
            hashbrown::HashSet::with_capacity_and_hasher(1 << 16, rustc_hash::FxBuildHasher);
        let bytes = dictionary_bytes()?;
        // A third of the words are pairs.
        let lines = memchr::memchr_iter(b'\n', &bytes).count();
        let mut others = DictWords::with_capacity(lines * 2 / 3);
        for w in words_of_dictionary(&bytes)? {
            match Self::pair(w) {
                Some(p) => {
                    pairs.insert(p);
                }
                None => others.insert(w),
            }
        }
        drop(bytes);
        let mut words = DictWords::default();
        for t in tokens {
            let Some(w) = text.get(t.span().range()) else {
                continue;
            };
            // Words of one character are never asked; pairs are answered
            // by `pairs`.
            if w.chars().nth(1).is_none() || Self::pair(w).is_some() {
                continue;
            }
            if !words.contains(w) && others.contains(w) {
                words.insert(w);
            }
        }
        drop(others);
        words.shrink_to_fit();
        Ok(AskedWords { pairs, words })
    }

    /// Whether the dictionary has `word`: jieba's answer for a word of
    /// two characters and for the document's words (a word of another
    /// length not among them reads as not a dictionary word).
    pub fn contains(&self, word: &str) -> bool {
        match Self::pair(word) {
            Some(p) => self.pairs.contains(&p),
            None => self.words.contains(word),
        }
    }
}

/// jieba as [`Resources`] holds it: jieba until [`HeldJieba::let_go`],
/// then nothing, read as an empty jieba (what a run that let it go read
/// before, `Jieba::empty()`; none reads it then). Not an empty jieba held:
/// jieba-rs's empty one fills a 65,536-entry root table, 0.5 MB kept to
/// the end of `annotate` on a big file (its peak is the layers' join,
/// after jieba goes). Reads as `&Jieba` through `Deref`.
pub struct HeldJieba(Option<Jieba>);

impl HeldJieba {
    /// Gives jieba's memory back; it reads as an empty jieba from now on.
    pub fn let_go(&mut self) {
        self.0 = None;
    }
}

impl HeldJieba {
    /// jieba let go already (for resources gathered after it went).
    pub fn gone() -> HeldJieba {
        HeldJieba(None)
    }
}

impl From<Jieba> for HeldJieba {
    fn from(jieba: Jieba) -> Self {
        HeldJieba(Some(jieba))
    }
}

impl std::ops::Deref for HeldJieba {
    type Target = Jieba;
    fn deref(&self) -> &Jieba {
        static EMPTY: std::sync::OnceLock<Jieba> = std::sync::OnceLock::new();
        match &self.0 {
            Some(jieba) => jieba,
            None => EMPTY.get_or_init(Jieba::empty),
        }
    }
}

/// jieba built from the text of its dictionary (`dict.txt`'s lines: a
/// word, a frequency, a tag), word by word: what `Jieba::with_dict` does
/// with each line (a word seen before gets the new frequency; the total
/// is the sum of the words' frequencies either way), without its copy and
/// UTF-8 check of every line through `read_line`. The dictionary's only
/// whitespace is the space and the line feed, so its fields are
/// `with_dict`'s (`our_copy_built_word_by_word_is_with_dicts`).
fn jieba_of_dictionary(text: &str) -> anyhow::Result<Jieba> {
    let mut jieba = Jieba::empty();
    let mut start = 0;
    let ends = memchr::memchr_iter(b'\n', text.as_bytes()).chain(std::iter::once(text.len()));
    for (n, end) in ends.enumerate() {
        // A line feed is one byte: both ends are characters' boundaries.
        let line = text.get(start..end).unwrap_or_default();
        start = end + 1;
        let mut fields = line.split_ascii_whitespace();
        let Some(word) = fields.next() else { continue };
        // As `with_dict`: a missing frequency is 0, a missing tag "".
        let freq = match fields.next() {
            Some(f) => f.parse::<usize>().map_err(|e| {
                anyhow::anyhow!(
                    "jieba's dictionary, line {}: bad frequency {f:?}: {e}",
                    n + 1
                )
            })?,
            None => 0,
        };
        jieba.add_word(word, Some(freq), Some(fields.next().unwrap_or("")));
    }
    Ok(jieba)
}

/// `jieba` with the project's user dictionary (`data/user_dict.txt`) added.
fn with_user_dictionary(mut jieba: Jieba) -> anyhow::Result<Jieba> {
    for line in data_lines(USER_DICT) {
        let mut fields = line.split_whitespace();
        let Some(word) = fields.next() else { continue };
        let freq =
            match fields.next() {
                Some(f) => Some(f.parse::<usize>().map_err(|e| {
                    anyhow::anyhow!("user_dict.txt: bad frequency in {line:?}: {e}")
                })?),
                None => None,
            };
        let tag = fields.next();
        jieba.add_word(word, freq, tag);
    }
    Ok(jieba)
}

/// Words, to ask whether one is among them: jieba's dictionary's (all
/// 349,000 in one string and a hash table of where each lies: about 6 MB,
/// where jieba takes about 29), or the part of them [`AskedWords`] keeps.
#[derive(Default)]
pub struct DictWords {
    /// The words one after the other.
    text: String,
    /// Each word as its start in `text` (the high 24 bits) and its length
    /// in bytes (the low 8), hashed by its text.
    table: hashbrown::HashTable<u32>,
    /// Words that do not fit that (255 bytes or longer, or past 16 MiB of
    /// words): none of jieba-rs's, but a user dictionary may hold one.
    others: rustc_hash::FxHashSet<Box<str>>,
}

impl std::fmt::Debug for DictWords {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DictWords")
            .field("words", &(self.table.len() + self.others.len()))
            .finish()
    }
}

impl DictWords {
    /// Room for `n` words.
    pub fn with_capacity(n: usize) -> DictWords {
        DictWords {
            text: String::with_capacity(n * 9),
            table: hashbrown::HashTable::with_capacity(n),
            others: Default::default(),
        }
    }

    fn hash(word: &str) -> u64 {
        use std::hash::BuildHasher;
        rustc_hash::FxBuildHasher.hash_one(word)
    }

    /// The word at `at` (a table entry) of `text`.
    fn word_at(text: &str, at: u32) -> &str {
        let start = (at >> 8) as usize;
        text.get(start..start + (at & 0xff) as usize).unwrap_or("")
    }

    /// Adds `word` (once, however often it is given).
    pub fn insert(&mut self, word: &str) {
        // Hashed once, for the look-up and the insertion.
        let hash = Self::hash(word);
        if self
            .table
            .find(hash, |&at| Self::word_at(&self.text, at) == word)
            .is_some()
            || (!self.others.is_empty() && self.others.contains(word))
        {
            return;
        }
        let start = self.text.len();
        if word.len() > 0xfe || start + word.len() >= 1 << 24 {
            self.others.insert(word.into());
            return;
        }
        self.text.push_str(word);
        let at = ((start as u32) << 8) | word.len() as u32;
        let DictWords { text, table, .. } = self;
        table.insert_unique(hash, at, |&at| Self::hash(Self::word_at(text, at)));
    }

    /// Whether `word` is one of the words.
    pub fn contains(&self, word: &str) -> bool {
        self.table
            .find(Self::hash(word), |&at| {
                Self::word_at(&self.text, at) == word
            })
            .is_some()
            || (!self.others.is_empty() && self.others.contains(word))
    }

    /// How many words.
    pub fn len(&self) -> usize {
        self.table.len() + self.others.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        let DictWords { text, table, .. } = self;
        table.shrink_to_fit(|&at| Self::hash(Self::word_at(text, at)));
    }
}

/// What the entities ask of jieba's dictionary: whether it has a word,
/// from jieba itself or, once jieba is let go, from its words
/// ([`DictWords`]); the same answers.
#[derive(Clone, Copy)]
pub enum Dictionary<'a> {
    Jieba(&'a Jieba),
    Words(&'a AskedWords),
}

impl Dictionary<'_> {
    /// Whether the dictionary has `word` ([`Jieba::has_word`]).
    pub fn has_word(&self, word: &str) -> bool {
        match self {
            Dictionary::Jieba(j) => j.has_word(word),
            Dictionary::Words(w) => w.contains(word),
        }
    }
}

/// Tags that replace jieba's for particular words.
#[derive(Debug, Default)]
pub struct PosOverrides {
    map: HashMap<&'static str, &'static str>,
    /// The first characters of the words in `map`: most words start
    /// otherwise and are passed over without hashing.
    first_chars: CharSet,
}

impl PosOverrides {
    /// The project's table from `data/pos_overrides.txt`.
    pub fn load() -> Self {
        let map: HashMap<&'static str, &'static str> = data_lines(POS_OVERRIDES)
            .filter_map(|l| {
                let mut f = l.split_whitespace();
                Some((f.next()?, f.next()?))
            })
            .collect();
        let first_chars = CharSet::new(map.keys().filter_map(|w| w.chars().next()));
        PosOverrides { map, first_chars }
    }
    pub fn get(&self, word: &str) -> Option<&'static str> {
        if !self.first_chars.contains(word.chars().next()?) {
            return None;
        }
        self.map.get(word).copied()
    }
}

impl crate::dict::reading::Splitter for Resources {
    /// The words of jieba's dictionary in `word` (no HMM guesses), tagged.
    fn split<'a>(&self, word: &'a str) -> Vec<crate::dict::reading::Word<'a>> {
        self.jieba
            .tag(word, false)
            .into_iter()
            .map(|t| crate::dict::reading::Word {
                text: &word[t.byte_start..t.byte_end],
                pos: self.pos_overrides.get(t.word).unwrap_or(pos_tag(t.tag)),
            })
            .collect()
    }
}

/// One tagged word of a text: byte offsets into that text and its tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tagged<'a> {
    pub start: usize,
    pub end: usize,
    pub pos: &'a str,
}

/// Tags `text` (one line or sentence) with jieba and the overrides. Spaces
/// are kept as tokens tagged `x`; callers skip them as they need.
pub fn tag<'a>(jieba: &'a Jieba, overrides: &PosOverrides, text: &'a str) -> Vec<Tagged<'a>> {
    jieba
        .tag(text, true)
        .into_iter()
        .map(|t| Tagged {
            start: t.byte_start,
            end: t.byte_end,
            pos: overrides.get(t.word).unwrap_or(t.tag),
        })
        .collect()
}

/// Segments every line of the text; tokens cover every non-space character
/// once, in text order. A Traditional text is segmented through its
/// Simplified conversion (jieba's dictionary is Simplified); the spans point
/// at the original characters.
pub fn tokenize(text: &str, res: &Resources) -> Vec<Token> {
    tokenize_with(text, &res.jieba, &res.pos_overrides)
}

/// [`tokenize`] with jieba and the tag overrides alone (segmentation can
/// start before the other resources are loaded).
pub fn tokenize_with(text: &str, jieba: &Jieba, overrides: &PosOverrides) -> Vec<Token> {
    let seg = Segmenter { jieba, overrides };
    match crate::dict::segmentation_text(text) {
        Some(conv) => tokenize_text(&conv.text, seg)
            .into_iter()
            .map(|t| t.with_span(conv.original_span(t.span())))
            .collect(),
        None => tokenize_text(text, seg),
    }
}

/// What segmentation reads.
#[derive(Clone, Copy)]
struct Segmenter<'a> {
    jieba: &'a Jieba,
    overrides: &'a PosOverrides,
}

/// Texts longer than this are segmented in pieces of at most this many
/// bytes, the pieces in parallel.
const PIECE: usize = 1 << 17;

/// A line longer than this is given to jieba in pieces of at most this
/// many bytes: jieba holds a line's words and their tags at once (a
/// 7.7 MB line of news: 160 MB).
const LINE_PIECE: usize = 1 << 14;

/// Where `text` may be cut into pieces of at most `max` bytes without
/// changing how jieba segments it: after a sentence's end, a clause mark
/// or a space (jieba cuts there itself), as
/// [`crate::parse::sentences::bounded_pieces`] finds them; a text with no
/// such mark in reach is cut where the reach ends.
fn pieces(text: &str, max: usize) -> Vec<std::ops::Range<usize>> {
    crate::parse::sentences::bounded_pieces(text, Span::new(0, text.len()), max)
        .into_iter()
        .map(|p| p.range())
        .collect()
}

fn tokenize_text(text: &str, res: Segmenter) -> Vec<Token> {
    use rayon::prelude::*;
    if text.len() <= PIECE {
        let mut tokens = tokenize_lines(text, 0, res);
        tokens.shrink_to_fit();
        return tokens;
    }
    let pieces = pieces(text, PIECE);
    // The pieces are segmented a batch at a time, in parallel, and each
    // batch's tokens moved into the one vector: the document's tokens are
    // never held twice (pieces and their join), only a batch's. The vector
    // is sized from the tokens per byte of the first batch, then grows as
    // it must.
    let batch = 4 * rayon::current_num_threads().max(1);
    let mut tokens: Vec<Token> = Vec::new();
    for (k, group) in pieces.chunks(batch).enumerate() {
        let parts: Vec<Vec<Token>> = group
            .par_iter()
            .map(|r| tokenize_lines(&text[r.clone()], r.start, res))
            .collect();
        if k == 0 {
            let done = group.last().map_or(0, |r| r.end).max(1);
            let found: usize = parts.iter().map(Vec::len).sum();
            // A twentieth more than the first batch's rate predicts.
            let expect = (found as f64 * text.len() as f64 / done as f64 * 1.05) as usize;
            tokens.reserve_exact(expect.max(found));
        }
        for part in parts {
            tokens.extend_from_slice(&part);
        }
    }
    tokens.shrink_to_fit();
    tokens
}

/// Tags every line of `text` (which starts at byte `base` of the document).
fn tokenize_lines(text: &str, base: usize, res: Segmenter) -> Vec<Token> {
    let mut tokens = Vec::with_capacity(text.len() / 4);
    let mut line_start = base;
    for line in text.split('\n') {
        if line.trim().is_empty() {
            line_start += line.len() + 1;
            continue;
        }
        for part in pieces(line, LINE_PIECE) {
            let at = line_start + part.start;
            for t in res.jieba.tag(&line[part], true) {
                // Spaces are tokens of their own (a word starting with
                // anything else is kept without trimming it).
                if t.word.chars().next().is_none_or(char::is_whitespace) && t.word.trim().is_empty()
                {
                    continue;
                }
                let span = Span::new(at + t.byte_start, at + t.byte_end);
                let pos = res.overrides.get(t.word).unwrap_or(t.tag);
                tokens.push(Token::new(span, pos));
            }
        }
        line_start += line.len() + 1;
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::OnceLock;

    fn jieba() -> &'static Jieba {
        static J: OnceLock<Jieba> = OnceLock::new();
        J.get_or_init(|| build_jieba().unwrap_or_else(|_| Jieba::new()))
    }

    #[test]
    fn held_jieba_reads_as_jieba_then_as_an_empty_one_once_let_go() {
        let text = "中华人民共和国";
        let cut = |j: &Jieba| -> Vec<&str> { j.cut(text, false).iter().map(|t| t.word).collect() };
        let mut held = HeldJieba::from(jieba().clone());
        // One word of the dictionary (dict.txt: "中华人民共和国 9989 ns").
        assert_eq!(cut(&held), vec!["中华人民共和国"]);
        held.let_go();
        // No words and no HMM: each character alone, as `Jieba::empty()` cuts.
        assert_eq!(cut(&held), vec!["中", "华", "人", "民", "共", "和", "国"]);
        assert_eq!(cut(&held), cut(&Jieba::empty()));
    }

    fn words<'a>(text: &'a str, tags: &[Tagged<'a>]) -> Vec<(&'a str, &'a str)> {
        tags.iter()
            .map(|t| (&text[t.start..t.end], t.pos))
            .collect()
    }

    /// Our copy of jieba's dictionary is jieba-rs's own: every word of a
    /// text we wrote (words in the dictionary, words jieba's HMM joins,
    /// numbers, Latin letters, a Traditional line) gets the same span and
    /// tag from jieba built on it as from jieba-rs's embedded dictionary
    /// with the same user dictionary; and words of the dictionary's first,
    /// middle and last lines are in it with their frequencies.
    #[test]
    fn our_copy_of_jiebas_dictionary_segments_as_the_embedded_one() {
        let embedded = jieba();
        let ours = &build_jieba_freeable().unwrap_or_else(|e| panic!("{e}"));
        let text = "新华社北京3月5日电 国务院总理李强主持召开常务会议，部署推动经济持续回升向好。\
            小明硕士毕业于中国科学院计算所，后在日本京都大学深造。\
            他说：“今年GDP增长5.2%，CPI上涨0.2个百分点。”\
            這是一個繁體字的句子，蕭世和在臺北市。\
            结婚的和尚未结婚的都来了；南京市长江大桥通车。";
        let tagged = |j: &Jieba| -> Vec<(usize, usize, String)> {
            j.tag(text, true)
                .into_iter()
                .map(|t| (t.byte_start, t.byte_end, t.tag.to_string()))
                .collect()
        };
        let (a, b) = (tagged(ours), tagged(embedded));
        assert!(a.len() > 40, "{a:?}");
        assert_eq!(a, b);
        for word in ["1号店", "曹参军", "龢", "南京市", "住建部"] {
            assert!(ours.has_word(word), "{word}");
            assert_eq!(
                ours.suggest_freq(word),
                embedded.suggest_freq(word),
                "{word}"
            );
        }
    }

    /// jieba's words alone answer as jieba does: every word of its
    /// dictionary's lines and of the user dictionary is in both (once),
    /// and every piece of two to five characters of a text (words,
    /// pieces of words, pieces across words, Latin and digits) is in
    /// the words exactly when jieba has it.
    #[test]
    fn jiebas_words_alone_answer_as_jieba() {
        let words = dictionary_words().unwrap_or_else(|e| panic!("{e}"));
        let jieba = build_jieba_freeable().unwrap_or_else(|e| panic!("{e}"));
        let mut dict = String::new();
        std::io::Read::read_to_string(
            &mut zstd::stream::read::Decoder::with_buffer(DICT_ZST)
                .unwrap_or_else(|e| panic!("{e}")),
            &mut dict,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let listed: rustc_hash::FxHashSet<&str> = dict
            .lines()
            .filter_map(|l| l.split_whitespace().next())
            .chain(data_lines(USER_DICT).filter_map(|l| l.split_whitespace().next()))
            .collect();
        assert!(listed.len() > 300_000, "{}", listed.len());
        assert_eq!(words.len(), listed.len());
        for w in &listed {
            assert!(words.contains(w) && jieba.has_word(w), "{w}");
        }
        let text = "新华社北京3月5日电 国务院总理李强主持召开常务会议，部署推动经济持续回升向好。\
            住建部提出碳达峰、碳中和目标；结婚的和尚未结婚的都来了。GDP增长5.2%，iPhone 15发布。\
            这是一个繁體字的句子，蕭世和在臺北市。沃尔夫斯堡的普济寺。";
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let mut asked = 0;
        for i in 0..chars.len() {
            for n in 2..=5 {
                let end = chars.get(i + n).map_or(text.len(), |&(e, _)| e);
                if i + n > chars.len() {
                    break;
                }
                let piece = &text[chars[i].0..end];
                assert_eq!(words.contains(piece), jieba.has_word(piece), "{piece}");
                asked += 1;
            }
        }
        assert!(asked > 300);
        assert!(!words.contains("") && !words.contains("不是一个词语的一串字"));
    }

    /// The words the entity units ask about answer as jieba does: every
    /// piece of two characters of a text (words, pieces of words, pieces
    /// across words, Latin, digits, a character past the Basic
    /// Multilingual Plane) and every word of its tokens (those jieba
    /// has, those it has not: found by its hidden Markov model).
    #[test]
    fn the_words_asked_answer_as_jieba() {
        let jieba = build_jieba_freeable().unwrap_or_else(|e| panic!("{e}"));
        let text = "新华社北京3月5日电 国务院总理李强主持召开常务会议，部署推动经济持续回升向好。\
            住建部提出碳达峰、碳中和目标；结婚的和尚未结婚的都来了。GDP增长5.2%，iPhone 15发布。\
            沃尔夫斯堡的普济寺，𠀾𠀾学者欧阳修远在中华人民共和国国务院新闻办公室。";
        let tokens = tokenize_with(text, &jieba, &PosOverrides::load());
        let asked = AskedWords::of_document(text, &tokens).unwrap_or_else(|e| panic!("{e}"));
        let mut known = 0;
        for t in &tokens {
            let w = &text[t.span().range()];
            if w.chars().nth(1).is_some() {
                assert_eq!(asked.contains(w), jieba.has_word(w), "{w}");
                known += usize::from(jieba.has_word(w) && w.chars().nth(2).is_some());
            }
        }
        assert!(known > 5, "{known}");
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        for (i, &(start, _)) in chars.iter().enumerate() {
            let end = chars.get(i + 2).map_or(text.len(), |&(e, _)| e);
            if i + 2 <= chars.len() {
                let piece = &text[start..end];
                assert_eq!(asked.contains(piece), jieba.has_word(piece), "{piece}");
            }
        }
        // A word of three characters not among the text's reads as none.
        assert!(jieba.has_word("南京市") && !asked.contains("南京市"));
    }

    /// Words that do not fit the table's entry (255 bytes or longer) are
    /// kept all the same; a word given twice is one word.
    #[test]
    fn long_and_repeated_words_are_kept_once() {
        let mut words = DictWords::with_capacity(4);
        let long = "长".repeat(100);
        for w in ["词语", "词语", long.as_str(), "词", long.as_str()] {
            words.insert(w);
        }
        assert_eq!(words.len(), 3);
        assert!(words.contains("词语") && words.contains("词") && words.contains(&long));
        assert!(!words.contains("语") && !words.contains(&long[3..]));
    }

    /// jieba built word by word from our copy is the one jieba-rs's
    /// `with_dict` builds from the same text: the same words with the same
    /// frequencies and tags (a word's tag, its suggested frequency, which
    /// reads the total, and the segmentation of a text agree).
    #[test]
    fn our_copy_built_word_by_word_is_with_dicts() {
        let bytes = zstd::stream::decode_all(DICT_ZST).unwrap_or_else(|e| panic!("{e}"));
        let read = Jieba::with_dict(&mut bytes.as_slice()).unwrap_or_else(|e| panic!("{e}"));
        let read = with_user_dictionary(read).unwrap_or_else(|e| panic!("{e}"));
        let ours = build_jieba_freeable().unwrap_or_else(|e| panic!("{e}"));
        let text = String::from_utf8(bytes).unwrap_or_else(|e| panic!("{e}"));
        // Every word of the dictionary is in both.
        let all: Vec<&str> = text
            .lines()
            .filter_map(|l| l.split_whitespace().next())
            .collect();
        assert!(all.len() > 300_000);
        assert!(all.iter().all(|w| ours.has_word(w) && read.has_word(w)));
        let words: Vec<&str> = all
            .iter()
            .copied()
            .step_by(97)
            .chain(["住建部", "碳中和", "国务院总理", "结婚的和尚未结婚的"])
            .collect();
        for w in words {
            assert_eq!(ours.has_word(w), read.has_word(w), "{w}");
            assert_eq!(ours.suggest_freq(w), read.suggest_freq(w), "{w}");
            let tags = |j: &Jieba| -> Vec<(usize, String)> {
                j.tag(w, true)
                    .into_iter()
                    .map(|t| (t.byte_end, t.tag.to_string()))
                    .collect()
            };
            assert_eq!(tags(&ours), tags(&read), "{w}");
        }
    }

    #[test]
    fn user_dictionary_joins_domain_words() {
        // jieba alone gives 住|建部 and 碳中|和.
        let text = "住建部提出碳达峰、碳中和目标";
        let w = words(text, &tag(jieba(), &PosOverrides::load(), text));
        for word in ["住建部", "碳达峰", "碳中和"] {
            assert!(w.iter().any(|(w, _)| *w == word), "{word}: {w:?}");
        }
    }

    #[test]
    fn overrides_retag_dictionary_words() {
        let ov = PosOverrides::load();
        let text = "杨浦区委坚持在张江对接许可信息";
        let w = words(text, &tag(jieba(), &ov, text));
        for (word, pos) in &w {
            if ["杨浦区", "张江", "许可"].contains(word) {
                assert!(!pos.starts_with("nr"), "{word} tagged {pos}");
            }
        }
        assert_eq!(ov.get("许可"), Some("vn"));
    }

    #[test]
    fn offsets_are_byte_offsets_into_the_text() {
        let text = "PPTV投入《人民的名义》拍摄 😀 好";
        let tags = tag(jieba(), &PosOverrides::load(), text);
        let mut pos = 0;
        for t in &tags {
            assert_eq!(t.start, pos);
            pos = t.end;
        }
        assert_eq!(pos, text.len());
    }
}
