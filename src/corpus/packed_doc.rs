//! A cache entry's document ([`Document`]) as it is stored: the fields in
//! their order, but the paragraphs, sentences and duplicates each as one
//! byte column of varints ([`super::column`]), offsets as distances from
//! the one before, read back by a plain loop. Through serde's visitors
//! they were ~130,000 structs and ~570,000 numbers a call each on a warm
//! run of 2,000 news articles (see docs/scale.md, "warmdec15").
//!
//! Every number is kept exactly (distances wrap), so any document reads
//! back as it was written; [`super::cache`] checks the spans and indices
//! against the text as before.

use super::column::{self, Reader};
use crate::model::{
    BlockKind, Document, Duplicate, Meta, Paragraph, Section, Sentence, Source, Span, Style, Unit,
};
use serde::{Deserialize, Serialize};

/// The stored form, written from a document.
#[derive(Serialize)]
struct WireRef<'a> {
    text: &'a str,
    source: &'a Source,
    title: &'a Option<Span>,
    subtitle: &'a Option<Span>,
    kicker: &'a Option<Span>,
    byline: &'a Option<Span>,
    date: &'a Option<Span>,
    sections: &'a [Section],
    paragraphs: &'a [u8],
    sentences: &'a [u8],
    duplicates: &'a [u8],
    styles: &'a [Style],
    meta: &'a Meta,
}

/// The stored form, read in place (the same fields in the same order).
#[derive(Deserialize)]
struct Wire<'a> {
    /// UTF-8, checked by `simdutf8` (empty when the text is the file's).
    text: &'a [u8],
    source: Source,
    title: Option<Span>,
    subtitle: Option<Span>,
    kicker: Option<Span>,
    byline: Option<Span>,
    date: Option<Span>,
    sections: Vec<Section>,
    paragraphs: &'a [u8],
    sentences: &'a [u8],
    duplicates: &'a [u8],
    styles: Vec<Style>,
    meta: Meta,
}

/// Writes `doc` in its stored form.
pub fn serialize<S: serde::Serializer>(doc: &Document, s: S) -> Result<S::Ok, S::Error> {
    let (mut paragraphs, mut sentences, mut duplicates) = (Vec::new(), Vec::new(), Vec::new());
    put_paragraphs(&mut paragraphs, &doc.paragraphs);
    put_sentences(&mut sentences, &doc.sentences);
    put_duplicates(&mut duplicates, &doc.duplicates);
    WireRef {
        text: &doc.text,
        source: &doc.source,
        title: &doc.title,
        subtitle: &doc.subtitle,
        kicker: &doc.kicker,
        byline: &doc.byline,
        date: &doc.date,
        sections: &doc.sections,
        paragraphs: &paragraphs,
        sentences: &sentences,
        duplicates: &duplicates,
        styles: &doc.styles,
        meta: &doc.meta,
    }
    .serialize(s)
}

/// [`serialize`] of a borrowed document (for `serialize_with` on a
/// `&Document` field).
pub fn serialize_ref<S: serde::Serializer>(doc: &&Document, s: S) -> Result<S::Ok, S::Error> {
    serialize(doc, s)
}

/// Reads a document in its stored form.
pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Document, D::Error> {
    use serde::de::Error;
    let w = Wire::deserialize(d)?;
    let text = simdutf8::basic::from_utf8(w.text)
        .map_err(|_| D::Error::custom("the document's text is not UTF-8"))?;
    let columns = (
        paragraphs(w.paragraphs),
        sentences(w.sentences),
        duplicates(w.duplicates),
    );
    let (Some(paragraphs), Some(sentences), Some(duplicates)) = columns else {
        return Err(D::Error::custom("the document's columns do not decode"));
    };
    Ok(Document {
        text: text.to_string(),
        source: w.source,
        title: w.title,
        subtitle: w.subtitle,
        kicker: w.kicker,
        byline: w.byline,
        date: w.date,
        sections: w.sections,
        paragraphs,
        sentences,
        duplicates,
        styles: w.styles,
        meta: w.meta,
    })
}

