//! `yuelan eval pinyin FILE.jsonl`: the reading of one polyphonic character
//! per sentence, against the polyphone development set.
//!
//! Each line is `{"sentence", "index", "char", "pinyin", …}`: `index` is the
//! 0-based code-point index of `char` in `sentence`, `pinyin` its reading
//! with tone marks (neutral tone unmarked). The sentence is segmented and
//! read as the learner layer reads it ([`crate::dict::reading`]); a reading
//! counts as right when it equals the gold one (case aside: proper nouns
//! are capitalised).

use crate::annotate::Resources;
use crate::annotate::tokens;
use crate::dict::{Dictionary, reading};
use anyhow::Context;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt::Write;

#[derive(Debug, Deserialize)]
struct Item {
    sentence: String,
    index: usize,
    #[serde(rename = "char")]
    ch: String,
    pinyin: String,
}

/// The score of one run.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Score {
    pub total: usize,
    pub right: usize,
    /// Lines whose `char` is not at `index` (skipped, not scored).
    pub skipped: usize,
    /// Per character: (scored, right).
    pub per_char: BTreeMap<char, (usize, usize)>,
    /// Wrong readings: (sentence, char index, gold, ours).
    pub misses: Vec<(String, usize, String, String)>,
}

impl Score {
    pub fn accuracy(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            self.right as f64 / self.total as f64
        }
    }
}

/// The records of `input` (blank lines skipped), numbered from 0.
fn records(input: &str) -> impl Iterator<Item = anyhow::Result<(usize, Item)>> + '_ {
    input
        .lines()
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(n, line)| {
            serde_json::from_str(line)
                .with_context(|| format!("record {}: not a polyphone record", n + 1))
                .map(|item| (n, item))
        })
}

/// Whether `char` is at `index` of `sentence`.
fn in_place(item: &Item) -> Option<char> {
    let c = item.sentence.chars().nth(item.index)?;
    item.ch.starts_with(c).then_some(c)
}

/// The sentence's words as jieba tags them.
fn words<'a>(sentence: &'a str, res: &'a Resources) -> Vec<reading::Word<'a>> {
    tokens::tag(&res.jieba, &res.pos_overrides, sentence)
        .iter()
        .map(|t| reading::Word {
            text: &sentence[t.start..t.end],
            pos: t.pos,
        })
        .collect()
}

/// Training observations for [`reading::ReadingTable::train`]: per record
/// (numbered from 0), the character, its [`reading::situation`] and the
/// gold reading.
pub fn situations(
    input: &str,
    res: &Resources,
    dict: &Dictionary,
) -> anyhow::Result<Vec<(usize, char, String, String)>> {
    let mut out = Vec::new();
    for r in records(input) {
        let (n, item) = r?;
        let Some(c) = in_place(&item) else { continue };
        let words = words(&item.sentence, res);
        // The table reads only the characters no dictionary word reads:
        // it learns from those (a character in 调查 says nothing about 调
        // left alone).
        let by_word: Vec<bool> = (0..words.len())
            .flat_map(|i| reading::read_by_words(dict, res, &words, i))
            .collect();
        if by_word.get(item.index).copied().unwrap_or(true) {
            continue;
        }
        let units = words.iter().flat_map(|&w| reading::units(dict, res, w));
        let mut at = 0;
        for w in units {
            let len = w.text.chars().count();
            if (at..at + len).contains(&item.index) {
                out.push((n, c, reading::situation(&w), item.pinyin.clone()));
                break;
            }
            at += len;
        }
    }
    Ok(out)
}

/// Scores every record of the JSON-lines gold `input` with the shipped
/// reading table.
pub fn score(input: &str, res: &Resources, dict: &Dictionary) -> anyhow::Result<Score> {
    score_with(input, res, dict, reading::ReadingTable::embedded())
}

/// [`score`] with a given reading table.
pub fn score_with(
    input: &str,
    res: &Resources,
    dict: &Dictionary,
    table: &reading::ReadingTable,
) -> anyhow::Result<Score> {
    let mut s = Score::default();
    for r in records(input) {
        let (_, item) = r?;
        let Some(c) = in_place(&item) else {
            s.skipped += 1;
            continue;
        };
        let words = words(&item.sentence, res);
        let read = reading::read_words_with(dict, table, res, &words);
        let ours = read
            .get(item.index)
            .and_then(|r| r.as_ref())
            .map(|r| r.text.to_lowercase())
            .unwrap_or_default();
        let gold = item.pinyin.to_lowercase();
        let right = ours == gold;
        s.total += 1;
        let e = s.per_char.entry(c).or_default();
        e.0 += 1;
        if right {
            s.right += 1;
            e.1 += 1;
        } else {
            s.misses.push((item.sentence, item.index, gold, ours));
        }
    }
    Ok(s)
}

/// The printed report for the JSON-lines gold `input`.
pub fn report(input: &str, verbose: bool) -> anyhow::Result<String> {
    let res = Resources::load()?;
    let dict = crate::dict::shared()?;
    let s = score(input, &res, dict)?;
    if s.total == 0 {
        anyhow::bail!("no polyphone records to score");
    }
    let mut out = String::new();
    if verbose {
        for (sentence, index, gold, ours) in &s.misses {
            let marked: String = sentence
                .chars()
                .enumerate()
                .map(|(i, c)| {
                    if i == *index {
                        format!("[{c}]")
                    } else {
                        c.to_string()
                    }
                })
                .collect();
            let ours = if ours.is_empty() { "-" } else { ours };
            let _ = writeln!(out, "{gold}\t{ours}\t{marked}");
        }
        let mut worst: Vec<(&char, &(usize, usize))> = s.per_char.iter().collect();
        worst.sort_by_key(|(c, (n, r))| (std::cmp::Reverse(n - r), **c));
        let _ = writeln!(out, "most missed:");
        for (c, (n, r)) in worst.iter().take(30).filter(|(_, (n, r))| n > r) {
            let _ = writeln!(out, "  {c} {}/{n} wrong", n - r);
        }
    }
    let _ = write!(
        out,
        "accuracy {:.4} ({} of {} readings right; {} characters",
        s.accuracy(),
        s.right,
        s.total,
        s.per_char.len()
    );
    if s.skipped > 0 {
        let _ = write!(out, "; {} lines skipped: char not at index", s.skipped);
    }
    out.push(')');
    Ok(out)
}
