//! Where a line may break, and wrapping that keeps byte offsets.
//!
//! A line may break between any two Han characters, but never before
//! closing punctuation (。，、；：！？）」』”》…) nor after opening
//! punctuation (（「『“《), and runs of Latin letters and digits (words,
//! numbers like 6904.35 or 14.1%) stay whole where they fit; English
//! breaks at spaces. Each wrapped line is a byte range of the source, so
//! positions map to screen rows and back.

use super::width::Widths;

/// Characters that must not begin a line.
pub fn no_line_start(c: char) -> bool {
    matches!(
        c,
        '。' | '，'
            | '、'
            | '；'
            | '：'
            | '！'
            | '？'
            | '）'
            | '」'
            | '』'
            | '”'
            | '’'
            | '》'
            | '〉'
            | '】'
            | '〕'
            | '〗'
            | '］'
            | '｝'
            | '…'
            | '‥'
            | '·'
            | '・'
            | '～'
            | '％'
            | '々'
            | '.'
            | ','
            | ';'
            | ':'
            | '!'
            | '?'
            | ')'
            | ']'
            | '}'
            | '%'
    )
}

/// Characters that must not end a line.
pub fn no_line_end(c: char) -> bool {
    matches!(
        c,
        '（' | '「'
            | '『'
            | '“'
            | '‘'
            | '《'
            | '〈'
            | '【'
            | '〔'
            | '〖'
            | '［'
            | '｛'
            | '('
            | '['
            | '{'
            | '￥'
            | '$'
    )
}

/// Letters, digits and the marks inside numbers and words.
pub fn is_wordish(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(c, '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ')
        || matches!(
            c,
            '.' | ',' | '-' | '_' | '\'' | '%' | '/' | '@' | '&' | '+' | '#'
        )
        || (c.is_alphabetic() && !is_cjk(c))
}

fn is_cjk(c: char) -> bool {
    super::width::is_wide(c)
}

/// Whether a line may break between `a` and `b`.
pub fn can_break(a: char, b: char) -> bool {
    if b.is_whitespace() {
        return false;
    }
    if a.is_whitespace() {
        return true;
    }
    if no_line_start(b) || no_line_end(a) {
        return false;
    }
    if is_wordish(a) && is_wordish(b) {
        return false;
    }
    // Keep ——, …… together.
    !(a == b && matches!(a, '—' | '…' | '-' | '·'))
}

/// Wraps `text[start..end]` into lines of at most `width` cells, pushing
/// byte ranges. Continuation lines skip leading spaces; every line ends
/// without trailing spaces.
pub fn wrap_range(
    text: &str,
    start: usize,
    end: usize,
    width: usize,
    widths: Widths,
    out: &mut Vec<(usize, usize)>,
) {
    let width = width.max(1);
    let Some(slice) = text.get(start..end) else {
        return;
    };
    let mut line_start = start;
    let mut line_width = 0usize;
    let mut last_break: Option<usize> = None;
    let mut prev: Option<char> = None;
    for (off, c) in slice.char_indices() {
        let i = start + off;
        let next = i + c.len_utf8();
        let cw = widths.char(c);
        if i == line_start && line_start != start && c.is_whitespace() {
            line_start = next;
            prev = Some(c);
            continue;
        }
        if let Some(p) = prev
            && i > line_start
            && can_break(p, c)
        {
            last_break = Some(i);
        }
        if line_width + cw > width && i > line_start {
            if c.is_whitespace() {
                // Hang the space: end the line here, skip the space.
                push_trimmed(text, line_start, i, out);
                line_start = next;
                line_width = 0;
                last_break = None;
                prev = Some(c);
                continue;
            }
            let cut = match last_break {
                Some(b) if b > line_start => b,
                _ => forced_cut(text, line_start, i),
            };
            push_trimmed(text, line_start, cut, out);
            line_start = cut;
            while let Some(ch) = text.get(line_start..i).and_then(|s| s.chars().next()) {
                if ch.is_whitespace() {
                    line_start += ch.len_utf8();
                } else {
                    break;
                }
            }
            line_width = text.get(line_start..i).map_or(0, |s| widths.str(s));
            last_break = None;
        }
        line_width += cw;
        prev = Some(c);
    }
    if line_start < end {
        push_trimmed(text, line_start, end, out);
    }
}

/// Where to cut a line with no break opportunity that overflows at `i`:
/// at `i`, moved back so the next line does not begin with closing
/// punctuation when that is possible.
fn forced_cut(text: &str, line_start: usize, i: usize) -> usize {
    let mut cut = i;
    while cut > line_start {
        let Some(c) = text.get(cut..).and_then(|s| s.chars().next()) else {
            break;
        };
        if !no_line_start(c) {
            return cut;
        }
        let Some(prev) = text
            .get(line_start..cut)
            .and_then(|s| s.chars().next_back())
        else {
            break;
        };
        cut -= prev.len_utf8();
    }
    if cut > line_start { cut } else { i }
}

fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    let s = text.get(start..end).unwrap_or("");
    let trimmed = s.trim_end();
    out.push((start, start + trimmed.len()));
}

