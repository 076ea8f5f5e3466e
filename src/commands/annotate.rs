//! `yuelan annotate PATHS --format …` and `yuelan entities FILE`.

use crate::annotate::layers::LayerSet;
use crate::annotate::{ResourceOptions, Resources};
use crate::cli::{ExportFormat, GlobalArgs};
use crate::config::Config;
use crate::export::{self, TokenStyle};
use crate::model::Annotated;
use crate::text::safe;
use rayon::prelude::*;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// What to load for this command line: the config's glossaries, then
/// `--glossary` ones. Config warnings go to stderr.
pub fn resource_options(global: &GlobalArgs) -> anyhow::Result<ResourceOptions> {
    let config = Config::load(global)?;
    for w in &config.warnings {
        super::warn(&format!("yuelan: warning: {w}"));
    }
    Ok(ResourceOptions {
        glossaries: config.glossary_paths(global),
    })
}

/// Files named on the command line: a directory gives its files
/// (recursively, sorted, hidden ones skipped), a glob its matches; a path
/// that cannot be read is an error naming it.
pub fn expand_paths(paths: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    // The corpus module lists directories and globs for every command; `-`
    // (standard input) passes through.
    let mut out = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            out.push(p.clone());
            continue;
        }
        let found = crate::corpus::list::expand(std::slice::from_ref(p));
        if found.is_empty() {
            anyhow::bail!("{} holds no documents", p.display());
        }
        for c in found {
            if let Some(why) = c.problem {
                anyhow::bail!("{}: {why}", c.path.display());
            }
            out.push(c.path);
        }
    }
    Ok(out)
}

