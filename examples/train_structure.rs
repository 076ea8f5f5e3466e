//! Trains the heading model (`data/structure/headings.txt`) from the
//! structure development gold, and prints honest leave-one-set-out figures.
//!
//! `cargo run --release --example train_structure [-- [--no-write] [--verbose] [DEV_DIR]]`
//! (default `../shared/corpora/structure-dev`).
//!
//! Every candidate line the parser considers (plain-text units after the
//! title block, top-level Markdown text paragraphs) is an example: its
//! features are those `src/parse/headings.rs` computes, its label whether
//! the gold names it as a heading (by line in plain text, by text in
//! Markdown). A logistic regression with L2 is fitted by full-batch
//! gradient descent from zero weights: no randomness, so the same gold
//! gives the same weights.
//!
//! For each of the three sets (rmrb, reports, mixed) a model is trained on
//! the *other two* only and scored on the held-out set with
//! `yuelan eval structure`'s scorer; then the shipped model is trained on
//! all three and scored in-sample. Both are printed side by side.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use yuelan::eval::gold::{self, GoldEntry, normalize};
use yuelan::eval::structure::{self, Tally};
use yuelan::parse::learn::{self, Example, Model};

const SETS: [&str; 3] = ["rmrb", "reports", "mixed"];
/// L2 strength (per example, on the mean loss).
const L2: f64 = 1e-3;
const STEPS: usize = 3000;
const RATE: f64 = 0.5;

struct Set {
    name: &'static str,
    entries: Vec<GoldEntry>,
    /// Per document: (feature indices, label).
    rows: Vec<(Vec<String>, bool)>,
    /// Each row's line text (for `--explain`).
    texts: Vec<String>,
}

fn key(s: &str) -> String {
    normalize(s).replace('`', "")
}

/// Labels one document's candidate lines from its gold.
fn label(entry: &GoldEntry, examples: Vec<Example>) -> Vec<(Vec<String>, bool)> {
    let gold_keys: Vec<String> = entry.gold.headings.iter().map(|h| key(&h.text)).collect();
    examples
        .into_iter()
        .map(|e| {
            let y = match e.line {
                Some(line) => entry.gold.headings.iter().any(|h| h.line == line),
                None => {
                    let k = key(&e.text);
                    gold_keys
                        .iter()
                        .any(|g| !g.is_empty() && k.starts_with(g.as_str()))
                }
            };
            (e.features, y)
        })
        .collect()
}

fn load(dir: &Path, name: &'static str) -> anyhow::Result<Set> {
    let entries = gold::load(&dir.join(name).join("gold.json"), None)?;
    let mut rows = Vec::new();
    let mut texts = Vec::new();
    for e in &entries {
        let (doc, examples) = learn::trace(|| yuelan::source::load_document(&e.path));
        doc?;
        let drop: Vec<String> = std::env::var("STRUCT_DROP")
            .unwrap_or_default()
            .split(',')
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect();
        texts.extend(examples.iter().map(|x| x.text.clone()));
        let mut labelled = label(e, examples);
        for (f, _) in &mut labelled {
            f.retain(|n| {
                !drop.iter().any(|d| {
                    if d == "conj" {
                        n.starts_with("shape:") && n.split(':').count() > 2
                    } else if let Some(c) = d.strip_prefix("conj:") {
                        n.starts_with("shape:")
                            && n.split(':').nth(1) == Some(c)
                            && n.split(':').count() > 2
                    } else {
                        // The feature, alone or conjoined with a shape.
                        let bare = match n.strip_prefix("shape:") {
                            Some(r) => r.split_once(':').map_or("", |(_, b)| b),
                            None => n.as_str(),
                        };
                        n.starts_with(d.as_str()) || bare.starts_with(d.as_str())
                    }
                })
            });
        }
        rows.extend(labelled);
    }
    Ok(Set {
        name,
        entries,
        rows,
        texts,
    })
}

/// Logistic regression by gradient descent; returns named weights.
fn train(rows: &[&(Vec<String>, bool)]) -> BTreeMap<String, f64> {
    let mut index: HashMap<&str, usize> = HashMap::new();
    let xs: Vec<Vec<usize>> = rows
        .iter()
        .map(|(f, _)| {
            f.iter()
                .map(|n| {
                    let next = index.len();
                    *index.entry(n.as_str()).or_insert(next)
                })
                .collect()
        })
        .collect();
    let ys: Vec<f64> = rows.iter().map(|(_, y)| f64::from(u8::from(*y))).collect();
    let m = rows.len().max(1) as f64;
    let l2: f64 = std::env::var("STRUCT_L2")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(L2);
    let mut w = vec![0.0f64; index.len()];
    let mut g = vec![0.0f64; index.len()];
    for _ in 0..STEPS {
        g.iter_mut().for_each(|v| *v = 0.0);
        for (x, y) in xs.iter().zip(&ys) {
            let z: f64 = x.iter().map(|&k| w[k]).sum();
            let p = 1.0 / (1.0 + (-z).exp());
            let d = p - y;
            for &k in x {
                g[k] += d;
            }
        }
        for (wk, gk) in w.iter_mut().zip(&g) {
            *wk -= RATE * (gk / m + l2 * *wk);
        }
    }
    index
        .into_iter()
        .map(|(n, k)| (n.to_string(), w[k]))
        .collect()
}

