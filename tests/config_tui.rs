//! The config file applied to the browser: key overrides in the key table
//! (dispatch, help and hints), the theme and colour overrides on screen,
//! default layers, mouse, warnings in the status bar.

mod tui_support;

use ratatui::style::Color;
use tui_support::*;
use yuelan::config::{Config, ConfigError};
use yuelan::model::{Annotation, Layer, Span};
use yuelan::tui::Action;
use yuelan::tui::Settings;
use yuelan::tui::keymap::parse_keys;
use yuelan::tui::theme::{Role, Variant};

/// The config file read, then checked by the browser into its settings.
fn check(text: &str) -> Result<Settings, ConfigError> {
    Settings::from_config(&Config::parse_str(text, "config.toml")?)
}

fn config(text: &str) -> Settings {
    match check(text) {
        Ok(c) => c,
        Err(e) => panic!("{e}"),
    }
}

fn action_for(c: &Settings, keys: &str) -> Option<Action> {
    c.keymap.action_for(&parse_keys(keys).unwrap_or_default())
}

#[test]
fn no_config_is_the_built_in_browser() {
    let c = config("");
    let (_, text) = &samples()[0];
    let mut app = app(text, 100, 30);
    let before_hidden = app.hidden_layers.clone();
    let before_words = app.show_words;
    let before_mouse = app.mouse_capture;
    app.apply_settings(&c);
    assert_eq!(
        app.hidden_layers, before_hidden,
        "default layers = the browser's"
    );
    assert_eq!(app.show_words, before_words);
    assert_eq!(app.mouse_capture, before_mouse);
    assert!(app.message.is_none());
    for (spec, action) in yuelan::tui::keymap::DEFAULT_BINDINGS {
        assert_eq!(action_for(&c, spec), Some(*action), "{spec}");
    }
}

#[test]
fn key_overrides_replace_an_actions_keys() {
    let c = config("[keys]\nquit = [\"x\", \"ctrl-q\"]\nhelp = \"F1\"\nnext-person = [\"P\"]\n");
    assert_eq!(action_for(&c, "x"), Some(Action::Quit));
    assert_eq!(action_for(&c, "ctrl-q"), Some(Action::Quit));
    assert_eq!(
        action_for(&c, "ctrl-c"),
        None,
        "quit's built-in key is replaced"
    );
    assert_eq!(action_for(&c, "f1"), Some(Action::Help));
    assert_eq!(action_for(&c, "?"), None);
    assert_eq!(action_for(&c, "P"), Some(Action::NextPerson));
    assert_eq!(action_for(&c, "]p"), None);
    // Untouched actions keep theirs.
    assert_eq!(action_for(&c, "j"), Some(Action::ScrollDown));

    // A key taken from another action moves: j now scrolls up only.
    let c = config("[keys]\nscroll-up = [\"j\"]\n");
    assert_eq!(action_for(&c, "j"), Some(Action::ScrollUp));
    assert_eq!(action_for(&c, "down"), Some(Action::ScrollDown));
    assert_eq!(action_for(&c, "k"), None);

    // [] unbinds.
    let c = config("[keys]\ntoggle-theme = []\n");
    assert_eq!(action_for(&c, "t"), None);
}

#[test]
fn overrides_drive_dispatch_and_the_help_overlay() {
    let c = config("[keys]\nhelp = [\"H\"]\nclose = [\"x\"]\n");
    let (_, text) = &samples()[0];
    let mut app = app(text, 100, 30);
    app.apply_settings(&c);
    press(&mut app, "?");
    assert!(app.layers().is_empty(), "? no longer opens help");
    press(&mut app, "H");
    assert_eq!(app.layers().len(), 1, "H opens help");
    let scr = screen_text(&render(&app));
    assert!(scr.contains("Keys (j/k scroll, x close)"), "{scr}");
    assert!(
        app.keymap
            .help_rows()
            .contains(&("H".to_string(), Action::Help)),
        "help lists the new key"
    );
    press(&mut app, "x");
    assert!(app.layers().is_empty(), "x closes it");
    press(&mut app, "esc");
    assert!(!app.should_quit, "escape never quits");
    press(&mut app, "q");
    assert!(app.should_quit, "q is quit's own key");
}

