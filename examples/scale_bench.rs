//! The scale benchmarks (docs/scale.md):
//!
//! - `entities`: parse + annotate the same sentence repeated, generated
//!   articles, the same articles on one line, a list of names and
//!   quotation marks nested as deep as the text is long, short items each
//!   quoting a new person or naming a new company, at 1, 2 and 4 MB,
//!   in-process; the entities step's time and the whole pipeline's, per
//!   MB (linear time shows as a flat ms/MB).
//! - `export FILE [FILE2]`: the whole `yuelan annotate FILE --format json`
//!   command, its output to `/dev/null` (wall and CPU time, peak memory, via
//!   `/usr/bin/time`) against bare jieba-rs tagging of the same text in
//!   this process: against the tagging alone, with jieba's load counted on
//!   its side, and (given a second, larger file) the marginal rate.
//!
//! - `memory FILE`: what the browser's worker holds for a big plain text,
//!   step by step (dictionaries, the parsed document, its annotations, the
//!   view's index, the wrapped lines): resident and peak memory after each,
//!   and the model's parts by count and size.
//!
//! ```sh
//! cargo run --release --example scale_bench -- memory /tmp/big.txt
//! cargo run --release --example scale_bench -- entities
//! cargo run --release --example scale_bench -- export /tmp/big5.txt /tmp/big20.txt
//! YUELAN_LAYERS=all cargo run --release --example scale_bench -- export /tmp/big5.txt
//! # before → after: two builds alternating 3 times, jieba.tag timed each round
//! YUELAN_BASE=/tmp/yl-old YUELAN_RUNS=3 YUELAN_OUT=/tmp/o.json \
//!   cargo run --release --example scale_bench -- export /tmp/big5.txt
//! ```

#[path = "../benches/support/synth.rs"]
mod synth;

use std::process::Command;
use std::time::Instant;
use yuelan::annotate::{Resources, parse_and_annotate};
use yuelan::model::Format;
use yuelan::timings::{self, Phase};

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("entities") => entities(),
        Some("export") => export(
            args.get(1).map(String::as_str).unwrap_or(""),
            args.get(2).map(String::as_str),
        ),
        Some("resources") => resources(args.get(1).map(String::as_str)),
        Some("memory") => memory(args.get(1).map(String::as_str).unwrap_or("")),
        _ => anyhow::bail!(
            "usage: scale_bench entities | export FILE [FILE2] | resources [FILE] | memory FILE"
        ),
    }
}

fn repeated(bytes: usize) -> String {
    let sentence = "新华社北京3月5日电 国务院总理李强在人民大会堂作政府工作报告，提出今年国内生产总值增长5%左右的预期目标。\n";
    sentence.repeat(bytes / sentence.len() + 1)
}

fn varied(bytes: usize) -> String {
    let mut out = String::new();
    let mut i = 0;
    while out.len() < bytes {
        out.push_str(&synth::document(i, 7));
        out.push('\n');
        i += 1;
    }
    out
}

/// [`varied`] with no line break: one paragraph of any length.
fn one_line(bytes: usize) -> String {
    varied(bytes).replace('\n', "")
}

/// A list of people's names, one paragraph: 张建华、李明、…
fn name_list(bytes: usize) -> String {
    let (surnames, given) = (
        "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗",
        "建国明华伟芳军平强红丽文秀英",
    );
    let (s, g): (Vec<char>, Vec<char>) = (surnames.chars().collect(), given.chars().collect());
    let mut out = String::new();
    let mut i = 0usize;
    while out.len() < bytes {
        out.push(s[i % s.len()]);
        out.push(g[(i / s.len()) % g.len()]);
        out.push(g[(i / 7) % g.len()]);
        out.push('、');
        i += 1;
    }
    out
}

/// Short news items, each a new person quoted: 记者X报道，X说：“…”
fn speakers(bytes: usize) -> String {
    let mut out = String::new();
    let mut i = 0usize;
    while out.len() < bytes {
        let name = name_list(12 * (i % 5000 + 1));
        let name = name
            .trim_end_matches('、')
            .rsplit('、')
            .next()
            .unwrap_or("王明");
        out.push_str(&format!("记者{name}报道，{name}说：“今年的工作很好。”\n\n"));
        i += 1;
    }
    out
}

