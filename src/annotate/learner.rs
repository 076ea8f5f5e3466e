//! The learner layer: one `WORD` annotation per word token with a Han
//! character. Attrs: `pinyin` (tone-marked syllables, one per character,
//! separated by spaces, read by the word and its context with
//! [`crate::dict::reading`]), `hsk` (HSK 3.0 level `1`…`6`, `7-9`, or
//! null), `gloss` (the first English sense from CC-CEDICT, or null).
//!
//! A word's attrs depend on the word and its tag only — but for the reading
//! of a glued word ([`reading::is_glued`]), which depends on its
//! neighbours and is read at each occurrence. So they are built once per
//! distinct (word, tag) for the life of the process, in a [`WordMemo`]
//! shared by every document and thread, and every annotation of that word
//! shares them (`Attrs` clones share their entries).

use super::Context;
use crate::dict::{Dictionary, hsk, is_han, is_name_tag, reading};
use crate::model::{Annotation, AttrValue, Attrs, Document, Layer, Token};
use rustc_hash::FxHashMap;
use std::sync::{LazyLock, RwLock};

/// The layer for the pipeline (no annotations when the dictionary cannot
/// be loaded).
pub fn annotate(ctx: &Context) -> Vec<Annotation> {
    match crate::dict::shared() {
        Ok(dict) => annotate_memo(dict, &SHARED, ctx.res, ctx.doc, ctx.tokens),
        Err(_) => Vec::new(),
    }
}

/// The layer over `tokens` of `doc` with the shared dictionary and the
/// process's memo (as the pipeline runs it).
pub fn annotate_shared(
    doc: &Document,
    tokens: &[Token],
    res: &super::Resources,
) -> Vec<Annotation> {
    match crate::dict::shared() {
        Ok(dict) => annotate_memo(dict, &SHARED, res, doc, tokens),
        Err(_) => Vec::new(),
    }
}

/// How many entries the process's memo holds.
pub fn shared_memo_len() -> usize {
    SHARED.len()
}

/// The layer over `tokens` of `doc`, with a memo of its own (for a
/// dictionary other than the shared one).
/// `res` splits words the dictionaries lack ([`reading::Splitter`]).
pub fn annotate_with(
    dict: &Dictionary,
    res: &dyn reading::Splitter,
    doc: &Document,
    tokens: &[Token],
) -> Vec<Annotation> {
    annotate_memo(dict, &WordMemo::new(MEMO_MAX), res, doc, tokens)
}

/// How many entries each of the shared memos keeps (about 250 bytes
/// each: at most some 60 MB, for text with more distinct words than
/// CC-CEDICT has entries). Past it, words are looked up each time.
const MEMO_MAX: usize = 1 << 18;
const SHARDS: usize = 16;

/// Attrs by key, shared by threads: a few maps behind read-write locks,
/// picked by the key's hash, so two threads rarely want the same lock and
/// readers never wait for each other. Bounded: past `max` entries, values
/// are computed and not kept.
struct Sharded<V> {
    shards: Vec<RwLock<FxHashMap<Box<str>, V>>>,
    per_shard: usize,
}

impl<V: Clone> Sharded<V> {
    fn new(max: usize) -> Sharded<V> {
        Sharded {
            shards: (0..SHARDS).map(|_| RwLock::default()).collect(),
            per_shard: max.div_ceil(SHARDS).max(1),
        }
    }

    fn get_or(&self, key: &str, make: impl FnOnce() -> V) -> V {
        use std::hash::BuildHasher;
        let h = rustc_hash::FxBuildHasher.hash_one(key) as usize;
        let shard = &self.shards[(h >> 7) % SHARDS];
        if let Some(v) = shard.read().unwrap_or_else(|e| e.into_inner()).get(key) {
            return v.clone();
        }
        let v = make();
        let mut map = shard.write().unwrap_or_else(|e| e.into_inner());
        if map.len() < self.per_shard {
            map.entry(key.into()).or_insert_with(|| v.clone());
        }
        v
    }

    fn len(&self) -> usize {
        self.shards
            .iter()
            .map(|s| s.read().unwrap_or_else(|e| e.into_inner()).len())
            .sum()
    }
}

