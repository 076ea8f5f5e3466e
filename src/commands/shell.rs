//! `yuelan completions SHELL` and `yuelan man`.

use std::process::ExitCode;

pub fn completions(_shell: clap_complete::Shell) -> anyhow::Result<ExitCode> {
    anyhow::bail!("completions: not implemented yet")
}

pub fn man() -> anyhow::Result<ExitCode> {
    anyhow::bail!("man: not implemented yet")
}
