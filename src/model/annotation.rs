//! Standoff annotations: `{ id, layer, label, span, attrs }`.

use super::{Document, Span};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::borrow::Cow;
use std::sync::Arc;

/// Extra facts a layer knows about an annotation, by key. Keys per layer are
/// documented in `docs/schema.md` (e.g. `value` and `unit` of a quantity,
/// `speaker` of a quote, `source` and `confidence` of an entity).
///
/// A small map kept sorted by key (so it serialises exactly like a JSON
/// object with sorted keys), built for the pipeline's volume: keys are
/// mostly `&'static str`, values are [`AttrValue`]s (string literals,
/// numbers and spans without allocation), nothing is allocated while it is
/// empty, and a clone shares the entries (a layer that gives many
/// annotations the same attrs, like the glossary, builds them once).
/// Changing a shared copy copies it first. Read values come back as JSON.
#[derive(Debug, Clone, Default)]
pub struct Attrs(Option<Arc<Entries>>);

/// What an [`Attrs`] holds: its entries, or a duplicate record's five
/// values ([`Attrs::duplicate`]) or a quoted term's two ([`Attrs::term`]),
/// made into entries as they are read. 24 bytes each way (the record's
/// units in its indices' top bits), so that the shared allocation is 40
/// bytes, as a `Vec`'s alone was.
#[derive(Debug, Clone)]
enum Entries {
    Map(Vec<(AttrKey, AttrValue)>),
    Duplicate(DuplicateAttrs),
    Term(TermAttrs),
}

/// A quoted term's attrs ([`Attrs::term`]): `content` (the span inside
/// the marks) and `term` (its text, behind one more pointer, so that the
/// record is 16 bytes and [`Entries`] stays 24). The two entries took 80
/// bytes (a block of 96); the pointer's block is 32: on 7.8 MB of news,
/// ~11,800 terms.
#[derive(Debug, Clone)]
pub struct TermAttrs {
    start: u32,
    end: u32,
    term: Box<Box<str>>,
}

/// The keys of a term's attrs, in key order.
const TERM_KEYS: [&str; 2] = ["content", "term"];

impl TermAttrs {
    /// The value of key number `i` of [`TERM_KEYS`] (the text copied).
    fn value(&self, i: usize) -> AttrValue {
        match i {
            0 => AttrValue::Span {
                start: u64::from(self.start),
                end: u64::from(self.end),
            },
            _ => AttrValue::Str(Cow::Owned(self.term.to_string())),
        }
    }
    fn entries(&self) -> Vec<(AttrKey, AttrValue)> {
        (TERM_KEYS.iter().enumerate())
            .map(|(i, k)| (AttrKey::from(*k), self.value(i)))
            .collect()
    }
}

/// A duplicate record's attrs ([`Attrs::duplicate`]): 16 bytes, where
/// its five entries took 200 (and their vector 48 more). The top bit of
/// `index` and `of_index` is set for a sentence, clear for a paragraph.
#[derive(Debug, Clone, Copy)]
pub struct DuplicateAttrs {
    index: u32,
    of_index: u32,
    of_start: u32,
    of_end: u32,
}

/// The keys of a duplicate's attrs, in key order.
const DUPLICATE_KEYS: [&str; 5] = ["index", "of", "of_index", "of_unit", "unit"];

/// The top bit of a [`DuplicateAttrs`] index: a sentence's.
const SENTENCE_BIT: u32 = 1 << 31;

impl DuplicateAttrs {
    fn unit(index: u32) -> &'static str {
        if index & SENTENCE_BIT != 0 {
            super::Unit::Sentence.name()
        } else {
            super::Unit::Paragraph.name()
        }
    }
    /// The value of key number `i` of [`DUPLICATE_KEYS`].
    fn value(&self, i: usize) -> AttrValue {
        match i {
            0 => AttrValue::UInt(u64::from(self.index & !SENTENCE_BIT)),
            1 => AttrValue::Span {
                start: u64::from(self.of_start),
                end: u64::from(self.of_end),
            },
            2 => AttrValue::UInt(u64::from(self.of_index & !SENTENCE_BIT)),
            3 => AttrValue::Str(Cow::Borrowed(DuplicateAttrs::unit(self.of_index))),
            _ => AttrValue::Str(Cow::Borrowed(DuplicateAttrs::unit(self.index))),
        }
    }
    fn entries(&self) -> Vec<(AttrKey, AttrValue)> {
        (DUPLICATE_KEYS.iter().enumerate())
            .map(|(i, k)| (AttrKey::from(*k), self.value(i)))
            .collect()
    }
}

/// An attrs key: a string literal in the annotators, owned when read back.
///
/// 16 bytes (a `Cow<'static, str>` is 24): a literal is kept as it is and an
/// owned key behind one more pointer (keys are read back only from JSON and
/// the cache, which interns them), so that an attrs entry is 40 bytes.
#[derive(Clone)]
pub struct AttrKey(KeyRepr);

#[derive(Clone)]
enum KeyRepr {
    Static(&'static str),
    Owned(Box<Box<str>>),
}

impl AttrKey {
    pub fn as_str(&self) -> &str {
        match &self.0 {
            KeyRepr::Static(s) => s,
            KeyRepr::Owned(s) => s,
        }
    }
}

/// Equal as strings, whether literal or owned.
impl PartialEq for AttrKey {
    fn eq(&self, other: &AttrKey) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for AttrKey {}

impl std::ops::Deref for AttrKey {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for AttrKey {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl std::fmt::Debug for AttrKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.as_str().fmt(f)
    }
}

impl From<&'static str> for AttrKey {
    fn from(s: &'static str) -> AttrKey {
        AttrKey(KeyRepr::Static(s))
    }
}

impl From<String> for AttrKey {
    fn from(s: String) -> AttrKey {
        AttrKey(KeyRepr::Owned(Box::new(s.into_boxed_str())))
    }
}

impl From<Cow<'static, str>> for AttrKey {
    fn from(s: Cow<'static, str>) -> AttrKey {
        match s {
            Cow::Borrowed(s) => AttrKey::from(s),
            Cow::Owned(s) => AttrKey::from(s),
        }
    }
}

impl Serialize for AttrKey {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// One attrs value: the shapes the layers use, without allocation for
/// string literals, numbers and spans; anything else as JSON.
#[derive(Debug, Clone, PartialEq)]
pub enum AttrValue {
    Str(Cow<'static, str>),
    UInt(u64),
    /// Negative integers (others are [`AttrValue::UInt`]).
    Int(i64),
    /// A finite number (JSON has no others).
    Float(f64),
    Bool(bool),
    /// A span, `{"start", "end"}` in JSON (byte offsets in the model).
    Span {
        start: u64,
        end: u64,
    },
    /// Boxed: the other values fit in 24 bytes, a `Value` takes 32.
    Json(Box<Value>),
}

impl AttrValue {
    /// The value as JSON.
    pub fn to_json(&self) -> Value {
        match self {
            AttrValue::Str(s) => Value::String(s.to_string()),
            AttrValue::UInt(n) => Value::from(*n),
            AttrValue::Int(n) => Value::from(*n),
            AttrValue::Float(x) => Value::from(*x),
            AttrValue::Bool(b) => Value::Bool(*b),
            AttrValue::Span { start, end } => serde_json::json!({ "start": start, "end": end }),
            AttrValue::Json(v) => (**v).clone(),
        }
    }
    pub fn as_str(&self) -> Option<&str> {
        match self {
            AttrValue::Str(s) => Some(s),
            AttrValue::Json(v) => v.as_str(),
            _ => None,
        }
    }
    pub fn as_f64(&self) -> Option<f64> {
        match *self {
            AttrValue::UInt(n) => Some(n as f64),
            AttrValue::Int(n) => Some(n as f64),
            AttrValue::Float(x) => Some(x),
            AttrValue::Json(ref v) => v.as_f64(),
            _ => None,
        }
    }
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            AttrValue::UInt(n) => Some(*n),
            AttrValue::Json(v) => v.as_u64(),
            _ => None,
        }
    }
}

