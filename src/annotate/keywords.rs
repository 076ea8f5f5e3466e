//! Keywords per document and per section. STUB: finds nothing yet.

use super::Context;
use crate::model::Keywords;

pub fn extract(ctx: &Context) -> Keywords {
    Keywords {
        document: Vec::new(),
        sections: vec![Vec::new(); ctx.doc.sections.len()],
    }
}
