//! `yuelan words export`.

use crate::cli::{GlobalArgs, WordsCommand};
use std::process::ExitCode;

pub fn run(_global: &GlobalArgs, _cmd: WordsCommand) -> anyhow::Result<ExitCode> {
    anyhow::bail!("words: not implemented yet")
}
