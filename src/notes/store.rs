//! One JSON file per document in `data_dir()/notes/`, named by a hash of the
//! document's text and holding the path it was last seen at, so that a
//! document whose text was edited (new hash) still finds its notes by path.
//!
//! Safety rules:
//! - every write goes through [`crate::storage::atomic_write`] (temporary
//!   file, fsync, rename): an interrupted write leaves the old file intact;
//! - a corrupt or unreadable file is moved aside to a timestamped backup and
//!   a message is queued for the interface; the backup is never overwritten,
//!   every note that still parses (read note by note, so a file cut in half
//!   keeps the notes before the cut) is kept and written back at once;
//! - a store opened read-only ([`NoteStore::open_read_only`], for exports)
//!   never changes a file: damage is reported and salvaged in memory only;
//! - before every write the file is re-read and merged (notes by id, the
//!   later `modified` wins; deletions are tombstones), under an OS advisory
//!   lock on `notes/.lock`, so two processes never lose each other's notes.

use super::anchor::{Anchor, Attached, Haystack};
use super::model::{
    Bookmark, Colour, Note, ReadingPosition, SavedPosition, file_stamp, new_id, now_ms,
};
use crate::model::Span;
use anyhow::Context;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The `schema` field of a notes file.
pub const SCHEMA: &str = "yuelan-notes/1";
const SCHEMA_FAMILY: &str = "yuelan-notes/";
const LOCK_NAME: &str = ".lock";
/// How long to wait for another writer before writing anyway (the merge
/// before writing still protects its notes).
const LOCK_WAIT: Duration = Duration::from_secs(3);

/// The content of one notes file.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct NotesFile {
    pub schema: String,
    /// The hash of the document text these notes were last saved against.
    #[serde(default)]
    pub text_hash: String,
    /// The absolute path the document was last seen at.
    #[serde(default)]
    pub path: Option<String>,
    /// Unix milliseconds of the last write.
    #[serde(default)]
    pub saved: u64,
    #[serde(default)]
    pub notes: Vec<Note>,
    /// Deleted note ids → when (tombstones, so a merge never resurrects them).
    #[serde(default)]
    pub deleted: BTreeMap<String, u64>,
    #[serde(default)]
    pub bookmarks: BTreeMap<char, Bookmark>,
    #[serde(default)]
    pub deleted_bookmarks: BTreeMap<char, u64>,
    #[serde(default)]
    pub position: Option<SavedPosition>,
}

impl NotesFile {
    fn empty() -> Self {
        NotesFile {
            schema: SCHEMA.to_string(),
            ..NotesFile::default()
        }
    }

    /// Merges `other` into `self`: notes by id (the later `modified` wins,
    /// `self` on ties), tombstones by union, a tombstone removing every note
    /// not edited after it; bookmarks and the position likewise.
    pub fn merge(&mut self, other: NotesFile) {
        for (id, at) in other.deleted {
            let e = self.deleted.entry(id).or_insert(at);
            *e = (*e).max(at);
        }
        let mut by_id: BTreeMap<String, Note> = BTreeMap::new();
        let mut order: Vec<String> = Vec::new();
        for n in self.notes.drain(..) {
            order.push(n.id.clone());
            by_id.insert(n.id.clone(), n);
        }
        for n in other.notes {
            match by_id.get(&n.id) {
                Some(ours) if ours.modified >= n.modified => {}
                Some(_) => {
                    by_id.insert(n.id.clone(), n);
                }
                None => {
                    order.push(n.id.clone());
                    by_id.insert(n.id.clone(), n);
                }
            }
        }
        self.notes = order
            .into_iter()
            .filter_map(|id| by_id.remove(&id))
            .filter(|n| self.deleted.get(&n.id).is_none_or(|&at| n.modified > at))
            .collect();

        for (c, at) in other.deleted_bookmarks {
            let e = self.deleted_bookmarks.entry(c).or_insert(at);
            *e = (*e).max(at);
        }
        for (c, b) in other.bookmarks {
            match self.bookmarks.get(&c) {
                Some(ours) if ours.modified >= b.modified => {}
                _ => {
                    self.bookmarks.insert(c, b);
                }
            }
        }
        let deleted = &self.deleted_bookmarks;
        self.bookmarks
            .retain(|c, b| deleted.get(c).is_none_or(|&at| b.modified > at));

        if let Some(p) = other.position
            && self.position.is_none_or(|ours| p.modified > ours.modified)
        {
            self.position = Some(p);
        }
        if self.path.is_none() {
            self.path = other.path;
        }
    }
}

