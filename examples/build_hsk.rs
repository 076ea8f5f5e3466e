//! Builds `data/hsk/hsk.tsv`, the compact HSK table the binary embeds, from
//! the HSK vocabulary lists (drkameleon/complete-hsk-vocabulary,
//! `complete.min.json`, MIT):
//!
//! `cargo run --release --example build_hsk -- ../shared/third_party/hsk/complete.min.json data/hsk/hsk.tsv`
//!
//! One line per word: simplified, traditional forms (`|`-separated), HSK 3.0
//! level (`1`…`6`, `7-9`, `-` when not listed), HSK 2.0 level (`1`…`6`,
//! `-`), frequency rank (lower is more common), numbered pinyin of the
//! forms (`|`-separated).

use anyhow::Context;
use std::fmt::Write;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let (Some(input), Some(output)) = (args.next(), args.next()) else {
        anyhow::bail!("usage: build_hsk complete.min.json OUT.tsv");
    };
    let text = std::fs::read_to_string(&input).with_context(|| format!("cannot read {input}"))?;
    let entries: Vec<serde_json::Value> = serde_json::from_str(&text)?;
    let mut rows = Vec::new();
    for e in &entries {
        let Some(word) = e["s"].as_str() else {
            continue;
        };
        let levels: Vec<&str> = e["l"]
            .as_array()
            .map(|l| l.iter().filter_map(|v| v.as_str()).collect())
            .unwrap_or_default();
        let min_level = |prefix: char| {
            levels
                .iter()
                .filter_map(|l| l.strip_prefix(prefix)?.parse::<u8>().ok())
                .min()
        };
        let new = match min_level('n') {
            Some(7..) => "7-9".to_string(),
            Some(n) => n.to_string(),
            None => "-".to_string(),
        };
        let old = min_level('o').map_or("-".to_string(), |n| n.to_string());
        let rank = e["q"].as_u64().unwrap_or(u64::MAX);
        let forms = e["f"].as_array().cloned().unwrap_or_default();
        let mut trad = Vec::new();
        let mut pinyin = Vec::new();
        for f in &forms {
            if let Some(t) = f["t"].as_str()
                && !trad.contains(&t)
            {
                trad.push(t);
            }
            if let Some(p) = f["i"]["n"].as_str() {
                pinyin.push(p);
            }
        }
        rows.push((
            rank,
            word.to_string(),
            trad.join("|"),
            new,
            old,
            pinyin.join("|"),
        ));
    }
    rows.sort();
    let mut out = String::from(
        "# HSK 3.0 and 2.0 vocabulary: word, traditional, HSK 3.0 level, HSK 2.0 level,\n\
         # frequency rank, numbered pinyin. Derived by examples/build_hsk.rs from\n\
         # drkameleon/complete-hsk-vocabulary (MIT, see LICENSE beside this file).\n",
    );
    for (rank, word, trad, new, old, pinyin) in rows {
        let _ = writeln!(out, "{word}\t{trad}\t{new}\t{old}\t{rank}\t{pinyin}");
    }
    std::fs::write(&output, out).with_context(|| format!("cannot write {output}"))?;
    Ok(())
}
