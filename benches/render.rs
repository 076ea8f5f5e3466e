//! Rendering cost: one frame of a large annotated document scrolled to its
//! middle, and one scroll step (update + frame), in a TestBackend at
//! 120×40, for two document sizes. The time per frame should not depend on
//! the document's size (only the visible slice is styled and drawn).

use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::hint::black_box;
use std::sync::Arc;
use yuelan::annotate::{self, Resources};
use yuelan::model::{Annotated, Format, Span, Token};
use yuelan::tui::app::ReadingPosition;
use yuelan::tui::index::DocIndex;
use yuelan::tui::{Action, App, Theme, view};

const SAMPLE: &str = include_str!("../data/samples/01_feature.txt");

/// The sample repeated until the text has at least `bytes` bytes, with the
/// sample's annotations copied to every repetition.
fn big_document(res: &Resources, bytes: usize) -> Annotated {
    let one = annotate::annotate(yuelan::parse::parse(SAMPLE.to_string(), Format::Plain), res);
    let unit = format!("{}\n\n", SAMPLE.trim_end());
    let copies = bytes.div_ceil(unit.len());
    let text = unit.repeat(copies);
    let doc = yuelan::parse::parse(text, Format::Plain);
    let shift = |s: Span, k: usize| Span::new(s.start + k * unit.len(), s.end + k * unit.len());
    let mut tokens = Vec::with_capacity(one.tokens.len() * copies);
    let mut annotations = Vec::with_capacity(one.annotations.len() * copies);
    for k in 0..copies {
        for t in &one.tokens {
            tokens.push(Token::new(shift(t.span(), k), t.pos()));
        }
        for a in &one.annotations {
            let mut a = a.clone();
            a.span = shift(a.span, k);
            a.id = yuelan::model::Annotation::id_of(annotations.len());
            annotations.push(a);
        }
    }
    Annotated {
        doc: doc.into(),
        tokens,
        annotations,
        keywords: one.keywords,
    }
}

fn app_for(ann: Annotated) -> App {
    let ann = Arc::new(ann);
    let index = Arc::new(DocIndex::build(&ann));
    let mut app = App::on(
        Arc::new(Annotated::unannotated(ann.doc.clone())),
        "bench.txt",
    );
    app.theme = Theme::dark();
    app.resize(120, 40);
    let middle = ann.doc.text.chars().count() / 2;
    app.set_annotated(ann, index);
    app.restore_position(ReadingPosition {
        section: 0,
        char_offset: middle,
    });
    // Show words and a cursor so every styling path runs.
    app.update(Action::ToggleWords);
    app.update(Action::WordNext);
    app
}

fn bench(c: &mut Criterion) {
    let res = Resources::load().expect("resources");
    let mut group = c.benchmark_group("render");
    group.sample_size(30);
    group.measurement_time(std::time::Duration::from_secs(2));
    group.warm_up_time(std::time::Duration::from_millis(500));
    for (label, bytes) in [("1MB", 1 << 20), ("6MB", 6 << 20)] {
        let mut app = app_for(big_document(&res, bytes));
        let mut term = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
        group.bench_function(format!("frame/{label}"), |b| {
            b.iter(|| {
                term.draw(|f| view::draw(f, black_box(&app))).expect("draw");
            })
        });
        let mut down = true;
        group.bench_function(format!("scroll-step/{label}"), |b| {
            b.iter(|| {
                // Alternate so the position stays in the middle.
                app.update(if down {
                    Action::ScrollDown
                } else {
                    Action::ScrollUp
                });
                down = !down;
                term.draw(|f| view::draw(f, black_box(&app))).expect("draw");
            })
        });
    }
    group.finish();
    let mut group = c.benchmark_group("wrap");
    group.sample_size(10);
    group.measurement_time(std::time::Duration::from_secs(3));
    let doc = big_document(&res, 6 << 20).doc;
    group.bench_function("layout-whole-document/6MB", |b| {
        b.iter(|| yuelan::tui::wrap::layout(black_box(&doc), 118, yuelan::text::Widths::NARROW))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
