use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    yuelan::timings::mark_start();
    let cli = yuelan::cli::Cli::parse();
    match yuelan::commands::run(cli) {
        Ok(code) => code,
        Err(err) => {
            // One clear line, never a backtrace.
            // Made terminal-safe: messages quote file names and text.
            let msg = format!("{err:#}").replace('\n', " ");
            eprintln!("yuelan: error: {}", yuelan::text::safe::line(&msg));
            ExitCode::from(1)
        }
    }
}
