//! Where a corpus stream's lines go (`annotate DIR --format jsonl`): the
//! buffers of rendered lines written in few large writes, and, when the
//! output is a regular file, its room on disk reserved ahead of them.
//!
//! Writing 91 MB of lines into a new file is kernel work a page at a
//! time: each write finds or makes the file's pages, books the blocks to
//! come (ext4's delayed allocation), and copies. Two things make it
//! cheaper, both measured on the 2,000-document warm run (docs/scale.md,
//! session 13, warm13):
//! - [`Sink`]: writes that start and end on 256 KiB boundaries of the
//!   output (one `writev` of the buffers held, cut there), so the page
//!   cache takes the file in whole 256 KiB folios instead of the small
//!   ones an unaligned write leaves at its ends. Not 2 MiB: on this
//!   virtual machine a 2 MiB folio is often a block of memory the guest
//!   gave back to the host, and its first writing then took 0.3–0.6 s
//!   instead of 0.03 s (free page reporting works on such blocks only);
//! - [`Reserved`]: the file's blocks allocated a few MB ahead of the
//!   writes (`fallocate` with `FALLOC_FL_KEEP_SIZE`: the size a reader
//!   sees does not change), so no write books blocks one page at a time;
//!   what was reserved past the end is given back when the run ends.

use crate::timings::{self, Phase};
use std::io::{IoSlice, Write};
use std::ops::Range;
use std::time::Instant;

/// The output's offsets that writes end on (when enough is held).
const ALIGN: u64 = 256 << 10;

/// At most this many buffers in one `writev` (Linux's `IOV_MAX` is 1,024).
const SLICES: usize = 256;

/// Lines to write, held until 256 KiB of the output can be written in
/// one call ending on a 256 KiB boundary (counted from where the stream's
/// output starts), then written in order. The buffers are owned, so
/// nothing is copied; once written they are handed back
/// ([`Sink::spent`]) to be filled again.
pub(crate) struct Sink<'w> {
    out: &'w mut dyn Write,
    /// Buffers held, each with its part not written yet, in order.
    held: Vec<(Vec<u8>, Range<usize>)>,
    /// Bytes held.
    bytes: usize,
    /// Bytes written so far.
    written: u64,
    /// Buffers written whole.
    spent: Vec<Vec<u8>>,
}

impl<'w> Sink<'w> {
    pub(crate) fn new(out: &'w mut dyn Write) -> Sink<'w> {
        Sink {
            out,
            held: Vec::new(),
            bytes: 0,
            written: 0,
            spent: Vec::new(),
        }
    }

    /// Holds `buf[range]` to be written after what is held, and writes
    /// what can be written up to a boundary.
    pub(crate) fn push(&mut self, buf: Vec<u8>, range: Range<usize>) -> std::io::Result<()> {
        if range.is_empty() || buf.get(range.clone()).is_none() {
            self.spent.push(buf);
            return Ok(());
        }
        self.bytes += range.len();
        self.held.push((buf, range));
        let end = self.written + self.bytes as u64;
        if self.bytes as u64 >= ALIGN {
            let cut = end - end % ALIGN - self.written;
            self.write_front(cut as usize)?;
        }
        Ok(())
    }

    /// Holds a copy of `bytes` (lines that share their buffer with lines
    /// still to come).
    pub(crate) fn push_copy(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.push(bytes.to_vec(), 0..bytes.len())
    }

    /// Writes everything held (before anything is said on another stream
    /// that may be the same file, and at the end).
    pub(crate) fn flush_held(&mut self) -> std::io::Result<()> {
        self.write_front(self.bytes)
    }

    /// The buffers written whole since the last call.
    pub(crate) fn spent(&mut self) -> std::vec::Drain<'_, Vec<u8>> {
        self.spent.drain(..)
    }

