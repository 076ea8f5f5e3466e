//! TestBackend tests of layout, wrapping and styles (independent of which
//! annotators exist: styles are checked with annotations placed by hand).

mod tui_support;

use ratatui::style::Color;
use std::sync::Arc;
use tui_support::*;
use yuelan::model::{Annotated, Annotation, Layer, Span};
use yuelan::text::{no_line_start, str_width};
use yuelan::tui::theme::Role;
use yuelan::tui::wrap::LineKind;
use yuelan::tui::{App, Theme};

const SIZES: [(u16, u16); 3] = [(120, 40), (80, 24), (40, 12)];

fn documents() -> Vec<(String, String)> {
    let mut docs = samples();
    if let Some(s) = seed() {
        docs.push(("seed".into(), s));
    }
    docs
}

#[test]
fn panes_at_several_sizes() {
    let (_, text) = &samples()[0];
    for (w, h) in SIZES {
        let app = app(text, w, h);
        let buf = render(&app);
        let scr = screen_text(&buf);
        let status = screen(&buf).pop().unwrap_or_default();
        assert!(status.contains("test.txt"), "{w}x{h}: {status}");
        assert!(status.contains("§1/"), "{w}x{h}: {status}");
        assert_eq!(scr.contains("Outline"), w >= 80, "{w}x{h}\n{scr}");
        assert_eq!(scr.contains("Details"), h >= 18, "{w}x{h}\n{scr}");
    }
    // Narrow: the outline comes back with its key.
    let mut app = app(text, 40, 12);
    press(&mut app, "o");
    let scr = screen_text(&render(&app));
    assert!(scr.contains("Outline"), "{scr}");
    press(&mut app, "o");
    assert!(!screen_text(&render(&app)).contains("Outline"));
}

/// Pages through every document at every size and checks each text row
/// against its wrapped line: nothing lost or split at the right border,
/// rows fit, and no row starts with closing punctuation.
#[test]
fn wrapped_rows_are_whole_and_never_start_with_closing_punctuation() {
    for (name, text) in documents() {
        let ann = annotated(&text);
        for (w, h) in SIZES {
            let mut app = app_with(ann.clone(), w, h);
            let width = app.areas.text_inner.width as usize;
            let mut pages = 0;
            loop {
                let buf = render(&app);
                let rows = text_rows(&app, &buf);
                for (r, shown) in rows.iter().enumerate() {
                    let Some(line) = app.lines().get(app.top + r) else {
                        break;
                    };
                    let want = &app.doc.doc.text[line.start..line.end];
                    assert!(
                        str_width(want) <= width,
                        "{name} {w}x{h}: {want:?} wider than {width}"
                    );
                    assert_eq!(
                        shown.trim_end(),
                        want.replace('\t', " ").trim_end(),
                        "{name} {w}x{h} row {r}"
                    );
                    if let Some(first) = shown.chars().next() {
                        assert!(first != '。' && first != '，', "{name} {w}x{h}: {shown:?}");
                        if line.kind != LineKind::Blank {
                            assert!(!no_line_start(first), "{name} {w}x{h}: {shown:?}");
                        }
                    }
                }
                if app.top + app.page() >= app.lines().len() || pages > 500 {
                    break;
                }
                press(&mut app, "pgdn");
                pages += 1;
            }
        }
    }
}

#[test]
fn wrapped_lines_cover_every_paragraph() {
    for (name, text) in documents() {
        let doc = parse(&text);
        for width in [7usize, 20, 33, 78, 118] {
            let lines = yuelan::tui::wrap::layout(&doc, width, yuelan::text::Widths::NARROW);
            for (pi, p) in doc.paragraphs.iter().enumerate() {
                let mine: String = lines
                    .iter()
                    .filter(|l| l.paragraph as usize == pi && l.kind == LineKind::Body)
                    .map(|l| &doc.text[l.start..l.end])
                    .collect();
                let want: String = doc.text[p.span.start..p.span.end]
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .collect();
                let got: String = mine.chars().filter(|c| !c.is_whitespace()).collect();
                assert_eq!(got, want, "{name} width {width} paragraph {pi}");
            }
        }
    }
}

