//! Trains the entity model shipped in `data/entities/ner_model.bin.gz`.
//!
//! ```text
//! nice cargo run --release --example train_ner -- [--epochs N] [--bits B]
//!     [--seed S] [--threads T] [--out FILE] [--data DIR] [--dev FILE]
//! ```
//!
//! Reads `../shared/corpora/ner-train/` (MSRA and the nerpy People's Daily
//! sentences, deduplicated by text), trains the averaged perceptron with a
//! fixed shuffling seed, prints the development F1 after each epoch (the
//! model alone) and at the end the rules, the model and the combination per
//! label on `../shared/corpora/ner-dev/peoplesdaily_dev.bio`. The dev set is
//! only measured, never trained on. Same data and options: same model.

use std::collections::HashSet;
use std::time::Instant;
use yuelan::annotate::Resources;
use yuelan::annotate::entities::Mode;
use yuelan::annotate::entities::model::train::{Example, Rng, Trainer};
use yuelan::annotate::entities::model::{self, Model, tag_index};
use yuelan::eval::ner::{CharSpan, GoldSentence, evaluate_with, parse_bio, score};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

struct Options {
    epochs: usize,
    bits: u32,
    seed: u64,
    threads: usize,
    out: String,
    data: String,
    dev: String,
}

fn options() -> anyhow::Result<Options> {
    let mut o = Options {
        epochs: 14,
        bits: 21,
        seed: 20_061_998,
        threads: 2,
        out: format!("{ROOT}/data/entities/ner_model.bin.gz"),
        data: format!("{ROOT}/../shared/corpora/ner-train"),
        dev: format!("{ROOT}/../shared/corpora/ner-dev/peoplesdaily_dev.bio"),
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut val = || {
            args.next()
                .ok_or_else(|| anyhow::anyhow!("{a} needs a value"))
        };
        match a.as_str() {
            "--epochs" => o.epochs = val()?.parse()?,
            "--bits" => o.bits = val()?.parse()?,
            "--seed" => o.seed = val()?.parse()?,
            "--threads" => o.threads = val()?.parse()?,
            "--out" => o.out = val()?,
            "--data" => o.data = val()?,
            "--dev" => o.dev = val()?,
            _ => anyhow::bail!(
                "usage: train_ner [--epochs N] [--bits B] [--seed S] [--threads T] [--out FILE] [--data DIR] [--dev FILE]"
            ),
        }
    }
    anyhow::ensure!((12..=24).contains(&o.bits), "--bits must be 12..=24");
    Ok(o)
}

fn read(path: &str) -> anyhow::Result<Vec<GoldSentence>> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| anyhow::anyhow!("{path}: {e} (the shared corpora are needed)"))?;
    parse_bio(&text)
}

fn gold_tags(s: &GoldSentence) -> Vec<u8> {
    let mut tags = vec![0u8; s.text.chars().count()];
    for (a, b, label) in &s.spans {
        for i in *a..(*b).min(tags.len()) {
            let prefix = if i == *a { "B" } else { "I" };
            tags[i] = tag_index(&format!("{prefix}-{label}"));
        }
    }
    tags
}

fn examples(sents: &[GoldSentence], res: &Resources, bits: u32) -> Vec<Example> {
    use rayon::prelude::*;
    sents
        .par_iter()
        .map(|s| Example::new(&s.text, gold_tags(s), res, bits))
        .collect()
}

/// Model-alone F1 over precomputed features.
fn dev_f1(m: &Model, dev: &[Example]) -> f64 {
    let to_spans = |tags: &[u8]| -> Vec<CharSpan> {
        model::spans(tags)
            .into_iter()
            .map(|(a, b, k)| (a, b, model::LABELS[k].name().to_string()))
            .collect()
    };
    let gold: Vec<Vec<CharSpan>> = dev.iter().map(|e| to_spans(&e.gold)).collect();
    let pred: Vec<Vec<CharSpan>> = dev
        .iter()
        .map(|e| to_spans(&model::decode(&m.emissions(&e.ids), &m.transitions).0))
        .collect();
    score(&gold, &pred).overall.f1()
}

