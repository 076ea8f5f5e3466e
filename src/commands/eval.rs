//! `yuelan eval ner|seg|structure|quotes|pinyin GOLD`.

use crate::annotate::Resources;
use crate::cli::{EvalCommand, GlobalArgs};
use crate::eval::{gold, ner, pinyin, quotes, seg, structure};
use anyhow::Context;
use std::path::Path;
use std::process::ExitCode;

fn read_utf8(path: &Path) -> anyhow::Result<String> {
    let bytes = crate::source::read_bytes(path)?;
    String::from_utf8(bytes)
        .with_context(|| format!("{}: gold files must be UTF-8", path.display()))
}

pub fn run(_global: &GlobalArgs, cmd: EvalCommand) -> anyhow::Result<ExitCode> {
    let report = match cmd {
        EvalCommand::Ner { gold } => {
            let input = read_utf8(&gold)?;
            let res = Resources::load()?;
            ner::compare(&input, &res)
                .with_context(|| format!("{}: not a BIO file", gold.display()))?
        }
        EvalCommand::Seg { gold } => {
            let input = read_utf8(&gold)?;
            let res = Resources::load()?;
            seg::evaluate(&input, &res).to_string()
        }
        EvalCommand::Structure {
            gold: path,
            docs,
            verbose,
        } => {
            let entries = gold::load(&path, docs.as_deref())?;
            structure::report(&entries, verbose)?
        }
        EvalCommand::Quotes {
            gold: path,
            docs,
            verbose,
        } => {
            let entries = gold::load(&path, docs.as_deref())?;
            let res = Resources::load()?;
            quotes::report(&entries, &res, verbose)?
        }
        EvalCommand::Pinyin { gold, verbose } => pinyin::report(&read_utf8(&gold)?, verbose)?,
    };
    // Reports quote gold and document text (misses in verbose mode).
    super::write_text(&format!("{report}\n"))?;
    Ok(ExitCode::SUCCESS)
}
