//! The annotation cache: the [`Annotated`] model of an unchanged file, kept
//! in the user cache directory (`$YUELAN_CACHE_DIR` or the XDG cache dir,
//! under `corpus/`) so a second opening skips parsing and annotating.
//!
//! One entry per document, named by a hash of its canonical path and
//! article number, all in one file of the cache directory (the store,
//! [`super::store`]), each in a compact binary form:
//!
//! ```text
//! "YLCACHE\0"  schema (u32 LE)  header length (u32 LE)  header  body
//! ```
//!
//! The header ([`Header`], `postcard`) says what the entry is for: the
//! crate version, the path, the file's size, mtime and content hash, a
//! fingerprint of the settings that change annotations (extra glossaries),
//! and the hash and length of the document text. The body (`postcard`,
//! `zstd`-compressed with a dictionary of the binary's own strings) is the
//! model without its text (the text is the file's, read anyway; a text
//! rendered from markup keeps only what its source map does not copy from
//! the file): tokens as parallel arrays of numbers, annotations with
//! their labels and attrs keys in a string table, keywords with their
//! weights exactly. The learner layer (one `WORD` annotation per Han word,
//! most of a model) is not stored: its attrs depend on the word and its
//! tag and come back from the dictionary's memo
//! ([`crate::annotate::learner::context_free_attrs`]); only the readings
//! that depend on their neighbours (glued words) are kept. A
//! lookup trusts nothing: a header field that differs makes it stale
//! without reading the body; a file that does not decode, or spans that do
//! not fit the text, make it corrupt; either way the entry is rebuilt.
//! Entries are appended to the store in batches by a writer thread,
//! without `fsync`: a cache entry lost to a crash is only rebuilt, and a
//! record cut short is never read (see [`super::store`]).

use super::column;
use super::list::{Entry, Stamp, content_hash};
use super::store::{Key, Store};
use crate::annotate::layers::LayerSet;
use crate::export::TokenStyle;
use crate::export::json_out::{AnnotationRef, AttrRef, KeywordsRef, Refs, TokensRef};
use crate::model::{
    Annotated, Annotation, AttrValue, Attrs, Document, Keyword, KeywordMethod, KeywordWords,
    Keywords, Layer, Span, Token,
};
use crate::timings::{self, Phase};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Bumped whenever the cached shape or its meaning changes.
///
/// 5: the text is left out only when it is the file's bytes themselves
/// (it was left out whenever it was the listing's decoded or rendered
/// text), so that a lookup needs neither decoding nor parsing.
///
/// 6: tokens in code points (what the JSON writes), keywords column by
/// column with each weight as the JSON writer prints it, so that a warm
/// line copies them instead of building tokens and formatting floats.
///
/// 7: printed keyword weights two characters a byte (half the bytes to
/// decompress on a warm run).
///
/// 8: each distinct attrs set of an entry's annotations once, the rows
/// naming theirs by number (decoded, checked and rendered once a set on a
/// warm run).
///
/// 9: keyword words each once an entry, as where they are in the text;
/// floats that are hundredths as their number of hundredths; a token's
/// tag and length one byte; the document's path left out when it is the
/// entry's label (a smaller body, decompressed at a faster zstd level).
///
/// 10: the annotation rows, the document's paragraphs, sentences and
/// duplicates, the attrs sets, and the keywords' word numbers and places
/// each as one byte column of varints, read by a plain loop instead of a
/// struct and a number at a time through serde's visitors; the labels and
/// keys, and the attr values' strings (now each once an entry), as one
/// string each, checked as UTF-8 at once.
///
/// 11: bodies compressed with a dictionary of the binary's own strings
/// ([`dictionary`]).
pub const SCHEMA: u32 = 11;

/// The first bytes of every cache file.
pub const MAGIC: &[u8; 8] = b"YLCACHE\0";

/// The zstd level: -2, faster to decompress than -1 with the cache still
/// under twice the text (lower levels come nearer that bar; negative
/// levels leave the literals without
/// Huffman coding: schema 9's 2,000 bench bodies decompressed in 6.0 ms
/// at -1 instead of 28.6 ms at level 3; schema 10's at -2 take 48.0 M
/// instructions instead of 59.0 M at -1 in a warm run, the cache 1.93×
/// the text instead of 1.89×).
const LEVEL: i32 = -2;

/// Labels and attrs keys the annotators write, in order (as an entry's
/// table joins them): part of [`dictionary`]. Only a hint, as are
/// [`VALUES`] and [`POS_TAGS`]: a string missing here is stored as it is.
const LABELS: &[&str] = &[
    "DATE",
    "DUP",
    "GLOSS",
    "LOC",
    "MONEY",
    "ORG",
    "PER",
    "PERCENT",
    "QUANTITY",
    "QUOTE",
    "TERM",
    "WORK",
    "approx",
    "approx_word",
    "canonical",
    "canonical_id",
    "confidence",
    "content",
    "gloss",
    "hsk",
    "index",
    "kind",
    "max",
    "min",
    "note",
    "of",
    "of_index",
    "of_unit",
    "offset",
    "part",
    "pattern",
    "pinyin",
    "pronoun",
    "relative",
    "source",
    "speaker",
    "speaker_id",
    "speaker_text",
    "term",
    "unit",
    "value",
];

/// Attr values and keyword methods that most entries hold.
const VALUES: &[&str] = &[
    "null",
    "model",
    "rule",
    "dictionary",
    "builtin",
    "count",
    ">",
    "≈",
    "after",
    "before",
    "money",
    "CNY",
    "percent",
    "duration",
    "year",
    "day",
    "Y",
    "Y-1",
    "recent",
    "now",
    "end",
    "number",
    "age",
    "pp",
    "points",
    "paragraph",
    "sentence",
    "tfidf",
    "textrank",
    "UTF-8",
];

/// Parts of speech, most used first; in [`dictionary`] each with the
/// length byte postcard puts before it (as the tokens' table holds them).
const POS_TAGS: &[&str] = &[
    "x", "v", "uj", "r", "p", "n", "m", "l", "f", "d", "c", "a", "vn", "t", "nr", "ns", "ul", "q",
    "j", "s", "zg", "b", "i", "u", "nt", "nz", "vg", "ng", "ad", "ud", "nrfg", "h", "k", "uz",
    "eng", "y", "mq", "vd", "g", "nrt", "an", "ug", "uv", "z", "ag", "tg", "rz", "df", "e", "dg",
    "vq", "vi", "o", "rr",
];

/// The zstd dictionary every entry's body is compressed with (raw
/// content: strings an entry's body may repeat, which zstd then stores as
/// references into it): the built-in glossary's entries, each as its
/// attr values follow one another in an entry's values table (gloss,
/// note, pinyin, term), then [`POS_TAGS`], [`VALUES`] and [`LABELS`]
/// (those in every entry last, nearest to the body). Built from the binary's own data,
/// so the same for every run of a binary; its hash is part of every
/// entry's settings (see [`Cache::at`]): an entry compressed with another
/// dictionary is stale, never misread.
struct Dictionary {
    hash: u64,
    encoder: zstd::dict::EncoderDictionary<'static>,
    decoder: zstd::dict::DecoderDictionary<'static>,
}

fn dictionary() -> &'static Dictionary {
    static DICT: std::sync::LazyLock<Dictionary> = std::sync::LazyLock::new(|| {
        let mut bytes = Vec::new();
        for e in crate::annotate::glossary::builtin_entries() {
            for s in [&e.gloss, &e.note, &e.pinyin, &e.term] {
                bytes.extend_from_slice(s.as_bytes());
            }
        }
        for tag in POS_TAGS {
            bytes.push(tag.len() as u8);
            bytes.extend_from_slice(tag.as_bytes());
        }
        for s in VALUES.iter().chain(LABELS) {
            bytes.extend_from_slice(s.as_bytes());
        }
        Dictionary {
            hash: content_hash(&bytes),
            encoder: zstd::dict::EncoderDictionary::copy(&bytes, LEVEL),
            decoder: zstd::dict::DecoderDictionary::copy(&bytes),
        }
    });
    &DICT
}

/// A compression context with [`dictionary`] (at [`LEVEL`]).
fn compressor() -> std::io::Result<zstd::bulk::Compressor<'static>> {
    zstd::bulk::Compressor::with_prepared_dictionary(&dictionary().encoder)
}

/// `body` compressed with [`dictionary`].
fn compress(body: &[u8]) -> std::io::Result<Vec<u8>> {
    compressor()?.compress(body)
}

/// What a cache file is for, checked before its body is read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Header {
    pub crate_version: String,
    pub path: String,
    pub part: Option<usize>,
    pub stamp: Stamp,
    pub settings: u64,
    /// [`content_hash`] and byte length of the file's decoded text.
    pub text_hash: u64,
    pub text_len: u64,
    /// Length of the body once decompressed.
    pub body_len: u64,
}

/// A cache file taken apart (for tools and tests that inspect or alter
/// one): its schema number, header and decompressed body bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct RawEntry {
    pub schema: u32,
    pub header: Header,
    pub body: Vec<u8>,
}

impl RawEntry {
    /// Reads a cache file; `Err` says why it cannot be taken apart.
    pub fn read(path: &Path) -> Result<RawEntry, String> {
        let bytes = std::fs::read(path).map_err(|e| format!("cannot read: {e}"))?;
        RawEntry::from_bytes(&bytes)
    }

    /// Takes an entry's bytes ([`Cache::entry_bytes`]) apart.
    pub fn from_bytes(bytes: &[u8]) -> Result<RawEntry, String> {
        let (schema, header, rest) = split(bytes)?;
        let body = decompress(rest, header.body_len)?;
        Ok(RawEntry {
            schema,
            header,
            body,
        })
    }

    /// The file's bytes.
    pub fn encode(&self) -> Result<Vec<u8>, String> {
        let body = compress(&self.body).map_err(|e| e.to_string())?;
        assemble(self.schema, &self.header, &body)
    }

    /// The body decoded (tokens and annotations still packed).
    pub fn decode_body(&self) -> Result<Body, String> {
        postcard::from_bytes(&self.body).map_err(|e| format!("does not decode: {e}"))
    }

    /// Replaces the body.
    pub fn set_body(&mut self, body: &Body) -> Result<(), String> {
        self.body = postcard::to_stdvec(body).map_err(|e| e.to_string())?;
        self.header.body_len = self.body.len() as u64;
        Ok(())
    }
}

fn assemble(schema: u32, header: &Header, body: &[u8]) -> Result<Vec<u8>, String> {
    let head = postcard::to_stdvec(header).map_err(|e| e.to_string())?;
    let head_len = u32::try_from(head.len()).map_err(|_| "header too long".to_string())?;
    let mut out = Vec::with_capacity(16 + head.len() + body.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&schema.to_le_bytes());
    out.extend_from_slice(&head_len.to_le_bytes());
    out.extend_from_slice(&head);
    out.extend_from_slice(body);
    Ok(out)
}

/// The schema number, header and compressed body of a file's bytes.
fn split(bytes: &[u8]) -> Result<(u32, Header, &[u8]), String> {
    let rest = bytes
        .strip_prefix(MAGIC.as_slice())
        .ok_or("not a yuelan cache file")?;
    let word = |b: &[u8]| -> Result<u32, String> {
        let w: [u8; 4] = b
            .get(..4)
            .and_then(|w| w.try_into().ok())
            .ok_or("truncated")?;
        Ok(u32::from_le_bytes(w))
    };
    let schema = word(rest)?;
    if schema != SCHEMA {
        // Another schema's header may not even decode: say so early.
        return Ok((schema, Header::unknown(), &[]));
    }
    let head_len = word(&rest[4..])? as usize;
    let head = rest.get(8..8 + head_len).ok_or("truncated")?;
    let header: Header =
        postcard::from_bytes(head).map_err(|e| format!("the header does not decode: {e}"))?;
    Ok((schema, header, &rest[8 + head_len..]))
}

impl Header {
    fn unknown() -> Header {
        Header {
            crate_version: String::new(),
            path: String::new(),
            part: None,
            stamp: Stamp::default(),
            settings: 0,
            text_hash: 0,
            text_len: 0,
            body_len: 0,
        }
    }
}

/// No body is believed to grow past this when decompressed.
const MAX_BODY: u64 = 1 << 31;

fn decompress(data: &[u8], len: u64) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    decompress_into(data, len, &mut out)?;
    Ok(out)
}

/// [`decompress`] into `out` (cleared first; its allocation reused).
fn decompress_into(data: &[u8], len: u64, out: &mut Vec<u8>) -> Result<(), String> {
    if len > MAX_BODY {
        return Err("the body is too large".to_string());
    }
    // One decompression context per thread, not one per entry.
    thread_local! {
        static DCTX: std::cell::RefCell<Option<zstd::bulk::Decompressor<'static>>> =
            const { std::cell::RefCell::new(None) };
    }
    out.clear();
    out.reserve(len as usize);
    DCTX.with(|d| {
        let mut d = d
            .try_borrow_mut()
            .map_err(|e| std::io::Error::other(e.to_string()))?;
        if d.is_none() {
            *d = Some(zstd::bulk::Decompressor::with_prepared_dictionary(
                &dictionary().decoder,
            )?);
        }
        match d.as_mut() {
            Some(d) => d.decompress_to_buffer(data, out),
            None => Err(std::io::Error::other("no decompression context")),
        }
    })
    .map_err(|e| format!("does not decompress: {e}"))?;
    if out.len() as u64 != len {
        return Err("the body is not the length its header says".to_string());
    }
    Ok(())
}

/// A thread's buffers for a lookup: the entry's bytes and its body
/// decompressed, kept from one lookup to the next (a warm run looks up
/// thousands of entries; two fresh buffers each were a tenth of its
/// allocator work). Not kept past this size.
const SCRATCH_MAX: usize = 4 << 20;

thread_local! {
    static SCRATCH: std::cell::RefCell<(Vec<u8>, Vec<u8>)> =
        const { std::cell::RefCell::new((Vec::new(), Vec::new())) };
}

/// `f` with this thread's two scratch buffers (the entry's bytes and its
/// decompressed body), their capacity kept for the next entry unless one
/// grew past [`SCRATCH_MAX`]; fresh buffers when they are in use (`f`
/// reached again from inside itself).
fn with_scratch<R>(f: impl FnOnce(&mut Vec<u8>, &mut Vec<u8>) -> R) -> R {
    SCRATCH.with(|scratch| match scratch.try_borrow_mut() {
        Ok(mut s) => {
            let (bytes, body) = &mut *s;
            let res = f(bytes, body);
            if bytes.capacity() > SCRATCH_MAX || body.capacity() > SCRATCH_MAX {
                *s = Default::default();
            }
            res
        }
        Err(_) => f(&mut Vec::new(), &mut Vec::new()),
    })
}

/// Reads the entry `key` of `store` into `buf` (cleared first; its
/// capacity reused); `Err` is the lookup when there is none.
fn read_into(store: &Store, key: Key, buf: &mut Vec<u8>) -> Result<(), Lookup> {
    match store.read(key, buf) {
        Ok(true) => Ok(()),
        Ok(false) => Err(Lookup::Miss),
        Err(e) => Err(Lookup::Corrupt(format!("cannot read: {e}"))),
    }
}

