//! Layers over the reader, in the manner of helix's compositor: each
//! overlay is one file implementing [`Layer`]. The app keeps them in a
//! stack; a key is read in the top layer's key context, and the action goes
//! to the layers top-down (each handles it or passes it on) and then to the
//! reader; drawing goes bottom-up, the reader's panes first.
//!
//! Layers reach the reader and its services (notes, corpus, dictionary)
//! through a [`Ctx`], never through the app. A layer is opened by an action
//! its file's `open` function claims (see [`OPENERS`]); adding an overlay
//! is one file, its line in `OPENERS`, and its keys in the key table.

pub mod corpus_entities;
pub mod corpus_search;
pub mod documents;
pub mod entities;
pub mod help;
pub mod mark;
pub mod mentions;
pub mod note_input;
pub mod notes;
pub mod quotes;
pub mod search;

use super::action::Action;
use super::keymap::KeyContext;
use super::reader::Reader;
use crate::model::Span;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use std::any::Any;

/// What a layer is given to handle (an action from its context's key
/// table, or a key no table binds).
pub use super::keymap::Input;

/// What a layer did with an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Used; nothing below sees it.
    Handled,
    /// Not for this layer: the next one down (then the reader) sees it.
    Pass,
    /// Used, and this layer closes.
    Close,
}

/// What a layer asks of the app (applied after it returns).
pub enum Effect {
    /// Open a layer on top (replacing an open layer of the same name).
    Push(Box<dyn Layer>),
    /// Corpus mode: open document `doc`, at `at`; every layer closes.
    OpenDocument { doc: usize, at: Option<Span> },
}

/// The context a layer works in: the reader (document view state and its
/// services) and the effects it asks for.
pub struct Ctx<'a> {
    pub reader: &'a mut Reader,
    pub effects: Vec<Effect>,
}

impl<'a> Ctx<'a> {
    pub fn new(reader: &'a mut Reader) -> Ctx<'a> {
        Ctx {
            reader,
            effects: Vec::new(),
        }
    }

    pub fn push(&mut self, layer: Box<dyn Layer>) {
        self.effects.push(Effect::Push(layer));
    }

    /// A one-off message for the status bar.
    pub fn say(&mut self, msg: impl Into<String>) {
        self.reader.message = Some(msg.into());
    }
}

/// One overlay.
pub trait Layer: Any {
    /// A short name (status bar, tests).
    fn name(&self) -> &'static str;
    /// Which key table reads keys while this layer is on top (a list's,
    /// unless the layer says otherwise).
    fn context(&self) -> KeyContext {
        KeyContext::List
    }
    /// An action or an unbound key.
    fn handle(&mut self, input: Input, cx: &mut Ctx) -> Outcome;
    /// Draws the layer; `area` is the whole screen, `top` whether it is
    /// the top layer. Must stay inside `area` (the buffer's size).
    fn render(&self, reader: &Reader, top: bool, area: Rect, buf: &mut Buffer);
    /// The status bar's hints while this layer is on top: (action, label),
    /// most useful first.
    fn hints(&self) -> &'static [(Action, &'static str)] {
        &[]
    }
    /// Where the terminal cursor goes (an input line), if anywhere.
    fn cursor(&self, _reader: &Reader) -> Option<(u16, u16)> {
        None
    }
    /// Whether the layer covers the reader's panes (then they are not
    /// drawn under it).
    fn opaque(&self) -> bool {
        false
    }
}

/// A function that opens a layer for an action it claims, or not.
pub type Opener = fn(Action, &mut Ctx) -> Option<Box<dyn Layer>>;

/// Every layer's opener, asked in order for an action no layer and not
/// the reader handled.
pub const OPENERS: &[Opener] = &[
    help::open,
    search::open,
    entities::open,
    quotes::open,
    notes::open,
    note_input::open,
    mark::open,
    documents::open,
    corpus_search::open,
    corpus_entities::open,
    mentions::open,
];

/// Asks the openers for `action`; the first layer one opens is pushed.
/// False when none claims it.
pub fn open(action: Action, cx: &mut Ctx) -> bool {
    for opener in OPENERS {
        if let Some(layer) = opener(action, cx) {
            cx.push(layer);
            return true;
        }
        if !cx.effects.is_empty() {
            return true;
        }
    }
    false
}
