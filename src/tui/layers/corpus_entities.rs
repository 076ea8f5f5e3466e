//! The entity index across the corpus: people, organisations and places
//! with how many documents and mentions, filtered as you type; `cycle`
//! (Tab) changes the sort order, Enter lists the entity's mentions.

use super::mentions::Mentions;
use super::{Ctx, Input, Layer, Outcome};
use crate::corpus::entities::SortBy;
use crate::corpus::search::Hit;
use crate::tui::action::Action;
use crate::tui::keymap::KeyContext;
use crate::tui::reader::Reader;
use crate::tui::theme::Role;
use crate::tui::view::corpus::{big_popup, cell_pad, head_line};
use crate::tui::view::put;
use crate::tui::widgets::{Edit, LineEditor, ListState, paint_rows};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

/// Opens on `corpus-entities` in corpus mode (the document list opens it
/// on `entity-index` too).
pub fn open(action: Action, cx: &mut Ctx) -> Option<Box<dyn Layer>> {
    (action == Action::CorpusEntities && cx.reader.corpus.is_some())
        .then(|| Box::new(CorpusEntities::default()) as Box<dyn Layer>)
}

#[derive(Debug, Default)]
pub struct CorpusEntities {
    pub filter: LineEditor,
    pub sort: SortBy,
    pub list: ListState,
}

impl Layer for CorpusEntities {
    fn name(&self) -> &'static str {
        "corpus entities"
    }

    fn context(&self) -> KeyContext {
        KeyContext::Prompt
    }

    fn hints(&self) -> &'static [(Action, &'static str)] {
        &[
            (Action::Activate, "mentions"),
            (Action::Close, "close"),
            (Action::Cycle, "sort"),
            (Action::ClearInput, "clear"),
        ]
    }

    fn handle(&mut self, input: Input, cx: &mut Ctx) -> Outcome {
        let Some(c) = cx.reader.corpus.as_ref() else {
            return Outcome::Close;
        };
        match self.filter.input(input) {
            Edit::Edited(changed) => {
                if changed {
                    self.list = ListState::default();
                }
            }
            Edit::Action(Action::Close) => return Outcome::Close,
            Edit::Action(Action::Activate) => {
                let list = c.corpus.entities.list(self.filter.text(), self.sort);
                if let Some(stat) = list.get(self.list.selected) {
                    let hits: Vec<Hit> = c
                        .corpus
                        .entities
                        .concordance(stat, &c.corpus.search, None)
                        .into_iter()
                        .flat_map(|g| g.hits)
                        .collect();
                    let m = Mentions {
                        label: stat.label,
                        name: stat.name.clone(),
                        hits,
                        list: ListState::default(),
                        except: None,
                    };
                    cx.push(Box::new(m));
                }
            }
            Edit::Action(Action::Cycle) => {
                self.sort = self.sort.next();
                self.list = ListState::default();
            }
            Edit::Action(a) => {
                let n = c.corpus.entities.list(self.filter.text(), self.sort).len();
                self.list.step(a, n);
            }
        }
        Outcome::Handled
    }

    fn render(&self, reader: &Reader, _top: bool, area: Rect, buf: &mut Buffer) {
        render_entities(reader, self, area, buf);
    }
}

fn render_entities(app: &Reader, s: &CorpusEntities, area: Rect, buf: &mut Buffer) {
    let Some(c) = app.corpus.as_ref() else {
        return;
    };
    let inner = big_popup(app, "entities across the corpus", area, buf);
    if inner.height == 0 {
        return;
    }
    let list = c.corpus.entities.list(s.filter.text(), s.sort);
    let head = format!(
        "filter: {}▏  {} entities · sorted by {} · enter: mentions",
        s.filter.text(),
        list.len(),
        s.sort.name()
    );
    let theme = &app.theme;
    head_line(app, inner, &head, buf);
    let body = Rect::new(
        inner.x,
        inner.y + 1,
        inner.width,
        inner.height.saturating_sub(1),
    );
    let selected = s.list.selected;
    paint_rows(app, body, selected, list.len(), buf, |buf, i, row, base| {
        let stat = list[i];
        let role = Role::of_entity(Some(stat.label));
        let style = if i == selected {
            base
        } else {
            theme.style(role)
        };
        let line = format!(
            "{} {} {:>5} docs {:>6} mentions",
            stat.label,
            cell_pad(&stat.name, 24),
            stat.docs,
            stat.mentions()
        );
        put(buf, row.x, row.y, &line, row.width, style);
    });
}
