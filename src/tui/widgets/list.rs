//! One list: the selection and how actions move it, the window that keeps
//! the selection in view, and the popup chrome lists are drawn in.

use crate::tui::action::Action;
use crate::tui::reader::Reader;
use crate::tui::theme::Role;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::{Block, Borders, Clear, Widget};

/// The status bar's hints of a list layer that jumps (most useful first).
pub const LIST_HINTS: &[(Action, &str)] = &[
    (Action::Activate, "jump"),
    (Action::Close, "close"),
    (Action::ScrollDown, "down"),
    (Action::ScrollUp, "up"),
];

/// What an action is to a list: a move (done), or what the layer is to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListAction {
    /// The selection moved (or stayed at an end).
    Moved,
    /// Enter on the selected row.
    Activate,
    /// Close the list.
    Close,
    /// Anything else: the layer's own, or passed on.
    Other(Action),
}

/// A list's cursor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ListState {
    /// The selected row (an index into the list's selectable rows).
    pub selected: usize,
    /// How many times Enter was pressed on the selected row (cycles
    /// occurrences).
    pub cycle: usize,
}

impl ListState {
    /// Moves the selection for a movement action over a list of `len`
    /// rows; false when `action` is not a movement. A move resets the
    /// Enter count.
    pub fn step(&mut self, action: Action, len: usize) -> bool {
        let last = len.saturating_sub(1);
        let before = self.selected;
        self.selected = match action {
            Action::ScrollDown => (self.selected + 1).min(last),
            Action::ScrollUp => self.selected.saturating_sub(1),
            Action::PageDown | Action::HalfPageDown => (self.selected + 10).min(last),
            Action::PageUp | Action::HalfPageUp => self.selected.saturating_sub(10),
            Action::Top => 0,
            Action::Bottom => last,
            _ => return false,
        };
        if self.selected != before {
            self.cycle = 0;
        }
        true
    }

    /// An action on a list of `len` rows: movements move the selection;
    /// the rest is said for the layer to act on.
    pub fn act(&mut self, action: Action, len: usize) -> ListAction {
        if self.step(action, len) {
            return ListAction::Moved;
        }
        match action {
            Action::Activate => ListAction::Activate,
            Action::Close => ListAction::Close,
            other => ListAction::Other(other),
        }
    }

    /// Keeps the selection inside a list of `len` rows.
    pub fn clamp(&mut self, len: usize) {
        self.selected = self.selected.min(len.saturating_sub(1));
    }
}

/// The first row to show so that `selected` stays in a window of `height`.
pub fn scroll_for(selected: usize, height: usize, total: usize) -> usize {
    if total <= height || height == 0 {
        0
    } else {
        selected.saturating_sub(height / 2).min(total - height)
    }
}

/// A list docked beside the text in a popup titled `title`: its inside, or
/// `None` when there is nothing to list (then the placeholder `empty` says
/// why).
pub fn docked_list(
    reader: &Reader,
    title: &str,
    len: usize,
    empty: &str,
    buf: &mut Buffer,
) -> Option<Rect> {
    let inner = popup(reader, title, docked(reader), buf);
    if inner.height == 0 || inner.width == 0 {
        return None;
    }
    if len == 0 {
        placeholder(reader, inner, empty, buf);
        return None;
    }
    Some(inner)
}

/// Paints a list of `len` rows into `inner`, scrolled so that row
/// `selected` shows: `paint(buf, i, row, base)` draws row `i` in the
/// one-line `row` with its base style (the selected row's style fills
/// the whole row first).
pub fn paint_rows(
    reader: &Reader,
    inner: Rect,
    selected: usize,
    len: usize,
    buf: &mut Buffer,
    mut paint: impl FnMut(&mut Buffer, usize, Rect, Style),
) {
    let height = inner.height as usize;
    let start = scroll_for(selected, height, len);
    for i in start..len.min(start + height) {
        let row = Rect::new(inner.x, inner.y + (i - start) as u16, inner.width, 1);
        let base = if i == selected {
            let style = reader.theme.style(Role::Selected);
            buf.set_style(row.intersection(buf.area), style);
            style
        } else {
            reader.theme.style(Role::Text)
        };
        paint(buf, i, row, base);
    }
}

/// Clears `r` (clamped to the buffer) and draws a titled border; returns
/// the inside.
pub fn popup(reader: &Reader, title: &str, r: Rect, buf: &mut Buffer) -> Rect {
    let r = r.intersection(buf.area);
    if r.is_empty() {
        return r;
    }
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
        .border_style(reader.theme.style(Role::BorderFocus))
        .title(ratatui::text::Span::styled(
            format!(" {title} "),
            reader.theme.style(Role::OverlayTitle),
        ));
    let inner = block.inner(r);
    block.render(r, buf);
    inner
}

/// A panel docked to the right of the text pane, for list layers (the
/// text beside it stays visible, so jumps can be seen).
pub fn docked(reader: &Reader) -> Rect {
    let t = reader.areas.text;
    let w = (t.width / 2).clamp(t.width.min(30), 48).min(t.width);
    Rect::new(t.x + t.width - w, t.y, w, t.height)
}

/// The status bar's row made blank for a prompt: the row and its style.
pub fn prompt_line(reader: &Reader, buf: &mut Buffer) -> Option<(Rect, Style)> {
    let area = reader.areas.status.intersection(buf.area);
    if area.is_empty() {
        return None;
    }
    let style = reader.theme.style(Role::Status);
    buf.set_style(area, style);
    for x in area.x..area.x + area.width {
        buf[(x, area.y)].set_symbol(" ");
    }
    Some((area, style))
}

/// A one-line dim message in place of a list ("annotating…", "no … found").
pub fn placeholder(reader: &Reader, inner: Rect, msg: &str, buf: &mut Buffer) {
    crate::tui::view::put(
        buf,
        inner.x,
        inner.y,
        msg,
        inner.width,
        reader.theme.style(Role::Dim),
    );
}
