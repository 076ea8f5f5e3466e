//! Writes `data/keywords/idf.txt.gz` from jieba-rs's IDF table
//! (`src/data/idf.txt` of the jieba-rs crate, MIT): the same `word idf`
//! lines sorted by word (bytes), after a header line with the median IDF
//! of the file (jieba-rs's value for a word the table lacks: the lower
//! median of all its lines' values).
//!
//! ```sh
//! cargo run --release --example build_idf -- \
//!   ~/.cargo/registry/src/*/jieba-rs-0.11.0/src/data/idf.txt data/keywords/idf.txt.gz
//! ```

use std::io::Write;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [from, to] = args.as_slice() else {
        anyhow::bail!("usage: build_idf JIEBA_IDF_TXT OUT_GZ");
    };
    let text = std::fs::read_to_string(from)?;
    let mut lines: Vec<(&str, &str, f64)> = Vec::new();
    for line in text.lines() {
        let mut parts = line.split_whitespace();
        if let (Some(word), Some(idf)) = (parts.next(), parts.next())
            && let Ok(v) = idf.parse::<f64>()
        {
            lines.push((word, idf, v));
        }
    }
    let mut values: Vec<f64> = lines.iter().map(|l| l.2).collect();
    let mid = values.len().saturating_sub(1) / 2;
    values.sort_by(f64::total_cmp);
    let median = values.get(mid).copied().unwrap_or(0.0);
    // Later lines win, as in jieba-rs's map: a stable sort, the last of
    // equal words kept.
    lines.sort_by(|a, b| a.0.cmp(b.0));
    let mut out = String::with_capacity(text.len());
    out.push_str(&format!("# median {median}\n"));
    for (i, (word, idf, _)) in lines.iter().enumerate() {
        if lines.get(i + 1).is_some_and(|next| next.0 == *word) {
            continue;
        }
        out.push_str(word);
        out.push(' ');
        out.push_str(idf);
        out.push('\n');
    }
    let file = std::fs::File::create(to)?;
    let mut gz = flate2::write::GzEncoder::new(file, flate2::Compression::best());
    gz.write_all(out.as_bytes())?;
    gz.finish()?;
    println!("{} words, median {median}", lines.len());
    Ok(())
}
