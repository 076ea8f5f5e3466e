//! The document list: paths (files, directories walked recursively, globs)
//! expanded into candidates, then read and decoded in parallel into entries.
//!
//! Every path the user named ends up in the list: a file that cannot be used
//! (binary, unreadable, undecodable, empty, vanished, a dangling symlink, a
//! pattern matching nothing) is kept as a failed entry with a one-line
//! reason and never stops the others.

use super::split;
use crate::decode::{self, DecodeError};
use crate::model::Format;
use crate::timings::{self, Phase};
use rayon::prelude::*;
use std::collections::HashSet;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Instant, UNIX_EPOCH};

/// A path to read, or a problem found while listing.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub path: PathBuf,
    /// Why this path cannot be read, when listing already knows.
    pub problem: Option<String>,
    /// The listing found it in a directory as a file of its own, not a
    /// symbolic link (its directory entry's type, no `stat`): the cache
    /// names its entry by its directory's canonical path and its name,
    /// without asking the file system again. `false` when not known.
    pub not_link: bool,
}

/// What identifies a file's content for the cache: size, mtime and a hash of
/// the bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Stamp {
    pub size: u64,
    /// Modification time in nanoseconds since the Unix epoch (0 if unknown).
    pub mtime_ns: u64,
    /// [`content_hash`] of the file's bytes.
    pub hash: u64,
}

/// A decoded text.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    /// Shared: the search index and the indexing worker hold the same text.
    pub text: Arc<str>,
    pub encoding: String,
    pub warnings: Vec<String>,
    /// The document, for formats that are rendered (Markdown, HTML, EPUB,
    /// DOCX): read when the file is, so that `text` (what the list, the
    /// search and the cache see) is the document's text, not its markup.
    pub doc: Option<Arc<crate::model::Document>>,
}

/// One document of the corpus (a file, or one article of a split file).
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub path: PathBuf,
    /// The article's number (0-based) within its file, under `--split-articles`.
    pub part: Option<usize>,
    /// The file's stamp (all parts of a split file share it).
    pub stamp: Stamp,
    /// The text, or why there is none.
    pub loaded: Result<Loaded, String>,
}

impl Entry {
    /// `path` or `path#3` (1-based article number) for a split file.
    pub fn label(&self) -> String {
        match self.part {
            Some(k) => format!("{}#{}", self.path.display(), k + 1),
            None => self.path.display().to_string(),
        }
    }
    /// Bytes of this document's text (0 for a failed entry).
    pub fn text_len(&self) -> usize {
        self.loaded.as_ref().map_or(0, |l| l.text.len())
    }
    pub fn failure(&self) -> Option<&str> {
        self.loaded.as_ref().err().map(String::as_str)
    }
}

fn has_glob_chars(s: &str) -> bool {
    s.contains(['*', '?', '['])
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_string_lossy().starts_with('.')
}

/// Expands the paths into candidates, in a stable order: each argument in
/// turn; a directory's files recursively, sorted by name, hidden files and
/// directories skipped; a pattern with `*`, `?`, `[…]` or `**` that is not an
/// existing path expanded to the files it matches, sorted. Duplicates (the
/// same path named twice) are listed once.
pub fn expand(paths: &[PathBuf]) -> Vec<Candidate> {
    let mut out = Vec::new();
    let mut seen_dirs = HashSet::new();
    for path in paths {
        let s = path.to_string_lossy();
        if std::fs::symlink_metadata(path).is_err() && has_glob_chars(&s) {
            let matches = glob(&s);
            if matches.is_empty() {
                out.push(Candidate {
                    path: path.clone(),
                    problem: Some("no file matches this pattern".to_string()),
                    not_link: false,
                });
            }
            for m in matches {
                push_path(&m, &mut out, &mut seen_dirs);
            }
        } else {
            push_path(path, &mut out, &mut seen_dirs);
        }
    }
    let mut seen = HashSet::new();
    out.retain(|c| seen.insert(c.path.clone()));
    out
}

