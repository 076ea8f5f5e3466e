//! `yuelan words export`: the reader's word list as Anki TSV or JSON.

use crate::cli::{GlobalArgs, WordsCommand, WordsFormat};
use crate::dict::wordlist::WordList;
use std::process::ExitCode;

pub fn run(_global: &GlobalArgs, cmd: WordsCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        WordsCommand::Export { format, output } => {
            let list = WordList::load(&WordList::default_path()?)?;
            let text = match format {
                WordsFormat::Anki => list.to_anki_tsv(),
                WordsFormat::Json => list.to_json()?,
            };
            match output {
                Some(path) => crate::storage::atomic_write(&path, text.as_bytes())?,
                None => match format {
                    WordsFormat::Anki => super::write_data(&text)?,
                    WordsFormat::Json => super::write_json(&text)?,
                },
            }
            if list.words.is_empty() {
                eprintln!(
                    "yuelan: the word list is empty (add words in the browser with the word-list key)"
                );
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
