//! Keywords per document and per section: TF-IDF (with jieba-rs's IDF table)
//! and TextRank (as in jieba-rs: co-occurrence within a window of 5 tokens,
//! PageRank with d = 0.85), both over the pipeline's own tokens so the text
//! is not segmented again, with the Chinese stop words of
//! `data/stopwords.txt`. Weights are normalised to 0–1 (the best is 1).

use super::Context;
use crate::model::{Keyword, Keywords, Token};
use jieba_rs::{Jieba, KeywordExtract, KeywordExtractConfig, TfIdf};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::collections::BTreeSet;

const STOP_WORDS: &str = include_str!("../../data/stopwords.txt");

/// How many keywords per list.
pub const DOCUMENT_TOP: usize = 20;
pub const SECTION_TOP: usize = 10;
const WINDOW: usize = 5;

/// Stop words and jieba-rs's TF-IDF table, loaded once.
pub struct KeywordResources {
    pub stop_words: HashSet<String>,
    tfidf: TfIdf,
}

impl std::fmt::Debug for KeywordResources {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeywordResources")
            .field("stop_words", &self.stop_words.len())
            .finish()
    }
}

/// The project's Chinese stop words.
pub fn stop_words() -> HashSet<String> {
    STOP_WORDS
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

impl KeywordResources {
    pub fn load(_jieba: &Jieba) -> KeywordResources {
        let stop_words = stop_words();
        let config = KeywordExtractConfig::builder()
            .set_stop_words(stop_words.iter().cloned().collect::<BTreeSet<_>>())
            .build();
        let mut tfidf = TfIdf::default();
        *tfidf.config_mut() = config;
        KeywordResources { stop_words, tfidf }
    }

    /// jieba-rs's IDF of each word, all scaled by one unknown constant (which
    /// the 0–1 normalisation cancels): one TF-IDF run over the words joined
    /// by line breaks gives `tf × idf / total` per word; dividing by each
    /// word's own count there leaves `idf / total`. Words jieba does not keep
    /// whole get the median IDF, read off a Latin nonsense word.
    fn scaled_idf(&self, jieba: &Jieba, words: &[&str]) -> Vec<f64> {
        const NONSENSE: &str = "qzxjvkw";
        let mut joined =
            String::with_capacity(words.iter().map(|w| w.len() + 1).sum::<usize>() + 8);
        for w in words {
            joined.push_str(w);
            joined.push('\n');
        }
        joined.push_str(NONSENSE);
        let scores: HashMap<String, f64> = self
            .tfidf
            .extract_keywords(jieba, &joined, usize::MAX, Vec::new())
            .into_iter()
            .map(|k| (k.keyword, k.weight))
            .collect();
        let mut tf: HashMap<&str, u32> = HashMap::default();
        for w in jieba.cut(&joined, false).into_iter().map(|t| t.word) {
            if let Some(n) = tf.get_mut(w) {
                *n += 1;
            } else if scores.contains_key(w) {
                tf.insert(w, 1);
            }
        }
        let per = |w: &str| -> Option<f64> {
            let s = scores.get(w)?;
            Some(s / f64::from(*tf.get(w)?))
        };
        let median = per(NONSENSE).unwrap_or_else(|| {
            let mut v: Vec<f64> = words.iter().filter_map(|w| per(w)).collect();
            v.sort_by(f64::total_cmp);
            v.get(v.len() / 2).copied().unwrap_or(1.0)
        });
        words.iter().map(|w| per(w).unwrap_or(median)).collect()
    }

    /// Whether a token can be a keyword: two or more characters, not a stop
    /// word, not a number, a particle, punctuation or a function word.
    pub fn is_candidate(&self, word: &str, pos: &str) -> bool {
        word.chars().count() >= 2
            && !self.stop_words.contains(word)
            && word.chars().any(|c| c.is_alphabetic())
            && ![
                "m", "mq", "q", "x", "r", "p", "c", "u", "uj", "ul", "d", "t", "f", "e", "y", "o",
                "w", "zg",
            ]
            .contains(&pos)
            && !word
                .chars()
                .all(|c| c.is_ascii_digit() || c.is_ascii_punctuation())
    }
}

pub fn extract(ctx: &Context) -> Keywords {
    let text = &ctx.doc.text;
    let kr = &ctx.res.keywords;
    // Word ids over the whole document, once.
    let mut id_of: HashMap<&str, u32> = HashMap::default();
    let mut words: Vec<&str> = Vec::new();
    let ids: Vec<Option<u32>> = ctx
        .tokens
        .iter()
        .map(|t| {
            let w = t.span.text(text);
            if let Some(&id) = id_of.get(w) {
                return Some(id);
            }
            if !kr.is_candidate(w, t.pos) {
                return None;
            }
            let id = words.len() as u32;
            words.push(w);
            id_of.insert(w, id);
            Some(id)
        })
        .collect();
    let idf = kr.scaled_idf(&ctx.res.jieba, &words);
    let mut scratch = Scratch::new(words.len());
    let document = keywords_of(&ids, &words, &idf, DOCUMENT_TOP, &mut scratch);
    let sections = ctx
        .doc
        .sections
        .iter()
        .map(|s| {
            let range = token_range(ctx.tokens, s.span.start, s.span.end);
            keywords_of(&ids[range], &words, &idf, SECTION_TOP, &mut scratch)
        })
        .collect();
    Keywords { document, sections }
}

fn token_range(tokens: &[Token], start: usize, end: usize) -> std::ops::Range<usize> {
    let a = tokens.partition_point(|t| t.span.start < start);
    let b = tokens.partition_point(|t| t.span.start < end);
    a..b.max(a)
}

/// Buffers indexed by document word id, reused from section to section.
struct Scratch {
    count: Vec<u32>,
    local: Vec<u32>,
}

impl Scratch {
    fn new(n: usize) -> Self {
        Scratch {
            count: vec![0; n],
            local: vec![u32::MAX; n],
        }
    }
}

/// TF-IDF then TextRank keywords over a run of tokens (None = not a candidate).
fn keywords_of(
    ids: &[Option<u32>],
    words: &[&str],
    idf: &[f64],
    top: usize,
    scratch: &mut Scratch,
) -> Vec<Keyword> {
    let mut out = tfidf(ids, words, idf, top, scratch);
    out.extend(textrank(ids, words, top, scratch));
    out
}

fn tfidf(
    ids: &[Option<u32>],
    words: &[&str],
    idf: &[f64],
    top: usize,
    scratch: &mut Scratch,
) -> Vec<Keyword> {
    let mut seen: Vec<u32> = Vec::new();
    for &id in ids.iter().flatten() {
        let c = &mut scratch.count[id as usize];
        if *c == 0 {
            seen.push(id);
        }
        *c += 1;
    }
    let scored: Vec<(&str, f64)> = seen
        .iter()
        .map(|&id| {
            let n = std::mem::take(&mut scratch.count[id as usize]);
            (words[id as usize], f64::from(n) * idf[id as usize])
        })
        .collect();
    ranked(scored, top, "tfidf")
}

fn textrank(
    ids: &[Option<u32>],
    words: &[&str],
    top: usize,
    scratch: &mut Scratch,
) -> Vec<Keyword> {
    // Local ids 0..n for the words of this run.
    let mut globals: Vec<u32> = Vec::new();
    let seq: Vec<Option<u32>> = ids
        .iter()
        .map(|id| {
            id.map(|g| {
                let l = &mut scratch.local[g as usize];
                if *l == u32::MAX {
                    *l = globals.len() as u32;
                    globals.push(g);
                }
                *l
            })
        })
        .collect();
    for &g in &globals {
        scratch.local[g as usize] = u32::MAX;
    }
    let n = globals.len();
    if n == 0 {
        return Vec::new();
    }
    // Co-occurrence within the window, as sorted (u, v) pairs counted; a
    // pair is one number (u above v) so that sorting compares numbers.
    let mut pairs: Vec<u64> = Vec::with_capacity(seq.len() * (WINDOW - 1));
    for (i, u) in seq.iter().enumerate() {
        let Some(u) = *u else { continue };
        for &v in seq.iter().skip(i + 1).take(WINDOW - 1).flatten() {
            if u != v {
                let (a, b) = if u < v { (u, v) } else { (v, u) };
                pairs.push(u64::from(a) << 32 | u64::from(b));
            }
        }
    }
    pairs.sort_unstable();
    let mut edges: Vec<(u32, u32, f64)> = Vec::new();
    for p in pairs {
        let p = ((p >> 32) as u32, p as u32);
        match edges.last_mut() {
            Some(e) if (e.0, e.1) == p => e.2 += 1.0,
            _ => edges.push((p.0, p.1, 1.0)),
        }
    }
    let mut out_sum = vec![0.0f64; n];
    for &(u, v, w) in &edges {
        out_sum[u as usize] += w;
        out_sum[v as usize] += w;
    }
    const D: f64 = 0.85;
    // Each edge's share of either end's score, `D * w / out_sum`, is the
    // same on every iteration: computed once (the same operations in the
    // same order, so the same values).
    let shares: Vec<(usize, usize, f64, f64)> = edges
        .iter()
        .map(|&(u, v, w)| {
            let (u, v) = (u as usize, v as usize);
            (u, v, D * w / out_sum[v], D * w / out_sum[u])
        })
        .collect();
    let mut score = vec![1.0f64; n];
    let mut next = vec![0.0f64; n];
    for _ in 0..10 {
        next.iter_mut().for_each(|x| *x = 1.0 - D);
        for &(u, v, from_v, from_u) in &shares {
            next[u] += from_v * score[v];
            next[v] += from_u * score[u];
        }
        std::mem::swap(&mut score, &mut next);
    }
    let scored: Vec<(&str, f64)> = globals
        .iter()
        .zip(score)
        .map(|(&g, s)| (words[g as usize], s))
        .collect();
    ranked(scored, top, "textrank")
}

/// The `top` best, weights divided by the best one (so 0–1), ties by word.
fn ranked(mut v: Vec<(&str, f64)>, top: usize, method: &str) -> Vec<Keyword> {
    v.retain(|(_, s)| s.is_finite() && *s > 0.0);
    // A total order (the words of one list are distinct): the `top` best
    // are selected, then only they are sorted.
    let order = |a: &(&str, f64), b: &(&str, f64)| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(b.0));
    if v.len() > top {
        v.select_nth_unstable_by(top, order);
        v.truncate(top);
    }
    v.sort_by(order);
    let max = v.first().map_or(1.0, |x| x.1);
    v.into_iter()
        .map(|(w, s)| Keyword {
            word: w.to_string(),
            weight: s / max,
            method: method.to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_are_chinese() {
        let s = stop_words();
        assert!(s.len() > 300);
        for w in ["的", "我们", "表示", "进行"] {
            assert!(s.contains(w), "{w}");
        }
    }

    #[test]
    fn textrank_and_tfidf_rank_repeated_content_words_first() {
        let words = ["互联网", "企业", "党建", "蓝莓"];
        let seq = [0u32, 1, 2, 0, 1, 2, 0, 3];
        let ids: Vec<Option<u32>> = seq.iter().map(|&i| Some(i)).collect();
        let idf = vec![5.0; 4];
        let mut scratch = Scratch::new(4);
        let t = tfidf(&ids, &words, &idf, 3, &mut scratch);
        assert_eq!(t[0].word, "互联网");
        assert_eq!(t[0].weight, 1.0);
        assert_eq!(t.len(), 3);
        assert!(t.iter().all(|k| (0.0..=1.0).contains(&k.weight)));
        let r = textrank(&ids, &words, 10, &mut scratch);
        assert_eq!(r.len(), 4);
        assert_eq!(r[0].weight, 1.0);
        assert_eq!(r.last().map(|k| k.word.as_str()), Some("蓝莓"));
        // The scratch buffers are left clean for the next section.
        assert!(scratch.count.iter().all(|&c| c == 0));
        assert!(scratch.local.iter().all(|&l| l == u32::MAX));
    }
}
