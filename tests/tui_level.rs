//! The reading level in the browser at 80×24, driven by keys through the
//! key table and drawn into a TestBackend: `9` tints words above the
//! reader's HSK level, `<` `>` step the level (shown in the status bar),
//! `K` marks the word under the cursor known (saved at once; again:
//! unknown), `U` tints unknown words only; the details panel shows the
//! word's HSK 3.0 and 2.0 levels, rank and whether it is known.

mod tui_support;

use ratatui::buffer::Buffer;
use ratatui::style::Modifier;
use tui_support::*;
use yuelan::learner::known::KnownWords;
use yuelan::tui::App;

// HSK 3.0 levels (data/hsk/hsk.tsv): 喜欢 1, 研究 4, 放弃 5, 控制 5,
// 阿拉伯语 7-9; 蝴蝶 is only in HSK 2.0 (level 5); 王小明 is a name,
// 三十五 a number, iPhone a Latin word.
const TEXT: &str = "我喜欢研究阿拉伯语。\n王小明放弃了控制，买了三十五个iPhone，看蝴蝶。\n";

fn level_app(dir: &tempfile::TempDir) -> App {
    let mut app = app(TEXT, 80, 24);
    app.learner.level.known_path = Some(dir.path().join("known_words.json"));
    app
}

fn put_cursor(app: &mut App, word: &str) {
    let pos = app.doc.doc.text.find(word).expect("word in text");
    app.cursor = Some(pos);
}

/// Whether every cell of `word` (its first occurrence) carries the tint
/// (the dark theme's level tint: underlined).
fn tinted(app: &App, buf: &Buffer, word: &str) -> bool {
    let start = app.doc.doc.text.find(word).expect("word in text");
    let cells = cells_of(app, start, start + word.len());
    assert!(!cells.is_empty(), "{word} is not on screen");
    cells.iter().all(|&(x, y)| {
        buf.cell((x, y))
            .is_some_and(|c| c.modifier.contains(Modifier::UNDERLINED))
    })
}

/// The details panel's rows, inside its borders, joined by spaces (its
/// lines wrap at spaces).
fn details(app: &App, buf: &Buffer) -> String {
    let d = app.areas.details.expect("details panel");
    (d.y + 1..d.y + d.height - 1)
        .map(|y| row(buf, y, d.x + 1, d.x + d.width - 1).trim().to_string())
        .collect::<Vec<_>>()
        .join(" ")
}

fn status(buf: &Buffer) -> String {
    screen(buf).last().cloned().unwrap_or_default()
}

#[test]
fn the_tint_marks_words_above_the_level_and_steps_with_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = level_app(&dir);
    let buf = render(&app);
    assert!(!tinted(&app, &buf, "阿拉伯语"), "no tint before 9");
    press(&mut app, "9");
    let buf = render(&app);
    assert!(status(&buf).contains("HSK>4"), "{}", status(&buf));
    assert!(tinted(&app, &buf, "阿拉伯语"));
    assert!(tinted(&app, &buf, "放弃") && tinted(&app, &buf, "控制"));
    assert!(!tinted(&app, &buf, "喜欢") && !tinted(&app, &buf, "研究"));
    // Outside HSK 3.0, names, numbers: not above any level.
    assert!(!tinted(&app, &buf, "蝴蝶") && !tinted(&app, &buf, "王小明"));
    // Up to 5: 放弃 and 控制 are at the level now.
    press(&mut app, ">");
    let buf = render(&app);
    assert!(status(&buf).contains("HSK>5"), "{}", status(&buf));
    assert!(!tinted(&app, &buf, "放弃") && tinted(&app, &buf, "阿拉伯语"));
    // Up to 7-9 (and no further): nothing is above it.
    press(&mut app, "> > >");
    let buf = render(&app);
    assert!(status(&buf).contains("HSK>7-9"), "{}", status(&buf));
    assert!(!tinted(&app, &buf, "阿拉伯语"));
    // Down to 1: 研究 (level 4) is above it.
    press(&mut app, "< < < < < < <");
    let buf = render(&app);
    assert!(status(&buf).contains("HSK>1"), "{}", status(&buf));
    assert!(tinted(&app, &buf, "研究") && !tinted(&app, &buf, "喜欢"));
    // 9 again: off.
    press(&mut app, "9");
    let buf = render(&app);
    assert!(!status(&buf).contains("HSK>"), "{}", status(&buf));
    assert!(!tinted(&app, &buf, "研究"));
}

