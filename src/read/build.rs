//! The document text as the readers render it: blocks (headings and
//! paragraphs of each kind) separated by blank lines, inline styles, and
//! the map back to the source. Every reader fills a [`Builder`];
//! [`Builder::finish`] hands the blocks to `parse::assemble`, so every
//! format ends in the same [`Document`].

use crate::model::{BlockKind, Document, Format, Meta, SourceMap, Span, Style, StyleKind};
use crate::parse::{Head, ReaderBlock, assemble, reader_items};
use crate::text::str_width;
use unicode_width::UnicodeWidthChar;

/// What a finished block is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Block {
    /// A heading of level 1–6 as the source numbers it.
    Heading(u8),
    Para(BlockKind, u8),
}

#[derive(Default)]
pub(crate) struct Builder {
    pub text: String,
    blocks: Vec<(Block, Span)>,
    styles: Vec<Style>,
    runs: Vec<(usize, usize, usize)>,
    /// Where the open block starts, if one is open.
    open: Option<usize>,
    /// A line break in the source that may become a space.
    soft: bool,
    head: Head,
    pub meta: Meta,
}

/// East Asian wide characters (Han, kana, full-width punctuation): a line
/// break between two of them, or beside one, joins without a space.
fn is_wide(c: char) -> bool {
    c.width() == Some(2)
}

impl Builder {
    pub fn new() -> Builder {
        Builder::default()
    }

    /// Opens a block unless one is open.
    pub fn open(&mut self) {
        if self.open.is_none() {
            if !self.text.is_empty() {
                self.text.push_str("\n\n");
            }
            self.open = Some(self.text.len());
            self.soft = false;
        }
    }

    /// Closes the open block as `block` (dropped when it is blank). Code
    /// keeps its leading space; other blocks are trimmed.
    pub fn close(&mut self, block: Block) -> Option<Span> {
        let start = self.open.take()?;
        let body = &self.text[start..];
        let keep_indent = matches!(block, Block::Para(BlockKind::Code | BlockKind::Table, _));
        let lead = if keep_indent {
            // Only whole blank lines before the code.
            body.len() - body.trim_start_matches(['\n', '\r']).len()
        } else {
            body.len() - body.trim_start().len()
        };
        let end = start + body.trim_end().len();
        if end <= start + lead {
            // Blank: take back the separator too.
            let back = start.saturating_sub(2);
            self.text.truncate(back);
            self.runs.retain(|r| r.0 < back);
            self.styles.retain(|s| s.span.start < back);
            return None;
        }
        let span = Span::new(start + lead, end);
        self.text.truncate(end);
        self.blocks.push((block, span));
        Some(span)
    }

    /// Drops the open block and its text.
    pub fn discard(&mut self) {
        if let Some(start) = self.open.take() {
            let back = start.saturating_sub(2);
            self.text.truncate(back);
            self.runs.retain(|r| r.0 < back);
            self.styles.retain(|s| s.span.start < back);
        }
    }

    /// The text of the open block so far.
    pub fn open_text(&self) -> &str {
        self.open.map_or("", |s| &self.text[s..])
    }

    /// Whether the title block or any block is written yet.
    pub fn has_body(&self) -> bool {
        !self.blocks.is_empty()
    }

    /// Closes the open block as the document's title.
    pub fn close_title(&mut self) {
        if let Some((_, span)) = self
            .close(Block::Heading(1))
            .and_then(|_| self.blocks.pop())
        {
            self.head.title = Some(span);
        }
    }

    /// Writes `s` as the title line.
    pub fn title_line(&mut self, s: &str) {
        self.close(Block::Para(BlockKind::Text, 0));
        self.open();
        self.push(s.trim());
        self.close_title();
    }

    /// Writes `s` as the subtitle.
    pub fn subtitle_line(&mut self, s: &str) {
        self.close(Block::Para(BlockKind::Text, 0));
        self.open();
        self.push(s.trim());
        if let Some((_, span)) = self
            .close(Block::Para(BlockKind::Text, 0))
            .and_then(|_| self.blocks.pop())
        {
            self.head.subtitle = Some(span);
        }
    }

