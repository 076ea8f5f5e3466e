//! Development aid: prints, per sentence of a BIO gold file, one JSON line
//! with the text, jieba's tags, the gold spans and the predicted spans
//! (character offsets), for analysis with other tools.

use yuelan::annotate::Resources;
use yuelan::annotate::tokens::tag;
use yuelan::eval::ner::{parse_bio, predict};

fn main() -> anyhow::Result<()> {
    let path = std::env::args()
        .nth(1)
        .ok_or_else(|| anyhow::anyhow!("usage: ner_dump GOLD.bio"))?;
    let input = std::fs::read_to_string(&path)?;
    let res = Resources::load()?;
    for s in parse_bio(&input)? {
        let pred = predict(&s.text, &res);
        let tags: Vec<(String, String)> = tag(&res.jieba, &res.pos_overrides, &s.text)
            .iter()
            .map(|t| (s.text[t.start..t.end].to_string(), t.pos.to_string()))
            .collect();
        let line = serde_json::json!({"text": s.text, "tags": tags, "gold": s.spans, "pred": pred});
        println!("{line}");
    }
    Ok(())
}
