//! One list: the selection and how actions move it, the window that keeps
//! the selection in view, and the popup chrome lists are drawn in.

use crate::tui::action::Action;
use crate::tui::reader::Reader;
use crate::tui::theme::Role;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, Borders, Clear, Widget};

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
