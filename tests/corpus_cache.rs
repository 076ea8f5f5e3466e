//! The annotation cache: a hit for unchanged files, a miss after a change,
//! and a corrupt or stale file ignored and rebuilt.

mod corpus_fixture;
use corpus_fixture as common;

use yuelan::corpus::Corpus;
use yuelan::corpus::cache::{Cache, Lookup, RawEntry, SCHEMA};
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

    // Corrupt one entry: ignored, rebuilt, then a hit again.
    cache
        .put_entry_bytes(
            &after.entries[1],
            b"{\"crate_version\": \"0.1.0\", truncated".to_vec(),
        )
        .expect("corrupt");
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
    // The cached model is exactly the annotated document, keyword weights
    // to the last bit.
    let fresh =
        yuelan::annotate::annotate(c.document(0, None).expect("open").doc, &common::resources());
    match cache.get(entry) {
        Lookup::Hit(ann) => {
            assert_eq!(ann.doc, fresh.doc);
            assert_eq!(ann.tokens, fresh.tokens);
            assert_eq!(ann.annotations, fresh.annotations);
            assert_eq!(ann.keywords, fresh.keywords);
            assert!(!fresh.keywords.document.is_empty());
        }
        other => panic!("expected a hit, got {other:?}"),
    }

    // Other settings (e.g. another glossary): stale.
    let other = Cache::at(cache_dir.path(), 8);
    assert!(matches!(other.get(entry), Lookup::Stale));

    let raw = RawEntry::from_bytes(&cache.entry_bytes(entry).expect("cached")).expect("read");
    assert_eq!(raw.schema, SCHEMA);
    let write = |r: &RawEntry| {
        cache
            .put_entry_bytes(entry, r.encode().expect("encode"))
            .expect("write")
    };
    // Another schema number: stale.
    let mut r = raw.clone();
    r.schema = 999;
    write(&r);
    assert!(matches!(cache.get(entry), Lookup::Stale));
    // The schema before this one (8: keyword words as strings, floats as
    // eight bytes), its body as this one's: stale, not read.
    let mut r = raw.clone();
    r.schema = SCHEMA - 1;
    write(&r);
    assert!(matches!(cache.get(entry), Lookup::Stale));
    // Another crate version: stale.
    let mut r = raw.clone();
    r.header.crate_version = "0.0.0-old".into();
    write(&r);
    assert!(matches!(cache.get(entry), Lookup::Stale));
    // Another text (same file stamp): stale.
    let mut r = raw.clone();
    r.header.text_hash ^= 1;
    write(&r);
    assert!(matches!(cache.get(entry), Lookup::Stale));
    // A well-formed body whose spans do not fit the text: corrupt.
    let mut r = raw.clone();
    let mut body = r.decode_body().expect("body");
    body.doc.paragraphs[0].span.end = 1_000_000;
    r.set_body(&body).expect("encode");
    write(&r);
    assert!(matches!(cache.get(entry), Lookup::Corrupt(_)));
    // Packed tokens that do not add up: corrupt.
    let mut r = raw.clone();
    let mut body = r.decode_body().expect("body");
    body.tokens.lens = vec![3];
    r.set_body(&body).expect("encode");
    write(&r);
    assert!(matches!(cache.get(entry), Lookup::Corrupt(_)));
    // The learner layer is rebuilt from the tokens, not stored; a stored
    // reading for a word that is not there: corrupt.
    let mut r = raw.clone();
    let mut body = r.decode_body().expect("body");
    assert!(body.learner.derived, "the learner layer is derived");
    assert!(
        body.annotations
            .rows()
            .expect("rows decode")
            .iter()
            .all(|a| a.layer != yuelan::model::Layer::Learner),
        "no learner rows stored"
    );
    body.learner.own.push((1_000_000, Vec::new()));
    r.set_body(&body).expect("encode");
    write(&r);
    assert!(matches!(cache.get(entry), Lookup::Corrupt(_)));
    // An annotation label out of the string table: corrupt.
    let mut r = raw.clone();
    let mut body = r.decode_body().expect("body");
    let mut rows = body.annotations.rows().expect("rows decode");
    rows[0].label = 10_000;
    body.annotations.set_rows(&rows);
    r.set_body(&body).expect("encode");
    write(&r);
    assert!(matches!(cache.get(entry), Lookup::Corrupt(_)));
    // A body cut short (as by a crash before the rename was durable): corrupt.
    let good = raw.encode().expect("encode");
    cache
        .put_entry_bytes(entry, good[..good.len() - 7].to_vec())
        .expect("write");
    assert!(matches!(cache.get(entry), Lookup::Corrupt(_)));
    // Restored: a hit again.
    write(&raw);
    assert!(matches!(cache.get(entry), Lookup::Hit(_)));
}

