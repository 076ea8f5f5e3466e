//! The text pane: only the visible slice of the wrapped lines is styled and
//! drawn. Each character's style is the line's base style patched, in
//! order, by the sentence under the cursor, word tints, annotation layers
//! (low to high priority), keywords, search hits and the cursor.

use super::super::app::App;
use super::super::index::Mark;
use super::super::reader::Reader;
use super::super::theme::{Role, Theme};
use super::super::wrap::{Deco, Line, LineKind, marker_len, meta_text};
use crate::model::{Layer, Span, StyleKind};
use crate::text::Widths;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

/// Painting order of roles: later ones win where they overlap.
fn rank(role: Role) -> u8 {
    match role {
        Role::Duplicate => 0,
        Role::Quote => 1,
        Role::Term => 2,
        Role::Keyword => 3,
        Role::Glossary | Role::Learner => 4,
        Role::Time => 5,
        Role::Quantity => 6,
        Role::Per | Role::Org | Role::Loc | Role::Work | Role::Entity => 7,
        Role::Speaker => 8,
        Role::Note => 9,
        _ => 3,
    }
}

fn base_role(kind: LineKind) -> Role {
    match kind {
        LineKind::Title => Role::Title,
        LineKind::Heading => Role::Heading,
        LineKind::Kicker
        | LineKind::Subtitle
        | LineKind::Byline
        | LineKind::Meta
        | LineKind::HeadingDetail => Role::Subtitle,
        LineKind::Body | LineKind::Blank => Role::Text,
    }
}

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let title = app
        .doc
        .doc
        .sections
        .get(app.current_section())
        .and_then(|s| s.heading)
        .map(|h| app.doc.doc.span_text(h).to_string())
        .unwrap_or_else(|| "Text".to_string());
    let inner = super::pane(app, &title, super::text_focused(app), area, buf);
    render_lines(app, inner, buf);
}

