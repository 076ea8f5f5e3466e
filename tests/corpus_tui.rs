//! Corpus mode in the browser (TestBackend): the document list with
//! failures and progress, Enter opens and Backspace returns, corpus search
//! opens the right document at the hit, the entity index lists mentions and
//! opens one, and "elsewhere in the corpus" from the reading view.

mod corpus_fixture;
mod tui_support;
use corpus_fixture as common;

use tui_support::{press, render, screen_text, type_text};
use yuelan::corpus::Corpus;
use yuelan::corpus::entities::Mention;
use yuelan::corpus::index::{DocSummary, IndexMsg, IndexOptions};
use yuelan::model::{EntityLabel, Span};
use yuelan::tui::layers::mentions::Mentions;
use yuelan::tui::{App, Theme};

fn corpus_app(corpus: Corpus, w: u16, h: u16) -> App {
    let mut app = yuelan::tui::corpus::corpus_app(corpus, None, None);
    app.theme = Theme::dark();
    app.resize(w, h);
    app
}

fn position(c: &Corpus, name: &str) -> usize {
    c.entries
        .iter()
        .position(|e| e.path.ends_with(name))
        .unwrap_or_else(|| panic!("{name} not listed"))
}

#[test]
fn list_shows_documents_failures_and_progress_then_opens_and_returns() {
    let f = common::mixed_corpus();
    let corpus = Corpus::open(&[f.root().to_path_buf()], false);
    let a = position(&corpus, "a_economy.txt");
    let b = position(&corpus, "b_books.txt");
    let mut app = corpus_app(Corpus::open(&[f.root().to_path_buf()], false), 120, 30);
    assert!(app.corpus_listing());
    let screen = screen_text(&render(&app));
    assert!(screen.contains("indexing ["), "{screen}");
    assert!(
        screen.contains("杭州数字经济去年增长百分之十四"),
        "{screen}"
    );
    assert!(screen.contains("f_empty.txt: empty file"), "{screen}");
    assert!(screen.contains("h_dangling.txt: dangling"), "{screen}");
    assert!(
        screen.contains("e_image.txt: the input looks binary"),
        "{screen}"
    );

    // Index (as the worker would) and fold the messages in.
    let indexer = corpus.index(IndexOptions {
        cache: None,
        resources: Some(common::resources()),
        threads: 2,
    });
    for msg in indexer.rx.iter() {
        let done = matches!(msg, IndexMsg::Done(_));
        app.corpus_index_msg(msg);
        if done {
            break;
        }
    }
    indexer.join();
    let screen = screen_text(&render(&app));
    assert!(screen.contains("indexed 8 documents"), "{screen}");
    assert!(
        screen.contains("2017-02-20"),
        "the date found in A: {screen}"
    );

    // j to B, Enter opens it into the outline + text view.
    for _ in 0..b {
        press(&mut app, "j");
    }
    press(&mut app, "enter");
    assert!(!app.corpus_listing());
    assert_eq!(&*app.doc.doc.text, common::ARTICLE_B);
    let screen = screen_text(&render(&app));
    assert!(screen.contains("乡村书屋走进山区"), "{screen}");
    // Backspace returns to the list, B still selected.
    press(&mut app, "backspace");
    assert!(app.corpus_listing());
    assert_eq!(app.corpus.as_ref().map(|c| c.selected), Some(b));
    // A failed document does not open; the reason is shown.
    let empty = position(&corpus, "f_empty.txt");
    while app.corpus.as_ref().map(|c| c.selected) != Some(empty) {
        press(&mut app, if empty > b { "j" } else { "k" });
    }
    press(&mut app, "enter");
    assert!(app.corpus_listing());
    assert!(
        app.message
            .as_deref()
            .is_some_and(|m| m.ends_with("empty file"))
    );
    let _ = a;
}

#[test]
fn corpus_search_opens_the_right_document_at_the_hit() {
    let f = common::good_corpus();
    let corpus = Corpus::open(&[f.root().to_path_buf()], false);
    let b = position(&corpus, "b_books.txt");
    let mut app = corpus_app(corpus, 120, 30);
    press(&mut app, "/");
    assert_eq!(app.top_layer(), Some("corpus search"));
    type_text(&mut app, "数字经济");
    let screen = screen_text(&render(&app));
    assert!(screen.contains("3 hits in 2 documents"), "{screen}");
    assert!(
        screen.contains("书屋的图书大多来自社会捐赠，数字经济类读物"),
        "{screen}"
    );
    // The third hit is in B; Enter opens B with the cursor on it.
    let down = yuelan::tui::keymap::Key::plain(crossterm::event::KeyCode::Down);
    app.handle_key(down.to_event());
    app.handle_key(down.to_event());
    let enter = yuelan::tui::keymap::Key::plain(crossterm::event::KeyCode::Enter);
    app.handle_key(enter.to_event());
    assert_eq!(app.corpus.as_ref().and_then(|c| c.reading), Some(b));
    let at = common::ARTICLE_B.find("数字经济").unwrap_or(0);
    assert_eq!(app.cursor, Some(at));
    // The hit's search carries over: n/N walk every 数字经济 in B.
    let in_b: Vec<Span> = common::ARTICLE_B
        .match_indices("数字经济")
        .map(|(i, m)| Span::new(i, i + m.len()))
        .collect();
    assert_eq!(app.search.hits, in_b);
    assert_eq!(app.search.current, in_b.iter().position(|h| h.start == at));
    assert!(app.layers().is_empty());
}

