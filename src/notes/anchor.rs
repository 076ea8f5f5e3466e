//! Anchoring a note to text that may change: a text-quote selector (the
//! exact text, plus up to [`CONTEXT_CHARS`] code points before and after)
//! together with the code-point position it had.
//!
//! Re-attaching against a (possibly edited) text tries, in order:
//!
//! 1. **exact**: every occurrence of the quoted text, scored by how much of
//!    the stored prefix and suffix still surround it, nearest the old
//!    position on ties. A moved occurrence needs some surrounding context
//!    (or a long quote) so a short quote never jumps to an unrelated
//!    occurrence after its own text was deleted;
//! 2. **context**: the stored prefix and suffix found close together, with
//!    something between them similar enough to the old quote (the quoted
//!    text itself was edited);
//! 3. **fuzzy**: the best approximate occurrence of the quote (edit
//!    distance), if similar enough.
//!
//! Anything else is *orphaned*: reported to the reader, never dropped.

use crate::model::{CharIndex, Span};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// How many code points of context are kept on each side.
pub const CONTEXT_CHARS: usize = 32;
/// A moved exact occurrence must keep at least this share of its context…
const MOVED_MIN_CONTEXT: f64 = 0.25;
/// …unless the quote is at least this long (in code points).
const MOVED_LONG_QUOTE: usize = 12;
/// How many code points of the prefix / suffix step 2 looks for.
const CONTEXT_PROBE: usize = 12;
/// Step 2: minimum similarity between the old quote and the text found
/// between prefix and suffix.
const CONTEXT_MIN_SIMILARITY: f64 = 0.4;
/// Step 3: minimum similarity of an approximate occurrence…
const FUZZY_MIN_SIMILARITY: f64 = 0.75;
/// …and minimum quote length for trying one at all.
const FUZZY_MIN_CHARS: usize = 4;
/// …and maximum: longer quotes are found by steps 1 and 2 or not at all
/// (bounds the edit-distance work).
const FUZZY_MAX_CHARS: usize = 400;

/// A text-quote selector plus a code-point position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Anchor {
    /// The highlighted text.
    pub exact: String,
    /// Up to [`CONTEXT_CHARS`] code points before it.
    #[serde(default)]
    pub prefix: String,
    /// Up to [`CONTEXT_CHARS`] code points after it.
    #[serde(default)]
    pub suffix: String,
    /// Code-point offsets (0-based, end-exclusive) in the text the anchor was
    /// last attached to.
    pub start: usize,
    pub end: usize,
}

/// How an anchor was found again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum How {
    /// Same text, same place, same surroundings.
    Exact,
    /// Same text, somewhere else (text was inserted or removed before it).
    Moved,
    /// The quoted text itself was edited; found between its old surroundings.
    Edited,
    /// An approximate occurrence of the quote.
    Fuzzy,
}

/// Where an anchor attaches in a text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Attached {
    /// Byte span in the text.
    pub span: Span,
    /// Code-point span in the text.
    pub cp: (usize, usize),
    pub how: How,
    /// 0..=1: context share for exact matches, similarity otherwise.
    pub score: f64,
}

/// A text prepared for anchoring many notes: its chars and offsets.
pub struct Haystack<'a> {
    text: &'a str,
    chars: Vec<char>,
    index: CharIndex,
    /// Code-point positions of every pair of adjacent chars, built on first
    /// use by the fuzzy step.
    bigrams: std::cell::OnceCell<HashMap<(char, char), Vec<usize>>>,
}