/// Quantiles of the entities' margins on the dev set, right and wrong
/// (to set the confidence scale).
fn margins(m: &Model, dev: &[Example]) {
    let (mut right, mut wrong) = (Vec::new(), Vec::new());
    for e in dev {
        let (tags, mg) = model::decode(&m.emissions(&e.ids), &m.transitions);
        let gold = model::spans(&e.gold);
        for s in model::spans(&tags) {
            let x = mg[s.0..(s.1 + 1).min(mg.len())]
                .iter()
                .fold(f32::MAX, |a, &b| a.min(b));
            if gold.contains(&s) {
                right.push(x)
            } else {
                wrong.push(x)
            }
        }
    }
    for (name, v) in [("right", &mut right), ("wrong", &mut wrong)] {
        v.sort_by(f32::total_cmp);
        let q = |p: f64| {
            v.get(((v.len() as f64 - 1.0) * p) as usize)
                .copied()
                .unwrap_or(0.0)
        };
        println!(
            "margins of {name} entities: n {} q10 {:.2} q50 {:.2} q90 {:.2}",
            v.len(),
            q(0.1),
            q(0.5),
            q(0.9)
        );
    }
}

fn main() -> anyhow::Result<()> {
    let o = options()?;
    rayon::ThreadPoolBuilder::new()
        .num_threads(o.threads)
        .build_global()?;
    let start = Instant::now();
    let res = Resources::load()?;
    let mut seen = HashSet::new();
    let mut train = Vec::new();
    for file in ["msra/train.bio", "peoplesdaily_nerpy/train.bio"] {
        let sents = read(&format!("{}/{file}", o.data))?;
        let before = train.len();
        let total = sents.len();
        train.extend(sents.into_iter().filter(|s| seen.insert(s.text.clone())));
        println!("{file}: {total} sentences, {} new", train.len() - before);
    }
    let dev_gold = read(&o.dev)?;
    let dev_texts: HashSet<&str> = dev_gold.iter().map(|s| s.text.as_str()).collect();
    let leaked = train
        .iter()
        .filter(|s| dev_texts.contains(s.text.as_str()))
        .count();
    anyhow::ensure!(
        leaked == 0,
        "{leaked} training sentences are in the dev set"
    );
    let train_ex = examples(&train, &res, o.bits);
    let dev_ex = examples(&dev_gold, &res, o.bits);
    println!(
        "features: {} training sentences, {} characters ({:.1}s)",
        train_ex.len(),
        train_ex.iter().map(|e| e.gold.len()).sum::<usize>(),
        start.elapsed().as_secs_f64()
    );
    let mut trainer = Trainer::new(o.bits);
    let mut rng = Rng::new(o.seed);
    let mut order: Vec<usize> = (0..train_ex.len()).collect();
    for epoch in 1..=o.epochs {
        rng.shuffle(&mut order);
        let wrong = trainer.epoch(&train_ex, &order);
        let m = trainer.averaged();
        println!(
            "epoch {epoch}: {wrong} sentences wrong; dev F1 (model alone) {:.4} ({:.1}s)",
            dev_f1(&m, &dev_ex),
            start.elapsed().as_secs_f64()
        );
    }
    let m = trainer.averaged();
    margins(&m, &dev_ex);
    let gz = m.to_gz()?;
    std::fs::write(&o.out, &gz)?;
    println!(
        "wrote {} ({:.1} MB; {:.1} MB in memory)",
        o.out,
        gz.len() as f64 / 1e6,
        m.memory() as f64 / 1e6
    );
    let dev_text = std::fs::read_to_string(&o.dev)?;
    for (name, mode) in [
        ("rules", Mode::Rules),
        ("model", Mode::Model),
        ("combined", Mode::Combined),
    ] {
        let r = evaluate_with(&dev_text, &res, mode, Some(&m))?;
        println!("== {name}\n{r}");
    }
    println!("total {:.1}s", start.elapsed().as_secs_f64());
    Ok(())
}
