//! Segmentation scoring on SIGHAN-style gold: one sentence per line, words
//! separated by spaces. A word counts when both its ends match.

use super::{Counts, Report};
use crate::annotate::Resources;
use crate::annotate::tokens::tag;
use std::collections::HashSet;

/// Word spans (in characters) of a space-separated line, and its text.
pub fn gold_words(line: &str) -> (String, HashSet<(usize, usize)>) {
    let mut text = String::new();
    let mut spans = HashSet::new();
    let mut pos = 0;
    for w in line.split_whitespace() {
        let n = w.chars().count();
        spans.insert((pos, pos + n));
        pos += n;
        text.push_str(w);
    }
    (text, spans)
}

/// Word spans (in characters) jieba gives for `text`, spaces skipped.
pub fn predicted_words(text: &str, res: &Resources) -> HashSet<(usize, usize)> {
    let mut spans = HashSet::new();
    let mut pos = 0;
    for t in tag(&res.jieba, &res.pos_overrides, text) {
        let w = &text[t.start..t.end];
        let n = w.chars().count();
        if !w.trim().is_empty() {
            spans.insert((pos, pos + n));
        }
        pos += n;
    }
    spans
}

/// Word spans of one line, in characters.
pub type Words = HashSet<(usize, usize)>;

/// Scores `(gold, predicted)` word spans per line.
pub fn score(lines: &[(Words, Words)]) -> Report {
    let mut c = Counts::default();
    for (gold, pred) in lines {
        c.add(gold, pred);
    }
    Report {
        rows: vec![("words".to_string(), c)],
        overall: c,
        units: lines.len(),
    }
}

/// Segments every non-empty gold line with jieba and scores it.
pub fn evaluate(input: &str, res: &Resources) -> Report {
    let lines: Vec<_> = input
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let (text, gold) = gold_words(l);
            (gold, predicted_words(&text, res))
        })
        .collect();
    score(&lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gold_words_are_char_spans() {
        let (text, spans) = gold_words("上海  互联网 企业\u{3000}党建");
        assert_eq!(text, "上海互联网企业党建");
        let want: HashSet<_> = [(0, 2), (2, 5), (5, 7), (7, 9)].into_iter().collect();
        assert_eq!(spans, want);
    }

    #[test]
    fn scoring_arithmetic() {
        // gold: 我们|喜欢|读书 ; predicted: 我们|喜|欢|读书
        let gold: HashSet<_> = [(0, 2), (2, 4), (4, 6)].into_iter().collect();
        let pred: HashSet<_> = [(0, 2), (2, 3), (3, 4), (4, 6)].into_iter().collect();
        let r = score(&[(gold, pred)]);
        assert_eq!(
            r.overall,
            Counts {
                tp: 2,
                fp: 2,
                fn_: 1
            }
        );
        assert!((r.overall.precision() - 0.5).abs() < 1e-12);
        assert!((r.overall.recall() - 2.0 / 3.0).abs() < 1e-12);
    }
}
