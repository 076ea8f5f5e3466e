//! Search in the document: hits, the current one, n/N. (The prompt that
//! types the query is a layer: `layers/search.rs`.)

use super::Reader;
use crate::model::Span;

impl Reader {
    /// Finds every hit of `query` and moves to the first one at or after
    /// byte `origin` (where the search began). Lower-case queries ignore
    /// ASCII case.
    pub fn run_search(&mut self, query: &str, origin: usize) {
        self.search.query = query.to_string();
        self.search.hits = find_all(&self.doc.doc.text, query);
        self.search.current = None;
        if self.search.hits.is_empty() {
            return;
        }
        let i = self.search.hits.partition_point(|s| s.start < origin);
        let i = if i < self.search.hits.len() { i } else { 0 };
        self.goto_hit(i);
    }

    /// Searches for the text of `span` and makes the hit at `span` the
    /// current one (a concordance hit opened from the corpus: n/N then
    /// walk every hit of the same text in the document).
    pub fn search_from(&mut self, span: Span) {
        let query = span.text(&self.doc.doc.text).to_string();
        self.search.query = query.clone();
        self.search.hits = find_all(&self.doc.doc.text, &query);
        if !self.search.hits.contains(&span) {
            // A regex or case-folded corpus hit: keep it as the one hit.
            self.search.hits = vec![span];
        }
        let i = self
            .search
            .hits
            .iter()
            .position(|h| *h == span)
            .unwrap_or(0);
        self.goto_hit(i);
    }

    pub fn goto_hit(&mut self, i: usize) {
        if let Some(span) = self.search.hits.get(i) {
            self.search.current = Some(i);
            self.cursor = Some(span.start);
            self.ensure_cursor_visible();
        }
    }

    pub fn search_step(&mut self, forward: bool) {
        let n = self.search.hits.len();
        if n == 0 {
            self.message = Some(if self.search.query.is_empty() {
                "no search: press / to search".into()
            } else {
                format!("not found: {}", self.search.query)
            });
            return;
        }
        let cur = self.search.current.unwrap_or(0);
        let next = if forward {
            (cur + 1) % n
        } else {
            (cur + n - 1) % n
        };
        self.goto_hit(next);
        let wrapped = (forward && next < cur) || (!forward && next > cur);
        if wrapped {
            self.message = Some(format!(
                "search wrapped to the {}",
                if forward { "top" } else { "bottom" }
            ));
        }
    }
}

/// Every non-overlapping occurrence of `query` in `text`; ASCII case is
/// ignored when the query has no upper-case letter.
pub fn find_all(text: &str, query: &str) -> Vec<Span> {
    if query.is_empty() {
        return Vec::new();
    }
    let fold = !query.chars().any(|c| c.is_ascii_uppercase()) && query.is_ascii();
    let fold = fold && query.chars().any(|c| c.is_ascii_alphabetic());
    if fold {
        // ASCII lower-casing keeps byte offsets.
        let hay = text.to_ascii_lowercase();
        hay.match_indices(query)
            .map(|(i, m)| Span::new(i, i + m.len()))
            .collect()
    } else {
        text.match_indices(query)
            .map(|(i, m)| Span::new(i, i + m.len()))
            .collect()
    }
}
