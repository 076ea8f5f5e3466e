//! Byte ↔ code-point offsets.
//!
//! Internal spans are byte offsets; every export speaks Unicode code points
//! (0-based, end-exclusive), like spaCy's `Doc.to_json`, brat and doccano.
//! Build a [`CharIndex`] once per text and convert through it.

use super::Span;

/// Maps byte offsets on char boundaries to code-point offsets and back.
#[derive(Debug, Clone)]
pub struct CharIndex {
    /// Byte offset of every char start, plus `text.len()` at the end.
    starts: Vec<usize>,
}

impl CharIndex {
    pub fn new(text: &str) -> Self {
        let mut starts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        starts.push(text.len());
        CharIndex { starts }
    }
    /// Number of code points in the text.
    pub fn char_len(&self) -> usize {
        self.starts.len() - 1
    }
    /// Code-point offset of byte offset `byte`. A byte offset inside a char
    /// maps to that char's start; past the end maps to the char length.
    pub fn to_cp(&self, byte: usize) -> usize {
        match self.starts.binary_search(&byte) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }
    /// Byte offset of code-point offset `cp` (clamped to the text's end).
    pub fn to_byte(&self, cp: usize) -> usize {
        self.starts
            .get(cp)
            .copied()
            .unwrap_or_else(|| self.starts.last().copied().unwrap_or(0))
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
    fn empty_text() {
        let idx = CharIndex::new("");
        assert_eq!(idx.char_len(), 0);
        assert_eq!(idx.to_cp(0), 0);
        assert_eq!(idx.to_byte(3), 0);
    }
}
