//! Entity scoring on BIO files: one character per line (`CHAR TAG` or
//! `CHAR<TAB>TAG`), a blank line between sentences. Tags `B-X I-X O` (also
//! `E-X S-X M-X` of BIOES). Exact spans `(start, end, label)` in characters.

use super::{Counts, Report};
use crate::annotate::Resources;
use crate::annotate::entities::{Mode, model::Model, recognize, recognize_with};
use crate::annotate::tokens::tag;
use std::collections::{BTreeMap, HashSet};

/// An entity span in characters: `start..end` and its label.
pub type CharSpan = (usize, usize, String);

/// One gold sentence: its text and entity spans.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GoldSentence {
    pub text: String,
    pub spans: Vec<CharSpan>,
}

/// Parses a BIO file. Errors name the line.
pub fn parse_bio(input: &str) -> anyhow::Result<Vec<GoldSentence>> {
    let mut out = Vec::new();
    let mut chars: Vec<char> = Vec::new();
    let mut tags: Vec<String> = Vec::new();
    let flush = |chars: &mut Vec<char>, tags: &mut Vec<String>, out: &mut Vec<GoldSentence>| {
        if !chars.is_empty() {
            out.push(GoldSentence {
                text: chars.iter().collect(),
                spans: spans_of(tags),
            });
        }
        chars.clear();
        tags.clear();
    };
    for (no, raw) in input.lines().enumerate() {
        let line = raw.trim_end_matches(['\r', '\n']);
        if line.trim().is_empty() {
            flush(&mut chars, &mut tags, &mut out);
            continue;
        }
        let (ch, tag) = match line.rsplit_once([' ', '\t']) {
            Some((c, t)) => {
                let c = c.trim_matches([' ', '\t']);
                // A line "  O" is a space character tagged O.
                (c.chars().next().unwrap_or(' '), t)
            }
            None => {
                // Quote a little of the line: a file that is not BIO at all
                // may be one 30 MB line.
                let mut shown: String = line.chars().take(40).collect();
                if shown.len() < line.len() {
                    shown.push('…');
                }
                anyhow::bail!("line {}: expected `CHAR TAG`, got {shown:?}", no + 1)
            }
        };
        if tag != "O" && !tag.contains('-') {
            let tag: String = tag.chars().take(20).collect();
            anyhow::bail!("line {}: unknown tag {tag:?}", no + 1);
        }
        chars.push(ch);
        tags.push(tag.to_string());
    }
    flush(&mut chars, &mut tags, &mut out);
    Ok(out)
}

/// Entity spans of a tag sequence. An `I-X` that does not continue an `X`
/// starts a new entity (the CoNLL convention).
pub fn spans_of(tags: &[String]) -> Vec<CharSpan> {
    let mut out = Vec::new();
    let mut open: Option<(usize, &str)> = None;
    for (i, t) in tags.iter().enumerate() {
        let (prefix, label) = t.split_once('-').unwrap_or(("O", ""));
        let continues = matches!(prefix, "I" | "M" | "E") && open.is_some_and(|(_, l)| l == label);
        if !continues {
            if let Some((s, l)) = open.take() {
                out.push((s, i, l.to_string()));
            }
            if prefix != "O" {
                open = Some((i, label));
            }
        }
        if matches!(prefix, "E" | "S")
            && let Some((s, l)) = open.take()
        {
            out.push((s, i + 1, l.to_string()));
        }
    }
    if let Some((s, l)) = open {
        out.push((s, tags.len(), l.to_string()));
    }
    out
}