/// A stable 64-bit FNV-1a hash of the document text, as 16 hex digits: the
/// notes file's name. (Stable across Rust versions, unlike `DefaultHasher`.)
pub fn text_hash(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// The absolute form of a document path as stored in notes files (`None`
/// for standard input).
pub fn canonical_path(path: &Path) -> Option<String> {
    if path.as_os_str() == "-" {
        return None;
    }
    let abs = std::fs::canonicalize(path).unwrap_or_else(|_| {
        std::env::current_dir()
            .map(|d| d.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    });
    Some(abs.to_string_lossy().into_owned())
}

/// The default notes directory: `data_dir()/notes`.
pub fn default_dir() -> anyhow::Result<PathBuf> {
    Ok(crate::storage::data_dir()?.join("notes"))
}

/// A note and where it attaches in the current text (`None`: orphaned).
#[derive(Debug, Clone, Copy)]
pub struct Placed<'a> {
    pub note: &'a Note,
    pub at: Option<Attached>,
}

/// What reading a notes file gave.
enum Read {
    Missing,
    Ok(NotesFile),
    /// Unreadable: moved aside (or not), with what could be salvaged.
    Broken {
        salvaged: NotesFile,
        moved: bool,
    },
    /// A newer schema: leave the file alone.
    Newer,
}

/// The text notes attach to: the store's own copy, or the browser's
/// document itself (a big document's text is not held twice).
enum Text {
    Own(String),
    Shared(std::sync::Arc<crate::model::Document>),
}

impl Text {
    fn as_str(&self) -> &str {
        match self {
            Text::Own(t) => t,
            Text::Shared(d) => &d.text,
        }
    }
}

/// The reader's notes for one document, in memory, with the file they live in.
pub struct NoteStore {
    dir: PathBuf,
    key: String,
    doc_path: Option<String>,
    text: Text,
    data: NotesFile,
    placed: HashMap<String, Option<Attached>>,
    /// Other files (older texts at the same path) merged into this one;
    /// removed once this one is written.
    superseded: Vec<PathBuf>,
    dirty: bool,
    /// Set when a file could neither be read nor moved aside, or is from a
    /// newer yuelan: saving would overwrite it, so saving is refused.
    read_only: bool,
    /// Opened for reading only: damaged files are not moved or rewritten.
    inspect_only: bool,
    /// Notes salvaged from a damaged own file moved aside, to write back.
    repaired: usize,
    messages: Vec<String>,
}

impl NoteStore {
    /// Opens the notes of the document with `text`, seen at `doc_path`, in
    /// the default directory.
    pub fn open(text: &str, doc_path: Option<&Path>) -> anyhow::Result<NoteStore> {
        Ok(NoteStore::open_in(&default_dir()?, text, doc_path))
    }

    /// Opens the notes of the document with `text`, seen at `doc_path`, in
    /// `dir`. Never fails: anything wrong with the files on disk becomes a
    /// message (see [`NoteStore::take_messages`]). Reading writes nothing,
    /// except moving a corrupt file aside.
    pub fn open_in(dir: &Path, text: &str, doc_path: Option<&Path>) -> NoteStore {
        NoteStore::open_text_in(dir, Text::Own(text.to_string()), doc_path)
    }

    /// [`NoteStore::open`] for the browser's document, which the store
    /// shares rather than copying its text.
    pub fn open_shared(
        doc: &std::sync::Arc<crate::model::Document>,
        doc_path: Option<&Path>,
    ) -> anyhow::Result<NoteStore> {
        Ok(NoteStore::open_shared_in(&default_dir()?, doc, doc_path))
    }

    /// [`NoteStore::open_shared`] in `dir`.
    pub fn open_shared_in(
        dir: &Path,
        doc: &std::sync::Arc<crate::model::Document>,
        doc_path: Option<&Path>,
    ) -> NoteStore {
        NoteStore::open_text_in(dir, Text::Shared(std::sync::Arc::clone(doc)), doc_path)
    }

    fn open_text_in(dir: &Path, text: Text, doc_path: Option<&Path>) -> NoteStore {
        let mut store = NoteStore::new_in(dir, text, doc_path, false);
        store.reload_from_disk();
        if !store.superseded.is_empty() {
            // notes found under an older text at this path: save to migrate
            store.dirty = true;
        }
        if store.repaired > 0 {
            // The damaged file is moved aside: write what was salvaged back
            // now, so it is there on the next open whatever happens.
            store.dirty = true;
            let n = store.repaired;
            match store.save() {
                Ok(()) => store
                    .messages
                    .push(format!("notes: {n} recovered notes written back")),
                Err(e) => store.messages.push(format!(
                    "notes: the {n} recovered notes could not be written back: {e:#}"
                )),
            }
        }
        store.place_all();
        store
    }

    /// Opens the notes of a document in the default directory for reading
    /// only (exports): nothing on disk is changed, even a damaged file,
    /// which is salvaged in memory and reported.
    pub fn open_read_only(text: &str, doc_path: Option<&Path>) -> anyhow::Result<NoteStore> {
        Ok(NoteStore::open_read_only_in(
            &default_dir()?,
            text,
            doc_path,
        ))
    }

    /// [`NoteStore::open_read_only`] in `dir`.
    pub fn open_read_only_in(dir: &Path, text: &str, doc_path: Option<&Path>) -> NoteStore {
        let mut store = NoteStore::new_in(dir, Text::Own(text.to_string()), doc_path, true);
        store.reload_from_disk();
        store.read_only = true;
        store.place_all();
        store
    }

    fn new_in(dir: &Path, text: Text, doc_path: Option<&Path>, inspect_only: bool) -> NoteStore {
        NoteStore {
            dir: dir.to_path_buf(),
            key: text_hash(text.as_str()),
            doc_path: doc_path.and_then(canonical_path),
            text,
            data: NotesFile::empty(),
            placed: HashMap::new(),
            superseded: Vec::new(),
            dirty: false,
            read_only: false,
            inspect_only,
            repaired: 0,
            messages: Vec::new(),
        }
    }

    /// The file these notes are written to.
    pub fn file_path(&self) -> PathBuf {
        self.dir.join(format!("{}.json", self.key))
    }

    /// Messages for the interface (corrupt files moved aside, …), once each.
    pub fn take_messages(&mut self) -> Vec<String> {
        std::mem::take(&mut self.messages)
    }

    /// Whether there are changes not yet saved.
    pub fn is_dirty(&self) -> bool {
        self.dirty
    }

    /// All notes, in the order they were created.
    pub fn notes(&self) -> &[Note] {
        &self.data.notes
    }

    pub fn note(&self, id: &str) -> Option<&Note> {
        self.data.notes.iter().find(|n| n.id == id)
    }

    /// Where a note attaches in the current text (`None`: orphaned or unknown).
    pub fn attachment(&self, id: &str) -> Option<Attached> {
        self.placed.get(id).copied().flatten()
    }

    /// Every note with its place: attached ones in text order, then the
    /// orphaned ones.
    pub fn placed(&self) -> Vec<Placed<'_>> {
        let mut out: Vec<Placed<'_>> = self
            .data
            .notes
            .iter()
            .map(|note| Placed {
                note,
                at: self.placed.get(&note.id).copied().flatten(),
            })
            .collect();
        out.sort_by_key(|p| match p.at {
            Some(a) => (0, a.span.start, a.span.end),
            None => (1, 0, 0),
        });
        out
    }

    /// The notes whose text is gone from the current version.
    pub fn orphans(&self) -> Vec<&Note> {
        self.placed()
            .into_iter()
            .filter(|p| p.at.is_none())
            .map(|p| p.note)
            .collect()
    }

    /// The attached notes whose span contains byte offset `pos`.
    pub fn notes_at(&self, pos: usize) -> Vec<Placed<'_>> {
        self.placed()
            .into_iter()
            .filter(|p| p.at.is_some_and(|a| a.span.contains_pos(pos)))
            .collect()
    }

    /// Highlights the byte span `span` of the current text with an optional
    /// comment; returns the new note's id, or `None` for an empty span.
    pub fn add(&mut self, span: Span, colour: Colour, text: &str) -> Option<String> {
        let hay = Haystack::new(self.text.as_str());
        let (start, end) = hay.index().span_to_cp(span);
        if end <= start {
            return None;
        }
        let anchor = Anchor::at_cp(&hay, start, end);
        let at = anchor.resolve(&hay);
        let now = now_ms();
        let id = new_id();
        self.data.notes.push(Note {
            id: id.clone(),
            anchor,
            colour,
            text: text.to_string(),
            created: now,
            modified: now,
        });
        self.placed.insert(id.clone(), at);
        self.dirty = true;
        Some(id)
    }

    /// Changes a note's comment and/or colour. `false` if there is no such note.
    pub fn edit(&mut self, id: &str, text: Option<&str>, colour: Option<Colour>) -> bool {
        let Some(note) = self.data.notes.iter_mut().find(|n| n.id == id) else {
            return false;
        };
        if let Some(t) = text {
            note.text = t.to_string();
        }
        if let Some(c) = colour {
            note.colour = c;
        }
        note.modified = now_ms().max(note.modified + 1);
        self.dirty = true;
        true
    }

    /// Deletes a note (leaving a tombstone). `false` if there is no such note.
    pub fn delete(&mut self, id: &str) -> bool {
        let Some(i) = self.data.notes.iter().position(|n| n.id == id) else {
            return false;
        };
        let note = self.data.notes.remove(i);
        self.data
            .deleted
            .insert(note.id.clone(), now_ms().max(note.modified + 1));
        self.placed.remove(id);
        self.dirty = true;
        true
    }

    pub fn bookmark(&self, letter: char) -> Option<ReadingPosition> {
        self.data.bookmarks.get(&letter).map(|b| b.position)
    }

    /// All bookmarks, by letter.
    pub fn bookmarks(&self) -> impl Iterator<Item = (char, ReadingPosition)> + '_ {
        self.data.bookmarks.iter().map(|(c, b)| (*c, b.position))
    }

    pub fn set_bookmark(&mut self, letter: char, position: ReadingPosition) {
        let modified = now_ms();
        self.data
            .bookmarks
            .insert(letter, Bookmark { position, modified });
        self.dirty = true;
    }

    /// Removes a bookmark; `false` if there was none.
    pub fn delete_bookmark(&mut self, letter: char) -> bool {
        let Some(b) = self.data.bookmarks.remove(&letter) else {
            return false;
        };
        self.data
            .deleted_bookmarks
            .insert(letter, now_ms().max(b.modified + 1));
        self.dirty = true;
        true
    }

    /// The reading position last saved, if any.
    pub fn position(&self) -> Option<ReadingPosition> {
        self.data.position.map(|p| p.position)
    }

    pub fn set_position(&mut self, position: ReadingPosition) {
        if self.position() == Some(position) {
            return;
        }
        self.data.position = Some(SavedPosition {
            position,
            modified: now_ms(),
        });
        self.dirty = true;
    }

    /// Re-reads the file (and older files at the same path), merges them
    /// with what is in memory, and writes the result atomically under the
    /// directory lock; then removes the older files it absorbed.
    pub fn save(&mut self) -> anyhow::Result<()> {
        if self.read_only {
            anyhow::bail!(
                "notes not saved: {} could not be read or moved aside, and will not be overwritten",
                self.file_path().display()
            );
        }
        crate::storage::create_private_dir(&self.dir)?;
        let lock = crate::storage::FileLock::acquire(&self.dir.join(LOCK_NAME), LOCK_WAIT);
        if lock.is_none() {
            self.messages.push(format!(
                "notes: {} is held by another yuelan; merged and wrote anyway",
                self.dir.join(LOCK_NAME).display()
            ));
        }
        self.reload_from_disk();
        if self.read_only {
            anyhow::bail!(
                "notes not saved: {} could not be read or moved aside, and will not be overwritten",
                self.file_path().display()
            );
        }
        self.place_all();
        self.data.schema = SCHEMA.to_string();
        self.data.text_hash = self.key.clone();
        if self.doc_path.is_some() {
            self.data.path = self.doc_path.clone();
        }
        self.data.saved = now_ms();
        let json = serde_json::to_string_pretty(&self.data).context("cannot encode notes")?;
        crate::storage::atomic_write(&self.file_path(), json.as_bytes())?;
        for old in std::mem::take(&mut self.superseded) {
            if old != self.file_path() {
                let _ = std::fs::remove_file(&old);
            }
        }
        self.dirty = false;
        drop(lock);
        Ok(())
    }

    /// Reads this document's file and every file last seen at the same path
    /// and merges them into memory.
    fn reload_from_disk(&mut self) {
        let own = self.file_path();
        match self.read_file(&own) {
            Read::Missing => {}
            Read::Ok(f) => self.data.merge(f),
            Read::Broken { salvaged, moved } => {
                if moved {
                    self.repaired += salvaged.notes.len();
                }
                self.data.merge(salvaged);
                if !moved {
                    self.read_only = true;
                }
            }
            Read::Newer => self.read_only = true,
        }
        for other in self.files_at_same_path(&own) {
            match self.read_file(&other) {
                Read::Ok(f) => {
                    self.data.merge(f);
                    if !self.superseded.contains(&other) {
                        self.superseded.push(other);
                    }
                }
                Read::Broken { salvaged, .. } => self.data.merge(salvaged),
                Read::Missing | Read::Newer => {}
            }
        }
    }

    /// Other notes files whose `path` is this document's path.
    fn files_at_same_path(&self, own: &Path) -> Vec<PathBuf> {
        let Some(path) = &self.doc_path else {
            return Vec::new();
        };
        // The path as it appears inside a JSON string, for a cheap pre-check.
        let needle = serde_json::to_string(path).unwrap_or_default();
        let needle = needle.trim_matches('"');
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for entry in entries.flatten() {
            let p = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if p == own || !is_notes_file_name(&name) {
                continue;
            }
            let Ok(raw) = std::fs::read_to_string(&p) else {
                continue;
            };
            if !raw.contains(needle) {
                continue;
            }
            if let Ok(f) = serde_json::from_str::<PathOnly>(&raw)
                && f.path.as_deref() == Some(path.as_str())
            {
                out.push(p);
            }
        }
        out.sort();
        out
    }

    fn read_file(&mut self, path: &Path) -> Read {
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Read::Missing,
            Err(e) => return self.broken(path, &e.to_string(), NotesFile::empty()),
        };
        let raw = match String::from_utf8(bytes) {
            Ok(s) => s,
            // A file cut inside a character: salvage what is readable.
            Err(e) => {
                let salvaged = salvage(&String::from_utf8_lossy(e.as_bytes()));
                return self.broken(path, "not UTF-8", salvaged);
            }
        };
        match serde_json::from_str::<NotesFile>(&raw) {
            Ok(f) if f.schema == SCHEMA => Read::Ok(f),
            Ok(f) if f.schema.starts_with(SCHEMA_FAMILY) => {
                self.messages.push(format!(
                    "notes: {} was written by a newer yuelan ({}); it is left untouched and nothing will be saved",
                    path.display(),
                    f.schema
                ));
                Read::Newer
            }
            Ok(f) => {
                let why = format!("unknown schema {:?}", f.schema);
                self.broken(path, &why, salvage(&raw))
            }
            Err(e) => {
                let salvaged = salvage(&raw);
                self.broken(path, &e.to_string(), salvaged)
            }
        }
    }

    /// Moves a bad file aside to a timestamped backup and says so (a
    /// read-only store only says so).
    fn broken(&mut self, path: &Path, why: &str, salvaged: NotesFile) -> Read {
        let kept = salvaged.notes.len();
        if self.inspect_only {
            self.messages.push(format!(
                "notes file unreadable ({why}): {}; {kept} notes recovered from it (the file is left unchanged; opening the document in the browser repairs it)",
                path.display()
            ));
            return Read::Broken {
                salvaged,
                moved: false,
            };
        }
        match move_aside(path) {
            Ok(backup) => {
                let recovered = if kept > 0 {
                    format!("; {kept} notes recovered from it")
                } else {
                    String::new()
                };
                self.messages.push(format!(
                    "notes file unreadable ({why}): moved to {}{recovered}",
                    backup.display()
                ));
                Read::Broken {
                    salvaged,
                    moved: true,
                }
            }
            Err(e) => {
                self.messages.push(format!(
                    "notes file unreadable ({why}) and could not be moved aside ({e}): notes will not be saved; {}",
                    path.display()
                ));
                Read::Broken {
                    salvaged,
                    moved: false,
                }
            }
        }
    }

    /// Re-attaches every note to the current text, refreshing the anchors of
    /// the ones found (positions and context) and keeping the old anchor of
    /// orphans.
    fn place_all(&mut self) {
        let hay = Haystack::new(self.text.as_str());
        self.placed.clear();
        for note in &mut self.data.notes {
            let at = note.anchor.resolve(&hay);
            if let Some(a) = at {
                let fresh = Anchor::at_cp(&hay, a.cp.0, a.cp.1);
                if fresh != note.anchor {
                    note.anchor = fresh;
                }
            }
            self.placed.insert(note.id.clone(), at);
        }
    }
}

