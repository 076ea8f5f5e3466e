//! The terminal interface: sections on the left, the annotated text on the
//! right, details and status below.
//!
//! - `app`: a `Reader` plus a stack of layers; routes keys and actions.
//! - `reader/`: the document view state and the reader's own actions.
//! - `layers/`: one file per overlay, each a `Layer`; `widgets/`: the list,
//!   the line editor and popup chrome they are built from.
//! - `action`: the one `Action` enum; `keymap`: the key tables per context
//!   (reader, list, prompt) that drive dispatch, help and the status hints.
//! - `event`: terminal events and worker messages in one stream.
//! - `wrap`: the document wrapped into lines (by `crate::text`); `index`:
//!   lookups built once per annotated document; `layout`: pane geometry.
//! - `theme`: styles by role (and the one mapping from labels and layers to
//!   roles); `view/`: pure render functions of the panes.
//! - `settings`: the config checked against the browser's names (actions,
//!   keys, roles) and applied; `default_config`: the commented default file.
//! - `terminal`: setup/restore and the panic hook.

pub mod action;
pub mod app;
pub mod corpus;
pub mod default_config;
pub mod event;
pub mod index;
pub mod keymap;
pub mod layers;
pub mod layout;
pub mod learner;
pub mod level;
pub mod notes;
pub mod reader;
pub mod settings;
pub mod terminal;
pub mod theme;
pub mod view;
pub mod widgets;
pub mod wrap;

pub use action::Action;
pub use app::App;
pub use default_config::default_file;
pub use keymap::KeyMap;
pub use settings::Settings;
pub use theme::Theme;

use crate::annotate::ResourceOptions;
use crate::model::{Annotated, Document};
use event::{Event, Events};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The shortest time between two frames (bursts of events are coalesced).
const FRAME: Duration = Duration::from_millis(16);
/// How long the loop sleeps when nothing happens.
const IDLE: Duration = Duration::from_secs(3600);

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
/// annotation runs on a worker thread. `settings` give the keys, theme,
/// layers, mouse and widths; `resources` what the annotators load.
pub fn run(
    doc: Document,
    file_name: &str,
    settings: &Settings,
    resources: ResourceOptions,
) -> anyhow::Result<Exit> {
    let events = Events::new();
    let tx = events.sender();
    let worker_doc = doc.clone();
    let start = move || {
        event::spawn_annotation(worker_doc, tx.clone(), resources);
        event::spawn_dictionary(tx);
    };
    let notes = open_notes(&doc);
    let mut app = App::on(Arc::new(Annotated::unannotated(doc)), file_name);
    app.apply_settings(settings);
    open_known(&mut app);
    event_loop(app, events, Some(notes), Some(Box::new(start)))
}

/// Runs the browser on a big plain text shown from its beginning
/// (`preview`, parsed) while a worker parses the whole text and annotates
/// it, the part around the view first (see `reader::progressive`).
pub fn run_progressive(
    preview: Document,
    whole: reader::progressive::Whole,
    file_name: &str,
    settings: &Settings,
    resources: ResourceOptions,
) -> anyhow::Result<Exit> {
    use reader::progressive::{self, Job, ViewHint};
    let events = Events::new();
    let path = preview.source.path.clone();
    let mut app = App::on(Arc::new(Annotated::unannotated(preview)), file_name);
    app.apply_settings(settings);
    open_known(&mut app);
    let hint = Arc::new(ViewHint::default());
    app.reader.view_hint = Some(hint.clone());
    let job = Job {
        whole,
        path,
        resources,
        widths: app.reader.widths,
        hint,
        window: progressive::WINDOW_BYTES,
        first: Some(Arc::clone(&app.reader.doc)),
    };
    let tx = events.sender();
    // The worker loads CC-CEDICT once the part around the view is
    // annotated (at once when the view shows pinyin).
    let start = move || progressive::spawn(job, tx);
    // The notes come with the whole document.
    event_loop(app, events, None, Some(Box::new(start)))
}

/// Runs the browser in corpus mode: the document list first; indexing runs
/// on a worker and its progress arrives as events. (Notes are not attached
/// in corpus mode yet.)
pub fn run_corpus(
    corpus: crate::corpus::Corpus,
    opts: crate::corpus::index::IndexOptions,
    settings: &Settings,
    resources: ResourceOptions,
) -> anyhow::Result<Exit> {
    let events = Events::new();
    event::spawn_dictionary(events.sender());
    let indexer = corpus.index(opts.clone());
    let fwd = events.sender();
    indexer.forward(move |msg| fwd.send(Event::Index(msg)).is_ok());
    let mut app = corpus::corpus_app(corpus, opts.cache, Some(events.sender()));
    if let Some(c) = app.corpus.as_mut() {
        c.resources = resources;
    }
    app.apply_settings(settings);
    open_known(&mut app);
    event_loop(app, events, None, None)
}

/// Work started once the first frame is drawn.
type Deferred = Box<dyn FnOnce()>;

