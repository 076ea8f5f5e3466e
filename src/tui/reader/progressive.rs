//! A big document at once: the browser shows the first screen of a big
//! plain text before the rest is parsed, then the whole document, then its
//! annotations in two steps — the part around the view first, the rest
//! after.
//!
//! 1. The main thread parses only the text's beginning ([`preview`]) and
//!    draws the first frame from it.
//! 2. A worker loads the dictionaries while it parses the whole text,
//!    finds the notes and wraps the lines at the reader's width; the reader
//!    swaps the document in at the same reading position
//!    ([`Reader::set_parsed`]).
//! 3. The worker annotates the lines around the reading position
//!    ([`annotate_window`]) and sends them; then the whole document.
//!
//! The reader tells the worker where it is through a [`ViewHint`].

use super::Reader;
use crate::annotate::{self, ResourceOptions, Resources};
use crate::model::{Annotated, AttrValue, Document, Format, Keywords, Span};
use crate::tui::event::Event;
use crate::tui::index::DocIndex;
use crate::tui::wrap::{self, Line};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU16, AtomicUsize, Ordering};
use std::sync::mpsc::Sender;

/// Texts longer than this are shown from their beginning first.
pub const PREVIEW_BYTES: usize = 256 * 1024;

/// Bytes around the reading position annotated first.
pub const WINDOW_BYTES: usize = 64 * 1024;

/// Where the reader is, for the worker: the byte at the top of the text
/// pane and the text pane's width (0 until known).
#[derive(Debug, Default)]
pub struct ViewHint {
    anchor: AtomicUsize,
    width: AtomicU16,
    /// The view shows the learner layer (pinyin rows).
    learner: AtomicBool,
}

impl ViewHint {
    pub fn anchor(&self) -> usize {
        self.anchor.load(Ordering::Relaxed)
    }
    pub fn width(&self) -> u16 {
        self.width.load(Ordering::Relaxed)
    }
    pub fn learner(&self) -> bool {
        self.learner.load(Ordering::Relaxed)
    }
    pub(super) fn set(&self, anchor: usize, width: u16) {
        self.anchor.store(anchor, Ordering::Relaxed);
        self.width.store(width, Ordering::Relaxed);
    }
    pub(super) fn set_learner(&self, shown: bool) {
        self.learner.store(shown, Ordering::Relaxed);
    }
}

/// The whole document, parsed after the first screen was shown from its
/// beginning: its notes, and its lines wrapped at the width the reader had
/// (when known).
pub struct Parsed {
    pub doc: Arc<Annotated>,
    pub index: Arc<DocIndex>,
    pub notes: anyhow::Result<crate::notes::NoteStore>,
    pub lines: Option<(u16, crate::text::Widths, Arc<Vec<Line>>)>,
}

impl std::fmt::Debug for Parsed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Parsed")
            .field("bytes", &self.doc.doc.text.len())
            .finish_non_exhaustive()
    }
}

/// The beginning of `text` the first screen is parsed from: about `bytes`
/// long, cut after a line break (or at a char boundary when the first
/// `bytes` hold none). The whole text when it is not longer.
pub fn preview(text: &str, bytes: usize) -> &str {
    if text.len() <= bytes {
        return text;
    }
    let cut = crate::text::floor_boundary(text, bytes);
    let head = &text[..cut];
    // A blank line ends a paragraph; else any line break.
    let end = head
        .rfind("\n\n")
        .map(|i| i + 2)
        .or_else(|| head.rfind('\n').map(|i| i + 1))
        .unwrap_or(cut);
    &text[..end]
}

/// The byte range of whole lines around `anchor`, about `bytes` long:
/// a quarter before it, the rest after.
pub fn window(text: &str, anchor: usize, bytes: usize) -> (usize, usize) {
    let anchor = anchor.min(text.len());
    let floor = |i: usize| crate::text::floor_boundary(text, i);
    let start = floor(anchor.saturating_sub(bytes / 4));
    let start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let end = floor((start + bytes).min(text.len()));
    let end = match text[end..].find('\n') {
        Some(i) => end + i + 1,
        None => text.len(),
    };
    (start, end)
}

/// The annotations of the lines around `anchor` (see [`window`]), with
/// offsets in `doc`'s text: the window is parsed and annotated as a text
/// of its own, so its result may differ at its edges from the whole
/// document's, which replaces it. The learner layer only with `learner`
/// (the view shows pinyin rows). `None` when the window is the whole text
/// (annotating it is the whole job).
pub fn annotate_window(
    doc: &Arc<Document>,
    anchor: usize,
    bytes: usize,
    res: &Resources,
    learner: bool,
) -> Option<Annotated> {
    let (start, end) = window(&doc.text, anchor, bytes);
    if start == 0 && end >= doc.text.len() {
        return None;
    }
    let part = doc.text.get(start..end)?;
    // The part's keywords would not be shown (the whole's are).
    let all = annotate::layers::LayerSet::ALL.without_keywords();
    let layers = if learner {
        all
    } else {
        all.without(crate::model::Layer::Learner)
    };
    let mut ann = annotate::parse_and_annotate_layers(part.to_string(), Format::Plain, res, layers);
    shift(&mut ann, start);
    Some(Annotated {
        doc: Arc::clone(doc),
        tokens: ann.tokens,
        annotations: ann.annotations,
        keywords: Keywords::empty(doc.sections.len()),
    })
}

