//! The reader's known words: `known_words.json` in
//! [`crate::storage::data_dir`].
//!
//! Each word carries its state (known, or marked unknown again) and when it
//! was set. Saving re-reads the file and merges it first (per word the later
//! change wins, so two yuelan processes never lose each other's marks) and
//! writes through [`crate::storage::atomic_write`]. A file that cannot be
//! read is an error and is never overwritten.

use anyhow::Context;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The `schema` field of the file.
pub const SCHEMA: &str = "yuelan-known/1";
/// The file name inside the data directory.
pub const FILE_NAME: &str = "known_words.json";

/// One word's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mark {
    /// `false`: marked unknown again (kept, so a merge does not bring the
    /// older "known" back).
    pub known: bool,
    /// Unix milliseconds of the change.
    pub at: u64,
}

/// The stored file.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct KnownFile {
    pub schema: String,
    #[serde(default)]
    pub words: BTreeMap<String, Mark>,
}

impl KnownFile {
    fn empty() -> KnownFile {
        KnownFile {
            schema: SCHEMA.to_string(),
            words: BTreeMap::new(),
        }
    }

    /// Merges `other` into `self`: per word the later change wins (`self`
    /// on ties).
    pub fn merge(&mut self, other: KnownFile) {
        for (word, mark) in other.words {
            match self.words.get(&word) {
                Some(m) if m.at >= mark.at => {}
                _ => {
                    self.words.insert(word, mark);
                }
            }
        }
    }
}

/// The known-word list, bound to its file (or to none, in memory).
#[derive(Debug, Clone, Default)]
pub struct KnownWords {
    path: Option<PathBuf>,
    data: KnownFile,
}

fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

fn read_file(path: &Path) -> anyhow::Result<KnownFile> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(KnownFile::empty()),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
    };
    let file: KnownFile = serde_json::from_slice(&bytes).with_context(|| {
        format!(
            "the known-word list {} is not valid (left as it is)",
            path.display()
        )
    })?;
    if !file.schema.starts_with("yuelan-known/") {
        anyhow::bail!(
            "{} is not a yuelan known-word list (schema {:?})",
            path.display(),
            file.schema
        );
    }
    Ok(file)
}

impl KnownWords {
    /// An empty list held in memory only.
    pub fn in_memory() -> KnownWords {
        KnownWords {
            path: None,
            data: KnownFile::empty(),
        }
    }

    /// Where the reader's list lives.
    pub fn default_path() -> anyhow::Result<PathBuf> {
        Ok(crate::storage::data_dir()?.join(FILE_NAME))
    }

    /// The reader's list from the data directory.
    pub fn open_default() -> anyhow::Result<KnownWords> {
        KnownWords::open(&KnownWords::default_path()?)
    }

    /// The list stored at `path` (a missing file is an empty list; a broken
    /// one an error).
    pub fn open(path: &Path) -> anyhow::Result<KnownWords> {
        Ok(KnownWords {
            path: Some(path.to_path_buf()),
            data: read_file(path)?,
        })
    }

    /// A list from words given in memory (`--known FILE` of plain words).
    pub fn from_words<'a>(words: impl IntoIterator<Item = &'a str>) -> KnownWords {
        let mut k = KnownWords::in_memory();
        for w in words {
            k.set(w, true);
        }
        k
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Whether `word` is marked known.
    pub fn is_known(&self, word: &str) -> bool {
        self.data.words.get(word).is_some_and(|m| m.known)
    }

    /// Marks `word` known or unknown; returns whether that changed anything.
    pub fn set(&mut self, word: &str, known: bool) -> bool {
        let word = word.trim();
        if word.is_empty() || self.data.words.get(word).map(|m| m.known) == Some(known) {
            return false;
        }
        let at = now_ms().max(self.data.words.get(word).map_or(0, |m| m.at + 1));
        self.data.words.insert(word.to_string(), Mark { known, at });
        true
    }

    /// Flips the word's state; returns the new one.
    pub fn toggle(&mut self, word: &str) -> bool {
        let known = !self.is_known(word);
        self.set(word, known);
        known
    }

    /// The known words, in code-point order.
    pub fn known(&self) -> impl Iterator<Item = &str> {
        self.data
            .words
            .iter()
            .filter(|(_, m)| m.known)
            .map(|(w, _)| w.as_str())
    }

    /// How many words are known.
    pub fn len(&self) -> usize {
        self.known().count()
    }
    pub fn is_empty(&self) -> bool {
        !self.data.words.values().any(|m| m.known)
    }

    /// Re-reads the file, merges it with the changes held here and writes
    /// the result atomically. A list held in memory only is not written.
    pub fn save(&mut self) -> anyhow::Result<()> {
        let Some(path) = self.path.clone() else {
            return Ok(());
        };
        let mut on_disk = read_file(&path)?;
        on_disk.merge(std::mem::take(&mut self.data));
        // Ties go to what this process set.
        self.data = on_disk;
        let json = serde_json::to_vec_pretty(&self.data)
            .context("cannot serialise the known-word list")?;
        crate::storage::atomic_write(&path, &json)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_toggle_and_merge_keep_the_later_change() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join(FILE_NAME);
        let mut a = KnownWords::open(&path).expect("open a");
        let mut b = KnownWords::open(&path).expect("open b");
        assert!(a.set("银行", true));
        assert!(!a.set("银行", true), "no change");
        a.save().expect("save a");
        // b never saw a's word; saving b must keep it.
        assert!(b.set("头发", true));
        b.save().expect("save b");
        assert!(b.is_known("银行") && b.is_known("头发"));
        // Marked unknown later in a: the mark survives b's older "known".
        let mut a = KnownWords::open(&path).expect("reopen a");
        assert!(!a.toggle("银行"));
        a.save().expect("save a again");
        b.save().expect("save b again");
        let c = KnownWords::open(&path).expect("open c");
        assert!(!c.is_known("银行"));
        assert!(c.is_known("头发"));
        assert_eq!(c.known().collect::<Vec<_>>(), ["头发"]);
    }

    #[test]
    fn a_broken_file_is_an_error_and_stays() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join(FILE_NAME);
        std::fs::write(&path, b"{ broken").expect("write");
        assert!(KnownWords::open(&path).is_err());
        assert_eq!(std::fs::read(&path).ok().as_deref(), Some(&b"{ broken"[..]));
    }
}
