//! The full-text index benchmark (docs/scale.md): N generated news
//! articles indexed from empty, then synced unchanged and with 1% changed;
//! the index's size on disk; query times through the index (candidates +
//! the hits in them) against the scan, for queries from rare to common.
//!
//! ```sh
//! nice cargo run --release --example fulltext_bench -- 20000
//! nice cargo run --release --example fulltext_bench -- 20000 --threads 2
//! ```

#[path = "../benches/support/synth.rs"]
mod synth;

use std::sync::Arc;
use std::time::{Duration, Instant};
use yuelan::corpus::fulltext::{Doc, FullText, Ready};
use yuelan::corpus::search::{Query, SearchIndex};

/// At most this many hits, as the browser's corpus search.
const LIMIT: usize = 2000;

fn dir_size(dir: &std::path::Path) -> u64 {
    walk(dir)
}

fn walk(p: &std::path::Path) -> u64 {
    let Ok(rd) = std::fs::read_dir(p) else {
        return 0;
    };
    rd.flatten()
        .map(|e| {
            let p = e.path();
            if p.is_dir() {
                walk(&p)
            } else {
                e.metadata().map_or(0, |m| m.len())
            }
        })
        .sum()
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// CPU time of the whole process so far (all threads, user + system), from
/// /proc/self/stat: on a loaded machine wall time counts the waits for a
/// core, CPU time does not.
fn cpu() -> Duration {
    let ticks = std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            let rest = s.rsplit_once(')')?.1.to_string();
            let f: Vec<&str> = rest.split_whitespace().collect();
            // Fields 14 and 15 (utime, stime) are 12 and 13 after the name.
            Some(f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?)
        })
        .unwrap_or(0);
    // Clock ticks are 1/100 s on Linux.
    Duration::from_millis(ticks * 10)
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let n: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(20_000);
    let threads: usize = args
        .iter()
        .position(|a| a == "--threads")
        .and_then(|i| args.get(i + 1))
        .and_then(|a| a.parse().ok())
        .unwrap_or(1);

    let t = Instant::now();
    let texts: Vec<Arc<str>> = (0..n).map(|i| Arc::from(synth::document(i, 11))).collect();
    let bytes: usize = texts.iter().map(|t| t.len()).sum();
    println!(
        "{n} documents, {:.1} MB of text (made in {:.1} s)",
        bytes as f64 / 1e6,
        t.elapsed().as_secs_f64()
    );
    let docs: Vec<Doc> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| Doc {
            key: i as u64,
            stamp: 1,
            text: Arc::clone(t),
        })
        .collect();

    let tmp = tempfile::tempdir()?;
    let dir = tmp.path().join("index");
    let ft = FullText::open(&dir)?.with_threads(threads);
    let t = Instant::now();
    let c = cpu();
    let stats = ft.sync(&docs, &|_| {})?;
    let build = t.elapsed();
    let build_cpu = cpu() - c;
    let size = dir_size(&dir);
    println!(
        "index from empty ({threads} writer thread(s)): {:.1} s wall ({:.0} docs/s), {:.1} s CPU ({:.2} MB per CPU second); {} added",
        build.as_secs_f64(),
        n as f64 / build.as_secs_f64(),
        build_cpu.as_secs_f64(),
        bytes as f64 / 1e6 / build_cpu.as_secs_f64().max(0.01),
        stats.added
    );
    println!(
        "index size: {:.1} MB ({:.2}× the text)",
        size as f64 / 1e6,
        size as f64 / bytes as f64
    );

    let t = Instant::now();
    let s = ft.sync(&docs, &|_| {})?;
    println!(
        "sync, nothing changed: {:.0} ms ({} kept)",
        ms(t.elapsed()),
        s.kept
    );
    let mut changed = docs
        .iter()
        .map(|d| Doc {
            key: d.key,
            stamp: d.stamp,
            text: Arc::clone(&d.text),
        })
        .collect::<Vec<_>>();
    for d in changed.iter_mut().step_by(100) {
        d.stamp = 2;
    }
    let t = Instant::now();
    let s = ft.sync(&changed, &|_| {})?;
    println!(
        "sync, 1% changed: {:.0} ms ({} re-indexed)",
        ms(t.elapsed()),
        s.added
    );
    drop(ft);

    // Reopen as the browser does, then query.
    let t = Instant::now();
    let ft = FullText::open(&dir)?;
    println!("reopen: {:.0} ms", ms(t.elapsed()));
    let ready = Ready::new(
        ft,
        (0..n).map(|i| (i as u64, i)).collect(),
        Default::default(),
    )?;
    let scan = SearchIndex::new(texts.clone());
    let person = {
        let mut rng = synth::Rng::new(5);
        synth::person(&mut rng)
    };
    let queries = [
        person.as_str(),
        "云溪非遗保护",
        "冷链仓库",
        "同比增长",
        "GDP",
        "本报记者",
    ];
    const REPS: u32 = 20;
    println!(
        "query (≤ {LIMIT} hits): index (candidates + their hits) vs scan; wall median and CPU mean of {REPS}"
    );
    for q in queries {
        let query = Query::new(q, false).map_err(anyhow::Error::msg)?;
        let mut idx_times = Vec::new();
        let mut scan_times = Vec::new();
        let mut found = (0, 0, 0);
        let c = cpu();
        for _ in 0..REPS {
            let t = Instant::now();
            let cands = ready.candidates(q)?.unwrap_or_default();
            let r = scan.search_docs(&query, &cands, LIMIT);
            idx_times.push(t.elapsed());
            found.0 = cands.len();
            found.1 = r.total;
        }
        let idx_cpu = (cpu() - c) / REPS;
        let c = cpu();
        for _ in 0..REPS {
            let t = Instant::now();
            let s = scan.search(&query, LIMIT);
            scan_times.push(t.elapsed());
            found.2 = s.total;
        }
        let scan_cpu = (cpu() - c) / REPS;
        println!(
            "  {q:<8} index {:>6.1} ms wall, {:>6.1} ms CPU ({} candidates, {} hits) · scan {:>6.1} ms wall, {:>6.1} ms CPU ({} hits)",
            ms(median(idx_times)),
            ms(idx_cpu),
            found.0,
            found.1,
            ms(median(scan_times)),
            ms(scan_cpu),
            found.2
        );
    }
    if let Some(kb) = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
        })
    {
        println!("peak memory: {:.0} MB", kb as f64 / 1e3);
    }
    Ok(())
}
