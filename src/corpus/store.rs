//! The annotation cache's store: every entry of a cache directory in one
//! file (`entries.yls`), so that a warm run opens one file instead of one
//! per document, and a cold run creates one file instead of thousands (on
//! ext4, allocating the inodes of 2,000 new entry files was a third of a
//! cold run's CPU; opening, reading and closing 2,000 files was half the
//! kernel's part of a warm run).
//!
//! The file is a log: a header, then records appended one after another,
//! the last record for a key being the one that counts.
//!
//! ```text
//! header:  "YLSTORE\0"  version (u32 LE)  0 (u32)  base (u64 LE)
//! record:  key (u128 LE)  value length (u32 LE)  check (u64 LE)  value
//! ```
//!
//! The value is the cache entry's bytes (header and compressed body, which
//! `cache.rs` validates as it always did); the key names the entry (a hash
//! of the document's canonical path and article number). `check` is a hash
//! of the key, the length and the value.
//!
//! - **Reading** opens the file once, finds each record's place by walking
//!   the records' heads once (a buffered read of the file, values skipped),
//!   and reads an entry with one positioned read on the open file: no
//!   path lookup, open or close per entry. Threads share the index.
//! - **Writing** appends batches of records under an exclusive lock on a
//!   separate lock file (`entries.lock`), one `write` a batch, without
//!   `fsync` (a cache entry lost to a crash is only rebuilt). Before it
//!   appends, a writer walks what other processes appended since it last
//!   looked, checking each record; a record that does not check (a write
//!   cut short by a crash or a kill) and everything after it is cut off.
//!   A reader never trusts a record whose length runs past the end of the
//!   file, so a torn tail is ignored by readers and removed by the next
//!   writer: a store killed mid-write opens, with the old entries and any
//!   whole new ones.
//! - **Two processes** may use the store at once: each reads the file as
//!   it was when it opened it (later appends by the other are not seen
//!   until the next run) and their appends take turns under the lock. A
//!   writer that cannot get the lock in [`LOCK_WAIT`] drops its batch (a
//!   note under `--timings`), never an error.
//! - **Compaction**: a writer rewrites the file (to a temporary file,
//!   renamed over it) when more than half of it is records superseded by
//!   later ones, and, whenever the file has doubled since the last check
//!   (the `base` in its header), drops the entries that the cache says are
//!   no longer worth keeping (their document is gone, or they were written
//!   by another version): entries for deleted files cannot grow the store
//!   without bound.
//! - A file that is not a store (another format, a truncated header) is
//!   set aside and started afresh by the next writer, with a note. When a
//!   store is first created, the one-file-per-entry cache files of earlier
//!   versions (`*.ylc`) in the directory are removed.

use super::list::content_hash;
use std::collections::HashMap;
use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, RwLock};
use std::time::{Duration, Instant};

/// The store's file name in the cache directory.
pub const FILE_NAME: &str = "entries.yls";
/// The lock file writers take turns on.
const LOCK_NAME: &str = "entries.lock";
const MAGIC: &[u8; 8] = b"YLSTORE\0";
const VERSION: u32 = 1;
/// Bytes of the file header.
const HEAD: u64 = 24;
/// Bytes of a record's head: key, length, check.
const REC: u64 = 28;
/// No value is believed to be longer.
const MAX_VALUE: u32 = 1 << 30;
/// The size under which a store is never checked for entries to drop.
const PRUNE_MIN: u64 = 4 << 20;
/// How long a writer waits for another process's write to finish.
pub const LOCK_WAIT: Duration = Duration::from_secs(2);

/// An entry's name in the store.
pub type Key = u128;

/// The store of one cache directory. Opened on first use; shared by the
/// threads of a process (and by every clone of a [`super::cache::Cache`]).
pub struct Store {
    dir: PathBuf,
    /// Whether an entry's value is worth keeping at compaction.
    keep: fn(&[u8]) -> bool,
    opened: AtomicBool,
    state: RwLock<State>,
    notes: Mutex<Vec<String>>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("dir", &self.dir).finish()
    }
}

