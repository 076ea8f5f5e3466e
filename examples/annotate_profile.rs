//! Annotates one file `N` times (for profilers): parse + the whole pipeline,
//! no export; and tags it `N` times with bare `jieba.tag` for comparison.
//! `YUELAN_TIMINGS=1` prints the time per step, `RAYON_NUM_THREADS=1` runs
//! on one thread, `YUELAN_PROFILE=pipeline` or `=tag` runs only that half
//! (the difference between `N` and `N + 1` runs under callgrind is then the
//! instruction count of one).
//!
//! ```sh
//! cargo run --release --example annotate_profile -- FILE [N]
//! ```

use std::time::Instant;
use yuelan::annotate::{Resources, parse_and_annotate};
use yuelan::model::Format;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .ok_or_else(|| anyhow::anyhow!("usage: annotate_profile FILE [N]"))?;
    let n: usize = args.next().map_or(Ok(1), |s| s.parse())?;
    let text = std::fs::read_to_string(&path)?;
    let res = Resources::load()?;
    if std::env::var_os("YUELAN_TIMINGS").is_some() {
        yuelan::timings::enable();
    }
    // Bare tagging of the same text, for the pipeline's ratio to it.
    // YUELAN_PROFILE=pipeline or =tag runs only that half (for instruction
    // counts under callgrind).
    let only = std::env::var("YUELAN_PROFILE").unwrap_or_default();
    let t = Instant::now();
    let mut tags = 0;
    for _ in 0..if only == "pipeline" { 0 } else { n } {
        tags += res.jieba.tag(&text, true).len();
    }
    let tag_secs = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let mut total = 0;
    for _ in 0..if only == "tag" { 0 } else { n } {
        total += parse_and_annotate(text.clone(), Format::Plain, &res)
            .annotations
            .len();
    }
    let secs = t.elapsed().as_secs_f64();
    let mb = (text.len() * n) as f64 / 1e6;
    println!(
        "{total} annotations, {:.1} ms per run, {:.2} MB/s; bare jieba.tag {:.1} ms per run \
         ({tags} tags), {:.2} MB/s; pipeline at {:.0}% of bare tagging speed",
        secs * 1000.0 / n as f64,
        mb / secs,
        tag_secs * 1000.0 / n as f64,
        mb / tag_secs,
        100.0 * tag_secs / secs
    );
    if yuelan::timings::enabled() {
        eprint!("{}", yuelan::timings::report());
    }
    Ok(())
}
