//! Corpus mode in the browser: the corpus beside the reader, opening a
//! document, indexing progress. The document list and the corpus
//! overlays (search across documents, the entity index, an entity's
//! mentions) are layers: `layers/documents.rs`, `layers/corpus_search.rs`,
//! `layers/corpus_entities.rs`, `layers/mentions.rs`.

use super::app::App;
use super::event::{self, Event};
use super::reader::Reader;
use crate::annotate::ResourceOptions;
use crate::corpus::Corpus;
use crate::corpus::cache::Cache;
use crate::corpus::index::IndexMsg;
use crate::model::{Annotated, Span};
use std::sync::Arc;
use std::sync::mpsc::Sender;

/// The corpus beside the app.
pub struct CorpusState {
    pub corpus: Corpus,
    /// The list's selected document.
    pub selected: usize,
    /// The document being read; `None` while the list is shown.
    pub reading: Option<usize>,
    pub cache: Option<Cache>,
    /// Where annotation workers send their results (none in tests).
    pub tx: Option<Sender<Event>>,
    /// What the annotators load for a document opened before it is indexed.
    pub resources: ResourceOptions,
}

/// A browser in corpus mode, showing the document list.
pub fn corpus_app(corpus: Corpus, cache: Option<Cache>, tx: Option<Sender<Event>>) -> App {
    let name = format!("{} documents", corpus.len());
    let mut reader = Reader::new(Arc::new(Annotated::default()), name);
    reader.annotating = false;
    reader.corpus = Some(Box::new(CorpusState {
        corpus,
        selected: 0,
        reading: None,
        cache,
        tx,
        resources: ResourceOptions::default(),
    }));
    let mut app = App::new(reader);
    app.push(Box::new(super::layers::documents::Documents));
    app
}

impl Reader {
    /// Whether the document list is shown (corpus mode, no document open).
    pub fn corpus_listing(&self) -> bool {
        self.corpus.as_ref().is_some_and(|c| c.reading.is_none())
    }

    /// A message from the indexing worker.
    pub fn corpus_index_msg(&mut self, msg: IndexMsg) {
        let Some(c) = self.corpus.as_mut() else {
            return;
        };
        c.corpus.apply(&msg);
        if let IndexMsg::Doc { doc, .. } = &msg
            && let Some(Some(s)) = c.corpus.summaries.get(*doc)
        {
            self.learner.level.doc_indexed(*doc, &s.vocab);
        }
        match msg {
            IndexMsg::Warning(w) => self.message = Some(w),
            IndexMsg::Done(p) if p.finished => {
                self.message = Some(format!(
                    "indexed {} documents in {:.1}s ({} from the cache)",
                    p.total,
                    p.elapsed.as_secs_f64(),
                    p.cached
                ));
            }
            _ => {}
        }
    }

    /// Opens document `doc` of the corpus, at `at` when given; false (with
    /// a message) when it cannot be read.
    pub fn corpus_open(&mut self, doc: usize, at: Option<Span>) -> bool {
        let Some(c) = self.corpus.as_mut() else {
            return false;
        };
        let Some(entry) = c.corpus.entries.get(doc) else {
            return false;
        };
        if let Some(why) = entry.failure() {
            self.message = Some(format!("{}: {why}", entry.label()));
            return false;
        }
        let name = match (entry.path.file_name(), entry.part) {
            (Some(n), Some(k)) => format!("{}#{}", n.to_string_lossy(), k + 1),
            (Some(n), None) => n.to_string_lossy().into_owned(),
            _ => entry.label(),
        };
        let ann = match c.corpus.document(doc, c.cache.as_ref()) {
            Ok(a) => a,
            Err(e) => {
                self.message = Some(format!("{e:#}"));
                return false;
            }
        };
        let bare = ann.tokens.is_empty() && ann.annotations.is_empty();
        if bare && let Some(tx) = &c.tx {
            event::spawn_annotation(
                crate::model::Document::clone(&ann.doc),
                tx.clone(),
                c.resources.clone(),
            );
        }
        let has_worker = c.tx.is_some();
        c.reading = Some(doc);
        c.selected = doc;
        self.open_document(Arc::new(ann), name, at);
        self.annotating = bare && has_worker;
        true
    }

    /// Back to the document list: the reader forgets the document's
    /// search and cursor. False when no document was open.
    pub fn corpus_back(&mut self) -> bool {
        let Some(c) = self.corpus.as_mut() else {
            return false;
        };
        if c.reading.take().is_none() {
            return false;
        }
        self.file_name = format!("{} documents", c.corpus.len());
        self.search = super::reader::Search::default();
        self.cursor = None;
        super::level::refresh_listing(self);
        true
    }
}
