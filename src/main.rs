use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = yuelan::cli::Cli::parse();
    match yuelan::commands::run(cli) {
        Ok(code) => code,
        Err(err) => {
            // One clear line, never a backtrace.
            let msg = format!("{err:#}").replace('\n', " ");
            eprintln!("yuelan: error: {msg}");
            ExitCode::from(1)
        }
    }
}
