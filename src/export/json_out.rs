//! The yuelan/1 JSON of an annotated document written by hand, in pieces
//! formatted side by side on rayon's pool and written in order.
//!
//! The bytes are serde_json's (its pretty or compact layout, keys sorted as
//! a `Value`'s map writes them, its string escapes and number formats;
//! tests/export_stream.rs compares them with the value tree), without a
//! serializer call per key: a 5 MB document is about a million tokens and
//! 150,000 annotations, 172 MB of pretty JSON.
//!
//! The big arrays (tokens, annotations, sentences, …) and the text are cut
//! into pieces of about a quarter of a megabyte of output. The pool formats
//! each piece as soon as it is a few pieces past the one being written
//! (`emit_ahead`), into buffers reused once written, so the memory held is
//! a few pieces, never the whole output.

use super::TokenStyle;
use crate::model::{Annotated, AttrValue, Attrs, Keyword, Keywords, Span, Token};
use serde_json::Value;
use std::io::Write;

/// An attrs value read in place from a cache entry, or borrowed from the
/// model to write one (the variants, in order, of the cache's own
/// `Value`, so that it encodes and decodes the same bytes).
#[derive(Debug, Clone, Copy, serde::Serialize, serde::Deserialize)]
pub enum AttrRef<'a> {
    Str(&'a str),
    UInt(u64),
    Int(i64),
    Float(f64),
    Bool(bool),
    Span(u64, u64),
    Json(&'a str),
}

/// An annotation read in place from a cache entry, as the model would
/// hold it once unpacked and restricted to the layers written.
#[derive(Debug, Clone, Copy)]
pub struct AnnotationRef<'a> {
    pub layer: crate::model::Layer,
    pub label: &'a str,
    /// The label's number in the keys (`label` is `keys[label_no]`).
    pub label_no: u32,
    pub span: Span,
    /// `(key number, value)` in key order (as [`Attrs`] keeps them).
    pub attrs: &'a [(u32, AttrRef<'a>)],
    /// The number of its attrs set (below [`Refs::sets`]) when other
    /// annotations written share it: rendered once, copied after.
    pub set: Option<u32>,
    /// Leave the `speaker_id` attr out (quotes written without the
    /// entities they point to).
    pub hide_speaker: bool,
}

impl<'a> AnnotationRef<'a> {
    /// The attrs written, as (key, value): the key numbers read in `keys`,
    /// `speaker_id` left out when it is hidden.
    fn shown_attrs<'k>(
        &self,
        keys: &'k [&'k str],
    ) -> impl Iterator<Item = (&'k str, &'a AttrRef<'a>)> + use<'a, 'k> {
        let hide = self.hide_speaker;
        self.attrs.iter().filter_map(move |(k, v)| {
            let key = keys.get(*k as usize).copied().unwrap_or_default();
            (!(hide && key == "speaker_id")).then_some((key, v))
        })
    }
}

/// The annotations and keywords of a document as a cache entry holds them,
/// written without building them into the model (the warm path of
/// `annotate DIR --format jsonl`): the same bytes as the model's. The
/// caller has checked that every key number is in `keys`, every span fits
/// the text and every `Json` value parses.
#[derive(Debug)]
pub struct Refs<'a> {
    pub keys: &'a [&'a str],
    /// How many attrs sets the annotations' `set` numbers count.
    pub sets: usize,
    pub annotations: Vec<AnnotationRef<'a>>,
    pub tokens: TokensRef<'a>,
    pub keywords: KeywordsRef<'a>,
}

/// Tokens as a cache entry packs them, in code points, a byte a token
/// each: per token the number of its tag in `pos` and its length (0: the
/// next of `long`); `gaps` the tokens, by number in order, that start
/// that far past the previous token's end (the others start at it).
/// Written only once [`TokensRef::fits`] says so.
#[derive(Debug, Clone, Copy)]
pub struct TokensRef<'a> {
    pub pos: &'a [&'a str],
    pub tags: &'a [u8],
    pub lens: &'a [u8],
    pub long: &'a [u32],
    pub gaps: &'a [(u32, u32)],
}

impl TokensRef<'_> {
    fn len(&self) -> usize {
        self.tags.len()
    }

    /// Whether the columns add up (as many lengths as tags, a long length
    /// for every 0, gaps at increasing token numbers), every tag is in
    /// `pos`, and the tokens end within a text of `chars` characters.
    pub(crate) fn fits(&self, chars: usize) -> bool {
        let n = self.tags.len();
        // The zero lengths and the lengths' sum by runs of `COUNT_RUN`,
        // each counted in one byte and summed in two (neither overflows):
        // loops of a few instructions per 16 bytes, where counting
        // straight into a `usize` widened every byte (19 instructions for
        // four lengths).
        let (mut zeros, mut short) = (0usize, 0u64);
        for run in self.lens.chunks(COUNT_RUN) {
            zeros += usize::from(
                run.iter()
                    .fold(0u8, |z, &l| z.wrapping_add(u8::from(l == 0))),
            );
            short += u64::from(run.iter().fold(0u16, |s, &l| s.wrapping_add(u16::from(l))));
        }
        let max_tag = self.tags.iter().fold(0, |m, &t| m.max(t));
        let in_order = self
            .gaps
            .iter()
            .try_fold(None, |prev: Option<u32>, &(k, _)| {
                (prev.is_none_or(|p| p < k) && (k as usize) < n).then_some(Some(k))
            })
            .is_some();
        let long: u64 = self.long.iter().map(|&l| u64::from(l)).sum();
        let gaps: u64 = self.gaps.iter().map(|&(_, g)| u64::from(g)).sum();
        self.lens.len() == n
            && zeros == self.long.len()
            && (n == 0 || (max_tag as usize) < self.pos.len())
            && in_order
            && short + long + gaps <= chars as u64
    }

    /// Each token's start and end in code points, and its tag's number.
    pub(crate) fn spans(&self) -> impl Iterator<Item = (usize, usize, usize)> + '_ {
        let mut walk = SpanWalk::new(self);
        self.tags.iter().zip(self.lens).map(move |(&tag, &len)| {
            let (start, end) = walk.next(len);
            (start, end, usize::from(tag))
        })
    }
}

/// Where a run of packed tokens starts: its first token's number, the
/// code point where the token before it ended, and the numbers of its
/// first long length and of the first gap at or after it.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct TokensAt {
    i: usize,
    at: usize,
    long: usize,
    gap: usize,
}

impl<'a> TokensRef<'a> {
    /// The tokens in runs of `n` (one when there are no more): each as
    /// packed tokens of its own (its columns; the long lengths and gaps
    /// from its first on) and where it starts. A walk over the tokens
    /// when there is more than one run.
    fn runs(&self, n: usize) -> Vec<(TokensRef<'a>, TokensAt)> {
        let n = n.max(1);
        let mut starts = vec![TokensAt::default()];
        if self.len() > n {
            let mut walk = SpanWalk::new(self);
            for (k, &len) in self.lens.iter().enumerate() {
                if k > 0 && k % n == 0 {
                    starts.push(walk.here(self));
                }
                walk.next(len);
            }
        }
        starts
            .iter()
            .map(|&from| {
                let to = (from.i + n).min(self.len());
                let run = TokensRef {
                    pos: self.pos,
                    tags: self.tags.get(from.i..to).unwrap_or_default(),
                    lens: self.lens.get(from.i..to).unwrap_or_default(),
                    long: self.long.get(from.long..).unwrap_or_default(),
                    gaps: self.gaps.get(from.gap..).unwrap_or_default(),
                };
                (run, from)
            })
            .collect()
    }
}

/// Packed tokens' offsets token by token: a length of 0 takes the next
/// long length, and a token with a gap starts that many code points after
/// the previous one's end.
struct SpanWalk<'a> {
    at: usize,
    i: usize,
    long: std::slice::Iter<'a, u32>,
    gaps: std::iter::Peekable<std::slice::Iter<'a, (u32, u32)>>,
}

impl<'a> SpanWalk<'a> {
    fn new(t: &TokensRef<'a>) -> Self {
        SpanWalk::starting(t, TokensAt::default())
    }

    /// The walk of a run of tokens (see [`TokensRef::runs`]): `t`'s long
    /// lengths and gaps are the run's and on, `from` where it starts.
    fn starting(t: &TokensRef<'a>, from: TokensAt) -> Self {
        SpanWalk {
            at: from.at,
            i: from.i,
            long: t.long.iter(),
            gaps: t.gaps.iter().peekable(),
        }
    }

    /// Where the next token starts its walk.
    fn here(&self, whole: &TokensRef) -> TokensAt {
        TokensAt {
            i: self.i,
            at: self.at,
            long: whole.long.len() - self.long.len(),
            gap: whole.gaps.len() - self.gaps.len(),
        }
    }

    /// The next token's start and end, given its packed length.
    #[inline(always)]
    fn next(&mut self, len: u8) -> (usize, usize) {
        let gap = match self.gaps.peek() {
            Some(&&(k, g)) if k as usize == self.i => {
                self.gaps.next();
                g as usize
            }
            _ => 0,
        };
        let len = match len {
            0 => self.long.next().map_or(0, |&l| l as usize),
            l => usize::from(l),
        };
        self.i += 1;
        let start = self.at + gap;
        self.at = start + len;
        (start, self.at)
    }
}

/// Keywords as a cache entry packs them, column by column: the lists
/// (the document's, then each section's) by their lengths; per keyword
/// its method's number in `methods`, its word's number in `table` and its
/// weight's length in `weights`, which holds the weights as [`write_f64`]
/// prints them one after another, followed by [`WEIGHT_ROOM`] bytes more.
/// The caller has checked that the columns add up, every method and word
/// number is in its table and the weights are numbers.
#[derive(Debug, Clone, Copy)]
pub struct KeywordsRef<'a> {
    pub methods: &'a [&'a str],
    pub lists: &'a [u32],
    pub method: &'a [u8],
    /// The distinct words.
    pub table: &'a [&'a str],
    pub word: &'a [u32],
    pub weight_lens: &'a [u8],
    /// ASCII: the weights are numbers.
    pub weights: &'a [u8],
}

/// The bytes [`KeywordsRef::weights`] holds past its last weight: each
/// weight of up to this many characters is copied as a block of this size
/// (no call to `memcpy`), the output cut to its length after.
pub const WEIGHT_ROOM: usize = 32;

/// A float as serde_json writes it (`null` when it is not finite): the
/// bytes [`Out`] writes for a weight or a float attr.
pub(crate) fn write_f64(o: &mut Vec<u8>, x: f64) {
    use serde_json::ser::Formatter;
    // Hundredths (confidences, round weights) without the float
    // formatter: `x` is the double nearest to k/100, so no shorter
    // decimal reads back as it (the hundredths near it are other
    // doubles) and its shortest digits are k's, trailing zero cut.
    let k = (x * 100.0).round();
    if x.is_sign_positive() && k <= 1e8 && k / 100.0 == x {
        let k = k as usize;
        uint_into(o, k / 100);
        let f = k % 100;
        if f.is_multiple_of(10) {
            o.extend_from_slice(&[b'.', b'0' + (f / 10) as u8]);
        } else {
            o.extend_from_slice(&[b'.', PAIRS[2 * f], PAIRS[2 * f + 1]]);
        }
        return;
    }
    if x.is_finite() {
        // serde_json's own float format.
        let _ = serde_json::ser::CompactFormatter.write_f64(o, x);
    } else {
        o.extend_from_slice(b"null");
    }
}

/// The digits of `n`: below 10,000 (ids, indexes, most offsets of a
/// news article) as one or two entries of [`LAST_TWO`], with no loop.
#[inline]
fn uint_into(o: &mut Vec<u8>, n: usize) {
    let (word, len) = match n {
        0..100 => last_two(n, 0),
        100..10_000 => {
            let (hw, hl) = last_two(n / 100, 0);
            let (lw, ll) = last_two(n % 100, 100);
            (hw | (lw << (8 * hl)), hl + ll)
        }
        _ => return uint_long(o, n),
    };
    word_into(o, word, len);
}

/// [`uint_into`] from 10,000 on (apart, so that the short numbers' path
/// keeps no registers for it).
#[cold]
#[inline(never)]
fn uint_long(o: &mut Vec<u8>, n: usize) {
    match digits(n) {
        Some((word, len)) => word_into(o, word, len),
        None => o.extend_from_slice(itoa::Buffer::new().format(n).as_bytes()),
    }
}

/// The digits of `r` below 100 from [`LAST_TWO`] (`off` 0: as a number
/// of its own; 100: after its hundreds, two digits), and their number.
#[inline(always)]
fn last_two(r: usize, off: usize) -> (u64, usize) {
    let t = LAST_TWO[(off + r) & 255];
    (u64::from(t & 0xffff), (t >> 16) as usize)
}

/// The first `len` bytes of `word` (the digits of [`digits`]): eight
/// bytes copied whole (no call to memcpy), then cut to their number.
#[inline(always)]
fn word_into(o: &mut Vec<u8>, word: u64, len: usize) {
    let at = o.len();
    o.extend_from_slice(&word.to_le_bytes());
    o.truncate(at + len);
}

/// The room of a [`Stage`]: twice the longest item it holds, so that
/// every write's offset, cut by [`STAGE_MASK`], leaves room for the write
/// and the compiler checks no bound.
const STAGE: usize = 512;
/// The offsets a [`Stage`] writes at: an item is at most this long (a
/// paragraph on one line with numbers below 10^8 is at most 128 bytes).
const STAGE_MASK: usize = 255;

/// One item of a list on one line (a sentence, a paragraph) built in a
/// fixed room: each literal and number one store at an offset cut by a
/// mask (no capacity check and no length written back between them), the
/// item then copied out at once. A number of nine digits or more marks
/// the item `long`: it is then written by the general writer instead.
struct Stage {
    buf: [u8; STAGE],
    n: usize,
    long: bool,
}

impl Stage {
    fn new() -> Stage {
        Stage {
            buf: [0; STAGE],
            n: 0,
            long: false,
        }
    }

    /// Empties the stage for the next item, with the comma before it
    /// unless it is the list's first.
    #[inline(always)]
    fn start(&mut self, first: bool) {
        self.buf[0] = b',';
        self.n = usize::from(!first);
        self.long = false;
    }

    /// A literal run (a constant: one or two stores).
    #[inline(always)]
    fn lit<const N: usize>(&mut self, run: &[u8; N]) {
        let at = self.n & STAGE_MASK;
        if let Some(d) = self.buf.get_mut(at..at + N) {
            d.copy_from_slice(run);
        }
        self.n = at + N;
    }

    /// `n` in decimal as [`uint_into`] writes it (below 10^8; from there
    /// the item is marked `long`).
    #[inline(always)]
    fn uint(&mut self, n: usize) {
        let (word, len) = match n {
            0..100 => last_two(n, 0),
            100..10_000 => {
                let (hw, hl) = last_two(n / 100, 0);
                let (lw, ll) = last_two(n % 100, 100);
                (hw | (lw << (8 * hl)), hl + ll)
            }
            _ => match digits(n) {
                Some(d) => d,
                None => {
                    self.long = true;
                    return;
                }
            },
        };
        let at = self.n & STAGE_MASK;
        if let Some(d) = self.buf.get_mut(at..at + 8) {
            d.copy_from_slice(&word.to_le_bytes());
        }
        self.n = at + (len & 15);
    }

    /// The item's bytes, `None` when it is `long`.
    #[inline(always)]
    fn bytes(&self) -> Option<&[u8]> {
        if self.long {
            return None;
        }
        self.buf.get(..self.n & STAGE_MASK)
    }
}

/// How the JSON is laid out and which characters are escaped.
#[derive(Clone, Copy)]
pub(crate) struct Layout {
    /// serde_json's pretty layout (two-space indent) or one line.
    pub pretty: bool,
    /// DEL, C1 controls and bidi overrides inside strings as `\uXXXX`
    /// (`crate::text::safe::json`), besides what JSON itself escapes.
    pub escape: bool,
}

impl Layout {
    /// One line, escaped: the JSON Lines of a document.
    pub(crate) const LINE: Layout = Layout {
        pretty: false,
        escape: true,
    };
}

/// Byte classes for string escaping: 0 written as it is, 1 escaped by JSON
/// (`"`, `\`, C0 controls), 2 the first byte of a character that terminal
/// escaping may write as `\uXXXX` (DEL, U+0080–U+009F, U+202A–U+202E,
/// U+2066–U+2069).
const CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 0x20 {
        t[i] = 1;
        i += 1;
    }
    t[b'"' as usize] = 1;
    t[b'\\' as usize] = 1;
    t[0x7f] = 2;
    t[0xc2] = 2;
    t[0xe2] = 2;
    t
};

const HEX: &[u8; 16] = b"0123456789abcdef";

