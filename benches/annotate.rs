//! Annotation throughput: the whole pipeline (parse + every layer +
//! keywords) in MB/s on a ≥ 5 MB document, beside bare `jieba.tag` (HMM on)
//! on the same text, so the pipeline's overhead is a ratio; and the time to
//! annotate one article once the resources are loaded.
//!
//! The pipeline runs layers and pieces of long texts on rayon's pool; bare
//! tagging is single-threaded, so `pipeline_1_thread` runs the pipeline on
//! a one-thread pool for the like-for-like ratio (`pipeline` uses the
//! default pool, as shipped).
//!
//! The text is the seed article (../shared/seeds) when present, else the
//! project's samples, repeated to 5 MB.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::Duration;
use yuelan::annotate::{Resources, parse_and_annotate};
use yuelan::model::Format;

const SEED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/seeds/000_597f00c860135c6b.txt"
);
const SAMPLES: [&str; 3] = [
    include_str!("../data/samples/01_feature.txt"),
    include_str!("../data/samples/02_report.txt"),
    include_str!("../data/samples/03_interview.txt"),
];

fn article() -> String {
    std::fs::read_to_string(SEED).unwrap_or_else(|_| SAMPLES.join("\n\n"))
}

fn big_text(article: &str) -> String {
    let mut text = String::with_capacity(5_300_000);
    while text.len() < 5_000_000 {
        text.push_str(article);
        text.push_str("\n\n");
    }
    text
}

/// Parses and annotates a copy of `text` (the copy is part of the work,
/// as the pipeline takes the text by value).
fn run(text: &str, res: &Resources) -> usize {
    black_box(
        parse_and_annotate(black_box(text.to_string()), Format::Plain, res)
            .annotations
            .len(),
    )
}

fn benches(c: &mut Criterion) {
    let res = match Resources::load() {
        Ok(r) => r,
        Err(e) => panic!("resources: {e:#}"),
    };
    let article = article();
    let big = big_text(&article);

    let mut g = c.benchmark_group("throughput_5MB");
    g.sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(20))
        .throughput(Throughput::Bytes(big.len() as u64));
    g.bench_function("jieba_tag", |b| {
        b.iter(|| black_box(res.jieba.tag(black_box(&big), true).len()))
    });
    g.bench_function("pipeline", |b| b.iter(|| run(&big, &res)));
    let one = match rayon::ThreadPoolBuilder::new().num_threads(1).build() {
        Ok(p) => p,
        Err(e) => panic!("thread pool: {e}"),
    };
    g.bench_function("pipeline_1_thread", |b| {
        b.iter(|| one.install(|| run(&big, &res)))
    });
    g.finish();

    let mut g = c.benchmark_group("one_article");
    g.sample_size(30)
        .measurement_time(Duration::from_secs(5))
        .throughput(Throughput::Bytes(article.len() as u64));
    g.bench_function("pipeline", |b| b.iter(|| run(&article, &res)));
    g.bench_function("pipeline_1_thread", |b| {
        b.iter(|| one.install(|| run(&article, &res)))
    });
    g.finish();
}

criterion_group!(annotate_benches, benches);
criterion_main!(annotate_benches);
