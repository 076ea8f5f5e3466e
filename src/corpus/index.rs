//! The corpus and its background indexing.
//!
//! [`Corpus::open`] lists, reads and decodes every document (in parallel)
//! and builds the search index at once, so the list, search and the first
//! document are usable immediately. [`Corpus::index`] then starts a worker
//! thread that parses and annotates every document on its own rayon pool
//! (all cores), or takes the model from the cache, and reports each
//! document's summary and the progress over a channel. The caller (the
//! interface, or [`Corpus::index_blocking`]) folds the messages in with
//! [`Corpus::apply`].

use super::cache::{Cache, Lookup};
use super::entities::{self, EntityIndex, Mention};
use super::list::{self, Entry};
use super::search::{SearchIndex, fold_str};
use crate::annotate::{self, Resources};
use crate::model::{Annotated, Document, Format, Layer};
use crate::parse;
use crate::timings::{self, Phase};
use rayon::prelude::*;
use regex::Regex;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

/// What the document list shows about one document once it is indexed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DocSummary {
    pub title: String,
    /// `YYYY-MM-DD` (or `YYYY-MM`) when a date is found near the top of the
    /// text or in the file name.
    pub date: Option<String>,
    pub sections: usize,
    pub paragraphs: usize,
    pub sentences: usize,
    pub tokens: usize,
    /// Entity mentions (all labels).
    pub entities: usize,
    pub quantities: usize,
    pub quotes: usize,
    /// PER / ORG / LOC mentions for the entity index.
    pub mentions: Vec<Mention>,
    pub from_cache: bool,
    /// The words, for the share a reader knows (`learner::stats::Vocab`).
    pub vocab: crate::learner::stats::Vocab,
}

impl DocSummary {
    pub fn of(ann: &Annotated, path: &Path, from_cache: bool) -> DocSummary {
        let doc = &ann.doc;
        let title = doc
            .title
            .map(|s| doc.span_text(s).trim().to_string())
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| title_guess(&doc.text));
        DocSummary {
            title,
            date: find_date(&doc.text, path),
            sections: doc.sections.len(),
            paragraphs: doc.paragraphs.len(),
            sentences: doc.sentences.len(),
            tokens: ann.tokens.len(),
            entities: ann.layer(Layer::Entities).count(),
            quantities: ann.layer(Layer::Quantities).count(),
            quotes: ann.annotations.iter().filter(|a| a.is_quote()).count(),
            mentions: entities::mentions(ann),
            from_cache,
            vocab: crate::learner::stats::Vocab::of(
                ann.tokens
                    .iter()
                    .map(|t| (doc.span_text(t.span()), t.pos())),
            ),
        }
    }
}

/// The first non-blank line, at most 60 chars: the title shown before a
/// document is parsed.
pub fn title_guess(text: &str) -> String {
    let line = text.lines().map(str::trim).find(|l| !l.is_empty());
    line.unwrap_or("").chars().take(60).collect()
}

fn date_regex() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"((?:19|20)\d{2})\s*(?:年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?|[-/.](\d{1,2})[-/.](\d{1,2})\b)",
        )
        .ok()
    })
    .as_ref()
}

/// A date in the first lines of the text (full-width digits too), else in
/// the file name (`2017-03-05`, `2017年3月5日`, `20170305`).
pub fn find_date(text: &str, path: &Path) -> Option<String> {
    let end = crate::text::floor_boundary(text, 1500);
    let head = fold_str(&text[..end]);
    date_in(&head).or_else(|| {
        let name = path.file_name()?.to_string_lossy().into_owned();
        date_in(&fold_str(&name)).or_else(|| compact_date(&name))
    })
}

fn date_in(s: &str) -> Option<String> {
    let c = date_regex()?.captures(s)?;
    let year = c.get(1)?.as_str();
    let (month, day) = match (c.get(2), c.get(4)) {
        (Some(m), _) => (m.as_str(), c.get(3).map(|d| d.as_str())),
        (None, Some(m)) => (m.as_str(), c.get(5).map(|d| d.as_str())),
        _ => return None,
    };
    let month: u32 = month.parse().ok()?;
    if !(1..=12).contains(&month) {
        return None;
    }
    match day.map(str::parse::<u32>) {
        Some(Ok(d)) if (1..=31).contains(&d) => Some(format!("{year}-{month:02}-{d:02}")),
        Some(_) => None,
        None => Some(format!("{year}-{month:02}")),
    }
}

