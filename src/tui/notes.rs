//! The reader's notes in the browser: selecting a span from the word
//! cursor, highlighting it (optionally with a note typed in an input line),
//! editing and deleting notes, the notes list, bookmarks (`m` + letter,
//! `'` + letter) and the reading position saved on quit.
//!
//! These are the reader's side of notes; the note input line, the notes
//! list and the bookmark letter are layers (`layers/note_input.rs`,
//! `layers/notes.rs`, `layers/mark.rs`). Every change is saved at once
//! through [`NoteStore::save`].

use super::action::Action;
use super::reader::{Reader, ReadingPosition as ViewPosition};
use crate::model::Span;
use crate::notes::{Colour, NoteStore, ReadingPosition};

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
    /// The colour new highlights get (the last one used).
    pub colour: Colour,
}

/// A note being written: a new note on `span`, or an edit of note `id`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteDraft {
    pub id: Option<String>,
    pub span: Span,
    pub text: String,
    pub colour: Colour,
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

impl Reader {
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
        self.notes.store = Some(store);
    }

    /// The document's notes, when attached.
    pub fn note_store(&self) -> Option<&NoteStore> {
        self.notes.store.as_ref()
    }

    /// Records the reading position and saves (on quit).
    pub fn close_notes(&mut self) -> anyhow::Result<()> {
        let pos = from_view(self.reading_position());
        let Some(store) = self.notes.store.as_mut() else {
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
        let anchor = self.notes.selection?;
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
        let i = toks.partition_point(|t| t.span().end <= pos);
        if let Some(t) = toks.get(i).filter(|t| t.span().contains_pos(pos)) {
            return Some(t.span());
        }
        let ch = self.doc.doc.text.get(pos..)?.chars().next()?;
        Some(Span::new(pos, pos + ch.len_utf8()))
    }

    /// The id of the (innermost) note under the cursor.
    pub fn note_under_cursor(&self) -> Option<String> {
        let c = self.cursor?;
        let store = self.notes.store.as_ref()?;
        store
            .notes_at(c)
            .into_iter()
            .min_by_key(|p| p.at.map_or(usize::MAX, |a| a.span.len()))
            .map(|p| p.note.id.clone())
    }

    fn persist(&mut self) {
        let Some(store) = self.notes.store.as_mut() else {
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

    pub fn no_store(&mut self) -> bool {
        if self.notes.store.is_none() {
            self.message = Some("notes are not available for this document".into());
            return true;
        }
        false
    }

    /// Sets or jumps to bookmark `letter`.
    pub fn mark(&mut self, kind: MarkKind, letter: char) {
        let here = from_view(self.reading_position());
        let Some(store) = self.notes.store.as_mut() else {
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

    /// Saves a written note (or a bare highlight).
    pub fn finish_note(&mut self, input: NoteDraft) {
        let Some(store) = self.notes.store.as_mut() else {
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
        self.notes.colour = input.colour;
        self.notes.selection = None;
        self.persist();
    }

    /// A draft that edits note `id`.
    pub fn draft_of(&mut self, id: &str) -> Option<NoteDraft> {
        let Some(store) = self.notes.store.as_ref() else {
            self.no_store();
            return None;
        };
        let note = store.note(id)?;
        let span = store.attachment(id).map_or(Span::default(), |a| a.span);
        Some(NoteDraft {
            id: Some(id.to_string()),
            span,
            text: note.text.clone(),
            colour: note.colour,
        })
    }

    /// A draft for a new note on the selection or the cursor's word.
    pub fn new_draft(&mut self) -> Option<NoteDraft> {
        if self.no_store() {
            return None;
        }
        let Some(span) = self.target_span() else {
            self.message = Some("no word under the cursor: move to a word first".into());
            return None;
        };
        Some(NoteDraft {
            id: None,
            span,
            text: String::new(),
            colour: self.notes.colour,
        })
    }

    pub fn delete_note(&mut self, id: &str) {
        if let Some(store) = self.notes.store.as_mut()
            && store.delete(id)
        {
            self.message = Some("note deleted".into());
            self.persist();
        }
    }

    /// Moves the cursor to byte `pos` and scrolls it into view.
    pub fn goto(&mut self, pos: usize) {
        self.cursor = Some(pos);
        self.ensure_cursor_visible();
    }

    /// The note actions of the key table.
    pub fn notes_action(&mut self, action: Action) {
        match action {
            Action::Select => {
                if self.notes.selection.take().is_some() {
                    self.message = Some("selection cleared".into());
                } else if let Some(c) = self.cursor {
                    self.notes.selection = Some(c);
                    self.message = Some("selecting: move to extend, then highlight".into());
                } else {
                    self.message = Some("no word under the cursor: move to a word first".into());
                }
            }
            Action::Highlight => {
                if let Some(draft) = self.new_draft() {
                    self.finish_note(draft);
                }
            }
            Action::NoteColour => match self.note_under_cursor() {
                Some(id) => {
                    let colour = self
                        .note_store()
                        .and_then(|s| s.note(&id))
                        .map_or(Colour::default(), |n| n.colour.next());
                    if let Some(store) = self.notes.store.as_mut() {
                        store.edit(&id, None, Some(colour));
                    }
                    self.notes.colour = colour;
                    self.message = Some(format!("colour: {}", colour.name()));
                    self.persist();
                }
                None => {
                    self.notes.colour = self.notes.colour.next();
                    self.message = Some(format!("new highlights: {}", self.notes.colour.name()));
                }
            },
            Action::DeleteNote => match self.note_under_cursor() {
                Some(id) => self.delete_note(&id),
                None => self.message = Some("no note under the cursor".into()),
            },
            Action::NextNote | Action::PrevNote => self.step_note(action == Action::NextNote),
            _ => {}
        }
    }

    fn step_note(&mut self, forward: bool) {
        let Some(store) = self.notes.store.as_ref() else {
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

    /// A left-button drag over the text extends a selection from where the
    /// button went down.
    pub(crate) fn notes_drag(&mut self, x: u16, y: u16) {
        if let Some(pos) = self.byte_at(x, y) {
            if self.notes.selection.is_none() {
                self.notes.selection = self.cursor.or(Some(pos));
            }
            self.cursor = Some(pos);
        }
    }
}
