//! `yuelan outline FILE` and `yuelan parse FILE [--json]`.

use std::path::Path;
use std::process::ExitCode;

pub fn outline(_file: &Path) -> anyhow::Result<ExitCode> {
    anyhow::bail!("outline: not implemented yet")
}

pub fn parse(_file: &Path, _json: bool) -> anyhow::Result<ExitCode> {
    anyhow::bail!("parse: not implemented yet")
}
