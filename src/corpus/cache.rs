//! The annotation cache: the [`Annotated`] model of an unchanged file, kept
//! in the user cache directory (`$YUELAN_CACHE_DIR` or the XDG cache dir,
//! under `corpus/`) so a second opening skips parsing and annotating.
//!
//! One file per document, named by a hash of its canonical path and article
//! number, holding JSON: the crate version, a schema number, the path, the
//! file's size, mtime and content hash, a fingerprint of the settings that
//! change annotations (extra glossaries), and the model (its tokens packed as
//! numbers, a fifth of their plain JSON size). A lookup trusts
//! nothing: any field that differs, a file that does not parse, or spans
//! that do not fit the text make it a miss, and the entry is rebuilt.

use super::list::{Entry, Stamp, content_hash};
use super::timings::{self, Phase};
use crate::model::{Annotated, Span, Token};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Bumped whenever the cached shape or its meaning changes.
pub const SCHEMA: u32 = 2;

#[derive(Serialize, Deserialize)]
struct CacheFile {
    crate_version: String,
    schema: u32,
    path: String,
    part: Option<usize>,
    stamp: Stamp,
    settings: u64,
    /// The model with `tokens` left empty: they are in `tokens` below.
    annotated: Annotated,
    tokens: PackedTokens,
}

/// Tokens packed compactly (they are most of a model): per token three
/// numbers in `runs` — the gap since the previous token's end, the length,
/// and the index of its part of speech in `pos`.
#[derive(Serialize, Deserialize, Default)]
struct PackedTokens {
    pos: Vec<String>,
    runs: Vec<u32>,
}

impl PackedTokens {
    fn pack(tokens: &[Token]) -> Option<PackedTokens> {
        let mut pos: Vec<String> = Vec::new();
        let mut index: HashMap<&str, u32> = HashMap::new();
        let mut runs = Vec::with_capacity(tokens.len() * 3);
        let mut prev = 0usize;
        for t in tokens {
            let p = match index.get(t.pos) {
                Some(&i) => i,
                None => {
                    let i = u32::try_from(pos.len()).ok()?;
                    pos.push(t.pos.to_string());
                    index.insert(t.pos, i);
                    i
                }
            };
            let gap = t.span.start.checked_sub(prev)?;
            runs.push(u32::try_from(gap).ok()?);
            runs.push(u32::try_from(t.span.len()).ok()?);
            runs.push(p);
            prev = t.span.end;
        }
        Some(PackedTokens { pos, runs })
    }

    fn unpack(&self) -> Option<Vec<Token>> {
        if !self.runs.len().is_multiple_of(3) {
            return None;
        }
        let mut out = Vec::with_capacity(self.runs.len() / 3);
        let mut prev = 0usize;
        for r in self.runs.chunks_exact(3) {
            let start = prev.checked_add(r[0] as usize)?;
            let end = start.checked_add(r[1] as usize)?;
            let pos = crate::model::pos_tag(self.pos.get(r[2] as usize)?);
            out.push(Token {
                span: Span::new(start, end),
                pos,
            });
            prev = end;
        }
        Some(out)
    }
}

/// The outcome of a lookup.
#[derive(Debug, PartialEq)]
pub enum Lookup {
    Hit(Box<Annotated>),
    /// No cache file.
    Miss,
    /// A cache file for another version, other settings or other content.
    Stale,
    /// A cache file that cannot be read or does not make sense.
    Corrupt(String),
}

/// The cache, rooted at one directory.
#[derive(Debug, Clone)]
pub struct Cache {
    dir: PathBuf,
    settings: u64,
}

impl Cache {
    /// The cache in the user cache directory, or `None` when there is none.
    pub fn user(settings: u64) -> Option<Cache> {
        crate::storage::cache_dir()
            .ok()
            .map(|d| Cache::at(d.join("corpus"), settings))
    }

