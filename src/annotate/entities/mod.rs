//! The entities layer: PER, ORG, LOC and WORK (titles in 《…》).
//!
//! jieba's part-of-speech tags are one signal among several. Each rule module
//! proposes candidates over one sentence's tagged words; [`resolve`] keeps the
//! longest non-overlapping ones; [`links`] then ties short forms to their full
//! names across the document (淘璞 → 上海淘璞电子商务有限公司) and marks
//! later mentions of names already found.
//!
//! - [`work`]: 《…》 titles.
//! - [`gazetteer`]: the place and organisation lists in `data/entities/`.
//! - [`org`]: organisation suffixes that absorb the name words before them.
//! - [`place`]: place suffixes (省 市 区 县 …) and one-character short forms.
//! - [`foreign`]: transliterated names joined by dots (卡洛斯·阿马特).
//! - [`person`]: surnames, given-name shape, role words and speech verbs.
//! - [`pos`]: jieba's `nr` `ns` `nt` tags, filtered, as a fallback.
//! - [`document`]: one-character places (伊 美 日 …) kept only where their
//!   sentence or the document confirms them.
//!
//! Over the rules sits [`model`]: a sequence model trained from tagged news
//! text that reads the rules' entities as features among the characters and
//! words, and decides PER, ORG and LOC; WORK titles stay with the rules
//! ([`combine`]).

mod characters;
mod document;
mod foreign;
mod gazetteer;
pub mod lexicon;
mod links;
pub mod model;
mod org;
mod person;
mod place;
mod pos;
mod work;

use super::tokens::Dictionary;
use super::tokens::Tagged;
use super::{Context, Resources};
use crate::model::{Annotation, Document, Layer, Span};
pub use lexicon::Lexicon;
use lexicon::{Entry, List};

/// Entity labels (the model's typed labels).
pub use crate::model::EntityLabel as Label;

/// Where an entity came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Source {
    Rule,
    Dictionary,
    Pos,
    Model,
}

impl Source {
    pub fn name(self) -> &'static str {
        match self {
            Source::Rule => "rule",
            Source::Dictionary => "dictionary",
            Source::Pos => "pos",
            Source::Model => "model",
        }
    }
}

/// An entity found in one text: byte offsets into that text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Entity {
    pub start: usize,
    pub end: usize,
    pub label: Label,
    pub source: Source,
    pub confidence: f32,
}

/// One tagged word of the sentence under recognition.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tok<'a> {
    pub start: usize,
    pub end: usize,
    pub word: &'a str,
    pub pos: &'a str,
    /// Length in characters.
    pub chars: usize,
    /// Whether jieba's dictionary has the word (false: found by its HMM).
    pub known: bool,
    /// What the word lists say of the word, looked up once for all rules.
    pub entry: Entry,
    /// The rest of what the rules ask of the word by itself ([`Facts`]).
    pub facts: Facts,
}

impl<'a> Tok<'a> {
    /// The surname the word starts with, the word read alone
    /// ([`Lexicon::surname_of`] of it).
    pub fn surname(&self, lex: &Lexicon) -> Option<&'a str> {
        match self.facts.surname {
            Facts::ASK => lex.surname_of(self.word),
            0 => None,
            k => self.word.get(..usize::from(k)),
        }
    }
    /// The surname at the word's start as read on into the text after it
    /// (司|马光: [`Lexicon::surname_of`] of `rest`, the text from the
    /// word's start): the word's own, unless its first character may
    /// start a compound surname.
    pub fn surname_at_start(&self, rest: &'a str, lex: &Lexicon) -> Option<&'a str> {
        if self.facts.compound_start {
            lex.surname_of(rest)
        } else {
            self.surname(lex)
        }
    }
    /// The suffix the organisation rule reads in the word: a building's
    /// ([`lexicon::building_suffix_of`], with `true`) or else the longest
    /// organisation suffix ([`Lexicon::org_suffix_of`], with `false`).
    pub fn org_suffix(&self, lex: &Lexicon) -> Option<(&'a str, bool)> {
        match self.facts.org_suffix {
            Facts::ASK => org_suffix(self.word, lex),
            0 => None,
            k => {
                let at = self.word.len().checked_sub(usize::from(k))?;
                Some((self.word.get(at..)?, self.facts.venue))
            }
        }
    }
    /// Where the word's leading major place ends, when the place rule
    /// reads one at its start ([`place::major_place_cut`]).
    pub fn major_place_cut(&self, lex: &Lexicon) -> Option<usize> {
        match self.facts.place_cut {
            Facts::ASK => place::major_place_cut(self.word, self.chars, &self.entry.lists, lex),
            0 => None,
            k => Some(usize::from(k)),
        }
    }
    /// Whether the word is in `list`.
    pub fn is(&self, list: List) -> bool {
        self.entry.lists.has(list)
    }
    /// Whether the word names a place: a gazetteer knows it, or jieba tags
    /// it `ns` and it is a guessed word, a long one or ends like a place.
    /// Two-character dictionary words jieba tags `ns` are mostly ordinary
    /// words (新建, 山水, 海湾).
    pub fn is_place(&self, lex: &Lexicon) -> bool {
        self.is(List::Place)
            || (self.pos == "ns"
                && (!self.known
                    || self.chars >= 3
                    // 里 ends places (平安里) but mostly means "in" (镇里).
                    || lex.place_suffix_of(self.word).is_some_and(|s| s != "里")))
    }
}

