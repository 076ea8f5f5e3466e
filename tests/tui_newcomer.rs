//! What a newcomer tripped on (issue 17), each checked at 60, 80 and 120
//! columns: status hints fit (most useful first, then …); the details
//! panel wraps English at spaces; at 80×24 the text keeps 16 rows; the
//! corpus preview follows the line-breaking rules; a concordance hit's
//! search carries over so n/N walk every hit; the lead is labelled by its
//! role in the outline.

#[path = "corpus_fixture/mod.rs"]
mod corpus_fixture;
mod tui_support;

use tui_support::*;
use yuelan::corpus::Corpus;
use yuelan::text::no_line_start;
use yuelan::tui::{App, Theme};

const WIDTHS: [u16; 3] = [60, 80, 120];

/// A lead paragraph, then headed sections.
const DOC: &str = "数字经济报告\n\n\
    开头这一段是导语，说明全文的背景和目的。\n\n\
    一、总体情况\n\n\
    去年全省数字经济增加值达到六千亿元，同比增长百分之十四。\n\n\
    二、下一步\n\n\
    要继续推动数字经济和实体经济深度融合。\n";

fn status(app: &App) -> String {
    screen(&render(app)).pop().unwrap_or_default()
}

#[test]
fn status_hints_fit_most_useful_first() {
    for w in WIDTHS {
        let app = app(DOC, w, 24);
        let s = status(&app);
        assert!(s.contains("? help"), "{w}: {s:?}");
        // Whatever is shown of the hints is whole: the last one is either
        // complete or replaced by `…`.
        let hints = yuelan::tui::view::status::hints(&app);
        let shown: Vec<_> = hints
            .iter()
            .filter(|(k, l)| s.contains(&format!("{k} {l}")))
            .collect();
        assert!(!shown.is_empty(), "{w}: {s:?}");
        // They are a prefix of the list (most useful first) …
        for (i, h) in shown.iter().enumerate() {
            assert_eq!(**h, hints[i], "{w}: {s:?}");
        }
        // … and `…` says when some did not fit.
        if shown.len() < hints.len() {
            assert!(s.trim_end().ends_with('…'), "{w}: {s:?}");
        }
        assert!(s.contains("§1/"), "{w}: {s:?}");
    }
    // 120 columns has room for the quit hint too.
    assert!(status(&app(DOC, 120, 24)).contains("q quit"));
}

#[test]
fn details_panel_wraps_english_on_word_boundaries() {
    for w in WIDTHS {
        let app = app(DOC, w, 30);
        let Some(d) = app.areas.details else {
            panic!("{w}: no details panel at {w}x30");
        };
        let inner = yuelan::tui::layout::inner(d);
        let buf = render(&app);
        // With no word selected, the panel explains the keys in English.
        let lines = yuelan::tui::view::details::rows(&app);
        let words: Vec<&str> = lines
            .iter()
            .flat_map(|(_, l)| l.split_whitespace())
            .collect();
        let long = lines.iter().any(|(_, l)| l.len() > inner.width as usize);
        assert!(long, "{w}: the test needs a line that wraps");
        for y in inner.y..inner.y + inner.height.saturating_sub(1) {
            let row = tui_support::row(&buf, y, inner.x, inner.x + inner.width);
            for piece in row.split_whitespace() {
                assert!(
                    words.contains(&piece),
                    "{w}: `{piece}` is a broken word in {row:?}"
                );
            }
        }
    }
}

#[test]
fn at_80x24_the_text_keeps_sixteen_rows() {
    for w in WIDTHS {
        let app = app(DOC, w, 24);
        assert!(
            app.areas.text_inner.height >= 16,
            "{w}x24: {} rows of text",
            app.areas.text_inner.height
        );
        // The details panel is still there, smaller.
        assert!(app.areas.details.is_some(), "{w}x24");
    }
}

#[test]
fn the_details_panel_shrinks_or_folds_so_the_text_keeps_sixteen_rows() {
    for (w, h) in [(80, 24), (60, 20), (120, 40)] {
        let app = app(DOC, w, h);
        assert!(
            app.areas.text_inner.height >= 16,
            "{w}x{h}: {} rows of text",
            app.areas.text_inner.height
        );
        let Some(d) = app.areas.details else {
            panic!("{w}x{h}: no details at all");
        };
        let buf = render(&app);
        let lines = yuelan::tui::view::details::rows(&app);
        let words: Vec<&str> = lines
            .iter()
            .flat_map(|(_, l)| l.split_whitespace())
            .collect();
        if d.height == 1 {
            // Folded: one line under the text, its words whole, `…` where
            // the rest did not fit.
            let row = tui_support::row(&buf, d.y, d.x, d.x + d.width);
            assert!(row.starts_with("No word selected."), "{w}x{h}: {row:?}");
            let row = row.trim_end();
            let cut = row.strip_suffix('…');
            for piece in cut.unwrap_or(row).split_whitespace() {
                assert!(
                    words.contains(&piece),
                    "{w}x{h}: `{piece}` broken in {row:?}"
                );
            }
            assert!(cut.is_some(), "{w}x{h}: the line is longer than {w}");
        } else {
            let scr = screen_text(&buf);
            assert!(scr.contains("Details"), "{w}x{h}:\n{scr}");
        }
    }
    // 60×20 is the short one: folded.
    assert_eq!(app(DOC, 60, 20).areas.details.map(|d| d.height), Some(1));
}