/// Moves every offset of `ann`'s tokens and annotations (spans and span
/// attributes) `by` bytes later.
fn shift(ann: &mut Annotated, by: usize) {
    let move_span = |s: &mut Span| {
        s.start += by;
        s.end += by;
    };
    for t in &mut ann.tokens {
        let mut span = t.span();
        move_span(&mut span);
        *t = t.with_span(span);
    }
    for a in &mut ann.annotations {
        move_span(&mut a.span);
        let spans: Vec<(String, u64, u64)> = a
            .attrs
            .values()
            .filter_map(|(k, v)| match *v {
                AttrValue::Span { start, end } => Some((k.to_string(), start, end)),
                _ => None,
            })
            .collect();
        for (k, start, end) in spans {
            let by = by as u64;
            a.attrs.insert(
                k,
                AttrValue::Span {
                    start: start + by,
                    end: end + by,
                },
            );
        }
    }
}

/// The whole text, as the worker gets it.
pub enum Whole {
    /// Decoded already (standard input).
    Decoded(crate::decode::Decoded),
    /// Only its head was read for the first screen: the worker reads,
    /// decodes and parses the file (as `yuelan annotate` would).
    File {
        path: std::path::PathBuf,
        forced: Option<Format>,
    },
    /// The first screen's document is the whole (a big document of a
    /// format read whole before the first frame, a Word document): only
    /// its annotations come in two steps.
    Same,
}

/// What the worker needs besides the text.
pub struct Job {
    pub whole: Whole,
    /// The path the text was read from (for the document and its notes).
    pub path: Option<String>,
    pub resources: ResourceOptions,
    pub widths: crate::text::Widths,
    pub hint: Arc<ViewHint>,
    /// Bytes annotated first ([`WINDOW_BYTES`]).
    pub window: usize,
    /// The document the first screen shows (its text begins the whole's):
    /// the part around the view is annotated from it when the whole is
    /// not parsed by the time the dictionaries are loaded.
    pub first: Option<Arc<Annotated>>,
}

/// Annotates the part around the view, then reads, parses and annotates
/// the whole document, on worker threads. Sends [`Event::Parsed`] (from a
/// thread of its own, as soon as the whole is parsed),
/// [`Event::AnnotatedPart`] (the lines around the reading position, as
/// soon as the dictionaries are loaded: from the document the first screen
/// shows when the whole is not parsed yet) and [`Event::Annotated`] last,
/// or [`Event::WorkerFailed`].
pub fn spawn(job: Job, tx: Sender<Event>) {
    std::thread::spawn(move || {
        let fail = tx.clone();
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || run(job, &tx)));
        let msg = match result {
            Ok(Ok(())) => return,
            Ok(Err(e)) => format!("annotation failed: {e:#}"),
            Err(_) => format!(
                "annotation failed (internal error: {}; {})",
                crate::tui::terminal::last_worker_panic().unwrap_or_default(),
                crate::tui::terminal::REPORT
            ),
        };
        let _ = fail.send(Event::WorkerFailed(msg));
    });
}

/// What the reader needs of a document not annotated yet: its notes, its
/// lines at the view's width (when the view has one), its bare index.
pub fn unannotated(doc: &Arc<Document>, widths: crate::text::Widths, hint: &ViewHint) -> Parsed {
    let notes = crate::tui::open_shared_notes(doc);
    let width = hint.width();
    let lines = (width > 0).then(|| {
        (
            width,
            widths,
            Arc::new(wrap::layout(doc, width.into(), widths)),
        )
    });
    // The reader's document is the worker's, not a copy of it.
    let bare = Arc::new(Annotated::unannotated(Arc::clone(doc)));
    let index = Arc::new(DocIndex::build(&bare));
    Parsed {
        doc: bare,
        index,
        notes,
        lines,
    }
}

/// Sends the part of `doc` around the view annotated
/// ([`Event::AnnotatedPart`]); false when the reader is gone.
pub fn send_part(
    doc: &Arc<Document>,
    hint: &ViewHint,
    window: usize,
    res: &Resources,
    tx: &Sender<Event>,
) -> bool {
    let Some(part) = annotate_window(doc, hint.anchor(), window, res, hint.learner()) else {
        return true;
    };
    let index = Arc::new(DocIndex::build(&part));
    tx.send(Event::AnnotatedPart(Arc::new(part), index)).is_ok()
}

/// Loads what the annotations of the part around the view need
/// ([`Resources::load_for_view`]; CC-CEDICT too when the view shows pinyin
/// rows, which the part's learner layer waits for).
pub fn view_resources(
    options: &ResourceOptions,
    hint: &ViewHint,
    tx: &Sender<Event>,
) -> anyhow::Result<Resources> {
    if hint.learner() {
        crate::tui::event::spawn_dictionary(tx.clone());
    }
    Resources::load_for_view(options)
}

