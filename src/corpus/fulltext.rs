//! A persistent full-text index for big corpora (tantivy, jieba words).
//!
//! A corpus of [`MIN_DOCS`] documents or [`MIN_BYTES`] of text or more is
//! searched through an index in the cache directory
//! (`<cache>/search/<corpus hash>/`, one per set of paths given); smaller
//! ones are scanned ([`super::search::SearchIndex`]), which is as fast
//! and needs nothing on disk.
//!
//! - **Terms.** Text is folded as the scan folds it (ASCII lower case,
//!   full-width forms to ASCII), then cut by jieba in search mode (a long
//!   word gives its dictionary sub-words too: 增长率 → 增长, 增长率), and
//!   every CJK character is indexed as well. Only which documents hold a
//!   term is kept (no positions, no frequencies): the index only narrows
//!   the documents a query is then looked for in.
//! - **Queries.** A query's words (jieba, not search mode) must all be in a
//!   document; when that finds nothing, its characters must all be. The
//!   candidates are then searched for the query as the scan does, in list
//!   order, until the limit: hits are the scan's hits in the documents the
//!   index names. A word the query's segmentation gives but the
//!   document's does not (长江 in 市长江大桥, cut 市长/江大桥) is not found
//!   when some other document holds the word: that is a word search, where
//!   the scan is a substring search. Regular expressions are scanned.
//! - **Updates.** Each document is keyed by its canonical path (and article
//!   number) and stamped by its file's size, mtime and content hash;
//!   [`FullText::sync`] deletes what vanished or changed and adds what is
//!   new or changed, then commits. An index that cannot be opened (corrupt,
//!   from another version) is deleted and built again.

use super::list::{Entry, content_hash};
use super::search::fold_str;
use anyhow::Context;
use jieba_rs::Jieba;
use rustc_hash::FxHashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use tantivy::collector::DocSetCollector;
use tantivy::query::{BooleanQuery, Query, TermQuery};
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

/// Corpora with at least this many documents are indexed…
pub const MIN_DOCS: usize = 2_000;
/// …or with at least this much text.
pub const MIN_BYTES: u64 = 50_000_000;

/// Changes when the schema or the terms change: an index of another
/// version is rebuilt.
const VERSION: &str = "yuelan-fulltext-1";
const VERSION_FILE: &str = "yuelan-version";
const TOKENIZER: &str = "yuelan_words";

/// Whether a corpus this big is searched through the index.
pub fn wanted(docs: usize, bytes: u64) -> bool {
    docs >= MIN_DOCS || bytes >= MIN_BYTES
}

/// jieba with the project's user dictionary, loaded once for the index.
fn jieba() -> &'static Jieba {
    static J: OnceLock<Jieba> = OnceLock::new();
    J.get_or_init(|| crate::annotate::tokens::build_jieba().unwrap_or_else(|_| Jieba::new()))
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

fn is_word(w: &str) -> bool {
    w.chars().any(char::is_alphanumeric)
}

/// The terms a text is indexed by: jieba's search-mode words of the folded
/// text, and each CJK character.
pub fn index_terms(text: &str, out: &mut Vec<Token>) {
    out.clear();
    let folded = fold_str(text);
    let push = |word: &str, from: usize, out: &mut Vec<Token>| {
        out.push(Token {
            offset_from: from,
            offset_to: from + word.len(),
            position: out.len(),
            text: word.to_string(),
            position_length: 1,
        });
    };
    for t in jieba().cut_for_search(&folded, false) {
        let word = t.word;
        if !is_word(word) {
            continue;
        }
        push(word, t.byte_start, out);
        if word.chars().nth(1).is_some() {
            for (i, c) in word.char_indices() {
                if is_cjk(c) {
                    push(&word[i..i + c.len_utf8()], t.byte_start + i, out);
                }
            }
        }
    }
}

