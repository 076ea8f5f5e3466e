//! Bookmarks: after `set-mark` or `jump-mark` the next letter names the
//! bookmark. A one-key prompt, so the status bar says it waits.

use super::{Ctx, Input, Layer, Outcome};
use crate::notes::model::is_bookmark_letter;
use crate::tui::action::Action;
use crate::tui::keymap::KeyContext;
use crate::tui::notes::MarkKind;
use crate::tui::reader::Reader;
use crate::tui::view::put;
use crate::tui::widgets::prompt_line;
use crossterm::event::KeyCode;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

/// Opens on `set-mark` and `jump-mark` (when the document has a notes
/// store).
pub fn open(action: Action, cx: &mut Ctx) -> Option<Box<dyn Layer>> {
    let kind = match action {
        Action::SetMark => MarkKind::Set,
        Action::JumpMark => MarkKind::Jump,
        _ => return None,
    };
    if cx.reader.no_store() {
        return None;
    }
    Some(Box::new(Mark { kind }))
}

pub struct Mark {
    pub kind: MarkKind,
}

impl Layer for Mark {
    fn name(&self) -> &'static str {
        "bookmark"
    }

    fn context(&self) -> KeyContext {
        KeyContext::Prompt
    }

    fn handle(&mut self, input: Input, cx: &mut Ctx) -> Outcome {
        match input {
            Input::Key(k) => match k.code {
                KeyCode::Char(c) if !k.ctrl && !k.alt && is_bookmark_letter(c) => {
                    cx.reader.mark(self.kind, c);
                }
                _ => cx.say("no bookmark chosen"),
            },
            Input::Action(_) => cx.say("no bookmark chosen"),
        }
        Outcome::Close
    }

    fn render(&self, app: &Reader, _top: bool, _area: Rect, buf: &mut Buffer) {
        let Some((area, style)) = prompt_line(app, buf) else {
            return;
        };
        let what = match self.kind {
            MarkKind::Set => "set",
            MarkKind::Jump => "jump to",
        };
        put(
            buf,
            area.x,
            area.y,
            &format!(" bookmark to {what}: press a letter…"),
            area.width,
            style,
        );
    }
}
