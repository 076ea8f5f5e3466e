//! Entity recognition throughput beside bare jieba tagging on the same text
//! (the project's samples, repeated to ~1 MB), so the overhead is a ratio.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use yuelan::annotate::Resources;
use yuelan::annotate::entities::recognize;
use yuelan::annotate::tokens::tag;

const SAMPLES: [&str; 3] = [
    include_str!("../data/samples/01_feature.txt"),
    include_str!("../data/samples/02_report.txt"),
    include_str!("../data/samples/03_interview.txt"),
];

fn text() -> Vec<String> {
    let lines: Vec<String> = SAMPLES
        .iter()
        .flat_map(|s| s.lines())
        .filter(|l| !l.trim().is_empty())
        .map(str::to_string)
        .collect();
    let size: usize = lines.iter().map(String::len).sum();
    let times = (1_000_000 / size.max(1)).max(1);
    lines
        .iter()
        .cycle()
        .take(lines.len() * times)
        .cloned()
        .collect()
}

fn bench(c: &mut Criterion) {
    let Ok(res) = Resources::load() else { return };
    let lines = text();
    let bytes: usize = lines.iter().map(String::len).sum();
    let mut g = c.benchmark_group("entities");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("jieba_tag", |b| {
        b.iter(|| {
            let mut n = 0;
            for l in &lines {
                n += res.jieba.tag(black_box(l), true).len();
            }
            n
        })
    });
    g.bench_function("tag_and_entities", |b| {
        b.iter(|| {
            let mut n = 0;
            for l in &lines {
                let tags = tag(&res.jieba, &res.pos_overrides, black_box(l));
                n += recognize(l, &tags, &res).len();
            }
            n
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