/// Prints the held-out candidate lines the model gets wrong, with the
/// features that weigh most in their score.
fn explain_errors(set: &Set, weights: &BTreeMap<String, f64>) {
    for ((f, y), text) in set.rows.iter().zip(&set.texts) {
        let z: f64 = f
            .iter()
            .map(|n| weights.get(n).copied().unwrap_or(0.0))
            .sum();
        if (z > 0.0) == *y {
            continue;
        }
        let mut parts: Vec<(f64, &str)> = f
            .iter()
            .map(|n| (weights.get(n).copied().unwrap_or(0.0), n.as_str()))
            .collect();
        parts.sort_by(|a, b| b.0.abs().total_cmp(&a.0.abs()));
        let top: Vec<String> = parts
            .iter()
            .take(8)
            .map(|(w, n)| format!("{n} {w:+.2}"))
            .collect();
        let short: String = text.chars().take(30).collect();
        println!(
            "    {} {z:+.2} {short} | {}",
            if *y { "MISS" } else { "FALSE" },
            top.join(", ")
        );
    }
}

fn model(weights: &BTreeMap<String, f64>) -> Model {
    Model::from_named(weights.iter().map(|(n, w)| (n.as_str(), *w)))
}

fn score(set: &Set, m: &Model, verbose: bool) -> anyhow::Result<Tally> {
    let scores = learn::with_model(m, || structure::score(&set.entries))?;
    if verbose {
        let report = structure::format_report(&scores, true);
        for line in report.lines().filter(|l| l.starts_with("  ")) {
            println!("    {line}");
        }
    }
    Ok(structure::totals(&scores).0)
}

fn fmt(t: &Tally) -> String {
    format!(
        "F1 {:.3} (P {:.3} R {:.3}) level {:.3} titles {}/{}",
        t.f1(),
        t.precision(),
        t.recall(),
        t.level(),
        t.titles_right,
        t.docs
    )
}

fn main() -> anyhow::Result<()> {
    let mut write = true;
    let mut verbose = false;
    let mut explain = false;
    let mut dir = PathBuf::from("../shared/corpora/structure-dev");
    for a in std::env::args().skip(1) {
        if a == "--no-write" {
            write = false;
        } else if a == "--verbose" {
            verbose = true;
        } else if a == "--explain" {
            explain = true;
        } else {
            dir = PathBuf::from(a);
        }
    }
    let sets = SETS
        .iter()
        .map(|s| load(&dir, s))
        .collect::<anyhow::Result<Vec<Set>>>()?;
    for s in &sets {
        let pos = s.rows.iter().filter(|(_, y)| *y).count();
        println!(
            "{:<8} {} candidate lines, {} headings among them",
            s.name,
            s.rows.len(),
            pos
        );
    }
    println!("\nleave-one-set-out (trained on the other two sets only):");
    for held in 0..sets.len() {
        let rows: Vec<&(Vec<String>, bool)> = sets
            .iter()
            .enumerate()
            .filter(|&(k, _)| k != held)
            .flat_map(|(_, s)| s.rows.iter())
            .collect();
        let weights = train(&rows);
        if explain {
            explain_errors(&sets[held], &weights);
        }
        let m = model(&weights);
        println!(
            "  {:<8} {}",
            sets[held].name,
            fmt(&score(&sets[held], &m, verbose)?)
        );
    }
    let rows: Vec<&(Vec<String>, bool)> = sets.iter().flat_map(|s| s.rows.iter()).collect();
    let weights = train(&rows);
    let m = model(&weights);
    println!("\nin-sample (trained on all three sets):");
    for s in &sets {
        println!("  {:<8} {}", s.name, fmt(&score(s, &m, verbose)?));
    }
    if write {
        let mut out = String::from(
            "# Heading model weights (src/parse/learn.rs), learned from the structure\n\
             # development gold by `cargo run --release --example train_structure`.\n\
             # One `feature weight` a line; a candidate line is a heading when the sum\n\
             # of its features' weights is positive.\n",
        );
        for (n, w) in &weights {
            if w.abs() >= 1e-4 {
                out.push_str(&format!("{n} {w:.4}\n"));
            }
        }
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/structure/headings.txt");
        std::fs::write(&path, out)?;
        println!("\nwrote {}", path.display());
    }
    Ok(())
}
