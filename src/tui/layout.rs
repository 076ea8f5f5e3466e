//! Where each pane goes for a terminal size. Shared by the app (which needs
//! the text pane's size to wrap and page) and the renderer.

use ratatui::layout::Rect;

/// Below this width the outline is hidden unless asked for.
pub const NARROW: u16 = 80;
/// Below this height the details panel is hidden (even folded).
pub const SHORT: u16 = 9;
/// The rows of text the details panel leaves the text pane (inside its
/// borders) before it shrinks, then folds into one line.
pub const TEXT_ROWS: u16 = 16;
/// The details panel's greatest height (borders included); it takes a
/// quarter of the height, at most what leaves the text [`TEXT_ROWS`].
const DETAILS_HEIGHT: u16 = 8;
/// The smallest bordered panel: one row of details and the legend.
const DETAILS_MIN: u16 = 4;

/// The panes of one frame. `text` is the text pane's block; `text_inner`
/// the cells the text is drawn in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Areas {
    pub outline: Option<Rect>,
    pub text: Rect,
    pub text_inner: Rect,
    pub details: Option<Rect>,
    pub status: Rect,
}

/// Whether the outline shows: the user's choice, else only when wide enough.
pub fn outline_visible(width: u16, choice: Option<bool>) -> bool {
    choice.unwrap_or(width >= NARROW)
}

pub fn compute(area: Rect, show_outline: bool, show_details: bool) -> Areas {
    let status = Rect::new(
        area.x,
        area.y + area.height.saturating_sub(1),
        area.width,
        area.height.min(1),
    );
    let main = Rect::new(area.x, area.y, area.width, area.height.saturating_sub(1));
    let (outline, right) = if show_outline && main.width >= 20 {
        let w = if main.width >= NARROW {
            (main.width / 4).clamp(24, 36)
        } else {
            (main.width * 2 / 5).max(12)
        };
        (
            Some(Rect::new(main.x, main.y, w, main.height)),
            Rect::new(main.x + w, main.y, main.width - w, main.height),
        )
    } else {
        (None, main)
    };
    let (text, details) = if show_details && area.height >= SHORT {
        let h = details_height(right.height);
        (
            Rect::new(right.x, right.y, right.width, right.height - h),
            Some(Rect::new(
                right.x,
                right.y + right.height - h,
                right.width,
                h,
            )),
        )
    } else {
        (right, None)
    };
    let text_inner = inner(text);
    Areas {
        outline,
        text,
        text_inner,
        details,
        status,
    }
}

/// The details panel's height beside a text pane in `rows` rows: a quarter
/// of them (borders included, 4 to 8) when the text keeps [`TEXT_ROWS`]
/// rows, else what leaves it that many, else one line (the panel folded:
/// no borders, the cursor's word and its first facts).
pub fn details_height(rows: u16) -> u16 {
    let room = rows.saturating_sub(TEXT_ROWS + 2);
    let h = (rows / 4).clamp(DETAILS_MIN, DETAILS_HEIGHT).min(room);
    if h >= DETAILS_MIN { h } else { 1 }
}

/// The inside of a bordered block.
pub fn inner(r: Rect) -> Rect {
    Rect::new(
        r.x.saturating_add(1),
        r.y.saturating_add(1),
        r.width.saturating_sub(2),
        r.height.saturating_sub(2),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panes_tile_the_screen() {
        for (w, h) in [(120, 40), (80, 24), (40, 12), (10, 3)] {
            let area = Rect::new(0, 0, w, h);
            let show = outline_visible(w, None);
            let a = compute(area, show, true);
            assert_eq!(a.status.y, h - 1);
            assert_eq!(show, w >= 80);
            let text_right = a.text.x + a.text.width;
            assert_eq!(text_right, w);
            if let Some(o) = a.outline {
                assert_eq!(o.x + o.width, a.text.x);
            }
            assert_eq!(a.details.is_some(), h >= SHORT);
        }
    }

    #[test]
    fn the_details_panel_shrinks_then_folds_so_the_text_keeps_its_rows() {
        // (width, height) → the details panel's height.
        for ((w, h), want) in [((120, 40), 8), ((80, 30), 7), ((80, 24), 5), ((60, 20), 1)] {
            let a = compute(Rect::new(0, 0, w, h), outline_visible(w, None), true);
            let d = a.details.map(|d| d.height);
            assert_eq!(d, Some(want), "{w}x{h}");
            assert!(
                a.text_inner.height >= TEXT_ROWS,
                "{w}x{h}: {:?}",
                a.text_inner
            );
            // The panes tile the column: text, then the panel, then status.
            let below = a.details.map_or(0, |d| d.height);
            assert_eq!(a.text.height + below + 1, h, "{w}x{h}");
        }
        // Shorter than the text's rows: folded to one line, the text keeps
        // the rest; too short for that: no panel.
        let a = compute(Rect::new(0, 0, 80, 12), false, true);
        assert_eq!(a.details.map(|d| d.height), Some(1));
        assert_eq!(a.text_inner.height, 8);
        assert_eq!(compute(Rect::new(0, 0, 80, 8), false, true).details, None);
    }
}
