//! `yuelan annotate FILE --format jsonl` of one big file (1 MB or more) is
//! annotated as one document, as `--format json` is, and meets the cache
//! there: its line is the one a corpus run writes for the file (a
//! directory holding it), cold and warm, and the json document's value.

use std::process::Command;

mod corpus_fixture;
use corpus_fixture as common;

fn run(args: &[&std::ffi::OsStr], cache: &std::path::Path) -> Vec<u8> {
    let out = Command::new(env!("CARGO_BIN_EXE_yuelan"))
        .args(args)
        .env("YUELAN_CACHE_DIR", cache)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

#[test]
fn one_big_files_line_is_the_corpus_runs_cold_and_warm() {
    let dir = tempfile::tempdir().expect("tempdir");
    let docs = dir.path().join("docs");
    std::fs::create_dir_all(&docs).expect("mkdir");
    let big = docs.join("big.txt");
    // Over 1 MiB (yuelan::allocator::MIN_BYTES): the one-document path.
    let mut text = String::new();
    let mut k = 0;
    while text.len() <= 1 << 20 {
        text.push_str(common::ARTICLE_A);
        text.push_str(&format!("\n第{k}期完。\n\n"));
        k += 1;
    }
    std::fs::write(&big, &text).expect("write");
    let one_cache = dir.path().join("cache-one");
    let dir_cache = dir.path().join("cache-dir");
    let jsonl = |path: &std::path::Path, cache: &std::path::Path| {
        run(
            &[
                "annotate".as_ref(),
                path.as_os_str(),
                "--format".as_ref(),
                "jsonl".as_ref(),
            ],
            cache,
        )
    };
    let cold = jsonl(&big, &one_cache);
    let by_corpus = jsonl(&docs, &dir_cache);
    assert_eq!(cold.iter().filter(|&&b| b == b'\n').count(), 1);
    assert!(
        cold == by_corpus,
        "the one-document line is the corpus run's"
    );
    // Its entry was stored: warm, from the cache, the same bytes; and a
    // corpus run reads the entry a one-file run stored, and the other way.
    assert!(one_cache.join("corpus").exists());
    assert!(jsonl(&big, &one_cache) == cold, "warm");
    assert!(
        jsonl(&docs, &one_cache) == cold,
        "a corpus run on its entry"
    );
    assert!(
        jsonl(&big, &dir_cache) == cold,
        "one file on a corpus entry"
    );
    // Which way each run went, as `--timings` tells (its `memory:` lines
    // are the one-document path's phases): annotated as one document and
    // stored when the cache lacks the file, nothing annotated when it
    // has it.
    let timed = |cache: &std::path::Path| {
        let out = Command::new(env!("CARGO_BIN_EXE_yuelan"))
            .args(["--timings", "annotate"])
            .arg(&big)
            .args(["--format", "jsonl"])
            .env("YUELAN_CACHE_DIR", cache)
            .output()
            .expect("runs");
        assert!(out.status.success());
        assert!(out.stdout == cold);
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let fresh = timed(&dir.path().join("cache-fresh"));
    assert!(fresh.contains("memory: layers done and joined"), "{fresh}");
    assert!(fresh.contains("memory: cache entry stored"), "{fresh}");
    let warm = timed(&dir.path().join("cache-fresh"));
    assert!(!warm.contains("memory: segmented"), "{warm}");
    // The json document, on one line.
    let json = run(
        &[
            "annotate".as_ref(),
            big.as_os_str(),
            "--format".as_ref(),
            "json".as_ref(),
        ],
        &one_cache,
    );
    let line: serde_json::Value = serde_json::from_slice(&cold).expect("a JSON line");
    let doc: serde_json::Value = serde_json::from_slice(&json).expect("JSON");
    assert_eq!(line, doc);
}
