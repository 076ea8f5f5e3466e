//! Scoring against gold files: entities ([`ner`], BIO), word segmentation
//! ([`seg`], space-separated SIGHAN style), document structure ([`structure`])
//! and quotations ([`quotes`]) against `structure-dev` gold ([`gold`]),
//! polyphone readings ([`pinyin`]). Exact spans, micro-averaged
//! precision / recall / F1 (the CoNLL convention).

pub mod gold;
pub mod ner;
pub mod pinyin;
pub mod quotes;
pub mod seg;
pub mod structure;

use std::collections::HashSet;
use std::fmt;

/// True positives, false positives and false negatives of one label (or all).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Counts {
    /// Adds the comparison of one unit's gold and predicted span sets.
    pub fn add<T: Eq + std::hash::Hash>(&mut self, gold: &HashSet<T>, pred: &HashSet<T>) {
        let tp = gold.intersection(pred).count();
        self.tp += tp;
        self.fp += pred.len() - tp;
        self.fn_ += gold.len() - tp;
    }
    pub fn gold(&self) -> usize {
        self.tp + self.fn_
    }
    pub fn predicted(&self) -> usize {
        self.tp + self.fp
    }
    /// tp / (tp + fp); 0 when nothing was predicted.
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.predicted())
    }
    /// tp / (tp + fn); 0 when the gold has nothing.
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.gold())
    }
    /// Harmonic mean of precision and recall; 0 when both are 0.
    pub fn f1(&self) -> f64 {
        f1(self.precision(), self.recall())
    }
}

impl std::ops::AddAssign for Counts {
    fn add_assign(&mut self, o: Counts) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
    }
}

/// `a / b`; 0 when `b` is 0 (shared by every scorer).
pub(crate) fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// The harmonic mean of precision `p` and recall `r`; 0 when both are 0
/// (shared by every scorer).
pub(crate) fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

/// A table of scores: one row per label and an overall micro-average.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub rows: Vec<(String, Counts)>,
    pub overall: Counts,
    /// Sentences (NER) or lines (segmentation) scored.
    pub units: usize,
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{:<8} {:>9} {:>9} {:>9} {:>7} {:>7} {:>7}",
            "label", "precision", "recall", "f1", "gold", "pred", "tp"
        )?;
        let row = |f: &mut fmt::Formatter<'_>, name: &str, c: &Counts| {
            writeln!(
                f,
                "{:<8} {:>9.4} {:>9.4} {:>9.4} {:>7} {:>7} {:>7}",
                name,
                c.precision(),
                c.recall(),
                c.f1(),
                c.gold(),
                c.predicted(),
                c.tp
            )
        };
        for (name, c) in &self.rows {
            row(f, name, c)?;
        }
        row(f, "overall", &self.overall)?;
        write!(f, "({} units scored)", self.units)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_arithmetic() {
        let gold: HashSet<u32> = [1, 2, 3, 4].into_iter().collect();
        let pred: HashSet<u32> = [2, 3, 5].into_iter().collect();
        let mut c = Counts::default();
        c.add(&gold, &pred);
        assert_eq!(
            c,
            Counts {
                tp: 2,
                fp: 1,
                fn_: 2
            }
        );
        assert!((c.precision() - 2.0 / 3.0).abs() < 1e-12);
        assert!((c.recall() - 0.5).abs() < 1e-12);
        // 2PR/(P+R) = 2·(2/3)·(1/2) / (7/6) = 4/7
        assert!((c.f1() - 4.0 / 7.0).abs() < 1e-12);
        let empty = Counts::default();
        assert_eq!(
            (empty.precision(), empty.recall(), empty.f1()),
            (0.0, 0.0, 0.0)
        );
    }
}
