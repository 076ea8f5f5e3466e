//! Keywords per document and per section: TF-IDF (with jieba-rs's IDF table,
//! each word's IDF found once per process)
//! and TextRank (as in jieba-rs: co-occurrence within a window of 5 tokens,
//! PageRank with d = 0.85), both over the pipeline's own tokens so the text
//! is not segmented again, with the Chinese stop words of
//! `data/stopwords.txt`. Weights are normalised to 0–1 (the best is 1).

use super::{Context, Resources};
use crate::model::{Document, Keyword, KeywordMethod, KeywordWords, Keywords, Token};
use jieba_rs::Jieba;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

const STOP_WORDS: &str = include_str!("../../data/stopwords.txt");

/// How many keywords per list.
pub const DOCUMENT_TOP: usize = 20;
pub const SECTION_TOP: usize = 10;
const WINDOW: usize = 5;
/// TextRank's damping factor.
const D: f64 = 0.85;

/// Stop words and jieba-rs's TF-IDF table, loaded once, with each word's
/// IDF as it is first asked for (kept for the process: a corpus asks for
/// the same words again and again).
pub struct KeywordResources {
    pub stop_words: HashSet<String>,
    /// IDFs found so far, by word.
    known: std::sync::RwLock<HashMap<Box<str>, f64>>,
}

/// Words whose IDF is kept at most (a bound on the memory of a process
/// that sees very many distinct words; past it IDFs are found each time).
const MAX_KNOWN: usize = 1 << 20;

impl std::fmt::Debug for KeywordResources {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeywordResources")
            .field("stop_words", &self.stop_words.len())
            .finish()
    }
}

/// jieba-rs's IDF table (`data/keywords/idf.bin.zst`, see its README):
/// [`IdfTable::to_binary`]'s bytes, zstd-compressed.
static IDF_ZST: &[u8] = include_bytes!("../../data/keywords/idf.bin.zst");
/// The first bytes of [`IdfTable::to_binary`].
const IDF_MAGIC: &[u8; 6] = b"YLIDF\x01";
/// The IDF table's words that jieba does not keep whole
/// (`data/keywords/split.txt.zst`, see its README): one a line, in the
/// table's order, zstd-compressed. What jieba-rs's TF-IDF extraction
/// would read off jieba for each word ([`KeywordResources::alone`]), read
/// without jieba, so that the keywords are weighed after jieba goes.
static SPLIT_ZST: &[u8] = include_bytes!("../../data/keywords/split.txt.zst");

/// An IDF table, compact: the words in one UTF-8 byte string, sorted, each followed
/// by a line feed, with where each ends, and each word's value as an index into the distinct values
/// (jieba-rs's 270,000 words have 3,328 distinct IDFs): about 4 MB where
/// a map of owned strings to numbers takes about 35.
#[derive(Debug, Default)]
pub struct IdfTable {
    /// UTF-8 (checked when read), compared as bytes.
    words: Vec<u8>,
    /// `ends[i]`: where word `i` ends in `words`, at its line feed (it
    /// starts after word `i - 1`'s).
    ends: Vec<u32>,
    value_of: Vec<u16>,
    values: Vec<f64>,
    median: f64,
    /// A bit per word (word `i`: bit `i % 64` of `split[i / 64]`), set
    /// for a word jieba (without HMM, with the user dictionary) does not
    /// keep whole ([`IdfTable::with_split`]); empty when not known.
    split: Vec<u64>,
    /// `by_first[c]`: the first word whose first character
    /// ([`first_code`]) is `c` or above, for every `c` up to [`FIRSTS`]:
    /// a lookup searches only the words of its own first character
    /// (the shipped table's 270,132 words have 11,416 first characters;
    /// a word of the table is one of ~340 on average, 8 or 9 steps
    /// against 18 over the whole table).
    by_first: Vec<u32>,
}

/// How many first characters [`IdfTable::by_first`] tells apart: those of
/// the Basic Multilingual Plane (any later one counts as U+FFFF).
const FIRSTS: usize = 1 << 16;

/// The code of `word`'s first character (UTF-8: its first bytes),
/// U+FFFF for any from U+FFFF on, 0 for an empty word. Words sorted by
/// their bytes are so sorted by this code too.
fn first_code(word: &[u8]) -> usize {
    let low = |k: usize| word.get(k).map_or(0, |&b| usize::from(b & 0x3F));
    let code = match word.first() {
        None => 0,
        Some(&b) if b < 0x80 => usize::from(b),
        Some(&b) if b < 0xE0 => usize::from(b & 0x1F) << 6 | low(1),
        Some(&b) if b < 0xF0 => usize::from(b & 0x0F) << 12 | low(1) << 6 | low(2),
        Some(_) => FIRSTS - 1,
    };
    code.min(FIRSTS - 1)
}

impl IdfTable {
    /// Reads `word idf` lines (other lines are skipped) after an optional
    /// `# median X` line; without one, the median is the lower median of
    /// the values, as jieba-rs computes it. A word given twice keeps its
    /// last value.
    pub fn parse(text: &str) -> anyhow::Result<IdfTable> {
        let mut median = None;
        let mut lines: Vec<(&str, f64)> = Vec::with_capacity(text.len() / 20);
        for line in text.lines() {
            if let Some(m) = line.strip_prefix("# median ") {
                median = Some(m.trim().parse::<f64>()?);
                continue;
            }
            let mut parts = line.split_whitespace();
            if let (Some(word), Some(Ok(v))) = (parts.next(), parts.next().map(str::parse::<f64>)) {
                lines.push((word, v));
            }
        }
        let median = match median {
            Some(m) => m,
            None => {
                let mut values: Vec<f64> = lines.iter().map(|l| l.1).collect();
                let mid = values.len().saturating_sub(1) / 2;
                values.sort_by(f64::total_cmp);
                values.get(mid).copied().unwrap_or(0.0)
            }
        };
        if !lines.is_sorted_by(|a, b| a.0 <= b.0) {
            lines.sort_by(|a, b| a.0.cmp(b.0));
        }
        let mut table = IdfTable {
            words: Vec::with_capacity(lines.iter().map(|l| l.0.len() + 1).sum()),
            ends: Vec::with_capacity(lines.len()),
            value_of: Vec::with_capacity(lines.len()),
            values: Vec::new(),
            median,
            split: Vec::new(),
            by_first: Vec::new(),
        };
        let mut ids: HashMap<u64, u16> = HashMap::default();
        for (i, &(word, v)) in lines.iter().enumerate() {
            if lines.get(i + 1).is_some_and(|next| next.0 == word) {
                continue;
            }
            let id = match ids.get(&v.to_bits()) {
                Some(&id) => id,
                None => {
                    let id = u16::try_from(table.values.len())
                        .map_err(|_| anyhow::anyhow!("more than 65,536 distinct IDF values"))?;
                    table.values.push(v);
                    ids.insert(v.to_bits(), id);
                    id
                }
            };
            // A word holds no space, so no line feed.
            table.words.extend_from_slice(word.as_bytes());
            table.ends.push(
                u32::try_from(table.words.len())
                    .map_err(|_| anyhow::anyhow!("the IDF table is over 4 GB"))?,
            );
            table.words.push(b'\n');
            table.value_of.push(id);
        }
        table.words.shrink_to_fit();
        Ok(table.indexed())
    }

    /// The table as the shipped file holds it (before compression), read
    /// back by [`IdfTable::from_binary`] without parsing a number or
    /// sorting: the magic bytes, the median, the distinct values (`u32`
    /// count, `f64`s), each word's value index (`u32` count, `u16`s), then
    /// the words in order, each followed by a line feed. Little-endian.
    pub fn to_binary(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.words.len() + 3 * self.len() + 64);
        out.extend_from_slice(IDF_MAGIC);
        out.extend_from_slice(&self.median.to_le_bytes());
        out.extend_from_slice(&(self.values.len() as u32).to_le_bytes());
        for v in &self.values {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out.extend_from_slice(&(self.len() as u32).to_le_bytes());
        for id in &self.value_of {
            out.extend_from_slice(&id.to_le_bytes());
        }
        out.extend_from_slice(&self.words);
        out
    }

    /// Reads [`IdfTable::to_binary`]'s bytes; an error when they are not
    /// such a table (cut short, a value index out of range, not UTF-8, a
    /// word count that is not the header's). The words are taken in the
    /// order given (the shipped table's are sorted, which a test checks):
    /// out of order, lookups would miss, nothing worse.
    pub fn from_binary(bytes: &[u8]) -> anyhow::Result<IdfTable> {
        IdfTable::from_binary_vec(bytes.to_vec())
    }

