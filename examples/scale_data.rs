//! Writes the test inputs of the scale benchmarks (docs/scale.md): a large
//! real-looking file made of generated news articles (`big SIZE_MB FILE`),
//! the same sentence repeated (`repeated SIZE_MB FILE`), varied articles of
//! a given size (`varied SIZE_MB FILE`), and a JSON Lines file of articles
//! (`jsonl N FILE`).
//!
//! ```sh
//! cargo run --release --example scale_data -- big 5 /tmp/big.txt
//! ```

#[path = "../benches/support/synth.rs"]
mod synth;

use std::io::Write;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [kind, size, path] = args.as_slice() else {
        anyhow::bail!("usage: scale_data big|repeated|varied|jsonl SIZE FILE");
    };
    let size: f64 = size.parse()?;
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    match kind.as_str() {
        "repeated" => {
            let sentence = "新华社北京3月5日电 国务院总理李强在人民大会堂作政府工作报告，提出今年国内生产总值增长5%左右的预期目标。\n";
            let n = (size * 1e6 / sentence.len() as f64).ceil() as usize;
            for _ in 0..n {
                out.write_all(sentence.as_bytes())?;
            }
        }
        "big" | "varied" => {
            let mut bytes = 0usize;
            let mut i = 0;
            while (bytes as f64) < size * 1e6 {
                let doc = synth::document(i, 7);
                out.write_all(doc.as_bytes())?;
                out.write_all(b"\n")?;
                bytes += doc.len() + 1;
                i += 1;
            }
        }
        "jsonl" => {
            for i in 0..size as usize {
                let line =
                    serde_json::json!({ "id": format!("doc-{i}"), "text": synth::document(i, 11) });
                writeln!(out, "{line}")?;
            }
        }
        other => anyhow::bail!("unknown kind {other}"),
    }
    out.flush()?;
    Ok(())
}
