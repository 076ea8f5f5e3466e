//! What a reader waits on when opening a document with notes: re-attaching
//! them after the file changed, including the worst case where every note
//! is orphaned and goes through the fuzzy search.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use yuelan::notes::{Anchor, Haystack};

fn text() -> String {
    let seed = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/seeds/000_597f00c860135c6b.txt"
    );
    let base = std::fs::read_to_string(seed)
        .unwrap_or_else(|_| "上海互联网企业发展迅猛，去年营业收入增长百分之十四。\n".repeat(40));
    // about 20 000 code points
    base.repeat((20_000 / base.chars().count().max(1)).max(1))
}

fn anchors(text: &str, count: usize, len: usize) -> Vec<Anchor> {
    let hay = Haystack::new(text);
    let n = text.chars().count();
    (0..count)
        .map(|i| {
            let s = (i * 7919) % n.saturating_sub(len).max(1);
            Anchor::at_cp(&hay, s, s + len)
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let text = text();
    let notes = anchors(&text, 100, 6);
    let edited = format!("编者按：本文有删节。\n\n{text}");
    c.bench_function("reattach 100 notes after an insertion (20k chars)", |b| {
        b.iter(|| {
            let hay = Haystack::new(&edited);
            black_box(notes.iter().filter_map(|a| a.resolve(&hay)).count())
        })
    });
    let other = "完全不同的一篇文章，讲的是山区的学校和孩子们的故事。\n".repeat(700);
    c.bench_function(
        "100 notes orphaned by a rewrite (fuzzy search, 20k chars)",
        |b| {
            b.iter(|| {
                let hay = Haystack::new(&other);
                black_box(notes.iter().filter_map(|a| a.resolve(&hay)).count())
            })
        },
    );
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = bench
}
criterion_main!(benches);