/// Once the part around the view is out: loads the IDF table (the whole
/// document's keywords read it) on a thread of its own. CC-CEDICT waits
/// for the whole document's annotation ([`send_whole`]) unless the view
/// shows pinyin rows or the details panel asks for it first.
pub fn load_rest() {
    annotate::keywords::preload();
}

/// Annotates the whole document and sends it ([`Event::Annotated`]). The
/// learner layer (an annotation per word) is not made, nor an array of
/// every token's attrs: the pinyin rows read the attrs of the tokens they
/// show when they show them ([`crate::tui::learner::attrs_of_tokens`]),
/// from jieba's splits of the document's words, which the index keeps.
///
/// The steps after the annotation run in turn, each after what it no
/// longer needs is let go, so that their peaks do not add up: jieba's
/// splits of the document's words are read (the pinyin rows read a word
/// CC-CEDICT lacks in its parts) and jieba goes as soon as the steps that
/// read it are done, before the passes over the whole document, the quotes
/// and the join ([`annotate::annotate_layers_then_drop_jieba`]); the
/// entity model is released when the entity layer is done with it (the
/// next annotation loads it again); the other tables (`res`) go with the
/// annotation; then the view's index is built. CC-CEDICT loads only when
/// the pinyin rows or the details panel ask for it.
pub fn send_whole(doc: Arc<Document>, res: Resources, tx: &Sender<Event>) {
    let layers = annotate::layers::LayerSet::ALL.without(crate::model::Layer::Learner);
    // The entity layer's take of the model lets the shared copy go, so
    // that the model is freed when the recognition ends.
    annotate::entities::model::release_when_taken();
    // On the pool's threads, whose allocator arenas hold what the
    // layers' working data freed: the index reuses that room rather than
    // growing this thread's arena beside it.
    let (annotated, index) = rayon::scope(|_| {
        let (annotated, splits) =
            annotate::annotate_layers_then_drop_jieba(doc, res, layers, |doc, tokens, res| {
                crate::timings::time(crate::timings::Phase::Learner, || {
                    split_memo(doc, tokens, res).into_owned()
                })
            });
        annotate::entities::model::release();
        let mut index = DocIndex::build(&annotated);
        index.splits = Some(Arc::new(splits));
        (annotated, index)
    });
    let _ = tx.send(Event::Annotated(Arc::new(annotated), Arc::new(index)));
}

/// What `res` (jieba) answers for every word of `tokens` (of `doc`) with a
/// Han character that the pinyin rows may read in parts.
fn split_memo<'d>(
    doc: &'d Document,
    tokens: &[crate::model::Token],
    res: &Resources,
) -> crate::dict::reading::SplitMemo<'d> {
    let words = tokens
        .iter()
        .map(|t| doc.span_text(t.span()))
        .filter(|w| w.chars().any(crate::dict::is_han));
    crate::dict::reading::SplitMemo::of(res, words)
}

/// Reads (when only its head was), parses and wraps the whole document,
/// then sends it to the reader ([`Event::Parsed`]) and returns it.
fn parse_whole(
    whole: Whole,
    path: Option<String>,
    first: Option<Arc<Document>>,
    widths: crate::text::Widths,
    hint: &ViewHint,
    tx: &Sender<Event>,
) -> anyhow::Result<Arc<Document>> {
    let named = |mut doc: Document| {
        doc.source.path = path;
        Arc::new(doc)
    };
    let doc = match whole {
        Whole::Decoded(decoded) => named(crate::read::parse_plain(decoded)),
        Whole::File { path, forced } => named(crate::read::load(&path, forced)?),
        // Shared with the reader, not copied.
        Whole::Same => first.ok_or_else(|| anyhow::anyhow!("no document to annotate"))?,
    };
    let parsed = unannotated(&doc, widths, hint);
    let _ = tx.send(Event::Parsed(Box::new(parsed)));
    Ok(doc)
}

fn run(job: Job, tx: &Sender<Event>) -> anyhow::Result<()> {
    let Job {
        whole,
        path,
        resources,
        widths,
        hint,
        window,
        first,
    } = job;
    // The whole text is read and parsed on a thread of its own: at once
    // when there is no first screen's document to annotate the part
    // around the view from, else once the dictionaries the part needs are
    // loaded (on two cores, jieba's load should not share them with it).
    let (done_tx, done_rx) = std::sync::mpsc::channel();
    let same = first.as_ref().map(|f| Arc::clone(&f.doc));
    let parse = {
        let tx = tx.clone();
        let hint = Arc::clone(&hint);
        move || {
            std::thread::spawn(move || {
                let doc = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    parse_whole(whole, path, same, widths, &hint, &tx)
                }))
                .unwrap_or_else(|_| Err(anyhow::anyhow!("the document could not be parsed")));
                let _ = done_tx.send(doc);
            });
        }
    };
    let mut parse = Some(parse);
    if first.is_none()
        && let Some(start) = parse.take()
    {
        start();
    }
    let res = view_resources(&resources, &hint, tx);
    if let Some(start) = parse.take() {
        start();
    }
    let res = res?;
    // The part around the view: of the whole document if it is parsed by
    // now, else of the first screen's (whose text the whole begins with).
    let recv = |rx: &std::sync::mpsc::Receiver<anyhow::Result<Arc<Document>>>| {
        rx.recv()
            .unwrap_or_else(|_| Err(anyhow::anyhow!("the document could not be parsed")))
    };
    let mut parsed = done_rx.try_recv().ok();
    if parsed.is_none() && first.is_none() {
        parsed = Some(recv(&done_rx));
    }
    let doc = match &parsed {
        Some(Ok(doc)) => Some(doc),
        Some(Err(_)) => None,
        None => first.as_deref().map(|a| &a.doc),
    };
    if let Some(doc) = doc
        && !send_part(doc, &hint, window, &res, tx)
    {
        return Ok(());
    }
    load_rest();
    drop(first);
    let doc = match parsed {
        Some(doc) => doc?,
        None => recv(&done_rx)?,
    };
    send_whole(doc, res, tx);
    Ok(())
}