/// Scores predicted against gold spans, sentence by sentence. Only labels
/// present in the gold are scored (a gold file without WORK does not count
/// WORK predictions against the system).
pub fn score(gold: &[Vec<CharSpan>], pred: &[Vec<CharSpan>]) -> Report {
    let labels: HashSet<&str> = gold.iter().flatten().map(|s| s.2.as_str()).collect();
    let mut rows: BTreeMap<String, Counts> = labels
        .iter()
        .map(|l| (l.to_string(), Counts::default()))
        .collect();
    let mut overall = Counts::default();
    for (g, p) in gold
        .iter()
        .zip(pred.iter().chain(std::iter::repeat(&Vec::new())))
    {
        for (label, counts) in rows.iter_mut() {
            let gs: HashSet<&CharSpan> = g.iter().filter(|s| &s.2 == label).collect();
            let ps: HashSet<&CharSpan> = p.iter().filter(|s| &s.2 == label).collect();
            let mut c = Counts::default();
            c.add(&gs, &ps);
            *counts += c;
            overall += c;
        }
    }
    Report {
        rows: rows.into_iter().collect(),
        overall,
        units: gold.len(),
    }
}

/// Runs the entity recogniser on one sentence; spans in characters.
pub fn predict(text: &str, res: &Resources) -> Vec<CharSpan> {
    let tags = tag(&res.jieba, &res.pos_overrides, text);
    let ents = recognize(text, &tags, res);
    let mut char_at = vec![0usize; text.len() + 1];
    let mut n = 0;
    for (i, c) in text.char_indices() {
        char_at[i] = n;
        n += 1;
        let _ = c;
    }
    char_at[text.len()] = n;
    outermost(
        ents.iter()
            .map(|e| (char_at[e.start], char_at[e.end], e.label.name().to_string()))
            .collect(),
    )
}

/// `spans` without those inside another span of their label: the gold is
/// flat, so of an organisation and the one inside it that it is a unit of
/// (上海微盟科技股份有限公司 in …有限公司联合党支部) the whole is scored.
pub fn outermost(mut spans: Vec<CharSpan>) -> Vec<CharSpan> {
    let inner = |s: &CharSpan, all: &[CharSpan]| {
        all.iter()
            .any(|o| o != s && o.2 == s.2 && o.0 <= s.0 && s.1 <= o.1)
    };
    let keep: Vec<bool> = spans.iter().map(|s| !inner(s, &spans)).collect();
    let mut k = keep.iter();
    spans.retain(|_| k.next().copied().unwrap_or(true));
    spans
}

/// Parses `input` as BIO, runs the recogniser on every sentence and scores it.
pub fn evaluate(input: &str, res: &Resources) -> anyhow::Result<Report> {
    let sentences = parse_bio(input)?;
    let gold: Vec<Vec<CharSpan>> = sentences.iter().map(|s| s.spans.clone()).collect();
    let pred: Vec<Vec<CharSpan>> = sentences.iter().map(|s| predict(&s.text, res)).collect();
    Ok(score(&gold, &pred))
}

/// The rules alone, the shipped model alone and the combination the
/// pipeline uses, one report each (the model's only when one ships).
pub fn compare(input: &str, res: &Resources) -> anyhow::Result<String> {
    use crate::annotate::entities::model::shipped;
    let mut out = String::new();
    let shipped = shipped();
    let model = shipped.as_deref();
    let modes: &[(&str, Mode)] = match model {
        Some(_) => &[
            ("rules alone", Mode::Rules),
            ("model alone (reading the rules as features)", Mode::Model),
            ("combined (as annotated)", Mode::Combined),
        ],
        None => &[("rules alone (no model ships)", Mode::Rules)],
    };
    for (name, mode) in modes {
        let r = evaluate_with(input, res, *mode, model)?;
        out.push_str(&format!("== {name}\n{r}\n"));
    }
    let r = evaluate_document(input, res)?;
    out.push_str(&format!(
        "== the sentences in order as one document (the pipeline's document passes too)\n{r}\n"
    ));
    Ok(out.trim_end().to_string())
}

