//! Moving through the document: sections, the word cursor, `]p`-style jumps.

use super::Reader;
use crate::model::{Span, Token};
use crate::tui::index::JumpKind;
use crate::tui::wrap;

impl Reader {
    pub fn jump_to_section(&mut self, section: usize) {
        if let Some(row) = self.section_line(section) {
            self.set_top(row);
        }
    }

    pub(crate) fn ensure_cursor_visible(&mut self) {
        let Some(c) = self.cursor else { return };
        let row = wrap::line_of(&self.lines, c);
        let page = self.page();
        if row < self.top || row >= self.top + page {
            self.set_top(row.saturating_sub(page / 3));
        }
    }

    /// Whether byte `pos` is on screen.
    pub fn on_screen(&self, pos: usize) -> bool {
        let row = wrap::line_of(&self.lines, pos);
        row >= self.top && row < self.top + self.page()
    }

    /// The byte offset of the top line (where searches and jumps start when
    /// there is no cursor on screen).
    pub fn screen_start(&self) -> usize {
        self.lines.get(self.top).map_or(0, |l| l.start)
    }

    /// The token under the cursor.
    pub fn cursor_token(&self) -> Option<&Token> {
        let c = self.cursor?;
        let toks = &self.doc.tokens;
        let i = toks.partition_point(|t| t.span().end <= c);
        toks.get(i).filter(|t| t.span().contains_pos(c))
    }

    /// The span the cursor highlights: its token, else its character.
    pub fn cursor_span(&self) -> Option<Span> {
        let c = self.cursor?;
        if let Some(w) = self.learner.widened(self.cursor) {
            return Some(w);
        }
        if let Some(t) = self.cursor_token() {
            return Some(t.span());
        }
        let ch = self.doc.doc.text.get(c..)?.chars().next()?;
        Some(Span::new(c, c + ch.len_utf8()))
    }

    pub fn is_word(&self, span: Span) -> bool {
        span.text(&self.doc.doc.text)
            .chars()
            .any(char::is_alphanumeric)
    }

    pub fn move_word(&mut self, forward: bool) {
        let text_len = self.doc.doc.text.len();
        let start = match self.cursor.filter(|&c| self.on_screen(c)) {
            Some(c) => c,
            None => {
                // Start from the first word on screen.
                let from = self.screen_start();
                self.cursor = self.next_unit(from, true, true);
                self.ensure_cursor_visible();
                return;
            }
        };
        if let Some(p) = self.next_unit(start, forward, false) {
            self.cursor = Some(p.min(text_len));
            self.ensure_cursor_visible();
        }
    }

    /// The next word start after `pos` (or at it, when `inclusive`), by
    /// token; by character before tokens exist.
    pub fn next_unit(&self, pos: usize, forward: bool, inclusive: bool) -> Option<usize> {
        let toks = &self.doc.tokens;
        if !toks.is_empty() {
            if forward {
                let i = if inclusive {
                    toks.partition_point(|t| t.span().end <= pos)
                } else {
                    toks.partition_point(|t| t.span().start <= pos)
                };
                return toks[i..]
                    .iter()
                    .find(|t| self.is_word(t.span()))
                    .map(|t| t.span().start);
            }
            let i = toks.partition_point(|t| t.span().start < pos);
            return toks[..i]
                .iter()
                .rev()
                .find(|t| self.is_word(t.span()))
                .map(|t| t.span().start);
        }
        let text = &self.doc.doc.text;
        if forward {
            let skip = if inclusive { 0 } else { 1 };
            text.get(pos..)?
                .char_indices()
                .skip(skip)
                .find(|(_, c)| c.is_alphanumeric())
                .map(|(i, _)| pos + i)
        } else {
            text.get(..pos)?
                .char_indices()
                .rev()
                .find(|(_, c)| c.is_alphanumeric())
                .map(|(i, _)| i)
        }
    }

    pub fn jump(&mut self, kind: JumpKind, forward: bool) {
        if self.annotating {
            self.message = Some("still annotating…".into());
            return;
        }
        let index = self.index.clone();
        let spans = index.jumps(kind);
        let cursor = self.cursor.filter(|&c| self.on_screen(c));
        let target = if forward {
            // From the cursor, or from the top of the screen inclusive.
            let i = match cursor {
                Some(c) => spans.partition_point(|s| s.start <= c),
                None => spans.partition_point(|s| s.start < self.screen_start()),
            };
            spans.get(i).map(|s| (i, *s))
        } else {
            let from = cursor.unwrap_or_else(|| self.screen_start());
            let i = spans.partition_point(|s| s.start < from);
            i.checked_sub(1).map(|j| (j, spans[j]))
        };
        match target {
            Some((i, span)) => {
                self.cursor = Some(span.start);
                self.ensure_cursor_visible();
                self.message = Some(format!("{} {}/{}", kind.describe(), i + 1, spans.len()));
            }
            None => {
                let dir = if forward { "next" } else { "previous" };
                self.message = Some(format!("no {dir} {}", kind.describe()));
            }
        }
    }
}