/// A sentence with its words, as the rule modules see it.
pub(crate) struct Sent<'a> {
    pub text: &'a str,
    pub toks: Vec<Tok<'a>>,
    /// jieba's dictionary, for rules that ask whether a piece is a word.
    pub dict: Dictionary<'a>,
    /// The words jieba tags as names (`nr` `nrfg` `nrt`), sorted, found on
    /// first use (see [`Sent::name_words`]).
    name_words: std::sync::OnceLock<Vec<&'a str>>,
}

/// What the rules ask of a word by itself beyond its length, whether
/// jieba knows it and its lists: found once per word with them
/// ([`look_up`]). Lengths are in bytes, 0 for none; [`Facts::ASK`] (a
/// length past a byte) has the rule ask the lexicon itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Facts {
    /// The surname the word starts with ([`Tok::surname`]).
    surname: u8,
    /// Whether the word's first character may start a compound surname.
    compound_start: bool,
    /// The organisation rule's suffix ([`Tok::org_suffix`]), and whether
    /// it is a building's.
    org_suffix: u8,
    venue: bool,
    /// The place rule's leading major place ([`Tok::major_place_cut`]).
    place_cut: u8,
    /// Whether the word has 杯 in it (cups named after people).
    pub cup: bool,
    /// Whether the word starts where the place rule's short forms may
    /// ([`place::short_form_cue`]).
    pub short_form_cue: bool,
}

impl Facts {
    const ASK: u8 = u8::MAX;

    fn len(s: Option<&str>) -> u8 {
        s.map_or(0, |s| u8::try_from(s.len()).unwrap_or(Facts::ASK))
    }
}

/// [`Tok::org_suffix`] asked of the lexicon.
fn org_suffix<'a>(word: &'a str, lex: &Lexicon) -> Option<(&'a str, bool)> {
    match lexicon::building_suffix_of(word) {
        Some(s) => Some((s, true)),
        None => lex.org_suffix_of(word).map(|s| (s, false)),
    }
}

/// What [`Sent::new`] looks up of each word (its length in characters,
/// whether jieba's dictionary has it, its word lists, its [`Facts`]),
/// kept across the sentences of one document: a document repeats most of
/// its words, and the lookup in jieba's dictionary is the costly part of
/// building a sentence.
#[derive(Default)]
pub(crate) struct WordCache<'a>(lexicon::WordMap<'a, Looked>);

/// A word as [`look_up`] finds it: its length in characters, whether
/// jieba's dictionary has it, its lists and its facts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Looked {
    chars: usize,
    known: bool,
    entry: Entry,
    facts: Facts,
}

impl<'a> WordCache<'a> {
    /// Distinct words kept at most (past this the cache keeps the words
    /// it has, the frequent ones that came first, and looks the others up
    /// each time: on 1 MB of real text 0.16% fewer instructions than
    /// starting afresh): a cache per batch of units (two at a time) of a
    /// real text's vocabulary held up to 25,000 words each, ~1 MB (on
    /// 7.7 MB of real text the units' phase 70.5-71.4 MB at 1 << 17,
    /// 68.4-68.6 at 1 << 12; the same instructions to 0.02% on 1 MB of
    /// it).
    const MAX: usize = 1 << 12;

    fn get(&mut self, word: &'a str, dict: Dictionary, lex: &Lexicon) -> Looked {
        if self.0.len() >= Self::MAX {
            return match self.0.get(word) {
                Some(&v) => v,
                None => look_up(word, dict, lex),
            };
        }
        // One hash of the word, found or put in.
        *self.0.get_or_insert_with(word, || look_up(word, dict, lex))
    }
}

/// A word's length in characters, whether jieba's dictionary has it (true
/// for one character or no ideograph), its word lists and its facts.
fn look_up(word: &str, dict: Dictionary, lex: &Lexicon) -> Looked {
    // One pass over the characters: how many, any CJK, any 杯.
    let (chars, cjk, cup) = word.chars().fold((0, false, false), |(n, cjk, cup), c| {
        (n + 1, cjk || is_cjk(c), cup || c == '杯')
    });
    let known = chars < 2 || !cjk || dict.has_word(word);
    let entry = lex.entry(word);
    let suffix = org_suffix(word, lex);
    let facts = Facts {
        surname: Facts::len(lex.surname_of(word)),
        compound_start: word
            .chars()
            .next()
            .is_some_and(|c| lex.may_start_compound_surname(c)),
        org_suffix: Facts::len(suffix.map(|(s, _)| s)),
        venue: suffix.is_some_and(|(_, v)| v),
        place_cut: place::major_place_cut(word, chars, &entry.lists, lex)
            .map_or(0, |k| u8::try_from(k).unwrap_or(Facts::ASK)),
        cup: cup && chars >= 2,
        short_form_cue: place::short_form_cue(word, lex),
    };
    Looked {
        chars,
        known,
        entry,
        facts,
    }
}