/// `part`'s tokens and annotations on `doc`, whose text begins with
/// `part`'s (the whole document, for a part annotated from the first
/// screen's): every offset stays valid.
fn rebase(part: &Annotated, doc: Arc<Document>) -> Annotated {
    let sections = doc.sections.len();
    Annotated {
        doc,
        tokens: part.tokens.clone(),
        annotations: part.annotations.clone(),
        keywords: Keywords::empty(sections),
    }
}

impl Reader {
    /// The whole document arrived (it began as its first part): shown at
    /// the same reading position, with the worker's wrapped lines when
    /// they are for this width, and with the annotations of the part
    /// around the view when they came first. Gives the document's notes
    /// to attach.
    pub fn set_parsed(&mut self, parsed: Parsed) -> anyhow::Result<crate::notes::NoteStore> {
        let Parsed {
            doc,
            index,
            lines,
            notes,
        } = parsed;
        let part = (!self.doc.tokens.is_empty() || !self.doc.annotations.is_empty())
            && doc.doc.text.starts_with(&self.doc.doc.text);
        if part {
            let whole = Arc::clone(&doc.doc);
            let rebased = rebase(&self.doc, whole);
            self.index = Arc::new(DocIndex::build(&rebased));
            self.doc = Arc::new(rebased);
        } else {
            self.doc = doc;
            self.index = index;
        }
        self.wrap_cache.clear();
        self.wrap_width = 0;
        if let Some((w, widths, lines)) = lines
            && widths == self.widths
        {
            self.wrap_cache.push((w, lines));
        }
        self.relayout();
        notes
    }

    /// The annotations of the part around the view arrived: shown when
    /// they are for this text, or for its beginning (annotated from the
    /// first screen's document, the whole having arrived since). Whether
    /// they were.
    pub fn set_part(&mut self, part: Arc<Annotated>, index: Arc<DocIndex>) -> bool {
        if part.doc.text == self.doc.doc.text {
            self.set_annotated(part, index);
        } else if self.doc.doc.text.starts_with(&part.doc.text) {
            let whole = Arc::clone(&self.doc.doc);
            let rebased = rebase(&part, whole);
            let index = Arc::new(DocIndex::build(&rebased));
            self.set_annotated(Arc::new(rebased), index);
        } else {
            return false;
        }
        self.annotating = true;
        true
    }