#[test]
fn marking_a_word_known_saves_it_and_lifts_its_tint() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("known_words.json");
    let mut app = level_app(&dir);
    press(&mut app, "9");
    put_cursor(&mut app, "阿拉伯语");
    assert!(tinted(&app, &render(&app), "阿拉伯语"));
    press(&mut app, "K");
    assert_eq!(app.message.as_deref(), Some("阿拉伯语 marked known"));
    // Written at once, through the known-word list.
    let on_disk = KnownWords::open(&path).expect("list");
    assert!(on_disk.is_known("阿拉伯语"));
    let buf = render(&app);
    assert!(
        !tinted(&app, &buf, "阿拉伯语"),
        "a known word is not tinted"
    );
    assert!(tinted(&app, &buf, "放弃"), "other words keep theirs");
    // The details panel says so.
    assert!(
        screen_text(&buf).contains("· known"),
        "{}",
        screen_text(&buf)
    );
    // Again: unknown, tinted again, and the file says so.
    press(&mut app, "K");
    assert_eq!(app.message.as_deref(), Some("阿拉伯语 marked unknown"));
    assert!(!KnownWords::open(&path).expect("list").is_known("阿拉伯语"));
    assert!(tinted(&app, &render(&app), "阿拉伯语"));
}

#[test]
fn marks_merge_with_what_another_process_saved() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("known_words.json");
    let mut app = level_app(&dir);
    press(&mut app, "9");
    // Another yuelan saves a word after this one opened the list.
    let mut other = KnownWords::open(&path).expect("list");
    other.set("蝴蝶", true);
    other.save().expect("save");
    put_cursor(&mut app, "控制");
    press(&mut app, "K");
    let on_disk = KnownWords::open(&path).expect("list");
    assert!(on_disk.is_known("控制") && on_disk.is_known("蝴蝶"));
}

#[test]
fn a_broken_list_is_never_overwritten() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("known_words.json");
    std::fs::write(&path, "{ not json").expect("write");
    let mut app = level_app(&dir);
    put_cursor(&mut app, "控制");
    press(&mut app, "K");
    let msg = app.message.clone().unwrap_or_default();
    assert!(msg.contains("not marked"), "{msg}");
    assert_eq!(
        std::fs::read_to_string(&path).ok().as_deref(),
        Some("{ not json")
    );
}

#[test]
fn unknown_only_tints_what_the_reader_does_not_know() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = level_app(&dir);
    press(&mut app, "U");
    let buf = render(&app);
    assert!(status(&buf).contains("unknown(HSK4)"), "{}", status(&buf));
    // Above the level, and outside HSK 3.0: unknown.
    assert!(tinted(&app, &buf, "阿拉伯语") && tinted(&app, &buf, "蝴蝶"));
    // At or below the level: known.
    assert!(!tinted(&app, &buf, "喜欢") && !tinted(&app, &buf, "研究"));
    // Names, numbers and Latin words never count as unknown.
    assert!(!tinted(&app, &buf, "王小明"));
    assert!(!tinted(&app, &buf, "三十五"));
    assert!(!tinted(&app, &buf, "iPhone"));
    put_cursor(&mut app, "蝴蝶");
    press(&mut app, "K");
    assert!(!tinted(&app, &render(&app), "蝴蝶"));
    // U again: back to words above the level.
    press(&mut app, "U");
    let buf = render(&app);
    assert!(status(&buf).contains("HSK>4"), "{}", status(&buf));
}

#[test]
fn details_show_hsk_levels_rank_and_knowledge() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = level_app(&dir);
    put_cursor(&mut app, "放弃");
    let scr = details(&app, &render(&app));
    // 放弃: HSK 3.0 level 5, HSK 2.0 level 4, rank 994 (data/hsk/hsk.tsv).
    assert!(scr.contains("HSK 5 (2.0: 4) · #994 · unknown"), "{scr}");
    put_cursor(&mut app, "喜欢");
    let scr = details(&app, &render(&app));
    assert!(scr.contains("HSK 1 (2.0: 1)"), "{scr}");
    assert!(scr.contains("known (≤4)"), "{scr}");
    put_cursor(&mut app, "蝴蝶");
    let scr = details(&app, &render(&app));
    assert!(scr.contains("HSK – (2.0: 5)"), "{scr}");
    put_cursor(&mut app, "看");
    let scr = details(&app, &render(&app));
    assert!(scr.contains("看   v verb   ×1 in document"), "{scr}");
    // A name outside HSK: nothing to say.
    put_cursor(&mut app, "王小明");
    let scr = details(&app, &render(&app));
    assert!(!scr.contains("not in HSK"), "{scr}");
}

