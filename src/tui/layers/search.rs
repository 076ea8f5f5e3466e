//! The search prompt: typing searches incrementally (hits found as you
//! type); Enter keeps the hits for n/N, Escape goes back to where reading
//! was. Drawn over the status bar.

use super::{Ctx, Input, Layer, Outcome};
use crate::tui::action::Action;
use crate::tui::keymap::KeyContext;
use crate::tui::reader::{Reader, Search};
use crate::tui::view::put;
use crate::tui::widgets::{Edit, LineEditor, prompt_line};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

/// Opens on `search` (corpus mode's document list opens its own).
pub fn open(action: Action, cx: &mut Ctx) -> Option<Box<dyn Layer>> {
    (action == Action::Search).then(|| Box::new(SearchPrompt::new(cx.reader)) as Box<dyn Layer>)
}

/// The query being typed, and where reading was when it opened.
pub struct SearchPrompt {
    pub query: LineEditor,
    origin_top: usize,
    origin_cursor: Option<usize>,
}

impl SearchPrompt {
    pub fn new(reader: &Reader) -> SearchPrompt {
        SearchPrompt {
            query: LineEditor::default(),
            origin_top: reader.top,
            origin_cursor: reader.cursor,
        }
    }

    fn origin(&self, reader: &Reader) -> usize {
        self.origin_cursor
            .unwrap_or_else(|| reader.lines().get(self.origin_top).map_or(0, |l| l.start))
    }

    fn rerun(&self, reader: &mut Reader) {
        let origin = self.origin(reader);
        reader.run_search(self.query.text(), origin);
    }
}

impl Layer for SearchPrompt {
    fn name(&self) -> &'static str {
        "search"
    }

    fn context(&self) -> KeyContext {
        KeyContext::Prompt
    }

    fn handle(&mut self, input: Input, cx: &mut Ctx) -> Outcome {
        match self.query.input(input) {
            Edit::Edited(true) => {
                self.rerun(cx.reader);
                Outcome::Handled
            }
            Edit::Action(Action::Close) => {
                let r = &mut *cx.reader;
                r.search = Search::default();
                r.cursor = self.origin_cursor;
                r.set_top(self.origin_top);
                Outcome::Close
            }
            Edit::Action(Action::Activate) => {
                let s = &cx.reader.search;
                if s.hits.is_empty() && !s.query.is_empty() {
                    let msg = format!("not found: {}", s.query);
                    cx.say(msg);
                }
                Outcome::Close
            }
            Edit::Edited(false) | Edit::Action(_) => Outcome::Handled,
        }
    }

    fn render(&self, app: &Reader, _top: bool, _area: Rect, buf: &mut Buffer) {
        let Some((area, style)) = prompt_line(app, buf) else {
            return;
        };
        let n = app.search.hits.len();
        let count = match app.search.current {
            _ if self.query.text().is_empty() => String::new(),
            Some(i) => format!("   {}/{}", i + 1, n),
            None => "   no match".into(),
        };
        let s = format!("/{}▏{count}", self.query.text());
        put(buf, area.x, area.y, &s, area.width, style);
    }
}
