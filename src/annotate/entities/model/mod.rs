//! The entity model: an averaged structured perceptron over characters,
//! tagging each character `O`, `B-X` or `I-X` (X: PER, ORG, LOC).
//!
//! Its features ([`features`]) are the characters around each position,
//! jieba's words and tags, the word lists and the rule layer's own entities,
//! so the rules are evidence the model weighs rather than a parallel system.
//! Decoding is Viterbi under the BIO constraints (`I-X` only after `B-X` or
//! `I-X`); an entity's confidence comes from the max-marginal margin of its
//! characters (how much worse the best path that tags them otherwise is).
//!
//! The weights are hashed feature buckets quantised to `i8`, trained by
//! `cargo run --release --example train_ner` ([`train`]) and shipped
//! zstd-compressed in `data/entities/ner_model.bin.zst` (only the buckets
//! with a weight, see [`Model::to_bytes`]); [`shipped`] decompresses them once, on
//! first use ([`preload`] starts that on a worker thread while the other
//! resources load).

pub mod features;
pub mod train;

#[cfg(test)]
mod tests;

mod compact;

use super::{Entity, Label, Source};
use crate::annotate::Resources;
use crate::annotate::tokens::Tagged;
use compact::Compact;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock, RwLock};

/// Number of tags: O, then B and I of PER, ORG, LOC.
pub const NT: usize = 7;
/// Weight lanes per bucket (the tags, padded to 8).
const LANES: usize = 8;
/// The labels in tag order: tag `1 + 2k` is `B-LABELS[k]`, `2 + 2k` is `I-`.
pub const LABELS: [Label; 3] = [Label::Per, Label::Org, Label::Loc];
/// The stored model's format: zstd, the non-zero rows only, `i8` weights
/// and a shift per row ([`Model::to_bytes`]). Formats 1 (gzip, every row) and 2 (`i16`
/// weights) were those of the models shipped before round 2 session 10.
const MAGIC: &[u8; 6] = b"YLNER\x03";
/// The quantised weights' range: `-LEVELS..=LEVELS`, times a power of two
/// per row (up to `2^MAX_SHIFT`).
const LEVELS: i8 = 127;
/// The largest of a row's shifts.
const MAX_SHIFT: u8 = 8;
/// Where a row keeps its shift (the byte after the tags').
const SHIFT: usize = NT;

/// The tag index of a BIO tag name (`O`, `B-PER`, …); unknown labels are O.
pub fn tag_index(tag: &str) -> u8 {
    let Some((prefix, label)) = tag.split_once('-') else {
        return 0;
    };
    let Some(k) = LABELS.iter().position(|l| l.name() == label) else {
        return 0;
    };
    match prefix {
        "B" | "S" => 1 + 2 * k as u8,
        "I" | "M" | "E" => 2 + 2 * k as u8,
        _ => 0,
    }
}

/// Whether tag `cur` may follow tag `prev` (`None`: the start).
pub fn allowed(prev: Option<usize>, cur: usize) -> bool {
    let inside = cur > 0 && cur.is_multiple_of(2);
    !inside || prev.is_some_and(|p| p == cur || p + 1 == cur)
}

/// Transition and start scores.
#[derive(Clone, Debug, Default)]
pub struct Transitions {
    pub start: [f32; NT],
    pub trans: [[f32; NT]; NT],
}

/// The tags that may follow any tag (`O`, `B-X`) and the `I-X` tags.
const OPEN: [usize; 4] = [0, 1, 3, 5];
const INSIDE: [usize; 3] = [2, 4, 6];
const _: () = assert!(NT == 7, "OPEN and INSIDE list the tags");

/// Viterbi over emission scores under the BIO constraints. Returns the best
/// tags and, per character, the margin between the best path and the best
/// path that tags that character otherwise.
///
/// The constraints are written into the loops rather than tested per pair
/// of tags: `O` and `B-X` may follow anything, `I-X` only `B-X` or `I-X`.
/// Ties go to the lower tag, as a scan of the allowed tags in order gives.
pub fn decode(em: &[[f32; NT]], t: &Transitions) -> (Vec<u8>, Vec<f32>) {
    let (tags, alpha) = best_tags(em, t);
    let beta = backward(em, t, 0);
    let margins = (0..tags.len())
        .map(|i| margin(&alpha[i], &beta[i], tags[i]))
        .collect();
    (tags, margins)
}

/// The scores below any path's.
const NEG: f32 = -1e30;

