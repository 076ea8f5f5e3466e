//! brat standoff (`.ann`): `T` lines for annotations, `R` lines linking a
//! quote to its speaker, `#` AnnotatorNotes lines carrying attrs.
//!
//! Offsets are code points into the document text (the `.txt` beside the
//! `.ann` must be the decoded text: `yuelan annotate --format json | jq -r
//! .text`). A span across a line break is written as fragments
//! (`start end;start end`), as brat requires. Tokens and the learner layer are
//! not exported (too many); every other layer is.

use super::json::attr_span;
use crate::model::{Annotated, CharIndex, Layer, Span};
use serde_json::Value;
use std::collections::HashMap;
use std::fmt::Write as _;

/// The `.ann` text of an annotated document.
pub fn to_ann(ann: &Annotated) -> String {
    to_ann_with_notes(ann, &[])
}

/// The `.ann` text with the reader's notes (byte span, one-line text; see
/// `notes::export::brat_notes`) as `Note` annotations, each with a `#`
/// AnnotatorNotes line carrying its text.
pub fn to_ann_with_notes(ann: &Annotated, reader_notes: &[(Span, String)]) -> String {
    let mut out = String::new();
    let written: Result<(), std::convert::Infallible> =
        write_ann_with_notes(ann, reader_notes, |lines| {
            out.push_str(lines);
            Ok(())
        });
    match written {
        Ok(()) => out,
    }
}

/// Lines handed to the caller at a time, about (whole lines).
const CHUNK: usize = 1 << 16;

/// [`to_ann_with_notes`] handed to `emit` a few whole lines at a time
/// (about [`CHUNK`] bytes), in order: the `.ann` of a big document is
/// written as it is made, never held whole (22 MB for 5 MB of news).
pub fn write_ann_with_notes<E>(
    ann: &Annotated,
    reader_notes: &[(Span, String)],
    mut emit: impl FnMut(&str) -> Result<(), E>,
) -> Result<(), E> {
    let text = &ann.doc.text;
    let idx = CharIndex::new(text);
    let mut out = String::with_capacity(CHUNK + 4096);
    let mut flush = |out: &mut String, at_least: usize| -> Result<(), E> {
        if out.len() >= at_least {
            emit(out)?;
            out.clear();
        }
        Ok(())
    };
    let mut t_of: HashMap<usize, usize> = HashMap::new();
    let mut t = 0usize;
    let mut notes = 0usize;
    let mut rels = 0usize;
    let exported = |layer: Layer| !matches!(layer, Layer::Tokens | Layer::Learner);

    for a in ann.annotations.iter().filter(|a| exported(a.layer)) {
        if a.span.is_empty() {
            continue;
        }
        t += 1;
        t_of.insert(a.index(), t);
        write_t(&mut out, t, &a.label, a.span, text, &idx);
        let note = note_of(&a.attrs);
        if !note.is_empty() {
            notes += 1;
            let _ = writeln!(out, "#{notes}\tAnnotatorNotes T{t}\t{note}");
        }
        flush(&mut out, CHUNK)?;
    }
    // Quote → speaker relations; a speaker that is no exported annotation
    // gets a SPEAKER text-bound annotation of its own.
    for a in ann.annotations.iter().filter(|a| a.layer == Layer::Quotes) {
        let Some(&qt) = t_of.get(&a.index()) else {
            continue;
        };
        let linked = a
            .attrs
            .get("speaker_id")
            .and_then(|v| v.as_u64())
            .and_then(|id| usize::try_from(id).ok())
            .and_then(|id| t_of.get(&id).copied());
        let speaker_t = match linked {
            Some(st) => st,
            None => match a.attrs.get("speaker").and_then(|v| attr_span(&v)) {
                Some(span) if !span.is_empty() && span.end <= text.len() => {
                    t += 1;
                    write_t(&mut out, t, "SPEAKER", span, text, &idx);
                    t
                }
                _ => continue,
            },
        };
        rels += 1;
        let _ = writeln!(out, "R{rels}\tSpeaker Arg1:T{qt} Arg2:T{speaker_t}");
        flush(&mut out, CHUNK)?;
    }
    for (span, note) in reader_notes {
        if span.is_empty() || span.end > text.len() {
            continue;
        }
        t += 1;
        write_t(&mut out, t, "Note", *span, text, &idx);
        notes += 1;
        let _ = writeln!(out, "#{notes}\tAnnotatorNotes T{t}\t{note}");
        flush(&mut out, CHUNK)?;
    }
    flush(&mut out, 1)
}