    /// Writes the first `n` bytes held, in as few calls as it takes.
    fn write_front(&mut self, mut n: usize) -> std::io::Result<()> {
        while n > 0 {
            let t = Instant::now();
            let mut slices = Vec::with_capacity(self.held.len().min(SLICES));
            let mut left = n;
            for (buf, range) in self.held.iter().take(SLICES) {
                if left == 0 {
                    break;
                }
                let take = range.len().min(left);
                slices.push(IoSlice::new(&buf[range.start..range.start + take]));
                left -= take;
            }
            let w = match self.out.write_vectored(&slices) {
                Ok(0) => return Err(std::io::ErrorKind::WriteZero.into()),
                Ok(w) => w.min(n),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            timings::record(Phase::Write, t.elapsed());
            self.advance(w);
            n -= w;
        }
        Ok(())
    }

    /// Marks the first `w` bytes held as written.
    fn advance(&mut self, mut w: usize) {
        self.bytes -= w;
        self.written += w as u64;
        let mut whole = 0;
        for (_, range) in self.held.iter_mut() {
            if w == 0 {
                break;
            }
            let take = range.len().min(w);
            range.start += take;
            w -= take;
            if range.start == range.end {
                whole += 1;
            }
        }
        self.spent
            .extend(self.held.drain(..whole).map(|(buf, _)| buf));
    }
}

/// Room reserved ahead of the writes at a time.
#[cfg(target_os = "linux")]
const AHEAD: u64 = 8 << 20;

/// The output as a regular file (stdout redirected to one, not opened to
/// append): before a write runs past what is reserved, the next
/// [`AHEAD`] bytes of the file are allocated with `fallocate`'s
/// `FALLOC_FL_KEEP_SIZE` (the file's size does not change until the
/// bytes are written; a failure only stops the reserving). When dropped,
/// the blocks reserved past the file's end are given back (the file cut
/// to its own size). Writes go straight to the file, unbuffered.
pub struct Reserved {
    file: std::fs::File,
    /// The file offset reserved up to (0: nothing reserved yet).
    ahead: u64,
    /// The file offset after the last write, as counted here (asked of
    /// the file again before reserving: another stream on the same open
    /// file, such as stderr, moves it too).
    at: u64,
    /// Whether to reserve (a regular file, not appended to, and no
    /// `fallocate` failure so far).
    on: bool,
}

impl Reserved {
    /// `file` written as it is, with room reserved ahead when it is a
    /// regular file not opened to append (a file other processes may
    /// append to is left alone, and so is anything else).
    pub fn new(file: std::fs::File) -> Reserved {
        let regular = file.metadata().is_ok_and(|m| m.is_file());
        #[cfg(target_os = "linux")]
        let on = regular
            && rustix::fs::fcntl_getfl(&file)
                .is_ok_and(|flags| !flags.contains(rustix::fs::OFlags::APPEND));
        #[cfg(not(target_os = "linux"))]
        let on = {
            let _ = regular;
            false
        };
        Reserved {
            file,
            ahead: 0,
            at: 0,
            on,
        }
    }

    /// Reserves room for `len` more bytes at the file's offset.
    fn reserve(&mut self, len: usize) {
        #[cfg(target_os = "linux")]
        if self.on {
            use std::io::Seek;
            if self.at + len as u64 <= self.ahead {
                return;
            }
            let Ok(at) = self.file.stream_position() else {
                self.on = false;
                return;
            };
            self.at = at;
            let end = at + len as u64;
            if end <= self.ahead {
                return;
            }
            let from = at.max(self.ahead);
            let n = AHEAD.max(end - from);
            match rustix::fs::fallocate(&self.file, rustix::fs::FallocateFlags::KEEP_SIZE, from, n)
            {
                Ok(()) => self.ahead = from + n,
                Err(_) => {
                    // Whatever was allocated past the end is given back
                    // on drop.
                    self.ahead = self.ahead.max(1);
                    self.on = false;
                }
            }
        }
        #[cfg(not(target_os = "linux"))]
        let _ = len;
    }
}

impl Write for Reserved {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.reserve(buf.len());
        let n = self.file.write(buf)?;
        self.at += n as u64;
        Ok(n)
    }