/// The forward half of [`decode`]: the best tags and each character's
/// forward max scores (the best path ending in each tag there).
#[allow(clippy::needless_range_loop)] // tag indices into score matrices
fn best_tags(em: &[[f32; NT]], t: &Transitions) -> (Vec<u8>, Vec<[f32; NT]>) {
    let n = em.len();
    if n == 0 {
        return (Vec::new(), Vec::new());
    }
    let mut alpha = vec![[NEG; NT]; n];
    let mut back = vec![[0u8; NT]; n];
    for c in 0..NT {
        if allowed(None, c) {
            alpha[0][c] = t.start[c] + em[0][c];
        }
    }
    for i in 1..n {
        let prev = alpha[i - 1];
        let (row, arg) = (&mut alpha[i], &mut back[i]);
        // O and B-X: any tag before.
        for c in OPEN {
            let mut best = NEG;
            let mut at = 0;
            for p in 0..NT {
                let s = prev[p] + t.trans[p][c];
                if s > best {
                    best = s;
                    at = p;
                }
            }
            row[c] = best + em[i][c];
            arg[c] = at as u8;
        }
        // I-X: after B-X (c - 1) or I-X (c).
        for c in INSIDE {
            let (b, s) = (prev[c - 1] + t.trans[c - 1][c], prev[c] + t.trans[c][c]);
            let (best, at) = if s > b && s > NEG {
                (s, c)
            } else if b > NEG {
                (b, c - 1)
            } else {
                (NEG, 0)
            };
            row[c] = best + em[i][c];
            arg[c] = at as u8;
        }
    }
    let mut tags = vec![0u8; n];
    let mut last = 0;
    for c in 1..NT {
        if alpha[n - 1][c] > alpha[n - 1][last] {
            last = c;
        }
    }
    tags[n - 1] = last as u8;
    for i in (1..n).rev() {
        tags[i - 1] = back[i][tags[i] as usize];
    }
    (tags, alpha)
}

/// The backward half of [`decode`]: each character's backward max scores
/// (the best rest of the path after each tag there), for the characters
/// from `from` on (row `k` is character `from + k`'s). Each row reads only
/// the rows after it, so the rows from `from` on are those a whole pass
/// gives.
#[allow(clippy::needless_range_loop)] // tag indices into score matrices
fn backward(em: &[[f32; NT]], t: &Transitions, from: usize) -> Vec<[f32; NT]> {
    let n = em.len();
    if from >= n {
        return Vec::new();
    }
    let mut beta = vec![[NEG; NT]; n - from];
    let last = beta.len() - 1;
    beta[last] = [0.0; NT];
    for k in (0..last).rev() {
        let i = from + k;
        let (e, b) = (&em[i + 1], beta[k + 1]);
        let row = &mut beta[k];
        for c in 0..NT {
            // O and B-X may come next after anything; I-X only after B-X or
            // I-X of its label.
            let mut best = NEG;
            for x in OPEN {
                best = best.max(t.trans[c][x] + e[x] + b[x]);
            }
            if c > 0 {
                let x = if c % 2 == 1 { c + 1 } else { c };
                best = best.max(t.trans[c][x] + e[x] + b[x]);
            }
            row[c] = best;
        }
    }
    beta
}

/// A character's margin: the best path's score (through tag `best`) less
/// the best of the paths through any other tag there.
fn margin(alpha: &[f32; NT], beta: &[f32; NT], best: u8) -> f32 {
    let best = best as usize;
    let top = alpha[best] + beta[best];
    let other = (0..NT)
        .filter(|&c| c != best)
        .map(|c| alpha[c] + beta[c])
        .fold(NEG, f32::max);
    top - other
}

