//! `yuelan eval quotes GOLD.json`: quotations and their speakers against the
//! structure development gold (see `gold.rs` and the corpus README).
//!
//! Each document is loaded and annotated as the program does. A predicted
//! quotation is a `QUOTE` of the quotes layer, cut at line breaks (the gold
//! has one record per line segment), its text the content inside the marks.
//! It matches a gold quotation when both are equal after [`normalize`], or
//! one holds the other and the shorter is at least 80% of the longer (in
//! characters); each is matched once, on the nearest line first. The
//! speaker is right when the predicted and the gold speaker (normalised)
//! contain one another. Headline: gold quotations with a speaker found with
//! the right speaker, over all gold quotations with a speaker.

use super::Counts;
use super::gold::{GoldEntry, normalize};
use super::ratio;
use crate::annotate::Resources;
use crate::model::{AttrValue, Layer, Span};
use std::collections::BTreeMap;
use std::fmt::Write;

/// One predicted quotation (a line segment of one).
#[derive(Debug, Clone)]
pub struct Predicted {
    pub text: String,
    pub line: usize,
    pub speaker: Option<String>,
    pub pattern: Option<String>,
}

/// The figures of one document, one kind, or all.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub docs: usize,
    /// Quotation detection.
    pub quotes: Counts,
    /// Gold quotations with a speaker.
    pub with_speaker: usize,
    /// … of which found.
    pub found_with_speaker: usize,
    /// … of which found with the right speaker.
    pub right: usize,
    /// Found gold quotations without a speaker, and those predicted without one.
    pub found_null: usize,
    pub null_right: usize,
}

impl std::ops::AddAssign for Tally {
    fn add_assign(&mut self, o: Tally) {
        self.docs += o.docs;
        self.quotes += o.quotes;
        self.with_speaker += o.with_speaker;
        self.found_with_speaker += o.found_with_speaker;
        self.right += o.right;
        self.found_null += o.found_null;
        self.null_right += o.null_right;
    }
}

impl Tally {
    /// The headline: right speakers over gold quotations with a speaker.
    pub fn end_to_end(&self) -> f64 {
        ratio(self.right, self.with_speaker)
    }
    /// Right speakers over the found gold quotations with a speaker.
    pub fn attribution(&self) -> f64 {
        ratio(self.right, self.found_with_speaker)
    }
}

/// The scores of every entry: per kind (sorted by name) and overall, and
/// the lines describing each miss.
#[derive(Debug, Clone, Default)]
pub struct Scores {
    pub kinds: BTreeMap<String, Tally>,
    pub overall: Tally,
    pub misses: Vec<String>,
    /// Per pattern: gold quotations with a speaker found by it, and right.
    pub patterns: BTreeMap<String, (usize, usize)>,
}

/// Annotates each entry's document with the real pipeline and scores it.
pub fn score(entries: &[GoldEntry], res: &Resources) -> anyhow::Result<Scores> {
    let mut scores = Scores::default();
    for entry in entries {
        let doc = crate::source::load_document(&entry.path)?;
        let annotated = crate::annotate::annotate(doc, res);
        let predicted = predicted(&annotated);
        let (tally, misses, patterns) = score_doc(entry, &predicted);
        for (p, right) in patterns {
            let e = scores.patterns.entry(p).or_default();
            e.0 += 1;
            e.1 += usize::from(right);
        }
        *scores.kinds.entry(entry.gold.kind.clone()).or_default() += tally;
        scores.overall += tally;
        scores.misses.extend(misses);
    }
    Ok(scores)
}

/// The printed report for `entries`; `verbose` lists each miss.
pub fn report(entries: &[GoldEntry], res: &Resources, verbose: bool) -> anyhow::Result<String> {
    let scores = score(entries, res)?;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<10} {:>4} {:>5} {:>5} {:>5} {:>7} {:>7} {:>7} {:>8} {:>8} {:>10}",
        "kind", "docs", "gold", "pred", "tp", "P", "R", "F1", "speakers", "right", "end-to-end"
    );
    let row = |out: &mut String, name: &str, t: &Tally| {
        let _ = writeln!(
            out,
            "{:<10} {:>4} {:>5} {:>5} {:>5} {:>7.4} {:>7.4} {:>7.4} {:>8} {:>8} {:>10.4}",
            name,
            t.docs,
            t.quotes.gold(),
            t.quotes.predicted(),
            t.quotes.tp,
            t.quotes.precision(),
            t.quotes.recall(),
            t.quotes.f1(),
            t.with_speaker,
            t.right,
            t.end_to_end()
        );
    };
    for (kind, t) in &scores.kinds {
        row(&mut out, kind, t);
    }
    row(&mut out, "overall", &scores.overall);
    let o = &scores.overall;
    let _ = write!(
        out,
        "speaker right among found quotes with a speaker: {}/{} ({:.4}); no speaker where the gold has none: {}/{}",
        o.right,
        o.found_with_speaker,
        o.attribution(),
        o.null_right,
        o.found_null
    );
    if verbose {
        let _ = write!(
            out,
            "\nby pattern (found quotes with a gold speaker: right/all):"
        );
        for (p, (all, right)) in &scores.patterns {
            let _ = write!(out, " {p} {right}/{all}");
        }
        for m in &scores.misses {
            let _ = write!(out, "\n{m}");
        }
    }
    Ok(out)
}