/// A query's terms: its words (jieba, not search mode), and its CJK
/// characters with its other words (the fallback).
pub fn query_terms(query: &str) -> (Vec<String>, Vec<String>) {
    let folded = fold_str(query);
    let mut words: Vec<String> = Vec::new();
    let mut chars: Vec<String> = Vec::new();
    for t in jieba().cut(&folded, false) {
        let w = t.word;
        if !is_word(w) {
            continue;
        }
        words.push(w.to_string());
        if w.chars().any(is_cjk) {
            chars.extend(w.chars().filter(|&c| is_cjk(c)).map(String::from));
        } else {
            chars.push(w.to_string());
        }
    }
    for v in [&mut words, &mut chars] {
        v.sort();
        v.dedup();
    }
    (words, chars)
}

/// The index's tokenizer ([`index_terms`]).
#[derive(Clone, Default)]
struct Words {
    tokens: Vec<Token>,
    empty: Token,
}

struct WordStream<'a> {
    tokens: &'a mut [Token],
    empty: &'a mut Token,
    /// One past the current token (0 before the first `advance`).
    next: usize,
}

impl Tokenizer for Words {
    type TokenStream<'a> = WordStream<'a>;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordStream<'a> {
        index_terms(text, &mut self.tokens);
        WordStream {
            tokens: &mut self.tokens,
            empty: &mut self.empty,
            next: 0,
        }
    }
}

impl TokenStream for WordStream<'_> {
    fn advance(&mut self) -> bool {
        if self.next < self.tokens.len() {
            self.next += 1;
            true
        } else {
            false
        }
    }
    fn token(&self) -> &Token {
        self.next
            .checked_sub(1)
            .and_then(|i| self.tokens.get(i))
            .unwrap_or(&*self.empty)
    }
    fn token_mut(&mut self) -> &mut Token {
        match self.next.checked_sub(1) {
            Some(i) if i < self.tokens.len() => &mut self.tokens[i],
            _ => self.empty,
        }
    }
}

/// One document to index: its key, its stamp and its text.
pub struct Doc {
    pub key: u64,
    pub stamp: u64,
    pub text: Arc<str>,
}

/// The key of a corpus entry: a hash of its canonical path and article
/// number.
pub fn entry_key(entry: &Entry) -> u64 {
    let path = std::fs::canonicalize(&entry.path).unwrap_or_else(|_| entry.path.clone());
    let mut s = path.display().to_string();
    if let Some(k) = entry.part {
        s.push_str(&format!("#{k}"));
    }
    content_hash(s.as_bytes())
}

/// The stamp of a corpus entry: its file's size, mtime and content hash.
pub fn entry_stamp(entry: &Entry) -> u64 {
    let s = entry.stamp;
    let mut b = [0u8; 24];
    b[..8].copy_from_slice(&s.size.to_le_bytes());
    b[8..16].copy_from_slice(&s.mtime_ns.to_le_bytes());
    b[16..].copy_from_slice(&s.hash.to_le_bytes());
    content_hash(&b)
}

/// The documents of a corpus to index (failed entries have no text and
/// are left out).
pub fn corpus_docs(entries: &[Entry]) -> Vec<(usize, Doc)> {
    use rayon::prelude::*;
    entries
        .par_iter()
        .enumerate()
        .filter_map(|(i, e)| {
            let text = Arc::clone(&e.loaded.as_ref().ok()?.text);
            Some((
                i,
                Doc {
                    key: entry_key(e),
                    stamp: entry_stamp(e),
                    text,
                },
            ))
        })
        .collect()
}

/// Where the index of a corpus opened from `paths` lives:
/// `<cache>/search/<hash of the canonical paths and the split flag>`.
pub fn dir_for(paths: &[PathBuf], split: bool) -> anyhow::Result<PathBuf> {
    let mut names: Vec<String> = paths
        .iter()
        .map(|p| {
            std::fs::canonicalize(p)
                .unwrap_or_else(|_| p.clone())
                .display()
                .to_string()
        })
        .collect();
    names.sort();
    let mut s = names.join("\n");
    if split {
        s.push_str("\n--split-articles");
    }
    Ok(crate::storage::cache_dir()?
        .join("search")
        .join(format!("{:016x}", content_hash(s.as_bytes()))))
}

/// What [`FullText::sync`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SyncStats {
    pub added: usize,
    pub removed: usize,
    pub kept: usize,
}