pub fn annotate(
    global: &GlobalArgs,
    paths: &[PathBuf],
    format: ExportFormat,
    (tokens, layers): (TokenStyle, LayerSet),
    out_dir: Option<&Path>,
    offsets: crate::cli::Offsets,
) -> anyhow::Result<ExitCode> {
    let source_offsets = offsets == crate::cli::Offsets::Source;
    if source_offsets && format == ExportFormat::Jsonl {
        anyhow::bail!("--offsets source is for files (json, brat, spacy), not --format jsonl");
    }
    if out_dir.is_some() && format != ExportFormat::Brat {
        anyhow::bail!("--out writes brat files (NAME.txt and NAME.ann); use it with --format brat");
    }
    // Many documents (a directory, several files, or JSON Lines): streamed
    // by the corpus module, one line per document, in a stable order. One
    // big file is annotated as one document, as for json, below.
    let one_line = format == ExportFormat::Jsonl;
    if one_line && !crate::corpus::stream::is_one_big_file(paths) {
        return crate::corpus::stream::run_jsonl_with(global, paths, false, tokens, layers);
    }
    let files = expand_paths(paths)?;
    // One big file: glibc's malloc with fixed thresholds, as the browser
    // (this process runs itself again, once, with them set): what the
    // passes free goes back rather than staying beside the layers' results.
    if let [file] = files.as_slice() {
        crate::allocator::reexec_for(file);
    }
    if files.len() > 1 && out_dir.is_none() {
        let name = match format {
            ExportFormat::Json => "json",
            ExportFormat::Spacy => "spacy",
            _ => "brat",
        };
        anyhow::bail!(
            "{} documents given, but --format {name} writes one document; use --format jsonl",
            files.len()
        );
    }
    // One big file's JSON line: from the corpus cache when it has the
    // file (nothing loads), else annotated here, its entry stored after.
    let mut bytes_read = None;
    let mut put_later = None;
    if let ([file], true) = (files.as_slice(), one_line) {
        let forced = global.forced_format().is_some();
        let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
        match crate::corpus::stream::one_file(global, file, forced, (tokens, layers), &mut out)? {
            crate::corpus::stream::OneFile::Written(written) => {
                return finish(written.and_then(|()| out.flush()));
            }
            crate::corpus::stream::OneFile::Annotate { bytes, put } => {
                bytes_read = Some(bytes);
                put_later = put;
            }
        }
    }
    // A cache entry holds the layers a corpus run computes by default as
    // well (so that it serves later runs); the output only those asked for.
    let computed = match put_later {
        Some(_) => LayerSet::default().union(layers),
        None => layers,
    };
    // jieba's dictionary loads on a thread of its own while the files are
    // read and decoded (a bad file is still reported at once: the process
    // ends without waiting for it); the first document is segmented as
    // soon as it is ready, while it is parsed and the rest loads
    // (`annotate::Loading`).
    let options = resource_options(global)?;
    // One big file lets jieba go before its entity units (a peak of
    // several times its size); a small one loads the entity model beside
    // jieba, as its time is the loads', not its memory.
    let big = matches!(files.as_slice(), [file] if std::fs::metadata(file)
        .is_ok_and(|m| m.is_file() && m.len() >= crate::allocator::MIN_BYTES));
    let loading = if big {
        crate::annotate::Loading::start_alone(options, computed)?
    } else {
        crate::annotate::Loading::start(options, computed)?
    };
    let read: Vec<crate::annotate::Unparsed> = files
        .par_iter()
        .map(|f| {
            let read = match &bytes_read {
                // Read already (the cache was asked with them).
                Some(bytes) => crate::read::read_bytes(bytes, Some(f), global.forced_format())
                    .map_err(|e| anyhow::anyhow!("{}: {e}", f.display()))?,
                None => crate::read::load_unparsed(f, global.forced_format())?,
            };
            Ok(crate::annotate::Unparsed {
                read,
                path: Some(f.display().to_string()),
            })
        })
        .collect::<anyhow::Result<_>>()?;
    drop(bytes_read);
    // Malformed bytes replaced while decoding are worth a line, as in `parse`.
    for (doc, file) in read.iter().zip(&files) {
        warn_decoding(doc.warnings(), file);
    }
    crate::timings::memory_at("read and decoded");
    let t1 = Instant::now();
    let (mut docs, res, t_load) = loading.annotate(read)?;
    let t_annotate = t1.elapsed();
    // One big file's run has let jieba go: what is left of the resources
    // (the entity lexicon, the glossary and the other tables: ~1.9 MB on
    // 7.8 MB) is a few thousand allocations, freed before the writing
    // (whose peak it was part of). Else jieba is there still: freeing it
    // would only delay the exit.
    if big && !computed.learner() {
        drop(res);
    } else {
        std::mem::forget(res);
    }
    if let Some(put) = &put_later {
        for d in docs.iter_mut() {
            put.put(d);
            layers.restrict(d);
        }
        crate::timings::memory_at("cache entry stored");
    }
    if source_offsets {
        for (file, a) in files.iter().zip(docs.iter_mut()) {
            if file.as_os_str() == "-" {
                anyhow::bail!("--offsets source needs a file, not standard input");
            }
            let bytes = crate::source::read_bytes(file)?;
            crate::read::raw::add_source_offsets(a, &bytes)
                .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
        }
    }
    if let Some(dir) = out_dir {
        write_brat(dir, &files, &docs)?;
        return Ok(ExitCode::SUCCESS);
    }
    // Written straight from the model to a buffered standard output, no
    // value tree of the document in between.
    let t2 = Instant::now();
    let stdout = std::io::stdout();
    // JSON stays exact (the same value, with the characters serde_json
    // leaves raw escaped); brat holds document text raw, made safe only for
    // a terminal.
    let to_terminal = std::io::IsTerminal::is_terminal(&stdout);
    // json and jsonl are escaped by their serializer as they are written;
    // spaCy's JSON on its way out, in whole buffers (a pass over each small
    // write cost more than the serializer).
    let buffered = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let written = if format == ExportFormat::Spacy {
        let mut out = std::io::BufWriter::with_capacity(1 << 16, safe::JsonWriter::new(buffered));
        write_docs(&mut out, &mut docs, format, tokens, to_terminal).and_then(|_| out.flush())
    } else {
        let mut out = buffered;
        write_docs(&mut out, &mut docs, format, tokens, to_terminal).and_then(|_| out.flush())
    };
    if written.is_err() {
        // The note below is not worth it: the reader went away.
        return finish(written);
    }
    if format == ExportFormat::Brat {
        eprintln!(
            "yuelan: the offsets refer to the document text (decoded, normalised{}), not to the file's bytes: use --out DIR to write it as NAME.txt beside NAME.ann",
            if docs
                .iter()
                .any(|d| d.doc.source.format != crate::model::Format::Plain)
            {
                ", rendered"
            } else {
                ""
            }
        );
    }
    crate::timings::memory_at("written");
    if global.timings {
        eprintln!(
            "timings: jieba ready after {:.0} ms, annotate {:.1} ms, write {:.1} ms ({} documents)",
            t_load.as_secs_f64() * 1e3,
            t_annotate.as_secs_f64() * 1e3,
            t2.elapsed().as_secs_f64() * 1e3,
            docs.len()
        );
    }
    // The process ends here: freeing the models and the dictionaries (a
    // million allocations for a few MB of text) would only delay the exit.
    std::mem::forget(docs);
    Ok(ExitCode::SUCCESS)
}