/// Entity spans (character indices) of a tag sequence: `(start, end, k)`
/// with `k` an index into [`LABELS`].
pub fn spans(tags: &[u8]) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < tags.len() {
        let t = tags[i] as usize;
        if t > 0 && t % 2 == 1 {
            let k = (t - 1) / 2;
            let mut j = i + 1;
            while j < tags.len() && tags[j] as usize == t + 1 {
                j += 1;
            }
            out.push((i, j, k));
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

/// A trained model: quantised weights per hashed feature bucket.
///
/// The emissions read a row per feature straight from the table of every
/// bucket: 2^21 buckets of 8 bytes (the 7 tags' `i8` weights and the row's
/// shift, [`Model::quantise`]), 17 MB (34 MB with the `i16` rows shipped
/// before round 2 session 10). About 70% of the buckets never got a
/// weight, so the stored form keeps only the others ([`Model::to_bytes`]).
/// In memory the same form, found through a bit set with running counts
/// ([`compact::Compact`], 5.5 MB), makes the entity step slower (only
/// 13–15% of the features a text hashes land on an empty bucket, and each
/// read first finds its row): the browser, whose memory is bounded, asks
/// for it ([`prefer_compact`]); `annotate` keeps the full table.
pub struct Model {
    bits: u32,
    scale: f32,
    weights: Weights,
    pub transitions: Transitions,
}

/// The weight rows in one of their two forms (the same sums).
enum Weights {
    /// Every bucket's row: the fastest reads.
    Dense(Table),
    /// Only the rows with a weight ([`prefer_compact`]).
    Compact(Compact),
}

impl Weights {
    /// Bucket `f`'s row, if it has one.
    fn row(&self, f: u32) -> Option<&[u8; ROW]> {
        match self {
            Weights::Dense(t) => t.rows().get(f as usize),
            Weights::Compact(c) => c.row(f),
        }
    }

    /// The rows kept (those of every bucket for the dense form).
    fn kept(&self) -> &[[u8; ROW]] {
        match self {
            Weights::Dense(t) => t.rows(),
            Weights::Compact(c) => c.rows(),
        }
    }
}

/// Buckets per word of the stored bit set of non-zero buckets.
const SPAN: usize = 32;

/// Bytes per bucket: the tags' `i8` weights, then the row's shift
/// ([`Model::quantise`]).
const ROW: usize = LANES;

/// How many characters ahead [`Model::emissions`] asks for the rows of.
const AHEAD: usize = 2;

/// How many characters after its rows are asked for [`Model::predict_sent`]
/// sums a character's rows: 4 (5 × 34 rows in flight or waiting, well
/// within the first-level cache) took 2–3% less CPU over 7.7 MB of real
/// text than 2 (round 2 session 18), 8 and 16 no less than 4.
const LAG: usize = 4;

/// Asks the processor to bring row `f` into the caches (x86-64; elsewhere
/// nothing).
#[inline(always)]
fn prefetch(rows: &[[u8; ROW]], f: u32) {
    #[cfg(target_arch = "x86_64")]
    if let Some(r) = rows.get(f as usize) {
        safe_arch::prefetch_t0(r);
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = (rows, f);
}

/// The sums of one character's rows (`fs`, places in `rows`; a place
/// past them reads as no row): per tag, each row's weight times 2 to the
/// row's shift (at most [`MAX_SHIFT`], as [`Model::read`] checks), summed
/// in `i32` (exact: [`features::PER_CHAR`] rows of at most 127 × 2^8).
/// The last lane sums nothing of use.
///
/// On x86-64 two rows at a time in SSE2 (the baseline): each row's bytes
/// widened to 16-bit lanes and shifted there (a weight times 2^8 still
/// fits), the two rows' lanes interleaved, and one multiply-add by ones
/// (`pmaddwd`) adds each pair into 32-bit lanes. The same integers as the
/// row-by-row sum of other targets, added in another order. Not inlined:
/// alone, its sums stay in registers.
#[inline(never)]
fn char_sums(rows: &[[u8; ROW]], fs: &[u32; features::PER_CHAR]) -> [i32; LANES] {
    #[cfg(target_arch = "x86_64")]
    {
        use safe_arch::*;
        let zero = zeroed_m128i();
        let ones = set_splat_i16_m128i(1);
        // A row as 16-bit lanes: each byte doubled into a lane, shifted
        // down by 8 (the weight, its sign kept), then up by the row's shift
        // (a left shift, the same for signed lanes).
        let term = |f: u32| match rows.get(f as usize) {
            Some(r) => {
                let v = set_i64_m128i_s(i64::from_le_bytes(*r));
                let w = shr_imm_i16_m128i::<8>(unpack_low_i8_m128i(v, v));
                shl_all_u16_m128i(w, set_i32_m128i_s(i32::from(r[SHIFT])))
            }
            None => zero,
        };
        let (mut lo, mut hi) = (zero, zero);
        const _: () = assert!(features::PER_CHAR.is_multiple_of(2));
        for &[a, b] in fs.as_chunks::<2>().0 {
            let (a, b) = (term(a), term(b));
            lo = add_i32_m128i(
                lo,
                mul_i16_horizontal_add_m128i(unpack_low_i16_m128i(a, b), ones),
            );
            hi = add_i32_m128i(
                hi,
                mul_i16_horizontal_add_m128i(unpack_high_i16_m128i(a, b), ones),
            );
        }
        let (lo, hi) = (<[i32; 4]>::from(lo), <[i32; 4]>::from(hi));
        [lo[0], lo[1], lo[2], lo[3], hi[0], hi[1], hi[2], hi[3]]
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        let mut acc = [0i32; LANES];
        for &f in fs {
            if let Some(r) = rows.get(f as usize) {
                let shift = u32::from(r[SHIFT]);
                for (a, &b) in acc.iter_mut().zip(r) {
                    *a += i32::from(b.cast_signed()) << shift;
                }
            }
        }
        acc
    }
}

/// The weight rows: [`ROW`] bytes each.
///
/// The emissions read [`features::PER_CHAR`] random rows per character,
/// so many reads miss the caches and, with 4 KB pages, the TLB too. The
/// rows live in anonymous memory that asks for transparent huge pages
/// (2 MB, on Linux): that made the emissions about 30% faster. Where that
/// memory cannot be had, an ordinary vector holds them.
struct Table {
    mem: Memory,
    /// Where the rows start in `mem` (a 2 MB boundary in a mapping).
    start: usize,
    len: usize,
}

enum Memory {
    Map(memmap2::MmapMut),
    Heap(Vec<u8>),
}

/// The size of a huge page.
const HUGE: usize = 2 << 20;

impl Table {
    /// A table of `rows` rows of zeros.
    fn zeros(rows: usize) -> Table {
        let len = rows * ROW;
        match memmap2::MmapOptions::new().len(len + HUGE).map_anon() {
            Ok(map) => {
                // Advice only: without it the table works the same.
                #[cfg(target_os = "linux")]
                let _ = map.advise(memmap2::Advice::HugePage);
                let start = (HUGE - map.as_ptr() as usize % HUGE) % HUGE;
                Table {
                    mem: Memory::Map(map),
                    start,
                    len,
                }
            }
            Err(_) => Table {
                mem: Memory::Heap(vec![0; len]),
                start: 0,
                len,
            },
        }
    }
    fn bytes(&self) -> &[u8] {
        let all: &[u8] = match &self.mem {
            Memory::Map(m) => m,
            Memory::Heap(v) => v,
        };
        &all[self.start..self.start + self.len]
    }
    fn bytes_mut(&mut self) -> &mut [u8] {
        let all: &mut [u8] = match &mut self.mem {
            Memory::Map(m) => m,
            Memory::Heap(v) => v,
        };
        &mut all[self.start..self.start + self.len]
    }
    fn rows(&self) -> &[[u8; ROW]] {
        self.bytes().as_chunks::<ROW>().0
    }
    fn rows_mut(&mut self) -> &mut [[u8; ROW]] {
        self.bytes_mut().as_chunks_mut::<ROW>().0
    }
}

impl Model {
    /// A model from float weights (one `[f32; LANES]` per bucket),
    /// quantised to `i8` per row with a shared power of two: a row keeps
    /// its tags' weights as `-127..=127` steps of `scale × 2^shift`, the
    /// least shift that holds its largest weight, in the row's last byte.
    /// The finest step (`shift` 0) is the largest weight of all over
    /// `127 × 2^8`, about that of `i16` weights, so small rows keep their
    /// precision and every row has 7–8 significant bits.
    pub fn quantise(bits: u32, weights: &[[f32; LANES]], transitions: Transitions) -> Model {
        let max = weights
            .iter()
            .flat_map(|w| w[..NT].iter())
            .fold(0f32, |m, w| m.max(w.abs()));
        let l = f32::from(LEVELS);
        let scale = if max > 0.0 {
            max / (l * f32::from(1u16 << MAX_SHIFT))
        } else {
            1.0
        };
        let mut table = Table::zeros(1 << bits);
        for (row, w) in table.rows_mut().iter_mut().zip(weights) {
            let top = w[..NT].iter().fold(0f32, |m, v| m.max(v.abs()));
            let shift = (0..MAX_SHIFT)
                .find(|&e| (top / (scale * f32::from(1u16 << e))).round() <= l)
                .unwrap_or(MAX_SHIFT);
            let step = scale * f32::from(1u16 << shift);
            for (b, v) in row.iter_mut().zip(&w[..NT]) {
                *b = ((v / step).round().clamp(-l, l) as i8).cast_unsigned();
            }
            if row[..NT].iter().any(|&b| b != 0) {
                row[SHIFT] = shift;
            }
        }
        Model {
            bits,
            scale,
            weights: Weights::Dense(table),
            transitions,
        }
    }

    /// Whether bucket `f` has a weight.
    fn has_weight(&self, f: u32) -> bool {
        self.weights
            .row(f)
            .is_some_and(|r| r.iter().any(|&b| b != 0))
    }

    /// The number of buckets with a weight.
    pub fn rows_kept(&self) -> usize {
        self.weights
            .kept()
            .iter()
            .filter(|r| r.iter().any(|&b| b != 0))
            .count()
    }

    /// Feature hash width.
    pub fn bits(&self) -> u32 {
        self.bits
    }

    /// Size of the weights in memory, in bytes.
    pub fn memory(&self) -> usize {
        match &self.weights {
            Weights::Dense(t) => t.len,
            Weights::Compact(c) => c.memory(),
        }
    }

    /// How many of `ids` land on a bucket with no weight.
    pub fn empty_reads(&self, ids: &[u32]) -> usize {
        ids.iter().filter(|&&f| !self.has_weight(f)).count()
    }

    /// Emission scores of every character.
    ///
    /// Most rows a character reads miss the caches (see [`Table`]), and
    /// the sum of one row waits for its read: the rows of the characters
    /// [`AHEAD`] places on are asked for ahead of time (a prefetch, which
    /// changes no result), so that their reads overlap this character's
    /// sums rather than follow them.
    pub fn emissions(&self, ids: &[u32]) -> Vec<[f32; NT]> {
        match &self.weights {
            Weights::Dense(t) => self.emissions_in(t.rows(), ids),
            Weights::Compact(c) => self.emissions_in(c.rows(), &c.ranks(ids)),
        }
    }

    /// [`Model::emissions`] over `rows` read at `ids`.
    fn emissions_in(&self, rows: &[[u8; ROW]], ids: &[u32]) -> Vec<[f32; NT]> {
        let ahead = AHEAD * features::PER_CHAR;
        ids.iter().take(ahead).for_each(|&f| prefetch(rows, f));
        ids.as_chunks::<{ features::PER_CHAR }>()
            .0
            .iter()
            .enumerate()
            .map(|(i, fs)| {
                let next = (i * features::PER_CHAR + ahead).min(ids.len());
                for &f in ids[next..].iter().take(features::PER_CHAR) {
                    prefetch(rows, f);
                }
                self.scores(char_sums(rows, fs))
            })
            .collect()
    }

    /// A character's emission scores from its rows' sums.
    #[inline(always)]
    fn scores(&self, sums: [i32; LANES]) -> [f32; NT] {
        let mut e = [0f32; NT];
        for (e, a) in e.iter_mut().zip(sums) {
            *e = a as f32 * self.scale;
        }
        e
    }

    /// The model's entities in `text` (byte offsets), given its jieba tags
    /// and the rule layer's entities.
    pub fn predict(
        &self,
        text: &str,
        tags: &[Tagged<'_>],
        rules: &[Entity],
        res: &Resources,
    ) -> Vec<Entity> {
        let sent = super::Sent::new(text, tags, res.dictionary(), &res.entities);
        self.predict_sent(&sent, rules, &res.entities, 0.0)
    }

    /// [`Model::predict`] over a sentence the rules have looked up, with
    /// the rules as a prior: `prior` × an entity's confidence is added to
    /// the score of the tags the rules give its characters, so that where
    /// the model is unsure the rules' reading wins (0: the model alone),
    /// except inside a longer name the model reads ([`whole_names`]).
    /// Where the rules see nothing the model decides alone: the rules miss
    /// a third of the organisations, and a bonus to the outside tag there
    /// (10 until round 2 session 20) cost about 0.4 points of F1 on the
    /// dev set and on held-out MSRA articles alike (README, "Held-out
    /// articles").
    pub(crate) fn predict_sent(
        &self,
        sent: &super::Sent<'_>,
        rules: &[Entity],
        lex: &super::Lexicon,
        prior: f32,
    ) -> Vec<Entity> {
        // Each feature's weight row is asked for as soon as the feature
        // is hashed, and a character's rows are summed [`LAG`] characters
        // later, while they are still in the first-level cache; the last
        // characters' once all are known.
        let rows = self.weights.kept();
        let mut em: Vec<[f32; NT]> = Vec::with_capacity(sent.text.len() / 3 + 1);
        let mut sum_lagging = |before: &[u32], _: &[u32]| {
            if let Some(from) = before.len().checked_sub(LAG * features::PER_CHAR)
                && let Some(fs) = before[from..].first_chunk()
            {
                em.push(self.scores(char_sums(rows, fs)));
            }
        };
        let f = match &self.weights {
            Weights::Dense(_) => {
                let each = |id| {
                    prefetch(rows, id);
                    id
                };
                features::extract_with(sent, rules, lex, self.bits, each, &mut sum_lagging)
            }
            // Each feature turned into the place of its row as soon as it
            // is hashed, and that row asked for.
            Weights::Compact(c) => {
                let each = |id| {
                    let at = c.rank(id);
                    prefetch(rows, at);
                    at
                };
                features::extract_with(sent, rules, lex, self.bits, each, &mut sum_lagging)
            }
        };
        for fs in f.ids.as_chunks().0.iter().skip(em.len()) {
            em.push(self.scores(char_sums(rows, fs)));
        }
        let prior = tuning(prior);
        if prior > 0.0 {
            let char_at = |b: usize| f.offsets.partition_point(|&o| o < b);
            // The model's own longer names, where a rule entity inside one
            // adds no prior.
            let names = if rules.is_empty() {
                Vec::new()
            } else {
                whole_names(&em, &self.transitions, sent, &f.offsets, lex, rules)
            };
            for e in rules {
                let Some(k) = LABELS.iter().position(|l| *l == e.label) else {
                    continue;
                };
                let (a, b) = (char_at(e.start), char_at(e.end).min(em.len()));
                if inside_whole_name(&names, a, b, e.label) {
                    continue;
                }
                for (j, row) in em.iter_mut().enumerate().take(b).skip(a) {
                    row[if j == a { 1 + 2 * k } else { 2 + 2 * k }] += prior * e.confidence;
                }
            }
        }
        // The margins only where an entity's confidence reads them, and
        // the backward pass only from the first entity on (each backward
        // row reads only those after it): the same values as [`decode`]'s,
        // without the passes over sentences with no entity.
        let (tags, alpha) = best_tags(&em, &self.transitions);
        let found = spans(&tags);
        let Some(&(first, _, _)) = found.first() else {
            return Vec::new();
        };
        let beta = backward(&em, &self.transitions, first);
        found
            .into_iter()
            .map(|(a, b, k)| {
                // The least certain character of the span, and the one
                // after it (where the span might go on).
                let m = (a..(b + 1).min(tags.len()))
                    .map(|i| margin(&alpha[i], &beta[i - first], tags[i]))
                    .fold(f32::MAX, |m, x| m.min(x));
                Entity {
                    start: f.offsets[a],
                    end: f.offsets[b],
                    label: LABELS[k],
                    source: Source::Model,
                    confidence: confidence(m),
                }
            })
            .collect()
    }

    /// The model as stored in `data/` (zstd-compressed): the header and
    /// transitions, the bit set of non-zero buckets, then the non-zero
    /// rows tag by tag (each tag's weights together compress better).
    pub fn to_bytes(&self) -> std::io::Result<Vec<u8>> {
        let every: Vec<[u8; ROW]>;
        let rows: &[[u8; ROW]] = match &self.weights {
            Weights::Dense(t) => t.rows(),
            Weights::Compact(c) => {
                every = (0..1u32 << self.bits)
                    .map(|f| c.row(f).copied().unwrap_or([0; ROW]))
                    .collect();
                &every
            }
        };
        let kept: Vec<&[u8; ROW]> = rows.iter().filter(|r| r.iter().any(|&b| b != 0)).collect();
        let mut raw = Vec::with_capacity(kept.len() * NT + rows.len() / 8 + 256);
        raw.extend_from_slice(MAGIC);
        raw.extend_from_slice(&self.bits.to_le_bytes());
        raw.extend_from_slice(&self.scale.to_le_bytes());
        for s in self.transitions.start {
            raw.extend_from_slice(&s.to_le_bytes());
        }
        for row in &self.transitions.trans {
            for s in row {
                raw.extend_from_slice(&s.to_le_bytes());
            }
        }
        raw.extend_from_slice(&(kept.len() as u32).to_le_bytes());
        for span in rows.chunks(SPAN) {
            let mask = span
                .iter()
                .enumerate()
                .filter(|(_, r)| r.iter().any(|&b| b != 0))
                .fold(0u32, |m, (k, _)| m | 1 << k);
            raw.extend_from_slice(&mask.to_le_bytes());
        }
        for t in 0..ROW {
            raw.extend(kept.iter().map(|row| row[t]));
        }
        // A 128 KB window: the rows are decoded as they stream
        // ([`Model::read`]), and the decoder holds a window's bytes (with
        // the default, the whole 5.4 MB): 2.60 MB stored against 2.57.
        let mut z = zstd::bulk::Compressor::new(19)?;
        z.set_parameter(zstd::zstd_safe::CParameter::WindowLog(WINDOW_LOG))?;
        z.compress(&raw)
    }

    /// Reads a model written by [`Model::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> anyhow::Result<Model> {
        Model::read(bytes, false)
    }

    /// [`Model::from_bytes`] keeping only the rows with a weight (about
    /// 5.5 MB instead of 17; the same sums, read more slowly).
    pub fn from_bytes_compact(bytes: &[u8]) -> anyhow::Result<Model> {
        Model::read(bytes, true)
    }

    /// The rows are decoded straight into the table, a plane (a tag's
    /// weights) at a time in pieces of [`PIECE`] bytes, the bucket of
    /// each found by walking the masks again: neither the decompressed
    /// model (5.4 MB) nor the kept rows' bucket numbers (4.8 MB) are held
    /// beside the table while it loads.
    fn read(bytes: impl std::io::BufRead, compact: bool) -> anyhow::Result<Model> {
        use std::io::Read;
        let corrupt = |e: std::io::Error| anyhow::anyhow!("not a yuelan NER model ({e})");
        let mut z = zstd::stream::read::Decoder::with_buffer(bytes).map_err(corrupt)?;
        // The header is a few hundred bytes: read whole, then parsed.
        let mut head = vec![0u8; MAGIC.len() + 8 + 4 * (NT + NT * NT) + 4];
        z.read_exact(&mut head).map_err(corrupt)?;
        let mut r = Reader { raw: &head, at: 0 };
        let (bits, scale, transitions) = r.header(MAGIC)?;
        let kept = u32::from_le_bytes(r.array()?) as usize;
        let buckets = 1usize << bits;
        let mut raw_masks = vec![0u8; buckets.div_ceil(SPAN) * 4];
        z.read_exact(&mut raw_masks).map_err(corrupt)?;
        let masks: Vec<u32> = raw_masks
            .chunks_exact(4)
            .map(|m| u32::from_le_bytes([m[0], m[1], m[2], m[3]]))
            .collect();
        drop(raw_masks);
        // Which buckets have a row: as many as `kept`, all below `buckets`.
        let count: usize = masks.iter().map(|m| m.count_ones() as usize).sum();
        let last = masks
            .iter()
            .rposition(|&m| m != 0)
            .map(|w| w * SPAN + (31 - masks[w].leading_zeros() as usize));
        anyhow::ensure!(
            count == kept && last.is_none_or(|b| b < buckets),
            "corrupt NER model (row count)"
        );
        let mut piece = vec![0u8; PIECE.min(kept).max(1)];
        // Each plane in pieces, `put` given each byte's row number (in
        // bucket order among the kept rows) and the byte.
        let mut planes = |put: &mut dyn FnMut(usize, usize, &[u8])| -> anyhow::Result<()> {
            for t in 0..ROW {
                let mut done = 0;
                while done < kept {
                    let n = piece.len().min(kept - done);
                    z.read_exact(&mut piece[..n])
                        .map_err(|_| anyhow::anyhow!("truncated NER model"))?;
                    anyhow::ensure!(
                        t != SHIFT || piece[..n].iter().all(|&e| e <= MAX_SHIFT),
                        "corrupt NER model (shift)"
                    );
                    put(t, done, &piece[..n]);
                    done += n;
                }
            }
            // The rest of the frame read too, so that a damaged end
            // (its checksum) fails the load as decoding it whole did.
            std::io::copy(&mut z, &mut std::io::sink()).map_err(corrupt)?;
            Ok(())
        };
        if compact {
            let mut c = Compact::new(&masks, kept)
                .ok_or_else(|| anyhow::anyhow!("corrupt NER model (row count)"))?;
            let rows = c.rows_mut();
            planes(&mut |t, from, plane| {
                for (row, &v) in rows[from..].iter_mut().zip(plane) {
                    row[t] = v;
                }
            })?;
            return Ok(Model {
                bits,
                scale,
                weights: Weights::Compact(c),
                transitions,
            });
        }
        let mut weights = Table::zeros(buckets);
        let rows = weights.rows_mut();
        // The masks walked once a plane, as far as the piece goes.
        let mut walk = Buckets::new(&masks);
        planes(&mut |t, from, plane| {
            if from == 0 {
                walk = Buckets::new(&masks);
            }
            for &v in plane {
                if let Some(b) = walk.next() {
                    rows[b][t] = v;
                }
            }
        })?;
        Ok(Model {
            bits,
            scale,
            weights: Weights::Dense(weights),
            transitions,
        })
    }
}

/// The stored model's zstd window, 2^17 bytes ([`Model::to_bytes`]).
const WINDOW_LOG: u32 = 17;

/// How many bytes of a plane [`Model::read`] decodes at a time.
const PIECE: usize = 64 << 10;

/// The buckets with a row, in order, from the masks (32 buckets a mask).
struct Buckets<'m> {
    masks: &'m [u32],
    word: usize,
    mask: u32,
}

impl<'m> Buckets<'m> {
    fn new(masks: &'m [u32]) -> Buckets<'m> {
        Buckets {
            masks,
            word: 0,
            mask: masks.first().copied().unwrap_or(0),
        }
    }
}

impl Iterator for Buckets<'_> {
    type Item = usize;
    fn next(&mut self) -> Option<usize> {
        while self.mask == 0 {
            self.word += 1;
            self.mask = *self.masks.get(self.word)?;
        }
        let b = self.word * SPAN + self.mask.trailing_zeros() as usize;
        self.mask &= self.mask - 1;
        Some(b)
    }
}

struct Reader<'a> {
    raw: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> anyhow::Result<&'a [u8]> {
        let s = self
            .raw
            .get(self.at..self.at + n)
            .ok_or_else(|| anyhow::anyhow!("truncated NER model"))?;
        self.at += n;
        Ok(s)
    }
    fn array<const N: usize>(&mut self) -> anyhow::Result<[u8; N]> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.take(N)?);
        Ok(a)
    }
    /// The magic, feature width, scale and transitions.
    fn header(&mut self, magic: &[u8]) -> anyhow::Result<(u32, f32, Transitions)> {
        anyhow::ensure!(self.take(magic.len())? == magic, "not a yuelan NER model");
        let bits = u32::from_le_bytes(self.array()?);
        anyhow::ensure!((8..=26).contains(&bits), "bad feature width {bits}");
        let scale = f32::from_le_bytes(self.array()?);
        let mut transitions = Transitions::default();
        for s in &mut transitions.start {
            *s = f32::from_le_bytes(self.array()?);
        }
        for row in &mut transitions.trans {
            for s in row {
                *s = f32::from_le_bytes(self.array()?);
            }
        }
        Ok((bits, scale, transitions))
    }
}