/// The two digits of every number under 100.
const PAIRS: &[u8; 200] = b"\
    0001020304050607080910111213141516171819\
    2021222324252627282930313233343536373839\
    4041424344454647484950515253545556575859\
    6061626364656667686970717273747576777879\
    8081828384858687888990919293949596979899";

/// Writes the characters of `s` escaped as serde_json does (and, with
/// `escape`, the terminal-unsafe ones as `\uXXXX`), without quotes.
///
/// Plain bytes are skipped eight at a time (a word tested for any byte
/// that may need escaping) and copied in runs; only the few bytes a test
/// finds are looked at one by one.
///
/// Most strings are short (labels, keys, words, an annotation's text):
/// one of up to sixteen bytes with nothing to escape is found so in one
/// or two word tests and copied whole.
#[inline]
fn escaped(o: &mut Vec<u8>, s: &str, escape: bool) {
    let bytes = s.as_bytes();
    let n = bytes.len();
    let at = o.len();
    // A string of up to sixteen bytes with nothing to escape is written as
    // one or two words (copies of a constant size, no call to memcpy), the
    // buffer cut to its length after.
    match n {
        // Two words that overlap cover the string.
        8..=16 => {
            if let (Some(a), Some(b)) = (bytes.first_chunk::<8>(), bytes.last_chunk::<8>()) {
                let (a, b) = (u64::from_le_bytes(*a), u64::from_le_bytes(*b));
                if special(a, escape) | special(b, escape) == 0 {
                    o.extend_from_slice(&a.to_le_bytes());
                    o.truncate(at + n - 8);
                    o.extend_from_slice(&b.to_le_bytes());
                    return;
                }
            }
        }
        // Two halves that overlap: tested as one word, written as one
        // word with the second half at its place (the bytes they share
        // are the same).
        4..=7 => {
            if let (Some(a), Some(b)) = (bytes.first_chunk::<4>(), bytes.last_chunk::<4>()) {
                let (a, b) = (
                    u64::from(u32::from_le_bytes(*a)),
                    u64::from(u32::from_le_bytes(*b)),
                );
                if special(a | (b << 32), escape) == 0 {
                    o.extend_from_slice(&(a | (b << (8 * (n - 4)))).to_le_bytes());
                    o.truncate(at + n);
                    return;
                }
            }
        }
        // The first, middle and last bytes (all of them), padded with
        // spaces (which need no escaping) to a word.
        1..=3 => {
            let byte = |i: usize| u64::from(bytes.get(i).copied().unwrap_or(b' '));
            let w = 0x2020_2020_2000_0000 | byte(0) | (byte(n / 2) << 8) | (byte(n - 1) << 16);
            if special(w, escape) == 0 {
                o.extend_from_slice(&w.to_le_bytes());
                o.truncate(at + n);
                return;
            }
        }
        _ => {}
    }
    escaped_long(o, bytes, escape);
}

/// [`escaped`] of any string, by words then by bytes.
#[inline(never)]
fn escaped_long(o: &mut Vec<u8>, bytes: &[u8], escape: bool) {
    let mut run = 0;
    let mut i = 0;
    while i < bytes.len() {
        // The next byte that may need escaping: by words, then the tail
        // by the table.
        while let Some(w) = bytes[i..].first_chunk::<8>() {
            let m = special(u64::from_le_bytes(*w), escape);
            if m != 0 {
                i += (m.trailing_zeros() / 8) as usize;
                break;
            }
            i += 8;
        }
        if bytes.len() - i < 8 {
            while i < bytes.len() {
                match CLASS[bytes[i] as usize] {
                    0 => i += 1,
                    2 if !escape => i += 1,
                    _ => break,
                }
            }
            if i == bytes.len() {
                break;
            }
        }
        let b = bytes[i];
        if CLASS[b as usize] == 1 {
            o.extend_from_slice(&bytes[run..i]);
            match b {
                b'"' => o.extend_from_slice(b"\\\""),
                b'\\' => o.extend_from_slice(b"\\\\"),
                b'\n' => o.extend_from_slice(b"\\n"),
                b'\r' => o.extend_from_slice(b"\\r"),
                b'\t' => o.extend_from_slice(b"\\t"),
                0x08 => o.extend_from_slice(b"\\b"),
                0x0c => o.extend_from_slice(b"\\f"),
                _ => {
                    o.extend_from_slice(b"\\u00");
                    o.push(HEX[(b >> 4) as usize]);
                    o.push(HEX[(b & 0xf) as usize]);
                }
            }
            i += 1;
            run = i;
            continue;
        }
        // DEL, U+0080–U+009F (C2 80–9F), U+202A–U+202E (E2 80 AA–AE),
        // U+2066–U+2069 (E2 81 A6–A9); any other character starting with
        // C2 or E2 is written as it is.
        let (u, len) = match (b, bytes.get(i + 1).copied(), bytes.get(i + 2).copied()) {
            (0x7f, _, _) => (0x7f, 1),
            (0xc2, Some(c @ 0x80..=0x9f), _) => (u32::from(c), 2),
            (0xe2, Some(0x80), Some(c @ 0xaa..=0xae)) => (0x2000 | (u32::from(c) & 0x3f), 3),
            (0xe2, Some(0x81), Some(c @ 0xa6..=0xa9)) => (0x2040 | (u32::from(c) & 0x3f), 3),
            _ => {
                i += 1;
                continue;
            }
        };
        o.extend_from_slice(&bytes[run..i]);
        o.extend_from_slice(b"\\u");
        for shift in [12, 8, 4, 0] {
            o.push(HEX[((u >> shift) & 0xf) as usize]);
        }
        i += len;
        run = i;
    }
    o.extend_from_slice(&bytes[run..]);
}

/// The bytes of the word `w` (eight bytes of a string, the first the
/// lowest) that may need escaping, each as its top bit: `"`, `\`, C0
/// controls and, with `escape`, DEL and the lead bytes C2 and E2. Only
/// the lowest set bit is sure (a borrow may set bits above it).
#[inline(always)]
fn special(w: u64, escape: bool) -> u64 {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let zero = |x: u64| x.wrapping_sub(LO) & !x & HI;
    let below_space = w.wrapping_sub(LO * 0x20) & !w & HI;
    let m = below_space | zero(w ^ (LO * u64::from(b'\\')));
    if escape {
        // With bit 5 set in every byte, one test finds `"` (and 0x02, a
        // C0 control found anyway) and one both C2 and E2.
        let b5 = w | (LO * 0x20);
        m | zero(b5 ^ (LO * u64::from(b'"'))) | zero(b5 ^ (LO * 0xe2)) | zero(w ^ (LO * 0x7f))
    } else {
        m | zero(w ^ (LO * u64::from(b'"')))
    }
}

/// The decimal digits of `n` below 10^8 (offsets: a 5 MB text has 1.7
/// million characters), two at a time, the first in the lowest byte of
/// the word, and their number; `None` from 10^8. Built in a register
/// (bytes stored one by one and read back as a word would stall the
/// store).
#[inline(always)]
fn digits(n: usize) -> Option<(u64, usize)> {
    let len = match n {
        0..10 => 1,
        10..100 => 2,
        100..1000 => 3,
        1000..10_000 => 4,
        10_000..100_000 => 5,
        100_000..1_000_000 => 6,
        1_000_000..10_000_000 => 7,
        10_000_000..100_000_000 => 8,
        _ => return None,
    };
    let mut word = 0u64;
    let mut m = n;
    let mut i = len;
    while i >= 2 {
        let pair = 2 * (m % 100);
        m /= 100;
        i -= 2;
        let two = u16::from_le_bytes([PAIRS[pair], PAIRS[pair + 1]]);
        word |= u64::from(two) << (8 * i);
    }
    if i == 1 {
        word |= u64::from(b'0' + m as u8);
    }
    Some((word, len))
}

/// Code-point offsets of byte offsets: the count at every 64-byte block
/// and a bit a byte within the block, set where a character starts (no
/// index entry per character; an offset is a count of the bits below
/// it). The counts are `u32` (a document's text is at most 4 GB,
/// [`crate::read::MAX_TEXT`]): 1.5 MB for 7.8 MB of text, not 2.0.
///
/// A big text's index ([`COMPACT_FROM`] bytes or more) holds the counts
/// alone and a bit per block that has a mark: a block's bits are found
/// from the text when asked (a few words' arithmetic; it is read while
/// the rest of the document is held, at the writing's peak: on 7.8 MB,
/// 0.5 MB instead of 2.5).
pub(crate) struct CpIndex<'a> {
    text: &'a [u8],
    blocks: Vec<u32>,
    /// Per block, bit `i` set when its byte `i` starts a character
    /// (empty when `compact`).
    starts: Vec<u64>,
    /// Per block, bit `i` set when its byte `i` starts a character that
    /// [`escaped`] escapes (under `esc_mode`); empty when not made. When
    /// `compact`, bit `b % 64` of word `b / 64` set when block `b` has
    /// such a character.
    esc: Vec<u64>,
    /// The terminal escaping `esc` was made for (`None`: not made).
    esc_mode: Option<bool>,
    /// Whether the blocks' bits are found from the text (a big text).
    compact: bool,
}

/// Texts from this size get a compact [`CpIndex`] (1 MiB, as
/// [`crate::allocator::MIN_BYTES`]: a smaller one's index is small, and
/// its writing is not the process's peak).
const COMPACT_FROM: usize = 1 << 20;

/// Whether `b` starts a character (is not a UTF-8 continuation byte).
#[inline]
fn starts_char(b: u8) -> bool {
    (b as i8) >= -0x40
}

/// How many bytes [`char_count`] and [`TokensRef::fits`] count in one
/// byte: a multiple of 16 (no bytes left over past the vector loop) at
/// most 255.
const COUNT_RUN: usize = 240;

/// The number of characters in `s`: its bytes that start one, counted by
/// runs of [`COUNT_RUN`] in one byte (a compare and a subtraction per 16
/// bytes; [`starts_in`]'s popcount a word, with no `popcnt` in the
/// baseline x86-64 build, took ~44 instructions per 32 bytes).
pub(crate) fn char_count(s: &str) -> usize {
    s.as_bytes()
        .chunks(COUNT_RUN)
        .map(|run| {
            let n = run
                .iter()
                .fold(0u8, |n, &b| n.wrapping_add(u8::from(starts_char(b))));
            usize::from(n)
        })
        .sum()
}

/// How many bytes of `bytes` start a character: eight at a time, the
/// continuation bytes (`10xxxxxx`) of a word counted as its set bits.
#[inline]
fn starts_in(bytes: &[u8]) -> usize {
    let mut words = bytes.chunks_exact(8);
    let mut cont = 0;
    for w in words.by_ref() {
        if let Ok(w) = <[u8; 8]>::try_from(w) {
            let w = u64::from_le_bytes(w);
            cont += (w & !(w << 1) & 0x8080_8080_8080_8080).count_ones() as usize;
        }
    }
    let tail = words.remainder();
    bytes.len() - tail.len() - cont + tail.iter().filter(|&&b| starts_char(b)).count()
}

/// The bits of a block's bytes that start a character (bit `i` for
/// byte `i`; each byte's top bit gathered into one byte by a
/// multiplication), and a bit for each byte [`special`] marks (a superset
/// of the bytes that start a character [`escaped`] escapes).
#[inline]
fn start_and_special_bits(block: &[u8], escape: bool) -> (u64, u64) {
    block_bits::<true>(block, escape)
}

/// The bits of a block's bytes that start a character, as
/// [`start_and_special_bits`] finds them.
#[inline]
fn start_bits(block: &[u8]) -> u64 {
    block_bits::<false>(block, false).0
}

/// [`start_and_special_bits`], the special bytes' bits only when
/// `SPECIAL` (else 0, and not looked for).
#[inline(always)]
fn block_bits<const SPECIAL: bool>(block: &[u8], escape: bool) -> (u64, u64) {
    const HI: u64 = 0x8080_8080_8080_8080;
    const GATHER: u64 = 0x0002_0408_1020_4081;
    let (mut bits, mut maybe) = (0u64, 0u64);
    let mut words = block.chunks_exact(8);
    let mut shift = 0;
    for w in words.by_ref() {
        if let Ok(w) = <[u8; 8]>::try_from(w) {
            let w = u64::from_le_bytes(w);
            let starts = !(w & !(w << 1)) & HI;
            bits |= (starts.wrapping_mul(GATHER) >> 56) << shift;
            if SPECIAL {
                let sp = special(w, escape);
                if sp != 0 {
                    maybe |= (sp.wrapping_mul(GATHER) >> 56) << shift;
                }
            }
        }
        shift += 8;
    }
    for (i, &b) in words.remainder().iter().enumerate() {
        bits |= u64::from(starts_char(b)) << (shift + i);
        if SPECIAL {
            let class = CLASS[b as usize];
            maybe |= u64::from(class == 1 || (class == 2 && escape)) << (shift + i);
        }
    }
    (bits, maybe)
}

/// Of `maybe` (the bits [`start_and_special_bits`] marks in block `b` of
/// `text`), those whose character [`escaped`] escapes: the word test's
/// marks are a superset (bytes that share a lead byte with an escaped
/// character, a borrow's false marks).
#[inline]
fn sure_marks(text: &[u8], b: usize, mut maybe: u64, escape: bool) -> u64 {
    let mut sure = 0u64;
    while maybe != 0 {
        let i = maybe.trailing_zeros() as usize;
        maybe &= maybe - 1;
        if escape_at(text, 64 * b + i, escape).is_some() {
            sure |= 1 << i;
        }
    }
    sure
}

/// Whether `start..end` of `text` is a range of whole characters.
#[inline]
fn is_char_range(text: &[u8], start: usize, end: usize) -> bool {
    let at = |i: usize| i == text.len() || text.get(i).is_some_and(|&b| starts_char(b));
    start <= end && at(start) && at(end)
}

/// The character at byte `i` of `bytes` as [`escaped`] writes it: its
/// code point (below U+0080: the byte) and its length in bytes when it
/// is escaped, `None` when it is written as it is.
#[inline]
fn escape_at(bytes: &[u8], i: usize, escape: bool) -> Option<(u32, usize)> {
    let b = *bytes.get(i)?;
    if CLASS[b as usize] == 1 {
        return Some((u32::from(b), 1));
    }
    if !escape {
        return None;
    }
    // As `escaped_long`: DEL, U+0080–U+009F, U+202A–U+202E, U+2066–U+2069.
    match (b, bytes.get(i + 1).copied(), bytes.get(i + 2).copied()) {
        (0x7f, _, _) => Some((0x7f, 1)),
        (0xc2, Some(c @ 0x80..=0x9f), _) => Some((u32::from(c), 2)),
        (0xe2, Some(0x80), Some(c @ 0xaa..=0xae)) => Some((0x2000 | (u32::from(c) & 0x3f), 3)),
        (0xe2, Some(0x81), Some(c @ 0xa6..=0xa9)) => Some((0x2040 | (u32::from(c) & 0x3f), 3)),
        _ => None,
    }
}

/// The escape of code point `u` (one [`escape_at`] found), as
/// `escaped_long` writes it.
#[inline]
fn write_escape(o: &mut Vec<u8>, u: u32) {
    match u {
        0x22 => o.extend_from_slice(b"\\\""),
        0x5c => o.extend_from_slice(b"\\\\"),
        0x0a => o.extend_from_slice(b"\\n"),
        0x0d => o.extend_from_slice(b"\\r"),
        0x09 => o.extend_from_slice(b"\\t"),
        0x08 => o.extend_from_slice(b"\\b"),
        0x0c => o.extend_from_slice(b"\\f"),
        _ => {
            o.extend_from_slice(b"\\u");
            for shift in [12, 8, 4, 0] {
                o.push(HEX[((u >> shift) & 0xf) as usize]);
            }
        }
    }
}

