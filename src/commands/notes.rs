//! `yuelan notes export FILE --format markdown|json`.

use crate::cli::{GlobalArgs, NotesCommand, NotesFormat};
use crate::notes::{NoteStore, export};
use crate::source::load_document;
use std::process::ExitCode;

pub fn run(_global: &GlobalArgs, cmd: NotesCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        NotesCommand::Export { file, format } => {
            let doc = load_document(&file)?;
            let mut store = NoteStore::open(&doc.text, Some(&file))?;
            for message in store.take_messages() {
                eprintln!("{message}");
            }
            let out = match format {
                NotesFormat::Markdown => export::markdown(&doc, &store),
                NotesFormat::Json => export::json(&doc, &store)?,
            };
            print!("{out}");
            if !out.ends_with('\n') {
                println!();
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
