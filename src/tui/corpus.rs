//! Corpus mode in the browser: the document list, opening a document and
//! going back, indexing progress, and the corpus overlays (search across
//! documents, the entity index, an entity's mentions).
//!
//! Keys arrive as `Action`s through the key table, like everywhere else;
//! only while typing into a corpus overlay (a query, a filter) are keys read
//! as text, as the search prompt does.

use super::Action;
use super::app::App;
use super::event::{self, Event};
use super::keymap::Key;
use super::overlay::Overlay;
use crate::annotate::ResourceOptions;
use crate::corpus::Corpus;
use crate::corpus::cache::Cache;
use crate::corpus::entities::{LABELS, SortBy};
use crate::corpus::index::IndexMsg;
use crate::corpus::search::{Hit, Query};
use crate::model::{Annotated, Layer, Span};
use crossterm::event::KeyCode;
use std::sync::Arc;
use std::sync::mpsc::Sender;

/// At most this many concordance lines per corpus search.
pub const SEARCH_LIMIT: usize = 2000;

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

/// The corpus search overlay.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SearchState {
    pub query: String,
    pub regex: bool,
    pub hits: Vec<Hit>,
    pub truncated: bool,
    pub error: Option<String>,
    pub selected: usize,
}

/// The cross-document entity index overlay.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EntitiesState {
    pub filter: String,
    pub sort: SortBy,
    pub selected: usize,
}

/// One entity's mentions across documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MentionsState {
    pub label: String,
    pub name: String,
    pub hits: Vec<Hit>,
    pub selected: usize,
    /// The document left out ("elsewhere in the corpus").
    pub except: Option<usize>,
}

/// A browser in corpus mode, showing the document list.
pub fn corpus_app(corpus: Corpus, cache: Option<Cache>, tx: Option<Sender<Event>>) -> App {
    let name = format!("{} documents", corpus.len());
    let mut app = App::new(Arc::new(Annotated::default()), name);
    app.annotating = false;
    app.corpus = Some(Box::new(CorpusState {
        corpus,
        selected: 0,
        reading: None,
        cache,
        tx,
        resources: ResourceOptions::default(),
    }));
    app
}

fn moved(sel: usize, action: Action, n: usize) -> Option<usize> {
    let last = n.saturating_sub(1);
    Some(match action {
        Action::ScrollDown => (sel + 1).min(last),
        Action::ScrollUp => sel.saturating_sub(1),
        Action::PageDown | Action::HalfPageDown => (sel + 10).min(last),
        Action::PageUp | Action::HalfPageUp => sel.saturating_sub(10),
        Action::Top => 0,
        Action::Bottom => last,
        _ => return None,
    })
}

fn moved_by_key(sel: usize, code: KeyCode, n: usize) -> Option<usize> {
    let action = match code {
        KeyCode::Down => Action::ScrollDown,
        KeyCode::Up => Action::ScrollUp,
        KeyCode::PageDown => Action::PageDown,
        KeyCode::PageUp => Action::PageUp,
        _ => return None,
    };
    moved(sel, action, n)
}

impl App {
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