/// The QUOTE annotations of a document, cut at line breaks.
pub fn predicted(annotated: &crate::model::Annotated) -> Vec<Predicted> {
    let text = &annotated.doc.text;
    let mut out = Vec::new();
    for a in annotated
        .layer(Layer::Quotes)
        .filter(|a| a.label == "QUOTE")
    {
        let content = match a.attrs.value("content").as_deref() {
            Some(&AttrValue::Span { start, end }) => Span::new(start as usize, end as usize),
            _ => a.span,
        };
        let Some(body) = text.get(content.range()) else {
            continue;
        };
        let speaker = a.attr_str("speaker_text").map(str::to_string);
        let pattern = a.attr_str("pattern").map(str::to_string);
        let mut at = content.start;
        for segment in body.split('\n') {
            let line = line_of(text, at);
            at += segment.len() + 1;
            let segment = segment.trim_matches(|c: char| c.is_whitespace());
            if segment.is_empty() {
                continue;
            }
            out.push(Predicted {
                text: segment.to_string(),
                line,
                speaker: speaker.clone(),
                pattern: pattern.clone(),
            });
        }
    }
    out
}

/// 1-based line of byte `at`.
fn line_of(text: &str, at: usize) -> usize {
    1 + text.as_bytes()[..at.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

/// Whether two normalised quotations match: equal, or one holds the other
/// and the shorter has at least 80% of the longer's characters.
pub fn quotes_match(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (la, lb) = (a.chars().count(), b.chars().count());
    let (short, long, ls, ll) = if la <= lb {
        (a, b, la, lb)
    } else {
        (b, a, lb, la)
    };
    ls > 0 && long.contains(short) && ls * 5 >= ll * 4
}

/// Whether a predicted speaker is right: both non-empty and one holds the
/// other after normalising.
pub fn speaker_right(predicted: &str, gold: &str) -> bool {
    let (p, g) = (normalize(predicted), normalize(gold));
    !p.is_empty() && !g.is_empty() && (p.contains(&g) || g.contains(&p))
}

/// Scores one document's predictions against its gold.
/// Also gives, for each found gold quotation with a speaker, the pattern
/// that found the predicted speaker (`-` for none) and whether it is right.
pub fn score_doc(
    entry: &GoldEntry,
    predicted: &[Predicted],
) -> (Tally, Vec<String>, Vec<(String, bool)>) {
    let mut tally = Tally {
        docs: 1,
        ..Tally::default()
    };
    let mut misses = Vec::new();
    let mut patterns = Vec::new();
    let preds: Vec<String> = predicted.iter().map(|p| normalize(&p.text)).collect();
    let mut used = vec![false; predicted.len()];
    for g in &entry.gold.quotes {
        let gn = normalize(&g.text);
        let hit = (0..predicted.len())
            .filter(|&k| !used[k] && quotes_match(&gn, &preds[k]))
            .min_by_key(|&k| predicted[k].line.abs_diff(g.line));
        if let Some(k) = hit {
            used[k] = true;
            tally.quotes.tp += 1;
        } else {
            tally.quotes.fn_ += 1;
        }
        let p = hit.map(|k| &predicted[k]);
        let found_speaker = p.and_then(|p| p.speaker.as_deref());
        let pattern = p.and_then(|p| p.pattern.as_deref()).unwrap_or("-");
        let miss = match (&g.speaker, p) {
            (Some(gs), Some(_)) => {
                tally.with_speaker += 1;
                tally.found_with_speaker += 1;
                let right = found_speaker.is_some_and(|s| speaker_right(s, gs));
                if right {
                    tally.right += 1;
                }
                patterns.push((pattern.to_string(), right));
                !right
            }
            (Some(_), None) => {
                tally.with_speaker += 1;
                true
            }
            (None, Some(_)) => {
                tally.found_null += 1;
                if found_speaker.is_none() {
                    tally.null_right += 1;
                }
                found_speaker.is_some()
            }
            (None, None) => true,
        };
        if miss {
            let what = if p.is_some() { "speaker" } else { "missed" };
            misses.push(format!(
                "{}:{} {what}: “{}” expected {} found {} ({pattern})",
                entry.name,
                g.line,
                clip(&g.text),
                g.speaker.as_deref().unwrap_or("null"),
                found_speaker.unwrap_or("null"),
            ));
        }
    }
    for (k, p) in predicted.iter().enumerate().filter(|(k, _)| !used[*k]) {
        let _ = k;
        tally.quotes.fp += 1;
        misses.push(format!(
            "{}:{} extra: “{}” speaker {}",
            entry.name,
            p.line,
            clip(&p.text),
            p.speaker.as_deref().unwrap_or("null")
        ));
    }
    (tally, misses, patterns)
}

/// The first 30 characters of a quotation, for the list of misses.
fn clip(s: &str) -> String {
    let mut out: String = s.chars().take(30).collect();
    if s.chars().nth(30).is_some() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::gold::{GoldDoc, GoldQuote};

    fn entry(quotes: &[(&str, usize, Option<&str>)]) -> GoldEntry {
        GoldEntry {
            name: "a.txt".into(),
            path: "a.txt".into(),
            gold: GoldDoc {
                kind: "news".into(),
                title: None,
                headings: vec![],
                pairs: vec![],
                quotes: quotes
                    .iter()
                    .map(|&(t, line, s)| GoldQuote {
                        text: t.into(),
                        line,
                        speaker: s.map(Into::into),
                    })
                    .collect(),
                notes: None,
            },
        }
    }

    fn pred(t: &str, line: usize, s: Option<&str>) -> Predicted {
        Predicted {
            text: t.into(),
            line,
            speaker: s.map(Into::into),
            pattern: Some("after".into()),
        }
    }

    #[test]
    fn matching_follows_the_eighty_percent_rule() {
        assert!(quotes_match("一二三四五", "一二三四五"));
        // 4 of 5 characters: 80%.
        assert!(quotes_match("一二三四", "一二三四五"));
        // 3 of 4: 75%.
        assert!(!quotes_match("一二三", "一二三四"));
        assert!(!quotes_match("一二三四", "二三四五"));
        assert!(quotes_match(&normalize("ＡＢ １２"), &normalize("AB12")));
    }

    #[test]
    fn speakers_contain_one_another() {
        assert!(speaker_right("王立新", "市委副部长王立新"));
        assert!(speaker_right("副部长王立新", "王立新"));
        assert!(!speaker_right("王立", "李立新"));
        assert!(!speaker_right("", "王立新"));
    }

    #[test]
    fn a_document_is_scored_end_to_end() {
        let e = entry(&[
            ("我们一定要坚持下去。", 2, Some("王立新")),
            ("今年订单翻了一番。", 3, Some("林秀芬")),
            ("谁也说不清楚。", 4, None),
            ("从来没有见过。", 5, Some("张三")),
        ]);
        let preds = [
            pred("我们一定要坚持下去。", 2, Some("副部长王立新")),
            pred("今年订单翻了一番。", 3, Some("记者")),
            pred("谁也说不清楚。", 4, None),
            pred("这不是引语，却被当作引语。", 6, None),
        ];
        let (t, misses, _) = score_doc(&e, &preds);
        assert_eq!(
            t.quotes,
            Counts {
                tp: 3,
                fp: 1,
                fn_: 1
            }
        );
        assert_eq!((t.with_speaker, t.found_with_speaker, t.right), (3, 2, 1));
        assert_eq!((t.found_null, t.null_right), (1, 1));
        assert!((t.end_to_end() - 1.0 / 3.0).abs() < 1e-12);
        assert_eq!(misses.len(), 3, "{misses:?}");
        assert!(
            misses[0].contains("expected 林秀芬 found 记者"),
            "{misses:?}"
        );
    }

    #[test]
    fn each_prediction_matches_once_on_the_nearest_line() {
        let e = entry(&[
            ("好的，走吧。", 2, Some("甲")),
            ("好的，走吧。", 9, Some("乙")),
        ]);
        let preds = [
            pred("好的，走吧。", 9, Some("乙")),
            pred("好的，走吧。", 2, Some("甲")),
        ];
        let (t, misses, _) = score_doc(&e, &preds);
        assert_eq!(t.right, 2, "{misses:?}");
        assert_eq!(t.quotes.fp, 0);
    }
}
