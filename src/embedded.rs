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

#[cfg(target_os = "linux")]
fn from_file(blob: &'static [u8]) -> Option<Vec<u8>> {
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
    if offset.checked_add(blob.len() as u64)? > meta.len() {
        return None;
    }
    let mut bytes = vec![0; blob.len()];
    exe.read_exact_at(&mut bytes, offset).ok()?;
    // The same file as mapped, read at the mapped place: its ends are
    // checked all the same (two pages touched, not the whole).
    let ends = |b: &[u8]| (b[..16].to_vec(), b[b.len() - 16..].to_vec());
    (ends(&bytes) == ends(blob)).then_some(bytes)
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