/// Company news, each naming a new company in full and by its short form.
fn companies(bytes: usize) -> String {
    let chars: Vec<char> = "伟芳娜秀敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂英华玉萍红"
        .chars()
        .collect();
    let mut out = String::new();
    let mut i = 0usize;
    while out.len() < bytes {
        let short: String = [
            chars[i % chars.len()],
            chars[(i / chars.len()) % chars.len()],
            chars[(i / 900) % chars.len()],
        ]
        .iter()
        .collect();
        out.push_str(&format!(
            "杭州{short}科技有限公司宣布，{short}将在苏州建厂。{short}公司很好。\n\n"
        ));
        i += 1;
    }
    out
}

/// Quotation marks nested as deep as the text is long.
fn nested_marks(bytes: usize) -> String {
    let k = bytes / 6;
    format!("{}好{}", "“".repeat(k), "”".repeat(k))
}

fn entities() -> anyhow::Result<()> {
    let res = Resources::load()?;
    timings::enable();
    for (kind, make) in [
        ("repeated", repeated as fn(usize) -> String),
        ("varied", varied),
        ("one line", one_line),
        ("names", name_list),
        ("nested", nested_marks),
        ("speakers", speakers),
        ("companies", companies),
    ] {
        for mb in [1usize, 2, 4] {
            let text = make(mb << 20);
            let len = text.len() as f64 / 1e6;
            let (e0, _) = timings::get(Phase::Entities);
            let t = Instant::now();
            let ann = parse_and_annotate(text, Format::Plain, &res);
            let total = t.elapsed().as_secs_f64() * 1e3;
            let ent = (timings::get(Phase::Entities).0 - e0).as_secs_f64() * 1e3;
            println!(
                "{kind:>8} {mb} MB: entities {ent:8.0} ms ({:6.0} ms/MB), pipeline {total:8.0} ms ({:6.0} ms/MB), {} annotations",
                ent / len,
                total / len,
                ann.annotations.len()
            );
        }
    }
    Ok(())
}

/// What each shared resource costs, one after another on this thread (in
/// the program some load side by side): load time, and the resident
/// memory it adds (VmRSS after − before). The learner memo's figure is
/// after the learner layer ran over FILE (if given).
fn resources(file: Option<&str>) -> anyhow::Result<()> {
    use yuelan::annotate::{entities, glossary, keywords, tokens};
    fn step<T>(name: &str, f: impl FnOnce() -> T) -> T {
        let before = rss().0;
        let t = Instant::now();
        let out = f();
        let ms = t.elapsed().as_secs_f64() * 1e3;
        println!(
            "{name:>30}: {ms:7.1} ms, resident +{:6.1} MB",
            rss().0 - before
        );
        out
    }
    if std::env::var_os("JIEBA_PARTS").is_some() {
        step("jieba: Jieba::new (1st)", jieba_rs::Jieba::new);
        step("jieba: Jieba::new (2nd)", jieba_rs::Jieba::new);
    }
    let jieba = step("jieba + user dictionary", tokens::build_jieba)?;
    let kw = step(
        "keywords (stop words, IDF)",
        keywords::KeywordResources::new,
    );
    let lex = step("entity gazetteers", entities::Lexicon::load);
    let model = step("entity model", entities::model::shipped);
    let ov = step("tag overrides", tokens::PosOverrides::load);
    let gl = step("glossary", || glossary::Glossary::load(&[] as &[&str]))?;
    let dict = step("CC-CEDICT + script maps", yuelan::dict::shared)?;
    step("character reading prior", || dict.char_prior().get('行'));
    step("HSK table", || yuelan::dict::hsk::shared().len());
    step("pinyin readings table", || {
        yuelan::dict::reading::ReadingTable::embedded().is_empty()
    });
    let res = Resources {
        jieba: jieba.into(),
        pos_overrides: ov,
        entities: lex,
        glossary: gl,
        keywords: kw,
        words: None,
    };
    if let Some(path) = file {
        let doc = yuelan::read::load(std::path::Path::new(path), None)?;
        let tokens = yuelan::annotate::tokens::tokenize(&doc.text, &res);
        let n = step("learner memo (layer over FILE)", || {
            yuelan::annotate::learner::annotate_shared(&doc, &tokens, &res).len()
        });
        println!(
            "  ({} learner annotations, {} memo entries; the annotations are in the figure)",
            n,
            yuelan::annotate::learner::shared_memo_len()
        );
    }
    let _ = model;
    step("Resources::load again (side by side)", Resources::load)?;
    println!("peak {:.1} MB", rss().1);
    Ok(())
}