impl<'a> Haystack<'a> {
    pub fn new(text: &'a str) -> Self {
        Haystack {
            text,
            chars: text.chars().collect(),
            index: CharIndex::new(text),
            bigrams: std::cell::OnceCell::new(),
        }
    }
    pub fn text(&self) -> &'a str {
        self.text
    }
    pub fn index(&self) -> &CharIndex {
        &self.index
    }
    fn attached(&self, start: usize, end: usize, how: How, score: f64) -> Attached {
        Attached {
            span: self.index.span_from_cp(start, end),
            cp: (start, end),
            how,
            score,
        }
    }
    fn bigrams(&self) -> &HashMap<(char, char), Vec<usize>> {
        self.bigrams.get_or_init(|| {
            let mut map: HashMap<(char, char), Vec<usize>> = HashMap::new();
            for (i, w) in self.chars.windows(2).enumerate() {
                map.entry((w[0], w[1])).or_default().push(i);
            }
            map
        })
    }

    /// Code-point regions that can hold a match of `pattern` with at most
    /// `k` edits (q-gram lemma, q = 2: such a match keeps at least
    /// `m − 1 − 2k` of the pattern's bigrams, each on a diagonal within `k`
    /// of the match's start).
    fn candidate_regions(&self, pattern: &[char], k: usize) -> Vec<(usize, usize)> {
        let n = self.chars.len();
        let m = pattern.len();
        let need = (m.saturating_sub(1)).saturating_sub(2 * k);
        if need == 0 {
            return vec![(0, n)];
        }
        let index = self.bigrams();
        let mut diagonals: Vec<isize> = Vec::new();
        for (i, w) in pattern.windows(2).enumerate() {
            if let Some(hits) = index.get(&(w[0], w[1])) {
                diagonals.extend(hits.iter().map(|&p| p as isize - i as isize));
            }
        }
        diagonals.sort_unstable();
        let mut regions: Vec<(usize, usize)> = Vec::new();
        let mut lo = 0;
        let band = 2 * k as isize;
        for hi in 0..diagonals.len() {
            while diagonals[hi] - diagonals[lo] > band {
                lo += 1;
            }
            if hi + 1 - lo >= need {
                let start = (diagonals[lo] - k as isize).max(0) as usize;
                let end = ((diagonals[hi] + (m + 2 * k) as isize).max(0) as usize).min(n);
                match regions.last_mut() {
                    Some(last) if start <= last.1 => last.1 = last.1.max(end),
                    _ => regions.push((start.min(end), end)),
                }
            }
        }
        regions
    }

    fn slice(&self, start: usize, end: usize) -> String {
        let end = end.min(self.chars.len());
        self.chars[start.min(end)..end].iter().collect()
    }
}

impl Anchor {
    /// An anchor for the byte span `span` of `text` (clamped to char
    /// boundaries inside the text).
    pub fn new(text: &str, span: Span) -> Anchor {
        let hay = Haystack::new(text);
        let (start, end) = hay.index.span_to_cp(span);
        Anchor::at_cp(&hay, start, end.max(start))
    }

    /// An anchor for the code-point span `start..end` of a prepared text.
    pub fn at_cp(hay: &Haystack<'_>, start: usize, end: usize) -> Anchor {
        let n = hay.chars.len();
        let end = end.min(n);
        let start = start.min(end);
        Anchor {
            exact: hay.slice(start, end),
            prefix: hay.slice(start.saturating_sub(CONTEXT_CHARS), start),
            suffix: hay.slice(end, (end + CONTEXT_CHARS).min(n)),
            start,
            end,
        }
    }

    /// Finds this anchor in `hay`, or `None` when it is orphaned.
    pub fn resolve(&self, hay: &Haystack<'_>) -> Option<Attached> {
        let exact: Vec<char> = self.exact.chars().collect();
        if exact.is_empty() {
            return None;
        }
        let prefix: Vec<char> = self.prefix.chars().collect();
        let suffix: Vec<char> = self.suffix.chars().collect();
        self.resolve_exact(hay, &exact, &prefix, &suffix)
            .or_else(|| self.resolve_by_context(hay, &exact, &prefix, &suffix))
            .or_else(|| self.resolve_fuzzy(hay, &exact, &prefix, &suffix))
    }