/// The model as cached: the document without its text, tokens,
/// annotations and keywords packed (weights exact).
#[derive(Debug, Serialize, Deserialize)]
pub struct Body {
    /// Its paragraphs, sentences and duplicates as byte columns
    /// ([`super::packed_doc`]).
    #[serde(with = "super::packed_doc")]
    pub doc: Document,
    /// The document's path is the entry's label ([`Entry::label`]), left
    /// out of `doc` (a lookup gives it back; a warm line writes the path
    /// it is asked for).
    pub labelled: bool,
    /// The text (rendered from markup) is the listing's, and rebuilt
    /// from the file's bytes by the source map's runs; `doc.text` holds
    /// only the bytes between them (see [`fill_between_runs`]).
    pub from_runs: bool,
    pub tokens: PackedTokens,
    pub annotations: PackedAnnotations,
    pub learner: PackedLearner,
    pub keywords: PackedKeywords,
}

/// [`Body`] read in place: the annotations' and keywords' strings
/// borrowed from the decompressed bytes, and not built into the model
/// (the same bytes as [`Body`]; see [`Cache::line`]).
#[derive(Deserialize)]
struct BodyView<'a> {
    #[serde(deserialize_with = "super::packed_doc::deserialize")]
    doc: Document,
    /// Not read: a warm line writes the path it is given.
    #[allow(dead_code)]
    labelled: bool,
    from_runs: bool,
    #[serde(borrow)]
    tokens: TokensView<'a>,
    #[serde(borrow)]
    annotations: AnnotationsView<'a>,
    learner: PackedLearner,
    #[serde(borrow)]
    keywords: KeywordsView<'a>,
}

/// [`PackedTokens`] read in place.
#[derive(Deserialize)]
struct TokensView<'a> {
    #[serde(borrow)]
    pos: Vec<&'a str>,
    pairs: Vec<(u8, u8)>,
    kinds: &'a [u8],
    tags: &'a [u8],
    lens: &'a [u8],
    long: Vec<u32>,
    gaps: Vec<(u32, u32)>,
}

impl TokensView<'_> {
    /// The columns (see [`TokensRef`]), the tags and lengths of tokens
    /// kept by their pairs written out into `tags` and `lens` (cleared
    /// first); `None` when a token's pair is not in the table.
    fn refs<'s>(&'s self, tags: &'s mut Vec<u8>, lens: &'s mut Vec<u8>) -> Option<TokensRef<'s>> {
        let (tags, lens) = match split_pairs(&self.pairs, self.kinds, tags, lens)? {
            true if self.tags.is_empty() && self.lens.is_empty() => (&tags[..], &lens[..]),
            true => return None,
            false => (self.tags, self.lens),
        };
        Some(TokensRef {
            pos: &self.pos,
            tags,
            lens,
            long: &self.long,
            gaps: &self.gaps,
        })
    }
}

/// Each token's tag and length of its number in `pairs` (see
/// [`PackedTokens::pairs`]) into `tags` and `lens` (cleared first):
/// `Some(true)` when the tokens are kept so, `Some(false)` when they are
/// kept as tags and lengths (no pairs), `None` when a number is not in
/// the table.
fn split_pairs(
    pairs: &[(u8, u8)],
    kinds: &[u8],
    tags: &mut Vec<u8>,
    lens: &mut Vec<u8>,
) -> Option<bool> {
    tags.clear();
    lens.clear();
    if pairs.is_empty() {
        return kinds.is_empty().then_some(false);
    }
    // Checked once, then looked up in a table of 256 (no check a token).
    let max = kinds.iter().fold(0u8, |m, &k| m.max(k));
    if usize::from(max) >= pairs.len() {
        return None;
    }
    let mut table = [(0u8, 0u8); 256];
    table[..pairs.len()].copy_from_slice(pairs);
    tags.extend(kinds.iter().map(|&k| table[usize::from(k)].0));
    lens.extend(kinds.iter().map(|&k| table[usize::from(k)].1));
    Some(true)
}

/// [`PackedAnnotations`] read in place, the attrs of every set in one
/// list (a list each was most of a warm run's allocations), the rows
/// read from their byte column.
struct AnnotationsView<'a> {
    strings: Vec<&'a str>,
    /// Attr values' strings (see [`PackedAnnotations::values`]).
    #[allow(dead_code)]
    values: Vec<&'a str>,
    /// Each set's attrs: `attrs[sets[n]]`.
    sets: Vec<std::ops::Range<usize>>,
    attrs: Vec<(u32, AttrRef<'a>)>,
    rows: Vec<PackedAnnotation>,
}

impl<'de: 'a, 'a> Deserialize<'de> for AnnotationsView<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        /// The fields in order, as [`PackedAnnotations`] writes them.
        #[derive(Deserialize)]
        struct Wire<'a> {
            #[serde(borrow)]
            strings: (&'a [u8], &'a [u8]),
            #[serde(borrow)]
            values: (&'a [u8], &'a [u8]),
            sets: &'a [u8],
            rows: &'a [u8],
        }
        let w = Wire::deserialize(d)?;
        let bad = |what: &str| D::Error::custom(format!("the annotations' {what} do not decode"));
        let strings = split_table(w.strings.0, w.strings.1).ok_or_else(|| bad("strings"))?;
        let values = split_table(w.values.0, w.values.1).ok_or_else(|| bad("values"))?;
        let mut attrs = Vec::with_capacity(w.sets.len() / 4);
        let sets = view_sets(w.sets, &values, &mut attrs).ok_or_else(|| bad("attrs sets"))?;
        let rows = decode_rows(w.rows).ok_or_else(|| bad("rows"))?;
        Ok(AnnotationsView {
            strings,
            values,
            sets,
            attrs,
            rows,
        })
    }
}

/// A string table as it is stored: the strings one after another (one
/// UTF-8 check for all of them) and their byte lengths as a column of
/// varints.
fn join_table(list: &[String]) -> (String, Vec<u8>) {
    let mut blob = String::with_capacity(list.iter().map(String::len).sum());
    let mut lens = Vec::with_capacity(list.len());
    for s in list {
        blob.push_str(s);
        column::put(&mut lens, s.len() as u64);
    }
    (blob, lens)
}

/// The strings of a stored table ([`join_table`]); `None` when the bytes
/// are not UTF-8 or the lengths do not cut them on character boundaries
/// into exactly these strings.
fn split_table<'a>(blob: &'a [u8], lens: &[u8]) -> Option<Vec<&'a str>> {
    let blob = simdutf8::basic::from_utf8(blob).ok()?;
    let mut r = column::Reader::new(lens);
    let mut out = Vec::with_capacity(lens.len());
    let mut at = 0usize;
    while !r.is_empty() {
        let end = at.checked_add(usize::try_from(r.varint()?).ok()?)?;
        out.push(blob.get(at..end)?);
        at = end;
    }
    (at == blob.len()).then_some(out)
}

/// A string table field written and read as [`join_table`] stores it.
mod table {
    use serde::{Deserialize, Serialize};

    pub fn serialize<S: serde::Serializer>(list: &[String], s: S) -> Result<S::Ok, S::Error> {
        let (blob, lens) = super::join_table(list);
        (blob.as_str(), lens.as_slice()).serialize(s)
    }

    pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
        use serde::de::Error;
        let (blob, lens): (&[u8], &[u8]) = Deserialize::deserialize(d)?;
        let list = super::split_table(blob, lens)
            .ok_or_else(|| D::Error::custom("a string table does not decode"))?;
        Ok(list.into_iter().map(str::to_string).collect())
    }
}

/// Appends an attr value to a sets column: a tag byte, then its numbers
/// (a string as its number in the values table, a float as its eight
/// bytes, a signed number zigzagged).
fn encode_value(out: &mut Vec<u8>, v: &Value) {
    match *v {
        Value::Str(n) => {
            out.push(0);
            column::put(out, u64::from(n));
        }
        Value::UInt(n) => {
            out.push(1);
            column::put(out, n);
        }
        Value::Int(n) => {
            out.push(2);
            column::put(out, ((n << 1) ^ (n >> 63)) as u64);
        }
        Value::Float(x) => {
            out.push(3);
            out.extend_from_slice(&x.to_le_bytes());
        }
        Value::Bool(b) => {
            out.push(4);
            out.push(u8::from(b));
        }
        Value::Span(start, end) => {
            out.push(5);
            column::put(out, start);
            column::put(out, end);
        }
        Value::Json(n) => {
            out.push(6);
            column::put(out, u64::from(n));
        }
        Value::Hundredths(k) => {
            out.push(7);
            column::put(out, k);
        }
    }
}

/// The next value of a sets column, as [`encode_value`] wrote it.
#[inline(always)]
fn read_value(r: &mut column::Reader) -> Option<Value> {
    Some(match r.byte()? {
        0 => Value::Str(r.u32()?),
        1 => Value::UInt(r.varint()?),
        2 => {
            let z = r.varint()?;
            Value::Int(((z >> 1) as i64) ^ -((z & 1) as i64))
        }
        3 => Value::Float(f64::from_le_bytes(r.take(8)?.try_into().ok()?)),
        4 => match r.byte()? {
            0 => Value::Bool(false),
            1 => Value::Bool(true),
            _ => return None,
        },
        5 => Value::Span(r.varint()?, r.varint()?),
        6 => Value::Json(r.u32()?),
        7 => Value::Hundredths(r.varint()?),
        _ => return None,
    })
}

/// Appends a set (its count, then each key's number and value).
fn encode_set(out: &mut Vec<u8>, set: &[(u32, Value)]) {
    column::put(out, set.len() as u64);
    for (k, v) in set {
        column::put(out, u64::from(*k));
        encode_value(out, v);
    }
}

/// The sets of a sets column; `None` when it does not decode.
fn decode_sets(bytes: &[u8]) -> Option<Vec<Vec<(u32, Value)>>> {
    let mut r = column::Reader::new(bytes);
    let mut out = Vec::new();
    while !r.is_empty() {
        let n = usize::try_from(r.varint()?).ok()?;
        // At least two bytes an attr.
        let mut set = Vec::with_capacity(n.min(bytes.len() / 2));
        for _ in 0..n {
            set.push((r.u32()?, read_value(&mut r)?));
        }
        out.push(set);
    }
    Some(out)
}

/// The sets of a sets column read in place: every set's attrs appended to
/// `attrs` (their strings borrowed from `values`), each set's range of
/// them returned; `None` when it does not decode or a string is not in
/// the table.
fn view_sets<'a>(
    bytes: &[u8],
    values: &[&'a str],
    attrs: &mut Vec<(u32, AttrRef<'a>)>,
) -> Option<Vec<std::ops::Range<usize>>> {
    let mut r = column::Reader::new(bytes);
    // Room for the sets at once (a set is a few bytes more than its
    // attrs).
    let mut sets = Vec::with_capacity(bytes.len() / 8);
    while !r.is_empty() {
        let n = r.varint()?;
        let from = attrs.len();
        for _ in 0..n {
            let k = r.u32()?;
            let v = match read_value(&mut r)? {
                Value::Str(n) => AttrRef::Str(values.get(n as usize)?),
                Value::UInt(n) => AttrRef::UInt(n),
                Value::Int(n) => AttrRef::Int(n),
                Value::Float(x) => AttrRef::Float(x),
                Value::Bool(b) => AttrRef::Bool(b),
                Value::Span(start, end) => AttrRef::Span(start, end),
                Value::Json(n) => AttrRef::Json(values.get(n as usize)?),
                Value::Hundredths(k) => AttrRef::Float(k as f64 / 100.0),
            };
            attrs.push((k, v));
        }
        sets.push(from..attrs.len());
    }
    Some(sets)
}

/// [`PackedKeywords`] read in place.
#[derive(Deserialize)]
struct KeywordsView<'a> {
    #[serde(borrow)]
    methods: Vec<&'a str>,
    lists: Vec<u32>,
    /// A `Vec<u8>` is a length and its bytes in postcard, as a `&[u8]`:
    /// borrowed, not decoded byte by byte.
    method: &'a [u8],
    /// Byte columns, as [`PackedKeywords::word`] and
    /// [`PackedKeywords::words`].
    word: &'a [u8],
    words: &'a [u8],
    /// UTF-8, checked in [`KeywordsView::refs`].
    own: &'a [u8],
    weight_lens: &'a [u8],
    /// Packed as [`PackedKeywords::weights`].
    weights: &'a [u8],
}

/// A thread's buffers for a warm line's keywords: each keyword's word
/// number and the weights printed.
#[derive(Default)]
struct KeywordBufs {
    word: Vec<u32>,
    printed: Vec<u8>,
}

/// A thread's buffers for a warm line: the tokens' tags and lengths
/// (see [`TokensView::refs`]) and the keywords'.
#[derive(Default)]
struct LineBufs {
    tags: Vec<u8>,
    lens: Vec<u8>,
    keywords: KeywordBufs,
}

impl<'a> KeywordsView<'a> {
    /// The distinct words, in `text` or the entry's own (each checked
    /// once).
    fn table<'t>(&self, text: &'t str) -> Option<Vec<&'t str>>
    where
        'a: 't,
    {
        let own = simdutf8::basic::from_utf8(self.own).ok()?;
        word_table(self.words, text, own)
    }

    /// The columns, when they add up (see [`KeywordsRef`]), the words
    /// named in `table` (not copied), the words' numbers and the weights
    /// written into `bufs` (cleared first).
    fn refs<'s>(
        &'s self,
        table: &'s [&'s str],
        bufs: &'s mut KeywordBufs,
    ) -> Option<KeywordsRef<'s>> {
        let n = self.method.len();
        let total = self
            .lists
            .iter()
            .try_fold(0usize, |a, &l| a.checked_add(l as usize))?;
        if total != n || self.weight_lens.len() != n {
            return None;
        }
        if self
            .method
            .iter()
            .any(|&m| m as usize >= self.methods.len())
        {
            return None;
        }
        let KeywordBufs { word, printed } = bufs;
        word.clear();
        word.reserve(n);
        let mut r = column::Reader::new(self.word);
        let words = table.len();
        for _ in 0..n {
            let w = r.u32()?;
            if w as usize >= words {
                return None;
            }
            word.push(w);
        }
        if !r.is_empty() {
            return None;
        }
        let weights: usize = self.weight_lens.iter().map(|&l| usize::from(l)).sum();
        // The weights' characters (numbers only, by their packing).
        if !unpack_weights(self.weights, weights, printed) {
            return None;
        }
        // Room past the last weight, so that each can be copied as a
        // block of a constant size (see [`KeywordsRef::weights`]).
        printed.resize(weights + crate::export::json_out::WEIGHT_ROOM, 0);
        Some(KeywordsRef {
            methods: &self.methods,
            lists: &self.lists,
            method: self.method,
            table,
            word,
            weight_lens: self.weight_lens,
            weights: printed,
        })
    }
}

thread_local! {
    static LINE_BUFS: std::cell::RefCell<LineBufs> =
        std::cell::RefCell::new(LineBufs::default());
}

/// `f` with this thread's [`LineBufs`] (fresh ones when they are in
/// use), their capacity kept for the next entry unless past
/// [`SCRATCH_MAX`].
fn with_line_bufs<R>(f: impl FnOnce(&mut LineBufs) -> R) -> R {
    LINE_BUFS.with(|bufs| match bufs.try_borrow_mut() {
        Ok(mut b) => {
            let res = f(&mut b);
            let k = &b.keywords;
            if b.tags.capacity() + b.lens.capacity() + k.printed.capacity() + 4 * k.word.capacity()
                > SCRATCH_MAX
            {
                *b = LineBufs::default();
            }
            res
        }
        Err(_) => f(&mut LineBufs::default()),
    })
}