    /// Tells the worker of a big document where the reader is.
    pub(super) fn share_view(&self) {
        if let Some(h) = &self.view_hint {
            h.set(self.anchor, self.wrap_width);
            h.set_learner(self.learner.interlinear);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preview_cuts_after_a_paragraph() {
        let text = "第一段。\n\n第二段很长很长。\n第三行";
        let p = preview(text, 20);
        assert_eq!(p, "第一段。\n\n");
        // A line break when there is no blank line.
        assert_eq!(preview("一二三\n四五六七八九", 14), "一二三\n");
        // No line break at all: a char boundary.
        assert_eq!(preview("一二三四五", 7), "一二");
        assert_eq!(preview("短", 100), "短");
    }

    #[test]
    fn window_takes_whole_lines_around_the_anchor() {
        let text = "甲甲甲\n乙乙乙\n丙丙丙\n丁丁丁\n戊戊戊\n";
        let anchor = text.find("丙").unwrap_or(0);
        let (s, e) = window(text, anchor, 12);
        // Lines are 10 bytes. A quarter of 12 bytes back from 丙 (byte 20)
        // is inside the 乙 line, which starts at 10; 12 bytes on from there
        // end inside the 丙 line, which is taken to its end.
        assert_eq!((s, e), (10, 30));
        assert_eq!(&text[s..e], "乙乙乙\n丙丙丙\n");
        assert_eq!(window(text, 0, 1000), (0, text.len()));
    }

    /// The worker's messages in order, for a text of many short
    /// paragraphs with the reader's anchor in the middle.
    #[test]
    fn worker_sends_the_document_then_the_part_around_the_view_then_all() {
        let para = "新华社记者王建国报道，青禾县今年农村网络零售额同比增长34.3%。\n\n";
        let text = para.repeat(40);
        let hint = Arc::new(ViewHint::default());
        let anchor = text.len() / 2;
        let anchor = text[..anchor].rfind('\n').map_or(0, |i| i + 1);
        hint.set(anchor, 40);
        let (tx, rx) = std::sync::mpsc::channel();
        let job = Job {
            whole: Whole::Decoded(crate::decode::Decoded {
                text: text.clone(),
                encoding: "UTF-8",
                warnings: Vec::new(),
            }),
            path: None,
            resources: ResourceOptions::default(),
            widths: crate::text::Widths::default(),
            hint,
            window: para.len() * 4,
            first: None,
        };
        spawn(job, tx);
        let Ok(Event::Parsed(p)) = rx.recv() else {
            panic!("the whole document first");
        };
        assert_eq!(p.doc.doc.text, text);
        assert_eq!(p.doc.doc.paragraphs.len(), 40);
        let Some((w, _, lines)) = &p.lines else {
            panic!("the lines wrapped at the reader's width");
        };
        assert_eq!(*w, 40);
        assert_eq!(**lines, wrap::layout(&p.doc.doc, 40, Default::default()));
        let Ok(Event::AnnotatedPart(part, _)) = rx.recv() else {
            panic!("the part around the view next");
        };
        assert_eq!(part.doc.text, text);
        let (first, last) = match (part.tokens.first(), part.tokens.last()) {
            (Some(f), Some(l)) => (f.span().start, l.span().end),
            _ => panic!("the part has tokens"),
        };
        // Around the anchor, not from the beginning: whole lines, a quarter
        // of the window before it.
        assert!(first > 0 && first <= anchor, "{first} {anchor}");
        assert!(last > anchor && last < text.len(), "{last}");
        // Its tokens are where the whole document's are.
        let Ok(Event::Annotated(all, _)) = rx.iter().find(|e| !matches!(e, Event::Tick)).ok_or(())
        else {
            panic!("the whole document's annotations last");
        };
        let inside: Vec<_> = all
            .tokens
            .iter()
            .filter(|t| t.span().start >= first && t.span().end <= last)
            .map(|t| (t.span(), t.pos()))
            .collect();
        let part_tokens: Vec<_> = part.tokens.iter().map(|t| (t.span(), t.pos())).collect();
        assert_eq!(part_tokens, inside);
        // The names found in the part are found at the same places.
        // One document, not copies: the reader's, the part's and the
        // annotated model's.
        assert!(Arc::ptr_eq(&p.doc.doc, &all.doc));
        assert!(Arc::ptr_eq(&part.doc, &all.doc));
        let people = |a: &Annotated| -> Vec<Span> {
            a.annotations
                .iter()
                .filter(|x| x.label == "PER" && x.span.start >= first && x.span.end <= last)
                .map(|x| x.span)
                .collect()
        };
        assert!(!people(part.as_ref()).is_empty());
        assert_eq!(people(part.as_ref()), people(all.as_ref()));
        // The worker released the entity model at the end: a later
        // document still finds its names.
        let Ok(res) = Resources::load() else {
            panic!("resources");
        };
        let later = annotate::annotate(crate::parse::parse(para.repeat(2), Format::Plain), &res);
        assert!(later.annotations.iter().any(|a| a.label == "PER"));
    }

    /// jieba's splits kept in a memo answer as jieba does: every word of a
    /// text is read in the same units, and the token attrs are equal.
    #[test]
    fn kept_splits_read_words_as_jieba_does() -> anyhow::Result<()> {
        let res = Resources::load()?;
        let dict = crate::dict::shared()?;
        // Words the segmenter's HMM joined that CC-CEDICT lacks and jieba's
        // dictionary cuts (点赞|量 gives 赞量, 内卷化, 这款), names, a
        // repeated word.
        let text = "他瞪着眼睛说要调整方案。王建国在青禾县农村网络零售额同比增长。\
                    新能源汽车产业链加快布局，新能源汽车销量再创新高。\
                    网红打卡地的点赞量很高，带货主播们在云监工，年轻人说躺平族不想内卷化。\
                    这款小程序的日活跃用户数和复购率都在提升，直播间里种草笔记很多。";
        let ann = annotate::annotate(crate::parse::parse(text.into(), Format::Plain), &res);
        let memo = split_memo(&ann.doc, &ann.tokens, &res);
        assert!(!memo.is_empty());
        let mut split = 0;
        for t in &ann.tokens {
            let word = crate::dict::reading::Word {
                text: ann.doc.span_text(t.span()),
                pos: t.pos(),
            };
            let by_jieba = crate::dict::reading::units(dict, &res, word);
            split += usize::from(by_jieba.len() > 1);
            assert_eq!(crate::dict::reading::units(dict, &memo, word), by_jieba);
        }
        assert!(split > 0, "no word of the text was read in parts");
        let by_jieba = annotate::learner::token_attrs(&ann.doc, &ann.tokens, &res);
        drop(res);
        let with_memo = annotate::learner::token_attrs_with(&ann.doc, &ann.tokens, &memo);
        assert_eq!(with_memo, by_jieba);
        // The memo owning its words (kept in the view's index) answers
        // the same.
        let owned = memo.into_owned();
        let with_owned = annotate::learner::token_attrs_with(&ann.doc, &ann.tokens, &owned);
        assert_eq!(with_owned, by_jieba);
        Ok(())
    }

    /// The model let go as the entity layer takes it: the layer still
    /// finds the entities it finds with the model kept (whether or not
    /// another test's use loaded it again in between).
    #[test]
    fn the_model_released_once_taken_finds_the_same_entities() -> anyhow::Result<()> {
        let res = Resources::load()?;
        let text = "新华社记者王建国报道，青禾县今年农村网络零售额同比增长。\n\n                    李明华说：“我们要加快发展。”北京大学和华为公司签约。\n"
            .repeat(20);
        let layers = annotate::layers::LayerSet::ALL.without(crate::model::Layer::Learner);
        let doc = crate::parse::parse(text, Format::Plain);
        let kept = annotate::annotate_layers(doc.clone(), &res, layers);
        annotate::entities::model::release_when_taken();
        let released = annotate::annotate_layers(doc, &res, layers);
        let entities = |a: &Annotated| -> Vec<(Span, String)> {
            a.annotations
                .iter()
                .filter(|x| x.layer == crate::model::Layer::Entities)
                .map(|x| (x.span, x.label.to_string()))
                .collect()
        };
        assert!(entities(&kept).iter().any(|(_, l)| l == "PER"));
        assert_eq!(entities(&released), entities(&kept));
        assert_eq!(released.annotations.len(), kept.annotations.len());
        Ok(())
    }

    /// The whole document annotated with jieba let go before the passes
    /// over the whole document, the quotes and the join equals
    /// [`annotate::annotate_layers`]'s (tokens, every annotation with its
    /// attrs, keywords), for the browser's layers and for all; the splits
    /// read before jieba goes are those read with it kept; and a document
    /// with verbatim code keeps its tokens and annotations out of it.
    #[test]
    fn annotating_with_jieba_let_go_early_equals_annotating_with_it_kept() -> anyhow::Result<()> {
        let plain = "新华社北京3月5日电 国务院总理李强5日主持召开国务院常务会议，部署推动经济持续回升向好。\n\n\
            会议指出，今年前两个月全国规模以上工业增加值同比增长7%，营业收入12.5亿元。\n\n\
            李强说：“要坚持稳中求进工作总基调。”网红打卡地的点赞量很高。\n\n\
            会议强调，要加大对中小企业的支持力度。\n\n会议强调，要加大对中小企业的支持力度。\n"
            .repeat(3);
        let markdown = "# 上海的春天\n\n王小明2024年4月1日在上海说：“今年的樱花开得早。”\n\n```\n北京大学 2024年\n```\n\n门票价格为每人50元。\n";
        let docs = [
            crate::parse::parse(plain, Format::Plain),
            crate::parse::parse(markdown.into(), Format::Markdown),
        ];
        let browser = annotate::layers::LayerSet::ALL.without(crate::model::Layer::Learner);
        for doc in docs {
            for layers in [browser, annotate::layers::LayerSet::ALL] {
                let res = Resources::load()?;
                let kept = annotate::annotate_layers(doc.clone(), &res, layers);
                let memo_kept = split_memo(&kept.doc, &kept.tokens, &res).into_owned();
                let (early, memo) = annotate::annotate_layers_then_drop_jieba(
                    Arc::new(doc.clone()),
                    Resources::load()?,
                    layers,
                    |doc, tokens, res| split_memo(doc, tokens, res).into_owned(),
                );
                assert!(kept.annotations.len() > 5, "{:?}", kept.annotations);
                assert_eq!(early, kept);
                let words = kept
                    .tokens
                    .iter()
                    .map(|t| kept.doc.span_text(t.span()))
                    .collect::<Vec<_>>();
                for w in words {
                    let read = |m: &crate::dict::reading::SplitMemo| {
                        use crate::dict::reading::Splitter;
                        m.split(w)
                            .iter()
                            .map(|p| (p.text.to_string(), p.pos.to_string()))
                            .collect::<Vec<_>>()
                    };
                    assert_eq!(read(&memo), read(&memo_kept), "{w}");
                }
            }
        }
        Ok(())
    }

    /// The attrs the pinyin rows read for the tokens they show equal those
    /// of a pass over the whole document, for every range of tokens (a
    /// word's reading looks at its neighbours: 一 and 不 change tone before
    /// the next syllable, glued words are read among theirs).
    #[test]
    fn attrs_read_for_the_tokens_shown_equal_the_whole_documents() -> anyhow::Result<()> {
        let res = Resources::load()?;
        let text = "他一个人不去，一起看了一遍。不对，不是这样的。\n\n                    银行行长说行。网红打卡地的点赞量很高，年轻人说躺平族不想内卷化。\n                    这款小程序的日活跃用户数在提升，一天一天地好起来。";
        let ann = annotate::annotate_layers(
            crate::parse::parse(text.into(), Format::Plain),
            &res,
            annotate::layers::LayerSet::ALL.without(crate::model::Layer::Learner),
        );
        let memo = split_memo(&ann.doc, &ann.tokens, &res).into_owned();
        drop(res);
        let whole = annotate::learner::token_attrs_with(&ann.doc, &ann.tokens, &memo);
        let n = ann.tokens.len();
        assert!(n > 30, "{n} tokens");
        assert!((0..n).filter(|&i| whole.get(i).is_some()).count() > 20);
        for i in 0..=n {
            for j in i..=n.min(i + 6) {
                let (first, part) = crate::tui::learner::attrs_of_tokens(&ann, &memo, i..j);
                assert!(first <= i);
                for t in i..j {
                    assert_eq!(part.get(t - first), whole.get(t), "token {t} in {i}..{j}");
                }
            }
        }
        // Past the end: nothing, no panic.
        let (_, none) = crate::tui::learner::attrs_of_tokens(&ann, &memo, n + 3..n + 9);
        assert!(none.is_empty());
        Ok(())
    }

    #[test]
    fn reader_keeps_its_place_when_the_whole_document_arrives() {
        let para = "第一句话在这里。第二句话也在这里。\n\n";
        let text = para.repeat(200);
        let head = preview(&text, 2000).to_string();
        let doc = crate::parse::parse(head, Format::Plain);
        let mut reader = Reader::new(Arc::new(Annotated::unannotated(doc)), "t");
        reader.resize(60, 20);
        reader.scroll_by(10);
        let before = reader.lines()[reader.top];
        let full = crate::parse::parse(text.clone(), Format::Plain);
        let bare = Arc::new(Annotated::unannotated(full));
        let index = Arc::new(DocIndex::build(&bare));
        let parsed = Parsed {
            doc: bare,
            index,
            notes: Err(anyhow::anyhow!("no notes in this test")),
            lines: None,
        };
        assert!(reader.set_parsed(parsed).is_err());
        assert_eq!(reader.doc.doc.text, text);
        let after = reader.lines()[reader.top];
        assert_eq!((after.start, after.end), (before.start, before.end));
        // The whole document's lines: far more than the preview's.
        assert!(reader.lines().len() > 300);
    }

    /// A part annotated from the first screen's document is shown on the
    /// whole document whichever arrives first, and a part of another text
    /// is not shown.
    #[test]
    fn a_part_of_the_first_screen_survives_the_whole_document() {
        use crate::model::{Annotation, Layer, Token};
        let para = "第一句话在这里。记者王小明报道。\n\n";
        let text = para.repeat(300);
        let head = preview(&text, 2000).to_string();
        let first = Annotated::unannotated(crate::parse::parse(head.clone(), Format::Plain));
        let mut part = first.clone();
        let at = head.find("王小明").unwrap_or(0);
        part.tokens.push(Token::new(Span::new(at, at + 9), "nr"));
        part.annotations.push(Annotation::new(
            Layer::Entities,
            "PER",
            Span::new(at, at + 9),
        ));
        let part = Arc::new(part);
        let whole = || {
            let bare = Arc::new(Annotated::unannotated(crate::parse::parse(
                text.clone(),
                Format::Plain,
            )));
            Parsed {
                index: Arc::new(DocIndex::build(&bare)),
                doc: bare,
                notes: Err(anyhow::anyhow!("no notes in this test")),
                lines: None,
            }
        };
        let shows_part = |r: &Reader| {
            r.doc.doc.text == text
                && r.doc.annotations.len() == 1
                && r.doc.annotations[0].span.text(&r.doc.doc.text) == "王小明"
                && r.doc.tokens.len() == 1
                && r.index
                    .marks
                    .overlapping(at, at + 9)
                    .any(|m| m.layer == Layer::Entities)
                && r.doc.keywords.sections.len() == r.doc.doc.sections.len()
        };
        for part_first in [true, false] {
            let mut reader = Reader::new(Arc::new(first.clone()), "t");
            reader.resize(60, 20);
            if part_first {
                assert!(reader.set_part(Arc::clone(&part), Arc::new(DocIndex::build(&part))));
                assert_eq!(reader.doc.doc.text, head);
                assert!(reader.set_parsed(whole()).is_err());
            } else {
                assert!(reader.set_parsed(whole()).is_err());
                assert!(reader.doc.annotations.is_empty());
                assert!(reader.set_part(Arc::clone(&part), Arc::new(DocIndex::build(&part))));
            }
            assert!(shows_part(&reader), "part first: {part_first}");
            assert!(reader.annotating);
        }
        // Another text: not shown.
        let mut reader = Reader::new(Arc::new(first.clone()), "t");
        let other = Annotated::unannotated(crate::parse::parse("别的文字。".into(), Format::Plain));
        assert!(!reader.set_part(Arc::new(other), Arc::default()));
        assert_eq!(reader.doc.doc.text, head);
    }

    /// What a worker sent until the whole document was annotated: the
    /// document (its last `Parsed`), the part around the view (its last
    /// `AnnotatedPart`) and the whole annotated.
    fn worker_events(
        rx: &std::sync::mpsc::Receiver<Event>,
    ) -> (Option<Box<Parsed>>, Option<Arc<Annotated>>, Arc<Annotated>) {
        let (mut parsed, mut part) = (None, None);
        loop {
            match rx.recv() {
                Ok(Event::Parsed(p)) => parsed = Some(p),
                Ok(Event::AnnotatedPart(a, _)) => part = Some(a),
                Ok(Event::Annotated(a, _)) => return (parsed, part, a),
                Ok(Event::WorkerFailed(m)) => panic!("{m}"),
                Ok(_) => {}
                Err(e) => panic!("{e}"),
            }
        }
    }

    /// A big file whose head only was read: the worker reads the whole,
    /// annotates the part around the view from the first screen's
    /// document or the whole's, and ends with the whole annotated.
    #[test]
    fn worker_reads_the_file_the_first_screen_came_from() -> anyhow::Result<()> {
        let para = "新华社记者王建国报道，青禾县今年农村网络零售额同比增长34.3%。\n\n";
        let text = para.repeat(60);
        let tmp = tempfile::tempdir()?;
        let path = tmp.path().join("big.txt");
        std::fs::write(&path, &text)?;
        let head = preview(&text, para.len() * 20 + 5).to_string();
        let first = Arc::new(Annotated::unannotated(crate::parse::parse(
            head.clone(),
            Format::Plain,
        )));
        let hint = Arc::new(ViewHint::default());
        hint.set(para.len() * 8, 40);
        let (tx, rx) = std::sync::mpsc::channel();
        let job = Job {
            whole: Whole::File {
                path: path.clone(),
                forced: None,
            },
            path: Some(path.display().to_string()),
            resources: ResourceOptions::default(),
            widths: crate::text::Widths::default(),
            hint,
            window: para.len() * 4,
            first: Some(first),
        };
        spawn(job, tx);
        let (parsed, part, all) = worker_events(&rx);
        let Some(parsed) = parsed else {
            panic!("the whole document before its annotations");
        };
        assert_eq!(parsed.doc.doc.text, text);
        assert_eq!(parsed.doc.doc.source.path, Some(path.display().to_string()));
        let Some(part) = part else {
            panic!("the part around the view");
        };
        assert!(part.doc.text == head || part.doc.text == text);
        assert!(part.annotations.iter().any(|a| a.label == "PER"));
        assert_eq!(all.doc.text, text);
        Ok(())
    }

    /// A big document read whole before the first frame (a Word
    /// document): the worker shares it, reads nothing, and sends the part
    /// around the view before the whole.
    #[test]
    fn worker_annotates_a_document_read_whole_the_part_around_the_view_first() {
        let para = "新华社记者王建国报道，青禾县今年农村网络零售额同比增长34.3%。\n\n";
        let text = para.repeat(60);
        let mut doc = crate::parse::parse(text.clone(), Format::Plain);
        doc.source.path = Some("/nowhere/big.docx".to_string());
        let first = Arc::new(Annotated::unannotated(doc));
        let hint = Arc::new(ViewHint::default());
        hint.set(para.len() * 30, 40);
        let (tx, rx) = std::sync::mpsc::channel();
        let job = Job {
            whole: Whole::Same,
            path: None,
            resources: ResourceOptions::default(),
            widths: crate::text::Widths::default(),
            hint,
            window: para.len() * 4,
            first: Some(Arc::clone(&first)),
        };
        spawn(job, tx);
        let (parsed, part, all) = worker_events(&rx);
        let Some(parsed) = parsed else {
            panic!("the document before its annotations");
        };
        // The reader's own document, not a copy, and its path kept.
        assert!(Arc::ptr_eq(&parsed.doc.doc, &first.doc));
        let Some(part) = part else {
            panic!("the part around the view first");
        };
        let pers = |a: &Annotated| a.annotations.iter().filter(|a| a.label == "PER").count();
        assert!(pers(&part) >= 1 && pers(&part) < 60, "{}", pers(&part));
        assert_eq!(pers(&all), 60);
        assert_eq!(all.doc.text, text);
    }

    #[test]
    fn shift_moves_spans_and_span_attributes() {
        use crate::model::{Annotation, Layer, Token};
        let mut ann = Annotated::default();
        ann.tokens.push(Token::new(Span::new(0, 3), "n"));
        ann.annotations.push(
            Annotation::new(Layer::Quotes, "QUOTE", Span::new(3, 9))
                .with("speaker", Span::new(0, 3))
                .with("index", 7usize),
        );
        shift(&mut ann, 100);
        assert_eq!(ann.tokens[0].span(), Span::new(100, 103));
        let a = &ann.annotations[0];
        assert_eq!(a.span, Span::new(103, 109));
        assert_eq!(
            a.attrs.value("speaker").as_deref(),
            Some(&AttrValue::Span {
                start: 100,
                end: 103
            })
        );
        assert_eq!(a.attrs.value("index").as_deref(), Some(&AttrValue::UInt(7)));
    }
}