/// A writer killed mid-write (or mid-compaction) leaves the store with
/// part of a record at its end, or a temporary file beside it: the store
/// opens with its old entries, the torn record is never read, and the next
/// write cuts it off.
#[test]
fn a_write_killed_half_way_leaves_the_store_usable() {
    let f = common::good_corpus();
    let cache_dir = tempfile::tempdir().expect("tempdir");
    let cache = Cache::at(cache_dir.path(), 0);
    let paths = [f.root().to_path_buf()];
    let mut c = Corpus::open(&paths, false);
    c.index_blocking(opts(&cache));
    let store = cache.store_file();
    let old = std::fs::read(&store).expect("store");
    // A new version of one entry appended, then the write cut in half.
    let entry = c.entries[1].clone();
    let bytes = cache.entry_bytes(&entry).expect("cached");
    cache.put_entry_bytes(&entry, bytes.clone()).expect("put");
    let new = std::fs::read(&store).expect("store");
    assert!(new.len() > old.len() + bytes.len());
    std::fs::write(&store, &new[..old.len() + bytes.len() / 2]).expect("cut");
    // And a compaction killed before its rename.
    let tmp = cache_dir.path().join(".entries.yls.tmp.99999");
    std::fs::write(&tmp, &new[..new.len() / 3]).expect("tmp");
    let after = Cache::at(cache_dir.path(), 0);
    for e in &c.entries {
        assert!(matches!(after.get(e), Lookup::Hit(_)), "the old entries");
    }
    assert_eq!(after.notes().len(), 1, "{:?}", after.notes());
    // The next write cuts the torn record off.
    std::fs::write(
        f.path("a_economy.txt"),
        common::ARTICLE_A.replace("三千", "四千"),
    )
    .expect("rewrite");
    let mut again2 = Corpus::open(&paths, false);
    again2.index_blocking(opts(&after));
    assert_eq!(from_cache(&again2), vec![false, true, true]);
    let fresh = Cache::at(cache_dir.path(), 0);
    let mut again = Corpus::open(&paths, false);
    again.index_blocking(opts(&fresh));
    assert_eq!(from_cache(&again), vec![true, true, true]);
    assert!(fresh.notes().is_empty(), "{:?}", fresh.notes());
}

/// `annotate DIR --format jsonl` gives the same bytes with an empty cache,
/// a warm cache and no cache at all.
#[test]
fn cached_and_fresh_runs_write_the_same_bytes() {
    use yuelan::corpus::stream::{StreamOptions, annotate_stream, json_line};
    let f = common::good_corpus();
    let cache_dir = tempfile::tempdir().expect("tempdir");
    let run = |cache: Option<Cache>| {
        let opts = StreamOptions {
            split: false,
            cache,
            progress: false,
            to_line: &json_line,
            layers: yuelan::annotate::layers::LayerSet::ALL,
            cached_lines: None,
        };
        let mut out = Vec::new();
        let mut err = Vec::new();
        let report =
            annotate_stream(&[f.root().to_path_buf()], &opts, &mut out, &mut err).expect("stream");
        (out, report)
    };
    let (fresh, _) = run(None);
    // Entries written by the background writer (flushed at the end).
    let (cold, report) = run(Some(
        Cache::at(cache_dir.path(), 0).with_background_writes(),
    ));
    assert_eq!(report.cached, 0);
    let (warm, report) = run(Some(Cache::at(cache_dir.path(), 0)));
    assert_eq!(report.cached, 3);
    assert!(!fresh.is_empty());
    assert_eq!(cold, fresh);
    assert_eq!(warm, fresh);
}