/// Scores the entity layer as the pipeline runs it on a document: the
/// sentences, in order, are one text's paragraphs, annotated whole, so the
/// passes over a document run too (names that speak, a given name alone
/// after the full name, short forms of companies, one-character places).
/// Sentences of one article stay together in files that keep the order
/// (the MSRA training file does; the People's Daily dev split is shuffled,
/// where those passes have little to read).
pub fn evaluate_document(input: &str, res: &Resources) -> anyhow::Result<Report> {
    use crate::model::{Format, Layer};
    let sentences = parse_bio(input)?;
    let gold: Vec<Vec<CharSpan>> = sentences.iter().map(|s| s.spans.clone()).collect();
    let joined: Vec<&str> = sentences.iter().map(|s| s.text.as_str()).collect();
    let doc = crate::parse::parse(joined.join("\n\n"), Format::Plain);
    let a = crate::annotate::annotate(doc, res);
    let text = &a.doc.text;
    // Each sentence's byte offset in the document's text, found in order
    // (`None`: changed by the reading, given no entities).
    let mut at = 0;
    let starts: Vec<Option<usize>> = sentences
        .iter()
        .map(|s| {
            let k = at + text.get(at..)?.find(&s.text)?;
            at = k + s.text.len();
            Some(k)
        })
        .collect();
    let placed: Vec<(usize, usize)> = starts
        .iter()
        .enumerate()
        .filter_map(|(i, s)| s.map(|s| (s, i)))
        .collect();
    let mut pred: Vec<Vec<CharSpan>> = vec![Vec::new(); sentences.len()];
    for e in a.layer(Layer::Entities) {
        let k = placed.partition_point(|&(s, _)| s <= e.span.start);
        let Some(&(s, i)) = k.checked_sub(1).and_then(|k| placed.get(k)) else {
            continue;
        };
        let sentence = &sentences[i].text;
        if e.span.end > s + sentence.len() {
            continue;
        }
        let chars = |b: usize| sentence.get(..b - s).map_or(0, |t| t.chars().count());
        pred[i].push((chars(e.span.start), chars(e.span.end), e.label.to_string()));
    }
    let pred: Vec<Vec<CharSpan>> = pred.into_iter().map(outermost).collect();
    Ok(score(&gold, &pred))
}

/// [`predict`] with a chosen recogniser and model.
pub fn predict_with(
    text: &str,
    res: &Resources,
    mode: Mode,
    model: Option<&Model>,
) -> Vec<CharSpan> {
    let tags = tag(&res.jieba, &res.pos_overrides, text);
    let ents = recognize_with(text, &tags, res, mode, model);
    let mut char_at = vec![0usize; text.len() + 1];
    for (n, (i, _)) in text.char_indices().enumerate() {
        char_at[i] = n;
    }
    char_at[text.len()] = text.chars().count();
    outermost(
        ents.iter()
            .map(|e| (char_at[e.start], char_at[e.end], e.label.name().to_string()))
            .collect(),
    )
}

