//! Reading a document from a path or standard input: read → decode → parse.

use crate::decode;
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
    std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))
}

/// Reads, decodes and parses one document.
pub fn load_document(path: &Path) -> anyhow::Result<Document> {
    use crate::corpus::timings::{Phase, time};
    let bytes = time(Phase::Read, || read_bytes(path))?;
    let decoded = time(Phase::Decode, || decode::decode(&bytes))
        .with_context(|| format!("{}", path.display()))?;
    let format = Format::detect(Some(path), &decoded.text);
    let mut doc = time(Phase::Parse, || parse::parse(decoded.text, format));
    doc.source.path = Some(path.display().to_string());
    doc.source.encoding = decoded.encoding.to_string();
    doc.source.warnings = decoded.warnings;
    Ok(doc)
}
