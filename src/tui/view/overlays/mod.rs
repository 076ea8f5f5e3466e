//! Overlays, drawn bottom to top so the top of the stack is on top.

pub mod entities;
pub mod help;
pub mod notes;
pub mod quotes;
pub mod search;

use super::super::app::App;
use super::super::overlay::Overlay;
use super::super::theme::Role;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, Borders, Clear, Widget};

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let n = app.overlays.len();
    for (i, o) in app.overlays.iter().enumerate() {
        let top = i + 1 == n;
        match o {
            Overlay::Help { scroll } => help::render(app, *scroll, area, buf),
            Overlay::Search(p) => search::render(app, p, area, buf),
            Overlay::Entities(s) => entities::render(app, s, top, buf),
            Overlay::Quotes(s) => quotes::render(app, s, top, buf),
            Overlay::CorpusSearch(s) => super::corpus::render_search(app, s, area, buf),
            Overlay::CorpusEntities(s) => super::corpus::render_entities(app, s, area, buf),
            Overlay::CorpusMentions(s) => super::corpus::render_mentions(app, s, area, buf),
            Overlay::Notes(s) => notes::render_list(app, s, top, buf),
            Overlay::NoteInput(input) => notes::render_input(app, input, buf),
        }
    }
}

/// Clears `r` and draws a titled border; returns the inside.
pub fn popup(app: &App, title: &str, r: Rect, buf: &mut Buffer) -> Rect {
    // A wide character just left of the popup would spill into its border.
    if r.x > buf.area.x {
        for y in r.y..r.y + r.height {
            if let Some(cell) = buf.cell_mut((r.x - 1, y))
                && unicode_width::UnicodeWidthStr::width(cell.symbol()) > 1
            {
                cell.set_symbol(" ");
            }
        }
    }
    Clear.render(r, buf);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(app.theme.style(Role::BorderFocus))
        .title(ratatui::text::Span::styled(
            format!(" {title} "),
            app.theme.style(Role::OverlayTitle),
        ));
    let inner = block.inner(r);
    block.render(r, buf);
    inner
}

/// A panel docked to the right of the text pane, for list overlays (the
/// text beside it stays visible, so jumps can be seen).
pub fn docked(app: &App) -> Rect {
    let t = app.areas.text;
    let w = (t.width / 2).clamp(t.width.min(30), 48).min(t.width);
    Rect::new(t.x + t.width - w, t.y, w, t.height)
}

/// The first row to show so that `selected` stays in a window of `height`.
pub fn scroll_for(selected: usize, height: usize, total: usize) -> usize {
    if total <= height || height == 0 {
        0
    } else {
        selected.saturating_sub(height / 2).min(total - height)
    }
}

/// A one-line dim message in place of a list ("annotating…", "no … found").
pub fn placeholder(app: &App, inner: Rect, msg: &str, buf: &mut Buffer) {
    super::put(
        buf,
        inner.x,
        inner.y,
        msg,
        inner.width,
        app.theme.style(Role::Dim),
    );
}
