//! How notes show in the reader's panes: highlight styles by colour, and
//! the details panel's rows about the notes under the cursor.

use crate::notes::Colour;
use crate::tui::action::Action;
use crate::tui::reader::Reader;
use crate::tui::theme::{Role, Theme, Variant};
use ratatui::style::{Color, Style};

/// How a highlight of `colour` is drawn: the theme's note style for
/// yellow (so a config file can restyle it), the same with another
/// background for the other colours; the plain theme keeps its modifiers.
pub fn note_style(theme: &Theme, colour: Colour) -> Style {
    let base = theme.style(Role::Note);
    if theme.variant == Variant::Plain {
        return base;
    }
    let bg = match colour {
        Colour::Yellow => return base,
        Colour::Green => Color::Indexed(114),
        Colour::Blue => Color::Indexed(117),
        Colour::Pink => Color::Indexed(218),
        Colour::Purple => Color::Indexed(183),
    };
    base.bg(bg).fg(Color::Black)
}

/// One line, no tabs or line breaks.
pub fn one_line(s: &str) -> String {
    s.split(['\n', '\r', '\t'])
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Details-panel rows for the cursor at byte `pos`: the selection being
/// made, and every note there with its comment.
pub fn detail_rows(app: &Reader, pos: usize) -> Vec<(Role, String)> {
    let mut out = Vec::new();
    let key = |a: Action| app.keymap.first_key(a).unwrap_or_default();
    if let Some(sel) = app.selection_span() {
        out.push((
            Role::Dim,
            format!(
                "selection: {} chars — {} highlight, {} add a note, {} clear",
                sel.text(&app.doc.doc.text).chars().count(),
                key(Action::Highlight),
                key(Action::Annotate),
                key(Action::Select),
            ),
        ));
    }
    let Some(store) = app.note_store() else {
        return out;
    };
    for p in store.notes_at(pos) {
        let note = p.note;
        let text = one_line(note.text.trim());
        let line = if text.is_empty() {
            format!("highlight ({})", note.colour.name())
        } else {
            format!("✎ note ({}): {text}", note.colour.name())
        };
        out.push((Role::Note, line));
    }
    out
}