/// The exit of a command whose output is written: a closed pipe (`|
/// head`) is not an error worth a message (the reader went away).
fn finish(written: std::io::Result<()>) -> anyhow::Result<ExitCode> {
    match written {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            anyhow::bail!("cannot write the output: {e}")
        }
        _ => Ok(ExitCode::SUCCESS),
    }
}

/// The decoder's warnings (replaced bytes, mojibake), one line each.
fn warn_decoding(warnings: &[String], file: &Path) {
    for w in warnings {
        super::warn(&format!("yuelan: warning: {}: {w}", file.display()));
    }
}

/// Writes `NAME.txt` (the document text, which the offsets count into)
/// and `NAME.ann` for each document into `dir`; NAME is the file's name
/// without its extension (`stdin` for standard input), made unique.
fn write_brat(dir: &Path, files: &[PathBuf], docs: &[Annotated]) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir)
        .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", dir.display()))?;
    let mut used = std::collections::HashSet::new();
    for (file, a) in files.iter().zip(docs) {
        let stem = if file.as_os_str() == "-" {
            "stdin".to_string()
        } else {
            file.file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "document".to_string())
        };
        let mut name = stem.clone();
        let mut n = 1;
        while !used.insert(name.clone()) {
            n += 1;
            name = format!("{stem}-{n}");
        }
        let (notes, messages) = crate::notes::export::brat_notes_for(&a.doc);
        for m in messages {
            super::warn(&format!("yuelan: {m}"));
        }
        let txt_path = dir.join(format!("{name}.txt"));
        let ann_path = dir.join(format!("{name}.ann"));
        crate::storage::atomic_write(&txt_path, a.doc.text.as_bytes())?;
        // Written as it is made, never held whole.
        crate::storage::atomic_write_with(&ann_path, |w| {
            export::brat::write_ann_with_notes(a, &notes, |lines| w.write_all(lines.as_bytes()))
        })?;
        super::warn(&format!(
            "yuelan: wrote {} and {}",
            txt_path.display(),
            ann_path.display()
        ));
    }
    Ok(())
}