/// `to` as its distance from `from` (wrapping: any pair reads back).
fn put_delta(out: &mut Vec<u8>, from: usize, to: usize) {
    column::put(out, to.wrapping_sub(from) as u64);
}

/// The next distance from `from`, as [`put_delta`] wrote it.
#[inline(always)]
fn delta(r: &mut Reader, from: usize) -> Option<usize> {
    usize::try_from(r.varint()?)
        .ok()
        .map(|d| from.wrapping_add(d))
}

/// A span as its start's distance from `prev_end` and its length.
fn put_span(out: &mut Vec<u8>, prev_end: usize, s: Span) {
    put_delta(out, prev_end, s.start);
    put_delta(out, s.start, s.end);
}

#[inline(always)]
fn span(r: &mut Reader, prev_end: usize) -> Option<Span> {
    let start = delta(r, prev_end)?;
    Some(Span::new(start, delta(r, start)?))
}

const BLOCK_KINDS: [BlockKind; 5] = [
    BlockKind::Text,
    BlockKind::Item,
    BlockKind::Quote,
    BlockKind::Code,
    BlockKind::Table,
];

const UNITS: [Unit; 2] = [Unit::Paragraph, Unit::Sentence];

fn put_paragraphs(out: &mut Vec<u8>, ps: &[Paragraph]) {
    let (mut end, mut section, mut sentence) = (0, 0, 0);
    for p in ps {
        put_span(out, end, p.span);
        put_delta(out, section, p.section);
        put_delta(out, sentence, p.sentences.start);
        put_delta(out, p.sentences.start, p.sentences.end);
        let kind = BLOCK_KINDS.iter().position(|&k| k == p.kind).unwrap_or(0);
        out.push(kind as u8);
        out.push(p.depth);
        (end, section, sentence) = (p.span.end, p.section, p.sentences.end);
    }
}

fn paragraphs(bytes: &[u8]) -> Option<Vec<Paragraph>> {
    let mut r = Reader::new(bytes);
    // At least seven bytes a paragraph.
    let mut out = Vec::with_capacity(bytes.len() / 7);
    let (mut end, mut section, mut sentence) = (0, 0, 0);
    while !r.is_empty() {
        let span = span(&mut r, end)?;
        let section_no = delta(&mut r, section)?;
        let first = delta(&mut r, sentence)?;
        let sentences = first..delta(&mut r, first)?;
        let kind = *BLOCK_KINDS.get(usize::from(r.byte()?))?;
        let depth = r.byte()?;
        (end, section, sentence) = (span.end, section_no, sentences.end);
        out.push(Paragraph {
            span,
            section: section_no,
            sentences,
            kind,
            depth,
        });
    }
    Some(out)
}

fn put_sentences(out: &mut Vec<u8>, ss: &[Sentence]) {
    let (mut end, mut paragraph) = (0, 0);
    for s in ss {
        put_span(out, end, s.span);
        put_delta(out, paragraph, s.paragraph);
        (end, paragraph) = (s.span.end, s.paragraph);
    }
}

fn sentences(bytes: &[u8]) -> Option<Vec<Sentence>> {
    let mut r = Reader::new(bytes);
    let mut out = Vec::with_capacity(bytes.len() / 3);
    let (mut end, mut paragraph) = (0, 0);
    while !r.is_empty() {
        let span = span(&mut r, end)?;
        let p = delta(&mut r, paragraph)?;
        (end, paragraph) = (span.end, p);
        out.push(Sentence { span, paragraph: p });
    }
    Some(out)
}

fn put_duplicates(out: &mut Vec<u8>, ds: &[Duplicate]) {
    let mut index = 0;
    for d in ds {
        let unit = |u: Unit| UNITS.iter().position(|&v| v == u).unwrap_or(0) as u8;
        out.push(unit(d.unit));
        put_delta(out, index, d.index);
        out.push(unit(d.of_unit));
        put_delta(out, d.index, d.of_index);
        index = d.index;
    }
}