impl From<Value> for AttrValue {
    /// JSON in its compact form where it has one (so a value reads back
    /// equal to what was stored).
    fn from(v: Value) -> AttrValue {
        match v {
            Value::String(s) => AttrValue::Str(Cow::Owned(s)),
            Value::Bool(b) => AttrValue::Bool(b),
            Value::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
                (Some(u), _, _) => AttrValue::UInt(u),
                (None, Some(i), _) => AttrValue::Int(i),
                (None, None, Some(x)) if x.is_finite() => AttrValue::Float(x),
                _ => AttrValue::Json(Box::new(Value::Number(n))),
            },
            Value::Object(o) => match (o.len(), o.get("start"), o.get("end")) {
                (2, Some(s), Some(e)) if s.is_u64() && e.is_u64() => AttrValue::Span {
                    start: s.as_u64().unwrap_or_default(),
                    end: e.as_u64().unwrap_or_default(),
                },
                _ => AttrValue::Json(Box::new(Value::Object(o))),
            },
            other => AttrValue::Json(Box::new(other)),
        }
    }
}

impl From<&'static str> for AttrValue {
    fn from(s: &'static str) -> AttrValue {
        AttrValue::Str(Cow::Borrowed(s))
    }
}

impl From<String> for AttrValue {
    fn from(s: String) -> AttrValue {
        AttrValue::Str(Cow::Owned(s))
    }
}

impl From<bool> for AttrValue {
    fn from(b: bool) -> AttrValue {
        AttrValue::Bool(b)
    }
}

impl From<f64> for AttrValue {
    fn from(x: f64) -> AttrValue {
        // As serde_json: a number that is not finite is null.
        if x.is_finite() {
            AttrValue::Float(x)
        } else {
            AttrValue::Json(Box::new(Value::Null))
        }
    }
}

impl From<i64> for AttrValue {
    fn from(n: i64) -> AttrValue {
        u64::try_from(n).map_or(AttrValue::Int(n), AttrValue::UInt)
    }
}

impl From<i32> for AttrValue {
    fn from(n: i32) -> AttrValue {
        AttrValue::from(i64::from(n))
    }
}

impl From<u64> for AttrValue {
    fn from(n: u64) -> AttrValue {
        AttrValue::UInt(n)
    }
}

impl From<u32> for AttrValue {
    fn from(n: u32) -> AttrValue {
        AttrValue::UInt(u64::from(n))
    }
}

impl From<usize> for AttrValue {
    fn from(n: usize) -> AttrValue {
        AttrValue::UInt(n as u64)
    }
}

impl From<Span> for AttrValue {
    fn from(s: Span) -> AttrValue {
        AttrValue::Span {
            start: s.start as u64,
            end: s.end as u64,
        }
    }
}

impl Serialize for AttrValue {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        match self {
            AttrValue::Str(s) => serializer.serialize_str(s),
            AttrValue::UInt(n) => serializer.serialize_u64(*n),
            AttrValue::Int(n) => serializer.serialize_i64(*n),
            AttrValue::Float(x) => serializer.serialize_f64(*x),
            AttrValue::Bool(b) => serializer.serialize_bool(*b),
            AttrValue::Span { start, end } => {
                // Keys in JSON object order (sorted), as a `Value` would.
                let mut map = serializer.serialize_map(Some(2))?;
                map.serialize_entry("end", end)?;
                map.serialize_entry("start", start)?;
                map.end()
            }
            AttrValue::Json(v) => v.serialize(serializer),
        }
    }
}