fn compact_date(name: &str) -> Option<String> {
    let digits: Vec<char> = name.chars().collect();
    digits.windows(8).find_map(|w| {
        if !w.iter().all(char::is_ascii_digit) {
            return None;
        }
        let s: String = w.iter().collect();
        let (y, m, d) = (&s[0..4], &s[4..6], &s[6..8]);
        let (yn, mn, dn): (u32, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
        ((1900..2100).contains(&yn) && (1..=12).contains(&mn) && (1..=31).contains(&dn))
            .then(|| format!("{y}-{m}-{d}"))
    })
}

/// Builds the document for an entry's text (what `source::load_document`
/// does for a single file).
/// A rendered format's document was read with the file: it is used as it is.
pub fn make_document(entry: &Entry, text: &str) -> Document {
    if let Ok(l) = &entry.loaded
        && let Some(doc) = &l.doc
    {
        let mut doc = Document::clone(doc);
        doc.source.path = Some(entry.label());
        return doc;
    }
    let format = Format::detect(Some(&entry.path), text);
    let mut doc = timings::time(Phase::Parse, || parse::parse(text.to_string(), format));
    doc.source.path = Some(entry.label());
    if let Ok(l) = &entry.loaded {
        doc.source.encoding = l.encoding.clone();
        doc.source.warnings = l.warnings.clone();
    }
    doc
}

/// Indexing progress.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Progress {
    /// Documents done (indexed, taken from the cache, or failed to load).
    pub done: usize,
    pub total: usize,
    /// Of `done`, how many came from the cache.
    pub cached: usize,
    pub bytes_done: u64,
    pub bytes_total: u64,
    pub elapsed: Duration,
    pub finished: bool,
}

impl Progress {
    pub fn fraction(&self) -> f64 {
        if self.bytes_total == 0 {
            return if self.total == 0 {
                1.0
            } else {
                self.done as f64 / self.total as f64
            };
        }
        (self.bytes_done as f64 / self.bytes_total as f64).clamp(0.0, 1.0)
    }
    pub fn mb_per_s(&self) -> f64 {
        let s = self.elapsed.as_secs_f64();
        if s <= 0.0 {
            0.0
        } else {
            self.bytes_done as f64 / 1e6 / s
        }
    }
    /// Estimated time left, from the rate so far.
    pub fn eta(&self) -> Option<Duration> {
        if self.finished {
            return Some(Duration::ZERO);
        }
        let rate = self.bytes_done as f64 / self.elapsed.as_secs_f64().max(1e-9);
        if self.bytes_done == 0 || rate <= 0.0 {
            return None;
        }
        let left = self.bytes_total.saturating_sub(self.bytes_done) as f64 / rate;
        Some(Duration::from_secs_f64(left.min(1e7)))
    }
    /// `123/2000 docs · 1.2/5.3 MB · 4.1 MB/s · ETA 12s`
    pub fn line(&self) -> String {
        let eta = match self.eta() {
            Some(_) if self.finished => format!("done in {:.1}s", self.elapsed.as_secs_f64()),
            Some(d) => format!("ETA {}s", d.as_secs() + u64::from(d.subsec_millis() > 0)),
            None => "ETA …".to_string(),
        };
        format!(
            "{}/{} docs · {:.1}/{:.1} MB · {:.1} MB/s · {eta}",
            self.done,
            self.total,
            self.bytes_done as f64 / 1e6,
            self.bytes_total as f64 / 1e6,
            self.mb_per_s()
        )
    }
}

/// A message from the indexing worker.
#[derive(Debug)]
pub enum IndexMsg {
    /// A document was indexed.
    Doc {
        doc: usize,
        summary: Box<DocSummary>,
    },
    Progress(Progress),
    /// Something the user should know once (the dictionaries failed to load,
    /// the cache cannot be written).
    Warning(String),
    /// The last message.
    Done(Progress),
}

/// How to index.
#[derive(Clone, Default)]
pub struct IndexOptions {
    pub cache: Option<Cache>,
    /// Shared resources; loaded on the worker on the first cache miss when
    /// `None`.
    pub resources: Option<Arc<Resources>>,
    /// Worker threads (0: one per core).
    pub threads: usize,
}

