//! Corpus mode's ground layer: the document list with the indexing gauge
//! and a preview of the selected document. Enter opens a document (the
//! list closes); `back` in a document opens the list again. Search and the
//! entity index here search the whole corpus.

use super::{Ctx, Effect, Input, Layer, Outcome};
use crate::tui::action::Action;
use crate::tui::reader::Reader;
use crate::tui::theme::Role;
use crate::tui::view::corpus::{cell_pad, size_str};
use crate::tui::view::{pane, put};
use crate::tui::widgets::{ListState, scroll_for};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

/// Opens on `back` while a corpus document is open.
pub fn open(action: Action, cx: &mut Ctx) -> Option<Box<dyn Layer>> {
    (action == Action::Back && cx.reader.corpus_back())
        .then(|| Box::new(Documents) as Box<dyn Layer>)
}

/// The list; its selection is the corpus state's (it survives opening a
/// document and coming back).
pub struct Documents;

impl Layer for Documents {
    fn name(&self) -> &'static str {
        "documents"
    }

    fn opaque(&self) -> bool {
        true
    }

    fn hints(&self) -> &'static [(Action, &'static str)] {
        &[
            (Action::Activate, "open"),
            (Action::Search, "search all"),
            (Action::Help, "help"),
            (Action::EntityIndex, "entities"),
            (Action::SortKnown, "sort by known"),
            (Action::Quit, "quit"),
        ]
    }

    fn handle(&mut self, input: Input, cx: &mut Ctx) -> Outcome {
        let Input::Action(action) = input else {
            return Outcome::Pass;
        };
        match action {
            Action::Search | Action::CorpusSearch => {
                cx.push(Box::new(super::corpus_search::CorpusSearch::default()));
                Outcome::Handled
            }
            Action::EntityIndex | Action::CorpusEntities => {
                cx.push(Box::new(super::corpus_entities::CorpusEntities::default()));
                Outcome::Handled
            }
            Action::Activate => {
                if let Some(c) = cx.reader.corpus.as_ref() {
                    let doc = c.selected;
                    cx.effects.push(Effect::OpenDocument { doc, at: None });
                }
                Outcome::Handled
            }
            a => {
                let order = cx
                    .reader
                    .corpus
                    .as_ref()
                    .map(|c| cx.reader.learner.level.order(c.corpus.len()))
                    .unwrap_or_default();
                let Some(c) = cx.reader.corpus.as_mut() else {
                    return Outcome::Pass;
                };
                // Moves along the list as shown (sorted or not).
                let mut list = ListState {
                    selected: order.iter().position(|&d| d == c.selected).unwrap_or(0),
                    cycle: 0,
                };
                if list.step(a, order.len()) {
                    c.selected = order.get(list.selected).copied().unwrap_or(c.selected);
                    Outcome::Handled
                } else {
                    Outcome::Pass
                }
            }
        }
    }

    fn render(&self, reader: &Reader, top: bool, area: Rect, buf: &mut Buffer) {
        render_list(reader, top, area, buf);
    }
}

/// The document list (left) and a preview of the selected one (right).
fn render_list(app: &Reader, top: bool, area: Rect, buf: &mut Buffer) {
    let Some(c) = app.corpus.as_ref() else {
        return;
    };
    let status_h = app.areas.status.height;
    let body = Rect::new(
        area.x,
        area.y,
        area.width,
        area.height.saturating_sub(status_h),
    );
    let list_w = if body.width >= 100 {
        body.width * 3 / 5
    } else {
        body.width
    };
    let list_area = Rect::new(body.x, body.y, list_w, body.height);
    let corpus = &c.corpus;
    let failed = corpus.failures().count();
    let title = if failed > 0 {
        format!("documents {} · {failed} failed", corpus.len())
    } else {
        format!("documents {}", corpus.len())
    };
    let inner = pane(app, &title, top, list_area, buf);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let theme = &app.theme;
    // The gauge.
    let p = corpus.progress;
    let gauge = if p.finished {
        format!(
            "indexed {} documents in {:.1}s ({} from the cache)",
            p.total,
            p.elapsed.as_secs_f64(),
            p.cached
        )
    } else {
        let bar_w = 20usize;
        let filled = (p.fraction() * bar_w as f64).round() as usize;
        format!(
            "indexing [{}{}] {}",
            "█".repeat(filled.min(bar_w)),
            "░".repeat(bar_w - filled.min(bar_w)),
            p.line()
        )
    };
    put(
        buf,
        inner.x,
        inner.y,
        &gauge,
        inner.width,
        theme.style(Role::Counts),
    );
    let rows = inner.height.saturating_sub(1) as usize;
    // Sorted by comprehension when asked (`tui::level`).
    let order = app.learner.level.order(corpus.len());
    let at = order.iter().position(|&d| d == c.selected).unwrap_or(0);
    let first = scroll_for(at, rows, corpus.len());
    let title_w = (inner.width as usize).saturating_sub(45).clamp(12, 40);
    for (k, &i) in order.iter().skip(first).take(rows).enumerate() {
        let y = inner.y + 1 + k as u16;
        let entry = &corpus.entries[i];
        // The share of word tokens the reader knows, once computed.
        let known = crate::tui::level::comprehension_cell(app, i);
        let selected = i == c.selected;
        let mark = if selected { "▶ " } else { "  " };
        let line = match entry.failure() {
            Some(why) => format!("{mark}✗ {}: {why}", entry.label()),
            None => {
                let title = cell_pad(&corpus.title(i), title_w);
                let size = size_str(entry.text_len());
                match corpus.summaries.get(i).and_then(Option::as_ref) {
                    Some(s) => format!(
                        "{mark}{title} {:<10} {size:>6} {known} ¶{} 名{} 数{} 引{}",
                        s.date.as_deref().unwrap_or(""),
                        s.paragraphs,
                        s.entities,
                        s.quantities,
                        s.quotes
                    ),
                    None => format!("{mark}{title} {:<10} {size:>6} {known} …", ""),
                }
            }
        };
        let style = if selected {
            theme.style(Role::Selected)
        } else if entry.failure().is_some() {
            theme.style(Role::Dim)
        } else {
            theme.style(Role::Text)
        };
        put(buf, inner.x, y, &line, inner.width, style);
    }
    // The preview.
    if list_w < body.width {
        let prev = Rect::new(body.x + list_w, body.y, body.width - list_w, body.height);
        let label = corpus
            .entries
            .get(c.selected)
            .map(|e| e.label())
            .unwrap_or_default();
        let inner = pane(app, "preview", false, prev, buf);
        let mut text: String = corpus.text(c.selected).chars().take(2000).collect();
        if let Some(e) = corpus.entries.get(c.selected)
            && let Ok(l) = &e.loaded
        {
            text = format!("{label} ({})\n\n{text}", l.encoding);
        }
        // The project's wrapper: no line starts with ，。》 and the like.
        let rows = crate::text::wrap(&text, inner.width as usize, app.widths);
        for (y, line) in (inner.y..inner.y + inner.height).zip(rows) {
            put(buf, inner.x, y, line, inner.width, theme.style(Role::Text));
        }
    }
}
