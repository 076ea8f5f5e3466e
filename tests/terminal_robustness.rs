//! Terminal robustness in a TestBackend: tiny sizes (1×1, 10×3, even 0×0)
//! never panic, and going back keeps the reading position; keys and
//! overlays at tiny sizes are safe too.

mod tui_support;

use tui_support::*;
use yuelan::tui::App;

fn documents() -> Vec<(String, String)> {
    let mut docs = samples();
    if let Some(s) = seed() {
        docs.push(("seed".into(), s));
    }
    docs
}

const TINY: [(u16, u16); 8] = [
    (1, 1),
    (10, 3),
    (0, 0),
    (1, 40),
    (200, 1),
    (2, 2),
    (3, 10),
    (10, 3),
];

/// Somewhere in the middle of the document.
fn read_a_while(app: &mut App) {
    press(app, "ctrl-d");
    press(app, "ctrl-d");
    press(app, "j j j");
    press(app, "w w");
}

#[test]
fn resizing_to_tiny_sizes_and_back_keeps_the_position() {
    for (name, text) in documents() {
        let ann = annotated(&text);
        for (w, h) in [(120, 40), (80, 24)] {
            let mut app = app_with(ann.clone(), w, h);
            read_a_while(&mut app);
            let pos = app.reading_position();
            let top_start = app.lines().get(app.top).map(|l| l.start);
            let cursor = app.cursor;
            for (tw, th) in TINY {
                app.resize(tw, th);
                let _ = render(&app);
                assert_eq!(app.reading_position(), pos, "{name}: at {tw}x{th}");
            }
            app.resize(w, h);
            let _ = render(&app);
            assert_eq!(app.reading_position(), pos, "{name}: back at {w}x{h}");
            assert_eq!(
                app.lines().get(app.top).map(|l| l.start),
                top_start,
                "{name}: the same line is at the top"
            );
            assert_eq!(app.cursor, cursor, "{name}: the word cursor stays");
        }
    }
}

#[test]
fn keys_and_overlays_at_tiny_sizes_do_not_panic() {
    let (_, text) = &samples()[0];
    let ann = annotated(text);
    for (w, h) in TINY {
        let mut app = app_with(ann.clone(), w, h);
        for keys in [
            "j", "ctrl-d", "G", "g", "]]", "[[", "tab", "enter", "tab", "w", "b", "]p", "]n", "]q",
            "o", "i", "8", "1", "?", "j", "esc", "e", "j", "enter", "s", "esc", "/",
        ] {
            press(&mut app, keys);
            let _ = render(&app);
        }
        type_text(&mut app, "镇");
        let _ = render(&app);
        press(&mut app, "enter");
        press(&mut app, "n");
        let _ = render(&app);
        app.resize(100, 30);
        let _ = render(&app);
        app.resize(w, h);
        let _ = render(&app);
    }
}

/// The input a fuzz run found (Markdown; an isolate and a zero-width
/// no-break space after a figure, an OSC sequence in the heading): drawn at
/// the size the run used, no cell holds a raw control character.
#[test]
fn the_fuzz_finding_draws_no_raw_control() {
    let text = "# 一、😀；\u{200b}\u{1b}]2;pwned\u{7}” 约500万人\u{2066}\u{feff}新华社北京1月1日电本报记者：指出";
    let doc = yuelan::parse::parse(text.to_string(), yuelan::model::Format::Markdown);
    let ann = yuelan::annotate::annotate(doc, resources());
    for (w, h) in [(45, 97), (60, 20), (80, 24)] {
        let app = app_with(ann.clone(), w, h);
        // The frame as view::render leaves it, before the terminal's diff.
        let area = ratatui::layout::Rect::new(0, 0, w, h);
        let mut screen = ratatui::buffer::Buffer::empty(area);
        yuelan::tui::view::render(&app, area, &mut screen);
        let bad: Vec<char> = screen
            .content
            .iter()
            .flat_map(|c| c.symbol().chars())
            .filter(|&c| yuelan::text::safe::is_unsafe(c))
            .collect();
        assert!(bad.is_empty(), "{w}x{h}: {bad:?}");
    }
}