/// An open index.
pub struct FullText {
    dir: PathBuf,
    index: Index,
    reader: IndexReader,
    key: Field,
    stamp: Field,
    body: Field,
    /// Writer threads and memory budget for [`FullText::sync`].
    threads: usize,
}

fn schema() -> (Schema, Field, Field, Field) {
    let mut b = Schema::builder();
    let key = b.add_u64_field("key", INDEXED | FAST);
    let stamp = b.add_u64_field("stamp", FAST);
    let body = b.add_text_field(
        "body",
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(TOKENIZER)
                .set_index_option(IndexRecordOption::Basic),
        ),
    );
    (b.build(), key, stamp, body)
}

impl FullText {
    /// Opens the index in `dir`, or creates it; an index that cannot be
    /// opened (corrupt, of another version) is deleted and created again.
    pub fn open(dir: &Path) -> anyhow::Result<FullText> {
        match Self::open_existing(dir) {
            Ok(Some(ft)) => return Ok(ft),
            Ok(None) => {}
            Err(_) => {
                // Corrupt or unreadable: start again.
                std::fs::remove_dir_all(dir)
                    .with_context(|| format!("cannot remove the broken index {}", dir.display()))?;
            }
        }
        Self::create(dir)
    }

    fn open_existing(dir: &Path) -> anyhow::Result<Option<FullText>> {
        if !dir.join("meta.json").exists() {
            return Ok(None);
        }
        let version = std::fs::read_to_string(dir.join(VERSION_FILE)).unwrap_or_default();
        if version.trim() != VERSION {
            anyhow::bail!("index of another version");
        }
        let index = Index::open_in_dir(dir)?;
        let (expected, ..) = schema();
        if index.schema() != expected {
            anyhow::bail!("index of another schema");
        }
        let ft = Self::wrap(dir, index)?;
        // Every segment's data must be readable (a truncated file fails
        // here rather than at the first query).
        let searcher = ft.reader.searcher();
        for seg in searcher.segment_readers() {
            seg.fast_fields().u64("key")?;
            seg.inverted_index(ft.body)?;
        }
        Ok(Some(ft))
    }

    fn create(dir: &Path) -> anyhow::Result<FullText> {
        crate::storage::create_private_dir(dir)?;
        let (schema, ..) = schema();
        let index = Index::create_in_dir(dir, schema)
            .with_context(|| format!("cannot create the search index in {}", dir.display()))?;
        std::fs::write(dir.join(VERSION_FILE), VERSION)?;
        Self::wrap(dir, index)
    }

    fn wrap(dir: &Path, index: Index) -> anyhow::Result<FullText> {
        index.tokenizers().register(TOKENIZER, Words::default());
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let (_, key, stamp, body) = schema();
        Ok(FullText {
            dir: dir.to_path_buf(),
            index,
            reader,
            key,
            stamp,
            body,
            threads: 1,
        })
    }

