//! The document laid out at one width: the title block, headings and
//! paragraphs as wrapped lines (by `crate::text`'s line breaking). Each
//! line is a byte range of the document's text, so the reading position,
//! the cursor and annotations map to screen rows and back.

use crate::model::Document;
use crate::text::{Widths, wrap_range};

/// What a screen line shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    Blank,
    Kicker,
    Title,
    Subtitle,
    Byline,
    Heading,
    HeadingDetail,
    Body,
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
}

/// The whole document laid out at one width: title block, then each
/// section's heading and paragraphs, with blank lines between blocks.
pub fn layout(doc: &Document, width: usize, widths: Widths) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut tmp = Vec::new();
    let mut block = |lines: &mut Vec<Line>,
                     start: usize,
                     end: usize,
                     kind: LineKind,
                     section: u32,
                     paragraph: u32| {
        if !lines.is_empty() {
            // A blank line belongs to the block after it.
            lines.push(Line {
                start,
                end: start,
                kind: LineKind::Blank,
                section,
                paragraph: u32::MAX,
            });
        }
        tmp.clear();
        wrap_range(&doc.text, start, end, width, widths, &mut tmp);
        for &(s, e) in &tmp {
            lines.push(Line {
                start: s,
                end: e,
                kind,
                section,
                paragraph,
            });
        }
    };
    let head = [
        (doc.kicker, LineKind::Kicker),
        (doc.title, LineKind::Title),
        (doc.subtitle, LineKind::Subtitle),
        (doc.byline, LineKind::Byline),
    ];
    for (span, kind) in head {
        if let Some(span) = span {
            block(&mut lines, span.start, span.end, kind, 0, u32::MAX);
        }
    }
    for (si, section) in doc.sections.iter().enumerate() {
        let si = si as u32;
        if let Some(h) = section.heading {
            block(&mut lines, h.start, h.end, LineKind::Heading, si, u32::MAX);
        }
        if let Some(d) = section.heading_detail {
            block(
                &mut lines,
                d.start,
                d.end,
                LineKind::HeadingDetail,
                si,
                u32::MAX,
            );
        }
        for pi in section.paragraphs.clone() {
            if let Some(p) = doc.paragraphs.get(pi) {
                block(
                    &mut lines,
                    p.span.start,
                    p.span.end,
                    LineKind::Body,
                    si,
                    pi as u32,
                );
            }
        }
    }
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
