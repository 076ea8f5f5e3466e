//! Document-level pass over the entities of all paragraphs:
//!
//! - short forms of company names: 上海淘璞电子商务有限公司 → 淘璞, found
//!   again elsewhere as ORG with `canonical` (the full name's text) and
//!   `canonical_id` (its annotation id), where they stand as a word of
//!   their own and not as an ordinary word of the language ([`Words`]);
//! - repeated mentions: a person's full name found once with confidence is
//!   marked wherever else it appears, over the people read inside it there
//!   (方敬 where 方敬文 is found elsewhere).

use super::{Entity, Label, Lexicon, Source, to_annotation};
use crate::model::{Annotation, Layer, Span, Token};
use rustc_hash::FxHashMap as HashMap;
use std::collections::BTreeMap;

/// Words of a company name that describe its trade, not its name.
const TRADE_WORDS: &[&str] = &[
    "电子商务",
    "信息技术",
    "科技",
    "网络",
    "信息",
    "技术",
    "股份",
    "文化",
    "传媒",
    "投资",
    "发展",
    "控股",
    "实业",
    "贸易",
    "咨询",
    "管理",
    "服务",
    "软件",
    "数据",
    "智能",
    "互联网",
    "金融",
    "教育",
    "医药",
    "生物",
    "能源",
    "物流",
    "电子",
    "通信",
    "国际",
    "中国",
];

/// Suffixes whose organisations get short forms (companies and groups).
const COMPANY_SUFFIXES: &[&str] = &[
    "有限责任公司",
    "股份有限公司",
    "有限公司",
    "股份公司",
    "公司",
    "集团",
];

