//! Cross-document search: a term in two documents, found with the right
//! document and offsets, and the hit opens the right document there.

mod corpus_fixture;
use corpus_fixture as common;

use yuelan::corpus::Corpus;
use yuelan::corpus::search::Query;

#[test]
fn finds_a_term_in_two_documents_and_opens_the_right_one() {
    let f = common::mixed_corpus();
    let corpus = Corpus::open(&[f.root().to_path_buf()], false);
    let q = Query::new("数字经济", false).expect("query");
    let r = corpus.search.search(&q, 1000);
    // ARTICLE_A has it twice (title and body), ARTICLE_B once.
    assert_eq!(r.groups.len(), 2, "{r:?}");
    assert_eq!(r.total, 3);
    let a = corpus
        .entries
        .iter()
        .position(|e| e.path.ends_with("a_economy.txt"))
        .expect("a listed");
    let b = corpus
        .entries
        .iter()
        .position(|e| e.path.ends_with("b_books.txt"))
        .expect("b listed");
    assert_eq!(r.groups[0].doc, a);
    assert_eq!(r.groups[1].doc, b);
    let first_a: Vec<usize> = common::ARTICLE_A
        .match_indices("数字经济")
        .map(|(i, _)| i)
        .collect();
    let got_a: Vec<usize> = r.groups[0].hits.iter().map(|h| h.span.start).collect();
    assert_eq!(got_a, first_a);
    let hit_b = &r.groups[1].hits[0];
    assert_eq!(Some(hit_b.span.start), common::ARTICLE_B.find("数字经济"));
    assert_eq!(hit_b.span.len(), "数字经济".len());
    // The concordance line: context on the same line.
    assert_eq!(hit_b.matched, "数字经济");
    assert!(
        hit_b.left.ends_with("书屋的图书大多来自社会捐赠，"),
        "{}",
        hit_b.left
    );
    assert!(
        hit_b.right.starts_with("类读物也很受欢迎"),
        "{}",
        hit_b.right
    );

    // Opening the hit: the document of that file, with the term at the span.
    let doc = corpus.document(hit_b.doc, None).expect("open");
    assert!(
        doc.doc
            .source
            .path
            .as_deref()
            .is_some_and(|p| p.ends_with("b_books.txt"))
    );
    assert_eq!(doc.doc.span_text(hit_b.span), "数字经济");
    // The hit falls inside a paragraph of the parsed document.
    assert!(doc.doc.paragraph_at(hit_b.span.start).is_some());
}

#[test]
fn regex_search_and_latin_case() {
    let f = common::good_corpus();
    let corpus = Corpus::open(&[f.root().to_path_buf()], false);
    let q = Query::new(r"\d{4}年\d{1,2}月", true).expect("regex");
    let r = corpus.search.search(&q, 100);
    assert_eq!(r.total, 1);
    assert_eq!(
        r.hits().next().map(|h| h.matched.as_str()),
        Some("2017年2月")
    );
    let none = Query::new("不存在的词", false).expect("query");
    assert_eq!(corpus.search.search(&none, 100).total, 0);
    let empty = Query::new("", false).expect("query");
    assert_eq!(corpus.search.search(&empty, 100).total, 0);
}

#[test]
fn searching_a_large_corpus_stays_complete() {
    // 500 generated documents: every one mentions its own number once, and
    // every tenth mentions a shared term.
    let texts: Vec<std::sync::Arc<str>> = (0..500)
        .map(|i| {
            let extra = if i % 10 == 0 { "共同关键词" } else { "" };
            std::sync::Arc::from(format!("{}第{i}号文件{extra}。\n", common::ARTICLE_C))
        })
        .collect();
    let idx = yuelan::corpus::search::SearchIndex::new(texts);
    let q = Query::new("共同关键词", false).expect("query");
    let r = idx.search(&q, 10_000);
    assert_eq!(r.total, 50);
    assert!(!r.truncated);
    let docs: Vec<usize> = r.groups.iter().map(|g| g.doc).collect();
    assert_eq!(docs, (0..500).step_by(10).collect::<Vec<_>>());
}
