//! Search every document of the corpus: a concordance (keyword in
//! context) grouped by document, updated as the query is typed; Enter
//! opens the selected hit (its search hits carry over into the document).

use super::{Ctx, Effect, Input, Layer, Outcome};
use crate::corpus::search::{Hit, Query};
use crate::tui::action::Action;
use crate::tui::keymap::KeyContext;
use crate::tui::reader::Reader;
use crate::tui::view::corpus::{big_popup, concordance, head_line};
use crate::tui::widgets::{Edit, LineEditor, ListState};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

/// At most this many concordance lines per corpus search.
pub const SEARCH_LIMIT: usize = 2000;

/// Opens on `corpus-search` in corpus mode (the document list opens it on
/// `search` too).
pub fn open(action: Action, cx: &mut Ctx) -> Option<Box<dyn Layer>> {
    (action == Action::CorpusSearch && cx.reader.corpus.is_some())
        .then(|| Box::new(CorpusSearch::default()) as Box<dyn Layer>)
}

#[derive(Debug, Default)]
pub struct CorpusSearch {
    pub query: LineEditor,
    pub regex: bool,
    pub hits: Vec<Hit>,
    pub truncated: bool,
    pub error: Option<String>,
    pub list: ListState,
}

impl CorpusSearch {
    fn rerun(&mut self, reader: &Reader) {
        self.list = ListState::default();
        self.error = None;
        self.hits.clear();
        self.truncated = false;
        let Some(c) = reader.corpus.as_ref() else {
            return;
        };
        match Query::new(self.query.text(), self.regex) {
            Ok(q) => {
                let r = c.corpus.search_all(&q, SEARCH_LIMIT);
                self.truncated = r.truncated;
                self.hits = r.groups.into_iter().flat_map(|g| g.hits).collect();
            }
            Err(e) => self.error = Some(e),
        }
    }
}

impl Layer for CorpusSearch {
    fn name(&self) -> &'static str {
        "corpus search"
    }

    fn context(&self) -> KeyContext {
        KeyContext::Prompt
    }

    fn hints(&self) -> &'static [(Action, &'static str)] {
        &[
            (Action::Activate, "open"),
            (Action::Close, "close"),
            (Action::ToggleRegex, "regex"),
            (Action::ClearInput, "clear"),
        ]
    }

    fn handle(&mut self, input: Input, cx: &mut Ctx) -> Outcome {
        match self.query.input(input) {
            Edit::Edited(true) => {
                self.rerun(cx.reader);
                Outcome::Handled
            }
            Edit::Edited(false) => Outcome::Handled,
            Edit::Action(Action::Close) => Outcome::Close,
            Edit::Action(Action::Activate) => {
                if let Some(hit) = self.hits.get(self.list.selected) {
                    cx.effects.push(Effect::OpenDocument {
                        doc: hit.doc,
                        at: Some(hit.span),
                    });
                }
                Outcome::Handled
            }
            Edit::Action(Action::ToggleRegex) => {
                self.regex = !self.regex;
                self.rerun(cx.reader);
                Outcome::Handled
            }
            Edit::Action(a) => {
                self.list.step(a, self.hits.len());
                Outcome::Handled
            }
        }
    }

    fn render(&self, reader: &Reader, _top: bool, area: Rect, buf: &mut Buffer) {
        render_search(reader, self, area, buf);
    }
}

fn render_search(app: &Reader, s: &CorpusSearch, area: Rect, buf: &mut Buffer) {
    let inner = big_popup(app, "search all documents", area, buf);
    if inner.height == 0 {
        return;
    }
    let docs = {
        let mut d: Vec<usize> = s.hits.iter().map(|h| h.doc).collect();
        d.dedup();
        d.len()
    };
    let count = match &s.error {
        Some(e) => e.clone(),
        None if s.query.text().is_empty() => "type to search · enter opens".to_string(),
        None => format!(
            "{}{} hits in {docs} documents",
            s.hits.len(),
            if s.truncated { "+" } else { "" }
        ),
    };
    let mode = if s.regex { "regex" } else { "text" };
    let mut line = format!("{mode}: {}▏  {count}", s.query.text());
    // A big corpus: whether its full-text index answers yet.
    if let Some(status) = app.corpus.as_ref().and_then(|c| c.corpus.fulltext.status()) {
        line.push_str(" · ");
        line.push_str(&status);
    }
    head_line(app, inner, &line, buf);
    concordance(app, &s.hits, s.list.selected, inner, 1, buf);
}
