//! Development aid: lists the entity errors on a BIO gold file.
//! `cargo run --example ner_errors -- GOLD.bio [LABEL]` prints, per sentence,
//! missed gold entities (`-`) and false alarms (`+`), with jieba's tags.
//! On a plain-text file it prints each line's tags and entities.

use yuelan::annotate::Resources;
use yuelan::annotate::tokens::tag;
use yuelan::eval::ner::{parse_bio, predict};

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .ok_or_else(|| anyhow::anyhow!("usage: ner_errors GOLD.bio [LABEL]"))?;
    let only = args.next();
    let input = std::fs::read_to_string(&path)?;
    let res = Resources::load()?;
    if !path.ends_with(".bio") {
        // Plain text: print each line's tags and entities.
        for line in input.lines().filter(|l| !l.trim().is_empty()) {
            let tags: Vec<String> = tag(&res.jieba, &res.pos_overrides, line)
                .iter()
                .map(|t| format!("{}/{}", &line[t.start..t.end], t.pos))
                .collect();
            println!("{}", tags.join(" "));
            let chars: Vec<char> = line.chars().collect();
            for (a, b, l) in predict(line, &res) {
                println!("  {l} {}", chars[a..b].iter().collect::<String>());
            }
        }
        return Ok(());
    }
    for s in parse_bio(&input)? {
        let pred = predict(&s.text, &res);
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
