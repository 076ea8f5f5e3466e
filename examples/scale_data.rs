//! Writes the test inputs of the scale benchmarks (docs/scale.md): a large
//! real-looking file made of generated news articles (`big SIZE_MB FILE`),
//! the same sentence repeated (`repeated SIZE_MB FILE`), varied articles of
//! a given size (`varied SIZE_MB FILE`), a JSON Lines file of articles
//! (`jsonl N FILE`), and real text (`real SIZE_MB FILE`): the sentences of
//! `../shared/corpora/ner-train` (People's Daily news, five to a
//! paragraph), the structure development set's plain texts and the
//! polyphone set's sentences (six to a paragraph), cut at a line feed. It
//! is read from `../shared` when run, never copied into the repository.
//! Generated news has a small vocabulary; real text costs more memory
//! (docs/scale.md, session 17).
//!
//! ```sh
//! cargo run --release --example scale_data -- big 5 /tmp/big.txt
//! cargo run --release --example scale_data -- real 7.8 /tmp/real8.txt
//! ```

#[path = "../benches/support/synth.rs"]
mod synth;

use std::io::Write;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [kind, size, path] = args.as_slice() else {
        anyhow::bail!("usage: scale_data big|repeated|varied|jsonl|real SIZE FILE");
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
        "real" => {
            let text = real_text()?;
            let want = (size * 1e6).round() as usize;
            let cut = text.get(..want.min(text.len())).unwrap_or(&text);
            let end = cut.rfind('\n').map_or(0, |i| i + 1);
            out.write_all(&cut.as_bytes()[..end])?;
        }
        other => anyhow::bail!("unknown kind {other}"),
    }
    out.flush()?;
    Ok(())
}

/// The real text of `real` (see the module's comment), whole.
fn real_text() -> anyhow::Result<String> {
    use anyhow::Context;
    let shared = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora");
    let read = |p: &std::path::Path| {
        std::fs::read_to_string(p).with_context(|| format!("cannot read {}", p.display()))
    };
    let sorted = |dir: std::path::PathBuf, ext: &str| -> anyhow::Result<Vec<std::path::PathBuf>> {
        let mut found = Vec::new();
        for sub in std::fs::read_dir(&dir).with_context(|| format!("no {}", dir.display()))? {
            let sub = sub?.path();
            if sub.is_dir() {
                for f in std::fs::read_dir(&sub)? {
                    let f = f?.path();
                    if f.extension().is_some_and(|e| e == ext) {
                        found.push(f);
                    }
                }
            }
        }
        found.sort();
        Ok(found)
    };
    let paragraphs = |sentences: &[String], n: usize| -> Vec<String> {
        sentences
            .chunks(n)
            .map(|c| format!("\u{3000}\u{3000}{}", c.concat()))
            .collect()
    };
    // BIO files: a character a line, a blank line between sentences.
    let mut sentences = Vec::new();
    for f in sorted(shared.join("ner-train"), "bio")? {
        let mut sentence = String::new();
        for line in read(&f)?.lines() {
            match line.split_whitespace().next() {
                Some(c) => sentence.push_str(c),
                None if !sentence.is_empty() => sentences.push(std::mem::take(&mut sentence)),
                None => {}
            }
        }
        if !sentence.is_empty() {
            sentences.push(sentence);
        }
    }
    let mut text = paragraphs(&sentences, 5).join("\n");
    text.push('\n');
    let plain: Vec<String> = sorted(shared.join("structure-dev"), "txt")?
        .iter()
        .map(|f| read(f))
        .collect::<anyhow::Result<_>>()?;
    text.push_str(&plain.join("\n"));
    text.push('\n');
    let mut polyphones = Vec::new();
    for line in read(&shared.join("polyphones/cpp_dev.jsonl"))?.lines() {
        let v: serde_json::Value = serde_json::from_str(line)?;
        polyphones.push(v["sentence"].as_str().unwrap_or_default().to_string());
    }
    text.push_str(&paragraphs(&polyphones, 6).join("\n"));
    text.push('\n');
    Ok(text)
}