impl Attrs {
    pub fn new() -> Self {
        Attrs(None)
    }
    /// The attrs of a duplicate record (the duplicates layer's): `unit`,
    /// `index`, `of` (the span of the unit repeated), `of_unit`,
    /// `of_index`. Held as the record (16 bytes), each value made as it is
    /// read: 7.8 MB of news has 47,358 duplicates, whose attrs as entries
    /// took 12 MB. Indices past 2^31 or offsets past 4 GB are held as
    /// entries.
    pub fn duplicate(
        unit: super::Unit,
        index: usize,
        of: Span,
        of_unit: super::Unit,
        of_index: usize,
    ) -> Attrs {
        let packed = |unit: super::Unit, index: usize| {
            let index = u32::try_from(index)
                .ok()
                .filter(|i| i & SENTENCE_BIT == 0)?;
            Some(match unit {
                super::Unit::Paragraph => index,
                super::Unit::Sentence => index | SENTENCE_BIT,
            })
        };
        let record = (|| {
            Some(DuplicateAttrs {
                index: packed(unit, index)?,
                of_index: packed(of_unit, of_index)?,
                of_start: u32::try_from(of.start).ok()?,
                of_end: u32::try_from(of.end).ok()?,
            })
        })();
        match record {
            Some(record) => Attrs(Some(Arc::new(Entries::Duplicate(record)))),
            None => {
                let mut attrs = Attrs::new();
                attrs.insert("unit", unit.name());
                attrs.insert("index", index);
                attrs.insert("of", of);
                attrs.insert("of_unit", of_unit.name());
                attrs.insert("of_index", of_index);
                attrs
            }
        }
    }
    /// The attrs of a quoted term: `content` (the span inside its marks)
    /// and `term` (that span's text). Held as the two (16 bytes), each
    /// value made as it is read. A span past 4 GB is held as entries.
    pub fn term(content: Span, term: &str) -> Attrs {
        match (u32::try_from(content.start), u32::try_from(content.end)) {
            (Ok(start), Ok(end)) => Attrs(Some(Arc::new(Entries::Term(TermAttrs {
                start,
                end,
                term: Box::new(term.into()),
            })))),
            _ => {
                let mut attrs = Attrs::new();
                attrs.insert("content", content);
                attrs.insert("term", term.to_string());
                attrs
            }
        }
    }
    /// The keys of the record held, if one is (none for entries).
    fn record_keys(&self) -> Option<&'static [&'static str]> {
        match self.0.as_deref() {
            Some(Entries::Duplicate(_)) => Some(&DUPLICATE_KEYS),
            Some(Entries::Term(_)) => Some(&TERM_KEYS),
            _ => None,
        }
    }
    /// The record held made into entries, if one is.
    fn record_entries(&self) -> Option<Vec<(AttrKey, AttrValue)>> {
        match self.0.as_deref() {
            Some(Entries::Duplicate(record)) => Some(record.entries()),
            Some(Entries::Term(record)) => Some(record.entries()),
            _ => None,
        }
    }
    /// The value of key number `i` of the record held.
    fn record_value(&self, i: usize) -> Option<AttrValue> {
        match self.0.as_deref() {
            Some(Entries::Duplicate(record)) => Some(record.value(i)),
            Some(Entries::Term(record)) => Some(record.value(i)),
            _ => None,
        }
    }
    /// The entries held as entries (none for a duplicate record's).
    fn map(&self) -> &[(AttrKey, AttrValue)] {
        match self.0.as_deref() {
            Some(Entries::Map(entries)) => entries,
            _ => &[],
        }
    }
    fn position(&self, key: &str) -> Result<usize, usize> {
        match self.record_keys() {
            Some(keys) => keys.binary_search(&key),
            None => self.map().binary_search_by(|(k, _)| k.as_ref().cmp(key)),
        }
    }
    /// Sets `key`, returning its previous value.
    pub fn insert(
        &mut self,
        key: impl Into<AttrKey>,
        value: impl Into<AttrValue>,
    ) -> Option<AttrValue> {
        let key = key.into();
        let value = value.into();
        if let Some(entries) = self.record_entries() {
            // Changed: held as entries from now on.
            self.0 = Some(Arc::new(Entries::Map(entries)));
        }
        let at = self.position(&key);
        let entries = Arc::make_mut(
            self.0
                .get_or_insert_with(|| Arc::new(Entries::Map(Vec::with_capacity(1)))),
        );
        let Entries::Map(entries) = entries else {
            // Not reached: a record was made entries above.
            return None;
        };
        match at {
            Ok(i) => Some(std::mem::replace(&mut entries[i].1, value)),
            Err(i) => {
                // Grown one entry at a time: most annotations have two to
                // six attrs, and a doubled vector (64 bytes an entry) left
                // a third of their memory unused.
                if entries.len() == entries.capacity() {
                    entries.reserve_exact(1);
                }
                entries.insert(i, (key, value));
                None
            }
        }
    }
    pub fn remove(&mut self, key: &str) -> Option<AttrValue> {
        let i = self.position(key).ok()?;
        if let Some(entries) = self.record_entries() {
            self.0 = Some(Arc::new(Entries::Map(entries)));
        }
        let Entries::Map(entries) = Arc::make_mut(self.0.as_mut()?) else {
            // Not reached: a record was made entries above.
            return None;
        };
        let (_, v) = entries.remove(i);
        if entries.is_empty() {
            self.0 = None;
        }
        Some(v)
    }
    /// The value of `key`, as stored (borrowed), or as made from a
    /// duplicate record (owned, without allocation).
    pub fn value(&self, key: &str) -> Option<Cow<'_, AttrValue>> {
        let i = self.position(key).ok()?;
        match self.record_value(i) {
            Some(value) => Some(Cow::Owned(value)),
            None => self.map().get(i).map(|(_, v)| Cow::Borrowed(v)),
        }
    }
    /// The value of `key` if it is a string.
    pub fn str_value(&self, key: &str) -> Option<&str> {
        let i = self.position(key).ok()?;
        match self.0.as_deref() {
            Some(Entries::Duplicate(record)) => match record.value(i) {
                AttrValue::Str(Cow::Borrowed(s)) => Some(s),
                _ => None,
            },
            Some(Entries::Term(record)) => (i == 1).then_some(&**record.term),
            _ => self.map().get(i).and_then(|(_, v)| v.as_str()),
        }
    }
    /// The value of `key` as JSON.
    pub fn get(&self, key: &str) -> Option<Value> {
        self.value(key).map(|v| v.to_json())
    }
    pub fn contains_key(&self, key: &str) -> bool {
        self.position(key).is_ok()
    }
    /// Entries in key order, values as JSON.
    pub fn iter(&self) -> impl Iterator<Item = (&str, Value)> {
        self.values().map(|(k, v)| (k, v.to_json()))
    }
    /// Entries in key order, values as stored (borrowed) or as made from a
    /// duplicate record (owned, without allocation); no conversion to JSON.
    pub fn values(&self) -> Values<'_> {
        match self.0.as_deref() {
            Some(Entries::Map(entries)) => Values::Map(entries.iter()),
            Some(Entries::Duplicate(record)) => Values::Record(*record, 0),
            Some(Entries::Term(record)) => Values::Term(record, 0),
            None => Values::Map([].iter()),
        }
    }
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        let made = self.record_keys().unwrap_or(&[]);
        (self.map().iter().map(|(k, _)| k.as_ref())).chain(made.iter().copied())
    }
    pub fn len(&self) -> usize {
        match self.0.as_deref() {
            Some(Entries::Map(entries)) => entries.len(),
            Some(Entries::Duplicate(_)) => DUPLICATE_KEYS.len(),
            Some(Entries::Term(_)) => TERM_KEYS.len(),
            None => 0,
        }
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The entries of an [`Attrs`] in key order ([`Attrs::values`]): one
/// test of what is held a step (a chain of the two kinds' iterators cost
/// the layers' sharing of equal attrs a tenth more).
pub enum Values<'a> {
    Map(std::slice::Iter<'a, (AttrKey, AttrValue)>),
    /// A duplicate record and the number of the next key.
    Record(DuplicateAttrs, usize),
    /// A term's record and the number of the next key.
    Term(&'a TermAttrs, usize),
}

impl<'a> Iterator for Values<'a> {
    type Item = (&'a str, Cow<'a, AttrValue>);
    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        match self {
            Values::Map(entries) => entries.next().map(|(k, v)| (k.as_str(), Cow::Borrowed(v))),
            Values::Record(record, i) => {
                let key = DUPLICATE_KEYS.get(*i)?;
                let value = record.value(*i);
                *i += 1;
                Some((key, Cow::Owned(value)))
            }
            Values::Term(record, i) => {
                let key = TERM_KEYS.get(*i)?;
                let value = record.value(*i);
                *i += 1;
                Some((key, Cow::Owned(value)))
            }
        }
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = match self {
            Values::Map(entries) => entries.len(),
            Values::Record(_, i) => DUPLICATE_KEYS.len().saturating_sub(*i),
            Values::Term(_, i) => TERM_KEYS.len().saturating_sub(*i),
        };
        (n, Some(n))
    }
}

impl ExactSizeIterator for Values<'_> {}

/// Equal entries, whether held as entries or as a duplicate record.
impl PartialEq for Attrs {
    fn eq(&self, other: &Attrs) -> bool {
        self.len() == other.len()
            && self
                .values()
                .zip(other.values())
                .all(|((ka, va), (kb, vb))| ka == kb && va == vb)
    }
}

impl<'a> IntoIterator for &'a Attrs {
    type Item = (&'a str, Value);
    type IntoIter = Box<dyn Iterator<Item = (&'a str, Value)> + 'a>;
    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.iter())
    }
}

impl FromIterator<(String, Value)> for Attrs {
    fn from_iter<I: IntoIterator<Item = (String, Value)>>(iter: I) -> Self {
        let mut attrs = Attrs::new();
        for (k, v) in iter {
            attrs.insert(k, v);
        }
        attrs
    }
}

impl Serialize for Attrs {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.len()))?;
        for (k, v) in self.values() {
            map.serialize_entry(k, &v)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Attrs {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let map = serde_json::Map::<String, Value>::deserialize(deserializer)?;
        Ok(map.into_iter().collect())
    }
}

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
    /// Unique within one [`Annotated`]; the index in `annotations`. A
    /// `u32` (an annotation is then 32 bytes, not 40: 7.8 MB of news has
    /// 230,957): set it with [`Annotation::id_of`], read it as an index
    /// with [`Annotation::index`].
    pub id: u32,
    pub layer: Layer,
    /// `PER` `ORG` `LOC` `WORK` (entities), `MONEY` `PERCENT` `QUANTITY` …
    /// (quantities), `DATE` (time), `QUOTE` `TERM` (quotes), …: a name
    /// kept once for the process ([`Label`]).
    pub label: Label,
    pub span: Span,
    pub attrs: Attrs,
}

/// An annotation's label: the number of its name, each distinct name kept
/// once for the process (the annotators' few, and whatever is read back),
/// so that an [`Annotation`] is 32 bytes (with a `Cow<'static, str>` and
/// a `usize` id it was 64; 7.8 MB of news has 230,957 annotations). Reads as the name
/// (`&str`); in serde it is the name. Past 65,536 distinct names in one
/// process, a new name is held as `?`.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Label(u16);

