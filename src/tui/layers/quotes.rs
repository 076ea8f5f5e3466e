//! Who said what: every quotation with its speaker, docked beside the
//! text. Enter jumps to it.

use super::{Ctx, Input, Layer, Outcome};
use crate::tui::action::Action;
use crate::tui::index::speaker_name;
use crate::tui::keymap::KeyContext;
use crate::tui::reader::Reader;
use crate::tui::theme::Role;
use crate::tui::view::put;
use crate::tui::widgets::{ListState, docked, placeholder, popup, scroll_for};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

/// Opens on `quote-index`.
pub fn open(action: Action, _cx: &mut Ctx) -> Option<Box<dyn Layer>> {
    (action == Action::QuoteIndex).then(|| Box::new(Quotes::default()) as Box<dyn Layer>)
}

#[derive(Default)]
pub struct Quotes {
    pub list: ListState,
}

impl Layer for Quotes {
    fn name(&self) -> &'static str {
        "quotes"
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
        let n = cx.reader.index.quotes.len();
        match action {
            a if self.list.step(a, n) => Outcome::Handled,
            Action::Close => Outcome::Close,
            Action::Activate => {
                let r = &mut *cx.reader;
                let span = r
                    .index
                    .quotes
                    .get(self.list.selected)
                    .and_then(|&id| r.doc.get(id))
                    .map(|a| a.span);
                if let Some(span) = span {
                    r.goto(span.start);
                }
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
    let inner = popup(app, "Who said what (Enter jumps)", r, buf);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let theme = &app.theme;
    if app.annotating {
        placeholder(app, inner, "annotating…", buf);
        return;
    }
    let quotes = &app.index.quotes;
    if quotes.is_empty() {
        placeholder(app, inner, "no quotations found", buf);
        return;
    }
    let start = scroll_for(state.selected, inner.height as usize, quotes.len());
    for (i, &id) in quotes
        .iter()
        .enumerate()
        .skip(start)
        .take(inner.height as usize)
    {
        let Some(a) = app.doc.get(id) else { continue };
        let y = inner.y + (i - start) as u16;
        let selected = i == state.selected;
        let base = if selected {
            theme.style(Role::Selected)
        } else {
            theme.style(Role::Text)
        };
        if selected {
            buf.set_style(Rect::new(inner.x, y, inner.width, 1), base);
        }
        let speaker = speaker_name(&app.doc, a).unwrap_or_else(|| "?".to_string());
        let x = put(
            buf,
            inner.x,
            y,
            &speaker,
            inner.width,
            base.patch(theme.style(Role::Speaker)),
        );
        let x = put(
            buf,
            x,
            y,
            ": ",
            inner.width.saturating_sub(x - inner.x),
            base,
        );
        let quote = app.doc.doc.span_text(a.span);
        put(
            buf,
            x,
            y,
            quote,
            inner.width.saturating_sub(x - inner.x),
            base.patch(theme.style(Role::Quote)),
        );
    }
}
