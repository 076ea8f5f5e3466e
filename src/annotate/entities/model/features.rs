//! The model's features: for every character of a sentence a fixed number of
//! hashed feature ids ([`PER_CHAR`]), from
//!
//! - the characters around it (NFKC-normalised: full-width digits and Latin
//!   letters look like the ASCII ones the training data has), their bigrams
//!   and classes;
//! - jieba's word containing it: the character's place in the word (B/M/E/S)
//!   with the word's tag, the word itself, its neighbours' tags and words,
//!   whether jieba's dictionary knows it, and the word lists it is in
//!   (roles, person cues, gazetteers);
//! - the rule layer's entity over it (label, place in the span, source).
//!
//! Feature ids are hashes of (template, values) reduced to `bits` bits.

use super::super::lexicon::{Entry, Lexicon, List};
use super::super::{Entity, Label, Sent, Source};
use crate::annotate::tokens::Dictionary;
use crate::annotate::tokens::Tagged;

/// Feature ids per character; id `k` of a character is template `k`'s
/// (`train_ner --drop` neutralises templates by that index).
pub const PER_CHAR: usize = 34;

/// Stand-ins for characters before the start and after the end.
const BOS: u32 = 0x11_0001;
const EOS: u32 = 0x11_0002;

/// The character the model sees for `c`: its NFKC form when that is one
/// character (Ａ → A, ８ → 8, full-width space → space), else `c`; Latin
/// letters in lower case (news writes IBM, some corpora ibm).
#[inline]
pub fn norm_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    // The common cases without the normaliser's tables: ideographs are
    // their own NFKC form, the full-width forms of ASCII map onto it.
    if matches!(c, '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}') {
        return c;
    }
    norm_rare(c)
}

/// [`norm_char`] of a character neither ASCII nor a common ideograph.
#[inline(never)]
fn norm_rare(c: char) -> char {
    if let '\u{ff01}'..='\u{ff5e}' = c {
        return char::from_u32(u32::from(c) - 0xfee0).map_or(c, |a| a.to_ascii_lowercase());
    }
    use unicode_normalization::UnicodeNormalization;
    let mut it = std::iter::once(c).nfkc();
    match (it.next(), it.next()) {
        (Some(n), None) => n.to_ascii_lowercase(),
        _ => c,
    }
}

/// A coarse class of a character.
#[inline]
fn class(c: u32) -> u64 {
    // The common ideographs first (what [`super::super::is_cjk`] says of
    // them), without the tests before them in [`class_of`].
    if let Some(c) = char::from_u32(c).filter(|c| matches!(c, '\u{3400}'..='\u{9fff}')) {
        return cjk_class(c);
    }
    class_of(c)
}

/// The class of an ideograph: 3 for the Chinese numerals (零〇一二两 …
/// 十百千万亿), else 4.
#[inline]
fn cjk_class(c: char) -> u64 {
    if crate::annotate::quantities::numerals::is_cn_numeral(c) {
        3
    } else {
        4
    }
}

/// [`class`], every case.
#[inline(never)]
fn class_of(c: u32) -> u64 {
    match char::from_u32(c) {
        None => 0,
        Some(c) if c.is_ascii_digit() => 1,
        Some(c) if c.is_ascii_alphabetic() => 2,
        Some(c) if super::super::is_cjk(c) => cjk_class(c),
        Some(c) if c.is_whitespace() => 5,
        Some(c) if c.is_alphanumeric() => 6,
        Some(_) => 7,
    }
}

#[inline]
fn mix(h: u64, v: u64) -> u64 {
    (h.rotate_left(5) ^ v).wrapping_mul(0x517c_c1b7_2722_0a95)
}

/// A feature id from the hash of its template and values (see [`h`]).
#[inline(always)]
fn id(h: u64, shift: u32) -> u32 {
    let h = h ^ (h >> 31);
    (h.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> shift) as u32
}

