//! The reader: the document view state and what the reader's own actions
//! do to it. No drawing here (`view/` paints it) and no layers (the
//! app's stack holds them; they reach the reader through a context).
//!
//! The annotated document is immutable and shared (`Arc`); the reader
//! holds view state beside it: focus, the reading position, the word
//! cursor, shown layers, search hits, the wrapped lines — and the
//! services it reads for that (notes, corpus, key table, theme).

mod motion;
mod search;

pub use search::find_all;

mod actions;
pub mod book;
mod outline;
pub mod progressive;

use super::action::Action;
use super::index::DocIndex;
use super::keymap::KeyMap;
use super::layout::{self, Areas};
use super::theme::Theme;
use super::wrap::{self, Line, LineKind};
use crate::model::{Annotated, Layer, Span};
use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::Rect;
use std::collections::HashSet;
use std::sync::Arc;

/// Which pane has the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Outline,
    Text,
}

/// The reading position: a section and a character offset into it. This is
/// what survives a resize and what gets saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ReadingPosition {
    pub section: usize,
    pub char_offset: usize,
}

/// Search hits and the current one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Search {
    pub query: String,
    pub hits: Vec<Span>,
    pub current: Option<usize>,
}

/// How many wrapped layouts (one per width) are kept.
const WRAP_CACHE: usize = 4;

pub struct Reader {
    pub doc: Arc<Annotated>,
    pub index: Arc<DocIndex>,
    /// True until the worker's annotations arrive.
    pub annotating: bool,
    /// The file name shown in the status bar.
    pub file_name: String,
    /// The key table (for hints and messages that name keys).
    pub keymap: KeyMap,
    pub theme: Theme,
    pub focus: Focus,
    /// The user's outline choice; `None` = automatic (hidden when narrow).
    pub outline_choice: Option<bool>,
    pub show_details: bool,
    pub hidden_layers: HashSet<Layer>,
    pub show_words: bool,
    pub mouse_capture: bool,
    pub search: Search,
    /// The word cursor: a byte offset into the text.
    pub cursor: Option<usize>,
    /// The outline's selected section (when the outline has focus).
    pub outline_sel: usize,
    /// Outline sections whose subsections are folded away.
    pub folded: HashSet<usize>,
    /// Reading help: interlinear pinyin, tone colours, script, widening.
    pub learner: super::learner::LearnerView,
    /// A one-off message for the status bar (cleared by the next key).
    pub message: Option<String>,
    /// How many cells characters take (the config's `ambiguous_width`).
    pub widths: crate::text::Widths,
    /// The reader's notes, selection and bookmarks (see `tui::notes`).
    pub notes: super::notes::ReaderNotes,
    /// The terminal size and the panes it gives.
    pub size: Rect,
    pub areas: Areas,
    /// Wrapped lines at the current text width, and recent widths.
    lines: Arc<Vec<Line>>,
    wrap_cache: Vec<(u16, Arc<Vec<Line>>)>,
    wrap_width: u16,
    /// Corpus mode: the documents, the list selection, the one being read.
    pub corpus: Option<Box<super::corpus::CorpusState>>,
    /// The first screen row of the text pane, as a line index.
    pub top: usize,
    /// The byte offset shown at the top: the reading position.
    anchor: usize,
    /// A big document's worker, told where the reader is (see
    /// `progressive`).
    pub view_hint: Option<Arc<progressive::ViewHint>>,
}

impl Reader {
    /// A browser on a document that may not be annotated yet.
    pub fn new(doc: Arc<Annotated>, file_name: impl Into<String>) -> Reader {
        let index = Arc::new(DocIndex::build(&doc));
        let annotating = doc.tokens.is_empty() && doc.annotations.is_empty();
        let mut app = Reader {
            doc,
            index,
            annotating,
            file_name: file_name.into(),
            keymap: KeyMap::default(),
            theme: Theme::detect(false),
            focus: Focus::Text,
            outline_choice: None,
            show_details: true,
            hidden_layers: HashSet::new(),
            show_words: false,
            mouse_capture: false,
            search: Search::default(),
            cursor: None,
            outline_sel: 0,
            folded: HashSet::new(),
            learner: Default::default(),
            message: None,
            widths: crate::text::Widths::default(),
            notes: super::notes::ReaderNotes::default(),
            size: Rect::new(0, 0, 80, 24),
            areas: Areas::default(),
            lines: Arc::new(Vec::new()),
            wrap_cache: Vec::new(),
            wrap_width: 0,
            corpus: None,
            top: 0,
            anchor: 0,
            view_hint: None,
        };
        app.relayout();
        app
    }

