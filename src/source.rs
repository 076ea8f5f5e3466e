//! Reading a document from a path or standard input: read → decode → parse.

use crate::decode;
use crate::decode::DecodeError;
use crate::model::{Document, Format};
use crate::parse;
use std::io::Read;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use thiserror::Error;

/// The size limit when neither `--max-size` nor the config sets one.
pub const DEFAULT_MAX_SIZE: u64 = 256 * 1024 * 1024;

static MAX_SIZE: AtomicU64 = AtomicU64::new(DEFAULT_MAX_SIZE);

/// The largest input read (documents, gold files, glossaries), in bytes.
pub fn max_size() -> u64 {
    MAX_SIZE.load(Ordering::Relaxed)
}

/// Sets the size limit for this process (`--max-size`, the config's
/// `max_size`).
pub fn set_max_size(bytes: u64) {
    MAX_SIZE.store(bytes.max(1), Ordering::Relaxed);
}

/// Parses a size: a number of bytes with an optional unit `K`, `M`, `G`
/// (powers of 1024; `KB`, `MiB` … accepted too), e.g. `256M`, `1.5G`.
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let value: f64 = num
        .parse()
        .map_err(|_| format!("`{s}` is not a size (e.g. 256M, 1G, 500000)"))?;
    let scale: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        "t" | "tb" | "tib" => 1 << 40,
        _ => return Err(format!("`{s}`: unknown size unit (use K, M or G)")),
    };
    let bytes = value * scale as f64;
    if !(1.0..=(u64::MAX as f64)).contains(&bytes) {
        return Err(format!("`{s}`: the size must be at least one byte"));
    }
    Ok(bytes as u64)
}

/// A size for messages: `1.5 GB`, `300 MB`, `12 KB`, `80 bytes`.
pub fn human_size(bytes: u64) -> String {
    let b = bytes as f64;
    if bytes >= 1 << 30 {
        format!("{:.1} GB", b / f64::from(1u32 << 30))
    } else if bytes >= 1 << 20 {
        format!("{:.0} MB", b / f64::from(1u32 << 20))
    } else if bytes >= 1 << 10 {
        format!("{:.0} KB", b / 1024.0)
    } else {
        format!("{bytes} bytes")
    }
}

/// Why an input could not be read. The display is the reason alone; callers
/// add the path.
#[derive(Debug, Error)]
pub enum ReadError {
    #[error("no such file")]
    NotFound,
    #[error("permission denied")]
    PermissionDenied,
    #[error("is a directory, not a file")]
    Directory,
    #[error("is {0}, not a regular file")]
    NotRegular(&'static str),
    #[error("symbolic link loop (the link leads back to itself)")]
    Loop,
    #[error("{}, over the size limit of {} (change it with --max-size or the config's max_size)", .size.map_or_else(|| "larger".to_string(), |n| format!("is {}", human_size(n))), human_size(*.limit))]
    TooLarge { size: Option<u64>, limit: u64 },
    #[error("{0}")]
    Binary(DecodeError),
    #[error("{0}")]
    Io(std::io::Error),
}

impl ReadError {
    fn from_io(e: std::io::Error) -> ReadError {
        #[cfg(unix)]
        if e.raw_os_error() == Some(libc::ELOOP) {
            return ReadError::Loop;
        }
        match e.kind() {
            std::io::ErrorKind::NotFound => ReadError::NotFound,
            std::io::ErrorKind::PermissionDenied => ReadError::PermissionDenied,
            std::io::ErrorKind::IsADirectory => ReadError::Directory,
            _ => ReadError::Io(e),
        }
    }
}

/// What a file that is not a regular file or a directory is, for messages.
pub fn special_kind(ft: &std::fs::FileType) -> Option<&'static str> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return Some("a FIFO (named pipe)");
        }
        if ft.is_char_device() {
            return Some("a character device");
        }
        if ft.is_block_device() {
            return Some("a block device");
        }
        if ft.is_socket() {
            return Some("a socket");
        }
    }
    if ft.is_file() || ft.is_dir() {
        None
    } else {
        Some("not a regular file")
    }
}

fn check_kind(meta: &std::fs::Metadata) -> Result<(), ReadError> {
    if meta.is_dir() {
        return Err(ReadError::Directory);
    }
    match special_kind(&meta.file_type()) {
        Some(kind) => Err(ReadError::NotRegular(kind)),
        None => Ok(()),
    }
}

