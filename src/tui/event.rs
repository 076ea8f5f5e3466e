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
use std::time::{Duration, Instant};

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
    /// A book, every chapter read, after its first chapters were shown
    /// (see `reader::book`).
    Book(
        Box<super::reader::progressive::Parsed>,
        Box<super::reader::book::Remap>,
    ),
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

/// When the loop draws: only when something changed since the last frame,
/// and at most once per `frame` — a burst of events (index progress, key
/// repeat, a resize storm) folds into one frame. With nothing changed the
/// loop sleeps until the next event (no timer, no CPU).
#[derive(Debug, Clone, Copy)]
pub struct Redraw {
    frame: Duration,
    dirty: bool,
    last: Option<Instant>,
}

impl Redraw {
    /// The first frame is due at once.
    pub fn new(frame: Duration) -> Redraw {
        Redraw {
            frame,
            dirty: true,
            last: None,
        }
    }

    /// Something changed: a frame is due (now, or when `frame` has passed
    /// since the last).
    pub fn changed(&mut self) {
        self.dirty = true;
    }

    /// Whether to draw at `now`.
    pub fn due(&self, now: Instant) -> bool {
        self.dirty && self.until_next(now).is_zero()
    }

    /// A frame was drawn at `now`.
    pub fn drawn(&mut self, now: Instant) {
        self.dirty = false;
        self.last = Some(now);
    }

    /// How long to wait for the next event: until the next frame may be
    /// drawn when one is due, else `idle` (the loop sleeps).
    pub fn timeout(&self, now: Instant, idle: Duration) -> Duration {
        if self.dirty {
            self.until_next(now)
        } else {
            idle
        }
    }

    fn until_next(&self, now: Instant) -> Duration {
        self.last.map_or(Duration::ZERO, |t| {
            self.frame.saturating_sub(now.saturating_duration_since(t))
        })
    }
}

/// Whether an event can change what the screen shows (the annotations
/// of a document no longer open cannot; those of a part may be for the
/// beginning of the open text, see `Reader::set_part`).
pub fn changes_screen(ev: &Event, open_text: &str) -> bool {
    match ev {
        Event::Annotated(a, _) => a.doc.text == open_text,
        Event::AnnotatedPart(a, _) => open_text.starts_with(&a.doc.text),
        _ => true,
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    const FRAME: Duration = Duration::from_millis(16);
    const IDLE: Duration = Duration::from_secs(3600);

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    #[test]
    fn the_first_frame_is_drawn_at_once_then_nothing_until_a_change() {
        let t0 = Instant::now();
        let mut r = Redraw::new(FRAME);
        assert!(r.due(t0));
        r.drawn(t0);
        // Nothing changed: never due, and the loop sleeps the idle time.
        for later in [ms(1), ms(16), ms(1000), Duration::from_secs(100)] {
            assert!(!r.due(t0 + later));
            assert_eq!(r.timeout(t0 + later, IDLE), IDLE);
        }
    }

    #[test]
    fn a_burst_of_changes_is_one_frame_per_frame_time() {
        let t0 = Instant::now();
        let mut r = Redraw::new(FRAME);
        r.drawn(t0);
        // 100 events in 10 ms (a progress burst): none draws before the
        // frame time is up; the loop waits exactly for the rest of it.
        let mut frames = 0;
        for i in 0..100u32 {
            let now = t0 + Duration::from_micros(100 * u64::from(i));
            r.changed();
            if r.due(now) {
                frames += 1;
                r.drawn(now);
            }
            assert_eq!(r.timeout(now, IDLE), FRAME - (now - t0));
        }
        assert_eq!(frames, 0);
        // When the frame time is up: one frame for the whole burst.
        assert!(r.due(t0 + FRAME));
        r.drawn(t0 + FRAME);
        assert!(!r.due(t0 + FRAME + ms(1)));
        assert_eq!(r.timeout(t0 + FRAME + ms(1), IDLE), IDLE);
        // A change long after the last frame draws at once.
        r.changed();
        assert!(r.due(t0 + ms(500)));
        assert_eq!(r.timeout(t0 + ms(500), IDLE), Duration::ZERO);
    }

    #[test]
    fn a_steady_stream_draws_at_most_every_frame_time() {
        // An event every millisecond for a second: about 60 frames, never
        // two within 16 ms.
        let t0 = Instant::now();
        let mut r = Redraw::new(FRAME);
        let mut drawn_at: Vec<Instant> = Vec::new();
        for i in 0..1000u64 {
            let now = t0 + ms(i);
            r.changed();
            if r.due(now) {
                r.drawn(now);
                drawn_at.push(now);
            }
        }
        assert!((60..=63).contains(&drawn_at.len()), "{}", drawn_at.len());
        for w in drawn_at.windows(2) {
            assert!(w[1] - w[0] >= FRAME);
        }
    }

    #[test]
    fn annotations_of_another_document_change_nothing() {
        let doc = |t: &str| {
            Arc::new(Annotated::unannotated(crate::parse::parse(
                t.to_string(),
                crate::model::Format::Plain,
            )))
        };
        let index = Arc::new(DocIndex::default());
        let open = doc("标题\n\n正文。\n");
        let other = doc("另一篇\n\n正文。\n");
        let text = open.doc.text.clone();
        assert!(changes_screen(
            &Event::Annotated(open, index.clone()),
            &text
        ));
        assert!(!changes_screen(&Event::Annotated(other, index), &text));
        assert!(changes_screen(&Event::Resize(80, 24), &text));
    }
}