#[test]
fn entity_index_lists_mentions_and_opens_one_and_elsewhere_works() {
    let f = common::good_corpus();
    let corpus = Corpus::open(&[f.root().to_path_buf()], false);
    let a = position(&corpus, "a_economy.txt");
    let b = position(&corpus, "b_books.txt");
    // Mentions found by string search (independent of the entity layer):
    // 数字经济 as a pretend ORG in A (twice) and B (once).
    let texts: Vec<String> = (0..corpus.len())
        .map(|i| corpus.text(i).to_string())
        .collect();
    let mut app = corpus_app(corpus, 120, 30);
    for (doc, text) in texts.iter().enumerate() {
        let mentions: Vec<Mention> = text
            .match_indices("数字经济")
            .map(|(i, m)| Mention {
                label: EntityLabel::Org,
                name: m.into(),
                span: Span::new(i, i + m.len()),
            })
            .chain(text.match_indices("王建华").map(|(i, m)| Mention {
                label: EntityLabel::Per,
                name: m.into(),
                span: Span::new(i, i + m.len()),
            }))
            .collect();
        app.corpus_index_msg(IndexMsg::Doc {
            doc,
            summary: Box::new(DocSummary {
                mentions,
                ..DocSummary::default()
            }),
        });
    }
    press(&mut app, "e");
    assert_eq!(app.top_layer(), Some("corpus entities"));
    let screen = screen_text(&render(&app));
    assert!(screen.contains("2 entities"), "{screen}");
    type_text(&mut app, "数字");
    let screen = screen_text(&render(&app));
    assert!(screen.contains("1 entities"), "{screen}");
    assert!(screen.contains("ORG 数字经济"), "{screen}");
    let enter = yuelan::tui::keymap::Key::plain(crossterm::event::KeyCode::Enter);
    app.handle_key(enter.to_event());
    let Some(m) = app.top_as::<Mentions>() else {
        panic!("mentions overlay expected");
    };
    assert_eq!(m.hits.len(), 3);
    let screen = screen_text(&render(&app));
    assert!(screen.contains("3 mentions in 2 documents"), "{screen}");
    // j moves to the second mention; Enter (through the key table) opens
    // it: A, at its second 数字经济.
    press(&mut app, "j");
    press(&mut app, "enter");
    assert_eq!(app.corpus.as_ref().and_then(|c| c.reading), Some(a));
    let second = common::ARTICLE_A
        .match_indices("数字经济")
        .nth(1)
        .map(|(i, _)| i);
    assert_eq!(app.cursor, second);

    // Elsewhere: with no entity annotation under the cursor, the key explains.
    press(&mut app, "O");
    assert!(app.message.is_some());
    assert!(app.layers().is_empty());
    // With one (A's model carrying the ORG annotation), O lists the mention
    // in B only, and Enter opens B there.
    let mut ann = (*app.doc).clone();
    let at = second.unwrap_or(0);
    ann.annotations = vec![yuelan::model::Annotation {
        id: 0,
        ..yuelan::model::Annotation::new(
            yuelan::model::Layer::Entities,
            "ORG",
            Span::new(at, at + "数字经济".len()),
        )
    }];
    app.open_document(std::sync::Arc::new(ann), "a_economy.txt", None);
    app.cursor = Some(at + 3);
    press(&mut app, "O");
    let Some(m) = app.top_as::<Mentions>() else {
        panic!("elsewhere overlay expected, message {:?}", app.message);
    };
    assert_eq!(m.except, Some(a));
    assert_eq!(m.hits.iter().map(|h| h.doc).collect::<Vec<_>>(), vec![b]);
    let screen = screen_text(&render(&app));
    assert!(screen.contains("elsewhere in the corpus"), "{screen}");
    press(&mut app, "enter");
    assert_eq!(app.corpus.as_ref().and_then(|c| c.reading), Some(b));
    assert_eq!(app.cursor, common::ARTICLE_B.find("数字经济"));
}