/// A document with hand-placed annotations on the first body paragraph:
/// PER on chars 2..5, a figure on 6..8.
fn hand_annotated(text: &str) -> (Annotated, Span, Span) {
    let mut ann = annotated(text);
    // Only the hand-placed entities and figures, so the test is about
    // drawing, not about what the annotators found.
    ann.annotations
        .retain(|a| !matches!(a.layer, Layer::Entities | Layer::Quantities));
    for (i, a) in ann.annotations.iter_mut().enumerate() {
        a.id = Annotation::id_of(i);
    }
    let p = ann.doc.paragraphs[ann.doc.paragraphs.len() / 2].span;
    let t = &ann.doc.text;
    let at = |n: usize| {
        t[p.start..]
            .char_indices()
            .nth(n)
            .map(|(i, _)| p.start + i)
            .unwrap_or(p.end)
    };
    let per = Span::new(at(2), at(5));
    let fig = Span::new(at(6), at(8));
    let base = ann.annotations.len();
    ann.annotations
        .push(Annotation::new(Layer::Entities, "PER", per).with("source", "test"));
    ann.annotations
        .push(Annotation::new(Layer::Quantities, "MONEY", fig).with("value", 42));
    for (i, a) in ann.annotations.iter_mut().enumerate().skip(base) {
        a.id = Annotation::id_of(i);
    }
    (ann, per, fig)
}

#[test]
fn layer_styles_and_toggles() {
    let theme = Theme::dark();
    let per_bg = theme.style(Role::Per).bg;
    let fig_bg = theme.style(Role::Quantity).bg;
    assert!(per_bg.is_some() && per_bg != fig_bg);
    for (name, text) in samples() {
        let (ann, per, fig) = hand_annotated(&text);
        let mut app = app_with(ann, 120, 40);
        // Bring the paragraph to the top.
        let row = yuelan::tui::wrap::line_of(app.lines(), per.start);
        for _ in 0..row {
            press(&mut app, "j");
        }
        let figures_keep_their_colour = |app: &App, buf: &ratatui::buffer::Buffer| {
            for &(x, y) in &cells_of(app, fig.start, fig.end) {
                assert_eq!(
                    buf[(x, y)].bg,
                    fig_bg.unwrap_or(Color::Reset),
                    "{name} figure cell"
                );
            }
        };
        let buf = render(&app);
        let per_cells = cells_of(&app, per.start, per.end);
        assert_eq!(per_cells.len(), 3, "{name}");
        for &(x, y) in &per_cells {
            assert_eq!(
                buf[(x, y)].bg,
                per_bg.unwrap_or(Color::Reset),
                "{name} PER cell {x},{y}"
            );
        }
        figures_keep_their_colour(&app, &buf);
        // Entities off: the PER cells lose the PER style; figures keep theirs.
        press(&mut app, "1");
        let buf = render(&app);
        for &(x, y) in &per_cells {
            assert_ne!(
                buf[(x, y)].bg,
                per_bg.unwrap_or(Color::Reset),
                "{name} hidden PER"
            );
        }
        figures_keep_their_colour(&app, &buf);
        // And back on.
        press(&mut app, "1");
        let buf = render(&app);
        let (x, y) = per_cells[0];
        assert_eq!(buf[(x, y)].bg, per_bg.unwrap_or(Color::Reset));
    }
}

#[test]
fn word_boundaries_on_demand() {
    let (_, text) = &samples()[0];
    let mut app = app(text, 120, 40);
    let alt = Theme::dark()
        .style(Role::WordAlt)
        .bg
        .unwrap_or(Color::Reset);
    let count_alt = |app: &App| {
        let buf = render(app);
        let r = app.areas.text_inner;
        (r.y..r.y + r.height)
            .flat_map(|y| (r.x..r.x + r.width).map(move |x| (x, y)))
            .filter(|&(x, y)| buf[(x, y)].bg == alt)
            .count()
    };
    assert_eq!(count_alt(&app), 0);
    press(&mut app, "8");
    assert!(app.show_words);
    // Every other word is tinted: both tinted and plain words appear.
    let tinted = count_alt(&app);
    assert!(tinted > 20, "{tinted}");
    let toks = &app.doc.tokens;
    let (a, b) = (toks[0].span(), toks[1].span());
    let buf = render(&app);
    let ca = cells_of(&app, a.start, a.end);
    let cb = cells_of(&app, b.start, b.end);
    assert!(!ca.is_empty() && !cb.is_empty());
    assert_ne!(
        buf[ca[0]].bg == alt,
        buf[cb[0]].bg == alt,
        "adjacent words differ"
    );
}