    fn resolve_exact(
        &self,
        hay: &Haystack<'_>,
        exact: &[char],
        prefix: &[char],
        suffix: &[char],
    ) -> Option<Attached> {
        let mut best: Option<(f64, usize, usize)> = None; // (context, distance, start)
        for (byte, _) in hay.text.match_indices(self.exact.as_str()) {
            let start = hay.index.to_cp(byte);
            let ctx = context_score(&hay.chars, start, start + exact.len(), prefix, suffix);
            let dist = start.abs_diff(self.start);
            if best.is_none_or(|(c, d, _)| beats(&[ctx], dist, &[c], d)) {
                best = Some((ctx, dist, start));
            }
        }
        let (ctx, dist, start) = best?;
        let end = start + exact.len();
        if dist == 0 && ctx >= 1.0 - 1e-9 {
            return Some(hay.attached(start, end, How::Exact, ctx));
        }
        let has_context = !(prefix.is_empty() && suffix.is_empty());
        if ctx >= MOVED_MIN_CONTEXT || exact.len() >= MOVED_LONG_QUOTE || !has_context {
            return Some(hay.attached(start, end, How::Moved, ctx));
        }
        None
    }

    fn resolve_by_context(
        &self,
        hay: &Haystack<'_>,
        exact: &[char],
        prefix: &[char],
        suffix: &[char],
    ) -> Option<Attached> {
        if prefix.is_empty() || suffix.is_empty() {
            return None;
        }
        let before: String = prefix[prefix.len().saturating_sub(CONTEXT_PROBE)..]
            .iter()
            .collect();
        let after: String = suffix[..suffix.len().min(CONTEXT_PROBE)].iter().collect();
        let max_gap = exact.len() * 2 + 16;
        let after_len = after.chars().count();
        let mut best: Option<(f64, usize, usize, usize)> = None; // (sim, dist, start, end)
        for (byte, _) in hay.text.match_indices(before.as_str()) {
            let start = hay.index.to_cp(byte) + before.chars().count();
            let window_end = (start + max_gap + after_len).min(hay.chars.len());
            let window_end_byte = hay.index.to_byte(window_end);
            let from = hay.index.to_byte(start);
            let Some(window) = hay.text.get(from..window_end_byte) else {
                continue;
            };
            let Some(rel) = window.find(after.as_str()) else {
                continue;
            };
            let end = hay.index.to_cp(from + rel);
            if end <= start {
                continue; // nothing left between: the quoted text was deleted
            }
            let middle = &hay.chars[start..end];
            let sim = similarity(middle, exact);
            let dist = start.abs_diff(self.start);
            if best.is_none_or(|(s, d, _, _)| beats(&[sim], dist, &[s], d)) {
                best = Some((sim, dist, start, end));
            }
        }
        let (sim, _, start, end) = best?;
        (sim >= CONTEXT_MIN_SIMILARITY).then(|| hay.attached(start, end, How::Edited, sim))
    }

    fn resolve_fuzzy(
        &self,
        hay: &Haystack<'_>,
        exact: &[char],
        prefix: &[char],
        suffix: &[char],
    ) -> Option<Attached> {
        let m = exact.len();
        if !(FUZZY_MIN_CHARS..=FUZZY_MAX_CHARS).contains(&m) || hay.chars.is_empty() {
            return None;
        }
        let max_cost = ((1.0 - FUZZY_MIN_SIMILARITY) * m as f64).floor() as usize;
        let candidates: Vec<(usize, usize, usize)> = hay
            .candidate_regions(exact, max_cost)
            .into_iter()
            .flat_map(|(lo, hi)| {
                approximate_matches(&hay.chars[lo..hi], exact, max_cost)
                    .into_iter()
                    .map(move |(s, e, c)| (s + lo, e + lo, c))
            })
            .collect();
        let mut best: Option<(f64, f64, usize, usize, usize)> = None; // (sim, ctx, dist, start, end)
        for (start, end, _) in candidates {
            if end <= start {
                continue;
            }
            let sim = similarity(&hay.chars[start..end], exact);
            if sim < FUZZY_MIN_SIMILARITY {
                continue;
            }
            let ctx = context_score(&hay.chars, start, end, prefix, suffix);
            let dist = start.abs_diff(self.start);
            if best.is_none_or(|(bs, bc, bd, _, _)| beats(&[sim, ctx], dist, &[bs, bc], bd)) {
                best = Some((sim, ctx, dist, start, end));
            }
        }
        let (sim, _, _, start, end) = best?;
        Some(hay.attached(start, end, How::Fuzzy, sim))
    }
}

