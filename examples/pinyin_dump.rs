//! Prints each polyphone sentence's segmentation as JSON lines
//! (`[[word, tag], …]`), for studying readings outside the program.
//! Usage: `cargo run --release --example pinyin_dump -- FILE.jsonl`.

use std::io::Write;

fn main() -> anyhow::Result<()> {
    let path = std::env::args()
        .nth(1)
        .ok_or_else(|| anyhow::anyhow!("usage: pinyin_dump FILE.jsonl"))?;
    let input = std::fs::read_to_string(path)?;
    let res = yuelan::annotate::Resources::load()?;
    let mut out = std::io::stdout().lock();
    for line in input.lines() {
        let v: serde_json::Value = serde_json::from_str(line)?;
        let s = v["sentence"].as_str().unwrap_or("");
        let words: Vec<(&str, &str)> =
            yuelan::annotate::tokens::tag(&res.jieba, &res.pos_overrides, s)
                .iter()
                .map(|t| (&s[t.start..t.end], t.pos))
                .collect();
        writeln!(out, "{}", serde_json::to_string(&words)?)?;
    }
    Ok(())
}