    /// Whether a title is set.
    pub fn has_title(&self) -> bool {
        self.head.title.is_some()
    }

    /// Writes `s` as the byline.
    pub fn byline_line(&mut self, s: &str) {
        self.close(Block::Para(BlockKind::Text, 0));
        self.open();
        self.push(s.trim());
        self.close_byline();
    }

    /// Closes the open block as the byline.
    pub fn close_byline(&mut self) {
        if let Some((_, span)) = self
            .close(Block::Para(BlockKind::Text, 0))
            .and_then(|_| self.blocks.pop())
        {
            self.head.byline = Some(span);
        }
    }

    /// A line break in the source: a space between words of spaced
    /// scripts, nothing beside Chinese.
    pub fn soft_break(&mut self) {
        self.soft = true;
    }

    /// Appends rendered text (not from the source).
    pub fn push(&mut self, s: &str) {
        if s.is_empty() {
            return;
        }
        self.open();
        if std::mem::take(&mut self.soft) {
            let before = self.text.chars().next_back();
            let after = s.chars().next();
            if let (Some(b), Some(a)) = (before, after)
                && !is_wide(b)
                && !is_wide(a)
                && !b.is_whitespace()
                && !a.is_whitespace()
            {
                self.text.push(' ');
            }
        }
        self.text.push_str(s);
    }

    /// Appends text that stands at `src` in the source; `verbatim` when it
    /// is a copy of the source there (no escapes or entities), so that every
    /// position inside maps back.
    pub fn push_from(&mut self, s: &str, src: usize, verbatim: bool) {
        self.push(s);
        let len = if verbatim { s.len() } else { 0 };
        let at = self.text.len() - s.len();
        self.runs.push((at, src, len));
    }

    /// Starts an inline style here; returns its index for [`Builder::end_style`].
    pub fn start_style(&mut self, kind: StyleKind, target: Option<String>) -> usize {
        self.open();
        // A pending soft break's space goes before the style: end_style
        // trims it off.
        let at = self.text.len();
        self.styles.push(Style {
            span: Span::new(at, at),
            kind,
            target,
        });
        self.styles.len() - 1
    }

    pub fn end_style(&mut self, index: usize) {
        let end = self.text.len();
        if let Some(s) = self.styles.get_mut(index) {
            s.span.end = end;
            // Leading space is not styled.
            let t = s.span.text(&self.text);
            s.span.start += t.len() - t.trim_start().len();
        }
    }

    /// The blocks so far (for readers that look back).
    pub fn blocks(&self) -> &[(Block, Span)] {
        &self.blocks
    }

    /// The document: headings (levels counted from the shallowest used) and
    /// paragraphs assembled into sections and sentences.
    pub fn finish(mut self, format: Format) -> Document {
        if self.open.is_some() {
            // An unclosed block is text.
            self.close(Block::Para(BlockKind::Text, 0));
        }
        // Whether each block's text is wholly strong (a bold line).
        let mut strong: Vec<Span> = self
            .styles
            .iter()
            .filter(|s| s.kind == StyleKind::Strong)
            .map(|s| s.span)
            .collect();
        strong.sort_by_key(|s| s.start);
        let mut k = 0;
        let blocks: Vec<(ReaderBlock, Span)> = self
            .blocks
            .iter()
            .map(|&(b, span)| {
                while k < strong.len() && strong[k].end < span.start {
                    k += 1;
                }
                let bold = strong[k..]
                    .iter()
                    .take_while(|s| s.start <= span.start)
                    .any(|s| s.end >= span.end);
                let rb = match b {
                    Block::Heading(l) => ReaderBlock::Heading(l),
                    Block::Para(kind, depth) => ReaderBlock::Para { kind, depth, bold },
                };
                (rb, span)
            })
            .collect();
        let items = reader_items(&self.text, &blocks, format == Format::Markdown);
        let text = self.text;
        let mut doc = assemble(&text, format, self.head, items);
        let len = text.len();
        doc.text = text;
        self.styles
            .retain(|s| !s.span.is_empty() && s.span.end <= len);
        self.styles.sort_by_key(|s| (s.span.start, s.span.end));
        doc.styles = self.styles;
        self.runs.retain(|r| r.0 <= len);
        doc.source.map = SourceMap { runs: self.runs };
        doc.meta = self.meta;
        doc
    }
}