/// `yuelan annotate PATHS --input jsonl`: every line of the paths (`-`
/// is standard input) is a `{"id", "text"}` object, annotated into one
/// yuelan/1 JSON line with its id, in order (`corpus::pipe`).
pub fn annotate_jsonl(
    global: &GlobalArgs,
    paths: &[PathBuf],
    format: ExportFormat,
    (tokens, layers): (TokenStyle, LayerSet),
) -> anyhow::Result<ExitCode> {
    if !matches!(format, ExportFormat::Json | ExportFormat::Jsonl) {
        anyhow::bail!("--input jsonl writes JSON Lines; use --format jsonl");
    }
    // Every input opens before the dictionaries load.
    let mut inputs: Vec<Box<dyn std::io::BufRead>> = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            inputs.push(Box::new(std::io::stdin().lock()));
        } else {
            let f = std::fs::File::open(p)
                .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", p.display()))?;
            inputs.push(Box::new(std::io::BufReader::new(f)));
        }
    }
    let res = Resources::load_for(&resource_options(global)?, layers)?;
    let stdout = std::io::stdout();
    // Lines come out of the pipe escaped (its serializer and error lines).
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut err = std::io::stderr();
    let mut failed = 0;
    for mut input in inputs {
        match crate::corpus::pipe::run_layers(&mut input, &res, tokens, layers, &mut out, &mut err)
        {
            Ok(report) => failed += report.failed,
            Err(e) => {
                // A closed pipe (| head) is not an error worth a message.
                if e.downcast_ref::<std::io::Error>()
                    .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
                {
                    return Ok(ExitCode::SUCCESS);
                }
                return Err(e);
            }
        }
    }
    if failed > 0 {
        eprintln!(
            "yuelan: {failed} input lines could not be annotated (error lines written in their place)"
        );
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes each document in `format`, one after another.
/// Writes `docs` in `format`. The JSON writers free each document's
/// annotations once written (the process ends after: nothing reads them
/// again), so that the rest of a big document is written in their room.
fn write_docs(
    out: &mut impl Write,
    docs: &mut [Annotated],
    format: ExportFormat,
    tokens: TokenStyle,
    to_terminal: bool,
) -> std::io::Result<()> {
    for d in docs {
        match format {
            ExportFormat::Json => {
                export::json::write_annotated_escaped_freeing(&mut *out, d, tokens, true)?;
                out.write_all(b"\n")?;
            }
            ExportFormat::Jsonl => {
                export::json::write_annotated_escaped_freeing(&mut *out, d, tokens, false)?;
                out.write_all(b"\n")?;
            }
            ExportFormat::Spacy => {
                export::spacy::write_json(&mut *out, d, true)?;
                out.write_all(b"\n")?;
            }
            ExportFormat::Brat => {
                let (notes, messages) = crate::notes::export::brat_notes_for(&d.doc);
                for m in messages {
                    super::warn(&format!("yuelan: {m}"));
                }
                // A few whole lines at a time (made safe line by line,
                // the same bytes as the whole made safe at once).
                export::brat::write_ann_with_notes(d, &notes, |lines| {
                    if to_terminal {
                        out.write_all(safe::text(lines).as_bytes())
                    } else {
                        out.write_all(lines.as_bytes())
                    }
                })?;
            }
        }
    }
    Ok(())
}

/// A table of the document's entities: label, count, text, source (the
/// source of the first mention) and, for short forms, the full name.
pub fn entities(_global: &GlobalArgs, file: &Path) -> anyhow::Result<ExitCode> {
    let doc = crate::read::load(file, _global.forced_format())?;
    warn_decoding(&doc.source.warnings, file);
    // Only the entities are listed: only they are computed.
    let layers = LayerSet::NONE.with(crate::model::Layer::Entities);
    let res = crate::annotate::Resources::load_for(&Default::default(), layers)?;
    let annotated = crate::annotate::annotate_layers(doc, &res, layers);
    let text = &annotated.doc.text;
    // (label, text) → (count, source, canonical), in order of first mention.
    // Rows found through a map (a document of many names is not read once
    // per name).
    let mut rows: Vec<(String, String, usize, String, String)> = Vec::new();
    let mut row_of: std::collections::HashMap<(&str, &str), usize> = Default::default();
    for a in annotated.layer(crate::model::Layer::Entities) {
        let t = a.span.text(text);
        match row_of.get(&(&*a.label, t)) {
            Some(&k) => rows[k].2 += 1,
            None => {
                row_of.insert((&*a.label, t), rows.len());
                rows.push((
                    a.label.to_string(),
                    t.to_string(),
                    1,
                    a.attr_str("source").unwrap_or("").to_string(),
                    a.attr_str("canonical").unwrap_or("").to_string(),
                ));
            }
        }
    }
    let order = |l: &str| ["PER", "ORG", "LOC", "WORK"].iter().position(|x| *x == l);
    rows.sort_by(|a, b| order(&a.0).cmp(&order(&b.0)).then(b.2.cmp(&a.2)));
    let mut out = format!("{:<5} {:>5}  {:<10}  text\n", "label", "count", "source");
    for (label, t, count, source, canonical) in &rows {
        let link = if canonical.is_empty() {
            String::new()
        } else {
            format!("  → {}", safe::line(canonical))
        };
        let t = safe::line(t);
        out.push_str(&format!("{label:<5} {count:>5}  {source:<10}  {t}{link}\n"));
    }
    super::write_text(&out)?;
    Ok(ExitCode::SUCCESS)
}
