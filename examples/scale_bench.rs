//! The scale benchmarks (docs/scale.md):
//!
//! - `entities`: parse + annotate the same sentence repeated and generated
//!   articles at 1, 2 and 4 MB, in-process; the entities step's time and
//!   the whole pipeline's, per MB (linear time shows as a flat ms/MB).
//! - `export FILE`: the whole `yuelan annotate FILE --format json >
//!   /dev/null` command (wall time and peak memory, via `/usr/bin/time`)
//!   against bare jieba-rs tagging of the same text in this process.
//!
//! - `memory FILE`: what the browser's worker holds for a big plain text,
//!   step by step (dictionaries, the parsed document, its annotations, the
//!   view's index, the wrapped lines): resident and peak memory after each,
//!   and the model's parts by count and size.
//!
//! ```sh
//! cargo run --release --example scale_bench -- memory /tmp/big.txt
//! cargo run --release --example scale_bench -- entities
//! cargo run --release --example scale_bench -- export /tmp/big.txt
//! ```

#[path = "../benches/support/synth.rs"]
mod synth;

use std::process::Command;
use std::time::Instant;
use yuelan::annotate::{Resources, parse_and_annotate};
use yuelan::model::Format;
use yuelan::timings::{self, Phase};

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("entities") => entities(),
        Some("export") => export(args.get(1).map(String::as_str).unwrap_or("")),
        Some("resources") => resources(args.get(1).map(String::as_str)),
        Some("memory") => memory(args.get(1).map(String::as_str).unwrap_or("")),
        _ => anyhow::bail!(
            "usage: scale_bench entities | export FILE | resources [FILE] | memory FILE"
        ),
    }
}

fn repeated(bytes: usize) -> String {
    let sentence = "新华社北京3月5日电 国务院总理李强在人民大会堂作政府工作报告，提出今年国内生产总值增长5%左右的预期目标。\n";
    sentence.repeat(bytes / sentence.len() + 1)
}

fn varied(bytes: usize) -> String {
    let mut out = String::new();
    let mut i = 0;
    while out.len() < bytes {
        out.push_str(&synth::document(i, 7));
        out.push('\n');
        i += 1;
    }
    out
}

fn entities() -> anyhow::Result<()> {
    let res = Resources::load()?;
    timings::enable();
    for (kind, make) in [
        ("repeated", repeated as fn(usize) -> String),
        ("varied", varied),
    ] {
        for mb in [1usize, 2, 4] {
            let text = make(mb << 20);
            let len = text.len() as f64 / 1e6;
            let (e0, _) = timings::get(Phase::Entities);
            let t = Instant::now();
            let ann = parse_and_annotate(text, Format::Plain, &res);
            let total = t.elapsed().as_secs_f64() * 1e3;
            let ent = (timings::get(Phase::Entities).0 - e0).as_secs_f64() * 1e3;
            println!(
                "{kind:>8} {mb} MB: entities {ent:8.0} ms ({:6.0} ms/MB), pipeline {total:8.0} ms ({:6.0} ms/MB), {} annotations",
                ent / len,
                total / len,
                ann.annotations.len()
            );
        }
    }
    Ok(())
}

/// What each shared resource costs, one after another on this thread (in
/// the program some load side by side): load time, and the resident
/// memory it adds (VmRSS after − before). The learner memo's figure is
/// after the learner layer ran over FILE (if given).
fn resources(file: Option<&str>) -> anyhow::Result<()> {
    use yuelan::annotate::{entities, glossary, keywords, tokens};
    fn step<T>(name: &str, f: impl FnOnce() -> T) -> T {
        let before = rss().0;
        let t = Instant::now();
        let out = f();
        let ms = t.elapsed().as_secs_f64() * 1e3;
        println!(
            "{name:>30}: {ms:7.1} ms, resident +{:6.1} MB",
            rss().0 - before
        );
        out
    }
    if std::env::var_os("JIEBA_PARTS").is_some() {
        step("jieba: Jieba::new (1st)", jieba_rs::Jieba::new);
        step("jieba: Jieba::new (2nd)", jieba_rs::Jieba::new);
    }
    let jieba = step("jieba + user dictionary", tokens::build_jieba)?;
    let kw = step(
        "keywords (stop words, IDF)",
        keywords::KeywordResources::new,
    );
    let lex = step("entity gazetteers", entities::Lexicon::load);
    let model = step("entity model", entities::model::shipped);
    let ov = step("tag overrides", tokens::PosOverrides::load);
    let gl = step("glossary", || glossary::Glossary::load(&[] as &[&str]))?;
    let dict = step("CC-CEDICT + script maps", yuelan::dict::shared)?;
    step("character reading prior", || dict.char_prior().get('行'));
    step("HSK table", || yuelan::dict::hsk::shared().len());
    step("pinyin readings table", || {
        yuelan::dict::reading::ReadingTable::embedded().is_empty()
    });
    let res = Resources {
        jieba,
        pos_overrides: ov,
        entities: lex,
        glossary: gl,
        keywords: kw,
    };
    if let Some(path) = file {
        let doc = yuelan::read::load(std::path::Path::new(path), None)?;
        let tokens = yuelan::annotate::tokens::tokenize(&doc.text, &res);
        let n = step("learner memo (layer over FILE)", || {
            yuelan::annotate::learner::annotate_shared(&doc, &tokens, &res).len()
        });
        println!(
            "  ({} learner annotations, {} memo entries; the annotations are in the figure)",
            n,
            yuelan::annotate::learner::shared_memo_len()
        );
    }
    let _ = model;
    step("Resources::load again (side by side)", Resources::load)?;
    println!("peak {:.1} MB", rss().1);
    Ok(())
}

