//! A book of many chapters at once: the browser shows an EPUB's first
//! chapters with its whole outline, and reads the other chapters on a
//! worker after the first frame.
//!
//! 1. The main thread reads the container, the package and the table of
//!    contents, and the first chapters — enough text for the first screens
//!    ([`PREVIEW_BYTES`]); each chapter after those stands as its headings
//!    from the table of contents, so the outline is whole from the first
//!    frame ([`crate::read::epub::Book::read`]).
//! 2. A worker reads every chapter and sends the whole book
//!    ([`Event::Book`]); the reader swaps it in at the same place — the same
//!    byte in the chapters already read, the same heading in the others
//!    ([`Reader::set_book`]).
//! 3. The worker annotates the part around the reading position, then the
//!    whole book, as for a big plain text (`progressive`).

use super::Reader;
use super::progressive::{Parsed, ViewHint, send_part, send_whole, unannotated};
use crate::annotate::ResourceOptions;
use crate::model::Annotated;
use crate::read::epub::{Book, Part};
use crate::tui::event::{Event, Events};
use std::sync::Arc;
use std::sync::mpsc::Sender;

/// Chapters are read on the main thread until the text holds this many
/// bytes (a few screens).
pub const PREVIEW_BYTES: usize = 16 * 1024;

/// How places in the first part map to the whole book.
#[derive(Debug, Clone)]
pub struct Remap {
    /// The first part's length in bytes, what of it is the book's text
    /// too, and its marks (see [`Part`]).
    part: Part,
    /// The whole book's marks.
    whole: Vec<usize>,
}

impl Remap {
    /// Byte `at` of the first part in the whole book.
    pub fn map(&self, at: usize) -> usize {
        self.part.map_to(&self.whole, at)
    }

    /// Bytes at the start that the first part and the whole book share.
    pub fn loaded(&self) -> usize {
        self.part.loaded
    }
}

/// What the worker needs: the book, and the first part the reader shows.
pub struct Job {
    pub book: Book,
    /// The first part's marks and length (its text is not needed).
    pub part: Part,
    pub path: Option<String>,
    pub resources: ResourceOptions,
    pub widths: crate::text::Widths,
    pub hint: Arc<ViewHint>,
    /// Bytes annotated first (`progressive::WINDOW_BYTES`).
    pub window: usize,
}

/// Reads every chapter, then annotates, on a worker thread: sends
/// [`Event::Book`], then [`Event::AnnotatedPart`] and [`Event::Annotated`]
/// (or [`Event::WorkerFailed`]).
pub fn spawn(job: Job, tx: Sender<Event>) {
    std::thread::spawn(move || {
        let fail = tx.clone();
        let result =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || read_rest(job, &tx)));
        let msg = match result {
            Ok(Ok(())) => return,
            Ok(Err(e)) => format!("the rest of the book could not be read: {e:#}"),
            Err(_) => format!(
                "reading the book failed (internal error: {}; {})",
                crate::tui::terminal::last_worker_panic().unwrap_or_default(),
                crate::tui::terminal::REPORT
            ),
        };
        let _ = fail.send(Event::WorkerFailed(msg));
    });
}

fn read_rest(job: Job, tx: &Sender<Event>) -> anyhow::Result<()> {
    let Job {
        book,
        part,
        path,
        resources,
        widths,
        hint,
        window,
    } = job;
    // The dictionaries load on a thread of their own while the chapters are
    // read; the book is sent as soon as it is read, not after them.
    std::thread::scope(|scope| {
        let res = scope.spawn(|| super::progressive::view_resources(&resources, &hint, tx));
        let whole = book.read(None)?;
        drop(book);
        let mut doc = whole.doc;
        doc.source.path = path;
        doc.source.encoding = "UTF-8".to_string();
        let doc = Arc::new(doc);
        let parsed = unannotated(&doc, widths, &hint);
        let remap = Remap {
            part,
            whole: whole.marks,
        };
        if tx
            .send(Event::Book(Box::new(parsed), Box::new(remap)))
            .is_err()
        {
            return Ok(());
        }
        let res = res
            .join()
            .unwrap_or_else(|_| Err(anyhow::anyhow!("the dictionaries could not be loaded")))?;
        if send_part(&doc, &hint, window, &res, tx) {
            super::progressive::load_rest();
            send_whole(doc, res, tx);
        }
        Ok(())
    })
}

impl Reader {
    /// The whole book arrived (its first part was shown): shown at the same
    /// place (see [`Remap`]). Gives the book's notes to attach.
    pub fn set_book(
        &mut self,
        parsed: Parsed,
        remap: &Remap,
    ) -> anyhow::Result<crate::notes::NoteStore> {
        let loaded = remap.loaded();
        self.anchor = remap.map(self.anchor);
        if self.cursor.is_some_and(|c| c >= loaded) {
            self.cursor = None;
        }
        if self.search.hits.iter().any(|h| h.end > loaded) {
            self.search = Default::default();
        }
        // Sections after the first part are numbered anew.
        self.folded.clear();
        let notes = self.set_parsed(parsed);
        self.outline_sel = self.current_section();
        notes
    }
}