fn push_path(path: &Path, out: &mut Vec<Candidate>, seen_dirs: &mut HashSet<PathBuf>) {
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => walk_dir(path, out, seen_dirs),
        Ok(meta) => out.push(Candidate {
            path: path.to_path_buf(),
            // FIFOs, devices and sockets are refused before they are opened.
            problem: special_problem(&meta.file_type()),
            not_link: false,
        }),
        Err(err) => out.push(Candidate {
            path: path.to_path_buf(),
            problem: Some(missing_reason(path, &err)),
            not_link: false,
        }),
    }
}

fn special_problem(ft: &std::fs::FileType) -> Option<String> {
    crate::source::special_kind(ft).map(|kind| format!("{kind}, not a regular file"))
}

/// Why `path`, which could not be stat'ed, is missing: a dangling link, a
/// link loop, or the I/O error.
fn missing_reason(path: &Path, err: &std::io::Error) -> String {
    #[cfg(unix)]
    if err.raw_os_error() == Some(libc::ELOOP) {
        return "symbolic link loop (the link leads back to itself)".to_string();
    }
    let is_link = std::fs::symlink_metadata(path)
        .map(|m| m.file_type().is_symlink())
        .unwrap_or(false);
    if is_link && err.kind() == ErrorKind::NotFound {
        "dangling symbolic link (its target does not exist)".to_string()
    } else {
        io_reason(err, false)
    }
}

/// A directory's files, recursively, sorted by name, hidden names skipped;
/// links followed, a link back to a directory being walked skipped.
fn walk_dir(dir: &Path, out: &mut Vec<Candidate>, seen_dirs: &mut HashSet<PathBuf>) {
    // The same directory named twice (or through a link) is listed once.
    let canonical = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    if !seen_dirs.insert(canonical) {
        return;
    }
    let from = out.len();
    walk_unsorted(dir, out);
    // The order of a walk with each directory's entries sorted by name
    // (walkdir's `sort_by_file_name`): a directory's files after it and
    // before its next sibling. Sorted once here: walkdir's sort took each
    // entry's name out of its path at every comparison (10.5 M
    // instructions for 2,000 files in 20 directories), `Path`'s own
    // order parses components (11.6 M).
    if let Some(listed) = out.get_mut(from..) {
        listed.sort_unstable_by(|a, b| walk_order(&a.path, &b.path));
    }
}

/// The order of two paths walkdir made under the same directory, as a
/// walk with each directory's entries sorted by name lists them: their
/// bytes in order with every separator as the lowest byte (no name holds
/// a 0), so that a name sorts before the names it is a prefix of and a
/// directory's files come before its next sibling's (`a/b` before `a.txt`,
/// as `a` before `a.txt`). The paths are the same directory's path and
/// names joined by one separator, so no `.` or doubled separator tells
/// their components apart from their bytes.
fn walk_order(a: &Path, b: &Path) -> std::cmp::Ordering {
    fn key(p: &Path) -> impl Iterator<Item = u8> + '_ {
        p.as_os_str().as_encoded_bytes().iter().map(|&b| {
            if std::path::is_separator(char::from(b)) {
                0
            } else {
                b
            }
        })
    }
    key(a).cmp(key(b))
}

/// [`walk_dir`]'s files in the order the file system gives them.
fn walk_unsorted(dir: &Path, out: &mut Vec<Candidate>) {
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_dir() => {}
            Ok(e) => out.push(Candidate {
                problem: special_problem(&e.file_type()),
                not_link: e.depth() > 0 && !e.path_is_symlink() && e.file_type().is_file(),
                path: e.into_path(),
            }),
            // A link back to an ancestor: its files are listed already.
            Err(e) if e.loop_ancestor().is_some() => {}
            Err(e) => {
                let Some(path) = e.path().map(Path::to_path_buf) else {
                    continue;
                };
                let io = e
                    .io_error()
                    .map_or_else(|| std::io::Error::other(e.to_string()), clone_io);
                let is_dir = std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir());
                let problem = if is_dir {
                    format!("cannot list directory: {}", io_reason(&io, false))
                } else {
                    missing_reason(&path, &io)
                };
                out.push(Candidate {
                    path,
                    problem: Some(problem),
                    not_link: false,
                });
            }
        }
    }
}