impl<'a> CpIndex<'a> {
    /// The index of `text`, with the characters [`escaped`] escapes
    /// (with terminal escaping `escape`) marked in the same pass: any
    /// stretch of the text is then written escaped by a plain copy when
    /// it holds no mark ([`CpIndex::escaped_into`]). A document's text,
    /// its annotations' texts and its headings are all stretches of it:
    /// the text is scanned once, not once for the whole and again for
    /// each stretch.
    pub(crate) fn escaping(text: &'a str, escape: bool) -> CpIndex<'a> {
        CpIndex::made(text, escape, text.len() >= COMPACT_FROM)
    }

    /// [`CpIndex::escaping`], compact or not.
    fn made(text: &'a str, escape: bool, compact: bool) -> CpIndex<'a> {
        let text = text.as_bytes();
        let n_blocks = text.len() / 64 + 1;
        let mut blocks = Vec::with_capacity(n_blocks + 1);
        let (mut starts, mut esc) = if compact {
            (Vec::new(), Vec::with_capacity(n_blocks / 64 + 1))
        } else {
            (Vec::with_capacity(n_blocks), Vec::with_capacity(n_blocks))
        };
        let mut n = 0u32;
        for (b, block) in text.chunks(64).enumerate() {
            blocks.push(n);
            let (bits, maybe) = start_and_special_bits(block, escape);
            // Not past u32::MAX: texts over 4 GB are refused when read.
            n = n.saturating_add(bits.count_ones());
            let sure = sure_marks(text, b, maybe, escape);
            if !compact {
                starts.push(bits);
                esc.push(sure);
                continue;
            }
            if b % 64 == 0 {
                esc.push(0);
            }
            if let Some(w) = esc.last_mut() {
                *w |= u64::from(sure != 0) << (b % 64);
            }
        }
        blocks.push(n);
        CpIndex {
            text,
            blocks,
            starts,
            esc,
            esc_mode: Some(escape),
            compact,
        }
    }

    /// The start bits of block `b` ([`start_bits`]).
    #[inline]
    fn starts_of(&self, b: usize) -> u64 {
        if !self.compact {
            return self.starts.get(b).copied().unwrap_or(0);
        }
        let from = 64 * b;
        let to = (from + 64).min(self.text.len());
        self.text.get(from..to).map_or(0, start_bits)
    }

    /// The escape marks of block `b` (none past the end or when not made).
    #[inline]
    fn marks_of(&self, b: usize) -> u64 {
        if !self.compact {
            return self.esc.get(b).copied().unwrap_or(0);
        }
        let (Some(escape), true) = (self.esc_mode, self.marked(b)) else {
            return 0;
        };
        let from = 64 * b;
        let to = (from + 64).min(self.text.len());
        let Some(block) = self.text.get(from..to) else {
            return 0;
        };
        sure_marks(
            self.text,
            b,
            start_and_special_bits(block, escape).1,
            escape,
        )
    }

    /// Whether block `b` has a mark (`compact`: its bit).
    #[inline]
    fn marked(&self, b: usize) -> bool {
        if !self.compact {
            return self.esc.get(b).is_some_and(|&m| m != 0);
        }
        self.esc
            .get(b / 64)
            .is_some_and(|&w| (w >> (b % 64)) & 1 == 1)
    }

    /// Whether no character of `text[start..end]` is marked as escaped
    /// (`false` when the marks were not made for `escape`; compact: when
    /// a block of it has a mark).
    #[inline]
    fn plain(&self, start: usize, end: usize, escape: bool) -> bool {
        if self.esc_mode != Some(escape) || start >= end {
            return self.esc_mode == Some(escape);
        }
        let (first, last) = (start / 64, (end - 1) / 64);
        if first >= self.blocks.len().saturating_sub(1) || last >= self.blocks.len() - 1 {
            return false;
        }
        if self.compact {
            // A block with a mark: written by the marks (found once).
            return !(first..=last).any(|b| self.marked(b));
        }
        let low = !0u64 << (start % 64);
        let high = !0u64 >> (63 - (end - 1) % 64);
        if first == last {
            return self.marks_of(first) & low & high == 0;
        }
        if (first + 1..last).any(|b| self.marked(b)) {
            return false;
        }
        self.marks_of(first) & low == 0 && self.marks_of(last) & high == 0
    }

    /// `text[start..end]` (nothing when it is not one; the text this
    /// index was made of) escaped as [`escaped`] writes it: copied as it
    /// is when no character of it is marked, else each marked character
    /// escaped and the runs between copied.
    #[inline]
    pub(crate) fn escaped_into(&self, o: &mut Vec<u8>, start: usize, end: usize, escape: bool) {
        let Some(s) = self.text.get(start..end) else {
            return;
        };
        if !is_char_range(self.text, start, end) {
            return;
        }
        if self.plain(start, end, escape) {
            o.extend_from_slice(s);
        } else if self.esc_mode == Some(escape) {
            self.marked_into(o, start, end, escape);
        } else {
            escaped_long(o, s, escape);
        }
    }

    /// [`CpIndex::escaped_into`] by the marks, block by block.
    fn marked_into(&self, o: &mut Vec<u8>, start: usize, end: usize, escape: bool) {
        let text = self.text;
        let mut run = start;
        let mut b = start / 64;
        while 64 * b < end {
            let mut m = self.marks_of(b);
            if b == start / 64 {
                m &= !0u64 << (start % 64);
            }
            while m != 0 {
                let i = 64 * b + m.trailing_zeros() as usize;
                m &= m - 1;
                if i >= end {
                    break;
                }
                if let Some((u, len)) = escape_at(text, i, escape) {
                    o.extend_from_slice(text.get(run..i).unwrap_or_default());
                    write_escape(o, u);
                    run = i + len;
                }
            }
            b += 1;
        }
        o.extend_from_slice(text.get(run..end).unwrap_or_default());
    }

    /// Number of code points in the text.
    pub(crate) fn char_len(&self) -> usize {
        self.blocks.last().map_or(0, |&n| n as usize)
    }

    /// As [`crate::model::CharIndex::to_cp`]: a byte offset inside a
    /// character maps to that character, past the end to the length.
    #[inline]
    pub(crate) fn to_cp(&self, byte: usize) -> usize {
        let byte = byte.min(self.text.len());
        let block = byte / 64;
        let bits = self.starts_of(block);
        let below = bits & ((1u64 << (byte % 64)) - 1);
        let n = self.blocks.get(block).map_or(0, |&n| n as usize) + below.count_ones() as usize;
        // Inside a character (a byte of the text that starts none).
        if byte < self.text.len() && (bits >> (byte % 64)) & 1 == 0 {
            n.saturating_sub(1)
        } else {
            n
        }
    }
}

/// Code-point offsets of byte offsets that mostly come in order (tokens):
/// counted on from the last one.
struct Cursor<'a, 'b> {
    idx: &'b CpIndex<'a>,
    byte: usize,
    cp: usize,
}

impl<'a, 'b> Cursor<'a, 'b> {
    fn new(idx: &'b CpIndex<'a>) -> Cursor<'a, 'b> {
        Cursor {
            idx,
            byte: 0,
            cp: 0,
        }
    }

    #[inline]
    fn at(&mut self, byte: usize) -> usize {
        let text = self.idx.text;
        if byte < self.byte
            || byte >= text.len()
            || !starts_char(text[byte])
            || byte - self.byte > 256
        {
            let cp = self.idx.to_cp(byte);
            if byte < text.len() && starts_char(text[byte]) {
                self.byte = byte;
                self.cp = cp;
            }
            return cp;
        }
        self.cp += starts_in(&text[self.byte..byte]);
        self.byte = byte;
        self.cp
    }
}

/// A writer of one piece of the output: the layout and the buffer.
struct Out<'o> {
    o: &'o mut Vec<u8>,
    l: Layout,
}

impl Out<'_> {
    #[inline(always)]
    fn raw(&mut self, b: &[u8]) {
        self.o.extend_from_slice(b);
    }

    /// A line break and the indent of `depth` (pretty only).
    #[inline(always)]
    fn nl(&mut self, depth: usize) {
        if self.l.pretty {
            // Sixteen bytes copied whole (no call to memcpy), then cut.
            const SPACES: &[u8; 16] = b"\n               ";
            let n = 1 + 2 * depth;
            let len = self.o.len();
            if n <= SPACES.len() {
                self.o.extend_from_slice(SPACES);
                self.o.truncate(len + n);
            } else {
                self.o.push(b'\n');
                self.o.resize(len + n, b' ');
            }
        }
    }

    /// `,` unless first, then the line and indent of an item at `depth`.
    #[inline(always)]
    fn item(&mut self, depth: usize, first: bool) {
        if !first {
            self.o.push(b',');
        }
        self.nl(depth);
    }

    /// One of the schema's keys (plain ASCII, written as it is) at `depth`
    /// (`first`: no comma before it).
    #[inline(always)]
    fn key(&mut self, depth: usize, first: bool, k: &'static str) {
        self.item(depth, first);
        self.o.push(b'"');
        self.o.extend_from_slice(k.as_bytes());
        self.o
            .extend_from_slice(if self.l.pretty { b"\": " } else { b"\":" });
    }

    /// A key from the data (attrs, JSON values), escaped as needed.
    fn data_key(&mut self, depth: usize, first: bool, k: &str) {
        self.item(depth, first);
        self.o.push(b'"');
        escaped(self.o, k, self.l.escape);
        self.o
            .extend_from_slice(if self.l.pretty { b"\": " } else { b"\":" });
    }

    /// The end of an object or array whose items were at `depth + 1`.
    #[inline(always)]
    fn close(&mut self, depth: usize, empty: bool, bracket: u8) {
        if !empty {
            self.nl(depth);
        }
        self.o.push(bracket);
    }

    #[inline]
    fn uint(&mut self, n: usize) {
        uint_into(self.o, n);
    }

    /// The first `len` bytes of `word` (the digits of [`digits`]): eight
    /// bytes copied whole (no call to memcpy), then cut to their number.
    #[inline(always)]
    fn word(&mut self, word: u64, len: usize) {
        word_into(self.o, word, len);
    }

    #[inline]
    fn str(&mut self, s: &str) {
        self.o.push(b'"');
        escaped(self.o, s, self.l.escape);
        self.o.push(b'"');
    }

    /// `text[start..end]` of the document `idx` indexes, as a string
    /// (as [`Out::str`] of it; `""` when it is not a stretch of whole
    /// characters).
    #[inline]
    fn text_str(&mut self, start: usize, end: usize, idx: &CpIndex) {
        self.o.push(b'"');
        idx.escaped_into(self.o, start, end, self.l.escape);
        self.o.push(b'"');
    }

    /// An array of strings whose items are at `depth + 1`.
    fn str_array(&mut self, depth: usize, items: &[String]) {
        self.raw(b"[");
        for (i, s) in items.iter().enumerate() {
            self.item(depth + 1, i == 0);
            self.str(s);
        }
        self.close(depth, items.is_empty(), b']');
    }

    fn opt_str(&mut self, s: Option<&str>) {
        match s {
            Some(s) => self.str(s),
            None => self.raw(b"null"),
        }
    }

    #[inline]
    fn f64(&mut self, x: f64) {
        write_f64(self.o, x);
    }

    /// `[a, b]` of two numbers at `depth`.
    fn pair(&mut self, depth: usize, a: usize, b: usize) {
        self.raw(b"[");
        self.nl(depth + 1);
        self.uint(a);
        self.raw(b",");
        self.nl(depth + 1);
        self.uint(b);
        self.nl(depth);
        self.raw(b"]");
    }

    /// `{"end", "start"}` in code points, keys at `depth + 1`.
    fn cp_span(&mut self, depth: usize, start: usize, end: usize) {
        self.raw(b"{");
        self.key(depth + 1, true, "end");
        self.uint(end);
        self.key(depth + 1, false, "start");
        self.uint(start);
        self.close(depth, false, b'}');
    }

    /// `{"end", "start", "text"}` of a span, or `null`.
    fn span_text(&mut self, depth: usize, span: Option<Span>, idx: &CpIndex) {
        let Some(span) = span else {
            return self.raw(b"null");
        };
        self.raw(b"{");
        self.key(depth + 1, true, "end");
        self.uint(idx.to_cp(span.end));
        self.key(depth + 1, false, "start");
        self.uint(idx.to_cp(span.start));
        self.key(depth + 1, false, "text");
        self.text_str(span.start, span.end, idx);
        self.close(depth, false, b'}');
    }

    /// Any JSON value at `depth`, as serde_json writes it.
    fn value(&mut self, depth: usize, v: &Value) {
        match v {
            Value::Null => self.raw(b"null"),
            Value::Bool(b) => self.raw(if *b { b"true" } else { b"false" }),
            Value::Number(n) => {
                let _ = serde_json::to_writer(&mut *self.o, n);
            }
            Value::String(s) => self.str(s),
            Value::Array(a) => {
                self.raw(b"[");
                for (i, x) in a.iter().enumerate() {
                    self.item(depth + 1, i == 0);
                    self.value(depth + 1, x);
                }
                self.close(depth, a.is_empty(), b']');
            }
            Value::Object(m) => {
                self.raw(b"{");
                for (i, (k, x)) in m.iter().enumerate() {
                    self.data_key(depth + 1, i == 0, k);
                    self.value(depth + 1, x);
                }
                self.close(depth, m.is_empty(), b'}');
            }
        }
    }

    /// An annotation's attrs, spans in code points, at `depth`: each value
    /// written as [`Out::attr_ref`] writes one read in place.
    fn attrs(&mut self, depth: usize, attrs: &Attrs, idx: &CpIndex) {
        self.raw(b"{");
        let mut first = true;
        for (k, v) in attrs.values() {
            self.data_key(depth + 1, first, k);
            first = false;
            let value = match &*v {
                AttrValue::Json(j) => {
                    self.json_attr(depth + 1, j, idx);
                    continue;
                }
                AttrValue::Span { start, end } => AttrRef::Span(*start, *end),
                AttrValue::Str(s) => AttrRef::Str(s),
                AttrValue::UInt(n) => AttrRef::UInt(*n),
                AttrValue::Int(n) => AttrRef::Int(*n),
                AttrValue::Float(x) => AttrRef::Float(*x),
                AttrValue::Bool(b) => AttrRef::Bool(*b),
            };
            self.attr_ref(depth + 1, &value, idx);
        }
        self.close(depth, first, b'}');
    }

    /// A JSON attrs value: a span in code points when it is one.
    fn json_attr(&mut self, depth: usize, j: &Value, idx: &CpIndex) {
        match super::json::attr_span(j) {
            Some(span) => self.cp_span(depth, idx.to_cp(span.start), idx.to_cp(span.end)),
            None => self.value(depth, j),
        }
    }

    /// An annotation read in place, as `with_pieces` writes a model's
    /// (items at `depth + 1`).
    fn annotation_ref(
        &mut self,
        depth: usize,
        id: usize,
        a: &AnnotationRef,
        runs: &mut RefRuns,
        idx: &CpIndex,
    ) {
        if !self.l.pretty {
            return self.annotation_ref_line(id, a, runs, idx);
        }
        let keys = runs.names;
        self.raw(b"{");
        self.key(depth + 1, true, "attrs");
        self.raw(b"{");
        let mut first = true;
        for (key, v) in a.shown_attrs(keys) {
            self.data_key(depth + 2, first, key);
            first = false;
            self.attr_ref(depth + 2, v, idx);
        }
        self.close(depth + 1, first, b'}');
        self.key(depth + 1, false, "end");
        self.uint(idx.to_cp(a.span.end));
        self.key(depth + 1, false, "id");
        self.uint(id);
        self.key(depth + 1, false, "label");
        self.str(a.label);
        self.key(depth + 1, false, "layer");
        self.str(a.layer.name());
        self.key(depth + 1, false, "start");
        self.uint(idx.to_cp(a.span.start));
        self.key(depth + 1, false, "text");
        self.text_str(a.span.start, a.span.end, idx);
        self.close(depth, false, b'}');
    }

    /// [`Out::annotation_ref`] on one line: the same bytes, the runs
    /// between values written as literals, and those made of the
    /// document's keys (`"key":` of an attr, the label and the layer)
    /// made once a document ([`RefRuns`]).
    fn annotation_ref_line(
        &mut self,
        id: usize,
        a: &AnnotationRef,
        runs: &mut RefRuns,
        idx: &CpIndex,
    ) {
        let escape = self.l.escape;
        let keys = runs.names;
        self.raw(b"{\"attrs\":{");
        let cached = a.set.and_then(|n| runs.set(n));
        match cached {
            Some(bytes) => self.o.extend_from_slice(bytes),
            None => {
                let at = self.o.len();
                let mut first = true;
                for (k, v) in a.attrs {
                    if a.hide_speaker && keys.get(*k as usize).copied() == Some("speaker_id") {
                        continue;
                    }
                    if !first {
                        self.o.push(b',');
                    }
                    first = false;
                    self.raw(runs.key(*k));
                    self.attr_ref(2, v, idx);
                }
                if let Some(n) = a.set {
                    runs.keep_set(n, self.o.get(at..).unwrap_or_default());
                }
            }
        }
        self.raw(b"},\"end\":");
        self.uint(idx.to_cp(a.span.end));
        self.raw(b",\"id\":");
        self.uint(id);
        self.raw(runs.label_layer(a.label_no, a.label, a.layer, escape));
        self.uint(idx.to_cp(a.span.start));
        self.raw(b",\"text\":\"");
        idx.escaped_into(self.o, a.span.start, a.span.end, escape);
        self.raw(b"\"}");
    }