/// One `annotate DIR --format jsonl` run through the library, the tokens
/// written as `tokens` says and the layers `layers` names.
fn stream_run(
    root: &std::path::Path,
    cache: Option<Cache>,
    tokens: yuelan::export::TokenStyle,
    layers: yuelan::annotate::layers::LayerSet,
) -> (Vec<u8>, yuelan::corpus::stream::StreamReport) {
    use yuelan::corpus::stream::{StreamOptions, annotate_stream};
    let to_line = move |ann: &yuelan::model::Annotated, out: &mut Vec<u8>| -> anyhow::Result<()> {
        Ok(yuelan::export::json::write_annotated_escaped(
            out, ann, tokens, false, None,
        )?)
    };
    let opts = StreamOptions {
        split: false,
        cache,
        progress: false,
        to_line: &to_line,
        layers,
        cached_lines: Some(tokens),
    };
    let mut out = Vec::new();
    let mut err = Vec::new();
    let report = annotate_stream(&[root.to_path_buf()], &opts, &mut out, &mut err).expect("stream");
    (out, report)
}

/// A warm run writes what a run without a cache writes, byte for byte, for
/// every way of writing tokens and for layer sets with and without the
/// learner layer (the one layer an entry may lack: an entry written
/// without it is annotated again, with it, when a run asks for it).
#[test]
fn warm_runs_equal_fresh_runs_for_every_tokens_and_layers_option() {
    use yuelan::annotate::layers::LayerSet;
    use yuelan::export::TokenStyle;
    use yuelan::model::Layer;
    let f = common::good_corpus();
    let cache_dir = tempfile::tempdir().expect("tempdir");
    let cache = || Some(Cache::at(cache_dir.path(), 0));
    let sets = [
        ("default", LayerSet::default()),
        ("entities", LayerSet::NONE.with(Layer::Entities)),
        ("all", LayerSet::ALL),
        ("none", LayerSet::NONE),
        // Quotes without the entities their `speaker_id` points to.
        ("quotes", LayerSet::NONE.with(Layer::Quotes)),
    ];
    for (name, layers) in sets {
        for tokens in [TokenStyle::Full, TokenStyle::Compact, TokenStyle::None] {
            let (fresh, _) = stream_run(f.root(), None, tokens, layers);
            let (first, _) = stream_run(f.root(), cache(), tokens, layers);
            let (warm, report) = stream_run(f.root(), cache(), tokens, layers);
            assert_eq!(report.cached, 3, "{name} {tokens:?}: every document cached");
            assert!(!fresh.is_empty());
            assert_eq!(first, fresh, "{name} {tokens:?}: the first cached run");
            assert_eq!(warm, fresh, "{name} {tokens:?}: warm = fresh");
            if layers.learner() {
                assert!(
                    String::from_utf8_lossy(&warm).contains("\"learner\""),
                    "the learner layer is written"
                );
            }
        }
    }
}

