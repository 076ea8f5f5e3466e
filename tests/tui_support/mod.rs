//! Helpers for the TestBackend tests: build an app on a document, press
//! keys through the key table, render, read rows back from the buffer.
#![allow(dead_code)]

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use std::sync::{Arc, OnceLock};
use unicode_width::UnicodeWidthStr;
use yuelan::annotate::{self, Resources};
use yuelan::model::{Annotated, Document, Format};
use yuelan::tui::index::DocIndex;
use yuelan::tui::keymap::parse_keys;
use yuelan::tui::{App, Theme, view};

#[path = "../common/shared.rs"]
mod shared;

/// The seed article, or `None` (with a note) when it is absent outside CI.
pub fn seed() -> Option<String> {
    shared::seed_text()
}

/// The bundled samples: (name, text).
pub fn samples() -> Vec<(String, String)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/data/samples");
    let mut out = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    entries.sort();
    for p in entries {
        if let Ok(t) = std::fs::read_to_string(&p) {
            out.push((p.file_name().unwrap().to_string_lossy().into_owned(), t));
        }
    }
    assert!(!out.is_empty(), "no samples in data/samples");
    out
}

pub fn resources() -> &'static Resources {
    static RES: OnceLock<Resources> = OnceLock::new();
    RES.get_or_init(|| Resources::load().expect("resources load"))
}

pub fn parse(text: &str) -> Document {
    yuelan::parse::parse(text.to_string(), Format::Plain)
}

/// The document annotated by the real pipeline.
pub fn annotated(text: &str) -> Annotated {
    annotate::annotate(parse(text), resources())
}

/// An app at `w`×`h` on an already annotated document (dark theme, so
/// style assertions do not depend on NO_COLOR in the environment).
pub fn app_with(ann: Annotated, w: u16, h: u16) -> App {
    let ann = Arc::new(ann);
    let mut app = App::on(
        Arc::new(Annotated::unannotated(ann.doc.clone())),
        "test.txt",
    );
    app.theme = Theme::dark();
    app.resize(w, h);
    let index = Arc::new(DocIndex::build(&ann));
    app.set_annotated(ann, index);
    app
}

/// An app on `text`, annotated by the pipeline.
pub fn app(text: &str, w: u16, h: u16) -> App {
    app_with(annotated(text), w, h)
}

/// Presses keys written as a key string (`]p`, `ctrl-d`, `g g`); a
/// sequence that could continue is flushed as a timeout would.
pub fn press(app: &mut App, keys: &str) {
    for k in parse_keys(keys).expect("key string") {
        app.handle_key(k.to_event());
    }
    app.tick();
}

/// Types text into the search prompt (or anywhere), one char at a time.
pub fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        let k = yuelan::tui::keymap::Key::char(c);
        app.handle_key(k.to_event());
    }
}

pub fn render(app: &App) -> Buffer {
    let mut t = Terminal::new(TestBackend::new(app.size.width, app.size.height)).unwrap();
    t.draw(|f| view::draw(f, app)).unwrap();
    t.backend().buffer().clone()
}

/// The text of row `y` between columns `x0..x1`, wide characters once.
pub fn row(buf: &Buffer, y: u16, x0: u16, x1: u16) -> String {
    let mut s = String::new();
    let mut x = x0;
    while x < x1 {
        let sym = buf[(x, y)].symbol();
        s.push_str(sym);
        x += (sym.width() as u16).max(1);
    }
    s
}

/// Every row of the screen.
pub fn screen(buf: &Buffer) -> Vec<String> {
    let a = buf.area;
    (a.y..a.y + a.height)
        .map(|y| row(buf, y, a.x, a.x + a.width))
        .collect()
}

pub fn screen_text(buf: &Buffer) -> String {
    screen(buf).join("\n")
}

/// Rows of the text pane's inside.
pub fn text_rows(app: &App, buf: &Buffer) -> Vec<String> {
    let r: Rect = app.areas.text_inner;
    (r.y..r.y + r.height)
        .map(|y| row(buf, y, r.x, r.x + r.width))
        .collect()
}

/// Screen cells (x, y) where the text pane draws byte range `start..end`.
pub fn cells_of(app: &App, start: usize, end: usize) -> Vec<(u16, u16)> {
    let r = app.areas.text_inner;
    let text = &app.doc.doc.text;
    let mut out = Vec::new();
    for (i, line) in app
        .lines()
        .iter()
        .enumerate()
        .skip(app.top)
        .take(r.height as usize)
    {
        let y = r.y + (i - app.top) as u16;
        let mut x = r.x + line.indent;
        for (off, c) in text[line.start..line.end].char_indices() {
            let pos = line.start + off;
            let w = app.widths.char(c) as u16;
            if pos >= start && pos < end && w > 0 {
                out.push((x, y));
            }
            x += w;
        }
    }
    out
}
