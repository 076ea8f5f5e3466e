//! A long robustness run over decode → parse → annotate → export (JSON,
//! JSON Lines, spaCy, brat) → the plain-text listings made terminal-safe →
//! the browser's frame, drawn at a size taken from the input (1×1 to
//! 300×100) and once more at another size the app was not told of.
//! Not part of the test suite: run it in the background, under `nice`.
//!
//! ```text
//! nice cargo run --release --example fuzz_run -- 1000000 [SEED]
//! ```
//!
//! Inputs: four in five are text-like (Chinese words, punctuation, headings,
//! quotes, figures, control characters and escape sequences; the same
//! pieces and encodings as tests/fuzz_pipeline.rs, from
//! tests/common/fuzz_input.rs) in UTF-8, GBK, GB18030, Big5 or UTF-16,
//! read as plain text, Markdown or HTML, some of them truncated or with bytes flipped or
//! spliced in; one in five is random bytes. Every case checks: no panic;
//! every JSON output parses back; the listings and the made-safe JSON hold no
//! raw control character but newline and tab. Prints the counts; a failing
//! input is written to `fuzz-failure-N.bin` and the run exits 1.

use std::panic::{AssertUnwindSafe, catch_unwind};
use yuelan::annotate::{Resources, annotate};
use yuelan::commands::{render_model, render_outline};
use yuelan::decode::decode;
use yuelan::export;
use yuelan::model::Format;
use yuelan::parse::parse;
use yuelan::text::safe;
use yuelan::tui::index::DocIndex;
use yuelan::tui::{App, Theme, view};

#[path = "../tests/common/fuzz_input.rs"]
mod fuzz_input;
use fuzz_input::{Enc, Mutation, PIECES, encode, mutate};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn input(rng: &mut Rng) -> Vec<u8> {
    if rng.below(5) == 0 {
        let n = rng.below(200);
        return (0..n).map(|_| rng.next() as u8).collect();
    }
    let n = rng.below(60);
    let text: String = (0..n).map(|_| PIECES[rng.below(PIECES.len())]).collect();
    let total: u32 = Enc::WEIGHTED.iter().map(|(w, _)| w).sum();
    let mut pick = rng.below(total as usize) as u32;
    let enc = Enc::WEIGHTED
        .iter()
        .find(|(w, _)| {
            let hit = pick < *w;
            pick = pick.saturating_sub(*w);
            hit
        })
        .map_or(Enc::Utf8, |&(_, e)| e);
    let per_mille = |rng: &mut Rng| rng.below(1000) as u16;
    let mutation = match rng.below(6) {
        0 => Mutation::Truncate(per_mille(rng)),
        1 => Mutation::Flip(per_mille(rng), rng.next() as u8),
        2 => {
            let junk: Vec<u8> = (0..1 + rng.below(6)).map(|_| rng.next() as u8).collect();
            Mutation::Splice(per_mille(rng), junk)
        }
        _ => Mutation::None,
    };
    mutate(encode(&text, enc), &mutation)
}

fn raw_control(s: &str) -> bool {
    s.chars()
        .any(|c| safe::is_unsafe(c) && c != '\n' && c != '\t')
}