#[test]
fn plain_theme_draws_no_colour() {
    let (_, text) = &samples()[0];
    let mut app = app(text, 100, 30);
    app.theme = Theme::plain();
    press(&mut app, "8");
    press(&mut app, "w");
    let buf = render(&app);
    for cell in buf.content() {
        assert_eq!(cell.fg, Color::Reset);
        assert_eq!(cell.bg, Color::Reset);
    }
}

#[test]
fn first_frame_shows_text_before_annotations() {
    let (_, text) = &samples()[0];
    let doc = parse(text);
    let first_para = doc
        .span_text(doc.paragraphs[0].span)
        .chars()
        .take(6)
        .collect::<String>();
    let mut app = App::on(Arc::new(Annotated::unannotated(doc)), "x.txt");
    app.resize(100, 30);
    assert!(app.annotating);
    let buf = render(&app);
    let scr = screen_text(&buf);
    assert!(scr.contains(&first_para), "{scr}");
    assert!(scr.contains("annotating"), "{scr}");
    // The word cursor works on characters before tokens arrive.
    press(&mut app, "w");
    assert!(app.cursor.is_some());
}

#[test]
fn resize_keeps_the_reading_position() {
    for (name, text) in documents() {
        let mut app = app(&text, 120, 40);
        press(&mut app, "ctrl-d");
        press(&mut app, "j j j");
        let pos = app.reading_position();
        let top_start = app.lines()[app.top].start;
        for (w, h) in [(60, 20), (40, 12), (200, 50), (120, 40)] {
            app.resize(w, h);
            assert_eq!(app.reading_position(), pos, "{name} at {w}x{h}");
            let line = app.lines()[app.top];
            assert!(
                line.start <= top_start && top_start <= line.end.max(line.start),
                "{name} {w}x{h}"
            );
        }
        assert_eq!(app.lines()[app.top].start, top_start, "{name}");
        // Saved and restored positions come back to the same line.
        let mut other = app_with(annotated(&text), 80, 24);
        other.restore_position(pos);
        assert_eq!(other.reading_position(), pos, "{name}");
    }
}

#[test]
fn mouse_click_and_wheel() {
    use crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
    let (_, text) = &samples()[0];
    let mut app = app(text, 100, 30);
    let r = app.areas.text_inner;
    let line = app.lines()[app.top];
    let ev = |kind, column, row| MouseEvent {
        kind,
        column,
        row,
        modifiers: KeyModifiers::NONE,
    };
    app.handle_mouse(ev(MouseEventKind::Down(MouseButton::Left), r.x + 2, r.y));
    // Column 2 is the second character when the first is wide.
    let c = app.cursor.expect("cursor");
    assert!(c >= line.start && c < line.end.max(line.start + 1));
    let top = app.top;
    app.handle_mouse(ev(MouseEventKind::ScrollDown, r.x + 5, r.y + 5));
    assert_eq!(app.top, top + 3);
    app.handle_mouse(ev(MouseEventKind::ScrollUp, r.x + 5, r.y + 5));
    assert_eq!(app.top, top);
    press(&mut app, "M");
    assert!(app.mouse_capture);
}

#[test]
fn docked_overlay_never_splits_a_wide_character() {
    for (name, text) in samples() {
        for (w, h) in [(120, 40), (97, 30), (81, 24)] {
            let mut app = app(&text, w, h);
            press(&mut app, "e");
            let buf = render(&app);
            let r = yuelan::tui::widgets::docked(&app);
            for y in r.y..r.y + r.height {
                // The popup's left border is drawn, whatever the text did.
                let border = buf[(r.x, y)].symbol();
                assert!(
                    ["│", "┌", "└"].contains(&border),
                    "{name} {w}x{h} row {y}: {border:?}"
                );
                // And no wide character starts just left of it.
                let left = buf[(r.x - 1, y)].symbol();
                assert!(
                    unicode_width::UnicodeWidthStr::width(left) <= 1,
                    "{name} {w}x{h} row {y}"
                );
            }
        }
    }
}
