//! Where the document text stands in the file's bytes: for formats whose
//! source is text (plain, Markdown, HTML), each document position goes
//! back through the reader's map ([`crate::model::SourceMap`]: rendered
//! text → decoded source) and the decoder (decoded source → the bytes as
//! read: byte-order mark, CRLF and the file's encoding undone), so notes,
//! search hits and exports can point into the original file
//! (`annotate --offsets source`, docs/formats.md).

use crate::model::{Annotated, Document, Format, Span};
use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};

/// Byte offsets in the file of each character boundary of the decoded
/// source text.
pub struct RawOffsets {
    /// `starts[i]`: the file offset of the decoded text's `i`-th byte, for
    /// every char boundary (others are not asked for); one past the end.
    starts: Vec<u32>,
}

impl RawOffsets {
    /// Walks the decoded `text` against the file's `bytes` in `encoding`
    /// (a name as `decode` gives it). `None` when the walk does not end
    /// where the file does (bytes the decoder replaced).
    pub fn new(bytes: &[u8], text: &str, encoding: &str) -> Option<RawOffsets> {
        if bytes.len() > u32::MAX as usize {
            return None;
        }
        let (enc, mut r) = match Encoding::for_bom(bytes) {
            Some((enc, bom)) => (enc, bom),
            None => (Encoding::for_label(encoding.as_bytes()).unwrap_or(UTF_8), 0),
        };
        let unit = if enc == UTF_16LE || enc == UTF_16BE {
            2
        } else {
            1
        };
        // The code unit at `r` is this ASCII byte.
        let is = |r: usize, b: u8| -> bool {
            match (unit, enc == UTF_16BE) {
                (1, _) => bytes.get(r) == Some(&b),
                (_, false) => bytes.get(r..r + 2) == Some(&[b, 0][..]),
                (_, true) => bytes.get(r..r + 2) == Some(&[0, b][..]),
            }
        };
        let mut starts = vec![0u32; text.len() + 1];
        let mut buf = [0u8; 4];
        for (d, c) in text.char_indices() {
            starts[d] = r as u32;
            r += match c {
                '\n' if is(r, b'\r') && is(r + unit, b'\n') => 2 * unit,
                '\n' => unit,
                c if enc == UTF_8 => c.len_utf8(),
                c if unit == 2 => 2 * c.len_utf16(),
                c => enc.encode(c.encode_utf8(&mut buf)).0.len(),
            };
        }
        if r != bytes.len() {
            return None;
        }
        starts[text.len()] = r as u32;
        Some(RawOffsets { starts })
    }

    /// The file offset of decoded offset `pos` (a char boundary).
    pub fn get(&self, pos: usize) -> Option<usize> {
        self.starts.get(pos).map(|&r| r as usize)
    }
}

/// The byte range in the file of the document span `span`: through the
/// reader's map (rendered formats) then the decoder's; from its first
/// character to its last (markup between them is inside the range). `None`
/// when the span's first or last character is rendered, not copied.
pub fn source_span(doc: &Document, raw: &RawOffsets, span: Span) -> Option<(usize, usize)> {
    let (s, e) = if doc.source.map.is_empty() {
        (span.start, span.end)
    } else {
        // The end maps as the end of its last character, so that a span
        // ending at a run's end does not run into what follows it.
        let last = doc.text.get(..span.end)?.chars().next_back()?;
        let end = copied(doc, span.end - last.len_utf8())? + last.len_utf8();
        (copied(doc, span.start)?, end)
    };
    Some((raw.get(s)?, raw.get(e)?))
}

/// Where document byte `pos` is in the decoded source, when the reader
/// copied it from there (not rendered: a list marker, a joining space).
fn copied(doc: &Document, pos: usize) -> Option<usize> {
    let runs = &doc.source.map.runs;
    let i = runs.partition_point(|r| r.0 <= pos);
    let &(at, src, len) = runs.get(i.checked_sub(1)?)?;
    (pos < at + len).then_some(src + pos - at)
}

/// Adds `source_start` and `source_end` (byte offsets into the file as
/// read) to every annotation of `ann`, read from `bytes`. An error when
/// the format is not text or the bytes are not those the document was
/// read from.
pub fn add_source_offsets(ann: &mut Annotated, bytes: &[u8]) -> anyhow::Result<()> {
    let doc = &ann.doc;
    let decoded = match doc.source.format {
        Format::Epub | Format::Docx => {
            anyhow::bail!(
                "source offsets are for text formats (plain, Markdown, HTML), not zip containers"
            )
        }
        Format::Html => super::html::decode(bytes)?,
        _ => crate::decode::decode(bytes)?,
    };
    let raw = RawOffsets::new(bytes, &decoded.text, &doc.source.encoding).ok_or_else(|| {
        anyhow::anyhow!(
            "the file's bytes do not map onto its text (bytes were replaced in decoding)"
        )
    })?;
    let spans: Vec<Option<(usize, usize)>> = ann
        .annotations
        .iter()
        .map(|a| source_span(doc, &raw, a.span))
        .collect();
    for (a, s) in ann.annotations.iter_mut().zip(spans) {
        if let Some((s, e)) = s {
            a.attrs.insert("source_start", s as u64);
            a.attrs.insert("source_end", e as u64);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_crlf_and_gbk_walk_back_to_the_bytes() {
        let bytes = "\u{feff}甲乙\r\n丙\rx".as_bytes();
        let text = "甲乙\n丙\nx";
        let Some(raw) = RawOffsets::new(bytes, text, "UTF-8") else {
            panic!("walk");
        };
        assert_eq!(raw.get(0), Some(3));
        assert_eq!(raw.get(6), Some(9)); // the newline: \r\n
        assert_eq!(raw.get(7), Some(11)); // 丙
        assert_eq!(raw.get(11), Some(15)); // x after a lone \r
        assert_eq!(raw.get(text.len()), Some(bytes.len()));
        // GB18030: two bytes a Han character.
        let (gbk, _, _) = encoding_rs::GB18030.encode("中文\r\nab");
        let Some(raw) = RawOffsets::new(&gbk, "中文\nab", "GB18030") else {
            panic!("walk");
        };
        assert_eq!(raw.get(3), Some(2));
        assert_eq!(raw.get(7), Some(6));
        // UTF-16LE with its BOM.
        let mut u16 = vec![0xFF, 0xFE];
        for u in "甲\r\n乙".encode_utf16() {
            u16.extend(u.to_le_bytes());
        }
        let Some(raw) = RawOffsets::new(&u16, "甲\n乙", "UTF-16LE") else {
            panic!("walk");
        };
        assert_eq!(raw.get(3), Some(4));
        assert_eq!(raw.get(4), Some(8));
        // Not the text of these bytes.
        assert!(RawOffsets::new(b"abc", "abcd", "UTF-8").is_none());
    }
}