    /// [`IdfTable::from_binary`] of bytes it may keep: the words are
    /// read in place, not copied (the table loads beside jieba).
    fn from_binary_vec(mut bytes: Vec<u8>) -> anyhow::Result<IdfTable> {
        let bad = || anyhow::anyhow!("the IDF table is damaged");
        let rest = bytes.strip_prefix(IDF_MAGIC).ok_or_else(bad)?;
        let take = |rest: &mut &[u8], n: usize| -> anyhow::Result<Vec<u8>> {
            let (head, tail) = rest.split_at_checked(n).ok_or_else(bad)?;
            *rest = tail;
            Ok(head.to_vec())
        };
        let mut rest = rest;
        let f64_of = |b: &[u8]| b.try_into().map(f64::from_le_bytes).map_err(|_| bad());
        let u32_of = |b: &[u8]| {
            b.try_into()
                .map(|b| u32::from_le_bytes(b) as usize)
                .map_err(|_| bad())
        };
        let median = f64_of(&take(&mut rest, 8)?)?;
        let n_values = u32_of(&take(&mut rest, 4)?)?;
        let values = take(&mut rest, n_values.checked_mul(8).ok_or_else(bad)?)?
            .chunks_exact(8)
            .map(f64_of)
            .collect::<anyhow::Result<Vec<f64>>>()?;
        let n = u32_of(&take(&mut rest, 4)?)?;
        let value_of: Vec<u16> = take(&mut rest, n.checked_mul(2).ok_or_else(bad)?)?
            .chunks_exact(2)
            .map(|b| u16::from_le_bytes([b[0], b[1]]))
            .collect();
        if value_of.iter().any(|&id| usize::from(id) >= values.len()) {
            return Err(bad());
        }
        // The words are the rest: moved to the front of the same bytes.
        let head = bytes.len() - rest.len();
        bytes.drain(..head);
        bytes.shrink_to_fit();
        // Checked as UTF-8 by `simdutf8` (`String::from_utf8` took 26 M
        // instructions on the shipped table), then kept as bytes.
        let words = bytes;
        simdutf8::basic::from_utf8(&words).map_err(|_| bad())?;
        if u32::try_from(words.len()).is_err() || words.last().is_some_and(|&b| b != b'\n') {
            return Err(bad());
        }
        let mut ends = Vec::with_capacity(n);
        ends.extend(memchr::memchr_iter(b'\n', &words).map(|i| i as u32));
        if ends.len() != n {
            return Err(bad());
        }
        Ok(IdfTable {
            words,
            ends,
            value_of,
            values,
            median,
            split: Vec::new(),
            by_first: Vec::new(),
        }
        .indexed())
    }

    /// Decompresses and reads [`IdfTable::to_binary`]'s bytes, compressed
    /// with zstd.
    pub fn from_zstd(bytes: &[u8]) -> anyhow::Result<IdfTable> {
        let size = zstd::zstd_safe::get_frame_content_size(bytes)
            .ok()
            .flatten()
            .and_then(|n| usize::try_from(n).ok())
            .ok_or_else(|| anyhow::anyhow!("cannot read the IDF table: no size"))?;
        let raw = zstd::bulk::decompress(bytes, size)
            .map_err(|e| anyhow::anyhow!("cannot read the IDF table: {e}"))?;
        IdfTable::from_binary_vec(raw)
    }

    fn word(&self, i: usize) -> &[u8] {
        let start = i.checked_sub(1).map_or(0, |j| self.ends[j] as usize + 1);
        self.words
            .get(start..self.ends[i] as usize)
            .unwrap_or_default()
    }

    /// The table with [`IdfTable::by_first`] made (in one walk over the
    /// words; words out of order make lookups miss, nothing worse).
    fn indexed(mut self) -> IdfTable {
        let mut by_first = Vec::with_capacity(FIRSTS + 1);
        let mut start = 0;
        for (i, &end) in self.ends.iter().enumerate() {
            let c = first_code(self.words.get(start..end as usize).unwrap_or_default());
            start = end as usize + 1;
            if by_first.len() <= c {
                // Fewer words than 2^32 (the words are under 4 GB).
                by_first.resize(c + 1, i as u32);
            }
        }
        by_first.resize(FIRSTS + 1, self.len() as u32);
        self.by_first = by_first;
        self
    }

    /// Where `word` is in the table, if it is.
    fn find(&self, word: &str) -> Option<usize> {
        let word = word.as_bytes();
        let c = first_code(word);
        let (from, to) = match self.by_first.get(c..c + 2) {
            Some(&[from, to]) => (from as usize, to as usize),
            _ => (0, self.len()),
        };
        crate::text::sorted::find(to.saturating_sub(from), |i| self.word(from + i), word)
            .map(|i| from + i)
    }

    /// The IDF of `word`, if the table has it.
    pub fn get(&self, word: &str) -> Option<f64> {
        let i = self.find(word)?;
        let value = self.value_of.get(i)?;
        self.values.get(usize::from(*value)).copied()
    }

    /// Marks the words of `list` (each followed by a line feed, in the
    /// table's order) as words jieba does not keep whole, read by
    /// [`IdfTable::get_whole`]; an error when the list is not such a list
    /// of the table's words.
    pub fn with_split(mut self, list: &str) -> anyhow::Result<IdfTable> {
        self.split = vec![0; self.len().div_ceil(64)];
        if !list.is_empty() && !list.ends_with('\n') {
            anyhow::bail!("the list of split words is cut short");
        }
        // In order: each found past the one before, by walking the
        // table's words (a tenth of them are listed: a walk compares
        // fewer words than a search for each).
        let mut from = 0;
        for word in list.lines() {
            let i = (from..self.len())
                .find(|&i| self.word(i) == word.as_bytes())
                .ok_or_else(|| {
                    anyhow::anyhow!("{word:?} is not in the IDF table, or out of order")
                })?;
            self.split[i / 64] |= 1 << (i % 64);
            from = i + 1;
        }
        Ok(self)
    }

    /// The shipped table with the shipped list of the words jieba does
    /// not keep whole ([`IdfTable::with_split`]).
    fn shipped() -> anyhow::Result<IdfTable> {
        let list = zstd::stream::decode_all(SPLIT_ZST)?;
        let list = std::str::from_utf8(&list)?;
        IdfTable::from_zstd(&crate::embedded::read_once(IDF_ZST))?.with_split(list)
    }

    /// The IDF of `word` when the table has it and jieba keeps it whole
    /// (per [`IdfTable::with_split`]'s list; every word, without one).
    pub fn get_whole(&self, word: &str) -> Option<f64> {
        let i = self.find(word)?;
        if self
            .split
            .get(i / 64)
            .is_some_and(|b| b >> (i % 64) & 1 == 1)
        {
            return None;
        }
        let value = self.value_of.get(i)?;
        self.values.get(usize::from(*value)).copied()
    }

    /// The IDF of a word the table lacks (the lower median of its values).
    pub fn median(&self) -> f64 {
        self.median
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Every word with its IDF, in the table's (byte) order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, f64)> {
        (0..self.len()).map(|i| {
            // UTF-8, as the whole is, cut at line feeds.
            let word = std::str::from_utf8(self.word(i)).unwrap_or_default();
            (word, self.values[usize::from(self.value_of[i])])
        })
    }
}

/// The shipped IDF table with its list of the words jieba splits, read
/// once per process on first use (an empty table if either cannot be
/// read: every word then weighs the same).
fn idf_table() -> std::sync::Arc<IdfTable> {
    let loaded = || IDF.read().unwrap_or_else(|e| e.into_inner()).clone();
    if let Some(t) = loaded() {
        return t;
    }
    // Loaded once however many ask at the same time.
    let _loading = IDF_LOADING.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(t) = loaded() {
        return t;
    }
    let t = std::sync::Arc::new(IdfTable::shipped().unwrap_or_default());
    *IDF.write().unwrap_or_else(|e| e.into_inner()) = Some(std::sync::Arc::clone(&t));
    t
}

/// The IDF table once loaded, until [`release`]d.
static IDF: std::sync::RwLock<Option<std::sync::Arc<IdfTable>>> = std::sync::RwLock::new(None);
/// Held while the IDF table loads, so that it loads once.
static IDF_LOADING: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Lets the IDF table go (4 MB) and `res`'s IDFs found so far: `annotate`
/// with one document calls this once its keywords are extracted, so that
/// neither is held beside the layers that follow, whose end is the peak
/// of a big document. A later extraction loads the table again (the same
/// values).
pub fn release(res: &KeywordResources) {
    IDF.write().unwrap_or_else(|e| e.into_inner()).take();
    let mut known = res.known.write().unwrap_or_else(|e| e.into_inner());
    *known = HashMap::default();
}

