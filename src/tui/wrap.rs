//! The document laid out at one width: the title block, headings and
//! paragraphs as wrapped lines (by `crate::text`'s line breaking). Each
//! line is a byte range of the document's text, so the reading position,
//! the cursor and annotations map to screen rows and back.
//!
//! Blocks are laid out as their kind asks: code and tables line by line as
//! the text has them (never joined; a line wider than the pane continues
//! on the next row), block quotes indented behind a bar per level, list
//! items indented by their depth with a hanging indent under the marker.
//! The indent is drawn, not part of the text: [`Line::indent`] and
//! [`Line::deco`] say how.

use crate::model::{BlockKind, Document, Paragraph};
use crate::text::{Widths, wrap_range};

/// What a screen line shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    Blank,
    Kicker,
    Title,
    Subtitle,
    Byline,
    /// The format's metadata the text does not hold (tags): drawn from
    /// [`meta_text`]; the line's byte range is empty.
    Meta,
    Heading,
    HeadingDetail,
    Body,
}

/// How a line is set off from the text around it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Deco {
    #[default]
    None,
    /// Inside a block quote: a bar per level in the indent.
    Quote,
    /// A list item: the first line starts with the marker, the others hang
    /// under the item's text.
    Item,
    /// A line of a code block, verbatim.
    Code,
    /// A row of a table, verbatim.
    Table,
}

/// One wrapped line: a byte range of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line {
    pub start: usize,
    pub end: usize,
    pub kind: LineKind,
    /// The section the line belongs to (0 for the title block).
    pub section: u32,
    /// The paragraph index for body lines (`u32::MAX` otherwise).
    pub paragraph: u32,
    /// Cells left empty (or holding quote bars) before the text.
    pub indent: u16,
    pub deco: Deco,
}

impl Line {
    /// The number of quote bars drawn in the indent.
    pub fn bars(&self) -> u16 {
        match self.deco {
            Deco::Quote => self.indent / 2,
            _ => 0,
        }
    }
}

/// The text of the title block's metadata line (tags), if the document
/// has any.
pub fn meta_text(doc: &Document) -> Option<String> {
    let tags: Vec<&str> = doc
        .meta
        .tags
        .iter()
        .map(|t| t.trim())
        .filter(|t| !t.is_empty())
        .collect();
    (!tags.is_empty()).then(|| format!("tags: {}", tags.join(" · ")))
}

/// The byte length of a list item's marker (`• `, `1. `, `(a) `) at the
/// start of its text; 0 when it has none.
pub fn marker_len(item: &str) -> usize {
    match item.find(' ') {
        Some(i) if i > 0 && item[..i].chars().count() <= 5 => i + 1,
        _ => 0,
    }
}

struct Layout<'a> {
    doc: &'a Document,
    width: usize,
    widths: Widths,
    lines: Vec<Line>,
    tmp: Vec<(usize, usize)>,
}

