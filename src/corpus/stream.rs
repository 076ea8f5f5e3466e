//! `yuelan annotate DIR… --format jsonl`: one JSON line per document, in a
//! stable order (the list order: arguments in turn, directories sorted by
//! name, articles in file order), annotated in parallel a batch at a time
//! and written in order, with a progress bar on stderr when it is a terminal.
//! Documents that fail are reported on stderr, one line each, and do not stop
//! the others.

use super::cache::{Cache, Lookup};
use super::index::make_document;
use super::list::{self, Entry};
use super::sink::Sink;
use crate::annotate::layers::LayerSet;
use crate::annotate::{self, Resources};
use crate::export::TokenStyle;
use crate::model::Annotated;
use crate::timings::{self, Phase};
use rayon::prelude::*;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::Instant;

/// What a stream wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StreamReport {
    pub written: usize,
    pub failed: usize,
    pub cached: usize,
}

/// Options for [`annotate_stream`].
pub struct StreamOptions<'a> {
    pub split: bool,
    pub cache: Option<Cache>,
    /// Show a progress bar on stderr (only honoured when it is a terminal).
    pub progress: bool,
    /// Appends a model's output line (without the newline) to the buffer,
    /// safe for a terminal as it is ([`crate::text::safe::json`]'s
    /// escapes): lines are written as they come. Lines are rendered a few
    /// documents to a buffer, so that a warm run neither allocates nor
    /// writes per document.
    pub to_line: &'a (dyn Fn(&Annotated, &mut Vec<u8>) -> anyhow::Result<()> + Sync),
    /// The annotation layers written (`--layers`); documents annotated
    /// now compute the default layers too, so that their cache entries
    /// serve any later run that does not ask for the learner layer.
    pub layers: LayerSet,
    /// When set, cache hits are written as yuelan/1 JSON lines (safe for a
    /// terminal) with the tokens as it says, straight from the cache
    /// entries ([`Cache::line`]: the bytes `to_line` gives for
    /// [`crate::corpus::stream::json_line`]'s format, without building
    /// the model), not through `to_line`. Only for a `to_line` that writes
    /// that format.
    pub cached_lines: Option<TokenStyle>,
}

/// The yuelan/1 JSON of a model on one line, safe for a terminal,
/// appended to `out`.
pub fn json_line(ann: &Annotated, out: &mut Vec<u8>) -> anyhow::Result<()> {
    crate::export::json::append_annotated_escaped(out, ann, TokenStyle::Full, false, None);
    Ok(())
}

/// `yuelan annotate PATHS --format jsonl`: streams to stdout. Documents
/// that cannot be read are skipped with a warning line each and the exit
/// code stays 0; when none can be read it is an error (one line, exit 1).
pub fn run_jsonl(
    global: &crate::cli::GlobalArgs,
    paths: &[PathBuf],
    split: bool,
) -> anyhow::Result<std::process::ExitCode> {
    run_jsonl_with(global, paths, split, TokenStyle::Full, LayerSet::ALL)
}

/// [`run_jsonl`] with the tokens written as `tokens` says.
pub fn run_jsonl_with(
    global: &crate::cli::GlobalArgs,
    paths: &[PathBuf],
    split: bool,
    tokens: TokenStyle,
    layers: LayerSet,
) -> anyhow::Result<std::process::ExitCode> {
    let settings = super::cache::settings_fingerprint(&global.glossaries);
    let to_line = move |ann: &Annotated, out: &mut Vec<u8>| -> anyhow::Result<()> {
        crate::export::json::append_annotated_escaped(out, ann, tokens, false, None);
        Ok(())
    };
    let opts = StreamOptions {
        split,
        // Entries are written off the annotating threads.
        cache: Cache::user(settings).map(Cache::with_background_writes),
        progress: true,
        to_line: &to_line,
        layers,
        cached_lines: Some(tokens),
    };
    let stdout = std::io::stdout();
    let mut lock = stdout.lock();
    // A regular file is written straight to, its room reserved ahead
    // (`sink::Reserved`); anything else through a buffer.
    let mut file_out;
    let mut buf_out;
    let out: &mut dyn Write = match regular_file(&mut lock) {
        Some(file) => {
            file_out = super::sink::Reserved::new(file);
            &mut file_out
        }
        None => {
            buf_out = std::io::BufWriter::new(&mut lock);
            &mut buf_out
        }
    };
    let mut err = std::io::stderr();
    match annotate_stream(paths, &opts, out, &mut err) {
        // The reader went away (`| head`): the output is simply cut short.
        Err(e)
            if e.downcast_ref::<std::io::Error>()
                .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe) =>
        {
            Ok(std::process::ExitCode::SUCCESS)
        }
        Err(e) => Err(e),
        Ok(_) => Ok(std::process::ExitCode::SUCCESS),
    }
}

