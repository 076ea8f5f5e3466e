//! Speed of the entities layer on one thread: the rules alone and the model
//! combined with them, over the sentences of a BIO file (by default the
//! People's Daily development set), after jieba's tagging (which is not the
//! layer's work). Also the model's load time and memory.
//!
//! ```sh
//! cargo run --release --example ner_bench -- [GOLD.bio] [ROUNDS]
//! ```
//!
//! `YUELAN_NER_MODEL=FILE` measures a model file (as `train_ner --out`
//! writes it) instead of the shipped one, without building it in.

use std::time::Instant;
use yuelan::annotate::Resources;
use yuelan::annotate::entities::{Mode, model, recognize_with, rules};
use yuelan::annotate::tokens::tag;
use yuelan::eval::ner::parse_bio;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let path = args.next().unwrap_or_else(|| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/corpora/ner-dev/peoplesdaily_dev.bio"
        )
        .to_string()
    });
    let rounds: usize = args.next().map_or(Ok(1), |s| s.parse())?;
    let t = Instant::now();
    let file = std::env::var_os("YUELAN_NER_MODEL");
    let m = model::from_file_or_shipped(file.as_deref().map(std::path::Path::new))?
        .ok_or_else(|| anyhow::anyhow!("no model ships"))?;
    println!(
        "model: loaded in {:.2} s, {:.1} MB of weights in memory",
        t.elapsed().as_secs_f64(),
        m.memory() as f64 / 1e6
    );
    // Whether the table got huge pages (Linux; see the model's `Table`).
    if let Ok(s) = std::fs::read_to_string("/proc/self/smaps_rollup") {
        let huge = s.lines().find(|l| l.starts_with("AnonHugePages:"));
        println!("model: {}", huge.unwrap_or("AnonHugePages: unknown"));
    }
    let res = Resources::load()?;
    let input = std::fs::read_to_string(&path)?;
    // Paragraphs of ten sentences, as the pipeline sees text; a plain
    // text file (`.txt`) is read by its lines.
    let paras: Vec<String> = if path.ends_with(".txt") {
        input
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(str::to_string)
            .collect()
    } else {
        parse_bio(&input)?
            .chunks(10)
            .map(|c| c.iter().map(|s| s.text.as_str()).collect())
            .collect()
    };
    let tagged: Vec<_> = paras
        .iter()
        .map(|p| tag(&res.jieba, &res.pos_overrides, p))
        .collect();
    let bytes: usize = paras.iter().map(String::len).sum::<usize>() * rounds;
    for (name, mode) in [("rules", Mode::Rules), ("combined", Mode::Combined)] {
        let t = Instant::now();
        let cpu = cpu_seconds();
        let mut n = 0;
        for _ in 0..rounds {
            for (p, tags) in paras.iter().zip(&tagged) {
                n += recognize_with(p, tags, &res, mode, Some(&m)).len();
            }
        }
        let s = t.elapsed().as_secs_f64();
        let c = cpu_seconds() - cpu;
        println!(
            "{name:>8}: {:.2} MB in {s:.2} s wall = {:.2} MB/s; {c:.2} s CPU = {:.2} MB/s per core ({n} entities)",
            bytes as f64 / 1e6,
            bytes as f64 / 1e6 / s,
            bytes as f64 / 1e6 / c.max(0.01)
        );
    }
    // Where the model's time goes: features, emissions, decoding.
    // The same three steps as the model runs them in the pipeline (each
    // character's weights summed as soon as its features are hashed).
    let (mut fx, mut em, mut de, mut whole) = (0f64, 0f64, 0f64, 0f64);
    let (mut empty, mut reads) = (0usize, 0usize);
    for _ in 0..rounds {
        for (p, tags) in paras.iter().zip(&tagged) {
            let ruled = rules(p, tags, &res);
            let t = Instant::now();
            let f = model::features::extract(
                p,
                tags,
                &ruled,
                res.dictionary(),
                &res.entities,
                m.bits(),
            );
            fx += t.elapsed().as_secs_f64();
            empty += m.empty_reads(&f.ids);
            reads += f.ids.len();
            let t = Instant::now();
            let e = m.emissions(&f.ids);
            em += t.elapsed().as_secs_f64();
            let t = Instant::now();
            let _ = model::decode(&e, &m.transitions);
            de += t.elapsed().as_secs_f64();
        }
    }
    // A separate pass: the paragraph's rows are not in the cache from the
    // steps above.
    let ruled: Vec<_> = paras
        .iter()
        .zip(&tagged)
        .map(|(p, tags)| rules(p, tags, &res))
        .collect();
    for _ in 0..rounds {
        for ((p, tags), ruled) in paras.iter().zip(&tagged).zip(&ruled) {
            let t = Instant::now();
            let _ = m.predict(p, tags, ruled, &res);
            whole += t.elapsed().as_secs_f64();
        }
    }
    println!(
        "model parts: features {fx:.2} s, emissions {em:.2} s, decoding {de:.2} s (sum {:.2} s); as the pipeline runs them: {whole:.2} s",
        fx + em + de
    );
    println!(
        "model: {:.1}% of {reads} feature reads land on buckets with no weight ({} of {} buckets have one)",
        100.0 * empty as f64 / reads.max(1) as f64,
        m.rows_kept(),
        1usize << m.bits()
    );
    Ok(())
}

/// This process's CPU time (user + system) from /proc, in seconds (0 where
/// there is no /proc): the machine may be busy, wall time says little.
fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // The fields after the command name (which may hold spaces).
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    // utime and stime are fields 14 and 15 (11 and 12 after the name).
    (ticks(11) + ticks(12)) / 100.0
}
