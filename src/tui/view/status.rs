//! The status bar: file, section n/N, position, active layers, and hints
//! for the focused pane taken from the key table (or the search prompt).

use super::super::action::Action;
use super::super::app::{App, Focus};
use super::super::overlay::Overlay;
use super::super::theme::Role;
use super::put;
use crate::model::Layer;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

/// The hints for what has the keyboard: (action, short label).
pub fn hint_actions(app: &App) -> &'static [(Action, &'static str)] {
    match app.overlays.last() {
        Some(Overlay::Help { .. }) => &[(Action::ScrollDown, "scroll"), (Action::Close, "close")],
        Some(Overlay::Entities(_) | Overlay::Quotes(_)) => &[
            (Action::ScrollDown, "down"),
            (Action::ScrollUp, "up"),
            (Action::Activate, "jump"),
            (Action::Close, "close"),
        ],
        Some(Overlay::CorpusMentions(_)) => &[
            (Action::ScrollDown, "down"),
            (Action::Activate, "open"),
            (Action::Close, "close"),
        ],
        None if app.corpus_listing() => &[
            (Action::Activate, "open"),
            (Action::Search, "search all"),
            (Action::EntityIndex, "entities"),
            (Action::Help, "help"),
            (Action::Close, "quit"),
        ],
        None if app.corpus.is_some() && app.focus == Focus::Text => &[
            (Action::Back, "list"),
            (Action::Search, "search"),
            (Action::CorpusSearch, "search all"),
            (Action::Elsewhere, "elsewhere"),
            (Action::EntityIndex, "entities"),
            (Action::Help, "help"),
        ],
        Some(Overlay::Notes(_)) => &[
            (Action::ScrollDown, "down"),
            (Action::Activate, "jump"),
            (Action::DeleteNote, "delete"),
            (Action::EditNote, "edit"),
            (Action::Close, "close"),
        ],
        Some(
            Overlay::Search(_)
            | Overlay::NoteInput(_)
            | Overlay::CorpusSearch(_)
            | Overlay::CorpusEntities(_),
        ) => &[],
        None if app.focus == Focus::Outline => &[
            (Action::Help, "help"),
            (Action::ScrollDown, "down"),
            (Action::Activate, "jump"),
            (Action::FocusNext, "text"),
        ],
        None => &[
            (Action::Help, "help"),
            (Action::Search, "search"),
            (Action::NextSection, "section"),
            (Action::EntityIndex, "entities"),
            (Action::QuoteIndex, "quotes"),
            (Action::WordNext, "word"),
            (Action::Close, "quit"),
        ],
    }
}

/// The hint text, e.g. `/ search  ] section  ? help`.
pub fn hints(app: &App) -> Vec<(String, String)> {
    hint_actions(app)
        .iter()
        .filter_map(|&(a, label)| app.keymap.first_key(a).map(|k| (k, label.to_string())))
        .collect()
}

/// Short names of the layers being shown.
pub fn active_layers(app: &App) -> String {
    let layers = [
        (Layer::Entities, "ent"),
        (Layer::Quantities, "fig"),
        (Layer::Time, "time"),
        (Layer::Quotes, "quo"),
        (Layer::Keywords, "key"),
        (Layer::Glossary, "glo"),
        (Layer::Duplicates, "dup"),
    ];
    let mut names: Vec<&str> = layers
        .iter()
        .filter(|(l, _)| !app.hidden_layers.contains(l))
        .map(|(_, n)| *n)
        .collect();
    if app.show_words {
        names.push("words");
    }
    if names.is_empty() {
        "no layers".into()
    } else {
        names.join(" ")
    }
}

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    if area.height == 0 {
        return;
    }
    let theme = &app.theme;
    let base = theme.style(Role::Status);
    buf.set_style(area, base);
    let right = area.x + area.width;
    let sections = app.doc.doc.sections.len();
    let mut left = if app.corpus_listing() {
        // Corpus mode, the document list: no document position to show.
        format!(" {}", app.file_name)
    } else {
        format!(
            " {} │ §{}/{} │ {}% │ {}",
            app.file_name,
            (app.current_section() + 1).min(sections.max(1)),
            sections,
            app.percent(),
            active_layers(app)
        )
    };
    if app.annotating {
        left.push_str(" │ annotating…");
    }
    if !app.search.query.is_empty() {
        let n = app.search.hits.len();
        let i = app.search.current.map_or(0, |i| i + 1);
        left.push_str(&format!(" │ /{} {i}/{n}", app.search.query));
    }
    left.push_str(" │ ");
    let mut x = put(buf, area.x, area.y, &left, area.width, base);
    if let Some(msg) = &app.message {
        put(
            buf,
            x,
            area.y,
            msg,
            right.saturating_sub(x),
            theme.style(Role::Message),
        );
        return;
    }
    if !app.dispatcher.pending().is_empty() {
        let keys = super::super::keymap::format_keys(app.dispatcher.pending());
        put(
            buf,
            x,
            area.y,
            &format!("{keys}…"),
            right.saturating_sub(x),
            base,
        );
        return;
    }
    for (key, label) in hints(app) {
        if x >= right {
            break;
        }
        x = put(
            buf,
            x,
            area.y,
            &key,
            right - x,
            theme.style(Role::StatusKey),
        );
        if x >= right {
            break;
        }
        x = put(buf, x, area.y, &format!(" {label}  "), right - x, base);
    }
}