/// The open file and where its records are.
#[derive(Default)]
struct State {
    file: Option<File>,
    /// Opened for appending (a reader's file may be read-only).
    writable: bool,
    /// Which file it is (device and inode), to see it replaced.
    id: (u64, u64),
    /// Each key's value: offset and length.
    index: HashMap<Key, (u64, u32)>,
    /// The end of the last good record.
    end: u64,
    /// Bytes of the records the index points to.
    live: u64,
    /// The file's size when it was last checked for entries to drop.
    base: u64,
}

impl State {
    fn insert(&mut self, key: Key, at: u64, len: u32) {
        if let Some((_, old)) = self.index.insert(key, (at, len)) {
            self.live -= REC + u64::from(old);
        }
        self.live += REC + u64::from(len);
    }
}

impl Store {
    /// The store in `dir` (nothing is read or created until it is used).
    pub fn new(dir: impl Into<PathBuf>, keep: fn(&[u8]) -> bool) -> Store {
        Store {
            dir: dir.into(),
            keep,
            opened: AtomicBool::new(false),
            state: RwLock::new(State::default()),
            notes: Mutex::new(Vec::new()),
        }
    }

    /// The store's file.
    pub fn path(&self) -> PathBuf {
        self.dir.join(FILE_NAME)
    }

    /// What the store had to say (a damaged file, a lock it could not
    /// get), each in one line; also shown under `--timings`.
    pub fn notes(&self) -> Vec<String> {
        self.notes.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Adds a note (see [`Store::notes`]).
    pub fn note(&self, msg: String) {
        crate::timings::note(format!("cache: {msg}"));
        self.notes
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(msg);
    }

    /// Reads `key`'s value into `buf` (made its length, the bytes it
    /// already has overwritten: only room it lacks is zeroed, not the
    /// whole value each time): `Ok(false)` when the store has none.
    pub fn read(&self, key: Key, buf: &mut Vec<u8>) -> std::io::Result<bool> {
        self.ensure_open();
        let st = self.state.read().unwrap_or_else(|e| e.into_inner());
        let (Some(&(at, len)), Some(file)) = (st.index.get(&key), st.file.as_ref()) else {
            return Ok(false);
        };
        buf.resize(len as usize, 0);
        read_at(file, buf, at)?;
        Ok(true)
    }

    /// Opens the file and walks its records now (otherwise the first
    /// [`Store::read`] does, while the others wait for it).
    pub fn open_now(&self) {
        self.ensure_open();
    }

    fn ensure_open(&self) {
        if self.opened.load(Ordering::Acquire) {
            return;
        }
        let mut st = self.state.write().unwrap_or_else(|e| e.into_inner());
        if !self.opened.load(Ordering::Acquire) {
            self.open_for_reading(&mut st);
            self.opened.store(true, Ordering::Release);
        }
    }

    /// Opens the file as it is now and walks its records (their checks
    /// are not computed: a value is validated when it is read).
    fn open_for_reading(&self, st: &mut State) {
        let path = self.path();
        let (file, writable) = match File::options().read(true).append(true).open(&path) {
            Ok(f) => (f, true),
            Err(_) => match File::open(&path) {
                Ok(f) => (f, false),
                Err(_) => return,
            },
        };
        let Ok(meta) = file.metadata() else {
            return;
        };
        let Some(base) = read_head(&file) else {
            self.note(format!(
                "{} is not a cache store; it is replaced on the next write",
                path.display()
            ));
            return;
        };
        let (records, end) = scan(&file, HEAD, meta.len(), false);
        if end < meta.len() {
            self.note(format!(
                "{} bytes at the end of {} are not whole entries; ignored",
                meta.len() - end,
                path.display()
            ));
        }
        install(st, file, writable, identity(&meta), records, end, base);
    }

    /// Appends the records (key, value) in one batch under the lock;
    /// compacts the file when it is due. `Err` when nothing was written.
    pub fn append(&self, records: &[(Key, Vec<u8>)]) -> Result<(), String> {
        if records.is_empty() {
            return Ok(());
        }
        if let Some((_, v)) = records
            .iter()
            .find(|(_, v)| v.is_empty() || v.len() > MAX_VALUE as usize)
        {
            return Err(format!("an entry of {} bytes cannot be stored", v.len()));
        }
        std::fs::create_dir_all(&self.dir)
            .map_err(|e| format!("cannot create {}: {e}", self.dir.display()))?;
        let _lock = self.lock()?;
        let mut st = self.state.write().unwrap_or_else(|e| e.into_inner());
        self.opened.store(true, Ordering::Release);
        self.sync_for_writing(&mut st)?;
        let mut buf = Vec::with_capacity(
            records
                .iter()
                .map(|(_, v)| REC as usize + v.len())
                .sum::<usize>(),
        );
        for (key, value) in records {
            let len = value.len() as u32;
            buf.extend_from_slice(&key.to_le_bytes());
            buf.extend_from_slice(&len.to_le_bytes());
            buf.extend_from_slice(&check(*key, value).to_le_bytes());
            buf.extend_from_slice(value);
        }
        let Some(mut file) = st.file.as_ref() else {
            return Err("the store is not open".to_string());
        };
        // Appended at the end (the file is opened to append), which is
        // `st.end`: the writer holds the lock and cut any torn tail.
        file.write_all(&buf)
            .map_err(|e| format!("cannot write {}: {e}", self.path().display()))?;
        let mut at = st.end;
        for (key, value) in records {
            let len = value.len() as u32;
            st.insert(*key, at + REC, len);
            at += REC + u64::from(len);
        }
        st.end = at;
        if let Err(e) = self.compact_if_due(&mut st) {
            self.note(format!("compaction: {e}"));
        }
        Ok(())
    }

    /// The lock on the lock file, waiting at most [`LOCK_WAIT`].
    fn lock(&self) -> Result<File, String> {
        let path = self.dir.join(LOCK_NAME);
        let lock = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| format!("cannot open {}: {e}", path.display()))?;
        let start = Instant::now();
        loop {
            match lock.try_lock() {
                Ok(()) => return Ok(lock),
                Err(std::fs::TryLockError::WouldBlock) if start.elapsed() < LOCK_WAIT => {
                    std::thread::sleep(Duration::from_millis(5));
                }
                Err(std::fs::TryLockError::WouldBlock) => {
                    return Err("the store is busy in another process".to_string());
                }
                Err(std::fs::TryLockError::Error(e)) => {
                    return Err(format!("cannot lock {}: {e}", path.display()));
                }
            }
        }
    }

