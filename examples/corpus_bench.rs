//! The corpus benchmark: a generated corpus (documents built from
//! data/samples/ with varied names, places, dates and figures), indexed cold
//! (empty cache) and warm (every document cached), each run in a fresh
//! process so peak memory (VmHWM) is its own.
//!
//! ```sh
//! cargo run --release --example corpus_bench            # 2000 and 4000 documents
//! cargo run --release --example corpus_bench -- 1000 3000
//! cargo run --release --example corpus_bench -- jsonl 2000
//! ```
//!
//! `jsonl N`: the command researchers run, `yuelan --timings annotate DIR
//! --format jsonl > out` over N generated documents (1–8 KB each), with an
//! empty cache (cold), again (warm), and the same text as one file (cold):
//! wall and CPU time, MB/s of text, peak memory, cache bytes on disk, and
//! the `--timings` breakdown of each run. `YUELAN_BIN=PATH` runs another
//! build; `YUELAN_LAYERS=…` passes `--layers`; `YUELAN_BENCH_KEEP=1` keeps
//! the corpus, the caches and the last output in the temporary directory.
//!
//! Reports: bytes, time to the first readable document, dictionary load,
//! index time and MB/s, substring and regex search latency (idle and while
//! indexing), entities found, and peak RSS.

#[path = "../benches/support/synth.rs"]
mod synth;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};
use yuelan::annotate::Resources;
use yuelan::corpus::Corpus;
use yuelan::corpus::cache::Cache;
use yuelan::corpus::index::{IndexMsg, IndexOptions};
use yuelan::corpus::search::Query;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--run") {
        if let Err(e) = child(&args[1..]) {
            eprintln!("corpus_bench: {e:#}");
            std::process::exit(1);
        }
        return;
    }
    if args.first().map(String::as_str) == Some("jsonl") {
        let n = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(2000);
        if let Err(e) = jsonl(n) {
            eprintln!("corpus_bench: {e:#}");
            std::process::exit(1);
        }
        return;
    }
    let sizes: Vec<usize> = if args.is_empty() {
        vec![2000, 4000]
    } else {
        args.iter().filter_map(|a| a.parse().ok()).collect()
    };
    if let Err(e) = parent(&sizes) {
        eprintln!("corpus_bench: {e:#}");
        std::process::exit(1);
    }
}

fn parent(sizes: &[usize]) -> anyhow::Result<()> {
    let exe = std::env::current_exe()?;
    let root = std::env::temp_dir().join("yuelan-corpus-bench");
    for &n in sizes {
        let dir = root.join(format!("docs-{n}"));
        let cache = root.join(format!("cache-{n}"));
        let _ = std::fs::remove_dir_all(&dir);
        let _ = std::fs::remove_dir_all(&cache);
        std::fs::create_dir_all(&dir)?;
        let bytes = synth::write_corpus(&dir, n, 42)?;
        println!("== {n} documents, {:.2} MB", bytes as f64 / 1e6);
        for phase in ["cold", "warm"] {
            let out = Command::new(&exe)
                .arg("--run")
                .arg(n.to_string())
                .arg(&dir)
                .arg(&cache)
                .arg(phase)
                .output()?;
            if !out.status.success() {
                anyhow::bail!(
                    "{phase} run failed: {}",
                    String::from_utf8_lossy(&out.stderr)
                );
            }
            print!("{}", String::from_utf8_lossy(&out.stdout));
            if phase == "cold" {
                let (files, size) = dir_size(&cache);
                println!(
                    "    cache: {files} files, {:.1} MB ({:.1}× the text)",
                    size as f64 / 1e6,
                    size as f64 / bytes.max(1) as f64
                );
            }
        }
        let _ = std::fs::remove_dir_all(&dir);
        let _ = std::fs::remove_dir_all(&cache);
    }
    Ok(())
}

