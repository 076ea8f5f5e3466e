//! The layer stack: a layer written outside the crate — as a new overlay
//! file would be — needs nothing but its own code to get keys in its key
//! context, show hints, draw over the reader, pass on what it does not use
//! and close on Escape. (Opening it from a key adds its `open` function to
//! `layers::OPENERS` and its key to the table: see docs/architecture.md.)

mod tui_support;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use tui_support::*;
use yuelan::tui::Action;
use yuelan::tui::keymap::{Key, KeyContext};
use yuelan::tui::layers::{Ctx, Input, Layer, Outcome};
use yuelan::tui::reader::Reader;

#[derive(Default)]
struct Counter {
    actions: Vec<Action>,
    typed: String,
    prompt: bool,
}

impl Layer for Counter {
    fn name(&self) -> &'static str {
        "counter"
    }
    fn context(&self) -> KeyContext {
        if self.prompt {
            KeyContext::Prompt
        } else {
            KeyContext::List
        }
    }
    fn hints(&self) -> &'static [(Action, &'static str)] {
        &[(Action::ScrollDown, "count"), (Action::Close, "close")]
    }
    fn handle(&mut self, input: Input, cx: &mut Ctx) -> Outcome {
        match input {
            Input::Action(Action::Close) => Outcome::Close,
            Input::Action(Action::ScrollDown) => {
                self.actions.push(Action::ScrollDown);
                cx.say(format!("counted {}", self.actions.len()));
                Outcome::Handled
            }
            Input::Action(_) => Outcome::Pass,
            Input::Key(k) => {
                if let crossterm::event::KeyCode::Char(c) = k.code {
                    self.typed.push(c);
                }
                Outcome::Handled
            }
        }
    }
    fn render(&self, reader: &Reader, _top: bool, area: Rect, buf: &mut Buffer) {
        let r = Rect::new(area.x, area.y, area.width.min(20), area.height.min(3));
        let inner = yuelan::tui::widgets::popup(reader, "Counter", r, buf);
        yuelan::tui::view::put(
            buf,
            inner.x,
            inner.y,
            &format!("n={}", self.actions.len()),
            inner.width,
            ratatui::style::Style::new(),
        );
    }
}

const TEXT: &str = "标题\n\n第一段文字，内容很多。\n\n一、小标题\n\n第二段文字。\n";

#[test]
fn a_new_layer_works_with_no_change_outside_its_own_code() {
    let mut app = app(TEXT, 80, 24);
    app.push(Box::new(Counter::default()));
    assert_eq!(app.key_context(), KeyContext::List);
    // Its context's table gives it `j` as scroll-down; the reader does not
    // scroll.
    let top = app.top;
    press(&mut app, "j");
    press(&mut app, "j");
    assert_eq!(app.top, top);
    assert_eq!(app.top_as::<Counter>().map(|c| c.actions.len()), Some(2));
    let scr = screen(&render(&app));
    assert!(scr.iter().any(|r| r.contains("Counter")), "{scr:#?}");
    assert!(scr.iter().any(|r| r.contains("n=2")), "{scr:#?}");
    // Its hints, with the list table's keys.
    let status = scr.last().cloned().unwrap_or_default();
    assert!(status.contains("counted 2"), "{status}");
    press(&mut app, "t"); // clears the message; passes through: the theme toggles
    let status = screen(&render(&app)).pop().unwrap_or_default();
    assert!(
        status.contains("j count") && status.contains("q close"),
        "{status}"
    );
    // What it passes on reaches the reader.
    press(&mut app, "]]");
    assert_eq!(app.current_section(), 1);
    // Escape closes it, and nothing else.
    press(&mut app, "esc");
    assert!(app.layers().is_empty());
    assert!(!app.should_quit);
}

#[test]
fn a_prompt_layer_reads_unbound_keys_as_text() {
    let mut app = app(TEXT, 80, 24);
    app.push(Box::new(Counter {
        prompt: true,
        ..Counter::default()
    }));
    type_text(&mut app, "jq数");
    assert_eq!(
        app.top_as::<Counter>().map(|c| c.typed.clone()),
        Some("jq数".into())
    );
    assert!(!app.should_quit, "q is text in a prompt");
    app.handle_key(Key::plain(crossterm::event::KeyCode::Esc).to_event());
    assert!(app.layers().is_empty());
}

#[test]
fn layers_stack_draw_bottom_up_and_close_top_down() {
    let mut app = app(TEXT, 100, 30);
    press(&mut app, "e");
    app.push(Box::new(Counter::default()));
    assert_eq!(app.layer_names(), vec!["entities", "counter"]);
    press(&mut app, "?");
    assert_eq!(app.layer_names(), vec!["entities", "counter", "help"]);
    press(&mut app, "q");
    press(&mut app, "q");
    assert_eq!(app.layer_names(), vec!["entities"]);
    press(&mut app, "esc");
    assert!(app.layers().is_empty());
}

/// Another layer that happens to share the counter's name.
struct Twin;

impl Layer for Twin {
    fn name(&self) -> &'static str {
        "counter"
    }
    fn handle(&mut self, _input: Input, _cx: &mut Ctx) -> Outcome {
        Outcome::Pass
    }
    fn render(&self, _reader: &Reader, _top: bool, _area: Rect, _buf: &mut Buffer) {}
}

#[test]
fn layers_are_told_apart_by_type_not_by_name() {
    let mut app = app(TEXT, 80, 24);
    app.push(Box::new(Counter::default()));
    app.push(Box::new(Twin));
    assert_eq!(app.layers().len(), 2, "a name is no identity");
    // Its context is a list's unless it says otherwise.
    assert_eq!(app.key_context(), KeyContext::List);
    // Opening the same type again replaces the open one.
    app.push(Box::new(Counter {
        typed: "again".into(),
        ..Counter::default()
    }));
    assert_eq!(app.layers().len(), 2);
    assert_eq!(
        app.top_as::<Counter>().map(|c| c.typed.as_str()),
        Some("again")
    );
}
