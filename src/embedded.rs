//! Data built into the binary (`include_bytes!`) that is read once and let
//! go: jieba's dictionary, the IDF table and the entity model, compressed
//! (5.2 MB together).
//!
//! Read through the binary's mapping, each page of such data, once
//! touched, stays in the process's resident memory until it ends (the
//! mapping's pages are the file's, never freed while mapped): on one big
//! document they were 5.2 of the ~18 MB of the binary counted in the
//! peak. Read from the binary's file instead, into a buffer freed once
//! decompressed, the mapped pages are never touched (the kernel's page
//! cache holds the file's pages, shared, outside the process).

use std::borrow::Cow;

/// `blob`'s bytes (a `static` of this program), read from the program's
/// file where Linux maps `blob` from, into a buffer of their own; `blob`
/// itself when that cannot be done (not Linux, `blob` not in a mapping of
/// the program's file, a read error), the same bytes either way.
pub fn read_once(blob: &'static [u8]) -> Cow<'static, [u8]> {
    match from_file(blob) {
        Some(bytes) => Cow::Owned(bytes),
        None => Cow::Borrowed(blob),
    }
}

/// `blob`'s bytes as [`read_once`] reads them, but as a reader: from the
/// program's file a piece at a time (no buffer of the whole blob beside
/// what is decoded from it: for the entity model, 2.6 MB while its 16.8 MB
/// table fills), or from `blob` itself, the same bytes either way.
pub fn reader(blob: &'static [u8]) -> Reader {
    #[cfg(target_os = "linux")]
    if let Some((file, at)) = in_file(blob) {
        return Reader::File {
            file,
            at,
            end: at + blob.len() as u64,
        };
    }
    Reader::Memory(blob)
}

/// [`reader`]'s bytes.
pub enum Reader {
    /// From the program's file, at `at` until `end`.
    #[cfg(target_os = "linux")]
    File {
        file: std::fs::File,
        at: u64,
        end: u64,
    },
    Memory(&'static [u8]),
}

impl std::io::Read for Reader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self {
            #[cfg(target_os = "linux")]
            Reader::File { file, at, end } => {
                use std::os::unix::fs::FileExt;
                let left = usize::try_from(*end - *at).unwrap_or(usize::MAX);
                let n = buf.len().min(left);
                if n == 0 {
                    return Ok(0);
                }
                let read = file.read_at(&mut buf[..n], *at)?;
                *at += read as u64;
                Ok(read)
            }
            Reader::Memory(bytes) => bytes.read(buf),
        }
    }
}

#[cfg(target_os = "linux")]
fn from_file(blob: &'static [u8]) -> Option<Vec<u8>> {
    use std::os::unix::fs::FileExt;
    let (exe, offset) = in_file(blob)?;
    let mut bytes = vec![0; blob.len()];
    exe.read_exact_at(&mut bytes, offset).ok()?;
    Some(bytes)
}

/// The program's file, open, and where `blob` lies in it, when Linux maps
/// `blob` from it (a blob of 64 KB or more). The same file as mapped, read
/// at the mapped place: the blob's ends are checked all the same (two
/// pages touched, not the whole).
#[cfg(target_os = "linux")]
fn in_file(blob: &'static [u8]) -> Option<(std::fs::File, u64)> {
    use std::os::unix::fs::{FileExt, MetadataExt};
    if blob.len() < 1 << 16 {
        return None;
    }
    let exe = std::fs::File::open("/proc/self/exe").ok()?;
    let meta = exe.metadata().ok()?;
    let offset = file_offset(
        &std::fs::read_to_string("/proc/self/maps").ok()?,
        blob.as_ptr() as usize,
        blob.len(),
        meta.ino(),
    )?;
    let len = blob.len() as u64;
    if offset.checked_add(len)? > meta.len() {
        return None;
    }
    let (mut first, mut last) = ([0u8; 16], [0u8; 16]);
    exe.read_exact_at(&mut first, offset).ok()?;
    exe.read_exact_at(&mut last, offset + len - 16).ok()?;
    (first[..] == blob[..16] && last[..] == blob[blob.len() - 16..]).then_some((exe, offset))
}