/// The distinct words of a words column ([`PackedKeywords::words`]) in
/// `text` or `own`; `None` when one is not there.
fn word_table<'t>(words: &[u8], text: &'t str, own: &'t str) -> Option<Vec<&'t str>> {
    let mut r = column::Reader::new(words);
    let mut out = Vec::with_capacity(words.len() / 3);
    while !r.is_empty() {
        let start = r.u32()?;
        out.push(word_of(text, own, start, r.u32()?)?);
    }
    Some(out)
}

/// A keyword's word by its place (see [`PackedKeywords::words`]): `len`
/// bytes at `start` of `text`, or past its end, of `own`.
fn word_of<'t>(text: &'t str, own: &'t str, start: u32, len: u32) -> Option<&'t str> {
    let (start, len) = (start as usize, len as usize);
    match start.checked_sub(text.len()) {
        None => text.get(start..start.checked_add(len)?),
        Some(at) => own.get(at..at.checked_add(len)?),
    }
}

/// The characters of a printed weight, by their number in
/// [`PackedKeywords::weights`]' half bytes (15: none, after an odd count).
const WEIGHT_CHARS: &[u8; 15] = b"0123456789.eE-+";

/// Each byte of packed weights as its two characters (a 0 for the
/// half byte that stands for none).
const WEIGHT_PAIRS: [[u8; 2]; 256] = {
    let mut t = [[0u8; 2]; 256];
    let mut b = 0;
    while b < 256 {
        let (hi, lo) = (b >> 4, b & 15);
        if hi < 15 {
            t[b][0] = WEIGHT_CHARS[hi];
        }
        if lo < 15 {
            t[b][1] = WEIGHT_CHARS[lo];
        }
        b += 1;
    }
    t
};

/// Printed weights packed two characters a byte, the first in the high
/// half; `None` when a character is not one of [`WEIGHT_CHARS`].
fn pack_weights(printed: &[u8]) -> Option<Vec<u8>> {
    let half = |c: u8| WEIGHT_CHARS.iter().position(|&w| w == c).map(|i| i as u8);
    printed
        .chunks(2)
        .map(|pair| match *pair {
            [a, b] => Some(half(a)? << 4 | half(b)?),
            [a] => Some(half(a)? << 4 | 15),
            _ => None,
        })
        .collect()
}

/// The `n` characters of packed weights into `out` (cleared first);
/// `false` when they are not `n` characters packed as [`pack_weights`]
/// packs them.
fn unpack_weights(packed: &[u8], n: usize, out: &mut Vec<u8>) -> bool {
    out.clear();
    if packed.len() != n.div_ceil(2) {
        return false;
    }
    out.resize(2 * packed.len(), 0);
    for (pair, &b) in out.chunks_exact_mut(2).zip(packed) {
        pair.copy_from_slice(&WEIGHT_PAIRS[usize::from(b)]);
    }
    // An odd count ends in the half byte that stands for none.
    let pad_ok = n.is_multiple_of(2) || out.last() == Some(&0);
    out.truncate(n);
    pad_ok && !out.contains(&0)
}

/// [`Body`] borrowing the model to write it (the same bytes).
#[derive(Serialize)]
struct BodyRef<'a> {
    #[serde(serialize_with = "super::packed_doc::serialize_ref")]
    doc: &'a Document,
    labelled: bool,
    from_runs: bool,
    tokens: PackedTokens,
    annotations: AnnotationsRef<'a>,
    learner: PackedLearner,
    keywords: PackedKeywords,
}

/// Keywords packed column by column (see [`KeywordsRef`]): the lists by
/// their lengths (the document's, then each section's); per keyword the
/// number of its method in `methods`, of its word in `words` and the
/// length of its weight in `weights`. Each distinct word is kept once, as
/// where it is in the document's text (a word the tokens do not give,
/// in `own`). A weight is kept as the JSON writer prints it (the shortest
/// decimal that reads back as the same double), so that a warm line
/// copies it; the model reads it back exactly.
#[derive(Debug, Serialize, Deserialize, Default)]
pub struct PackedKeywords {
    pub methods: Vec<String>,
    pub lists: Vec<u32>,
    pub method: Vec<u8>,
    /// Per keyword, the number of its word in `words`, a byte column of
    /// varints ([`column`]: read by a plain loop).
    pub word: Vec<u8>,
    /// The distinct words as (start, byte length), a byte column of
    /// varints: of the text, or when the start is past the text's end, of
    /// `own` (from the text's length on).
    pub words: Vec<u8>,
    pub own: String,
    pub weight_lens: Vec<u8>,
    /// The printed weights one after another, two characters a byte
    /// ([`pack_weights`]: the digits, `.`, `e`, `E`, `-` and `+` as
    /// half bytes): half the bytes to decompress, and no UTF-8 to check.
    pub weights: Vec<u8>,
}

impl PackedKeywords {
    /// `None` when a weight is not a finite number (printed `null`), there
    /// are too many methods or the text is too long. A word is found in
    /// `text` at the first token that is it.
    fn pack(k: &Keywords, text: &str, tokens: &[Token]) -> Option<PackedKeywords> {
        let mut out = PackedKeywords::default();
        let mut weight = Vec::new();
        let mut printed = Vec::new();
        // The words as the model numbers them.
        let distinct: Vec<&str> = k.words.iter().collect();
        if distinct.len() != k.words.len() {
            return None;
        }
        let mut numbers: HashMap<&str, u32> = HashMap::with_capacity(distinct.len());
        for (i, w) in distinct.iter().enumerate() {
            numbers.entry(w).or_insert(i as u32);
        }
        for list in std::iter::once(&k.document).chain(&k.sections) {
            out.lists.push(u32::try_from(list.len()).ok()?);
            for kw in list {
                let m = match out.methods.iter().position(|m| *m == *kw.method) {
                    Some(m) => m,
                    None => {
                        out.methods.push(kw.method.to_string());
                        out.methods.len() - 1
                    }
                };
                out.method.push(u8::try_from(m).ok()?);
                if kw.word as usize >= distinct.len() {
                    return None;
                }
                column::put(&mut out.word, u64::from(kw.word));
                if !kw.weight.is_finite() {
                    return None;
                }
                weight.clear();
                crate::export::json_out::write_f64(&mut weight, kw.weight);
                out.weight_lens.push(u8::try_from(weight.len()).ok()?);
                printed.extend_from_slice(&weight);
            }
        }
        // Where each word is: the first token that is it.
        let mut at: Vec<Option<usize>> = vec![None; distinct.len()];
        let mut left = distinct.len();
        for t in tokens {
            if left == 0 {
                break;
            }
            let Some(word) = text.get(t.span().start..t.span().end) else {
                continue;
            };
            if let Some(&w) = numbers.get(word)
                && let Some(slot @ None) = at.get_mut(w as usize)
            {
                *slot = Some(t.span().start);
                left -= 1;
            }
        }
        for (word, at) in distinct.iter().zip(at) {
            let start = match at {
                Some(start) => start,
                None => {
                    let start = text.len().checked_add(out.own.len())?;
                    out.own.push_str(word);
                    start
                }
            };
            let end = start.checked_add(word.len())?;
            u32::try_from(end).ok()?;
            column::put(&mut out.words, start as u64);
            column::put(&mut out.words, word.len() as u64);
        }
        out.weights = pack_weights(&printed)?;
        Some(out)
    }

    /// Each keyword's number of its word (the `word` column read).
    pub fn word_numbers(&self) -> Option<Vec<u32>> {
        let mut r = column::Reader::new(&self.word);
        let mut out = Vec::with_capacity(self.word.len());
        while !r.is_empty() {
            out.push(r.u32()?);
        }
        Some(out)
    }

    /// The distinct words' (start, byte length) (the `words` column read).
    pub fn word_places(&self) -> Option<Vec<(u32, u32)>> {
        let mut r = column::Reader::new(&self.words);
        let mut out = Vec::with_capacity(self.words.len() / 3);
        while !r.is_empty() {
            out.push((r.u32()?, r.u32()?));
        }
        Some(out)
    }

    /// Replaces the distinct words' places.
    pub fn set_word_places(&mut self, places: &[(u32, u32)]) {
        self.words.clear();
        for &(start, len) in places {
            column::put(&mut self.words, u64::from(start));
            column::put(&mut self.words, u64::from(len));
        }
    }

    /// The weights as printed, one after another.
    fn printed(&self) -> Option<String> {
        let n = self.weight_lens.iter().map(|&l| usize::from(l)).sum();
        let mut out = Vec::new();
        if !unpack_weights(&self.weights, n, &mut out) {
            return None;
        }
        String::from_utf8(out).ok()
    }

    /// The keywords, their words read in `text`.
    fn unpack(&self, text: &str) -> Option<Keywords> {
        let n = self.method.len();
        let word = self.word_numbers()?;
        if word.len() != n || self.weight_lens.len() != n {
            return None;
        }
        let weights = self.printed()?;
        let methods: Vec<KeywordMethod> =
            self.methods.iter().map(|m| KeywordMethod::new(m)).collect();
        // The words numbered as the column numbers them.
        let mut words = KeywordWords::default();
        for w in word_table(&self.words, text, &self.own)? {
            words.push(w)?;
        }
        let mut all = Vec::with_capacity(n);
        let mut weight = 0usize;
        for ((&m, &w), &gl) in self.method.iter().zip(&word).zip(&self.weight_lens) {
            let g_end = weight.checked_add(usize::from(gl))?;
            if w as usize >= words.len() {
                return None;
            }
            all.push(Keyword {
                word: w,
                weight: weights.get(weight..g_end)?.parse().ok()?,
                method: *methods.get(m as usize)?,
            });
            weight = g_end;
        }
        let mut all = all.into_iter();
        let mut lists = self
            .lists
            .iter()
            .map(|&l| all.by_ref().take(l as usize).collect::<Vec<_>>());
        let document = lists.next()?;
        let sections: Vec<Vec<Keyword>> = lists.collect();
        let counts = std::iter::once(&document).chain(&sections).map(Vec::len);
        if !counts.eq(self.lists.iter().map(|&l| l as usize)) || all.next().is_some() {
            return None;
        }
        Some(Keywords {
            words,
            document,
            sections,
        })
    }
}

/// Tokens packed compactly (they are most of a model), in code points of
/// the text (what the JSON writes): per token the number of its part of
/// speech in `pos` and its length (0: the next of `long`, for a length of
/// 0 or over 255), the two as one byte, the token's number in `pairs`
/// (`kinds`), or, when an entry has more than 256 distinct pairs, as two
/// parallel arrays (`tags`, `lens`; then `pairs` and `kinds` are empty,
/// otherwise they are); the few tokens that do not start where the
/// previous one ended, by their number, with the gap.
#[derive(Debug, Serialize, Deserialize, Default)]
pub struct PackedTokens {
    pub pos: Vec<String>,
    /// The distinct (tag, length) pairs, in first use.
    pub pairs: Vec<(u8, u8)>,
    pub kinds: Vec<u8>,
    pub tags: Vec<u8>,
    pub lens: Vec<u8>,
    pub long: Vec<u32>,
    pub gaps: Vec<(u32, u32)>,
}

