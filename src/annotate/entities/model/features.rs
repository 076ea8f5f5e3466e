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
pub fn norm_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    // The common cases without the normaliser's tables: ideographs are
    // their own NFKC form, the full-width forms of ASCII map onto it.
    if matches!(c, '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}') {
        return c;
    }
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
fn class(c: u32) -> u64 {
    match char::from_u32(c) {
        None => 0,
        Some(c) if c.is_ascii_digit() => 1,
        Some(c) if c.is_ascii_alphabetic() => 2,
        Some(c) if super::super::is_cjk(c) => {
            // Chinese numerals (零〇一二两 … 十百千万亿).
            if crate::annotate::quantities::numerals::is_cn_numeral(c) {
                3
            } else {
                4
            }
        }
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
    extract_with(sent, rules, lex, bits, |_| {})
}

/// The per-sentence working tables of [`extract_with`], kept per thread
/// and reused from one sentence to the next (cleared, not freed).
#[derive(Default)]
struct Scratch {
    chars: Vec<u32>,
    classes: Vec<u64>,
    surnames: Vec<u64>,
    words: Vec<Word>,
    word_of: Vec<usize>,
    wpos: Vec<u64>,
    widx: Vec<usize>,
    rule: Vec<u64>,
    rule_label: Vec<u64>,
    char_table: Vec<u32>,
    org_ahead: Vec<(u64, u64)>,
    place_ahead: Vec<(u64, u64)>,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
}

/// [`extract_sent`], calling `on_char` with each character's feature ids
/// as soon as they are known, which it may rewrite in place (the model
/// turns them into its rows there and asks for them, so that the rows
/// arrive while the next characters' features are computed).
pub(crate) fn extract_with(
    sent: &Sent<'_>,
    rules: &[Entity],
    lex: &Lexicon,
    bits: u32,
    on_char: impl FnMut(&mut [u32]),
) -> SentenceFeatures {
    SCRATCH.with(|s| match s.try_borrow_mut() {
        Ok(mut s) => extract_in(sent, rules, lex, bits, on_char, &mut s),
        // (Only if a hook extracted again from inside: fresh tables.)
        Err(_) => extract_in(sent, rules, lex, bits, on_char, &mut Scratch::default()),
    })
}

fn extract_in(
    sent: &Sent<'_>,
    rules: &[Entity],
    lex: &Lexicon,
    bits: u32,
    mut on_char: impl FnMut(&mut [u32]),
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
    // Each character, its class, and whether it is a surname.
    chars.clear();
    classes.clear();
    surnames.clear();
    for (i, ch) in text.char_indices() {
        let c = norm_char(ch);
        offsets.push(i);
        chars.push(u32::from(c));
        classes.push(class(u32::from(c)));
        surnames.push(u64::from(lex.is_surname_char(c)));
    }
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
    reset(rule_label, 0, n);
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
                rule_label[j] = label * 4 + place;
            }
        }
    }
    drop(char_at);

    let c = |i: isize| -> u64 {
        if i < 0 {
            u64::from(BOS)
        } else if i as usize >= n {
            u64::from(EOS)
        } else {
            u64::from(chars[i as usize])
        }
    };
    // The class of the character at `i` (0 before the start and after
    // the end, as `class` of the stand-ins).
    let cl = |i: isize| -> u64 {
        usize::try_from(i)
            .ok()
            .and_then(|i| classes.get(i))
            .copied()
            .unwrap_or(0)
    };
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
    // ending in an organisation or a place suffix is, and which suffix.
    let ahead = |get: fn(&Word) -> u64, out: &mut Vec<(u64, u64)>| {
        out.clear();
        out.extend((0..words.len()).map(|k| {
            (0..6)
                .find_map(|d| {
                    let s = words.get(k + d).map_or(0, get);
                    (s != 0).then_some((d as u64, s))
                })
                .unwrap_or((9, 0))
        }));
    };
    ahead(|w| w.org_suffix, org_ahead);
    ahead(|w| w.place_suffix, place_ahead);
    let mut ids = Vec::with_capacity(n * PER_CHAR);
    for i in 0..n {
        let ii = i as isize;
        let wk = word_of[i];
        let w = word(wk);
        let (prev, next) = if wk == usize::MAX {
            (&none, &none)
        } else {
            (
                wk.checked_sub(1).map_or(&none, word),
                word(wk.wrapping_add(1)),
            )
        };
        let p = wpos[i];
        let next2 = if wk == usize::MAX {
            &none
        } else {
            word(wk.wrapping_add(2))
        };
        let (org_d, org_s) = org_ahead.get(wk).copied().unwrap_or((9, 0));
        let (place_d, place_s) = place_ahead.get(wk).copied().unwrap_or((9, 0));
        let (cm2, cm1, c0, c1, c2) = (c(ii - 2), c(ii - 1), c(ii), c(ii + 1), c(ii + 2));
        let surname = surnames[i];
        // In an organisation-and-role word: which part, and the place in
        // it (B I E S), by the organisation's length.
        let split = if w.org_role > 0 {
            let (j, len, o) = (widx[i], w.chars, w.org_role);
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
        let rl = rule_label[i];
        let rl_prev = if i > 0 { rule_label[i - 1] } else { 99 };
        let rl_next = rule_label.get(i + 1).copied().unwrap_or(99);
        let hashes: [u64; PER_CHAR] = [
            h!(0),
            h!(1; cm2),
            h!(2; cm1),
            h!(3; c0),
            h!(4; c1),
            h!(5; c2),
            h!(6; cm2, cm1),
            h!(7; cm1, c0),
            h!(8; c0, c1),
            h!(9; c1, c2),
            h!(10; cm1, c1),
            h!(11; cl(ii - 1), cl(ii), cl(ii + 1)),
            h!(12; p, w.pos),
            h!(13; p, w.word),
            h!(14; p, prev.pos, w.pos),
            h!(15; p, w.pos, next.pos),
            h!(16; p, prev.word),
            h!(17; p, next.word),
            h!(18; rule[i]),
            h!(19; rl, c0),
            h!(20; p, c0),
            h!(21; p, w.known, w.pos, w.len),
            h!(22; p, w.lists),
            h!(23; p, prev.lists, next.lists),
            h!(24; surname, p, w.len),
            h!(25; rl, rl_prev, rl_next),
            h!(26; cm1, c0, c1),
            h!(27; p, prev.word, w.word),
            h!(28; p, w.word, next.word),
            h!(29; p, w.pos, next.pos, next2.pos),
            h!(30; p, org_d, org_s),
            h!(31; p, place_d, place_s, w.pos),
            h!(32; split, w.org_role as u64, c0),
            // A name going on from a place to an organisation suffix
            // (北京 | 第一 | 中级 | 人民法院).
            h!(33; p, prev.place, w.place, org_d),
        ];
        let from = ids.len();
        ids.extend(hashes.iter().map(|&h| id(h, shift)));
        on_char(&mut ids[from..]);
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