/// A file changed since its entry was written is annotated again: with the
/// same size and a new mtime, with the same mtime and a new size, and (its
/// bytes are hashed) with the same size and the same mtime.
#[test]
fn a_changed_file_is_annotated_again_whatever_its_size_and_mtime() {
    use yuelan::annotate::layers::LayerSet;
    use yuelan::export::TokenStyle::Full;
    let f = common::good_corpus();
    let cache_dir = tempfile::tempdir().expect("tempdir");
    let cache = || Some(Cache::at(cache_dir.path(), 0));
    let layers = LayerSet::default();
    let file = f.path("a_economy.txt");
    let mtime = |p: &std::path::Path| {
        std::fs::metadata(p)
            .and_then(|m| m.modified())
            .expect("mtime")
    };
    let set_mtime = |p: &std::path::Path, t: std::time::SystemTime| {
        std::fs::File::options()
            .write(true)
            .open(p)
            .and_then(|h| h.set_modified(t))
            .expect("set mtime");
    };
    stream_run(f.root(), cache(), Full, layers);
    let (_, report) = stream_run(f.root(), cache(), Full, layers);
    assert_eq!(report.cached, 3);

    // What changes, the new text's telling words, whether the mtime moves
    // a second on (else the old one is put back).
    let changes = [
        ("same size, new mtime", "四千亿元", true),
        ("same mtime, new size", "三千零五亿元", false),
        ("same size, same mtime", "五千亿元", false),
    ];
    for (what, words, later) in changes {
        let text = common::ARTICLE_A.replace("三千亿元", words);
        assert_eq!(
            text.len() == common::ARTICLE_A.len(),
            what.starts_with("same size")
        );
        let before = mtime(&file);
        std::fs::write(&file, &text).expect("rewrite");
        let when = if later {
            before + std::time::Duration::from_secs(1)
        } else {
            before
        };
        set_mtime(&file, when);
        assert_eq!(mtime(&file), when);
        let (warm, report) = stream_run(f.root(), cache(), Full, layers);
        assert_eq!(
            report.cached, 2,
            "{what}: only the changed file is annotated again"
        );
        let (fresh, _) = stream_run(f.root(), None, Full, layers);
        assert_eq!(warm, fresh, "{what}: the output is the new text's");
        assert!(
            String::from_utf8_lossy(&warm).contains(words),
            "{what}: the new text is written"
        );
        // And the new entry serves the next run.
        let (_, report) = stream_run(f.root(), cache(), Full, layers);
        assert_eq!(report.cached, 3, "{what}: cached again");
    }
}

/// A warm run reads each file and asks the cache with its bytes before
/// decoding or parsing it; it still writes what a fresh run writes, for
/// texts the entry keeps because they are not the file's bytes (Markdown
/// rendered, GBK decoded, CRLF line ends made LF, a byte-order mark
/// dropped), and when the directory is named another way than when the
/// entries were written (each line names its file as named now).
#[test]
fn warm_runs_of_decoded_and_rendered_texts_under_another_path_equal_fresh_runs() {
    use yuelan::annotate::layers::LayerSet;
    use yuelan::export::TokenStyle::Full;
    let f = common::good_corpus();
    let gbk_text = "北京市交通委员会今天发布了新的规划。\n\n上海市的记者报道了这一消息。\n";
    let (gbk, _, _) = encoding_rs::GBK.encode(gbk_text);
    std::fs::write(f.root().join("d_gbk.txt"), &gbk).expect("write");
    let crlf = "杭州新闻\r\n\r\n杭州市今天召开会议。会议讨论了城市交通。\r\n";
    std::fs::write(f.root().join("e_crlf.txt"), crlf).expect("write");
    let bom = "\u{feff}南京简讯\n\n南京市图书馆延长了开放时间。\n";
    std::fs::write(f.root().join("f_bom.txt"), bom).expect("write");
    let cache_dir = tempfile::tempdir().expect("tempdir");
    let cache = || Some(Cache::at(cache_dir.path(), 0));
    let layers = LayerSet::default();
    // The same directory spelt another way.
    let other = f.root().join("sub").join("..");
    let (fresh, _) = stream_run(&other, None, Full, layers);
    let (first, report) = stream_run(f.root(), cache(), Full, layers);
    assert_eq!(report.cached, 0);
    let (warm, report) = stream_run(&other, cache(), Full, layers);
    assert_eq!(report.cached, 6, "every document from the cache");
    assert_eq!(warm, fresh, "warm under another path = fresh under it");
    let lines = String::from_utf8_lossy(&warm);
    assert!(lines.contains("北京市交通委员会"), "the GBK text decoded");
    assert!(!lines.contains("\\r"), "the CRLF text's line ends made LF");
    assert!(
        lines.contains("/sub/../a_economy.txt"),
        "paths as named now"
    );
    assert_ne!(first, warm, "the first run named the paths the other way");
    // Warm under the first spelling: the first run's lines.
    let (again, report) = stream_run(f.root(), cache(), Full, layers);
    assert_eq!(report.cached, 6);
    assert_eq!(again, first);
}