/// Opens without blocking: a file swapped for a FIFO between the check and
/// the open would otherwise wait for a writer forever.
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    let mut opts = std::fs::OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.custom_flags(libc::O_NONBLOCK);
    }
    opts.open(path)
}

/// Reads a regular file of at most `limit` bytes. Refused before opening:
/// FIFOs, devices, sockets and directories, and files whose size is over the
/// limit; refused after the first block: binary input; refused while
/// reading: a file that grows past the limit (or reports no size, as
/// `/proc` files do).
pub fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let meta = std::fs::metadata(path).map_err(ReadError::from_io)?;
    check_kind(&meta)?;
    if meta.len() > limit {
        return Err(ReadError::TooLarge {
            size: Some(meta.len()),
            limit,
        });
    }
    let file = open_nonblocking(path).map_err(ReadError::from_io)?;
    // The file opened may not be the one checked (a rename in between).
    let meta = file.metadata().map_err(ReadError::from_io)?;
    check_kind(&meta)?;
    read_stream(file, limit, meta.len())
}

/// [`read_limited`] for a path the caller has already found to be a
/// regular file (the corpus listing), with the opened file's metadata
/// (its mtime stamps the corpus cache's entries) and in fewer system
/// calls: opened and stat'ed once (no check of the path before the open),
/// read whole, not sniffed for binary content: the caller asks the corpus
/// cache with the bytes first and sniffs them ([`sniff_read`]) only when
/// the cache has no entry for them (an entry was made from the same
/// bytes, which passed). One `read` of the size
/// the open file's metadata gives, no second one to see the end: the
/// file as it was when stat'ed (a file that grows meanwhile is read to
/// that size, and its stamp is of those bytes). A file that reports no
/// size (`/proc`) is read to its end, under the limit.
pub fn read_listed_unsniffed(
    path: &Path,
    limit: u64,
) -> Result<(Vec<u8>, std::fs::Metadata), ReadError> {
    let file = open_nonblocking(path).map_err(ReadError::from_io)?;
    let meta = file.metadata().map_err(ReadError::from_io)?;
    check_kind(&meta)?;
    if meta.len() > limit {
        return Err(ReadError::TooLarge {
            size: Some(meta.len()),
            limit,
        });
    }
    // Read to the size stated (`Take` ends there without asking the
    // file again), or, for a file that states none, to the end.
    let upto = match meta.len() {
        0 => limit.saturating_add(1),
        n => n,
    };
    let cap = usize::try_from(meta.len())
        .unwrap_or(0)
        .saturating_add(1)
        .min(64 << 20);
    let mut buf = Vec::with_capacity(cap);
    (&file)
        .take(upto)
        .read_to_end(&mut buf)
        .map_err(ReadError::from_io)?;
    if buf.len() as u64 > limit {
        // A file that stated no size and grew past the limit: binary
        // content is said first, as a whole read says it.
        sniff_read(&buf)?;
        return Err(ReadError::TooLarge { size: None, limit });
    }
    Ok((buf, meta))
}

/// The binary sniff of a file's bytes read by [`read_listed_unsniffed`]
/// (its first block; a zip container passes, its reader checks it).
pub fn sniff_read(buf: &[u8]) -> Result<(), ReadError> {
    if buf.starts_with(b"PK\x03\x04") {
        return Ok(());
    }
    let head = &buf[..buf.len().min(decode::FIRST_BLOCK)];
    decode::sniff(head).map_err(ReadError::Binary)
}

/// Reads at most `limit` bytes from `r`, checking the first block for
/// binary content (other than a zip container) before reading the rest. `hint` is the expected size.
pub fn read_stream(r: impl Read, limit: u64, hint: u64) -> Result<Vec<u8>, ReadError> {
    let cap = usize::try_from(hint.min(limit))
        .unwrap_or(0)
        .saturating_add(1);
    let mut buf = Vec::with_capacity(cap.min(64 << 20));
    let mut r = r.take(limit.saturating_add(1));
    let first = decode::FIRST_BLOCK as u64;
    (&mut r)
        .take(first)
        .read_to_end(&mut buf)
        .map_err(ReadError::from_io)?;
    // A zip container (EPUB, DOCX) is binary by design: its reader checks
    // it; anything else binary is refused before the rest is read.
    if !buf.starts_with(b"PK\x03\x04") {
        decode::sniff(&buf).map_err(ReadError::Binary)?;
    }
    r.read_to_end(&mut buf).map_err(ReadError::from_io)?;
    if buf.len() as u64 > limit {
        return Err(ReadError::TooLarge { size: None, limit });
    }
    Ok(buf)
}

