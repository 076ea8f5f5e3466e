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
    pub jieba: tokens::HeldJieba,
    /// Tags that replace jieba's for particular words (`data/pos_overrides.txt`).
    pub pos_overrides: tokens::PosOverrides,
    /// Gazetteers and word lists for the entities layer (`data/entities/`).
    pub entities: entities::Lexicon,
    /// Built-in glossary plus the user's glossary files.
    pub glossary: glossary::Glossary,
    /// Stop words and the TF-IDF table for keywords.
    pub keywords: keywords::KeywordResources,
    /// jieba's words alone, when a run lets jieba go before the entity
    /// units are found (`annotate` with one document): they ask the
    /// dictionary through [`Resources::dictionary`].
    pub words: Option<tokens::AskedWords>,
}

impl Resources {
    /// jieba's dictionary as the entity units ask it: jieba's words
    /// alone when they are held (jieba may be gone then), else jieba.
    pub fn dictionary(&self) -> tokens::Dictionary<'_> {
        match &self.words {
            Some(w) => tokens::Dictionary::Words(w),
            None => tokens::Dictionary::Jieba(&self.jieba),
        }
    }
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
        start_models(layers, true);
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
            jieba: jieba?.into(),
            pos_overrides,
            entities,
            glossary: glossary?,
            keywords,
            words: None,
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
            rayon::join(tokens::build_jieba_freeable, || {
                (
                    glossary::Glossary::load(&options.glossaries),
                    (tokens::PosOverrides::load(), entities::Lexicon::load()),
                )
            });
        Ok(Resources {
            jieba: jieba?.into(),
            pos_overrides,
            entities,
            glossary: glossary?,
            keywords: keywords::KeywordResources::without_idf(),
            words: None,
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

/// The resources of one `annotate` run, loaded in the order its documents
/// need them ([`Loading::start`]): jieba's dictionary at once, on a
/// thread of its own, for segmentation waits for it and it is the longest
/// load; the entity model (and CC-CEDICT for the learner layer) and the
/// small tables once the first document is parsed, while it is segmented
/// ([`Loading::annotate`]). Started any earlier they would only take a
/// core from jieba's load and the parse, which the segmentation waits for.
pub struct Loading {
    jieba: PendingJieba,
    options: ResourceOptions,
    layers: layers::LayerSet,
    /// Whether jieba's words are read once it goes, for the entity units
    /// ([`Loading::start_alone`]).
    words: bool,
}

/// jieba loading on its thread: jieba and the time from the start to its
/// being ready.
type PendingJieba = std::thread::JoinHandle<anyhow::Result<(Jieba, std::time::Duration)>>;

/// A document of a [`Loading`] run: read and decoded, parsed or not yet
/// ([`crate::read::load_unparsed`]), with the path to record in it.
pub struct Unparsed {
    pub read: crate::read::Read,
    pub path: Option<String>,
}

impl Unparsed {
    /// The decoder's warnings (replaced bytes, mojibake).
    pub fn warnings(&self) -> &[String] {
        match &self.read {
            crate::read::Read::Document(doc) => &doc.source.warnings,
            crate::read::Read::Plain(decoded) => &decoded.warnings,
        }
    }

    /// The parsed document.
    pub fn parse(self) -> Document {
        let mut doc = match self.read {
            crate::read::Read::Document(doc) => *doc,
            crate::read::Read::Plain(decoded) => crate::read::parse_plain(decoded),
        };
        if self.path.is_some() {
            doc.source.path = self.path;
        }
        doc
    }
}

impl Loading {
    /// Starts building jieba with the project's user dictionary on a
    /// thread of its own; nothing else loads until [`Loading::annotate`].
    pub fn start(options: ResourceOptions, layers: layers::LayerSet) -> std::io::Result<Loading> {
        Loading::start_with(options, layers, false)
    }

    /// [`Loading::start`] for a run of one document: when it will let
    /// jieba go (no learner layer), jieba goes right after the
    /// segmentation and its words are read then ([`tokens::DictWords`]),
    /// for the entity units (they read the words alone); the entity model
    /// loads only then, not beside jieba.
    pub fn start_alone(
        options: ResourceOptions,
        layers: layers::LayerSet,
    ) -> std::io::Result<Loading> {
        let words = !layers.learner() && layers.needs_entities();
        Loading::start_with(options, layers, words)
    }

    fn start_with(
        options: ResourceOptions,
        layers: layers::LayerSet,
        words: bool,
    ) -> std::io::Result<Loading> {
        let start = std::time::Instant::now();
        let jieba = std::thread::Builder::new()
            .name("yuelan-jieba".into())
            .spawn(move || {
                let _timer = crate::timings::Timer::start(crate::timings::Phase::Dictionaries);
                // From our copy: jieba-rs's own would stay, decompressed
                // (8.4 MB), after jieba is let go.
                Ok((tokens::build_jieba_freeable()?, start.elapsed()))
            })?;
        Ok(Loading {
            jieba,
            options,
            layers,
            words,
        })
    }

    /// Annotates `docs` (the first segmented while it is parsed and the
    /// rest of the resources load, the others after it, side by side) and
    /// gives the resources back, with the time from [`Loading::start`] to
    /// jieba's being ready. A run of one document without the learner
    /// layer lets jieba's dictionary go once the passes that read it are
    /// done (the resources given back then hold an empty one).
    pub fn annotate(
        self,
        mut docs: Vec<Unparsed>,
    ) -> anyhow::Result<(Vec<Annotated>, Resources, std::time::Duration)> {
        use rayon::prelude::*;
        let layers = self.layers;
        if docs.is_empty() {
            start_models(layers, true);
            let tables = load_tables(&self.options)?;
            let (jieba, ready) = join_jieba(self.jieba)?;
            let res = tables.with(jieba.into(), tokens::PosOverrides::load());
            return Ok((Vec::new(), res, ready));
        }
        let others = docs.split_off(1);
        let first = docs.remove(0);
        let (first, res, ready) = self.annotate_first(first, others.is_empty())?;
        let mut out = vec![first];
        out.par_extend(
            others
                .into_par_iter()
                .map(|d| annotate_layers(d.parse(), &res, layers)),
        );
        Ok((out, res, ready))
    }

    /// The first document: a plain text is segmented as soon as jieba is
    /// ready while it is parsed, its dates found and the rest loaded;
    /// another format's text (already rendered) while the rest loads.
    fn annotate_first(
        self,
        doc: Unparsed,
        alone: bool,
    ) -> anyhow::Result<(Annotated, Resources, std::time::Duration)> {
        use crate::read::Read;
        use crate::timings::{Phase, time};
        let Loading {
            jieba: pending,
            options,
            layers,
            words,
        } = self;
        // jieba goes before the entity units (which read its words
        // alone), and the entity model loads after it goes.
        let early = words && alone && !layers.learner();
        let overrides = tokens::PosOverrides::load();
        let Unparsed { read, path } = doc;
        let (text, plain) = match &read {
            Read::Plain(decoded) => (decoded.text.as_str(), true),
            Read::Document(doc) => (doc.text.as_str(), false),
        };
        let _timer = crate::timings::Timer::start(Phase::Annotate);
        let ((parsed, dates, rest), segmented) = rayon::join(
            || {
                let parsed = plain.then(|| {
                    time(Phase::Parse, || {
                        let plain = crate::model::Format::Plain;
                        // A run that lets jieba go first finds the
                        // duplicates once it is gone (below): their working
                        // memory (~2 bytes a byte of text) is not held
                        // beside jieba's load.
                        if early {
                            crate::parse::parse_str_deferring_duplicates(text, plain)
                        } else {
                            crate::parse::parse_str(text, plain)
                        }
                    })
                });
                start_models(layers, !early);
                // The dates are found when the time or quantities layer
                // first asks (after the entity units: 0.4 bytes per byte
                // of text not held beside the entity model and jieba).
                let dates = std::sync::OnceLock::new();
                // And loads the tables once it is gone: ~2 MB not held
                // beside jieba at the end of the segmentation, that run's
                // top.
                let rest = (!early).then(|| load_tables(&options));
                (parsed, dates, rest)
            },
            || {
                // While jieba loads: the script maps, if the text may be
                // Traditional (its segmentation's first step).
                crate::dict::prepare_segmentation(text);
                let (jieba, ready) = join_jieba(pending)?;
                let tokens = time(Phase::Tokenize, || {
                    tokens::tokenize_with(text, &jieba, &overrides)
                });
                anyhow::Ok((jieba, ready, tokens))
            },
        );
        let (jieba, ready, tokens) = segmented?;
        crate::timings::memory_at("segmented and parsed");
        let mut doc = match (read, parsed) {
            (Read::Plain(decoded), Some(parsed)) => crate::read::plain_document(parsed, decoded),
            (read, _) => Unparsed { read, path: None }.parse(),
        };
        if path.is_some() {
            doc.source.path = path;
        }
        let tokens = outside_verbatim(&doc, tokens);
        let (mut res, after_jieba) = match rest {
            Some(rest) => (rest?.with(jieba.into(), overrides), None),
            None => {
                // A run that reads nothing of jieba after the segmentation
                // ([`layers_after_jieba`]): jieba goes now, then a plain
                // text's duplicates are found while the tables load, then
                // the words the entity units ask about are read (not
                // beside the duplicates' working memory: on 7.7 MB of real
                // text that step's peak was 78.6 MB beside them, 71.1
                // after them, for the same wall).
                drop(jieba);
                crate::timings::memory_at("jieba let go");
                let (duplicates, rest) = rayon::join(
                    || {
                        plain.then(|| {
                            time(Phase::Parse, || {
                                crate::parse::duplicates_of(&doc.text, &doc)
                            })
                        })
                    },
                    || load_tables(&options),
                );
                if let Some(duplicates) = duplicates {
                    doc.duplicates = duplicates;
                }
                let units_words = units_words(&doc, &tokens, layers);
                (
                    rest?.with(tokens::HeldJieba::gone(), overrides),
                    Some(units_words.transpose()?),
                )
            }
        };
        let doc: std::sync::Arc<Document> = doc.into();
        // No document reads jieba's dictionary after this one's entity
        // units and keywords (the learner layer would, to split the words
        // its dictionaries lack): let go, it is a fifth of the peak of a
        // big document.
        let let_go = alone && !layers.learner();
        if alone {
            // Nor the entity model (34 MB) after its recognition of this
            // document's units: it goes as the entity layer takes it.
            entities::model::release_when_taken();
        }
        let (found, keywords) = if let Some(words) = after_jieba {
            layers_after_jieba(&doc, &tokens, &dates, &mut res, layers, alone, words)
        } else {
            let (found, keywords, ()) = layers_letting_jieba_go(
                &doc,
                &tokens,
                &dates,
                &mut res,
                layers,
                (let_go, alone),
                |_, _, _| {},
            );
            (found, keywords)
        };
        // The dates are read by the time and quantities layers only: gone
        // before the layers are joined, which is the peak.
        drop(dates);
        let annotated = assemble(doc, tokens, found, keywords, layers);
        crate::timings::memory_at("layers done and joined");
        Ok((annotated, res, ready))
    }
}

/// Starts the big models `layers` read, each on a thread of its own: the
/// entity model (entities, quotes; unless not `entities`, when it is to
/// load once jieba is let go), CC-CEDICT and its reading prior (learner).
fn start_models(layers: layers::LayerSet, entities: bool) {
    if entities && layers.needs_entities() {
        entities::model::preload();
    }
    if layers.learner() {
        crate::dict::preload();
    }
}

/// The resources but jieba, its tag overrides and the big models, loaded
/// on the calling thread.
fn load_tables(options: &ResourceOptions) -> anyhow::Result<Rest> {
    let _timer = crate::timings::Timer::start(crate::timings::Phase::Dictionaries);
    Ok(Rest {
        entities: entities::Lexicon::load(),
        glossary: glossary::Glossary::load(&options.glossaries)?,
        // The IDF table (4 MB) loads when the keywords first ask, after
        // the entity units: not held beside the entity model and jieba.
        keywords: keywords::KeywordResources::without_idf(),
    })
}

fn join_jieba(pending: PendingJieba) -> anyhow::Result<(Jieba, std::time::Duration)> {
    pending
        .join()
        .map_err(|_| anyhow::anyhow!("loading jieba's dictionary failed"))?
}

/// [`Resources`] but jieba and its tag overrides.
struct Rest {
    entities: entities::Lexicon,
    glossary: glossary::Glossary,
    keywords: keywords::KeywordResources,
}

impl Rest {
    fn with(self, jieba: tokens::HeldJieba, pos_overrides: tokens::PosOverrides) -> Resources {
        Resources {
            jieba,
            pos_overrides,
            entities: self.entities,
            glossary: self.glossary,
            keywords: self.keywords,
            words: None,
        }
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

impl<'a> Context<'a> {
    /// A document's context with no annotations yet.
    pub fn new(
        doc: &'a Document,
        res: &'a Resources,
        tokens: &'a [Token],
        dates: &'a std::sync::OnceLock<Vec<time::TimeExpr>>,
    ) -> Context<'a> {
        Context {
            doc,
            res,
            tokens,
            annotations: &[],
            dates,
        }
    }

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
pub fn annotate(doc: impl Into<std::sync::Arc<Document>>, res: &Resources) -> Annotated {
    annotate_layers(doc, res, layers::LayerSet::ALL)
}

/// [`annotate`] computing only `layers` (the entities also when quotes
/// are asked for, which name speakers by them); the model holds exactly
/// those layers' annotations, numbered from 0 ([`layers::LayerSet::restrict`]).
pub fn annotate_layers(
    doc: impl Into<std::sync::Arc<Document>>,
    res: &Resources,
    layers: layers::LayerSet,
) -> Annotated {
    let _timer = crate::timings::Timer::start(crate::timings::Phase::Annotate);
    let doc = doc.into();
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
    annotate_tokens(doc.into(), tokens, dates, res, layers)
}

/// `text` parsed as `format` into a document ([`parse_and_annotate_layers`]'
/// document, without the annotation).
pub fn parse_text(text: String, format: crate::model::Format) -> Document {
    if !matches!(format, crate::model::Format::Plain) {
        // Rendered formats: the document text is not the source text.
        return crate::read::from_text(&text, format);
    }
    let doc = crate::parse::parse_str(&text, format);
    Document { text, ..doc }
}

fn tokenize(text: &str, res: &Resources) -> Vec<Token> {
    use crate::timings::{Phase, time};
    time(Phase::Tokenize, || tokens::tokenize(text, res))
}

/// The layers after segmentation; `dates` holds the document's time
/// expressions if they are already known.
fn annotate_tokens(
    doc: std::sync::Arc<Document>,
    tokens: Vec<Token>,
    dates: std::sync::OnceLock<Vec<time::TimeExpr>>,
    res: &Resources,
    layers: layers::LayerSet,
) -> Annotated {
    let tokens = outside_verbatim(&doc, tokens);
    let ctx = Context {
        doc: &doc,
        res,
        tokens: &tokens,
        annotations: &[],
        dates: &dates,
    };
    let (units, keywords) = read_with_jieba(&ctx, layers);
    let found = annotate_rest(&ctx, units, layers);
    assemble(doc, tokens, found, keywords, layers)
}

/// [`annotate_layers`] for a caller that is done with jieba after this
/// document (the browser): jieba goes as soon as the steps that read it
/// (the segmentation, the entities' units, the keywords) are done, before
/// the passes over the whole document, the quotes and the join, so that
/// its memory and theirs never add up. `keep` reads what the caller needs
/// of jieba later, from the document and its tokens, just before it goes.
/// The annotations are [`annotate_layers`]'.
pub fn annotate_layers_then_drop_jieba<T>(
    doc: std::sync::Arc<Document>,
    mut res: Resources,
    layers: layers::LayerSet,
    keep: impl FnOnce(&Document, &[Token], &Resources) -> T,
) -> (Annotated, T) {
    let _timer = crate::timings::Timer::start(crate::timings::Phase::Annotate);
    let tokens = outside_verbatim(&doc, tokenize(&doc.text, &res));
    let dates = std::sync::OnceLock::new();
    let (found, keywords, kept) =
        layers_letting_jieba_go(&doc, &tokens, &dates, &mut res, layers, (true, false), keep);
    drop(res);
    (assemble(doc, tokens, found, keywords, layers), kept)
}

/// The layers after segmentation in two steps: those that read jieba (the
/// entities' units, the keywords), then `keep` (what the caller needs of
/// jieba later) and jieba let go when `let_go`, then the rest, so that
/// jieba's memory and the rest's never add up. With `last_keywords` (no
/// keywords are extracted after these: `annotate` with one document),
/// the IDF table and the IDFs found go too. A run that can let jieba go
/// sooner: [`layers_after_jieba`].
fn layers_letting_jieba_go<T>(
    doc: &Document,
    tokens: &[Token],
    dates: &std::sync::OnceLock<Vec<time::TimeExpr>>,
    res: &mut Resources,
    layers: layers::LayerSet,
    (let_go, last_keywords): (bool, bool),
    keep: impl FnOnce(&Document, &[Token], &Resources) -> T,
) -> ([Vec<Annotation>; 7], Keywords, T) {
    let (units, keywords) = read_with_jieba(&Context::new(doc, res, tokens, dates), layers);
    crate::timings::memory_at("entity units and keywords found");
    let kept = keep(doc, tokens, res);
    if last_keywords {
        keywords::release(&res.keywords);
    }
    if let_go {
        res.jieba.let_go();
        crate::timings::memory_at("jieba let go");
    }
    let found = annotate_rest(&Context::new(doc, res, tokens, dates), units, layers);
    (found, keywords, kept)
}

/// [`layers_letting_jieba_go`] for a run that reads nothing of jieba
/// after the segmentation (`annotate` with one document, no learner
/// layer; jieba's words are then read on their own, see
/// [`Loading::start_alone`]), given resources whose jieba is gone
/// already: the words the entity units ask about, read from jieba's
/// dictionary ([`tokens::AskedWords`]) once jieba went ([`units_words`]:
/// `None` when `layers` needs no entities), the entity units are found
/// through them (the entity model loads then, not beside jieba), the
/// words go, and the keywords are weighed (their IDFs need not jieba:
/// [`keywords::weigh`]; the IDF table is let go after, when
/// `last_keywords`) and listed. jieba, its words, the model and the
/// keywords' working memory are so never held together (on 7.8 MB the
/// end of the segmentation, with jieba, is the top of these steps).
fn layers_after_jieba(
    doc: &Document,
    tokens: &[Token],
    dates: &std::sync::OnceLock<Vec<time::TimeExpr>>,
    res: &mut Resources,
    layers: layers::LayerSet,
    last_keywords: bool,
    units_words: Option<UnitsWords>,
) -> ([Vec<Annotation>; 7], Keywords) {
    use crate::timings::{Phase, time};
    let units = units_words.map(|(converted, words)| {
        res.words = Some(words);
        let ctx = Context::new(doc, res, tokens, dates);
        time(Phase::Entities, || {
            entities::recognize_units_in(&ctx, converted)
        })
    });
    res.words = None;
    crate::timings::memory_at("entity units found");
    let keywords = if layers.keywords() {
        time(Phase::Keywords, || {
            let weighed = keywords::weigh(doc, tokens, res, last_keywords);
            crate::timings::memory_at("keywords' words weighed");
            if last_keywords {
                keywords::release(&res.keywords);
            }
            weighed.lists(doc, tokens)
        })
    } else {
        no_keywords(doc)
    };
    crate::timings::memory_at("entity units and keywords found");
    let found = annotate_rest(&Context::new(doc, res, tokens, dates), units, layers);
    (found, keywords)
}

/// What [`layers_after_jieba`]'s entity units read in place of jieba: the
/// text they are read in ([`entities::units_text`]) and the words of
/// jieba's dictionary they ask about.
type UnitsWords = (Option<String>, tokens::AskedWords);

/// [`UnitsWords`] of `doc`, when `layers` needs the entities.
fn units_words(
    doc: &Document,
    tokens: &[Token],
    layers: layers::LayerSet,
) -> Option<anyhow::Result<UnitsWords>> {
    use crate::timings::{Phase, time};
    layers.needs_entities().then(|| {
        let converted = entities::units_text(doc);
        let text = converted.as_deref().unwrap_or(&doc.text);
        let words = time(Phase::Dictionaries, || {
            tokens::AskedWords::of_document(text, tokens)
        })?;
        crate::timings::memory_at("jieba's words read");
        Ok((converted, words))
    })
}

/// A document's keywords when the layer is not computed: empty lists.
fn no_keywords(doc: &Document) -> Keywords {
    Keywords::empty(doc.sections.len())
}

/// Verbatim code is never annotated: no tokens (so no glosses, pinyin or
/// keywords) and no annotations inside it.
fn outside_verbatim(doc: &Document, tokens: Vec<Token>) -> Vec<Token> {
    let verbatim = doc.verbatim();
    if verbatim.is_empty() {
        tokens
    } else {
        tokens
            .into_iter()
            .filter(|t| !overlaps_any(&verbatim, t.span()))
            .collect()
    }
}

/// The steps after segmentation that read jieba: the entities' units first,
/// on every thread (the largest step by far), then the keywords, also on
/// every thread (a whole-document step whose working memory is better not
/// held while the entities' passes run). One after the other, so that
/// the keywords, their working memory included, are not held beside the
/// entity model, which goes when the units are found (in a run of one
/// document: 34 MB). A layer not asked for is not computed.
fn read_with_jieba(ctx: &Context, layers: layers::LayerSet) -> (Option<entities::Units>, Keywords) {
    let units = entity_units(ctx, layers);
    crate::timings::memory_at("entity units found");
    (units, keywords_of(ctx, layers))
}

/// The entities' units, when `layers` needs the entities.
fn entity_units(ctx: &Context, layers: layers::LayerSet) -> Option<entities::Units> {
    use crate::timings::{Phase, time};
    layers
        .needs_entities()
        .then(|| time(Phase::Entities, || entities::recognize_units(ctx)))
}

/// The keywords, when `layers` has them; else none for each section.
fn keywords_of(ctx: &Context, layers: layers::LayerSet) -> Keywords {
    use crate::timings::{Phase, time};
    if layers.keywords() {
        time(Phase::Keywords, || keywords::extract(ctx))
    } else {
        no_keywords(ctx.doc)
    }
}

/// [`annotate_layers`] over many documents at once (a corpus run's
/// batch of small ones): each step over all of them before the next
/// (the segmentation, the entities' units, the keywords, the other
/// layers), each document's step on one thread of the pool. Each step
/// reads its own big tables (jieba's trie, the entity model's weights,
/// the IDF table); a document at a time, each step found its tables
/// pushed out of the processor's caches by the steps before it, and the
/// same instructions took 1.5× the time (jieba's tagging 2×, the
/// keywords 4×: docs/scale.md). Each document's model is
/// [`annotate_layers`]' (the steps and their inputs are the same).
pub fn annotate_many(
    docs: Vec<std::sync::Arc<Document>>,
    res: &Resources,
    layers: layers::LayerSet,
) -> Vec<Annotated> {
    use rayon::prelude::*;
    let _timer = crate::timings::Timer::start(crate::timings::Phase::Annotate);
    let tokens: Vec<Vec<Token>> = docs
        .par_iter()
        .map(|doc| outside_verbatim(doc, tokenize(&doc.text, res)))
        .collect();
    let dates: Vec<std::sync::OnceLock<Vec<time::TimeExpr>>> =
        docs.iter().map(|_| std::sync::OnceLock::new()).collect();
    let ctx = |i: usize| Context::new(&docs[i], res, &tokens[i], &dates[i]);
    let units: Vec<Option<entities::Units>> = (0..docs.len())
        .into_par_iter()
        .map(|i| entity_units(&ctx(i), layers))
        .collect();
    let keywords: Vec<Keywords> = (0..docs.len())
        .into_par_iter()
        .map(|i| keywords_of(&ctx(i), layers))
        .collect();
    let found: Vec<[Vec<Annotation>; 7]> = units
        .into_par_iter()
        .enumerate()
        .map(|(i, units)| annotate_rest(&ctx(i), units, layers))
        .collect();
    drop(dates);
    docs.into_par_iter()
        .zip(tokens)
        .zip(found)
        .zip(keywords)
        .map(|(((doc, tokens), found), keywords)| assemble(doc, tokens, found, keywords, layers))
        .collect()
}

/// The layers' annotations after [`read_with_jieba`], none of which reads
/// jieba, in id order: entities, quantities, time, quotes, glossary,
/// duplicates, learner. The entities' passes over the whole document and
/// the quotes (which must wait for them) use one thread or two, and the
/// small layers that read only the text and the tokens run beside them,
/// so that no thread idles at the end.
fn annotate_rest(
    ctx: &Context,
    units: Option<entities::Units>,
    layers: layers::LayerSet,
) -> [Vec<Annotation>; 7] {
    use crate::model::Layer;
    use crate::timings::{Phase, time};
    use rayon::prelude::*;
    let verbatim = ctx.doc.verbatim();
    let outside = |s: &Span| !overlaps_any(&verbatim, *s);
    type Annotator = fn(&Context) -> Vec<Annotation>;
    let run = |layers: &[(Phase, Annotator)], ctx: &Context| -> Vec<Vec<Annotation>> {
        layers
            .par_iter()
            .map(|(phase, annotator)| time(*phase, || shared_attrs(annotator(ctx))))
            .collect()
    };
    let none: Annotator = |_| Vec::new();
    let only = |layer: Layer, annotator: Annotator| {
        if layers.contains(layer) {
            annotator
        } else {
            none
        }
    };
    let others: [(Phase, Annotator); 5] = [
        (
            Phase::Quantities,
            only(Layer::Quantities, quantities::annotate),
        ),
        (Phase::Time, only(Layer::Time, time::annotate)),
        (Phase::Glossary, only(Layer::Glossary, glossary::annotate)),
        (
            Phase::Duplicates,
            only(Layer::Duplicates, duplicates::annotate),
        ),
        (Phase::Learner, only(Layer::Learner, learner::annotate)),
    ];
    let ((entities, quotes), late) = rayon::join(
        || {
            // The quotes' marks, which need not the entities, are read
            // beside the entities' passes (on the thread the other layers
            // leave free); their speakers, which name the entities, after.
            let (mut entities, marks) = rayon::join(
                || match units {
                    Some(units) => time(Phase::Entities, || entities::finish(ctx, units)),
                    None => Vec::new(),
                },
                || {
                    layers
                        .contains(Layer::Quotes)
                        .then(|| time(Phase::Quotes, || quotes::prepare(&ctx.doc.text, ctx.tokens)))
                },
            );
            entities.retain(|a| outside(&a.span));
            // Their attrs are shared as they are made (equal ones one
            // copy: [`entities::finish`]); only the spare room goes.
            entities.shrink_to_fit();
            // Entities come first: their ids are their indices.
            for (i, e) in entities.iter_mut().enumerate() {
                e.id = Annotation::id_of(i);
            }
            let quotes = match marks {
                Some(marks) => time(Phase::Quotes, || {
                    shared_attrs(marks.attribute(&ctx.doc.text, ctx.tokens, &entities))
                }),
                None => Vec::new(),
            };
            (entities, quotes)
        },
        || {
            // The dates are read by the time and quantities layers only:
            // found for them (unless known already) and gone with them,
            // not held through the quotes, the join's peak.
            let own = std::sync::OnceLock::new();
            let dates = if ctx.dates.get().is_some() {
                ctx.dates
            } else {
                &own
            };
            run(&others, &Context { dates, ..*ctx })
        },
    );
    // Ids in pipeline order: entities (which quotes refer to by id, counted
    // from 0), quantities, time, quotes, glossary, duplicates, learner.
    let mut late = late.into_iter();
    let mut next = || late.next().unwrap_or_default();
    let (quantities, times, glossary, duplicates, learner) =
        (next(), next(), next(), next(), next());
    let mut found = [
        entities, quantities, times, quotes, glossary, duplicates, learner,
    ];
    if !verbatim.is_empty() {
        for layer in &mut found {
            layer.retain(|a| outside(&a.span));
        }
    }
    found
}

/// The document annotated: `found`'s layers joined in their order and
/// numbered, the model restricted to `layers`.
fn assemble(
    doc: std::sync::Arc<Document>,
    tokens: Vec<Token>,
    found: [Vec<Annotation>; 7],
    keywords: Keywords,
    layers: layers::LayerSet,
) -> Annotated {
    let mut annotations = join_layers(found);
    for (i, a) in annotations.iter_mut().enumerate() {
        a.id = Annotation::id_of(i);
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

/// `layers` one after the other, without holding them twice: the largest
/// (the learner layer, one annotation per word, when it is made) is grown
/// in place (a big block grows without a copy) to hold the others, each
/// moved in and freed in turn, those before it in front of it, those after
/// it behind. It grows by one layer at a time, just before that layer
/// is moved in: grown at once to the whole, it held the room of all the
/// others beside them (on 7.8 MB, ~10 MB more at the command's peak). A
/// layer after it gives its room back as it is moved in
/// ([`append_giving_back`]). The peak is then the annotations once plus
/// a piece (or, for a layer before the largest, that layer), not the
/// annotations twice.
fn join_layers<const N: usize>(mut layers: [Vec<Annotation>; N]) -> Vec<Annotation> {
    // A layer grown by doubling holds up to twice its room until it is
    // joined: given back first (in place), so that it does not.
    for layer in &mut layers {
        layer.shrink_to_fit();
    }
    let largest = (0..N).max_by_key(|&i| layers[i].len()).unwrap_or(0);
    let Some(grown) = layers.get_mut(largest) else {
        return Vec::new();
    };
    let mut joined = std::mem::take(grown);
    let (before, after) = layers.split_at_mut(largest);
    for layer in after {
        append_giving_back(&mut joined, std::mem::take(layer));
    }
    let mut at = 0;
    for layer in before {
        let n = layer.len();
        joined.reserve_exact(n);
        // An exact-size iterator: the room is made at once, with no copy
        // of the layer beside it.
        joined.splice(at..at, std::mem::take(layer));
        at += n;
    }
    joined
}

/// How many annotations [`append_giving_back`] moves at a time (128 KiB).
const JOIN_PIECE: usize = 4096;

/// `layer` appended to `joined`, its room given back as it is moved in:
/// a piece of [`JOIN_PIECE`] at a time from its end (so that no memory is
/// moved within it), then the pieces put back in order in place (the
/// moved part reversed whole, then each piece). Appended whole, the layer
/// was held beside its copy (on 7.8 MB the duplicates, 1.5 MB, at the
/// join's peak).
fn append_giving_back(joined: &mut Vec<Annotation>, mut layer: Vec<Annotation>) {
    let at = joined.len();
    joined.reserve_exact(layer.len());
    let mut pieces = Vec::new();
    while !layer.is_empty() {
        let from = layer.len().saturating_sub(JOIN_PIECE);
        pieces.push(layer.len() - from);
        joined.extend(layer.drain(from..));
        layer.shrink_to_fit();
    }
    let Some(moved) = joined.get_mut(at..) else {
        return;
    };
    moved.reverse();
    let mut start = 0;
    for &n in pieces.iter().rev() {
        if let Some(piece) = moved.get_mut(start..start + n) {
            piece.reverse();
        }
        start += n;
    }
}

/// A layer's annotations with equal attrs as one shared copy when the
/// layer repeats them ([`share_attrs`]), the same values. Done as each
/// layer finishes, so that the layers still running reuse what it frees.
fn shared_attrs(mut list: Vec<Annotation>) -> Vec<Annotation> {
    share_attrs(&mut list);
    // A layer collected in place from a bigger struct (the quantities) or
    // grown by doubling holds room it will not use: given back (in place)
    // now, not at the join, as the other layers are still being found (on
    // 7.8 MB the quantities held 12.6 MB for 2.7 MB of annotations).
    list.shrink_to_fit();
    list
}

/// How many annotations [`share_attrs`] looks at before deciding whether
/// the layer repeats its attrs enough for sharing to pay.
const SHARE_SAMPLE: usize = 1024;

/// Gives annotations of `list` whose attrs are equal one shared copy (an
/// attrs value is a small allocation of its own; a clone shares it, and
/// a later change copies it first). Entities repeat a few sources and
/// confidences, quantities and dates their values: in 5 MB of news, 45,496
/// entities have 53 distinct attrs, 26,837 quantities 3,268. A layer whose
/// first [`SHARE_SAMPLE`] attrs are nearly all distinct (quote contents,
/// duplicate indices) is left as it is, so as not to hash it for nothing.
fn share_attrs(list: &mut [Annotation]) {
    let mut seen = SharedAttrs::default();
    let mut shared = 0;
    for (i, a) in list.iter_mut().enumerate() {
        if i == SHARE_SAMPLE && shared * 10 < SHARE_SAMPLE {
            return;
        }
        if seen.share(&mut a.attrs) {
            shared += 1;
        }
    }
}

/// The attrs seen so far, one copy of each ([`share_attrs`]); a layer
/// that repeats its attrs gives each annotation the shared copy as it
/// makes it, so that the copies of its own are not all held at once.
#[derive(Default)]
pub(crate) struct SharedAttrs(rustc_hash::FxHashMap<u64, crate::model::Attrs>);

impl SharedAttrs {
    /// Gives `attrs` the copy of equal attrs seen before (the same
    /// values); whether there was one.
    pub(crate) fn share(&mut self, attrs: &mut crate::model::Attrs) -> bool {
        use std::collections::hash_map::Entry;
        if attrs.is_empty() {
            return false;
        }
        match self.0.entry(attrs_hash(attrs)) {
            Entry::Vacant(v) => {
                v.insert(attrs.clone());
                false
            }
            Entry::Occupied(o) => {
                // Equal hashes of different attrs keep their own.
                let same = same_attrs(o.get(), attrs);
                if same {
                    *attrs = o.get().clone();
                }
                same
            }
        }
    }
}

/// A hash of every key and value of `attrs`, numbers by their bits.
fn attrs_hash(attrs: &crate::model::Attrs) -> u64 {
    use crate::model::AttrValue;
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    for (k, v) in attrs.values() {
        k.hash(&mut h);
        std::mem::discriminant(&*v).hash(&mut h);
        match &*v {
            AttrValue::Str(s) => s.hash(&mut h),
            AttrValue::UInt(n) => n.hash(&mut h),
            AttrValue::Int(n) => n.hash(&mut h),
            AttrValue::Float(x) => x.to_bits().hash(&mut h),
            AttrValue::Bool(b) => b.hash(&mut h),
            AttrValue::Span { start, end } => (start, end).hash(&mut h),
            AttrValue::Json(j) => j.to_string().hash(&mut h),
        }
    }
    h.finish()
}

/// Whether `a` and `b` hold the same keys and values, numbers compared by
/// their bits and JSON values by their text (0.0 and -0.0 are written
/// differently).
fn same_attrs(a: &crate::model::Attrs, b: &crate::model::Attrs) -> bool {
    use crate::model::AttrValue;
    a.len() == b.len()
        && a.values().zip(b.values()).all(|((ka, va), (kb, vb))| {
            ka == kb
                && match (&*va, &*vb) {
                    (AttrValue::Float(x), AttrValue::Float(y)) => x.to_bits() == y.to_bits(),
                    (AttrValue::Json(x), AttrValue::Json(y)) => x.to_string() == y.to_string(),
                    _ => va == vb,
                }
        })
}

/// Whether `span` overlaps one of `spans` (sorted, not overlapping).
fn overlaps_any(spans: &[Span], span: Span) -> bool {
    let i = spans.partition_point(|s| s.end <= span.start);
    spans
        .get(i)
        .is_some_and(|s| s.start < span.end.max(span.start + 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Layer;

    /// The layers joined are the layers one after the other, in order,
    /// whichever is the largest (first, in the middle, last), with
    /// empty ones among them, and with layers after the largest moved in
    /// pieces (a layer of pieces and a part, of one piece exactly, of
    /// whole pieces).
    #[test]
    fn layers_join_in_their_order_whichever_is_largest() {
        let layer = |label: &'static str, n: usize| -> Vec<Annotation> {
            (0..n)
                .map(|i| Annotation::new(Layer::Entities, label, Span::new(i, i + 1)))
                .collect()
        };
        let sizes: [[usize; 4]; 6] = [
            [5, 1, 0, 2],
            [1, 0, 6, 2],
            [0, 1, 2, 7],
            [0, 0, 0, 0],
            [
                3 * JOIN_PIECE,
                2 * JOIN_PIECE + 5,
                JOIN_PIECE,
                2 * JOIN_PIECE,
            ],
            [3, 4 * JOIN_PIECE, JOIN_PIECE + 1, 7],
        ];
        for sizes in sizes {
            let names = ["a", "b", "c", "d"];
            let layers: [Vec<Annotation>; 4] = std::array::from_fn(|k| layer(names[k], sizes[k]));
            let expected: Vec<(String, usize)> = (0..4)
                .flat_map(|k| (0..sizes[k]).map(move |i| (names[k].to_string(), i)))
                .collect();
            let joined: Vec<(String, usize)> = join_layers(layers)
                .iter()
                .map(|a| (a.label.to_string(), a.span.start))
                .collect();
            assert_eq!(joined, expected, "{sizes:?}");
        }
    }

    /// A plain text with dates, numbers, a quote, names and a repeated
    /// paragraph; a Markdown one; each as its bytes.
    fn inputs() -> Vec<(&'static str, Vec<u8>)> {
        let plain = "国务院召开常务会议\n\n\
            新华社北京3月5日电 国务院总理李强5日主持召开国务院常务会议，\
            部署推动经济持续回升向好。会议指出，今年前两个月全国规模以上工业增加值同比增长7%。\n\n\
            李强说：“要坚持稳中求进工作总基调，把握好政策的时度效。”\n\n\
            会议强调，要加大对中小企业的支持力度，帮助企业纾困解难。\n\n\
            会议强调，要加大对中小企业的支持力度，帮助企业纾困解难。\n";
        let markdown = "# 上海的春天\n\n王小明2024年4月1日在上海说：“今年的樱花开得早。”\n\n## 第二节\n\n门票价格为每人50元。\n";
        vec![
            ("news.txt", plain.as_bytes().to_vec()),
            ("spring.md", markdown.as_bytes().to_vec()),
        ]
    }

    /// The run that segments while it parses and loads gives what loading
    /// everything first, then parsing and annotating, gives: for each
    /// layer set, a plain text and a Markdown file, alone and together.
    #[test]
    fn loading_while_segmenting_annotates_as_loading_first_does() {
        let sets: Vec<layers::LayerSet> = vec![
            layers::LayerSet::default(),
            layers::LayerSet::ALL,
            "time,quantities".parse().unwrap_or_default(),
            "quotes".parse().unwrap_or_default(),
        ];
        for layers in sets {
            let res = Resources::load_for(&ResourceOptions::default(), layers)
                .unwrap_or_else(|e| panic!("{e}"));
            let unparsed = || -> Vec<Unparsed> {
                inputs()
                    .into_iter()
                    .map(|(name, bytes)| Unparsed {
                        read: crate::read::read_bytes(
                            &bytes,
                            Some(std::path::Path::new(name)),
                            None,
                        )
                        .unwrap_or_else(|e| panic!("{e}")),
                        path: Some(name.to_string()),
                    })
                    .collect()
            };
            let expected: Vec<String> = unparsed()
                .into_iter()
                .map(|u| {
                    let a = annotate_layers(u.parse(), &res, layers);
                    crate::export::json::annotated_to_json(&a).to_string()
                })
                .collect();
            assert!(expected[0].contains("\"news.txt\""), "{}", expected[0]);
            let loading = Loading::start(ResourceOptions::default(), layers)
                .unwrap_or_else(|e| panic!("{e}"));
            let (docs, _, _) = loading
                .annotate(unparsed())
                .unwrap_or_else(|e| panic!("{e}"));
            let got: Vec<String> = docs
                .iter()
                .map(|a| crate::export::json::annotated_to_json(a).to_string())
                .collect();
            assert_eq!(got, expected, "{}", layers.describe());
            // Alone, the Markdown file (already rendered when read).
            let loading = Loading::start(ResourceOptions::default(), layers)
                .unwrap_or_else(|e| panic!("{e}"));
            let (docs, _, _) = loading
                .annotate(unparsed().split_off(1))
                .unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(docs.len(), 1);
            assert_eq!(
                crate::export::json::annotated_to_json(&docs[0]).to_string(),
                expected[1]
            );
            // Each file alone through the run that lets jieba go before
            // the entity units (found through jieba's words alone) and
            // weighs the keywords after them.
            for (k, doc) in unparsed().into_iter().enumerate() {
                let loading = Loading::start_alone(ResourceOptions::default(), layers)
                    .unwrap_or_else(|e| panic!("{e}"));
                let (docs, res, _) = loading
                    .annotate(vec![doc])
                    .unwrap_or_else(|e| panic!("{e}"));
                assert!(res.words.is_none());
                assert_eq!(
                    crate::export::json::annotated_to_json(&docs[0]).to_string(),
                    expected[k],
                    "{} alone",
                    layers.describe()
                );
            }
            // The layers asked for, and only those.
            for a in &docs[0].annotations {
                assert!(layers.contains(a.layer), "{:?}", a.layer);
            }
            if layers.contains(Layer::Time) {
                assert!(docs[0].annotations.iter().any(|a| a.layer == Layer::Time));
            }
        }
    }

    /// Documents annotated together, each step over all of them in turn
    /// ([`annotate_many`]: a corpus run's batch), are each annotated as
    /// alone ([`annotate_layers`]): for each layer set, a plain text, a
    /// Markdown file with a code block (never annotated) and a document
    /// of one word, in order; none at all gives none.
    #[test]
    fn documents_annotated_together_are_each_annotated_as_alone() {
        let code = "# 代码\n\n张伟在北京说：“看下面。”\n\n```\n李强 2024年 北京\n```\n\n上海的价格为50元。\n";
        let mut files = inputs();
        files.push(("code.md", code.as_bytes().to_vec()));
        files.push(("short.txt", "好。".as_bytes().to_vec()));
        let docs = || -> Vec<std::sync::Arc<Document>> {
            files
                .iter()
                .map(|(name, bytes)| {
                    let read =
                        crate::read::read_bytes(bytes, Some(std::path::Path::new(name)), None)
                            .unwrap_or_else(|e| panic!("{e}"));
                    std::sync::Arc::new(
                        Unparsed {
                            read,
                            path: Some(name.to_string()),
                        }
                        .parse(),
                    )
                })
                .collect()
        };
        let json = |a: &Annotated| crate::export::json::annotated_to_json(a).to_string();
        for layers in [layers::LayerSet::default(), layers::LayerSet::ALL] {
            let res = Resources::load_for(&ResourceOptions::default(), layers)
                .unwrap_or_else(|e| panic!("{e}"));
            let alone: Vec<String> = docs()
                .into_iter()
                .map(|d| json(&annotate_layers(d, &res, layers)))
                .collect();
            let together: Vec<String> = annotate_many(docs(), &res, layers)
                .iter()
                .map(json)
                .collect();
            assert_eq!(together.len(), 4);
            assert!(together[0].contains("李强"), "{}", together[0]);
            assert!(together[2].contains("张伟"), "{}", together[2]);
            assert_eq!(together, alone, "{}", layers.describe());
        }
        assert!(
            annotate_many(
                Vec::new(),
                &Resources::load().unwrap_or_else(|e| panic!("{e}")),
                layers::LayerSet::ALL
            )
            .is_empty()
        );
    }

    fn ann(layer: Layer, at: usize) -> Annotation {
        Annotation::new(layer, "X", Span::new(at, at + 1)).with("at", at as u64)
    }

    /// Equal attrs come out equal and the same values as before, unequal
    /// ones (-0.0 against 0.0 included) their own; a layer of distinct
    /// attrs is left alone.
    #[test]
    fn equal_attrs_are_shared_and_values_kept() {
        let mut list: Vec<Annotation> = (0..3000)
            .map(|i| {
                let a = Annotation::new(Layer::Quantities, "Q", Span::new(i, i + 1))
                    .with("kind", "money")
                    .with("value", if i % 2 == 0 { 0.0 } else { -0.0 });
                if i % 5 == 0 { a.with("unit", "元") } else { a }
            })
            .collect();
        let before = list.clone();
        share_attrs(&mut list);
        assert_eq!(list, before);
        for (a, b) in list.iter().zip(&before) {
            let json = |x: &Annotation| serde_json::to_string(&x.attrs).unwrap_or_default();
            assert_eq!(json(a), json(b));
        }
        let negative = list
            .iter()
            .filter(|a| a.attr_f64("value").is_some_and(|v| v.is_sign_negative()));
        assert_eq!(negative.count(), 1500);
        let mut distinct: Vec<Annotation> = (0..3000).map(|i| ann(Layer::Quotes, i)).collect();
        let before = distinct.clone();
        share_attrs(&mut distinct);
        assert_eq!(distinct, before);
    }

    /// A glossary file that does not read is an error of the run, as
    /// when everything loads first.
    #[test]
    fn a_bad_glossary_file_fails_the_loading_run() {
        let options = ResourceOptions {
            glossaries: vec![std::path::PathBuf::from("/nonexistent/glossary.json")],
        };
        let layers = layers::LayerSet::default();
        assert!(Resources::load_for(&options, layers).is_err());
        let loading = Loading::start(options, layers).unwrap_or_else(|e| panic!("{e}"));
        let (name, bytes) = inputs().remove(0);
        let doc = Unparsed {
            read: crate::read::read_bytes(&bytes, Some(std::path::Path::new(name)), None)
                .unwrap_or_else(|e| panic!("{e}")),
            path: None,
        };
        assert!(loading.annotate(vec![doc]).is_err());
    }
}