    /// Shows another document (corpus mode): the view state that belongs to
    /// a document is reset, the reader's preferences (layers, theme, panes,
    /// keys) kept. With `at`, the cursor goes to that span and it is
    /// highlighted like a search hit.
    pub fn open_document(
        &mut self,
        doc: Arc<Annotated>,
        name: impl Into<String>,
        at: Option<Span>,
    ) {
        self.index = Arc::new(DocIndex::build(&doc));
        self.annotating = doc.tokens.is_empty() && doc.annotations.is_empty();
        self.doc = doc;
        self.file_name = name.into();
        self.wrap_cache.clear();
        self.wrap_width = 0;
        self.lines = Arc::new(Vec::new());
        self.cursor = None;
        self.search = Search::default();
        self.outline_sel = 0;
        self.folded.clear();
        self.top = 0;
        self.anchor = 0;
        self.focus = Focus::Text;
        self.relayout();
        if let Some(span) = at {
            self.search_from(span);
        }
    }

    /// The annotations arrived from the worker.
    pub fn set_annotated(&mut self, doc: Arc<Annotated>, index: Arc<DocIndex>) {
        let same_text = doc.doc.text == self.doc.doc.text;
        self.doc = doc;
        self.index = index;
        self.annotating = false;
        if !same_text {
            self.wrap_cache.clear();
            self.wrap_width = 0;
            self.cursor = None;
            self.search = Search::default();
        }
        self.relayout();
    }

    // ----- geometry -------------------------------------------------------

    /// The terminal was resized (or this is the first frame).
    pub fn resize(&mut self, width: u16, height: u16) {
        self.size = Rect::new(0, 0, width, height);
        self.relayout();
    }

    /// Sets how characters are measured (the config's `ambiguous_width`);
    /// when that changes, the text is wrapped again at the same position.
    pub fn set_widths(&mut self, widths: crate::text::Widths) {
        if widths != self.widths {
            self.widths = widths;
            self.rewrap();
        }
    }

    /// Drops the wrapped layouts and wraps again, keeping the reading
    /// position.
    pub fn rewrap(&mut self) {
        self.wrap_cache.clear();
        self.wrap_width = 0;
        self.relayout();
    }

    pub fn outline_shown(&self) -> bool {
        layout::outline_visible(self.size.width, self.outline_choice)
    }

    /// Recomputes the panes and re-wraps when the text width changed,
    /// keeping the reading position.
    fn relayout(&mut self) {
        self.areas = layout::compute(self.size, self.outline_shown(), self.show_details);
        if self.focus == Focus::Outline && self.areas.outline.is_none() {
            self.focus = Focus::Text;
        }
        let width = self.areas.text_inner.width.max(1);
        if width != self.wrap_width || self.lines.is_empty() {
            self.lines = self.wrapped(width);
            self.wrap_width = width;
            self.top = wrap::line_of(&self.lines, self.anchor);
        }
        self.clamp_top();
        self.share_view();
    }

    fn wrapped(&mut self, width: u16) -> Arc<Vec<Line>> {
        if let Some((_, lines)) = self.wrap_cache.iter().find(|(w, _)| *w == width) {
            return lines.clone();
        }
        let lines = Arc::new(wrap::layout(&self.doc.doc, width as usize, self.widths));
        if self.wrap_cache.len() >= WRAP_CACHE {
            self.wrap_cache.remove(0);
        }
        self.wrap_cache.push((width, lines.clone()));
        lines
    }

    pub fn lines(&self) -> &[Line] {
        &self.lines
    }

    /// Rows of text on screen.
    pub fn page(&self) -> usize {
        (self.areas.text_inner.height as usize).max(1)
    }

    fn max_top(&self) -> usize {
        self.lines.len().saturating_sub(self.page())
    }

    /// Keeps `top` on a line (the anchor stays: a resize must not move the
    /// reading position).
    fn clamp_top(&mut self) {
        self.top = self.top.min(self.lines.len().saturating_sub(1));
    }

    fn sync_anchor(&mut self) {
        if let Some(l) = self.lines.get(self.top) {
            self.anchor = l.start;
        }
        self.share_view();
    }

    pub fn scroll_by(&mut self, delta: isize) {
        if delta >= 0 {
            let limit = self.max_top().max(self.top);
            self.top = (self.top + delta as usize).min(limit);
        } else {
            self.top = self.top.saturating_sub(delta.unsigned_abs());
        }
        self.sync_anchor();
    }

    pub fn set_top(&mut self, row: usize) {
        self.top = row;
        self.clamp_top();
        self.sync_anchor();
    }

    /// Where a section's character offsets count from: its heading (or
    /// first paragraph); the first section counts from the start of the
    /// text, so the title block belongs to it.
    fn section_origin(&self, section: usize) -> usize {
        if section == 0 {
            return 0;
        }
        self.doc.doc.sections.get(section).map_or(0, |s| {
            s.heading
                .map_or(s.span.start, |h| h.start.min(s.span.start))
        })
    }

    /// The reading position (section, character offset into it).
    pub fn reading_position(&self) -> ReadingPosition {
        let doc = &self.doc.doc;
        let section = self.current_section();
        let start = self.section_origin(section);
        let char_offset = doc
            .text
            .get(start.min(self.anchor)..self.anchor)
            .map_or(0, |s| s.chars().count());
        ReadingPosition {
            section,
            char_offset,
        }
    }

