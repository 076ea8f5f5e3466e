//! Incremental search: the prompt's keys, hits, and n/N.

use super::{App, Search};
use crate::model::Span;
use crate::tui::keymap::Key;
use crate::tui::overlay::Overlay;
use crossterm::event::KeyCode;

impl App {
    pub(super) fn search_key(&mut self, key: Key) {
        let Some(Overlay::Search(prompt)) = self.overlays.last_mut() else {
            return;
        };
        match key.code {
            KeyCode::Esc => {
                let (top, cursor) = (prompt.origin_top, prompt.origin_cursor);
                self.overlays.pop();
                self.search = Search::default();
                self.cursor = cursor;
                self.set_top(top);
            }
            KeyCode::Enter => {
                self.overlays.pop();
                if self.search.hits.is_empty() && !self.search.query.is_empty() {
                    self.message = Some(format!("not found: {}", self.search.query));
                }
            }
            KeyCode::Backspace => {
                prompt.query.pop();
                let q = prompt.query.clone();
                self.run_search(&q);
            }
            KeyCode::Char(c) if !key.ctrl && !key.alt => {
                prompt.query.push(c);
                let q = prompt.query.clone();
                self.run_search(&q);
            }
            KeyCode::Char('u') if key.ctrl => {
                prompt.query.clear();
                self.run_search("");
            }
            _ => {}
        }
    }

    /// Finds every hit of `query` and moves to the first one at or after
    /// where the search began. Lower-case queries ignore ASCII case.
    pub fn run_search(&mut self, query: &str) {
        let origin = match self.overlays.last() {
            Some(Overlay::Search(p)) => p
                .origin_cursor
                .unwrap_or_else(|| self.lines.get(p.origin_top).map_or(0, |l| l.start)),
            _ => self.cursor.unwrap_or_else(|| self.screen_start()),
        };
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

    pub(super) fn goto_hit(&mut self, i: usize) {
        if let Some(span) = self.search.hits.get(i) {
            self.search.current = Some(i);
            self.cursor = Some(span.start);
            self.ensure_cursor_visible();
        }
    }

    pub(super) fn search_step(&mut self, forward: bool) {
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