/// The number of characters in `bytes` (a slice of a text cut at
/// character boundaries).
fn chars_in(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

/// The byte offset `n` characters past `at` in `text` (`None` past the
/// end).
#[inline]
fn chars_on(text: &[u8], mut at: usize, n: usize) -> Option<usize> {
    for _ in 0..n {
        let b = *text.get(at)?;
        at += if b < 0x80 {
            1
        } else if b < 0xe0 {
            2
        } else if b < 0xf0 {
            3
        } else {
            4
        };
    }
    (at <= text.len()).then_some(at)
}

impl PackedTokens {
    /// `None` when a token is out of order, not on character boundaries
    /// of `text` or too large.
    fn pack(text: &str, tokens: &[Token]) -> Option<PackedTokens> {
        let mut pos: Vec<String> = Vec::new();
        let mut index: HashMap<&str, u8> = HashMap::new();
        let mut out = PackedTokens {
            tags: Vec::with_capacity(tokens.len()),
            lens: Vec::with_capacity(tokens.len()),
            ..PackedTokens::default()
        };
        let bytes = text.as_bytes();
        let mut prev = 0usize;
        for t in tokens {
            let span = t.span();
            if span.end > text.len()
                || !text.is_char_boundary(span.start)
                || !text.is_char_boundary(span.end)
            {
                return None;
            }
            let p = match index.get(t.pos()) {
                Some(&i) => i,
                None => {
                    let i = u8::try_from(pos.len()).ok()?;
                    pos.push(t.pos().to_string());
                    index.insert(t.pos(), i);
                    i
                }
            };
            let gap = chars_in(bytes.get(prev..span.start)?);
            if gap > 0 {
                let k = u32::try_from(out.tags.len()).ok()?;
                out.gaps.push((k, u32::try_from(gap).ok()?));
            }
            let len = chars_in(bytes.get(span.start..span.end)?);
            match u8::try_from(len) {
                Ok(l) if l > 0 => out.lens.push(l),
                _ => {
                    out.lens.push(0);
                    out.long.push(u32::try_from(len).ok()?);
                }
            }
            out.tags.push(p);
            prev = span.end;
        }
        out.pos = pos;
        out.join_pairs();
        Some(out)
    }

    /// Each token's tag and length as one byte, its number in `pairs`,
    /// when there are at most 256 distinct pairs (one byte a token to
    /// read instead of two).
    fn join_pairs(&mut self) {
        // Each pair's number, by the pair: a table of the thread's, kept
        // from one entry to the next and put back after each (the pairs
        // seen set again), not a fresh 128 KiB zeroed for every entry
        // (a corpus run's packing wrote ~260 MB of them for 2,000 small
        // documents, pushing the annotation's tables out of the caches).
        thread_local! {
            static NUMBER: std::cell::RefCell<Vec<u16>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        let mut pairs: Vec<(u8, u8)> = Vec::new();
        let mut kinds = Vec::with_capacity(self.tags.len());
        let all = NUMBER.with_borrow_mut(|number| {
            if number.len() != 1 << 16 {
                *number = vec![u16::MAX; 1 << 16];
            }
            let mut all = true;
            for (&t, &l) in self.tags.iter().zip(&self.lens) {
                let slot = &mut number[usize::from(t) << 8 | usize::from(l)];
                if *slot == u16::MAX {
                    if pairs.len() == 256 {
                        all = false;
                        break;
                    }
                    *slot = pairs.len() as u16;
                    pairs.push((t, l));
                }
                kinds.push(*slot as u8);
            }
            for &(t, l) in &pairs {
                number[usize::from(t) << 8 | usize::from(l)] = u16::MAX;
            }
            all
        });
        if !all || pairs.is_empty() {
            return;
        }
        self.pairs = pairs;
        self.kinds = kinds;
        self.tags = Vec::new();
        self.lens = Vec::new();
    }

    /// The tokens in bytes of `text`.
    fn unpack(&self, text: &str) -> Option<Vec<Token>> {
        let names: Vec<&str> = self.pos.iter().map(String::as_str).collect();
        let (mut tags, mut lens) = (Vec::new(), Vec::new());
        let (tags, lens) = match split_pairs(&self.pairs, &self.kinds, &mut tags, &mut lens)? {
            true if self.tags.is_empty() && self.lens.is_empty() => (&tags, &lens),
            true => return None,
            false => (&self.tags, &self.lens),
        };
        let r = TokensRef {
            pos: &names,
            tags,
            lens,
            long: &self.long,
            gaps: &self.gaps,
        };
        if !r.fits(crate::export::json_out::char_count(text)) {
            return None;
        }
        // Each tag as a token to move (its tag looked up once).
        let pos: Vec<Token> = self
            .pos
            .iter()
            .map(|p| Token::new(Span::new(0, 0), p))
            .collect();
        let text = text.as_bytes();
        let mut out = Vec::with_capacity(self.tags.len());
        let (mut byte, mut cp) = (0usize, 0usize);
        for (s, e, tag) in r.spans() {
            let start = chars_on(text, byte, s - cp)?;
            let end = chars_on(text, start, e - s)?;
            out.push(pos.get(tag)?.with_span(Span::new(start, end)));
            (byte, cp) = (end, e);
        }
        Some(out)
    }
}

/// The learner layer as cached. When `derived`, the layer is the model's
/// last one, one annotation per token with a Han character, in token
/// order, whose attrs are the dictionary's for the word and its tag
/// ([`crate::annotate::learner::context_free_attrs`]) except for the few
/// listed in `own` (by their number among those tokens: glued words, read
/// in context). Otherwise the layer's annotations are among the packed
/// ones like any other.
#[derive(Debug, Serialize, Deserialize, Default)]
pub struct PackedLearner {
    pub derived: bool,
    pub own: Vec<(u32, Vec<(u32, Value)>)>,
}

/// Whether a token's text gets a learner annotation.
fn has_han(text: &str) -> bool {
    text.chars().any(crate::dict::is_han)
}

impl PackedLearner {
    /// How many annotations at the end of `annotations` the learner layer
    /// is, and its packed form, when the layer can be derived from the
    /// tokens; `None` when it must be stored as it is.
    fn pack(
        text: &str,
        tokens: &[Token],
        annotations: &[Annotation],
        strings: &mut Strings,
    ) -> Option<(usize, PackedLearner)> {
        let n = annotations
            .iter()
            .rev()
            .take_while(|a| a.layer == Layer::Learner)
            .count();
        let (rest, learner) = annotations.split_at(annotations.len() - n);
        if rest.iter().any(|a| a.layer == Layer::Learner) {
            return None;
        }
        let mut own = Vec::new();
        let mut layer = learner.iter();
        let mut k = 0u32;
        for t in tokens {
            let word = text.get(t.span().start..t.span().end)?;
            if !has_han(word) {
                continue;
            }
            let a = layer.next()?;
            if a.span != t.span() || a.label != "WORD" {
                return None;
            }
            if crate::annotate::learner::context_free_attrs(word, t.pos()).as_ref()
                != Some(&a.attrs)
            {
                own.push((k, strings.attrs(&a.attrs)?));
            }
            k += 1;
        }
        if layer.next().is_some() {
            return None;
        }
        Some((n, PackedLearner { derived: true, own }))
    }

    /// The learner annotations of a derived layer (ids from `first`).
    fn unpack(
        &self,
        text: &str,
        tokens: &[Token],
        strings: &[Cow<'static, str>],
        values: &[String],
        first: usize,
    ) -> Option<Vec<Annotation>> {
        let mut out = Vec::new();
        let mut own = self.own.iter().peekable();
        let mut k = 0u32;
        for t in tokens {
            let word = text.get(t.span().start..t.span().end)?;
            if !has_han(word) {
                continue;
            }
            let attrs = match own.peek() {
                Some((at, attrs)) if *at == k => {
                    own.next();
                    unpack_attrs(attrs.iter().map(|(k, v)| (*k, v.clone())), strings, values)?
                }
                _ => crate::annotate::learner::context_free_attrs(word, t.pos())?,
            };
            out.push(Annotation {
                id: Annotation::id_of(first + out.len()),
                layer: Layer::Learner,
                label: "WORD".into(),
                span: t.span(),
                attrs,
            });
            k += 1;
        }
        // Every stored reading was used.
        own.next().is_none().then_some(out)
    }
}

/// A table of distinct strings being built: each string once, numbered
/// in the order first seen.
#[derive(Default)]
struct Table {
    list: Vec<String>,
    index: HashMap<String, u32>,
}

impl Table {
    /// `s`'s number, given it if new; `None` past `u32::MAX` strings.
    fn intern(&mut self, s: &str) -> Option<u32> {
        if let Some(&i) = self.index.get(s) {
            return Some(i);
        }
        let i = u32::try_from(self.list.len()).ok()?;
        self.list.push(s.to_string());
        self.index.insert(s.to_string(), i);
        Some(i)
    }

    /// Puts the strings in their order (so that a lookup checks a set's
    /// keys are in order by their numbers) and gives each old number its
    /// new one.
    fn sort(&mut self) -> Vec<u32> {
        let mut order: Vec<usize> = (0..self.list.len()).collect();
        order.sort_unstable_by(|&a, &b| self.list[a].cmp(&self.list[b]));
        let mut remap = vec![0u32; order.len()];
        for (new, &old) in order.iter().enumerate() {
            remap[old] = new as u32;
        }
        let mut old = std::mem::take(&mut self.list);
        self.list = order.iter().map(|&o| std::mem::take(&mut old[o])).collect();
        for v in self.index.values_mut() {
            *v = remap[*v as usize];
        }
        remap
    }
}

/// The string tables being built: each label and attrs key once
/// (`labels`), and each attr value's string (or JSON text) once
/// (`values`), numbered.
#[derive(Default)]
struct Strings {
    labels: Table,
    values: Table,
}

impl Strings {
    /// A value as cached, its string (or JSON text) numbered.
    fn value(&mut self, v: &AttrValue) -> Option<Value> {
        Some(match v {
            AttrValue::Str(s) => Value::Str(self.values.intern(s)?),
            AttrValue::UInt(n) => Value::UInt(*n),
            AttrValue::Int(n) => Value::Int(*n),
            AttrValue::Float(x) => match hundredths(*x) {
                Some(k) => Value::Hundredths(k),
                None => Value::Float(*x),
            },
            AttrValue::Bool(b) => Value::Bool(*b),
            AttrValue::Span { start, end } => Value::Span(*start, *end),
            AttrValue::Json(j) => Value::Json(self.values.intern(&j.to_string())?),
        })
    }

    fn attrs(&mut self, attrs: &Attrs) -> Option<Vec<(u32, Value)>> {
        attrs
            .values()
            .map(|(k, v)| Some((self.labels.intern(k)?, self.value(&v)?)))
            .collect()
    }
}

/// The attrs of a packed row (its strings moved, not copied).
fn unpack_attrs(
    attrs: impl IntoIterator<Item = (u32, Value)>,
    strings: &[Cow<'static, str>],
    values: &[String],
) -> Option<Attrs> {
    let mut out = Attrs::new();
    for (k, v) in attrs {
        out.insert(strings.get(k as usize)?.clone(), v.into_attr(values)?);
    }
    Some(out)
}

/// Annotations packed: labels and attrs keys in one string table, spans as
/// the start's distance from the previous start and the length, and each
/// distinct attrs set once (`sets`, in the order the rows first use them;
/// a row names its set by number): a warm line decodes, checks and
/// renders a set once however many rows share it (an entity's
/// `{"confidence":0.99,"source":"model"}`, a glossary term's gloss and
/// note). The tables are stored as one string each ([`join_table`]: one
/// UTF-8 check for all), the sets and rows as byte columns.
#[derive(Debug, Serialize, Deserialize, Default)]
pub struct PackedAnnotations {
    #[serde(with = "table")]
    pub strings: Vec<String>,
    /// The attr values' strings and JSON texts, each once.
    #[serde(with = "table")]
    pub values: Vec<String>,
    /// The distinct attrs sets as one byte column: each its count, then
    /// per attr its key's number in `strings` and its value
    /// ([`encode_value`]). See [`PackedAnnotations::sets`].
    pub sets: Vec<u8>,
    /// The rows ([`PackedAnnotation`]) as one byte column, each its five
    /// numbers as varints (the layer's its place in [`Layer::ALL`]): read
    /// by a plain loop ([`decode_rows`]), not a row at a time through
    /// serde's visitors. See [`PackedAnnotations::rows`].
    pub rows: Vec<u8>,
}

impl PackedAnnotations {
    /// The distinct attrs sets; `None` when the column does not decode.
    pub fn sets(&self) -> Option<Vec<Vec<(u32, Value)>>> {
        decode_sets(&self.sets)
    }

    /// The rows; `None` when the column does not decode.
    pub fn rows(&self) -> Option<Vec<PackedAnnotation>> {
        decode_rows(&self.rows)
    }

    /// Replaces the rows.
    pub fn set_rows(&mut self, rows: &[PackedAnnotation]) {
        self.rows.clear();
        for r in rows {
            encode_row(&mut self.rows, r);
        }
    }
}

/// Appends a row to a rows column ([`PackedAnnotations::rows`]).
fn encode_row(out: &mut Vec<u8>, r: &PackedAnnotation) {
    let layer = Layer::ALL.iter().position(|&l| l == r.layer).unwrap_or(0);
    column::put(out, layer as u64);
    column::put(out, u64::from(r.label));
    column::put(out, r.start);
    column::put(out, r.len);
    column::put(out, u64::from(r.attrs));
}

/// The rows of a rows column; `None` when it does not decode (a number cut
/// short or out of range, a layer not known).
fn decode_rows(bytes: &[u8]) -> Option<Vec<PackedAnnotation>> {
    let mut r = column::Reader::new(bytes);
    // At least five bytes a row.
    let mut out = Vec::with_capacity(bytes.len() / 5);
    while !r.is_empty() {
        let layer = *Layer::ALL.get(usize::from(r.byte()?))?;
        out.push(PackedAnnotation {
            layer,
            label: r.u32()?,
            start: r.varint()?,
            len: r.varint()?,
            attrs: r.u32()?,
        });
    }
    Some(out)
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PackedAnnotation {
    pub layer: Layer,
    pub label: u32,
    /// The start minus the previous annotation's start (wrapping).
    pub start: u64,
    pub len: u64,
    /// The number of its attrs set in [`PackedAnnotations::sets`].
    pub attrs: u32,
}

/// An attrs value as cached ([`AttrValue`]; a string, or JSON as its
/// text, as its number in the values table; a float that is the double
/// nearest to a number of hundredths as that number).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Value {
    Str(u32),
    UInt(u64),
    Int(i64),
    Float(f64),
    Bool(bool),
    Span(u64, u64),
    Json(u32),
    /// `Float(k as f64 / 100.0)`, the same bits (a confidence, a
    /// percentage): one or two bytes instead of eight.
    Hundredths(u64),
}

/// `x` as a number of hundredths `k` when `k as f64 / 100.0` gives back
/// the same bits (so the same printed digits); `None` otherwise.
fn hundredths(x: f64) -> Option<u64> {
    let k = (x * 100.0).round();
    if !(0.0..=1e15).contains(&k) {
        return None;
    }
    let k = k as u64;
    ((k as f64 / 100.0).to_bits() == x.to_bits()).then_some(k)
}

/// [`PackedAnnotations`] of a model's annotations as they are
/// serialized, row by row (the same bytes), not built first: the rows and
/// a copy of every attr string were ~55 MB beside the model of 5 MB of
/// news when its cache entry was stored. Each distinct attrs set is
/// written once, from the first row that has it.
struct AnnotationsRef<'a> {
    strings: Vec<String>,
    values: Vec<String>,
    annotations: &'a [Annotation],
    /// Labels and attrs keys by their numbers in `strings`.
    index: HashMap<String, u32>,
    /// Each row's set number.
    set_of: Vec<u32>,
    /// The distinct sets, as their column.
    sets: Vec<u8>,
}

impl<'a> AnnotationsRef<'a> {
    /// Numbers the attrs keys, attr value strings and labels of
    /// `annotations` (each row's keys and values, then its label), the
    /// labels and keys in their order as strings (those of `learner`'s
    /// readings, numbered before, renumbered), and finds the distinct attrs
    /// sets (by their encoded bytes: values hold floats, no `Hash`); `None`
    /// past `u32::MAX` strings or sets.
    fn new(
        annotations: &'a [Annotation],
        mut strings: Strings,
        learner: &mut PackedLearner,
    ) -> Option<AnnotationsRef<'a>> {
        for a in annotations {
            for (k, v) in a.attrs.values() {
                strings.labels.intern(k)?;
                strings.value(&v)?;
            }
            strings.labels.intern(&a.label)?;
        }
        let remap = strings.labels.sort();
        for (_, attrs) in &mut learner.own {
            for (k, _) in attrs {
                *k = *remap.get(*k as usize)?;
            }
        }
        let mut known: HashMap<Vec<u8>, u32> = HashMap::new();
        let mut set_of = Vec::with_capacity(annotations.len());
        let mut sets = Vec::new();
        let mut bytes = Vec::new();
        for a in annotations {
            let set = strings.attrs(&a.attrs)?;
            strings.labels.intern(&a.label)?;
            bytes.clear();
            encode_set(&mut bytes, &set);
            let n = match known.get(&bytes) {
                Some(&n) => n,
                None => {
                    let n = u32::try_from(known.len()).ok()?;
                    sets.extend_from_slice(&bytes);
                    known.insert(bytes.clone(), n);
                    n
                }
            };
            set_of.push(n);
        }
        Some(AnnotationsRef {
            strings: strings.labels.list,
            values: strings.values.list,
            annotations,
            index: strings.labels.index,
            set_of,
            sets,
        })
    }
}

impl Serialize for AnnotationsRef<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        /// A table as [`join_table`] stores it.
        struct Table<'t>(&'t [String]);
        impl Serialize for Table<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                table::serialize(self.0, s)
            }
        }
        let mut st = s.serialize_struct("PackedAnnotations", 4)?;
        st.serialize_field("strings", &Table(&self.strings))?;
        st.serialize_field("values", &Table(&self.values))?;
        st.serialize_field("sets", self.sets.as_slice())?;
        st.serialize_field("rows", &RowsRef(self))?;
        st.end()
    }
}

/// The rows of [`AnnotationsRef`], each naming its set.
struct RowsRef<'s, 'a>(&'s AnnotationsRef<'a>);

impl Serialize for RowsRef<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::Error;
        let r = self.0;
        // At least five bytes a row.
        let mut bytes = Vec::with_capacity(6 * r.annotations.len());
        let mut prev = 0usize;
        for (a, &attrs) in r.annotations.iter().zip(&r.set_of) {
            let label = *r
                .index
                .get(a.label.as_ref())
                .ok_or_else(|| S::Error::custom("a label not in the table"))?;
            encode_row(
                &mut bytes,
                &PackedAnnotation {
                    layer: a.layer,
                    label,
                    start: a.span.start.wrapping_sub(prev) as u64,
                    len: a.span.len() as u64,
                    attrs,
                },
            );
            prev = a.span.start;
        }
        // A byte string: its length, then its bytes (as a `Vec<u8>` reads).
        s.serialize_bytes(&bytes)
    }
}

