//! Terminal events and worker messages in one stream.
//!
//! A reader thread forwards crossterm events; worker threads (annotation
//! now, later corpus indexing) send their results into the same channel, so
//! the main loop waits on one receiver.

use super::index::DocIndex;
use crate::annotate::{self, ResourceOptions, Resources};
use crate::model::{Annotated, Document};
use crossterm::event::{KeyEvent, MouseEvent};
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread;
use std::time::Duration;

/// Something the main loop reacts to.
#[derive(Debug)]
pub enum Event {
    Key(KeyEvent),
    Mouse(MouseEvent),
    Resize(u16, u16),
    /// The annotated document and its index, from the worker.
    Annotated(Arc<Annotated>, Arc<DocIndex>),
    /// A big document, whole, after its beginning was shown (see
    /// `reader::progressive`).
    Parsed(Box<super::reader::progressive::Parsed>),
    /// Annotations of the part around the view; the whole document's
    /// follow as [`Event::Annotated`].
    AnnotatedPart(Arc<Annotated>, Arc<DocIndex>),
    /// The worker failed (one line to show).
    WorkerFailed(String),
    /// Corpus mode: a message from the indexing worker.
    Index(crate::corpus::IndexMsg),
    /// Nothing happened for a while.
    Tick,
    /// SIGTERM, SIGINT, SIGHUP or SIGQUIT: stop and restore the terminal.
    Signal(i32),
}

/// The one stream of events.
pub struct Events {
    tx: Sender<Event>,
    rx: Receiver<Event>,
}

impl Default for Events {
    fn default() -> Self {
        Self::new()
    }
}

impl Events {
    pub fn new() -> Events {
        let (tx, rx) = mpsc::channel();
        Events { tx, rx }
    }

    /// A sender for workers.
    pub fn sender(&self) -> Sender<Event> {
        self.tx.clone()
    }

    /// Starts forwarding terminal events (a thread that blocks on input).
    pub fn spawn_terminal_reader(&self) {
        let tx = self.tx.clone();
        thread::spawn(move || {
            loop {
                let ev = match crossterm::event::read() {
                    Ok(crossterm::event::Event::Key(k)) => Event::Key(k),
                    Ok(crossterm::event::Event::Mouse(m)) => Event::Mouse(m),
                    Ok(crossterm::event::Event::Resize(w, h)) => Event::Resize(w, h),
                    Ok(_) => continue,
                    Err(e) => Event::WorkerFailed(format!("terminal input: {e}")),
                };
                let failed = matches!(ev, Event::WorkerFailed(_));
                if tx.send(ev).is_err() || failed {
                    break;
                }
            }
        });
    }

    /// Turns SIGTERM, SIGINT, SIGHUP and SIGQUIT into [`Event::Signal`],
    /// so the main loop ends and the terminal guard restores the terminal
    /// (SIGQUIT's default, a core dump, would leave it raw on the alternate
    /// screen). A second signal (the loop did not answer) restores it and
    /// exits at once.
    pub fn spawn_signal_watcher(&self) -> std::io::Result<()> {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
        let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGINT, SIGHUP, SIGQUIT])?;
        let tx = self.tx.clone();
        thread::spawn(move || {
            let mut seen = false;
            for sig in signals.forever() {
                if seen || tx.send(Event::Signal(sig)).is_err() {
                    super::terminal::restore();
                    std::process::exit(128 + sig);
                }
                seen = true;
            }
        });
        Ok(())
    }

    /// The next event, or `Tick` after `timeout`.
    pub fn next(&self, timeout: Duration) -> Event {
        match self.rx.recv_timeout(timeout) {
            Ok(ev) => ev,
            Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => Event::Tick,
        }
    }

    /// The next event, or `None` when `timeout` passes first.
    pub fn next_within(&self, timeout: Duration) -> Option<Event> {
        match self.rx.recv_timeout(timeout) {
            Ok(ev) => Some(ev),
            Err(RecvTimeoutError::Timeout) => None,
            // No sender left (cannot happen: the loop holds one): wait as
            // for a timeout rather than spin.
            Err(RecvTimeoutError::Disconnected) => {
                std::thread::sleep(timeout.min(Duration::from_secs(1)));
                None
            }
        }
    }
}

/// Loads the learner's dictionary (CC-CEDICT) on a worker thread; a tick
/// redraws the screen when it is ready.
pub fn spawn_dictionary(tx: Sender<Event>) {
    thread::spawn(move || {
        let ev = match crate::dict::shared() {
            Ok(_) => Event::Tick,
            Err(e) => Event::WorkerFailed(format!("dictionary: {e:#}")),
        };
        let _ = tx.send(ev);
    });
}

/// Loads the resources and annotates `doc` on a worker thread; the result
/// (or the error) arrives as an event.
pub fn spawn_annotation(doc: Document, tx: Sender<Event>, options: ResourceOptions) {
    thread::spawn(move || {
        let result = std::panic::catch_unwind(move || {
            let res = Resources::load_with(&options)?;
            let annotated = annotate::annotate(doc, &res);
            let index = DocIndex::build(&annotated);
            Ok::<_, anyhow::Error>((annotated, index))
        });
        let ev = match result {
            Ok(Ok((a, i))) => Event::Annotated(Arc::new(a), Arc::new(i)),
            Ok(Err(e)) => Event::WorkerFailed(format!("annotation failed: {e:#}")),
            Err(_) => Event::WorkerFailed(format!(
                "annotation failed (internal error: {}; {})",
                super::terminal::last_worker_panic().unwrap_or_default(),
                super::terminal::REPORT
            )),
        };
        let _ = tx.send(ev);
    });
}