    /// Indexes with `n` writer threads (1 by default: the browser indexes
    /// beside its other work).
    pub fn with_threads(mut self, n: usize) -> FullText {
        self.threads = n.max(1);
        self
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Documents in the index.
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The (key, stamp) of every document in the index.
    fn stamps(&self) -> anyhow::Result<FxHashMap<u64, u64>> {
        let searcher = self.reader.searcher();
        let mut out = FxHashMap::default();
        for seg in searcher.segment_readers() {
            let keys = seg.fast_fields().u64("key")?;
            let stamps = seg.fast_fields().u64("stamp")?;
            for d in seg.doc_ids_alive() {
                if let (Some(k), Some(s)) = (keys.first(d), stamps.first(d)) {
                    out.insert(k, s);
                }
            }
        }
        Ok(out)
    }

    /// Brings the index up to date with `docs`: documents no longer there
    /// or changed are deleted, new and changed ones added. `progress` is
    /// told how many documents were added so far.
    pub fn sync(&self, docs: &[Doc], progress: &dyn Fn(usize)) -> anyhow::Result<SyncStats> {
        let mut have = self.stamps()?;
        let mut stats = SyncStats::default();
        let mut todo: Vec<&Doc> = Vec::new();
        for d in docs {
            match have.remove(&d.key) {
                Some(s) if s == d.stamp => stats.kept += 1,
                Some(_) => {
                    todo.push(d);
                    stats.removed += 1;
                }
                None => todo.push(d),
            }
        }
        // What is left in `have` is gone from the corpus.
        stats.removed += have.len();
        if todo.is_empty() && have.is_empty() {
            return Ok(stats);
        }
        let budget = 40_000_000 * self.threads;
        let mut writer: IndexWriter = self
            .index
            .writer_with_num_threads(self.threads, budget)
            .context("the search index is in use by another yuelan")?;
        for &k in have.keys() {
            writer.delete_term(Term::from_field_u64(self.key, k));
        }
        for d in &todo {
            writer.delete_term(Term::from_field_u64(self.key, d.key));
        }
        for (i, d) in todo.iter().enumerate() {
            let mut doc = TantivyDocument::default();
            doc.add_u64(self.key, d.key);
            doc.add_u64(self.stamp, d.stamp);
            doc.add_text(self.body, &*d.text);
            writer.add_document(doc)?;
            stats.added += 1;
            if i % 256 == 255 {
                progress(i + 1);
            }
        }
        writer.commit()?;
        writer.wait_merging_threads()?;
        self.reader.reload()?;
        progress(todo.len());
        Ok(stats)
    }

    /// The keys of the documents holding every term (none for no terms).
    pub fn documents_with(&self, terms: &[String]) -> anyhow::Result<Vec<u64>> {
        if terms.is_empty() {
            return Ok(Vec::new());
        }
        let query = every_term(self.body, terms);
        let searcher = self.reader.searcher();
        let found = searcher.search(&query, &DocSetCollector)?;
        let mut columns = FxHashMap::default();
        let mut keys = Vec::with_capacity(found.len());
        for addr in found {
            let seg = addr.segment_ord;
            if let std::collections::hash_map::Entry::Vacant(v) = columns.entry(seg) {
                let col = searcher.segment_reader(seg).fast_fields().u64("key")?;
                v.insert(col);
            }
            if let Some(k) = columns.get(&seg).and_then(|c| c.first(addr.doc_id)) {
                keys.push(k);
            }
        }
        Ok(keys)
    }
}

/// The index of a corpus as the browser sees it: building, ready (with the
/// map from keys to list positions) or unavailable (why).
#[derive(Default)]
pub struct Slot {
    state: Mutex<SlotState>,
}

#[derive(Default)]
enum SlotState {
    /// The corpus is small: the scan is used.
    #[default]
    NotWanted,
    Building {
        added: usize,
        todo: usize,
    },
    Ready(Arc<Ready>),
    Failed(String),
}

/// A synced index and where each of its documents is in the list.
pub struct Ready {
    pub index: FullText,
    pub positions: FxHashMap<u64, usize>,
    pub stats: SyncStats,
    /// The index as it was when the tables were made (a searcher is a
    /// snapshot: later commits do not move its documents).
    searcher: tantivy::Searcher,
    /// Per segment of `searcher`, each document's list position
    /// ([`NOT_LISTED`] for a deleted one or one not in the list): a query
    /// maps its documents to positions by indexing, not by reading their
    /// keys and hashing them.
    tables: Vec<Vec<u32>>,
    /// One more than the largest list position.
    slots: usize,
}

/// A document of the index that is not in the list (or deleted).
const NOT_LISTED: u32 = u32::MAX;

impl Ready {
    /// The index and the list positions of its documents' keys.
    pub fn new(
        index: FullText,
        positions: FxHashMap<u64, usize>,
        stats: SyncStats,
    ) -> anyhow::Result<Ready> {
        let searcher = index.reader.searcher();
        let tables = searcher
            .segment_readers()
            .iter()
            .map(|seg| -> anyhow::Result<Vec<u32>> {
                let keys = seg.fast_fields().u64("key")?;
                let alive = seg.alive_bitset();
                Ok((0..seg.max_doc())
                    .map(|doc| {
                        let listed = alive.is_none_or(|a| a.is_alive(doc));
                        keys.first(doc)
                            .filter(|_| listed)
                            .and_then(|k| positions.get(&k))
                            .and_then(|&p| u32::try_from(p).ok())
                            .unwrap_or(NOT_LISTED)
                    })
                    .collect())
            })
            .collect::<anyhow::Result<_>>()?;
        let slots = positions.values().max().map_or(0, |&p| p + 1);
        Ok(Ready {
            index,
            positions,
            stats,
            searcher,
            tables,
            slots,
        })
    }

