//! The terminal interface: sections on the left, the annotated text on the
//! right, details and status below.
//!
//! - `app`: state and `update(Action)`; no drawing.
//! - `action`: the one `Action` enum; `keymap`: the key table that drives
//!   dispatch, the help overlay and the status hints.
//! - `event`: terminal events and worker messages in one stream.
//! - `wrap`: CJK-aware wrapping keeping source offsets; `index`: lookups
//!   built once per annotated document; `layout`: pane geometry.
//! - `theme`: styles by role; `view/`: pure render functions.
//! - `terminal`: setup/restore and the panic hook.

pub mod action;
pub mod app;
pub mod event;
pub mod index;
pub mod keymap;
pub mod layout;
pub mod overlay;
pub mod terminal;
pub mod theme;
pub mod view;
pub mod wrap;

pub use action::Action;
pub use app::App;
pub use keymap::KeyMap;
pub use theme::Theme;

use crate::annotate::ResourceOptions;
use crate::config::Config;
use crate::model::{Annotated, Document};
use event::{Event, Events};
use std::sync::Arc;
use std::time::Duration;

/// How long a pending key sequence (`]` before `p`) waits.
const SEQUENCE_TIMEOUT: Duration = Duration::from_millis(600);

/// How the browser ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// The user quit.
    Quit,
    /// A signal (SIGTERM, SIGINT, SIGHUP) asked it to stop.
    Signal(i32),
}

/// Runs the browser on a parsed document until the user quits or a signal
/// stops it; the terminal is restored either way. The text shows at once;
/// annotation runs on a worker thread. `config` gives the keys, theme,
/// layers, mouse and widths; `resources` what the annotators load.
pub fn run(
    doc: Document,
    file_name: &str,
    config: &Config,
    resources: ResourceOptions,
) -> anyhow::Result<Exit> {
    let events = Events::new();
    event::spawn_annotation(doc.clone(), events.sender(), resources);
    let mut app = App::new(Arc::new(Annotated::unannotated(doc)), file_name);
    config.apply(&mut app)?;
    let (mut terminal, _guard) = terminal::setup(app.mouse_capture)?;
    let mut mouse_on = app.mouse_capture;
    events.spawn_signal_watcher()?;
    events.spawn_terminal_reader();
    let test_panic = std::env::var_os("YUELAN_TEST_PANIC").is_some();
    let mut frames = 0u64;
    let size = terminal.size()?;
    app.resize(size.width, size.height);
    loop {
        if app.mouse_capture != mouse_on {
            terminal::set_mouse(app.mouse_capture)?;
            mouse_on = app.mouse_capture;
        }
        frames += 1;
        terminal.draw(|f| {
            // The end-to-end test's way to check that a panic while drawing
            // restores the terminal (tests/e2e/tmux.sh).
            if test_panic && frames > 1 {
                panic!("YUELAN_TEST_PANIC is set: a deliberate panic while drawing");
            }
            view::draw(f, &app)
        })?;
        let timeout = if app.has_pending_keys() {
            SEQUENCE_TIMEOUT
        } else {
            Duration::from_secs(3600)
        };
        match events.next(timeout) {
            Event::Key(k) => app.handle_key(k),
            Event::Mouse(m) => app.handle_mouse(m),
            Event::Resize(w, h) => app.resize(w, h),
            Event::Annotated(a, i) => app.set_annotated(a, i),
            Event::WorkerFailed(msg) => {
                app.annotating = false;
                app.message = Some(msg);
            }
            Event::Tick => app.tick(),
            Event::Signal(sig) => return Ok(Exit::Signal(sig)),
        }
        if app.should_quit {
            break;
        }
    }
    Ok(Exit::Quit)
}
