//! `yuelan annotate --layers LIST`: which annotation layers are computed and
//! written. The default leaves out the learner layer; `--layers all` is the
//! whole pipeline's output, byte for byte; a list keeps exactly its layers
//! with ids numbered again; a directory run from the cache gives what a
//! fresh run gives, whichever layers the cache entry was written with.

use std::path::Path;

/// A short news item written for these tests: a title, a dateline, a
/// figure, a quote with a named speaker, a repeated sentence.
const NEWS: &str = "青禾县新建十个服务站\n\n\u{3000}\u{3000}2024年3月5日，青禾县政府发布通知，全县新建服务站10个，投入资金1200万元，同比增长12.5%。\n\u{3000}\u{3000}县长王建国说：“今年我们还要再建五个。”\n\u{3000}\u{3000}全县新建服务站10个。\n";
const NEWS2: &str = "南屏镇银行调整利率\n\n\u{3000}\u{3000}我们要调整方向。南屏镇银行行长李秀英说：“利率还要调低。”\n";

mod common;

fn yuelan(args: &[&str], cache: &Path) -> std::process::Output {
    common::yuelan()
        .args(args)
        .env("YUELAN_CACHE_DIR", cache)
        .output()
        .unwrap_or_else(|e| panic!("cannot run yuelan: {e}"))
}

/// `args` then `--format jsonl --layers=LAYERS` (a list may open with
/// `-`), the one output line parsed.
fn annotate_jsonl(args: &[&str], layers: &str, cache: &Path) -> serde_json::Value {
    let layers = format!("--layers={layers}");
    let mut all = args.to_vec();
    all.extend(["--format", "jsonl", &layers]);
    json(&stdout(&yuelan(&all, cache)))
}

fn stdout(o: &std::process::Output) -> String {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout.clone()).unwrap_or_else(|e| panic!("utf-8: {e}"))
}

fn json(s: &str) -> serde_json::Value {
    serde_json::from_str(s).unwrap_or_else(|e| panic!("JSON: {e}"))
}

fn annotations(v: &serde_json::Value) -> Vec<serde_json::Value> {
    v["annotations"].as_array().cloned().unwrap_or_default()
}

fn layers_of(v: &serde_json::Value) -> std::collections::BTreeSet<String> {
    annotations(v)
        .iter()
        .filter_map(|a| a["layer"].as_str().map(str::to_string))
        .collect()
}

#[test]
fn all_is_the_whole_pipeline_byte_for_byte_and_the_default_is_it_without_learner() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let file = dir.path().join("news.txt");
    std::fs::write(&file, NEWS).unwrap_or_else(|e| panic!("write: {e}"));
    let f = file.to_string_lossy();
    let all = stdout(&yuelan(
        &["annotate", &f, "--format", "json", "--layers", "all"],
        dir.path(),
    ));
    // The whole pipeline in this process, written as `annotate` writes it.
    let res = yuelan::annotate::Resources::load().unwrap_or_else(|e| panic!("{e:#}"));
    let doc = yuelan::read::load(&file, None).unwrap_or_else(|e| panic!("{e:#}"));
    let whole = yuelan::annotate::annotate(doc, &res);
    let mut expected = Vec::new();
    yuelan::export::json::write_annotated_escaped(
        &mut expected,
        &whole,
        yuelan::export::TokenStyle::Full,
        true,
        None,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    expected.push(b'\n');
    assert_eq!(all.as_bytes(), expected.as_slice());
    let all = json(&all);
    assert!(layers_of(&all).contains("learner"));

    // The default: the same document, the learner layer left out. It is the
    // last in id order, so every other annotation keeps its id.
    let default = json(&stdout(&yuelan(
        &["annotate", &f, "--format", "json"],
        dir.path(),
    )));
    let mut without = all.clone();
    if let Some(list) = without["annotations"].as_array_mut() {
        list.retain(|a| a["layer"] != "learner");
    }
    assert_eq!(default, without);
    assert!(!layers_of(&default).contains("learner"));
    for layer in ["entities", "quantities", "time", "quotes"] {
        assert!(layers_of(&default).contains(layer), "{layer}");
    }
    // +learner is all of them again.
    let plus = json(&stdout(&yuelan(
        &["annotate", &f, "--format", "jsonl", "--layers", "+learner"],
        dir.path(),
    )));
    assert_eq!(plus, all);
}

