//! `yuelan [PATH…]`: the terminal browser. With no path it opens the first
//! bundled sample, embedded in the binary so it works from any directory.

use crate::cli::GlobalArgs;
use crate::config::Config;
use crate::model::{Document, Format};
use crate::parse;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The sample opened when no path is given.
pub const SAMPLE: &str = include_str!("../../data/samples/01_feature.txt");
pub const SAMPLE_NAME: &str = "01_feature.txt (bundled sample)";

pub fn run(global: &GlobalArgs, paths: &[PathBuf], split: bool) -> anyhow::Result<ExitCode> {
    // A big file: glibc's malloc with fixed thresholds (this process runs
    // itself again, once, with them set).
    if let [path] = paths {
        crate::allocator::reexec_for(path);
    }
    // The browser's memory counts more than its entity step's speed (it
    // runs behind the first screen): the model keeps only the rows with a
    // weight, 5.5 MB instead of 17.
    crate::annotate::entities::model::prefer_compact();
    let config = Config::load(global)?;
    let settings = crate::tui::Settings::from_config(&config)?;
    for w in &settings.warnings {
        super::warn(&format!("yuelan: warning: {w}"));
    }
    // A directory, several files, a pattern or --split-articles: corpus mode.
    let many = paths.len() > 1
        || split
        || paths.first().is_some_and(|p| {
            p.is_dir() || (!p.exists() && p.to_string_lossy().contains(['*', '?', '[']))
        });
    if many {
        return run_corpus(global, &config, &settings, paths, split);
    }
    let (doc, name) = match paths {
        [] => {
            let mut doc = parse::parse(SAMPLE.to_string(), Format::Plain);
            doc.source.path = Some(SAMPLE_NAME.to_string());
            doc.source.encoding = "UTF-8".to_string();
            (doc, SAMPLE_NAME.to_string())
        }
        [path] => {
            if path.is_dir() {
                anyhow::bail!(
                    "{} is a directory; browsing directories is not supported yet",
                    path.display()
                );
            }
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| path.display().to_string());
            match read_file(path, global)? {
                // A big document read whole (a Word document, a page under
                // the size its head is shown from): shown at once, its
                // annotations the part around the view first.
                Opened::Whole(doc)
                    if doc.text.len() > crate::tui::reader::progressive::PREVIEW_BYTES =>
                {
                    need_terminal()?;
                    let resources = config.resource_options(global);
                    let same = crate::tui::reader::progressive::Whole::Same;
                    let exit = crate::tui::run_progressive(doc, same, &name, &settings, resources)?;
                    return Ok(exit_code(exit));
                }
                Opened::Whole(doc) => (doc, name),
                Opened::Book(part, book) => {
                    need_terminal()?;
                    let resources = config.resource_options(global);
                    let exit =
                        crate::tui::reader::book::run(*part, book, &name, &settings, resources)?;
                    return Ok(exit_code(exit));
                }
                Opened::Big(preview, whole) => {
                    need_terminal()?;
                    let resources = config.resource_options(global);
                    let exit =
                        crate::tui::run_progressive(preview, whole, &name, &settings, resources)?;
                    return Ok(exit_code(exit));
                }
            }
        }
        _ => anyhow::bail!("the browser opens one file at a time for now"),
    };
    need_terminal()?;
    let resources = config.resource_options(global);
    Ok(exit_code(crate::tui::run(
        doc, &name, &settings, resources,
    )?))
}

fn need_terminal() -> anyhow::Result<()> {
    if !std::io::stdout().is_terminal() {
        anyhow::bail!(
            "the browser needs a terminal (try `yuelan annotate FILE` for output to a pipe)"
        );
    }
    Ok(())
}

fn exit_code(exit: crate::tui::Exit) -> ExitCode {
    match exit {
        crate::tui::Exit::Quit => ExitCode::SUCCESS,
        // The shell's convention for "stopped by signal N".
        crate::tui::Exit::Signal(sig) => ExitCode::from((128 + sig).clamp(0, 255) as u8),
    }
}

/// A file to browse: parsed whole, or a big plain text or Markdown file
/// whose beginning is parsed (shown at once) and whose whole text the
/// browser's worker reads or parses (`tui::reader::progressive`).
enum Opened {
    Whole(Document),
    Big(Document, crate::tui::reader::progressive::Whole),
    /// A book of more chapters than the first screens need: its first
    /// chapters and whole outline read, the rest read by the browser's
    /// worker (`tui::reader::book`).
    Book(Box<crate::read::epub::Part>, crate::read::epub::Book),
}

/// Web pages bigger than this show the body of their head first.
const PAGE_PREVIEW_FROM: u64 = 2 << 20;

