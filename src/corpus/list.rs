//! The document list: paths (files, directories walked recursively, globs)
//! expanded into candidates, then read and decoded in parallel into entries.
//!
//! Every path the user named ends up in the list: a file that cannot be used
//! (binary, unreadable, undecodable, empty, vanished, a dangling symlink, a
//! pattern matching nothing) is kept as a failed entry with a one-line
//! reason and never stops the others.

use super::split;
use crate::decode::{self, DecodeError};
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
    let problem = |p: &str| Candidate {
        path: path.to_path_buf(),
        problem: Some(p.to_string()),
    };
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => walk_dir(path, out, seen_dirs),
        Ok(_) => out.push(Candidate {
            path: path.to_path_buf(),
            problem: None,
        }),
        Err(err) => {
            let dangling = std::fs::symlink_metadata(path)
                .map(|m| m.file_type().is_symlink())
                .unwrap_or(false);
            if dangling {
                out.push(problem(
                    "dangling symbolic link (its target does not exist)",
                ));
            } else {
                out.push(problem(&io_reason(&err, false)));
            }
        }
    }
}

fn walk_dir(dir: &Path, out: &mut Vec<Candidate>, seen_dirs: &mut HashSet<PathBuf>) {
    // Guard against symlink loops.
    let canonical = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    if !seen_dirs.insert(canonical) {
        return;
    }
    let read = match std::fs::read_dir(dir) {
        Ok(r) => r,
        Err(err) => {
            out.push(Candidate {
                path: dir.to_path_buf(),
                problem: Some(format!("cannot list directory: {}", io_reason(&err, false))),
            });
            return;
        }
    };
    let mut children: Vec<PathBuf> = read
        .filter_map(Result::ok)
        .filter(|e| !is_hidden(&e.file_name()))
        .map(|e| e.path())
        .collect();
    children.sort();
    for child in children {
        push_path(&child, out, seen_dirs);
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

/// Glob matching on path components: `*` (any run within a name), `?` (one
/// char), `[abc]` / `[a-z]` / `[!a]` (a class), `**` (any number of
/// directories). Hidden names match only patterns that start with `.`.
pub fn glob(pattern: &str) -> Vec<PathBuf> {
    let absolute = pattern.starts_with('/');
    let comps: Vec<&str> = pattern.split('/').filter(|c| !c.is_empty()).collect();
    let base = if absolute {
        PathBuf::from("/")
    } else {
        PathBuf::new()
    };
    let mut found = Vec::new();
    glob_walk(&base, &comps, &mut found);
    found.sort();
    found.dedup();
    found
}

fn glob_walk(base: &Path, comps: &[&str], found: &mut Vec<PathBuf>) {
    let Some((first, rest)) = comps.split_first() else {
        if !base.as_os_str().is_empty() {
            found.push(base.to_path_buf());
        }
        return;
    };
    let dir = if base.as_os_str().is_empty() {
        Path::new(".")
    } else {
        base
    };
    if *first == "**" {
        // Zero directories…
        glob_walk(base, rest, found);
        // …or one more, then `**` again.
        for (name, path) in read_names(dir, base) {
            if !name.starts_with('.') && path.is_dir() {
                glob_walk(&path, comps, found);
            }
        }
        return;
    }
    if !has_glob_chars(first) {
        let next = base.join(first);
        if rest.is_empty() {
            if std::fs::symlink_metadata(&next).is_ok() {
                found.push(next);
            }
        } else if next.is_dir() {
            glob_walk(&next, rest, found);
        }
        return;
    }
    let pat: Vec<char> = first.chars().collect();
    for (name, path) in read_names(dir, base) {
        if name.starts_with('.') && !first.starts_with('.') {
            continue;
        }
        let chars: Vec<char> = name.chars().collect();
        if !matches_component(&pat, &chars) {
            continue;
        }
        if rest.is_empty() {
            found.push(path);
        } else if path.is_dir() {
            glob_walk(&path, rest, found);
        }
    }
}

fn read_names(dir: &Path, base: &Path) -> Vec<(String, PathBuf)> {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut v: Vec<(String, PathBuf)> = rd
        .filter_map(Result::ok)
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let path = base.join(e.file_name());
            (name, path)
        })
        .collect();
    v.sort();
    v
}

