//! The reader's notes in the browser: selecting a span from the word
//! cursor, highlighting it (optionally with a note typed in an input line),
//! editing and deleting notes, the notes list, bookmarks (`m` + letter,
//! `'` + letter) and the reading position saved on quit.
//!
//! Everything comes in through the key table's actions; only the note input
//! line and the letter after `m` / `'` read raw keys (like the search
//! prompt). Every change is saved at once through [`NoteStore::save`].

use super::action::Action;
use super::app::{App, ReadingPosition as ViewPosition};
use super::keymap::Key;
use super::overlay::{ListState, Overlay};
use crate::model::Span;
use crate::notes::model::is_bookmark_letter;
use crate::notes::{Colour, NoteStore, ReadingPosition};
use crossterm::event::KeyCode;

/// What the next letter key does after `m` or `'`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkKind {
    Set,
    Jump,
}

/// The app's notes state.
#[derive(Default)]
pub struct ReaderNotes {
    /// The document's notes; `None` until attached (or when the data
    /// directory is unavailable).
    pub store: Option<NoteStore>,
    /// Where a selection began (a byte offset), while one is being made.
    pub selection: Option<usize>,
    /// Waiting for the letter of a bookmark.
    pub pending_mark: Option<MarkKind>,
    /// The colour new highlights get (the last one used).
    pub colour: Colour,
}

/// The note input line: a new note on `span`, or an edit of note `id`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteInput {
    pub id: Option<String>,
    pub span: Span,
    pub text: String,
    /// The cursor, in chars from the start of `text`.
    pub cursor: usize,
    pub colour: Colour,
}

impl NoteInput {
    fn byte_at(&self, chars: usize) -> usize {
        self.text
            .char_indices()
            .nth(chars)
            .map_or(self.text.len(), |(i, _)| i)
    }
    fn len(&self) -> usize {
        self.text.chars().count()
    }
}

fn to_view(p: ReadingPosition) -> ViewPosition {
    ViewPosition {
        section: p.section,
        char_offset: p.offset,
    }
}

fn from_view(p: ViewPosition) -> ReadingPosition {
    ReadingPosition {
        section: p.section,
        offset: p.char_offset,
    }
}

impl App {
    /// Gives the app the document's notes: restores the reading position
    /// and shows any message from the store (a corrupt file moved aside…).
    pub fn attach_notes(&mut self, mut store: NoteStore) {
        let messages = store.take_messages();
        if !messages.is_empty() {
            self.message = Some(messages.join(" · "));
        }
        let orphans = store.orphans().len();
        if orphans > 0 && self.message.is_none() {
            self.message = Some(format!(
                "{orphans} note(s) lost their text in this version: see the notes list"
            ));
        }
        if let Some(p) = store.position() {
            self.restore_position(to_view(p));
        }
        self.reader.store = Some(store);
    }

    /// The document's notes, when attached.
    pub fn note_store(&self) -> Option<&NoteStore> {
        self.reader.store.as_ref()
    }

    /// Records the reading position and saves (on quit).
    pub fn close_notes(&mut self) -> anyhow::Result<()> {
        let pos = from_view(self.reading_position());
        let Some(store) = self.reader.store.as_mut() else {
            return Ok(());
        };
        store.set_position(pos);
        if store.is_dirty() {
            store.save()?;
        }
        Ok(())
    }

    /// The selected span: from where the selection began to the cursor,
    /// whole words at both ends.
    pub fn selection_span(&self) -> Option<Span> {
        let anchor = self.reader.selection?;
        let cursor = self.cursor?;
        let a = self.unit_at(anchor)?;
        let b = self.unit_at(cursor)?;
        Some(Span::new(a.start.min(b.start), a.end.max(b.end)))
    }

    /// What a highlight would cover now: the selection, else the cursor's word.
    fn target_span(&self) -> Option<Span> {
        self.selection_span().or_else(|| self.cursor_span())
    }

    /// The word (token) at byte `pos`, else its character.
    fn unit_at(&self, pos: usize) -> Option<Span> {
        let toks = &self.doc.tokens;
        let i = toks.partition_point(|t| t.span.end <= pos);
        if let Some(t) = toks.get(i).filter(|t| t.span.contains_pos(pos)) {
            return Some(t.span);
        }
        let ch = self.doc.doc.text.get(pos..)?.chars().next()?;
        Some(Span::new(pos, pos + ch.len_utf8()))
    }

    /// The id of the (innermost) note under the cursor.
    pub fn note_under_cursor(&self) -> Option<String> {
        let c = self.cursor?;
        let store = self.reader.store.as_ref()?;
        store
            .notes_at(c)
            .into_iter()
            .min_by_key(|p| p.at.map_or(usize::MAX, |a| a.span.len()))
            .map(|p| p.note.id.clone())
    }

    fn persist(&mut self) {
        let Some(store) = self.reader.store.as_mut() else {
            return;
        };
        let result = store.save();
        let messages = store.take_messages();
        if let Err(e) = result {
            self.message = Some(format!("{e:#}"));
        } else if !messages.is_empty() {
            self.message = Some(messages.join(" · "));
        }
    }

