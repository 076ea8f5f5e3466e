//! Annotates one file `N` times (for profilers): parse + the whole pipeline,
//! no export.
//!
//! ```sh
//! cargo run --release --example annotate_profile -- FILE [N]
//! ```

use std::time::Instant;
use yuelan::annotate::{Resources, annotate};
use yuelan::model::Format;
use yuelan::parse::parse;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .ok_or_else(|| anyhow::anyhow!("usage: annotate_profile FILE [N]"))?;
    let n: usize = args.next().map_or(Ok(1), |s| s.parse())?;
    let text = std::fs::read_to_string(&path)?;
    let res = Resources::load()?;
    if std::env::var_os("YUELAN_TIMINGS").is_some() {
        yuelan::corpus::timings::enable();
    }
    let t = Instant::now();
    let mut total = 0;
    for _ in 0..n {
        let doc = parse(text.clone(), Format::Plain);
        total += annotate(doc, &res).annotations.len();
    }
    let secs = t.elapsed().as_secs_f64();
    let mb = (text.len() * n) as f64 / 1e6;
    println!(
        "{total} annotations, {:.1} ms per run, {:.2} MB/s",
        secs * 1000.0 / n as f64,
        mb / secs
    );
    if yuelan::corpus::timings::enabled() {
        eprint!("{}", yuelan::corpus::timings::report());
    }
    Ok(())
}
