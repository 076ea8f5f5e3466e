//! Notes out of yuelan: markdown for people, JSON for scripts, and the
//! `(span, text)` pairs the brat export turns into `#` (AnnotatorNotes) lines.

use super::anchor::How;
use super::model::{Note, ReadingPosition, format_utc};
use super::store::{NoteStore, Placed, text_hash};
use crate::model::{CharIndex, Document, Span};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write;

/// The `schema` of the JSON export.
pub const EXPORT_SCHEMA: &str = "yuelan-notes-export/1";

/// The sentence around `span` (all the sentences it touches), or its line
/// when it lies outside the body (title, heading).
pub fn context_span(doc: &Document, span: Span) -> Span {
    let first = doc.sentence_at(span.start);
    let last = doc.sentence_at(span.end.saturating_sub(1).max(span.start));
    match (first, last) {
        (Some(a), Some(b)) => Span::new(
            doc.sentences[a].span.start.min(span.start),
            doc.sentences[b].span.end.max(span.end),
        ),
        _ => {
            let text = &doc.text;
            let start = text
                .get(..span.start)
                .and_then(|t| t.rfind('\n'))
                .map_or(0, |i| i + 1);
            let end = text
                .get(span.end..)
                .and_then(|t| t.find('\n'))
                .map_or(text.len(), |i| span.end + i);
            Span::new(start, end.max(span.end))
        }
    }
}

/// The heading of section `i`, or a name for the lead section.
fn section_title(doc: &Document, i: usize) -> String {
    doc.sections
        .get(i)
        .and_then(|s| s.heading)
        .map(|h| doc.span_text(h).trim().to_string())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "Opening".to_string())
}

fn document_title(doc: &Document) -> String {
    doc.title
        .map(|t| doc.span_text(t).trim().to_string())
        .filter(|t| !t.is_empty())
        .or_else(|| {
            doc.source.path.as_ref().map(|p| {
                std::path::Path::new(p)
                    .file_name()
                    .map_or_else(|| p.clone(), |n| n.to_string_lossy().into_owned())
            })
        })
        .unwrap_or_else(|| "document".to_string())
}

/// Escapes the characters that would turn quoted text into markdown markup.
fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// `context` with `span` in bold, as one markdown line.
fn quote_line(text: &str, context: Span, span: Span) -> String {
    let before = text.get(context.start..span.start).unwrap_or("");
    let mid = text.get(span.start..span.end).unwrap_or("");
    let after = text.get(span.end..context.end).unwrap_or("");
    format!(
        "{}**{}**{}",
        md_escape(before),
        md_escape(mid.trim()),
        md_escape(after)
    )
}

fn note_meta(note: &Note) -> String {
    let mut meta = format!("{}, {} UTC", note.colour.name(), format_utc(note.created));
    if note.modified > note.created + 1000 {
        let _ = write!(meta, ", edited {} UTC", format_utc(note.modified));
    }
    meta
}

fn push_comment(out: &mut String, text: &str) {
    let text = text.trim();
    if text.is_empty() {
        return;
    }
    out.push('\n');
    for line in text.lines() {
        if line.trim().is_empty() {
            out.push('\n');
        } else {
            let _ = writeln!(out, "  {line}");
        }
    }
}

/// Markdown: each note with its highlighted text inside its sentence,
/// grouped by section in text order; orphaned notes at the end.
pub fn markdown(doc: &Document, store: &NoteStore) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Notes: {}\n", md_escape(&document_title(doc)));
    let placed = store.placed();
    let orphans = placed.iter().filter(|p| p.at.is_none()).count();
    let _ = write!(out, "{} notes", placed.len());
    if orphans > 0 {
        let _ = write!(out, ", {orphans} orphaned");
    }
    if let Some(path) = &doc.source.path {
        let _ = write!(out, " · {}", md_escape(path));
    }
    out.push('\n');
    let mut current: Option<usize> = None;
    for p in placed.iter() {
        let Some(at) = p.at else { continue };
        let section = doc.section_at(at.span.start).unwrap_or(0);
        if current != Some(section) {
            current = Some(section);
            let _ = writeln!(out, "\n## {}", md_escape(&section_title(doc, section)));
        }
        let ctx = context_span(doc, at.span);
        let _ = writeln!(
            out,
            "\n- {} ({})\n\n  > {}",
            md_escape(at.span.text(&doc.text).trim()),
            note_meta(p.note),
            quote_line(&doc.text, ctx, at.span)
        );
        push_comment(&mut out, &p.note.text);
    }
    if orphans > 0 {
        out.push_str(
            "\n## Orphaned notes\n\nTheir text was not found in this version of the document.\n",
        );
        for p in placed.iter().filter(|p| p.at.is_none()) {
            let a = &p.note.anchor;
            let _ = writeln!(
                out,
                "\n- {} ({})\n\n  > …{}**{}**{}…",
                md_escape(&a.exact),
                note_meta(p.note),
                md_escape(&a.prefix),
                md_escape(&a.exact),
                md_escape(&a.suffix)
            );
            push_comment(&mut out, &p.note.text);
        }
    }
    out
}