/// Starts loading the IDF table on a thread of its own (no-op once it is
/// loaded; a keyword extraction that comes first waits for it).
pub fn preload() {
    let _ = std::thread::Builder::new().name("idf".into()).spawn(|| {
        idf_table();
    });
}

/// The project's Chinese stop words.
pub fn stop_words() -> HashSet<String> {
    STOP_WORDS
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

impl Default for KeywordResources {
    fn default() -> Self {
        KeywordResources::new()
    }
}

impl KeywordResources {
    /// Loads the stop words and jieba-rs's IDF table (the jieba instance
    /// is not needed to load them; the parameter stays for callers).
    pub fn load(_jieba: &Jieba) -> KeywordResources {
        KeywordResources::new()
    }

    /// Loads the stop words and jieba-rs's IDF table (see [`idf_table`]).
    pub fn new() -> KeywordResources {
        let res = KeywordResources::without_idf();
        idf_table();
        res
    }

    /// Loads the stop words only: the IDF table loads on first use, or on a thread of its own with
    /// [`preload`] (the browser's first annotations need no keywords).
    pub fn without_idf() -> KeywordResources {
        KeywordResources {
            stop_words: stop_words(),
            known: Default::default(),
        }
    }

    /// jieba-rs's IDF of each word, as its TF-IDF extraction reads it: the
    /// table's value for a word jieba keeps whole, the table's median for
    /// one it splits or the table lacks ([`KeywordResources::alone`]), found
    /// once per word per process; the document's words that are already
    /// known cost a hash lookup, the others are found on every thread.
    /// The IDFs found are kept for later documents when `remember`.
    /// jieba is not read.
    fn idf_of(&self, words: &[&str], remember: bool, table: &IdfTable) -> Vec<f64> {
        use rayon::prelude::*;
        let mut out = vec![f64::NAN; words.len()];
        let mut missing: Vec<usize> = Vec::new();
        {
            let known = self.known.read().unwrap_or_else(|e| e.into_inner());
            for (i, w) in words.iter().enumerate() {
                match known.get(*w) {
                    Some(&v) => out[i] = v,
                    None => missing.push(i),
                }
            }
        }
        if missing.is_empty() {
            return out;
        }
        let found: Vec<f64> = missing
            .par_iter()
            .with_min_len(1 << 12)
            .map(|&i| self.alone(table, words[i]))
            .collect();
        for (&i, v) in missing.iter().zip(found) {
            out[i] = v;
        }
        if !remember {
            return out;
        }
        let mut known = self.known.write().unwrap_or_else(|e| e.into_inner());
        for &i in &missing {
            if known.len() >= MAX_KNOWN {
                break;
            }
            known.insert(words[i].into(), out[i]);
        }
        out
    }

    /// The IDF jieba-rs's TF-IDF extraction gives `word` (its weight in a
    /// text of that word alone): the table's value when jieba (without
    /// HMM) keeps the word whole and it can be a keyword (two characters
    /// or more, not a stop word), else the table's median. Whether jieba
    /// keeps a word of the table whole is the table's shipped list
    /// ([`IdfTable::get_whole`]; a word the table lacks has the median
    /// either way), checked against jieba on every word of the table by
    /// `idfs_equal_jieba_rs_tfidf_on_every_word_of_the_table`.
    fn alone(&self, table: &IdfTable, word: &str) -> f64 {
        let keyword = word.chars().nth(1).is_some()
            && !self.stop_words.contains(word)
            && (!word.chars().any(char::is_uppercase)
                || !self.stop_words.contains(&word.to_lowercase()));
        if !keyword {
            return table.median();
        }
        table.get_whole(word).unwrap_or(table.median())
    }

    /// Whether a token can be a keyword: two or more characters, not a stop
    /// word, not a number, a particle, punctuation or a function word.
    pub fn is_candidate(&self, word: &str, pos: &str) -> bool {
        self.is_candidate_word(word) && is_candidate_pos(pos)
    }

    /// The tests of [`KeywordResources::is_candidate`] on the word alone.
    fn is_candidate_word(&self, word: &str) -> bool {
        !is_one_char(word)
            && !self.stop_words.contains(word)
            && word.chars().any(|c| c.is_alphabetic())
            && !word
                .chars()
                .all(|c| c.is_ascii_digit() || c.is_ascii_punctuation())
    }
}

/// The test of [`KeywordResources::is_candidate`] on the tag alone.
fn is_candidate_pos(pos: &str) -> bool {
    ![
        "m", "mq", "q", "x", "r", "p", "c", "u", "uj", "ul", "d", "t", "f", "e", "y", "o", "w",
        "zg",
    ]
    .contains(&pos)
}

/// Whether `word` is empty or one character (never a keyword), without
/// counting its characters.
fn is_one_char(word: &str) -> bool {
    word.chars().nth(1).is_none()
}

/// What the document's first tokens have shown of a word.
#[derive(Clone, Copy)]
enum Standing {
    /// A candidate: its document word id.
    Id(u32),
    /// Never a candidate, whatever its tag (a stop word, a number…).
    Never,
    /// A candidate word, but no token of it so far had a candidate tag.
    NotYet,
}

pub fn extract(ctx: &Context) -> Keywords {
    weigh(ctx.doc, ctx.tokens, ctx.res, false).lists(ctx.doc, ctx.tokens)
}

/// The document's candidate words, each token's, and their IDFs: the
/// first part of [`extract`], whose result is held until the lists are
/// made ([`Weighed::lists`]). jieba is not read (a word's IDF depends on
/// whether jieba keeps it whole: the IDF table's shipped list says). With
/// `last` (no document is weighed after this one), the IDFs found are not
/// kept for the next.
pub fn weigh<'d>(doc: &'d Document, tokens: &[Token], res: &Resources, last: bool) -> Weighed<'d> {
    // Where each section starts and ends, as offsets in text order when the
    // sections are (they are, from the parser): their token ranges are then
    // found in the same pass over the tokens as the word ids.
    let mut bounds: Vec<usize> = Vec::with_capacity(doc.sections.len() * 2);
    for s in &doc.sections {
        bounds.push(s.span.start);
        bounds.push(s.span.end);
    }
    if !bounds.is_sorted() {
        bounds.clear();
    }
    // The IDF table (the first time: decompressed and read) meanwhile,
    // as the numbering does not read it.
    let (ids, table) = rayon::join(
        || word_ids(&doc.text, tokens, &res.keywords, &bounds),
        idf_table,
    );
    let idf = res.keywords.idf_of(&ids.words, !last, &table);
    Weighed { ids, idf }
}

/// [`weigh`]'s result: what the keyword lists are made from.
pub struct Weighed<'d> {
    ids: WordIds<'d>,
    /// By document word id.
    idf: Vec<f64>,
}

impl Weighed<'_> {
    /// The document's and each section's keywords (`doc` and `tokens` as
    /// given to [`weigh`]).
    pub fn lists(self, doc: &Document, tokens: &[Token]) -> Keywords {
        lists(doc, tokens, &self.ids, &self.idf)
    }
}

fn lists(doc: &Document, tokens: &[Token], ids: &WordIds, idf: &[f64]) -> Keywords {
    let words = Words { text: &ids.words };
    // The document's list and the sections' are independent: computed side
    // by side (sections in batches, each batch with its own scratch), which
    // changes no sum and no order. Both read the one list of candidate
    // tokens: a section's are those between its first token and the next
    // section's.
    use rayon::prelude::*;
    let seq = &ids.seq[..];
    let (document, sections) = rayon::join(
        || {
            let mut scratch = Scratch::dense(ids.words.len());
            keywords_of(seq, words, idf, DOCUMENT_TOP, &mut scratch)
        },
        || {
            doc.sections
                .par_iter()
                .enumerate()
                .with_min_len(16)
                .map_init(Scratch::sparse, |scratch, (i, s)| {
                    let (a, b) = match ids.bound_tokens.get(2 * i..2 * i + 2) {
                        Some(&[a, b]) => (a, b),
                        _ => (
                            tokens.partition_point(|t| t.span().start < s.span.start),
                            tokens.partition_point(|t| t.span().start < s.span.end),
                        ),
                    };
                    let at = |t: usize| seq.partition_point(|&(i, _)| (i as usize) < t);
                    let (from, to) = (at(a), at(b));
                    let run = seq.get(from..to.max(from)).unwrap_or_default();
                    keywords_of(run, words, idf, SECTION_TOP, scratch)
                })
                .collect()
        },
    );
    numbered(
        Keywords {
            words: KeywordWords::default(),
            document,
            sections,
        },
        &ids.words,
    )
}

