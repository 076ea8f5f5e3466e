//! Development aid: prints, per sentence of a BIO gold file, one JSON line
//! with the text, jieba's tags, the gold spans, the combined prediction and
//! the rules' and the model's own entities with their source and confidence
//! (character offsets), for analysis with other tools.
//! `ner_dump GOLD.bio [--model FILE]`: `--model` reads another model (e.g.
//! one trained by `train_ner --holdout 10 --out FILE`).

use yuelan::annotate::Resources;
use yuelan::annotate::entities::{Entity, Mode, model, recognize_with};
use yuelan::annotate::tokens::tag;
use yuelan::eval::ner::parse_bio;

fn main() -> anyhow::Result<()> {
    const USAGE: &str = "usage: ner_dump GOLD.bio [--model FILE]";
    let mut path = None;
    let mut model_file = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--model" => model_file = Some(args.next().ok_or_else(|| anyhow::anyhow!(USAGE))?),
            _ => path = Some(a),
        }
    }
    let path = path.ok_or_else(|| anyhow::anyhow!(USAGE))?;
    let input = std::fs::read_to_string(&path)?;
    let res = Resources::load()?;
    let chosen = model::from_file_or_shipped(model_file.as_deref().map(std::path::Path::new))?;
    let m = chosen.as_deref();
    // A plain-text file: each line a sentence without gold.
    let sents = if path.ends_with(".bio") {
        parse_bio(&input)?
    } else {
        input
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| yuelan::eval::ner::GoldSentence {
                text: l.to_string(),
                spans: Vec::new(),
            })
            .collect()
    };
    for s in sents {
        let text = &s.text;
        let tags = tag(&res.jieba, &res.pos_overrides, text);
        let mut char_at = vec![0usize; text.len() + 1];
        for (n, (i, _)) in text.char_indices().enumerate() {
            char_at[i] = n;
        }
        char_at[text.len()] = text.chars().count();
        let spans = |ents: Vec<Entity>| -> Vec<serde_json::Value> {
            ents.iter()
                .map(|e| {
                    serde_json::json!([
                        char_at[e.start],
                        char_at[e.end],
                        e.label.name(),
                        e.source.name(),
                        e.confidence
                    ])
                })
                .collect()
        };
        let words: Vec<(String, String)> = tags
            .iter()
            .map(|t| (text[t.start..t.end].to_string(), t.pos.to_string()))
            .collect();
        let line = serde_json::json!({
            "text": text,
            "tags": words,
            "gold": s.spans,
            "rules": spans(recognize_with(text, &tags, &res, Mode::Rules, m)),
            "model": spans(recognize_with(text, &tags, &res, Mode::Model, m)),
            "combined": spans(recognize_with(text, &tags, &res, Mode::Combined, m)),
        });
        println!("{line}");
    }
    Ok(())
}