    /// Under the lock: makes `st` the file at the store's path as it is
    /// now, writable, its records known and any torn tail cut off (or a
    /// new store when there is none or it is not one).
    fn sync_for_writing(&self, st: &mut State) -> Result<(), String> {
        let path = self.path();
        let shown = path.display();
        let meta = match std::fs::metadata(&path) {
            Ok(m) => Some(m),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(format!("cannot read {shown}: {e}")),
        };
        let same = meta
            .as_ref()
            .is_some_and(|m| st.writable && st.file.is_some() && identity(m) == st.id);
        if !same {
            let file = match meta {
                Some(_) => Some(
                    File::options()
                        .read(true)
                        .append(true)
                        .open(&path)
                        .map_err(|e| format!("cannot open {shown}: {e}"))?,
                ),
                None => None,
            };
            match file.map(|f| (read_head(&f), f.metadata(), f)) {
                Some((Some(base), Ok(m), f)) => {
                    // Records that do not check are cut off below.
                    let (records, end) = scan(&f, HEAD, m.len(), true);
                    install(st, f, true, identity(&m), records, end, base);
                }
                Some((_, _, f)) => {
                    self.note(format!("{shown} was not a cache store; started afresh"));
                    drop(f);
                    let _ = std::fs::remove_file(&path);
                    self.create(st)?;
                }
                None => self.create(st)?,
            }
        }
        let Some(file) = st.file.as_ref() else {
            return Err("the store is not open".to_string());
        };
        let len = file
            .metadata()
            .map_err(|e| format!("cannot read {shown}: {e}"))?
            .len();
        if len < st.end {
            // Cut by someone else: start again from the file.
            *st = State::default();
            return self.sync_for_writing(st);
        }
        if len > st.end {
            let (records, end) = scan(file, st.end, len, true);
            if end < len {
                file.set_len(end)
                    .map_err(|e| format!("cannot cut {shown}: {e}"))?;
                self.note(format!(
                    "{} bytes at the end of {shown} were not whole entries; cut off",
                    len - end
                ));
            }
            for (key, at, l) in records {
                st.insert(key, at, l);
            }
            st.end = end;
        }
        Ok(())
    }