/// The weight of the rules' entities in the combined decoding
/// ([`Model::predict_sent`]).
pub const RULE_PRIOR: f32 = 20.0;

/// The names the model alone reads in a sentence (character spans, with
/// their labels) that look whole: no punctuation or symbol inside (but the
/// middle dot of transcribed names), and, for organisations and places,
/// starting and ending where jieba's words do (not 步报国家发展改革委 out
/// of 同步|报) and ending the way names of their kind end: with an
/// organisation or place suffix (台, 学院, 常委会 …; 镇, 公园 …), or with
/// an entity of the same kind the rules found (人民代表大会 ending
/// 贵州省第十三届人民代表大会).
///
/// A rule entity strictly inside one of them gets no prior
/// ([`Model::predict_sent`]; inside a person, only a person): the rules
/// found a part of the name (四川 in 四川有线电视台, 全国人大常委会 in
/// 第六届全国人大常委会, 昭觉县 in 昭觉县庆恒乡庆恒村党支部, 苏立 in
/// 苏立凡) and missed the rest, so their entity is no evidence against the
/// longer one. A person holds no place, though (the model's 丽水富乐德 is a
/// place and a person). Added in round 2 session 21: the held-out MSRA
/// articles 0.8399 → 0.8424 (nerpy's 0.8343 → 0.8389), the dev set
/// 0.9269 → 0.9265 (华盛顿国家广场 read whole, as a chain of places in one
/// name, where MSRA splits it).
fn whole_names(
    em: &[[f32; NT]],
    t: &Transitions,
    sent: &super::Sent<'_>,
    offsets: &[usize],
    lex: &super::Lexicon,
    rules: &[Entity],
) -> Vec<(usize, usize, Label)> {
    let text = sent.text;
    spans(&best_tags(em, t).0)
        .into_iter()
        .map(|(a, b, k)| (offsets[a], offsets[b], LABELS[k], (a, b)))
        .filter(|&(from, to, label, _)| {
            let name = &text[from..to];
            let suffix = |name: &str| match label {
                Label::Org => lex.org_suffix_of(name).is_some(),
                _ => lex.place_suffix_of(name).is_some(),
            };
            let ends_with_rules = || {
                rules
                    .iter()
                    .any(|e| e.label == label && e.end == to && e.start > from)
            };
            name.chars().all(|c| c.is_alphanumeric() || c == '·')
                && match label {
                    Label::Per => true,
                    Label::Org | Label::Loc => {
                        sent.word_starting_at(from).is_some()
                            && sent.word_ending_at(to).is_some()
                            && (suffix(name) || ends_with_rules())
                    }
                    Label::Work => false,
                }
        })
        .map(|(.., label, (a, b))| (a, b, label))
        .collect()
}