/// Stdout as a file of its own (the same open file, no buffer between)
/// when it is a regular file, with anything buffered for it written first.
fn regular_file(lock: &mut std::io::StdoutLock) -> Option<std::fs::File> {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        lock.flush().ok()?;
        let file = std::fs::File::from(lock.as_fd().try_clone_to_owned().ok()?);
        file.metadata().is_ok_and(|m| m.is_file()).then_some(file)
    }
    #[cfg(not(unix))]
    {
        let _ = lock;
        None
    }
}

/// Whether `annotate PATHS --format jsonl` is of one big file: a regular
/// file of [`crate::allocator::MIN_BYTES`] or more, named alone. It is
/// annotated as one document, as `--format json` annotates it (its
/// passes' memory given back as they finish, the line written straight
/// to the output), not by [`run_jsonl_with`], which holds a batch's lines
/// and resources for many documents; the cache is asked first
/// ([`one_file`]) and given its entry after ([`PutLater`]).
pub fn is_one_big_file(paths: &[PathBuf]) -> bool {
    match paths {
        [path] => {
            path.as_os_str() != "-"
                && std::fs::metadata(path)
                    .is_ok_and(|m| m.is_file() && m.len() >= crate::allocator::MIN_BYTES)
        }
        _ => false,
    }
}

/// What [`one_file`] did.
pub enum OneFile {
    /// The line was written from the cache (with its newline), or cut
    /// short by the error.
    Written(std::io::Result<()>),
    /// The document is to be annotated: the file's bytes as read, and
    /// where its cache entry goes once it is (none when there is no cache
    /// or the format is forced).
    Annotate {
        bytes: Vec<u8>,
        put: Option<PutLater>,
    },
}

/// A cache entry to store once the document is annotated.
pub struct PutLater {
    cache: Cache,
    path: PathBuf,
    stamp: super::list::Stamp,
}

impl PutLater {
    /// Stores `ann` (every layer it holds): a cache that cannot be
    /// written only costs speed next time.
    pub fn put(&self, ann: &mut Annotated) {
        let _ = self.cache.put_file(&self.path, self.stamp, ann);
    }
}

/// The first step of `annotate FILE --format jsonl` for one big file
/// ([`is_one_big_file`]): reads it (as a corpus run does) and writes its
/// line to `out` straight from the cache when the cache has it, as
/// [`run_jsonl_with`] would ([`Cache::write_line_raw`], the entry's
/// pieces written as they are made); otherwise hands the bytes back to
/// be annotated. `forced` (a format forced with `--format-in`) leaves the cache
/// out: its entries are of the files as read by their names.
pub fn one_file(
    global: &crate::cli::GlobalArgs,
    path: &std::path::Path,
    forced: bool,
    (tokens, layers): (TokenStyle, LayerSet),
    out: &mut dyn Write,
) -> anyhow::Result<OneFile> {
    let cand = list::Candidate {
        path: path.to_path_buf(),
        problem: None,
        not_link: false,
    };
    let label = path.display();
    let raw = list::read_raw(&cand).map_err(|why| anyhow::anyhow!("{label}: {why}"))?;
    let cache = if forced {
        None
    } else {
        Cache::user(super::cache::settings_fingerprint(&global.glossaries))
    };
    let Some(cache) = cache else {
        return Ok(OneFile::Annotate {
            bytes: raw.bytes,
            put: None,
        });
    };
    let warn = |warnings: &[String]| {
        for w in warnings {
            let line = format!("yuelan: warning: {label}: {w}");
            eprintln!("{}", crate::text::safe::line(&line));
        }
    };
    match cache.write_line_raw(path, &raw, layers, tokens, out) {
        Ok(Ok(loaded)) => {
            warn(&loaded.warnings);
            return Ok(OneFile::Written(out.write_all(b"\n")));
        }
        Ok(Err(e)) => return Ok(OneFile::Written(Err(e))),
        // Not in the cache, stale or corrupt: annotated now.
        Err(Some(_)) => {
            let put = PutLater {
                cache,
                path: path.to_path_buf(),
                stamp: raw.stamp,
            };
            return Ok(OneFile::Annotate {
                bytes: raw.bytes,
                put: Some(put),
            });
        }
        // A good entry written through its model (a learner layer to
        // rebuild): decoded as a corpus run decodes it.
        Err(None) => {
            if let Some(entry) = list::load_raw(&cand, raw, false).into_iter().next()
                && let Lookup::Hit(mut ann) = cache.get_layers(&entry, layers.learner())
            {
                if let Ok(loaded) = &entry.loaded {
                    warn(&loaded.warnings);
                }
                layers.restrict(&mut ann);
                let written = crate::export::json::write_annotated_escaped(
                    &mut *out, &ann, tokens, false, None,
                )
                .and_then(|()| out.write_all(b"\n"));
                return Ok(OneFile::Written(written));
            }
        }
    }
    // The entry turned out bad: read again and annotated.
    let raw = list::read_raw(&cand).map_err(|why| anyhow::anyhow!("{label}: {why}"))?;
    let put = PutLater {
        cache,
        path: path.to_path_buf(),
        stamp: raw.stamp,
    };
    Ok(OneFile::Annotate {
        bytes: raw.bytes,
        put: Some(put),
    })
}