impl<'a> Sent<'a> {
    /// The index of the word starting at byte `b`, if one does. The words
    /// are in text order and do not overlap: their starts and their ends
    /// both ascend, so a binary search finds each (a scan per question
    /// made long paragraphs quadratic).
    pub fn word_starting_at(&self, b: usize) -> Option<usize> {
        let k = self.toks.partition_point(|t| t.start < b);
        self.toks.get(k).filter(|t| t.start == b).map(|_| k)
    }
    /// The index of the word ending at byte `b`, if one does.
    pub fn word_ending_at(&self, b: usize) -> Option<usize> {
        let k = self.toks.partition_point(|t| t.end < b);
        self.toks.get(k).filter(|t| t.end == b).map(|_| k)
    }
    pub fn new(text: &'a str, tags: &[Tagged<'a>], dict: Dictionary<'a>, lex: &Lexicon) -> Self {
        Sent::build(text, tags, dict, lex, None)
    }
    /// [`Sent::new`] with the words looked up through `cache`.
    fn build(
        text: &'a str,
        tags: &[Tagged<'a>],
        dict: Dictionary<'a>,
        lex: &Lexicon,
        mut cache: Option<&mut WordCache<'a>>,
    ) -> Self {
        let mut toks = Vec::with_capacity(tags.len());
        toks.extend(
            tags.iter()
                .filter(|t| t.end <= text.len() && t.start < t.end)
                .map(|t| {
                    let word = &text[t.start..t.end];
                    let Looked {
                        chars,
                        known,
                        entry,
                        facts,
                    } = match cache.as_deref_mut() {
                        Some(c) => c.get(word, dict, lex),
                        None => look_up(word, dict, lex),
                    };
                    Tok {
                        start: t.start,
                        end: t.end,
                        word,
                        pos: t.pos,
                        chars,
                        known,
                        entry,
                        facts,
                    }
                }),
        );
        Sent {
            text,
            toks,
            dict,
            name_words: std::sync::OnceLock::new(),
        }
    }
    /// The words of the sentence tagged as names (`nr` `nrfg` `nrt`),
    /// sorted and without repeats: one pass over the tokens, however often
    /// a rule asks.
    pub fn name_words(&self) -> NameWords<'_, 'a> {
        NameWords(self.name_words.get_or_init(|| {
            let mut v: Vec<&'a str> = self
                .toks
                .iter()
                .filter(|t| matches!(t.pos, "nr" | "nrfg" | "nrt"))
                .map(|t| t.word)
                .collect();
            v.sort_unstable();
            v.dedup();
            v
        }))
    }
    /// The text of tokens `i..j`.
    pub fn words(&self, i: usize, j: usize) -> &'a str {
        match (
            self.toks.get(i),
            j.checked_sub(1).and_then(|k| self.toks.get(k)),
        ) {
            (Some(a), Some(b)) if a.start <= b.end => &self.text[a.start..b.end],
            _ => "",
        }
    }
    pub fn word(&self, i: usize) -> &'a str {
        self.toks.get(i).map_or("", |t| t.word)
    }
    /// Whether token `i` exists and its word is in `list`.
    pub fn word_is(&self, i: usize, list: List) -> bool {
        self.toks.get(i).is_some_and(|t| t.is(list))
    }
}

/// The sorted name words of a sentence ([`Sent::name_words`]).
pub(crate) struct NameWords<'s, 'a>(&'s [&'a str]);

impl NameWords<'_, '_> {
    pub fn contains(&self, word: &&str) -> bool {
        self.0.binary_search(word).is_ok()
    }
}

/// A word's characters with their byte offsets, as a slice: without a heap
/// allocation for words of up to [`WordChars::INLINE`] characters.
pub(crate) struct WordChars {
    inline: [(usize, char); WordChars::INLINE],
    len: usize,
    heap: Vec<(usize, char)>,
}

impl WordChars {
    const INLINE: usize = 8;
    pub fn new(word: &str) -> Self {
        let mut w = WordChars {
            inline: [(0, '\0'); WordChars::INLINE],
            len: 0,
            heap: Vec::new(),
        };
        for (k, ic) in word.char_indices().enumerate() {
            match w.inline.get_mut(k) {
                Some(slot) => *slot = ic,
                None => {
                    if w.heap.is_empty() {
                        w.heap.extend_from_slice(&w.inline);
                    }
                    w.heap.push(ic);
                }
            }
            w.len = k + 1;
        }
        w
    }
}

