//! The status bar: file, section n/N, position, active layers, and hints
//! for the focused pane taken from the key table (or the search prompt).

use super::super::app::App;
use super::super::keymap::format_keys;
use super::super::reader::Reader;
use super::super::theme::Role;
use super::put;
use crate::model::Layer;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

/// The hint text for what has the keyboard: (key, label), most useful
/// first, keys taken from the key table of the current context.
pub fn hints(app: &App) -> Vec<(String, String)> {
    let context = app.key_context();
    app.hint_actions()
        .iter()
        .filter_map(|&(a, label)| {
            app.keymap
                .first_key_in(context, a)
                .map(|k| (k, label.to_string()))
        })
        .collect()
}

/// Short names of the layers being shown.
pub fn active_layers(app: &Reader) -> String {
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

/// The status bar. Left: file, section, position, layers, search; the
/// file name gives way first when the bar is narrow, so that the hints
/// keep room. Right of that: a message, the keys a prefix waits for, or
/// the hints — as many as fit, most useful first, then `…`.
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let area = area.intersection(buf.area);
    if area.height == 0 || area.width == 0 {
        return;
    }
    let theme = &app.theme;
    let base = theme.style(Role::Status);
    buf.set_style(area, base);
    let right = area.x + area.width;
    let sections = app.doc.doc.sections.len();
    let w = |s: &str| app.widths.str(s);
    // The facts, each optional; on a narrow bar the least useful go first
    // (layers, then the position in %), then the file name is shortened.
    let listing = app.corpus_listing();
    let mut name = app.file_name.clone();
    let section = (!listing).then(|| {
        format!(
            "§{}/{}",
            (app.current_section() + 1).min(sections.max(1)),
            sections
        )
    });
    let mut percent = (!listing).then(|| format!("{}%", app.percent()));
    let mut layers = (!listing).then(|| active_layers(app));
    let annotating = app.annotating.then(|| "annotating…".to_string());
    // The level tint and the reader's HSK level (kept on a narrow bar).
    let level = app.learner.level.label();
    let search = (!app.search.query.is_empty()).then(|| {
        let n = app.search.hits.len();
        let i = app.search.current.map_or(0, |i| i + 1);
        format!("/{} {i}/{n}", app.search.query)
    });
    // Room kept for the hints: about two of them on a narrow bar.
    let keep = (area.width / 3).min(36) as usize;
    let budget = (area.width as usize).saturating_sub(keep);
    let line = |name: &str, percent: &Option<String>, layers: &Option<String>| {
        let parts: Vec<&str> = [Some(name), section.as_deref(), percent.as_deref()]
            .into_iter()
            .chain([layers.as_deref(), level.as_deref()])
            .chain([annotating.as_deref(), search.as_deref()])
            .flatten()
            .filter(|p| !p.is_empty())
            .collect();
        format!(" {} │ ", parts.join(" │ "))
    };
    if w(&line(&name, &percent, &layers)) > budget {
        layers = None;
    }
    if w(&line(&name, &percent, &layers)) > budget {
        percent = None;
    }
    let over = w(&line(&name, &percent, &layers)).saturating_sub(budget);
    if over > 0 {
        let room = w(&name).saturating_sub(over + 1).max(4);
        if room < w(&name) {
            name = format!("{}…", crate::text::truncate(&app.file_name, room));
        }
    }
    let left = line(&name, &percent, &layers);
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
        // A prefix key waits for the next: say so, and what may follow.
        let pending = app.dispatcher.pending();
        let mut s = format!("{}… ", format_keys(pending));
        for (rest, action) in app.keymap.continuations(app.key_context(), pending) {
            s.push_str(&format!(" {rest} {}", action.name()));
        }
        put(buf, x, area.y, &s, right.saturating_sub(x), base);
        return;
    }
    let hints = hints(app);
    for (i, (key, label)) in hints.iter().enumerate() {
        let item = format!("{key} {label}");
        let more = i + 1 < hints.len();
        // Leave room for the `…` that says more hints did not fit.
        let need = w(&item) + if more { 3 } else { 0 };
        if (x as usize) + need > right as usize {
            if x < right {
                put(buf, x, area.y, "…", right - x, base);
            }
            break;
        }
        x = put(buf, x, area.y, key, right - x, theme.style(Role::StatusKey));
        x = put(
            buf,
            x,
            area.y,
            &format!(" {label}  "),
            right.saturating_sub(x),
            base,
        );
    }
}
