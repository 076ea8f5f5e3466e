//! The gold format of `../shared/corpora/structure-dev/` (`gold.json` in each
//! folder, keyed by file name): kind, title, headings with levels and lines,
//! heading pairs, quotations with speakers. Shared by `eval structure` and
//! `eval quotes`; see that folder's README for how results are scored.

use anyhow::Context;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One document's gold labels.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldDoc {
    /// news | report | law | fiction | markdown | interview
    pub kind: String,
    pub title: Option<String>,
    #[serde(default)]
    pub headings: Vec<GoldHeading>,
    #[serde(default)]
    pub pairs: Vec<[usize; 2]>,
    #[serde(default)]
    pub quotes: Vec<GoldQuote>,
    #[serde(default)]
    pub notes: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldHeading {
    pub text: String,
    pub level: u32,
    /// 1-based line over the file split on `\n`.
    pub line: usize,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldQuote {
    /// The quoted words, without the marks.
    pub text: String,
    pub line: usize,
    pub speaker: Option<String>,
}

/// A gold document and where its file is.
#[derive(Debug, Clone)]
pub struct GoldEntry {
    pub name: String,
    pub path: PathBuf,
    pub gold: GoldDoc,
}

/// Reads a gold file; documents are looked up in `docs`, or beside the gold
/// file. Entries come sorted by file name. A document named in the gold but
/// missing on disk is an error naming it.
pub fn load(gold_path: &Path, docs: Option<&Path>) -> anyhow::Result<Vec<GoldEntry>> {
    let bytes = crate::source::read_bytes(gold_path)?;
    let map: BTreeMap<String, GoldDoc> = serde_json::from_slice(&bytes)
        .with_context(|| format!("{}: not a structure gold file", gold_path.display()))?;
    let dir = match docs {
        Some(d) => d.to_path_buf(),
        None => gold_path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from(".")),
    };
    let mut out = Vec::with_capacity(map.len());
    for (name, gold) in map {
        let path = dir.join(&name);
        if !path.is_file() {
            anyhow::bail!(
                "{}: document {name} not found in {}",
                gold_path.display(),
                dir.display()
            );
        }
        out.push(GoldEntry { name, path, gold });
    }
    Ok(out)
}

/// Text as the scorer compares it: whitespace removed, NFKC-normalised
/// (full-width letters and digits become ASCII).
pub fn normalize(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfkc().filter(|c| !c.is_whitespace()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_drops_whitespace_and_folds_width() {
        assert_eq!(normalize(" 一、 ＡＢ１２\u{3000}测试\n"), "一、AB12测试");
    }

    #[test]
    fn load_reads_entries_beside_the_gold() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let gold = dir.path().join("gold.json");
        std::fs::write(dir.path().join("a.txt"), "标题\n正文。\n")
            .unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(
            &gold,
            r#"{"a.txt": {"kind": "news", "title": "标题", "headings": [], "quotes": [{"text": "好", "line": 2, "speaker": null}]}}"#,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let entries = load(&gold, None).unwrap_or_else(|e| panic!("{e:#}"));
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].gold.title.as_deref(), Some("标题"));
        assert_eq!(entries[0].gold.quotes[0].speaker, None);
        std::fs::write(&gold, r#"{"missing.txt": {"kind": "news", "title": null}}"#)
            .unwrap_or_else(|e| panic!("{e}"));
        let err = load(&gold, None)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("missing.txt"), "{err}");
    }
}
