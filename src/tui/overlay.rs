//! The overlay stack's entries. The top overlay sees each action (or, for
//! the search prompt, each key) first; what it does not use falls through
//! to the app. New overlays (notes, glossary, corpus search) add a variant
//! here, a case in `App::overlay_update`, and a render function in
//! `view/overlays/`.

use super::index::DocIndex;
use crate::model::{Annotated, Span};

/// A list overlay's cursor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ListState {
    /// The selected row (an index into the overlay's selectable rows).
    pub selected: usize,
    /// How many times Enter was pressed on the selected row (cycles
    /// occurrences).
    pub cycle: usize,
}

impl ListState {
    /// Moves the selection for a movement action over a list of `len` rows;
    /// false when `action` is not a movement.
    pub fn step(&mut self, action: super::action::Action, len: usize) -> bool {
        use super::action::Action;
        let last = len.saturating_sub(1);
        self.selected = match action {
            Action::ScrollDown => (self.selected + 1).min(last),
            Action::ScrollUp => self.selected.saturating_sub(1),
            Action::PageDown | Action::HalfPageDown => (self.selected + 10).min(last),
            Action::PageUp | Action::HalfPageUp => self.selected.saturating_sub(10),
            Action::Top => 0,
            Action::Bottom => last,
            _ => return false,
        };
        true
    }
}

/// The search prompt: the query being typed, and where reading was when it
/// opened (Esc goes back there).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SearchPrompt {
    pub query: String,
    pub origin_top: usize,
    pub origin_cursor: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    Help {
        scroll: usize,
    },
    Search(SearchPrompt),
    Entities(ListState),
    Quotes(ListState),
    /// Corpus mode: search every document (src/tui/corpus.rs).
    CorpusSearch(super::corpus::SearchState),
    /// Corpus mode: the cross-document entity index.
    CorpusEntities(super::corpus::EntitiesState),
    /// Corpus mode: one entity's mentions across documents.
    CorpusMentions(super::corpus::MentionsState),
    /// The reader's notes, in text order (orphans last).
    Notes(ListState),
    /// The input line for a note's text.
    NoteInput(super::notes::NoteInput),
}

impl Overlay {
    pub fn name(&self) -> &'static str {
        match self {
            Overlay::Help { .. } => "help",
            Overlay::Search(_) => "search",
            Overlay::Entities(_) => "entities",
            Overlay::Quotes(_) => "quotes",
            Overlay::CorpusSearch(_) => "corpus search",
            Overlay::CorpusEntities(_) => "corpus entities",
            Overlay::CorpusMentions(_) => "corpus mentions",
            Overlay::Notes(_) => "notes",
            Overlay::NoteInput(_) => "note",
        }
    }
}

/// A row of the entity index: a group header or an entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntityRow {
    Header(usize),
    Entry(usize, usize),
}

/// Every row of the entity index, headers included.
pub fn entity_rows(index: &DocIndex) -> Vec<EntityRow> {
    let mut rows = Vec::new();
    for (g, group) in index.entity_groups.iter().enumerate() {
        rows.push(EntityRow::Header(g));
        for e in 0..group.entries.len() {
            rows.push(EntityRow::Entry(g, e));
        }
    }
    rows
}

/// The number of selectable rows (entities) in the entity index.
pub fn entity_count(index: &DocIndex) -> usize {
    index.entity_groups.iter().map(|g| g.entries.len()).sum()
}

/// The (group, entry) of the n-th entity.
pub fn nth_entity(index: &DocIndex, n: usize) -> Option<(usize, usize)> {
    let mut n = n;
    for (g, group) in index.entity_groups.iter().enumerate() {
        if n < group.entries.len() {
            return Some((g, n));
        }
        n -= group.entries.len();
    }
    None
}

/// The occurrences of the n-th entity.
pub fn entity_occurrences(index: &DocIndex, n: usize) -> &[Span] {
    nth_entity(index, n)
        .and_then(|(g, e)| index.entity_groups.get(g)?.entries.get(e))
        .map_or(&[], |e| e.occurrences.as_slice())
}

/// The span of the n-th quote.
pub fn quote_span(ann: &Annotated, index: &DocIndex, n: usize) -> Option<Span> {
    index
        .quotes
        .get(n)
        .and_then(|&id| ann.get(id))
        .map(|a| a.span)
}