#[test]
fn the_lead_is_labelled_by_its_role() {
    for w in WIDTHS {
        let mut app = app(DOC, w, 24);
        if w < 80 {
            press(&mut app, "o");
        }
        let scr = screen_text(&render(&app));
        assert!(scr.contains("1 (lead)"), "{w}:\n{scr}");
        // Never its first words of body text.
        let outline = app.areas.outline.expect("outline shown");
        let buf = render(&app);
        for y in outline.y..outline.y + outline.height {
            let r = tui_support::row(&buf, y, outline.x, outline.x + outline.width);
            assert!(!r.contains("开头这一段"), "{w}: {r}");
        }
    }
}

fn corpus_app(corpus: Corpus, w: u16, h: u16) -> App {
    let mut app = yuelan::tui::corpus::corpus_app(corpus, None, None);
    app.theme = Theme::dark();
    app.resize(w, h);
    app
}

#[test]
fn a_concordance_hit_carries_its_search_so_n_walks_every_hit() {
    for w in WIDTHS {
        let f = corpus_fixture::good_corpus();
        let corpus = Corpus::open(&[f.root().to_path_buf()], false);
        let mut app = corpus_app(corpus, w, 24);
        press(&mut app, "/");
        type_text(&mut app, "数字经济");
        press(&mut app, "enter");
        assert!(!app.corpus_listing(), "{w}: a document is open");
        let text = app.doc.doc.text.clone();
        let n = text.matches("数字经济").count();
        assert_eq!(app.search.hits.len(), n, "{w}");
        let s = status(&app);
        assert!(s.contains(&format!("/数字经济 1/{n}")), "{w}: {s:?}");
        if n > 1 {
            let before = app.cursor;
            press(&mut app, "n");
            assert_ne!(app.cursor, before, "{w}: n moved");
            assert!(status(&app).contains(&format!("/数字经济 2/{n}")), "{w}");
            press(&mut app, "N");
            assert_eq!(app.cursor, before, "{w}: N came back");
        }
    }
}

#[test]
fn the_corpus_preview_follows_the_line_breaking_rules() {
    let dir = tempfile::tempdir().expect("tempdir");
    // 23 Han characters then a comma: where a width of 46 cells ends.
    let para =
        "一二三四五六七八九十一二三四五六七八九十一二三，后面还有文字》《书名》和百分之五%。";
    let text = format!("标题\n\n{para}{para}{para}\n");
    std::fs::write(dir.path().join("a.txt"), &text).expect("write");
    for w in WIDTHS {
        let corpus = Corpus::open(&[dir.path().to_path_buf()], false);
        let app = corpus_app(corpus, w, 30);
        let scr = screen(&render(&app));
        if w < 100 {
            // No room for a preview beside the list.
            assert!(!scr.iter().any(|r| r.contains("preview")), "{w}");
            continue;
        }
        let top = scr
            .iter()
            .position(|r| r.contains("preview"))
            .expect("preview pane");
        let x0 = scr[top]
            .find("┌ preview")
            .map(|b| scr[top][..b].chars().count());
        assert!(x0.is_some(), "{w}: {}", scr[top]);
        let buf = render(&app);
        let x = buf.area.width.saturating_sub(1).min(
            (0..buf.area.width)
                .rev()
                .find(|&x| buf[(x, top as u16)].symbol() == "┌")
                .unwrap_or(0)
                + 1,
        );
        let mut seen = 0;
        for y in top as u16 + 1..buf.area.height - 2 {
            let r = tui_support::row(&buf, y, x, buf.area.width - 1);
            let first = r.trim_start_matches(' ').chars().next();
            if let Some(c) = first {
                seen += 1;
                assert!(
                    !no_line_start(c),
                    "{w}: a preview row starts with {c}: {r:?}"
                );
            }
        }
        assert!(seen >= 4, "{w}: {seen} preview rows");
    }
}
