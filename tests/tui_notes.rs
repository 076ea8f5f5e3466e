//! The reader's notes in the browser, driven through the key table on a
//! TestBackend: highlight, note with Chinese text, edit, colour, delete,
//! selection, the notes list, bookmarks, reading position, reopening.
//! Each test keeps its notes in its own temporary directory.

mod tui_support;

use crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use std::path::Path;
use tui_support::*;
use yuelan::model::Span;
use yuelan::notes::{Colour, NoteStore};
use yuelan::tui::App;
use yuelan::tui::layers::note_input::NoteInput;
use yuelan::tui::theme::Role;

fn sample() -> String {
    samples()[0].1.clone()
}

/// An app on `text` with its notes kept in `dir`.
fn app_in(dir: &Path, text: &str) -> App {
    let mut a = app(text, 100, 30);
    a.attach_notes(NoteStore::open_in(dir, text, None));
    a
}

fn store(app: &App) -> &NoteStore {
    app.note_store().expect("notes attached")
}

/// The notes as saved on disk (a fresh store on the same directory).
fn on_disk(dir: &Path, text: &str) -> NoteStore {
    NoteStore::open_in(dir, text, None)
}

fn key(app: &mut App, spec: &str) {
    press(app, spec);
}

#[test]
fn highlight_with_a_chinese_note_then_reopen() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let text = sample();
    let mut app = app_in(tmp.path(), &text);
    key(&mut app, "l");
    let word = app.cursor_span().expect("a word under the cursor");
    key(&mut app, "a");
    assert!(app.top_layer() == Some("note"));
    // typed as an input method delivers it: one char event per character
    type_text(&mut app, "返乡青年的故事x");
    key(&mut app, "backspace");
    key(&mut app, "enter");
    assert!(app.layers().is_empty());
    let notes = store(&app).notes();
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].text, "返乡青年的故事");
    assert_eq!(notes[0].colour, Colour::Yellow);
    let id = notes[0].id.clone();
    assert_eq!(store(&app).attachment(&id).map(|a| a.span), Some(word));

    // drawn: highlighted cells, the marker in the border, the details row
    let buf = render(&app);
    let note_bg = app.theme.style(Role::Note).bg;
    let cells = cells_of(&app, word.start, word.end);
    assert!(!cells.is_empty());
    key(&mut app, "l"); // move the cursor away so its style does not cover the note
    let buf2 = render(&app);
    for &(x, y) in &cells {
        assert_eq!(buf2[(x, y)].bg, note_bg.unwrap_or_default(), "cell {x},{y}");
    }
    let (_, y) = cells[cells.len() - 1];
    assert_eq!(buf[(app.areas.text_inner.x - 1, y)].symbol(), "✎");
    key(&mut app, "h");
    let scr = screen_text(&render(&app));
    assert!(scr.contains("✎ note (yellow): 返乡青年的故事"), "{scr}");

    // saved at once; a new app on the same document shows it again
    assert_eq!(on_disk(tmp.path(), &text).notes().len(), 1);
    let again = app_in(tmp.path(), &text);
    assert_eq!(
        store(&again).note(&id).map(|n| n.text.as_str()),
        Some("返乡青年的故事")
    );
}