/// [`evaluate`] with a chosen recogniser and model.
pub fn evaluate_with(
    input: &str,
    res: &Resources,
    mode: Mode,
    model: Option<&Model>,
) -> anyhow::Result<Report> {
    let sentences = parse_bio(input)?;
    let gold: Vec<Vec<CharSpan>> = sentences.iter().map(|s| s.spans.clone()).collect();
    let pred: Vec<Vec<CharSpan>> = sentences
        .iter()
        .map(|s| predict_with(&s.text, res, mode, model))
        .collect();
    Ok(score(&gold, &pred))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TINY: &str = "王 B-PER\n小 I-PER\n明 I-PER\n在 O\n北 B-LOC\n京 I-LOC\n\n\
                        新\tB-ORG\n华\tI-ORG\n社\tI-ORG\n报 O\n道 O\n\n";

    /// Read as one document, each sentence's entities are placed back in
    /// it by character: sentences that no document pass touches (each
    /// names different things, nobody speaks) score as they do one by one,
    /// whatever comes before them (full-width letters, Latin, a heading-like
    /// short line).
    #[test]
    fn the_document_reading_places_each_entity_in_its_sentence() {
        let Ok(res) = Resources::load() else { return };
        let bio: String = [
            (
                "新华社北京５月３日电",
                "B-ORG I-ORG I-ORG B-LOC I-LOC O O O O O",
            ),
            ("经济增长", "O O O O"),
            (
                "ＩＢＭ公司在上海设立了研发中心。",
                "O O O O O O B-LOC I-LOC O O O O O O O O",
            ),
            (
                "王小明在广州市工作。",
                "B-PER I-PER I-PER O B-LOC I-LOC I-LOC O O O",
            ),
        ]
        .iter()
        .map(|(text, tags)| {
            let lines: Vec<String> = text
                .chars()
                .zip(tags.split(' '))
                .map(|(c, t)| format!("{c} {t}"))
                .collect();
            lines.join("\n") + "\n\n"
        })
        .collect();
        let one_by_one = evaluate(&bio, &res).map(|r| r.overall).ok();
        let whole = evaluate_document(&bio, &res).map(|r| r.overall).ok();
        assert_eq!(whole, one_by_one);
        assert!(whole.is_some_and(|c| c.tp >= 4), "{whole:?}");
    }

    #[test]
    fn nested_spans_of_one_label_score_as_the_outer_one() {
        let s = |a, b, l: &str| (a, b, l.to_string());
        let spans = vec![
            s(0, 17, "ORG"),
            s(0, 12, "ORG"),
            s(20, 30, "WORK"),
            s(21, 24, "PER"),
            s(40, 42, "LOC"),
        ];
        assert_eq!(
            outermost(spans),
            vec![
                s(0, 17, "ORG"),
                s(20, 30, "WORK"),
                s(21, 24, "PER"),
                s(40, 42, "LOC")
            ]
        );
    }

    #[test]
    fn parses_bio_with_spaces_and_tabs() {
        let s = parse_bio(TINY).unwrap_or_default();
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].text, "王小明在北京");
        assert_eq!(
            s[0].spans,
            vec![(0, 3, "PER".to_string()), (4, 6, "LOC".to_string())]
        );
        assert_eq!(s[1].spans, vec![(0, 3, "ORG".to_string())]);
    }

    #[test]
    fn rejects_malformed_lines() {
        assert!(parse_bio("王B-PER\n").is_err());
        assert!(parse_bio("王 PER\n").is_err());
    }

    #[test]
    fn stray_inside_tag_starts_an_entity() {
        let tags: Vec<String> = ["O", "I-LOC", "I-LOC", "B-PER", "I-ORG"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(
            spans_of(&tags),
            vec![
                (1, 3, "LOC".to_string()),
                (3, 4, "PER".to_string()),
                (4, 5, "ORG".to_string())
            ]
        );
    }

    #[test]
    fn scoring_arithmetic_on_a_tiny_file() {
        let s = parse_bio(TINY).unwrap_or_default();
        let gold: Vec<Vec<CharSpan>> = s.iter().map(|s| s.spans.clone()).collect();
        // Sentence 1: PER right, LOC with the wrong end, an extra ORG.
        // Sentence 2: ORG right.
        let pred = vec![
            vec![
                (0, 3, "PER".to_string()),
                (4, 5, "LOC".to_string()),
                (3, 4, "ORG".to_string()),
            ],
            vec![(0, 3, "ORG".to_string()), (3, 5, "WORK".to_string())],
        ];
        let r = score(&gold, &pred);
        let row = |l: &str| r.rows.iter().find(|(n, _)| n == l).map(|(_, c)| *c);
        assert_eq!(
            row("PER"),
            Some(Counts {
                tp: 1,
                fp: 0,
                fn_: 0
            })
        );
        assert_eq!(
            row("LOC"),
            Some(Counts {
                tp: 0,
                fp: 1,
                fn_: 1
            })
        );
        assert_eq!(
            row("ORG"),
            Some(Counts {
                tp: 1,
                fp: 1,
                fn_: 0
            })
        );
        assert_eq!(
            row("WORK"),
            None,
            "labels absent from the gold are not scored"
        );
        // Overall: tp 2, fp 2, fn 1 → P 0.5, R 2/3, F1 4/7.
        assert_eq!(
            r.overall,
            Counts {
                tp: 2,
                fp: 2,
                fn_: 1
            }
        );
        assert!((r.overall.f1() - 4.0 / 7.0).abs() < 1e-12);
        assert_eq!(r.units, 2);
    }
}
