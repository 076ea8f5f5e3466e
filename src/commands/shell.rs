//! `yuelan completions SHELL` and `yuelan man`, both generated from the clap
//! definition in `cli.rs`, so they never disagree with the parser.

use crate::cli::Cli;
use clap::CommandFactory;
use std::process::ExitCode;

/// Prints the completion script for `shell` to standard output.
pub fn completions(shell: clap_complete::Shell) -> anyhow::Result<ExitCode> {
    let mut cmd = Cli::command();
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, "yuelan", &mut buf);
    super::write_stdout(&buf)?;
    Ok(ExitCode::SUCCESS)
}

/// Prints the man page (roff), with every subcommand, to standard output.
pub fn man() -> anyhow::Result<ExitCode> {
    super::write_stdout(&man_page()?)?;
    Ok(ExitCode::SUCCESS)
}

/// The man page: the main page, then one section per subcommand.
pub fn man_page() -> anyhow::Result<Vec<u8>> {
    let cmd = Cli::command();
    let mut buf = Vec::new();
    clap_mangen::Man::new(cmd.clone()).render(&mut buf)?;
    buf.extend_from_slice(EXIT_STATUS.as_bytes());
    Ok(buf)
}

const EXIT_STATUS: &str = "\
.SH \"EXIT STATUS\"
.TP
0
Success.
.TP
1
An error: a file that cannot be read or decoded, a bad config file, …; one line on standard error says which.
.TP
2
A usage error: unknown option or command, missing argument.
.TP
129, 130, 143
The browser was stopped by SIGHUP, SIGINT or SIGTERM (128 + the signal); the terminal is restored.
.TP
101
An internal error (a bug): the terminal is restored, and standard error says what happened and where to report it.
.SH FILES
.TP
$XDG_CONFIG_HOME/yuelan/config.toml
The config file (see \\fByuelan config \\-\\-print\\-default\\fR); \\fB\\-\\-config\\fR or \\fBYUELAN_CONFIG\\fR override the path.
.SH ENVIRONMENT
.TP
YUELAN_CONFIG
The config file.
.TP
YUELAN_DATA_DIR
Where notes and the word list are kept.
.TP
YUELAN_CACHE_DIR
The annotation cache.
";
