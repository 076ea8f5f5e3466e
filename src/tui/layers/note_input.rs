//! The note input line, over the status bar: a new note on the selection
//! or the cursor's word (`annotate`), or an edit of the note under the
//! cursor (`edit-note`). Enter saves, Escape cancels, `cycle` (Tab)
//! changes the colour.

use super::{Ctx, Input, Layer, Outcome};
use crate::tui::action::Action;
use crate::tui::keymap::KeyContext;
use crate::tui::notes::NoteDraft;
use crate::tui::reader::Reader;
use crate::tui::theme::Role;
use crate::tui::view::notes::note_style;
use crate::tui::view::put;
use crate::tui::widgets::{Edit, LineEditor, prompt_line};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

/// Opens on `annotate` (a new note) and `edit-note` (the one under the
/// cursor).
pub fn open(action: Action, cx: &mut Ctx) -> Option<Box<dyn Layer>> {
    let draft = match action {
        Action::Annotate => cx.reader.new_draft()?,
        Action::EditNote => match cx.reader.note_under_cursor() {
            Some(id) => cx.reader.draft_of(&id)?,
            None => {
                cx.say("no note under the cursor");
                return None;
            }
        },
        _ => return None,
    };
    Some(Box::new(NoteInput::new(draft)))
}

pub struct NoteInput {
    pub draft: NoteDraft,
    pub editor: LineEditor,
}

impl NoteInput {
    pub fn new(draft: NoteDraft) -> NoteInput {
        NoteInput {
            editor: LineEditor::new(&draft.text),
            draft,
        }
    }

    /// The prompt before the text.
    fn prompt(&self) -> String {
        let what = if self.draft.id.is_some() {
            "edit note"
        } else {
            "note"
        };
        format!("✎ {what} [{}] ", self.draft.colour.name())
    }

    /// Where the line is drawn, where its text starts, the first char of
    /// the text shown and the cursor's column from there.
    fn layout(&self, reader: &Reader) -> Option<(Rect, u16, usize, usize)> {
        let area = reader.areas.status;
        if area.height == 0 || area.width == 0 {
            return None;
        }
        let prompt_w = reader.widths.str(&self.prompt()) as u16;
        let text_x = (area.x + prompt_w).min(area.x + area.width.saturating_sub(1));
        let room = (area.x + area.width).saturating_sub(text_x + 1) as usize;
        let (first, col) = self.editor.window(room, reader.widths);
        Some((area, text_x, first, col))
    }
}

impl Layer for NoteInput {
    fn name(&self) -> &'static str {
        "note"
    }

    fn context(&self) -> KeyContext {
        KeyContext::Prompt
    }

    fn handle(&mut self, input: Input, cx: &mut Ctx) -> Outcome {
        match self.editor.input(input) {
            Edit::Action(Action::Close) => {
                cx.say("note cancelled");
                Outcome::Close
            }
            Edit::Action(Action::Activate) => {
                let mut draft = self.draft.clone();
                draft.text = self.editor.text().to_string();
                cx.reader.finish_note(draft);
                Outcome::Close
            }
            Edit::Action(Action::Cycle) => {
                self.draft.colour = self.draft.colour.next();
                Outcome::Handled
            }
            Edit::Edited(_) | Edit::Action(_) => Outcome::Handled,
        }
    }

    /// The terminal cursor's cell while typing (the input method's
    /// candidate window opens there).
    fn cursor(&self, reader: &Reader) -> Option<(u16, u16)> {
        let (area, text_x, _, col) = self.layout(reader)?;
        Some((
            (text_x + col as u16).min(area.x + area.width.saturating_sub(1)),
            area.y,
        ))
    }

    fn render(&self, app: &Reader, _top: bool, _area: Rect, buf: &mut Buffer) {
        let Some((_, text_x, first, _)) = self.layout(app) else {
            return;
        };
        let Some((area, style)) = prompt_line(app, buf) else {
            return;
        };
        put(
            buf,
            area.x,
            area.y,
            &self.prompt(),
            area.width,
            style.patch(note_style(&app.theme, self.draft.colour)),
        );
        let right = area.x + area.width;
        put(
            buf,
            text_x,
            area.y,
            self.editor.shown_from(first),
            right.saturating_sub(text_x),
            style,
        );
        if let Some(pos) = self.cursor(app)
            && let Some(cell) = buf.cell_mut(pos)
        {
            cell.set_style(app.theme.style(Role::Cursor));
        }
    }
}