pub(super) fn link(
    text: &str,
    found: Vec<Entity>,
    lex: &Lexicon,
    words: &Words<'_>,
    base_id: usize,
) -> Vec<Annotation> {
    // (short form, full name's start and end) triples.
    // Each short form once, from its first full name (a set beside the
    // list: a document of many companies is not read once per company).
    let mut shorts: Vec<(String, usize, usize)> = Vec::new();
    let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
    for e in found.iter().filter(|e| e.label == Label::Org) {
        let full = &text[e.start..e.end];
        if let Some(short) = short_form(full, lex)
            && !seen.contains(&short)
        {
            seen.insert(short.clone());
            shorts.push((short, e.start, e.end));
        }
    }
    drop(seen);
    // Full names of people found with confidence, marked again elsewhere.
    // Each with its best confidence in the document.
    let (names, sure): (Vec<String>, Vec<f32>) = {
        let mut v: Vec<(&str, f32)> = found
            .iter()
            .filter(|e| e.label == Label::Per && e.confidence >= 0.6)
            .map(|e| (&text[e.start..e.end], e.confidence))
            .filter(|(s, _)| s.chars().count() >= 3)
            .collect();
        v.sort_unstable_by(|a, b| a.0.cmp(b.0).then(b.1.total_cmp(&a.1)));
        v.dedup_by_key(|(s, _)| *s);
        v.into_iter().map(|(s, c)| (s.to_string(), c)).unzip()
    };
    // Both searches of the whole text at once, on two threads.
    let (short_at, name_at) = rayon::join(
        || occurrences(text, shorts.iter().map(|(s, _, _)| s.as_str())),
        || occurrences(text, names.iter().map(String::as_str)),
    );
    let mut added: Vec<Linked> = Vec::new();
    let mut taken = Taken::new(&found);
    // Where a short form stands over people or places found inside it,
    // and nothing else: the document names the company in full, so its
    // short form is the company (上海淘璞电子商务有限公司 … 与淘璞类似),
    // whatever the sentence alone suggested.
    let mut relabelled: Vec<(usize, usize)> = Vec::new();
    for (k, ((short, start, end), at)) in shorts.iter().zip(short_at).enumerate() {
        let in_dictionary = words.in_dictionary.contains(&(*start, *end));
        for pos in at {
            let span = (pos, pos + short.len());
            if !words.may_name(span, in_dictionary) {
                continue;
            }
            let free = taken.free(span);
            let over_others = !free && taken.only_others_inside(span);
            if over_others {
                relabelled.push(span);
            }
            if free || over_others {
                taken.add(span);
                let e = Entity {
                    start: span.0,
                    end: span.1,
                    label: Label::Org,
                    source: Source::Rule,
                    confidence: 0.7,
                };
                added.push(Linked::new(e, u32::try_from(k).unwrap_or(NO_SHORT)));
            }
        }
    }
    // A person's full name also stands over the people read inside it
    // (方敬 and 周真 where the document names 方敬文 and 周真国 elsewhere).
    let mut completed: Vec<(usize, usize)> = Vec::new();
    for ((name, &confidence), at) in names.iter().zip(&sure).zip(name_at) {
        for pos in at {
            let span = (pos, pos + name.len());
            let free = taken.free(span);
            if !free && taken.only_people_inside(span, confidence) {
                completed.push(span);
            }
            if free || completed.last() == Some(&span) {
                taken.add(span);
                let e = Entity {
                    start: span.0,
                    end: span.1,
                    label: Label::Per,
                    source: Source::Rule,
                    confidence: 0.6,
                };
                added.push(Linked::new(e, NO_SHORT));
            }
        }
    }
    // Made at its size (extended, it doubled), the found ones' list freed
    // as they are moved in.
    drop(taken);
    let mut all: Vec<Linked> = Vec::with_capacity(found.len() + added.len());
    // (They never overlap one another: each was taken as it was found.)
    relabelled.sort_unstable();
    completed.sort_unstable();
    let within = |spans: &[(usize, usize)], e: &Entity| {
        let k = spans.partition_point(|&(s, _)| s <= e.start);
        k.checked_sub(1).is_some_and(|k| e.end <= spans[k].1)
    };
    let replaced = |e: &Entity| {
        !matches!(e.label, Label::Org | Label::Work) && within(&relabelled, e)
            || e.label == Label::Per && within(&completed, e)
    };
    all.extend(
        found
            .into_iter()
            .filter(|e| !replaced(e))
            .map(|e| Linked::new(e, NO_SHORT)),
    );
    all.extend(added);
    // By start, longest first, and as listed among equals (found, then
    // added): a stable sort's order, sorted in place (a stable sort held
    // a scratch copy of the list beside it, on 7.8 MB 3.4 MB).
    for (k, l) in all.iter_mut().enumerate() {
        l.order = u32::try_from(k).unwrap_or(u32::MAX);
    }
    if u32::try_from(all.len()).is_ok() {
        all.sort_unstable_by_key(|l| (l.entity.start, std::cmp::Reverse(l.entity.end), l.order));
    } else {
        all.sort_by_key(|l| (l.entity.start, std::cmp::Reverse(l.entity.end)));
    }
    // The first ORG at each span, as `position` over `all` would find it.
    let mut org_at: HashMap<(usize, usize), usize> = HashMap::default();
    for (k, l) in all.iter().enumerate() {
        let x = &l.entity;
        if x.label == Label::Org {
            org_at.entry((x.start, x.end)).or_insert(k);
        }
    }
    let index_of = |s: usize, e: usize| org_at.get(&(s, e)).copied();
    // Entities of one source and shown confidence (rounded, as the attrs
    // give it) have equal attrs: one shared copy each from the start
    // (45,496 entities had 53 distinct attrs on 5 MB; keyed by the
    // confidence's own bits, 11,760 entities on 1 MB of real text had
    // 9,224 copies for 85 distinct attrs), not one each until the layer
    // is done. A canonical name added copies them first.
    // So do those found as one short form: their canonical name and id
    // are the short form's (one copy each, so that the layer needs no
    // sharing pass after: [`crate::annotate`]).
    let mut attrs: HashMap<(&'static str, u64, u32), crate::model::Attrs> = HashMap::default();
    let mut annotation = |l: &Linked| {
        let e = &l.entity;
        let mut a = Annotation::new(Layer::Entities, e.label.name(), Span::new(e.start, e.end));
        a.attrs = attrs
            .entry((
                e.source.name(),
                super::shown_confidence(e.confidence).to_bits(),
                l.short,
            ))
            .or_insert_with(|| {
                let mut a = to_annotation(e);
                if let Some((_, s, end)) = shorts.get(l.short as usize) {
                    a = a.with("canonical", text[*s..*end].to_string());
                    if let Some(k) = index_of(*s, *end) {
                        a = a.with("canonical_id", base_id + k);
                    }
                }
                a.attrs
            })
            .clone();
        a
    };
    // Taken from the list's end as the annotations are made (so reversed
    // first), and the list given back as it empties, so that the two are
    // not held whole side by side (on 7.8 MB each is 2.3 MB).
    all.reverse();
    let mut out = Vec::with_capacity(all.len());
    while let Some(l) = all.pop() {
        out.push(annotation(&l));
        if all.capacity() - all.len() >= GIVE_BACK {
            all.shrink_to_fit();
        }
    }
    out
}

/// An entity of [`link`]'s joined list: the entity, its place in the
/// list before it is sorted, and the short form (of `shorts`) it was
/// found as ([`NO_SHORT`] when none). 32 bytes.
struct Linked {
    entity: Entity,
    order: u32,
    short: u32,
}

/// [`Linked::short`] of an entity found otherwise than as a short form.
const NO_SHORT: u32 = u32::MAX;

/// [`link`] gives back its list's room once this many entries of it are
/// free (128 KiB).
const GIVE_BACK: usize = 4096;

impl Linked {
    fn new(entity: Entity, short: u32) -> Linked {
        Linked {
            entity,
            order: 0,
            short,
        }
    }
}

/// Up to this many needles, [`occurrences`] searches for each in turn.
const ONE_BY_ONE: usize = 8;

/// Where each needle occurs in `text`, as `text.match_indices(needle)`
/// gives them (left to right, not overlapping one another); for many
/// needles (past [`ONE_BY_ONE`]) in one pass over the text rather than one
/// pass per needle.
fn occurrences<'n>(text: &str, needles: impl Iterator<Item = &'n str>) -> Vec<Vec<usize>> {
    let needles: Vec<&str> = needles.collect();
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); needles.len()];
    if needles.is_empty() {
        return out;
    }
    // Up to a few dozen needles, a packed (SIMD) searcher finds each place
    // where one of them starts, far faster than a pass per needle or the
    // automaton's byte-by-byte overlapping search; each needle is then
    // checked there.
    let packed = (!needles.iter().any(|n| n.is_empty()))
        .then(|| aho_corasick::packed::Searcher::new(needles.iter()))
        .flatten();
    if let Some(searcher) = packed {
        let mut from = 0;
        while let Some(m) = searcher.find_in(text, aho_corasick::Span::from(from..text.len())) {
            let at = m.start();
            for (n, hits) in needles.iter().zip(&mut out) {
                if text.as_bytes()[at..].starts_with(n.as_bytes())
                    && hits.last().is_none_or(|&p| at >= p + n.len())
                {
                    hits.push(at);
                }
            }
            from = at + 1;
        }
        return out;
    }
    // A few needles are found faster one by one (memchr-driven); many in
    // one pass, so the cost does not grow with the number of names.
    let single_pass = needles.len() > ONE_BY_ONE && !needles.iter().any(|n| n.is_empty());
    let matcher = match single_pass.then(|| aho_corasick::AhoCorasick::new(&needles)) {
        Some(Ok(m)) => m,
        _ => {
            for (n, at) in needles.iter().zip(&mut out) {
                at.extend(text.match_indices(n).map(|(p, _)| p));
            }
            return out;
        }
    };
    // Overlapping matches come by end; the matches of one needle all have
    // its length, so they come by start too.
    let longest = needles.iter().map(|n| n.len()).max().unwrap_or(0);
    for piece in overlapping_in_pieces(&matcher, text, longest, SEARCH_PIECE) {
        for (k, start) in piece {
            let at = &mut out[k];
            if at.last().is_none_or(|&p| start >= p + needles[k].len()) {
                at.push(start);
            }
        }
    }
    out
}

