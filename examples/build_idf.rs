//! Writes `data/keywords/idf.bin.zst` from jieba-rs's IDF table
//! (`src/data/idf.txt` of the jieba-rs crate, MIT): its `word idf` lines
//! (a word given twice keeps its last value) with the median IDF of the
//! file (jieba-rs's value for a word the table lacks: the lower median of
//! all its lines' values), as `annotate::keywords::IdfTable::to_binary`
//! writes them (the words sorted by bytes, each value an index into the
//! distinct values), zstd-compressed: the table then loads without parsing
//! a number or sorting.
//!
//! It also writes `data/keywords/split.txt.zst`: the table's words that
//! jieba (without HMM, with the user dictionary: `tokens::build_jieba`)
//! does not keep whole, one a line in the table's order, zstd-compressed.
//! jieba-rs's TF-IDF extraction gives such a word the median IDF; with the
//! list, the keywords are weighed without jieba.
//!
//! ```sh
//! cargo run --release --example build_idf -- \
//!   ~/.cargo/registry/src/*/jieba-rs-0.11.0/src/data/idf.txt data/keywords/idf.bin.zst \
//!   data/keywords/split.txt.zst
//! ```

use yuelan::annotate::keywords::IdfTable;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [from, to, split_to] = args.as_slice() else {
        anyhow::bail!("usage: build_idf JIEBA_IDF_TXT OUT_ZST OUT_SPLIT_ZST");
    };
    let text = std::fs::read_to_string(from)?;
    // Without a `# median` line the parser takes the lower median of the
    // values, and a word given twice keeps its last value, as jieba-rs's
    // map does.
    let table = IdfTable::parse(&text)?;
    let binary = table.to_binary();
    // Read back before it is written: the same words and values.
    let back = IdfTable::from_binary(&binary)?;
    anyhow::ensure!(
        back.len() == table.len()
            && back.median().to_bits() == table.median().to_bits()
            && back
                .iter()
                .zip(table.iter())
                .all(|(a, b)| a.0 == b.0 && a.1.to_bits() == b.1.to_bits()),
        "the binary table does not read back"
    );
    let compressed = zstd::bulk::compress(&binary, 19)?;
    std::fs::write(to, &compressed)?;
    // The words jieba cuts (its `tag` without HMM gives more than the
    // word itself), as the keywords read jieba-rs's TF-IDF extraction.
    let jieba = yuelan::annotate::tokens::build_jieba()?;
    let mut split = String::new();
    for (word, _) in table.iter() {
        if !matches!(jieba.tag(word, false).as_slice(), [t] if t.word == word) {
            split.push_str(word);
            split.push('\n');
        }
    }
    // Read back: every listed word is the table's.
    IdfTable::from_binary(&binary)?.with_split(&split)?;
    let split_compressed = zstd::bulk::compress(split.as_bytes(), 19)?;
    std::fs::write(split_to, &split_compressed)?;
    println!(
        "{} words jieba does not keep whole; {} bytes, {} compressed",
        split.lines().count(),
        split.len(),
        split_compressed.len()
    );
    println!(
        "{} words, {} distinct values, median {}; {} bytes, {} compressed",
        table.len(),
        table
            .iter()
            .map(|(_, v)| v.to_bits())
            .collect::<std::collections::HashSet<_>>()
            .len(),
        table.median(),
        binary.len(),
        compressed.len()
    );
    Ok(())
}