#[test]
fn keys_that_mean_the_same_conflict() {
    // G and shift-g are the same key.
    let e = check("[keys]\nbottom = [\"G\"]\ntop = [\"shift-g\"]\n").err();
    assert!(
        e.as_ref()
            .is_some_and(|e| e.line == Some(3)
                && e.message.contains("bound to both bottom (line 2) and top")),
        "{e:?}"
    );
    // One action listing a key twice is fine.
    assert!(check("[keys]\ntop = [\"g\", \"g\"]\n").is_ok());
}

#[test]
fn theme_and_colour_overrides_reach_the_screen() {
    let c = config(
        "theme = \"light\"\n[colors]\nper = { bg = \"#102030\", fg = \"white\" }\nquantities = \"black on 226 bold\"\n",
    );
    let theme = c.theme.clone();
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    if no_color {
        assert_eq!(theme.variant, Variant::Plain);
        return;
    }
    assert_eq!(theme.variant, Variant::Light);
    assert_eq!(
        theme.style(Role::Per).bg,
        Some(Color::Rgb(0x10, 0x20, 0x30))
    );
    assert_eq!(theme.style(Role::Quantity).bg, Some(Color::Indexed(226)));
    // Others keep the light theme's styles.
    assert_eq!(
        theme.style(Role::Heading),
        yuelan::tui::Theme::light().style(Role::Heading)
    );

    // On screen: a PER placed by hand is drawn with the configured colours.
    let (_, text) = &samples()[0];
    let mut ann = annotated(text);
    let p = ann.doc.paragraphs[0].span;
    let end = ann.doc.text[p.start..]
        .char_indices()
        .nth(3)
        .map_or(p.end, |(i, _)| p.start + i);
    let per = Span::new(p.start, end);
    let id = ann.annotations.len();
    let mut a = Annotation::new(Layer::Entities, "PER", per);
    a.id = Annotation::id_of(id);
    ann.annotations.push(a);
    let mut app = app_with(ann, 100, 30);
    app.apply_settings(&c);
    let row = yuelan::tui::wrap::line_of(app.lines(), per.start);
    for _ in 0..row {
        press(&mut app, "j");
    }
    let buf = render(&app);
    let cells = cells_of(&app, per.start, per.end);
    assert_eq!(cells.len(), 3);
    for (x, y) in cells {
        assert_eq!(buf[(x, y)].bg, Color::Rgb(0x10, 0x20, 0x30), "{x},{y}");
        assert_eq!(buf[(x, y)].fg, Color::White);
    }
}

#[test]
fn plain_theme_keeps_only_modifiers() {
    let c = config("theme = \"plain\"\n[colors]\nper = \"red bold\"\n");
    let theme = c.theme.clone();
    assert_eq!(theme.variant, Variant::Plain);
    let per = theme.style(Role::Per);
    assert_eq!(per.fg, None);
    assert!(per.add_modifier.contains(ratatui::style::Modifier::BOLD));
}

#[test]
fn default_layers_mouse_and_warnings() {
    let c = config("layers = [\"entities\", \"tokens\"]\nmouse = true\ncolour = 1\n");
    let (_, text) = &samples()[0];
    let mut app = app(text, 100, 30);
    app.apply_settings(&c);
    assert!(!app.hidden_layers.contains(&Layer::Entities));
    for l in [
        Layer::Quantities,
        Layer::Time,
        Layer::Quotes,
        Layer::Keywords,
        Layer::Glossary,
        Layer::Duplicates,
    ] {
        assert!(app.hidden_layers.contains(&l), "{l:?} hidden");
    }
    assert!(app.show_words, "tokens = word tints on");
    assert!(app.mouse_capture);
    let msg = app.message.clone().unwrap_or_default();
    assert!(msg.contains("unknown setting `colour`"), "{msg}");
    // The status bar shows it.
    let scr = screen_text(&render(&app));
    assert!(scr.contains("unknown setting"), "{scr}");
    // A hidden layer comes back with its toggle key.
    press(&mut app, "2");
    assert!(!app.hidden_layers.contains(&Layer::Quantities));
}
