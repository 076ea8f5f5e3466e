//! `--split-articles`: one file holding many articles → one document each.
//!
//! Articles are separated by a form feed (U+000C) or by a run of two or more
//! blank lines (lines holding only spaces, tabs or U+3000). A single blank
//! line is an ordinary paragraph break and never splits.

use std::ops::Range;

/// Whether a line counts as blank (only ASCII space, tab, CR or U+3000 / NBSP).
fn is_blank(line: &str) -> bool {
    line.chars()
        .all(|c| matches!(c, ' ' | '\t' | '\r' | '\u{3000}' | '\u{a0}'))
}

/// Byte ranges of the articles in `text`, in order. Each range starts at its
/// first non-blank line (indentation kept) and ends after its last non-blank
/// line (trailing space and the final newline dropped). Blank pieces are dropped; a text without separators is one
/// article (or none when it is blank).
pub fn split_articles(text: &str) -> Vec<Range<usize>> {
    let mut pieces = Vec::new();
    // Current article: first and last non-blank line ranges.
    let mut cur: Option<Range<usize>> = None;
    let mut blank_run = 0usize;
    let mut pos = 0usize;
    for raw in text.split_inclusive('\n') {
        let line_start = pos;
        pos += raw.len();
        let line = raw.strip_suffix('\n').unwrap_or(raw);
        // A form feed splits wherever it stands in the line.
        let mut seg_start = line_start;
        let segments: Vec<&str> = line.split('\u{c}').collect();
        let last = segments.len() - 1;
        for (k, seg) in segments.iter().enumerate() {
            let start = seg_start;
            let end = start + seg.len();
            seg_start = end + 1; // skip the form feed
            if is_blank(seg) {
                if k == last && segments.len() == 1 {
                    blank_run += 1;
                }
            } else {
                if blank_run >= 2
                    && let Some(c) = cur.take()
                {
                    pieces.push(c);
                }
                blank_run = 0;
                // Keep the first line's indentation; drop trailing space.
                let trimmed_end = start + seg.trim_end().len();
                match cur.as_mut() {
                    Some(c) => c.end = trimmed_end,
                    None => cur = Some(start..trimmed_end),
                }
            }
            if k < last {
                // A form feed follows this segment: close the article.
                if let Some(c) = cur.take() {
                    pieces.push(c);
                }
                blank_run = 0;
            }
        }
    }
    if let Some(c) = cur.take() {
        pieces.push(c);
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(text: &str) -> Vec<&str> {
        split_articles(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn one_blank_line_does_not_split() {
        let text = "标题一\n\n第一段。\n\n第二段。\n";
        assert_eq!(parts(text), vec!["标题一\n\n第一段。\n\n第二段。"]);
    }

    #[test]
    fn two_blank_lines_split() {
        let text = "甲文标题\n甲文正文。\n\n\n乙文标题\n\n乙文正文。\n";
        assert_eq!(
            parts(text),
            vec!["甲文标题\n甲文正文。", "乙文标题\n\n乙文正文。"]
        );
    }

    #[test]
    fn whitespace_only_lines_count_as_blank() {
        let text = "一号稿件\n \u{3000}\n\t\n二号稿件\n";
        assert_eq!(parts(text), vec!["一号稿件", "二号稿件"]);
    }

    #[test]
    fn form_feeds_split_even_mid_line() {
        let text = "第一篇\n内容\u{c}第二篇\n\u{c}\n\u{c}第三篇";
        assert_eq!(parts(text), vec!["第一篇\n内容", "第二篇", "第三篇"]);
    }

    #[test]
    fn blank_and_empty_texts() {
        assert!(split_articles("").is_empty());
        assert!(split_articles("\n\n\n \n").is_empty());
        assert_eq!(parts("  只有一篇  "), vec!["  只有一篇"]);
    }

    #[test]
    fn ranges_are_on_char_boundaries() {
        let text = "\u{3000}\u{3000}新华社北京电\n\n\n\u{3000}\u{3000}另一篇𠀀报道\n";
        for r in split_articles(text) {
            assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
        }
        assert_eq!(
            parts(text),
            vec![
                "\u{3000}\u{3000}新华社北京电",
                "\u{3000}\u{3000}另一篇𠀀报道"
            ]
        );
    }
}
