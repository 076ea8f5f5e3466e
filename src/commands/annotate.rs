//! `yuelan annotate PATHS --format …` and `yuelan entities FILE`.

use crate::annotate::{ResourceOptions, Resources};
use crate::cli::{ExportFormat, GlobalArgs};
use crate::config::Config;
use crate::export;
use crate::model::Annotated;
use crate::text::safe;
use rayon::prelude::*;
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
) -> anyhow::Result<ExitCode> {
    // Many documents (a directory, several files, or JSON Lines): streamed
    // by the corpus module, one line per document, in a stable order.
    if format == ExportFormat::Jsonl {
        return crate::corpus::stream::run_jsonl(global, paths, false);
    }
    let files = expand_paths(paths)?;
    if files.len() > 1 {
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
    // Read and parse first: a bad file fails before the dictionaries load.
    let parsed: Vec<crate::model::Document> = files
        .par_iter()
        .map(|f| crate::source::load_document(f))
        .collect::<anyhow::Result<_>>()?;
    // Malformed bytes replaced while decoding are worth a line, as in `parse`.
    for (doc, file) in parsed.iter().zip(&files) {
        warn_decoding(doc, file);
    }
    let t0 = Instant::now();
    let options = resource_options(global)?;
    let res = Resources::load_with(&options)?;
    let t_load = t0.elapsed();
    let t1 = Instant::now();
    let docs: Vec<Annotated> = parsed
        .into_par_iter()
        .map(|doc| crate::annotate::annotate(doc, &res))
        .collect();
    let t_annotate = t1.elapsed();
    let out = match format {
        ExportFormat::Jsonl => export::to_jsonl(&docs), // (streamed above)
        ExportFormat::Json => pretty(&docs, export::json::annotated_to_json)?,
        ExportFormat::Spacy => pretty(&docs, export::spacy::to_json)?,
        ExportFormat::Brat => docs
            .iter()
            .map(|a| {
                let (notes, messages) = crate::notes::export::brat_notes_for(&a.doc);
                for m in messages {
                    super::warn(&format!("yuelan: {m}"));
                }
                export::brat::to_ann_with_notes(a, &notes)
            })
            .collect(),
    };
    // JSON stays exact (the same value, with the characters serde_json
    // leaves raw escaped); brat holds document text raw, made safe only for
    // a terminal.
    match format {
        ExportFormat::Brat => super::write_data(&out)?,
        _ => super::write_json(&out)?,
    }
    if global.timings {
        eprintln!(
            "timings: resources {:.0} ms, annotate {:.1} ms ({} documents)",
            t_load.as_secs_f64() * 1e3,
            t_annotate.as_secs_f64() * 1e3,
            docs.len()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// The decoder's warnings (replaced bytes, mojibake), one line each.
fn warn_decoding(doc: &crate::model::Document, file: &Path) {
    for w in &doc.source.warnings {
        super::warn(&format!("yuelan: warning: {}: {w}", file.display()));
    }
}

fn pretty(docs: &[Annotated], f: fn(&Annotated) -> serde_json::Value) -> anyhow::Result<String> {
    let mut s = String::new();
    for d in docs {
        s.push_str(&serde_json::to_string_pretty(&f(d))?);
        s.push('\n');
    }
    Ok(s)
}

/// A table of the document's entities: label, count, text, source (the
/// source of the first mention) and, for short forms, the full name.
pub fn entities(_global: &GlobalArgs, file: &Path) -> anyhow::Result<ExitCode> {
    let doc = crate::source::load_document(file)?;
    warn_decoding(&doc, file);
    let res = crate::annotate::Resources::load()?;
    let annotated = crate::annotate::annotate(doc, &res);
    let text = &annotated.doc.text;
    // (label, text) → (count, source, canonical), in order of first mention.
    let mut rows: Vec<(String, String, usize, String, String)> = Vec::new();
    for a in annotated.layer(crate::model::Layer::Entities) {
        let t = a.span.text(text).to_string();
        match rows.iter_mut().find(|r| r.0 == a.label && r.1 == t) {
            Some(r) => r.2 += 1,
            None => rows.push((
                a.label.to_string(),
                t,
                1,
                a.attr_str("source").unwrap_or("").to_string(),
                a.attr_str("canonical").unwrap_or("").to_string(),
            )),
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