/// Whether a rule entity over characters `a..b` labelled `label` lies
/// strictly inside one of the model's whole names ([`whole_names`]): a
/// person's holds only persons.
fn inside_whole_name(names: &[(usize, usize, Label)], a: usize, b: usize, label: Label) -> bool {
    names.iter().any(|&(x, y, l)| {
        x <= a && b <= y && (x, y) != (a, b) && (l != Label::Per || label == Label::Per)
    })
}

/// Development: `YUELAN_NER_PRIOR=P` overrides the prior.
fn tuning(prior: f32) -> f32 {
    static T: OnceLock<Option<f32>> = OnceLock::new();
    let t = T.get_or_init(|| std::env::var("YUELAN_NER_PRIOR").ok()?.parse().ok());
    match t {
        Some(t) if prior > 0.0 => *t,
        _ => prior,
    }
}

/// A margin (in score units) as a confidence in (0.5, 1).
pub fn confidence(margin: f32) -> f32 {
    1.0 / (1.0 + (-margin / MARGIN_SCALE).exp())
}

/// Score units per e-fold of confidence odds. On the development set the
/// median margin of wrong entities is about 33 (confidence 0.75), the
/// lowest tenth of right ones about 50 (0.85), their median 130.
const MARGIN_SCALE: f32 = 30.0;

