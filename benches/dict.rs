//! What a reader waits on in the learner layer: loading CC-CEDICT (off the
//! interface thread) and looking a word up (on every cursor move).

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::Duration;
use yuelan::dict::{Dictionary, script::Script};

fn load(c: &mut Criterion) {
    let mut g = c.benchmark_group("dict_load");
    g.sample_size(10).measurement_time(Duration::from_secs(8));
    g.bench_function("embedded_cedict", |b| {
        b.iter(|| black_box(Dictionary::embedded().map(|d| d.cedict.len()).ok()))
    });
    g.finish();
}

fn lookup(c: &mut Criterion) {
    let Ok(d) = Dictionary::embedded() else {
        eprintln!("dictionary failed to load");
        return;
    };
    let mut g = c.benchmark_group("dict_lookup");
    g.sample_size(20).measurement_time(Duration::from_secs(2));
    g.bench_function("lookup_word", |b| {
        b.iter(|| black_box(d.lookup(black_box("银行"), false)))
    });
    g.bench_function("lookup_char_many_readings", |b| {
        b.iter(|| black_box(d.lookup(black_box("说"), false)))
    });
    let text = "中华人民共和国国务院新闻办公室今天发表白皮书";
    g.bench_function("longest_match", |b| {
        b.iter(|| black_box(d.longest_match(black_box(text), 0)))
    });
    g.bench_function("syllables_sentence", |b| {
        b.iter(|| black_box(d.syllables(black_box(text))))
    });
    g.bench_function("to_traditional_sentence", |b| {
        b.iter(|| black_box(d.to_script(black_box(text), Script::Traditional)))
    });
    g.finish();
}

criterion_group!(benches, load, lookup);
criterion_main!(benches);
