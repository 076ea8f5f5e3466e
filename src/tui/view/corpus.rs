//! Painters shared by the corpus layers (document list, corpus search,
//! entities, mentions): the big popup and the concordance.

use super::super::reader::Reader;
use super::super::theme::Role;
use super::super::widgets::{popup, scroll_for};
use super::put;
use crate::corpus::search::Hit;
use crate::text;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use unicode_width::UnicodeWidthStr;

/// `s` cut or padded to exactly `w` cells.
pub fn cell_pad(s: &str, w: usize) -> String {
    let t = text::truncate(s, w);
    let pad = w.saturating_sub(UnicodeWidthStr::width(t));
    format!("{t}{}", " ".repeat(pad))
}

/// The end of `s` that fits in `w` cells.
fn truncate_start(s: &str, w: usize) -> &str {
    let mut used = 0;
    for (i, c) in s.char_indices().rev() {
        let cw = text::char_width(c);
        if used + cw > w {
            return &s[i + c.len_utf8()..];
        }
        used += cw;
    }
    s
}

pub fn size_str(bytes: usize) -> String {
    if bytes >= 1_000_000 {
        format!("{:.1}M", bytes as f64 / 1e6)
    } else {
        format!("{:.1}K", bytes as f64 / 1e3)
    }
}

/// The popup for corpus overlays: most of the screen.
pub fn big_popup(app: &Reader, title: &str, area: Rect, buf: &mut Buffer) -> Rect {
    let w = (area.width * 9 / 10).max(area.width.min(20));
    let h = (area.height * 8 / 10).max(area.height.min(6));
    let r = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    );
    popup(app, title, r, buf)
}

/// The status-styled line at the top of a corpus popup (what is listed,
/// the filter or query, the keys).
pub fn head_line(app: &Reader, inner: Rect, head: &str, buf: &mut Buffer) {
    put(
        buf,
        inner.x,
        inner.y,
        head,
        inner.width,
        app.theme.style(Role::Status),
    );
}

/// Concordance rows with a header per document; returns the row of each hit.
pub fn concordance(
    app: &Reader,
    hits: &[Hit],
    selected: usize,
    inner: Rect,
    first_row: u16,
    buf: &mut Buffer,
) {
    let Some(c) = app.corpus.as_ref() else {
        return;
    };
    // (hit index or None for a header, doc)
    let mut rows: Vec<(Option<usize>, usize)> = Vec::new();
    for (i, h) in hits.iter().enumerate() {
        if rows.last().is_none_or(|&(_, d)| d != h.doc) {
            rows.push((None, h.doc));
        }
        rows.push((Some(i), h.doc));
    }
    let height = inner.height.saturating_sub(first_row) as usize;
    let sel_row = rows
        .iter()
        .position(|&(i, _)| i == Some(selected))
        .unwrap_or(0);
    let start = scroll_for(sel_row, height, rows.len());
    let theme = &app.theme;
    for (k, &(hit, doc)) in rows.iter().skip(start).take(height).enumerate() {
        let y = inner.y + first_row + k as u16;
        match hit {
            None => {
                let label = c
                    .corpus
                    .entries
                    .get(doc)
                    .map(|e| e.label())
                    .unwrap_or_default();
                let s = format!("── {} · {label}", c.corpus.title(doc));
                put(
                    buf,
                    inner.x,
                    y,
                    &s,
                    inner.width,
                    theme.style(Role::OverlayTitle),
                );
            }
            Some(i) => {
                let h = &hits[i];
                let base = if i == selected {
                    theme.style(Role::Selected)
                } else {
                    theme.style(Role::Text)
                };
                let left_w = (inner.width as usize / 2).saturating_sub(2);
                let left = truncate_start(&h.left, left_w);
                let pad = left_w.saturating_sub(UnicodeWidthStr::width(left));
                let mut x = put(
                    buf,
                    inner.x,
                    y,
                    &format!("  {}{left}", " ".repeat(pad)),
                    inner.width,
                    base,
                );
                let end = inner.x + inner.width;
                x = put(
                    buf,
                    x,
                    y,
                    &h.matched,
                    end.saturating_sub(x),
                    theme.style(Role::SearchCurrent),
                );
                put(buf, x, y, &h.right, end.saturating_sub(x), base);
            }
        }
    }
}