/// [`occurrences`] searches a text in pieces of this many bytes.
pub(super) const SEARCH_PIECE: usize = 1 << 20;

/// Every match of `matcher` (none longer than `longest` bytes) in `text`,
/// overlapping ones too, as (needle, start): the text searched in pieces of
/// `piece` bytes side by side, each piece's matches those that start in
/// it (each piece searched as far as a match starting in it may reach),
/// in the order of a search of the whole text for each needle (by start).
pub(super) fn overlapping_in_pieces(
    matcher: &aho_corasick::AhoCorasick,
    text: &str,
    longest: usize,
    piece: usize,
) -> Vec<Vec<(usize, usize)>> {
    use rayon::prelude::*;
    let bytes = text.as_bytes();
    let piece = piece.max(1);
    let starts: Vec<usize> = (0..bytes.len()).step_by(piece).collect();
    starts
        .par_iter()
        .map(|&a| {
            let b = (a + piece).min(bytes.len());
            let reach = (b + longest.saturating_sub(1)).min(bytes.len());
            matcher
                .find_overlapping_iter(&bytes[a..reach])
                .filter(|m| a + m.start() < b)
                .map(|m| (m.pattern().as_usize(), a + m.start()))
                .collect()
        })
        .collect()
}

/// The spans already taken: the entities found (WORK titles aside: names
/// inside titles count) and those added since. Answers "does `span` touch
/// any of them" in logarithmic time.
struct Taken {
    /// Found entities' (start, end, label, confidence) sorted by start.
    found: Vec<(usize, usize, Label, f32)>,
    /// The largest end among `found[..=i]`.
    max_end: Vec<usize>,
    /// Added spans by start; they never overlap one another.
    added: BTreeMap<usize, usize>,
}

