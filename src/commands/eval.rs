//! `yuelan eval ner|seg GOLD`.

use crate::cli::{EvalCommand, GlobalArgs};
use std::process::ExitCode;

pub fn run(_global: &GlobalArgs, _cmd: EvalCommand) -> anyhow::Result<ExitCode> {
    anyhow::bail!("eval: not implemented yet")
}
