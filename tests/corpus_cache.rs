//! The annotation cache: a hit for unchanged files, a miss after a change,
//! and a corrupt or stale file ignored and rebuilt.

mod corpus_fixture;
use corpus_fixture as common;

use yuelan::corpus::Corpus;
use yuelan::corpus::cache::{Cache, Lookup};
use yuelan::corpus::index::IndexOptions;

fn opts(cache: &Cache) -> IndexOptions {
    IndexOptions {
        cache: Some(cache.clone()),
        resources: Some(common::resources()),
        threads: 2,
    }
}

fn from_cache(c: &Corpus) -> Vec<bool> {
    c.summaries
        .iter()
        .map(|s| s.as_ref().is_some_and(|s| s.from_cache))
        .collect()
}

#[test]
fn hit_then_invalidated_by_a_change_then_corrupt_ignored() {
    let f = common::good_corpus();
    let cache_dir = tempfile::tempdir().expect("tempdir");
    let cache = Cache::at(cache_dir.path(), 0);
    let paths = [f.root().to_path_buf()];

    // Cold: nothing cached; every document indexed.
    let mut cold = Corpus::open(&paths, false);
    let warnings = cold.index_blocking(opts(&cache));
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(from_cache(&cold), vec![false, false, false]);
    assert!(cold.progress.finished);
    assert_eq!(cold.progress.done, 3);

    // Warm: all three from the cache, with the same summaries.
    let mut warm = Corpus::open(&paths, false);
    warm.index_blocking(opts(&cache));
    assert_eq!(from_cache(&warm), vec![true, true, true]);
    assert_eq!(warm.progress.cached, 3);
    for (a, b) in cold.summaries.iter().zip(&warm.summaries) {
        let (Some(a), Some(b)) = (a, b) else {
            panic!("summary missing");
        };
        assert_eq!(a.title, b.title);
        assert_eq!(a.mentions, b.mentions);
        assert_eq!(a.tokens, b.tokens);
    }
    // The cached model is the full annotated document.
    let doc = warm.document(0, Some(&cache)).expect("open");
    assert!(!doc.tokens.is_empty(), "cached tokens come back");

    // Change one file (same length: only the content hash can tell).
    let changed = common::ARTICLE_A.replace("三千", "四千");
    assert_eq!(changed.len(), common::ARTICLE_A.len());
    std::fs::write(f.path("a_economy.txt"), &changed).expect("rewrite");
    let mut after = Corpus::open(&paths, false);
    assert!(matches!(cache.get(&after.entries[0]), Lookup::Stale));
    after.index_blocking(opts(&cache));
    assert_eq!(from_cache(&after), vec![false, true, true]);
    let doc = after.document(0, Some(&cache)).expect("open");
    assert!(
        doc.doc.text.contains("四千亿元"),
        "the rebuilt entry has the new text"
    );

    // Corrupt one cache file: ignored, rebuilt, then a hit again.
    let victim = cache.file_for(&after.entries[1]);
    std::fs::write(&victim, b"{\"crate_version\": \"0.1.0\", truncated").expect("corrupt");
    assert!(matches!(cache.get(&after.entries[1]), Lookup::Corrupt(_)));
    let mut again = Corpus::open(&paths, false);
    again.index_blocking(opts(&cache));
    assert_eq!(from_cache(&again), vec![true, false, true]);
    assert!(matches!(cache.get(&again.entries[1]), Lookup::Hit(_)));
}

#[test]
fn other_versions_settings_and_bad_spans_are_not_trusted() {
    let f = common::good_corpus();
    let cache_dir = tempfile::tempdir().expect("tempdir");
    let cache = Cache::at(cache_dir.path(), 7);
    let mut c = Corpus::open(&[f.path("b_books.txt")], false);
    c.index_blocking(opts(&cache));
    let entry = &c.entries[0];
    // The cached model is exactly the annotated document.
    let fresh =
        yuelan::annotate::annotate(c.document(0, None).expect("open").doc, &common::resources());
    match cache.get(entry) {
        Lookup::Hit(ann) => {
            assert_eq!(ann.doc, fresh.doc);
            assert_eq!(ann.tokens, fresh.tokens);
            assert_eq!(ann.annotations, fresh.annotations);
            // Keyword weights are floats (JSON may round the last digit, and
            // ties may come in another order): compare the words.
            let words = |a: &yuelan::model::Annotated| {
                let mut w: Vec<String> =
                    a.keywords.document.iter().map(|k| k.word.clone()).collect();
                w.sort();
                w
            };
            assert_eq!(words(&ann), words(&fresh));
        }
        other => panic!("expected a hit, got {other:?}"),
    }

    // Other settings (e.g. another glossary): stale.
    let other = Cache::at(cache_dir.path(), 8);
    assert!(matches!(other.get(entry), Lookup::Stale));

    let file = cache.file_for(entry);
    let json = std::fs::read_to_string(&file).expect("read cache");
    // Another schema number: stale.
    let schema = format!("\"schema\":{}", yuelan::corpus::cache::SCHEMA);
    assert!(json.contains(&schema));
    std::fs::write(&file, json.replacen(&schema, "\"schema\":999", 1)).expect("write");
    assert!(matches!(cache.get(entry), Lookup::Stale));
    // Another crate version: stale.
    let ver = format!("\"crate_version\":\"{}\"", env!("CARGO_PKG_VERSION"));
    std::fs::write(
        &file,
        json.replacen(&ver, "\"crate_version\":\"0.0.0-old\"", 1),
    )
    .expect("write");
    assert!(matches!(cache.get(entry), Lookup::Stale));
    // Well-formed JSON whose spans do not fit the text: corrupt.
    let mut v: serde_json::Value = serde_json::from_str(&json).expect("json");
    v["annotated"]["doc"]["paragraphs"][0]["span"]["end"] = serde_json::json!(1_000_000);
    std::fs::write(&file, v.to_string()).expect("write");
    assert!(matches!(cache.get(entry), Lookup::Corrupt(_)));
    // Packed tokens that do not add up: corrupt.
    let mut v: serde_json::Value = serde_json::from_str(&json).expect("json");
    v["tokens"]["runs"] = serde_json::json!([0, 3]);
    std::fs::write(&file, v.to_string()).expect("write");
    assert!(matches!(cache.get(entry), Lookup::Corrupt(_)));
    // Restored: a hit again.
    std::fs::write(&file, &json).expect("write");
    assert!(matches!(cache.get(entry), Lookup::Hit(_)));
}
