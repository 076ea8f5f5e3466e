//! `yuelan [PATH…]`: the terminal browser. With no path it opens the first
//! bundled sample, embedded in the binary so it works from any directory.

use crate::cli::GlobalArgs;
use crate::config::Config;
use crate::model::Format;
use crate::parse;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

/// The sample opened when no path is given.
pub const SAMPLE: &str = include_str!("../../data/samples/01_feature.txt");
pub const SAMPLE_NAME: &str = "01_feature.txt (bundled sample)";

pub fn run(global: &GlobalArgs, paths: &[PathBuf], split: bool) -> anyhow::Result<ExitCode> {
    let config = Config::load(global)?;
    let settings = crate::tui::Settings::from_config(&config)?;
    for w in &settings.warnings {
        super::warn(&format!("yuelan: warning: {w}"));
    }
    // A directory, several files, a pattern or --split-articles: corpus mode.
    let many = paths.len() > 1
        || split
        || paths.first().is_some_and(|p| {
            p.is_dir() || (!p.exists() && p.to_string_lossy().contains(['*', '?', '[']))
        });
    if many {
        return run_corpus(global, &config, &settings, paths, split);
    }
    let (doc, name) = match paths {
        [] => {
            let mut doc = parse::parse(SAMPLE.to_string(), Format::Plain);
            doc.source.path = Some(SAMPLE_NAME.to_string());
            doc.source.encoding = "UTF-8".to_string();
            (doc, SAMPLE_NAME.to_string())
        }
        [path] => {
            if path.is_dir() {
                anyhow::bail!(
                    "{} is a directory; browsing directories is not supported yet",
                    path.display()
                );
            }
            let doc = crate::read::load(path, global.forced_format())?;
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| path.display().to_string());
            (doc, name)
        }
        _ => anyhow::bail!("the browser opens one file at a time for now"),
    };
    if !std::io::stdout().is_terminal() {
        anyhow::bail!(
            "the browser needs a terminal (try `yuelan annotate FILE` for output to a pipe)"
        );
    }
    let resources = config.resource_options(global);
    match crate::tui::run(doc, &name, &settings, resources)? {
        crate::tui::Exit::Quit => Ok(ExitCode::SUCCESS),
        // The shell's convention for "stopped by signal N".
        crate::tui::Exit::Signal(sig) => Ok(ExitCode::from((128 + sig).clamp(0, 255) as u8)),
    }
}

fn run_corpus(
    global: &GlobalArgs,
    config: &Config,
    browser: &crate::tui::Settings,
    paths: &[PathBuf],
    split: bool,
) -> anyhow::Result<ExitCode> {
    use crate::corpus::{Corpus, cache, index::IndexOptions};
    if !std::io::stdout().is_terminal() {
        anyhow::bail!(
            "the browser needs a terminal (try `yuelan annotate DIR --format jsonl` for output to a pipe)"
        );
    }
    let corpus = Corpus::open(paths, split);
    if corpus.is_empty() {
        anyhow::bail!("no documents found");
    }
    let resources = config.resource_options(global);
    let settings = cache::settings_fingerprint(&resources.glossaries);
    let opts = IndexOptions {
        cache: cache::Cache::user(settings),
        resources: None,
        threads: 0,
    };
    match crate::tui::run_corpus(corpus, opts, browser, resources)? {
        crate::tui::Exit::Quit => Ok(ExitCode::SUCCESS),
        crate::tui::Exit::Signal(sig) => Ok(ExitCode::from((128 + sig).clamp(0, 255) as u8)),
    }
}