    /// Creates a new, empty store (under the lock) and removes the cache
    /// files of the one-file-per-entry cache of earlier versions.
    fn create(&self, st: &mut State) -> Result<(), String> {
        let path = self.path();
        let mut file = File::options()
            .read(true)
            .append(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| format!("cannot create {}: {e}", path.display()))?;
        file.write_all(&head(0))
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        let meta = file
            .metadata()
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        install(st, file, true, identity(&meta), Vec::new(), HEAD, 0);
        let removed = remove_old_entry_files(&self.dir);
        if removed > 0 {
            self.note(format!(
                "removed {removed} cache files of an earlier version"
            ));
        }
        Ok(())
    }

    /// Rewrites the file without superseded records when they are more
    /// than half of it; when the file has doubled since its last check,
    /// also without the entries not worth keeping (the rewrite is skipped
    /// when that would save less than a quarter of the file).
    fn compact_if_due(&self, st: &mut State) -> Result<(), String> {
        let len = st.end;
        let superseded = len.saturating_sub(HEAD + st.live);
        let prune = len >= PRUNE_MIN && len > 2 * st.base;
        if !(prune || (len >= PRUNE_MIN / 4 && superseded > st.live)) {
            return Ok(());
        }
        let Some(file) = st.file.as_ref() else {
            return Ok(());
        };
        let mut records: Vec<(u64, u32, Key)> =
            st.index.iter().map(|(&k, &(at, l))| (at, l, k)).collect();
        records.sort_unstable();
        let mut value = Vec::new();
        let mut kept = Vec::with_capacity(records.len());
        let mut kept_bytes = 0;
        for &(at, l, key) in &records {
            value.resize(l as usize, 0);
            if read_at(file, &mut value, at).is_err() {
                continue;
            }
            if check(key, &value) == read_check(file, at) && (self.keep)(&value) {
                kept.push((at, l, key));
                kept_bytes += REC + u64::from(l);
            }
        }
        let path = self.path();
        if len - HEAD - kept_bytes < len / 4 {
            // Not worth a rewrite: remember the check.
            let mut f = File::options()
                .write(true)
                .open(&path)
                .map_err(|e| format!("cannot open {}: {e}", path.display()))?;
            f.seek(SeekFrom::Start(16))
                .and_then(|_| f.write_all(&len.to_le_bytes()))
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            st.base = len;
            return Ok(());
        }
        let tmp = self
            .dir
            .join(format!(".{FILE_NAME}.tmp.{}", std::process::id()));
        let new_len = HEAD + kept_bytes;
        let mut write = || -> std::io::Result<Vec<(Key, u64, u32)>> {
            let mut out = std::io::BufWriter::with_capacity(1 << 20, File::create(&tmp)?);
            out.write_all(&head(new_len))?;
            let mut placed = Vec::with_capacity(kept.len());
            let mut pos = HEAD;
            for &(at, l, key) in &kept {
                value.resize(l as usize, 0);
                read_at(file, &mut value, at)?;
                out.write_all(&key.to_le_bytes())?;
                out.write_all(&l.to_le_bytes())?;
                out.write_all(&check(key, &value).to_le_bytes())?;
                out.write_all(&value)?;
                placed.push((key, pos + REC, l));
                pos += REC + u64::from(l);
            }
            out.into_inner().map_err(|e| e.into_error())?;
            std::fs::rename(&tmp, &path)?;
            Ok(placed)
        };
        let placed = match write() {
            Ok(p) => p,
            Err(e) => {
                let _ = std::fs::remove_file(&tmp);
                return Err(format!("cannot rewrite {}: {e}", path.display()));
            }
        };
        let file = File::options()
            .read(true)
            .append(true)
            .open(&path)
            .map_err(|e| format!("cannot open {}: {e}", path.display()))?;
        let meta = file
            .metadata()
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        install(st, file, true, identity(&meta), placed, new_len, new_len);
        Ok(())
    }
}