/// `k` with its keywords' words, given as document word ids (into
/// `words`), numbered in its own table instead: in order of first use,
/// the document's list first, then the sections' in order.
fn numbered(mut k: Keywords, words: &[&str]) -> Keywords {
    let mut number = vec![u32::MAX; words.len()];
    let Keywords {
        words: table,
        document,
        sections,
    } = &mut k;
    for kw in document.iter_mut().chain(sections.iter_mut().flatten()) {
        let g = kw.word as usize;
        let (Some(n), Some(&w)) = (number.get_mut(g), words.get(g)) else {
            continue;
        };
        if *n == u32::MAX {
            // Fewer distinct words than tokens, so fewer than 2^32.
            *n = table.push(w).unwrap_or(u32::MAX);
        }
        kw.word = *n;
    }
    table.shrink_to_fit();
    k
}

/// A token that is not a candidate word (in [`word_ids`]' numbering).
const NONE: u32 = u32::MAX;

/// The document's candidate words, numbered in order of first occurrence,
/// and the candidate tokens as (token index, word id) in text order (8
/// bytes a candidate token; the others, more than half on real text, are
/// not listed).
struct WordIds<'a> {
    words: Vec<&'a str>,
    seq: Vec<(u32, u32)>,
    /// For each of the offsets `bounds` given to [`word_ids`], the first
    /// token starting at or after it.
    bound_tokens: Vec<usize>,
}

type WordMap<'a, V> = crate::text::wordmap::WordMap<'a, V>;

/// Numbers the candidate words of the document. A word is tested once
/// (its standing is kept); only the tag is tested again for a word that has
/// not yet had a candidate tag, as a word becomes a candidate at its first
/// token with one. `bounds` (ascending offsets) are located among the
/// tokens on the way. The candidate tokens are listed in the same pass
/// (a second pass over the tokens from the words' standings, which kept
/// this list from the weighing to the lists, took 142 M instructions on
/// 7.7 MB of real text, three quarters of the numbering's own).
fn word_ids<'a>(
    text: &'a str,
    tokens: &[Token],
    kr: &KeywordResources,
    bounds: &[usize],
) -> WordIds<'a> {
    let mut standing: WordMap<'a, Standing> = Default::default();
    let mut words: Vec<&str> = Vec::new();
    let mut bound_tokens = Vec::with_capacity(bounds.len());
    let mut seq = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        while bounds
            .get(bound_tokens.len())
            .is_some_and(|&b| b <= t.span().start)
        {
            bound_tokens.push(i);
        }
        let w = t.span().text(text);
        // The commonest tokens (的, punctuation) are one character: no
        // lookup for them.
        if is_one_char(w) {
            continue;
        }
        let test = || {
            if kr.is_candidate_word(w) {
                Standing::NotYet
            } else {
                Standing::Never
            }
        };
        let s = standing.get_or_insert_with(w, test);
        let id = match *s {
            Standing::Id(id) => id,
            Standing::Never => NONE,
            // Fewer than 2^32 - 1 words: there are fewer tokens than that
            // (a text over 4 GB is refused when read).
            Standing::NotYet if is_candidate_pos(t.pos()) => {
                let id = words.len() as u32;
                words.push(w);
                *s = Standing::Id(id);
                id
            }
            Standing::NotYet => NONE,
        };
        if id != NONE {
            // Fewer tokens than 2^32 (a text over 4 GB is refused).
            seq.push((i as u32, id));
        }
    }
    bound_tokens.resize(bounds.len(), tokens.len());
    WordIds {
        words,
        seq,
        bound_tokens,
    }
}

/// A run's words numbered 0.. in order of first occurrence, by document
/// word id: for the whole document a table by id (most ids occur), for a
/// section a hash map (the size of the section, not of the document).
/// Left empty after each run.
enum LocalIds {
    /// By document word id; `u32::MAX` when not (yet) numbered.
    Dense(Vec<u32>),
    Sparse(HashMap<u32, u32>),
}

/// Buffers reused from section to section, all the size of the run (the
/// dense numbering aside): its numbering, and the TextRank graph's.
struct Scratch {
    local: LocalIds,
    /// By local id: the word's document id, and its count in the run.
    globals: Vec<u32>,
    count: Vec<u32>,
    /// The candidate tokens as (token index, local id), unless the run's
    /// own ids are its local ids ([`Scratch::number`]).
    seq: Vec<(u32, u32)>,
    /// Indexes into `seq`, grouped by word, and one word's neighbours.
    occ: Vec<u32>,
    bucket: Vec<u32>,
    edges: Edges,
}

impl Scratch {
    fn with(local: LocalIds) -> Self {
        Scratch {
            local,
            globals: Vec::new(),
            count: Vec::new(),
            seq: Vec::new(),
            occ: Vec::new(),
            bucket: Vec::new(),
            edges: Edges::default(),
        }
    }
    /// For runs over most of `n` document words (the whole document).
    fn dense(n: usize) -> Self {
        Scratch::with(LocalIds::Dense(vec![u32::MAX; n]))
    }
    /// For short runs (sections).
    fn sparse() -> Self {
        Scratch::with(LocalIds::Sparse(HashMap::default()))
    }
    /// Numbers the words of `run` (candidate tokens as (token index,
    /// document word id), in text order) into `globals`, `count` and
    /// `seq`. Gives true, with `seq` left empty, when the run's own ids
    /// are its local ids (each new word's id the next number: the whole
    /// document's run, whose ids were given in order of first
    /// occurrence), so that the run serves as `seq` without a copy.
    fn number(&mut self, run: &[(u32, u32)]) -> bool {
        let Scratch {
            local,
            globals,
            count,
            seq,
            ..
        } = self;
        globals.clear();
        count.clear();
        seq.clear();
        let dense = matches!(local, LocalIds::Dense(_));
        for &(i, g) in run {
            let next = globals.len() as u32;
            let l = match local {
                LocalIds::Dense(table) => {
                    let l = &mut table[g as usize];
                    if *l == u32::MAX {
                        *l = next;
                    }
                    *l
                }
                LocalIds::Sparse(map) => *map.entry(g).or_insert(next),
            };
            if l == next {
                globals.push(g);
                count.push(0);
            }
            count[l as usize] += 1;
            // The dense numbering's `seq` is made after, if needed.
            if !dense {
                seq.push((i, l));
            }
        }
        let own = dense && globals.iter().enumerate().all(|(l, &g)| g as usize == l);
        if !own && let LocalIds::Dense(table) = local {
            seq.extend(run.iter().map(|&(i, g)| (i, table[g as usize])));
        }
        match local {
            LocalIds::Dense(table) => {
                for &g in globals.iter() {
                    table[g as usize] = u32::MAX;
                }
            }
            LocalIds::Sparse(map) => map.clear(),
        }
        own
    }
}

/// The document's candidate words by id.
#[derive(Clone, Copy)]
struct Words<'w> {
    text: &'w [&'w str],
}

/// TF-IDF then TextRank keywords over a run of candidate tokens ((token
/// index, document word id), in text order).
fn keywords_of(
    run: &[(u32, u32)],
    words: Words,
    idf: &[f64],
    top: usize,
    scratch: &mut Scratch,
) -> Vec<Keyword> {
    let own = scratch.number(run);
    let by_tfidf = tfidf(words, idf, top, scratch);
    let by_textrank = if own {
        textrank(words, top, run, scratch)
    } else {
        let seq = std::mem::take(&mut scratch.seq);
        let r = textrank(words, top, &seq, scratch);
        scratch.seq = seq;
        r
    };
    // One list of the two, exactly the size (a big document holds
    // hundreds of thousands of keywords to the end).
    let mut out = Vec::with_capacity(by_tfidf.len() + by_textrank.len());
    out.extend(by_tfidf);
    out.extend(by_textrank);
    out
}

/// The run's words by count × IDF (in order of first occurrence before
/// ranking, as the ranking's order is total).
fn tfidf(words: Words, idf: &[f64], top: usize, scratch: &Scratch) -> Vec<Keyword> {
    let scored = scratch
        .globals
        .iter()
        .zip(&scratch.count)
        .map(|(&g, &n)| (words.text[g as usize], g, f64::from(n) * idf[g as usize]));
    ranked(scored, top, KeywordMethod::TFIDF)
}