fn clone_io(e: &std::io::Error) -> std::io::Error {
    match e.raw_os_error() {
        Some(code) => std::io::Error::from_raw_os_error(code),
        None => std::io::Error::new(e.kind(), e.to_string()),
    }
}

/// One line saying why an I/O operation failed.
fn io_reason(err: &std::io::Error, listed: bool) -> String {
    match err.kind() {
        ErrorKind::NotFound if listed => "vanished (deleted after it was listed)".to_string(),
        ErrorKind::NotFound => "no such file or directory".to_string(),
        ErrorKind::PermissionDenied => "unreadable: permission denied".to_string(),
        ErrorKind::IsADirectory => "is a directory".to_string(),
        _ => format!("unreadable: {err}"),
    }
}

/// The paths matching a glob (`globset` syntax: `*` and `?` within a name,
/// `[abc]` / `[a-z]` / `[!a]` classes, `**` for any number of directories),
/// sorted. The walk starts at the pattern's literal leading directories;
/// hidden names are matched only by a pattern with a component starting
/// with `.`. A directory that matches is returned (and later walked) whole.
pub fn glob(pattern: &str) -> Vec<PathBuf> {
    let Ok(glob) = globset::GlobBuilder::new(pattern)
        .literal_separator(true)
        .backslash_escape(true)
        .build()
    else {
        return Vec::new();
    };
    let matcher = glob.compile_matcher();
    let comps: Vec<&str> = pattern.split('/').collect();
    let literal = comps
        .iter()
        .take_while(|c| !has_glob_chars(c))
        .count()
        .min(comps.len().saturating_sub(1));
    let base = comps[..literal].join("/");
    let (root, strip_dot) = match base.as_str() {
        "" if pattern.starts_with('/') => (PathBuf::from("/"), false),
        "" => (PathBuf::from("."), true),
        b => (PathBuf::from(b), false),
    };
    let rest = &comps[literal..];
    let hidden_ok = rest
        .iter()
        .any(|c| c.starts_with('.') && *c != "." && *c != "..");
    let mut walker = walkdir::WalkDir::new(&root)
        .follow_links(true)
        .sort_by_file_name()
        .min_depth(1);
    if !rest.contains(&"**") {
        walker = walker.max_depth(rest.iter().filter(|c| !c.is_empty()).count());
    }
    let mut found = Vec::new();
    let mut it = walker.into_iter();
    while let Some(entry) = it.next() {
        let e = match entry {
            Ok(e) => e,
            // A dangling link or a link loop that matches is listed, and
            // reported as such by `push_path`.
            Err(err) => {
                if let Some(p) = err.path().filter(|_| err.depth() > 0) {
                    let shown = if strip_dot {
                        p.strip_prefix(".").unwrap_or(p)
                    } else {
                        p
                    };
                    let hidden = shown.file_name().is_some_and(is_hidden);
                    if (hidden_ok || !hidden) && matcher.is_match(shown) {
                        found.push(shown.to_path_buf());
                    }
                }
                continue;
            }
        };
        if !hidden_ok && is_hidden(e.file_name()) {
            if e.file_type().is_dir() {
                it.skip_current_dir();
            }
            continue;
        }
        let path = e.path();
        let shown = if strip_dot {
            path.strip_prefix(".").unwrap_or(path)
        } else {
            path
        };
        if matcher.is_match(shown) {
            found.push(shown.to_path_buf());
            if e.file_type().is_dir() {
                it.skip_current_dir();
            }
        }
    }
    found.sort();
    found.dedup();
    found
}