/// Whether one path component matches one pattern component.
fn matches_component(pat: &[char], name: &[char]) -> bool {
    match pat.split_first() {
        None => name.is_empty(),
        Some(('*', rest)) => (0..=name.len()).any(|i| matches_component(rest, &name[i..])),
        Some(('?', rest)) => !name.is_empty() && matches_component(rest, &name[1..]),
        Some(('[', rest)) => {
            let Some(close) = rest.iter().skip(1).position(|&c| c == ']').map(|p| p + 1) else {
                // No closing bracket: a literal '['.
                return name.first() == Some(&'[') && matches_component(rest, &name[1..]);
            };
            let Some(&c) = name.first() else {
                return false;
            };
            let (negate, class) = match rest[..close].split_first() {
                Some(('!', cls)) | Some(('^', cls)) => (true, cls),
                _ => (false, &rest[..close]),
            };
            let mut hit = false;
            let mut i = 0;
            while i < class.len() {
                if i + 2 < class.len() && class[i + 1] == '-' {
                    hit |= class[i] <= c && c <= class[i + 2];
                    i += 3;
                } else {
                    hit |= class[i] == c;
                    i += 1;
                }
            }
            hit != negate && matches_component(&rest[close + 1..], &name[1..])
        }
        Some((p, rest)) => name.first() == Some(p) && matches_component(rest, &name[1..]),
    }
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

fn decode_reason(err: &DecodeError) -> String {
    match err {
        DecodeError::Empty => "empty file".to_string(),
        other => other.to_string(),
    }
}

/// Reads and decodes one candidate: one entry, or one per article when
/// `split` is on.
pub fn load(cand: &Candidate, split: bool) -> Vec<Entry> {
    let failed = |stamp: Stamp, reason: String| {
        vec![Entry {
            path: cand.path.clone(),
            part: None,
            stamp,
            loaded: Err(reason),
        }]
    };
    if let Some(p) = &cand.problem {
        return failed(Stamp::default(), p.clone());
    }
    let t = Instant::now();
    let meta = std::fs::metadata(&cand.path);
    let bytes = match std::fs::read(&cand.path) {
        Ok(b) => b,
        Err(err) => return failed(Stamp::default(), io_reason(&err, true)),
    };
    timings::record(Phase::Read, t.elapsed());
    let mtime_ns = meta
        .ok()
        .and_then(|m| m.modified().ok())
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX));
    let stamp = Stamp {
        size: bytes.len() as u64,
        mtime_ns,
        hash: content_hash(&bytes),
    };
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
    if !split {
        return vec![Entry {
            path: cand.path.clone(),
            part: None,
            stamp,
            loaded: Ok(Loaded {
                text: Arc::from(decoded.text),
                encoding,
                warnings: decoded.warnings,
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
            }),
        })
        .collect()
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

    fn m(p: &str, n: &str) -> bool {
        let p: Vec<char> = p.chars().collect();
        let n: Vec<char> = n.chars().collect();
        matches_component(&p, &n)
    }

    #[test]
    fn glob_components() {
        assert!(m("*.txt", "新闻.txt"));
        assert!(!m("*.txt", "a.md"));
        assert!(m("a?c", "abc"));
        assert!(!m("a?c", "ac"));
        assert!(m("[0-9]*", "2017年.txt"));
        assert!(!m("[!0-9]*", "2017年.txt"));
        assert!(m("*", ""));
        assert!(m("x[", "x["));
    }

    #[test]
    fn hash_depends_on_every_byte() {
        let a = content_hash(b"0123456789abcdef");
        let b = content_hash(b"0123456789abcdeg");
        let c = content_hash(b"0123456789abcdef ");
        assert_ne!(a, b);
        assert_ne!(a, c);
        assert_eq!(a, content_hash(b"0123456789abcdef"));
    }
}