    /// Goes back to a saved reading position.
    pub fn restore_position(&mut self, pos: ReadingPosition) {
        let start = self.section_origin(pos.section);
        let doc = &self.doc.doc;
        let byte = doc.text.get(start..).map_or(start, |rest| {
            rest.char_indices()
                .nth(pos.char_offset)
                .map_or(doc.text.len(), |(i, _)| start + i)
        });
        self.top = wrap::line_of(&self.lines, byte);
        self.clamp_top();
        self.anchor = byte;
        self.share_view();
    }

    /// The section being read: that of the top line.
    pub fn current_section(&self) -> usize {
        self.lines.get(self.top).map_or(0, |l| l.section as usize)
    }

    /// Position in the document, 0–100.
    pub fn percent(&self) -> usize {
        let max = self.max_top();
        (self.top.min(max) * 100).checked_div(max).unwrap_or(100)
    }

    /// The first line of a section (its heading, or its first paragraph).
    pub fn section_line(&self, section: usize) -> Option<usize> {
        let s = section as u32;
        let i = self.lines.partition_point(|l| l.section < s);
        // Skip the blank separator that opens a section.
        let mut j = i;
        while self
            .lines
            .get(j)
            .is_some_and(|l| l.kind == LineKind::Blank && l.section == s)
        {
            j += 1;
        }
        self.lines.get(j).filter(|l| l.section == s).map(|_| j)
    }

    // ----- mouse ------------------------------------------------------------

    pub fn handle_mouse(&mut self, ev: MouseEvent) {
        let (x, y) = (ev.column, ev.row);
        let in_rect = |r: Rect| x >= r.x && x < r.x + r.width && y >= r.y && y < r.y + r.height;
        let over_outline = self.areas.outline.is_some_and(in_rect);
        match ev.kind {
            MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => {
                let down = ev.kind == MouseEventKind::ScrollDown;
                if over_outline {
                    self.outline_step(if down { 1 } else { -1 });
                } else {
                    self.scroll_by(if down { 3 } else { -3 });
                }
            }
            MouseEventKind::Down(MouseButton::Left) => {
                if over_outline {
                    if let Some(o) = self.areas.outline
                        && let Some(s) = super::view::outline::section_at_row(self, o, y)
                    {
                        self.outline_sel = s;
                        self.jump_to_section(s);
                    }
                } else if in_rect(self.areas.text_inner) {
                    self.focus = Focus::Text;
                    self.notes.selection = None;
                    if let Some(pos) = self.byte_at(x, y) {
                        self.cursor = Some(pos);
                    }
                }
            }
            MouseEventKind::Drag(MouseButton::Left) if in_rect(self.areas.text_inner) => {
                self.notes_drag(x, y)
            }
            _ => {}
        }
    }

    /// The byte offset drawn at screen cell (x, y) of the text pane.
    pub fn byte_at(&self, x: u16, y: u16) -> Option<usize> {
        let inner = self.areas.text_inner;
        let row = self.top + y.checked_sub(inner.y)? as usize;
        let line = self.lines.get(row)?;
        if line.kind == LineKind::Blank {
            return None;
        }
        // Left of the text (an indent or a quote bar): its first character.
        let col = x.checked_sub(inner.x)?.saturating_sub(line.indent) as usize;
        let text = self.doc.doc.text.get(line.start..line.end)?;
        let mut w = 0;
        for (i, c) in text.char_indices() {
            let cw = self.widths.char(c);
            if col < w + cw.max(1) {
                return Some(line.start + i);
            }
            w += cw;
        }
        text.char_indices().last().map(|(i, _)| line.start + i)
    }

    // ----- actions ----------------------------------------------------------

    /// The status bar's hints when no layer is open: (action, label),
    /// most useful first.
    pub fn hints(&self) -> &'static [(Action, &'static str)] {
        if self.corpus.is_some() && self.focus == Focus::Text {
            return &[
                (Action::Help, "help"),
                (Action::Back, "list"),
                (Action::Search, "search"),
                (Action::CorpusSearch, "search all"),
                (Action::Elsewhere, "elsewhere"),
                (Action::EntityIndex, "entities"),
            ];
        }
        if self.focus == Focus::Outline {
            return &[
                (Action::Help, "help"),
                (Action::Activate, "jump"),
                (Action::ToggleFold, "fold"),
                (Action::ScrollDown, "down"),
                (Action::FocusNext, "text"),
            ];
        }
        &[
            (Action::Help, "help"),
            (Action::Search, "search"),
            (Action::NextSection, "section"),
            (Action::Quit, "quit"),
            (Action::EntityIndex, "entities"),
            (Action::QuoteIndex, "quotes"),
            (Action::WordNext, "word"),
        ]
    }
}
