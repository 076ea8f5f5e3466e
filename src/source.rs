//! Reading a document from a path or standard input: read → decode → parse.

use crate::model::{Document, Format};
use crate::parse;
use anyhow::Context;
use std::io::Read;
use std::path::Path;

/// Reads the bytes of `path` (`-` is standard input), with errors that name it.
pub fn read_bytes(path: &Path) -> anyhow::Result<Vec<u8>> {
    if path.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .context("cannot read standard input")?;
        return Ok(buf);
    }
    if path.is_dir() {
        anyhow::bail!("{} is a directory, not a file", path.display());
    }
    std::fs::read(path).map_err(|e| {
        let why = match e.kind() {
            std::io::ErrorKind::NotFound => "no such file".to_string(),
            std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
            _ => e.to_string(),
        };
        anyhow::anyhow!("cannot read {}: {why}", path.display())
    })
}

/// Reads, decodes and parses one document, in the format its name and
/// content say (see [`crate::read`]).
pub fn load_document(path: &Path) -> anyhow::Result<Document> {
    crate::read::load(path, None)
}

/// The sample documents shipped in `data/samples/`, embedded: `(file name,
/// text)`. The first is what the browser opens when given no path.
pub const SAMPLES: [(&str, &str); 4] = [
    (
        "01_feature.txt",
        include_str!("../data/samples/01_feature.txt"),
    ),
    (
        "02_report.txt",
        include_str!("../data/samples/02_report.txt"),
    ),
    (
        "03_interview.txt",
        include_str!("../data/samples/03_interview.txt"),
    ),
    ("04_notes.md", include_str!("../data/samples/04_notes.md")),
];

/// Parses an embedded sample (index into [`SAMPLES`]; out of range gives the
/// first). Its source path is `samples/<name>`.
pub fn sample_document(index: usize) -> Document {
    let (name, text) = SAMPLES.get(index).copied().unwrap_or(SAMPLES[0]);
    let path = Path::new(name);
    let format = Format::detect(Some(path), text);
    let mut doc = parse::parse(text.to_string(), format);
    doc.source.path = Some(format!("samples/{name}"));
    doc.source.encoding = "UTF-8".to_string();
    doc
}