/// A fast 64-bit hash of a file's bytes (8 bytes a step, splitmix finaliser).
/// Stable across runs and builds; used by the cache, not for security.
pub fn content_hash(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0x9e37_79b9_7f4a_7c15 ^ (bytes.len() as u64);
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    for &b in chunks.remainder() {
        h = (h.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    h ^= h >> 30;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^= h >> 27;
    h = h.wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

/// One line saying why a listed file could not be read.
fn read_reason(err: crate::source::ReadError) -> String {
    use crate::source::ReadError;
    match err {
        ReadError::NotFound => io_reason(&std::io::Error::from(ErrorKind::NotFound), true),
        ReadError::PermissionDenied => "unreadable: permission denied".to_string(),
        ReadError::Binary(e) => decode_reason(&e),
        ReadError::Io(e) => io_reason(&e, true),
        other => other.to_string(),
    }
}

fn decode_reason(err: &DecodeError) -> String {
    match err {
        DecodeError::Empty => "empty file".to_string(),
        other => other.to_string(),
    }
}

/// A candidate's bytes as read, not decoded yet, and its stamp: what the
/// cache is asked with before anything is decoded or parsed
/// ([`crate::corpus::cache::Cache::line_raw`]).
#[derive(Debug)]
pub struct Raw {
    pub bytes: Vec<u8>,
    pub stamp: Stamp,
    /// [`Candidate::not_link`] of the candidate read.
    pub not_link: bool,
}

/// Reads one candidate's bytes (the size limit and the binary sniff of
/// its first block applied) and stamps them; `Err` is the failed entry's
/// reason.
pub fn read_raw(cand: &Candidate) -> Result<Raw, String> {
    let raw = read_raw_unsniffed(cand)?;
    sniff_raw(&raw)?;
    Ok(raw)
}

/// [`read_raw`] without the binary sniff: for asking the cache first, and
/// [`sniff_raw`] only when it has no entry for the bytes (a warm run
/// sniffed every file it then wrote from its entry).
pub fn read_raw_unsniffed(cand: &Candidate) -> Result<Raw, String> {
    if let Some(p) = &cand.problem {
        return Err(p.clone());
    }
    let t = Instant::now();
    let (bytes, meta) = crate::source::read_listed_unsniffed(&cand.path, crate::source::max_size())
        .map_err(read_reason)?;
    timings::record(Phase::Read, t.elapsed());
    let mtime_ns = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX));
    let stamp = Stamp {
        size: bytes.len() as u64,
        mtime_ns,
        hash: content_hash(&bytes),
    };
    Ok(Raw {
        bytes,
        stamp,
        not_link: cand.not_link,
    })
}

/// The binary sniff [`read_raw`] applies, of bytes read by
/// [`read_raw_unsniffed`]; `Err` is the failed entry's reason.
pub fn sniff_raw(raw: &Raw) -> Result<(), String> {
    crate::source::sniff_read(&raw.bytes).map_err(read_reason)
}

/// Reads and decodes one candidate: one entry, or one per article when
/// `split` is on.
pub fn load(cand: &Candidate, split: bool) -> Vec<Entry> {
    match read_raw(cand) {
        Ok(raw) => load_raw(cand, raw, split),
        Err(reason) => vec![Entry {
            path: cand.path.clone(),
            part: None,
            stamp: Stamp::default(),
            loaded: Err(reason),
        }],
    }
}

/// [`load`] of bytes already read by [`read_raw`].
pub fn load_raw(cand: &Candidate, raw: Raw, split: bool) -> Vec<Entry> {
    let failed = |stamp: Stamp, reason: String| {
        vec![Entry {
            path: cand.path.clone(),
            part: None,
            stamp,
            loaded: Err(reason),
        }]
    };
    let Raw { bytes, stamp, .. } = raw;
    let named = cand
        .path
        .extension()
        .and_then(|e| e.to_str())
        .and_then(Format::from_name);
    if bytes.starts_with(b"PK\x03\x04") || named.is_some_and(|f| f != Format::Plain) {
        // Read by its format's reader (timed as decode and parse there).
        return match crate::read::from_bytes(&bytes, Some(&cand.path), None) {
            Ok(doc) => rendered(cand, stamp, doc),
            Err(e) => failed(stamp, e.to_string()),
        };
    }
    let t = Instant::now();
    let decoded = decode::decode(&bytes);
    timings::record(Phase::Decode, t.elapsed());
    let decoded = match decoded {
        Ok(d) => d,
        Err(err) => return failed(stamp, decode_reason(&err)),
    };
    if decoded.text.trim().is_empty() {
        return failed(stamp, "empty file (only blank space)".to_string());
    }
    let encoding = decoded.encoding.to_string();
    // A file without a telling extension whose text is Markdown or HTML.
    let format = Format::detect(Some(&cand.path), &decoded.text);
    if named.is_none() && format != Format::Plain {
        let mut doc = timings::time(Phase::Parse, || {
            crate::read::from_text(&decoded.text, format)
        });
        doc.source.encoding = encoding;
        doc.source.warnings = decoded.warnings;
        return rendered(cand, stamp, doc);
    }
    if !split {
        return vec![Entry {
            path: cand.path.clone(),
            part: None,
            stamp,
            loaded: Ok(Loaded {
                text: Arc::from(decoded.text),
                encoding,
                warnings: decoded.warnings,
                doc: None,
            }),
        }];
    }
    split::split_articles(&decoded.text)
        .into_iter()
        .enumerate()
        .map(|(k, range)| Entry {
            path: cand.path.clone(),
            part: Some(k),
            stamp,
            loaded: Ok(Loaded {
                text: Arc::from(&decoded.text[range]),
                encoding: encoding.clone(),
                warnings: decoded.warnings.clone(),
                doc: None,
            }),
        })
        .collect()
}

/// The entry of a rendered document (never split into articles: its
/// format gives its structure).
fn rendered(cand: &Candidate, stamp: Stamp, doc: crate::model::Document) -> Vec<Entry> {
    let loaded = if doc.text.trim().is_empty() {
        Err("no text in the document".to_string())
    } else {
        Ok(Loaded {
            text: Arc::from(doc.text.as_str()),
            encoding: doc.source.encoding.clone(),
            warnings: doc.source.warnings.clone(),
            doc: Some(Arc::new(doc)),
        })
    };
    vec![Entry {
        path: cand.path.clone(),
        part: None,
        stamp,
        loaded,
    }]
}

/// Reads and decodes all candidates in parallel; the order of the result
/// follows the candidates (and articles within a file).
pub fn load_all(cands: &[Candidate], split: bool) -> Vec<Entry> {
    cands
        .par_iter()
        .map(|c| load(c, split))
        .collect::<Vec<_>>()
        .into_iter()
        .flatten()
        .collect()
}

/// Expands and loads in one step.
pub fn open(paths: &[PathBuf], split: bool) -> Vec<Entry> {
    load_all(&expand(paths), split)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_depends_on_every_byte() {
        let a = content_hash(b"0123456789abcdef");
        let b = content_hash(b"0123456789abcdeg");
        let c = content_hash(b"0123456789abcdef ");
        assert_ne!(a, b);
        assert_ne!(a, c);
        assert_eq!(a, content_hash(b"0123456789abcdef"));
    }

    #[test]
    fn a_directory_is_listed_in_the_order_of_a_walk_sorted_by_name() {
        // Names that sort differently by whole path bytes than by
        // component ('.' and '-' sort before '/'), capitals, digits, a
        // name that is a prefix of another, nested directories, a hidden
        // file and a hidden directory (skipped) and an empty directory.
        let tmp = tempfile::tempdir().expect("temporary directory");
        let root = tmp.path();
        let files = [
            "a/b.txt",
            "a/c/d.txt",
            "a.txt",
            "a-b.txt",
            "a0/z.txt",
            "B.txt",
            "b",
            "b.d/x.txt",
            "b.d/y/z/w.txt",
            "ab/a.txt",
            "z.txt",
            "10.txt",
            "9.txt",
            ".hidden.txt",
            ".dir/x.txt",
            "中/文.txt",
        ];
        for f in files {
            let path = root.join(f);
            std::fs::create_dir_all(path.parent().expect("a parent")).expect("directory");
            std::fs::write(&path, f).expect("file");
        }
        std::fs::create_dir_all(root.join("empty")).expect("directory");
        let mut out = Vec::new();
        walk_dir(root, &mut out, &mut HashSet::new());
        let listed: Vec<PathBuf> = out.into_iter().map(|c| c.path).collect();
        let walked: Vec<PathBuf> = walkdir::WalkDir::new(root)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()))
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(walkdir::DirEntry::into_path)
            .collect();
        assert_eq!(listed.len(), 14);
        assert_eq!(listed, walked);
    }
}