/// `annotate DIR --format jsonl` cold, warm, and over the same text as one
/// file (see the module's comment).
fn jsonl(n: usize) -> anyhow::Result<()> {
    let exe = std::env::current_exe()?;
    // `YUELAN_BIN` runs another build (e.g. main's, for before → after).
    let yuelan = match std::env::var_os("YUELAN_BIN") {
        Some(bin) => PathBuf::from(bin),
        None => exe
            .parent()
            .and_then(|d| d.parent())
            .map(|d| d.join("yuelan"))
            .ok_or_else(|| anyhow::anyhow!("cannot find the yuelan binary"))?,
    };
    let root = std::env::temp_dir().join("yuelan-corpus-bench-jsonl");
    let _ = std::fs::remove_dir_all(&root);
    let dir = root.join("docs");
    std::fs::create_dir_all(&dir)?;
    let bytes = synth::write_corpus(&dir, n, 42)?;
    // The same text as one file: the documents one after another, a blank
    // line between them.
    let one = root.join("one.txt");
    let mut text = String::new();
    for i in 0..n {
        text.push_str(&synth::document(i, 42));
        text.push_str("\n\n");
    }
    std::fs::write(&one, &text)?;
    let sizes: Vec<usize> = (0..n).map(|i| synth::document(i, 42).len()).collect();
    println!(
        "== annotate DIR --format jsonl: {n} documents, {:.2} MB ({} to {} bytes, median {})",
        bytes as f64 / 1e6,
        sizes.iter().min().unwrap_or(&0),
        sizes.iter().max().unwrap_or(&0),
        {
            let mut s = sizes.clone();
            s.sort_unstable();
            s.get(s.len() / 2).copied().unwrap_or(0)
        }
    );
    let cache = root.join("cache");
    let one_cache = root.join("cache-one");
    // `YUELAN_LAYERS` passes `--layers` to every run (default: the
    // command's default layers).
    let layers: Vec<String> = std::env::var("YUELAN_LAYERS")
        .ok()
        .map(|l| vec![format!("--layers={l}")])
        .unwrap_or_default();
    if let Some(l) = layers.first() {
        println!("  (every run with {l})");
    }
    let runs: [(&str, &Path, &Path, &[&str]); 5] = [
        ("cold", &dir, &cache, &[]),
        ("warm", &dir, &cache, &[]),
        (
            "warm, --tokens compact",
            &dir,
            &cache,
            &["--tokens", "compact"],
        ),
        ("warm, --tokens none", &dir, &cache, &["--tokens", "none"]),
        ("one file, cold", &one, &one_cache, &[]),
    ];
    for (label, input, cache_dir, extra) in runs {
        let out_path = root.join("out.jsonl");
        let out = Command::new("/usr/bin/time")
            .args(["-f", "%e %M %U %S"])
            .arg(&yuelan)
            .args(["--timings", "annotate"])
            .arg(input)
            .args(["--format", "jsonl"])
            .args(extra)
            .args(&layers)
            .env("YUELAN_CACHE_DIR", cache_dir)
            .stdout(std::fs::File::create(&out_path)?)
            .output()?;
        let stderr = String::from_utf8_lossy(&out.stderr);
        if !out.status.success() {
            anyhow::bail!("{label} run failed: {stderr}");
        }
        let last = stderr.lines().last().unwrap_or("");
        let f: Vec<f64> = last
            .split_whitespace()
            .map(|x| x.parse().unwrap_or(0.0))
            .collect();
        let (wall, peak_kb, cpu) = match f.as_slice() {
            [w, m, u, s] => (*w, *m, u + s),
            _ => (0.0, 0.0, 0.0),
        };
        let out_bytes = std::fs::metadata(&out_path).map_or(0, |m| m.len());
        println!(
            "  {label}: wall {wall:.2} s = {:.2} MB/s, CPU {cpu:.2} s = {:.2} MB per CPU-second, peak {:.0} MB, output {:.1} MB",
            bytes as f64 / 1e6 / wall.max(1e-9),
            bytes as f64 / 1e6 / cpu.max(1e-9),
            peak_kb / 1e3,
            out_bytes as f64 / 1e6,
        );
        if label == "cold" {
            let (files, size) = dir_size(&cache.join("corpus"));
            println!(
                "    cache: {files} files, {:.2} MB ({:.2}× the text)",
                size as f64 / 1e6,
                size as f64 / bytes.max(1) as f64
            );
        }
        for l in stderr.lines().filter(|l| l.starts_with("  ")) {
            println!("    {}", l.trim_start());
        }
    }
    // `YUELAN_BENCH_KEEP=1` keeps the corpus, caches and last output.
    if std::env::var_os("YUELAN_BENCH_KEEP").is_none() {
        let _ = std::fs::remove_dir_all(&root);
    }
    Ok(())
}

