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

pub fn entities(_global: &GlobalArgs, _file: &Path) -> anyhow::Result<ExitCode> {
    anyhow::bail!("entities: not implemented yet")
}