/// A page of [`LABEL_NAMES`]: the names of 256 labels.
type LabelPage = Box<[std::sync::OnceLock<&'static str>]>;

/// The names of the labels, by number, in pages of 256 made as they are
/// first needed (a table of all 65,536 would add 1.5 MB to the binary).
static LABEL_NAMES: [std::sync::OnceLock<LabelPage>; 256] =
    [const { std::sync::OnceLock::new() }; 256];

/// The cell of label number `i`'s name, its page made if `make`.
fn label_cell(i: usize, make: bool) -> Option<&'static std::sync::OnceLock<&'static str>> {
    let page = LABEL_NAMES.get(i >> 8)?;
    let page = if make {
        page.get_or_init(|| (0..256).map(|_| std::sync::OnceLock::new()).collect())
    } else {
        page.get()?
    };
    page.get(i & 0xff)
}

impl Label {
    /// The label named `name`.
    pub fn new(name: &str) -> Label {
        use std::sync::{OnceLock, RwLock};
        type Index = RwLock<rustc_hash::FxHashMap<&'static str, u16>>;
        static INDEX: OnceLock<Index> = OnceLock::new();
        let index = INDEX.get_or_init(Default::default);
        // A poisoned lock still holds a valid map.
        if let Some(&i) = index.read().unwrap_or_else(|e| e.into_inner()).get(name) {
            return Label(i);
        }
        let mut map = index.write().unwrap_or_else(|e| e.into_inner());
        if let Some(&i) = map.get(name) {
            return Label(i);
        }
        let n = map.len();
        let Some(slot) = label_cell(n, true) else {
            return if name == "?" {
                Label(0)
            } else {
                Label::new("?")
            };
        };
        let kept: &'static str = Box::leak(name.into());
        let _ = slot.set(kept);
        let i = n as u16;
        map.insert(kept, i);
        Label(i)
    }
    /// The name.
    pub fn as_str(&self) -> &'static str {
        label_cell(usize::from(self.0), false)
            .and_then(|c| c.get().copied())
            .unwrap_or("?")
    }
}

