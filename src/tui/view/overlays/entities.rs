//! The entity index: every entity grouped by type with counts. Enter jumps
//! to an occurrence; pressing it again cycles through the occurrences.

use super::super::super::app::App;
use super::super::super::overlay::{EntityRow, ListState, entity_rows};
use super::super::super::theme::Role;
use super::super::put;
use ratatui::buffer::Buffer;

pub fn render(app: &App, state: &ListState, _top: bool, buf: &mut Buffer) {
    let r = super::docked(app);
    let inner = super::popup(app, "Entities (Enter jumps, again cycles)", r, buf);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let theme = &app.theme;
    if app.annotating {
        super::placeholder(app, inner, "annotating…", buf);
        return;
    }
    let rows = entity_rows(&app.index);
    if rows.is_empty() {
        super::placeholder(app, inner, "no entities found", buf);
        return;
    }
    // The row of the selected entity.
    let mut n = 0;
    let mut sel_row = 0;
    for (i, row) in rows.iter().enumerate() {
        if let EntityRow::Entry(..) = row {
            if n == state.selected {
                sel_row = i;
            }
            n += 1;
        }
    }
    let start = super::scroll_for(sel_row, inner.height as usize, rows.len());
    for (i, row) in rows
        .iter()
        .enumerate()
        .skip(start)
        .take(inner.height as usize)
    {
        let y = inner.y + (i - start) as u16;
        match *row {
            EntityRow::Header(g) => {
                let group = &app.index.entity_groups[g];
                let s = format!(
                    "{}  {} entities, {} mentions",
                    group.label,
                    group.entries.len(),
                    group.total()
                );
                put(
                    buf,
                    inner.x,
                    y,
                    &s,
                    inner.width,
                    theme.style(Role::OverlayTitle),
                );
            }
            EntityRow::Entry(g, e) => {
                let group = &app.index.entity_groups[g];
                let entry = &group.entries[e];
                let role = match group.label.as_str() {
                    "PER" => Role::Per,
                    "ORG" => Role::Org,
                    "LOC" => Role::Loc,
                    "WORK" => Role::Work,
                    _ => Role::Entity,
                };
                let style = if i == sel_row {
                    theme.style(Role::Selected)
                } else {
                    theme.style(Role::Text)
                };
                if i == sel_row {
                    buf.set_style(
                        ratatui::layout::Rect::new(inner.x, y, inner.width, 1),
                        style,
                    );
                }
                let x = put(buf, inner.x, y, "  ", inner.width, style);
                let x = put(
                    buf,
                    x,
                    y,
                    &entry.text,
                    inner.width - (x - inner.x),
                    theme.style(role),
                );
                let count = format!("  ×{}", entry.occurrences.len());
                put(
                    buf,
                    x,
                    y,
                    &count,
                    inner.width.saturating_sub(x - inner.x),
                    style,
                );
            }
        }
    }
}
