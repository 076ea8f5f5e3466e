//! The cross-document entity index: document and mention counts, filtering,
//! and mentions as a concordance.

mod corpus_fixture;
use corpus_fixture as common;

use std::collections::HashMap;
use yuelan::corpus::Corpus;
use yuelan::corpus::entities::{LABELS, Mention, SortBy};
use yuelan::corpus::index::{DocSummary, IndexMsg, IndexOptions};
use yuelan::model::{EntityLabel, Layer, Span};

/// Mentions found by plain string search for known names, independent of
/// the entity annotator.
fn mentions_by_hand(text: &str, names: &[(&str, &str)]) -> Vec<Mention> {
    let mut v: Vec<Mention> = names
        .iter()
        .flat_map(|(label, name)| {
            let label = EntityLabel::from_name(label).expect("a label the test knows");
            text.match_indices(name).map(move |(i, _)| Mention {
                label,
                name: name.to_string(),
                span: Span::new(i, i + name.len()),
            })
        })
        .collect();
    v.sort_by_key(|m| m.span.start);
    v
}

#[test]
fn counts_documents_and_mentions_and_lists_them_in_context() {
    let f = common::good_corpus();
    let mut corpus = Corpus::open(&[f.root().to_path_buf()], false);
    let names = [
        ("LOC", "杭州"),
        ("ORG", "统计局"),
        ("PER", "王建华"),
        ("PER", "李秀英"),
    ];
    let texts: Vec<String> = (0..corpus.len())
        .map(|i| corpus.text(i).to_string())
        .collect();
    // Arrive out of order, as from parallel workers.
    for doc in [2usize, 0, 1] {
        let summary = DocSummary {
            mentions: mentions_by_hand(&texts[doc], &names),
            ..DocSummary::default()
        };
        corpus.apply(&IndexMsg::Doc {
            doc,
            summary: Box::new(summary),
        });
    }
    let idx = &corpus.entities;
    // 杭州 appears in the title and in the body of A (杭州市统计局).
    assert_eq!(
        idx.get(EntityLabel::Loc, "杭州")
            .map(|s| (s.docs, s.mentions())),
        Some((1, 2))
    );
    assert_eq!(
        idx.get(EntityLabel::Org, "统计局")
            .map(|s| (s.docs, s.mentions())),
        Some((1, 2))
    );
    assert_eq!(
        idx.get(EntityLabel::Per, "李秀英")
            .map(|s| (s.docs, s.mentions())),
        Some((1, 1))
    );
    let people: Vec<&str> = idx
        .list("PER", SortBy::Name)
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    assert_eq!(people, vec!["李秀英", "王建华"]);
    // 杭州 and 统计局 tie on mentions and documents; then by name (code point).
    let top = idx.list("", SortBy::Mentions);
    assert_eq!(top.first().map(|s| s.name.as_str()), Some("杭州"));

    // Mentions as a concordance, in text order, each at its span.
    let hz = idx.get(EntityLabel::Loc, "杭州").expect("杭州");
    let groups = idx.concordance(hz, &corpus.search, None);
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].doc, 0);
    let starts: Vec<usize> = groups[0].hits.iter().map(|h| h.span.start).collect();
    let expect: Vec<usize> = common::ARTICLE_A
        .match_indices("杭州")
        .map(|(i, _)| i)
        .collect();
    assert_eq!(starts, expect);
    assert!(groups[0].hits.iter().all(|h| h.matched == "杭州"));
    // "Elsewhere in the corpus" while reading document 0: nothing else.
    assert!(idx.concordance(hz, &corpus.search, Some(0)).is_empty());
}

#[test]
fn index_agrees_with_the_annotator() {
    let f = common::good_corpus();
    let mut corpus = Corpus::open(&[f.root().to_path_buf()], false);
    corpus.index_blocking(IndexOptions {
        cache: None,
        resources: Some(common::resources()),
        threads: 2,
    });
    // Count PER/ORG/LOC per (label, text) by annotating each document directly.
    let res = common::resources();
    let mut expected: HashMap<(EntityLabel, String), (usize, usize)> = HashMap::new();
    for i in 0..corpus.len() {
        let doc = corpus.document(i, None).expect("open").doc;
        let ann = yuelan::annotate::annotate(doc, &res);
        let mut seen = std::collections::HashSet::new();
        for a in ann.layer(Layer::Entities) {
            let Some(label) = a.entity_label().filter(|l| LABELS.contains(l)) else {
                continue;
            };
            let name = a
                .attr_str("canonical")
                .map(str::to_string)
                .unwrap_or_else(|| ann.doc.span_text(a.span).trim().to_string());
            let key = (label, name);
            let e = expected.entry(key.clone()).or_default();
            e.1 += 1;
            if seen.insert(key) {
                e.0 += 1;
            }
        }
    }
    assert_eq!(corpus.entities.len(), expected.len());
    for ((label, name), (docs, mentions)) in &expected {
        let got = corpus
            .entities
            .get(*label, name)
            .map(|s| (s.docs, s.mentions()));
        assert_eq!(got, Some((*docs, *mentions)), "{label} {name}");
    }
}