/// TextRank over the run's candidate tokens `seq` ((token index, local
/// id): [`Scratch::number`]'s).
fn textrank(words: Words, top: usize, seq: &[(u32, u32)], scratch: &mut Scratch) -> Vec<Keyword> {
    let Scratch {
        local,
        globals,
        occ,
        bucket,
        edges,
        ..
    } = scratch;
    let n = globals.len();
    if n == 0 {
        return Vec::new();
    }
    cooccurrences(seq, n, occ, bucket, edges);
    // A document-wide scratch serves one run only: what only made the
    // graph goes before the iterations' score vectors are made (the run
    // itself is the document's, read by the sections beside it).
    if matches!(local, LocalIds::Dense(_)) {
        *occ = Vec::new();
    }
    let score = scores(edges, n);
    if matches!(local, LocalIds::Dense(_)) {
        *edges = Edges::default();
    }
    let scored = globals
        .iter()
        .zip(score)
        .map(|(&g, s)| (words.text[g as usize], g, s));
    ranked(scored, top, KeywordMethod::TEXTRANK)
}

/// Each of the `n` words' sum of its edges' counts (both ends of each).
fn out_sums(edges: &Edges, n: usize) -> Vec<f64> {
    let mut out_sum = vec![0.0f64; n];
    edges.each(|u, v, w| {
        out_sum[u] += w;
        out_sum[v] += w;
    });
    out_sum
}

/// The TextRank scores of the `n` words of the graph `edges`: ten
/// iterations from 1.
fn scores(edges: &Edges, n: usize) -> Vec<f64> {
    let out_sum = out_sums(edges, n);
    // Each word's score is 1 − D plus, for each neighbour in ascending
    // order, its share `D * w / out_sum` of the neighbour's score (the
    // order of float additions matters: it is the graph's). The edges,
    // sorted by (lower, upper), give that order when each adds to both
    // its ends: a word's lower neighbours' rows all come before its own,
    // ascending, and its own row then gives its upper ones, ascending.
    // The shares are worked out again on each iteration rather than
    // kept: a whole document's graph has millions of edges, and two
    // shares an edge were most of the keywords' memory.
    //
    // An edge seen once (most of them) has w = 1, so its share of `u`'s
    // score is `D / out_sum[u] * score[u]` (`D * 1.0` is `D`): the same
    // for every such edge of `u`, worked out once a word an iteration
    // (`once`) and added as it is ([`Edges::spread`]).
    let mut score = vec![1.0f64; n];
    let mut next = vec![0.0f64; n];
    let mut once = vec![0.0f64; n];
    for _ in 0..10 {
        for ((o, &s), &sum) in once.iter_mut().zip(&score).zip(&out_sum) {
            *o = D / sum * s;
        }
        next.fill(1.0 - D);
        edges.spread(
            &Ranks {
                score: &score,
                out_sum: &out_sum,
                once: &once,
            },
            &mut next,
        );
        std::mem::swap(&mut score, &mut next);
    }
    score
}

/// The co-occurrence graph's edges ([`cooccurrences`]): for each lower
/// word `a`, its upper words with their counts at
/// `uppers[firsts[a]..firsts[a + 1]]`: an upper word seen once beside it
/// as its id alone, 4 bytes (most edges of a real text's graph: its
/// vocabulary is large), another as its id with [`COUNTED`] set and the
/// count after it, 8 bytes. In a graph of [`COUNTED`] words or more
/// (`wide`), every edge is an id and a count.
#[derive(Default)]
struct Edges {
    firsts: Vec<usize>,
    uppers: Vec<u32>,
    wide: bool,
}

/// What a TextRank iteration reads, by word: its score, the sum of its
/// edges' counts, and its share of its score for an edge seen once.
struct Ranks<'r> {
    score: &'r [f64],
    out_sum: &'r [f64],
    once: &'r [f64],
}

/// The bit of an upper word's id in [`Edges::uppers`] that says a count
/// follows.
const COUNTED: u32 = 1 << 31;

impl Edges {
    /// Starts a graph of `n` words.
    fn clear(&mut self, n: usize) {
        self.firsts.clear();
        self.uppers.clear();
        self.firsts.push(0);
        self.wide = n > COUNTED as usize;
    }

    /// An edge from the current lower word to `b`, seen `count` times.
    fn push(&mut self, b: u32, count: u32) {
        if count == 1 && !self.wide {
            self.uppers.push(b);
        } else {
            self.uppers
                .extend([if self.wide { b } else { b | COUNTED }, count]);
        }
    }

    /// The current lower word's edges are all pushed.
    fn next_word(&mut self) {
        self.firsts.push(self.uppers.len());
    }

    /// `f(lower id, upper id, count)` for every edge, in (lower, upper)
    /// order.
    fn each(&self, mut f: impl FnMut(usize, usize, f64)) {
        for (a, w) in self.firsts.windows(2).enumerate() {
            let mut row = self.uppers.get(w[0]..w[1]).unwrap_or_default();
            while let Some((&x, rest)) = row.split_first() {
                if !self.wide && x & COUNTED == 0 {
                    f(a, x as usize, 1.0);
                    row = rest;
                } else if let Some((&count, rest)) = rest.split_first() {
                    let b = if self.wide { x } else { x & !COUNTED };
                    f(a, b as usize, f64::from(count));
                    row = rest;
                } else {
                    break;
                }
            }
        }
    }

    /// One TextRank iteration: adds to `next[v]`, for every edge (u, v)
    /// in (lower, upper) order, `u`'s share `D * w / out_sum[u] *
    /// score[u]`, and to `next[u]` `v`'s, as [`Edges::each`] would
    /// (`Ranks::once` standing for the share of an edge seen once): the
    /// same terms in the same order. A lower word's sum is kept in a
    /// register along its row: no edge of its row adds to another
    /// word's sum that its row reads, as its uppers are all above it.
    fn spread(&self, r: &Ranks, next: &mut [f64]) {
        let n = next.len();
        let (once, score, out_sum) = (&r.once[..n], &r.score[..n], &r.out_sum[..n]);
        let share = |u: usize, w: f64| D * w / out_sum[u] * score[u];
        for (a, bounds) in self.firsts.windows(2).enumerate() {
            let row = self.uppers.get(bounds[0]..bounds[1]).unwrap_or_default();
            if row.is_empty() {
                continue;
            }
            let (Some(&mine), Some(&sum)) = (once.get(a), next.get(a)) else {
                break;
            };
            let mut sum = sum;
            let mut row = row.iter();
            if self.wide {
                while let (Some(&b), Some(&count)) = (row.next(), row.next()) {
                    let (b, w) = (b as usize, f64::from(count));
                    next[b] += share(a, w);
                    sum += share(b, w);
                }
            } else {
                while let Some(&x) = row.next() {
                    if x & COUNTED == 0 {
                        let b = x as usize;
                        next[b] += mine;
                        sum += once[b];
                    } else if let Some(&count) = row.next() {
                        let (b, w) = ((x & !COUNTED) as usize, f64::from(count));
                        next[b] += share(a, w);
                        sum += share(b, w);
                    }
                }
            }
            next[a] = sum;
        }
    }

    /// Every edge as (lower id, upper id, count), sorted by (lower, upper).
    #[cfg(test)]
    fn iter(&self) -> impl Iterator<Item = (u32, u32, f64)> {
        let mut all = Vec::new();
        self.each(|a, b, count| all.push((a as u32, b as u32, count)));
        all.into_iter()
    }
}

