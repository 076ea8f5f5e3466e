//! Who said what: the quotations grouped by speaker (most quoted first,
//! with counts; the unknown speaker last), docked beside the text. Enter
//! on a quotation jumps to it; on a speaker, to their first quotation.

use super::{Ctx, Input, Layer, Outcome};
use crate::tui::action::Action;
use crate::tui::index::DocIndex;
use crate::tui::keymap::KeyContext;
use crate::tui::reader::Reader;
use crate::tui::theme::Role;
use crate::tui::view::put;
use crate::tui::widgets::{ListState, docked, placeholder, popup, scroll_for};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

/// Opens on `quote-index`.
pub fn open(action: Action, _cx: &mut Ctx) -> Option<Box<dyn Layer>> {
    (action == Action::QuoteIndex).then(|| Box::new(Quotes::default()) as Box<dyn Layer>)
}

#[derive(Default)]
pub struct Quotes {
    pub list: ListState,
}

impl Layer for Quotes {
    fn name(&self) -> &'static str {
        "quotes"
    }

    fn context(&self) -> KeyContext {
        KeyContext::List
    }

    fn hints(&self) -> &'static [(Action, &'static str)] {
        &[
            (Action::Activate, "jump"),
            (Action::Close, "close"),
            (Action::ScrollDown, "down"),
            (Action::ScrollUp, "up"),
        ]
    }

    fn handle(&mut self, input: Input, cx: &mut Ctx) -> Outcome {
        let Input::Action(action) = input else {
            return Outcome::Pass;
        };
        let n = rows(&cx.reader.index).len();
        match action {
            a if self.list.step(a, n) => Outcome::Handled,
            Action::Close => Outcome::Close,
            Action::Activate => {
                let r = &mut *cx.reader;
                let id = rows(&r.index)
                    .get(self.list.selected)
                    .map(|row| match *row {
                        Row::Speaker(g) => r.index.speakers[g].quotes.first().copied(),
                        Row::Quote(_, id) => Some(id),
                    });
                if let Some(span) = id.flatten().and_then(|id| r.doc.get(id)).map(|a| a.span) {
                    r.goto(span.start);
                }
                Outcome::Handled
            }
            _ => Outcome::Pass,
        }
    }

    fn render(&self, reader: &Reader, _top: bool, _area: Rect, buf: &mut Buffer) {
        render(reader, &self.list, buf);
    }
}

/// One line of the list: a speaker (group index) or one of their quotes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Speaker(usize),
    Quote(usize, usize),
}

/// The lines of the list: each speaker, then their quotations.
pub fn rows(index: &DocIndex) -> Vec<Row> {
    let mut out = Vec::with_capacity(index.quotes.len() + index.speakers.len());
    for (g, group) in index.speakers.iter().enumerate() {
        out.push(Row::Speaker(g));
        out.extend(group.quotes.iter().map(|&id| Row::Quote(g, id)));
    }
    out
}

fn render(app: &Reader, state: &ListState, buf: &mut Buffer) {
    let r = docked(app);
    let inner = popup(app, "Who said what (Enter jumps)", r, buf);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let theme = &app.theme;
    if app.annotating {
        placeholder(app, inner, "annotating…", buf);
        return;
    }
    let rows = rows(&app.index);
    if rows.is_empty() {
        placeholder(app, inner, "no quotations found", buf);
        return;
    }
    let start = scroll_for(state.selected, inner.height as usize, rows.len());
    for (i, row) in rows
        .iter()
        .enumerate()
        .skip(start)
        .take(inner.height as usize)
    {
        let y = inner.y + (i - start) as u16;
        let selected = i == state.selected;
        let base = if selected {
            theme.style(Role::Selected)
        } else {
            theme.style(Role::Text)
        };
        if selected {
            buf.set_style(Rect::new(inner.x, y, inner.width, 1), base);
        }
        let width = |x: u16| inner.width.saturating_sub(x - inner.x);
        match *row {
            Row::Speaker(g) => {
                let group = &app.index.speakers[g];
                let name = group.name.as_deref().unwrap_or("? (speaker not named)");
                let x = put(
                    buf,
                    inner.x,
                    y,
                    name,
                    inner.width,
                    base.patch(theme.style(Role::Speaker)),
                );
                let count = format!("  ×{}", group.quotes.len());
                put(buf, x, y, &count, width(x), base);
            }
            Row::Quote(_, id) => {
                let Some(a) = app.doc.get(id) else { continue };
                let x = put(buf, inner.x, y, "  ", inner.width, base);
                let quote = app.doc.doc.span_text(a.span);
                put(
                    buf,
                    x,
                    y,
                    quote,
                    width(x),
                    base.patch(theme.style(Role::Quote)),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Annotated, Annotation, Format, Layer, Span};

    #[test]
    fn quotes_grouped_by_speaker_most_quoted_first_unknown_last() {
        let text = "甲说：“一。”乙说：“二。”“三。”甲说：“四。”".to_string();
        let at = |w: &str, from: usize| text[from..].find(w).map_or(0, |k| from + k);
        let mut anns = Vec::new();
        let mut from = 0;
        for (q, speaker) in [
            ("“一。”", Some("甲")),
            ("“二。”", Some("乙")),
            ("“三。”", None),
            ("“四。”", Some("甲")),
        ] {
            let s = at(q, from);
            from = s + q.len();
            let mut a = Annotation::new(Layer::Quotes, "QUOTE", Span::new(s, s + q.len()));
            if let Some(name) = speaker {
                a = a.with("speaker_text", name.to_string());
            }
            anns.push(a);
        }
        let doc = crate::parse::parse(text.clone(), Format::Plain);
        let mut ann = Annotated::unannotated(doc);
        for (i, mut a) in anns.into_iter().enumerate() {
            a.id = Annotation::id_of(i);
            ann.annotations.push(a);
        }
        let index = DocIndex::build(&ann);
        let names: Vec<(Option<&str>, usize)> = index
            .speakers
            .iter()
            .map(|g| (g.name.as_deref(), g.quotes.len()))
            .collect();
        assert_eq!(names, vec![(Some("甲"), 2), (Some("乙"), 1), (None, 1)]);
        let rows = rows(&index);
        assert_eq!(rows.len(), 3 + 4);
        assert_eq!(rows[0], Row::Speaker(0));
        assert!(matches!(rows[1], Row::Quote(0, _)));
        assert_eq!(rows[6], Row::Quote(2, 2));
        // The entity index counts the person's quotes.
        let per = Annotation::new(Layer::Entities, "PER", Span::new(0, "甲".len()));
        let pid = ann.annotations.len();
        ann.annotations.push(per);
        ann.annotations[pid].id = Annotation::id_of(pid);
        let index = DocIndex::build(&ann);
        let entry = index
            .entity_groups
            .iter()
            .flat_map(|g| &g.entries)
            .find(|e| e.text == "甲");
        assert_eq!(entry.map(|e| e.quotes), Some(2));
    }
}