impl Taken {
    fn new(found: &[Entity]) -> Taken {
        let mut spans: Vec<(usize, usize, Label, f32)> = found
            .iter()
            .filter(|e| e.label != Label::Work)
            .map(|e| (e.start, e.end, e.label, e.confidence))
            .collect();
        spans.sort_unstable_by_key(|&(s, e, ..)| (s, e));
        let mut max_end = Vec::with_capacity(spans.len());
        let mut m = 0;
        for &(_, e, ..) in &spans {
            m = m.max(e);
            max_end.push(m);
        }
        Taken {
            found: spans,
            max_end,
            added: BTreeMap::new(),
        }
    }

    /// Whether `span` touches no span taken so far.
    fn free(&self, span: (usize, usize)) -> bool {
        let before = self.found.partition_point(|&(s, ..)| s < span.1);
        let found_clear = before == 0 || self.max_end[before - 1] <= span.0;
        found_clear && self.added_clear(span)
    }

    /// Whether `span` touches no span added so far.
    fn added_clear(&self, span: (usize, usize)) -> bool {
        self.added
            .range(..span.1)
            .next_back()
            .is_none_or(|(_, &e)| e <= span.0)
    }

    /// Whether the spans taken that touch `span` are found ones inside it,
    /// at least one, and none an organisation (people or places, whole or
    /// in part: 星河云图 where a person 云图 was found; titles are not in
    /// `found`).
    fn only_others_inside(&self, span: (usize, usize)) -> bool {
        self.only_inside(span, |l, _| l != Label::Org)
    }

