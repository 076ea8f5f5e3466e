//! `yuelan eval structure GOLD.json`: titles, headings and levels against the
//! structure development gold (see `gold.rs` and the gold folder's README).
//!
//! Scoring, as the README defines it:
//! - a gold heading is *found* when a predicted heading contains it (both
//!   with whitespace and Markdown code backticks removed, width-normalised);
//! - a predicted heading is *right* when gold headings of the same document
//!   cover all of its letters (so a heading pair may be predicted as one
//!   heading — heading plus its explanatory line — or as two);
//! - precision = right / predicted, recall = found / gold, F1 their mean;
//! - level right: among found gold headings, the share whose predicted
//!   heading has the gold level;
//! - title right: the predicted title equals the gold one (both `None` for a
//!   document without a title). A column tag in full-width parentheses at
//!   the end of a People's Daily title line (`……（国际视点）`) is not part of
//!   the title a reader names, so a trailing `（…）` is ignored on both sides.

use super::gold::{GoldEntry, normalize};
use super::ratio;
use crate::model::Document;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// One document's predicted structure, as the scorer sees it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Predicted {
    pub title: Option<String>,
    /// Heading text (a heading pair's two lines joined) and level.
    pub headings: Vec<(String, u32)>,
}

/// What the document model gives the scorer.
pub fn predicted(doc: &Document) -> Predicted {
    let title = doc.title.map(|t| doc.span_text(t).to_string());
    let headings = doc
        .sections
        .iter()
        .filter_map(|s| {
            let h = s.heading?;
            let mut text = doc.span_text(h).to_string();
            if let Some(d) = s.heading_detail {
                text.push_str(doc.span_text(d));
            }
            Some((text, u32::from(s.level)))
        })
        .collect();
    Predicted { title, headings }
}

/// Figures for a group of documents.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Tally {
    pub docs: usize,
    pub gold: usize,
    pub found: usize,
    pub predicted: usize,
    pub right: usize,
    pub level_right: usize,
    pub titles_right: usize,
}

impl Tally {
    pub fn precision(&self) -> f64 {
        ratio(self.right, self.predicted)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.found, self.gold)
    }
    pub fn f1(&self) -> f64 {
        super::f1(self.precision(), self.recall())
    }
    /// Share of found headings with the right level (1 when none found).
    pub fn level(&self) -> f64 {
        if self.found == 0 {
            1.0
        } else {
            ratio(self.level_right, self.found)
        }
    }
    pub fn titles(&self) -> f64 {
        ratio(self.titles_right, self.docs)
    }
    fn add(&mut self, o: &Tally) {
        self.docs += o.docs;
        self.gold += o.gold;
        self.found += o.found;
        self.predicted += o.predicted;
        self.right += o.right;
        self.level_right += o.level_right;
        self.titles_right += o.titles_right;
    }
}

/// One document's comparison: its tally and, for `--verbose`, the details.
#[derive(Debug, Clone, Default)]
pub struct DocScore {
    pub name: String,
    pub kind: String,
    pub tally: Tally,
    /// Gold headings not found (text, gold level).
    pub missed: Vec<(String, u32)>,
    /// Predicted headings not covered by gold ones.
    pub false_found: Vec<String>,
    /// Found with the wrong level: (gold text, gold level, predicted level).
    pub wrong_level: Vec<(String, u32, u32)>,
    pub title_expected: Option<String>,
    pub title_found: Option<String>,
}

/// The comparison form of a heading: [`normalize`]d, without Markdown's
/// inline-code backticks (the gold keeps the source's `` `.babelrc` ``, the
/// document shows the rendered `.babelrc`).
fn heading_key(s: &str) -> String {
    normalize(s).replace('`', "")
}

/// Drops a trailing column tag `（…）` (full-width parentheses) from a title.
fn title_key(s: &str) -> String {
    let n = normalize(s);
    // NFKC turns （） into ().
    if n.ends_with(')')
        && let Some(open) = n.rfind('(')
        && open > 0
    {
        return n[..open].to_string();
    }
    n
}

/// Compares one document's prediction with its gold.
pub fn score_doc(entry: &GoldEntry, pred: &Predicted) -> DocScore {
    let gold: Vec<(String, u32)> = entry
        .gold
        .headings
        .iter()
        .map(|h| (heading_key(&h.text), h.level))
        .filter(|(t, _)| !t.is_empty())
        .collect();
    let preds: Vec<(String, u32)> = pred
        .headings
        .iter()
        .map(|(t, l)| (heading_key(t), *l))
        .collect();
    let mut out = DocScore {
        name: entry.name.clone(),
        kind: entry.gold.kind.clone(),
        title_expected: entry.gold.title.clone(),
        title_found: pred.title.clone(),
        ..DocScore::default()
    };
    let t = &mut out.tally;
    t.docs = 1;
    t.gold = gold.len();
    t.predicted = preds.len();
    for (g, level) in &gold {
        match preds.iter().find(|(p, _)| p.contains(g.as_str())) {
            Some((_, pl)) => {
                t.found += 1;
                if pl == level {
                    t.level_right += 1;
                } else {
                    out.wrong_level.push((g.clone(), *level, *pl));
                }
            }
            None => out.missed.push((g.clone(), *level)),
        }
    }
    for (p, _) in &preds {
        if covered(p, &gold) {
            t.right += 1;
        } else {
            out.false_found.push(p.clone());
        }
    }
    let title_ok = match (&entry.gold.title, &pred.title) {
        (None, None) => true,
        (Some(g), Some(p)) => title_key(g) == title_key(p),
        _ => false,
    };
    t.titles_right = usize::from(title_ok);
    out
}

