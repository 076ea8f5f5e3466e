//! `yuelan notes export FILE --format markdown|json`.

use crate::cli::{GlobalArgs, NotesCommand, NotesFormat};
use crate::notes::{NoteStore, export};
use crate::source::load_document;
use std::process::ExitCode;

pub fn run(_global: &GlobalArgs, cmd: NotesCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        NotesCommand::Export { file, format } => {
            let doc = load_document(&file)?;
            let mut store = NoteStore::open_read_only(&doc.text, Some(&file))?;
            for message in store.take_messages() {
                super::warn(&message);
            }
            let mut out = match format {
                NotesFormat::Markdown => export::markdown(&doc, &store),
                NotesFormat::Json => export::json(&doc, &store)?,
            };
            if !out.ends_with('\n') {
                out.push('\n');
            }
            // Note text and document text shown safely; JSON stays exact.
            match format {
                NotesFormat::Markdown => super::write_text(&out)?,
                NotesFormat::Json => super::write_json(&out)?,
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