/// The shipped model.
static SHIPPED: &[u8] = include_bytes!("../../../../data/entities/ner_model.bin.zst");
/// The shipped model as stored (what the corpus cache's entries are
/// keyed on, so that another model's entries are not read).
pub fn shipped_bytes() -> &'static [u8] {
    SHIPPED
}

/// The shipped model once loaded, until [`release`]d.
static MODEL: RwLock<Option<Arc<Model>>> = RwLock::new(None);
/// Held while the model loads, so that it loads once.
static LOADING: Mutex<()> = Mutex::new(());
/// Set when no model ships or it does not read: not tried again.
static MISSING: OnceLock<()> = OnceLock::new();

/// Whether the annotation pipeline uses the model: yes, unless
/// `YUELAN_NER=rules` asks for the hand-written rules alone.
pub fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var("YUELAN_NER").map_or(true, |v| v != "rules"))
}

/// The loaded model, if it is.
fn current() -> Option<Arc<Model>> {
    MODEL.read().unwrap_or_else(|e| e.into_inner()).clone()
}

/// The shipped model, decompressed on first use (tens of milliseconds) and
/// again after a [`release`]; `None` when none ships or it does not read.
pub fn shipped() -> Option<Arc<Model>> {
    if let Some(m) = current() {
        return Some(m);
    }
    let _loading = LOADING.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(m) = current() {
        return Some(m);
    }
    if SHIPPED.is_empty() || MISSING.get().is_some() {
        return None;
    }
    // Read from the binary's file (its mapped pages are not touched) as
    // it is decoded: the compressed model (2.6 MB) is not held beside the
    // table it fills (at the peak of a big document's entity step).
    let bytes = std::io::BufReader::with_capacity(1 << 16, crate::embedded::reader(SHIPPED));
    let read = Model::read(bytes, COMPACT.load(Ordering::Acquire));
    match read {
        Ok(m) => {
            let m = Arc::new(m);
            *MODEL.write().unwrap_or_else(|e| e.into_inner()) = Some(Arc::clone(&m));
            Some(m)
        }
        Err(_) => {
            let _ = MISSING.set(());
            None
        }
    }
}