/// One case; `Err` says what went wrong.
fn run_case(bytes: &[u8], res: &Resources, format: Format) -> Result<bool, String> {
    let Ok(decoded) = decode(bytes) else {
        return Ok(false);
    };
    let doc = parse(decoded.text, format);
    for listing in [render_outline(&doc), render_model(&doc)] {
        if raw_control(&safe::text(&listing)) {
            return Err("a listing holds a raw control character".into());
        }
    }
    let ann = annotate(doc, res);
    let outputs = [
        serde_json::to_string_pretty(&export::json::annotated_to_json(&ann))
            .map_err(|e| e.to_string())?,
        serde_json::to_string(&export::spacy::to_json(&ann)).map_err(|e| e.to_string())?,
        export::to_jsonl([&ann]),
    ];
    for (i, out) in outputs.iter().enumerate() {
        for line in if i == 2 {
            out.lines().collect()
        } else {
            vec![out.as_str()]
        } {
            if serde_json::from_str::<serde_json::Value>(line).is_err() {
                return Err(format!("output {i} is not JSON"));
            }
            let made_safe = safe::json(line);
            if raw_control(&made_safe) {
                return Err(format!("output {i} made safe still holds a control"));
            }
            let a: serde_json::Value = serde_json::from_str(line).map_err(|e| e.to_string())?;
            let b: serde_json::Value =
                serde_json::from_str(&made_safe).map_err(|e| e.to_string())?;
            if a != b {
                return Err(format!("output {i} made safe is a different value"));
            }
        }
    }
    let brat = export::brat::to_ann(&ann);
    if raw_control(&safe::text(&brat)) {
        return Err("brat made safe holds a control".into());
    }
    render_frames(ann, bytes.len())
}

/// The browser on the annotated document: a frame at a size taken from the
/// input, then one at another size the app has not been told of (a resize
/// in flight). No cell may hold a raw control character.
fn render_frames(ann: yuelan::model::Annotated, n: usize) -> Result<bool, String> {
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use std::sync::Arc;
    let ann = Arc::new(ann);
    let mut app = App::on(
        Arc::new(yuelan::model::Annotated::unannotated(ann.doc.clone())),
        "fuzz.txt",
    );
    app.theme = Theme::dark();
    let (w, h) = (1 + (n * 7 % 300) as u16, 1 + (n * 13 % 100) as u16);
    app.resize(w, h);
    let index = Arc::new(DocIndex::build(&ann));
    app.set_annotated(ann, index);
    for (w, h) in [
        (w, h),
        (1 + (n * 31 % 300) as u16, 1 + (n * 17 % 100) as u16),
    ] {
        let area = Rect::new(0, 0, w, h);
        let mut buf = Buffer::empty(area);
        view::render(&app, area, &mut buf);
        if let Some(c) = buf.content.iter().find(|c| raw_control(c.symbol())) {
            return Err(format!(
                "a {w}x{h} frame holds a raw control character: {:?}",
                c.symbol()
            ));
        }
    }
    Ok(true)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let total: u64 = args
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let seed: u64 = args
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or(0x5eed_1234);
    let res = match Resources::load() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("cannot load resources: {e:#}");
            std::process::exit(1);
        }
    };
    std::panic::set_hook(Box::new(|_| {}));
    let mut rng = Rng(seed | 1);
    let (mut decoded, mut refused, mut failures) = (0u64, 0u64, 0u64);
    let start = std::time::Instant::now();
    for i in 0..total {
        let bytes = input(&mut rng);
        let format = [Format::Plain, Format::Plain, Format::Markdown, Format::Html][rng.below(4)];
        let outcome = match catch_unwind(AssertUnwindSafe(|| run_case(&bytes, &res, format))) {
            Ok(r) => r,
            Err(_) => Err("panic".to_string()),
        };
        match outcome {
            Ok(true) => decoded += 1,
            Ok(false) => refused += 1,
            Err(why) => {
                failures += 1;
                if failures <= 5 {
                    let _ = std::fs::write(format!("fuzz-failure-{failures}.bin"), &bytes);
                    println!("case {i}: {why} (input written to fuzz-failure-{failures}.bin)");
                }
            }
        }
        if (i + 1) % 100_000 == 0 {
            println!(
                "{} cases, {decoded} through the whole pipeline, {refused} refused by decode, {failures} failures, {:.0} s",
                i + 1,
                start.elapsed().as_secs_f64()
            );
        }
    }
    println!(
        "done: {total} executions (seed {seed}), {decoded} through decode → parse → annotate → export → render, {refused} refused by decode with an error, {failures} failures, {:.0} s",
        start.elapsed().as_secs_f64()
    );
    if failures > 0 {
        std::process::exit(1);
    }
}
