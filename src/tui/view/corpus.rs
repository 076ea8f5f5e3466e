//! Corpus mode: the document list with the indexing gauge and a preview,
//! and the corpus overlays (search, entity index, mentions).

use super::super::app::App;
use super::super::corpus::{EntitiesState, MentionsState, SearchState};
use super::super::theme::Role;
use super::overlays::{popup, scroll_for};
use super::{pane, put};
use crate::corpus::search::Hit;
use crate::text;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use unicode_width::UnicodeWidthStr;

/// `s` cut or padded to exactly `w` cells.
fn cell_pad(s: &str, w: usize) -> String {
    let t = text::truncate(s, w);
    let pad = w.saturating_sub(UnicodeWidthStr::width(t));
    format!("{t}{}", " ".repeat(pad))
}

/// The end of `s` that fits in `w` cells.
fn truncate_start(s: &str, w: usize) -> &str {
    let mut used = 0;
    for (i, c) in s.char_indices().rev() {
        let cw = text::char_width(c);
        if used + cw > w {
            return &s[i + c.len_utf8()..];
        }
        used += cw;
    }
    s
}

fn size_str(bytes: usize) -> String {
    if bytes >= 1_000_000 {
        format!("{:.1}M", bytes as f64 / 1e6)
    } else {
        format!("{:.1}K", bytes as f64 / 1e3)
    }
}

