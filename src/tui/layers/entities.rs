//! The entity index: every entity grouped by type with counts, docked
//! beside the text. Enter jumps to an occurrence; pressing it again cycles
//! through the occurrences.

use super::{Ctx, Input, Layer, Outcome};
use crate::model::Span;
use crate::tui::action::Action;
use crate::tui::index::DocIndex;
use crate::tui::keymap::KeyContext;
use crate::tui::reader::Reader;
use crate::tui::theme::Role;
use crate::tui::view::put;
use crate::tui::widgets::{ListState, docked, placeholder, popup, scroll_for};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

/// Opens on `entity-index`.
pub fn open(action: Action, _cx: &mut Ctx) -> Option<Box<dyn Layer>> {
    (action == Action::EntityIndex).then(|| Box::new(Entities::default()) as Box<dyn Layer>)
}

#[derive(Default)]
pub struct Entities {
    pub list: ListState,
}

/// A row of the entity index: a group header or an entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntityRow {
    Header(usize),
    Entry(usize, usize),
}

/// Every row of the entity index, headers included.
pub fn entity_rows(index: &DocIndex) -> Vec<EntityRow> {
    let mut rows = Vec::new();
    for (g, group) in index.entity_groups.iter().enumerate() {
        rows.push(EntityRow::Header(g));
        for e in 0..group.entries.len() {
            rows.push(EntityRow::Entry(g, e));
        }
    }
    rows
}

/// The number of selectable rows (entities) in the entity index.
pub fn entity_count(index: &DocIndex) -> usize {
    index.entity_groups.iter().map(|g| g.entries.len()).sum()
}

/// The occurrences of the n-th entity.
pub fn entity_occurrences(index: &DocIndex, n: usize) -> &[Span] {
    let mut n = n;
    for group in &index.entity_groups {
        if n < group.entries.len() {
            return &group.entries[n].occurrences;
        }
        n -= group.entries.len();
    }
    &[]
}

impl Layer for Entities {
    fn name(&self) -> &'static str {
        "entities"
    }

    fn context(&self) -> KeyContext {
        KeyContext::List
    }

    fn hints(&self) -> &'static [(Action, &'static str)] {
        &[
            (Action::Activate, "jump"),
            (Action::Close, "close"),
            (Action::ScrollDown, "down"),
            (Action::ScrollUp, "up"),
        ]
    }

    fn handle(&mut self, input: Input, cx: &mut Ctx) -> Outcome {
        let Input::Action(action) = input else {
            return Outcome::Pass;
        };
        let n = entity_count(&cx.reader.index);
        match action {
            a if self.list.step(a, n) => Outcome::Handled,
            Action::Close => Outcome::Close,
            Action::Activate => {
                let index = cx.reader.index.clone();
                let occ = entity_occurrences(&index, self.list.selected);
                if !occ.is_empty() {
                    let k = self.list.cycle % occ.len();
                    cx.reader.goto(occ[k].start);
                    cx.say(format!("occurrence {}/{}", k + 1, occ.len()));
                }
                self.list.cycle += 1;
                Outcome::Handled
            }
            _ => Outcome::Pass,
        }
    }

    fn render(&self, reader: &Reader, _top: bool, _area: Rect, buf: &mut Buffer) {
        render(reader, &self.list, buf);
    }
}

fn render(app: &Reader, state: &ListState, buf: &mut Buffer) {
    let r = docked(app);
    let inner = popup(app, "Entities (Enter jumps, again cycles)", r, buf);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let theme = &app.theme;
    if app.annotating {
        placeholder(app, inner, "annotating…", buf);
        return;
    }
    let rows = entity_rows(&app.index);
    if rows.is_empty() {
        placeholder(app, inner, "no entities found", buf);
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
    let start = scroll_for(sel_row, inner.height as usize, rows.len());
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
                let role = crate::tui::index::entity_role(&group.label);
                let style = if i == sel_row {
                    theme.style(Role::Selected)
                } else {
                    theme.style(Role::Text)
                };
                if i == sel_row {
                    buf.set_style(Rect::new(inner.x, y, inner.width, 1), style);
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
                let mut count = format!("  ×{}", entry.occurrences.len());
                if entry.quotes > 0 {
                    count.push_str(&format!(" · {} quoted", entry.quotes));
                }
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