/// Makes `st` the file `file` with the records found in it.
fn install(
    st: &mut State,
    file: File,
    writable: bool,
    id: (u64, u64),
    records: Vec<(Key, u64, u32)>,
    end: u64,
    base: u64,
) {
    *st = State {
        file: Some(file),
        writable,
        id,
        index: HashMap::with_capacity(records.len()),
        end,
        live: 0,
        base,
    };
    for (key, at, len) in records {
        st.insert(key, at, len);
    }
}

fn head(base: u64) -> [u8; HEAD as usize] {
    let mut h = [0u8; HEAD as usize];
    h[..8].copy_from_slice(MAGIC);
    h[8..12].copy_from_slice(&VERSION.to_le_bytes());
    h[16..24].copy_from_slice(&base.to_le_bytes());
    h
}

/// The header's `base`, or `None` when the file is not a store.
fn read_head(file: &File) -> Option<u64> {
    let mut h = [0u8; HEAD as usize];
    read_at(file, &mut h, 0).ok()?;
    if &h[..8] != MAGIC || h[8..12] != VERSION.to_le_bytes() {
        return None;
    }
    Some(u64::from_le_bytes(h[16..24].try_into().ok()?))
}

/// A record's check: a hash of its key, length and value.
fn check(key: Key, value: &[u8]) -> u64 {
    let k = (key as u64) ^ ((key >> 64) as u64).rotate_left(29);
    content_hash(value) ^ k.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ (value.len() as u64) << 7
}

/// The check stored in the head of the record whose value is at `at`.
fn read_check(file: &File, at: u64) -> u64 {
    let mut c = [0u8; 8];
    match at.checked_sub(8) {
        Some(p) if read_at(file, &mut c, p).is_ok() => u64::from_le_bytes(c),
        _ => 0,
    }
}

/// The records between `from` and `to` (key, value offset, length) and
/// the end of the last one that is whole (and, with `verify`, whose check
/// holds): where the good records stop.
fn scan(file: &File, from: u64, to: u64, verify: bool) -> (Vec<(Key, u64, u32)>, u64) {
    let mut out = Vec::new();
    let mut r = BufReader::with_capacity(256 << 10, file);
    if r.seek(SeekFrom::Start(from)).is_err() {
        return (out, from);
    }
    let mut pos = from;
    let mut value = Vec::new();
    loop {
        let mut h = [0u8; REC as usize];
        if pos + REC > to || r.read_exact(&mut h).is_err() {
            break;
        }
        let word = |a: usize, b: usize| -> [u8; 16] {
            let mut w = [0u8; 16];
            w[..b - a].copy_from_slice(&h[a..b]);
            w
        };
        let key = u128::from_le_bytes(word(0, 16));
        let len = u32::from_le_bytes([h[16], h[17], h[18], h[19]]);
        let stored = u64::from_le_bytes(word(20, 28)[..8].try_into().unwrap_or([0; 8]));
        if len == 0 || len > MAX_VALUE || pos + REC + u64::from(len) > to {
            break;
        }
        if verify {
            value.resize(len as usize, 0);
            if r.read_exact(&mut value).is_err() || check(key, &value) != stored {
                break;
            }
        } else if r.seek_relative(i64::from(len)).is_err() {
            break;
        }
        out.push((key, pos + REC, len));
        pos += REC + u64::from(len);
    }
    (out, pos)
}

/// Removes the entry files of the one-file-per-entry cache (and their
/// temporary files) from `dir`; how many.
fn remove_old_entry_files(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut n = 0;
    for e in entries.flatten() {
        let name = e.file_name();
        let name = name.to_string_lossy();
        let old = name.ends_with(".ylc") || (name.starts_with('.') && name.contains(".ylc.tmp."));
        if old && std::fs::remove_file(e.path()).is_ok() {
            n += 1;
        }
    }
    n
}

#[cfg(unix)]
fn identity(m: &std::fs::Metadata) -> (u64, u64) {
    use std::os::unix::fs::MetadataExt;
    (m.dev(), m.ino())
}

#[cfg(not(unix))]
fn identity(m: &std::fs::Metadata) -> (u64, u64) {
    (m.len(), 0)
}

#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], at: u64) -> std::io::Result<()> {
    use std::os::unix::fs::FileExt;
    file.read_exact_at(buf, at)
}