/// Runs the browser on a book shown from its first part while a worker
/// reads the rest and annotates it.
pub fn run(
    part: Part,
    book: Book,
    file_name: &str,
    settings: &crate::tui::Settings,
    resources: ResourceOptions,
) -> anyhow::Result<crate::tui::Exit> {
    let events = Events::new();
    let mut doc = part.doc.clone();
    doc.source.encoding = "UTF-8".to_string();
    let path = doc.source.path.clone();
    let mut app = crate::tui::App::on(Arc::new(Annotated::unannotated(doc)), file_name);
    app.apply_settings(settings);
    crate::tui::open_known(&mut app);
    let hint = Arc::new(ViewHint::default());
    app.reader.view_hint = Some(hint.clone());
    let job = Job {
        book,
        part,
        path,
        resources,
        widths: app.reader.widths,
        hint,
        window: super::progressive::WINDOW_BYTES,
    };
    let tx = events.sender();
    // The worker loads CC-CEDICT once the part around the view is
    // annotated (at once when the view shows pinyin).
    let start = move || spawn(job, tx);
    // The notes come with the whole book.
    crate::tui::event_loop(app, events, None, Some(Box::new(start)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chapters() -> Book {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/formats/chapters.epub"
        );
        match Book::open(std::fs::read(path).unwrap_or_default()) {
            Ok(b) => b,
            Err(e) => panic!("{path}: {e}"),
        }
    }

    fn heading_at_top(r: &Reader) -> String {
        let text = &r.doc.doc.text;
        r.lines()
            .get(r.top)
            .and_then(|l| text.get(l.start..l.end))
            .unwrap_or("")
            .trim()
            .to_string()
    }

    /// The reader has the whole outline from the first part; it goes to a
    /// chapter not read yet; the worker sends the whole book, which the
    /// reader shows at that chapter, then the annotations.
    #[test]
    fn outline_first_then_the_whole_book_at_the_same_chapter() {
        let book = chapters();
        let part = match book.read(Some(1500)) {
            Ok(p) => p,
            Err(e) => panic!("first part: {e}"),
        };
        let mut reader = Reader::new(Arc::new(Annotated::unannotated(part.doc.clone())), "b");
        reader.resize(80, 24);
        let doc = &reader.doc.doc;
        let named = |d: &crate::model::Document, t: &str| {
            d.sections
                .iter()
                .position(|s| s.heading.is_some_and(|h| d.span_text(h) == t))
        };
        // The last chapter is in the outline, its text is not read.
        assert!(named(doc, "第24章 驿站").is_some());
        assert!(!doc.text.contains("写的是驿站"));
        let Some(ch20) = named(doc, "第20章 学堂") else {
            panic!("chapter 20 in the outline");
        };
        reader.jump_to_section(ch20 + 1);
        assert_eq!(heading_at_top(&reader), "归途");
        let hint = Arc::new(ViewHint::default());
        reader.view_hint = Some(hint.clone());
        reader.share_view();
        let (tx, rx) = std::sync::mpsc::channel();
        let job = Job {
            book,
            part,
            path: None,
            resources: ResourceOptions::default(),
            widths: crate::text::Widths::default(),
            hint,
            window: 4096,
        };
        spawn(job, tx);
        let Ok(Event::Book(parsed, remap)) = rx.recv() else {
            panic!("the whole book first");
        };
        assert!(
            parsed
                .doc
                .doc
                .text
                .contains("这是第24章的最后一句话，写的是驿站。")
        );
        let _ = reader.set_book(*parsed, &remap);
        assert!(reader.doc.doc.text.contains("写的是驿站"));
        // The same heading at the top: chapter 20's subheading.
        assert_eq!(heading_at_top(&reader), "归途");
        let top = reader.lines()[reader.top].start;
        let ch20_text = reader
            .doc
            .doc
            .text
            .find("第20章 学堂")
            .unwrap_or(usize::MAX);
        assert!(top > ch20_text, "{top} {ch20_text}");
        assert_eq!(
            reader.current_section(),
            named(&reader.doc.doc, "第20章 学堂").map_or(0, |s| s + 1)
        );
        // Then the annotations: the part around the view, the whole book.
        let Ok(Event::AnnotatedPart(part, _)) = rx.recv() else {
            panic!("the part around the view next");
        };
        let first = part.tokens.first().map_or(0, |t| t.span().start);
        // Around chapter 20, far after the chapters read first.
        assert!(
            first > remap.loaded() && first + 4096 > ch20_text,
            "annotated around chapter 20: {first}"
        );
        let Ok(Event::Annotated(all, _)) = rx.iter().find(|e| !matches!(e, Event::Tick)).ok_or(())
        else {
            panic!("the whole book's annotations last");
        };
        assert_eq!(all.doc.text, reader.doc.doc.text);
    }
}