#[test]
fn input_line_cursor_is_width_correct() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let text = sample();
    let mut app = app_in(tmp.path(), &text);
    key(&mut app, "l");
    key(&mut app, "a");
    let (x0, y0) = app
        .layers()
        .last()
        .and_then(|l| l.cursor(&app.reader))
        .expect("cursor");
    type_text(&mut app, "中文ab");
    let (x1, y1) = app
        .layers()
        .last()
        .and_then(|l| l.cursor(&app.reader))
        .expect("cursor");
    assert_eq!((x1 - x0, y1), (6, y0), "two wide and two narrow chars");
    key(&mut app, "left");
    key(&mut app, "left");
    key(&mut app, "left");
    let (x2, _) = app
        .layers()
        .last()
        .and_then(|l| l.cursor(&app.reader))
        .expect("cursor");
    assert_eq!(x2 - x0, 2, "after 中");
    // insert in the middle, delete with backspace
    type_text(&mut app, "字");
    key(&mut app, "backspace");
    type_text(&mut app, "国");
    let buf = render(&app);
    let status = row(&buf, y0, 0, app.size.width);
    assert!(status.contains("中国文ab"), "{status}");
    let (cx, cy) = app
        .layers()
        .last()
        .and_then(|l| l.cursor(&app.reader))
        .expect("cursor");
    assert_eq!(cx - x0, 4);
    assert_eq!(
        buf[(cx, cy)].symbol(),
        "文",
        "the cursor sits on the next char"
    );
    // a long note scrolls: the cursor stays inside the line
    type_text(&mut app, &"长".repeat(80));
    let (cx, _) = app
        .layers()
        .last()
        .and_then(|l| l.cursor(&app.reader))
        .expect("cursor");
    assert!(cx < app.size.width);
    key(&mut app, "esc");
    assert!(app.layers().is_empty());
    assert!(store(&app).notes().is_empty(), "Esc adds nothing");
}

#[test]
fn selection_extends_over_words_and_highlights_in_a_chosen_colour() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let text = sample();
    let mut app = app_in(tmp.path(), &text);
    key(&mut app, "l");
    let first = app.cursor_span().expect("word");
    key(&mut app, "v");
    key(&mut app, "l");
    key(&mut app, "l");
    let third = app.cursor_span().expect("word");
    assert!(third.start > first.start);
    assert_eq!(
        app.selection_span(),
        Some(Span::new(first.start, third.end))
    );
    key(&mut app, "C"); // no note here: the colour for new highlights
    key(&mut app, "H");
    assert_eq!(app.selection_span(), None, "the selection is used up");
    let n = &store(&app).notes()[0];
    assert_eq!(n.colour, Colour::Green);
    assert!(n.text.is_empty());
    assert_eq!(
        n.anchor.exact,
        Span::new(first.start, third.end).text(&text)
    );
    // Esc clears a selection without quitting
    key(&mut app, "v");
    key(&mut app, "esc");
    assert_eq!(app.selection_span(), None);
    assert!(!app.should_quit);
}

#[test]
fn edit_recolour_and_delete_the_note_under_the_cursor() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let text = sample();
    let mut app = app_in(tmp.path(), &text);
    key(&mut app, "l");
    key(&mut app, "a");
    type_text(&mut app, "初稿");
    key(&mut app, "enter");
    key(&mut app, "c");
    match app.top_as::<NoteInput>() {
        Some(i) => assert_eq!(i.editor.text(), "初稿"),
        None => panic!("no input line: {:?}", app.layer_names()),
    }
    key(&mut app, "ctrl-u");
    type_text(&mut app, "定稿：农村电商");
    key(&mut app, "tab"); // colour in the input line
    key(&mut app, "enter");
    let id = store(&app).notes()[0].id.clone();
    let disk = on_disk(tmp.path(), &text);
    let n = disk.note(&id).expect("saved");
    assert_eq!(n.text, "定稿：农村电商");
    assert_eq!(n.colour, Colour::Green);
    key(&mut app, "C");
    assert_eq!(store(&app).note(&id).map(|n| n.colour), Some(Colour::Blue));
    key(&mut app, "d");
    assert!(store(&app).notes().is_empty());
    assert!(
        on_disk(tmp.path(), &text).notes().is_empty(),
        "deleted on disk"
    );
    key(&mut app, "d");
    assert_eq!(app.message.as_deref(), Some("no note under the cursor"));
}