/// One run of `yuelan annotate FILE --format json ARGS > /dev/null` under
/// `/usr/bin/time`: (wall s, CPU s on all threads, peak MB).
fn run_command(
    yuelan: &std::path::Path,
    path: &str,
    args: &[&str],
) -> anyhow::Result<(f64, f64, f64)> {
    // `YUELAN_OUT=FILE`: the output to a file (the kernel's copy counted),
    // else to /dev/null.
    let stdout = match std::env::var_os("YUELAN_OUT") {
        Some(f) => std::process::Stdio::from(std::fs::File::create(f)?),
        None => std::process::Stdio::null(),
    };
    let out = Command::new("/usr/bin/time")
        .args(["-f", "%e %M %U %S"])
        .arg(yuelan)
        .args(["annotate", path, "--format", "json"])
        .args(args)
        .stdout(stdout)
        .output()?;
    if !out.status.success() {
        anyhow::bail!("{}", String::from_utf8_lossy(&out.stderr));
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    let last = stderr.lines().last().unwrap_or("");
    let f: Vec<f64> = last
        .split_whitespace()
        .map(|x| x.parse().unwrap_or(0.0))
        .collect();
    match f.as_slice() {
        [w, m, u, s] => Ok((*w, u + s, m / 1e3)),
        _ => anyhow::bail!("cannot read /usr/bin/time's line: {last}"),
    }
}

/// The whole command against bare jieba-rs tagging of the same text, three
/// ways (docs/scale.md): (a) against `jieba.tag` alone, (b) with jieba's
/// own load (its dictionary; a user running jieba pays it too) counted on
/// its side, (c) the marginal rate: a second file (`FILE2`, larger) gives
/// the slope, so that fixed costs (loading, start-up) drop out of both
/// sides. By CPU (all threads; what compares the work on a shared
/// machine) and by wall. `YUELAN_LAYERS` / `YUELAN_TOKENS` pass
/// `--layers` / `--tokens` (default: the command's defaults).
fn export(path: &str, path2: Option<&str>) -> anyhow::Result<()> {
    let exe = std::env::current_exe()?;
    // `YUELAN_BIN` runs another build (e.g. main's, for before → after).
    let yuelan = match std::env::var_os("YUELAN_BIN") {
        Some(bin) => std::path::PathBuf::from(bin),
        None => exe
            .parent()
            .and_then(|d| d.parent())
            .map(|d| d.join("yuelan"))
            .ok_or_else(|| anyhow::anyhow!("cannot find the yuelan binary"))?,
    };
    let layers = std::env::var("YUELAN_LAYERS").ok();
    let tokens = std::env::var("YUELAN_TOKENS").ok();
    let mut args: Vec<String> = Vec::new();
    if let Some(l) = &layers {
        args.push(format!("--layers={l}"));
    }
    if let Some(t) = &tokens {
        args.push(format!("--tokens={t}"));
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    println!(
        "command: yuelan annotate FILE --format json {}",
        args.join(" ")
    );
    // `YUELAN_BASE=BIN YUELAN_RUNS=N`: before → after in one run, the two
    // builds alternating N times against jieba.tag timed in each round.
    let runs: usize = std::env::var("YUELAN_RUNS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1);
    if let Some(base) = std::env::var_os("YUELAN_BASE") {
        return alternate(
            std::path::Path::new(&base),
            &yuelan,
            path,
            &args,
            runs.max(1),
        );
    }
    let mut points = Vec::new();
    for p in std::iter::once(path).chain(path2) {
        let text = std::fs::read_to_string(p)?;
        let mb = text.len() as f64 / 1e6;
        // jieba's side: its load (jieba-rs's dictionary and the project's
        // user dictionary, what the command loads too), then the tagging.
        let (t, c) = (Instant::now(), thread_cpu());
        let jieba = yuelan::annotate::tokens::build_jieba()?;
        let (load_wall, load_cpu) = (t.elapsed().as_secs_f64(), thread_cpu() - c);
        let (t, c) = (Instant::now(), thread_cpu());
        let tags = jieba.tag(&text, true).len();
        let (tag_wall, tag_cpu) = (t.elapsed().as_secs_f64(), thread_cpu() - c);
        drop(jieba);
        let (wall, cpu, peak) = run_command(&yuelan, p, &args)?;
        println!(
            "{mb:.1} MB ({tags} tags): jieba load {load_wall:.2} s wall / {load_cpu:.2} CPU-s, tag {tag_wall:.2} s / {tag_cpu:.2} CPU-s ({:.1} MB/s); \
             the command {wall:.2} s wall / {cpu:.2} CPU-s ({:.2} MB/s wall), peak {peak:.0} MB = {:.1}× the input",
            mb / tag_wall.max(1e-9),
            mb / wall.max(1e-9),
            peak / mb
        );
        println!(
            "  (a) against jieba.tag alone: {:.3}× by CPU, {:.3}× by wall",
            tag_cpu / cpu.max(1e-9),
            tag_wall / wall.max(1e-9)
        );
        println!(
            "  (b) jieba's load counted on its side: {:.3}× by CPU, {:.3}× by wall",
            (load_cpu + tag_cpu) / cpu.max(1e-9),
            (load_wall + tag_wall) / wall.max(1e-9)
        );
        points.push((mb, tag_cpu, tag_wall, cpu, wall));
    }
    if let [(m1, jc1, jw1, c1, w1), (m2, jc2, jw2, c2, w2)] = points[..] {
        let dm = (m2 - m1).max(1e-9);
        println!(
            "  (c) marginal, {m1:.1} → {m2:.1} MB: jieba.tag {:.3} CPU-s/MB ({:.3} s/MB wall), the command {:.3} CPU-s/MB ({:.3} s/MB wall) = {:.3}× by CPU, {:.3}× by wall",
            (jc2 - jc1) / dm,
            (jw2 - jw1) / dm,
            (c2 - c1) / dm,
            (w2 - w1) / dm,
            (jc2 - jc1) / (c2 - c1).max(1e-9),
            (jw2 - jw1) / (w2 - w1).max(1e-9),
        );
    }
    Ok(())
}

/// `export` with `YUELAN_BASE`: `runs` rounds, each timing jieba.tag on
/// the text in this process, then the base build's command, then this
/// build's (output to `YUELAN_OUT`, else /dev/null); each run's wall and
/// CPU with its ratio to that round's tagging, and the medians.
fn alternate(
    base: &std::path::Path,
    new: &std::path::Path,
    path: &str,
    args: &[&str],
    runs: usize,
) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(path)?;
    let mb = text.len() as f64 / 1e6;
    let jieba = yuelan::annotate::tokens::build_jieba()?;
    let mut rows: [Vec<(f64, f64, f64)>; 2] = [Vec::new(), Vec::new()];
    let mut tags = Vec::new();
    for round in 1..=runs {
        let (t, c) = (Instant::now(), thread_cpu());
        let n = jieba.tag(&text, true).len();
        let (tag_wall, tag_cpu) = (t.elapsed().as_secs_f64(), thread_cpu() - c);
        tags.push(tag_wall);
        println!(
            "round {round}: jieba.tag {mb:.1} MB ({n} tags) {:.0} ms wall / {:.0} ms CPU",
            tag_wall * 1e3,
            tag_cpu * 1e3
        );
        for (k, (name, bin)) in [("base", base), ("this", new)].into_iter().enumerate() {
            let (wall, cpu, peak) = run_command(bin, path, args)?;
            println!(
                "  {name}: the command {:.0} ms wall / {:.0} ms CPU, peak {peak:.0} MB; jieba.tag / command = {:.3}× by wall",
                wall * 1e3,
                cpu * 1e3,
                tag_wall / wall.max(1e-9)
            );
            rows[k].push((wall, cpu, tag_wall));
        }
    }
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let tag = median(tags);
    for (k, name) in ["base", "this"].into_iter().enumerate() {
        let wall = median(rows[k].iter().map(|r| r.0).collect());
        let cpu = median(rows[k].iter().map(|r| r.1).collect());
        let ratio = median(rows[k].iter().map(|r| r.2 / r.0.max(1e-9)).collect());
        println!(
            "median {name}: {:.0} ms wall / {:.0} ms CPU against jieba.tag {:.0} ms: {ratio:.3}× (target ≥ 0.5×)",
            wall * 1e3,
            cpu * 1e3,
            tag * 1e3
        );
    }
    Ok(())
}

/// CPU time of this thread so far, in seconds (`/proc/thread-self/schedstat`:
/// nanoseconds on a CPU), or 0 where there is no such file.
fn thread_cpu() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(0.0, |ns| ns / 1e9)
}

/// (resident, peak) memory of this process in MB, from /proc/self/status.
fn rss() -> (f64, f64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb = |key: &str| {
        status
            .lines()
            .find(|l| l.starts_with(key))
            .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
            .unwrap_or(0.0)
            / 1e3
    };
    (kb("VmRSS:"), kb("VmHWM:"))
}

fn memory(path: &str) -> anyhow::Result<()> {
    use std::mem::size_of;
    use yuelan::model::{Annotation, Token};
    let step = |name: &str| {
        let (now, peak) = rss();
        println!("{name:>34}: resident {now:7.1} MB, peak {peak:7.1} MB");
    };
    step("start");
    let res = Resources::load()?;
    step("dictionaries loaded");
    let doc = yuelan::read::load(std::path::Path::new(path), None)?;
    let mb = doc.text.len() as f64 / 1e6;
    step(&format!("document parsed ({mb:.1} MB)"));
    // `YUELAN_LAYER=1`: with the learner layer, as `yuelan annotate`;
    // else as the browser annotates a big document (no learner layer; the
    // token attrs read for the tokens shown).
    let layer = std::env::var_os("YUELAN_LAYER").is_some();
    let all = yuelan::annotate::layers::LayerSet::ALL;
    let layers = if layer {
        all
    } else {
        all.without(yuelan::model::Layer::Learner)
    };
    let ann = yuelan::annotate::annotate_layers(doc, &res, layers);
    step("annotated");
    // As the browser's worker goes on (`progressive::send_whole`): the
    // entity model released, jieba's splits kept (owned) and jieba
    // dropped, then the view's index, which keeps the splits: the pinyin
    // rows read the attrs of the tokens they show when they show them.
    yuelan::annotate::entities::model::release();
    let splits = (!layer).then(|| {
        let splits = yuelan::dict::reading::SplitMemo::of(
            &res,
            ann.tokens
                .iter()
                .map(|t| ann.doc.span_text(t.span()))
                .filter(|w| w.chars().any(yuelan::dict::is_han)),
        )
        .into_owned();
        drop(res);
        step(&format!(
            "model and jieba let go ({} splits kept)",
            splits.len()
        ));
        splits
    });
    let by_layer =
        |l: yuelan::model::Layer| ann.annotations.iter().filter(|a| a.layer == l).count();
    println!(
        "  {} tokens × {} B = {:.1} MB; {} annotations × {} B = {:.1} MB ({} learner); {} sentences, {} paragraphs",
        ann.tokens.len(),
        size_of::<Token>(),
        (ann.tokens.len() * size_of::<Token>()) as f64 / 1e6,
        ann.annotations.len(),
        size_of::<Annotation>(),
        (ann.annotations.len() * size_of::<Annotation>()) as f64 / 1e6,
        by_layer(yuelan::model::Layer::Learner),
        ann.doc.sentences.len(),
        ann.doc.paragraphs.len(),
    );
    let mut index = yuelan::tui::index::DocIndex::build(&ann);
    index.splits = splits.map(std::sync::Arc::new);
    step("view index built");
    let lines = yuelan::tui::wrap::layout(&ann.doc, 100, Default::default());
    step(&format!("wrapped ({} lines)", lines.len()));
    drop((index, lines, ann));
    step("all dropped (and the dictionaries but CC-CEDICT, in the browser's order)");
    Ok(())
}