    /// An attrs value (read in place, or the model's through [`Out::attrs`]).
    fn attr_ref(&mut self, depth: usize, v: &AttrRef, idx: &CpIndex) {
        match *v {
            AttrRef::Span(start, end) => match (usize::try_from(start), usize::try_from(end)) {
                (Ok(s), Ok(e)) => self.cp_span(depth, idx.to_cp(s), idx.to_cp(e)),
                _ => {
                    self.raw(b"{");
                    self.key(depth + 1, true, "end");
                    self.raw(itoa::Buffer::new().format(end).as_bytes());
                    self.key(depth + 1, false, "start");
                    self.raw(itoa::Buffer::new().format(start).as_bytes());
                    self.close(depth, false, b'}');
                }
            },
            AttrRef::Json(j) => {
                let j: Value = serde_json::from_str(j).unwrap_or_default();
                self.json_attr(depth, &j, idx);
            }
            AttrRef::Str(s) => self.str(s),
            AttrRef::UInt(n) => self.raw(itoa::Buffer::new().format(n).as_bytes()),
            AttrRef::Int(n) => self.raw(itoa::Buffer::new().format(n).as_bytes()),
            AttrRef::Float(x) => self.f64(x),
            AttrRef::Bool(b) => self.raw(if b { b"true" } else { b"false" }),
        }
    }

    /// A list of the model's keywords (`list`, one of `all`'s) at `depth`.
    fn keywords(&mut self, depth: usize, all: &Keywords, list: &[Keyword]) {
        self.raw(b"[");
        if !self.l.pretty {
            // On one line: the runs between values as literals.
            let escape = self.l.escape;
            for (i, k) in list.iter().enumerate() {
                self.raw(if i == 0 {
                    b"{\"method\":\""
                } else {
                    b",{\"method\":\""
                });
                escaped(self.o, k.method.as_str(), escape);
                self.raw(b"\",\"weight\":");
                self.f64(k.weight);
                self.raw(b",\"word\":\"");
                escaped(self.o, all.word(k), escape);
                self.raw(b"\"}");
            }
            return self.raw(b"]");
        }
        for (i, k) in list.iter().enumerate() {
            self.item(depth + 1, i == 0);
            self.raw(b"{");
            self.key(depth + 2, true, "method");
            self.str(k.method.as_str());
            self.key(depth + 2, false, "weight");
            self.f64(k.weight);
            self.key(depth + 2, false, "word");
            self.str(all.word(k));
            self.close(depth + 1, false, b'}');
        }
        self.close(depth, list.is_empty(), b']');
    }
}

/// The runs of a document's one-line annotations made of its keys,
/// escaped once a document rather than once an annotation: each key's
/// `"key":` (the attrs' keys), and each label's run from the comma after
/// the id to the start's value (`,"label":"…","layer":"…","start":`)
/// for the layer it was last seen in.
struct RefRuns<'k> {
    /// The document's keys (labels, attrs keys).
    names: &'k [&'k str],
    bytes: Vec<u8>,
    /// Each key's `"key":` in `bytes`.
    keys: Vec<std::ops::Range<usize>>,
    /// Each key's label run in `bytes`, once made, and its layer.
    labels: Vec<Option<(crate::model::Layer, std::ops::Range<usize>)>>,
    /// Each shared attrs set's rendered members (between the braces) in
    /// `bytes`, once made.
    sets: Vec<Option<std::ops::Range<usize>>>,
}

impl<'k> RefRuns<'k> {
    fn new(keys: &'k [&'k str], sets: usize, escape: bool) -> RefRuns<'k> {
        let mut bytes = Vec::with_capacity(keys.iter().map(|k| k.len() + 3).sum::<usize>() + 256);
        let key_runs = keys
            .iter()
            .map(|k| {
                let at = bytes.len();
                bytes.push(b'"');
                escaped(&mut bytes, k, escape);
                bytes.extend_from_slice(b"\":");
                at..bytes.len()
            })
            .collect::<Vec<_>>();
        RefRuns {
            labels: vec![None; key_runs.len()],
            sets: vec![None; sets],
            names: keys,
            bytes,
            keys: key_runs,
        }
    }

    /// `"key":` of key number `k` (empty past the table: the caller
    /// checked every number).
    #[inline]
    fn key(&self, k: u32) -> &[u8] {
        self.keys
            .get(k as usize)
            .and_then(|r| self.bytes.get(r.clone()))
            .unwrap_or_default()
    }

    /// The rendered members of shared attrs set `n`, once kept.
    #[inline]
    fn set(&self, n: u32) -> Option<&[u8]> {
        let r = self.sets.get(n as usize)?.clone()?;
        self.bytes.get(r)
    }

    /// Keeps `bytes` as the rendered members of attrs set `n`.
    fn keep_set(&mut self, n: u32, bytes: &[u8]) {
        let at = self.bytes.len();
        if let Some(slot) = self.sets.get_mut(n as usize) {
            self.bytes.extend_from_slice(bytes);
            *slot = Some(at..self.bytes.len());
        }
    }

    /// `,"label":"…","layer":"…","start":` of the label `label` (key
    /// number `no`) in `layer`.
    #[inline]
    fn label_layer(
        &mut self,
        no: u32,
        label: &str,
        layer: crate::model::Layer,
        escape: bool,
    ) -> &[u8] {
        let slot = self.labels.get(no as usize).cloned().flatten();
        let range = match slot {
            Some((l, r)) if l == layer => r,
            _ => {
                let at = self.bytes.len();
                self.bytes.extend_from_slice(b",\"label\":\"");
                escaped(&mut self.bytes, label, escape);
                self.bytes.extend_from_slice(b"\",\"layer\":\"");
                escaped(&mut self.bytes, layer.name(), escape);
                self.bytes.extend_from_slice(b"\",\"start\":");
                let r = at..self.bytes.len();
                if let Some(s) = self.labels.get_mut(no as usize) {
                    *s = Some((layer, r.clone()));
                }
                r
            }
        };
        self.bytes.get(range).unwrap_or_default()
    }
}

/// One piece of the output, formatted into a buffer of its own.
type Piece<'a> = Box<dyn Fn(&mut Vec<u8>) + Send + Sync + 'a>;

/// The pieces of a document's JSON, in order; or, given a buffer
/// (`direct`), each formatted into it at once, nothing kept (a warm corpus
/// run renders thousands of small documents: a box per piece was a
/// fifth of its allocations).
struct Pieces<'a, 'o> {
    list: Vec<Piece<'a>>,
    l: Layout,
    direct: Option<&'o mut Vec<u8>>,
}

impl<'a> Pieces<'a, '_> {
    fn push(&mut self, f: impl Fn(&mut Out) + Send + Sync + 'a) {
        let l = self.l;
        match self.direct.as_deref_mut() {
            Some(o) => f(&mut Out { o, l }),
            None => self.list.push(Box::new(move |o| f(&mut Out { o, l }))),
        }
    }

    /// The items of `items` at `depth`, `per` items a piece (the array's
    /// brackets are the caller's).
    fn items<T: Sync>(
        &mut self,
        items: &'a [T],
        per: usize,
        depth: usize,
        f: impl Fn(&mut Out, usize, &T) + Send + Sync + Copy + 'a,
    ) {
        let per = per.max(1);
        for (c, chunk) in items.chunks(per).enumerate() {
            self.push(move |o| {
                for (j, x) in chunk.iter().enumerate() {
                    let i = c * per + j;
                    o.item(depth, i == 0);
                    f(o, i, x);
                }
            });
        }
    }

    /// [`Pieces::items`] with each item on one line built by `stage` in a
    /// [`Stage`] (the comma before it too) and copied out at once; an
    /// item the stage marks `long`, and every item of the pretty layout,
    /// is written by `f`, which writes the same bytes.
    fn lines<T: Sync>(
        &mut self,
        items: &'a [T],
        per: usize,
        depth: usize,
        stage: impl Fn(&mut Stage, usize, &T) + Send + Sync + Copy + 'a,
        f: impl Fn(&mut Out, usize, &T) + Send + Sync + Copy + 'a,
    ) {
        if self.l.pretty {
            return self.items(items, per, depth, f);
        }
        let per = per.max(1);
        for (c, chunk) in items.chunks(per).enumerate() {
            self.push(move |o| {
                let st = &mut Stage::new();
                for (j, x) in chunk.iter().enumerate() {
                    let i = c * per + j;
                    st.start(i == 0);
                    stage(st, i, x);
                    match st.bytes() {
                        Some(b) => o.raw(b),
                        None => {
                            o.item(depth, i == 0);
                            f(o, i, x);
                        }
                    }
                }
            });
        }
    }
}

/// A paragraph's kind as the schema names it.
fn block_kind(kind: crate::model::BlockKind) -> &'static str {
    use crate::model::BlockKind;
    match kind {
        BlockKind::Text => "text",
        BlockKind::Item => "item",
        BlockKind::Quote => "quote",
        BlockKind::Code => "code",
        BlockKind::Table => "table",
    }
}

impl Out<'_> {
    /// A paragraph on one line: the runs between values as literals (the
    /// pretty layout's bytes without the spacing; the kinds need no
    /// escaping).
    fn paragraph_line(&mut self, idx: &CpIndex, i: usize, para: &crate::model::Paragraph) {
        self.raw(b"{\"depth\":");
        self.uint(usize::from(para.depth));
        self.raw(b",\"end\":");
        self.uint(idx.to_cp(para.span.end));
        self.raw(b",\"index\":");
        self.uint(i);
        self.raw(b",\"kind\":\"");
        self.raw(block_kind(para.kind).as_bytes());
        self.raw(b"\",\"section\":");
        self.uint(para.section);
        self.raw(b",\"sentences\":[");
        self.uint(para.sentences.start);
        self.raw(b",");
        self.uint(para.sentences.end);
        self.raw(b"],\"start\":");
        self.uint(idx.to_cp(para.span.start));
        self.raw(b"}");
    }

    /// A sentence on one line: the runs between values as literals.
    fn sentence_line(&mut self, idx: &CpIndex, i: usize, s: &crate::model::Sentence) {
        self.raw(b"{\"end\":");
        self.uint(idx.to_cp(s.span.end));
        self.raw(b",\"index\":");
        self.uint(i);
        self.raw(b",\"paragraph\":");
        self.uint(s.paragraph);
        self.raw(b",\"start\":");
        self.uint(idx.to_cp(s.span.start));
        self.raw(b"}");
    }
}

/// [`Out::paragraph_line`] in a [`Stage`].
#[inline(always)]
fn paragraph_staged(st: &mut Stage, idx: &CpIndex, i: usize, para: &crate::model::Paragraph) {
    use crate::model::BlockKind;
    st.lit(b"{\"depth\":");
    st.uint(usize::from(para.depth));
    st.lit(b",\"end\":");
    st.uint(idx.to_cp(para.span.end));
    st.lit(b",\"index\":");
    st.uint(i);
    match para.kind {
        BlockKind::Text => st.lit(b",\"kind\":\"text\",\"section\":"),
        BlockKind::Item => st.lit(b",\"kind\":\"item\",\"section\":"),
        BlockKind::Quote => st.lit(b",\"kind\":\"quote\",\"section\":"),
        BlockKind::Code => st.lit(b",\"kind\":\"code\",\"section\":"),
        BlockKind::Table => st.lit(b",\"kind\":\"table\",\"section\":"),
    }
    st.uint(para.section);
    st.lit(b",\"sentences\":[");
    st.uint(para.sentences.start);
    st.lit(b",");
    st.uint(para.sentences.end);
    st.lit(b"],\"start\":");
    st.uint(idx.to_cp(para.span.start));
    st.lit(b"}");
}

/// [`Out::sentence_line`] in a [`Stage`].
#[inline(always)]
fn sentence_staged(st: &mut Stage, idx: &CpIndex, i: usize, s: &crate::model::Sentence) {
    st.lit(b"{\"end\":");
    st.uint(idx.to_cp(s.span.end));
    st.lit(b",\"index\":");
    st.uint(i);
    st.lit(b",\"paragraph\":");
    st.uint(s.paragraph);
    st.lit(b",\"start\":");
    st.uint(idx.to_cp(s.span.start));
    st.lit(b"}");
}

/// How many bytes of text a piece of the `text` string holds.
///
/// Pieces (this, [`TOKEN_PIECE`] and the items per piece of each list)
/// are about 64–128 KB of pretty JSON: [`emit`] holds up to
/// `AHEAD_PER_THREAD` × threads + 1 of them at once, each buffer grown
/// to its largest piece (at 256–512 KB a piece, ~3 MB more at the
/// command's peak on 7.8 MB).
const TEXT_PIECE: usize = 1 << 16;

/// Writes the annotated document to `w`: pretty or on one line, tokens as
/// `tokens` says, with `id` as a key when given. Nothing after the closing
/// brace. With `parallel`, pieces are formatted on rayon's pool while the
/// calling thread writes.
pub(crate) fn write<W: Write>(
    w: &mut W,
    ann: &Annotated,
    tokens: TokenStyle,
    l: Layout,
    id: Option<&Value>,
    parallel: bool,
) -> std::io::Result<()> {
    with_pieces(ann, None, tokens, l, id, None, |pieces| {
        emit(w, pieces, parallel)
    })
}

/// [`write`] appended to `out` on this thread, each piece formatted
/// straight into it (no buffer in between to copy from: a warm corpus
/// run renders thousands of small documents into one buffer).
pub(crate) fn append(
    out: &mut Vec<u8>,
    ann: &Annotated,
    tokens: TokenStyle,
    l: Layout,
    id: Option<&Value>,
) {
    with_pieces(ann, None, tokens, l, id, Some(out), |_| ())
}

/// [`append`] with the annotations and keywords taken from `refs` (those
/// of `ann` are not looked at): what the model `refs` stands for would
/// write, byte for byte.
pub(crate) fn append_refs(
    out: &mut Vec<u8>,
    ann: &Annotated,
    refs: &Refs,
    tokens: TokenStyle,
    l: Layout,
    id: Option<&Value>,
) {
    with_pieces(ann, Some(refs), tokens, l, id, Some(out), |_| ())
}

/// [`append_refs`] written to `w` as [`write`] writes (the line of a big
/// document is not held whole: `annotate FILE --format jsonl` of a file
/// the cache has).
pub(crate) fn write_refs<W: Write>(
    w: &mut W,
    ann: &Annotated,
    refs: &Refs,
    tokens: TokenStyle,
    l: Layout,
    parallel: bool,
) -> std::io::Result<()> {
    with_pieces(ann, Some(refs), tokens, l, None, None, |pieces| {
        emit(w, pieces, parallel)
    })
}

/// Calls `f` with the pieces of the document's JSON, in order (the
/// annotations and keywords from `refs` when given); with `direct`, each
/// piece is formatted into it as it comes and `f` is given none.
fn with_pieces<R>(
    ann: &Annotated,
    refs: Option<&Refs>,
    tokens: TokenStyle,
    l: Layout,
    id: Option<&Value>,
    direct: Option<&mut Vec<u8>>,
    f: impl FnOnce(&[Piece]) -> R,
) -> R {
    let idx = CpIndex::escaping(ann.doc.text.as_str(), l.escape);
    // Made once for the document's keyword lists.
    let kw_prep = refs.map(|r| KeywordsPrep::new(&r.keywords, l.escape));
    let mut p = Pieces {
        list: Vec::new(),
        l,
        direct,
    };
    let no_annotations = annotation_pieces(&mut p, &ann.annotations, refs, &idx);
    rest_pieces(
        &mut p,
        ann,
        refs,
        (tokens, id),
        (&idx, kw_prep.as_ref()),
        no_annotations,
    );
    f(&p.list)
}

/// [`write`] of a document not read after it (`annotate FILE`): its
/// annotations (the first key) are written, then freed (their list and
/// attrs, 12 MB on 7.8 MB of news), and the rest written in their room.
/// `ann` is left without annotations.
pub(crate) fn write_freeing<W: Write>(
    w: &mut W,
    ann: &mut Annotated,
    tokens: TokenStyle,
    l: Layout,
    parallel: bool,
) -> std::io::Result<()> {
    let annotations = std::mem::take(&mut ann.annotations);
    let idx = CpIndex::escaping(ann.doc.text.as_str(), l.escape);
    let mut p = Pieces {
        list: Vec::new(),
        l,
        direct: None,
    };
    let no_annotations = annotation_pieces(&mut p, &annotations, None, &idx);
    emit(w, &p.list, parallel)?;
    drop(p);
    drop(annotations);
    let mut p = Pieces {
        list: Vec::new(),
        l,
        direct: None,
    };
    rest_pieces(
        &mut p,
        ann,
        None,
        (tokens, None),
        (&idx, None),
        no_annotations,
    );
    emit(w, &p.list, parallel)
}