impl PackedAnnotations {
    /// The string table, shared strings.
    fn strings(&self) -> Vec<Cow<'static, str>> {
        self.strings.iter().map(|s| intern(s)).collect()
    }

    fn unpack(&self, strings: &[Cow<'static, str>]) -> Option<Vec<Annotation>> {
        let rows = self.rows()?;
        // Each set made once; its rows share it (`Attrs` clones share).
        let sets = self
            .sets()?
            .into_iter()
            .map(|set| unpack_attrs(set, strings, &self.values))
            .collect::<Option<Vec<Attrs>>>()?;
        let mut out = Vec::with_capacity(rows.len());
        let mut prev = 0usize;
        // Each label's number found once per entry (only the strings that
        // are labels: the others are no label's name).
        let mut labels: Vec<Option<crate::model::Label>> = vec![None; strings.len()];
        for (id, r) in rows.into_iter().enumerate() {
            let start = prev.wrapping_add(usize::try_from(r.start).ok()?);
            let end = start.checked_add(usize::try_from(r.len).ok()?)?;
            prev = start;
            out.push(Annotation {
                id: Annotation::id_of(id),
                layer: r.layer,
                label: {
                    let slot = labels.get_mut(r.label as usize)?;
                    *slot
                        .get_or_insert_with(|| crate::model::Label::new(&strings[r.label as usize]))
                },
                span: Span::new(start, end),
                attrs: sets.get(r.attrs as usize)?.clone(),
            });
        }
        Some(out)
    }
}

/// A label or attrs key as a shared string: the handful the annotators
/// use are kept once for the program's life (a table of bounded size; past
/// it, strings are owned).
fn intern(s: &str) -> Cow<'static, str> {
    use std::sync::{Mutex, OnceLock};
    const MAX: usize = 4096;
    static KNOWN: OnceLock<Mutex<rustc_hash::FxHashSet<&'static str>>> = OnceLock::new();
    let known = KNOWN.get_or_init(Default::default);
    let mut set = known.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(t) = set.get(s) {
        return Cow::Borrowed(t);
    }
    if set.len() >= MAX {
        return Cow::Owned(s.to_string());
    }
    let t: &'static str = Box::leak(s.to_string().into_boxed_str());
    set.insert(t);
    Cow::Borrowed(t)
}

impl Value {
    fn into_attr(self, values: &[String]) -> Option<AttrValue> {
        Some(match self {
            Value::Str(n) => AttrValue::Str(Cow::Owned(values.get(n as usize)?.clone())),
            Value::UInt(n) => AttrValue::UInt(n),
            Value::Int(n) => AttrValue::Int(n),
            Value::Float(x) => AttrValue::Float(x),
            Value::Bool(b) => AttrValue::Bool(b),
            Value::Span(start, end) => AttrValue::Span { start, end },
            Value::Json(n) => AttrValue::Json(serde_json::from_str(values.get(n as usize)?).ok()?),
            Value::Hundredths(k) => AttrValue::Float(k as f64 / 100.0),
        })
    }
}

/// `std::fs::canonicalize(path)` (the path itself when it fails), with the
/// canonical form of each directory worked out once: a file that is not a
/// symbolic link is its directory's canonical form joined with its name.
/// A directory's form is kept for the program's life (a bounded table): a
/// directory replaced meanwhile by a link only names another cache file,
/// whose header then does not match (the entry is rebuilt, never wrong).
/// A warm run of 2,000 files spent 3% of its CPU and 6 system calls a
/// file in `realpath`.
fn canonical(path: &Path) -> PathBuf {
    canonical_of(path, false)
}

/// [`canonical`] of a path the listing found to be a file of its own,
/// not a symbolic link, when `not_link` ([`super::list::Candidate::not_link`]):
/// then its `lstat` is left out (one system call a file of a warm run). A
/// file replaced by a link since the listing only names another entry,
/// checked against the bytes read as any entry is.
fn canonical_of(path: &Path, not_link: bool) -> PathBuf {
    use std::sync::{Mutex, OnceLock};
    const MAX: usize = 4096;
    static DIRS: OnceLock<Mutex<HashMap<PathBuf, PathBuf>>> = OnceLock::new();
    let slow = || std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let (Some(parent), Some(name)) = (path.parent(), path.file_name()) else {
        return slow();
    };
    if !not_link && !std::fs::symlink_metadata(path).is_ok_and(|m| !m.file_type().is_symlink()) {
        return slow();
    }
    let parent = if parent.as_os_str().is_empty() {
        Path::new(".")
    } else {
        parent
    };
    let dirs = DIRS.get_or_init(Default::default);
    let known = dirs
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .get(parent)
        .cloned();
    let dir = match known {
        Some(d) => d,
        None => {
            let Ok(d) = std::fs::canonicalize(parent) else {
                return slow();
            };
            let mut map = dirs.lock().unwrap_or_else(|e| e.into_inner());
            if map.len() >= MAX {
                map.clear();
            }
            map.insert(parent.to_path_buf(), d.clone());
            d
        }
    };
    dir.join(name)
}

/// The outcome of a lookup.
#[derive(Debug, PartialEq)]
pub enum Lookup {
    Hit(Box<Annotated>),
    /// No cache file.
    Miss,
    /// A cache file for another version, other settings or other content.
    Stale,
    /// A cache file that cannot be read or does not make sense.
    Corrupt(String),
}

/// The cache, rooted at one directory.
#[derive(Debug, Clone)]
pub struct Cache {
    dir: PathBuf,
    settings: u64,
    /// The file the entries live in, shared by every clone.
    store: std::sync::Arc<Store>,
    /// Where entries go to be written, when they are written off the
    /// annotating threads ([`Cache::with_background_writes`]).
    writer: Option<std::sync::Arc<Writer>>,
}

/// An entry to write: its key, its header and its body not yet
/// compressed (the writer compresses it, off the annotating threads).
type Job = Box<(Key, Header, Vec<u8>)>;

/// A writer commits its entries to the store once it holds this many, or
/// this many bytes of them, or when no entry came for [`COMMIT_IDLE`],
/// and at the end: few appends, none waited for by the annotating threads.
const COMMIT_ENTRIES: usize = 512;
const COMMIT_BYTES: usize = 8 << 20;
const COMMIT_IDLE: std::time::Duration = std::time::Duration::from_millis(200);

/// A thread that writes encoded entries, so the threads that annotate
/// never wait on the file system.
struct Writer {
    tx: std::sync::Mutex<Option<std::sync::mpsc::Sender<Job>>>,
    handle: std::sync::Mutex<Option<std::thread::JoinHandle<()>>>,
}

impl std::fmt::Debug for Writer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Writer")
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        self.finish();
    }
}

impl Writer {
    fn spawn(store: std::sync::Arc<Store>) -> Option<Writer> {
        use std::sync::mpsc::RecvTimeoutError;
        let (tx, rx) = std::sync::mpsc::channel::<Job>();
        let handle = std::thread::Builder::new()
            .name("yuelan-cache-writer".into())
            .spawn(move || {
                let mut batch: Vec<(Key, Vec<u8>)> = Vec::new();
                let mut bytes = 0;
                // One compression context for every entry (a context
                // made per entry was a tenth of the writer's time).
                let mut zstd = compressor().ok();
                let commit = |batch: &mut Vec<(Key, Vec<u8>)>| {
                    // A cache that cannot be written only costs speed
                    // next time: a note, no error.
                    let res = timings::time(Phase::CacheWrite, || store.append(batch));
                    if let Err(e) = res {
                        store.note(format!("{} entries not written: {e}", batch.len()));
                    }
                    batch.clear();
                };
                loop {
                    let job = if batch.is_empty() {
                        rx.recv().ok()
                    } else {
                        match rx.recv_timeout(COMMIT_IDLE) {
                            Ok(job) => Some(job),
                            Err(RecvTimeoutError::Timeout) => {
                                commit(&mut batch);
                                bytes = 0;
                                continue;
                            }
                            Err(RecvTimeoutError::Disconnected) => None,
                        }
                    };
                    let Some(job) = job else {
                        break;
                    };
                    let (key, header, body) = *job;
                    let encoded = timings::time(Phase::CacheWrite, || match zstd.as_mut() {
                        Some(z) => encode_with(z, &header, &body),
                        None => encode(&header, &body),
                    });
                    if let Ok(value) = encoded {
                        bytes += value.len();
                        batch.push((key, value));
                    }
                    if batch.len() >= COMMIT_ENTRIES || bytes >= COMMIT_BYTES {
                        commit(&mut batch);
                        bytes = 0;
                    }
                }
                commit(&mut batch);
            })
            .ok()?;
        Some(Writer {
            tx: std::sync::Mutex::new(Some(tx)),
            handle: std::sync::Mutex::new(Some(handle)),
        })
    }

    /// Hands an entry over; gives it back when the writer has finished.
    fn send(&self, job: Job) -> Result<(), Job> {
        let tx = self.tx.lock().unwrap_or_else(|e| e.into_inner());
        match tx.as_ref() {
            Some(tx) => tx.send(job).map_err(|e| e.0),
            None => Err(job),
        }
    }

    /// Waits until every entry handed over is written.
    fn finish(&self) {
        drop(self.tx.lock().unwrap_or_else(|e| e.into_inner()).take());
        let handle = self.handle.lock().unwrap_or_else(|e| e.into_inner()).take();
        if let Some(h) = handle {
            let _ = h.join();
        }
    }
}

impl Cache {
    /// The cache in the user cache directory, or `None` when there is none.
    pub fn user(settings: u64) -> Option<Cache> {
        crate::storage::cache_dir()
            .ok()
            .map(|d| Cache::at(d.join("corpus"), settings))
    }

    /// A cache rooted at `dir` (created on first write).
    pub fn at(dir: impl Into<PathBuf>, settings: u64) -> Cache {
        let dir = dir.into();
        Cache {
            store: std::sync::Arc::new(Store::new(dir.clone(), worth_keeping)),
            dir,
            // The dictionary is a setting too: an entry compressed with
            // another one is stale.
            settings: settings ^ dictionary().hash,
            writer: None,
        }
    }

    /// The same cache, its entries written by a thread of their own:
    /// [`Cache::put`] encodes and hands over, and returns at once. Call
    /// [`Cache::flush`] before relying on the entries being on disk (the
    /// last copy of the cache dropped flushes too).
    pub fn with_background_writes(mut self) -> Cache {
        self.writer = Writer::spawn(self.store.clone()).map(std::sync::Arc::new);
        self
    }

    /// Opens the store and finds its entries on a thread of the pool, so
    /// that it is done while the caller lists the files (the first lookup
    /// would otherwise do it, the other threads waiting).
    pub fn open_in_background(&self) {
        let store = self.store.clone();
        rayon::spawn(move || store.open_now());
    }

