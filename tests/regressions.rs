//! Issue 22: one test for each deliberate breakage the audit found no test
//! catching, on texts written for these tests (not the seed). Each was seen
//! failing on the broken code (see the report of the `robust` branch); the
//! atomic-write one is in tests/storage_safety.rs.

mod common;

use std::process::Command;
use yuelan::model::offsets::CharIndex;
use yuelan::model::{Format, Layer, Span};
use yuelan::notes::Colour;
use yuelan::notes::NoteStore;

fn annotate(text: &str) -> yuelan::model::Annotated {
    let doc = yuelan::parse::parse(text.to_string(), Format::Plain);
    yuelan::annotate::annotate(doc, common::resources())
}

// ── the wrapper: closing marks never start a line; —— and …… stay whole ──

/// Written out by hand (not taken from the wrapper's own list): the marks
/// Chinese typography never puts at the start of a line.
const CLOSING: [char; 12] = [
    '”', '’', '）', '》', '」', '』', '…', '！', '？', '：', '；', '、',
];

#[test]
fn closing_marks_never_start_a_line_and_dashes_stay_whole() {
    // Every closing mark after runs of different lengths, so that at some
    // width each one falls at a line start.
    let mut text = String::new();
    for (i, c) in CLOSING.iter().enumerate() {
        text.push_str(&"字".repeat(1 + i % 5));
        text.push(*c);
        text.push_str(&"文".repeat(2 + i % 3));
        text.push_str("——");
        text.push_str(&"书".repeat(1 + i % 4));
        text.push_str("……");
    }
    for mark in CLOSING {
        assert!(yuelan::text::no_line_start(mark), "{mark} may start a line");
    }
    for width in 6..=40 {
        let mut lines = Vec::new();
        yuelan::text::wrap_range(
            &text,
            0,
            text.len(),
            width,
            yuelan::text::Widths::NARROW,
            &mut lines,
        );
        assert!(lines.len() > 1 || width >= 36);
        for w in lines.windows(2) {
            let (prev, next) = (&text[w[0].0..w[0].1], &text[w[1].0..w[1].1]);
            let first = next.chars().next().unwrap_or(' ');
            assert!(
                !CLOSING.contains(&first),
                "width {width}: a line starts with {first}: {next:?}"
            );
            let last = prev.chars().last().unwrap_or(' ');
            assert!(
                !(last == first && matches!(last, '—' | '…')),
                "width {width}: {last}{first} split across lines"
            );
        }
        // Nothing lost or duplicated.
        let joined: String = lines.iter().map(|&(a, b)| &text[a..b]).collect();
        assert_eq!(joined, text, "width {width}");
    }
}

// ── offsets ──

#[test]
fn a_byte_inside_a_character_maps_to_that_characters_start() {
    let text = "a中文😀b";
    let idx = CharIndex::new(text);
    // 中 is bytes 1..4: bytes 2 and 3 are inside it.
    assert_eq!(idx.to_cp(1), 1);
    assert_eq!(idx.to_cp(2), 1);
    assert_eq!(idx.to_cp(3), 1);
    assert_eq!(idx.to_cp(4), 2);
    // 😀 is bytes 7..11.
    assert_eq!(idx.to_cp(9), 3);
    assert_eq!(idx.to_cp(11), 4);
    assert_eq!(idx.to_cp(99), 5, "past the end: the length");
}

// ── thresholds, both sides of the edge ──

const NOTE_DOC: &str = "小城故事\n\n\
清晨的集市上人来人往。老街口那家豆浆铺子开了三十多年，队伍每天都排到巷子里。\n\n\
傍晚时分，河面上的灯一盏盏亮起来。\n";

/// The note is on a ten-character quote; the text is then edited so that
/// only the approximate search can find it (the character right after the
/// quote changes too). One character in ten rewritten: still attached;
/// three in ten (30%): orphaned.
#[test]
fn a_note_rewritten_by_thirty_percent_is_orphaned() {
    let quote = "老街口那家豆浆铺子开"; // ten characters
    assert_eq!(quote.chars().count(), 10);
    let start = NOTE_DOC.find(quote).unwrap_or(0);
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let doc_path = dir.path().join("doc.txt");
    std::fs::write(&doc_path, NOTE_DOC).unwrap_or_else(|e| panic!("{e}"));
    let mut s = NoteStore::open_in(&dir.path().join("notes"), NOTE_DOC, Some(&doc_path));
    let id = s
        .add(Span::new(start, start + quote.len()), Colour::Green, "老店")
        .unwrap_or_default();
    s.save().unwrap_or_else(|e| panic!("{e:#}"));
    let reopen = |text: &str| {
        std::fs::write(&doc_path, text).unwrap_or_else(|e| panic!("{e}"));
        NoteStore::open_in(&dir.path().join("notes"), text, Some(&doc_path))
    };
    // 10% rewritten (豆浆 → 豆腐 is one character), 了 → 啦 after it.
    let one = NOTE_DOC.replace("豆浆铺子开了", "豆腐铺子开啦");
    let r = reopen(&one);
    let at = r.attachment(&id);
    assert_eq!(
        at.map(|a| a.span.text(&one)),
        Some("老街口那家豆腐铺子开"),
        "one character in ten rewritten: still attached"
    );
    // 30% rewritten (老街口 → 新路边), 了 → 啦 after it.
    let three = NOTE_DOC.replace("老街口那家豆浆铺子开了", "新路边那家豆浆铺子开啦");
    let r = reopen(&three);
    assert!(
        r.attachment(&id).is_none(),
        "30% rewritten: orphaned, found at {:?}",
        r.attachment(&id).map(|a| a.span.text(&three).to_string())
    );
    assert_eq!(r.orphans().len(), 1);
}

