//! The duplicates layer: the parser's duplicate records as annotations.
//!
//! One `DUP` annotation per repeating unit, on the unit's span. attrs:
//! `unit` (`paragraph` | `sentence`), `index`, `of` ({start, end}: the span of
//! the unit it repeats), `of_unit`, `of_index`, held as the record
//! ([`Attrs::duplicate`]) and made as they are read.

use super::Context;
use crate::model::{Annotation, Attrs, Document, Layer, Span, Unit};

fn unit_span(doc: &Document, unit: Unit, index: usize) -> Option<Span> {
    match unit {
        Unit::Paragraph => doc.paragraphs.get(index).map(|p| p.span),
        Unit::Sentence => doc.sentences.get(index).map(|s| s.span),
    }
}

pub fn annotate(ctx: &Context) -> Vec<Annotation> {
    find(ctx.doc)
}

/// The duplicates of `doc` as annotations (records pointing outside the
/// document are skipped).
pub fn find(doc: &Document) -> Vec<Annotation> {
    doc.duplicates
        .iter()
        .filter_map(|d| {
            let span = unit_span(doc, d.unit, d.index)?;
            let of = unit_span(doc, d.of_unit, d.of_index)?;
            let mut a = Annotation::new(Layer::Duplicates, "DUP", span);
            a.attrs = Attrs::duplicate(d.unit, d.index, of, d.of_unit, d.of_index);
            Some(a)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Duplicate, Format};
    use crate::parse::parse;

    #[test]
    fn records_become_annotations() {
        let mut doc = parse("第一段。\n第二段。\n第一段。\n".to_string(), Format::Plain);
        // Whatever the parser records, a record of ours is turned into an
        // annotation on the repeating paragraph pointing at the first.
        doc.duplicates = vec![Duplicate {
            unit: Unit::Paragraph,
            index: 2,
            of_unit: Unit::Paragraph,
            of_index: 0,
        }];
        let found = find(&doc);
        assert_eq!(found.len(), 1);
        let a = &found[0];
        assert_eq!(a.span, doc.paragraphs[2].span);
        let of = a.attrs.get("of").unwrap_or_default();
        assert_eq!(of["start"], serde_json::json!(doc.paragraphs[0].span.start));
        assert_eq!(a.attr_str("unit"), Some("paragraph"));
        assert_eq!(
            serde_json::to_string(&a.attrs).ok().as_deref(),
            Some(format!(
                r#"{{"index":2,"of":{{"end":{},"start":0}},"of_index":0,"of_unit":"paragraph","unit":"paragraph"}}"#,
                doc.paragraphs[0].span.end
            ).as_str())
        );
    }

    #[test]
    fn out_of_range_records_are_skipped() {
        let mut doc = parse("一段。\n".to_string(), Format::Plain);
        doc.duplicates = vec![Duplicate {
            unit: Unit::Sentence,
            index: 9,
            of_unit: Unit::Sentence,
            of_index: 0,
        }];
        assert!(find(&doc).is_empty());
    }
}
