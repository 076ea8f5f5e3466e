//! Reading help in the browser, driven by keys through the key table and
//! drawn into a TestBackend: details show pinyin and glosses, `W` widens,
//! `p` draws pinyin rows aligned over their characters, `c` colours tones,
//! `T` switches script, `a` saves to the word list.

mod tui_support;

use ratatui::buffer::Buffer;
use ratatui::style::Color;
use tui_support::*;
use unicode_width::UnicodeWidthStr;
use yuelan::dict;
use yuelan::tui::App;

/// The dictionary is loaded before the app looks (the browser loads it on
/// a worker thread; here the tests wait for it once).
fn ready() {
    if let Err(e) = dict::shared() {
        panic!("dictionary: {e}");
    }
}

fn put_cursor(app: &mut App, word: &str) {
    let pos = app.doc.doc.text.find(word).expect("word in text");
    app.cursor = Some(pos);
}

/// (x, y) of the first cell showing `s` (a wide char or ASCII run).
fn find(buf: &Buffer, s: &str) -> Option<(u16, u16)> {
    let a = buf.area;
    for y in a.y..a.y + a.height {
        for x in a.x..a.x + a.width {
            let mut got = String::new();
            let mut xx = x;
            while got.chars().count() < s.chars().count() && xx < a.x + a.width {
                let sym = buf
                    .cell((xx, y))
                    .map(|c| c.symbol().to_string())
                    .unwrap_or_default();
                got.push_str(&sym);
                xx += 1;
            }
            if got == s {
                return Some((x, y));
            }
        }
    }
    None
}

#[test]
fn details_show_pinyin_and_glosses_of_the_word_under_the_cursor() {
    ready();
    let mut app = app("他们在银行工作，常常说服客户。\n", 100, 30);
    put_cursor(&mut app, "银行");
    let scr = screen_text(&render(&app));
    assert!(scr.contains("yínháng"), "{scr}");
    assert!(scr.contains("bank"), "{scr}");
    assert!(scr.contains("銀行"), "traditional form: {scr}");
    assert!(scr.contains("measure words: 家 jiā"), "{scr}");
    put_cursor(&mut app, "说服");
    let scr = screen_text(&render(&app));
    assert!(
        scr.contains("shuōfú") && scr.contains("to persuade"),
        "{scr}"
    );
}

#[test]
fn widen_grows_the_lookup_through_dictionary_words() {
    ready();
    let mut app = app("他们来自中华人民共和国。\n", 100, 30);
    // Inside the segmenter's word: widening starts at the cursor.
    put_cursor(&mut app, "人民");
    let text = app.doc.doc.text.clone();
    let mut seen = Vec::new();
    for _ in 0..3 {
        press(&mut app, "W");
        if let Some(s) = app.cursor_span() {
            seen.push(s.text(&text).to_string());
        }
    }
    // CC-CEDICT has 人 and 人民 but no longer word from 人 (no 人民共和国
    // entry): after the longest, back to the segmenter's word.
    assert_eq!(seen, ["人", "人民", "中华人民共和国"]);
    let scr = screen_text(&render(&app));
    assert!(!scr.contains("(widened)"), "{scr}");
    // Moving the cursor drops the widening.
    put_cursor(&mut app, "人民");
    press(&mut app, "W");
    press(&mut app, "W");
    let scr = screen_text(&render(&app));
    assert!(scr.contains("rénmín") && scr.contains("(widened)"), "{scr}");
    press(&mut app, "h");
    assert!(app.learner.widened(app.cursor).is_none());
}

