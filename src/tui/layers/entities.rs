//! The entity index: every entity grouped by type with counts, docked
//! beside the text. Enter jumps to an occurrence; pressing it again cycles
//! through the occurrences.

use super::{Ctx, Input, Layer, Outcome};
use crate::model::Span;
use crate::tui::action::Action;
use crate::tui::index::DocIndex;
use crate::tui::reader::Reader;
use crate::tui::theme::Role;
use crate::tui::view::put;
use crate::tui::widgets::{LIST_HINTS, ListAction, ListState, docked_list, paint_rows};
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

    fn hints(&self) -> &'static [(Action, &'static str)] {
        LIST_HINTS
    }

    fn handle(&mut self, input: Input, cx: &mut Ctx) -> Outcome {
        let Input::Action(action) = input else {
            return Outcome::Pass;
        };
        match self.list.act(action, entity_count(&cx.reader.index)) {
            ListAction::Moved => Outcome::Handled,
            ListAction::Close => Outcome::Close,
            ListAction::Activate => {
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
            ListAction::Other(_) => Outcome::Pass,
        }
    }

    fn render(&self, reader: &Reader, _top: bool, _area: Rect, buf: &mut Buffer) {
        render(reader, &self.list, buf);
    }
}

fn render(app: &Reader, state: &ListState, buf: &mut Buffer) {
    let rows = entity_rows(&app.index);
    let title = "Entities (Enter jumps, again cycles)";
    let empty = if app.annotating {
        "annotating…"
    } else {
        "no entities found"
    };
    let Some(inner) = docked_list(app, title, rows.len(), empty, buf) else {
        return;
    };
    let theme = &app.theme;
    // The row of the selected entity.
    let sel_row = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| matches!(r, EntityRow::Entry(..)))
        .nth(state.selected)
        .map_or(0, |(i, _)| i);
    paint_rows(app, inner, sel_row, rows.len(), buf, |buf, i, row, base| {
        let (x, y, right) = (row.x, row.y, row.x + row.width);
        match rows[i] {
            EntityRow::Header(g) => {
                let group = &app.index.entity_groups[g];
                let s = format!(
                    "{}  {} entities, {} mentions",
                    group.label,
                    group.entries.len(),
                    group.total()
                );
                put(buf, x, y, &s, row.width, theme.style(Role::OverlayTitle));
            }
            EntityRow::Entry(g, e) => {
                let group = &app.index.entity_groups[g];
                let entry = &group.entries[e];
                let role = crate::tui::index::entity_role(&group.label);
                let x = put(buf, x, y, "  ", row.width, base);
                let x = put(buf, x, y, &entry.text, right - x, theme.style(role));
                let mut count = format!("  ×{}", entry.occurrences.len());
                if entry.quotes > 0 {
                    count.push_str(&format!(" · {} quoted", entry.quotes));
                }
                put(buf, x, y, &count, right.saturating_sub(x), base);
            }
        }
    });
}
