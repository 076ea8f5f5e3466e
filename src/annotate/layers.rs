//! Which annotation layers a run computes and writes (`annotate --layers`,
//! docs/schema.md): a small set of [`Layer`]s.
//!
//! The default is every layer but the learner layer (one `WORD`
//! annotation per word with its pinyin, HSK level and gloss — a reading
//! aid the browser shows, most of a document's annotations, and the
//! reason CC-CEDICT is loaded); `all` adds it back.

use crate::model::{Annotated, Layer};

/// The layers `--layers` can name, in pipeline (id) order.
pub const NAMES: [Layer; 7] = [
    Layer::Entities,
    Layer::Quantities,
    Layer::Time,
    Layer::Quotes,
    Layer::Glossary,
    Layer::Duplicates,
    Layer::Learner,
];

/// A set of annotation layers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct LayerSet(u16);

impl Default for LayerSet {
    /// Every layer but the learner layer.
    fn default() -> Self {
        LayerSet::ALL.without(Layer::Learner)
    }
}

impl LayerSet {
    /// Every layer, the learner layer included (`--layers all`).
    pub const ALL: LayerSet = LayerSet(u16::MAX);
    pub const NONE: LayerSet = LayerSet(0);

    /// Whether the document's and sections' keywords are computed
    /// ([`Layer::Keywords`]: not annotations, and always on for the sets
    /// `--layers` names; the browser leaves them out of the part around the
    /// view, whose keywords are never shown).
    pub fn keywords(self) -> bool {
        self.contains(Layer::Keywords)
    }

    /// The same layers, without computing the keywords.
    pub fn without_keywords(self) -> LayerSet {
        self.without(Layer::Keywords)
    }

    fn bit(layer: Layer) -> u16 {
        1 << (layer as u16)
    }

    pub fn contains(self, layer: Layer) -> bool {
        self.0 & LayerSet::bit(layer) != 0
    }

    pub fn with(self, layer: Layer) -> LayerSet {
        LayerSet(self.0 | LayerSet::bit(layer))
    }

    pub fn without(self, layer: Layer) -> LayerSet {
        LayerSet(self.0 & !LayerSet::bit(layer))
    }

    /// The layers of either set.
    pub fn union(self, other: LayerSet) -> LayerSet {
        LayerSet(self.0 | other.0)
    }

    /// Whether the learner layer is in the set (it needs CC-CEDICT).
    pub fn learner(self) -> bool {
        self.contains(Layer::Learner)
    }

    /// Whether the entities must be found: for their layer, or for the
    /// quotes, which name speakers by them.
    pub fn needs_entities(self) -> bool {
        self.contains(Layer::Entities) || self.contains(Layer::Quotes)
    }

    /// Every nameable layer of the set, comma-separated (`all` for all).
    pub fn describe(self) -> String {
        if NAMES.iter().all(|l| self.contains(*l)) {
            return "all".to_string();
        }
        let names: Vec<&str> = NAMES
            .iter()
            .filter(|l| self.contains(**l))
            .map(|l| l.name())
            .collect();
        if names.is_empty() {
            "none".to_string()
        } else {
            names.join(",")
        }
    }

    /// Keeps only this set's annotations in `ann`, numbered again from 0
    /// in their order. Entities come first in a model, so their ids (which
    /// quotes' `speaker_id` and entities' `canonical_id` refer to) do not
    /// change while they are kept; without them those references go (the
    /// speaker's span and text stay).
    pub fn restrict(self, ann: &mut Annotated) {
        if ann.annotations.iter().all(|a| self.contains(a.layer)) {
            return;
        }
        ann.annotations.retain(|a| self.contains(a.layer));
        let entities = self.contains(Layer::Entities);
        for (i, a) in ann.annotations.iter_mut().enumerate() {
            a.id = crate::model::Annotation::id_of(i);
            if !entities && a.layer == Layer::Quotes && a.attrs.contains_key("speaker_id") {
                a.attrs.remove("speaker_id");
            }
        }
    }
}

impl std::str::FromStr for LayerSet {
    type Err = String;

    /// `entities,quotes` (exactly those), `all`, `none`, `default`, or
    /// changes to the default: `+learner`, `-duplicates`. Items are
    /// separated by commas; names as in the JSON's `layer`.
    fn from_str(s: &str) -> Result<LayerSet, String> {
        let items: Vec<&str> = s
            .split(',')
            .map(str::trim)
            .filter(|i| !i.is_empty())
            .collect();
        if items.is_empty() {
            return Err("--layers needs a list, e.g. entities,quotes (or all, +learner)".into());
        }
        // A plain name chooses exactly; only +/- items change the default.
        let mut set = if items
            .iter()
            .all(|i| i.starts_with('+') || i.starts_with('-'))
        {
            LayerSet::default()
        } else {
            LayerSet::NONE
        };
        for item in items {
            let (op, name) = match item.as_bytes().first() {
                Some(b'+') => ('+', &item[1..]),
                Some(b'-') => ('-', &item[1..]),
                _ => ('+', item),
            };
            let chosen = match name {
                "all" => LayerSet::ALL,
                "default" => LayerSet::default(),
                "none" => LayerSet::NONE,
                _ => match Layer::from_name(name).filter(|l| NAMES.contains(l)) {
                    Some(l) => LayerSet::NONE.with(l),
                    None => {
                        let known: Vec<&str> = NAMES.iter().map(|l| l.name()).collect();
                        return Err(format!(
                            "unknown layer `{name}` in --layers (known: {}, all, default, none)",
                            known.join(", ")
                        ));
                    }
                },
            };
            set = if op == '+' {
                LayerSet(set.0 | chosen.0)
            } else {
                LayerSet(set.0 & !chosen.0)
            };
        }
        Ok(set.with(Layer::Keywords))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(s: &str) -> LayerSet {
        match s.parse() {
            Ok(l) => l,
            Err(e) => panic!("{s}: {e}"),
        }
    }

    #[test]
    fn lists_choose_exactly_and_signs_change_the_default() {
        assert_eq!(set("entities,quotes").describe(), "entities,quotes");
        assert_eq!(set("all").describe(), "all");
        assert!(set("all").learner());
        assert!(!LayerSet::default().learner());
        assert_eq!(
            LayerSet::default().describe(),
            "entities,quantities,time,quotes,glossary,duplicates"
        );
        assert_eq!(set("+learner").describe(), "all");
        assert_eq!(
            set("-duplicates,-glossary").describe(),
            "entities,quantities,time,quotes"
        );
        assert_eq!(set("default").describe(), LayerSet::default().describe());
        assert_eq!(set("all,-learner"), LayerSet::default());
        assert_eq!(set("none").describe(), "none");
        assert_eq!(set(" time , learner ").describe(), "time,learner");
        // Quotes need the entities found, not written.
        assert!(set("quotes").needs_entities());
        assert!(!set("time").needs_entities());
    }

    #[test]
    fn unknown_names_and_empty_lists_are_refused() {
        let err = "entities,pinyin".parse::<LayerSet>().unwrap_err();
        assert!(err.contains("unknown layer `pinyin`"), "{err}");
        assert!(err.contains("learner"), "{err}");
        assert!("tokens".parse::<LayerSet>().is_err());
        assert!(",".parse::<LayerSet>().is_err());
    }
}
