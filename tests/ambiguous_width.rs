//! `ambiguous_width = 2`: “ ” ‘ ’ … — · take two cells in the wrapper and on
//! screen. The setting belongs to the browser it was applied to: another
//! browser in the same process still measures them as one cell.

mod tui_support;

use ratatui::buffer::Buffer;
use tui_support::*;
use yuelan::config::Config;
use yuelan::text::{Widths, char_width};
use yuelan::tui::Settings;

const TEXT: &str = "标题\n\n他说：“这是‘好’的开始……我们——大家·一起走。”然后“再见”。\n";

#[test]
fn two_cell_ambiguous_characters() {
    assert_eq!(char_width('“'), 1);
    let c = match Config::parse_str("ambiguous_width = 2", "c.toml")
        .and_then(|c| Settings::from_config(&c))
    {
        Ok(c) => c,
        Err(e) => panic!("{e}"),
    };
    let mut app = app(TEXT, 40, 12);
    let narrow = tui_support::app(TEXT, 40, 12);
    app.apply_settings(&c);
    assert_eq!(app.widths, Widths::WIDE);
    let str_width = |s: &str| app.widths.str(s);
    for ch in ['“', '”', '‘', '’', '…', '—', '·'] {
        assert_eq!(app.widths.char(ch), 2, "{ch}");
        assert_eq!(narrow.widths.char(ch), 1, "{ch}");
    }
    assert_eq!(app.widths.char('a'), 1);
    assert_eq!(app.widths.char('好'), 2);

    let width = app.areas.text_inner.width as usize;
    let text = &app.doc.doc.text;
    let mut saw_quote = false;
    for line in app.lines() {
        let s = &text[line.start..line.end];
        assert!(str_width(s) <= width, "{s:?} is {} cells", str_width(s));
        saw_quote |= s.contains('“');
    }
    assert!(saw_quote);

    // On screen: the character after “ sits two cells on, and the diff
    // sent to the terminal never writes over the glyph's second cell.
    let buf = render(&app);
    let blank = Buffer::empty(buf.area);
    let diff = blank.diff(&buf);
    let open = text.find('“').unwrap_or(0);
    let cells = cells_of(&app, open, open + '“'.len_utf8() + '这'.len_utf8());
    assert_eq!(cells.len(), 2, "{cells:?}");
    let ((x0, y0), (x1, y1)) = (cells[0], cells[1]);
    assert_eq!(y0, y1);
    assert_eq!(x1, x0 + 2, "“ takes two cells");
    assert_eq!(buf[(x0, y0)].symbol(), "“");
    assert_eq!(buf[(x1, y1)].symbol(), "这");
    assert!(diff.iter().any(|(x, y, _)| (*x, *y) == (x0, y0)));
    assert!(
        !diff.iter().any(|(x, y, _)| (*x, *y) == (x0 + 1, y0)),
        "the cell under the glyph's second half is left alone"
    );

    // The other browser wraps with one-cell quotation marks: its lines
    // are not the wide one's.
    assert_ne!(narrow.lines(), app.lines());
    assert_eq!(char_width('“'), 1);
}