    /// Whether the spans taken that touch `span` are found ones inside it,
    /// at least one, all people less sure than `confidence`, none `span`
    /// itself (方敬 at 0.5 where the document's 方敬文 is found elsewhere at
    /// 0.93; not 王贵武 at 0.99 where a 王贵武先 is found at 0.68).
    fn only_people_inside(&self, span: (usize, usize), confidence: f32) -> bool {
        let first = self.found.partition_point(|&(s, ..)| s < span.0);
        let same = self.found[first..]
            .iter()
            .take_while(|&&(s, ..)| s == span.0)
            .any(|&(_, e, ..)| e == span.1);
        !same && self.only_inside(span, |l, c| l == Label::Per && c < confidence)
    }

    fn only_inside(&self, span: (usize, usize), ok: impl Fn(Label, f32) -> bool) -> bool {
        let first = self.found.partition_point(|&(s, ..)| s < span.0);
        let before = self.found.partition_point(|&(s, ..)| s < span.1);
        let earlier_clear = first == 0 || self.max_end[first - 1] <= span.0;
        let inside = &self.found[first..before];
        earlier_clear
            && self.added_clear(span)
            && !inside.is_empty()
            && inside.iter().all(|&(_, e, l, c)| e <= span.1 && ok(l, c))
    }

    fn add(&mut self, span: (usize, usize)) {
        self.added.insert(span.0, span.1);
    }
}

/// The document's words, for where a short form may name its company
/// ([`Words::may_name`]) and a given name its person
/// ([`super::characters::given_names`]).
pub(super) struct Words<'a> {
    /// The document's tokens, in order, at the offsets of the text
    /// [`link`] reads.
    pub tokens: &'a [Token],
    /// The organisations (their spans) whose short form is a word of
    /// jieba's dictionary.
    pub in_dictionary: &'a [(usize, usize)],
}

impl Words<'_> {
    /// Whether `span` may be a mention of a company by its short form: it
    /// starts and ends where the document's words do (not 国家 inside
    /// 国家级), and it is not one word tagged as an ordinary word rather
    /// than a name when the short form is a word of jieba's dictionary
    /// (`in_dictionary`; jieba tags words it does not know by guess). The
    /// short forms of 国家能源集团, 中国网络公司 and
    /// 绿色发展投资有限公司 are 国家, 网络 and 绿色, words of the language
    /// (`n`) wherever else they stand; 淘璞 (not in the dictionary), 腾讯
    /// (`nz`) and 特斯拉 (`nrt`) are names.
    pub fn may_name(&self, (start, end): (usize, usize), in_dictionary: bool) -> bool {
        let Some(words) = self.whole_words((start, end)) else {
            return false;
        };
        match words {
            [one] => !in_dictionary || is_name_tag(one.pos()),
            _ => true,
        }
    }

    /// The words `span` is made of, when it starts and ends where the
    /// document's words do (`None` inside a word: 国家 of 国家级).
    pub fn whole_words(&self, (start, end): (usize, usize)) -> Option<&[Token]> {
        let k = self.tokens.partition_point(|t| t.span().start < start);
        self.tokens.get(k).filter(|t| t.span().start == start)?;
        let n = self.tokens[k..].partition_point(|t| t.span().start < end);
        let words = &self.tokens[k..k + n];
        words
            .last()
            .is_some_and(|t| t.span().end == end)
            .then_some(words)
    }
}

/// Whether jieba's tag `pos` marks a name: a person's, a place's, an
/// organisation's or another proper noun (`nr…`, `ns…`, `nt…`, `nz…`),
/// an abbreviation (`j`) or a Latin word.
fn is_name_tag(pos: &str) -> bool {
    ["nr", "ns", "nt", "nz"].iter().any(|p| pos.starts_with(p)) || matches!(pos, "j" | "eng")
}