/// Draws the wrapped lines from `app.top` into `inner`.
pub fn render_lines(app: &Reader, inner: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let base_of = |kind: LineKind| Style::new().patch(theme.style(base_role(kind)));
    if app.learner.interlinear
        && super::super::learner::render_interlinear(app, inner, buf, &base_of)
    {
        return;
    }
    let doc = &app.doc;
    let text = &doc.doc.text;
    let lines = app.lines();
    let cursor = app.cursor_span();
    let sentence = app
        .cursor
        .and_then(|c| doc.doc.sentence_at(c))
        .and_then(|i| doc.doc.sentences.get(i))
        .map(|s| s.span);
    let hits = &app.search.hits;
    let current_hit = app.search.current.and_then(|i| hits.get(i)).copied();
    let show_keywords =
        !app.hidden_layers.contains(&Layer::Keywords) && !app.index.keywords.is_empty();
    let notes = visible_notes(app, inner);
    let selection = app.selection_span();
    let inline = visible_styles(app, inner);
    let mut line_notes: Vec<(Span, Style)> = Vec::new();
    let mut line_tints: Vec<(Span, Style)> = Vec::new();
    let mut run = String::new();
    let mut marks: Vec<Mark> = Vec::new();
    let mut tables = super::table::Cache::default();
    for row in 0..inner.height {
        let Some(line) = lines.get(app.top + row as usize) else {
            break;
        };
        let y = inner.y + row;
        let x0 = draw_indent(app, line, inner, y, buf);
        if line.kind == LineKind::Meta {
            if let Some(meta) = meta_text(&doc.doc) {
                let max = (inner.x + inner.width).saturating_sub(x0) as usize;
                buf.set_stringn(x0, y, meta, max, theme.style(Role::Subtitle));
            }
            continue;
        }
        if line.kind == LineKind::Blank || line.start >= line.end {
            continue;
        }
        let Some(s) = text.get(line.start..line.end) else {
            continue;
        };
        let base = Style::new().patch(block_style(theme, line));
        marks.clear();
        marks.extend(
            app.index
                .marks
                .overlapping(line.start, line.end)
                .filter(|m| !app.hidden_layers.contains(&m.layer))
                .copied(),
        );
        marks.sort_by_key(|m| rank(m.role));
        // Tokens on this line (for word tints and keywords).
        let toks = &doc.tokens;
        let t0 = toks.partition_point(|t| t.span().end <= line.start);
        let t1 = toks.partition_point(|t| t.span().start < line.end);
        let line_toks = &toks[t0..t1.max(t0)];
        let h0 = hits.partition_point(|h| h.end <= line.start);
        let h1 = hits.partition_point(|h| h.start < line.end);
        let line_hits = &hits[h0..h1.max(h0)];
        super::super::level::line_tints(app, line_toks, &mut line_tints);
        line_notes.clear();
        line_notes.extend(
            notes
                .iter()
                .filter(|(s, _, _)| s.start < line.end && line.start < s.end)
                .map(|(s, st, _)| (*s, *st)),
        );
        // A note with a comment ends on this line: a marker in the border.
        if inner.x > 0
            && notes
                .iter()
                .any(|(s, _, commented)| *commented && s.end > line.start && s.end <= line.end)
        {
            let y = inner.y + row;
            buf[(inner.x - 1, y)]
                .set_symbol("✎")
                .set_style(theme.style(Role::Note));
        }

        let ctx = CharCtx {
            theme,
            base,
            marks: &marks,
            toks: line_toks,
            tok_offset: t0,
            show_words: app.show_words,
            keywords: if show_keywords {
                Some(&app.index.keywords)
            } else {
                None
            },
            text,
            hits: line_hits,
            current_hit,
            cursor,
            sentence,
            notes: &line_notes,
            tints: &line_tints,
            selection,
            inline: &inline,
        };
        let mut x = x0;
        let right = inner.x + inner.width;
        let mut run_style: Option<Style> = None;
        let mut run_width = 0u16;
        let shown = super::super::learner::display(app, s);
        // A table row's cells at the columns of the reader's widths.
        let row = table_row(app, line, &mut tables);
        let (cells, rule) = match &row {
            Some(super::table::RowLayout::Cells(c)) => (c.as_slice(), None),
            Some(super::table::RowLayout::Rule(w)) => (&[][..], Some(x0.saturating_add(*w))),
            None => (&[][..], None),
        };
        let mut next_cell = 0;
        // Code is shown as written (no other script).
        let code = code_spans(app, line.start, line.end);
        let verbatim = line.deco == Deco::Code;
        for ((off, orig), c) in s.char_indices().zip(shown.chars()) {
            let pos = line.start + off;
            let c = if verbatim || code.iter().any(|s| s.contains_pos(pos)) {
                orig
            } else {
                c
            };
            let cw = app.widths.char(c) as u16;
            if cw == 0 {
                continue;
            }
            if rule.is_some_and(|end| x.saturating_add(run_width) >= end) {
                break;
            }
            if let Some(&(at, col)) = cells.get(next_cell)
                && at == pos
            {
                next_cell += 1;
                if let Some(st) = run_style.take() {
                    flush(buf, x, y, right, &run, run_width, st, app.widths);
                }
                run.clear();
                run_width = 0;
                x = x0.saturating_add(col).min(right);
            }
            let style = ctx.style_at(pos);
            if run_style != Some(style) {
                if let Some(st) = run_style {
                    x = flush(buf, x, y, right, &run, run_width, st, app.widths);
                }
                run.clear();
                run_width = 0;
                run_style = Some(style);
            }
            run.push(if c == '\t' { ' ' } else { c });
            run_width += cw;
        }
        if let Some(st) = run_style {
            flush(buf, x, y, right, &run, run_width, st, app.widths);
        }
    }
}

/// How a table line is drawn at the reader's widths (`None`: as it is).
fn table_row(
    app: &Reader,
    line: &Line,
    tables: &mut super::table::Cache,
) -> Option<super::table::RowLayout> {
    if line.deco != Deco::Table || !app.widths.ambiguous_wide {
        return None;
    }
    let text = &app.doc.doc.text;
    let block = app.doc.doc.paragraphs.get(line.paragraph as usize)?.span;
    let columns = tables.get(
        line.paragraph,
        text.get(block.start..block.end)?,
        app.widths,
    )?;
    super::table::row_layout(text, block, line.start, columns)
}

#[allow(clippy::too_many_arguments)]
fn flush(
    buf: &mut Buffer,
    x: u16,
    y: u16,
    right: u16,
    run: &str,
    width: u16,
    style: Style,
    widths: Widths,
) -> u16 {
    if x >= right {
        return x;
    }
    if widths.ambiguous_wide {
        return flush_cells(buf, x, y, right, run, style, widths);
    }
    let max = (right - x) as usize;
    buf.set_stringn(x, y, run, max, style);
    x.saturating_add(width).min(right)
}

