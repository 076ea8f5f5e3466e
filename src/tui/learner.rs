//! Reading help in the browser: dictionary lookups for the details panel,
//! widening to the longest dictionary match, interlinear pinyin, tone
//! colours, the displayed script, and adding words to the word list.
//!
//! The dictionary loads on a worker thread (`dict::preload`); everything
//! here asks [`dict::try_shared`] and shows "loading" until it is ready, so
//! no frame waits for it.

use super::reader::Reader;
use super::theme::Role;
use super::wrap::{Deco, Line, LineKind};
use crate::dict::interlinear::{self, Slot};
use crate::dict::script::Script;
use crate::dict::wordlist::{self, WordEntry};
use crate::dict::{self, Dictionary, Syllable, is_han, is_name_tag};
use crate::model::Span;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use std::borrow::Cow;

/// The learner's view state.
#[derive(Debug, Clone, Default)]
pub struct LearnerView {
    /// Pinyin rows above the text.
    pub interlinear: bool,
    /// Colour syllables by tone (interlinear mode).
    pub tone_colours: bool,
    /// The script the text is shown in; `None` = as written.
    pub script: Option<Script>,
    /// A widened lookup: (cursor it was made at, span). Valid while the
    /// cursor stays there.
    widened: Option<(usize, Span)>,
    /// Where `add-word` saves; `None` = the reader's list in the data
    /// directory (tests point it elsewhere).
    pub wordlist_path: Option<std::path::PathBuf>,
    /// The reader's HSK level, the level tint and the known words.
    pub level: super::level::LevelView,
}

impl LearnerView {
    /// The widened span, if the cursor has not moved since.
    pub fn widened(&self, cursor: Option<usize>) -> Option<Span> {
        self.widened
            .filter(|(c, _)| Some(*c) == cursor)
            .map(|(_, s)| s)
    }
}

/// The span looked up for the details panel and the word list: the widened
/// match, else the token under the cursor, else its character; with whether
/// the token is tagged as a name.
pub fn target(app: &Reader) -> Option<(Span, bool)> {
    if let Some(w) = app.learner.widened(app.cursor) {
        return Some((w, false));
    }
    if let Some(t) = app.cursor_token() {
        return Some((t.span(), is_name_tag(t.pos())));
    }
    app.cursor_span().map(|s| (s, false))
}

fn loading(app: &mut Reader) -> Option<&'static Dictionary> {
    let d = dict::try_shared();
    if d.is_none() {
        dict::preload();
        app.message = Some("dictionary still loading…".into());
    }
    d
}

/// `widen`: the next longer dictionary word starting at the cursor; after
/// the longest, back to the segmenter's word.
pub fn widen(app: &mut Reader) {
    let Some(d) = loading(app) else { return };
    let Some(c) = app.cursor else {
        app.message = Some("no word selected".into());
        return;
    };
    let text = &app.doc.doc.text;
    let current_end = app
        .learner
        .widened(app.cursor)
        .map(|s| s.end)
        .or_else(|| {
            app.cursor_token()
                .filter(|t| t.span().start == c)
                .map(|t| t.span().end)
        })
        .unwrap_or(c);
    match d.widen(text, c, current_end) {
        Some(end) => {
            let span = Span::new(c, end);
            app.learner.widened = Some((c, span));
            app.message = Some(format!("widened to {}", span.text(text)));
        }
        None => {
            app.learner.widened = None;
            app.message = Some("no longer dictionary word here".into());
        }
    }
}