/// The short form of a company's name: without the leading place, the
/// company suffix and the trade words (上海淘璞电子商务有限公司 → 淘璞,
/// 阅文集团 → 阅文). `None` when nothing of two characters or more is left.
pub(super) fn short_form(full: &str, lex: &Lexicon) -> Option<String> {
    let mut rest = COMPANY_SUFFIXES.iter().find_map(|s| full.strip_suffix(s))?;
    // A parenthesised place before the suffix: …(上海)有限公司.
    if let Some(open) = rest.rfind(['(', '（'])
        && (rest.ends_with(')') || rest.ends_with('）'))
    {
        rest = &rest[..open];
    }
    // The longest leading place name.
    let prefixes: Vec<usize> = rest.char_indices().map(|(i, _)| i).skip(1).collect();
    if let Some(&cut) = prefixes
        .iter()
        .rev()
        .find(|&&i| lex.places.contains(&rest[..i]))
    {
        rest = &rest[cut..];
        rest = rest.strip_prefix(['市', '省']).unwrap_or(rest);
    }
    loop {
        match TRADE_WORDS.iter().find_map(|w| rest.strip_suffix(w)) {
            Some(r) if r.chars().count() >= 2 => rest = r,
            _ => break,
        }
    }
    // A company named by its trade alone (通信公司, 网络公司) has no short
    // form: every 通信 of the document is no company.
    let n = rest.chars().count();
    ((2..=6).contains(&n)
        && rest != full
        && !lex.places.contains(rest)
        && !TRADE_WORDS.contains(&rest))
    .then(|| rest.to_string())
}

#[cfg(test)]
mod tests {
    use super::occurrences;

    /// Searched in pieces of any size, the matches are those of a search
    /// of the whole text, each needle's in the same order.
    #[test]
    fn matches_found_in_pieces_are_the_whole_texts() {
        let text = "王小明王小明明天王小明明白，小明哥哥哥哥哥。abcabc王小明";
        let needles = ["王小明", "小明", "明明", "哥哥", "王小明明白", "cab", "无"];
        let longest = needles.iter().map(|n| n.len()).max().unwrap_or(0);
        let Ok(matcher) = aho_corasick::AhoCorasick::new(needles) else {
            panic!("automaton");
        };
        let by_needle = |found: Vec<(usize, usize)>| {
            let mut by = vec![Vec::new(); needles.len()];
            for (k, at) in found {
                by[k].push(at);
            }
            by
        };
        let whole: Vec<(usize, usize)> = matcher
            .find_overlapping_iter(text)
            .map(|m| (m.pattern().as_usize(), m.start()))
            .collect();
        assert!(whole.len() > 10);
        let whole = by_needle(whole);
        for piece in [1, 2, 3, 5, 7, 16, text.len(), text.len() + 1] {
            let found = super::overlapping_in_pieces(&matcher, text, longest, piece);
            assert_eq!(by_needle(found.concat()), whole, "{piece}");
        }
    }

    #[test]
    fn occurrences_are_those_of_match_indices() {
        let text = "王小明王小明明天王小明明白，小明哥哥哥哥哥";
        let needles = ["王小明", "小明", "明明", "哥哥", "王小明明白", "无"];
        let found = occurrences(text, needles.iter().copied());
        for (n, at) in needles.iter().zip(&found) {
            let expected: Vec<usize> = text.match_indices(n).map(|(p, _)| p).collect();
            assert_eq!(at, &expected, "{n}");
        }
        assert!(occurrences(text, std::iter::empty()).is_empty());
        // So must the automaton's search, past what the packed searcher takes.
        let lots: Vec<String> = (0..300)
            .map(|k| format!("{}{}", ["王小明", "小明", "明明", "哥哥"][k % 4], k / 4))
            .chain(needles.iter().map(|n| n.to_string()))
            .collect();
        let found = occurrences(text, lots.iter().map(String::as_str));
        for (n, at) in lots.iter().zip(&found) {
            let expected: Vec<usize> = text.match_indices(n.as_str()).map(|(p, _)| p).collect();
            assert_eq!(at, &expected, "{n}");
        }
        // Past the one-by-one threshold the single pass must agree too.
        let many: Vec<String> = (0..=super::ONE_BY_ONE)
            .map(|k| ["王小明", "小明", "明明", "哥哥", "王小明明白"][k % 5].repeat(1 + k / 5))
            .collect();
        let found = occurrences(text, many.iter().map(String::as_str));
        for (n, at) in many.iter().zip(&found) {
            let expected: Vec<usize> = text.match_indices(n.as_str()).map(|(p, _)| p).collect();
            assert_eq!(at, &expected, "{n}");
        }
    }