/// The running indexer: messages arrive on `rx`.
pub struct Indexer {
    pub rx: Receiver<IndexMsg>,
    stop: Arc<AtomicBool>,
    handle: Option<std::thread::JoinHandle<()>>,
}

impl Indexer {
    /// Asks the worker to stop after the documents in hand.
    pub fn stop(&self) {
        self.stop.store(true, Ordering::Relaxed);
    }
    /// Stops and waits for the worker.
    pub fn join(mut self) {
        self.stop();
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
    }
}

impl Indexer {
    /// Hands every message to `send` on a thread of its own (which keeps the
    /// worker alive) until the last one, or until `send` returns false.
    pub fn forward(self, send: impl Fn(IndexMsg) -> bool + Send + 'static) {
        let _ = std::thread::Builder::new()
            .name("yuelan-index-fwd".to_string())
            .spawn(move || {
                for msg in self.rx.iter() {
                    let done = matches!(msg, IndexMsg::Done(_));
                    if !send(msg) || done {
                        break;
                    }
                }
                self.stop();
            });
    }
}

impl Drop for Indexer {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Many documents: their list, texts, summaries and entity index.
pub struct Corpus {
    pub entries: Vec<Entry>,
    pub search: SearchIndex,
    /// Per document, once indexed.
    pub summaries: Vec<Option<DocSummary>>,
    pub entities: EntityIndex,
    pub progress: Progress,
    /// The full-text index of a big corpus (`fulltext`), once built.
    pub fulltext: Arc<super::fulltext::Slot>,
}

impl Corpus {
    /// Lists, reads and decodes the paths (directories recursively, globs),
    /// splitting files into articles when asked.
    pub fn open(paths: &[PathBuf], split: bool) -> Corpus {
        Corpus::from_entries(list::open(paths, split))
    }

    pub fn from_entries(entries: Vec<Entry>) -> Corpus {
        let texts = entries
            .iter()
            .map(|e| match &e.loaded {
                Ok(l) => Arc::clone(&l.text),
                Err(_) => Arc::from(""),
            })
            .collect();
        let search = SearchIndex::new(texts);
        let total = entries.len();
        let bytes_total = entries.iter().map(|e| e.text_len() as u64).sum();
        Corpus {
            summaries: vec![None; total],
            entities: EntityIndex::new(),
            progress: Progress {
                total,
                bytes_total,
                ..Progress::default()
            },
            search,
            entries,
            fulltext: Arc::default(),
        }
    }

