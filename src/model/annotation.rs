//! Standoff annotations: `{ id, layer, label, span, attrs }`.

use super::{Document, Span};
use serde::{Deserialize, Serialize};

/// Extra facts a layer knows about an annotation, by key. Keys per layer are
/// documented in `docs/schema.md` (e.g. `value` and `unit` of a quantity,
/// `speaker` of a quote, `source` and `confidence` of an entity).
pub type Attrs = serde_json::Map<String, serde_json::Value>;

/// The annotation layers, in pipeline order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Layer {
    Tokens,
    Entities,
    Quantities,
    Time,
    Quotes,
    Keywords,
    Glossary,
    Learner,
    Duplicates,
    Notes,
}

impl Layer {
    pub const ALL: [Layer; 10] = [
        Layer::Tokens,
        Layer::Entities,
        Layer::Quantities,
        Layer::Time,
        Layer::Quotes,
        Layer::Keywords,
        Layer::Glossary,
        Layer::Learner,
        Layer::Duplicates,
        Layer::Notes,
    ];
    pub fn name(self) -> &'static str {
        match self {
            Layer::Tokens => "tokens",
            Layer::Entities => "entities",
            Layer::Quantities => "quantities",
            Layer::Time => "time",
            Layer::Quotes => "quotes",
            Layer::Keywords => "keywords",
            Layer::Glossary => "glossary",
            Layer::Learner => "learner",
            Layer::Duplicates => "duplicates",
            Layer::Notes => "notes",
        }
    }
    pub fn from_name(name: &str) -> Option<Layer> {
        Layer::ALL.into_iter().find(|l| l.name() == name)
    }
}

/// One standoff annotation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Annotation {
    /// Unique within one [`Annotated`]; the index in `annotations`.
    pub id: usize,
    pub layer: Layer,
    /// `PER` `ORG` `LOC` `WORK` (entities), `MONEY` `PERCENT` `QUANTITY` …
    /// (quantities), `DATE` (time), `QUOTE` `TERM` (quotes), …
    pub label: String,
    pub span: Span,
    pub attrs: Attrs,
}

impl Annotation {
    /// A new annotation; the pipeline assigns the final `id`.
    pub fn new(layer: Layer, label: impl Into<String>, span: Span) -> Self {
        Annotation {
            id: 0,
            layer,
            label: label.into(),
            span,
            attrs: Attrs::new(),
        }
    }
    /// Builder-style attribute setter.
    pub fn with(mut self, key: &str, value: impl Into<serde_json::Value>) -> Self {
        self.attrs.insert(key.to_string(), value.into());
        self
    }
    pub fn attr_str(&self, key: &str) -> Option<&str> {
        self.attrs.get(key).and_then(|v| v.as_str())
    }
    pub fn attr_f64(&self, key: &str) -> Option<f64> {
        self.attrs.get(key).and_then(|v| v.as_f64())
    }
}

/// A word from segmentation with its part-of-speech tag (jieba's tag set,
/// after the project's overrides).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Token {
    pub span: Span,
    pub pos: PosTag,
}

/// A part-of-speech tag. jieba's tags are a small fixed set, shared as
/// `&'static str` through [`pos_tag`] so that a token costs no allocation;
/// any other tag is owned.
pub type PosTag = std::borrow::Cow<'static, str>;

/// jieba's tags, sorted.
const TAGS: [&str; 58] = [
    "a", "ad", "ag", "an", "b", "bg", "c", "d", "df", "dg", "e", "eng", "f", "g", "h", "i", "j",
    "k", "l", "m", "mg", "mq", "n", "ng", "nr", "nrfg", "nrt", "ns", "nt", "nz", "o", "p", "q",
    "r", "rg", "rr", "rz", "s", "t", "tg", "u", "ud", "ug", "uj", "ul", "uv", "uz", "v", "vd",
    "vg", "vi", "vn", "vq", "x", "y", "yg", "z", "zg",
];

/// A tag of up to four bytes as one number; the order of the numbers is
/// the order of the strings.
const fn tag_key(tag: &[u8]) -> Option<u32> {
    if tag.is_empty() || tag.len() > 4 {
        return None;
    }
    let mut key = 0u32;
    let mut i = 0;
    while i < 4 {
        key <<= 8;
        if i < tag.len() {
            key |= tag[i] as u32;
        }
        i += 1;
    }
    Some(key)
}

/// The keys of [`TAGS`], in the same (ascending) order.
const TAG_KEYS: [u32; TAGS.len()] = {
    let mut keys = [0u32; TAGS.len()];
    let mut i = 0;
    while i < TAGS.len() {
        keys[i] = match tag_key(TAGS[i].as_bytes()) {
            Some(k) => k,
            None => panic!("a tag longer than four bytes"),
        };
        assert!(i == 0 || keys[i - 1] < keys[i], "TAGS must be sorted");
        i += 1;
    }
    keys
};

/// The tag `tag` as a [`PosTag`]: borrowed when it is one of jieba's tags.
pub fn pos_tag(tag: &str) -> PosTag {
    match tag_key(tag.as_bytes()).map(|k| TAG_KEYS.binary_search(&k)) {
        Some(Ok(i)) => PosTag::Borrowed(TAGS[i]),
        _ => PosTag::Owned(tag.to_string()),
    }
}

/// A keyword with its weight, normalised to 0–1 within its list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Keyword {
    pub word: String,
    pub weight: f64,
    /// `tfidf` or `textrank`.
    pub method: String,
}

/// Keywords for the whole document and for each section (same order as
/// `Document::sections`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Keywords {
    pub document: Vec<Keyword>,
    pub sections: Vec<Vec<Keyword>>,
}

/// A document with everything the annotators found. Immutable once built.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Annotated {
    pub doc: Document,
    /// Tokens in text order, covering every non-space character once.
    pub tokens: Vec<Token>,
    /// All other layers; `annotations[i].id == i`.
    pub annotations: Vec<Annotation>,
    pub keywords: Keywords,
}

impl Annotated {
    /// Wraps a document that has not been annotated yet (the interface shows
    /// it at once while annotation runs).
    pub fn unannotated(doc: Document) -> Self {
        let sections = doc.sections.len();
        Annotated {
            doc,
            tokens: Vec::new(),
            annotations: Vec::new(),
            keywords: Keywords {
                document: Vec::new(),
                sections: vec![Vec::new(); sections],
            },
        }
    }
    pub fn layer(&self, layer: Layer) -> impl Iterator<Item = &Annotation> {
        self.annotations.iter().filter(move |a| a.layer == layer)
    }
    pub fn get(&self, id: usize) -> Option<&Annotation> {
        self.annotations.get(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jieba_tags_are_borrowed_others_owned() {
        for t in TAGS {
            assert!(matches!(pos_tag(t), PosTag::Borrowed(b) if b == t));
        }
        for t in ["", "nrx", "nrfgx", "中"] {
            assert!(matches!(pos_tag(t), PosTag::Owned(o) if o == t));
        }
    }
}