    /// [`super::link`] over `text` with its words as jieba reads them.
    fn linked(text: &str, found: Vec<super::Entity>, base: usize) -> Vec<crate::model::Annotation> {
        use crate::annotate::tokens::{PosOverrides, build_jieba, tokenize_with};
        static JIEBA: std::sync::OnceLock<Option<jieba_rs::Jieba>> = std::sync::OnceLock::new();
        let Some(jieba) = JIEBA.get_or_init(|| build_jieba().ok()).as_ref() else {
            panic!("jieba did not load");
        };
        let tokens = tokenize_with(text, jieba, &PosOverrides::load());
        let lex = super::Lexicon::load();
        // As the entity units find them.
        let in_dictionary: Vec<(usize, usize)> = found
            .iter()
            .filter(|e| {
                super::short_form(&text[e.start..e.end], &lex).is_some_and(|s| jieba.has_word(&s))
            })
            .map(|e| (e.start, e.end))
            .collect();
        let words = super::Words {
            tokens: &tokens,
            in_dictionary: &in_dictionary,
        };
        super::link(text, found, &lex, &words, base)
    }

    /// The `nth` mention of `name` in `text` as a model's entity.
    fn entity_at(
        text: &str,
        name: &str,
        nth: usize,
        label: super::Label,
        confidence: f32,
    ) -> super::Entity {
        let start = text.match_indices(name).nth(nth).map_or(0, |(k, _)| k);
        super::Entity {
            start,
            end: start + name.len(),
            label,
            source: super::Source::Model,
            confidence,
        }
    }