/// The pieces of the JSON up to its annotations' last (`{"annotations":
/// [` and the items; from `refs` when given, else `annotations`); whether
/// there are none.
fn annotation_pieces<'a>(
    p: &mut Pieces<'a, '_>,
    annotations: &'a [crate::model::Annotation],
    refs: Option<&'a Refs>,
    idx: &'a CpIndex<'a>,
) -> bool {
    // Keys in sorted order, as the value tree's map writes them.
    p.push(|o| {
        o.raw(b"{");
        o.key(1, true, "annotations");
        o.raw(b"[");
    });
    let no_annotations = refs.map_or(annotations.is_empty(), |r| r.annotations.is_empty());
    if let Some(r) = refs {
        // In pieces, as the model's annotations (a big document's are
        // tens of MB of JSON: not held whole when written).
        for (c, chunk) in r.annotations.chunks(REF_PIECE).enumerate() {
            p.push(move |o| {
                let runs = &mut RefRuns::new(r.keys, r.sets, o.l.escape);
                for (j, a) in chunk.iter().enumerate() {
                    let i = c * REF_PIECE + j;
                    o.item(2, i == 0);
                    o.annotation_ref(2, i, a, runs, idx);
                }
            });
        }
    }
    let model_annotations: &[crate::model::Annotation] =
        if refs.is_some() { &[] } else { annotations };
    p.items(model_annotations, 256, 2, move |o, _, a| {
        o.raw(b"{");
        o.key(3, true, "attrs");
        o.attrs(3, &a.attrs, idx);
        o.key(3, false, "end");
        o.uint(idx.to_cp(a.span.end));
        o.key(3, false, "id");
        o.uint(a.index());
        o.key(3, false, "label");
        o.str(&a.label);
        o.key(3, false, "layer");
        o.str(a.layer.name());
        o.key(3, false, "start");
        o.uint(idx.to_cp(a.span.start));
        o.key(3, false, "text");
        o.text_str(a.span.start, a.span.end, idx);
        o.close(2, false, b'}');
    });
    no_annotations
}

