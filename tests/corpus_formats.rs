//! Corpus mode reads every format: a directory with one Markdown (front
//! matter), HTML, EPUB, DOCX and plain-text file lists each under its own
//! title (never `---`), searches and opens the rendered text, and
//! `annotate DIR --format jsonl` writes one line for each.

use std::path::{Path, PathBuf};
use yuelan::corpus::Corpus;
use yuelan::corpus::search::Query;
use yuelan::model::Format;

const NOTES: &str = "---\ntitle: \"江边散记\"\nauthor: 许远\ntags: [散文]\n---\n\n# 早晨\n\n**渡口**的石阶上坐着一位卖菱角的老人。\n\n```\n菱角 = 5\n```\n";
const PLAIN: &str = "小城的秋天\n\n桂花开的时候，整条街都是香的。\n";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/formats")
        .join(name)
}

/// A temporary directory with one file of each kind.
fn corpus_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let put = |name: &str, bytes: &[u8]| {
        std::fs::write(dir.path().join(name), bytes).unwrap_or_else(|e| panic!("{name}: {e}"))
    };
    put("a_notes.md", NOTES.as_bytes());
    for (from, to) in [
        ("page.gbk.html", "b_page.html"),
        ("book.epub", "c_book.epub"),
        ("book.docx", "d_book.docx"),
    ] {
        put(to, &std::fs::read(fixture(from)).unwrap_or_default());
    }
    put("e_plain.txt", PLAIN.as_bytes());
    dir
}

#[test]
fn lists_searches_and_opens_every_format() {
    let dir = corpus_dir();
    let corpus = Corpus::open(&[dir.path().to_path_buf()], false);
    assert_eq!(corpus.len(), 5);
    for (i, e) in corpus.entries.iter().enumerate() {
        assert!(e.loaded.is_ok(), "{i}: {:?}", e.failure());
    }
    // Titles before indexing come from the metadata, never the fence.
    let titles: Vec<String> = (0..5).map(|i| corpus.title(i)).collect();
    assert_eq!(
        titles,
        [
            "江边散记",
            "江边早市迎来客流高峰",
            "江城旧事",
            "江城旧事",
            "小城的秋天"
        ]
    );
    let formats: Vec<Format> = (0..5)
        .map(|i| {
            corpus
                .document(i, None)
                .map(|a| a.doc.source.format)
                .unwrap_or_else(|e| panic!("{e}"))
        })
        .collect();
    assert_eq!(
        formats,
        [
            Format::Markdown,
            Format::Html,
            Format::Epub,
            Format::Docx,
            Format::Plain
        ]
    );
    // The list and the search see the document's text, not its markup.
    assert!(!corpus.text(0).contains("title:") && !corpus.text(0).contains("**"));
    assert!(!corpus.text(2).starts_with("PK"));
    // A search hit opens on the same words in the document.
    let q = Query::new("开业年份", false).unwrap_or_else(|e| panic!("{e}"));
    let hits = corpus.search.search(&q, 10);
    let docs: Vec<usize> = hits.groups.iter().map(|g| g.doc).collect();
    assert_eq!(docs, [2, 3], "the table of the EPUB and the DOCX");
    for g in &hits.groups {
        let doc = corpus
            .document(g.doc, None)
            .unwrap_or_else(|e| panic!("{e}"));
        for h in &g.hits {
            assert_eq!(doc.doc.span_text(h.span), "开业年份");
        }
    }
}

#[test]
fn annotate_dir_jsonl_includes_every_format() {
    let dir = corpus_dir();
    let cache = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let run = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_yuelan"))
            .args(["annotate", "--format", "jsonl"])
            .arg(dir.path())
            .env("YUELAN_CACHE_DIR", cache.path())
            .output()
            .unwrap_or_else(|e| panic!("{e}"))
    };
    let out = run();
    // The second run reads the cache: the same lines, styles and meta
    // included.
    let again = run();
    assert_eq!(
        String::from_utf8_lossy(&again.stdout),
        String::from_utf8_lossy(&out.stdout)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    let got: Vec<(&str, &str)> = lines
        .iter()
        .map(|j| {
            (
                j["source"]["format"].as_str().unwrap_or(""),
                j["title"]["text"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("markdown", "江边散记"),
            ("html", "江边早市迎来客流高峰"),
            ("epub", "江城旧事"),
            ("docx", "江城旧事"),
            ("plain", "小城的秋天"),
        ]
    );
    // The model's new fields ride along: block kinds, styles, meta.
    let md = &lines[0];
    assert_eq!(md["meta"]["author"], "许远");
    assert_eq!(md["meta"]["tags"][0], "散文");
    let kinds: Vec<&str> = md["paragraphs"]
        .as_array()
        .map(|a| a.iter().filter_map(|p| p["kind"].as_str()).collect())
        .unwrap_or_default();
    assert!(kinds.contains(&"code"), "{kinds:?}");
    assert_eq!(md["styles"][0]["kind"], "strong");
    assert_eq!(md["styles"][0]["text"], "渡口");
}

/// A broken EPUB or DOCX in a corpus is one failed entry with a one-line
/// reason; the others still open.
#[test]
fn broken_containers_are_failed_entries() {
    let dir = corpus_dir();
    let epub = std::fs::read(fixture("book.epub")).unwrap_or_default();
    std::fs::write(dir.path().join("f_cut.epub"), &epub[..epub.len() / 2])
        .unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(
        dir.path().join("g_fake.docx"),
        "这不是Word文件。".as_bytes(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let corpus = Corpus::open(&[dir.path().to_path_buf()], false);
    assert_eq!(corpus.len(), 7);
    let failed: Vec<(usize, String)> = corpus
        .failures()
        .map(|(i, why)| (i, why.to_string()))
        .collect();
    assert_eq!(failed.len(), 2, "{failed:?}");
    for (i, why) in &failed {
        assert!(*i >= 5 && !why.contains('\n') && !why.is_empty(), "{why}");
    }
    assert!(failed[1].1.contains("DOCX"), "{}", failed[1].1);
}
