//! Leave-one-set-out check of the structure parser's thresholds.
//!
//! `cargo run --release --example structure_loo [-- DEV_DIR]` (default
//! `../shared/corpora/structure-dev`). The plain-text heading decision has a
//! few tunable thresholds ([`yuelan::parse::Params`]: longest heading line,
//! longest run-in title, longest one-sentence heading, paragraphs a dash or
//! bullet heading must open, …). For each of the three development sets it
//! searches a grid of those thresholds on the *other two* sets (mean heading
//! F1, ties broken towards the defaults), then scores the held-out set with
//! the chosen values. It prints the in-sample figures of the defaults beside
//! the three held-out figures, so a threshold that only fits one set shows.

use std::path::{Path, PathBuf};
use yuelan::eval::gold::{self, GoldEntry};
use yuelan::eval::structure::{self, Tally};
use yuelan::model::Format;
use yuelan::parse::{Params, parse_with};

const SETS: [&str; 3] = ["rmrb", "reports", "mixed"];

struct Set {
    name: &'static str,
    entries: Vec<GoldEntry>,
    texts: Vec<String>,
}

fn load(dir: &Path, name: &'static str) -> anyhow::Result<Set> {
    let entries = gold::load(&dir.join(name).join("gold.json"), None)?;
    let texts = entries
        .iter()
        .map(|e| {
            let bytes = yuelan::source::read_bytes(&e.path)?;
            Ok(yuelan::decode::decode(&bytes)
                .map_err(|err| anyhow::anyhow!("{}: {err}", e.path.display()))?
                .text)
        })
        .collect::<anyhow::Result<Vec<String>>>()?;
    Ok(Set {
        name,
        entries,
        texts,
    })
}

fn score(set: &Set, params: &Params) -> Tally {
    let mut i = 0;
    let scores = structure::score_with(&set.entries, |e| {
        let text = set.texts[i].clone();
        i += 1;
        let format = Format::detect(Some(&e.path), &text);
        Ok(parse_with(text, format, params))
    })
    .unwrap_or_default();
    structure::totals(&scores).0
}

/// Every combination of a few values around each default.
fn grid() -> Vec<Params> {
    let mut out = Vec::new();
    for max_sub in [24, 32, 40] {
        for max_long_sub in [48, 64, 80] {
            for max_run_in in [40, 60, 80] {
                for max_sentence in [16, 24, 32] {
                    for max_numbered_sentence in [60, 80, 100] {
                        for min_section in [1, 2, 3] {
                            out.push(Params {
                                max_sub,
                                max_long_sub,
                                max_run_in,
                                max_sentence,
                                max_numbered_sentence,
                                min_section,
                            });
                        }
                    }
                }
            }
        }
    }
    out
}

/// How far `p` is from the defaults (for breaking ties).
fn distance(p: &Params) -> usize {
    let d = Params::default();
    let diff = |a: usize, b: usize| a.abs_diff(b);
    diff(p.max_sub, d.max_sub)
        + diff(p.max_long_sub, d.max_long_sub)
        + diff(p.max_run_in, d.max_run_in)
        + diff(p.max_sentence, d.max_sentence)
        + diff(p.max_numbered_sentence, d.max_numbered_sentence)
        + 10 * diff(p.min_section, d.min_section)
}

fn main() -> anyhow::Result<()> {
    let dir = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("../shared/corpora/structure-dev"));
    let sets = SETS
        .iter()
        .map(|s| load(&dir, s))
        .collect::<anyhow::Result<Vec<Set>>>()?;
    let grid = grid();
    println!(
        "{:<8} {:>22} {:>22}   chosen on the other two",
        "set", "in-sample F1/lvl/title", "held-out F1/lvl/title"
    );
    for held in 0..sets.len() {
        let mut best: Option<(f64, usize, Params)> = None;
        for p in &grid {
            let f: f64 = (0..sets.len())
                .filter(|&k| k != held)
                .map(|k| score(&sets[k], p).f1())
                .sum::<f64>()
                / (sets.len() - 1) as f64;
            let better = match &best {
                None => true,
                Some((bf, bd, _)) => {
                    f > *bf + 1e-12 || (f - *bf).abs() <= 1e-12 && distance(p) < *bd
                }
            };
            if better {
                best = Some((f, distance(p), *p));
            }
        }
        let Some((_, _, chosen)) = best else {
            continue;
        };
        let inside = score(&sets[held], &Params::default());
        let out = score(&sets[held], &chosen);
        let fmt = |t: &Tally| {
            format!(
                "{:.3}/{:.3}/{}/{}",
                t.f1(),
                t.level(),
                t.titles_right,
                t.docs
            )
        };
        println!(
            "{:<8} {:>22} {:>22}   {:?}",
            sets[held].name,
            fmt(&inside),
            fmt(&out),
            chosen
        );
    }
    Ok(())
}