#[test]
fn the_config_sets_the_level() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = level_app(&dir);
    let config = match yuelan::config::Config::parse_str("hsk_level = 6\n", "config.toml") {
        Ok(c) => c,
        Err(e) => panic!("{e}"),
    };
    match yuelan::tui::settings::Settings::from_config(&config) {
        Ok(settings) => app.apply_settings(&settings),
        Err(e) => panic!("{e}"),
    }
    press(&mut app, "9");
    let buf = render(&app);
    assert!(status(&buf).contains("HSK>6"), "{}", status(&buf));
    assert!(tinted(&app, &buf, "阿拉伯语") && !tinted(&app, &buf, "放弃"));
}

/// Corpus mode: a document list whose documents' words are given by hand
/// (as the indexer would send them).
fn corpus_with_words(dir: &tempfile::TempDir, docs: &[(&str, &[(&str, &str)])]) -> App {
    for (name, _) in docs {
        std::fs::write(dir.path().join(name), format!("{name}\n我喜欢阿拉伯语。\n"))
            .expect("write");
    }
    let corpus = yuelan::corpus::Corpus::open(&[dir.path().to_path_buf()], false);
    let mut app = yuelan::tui::corpus::corpus_app(corpus, None, None);
    app.theme = yuelan::tui::Theme::dark();
    app.resize(80, 24);
    app.learner.level.known_path = Some(dir.path().join("known_words.json"));
    for (name, words) in docs {
        let doc = app
            .corpus
            .as_ref()
            .and_then(|c| c.corpus.entries.iter().position(|e| e.path.ends_with(name)))
            .expect("listed");
        app.corpus_index_msg(yuelan::corpus::IndexMsg::Doc {
            doc,
            summary: Box::new(yuelan::corpus::DocSummary {
                title: name.to_string(),
                vocab: yuelan::learner::stats::Vocab::of(words.iter().copied()),
                ..Default::default()
            }),
        });
    }
    app
}

/// The list's rows that name a document, top to bottom: (name, share).
fn listed(buf: &Buffer) -> Vec<(String, String)> {
    screen(buf)
        .iter()
        .filter_map(|r| {
            let name = ["a.txt", "b.txt", "c.txt"]
                .into_iter()
                .find(|n| r.contains(n))?;
            let share = r.split('懂').nth(1)?.split('%').next()?.trim().to_string();
            Some((name.to_string(), share))
        })
        .collect()
}

#[test]
fn the_corpus_list_shows_comprehension_and_sorts_by_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    // a: 阿拉伯语 (7-9) → 0%; b: 喜欢 (1) → 100%; c: both, and a name
    // (never unknown) → 2 of 3 → 66%.
    let mut app = corpus_with_words(
        &dir,
        &[
            ("a.txt", &[("阿拉伯语", "nz")]),
            ("b.txt", &[("喜欢", "v")]),
            (
                "c.txt",
                &[("喜欢", "v"), ("阿拉伯语", "nz"), ("王小明", "nr")],
            ),
        ],
    );
    let want = |v: &[(&str, &str)]| -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    };
    assert_eq!(
        listed(&render(&app)),
        want(&[("a.txt", "0"), ("b.txt", "100"), ("c.txt", "66")])
    );
    press(&mut app, "%");
    assert_eq!(
        listed(&render(&app)),
        want(&[("b.txt", "100"), ("c.txt", "66"), ("a.txt", "0")])
    );
    // j moves down the sorted list: the second row is c.
    press(&mut app, "g j");
    let c = app.corpus.as_ref().map(|c| c.selected);
    let c_pos = app.corpus.as_ref().and_then(|k| {
        k.corpus
            .entries
            .iter()
            .position(|e| e.path.ends_with("c.txt"))
    });
    assert_eq!(c, c_pos);
    // Raising the level to 7-9 from the list: everything is known.
    press(&mut app, "> > >");
    assert_eq!(
        listed(&render(&app)),
        want(&[("a.txt", "100"), ("b.txt", "100"), ("c.txt", "100")])
    );
    // % again: the order as listed.
    press(&mut app, "< < < %");
    assert_eq!(
        listed(&render(&app)),
        want(&[("a.txt", "0"), ("b.txt", "100"), ("c.txt", "66")])
    );
    // Open a, mark 阿拉伯语 known, back to the list: a and c change.
    press(&mut app, "g enter");
    assert!(!app.corpus_listing());
    let text = app.doc.doc.text.clone();
    let ann = std::sync::Arc::new(annotated(&text));
    let index = std::sync::Arc::new(yuelan::tui::index::DocIndex::build(&ann));
    app.set_annotated(ann, index);
    put_cursor(&mut app, "阿拉伯语");
    press(&mut app, "K");
    assert_eq!(app.message.as_deref(), Some("阿拉伯语 marked known"));
    press(&mut app, "backspace");
    assert!(app.corpus_listing());
    assert_eq!(
        listed(&render(&app)),
        want(&[("a.txt", "100"), ("b.txt", "100"), ("c.txt", "100")])
    );
}