#[test]
fn a_list_keeps_its_layers_numbered_again_and_references_that_hold() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let file = dir.path().join("news.txt");
    std::fs::write(&file, NEWS).unwrap_or_else(|e| panic!("write: {e}"));
    let f = file.to_string_lossy();
    // `--layers=LIST`: a list may open with `-`.
    let run = |layers: &str| annotate_jsonl(&["annotate", &f], layers, dir.path());
    let full = run("all");
    let speaker_of = |v: &serde_json::Value| -> Option<serde_json::Value> {
        annotations(v)
            .into_iter()
            .find(|a| a["layer"] == "quotes" && a["label"] == "QUOTE")
            .map(|q| q["attrs"].clone())
    };
    let Some(full_quote) = speaker_of(&full) else {
        panic!("the quote is found: {full}");
    };
    assert_eq!(full_quote["speaker_text"], "王建国");

    // Entities and quotes: the quote's speaker_id still names the entity.
    let eq = run("entities,quotes");
    assert_eq!(
        layers_of(&eq).into_iter().collect::<Vec<_>>(),
        ["entities", "quotes"]
    );
    let list = annotations(&eq);
    for (i, a) in list.iter().enumerate() {
        assert_eq!(a["id"], i, "ids are indices");
    }
    let Some(quote) = speaker_of(&eq) else {
        panic!("the quote is kept");
    };
    let id = quote["speaker_id"].as_u64().unwrap_or(u64::MAX) as usize;
    assert_eq!(
        list.get(id).map(|e| e["text"].clone()),
        Some("王建国".into())
    );
    assert_eq!(list[id]["layer"], "entities");

    // Quotes alone: found with the entities' help, but the entities are not
    // written, so the id that would name one goes; the speaker stays.
    let q = run("quotes");
    assert_eq!(layers_of(&q).into_iter().collect::<Vec<_>>(), ["quotes"]);
    let Some(quote) = speaker_of(&q) else {
        panic!("the quote is kept");
    };
    assert_eq!(quote["speaker_text"], "王建国");
    assert!(quote.get("speaker_id").is_none(), "{quote}");
    assert_eq!(annotations(&q)[0]["id"], 0);

    // A layer taken away from the default; none at all.
    let d = run("-time");
    assert!(!layers_of(&d).contains("time"));
    assert!(layers_of(&d).contains("quantities"));
    assert!(annotations(&run("none")).is_empty());
    // The rest of the document does not depend on the layers.
    assert_eq!(run("none")["tokens"], full["tokens"]);
    assert_eq!(run("none")["keywords"], full["keywords"]);
}

#[test]
fn an_unknown_layer_is_a_one_line_error() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let file = dir.path().join("news.txt");
    std::fs::write(&file, NEWS).unwrap_or_else(|e| panic!("write: {e}"));
    let o = yuelan(
        &[
            "annotate",
            &file.to_string_lossy(),
            "--layers",
            "entities,pinyin",
        ],
        dir.path(),
    );
    assert!(!o.status.success());
    assert!(o.stdout.is_empty());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("unknown layer `pinyin`"), "{err}");
}

/// A temporary directory holding `docs/` with the two news articles.
fn two_articles() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).unwrap_or_else(|e| panic!("mkdir: {e}"));
    std::fs::write(docs.join("a.txt"), NEWS).unwrap_or_else(|e| panic!("write: {e}"));
    std::fs::write(docs.join("b.txt"), NEWS2).unwrap_or_else(|e| panic!("write: {e}"));
    (dir, docs)
}

/// The cache serves runs with other layers: an entry written without the
/// learner layer is annotated again for a run that asks for it, and one
/// written with it serves a run that does not; each output equals a run
/// with no cache at all, byte for byte.
#[test]
fn cached_directory_runs_equal_fresh_ones_whatever_the_layers() {
    let (dir, docs) = two_articles();
    let d = docs.to_string_lossy();
    let run = |layers: &str, cache: &str| {
        stdout(&yuelan(
            &["annotate", &d, "--format", "jsonl", "--layers", layers],
            &dir.path().join(cache),
        ))
    };
    let fresh_default = run("default", "fresh-1");
    let fresh_all = run("all", "fresh-2");
    let fresh_time = run("time", "fresh-3");
    assert_ne!(fresh_default, fresh_all);
    // One cache, runs one after another: written without the learner layer,
    // then asked for it (annotated again), then served without it, then
    // with it (from the cache), then a list.
    assert_eq!(run("default", "shared"), fresh_default);
    assert_eq!(run("default", "shared"), fresh_default);
    assert_eq!(run("all", "shared"), fresh_all);
    assert_eq!(run("default", "shared"), fresh_default);
    assert_eq!(run("all", "shared"), fresh_all);
    assert_eq!(run("time", "shared"), fresh_time);
    // A list first (the entry still holds the default layers).
    assert_eq!(run("time", "list-first"), fresh_time);
    assert_eq!(run("default", "list-first"), fresh_default);
}

/// A warm directory run with the default layers loads no dictionary: every
/// document comes from the cache and nothing rebuilds a learner layer.
#[test]
fn a_warm_run_without_the_learner_layer_loads_no_dictionary() {
    let (dir, docs) = two_articles();
    let d = docs.to_string_lossy();
    let run = || {
        yuelan(
            &["--timings", "annotate", &d, "--format", "jsonl"],
            &dir.path().join("cache"),
        )
    };
    let cold = run();
    let cold_err = String::from_utf8_lossy(&cold.stderr).to_string();
    assert!(cold_err.contains("dictionary loads"), "{cold_err}");
    let warm = run();
    let warm_err = String::from_utf8_lossy(&warm.stderr).to_string();
    assert!(!warm_err.contains("dictionary loads"), "{warm_err}");
    assert_eq!(stdout(&warm), stdout(&cold));
}

/// The JSON Lines stage honours `--layers` too.
#[test]
fn the_jsonl_stage_writes_the_layers_asked_for() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let input = dir.path().join("in.jsonl");
    let line = serde_json::json!({ "id": 1, "text": NEWS }).to_string();
    std::fs::write(&input, format!("{line}\n")).unwrap_or_else(|e| panic!("write: {e}"));
    let i = input.to_string_lossy();
    let run =
        |layers: &str| annotate_jsonl(&["annotate", &i, "--input", "jsonl"], layers, dir.path());
    assert!(!layers_of(&run("default")).contains("learner"));
    assert!(layers_of(&run("+learner")).contains("learner"));
    assert_eq!(
        layers_of(&run("time,quantities"))
            .into_iter()
            .collect::<Vec<_>>(),
        ["quantities", "time"]
    );
    assert_eq!(run("all")["id"], 1);
}
