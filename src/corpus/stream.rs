//! `yuelan annotate DIR… --format jsonl`: one JSON line per document, in a
//! stable order (the list order: arguments in turn, directories sorted by
//! name, articles in file order), annotated in parallel a batch at a time
//! and written in order, with a progress bar on stderr when it is a terminal.
//! Documents that fail are reported on stderr, one line each, and do not stop
//! the others.

use super::cache::{Cache, Lookup};
use super::index::make_document;
use super::list::{self, Entry};
use crate::annotate::{self, Resources};
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
    /// Turns a model into one output line (without the newline).
    pub to_line: &'a (dyn Fn(&Annotated) -> anyhow::Result<String> + Sync),
}

/// The yuelan/1 JSON of a model on one line.
pub fn json_line(ann: &Annotated) -> anyhow::Result<String> {
    Ok(serde_json::to_string(
        &crate::export::json::annotated_to_json(ann),
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
    let settings = super::cache::settings_fingerprint(&global.glossaries);
    let opts = StreamOptions {
        split,
        cache: Cache::user(settings),
        progress: true,
        to_line: &json_line,
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut err = std::io::stderr();
    annotate_stream(paths, &opts, &mut out, &mut err)?;
    Ok(std::process::ExitCode::SUCCESS)
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
    let res = Resources::load()?;
    let total = entries.len();
    let bytes_total: u64 = entries.iter().map(|e| e.text_len() as u64).sum();
    let show = opts.progress && std::io::stderr().is_terminal();
    let start = Instant::now();
    let batch = 4 * std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut report = StreamReport::default();
    let mut bytes_done = 0u64;
    for (b, chunk) in entries.chunks(batch.max(1)).enumerate() {
        let lines: Vec<(Result<String, String>, bool)> =
            chunk.par_iter().map(|e| one_line(e, &res, opts)).collect();
        for (e, (line, cached)) in chunk.iter().zip(lines) {
            match line {
                Ok(l) => {
                    let t = Instant::now();
                    writeln!(out, "{l}")?;
                    timings::record(Phase::Write, t.elapsed());
                    report.written += 1;
                    report.cached += usize::from(cached);
                }
                Err(why) => {
                    if show {
                        write!(err, "\r\x1b[2K")?;
                    }
                    writeln!(err, "yuelan: warning: skipped {}: {why}", e.label())?;
                    report.failed += 1;
                }
            }
            bytes_done += e.text_len() as u64;
        }
        if show {
            let done = (b * batch + chunk.len()).min(total);
            write!(
                err,
                "\r\x1b[2K{}",
                bar(done, total, bytes_done, bytes_total, start)
            )?;
            err.flush()?;
        }
    }
    if show {
        write!(err, "\r\x1b[2K")?;
        err.flush()?;
    }
    out.flush()?;
    timings::record(Phase::Index, start.elapsed());
    Ok(report)
}

fn one_line(e: &Entry, res: &Resources, opts: &StreamOptions) -> (Result<String, String>, bool) {
    let loaded = match &e.loaded {
        Ok(l) => l,
        Err(why) => return (Err(why.clone()), false),
    };
    let (ann, cached) = match opts.cache.as_ref().map(|c| c.get(e)) {
        Some(Lookup::Hit(a)) => (*a, true),
        _ => {
            let doc = make_document(e, &loaded.text);
            let mut ann = annotate::annotate(doc, res);
            if let Some(c) = &opts.cache {
                // A cache that cannot be written only costs speed next time.
                let _ = c.put(e, &mut ann);
            }
            (ann, false)
        }
    };
    (
        (opts.to_line)(&ann).map_err(|err| format!("{err:#}")),
        cached,
    )
}

/// `[#####·····]  123/2000 docs · 4.1 MB/s · ETA 12s`
fn bar(done: usize, total: usize, bytes_done: u64, bytes_total: u64, start: Instant) -> String {
    const WIDTH: usize = 24;
    let frac = if bytes_total > 0 {
        bytes_done as f64 / bytes_total as f64
    } else if total > 0 {
        done as f64 / total as f64
    } else {
        1.0
    };
    let filled = ((frac.clamp(0.0, 1.0)) * WIDTH as f64).round() as usize;
    let secs = start.elapsed().as_secs_f64().max(1e-9);
    let rate = bytes_done as f64 / secs;
    let eta = if rate > 0.0 {
        format!(
            "{:.0}s",
            bytes_total.saturating_sub(bytes_done) as f64 / rate
        )
    } else {
        "…".to_string()
    };
    format!(
        "[{}{}] {done}/{total} docs · {:.1} MB/s · ETA {eta}",
        "#".repeat(filled),
        "·".repeat(WIDTH - filled.min(WIDTH)),
        rate / 1e6
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bar_fills_with_progress() {
        let b = bar(5, 10, 50, 100, Instant::now());
        assert!(b.starts_with("[############············] 5/10 docs"), "{b}");
    }
}
