//! The document model: one `text`, and spans into it.
//!
//! Internally every span is a byte range on `text`, always on char
//! boundaries. Exports convert to Unicode code points once, at the boundary
//! (see [`offsets`]). The model is immutable once parsed: the annotators add
//! standoff [`Annotation`]s beside it in an [`Annotated`], and the interface
//! only reads it.

pub mod annotation;
pub mod labels;
pub mod offsets;

pub use annotation::{
    Annotated, Annotation, AttrValue, Attrs, Keyword, KeywordMethod, KeywordWords, Keywords, Label,
    Layer, PosTag, Token, pos_tag,
};
pub use labels::{EntityLabel, QuoteLabel};
pub use offsets::CharIndex;

use serde::{Deserialize, Serialize};
use std::ops::Range;

/// A byte range `start..end` into a document's text (end-exclusive).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    pub const fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }
    pub const fn is_empty(&self) -> bool {
        self.end <= self.start
    }
    /// Whether `other` lies wholly inside `self`.
    pub const fn contains(&self, other: &Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
    /// Whether the byte offset `pos` lies inside `self`.
    pub const fn contains_pos(&self, pos: usize) -> bool {
        self.start <= pos && pos < self.end
    }
    pub const fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }
    /// The text this span covers; empty if the span is out of bounds or not on
    /// char boundaries (never panics).
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.start..self.end).unwrap_or("")
    }
}

/// How the source was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    #[default]
    Plain,
    Markdown,
    Html,
    Epub,
    Docx,
}

impl Format {
    /// The name used on the command line and in exports (`txt`, `md`, …).
    pub const fn name(self) -> &'static str {
        match self {
            Format::Plain => "plain",
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Epub => "epub",
            Format::Docx => "docx",
        }
    }
}

/// Where the document came from and how its bytes were read.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Source {
    /// The path given on the command line (`-` for standard input).
    pub path: Option<String>,
    /// The encoding the bytes were decoded from (`UTF-8`, `GB18030`, `Big5`, …).
    pub encoding: String,
    pub format: Format,
    /// Warnings from decoding (possible mojibake, replaced bytes, …).
    pub warnings: Vec<String>,
    /// Where the document text came from in the decoded source text, for
    /// formats whose source is text but not the document text (Markdown):
    /// see [`SourceMap`]. Empty when the text is the source itself.
    #[serde(default)]
    pub map: SourceMap,
}

/// Runs of document text copied from the source: `(doc, src, len)` byte
/// offsets, in document order. A document position inside a run maps to the
/// same offset in the source; one between runs (rendered markers, joined
/// lines) maps to the end of the run before it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SourceMap {
    pub runs: Vec<(usize, usize, usize)>,
}

impl SourceMap {
    pub fn is_empty(&self) -> bool {
        self.runs.is_empty()
    }
    /// The source offset for document byte offset `pos` (`None` when the
    /// map is empty).
    pub fn to_source(&self, pos: usize) -> Option<usize> {
        let i = self.runs.partition_point(|r| r.0 <= pos);
        let &(doc, src, len) = self.runs.get(i.checked_sub(1)?)?;
        Some(src + (pos - doc).min(len))
    }
}

/// Metadata a format carries beside its text (front matter, HTML `<meta>`,
/// the EPUB package, DOCX core properties). The title itself is the
/// document's title span.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Meta {
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub author: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub url: Option<String>,
}

impl Meta {
    pub fn is_empty(&self) -> bool {
        *self == Meta::default()
    }
}

/// What kind of block a paragraph is (all text unless the format says more).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BlockKind {
    #[default]
    Text,
    /// A list item; its marker (`•`, `1.`) opens the span.
    Item,
    /// Inside a block quote.
    Quote,
    /// Verbatim code: kept line by line (`\n` inside the span is a line
    /// break), never annotated.
    Code,
    /// A table laid out as aligned text, one row per line.
    Table,
}