#[test]
fn notes_list_jumps_and_deletes() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let text = sample();
    let mut app = app_in(tmp.path(), &text);
    key(&mut app, "l");
    let first = app.cursor_span().expect("word");
    key(&mut app, "H");
    for _ in 0..6 {
        key(&mut app, "l");
    }
    let second = app.cursor_span().expect("word");
    key(&mut app, "a");
    type_text(&mut app, "第二条");
    key(&mut app, "enter");
    key(&mut app, "g");
    key(&mut app, "h");
    key(&mut app, "A");
    let scr = screen_text(&render(&app));
    assert!(scr.contains("Notes (Enter jumps"), "{scr}");
    assert!(scr.contains("✎ 第二条"), "{scr}");
    key(&mut app, "j");
    key(&mut app, "enter");
    assert!(app.layers().is_empty());
    assert_eq!(app.cursor, Some(second.start));
    key(&mut app, "[a");
    assert_eq!(app.cursor, Some(first.start));
    key(&mut app, "]a");
    assert_eq!(app.cursor, Some(second.start));
    key(&mut app, "A");
    key(&mut app, "d"); // the list opens on the first note
    assert_eq!(store(&app).notes().len(), 1);
    assert_eq!(store(&app).notes()[0].anchor.exact, second.text(&text));
    key(&mut app, "q");
    assert!(app.layers().is_empty() && !app.should_quit);
}

#[test]
fn bookmarks_and_reading_position_survive_reopening() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let text = sample();
    let mut app = app_in(tmp.path(), &text);
    key(&mut app, "ctrl-d");
    key(&mut app, "j");
    let marked = app.reading_position();
    assert!(marked.char_offset > 0 || marked.section > 0);
    key(&mut app, "m");
    key(&mut app, "b");
    assert_eq!(app.message.as_deref(), Some("bookmark b set"));
    key(&mut app, "g");
    assert_ne!(app.reading_position(), marked);
    key(&mut app, "'");
    key(&mut app, "b");
    assert_eq!(app.reading_position(), marked);
    key(&mut app, "'");
    key(&mut app, "z");
    assert_eq!(app.message.as_deref(), Some("no bookmark z"));
    // `m` then Esc: nothing set, nothing quits
    key(&mut app, "m");
    key(&mut app, "esc");
    assert!(!app.should_quit);

    key(&mut app, "ctrl-d");
    let reading = app.reading_position();
    app.close_notes().expect("saved");

    let mut again = app_in(tmp.path(), &text);
    assert_eq!(
        again.reading_position(),
        reading,
        "reopened where the reader was"
    );
    key(&mut again, "'");
    key(&mut again, "b");
    assert_eq!(again.reading_position(), marked);
}

#[test]
fn mouse_drag_selects_a_span() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let text = sample();
    let mut app = app_in(tmp.path(), &text);
    let r = app.areas.text_inner;
    let ev = |kind, column, row| MouseEvent {
        kind,
        column,
        row,
        modifiers: KeyModifiers::NONE,
    };
    // the first body line with text
    let y = (r.y..r.y + r.height)
        .find(|&y| app.byte_at(r.x + 8, y).is_some())
        .expect("a text row");
    app.handle_mouse(ev(MouseEventKind::Down(MouseButton::Left), r.x, y));
    let a = app.cursor.expect("cursor");
    app.handle_mouse(ev(MouseEventKind::Drag(MouseButton::Left), r.x + 8, y));
    let sel = app.selection_span().expect("a selection");
    assert!(sel.start <= a && sel.end > a);
    assert!(
        sel.text(&text).chars().count() >= 4,
        "{:?}",
        sel.text(&text)
    );
    key(&mut app, "H");
    assert_eq!(store(&app).notes()[0].anchor.exact, sel.text(&text));
}

#[test]
fn a_corrupt_notes_file_shows_a_message_in_the_browser() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let text = sample();
    let mut app = app_in(tmp.path(), &text);
    key(&mut app, "l");
    key(&mut app, "H");
    let file = store(&app).file_path();
    std::fs::write(&file, "{ not json").expect("write");
    let again = app_in(tmp.path(), &text);
    let msg = again.message.clone().unwrap_or_default();
    assert!(
        msg.contains("unreadable") && msg.contains("corrupt"),
        "{msg}"
    );
    let scr = screen_text(&render(&again));
    assert!(scr.contains("notes file unreadable"), "{scr}");
}