    /// The texts of the annotations labelled `label`, in order.
    fn labelled<'t>(out: &[crate::model::Annotation], text: &'t str, label: &str) -> Vec<&'t str> {
        out.iter()
            .filter(|a| a.label == label)
            .map(|a| a.span.text(text))
            .collect()
    }

    /// A person's full name found surely somewhere is that person where a
    /// sentence read a less sure part of it (方敬 of 方敬文); a surer person
    /// inside a longer, unsure reading stays (王贵武 in 王贵武先后).
    #[test]
    fn a_full_name_completes_the_less_sure_people_read_inside_it() {
        use super::Label;
        let text =
            "董事长方敬文生在南京。方敬文说，方敬也说过。王贵武先后两次来访。王贵武先后讲话。";
        let per = |name: &str, nth: usize, confidence: f32| {
            entity_at(text, name, nth, Label::Per, confidence)
        };
        let found = vec![
            per("方敬", 0, 0.5),
            per("方敬文", 1, 0.93),
            per("方敬", 2, 0.5),
            per("王贵武先", 0, 0.68),
            per("王贵武", 1, 0.99),
        ];
        let out = linked(text, found, 0);
        let people = labelled(&out, text, "PER");
        // 方敬 of 方敬也 stays a reading of its own: no 方敬文 stands there;
        // the second 王贵武 is surer than the first 王贵武先.
        assert_eq!(
            people,
            ["方敬文", "方敬文", "方敬", "王贵武先", "王贵武"],
            "{people:?}"
        );
    }

    /// A short form that is an ordinary word of the language (国家 of
    /// 国家能源集团, 网络 of 中国网络公司) is not the company where it
    /// stands as that word, nor inside a longer word (国家级); a name the
    /// dictionary lacks (星河云图) or tags as a name is.
    #[test]
    fn a_short_form_that_is_an_ordinary_word_stays_one() {
        use super::Label;
        let text = "国家能源集团发布年报。国家将支持国家级能源项目。\
                    中国网络公司扩大了网络建设。北京星河云图科技有限公司说，星河云图将上市。";
        let org = |name: &str| entity_at(text, name, 0, Label::Org, 0.9);
        let found = vec![
            org("国家能源集团"),
            org("中国网络公司"),
            org("北京星河云图科技有限公司"),
        ];
        let out = linked(text, found, 0);
        let orgs = labelled(&out, text, "ORG");
        assert_eq!(
            orgs,
            vec![
                "国家能源集团",
                "中国网络公司",
                "北京星河云图科技有限公司",
                "星河云图"
            ]
        );
    }

    /// Every mention of a short form is linked to its full name, each with
    /// the same attrs (one shared copy; the values as a copy each had
    /// them), whichever mention comes first.
    #[test]
    fn a_short_forms_mentions_are_linked_alike() {
        use super::{Entity, Label, Source};
        let text = "淘璞说。上海淘璞电子商务有限公司成立。淘璞表示，淘璞的用户多。";
        let full = "上海淘璞电子商务有限公司";
        let start = text.find(full).unwrap_or_default();
        let found = vec![Entity {
            start,
            end: start + full.len(),
            label: Label::Org,
            source: Source::Model,
            confidence: 0.9,
        }];
        let out = linked(text, found, 5);
        let full_at = out.iter().position(|a| a.span.text(text) == full);
        assert!(full_at.is_some());
        let shorts: Vec<_> = out.iter().filter(|a| a.span.text(text) == "淘璞").collect();
        // The one inside the full name is not a mention of its own.
        assert_eq!(shorts.len(), 3);
        for a in &shorts {
            assert_eq!(a.label, "ORG");
            assert_eq!(a.attr_str("canonical"), Some(full));
            let id = a.attrs.get("canonical_id").and_then(|v| v.as_u64());
            assert_eq!(id, full_at.map(|k| 5 + k as u64));
            assert_eq!(a.attr_str("source"), Some("rule"));
            assert_eq!(a.attrs, shorts[0].attrs);
        }
    }

    /// A short form stands for its company over the people and places
    /// found inside it, whole or in part; it never displaces an
    /// organisation, nor anything that reaches past its edges.
    #[test]
    fn a_short_form_replaces_the_people_and_places_inside_it() {
        use super::{Entity, Label, Source};
        let text = "北京星河云图信息科技有限公司成立。星河云图说，云图星河不是星河云图科技。";
        let at = |part: &str, from: usize| text[from..].find(part).map_or(0, |p| p + from);
        let entity = |start: usize, len: usize, label: Label| Entity {
            start,
            end: start + len,
            label,
            source: Source::Model,
            confidence: 0.8,
        };
        let full = "北京星河云图信息科技有限公司";
        let second = at("星河云图说", full.len());
        let third = at("星河云图科技", second + "星河云图".len());
        let found = vec![
            entity(0, full.len(), Label::Org),
            // Inside the second mention: a person (云图).
            entity(second + "星河".len(), "云图".len(), Label::Per),
            // Over the third mention and past it: an organisation.
            entity(third, "星河云图科技".len(), Label::Org),
        ];
        let out = linked(text, found, 0);
        let spans: Vec<(&str, usize, &str)> = out
            .iter()
            .map(|a| (a.label.as_str(), a.span.start, a.span.text(text)))
            .collect();
        assert!(spans.contains(&("ORG", second, "星河云图")), "{spans:?}");
        assert!(!spans.iter().any(|s| s.0 == "PER"), "{spans:?}");
        assert!(spans.contains(&("ORG", third, "星河云图科技")), "{spans:?}");
        assert!(!spans.contains(&("ORG", third, "星河云图")), "{spans:?}");
        let short = out.iter().find(|a| a.span.start == second);
        assert_eq!(short.and_then(|a| a.attr_str("canonical")), Some(full));
    }
}
