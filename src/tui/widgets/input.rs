//! One line editor: text with a cursor, CJK-correct widths, the usual
//! editing keys, and the part of the line that fits a width (the text
//! scrolls left so the cursor stays visible).

use crate::text::Widths;
use crate::tui::action::Action;
use crate::tui::keymap::{Input, Key};
use crossterm::event::KeyCode;

/// What a prompt's input is to its line editor: an edit (done), or an
/// action for the prompt layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    /// A typed key or `clear-input` (true when the text changed).
    Edited(bool),
    /// Any other action.
    Action(Action),
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LineEditor {
    text: String,
    /// The cursor, in chars from the start.
    cursor: usize,
}

impl LineEditor {
    /// An editor holding `text`, the cursor at its end.
    pub fn new(text: &str) -> LineEditor {
        LineEditor {
            text: text.to_string(),
            cursor: text.chars().count(),
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// The cursor, in chars.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    fn len(&self) -> usize {
        self.text.chars().count()
    }

    fn byte_at(&self, chars: usize) -> usize {
        self.text
            .char_indices()
            .nth(chars)
            .map_or(self.text.len(), |(i, _)| i)
    }

    /// A prompt's input: typed keys edit the line, `clear-input` clears
    /// what is before the cursor; other actions are the prompt's.
    pub fn input(&mut self, input: Input) -> Edit {
        match input {
            Input::Action(Action::ClearInput) => {
                let changed = self.cursor > 0;
                self.clear_before();
                Edit::Edited(changed)
            }
            Input::Action(a) => Edit::Action(a),
            Input::Key(key) => Edit::Edited(self.key(key) == Some(true)),
        }
    }

    /// Clears the line before the cursor (ctrl-u).
    pub fn clear_before(&mut self) {
        let at = self.byte_at(self.cursor);
        self.text.replace_range(..at, "");
        self.cursor = 0;
    }

    /// An editing key: a character (CJK from an input method included),
    /// backspace, delete, left, right, home, end, ctrl-a, ctrl-e. True when
    /// the text changed; `None` when the key is not an editing key.
    pub fn key(&mut self, key: Key) -> Option<bool> {
        let len = self.len();
        match key.code {
            KeyCode::Backspace => {
                if self.cursor == 0 {
                    return Some(false);
                }
                let at = self.byte_at(self.cursor - 1);
                self.text.remove(at);
                self.cursor -= 1;
                Some(true)
            }
            KeyCode::Delete => {
                if self.cursor >= len {
                    return Some(false);
                }
                let at = self.byte_at(self.cursor);
                self.text.remove(at);
                Some(true)
            }
            KeyCode::Left => {
                self.cursor = self.cursor.saturating_sub(1);
                Some(false)
            }
            KeyCode::Right => {
                self.cursor = (self.cursor + 1).min(len);
                Some(false)
            }
            KeyCode::Home => {
                self.cursor = 0;
                Some(false)
            }
            KeyCode::End => {
                self.cursor = len;
                Some(false)
            }
            KeyCode::Char('a') if key.ctrl => {
                self.cursor = 0;
                Some(false)
            }
            KeyCode::Char('e') if key.ctrl => {
                self.cursor = len;
                Some(false)
            }
            KeyCode::Char(c) if !key.ctrl && !key.alt && !c.is_control() => {
                let at = self.byte_at(self.cursor);
                self.text.insert(at, c);
                self.cursor += 1;
                Some(true)
            }
            _ => None,
        }
    }

    /// What to show in `room` cells: (the first char shown, the cursor's
    /// column from the start of what is shown).
    pub fn window(&self, room: usize, widths: Widths) -> (usize, usize) {
        let chars: Vec<char> = self.text.chars().collect();
        let cursor = self.cursor.min(chars.len());
        let mut first = 0;
        let mut w: usize = chars[..cursor].iter().map(|c| widths.char(*c)).sum();
        while w > room && first < cursor {
            w -= widths.char(chars[first]);
            first += 1;
        }
        (first, w)
    }

    /// The text from char `first` on.
    pub fn shown_from(&self, first: usize) -> &str {
        &self.text[self.byte_at(first)..]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(s: &str) -> LineEditor {
        let mut e = LineEditor::default();
        for c in s.chars() {
            e.key(Key::char(c));
        }
        e
    }

    #[test]
    fn edits_in_the_middle_of_chinese_text() {
        let mut e = typed("红色笔记");
        e.key(Key::plain(KeyCode::Left));
        e.key(Key::plain(KeyCode::Backspace));
        assert_eq!(e.text(), "红色记");
        e.key(Key::char('日'));
        assert_eq!(e.text(), "红色日记");
        e.key(Key::ctrl('a'));
        e.key(Key::plain(KeyCode::Delete));
        assert_eq!(e.text(), "色日记");
        e.key(Key::ctrl('e'));
        assert_eq!(e.cursor(), 3);
        e.key(Key::plain(KeyCode::Left));
        e.clear_before();
        assert_eq!(e.text(), "记");
        assert_eq!(e.key(Key::ctrl('x')), None);
    }

    #[test]
    fn the_window_keeps_the_cursor_in_view_by_cells() {
        let e = typed("中文中文中文");
        // 12 cells, room for 5: the cursor (at the end) must be within.
        let (first, col) = e.window(5, Widths::NARROW);
        assert!(col <= 5, "{first} {col}");
        assert_eq!(first, 4);
        assert_eq!(e.shown_from(first), "中文");
        assert_eq!(typed("ab").window(10, Widths::NARROW), (0, 2));
    }
}
