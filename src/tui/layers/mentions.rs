//! One entity's mentions across the corpus, as a concordance: from the
//! corpus entity index (every mention), or `elsewhere` on a name in a
//! document (the other documents' mentions). Enter opens a mention.

use super::{Ctx, Effect, Input, Layer, Outcome};
use crate::corpus::entities::LABELS;
use crate::corpus::search::Hit;
use crate::model::{EntityLabel, Layer as AnnLayer};
use crate::tui::action::Action;
use crate::tui::reader::Reader;
use crate::tui::view::corpus::{big_popup, concordance, head_line};
use crate::tui::widgets::{ListAction, ListState};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

/// Opens on `elsewhere`: the mentions, in the other documents, of the
/// entity under the cursor.
pub fn open(action: Action, cx: &mut Ctx) -> Option<Box<dyn Layer>> {
    if action != Action::Elsewhere {
        return None;
    }
    let r = &mut *cx.reader;
    let c = r.corpus.as_ref()?;
    let Some(reading) = c.reading else {
        r.message = Some("open a document first (enter)".into());
        return None;
    };
    let Some(pos) = r.cursor else {
        r.message = Some("put the word cursor on a name first (w / b)".into());
        return None;
    };
    let ann = &r.doc;
    let Some((a, label)) = ann
        .layer(AnnLayer::Entities)
        .filter(|a| a.span.start <= pos && pos < a.span.end)
        .find_map(|a| Some((a, a.entity_label().filter(|l| LABELS.contains(l))?)))
    else {
        r.message = Some("no person, organisation or place under the cursor".into());
        return None;
    };
    let name = a
        .attr_str("canonical")
        .map(str::to_string)
        .unwrap_or_else(|| ann.doc.span_text(a.span).trim().to_string());
    let Some(stat) = c.corpus.entities.get(label, &name) else {
        r.message = Some(format!("{name}: not in the corpus index (yet)"));
        return None;
    };
    let hits: Vec<Hit> = c
        .corpus
        .entities
        .concordance(stat, &c.corpus.search, Some(reading))
        .into_iter()
        .flat_map(|g| g.hits)
        .collect();
    if hits.is_empty() {
        r.message = Some(format!("{name} appears in no other document"));
        return None;
    }
    Some(Box::new(Mentions {
        label,
        name,
        hits,
        list: ListState::default(),
        except: Some(reading),
    }))
}

#[derive(Debug)]
pub struct Mentions {
    pub label: EntityLabel,
    pub name: String,
    pub hits: Vec<Hit>,
    pub list: ListState,
    /// The document left out ("elsewhere in the corpus").
    pub except: Option<usize>,
}

impl Layer for Mentions {
    fn name(&self) -> &'static str {
        "corpus mentions"
    }

    fn hints(&self) -> &'static [(Action, &'static str)] {
        &[
            (Action::Activate, "open"),
            (Action::Close, "close"),
            (Action::ScrollDown, "down"),
        ]
    }

    fn handle(&mut self, input: Input, cx: &mut Ctx) -> Outcome {
        let Input::Action(action) = input else {
            return Outcome::Pass;
        };
        match self.list.act(action, self.hits.len()) {
            ListAction::Moved => Outcome::Handled,
            ListAction::Activate => {
                if let Some(hit) = self.hits.get(self.list.selected) {
                    cx.effects.push(Effect::OpenDocument {
                        doc: hit.doc,
                        at: Some(hit.span),
                    });
                }
                Outcome::Handled
            }
            ListAction::Close | ListAction::Other(Action::Back) => Outcome::Close,
            ListAction::Other(_) => Outcome::Pass,
        }
    }

    fn render(&self, reader: &Reader, _top: bool, area: Rect, buf: &mut Buffer) {
        render_mentions(reader, self, area, buf);
    }
}

fn render_mentions(app: &Reader, s: &Mentions, area: Rect, buf: &mut Buffer) {
    let title = if s.except.is_some() {
        format!("{} ({}) elsewhere in the corpus", s.name, s.label)
    } else {
        format!("{} ({}): every mention", s.name, s.label)
    };
    let inner = big_popup(app, &title, area, buf);
    if inner.height == 0 {
        return;
    }
    let mut docs: Vec<usize> = s.hits.iter().map(|h| h.doc).collect();
    docs.dedup();
    let head = format!(
        "{} mentions in {} documents · enter opens · esc closes",
        s.hits.len(),
        docs.len()
    );
    head_line(app, inner, &head, buf);
    concordance(app, &s.hits, s.list.selected, inner, 1, buf);
}
