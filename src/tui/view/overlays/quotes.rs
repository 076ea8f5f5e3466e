//! Who said what: every quotation with its speaker. Enter jumps to it.

use super::super::super::app::App;
use super::super::super::index::speaker_name;
use super::super::super::overlay::ListState;
use super::super::super::theme::Role;
use super::super::put;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

pub fn render(app: &App, state: &ListState, _top: bool, buf: &mut Buffer) {
    let r = super::docked(app);
    let inner = super::popup(app, "Who said what (Enter jumps)", r, buf);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let theme = &app.theme;
    if app.annotating {
        super::placeholder(app, inner, "annotating…", buf);
        return;
    }
    let quotes = &app.index.quotes;
    if quotes.is_empty() {
        super::placeholder(app, inner, "no quotations found", buf);
        return;
    }
    let start = super::scroll_for(state.selected, inner.height as usize, quotes.len());
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