/// Whether the occurrences of gold texts inside `p` cover all its letters.
fn covered(p: &str, gold: &[(String, u32)]) -> bool {
    if p.is_empty() {
        return true;
    }
    let mut mask = vec![false; p.len()];
    for (g, _) in gold {
        for (at, _) in p.match_indices(g.as_str()) {
            mask[at..at + g.len()].iter_mut().for_each(|m| *m = true);
        }
    }
    p.char_indices()
        .all(|(i, c)| mask[i] || !c.is_alphanumeric())
}

/// All documents' scores, with each document parsed by `load`.
pub fn score_with(
    entries: &[GoldEntry],
    mut load: impl FnMut(&GoldEntry) -> anyhow::Result<Document>,
) -> anyhow::Result<Vec<DocScore>> {
    entries
        .iter()
        .map(|e| Ok(score_doc(e, &predicted(&load(e)?))))
        .collect()
}

/// All documents' scores, each loaded exactly as the program loads it.
pub fn score(entries: &[GoldEntry]) -> anyhow::Result<Vec<DocScore>> {
    score_with(entries, |e| crate::source::load_document(&e.path))
}

/// The overall tally and one per kind (sorted by kind).
pub fn totals(scores: &[DocScore]) -> (Tally, BTreeMap<String, Tally>) {
    let mut all = Tally::default();
    let mut by_kind: BTreeMap<String, Tally> = BTreeMap::new();
    for s in scores {
        all.add(&s.tally);
        by_kind.entry(s.kind.clone()).or_default().add(&s.tally);
    }
    (all, by_kind)
}

/// The printed report for `entries`; `verbose` lists each document's misses.
pub fn report(entries: &[GoldEntry], verbose: bool) -> anyhow::Result<String> {
    let scores = score(entries)?;
    Ok(format_report(&scores, verbose))
}

/// The report text for computed scores.
pub fn format_report(scores: &[DocScore], verbose: bool) -> String {
    let mut out = String::new();
    if verbose {
        for s in scores {
            let t = &s.tally;
            let _ = writeln!(
                out,
                "{} [{}]: {}/{} found, {}/{} right",
                s.name, s.kind, t.found, t.gold, t.right, t.predicted
            );
            if t.titles_right == 0 {
                let _ = writeln!(
                    out,
                    "  title: expected {:?}, found {:?}",
                    s.title_expected, s.title_found
                );
            }
            for (m, l) in &s.missed {
                let _ = writeln!(out, "  missed (level {l}): {m}");
            }
            for f in &s.false_found {
                let _ = writeln!(out, "  false: {f}");
            }
            for (g, gl, pl) in &s.wrong_level {
                let _ = writeln!(out, "  level {pl}, expected {gl}: {g}");
            }
        }
        out.push('\n');
    }
    let (all, by_kind) = totals(scores);
    let _ = writeln!(
        out,
        "{:<10} {:>5} {:>6} {:>6} {:>7} {:>7} {:>7} {:>7} {:>7}",
        "kind", "docs", "gold", "pred", "P", "R", "F1", "level", "title"
    );
    let row = |out: &mut String, name: &str, t: &Tally| {
        let _ = writeln!(
            out,
            "{:<10} {:>5} {:>6} {:>6} {:>7.3} {:>7.3} {:>7.3} {:>7.3} {:>4}/{:<3}",
            name,
            t.docs,
            t.gold,
            t.predicted,
            t.precision(),
            t.recall(),
            t.f1(),
            t.level(),
            t.titles_right,
            t.docs
        );
    };
    for (k, t) in &by_kind {
        row(&mut out, k, t);
    }
    row(&mut out, "overall", &all);
    out.truncate(out.trim_end().len());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::gold::{GoldDoc, GoldHeading};

    fn entry(title: Option<&str>, headings: &[(&str, u32)]) -> GoldEntry {
        GoldEntry {
            name: "a.txt".into(),
            path: "a.txt".into(),
            gold: GoldDoc {
                kind: "news".into(),
                title: title.map(String::from),
                headings: headings
                    .iter()
                    .enumerate()
                    .map(|(i, (t, l))| GoldHeading {
                        text: (*t).into(),
                        level: *l,
                        line: i + 1,
                    })
                    .collect(),
                pairs: Vec::new(),
                quotes: Vec::new(),
                notes: None,
            },
        }
    }

    #[test]
    fn containment_pairs_levels_and_titles() {
        let e = entry(
            Some("标题"),
            &[
                ("变化", 1),
                ("——从等到干", 1),
                ("一、总则", 1),
                ("（一）目的。", 2),
            ],
        );
        let pred = Predicted {
            title: Some("标题（国际视点）".into()),
            headings: vec![
                // A pair predicted as one heading: both found, right.
                ("变化——从等到干".into(), 1),
                // Contains the gold heading after removing spaces.
                ("一、 总则".into(), 2),
                // A false heading.
                ("正文".into(), 1),
            ],
        };
        let s = score_doc(&e, &pred);
        let t = s.tally;
        assert_eq!((t.gold, t.found, t.predicted, t.right), (4, 3, 3, 2));
        assert_eq!(t.level_right, 2);
        assert_eq!(t.titles_right, 1);
        assert_eq!(s.missed, vec![("(一)目的。".to_string(), 2)]);
        assert_eq!(s.false_found, vec!["正文".to_string()]);
        assert!((t.precision() - 2.0 / 3.0).abs() < 1e-9);
        assert!((t.recall() - 0.75).abs() < 1e-9);
        // A title where none is expected is wrong, and none for none is right.
        let none = entry(None, &[]);
        let p = Predicted {
            title: Some("第一回".into()),
            headings: vec![],
        };
        assert_eq!(score_doc(&none, &p).tally.titles_right, 0);
        assert_eq!(
            score_doc(&none, &Predicted::default()).tally.titles_right,
            1
        );
    }
}
