//! text → Document: title block, headings, paragraphs, sentences, duplicates.
//!
//! STUB: the foundation work replaces this with the real structure parser.
//! For now: one lead section, one paragraph per non-empty line, one sentence
//! per paragraph.

use crate::model::{Document, Format, Paragraph, Section, Sentence, Source, Span};
use std::path::Path;

impl Format {
    /// Markdown by file extension (`.md`, `.markdown`), else plain text.
    pub fn detect(path: Option<&Path>, _text: &str) -> Format {
        match path
            .and_then(|p| p.extension())
            .and_then(|e| e.to_str())
            .map(|e| e.to_ascii_lowercase())
        {
            Some(e) if e == "md" || e == "markdown" => Format::Markdown,
            _ => Format::Plain,
        }
    }
}

/// Parses `text` into a document. Pure: the same text gives the same model.
pub fn parse(text: String, format: Format) -> Document {
    let mut paragraphs = Vec::new();
    let mut sentences = Vec::new();
    let mut pos = 0;
    for line in text.split('\n') {
        let start = pos;
        pos += line.len() + 1;
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        let off = line.len() - line.trim_start().len();
        let span = Span::new(start + off, start + off + trimmed.len());
        sentences.push(Sentence {
            span,
            paragraph: paragraphs.len(),
        });
        paragraphs.push(Paragraph {
            span,
            section: 0,
            sentences: sentences.len() - 1..sentences.len(),
        });
    }
    let span = Span::new(
        paragraphs.first().map_or(0, |p: &Paragraph| p.span.start),
        paragraphs.last().map_or(0, |p: &Paragraph| p.span.end),
    );
    let sections = vec![Section {
        span,
        paragraphs: 0..paragraphs.len(),
        ..Section::default()
    }];
    Document {
        text,
        source: Source {
            format,
            ..Source::default()
        },
        sections,
        paragraphs,
        sentences,
        ..Document::default()
    }
}