impl std::ops::Deref for Label {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Label {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl std::borrow::Borrow<str> for Label {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq<str> for Label {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Label {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<Label> for &str {
    fn eq(&self, other: &Label) -> bool {
        *self == other.as_str()
    }
}

impl PartialEq<Label> for str {
    fn eq(&self, other: &Label) -> bool {
        self == other.as_str()
    }
}

/// In the order of the names.
impl PartialOrd for Label {
    fn partial_cmp(&self, other: &Label) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Label {
    fn cmp(&self, other: &Label) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl std::fmt::Debug for Label {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl std::fmt::Display for Label {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<&str> for Label {
    fn from(name: &str) -> Label {
        Label::new(name)
    }
}

impl From<String> for Label {
    fn from(name: String) -> Label {
        Label::new(&name)
    }
}

impl From<&String> for Label {
    fn from(name: &String) -> Label {
        Label::new(name)
    }
}

impl From<Cow<'_, str>> for Label {
    fn from(name: Cow<'_, str>) -> Label {
        Label::new(&name)
    }
}

impl Serialize for Label {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Label {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Label, D::Error> {
        let name = Cow::<'de, str>::deserialize(d)?;
        Ok(Label::new(&name))
    }
}

impl Annotation {
    /// The id of the annotation at index `i` of a document's list
    /// (`u32::MAX` past it: a document's text is at most 4 GB, and no
    /// annotator gives billions of annotations).
    pub fn id_of(i: usize) -> u32 {
        u32::try_from(i).unwrap_or(u32::MAX)
    }
    /// The id as an index into the document's list.
    pub fn index(&self) -> usize {
        self.id as usize
    }
    /// A new annotation; the pipeline assigns the final `id`.
    pub fn new(layer: Layer, label: impl Into<Label>, span: Span) -> Self {
        Annotation {
            id: 0,
            layer,
            label: label.into(),
            span,
            attrs: Attrs::new(),
        }
    }
    /// Builder-style attribute setter.
    pub fn with(mut self, key: impl Into<AttrKey>, value: impl Into<AttrValue>) -> Self {
        self.attrs.insert(key, value);
        self
    }
    pub fn attr_str(&self, key: &str) -> Option<&str> {
        self.attrs.str_value(key)
    }
    pub fn attr_f64(&self, key: &str) -> Option<f64> {
        self.attrs.value(key).and_then(|v| v.as_f64())
    }
}

/// A word from segmentation with its part-of-speech tag (jieba's tag set,
/// after the project's overrides).
///
/// Eight bytes: the start as a `u32` byte offset, then one `u32` holding
/// the tag as an index into jieba's tags (or the table of other tags, see
/// [`pos_tag`]) and the length in bytes. A 7.8 MB text has 1.5 million
/// tokens; as two `usize` offsets and a string slice they took 49 MB, as
/// two `u32` offsets and a `u16` tag 18 MB, now 12 MB. A token of
/// [`LONG_TOKEN`] bytes or more (a run of letters with no space, never a
/// word) keeps its end in a table of the process's ([`LONG_ENDS`]), by
/// its index there, so that every length stays exact. Documents are at
/// most 4 GB (`read` refuses larger ones); an offset past that is
/// clamped. Read it through [`Token::span`] and [`Token::pos`]. In serde
/// it is `{"span": {"start", "end"}, "pos"}`, as before.
#[derive(Clone, Copy, Serialize, Deserialize)]
#[serde(into = "TokenRepr", from = "TokenRepr")]
pub struct Token {
    start: u32,
    /// The tag number in the top [`TAG_BITS`] bits, then [`LONG_BIT`],
    /// then the length (or, with [`LONG_BIT`] set, the index of the end
    /// in [`LONG_ENDS`]).
    packed: u32,
}

/// Bits of [`Token::packed`] for the tag number: jieba's tags and up to
/// [`OTHER_TAGS`] others.
const TAG_BITS: u32 = 11;
/// The bit of [`Token::packed`] set when the end is in [`LONG_ENDS`].
const LONG_BIT: u32 = 1 << (31 - TAG_BITS);
/// Lengths below this are held in the token itself (1 MiB).
pub const LONG_TOKEN: usize = LONG_BIT as usize;

/// The ends of the tokens of [`LONG_TOKEN`] bytes or more, by the index
/// their tokens hold: each such token is a MiB of text, so the table
/// stays small (past [`LONG_TOKEN`] entries, a terabyte of such tokens in
/// one process, a token's end is clamped to [`LONG_TOKEN`] − 1 bytes
/// past its start).
static LONG_ENDS: std::sync::RwLock<Vec<u32>> = std::sync::RwLock::new(Vec::new());

/// Equal when their spans and tags are (a long token's end is compared,
/// not its index).
impl PartialEq for Token {
    fn eq(&self, other: &Token) -> bool {
        if (self.packed | other.packed) & LONG_BIT == 0 {
            return self.start == other.start && self.packed == other.packed;
        }
        self.start == other.start && self.tag() == other.tag() && self.end() == other.end()
    }
}

impl Eq for Token {}

impl Token {
    /// A token over `span` tagged `pos`.
    pub fn new(span: Span, pos: &str) -> Token {
        Token::packed(span, tag_index(pos))
    }
    /// A token over `span` with tag number `tag`.
    fn packed(span: Span, tag: u16) -> Token {
        let clamp = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        let (start, end) = (clamp(span.start), clamp(span.end));
        let len = end.saturating_sub(start);
        let low = if len < LONG_BIT {
            len
        } else {
            let mut ends = LONG_ENDS.write().unwrap_or_else(|e| e.into_inner());
            match u32::try_from(ends.len()) {
                Ok(i) if i < LONG_BIT => {
                    ends.push(end);
                    LONG_BIT | i
                }
                _ => LONG_BIT - 1,
            }
        };
        Token {
            start,
            packed: (u32::from(tag) << (32 - TAG_BITS)) | low,
        }
    }
    /// The tag number.
    #[inline]
    fn tag(&self) -> u16 {
        (self.packed >> (32 - TAG_BITS)) as u16
    }
    /// The token's byte span in the document text.
    #[inline]
    pub fn span(&self) -> Span {
        Span::new(self.start(), self.end())
    }
    /// Byte offset of the token's first character.
    #[inline]
    pub fn start(&self) -> usize {
        self.start as usize
    }
    /// Byte offset just past the token.
    #[inline]
    pub fn end(&self) -> usize {
        let low = self.packed & ((1 << (32 - TAG_BITS)) - 1);
        if low & LONG_BIT == 0 {
            return self.start as usize + low as usize;
        }
        let ends = LONG_ENDS.read().unwrap_or_else(|e| e.into_inner());
        ends.get((low & !LONG_BIT) as usize)
            .map_or(self.start as usize, |&e| e as usize)
    }
    /// The part-of-speech tag.
    #[inline]
    pub fn pos(&self) -> PosTag {
        tag_of_index(self.tag())
    }
    /// The token moved to `span`, same tag.
    pub fn with_span(self, span: Span) -> Token {
        Token::packed(span, self.tag())
    }
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Token")
            .field("span", &self.span())
            .field("pos", &self.pos())
            .finish()
    }
}

/// The serde form of a [`Token`] (the old struct's fields).
#[derive(Serialize, Deserialize)]
struct TokenRepr {
    span: Span,
    #[serde(deserialize_with = "deserialize_pos")]
    pos: PosTag,
}

impl From<Token> for TokenRepr {
    fn from(t: Token) -> TokenRepr {
        TokenRepr {
            span: t.span(),
            pos: t.pos(),
        }
    }
}

impl From<TokenRepr> for Token {
    fn from(t: TokenRepr) -> Token {
        Token::new(t.span, t.pos)
    }
}

/// A part-of-speech tag, shared through [`pos_tag`]: costs no allocation
/// and needs no dropping.
pub type PosTag = &'static str;

fn deserialize_pos<'de, D: serde::Deserializer<'de>>(d: D) -> Result<PosTag, D::Error> {
    let tag = std::borrow::Cow::<'de, str>::deserialize(d)?;
    Ok(pos_tag(&tag))
}

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

/// The tag `tag` as a [`PosTag`]: one of jieba's tags, or else an interned
/// copy. Other tags come only from dictionaries and override tables (a
/// handful of distinct strings), so each is kept once for the program's
/// life.
pub fn pos_tag(tag: &str) -> PosTag {
    tag_of_index(tag_index(tag))
}

/// The index of jieba's tag `tag` in [`TAGS`].
fn jieba_tag(tag: &str) -> Option<usize> {
    // The tags starting with the same letter, then a short scan of them
    // (called once per token).
    tag_key(tag.as_bytes()).and_then(|k| {
        let (from, to) = *TAG_RANGES.get(usize::from(tag.as_bytes()[0].wrapping_sub(b'a')))?;
        (from..to).find(|&i| TAG_KEYS[i] == k)
    })
}

/// How many tags other than jieba's a token can hold (what [`TAG_BITS`]
/// leaves); any further distinct tag is held as `x` (tags come from the
/// project's data files, a handful).
const OTHER_TAGS: usize = (1 << TAG_BITS) - TAGS.len();

/// Tags other than jieba's, by index − `TAGS.len()`, set once each.
static OTHERS: [std::sync::OnceLock<&'static str>; OTHER_TAGS] =
    [const { std::sync::OnceLock::new() }; OTHER_TAGS];

/// A token's tag number: the index in [`TAGS`], else `TAGS.len()` + the
/// index of the interned tag.
fn tag_index(tag: &str) -> u16 {
    match jieba_tag(tag) {
        Some(i) => i as u16,
        None => intern_tag(tag),
    }
}

#[inline]
fn tag_of_index(i: u16) -> PosTag {
    let i = usize::from(i);
    match TAGS.get(i) {
        Some(t) => t,
        None => OTHERS
            .get(i - TAGS.len())
            .and_then(|t| t.get().copied())
            .unwrap_or("x"),
    }
}

/// For each letter a–z, the range of [`TAGS`] starting with it.
const TAG_RANGES: [(usize, usize); 26] = {
    let mut ranges = [(0usize, 0usize); 26];
    let mut i = 0;
    while i < TAGS.len() {
        let letter = (TAGS[i].as_bytes()[0] - b'a') as usize;
        if ranges[letter].1 == 0 {
            ranges[letter].0 = i;
        }
        ranges[letter].1 = i + 1;
        i += 1;
    }
    ranges
};

fn intern_tag(tag: &str) -> u16 {
    use std::sync::{Mutex, OnceLock};
    static INDEX: OnceLock<Mutex<rustc_hash::FxHashMap<&'static str, u16>>> = OnceLock::new();
    let index = INDEX.get_or_init(Default::default);
    // A poisoned lock still holds a valid map.
    let mut map = index.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(&i) = map.get(tag) {
        return i;
    }
    let n = map.len();
    let Some(slot) = OTHERS.get(n) else {
        return tag_index("x");
    };
    let t: &'static str = Box::leak(tag.to_string().into_boxed_str());
    let _ = slot.set(t);
    let i = (TAGS.len() + n) as u16;
    map.insert(t, i);
    i
}

/// A keyword with its weight, normalised to 0–1 within its list: 16
/// bytes (a big document has hundreds of thousands of keywords, 20 per
/// section: 7.8 MB of news about 350,000).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Keyword {
    pub weight: f64,
    /// The word's number in its document's [`Keywords::words`] (a
    /// document's keywords have a few thousand distinct words: in 5 MB of
    /// news, 211,858 keywords and 734 words).
    pub word: u32,
    /// `tfidf` or `textrank`: a name kept once, not a string of its own
    /// per keyword.
    pub method: KeywordMethod,
}

/// The distinct words of a document's keywords, one after another in one
/// string, each named by its number ([`Keyword::word`]).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct KeywordWords {
    text: String,
    /// Where each word ends in `text` (it starts where the one before
    /// ends).
    ends: Vec<u32>,
}

impl KeywordWords {
    /// Adds `word` as the next number (the caller keeps the words
    /// distinct); `None` past 4 GB of words.
    pub fn push(&mut self, word: &str) -> Option<u32> {
        let n = u32::try_from(self.ends.len()).ok()?;
        let end = u32::try_from(self.text.len().checked_add(word.len())?).ok()?;
        self.text.push_str(word);
        self.ends.push(end);
        Some(n)
    }
    /// Word number `i` (`None` when there is no such word).
    #[inline]
    pub fn get(&self, i: u32) -> Option<&str> {
        let i = i as usize;
        let end = *self.ends.get(i)? as usize;
        let start = match i.checked_sub(1) {
            Some(j) => *self.ends.get(j)? as usize,
            None => 0,
        };
        self.text.get(start..end)
    }
    /// The number of words.
    pub fn len(&self) -> usize {
        self.ends.len()
    }
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }
    /// The words in number order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.ends.len() as u32).filter_map(|i| self.get(i))
    }
    /// Gives back room held past what the words need.
    pub fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.ends.shrink_to_fit();
    }
}

/// A keyword's method, `tfidf` or `textrank` (another name, read back from
/// JSON, is kept once for the process): 4 bytes, so that a [`Keyword`] is
/// 16. Reads as the name (`&str`); in serde it is the name.
#[derive(Clone, Copy)]
pub struct KeywordMethod(u32);

/// The names of the methods other than the two usual ones, by number − 2.
static OTHER_METHODS: std::sync::Mutex<Vec<&'static str>> = std::sync::Mutex::new(Vec::new());

impl KeywordMethod {
    pub const TFIDF: KeywordMethod = KeywordMethod(0);
    pub const TEXTRANK: KeywordMethod = KeywordMethod(1);