#[cfg(not(target_os = "linux"))]
fn from_file(_blob: &'static [u8]) -> Option<Vec<u8>> {
    None
}

/// Where in the file of inode `inode` the `len` bytes at address `at` lie,
/// from `maps` (`/proc/self/maps`): the mapping of that file holding all
/// of them (start-end, permissions, file offset, device, inode, path).
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
fn file_offset(maps: &str, at: usize, len: usize, inode: u64) -> Option<u64> {
    let end = at.checked_add(len)?;
    maps.lines().find_map(|line| {
        let mut fields = line.split_whitespace();
        let (start, stop) = fields.next()?.split_once('-')?;
        let start = usize::from_str_radix(start, 16).ok()?;
        let stop = usize::from_str_radix(stop, 16).ok()?;
        if !(start <= at && end <= stop) {
            return None;
        }
        let _perms = fields.next()?;
        let offset = u64::from_str_radix(fields.next()?, 16).ok()?;
        let _device = fields.next()?;
        (fields.next()?.parse::<u64>().ok()? == inode).then_some(offset + (at - start) as u64)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    static BLOB: &[u8] = include_bytes!("../data/keywords/idf.bin.zst");

    /// A blob of the program reads as the same bytes, from the file on
    /// Linux.
    #[test]
    fn a_blob_reads_as_itself() {
        let read = read_once(BLOB);
        assert_eq!(&*read, BLOB);
        if cfg!(target_os = "linux") {
            assert!(matches!(read, Cow::Owned(_)));
        }
        // A small one is read in place.
        static SMALL: &[u8] = b"yuelan";
        assert!(matches!(read_once(SMALL), Cow::Borrowed(_)));
    }

    /// A blob read through [`reader`], in pieces of every size, is the
    /// same bytes, from the file on Linux; a small one from memory.
    #[test]
    fn a_blob_read_in_pieces_reads_as_itself() -> std::io::Result<()> {
        use std::io::Read;
        for piece in [1, 7, 4096, 1 << 16, BLOB.len() + 1] {
            let mut r = reader(BLOB);
            if cfg!(target_os = "linux") {
                assert!(!matches!(r, Reader::Memory(_)));
            }
            let mut got = Vec::new();
            let mut buf = vec![0u8; piece];
            loop {
                let n = r.read(&mut buf)?;
                if n == 0 {
                    break;
                }
                got.extend_from_slice(&buf[..n]);
            }
            assert_eq!(got, BLOB, "pieces of {piece}");
        }
        static SMALL: &[u8] = b"yuelan";
        assert!(matches!(reader(SMALL), Reader::Memory(_)));
        let mut got = Vec::new();
        reader(SMALL).read_to_end(&mut got)?;
        assert_eq!(got, SMALL);
        Ok(())
    }

    /// The offset is the mapping's plus the distance from its start, for
    /// a mapping of the inode asked for that holds all the bytes.
    #[test]
    fn offsets_come_from_the_mapping_that_holds_the_bytes() {
        let maps = "55d0a0000000-55d0a1000000 r--p 00000000 fe:00 42    /usr/bin/yuelan\n\
                    55d0a1000000-55d0a2000000 r-xp 01000000 fe:00 42    /usr/bin/yuelan\n\
                    7f0000000000-7f0000100000 rw-p 00000000 00:00 0\n";
        assert_eq!(file_offset(maps, 0x55d0a0000100, 0x10, 42), Some(0x100));
        assert_eq!(
            file_offset(maps, 0x55d0a1000010, 0x10, 42),
            Some(0x01000010)
        );
        // Across two mappings, another inode, nowhere.
        assert_eq!(file_offset(maps, 0x55d0a0fffff0, 0x20, 42), None);
        assert_eq!(file_offset(maps, 0x55d0a0000100, 0x10, 7), None);
        assert_eq!(file_offset(maps, 0x1000, 0x10, 42), None);
    }
}
