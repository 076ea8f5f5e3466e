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
pub mod corpus;
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

use crate::model::{Annotated, Document};
use event::{Event, Events};
use std::sync::Arc;
use std::time::Duration;

/// How long a pending key sequence (`]` before `p`) waits.
const SEQUENCE_TIMEOUT: Duration = Duration::from_millis(600);

/// Runs the browser on a parsed document until the user quits. The text
/// shows at once; annotation runs on a worker thread.
pub fn run(doc: Document, file_name: &str) -> anyhow::Result<()> {
    let events = Events::new();
    event::spawn_annotation(doc.clone(), events.sender());
    let app = App::new(Arc::new(Annotated::unannotated(doc)), file_name);
    event_loop(app, events)
}

/// Runs the browser in corpus mode: the document list first; indexing runs
/// on a worker and its progress arrives as events.
pub fn run_corpus(
    corpus: crate::corpus::Corpus,
    opts: crate::corpus::index::IndexOptions,
) -> anyhow::Result<()> {
    let events = Events::new();
    let tx = events.sender();
    let indexer = corpus.index(opts.clone());
    let fwd = events.sender();
    indexer.forward(move |msg| fwd.send(Event::Index(msg)).is_ok());
    let app = corpus::corpus_app(corpus, opts.cache, Some(tx));
    event_loop(app, events)
}

fn event_loop(mut app: App, events: Events) -> anyhow::Result<()> {
    let (mut terminal, _guard) = terminal::setup(app.mouse_capture)?;
    let mut mouse_on = app.mouse_capture;
    events.spawn_terminal_reader();
    let size = terminal.size()?;
    app.resize(size.width, size.height);
    let mut first_frame = true;
    loop {
        if app.mouse_capture != mouse_on {
            terminal::set_mouse(app.mouse_capture)?;
            mouse_on = app.mouse_capture;
        }
        terminal.draw(|f| view::draw(f, &app))?;
        if first_frame {
            first_frame = false;
            crate::corpus::timings::record_since_start(crate::corpus::timings::Phase::FirstFrame);
        }
        let timeout = if app.has_pending_keys() {
            SEQUENCE_TIMEOUT
        } else {
            Duration::from_secs(3600)
        };
        match events.next(timeout) {
            Event::Key(k) => app.handle_key(k),
            Event::Mouse(m) => app.handle_mouse(m),
            Event::Resize(w, h) => app.resize(w, h),
            // In corpus mode the reader may have moved on to another
            // document before the annotations of the last one arrive.
            Event::Annotated(a, i) if a.doc.text == app.doc.doc.text => app.set_annotated(a, i),
            Event::Annotated(..) => {}
            Event::Index(msg) => app.corpus_index_msg(msg),
            Event::WorkerFailed(msg) => {
                app.annotating = false;
                app.message = Some(msg);
            }
            Event::Tick => app.tick(),
        }
        if app.should_quit {
            break;
        }
    }
    Ok(())
}
