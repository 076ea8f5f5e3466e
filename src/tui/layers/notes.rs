//! The notes list: every note in text order (orphans last), docked beside
//! the text. Enter jumps to a note; delete and edit act on the selected one.

use super::{Ctx, Input, Layer, Outcome};
use crate::tui::action::Action;
use crate::tui::reader::Reader;
use crate::tui::theme::Role;
use crate::tui::view::notes::{note_style, one_line};
use crate::tui::view::put;
use crate::tui::widgets::{ListAction, ListState, docked_list, paint_rows};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

/// Opens on `notes-index` (when the document has a notes store).
pub fn open(action: Action, cx: &mut Ctx) -> Option<Box<dyn Layer>> {
    if action != Action::NotesIndex || cx.reader.no_store() {
        return None;
    }
    Some(Box::new(NotesList::default()))
}

#[derive(Default)]
pub struct NotesList {
    pub list: ListState,
}

/// The notes in list order: (id, where its text starts, if placed).
fn placed(reader: &Reader) -> Vec<(String, Option<usize>)> {
    reader
        .note_store()
        .map(|s| {
            s.placed()
                .iter()
                .map(|p| (p.note.id.clone(), p.at.map(|a| a.span.start)))
                .collect()
        })
        .unwrap_or_default()
}

impl Layer for NotesList {
    fn name(&self) -> &'static str {
        "notes"
    }

    fn hints(&self) -> &'static [(Action, &'static str)] {
        &[
            (Action::Activate, "jump"),
            (Action::Close, "close"),
            (Action::EditNote, "edit"),
            (Action::DeleteNote, "delete"),
            (Action::ScrollDown, "down"),
        ]
    }

    fn handle(&mut self, input: Input, cx: &mut Ctx) -> Outcome {
        let Input::Action(action) = input else {
            return Outcome::Pass;
        };
        let placed = placed(cx.reader);
        self.list.clamp(placed.len());
        match self.list.act(action, placed.len()) {
            ListAction::Moved => Outcome::Handled,
            ListAction::Close | ListAction::Other(Action::NotesIndex) => Outcome::Close,
            ListAction::Activate => match placed.get(self.list.selected) {
                Some((_, Some(pos))) => {
                    cx.reader.goto(*pos);
                    Outcome::Close
                }
                Some((_, None)) => {
                    cx.say("this note's text is gone from the document");
                    Outcome::Handled
                }
                None => Outcome::Handled,
            },
            ListAction::Other(Action::DeleteNote) => {
                if let Some((id, _)) = placed.get(self.list.selected) {
                    cx.reader.delete_note(id);
                }
                Outcome::Handled
            }
            ListAction::Other(Action::EditNote | Action::Annotate) => {
                if let Some((id, _)) = placed.get(self.list.selected)
                    && let Some(draft) = cx.reader.draft_of(id)
                {
                    cx.push(Box::new(super::note_input::NoteInput::new(draft)));
                }
                Outcome::Handled
            }
            _ => Outcome::Pass,
        }
    }

    fn render(&self, reader: &Reader, _top: bool, _area: Rect, buf: &mut Buffer) {
        render_list(reader, &self.list, buf);
    }
}

fn render_list(app: &Reader, state: &ListState, buf: &mut Buffer) {
    let Some(store) = app.note_store() else {
        return;
    };
    let placed = store.placed();
    let key = app.keymap.first_key(Action::Annotate).unwrap_or_default();
    let empty = format!("no notes yet: {key} on a word adds one");
    let title = "Notes (Enter jumps, d deletes, c edits)";
    let Some(inner) = docked_list(app, title, placed.len(), &empty, buf) else {
        return;
    };
    let theme = &app.theme;
    let selected = state.selected.min(placed.len() - 1);
    paint_rows(
        app,
        inner,
        selected,
        placed.len(),
        buf,
        |buf, i, row, base| {
            let p = &placed[i];
            let (y, right) = (row.y, row.x + row.width);
            let mut x = row.x;
            if p.at.is_none() {
                x = put(buf, x, y, "(orphaned) ", right - x, theme.style(Role::Dim));
            }
            let quote = match p.at {
                Some(a) => one_line(a.span.text(&app.doc.doc.text)),
                None => one_line(&p.note.anchor.exact),
            };
            x = put(
                buf,
                x,
                y,
                &quote,
                right.saturating_sub(x),
                note_style(theme, p.note.colour),
            );
            if !p.note.text.is_empty() && x < right {
                x = put(buf, x, y, " ✎ ", right - x, base);
                put(
                    buf,
                    x,
                    y,
                    &one_line(&p.note.text),
                    right.saturating_sub(x),
                    base,
                );
            }
        },
    );
}