fn duplicates(bytes: &[u8]) -> Option<Vec<Duplicate>> {
    let mut r = Reader::new(bytes);
    let mut out = Vec::with_capacity(bytes.len() / 4);
    let mut index = 0;
    while !r.is_empty() {
        let unit = *UNITS.get(usize::from(r.byte()?))?;
        let i = delta(&mut r, index)?;
        let of_unit = *UNITS.get(usize::from(r.byte()?))?;
        let of_index = delta(&mut r, i)?;
        index = i;
        out.push(Duplicate {
            unit,
            index: i,
            of_unit,
            of_index,
        });
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{HeadingKind, StyleKind};

    /// A document with every field set, offsets out of order and past
    /// each other (the columns keep any numbers, not only good ones).
    fn full() -> Document {
        let mut d = Document {
            text: "标题。正文，第一句。第二句！".to_string(),
            ..Document::default()
        };
        d.source.path = Some("a/b.txt".into());
        d.source.encoding = "GB18030".into();
        d.source.warnings = vec!["replaced bytes".into()];
        d.title = Some(Span::new(0, 6));
        d.byline = Some(Span::new(3, 9));
        d.sections = vec![Section {
            heading: Some(Span::new(0, 6)),
            heading_detail: None,
            kind: HeadingKind::Numbered,
            level: 1,
            parent: Some(0),
            span: Span::new(0, 42),
            paragraphs: 0..2,
        }];
        d.paragraphs = vec![
            Paragraph {
                span: Span::new(9, 30),
                section: 0,
                sentences: 0..2,
                kind: BlockKind::Quote,
                depth: 2,
            },
            Paragraph {
                // Before the one above, and ending before it starts.
                span: Span::new(5, 3),
                section: usize::MAX,
                sentences: std::ops::Range { start: 7, end: 1 },
                kind: BlockKind::Table,
                depth: 0,
            },
        ];
        d.sentences = vec![
            Sentence {
                span: Span::new(9, 30),
                paragraph: 0,
            },
            Sentence {
                span: Span::new(30, 42),
                paragraph: 1,
            },
            Sentence {
                span: Span::new(1 << 40, 0),
                paragraph: 0,
            },
        ];
        d.duplicates = vec![
            Duplicate {
                unit: Unit::Sentence,
                index: 2,
                of_unit: Unit::Paragraph,
                of_index: 0,
            },
            Duplicate {
                unit: Unit::Paragraph,
                index: 1,
                of_unit: Unit::Sentence,
                of_index: 5,
            },
        ];
        d.styles = vec![Style {
            span: Span::new(0, 3),
            kind: StyleKind::Link,
            target: Some("https://example.org".into()),
        }];
        d.meta.tags = vec!["新闻".into()];
        d
    }

    #[derive(Serialize, Deserialize)]
    struct Holder {
        #[serde(with = "super")]
        doc: Document,
    }

    #[test]
    fn a_document_reads_back_as_it_was_written() {
        for doc in [full(), Document::default()] {
            let bytes = postcard::to_stdvec(&Holder { doc: doc.clone() }).expect("writes");
            let back: Holder = postcard::from_bytes(&bytes).expect("reads");
            assert_eq!(back.doc, doc);
        }
    }

    #[test]
    fn columns_cut_short_or_with_unknown_kinds_are_refused() {
        let doc = full();
        let mut ps = Vec::new();
        put_paragraphs(&mut ps, &doc.paragraphs);
        assert!(paragraphs(&ps).is_some());
        assert!(paragraphs(&ps[..ps.len() - 1]).is_none());
        // The first paragraph's kind byte (after five one-byte varints).
        let mut bad = ps.clone();
        bad[5] = 9;
        assert!(paragraphs(&bad).is_none());
        let mut ds = Vec::new();
        put_duplicates(&mut ds, &doc.duplicates);
        let mut bad = ds.clone();
        bad[0] = 2;
        assert!(duplicates(&bad).is_none());
        let mut ss = Vec::new();
        put_sentences(&mut ss, &doc.sentences);
        assert!(sentences(&ss[..ss.len() - 1]).is_none());
        // Bad UTF-8 in the text.
        let mut bytes = postcard::to_stdvec(&Holder {
            doc: Document {
                text: "ab".into(),
                ..Document::default()
            },
        })
        .expect("writes");
        bytes[1] = 0xff;
        assert!(postcard::from_bytes::<Holder>(&bytes).is_err());
    }
}
