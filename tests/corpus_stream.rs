//! `yuelan annotate DIR --format jsonl`: one line per document in a stable
//! order, failures reported on stderr without stopping the others.

mod corpus_fixture;
use corpus_fixture as common;

use yuelan::corpus::stream::{StreamOptions, annotate_stream, json_line};

#[test]
fn one_line_per_document_in_list_order() {
    let f = common::mixed_corpus();
    let opts = StreamOptions {
        split: false,
        cache: None,
        progress: true, // not a terminal here: no bar
        to_line: &json_line,
        layers: yuelan::annotate::layers::LayerSet::ALL,
        cached_lines: None,
    };
    let mut out = Vec::new();
    let mut err = Vec::new();
    let report =
        annotate_stream(&[f.root().to_path_buf()], &opts, &mut out, &mut err).expect("stream");
    let out = String::from_utf8(out).expect("utf-8");
    let err = String::from_utf8(err).expect("utf-8");
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    assert_eq!(lines.len(), report.written);
    // a, b, (d: GBK) … c (in sub/) — the same order as the document list.
    let texts: Vec<&str> = lines.iter().filter_map(|v| v["text"].as_str()).collect();
    assert_eq!(texts.first().copied(), Some(common::ARTICLE_A));
    assert_eq!(texts.get(1).copied(), Some(common::ARTICLE_B));
    // c is Markdown: its document text is rendered (no `#`, no final newline).
    assert_eq!(
        texts.last().copied(),
        Some(
            "高铁新线开通\n\n成都至重庆的新线今天开通，全程只需一小时。\n\n铁路部门表示，新线每天开行列车六十对。"
        )
    );
    assert!(common::ARTICLE_C.starts_with("# 高铁新线开通\n\n"));
    // The empty file and the dangling link are reported, one line each.
    assert!(err.contains("f_empty.txt: empty file"), "{err}");
    assert!(
        err.lines()
            .all(|l| l.starts_with("yuelan: warning: skipped ")),
        "{err}"
    );
    assert_eq!(err.lines().count(), report.failed);
    assert!(report.failed >= 1);
    assert!(
        !err.contains('\r'),
        "no progress bar when stderr is not a terminal"
    );
}

#[test]
fn split_articles_stream_one_line_each() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("many.txt");
    std::fs::write(
        &path,
        format!("{}\u{c}{}", common::ARTICLE_B, common::ARTICLE_C),
    )
    .expect("write");
    let opts = StreamOptions {
        split: true,
        cache: None,
        progress: false,
        to_line: &json_line,
        layers: yuelan::annotate::layers::LayerSet::ALL,
        cached_lines: None,
    };
    let mut out = Vec::new();
    let report = annotate_stream(&[path], &opts, &mut out, &mut Vec::new()).expect("stream");
    assert_eq!((report.written, report.failed), (2, 0));
    assert_eq!(String::from_utf8_lossy(&out).lines().count(), 2);
}

#[test]
fn nothing_readable_is_one_error() {
    let f = common::mixed_corpus();
    let opts = StreamOptions {
        split: false,
        cache: None,
        progress: false,
        to_line: &json_line,
        layers: yuelan::annotate::layers::LayerSet::ALL,
        cached_lines: None,
    };
    let r = annotate_stream(
        &[f.path("f_empty.txt")],
        &opts,
        &mut Vec::new(),
        &mut Vec::new(),
    );
    let e = r.err().map(|e| format!("{e:#}")).unwrap_or_default();
    assert!(e.ends_with("f_empty.txt: empty file"), "{e}");
    let r = annotate_stream(
        &[f.path("f_empty.txt"), f.path("missing.txt")],
        &opts,
        &mut Vec::new(),
        &mut Vec::new(),
    );
    let e = r.err().map(|e| format!("{e:#}")).unwrap_or_default();
    assert!(e.starts_with("none of the 2 documents can be read"), "{e}");
}

/// A directory gives each document the annotations it gets alone: the
/// learner layer's memo, shared by every document of a process, must not
/// carry one document's context into another (要调 reads tiáo before 整
/// and diào before 查, whichever document the process saw first). Each
/// single-file run is a process of its own, with an empty memo.
#[test]
fn a_directory_run_equals_single_file_runs() {
    use std::process::Command;
    let dir = tempfile::tempdir().expect("tempdir");
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).expect("mkdir");
    let texts = [
        (
            "a.txt",
            "银行调整利率\n\n\u{3000}\u{3000}我们要调整方向。银行行长说，利率还要调低。\n",
        ),
        (
            "b.txt",
            "调查开始\n\n\u{3000}\u{3000}我们要调查原因。他长大了，长得很高，行长也来了。\n",
        ),
        (
            "c.txt",
            "音乐会\n\n\u{3000}\u{3000}这首曲子的调子很长。重庆的重要工作重新开始，银行业行业协会开会。\n",
        ),
    ];
    for (name, text) in texts {
        std::fs::write(docs.join(name), text).expect("write");
    }
    let run = |input: &std::path::Path, cache: &str| -> String {
        let out = Command::new(env!("CARGO_BIN_EXE_yuelan"))
            .arg("annotate")
            .arg(input)
            .args(["--format", "jsonl", "--layers", "all"])
            .env("YUELAN_CACHE_DIR", dir.path().join(cache))
            .env_remove("YUELAN_CONFIG")
            .output()
            .expect("run yuelan");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8")
    };
    let together = run(&docs, "cache-dir");
    let lines: Vec<&str> = together.lines().collect();
    assert_eq!(lines.len(), texts.len());
    for (i, (name, _)) in texts.iter().enumerate() {
        let alone = run(&docs.join(name), &format!("cache-{name}"));
        assert_eq!(lines[i], alone.trim_end(), "{name}");
        let v: serde_json::Value = serde_json::from_str(lines[i]).expect("JSON");
        let words = v["annotations"]
            .as_array()
            .expect("annotations")
            .iter()
            .filter(|a| a["layer"] == "learner")
            .count();
        assert!(words > 5, "{name}: the learner layer is there");
    }
    // Warm (from the cache, the learner layer rebuilt from the memo): the
    // same bytes again.
    assert_eq!(run(&docs, "cache-dir"), together);
}