/// Checks, on the rendered screen, that each syllable is centred over its
/// character (centres in half cells differ by at most one).
fn assert_aligned(buf: &Buffer, pairs: &[(&str, &str)]) {
    for (ch, syl) in pairs {
        let (cx, cy) = find(buf, ch).unwrap_or_else(|| panic!("{ch} on screen"));
        let row_above: String = (buf.area.x..buf.area.x + buf.area.width)
            .map(|x| {
                buf.cell((x, cy - 1))
                    .map(|c| c.symbol().to_string())
                    .unwrap_or_default()
            })
            .collect();
        // The syllable starts where the row above shows it nearest to cx.
        let sx = (0..buf.area.width)
            .filter(|&x| {
                let s: String = (x..buf.area.width)
                    .take(syl.chars().count())
                    .map(|x| {
                        buf.cell((x, cy - 1))
                            .map(|c| c.symbol().to_string())
                            .unwrap_or_default()
                    })
                    .collect();
                s == *syl
            })
            .min_by_key(|&x| x.abs_diff(cx))
            .unwrap_or_else(|| panic!("{syl} above {ch}: {row_above}"));
        let cs = 2 * sx as usize + syl.width();
        let cc = 2 * cx as usize + 2;
        assert!(
            cs.abs_diff(cc) <= 1,
            "{syl} at {sx} over {ch} at {cx}: {row_above}"
        );
    }
}

#[test]
fn pinyin_rows_align_over_characters_at_two_widths() {
    ready();
    let text = "重庆的银行行业发展很快，说服了不少投资者。\n";
    for w in [100u16, 60] {
        let mut app = app(text, w, 30);
        press(&mut app, "p");
        assert!(app.learner.interlinear);
        let buf = render(&app);
        assert_aligned(
            &buf,
            &[
                ("重", "Chóng"),
                ("庆", "qìng"),
                ("银", "yín"),
                ("业", "yè"),
                ("服", "fú"),
            ],
        );
        // 行 in 银行 and in 行业 both read háng; 发 in 发展 fā.
        let scr = screen_text(&buf);
        assert!(scr.contains("háng"), "{scr}");
        assert!(!scr.contains("xíng"), "{scr}");
        press(&mut app, "p");
        let scr = screen_text(&render(&app));
        assert!(!scr.contains("Chóng"), "pinyin rows off again");
    }
}

#[test]
fn tone_colours_are_off_by_default_and_follow_the_tone() {
    ready();
    let mut app = app("银行很大。\n", 80, 24);
    press(&mut app, "p");
    let buf = render(&app);
    let (x, y) = find(&buf, "银").expect("银");
    let plain = buf.cell((x, y)).map(|c| c.fg);
    press(&mut app, "P");
    let buf = render(&app);
    let (x, y) = find(&buf, "银").expect("银");
    assert_eq!(
        buf.cell((x, y)).map(|c| c.fg),
        Some(Color::Rgb(255, 165, 0)),
        "tone 2 orange"
    );
    assert_ne!(plain, Some(Color::Rgb(255, 165, 0)));
    let (x, y) = find(&buf, "很").expect("很");
    assert_eq!(
        buf.cell((x, y)).map(|c| c.fg),
        Some(Color::Green),
        "tone 3 green"
    );
}

#[test]
fn traditional_sample_switches_script_and_looks_up() {
    ready();
    let (_, text) = samples()
        .into_iter()
        .find(|(n, _)| n == "05_traditional.txt")
        .expect("the Traditional sample");
    let mut app = app(&text, 100, 30);
    // Segmented on the Simplified conversion, tokens on the original.
    let toks: Vec<&str> = app
        .doc
        .tokens
        .iter()
        .map(|t| t.span().text(&app.doc.doc.text))
        .collect();
    assert!(toks.contains(&"臺灣") && toks.contains(&"軟體"), "{toks:?}");
    put_cursor(&mut app, "軟體");
    let scr = screen_text(&render(&app));
    assert!(scr.contains("ruǎntǐ") && scr.contains("software"), "{scr}");
    put_cursor(&mut app, "臺灣");
    let scr = screen_text(&render(&app));
    assert!(scr.contains("Táiwān"), "{scr}");
    assert!(scr.contains("臺灣軟體"), "as written");
    press(&mut app, "T");
    let scr = screen_text(&render(&app));
    // The text pane (the outline keeps the headings as written).
    assert!(scr.contains("台湾的软体产业去年表现亮眼"), "{scr}");
    assert!(!scr.contains("臺灣的軟體產業去年表現亮眼"), "{scr}");
    press(&mut app, "T");
    let scr = screen_text(&render(&app));
    assert!(scr.contains("臺灣軟體"), "{scr}");
}