/// Draws `run` a character at a time with the wrapper's widths. An
/// ambiguous-width character drawn two cells wide (`ambiguous_width = 2`) is
/// one cell to ratatui, so its cell is given a forced width of two: the diff
/// then leaves the next cell alone and the terminal's glyph keeps both.
fn flush_cells(
    buf: &mut Buffer,
    mut x: u16,
    y: u16,
    right: u16,
    run: &str,
    style: Style,
    widths: Widths,
) -> u16 {
    use ratatui::buffer::CellDiffOption;
    use unicode_width::UnicodeWidthChar;
    for c in run.chars() {
        let cw = widths.char(c) as u16;
        if cw == 0 {
            continue;
        }
        if x.saturating_add(cw) > right {
            break;
        }
        let natural = c.width().unwrap_or(0) as u16;
        if let Some(cell) = buf.cell_mut((x, y)) {
            cell.set_char(c).set_style(style);
            if natural < cw
                && let Some(w) = std::num::NonZeroU16::new(cw)
            {
                cell.set_diff_option(CellDiffOption::ForcedWidth(w));
            }
        }
        for i in 1..cw {
            if let Some(cell) = buf.cell_mut((x + i, y)) {
                cell.reset();
                cell.set_style(style);
            }
        }
        x += cw;
    }
    x
}

struct CharCtx<'a> {
    theme: &'a Theme,
    base: Style,
    marks: &'a [Mark],
    toks: &'a [crate::model::Token],
    tok_offset: usize,
    show_words: bool,
    keywords: Option<&'a std::collections::HashSet<String>>,
    text: &'a str,
    hits: &'a [Span],
    current_hit: Option<Span>,
    cursor: Option<Span>,
    sentence: Option<Span>,
    /// The reader's highlights on this line, with their styles.
    notes: &'a [(Span, Style)],
    /// Words the level tint marks on this line (`tui::level`).
    tints: &'a [(Span, Style)],
    selection: Option<Span>,
    /// Inline styles (emphasis, links, code, list markers) on screen.
    inline: &'a [(Span, Role)],
}

/// The reader's attached notes that overlap the screen: (span, style,
/// has a comment). None when the notes layer is hidden.
fn visible_notes(app: &Reader, inner: Rect) -> Vec<(Span, Style, bool)> {
    let Some(store) = app.note_store() else {
        return Vec::new();
    };
    if app.hidden_layers.contains(&Layer::Notes) {
        return Vec::new();
    }
    let lines = app.lines();
    let first = lines.get(app.top).map_or(0, |l| l.start);
    let last = lines
        .iter()
        .skip(app.top)
        .take(inner.height as usize)
        .map(|l| l.end)
        .max()
        .unwrap_or(first);
    store
        .placed()
        .iter()
        .filter_map(|p| {
            let a = p.at?;
            (a.span.start < last && first < a.span.end).then(|| {
                (
                    a.span,
                    super::notes::note_style(&app.theme, p.note.colour),
                    !p.note.text.trim().is_empty(),
                )
            })
        })
        .collect()
}

impl CharCtx<'_> {
    fn style_at(&self, pos: usize) -> Style {
        let t = self.theme;
        let mut style = self.base;
        for (span, role) in self.inline {
            if span.contains_pos(pos) {
                style = style.patch(t.style(*role));
            }
        }
        if self.sentence.is_some_and(|s| s.contains_pos(pos)) {
            style = style.patch(t.style(Role::Sentence));
        }
        if self.show_words || self.keywords.is_some() {
            let i = self.toks.partition_point(|tk| tk.span().end <= pos);
            if let Some(tok) = self.toks.get(i).filter(|tk| tk.span().contains_pos(pos)) {
                if self.show_words && (self.tok_offset + i) % 2 == 1 {
                    style = style.patch(t.style(Role::WordAlt));
                }
                if let Some(kw) = self.keywords
                    && kw.contains(tok.span().text(self.text))
                {
                    style = style.patch(t.style(Role::Keyword));
                }
            }
        }
        if let Some((_, st)) = self.tints.iter().find(|(s, _)| s.contains_pos(pos)) {
            style = style.patch(*st);
        }
        for m in self.marks {
            if m.span.contains_pos(pos) {
                style = style.patch(t.style(m.role));
            }
        }
        for (span, st) in self.notes {
            if span.contains_pos(pos) {
                style = style.patch(*st);
            }
        }
        if self.selection.is_some_and(|s| s.contains_pos(pos)) {
            style = style.patch(t.style(Role::Selected));
        }
        if let Some(h) = self.hits.iter().find(|h| h.contains_pos(pos)) {
            let role = if Some(*h) == self.current_hit {
                Role::SearchCurrent
            } else {
                Role::SearchHit
            };
            style = style.patch(t.style(role));
        }
        if self.cursor.is_some_and(|c| c.contains_pos(pos)) {
            style = style.patch(t.style(Role::Cursor));
        }
        style
    }
}

