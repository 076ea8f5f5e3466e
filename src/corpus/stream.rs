//! `yuelan annotate DIR… --format jsonl`: one JSON line per document, in a
//! stable order (the list order: arguments in turn, directories sorted by
//! name, articles in file order), annotated in parallel a batch at a time
//! and written in order, with a progress bar on stderr when it is a terminal.
//! Documents that fail are reported on stderr, one line each, and do not stop
//! the others.

use super::cache::{Cache, Lookup};
use super::index::make_document;
use super::list::{self, Entry};
use crate::annotate::layers::LayerSet;
use crate::annotate::{self, Resources};
use crate::export::TokenStyle;
use crate::model::Annotated;
use crate::timings::{self, Phase};
use rayon::prelude::*;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
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
    /// Turns a model into one output line (without the newline), safe for
    /// a terminal as it is ([`crate::text::safe::json`]'s escapes): lines
    /// are written as they come.
    pub to_line: &'a (dyn Fn(&Annotated) -> anyhow::Result<Vec<u8>> + Sync),
    /// The annotation layers written (`--layers`); documents annotated
    /// now compute the default layers too, so that their cache entries
    /// serve any later run that does not ask for the learner layer.
    pub layers: LayerSet,
}

/// The yuelan/1 JSON of a model on one line, safe for a terminal.
pub fn json_line(ann: &Annotated) -> anyhow::Result<Vec<u8>> {
    Ok(crate::export::json::annotated_line_escaped(
        ann,
        TokenStyle::Full,
    )?)
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
    let to_line = move |ann: &Annotated| -> anyhow::Result<Vec<u8>> {
        Ok(crate::export::json::annotated_line_escaped(ann, tokens)?)
    };
    let opts = StreamOptions {
        split,
        // Entries are written off the annotating threads.
        cache: Cache::user(settings).map(Cache::with_background_writes),
        progress: true,
        to_line: &to_line,
        layers,
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut err = std::io::stderr();
    match annotate_stream(paths, &opts, &mut out, &mut err) {
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

/// Annotates every document under `paths` and writes one line each to `out`.
/// Failures go to `err` as `yuelan: warning: skipped PATH: reason`. When no
/// document can be read at all, nothing is written and the error says why.
pub fn annotate_stream(
    paths: &[PathBuf],
    opts: &StreamOptions,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<StreamReport> {
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
    let mut res: Option<Resources> = None;
    let learner = opts.layers.learner();
    let computed = LayerSet::default().union(opts.layers);
    if opts.cache.is_some() && learner {
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
    for chunk in batches(&entries) {
        let hits: Vec<Option<Box<Annotated>>> = chunk
            .par_iter()
            .map(
                |e| match opts.cache.as_ref().map(|c| c.get_layers(e, learner)) {
                    Some(Lookup::Hit(a)) => Some(a),
                    _ => None,
                },
            )
            .collect();
        let misses = chunk
            .iter()
            .zip(&hits)
            .any(|(e, h)| h.is_none() && e.loaded.is_ok());
        if misses && res.is_none() {
            res = Some(Resources::load_for(&Default::default(), computed)?);
        }
        let lines: Vec<(Result<Vec<u8>, String>, bool)> = chunk
            .par_iter()
            .zip(hits)
            .map(|(e, hit)| one_line(e, hit, res.as_ref(), opts))
            .collect();
        for (e, (line, cached)) in chunk.iter().zip(lines) {
            if let Ok(loaded) = &e.loaded
                && e.part.is_none_or(|k| k == 0)
            {
                for w in &loaded.warnings {
                    let line = format!("yuelan: warning: {}: {w}", e.path.display());
                    writeln!(err, "{}", crate::text::safe::line(&line))?;
                }
            }
            match line {
                Ok(l) => {
                    let t = Instant::now();
                    out.write_all(&l)?;
                    out.write_all(b"\n")?;
                    timings::record(Phase::Write, t.elapsed());
                    report.written += 1;
                    report.cached += usize::from(cached);
                }
                Err(why) => {
                    // Above the bar, which is drawn again below.
                    let line = format!("yuelan: warning: skipped {}: {why}", e.label());
                    bar.suspend(|| writeln!(err, "{}", crate::text::safe::line(&line)))?;
                    report.failed += 1;
                }
            }
            bar.inc(e.text_len() as u64);
        }
        bar.set_message(format!(
            "{}/{} docs",
            report.written + report.failed,
            entries.len()
        ));
    }
    bar.finish_and_clear();
    out.flush()?;
    if let Some(c) = &opts.cache {
        c.flush();
    }
    timings::record(Phase::Index, start.elapsed());
    Ok(report)
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

/// The output line of one entry: from its cached model (`hit`), else
/// annotated now (`res` is loaded whenever an entry has no hit).
fn one_line(
    e: &Entry,
    hit: Option<Box<Annotated>>,
    res: Option<&Resources>,
    opts: &StreamOptions,
) -> (Result<Vec<u8>, String>, bool) {
    let loaded = match &e.loaded {
        Ok(l) => l,
        Err(why) => return (Err(why.clone()), false),
    };
    let (mut ann, cached) = match (hit, res) {
        (Some(a), _) => (*a, true),
        (None, Some(res)) => {
            let doc = make_document(e, &loaded.text);
            let computed = LayerSet::default().union(opts.layers);
            let mut ann = annotate::annotate_layers(doc, res, computed);
            if let Some(c) = &opts.cache {
                // A cache that cannot be written only costs speed next time.
                let _ = c.put(e, &mut ann);
            }
            (ann, false)
        }
        (None, None) => return (Err("the dictionaries are not loaded".into()), false),
    };
    opts.layers.restrict(&mut ann);
    (
        (opts.to_line)(&ann).map_err(|err| format!("{err:#}")),
        cached,
    )
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