    /// The list positions of the documents that may hold `query` (a
    /// substring query's text, unfolded), in list order: those with all
    /// its words, else those with all its characters. `None` when the
    /// query has no word to look up (punctuation only).
    pub fn candidates(&self, query: &str) -> anyhow::Result<Option<Vec<usize>>> {
        let (words, chars) = query_terms(query);
        if words.is_empty() {
            return Ok(None);
        }
        let mut docs = self.listed_with(&words)?;
        if docs.is_empty() && chars != words {
            docs = self.listed_with(&chars)?;
        }
        Ok(Some(docs))
    }

    /// The list positions, in order, of the documents holding every term.
    /// A word in every document costs a pass over its postings, a table
    /// look-up per document and a bit per list position: no per-hit
    /// allocation, hashing or sorting (a common word in 100,000 documents
    /// is as cheap as a few thousand rare ones).
    fn listed_with(&self, terms: &[String]) -> anyhow::Result<Vec<usize>> {
        use tantivy::query::EnableScoring;
        if terms.is_empty() {
            return Ok(Vec::new());
        }
        let query = every_term(self.index.body, terms);
        let weight = query.weight(EnableScoring::disabled_from_searcher(&self.searcher))?;
        let mut bits = vec![0u64; self.slots.div_ceil(64)];
        for (seg, table) in self.searcher.segment_readers().iter().zip(&self.tables) {
            weight.for_each_no_score(seg, &mut |docs| {
                for &d in docs {
                    let p = table.get(d as usize).copied().unwrap_or(NOT_LISTED);
                    if let Some(word) = bits.get_mut(p as usize / 64) {
                        *word |= 1 << (p % 64);
                    }
                }
            })?;
        }
        let mut out = Vec::new();
        for (i, &word) in bits.iter().enumerate() {
            let mut w = word;
            while w != 0 {
                out.push(i * 64 + w.trailing_zeros() as usize);
                w &= w - 1;
            }
        }
        Ok(out)
    }
}

impl Slot {
    /// The ready index, if any.
    pub fn ready(&self) -> Option<Arc<Ready>> {
        match &*self.lock() {
            SlotState::Ready(r) => Some(Arc::clone(r)),
            _ => None,
        }
    }