#[derive(Deserialize)]
struct PathOnly {
    #[serde(default)]
    path: Option<String>,
}

/// A notes file name: `<hash>.json`, not hidden, not a backup or temp file.
fn is_notes_file_name(name: &str) -> bool {
    !name.starts_with('.') && name.ends_with(".json") && !name.contains(".corrupt-")
}

/// Whatever can be read from a damaged file: each note, bookmark and the
/// position that still parses on its own. When the file is not JSON at all
/// (cut short, bytes overwritten), the notes array is read note by note and
/// every complete note kept.
fn salvage(raw: &str) -> NotesFile {
    let mut out = NotesFile::empty();
    let whole = match serde_json::from_str::<serde_json::Value>(raw) {
        Ok(serde_json::Value::Object(obj)) => Some(obj),
        _ => None,
    };
    let field = |key: &str| -> Option<serde_json::Value> {
        match &whole {
            Some(obj) => obj.get(key).cloned(),
            None => value_after_key(raw, key),
        }
    };
    out.notes = match &whole {
        Some(obj) => match obj.get("notes") {
            Some(serde_json::Value::Array(notes)) => notes
                .iter()
                .filter_map(|v| serde_json::from_value::<Note>(v.clone()).ok())
                .collect(),
            _ => Vec::new(),
        },
        None => notes_one_by_one(raw),
    };
    if let Some(v) = field("deleted") {
        out.deleted = serde_json::from_value(v).unwrap_or_default();
    }
    if let Some(serde_json::Value::Object(marks)) = field("bookmarks") {
        for (k, v) in marks {
            let mut chars = k.chars();
            if let (Some(c), None) = (chars.next(), chars.next())
                && let Ok(b) = serde_json::from_value::<Bookmark>(v)
            {
                out.bookmarks.insert(c, b);
            }
        }
    }
    if let Some(v) = field("position") {
        out.position = serde_json::from_value(v).ok().flatten();
    }
    if let Some(serde_json::Value::String(p)) = field("path") {
        out.path = Some(p);
    }
    out
}