    /// The method named `name`.
    pub fn new(name: &str) -> KeywordMethod {
        match name {
            "tfidf" => return KeywordMethod::TFIDF,
            "textrank" => return KeywordMethod::TEXTRANK,
            _ => {}
        }
        // A poisoned lock still holds a valid list.
        let mut others = OTHER_METHODS.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(i) = others.iter().position(|m| *m == name) {
            return KeywordMethod(i as u32 + 2);
        }
        others.push(Box::leak(name.into()));
        KeywordMethod(others.len() as u32 + 1)
    }
    #[inline]
    pub fn as_str(&self) -> &'static str {
        match self.0 {
            0 => "tfidf",
            1 => "textrank",
            n => {
                let others = OTHER_METHODS.lock().unwrap_or_else(|e| e.into_inner());
                others.get(n as usize - 2).copied().unwrap_or_default()
            }
        }
    }
}

impl std::ops::Deref for KeywordMethod {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq for KeywordMethod {
    fn eq(&self, other: &KeywordMethod) -> bool {
        // One number per name.
        self.0 == other.0
    }
}

impl Eq for KeywordMethod {}

impl PartialEq<str> for KeywordMethod {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for KeywordMethod {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl std::fmt::Debug for KeywordMethod {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl From<&str> for KeywordMethod {
    fn from(name: &str) -> KeywordMethod {
        KeywordMethod::new(name)
    }
}

impl Serialize for KeywordMethod {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for KeywordMethod {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<KeywordMethod, D::Error> {
        let name = Cow::<'de, str>::deserialize(d)?;
        Ok(KeywordMethod::new(&name))
    }
}

/// Keywords for the whole document and for each section (same order as
/// `Document::sections`), their words numbered in `words`. In serde (and
/// JSON) each keyword is `{word, weight, method}` with its word spelled
/// out, as before the words were numbered.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Keywords {
    pub words: KeywordWords,
    pub document: Vec<Keyword>,
    pub sections: Vec<Vec<Keyword>>,
}

impl Keywords {
    /// No keywords, an empty list for each of `sections` sections.
    pub fn empty(sections: usize) -> Keywords {
        Keywords {
            words: KeywordWords::default(),
            document: Vec::new(),
            sections: vec![Vec::new(); sections],
        }
    }
    /// The word of `k` (one of these keywords); empty when it is not in
    /// the table.
    #[inline]
    pub fn word(&self, k: &Keyword) -> &str {
        self.words.get(k.word).unwrap_or_default()
    }
}

/// A keyword as serde writes and reads it: its word spelled out.
#[derive(Serialize, Deserialize)]
struct KeywordSerde<'a> {
    #[serde(borrow)]
    word: Cow<'a, str>,
    weight: f64,
    method: KeywordMethod,
}

impl Serialize for Keywords {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        struct List<'k>(&'k Keywords, &'k [Keyword]);
        impl Serialize for List<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_seq(self.1.iter().map(|k| KeywordSerde {
                    word: Cow::Borrowed(self.0.word(k)),
                    weight: k.weight,
                    method: k.method,
                }))
            }
        }
        let mut st = s.serialize_struct("Keywords", 2)?;
        st.serialize_field("document", &List(self, &self.document))?;
        let sections: Vec<List> = self.sections.iter().map(|l| List(self, l)).collect();
        st.serialize_field("sections", &sections)?;
        st.end()
    }
}

impl<'de> Deserialize<'de> for Keywords {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Keywords, D::Error> {
        #[derive(Deserialize)]
        struct Lists<'a> {
            #[serde(borrow)]
            document: Vec<KeywordSerde<'a>>,
            #[serde(borrow)]
            sections: Vec<Vec<KeywordSerde<'a>>>,
        }
        let lists = Lists::deserialize(d)?;
        let mut words = KeywordWords::default();
        let mut numbers: std::collections::HashMap<String, u32> = Default::default();
        let mut list = |l: Vec<KeywordSerde>| -> Result<Vec<Keyword>, D::Error> {
            l.into_iter()
                .map(|k| {
                    let word = match numbers.get(&*k.word) {
                        Some(&n) => n,
                        None => {
                            let n = words
                                .push(&k.word)
                                .ok_or_else(|| serde::de::Error::custom("too many keywords"))?;
                            numbers.insert(k.word.into_owned(), n);
                            n
                        }
                    };
                    Ok(Keyword {
                        weight: k.weight,
                        word,
                        method: k.method,
                    })
                })
                .collect()
        };
        let document = list(lists.document)?;
        let sections = lists
            .sections
            .into_iter()
            .map(&mut list)
            .collect::<Result<_, _>>()?;
        Ok(Keywords {
            words,
            document,
            sections,
        })
    }
}

/// A document with everything the annotators found. Immutable once built.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Annotated {
    /// Shared: the browser's reader and its worker hold one document.
    pub doc: std::sync::Arc<Document>,
    /// Tokens in text order, covering every non-space character once.
    pub tokens: Vec<Token>,
    /// All other layers; `annotations[i].id == i`.
    pub annotations: Vec<Annotation>,
    pub keywords: Keywords,
}

impl Annotated {
    /// Wraps a document that has not been annotated yet (the interface shows
    /// it at once while annotation runs).
    pub fn unannotated(doc: impl Into<std::sync::Arc<Document>>) -> Self {
        let doc = doc.into();
        let sections = doc.sections.len();
        Annotated {
            doc,
            tokens: Vec::new(),
            annotations: Vec::new(),
            keywords: Keywords::empty(sections),
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
    fn attrs_serialise_like_a_json_object_with_sorted_keys() {
        let a = Annotation::new(Layer::Quantities, "MONEY", Span::new(0, 3))
            .with("value", 12.5)
            .with("unit", "CNY")
            .with("approx", "≈")
            .with("kind", "money")
            .with("unit", "USD");
        let mut map = serde_json::Map::new();
        for (k, v) in [
            ("value", serde_json::json!(12.5)),
            ("unit", serde_json::json!("USD")),
            ("approx", serde_json::json!("≈")),
            ("kind", serde_json::json!("money")),
        ] {
            map.insert(k.to_string(), v);
        }
        let ours = serde_json::to_string(&a.attrs).unwrap_or_default();
        assert_eq!(ours, serde_json::to_string(&map).unwrap_or_default());
        assert_eq!(
            a.attrs.keys().collect::<Vec<_>>(),
            ["approx", "kind", "unit", "value"]
        );
        let back: Attrs = serde_json::from_str(&ours).unwrap_or_default();
        assert_eq!(back, a.attrs);
        assert_eq!(a.attr_str("unit"), Some("USD"));
        assert_eq!(a.attrs.get("missing"), None);
    }

    #[test]
    fn attr_values_are_compact_and_read_back_equal() {
        let span = Span::new(3, 9);
        let a = Annotation::new(Layer::Quotes, "QUOTE", span)
            .with("speaker", Span::new(0, 3))
            .with("content", serde_json::json!({ "start": 4, "end": 8 }))
            .with("pattern", "after")
            .with("offset", -1)
            .with("index", 7usize)
            .with("value", 0.141)
            .with("nan", f64::NAN)
            .with("list", serde_json::json!([1, 2]))
            .with("per_char", true);
        assert_eq!(
            a.attrs.value("speaker").as_deref(),
            Some(&AttrValue::Span { start: 0, end: 3 })
        );
        assert_eq!(
            a.attrs.value("content").as_deref(),
            Some(&AttrValue::Span { start: 4, end: 8 })
        );
        assert_eq!(
            a.attrs.value("pattern").as_deref(),
            Some(&AttrValue::Str(Cow::Borrowed("after")))
        );
        assert_eq!(
            a.attrs.value("offset").as_deref(),
            Some(&AttrValue::Int(-1))
        );
        assert_eq!(a.attrs.value("index").as_deref(), Some(&AttrValue::UInt(7)));
        let json = serde_json::to_value(&a.attrs).unwrap_or_default();
        assert_eq!(
            json,
            serde_json::json!({
                "speaker": { "start": 0, "end": 3 },
                "content": { "start": 4, "end": 8 },
                "pattern": "after",
                "offset": -1,
                "index": 7,
                "value": 0.141,
                "nan": null,
                "list": [1, 2],
                "per_char": true,
            })
        );
        // Written as text, then read back: equal, key by key and as a whole.
        let text = serde_json::to_string(&a.attrs).unwrap_or_default();
        assert!(
            text.starts_with(r#"{"content":{"end":8,"start":4},"index":7,"#),
            "{text}"
        );
        let back: Attrs = serde_json::from_str(&text).unwrap_or_default();
        assert_eq!(back, a.attrs);
        for (k, v) in &a.attrs {
            assert_eq!(json.get(k), Some(&v), "{k}");
        }
    }

    /// A duplicate record's attrs read, compare and serialise as the same
    /// five entries inserted one by one; changed, they become entries;
    /// values that do not fit the record are held as entries.
    #[test]
    fn term_attrs_read_as_their_entries() {
        assert_eq!(std::mem::size_of::<Entries>(), 24);
        let entries = |content: Span, term: &str| {
            let mut attrs = Attrs::new();
            attrs.insert("content", content);
            attrs.insert("term", term.to_string());
            attrs
        };
        for (content, term, fits) in [
            (Span::new(3, 9), "新农人", true),
            (Span::new(0, 0), "", true),
            (Span::new(7, u32::MAX as usize), "a\"b", true),
            (Span::new(1, u32::MAX as usize + 1), "过大", false),
        ] {
            let made = Attrs::term(content, term);
            let want = entries(content, term);
            assert_eq!(made.record_keys().is_some(), fits, "{want:?}");
            assert_eq!(made, want);
            assert_eq!(want, made);
            assert_eq!(made.len(), 2);
            assert_eq!(made.values().len(), 2);
            assert_eq!(
                made.keys().collect::<Vec<_>>(),
                want.keys().collect::<Vec<_>>()
            );
            assert_eq!(
                serde_json::to_string(&made).ok(),
                serde_json::to_string(&want).ok()
            );
            for key in ["content", "term", "missing", "a", "z"] {
                assert_eq!(made.value(key), want.value(key), "{key}");
                assert_eq!(made.str_value(key), want.str_value(key), "{key}");
                assert_eq!(made.get(key), want.get(key), "{key}");
                assert_eq!(made.contains_key(key), want.contains_key(key), "{key}");
            }
            // Changed, it is entries; the shared copy is left as it was.
            let shared = made.clone();
            let mut changed = made.clone();
            changed.insert("speaker_text", "某人".to_string());
            assert_eq!(changed.len(), 3);
            assert_eq!(changed.str_value("term"), Some(term));
            assert_eq!(shared, want);
            let mut fewer = made;
            assert_eq!(
                fewer.remove("term"),
                want.value("term").map(Cow::into_owned)
            );
            assert_eq!(fewer.keys().collect::<Vec<_>>(), ["content"]);
            assert_eq!(shared, want);
        }
    }

    #[test]
    fn duplicate_attrs_read_as_their_entries() {
        use crate::model::Unit;
        assert_eq!(std::mem::size_of::<Entries>(), 24);
        let entries = |unit: Unit, index: usize, of: Span, of_unit: Unit, of_index: usize| {
            let mut attrs = Attrs::new();
            attrs.insert("unit", unit.name());
            attrs.insert("index", index);
            attrs.insert("of", of);
            attrs.insert("of_unit", of_unit.name());
            attrs.insert("of_index", of_index);
            attrs
        };
        let big = (1usize << 31) - 1;
        for (unit, index, of, of_unit, of_index) in [
            (Unit::Sentence, 7, Span::new(3, 9), Unit::Paragraph, 2),
            (Unit::Paragraph, 0, Span::new(0, 0), Unit::Sentence, 0),
            (
                Unit::Sentence,
                big,
                Span::new(0, u32::MAX as usize),
                Unit::Sentence,
                big,
            ),
            (
                Unit::Paragraph,
                big + 1,
                Span::new(1, 2),
                Unit::Paragraph,
                1,
            ),
            (
                Unit::Paragraph,
                1,
                Span::new(1, u32::MAX as usize + 1),
                Unit::Sentence,
                1,
            ),
        ] {
            let made = Attrs::duplicate(unit, index, of, of_unit, of_index);
            let want = entries(unit, index, of, of_unit, of_index);
            let fits = index <= big && of.end <= u32::MAX as usize;
            let record = matches!(made.0.as_deref(), Some(Entries::Duplicate(_)));
            assert_eq!(record, fits, "{want:?}");
            assert_eq!(made, want);
            assert_eq!(want, made);
            assert_eq!(made.len(), 5);
            assert_eq!(
                made.keys().collect::<Vec<_>>(),
                want.keys().collect::<Vec<_>>()
            );
            assert_eq!(
                serde_json::to_string(&made).ok(),
                serde_json::to_string(&want).ok()
            );
            for key in [
                "index", "of", "of_index", "of_unit", "unit", "missing", "a", "z",
            ] {
                assert_eq!(made.value(key), want.value(key), "{key}");
                assert_eq!(made.str_value(key), want.str_value(key), "{key}");
                assert_eq!(made.get(key), want.get(key), "{key}");
                assert_eq!(made.contains_key(key), want.contains_key(key), "{key}");
            }
            assert_eq!(made.str_value("unit"), Some(unit.name()));
            let mut changed = made.clone();
            assert_eq!(changed.insert("note", true), None);
            assert_eq!(
                changed.insert("index", 5usize),
                Some(AttrValue::from(index))
            );
            let mut want_changed = want.clone();
            want_changed.insert("note", true);
            want_changed.insert("index", 5usize);
            assert_eq!(changed, want_changed);
            assert_eq!(made, want, "the shared record is left as it was");
            let mut removed = made.clone();
            assert_eq!(removed.remove("of"), Some(AttrValue::from(of)));
            assert_eq!(removed.remove("of"), None);
            assert_eq!(removed.len(), 4);
            assert!(!removed.contains_key("of"));
        }
    }

    #[test]
    fn changing_a_shared_attrs_copies_it_first() {
        let a = Attrs::new();
        assert!(a.is_empty());
        let mut emptied = Attrs::from_iter([("k".to_string(), Value::Null)]);
        assert_eq!(
            emptied.remove("k"),
            Some(AttrValue::Json(Box::new(Value::Null)))
        );
        assert_eq!(a, emptied);
        let shared = Annotation::new(Layer::Glossary, "TERM", Span::new(0, 1))
            .with("term", "双创")
            .attrs;
        let mut copy = shared.clone();
        copy.insert("term", Value::from("党委"));
        assert_eq!(shared.get("term"), Some(Value::from("双创")));
        assert_eq!(copy.get("term"), Some(Value::from("党委")));
        assert_eq!(copy.remove("term"), Some(AttrValue::from("党委")));
        assert!(copy.is_empty() && !shared.is_empty());
    }

    #[test]
    fn jieba_tags_are_shared_others_interned() {
        for t in TAGS {
            let owned: String = t.chars().collect();
            assert_eq!(pos_tag(&owned), t);
        }
        for t in ["", "nrx", "nrfgx", "中"] {
            let owned: String = t.chars().collect();
            let first = pos_tag(&owned);
            assert_eq!(first, t);
            let again: String = t.chars().collect();
            assert!(std::ptr::eq(pos_tag(&again), first));
        }
    }

    #[test]
    fn attrs_entries_are_forty_bytes_and_keys_of_every_origin_sort_and_read_alike() {
        assert_eq!(std::mem::size_of::<(AttrKey, AttrValue)>(), 40);
        assert_eq!(std::mem::size_of::<AttrKey>(), 16);
        // The same keys, as literals, as owned strings (read back from
        // JSON) and as the cache's `Cow`s, in any insertion order: one
        // sorted map, equal whatever the keys' origin.
        let mut literal = Attrs::new();
        literal.insert("unit", "CNY");
        literal.insert("value", 12u64);
        literal.insert("approx", true);
        let mut owned = Attrs::new();
        owned.insert("value".to_string(), 12u64);
        owned.insert(Cow::Owned::<'static, str>("approx".into()), true);
        owned.insert(Cow::Borrowed("unit"), "CNY");
        assert_eq!(literal, owned);
        assert_eq!(
            owned.keys().collect::<Vec<_>>(),
            ["approx", "unit", "value"]
        );
        assert_eq!(owned.str_value("unit"), Some("CNY"));
        assert_eq!(
            serde_json::to_string(&owned).ok().as_deref(),
            Some(r#"{"approx":true,"unit":"CNY","value":12}"#)
        );
        // A value with no compact form is kept as JSON and reads back as it was.
        let nested = serde_json::json!({"a": [1, 2], "b": null});
        owned.insert("nested", AttrValue::from(nested.clone()));
        assert_eq!(owned.get("nested"), Some(nested));
        assert!(matches!(
            owned.value("nested").as_deref(),
            Some(AttrValue::Json(_))
        ));
    }

    #[test]
    fn tokens_are_eight_bytes_and_give_back_their_span_and_tag() {
        assert_eq!(std::mem::size_of::<Token>(), 8);
        for (i, tag) in TAGS.iter().chain(&["nrx", "user_tag", ""]).enumerate() {
            let span = Span::new(i * 3, i * 3 + 3);
            let t = Token::new(span, tag);
            assert_eq!((t.span(), t.pos()), (span, *tag));
            assert_eq!((t.start(), t.end()), (span.start, span.end));
            let moved = t.with_span(Span::new(1, 2));
            assert_eq!((moved.span(), moved.pos()), (Span::new(1, 2), *tag));
        }
        // Offsets past 4 GB (refused when a document is read) are clamped.
        let far = Token::new(Span::new(1, usize::MAX), "n");
        assert_eq!(far.span(), Span::new(1, u32::MAX as usize));
        assert_eq!(far.pos(), "n");
    }

    /// Lengths just under and past what a token holds itself, and a
    /// token long enough to keep its end in the table: each span and tag
    /// exact, equal tokens equal however they were made.
    #[test]
    fn long_tokens_keep_their_exact_length() {
        for len in [0, 1, LONG_TOKEN - 1, LONG_TOKEN, LONG_TOKEN + 1, 20 << 20] {
            for tag in ["eng", "x", "user_tag"] {
                let span = Span::new(7, 7 + len);
                let t = Token::new(span, tag);
                assert_eq!((t.span(), t.pos()), (span, tag), "{len} {tag}");
                assert_eq!(t, Token::new(span, tag));
                assert_ne!(t, Token::new(Span::new(7, 8 + len), tag));
                assert_ne!(t, Token::new(span, "n"));
                let moved = t.with_span(Span::new(3, 3 + len));
                assert_eq!(moved.span(), Span::new(3, 3 + len));
                assert_eq!(moved.pos(), tag);
            }
        }
    }

    /// An annotation is 32 bytes, its id an index as a `u32`; its label
    /// reads back as the name it was made from, compares with names and
    /// orders as they do.
    #[test]
    fn annotations_are_32_bytes_and_keep_their_label() {
        assert_eq!(std::mem::size_of::<Annotation>(), 32);
        for i in [0, 7, u32::MAX as usize - 1] {
            let mut a = Annotation::new(Layer::Entities, "PER", Span::new(0, 3));
            a.id = Annotation::id_of(i);
            assert_eq!(a.index(), i);
            let json = serde_json::to_string(&a).unwrap_or_default();
            assert!(json.contains(&format!("\"id\":{i},")), "{json}");
            let back: Option<Annotation> = serde_json::from_str(&json).ok();
            assert_eq!(back.map(|b| b.index()), Some(i));
        }
        assert_eq!(Annotation::id_of(u32::MAX as usize + 1), u32::MAX);
        for name in ["PER", "DUP", "a label read back", ""] {
            let a = Annotation::new(Layer::Entities, name, Span::new(0, 3));
            assert_eq!(&*a.label, name);
            assert!(a.label == name);
            assert!(name == a.label);
            assert_eq!(a.label, Label::from(String::from(name)));
            let json = serde_json::to_string(&a.label).unwrap_or_default();
            assert_eq!(json, serde_json::to_string(name).unwrap_or_default());
            let back: Option<Label> = serde_json::from_str(&json).ok();
            assert_eq!(back, Some(a.label));
        }
        assert_ne!(Label::new("PER"), Label::new("ORG"));
        // "ORG" was named after "PER" here, and sorts before it.
        assert!(Label::new("ORG") < Label::new("PER"));
    }

    /// A keyword is 16 bytes; its method reads back as the name it was
    /// made from, the two usual ones and any other; in JSON the keywords
    /// spell their words out and read back as themselves.
    #[test]
    fn keywords_are_16_bytes_and_keep_their_word_and_method() {
        assert_eq!(std::mem::size_of::<Keyword>(), 16);
        for name in ["tfidf", "textrank", "my_method", ""] {
            let method = KeywordMethod::new(name);
            assert_eq!(&*method, name);
            let mut k = Keywords::empty(2);
            let (qing, he) = (k.words.push("青禾"), k.words.push("\"引号\""));
            let (Some(qing), Some(he)) = (qing, he) else {
                panic!("two words numbered");
            };
            let kw = |word, weight| Keyword {
                weight,
                word,
                method,
            };
            k.document = vec![kw(qing, 1.0), kw(he, 0.5)];
            k.sections[1] = vec![kw(he, 0.25)];
            assert_eq!(k.word(&k.document[1]), "\"引号\"");
            let json = serde_json::to_string(&k).unwrap_or_default();
            assert_eq!(
                json,
                format!(
                    r#"{{"document":[{{"word":"青禾","weight":1.0,"method":"{name}"}},{{"word":"\"引号\"","weight":0.5,"method":"{name}"}}],"sections":[[],[{{"word":"\"引号\"","weight":0.25,"method":"{name}"}}]]}}"#
                )
            );
            let back: Option<Keywords> = serde_json::from_str(&json).ok();
            assert_eq!(back.as_ref(), Some(&k));
        }
        assert_eq!(KeywordMethod::new("tfidf"), KeywordMethod::TFIDF);
        assert_eq!(
            KeywordMethod::new("my_method"),
            KeywordMethod::new("my_method")
        );
        assert_ne!(KeywordMethod::new("my_method"), KeywordMethod::TFIDF);
        assert_ne!(KeywordMethod::new("my_method"), KeywordMethod::new(""));
    }

    /// Words numbered in turn read back by their numbers.
    #[test]
    fn keyword_words_read_back_by_number() {
        let mut w = KeywordWords::default();
        assert_eq!(w.get(0), None);
        let words = ["中国", "", "a", "经济发展"];
        for (i, word) in words.iter().enumerate() {
            assert_eq!(w.push(word), Some(i as u32));
        }
        for (i, word) in words.iter().enumerate() {
            assert_eq!(w.get(i as u32), Some(*word));
        }
        assert_eq!(w.get(4), None);
        assert_eq!(w.len(), 4);
        assert!(w.iter().eq(words));
    }

    #[test]
    fn tokens_read_back_from_json() {
        let tokens = vec![
            Token::new(Span::new(0, 3), "ns"),
            Token::new(Span::new(3, 9), "domain_tag"),
        ];
        let json = serde_json::to_string(&tokens).unwrap_or_default();
        // The shape of the struct of two offsets and a tag it was.
        assert_eq!(
            json,
            r#"[{"span":{"start":0,"end":3},"pos":"ns"},{"span":{"start":3,"end":9},"pos":"domain_tag"}]"#
        );
        let back: Vec<Token> = serde_json::from_str(&json).unwrap_or_default();
        assert_eq!(back, tokens);
    }
}