fn read_file(path: &Path, global: &GlobalArgs) -> anyhow::Result<Opened> {
    use crate::read::Read;
    use crate::timings::{Phase, time};
    use crate::tui::reader::progressive::{PREVIEW_BYTES, Whole, preview};
    // A big plain or Markdown file: only its head is read and decoded before the
    // first frame; the worker reads the whole.
    let head = time(Phase::Read, || {
        crate::source::read_head(path, crate::decode::HEAD_BYTES)
    });
    let forced = global.forced_format();
    if let Some((decoded, format)) = head
        .as_deref()
        .and_then(|h| crate::read::text_head(h, path, forced))
    {
        let text = preview(&decoded.text, PREVIEW_BYTES);
        let mut doc = time(Phase::Parse, || match format {
            Format::Markdown => crate::read::markdown_head(text),
            _ => parse::parse(text.to_string(), Format::Plain),
        });
        doc.source.encoding = decoded.encoding.to_string();
        doc.source.warnings = decoded.warnings;
        doc.source.path = Some(path.display().to_string());
        let whole = Whole::File {
            path: path.to_path_buf(),
            forced,
        };
        return Ok(Opened::Big(doc, whole));
    }
    // A big web page: the body of its head first, without the readability
    // step (which needs the whole page: the worker reads it). Pages of a
    // few hundred KB, most of it scripts, are read whole at once, so that
    // their article is what shows first.
    let big_page = || std::fs::metadata(path).is_ok_and(|m| m.len() > PAGE_PREVIEW_FROM);
    if let Some(mut doc) = head
        .as_deref()
        .filter(|_| big_page())
        .and_then(|h| time(Phase::Parse, || crate::read::page_head(h, path, forced)))
    {
        doc.source.path = Some(path.display().to_string());
        let whole = Whole::File {
            path: path.to_path_buf(),
            forced,
        };
        return Ok(Opened::Big(doc, whole));
    }
    let bytes = time(Phase::Read, || crate::source::read_bytes(path))?;
    let named = (path.as_os_str() != "-").then_some(path);
    if crate::read::container_format(&bytes, named, global.forced_format()) == Some(Format::Epub) {
        return read_book(bytes, path);
    }
    let read = crate::read::read_bytes(&bytes, named, global.forced_format())
        .map_err(|e| anyhow::anyhow!("{}: {e}", label(path)))?;
    drop(bytes);
    let mut opened = match read {
        Read::Document(doc) => Opened::Whole(*doc),
        Read::Plain(decoded) if decoded.text.len() > PREVIEW_BYTES => {
            let head = preview(&decoded.text, PREVIEW_BYTES).to_string();
            let mut doc = time(Phase::Parse, || parse::parse(head, Format::Plain));
            doc.source.encoding = decoded.encoding.to_string();
            doc.source.warnings = decoded.warnings.clone();
            Opened::Big(doc, Whole::Decoded(decoded))
        }
        Read::Plain(decoded) => Opened::Whole(crate::read::parse_plain(decoded)),
    };
    if let Opened::Whole(doc) | Opened::Big(doc, _) = &mut opened {
        if doc.source.encoding.is_empty() {
            doc.source.encoding = "UTF-8".to_string();
        }
        doc.source.path = Some(path.display().to_string());
    }
    Ok(opened)
}

/// An EPUB: its first chapters (and the whole outline) only when it has
/// more (see `tui::reader::book`).
fn read_book(bytes: Vec<u8>, path: &Path) -> anyhow::Result<Opened> {
    use crate::timings::{Phase, time};
    use crate::tui::reader::book::PREVIEW_BYTES;
    let fail = |e: anyhow::Error| anyhow::anyhow!("{}: {e}", label(path));
    let (book, part) = time(Phase::Parse, || {
        let book = crate::read::epub::Book::open(bytes)?;
        let part = book.read(Some(PREVIEW_BYTES))?;
        Ok((book, part))
    })
    .map_err(fail)?;
    let mut part = Box::new(part);
    let doc = &mut part.doc;
    doc.source.encoding = "UTF-8".to_string();
    doc.source.path = Some(path.display().to_string());
    Ok(if part.complete {
        Opened::Whole(part.doc)
    } else {
        Opened::Book(part, book)
    })
}

fn label(path: &Path) -> String {
    if path.as_os_str() == "-" {
        "standard input".to_string()
    } else {
        path.display().to_string()
    }
}

fn run_corpus(
    global: &GlobalArgs,
    config: &Config,
    browser: &crate::tui::Settings,
    paths: &[PathBuf],
    split: bool,
) -> anyhow::Result<ExitCode> {
    use crate::corpus::{Corpus, cache, index::IndexOptions};
    if !std::io::stdout().is_terminal() {
        anyhow::bail!(
            "the browser needs a terminal (try `yuelan annotate DIR --format jsonl` for output to a pipe)"
        );
    }
    let corpus = Corpus::open(paths, split);
    if corpus.is_empty() {
        anyhow::bail!("no documents found");
    }
    // A big corpus is searched through a full-text index in the cache
    // directory, built or brought up to date in the background.
    use crate::corpus::fulltext;
    if fulltext::wanted(corpus.len(), corpus.progress.bytes_total) {
        match fulltext::dir_for(paths, split) {
            Ok(dir) => fulltext::spawn_build(&corpus.entries, dir, corpus.fulltext.clone()),
            Err(e) => super::warn(&format!("yuelan: warning: no search index: {e:#}")),
        }
    }
    let resources = config.resource_options(global);
    let settings = cache::settings_fingerprint(&resources.glossaries);
    let opts = IndexOptions {
        cache: cache::Cache::user(settings),
        resources: None,
        threads: 0,
    };
    Ok(exit_code(crate::tui::run_corpus(
        corpus, opts, browser, resources,
    )?))
}
