//! What a reader waits on in the learner layer: loading CC-CEDICT (off the
//! interface thread) and looking a word up (on every cursor move).

use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use std::hint::black_box;
use std::sync::Arc;
use std::time::Duration;
use yuelan::dict::{self, Dictionary, script::Script};
use yuelan::model::{Annotated, Format};
use yuelan::tui::App;

/// The browser's first frame on a sample, cursor on a word, with the shared
/// dictionary not loaded yet and then loaded: the frame never waits for it
/// (it shows "dictionary loading…" instead).
fn first_frame(c: &mut Criterion) {
    let text = include_str!("../data/samples/01_feature.txt");
    let doc = yuelan::parse::parse(text.to_string(), Format::Plain);
    let cursor = doc.text.find("电商");
    let frame = |pinyin_rows: bool| {
        let mut app = App::on(
            Arc::new(Annotated::unannotated(doc.clone())),
            "01_feature.txt",
        );
        app.resize(100, 30);
        app.cursor = cursor;
        app.learner.interlinear = pinyin_rows;
        let area = Rect::new(0, 0, 100, 30);
        let mut buf = Buffer::empty(area);
        yuelan::tui::view::render(&app, area, &mut buf);
        buf
    };
    let mut g = c.benchmark_group("first_frame");
    g.sample_size(20).measurement_time(Duration::from_secs(3));
    assert!(
        dict::try_shared().is_none(),
        "measured before the dictionary loads"
    );
    g.bench_function("dictionary_not_loaded", |b| {
        b.iter(|| black_box(frame(false)))
    });
    if dict::shared().is_err() {
        eprintln!("dictionary failed to load");
        return;
    }
    g.bench_function("dictionary_loaded", |b| b.iter(|| black_box(frame(false))));
    g.bench_function("dictionary_loaded_pinyin_rows", |b| {
        b.iter(|| black_box(frame(true)))
    });
    g.finish();
}

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

criterion_group!(benches, first_frame, load, lookup);
criterion_main!(benches);