/// The JSON value after the top-level key `key` of a damaged file: the
/// pretty-printed form puts top-level keys at a two-space indent, which
/// nested keys (a bookmark's `position`) never have.
fn value_after_key(raw: &str, key: &str) -> Option<serde_json::Value> {
    let top = format!("\n  \"{key}\":");
    let any = format!("\"{key}\":");
    let at = match raw.find(&top) {
        Some(i) => i + top.len(),
        None => raw.find(&any)? + any.len(),
    };
    serde_json::Deserializer::from_str(&raw[at..])
        .into_iter::<serde_json::Value>()
        .next()?
        .ok()
}

/// Every complete note in the `notes` array of a file that is not valid
/// JSON: values are read one at a time; after one that cannot be read, the
/// reading resumes at the next `{`.
fn notes_one_by_one(raw: &str) -> Vec<Note> {
    let Some(key) = raw
        .find("\n  \"notes\":")
        .or_else(|| raw.find("\"notes\":"))
    else {
        return Vec::new();
    };
    let Some(open) = raw[key..].find('[') else {
        return Vec::new();
    };
    let mut pos = key + open + 1;
    let mut notes = Vec::new();
    // Each round moves forward at least one byte.
    while pos < raw.len() {
        let rest = raw[pos..].trim_start_matches(|c: char| c.is_whitespace() || c == ',');
        pos = raw.len() - rest.len();
        if rest.is_empty() || rest.starts_with(']') {
            break;
        }
        let mut values = serde_json::Deserializer::from_str(rest).into_iter::<serde_json::Value>();
        match values.next() {
            Some(Ok(v)) => {
                if let Ok(note) = serde_json::from_value::<Note>(v) {
                    notes.push(note);
                }
                pos += values.byte_offset().max(1);
            }
            _ => match rest.get(1..).and_then(|r| r.find('{')) {
                Some(i) => pos += 1 + i,
                None => break,
            },
        }
    }
    notes
}