/// The pieces of the JSON after its annotations (from the `]` that
/// closes them; the keywords from `refs` when given), with `id` as a key
/// when given.
fn rest_pieces<'a>(
    p: &mut Pieces<'a, '_>,
    ann: &'a Annotated,
    refs: Option<&'a Refs>,
    (tokens, id): (TokenStyle, Option<&'a Value>),
    (idx, kw_prep): (&'a CpIndex<'a>, Option<&'a KeywordsPrep>),
    no_annotations: bool,
) {
    let doc = &ann.doc;
    let text = doc.text.as_str();
    let duplicates = &doc.duplicates;
    p.push(move |o| {
        o.close(1, no_annotations, b']');
        o.key(1, false, "byline");
        o.span_text(1, doc.byline, idx);
        o.key(1, false, "date");
        o.span_text(1, doc.date, idx);
        o.key(1, false, "duplicates");
        o.raw(b"[");
    });
    p.items(duplicates, 512, 2, |o, _, d| {
        o.raw(b"{");
        o.key(3, true, "index");
        o.uint(d.index);
        o.key(3, false, "of_index");
        o.uint(d.of_index);
        o.key(3, false, "of_unit");
        o.str(d.of_unit.name());
        o.key(3, false, "unit");
        o.str(d.unit.name());
        o.close(2, false, b'}');
    });
    let keywords = &ann.keywords;
    p.push(move |o| {
        o.close(1, duplicates.is_empty(), b']');
        if let Some(id) = id {
            o.key(1, false, "id");
            o.value(1, id);
        }
        o.key(1, false, "keywords");
        o.raw(b"{");
        o.key(2, true, "document");
        match refs {
            Some(r) => {
                let n = r.keywords.lists.first().map_or(0, |&n| n as usize);
                let at = &mut KeywordsAt::default();
                o.keywords_packed(2, &r.keywords, kw_prep, at, n);
            }
            None => o.keywords(2, keywords, &keywords.document),
        }
        o.key(2, false, "sections");
        o.raw(b"[");
    });
    let no_sections = match refs {
        Some(r) => {
            let k = &r.keywords;
            p.push(move |o| {
                let mut at = KeywordsAt::default();
                let lists = k.lists.iter().map(|&n| n as usize);
                for (i, n) in lists.enumerate() {
                    if i == 0 {
                        at.skip(k, n);
                        continue;
                    }
                    o.item(3, i == 1);
                    o.keywords_packed(3, k, kw_prep, &mut at, n);
                }
            });
            k.lists.len() <= 1
        }
        None => {
            p.items(&keywords.sections, 64, 3, |o, _, list| {
                o.keywords(3, keywords, list)
            });
            keywords.sections.is_empty()
        }
    };
    let paragraphs = &doc.paragraphs;
    p.push(move |o| {
        o.close(2, no_sections, b']');
        o.close(1, false, b'}');
        o.key(1, false, "kicker");
        o.span_text(1, doc.kicker, idx);
        o.key(1, false, "length");
        o.uint(idx.char_len());
        o.key(1, false, "meta");
        let meta = &doc.meta;
        o.raw(b"{");
        o.key(2, true, "author");
        o.opt_str(meta.author.as_deref());
        o.key(2, false, "date");
        o.opt_str(meta.date.as_deref());
        o.key(2, false, "tags");
        o.str_array(2, &meta.tags);
        o.key(2, false, "url");
        o.opt_str(meta.url.as_deref());
        o.close(1, false, b'}');
        o.key(1, false, "paragraphs");
        o.raw(b"[");
    });
    let para_stage = move |st: &mut Stage, i: usize, para: &crate::model::Paragraph| {
        paragraph_staged(st, idx, i, para)
    };
    p.lines(paragraphs, 512, 2, para_stage, move |o, i, para| {
        if !o.l.pretty {
            return o.paragraph_line(idx, i, para);
        }
        let kind = block_kind(para.kind);
        o.raw(b"{");
        o.key(3, true, "depth");
        o.uint(usize::from(para.depth));
        o.key(3, false, "end");
        o.uint(idx.to_cp(para.span.end));
        o.key(3, false, "index");
        o.uint(i);
        o.key(3, false, "kind");
        o.str(kind);
        o.key(3, false, "section");
        o.uint(para.section);
        o.key(3, false, "sentences");
        o.pair(3, para.sentences.start, para.sentences.end);
        o.key(3, false, "start");
        o.uint(idx.to_cp(para.span.start));
        o.close(2, false, b'}');
    });
    let sections = &doc.sections;
    p.push(move |o| {
        o.close(1, paragraphs.is_empty(), b']');
        o.key(1, false, "schema");
        o.str(super::json::SCHEMA);
        o.key(1, false, "sections");
        o.raw(b"[");
    });
    p.items(sections, 512, 2, move |o, i, s| {
        o.raw(b"{");
        o.key(3, true, "end");
        o.uint(idx.to_cp(s.span.end));
        o.key(3, false, "heading");
        o.span_text(3, s.heading, idx);
        o.key(3, false, "heading_detail");
        o.span_text(3, s.heading_detail, idx);
        o.key(3, false, "index");
        o.uint(i);
        o.key(3, false, "kind");
        o.str(s.kind.name());
        o.key(3, false, "level");
        o.uint(usize::from(s.level));
        o.key(3, false, "paragraphs");
        o.pair(3, s.paragraphs.start, s.paragraphs.end);
        o.key(3, false, "parent");
        match s.parent {
            Some(n) => o.uint(n),
            None => o.raw(b"null"),
        }
        o.key(3, false, "start");
        o.uint(idx.to_cp(s.span.start));
        o.close(2, false, b'}');
    });
    let sentences = &doc.sentences;
    p.push(move |o| {
        o.close(1, sections.is_empty(), b']');
        o.key(1, false, "sentences");
        o.raw(b"[");
    });
    let sentence_stage =
        move |st: &mut Stage, i: usize, s: &crate::model::Sentence| sentence_staged(st, idx, i, s);
    p.lines(sentences, 1024, 2, sentence_stage, move |o, i, s| {
        if !o.l.pretty {
            return o.sentence_line(idx, i, s);
        }
        o.raw(b"{");
        o.key(3, true, "end");
        o.uint(idx.to_cp(s.span.end));
        o.key(3, false, "index");
        o.uint(i);
        o.key(3, false, "paragraph");
        o.uint(s.paragraph);
        o.key(3, false, "start");
        o.uint(idx.to_cp(s.span.start));
        o.close(2, false, b'}');
    });
    let styles = &doc.styles;
    p.push(move |o| {
        o.close(1, sentences.is_empty(), b']');
        o.key(1, false, "source");
        let src = &doc.source;
        o.raw(b"{");
        o.key(2, true, "encoding");
        o.str(&src.encoding);
        o.key(2, false, "format");
        o.str(src.format.name());
        o.key(2, false, "path");
        o.opt_str(src.path.as_deref());
        o.key(2, false, "warnings");
        o.str_array(2, &src.warnings);
        o.close(1, false, b'}');
        o.key(1, false, "styles");
        o.raw(b"[");
    });
    p.items(styles, 512, 2, move |o, _, st| {
        use crate::model::StyleKind;
        o.raw(b"{");
        o.key(3, true, "end");
        o.uint(idx.to_cp(st.span.end));
        o.key(3, false, "kind");
        o.str(match st.kind {
            StyleKind::Emphasis => "emphasis",
            StyleKind::Strong => "strong",
            StyleKind::Strike => "strike",
            StyleKind::Code => "code",
            StyleKind::Link => "link",
            StyleKind::Image => "image",
        });
        o.key(3, false, "start");
        o.uint(idx.to_cp(st.span.start));
        o.key(3, false, "target");
        o.opt_str(st.target.as_deref());
        o.key(3, false, "text");
        o.text_str(st.span.start, st.span.end, idx);
        o.close(2, false, b'}');
    });
    p.push(move |o| {
        o.close(1, styles.is_empty(), b']');
        o.key(1, false, "subtitle");
        o.span_text(1, doc.subtitle, idx);
        o.key(1, false, "text");
        o.raw(b"\"");
    });
    // The text in pieces cut at character boundaries.
    let mut at = 0;
    while at < text.len() {
        let mut end = (at + TEXT_PIECE).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        let from = at;
        p.push(move |o| idx.escaped_into(o.o, from, end, o.l.escape));
        at = end;
    }
    p.push(move |o| {
        o.raw(b"\"");
        o.key(1, false, "title");
        o.span_text(1, doc.title, idx);
    });
    let toks = &ann.tokens;
    match (tokens, refs) {
        (TokenStyle::None, _) => {}
        (TokenStyle::Full, Some(r)) => {
            p.push(move |o| {
                o.key(1, false, "tokens");
                o.raw(b"[");
            });
            // In runs, as the model's tokens (a big document's are tens
            // of MB of JSON: not held whole when written).
            let below = tokens_end_below(&r.tokens, DIGITS_MAX);
            for (run, from) in r.tokens.runs(4 * TOKEN_PIECE) {
                p.push(move |o| tokens_packed(o, &run, from, below));
            }
            p.push(move |o| o.close(1, r.tokens.len() == 0, b']'));
        }
        (TokenStyle::Compact, Some(r)) => p.push(move |o| tokens_packed_columns(o, &r.tokens)),
        (TokenStyle::Full, None) => {
            p.push(|o| {
                o.key(1, false, "tokens");
                o.raw(b"[");
            });
            let plain = toks.iter().all(|t| plain_tag(t.pos()));
            for (c, chunk) in toks.chunks(TOKEN_PIECE).enumerate() {
                p.push(move |o| {
                    let mut starts = Cursor::new(idx);
                    let mut ends = Cursor::new(idx);
                    if plain {
                        // Plain tags (all of jieba's): each token is four
                        // constant runs of bytes and three values.
                        let first = c == 0;
                        if o.l.pretty {
                            plain_tokens(o, chunk, first, idx, &PRETTY_TOKEN_RUNS);
                        } else {
                            plain_tokens(o, chunk, first, idx, &COMPACT_TOKEN_RUNS);
                        }
                        return;
                    }
                    for (j, t) in chunk.iter().enumerate() {
                        o.item(2, c == 0 && j == 0);
                        o.raw(b"{");
                        o.key(3, true, "end");
                        o.uint(ends.at(t.span().end));
                        o.key(3, false, "pos");
                        tag(o, t, plain);
                        o.key(3, false, "start");
                        o.uint(starts.at(t.span().start));
                        o.close(2, false, b'}');
                    }
                });
            }
            p.push(|o| o.close(1, toks.is_empty(), b']'));
        }
        (TokenStyle::Compact, None) => {
            let plain = toks.iter().all(|t| plain_tag(t.pos()));
            p.push(|o| {
                o.key(1, false, "tokens");
                o.raw(b"{");
            });
            // `{"end": […], "pos": […], "start": […]}`, one array at a time.
            type Column = fn(&mut Out, &mut Cursor, &Token, bool);
            let columns: [(&'static str, Column); 3] = [
                ("end", |o, c, t, _| o.uint(c.at(t.span().end))),
                ("pos", |o, _, t, plain| tag(o, t, plain)),
                ("start", |o, c, t, _| o.uint(c.at(t.span().start))),
            ];
            for (n, (name, item)) in columns.into_iter().enumerate() {
                p.push(move |o| {
                    o.key(2, n == 0, name);
                    o.raw(b"[");
                });
                // A column's item is a few bytes: bigger pieces.
                for (c, chunk) in toks.chunks(4 * TOKEN_PIECE).enumerate() {
                    p.push(move |o| {
                        let mut cur = Cursor::new(idx);
                        for (j, t) in chunk.iter().enumerate() {
                            o.item(3, c == 0 && j == 0);
                            item(o, &mut cur, t, plain);
                        }
                    });
                }
                p.push(|o| o.close(2, toks.is_empty(), b']'));
            }
            p.push(|o| o.close(1, false, b'}'));
        }
    }
    p.push(|o| o.close(0, false, b'}'));
}

/// The constant bytes of a token object with a plain tag in the pretty
/// layout, as [`Out::item`], [`Out::key`] and [`Out::close`] write them at
/// depth 2: before `end`'s value (with the comma that separates it from
/// the token before), before the tag, after it, and after `start`'s value.
/// Constants, so that each is copied as a fixed-size move.
const PRETTY_TOKEN_RUNS: [&[u8]; 4] = [
    b",\n    {\n      \"end\": ",
    b",\n      \"pos\": \"",
    b"\",\n      \"start\": ",
    b"\n    }",
];

/// [`PRETTY_TOKEN_RUNS`] on one line.
const COMPACT_TOKEN_RUNS: [&[u8]; 4] = [b",{\"end\":", b",\"pos\":\"", b"\",\"start\":", b"}"];

/// Tokens with plain tags, written with the constant `runs` between their
/// values (the leading comma left out before the array's first token when
/// `first`). One cursor counts the code points, start then end; a token
/// that starts where the one before ended (nearly all) has its start
/// written with the digits of that end, not formatted again.
#[inline(always)]
fn plain_tokens(o: &mut Out, chunk: &[Token], first: bool, idx: &CpIndex, runs: &[&[u8]; 4]) {
    let [open, pos, start, close] = *runs;
    let mut cur = Cursor::new(idx);
    // The last end's byte offset and its digits.
    let mut last: Option<(usize, u64, usize)> = None;
    for (j, t) in chunk.iter().enumerate() {
        if first && j == 0 {
            o.raw(&open[1..]);
        } else {
            o.raw(open);
        }
        let span = t.span();
        let from = match last {
            Some((end, word, len)) if end == span.start => Ok((word, len)),
            _ => Err(cur.at(span.start)),
        };
        let end = cur.at(span.end);
        let end_digits = digits(end);
        match end_digits {
            Some((word, len)) => o.word(word, len),
            None => o.uint(end),
        }
        o.raw(pos);
        for &b in t.pos().as_bytes() {
            o.o.push(b);
        }
        o.raw(start);
        match from {
            Ok((word, len)) => o.word(word, len),
            Err(cp) => o.uint(cp),
        }
        o.raw(close);
        last = end_digits.map(|(word, len)| (span.end, word, len));
    }
}

/// The items of a `tokens` array from packed tokens (the brackets are the
/// caller's): the bytes [`plain_tokens`] and its general form write. Each
/// tag's bytes between the end and the start are made once (as the
/// model's writer makes them: escaped, in quotes), so that a token is a
/// few copies of fixed size; a start where the previous token ended (all
/// but a few) is written with that end's digits.
/// `t` is a run of the document's tokens starting `from`
/// ([`TokensRef::runs`]); `below`: every token of the document ends
/// before [`DIGITS_MAX`].
fn tokens_packed(o: &mut Out, t: &TokensRef, from: TokensAt, below: bool) {
    if o.l.pretty {
        tokens_packed_with(o, t, from, below, &PRETTY_TOKEN_RUNS);
    } else {
        tokens_packed_with(o, t, from, below, &COMPACT_TOKEN_RUNS);
    }
}

/// [`tokens_packed`] with the constant `runs` (inlined, so that every copy
/// is of a constant size).
#[inline(always)]
fn tokens_packed_with(o: &mut Out, t: &TokensRef, from: TokensAt, below: bool, runs: &[&[u8]; 4]) {
    let [open, pos, start, close] = *runs;
    let escape = o.l.escape;
    // Each tag's run between the end's digits and the start's (escaped,
    // in quotes, as the model's writer makes it), made once a run in one
    // scratch buffer, padded to a move of `TAG_RUN` (length 0: longer).
    let mut run = Vec::with_capacity(2 * TAG_RUN);
    let mut longest = 0;
    let tag_runs: Vec<([u8; TAG_RUN], usize)> = t
        .pos
        .iter()
        .map(|p| {
            let mut fixed = [0u8; TAG_RUN];
            // A plain tag (all of jieba's) that fits: its run put
            // together in place.
            let (tag, len) = (p.as_bytes(), pos.len() + p.len() + start.len());
            if len <= TAG_RUN && plain_tag(p) {
                fixed[..pos.len()].copy_from_slice(pos);
                fixed[pos.len()..pos.len() + tag.len()].copy_from_slice(tag);
                fixed[len - start.len()..len].copy_from_slice(start);
                longest = longest.max(len);
                return (fixed, len);
            }
            run.clear();
            run.extend_from_slice(pos);
            escaped(&mut run, p, escape);
            run.extend_from_slice(start);
            match fixed.get_mut(..run.len()) {
                Some(head) => {
                    head.copy_from_slice(&run);
                    longest = longest.max(run.len());
                    (fixed, run.len())
                }
                None => {
                    longest = usize::MAX;
                    (fixed, 0)
                }
            }
        })
        .collect();
    let o = &mut *o.o;
    if below {
        // The fixed-size writer, its moves as small as the tags allow.
        match (longest, open.len() + close.len()) {
            (..=32, ..=16) => {
                return tokens_packed_fixed::<32, 16>(o, t, from, open, close, &tag_runs);
            }
            (..=TAG_RUN, ..=32) => {
                return tokens_packed_fixed::<TAG_RUN, 32>(o, t, from, open, close, &tag_runs);
            }
            _ => {}
        }
    }
    // The last end in code points and its digits.
    let mut last: Option<(usize, u64, usize)> = None;
    let mut walk = SpanWalk::starting(t, from);
    let spans = t.tags.iter().zip(t.lens).map(move |(&tag, &len)| {
        let (start, end) = walk.next(len);
        (start, end, usize::from(tag))
    });
    for (j, (s, e, tag)) in spans.enumerate() {
        let first = from.i == 0 && j == 0;
        o.extend_from_slice(if first { &open[1..] } else { open });
        let end_digits = digits(e);
        match end_digits {
            Some((word, len)) => word_into(o, word, len),
            None => uint_into(o, e),
        }
        match tag_runs.get(tag).filter(|&&(_, len)| len > 0) {
            Some((run, len)) => o.extend_from_slice(run.get(..*len).unwrap_or_default()),
            None => {
                o.extend_from_slice(pos);
                escaped(o, t.pos.get(tag).copied().unwrap_or_default(), escape);
                o.extend_from_slice(start);
            }
        }
        match last {
            Some((end, word, len)) if end == s => word_into(o, word, len),
            _ => uint_into(o, s),
        }
        o.extend_from_slice(close);
        last = end_digits.map(|(word, len)| (e, word, len));
    }
}

/// The longest tag's run (see [`tokens_packed_with`]) written by moves.
const TAG_RUN: usize = 48;

/// The numbers [`digits`] writes: below 10^8.
const DIGITS_MAX: u64 = 100_000_000;

/// Whether every token of `t` ends before code point `max`.
fn tokens_end_below(t: &TokensRef, max: u64) -> bool {
    let short: u64 = t.lens.iter().map(|&l| u64::from(l)).sum();
    let long: u64 = t.long.iter().map(|&l| u64::from(l)).sum();
    let gaps: u64 = t.gaps.iter().map(|&(_, g)| u64::from(g)).sum();
    short + long + gaps < max
}

/// Tokens written per stretch of [`tokens_packed_fixed`]: a stretch of
/// the stage is written, then copied to the output whole.
const FIXED_STRETCH: usize = 128;

/// The last two digits of a number below 100 as [`digits`] writes them,
/// in the low 16 bits (the first digit lowest), and how many they are in
/// the bits above: entries 0–99 for the number alone (one digit below
/// ten), 100–199 for the number after its hundreds (always two).
const LAST_TWO: [u32; 256] = {
    let mut t = [0u32; 256];
    let mut r = 0;
    while r < 100 {
        let (tens, ones) = (
            (b'0' + (r / 10) as u8) as u32,
            (b'0' + (r % 10) as u8) as u32,
        );
        t[r] = if r < 10 {
            ones | (1 << 16)
        } else {
            tens | (ones << 8) | (2 << 16)
        };
        t[100 + r] = tens | (ones << 8) | (2 << 16);
        r += 1;
    }
    t
};

/// [`tokens_packed_with`] when every tag's run fits `RUN` bytes, the
/// closing and opening runs together `TAIL`, and every offset has at most
/// eight digits. A token is written as its end's digits, its tag's run,
/// its start's digits, then the closing run and the next token's opening
/// (cut after the last token): four copies of a constant size at offsets
/// within a stretch of a stage made ready once a thread (one bounds check
/// a token), each stretch then appended to `o`. The end's digits are its
/// hundreds' (made again only when they change, every few dozen tokens)
/// and the last two from a table; a start where the previous token ended
/// (all but a few) takes that end's digits. The same bytes.
#[inline(always)]
fn tokens_packed_fixed<const RUN: usize, const TAIL: usize>(
    o: &mut Vec<u8>,
    t: &TokensRef,
    from: TokensAt,
    open: &[u8],
    close: &[u8],
    tag_runs: &[([u8; TAG_RUN], usize)],
) {
    if t.tags.is_empty() {
        return;
    }
    // The closing and opening runs, padded to a move.
    let mut tail = [0u8; TAIL];
    let tail_len = (close.len() + open.len()).min(TAIL);
    for (d, &b) in tail.iter_mut().zip(close.iter().chain(open)) {
        *d = b;
    }
    // The bytes a token may touch: each offset below is cut by a mask
    // (never by the mask in fact: the digits are at most 8, the tag's
    // run at most `RUN`), so that no copy needs a bounds check of its own.
    let run_mask = (2 * RUN).next_power_of_two() - 1;
    let per = 15 + run_mask + 15 + TAIL + 1;
    o.extend_from_slice(if from.i == 0 {
        open.get(1..).unwrap_or_default()
    } else {
        open
    });
    // This thread's stage, zeroed once (not once a stretch: a warm corpus
    // run zeroed 110 MB for 91 MB of output). Taken out of the
    // thread-local and put back, so that the loop is not inside its
    // `with` closure.
    thread_local! {
        static STAGE: std::cell::Cell<Vec<u8>> = const { std::cell::Cell::new(Vec::new()) };
    }
    let mut stage = STAGE.take();
    if stage.len() < FIXED_STRETCH * per {
        stage.resize(FIXED_STRETCH * per, 0);
    }
    // The previous token's end in code points and its digits (the
    // first token starts at `from.at` unless it has a gap).
    let mut at = from.at;
    let (mut lw, mut ll) = digits(from.at).unwrap_or((u64::from(b'0'), 1));
    // The end's hundreds times 100, their digits, their digits' length
    // in bits, and where their last two are in `LAST_TWO` (none yet:
    // the first end makes them).
    let (mut base, mut hw, mut hs, mut off) = (usize::MAX / 2, 0u64, 0usize, 0usize);
    let mut gaps = t.gaps.iter();
    let next_gap =
        |g: Option<&(u32, u32)>| g.map_or((usize::MAX, 0), |&(k, g)| (k as usize, g as usize));
    let (mut gap_at, mut gap) = next_gap(gaps.next());
    let mut long = t.long.iter();
    let mut i = from.i;
    let no_run = ([0u8; TAG_RUN], 0);
    for (tags, lens) in t
        .tags
        .chunks(FIXED_STRETCH)
        .zip(t.lens.chunks(FIXED_STRETCH))
    {
        let mut w = 0usize;
        for (&tag, &len) in tags.iter().zip(lens) {
            let (mut s, mut sw, mut sl) = (at, lw, ll);
            if i == gap_at {
                if gap > 0 {
                    s += gap;
                    (sw, sl) = digits(s).unwrap_or((lw, ll));
                }
                (gap_at, gap) = next_gap(gaps.next());
            }
            i += 1;
            let len = match len {
                0 => long.next().map_or(0, |&l| l as usize),
                l => usize::from(l),
            };
            let e = s + len;
            at = e;
            let mut r = e.wrapping_sub(base);
            if r >= 100 {
                let h = e / 100;
                base = 100 * h;
                r = e - base;
                (hw, hs, off) = match digits(h) {
                    Some((w, l)) if h > 0 => (w, 8 * l, 100),
                    _ => (0, 0, 0),
                };
            }
            let two = LAST_TWO[(off + r) & 255];
            let ew = hw | (u64::from(two & 0xffff) << (hs & 63));
            let el = hs / 8 + (two >> 16) as usize;
            let Some(dst) = stage.get_mut(w..w + per) else {
                break;
            };
            dst[..8].copy_from_slice(&ew.to_le_bytes());
            let p = el & 15;
            // Every tag is in the table ([`TokensRef::fits`]).
            let (run, rl) = tag_runs.get(usize::from(tag)).unwrap_or(&no_run);
            dst[p..p + RUN].copy_from_slice(&run[..RUN]);
            let p = p + (rl & run_mask);
            dst[p..p + 8].copy_from_slice(&sw.to_le_bytes());
            let p = p + (sl & 15);
            dst[p..p + TAIL].copy_from_slice(&tail);
            w += p + tail_len;
            (lw, ll) = (ew, el);
        }
        o.extend_from_slice(stage.get(..w).unwrap_or_default());
    }
    STAGE.set(stage);
    // The opening run written after the last token.
    o.truncate(o.len().saturating_sub(open.len()));
}

/// `"tokens": {"end": […], "pos": […], "start": […]}` from packed
/// tokens (`--tokens compact`), as the model's columns are written.
fn tokens_packed_columns(o: &mut Out, t: &TokensRef) {
    o.key(1, false, "tokens");
    o.raw(b"{");
    for (n, name) in ["end", "pos", "start"].into_iter().enumerate() {
        o.key(2, n == 0, name);
        o.raw(b"[");
        for (j, (s, e, tag)) in t.spans().enumerate() {
            o.item(3, j == 0);
            match n {
                0 => o.uint(e),
                1 => o.str(t.pos.get(tag).copied().unwrap_or_default()),
                _ => o.uint(s),
            }
        }
        o.close(2, t.len() == 0, b']');
    }
    o.close(1, false, b'}');
}

/// Where the next keyword of packed keywords is: its number and where
/// its weight starts.
#[derive(Default)]
struct KeywordsAt {
    i: usize,
    weight: usize,
}

impl KeywordsAt {
    /// The next keyword's method number, weight (with the
    /// [`WEIGHT_ROOM`] bytes after it, when there are) and word (`None`
    /// past the end). Inlined into the keywords' loop (a call a keyword
    /// was 21 M of a warm corpus run's instructions).
    #[inline(always)]
    fn next<'k>(&mut self, k: &KeywordsRef<'k>) -> Option<(usize, Weight<'k>, &'k str)> {
        let m = usize::from(*k.method.get(self.i)?);
        let word = *k.table.get(*k.word.get(self.i)? as usize)?;
        let gl = usize::from(*k.weight_lens.get(self.i)?);
        let weight = match k.weights.get(self.weight..self.weight + WEIGHT_ROOM) {
            Some(block) if gl <= WEIGHT_ROOM => Weight::Block(block.try_into().ok()?, gl),
            _ => Weight::Exact(k.weights.get(self.weight..self.weight + gl)?),
        };
        self.i += 1;
        self.weight += gl;
        Some((m, weight, word))
    }

    /// Moves past `n` keywords.
    fn skip(&mut self, k: &KeywordsRef, n: usize) {
        for _ in 0..n {
            if self.next(k).is_none() {
                break;
            }
        }
    }
}

/// A printed weight of packed keywords: its [`WEIGHT_ROOM`] bytes from
/// its start and its length, or (near the end) its bytes alone.
#[derive(Clone, Copy)]
enum Weight<'k> {
    Block(&'k [u8; WEIGHT_ROOM], usize),
    Exact(&'k [u8]),
}

impl Weight<'_> {
    fn bytes(&self) -> &[u8] {
        match *self {
            Weight::Block(b, n) => &b[..n],
            Weight::Exact(b) => b,
        }
    }
}

/// What the one-line keywords of a document share: whether no word needs
/// escaping (then each is copied as it is), and each method's run from
/// the brace to the weight, as a block of [`RUN_ROOM`] bytes when it fits
/// (copied as one move of that size, then cut), and as it is.
struct KeywordsPrep {
    plain: bool,
    runs: Vec<(Option<[u8; RUN_ROOM]>, Vec<u8>)>,
}

/// The room of a method's run: `{"method":"textrank","weight":` is 31.
const RUN_ROOM: usize = 32;

impl KeywordsPrep {
    fn new(k: &KeywordsRef, escape: bool) -> KeywordsPrep {
        KeywordsPrep {
            plain: !k.table.iter().any(|w| has_special(w, escape)),
            runs: k
                .methods
                .iter()
                .map(|m| {
                    let mut run = b"{\"method\":\"".to_vec();
                    escaped(&mut run, m, escape);
                    run.extend_from_slice(b"\",\"weight\":");
                    let mut block = [0u8; RUN_ROOM];
                    let fits = match block.get_mut(..run.len()) {
                        Some(b) => {
                            b.copy_from_slice(&run);
                            true
                        }
                        None => false,
                    };
                    (fits.then_some(block), run)
                })
                .collect(),
        }
    }
}

/// Whether any byte of `s` may need escaping (as [`escaped`] looks).
fn has_special(s: &str, escape: bool) -> bool {
    let bytes = s.as_bytes();
    let mut words = bytes.chunks_exact(8);
    let any = words.by_ref().any(|w| {
        w.try_into()
            .is_ok_and(|w| special(u64::from_le_bytes(w), escape) != 0)
    });
    any || words.remainder().iter().any(|&b| match CLASS[b as usize] {
        0 => false,
        2 => escape,
        _ => true,
    })
}

/// The room of a keyword put together in a stage: its method's run, its
/// weight, the word's key, a word of up to 16 bytes and the closing.
const KEYWORD_STAGE: usize = 96;
const _: () = assert!(RUN_ROOM + WEIGHT_ROOM + 9 + 16 + 2 <= KEYWORD_STAGE);

/// `bytes` (up to sixteen) written at the start of `at` as one or two
/// words (copies of a constant size, no call to memcpy; see
/// [`escaped`]): the bytes of `at` past them are left as they were or
/// overwritten.
#[inline(always)]
fn short_into(at: &mut [u8], bytes: &[u8]) {
    let n = bytes.len();
    match n {
        8..=16 => {
            if let (Some(a), Some(b)) = (bytes.first_chunk::<8>(), bytes.last_chunk::<8>()) {
                if let Some(x) = at.get_mut(..8) {
                    x.copy_from_slice(a);
                }
                if let Some(x) = at.get_mut(n - 8..n) {
                    x.copy_from_slice(b);
                }
            }
        }
        4..=7 => {
            if let (Some(a), Some(b)) = (bytes.first_chunk::<4>(), bytes.last_chunk::<4>()) {
                let (a, b) = (
                    u64::from(u32::from_le_bytes(*a)),
                    u64::from(u32::from_le_bytes(*b)),
                );
                if let Some(x) = at.get_mut(..8) {
                    x.copy_from_slice(&(a | (b << (8 * (n - 4)))).to_le_bytes());
                }
            }
        }
        _ => {
            if let Some(x) = at.get_mut(..n) {
                x.copy_from_slice(bytes);
            }
        }
    }
}

impl Out<'_> {
    /// The next `n` keywords of packed keywords as a list at `depth`: the
    /// bytes [`Out::keywords`] writes for them, each weight copied as it
    /// was printed.
    fn keywords_packed(
        &mut self,
        depth: usize,
        k: &KeywordsRef,
        prep: Option<&KeywordsPrep>,
        at: &mut KeywordsAt,
        n: usize,
    ) {
        self.raw(b"[");
        let escape = self.l.escape;
        if !self.l.pretty {
            let made;
            let prep = match prep {
                Some(p) => p,
                None => {
                    made = KeywordsPrep::new(k, escape);
                    &made
                }
            };
            let KeywordsPrep { plain, runs } = prep;
            let plain = *plain;
            let o = &mut *self.o;
            let mut stage = [0u8; KEYWORD_STAGE];
            for i in 0..n {
                let Some((m, weight, word)) = at.next(k) else {
                    break;
                };
                if i > 0 {
                    o.push(b',');
                }
                let run = runs.get(m);
                // The usual keyword (the method's run, the weight and the
                // word each fit their room, nothing to escape): put
                // together in a stage by moves of a constant size, and
                // copied out as one block cut to its length.
                if let (Some((Some(block), run)), Weight::Block(w, gl), true) =
                    (run, weight, plain && word.len() <= 16)
                {
                    stage[..RUN_ROOM].copy_from_slice(block);
                    let mut p = run.len();
                    if let Some(at) = stage.get_mut(p..p + WEIGHT_ROOM) {
                        at.copy_from_slice(w);
                    }
                    p += gl;
                    if let Some(at) = stage.get_mut(p..p + 9) {
                        at.copy_from_slice(b",\"word\":\"");
                    }
                    p += 9;
                    if let Some(at) = stage.get_mut(p..p + 16) {
                        short_into(at, word.as_bytes());
                    }
                    p += word.len();
                    if let Some(at) = stage.get_mut(p..p + 2) {
                        at.copy_from_slice(b"\"}");
                    }
                    p += 2;
                    let start = o.len();
                    o.extend_from_slice(&stage);
                    o.truncate(start + p);
                    continue;
                }
                if let Some((_, run)) = run {
                    o.extend_from_slice(run);
                }
                o.extend_from_slice(weight.bytes());
                o.extend_from_slice(b",\"word\":\"");
                if plain {
                    o.extend_from_slice(word.as_bytes());
                } else {
                    escaped(o, word, escape);
                }
                o.extend_from_slice(b"\"}");
            }
            return self.raw(b"]");
        }
        for i in 0..n {
            let Some((m, weight, word)) = at.next(k) else {
                break;
            };
            self.item(depth + 1, i == 0);
            self.raw(b"{");
            self.key(depth + 2, true, "method");
            self.str(k.methods.get(m).copied().unwrap_or_default());
            self.key(depth + 2, false, "weight");
            self.raw(weight.bytes());
            self.key(depth + 2, false, "word");
            self.str(word);
            self.close(depth + 1, false, b'}');
        }
        self.close(depth, n == 0, b']');
    }
}