/// The co-occurrence graph of `seq` (candidate tokens as (position, word
/// id), ascending by position; word ids below `n`) into `edges`: every two
/// different words within the window of each other (the tokens between
/// them count towards the window's width all the same), counted once per
/// occurrence, as (lower id, upper id, count) sorted by (lower, upper).
///
/// Word by word in ascending id: its occurrences (grouped by a counting
/// sort into `occ`) are looked at with the window's tokens on both sides,
/// and the neighbours with a higher id gathered and sorted in `bucket`.
/// Each pair of occurrences is so counted once, at its lower word, and the
/// memory is one index per candidate token rather than one per pair.
fn cooccurrences(
    seq: &[(u32, u32)],
    n: usize,
    occ: &mut Vec<u32>,
    bucket: &mut Vec<u32>,
    edges: &mut Edges,
) {
    // starts[a]..starts[a + 1]: where the occurrences of word a go.
    let mut starts = vec![0u32; n + 1];
    for &(_, u) in seq {
        starts[u as usize + 1] += 1;
    }
    for a in 0..n {
        starts[a + 1] += starts[a];
    }
    let mut fill = starts.clone();
    occ.clear();
    occ.resize(seq.len(), 0);
    for (k, &(_, u)) in seq.iter().enumerate() {
        let f = &mut fill[u as usize];
        occ[*f as usize] = k as u32;
        *f += 1;
    }
    drop(fill);
    let window = WINDOW as u32;
    edges.clear(n);
    for a in 0..n {
        let a32 = a as u32;
        bucket.clear();
        for &k in &occ[starts[a] as usize..starts[a + 1] as usize] {
            let k = k as usize;
            let p = seq[k].0;
            for &(q, v) in &seq[k + 1..] {
                if q - p >= window {
                    break;
                }
                if v > a32 {
                    bucket.push(v);
                }
            }
            for &(q, v) in seq[..k].iter().rev() {
                if p - q >= window {
                    break;
                }
                if v > a32 {
                    bucket.push(v);
                }
            }
        }
        bucket.sort_unstable();
        // Runs of one upper id: an edge weighing the run's length.
        let mut rest = &bucket[..];
        while let Some(&b) = rest.first() {
            let run = rest.iter().take_while(|&&x| x == b).count();
            // A count is at most a word's occurrences: under 2^32.
            edges.push(b, run as u32);
            rest = &rest[run..];
        }
        edges.next_word();
    }
}

