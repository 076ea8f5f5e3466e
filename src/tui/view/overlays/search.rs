//! The search prompt, drawn over the status bar while typing.

use super::super::super::app::App;
use super::super::super::overlay::SearchPrompt;
use super::super::super::theme::Role;
use super::super::put;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

pub fn render(app: &App, prompt: &SearchPrompt, _area: Rect, buf: &mut Buffer) {
    let area = app.areas.status;
    if area.height == 0 {
        return;
    }
    let style = app.theme.style(Role::Status);
    buf.set_style(area, style);
    for x in area.x..area.x + area.width {
        buf[(x, area.y)].set_symbol(" ");
    }
    let n = app.search.hits.len();
    let count = match app.search.current {
        _ if prompt.query.is_empty() => String::new(),
        Some(i) => format!("   {}/{}", i + 1, n),
        None => "   no match".into(),
    };
    let s = format!("/{}▏{count}", prompt.query);
    put(buf, area.x, area.y, &s, area.width, style);
}
