//! The help overlay, generated from the key table (so help and the keys
//! the app obeys never disagree).

use super::super::super::action::Action;
use super::super::super::app::App;
use super::super::super::theme::Role;
use super::super::put;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

/// Lines after the keys: the dictionary's attribution (CC-CEDICT asks
/// for it wherever its content is shown).
pub const ABOUT: [&str; 4] = [
    "",
    "About: pinyin and English glosses come from CC-CEDICT (2023-11-07),",
    "published by MDBG, licensed CC BY-SA 4.0:",
    "https://creativecommons.org/licenses/by-sa/4.0/",
];

/// Width of the keys column.
const KEYS_COL: u16 = 22;

pub fn render(app: &App, scroll: usize, area: Rect, buf: &mut Buffer) {
    let rows = app.keymap.help_rows();
    let w = area.width.saturating_sub(4).min(80);
    let total = rows.len() + ABOUT.len();
    let h = (total as u16 + 2).min(area.height.saturating_sub(2));
    if w < 10 || h < 3 {
        return;
    }
    let r = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    );
    // The title's keys come from the table too (the config may rebind them).
    let key = |a: Action| app.keymap.first_key(a).unwrap_or_else(|| "-".into());
    let title = format!(
        "Keys ({}/{} scroll, {} close)",
        key(Action::ScrollDown),
        key(Action::ScrollUp),
        key(Action::Close)
    );
    let inner = super::popup(app, &title, r, buf);
    let theme = &app.theme;
    let widest = rows
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0) as u16;
    let key_w = (widest + 1).min(KEYS_COL).min(inner.width / 2);
    let start = scroll.min(total.saturating_sub(inner.height as usize));
    for (i, (keys, action)) in rows
        .iter()
        .skip(start)
        .take(inner.height as usize)
        .enumerate()
    {
        let y = inner.y + i as u16;
        put(
            buf,
            inner.x,
            y,
            keys,
            key_w,
            theme
                .style(Role::StatusKey)
                .bg(ratatui::style::Color::Reset),
        );
        put(
            buf,
            inner.x + key_w + 1,
            y,
            action.describe(),
            inner.width.saturating_sub(key_w + 1),
            theme.style(Role::Text),
        );
    }
    let shown = rows.len().saturating_sub(start).min(inner.height as usize);
    for (i, line) in ABOUT
        .iter()
        .enumerate()
        .skip(start.saturating_sub(rows.len()))
        .take((inner.height as usize).saturating_sub(shown))
    {
        let y = inner.y + (shown + i - start.saturating_sub(rows.len())) as u16;
        put(buf, inner.x, y, line, inner.width, theme.style(Role::Dim));
    }
}
