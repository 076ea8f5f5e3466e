//! Trains `data/pinyin/readings.tsv`, the learned readings of polyphonic
//! characters (see `src/dict/reading.rs`), from a polyphone set in the
//! JSON-lines shape of `../shared/corpora/polyphones/` and reports the
//! k-fold cross-validated accuracy (each fold read with a table trained
//! on the other folds):
//!
//! `cargo run --release --example train_pinyin -- ../shared/corpora/polyphones/cpp_dev.jsonl data/pinyin/readings.tsv`

use yuelan::annotate::Resources;
use yuelan::dict::reading::ReadingTable;
use yuelan::eval::pinyin;

const HEADER: &str = "# Learned readings of polyphonic characters: char, situation (see\n\
# src/dict/reading.rs), reading:count. Trained by examples/train_pinyin.rs from\n\
# the CPP polyphone development set (kakaobrain/g2pM, Apache-2.0).\n";

const FOLDS: usize = 5;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let (Some(input), Some(output)) = (args.next(), args.next()) else {
        anyhow::bail!("usage: train_pinyin GOLD.jsonl OUT.tsv");
    };
    let text = std::fs::read_to_string(&input)?;
    let res = Resources::load()?;
    let dict = yuelan::dict::shared()?;
    let items = pinyin::situations(&text, &res, dict)?;
    // Cross-validation: line i is in fold i % FOLDS.
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let (mut right, mut total) = (0, 0);
    for f in 0..FOLDS {
        let train = items
            .iter()
            .filter(|(line, ..)| line % FOLDS != f)
            .map(|(_, c, s, r)| (*c, s.clone(), r.as_str()));
        let table = ReadingTable::train(train);
        let test: Vec<&str> = lines
            .iter()
            .enumerate()
            .filter(|(i, _)| i % FOLDS == f)
            .map(|(_, l)| *l)
            .collect();
        let s = pinyin::score_with(&test.join("\n"), &res, dict, &table)?;
        right += s.right;
        total += s.total;
    }
    println!(
        "{FOLDS}-fold cross-validated accuracy {:.4} ({right} of {total})",
        right as f64 / total.max(1) as f64
    );
    let none = pinyin::score_with(&text, &res, dict, &ReadingTable::default())?;
    println!("without the table {:.4}", none.accuracy());
    let table = ReadingTable::train(items.iter().map(|(_, c, s, r)| (*c, s.clone(), r.as_str())));
    std::fs::write(&output, format!("{HEADER}{}", table.to_tsv()))?;
    println!("wrote {output}");
    Ok(())
}
