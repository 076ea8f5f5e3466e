//! The annotation pipeline: independent annotators, each a pure function from
//! the document (plus shared [`Resources`]) to standoff annotations.
//!
//! Order: tokens → entities → quantities → time → quotes (which read the
//! entities) → keywords → glossary → duplicates → learner (pinyin, HSK
//! level and gloss per word). Nothing here knows about the
//! terminal.

pub mod charset;
pub mod duplicates;
pub mod entities;
pub mod glossary;
pub mod keywords;
pub mod layers;
pub mod learner;
pub mod quantities;
pub mod quotes;
pub mod time;
pub mod tokens;

use crate::model::{Annotated, Annotation, Document, Keywords, Span, Token};
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
        Resources::load_for(options, layers::LayerSet::ALL)
    }

    /// [`Resources::load_with`] for a run that computes only `layers`:
    /// what only other layers read is not loaded ahead (CC-CEDICT and the
    /// HSK table without the learner layer, the entity model without
    /// entities and quotes).
    pub fn load_for(
        options: &ResourceOptions,
        layers: layers::LayerSet,
    ) -> anyhow::Result<Resources> {
        let _timer = crate::timings::Timer::start(crate::timings::Phase::Dictionaries);
        // The entity model decompresses on its own thread meanwhile, and so
        // does the learner layer's dictionary (CC-CEDICT), which its first
        // document would otherwise wait for.
        if layers.needs_entities() {
            entities::model::preload();
        }
        if layers.learner() {
            crate::dict::preload();
        }
        // The independent tables load side by side: jieba's dictionary (the
        // largest) beside the keywords' IDF table and the rest.
        let ((jieba, glossary), (keywords, (pos_overrides, entities))) = rayon::join(
            || {
                (
                    tokens::build_jieba(),
                    glossary::Glossary::load(&options.glossaries),
                )
            },
            || {
                rayon::join(keywords::KeywordResources::new, || {
                    (tokens::PosOverrides::load(), entities::Lexicon::load())
                })
            },
        );
        Ok(Resources {
            jieba: jieba?,
            pos_overrides,
            entities,
            glossary: glossary?,
            keywords,
        })
    }
}

impl Resources {
    /// What the browser's first annotations need, loaded side by side:
    /// jieba's dictionary (the largest; on this thread) beside the
    /// gazetteers, the glossary and the tag overrides, the entity model on
    /// a thread of its own. The keywords' IDF table and CC-CEDICT (for the
    /// learner layer) are not loaded: call [`Resources::load_rest`] once
    /// the first annotations are out; until then a keyword extraction or
    /// the learner layer would load them on first use.
    pub fn load_for_view(options: &ResourceOptions) -> anyhow::Result<Resources> {
        let _timer = crate::timings::Timer::start(crate::timings::Phase::Dictionaries);
        entities::model::preload();
        let (jieba, (glossary, (pos_overrides, entities))) =
            rayon::join(tokens::build_jieba, || {
                (
                    glossary::Glossary::load(&options.glossaries),
                    (tokens::PosOverrides::load(), entities::Lexicon::load()),
                )
            });
        Ok(Resources {
            jieba: jieba?,
            pos_overrides,
            entities,
            glossary: glossary?,
            keywords: keywords::KeywordResources::without_idf(),
        })
    }

