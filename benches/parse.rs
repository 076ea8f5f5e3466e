//! decode + parse throughput on large synthetic documents built from the
//! samples (≈1.5 MB and ≈6 MB: the same per-byte time shows linearity).
//!
//! `cargo bench --bench parse`; criterion prints MB/s (throughput in bytes).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::Duration;
use yuelan::decode::decode;
use yuelan::model::{Document, Format};
use yuelan::parse::parse;
use yuelan::source::SAMPLES;

/// Plain-text samples repeated, with numbered suffixes so that not every
/// paragraph is a duplicate, until at least `bytes` long.
fn synthetic(bytes: usize) -> String {
    let mut out = String::with_capacity(bytes + 8192);
    let mut round = 0usize;
    while out.len() < bytes {
        for (name, text) in SAMPLES.iter().filter(|(n, _)| n.ends_with(".txt")) {
            for line in text.lines() {
                out.push_str(line);
                // Make most body lines unique so duplicate detection does real work.
                if line.ends_with('。') {
                    out.push_str(&format!("第{round}轮{name}。"));
                }
                out.push('\n');
            }
            out.push('\n');
        }
        round += 1;
    }
    out
}

fn decode_parse(bytes: &[u8]) -> Document {
    match decode(bytes) {
        Ok(d) => parse(d.text, Format::Plain),
        Err(_) => Document::default(),
    }
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("decode+parse");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(6));
    for mb in [1.5f64, 6.0] {
        let text = synthetic((mb * 1_000_000.0) as usize);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(format!("utf8_{:.1}MB", text.len() as f64 / 1e6), |b| {
            b.iter(|| decode_parse(black_box(text.as_bytes())))
        });
    }
    let text = synthetic(6_000_000);
    let (gb, _, _) = encoding_rs::GB18030.encode(&text);
    group.throughput(Throughput::Bytes(gb.len() as u64));
    group.bench_function(format!("gb18030_{:.1}MB", gb.len() as f64 / 1e6), |b| {
        b.iter(|| decode_parse(black_box(&gb)))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