/// `add-word`: saves the word under the cursor with its sentence.
pub fn add_word(app: &mut Reader) {
    let Some(d) = loading(app) else { return };
    let Some((span, name)) = target(app) else {
        app.message = Some("no word selected".into());
        return;
    };
    let doc = &app.doc.doc;
    let word = span.text(&doc.text);
    if !word.chars().any(is_han) {
        app.message = Some(format!("{word}: not a Chinese word"));
        return;
    }
    let sentence = doc
        .sentence_at(span.start)
        .and_then(|i| doc.sentences.get(i))
        .map(|s| doc.span_text(s.span))
        .or_else(|| {
            doc.paragraph_at(span.start)
                .and_then(|i| doc.paragraphs.get(i))
                .map(|p| doc.span_text(p.span))
        })
        .unwrap_or(word);
    let info = d.lookup(word, name);
    let entry = WordEntry::from_info(&info, sentence, Some(&app.file_name));
    let saved = match &app.learner.wordlist_path {
        Some(path) => wordlist::add_to_list_at(path, entry),
        None => wordlist::add_to_reader_list(entry),
    };
    app.message = Some(match saved {
        Ok(true) => format!("added {word} to the word list"),
        Ok(false) => format!("{word} is already in the word list"),
        Err(e) => format!("word list: {e:#}"),
    });
}

/// `toggle-script`: shows the text in the other script, or as written.
pub fn toggle_script(app: &mut Reader) {
    let Some(d) = loading(app) else { return };
    app.learner.script = match app.learner.script {
        Some(_) => None,
        None => Some(d.script.detect(&app.doc.doc.text).other()),
    };
    app.message = Some(match app.learner.script {
        Some(s) => format!("showing {}", s.name()),
        None => "showing the text as written".into(),
    });
}

/// `toggle-pinyin`: interlinear mode on/off.
pub fn toggle_interlinear(app: &mut Reader) {
    app.learner.interlinear = !app.learner.interlinear;
    let ready = app.learner.interlinear && loading(app).is_some();
    if ready || !app.learner.interlinear {
        app.message = Some(format!(
            "pinyin rows {}",
            if app.learner.interlinear { "on" } else { "off" }
        ));
    }
}

/// `toggle-tones`: tone colours on/off.
pub fn toggle_tones(app: &mut Reader) {
    app.learner.tone_colours = !app.learner.tone_colours;
    app.message = Some(format!(
        "tone colours {}",
        if app.learner.tone_colours {
            "on"
        } else {
            "off"
        }
    ));
}

/// `text` as displayed (same number of characters).
pub fn display<'a>(app: &Reader, text: &'a str) -> Cow<'a, str> {
    match (app.learner.script, dict::try_shared()) {
        (Some(s), Some(d)) => Cow::Owned(d.to_script(text, s)),
        _ => Cow::Borrowed(text),
    }
}

/// Rows for the details panel about the word under the cursor.
pub fn details_rows(app: &Reader) -> Vec<(Role, String)> {
    let mut out = Vec::new();
    let Some((span, name)) = target(app) else {
        return out;
    };
    let word = span.text(&app.doc.doc.text);
    if !word.chars().any(is_han) {
        return out;
    }
    let Some(d) = dict::try_shared() else {
        // A big document's worker loads it once its annotation is done;
        // asked for before, it loads now.
        dict::preload();
        out.push((Role::Dim, "dictionary loading…".into()));
        return out;
    };
    let widened = if app.learner.widened(app.cursor).is_some() {
        "   (widened)"
    } else {
        ""
    };
    let info = d.lookup(word, name);
    let Some(best) = info.best() else {
        let chars: Vec<String> = info
            .per_char
            .iter()
            .map(|c| {
                format!(
                    "{} {} {}",
                    c.ch,
                    c.pinyin.as_deref().unwrap_or("?"),
                    c.gloss.as_deref().unwrap_or("")
                )
            })
            .collect();
        out.push((
            Role::Learner,
            format!("{word}: not in the dictionary; by character:{widened}"),
        ));
        out.push((Role::Text, chars.join(" · ")));
        return out;
    };
    let forms = if best.simplified == best.traditional {
        best.simplified.clone()
    } else {
        format!("{} {}", best.simplified, best.traditional)
    };
    out.push((Role::Learner, format!("{}   {forms}{widened}", best.pinyin)));
    out.push((Role::Text, best.senses.join(" / ")));
    let mut extra = Vec::new();
    if !best.measure_words.is_empty() {
        extra.push(format!("measure words: {}", best.measure_words.join(", ")));
    }
    if !best.variants.is_empty() {
        extra.push(format!("variant of: {}", best.variants.join(", ")));
    }
    extra.extend(best.notes.iter().cloned());
    let others: Vec<String> = info.readings[1..]
        .iter()
        .map(|r| {
            format!(
                "{} {}",
                r.pinyin,
                r.senses.first().map_or("", |s| s.as_str())
            )
        })
        .collect();
    if !others.is_empty() {
        extra.push(format!("also: {}", others.join(" · ")));
    }
    if !extra.is_empty() {
        out.push((Role::Dim, extra.join("; ")));
    }
    out
}