/// Renames `path` to `<name>.corrupt-<UTC timestamp>[-n]` beside it.
fn move_aside(path: &Path) -> std::io::Result<PathBuf> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "notes.json".to_string());
    let stamp = file_stamp(now_ms());
    let dir = path.parent().unwrap_or(Path::new("."));
    for n in 0..1000 {
        let backup = if n == 0 {
            dir.join(format!("{name}.corrupt-{stamp}"))
        } else {
            dir.join(format!("{name}.corrupt-{stamp}-{n}"))
        };
        if backup.exists() {
            continue;
        }
        std::fs::rename(path, &backup)?;
        return Ok(backup);
    }
    Err(std::io::Error::other("too many backups"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A store opened on the browser's shared document holds that document
    /// (no copy of its text) and finds, places and adds notes as one
    /// opened on the text.
    #[test]
    fn a_shared_document_opens_the_same_notes_as_its_text() -> anyhow::Result<()> {
        let tmp = tempfile::tempdir()?;
        let text = "河边的茶馆已经开门。镇上的图书馆去年翻修以后，每天都有学生来看书。";
        let at = text.find("图书馆").unwrap_or(0);
        let span = Span::new(at, at + "图书馆".len());
        let mut own = NoteStore::open_in(tmp.path(), text, None);
        let id = own.add(span, Colour::Green, "翻修");
        own.save()?;
        let doc = std::sync::Arc::new(crate::model::Document {
            text: text.to_string(),
            ..Default::default()
        });
        let mut shared = NoteStore::open_shared_in(tmp.path(), &doc, None);
        assert!(matches!(&shared.text, Text::Shared(d) if std::sync::Arc::ptr_eq(d, &doc)));
        assert_eq!(shared.file_path(), own.file_path());
        let Some(id) = id else {
            panic!("the note was added");
        };
        assert_eq!(shared.attachment(&id).map(|a| a.span), Some(span));
        let at = text.find("茶馆").unwrap_or(0);
        let tea = Span::new(at, at + "茶馆".len());
        let Some(tea_id) = shared.add(tea, Colour::Blue, "") else {
            panic!("a note added to the shared store");
        };
        assert_eq!(shared.attachment(&tea_id).map(|a| a.span), Some(tea));
        Ok(())
    }

    #[test]
    fn hash_is_stable() {
        // FNV-1a 64 test vectors
        assert_eq!(text_hash(""), "cbf29ce484222325");
        assert_eq!(text_hash("a"), "af63dc4c8601ec8c");
    }

    #[test]
    fn notes_file_names() {
        assert!(is_notes_file_name("0123abcd.json"));
        assert!(!is_notes_file_name(".0123abcd.json.tmp.42"));
        assert!(!is_notes_file_name(
            "0123abcd.json.corrupt-20261123T194005Z"
        ));
        assert!(!is_notes_file_name(".lock"));
    }
}