/// Tokens a piece of the `tokens` array holds.
const TOKEN_PIECE: usize = 1024;

/// Annotations of a cache entry per piece (a few hundred KB of JSON).
const REF_PIECE: usize = 2048;

/// A token's tag: as it is when every tag is plain (letters, digits, `_`,
/// `-`), escaped otherwise.
#[inline]
fn tag(o: &mut Out, t: &Token, plain: bool) {
    if plain {
        o.raw(b"\"");
        o.raw(t.pos().as_bytes());
        o.raw(b"\"");
    } else {
        o.str(t.pos());
    }
}

/// Whether a part-of-speech tag is written as it is in a JSON string.
fn plain_tag(tag: &str) -> bool {
    tag.bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// Runs the pieces in order into `w`: on rayon's pool, a few pieces
/// formatted ahead of the one being written (`parallel`), or one after
/// another on this thread.
fn emit<W: Write>(w: &mut W, pieces: &[Piece], parallel: bool) -> std::io::Result<()> {
    // Waiting for a piece blocks the calling thread: a thread of the pool
    // (a document written inside a parallel job) formats its pieces
    // itself, as does a pool of one.
    let threads = rayon::current_num_threads();
    if parallel && threads > 1 && rayon::current_thread_index().is_none() {
        return emit_ahead(w, pieces, AHEAD_PER_THREAD * threads).map(|_| ());
    }
    let mut buf = Vec::with_capacity(1 << 16);
    for piece in pieces {
        piece(&mut buf);
        if buf.len() >= 1 << 16 {
            w.write_all(&buf)?;
            buf.clear();
        }
    }
    w.write_all(&buf)
}

/// Pieces formatted ahead of the one being written, per thread of the
/// pool: enough that no thread waits for the writer, few enough that the
/// output held at once is a few megabytes.
const AHEAD_PER_THREAD: usize = 3;

/// The buffers [`emit_ahead`] used: how many and the largest capacity.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Held {
    buffers: usize,
    largest: usize,
}