/// Syllables for `start..end`, word by word along the tokens (so the
/// reading follows the segmentation): the learner layer's reading of each
/// word (read in context by `dict::reading`, as exports and `eval pinyin`
/// read it), else the dictionary's longest matches.
fn syllables(app: &Reader, d: &Dictionary, start: usize, end: usize) -> Vec<Option<Syllable>> {
    let text = &app.doc.doc.text;
    let toks = &app.doc.tokens;
    let anns = &app.doc.annotations;
    let readings = &app.index.readings;
    let mut r = readings.partition_point(|&k| anns.get(k).is_some_and(|a| a.span.start < start));
    let mut out = Vec::new();
    let mut pos = start;
    let i = toks.partition_point(|t| t.span().end <= start);
    // A big document: the attrs of the tokens shown, read now.
    let (first, words) = match &app.index.splits {
        Some(splits) => {
            let j = i + toks[i..].partition_point(|t| t.span().start < end);
            attrs_of_tokens(&app.doc, splits.as_ref(), i..j)
        }
        None => (0, Default::default()),
    };
    for (ti, t) in toks.iter().enumerate().skip(i) {
        if t.span().start >= end {
            break;
        }
        let (a, b) = (t.span().start.max(pos), t.span().end.min(end));
        if a > pos {
            out.extend(d.syllables(text.get(pos..a).unwrap_or("")));
        }
        while readings
            .get(r)
            .and_then(|&k| anns.get(k))
            .is_some_and(|x| x.span.start < t.span().start)
        {
            r += 1;
        }
        let word = text.get(a..b).unwrap_or("");
        let whole = (a, b) == (t.span().start, t.span().end);
        // The word's attrs: from the per-token array when the document has
        // one (a big document), else from the learner layer's annotation.
        let pinyin = if app.index.splits.is_none() {
            readings
                .get(r)
                .and_then(|&k| anns.get(k))
                .filter(|x| x.span == t.span() && whole)
                .and_then(|x| x.attr_str("pinyin"))
        } else {
            words
                .get(ti.wrapping_sub(first))
                .filter(|_| whole)
                .and_then(|x| x.str_value("pinyin"))
        };
        let layer = pinyin
            .map(|p| layer_syllables(p, word))
            .filter(|s| s.len() == word.chars().count());
        if b > a {
            out.extend(layer.unwrap_or_else(|| d.syllables(word)));
        }
        pos = b.max(pos);
    }
    if pos < end {
        out.extend(d.syllables(text.get(pos..end).unwrap_or("")));
    }
    out
}

/// The learner layer's attrs of `ann`'s tokens in `range`, read now (a big
/// document keeps no per-token array of them): the first token's index
/// and the attrs from there on. A word is read among its two neighbours,
/// so the tokens are read with one more on each side and every token of
/// `range` gets the attrs a pass over the whole document gives it.
pub fn attrs_of_tokens(
    ann: &crate::model::Annotated,
    splits: &dyn dict::reading::Splitter,
    range: std::ops::Range<usize>,
) -> (usize, crate::annotate::learner::TokenAttrs) {
    let toks = &ann.tokens;
    let lo = range.start.saturating_sub(1).min(toks.len());
    let hi = range.end.saturating_add(1).min(toks.len()).max(lo);
    let attrs = crate::annotate::learner::token_attrs_with(&ann.doc, &toks[lo..hi], splits);
    (lo, attrs)
}

/// The learner layer's `pinyin` attr (one syllable per character,
/// separated by spaces; a character without a reading as itself) as
/// syllables.
fn layer_syllables(pinyin: &str, word: &str) -> Vec<Option<Syllable>> {
    pinyin
        .split(' ')
        .zip(word.chars())
        .map(|(p, c)| (is_han(c) && p != c.to_string()).then(|| dict::reading::marked(p)))
        .collect()
}