impl Layout<'_> {
    /// An indent that leaves at least half the width to the text.
    fn clamp(&self, indent: usize) -> usize {
        indent.min(self.width / 2)
    }

    fn blank(&mut self, at: usize, section: u32, indent: usize, deco: Deco) {
        if !self.lines.is_empty() {
            // A blank line belongs to the block after it.
            self.lines.push(Line {
                start: at,
                end: at,
                kind: LineKind::Blank,
                section,
                paragraph: u32::MAX,
                indent: indent as u16,
                deco,
            });
        }
    }

    /// Wraps `start..end` at the width left after `indent`; with `hang`,
    /// lines after the first are indented that much more and the first
    /// line's first `hang_bytes` (the marker) are laid out before the rest.
    #[allow(clippy::too_many_arguments)]
    fn wrapped(
        &mut self,
        start: usize,
        end: usize,
        kind: LineKind,
        section: u32,
        paragraph: u32,
        indent: usize,
        deco: Deco,
        hang: (usize, usize),
    ) {
        let (hang_cells, hang_bytes) = hang;
        let text_width = self.width.saturating_sub(indent + hang_cells).max(1);
        self.tmp.clear();
        wrap_range(
            &self.doc.text,
            start + hang_bytes,
            end,
            text_width,
            self.widths,
            &mut self.tmp,
        );
        if self.tmp.is_empty() {
            self.tmp.push((start + hang_bytes, start + hang_bytes));
        }
        for (i, &(s, e)) in self.tmp.iter().enumerate() {
            let first = i == 0;
            self.lines.push(Line {
                start: if first { start } else { s },
                end: e,
                kind,
                section,
                paragraph,
                indent: (indent + if first { 0 } else { hang_cells }) as u16,
                deco,
            });
        }
    }

    /// A verbatim block (code, table): each of its lines on its own rows.
    fn verbatim(&mut self, p: &Paragraph, section: u32, paragraph: u32, indent: usize, deco: Deco) {
        let text = &self.doc.text;
        let mut at = p.span.start;
        let body = p.span.text(text);
        for line in body.split('\n') {
            let (s, e) = (at, at + line.trim_end_matches('\r').len());
            at += line.len() + 1;
            self.wrapped(
                s,
                e,
                LineKind::Body,
                section,
                paragraph,
                indent,
                deco,
                (0, 0),
            );
        }
    }

    fn paragraph(&mut self, pi: usize, section: u32, prev: Option<&Paragraph>) {
        let Some(p) = self.doc.paragraphs.get(pi) else {
            return;
        };
        let depth = p.depth as usize;
        let (indent, deco) = match p.kind {
            BlockKind::Text => (0, Deco::None),
            BlockKind::Quote => (self.clamp(2 * (depth + 1)) / 2 * 2, Deco::Quote),
            BlockKind::Item => (self.clamp(2 * depth), Deco::Item),
            BlockKind::Code => (self.clamp(2), Deco::Code),
            BlockKind::Table => (0, Deco::Table),
        };
        // Items of one list follow each other without a blank line; a
        // blank line inside a quote keeps the quote's bars.
        match prev.map(|q| q.kind) {
            Some(BlockKind::Item) if p.kind == BlockKind::Item => {}
            Some(BlockKind::Quote) if p.kind == BlockKind::Quote => {
                let shared = prev.map_or(0, |q| q.depth.min(p.depth)) as usize;
                let bars = self.clamp(2 * (shared + 1)) / 2 * 2;
                self.blank(p.span.start, section, bars, Deco::Quote);
            }
            _ => self.blank(p.span.start, section, 0, Deco::None),
        }
        let pi = pi as u32;
        if matches!(p.kind, BlockKind::Code | BlockKind::Table) {
            return self.verbatim(p, section, pi, indent, deco);
        }
        // A list item's continuation lines hang under its text (when the
        // marker leaves room).
        let hang = if p.kind == BlockKind::Item {
            let item = p.span.text(&self.doc.text);
            let m = marker_len(item);
            let cells = self.widths.str(&item[..m]);
            if indent + cells < self.width {
                (cells, m)
            } else {
                (0, 0)
            }
        } else {
            (0, 0)
        };
        self.wrapped(
            p.span.start,
            p.span.end,
            LineKind::Body,
            section,
            pi,
            indent,
            deco,
            hang,
        )
    }

    fn block(&mut self, start: usize, end: usize, kind: LineKind, section: u32) {
        self.blank(start, section, 0, Deco::None);
        self.wrapped(start, end, kind, section, u32::MAX, 0, Deco::None, (0, 0));
    }
}

/// The whole document laid out at one width: title block, then each
/// section's heading and paragraphs, with blank lines between blocks.
pub fn layout(doc: &Document, width: usize, widths: Widths) -> Vec<Line> {
    let mut l = Layout {
        doc,
        width: width.max(1),
        widths,
        lines: Vec::new(),
        tmp: Vec::new(),
    };
    let head = [
        (doc.kicker, LineKind::Kicker),
        (doc.title, LineKind::Title),
        (doc.subtitle, LineKind::Subtitle),
        (doc.byline, LineKind::Byline),
    ];
    let mut head_end = None;
    for (span, kind) in head {
        if let Some(span) = span {
            l.block(span.start, span.end, kind, 0);
            head_end = Some(span.end);
        }
    }
    if meta_text(doc).is_some() {
        // Right under the title block (or first, without one).
        let at = head_end.unwrap_or(0);
        l.lines.push(Line {
            start: at,
            end: at,
            kind: LineKind::Meta,
            section: 0,
            paragraph: u32::MAX,
            indent: 0,
            deco: Deco::None,
        });
    }
    for (si, section) in doc.sections.iter().enumerate() {
        let si = si as u32;
        if let Some(h) = section.heading {
            l.block(h.start, h.end, LineKind::Heading, si);
        }
        if let Some(d) = section.heading_detail {
            l.block(d.start, d.end, LineKind::HeadingDetail, si);
        }
        let mut prev: Option<&Paragraph> = None;
        for pi in section.paragraphs.clone() {
            l.paragraph(pi, si, prev);
            prev = doc.paragraphs.get(pi);
        }
    }
    // A big document's lines are kept as long as it is shown: without the
    // room the vector grew into (up to as much again).
    let mut lines = l.lines;
    lines.shrink_to_fit();
    lines
}

/// The index of the line showing byte `pos` (the last non-blank line that
/// starts at or before it).
pub fn line_of(lines: &[Line], pos: usize) -> usize {
    let mut i = lines.partition_point(|l| l.start <= pos);
    while i > 0 {
        i -= 1;
        if lines[i].kind != LineKind::Blank {
            return i;
        }
    }
    0
}