impl std::ops::Deref for WordChars {
    type Target = [(usize, char)];
    fn deref(&self) -> &[(usize, char)] {
        if self.len > WordChars::INLINE {
            &self.heap
        } else {
            &self.inline[..self.len]
        }
    }
}

/// CJK ideographs (the unified blocks and their extensions).
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{20000}'..='\u{3134f}')
}

/// Candidate entities proposed by the rules.
pub(crate) struct Candidates(pub Vec<Entity>);

impl Candidates {
    pub fn push(&mut self, start: usize, end: usize, label: Label, source: Source, conf: f32) {
        if start < end {
            self.0.push(Entity {
                start,
                end,
                label,
                source,
                confidence: conf,
            });
        }
    }
}

/// Finds the entities of one sentence (or paragraph) given its tagged words.
/// Offsets are bytes into `text`, sorted by start; only WORK titles and
/// organisations (the organisation a unit belongs to, inside the unit's
/// whole name) may contain other entities.
/// The pipeline runs the model combined with the rules, or the rules alone
/// when `YUELAN_NER=rules` asks for them ([`model::enabled`]).
pub fn recognize(text: &str, tags: &[Tagged<'_>], res: &Resources) -> Vec<Entity> {
    if model::enabled() {
        recognize_with(text, tags, res, Mode::Combined, model::shipped().as_deref())
    } else {
        rules(text, tags, res)
    }
}

/// Which recogniser to run (`yuelan eval ner` compares them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The hand-written rules alone.
    Rules,
    /// The model's PER, ORG and LOC alone (it reads the rules as features).
    Model,
    /// The model with what it cannot learn from the training data kept
    /// from the rules: 《…》 titles.
    Combined,
}

