//! `yuelan eval ner|seg GOLD`.

use crate::annotate::Resources;
use crate::cli::{EvalCommand, GlobalArgs};
use crate::eval::{ner, seg};
use anyhow::Context;
use std::process::ExitCode;

pub fn run(_global: &GlobalArgs, cmd: EvalCommand) -> anyhow::Result<ExitCode> {
    let (kind, path) = match &cmd {
        EvalCommand::Ner { gold } => ("ner", gold),
        EvalCommand::Seg { gold } => ("seg", gold),
    };
    let bytes = crate::source::read_bytes(path)?;
    let input = String::from_utf8(bytes)
        .with_context(|| format!("{}: gold files must be UTF-8", path.display()))?;
    let res = Resources::load()?;
    let report = match kind {
        "ner" => ner::evaluate(&input, &res)
            .with_context(|| format!("{}: not a BIO file", path.display()))?,
        _ => seg::evaluate(&input, &res),
    };
    println!("{report}");
    Ok(ExitCode::SUCCESS)
}