/// An inline style the source gave a stretch of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StyleKind {
    Emphasis,
    Strong,
    Strike,
    /// Inline code: shown as it is, never annotated.
    Code,
    /// A link's text; the style's `target` is the URL.
    Link,
    /// `[image: alt]`; the style's `target` is the image's address.
    Image,
}

/// An inline style over a span of the document text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Style {
    pub span: Span,
    pub kind: StyleKind,
    #[serde(default)]
    pub target: Option<String>,
}

/// How a section's heading was recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HeadingKind {
    /// The lead section: text before the first heading; it has no heading.
    #[default]
    Lead,
    /// An in-text subheading (小标题): a short line without sentence-final
    /// punctuation between body paragraphs.
    Subheading,
    /// 一、 （一） 1. 1.1 …
    Numbered,
    /// 第X章 第X节 第X部分 …
    Chapter,
    /// 【…】
    Bracket,
    /// Markdown `#` headings.
    Markdown,
}

impl HeadingKind {
    /// The kind's name in the exports and the outline (its serde name).
    pub fn name(self) -> &'static str {
        match self {
            HeadingKind::Lead => "lead",
            HeadingKind::Subheading => "subheading",
            HeadingKind::Numbered => "numbered",
            HeadingKind::Chapter => "chapter",
            HeadingKind::Bracket => "bracket",
            HeadingKind::Markdown => "markdown",
        }
    }
}

/// A section: the lead (no heading) or one per heading.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Section {
    /// The heading line, without markup (`# `) and surrounding space.
    pub heading: Option<Span>,
    /// An explanatory line that directly follows a short heading (heading pairs).
    pub heading_detail: Option<Span>,
    pub kind: HeadingKind,
    /// 0 for the lead, 1 for top-level headings, 2 for (一) under 一、, …
    pub level: u8,
    /// The enclosing section (by index), for nested numbered headings.
    pub parent: Option<usize>,
    /// From the heading's start (or the lead's first paragraph) to the end of
    /// its last paragraph.
    pub span: Span,
    /// Indices into [`Document::paragraphs`].
    pub paragraphs: Range<usize>,
}

/// A body paragraph (headings and the title block are not paragraphs).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Paragraph {
    /// The paragraph's content: leading U+3000 / NBSP indentation and trailing
    /// space excluded.
    pub span: Span,
    /// Index into [`Document::sections`].
    pub section: usize,
    /// Indices into [`Document::sentences`].
    pub sentences: Range<usize>,
    /// Text, list item, quote, code or table.
    #[serde(default)]
    pub kind: BlockKind,
    /// How deeply nested (list items in lists, quotes in quotes); 0 at the top.
    #[serde(default)]
    pub depth: u8,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Sentence {
    pub span: Span,
    /// Index into [`Document::paragraphs`].
    pub paragraph: usize,
}

/// Which kind of unit a duplicate record speaks of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    Paragraph,
    Sentence,
}

impl Unit {
    /// The unit's name, as JSON writes it (serde's lowercase): in the
    /// duplicates layer's attrs and the document's `duplicates`.
    pub fn name(self) -> &'static str {
        match self {
            Unit::Paragraph => "paragraph",
            Unit::Sentence => "sentence",
        }
    }
}

/// "This unit repeats that one": recorded, never dropped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Duplicate {
    pub unit: Unit,
    pub index: usize,
    pub of_unit: Unit,
    pub of_index: usize,
}

/// A parsed document. Built once by `parse`, never mutated afterwards.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Document {
    #[serde(deserialize_with = "text_checked")]
    pub text: String,
    pub source: Source,
    pub title: Option<Span>,
    pub subtitle: Option<Span>,
    /// A kicker (引题) line above the title, when present.
    pub kicker: Option<Span>,
    /// 本报记者 XXX, 记者 XXX 报道, …
    pub byline: Option<Span>,
    /// A dateline of the title block (`时间：2026-02-06`), when present.
    #[serde(default)]
    pub date: Option<Span>,
    pub sections: Vec<Section>,
    pub paragraphs: Vec<Paragraph>,
    pub sentences: Vec<Sentence>,
    pub duplicates: Vec<Duplicate>,
    /// Inline styles (emphasis, code, links, …) in text order.
    #[serde(default)]
    pub styles: Vec<Style>,
    /// Date, author, tags, address from the format's metadata.
    #[serde(default)]
    pub meta: Meta,
}