/// The learner layer's memo: the attrs of each (word, tag) — `None` for a
/// glued word, whose reading depends on its neighbours — and the attrs of
/// each glued word by (previous word, word, next word) with their tags,
/// all its reading depends on ([`reading::read_in_context`] looks one word
/// to each side).
pub struct WordMemo {
    words: Sharded<Option<Attrs>>,
    glued: Sharded<Attrs>,
}

/// The memo of the shared dictionary ([`crate::dict::shared`]), which lives
/// as long as the process.
static SHARED: LazyLock<WordMemo> = LazyLock::new(|| WordMemo::new(MEMO_MAX));

impl WordMemo {
    /// An empty memo holding at most about `max` words and `max` glued
    /// words in context.
    pub fn new(max: usize) -> WordMemo {
        WordMemo {
            words: Sharded::new(max),
            glued: Sharded::new(max),
        }
    }

    /// How many entries it holds (words, and glued words in context).
    pub fn len(&self) -> usize {
        self.words.len() + self.glued.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Writes the memo key of `words` (text and tag each) into `key`: each
/// word marked present or absent, each string after its length in decimal
/// and a colon, so no two lists give the same key.
fn key_of(key: &mut String, words: &[Option<&reading::Word<'_>>]) {
    fn push(key: &mut String, s: &str) {
        let mut digits = [0u8; 20];
        let mut i = digits.len();
        let mut n = s.len();
        loop {
            i -= 1;
            digits[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        key.extend(digits[i..].iter().map(|&d| char::from(d)));
        key.push(':');
        key.push_str(s);
    }
    key.clear();
    for w in words {
        match w {
            Some(w) => {
                key.push('+');
                push(key, w.text);
                push(key, w.pos);
            }
            None => key.push('-'),
        }
    }
}

/// The attrs of `words[i]` read in its context.
fn attrs_of(
    dict: &Dictionary,
    res: &dyn reading::Splitter,
    words: &[reading::Word<'_>],
    i: usize,
) -> Attrs {
    let Some(w) = words.get(i) else {
        return Attrs::new();
    };
    let syllables = reading::read_in_context(dict, res, words, i);
    let name = is_name_tag(w.pos);
    let gloss = dict.lookup(w.text, name).first_sense().map(str::to_string);
    let null = || AttrValue::from(serde_json::Value::Null);
    Annotation::new(Layer::Learner, "WORD", Default::default())
        .with("pinyin", reading::spaced(&syllables, w.text))
        .with(
            "hsk",
            hsk::shared()
                .level(w.text)
                .map_or_else(null, |l| AttrValue::from(l.name())),
        )
        .with("gloss", gloss.map_or_else(null, AttrValue::from))
        .attrs
}

/// The memoed attrs of a word that is not glued (they do not depend on
/// its neighbours), or `None` for a glued word.
fn memoed(
    dict: &Dictionary,
    memo: &WordMemo,
    key: &mut String,
    w: &reading::Word<'_>,
) -> Option<Attrs> {
    key_of(key, &[Some(w)]);
    memo.words.get_or(key, || {
        if reading::is_glued(dict, w) {
            None
        } else {
            // Not glued: read on its own, as in any context.
            Some(attrs_of(
                dict,
                &reading::NoSplit,
                std::slice::from_ref(w),
                0,
            ))
        }
    })
}

/// The attrs the shared dictionary gives the word `text` tagged `pos`
/// wherever it stands, or `None` when they depend on its neighbours (a
/// glued word), the word has no Han character, or the dictionary cannot
/// be loaded. The same (shared) attrs the layer gives its annotations, so
/// the cache can leave them out and find them again
/// ([`crate::corpus::cache`]).
pub fn context_free_attrs(text: &str, pos: &'static str) -> Option<Attrs> {
    if !text.chars().any(is_han) {
        return None;
    }
    let dict = crate::dict::shared().ok()?;
    thread_local! {
        static KEY: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    }
    let w = reading::Word { text, pos };
    KEY.with(|key| match key.try_borrow_mut() {
        Ok(mut key) => memoed(dict, &SHARED, &mut key, &w),
        Err(_) => memoed(dict, &SHARED, &mut String::new(), &w),
    })
}

fn annotate_memo(
    dict: &Dictionary,
    memo: &WordMemo,
    res: &dyn reading::Splitter,
    doc: &Document,
    tokens: &[Token],
) -> Vec<Annotation> {
    let mut out = Vec::new();
    for_each_word(dict, memo, res, doc, tokens, |i, attrs| {
        let mut a = Annotation::new(Layer::Learner, "WORD", tokens[i].span());
        a.attrs = attrs;
        out.push(a);
    });
    out
}

/// Calls `f` with the index and attrs of every token with a Han character,
/// in order: what the layer gives each word.
fn for_each_word(
    dict: &Dictionary,
    memo: &WordMemo,
    res: &dyn reading::Splitter,
    doc: &Document,
    tokens: &[Token],
    mut f: impl FnMut(usize, Attrs),
) {
    // Words are made from the tokens as they are needed, not kept in a
    // list beside them (32 bytes a token); a glued word is read among its
    // neighbours, all its reading looks at.
    let word = |j: usize| {
        tokens.get(j).map(|t| reading::Word {
            text: doc.span_text(t.span()),
            pos: t.pos(),
        })
    };
    let mut key = String::new();
    for i in 0..tokens.len() {
        let Some(w) = word(i) else { continue };
        if !w.text.chars().any(is_han) {
            continue;
        }
        let attrs = memoed(dict, memo, &mut key, &w).unwrap_or_else(|| {
            let (prev, next) = (i.checked_sub(1).and_then(word), word(i + 1));
            key_of(&mut key, &[prev.as_ref(), Some(&w), next.as_ref()]);
            memo.glued.get_or(&key, || {
                let mut around: Vec<reading::Word<'_>> = prev.into_iter().collect();
                let at = around.len();
                around.push(w);
                around.extend(next);
                attrs_of(dict, res, &around, at)
            })
        });
        f(i, attrs);
    }
}

/// The learner layer as one array over the tokens: each token's attrs
/// (shared with every other occurrence of the word), empty for a token
/// without a Han character. 8 bytes a token, where the layer's
/// annotations take 64 and an index entry 8 more: the browser keeps this
/// for a big document instead of the layer.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TokenAttrs(Vec<Attrs>);

impl TokenAttrs {
    /// The attrs of token `i`, if it is a word of the layer.
    pub fn get(&self, i: usize) -> Option<&Attrs> {
        self.0.get(i).filter(|a| !a.is_empty())
    }
    /// How many tokens it covers.
    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// [`TokenAttrs`] of `tokens` of `doc`: the attrs the learner layer gives
/// each word (the same values, from the shared dictionary and memo). Empty
/// when the dictionary cannot be loaded.
pub fn token_attrs(doc: &Document, tokens: &[Token], res: &super::Resources) -> TokenAttrs {
    let Ok(dict) = crate::dict::shared() else {
        return TokenAttrs::default();
    };
    token_attrs_memo(dict, &SHARED, res, doc, tokens)
}

/// [`token_attrs`] with another splitter of the words CC-CEDICT lacks
/// (the browser's [`reading::SplitMemo`] of jieba's answers, kept when
/// jieba is let go).
pub fn token_attrs_with(
    doc: &Document,
    tokens: &[Token],
    splitter: &dyn reading::Splitter,
) -> TokenAttrs {
    let Ok(dict) = crate::dict::shared() else {
        return TokenAttrs::default();
    };
    token_attrs_memo(dict, &SHARED, splitter, doc, tokens)
}

fn token_attrs_memo(
    dict: &Dictionary,
    memo: &WordMemo,
    res: &dyn reading::Splitter,
    doc: &Document,
    tokens: &[Token],
) -> TokenAttrs {
    let mut out = vec![Attrs::new(); tokens.len()];
    for_each_word(dict, memo, res, doc, tokens, |i, attrs| out[i] = attrs);
    TokenAttrs(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Span;

    /// Tokens over `words` (text, tag) laid end to end, and the document.
    fn doc_of(words: &[(&str, &'static str)]) -> (Document, Vec<Token>) {
        let mut text = String::new();
        let mut tokens = Vec::new();
        for (w, pos) in words {
            let start = text.len();
            text.push_str(w);
            tokens.push(Token::new(
                Span::new(start, text.len()),
                crate::model::pos_tag(pos),
            ));
        }
        let doc = Document {
            text,
            ..Document::default()
        };
        (doc, tokens)
    }

    fn pinyin_of(anns: &[Annotation], doc: &Document, word: &str) -> Vec<String> {
        anns.iter()
            .filter(|a| doc.span_text(a.span) == word)
            .filter_map(|a| a.attrs.get("pinyin"))
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect()
    }

    /// One memo for several documents: a dictionary word's attrs are built
    /// once and shared, a glued word is read in each context.
    #[test]
    fn the_memo_is_shared_but_glued_words_are_read_in_context() {
        let Ok(dict) = crate::dict::shared() else {
            panic!("the embedded dictionary loads");
        };
        let memo = WordMemo::new(1000);
        let (a, ta) = doc_of(&[("我们", "r"), ("要调", "v"), ("整", "a"), ("方向", "n")]);
        let (b, tb) = doc_of(&[("我们", "r"), ("要调", "v"), ("查", "v"), ("原因", "n")]);
        let first = annotate_memo(dict, &memo, &reading::NoSplit, &a, &ta);
        let second = annotate_memo(dict, &memo, &reading::NoSplit, &b, &tb);
        assert_eq!(pinyin_of(&first, &a, "要调"), ["yào tiáo"]);
        assert_eq!(pinyin_of(&second, &b, "要调"), ["yào diào"]);
        // The same word gets the same (shared) attrs in both documents.
        assert_eq!(first[0].attrs, second[0].attrs);
        assert_eq!(pinyin_of(&second, &b, "我们"), ["wǒ men"]);
        // 我们, 整, 方向, 查, 原因: five pairs; the glued 要调 as one more
        // (marked glued), and 要调 in each of its two contexts.
        assert_eq!(memo.len(), 8);
        // Each alone, with a fresh memo, gives the same.
        assert_eq!(annotate_with(dict, &reading::NoSplit, &b, &tb), second);
        // What the cache rebuilds from: the shared memo's attrs, none for
        // the glued word.
        assert_eq!(context_free_attrs("要调", crate::model::pos_tag("v")), None);
        assert_eq!(
            context_free_attrs("我们", crate::model::pos_tag("r")),
            Some(first[0].attrs.clone())
        );
    }

    #[test]
    fn a_full_memo_still_answers() {
        let Ok(dict) = crate::dict::shared() else {
            panic!("the embedded dictionary loads");
        };
        let memo = WordMemo::new(1);
        let (a, ta) = doc_of(&[("银行", "n"), ("行长", "n"), ("说", "v"), ("行", "v")]);
        let out = annotate_memo(dict, &memo, &reading::NoSplit, &a, &ta);
        assert!(memo.len() <= SHARDS, "bounded: {}", memo.len());
        assert_eq!(pinyin_of(&out, &a, "银行"), ["yín háng"]);
        assert_eq!(pinyin_of(&out, &a, "行长"), ["háng zhǎng"]);
        assert_eq!(out, annotate_with(dict, &reading::NoSplit, &a, &ta));
    }

    /// The per-token array holds, for every token, what the layer's
    /// annotation over it holds (and nothing where the layer has none).
    #[test]
    fn token_attrs_equal_the_layer_token_by_token() {
        let Ok(dict) = crate::dict::shared() else {
            panic!("the embedded dictionary loads");
        };
        let (a, ta) = doc_of(&[
            ("我们", "r"),
            ("要调", "v"),
            ("整", "a"),
            ("2026", "m"),
            ("年", "m"),
            ("，", "x"),
            ("银行", "n"),
            ("行长", "n"),
            ("说", "v"),
            ("OK", "eng"),
        ]);
        let layer = annotate_with(dict, &reading::NoSplit, &a, &ta);
        let array = token_attrs_memo(dict, &WordMemo::new(100), &reading::NoSplit, &a, &ta);
        assert_eq!(array.len(), ta.len());
        let mut anns = layer.iter();
        for (i, t) in ta.iter().enumerate() {
            match array.get(i) {
                Some(attrs) => {
                    let ann = anns
                        .next()
                        .unwrap_or_else(|| panic!("token {i} has no annotation"));
                    assert_eq!(ann.span, t.span());
                    assert_eq!(&ann.attrs, attrs, "token {i}");
                }
                None => assert!(!a.span_text(t.span()).chars().any(is_han), "token {i}"),
            }
        }
        assert!(anns.next().is_none());
        assert_eq!(layer.len(), 7);
    }
}
