//! `yuelan [PATH…]`: the terminal browser.

use crate::cli::GlobalArgs;
use std::path::PathBuf;
use std::process::ExitCode;

pub fn run(_global: &GlobalArgs, _paths: &[PathBuf], _split: bool) -> anyhow::Result<ExitCode> {
    anyhow::bail!("browser: not implemented yet")
}
