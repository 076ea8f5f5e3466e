//! The full-text index of a big corpus (issue 19, point 4): built from the
//! corpus's files, it finds what the scan finds; a changed file is indexed
//! again and an unchanged one is not; small corpora keep the scan.

use std::path::Path;
use yuelan::corpus::Corpus;
use yuelan::corpus::fulltext;
use yuelan::corpus::search::Query;

const TEXTS: [&str; 4] = [
    "青禾县农村电商\n\n今年全县农村网络零售额达到7.3亿元，同比增长34.3%。",
    "暴雨预警\n\n气象台发布暴雨蓝色预警，提醒市民注意出行安全。",
    "新能源汽车\n\n新能源汽车出口增长迅速，电池企业扩大产能，ＧＤＰ贡献上升。",
    "图书馆\n\n市图书馆延长开放时间，方便读者借阅。",
];

fn write(dir: &Path) -> anyhow::Result<()> {
    for (i, t) in TEXTS.iter().enumerate() {
        std::fs::write(dir.join(format!("{i}.txt")), t)?;
    }
    Ok(())
}

fn hits(corpus: &Corpus, q: &str) -> Vec<(usize, String)> {
    let Ok(query) = Query::new(q, false) else {
        return Vec::new();
    };
    corpus
        .search_all(&query, 100)
        .hits()
        .map(|h| (h.doc, h.matched.clone()))
        .collect()
}

fn scanned(corpus: &Corpus, q: &str) -> Vec<(usize, String)> {
    let Ok(query) = Query::new(q, false) else {
        return Vec::new();
    };
    corpus
        .search
        .search(&query, 100)
        .hits()
        .map(|h| (h.doc, h.matched.clone()))
        .collect()
}

#[test]
fn index_finds_what_the_scan_finds_and_follows_changes() -> anyhow::Result<()> {
    let tmp = tempfile::tempdir()?;
    let docs = tmp.path().join("docs");
    std::fs::create_dir(&docs)?;
    write(&docs)?;
    let index_dir = tmp.path().join("index");

    let corpus = Corpus::open(std::slice::from_ref(&docs), false);
    assert_eq!(corpus.len(), 4);
    corpus.fulltext.build(&corpus.entries, &index_dir);
    let Some(ready) = corpus.fulltext.ready() else {
        panic!("index not built: {:?}", corpus.fulltext.status());
    };
    assert_eq!(ready.stats.added, 4);
    // Through the index: the same hits as the scan, case- and width-folded.
    for q in ["增长", "暴雨预警", "gdp", "图书馆", "火星"] {
        assert_eq!(hits(&corpus, q), scanned(&corpus, q), "query {q}");
    }
    assert_eq!(hits(&corpus, "增长").len(), 2);
    assert_eq!(hits(&corpus, "gdp"), vec![(2, "ＧＤＰ".to_string())]);
    // Only the index's candidates are searched: a document the index does
    // not name is not.
    let cands = ready.candidates("暴雨")?;
    assert_eq!(cands, Some(vec![1]));
    // Punctuation only: nothing to look up (the scan answers).
    assert_eq!(ready.candidates("，。")?, None);

    // One file changes (another size), the others do not.
    std::fs::write(docs.join("3.txt"), "博物馆\n\n市博物馆推出夜间开放。")?;
    let corpus = Corpus::open(std::slice::from_ref(&docs), false);
    corpus.fulltext.build(&corpus.entries, &index_dir);
    let Some(ready) = corpus.fulltext.ready() else {
        panic!("index not updated: {:?}", corpus.fulltext.status());
    };
    assert_eq!(
        (ready.stats.added, ready.stats.kept, ready.stats.removed),
        (1, 3, 1)
    );
    assert!(hits(&corpus, "图书馆").is_empty());
    assert_eq!(hits(&corpus, "博物馆").len(), 2);

    // A file removed: its document leaves the index.
    std::fs::remove_file(docs.join("1.txt"))?;
    let corpus = Corpus::open(std::slice::from_ref(&docs), false);
    corpus.fulltext.build(&corpus.entries, &index_dir);
    let Some(ready) = corpus.fulltext.ready() else {
        panic!("index not updated: {:?}", corpus.fulltext.status());
    };
    assert_eq!((ready.stats.kept, ready.stats.removed), (3, 1));
    assert_eq!(ready.index.len(), 3);
    Ok(())
}

#[test]
fn a_corrupt_index_on_disk_is_rebuilt() -> anyhow::Result<()> {
    let tmp = tempfile::tempdir()?;
    let docs = tmp.path().join("docs");
    std::fs::create_dir(&docs)?;
    write(&docs)?;
    let index_dir = tmp.path().join("index");
    let corpus = Corpus::open(std::slice::from_ref(&docs), false);
    corpus.fulltext.build(&corpus.entries, &index_dir);
    assert!(corpus.fulltext.ready().is_some());
    // Every file of the index overwritten with garbage.
    for f in std::fs::read_dir(&index_dir)? {
        let p = f?.path();
        std::fs::write(&p, b"\x00garbage")?;
    }
    let corpus = Corpus::open(std::slice::from_ref(&docs), false);
    corpus.fulltext.build(&corpus.entries, &index_dir);
    let Some(ready) = corpus.fulltext.ready() else {
        panic!("not rebuilt: {:?}", corpus.fulltext.status());
    };
    assert_eq!(ready.stats.added, 4);
    assert_eq!(hits(&corpus, "暴雨").len(), 2);
    Ok(())
}

#[test]
fn small_corpora_keep_the_scan() {
    let tmp = tempfile::tempdir().ok();
    let Some(tmp) = tmp else {
        panic!("no temporary directory");
    };
    if write(tmp.path()).is_err() {
        panic!("cannot write the test corpus");
    }
    let corpus = Corpus::open(&[tmp.path().to_path_buf()], false);
    assert!(!fulltext::wanted(corpus.len(), corpus.progress.bytes_total));
    // Nothing built: no index status, and the search is the scan's.
    assert_eq!(corpus.fulltext.status(), None);
    assert!(corpus.fulltext.ready().is_none());
    assert_eq!(hits(&corpus, "增长"), scanned(&corpus, "增长"));
    assert_eq!(hits(&corpus, "增长").len(), 2);
}
