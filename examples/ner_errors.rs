//! Development aid: lists the entity errors on a BIO gold file.
//! `cargo run --example ner_errors -- GOLD.bio [LABEL]` prints, per sentence,
//! missed gold entities (`-`) and false alarms (`+`), with jieba's tags.
//! On a plain-text file it prints each line's tags and entities.
//! `--model FILE` reads another model (e.g. one trained by `train_ner
//! --holdout 10 --out FILE`), `--mode rules|model|combined` picks the
//! recogniser (default: combined, as the pipeline runs), `--score` prints
//! only the precision, recall and F1 per label.

use yuelan::annotate::Resources;
use yuelan::annotate::entities::Mode;
use yuelan::annotate::entities::model;
use yuelan::annotate::tokens::tag;
use yuelan::eval::ner::{evaluate_with, parse_bio, predict_with};

const USAGE: &str =
    "usage: ner_errors [--model FILE] [--mode rules|model|combined] [--score] GOLD.bio [LABEL]";

fn main() -> anyhow::Result<()> {
    let mut free = Vec::new();
    let mut model_file = None;
    let mut mode = Mode::Combined;
    let mut score_only = false;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--model" => model_file = Some(args.next().ok_or_else(|| anyhow::anyhow!(USAGE))?),
            "--mode" => {
                mode = match args.next().as_deref() {
                    Some("rules") => Mode::Rules,
                    Some("model") => Mode::Model,
                    Some("combined") => Mode::Combined,
                    _ => anyhow::bail!(USAGE),
                }
            }
            "--score" => score_only = true,
            _ => free.push(a),
        }
    }
    let mut free = free.into_iter();
    let path = free.next().ok_or_else(|| anyhow::anyhow!(USAGE))?;
    let only = free.next();
    let input = std::fs::read_to_string(&path)?;
    let res = Resources::load()?;
    let m = model::from_file_or_shipped(model_file.as_deref().map(std::path::Path::new))?;
    if score_only {
        println!("{}", evaluate_with(&input, &res, mode, m.as_deref())?);
        return Ok(());
    }
    let predict = |text: &str| predict_with(text, &res, mode, m.as_deref());
    if !path.ends_with(".bio") {
        // Plain text: print each line's tags and entities.
        for line in input.lines().filter(|l| !l.trim().is_empty()) {
            let tags: Vec<String> = tag(&res.jieba, &res.pos_overrides, line)
                .iter()
                .map(|t| format!("{}/{}", &line[t.start..t.end], t.pos))
                .collect();
            println!("{}", tags.join(" "));
            let chars: Vec<char> = line.chars().collect();
            for (a, b, l) in predict(line) {
                println!("  {l} {}", chars[a..b].iter().collect::<String>());
            }
        }
        return Ok(());
    }
    for s in parse_bio(&input)? {
        let pred = predict(&s.text);
        let chars: Vec<char> = s.text.chars().collect();
        let text = |a: usize, b: usize| chars[a..b].iter().collect::<String>();
        let keep = |l: &str| only.as_deref().is_none_or(|o| o == l);
        let missed: Vec<_> = s
            .spans
            .iter()
            .filter(|g| keep(&g.2) && !pred.contains(g))
            .collect();
        let extra: Vec<_> = pred
            .iter()
            .filter(|p| keep(&p.2) && p.2 != "WORK" && !s.spans.contains(p))
            .collect();
        if missed.is_empty() && extra.is_empty() {
            continue;
        }
        println!("{}", s.text);
        let tags: Vec<String> = tag(&res.jieba, &res.pos_overrides, &s.text)
            .iter()
            .map(|t| format!("{}/{}", &s.text[t.start..t.end], t.pos))
            .collect();
        println!("  {}", tags.join(" "));
        for g in missed {
            println!("  - {} {}", g.2, text(g.0, g.1));
        }
        for p in extra {
            println!("  + {} {}", p.2, text(p.0, p.1));
        }
    }
    Ok(())
}
