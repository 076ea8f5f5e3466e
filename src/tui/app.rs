//! The app: a [`Reader`] plus a stack of [`Layer`]s, and the routing of
//! keys, mouse and actions between them. No drawing here: `view::draw`
//! paints the reader's panes and then each layer, bottom-up.
//!
//! A key is read in the top layer's key context (reader, list, prompt) by
//! the dispatcher; the action goes to the layers top-down, then to the
//! layers' openers, then to the reader.

use super::action::Action;
use super::keymap::{Dispatcher, Fed, Key, KeyContext};
use super::layers::{self, Ctx, Effect, Input, Layer, Outcome};
use super::reader::Reader;
use crossterm::event::{KeyEvent, MouseEvent};
use std::ops::{Deref, DerefMut};

pub use super::reader::{Focus, ReadingPosition, Search};

pub struct App {
    /// The document view state and its services.
    pub reader: Reader,
    /// Open layers, bottom first.
    layers: Vec<Box<dyn Layer>>,
    pub dispatcher: Dispatcher,
    pub should_quit: bool,
}

/// The app reads as its reader (`app.cursor`, `app.doc` …): the layer
/// stack is the only state of its own.
impl Deref for App {
    type Target = Reader;
    fn deref(&self) -> &Reader {
        &self.reader
    }
}

impl DerefMut for App {
    fn deref_mut(&mut self) -> &mut Reader {
        &mut self.reader
    }
}

/// The concrete type of a layer.
fn layer_type(layer: &dyn Layer) -> std::any::TypeId {
    let any: &dyn std::any::Any = layer;
    any.type_id()
}

impl App {
    pub fn new(reader: Reader) -> App {
        App {
            reader,
            layers: Vec::new(),
            dispatcher: Dispatcher::default(),
            should_quit: false,
        }
    }

    /// A browser on a document that may not be annotated yet.
    pub fn on(doc: std::sync::Arc<crate::model::Annotated>, file_name: impl Into<String>) -> App {
        App::new(Reader::new(doc, file_name))
    }

    // ----- the stack --------------------------------------------------------

    /// Opens a layer on top, closing an open one of the same type first
    /// (layers are told apart by their type, never by their names).
    pub fn push(&mut self, layer: Box<dyn Layer>) {
        let kind = layer_type(layer.as_ref());
        self.layers.retain(|l| layer_type(l.as_ref()) != kind);
        self.layers.push(layer);
    }

    pub fn layers(&self) -> &[Box<dyn Layer>] {
        &self.layers
    }

    /// The names of the open layers, bottom first.
    pub fn layer_names(&self) -> Vec<&'static str> {
        self.layers.iter().map(|l| l.name()).collect()
    }

    /// The top layer's name.
    pub fn top_layer(&self) -> Option<&'static str> {
        self.layers.last().map(|l| l.name())
    }

    /// The top layer as its own type (tests look inside).
    pub fn top_as<T: Layer>(&self) -> Option<&T> {
        let top: &dyn std::any::Any = self.layers.last()?.as_ref();
        top.downcast_ref::<T>()
    }

    /// Whether an overlay is open over the reader (a document list in
    /// corpus mode is the reader's ground, not an overlay).
    pub fn overlay_open(&self) -> bool {
        self.layers.iter().any(|l| !l.opaque())
    }

    /// Where keys are read now.
    pub fn key_context(&self) -> KeyContext {
        self.layers
            .last()
            .map_or(KeyContext::Reader, |l| l.context())
    }

    /// The status bar's hints: the top layer's, else the reader's.
    pub fn hint_actions(&self) -> &'static [(Action, &'static str)] {
        match self.layers.last() {
            Some(l) => l.hints(),
            None => self.reader.hints(),
        }
    }

    /// Whether the document list is shown (corpus mode, no document open).
    pub fn corpus_listing(&self) -> bool {
        self.reader.corpus_listing()
    }

    fn apply(&mut self, effects: Vec<Effect>) {
        for e in effects {
            match e {
                Effect::Push(layer) => self.push(layer),
                Effect::OpenDocument { doc, at } => {
                    if self.reader.corpus_open(doc, at) {
                        self.layers.clear();
                    }
                }
            }
        }
    }

    // ----- keys, mouse, actions ---------------------------------------------

    /// A key from the terminal, read in the top layer's key context: a
    /// bound key becomes an action; an unbound one goes to the top layer
    /// (a prompt types it). A key that begins longer bindings waits for the
    /// next (no timer).
    pub fn handle_key(&mut self, ev: KeyEvent) {
        let Some(key) = Key::from_event(&ev) else {
            return;
        };
        let context = self.key_context();
        if context != KeyContext::Prompt {
            self.reader.message = None;
        }
        match self.dispatcher.feed(&self.reader.keymap, context, key) {
            Fed::Action(a) => self.update(a),
            Fed::Pending => {}
            Fed::Unbound(key) => {
                if let Some(top) = self.layers.last_mut() {
                    let mut cx = Ctx::new(&mut self.reader);
                    let out = top.handle(Input::Key(key), &mut cx);
                    let effects = cx.effects;
                    if out == Outcome::Close {
                        self.layers.pop();
                    }
                    self.apply(effects);
                }
            }
        }
    }

    /// Nothing happened for a while (no key waits on a timer: nothing to
    /// do but draw).
    pub fn tick(&mut self) {}

    pub fn has_pending_keys(&self) -> bool {
        !self.dispatcher.pending().is_empty()
    }

    pub fn handle_mouse(&mut self, ev: MouseEvent) {
        self.reader.handle_mouse(ev);
    }

    /// Carries out an action: the layers see it top-down, then the
    /// openers, then the reader.
    pub fn update(&mut self, action: Action) {
        let mut i = self.layers.len();
        while i > 0 {
            i -= 1;
            let mut cx = Ctx::new(&mut self.reader);
            let out = self.layers[i].handle(Input::Action(action), &mut cx);
            let effects = cx.effects;
            match out {
                Outcome::Pass => {
                    self.apply(effects);
                    continue;
                }
                Outcome::Handled => {}
                Outcome::Close => {
                    self.layers.remove(i);
                }
            }
            self.apply(effects);
            return;
        }
        if action == Action::Quit {
            self.should_quit = true;
            return;
        }
        let mut cx = Ctx::new(&mut self.reader);
        let opened = layers::open(action, &mut cx);
        let effects = cx.effects;
        self.apply(effects);
        if !opened {
            self.reader.act(action);
        }
    }
}
