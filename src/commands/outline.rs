//! `yuelan outline FILE` and `yuelan parse FILE [--json]`.

use crate::model::{Document, Format, Unit};
use crate::text::safe;
use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

fn load(file: &Path, forced: Option<Format>) -> anyhow::Result<Document> {
    let doc = crate::read::load(file, forced)?;
    for w in &doc.source.warnings {
        super::warn(&format!("yuelan: warning: {}: {w}", file.display()));
    }
    Ok(doc)
}

/// Plain text: every line is already made safe by [`one_line`]; the whole
/// goes through the sanitiser once more for what the labels quote.
fn emit(out: &str) -> anyhow::Result<ExitCode> {
    super::write_text(out)?;
    Ok(ExitCode::SUCCESS)
}

pub fn outline(file: &Path, forced: Option<Format>) -> anyhow::Result<ExitCode> {
    let doc = load(file, forced)?;
    emit(&render_outline(&doc))
}

pub fn parse(file: &Path, json: bool, forced: Option<Format>) -> anyhow::Result<ExitCode> {
    let doc = load(file, forced)?;
    if json {
        let value = crate::export::json::document_to_json(&doc);
        let mut s = serde_json::to_string_pretty(&value)?;
        s.push('\n');
        super::write_json(&s)?;
        Ok(ExitCode::SUCCESS)
    } else {
        emit(&render_model(&doc))
    }
}

/// One line of text for a listing: newlines shown as `⏎`, control
/// characters shown visibly ([`safe::line`]).
fn one_line(s: &str) -> String {
    safe::line(s).into_owned()
}

fn heading_label(doc: &Document, i: usize) -> String {
    let sec = &doc.sections[i];
    match sec.heading {
        None => "(lead)".to_string(),
        Some(h) => {
            let mut s = one_line(doc.span_text(h));
            if let Some(d) = sec.heading_detail {
                let _ = write!(s, " | {}", one_line(doc.span_text(d)));
            }
            s
        }
    }
}

/// The section tree with paragraph and sentence counts, then duplicates.
pub fn render_outline(doc: &Document) -> String {
    let mut out = String::new();
    let head = [
        ("kicker", doc.kicker),
        ("title", doc.title),
        ("subtitle", doc.subtitle),
        ("byline", doc.byline),
        ("date", doc.date),
    ];
    for (label, span) in head {
        if let Some(span) = span {
            let _ = writeln!(out, "{label:<9}{}", one_line(doc.span_text(span)));
        }
    }
    let _ = writeln!(
        out,
        "{:<9}{} ({}, {:?}) · {} sections · {} paragraphs · {} sentences",
        "source",
        one_line(doc.source.path.as_deref().unwrap_or("-")),
        doc.source.encoding,
        doc.source.format,
        doc.sections.len(),
        doc.paragraphs.len(),
        doc.sentences.len()
    );
    let _ = writeln!(out, "\nparas  sents  section");
    for (i, sec) in doc.sections.iter().enumerate() {
        if i == 0 && sec.paragraphs.is_empty() {
            continue;
        }
        let sents: usize = doc.paragraphs[sec.paragraphs.clone()]
            .iter()
            .map(|p| p.sentences.len())
            .sum();
        let indent = "  ".repeat(usize::from(sec.level.saturating_sub(1)));
        let _ = writeln!(
            out,
            "{:>5}  {:>5}  {indent}{}",
            sec.paragraphs.len(),
            sents,
            heading_label(doc, i)
        );
    }
    if !doc.duplicates.is_empty() {
        let _ = writeln!(out, "\nduplicates");
        for d in &doc.duplicates {
            let unit = |u: Unit| match u {
                Unit::Paragraph => "paragraph",
                Unit::Sentence => "sentence",
            };
            let text = match d.unit {
                Unit::Paragraph => doc.paragraphs.get(d.index).map(|p| p.span),
                Unit::Sentence => doc.sentences.get(d.index).map(|s| s.span),
            }
            .map(|s| one_line(doc.span_text(s)))
            .unwrap_or_default();
            let short: String = text.chars().take(30).collect();
            let more = if text.chars().count() > 30 { "…" } else { "" };
            let _ = writeln!(
                out,
                "  {} {} repeats {} {}: {short}{more}",
                unit(d.unit),
                d.index,
                unit(d.of_unit),
                d.of_index
            );
        }
    }
    out
}

/// Every section, paragraph and sentence, numbered, with duplicates marked.
pub fn render_model(doc: &Document) -> String {
    let mut out = render_outline(doc);
    let dup = |unit: Unit, i: usize| {
        doc.duplicate_of(unit, i)
            .map(|d| {
                let of = match d.of_unit {
                    Unit::Paragraph => "paragraph",
                    Unit::Sentence => "sentence",
                };
                format!("  [repeats {of} {}]", d.of_index)
            })
            .unwrap_or_default()
    };
    for (si, sec) in doc.sections.iter().enumerate() {
        let parent = sec.parent.map(|p| format!(", in §{p}")).unwrap_or_default();
        let _ = writeln!(
            out,
            "\n§{si} {} [{}, level {}{parent}]",
            heading_label(doc, si),
            sec.kind.name(),
            sec.level
        );
        for pi in sec.paragraphs.clone() {
            let p = &doc.paragraphs[pi];
            let _ = writeln!(out, "  ¶{pi}{}", dup(Unit::Paragraph, pi));
            for s in p.sentences.clone() {
                let text = one_line(doc.span_text(doc.sentences[s].span));
                let _ = writeln!(out, "    {s:>4} {text}{}", dup(Unit::Sentence, s));
            }
        }
    }
    out
}