#[test]
fn add_word_saves_to_the_word_list_with_its_sentence() {
    ready();
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("wordlist.json");
    let mut app = app("今天很冷。他在银行工作。\n", 100, 30);
    app.learner.wordlist_path = Some(path.clone());
    put_cursor(&mut app, "银行");
    press(&mut app, "+");
    assert!(
        app.message.as_deref().unwrap_or("").contains("added"),
        "{:?}",
        app.message
    );
    press(&mut app, "+");
    assert!(app.message.as_deref().unwrap_or("").contains("already"));
    let list = dict::wordlist::WordList::load(&path).expect("list");
    assert_eq!(list.words.len(), 1);
    let w = &list.words[0];
    assert_eq!(
        (w.simplified.as_str(), w.traditional.as_str()),
        ("银行", "銀行")
    );
    assert_eq!(w.pinyin, "yínháng");
    assert_eq!(w.sentence, "他在银行工作。");
}

#[test]
fn pinyin_rows_read_words_as_the_learner_layer_does() {
    ready();
    let d = dict::shared().unwrap_or_else(|e| panic!("{e}"));
    // The dictionary alone reads 着 and 了 by their first entries; in
    // 瞪着 and 看了 they are the particles zhe and le (dict::reading).
    let alone: Vec<String> = d
        .syllables("着了")
        .into_iter()
        .map(|s| s.map(|s| s.text).unwrap_or_default())
        .collect();
    assert_ne!(alone, ["zhe", "le"], "the test needs a difference");
    let mut app = app("他瞪着我看了半天。\n", 100, 30);
    press(&mut app, "p");
    let rows = text_rows(&app, &render(&app));
    let pinyin = rows.first().cloned().unwrap_or_default();
    let words: Vec<&str> = pinyin.split_whitespace().collect();
    assert_eq!(
        words,
        ["tā", "dèng", "zhe", "wǒ", "kàn", "le", "bàn", "tiān"],
        "{rows:?}"
    );
}

/// A big document is annotated without the learner layer; the pinyin rows
/// then read the attrs of the words they show when they show them (from
/// jieba's splits kept in the index), and show what the layer would.
#[test]
fn pinyin_rows_read_on_demand_equal_the_layers() {
    ready();
    let text = "他瞪着我看了半天。\n我们要调整方向，银行行长说行。\n";
    let with_layer = app(text, 100, 30);
    let layers = yuelan::annotate::layers::LayerSet::ALL.without(yuelan::model::Layer::Learner);
    let ann = yuelan::annotate::annotate_layers(parse(text), resources(), layers);
    assert!(
        ann.layer(yuelan::model::Layer::Learner).next().is_none(),
        "no learner layer"
    );
    let words = ann
        .tokens
        .iter()
        .map(|t| ann.doc.span_text(t.span()))
        .filter(|w| w.chars().any(dict::is_han));
    let splits = dict::reading::SplitMemo::of(resources(), words).into_owned();
    let mut index = yuelan::tui::index::DocIndex::build(&ann);
    index.splits = Some(std::sync::Arc::new(splits));
    let mut with_array = App::on(
        std::sync::Arc::new(yuelan::model::Annotated::unannotated(ann.doc.clone())),
        "test.txt",
    );
    with_array.theme = yuelan::tui::theme::Theme::dark();
    with_array.resize(100, 30);
    with_array.set_annotated(std::sync::Arc::new(ann), std::sync::Arc::new(index));
    let mut with_layer = with_layer;
    press(&mut with_layer, "p");
    press(&mut with_array, "p");
    let a = text_rows(&with_layer, &render(&with_layer));
    let b = text_rows(&with_array, &render(&with_array));
    assert_eq!(a, b);
    let first: Vec<&str> = b
        .first()
        .map(|r| r.split_whitespace().collect())
        .unwrap_or_default();
    assert_eq!(
        first,
        ["tā", "dèng", "zhe", "wǒ", "kàn", "le", "bàn", "tiān"],
        "{b:?}"
    );
}
