//! The details panel: everything known about the word and annotations
//! under the cursor (part of speech, entity type and source, normalised
//! value, quote speaker, glossary note, occurrences), and the legend of
//! layer colours with their toggle keys.

use super::super::action::Action;
use super::super::index::speaker_name;
use super::super::reader::Reader;
use super::super::theme::Role;
use super::put;
use crate::model::{Annotation, EntityLabel};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

/// What a jieba part-of-speech tag means.
pub fn pos_name(tag: &str) -> &'static str {
    match tag {
        "n" => "noun",
        "nr" | "nrfg" | "nrt" => "person name",
        "ns" => "place name",
        "nt" => "organisation name",
        "nz" => "proper noun",
        "ng" => "noun morpheme",
        "v" => "verb",
        "vd" => "adverbial verb",
        "vn" => "verbal noun",
        "vg" => "verb morpheme",
        "a" => "adjective",
        "ad" => "adverbial adjective",
        "an" => "nominal adjective",
        "d" => "adverb",
        "m" => "numeral",
        "mq" => "numeral + measure word",
        "q" => "measure word",
        "p" => "preposition",
        "c" => "conjunction",
        "u" | "uj" | "ul" | "uz" | "ud" | "ug" | "uv" => "particle",
        "r" => "pronoun",
        "t" => "time word",
        "f" => "direction word",
        "s" => "place word",
        "i" => "idiom",
        "l" => "fixed expression",
        "j" => "abbreviation",
        "b" => "distinguishing word",
        "z" => "descriptive word",
        "e" => "interjection",
        "y" => "modal particle",
        "o" => "onomatopoeia",
        "h" => "prefix",
        "k" => "suffix",
        "eng" => "Latin word",
        "x" | "w" => "punctuation",
        _ => "",
    }
}

/// Text rows describing the cursor's word and annotations: (style role, text).
pub fn rows(app: &Reader) -> Vec<(Role, String)> {
    let mut out = Vec::new();
    let doc = &app.doc;
    let text = &doc.doc.text;
    let Some(c) = app.cursor else {
        let keys = |a: Action| app.keymap.first_key(a).unwrap_or_default();
        out.push((
            Role::Dim,
            format!(
                "No word selected. {} / {} move the word cursor; {} {} {} {} jump to people, organisations, quotes, figures.",
                keys(Action::WordNext),
                keys(Action::WordPrev),
                keys(Action::NextPerson),
                keys(Action::NextOrg),
                keys(Action::NextQuote),
                keys(Action::NextFigure),
            ),
        ));
        return out;
    };
    if let Some(tok) = app.cursor_token() {
        let w = tok.span().text(text);
        let count = app.index.word_counts.get(w).unwrap_or(0);
        let pos = match pos_name(tok.pos()) {
            // jieba tags words it does not know as `x` too.
            "punctuation" if w.chars().any(char::is_alphanumeric) => "unknown word",
            name => name,
        };
        let pos = if pos.is_empty() {
            tok.pos().to_string()
        } else {
            format!("{} {}", tok.pos(), pos)
        };
        let level = super::super::level::details_facts(app, w, tok.pos())
            .map_or_else(String::new, |f| format!("   {f}"));
        out.push((
            Role::Text,
            format!("{w}   {pos}   ×{count} in document{level}"),
        ));
        out.extend(super::super::learner::details_rows(app));
    } else if let Some(span) = app.cursor_span() {
        let w = span.text(text);
        let note = if app.annotating {
            "   (annotating…)"
        } else {
            ""
        };
        out.push((Role::Text, format!("{w}{note}")));
        out.extend(super::super::learner::details_rows(app));
    }
    let mut anns: Vec<&Annotation> = app
        .index
        .marks
        .overlapping(c, c)
        .filter_map(|m| m.ann)
        .filter_map(|id| doc.get(id))
        .collect();
    anns.sort_by_key(|a| (a.layer, a.span.start));
    anns.dedup_by_key(|a| a.id);
    for a in anns {
        out.push((super::super::index::role_of(a), describe(app, a)));
    }
    out.extend(super::text::style_rows(app, c));
    out.extend(super::notes::detail_rows(app, c));
    out
}

