//! The labels the browser and the corpus match on, typed. Annotations
//! keep their label as a string (every layer has its own vocabulary, and
//! files read back may carry any); code that decides by a label asks for
//! it here. The JSON strings are unchanged (`PER`, `QUOTE`, …).

use super::{Annotation, Layer};
use serde::{Deserialize, Serialize};

/// Entity labels (the entities layer).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum EntityLabel {
    #[serde(rename = "PER")]
    Per,
    #[serde(rename = "ORG")]
    Org,
    #[serde(rename = "LOC")]
    Loc,
    #[serde(rename = "WORK")]
    Work,
}

impl EntityLabel {
    pub const ALL: [EntityLabel; 4] = [
        EntityLabel::Per,
        EntityLabel::Org,
        EntityLabel::Loc,
        EntityLabel::Work,
    ];
    /// The label as annotations and files write it.
    pub fn name(self) -> &'static str {
        match self {
            EntityLabel::Per => "PER",
            EntityLabel::Org => "ORG",
            EntityLabel::Loc => "LOC",
            EntityLabel::Work => "WORK",
        }
    }
    pub fn from_name(name: &str) -> Option<EntityLabel> {
        EntityLabel::ALL.into_iter().find(|l| l.name() == name)
    }
}

impl std::fmt::Display for EntityLabel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Quote labels (the quotes layer): direct speech, or a short quoted term.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum QuoteLabel {
    #[serde(rename = "QUOTE")]
    Quote,
    #[serde(rename = "TERM")]
    Term,
}

impl QuoteLabel {
    pub const ALL: [QuoteLabel; 2] = [QuoteLabel::Quote, QuoteLabel::Term];
    pub fn name(self) -> &'static str {
        match self {
            QuoteLabel::Quote => "QUOTE",
            QuoteLabel::Term => "TERM",
        }
    }
    pub fn from_name(name: &str) -> Option<QuoteLabel> {
        QuoteLabel::ALL.into_iter().find(|l| l.name() == name)
    }
}

impl Annotation {
    /// The entity label of an entities-layer annotation, when it is one of
    /// the four.
    pub fn entity_label(&self) -> Option<EntityLabel> {
        (self.layer == Layer::Entities)
            .then(|| EntityLabel::from_name(&self.label))
            .flatten()
    }

    /// The quote label of a quotes-layer annotation.
    pub fn quote_label(&self) -> Option<QuoteLabel> {
        (self.layer == Layer::Quotes)
            .then(|| QuoteLabel::from_name(&self.label))
            .flatten()
    }

    /// Whether this is direct speech (a quotes-layer `QUOTE`).
    pub fn is_quote(&self) -> bool {
        self.quote_label() == Some(QuoteLabel::Quote)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Span;

    #[test]
    fn labels_round_trip_and_keep_their_json_strings() {
        for l in EntityLabel::ALL {
            assert_eq!(EntityLabel::from_name(l.name()), Some(l));
            let json = serde_json::to_string(&l).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", l.name()));
            assert_eq!(serde_json::from_str::<EntityLabel>(&json).ok(), Some(l));
        }
        for l in QuoteLabel::ALL {
            assert_eq!(QuoteLabel::from_name(l.name()), Some(l));
            let json = serde_json::to_string(&l).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", l.name()));
        }
        assert_eq!(EntityLabel::from_name("GPE"), None);
    }

    #[test]
    fn labels_are_read_in_their_own_layer_only() {
        let per = Annotation::new(Layer::Entities, "PER", Span::new(0, 3));
        assert_eq!(per.entity_label(), Some(EntityLabel::Per));
        assert_eq!(per.quote_label(), None);
        let odd = Annotation::new(Layer::Quantities, "PER", Span::new(0, 3));
        assert_eq!(odd.entity_label(), None);
        let q = Annotation::new(Layer::Quotes, "QUOTE", Span::new(0, 3));
        assert!(q.is_quote());
        let t = Annotation::new(Layer::Quotes, "TERM", Span::new(0, 3));
        assert!(!t.is_quote());
        assert_eq!(t.quote_label(), Some(QuoteLabel::Term));
    }
}