fn same_block(a: &Line, b: &Line) -> bool {
    a.kind == b.kind
        && a.kind != LineKind::Blank
        && a.paragraph == b.paragraph
        && a.section == b.section
        && b.start >= a.end
}

/// Draws the text pane in interlinear mode from `app.top`: each block
/// (paragraph, heading …) laid out anew with a pinyin row above every
/// line. Returns false when the dictionary is not ready (the caller draws
/// plain text).
pub fn render_interlinear(
    app: &Reader,
    inner: Rect,
    buf: &mut Buffer,
    base_style: &dyn Fn(LineKind) -> Style,
) -> bool {
    let Some(d) = dict::try_shared() else {
        return false;
    };
    let theme = &app.theme;
    let text = &app.doc.doc.text;
    let lines = app.lines();
    let cursor = app.cursor_span();
    let bottom = inner.y as usize + inner.height as usize;
    let mut y = inner.y as usize;
    let mut i = app.top;
    while y < bottom {
        let Some(first) = lines.get(i) else { break };
        if first.kind == LineKind::Blank || first.start >= first.end {
            y += 1;
            i += 1;
            continue;
        }
        if matches!(first.deco, Deco::Code | Deco::Table) {
            // Verbatim lines keep their layout and get no pinyin rows.
            super::view::text::draw_verbatim(app, first, inner, y as u16, buf);
            y += 1;
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while lines.get(j).is_some_and(|l| same_block(&lines[j - 1], l)) {
            j += 1;
        }
        let (start, end) = (first.start, lines[j - 1].end);
        let Some(src) = text.get(start..end) else {
            break;
        };
        let shown = display(app, src);
        let syl = syllables(app, d, start, end);
        // Inline code is shown as written: no pinyin, no other script.
        let code = super::view::text::code_spans(app, start, end);
        let in_code = |pos: usize| code.iter().any(|s| s.contains_pos(pos));
        let chars: Vec<(usize, char, Option<Syllable>)> = src
            .char_indices()
            .zip(shown.chars())
            .zip(syl.into_iter().chain(std::iter::repeat(None)))
            .map(|(((off, orig), c), s)| {
                if in_code(start + off) {
                    (start + off, orig, None)
                } else {
                    (start + off, c, s)
                }
            })
            .map(|(pos, c, s)| (pos, if c == '\t' { ' ' } else { c }, s))
            .filter(|(_, c, _)| *c == '\n' || app.widths.char(*c) > 0)
            .collect();
        let base = base_style(first.kind);
        let tones = app.learner.tone_colours;
        let style_of = |slot: &Slot| {
            let tone = slot
                .syllable
                .as_ref()
                .filter(|_| tones)
                .and_then(|s| interlinear::tone_colour(s.class()));
            let mut text_style = base;
            let mut pinyin_style = theme.style(Role::Learner);
            if let Some(c) = tone {
                text_style = text_style.fg(c);
                pinyin_style = pinyin_style.fg(c);
            }
            if in_code(slot.source) {
                text_style = text_style.patch(theme.style(Role::Code));
            }
            if cursor.is_some_and(|c| c.contains_pos(slot.source)) {
                text_style = text_style.patch(theme.style(Role::Cursor));
            }
            (pinyin_style, text_style)
        };
        // Quotes and list items keep their indent (and quote bars).
        let indent = first.indent.min(inner.width.saturating_sub(1));
        let text_area = Rect {
            x: inner.x + indent,
            width: inner.width - indent,
            ..inner
        };
        for line in interlinear::layout(&chars, text_area.width as usize, app.widths) {
            if y + 1 >= bottom {
                return true;
            }
            for row in [y, y + 1] {
                super::view::text::draw_indent(app, first, inner, row as u16, buf);
            }
            interlinear::render_line(
                &line,
                text_area.x,
                y as u16,
                text_area.width,
                buf,
                &style_of,
            );
            y += 2;
        }
        i = j;
    }
    true
}