/// `T<n>\tLABEL start end[;start end]\ttext`, split at line breaks.
fn write_t(out: &mut String, n: usize, label: &str, span: Span, text: &str, idx: &CharIndex) {
    let mut frags: Vec<Span> = Vec::new();
    let mut start = span.start;
    for (i, c) in span.text(text).char_indices() {
        let at = span.start + i;
        if c == '\n' || c == '\r' {
            if at > start {
                frags.push(Span::new(start, at));
            }
            start = at + c.len_utf8();
        }
    }
    if span.end > start {
        frags.push(Span::new(start, span.end));
    }
    let offsets: Vec<String> = frags
        .iter()
        .map(|f| {
            let (s, e) = idx.span_to_cp(*f);
            format!("{s} {e}")
        })
        .collect();
    let shown: Vec<String> = frags
        .iter()
        .map(|f| f.text(text).replace('\t', " "))
        .collect();
    let label: String = label
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let _ = writeln!(
        out,
        "T{n}\t{label} {}\t{}",
        offsets.join(";"),
        shown.join(" ")
    );
}

/// Scalar attrs as `key=value` pairs on one line (spans and lists left out).
fn note_of(attrs: &crate::model::Attrs) -> String {
    attrs
        .iter()
        .filter_map(|(k, v)| {
            let s = match v {
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                Value::Bool(b) => b.to_string(),
                _ => return None,
            };
            Some(format!("{k}={}", s.replace(['\t', '\n', '\r'], " ")))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Annotation, Format};

    /// A big document's `.ann` comes a few whole lines at a time, never
    /// whole: every piece ends a line and is at most [`CHUNK`] and a line
    /// long; together they are every `T` line, in order.
    #[test]
    fn a_big_ann_is_handed_over_in_pieces_of_whole_lines() {
        let text = "北京市政府发布了通知。\n".repeat(20_000);
        let mut annotations: Vec<Annotation> = (0..20_000)
            .map(|k| {
                let at = k * "北京市政府发布了通知。\n".len();
                Annotation::new(Layer::Entities, "ORG", Span::new(at, at + 15))
            })
            .collect();
        for (i, a) in annotations.iter_mut().enumerate() {
            a.id = Annotation::id_of(i);
        }
        let ann = Annotated {
            doc: crate::parse::parse(text, Format::Plain).into(),
            tokens: Vec::new(),
            annotations,
            keywords: Default::default(),
        };
        let mut pieces: Vec<String> = Vec::new();
        let done: Result<(), ()> = write_ann_with_notes(&ann, &[], |lines| {
            pieces.push(lines.to_string());
            Ok(())
        });
        assert_eq!(done, Ok(()));
        assert!(pieces.len() > 1, "{} pieces", pieces.len());
        let longest = pieces
            .iter()
            .flat_map(|p| p.lines())
            .map(|l| l.len() + 1)
            .max()
            .unwrap_or(0);
        for p in &pieces {
            assert!(p.ends_with('\n'));
            assert!(p.len() <= CHUNK + longest, "{} bytes", p.len());
        }
        let lines: Vec<&str> = pieces.iter().flat_map(|p| p.lines()).collect();
        assert_eq!(lines.len(), 20_000);
        assert_eq!(lines[0], "T1\tORG 0 5\t北京市政府");
        assert_eq!(lines[19_999], "T20000\tORG 239988 239993\t北京市政府");
        assert_eq!(pieces.concat(), to_ann(&ann));
    }
}
