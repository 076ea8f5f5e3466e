//! Pure render functions: each reads an `&App` and paints into the frame's
//! buffer. Nothing here changes state.

pub mod corpus;
pub mod details;
pub mod outline;
pub mod overlays;
pub mod status;
pub mod text;

use super::app::{App, Focus};
use super::theme::Role;
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::{Block, Borders, Widget};

/// Draws a whole frame. The app's panes were computed for its last known
/// size (`App::resize`); the frame's area should be that size.
pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    render(app, area, frame.buffer_mut());
    if let Some(pos) = overlays::notes::input_cursor(app) {
        frame.set_cursor_position(pos);
    }
}

/// Renders into a buffer (also used by benches).
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let areas = app.areas;
    if areas.text.width == 0 || area.height == 0 {
        return;
    }
    if app.corpus_listing() {
        corpus::render_list(app, area, buf);
        status::render(app, areas.status, buf);
        overlays::render(app, area, buf);
        return;
    }
    if let Some(o) = areas.outline {
        outline::render(app, o, buf);
    }
    text::render(app, areas.text, buf);
    if let Some(d) = areas.details {
        details::render(app, d, buf);
    }
    status::render(app, areas.status, buf);
    overlays::render(app, area, buf);
}

/// A bordered pane with a title, its border lit when focused.
pub fn pane(app: &App, title: &str, focused: bool, area: Rect, buf: &mut Buffer) -> Rect {
    let theme = &app.theme;
    let border = if focused {
        theme.style(Role::BorderFocus)
    } else {
        theme.style(Role::Border)
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(border)
        .title(ratatui::text::Span::styled(
            format!(" {title} "),
            theme.style(Role::PaneTitle),
        ));
    let inner = block.inner(area);
    block.render(area, buf);
    inner
}

/// Whether the text pane has the keyboard.
pub fn text_focused(app: &App) -> bool {
    app.focus == Focus::Text && app.overlays.is_empty()
}

/// Writes `s` cut to `width` cells at (x, y); returns the x after it.
pub fn put(buf: &mut Buffer, x: u16, y: u16, s: &str, width: u16, style: Style) -> u16 {
    let s = crate::text::truncate(s, width as usize);
    buf.set_stringn(x, y, s, width as usize, style).0
}