/// The first `n` bytes of a regular file longer than `n` bytes and within
/// the size limit ([`max_size`]), for showing its beginning before the
/// rest is read. `None` for anything else (standard input, a short or
/// special file, an error): the caller reads the whole, which reports any
/// error.
pub fn read_head(path: &Path, n: usize) -> Option<Vec<u8>> {
    if path.as_os_str() == "-" {
        return None;
    }
    let file = open_nonblocking(path).ok()?;
    let meta = file.metadata().ok()?;
    if !meta.is_file() || meta.len() <= n as u64 || meta.len() > max_size() {
        return None;
    }
    let mut head = Vec::with_capacity(n);
    file.take(n as u64).read_to_end(&mut head).ok()?;
    (head.len() == n).then_some(head)
}

/// Reads the bytes of `path` (`-` is standard input) under the size limit
/// ([`max_size`]), with errors that name it.
pub fn read_bytes(path: &Path) -> anyhow::Result<Vec<u8>> {
    let result = if path.as_os_str() == "-" {
        read_stream(std::io::stdin().lock(), max_size(), 0)
    } else {
        read_limited(path, max_size())
    };
    result.map_err(|e| match e {
        ReadError::Binary(_) => anyhow::anyhow!("{}: {e}", name(path)),
        ReadError::Directory => anyhow::anyhow!("{} is a directory, not a file", name(path)),
        _ => anyhow::anyhow!("cannot read {}: {e}", name(path)),
    })
}

/// How a path is named in messages (`-` is standard input).
fn name(path: &Path) -> String {
    if path.as_os_str() == "-" {
        "standard input".to_string()
    } else {
        path.display().to_string()
    }
}

/// Reads, decodes and parses one document, in the format its name and
/// content say (see [`crate::read`]).
pub fn load_document(path: &Path) -> anyhow::Result<Document> {
    crate::read::load(path, None)
}

/// The sample documents shipped in `data/samples/`, embedded: `(file name,
/// text)`. The first is what the browser opens when given no path.
pub const SAMPLES: [(&str, &str); 4] = [
    (
        "01_feature.txt",
        include_str!("../data/samples/01_feature.txt"),
    ),
    (
        "02_report.txt",
        include_str!("../data/samples/02_report.txt"),
    ),
    (
        "03_interview.txt",
        include_str!("../data/samples/03_interview.txt"),
    ),
    ("04_notes.md", include_str!("../data/samples/04_notes.md")),
];

/// Parses an embedded sample (index into [`SAMPLES`]; out of range gives the
/// first). Its source path is `samples/<name>`.
pub fn sample_document(index: usize) -> Document {
    let (name, text) = SAMPLES.get(index).copied().unwrap_or(SAMPLES[0]);
    let path = Path::new(name);
    let format = Format::detect(Some(path), text);
    let mut doc = parse::parse(text.to_string(), format);
    doc.source.path = Some(format!("samples/{name}"));
    doc.source.encoding = "UTF-8".to_string();
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_listed_file_is_read_to_its_size_and_sniffed_apart() {
        let dir = tempfile::tempdir().expect("tempdir");
        let text = dir.path().join("a.txt");
        let body = "新华社北京电 今天。\n".repeat(500);
        std::fs::write(&text, &body).expect("write");
        let (bytes, meta) = read_listed_unsniffed(&text, max_size()).expect("read");
        assert_eq!(bytes, body.as_bytes());
        assert_eq!(meta.len(), bytes.len() as u64);
        assert!(sniff_read(&bytes).is_ok());
        let bin = dir.path().join("b.txt");
        std::fs::write(&bin, [0u8, 1, 2, 0, 0xff, 0, 7, 0].repeat(64)).expect("write");
        let (bytes, _) = read_listed_unsniffed(&bin, max_size()).expect("read, not sniffed");
        assert!(matches!(sniff_read(&bytes), Err(ReadError::Binary(_))));
        assert!(matches!(
            read_listed_unsniffed(&text, 10),
            Err(ReadError::TooLarge { .. })
        ));
    }

    /// A file that states no size is read to its end.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_file_that_states_no_size_is_read_whole() {
        let path = Path::new("/proc/self/status");
        let (bytes, meta) = read_listed_unsniffed(path, max_size()).expect("read");
        assert_eq!(meta.len(), 0);
        assert!(String::from_utf8_lossy(&bytes).contains("VmRSS"));
    }
}
