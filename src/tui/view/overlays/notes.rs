//! The reader's notes: the list of all notes (Enter jumps), the input line
//! for a note's text, and the styles of highlights by colour.

use super::super::super::app::App;
use super::super::super::notes::NoteInput;
use super::super::super::overlay::ListState;
use super::super::super::theme::{Role, Theme, Variant};
use super::super::put;
use crate::notes::Colour;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use unicode_width::UnicodeWidthChar;

/// How a highlight of `colour` is drawn: the theme's note style for
/// yellow (so a config file can restyle it), the same with another
/// background for the other colours; the plain theme keeps its modifiers.
pub fn note_style(theme: &Theme, colour: Colour) -> Style {
    let base = theme.style(Role::Note);
    if theme.variant == Variant::Plain {
        return base;
    }
    let bg = match colour {
        Colour::Yellow => return base,
        Colour::Green => Color::Indexed(114),
        Colour::Blue => Color::Indexed(117),
        Colour::Pink => Color::Indexed(218),
        Colour::Purple => Color::Indexed(183),
    };
    base.bg(bg).fg(Color::Black)
}

/// One line, no tabs or line breaks.
fn one_line(s: &str) -> String {
    s.split(['\n', '\r', '\t'])
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn render_list(app: &App, state: &ListState, _top: bool, buf: &mut Buffer) {
    let r = super::docked(app);
    let inner = super::popup(app, "Notes (Enter jumps, d deletes, c edits)", r, buf);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let theme = &app.theme;
    let Some(store) = app.note_store() else {
        return;
    };
    let placed = store.placed();
    if placed.is_empty() {
        let key = app
            .keymap
            .first_key(super::super::super::action::Action::Annotate)
            .unwrap_or_default();
        put(
            buf,
            inner.x,
            inner.y,
            &format!("no notes yet: {key} on a word adds one"),
            inner.width,
            theme.style(Role::Dim),
        );
        return;
    }
    let selected = state.selected.min(placed.len() - 1);
    let start = super::scroll_for(selected, inner.height as usize, placed.len());
    for (i, p) in placed
        .iter()
        .enumerate()
        .skip(start)
        .take(inner.height as usize)
    {
        let y = inner.y + (i - start) as u16;
        let base = if i == selected {
            theme.style(Role::Selected)
        } else {
            theme.style(Role::Text)
        };
        if i == selected {
            buf.set_style(Rect::new(inner.x, y, inner.width, 1), base);
        }
        let right = inner.x + inner.width;
        let mut x = inner.x;
        if p.at.is_none() {
            x = put(buf, x, y, "(orphaned) ", right - x, theme.style(Role::Dim));
        }
        let quote = match p.at {
            Some(a) => one_line(a.span.text(&app.doc.doc.text)),
            None => one_line(&p.note.anchor.exact),
        };
        x = put(
            buf,
            x,
            y,
            &quote,
            right.saturating_sub(x),
            note_style(theme, p.note.colour),
        );
        if !p.note.text.is_empty() && x < right {
            x = put(buf, x, y, " ✎ ", right - x, base);
            put(
                buf,
                x,
                y,
                &one_line(&p.note.text),
                right.saturating_sub(x),
                base,
            );
        }
    }
}

/// The prompt before the text of the input line.
fn prompt(input: &NoteInput) -> String {
    let what = if input.id.is_some() {
        "edit note"
    } else {
        "note"
    };
    format!("✎ {what} [{}] ", input.colour.name())
}

/// Where the input line is drawn, and the first char of its text shown
/// (the text scrolls left so the cursor stays visible).
fn input_layout(app: &App, input: &NoteInput) -> Option<(Rect, u16, usize)> {
    let area = app.areas.status;
    if area.height == 0 || area.width == 0 {
        return None;
    }
    let prompt_w = unicode_width::UnicodeWidthStr::width(prompt(input).as_str()) as u16;
    let text_x = (area.x + prompt_w).min(area.x + area.width.saturating_sub(1));
    let room = (area.x + area.width).saturating_sub(text_x + 1) as usize;
    // scroll so the width before the cursor fits the room
    let chars: Vec<char> = input.text.chars().collect();
    let cursor = input.cursor.min(chars.len());
    let mut first = 0;
    let mut w: usize = chars[..cursor].iter().map(|c| c.width().unwrap_or(0)).sum();
    while w > room && first < cursor {
        w -= chars[first].width().unwrap_or(0);
        first += 1;
    }
    Some((area, text_x, first))
}

/// The terminal cursor's cell while typing a note (the input method's
/// candidate window opens there).
pub fn input_cursor(app: &App) -> Option<(u16, u16)> {
    let Some(super::super::super::overlay::Overlay::NoteInput(input)) = app.overlays.last() else {
        return None;
    };
    let (area, text_x, first) = input_layout(app, input)?;
    let w: usize = input
        .text
        .chars()
        .skip(first)
        .take(input.cursor.saturating_sub(first))
        .map(|c| c.width().unwrap_or(0))
        .sum();
    Some(((text_x + w as u16).min(area.x + area.width - 1), area.y))
}

pub fn render_input(app: &App, input: &NoteInput, buf: &mut Buffer) {
    let Some((area, text_x, first)) = input_layout(app, input) else {
        return;
    };
    let style = app.theme.style(Role::Status);
    buf.set_style(area, style);
    for x in area.x..area.x + area.width {
        buf[(x, area.y)].set_symbol(" ");
    }
    put(
        buf,
        area.x,
        area.y,
        &prompt(input),
        area.width,
        style.patch(note_style(&app.theme, input.colour)),
    );
    let shown: String = input.text.chars().skip(first).collect();
    let right = area.x + area.width;
    put(
        buf,
        text_x,
        area.y,
        &shown,
        right.saturating_sub(text_x),
        style,
    );
    if let Some((cx, cy)) = input_cursor(app) {
        buf[(cx, cy)].set_style(app.theme.style(Role::Cursor));
    }
}

/// Details-panel rows for the cursor at byte `pos`: the selection being
/// made, and every note there with its comment.
pub fn detail_rows(app: &App, pos: usize) -> Vec<(Role, String)> {
    use super::super::super::action::Action;
    let mut out = Vec::new();
    let key = |a: Action| app.keymap.first_key(a).unwrap_or_default();
    if let Some(sel) = app.selection_span() {
        out.push((
            Role::Dim,
            format!(
                "selection: {} chars — {} highlight, {} add a note, {} clear",
                sel.text(&app.doc.doc.text).chars().count(),
                key(Action::Highlight),
                key(Action::Annotate),
                key(Action::Select),
            ),
        ));
    }
    let Some(store) = app.note_store() else {
        return out;
    };
    for p in store.notes_at(pos) {
        let note = p.note;
        let text = one_line(note.text.trim());
        let line = if text.is_empty() {
            format!("highlight ({})", note.colour.name())
        } else {
            format!("✎ note ({}): {text}", note.colour.name())
        };
        out.push((Role::Note, line));
    }
    out
}
