//! Tables at the reader's widths. A reader lays a table out as text with
//! its columns padded for one cell per ambiguous-width character (①, °,
//! ×, —, box rules); with `ambiguous_width = 2` those take two cells, so
//! the text pane draws each row's cells at columns worked out again with
//! the reader's widths.
//!
//! The cells are found from the text's layout (`read::build::Table`):
//! cells are padded to their column's width and two spaces apart, and a
//! cell holds no run of two spaces, so a column starts where every row has
//! two blanks before it and some row has text.

use crate::model::Span;
use crate::text::Widths;
use std::collections::HashMap;

/// One table's columns: where each starts in the text's layout (cells at
/// one cell per ambiguous character) and where it goes at the reader's
/// widths.
#[derive(Debug, Clone, PartialEq)]
pub struct Columns {
    /// Start of each column in the laid-out text, in cells.
    from: Vec<usize>,
    /// Start of each column at the reader's widths, in cells.
    to: Vec<u16>,
    /// A row's width at the reader's widths (the header rule's length).
    pub width: u16,
}

fn is_rule(row: &str) -> bool {
    !row.is_empty() && row.chars().all(|c| c == '─')
}

/// Whether each cell of `row` (one per ambiguous character) is blank.
fn blanks(row: &str) -> Vec<bool> {
    let mut out = Vec::new();
    for c in row.chars() {
        let w = Widths::NARROW.char(c);
        out.extend(std::iter::repeat_n(c == ' ', w));
    }
    out
}

/// Each column's cells of `row` as byte ranges (trailing padding left
/// out), for columns starting at cells `from`.
fn cells(row: &str, from: &[usize]) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut col = 0usize;
    let mut j = 0usize;
    for (i, c) in row.char_indices() {
        while j < from.len() && col >= from[j] {
            out.push((i, i));
            j += 1;
        }
        if c != ' '
            && let Some(last) = out.last_mut()
        {
            last.1 = i + c.len_utf8();
        }
        col += Widths::NARROW.char(c);
    }
    out
}

/// The columns of a table laid out in `block` (rows one per line, a rule
/// of `─` under the header), placed for `widths`. `None` when the
/// reader's widths are those of the layout.
pub fn columns(block: &str, widths: Widths) -> Option<Columns> {
    if widths == Widths::NARROW {
        return None;
    }
    let rows: Vec<&str> = block.split('\n').filter(|r| !is_rule(r)).collect();
    let grid: Vec<Vec<bool>> = rows.iter().map(|r| blanks(r)).collect();
    let longest = grid.iter().map(Vec::len).max().unwrap_or(0);
    let blank = |row: &Vec<bool>, x: usize| row.get(x).copied().unwrap_or(true);
    let mut from = vec![0usize];
    for x in 2..longest {
        if grid.iter().all(|r| blank(r, x - 1) && blank(r, x - 2))
            && grid.iter().any(|r| !blank(r, x))
        {
            from.push(x);
        }
    }
    let mut widest = vec![0usize; from.len()];
    for row in &rows {
        for (j, (s, e)) in cells(row, &from).into_iter().enumerate() {
            if let Some(w) = widest.get_mut(j) {
                *w = (*w).max(widths.str(&row[s..e]));
            }
        }
    }
    let mut to = Vec::with_capacity(from.len());
    let mut x = 0usize;
    for w in &widest {
        to.push(x.min(u16::MAX as usize) as u16);
        x += w + 2;
    }
    Some(Columns {
        from,
        to,
        width: x.saturating_sub(2).min(u16::MAX as usize) as u16,
    })
}

/// How one line of a table is drawn at the reader's widths.
#[derive(Debug, Clone, PartialEq)]
pub enum RowLayout {
    /// A row: each cell's first byte (in the document's text) and the
    /// column it is drawn at, in cells from the row's start.
    Cells(Vec<(usize, u16)>),
    /// The rule under the header: drawn this many cells long.
    Rule(u16),
}

/// The layout of the line starting at byte `line_start` of the table
/// `block` (a span of `text`). `None` when the line is drawn as it is: the
/// widths are the layout's, or the line continues a row too wide for the
/// pane.
pub fn row_layout(
    text: &str,
    block: Span,
    line_start: usize,
    columns: &Columns,
) -> Option<RowLayout> {
    let starts_row = line_start == block.start
        || (line_start > block.start && text.as_bytes().get(line_start - 1) == Some(&b'\n'));
    if !starts_row || line_start >= block.end {
        return None;
    }
    let rest = text.get(line_start..block.end)?;
    let row = rest.split('\n').next().unwrap_or("");
    if is_rule(row) {
        return Some(RowLayout::Rule(columns.width));
    }
    let cells = cells(row, &columns.from)
        .into_iter()
        .zip(&columns.to)
        .map(|((s, _), &x)| (line_start + s, x))
        .collect();
    Some(RowLayout::Cells(cells))
}

/// Tables' columns, worked out once per table for a frame.
#[derive(Default)]
pub struct Cache {
    by_paragraph: HashMap<u32, Option<Columns>>,
}

impl Cache {
    /// The columns of the table paragraph `paragraph` (its text `block`).
    pub fn get(&mut self, paragraph: u32, block: &str, widths: Widths) -> Option<&Columns> {
        self.by_paragraph
            .entry(paragraph)
            .or_insert_with(|| columns(block, widths))
            .as_ref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A table as `read::build::Table` lays it out (one cell per
    /// ambiguous character): ① and × are ambiguous, 朝 is wide, 1.5 narrow.
    const TABLE: &str =
        "编号  站名    备注\n──────────────────\n①     朝天门  ×\n②     解放碑  1.5 km";

    #[test]
    fn columns_found_from_the_layout_and_placed_for_wide_ambiguous() {
        assert_eq!(columns(TABLE, Widths::NARROW), None);
        let Some(c) = columns(TABLE, Widths::WIDE) else {
            panic!("columns at width 2");
        };
        assert_eq!(c.from, [0, 6, 14]);
        // 编号 (4) is the widest first cell either way; 朝天门 (6) the second;
        // the third is 1.5 km (6) or × (2 at width 2).
        assert_eq!(c.to, [0, 6, 14]);
        assert_eq!(c.width, 20);
        let t = "① × ° —  甲\n──────\n乙        丙";
        let Some(c) = columns(t, Widths::WIDE) else {
            panic!("columns");
        };
        // "① × ° —" is 7 cells laid out, 11 at width 2: the second
        // column moves from 9 to 13.
        assert_eq!(c.from, [0, 9]);
        assert_eq!(c.to, [0, 13]);
    }

    #[test]
    fn rows_and_the_rule() {
        let Some(c) = columns(TABLE, Widths::WIDE) else {
            panic!("columns");
        };
        let block = Span::new(0, TABLE.len());
        let row3 = TABLE.find('②').unwrap_or(0);
        assert_eq!(
            row_layout(TABLE, block, row3, &c),
            Some(RowLayout::Cells(vec![
                (row3, 0),
                (row3 + TABLE[row3..].find('解').unwrap_or(0), 6),
                (row3 + TABLE[row3..].find("1.5").unwrap_or(0), 14),
            ]))
        );
        let rule = TABLE.find('─').unwrap_or(0);
        assert_eq!(
            row_layout(TABLE, block, rule, &c),
            Some(RowLayout::Rule(20))
        );
        // Inside a row (a continuation line): as it is.
        assert_eq!(row_layout(TABLE, block, row3 + 3, &c), None);
    }
}
