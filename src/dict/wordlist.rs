//! The reader's word list: words saved from documents, with the sentence
//! they came from, exported for Anki (TSV) or as JSON.
//!
//! Stored as `wordlist.json` in [`crate::storage::data_dir`]. Every addition
//! rewrites the file with [`crate::storage::atomic_write`], so a crash leaves
//! the old list or the new one, never a broken file. A file that cannot be
//! read is reported and never overwritten.

use super::WordInfo;
use anyhow::Context;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The schema tag of the stored list and of the JSON export.
pub const SCHEMA: &str = "yuelan-words/1";
/// The file name inside the data directory.
pub const FILE_NAME: &str = "wordlist.json";

/// One saved word.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WordEntry {
    pub simplified: String,
    pub traditional: String,
    /// With tone marks.
    pub pinyin: String,
    /// The senses of the reading, joined with `; `.
    pub definition: String,
    /// The sentence the word was saved from.
    pub sentence: String,
    /// The document it came from, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// When it was added, seconds since the Unix epoch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub added: Option<u64>,
}

impl WordEntry {
    /// An entry for a looked-up word (its best reading; the characters'
    /// readings when the dictionary lacks the word).
    pub fn from_info(info: &WordInfo, sentence: &str, source: Option<&str>) -> WordEntry {
        let definition = match info.best() {
            Some(r) => r.senses.join("; "),
            None => info
                .per_char
                .iter()
                .map(|c| format!("{}: {}", c.ch, c.gloss.as_deref().unwrap_or("?")))
                .collect::<Vec<_>>()
                .join("; "),
        };
        WordEntry {
            simplified: info.simplified().to_string(),
            traditional: info.traditional().to_string(),
            pinyin: info.pinyin().unwrap_or_default(),
            definition,
            sentence: sentence.trim().to_string(),
            source: source.map(str::to_string),
            added: std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .ok()
                .map(|d| d.as_secs()),
        }
    }
}

/// The word list.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct WordList {
    pub schema: String,
    pub words: Vec<WordEntry>,
}

impl WordList {
    pub fn new() -> WordList {
        WordList {
            schema: SCHEMA.to_string(),
            words: Vec::new(),
        }
    }

    /// Where the reader's list lives.
    pub fn default_path() -> anyhow::Result<PathBuf> {
        Ok(crate::storage::data_dir()?.join(FILE_NAME))
    }

    /// Reads a list; a missing file is an empty list, a broken one an error.
    pub fn load(path: &Path) -> anyhow::Result<WordList> {
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(WordList::new()),
            Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
        };
        let list: WordList = serde_json::from_slice(&bytes)
            .with_context(|| format!("the word list {} is not valid", path.display()))?;
        Ok(list)
    }

    /// Writes the list atomically.
    pub fn save(&self, path: &Path) -> anyhow::Result<()> {
        let json = serde_json::to_vec_pretty(self).context("cannot serialise the word list")?;
        crate::storage::atomic_write(path, &json)
    }

    /// Adds a word; a word already in the list (same simplified form and
    /// pinyin) is kept as it was and `false` returned.
    pub fn add(&mut self, entry: WordEntry) -> bool {
        let dup = self
            .words
            .iter()
            .any(|w| w.simplified == entry.simplified && w.pinyin == entry.pinyin);
        if !dup {
            self.words.push(entry);
        }
        !dup
    }

    /// Anki import text: tab-separated simplified, traditional, pinyin,
    /// definition, sentence, one note per line, after Anki's `#` header
    /// lines (separator, html, column names).
    pub fn to_anki_tsv(&self) -> String {
        let mut out = String::from(
            "#separator:tab\n#html:false\n#columns:Simplified\tTraditional\tPinyin\tDefinition\tSentence\n",
        );
        for w in &self.words {
            let fields = [
                &w.simplified,
                &w.traditional,
                &w.pinyin,
                &w.definition,
                &w.sentence,
            ];
            let line: Vec<String> = fields.iter().map(|f| tsv_field(f)).collect();
            out.push_str(&line.join("\t"));
            out.push('\n');
        }
        out
    }

    /// Reads the TSV of [`WordList::to_anki_tsv`] back (header lines and
    /// lines with fewer than five fields are skipped).
    pub fn from_anki_tsv(text: &str) -> WordList {
        let mut list = WordList::new();
        for line in text.lines() {
            if line.starts_with('#') {
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            if let [s, t, p, d, sentence, ..] = f[..] {
                list.words.push(WordEntry {
                    simplified: s.to_string(),
                    traditional: t.to_string(),
                    pinyin: p.to_string(),
                    definition: d.to_string(),
                    sentence: sentence.to_string(),
                    source: None,
                    added: None,
                });
            }
        }
        list
    }

    /// The JSON export: the stored shape (`{"schema":"yuelan-words/1","words":[…]}`).
    pub fn to_json(&self) -> anyhow::Result<String> {
        let mut s = serde_json::to_string_pretty(self).context("cannot serialise the word list")?;
        s.push('\n');
        Ok(s)
    }
}

/// A field that cannot break the TSV: tabs and line breaks become spaces.
fn tsv_field(s: &str) -> String {
    s.chars()
        .map(|c| {
            if matches!(c, '\t' | '\n' | '\r') {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// Adds a word to the reader's list in the data directory and saves it at
/// once. Returns whether it was new.
pub fn add_to_reader_list(entry: WordEntry) -> anyhow::Result<bool> {
    add_to_list_at(&WordList::default_path()?, entry)
}

/// Adds a word to the list stored at `path` and saves it at once.
pub fn add_to_list_at(path: &Path, entry: WordEntry) -> anyhow::Result<bool> {
    let mut list = WordList::load(path)?;
    let added = list.add(entry);
    if added {
        list.save(path)?;
    }
    Ok(added)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(s: &str, t: &str, p: &str, sentence: &str) -> WordEntry {
        WordEntry {
            simplified: s.into(),
            traditional: t.into(),
            pinyin: p.into(),
            definition: "bank; CL: 家 jiā".into(),
            sentence: sentence.into(),
            source: None,
            added: None,
        }
    }

    #[test]
    fn tsv_round_trip_keeps_every_field() {
        let mut list = WordList::new();
        assert!(list.add(entry("银行", "銀行", "yínháng", "他去银行。")));
        assert!(list.add(entry("说服", "說服", "shuōfú", "一行\t两\n行")));
        assert!(!list.add(entry("银行", "銀行", "yínháng", "again")));
        let tsv = list.to_anki_tsv();
        assert!(tsv.starts_with("#separator:tab\n"));
        let back = WordList::from_anki_tsv(&tsv);
        assert_eq!(back.words.len(), 2);
        assert_eq!(back.words[0], list.words[0]);
        assert_eq!(
            back.words[1].sentence, "一行 两 行",
            "tab and newline flattened"
        );
        assert_eq!(back.words[1].traditional, "說服");
    }

    #[test]
    fn saved_list_loads_back_and_broken_file_is_not_replaced() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join(FILE_NAME);
        assert_eq!(WordList::load(&path).ok(), Some(WordList::new()));
        let mut list = WordList::new();
        list.add(entry("重庆", "重慶", "Chóngqìng", "重庆很大。"));
        assert!(list.save(&path).is_ok());
        assert_eq!(WordList::load(&path).ok(), Some(list));
        assert!(std::fs::write(&path, b"{ not json").is_ok());
        assert!(WordList::load(&path).is_err());
        assert_eq!(
            std::fs::read(&path).ok().as_deref(),
            Some(&b"{ not json"[..])
        );
    }
}