    /// One line on the index's state, for the search overlay (`None` for a
    /// small corpus).
    pub fn status(&self) -> Option<String> {
        match &*self.lock() {
            SlotState::NotWanted => None,
            SlotState::Building { added, todo } => Some(format!(
                "search index building ({added}/{todo}); scanning meanwhile"
            )),
            SlotState::Ready(r) => Some(format!("search index: {} documents", r.positions.len())),
            SlotState::Failed(why) => Some(format!("search index unavailable ({why}); scanning")),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, SlotState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn set(&self, s: SlotState) {
        *self.lock() = s;
    }
}

impl Slot {
    /// Builds or updates the index of `entries` in `dir` (a corpus's list
    /// positions are those of `entries`), then holds it, or why it failed.
    pub fn build(&self, entries: &[Entry], dir: &Path) {
        self.set(SlotState::Building {
            added: 0,
            todo: entries.len(),
        });
        let result = (|| -> anyhow::Result<Ready> {
            let listed = corpus_docs(entries);
            let index = FullText::open(dir)?;
            let mut positions = FxHashMap::default();
            let mut docs = Vec::with_capacity(listed.len());
            for (i, d) in listed {
                positions.insert(d.key, i);
                docs.push(d);
            }
            let todo = docs.len();
            let stats = index.sync(&docs, &|added| {
                self.set(SlotState::Building { added, todo });
            })?;
            Ready::new(index, positions, stats)
        })();
        match result {
            Ok(r) => self.set(SlotState::Ready(Arc::new(r))),
            Err(e) => self.set(SlotState::Failed(format!("{e:#}"))),
        }
    }
}

/// [`Slot::build`] on a thread of its own (tantivy's one writer thread
/// beside it): the list and the scan answer meanwhile.
pub fn spawn_build(entries: &[Entry], dir: PathBuf, slot: Arc<Slot>) {
    slot.set(SlotState::Building {
        added: 0,
        todo: entries.len(),
    });
    // The texts are shared (`Arc`), the rest is small.
    let entries: Vec<Entry> = entries.to_vec();
    let spawned = std::thread::Builder::new()
        .name("search-index".into())
        .spawn({
            let slot = Arc::clone(&slot);
            move || slot.build(&entries, &dir)
        });
    if let Err(e) = spawned {
        slot.set(SlotState::Failed(e.to_string()));
    }
}

/// A query for the documents holding every one of `terms` in `body`.
fn every_term(body: Field, terms: &[String]) -> BooleanQuery {
    let queries: Vec<Box<dyn Query>> = terms
        .iter()
        .map(|t| {
            Box::new(TermQuery::new(
                Term::from_field_text(body, t),
                IndexRecordOption::Basic,
            )) as Box<dyn Query>
        })
        .collect();
    BooleanQuery::intersection(queries)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docs(texts: &[(u64, u64, &str)]) -> Vec<Doc> {
        texts
            .iter()
            .map(|&(key, stamp, t)| Doc {
                key,
                stamp,
                text: Arc::from(t),
            })
            .collect()
    }

    fn sorted(mut v: Vec<u64>) -> Vec<u64> {
        v.sort_unstable();
        v
    }

    fn words(q: &str) -> Vec<String> {
        query_terms(q).0
    }

    #[test]
    fn terms_are_folded_words_and_characters() {
        let mut out = Vec::new();
        index_terms("经济增长率ＧＤＰ，", &mut out);
        let terms: Vec<&str> = out.iter().map(|t| t.text.as_str()).collect();
        assert!(terms.contains(&"增长"), "{terms:?}");
        assert!(terms.contains(&"增长率"), "{terms:?}");
        assert!(terms.contains(&"率"), "{terms:?}");
        assert!(terms.contains(&"gdp"), "{terms:?}");
        assert!(!terms.contains(&"，"), "{terms:?}");
        let (w, c) = query_terms("GDP增长");
        assert_eq!(w, vec!["gdp".to_string(), "增长".to_string()]);
        assert_eq!(c, vec!["gdp", "增", "长"]);
    }

    #[test]
    fn builds_finds_updates_and_removes() -> anyhow::Result<()> {
        let dir = tempfile::tempdir()?;
        let ft = FullText::open(dir.path())?;
        let all = docs(&[
            (1, 10, "今年全县农村网络零售额同比增长三成。"),
            (2, 20, "气象台发布暴雨蓝色预警，提醒市民注意出行安全。"),
            (3, 30, "新能源汽车出口增长迅速，电池企业扩大产能。"),
        ]);
        let s = ft.sync(&all, &|_| {})?;
        assert_eq!(s.added, 3);
        assert_eq!(ft.len(), 3);
        assert_eq!(sorted(ft.documents_with(&words("增长"))?), vec![1, 3]);
        assert_eq!(ft.documents_with(&words("暴雨预警"))?, vec![2]);
        assert!(ft.documents_with(&words("火星"))?.is_empty());

        // Unchanged: nothing to do.
        let s = ft.sync(&all, &|_| {})?;
        assert_eq!((s.added, s.removed, s.kept), (0, 0, 3));

        // Document 2 changed (new stamp), document 3 is gone.
        let changed = docs(&[
            (1, 10, "今年全县农村网络零售额同比增长三成。"),
            (2, 21, "图书馆延长开放时间，方便读者借阅。"),
        ]);
        let s = ft.sync(&changed, &|_| {})?;
        assert_eq!((s.added, s.removed, s.kept), (1, 2, 1));
        assert_eq!(ft.len(), 2);
        assert!(ft.documents_with(&words("暴雨"))?.is_empty());
        assert_eq!(ft.documents_with(&words("图书馆"))?, vec![2]);
        assert_eq!(ft.documents_with(&words("增长"))?, vec![1]);

        // Reopened from disk: the same documents.
        drop(ft);
        let again = FullText::open(dir.path())?;
        assert_eq!(again.len(), 2);
        assert_eq!(again.documents_with(&words("图书馆"))?, vec![2]);
        Ok(())
    }

    /// Candidates come in list order (not key or index order), once each,
    /// without deleted documents or documents not in the list.
    #[test]
    fn candidates_are_list_positions_in_order() -> anyhow::Result<()> {
        let dir = tempfile::tempdir()?;
        let ft = FullText::open(dir.path())?;
        let text = |k: u64| {
            if k.is_multiple_of(3) {
                format!("第{k}篇：气象台发布暴雨预警。")
            } else {
                format!("第{k}篇：全县农村网络零售额同比增长。")
            }
        };
        let first: Vec<(u64, u64, String)> = (0..200).map(|k| (k, 1, text(k))).collect();
        let as_docs = |v: &[(u64, u64, String)]| {
            v.iter()
                .map(|(k, s, t)| Doc {
                    key: *k,
                    stamp: *s,
                    text: Arc::from(t.as_str()),
                })
                .collect::<Vec<_>>()
        };
        ft.sync(&as_docs(&first), &|_| {})?;
        // A second commit (a second segment): every tenth document
        // changed (deleted from the first segment, added again) to hold
        // the rarer word, and 150.. left out of the list.
        let second: Vec<(u64, u64, String)> = (0..200)
            .map(|k| match k % 10 {
                0 => (k, 2, format!("第{k}篇：图书馆延长开放时间，暴雨停了。")),
                _ => (k, 1, text(k)),
            })
            .collect();
        ft.sync(&as_docs(&second), &|_| {})?;
        // The list holds keys 0..150 in reverse order; the rest are not
        // in it.
        let positions: FxHashMap<u64, usize> = (0..150u64).map(|k| (k, 149 - k as usize)).collect();
        let ready = Ready::new(ft, positions, SyncStats::default())?;
        assert!(ready.searcher.segment_readers().len() >= 2);
        let expect = |f: &dyn Fn(u64) -> bool| -> Vec<usize> {
            let mut v: Vec<usize> = (0..150u64)
                .filter(|&k| f(k))
                .map(|k| 149 - k as usize)
                .collect();
            v.sort_unstable();
            v
        };
        assert_eq!(
            ready.candidates("暴雨")?,
            Some(expect(&|k| k.is_multiple_of(3) || k.is_multiple_of(10)))
        );
        assert_eq!(
            ready.candidates("零售额")?,
            Some(expect(&|k| !k.is_multiple_of(3) && !k.is_multiple_of(10)))
        );
        assert_eq!(
            ready.candidates("图书馆")?,
            Some(expect(&|k| k.is_multiple_of(10)))
        );
        assert_eq!(ready.candidates("火星")?, Some(Vec::new()));
        Ok(())
    }

    #[test]
    fn a_corrupt_index_is_rebuilt() -> anyhow::Result<()> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("idx");
        let ft = FullText::open(&path)?;
        ft.sync(&docs(&[(1, 1, "长江大桥通车。")]), &|_| {})?;
        drop(ft);
        std::fs::write(path.join("meta.json"), b"{ not json")?;
        let ft = FullText::open(&path)?;
        assert_eq!(ft.len(), 0, "the broken index was not started again");
        ft.sync(&docs(&[(1, 1, "长江大桥通车。")]), &|_| {})?;
        assert_eq!(ft.documents_with(&words("大桥"))?, vec![1]);
        // A segment file cut short is found when opening too.
        drop(ft);
        for f in std::fs::read_dir(&path)? {
            let p = f?.path();
            if p.extension().is_some_and(|e| e == "idx" || e == "fast") {
                std::fs::write(&p, b"")?;
            }
        }
        let ft = FullText::open(&path)?;
        assert_eq!(ft.len(), 0);
        Ok(())
    }

    #[test]
    fn size_threshold() {
        assert!(!wanted(1_999, 10_000_000));
        assert!(wanted(2_000, 0));
        assert!(wanted(10, MIN_BYTES));
    }
}