/// Annotates every document under `paths` and writes one line each to `out`.
/// Failures go to `err` as `yuelan: warning: skipped PATH: reason`. When no
/// document can be read at all, nothing is written and the error says why.
pub fn annotate_stream(
    paths: &[PathBuf],
    opts: &StreamOptions,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<StreamReport> {
    if !opts.split
        && let (Some(cache), Some(tokens)) = (&opts.cache, opts.cached_lines)
    {
        return stream_lazy(paths, opts, cache, tokens, out, err);
    }
    let entries = list::open(paths, opts.split);
    if entries.is_empty() {
        anyhow::bail!("no documents found");
    }
    if entries.iter().all(|e| e.loaded.is_err()) {
        let first = &entries[0];
        let why = first.failure().unwrap_or("cannot be read");
        if entries.len() == 1 {
            anyhow::bail!("{}: {why}", first.label());
        }
        anyhow::bail!(
            "none of the {} documents can be read (the first, {}: {why})",
            entries.len(),
            first.label()
        );
    }
    // The dictionaries load on the first document the cache does not
    // have (a warm run needs none). A cached learner layer is rebuilt
    // from CC-CEDICT: it loads on its own thread meanwhile, when the
    // layer is asked for.
    let res: OnceLock<Result<Resources, String>> = OnceLock::new();
    if opts.cache.is_some() && opts.layers.learner() {
        crate::dict::preload();
    }
    let bytes_total: u64 = entries.iter().map(|e| e.text_len() as u64).sum();
    let bar = progress_bar(
        opts.progress && std::io::stderr().is_terminal(),
        entries.len(),
        bytes_total,
    );
    let start = Instant::now();
    let mut report = StreamReport::default();
    let batches = batches(&entries);
    let pool = Buffers::default();
    let mut sink = Sink::new(out);
    pipeline(
        &batches,
        |batch: &&[Entry]| {
            let batch = *batch;
            process(batch, opts, &res, &pool).map(|done| (std::borrow::Cow::Borrowed(batch), done))
        },
        |batch, done| {
            write_batch(&batch, done, &mut sink, err, &bar, &mut report, &pool)?;
            bar.set_message(format!(
                "{}/{} docs",
                report.written + report.failed,
                entries.len()
            ));
            Ok(())
        },
    )?;
    sink.flush_held()?;
    drop(sink);
    bar.finish_and_clear();
    out.flush()?;
    if let Some(c) = &opts.cache {
        c.flush();
    }
    timings::record(Phase::Index, start.elapsed());
    Ok(report)
}

/// Runs `work` on each batch and hands its result to `write`, in order:
/// two threads of their own make the batches in turn (the first the even
/// ones, the second the odd), each over the pool, while the main thread
/// writes. With two batches being made, the pool's threads always have a
/// group to take: the last groups of one batch run beside the first of
/// the next instead of a core waiting at each batch's end. Each maker
/// holds its batch done until the writer takes it (at most one batch
/// written and two made). The documents a batch annotates now are
/// annotated one batch at a time ([`annotate_fresh`]'s lock), as before.
fn pipeline<'e, B: Sync>(
    batches: &[B],
    work: impl Fn(&B) -> anyhow::Result<(std::borrow::Cow<'e, [Entry]>, BatchOut)> + Sync,
    mut write: impl FnMut(std::borrow::Cow<'e, [Entry]>, BatchOut) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    const MAKERS: usize = 2;
    std::thread::scope(|s| -> anyhow::Result<()> {
        let work = &work;
        let mut rxs = Vec::with_capacity(MAKERS);
        let mut makers = Vec::with_capacity(MAKERS);
        for first in 0..MAKERS {
            // A rendezvous: the maker holds a batch done until the
            // writer takes it, then starts its next.
            let (tx, rx) = std::sync::mpsc::sync_channel(0);
            rxs.push(rx);
            makers.push(s.spawn(move || {
                for batch in batches.iter().skip(first).step_by(MAKERS) {
                    let done = work(batch);
                    let failed = done.is_err();
                    // The writer stopped (an error): nothing more to make.
                    if tx.send(done).is_err() || failed {
                        break;
                    }
                }
            }));
        }
        let mut taken = 0;
        while taken < batches.len() {
            let Ok(done) = rxs[taken % MAKERS].recv() else {
                break;
            };
            let (entries, done) = done?;
            taken += 1;
            write(entries, done)?;
        }
        drop(rxs);
        let panicked = makers.into_iter().any(|m| m.join().is_err());
        if panicked || taken < batches.len() {
            anyhow::bail!("a worker thread panicked");
        }
        Ok(())
    })
}

/// Candidates per batch on the lazy path (their sizes are not known
/// before they are read; a warm run's batch is a few MB of lines). Three
/// batches are in flight (one written, two made): 32 rather than 128
/// quarters the lines' buffers (a warm run of 2,000 news articles faulted
/// in ~1,600 fresh pages for them) and the last batch written alone.
const LAZY_BATCH: usize = 32;

/// [`annotate_stream`] of a JSON Lines run with a cache, not split into
/// articles: each file is read, and the cache asked with its bytes,
/// before anything is decoded or parsed ([`Cache::line_raw`]); only the
/// documents the cache cannot write are decoded, parsed and annotated.
/// The listing is part of the pipeline (read on the pool a batch at a
/// time), not a phase before it. The same lines, warnings and errors as
/// the listing-first path.
fn stream_lazy(
    paths: &[PathBuf],
    opts: &StreamOptions,
    cache: &Cache,
    tokens: TokenStyle,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<StreamReport> {
    // The store's entries are found while the files are listed.
    cache.open_in_background();
    let cands = list::expand(paths);
    if cands.is_empty() {
        anyhow::bail!("no documents found");
    }
    let res: OnceLock<Result<Resources, String>> = OnceLock::new();
    if opts.layers.learner() {
        crate::dict::preload();
    }
    let show = opts.progress && std::io::stderr().is_terminal();
    let bytes_total: u64 = if show {
        cands
            .par_iter()
            .map(|c| std::fs::metadata(&c.path).map_or(0, |m| m.len()))
            .sum()
    } else {
        0
    };
    let bar = progress_bar(show, cands.len(), bytes_total);
    let start = Instant::now();
    let mut report = StreamReport::default();
    let pool = Buffers::default();
    // Nothing is said on `err` until a document is read: when none can
    // be, the run fails with one line instead, as the listing-first path.
    let mut held = Held::default();
    let mut first: Option<(String, String)> = None;
    let batches: Vec<&[list::Candidate]> = cands.chunks(LAZY_BATCH).collect();
    let mut sink = Sink::new(out);
    pipeline(
        &batches,
        |batch: &&[list::Candidate]| {
            process_lazy(batch, opts, cache, tokens, &res, &pool)
                .map(|(entries, done)| (std::borrow::Cow::Owned(entries), done))
        },
        |entries, done| {
            if first.is_none()
                && let Some(e) = entries.first()
            {
                first = Some((
                    e.label(),
                    e.failure().unwrap_or("cannot be read").to_string(),
                ));
            }
            held.read |= entries.iter().any(|e| e.loaded.is_ok());
            if held.read && !held.buf.is_empty() {
                err.write_all(&std::mem::take(&mut held.buf))?;
            }
            let err: &mut dyn Write = if held.read { err } else { &mut held.buf };
            write_batch(&entries, done, &mut sink, err, &bar, &mut report, &pool)?;
            bar.set_message(format!(
                "{}/{} docs",
                report.written + report.failed,
                cands.len()
            ));
            Ok(())
        },
    )?;
    sink.flush_held()?;
    drop(sink);
    bar.finish_and_clear();
    if !held.read {
        let (label, why) = first.unwrap_or_default();
        if cands.len() == 1 {
            anyhow::bail!("{label}: {why}");
        }
        anyhow::bail!(
            "none of the {} documents can be read (the first, {label}: {why})",
            cands.len()
        );
    }
    out.flush()?;
    cache.flush();
    timings::record(Phase::Index, start.elapsed());
    Ok(report)
}

/// What is said on `err` before any document has been read.
#[derive(Default)]
struct Held {
    buf: Vec<u8>,
    read: bool,
}

/// [`process`] of candidates not read yet: each read and its line
/// written from the cache when it can be, else loaded (decoded, parsed)
/// and looked up or annotated as [`process`] does. The entries of the
/// batch, in order, with what became of each.
fn process_lazy(
    batch: &[list::Candidate],
    opts: &StreamOptions,
    cache: &Cache,
    tokens: TokenStyle,
    res: &OnceLock<Result<Resources, String>>,
    pool: &Buffers,
) -> anyhow::Result<(Vec<Entry>, BatchOut)> {
    let done: Vec<(Vec<Entry>, Group)> = batch
        .par_chunks(GROUP)
        .map(|cands| {
            let mut buf = pool.take();
            let mut entries = Vec::with_capacity(cands.len());
            let mut slots = Vec::with_capacity(cands.len());
            for cand in cands {
                let (entry, slot) = lazy_one(cand, opts, cache, tokens, &mut buf);
                entries.push(entry);
                slots.push(slot);
            }
            (entries, Group { buf, slots })
        })
        .collect();
    let mut entries = Vec::with_capacity(batch.len());
    let mut groups = Vec::with_capacity(done.len());
    for (e, g) in done {
        entries.extend(e);
        groups.push(g);
    }
    let fresh = annotate_fresh(&entries, &groups, opts, res)?;
    Ok((entries, BatchOut { groups, fresh }))
}

/// One candidate of [`process_lazy`]: its entry, and its line appended to
/// `buf` when it is written now.
fn lazy_one(
    cand: &list::Candidate,
    opts: &StreamOptions,
    cache: &Cache,
    tokens: TokenStyle,
    buf: &mut Vec<u8>,
) -> (Entry, Slot) {
    let failed = |why: String| {
        let entry = Entry {
            path: cand.path.clone(),
            part: None,
            stamp: Default::default(),
            loaded: Err(why.clone()),
        };
        (entry, Slot::Failed(why))
    };
    // Sniffed for binary content only when the cache has no entry for
    // the bytes (one was made from the same bytes, which passed).
    let raw = match list::read_raw_unsniffed(cand) {
        Ok(raw) => raw,
        Err(why) => return failed(why),
    };
    let asked = cache.line_raw(&cand.path, &raw, opts.layers, tokens, buf);
    let stamp = raw.stamp;
    let lookup = match asked {
        Ok(loaded) => {
            buf.push(b'\n');
            let entry = Entry {
                path: cand.path.clone(),
                part: None,
                stamp,
                loaded: Ok(loaded),
            };
            let end = buf.len();
            return (entry, Slot::Line { end, cached: true });
        }
        Err(lookup) => lookup,
    };
    if let Err(why) = list::sniff_raw(&raw) {
        return failed(why);
    }
    let Some(entry) = list::load_raw(cand, raw, false).into_iter().next() else {
        return failed("cannot be read".to_string());
    };
    let slot = match (&entry.loaded, lookup) {
        (Err(why), _) => Slot::Failed(why.clone()),
        // Not in the cache, stale or corrupt: annotated now.
        (Ok(_), Some(_)) => Slot::Fresh,
        // An entry to read through the model (or that turns out bad).
        (Ok(_), None) => slot_of(&entry, opts, buf),
    };
    (entry, slot)
}

/// Documents rendered one after another into one buffer by one task
/// (a lazy batch is eight groups: the pool's threads share its work out
/// evenly).
const GROUP: usize = 4;

/// Group buffers given back once written, to be filled again: a warm run
/// renders about 17 bytes of JSON per byte of text, and fresh buffers
/// of that size each time cost more in the allocator and in page faults
/// than the rendering.
#[derive(Default)]
struct Buffers(std::sync::Mutex<Vec<Vec<u8>>>);

impl Buffers {
    /// At most this many kept (two batches' worth).
    const MAX: usize = 2 * BATCH_DOCS / GROUP;
    /// A new buffer's room: a group of news articles' lines (~45 KB a
    /// document), so that it is not grown by copies (into fresh pages)
    /// while its first lines are rendered; room not written is never
    /// touched.
    const FRESH: usize = GROUP << 17;

    fn take(&self) -> Vec<u8> {
        let mut buf = self
            .0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .pop()
            .unwrap_or_else(|| Vec::with_capacity(Buffers::FRESH));
        buf.clear();
        buf
    }

    /// Keeps `buf` to be filled again, when it has a group's room (not a
    /// line of its own).
    fn give(&self, buf: Vec<u8>) {
        if buf.capacity() < Buffers::FRESH {
            return;
        }
        let mut list = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if list.len() < Buffers::MAX {
            list.push(buf);
        }
    }
}

/// What became of one document of a batch.
enum Slot {
    /// Its line (with its newline) ends at this offset of its group's
    /// buffer, where the previous slot's line ended.
    Line {
        end: usize,
        cached: bool,
    },
    /// Not in the cache: annotated in the second pass (`BatchOut::fresh`).
    Fresh,
    Failed(String),
}

/// A group's buffer of lines and what each of its documents became.
struct Group {
    buf: Vec<u8>,
    slots: Vec<Slot>,
}

/// A batch done: its groups in order, and the lines of the documents
/// annotated now, in order.
struct BatchOut {
    groups: Vec<Group>,
    fresh: Vec<Result<Vec<u8>, String>>,
}

/// Looks a batch up in the cache and renders the hits (one pass over the
/// pool), then annotates and renders the rest (a second pass, loading the
/// dictionaries the first time one is needed).
fn process(
    batch: &[Entry],
    opts: &StreamOptions,
    res: &OnceLock<Result<Resources, String>>,
    pool: &Buffers,
) -> anyhow::Result<BatchOut> {
    let groups: Vec<Group> = batch
        .par_chunks(GROUP)
        .map(|docs| {
            let mut buf = pool.take();
            let slots = docs.iter().map(|e| slot_of(e, opts, &mut buf)).collect();
            Group { buf, slots }
        })
        .collect();
    let fresh = annotate_fresh(batch, &groups, opts, res)?;
    Ok(BatchOut { groups, fresh })
}

/// Looks an entry up and appends its line to `buf` when the cache has it;
/// [`Slot::Fresh`] when it is to be annotated.
fn slot_of(e: &Entry, opts: &StreamOptions, buf: &mut Vec<u8>) -> Slot {
    if let Err(why) = &e.loaded {
        return Slot::Failed(why.clone());
    }
    let lookup = match (&opts.cache, opts.cached_lines) {
        (Some(c), Some(tokens)) => match c.line(e, opts.layers, tokens, buf) {
            None => {
                buf.push(b'\n');
                return Slot::Line {
                    end: buf.len(),
                    cached: true,
                };
            }
            Some(lookup) => Some(lookup),
        },
        (Some(c), None) => Some(c.get_layers(e, opts.layers.learner())),
        (None, _) => None,
    };
    match lookup {
        Some(Lookup::Hit(ann)) => render(*ann, opts, buf, true),
        _ => Slot::Fresh,
    }
}

/// The lines of a batch's [`Slot::Fresh`] entries, annotated now over the
/// pool (the dictionaries loaded the first time one is needed).
fn annotate_fresh(
    batch: &[Entry],
    groups: &[Group],
    opts: &StreamOptions,
    res: &OnceLock<Result<Resources, String>>,
) -> anyhow::Result<Vec<Result<Vec<u8>, String>>> {
    let fresh: Vec<&Entry> = batch
        .chunks(GROUP)
        .zip(groups)
        .flat_map(|(docs, g)| docs.iter().zip(&g.slots))
        .filter(|(_, slot)| matches!(slot, Slot::Fresh))
        .map(|(e, _)| e)
        .collect();
    if fresh.is_empty() {
        return Ok(Vec::new());
    }
    // Parsed before the lock below: beside the other batch's annotation.
    let docs: Vec<std::sync::Arc<crate::model::Document>> = fresh
        .par_iter()
        .filter_map(|e| {
            let loaded = e.loaded.as_ref().ok()?;
            Some(std::sync::Arc::new(make_document(e, &loaded.text)))
        })
        .collect();
    // The layers the command computes by default as well, so that the
    // entries serve later runs.
    let computed = LayerSet::default().union(opts.layers);
    let annotated = {
        // One batch annotated at a time (two are made at once, see
        // [`pipeline`]): each step runs over the pool with its tables
        // alone in the processor's caches, as batch12 measured. The
        // entries' packing and the lines' rendering are not annotation:
        // they run after the lock is let go, beside the next batch's
        // steps, whose last documents would otherwise leave a core idle
        // at each step's end.
        static ANNOTATING: std::sync::Mutex<()> = std::sync::Mutex::new(());
        let _one = ANNOTATING.lock().unwrap_or_else(|e| e.into_inner());
        let res = match res.get_or_init(|| {
            Resources::load_for(&Default::default(), computed).map_err(|e| format!("{e:#}"))
        }) {
            Ok(r) => r,
            Err(why) => anyhow::bail!("{why}"),
        };
        annotate::annotate_many(docs, res, computed)
    };
    Ok(finish_lines(&fresh, annotated, opts))
}

/// Appends a cached model's line and its newline to `buf`.
fn render(mut ann: Annotated, opts: &StreamOptions, buf: &mut Vec<u8>, cached: bool) -> Slot {
    opts.layers.restrict(&mut ann);
    let at = buf.len();
    match (opts.to_line)(&ann, buf) {
        Ok(()) => {
            buf.push(b'\n');
            Slot::Line {
                end: buf.len(),
                cached,
            }
        }
        Err(err) => {
            buf.truncate(at);
            Slot::Failed(format!("{err:#}"))
        }
    }
}

/// Hands a batch's lines to `sink` in order (a group's buffer whole
/// when its lines are all in it), its documents' warnings and failures
/// to `err` (after the lines before them are written); the buffers
/// written are given back to `pool`.
fn write_batch(
    batch: &[Entry],
    done: BatchOut,
    sink: &mut Sink,
    err: &mut dyn Write,
    bar: &indicatif::ProgressBar,
    report: &mut StreamReport,
    pool: &Buffers,
) -> anyhow::Result<()> {
    let mut fresh = done.fresh.into_iter();
    for (docs, group) in batch.chunks(GROUP).zip(done.groups) {
        // The part of the group's buffer not handed over yet.
        let mut from = 0;
        let mut upto = 0;
        // Hands over the group's lines up to `upto` (a copy: the buffer
        // has lines after them).
        let hand = |sink: &mut Sink, from: &mut usize, upto: usize| {
            let part = group.buf.get(*from..upto).unwrap_or_default();
            *from = upto;
            if part.is_empty() {
                Ok(())
            } else {
                sink.push_copy(part)
            }
        };
        for (e, slot) in docs.iter().zip(group.slots) {
            if let Ok(loaded) = &e.loaded
                && e.part.is_none_or(|k| k == 0)
                && !loaded.warnings.is_empty()
            {
                hand(sink, &mut from, upto)?;
                sink.flush_held()?;
                for w in &loaded.warnings {
                    let line = format!("yuelan: warning: {}: {w}", e.path.display());
                    writeln!(err, "{}", crate::text::safe::line(&line))?;
                }
            }
            let line = match slot {
                Slot::Line { end, cached } => {
                    upto = end;
                    report.written += 1;
                    report.cached += usize::from(cached);
                    Ok(())
                }
                Slot::Fresh => match fresh.next() {
                    Some(Ok(l)) => {
                        hand(sink, &mut from, upto)?;
                        let n = l.len();
                        sink.push(l, 0..n)?;
                        report.written += 1;
                        Ok(())
                    }
                    Some(Err(why)) => Err(why),
                    None => Err("the document was not annotated".to_string()),
                },
                Slot::Failed(why) => Err(why),
            };
            if let Err(why) = line {
                hand(sink, &mut from, upto)?;
                sink.flush_held()?;
                // Above the bar, which is drawn again below.
                let line = format!("yuelan: warning: skipped {}: {why}", e.label());
                bar.suspend(|| writeln!(err, "{}", crate::text::safe::line(&line)))?;
                report.failed += 1;
            }
            bar.inc(e.text_len() as u64);
        }
        sink.push(group.buf, from..upto)?;
    }
    for buf in sink.spent() {
        pool.give(buf);
    }
    Ok(())
}

/// Documents per batch, and at most about this much text: a batch is
/// looked up, annotated and turned into lines in parallel, then written in
/// order. Large enough that the threads rarely wait for each other
/// between batches (a warm run does little work per document), small
/// enough that a batch's lines stay a few tens of MB.
const BATCH_DOCS: usize = 256;
const BATCH_BYTES: usize = 4 << 20;

/// `entries` cut into batches of whole entries.
fn batches(entries: &[Entry]) -> Vec<&[Entry]> {
    let mut out = Vec::new();
    let (mut start, mut bytes) = (0, 0);
    for (i, e) in entries.iter().enumerate() {
        bytes += e.text_len();
        if i + 1 - start >= BATCH_DOCS || bytes >= BATCH_BYTES {
            out.push(&entries[start..=i]);
            (start, bytes) = (i + 1, 0);
        }
    }
    if start < entries.len() {
        out.push(&entries[start..]);
    }
    out
}

/// `[#####·····] 1.2 MB/4.1 MB · 123/2000 docs · 4.1 MB/s · ETA 12s` on
/// stderr (indicatif), or a hidden bar when `show` is false.
fn progress_bar(show: bool, docs: usize, bytes: u64) -> indicatif::ProgressBar {
    if !show {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(bytes),
        indicatif::ProgressDrawTarget::stderr(),
    );
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "[{bar:24}] {bytes}/{total_bytes} · {msg} · {bytes_per_sec} · ETA {eta}",
    ) {
        bar.set_style(style.progress_chars("#>·"));
    }
    bar.set_message(format!("0/{docs} docs"));
    bar
}

/// The lines of `entries` (the documents annotated now, in order, of
/// which those loaded are `annotated`, in order), each stored in the
/// cache and rendered, over the pool.
fn finish_lines(
    entries: &[&Entry],
    annotated: Vec<Annotated>,
    opts: &StreamOptions,
) -> Vec<Result<Vec<u8>, String>> {
    let mut annotated = annotated.into_iter();
    let pairs: Vec<(&Entry, Result<Annotated, String>)> = entries
        .iter()
        .map(|e| {
            let ann = match &e.loaded {
                Ok(_) => annotated
                    .next()
                    .ok_or_else(|| "was not annotated".to_string()),
                Err(why) => Err(why.clone()),
            };
            (*e, ann)
        })
        .collect();
    pairs
        .into_par_iter()
        .map(|(e, ann)| finish_line(e, ann?, opts))
        .collect()
}

/// A document annotated now: stored in the cache, and its line rendered.
fn finish_line(e: &Entry, mut ann: Annotated, opts: &StreamOptions) -> Result<Vec<u8>, String> {
    let text_len = e.loaded.as_ref().map_or(0, |l| l.text.len());
    if let Some(c) = &opts.cache {
        // A cache that cannot be written only costs speed next time.
        let _ = c.put(e, &mut ann);
    }
    // About the line's size (so that it is seldom grown and copied).
    let mut buf = Vec::with_capacity(
        4096 + 2 * text_len + 32 * ann.tokens.len() + 160 * ann.annotations.len(),
    );
    match render(ann, opts, &mut buf, false) {
        Slot::Failed(why) => Err(why),
        _ => Ok(buf),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bar_is_hidden_off_a_terminal() {
        assert!(progress_bar(false, 10, 100).is_hidden());
        let bar = progress_bar(true, 10, 100);
        bar.inc(50);
        assert_eq!(bar.position(), 50);
        assert_eq!(bar.length(), Some(100));
    }
}
