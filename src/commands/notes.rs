//! `yuelan notes export FILE`.

use crate::cli::{GlobalArgs, NotesCommand};
use std::process::ExitCode;

pub fn run(_global: &GlobalArgs, _cmd: NotesCommand) -> anyhow::Result<ExitCode> {
    anyhow::bail!("notes: not implemented yet")
}