#[derive(Serialize)]
struct JsonExport<'a> {
    schema: &'static str,
    document: JsonDocument,
    notes: Vec<JsonNote<'a>>,
    bookmarks: BTreeMap<char, ReadingPosition>,
    position: Option<ReadingPosition>,
}

#[derive(Serialize)]
struct JsonDocument {
    path: Option<String>,
    title: String,
    text_hash: String,
}

#[derive(Serialize)]
struct JsonNote<'a> {
    id: &'a str,
    colour: &'static str,
    note: &'a str,
    /// The highlighted text as it is now (or was, for an orphan).
    quote: String,
    /// Code points in the current text; `null` when orphaned.
    start: Option<usize>,
    end: Option<usize>,
    orphaned: bool,
    /// How the note was re-attached: exact, moved, edited, fuzzy.
    attached: Option<How>,
    section: Option<usize>,
    section_heading: Option<String>,
    sentence: Option<String>,
    created: u64,
    modified: u64,
}

fn json_note<'a>(doc: &Document, index: &CharIndex, p: &Placed<'a>) -> JsonNote<'a> {
    let note = p.note;
    let base = JsonNote {
        id: &note.id,
        colour: note.colour.name(),
        note: &note.text,
        quote: note.anchor.exact.clone(),
        start: None,
        end: None,
        orphaned: true,
        attached: None,
        section: None,
        section_heading: None,
        sentence: None,
        created: note.created,
        modified: note.modified,
    };
    let Some(at) = p.at else { return base };
    let (start, end) = index.span_to_cp(at.span);
    let section = doc.section_at(at.span.start);
    JsonNote {
        quote: at.span.text(&doc.text).to_string(),
        start: Some(start),
        end: Some(end),
        orphaned: false,
        attached: Some(at.how),
        section,
        section_heading: section
            .and_then(|i| doc.sections.get(i))
            .and_then(|s| s.heading)
            .map(|h| doc.span_text(h).trim().to_string()),
        sentence: Some(
            context_span(doc, at.span)
                .text(&doc.text)
                .trim()
                .to_string(),
        ),
        ..base
    }
}

/// JSON (`yuelan-notes-export/1`, see docs/notes.md).
pub fn json(doc: &Document, store: &NoteStore) -> serde_json::Result<String> {
    let index = CharIndex::new(&doc.text);
    let out = JsonExport {
        schema: EXPORT_SCHEMA,
        document: JsonDocument {
            path: doc.source.path.clone(),
            title: document_title(doc),
            text_hash: text_hash(&doc.text),
        },
        notes: store
            .placed()
            .iter()
            .map(|p| json_note(doc, &index, p))
            .collect(),
        bookmarks: store.bookmarks().collect(),
        position: store.position(),
    };
    serde_json::to_string_pretty(&out)
}

/// For the brat export: every attached note as its byte span and a one-line
/// text for an `AnnotatorNotes` (`#`) line — the comment, or the colour for
/// a plain highlight. Tabs and line breaks become spaces. Text order;
/// orphaned notes have no span and are left out.
pub fn brat_notes(store: &NoteStore) -> Vec<(Span, String)> {
    store
        .placed()
        .iter()
        .filter_map(|p| {
            let at = p.at?;
            let text = p.note.text.trim();
            let line = if text.is_empty() {
                format!("highlight ({})", p.note.colour.name())
            } else {
                text.split(['\t', '\n', '\r'])
                    .filter(|s| !s.trim().is_empty())
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            Some((at.span, line))
        })
        .collect()
}

/// [`brat_notes`] for `doc`'s notes in the user's data directory, found by
/// its text and the path it was read from; none when it has no notes or the
/// directory is unavailable. The second value holds messages from the store
/// (a corrupt file moved aside) for stderr.
pub fn brat_notes_for(doc: &Document) -> (Vec<(Span, String)>, Vec<String>) {
    let path = doc
        .source
        .path
        .as_deref()
        .map(std::path::Path::new)
        .filter(|p| p.is_file());
    match NoteStore::open_read_only(&doc.text, path) {
        Ok(mut store) => {
            let messages = store.take_messages();
            (brat_notes(&store), messages)
        }
        Err(_) => (Vec::new(), Vec::new()),
    }
}
