//! Lines and paragraph units of plain text.
//!
//! A *unit* is a candidate paragraph or heading: one non-blank line, or, in
//! hard-wrapped text, the run of lines that make up one paragraph. Its span is
//! the content only: leading indentation (spaces, tabs, U+3000, no-break
//! spaces, BOM) and trailing space are not content.

use crate::model::Span;
use unicode_width::UnicodeWidthStr;

/// Space that is never content at the edges of a line.
pub(crate) fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{FEFF}' | '\u{200B}')
}

/// One line of the text (without its `\n`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Line {
    /// The content: indentation and trailing space excluded; empty when blank.
    pub content: Span,
    /// Whether the line starts with indentation (space, U+3000, NBSP, …).
    pub indented: bool,
}

impl Line {
    pub fn is_blank(&self) -> bool {
        self.content.is_empty()
    }
}

/// Splits `text` into lines with their content spans.
pub(crate) fn lines(text: &str) -> Vec<Line> {
    let mut out = Vec::new();
    let mut pos = 0;
    for raw in text.split('\n') {
        let start = pos;
        pos += raw.len() + 1;
        let trimmed_start = raw.trim_start_matches(is_space);
        let lead = raw.len() - trimmed_start.len();
        let trimmed = trimmed_start.trim_end_matches(is_space);
        let cs = start + lead;
        out.push(Line {
            content: Span::new(cs, cs + trimmed.len()),
            indented: lead > 0,
        });
    }
    out
}

/// A candidate paragraph or heading of plain text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Unit {
    pub span: Span,
    /// Index of its first line in the text (0-based, over `\n`).
    pub line: usize,
    /// Whether its first line is indented.
    pub indented: bool,
}

/// Whether a line ends like the end of a sentence (so that a wrapped line
/// ending here probably closes its paragraph).
fn ends_sentence(s: &str) -> bool {
    s.trim_end_matches(super::sentences::is_closer)
        .ends_with(['。', '！', '？', '!', '?', '…', '.'])
}

/// Detects hard-wrapped text: many lines filled to the same display width.
/// Returns that width.
fn wrap_width(text: &str, lines: &[Line]) -> Option<usize> {
    let widths: Vec<usize> = lines
        .iter()
        .filter(|l| !l.is_blank())
        .map(|l| l.content.text(text).width())
        .collect();
    let max = widths.iter().copied().max()?;
    if max < 20 {
        return None;
    }
    let full = widths.iter().filter(|&&w| w + 3 >= max).count();
    (full >= 4 && full * 10 >= widths.len() * 4).then_some(max)
}

/// Groups lines into units: one per non-blank line, except that in
/// hard-wrapped text a line filled to the wrap width continues into the next
/// (unless the next is blank or indented, or the line ends a sentence and the
/// next starts a new paragraph with indentation).
pub(crate) fn units(text: &str, lines: &[Line]) -> Vec<Unit> {
    let wrap = wrap_width(text, lines);
    let mut out: Vec<Unit> = Vec::new();
    let mut continues = false;
    for (li, line) in lines.iter().enumerate() {
        if line.is_blank() {
            continues = false;
            continue;
        }
        match out.last_mut() {
            Some(last) if continues && !line.indented => last.span.end = line.content.end,
            _ => out.push(Unit {
                span: line.content,
                line: li,
                indented: line.indented,
            }),
        }
        let s = line.content.text(text);
        continues = match wrap {
            Some(w) => s.width() + 3 >= w && !(ends_sentence(s) && s.width() < w.saturating_sub(1)),
            None => false,
        };
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indentation_is_not_content() {
        let text = "\u{3000}\u{3000}正文。\n\u{a0}\u{a0}第二段。 \n\n";
        let ls = lines(text);
        assert_eq!(ls[0].content.text(text), "正文。");
        assert!(ls[0].indented);
        assert_eq!(ls[1].content.text(text), "第二段。");
        assert!(ls[2].is_blank());
    }

    #[test]
    fn wrapped_text_joins_full_lines() {
        let line = "这是一段被硬换行的文字，每一行都写满了二十个字左右的宽度，";
        let text = format!(
            "{line}\n{line}\n最后一行。\n\n{line}\n{line}\n又一段结束。\n\n短标题\n\n{line}\n结束。\n"
        );
        let ls = lines(&text);
        let us = units(&text, &ls);
        let got: Vec<&str> = us.iter().map(|u| u.span.text(&text)).collect();
        assert_eq!(got.len(), 4, "{got:?}");
        assert!(got[0].ends_with("最后一行。"));
        assert!(got[1].ends_with("又一段结束。"));
        assert_eq!(got[2], "短标题");
    }

    #[test]
    fn unwrapped_text_is_one_unit_per_line() {
        let text = "标题\n第一段很长很长的一句话。\n短句。\n\n另一段文字，长度不同。\n";
        let ls = lines(text);
        assert_eq!(units(text, &ls).len(), 4);
    }
}