    /// Waits until every entry handed to the background writer is written
    /// (nothing to do without one). Later puts are written at once.
    pub fn flush(&self) {
        if let Some(w) = &self.writer {
            w.finish();
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn key_path(entry: &Entry) -> String {
        canonical(&entry.path).display().to_string()
    }

    fn key_for_part(key_path: &str, part: Option<usize>) -> Key {
        let key = format!("{key_path}\u{0}{part:?}");
        // Two different hashes side by side: `content_hash` alone gave
        // paths that differ in a digit or two the same name (56 pairs in
        // 2,000 files named 00000.txt…), and each pair kept replacing the
        // other's entry.
        (u128::from(content_hash(key.as_bytes())) << 64) | u128::from(fnv1a(key.as_bytes()))
    }

    /// The entry's name in the store.
    pub fn key_for(entry: &Entry) -> Key {
        Cache::key_for_part(&Cache::key_path(entry), entry.part)
    }

    /// The file all entries live in.
    pub fn store_file(&self) -> PathBuf {
        self.store.path()
    }

    /// What the store had to say this run (a damaged file it set aside, a
    /// lock it could not get), one line each; shown under `--timings`.
    pub fn notes(&self) -> Vec<String> {
        self.store.notes()
    }

    /// The entry's bytes as stored (for tools and tests; see
    /// [`RawEntry::from_bytes`]).
    pub fn entry_bytes(&self, entry: &Entry) -> Option<Vec<u8>> {
        let mut buf = Vec::new();
        matches!(self.store.read(Cache::key_for(entry), &mut buf), Ok(true)).then_some(buf)
    }

    /// Stores `bytes` as the entry's, whatever they are (for tools and
    /// tests that alter an entry; see [`RawEntry::encode`]).
    pub fn put_entry_bytes(&self, entry: &Entry, bytes: Vec<u8>) -> Result<(), String> {
        self.store.append(&[(Cache::key_for(entry), bytes)])
    }

    /// Looks the entry up; only a [`Lookup::Hit`] may be used.
    pub fn get(&self, entry: &Entry) -> Lookup {
        self.get_layers(entry, true)
    }

    /// [`Cache::get`] for a run that writes the learner layer only when
    /// `learner`: without it, the layer is not rebuilt (nor CC-CEDICT
    /// loaded) and the model has none; with it, an entry stored without
    /// the layer is [`Lookup::Stale`] (annotated again, with it).
    pub fn get_layers(&self, entry: &Entry, learner: bool) -> Lookup {
        timings::time(Phase::Cache, || self.get_untimed(entry, learner))
    }

    fn get_untimed(&self, entry: &Entry, want_learner: bool) -> Lookup {
        with_scratch(|bytes, body| self.get_in(entry, want_learner, bytes, body))
    }

    fn get_in(
        &self,
        entry: &Entry,
        want_learner: bool,
        bytes: &mut Vec<u8>,
        body: &mut Vec<u8>,
    ) -> Lookup {
        if let Err(lookup) = self.open_in(entry, bytes, body) {
            return lookup;
        }
        model_of(entry, body, want_learner)
    }

    /// Reads the entry's file into `bytes` and its body, decompressed,
    /// into `body`; `Err` is the lookup when there is no usable body.
    fn open_in(
        &self,
        entry: &Entry,
        bytes: &mut Vec<u8>,
        body: &mut Vec<u8>,
    ) -> Result<(), Lookup> {
        let Ok(loaded) = &entry.loaded else {
            return Err(Lookup::Miss);
        };
        let key_path = Cache::key_path(entry);
        let key = Cache::key_for_part(&key_path, entry.part);
        read_into(&self.store, key, bytes)?;
        let (schema, header, rest) = split(bytes).map_err(Lookup::Corrupt)?;
        if schema != SCHEMA
            || header.crate_version != env!("CARGO_PKG_VERSION")
            || header.settings != self.settings
            || header.path != key_path
            || header.part != entry.part
            || header.stamp != entry.stamp
            || header.text_len != loaded.text.len() as u64
            || header.text_hash != content_hash(loaded.text.as_bytes())
        {
            return Err(Lookup::Stale);
        }
        decompress_into(rest, header.body_len, body).map_err(Lookup::Corrupt)
    }

    /// Appends the entry's yuelan/1 JSON line (without its newline; safe
    /// for a terminal) to `out`, with the annotations of `layers` and the
    /// tokens as `tokens` says, straight from the cache entry: its
    /// annotations and keywords are written from the decompressed bytes
    /// without being built into the model (a warm `annotate DIR --format
    /// jsonl` spent a third of its time building and dropping them). The
    /// bytes are those [`Cache::get_layers`]'s model would write after
    /// [`LayerSet::restrict`]. `None` when the line is written; otherwise
    /// nothing is appended and the lookup says why (a [`Lookup::Hit`] when
    /// the entry is good but is written through the model: a learner layer
    /// to rebuild, or attrs out of their order).
    pub fn line(
        &self,
        entry: &Entry,
        layers: LayerSet,
        tokens: TokenStyle,
        out: &mut Vec<u8>,
    ) -> Option<Lookup> {
        let at = out.len();
        let t = std::time::Instant::now();
        let res =
            with_scratch(|bytes, body| self.line_in(entry, layers, tokens, out, bytes, body, t));
        if res.is_some() {
            out.truncate(at);
        }
        res
    }

    #[allow(clippy::too_many_arguments)]
    fn line_in(
        &self,
        entry: &Entry,
        layers: LayerSet,
        tokens: TokenStyle,
        out: &mut Vec<u8>,
        bytes: &mut Vec<u8>,
        body: &mut Vec<u8>,
        t: std::time::Instant,
    ) -> Option<Lookup> {
        let opened = self.open_in(entry, bytes, body);
        let lookup = match (opened, &entry.loaded) {
            (Err(lookup), _) => Some(lookup),
            (Ok(()), Err(_)) => Some(Lookup::Miss),
            (Ok(()), Ok(loaded)) => {
                let file = FileText::Loaded(&loaded.text);
                let render = |ann: &Annotated, refs: &Refs| {
                    crate::export::json::append_refs_escaped(out, ann, refs, tokens)
                };
                match write_view(file, entry.label(), body, layers, t, render) {
                    Some(_) => None,
                    None => Some(model_of(entry, body, layers.learner())),
                }
            }
        };
        if lookup.is_some() {
            timings::record(Phase::Cache, t.elapsed());
        }
        lookup
    }
}

impl Cache {
    /// [`Cache::line`] asked before the file is decoded or parsed: with its
    /// path and the bytes [`super::list::read_raw`] read (a warm run's
    /// listing did a fifth of its work decoding and parsing files whose
    /// entries it then wrote). The entry is found by the canonical path
    /// and checked against the bytes' stamp (size, mtime, content hash);
    /// its text is the bytes themselves or kept in it. `Ok` with the
    /// document's text, encoding and warnings (what the listing would have
    /// made of the bytes) when the line is written; otherwise nothing is
    /// appended and `Err` says why, `None` when the entry may be good but
    /// must be read the other way (decode the file, then [`Cache::line`]).
    pub fn line_raw(
        &self,
        path: &Path,
        raw: &super::list::Raw,
        layers: LayerSet,
        tokens: TokenStyle,
        out: &mut Vec<u8>,
    ) -> Result<super::list::Loaded, Option<Lookup>> {
        let at = out.len();
        let t = std::time::Instant::now();
        let res = with_scratch(|bytes, body| {
            let render = |ann: &Annotated, refs: &Refs| {
                crate::export::json::append_refs_escaped(out, ann, refs, tokens)
            };
            self.line_raw_in(path, raw, layers, bytes, body, t, render)
        });
        if res.is_err() {
            out.truncate(at);
            timings::record(Phase::Cache, t.elapsed());
        }
        res.map(|(loaded, ())| loaded)
    }

    /// [`Cache::line_raw`] written to `w` as it is made, a piece at a
    /// time (one big file's line, `annotate FILE --format jsonl`: its
    /// ~100 MB of JSON for 5 MB of text are not held whole). `Ok` when the
    /// entry is written, with what writing it gave (an error cuts the line
    /// short: the reader went away); `Err` as [`Cache::line_raw`]'s,
    /// nothing written.
    pub fn write_line_raw(
        &self,
        path: &Path,
        raw: &super::list::Raw,
        layers: LayerSet,
        tokens: TokenStyle,
        w: &mut dyn std::io::Write,
    ) -> Result<std::io::Result<super::list::Loaded>, Option<Lookup>> {
        let t = std::time::Instant::now();
        let render = |ann: &Annotated, refs: &Refs| {
            crate::export::json::write_refs_escaped(&mut *w, ann, refs, tokens)
        };
        // Buffers of its own: a big entry's are not kept for the next.
        let (mut bytes, mut body) = (Vec::new(), Vec::new());
        match self.line_raw_in(path, raw, layers, &mut bytes, &mut body, t, render) {
            Ok((loaded, written)) => Ok(written.map(|()| loaded)),
            Err(lookup) => {
                timings::record(Phase::Cache, t.elapsed());
                Err(lookup)
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn line_raw_in<R>(
        &self,
        path: &Path,
        raw: &super::list::Raw,
        layers: LayerSet,
        bytes: &mut Vec<u8>,
        body: &mut Vec<u8>,
        t: std::time::Instant,
        render: impl FnOnce(&Annotated, &Refs) -> R,
    ) -> Result<(super::list::Loaded, R), Option<Lookup>> {
        let key_path = canonical_of(path, raw.not_link).display().to_string();
        read_into(&self.store, Cache::key_for_part(&key_path, None), bytes).map_err(Some)?;
        let (schema, header, rest) = split(bytes).map_err(|e| Some(Lookup::Corrupt(e)))?;
        if schema != SCHEMA
            || header.crate_version != env!("CARGO_PKG_VERSION")
            || header.settings != self.settings
            || header.path != key_path
            || header.part.is_some()
            || header.stamp != raw.stamp
        {
            return Err(Some(Lookup::Stale));
        }
        decompress_into(rest, header.body_len, body).map_err(|e| Some(Lookup::Corrupt(e)))?;
        let file = FileText::Raw(&raw.bytes, &header);
        let label = path.display().to_string();
        write_view(file, label, body, layers, t, render).ok_or(None)
    }
}

/// The model of a decompressed body (see [`Cache::get_layers`]).
fn model_of(entry: &Entry, body: &[u8], want_learner: bool) -> Lookup {
    let Ok(loaded) = &entry.loaded else {
        return Lookup::Miss;
    };
    let body = match postcard::from_bytes::<Body>(body) {
        Ok(b) => b,
        Err(e) => return Lookup::Corrupt(format!("does not decode: {e}")),
    };
    let Body {
        mut doc,
        labelled,
        from_runs,
        tokens,
        annotations: packed,
        learner,
        keywords,
    } = body;
    // An empty text in the body stands for the file's (the usual case);
    // a parser that changed the text stored its own, or what its source
    // map does not copy from the file's when the text is the listing's
    // (`open_in` checked it against the header).
    if from_runs || doc.text.is_empty() {
        doc.text = loaded.text.to_string();
    }
    if labelled {
        doc.source.path = Some(entry.label());
    }
    // An entry has the learner layer derived from its tokens, or
    // stored as it is, or not at all (a run that did not ask for it).
    let Some(rows) = packed.rows() else {
        return Lookup::Corrupt("the annotation rows do not decode".into());
    };
    let has_learner = learner.derived || rows.iter().any(|r| r.layer == Layer::Learner);
    drop(rows);
    if want_learner && !has_learner {
        return Lookup::Stale;
    }
    let strings = packed.strings();
    let (Some(tokens), Some(mut annotations), Some(keywords)) = (
        tokens.unpack(&doc.text),
        packed.unpack(&strings),
        keywords.unpack(&doc.text),
    ) else {
        return Lookup::Corrupt(
            "the packed tokens, annotations or keywords do not make sense".into(),
        );
    };
    if learner.derived && want_learner {
        let Some(words) = learner.unpack(
            &doc.text,
            &tokens,
            &strings,
            &packed.values,
            annotations.len(),
        ) else {
            return Lookup::Corrupt("the learner layer cannot be rebuilt".into());
        };
        annotations.extend(words);
    }
    let annotated = Annotated {
        doc: doc.into(),
        tokens,
        annotations,
        keywords,
    };
    if let Err(why) = check_spans(&annotated) {
        return Lookup::Corrupt(why);
    }
    Lookup::Hit(Box::new(annotated))
}

/// Where the text of a body that leaves it out comes from.
enum FileText<'a> {
    /// The listing's decoded text (the header checked against it).
    Loaded(&'a str),
    /// The file's bytes, not decoded (the header checked against their
    /// stamp): an entry leaves the text out only when it is these bytes.
    Raw(&'a [u8], &'a Header),
}

/// Writes the line of a decompressed body from the body read in place
/// (see [`Cache::line`]), the document's path written as `label` (what a
/// fresh run writes); when written, the document's text, encoding and
/// warnings (as the listing finds them), `None`
/// (nothing written) when the model must be built: the body does not
/// check out (the model's lookup says why), the learner layer is to be
/// rebuilt or is missing, or attrs are not in the order the model keeps
/// them.
fn write_view<R>(
    file: FileText,
    label: String,
    body: &[u8],
    layers: LayerSet,
    t: std::time::Instant,
    render: impl FnOnce(&Annotated, &Refs) -> R,
) -> Option<(super::list::Loaded, R)> {
    with_line_bufs(|bufs| write_view_in(file, label, body, layers, t, render, bufs))
}

/// [`write_view`] with a thread's buffers.
fn write_view_in<R>(
    file: FileText,
    label: String,
    body: &[u8],
    layers: LayerSet,
    t: std::time::Instant,
    render: impl FnOnce(&Annotated, &Refs) -> R,
    bufs: &mut LineBufs,
) -> Option<(super::list::Loaded, R)> {
    let LineBufs {
        tags,
        lens,
        keywords: kw_bufs,
    } = bufs;
    let v = postcard::from_bytes::<BodyView>(body).ok()?;
    let has_learner =
        v.learner.derived || v.annotations.rows.iter().any(|r| r.layer == Layer::Learner);
    if layers.learner() && (!has_learner || v.learner.derived) {
        return None;
    }
    let mut doc = v.doc;
    match file {
        FileText::Loaded(text) => {
            // The listing's text is the document's (checked against the
            // header) when the body leaves it out.
            if v.from_runs || doc.text.is_empty() {
                doc.text = text.to_string();
            }
        }
        FileText::Raw(bytes, header) => {
            // Whether the text is the body's (checked against the header
            // below) rather than the file's bytes.
            let from_body = if v.from_runs {
                // Rebuilt from the file's bytes and the body's.
                let source = simdutf8::basic::from_utf8(bytes).ok()?;
                doc.text = text_from_runs(source, &doc.source.map.runs, &doc.text)?;
                true
            } else if doc.text.is_empty() {
                // Left out: the text is the file's bytes (as `put` checked).
                if header.text_len != header.stamp.size || header.text_hash != header.stamp.hash {
                    return None;
                }
                doc.text = simdutf8::basic::from_utf8(bytes).ok()?.to_string();
                false
            } else {
                true
            };
            if from_body
                && (doc.text.len() as u64 != header.text_len
                    || content_hash(doc.text.as_bytes()) != header.text_hash)
            {
                return None;
            }
        }
    }
    doc.source.path = Some(label);
    let text = doc.text.as_str();
    // The tokens, written from their columns: they add up, their tags
    // are in the table and the last ends within the text.
    let tokens_ref = v.tokens.refs(tags, lens)?;
    if !tokens_ref.fits(crate::export::json_out::char_count(text)) {
        return None;
    }
    let keys = &v.annotations.strings;
    let fits = |s: &Span| {
        s.start <= s.end
            && s.end <= text.len()
            && text.is_char_boundary(s.start)
            && text.is_char_boundary(s.end)
    };
    // The rows as the model would hold them (spans absolute, attrs keys
    // in order, JSON values that parse), restricted as
    // `LayerSet::restrict` would.
    let all = v.annotations.rows.iter().all(|r| layers.contains(r.layer));
    let hide = !all && !layers.contains(Layer::Entities);
    // Each set checked once: keys in the table and in order, JSON values
    // that parse.
    // The table is written in order (then a set's keys are in order when
    // their numbers are); an entry whose table is not is checked by the
    // keys themselves.
    let sorted = keys.windows(2).all(|w| w[0] < w[1]);
    let check = |range: &std::ops::Range<usize>| {
        let attrs = v.annotations.attrs.get(range.clone())?;
        let mut last: Option<u32> = None;
        for (k, val) in attrs {
            let key = keys.get(*k as usize).copied()?;
            if last.is_some_and(|l| {
                if sorted {
                    l >= *k
                } else {
                    keys[l as usize] >= key
                }
            }) {
                return None;
            }
            last = Some(*k);
            if let AttrRef::Json(j) = val
                && serde_json::from_str::<serde_json::Value>(j).is_err()
            {
                return None;
            }
        }
        Some(attrs)
    };
    // Room for every set at once: collecting into an `Option<Vec<_>>`
    // does not know the count and grew the list a doubling at a time
    // (7,500 reallocations, 4.5 M instructions, in the bench's warm run).
    let mut sets = Vec::with_capacity(v.annotations.sets.len());
    for range in &v.annotations.sets {
        sets.push(check(range)?);
    }
    // How many rows written use each set: one used once is rendered in
    // its row, one used more kept rendered for the next.
    let mut uses = vec![0u32; sets.len()];
    for r in &v.annotations.rows {
        if layers.contains(r.layer)
            && let Some(n) = uses.get_mut(r.attrs as usize)
        {
            *n += 1;
        }
    }
    let mut annotations = Vec::with_capacity(v.annotations.rows.len());
    let mut prev = 0usize;
    for r in &v.annotations.rows {
        let start = usize::try_from(r.start)
            .ok()
            .map(|d| prev.wrapping_add(d))?;
        let end = usize::try_from(r.len)
            .ok()
            .and_then(|l| start.checked_add(l))?;
        prev = start;
        let span = Span::new(start, end);
        let label = keys.get(r.label as usize)?;
        if !fits(&span) {
            return None;
        }
        let attrs = sets.get(r.attrs as usize).copied()?;
        if !layers.contains(r.layer) {
            continue;
        }
        let hide_speaker = hide && r.layer == Layer::Quotes;
        let shared = !hide_speaker && uses.get(r.attrs as usize).is_some_and(|&n| n > 1);
        annotations.push(AnnotationRef {
            layer: r.layer,
            label,
            label_no: r.label,
            span,
            attrs,
            set: shared.then_some(r.attrs),
            hide_speaker,
        });
    }
    let ann = Annotated {
        doc: doc.into(),
        tokens: Vec::new(),
        annotations: Vec::new(),
        keywords: Keywords::default(),
    };
    if check_spans(&ann).is_err() {
        return None;
    }
    let table = v.keywords.table(&ann.doc.text)?;
    let refs = Refs {
        keys,
        sets: sets.len(),
        annotations,
        tokens: tokens_ref,
        keywords: v.keywords.refs(&table, kw_bufs)?,
    };
    timings::record(Phase::Cache, t.elapsed());
    let rendered = render(&ann, &refs);
    drop(refs);
    let doc = std::sync::Arc::unwrap_or_clone(ann.doc);
    let src = doc.source;
    let loaded = super::list::Loaded {
        text: std::sync::Arc::from(doc.text),
        encoding: src.encoding,
        warnings: src.warnings,
        doc: None,
    };
    Some((loaded, rendered))
}

impl Cache {
    /// Stores the entry's model. The text is left out when it is the
    /// file's (it is read anyway).
    pub fn put(&self, entry: &Entry, annotated: &mut Annotated) -> anyhow::Result<()> {
        timings::time(Phase::Cache, || {
            let Ok(loaded) = &entry.loaded else {
                anyhow::bail!("the entry has no text");
            };
            let text = Text {
                hash: content_hash(loaded.text.as_bytes()),
                len: loaded.text.len() as u64,
                is_doc: *annotated.doc.text == *loaded.text,
                label: Some(entry.label()),
                source: file_for_runs(entry, annotated),
            };
            self.put_as(
                Cache::key_path(entry),
                entry.part,
                entry.stamp,
                text,
                annotated,
                false,
            )
        })
    }

    /// [`Cache::put`] of a whole file's model, its text the document's
    /// (as [`super::list::load`] would read it), stamped with `stamp` (of
    /// the bytes [`super::list::read_raw`] read): the entry
    /// [`Cache::line_raw`] finds for the file (`annotate FILE --format
    /// jsonl` of one big file, annotated as one document).
    pub fn put_file(
        &self,
        path: &Path,
        stamp: Stamp,
        annotated: &mut Annotated,
    ) -> anyhow::Result<()> {
        timings::time(Phase::Cache, || {
            let text = Text {
                hash: content_hash(annotated.doc.text.as_bytes()),
                len: annotated.doc.text.len() as u64,
                is_doc: true,
                label: None,
                source: None,
            };
            let key_path = canonical(path).display().to_string();
            self.put_as(key_path, None, stamp, text, annotated, true)
        })
    }

    /// Stores the model under `key_path` and `part`; `streamed`: its body
    /// compressed as it is serialized, written at once (one big
    /// document's: the body and the room to compress it, each ~35 MB
    /// for 5 MB of news, are not held beside the model).
    fn put_as(
        &self,
        key_path: String,
        part: Option<usize>,
        stamp: Stamp,
        text: Text,
        annotated: &mut Annotated,
        streamed: bool,
    ) -> anyhow::Result<()> {
        let Some(tokens) = PackedTokens::pack(&annotated.doc.text, &annotated.tokens) else {
            anyhow::bail!("tokens out of order or too large to cache");
        };
        let Some(keywords) =
            PackedKeywords::pack(&annotated.keywords, &annotated.doc.text, &annotated.tokens)
        else {
            anyhow::bail!("keyword weights that are not numbers cannot be cached");
        };
        let mut strings = Strings::default();
        let all = &annotated.annotations;
        let (stored, mut learner) =
            match PackedLearner::pack(&annotated.doc.text, &annotated.tokens, all, &mut strings) {
                Some((n, learner)) => (&all[..all.len() - n], learner),
                None => (&all[..], PackedLearner::default()),
            };
        let Some(packed) = AnnotationsRef::new(stored, strings, &mut learner) else {
            anyhow::bail!("too many distinct labels to cache");
        };
        // The text is the file's bytes, read anyway: left out (an
        // empty text stands for them). A text that was decoded from
        // another encoding, had its line ends changed or was rendered
        // from markup is kept, so that a lookup needs neither the
        // decoding nor the parse (`Cache::line_raw`).
        let same = text.is_doc && text.len == stamp.size && text.hash == stamp.hash;
        // A text rendered from markup: only the bytes that its source map
        // does not copy from the listing's text (a lookup has that text).
        let fill = match &text.source {
            Some(source) if !same && text.is_doc => {
                fill_between_runs(&annotated.doc.text, source, &annotated.doc.source.map.runs)
            }
            _ => None,
        };
        let from_runs = fill.is_some();
        let kept = if same || from_runs {
            let doc = std::sync::Arc::make_mut(&mut annotated.doc);
            std::mem::replace(&mut doc.text, fill.unwrap_or_default())
        } else {
            String::new()
        };
        // The path, when it is the entry's label (as a lookup gives it
        // back), left out too (~70 bytes an entry, written in the header
        // already), unless the document is shared (no copy made for it).
        let label = match std::sync::Arc::get_mut(&mut annotated.doc) {
            Some(doc) if text.label.is_some() && doc.source.path == text.label => {
                doc.source.path.take()
            }
            _ => None,
        };
        let body_ref = BodyRef {
            doc: &annotated.doc,
            labelled: label.is_some(),
            from_runs,
            tokens,
            annotations: packed,
            learner,
            keywords,
        };
        let body = if streamed {
            compress_streamed(&body_ref).map(Err)
        } else {
            postcard::to_stdvec(&body_ref)
                .map(Ok)
                .map_err(anyhow::Error::from)
        };
        drop(body_ref);
        if same || from_runs {
            std::sync::Arc::make_mut(&mut annotated.doc).text = kept;
        }
        if label.is_some() {
            std::sync::Arc::make_mut(&mut annotated.doc).source.path = label;
        }
        let key = Cache::key_for_part(&key_path, part);
        let header = |body_len: usize| Header {
            crate_version: env!("CARGO_PKG_VERSION").to_string(),
            path: key_path.clone(),
            part,
            stamp,
            settings: self.settings,
            text_hash: text.hash,
            text_len: text.len,
            body_len: body_len as u64,
        };
        let body = match body? {
            Ok(body) => body,
            Err((compressed, body_len)) => {
                let value =
                    assemble(SCHEMA, &header(body_len), &compressed).map_err(anyhow::Error::msg)?;
                drop(compressed);
                return self
                    .store
                    .append(&[(key, value)])
                    .map_err(anyhow::Error::msg);
            }
        };
        let header = Header {
            crate_version: env!("CARGO_PKG_VERSION").to_string(),
            path: key_path.clone(),
            part,
            stamp,
            settings: self.settings,
            text_hash: text.hash,
            text_len: text.len,
            body_len: body.len() as u64,
        };
        let job = match &self.writer {
            Some(w) => match w.send(Box::new((key, header, body))) {
                Ok(()) => return Ok(()),
                Err(job) => job,
            },
            None => Box::new((key, header, body)),
        };
        let (key, header, body) = *job;
        let value = encode(&header, &body)?;
        drop(body);
        self.store
            .append(&[(key, value)])
            .map_err(anyhow::Error::msg)
    }
}

/// The file of a whole-file entry whose document is rendered from it
/// (its source map not empty), read again, when it is UTF-8 and the bytes
/// the entry is stamped with: what [`fill_between_runs`] checks the map
/// against. A lookup rebuilds the text from the same bytes (the stamp
/// checked).
fn file_for_runs(entry: &Entry, annotated: &Annotated) -> Option<String> {
    let source = &annotated.doc.source;
    // An EPUB or DOCX file is a ZIP archive, never UTF-8: not read again.
    if entry.part.is_some()
        || source.map.is_empty()
        || matches!(
            source.format,
            crate::model::Format::Epub | crate::model::Format::Docx
        )
    {
        return None;
    }
    let bytes = std::fs::read(&entry.path).ok()?;
    if bytes.len() as u64 != entry.stamp.size || content_hash(&bytes) != entry.stamp.hash {
        return None;
    }
    String::from_utf8(bytes).ok()
}

/// The bytes of `text` that the source map's `runs` (`(doc, src, len)`,
/// see [`crate::model::SourceMap`]) do not copy from `source`, one after
/// another; `None` when a run is out of order, does not fit, is not cut
/// on character boundaries or is not the same bytes in both (then the
/// text is stored whole).
fn fill_between_runs(text: &str, source: &str, runs: &[(usize, usize, usize)]) -> Option<String> {
    if runs.is_empty() {
        return None;
    }
    let mut fill = String::new();
    let mut at = 0usize;
    for &(d, s, len) in runs {
        let copied = source.get(s..s.checked_add(len)?)?;
        fill.push_str(text.get(at..d)?);
        if text.get(d..d.checked_add(len)?)? != copied {
            return None;
        }
        at = d + len;
    }
    fill.push_str(text.get(at..)?);
    Some(fill)
}

/// The text [`fill_between_runs`] took apart, rebuilt from `source` and
/// `fill`; `None` when the runs do not fit them.
fn text_from_runs(source: &str, runs: &[(usize, usize, usize)], fill: &str) -> Option<String> {
    let mut out = String::with_capacity(fill.len() + runs.iter().map(|r| r.2).sum::<usize>());
    let mut f = 0usize;
    for &(d, s, len) in runs {
        // Cut on character boundaries (`str::get`), so whole characters.
        let gap = d.checked_sub(out.len())?;
        out.push_str(fill.get(f..f.checked_add(gap)?)?);
        f += gap;
        out.push_str(source.get(s..s.checked_add(len)?)?);
    }
    out.push_str(fill.get(f..)?);
    Some(out)
}

/// What [`Cache::put`] knows of a document's text as the listing read it:
/// its [`content_hash`] and length, and whether it is the model's text.
struct Text {
    hash: u64,
    len: u64,
    is_doc: bool,
    /// The entry's label, which a lookup gives the document as its path:
    /// a path that is it is left out of the body.
    label: Option<String>,
    /// The file's text, when the document is rendered from it (see
    /// [`file_for_runs`]).
    source: Option<String>,
}

/// The body `body` serializes to, compressed as it is serialized (one
/// zstd frame, at [`LEVEL`]; the frame does not say its length, the
/// header does), and its length before compression.
fn compress_streamed(body: &BodyRef) -> anyhow::Result<(Vec<u8>, usize)> {
    /// Counts the bytes written through it.
    struct Counted<W> {
        inner: W,
        n: usize,
    }
    impl<W: std::io::Write> std::io::Write for Counted<W> {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            let n = self.inner.write(buf)?;
            self.n += n;
            Ok(n)
        }
        fn flush(&mut self) -> std::io::Result<()> {
            self.inner.flush()
        }
    }
    let encoder =
        zstd::stream::Encoder::with_prepared_dictionary(Vec::new(), &dictionary().encoder)?;
    // Through a buffer: postcard writes a few bytes at a time.
    let counted = Counted {
        inner: encoder,
        n: 0,
    };
    let mut buffered = std::io::BufWriter::with_capacity(1 << 16, counted);
    postcard::to_io(body, &mut buffered)?;
    let counted = buffered.into_inner().map_err(|e| e.into_error())?;
    let body_len = counted.n;
    Ok((counted.inner.finish()?, body_len))
}

/// Compresses `body` and puts `header` before it: the entry's bytes.
fn encode(header: &Header, body: &[u8]) -> anyhow::Result<Vec<u8>> {
    let compressed = compress(body)?;
    assemble(SCHEMA, header, &compressed).map_err(anyhow::Error::msg)
}

/// [`encode`] with a compression context kept from one entry to the next
/// (the same bytes).
fn encode_with(
    zstd: &mut zstd::bulk::Compressor<'static>,
    header: &Header,
    body: &[u8],
) -> anyhow::Result<Vec<u8>> {
    let compressed = zstd.compress(body)?;
    assemble(SCHEMA, header, &compressed).map_err(anyhow::Error::msg)
}

/// Whether a stored entry is worth keeping when the store is compacted:
/// one of this schema and version, for a file that still exists (entries
/// of deleted or moved files would otherwise stay for ever).
fn worth_keeping(bytes: &[u8]) -> bool {
    split(bytes).is_ok_and(|(schema, header, _)| {
        schema == SCHEMA
            && header.crate_version == env!("CARGO_PKG_VERSION")
            && Path::new(&header.path).exists()
    })
}

/// The 64-bit FNV-1a hash (a stable, well-mixed hash of short keys).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Every span of the model lies in the text, on char boundaries, and every
/// index points at something that exists.
fn check_spans(ann: &Annotated) -> Result<(), String> {
    let doc = &ann.doc;
    let text = &doc.text;
    let ok = |s: &Span| {
        s.start <= s.end
            && s.end <= text.len()
            && text.is_char_boundary(s.start)
            && text.is_char_boundary(s.end)
    };
    let spans = doc
        .title
        .iter()
        .chain(doc.subtitle.iter())
        .chain(doc.kicker.iter())
        .chain(doc.byline.iter())
        .chain(doc.sections.iter().map(|s| &s.span))
        .chain(doc.sections.iter().filter_map(|s| s.heading.as_ref()))
        .chain(doc.paragraphs.iter().map(|p| &p.span))
        .chain(doc.sentences.iter().map(|s| &s.span))
        .chain(ann.annotations.iter().map(|a| &a.span))
        .copied()
        .chain(ann.tokens.iter().map(Token::span));
    for s in spans {
        if !ok(&s) {
            return Err(format!("span {}..{} does not fit the text", s.start, s.end));
        }
    }
    let np = doc.paragraphs.len();
    let ns = doc.sentences.len();
    if doc.sections.iter().any(|s| s.paragraphs.end > np)
        || doc.paragraphs.iter().any(|p| p.sentences.end > ns)
        || doc.sentences.iter().any(|s| s.paragraph >= np)
        || ann
            .annotations
            .iter()
            .enumerate()
            .any(|(i, a)| a.index() != i)
    {
        return Err("indices do not fit the model".to_string());
    }
    Ok(())
}

/// A fingerprint of the settings that change annotations: the extra
/// glossary files, by path and content, and which entity recogniser runs
/// (the model, by the hash of the shipped model's bytes, so that a binary
/// with another model does not read this one's entries, or, with
/// `YUELAN_NER=rules`, the rules alone).
pub fn settings_fingerprint(glossaries: &[PathBuf]) -> u64 {
    use crate::annotate::entities::model;
    let mut key = if model::enabled() {
        let mut k = vec![b'm'];
        k.extend_from_slice(&content_hash(model::shipped_bytes()).to_le_bytes());
        k
    } else {
        vec![b'r']
    };
    for g in glossaries {
        key.extend_from_slice(g.display().to_string().as_bytes());
        key.push(0);
        if let Ok(bytes) = std::fs::read(g) {
            key.extend_from_slice(&content_hash(&bytes).to_le_bytes());
        }
    }
    content_hash(&key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_of_similar_paths_get_their_own_keys() {
        let mut names = std::collections::HashSet::new();
        for i in 0..2000 {
            let entry = Entry {
                path: PathBuf::from(format!("/tmp/scale/docs/{:03}/{i:05}.txt", i / 100)),
                part: None,
                stamp: Stamp::default(),
                loaded: Err(String::new()),
            };
            assert!(names.insert(Cache::key_for(&entry)), "{i} shares a key");
        }
    }

    #[test]
    fn a_rendered_text_is_rebuilt_from_its_source_and_the_bytes_between_runs() {
        let source = "# 标题\n\n正文**加粗**完。\n";
        let text = "标题\n正文加粗完。";
        // (doc, src, len): 标题, 正文, 加粗, 完。
        let runs = [(0, 2, 6), (7, 10, 6), (13, 18, 6), (19, 26, 6)];
        let fill = fill_between_runs(text, source, &runs).expect("fits");
        assert_eq!(fill, "\n");
        assert_eq!(text_from_runs(source, &runs, &fill).as_deref(), Some(text));
        // Bytes before the first run and after the last.
        let text2 = "»标题\n正文加粗完。«";
        let runs2 = [(2, 2, 6), (9, 10, 6), (15, 18, 6), (21, 26, 6)];
        let fill2 = fill_between_runs(text2, source, &runs2).expect("fits");
        assert_eq!(fill2, "»\n«");
        assert_eq!(
            text_from_runs(source, &runs2, &fill2).as_deref(),
            Some(text2)
        );
        // A run that is not the same bytes, out of order, past the end or
        // inside a character: the text is stored whole.
        assert_eq!(fill_between_runs(text, source, &[(0, 10, 6)]), None);
        assert_eq!(
            fill_between_runs(text, source, &[(7, 10, 6), (0, 2, 6)]),
            None
        );
        assert_eq!(fill_between_runs(text, source, &[(0, 2, 60)]), None);
        assert_eq!(fill_between_runs(text, source, &[(1, 3, 3)]), None);
        assert_eq!(fill_between_runs(text, source, &[]), None);
        // A fill or source that does not fit the runs is refused.
        assert_eq!(text_from_runs(source, &runs, ""), None);
        assert_eq!(text_from_runs("# 标", &runs, &fill), None);
        assert_eq!(text_from_runs(source, &[(1, 2, 6)], "\u{4e00}"), None);
    }

    #[test]
    fn a_kept_compression_context_writes_the_same_bytes() {
        let mut z = compressor().expect("context");
        let mut h = Header::unknown();
        for (i, body) in [&b"one body"[..], &[7u8; 5000], b"", b"three"]
            .iter()
            .enumerate()
        {
            h.body_len = i as u64;
            let kept = encode_with(&mut z, &h, body).expect("encode");
            assert_eq!(kept, encode(&h, body).expect("encode"), "{i}");
        }
    }

    #[test]
    fn entries_of_files_that_are_gone_are_not_worth_keeping() {
        let dir = tempfile::tempdir().expect("tempdir");
        let here = dir.path().join("a.txt");
        std::fs::write(&here, "文").expect("write");
        let entry = |path: &Path, version: &str| {
            let mut h = Header::unknown();
            h.path = path.display().to_string();
            h.crate_version = version.to_string();
            encode(&h, b"body").expect("encode")
        };
        let now = env!("CARGO_PKG_VERSION");
        assert!(worth_keeping(&entry(&here, now)));
        assert!(!worth_keeping(&entry(&dir.path().join("gone.txt"), now)));
        assert!(!worth_keeping(&entry(&here, "0.0.0-old")));
        assert!(!worth_keeping(b"not an entry"));
    }

    #[test]
    fn rows_that_share_attrs_store_them_once_and_come_back_the_same() {
        let attrs = |conf: f64, source: &'static str| {
            let mut a = Attrs::new();
            a.insert("confidence", conf);
            a.insert("source", source);
            a
        };
        let row = |id: usize, start: usize, a: Attrs| {
            let mut r = Annotation::new(Layer::Entities, "PER", Span::new(start, start + 3));
            r.id = Annotation::id_of(id);
            r.attrs = a;
            r
        };
        let rows = vec![
            row(0, 0, attrs(0.99, "model")),
            row(1, 3, attrs(0.5, "model")),
            row(2, 6, attrs(0.99, "model")),
            row(3, 9, Attrs::new()),
            row(4, 12, attrs(0.99, "rule")),
            row(5, 15, attrs(0.5, "model")),
        ];
        // Written as a cache entry writes them, read back as a lookup does.
        let written = AnnotationsRef::new(&rows, Strings::default(), &mut PackedLearner::default())
            .expect("numbers");
        let bytes = postcard::to_stdvec(&written).expect("serializes");
        let packed: PackedAnnotations = postcard::from_bytes(&bytes).expect("reads back");
        // Four distinct sets (the empty one included), in first use.
        assert_eq!(packed.sets().expect("sets decode").len(), 4);
        let sets: Vec<u32> = packed
            .rows()
            .expect("rows decode")
            .iter()
            .map(|r| r.attrs)
            .collect();
        assert_eq!(sets, [0, 1, 0, 2, 3, 1]);
        let strings = packed.strings();
        assert_eq!(packed.unpack(&strings).expect("unpacks"), rows);
    }

    #[test]
    fn attrs_of_every_kind_come_back_the_same_owned_and_in_place() {
        let mut a = Attrs::new();
        a.insert("s", "模型");
        a.insert("u", AttrValue::UInt(u64::MAX));
        a.insert("i", AttrValue::Int(-5));
        a.insert("f", AttrValue::Float(0.1 + 0.2));
        a.insert("h", AttrValue::Float(0.99));
        a.insert("b", AttrValue::Bool(true));
        a.insert("p", AttrValue::Span { start: 3, end: 1 });
        a.insert(
            "j",
            AttrValue::Json(Box::new(serde_json::json!({"k": [1, "模"]}))),
        );
        let mut b = Attrs::new();
        // The same string as another's value and as a key.
        b.insert("模型", "s");
        b.insert("a", AttrValue::Int(i64::MIN));
        let mut rows = vec![
            Annotation::new(Layer::Entities, "PER", Span::new(0, 3)),
            Annotation::new(Layer::Glossary, "TERM", Span::new(3, 6)),
        ];
        rows[0].attrs = a.clone();
        rows[1].id = 1;
        rows[1].attrs = b.clone();
        // A learner reading numbered before the others: renumbered.
        let mut strings = Strings::default();
        let reading = strings.attrs(&b).expect("numbers");
        let mut learner = PackedLearner {
            derived: true,
            own: vec![(0, reading)],
        };
        let written = AnnotationsRef::new(&rows, strings, &mut learner).expect("numbers");
        // The labels and keys in their order as strings.
        assert!(written.strings.windows(2).all(|w| w[0] < w[1]));
        let bytes = postcard::to_stdvec(&written).expect("serializes");
        let packed: PackedAnnotations = postcard::from_bytes(&bytes).expect("reads back");
        let table = packed.strings();
        assert_eq!(packed.unpack(&table).expect("unpacks"), rows);
        let own = learner.own[0].1.clone();
        assert_eq!(unpack_attrs(own, &table, &packed.values), Some(b.clone()));
        // In place: the same keys and values, as the writer reads them.
        let view: AnnotationsView = postcard::from_bytes(&bytes).expect("reads in place");
        for (set, attrs) in view.sets.iter().zip([&a, &b]) {
            let got: Vec<String> = view.attrs[set.clone()]
                .iter()
                .map(|(k, v)| format!("{}={v:?}", view.strings[*k as usize]))
                .collect();
            let want: Vec<String> = attrs
                .values()
                .map(|(k, v)| {
                    let v = match &*v {
                        AttrValue::Str(s) => format!("{:?}", AttrRef::Str(s)),
                        AttrValue::UInt(n) => format!("{:?}", AttrRef::UInt(*n)),
                        AttrValue::Int(n) => format!("{:?}", AttrRef::Int(*n)),
                        AttrValue::Float(x) => format!("{:?}", AttrRef::Float(*x)),
                        AttrValue::Bool(b) => format!("{:?}", AttrRef::Bool(*b)),
                        AttrValue::Span { start, end } => {
                            format!("{:?}", AttrRef::Span(*start, *end))
                        }
                        AttrValue::Json(j) => format!("{:?}", AttrRef::Json(&j.to_string())),
                    };
                    format!("{k}={v}")
                })
                .collect();
            assert_eq!(got, want);
        }
        // A value's string out of its table, or a kind not known: refused.
        let mut bad = packed.sets.clone();
        let at = bad.iter().position(|&b| b == 0).expect("a string's tag");
        bad[at + 1] = 100;
        assert!(view_sets(&bad, &view.values, &mut Vec::new()).is_none());
        bad[at] = 9;
        assert!(decode_sets(&bad).is_none());
    }

    #[test]
    fn tokens_with_gaps_and_long_or_empty_lengths_come_back_the_same() {
        // A gap of spaces, a token of 300 characters, an empty token, and
        // characters of one to four bytes.
        let long = "x".repeat(300);
        let text = format!("中文  {long}é😀b");
        let at = |s: &str| text.find(s).unwrap_or(0);
        let l = at(&long);
        let e = at("é");
        let tokens = vec![
            Token::new(Span::new(0, 6), "nz"),
            Token::new(Span::new(l, l + 300), "eng"),
            Token::new(Span::new(e, e), "x"),
            Token::new(Span::new(e, e + 2), "x"),
            Token::new(Span::new(e + 2, e + 6), "x"),
            Token::new(Span::new(e + 6, e + 7), "eng"),
        ];
        let packed = PackedTokens::pack(&text, &tokens).expect("packs");
        assert_eq!(
            packed.gaps,
            vec![(1, 2)],
            "two spaces before the long token"
        );
        assert_eq!(packed.long, vec![300, 0]);
        // Tag and length one byte, by their pair: nz 2, eng 0, x 0, x 1,
        // eng 1.
        assert_eq!(packed.pos, vec!["nz", "eng", "x"]);
        assert_eq!(packed.pairs, vec![(0, 2), (1, 0), (2, 0), (2, 1), (1, 1)]);
        assert_eq!(packed.kinds, vec![0, 1, 2, 3, 3, 4]);
        assert!(packed.tags.is_empty() && packed.lens.is_empty());
        assert_eq!(packed.unpack(&text), Some(tokens.clone()));
        // The code points written are the characters before each end.
        let names: Vec<&str> = packed.pos.iter().map(String::as_str).collect();
        let (mut tags, mut lens) = (Vec::new(), Vec::new());
        assert_eq!(
            split_pairs(&packed.pairs, &packed.kinds, &mut tags, &mut lens),
            Some(true)
        );
        assert_eq!(lens, vec![2, 0, 0, 1, 1, 1]);
        assert_eq!(tags, vec![0, 1, 2, 2, 2, 1]);
        let r = TokensRef {
            pos: &names,
            tags: &tags,
            lens: &lens,
            long: &packed.long,
            gaps: &packed.gaps,
        };
        assert!(r.fits(text.chars().count()));
        assert!(
            !r.fits(text.chars().count() - 1),
            "the last ends at the text's end"
        );
        let cps = |b: usize| text[..b].chars().count();
        let want: Vec<(usize, usize)> = tokens
            .iter()
            .map(|t| (cps(t.start()), cps(t.end())))
            .collect();
        let got: Vec<(usize, usize)> = r.spans().map(|(s, e, _)| (s, e)).collect();
        assert_eq!(got, want);
        // A token inside a character is not packed.
        assert!(PackedTokens::pack(&text, &[Token::new(Span::new(0, 1), "x")]).is_none());
        // A pair's number out of the table: not read.
        let mut bad = packed;
        bad.kinds[2] = 5;
        assert_eq!(bad.unpack(&text), None);
    }

    #[test]
    fn tokens_of_more_than_256_pairs_are_kept_as_tags_and_lengths() {
        // 300 tokens, of lengths 1 to 150 tagged n, then v (each its own
        // pair).
        let lens = (1..=150).chain(1..=150);
        let text: String = lens.clone().map(|n| "字".repeat(n)).collect();
        let mut at = 0;
        let tokens: Vec<Token> = lens
            .enumerate()
            .map(|(i, n)| {
                let t = Token::new(Span::new(at, at + 3 * n), if i < 150 { "n" } else { "v" });
                at += 3 * n;
                t
            })
            .collect();
        let packed = PackedTokens::pack(&text, &tokens).expect("packs");
        assert!(packed.pairs.is_empty() && packed.kinds.is_empty());
        assert_eq!(packed.tags.len(), 300);
        assert_eq!(packed.unpack(&text), Some(tokens));
    }

    #[test]
    fn hundredths_are_kept_as_their_number_only_when_they_read_back_the_same() {
        for (x, k) in [
            (0.97, Some(97)),
            (1.0, Some(100)),
            (0.5, Some(50)),
            (0.0, Some(0)),
            (12.34, Some(1234)),
            (0.452, None),
            (0.1 + 0.2, None),
            (-0.5, None),
            (-0.0, None),
            (1e300, None),
            (f64::NAN, None),
        ] {
            assert_eq!(hundredths(x), k, "{x}");
            if let Some(k) = k {
                assert_eq!((k as f64 / 100.0).to_bits(), x.to_bits());
            }
        }
    }

    #[test]
    fn keywords_come_back_with_their_exact_weights() {
        type Kw<'a> = (&'a str, f64, &'a str);
        // The lists, their words numbered in order of first use (as the
        // keywords layer numbers them).
        let keywords = |document: Vec<Kw>, sections: Vec<Vec<Kw>>| {
            let mut words = KeywordWords::default();
            let mut list = |l: Vec<Kw>| -> Vec<Keyword> {
                l.into_iter()
                    .map(|(word, weight, method)| {
                        let found = words.iter().position(|w| w == word);
                        Keyword {
                            word: match found {
                                Some(n) => n as u32,
                                None => words.push(word).expect("numbered"),
                            },
                            weight,
                            method: KeywordMethod::new(method),
                        }
                    })
                    .collect()
            };
            let document = list(document);
            let sections = sections.into_iter().map(&mut list).collect();
            Keywords {
                words,
                document,
                sections,
            }
        };
        let k = keywords(
            vec![
                ("青禾", 1.0, "tfidf"),
                ("电商", 0.7197018106427302, "tfidf"),
                ("蓝莓", 0.1 + 0.2, "textrank"),
            ],
            vec![
                vec![],
                vec![
                    ("\"引号\"", 1e-7, "tfidf"),
                    ("x", 123456.5, "tfidf"),
                    ("电商", 0.5, "tfidf"),
                ],
            ],
        );
        // The text has 电商 (twice: the first is kept), 青禾 and 蓝莓 as
        // tokens; 蓝 is a token but not a keyword; the others are not in it.
        let text = "蓝电商，青禾电商，蓝莓";
        let tokens: Vec<Token> = [(0, 3), (3, 9), (12, 18), (18, 24), (27, 33), (0, 3)]
            .iter()
            .map(|&(s, e)| Token::new(Span::new(s, e), "n"))
            .collect();
        let packed = PackedKeywords::pack(&k, text, &tokens).expect("packs");
        assert_eq!(packed.methods, vec!["tfidf", "textrank"]);
        assert_eq!(packed.lists, vec![3, 0, 3]);
        let n = text.len() as u32;
        assert_eq!(packed.word_numbers(), Some(vec![0, 1, 2, 3, 4, 1]));
        assert_eq!(
            packed.word_places(),
            Some(vec![(12, 6), (3, 6), (27, 6), (n, 8), (n + 8, 1)])
        );
        assert_eq!(packed.own, "\"引号\"x");
        let all = packed.printed().expect("unpacks");
        let printed: Vec<&str> = {
            let mut at = 0;
            packed
                .weight_lens
                .iter()
                .map(|&l| {
                    at += usize::from(l);
                    &all[at - usize::from(l)..at]
                })
                .collect()
        };
        assert_eq!(
            printed,
            vec![
                "1.0",
                "0.7197018106427302",
                "0.30000000000000004",
                "1e-7",
                "123456.5",
                "0.5"
            ]
        );
        assert_eq!(packed.unpack(text), Some(k.clone()));
        // A word that does not fit the text: not read.
        let mut bad = PackedKeywords::pack(&k, text, &tokens).expect("packs");
        let mut places = bad.word_places().expect("places");
        places[0] = (n + 5, 8);
        bad.set_word_places(&places);
        assert_eq!(bad.unpack(text), None);
        // A word column cut short: not read.
        let mut cut = PackedKeywords::pack(&k, text, &tokens).expect("packs");
        cut.words.pop();
        assert_eq!(cut.unpack(text), None);
        // A weight that is not a number is not cached.
        let nan = keywords(vec![("x", f64::NAN, "tfidf")], vec![]);
        assert!(PackedKeywords::pack(&nan, text, &tokens).is_none());
        // A keyword whose word is not in the table is not cached.
        let mut stray = k.clone();
        stray.sections[1][0].word = 5;
        assert!(PackedKeywords::pack(&stray, text, &tokens).is_none());
    }
}