/// The bullet of a list item at `depth` (0 at the top).
pub(crate) fn bullet(depth: usize) -> &'static str {
    ["• ", "◦ ", "▪ "][depth % 3]
}

/// The lists and quotes open around the text being read (Markdown and
/// HTML alike): what block a paragraph closed now is, and the next list
/// item's marker.
#[derive(Default)]
pub(crate) struct Nesting {
    /// Open lists: the next number of an ordered list, `None` for bullets.
    pub lists: Vec<Option<u64>>,
    pub quotes: u8,
}

impl Nesting {
    /// The block a paragraph closed now is.
    pub fn spec(&self) -> Block {
        if !self.lists.is_empty() {
            Block::Para(BlockKind::Item, (self.lists.len() - 1).min(255) as u8)
        } else if self.quotes > 0 {
            Block::Para(BlockKind::Quote, self.quotes - 1)
        } else {
            Block::Para(BlockKind::Text, 0)
        }
    }

    /// The marker of the next item of the innermost list (`3. `, `• `).
    pub fn next_marker(&mut self) -> String {
        let depth = self.lists.len().saturating_sub(1);
        match self.lists.last_mut() {
            Some(Some(n)) => {
                let m = format!("{n}. ");
                *n += 1;
                m
            }
            _ => bullet(depth).to_string(),
        }
    }

    /// How deep a code block sits (inside lists).
    pub fn depth(&self) -> u8 {
        self.lists.len().min(255) as u8
    }
}

/// A table's cells as text, laid out when it ends.
#[derive(Default)]
pub(crate) struct Table {
    pub rows: Vec<Vec<String>>,
    /// How many of the rows are the header.
    pub head_rows: usize,
    /// The cell being read.
    pub cell: Option<String>,
}

impl Table {
    /// Columns padded to their widest cell (in terminal cells), two spaces
    /// apart; a rule under the header.
    pub fn layout(&self) -> String {
        let cols = self.rows.iter().map(Vec::len).max().unwrap_or(0);
        let mut widths = vec![0usize; cols];
        for row in &self.rows {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(str_width(cell));
            }
        }
        let mut out = String::new();
        for (i, row) in self.rows.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            let mut line = String::new();
            for (j, cell) in row.iter().enumerate() {
                if j > 0 {
                    line.push_str("  ");
                }
                line.push_str(cell);
                let pad = widths
                    .get(j)
                    .copied()
                    .unwrap_or(0)
                    .saturating_sub(str_width(cell));
                line.extend(std::iter::repeat_n(' ', pad));
            }
            out.push_str(line.trim_end());
            if i + 1 == self.head_rows {
                let total = widths.iter().sum::<usize>() + 2 * cols.saturating_sub(1);
                out.push('\n');
                out.extend(std::iter::repeat_n('─', total.max(1)));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn soft_breaks_join_chinese_and_space_words() {
        let mut b = Builder::new();
        b.push("第一行");
        b.soft_break();
        b.push("第二行。");
        b.close(Block::Para(BlockKind::Text, 0));
        b.push("one");
        b.soft_break();
        b.push("two");
        b.close(Block::Para(BlockKind::Text, 0));
        assert_eq!(b.text, "第一行第二行。\n\none two");
    }

    #[test]
    fn blank_blocks_are_dropped_with_their_separator() {
        let mut b = Builder::new();
        b.push("甲");
        b.close(Block::Para(BlockKind::Text, 0));
        b.open();
        b.push("  ");
        assert_eq!(b.close(Block::Para(BlockKind::Text, 0)), None);
        b.push("乙");
        b.close(Block::Para(BlockKind::Text, 0));
        assert_eq!(b.text, "甲\n\n乙");
        assert_eq!(b.blocks().len(), 2);
    }
}
