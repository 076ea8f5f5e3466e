//! Cell widths: one rule for every pane.
//!
//! Widths are terminal cells as unicode-width counts them. East Asian
//! ambiguous-width characters (“ ” ‘ ’ … — · and others) take one cell in
//! most Western terminal setups and two in many CJK ones; which one is a
//! [`Widths`] value the browser gets from its settings and passes down.

use unicode_width::UnicodeWidthChar;

/// How to measure characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Widths {
    /// Ambiguous-width characters take two cells.
    pub ambiguous_wide: bool,
}

impl Widths {
    /// One cell for ambiguous-width characters (the default).
    pub const NARROW: Widths = Widths {
        ambiguous_wide: false,
    };
    /// Two cells for ambiguous-width characters.
    pub const WIDE: Widths = Widths {
        ambiguous_wide: true,
    };

    /// The cell width of a character as the terminal draws it (control
    /// characters are not drawn; a tab shows as one space).
    pub fn char(self, c: char) -> usize {
        match c {
            '\t' => 1,
            '\u{FF9E}' | '\u{FF9F}' => 1,
            c if c.is_control() => 0,
            c if self.ambiguous_wide => c.width_cjk().unwrap_or(0),
            c => c.width().unwrap_or(0),
        }
    }

    /// The cell width of a string.
    pub fn str(self, s: &str) -> usize {
        s.chars().map(|c| self.char(c)).sum()
    }

    /// Cuts `s` to at most `width` cells (never half a wide character).
    pub fn truncate(self, s: &str, width: usize) -> &str {
        let mut w = 0;
        for (i, c) in s.char_indices() {
            let cw = self.char(c);
            if w + cw > width {
                return &s[..i];
            }
            w += cw;
        }
        s
    }
}

/// [`Widths::char`] with ambiguous characters one cell wide.
pub fn char_width(c: char) -> usize {
    Widths::NARROW.char(c)
}

/// [`Widths::str`] with ambiguous characters one cell wide.
pub fn str_width(s: &str) -> usize {
    Widths::NARROW.str(s)
}

/// [`Widths::truncate`] with ambiguous characters one cell wide.
pub fn truncate(s: &str, width: usize) -> &str {
    Widths::NARROW.truncate(s, width)
}

/// Whether `c` is wide by nature (Han, kana, hangul, fullwidth forms), not
/// by the ambiguous-width setting.
pub fn is_wide(c: char) -> bool {
    c.width() == Some(2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ambiguous_characters_follow_the_setting() {
        for ch in ['“', '”', '‘', '’', '…', '—', '·'] {
            assert_eq!(Widths::NARROW.char(ch), 1, "{ch}");
            assert_eq!(Widths::WIDE.char(ch), 2, "{ch}");
        }
        for w in [Widths::NARROW, Widths::WIDE] {
            assert_eq!(w.char('a'), 1);
            assert_eq!(w.char('好'), 2);
            assert_eq!(w.char('\u{1b}'), 0);
        }
        assert_eq!(Widths::WIDE.str("“好”"), 6);
        assert_eq!(Widths::NARROW.str("“好”"), 4);
    }

    #[test]
    fn truncate_never_splits_a_wide_character() {
        assert_eq!(truncate("中文字", 5), "中文");
        assert_eq!(truncate("中文字", 1), "");
        assert_eq!(Widths::WIDE.truncate("“好”", 3), "“");
        assert_eq!(truncate("abc", 10), "abc");
    }
}