#[cfg(windows)]
fn read_at(file: &File, buf: &mut [u8], at: u64) -> std::io::Result<()> {
    use std::os::windows::fs::FileExt;
    let mut done = 0;
    while done < buf.len() {
        match file.seek_read(&mut buf[done..], at + done as u64)? {
            0 => return Err(std::io::ErrorKind::UnexpectedEof.into()),
            n => done += n,
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keep_all(_: &[u8]) -> bool {
        true
    }

    /// Values that start with `x` are not worth keeping.
    fn keep_unmarked(v: &[u8]) -> bool {
        v.first() != Some(&b'x')
    }

    fn get(s: &Store, key: Key) -> Option<Vec<u8>> {
        let mut buf = Vec::new();
        s.read(key, &mut buf).expect("read").then_some(buf)
    }

    #[test]
    fn entries_written_are_read_back_by_this_handle_and_the_next() {
        let dir = tempfile::tempdir().expect("tempdir");
        let s = Store::new(dir.path(), keep_all);
        assert_eq!(get(&s, 1), None, "nothing before the file exists");
        s.append(&[(1, b"one".to_vec()), (2, b"two".to_vec())])
            .expect("append");
        s.append(&[(1, b"ONE".to_vec())]).expect("append");
        assert_eq!(get(&s, 1).as_deref(), Some(&b"ONE"[..]));
        assert_eq!(get(&s, 2).as_deref(), Some(&b"two"[..]));
        let t = Store::new(dir.path(), keep_all);
        assert_eq!(get(&t, 1).as_deref(), Some(&b"ONE"[..]), "the last wins");
        assert_eq!(get(&t, 2).as_deref(), Some(&b"two"[..]));
        assert_eq!(get(&t, 3), None);
        assert!(s.append(&[(4, Vec::new())]).is_err(), "no empty values");
    }

    #[test]
    fn two_handles_append_in_turn_and_a_third_sees_both() {
        let dir = tempfile::tempdir().expect("tempdir");
        let a = std::sync::Arc::new(Store::new(dir.path(), keep_all));
        let b = std::sync::Arc::new(Store::new(dir.path(), keep_all));
        let threads: Vec<_> = [(a.clone(), 0u128), (b.clone(), 1000u128)]
            .into_iter()
            .map(|(s, base)| {
                std::thread::spawn(move || {
                    for i in 0..50u128 {
                        let v = format!("value {}", base + i).into_bytes();
                        s.append(&[(base + i, v)]).expect("append");
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().expect("join");
        }
        let c = Store::new(dir.path(), keep_all);
        for k in (0..50).chain(1000..1050) {
            assert_eq!(get(&c, k), Some(format!("value {k}").into_bytes()), "{k}");
        }
        // A writer takes in what the other appended before it appends.
        a.append(&[(5000, b"last".to_vec())]).expect("append");
        assert_eq!(get(&a, 1049), Some(b"value 1049".to_vec()));
        assert_eq!(get(&a, 49), Some(b"value 49".to_vec()));
    }

    #[test]
    fn a_torn_tail_is_ignored_by_readers_and_cut_by_the_next_writer() {
        let dir = tempfile::tempdir().expect("tempdir");
        let s = Store::new(dir.path(), keep_all);
        s.append(&[(1, b"old".to_vec())]).expect("append");
        let old = std::fs::read(s.path()).expect("read");
        s.append(&[(2, vec![7u8; 1000])]).expect("append");
        let new = std::fs::read(s.path()).expect("read");
        // What a writer killed mid-write leaves: part of the new record.
        for cut in [old.len() + 5, old.len() + 40, new.len() - 1] {
            std::fs::write(s.path(), &new[..cut]).expect("write");
            let r = Store::new(dir.path(), keep_all);
            assert_eq!(get(&r, 1).as_deref(), Some(&b"old"[..]), "{cut}");
            assert_eq!(get(&r, 2), None, "{cut}: the torn record is not read");
            assert_eq!(r.notes().len(), 1, "{:?}", r.notes());
            r.append(&[(3, b"three".to_vec())]).expect("append");
            assert_eq!(
                std::fs::metadata(s.path()).expect("meta").len(),
                old.len() as u64 + REC + 5,
                "{cut}: the torn record was cut off"
            );
            let again = Store::new(dir.path(), keep_all);
            assert_eq!(get(&again, 3).as_deref(), Some(&b"three"[..]));
            assert_eq!(get(&again, 1).as_deref(), Some(&b"old"[..]));
            assert!(again.notes().is_empty());
        }
        // A whole record whose value was garbled (zeros after a crash):
        // its check fails, and the next writer cuts it.
        let mut bad = new.clone();
        let at = bad.len() - 10;
        bad[at] ^= 0xff;
        std::fs::write(s.path(), &bad).expect("write");
        let w = Store::new(dir.path(), keep_all);
        w.append(&[(4, b"four".to_vec())]).expect("append");
        let r = Store::new(dir.path(), keep_all);
        assert_eq!(get(&r, 2), None, "the garbled record is gone");
        assert_eq!(get(&r, 4).as_deref(), Some(&b"four"[..]));
    }

    #[test]
    fn a_file_that_is_not_a_store_is_replaced_with_a_note() {
        for junk in [&b"YLST"[..], b"{\"not\": \"a store\"}", b""] {
            let dir = tempfile::tempdir().expect("tempdir");
            let path = dir.path().join(FILE_NAME);
            std::fs::write(&path, junk).expect("write");
            let s = Store::new(dir.path(), keep_all);
            assert_eq!(get(&s, 1), None);
            assert_eq!(s.notes().len(), 1, "{:?}", s.notes());
            s.append(&[(1, b"one".to_vec())]).expect("append");
            assert!(
                s.notes().iter().any(|n| n.contains("started afresh")),
                "{:?}",
                s.notes()
            );
            let t = Store::new(dir.path(), keep_all);
            assert_eq!(get(&t, 1).as_deref(), Some(&b"one"[..]));
            assert!(t.notes().is_empty());
        }
    }

    #[test]
    fn the_first_store_removes_the_entry_files_of_earlier_versions() {
        let dir = tempfile::tempdir().expect("tempdir");
        let old = dir.path().join("00ff.ylc");
        let tmp = dir.path().join(".00ff.ylc.tmp.12.ThreadId(3)");
        let other = dir.path().join("index");
        for p in [&old, &tmp, &other] {
            std::fs::write(p, b"x").expect("write");
        }
        let s = Store::new(dir.path(), keep_all);
        s.append(&[(1, b"one".to_vec())]).expect("append");
        assert!(!old.exists() && !tmp.exists());
        assert!(other.exists(), "other files are left alone");
    }

    #[test]
    fn superseded_and_unwanted_entries_do_not_grow_the_store_without_bound() {
        let dir = tempfile::tempdir().expect("tempdir");
        let s = Store::new(dir.path(), keep_unmarked);
        let size = || std::fs::metadata(s.path()).expect("meta").len();
        // The same 20 entries written again and again.
        let value = |mark: u8, i: u128| {
            let mut v = vec![mark; 64 << 10];
            v[1..17].copy_from_slice(&i.to_le_bytes());
            v
        };
        let mut max = 0;
        for round in 0..40u8 {
            let batch: Vec<_> = (0..20).map(|i| (i, value(b'a' + round % 20, i))).collect();
            s.append(&batch).expect("append");
            max = max.max(size());
        }
        assert!(max < 3 * PRUNE_MIN, "superseded records: {max}");
        for i in 0..20 {
            assert_eq!(get(&s, i), Some(value(b'a' + 39 % 20, i)));
        }
        // Entries that are no longer wanted (their documents deleted),
        // each under a new key: dropped when the store has doubled.
        let mut max = 0;
        for round in 0..40u128 {
            let batch: Vec<_> = (0..20)
                .map(|i| (1000 + round * 20 + i, value(b'x', i)))
                .collect();
            s.append(&batch).expect("append");
            max = max.max(size());
        }
        assert!(max < 3 * PRUNE_MIN, "unwanted entries: {max}");
        let t = Store::new(dir.path(), keep_unmarked);
        for i in 0..20 {
            assert_eq!(get(&t, i), Some(value(b'a' + 39 % 20, i)), "kept: {i}");
        }
        assert!(t.notes().is_empty());
    }
}
