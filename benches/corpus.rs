//! Criterion benchmarks for corpus search over a generated corpus of 2,000
//! documents (≈5 MB; see benches/support/synth.rs). The full indexing benchmark
//! (index time, MB/s, peak memory, cold vs cached) is
//! `cargo run --release --example corpus_bench`.

#[path = "support/synth.rs"]
mod synth;

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::sync::Arc;
use yuelan::corpus::search::{Query, SearchIndex};

fn corpus_search(c: &mut Criterion) {
    let texts: Vec<Arc<str>> = (0..2000)
        .map(|i| Arc::from(synth::document(i, 42)))
        .collect();
    let index = SearchIndex::new(texts);
    let mut group = c.benchmark_group("corpus_search_2000_docs");
    group.sample_size(20);
    for (name, q) in [
        ("substring_frequent", Query::new("电商", false)),
        ("substring_absent", Query::new("量子纠缠", false)),
        ("regex_money", Query::new(r"\d+\.\d+亿元", true)),
    ] {
        let Ok(q) = q else { continue };
        group.bench_function(name, |b| b.iter(|| black_box(index.search(&q, 10_000))));
    }
    group.finish();
}

criterion_group!(benches, corpus_search);
criterion_main!(benches);
