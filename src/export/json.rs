//! The project's own JSON shape, `"schema": "yuelan/1"` (docs/schema.md).
//! STUB: the annotation work fills this in.

use crate::model::{Annotated, Document};

pub const SCHEMA: &str = "yuelan/1";

/// The parsed document (no annotations) as yuelan/1 JSON, offsets in code points.
pub fn document_to_json(doc: &Document) -> serde_json::Value {
    serde_json::json!({ "schema": SCHEMA, "text": doc.text })
}

/// The annotated document as yuelan/1 JSON, offsets in code points.
pub fn annotated_to_json(ann: &Annotated) -> serde_json::Value {
    document_to_json(&ann.doc)
}