/// The hash of template `t` with values `v…`: `mix` of the template, then
/// of each value in turn. Written out per template (rather than folded over
/// a slice) so that the 34 chains of multiplications of a character are
/// independent straight-line code the processor overlaps.
macro_rules! h {
    ($t:expr $(; $($v:expr),+)?) => {{
        let h = mix(0, $t + 1);
        $($(let h = mix(h, $v);)+)?
        h
    }};
}

/// Hash of a string's normalised characters.
fn hash_str(s: &str) -> u64 {
    s.chars().fold(0x9e37_79b9, |h, c| {
        mix(h, u64::from(u32::from(norm_char(c))))
    })
}

/// For a word that is an organisation followed by a role (县委书记,
/// 政协委员, 党委书记, 团支部书记): the organisation's length in
/// characters; 0 otherwise.
fn org_role(word: &str, lex: &Lexicon) -> usize {
    let n = word.chars().count();
    if n < 3 || !lex.may_end_role(word) {
        return 0;
    }
    word.char_indices()
        .enumerate()
        .skip(1)
        .take_while(|&(k, _)| n - k >= 2)
        .find(|&(_, (b, _))| {
            let (org, role) = word.split_at(b);
            lex.is_role(role) && lex.org_suffix_of(org).is_some()
        })
        .map_or(0, |(k, _)| k)
}

/// Which word lists a word is in, as a small mask.
fn lists_mask(entry: Entry) -> u64 {
    let lists = entry.lists;
    [
        List::Role,
        List::PersonCue,
        List::Surname,
        List::Place,
        List::MajorPlace,
        List::Org,
        List::Person,
        List::PlaceSuffix,
        List::NotPerson,
        List::NotOrg,
        List::CommonNsNt,
    ]
    .iter()
    .enumerate()
    .fold(0, |m, (k, l)| if lists.has(*l) { m | 1 << k } else { m })
}

/// One word of the sentence, as the features see it.
struct Word {
    /// The organisation / place suffix the word ends with (hash; 0: none).
    org_suffix: u64,
    place_suffix: u64,
    pos: u64,
    word: u64,
    known: u64,
    lists: u64,
    len: u64,
    /// A word of an organisation and a role glued (县委书记, 政协委员,
    /// 党委书记): the organisation's length in characters (0: not so).
    org_role: usize,
    /// Its length in characters.
    chars: usize,
    /// Whether the word is a place (jieba's `ns` or a listed place).
    place: u64,
}

/// The features of one sentence: `ids[i * PER_CHAR..(i + 1) * PER_CHAR]` are
/// character `i`'s; `offsets[i]` is its byte offset (`offsets[n]` the end).
pub struct SentenceFeatures {
    pub ids: Vec<u32>,
    pub offsets: Vec<usize>,
}