    /// Starts loading, each on a thread of its own, what
    /// [`Resources::load_for_view`] left out: the IDF table and CC-CEDICT
    /// (with its reading prior).
    pub fn load_rest() {
        keywords::preload();
        crate::dict::preload();
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
/// Layers run side by side on rayon's pool as soon as what they read is
/// ready: quotes after the entities (they name speakers by entity id), the
/// other layers and the keywords right after segmentation. Ids are assigned
/// in the pipeline's order all the same, and long documents are segmented
/// and searched for entities in pieces, so the result does not depend on
/// the number of threads.
pub fn annotate(doc: Document, res: &Resources) -> Annotated {
    annotate_layers(doc, res, layers::LayerSet::ALL)
}

/// [`annotate`] computing only `layers` (the entities also when quotes
/// are asked for, which name speakers by them); the model holds exactly
/// those layers' annotations, numbered from 0 ([`layers::LayerSet::restrict`]).
pub fn annotate_layers(doc: Document, res: &Resources, layers: layers::LayerSet) -> Annotated {
    let _timer = crate::timings::Timer::start(crate::timings::Phase::Annotate);
    let tokens = tokenize(&doc.text, res);
    annotate_tokens(doc, tokens, std::sync::OnceLock::new(), res, layers)
}

/// Parses `text` and annotates it: [`crate::parse::parse`] then
/// [`annotate`], with the segmentation and the search for dates (which need
/// only the text) running beside the parser.
pub fn parse_and_annotate(
    text: String,
    format: crate::model::Format,
    res: &Resources,
) -> Annotated {
    parse_and_annotate_with(text, format, res, true)
}

/// [`parse_and_annotate`], leaving the learner layer out when `learner` is
/// false (the browser's first part of a big document when the view shows
/// no pinyin: the layer waits for CC-CEDICT, and the details panel looks
/// words up itself).
pub fn parse_and_annotate_with(
    text: String,
    format: crate::model::Format,
    res: &Resources,
    learner: bool,
) -> Annotated {
    let all = layers::LayerSet::ALL;
    let layers = if learner {
        all
    } else {
        all.without(crate::model::Layer::Learner)
    };
    parse_and_annotate_layers(text, format, res, layers)
}

/// [`parse_and_annotate`] computing only `layers` ([`annotate_layers`]).
pub fn parse_and_annotate_layers(
    text: String,
    format: crate::model::Format,
    res: &Resources,
    layers: layers::LayerSet,
) -> Annotated {
    if !matches!(format, crate::model::Format::Plain) {
        // Rendered formats: the document text is not the source text.
        return annotate_layers(crate::read::from_text(&text, format), res, layers);
    }
    let _timer = crate::timings::Timer::start(crate::timings::Phase::Annotate);
    let (tokens, (doc, dates)) = rayon::join(
        || tokenize(&text, res),
        || {
            rayon::join(
                || crate::parse::parse_str(&text, format),
                || std::sync::OnceLock::from(time::find_all(&text)),
            )
        },
    );
    let doc = Document { text, ..doc };
    annotate_tokens(doc, tokens, dates, res, layers)
}

fn tokenize(text: &str, res: &Resources) -> Vec<Token> {
    use crate::timings::{Phase, time};
    time(Phase::Tokenize, || tokens::tokenize(text, res))
}

/// The layers after segmentation; `dates` holds the document's time
/// expressions if they are already known.
fn annotate_tokens(
    doc: Document,
    tokens: Vec<Token>,
    dates: std::sync::OnceLock<Vec<time::TimeExpr>>,
    res: &Resources,
    layers: layers::LayerSet,
) -> Annotated {
    use crate::model::Layer;
    use crate::timings::{Phase, time};
    use rayon::prelude::*;
    // Verbatim code is never annotated: no tokens (so no glosses, pinyin or
    // keywords) and no annotations inside it.
    let verbatim = doc.verbatim();
    let outside = |s: &Span| !overlaps_any(&verbatim, *s);
    let tokens = if verbatim.is_empty() {
        tokens
    } else {
        tokens.into_iter().filter(|t| outside(&t.span())).collect()
    };
    let ctx = Context {
        doc: &doc,
        res,
        tokens: &tokens,
        annotations: &[],
        dates: &dates,
    };
    type Annotator = fn(&Context) -> Vec<Annotation>;
    let run = |layers: &[(Phase, Annotator)], ctx: &Context| -> Vec<Vec<Annotation>> {
        layers
            .par_iter()
            .map(|(phase, annotator)| time(*phase, || annotator(ctx)))
            .collect()
    };
    // The layers that read only the text and the tokens: quantities (the
    // largest) start at once, the small ones wait to run beside the quotes
    // (which must wait for the entities), so that no thread idles at the
    // end. In id order.
    // A layer not asked for is not computed.
    let none: Annotator = |_| Vec::new();
    let only = |layer: Layer, annotator: Annotator| {
        if layers.contains(layer) {
            annotator
        } else {
            none
        }
    };
    let late: [(Phase, Annotator); 4] = [
        (Phase::Time, only(Layer::Time, time::annotate)),
        (Phase::Glossary, only(Layer::Glossary, glossary::annotate)),
        (
            Phase::Duplicates,
            only(Layer::Duplicates, duplicates::annotate),
        ),
        (Phase::Learner, only(Layer::Learner, learner::annotate)),
    ];
    let ((entities, (quotes, late)), (quantities, keywords)) = rayon::join(
        || {
            let mut entities = if layers.needs_entities() {
                time(Phase::Entities, || entities::annotate(&ctx))
            } else {
                Vec::new()
            };
            entities.retain(|a| outside(&a.span));
            // Entities come first: their ids are their indices.
            for (i, e) in entities.iter_mut().enumerate() {
                e.id = i;
            }
            let with_entities = Context {
                annotations: &entities,
                ..ctx
            };
            let rest = rayon::join(
                || {
                    if layers.contains(Layer::Quotes) {
                        time(Phase::Quotes, || quotes::annotate(&with_entities))
                    } else {
                        Vec::new()
                    }
                },
                || run(&late, &ctx),
            );
            (entities, rest)
        },
        || {
            rayon::join(
                || {
                    if layers.contains(Layer::Quantities) {
                        time(Phase::Quantities, || quantities::annotate(&ctx))
                    } else {
                        Vec::new()
                    }
                },
                || {
                    if layers.keywords() {
                        time(Phase::Keywords, || keywords::extract(&ctx))
                    } else {
                        Keywords {
                            document: Vec::new(),
                            sections: vec![Vec::new(); ctx.doc.sections.len()],
                        }
                    }
                },
            )
        },
    );
    // Ids in pipeline order: entities (which quotes refer to by id, counted
    // from 0), quantities, time, quotes, glossary, duplicates, learner.
    let mut late = late.into_iter();
    let mut next = || late.next().unwrap_or_default();
    let (times, glossary, duplicates, learner) = (next(), next(), next(), next());
    let mut found = [
        entities, quantities, times, quotes, glossary, duplicates, learner,
    ];
    if !verbatim.is_empty() {
        for layer in &mut found {
            layer.retain(|a| outside(&a.span));
        }
    }
    // The learner layer (one annotation per word, most of them) is grown
    // in place to hold the others in front of it, rather than copied into
    // a new vector beside itself: the peak memory of a big document is
    // then the annotations once, not twice.
    let [
        entities,
        quantities,
        times,
        quotes,
        glossary,
        duplicates,
        mut annotations,
    ] = found;
    let front = [entities, quantities, times, quotes, glossary, duplicates];
    // Room for exactly the others first (a flattened iterator gives no
    // length, and the vector would double as it grew).
    annotations.reserve_exact(front.iter().map(Vec::len).sum());
    annotations.splice(0..0, front.into_iter().flatten());
    for (i, a) in annotations.iter_mut().enumerate() {
        a.id = i;
    }
    let mut annotated = Annotated {
        doc,
        tokens,
        annotations,
        keywords,
    };
    // Entities found only for the quotes are not the model's.
    layers.restrict(&mut annotated);
    annotated
}

/// Whether `span` overlaps one of `spans` (sorted, not overlapping).
fn overlaps_any(spans: &[Span], span: Span) -> bool {
    let i = spans.partition_point(|s| s.end <= span.start);
    spans
        .get(i)
        .is_some_and(|s| s.start < span.end.max(span.start + 1))
}