    /// A cache rooted at `dir` (created on first write).
    pub fn at(dir: impl Into<PathBuf>, settings: u64) -> Cache {
        Cache {
            dir: dir.into(),
            settings,
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn key_path(entry: &Entry) -> String {
        std::fs::canonicalize(&entry.path)
            .unwrap_or_else(|_| entry.path.clone())
            .display()
            .to_string()
    }

    /// Where the entry's cache file lives.
    pub fn file_for(&self, entry: &Entry) -> PathBuf {
        let key = format!("{}\u{0}{:?}", Cache::key_path(entry), entry.part);
        self.dir
            .join(format!("{:016x}.json", content_hash(key.as_bytes())))
    }

    /// Looks the entry up; only a [`Lookup::Hit`] may be used.
    pub fn get(&self, entry: &Entry) -> Lookup {
        timings::time(Phase::Cache, || self.get_untimed(entry))
    }

    fn get_untimed(&self, entry: &Entry) -> Lookup {
        let Ok(loaded) = &entry.loaded else {
            return Lookup::Miss;
        };
        let bytes = match std::fs::read(self.file_for(entry)) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Lookup::Miss,
            Err(e) => return Lookup::Corrupt(format!("cannot read: {e}")),
        };
        let file: CacheFile = match serde_json::from_slice(&bytes) {
            Ok(f) => f,
            Err(e) => return Lookup::Corrupt(format!("does not parse: {e}")),
        };
        if file.crate_version != env!("CARGO_PKG_VERSION")
            || file.schema != SCHEMA
            || file.settings != self.settings
            || file.path != Cache::key_path(entry)
            || file.part != entry.part
            || file.stamp != entry.stamp
        {
            return Lookup::Stale;
        }
        // Plain text is its own document text; rendered formats (Markdown)
        // are guarded by the stamp's content hash.
        if file.annotated.doc.source.format == crate::model::Format::Plain
            && *file.annotated.doc.text != *loaded.text
        {
            return Lookup::Stale;
        }
        let mut annotated = file.annotated;
        match file.tokens.unpack() {
            Some(tokens) if annotated.tokens.is_empty() => annotated.tokens = tokens,
            _ => return Lookup::Corrupt("the packed tokens do not make sense".to_string()),
        }
        if let Err(why) = check_spans(&annotated) {
            return Lookup::Corrupt(why);
        }
        Lookup::Hit(Box::new(annotated))
    }

    /// Stores the entry's model (atomically: a crash never leaves half a
    /// file). The tokens are taken out while writing (to store them packed)
    /// and put back: the model is left as it was.
    pub fn put(&self, entry: &Entry, annotated: &mut Annotated) -> anyhow::Result<()> {
        timings::time(Phase::Cache, || {
            let Some(tokens) = PackedTokens::pack(&annotated.tokens) else {
                anyhow::bail!("tokens out of order or too large to cache");
            };
            let saved = std::mem::take(&mut annotated.tokens);
            let file = CacheFileRef {
                crate_version: env!("CARGO_PKG_VERSION"),
                schema: SCHEMA,
                path: Cache::key_path(entry),
                part: entry.part,
                stamp: entry.stamp,
                settings: self.settings,
                annotated,
                tokens,
            };
            let bytes = serde_json::to_vec(&file);
            annotated.tokens = saved;
            crate::storage::atomic_write(&self.file_for(entry), &bytes?)
        })
    }
}

/// The same fields as [`CacheFile`], borrowing the model to write it.
#[derive(Serialize)]
struct CacheFileRef<'a> {
    crate_version: &'static str,
    schema: u32,
    path: String,
    part: Option<usize>,
    stamp: Stamp,
    settings: u64,
    annotated: &'a Annotated,
    tokens: PackedTokens,
}

/// Every span of the model lies in the text, on char boundaries, and every
/// index points at something that exists.
fn check_spans(ann: &Annotated) -> Result<(), String> {
    let doc = &ann.doc;
    let text = &doc.text;
    let ok = |s: &Span| {
        s.start <= s.end
            && s.end <= text.len()
            && text.is_char_boundary(s.start)
            && text.is_char_boundary(s.end)
    };
    let spans = doc
        .title
        .iter()
        .chain(doc.subtitle.iter())
        .chain(doc.kicker.iter())
        .chain(doc.byline.iter())
        .chain(doc.sections.iter().map(|s| &s.span))
        .chain(doc.sections.iter().filter_map(|s| s.heading.as_ref()))
        .chain(doc.paragraphs.iter().map(|p| &p.span))
        .chain(doc.sentences.iter().map(|s| &s.span))
        .chain(ann.tokens.iter().map(|t| &t.span))
        .chain(ann.annotations.iter().map(|a| &a.span));
    for s in spans {
        if !ok(s) {
            return Err(format!("span {}..{} does not fit the text", s.start, s.end));
        }
    }
    let np = doc.paragraphs.len();
    let ns = doc.sentences.len();
    if doc.sections.iter().any(|s| s.paragraphs.end > np)
        || doc.paragraphs.iter().any(|p| p.sentences.end > ns)
        || doc.sentences.iter().any(|s| s.paragraph >= np)
        || ann.annotations.iter().enumerate().any(|(i, a)| a.id != i)
    {
        return Err("indices do not fit the model".to_string());
    }
    Ok(())
}

/// A fingerprint of the settings that change annotations: the extra
/// glossary files, by path and content.
pub fn settings_fingerprint(glossaries: &[PathBuf]) -> u64 {
    let mut key = Vec::new();
    for g in glossaries {
        key.extend_from_slice(g.display().to_string().as_bytes());
        key.push(0);
        if let Ok(bytes) = std::fs::read(g) {
            key.extend_from_slice(&content_hash(&bytes).to_le_bytes());
        }
    }
    content_hash(&key)
}