    fn no_store(&mut self) -> bool {
        if self.reader.store.is_none() {
            self.message = Some("notes are not available for this document".into());
            return true;
        }
        false
    }

    /// Keys that are text, not actions: the note input line and the letter
    /// after `m` / `'`. True when the key was used here.
    pub(crate) fn notes_key(&mut self, key: Key) -> bool {
        if matches!(self.overlays.last(), Some(Overlay::NoteInput(_))) {
            self.note_input_key(key);
            return true;
        }
        let Some(kind) = self.reader.pending_mark.take() else {
            return false;
        };
        match key.code {
            KeyCode::Char(c) if !key.ctrl && !key.alt && is_bookmark_letter(c) => {
                self.mark(kind, c)
            }
            _ => self.message = Some("no bookmark chosen".into()),
        }
        true
    }

    fn mark(&mut self, kind: MarkKind, letter: char) {
        let here = from_view(self.reading_position());
        let Some(store) = self.reader.store.as_mut() else {
            self.no_store();
            return;
        };
        match kind {
            MarkKind::Set => {
                store.set_bookmark(letter, here);
                self.message = Some(format!("bookmark {letter} set"));
                self.persist();
            }
            MarkKind::Jump => match store.bookmark(letter) {
                Some(p) => {
                    self.restore_position(to_view(p));
                    self.message = Some(format!("bookmark {letter}"));
                }
                None => self.message = Some(format!("no bookmark {letter}")),
            },
        }
    }

    fn note_input_key(&mut self, key: Key) {
        let Some(Overlay::NoteInput(input)) = self.overlays.last_mut() else {
            return;
        };
        match key.code {
            KeyCode::Esc => {
                self.overlays.pop();
                self.message = Some("note cancelled".into());
            }
            KeyCode::Enter => {
                let input = input.clone();
                self.overlays.pop();
                self.finish_note(input);
            }
            KeyCode::Tab => input.colour = input.colour.next(),
            KeyCode::Backspace if input.cursor > 0 => {
                let at = input.byte_at(input.cursor - 1);
                input.text.remove(at);
                input.cursor -= 1;
            }
            KeyCode::Delete if input.cursor < input.len() => {
                let at = input.byte_at(input.cursor);
                input.text.remove(at);
            }
            KeyCode::Left => input.cursor = input.cursor.saturating_sub(1),
            KeyCode::Right => input.cursor = (input.cursor + 1).min(input.len()),
            KeyCode::Home => input.cursor = 0,
            KeyCode::End => input.cursor = input.len(),
            KeyCode::Char('a') if key.ctrl => input.cursor = 0,
            KeyCode::Char('e') if key.ctrl => input.cursor = input.len(),
            KeyCode::Char('u') if key.ctrl => {
                let at = input.byte_at(input.cursor);
                input.text.replace_range(..at, "");
                input.cursor = 0;
            }
            // Any other character, CJK from an input method included.
            KeyCode::Char(c) if !key.ctrl && !key.alt && !c.is_control() => {
                let at = input.byte_at(input.cursor);
                input.text.insert(at, c);
                input.cursor += 1;
            }
            _ => {}
        }
    }

    fn finish_note(&mut self, input: NoteInput) {
        let Some(store) = self.reader.store.as_mut() else {
            self.no_store();
            return;
        };
        let text = input.text.trim();
        match &input.id {
            Some(id) => {
                store.edit(id, Some(text), Some(input.colour));
                self.message = Some("note saved".into());
            }
            None => {
                if store.add(input.span, input.colour, text).is_some() {
                    self.message = Some(if text.is_empty() {
                        "highlighted".into()
                    } else {
                        "note added".into()
                    });
                }
            }
        }
        self.reader.colour = input.colour;
        self.reader.selection = None;
        self.persist();
    }

    /// Opens the input line to edit note `id`.
    fn edit_note(&mut self, id: &str) {
        let Some(store) = self.reader.store.as_ref() else {
            self.no_store();
            return;
        };
        let Some(note) = store.note(id) else { return };
        let span = store.attachment(id).map_or(Span::default(), |a| a.span);
        let input = NoteInput {
            id: Some(id.to_string()),
            span,
            cursor: note.text.chars().count(),
            text: note.text.clone(),
            colour: note.colour,
        };
        self.overlays.push(Overlay::NoteInput(input));
    }

    fn delete_note(&mut self, id: &str) {
        if let Some(store) = self.reader.store.as_mut()
            && store.delete(id)
        {
            self.message = Some("note deleted".into());
            self.persist();
        }
    }

    /// Moves the cursor to byte `pos` and scrolls it into view.
    fn goto(&mut self, pos: usize) {
        self.cursor = Some(pos);
        self.ensure_cursor_visible();
    }

