//! Keywords per document and per section: TF-IDF (with jieba-rs's IDF table)
//! and TextRank (as in jieba-rs: co-occurrence within a window of 5 tokens,
//! PageRank with d = 0.85), both over the pipeline's own tokens so the text
//! is not segmented again, with the Chinese stop words of
//! `data/stopwords.txt`. Weights are normalised to 0–1 (the best is 1).

use super::Context;
use crate::model::{Keyword, Keywords, Token};
use jieba_rs::{Jieba, KeywordExtract, KeywordExtractConfig, TfIdf};
use std::collections::{BTreeSet, HashMap, HashSet};

const STOP_WORDS: &str = include_str!("../../data/stopwords.txt");

/// How many keywords per list.
pub const DOCUMENT_TOP: usize = 20;
pub const SECTION_TOP: usize = 10;
const WINDOW: usize = 5;

/// Stop words and jieba-rs's TF-IDF table, loaded once.
pub struct KeywordResources {
    pub stop_words: HashSet<String>,
    tfidf: TfIdf,
    median_idf: f64,
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
    pub fn load(jieba: &Jieba) -> KeywordResources {
        let stop_words = stop_words();
        let config = KeywordExtractConfig::builder()
            .set_stop_words(stop_words.iter().cloned().collect::<BTreeSet<_>>())
            .build();
        let mut tfidf = TfIdf::default();
        *tfidf.config_mut() = config;
        let mut res = KeywordResources {
            stop_words,
            tfidf,
            median_idf: 0.0,
        };
        // A Latin nonsense word is in no IDF table: its weight is the median.
        res.median_idf = res.probe_idf(jieba, "qzxjvkw").unwrap_or(10.0);
        res
    }

    /// jieba-rs's IDF of `word`: its TF-IDF weight when it is the whole text
    /// (tf = total = 1). None when jieba does not keep it as one word.
    fn probe_idf(&self, jieba: &Jieba, word: &str) -> Option<f64> {
        let top = self.tfidf.extract_keywords(jieba, word, 1, Vec::new());
        top.first().filter(|k| k.keyword == word).map(|k| k.weight)
    }

    fn idf(&self, jieba: &Jieba, word: &str) -> f64 {
        self.probe_idf(jieba, word).unwrap_or(self.median_idf)
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
    let candidates: Vec<Option<&str>> = ctx
        .tokens
        .iter()
        .map(|t| {
            let w = t.span.text(text);
            kr.is_candidate(w, &t.pos).then_some(w)
        })
        .collect();
    let mut idf: HashMap<&str, f64> = HashMap::new();
    for w in candidates.iter().flatten() {
        if !idf.contains_key(w) {
            idf.insert(w, kr.idf(&ctx.res.jieba, w));
        }
    }
    let document = keywords_of(&candidates, &idf, DOCUMENT_TOP);
    let sections = ctx
        .doc
        .sections
        .iter()
        .map(|s| {
            let range = token_range(ctx.tokens, s.span.start, s.span.end);
            keywords_of(&candidates[range], &idf, SECTION_TOP)
        })
        .collect();
    Keywords { document, sections }
}

fn token_range(tokens: &[Token], start: usize, end: usize) -> std::ops::Range<usize> {
    let a = tokens.partition_point(|t| t.span.start < start);
    let b = tokens.partition_point(|t| t.span.start < end);
    a..b.max(a)
}

/// TF-IDF then TextRank keywords over a run of tokens (None = not a candidate).
fn keywords_of(candidates: &[Option<&str>], idf: &HashMap<&str, f64>, top: usize) -> Vec<Keyword> {
    let mut out = tfidf(candidates, idf, top);
    out.extend(textrank(candidates, top));
    out
}

fn tfidf(candidates: &[Option<&str>], idf: &HashMap<&str, f64>, top: usize) -> Vec<Keyword> {
    let mut tf: HashMap<&str, u32> = HashMap::new();
    for w in candidates.iter().flatten() {
        *tf.entry(w).or_insert(0) += 1;
    }
    let scored = tf
        .into_iter()
        .map(|(w, n)| (w, n as f64 * idf.get(w).copied().unwrap_or(0.0)));
    ranked(scored, top, "tfidf")
}

fn textrank(candidates: &[Option<&str>], top: usize) -> Vec<Keyword> {
    let mut ids: HashMap<&str, usize> = HashMap::new();
    let mut words: Vec<&str> = Vec::new();
    let seq: Vec<Option<usize>> = candidates
        .iter()
        .map(|c| {
            c.map(|w| {
                *ids.entry(w).or_insert_with(|| {
                    words.push(w);
                    words.len() - 1
                })
            })
        })
        .collect();
    let n = words.len();
    if n == 0 {
        return Vec::new();
    }
    let mut edges: HashMap<(usize, usize), f64> = HashMap::new();
    for (i, u) in seq.iter().enumerate() {
        let Some(u) = *u else { continue };
        for v in seq.iter().skip(i + 1).take(WINDOW - 1).flatten() {
            if u != *v {
                let key = if u < *v { (u, *v) } else { (*v, u) };
                *edges.entry(key).or_insert(0.0) += 1.0;
            }
        }
    }
    let mut adj: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
    let mut out_sum = vec![0.0f64; n];
    for (&(u, v), &w) in &edges {
        adj[u].push((v, w));
        adj[v].push((u, w));
        out_sum[u] += w;
        out_sum[v] += w;
    }
    const D: f64 = 0.85;
    let mut score = vec![1.0f64; n];
    for _ in 0..10 {
        let mut next = vec![1.0 - D; n];
        for (u, list) in adj.iter().enumerate() {
            for &(v, w) in list {
                if out_sum[v] > 0.0 {
                    next[u] += D * w / out_sum[v] * score[v];
                }
            }
        }
        score = next;
    }
    ranked(words.iter().copied().zip(score), top, "textrank")
}

/// The `top` best, weights divided by the best one (so 0–1), ties by word.
fn ranked<'a>(
    scored: impl Iterator<Item = (&'a str, f64)>,
    top: usize,
    method: &str,
) -> Vec<Keyword> {
    let mut v: Vec<(&str, f64)> = scored.filter(|(_, s)| s.is_finite() && *s > 0.0).collect();
    v.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    v.truncate(top);
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
        let words = [
            "互联网",
            "企业",
            "党建",
            "互联网",
            "企业",
            "党建",
            "互联网",
            "蓝莓",
        ];
        let cands: Vec<Option<&str>> = words.iter().map(|w| Some(*w)).collect();
        let idf: HashMap<&str, f64> = words.iter().map(|w| (*w, 5.0)).collect();
        let t = tfidf(&cands, &idf, 3);
        assert_eq!(t[0].word, "互联网");
        assert_eq!(t[0].weight, 1.0);
        assert!(t.iter().all(|k| (0.0..=1.0).contains(&k.weight)));
        let r = textrank(&cands, 10);
        assert_eq!(r.len(), 4);
        assert_eq!(r[0].weight, 1.0);
        assert_eq!(r.last().map(|k| k.word.as_str()), Some("蓝莓"));
    }
}