/// The model in `file` (as `train_ner --out` writes it) when one is
/// given, else the shipped one: for the development tools that compare a
/// model trained otherwise (`ner_errors`, `ner_dump`, `ner_bench`).
pub fn from_file_or_shipped(file: Option<&std::path::Path>) -> anyhow::Result<Option<Arc<Model>>> {
    match file {
        Some(f) => Ok(Some(Arc::new(Model::from_bytes(&std::fs::read(f)?)?))),
        None => Ok(shipped()),
    }
}

/// Set by [`prefer_compact`].
static COMPACT: AtomicBool = AtomicBool::new(false);

/// Asks that the shipped model, when it next loads, keep only the rows
/// with a weight: about 5.5 MB instead of 17, the same entities, the
/// entity step slower (each read first finds its row through a bit set).
/// The browser asks for it: its memory is bounded, its annotation runs
/// behind the first screen.
pub fn prefer_compact() {
    COMPACT.store(true, Ordering::Release);
}

/// Lets the model go (17 MB) once no annotation holds it: the browser
/// calls this when its document is annotated, so that the view's tables
/// are not built beside it. The next [`shipped`] loads it again.
pub fn release() {
    RELEASE_WHEN_TAKEN.store(false, Ordering::Release);
    MODEL.write().unwrap_or_else(|e| e.into_inner()).take();
}

/// Set by [`release_when_taken`]: the next [`take`] lets the shared model go.
static RELEASE_WHEN_TAKEN: AtomicBool = AtomicBool::new(false);

/// Asks that the next [`take`] (the entity layer's, once per document)
/// let the shared model go as it hands it out: the model then lives only
/// as long as that document's recognition holds it, not through the
/// layers and the joining that follow (the browser, whose peak that is).
pub fn release_when_taken() {
    RELEASE_WHEN_TAKEN.store(true, Ordering::Release);
}

/// The model for one document's recognition: [`shipped`], and the shared
/// copy let go when [`release_when_taken`] asked it (the next use loads
/// it again, the same model).
pub fn take() -> Option<Arc<Model>> {
    let m = shipped();
    if RELEASE_WHEN_TAKEN.swap(false, Ordering::AcqRel) {
        MODEL.write().unwrap_or_else(|e| e.into_inner()).take();
    }
    m
}

/// Whether the model is loaded (and not released).
pub fn loaded() -> bool {
    current().is_some()
}

/// Starts loading the shipped model on a worker thread when the pipeline
/// will use it.
pub fn preload() {
    if enabled() && !loaded() {
        std::thread::spawn(|| {
            shipped();
        });
    }
}
