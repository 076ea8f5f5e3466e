//! The annotation pipeline: independent annotators, each a pure function from
//! the document (plus shared [`Resources`]) to standoff annotations.
//!
//! Order: tokens → entities → quantities → time → quotes (which read the
//! entities) → keywords → glossary → duplicates. Nothing here knows about the
//! terminal.

pub mod duplicates;
pub mod entities;
pub mod glossary;
pub mod keywords;
pub mod quantities;
pub mod quotes;
pub mod time;
pub mod tokens;

use crate::model::{Annotated, Annotation, Document, Keywords, Token};
use jieba_rs::Jieba;
use std::path::PathBuf;

/// Shared, read-only resources: loaded once, shared behind an `Arc`, loadable
/// off the main thread.
pub struct Resources {
    /// jieba with the project's user dictionary loaded.
    pub jieba: Jieba,
    /// Tags that replace jieba's for particular words (`data/pos_overrides.txt`).
    pub pos_overrides: tokens::PosOverrides,
    /// Gazetteers and word lists for the entities layer (`data/entities/`).
    pub entities: entities::Lexicon,
    /// Built-in glossary plus the user's glossary files.
    pub glossary: glossary::Glossary,
    /// Stop words and the TF-IDF table for keywords.
    pub keywords: keywords::KeywordResources,
}

/// What to load besides the built-in resources.
#[derive(Debug, Clone, Default)]
pub struct ResourceOptions {
    /// Extra glossary files (`--glossary FILE`, config), applied in order.
    pub glossaries: Vec<PathBuf>,
}

impl Resources {
    /// Loads jieba's dictionary, the project's user dictionary, gazetteers,
    /// stop words and glossaries. Takes a few hundred milliseconds.
    pub fn load() -> anyhow::Result<Resources> {
        Resources::load_with(&ResourceOptions::default())
    }

    /// [`Resources::load`] with the user's extra files.
    pub fn load_with(options: &ResourceOptions) -> anyhow::Result<Resources> {
        let _timer =
            crate::corpus::timings::Timer::start(crate::corpus::timings::Phase::Dictionaries);
        let jieba = tokens::build_jieba()?;
        let glossary = glossary::Glossary::load(&options.glossaries)?;
        let keywords = keywords::KeywordResources::load(&jieba);
        Ok(Resources {
            jieba,
            pos_overrides: tokens::PosOverrides::load(),
            entities: entities::Lexicon::load(),
            glossary,
            keywords,
        })
    }
}

/// What an annotator sees: the document, the resources, the tokens and the
/// annotations of the layers before it (ids final).
pub struct Context<'a> {
    pub doc: &'a Document,
    pub res: &'a Resources,
    pub tokens: &'a [Token],
    pub annotations: &'a [Annotation],
    /// The document's time expressions, found once for the time and
    /// quantities layers (whichever asks first).
    pub dates: &'a std::sync::OnceLock<Vec<time::TimeExpr>>,
}

impl Context<'_> {
    /// [`time::find_all`] over the document, computed on first use.
    pub fn dates(&self) -> &[time::TimeExpr] {
        self.dates.get_or_init(|| time::find_all(&self.doc.text))
    }
}

/// Runs every annotator over `doc`.
///
/// Keywords need only the tokens, so they are extracted beside the layers;
/// after the entities (which quotes read), the other layers run side by
/// side too. Ids are assigned in the pipeline's order all the same, and
/// long documents are segmented and searched for entities in pieces, so
/// the result does not depend on the number of threads.
pub fn annotate(doc: Document, res: &Resources) -> Annotated {
    use crate::corpus::timings::{Phase, Timer, time};
    use rayon::prelude::*;
    let _timer = Timer::start(Phase::Annotate);
    let tokens = time(Phase::Tokenize, || tokens::tokenize(&doc, res));
    let dates = std::sync::OnceLock::new();
    let ctx = Context {
        doc: &doc,
        res,
        tokens: &tokens,
        annotations: &[],
        dates: &dates,
    };
    let (annotations, keywords): (Vec<Annotation>, Keywords) = rayon::join(
        || {
            let mut annotations = Vec::new();
            push_all(
                &mut annotations,
                time(Phase::Entities, || entities::annotate(&ctx)),
            );
            type Annotator = fn(&Context) -> Vec<Annotation>;
            let annotators: [(Phase, Annotator); 5] = [
                (Phase::Quantities, quantities::annotate),
                (Phase::Time, time::annotate),
                (Phase::Quotes, quotes::annotate),
                (Phase::Glossary, glossary::annotate),
                (Phase::Duplicates, duplicates::annotate),
            ];
            let ctx = Context {
                annotations: &annotations,
                ..ctx
            };
            let found: Vec<Vec<Annotation>> = annotators
                .par_iter()
                .map(|(phase, annotator)| time(*phase, || annotator(&ctx)))
                .collect();
            for f in found {
                push_all(&mut annotations, f);
            }
            annotations
        },
        || time(Phase::Keywords, || keywords::extract(&ctx)),
    );
    Annotated {
        doc,
        tokens,
        annotations,
        keywords,
    }
}

/// Appends annotations, assigning ids (`annotations[i].id == i`).
fn push_all(annotations: &mut Vec<Annotation>, found: Vec<Annotation>) {
    for mut a in found {
        a.id = annotations.len();
        annotations.push(a);
    }
}