/// Writes the pieces in order, each formatted on rayon's pool into a
/// buffer of its own as soon as it is at most `ahead` pieces past the one
/// being written (no batch waits for its slowest piece). Buffers are
/// reused once written: at most `ahead + 1` exist at once. Called from
/// outside the pool (it blocks while a piece is formatted).
fn emit_ahead<W: Write>(w: &mut W, pieces: &[Piece], ahead: usize) -> std::io::Result<Held> {
    use std::sync::mpsc;
    /// Sends the buffer back when the piece is done, or nothing if it
    /// panicked (the writer stops; the scope then raises the panic).
    struct Done {
        at: usize,
        buf: Option<Vec<u8>>,
        tx: mpsc::Sender<(usize, Option<Vec<u8>>)>,
    }
    impl Drop for Done {
        fn drop(&mut self) {
            let buf = if std::thread::panicking() {
                None
            } else {
                self.buf.take()
            };
            let _ = self.tx.send((self.at, buf));
        }
    }
    let ahead = ahead.max(1);
    let (tx, rx) = mpsc::channel::<(usize, Option<Vec<u8>>)>();
    let mut slots: Vec<Option<Vec<u8>>> = vec![None; ahead];
    let mut free: Vec<Vec<u8>> = Vec::new();
    let mut held = Held::default();
    let result = rayon::in_place_scope(|s| {
        let mut spawned = 0;
        for at in 0..pieces.len() {
            while spawned < pieces.len() && spawned < at + ahead {
                let mut buf = free.pop().unwrap_or_else(|| {
                    held.buffers += 1;
                    Vec::new()
                });
                buf.clear();
                let piece = &pieces[spawned];
                let mut done = Done {
                    at: spawned,
                    buf: Some(buf),
                    tx: tx.clone(),
                };
                s.spawn(move |_| {
                    if let Some(buf) = done.buf.as_mut() {
                        piece(buf);
                    }
                    drop(done);
                });
                spawned += 1;
            }
            let buf = loop {
                if let Some(buf) = slots[at % ahead].take() {
                    break buf;
                }
                match rx.recv() {
                    Ok((i, Some(buf))) => slots[i % ahead] = Some(buf),
                    _ => return Err(std::io::Error::other("a piece of the JSON failed")),
                }
            };
            held.largest = held.largest.max(buf.capacity());
            w.write_all(&buf)?;
            free.push(buf);
        }
        Ok(())
    });
    result.map(|_| held)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Annotation, CharIndex, Document, Layer, Paragraph, Sentence};

    /// A document of our own, big enough for many pieces: every line a
    /// sentence and a paragraph, a token per character, an annotation per
    /// line with attrs of every kind, strings that need escaping.
    fn big() -> Annotated {
        let mut text = String::new();
        let mut ann = Annotated::default();
        for i in 0..30_000 {
            let start = text.len();
            text.push_str(match i % 4 {
                0 => "今天下雨了",
                1 => "他说：“a\"b\\c”\t𠀀😀",
                2 => "\u{202e}危险\u{85}字符\u{7f}",
                _ => "é\u{1}\u{1f}x",
            });
            let end = text.len();
            text.push('\n');
            let span = Span::new(start, end);
            std::sync::Arc::make_mut(&mut ann.doc)
                .sentences
                .push(Sentence { span, paragraph: i });
            std::sync::Arc::make_mut(&mut ann.doc)
                .paragraphs
                .push(Paragraph {
                    span,
                    section: 0,
                    sentences: i..i + 1,
                    kind: Default::default(),
                    depth: 0,
                });
            let mut a = Annotation::new(Layer::Entities, "PER", span)
                .with("of", Span::new(start, start + 3))
                .with("n", i as i64 - 5)
                .with("x", 1.0 / (i as f64 + 3.0))
                .with("list", serde_json::json!([1, "二", null, { "k": true }]));
            a.id = Annotation::id_of(i);
            ann.annotations.push(a);
        }
        for (i, c) in text.char_indices() {
            if !c.is_whitespace() {
                ann.tokens.push(Token::new(
                    Span::new(i, i + c.len_utf8()),
                    if i % 3 == 0 { "n" } else { "v" },
                ));
            }
        }
        // A last line longer than a piece of the text, without tokens.
        text.push_str(&"长\u{2066}".repeat(TEXT_PIECE / 5));
        ann.doc = Document {
            text,
            ..std::mem::take(std::sync::Arc::make_mut(&mut ann.doc))
        }
        .into();
        ann.keywords.sections = vec![Vec::new(); 3];
        let tian = ann.keywords.words.push("天").unwrap_or_default();
        ann.keywords.sections[1].push(Keyword {
            word: tian,
            weight: 0.3,
            method: "tfidf".into(),
        });
        ann
    }

    fn written(ann: &Annotated, tokens: TokenStyle, l: Layout, parallel: bool) -> Vec<u8> {
        let mut out = Vec::new();
        write(&mut out, ann, tokens, l, None, parallel).expect("write to memory");
        out
    }

    #[test]
    fn pieces_written_in_parallel_are_the_value_trees_bytes() {
        let ann = big();
        assert!(ann.tokens.len() > 3 * TOKEN_PIECE && ann.doc.text.len() > TEXT_PIECE);
        let tree = crate::export::json::annotated_to_json(&ann);
        for pretty in [true, false] {
            let want = if pretty {
                serde_json::to_string_pretty(&tree).expect("json")
            } else {
                tree.to_string()
            };
            let plain = Layout {
                pretty,
                escape: false,
            };
            for parallel in [true, false] {
                let got = written(&ann, TokenStyle::Full, plain, parallel);
                assert!(
                    got == want.as_bytes(),
                    "pretty {pretty} parallel {parallel}"
                );
            }
            // Terminal-safe: the plain bytes with the unsafe characters as
            // escapes (the bidi override, NEL, DEL), the same value.
            let safe = written(
                &ann,
                TokenStyle::Full,
                Layout {
                    pretty,
                    escape: true,
                },
                true,
            );
            assert_eq!(safe, crate::text::safe::json(&want).as_bytes());
            assert!(!safe.windows(3).any(|w| w == "\u{202e}".as_bytes()));
            let compact = written(&ann, TokenStyle::Compact, plain, true);
            let v: Value = serde_json::from_slice(&compact).expect("json");
            let idx = CharIndex::new(&ann.doc.text);
            let ends = v["tokens"]["end"].as_array().expect("ends");
            assert_eq!(ends.len(), ann.tokens.len());
            for (t, e) in ann.tokens.iter().zip(ends) {
                assert_eq!(e.as_u64(), Some(idx.to_cp(t.span().end) as u64));
            }
            assert_eq!(
                written(&ann, TokenStyle::Compact, plain, false),
                compact,
                "compact tokens, one thread"
            );
        }
    }

    /// `ann` cut into `n` sections (none, one, many), its paragraphs
    /// shared out among them in order, every other one with a heading,
    /// and a keyword list each.
    fn with_sections(mut ann: Annotated, n: usize) -> Annotated {
        let doc = std::sync::Arc::make_mut(&mut ann.doc);
        let total = doc.paragraphs.len();
        assert!(total >= n);
        let mut sections = Vec::new();
        for i in 0..n {
            let (from, to) = (i * total / n, (i + 1) * total / n);
            let first = doc.paragraphs[from].span;
            sections.push(crate::model::Section {
                heading: (i % 2 == 1).then_some(first),
                level: 1,
                parent: (i > 1).then(|| i - 1),
                span: Span::new(first.start, doc.paragraphs[to - 1].span.end),
                paragraphs: from..to,
                ..Default::default()
            });
            for p in &mut doc.paragraphs[from..to] {
                p.section = i;
            }
        }
        doc.sections = sections;
        let words = &mut ann.keywords.words;
        ann.keywords.sections = (0..n)
            .map(|i| {
                vec![Keyword {
                    word: words.push(&format!("词{i}\"")).unwrap_or_default(),
                    weight: 1.0 / (i as f64 + 7.0),
                    method: "tfidf".into(),
                }]
            })
            .collect();
        ann
    }

    #[test]
    fn pieces_formatted_ahead_are_the_serial_bytes_in_bounded_buffers() {
        for n in [0, 1, 5000] {
            let ann = with_sections(big(), n);
            for tokens in [TokenStyle::Full, TokenStyle::Compact, TokenStyle::None] {
                for pretty in [true, false] {
                    let l = Layout {
                        pretty,
                        escape: true,
                    };
                    let serial = written(&ann, tokens, l, false);
                    let v: Value = serde_json::from_slice(&serial).expect("json");
                    assert_eq!(v["sections"].as_array().map(Vec::len), Some(n));
                    assert_eq!(v["keywords"]["sections"].as_array().map(Vec::len), Some(n));
                    // The largest piece alone.
                    let largest = with_pieces(&ann, None, tokens, l, None, None, |pieces| {
                        assert!(pieces.len() > 20, "{} pieces", pieces.len());
                        pieces
                            .iter()
                            .map(|p| {
                                let mut b = Vec::new();
                                p(&mut b);
                                b.len()
                            })
                            .max()
                            .unwrap_or(0)
                    });
                    assert!(largest < 1 << 20, "a piece of {largest} bytes");
                    assert!(largest * 8 < serial.len(), "{largest} of {}", serial.len());
                    for ahead in [1, 2, 7] {
                        let mut out = Vec::new();
                        let held = with_pieces(&ann, None, tokens, l, None, None, |pieces| {
                            emit_ahead(&mut out, pieces, ahead)
                        })
                        .expect("write to memory");
                        assert!(
                            out == serial,
                            "{n} sections, {tokens:?}, pretty {pretty}, ahead {ahead}"
                        );
                        // Buffers reused once written: never more than the
                        // pieces in flight and the one being written, none
                        // past twice the largest piece.
                        assert!(held.buffers <= ahead + 1, "{held:?} ahead {ahead}");
                        assert!(held.largest <= 2 * largest, "{held:?}, largest {largest}");
                    }
                }
            }
        }
    }

    /// A number for the staged items: mostly small, some around the
    /// powers of ten where the digits' count changes, some past 10^8 (an
    /// item the stage hands back to the general writer).
    fn staged_number() -> impl proptest::strategy::Strategy<Value = usize> {
        use proptest::prelude::*;
        prop_oneof![
            6 => 0usize..12_000,
            2 => (0u32..20, 0usize..3).prop_map(|(e, d)| 10usize.pow(e) + d - 1),
            1 => Just(usize::MAX),
        ]
    }

    proptest::proptest! {
        /// Characters counted by runs of bytes are `chars().count()`, over
        /// texts longer than a run and of every character width.
        #[test]
        fn characters_counted_by_runs_are_chars_count(s in "[a-zé文😀\\n]{0,700}") {
            proptest::prop_assert_eq!(char_count(&s), s.chars().count());
        }

        /// The tokens' columns fit exactly the text their lengths add up
        /// to (zero lengths counted by runs, each with its long length),
        /// not one character less; a long length short is refused.
        #[test]
        fn tokens_fit_the_characters_their_lengths_add_up_to(
            lens in proptest::collection::vec(proptest::prelude::prop_oneof![
                3 => 1u8..=255, 1 => proptest::prelude::Just(0u8), 1 => proptest::prelude::Just(255u8)
            ], 0..1500),
            long_len in 256u32..100_000,
        ) {
            let tags = vec![0u8; lens.len()];
            let zeros = lens.iter().filter(|&&l| l == 0).count();
            let long = vec![long_len; zeros];
            let total = lens.iter().map(|&l| u64::from(l)).sum::<u64>()
                + u64::from(long_len) * zeros as u64;
            let pos = ["n"];
            let t = TokensRef { pos: &pos, tags: &tags, lens: &lens, long: &long, gaps: &[] };
            proptest::prop_assert!(t.fits(total as usize));
            if total > 0 {
                proptest::prop_assert!(!t.fits(total as usize - 1));
            }
            if zeros > 0 {
                let short = TokensRef { long: &long[1..], ..t };
                proptest::prop_assert!(!short.fits(total as usize));
            }
        }
    }

    proptest::proptest! {
        /// Sentences and paragraphs built in a stage are the bytes the
        /// general one-line writer writes (or handed back to it, only with
        /// a number of nine digits or more), the comma before included.
        #[test]
        fn staged_items_are_the_general_writers(
            text in "[a-z文字😀\\n]{0,40}",
            items in proptest::collection::vec(
                (0usize..200, 0usize..200, staged_number(), staged_number(),
                 staged_number(), 0u8..=255, 0usize..5),
                1..20,
            ),
        ) {
            use crate::model::BlockKind;
            let idx = CpIndex::escaping(&text, false);
            let st = &mut Stage::new();
            for (i, &(a, b, x, y, z, depth, kind)) in items.iter().enumerate() {
                // Any offsets, inside a character or past the end too.
                let span = Span::new(a.min(b), a.max(b));
                let sentence = Sentence { span, paragraph: x };
                let paragraph = Paragraph {
                    span,
                    section: x,
                    sentences: y..z,
                    kind: [BlockKind::Text, BlockKind::Item, BlockKind::Quote,
                           BlockKind::Code, BlockKind::Table][kind],
                    depth,
                };
                let first = i == 0;
                let n = y;
                let general = |f: &dyn Fn(&mut Out)| {
                    let mut o = Vec::new();
                    let mut out = Out { o: &mut o, l: Layout { pretty: false, escape: false } };
                    out.item(2, first);
                    f(&mut out);
                    o
                };
                st.start(first);
                sentence_staged(st, &idx, n, &sentence);
                let want = general(&|o| o.sentence_line(&idx, n, &sentence));
                match st.bytes() {
                    Some(got) => proptest::prop_assert_eq!(got, &want[..]),
                    None => proptest::prop_assert!(n.max(x) >= 100_000_000),
                }
                st.start(first);
                paragraph_staged(st, &idx, n, &paragraph);
                let want = general(&|o| o.paragraph_line(&idx, n, &paragraph));
                match st.bytes() {
                    Some(got) => proptest::prop_assert_eq!(got, &want[..]),
                    None => proptest::prop_assert!(n.max(x).max(y).max(z) >= 100_000_000),
                }
            }
        }
    }

    #[test]
    fn numbers_are_written_as_itoa_writes_them() {
        let mut ns: Vec<usize> = (0..12_000).collect();
        let mut p = 1usize;
        while let Some(q) = p.checked_mul(10) {
            ns.extend([p - 1, p, p + 1, 3 * p + 7]);
            p = q;
        }
        ns.extend([usize::MAX, usize::MAX - 1, 99_999_999, 100_000_000]);
        for n in ns {
            let mut o = Vec::new();
            let mut out = Out {
                o: &mut o,
                l: Layout {
                    pretty: false,
                    escape: false,
                },
            };
            out.uint(n);
            assert_eq!(o, itoa::Buffer::new().format(n).as_bytes(), "{n}");
        }
    }

    /// What `escaped` writes, a character at a time.
    fn escaped_by_chars(s: &str, escape: bool) -> String {
        let mut o = String::new();
        for c in s.chars() {
            match c {
                '"' => o.push_str("\\\""),
                '\\' => o.push_str("\\\\"),
                '\n' => o.push_str("\\n"),
                '\r' => o.push_str("\\r"),
                '\t' => o.push_str("\\t"),
                '\u{8}' => o.push_str("\\b"),
                '\u{c}' => o.push_str("\\f"),
                '\0'..='\u{1f}' => o.push_str(&format!("\\u{:04x}", u32::from(c))),
                '\u{7f}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
                    if escape =>
                {
                    o.push_str(&format!("\\u{:04x}", u32::from(c)))
                }
                _ => o.push(c),
            }
        }
        o
    }

    #[test]
    fn strings_are_escaped_as_character_by_character() {
        // Every character that is escaped or shares a lead byte with one,
        // at every position of an eight-byte word, among plain ASCII and
        // Han text.
        let specials = [
            '"', '\\', '\n', '\r', '\t', '\u{8}', '\u{c}', '\0', '\u{1}', '\u{1f}', ' ', '\u{7e}',
            '\u{7f}', '\u{80}', '\u{9f}', '\u{a0}', 'é', '\u{2029}', '\u{202a}', '\u{202e}',
            '\u{202f}', '\u{2065}', '\u{2066}', '\u{2069}', '\u{206a}', '“', '”', '—', '…', '中',
            '😀',
        ];
        let mut cases = vec![String::new(), "plain ascii text, long enough".to_string()];
        for &c in &specials {
            for pad in 0..10 {
                cases.push(format!("{}{c}{}", "a".repeat(pad), "b".repeat(9 - pad)));
                cases.push(format!("{}{c}", "文".repeat(pad)));
                cases.push(format!("{c}{c}{}{c}", "x".repeat(pad)));
            }
        }
        for escape in [false, true] {
            for s in &cases {
                let mut o = Vec::new();
                escaped(&mut o, s, escape);
                assert_eq!(
                    String::from_utf8(o).expect("utf-8"),
                    escaped_by_chars(s, escape),
                    "{s:?} (escape {escape})"
                );
            }
        }
        // Without the terminal escapes: serde_json's own string.
        for s in &cases {
            let mut o = b"\"".to_vec();
            escaped(&mut o, s, false);
            o.push(b'"');
            assert_eq!(o, serde_json::to_vec(s).expect("json"), "{s:?}");
        }
    }

    proptest::proptest! {
        // Random strings of any length (short and word-scanned paths) of
        // plain text, every escaped character, the characters that share
        // C2 or E2 with the escaped ones (“ ” — … U+2028/9) and
        // multi-byte text: the same as a character at a time.
        #[test]
        fn random_strings_are_escaped_as_character_by_character(
            s in "[a-z _|\\\\\"\\x00-\\x1f\\x7f\\u{80}-\\u{a0}é“”—…\\u{2026}-\\u{2070}中文😀]{0,80}",
        ) {
            for escape in [false, true] {
                let mut o = Vec::new();
                escaped(&mut o, &s, escape);
                proptest::prop_assert_eq!(
                    String::from_utf8(o).expect("utf-8"),
                    escaped_by_chars(&s, escape)
                );
            }
            let mut o = b"\"".to_vec();
            escaped(&mut o, &s, false);
            o.push(b'"');
            proptest::prop_assert_eq!(o, serde_json::to_vec(&s).expect("json"));
        }
    }

    /// Every stretch of `s` (byte ranges, whole characters or not) as the
    /// index's marks write it: `escaped` of the stretch when it is one of
    /// whole characters, nothing otherwise.
    fn stretches_by_marks_are_escaped(s: &str) {
        for (escape, compact) in [(false, false), (true, false), (false, true), (true, true)] {
            let idx = CpIndex::made(s, escape, compact);
            for start in 0..=s.len() {
                for end in start..=s.len() {
                    let mut o = Vec::new();
                    idx.escaped_into(&mut o, start, end, escape);
                    let mut want = Vec::new();
                    if let Some(part) = s.get(start..end) {
                        escaped(&mut want, part, escape);
                    }
                    assert_eq!(o, want, "{s:?} {start}..{end} (escape {escape})");
                }
            }
            // Marks made for the other escaping are not used.
            let mut o = Vec::new();
            idx.escaped_into(&mut o, 0, s.len(), !escape);
            let mut want = Vec::new();
            escaped(&mut want, s, !escape);
            assert_eq!(o, want, "{s:?} (marks for {escape})");
        }
    }

    #[test]
    fn stretches_of_a_text_are_escaped_by_its_marks_as_one_at_a_time() {
        // Nothing to escape; only characters sharing a lead byte or a
        // word with escaped ones; escaped ones at block edges (64 bytes).
        let mut cases = vec![
            String::new(),
            "新华社北京电 记者报道，“今天”——会议…结束。".to_string(),
            "a\"b\\c\nd\te\u{7f}f\u{85}g\u{202a}h\u{2066}i\u{2029}j“k”".to_string(),
        ];
        for pad in 58..68 {
            cases.push(format!(
                "{}\n{}\u{202e}文",
                "x".repeat(pad),
                "中".repeat(pad / 3)
            ));
            cases.push(format!("{}\u{85}“”", "文".repeat(pad / 3)));
        }
        for s in &cases {
            stretches_by_marks_are_escaped(s);
        }
    }

    proptest::proptest! {
        #[test]
        fn random_stretches_are_escaped_by_the_marks_as_one_at_a_time(
            s in "[a-z _|\\\\\"\\x00-\\x1f\\x7f\\u{80}-\\u{a0}é“”—…\\u{2026}-\\u{2070}中文😀]{0,40}",
        ) {
            stretches_by_marks_are_escaped(&s);
        }
    }

    proptest::proptest! {
        // Short strings (the word-at-a-time writes of `escaped`, cut to
        // their length), mostly with nothing to escape.
        #[test]
        fn short_strings_are_escaped_as_character_by_character(
            s in "[a-z_é中“”…\"\\\\\n\u{85}]{0,17}",
        ) {
            for escape in [false, true] {
                let mut o = b"ab".to_vec();
                escaped(&mut o, &s, escape);
                let mut want = b"ab".to_vec();
                want.extend_from_slice(escaped_by_chars(&s, escape).as_bytes());
                proptest::prop_assert_eq!(o, want);
            }
        }
    }

    proptest::proptest! {
        // Up to sixteen bytes written by words are the bytes, over a stage
        // holding other bytes.
        #[test]
        fn short_bytes_written_by_words_are_the_bytes(
            bytes in proptest::collection::vec(0u8..=255, 0..=16),
            before in 0usize..3,
        ) {
            let mut stage = [b'x'; 24];
            short_into(&mut stage[before..], &bytes);
            proptest::prop_assert_eq!(&stage[..before], &vec![b'x'; before][..]);
            proptest::prop_assert_eq!(&stage[before..before + bytes.len()], &bytes[..]);
        }
    }

    proptest::proptest! {
        // Packed tokens by the fixed-size writer are the general writer's
        // bytes: lengths of every size (0: a long one), gaps, offsets
        // that cross hundreds and powers of ten, runs of any length, both
        // layouts.
        #[test]
        fn packed_tokens_by_moves_are_the_general_writers(
            toks in proptest::collection::vec((0u8..3, 0u8..=255, 0u32..3, 0u32..2000), 0..300),
            per in 1usize..400,
        ) {
            let pos = ["n", "uj", "x_y-9"];
            let tags: Vec<u8> = toks.iter().map(|t| t.0).collect();
            let lens: Vec<u8> = toks.iter().map(|t| t.1).collect();
            let long: Vec<u32> = toks.iter().filter(|t| t.1 == 0).map(|t| t.3).collect();
            let gaps: Vec<(u32, u32)> = toks
                .iter()
                .enumerate()
                .filter(|(_, t)| t.2 > 0)
                .map(|(k, t)| (k as u32, t.2 * t.3))
                .collect();
            let t = TokensRef { pos: &pos, tags: &tags, lens: &lens, long: &long, gaps: &gaps };
            proptest::prop_assert!(tokens_end_below(&t, DIGITS_MAX));
            for pretty in [false, true] {
                let l = Layout { pretty, escape: true };
                let written = |below: bool, n: usize| {
                    let mut buf = Vec::new();
                    for (run, from) in t.runs(n) {
                        tokens_packed(&mut Out { o: &mut buf, l }, &run, from, below);
                    }
                    buf
                };
                let general = String::from_utf8(written(false, usize::MAX));
                proptest::prop_assert_eq!(String::from_utf8(written(true, per)), general.clone());
                proptest::prop_assert_eq!(String::from_utf8(written(true, usize::MAX)), general);
            }
        }
    }

    #[test]
    fn floats_are_written_as_serde_json_writes_them() {
        let mut xs: Vec<f64> = (0..=200_000).map(|k| f64::from(k) / 100.0).collect();
        xs.extend((0..=2000).map(|k| f64::from(k) * 0.01));
        xs.extend((0..=2000).map(|k| f64::from(k) / 1000.0));
        xs.extend([
            -0.0,
            -0.5,
            -1.0,
            1e-7,
            0.007,
            0.001,
            1e6,
            1e8,
            1e15,
            1e16,
            1e17,
            123456.78,
            999_999.99,
            1_000_000.01,
            0.7197018106427302,
            1.0 / 3.0,
            f64::MIN_POSITIVE,
            f64::MAX,
            f64::EPSILON,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ]);
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        for _ in 0..20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            xs.push(f64::from_bits(seed));
            xs.push((seed >> 11) as f64 / (1u64 << 53) as f64);
        }
        for x in xs {
            let mut o = Vec::new();
            Out {
                o: &mut o,
                l: Layout {
                    pretty: false,
                    escape: false,
                },
            }
            .f64(x);
            let want = if x.is_finite() {
                serde_json::to_vec(&x).expect("json")
            } else {
                b"null".to_vec()
            };
            assert_eq!(o, want, "{x:e} ({:#x})", x.to_bits());
        }
    }

    #[test]
    fn code_points_are_the_char_index_s() {
        let text = "a𠀀中文😀b\n".repeat(40) + "é";
        let full = CharIndex::new(&text);
        // The compact index (a big text's) finds each block's bits from
        // the text: the same offsets.
        for compact in [false, true] {
            let idx = CpIndex::made(&text, true, compact);
            assert_eq!(idx.char_len(), full.char_len());
            for b in 0..text.len() + 3 {
                assert_eq!(idx.to_cp(b), full.to_cp(b), "byte {b} (compact {compact})");
            }
            let mut cur = Cursor::new(&idx);
            for b in (0..text.len() + 2).chain([5, 0, 300, 2]) {
                assert_eq!(cur.at(b), full.to_cp(b), "cursor at byte {b}");
            }
        }
        assert!(!CpIndex::escaping(&text, true).compact);
        let big = "中".repeat(COMPACT_FROM / 3 + 1);
        let idx = CpIndex::escaping(&big, true);
        assert!(idx.compact && idx.starts.is_empty());
        assert_eq!(idx.esc.len(), big.len() / 64 / 64 + 1);
        assert_eq!(idx.to_cp(big.len() - 2), COMPACT_FROM / 3);
    }

    /// The writer that frees the annotations once written writes the
    /// bytes of the one that borrows them, and leaves none.
    #[test]
    fn annotations_freed_once_written_are_written_the_same() {
        for n in [0, 3] {
            let ann = with_sections(big(), n);
            let mut none = with_sections(big(), n);
            none.annotations.clear();
            for (doc, pretty, parallel) in [
                (&ann, true, true),
                (&ann, false, false),
                (&none, true, false),
                (&none, false, true),
            ] {
                let l = Layout {
                    pretty,
                    escape: true,
                };
                let want = written(doc, TokenStyle::Full, l, parallel);
                let mut freed = doc.clone();
                let mut got = Vec::new();
                write_freeing(&mut got, &mut freed, TokenStyle::Full, l, parallel)
                    .expect("write to memory");
                assert!(got == want, "pretty {pretty} parallel {parallel}");
                assert!(freed.annotations.is_empty());
            }
        }
    }

    /// Packed tokens written in runs (a piece each) are the tokens
    /// written in one: gaps (the first token's too), long lengths, runs
    /// that start after a gap or a long token, both layouts, both writers
    /// (a tag too long for a move takes the general one), and offsets past
    /// eight digits (the general one too).
    #[test]
    fn packed_tokens_in_runs_are_the_tokens_in_one() {
        let long_tag = "x".repeat(60);
        for pos in [vec!["n", "v", "uj"], vec!["n", "v", long_tag.as_str()]] {
            let tags: Vec<u8> = (0..40u8).map(|k| k % 3).collect();
            let lens: Vec<u8> = (0..40u8)
                .map(|k| if k % 7 == 3 { 0 } else { 1 + k % 4 })
                .collect();
            let long: Vec<u32> = (0..lens.iter().filter(|&&l| l == 0).count() as u32)
                .map(|k| 300 + k)
                .collect();
            for gaps in [
                vec![(0u32, 2u32), (5, 1), (6, 3), (19, 100), (39, 2)],
                vec![(4, 100_000_000)],
            ] {
                let t = TokensRef {
                    pos: &pos,
                    tags: &tags,
                    lens: &lens,
                    long: &long,
                    gaps: &gaps,
                };
                let below = tokens_end_below(&t, DIGITS_MAX);
                for pretty in [false, true] {
                    let l = Layout {
                        pretty,
                        escape: true,
                    };
                    let written = |n: usize| {
                        let mut buf = Vec::new();
                        for (run, from) in t.runs(n) {
                            let mut o = Out { o: &mut buf, l };
                            tokens_packed(&mut o, &run, from, below);
                        }
                        buf
                    };
                    let whole = written(usize::MAX);
                    assert!(!whole.is_empty());
                    for n in [1, 2, 3, 5, 6, 7, 39, 40] {
                        assert_eq!(
                            String::from_utf8_lossy(&written(n)),
                            String::from_utf8_lossy(&whole),
                            "runs of {n}, pretty {pretty}, gaps {gaps:?}, pos {pos:?}"
                        );
                    }
                }
            }
        }
    }
}