fn event_loop(
    mut app: App,
    events: Events,
    notes: Option<anyhow::Result<crate::notes::NoteStore>>,
    mut after_first_frame: Option<Deferred>,
) -> anyhow::Result<Exit> {
    let (mut terminal, _guard) = terminal::setup(app.mouse_capture)?;
    let mut mouse_on = app.mouse_capture;
    events.spawn_signal_watcher()?;
    events.spawn_terminal_reader();
    let test_panic = std::env::var_os("YUELAN_TEST_PANIC").is_some();
    let mut frames = 0u64;
    let size = terminal.size()?;
    app.resize(size.width, size.height);
    match notes {
        Some(Ok(store)) => app.attach_notes(store),
        Some(Err(e)) => app.reader.message = Some(format!("notes unavailable: {e:#}")),
        None => {}
    }
    let mut exit = Exit::Quit;
    // Annotations received and not drawn yet: (any, the whole document's).
    let mut shown: Option<bool> = None;
    let mut first_frame = true;
    // Draw only when something happened, and at most once per FRAME (see
    // `event::Redraw`). With nothing happening the loop sleeps.
    let mut redraw = event::Redraw::new(FRAME);
    loop {
        if app.mouse_capture != mouse_on {
            terminal::set_mouse(app.mouse_capture)?;
            mouse_on = app.mouse_capture;
        }
        if redraw.due(Instant::now()) {
            // A resize the app has not heard of yet: lay out for the size
            // the frame will have.
            let size = terminal.size()?;
            if (size.width, size.height) != (app.size.width, app.size.height) {
                app.resize(size.width, size.height);
            }
            frames += 1;
            terminal.draw(|f| {
                // The end-to-end test's way to check that a panic while
                // drawing restores the terminal (tests/e2e/tmux.sh).
                if test_panic && frames > 1 {
                    panic!("YUELAN_TEST_PANIC is set: a deliberate panic while drawing");
                }
                view::draw(f, &app)
            })?;
            redraw.drawn(Instant::now());
            {
                use crate::timings::{Phase, record_since_start_once};
                if first_frame {
                    first_frame = false;
                    crate::timings::record_first_frame();
                    // The workers start once the first frame is up, so
                    // that it does not wait for a core behind them.
                    if let Some(start) = after_first_frame.take() {
                        start();
                    }
                }
                if let Some(whole) = shown.take() {
                    record_since_start_once(Phase::AnnotationsShown);
                    if whole {
                        record_since_start_once(Phase::AnnotationsDone);
                    }
                }
            }
        }
        let timeout = redraw.timeout(Instant::now(), IDLE);
        let Some(event) = events.next_within(timeout) else {
            continue;
        };
        if event::changes_screen(&event, &app.doc.doc.text) {
            redraw.changed();
        }
        match event {
            Event::Key(k) => app.handle_key(k),
            Event::Mouse(m) => app.handle_mouse(m),
            Event::Resize(w, h) => app.resize(w, h),
            // In corpus mode the reader may have moved on to another
            // document before the annotations of the last one arrive.
            Event::Annotated(a, i) if a.doc.text == app.doc.doc.text => {
                app.set_annotated(a, i);
                shown = Some(true);
            }
            Event::Annotated(..) => {}
            Event::AnnotatedPart(a, i) => {
                if app.set_part(a, i) {
                    shown = Some(false);
                }
            }
            Event::Parsed(p) => match app.set_parsed(*p) {
                Ok(store) => app.attach_notes(store),
                Err(e) => app.reader.message = Some(format!("notes unavailable: {e:#}")),
            },
            Event::Book(p, remap) => match app.set_book(*p, &remap) {
                Ok(store) => app.attach_notes(store),
                Err(e) => app.reader.message = Some(format!("notes unavailable: {e:#}")),
            },
            Event::Index(msg) => app.corpus_index_msg(msg),
            Event::WorkerFailed(msg) => {
                app.reader.annotating = false;
                app.reader.message = Some(msg);
            }
            Event::Tick => app.tick(),
            Event::Signal(sig) => {
                exit = Exit::Signal(sig);
                break;
            }
        }
        if app.should_quit {
            break;
        }
    }
    // Notes and the reading position are saved on quit and on a signal.
    let saved = app.close_notes();
    drop(terminal);
    drop(_guard);
    if let Err(e) = saved {
        eprintln!("yuelan: warning: notes not saved: {e:#}");
    }
    Ok(exit)
}

/// Opens the reader's known-word list (a small file) so the details panel
/// and the level tint know it from the first frame; a list that cannot be
/// read is said in the status bar and never overwritten.
fn open_known(app: &mut App) {
    if let Err(e) = app.reader.learner.level.open_known() {
        app.reader.message.get_or_insert(e);
    }
}

/// The notes of `doc`, found by its text and the path it was read from
/// (`None` for standard input and the bundled sample, which are found by
/// text alone).
pub(crate) fn open_notes(doc: &Document) -> anyhow::Result<crate::notes::NoteStore> {
    crate::notes::NoteStore::open(&doc.text, notes_path(doc))
}

/// The path `doc`'s notes are found by, when it was read from a file.
fn notes_path(doc: &Document) -> Option<&std::path::Path> {
    doc.source
        .path
        .as_deref()
        .map(std::path::Path::new)
        .filter(|p| p.is_file())
}

/// [`open_notes`] sharing the document rather than copying its text (a
/// big document's worker).
pub(crate) fn open_shared_notes(doc: &Arc<Document>) -> anyhow::Result<crate::notes::NoteStore> {
    crate::notes::NoteStore::open_shared(doc, notes_path(doc))
}
