//! One file per command: each turns parsed arguments into output on stdout.

mod annotate;
mod browse;
mod config;
mod eval;
mod notes;
mod outline;
mod shell;
mod words;

use crate::cli::{Cli, Command};
use std::process::ExitCode;

/// Runs the command the user asked for. Errors become one line on stderr and
/// exit code 1 in `main`.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let global = cli.global.clone();
    if global.timings {
        crate::corpus::timings::enable();
    }
    let result = run_command(cli, &global);
    if global.timings {
        eprint!("{}", crate::corpus::timings::report());
    }
    result
}

fn run_command(cli: Cli, global: &crate::cli::GlobalArgs) -> anyhow::Result<ExitCode> {
    let global = global.clone();
    match cli.command {
        None => browse::run(&global, &cli.paths, cli.split_articles),
        Some(Command::Outline { file }) => outline::outline(&file, global.forced_format()),
        Some(Command::Parse { file, json }) => outline::parse(&file, json, global.forced_format()),
        Some(Command::Annotate { paths, format, out }) => {
            annotate::annotate(&global, &paths, format, out.as_deref())
        }
        Some(Command::Entities { file }) => annotate::entities(&global, &file),
        Some(Command::Eval(cmd)) => eval::run(&global, cmd),
        Some(Command::Words(cmd)) => words::run(&global, cmd),
        Some(Command::Notes(cmd)) => notes::run(&global, cmd),
        Some(Command::Config {
            print_default,
            path,
        }) => config::run(&global, print_default, path),
        Some(Command::Completions { shell }) => shell::completions(shell),
        Some(Command::Man) => shell::man(),
    }
}

/// Writes command output to standard output. A reader that went away (`yuelan
/// man | head`) is not an error: the output is simply cut short.
pub(crate) fn write_stdout(bytes: &[u8]) -> anyhow::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(anyhow::Error::new(e).context("cannot write to standard output"))
        }
        _ => Ok(()),
    }
}
