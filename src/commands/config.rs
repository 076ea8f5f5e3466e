//! `yuelan config`.

use crate::cli::GlobalArgs;
use std::process::ExitCode;

pub fn run(_global: &GlobalArgs, _print_default: bool, _path: bool) -> anyhow::Result<ExitCode> {
    anyhow::bail!("config: not implemented yet")
}
