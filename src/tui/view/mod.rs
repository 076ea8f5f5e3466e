//! Pure render functions of the reader's panes (outline, text, details,
//! status): each reads the app and paints into the frame's buffer; then
//! the layers paint themselves, bottom-up. Nothing here changes state.

pub mod corpus;
pub mod details;
pub mod notes;
pub mod outline;
pub mod status;
pub mod table;
pub mod text;

use super::app::{App, Focus};
use super::reader::Reader;
use super::theme::Role;
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::{Block, Borders, Widget};

/// Draws a whole frame. The app's panes were computed for its last known
/// size (`App::resize`); drawing into a frame of another size (a resize
/// not yet seen) stays inside the frame.
pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    render(app, area, frame.buffer_mut());
    if let Some(pos) = app.layers().last().and_then(|l| l.cursor(&app.reader))
        && area.contains(pos.into())
    {
        frame.set_cursor_position(pos);
    }
}

/// Renders into a buffer (also used by benches): the reader's panes unless
/// a layer covers them, the status bar, then the layers bottom-up. Every
/// pane is clipped to `area`.
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let areas = app.areas;
    let bounds = area.intersection(buf.area);
    let clip = |r: Rect| r.intersection(bounds);
    if areas.text.width == 0 || area.height == 0 || area.width == 0 {
        return;
    }
    if !app.layers().iter().any(|l| l.opaque()) {
        if let Some(o) = areas.outline {
            outline::render(app, clip(o), buf);
        }
        text::render(app, clip(areas.text), buf);
        if let Some(d) = areas.details {
            details::render(app, clip(d), buf);
        }
    }
    status::render(app, clip(areas.status), buf);
    let n = app.layers().len();
    for (i, layer) in app.layers().iter().enumerate() {
        layer.render(&app.reader, i + 1 == n, clip(area), buf);
    }
    scrub(buf, bounds);
}

/// The last word on what reaches the terminal: a character that is not
/// drawn (C0/C1 controls, bidi overrides and isolates from a document, a
/// note or a file name) rides along with the cell before it in any pane that
/// writes strings; it is dropped here, whatever pane put it there.
fn scrub(buf: &mut Buffer, area: Rect) {
    use crate::text::safe::is_unsafe;
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            if let Some(cell) = buf.cell_mut((x, y))
                && cell.symbol().chars().any(is_unsafe)
            {
                let kept: String = cell.symbol().chars().filter(|&c| !is_unsafe(c)).collect();
                cell.set_symbol(if kept.is_empty() { " " } else { &kept });
            }
        }
    }
}

/// A bordered pane with a title, its border lit when focused.
pub fn pane(app: &Reader, title: &str, focused: bool, area: Rect, buf: &mut Buffer) -> Rect {
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
    app.focus == Focus::Text && !app.overlay_open()
}

/// Writes `s` cut to `width` cells at (x, y), never outside the buffer;
/// returns the x after it.
pub fn put(buf: &mut Buffer, x: u16, y: u16, s: &str, width: u16, style: Style) -> u16 {
    let a = buf.area;
    if y < a.y || y >= a.y + a.height || x < a.x || x >= a.x + a.width {
        return x;
    }
    let width = width.min(a.x + a.width - x);
    let s = crate::text::truncate(s, width as usize);
    buf.set_stringn(x, y, s, width as usize, style).0
}