/// The `top` best, weights divided by the best one (so 0–1), ties by word.
fn ranked<'w>(
    scored: impl IntoIterator<Item = (&'w str, u32, f64)>,
    top: usize,
    method: KeywordMethod,
) -> Vec<Keyword> {
    // A total order (the words of one list are distinct), so the `top` best
    // are the same whichever way they are found: here by keeping the best
    // so far, sorted, which most words fail to enter on one comparison with
    // the last of them.
    let order =
        |a: &(&str, u32, f64), b: &(&str, u32, f64)| b.2.total_cmp(&a.2).then_with(|| a.0.cmp(b.0));
    let mut best: Vec<(&str, u32, f64)> = Vec::with_capacity(top + 1);
    for x in scored {
        if !(x.2.is_finite() && x.2 > 0.0) {
            continue;
        }
        if best.len() == top
            && best
                .last()
                .is_none_or(|worst| order(&x, worst) != std::cmp::Ordering::Less)
        {
            continue;
        }
        let at = best.partition_point(|b| order(b, &x) == std::cmp::Ordering::Less);
        best.insert(at, x);
        best.truncate(top);
    }
    let max = best.first().map_or(1.0, |x| x.2);
    best.into_iter()
        .map(|(_, g, s)| Keyword {
            // The document word id, numbered in the keywords' own table
            // once the lists are made ([`numbered`]).
            word: g,
            weight: s / max,
            method,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every candidate token is listed, in text order, with its word's
    /// id, words first seen with a tag that is not a candidate's
    /// included.
    #[test]
    fn candidate_tokens_are_listed_with_their_words() {
        use crate::model::Span;
        let text = "发展经济，经济发展。中国经济的发展，我们研究发展问题和经济问题，问题很多。";
        // Each character pair a token, with tags that change from token
        // to token (a word's first tokens not a candidate's, then one).
        let tags = ["v", "m", "n", "x", "vn", "d", "nr", "u"];
        let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        let mut tokens = Vec::new();
        let mut k = 0;
        while k + 2 < bounds.len() {
            let n = 1 + (k % 3 != 0) as usize;
            let span = Span::new(bounds[k], bounds[k + n]);
            tokens.push(Token::new(span, tags[(k * 5 + n) % tags.len()]));
            k += n;
        }
        let kr = KeywordResources::without_idf();
        let at_once = word_ids(text, &tokens, &kr, &[]);
        // By the definition: a token is listed when its word passes the
        // word's tests and a token of that word at or before it had a
        // candidate tag; ids in order of those first tokens.
        let (mut want, mut ids) = (Vec::new(), Vec::<&str>::new());
        for (i, t) in tokens.iter().enumerate() {
            let w = t.span().text(text);
            if is_one_char(w) || !kr.is_candidate_word(w) {
                continue;
            }
            let tagged = |u: &Token| u.span().text(text) == w && is_candidate_pos(u.pos());
            if tokens[..=i].iter().any(tagged) {
                let id = ids.iter().position(|x| *x == w).unwrap_or_else(|| {
                    ids.push(w);
                    ids.len() - 1
                });
                want.push((i as u32, id as u32));
            }
        }
        assert_eq!(at_once.seq, want);
        assert_eq!(at_once.words, ids);
        // Some word became a candidate after a token that was not.
        let first_none = at_once.words.iter().enumerate().any(|(id, w)| {
            let first = tokens.iter().position(|t| t.span().text(text) == *w);
            first.is_some_and(|i| !at_once.seq.contains(&(i as u32, id as u32)))
        });
        assert!(first_none && !at_once.words.is_empty());
    }

    #[test]
    fn stop_words_are_chinese() {
        let s = stop_words();
        assert!(s.len() > 300);
        for w in ["的", "我们", "表示", "进行"] {
            assert!(s.contains(w), "{w}");
        }
    }

    #[test]
    fn textrank_and_tfidf_rank_repeated_content_words_first() {
        let words = ["互联网", "企业", "党建", "蓝莓"];
        let ids = [0u32, 1, NONE, 2, 0, 1, 2, 0, 3];
        let run = run_of(&ids);
        let idf = vec![5.0; 4];
        let mut scratch = Scratch::dense(4);
        // Ids in order of first occurrence: the run is its own numbering.
        assert!(scratch.number(&run));
        assert!(scratch.seq.is_empty());
        let table = words;
        let words = Words { text: &words };
        let word = |k: &Keyword| table[k.word as usize];
        let t = tfidf(words, &idf, 3, &scratch);
        assert_eq!(word(&t[0]), "互联网");
        assert_eq!(t[0].weight, 1.0);
        assert_eq!(t.len(), 3);
        assert!(t.iter().all(|k| (0.0..=1.0).contains(&k.weight)));
        let r = textrank(words, 10, &run, &mut scratch);
        assert_eq!(r.len(), 4);
        assert_eq!(r[0].weight, 1.0);
        assert_eq!(r.last().map(word), Some("蓝莓"));
        // A word in both lists is the same number.
        let in_both = r.iter().find(|k| word(k) == "互联网");
        assert!(in_both.is_some_and(|k| k.word == t[0].word));
        // The method is the name's number, not a string allocated per keyword.
        assert!(t.iter().all(|k| k.method == KeywordMethod::TFIDF));
        assert!(r.iter().all(|k| k.method == KeywordMethod::TEXTRANK));
        // The numbering is left clean for the next section.
        match &scratch.local {
            LocalIds::Dense(t) => assert!(t.iter().all(|&l| l == u32::MAX)),
            LocalIds::Sparse(_) => panic!("dense"),
        }
    }

    /// The lists' document word ids become numbers in the keywords' own
    /// table, in order of first use (the document's list, then the
    /// sections' in order), each word once, naming the same words.
    #[test]
    fn keywords_words_are_numbered_in_order_of_first_use() {
        let words = ["甲", "乙乙", "丙", "丁丁丁", "戊"];
        let kw = |g: u32| Keyword {
            weight: 1.0 / f64::from(g + 1),
            word: g,
            method: KeywordMethod::TFIDF,
        };
        let k = numbered(
            Keywords {
                words: KeywordWords::default(),
                document: vec![kw(3), kw(1)],
                sections: vec![vec![], vec![kw(4), kw(3)], vec![kw(1), kw(0)]],
            },
            &words,
        );
        assert!(k.words.iter().eq(["丁丁丁", "乙乙", "戊", "甲"]));
        let spelled = |l: &[Keyword]| -> Vec<(String, f64)> {
            l.iter()
                .map(|x| (k.word(x).to_string(), x.weight))
                .collect()
        };
        let want = |l: &[u32]| -> Vec<(String, f64)> {
            l.iter()
                .map(|&g| (words[g as usize].to_string(), kw(g).weight))
                .collect()
        };
        assert_eq!(spelled(&k.document), want(&[3, 1]));
        assert_eq!(spelled(&k.sections[0]), want(&[]));
        assert_eq!(spelled(&k.sections[1]), want(&[4, 3]));
        assert_eq!(spelled(&k.sections[2]), want(&[1, 0]));
    }

    /// The candidate tokens of `ids` (a word id per token, [`NONE`] for
    /// a token that is not a candidate) as (token index, word id).
    fn run_of(ids: &[u32]) -> Vec<(u32, u32)> {
        ids.iter()
            .enumerate()
            .filter(|&(_, &g)| g != NONE)
            .map(|(i, &g)| (i as u32, g))
            .collect()
    }

    /// A pseudo-random run of word ids (some not candidates), from a seed.
    fn random_run(seed: u64, len: usize, words: u32) -> Vec<u32> {
        let mut x = seed | 1;
        (0..len)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                // A third not candidates, the rest skewed to low ids as
                // words are (a few frequent, many rare).
                match x % 3 {
                    0 => NONE,
                    _ => ((x >> 8) % u64::from(words)).min((x >> 40) % u64::from(words)) as u32,
                }
            })
            .collect()
    }

    /// A random run ([`random_run`]) numbered in a fresh [`Scratch`], and
    /// whether the numbering asked for wide ids.
    fn random_numbered(seed: u64, len: usize, words: u32) -> (Scratch, bool) {
        let run = run_of(&random_run(seed, len, words));
        let mut scratch = Scratch::sparse();
        let wide = scratch.number(&run);
        (scratch, wide)
    }

    /// The co-occurrence graph of a numbered run ([`cooccurrences`]).
    fn graph(scratch: &Scratch) -> Edges {
        let (mut occ, mut bucket, mut edges) = (Vec::new(), Vec::new(), Edges::default());
        cooccurrences(
            &scratch.seq,
            scratch.globals.len(),
            &mut occ,
            &mut bucket,
            &mut edges,
        );
        edges
    }

    /// The graph equals the definition's: every two candidate tokens less
    /// than the window apart with different words, counted per (lower,
    /// upper) word, in that order.
    #[test]
    fn cooccurrences_count_every_pair_within_the_window_once() {
        for seed in 1..40u64 {
            let (scratch, wide) =
                random_numbered(seed * 7919, 50 + seed as usize * 37, 3 + seed as u32 * 5);
            assert!(!wide);
            let seq = scratch.seq.clone();
            let mut want = std::collections::BTreeMap::<(u32, u32), u32>::new();
            for (k, &(p, u)) in seq.iter().enumerate() {
                for &(q, v) in &seq[k + 1..] {
                    if q - p < WINDOW as u32 && u != v {
                        *want.entry((u.min(v), u.max(v))).or_default() += 1;
                    }
                }
            }
            let want: Vec<(u32, u32, f64)> = want
                .into_iter()
                .map(|((a, b), c)| (a, b, f64::from(c)))
                .collect();
            assert_eq!(
                graph(&scratch).iter().collect::<Vec<_>>(),
                want,
                "seed {seed}"
            );
        }
    }

    /// The scores are, to the bit, those of the iterations as defined:
    /// each edge (u, v), in (lower, upper) order, adding `D * w /
    /// out_sum[u] * score[u]` to `v`'s next score and the reverse to
    /// `u`'s; in graphs with counts of one and more, and kept wide.
    #[test]
    fn textrank_scores_are_the_edgewise_sums_to_the_bit() {
        let mut counted = 0;
        for seed in 1..40u64 {
            let (scratch, _) =
                random_numbered(seed * 6151, 60 + seed as usize * 53, 2 + seed as u32 * 3);
            let n = scratch.globals.len();
            let edges = graph(&scratch);
            let out_sum = out_sums(&edges, n);
            let mut score = vec![1.0f64; n];
            let mut next = vec![0.0f64; n];
            for _ in 0..10 {
                next.fill(1.0 - D);
                edges.each(|u, v, w| {
                    next[v] += D * w / out_sum[u] * score[u];
                    next[u] += D * w / out_sum[v] * score[v];
                });
                std::mem::swap(&mut score, &mut next);
            }
            let bits = |s: &[f64]| s.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&scores(&edges, n)), bits(&score), "seed {seed}");
            // The same graph with every edge an id and a count.
            let mut wide = Edges::default();
            wide.clear(n);
            wide.wide = true;
            let all: Vec<(u32, u32, f64)> = edges.iter().collect();
            for a in 0..n as u32 {
                for &(_, b, w) in all.iter().filter(|e| e.0 == a) {
                    wide.push(b, w as u32);
                }
                wide.next_word();
            }
            assert_eq!(wide.iter().collect::<Vec<_>>(), all);
            assert_eq!(bits(&scores(&wide, n)), bits(&score), "seed {seed}");
            counted += all.iter().filter(|e| e.2 > 1.0).count();
        }
        assert!(counted > 100);
    }

    /// The edges read back as pushed, counts of one and more, with ids
    /// up to the flag's bit and past it (a graph of 2^31 words or more
    /// keeps every count).
    #[test]
    fn edges_read_back_as_pushed() {
        let rows: [&[(u32, u32)]; 4] = [
            &[(1, 1), (2, 3), (7, 1)],
            &[],
            &[(3, 2)],
            &[(9, 1), (10, 1)],
        ];
        for (n, top) in [
            (11, 0),
            (1 << 31, (1u32 << 31) - 12),
            ((1 << 31) + 1, 1 << 31),
        ] {
            let mut edges = Edges::default();
            edges.clear(n);
            let mut want = Vec::new();
            for (a, row) in rows.iter().enumerate() {
                for &(b, count) in *row {
                    edges.push(b + top, count);
                    want.push((a as u32, b + top, f64::from(count)));
                }
                edges.next_word();
            }
            assert_eq!(edges.iter().collect::<Vec<_>>(), want, "{n}");
            // Four bytes for each edge seen once, unless wide.
            let words = if n > COUNTED as usize { 12 } else { 8 };
            assert_eq!(edges.uppers.len(), words, "{n}");
        }
    }

    /// A section's keywords are the same, weights to the bit, whether its
    /// words are numbered through the document-wide table or the section's
    /// own map, or are their own numbering (ids in order of first
    /// occurrence, as the whole document's are), and one scratch serves
    /// run after run.
    #[test]
    fn sparse_and_dense_numberings_give_the_same_keywords() {
        let n = 200u32;
        let names: Vec<String> = (0..n).map(|i| format!("词{i}")).collect();
        let words: Vec<&str> = names.iter().map(String::as_str).collect();
        let words = Words { text: &words };
        let idf: Vec<f64> = (0..n).map(|i| 1.0 + f64::from(i % 17) / 3.0).collect();
        let mut dense = Scratch::dense(n as usize);
        let mut sparse = Scratch::sparse();
        for seed in 1..30u64 {
            let run = run_of(&random_run(seed * 104_729, 20 + seed as usize * 61, n));
            let a = keywords_of(&run, words, &idf, SECTION_TOP, &mut dense);
            let b = keywords_of(&run, words, &idf, SECTION_TOP, &mut sparse);
            assert!(!a.is_empty());
            let same = |a: &[Keyword], b: &[Keyword]| {
                assert_eq!(a.len(), b.len());
                for (x, y) in a.iter().zip(b) {
                    assert_eq!((&x.word, &x.method), (&y.word, &y.method));
                    assert_eq!(x.weight.to_bits(), y.weight.to_bits());
                }
            };
            same(&a, &b);
            // The same run with its words renumbered in order of first
            // occurrence: the dense numbering reads the run as it is.
            let mut first = vec![u32::MAX; n as usize];
            let mut k = 0;
            let own: Vec<(u32, u32)> = run
                .iter()
                .map(|&(i, g)| {
                    if first[g as usize] == u32::MAX {
                        first[g as usize] = k;
                        k += 1;
                    }
                    (i, first[g as usize])
                })
                .collect();
            let c = keywords_of(&own, words, &idf, SECTION_TOP, &mut dense);
            assert!(dense.seq.is_empty());
            let d = keywords_of(&own, words, &idf, SECTION_TOP, &mut sparse);
            same(&c, &d);
        }
        if let LocalIds::Sparse(map) = &sparse.local {
            assert!(map.is_empty());
        }
    }

    /// The shipped table's words are sorted and distinct (its lookups
    /// search them), a table reads back from its binary form unchanged,
    /// and damaged bytes are refused.
    #[test]
    fn the_compact_idf_table_reads_back_from_its_binary_form() {
        let table = idf_table();
        assert!(table.len() > 270_000);
        let words: Vec<&str> = table.iter().map(|(w, _)| w).collect();
        assert!(words.windows(2).all(|w| w[0] < w[1]));
        assert!(words.iter().all(|w| !w.is_empty() && !w.contains('\n')));
        for w in ["", "qzxjvkw", "一一一一一一", "\u{10FFFF}"] {
            assert_eq!(table.get(w), None, "{w}");
        }
        // Every word is found where it is, among the words of its first
        // character.
        for (i, (w, v)) in table.iter().enumerate() {
            assert_eq!(table.find(w), Some(i), "{w}");
            if i % 997 == 0 {
                assert_eq!(table.get(w), Some(v), "{w}");
            }
        }
        // First characters of one to four bytes, U+FFFF and past it.
        let lines = "a 1\nab 2\né 3\n中 4\n中国 5\n\u{FFFF}x 6\n𠀀 7\n𠀀a 8\n\u{10FFFF} 9\n";
        let t = IdfTable::parse(lines).unwrap_or_default();
        assert_eq!(t.len(), 9);
        for (k, line) in lines.lines().enumerate() {
            let word = line.split(' ').next().unwrap_or_default();
            assert_eq!(t.get(word), Some(k as f64 + 1.0), "{word}");
        }
        for w in ["", "b", "中华", "𠀁", "\u{FFFF}", "\u{10FFFE}"] {
            assert_eq!(t.get(w), None, "{w}");
        }
        // Unsorted lines, a word twice (the last wins), no median line:
        // the lower median of the values.
        let t = IdfTable::parse("乙 2.5\n甲 1.0\n乙 3.0\n丙 4.0\nbad line\n").unwrap_or_default();
        assert_eq!(t.len(), 3);
        assert_eq!(t.get("乙"), Some(3.0));
        assert_eq!(t.get("甲"), Some(1.0));
        assert_eq!(t.get("丙"), Some(4.0));
        assert_eq!(t.get("丁"), None);
        assert_eq!(t.median(), 2.5);
        let bin = t.to_binary();
        let back = IdfTable::from_binary(&bin).unwrap_or_default();
        let pairs = |t: &IdfTable| -> Vec<(String, u64)> {
            t.iter()
                .map(|(w, v)| (w.to_string(), v.to_bits()))
                .collect()
        };
        assert_eq!(pairs(&back), pairs(&t));
        assert_eq!(back.median(), 2.5);
        assert_eq!(back.get("乙"), Some(3.0));
        // Cut short anywhere, or a word's value index past the values.
        for n in [0, 5, 20, bin.len() - 1] {
            assert!(IdfTable::from_binary(&bin[..n]).is_err(), "{n}");
        }
        let mut wrong = bin.clone();
        // The first word's value index (after the magic, the median, the
        // count and three values, and the word count).
        let at = 6 + 8 + 4 + 3 * 8 + 4;
        wrong[at..at + 2].copy_from_slice(&7u16.to_le_bytes());
        assert!(IdfTable::from_binary(&wrong).is_err());
        // A word that is not UTF-8 (the last one's last byte).
        let mut wrong = bin.clone();
        let at = wrong.len() - 2;
        wrong[at] = 0xFF;
        assert!(IdfTable::from_binary(&wrong).is_err());
        assert!(IdfTable::from_zstd(b"not zstd").is_err());
    }

    /// The IDFs of a document's words found without jieba (the table's
    /// list of the words jieba splits) are those read off jieba (its cut
    /// of each word alone, as before the list): words of the table that
    /// jieba splits (中国人 → 中国/人, 副部长, 同学们), words it keeps
    /// whole (经济, 发展), words the table lacks, Latin words, stop words,
    /// and the candidate words of a text as the pipeline segments it.
    #[test]
    fn idfs_found_without_jieba_are_those_read_off_jieba() {
        use crate::annotate::tokens;
        let jieba = tokens::build_jieba().unwrap_or_else(|e| panic!("{e}"));
        let res = KeywordResources::without_idf();
        let table = idf_table();
        // Split, yet words of the table with an IDF of their own.
        for w in ["中国人", "副部长", "同学们"] {
            assert!(jieba.tag(w, false).len() > 1, "{w}");
            assert!(table.get(w).is_some_and(|v| v != table.median()), "{w}");
            assert_eq!(table.get_whole(w), None, "{w}");
        }
        for w in ["经济", "发展"] {
            assert_eq!(jieba.tag(w, false).len(), 1, "{w}");
            assert_eq!(table.get_whole(w), table.get(w), "{w}");
        }
        let text = "中国人和同学们讨论经济发展。副部长说，中国人的经济发展很快，\
                    同学们都同意。Rust语言和量子纠缠态也被提到，副部长很满意。";
        let toks = tokens::tokenize_with(text, &jieba, &tokens::PosOverrides::load());
        let ids = word_ids(text, &toks, &res, &[]);
        assert!(ids.words.len() > 8, "{:?}", ids.words);
        let mut words = ids.words.clone();
        words.extend([
            "中国人",
            "副部长",
            "同学们",
            "经济",
            "发展",
            "量子纠缠态",
            "iPhone",
            "NBA",
            "THE",
            "我们",
            "一个",
            "的",
            "不是一个词语",
        ]);
        let got = res.idf_of(&words, false, &idf_table());
        // As `alone` read jieba before the list.
        let off_jieba = |w: &str| -> f64 {
            let keyword = w.chars().nth(1).is_some()
                && !res.stop_words.contains(w)
                && (!w.chars().any(char::is_uppercase)
                    || !res.stop_words.contains(&w.to_lowercase()));
            match jieba.tag(w, false).as_slice() {
                [t] if keyword && t.word == w => table.get(w).unwrap_or(table.median()),
                _ => table.median(),
            }
        };
        let expected: Vec<f64> = words.iter().map(|w| off_jieba(w)).collect();
        assert_eq!(got, expected, "{words:?}");
        assert!(expected.iter().any(|&v| v == table.median()));
        assert!(expected.iter().filter(|&&v| v != table.median()).count() > 5);
    }

    /// The list of split words marks exactly its words; a word the table
    /// lacks, a list out of order or cut short is refused.
    #[test]
    fn the_split_list_marks_its_words_and_refuses_others() {
        let table = || {
            IdfTable::parse("上海 5.0\n人民 3.0\n北京 4.0\n经济 2.0\n银行 6.0\n")
                .unwrap_or_else(|e| panic!("{e}"))
        };
        // Without a list, every word is whole.
        assert_eq!(table().get_whole("人民"), Some(3.0));
        let t = table()
            .with_split("人民\n经济\n")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(t.get_whole("上海"), Some(5.0));
        assert_eq!(t.get_whole("人民"), None);
        assert_eq!(t.get_whole("北京"), Some(4.0));
        assert_eq!(t.get_whole("经济"), None);
        assert_eq!(t.get_whole("银行"), Some(6.0));
        assert_eq!(t.get_whole("中国"), None);
        assert_eq!(t.get("经济"), Some(2.0));
        assert!(table().with_split("中国\n").is_err());
        assert!(table().with_split("经济\n人民\n").is_err());
        assert!(table().with_split("人民").is_err());
        assert!(table().with_split("").is_ok());
    }

    /// The IDF of every word of the table, and of words it lacks, is what
    /// jieba-rs's own TF-IDF extraction (its map, its median) gives the
    /// word alone — what the keywords read before the compact table.
    #[test]
    fn idfs_equal_jieba_rs_tfidf_on_every_word_of_the_table() {
        use jieba_rs::{KeywordExtract, KeywordExtractConfig, TfIdf};
        let jieba = crate::annotate::tokens::build_jieba().unwrap_or_else(|e| panic!("{e}"));
        let res = KeywordResources::without_idf();
        let mut old = TfIdf::default();
        *old.config_mut() = KeywordExtractConfig::builder()
            .set_stop_words(stop_words().into_iter().collect())
            .build();
        let old_alone = |w: &str| {
            old.extract_keywords(&jieba, w, 1, Vec::new())
                .into_iter()
                .next()
                .filter(|k| k.keyword == w)
                .map(|k| k.weight)
        };
        let median = old_alone("qzxjvkw").unwrap_or(f64::NAN);
        let table = idf_table();
        assert_eq!(table.median(), median);
        let mut differ = Vec::new();
        for (w, _) in table.iter() {
            let (new, old) = (res.alone(&table, w), old_alone(w).unwrap_or(median));
            if new.to_bits() != old.to_bits() {
                differ.push((w.to_string(), new, old));
            }
        }
        let others =
            "我们今天在北京看了NBA比赛和The Beatles的演出，觉得特别好看。中华人民共和国国务院总理";
        for t in jieba.cut(others, true) {
            for w in [t.word, &t.word.to_uppercase()] {
                let (new, old) = (res.alone(&table, w), old_alone(w).unwrap_or(median));
                if new.to_bits() != old.to_bits() {
                    differ.push((w.to_string(), new, old));
                }
            }
        }
        assert!(
            differ.is_empty(),
            "{} differ: {:?}",
            differ.len(),
            &differ[..differ.len().min(10)]
        );
    }
}
