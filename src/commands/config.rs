//! `yuelan config`: print the default file, the path in use, or check the
//! config file.

use crate::cli::GlobalArgs;
use crate::config::{Config, config_path};
use crate::tui::{Settings, default_file};
use std::process::ExitCode;

/// `--print-default` prints a commented default file; `--path` prints the
/// path of the config file in use; with neither, checks the file and reports
/// its warnings (errors fail with exit code 1).
pub fn run(global: &GlobalArgs, print_default: bool, path: bool) -> anyhow::Result<ExitCode> {
    let mut out = String::new();
    if path {
        match config_path(global) {
            Some(cp) => {
                out.push_str(&format!("{}\n", cp.path.display()));
                if !cp.path.exists() {
                    eprintln!("yuelan: note: the file does not exist; the defaults are in use");
                }
            }
            None => anyhow::bail!("no home directory to find the config file in (use --config)"),
        }
    }
    if print_default {
        out.push_str(&default_file());
    }
    if !path && !print_default {
        let config = Config::load(global)?;
        // The browser's check: actions, keys (a table that quits, no key
        // waiting on a timer), colour roles.
        let settings = Settings::from_config(&config)?;
        for w in &settings.warnings {
            super::warn(&format!("yuelan: warning: {w}"));
        }
        // The glossary files it names must exist and parse: `annotate` and
        // the browser would fail on them later.
        let glossaries = config.glossary_paths(global);
        if !glossaries.is_empty() {
            crate::annotate::glossary::Glossary::load(&glossaries).map_err(|e| {
                let file = config
                    .file
                    .as_ref()
                    .map_or_else(|| "--glossary".to_string(), |f| f.display().to_string());
                anyhow::anyhow!("{file}: {e:#}")
            })?;
        }
        match &config.file {
            Some(file) => out.push_str(&format!("{}: ok\n", file.display())),
            None => out.push_str("no config file; the defaults are in use\n"),
        }
    }
    super::write_text(&out)?;
    Ok(ExitCode::SUCCESS)
}