/// Wraps `s` into lines of at most `width` cells: each `\n` ends a line
/// (an empty line stays), the rest breaks as [`wrap_range`] does. For the
/// details panel, previews and input lines.
pub fn wrap(s: &str, width: usize, widths: Widths) -> Vec<&str> {
    let mut out = Vec::new();
    let mut ranges = Vec::new();
    let mut start = 0;
    for piece in s.split('\n') {
        let end = start + piece.len();
        if piece.trim().is_empty() {
            out.push("");
        } else {
            ranges.clear();
            wrap_range(s, start, end, width, widths, &mut ranges);
            out.extend(ranges.iter().map(|&(a, b)| &s[a..b]));
        }
        start = end + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::str_width;

    fn wrap(s: &str, width: usize) -> Vec<&str> {
        let mut out = Vec::new();
        wrap_range(s, 0, s.len(), width, Widths::NARROW, &mut out);
        out.iter().map(|&(a, b)| &s[a..b]).collect()
    }

    #[test]
    fn han_breaks_anywhere_within_width() {
        let lines = wrap("上海互联网企业发展迅猛", 6);
        assert_eq!(lines, vec!["上海互", "联网企", "业发展", "迅猛"]);
        for l in &lines {
            assert!(str_width(l) <= 6);
        }
    }

    #[test]
    fn no_line_starts_with_closing_punctuation() {
        // Width 8 = four Han chars; the comma would start line two.
        let lines = wrap("一二三四，五六七八。九十", 8);
        for l in &lines {
            let first = l.chars().next().unwrap_or(' ');
            assert!(!no_line_start(first), "{lines:?}");
        }
        assert_eq!(lines.concat(), "一二三四，五六七八。九十");
        // Several closing marks in a row: 。” stays with its text.
        let lines = wrap("他说：“好的。”然后走了", 10);
        for l in &lines {
            let first = l.chars().next().unwrap_or(' ');
            assert!(!no_line_start(first), "{lines:?}");
        }
    }

    #[test]
    fn no_line_ends_with_opening_punctuation() {
        let lines = wrap("一二三《四五六》七八", 8);
        for l in &lines {
            let last = l.chars().last().unwrap_or(' ');
            assert!(!no_line_end(last), "{lines:?}");
        }
    }

    #[test]
    fn latin_words_and_numbers_stay_whole() {
        let lines = wrap("营业收入6904.35亿元同比增长14.1%", 12);
        assert!(lines.iter().any(|l| l.contains("6904.35")), "{lines:?}");
        assert!(lines.iter().any(|l| l.contains("14.1%")), "{lines:?}");
        let lines = wrap("the quick brown fox jumps", 10);
        assert_eq!(lines, vec!["the quick", "brown fox", "jumps"]);
    }

    #[test]
    fn overlong_words_are_cut_and_nothing_is_lost() {
        let s = "abcdefghijklmnopqrstuvwxyz。";
        let lines = wrap(s, 10);
        assert!(lines.iter().all(|l| str_width(l) <= 10));
        assert_eq!(lines.concat(), s);
        assert!(!lines.iter().any(|l| l.starts_with('。')));
    }

    #[test]
    fn wide_chars_fit_odd_widths() {
        let lines = wrap("中文中文中文", 5);
        assert!(lines.iter().all(|l| str_width(l) <= 5));
        assert_eq!(lines.concat(), "中文中文中文");
        // A width smaller than one wide char still makes progress.
        let lines = wrap("中文", 1);
        assert_eq!(lines, vec!["中", "文"]);
    }

    #[test]
    fn mixed_text_keeps_offsets() {
        let s = "公司CEO吕奕昊认为，党建引领的主流文化更有利于企业的长远发展。";
        let mut out = Vec::new();
        wrap_range(s, 0, s.len(), 14, Widths::NARROW, &mut out);
        let mut pos = 0;
        for &(a, b) in &out {
            assert!(a >= pos && b >= a);
            assert!(s.is_char_boundary(a) && s.is_char_boundary(b));
            pos = b;
        }
        assert_eq!(pos, s.len());
    }

    #[test]
    fn english_wraps_on_word_boundaries() {
        let s = "Treasury bonds; the word Wordsworth stays whole";
        let lines = super::wrap(s, 12, Widths::NARROW);
        for l in &lines {
            assert!(str_width(l) <= 12, "{lines:?}");
        }
        assert_eq!(
            lines,
            vec![
                "Treasury",
                "bonds; the",
                "word",
                "Wordsworth",
                "stays whole"
            ]
        );
    }

    #[test]
    fn hard_line_breaks_are_kept_and_kinsoku_holds() {
        let s = "第一行，文字文字文字\n\n》第二行";
        let lines = super::wrap(s, 8, Widths::NARROW);
        assert_eq!(lines[0], "第一行，");
        assert!(lines.contains(&""), "{lines:?}");
        for l in lines.iter().take(3) {
            assert!(!l.starts_with('，'), "{lines:?}");
        }
    }
}