    /// Searches every document: a substring query through the full-text
    /// index when it is ready (the scan's hits, in the documents the index
    /// names), anything else by scanning.
    pub fn search_all(&self, query: &super::search::Query, limit: usize) -> super::search::Results {
        use super::search::Query;
        if let Query::Substring(q) = query
            && let Some(ready) = self.fulltext.ready()
            && let Ok(Some(docs)) = ready.candidates(q)
        {
            return self.search.search_docs(query, &docs, limit);
        }
        self.search.search(query, limit)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
    pub fn text(&self, doc: usize) -> &str {
        self.search.text(doc)
    }
    /// Documents that failed to load, with their reasons.
    pub fn failures(&self) -> impl Iterator<Item = (usize, &str)> {
        self.entries
            .iter()
            .enumerate()
            .filter_map(|(i, e)| e.failure().map(|r| (i, r)))
    }
    /// The title shown in the list: the parsed title once indexed, else the
    /// first line.
    pub fn title(&self, doc: usize) -> String {
        match self.summaries.get(doc) {
            Some(Some(s)) => s.title.clone(),
            _ => {
                // A rendered document knows its title already.
                let read = self
                    .entries
                    .get(doc)
                    .and_then(|e| e.loaded.as_ref().ok())
                    .and_then(|l| l.doc.as_ref())
                    .and_then(|d| d.title.map(|t| d.span_text(t).trim().to_string()))
                    .filter(|t| !t.is_empty());
                read.unwrap_or_else(|| title_guess(self.text(doc)))
            }
        }
    }

    /// The document to read: the cached model when there is one, else freshly
    /// parsed (not annotated; the caller annotates it off the UI thread).
    pub fn document(&self, doc: usize, cache: Option<&Cache>) -> anyhow::Result<Annotated> {
        let entry = self
            .entries
            .get(doc)
            .ok_or_else(|| anyhow::anyhow!("no document number {doc}"))?;
        let loaded = entry
            .loaded
            .as_ref()
            .map_err(|why| anyhow::anyhow!("{}: {why}", entry.label()))?;
        if let Some(cache) = cache
            && let Lookup::Hit(ann) = cache.get(entry)
        {
            return Ok(*ann);
        }
        Ok(Annotated::unannotated(make_document(entry, &loaded.text)))
    }

    /// Folds one worker message into the corpus.
    pub fn apply(&mut self, msg: &IndexMsg) {
        match msg {
            IndexMsg::Doc { doc, summary } => {
                self.entities.add_doc(*doc, &summary.mentions);
                if let Some(slot) = self.summaries.get_mut(*doc) {
                    *slot = Some((**summary).clone());
                }
            }
            IndexMsg::Progress(p) | IndexMsg::Done(p) => self.progress = *p,
            IndexMsg::Warning(_) => {}
        }
    }

    /// Starts the indexing worker.
    pub fn index(&self, opts: IndexOptions) -> Indexer {
        let (tx, rx) = channel();
        let stop = Arc::new(AtomicBool::new(false));
        let entries = self.entries.clone();
        let stop2 = Arc::clone(&stop);
        let handle = std::thread::Builder::new()
            .name("yuelan-index".to_string())
            .spawn(move || run_worker(entries, opts, tx, stop2))
            .ok();
        Indexer { rx, stop, handle }
    }

    /// Indexes everything, waiting; returns the warnings.
    pub fn index_blocking(&mut self, opts: IndexOptions) -> Vec<String> {
        let indexer = self.index(opts);
        let mut warnings = Vec::new();
        for msg in indexer.rx.iter() {
            self.apply(&msg);
            match msg {
                IndexMsg::Warning(w) => warnings.push(w),
                IndexMsg::Done(_) => break,
                _ => {}
            }
        }
        indexer.join();
        warnings
    }
}

struct Shared {
    opts: IndexOptions,
    tx: Sender<IndexMsg>,
    stop: Arc<AtomicBool>,
    resources: OnceLock<Option<Arc<Resources>>>,
    cache_warned: AtomicBool,
    start: Instant,
    total: usize,
    bytes_total: u64,
    done: AtomicUsize,
    cached: AtomicUsize,
    bytes_done: AtomicU64,
}

impl Shared {
    fn progress(&self, finished: bool) -> Progress {
        Progress {
            done: self.done.load(Ordering::Relaxed),
            total: self.total,
            cached: self.cached.load(Ordering::Relaxed),
            bytes_done: self.bytes_done.load(Ordering::Relaxed),
            bytes_total: self.bytes_total,
            elapsed: self.start.elapsed(),
            finished,
        }
    }
    fn resources(&self) -> Option<Arc<Resources>> {
        self.resources
            .get_or_init(|| {
                if let Some(r) = &self.opts.resources {
                    return Some(Arc::clone(r));
                }
                match Resources::load() {
                    Ok(r) => Some(Arc::new(r)),
                    Err(e) => {
                        let _ = self.tx.send(IndexMsg::Warning(format!(
                            "annotation is off: the dictionaries failed to load: {e:#}"
                        )));
                        None
                    }
                }
            })
            .clone()
    }
}

fn run_worker(
    entries: Vec<Entry>,
    opts: IndexOptions,
    tx: Sender<IndexMsg>,
    stop: Arc<AtomicBool>,
) {
    let threads = if opts.threads == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        opts.threads
    };
    let shared = Shared {
        total: entries.len(),
        bytes_total: entries.iter().map(|e| e.text_len() as u64).sum(),
        opts,
        tx,
        stop,
        resources: OnceLock::new(),
        cache_warned: AtomicBool::new(false),
        start: Instant::now(),
        done: AtomicUsize::new(0),
        cached: AtomicUsize::new(0),
        bytes_done: AtomicU64::new(0),
    };
    // Failed entries are done from the start.
    let failed = entries.iter().filter(|e| e.loaded.is_err()).count();
    shared.done.store(failed, Ordering::Relaxed);
    let _ = shared.tx.send(IndexMsg::Progress(shared.progress(false)));
    let work = || {
        entries
            .par_iter()
            .enumerate()
            .for_each(|(i, e)| index_one(&shared, i, e));
    };
    // A pool of its own, so searches on the global pool are not queued
    // behind indexing.
    match rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("yuelan-index-{i}"))
        .build()
    {
        Ok(pool) => pool.install(work),
        Err(_) => entries
            .iter()
            .enumerate()
            .for_each(|(i, e)| index_one(&shared, i, e)),
    }
    timings::record(Phase::Index, shared.start.elapsed());
    let stopped = shared.stop.load(Ordering::Relaxed);
    let _ = shared.tx.send(IndexMsg::Done(shared.progress(!stopped)));
}

