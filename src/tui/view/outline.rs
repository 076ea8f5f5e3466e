//! The outline: the title, then each section with its counts of
//! paragraphs, entities, figures and quotes. The section being read is
//! highlighted; with focus, the selection is.

use super::super::app::{App, Focus};
use super::super::theme::Role;
use super::put;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

/// Rows above the first section (the title and a blank row).
const HEAD_ROWS: u16 = 2;
/// Rows per section (heading, counts).
const SECTION_ROWS: u16 = 2;

/// The section whose rows start the visible part of the outline.
fn first_visible(app: &App, inner: Rect) -> usize {
    let n = app.doc.doc.sections.len();
    let per_page = (inner.height.saturating_sub(HEAD_ROWS) / SECTION_ROWS).max(1) as usize;
    let sel = highlighted(app);
    if n <= per_page {
        0
    } else {
        sel.saturating_sub(per_page / 2).min(n - per_page)
    }
}

/// The highlighted section: the selection with focus, else the current one.
pub fn highlighted(app: &App) -> usize {
    if app.focus == Focus::Outline {
        app.outline_sel
    } else {
        app.current_section()
    }
}

/// The section drawn at screen row `y` of the outline pane `area`.
pub fn section_at_row(app: &App, area: Rect, y: u16) -> Option<usize> {
    let inner = super::super::layout::inner(area);
    let rel = y.checked_sub(inner.y + HEAD_ROWS)?;
    let s = first_visible(app, inner) + (rel / SECTION_ROWS) as usize;
    (s < app.doc.doc.sections.len()).then_some(s)
}

/// A section's name: its heading, or the start of its first paragraph.
pub fn section_name(app: &App, i: usize) -> (String, bool) {
    let doc = &app.doc.doc;
    let Some(s) = doc.sections.get(i) else {
        return (String::new(), false);
    };
    if let Some(h) = s.heading {
        return (doc.span_text(h).to_string(), true);
    }
    let first = doc
        .paragraphs
        .get(s.paragraphs.start)
        .map(|p| doc.span_text(p.span))
        .unwrap_or("");
    (first.chars().take(40).collect(), false)
}

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let focused = app.focus == Focus::Outline && app.overlays.is_empty();
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
    let first = first_visible(app, inner);
    let hl = highlighted(app);
    let mut y = inner.y + HEAD_ROWS;
    for i in first..doc.sections.len() {
        if y >= inner.y + inner.height {
            break;
        }
        let (name, is_heading) = section_name(app, i);
        let section = &doc.sections[i];
        let indent = (section.level.saturating_sub(1) as usize).min(4) * 2;
        let label = format!("{:indent$}{} {}", "", i + 1, name, indent = indent);
        let mut style = if is_heading {
            theme.style(Role::Text)
        } else {
            theme.style(Role::Dim)
        };
        if i == app.current_section() {
            style = style.patch(theme.style(Role::OutlineCurrent));
        }
        if i == hl && app.focus == Focus::Outline {
            style = style.patch(theme.style(Role::OutlineSelected));
            buf.set_style(Rect::new(inner.x, y, inner.width, 1), style);
        }
        let marker = if i == app.current_section() {
            "▸"
        } else {
            " "
        };
        let x = put(buf, inner.x, y, marker, inner.width, style);
        put(
            buf,
            x,
            y,
            &label,
            inner.width.saturating_sub(x - inner.x),
            style,
        );
        if y + 1 < inner.y + inner.height {
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