    /// The note actions of the key table.
    pub(crate) fn notes_action(&mut self, action: Action) {
        match action {
            Action::Select => {
                if self.reader.selection.take().is_some() {
                    self.message = Some("selection cleared".into());
                } else if let Some(c) = self.cursor {
                    self.reader.selection = Some(c);
                    self.message = Some("selecting: move to extend, then highlight".into());
                } else {
                    self.message = Some("no word under the cursor: move to a word first".into());
                }
            }
            Action::Highlight | Action::Annotate => {
                if self.no_store() {
                    return;
                }
                let Some(span) = self.target_span() else {
                    self.message = Some("no word under the cursor: move to a word first".into());
                    return;
                };
                let input = NoteInput {
                    id: None,
                    span,
                    text: String::new(),
                    cursor: 0,
                    colour: self.reader.colour,
                };
                if action == Action::Annotate {
                    self.overlays.push(Overlay::NoteInput(input));
                } else {
                    self.finish_note(input);
                }
            }
            Action::EditNote => match self.note_under_cursor() {
                Some(id) => self.edit_note(&id),
                None => self.message = Some("no note under the cursor".into()),
            },
            Action::NoteColour => match self.note_under_cursor() {
                Some(id) => {
                    let colour = self
                        .note_store()
                        .and_then(|s| s.note(&id))
                        .map_or(Colour::default(), |n| n.colour.next());
                    if let Some(store) = self.reader.store.as_mut() {
                        store.edit(&id, None, Some(colour));
                    }
                    self.reader.colour = colour;
                    self.message = Some(format!("colour: {}", colour.name()));
                    self.persist();
                }
                None => {
                    self.reader.colour = self.reader.colour.next();
                    self.message = Some(format!("new highlights: {}", self.reader.colour.name()));
                }
            },
            Action::DeleteNote => match self.note_under_cursor() {
                Some(id) => self.delete_note(&id),
                None => self.message = Some("no note under the cursor".into()),
            },
            Action::NotesIndex => {
                if self.no_store() {
                    return;
                }
                self.overlays.retain(|o| !matches!(o, Overlay::Notes(_)));
                self.overlays.push(Overlay::Notes(ListState::default()));
            }
            Action::NextNote | Action::PrevNote => self.step_note(action == Action::NextNote),
            Action::SetMark | Action::JumpMark => {
                if self.no_store() {
                    return;
                }
                let (kind, what) = if action == Action::SetMark {
                    (MarkKind::Set, "set")
                } else {
                    (MarkKind::Jump, "jump to")
                };
                self.reader.pending_mark = Some(kind);
                self.message = Some(format!("bookmark to {what}: press a letter"));
            }
            _ => {}
        }
    }

    fn step_note(&mut self, forward: bool) {
        let Some(store) = self.reader.store.as_ref() else {
            self.no_store();
            return;
        };
        let starts: Vec<usize> = store
            .placed()
            .iter()
            .filter_map(|p| p.at.map(|a| a.span.start))
            .collect();
        let from = self.cursor.unwrap_or(0);
        let target = if forward {
            starts.iter().copied().find(|&s| s > from)
        } else {
            starts.iter().rev().copied().find(|&s| s < from)
        };
        match target {
            Some(pos) => self.goto(pos),
            None => {
                let dir = if forward { "next" } else { "previous" };
                self.message = Some(format!("no {dir} note"));
            }
        }
    }

    /// The notes list overlay's share of the actions.
    pub(crate) fn notes_overlay_update(&mut self, action: Action) -> bool {
        let placed: Vec<(String, Option<usize>)> = self
            .reader
            .store
            .as_ref()
            .map(|s| {
                s.placed()
                    .iter()
                    .map(|p| (p.note.id.clone(), p.at.map(|a| a.span.start)))
                    .collect()
            })
            .unwrap_or_default();
        let Some(Overlay::Notes(state)) = self.overlays.last_mut() else {
            return false;
        };
        let last = placed.len().saturating_sub(1);
        state.selected = state.selected.min(last);
        match action {
            a if state.step(a, placed.len()) => {}
            Action::Close | Action::NotesIndex => {
                self.overlays.pop();
            }
            Action::Activate => match placed.get(state.selected) {
                Some((_, Some(pos))) => {
                    let pos = *pos;
                    self.overlays.pop();
                    self.goto(pos);
                }
                Some((_, None)) => {
                    self.message = Some("this note's text is gone from the document".into())
                }
                None => {}
            },
            Action::DeleteNote => {
                if let Some((id, _)) = placed.get(state.selected) {
                    let id = id.clone();
                    self.delete_note(&id);
                }
            }
            Action::EditNote | Action::Annotate => {
                if let Some((id, _)) = placed.get(state.selected) {
                    let id = id.clone();
                    self.edit_note(&id);
                }
            }
            _ => return false,
        }
        true
    }

    /// A left-button drag over the text extends a selection from where the
    /// button went down.
    pub(crate) fn notes_drag(&mut self, x: u16, y: u16) {
        if let Some(pos) = self.byte_at(x, y) {
            if self.reader.selection.is_none() {
                self.reader.selection = self.cursor.or(Some(pos));
            }
            self.cursor = Some(pos);
        }
    }
}