fn index_one(shared: &Shared, i: usize, entry: &Entry) {
    if shared.stop.load(Ordering::Relaxed) {
        return;
    }
    let Ok(loaded) = &entry.loaded else {
        return;
    };
    let cached = match &shared.opts.cache {
        Some(cache) => match cache.get(entry) {
            Lookup::Hit(ann) => Some(*ann),
            _ => None,
        },
        None => None,
    };
    let from_cache = cached.is_some();
    let ann = match cached {
        Some(a) => a,
        None => {
            let doc = make_document(entry, &loaded.text);
            let mut ann = match shared.resources() {
                Some(res) => annotate::annotate(doc, &res),
                None => Annotated::unannotated(doc),
            };
            if let Some(cache) = &shared.opts.cache
                && let Err(e) = cache.put(entry, &mut ann)
                && !shared.cache_warned.swap(true, Ordering::Relaxed)
            {
                let _ = shared.tx.send(IndexMsg::Warning(format!(
                    "the annotation cache cannot be written: {e:#}"
                )));
            }
            ann
        }
    };
    let summary = DocSummary::of(&ann, &entry.path, from_cache);
    drop(ann);
    shared.done.fetch_add(1, Ordering::Relaxed);
    if from_cache {
        shared.cached.fetch_add(1, Ordering::Relaxed);
    }
    shared
        .bytes_done
        .fetch_add(loaded.text.len() as u64, Ordering::Relaxed);
    let _ = shared.tx.send(IndexMsg::Doc {
        doc: i,
        summary: Box::new(summary),
    });
    let _ = shared.tx.send(IndexMsg::Progress(shared.progress(false)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_from_text_and_names() {
        let p = Path::new("x.txt");
        assert_eq!(
            find_date("标题\n2017年3月5日 来源：新华社\n正文", p).as_deref(),
            Some("2017-03-05")
        );
        assert_eq!(
            find_date("发布时间：２０２０年１２月", p).as_deref(),
            Some("2020-12")
        );
        assert_eq!(
            find_date("更新于 2019-11-02 08:00", p).as_deref(),
            Some("2019-11-02")
        );
        assert_eq!(find_date("增长了2000多人", p), None);
        assert_eq!(
            find_date("没有日期", Path::new("news/20180412_报道.txt")).as_deref(),
            Some("2018-04-12")
        );
        assert_eq!(
            find_date("没有日期", Path::new("2016-07-01.txt")).as_deref(),
            Some("2016-07-01")
        );
        assert_eq!(find_date("2019年13月", p), None);
    }

    #[test]
    fn progress_line_and_eta() {
        let p = Progress {
            done: 10,
            total: 20,
            cached: 0,
            bytes_done: 2_000_000,
            bytes_total: 4_000_000,
            elapsed: Duration::from_secs(1),
            finished: false,
        };
        assert!((p.mb_per_s() - 2.0).abs() < 1e-9);
        assert_eq!(p.eta().map(|d| d.as_secs()), Some(1));
        assert!((p.fraction() - 0.5).abs() < 1e-9);
        assert_eq!(p.line(), "10/20 docs · 2.0/4.0 MB · 2.0 MB/s · ETA 1s");
    }

    #[test]
    fn title_guess_takes_first_line() {
        assert_eq!(title_guess("\n\n  标题在这里  \n正文"), "标题在这里");
        assert_eq!(title_guess(""), "");
    }
}