    /// Opens document `doc` of the corpus, at `at` when given.
    pub fn corpus_open(&mut self, doc: usize, at: Option<Span>) {
        let Some(c) = self.corpus.as_mut() else {
            return;
        };
        let Some(entry) = c.corpus.entries.get(doc) else {
            return;
        };
        if let Some(why) = entry.failure() {
            self.message = Some(format!("{}: {why}", entry.label()));
            return;
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
                return;
            }
        };
        let bare = ann.tokens.is_empty() && ann.annotations.is_empty();
        if bare && let Some(tx) = &c.tx {
            event::spawn_annotation(ann.doc.clone(), tx.clone(), c.resources.clone());
        }
        let has_worker = c.tx.is_some();
        c.reading = Some(doc);
        c.selected = doc;
        self.overlays.clear();
        self.open_document(Arc::new(ann), name, at);
        self.annotating = bare && has_worker;
    }

    /// Corpus actions, and the list's keys while it is shown. False when the
    /// action is not for the corpus.
    pub(super) fn corpus_update(&mut self, action: Action) -> bool {
        let Some(c) = self.corpus.as_mut() else {
            return false;
        };
        if let Some(Overlay::CorpusMentions(m)) = self.overlays.last_mut() {
            if let Some(sel) = moved(m.selected, action, m.hits.len()) {
                m.selected = sel;
                return true;
            }
            match action {
                Action::Activate => {
                    if let Some(hit) = m.hits.get(m.selected).cloned() {
                        self.corpus_open(hit.doc, Some(hit.span));
                    }
                }
                Action::Close | Action::Back => {
                    self.overlays.pop();
                }
                _ => return false,
            }
            return true;
        }
        let listing = c.reading.is_none();
        match action {
            Action::CorpusSearch => self.push_corpus_search(),
            Action::Search if listing => self.push_corpus_search(),
            Action::CorpusEntities => self.push_corpus_entities(),
            Action::EntityIndex if listing => self.push_corpus_entities(),
            Action::Elsewhere => self.corpus_elsewhere(),
            Action::Back => {
                if c.reading.take().is_some() {
                    self.overlays.clear();
                    self.file_name = format!("{} documents", c.corpus.len());
                    self.search = super::app::Search::default();
                    self.cursor = None;
                }
            }
            Action::Activate if listing => {
                let sel = c.selected;
                self.corpus_open(sel, None);
            }
            _ if listing => match moved(c.selected, action, c.corpus.len()) {
                Some(sel) => c.selected = sel,
                None => return false,
            },
            _ => return false,
        }
        true
    }

    fn push_corpus_search(&mut self) {
        self.overlays
            .retain(|o| !matches!(o, Overlay::CorpusSearch(_)));
        self.overlays
            .push(Overlay::CorpusSearch(SearchState::default()));
    }

    fn push_corpus_entities(&mut self) {
        self.overlays
            .retain(|o| !matches!(o, Overlay::CorpusEntities(_)));
        self.overlays
            .push(Overlay::CorpusEntities(EntitiesState::default()));
    }

    /// "Elsewhere in the corpus": the mentions of the entity under the
    /// cursor in the other documents.
    fn corpus_elsewhere(&mut self) {
        let Some(c) = self.corpus.as_ref() else {
            return;
        };
        let Some(reading) = c.reading else {
            self.message = Some("open a document first (enter)".into());
            return;
        };
        let Some(pos) = self.cursor else {
            self.message = Some("put the word cursor on a name first (w / b)".into());
            return;
        };
        let ann = &self.doc;
        let Some(a) = ann.layer(Layer::Entities).find(|a| {
            a.span.start <= pos && pos < a.span.end && LABELS.contains(&a.label.as_ref())
        }) else {
            self.message = Some("no person, organisation or place under the cursor".into());
            return;
        };
        let name = a
            .attr_str("canonical")
            .map(str::to_string)
            .unwrap_or_else(|| ann.doc.span_text(a.span).trim().to_string());
        let label = a.label.to_string();
        let Some(stat) = c.corpus.entities.get(&label, &name) else {
            self.message = Some(format!("{name}: not in the corpus index (yet)"));
            return;
        };
        let hits: Vec<Hit> = c
            .corpus
            .entities
            .concordance(stat, &c.corpus.search, Some(reading))
            .into_iter()
            .flat_map(|g| g.hits)
            .collect();
        if hits.is_empty() {
            self.message = Some(format!("{name} appears in no other document"));
            return;
        }
        self.overlays.push(Overlay::CorpusMentions(MentionsState {
            label,
            name,
            hits,
            selected: 0,
            except: Some(reading),
        }));
    }

    /// Keys typed into a corpus overlay (query, filter). False when the top
    /// overlay does not read text.
    pub(super) fn corpus_key(&mut self, key: Key) -> bool {
        let Some(c) = self.corpus.as_ref() else {
            return false;
        };
        match self.overlays.last_mut() {
            Some(Overlay::CorpusSearch(s)) => {
                let mut rerun = false;
                match key.code {
                    KeyCode::Esc => {
                        self.overlays.pop();
                        return true;
                    }
                    KeyCode::Enter => {
                        if let Some(hit) = s.hits.get(s.selected).cloned() {
                            self.corpus_open(hit.doc, Some(hit.span));
                        }
                        return true;
                    }
                    KeyCode::Backspace => rerun = s.query.pop().is_some(),
                    KeyCode::Char('u') if key.ctrl => {
                        s.query.clear();
                        rerun = true;
                    }
                    KeyCode::Char('r') if key.ctrl => {
                        s.regex = !s.regex;
                        rerun = true;
                    }
                    KeyCode::Char(ch) if !key.ctrl && !key.alt => {
                        s.query.push(ch);
                        rerun = true;
                    }
                    code => {
                        if let Some(sel) = moved_by_key(s.selected, code, s.hits.len()) {
                            s.selected = sel;
                        }
                    }
                }
                if rerun {
                    s.selected = 0;
                    s.error = None;
                    s.hits.clear();
                    s.truncated = false;
                    match Query::new(&s.query, s.regex) {
                        Ok(q) => {
                            let r = c.corpus.search.search(&q, SEARCH_LIMIT);
                            s.truncated = r.truncated;
                            s.hits = r.groups.into_iter().flat_map(|g| g.hits).collect();
                        }
                        Err(e) => s.error = Some(e),
                    }
                }
                true
            }
            Some(Overlay::CorpusEntities(s)) => {
                let n = c.corpus.entities.list(&s.filter, s.sort).len();
                match key.code {
                    KeyCode::Esc => {
                        self.overlays.pop();
                    }
                    KeyCode::Enter => {
                        let list = c.corpus.entities.list(&s.filter, s.sort);
                        if let Some(stat) = list.get(s.selected) {
                            let hits: Vec<Hit> = c
                                .corpus
                                .entities
                                .concordance(stat, &c.corpus.search, None)
                                .into_iter()
                                .flat_map(|g| g.hits)
                                .collect();
                            let m = MentionsState {
                                label: stat.label.clone(),
                                name: stat.name.clone(),
                                hits,
                                selected: 0,
                                except: None,
                            };
                            self.overlays.push(Overlay::CorpusMentions(m));
                        }
                    }
                    KeyCode::Tab => {
                        s.sort = s.sort.next();
                        s.selected = 0;
                    }
                    KeyCode::Backspace => {
                        s.filter.pop();
                        s.selected = 0;
                    }
                    KeyCode::Char('u') if key.ctrl => {
                        s.filter.clear();
                        s.selected = 0;
                    }
                    KeyCode::Char(ch) if !key.ctrl && !key.alt => {
                        s.filter.push(ch);
                        s.selected = 0;
                    }
                    code => {
                        if let Some(sel) = moved_by_key(s.selected, code, n) {
                            s.selected = sel;
                        }
                    }
                }
                true
            }
            _ => false,
        }
    }
}