impl SentenceFeatures {
    pub fn len(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Extracts the features of `text` given its jieba tags and the rule
/// layer's entities (byte offsets into `text`).
pub fn extract(
    text: &str,
    tags: &[Tagged<'_>],
    rules: &[Entity],
    dict: Dictionary,
    lex: &Lexicon,
    bits: u32,
) -> SentenceFeatures {
    extract_sent(&Sent::new(text, tags, dict, lex), rules, lex, bits)
}

/// [`extract`] over a sentence whose words the rules have already looked
/// up (whether jieba knows them, their word lists): each word is looked up
/// once for both.
pub(crate) fn extract_sent(
    sent: &Sent<'_>,
    rules: &[Entity],
    lex: &Lexicon,
    bits: u32,
) -> SentenceFeatures {
    extract_with(sent, rules, lex, bits, |f| f, |_, _| {})
}

/// The per-sentence working tables of [`extract_with`], kept per thread
/// and reused from one sentence to the next (cleared, not freed).
#[derive(Default)]
struct Scratch {
    /// The characters, after two [`BOS`] and before two [`EOS`].
    chars: Vec<u64>,
    /// Their classes, after and before a 0.
    classes: Vec<u64>,
    surnames: Vec<u64>,
    words: Vec<Word>,
    word_of: Vec<usize>,
    wpos: Vec<u64>,
    widx: Vec<usize>,
    rule: Vec<u64>,
    /// After and before a 99.
    rule_label: Vec<u64>,
    char_table: Vec<u32>,
    org_ahead: Vec<(u64, u64)>,
    place_ahead: Vec<(u64, u64)>,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
}

/// [`extract_sent`], keeping `each(id)` of each feature id as soon as it
/// is hashed (the model turns it into the place of its row and asks for
/// that row, so that the rows arrive while the next features are hashed),
/// and calling `on_char` with the characters' before and this character's
/// once it has them all (the model sums the rows of a character some
/// places back).
pub(crate) fn extract_with(
    sent: &Sent<'_>,
    rules: &[Entity],
    lex: &Lexicon,
    bits: u32,
    each: impl FnMut(u32) -> u32,
    on_char: impl FnMut(&[u32], &[u32]),
) -> SentenceFeatures {
    SCRATCH.with(|s| match s.try_borrow_mut() {
        Ok(mut s) => extract_in(sent, rules, lex, bits, each, on_char, &mut s),
        // (Only if a hook extracted again from inside: fresh tables.)
        Err(_) => extract_in(
            sent,
            rules,
            lex,
            bits,
            each,
            on_char,
            &mut Scratch::default(),
        ),
    })
}

fn extract_in(
    sent: &Sent<'_>,
    rules: &[Entity],
    lex: &Lexicon,
    bits: u32,
    mut each: impl FnMut(u32) -> u32,
    mut on_char: impl FnMut(&[u32], &[u32]),
    scratch: &mut Scratch,
) -> SentenceFeatures {
    let Scratch {
        chars,
        classes,
        surnames,
        words,
        word_of,
        wpos,
        widx,
        rule,
        rule_label,
        char_table,
        org_ahead,
        place_ahead,
    } = scratch;
    let text = sent.text;
    let cap = text.len() / 3 + 1;
    let mut offsets: Vec<usize> = Vec::with_capacity(cap + 1);
    // Each character, its class, and whether it is a surname; the
    // characters and classes with the stand-ins of the places before the
    // start and after the end around them.
    chars.clear();
    classes.clear();
    surnames.clear();
    chars.extend([u64::from(BOS); 2]);
    classes.push(0);
    for (i, ch) in text.char_indices() {
        let c = norm_char(ch);
        offsets.push(i);
        chars.push(u64::from(c));
        classes.push(class(u32::from(c)));
        surnames.push(u64::from(lex.is_surname_char(c)));
    }
    chars.extend([u64::from(EOS); 2]);
    classes.push(0);
    let n = offsets.len();
    offsets.push(text.len());
    let char_at = char_index(text, &offsets, char_table);

    // Words, and each character's word and place in it (B M E S; 4: none).
    words.clear();
    reset(word_of, usize::MAX, n);
    reset(wpos, 4, n);
    // Each character's index in its word.
    reset(widx, 0, n);
    for t in &sent.toks {
        let w = t.word;
        // As `w.trim().is_empty()`, stopping at the first character that
        // is not whitespace (a word's first, nearly always).
        if w.chars().all(char::is_whitespace) {
            continue;
        }
        let (a, b) = (char_at(t.start), char_at(t.end).min(n));
        if a >= b {
            continue;
        }
        let k = words.len();
        let len = b - a;
        words.push(Word {
            org_suffix: lex.org_suffix_of(w).map_or(0, hash_str),
            place_suffix: lex.place_suffix_of(w).map_or(0, hash_str),
            pos: hash_str(t.pos),
            word: hash_str(w),
            // The sentence's `known` is jieba's answer for words with an
            // ideograph; others are asked here (rare).
            known: u64::from(
                len < 2
                    || if w.chars().any(super::super::is_cjk) {
                        t.known
                    } else {
                        sent.dict.has_word(w)
                    },
            ),
            lists: lists_mask(t.entry),
            len: len.min(5) as u64,
            org_role: org_role(w, lex),
            chars: len,
            place: u64::from(
                t.pos == "ns"
                    || t.entry.lists.has(List::Place)
                    || t.entry.lists.has(List::MajorPlace),
            ),
        });
        for (j, slot) in (a..b).enumerate() {
            word_of[slot] = k;
            widx[slot] = j;
            wpos[slot] = match (len, j) {
                (1, _) => 3,
                (_, 0) => 0,
                (_, j) if j + 1 == len => 2,
                _ => 1,
            };
        }
    }
    // The rule entity over each character: label, place (B I E S), source.
    reset(rule, 0, n);
    // (Padded: character `j`'s at `j + 1`.)
    reset(rule_label, 0, n + 2);
    rule_label[0] = 99;
    rule_label[n + 1] = 99;
    for e in rules {
        let (a, b) = (char_at(e.start), char_at(e.end).min(n));
        let label = match e.label {
            Label::Per => 1,
            Label::Org => 2,
            Label::Loc => 3,
            Label::Work => 4,
        };
        let source = match e.source {
            Source::Rule => 0,
            Source::Dictionary => 1,
            Source::Pos => 2,
            Source::Model => 3,
        };
        for j in a..b {
            let place = match (b - a, j - a) {
                (1, _) => 3,
                (_, 0) => 0,
                (len, k) if k + 1 == len => 2,
                _ => 1,
            };
            // WORK spans contain other entities: the inner one wins.
            if rule[j] == 0 || label != 4 {
                rule[j] = 1 + label * 16 + place * 4 + source;
                rule_label[j + 1] = label * 4 + place;
            }
        }
    }
    drop(char_at);

    let none = Word {
        org_suffix: 0,
        place_suffix: 0,
        pos: 1,
        word: 1,
        known: 2,
        lists: 0,
        len: 0,
        org_role: 0,
        chars: 0,
        place: 0,
    };
    let word = |k: usize| words.get(k).unwrap_or(&none);
    let shift = 64 - bits;
    // For each word: how many words ahead (0: this one) the nearest word
    // ending in an organisation or a place suffix is (up to 5; else 9),
    // and which suffix: from the last word back, each word's the next
    // one's one further unless it has a suffix itself.
    let ahead = |get: fn(&Word) -> u64, out: &mut Vec<(u64, u64)>| {
        reset(out, (9, 0), words.len());
        let mut near = (9, 0);
        for (slot, w) in out.iter_mut().zip(words.iter()).rev() {
            near = match get(w) {
                0 if near.0 < 5 => (near.0 + 1, near.1),
                0 => (9, 0),
                s => (0, s),
            };
            *slot = near;
        }
    };
    ahead(|w| w.org_suffix, org_ahead);
    ahead(|w| w.place_suffix, place_ahead);
    let mut ids = Vec::with_capacity(n * PER_CHAR);
    let per_char = chars
        .array_windows::<5>()
        .zip(classes.array_windows::<3>())
        .zip(rule_label.array_windows::<3>())
        .zip(word_of.iter().zip(wpos.iter()).zip(widx.iter()))
        .zip(rule.iter().zip(surnames.iter()));
    for ((((c, cl), rls), ((&wk, &p), &j)), (&rule_i, &surname)) in per_char {
        let &[cm2, cm1, c0, c1, c2] = c;
        let &[rl_prev, rl, rl_next] = rls;
        let w = word(wk);
        let (prev, next, next2) = if wk == usize::MAX {
            (&none, &none, &none)
        } else {
            (
                wk.checked_sub(1).map_or(&none, word),
                word(wk.wrapping_add(1)),
                word(wk.wrapping_add(2)),
            )
        };
        let (org_d, org_s) = org_ahead.get(wk).copied().unwrap_or((9, 0));
        let (place_d, place_s) = place_ahead.get(wk).copied().unwrap_or((9, 0));
        // In an organisation-and-role word: which part, and the place in
        // it (B I E S), by the organisation's length.
        let split = if w.org_role > 0 {
            let (len, o) = (w.chars, w.org_role);
            let part_pos = |k: usize, l: usize| match (l, k) {
                (1, _) => 3,
                (_, 0) => 0,
                (l, k) if k + 1 == l => 2,
                _ => 1,
            };
            if j < o {
                1 + part_pos(j, o)
            } else {
                8 + part_pos(j - o, len.saturating_sub(o))
            }
        } else {
            0
        };
        // Each feature's id kept as soon as it is hashed (written out per
        // template, so that the requests `each` makes are spread among the
        // hashing that follows).
        let mut k = |h: u64| each(id(h, shift));
        let this: [u32; PER_CHAR] = [
            k(h!(0)),
            k(h!(1; cm2)),
            k(h!(2; cm1)),
            k(h!(3; c0)),
            k(h!(4; c1)),
            k(h!(5; c2)),
            k(h!(6; cm2, cm1)),
            k(h!(7; cm1, c0)),
            k(h!(8; c0, c1)),
            k(h!(9; c1, c2)),
            k(h!(10; cm1, c1)),
            k(h!(11; cl[0], cl[1], cl[2])),
            k(h!(12; p, w.pos)),
            k(h!(13; p, w.word)),
            k(h!(14; p, prev.pos, w.pos)),
            k(h!(15; p, w.pos, next.pos)),
            k(h!(16; p, prev.word)),
            k(h!(17; p, next.word)),
            k(h!(18; rule_i)),
            k(h!(19; rl, c0)),
            k(h!(20; p, c0)),
            k(h!(21; p, w.known, w.pos, w.len)),
            k(h!(22; p, w.lists)),
            k(h!(23; p, prev.lists, next.lists)),
            k(h!(24; surname, p, w.len)),
            k(h!(25; rl, rl_prev, rl_next)),
            k(h!(26; cm1, c0, c1)),
            k(h!(27; p, prev.word, w.word)),
            k(h!(28; p, w.word, next.word)),
            k(h!(29; p, w.pos, next.pos, next2.pos)),
            k(h!(30; p, org_d, org_s)),
            k(h!(31; p, place_d, place_s, w.pos)),
            k(h!(32; split, w.org_role as u64, c0)),
            // A name going on from a place to an organisation suffix
            // (北京 | 第一 | 中级 | 人民法院).
            k(h!(33; p, prev.place, w.place, org_d)),
        ];
        on_char(&ids, &this);
        ids.extend_from_slice(&this);
    }
    SentenceFeatures { ids, offsets }
}

/// For each byte offset of `text` (up to its length), the index of the
/// first character starting at or after it (`offsets` are the characters'
/// starts, then the end): a table in place of a binary search per word.
fn char_index<'a>(
    text: &str,
    offsets: &'a [usize],
    table: &'a mut Vec<u32>,
) -> impl Fn(usize) -> usize + 'a {
    reset(table, 0, text.len() + 1);
    for (k, w) in offsets.windows(2).enumerate() {
        table[w[0]] = k as u32;
        for slot in &mut table[w[0] + 1..w[1]] {
            *slot = k as u32 + 1;
        }
    }
    let n = offsets.len().saturating_sub(1);
    table[text.len()] = n as u32;
    let table = &*table;
    move |b: usize| {
        table
            .get(b)
            .map_or_else(|| offsets.partition_point(|&o| o < b), |&k| k as usize)
    }
}

/// `v` as `n` copies of `x`, in the memory it has.
fn reset<T: Copy>(v: &mut Vec<T>, x: T, n: usize) {
    v.clear();
    v.resize(n, x);
}