fn dir_size(dir: &Path) -> (usize, u64) {
    std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .filter_map(|e| e.metadata().ok())
                .fold((0, 0), |(n, s), m| (n + 1, s + m.len()))
        })
        .unwrap_or((0, 0))
}

fn vm(key: &str) -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(key))
                .map(|l| l[key.len()..].trim().to_string())
        })
        .unwrap_or_else(|| "?".to_string())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Median and max of `runs` searches, in ms.
fn latency(corpus: &Corpus, q: &Query, runs: usize) -> (f64, f64, usize) {
    let mut times = Vec::new();
    let mut hits = 0;
    for _ in 0..runs {
        let t = Instant::now();
        let r = corpus.search.search(q, 10_000);
        times.push(ms(t.elapsed()));
        hits = r.total;
    }
    times.sort_by(|a, b| a.total_cmp(b));
    (times[times.len() / 2], times[times.len() - 1], hits)
}

fn child(args: &[String]) -> anyhow::Result<()> {
    let start = Instant::now();
    let [_, dir, cache_dir, phase] = args else {
        anyhow::bail!("usage: --run N DIR CACHE cold|warm");
    };
    let cache = Cache::at(PathBuf::from(cache_dir), 0);
    let paths = [Path::new(dir).to_path_buf()];

    let mut corpus = Corpus::open(&paths, false);
    let t_open = start.elapsed();
    let first = corpus.document(0, Some(&cache))?;
    let t_first = start.elapsed();
    let bytes = corpus.search.bytes();
    drop(first);

    let t = Instant::now();
    let res = Arc::new(Resources::load()?);
    let t_dict = t.elapsed();

    let t = Instant::now();
    let indexer = corpus.index(IndexOptions {
        cache: Some(cache.clone()),
        resources: Some(res),
        threads: 0,
    });
    // Search while the worker runs: the interface stays responsive.
    let busy = latency(
        &corpus,
        &Query::new("电商", false).map_err(anyhow::Error::msg)?,
        5,
    );
    for msg in indexer.rx.iter() {
        corpus.apply(&msg);
        if matches!(msg, IndexMsg::Done(_)) {
            break;
        }
    }
    indexer.join();
    let t_index = t.elapsed();

    // A reporter's name from one generated document (in a few documents).
    let doc5 = synth::document(5, 42);
    let name: String = doc5
        .split_once("本报记者 ")
        .map(|(_, rest)| rest.chars().take(3).collect())
        .unwrap_or_default();
    let queries = [
        ("substring 电商", Query::new("电商", false)),
        (&*format!("substring {name}"), Query::new(&name, false)),
        ("substring (absent) 量子纠缠", Query::new("量子纠缠", false)),
        (r"regex \d+\.\d+亿元", Query::new(r"\d+\.\d+亿元", true)),
    ];
    println!(
        "  {phase}: first document readable {:.0} ms (list+read+decode+search index {:.0} ms); dictionaries {:.0} ms; \
         index {:.0} ms = {:.1} MB/s ({} docs, {} from cache, {} entities); peak RSS {} (now {})",
        ms(t_first),
        ms(t_open),
        ms(t_dict),
        ms(t_index),
        bytes as f64 / 1e6 / t_index.as_secs_f64(),
        corpus.progress.done,
        corpus.progress.cached,
        corpus.entities.len(),
        vm("VmHWM:"),
        vm("VmRSS:"),
    );
    println!(
        "    search while indexing (substring 电商): median {:.1} ms, max {:.1} ms",
        busy.0, busy.1
    );
    for (label, q) in queries {
        let q = q.map_err(anyhow::Error::msg)?;
        let (med, max, hits) = latency(&corpus, &q, 21);
        println!("    search {label}: median {med:.1} ms, max {max:.1} ms, {hits} hits");
    }
    Ok(())
}