/// The files a run cannot read are reported as they are without a cache
/// (the lines, the warnings, and the one error when none can be read),
/// though a run with one reads each file only when it comes to it.
#[test]
fn unreadable_files_are_reported_alike_with_and_without_the_cache() {
    use yuelan::annotate::layers::LayerSet;
    use yuelan::corpus::stream::{StreamOptions, annotate_stream, json_line};
    use yuelan::export::TokenStyle::Full;
    let f = common::mixed_corpus();
    let cache_dir = tempfile::tempdir().expect("tempdir");
    let run = |paths: &[std::path::PathBuf], cache: Option<Cache>| {
        let opts = StreamOptions {
            split: false,
            cache,
            progress: false,
            to_line: &json_line,
            layers: LayerSet::default(),
            cached_lines: Some(Full),
        };
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let r = annotate_stream(paths, &opts, &mut out, &mut err);
        (r.map_err(|e| format!("{e:#}")), out, err)
    };
    let all = [f.root().to_path_buf()];
    let (r0, out0, err0) = run(&all, None);
    let report = r0.expect("some documents are readable");
    assert!(report.failed >= 3, "{report:?}");
    assert!(String::from_utf8_lossy(&err0).contains("e_image.txt"));
    for round in ["cold", "warm"] {
        let (r, out, err) = run(&all, Some(Cache::at(cache_dir.path(), 0)));
        let r = r.expect("some documents are readable");
        assert_eq!(
            (r.written, r.failed),
            (report.written, report.failed),
            "{round}"
        );
        assert_eq!(out, out0, "{round}: the lines");
        assert_eq!(err, err0, "{round}: the warnings");
    }
    let none = [f.path("f_empty.txt"), f.path("e_image.txt")];
    let (r0, _, err0) = run(&none, None);
    let (r, out, err) = run(&none, Some(Cache::at(cache_dir.path(), 0)));
    let e = r.err().unwrap_or_default();
    assert!(e.starts_with("none of the 2 documents can be read"), "{e}");
    assert_eq!(Err(e), r0.map(|_| ()));
    assert!(out.is_empty());
    assert_eq!(err, err0, "nothing said before the error");
    let (r, _, _) = run(&none[..1], Some(Cache::at(cache_dir.path(), 0)));
    let e = r.err().unwrap_or_default();
    assert!(e.ends_with("f_empty.txt: empty file"), "{e}");
}

/// A store file that is not one (overwritten, or cut inside its header) is
/// set aside with a one-line note, never a panic: its entries are misses,
/// rebuilt by the next run and hits after it.
#[test]
fn a_damaged_store_file_is_discarded_and_rebuilt_with_a_note() {
    let f = common::good_corpus();
    let paths = [f.root().to_path_buf()];
    for damage in ["overwritten", "truncated"] {
        let cache_dir = tempfile::tempdir().expect("tempdir");
        let cache = Cache::at(cache_dir.path(), 0);
        Corpus::open(&paths, false).index_blocking(opts(&cache));
        let store = cache.store_file();
        let whole = std::fs::read(&store).expect("store");
        match damage {
            "overwritten" => std::fs::write(&store, b"{\"not\": \"a cache store\"}\n"),
            _ => std::fs::write(&store, &whole[..10]),
        }
        .expect("damage");
        let after = Cache::at(cache_dir.path(), 0);
        let mut c = Corpus::open(&paths, false);
        assert!(matches!(after.get(&c.entries[0]), Lookup::Miss), "{damage}");
        assert_eq!(after.notes().len(), 1, "{damage}: {:?}", after.notes());
        assert!(!after.notes()[0].contains('\n'));
        c.index_blocking(opts(&after));
        assert_eq!(from_cache(&c), vec![false, false, false], "{damage}");
        assert!(
            after.notes().iter().any(|n| n.contains("started afresh")),
            "{damage}: {:?}",
            after.notes()
        );
        let fresh = Cache::at(cache_dir.path(), 0);
        let mut warm = Corpus::open(&paths, false);
        warm.index_blocking(opts(&fresh));
        assert_eq!(from_cache(&warm), vec![true, true, true], "{damage}");
        assert!(fresh.notes().is_empty(), "{damage}: {:?}", fresh.notes());
    }
}

