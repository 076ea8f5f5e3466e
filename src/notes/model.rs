//! What the reader keeps: notes (highlights with an optional comment),
//! bookmarks and the reading position. All serde, all small.

use super::anchor::Anchor;
use crate::model::{CharIndex, Document};
use serde::{Deserialize, Serialize};
use std::sync::atomic::{AtomicU64, Ordering};

/// Milliseconds since the Unix epoch; strictly increasing within a process,
/// so "the later edit wins" holds even for edits in the same millisecond.
pub fn now_ms() -> u64 {
    static LAST: AtomicU64 = AtomicU64::new(0);
    let wall = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
        .unwrap_or(0);
    let mut prev = LAST.load(Ordering::Relaxed);
    loop {
        let next = wall.max(prev.saturating_add(1));
        match LAST.compare_exchange_weak(prev, next, Ordering::Relaxed, Ordering::Relaxed) {
            Ok(_) => return next,
            Err(p) => prev = p,
        }
    }
}

/// `ms` (Unix milliseconds) as a UTC date and time: `2026-11-23 19:40`.
pub fn format_utc(ms: u64) -> String {
    let (y, mo, d, h, mi, _) = civil(ms);
    format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}")
}

/// `ms` as a compact UTC timestamp for file names: `20261123T194005Z`.
pub fn file_stamp(ms: u64) -> String {
    let (y, mo, d, h, mi, s) = civil(ms);
    format!("{y:04}{mo:02}{d:02}T{h:02}{mi:02}{s:02}Z")
}

/// (year, month, day, hour, minute, second) in UTC; days-to-civil after
/// Howard Hinnant's algorithm.
fn civil(ms: u64) -> (i64, u32, u32, u32, u32, u32) {
    let secs = (ms / 1000) as i64;
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (
        y,
        m,
        d,
        (rem / 3600) as u32,
        (rem % 3600 / 60) as u32,
        (rem % 60) as u32,
    )
}

/// A fresh note id, unique across processes: time, process id and a counter.
pub fn new_id() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    format!("n{:x}-{:x}-{n:x}", now_ms(), std::process::id())
}

/// The highlight colours a note can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Colour {
    #[default]
    Yellow,
    Green,
    Blue,
    Pink,
    Purple,
}

impl Colour {
    pub const ALL: [Colour; 5] = [
        Colour::Yellow,
        Colour::Green,
        Colour::Blue,
        Colour::Pink,
        Colour::Purple,
    ];
    pub fn name(self) -> &'static str {
        match self {
            Colour::Yellow => "yellow",
            Colour::Green => "green",
            Colour::Blue => "blue",
            Colour::Pink => "pink",
            Colour::Purple => "purple",
        }
    }
    /// The next colour in [`Colour::ALL`], wrapping around.
    pub fn next(self) -> Colour {
        let i = Colour::ALL.iter().position(|c| *c == self).unwrap_or(0);
        Colour::ALL[(i + 1) % Colour::ALL.len()]
    }
}

/// A highlight, with the reader's comment (possibly empty).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    pub id: String,
    pub anchor: Anchor,
    #[serde(default)]
    pub colour: Colour,
    /// The reader's comment; empty for a plain highlight.
    #[serde(default)]
    pub text: String,
    /// Unix milliseconds.
    pub created: u64,
    /// Unix milliseconds of the last edit by the reader (re-attaching the
    /// anchor after the source changed is not an edit).
    pub modified: u64,
}

/// A place in a document that survives re-wrapping and resizing: a section
/// index and a code-point offset from that section's start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ReadingPosition {
    pub section: usize,
    /// Code points from the start of the section's span.
    pub offset: usize,
}

impl ReadingPosition {
    /// Where section `i` starts: its heading, else its first paragraph
    /// (the browser's convention for reading positions).
    fn section_start(doc: &Document, i: usize) -> Option<usize> {
        doc.sections.get(i).map(|s| {
            s.heading
                .map_or(s.span.start, |h| h.start.min(s.span.start))
        })
    }

    /// The position of byte offset `byte` in `doc`.
    pub fn at(doc: &Document, byte: usize) -> ReadingPosition {
        let index = CharIndex::new(&doc.text);
        let section = doc.section_at(byte).unwrap_or(0);
        let start = ReadingPosition::section_start(doc, section).unwrap_or(0);
        ReadingPosition {
            section,
            offset: index
                .to_cp(byte)
                .saturating_sub(index.to_cp(start.min(byte))),
        }
    }

    /// The byte offset this position points at in `doc`, clamped to the
    /// text when the document has changed since.
    pub fn byte_in(&self, doc: &Document) -> usize {
        let index = CharIndex::new(&doc.text);
        let start = ReadingPosition::section_start(doc, self.section)
            .or_else(|| ReadingPosition::section_start(doc, doc.sections.len().checked_sub(1)?))
            .unwrap_or(0);
        index.to_byte(index.to_cp(start) + self.offset)
    }
}

/// A bookmark: where, and when it was set (for merging two writers).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bookmark {
    #[serde(flatten)]
    pub position: ReadingPosition,
    pub modified: u64,
}

/// The last reading position, with when it was recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedPosition {
    #[serde(flatten)]
    pub position: ReadingPosition,
    pub modified: u64,
}

/// Whether `c` can name a bookmark (`m` + letter).
pub fn is_bookmark_letter(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_is_strictly_increasing() {
        let a = now_ms();
        let b = now_ms();
        assert!(b > a);
    }

    #[test]
    fn utc_formatting() {
        assert_eq!(format_utc(0), "1970-01-01 00:00");
        // 2000-02-29 12:34:56 UTC = 951827696 s
        assert_eq!(format_utc(951_827_696_000), "2000-02-29 12:34");
        assert_eq!(file_stamp(951_827_696_789), "20000229T123456Z");
    }

    #[test]
    fn ids_are_unique() {
        let a = new_id();
        let b = new_id();
        assert_ne!(a, b);
    }

    #[test]
    fn colours_cycle() {
        let mut c = Colour::Yellow;
        for _ in 0..Colour::ALL.len() {
            c = c.next();
        }
        assert_eq!(c, Colour::Yellow);
    }
}
