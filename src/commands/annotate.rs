//! `yuelan annotate PATHS --format …` and `yuelan entities FILE`.

use crate::cli::{ExportFormat, GlobalArgs};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub fn annotate(
    _global: &GlobalArgs,
    _paths: &[PathBuf],
    _format: ExportFormat,
) -> anyhow::Result<ExitCode> {
    anyhow::bail!("annotate: not implemented yet")
}

pub fn entities(_global: &GlobalArgs, _file: &Path) -> anyhow::Result<ExitCode> {
    anyhow::bail!("entities: not implemented yet")
}
