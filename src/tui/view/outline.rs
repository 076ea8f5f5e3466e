//! The outline: the title, then each section with its counts of
//! paragraphs, entities, figures and quotes. The section being read is
//! highlighted; with focus, the selection is.

use super::super::app::{App, Focus};
use super::super::reader::Reader;
use super::super::theme::Role;
use super::put;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

/// Rows above the first section (the title and a blank row).
const HEAD_ROWS: u16 = 2;
/// Rows per section (heading, counts).
const SECTION_ROWS: u16 = 2;

/// The index (into `rows`) of the first row shown.
fn first_visible(app: &Reader, rows: &[usize], inner: Rect) -> usize {
    let n = rows.len();
    let per_page = (inner.height.saturating_sub(HEAD_ROWS) / SECTION_ROWS).max(1) as usize;
    let hl = highlighted(app);
    let sel = rows.iter().position(|&s| s == hl).unwrap_or(0);
    if n <= per_page {
        0
    } else {
        sel.saturating_sub(per_page / 2).min(n - per_page)
    }
}

/// The highlighted section: the selection with focus, else the current
/// one (or the folded section it is inside).
pub fn highlighted(app: &Reader) -> usize {
    if app.focus == Focus::Outline {
        app.outline_sel
    } else {
        app.shown_section(app.current_section())
    }
}

/// The section drawn at screen row `y` of the outline pane `area`.
pub fn section_at_row(app: &Reader, area: Rect, y: u16) -> Option<usize> {
    let inner = super::super::layout::inner(area);
    let rel = y.checked_sub(inner.y + HEAD_ROWS)?;
    let rows = app.outline_rows();
    let i = first_visible(app, &rows, inner) + (rel / SECTION_ROWS) as usize;
    rows.get(i).copied()
}

/// A section's name and whether it has a heading: its heading; the lead
/// (the text before the first heading) is labelled by its role, never by
/// its first words.
pub fn section_name(app: &Reader, i: usize) -> (String, bool) {
    let doc = &app.doc.doc;
    let Some(s) = doc.sections.get(i) else {
        return (String::new(), false);
    };
    if let Some(h) = s.heading {
        return (doc.span_text(h).to_string(), true);
    }
    let label = if i == 0 {
        "(lead)"
    } else {
        "(untitled section)"
    };
    (label.to_string(), false)
}

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let focused = app.focus == Focus::Outline && !app.overlay_open();
    let inner = super::pane(app, "Outline", focused, area, buf);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    let theme = &app.theme;
    let doc = &app.doc.doc;
    let title = doc
        .title
        .map(|t| doc.span_text(t).to_string())
        .unwrap_or_else(|| app.file_name.clone());
    put(
        buf,
        inner.x,
        inner.y,
        &title,
        inner.width,
        theme.style(Role::Title),
    );
    let rows = app.outline_rows();
    let first = first_visible(app, &rows, inner);
    let hl = highlighted(app);
    let current = app.shown_section(app.current_section());
    let bottom = inner.y + inner.height;
    let mut y = inner.y + HEAD_ROWS;
    // The fold column shows only when some section can fold.
    let tree = (0..doc.sections.len()).any(|i| app.has_subsections(i));
    for &i in &rows[first.min(rows.len())..] {
        if y >= bottom {
            break;
        }
        let (name, is_heading) = section_name(app, i);
        let section = &doc.sections[i];
        // A tree: two cells per level, then ▾ (open) or ▹ (folded) for
        // sections with subsections.
        let indent = (section.level.saturating_sub(1) as usize).min(6) * 2;
        let fold = if !tree {
            ""
        } else if !app.has_subsections(i) {
            "  "
        } else if app.is_folded(i) {
            "▹ "
        } else {
            "▾ "
        };
        let label = format!("{:indent$}{fold}{} {}", "", i + 1, name, indent = indent);
        let mut style = if is_heading {
            theme.style(Role::Text)
        } else {
            theme.style(Role::Dim)
        };
        if i == current {
            style = style.patch(theme.style(Role::OutlineCurrent));
        }
        if i == hl && app.focus == Focus::Outline {
            style = style.patch(theme.style(Role::OutlineSelected));
            buf.set_style(Rect::new(inner.x, y, inner.width, 1), style);
        }
        let marker = if i == current { "▸" } else { " " };
        let x = put(buf, inner.x, y, marker, inner.width, style);
        put(
            buf,
            x,
            y,
            &label,
            inner.width.saturating_sub(x - inner.x),
            style,
        );
        if y + 1 < bottom {
            let st = app.index.sections.get(i).copied().unwrap_or_default();
            let counts = if app.annotating {
                format!("   ¶{}  …", st.paragraphs)
            } else {
                format!(
                    "   ¶{} ent {} fig {} quo {}",
                    st.paragraphs, st.entities, st.figures, st.quotes
                )
            };
            put(
                buf,
                inner.x,
                y + 1,
                &counts,
                inner.width,
                theme.style(Role::Counts),
            );
        }
        y += SECTION_ROWS;
    }
}
