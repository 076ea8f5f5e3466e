//! `yuelan annotate PATHS --format …` and `yuelan entities FILE`.

use crate::cli::{ExportFormat, GlobalArgs};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub fn annotate(
    global: &GlobalArgs,
    paths: &[PathBuf],
    format: ExportFormat,
) -> anyhow::Result<ExitCode> {
    // Many documents (a directory, several files, or JSON Lines): streamed
    // by the corpus module, one line per document.
    if format == ExportFormat::Jsonl {
        return crate::corpus::stream::run_jsonl(global, paths, false);
    }
    anyhow::bail!("annotate: not implemented yet")
}

/// A table of the document's entities: label, count, text, source (the
/// source of the first mention) and, for short forms, the full name.
pub fn entities(_global: &GlobalArgs, file: &Path) -> anyhow::Result<ExitCode> {
    let doc = crate::source::load_document(file)?;
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
                a.label.clone(),
                t,
                1,
                a.attr_str("source").unwrap_or("").to_string(),
                a.attr_str("canonical").unwrap_or("").to_string(),
            )),
        }
    }
    let order = |l: &str| ["PER", "ORG", "LOC", "WORK"].iter().position(|x| *x == l);
    rows.sort_by(|a, b| order(&a.0).cmp(&order(&b.0)).then(b.2.cmp(&a.2)));
    println!("{:<5} {:>5}  {:<10}  text", "label", "count", "source");
    for (label, t, count, source, canonical) in &rows {
        let link = if canonical.is_empty() {
            String::new()
        } else {
            format!("  → {canonical}")
        };
        println!("{label:<5} {count:>5}  {source:<10}  {t}{link}");
    }
    Ok(ExitCode::SUCCESS)
}
