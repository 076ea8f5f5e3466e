//! The document list: every file shows, the bad ones with a reason, and
//! none stops the others.

mod corpus_fixture;
use corpus_fixture as common;

use std::path::PathBuf;
use yuelan::corpus::Corpus;
use yuelan::corpus::list;

fn names(c: &Corpus) -> Vec<String> {
    c.entries
        .iter()
        .map(|e| {
            e.path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        })
        .collect()
}

#[test]
fn directory_lists_every_file_with_reasons_for_the_bad_ones() {
    let f = common::mixed_corpus();
    let corpus = Corpus::open(&[f.root().to_path_buf()], false);
    let mut expected = vec![
        "a_economy.txt",
        "b_books.txt",
        "d_gbk.txt",
        "e_image.txt",
        "f_empty.txt",
        "g_locked.txt",
    ];
    if cfg!(unix) {
        expected.push("h_dangling.txt");
    }
    expected.push("c_rail.md"); // sub/ sorts after the files starting with a–h
    assert_eq!(
        names(&corpus),
        expected,
        "sorted, recursive, hidden skipped"
    );

    let by_name = |n: &str| {
        corpus
            .entries
            .iter()
            .find(|e| e.path.ends_with(n))
            .unwrap_or_else(|| panic!("{n} missing"))
    };
    // Good ones load, with their text.
    for n in ["a_economy.txt", "b_books.txt", "c_rail.md"] {
        assert!(by_name(n).loaded.is_ok(), "{n}: {:?}", by_name(n).failure());
    }
    assert_eq!(by_name("a_economy.txt").failure(), None);
    assert_eq!(
        by_name("a_economy.txt")
            .loaded
            .as_ref()
            .map(|l| &*l.text)
            .ok(),
        Some(common::ARTICLE_A)
    );
    assert_eq!(by_name("f_empty.txt").failure(), Some("empty file"));
    if cfg!(unix) {
        let dangling = by_name("h_dangling.txt").failure().unwrap_or("");
        assert!(dangling.contains("dangling"), "{dangling}");
    }
    let locked = by_name("g_locked.txt");
    if common::chmod_blocks_reading(&f.path("g_locked.txt")) {
        assert_eq!(locked.failure(), Some("unreadable: permission denied"));
    } else {
        eprintln!("note: running as root, mode 000 does not stop reading");
        assert!(locked.loaded.is_ok());
    }
    if common::decode_is_real() {
        let bin = by_name("e_image.txt").failure().unwrap_or("");
        assert!(bin.contains("binary"), "{bin}");
        let gbk = by_name("d_gbk.txt");
        assert_eq!(
            gbk.loaded.as_ref().map(|l| &*l.text).ok(),
            Some(common::GBK_TEXT)
        );
        assert_eq!(
            gbk.loaded.as_ref().map(|l| l.encoding.as_str()).ok(),
            Some("GB18030")
        );
    } else {
        eprintln!("note: decode is still the stub; binary and GBK checks skipped");
    }
    // Failures are listed by the corpus too.
    let failed: Vec<usize> = corpus.failures().map(|(i, _)| i).collect();
    assert!(failed.len() >= 2);
}

#[test]
fn several_files_globs_and_missing_paths() {
    let f = common::good_corpus();
    let pattern = format!("{}/*.txt", f.root().display());
    let missing = f.path("missing.txt");
    let nomatch = PathBuf::from(format!("{}/*.docx", f.root().display()));
    let corpus = Corpus::open(
        &[
            f.path("sub/c_rail.md"),
            PathBuf::from(pattern),
            missing.clone(),
            nomatch,
            f.path("sub/c_rail.md"), // named twice: listed once
        ],
        false,
    );
    let labels: Vec<String> = corpus.entries.iter().map(|e| e.label()).collect();
    assert_eq!(labels.len(), 5, "{labels:?}");
    assert!(labels[0].ends_with("c_rail.md"));
    assert!(labels[1].ends_with("a_economy.txt"));
    assert!(labels[2].ends_with("b_books.txt"));
    assert_eq!(
        corpus.entries[3].failure(),
        Some("no such file or directory")
    );
    assert_eq!(
        corpus.entries[4].failure(),
        Some("no file matches this pattern")
    );
}

#[test]
fn recursive_glob() {
    let f = common::good_corpus();
    let found = list::glob(&format!("{}/**/*.md", f.root().display()));
    assert_eq!(found, vec![f.path("sub/c_rail.md")]);
    let all = list::glob(&format!("{}/**/[ab]_*", f.root().display()));
    assert_eq!(all.len(), 2);
}

#[test]
fn a_file_that_vanishes_after_listing_is_reported() {
    let f = common::good_corpus();
    let cands = list::expand(&[f.root().to_path_buf()]);
    assert_eq!(cands.len(), 3);
    std::fs::remove_file(f.path("b_books.txt")).expect("remove");
    let entries = list::load_all(&cands, false);
    assert_eq!(entries.len(), 3);
    assert_eq!(
        entries[1].failure(),
        Some("vanished (deleted after it was listed)")
    );
    assert!(entries[0].loaded.is_ok() && entries[2].loaded.is_ok());
}

#[test]
fn split_articles_makes_one_document_per_article() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("many.txt");
    let text = format!(
        "{}\n\n\n{}\u{c}{}",
        common::ARTICLE_A,
        common::ARTICLE_B,
        common::ARTICLE_C
    );
    std::fs::write(&path, text).expect("write");
    let whole = Corpus::open(std::slice::from_ref(&path), false);
    assert_eq!(whole.len(), 1);
    let split = Corpus::open(&[path], true);
    assert_eq!(split.len(), 3);
    assert_eq!(split.text(0), common::ARTICLE_A.trim_end());
    assert_eq!(split.text(1), common::ARTICLE_B.trim_end());
    assert_eq!(split.text(2), common::ARTICLE_C.trim_end());
    assert!(split.entries[2].label().ends_with("many.txt#3"));
    assert_eq!(split.title(1), "乡村书屋走进山区");
}