/// The document list (left) and a preview of the selected one (right).
pub fn render_list(app: &App, area: Rect, buf: &mut Buffer) {
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
    let inner = pane(app, &title, app.overlays.is_empty(), list_area, buf);
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
    let first = scroll_for(c.selected, rows, corpus.len());
    let title_w = (inner.width as usize).saturating_sub(40).clamp(12, 40);
    for (k, i) in (first..corpus.len()).take(rows).enumerate() {
        let y = inner.y + 1 + k as u16;
        let entry = &corpus.entries[i];
        let selected = i == c.selected;
        let mark = if selected { "▶ " } else { "  " };
        let line = match entry.failure() {
            Some(why) => format!("{mark}✗ {}: {why}", entry.label()),
            None => {
                let title = cell_pad(&corpus.title(i), title_w);
                let size = size_str(entry.text_len());
                match corpus.summaries.get(i).and_then(Option::as_ref) {
                    Some(s) => format!(
                        "{mark}{title} {:<10} {size:>6} ¶{} 名{} 数{} 引{}",
                        s.date.as_deref().unwrap_or(""),
                        s.paragraphs,
                        s.entities,
                        s.quantities,
                        s.quotes
                    ),
                    None => format!("{mark}{title} {:<10} {size:>6} …", ""),
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

/// The popup for corpus overlays: most of the screen.
fn big_popup(app: &App, title: &str, area: Rect, buf: &mut Buffer) -> Rect {
    let w = (area.width * 9 / 10).max(area.width.min(20));
    let h = (area.height * 8 / 10).max(area.height.min(6));
    let r = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    );
    popup(app, title, r, buf)
}

/// Concordance rows with a header per document; returns the row of each hit.
fn concordance(
    app: &App,
    hits: &[Hit],
    selected: usize,
    inner: Rect,
    first_row: u16,
    buf: &mut Buffer,
) {
    let Some(c) = app.corpus.as_ref() else {
        return;
    };
    // (hit index or None for a header, doc)
    let mut rows: Vec<(Option<usize>, usize)> = Vec::new();
    for (i, h) in hits.iter().enumerate() {
        if rows.last().is_none_or(|&(_, d)| d != h.doc) {
            rows.push((None, h.doc));
        }
        rows.push((Some(i), h.doc));
    }
    let height = inner.height.saturating_sub(first_row) as usize;
    let sel_row = rows
        .iter()
        .position(|&(i, _)| i == Some(selected))
        .unwrap_or(0);
    let start = scroll_for(sel_row, height, rows.len());
    let theme = &app.theme;
    for (k, &(hit, doc)) in rows.iter().skip(start).take(height).enumerate() {
        let y = inner.y + first_row + k as u16;
        match hit {
            None => {
                let label = c
                    .corpus
                    .entries
                    .get(doc)
                    .map(|e| e.label())
                    .unwrap_or_default();
                let s = format!("── {} · {label}", c.corpus.title(doc));
                put(
                    buf,
                    inner.x,
                    y,
                    &s,
                    inner.width,
                    theme.style(Role::OverlayTitle),
                );
            }
            Some(i) => {
                let h = &hits[i];
                let base = if i == selected {
                    theme.style(Role::Selected)
                } else {
                    theme.style(Role::Text)
                };
                let left_w = (inner.width as usize / 2).saturating_sub(2);
                let left = truncate_start(&h.left, left_w);
                let pad = left_w.saturating_sub(UnicodeWidthStr::width(left));
                let mut x = put(
                    buf,
                    inner.x,
                    y,
                    &format!("  {}{left}", " ".repeat(pad)),
                    inner.width,
                    base,
                );
                let end = inner.x + inner.width;
                x = put(
                    buf,
                    x,
                    y,
                    &h.matched,
                    end.saturating_sub(x),
                    theme.style(Role::SearchCurrent),
                );
                put(buf, x, y, &h.right, end.saturating_sub(x), base);
            }
        }
    }
}

pub fn render_search(app: &App, s: &SearchState, area: Rect, buf: &mut Buffer) {
    let inner = big_popup(app, "search all documents", area, buf);
    if inner.height == 0 {
        return;
    }
    let docs = {
        let mut d: Vec<usize> = s.hits.iter().map(|h| h.doc).collect();
        d.dedup();
        d.len()
    };
    let count = match &s.error {
        Some(e) => e.clone(),
        None if s.query.is_empty() => "type to search · ctrl-r regex · enter opens".to_string(),
        None => format!(
            "{}{} hits in {docs} documents",
            s.hits.len(),
            if s.truncated { "+" } else { "" }
        ),
    };
    let mode = if s.regex { "regex" } else { "text" };
    let line = format!("{mode}: {}▏  {count}", s.query);
    put(
        buf,
        inner.x,
        inner.y,
        &line,
        inner.width,
        app.theme.style(Role::Status),
    );
    concordance(app, &s.hits, s.selected, inner, 1, buf);
}

pub fn render_entities(app: &App, s: &EntitiesState, area: Rect, buf: &mut Buffer) {
    let Some(c) = app.corpus.as_ref() else {
        return;
    };
    let inner = big_popup(app, "entities across the corpus", area, buf);
    if inner.height == 0 {
        return;
    }
    let list = c.corpus.entities.list(&s.filter, s.sort);
    let head = format!(
        "filter: {}▏  {} entities · sorted by {} (tab) · enter: mentions",
        s.filter,
        list.len(),
        s.sort.name()
    );
    let theme = &app.theme;
    put(
        buf,
        inner.x,
        inner.y,
        &head,
        inner.width,
        theme.style(Role::Status),
    );
    let rows = inner.height.saturating_sub(1) as usize;
    let first = scroll_for(s.selected, rows, list.len());
    for (k, stat) in list.iter().skip(first).take(rows).enumerate() {
        let i = first + k;
        let role = match stat.label.as_str() {
            "PER" => Role::Per,
            "ORG" => Role::Org,
            _ => Role::Loc,
        };
        let style = if i == s.selected {
            theme.style(Role::Selected)
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
        put(
            buf,
            inner.x,
            inner.y + 1 + k as u16,
            &line,
            inner.width,
            style,
        );
    }
}

pub fn render_mentions(app: &App, s: &MentionsState, area: Rect, buf: &mut Buffer) {
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
    put(
        buf,
        inner.x,
        inner.y,
        &head,
        inner.width,
        app.theme.style(Role::Status),
    );
    concordance(app, &s.hits, s.selected, inner, 1, buf);
}