/// Whether a candidate with `scores` at `dist` characters from the note's
/// old place beats the best so far (`best`, `best_dist`): a higher first
/// score (beyond rounding) wins, an equal one passes to the next, and
/// equal scores go to the nearer.
fn beats(scores: &[f64], dist: usize, best: &[f64], best_dist: usize) -> bool {
    for (&s, &b) in scores.iter().zip(best) {
        if (s - b).abs() > 1e-9 {
            return s > b;
        }
    }
    dist < best_dist
}

/// The share of the stored context still found right around `start..end`:
/// the common tail of `prefix` and the text before, plus the common head of
/// `suffix` and the text after, over their total length (1 when there is no
/// stored context).
fn context_score(
    chars: &[char],
    start: usize,
    end: usize,
    prefix: &[char],
    suffix: &[char],
) -> f64 {
    let total = prefix.len() + suffix.len();
    if total == 0 {
        return 1.0;
    }
    let before = &chars[..start.min(chars.len())];
    let after = &chars[end.min(chars.len())..];
    let tail = prefix
        .iter()
        .rev()
        .zip(before.iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let head = suffix
        .iter()
        .zip(after.iter())
        .take_while(|(a, b)| a == b)
        .count();
    (tail + head) as f64 / total as f64
}

/// Levenshtein distance over code points.
fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// 1 − edit distance / the longer length (1 for two empty strings).
fn similarity(a: &[char], b: &[char]) -> f64 {
    let longest = a.len().max(b.len());
    if longest == 0 {
        return 1.0;
    }
    1.0 - edit_distance(a, b) as f64 / longest as f64
}

/// Approximate substring matching (Sellers): every `(start, end, cost)` in
/// `text` where `pattern` matches with at most `max_cost` edits, keeping for
/// each end the cheapest start. Local minima only, so overlapping shifts of
/// one match don't flood the result.
fn approximate_matches(
    text: &[char],
    pattern: &[char],
    max_cost: usize,
) -> Vec<(usize, usize, usize)> {
    let m = pattern.len();
    let mut cost: Vec<usize> = (0..=m).collect();
    let mut start: Vec<usize> = vec![0; m + 1];
    let mut next_cost = vec![0; m + 1];
    let mut next_start = vec![0; m + 1];
    let mut ends: Vec<(usize, usize, usize)> = Vec::new();
    for (j, t) in text.iter().enumerate() {
        next_cost[0] = 0;
        next_start[0] = j + 1;
        for i in 1..=m {
            let diag = cost[i - 1] + usize::from(pattern[i - 1] != *t);
            let up = cost[i] + 1; // the text char is extra
            let left = next_cost[i - 1] + 1; // the pattern char is missing
            let (c, s) = if diag <= up && diag <= left {
                (diag, start[i - 1])
            } else if up <= left {
                (up, start[i])
            } else {
                (left, next_start[i - 1])
            };
            next_cost[i] = c;
            next_start[i] = s;
        }
        std::mem::swap(&mut cost, &mut next_cost);
        std::mem::swap(&mut start, &mut next_start);
        if cost[m] <= max_cost {
            ends.push((start[m], j + 1, cost[m]));
        }
    }
    // keep local minima along runs of adjacent ends
    let mut out: Vec<(usize, usize, usize)> = Vec::new();
    for e in ends {
        match out.last_mut() {
            Some(last) if e.1 == last.1 + 1 && e.0 <= last.1 => {
                if e.2 < last.2 {
                    *last = e;
                }
            }
            _ => out.push(e),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span_of(text: &str, needle: &str) -> Span {
        let s = text.find(needle).unwrap_or(0);
        Span::new(s, s + needle.len())
    }

    #[test]
    fn anchor_keeps_context_in_code_points() {
        let text = "前文𠀀一二三四五六七八九十。重点词语在这里，后文😀继续。";
        let a = Anchor::new(text, span_of(text, "重点词语"));
        assert_eq!(a.exact, "重点词语");
        assert_eq!(a.prefix, "前文𠀀一二三四五六七八九十。");
        assert_eq!(a.suffix, "在这里，后文😀继续。");
        assert_eq!(a.start, 14);
        assert_eq!(a.end, 18);
    }

    #[test]
    fn unchanged_text_resolves_exactly() {
        let text = "上海互联网企业发展迅猛，去年营业收入增长。";
        let a = Anchor::new(text, span_of(text, "发展迅猛"));
        let hit = a.resolve(&Haystack::new(text));
        assert_eq!(hit.map(|h| h.how), Some(How::Exact));
        assert_eq!(hit.map(|h| h.span), Some(span_of(text, "发展迅猛")));
    }

    #[test]
    fn edit_distance_counts_code_points() {
        let a: Vec<char> = "营业收入".chars().collect();
        let b: Vec<char> = "营业总收入".chars().collect();
        assert_eq!(edit_distance(&a, &b), 1);
        assert_eq!(edit_distance(&a, &[]), 4);
    }

    proptest::proptest! {
        #[test]
        fn bigram_regions_cover_every_approximate_match(
            text in "[甲乙丙丁戊]{0,120}",
            pattern in "[甲乙丙丁戊]{4,12}",
        ) {
            let hay = Haystack::new(&text);
            let pat: Vec<char> = pattern.chars().collect();
            let k = ((1.0 - FUZZY_MIN_SIMILARITY) * pat.len() as f64).floor() as usize;
            let regions = hay.candidate_regions(&pat, k);
            for (s, e, _) in approximate_matches(&hay.chars, &pat, k) {
                proptest::prop_assert!(
                    regions.iter().any(|&(lo, hi)| lo <= s && e <= hi),
                    "match {}..{} outside {:?}", s, e, regions
                );
            }
        }

        #[test]
        fn resolving_never_leaves_the_text(
            text in "[甲乙丙丁。\n😀a]{1,80}",
            edited in "[甲乙丙丁。\n😀a]{0,80}",
            a in 0usize..80,
            len in 1usize..10,
        ) {
            let hay = Haystack::new(&text);
            let n = text.chars().count();
            let start = a.min(n.saturating_sub(1));
            let anchor = Anchor::at_cp(&hay, start, (start + len).min(n));
            let new_hay = Haystack::new(&edited);
            if let Some(at) = anchor.resolve(&new_hay) {
                proptest::prop_assert!(at.span.end <= edited.len());
                proptest::prop_assert!(edited.is_char_boundary(at.span.start));
                proptest::prop_assert!(edited.is_char_boundary(at.span.end));
                proptest::prop_assert!(at.cp.0 < at.cp.1);
                proptest::prop_assert_eq!(
                    at.span.text(&edited).chars().count(),
                    at.cp.1 - at.cp.0
                );
            }
        }
    }

    #[test]
    fn approximate_match_finds_edited_quote() {
        let text: Vec<char> = "甲乙丙丁戊己庚辛壬癸".chars().collect();
        let pat: Vec<char> = "丙丁X己庚".chars().collect();
        let hits = approximate_matches(&text, &pat, 1);
        assert!(
            hits.iter().any(|&(s, e, c)| s == 2 && e == 7 && c == 1),
            "{hits:?}"
        );
    }
}