/// A line's own style: its kind's role, code lines in the code role.
fn block_style(theme: &Theme, line: &Line) -> Style {
    let style = theme.style(base_role(line.kind));
    if line.deco == Deco::Code {
        style.patch(theme.style(Role::Code))
    } else {
        style
    }
}

/// Draws a line's indent (quote bars) and returns the column its text
/// starts at.
pub fn draw_indent(app: &Reader, line: &Line, inner: Rect, y: u16, buf: &mut Buffer) -> u16 {
    let right = inner.x + inner.width;
    let bar = app.theme.style(Role::BlockMark);
    for k in 0..line.bars() {
        let x = inner.x + 2 * k;
        if x < right {
            buf.set_stringn(x, y, "│", 1, bar);
        }
    }
    inner.x.saturating_add(line.indent).min(right)
}

/// Draws a verbatim line (code, table) as it is: for panes that lay out
/// text their own way (the interlinear view) and must not touch code.
pub fn draw_verbatim(app: &Reader, line: &Line, inner: Rect, y: u16, buf: &mut Buffer) {
    let x = draw_indent(app, line, inner, y, buf);
    let Some(s) = app.doc.doc.text.get(line.start..line.end) else {
        return;
    };
    let s: String = s.chars().map(|c| if c == '\t' { ' ' } else { c }).collect();
    let max = (inner.x + inner.width).saturating_sub(x) as usize;
    buf.set_stringn(x, y, s, max, block_style(&app.theme, line));
}

/// The inline code spans that overlap bytes `start..end`.
pub fn code_spans(app: &Reader, start: usize, end: usize) -> Vec<Span> {
    app.doc
        .doc
        .styles
        .iter()
        .filter(|s| s.kind == StyleKind::Code && s.span.start < end && start < s.span.end)
        .map(|s| s.span)
        .collect()
}

/// The theme role of an inline style.
pub fn style_role(kind: StyleKind) -> Role {
    match kind {
        StyleKind::Emphasis => Role::Emphasis,
        StyleKind::Strong => Role::Strong,
        StyleKind::Strike => Role::Strike,
        StyleKind::Code => Role::Code,
        StyleKind::Link => Role::Link,
        StyleKind::Image => Role::Image,
    }
}

/// The inline styles and list markers that overlap the screen, with their
/// roles.
fn visible_styles(app: &Reader, inner: Rect) -> Vec<(Span, Role)> {
    let doc = &app.doc.doc;
    let shown = app.lines().iter().skip(app.top).take(inner.height as usize);
    let mut out: Vec<(Span, Role)> = Vec::new();
    let (mut first, mut last) = (usize::MAX, 0);
    for line in shown {
        first = first.min(line.start);
        last = last.max(line.end);
        if line.deco == Deco::Item
            && let Some(p) = doc.paragraphs.get(line.paragraph as usize)
            && p.span.start == line.start
        {
            let m = marker_len(p.span.text(&doc.text));
            out.push((Span::new(line.start, line.start + m), Role::BlockMark));
        }
    }
    out.extend(
        doc.styles
            .iter()
            .filter(|s| s.span.start < last && first < s.span.end)
            .map(|s| (s.span, style_role(s.kind))),
    );
    out
}

/// Details-panel rows for the inline styles at `pos`: a link's address,
/// an image's source.
pub fn style_rows(app: &Reader, pos: usize) -> Vec<(Role, String)> {
    app.doc
        .doc
        .styles
        .iter()
        .filter(|s| s.span.contains_pos(pos))
        .filter_map(|s| {
            let target = s.target.as_deref()?;
            let what = match s.kind {
                StyleKind::Link => "link",
                StyleKind::Image => "image",
                _ => return None,
            };
            Some((style_role(s.kind), format!("{what} → {target}")))
        })
        .collect()
}
