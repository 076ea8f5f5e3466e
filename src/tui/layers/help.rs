//! The help layer, generated from the key table (so help and the keys
//! the app obeys never disagree): the reader's keys, then those of lists
//! and prompts.

use super::{Ctx, Input, Layer, Outcome};
use crate::tui::action::Action;
use crate::tui::keymap::{KeyContext, KeyMap, context_note};
use crate::tui::reader::Reader;
use crate::tui::theme::Role;
use crate::tui::view::put;
use crate::tui::widgets::popup;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

/// Opens on `help`.
pub fn open(action: Action, _cx: &mut Ctx) -> Option<Box<dyn Layer>> {
    (action == Action::Help).then(|| Box::new(Help { scroll: 0 }) as Box<dyn Layer>)
}

/// The help popup, scrolled by `scroll` rows.
pub struct Help {
    pub scroll: usize,
}

/// One row of help: a section header, or keys and their action.
enum Row {
    Header(String),
    Keys(String, Action),
}

fn rows(keymap: &KeyMap) -> Vec<Row> {
    let mut out = Vec::new();
    for (context, rows) in keymap.help_sections() {
        if context != KeyContext::Reader {
            out.push(Row::Header(String::new()));
            out.push(Row::Header(format!(
                "In {} ({}):",
                context.name(),
                context_note(context)
            )));
        }
        out.extend(rows.into_iter().map(|(k, a)| Row::Keys(k, a)));
    }
    out
}

impl Layer for Help {
    fn name(&self) -> &'static str {
        "help"
    }

    fn context(&self) -> KeyContext {
        KeyContext::List
    }

    fn hints(&self) -> &'static [(Action, &'static str)] {
        &[(Action::ScrollDown, "scroll"), (Action::Close, "close")]
    }

    fn handle(&mut self, input: Input, cx: &mut Ctx) -> Outcome {
        let Input::Action(action) = input else {
            return Outcome::Pass;
        };
        let total = rows(&cx.reader.keymap).len() + ABOUT.len();
        let last = total.saturating_sub(1);
        match action {
            Action::ScrollDown => self.scroll = (self.scroll + 1).min(last),
            Action::ScrollUp => self.scroll = self.scroll.saturating_sub(1),
            Action::PageDown | Action::HalfPageDown => self.scroll = (self.scroll + 10).min(last),
            Action::PageUp | Action::HalfPageUp => self.scroll = self.scroll.saturating_sub(10),
            Action::Top => self.scroll = 0,
            Action::Bottom => self.scroll = last,
            Action::Close | Action::Help | Action::Activate => return Outcome::Close,
            _ => return Outcome::Pass,
        }
        Outcome::Handled
    }

    fn render(&self, reader: &Reader, _top: bool, area: Rect, buf: &mut Buffer) {
        render(reader, self.scroll, area, buf);
    }
}

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

fn render(app: &Reader, scroll: usize, area: Rect, buf: &mut Buffer) {
    let rows = rows(&app.keymap);
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
    let key = |a: Action| {
        app.keymap
            .first_key_in(KeyContext::List, a)
            .unwrap_or_else(|| "-".into())
    };
    let title = format!(
        "Keys ({}/{} scroll, {} close)",
        key(Action::ScrollDown),
        key(Action::ScrollUp),
        key(Action::Close)
    );
    let inner = popup(app, &title, r, buf);
    let theme = &app.theme;
    let widest = rows
        .iter()
        .map(|r| match r {
            Row::Keys(k, _) => k.chars().count(),
            Row::Header(_) => 0,
        })
        .max()
        .unwrap_or(0) as u16;
    let key_w = (widest + 1).min(KEYS_COL).min(inner.width / 2);
    let start = scroll.min(total.saturating_sub(inner.height as usize));
    for (i, row) in rows
        .iter()
        .skip(start)
        .take(inner.height as usize)
        .enumerate()
    {
        let y = inner.y + i as u16;
        let (keys, action) = match row {
            Row::Header(h) => {
                put(
                    buf,
                    inner.x,
                    y,
                    h,
                    inner.width,
                    theme.style(Role::OverlayTitle),
                );
                continue;
            }
            Row::Keys(k, a) => (k, a),
        };
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
