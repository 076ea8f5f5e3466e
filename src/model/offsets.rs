//! Byte ↔ code-point offsets.
//!
//! Internal spans are byte offsets; every export speaks Unicode code points
//! (0-based, end-exclusive), like spaCy's `Doc.to_json`, brat and doccano.
//! Build a [`CharIndex`] once per text and convert through it.

use super::Span;

/// Maps byte offsets on char boundaries to code-point offsets and back.
///
/// Compact: the byte offset of every 16th char and each char's UTF-8
/// width in two bits, 0.75 bytes a char (a `usize` per char, as before,
/// took 21 MB for 7.8 MB of Chinese, held while a document is exported).
/// A look-up is a binary search over the blocks and at most 16 steps.
#[derive(Debug, Clone)]
pub struct CharIndex {
    /// Byte offset of char `16 * i`.
    blocks: Vec<usize>,
    /// The widths − 1 of chars `16 * i ..`, two bits each, first char lowest.
    widths: Vec<u32>,
    /// Number of chars.
    chars: usize,
    /// Length of the text in bytes.
    len: usize,
}

/// Chars per block of [`CharIndex`].
const BLOCK: usize = 16;

impl CharIndex {
    pub fn new(text: &str) -> Self {
        let blocks_hint = text.len() / (2 * BLOCK) + 1;
        let mut blocks = Vec::with_capacity(blocks_hint);
        let mut widths = Vec::with_capacity(blocks_hint);
        let mut chars = 0;
        for (i, c) in text.char_indices() {
            let k = chars % BLOCK;
            if k == 0 {
                blocks.push(i);
                widths.push(0);
            }
            if let Some(w) = widths.last_mut() {
                *w |= ((c.len_utf8() - 1) as u32) << (2 * k);
            }
            chars += 1;
        }
        blocks.shrink_to_fit();
        widths.shrink_to_fit();
        CharIndex {
            blocks,
            widths,
            chars,
            len: text.len(),
        }
    }
    /// UTF-8 width of char `k` (< `chars`).
    #[inline]
    fn width(&self, k: usize) -> usize {
        let w = self.widths.get(k / BLOCK).copied().unwrap_or(0);
        ((w >> (2 * (k % BLOCK))) & 3) as usize + 1
    }
    /// Number of code points in the text.
    pub fn char_len(&self) -> usize {
        self.chars
    }
    /// Code-point offset of byte offset `byte`. A byte offset inside a char
    /// maps to that char's start; past the end maps to the char length.
    pub fn to_cp(&self, byte: usize) -> usize {
        if byte >= self.len {
            return self.chars;
        }
        let b = self.blocks.partition_point(|&s| s <= byte);
        let Some(b) = b.checked_sub(1) else { return 0 };
        let mut k = b * BLOCK;
        let mut at = self.blocks[b];
        // Char k starts at `at` ≤ byte; step while the next one does too.
        while k + 1 < self.chars {
            let next = at + self.width(k);
            if next > byte {
                break;
            }
            at = next;
            k += 1;
        }
        k
    }
    /// Byte offset of code-point offset `cp` (clamped to the text's end).
    pub fn to_byte(&self, cp: usize) -> usize {
        if cp >= self.chars {
            return self.len;
        }
        let b = cp / BLOCK;
        let mut at = self.blocks.get(b).copied().unwrap_or(self.len);
        for k in b * BLOCK..cp {
            at += self.width(k);
        }
        at
    }
    /// A byte span as a code-point `(start, end)` pair.
    pub fn span_to_cp(&self, span: Span) -> (usize, usize) {
        (self.to_cp(span.start), self.to_cp(span.end))
    }
    pub fn span_from_cp(&self, start: usize, end: usize) -> Span {
        Span::new(self.to_byte(start), self.to_byte(end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_bmp_round_trip() {
        // 𠀀 (U+20000) is 4 bytes in UTF-8 and 2 units in UTF-16; one code point.
        let text = "a𠀀中文😀b";
        let idx = CharIndex::new(text);
        assert_eq!(idx.char_len(), 6);
        let zhong = text.find('中').unwrap_or(0);
        assert_eq!(zhong, 5);
        assert_eq!(idx.to_cp(zhong), 2);
        assert_eq!(idx.to_byte(2), zhong);
        let b = text.find('b').unwrap_or(0);
        assert_eq!(idx.to_cp(b), 5);
        assert_eq!(idx.to_cp(text.len()), 6);
        let span = Span::new(zhong, b);
        let (s, e) = idx.span_to_cp(span);
        assert_eq!((s, e), (2, 5));
        let back: String = text.chars().skip(s).take(e - s).collect();
        assert_eq!(back, "中文😀");
        assert_eq!(idx.span_from_cp(s, e), span);
    }

    #[test]
    fn every_offset_maps_as_a_table_of_char_starts_would() {
        // Widths 1–4 in every position of several blocks, and a tail.
        let text: String = "a中é😀".repeat(13) + "z𠀀";
        let idx = CharIndex::new(&text);
        let mut starts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        starts.push(text.len());
        assert_eq!(idx.char_len(), starts.len() - 1);
        for byte in 0..text.len() + 3 {
            let want = match starts.binary_search(&byte) {
                Ok(i) => i,
                Err(i) => i.saturating_sub(1),
            };
            assert_eq!(idx.to_cp(byte), want, "byte {byte}");
        }
        for cp in 0..starts.len() + 2 {
            let want = starts.get(cp).copied().unwrap_or(text.len());
            assert_eq!(idx.to_byte(cp), want, "cp {cp}");
        }
    }

    #[test]
    fn empty_text() {
        let idx = CharIndex::new("");
        assert_eq!(idx.char_len(), 0);
        assert_eq!(idx.to_cp(0), 0);
        assert_eq!(idx.to_byte(3), 0);
    }
}