/// A run whose writes find the store locked by another process for longer
/// than a writer waits writes its output as usual, without an error: its
/// entries are dropped with a note, and written by a later run.
#[test]
fn a_store_locked_by_another_process_costs_only_the_entries() {
    use yuelan::annotate::layers::LayerSet;
    use yuelan::export::TokenStyle::Full;
    let f = common::good_corpus();
    let cache_dir = tempfile::tempdir().expect("tempdir");
    let (fresh, _) = stream_run(f.root(), None, Full, LayerSet::default());
    let lock = std::fs::File::create(cache_dir.path().join("entries.lock")).expect("lock");
    lock.lock().expect("lock");
    let cache = Cache::at(cache_dir.path(), 0).with_background_writes();
    let (out, report) = stream_run(f.root(), Some(cache.clone()), Full, LayerSet::default());
    cache.flush();
    assert_eq!(out, fresh);
    assert_eq!(report.cached, 0);
    assert!(
        cache.notes().iter().any(|n| n.contains("busy")),
        "{:?}",
        cache.notes()
    );
    drop(lock);
    let (_, report) = stream_run(
        f.root(),
        Some(Cache::at(cache_dir.path(), 0).with_background_writes()),
        Full,
        LayerSet::default(),
    );
    assert_eq!(report.cached, 0, "nothing was written while locked");
    let (out, report) = stream_run(
        f.root(),
        Some(Cache::at(cache_dir.path(), 0)),
        Full,
        LayerSet::default(),
    );
    assert_eq!(report.cached, 3);
    assert_eq!(out, fresh);
}

/// Two `yuelan annotate DIR` processes on one cache directory at once:
/// both succeed with the same output, and every entry either wrote is in
/// the store afterwards, in one file (no entry files).
#[test]
fn two_processes_share_one_cache_directory() {
    let f = common::good_corpus();
    let cache_dir = tempfile::tempdir().expect("tempdir");
    let run = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_yuelan"))
            .args(["annotate"])
            .arg(f.root())
            .args(["--format", "jsonl"])
            .env("YUELAN_CACHE_DIR", cache_dir.path())
            .env_remove("YUELAN_CONFIG")
            .env(
                "XDG_CONFIG_HOME",
                concat!(env!("CARGO_MANIFEST_DIR"), "/target/no-config"),
            )
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("spawn yuelan")
    };
    let (a, b) = (run(), run());
    let a = a.wait_with_output().expect("run");
    let b = b.wait_with_output().expect("run");
    for o in [&a, &b] {
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        assert!(
            o.stderr.is_empty(),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    assert!(!a.stdout.is_empty());
    assert_eq!(a.stdout, b.stdout);
    let c = run().wait_with_output().expect("run");
    assert_eq!(c.stdout, a.stdout, "warm = the two cold runs");
    let dir = cache_dir.path().join("corpus");
    // (Looked up by the library, whose settings may differ from the
    // command's: only that each entry is in the store and whole.)
    let cache = Cache::at(&dir, 0);
    let corpus = Corpus::open(&[f.root().to_path_buf()], false);
    for e in &corpus.entries {
        let bytes = cache.entry_bytes(e).expect("stored");
        let raw = RawEntry::from_bytes(&bytes).expect("whole");
        assert_eq!(raw.schema, SCHEMA);
        assert!(
            raw.header
                .path
                .ends_with(&*e.path.file_name().expect("name").to_string_lossy())
        );
    }
    assert!(cache.notes().is_empty(), "{:?}", cache.notes());
    let files: Vec<_> = std::fs::read_dir(&dir)
        .expect("dir")
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect();
    assert!(files.iter().all(|n| !n.ends_with(".ylc")), "{files:?}");
}