/// The mojibake warning: 1.5% odd characters is ordinary text with a few
/// rare ones; 3% is flagged.
#[test]
fn the_mojibake_warning_sits_between_one_and_a_half_and_three_percent() {
    let with_odd = |odd: usize| {
        let mut s = String::new();
        for i in 0..1000 - odd {
            s.push(['经', '济', '增', '长', '平', '稳', '。'][i % 7]);
        }
        for _ in 0..odd {
            s.push('\u{E000}'); // private use: what a wrong code page gives
        }
        s
    };
    assert_eq!(yuelan::decode::mojibake_warning(&with_odd(0)), None);
    assert_eq!(
        yuelan::decode::mojibake_warning(&with_odd(15)),
        None,
        "1.5%"
    );
    assert!(
        yuelan::decode::mojibake_warning(&with_odd(30)).is_some(),
        "3%"
    );
    assert!(
        yuelan::decode::mojibake_warning(&with_odd(100)).is_some(),
        "10%"
    );
}

// ── quotes and names on texts written here ──

/// A colon with no verb of saying before a quote: the person named in the
/// clause speaks.
#[test]
fn the_person_before_a_colon_speaks_without_a_verb_of_saying() {
    let text = "老街\n\n人群中的老人许桂兰拉着记者的手：“我在这里住了一辈子。”\n";
    let ann = annotate(text);
    let quotes: Vec<_> = ann
        .layer(Layer::Quotes)
        .filter(|a| a.label == "QUOTE")
        .collect();
    assert_eq!(quotes.len(), 1);
    assert_eq!(quotes[0].attr_str("speaker_text"), Some("许桂兰"));
    // Without a person before the colon there is no speaker to find.
    let text = "老街\n\n巷子里挂着一块牌子：“小心路滑。”\n";
    let ann = annotate(text);
    let q: Vec<_> = ann
        .layer(Layer::Quotes)
        .filter(|a| a.label == "QUOTE")
        .collect();
    assert!(
        q.iter().all(|a| a.attr_str("speaker_text").is_none()),
        "{:?}",
        q.iter()
            .map(|a| a.attr_str("speaker_text"))
            .collect::<Vec<_>>()
    );
}

/// jieba glues a surname to the word before (选手群李|梦梦): the name is
/// found whole, without the stray character.
#[test]
fn a_surname_glued_to_the_word_before_starts_the_name() {
    let text = "比赛\n\n参加比赛的选手群李梦梦获得冠军。\n";
    let ann = annotate(text);
    let names: Vec<&str> = ann
        .layer(Layer::Entities)
        .filter(|a| a.label == "PER")
        .map(|a| a.span.text(&ann.doc.text))
        .collect();
    assert_eq!(names, vec!["李梦梦"]);
}

// ── `yuelan entities`: its table and its order ──

#[test]
fn the_entities_table_lists_by_label_then_count() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("ent.txt");
    std::fs::write(
        &path,
        "河边新闻\n\n北京市统计局昨天发布数据。王小明说，数据很好。王小明表示满意，\
         李建国也点头。上海市和广州市的代表出席。上海市政府发布通知。\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let o = Command::new(env!("CARGO_BIN_EXE_yuelan"))
        .arg("entities")
        .arg(&path)
        .env("YUELAN_DATA_DIR", dir.path().join("data"))
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = String::from_utf8_lossy(&o.stdout);
    let rows: Vec<(String, usize, String)> = out
        .lines()
        .skip(1)
        .filter_map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            Some((
                f.first()?.to_string(),
                f.get(1)?.parse().ok()?,
                f.last()?.to_string(),
            ))
        })
        .collect();
    assert!(out.starts_with("label count  source"), "{out}");
    let expected = [
        ("PER", 2, "王小明"),
        ("PER", 1, "李建国"),
        ("ORG", 1, "北京市统计局"),
        ("LOC", 2, "上海市"),
        ("LOC", 1, "广州市"),
    ];
    let got: Vec<(&str, usize, &str)> = rows
        .iter()
        .map(|(l, c, t)| (l.as_str(), *c, t.as_str()))
        .collect();
    assert_eq!(got, expected, "{out}");
}