/// [`recognize`] with a chosen recogniser and model (`None`: rules alone).
pub fn recognize_with(
    text: &str,
    tags: &[Tagged<'_>],
    res: &Resources,
    mode: Mode,
    model: Option<&model::Model>,
) -> Vec<Entity> {
    recognize_sent(
        &Sent::new(text, tags, res.dictionary(), &res.entities),
        res,
        mode,
        model,
    )
}

/// [`recognize_with`] over a sentence already looked up.
fn recognize_sent(
    sent: &Sent<'_>,
    res: &Resources,
    mode: Mode,
    model: Option<&model::Model>,
) -> Vec<Entity> {
    let lex = &res.entities;
    let ruled = rules_of(sent, lex);
    let Some(m) = model.filter(|_| mode != Mode::Rules) else {
        return ruled;
    };
    match mode {
        Mode::Model => m.predict_sent(sent, &ruled, lex, 0.0),
        _ => {
            let found = m.predict_sent(sent, &ruled, lex, model::RULE_PRIOR);
            combine(sent, found, ruled, lex)
        }
    }
}

/// The model's entities reconciled with the rules'. The model decides
/// PER, ORG and LOC (decoded with the rules' entities as a prior, see
/// [`model::Model::predict_sent`]); then
///
/// - 《…》 titles stay with the rules (the training data has none), and a
///   model entity that crosses a title's edge gives way to it;
/// - a chain of places before an organisation stays part of its name as
///   the model reads it (湖南省南县人大常委会: 285 organisations of the
///   MSRA training data begin with a province, none written apart from
///   it), even where the rules read places and a shorter organisation;
/// - a common noun before an organisation the gazetteer knows describes it
///   and is no part of its name (平台 | 阅文集团);
/// - an organisation the rules find longer from the same start, up to an
///   organisation suffix, is that unit of it (财政部 → 财政部农村金融司,
///   日报 → 日报社);
/// - a text that is nothing but one name gives the model no context: the
///   entity stands only when the rules find it too;
/// - an entity is a name in Latin script only as whole words with a
///   capital or a digit ([`latin_name`]): the model, which learnt Latin
///   letters from acronyms (IBM, WTO), read English prose as
///   organisations (at the, its t).
///
/// (Letting confident rule entities take precedence, filling the model's
/// gaps with rule entities, or dropping model entities that are one
/// ordinary dictionary word each lowered the development F1.)
fn combine(sent: &Sent<'_>, found: Vec<Entity>, ruled: Vec<Entity>, lex: &Lexicon) -> Vec<Entity> {
    let text = sent.text;
    let found_spans: Vec<(usize, usize)> = found.iter().map(|e| (e.start, e.end)).collect();
    let crosses = |c: &Entity, w: &Entity| {
        c.start < w.end
            && w.start < c.end
            && !(w.start <= c.start && c.end <= w.end)
            && !(c.start <= w.start && w.end <= c.end)
    };
    let (works, rest): (Vec<Entity>, Vec<Entity>) =
        ruled.into_iter().partition(|e| e.label == Label::Work);
    let whole = text.trim_matches(|c: char| !c.is_alphanumeric());
    let mut out: Vec<Entity> = Vec::with_capacity(found.len() + works.len());
    for m in found {
        let Some(m) = latin_name(text, m) else {
            continue;
        };
        if works.iter().any(|w| crosses(&m, w)) {
            continue;
        }
        let same = |x: &&Entity| x.start == m.start && x.end == m.end && x.label == m.label;
        if text.get(m.start..m.end) == Some(whole) && !rest.iter().any(|x| same(&x)) {
            continue;
        }
        out.push(extended(
            sent,
            described(sent, m, &rest),
            &rest,
            &found_spans,
            lex,
        ));
    }
    out.extend(works);
    // A person the rules are sure of, with a role word right before the
    // name (or before the spaces of a byline: 市长 陈建国), where the model
    // saw nothing at all: the model has no feature for a rare surname
    // after a title (总会计师钱可心), and a byline alone on its line gives
    // it no context.
    let free: Vec<Entity> = rest
        .iter()
        .filter(|r| r.label == Label::Per && r.confidence >= SURE_PERSON)
        .filter(|r| {
            text.get(..r.start)
                .is_some_and(|before| lex.ends_with_role(before.trim_end()))
        })
        .filter(|r| !out.iter().any(|e| e.start < r.end && r.start < e.end))
        .copied()
        .collect();
    out.extend(free);
    // An organisation read whole with its unit (上海微盟科技股份有限公司 |
    // 联合党支部, 南开大学 | 党委) stays whole, as the training data writes
    // such names; the organisation it is a unit of is marked inside it.
    let parents: Vec<Entity> = out
        .iter()
        .filter_map(|m| parent_organisation(text, m, &rest, lex))
        .collect();
    out.extend(parents);
    out.sort_by_key(|e| (e.start, std::cmp::Reverse(e.end)));
    out
}

/// `m` without the spaces at its edges, unless it cuts a word of Latin
/// letters (its t, ECMAS) or is English prose rather than a name: words
/// of Latin letters alone whose first or last has no capital (the text
/// says, Each CSV also; Bank of China is a name), or one such word with
/// no capital among other such words (src in `video src=`; chinabyte in a
/// Chinese sentence is a name, as are IBM, iPhone, TC39, Netscape 公司).
/// `None`: no entity.
fn latin_name(text: &str, mut m: Entity) -> Option<Entity> {
    let span = text.get(m.start..m.end)?;
    let inner = span.trim();
    m.start += span.len() - span.trim_start().len();
    m.end = m.start + inner.len();
    let latin = |c: char| c.is_ascii_alphabetic();
    let cuts = text[..m.start].chars().next_back().is_some_and(latin)
        && inner.chars().next().is_some_and(latin)
        || text[m.end..].chars().next().is_some_and(latin)
            && inner.chars().next_back().is_some_and(latin);
    let among_words = text[..m.start]
        .trim_end()
        .chars()
        .next_back()
        .is_some_and(latin)
        || text[m.end..].trim_start().chars().next().is_some_and(latin);
    let capital = |w: &str| w.chars().any(|c| c.is_ascii_uppercase());
    let words: Vec<&str> = inner.split_whitespace().collect();
    let prose = inner.chars().all(|c| latin(c) || c.is_whitespace())
        && match words[..] {
            [one] => !capital(one) && among_words,
            [first, .., last] => !capital(first) || !capital(last),
            [] => false,
        };
    (!inner.is_empty() && !cuts && !prose).then_some(m)
}

/// The organisation `m` is a unit of, when `m` is an organisation, the
/// rules find a complete organisation inside it (its name ends in an
/// organisation suffix: 有限公司, 大学, 局 …) and the rest of `m` after it
/// is itself a unit's name (it ends in an organisation suffix too: 党支部,
/// 党委, 工会, 农村金融司) of at most [`UNIT_CHARS`] characters.
fn parent_organisation(text: &str, m: &Entity, rules: &[Entity], lex: &Lexicon) -> Option<Entity> {
    if m.label != Label::Org {
        return None;
    }
    let x = rules.iter().find(|x| {
        x.label == Label::Org && m.start <= x.start && x.end < m.end && {
            let unit = text.get(x.end..m.end).unwrap_or("");
            text.get(x.start..x.end)
                .is_some_and(|t| t.chars().count() >= 3 && lex.org_suffix_of(t).is_some())
                && (2..=UNIT_CHARS).contains(&unit.chars().count())
                && unit.chars().all(is_cjk)
                && lex.org_suffix_of(unit).is_some()
        }
    })?;
    Some(Entity {
        confidence: x.confidence.min(m.confidence),
        ..*x
    })
}

/// The longest unit name after an organisation ([`parent_organisation`]).
const UNIT_CHARS: usize = 6;

/// The rules' confidence in a person above which it is kept where the
/// model found nothing.
const SURE_PERSON: f32 = 0.6;

/// `m` as the rules' longer organisation from the same start that ends in
/// an organisation suffix, when no other model entity stands in the way.
fn extended(
    sent: &Sent<'_>,
    m: Entity,
    rules: &[Entity],
    found: &[(usize, usize)],
    lex: &Lexicon,
) -> Entity {
    if m.label != Label::Org {
        return m;
    }
    let Some(x) = rules.iter().find(|x| {
        x.label == Label::Org && x.source == Source::Rule && x.start == m.start && x.end > m.end
    }) else {
        return m;
    };
    let free = !found
        .iter()
        .any(|&(a, b)| (a, b) != (m.start, m.end) && a < x.end && m.end < b);
    let unit = sent
        .text
        .get(x.start..x.end)
        .is_some_and(|t| lex.org_suffix_of(t).is_some());
    if free && unit {
        Entity { end: x.end, ..m }
    } else {
        m
    }
}

/// `m` without the common nouns (jieba's `n`) before an entity of its
/// label that the gazetteer knows and that ends where `m` ends.
fn described(sent: &Sent<'_>, m: Entity, rules: &[Entity]) -> Entity {
    let Some(x) = rules.iter().find(|x| {
        x.source == Source::Dictionary && x.label == m.label && x.end == m.end && x.start > m.start
    }) else {
        return m;
    };
    let mut at = m.start;
    for t in sent
        .toks
        .iter()
        .filter(|t| m.start <= t.start && t.end <= x.start)
    {
        if t.start != at || t.pos != "n" {
            return m;
        }
        at = t.end;
    }
    if at == x.start {
        Entity {
            start: x.start,
            ..m
        }
    } else {
        m
    }
}

/// The rule layer's entities of one sentence (see the module notes).
pub fn rules(text: &str, tags: &[Tagged<'_>], res: &Resources) -> Vec<Entity> {
    let lex = &res.entities;
    rules_of(&Sent::new(text, tags, res.dictionary(), lex), lex)
}

/// [`rules`] over a sentence already looked up.
fn rules_of(sent: &Sent<'_>, lex: &Lexicon) -> Vec<Entity> {
    let text = sent.text;
    let mut cands = Candidates(Vec::with_capacity(sent.toks.len() / 2));
    work::find(sent, &mut cands);
    gazetteer::find(sent, lex, &mut cands);
    org::find(sent, lex, &mut cands);
    place::find(sent, lex, &mut cands);
    person::find(sent, lex, &mut cands);
    foreign::find(sent, &mut cands);
    pos::find(sent, lex, &mut cands);
    person::lists(sent, lex, &mut cands);
    resolve(cands.0, text)
}

/// Keeps the best non-overlapping candidates: longer first, then the more
/// confident. 《…》 titles are kept as WORK and the names inside them too
/// (《毛泽东选集》 names a person), so WORK may contain other entities; an
/// entity that crosses a title's edge is dropped.
fn resolve(cands: Vec<Entity>, text: &str) -> Vec<Entity> {
    let (works, cands): (Vec<Entity>, Vec<Entity>) =
        cands.into_iter().partition(|e| e.label == Label::Work);
    // Each candidate with its length in characters, counted once.
    let chars = |e: &Entity| text.get(e.start..e.end).map_or(0, |s| s.chars().count());
    let mut cands: Vec<(usize, Entity)> = cands.into_iter().map(|e| (chars(&e), e)).collect();
    cands.sort_by(|(na, a), (nb, b)| {
        nb.cmp(na)
            .then(b.confidence.total_cmp(&a.confidence))
            .then(a.start.cmp(&b.start))
    });
    // The titles by start, with the largest end so far: only the titles
    // starting before a candidate's end and reaching past its start are
    // looked at (not every title per candidate).
    let mut works = works;
    works.sort_by_key(|w| (w.start, w.end));
    let reach: Vec<usize> = works
        .iter()
        .scan(0, |m, w| {
            *m = w.end.max(*m);
            Some(*m)
        })
        .collect();
    let crosses = |c: &Entity| {
        let before = works.partition_point(|w| w.start < c.end);
        (0..before)
            .rev()
            .take_while(|&k| reach[k] > c.start)
            .any(|k| {
                let w = &works[k];
                c.start < w.end
                    && !(w.start <= c.start && c.end <= w.end)
                    && !(c.start <= w.start && w.end <= c.end)
            })
    };
    let mut kept: Vec<Entity> = Vec::with_capacity(cands.len() + works.len());
    // The kept spans by start. They never overlap one another, so their
    // ends ascend with their starts: the last one starting before `c` ends
    // is the only one that can overlap it (a scan of all the kept made a
    // long paragraph quadratic).
    let mut taken: std::collections::BTreeMap<usize, usize> = std::collections::BTreeMap::new();
    for (_, c) in cands {
        let free = taken
            .range(..c.end)
            .next_back()
            .is_none_or(|(_, &end)| end <= c.start);
        if free && !crosses(&c) {
            taken.insert(c.start, c.end);
            kept.push(c);
        }
    }
    kept.extend(works);
    kept.sort_by_key(|e| (e.start, std::cmp::Reverse(e.end)));
    kept
}

/// The entities layer over a whole document: recognition per paragraph
/// ([`recognize_units`]), then abbreviation links and repeated mentions
/// ([`finish`]).
pub fn annotate(ctx: &Context) -> Vec<Annotation> {
    finish(ctx, recognize_units(ctx))
}

/// The entities of a document's units, before the passes over the whole
/// document ([`finish`]), with the text they were read in.
pub struct Units {
    /// The Simplified conversion of a Traditional document, when it keeps
    /// every character's offset (`None`: the document's own text).
    converted: Option<String>,
    found: Vec<Entity>,
    /// The organisations (spans of `found`) whose short form
    /// ([`links::short_form`]) is a word of jieba's dictionary: asked
    /// while the units read the dictionary, for [`finish`]'s links, which
    /// run once the pipeline has let it go.
    in_dictionary: Vec<(usize, usize)>,
    /// The given names of the people `found` names in full that are no
    /// word of jieba's dictionary (钟书 of 钱钟书, not 建国 of 王建国),
    /// asked likewise for [`characters::given_names`].
    given: Vec<String>,
}

/// The first step of [`annotate`]: each unit (paragraph, title line or heading)
/// recognised on its own, the units side by side on rayon's pool. The
/// pipeline runs the layers that do not read the entities beside
/// [`finish`], whose passes over the whole document use fewer threads.
pub fn recognize_units(ctx: &Context) -> Units {
    recognize_units_in(ctx, units_text(ctx.doc))
}

/// The text a document's units are read in, when it is not the document's
/// own: a Traditional document is read through its Simplified conversion
/// (the model and the surname lists know Simplified names: 蕭世和 as
/// 萧世和), when it keeps every character's offset.
pub fn units_text(doc: &Document) -> Option<String> {
    crate::dict::simplified_text(&doc.text).filter(|c| same_offsets(&doc.text, c))
}

/// What the entity layer reads one at a time, in order: the paragraphs,
/// the title block's lines and the sections' headings, a unit longer than
/// [`UNIT_BYTES`] in pieces.
pub fn units_of(doc: &Document) -> Vec<Span> {
    let mut units: Vec<Span> = doc.paragraphs.iter().map(|p| p.span).collect();
    let title_block: Vec<Span> = [doc.title, doc.subtitle, doc.kicker, doc.byline]
        .into_iter()
        .flatten()
        .collect();
    for &span in &title_block {
        if !units.iter().any(|u| u.overlaps(&span)) {
            units.push(span);
        }
    }
    // The sections' headings are no paragraphs either, but name people,
    // places and organisations as often (一、北京市的发展). A heading is
    // never a paragraph: it is checked against the title block alone (not
    // against every unit, which made a long document with many headings
    // quadratic).
    for span in doc
        .sections
        .iter()
        .flat_map(|s| [s.heading, s.heading_detail])
        .flatten()
    {
        if !title_block.iter().any(|t| t.overlaps(&span)) {
            units.push(span);
        }
    }
    units.sort();
    // A paragraph longer than a page is read in pieces, cut at sentence
    // ends where it can be: the model's working memory and the
    // reconciliation of its entities with the rules' grow with the unit.
    // (A text without line breaks is one paragraph: 7.7 MB of news on one
    // line took 45 s and 1.2 GB.) Real paragraphs are shorter: 2 of the
    // ~60,000 lines of a month of news and `structure-dev` pass 8 KB.
    units
        .into_iter()
        .flat_map(|u| crate::parse::sentences::bounded_pieces(&doc.text, u, UNIT_BYTES))
        .collect()
}

/// The longest unit [`recognize_units_in`] reads at once, in bytes.
pub const UNIT_BYTES: usize = 8 * 1024;

/// [`recognize_units`] in `converted` ([`units_text`]'s answer for the
/// document: `None` for its own text).
pub fn recognize_units_in(ctx: &Context, converted: Option<String>) -> Units {
    let doc = ctx.doc;
    let units = units_of(doc);
    // Where each unit's words start among the document's tokens: one walk
    // over the tokens for all the (sorted) units, rather than a binary
    // search through the whole document per unit, which misses the cache
    // at every step.
    let mut k = 0;
    let firsts: Vec<usize> = units
        .iter()
        .map(|u| {
            while ctx.tokens.get(k).is_some_and(|t| t.span().end <= u.start) {
                k += 1;
            }
            k
        })
        .collect();
    // Units are independent until the links: recognised in parallel
    // (in batches, so a short document stays on one thread), in order.
    use rayon::prelude::*;
    let text = converted.as_deref().unwrap_or(&doc.text);
    // The model once for the document (it may be released between
    // documents, never during one).
    let model = model::enabled().then(model::take).flatten();
    // Each batch's entities in one list (with its words' cache), the
    // batches' lists appended in order: not a list per unit (on 7.8 MB,
    // 57,268 small lists and their headers, held beside the flat copy made
    // of them at the end: ~4 MB of the phase's peak).
    let found: Vec<Entity> = units
        .par_iter()
        .zip(&firsts)
        .with_min_len(64)
        .fold(
            || (WordCache::default(), Vec::new()),
            |(mut cache, mut found), (unit, &first)| {
                found.extend(recognize_unit(
                    ctx,
                    model.as_deref(),
                    text,
                    *unit,
                    first,
                    &mut cache,
                ));
                (cache, found)
            },
        )
        .map(|(_, found)| found)
        .reduce(Vec::new, |mut before, mut after| {
            if before.is_empty() {
                return after;
            }
            before.append(&mut after);
            before
        });
    let dict = ctx.res.dictionary();
    let in_dictionary = found
        .iter()
        .filter(|e| e.label == Label::Org)
        .filter(|e| {
            text.get(e.start..e.end)
                .and_then(|full| links::short_form(full, &ctx.res.entities))
                .is_some_and(|short| dict.has_word(&short))
        })
        .map(|e| (e.start, e.end))
        .collect();
    let given = characters::given_names_of(text, &found, &ctx.res.entities, |w| dict.has_word(w));
    Units {
        converted,
        found,
        in_dictionary,
        given,
    }
}

/// The second step of [`annotate`]: short forms, names that speak, given
/// names alone, then abbreviation links and repeated mentions, over the
/// whole document.
/// Equal attrs are one shared copy (entities of one source and
/// confidence, found as one short form).
pub fn finish(ctx: &Context, units: Units) -> Vec<Annotation> {
    let doc = ctx.doc;
    let lex = &ctx.res.entities;
    let Units {
        converted,
        found,
        in_dictionary,
        given,
    } = units;
    let text = converted.as_deref().unwrap_or(&doc.text);
    let found = document::short_forms(text, found, lex);
    let words = links::Words {
        tokens: ctx.tokens,
        in_dictionary: &in_dictionary,
    };
    let found = characters::promote(text, found, lex, ctx.tokens);
    let found = characters::given_names(text, found, &given, &words);
    links::link(&doc.text, found, lex, &words, ctx.annotations.len())
}

/// The entities of one unit (a paragraph, a title line or a heading), offsets into
/// the document; its words start at token `first`.
fn recognize_unit<'a>(
    ctx: &'a Context,
    model: Option<&model::Model>,
    text: &'a str,
    unit: Span,
    first: usize,
    cache: &mut WordCache<'a>,
) -> Vec<Entity> {
    let Some(text) = text.get(unit.range()) else {
        return Vec::new();
    };
    let rest = ctx.tokens.get(first..).unwrap_or_default();
    let last = first
        + rest
            .iter()
            .take_while(|t| t.span().start < unit.end)
            .count();
    let mut tags: Vec<Tagged> = Vec::with_capacity(last - first);
    tags.extend(
        ctx.tokens[first..last]
            .iter()
            .filter(|t| unit.contains(&t.span()))
            .map(|t| Tagged {
                start: t.span().start - unit.start,
                end: t.span().end - unit.start,
                pos: t.pos(),
            }),
    );
    let res = ctx.res;
    let sent = Sent::build(text, &tags, res.dictionary(), &res.entities, Some(cache));
    // As `recognize` does, with the words looked up through the cache.
    let mut found = match model {
        Some(m) => recognize_sent(&sent, res, Mode::Combined, Some(m)),
        None => recognize_sent(&sent, res, Mode::Rules, None),
    };
    for e in &mut found {
        e.start += unit.start;
        e.end += unit.start;
    }
    found
}

/// Whether `converted` has each character of `original` at the same byte
/// offset (a conversion character for character between characters of the
/// same UTF-8 length), so that spans found in one hold in the other.
fn same_offsets(original: &str, converted: &str) -> bool {
    original.len() == converted.len()
        && original
            .chars()
            .zip(converted.chars())
            .all(|(a, b)| a.len_utf8() == b.len_utf8())
}

/// An entity as an annotation of the entities layer.
pub(crate) fn to_annotation(e: &Entity) -> Annotation {
    Annotation::new(Layer::Entities, e.label.name(), Span::new(e.start, e.end))
        .with("source", e.source.name())
        .with("confidence", shown_confidence(e.confidence))
}

/// An entity's confidence as its attrs give it: rounded to two decimals.
pub(crate) fn shown_confidence(confidence: f32) -> f64 {
    (f64::from(confidence) * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests;