/// A document's text as a string, checked as UTF-8 by `simdutf8` when
/// the format is binary (a cache entry: the text is most of its bytes,
/// and std's check went a byte at a time through the Chinese text); as
/// any string otherwise. postcard writes a string as its bytes, so the
/// bytes read are the same.
fn text_checked<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    struct Text;
    impl serde::de::Visitor<'_> for Text {
        type Value = String;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a UTF-8 text")
        }
        fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<String, E> {
            Ok(s.to_owned())
        }
        fn visit_string<E: serde::de::Error>(self, s: String) -> Result<String, E> {
            Ok(s)
        }
        fn visit_bytes<E: serde::de::Error>(self, b: &[u8]) -> Result<String, E> {
            simdutf8::basic::from_utf8(b)
                .map(str::to_owned)
                .map_err(|_| E::invalid_value(serde::de::Unexpected::Bytes(b), &self))
        }
    }
    if d.is_human_readable() {
        d.deserialize_string(Text)
    } else {
        d.deserialize_bytes(Text)
    }
}

impl Document {
    /// The spans that are verbatim code (code blocks and inline code), in
    /// text order: the annotators skip them.
    pub fn verbatim(&self) -> Vec<Span> {
        let mut out: Vec<Span> = self
            .paragraphs
            .iter()
            .filter(|p| p.kind == BlockKind::Code)
            .map(|p| p.span)
            .chain(
                self.styles
                    .iter()
                    .filter(|s| s.kind == StyleKind::Code)
                    .map(|s| s.span),
            )
            .collect();
        out.sort();
        out
    }
    pub fn span_text(&self, span: Span) -> &str {
        span.text(&self.text)
    }
    /// The section that contains byte offset `pos` (the last section starting
    /// at or before it).
    pub fn section_at(&self, pos: usize) -> Option<usize> {
        if self.sections.is_empty() {
            return None;
        }
        let i = self.sections.partition_point(|s| s.span.start <= pos);
        Some(i.saturating_sub(1))
    }
    /// The paragraph containing `pos`, if any.
    pub fn paragraph_at(&self, pos: usize) -> Option<usize> {
        let i = self.paragraphs.partition_point(|p| p.span.end <= pos);
        self.paragraphs
            .get(i)
            .filter(|p| p.span.contains_pos(pos))
            .map(|_| i)
    }
    /// The sentence containing `pos`, if any.
    pub fn sentence_at(&self, pos: usize) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.span.end <= pos);
        self.sentences
            .get(i)
            .filter(|s| s.span.contains_pos(pos))
            .map(|_| i)
    }
    /// The duplicate record for a unit, if it repeats another.
    pub fn duplicate_of(&self, unit: Unit, index: usize) -> Option<&Duplicate> {
        self.duplicates
            .iter()
            .find(|d| d.unit == unit && d.index == index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_documents_text_reads_back_from_postcard_and_json_and_bad_utf8_is_refused() {
        let doc = Document {
            text: "新华社北京电 “今天”——a\"b\\c\n😀".to_string(),
            ..Document::default()
        };
        let bytes = postcard::to_allocvec(&doc).expect("postcard");
        let back: Document = postcard::from_bytes(&bytes).expect("read back");
        assert_eq!(back, doc);
        let json = serde_json::to_string(&doc).expect("json");
        let back: Document = serde_json::from_str(&json).expect("json back");
        assert_eq!(back, doc);
        // The text's bytes come first, after their length: a byte that
        // is no UTF-8 is refused (a corrupt entry), not read.
        let mut bad = bytes.clone();
        bad[1] = 0xff;
        assert!(postcard::from_bytes::<Document>(&bad).is_err());
    }
}