fn export(path: &str) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(path)?;
    let mb = text.len() as f64 / 1e6;
    let res = Resources::load()?;
    let t = Instant::now();
    let c = thread_cpu();
    let tags = res.jieba.tag(&text, true).len();
    let jieba = t.elapsed().as_secs_f64();
    let jieba_cpu = thread_cpu() - c;
    drop(res);
    let exe = std::env::current_exe()?;
    // `YUELAN_BIN` runs another build (e.g. main's, for before → after).
    let yuelan = match std::env::var_os("YUELAN_BIN") {
        Some(bin) => std::path::PathBuf::from(bin),
        None => exe
            .parent()
            .and_then(|d| d.parent())
            .map(|d| d.join("yuelan"))
            .ok_or_else(|| anyhow::anyhow!("cannot find the yuelan binary"))?,
    };
    let out = Command::new("/usr/bin/time")
        .args(["-f", "%e %M %U %S"])
        .arg(&yuelan)
        .args(["annotate", path, "--format", "json"])
        .stdout(std::process::Stdio::null())
        .output()?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    let last = stderr.lines().last().unwrap_or("");
    let mut f = last.split_whitespace();
    let wall: f64 = f.next().unwrap_or("0").parse().unwrap_or(0.0);
    let peak_kb: f64 = f.next().unwrap_or("0").parse().unwrap_or(0.0);
    let mut num = || -> f64 { f.next().unwrap_or("0").parse().unwrap_or(0.0) };
    let cpu = num() + num();
    // On a shared machine wall times include waiting for a core: the CPU
    // times compare the work (the command's on every thread it runs).
    println!(
        "{mb:.1} MB: CPU: bare jieba.tag {jieba_cpu:.2} s, the command {cpu:.2} s on all threads = {:.2}× jieba's work per byte",
        jieba_cpu / cpu.max(1e-9)
    );
    println!(
        "{mb:.1} MB: bare jieba.tag {:.2} s ({:.2} MB/s, {tags} tags); `yuelan annotate --format json > /dev/null` {wall:.2} s ({:.2} MB/s) = {:.2}× jieba's throughput; peak {:.0} MB = {:.1}× the input",
        jieba,
        mb / jieba,
        mb / wall.max(1e-9),
        jieba / wall.max(1e-9),
        peak_kb / 1e3,
        peak_kb / 1e3 / mb
    );
    Ok(())
}

/// CPU time of this thread so far, in seconds (`/proc/thread-self/schedstat`:
/// nanoseconds on a CPU), or 0 where there is no such file.
fn thread_cpu() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(0.0, |ns| ns / 1e9)
}

/// (resident, peak) memory of this process in MB, from /proc/self/status.
fn rss() -> (f64, f64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb = |key: &str| {
        status
            .lines()
            .find(|l| l.starts_with(key))
            .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
            .unwrap_or(0.0)
            / 1e3
    };
    (kb("VmRSS:"), kb("VmHWM:"))
}

fn memory(path: &str) -> anyhow::Result<()> {
    use std::mem::size_of;
    use yuelan::model::{Annotation, Token};
    let step = |name: &str| {
        let (now, peak) = rss();
        println!("{name:>34}: resident {now:7.1} MB, peak {peak:7.1} MB");
    };
    step("start");
    let res = Resources::load()?;
    step("dictionaries loaded");
    let doc = yuelan::read::load(std::path::Path::new(path), None)?;
    let mb = doc.text.len() as f64 / 1e6;
    step(&format!("document parsed ({mb:.1} MB)"));
    // `YUELAN_LAYER=1`: with the learner layer, as `yuelan annotate`;
    // else as the browser annotates a big document (no learner layer; each
    // token's attrs in an array).
    let layer = std::env::var_os("YUELAN_LAYER").is_some();
    let steps = yuelan::annotate::Steps {
        learner: layer,
        ..yuelan::annotate::Steps::ALL
    };
    let ann = yuelan::annotate::annotate_steps(doc, &res, steps);
    step("annotated");
    let words =
        (!layer).then(|| yuelan::annotate::learner::token_attrs(&ann.doc, &ann.tokens, &res));
    if let Some(w) = &words {
        step(&format!("token attrs ({} tokens)", w.len()));
    }
    let by_layer =
        |l: yuelan::model::Layer| ann.annotations.iter().filter(|a| a.layer == l).count();
    println!(
        "  {} tokens × {} B = {:.1} MB; {} annotations × {} B = {:.1} MB ({} learner); {} sentences, {} paragraphs",
        ann.tokens.len(),
        size_of::<Token>(),
        (ann.tokens.len() * size_of::<Token>()) as f64 / 1e6,
        ann.annotations.len(),
        size_of::<Annotation>(),
        (ann.annotations.len() * size_of::<Annotation>()) as f64 / 1e6,
        by_layer(yuelan::model::Layer::Learner),
        ann.doc.sentences.len(),
        ann.doc.paragraphs.len(),
    );
    let index = yuelan::tui::index::DocIndex::build(&ann);
    step("view index built");
    let lines = yuelan::tui::wrap::layout(&ann.doc, 100, Default::default());
    step(&format!("wrapped ({} lines)", lines.len()));
    drop((index, lines, ann, words));
    step("all dropped but the dictionaries");
    Ok(())
}