/// One line about an annotation.
pub fn describe(app: &Reader, a: &Annotation) -> String {
    let doc = &app.doc;
    let surface = doc.doc.span_text(a.span);
    let short: String = if surface.chars().count() > 24 {
        let s: String = surface.chars().take(22).collect();
        format!("{s}…")
    } else {
        surface.to_string()
    };
    let mut line = format!("{} {}", a.label, short);
    if a.is_quote() {
        match speaker_name(doc, a) {
            Some(s) => line.push_str(&format!(" — said by {s}")),
            None => line.push_str(" — speaker unknown"),
        }
    }
    for (k, v) in &a.attrs {
        if matches!(
            k,
            "speaker" | "speaker_span" | "speaker_text" | "speaker_id"
        ) {
            continue;
        }
        // Spans ({start, end}) are positions, not facts for the reader.
        if v.get("start").is_some() && v.get("end").is_some() {
            continue;
        }
        let v = match v {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Null => continue,
            other => other.to_string(),
        };
        line.push_str(&format!(" · {k}: {v}"));
    }
    let n = crate::tui::index::DocIndex::count_like(doc, a).max(1);
    line.push_str(&format!(" · ×{n}"));
    line
}

/// The legend: one item per toggleable layer, with its key, drawn in its
/// style (dim when hidden).
pub fn legend(app: &Reader) -> Vec<(String, Style)> {
    let t = &app.theme;
    let entities =
        EntityLabel::ALL.map(|l| (Action::ToggleEntities, Role::of_entity(Some(l)), l.name()));
    let others: [(Action, Role, &str); 8] = [
        (Action::ToggleFigures, Role::Quantity, "figure"),
        (Action::ToggleTime, Role::Time, "time"),
        (Action::ToggleQuotes, Role::Quote, "quote"),
        (Action::ToggleQuotes, Role::Term, "term"),
        (Action::ToggleKeywords, Role::Keyword, "keyword"),
        (Action::ToggleGlossary, Role::Glossary, "glossary"),
        (Action::ToggleDuplicates, Role::Duplicate, "duplicate"),
        (Action::ToggleWords, Role::WordAlt, "words"),
    ];
    let items = entities.into_iter().chain(others);
    let mut out = Vec::new();
    let mut last_action = None;
    for (action, role, label) in items {
        let hidden = match action.toggled_layer() {
            Some(l) => app.hidden_layers.contains(&l),
            None => !app.show_words,
        };
        if last_action != Some(action) {
            let key = app.keymap.first_key(action).unwrap_or_default();
            out.push((format!(" {key}:"), t.style(Role::Dim)));
            last_action = Some(action);
        }
        let style = if hidden {
            t.style(Role::Dim)
        } else {
            t.style(role)
        };
        out.push((label.to_string(), style));
        out.push((" ".to_string(), Style::new()));
    }
    out
}

pub fn render(app: &Reader, area: Rect, buf: &mut Buffer) {
    if area.height < 3 {
        return render_folded(app, area, buf);
    }
    let inner = super::pane(app, "Details", false, area, buf);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let theme = &app.theme;
    let body_rows = inner.height.saturating_sub(1);
    let mut y = inner.y;
    'rows: for (role, line) in rows(app) {
        // Long lines wrap onto the following rows: English at spaces,
        // Chinese by the line-breaking rules.
        for piece in crate::text::wrap(&line, inner.width as usize, app.widths) {
            if y >= inner.y + body_rows {
                break 'rows;
            }
            put(buf, inner.x, y, piece, inner.width, theme.style(role));
            y += 1;
        }
    }
    // The legend on the last row.
    let ly = inner.y + inner.height - 1;
    let mut x = inner.x;
    let right = inner.x + inner.width;
    for (s, style) in legend(app) {
        if x >= right {
            break;
        }
        x = put(buf, x, ly, &s, right - x, style);
    }
}

/// The panel folded into one line (a short screen): the first row of
/// details, cut at a word boundary with `…` when it is longer.
fn render_folded(app: &Reader, area: Rect, buf: &mut Buffer) {
    if area.height == 0 || area.width == 0 {
        return;
    }
    let Some((role, line)) = rows(app).into_iter().next() else {
        return;
    };
    let width = area.width as usize;
    let shown = if app.widths.str(&line) <= width {
        line
    } else {
        let first = crate::text::wrap(&line, width.saturating_sub(1), app.widths)
            .into_iter()
            .next()
            .unwrap_or_default();
        format!("{}…", first.trim_end())
    };
    put(
        buf,
        area.x,
        area.y,
        &shown,
        area.width,
        app.theme.style(role),
    );
}