    fn write_vectored(&mut self, bufs: &[IoSlice<'_>]) -> std::io::Result<usize> {
        self.reserve(bufs.iter().map(|b| b.len()).sum());
        let n = self.file.write_vectored(bufs)?;
        self.at += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

impl Drop for Reserved {
    fn drop(&mut self) {
        // Blocks reserved past the end stay allocated until the file is
        // cut (ext4 keeps them): cut it to its own size.
        if self.ahead > 0
            && let Ok(size) = self.file.metadata().map(|m| m.len())
            && self.ahead > size
        {
            let _ = self.file.set_len(size);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A writer that takes at most `max` bytes a call and keeps the calls'
    /// sizes.
    struct Short {
        data: Vec<u8>,
        calls: Vec<usize>,
        max: usize,
    }

    impl Write for Short {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            let n = buf.len().min(self.max);
            self.data.extend_from_slice(&buf[..n]);
            self.calls.push(n);
            Ok(n)
        }

        fn write_vectored(&mut self, bufs: &[IoSlice<'_>]) -> std::io::Result<usize> {
            let mut n = 0;
            for b in bufs {
                let take = b.len().min(self.max - n);
                self.data.extend_from_slice(&b[..take]);
                n += take;
                if n == self.max {
                    break;
                }
            }
            self.calls.push(n);
            Ok(n)
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn held_buffers_come_out_in_order_in_writes_ending_on_the_boundaries() {
        let mut out = Short {
            data: Vec::new(),
            calls: Vec::new(),
            max: usize::MAX,
        };
        let mut want = Vec::new();
        let mut spent = 0;
        {
            let mut sink = Sink::new(&mut out);
            for i in 0..40u8 {
                // Buffers of ~300 KB with a part before and after the
                // range that is not to be written.
                let len = 300_000 + usize::from(i) * 1_001;
                let buf: Vec<u8> = (0..len + 20).map(|j| (j % 251) as u8 ^ i).collect();
                want.extend_from_slice(&buf[10..len + 10]);
                if i % 7 == 3 {
                    sink.push_copy(&buf[10..len + 10]).expect("push");
                } else {
                    sink.push(buf, 10..len + 10).expect("push");
                }
                spent += sink.spent().count();
            }
            sink.push(Vec::new(), 0..0).expect("push");
            sink.flush_held().expect("flush");
            spent += sink.spent().count();
        }
        assert_eq!(out.data, want);
        assert_eq!(spent, 41);
        // Every write but the last ends on a boundary.
        let mut at = 0u64;
        for (k, &n) in out.calls.iter().enumerate() {
            at += n as u64;
            if k + 1 < out.calls.len() {
                assert_eq!(at % ALIGN, 0, "write {k} ends at {at}");
            }
        }
        assert!(out.calls.len() >= 20);
    }

    #[test]
    fn short_writes_are_written_on() {
        let mut out = Short {
            data: Vec::new(),
            calls: Vec::new(),
            max: 777_777,
        };
        let mut want = Vec::new();
        {
            let mut sink = Sink::new(&mut out);
            for i in 0..20u8 {
                let buf = vec![i; 400_000];
                want.extend_from_slice(&buf);
                sink.push(buf, 0..400_000).expect("push");
            }
            sink.flush_held().expect("flush");
            assert_eq!(sink.spent().count(), 20);
        }
        assert_eq!(out.data, want);
        assert!(out.calls.iter().all(|&n| n <= 777_777));
    }

    #[test]
    fn a_reserved_file_gets_every_byte_and_no_room_past_its_end() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("out.jsonl");
        let file = std::fs::File::create(&path).expect("create");
        let mut want = Vec::new();
        {
            let mut out = Reserved::new(file);
            for i in 0..30u8 {
                let buf = vec![b'a' + i % 26; 333_333];
                out.write_all(&buf).expect("write");
                want.extend_from_slice(&buf);
            }
            out.write_all(b"\n").expect("write");
            want.push(b'\n');
        }
        let got = std::fs::read(&path).expect("read");
        assert_eq!(got.len(), want.len());
        assert!(got == want);
        #[cfg(target_os = "linux")]
        {
            use std::os::unix::fs::MetadataExt;
            let m = std::fs::metadata(&path).expect("stat");
            // Blocks of 512 bytes: no more than the bytes, rounded up to
            // the file system's block (not the 8 MB reserved ahead).
            assert!(
                m.blocks() * 512 < m.len() + (1 << 20),
                "{} blocks",
                m.blocks()
            );
        }
    }

    #[test]
    fn a_file_written_after_others_wrote_to_it_keeps_their_bytes() {
        use std::io::Seek;
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("out");
        let mut file = std::fs::File::create(&path).expect("create");
        file.write_all(b"head\n").expect("write");
        let mut shared = file.try_clone().expect("clone");
        let mut want = b"head\n".to_vec();
        {
            let mut out = Reserved::new(file);
            for i in 0..12u8 {
                let buf = vec![b'0' + i % 10; 1_000_001];
                out.write_all(&buf).expect("write");
                want.extend_from_slice(&buf);
                // Another handle on the same open file (as stderr may
                // be) moves the offset between writes.
                shared.write_all(b"!\n").expect("write");
                want.extend_from_slice(b"!\n");
            }
        }
        assert_eq!(shared.stream_position().expect("pos"), want.len() as u64);
        assert!(std::fs::read(&path).expect("read") == want);
    }

    #[test]
    fn an_appended_file_is_written_as_it_is() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("log");
        std::fs::write(&path, b"before\n").expect("write");
        let file = std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .expect("open");
        {
            let mut out = Reserved::new(file);
            assert!(!out.on || cfg!(not(target_os = "linux")));
            out.write_all(b"after\n").expect("write");
        }
        assert_eq!(std::fs::read(&path).expect("read"), b"before\nafter\n");
    }
}
