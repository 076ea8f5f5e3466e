//! One file per command: each turns parsed arguments into output on stdout.

mod annotate;
mod browse;
mod config;
mod eval;
mod notes;
mod outline;
pub use outline::{render_model, render_outline};
mod shell;
mod words;

use crate::cli::{Cli, Command};
use std::process::ExitCode;

/// Runs the command the user asked for. Errors become one line on stderr and
/// exit code 1 in `main`.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let global = cli.global.clone();
    set_size_limit(&global);
    if global.timings {
        crate::timings::enable();
    }
    let result = run_command(cli, &global);
    if global.timings {
        eprint!("{}", crate::timings::report());
    }
    result
}

/// The size limit: `--max-size`, else the config's `max_size` (a config
/// that cannot be read is left to the command to report), else the default.
fn set_size_limit(global: &crate::cli::GlobalArgs) {
    let from_config = || crate::config::Config::load(global).ok()?.max_size;
    if let Some(n) = global.max_size.or_else(from_config) {
        crate::source::set_max_size(n);
    }
}

fn run_command(cli: Cli, global: &crate::cli::GlobalArgs) -> anyhow::Result<ExitCode> {
    let global = global.clone();
    match cli.command {
        None => browse::run(&global, &cli.paths, cli.split_articles),
        Some(Command::Outline { file }) => outline::outline(&file, global.forced_format()),
        Some(Command::Parse { file, json }) => outline::parse(&file, json, global.forced_format()),
        Some(Command::Annotate {
            paths,
            format,
            tokens,
            layers,
            input,
            out,
            offsets,
        }) => match input {
            crate::cli::InputFormat::Text => annotate::annotate(
                &global,
                &paths,
                format,
                (tokens, layers),
                out.as_deref(),
                offsets,
            ),
            crate::cli::InputFormat::Jsonl => {
                annotate::annotate_jsonl(&global, &paths, format, (tokens, layers))
            }
        },
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

/// Writes human-readable text (a listing, a table, a report) to standard
/// output with every control character from documents, notes or file names
/// shown visibly (see [`crate::text::safe`]).
pub(crate) fn write_text(text: &str) -> anyhow::Result<()> {
    write_stdout(crate::text::safe::text(text).as_bytes())
}

/// Writes JSON to standard output, escaping the characters serde_json leaves
/// raw (DEL, C1 controls, bidi overrides): the same JSON value, safe to show.
pub(crate) fn write_json(json: &str) -> anyhow::Result<()> {
    write_stdout(crate::text::safe::json(json).as_bytes())
}

/// Writes a data format that holds document text raw (brat standoff, Anki
/// TSV): exact when standard output is a file or a pipe, made safe when it
/// is a terminal (where nothing reads it but a person).
pub(crate) fn write_data(text: &str) -> anyhow::Result<()> {
    use std::io::IsTerminal;
    if std::io::stdout().is_terminal() {
        write_text(text)
    } else {
        write_stdout(text.as_bytes())
    }
}

/// Prints a warning or note line on standard error, made safe.
pub(crate) fn warn(line: &str) {
    eprintln!("{}", crate::text::safe::line(line));
}
