//! `yuelan words export|import|stats`: the reader's word list, known words
//! and how much of a text the reader knows.

use crate::cli::{GlobalArgs, WordsCommand, WordsFormat};
use crate::dict::hsk::{self, Level};
use crate::dict::wordlist::WordList;
use crate::learner::import;
use crate::learner::known::KnownWords;
use crate::learner::stats::{Counter, Reader, Stats};
use anyhow::Context;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub fn run(global: &GlobalArgs, cmd: WordsCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        WordsCommand::Export { format, output } => export(format, output),
        WordsCommand::Import { file, unknown } => import_file(&file, !unknown),
        WordsCommand::Stats {
            files,
            known,
            hsk,
            json,
            top,
        } => stats(global, &files, known.as_deref(), hsk, json, top),
    }
}

fn export(format: WordsFormat, output: Option<PathBuf>) -> anyhow::Result<ExitCode> {
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

/// A word-list file's text (UTF-8, UTF-16 with BOM, GB18030 or Big5).
fn read_list(path: &Path) -> anyhow::Result<import::Imported> {
    let bytes = crate::source::read_bytes(path)?;
    let text = crate::decode::decode(&bytes)
        .with_context(|| format!("{}: cannot read as text", path.display()))?
        .text;
    let imported = import::parse(&text);
    if imported.words.is_empty() {
        anyhow::bail!("{}: no Chinese words found", path.display());
    }
    Ok(imported)
}

fn import_file(path: &Path, known: bool) -> anyhow::Result<ExitCode> {
    let imported = read_list(path)?;
    let mut list = KnownWords::open_default()?;
    let changed = imported.words.iter().filter(|w| list.set(w, known)).count();
    list.save()?;
    let state = if known { "known" } else { "unknown" };
    super::write_text(&format!(
        "{}: {} words read as a {} ({} newly {state}; {} lines skipped); {} words known in {}\n",
        path.display(),
        imported.words.len(),
        imported.format.name(),
        changed,
        imported.skipped,
        list.len(),
        list.path()
            .map_or_else(String::new, |p| p.display().to_string()),
    ))?;
    Ok(ExitCode::SUCCESS)
}

fn stats(
    global: &GlobalArgs,
    files: &[PathBuf],
    known: Option<&Path>,
    level: Option<u8>,
    json: bool,
    top: usize,
) -> anyhow::Result<ExitCode> {
    let files = super::annotate::expand_paths(files)?;
    let texts: Vec<String> = files
        .iter()
        .map(|f| crate::source::load_document(f).map(|d| d.text))
        .collect::<anyhow::Result<_>>()?;
    let known = match known {
        Some(path) => KnownWords::from_words(read_list(path)?.words.iter().map(String::as_str)),
        None => KnownWords::open_default()?,
    };
    let res = crate::annotate::Resources::load_with(&super::annotate::resource_options(global)?)?;
    let dict = crate::dict::shared()?;
    let reader = Reader {
        known: &known,
        level: level.and_then(Level::from_number),
        hsk: hsk::shared(),
        dict: Some(dict),
    };
    let mut counter = Counter::new(reader);
    for text in &texts {
        for t in crate::annotate::tokens::tokenize(text, &res) {
            counter.add(&text[t.span().start..t.span().end], t.pos());
        }
    }
    let stats = counter.finish(dict, &res);
    let out = if json {
        let mut s = serde_json::to_string_pretty(&stats)?;
        s.push('\n');
        s
    } else {
        render(&stats, top)
    };
    super::write_stdout(out.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

fn render(s: &Stats, top: usize) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "tokens {}  distinct {}  known {}  comprehension {:.1}%",
        s.tokens,
        s.distinct,
        s.known,
        s.comprehension * 100.0
    );
    let levels: Vec<String> = Level::ALL
        .iter()
        .map(|l| l.name())
        .chain(["none"])
        .map(|name| format!("{name}: {}", s.hsk.get(name).copied().unwrap_or(0)))
        .collect();
    let _ = writeln!(out, "HSK 3.0 tokens  {}", levels.join("  "));
    if !s.unknown.is_empty() {
        let _ = writeln!(
            out,
            "unknown words ({}), most frequent first:",
            s.unknown.len()
        );
        for u in s.unknown.iter().take(top) {
            let _ = writeln!(
                out,
                "{:>5}  {}  {}  HSK {}  {}",
                u.count,
                u.word,
                u.pinyin,
                u.hsk.as_deref().unwrap_or("-"),
                u.gloss.as_deref().unwrap_or("")
            );
        }
    }
    out
}
