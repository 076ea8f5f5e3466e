//! The learner features end to end: HSK levels, readings of polyphones in
//! sentences written for this test, the learner layer of the JSON export,
//! importing word lists (plain, Anki, Pleco) and `yuelan words stats`.

use std::path::Path;
use std::process::Command;
use yuelan::annotate::Resources;
use yuelan::dict::{self, hsk, reading};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/words");

fn yuelan(data_dir: &Path, args: &[&str]) -> std::process::Output {
    match Command::new(env!("CARGO_BIN_EXE_yuelan"))
        .args(args)
        .env("YUELAN_DATA_DIR", data_dir)
        .env_remove("YUELAN_CONFIG")
        .output()
    {
        Ok(o) => o,
        Err(e) => panic!("cannot run yuelan: {e}"),
    }
}

fn stdout_json(o: &std::process::Output) -> serde_json::Value {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&o.stdout)))
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap_or_else(|e| panic!("write {name}: {e}"));
    p.to_string_lossy().into_owned()
}

#[test]
fn hsk_levels_of_known_words() {
    let h = hsk::shared();
    let info = h.get("爱好").unwrap_or_else(|| panic!("爱好 missing"));
    assert_eq!(info.level.map(hsk::Level::name), Some("1"));
    assert_eq!(info.level_2, Some(3));
    assert_eq!(h.level("银行").map(hsk::Level::name), Some("2"));
    assert_eq!(h.level("阿拉伯语").map(hsk::Level::name), Some("7-9"));
    // More common words rank lower.
    let rank = |w: &str| h.get(w).map_or(u32::MAX, |i| i.rank);
    assert!(rank("的") < rank("银行") && rank("银行") < rank("阿拉伯语"));
    // The browser's one call: level, rank and whether the reader knows it.
    let mut known = yuelan::learner::known::KnownWords::in_memory();
    let level4 = hsk::Level::from_number(4);
    let s = yuelan::learner::word_status("阿拉伯语", "nz", &known, level4);
    assert!(s.above_level && !s.knowledge.is_known());
    known.set("阿拉伯语", true);
    let s = yuelan::learner::word_status("阿拉伯语", "nz", &known, level4);
    assert!(s.knowledge.is_known());
    let s = yuelan::learner::word_status("银行", "n", &known, level4);
    assert!(
        !s.above_level && s.knowledge.is_known(),
        "HSK 2 is below level 4"
    );
}

/// Each sentence with the word to read and its expected syllables (checked
/// against a dictionary by hand).
const READINGS: &[(&str, &str, &str)] = &[
    ("他瞪着我看了半天。", "着", "zhe"),
    ("他瞪着我看了半天。", "了", "le"),
    ("我去银行取钱。", "银行", "yín háng"),
    ("这个行业发展很快。", "行业", "háng yè"),
    ("孩子长大了。", "长大", "zhǎng dà"),
    ("他还是把书还给了图书馆。", "还是", "hái shi"),
    ("他还是把书还给了图书馆。", "还给", "huán gěi"),
    ("我们重新讨论这个重要的问题。", "重新", "chóng xīn"),
    ("我们重新讨论这个重要的问题。", "重要", "zhòng yào"),
    ("我了解他。", "了解", "liǎo jiě"),
    ("他都去过首都了。", "都", "dōu"),
    ("他都去过首都了。", "首都", "shǒu dū"),
    ("他跑得很快。", "得", "de"),
    ("为了大家，他成为了老师。", "为了", "wèi le"),
    ("这里交通很方便，东西也便宜。", "便宜", "pián yi"),
    // The segmenter glues 长轴 (no dictionary word); 半长轴 across the
    // boundary is one (the semi-major axis): cháng, not zhǎng.
    ("这颗卫星轨道的半长轴很短。", "长轴", "cháng zhóu"),
];

/// Words segmented by hand, read without the segmenter's splitting: the
/// reading of `word` (its first occurrence).
fn read_by_hand(words: &[(&str, &str)], word: &str) -> String {
    let d = dict::shared().unwrap_or_else(|e| panic!("dictionary: {e:#}"));
    let ws: Vec<reading::Word<'_>> = words
        .iter()
        .map(|&(text, pos)| reading::Word { text, pos })
        .collect();
    let read = reading::read_words(d, &reading::NoSplit, &ws);
    let sentence: String = words.iter().map(|(t, _)| *t).collect();
    let start = sentence[..sentence.find(word).unwrap_or(0)].chars().count();
    read[start..start + word.chars().count()]
        .iter()
        .map(|s| s.as_ref().map_or("?".into(), |s| s.text.to_lowercase()))
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn glued_words_read_by_the_dictionary_word_across_their_boundary() {
    // 要调 is no dictionary word: 调 takes its reading from the word it
    // forms with what follows.
    assert_eq!(
        read_by_hand(
            &[("我们", "r"), ("要调", "v"), ("整", "a"), ("方向", "n")],
            "调"
        ),
        "tiáo"
    );
    assert_eq!(
        read_by_hand(
            &[("我们", "r"), ("要调", "v"), ("查", "v"), ("原因", "n")],
            "调"
        ),
        "diào"
    );
    assert_eq!(
        read_by_hand(
            &[("先", "d"), ("要调", "v"), ("节", "v"), ("温度", "n")],
            "调"
        ),
        "tiáo"
    );
    // A dictionary word beside is not broken up: 空包弹|射击 does not
    // read 弹 as in 弹射 (tán); the word across must hold all of 射击.
    assert_eq!(
        read_by_hand(&[("使用", "v"), ("空包弹", "n"), ("射击", "v")], "弹"),
        "dàn"
    );
    // A dictionary word is read as it is, whatever its neighbours.
    assert_eq!(
        read_by_hand(&[("我们", "r"), ("要", "v"), ("调查", "v")], "调"),
        "diào"
    );
    assert_eq!(
        read_by_hand(&[("成为", "v"), ("了", "ul"), ("解", "v")], "了"),
        "le"
    );
}

#[test]
fn polyphones_read_by_their_word() {
    let res = Resources::load().unwrap_or_else(|e| panic!("resources: {e:#}"));
    let d = dict::shared().unwrap_or_else(|e| panic!("dictionary: {e:#}"));
    for &(sentence, word, want) in READINGS {
        let words: Vec<reading::Word<'_>> =
            yuelan::annotate::tokens::tag(&res.jieba, &res.pos_overrides, sentence)
                .iter()
                .map(|t| reading::Word {
                    text: &sentence[t.start..t.end],
                    pos: t.pos,
                })
                .collect();
        let read = reading::read_words(d, &res, &words);
        let start = sentence[..sentence.find(word).unwrap_or(0)].chars().count();
        let got: Vec<String> = read[start..start + word.chars().count()]
            .iter()
            .map(|s| s.as_ref().map_or("?".into(), |s| s.text.to_lowercase()))
            .collect();
        assert_eq!(got.join(" "), want, "{word} in {sentence}");
    }
}

#[test]
fn json_export_has_a_learner_layer() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let doc = write(dir.path(), "a.txt", "我喜欢学习中文。\n他在银行工作。\n");
    // The layer is asked for (`annotate` leaves it out by default).
    let v = stdout_json(&yuelan(
        dir.path(),
        &["annotate", &doc, "--format", "json", "--layers", "+learner"],
    ));
    let anns = v["annotations"].as_array().cloned().unwrap_or_default();
    let learner: Vec<&serde_json::Value> =
        anns.iter().filter(|a| a["layer"] == "learner").collect();
    let texts: Vec<&str> = learner.iter().filter_map(|a| a["text"].as_str()).collect();
    // One per Han word token, punctuation excluded.
    assert_eq!(
        texts,
        ["我", "喜欢", "学习", "中文", "他", "在", "银行", "工作"]
    );
    let bank = learner[6];
    assert_eq!(
        bank["attrs"]["pinyin"], "yín háng",
        "one syllable per character"
    );
    assert_eq!(bank["attrs"]["hsk"], "2");
    assert_eq!(bank["attrs"]["gloss"], "bank");
    assert_eq!(learner[1]["attrs"]["pinyin"], "xǐ huan");
}

#[test]
fn import_each_format_then_stats_use_the_list() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    for (file, words) in [("plain.txt", 3), ("anki.txt", 2), ("pleco.txt", 4)] {
        let path = format!("{FIXTURES}/{file}");
        let o = yuelan(dir.path(), &["words", "import", &path]);
        let out = String::from_utf8_lossy(&o.stdout);
        assert!(
            o.status.success(),
            "{file}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(
            out.contains(&format!("{words} words read")),
            "{file}: {out}"
        );
    }
    let stored = std::fs::read_to_string(dir.path().join("known_words.json"))
        .unwrap_or_else(|e| panic!("known_words.json: {e}"));
    let v: serde_json::Value =
        serde_json::from_str(&stored).unwrap_or_else(|e| panic!("stored list: {e}"));
    let mut known: Vec<&str> = v["words"]
        .as_object()
        .map(|m| m.keys().map(String::as_str).collect())
        .unwrap_or_default();
    known.sort_unstable();
    let mut want = [
        "我", "喜欢", "学习", "音乐", "苹果", "每天", "中文", "头发", "頭髮",
    ];
    want.sort_unstable();
    assert_eq!(known, want);

    // A file with no Chinese words is an error, and the list is untouched.
    let bad = write(dir.path(), "bad.txt", "hello\nworld\n");
    let o = yuelan(dir.path(), &["words", "import", &bad]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("no Chinese words"));

    // With the imported list, every word of this text is known but 也, 有,
    // 个, 和 (and the name, the number and the Latin word are exempt).
    let doc = write(dir.path(), "s.txt", STATS_TEXT);
    let v = stdout_json(&yuelan(dir.path(), &["words", "stats", &doc, "--json"]));
    assert_eq!(v["tokens"], 19);
    assert_eq!(v["known"], 15);
    let unknown: Vec<&str> = v["unknown"]
        .as_array()
        .map(|a| a.iter().filter_map(|u| u["word"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(unknown, ["也", "有", "个", "和"]);
}

/// Words (jieba): 我 喜欢 学习 中文 。我 每天 学习 中文 ，也 喜欢 音乐 。
/// 王小明 有 3 个 苹果 和 一部 iPhone 。 — 19 word tokens, 15 distinct.
const STATS_TEXT: &str =
    "我喜欢学习中文。我每天学习中文，也喜欢音乐。\n王小明有3个苹果和一部iPhone。\n";

#[test]
fn stats_counts_checked_by_hand() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let doc = write(dir.path(), "s.txt", STATS_TEXT);
    let known = write(dir.path(), "k.txt", "我\n喜欢\n学习\n");
    let v = stdout_json(&yuelan(
        dir.path(),
        &["words", "stats", &doc, "--known", &known, "--json"],
    ));
    let keys: Vec<&str> = v
        .as_object()
        .map(|m| m.keys().map(String::as_str).collect())
        .unwrap_or_default();
    assert_eq!(
        keys,
        [
            "comprehension",
            "distinct",
            "hsk",
            "known",
            "tokens",
            "unknown"
        ]
    );
    assert_eq!(v["tokens"], 19);
    assert_eq!(v["distinct"], 15);
    // 我 ×2, 喜欢 ×2, 学习 ×2 listed; 王小明 (name), 3, 一部 (numbers),
    // iPhone (Latin) exempt.
    assert_eq!(v["known"], 10);
    let c = v["comprehension"].as_f64().unwrap_or(-1.0);
    assert!((c - 10.0 / 19.0).abs() < 1e-9, "{c}");
    // HSK 3.0: level 1 我 喜欢 学习 中文 (each twice) 也 有 个 和; level 2
    // 音乐; level 3 苹果; none 每天 王小明 3 一部 iPhone.
    let levels: Vec<(&str, u64)> = ["1", "2", "3", "4", "5", "6", "7-9", "none"]
        .iter()
        .map(|l| (*l, v["hsk"][*l].as_u64().unwrap_or(999)))
        .collect();
    assert_eq!(
        levels,
        [
            ("1", 12),
            ("2", 1),
            ("3", 1),
            ("4", 0),
            ("5", 0),
            ("6", 0),
            ("7-9", 0),
            ("none", 5)
        ]
    );
    let unknown = v["unknown"].as_array().cloned().unwrap_or_default();
    let words: Vec<(&str, u64)> = unknown
        .iter()
        .map(|u| {
            (
                u["word"].as_str().unwrap_or(""),
                u["count"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(
        words,
        [
            ("中文", 2),
            ("每天", 1),
            ("也", 1),
            ("音乐", 1),
            ("有", 1),
            ("个", 1),
            ("苹果", 1),
            ("和", 1)
        ]
    );
    let music = &unknown[3];
    assert_eq!(music["pinyin"], "yīn yuè");
    assert_eq!(music["hsk"], "2");
    assert_eq!(music["gloss"], "music");
    assert!(unknown[1]["hsk"].is_null(), "每天 is not an HSK 3.0 word");

    // A reader at HSK level 1 with no list knows the level-1 words.
    let empty = write(dir.path(), "none.txt", "银行\n");
    let v = stdout_json(&yuelan(
        dir.path(),
        &[
            "words", "stats", &doc, "--known", &empty, "--hsk", "1", "--json",
        ],
    ));
    assert_eq!(v["known"], 16, "12 at level 1 and 4 exempt");

    // Bad input: a clear error, no panic.
    let o = yuelan(dir.path(), &["words", "stats", &doc, "--hsk", "0"]);
    assert!(!o.status.success());
    let missing = dir.path().join("missing.txt");
    let o = yuelan(
        dir.path(),
        &["words", "stats", &missing.to_string_lossy(), "--json"],
    );
    assert!(!o.status.success());
    assert!(!String::from_utf8_lossy(&o.stderr).contains("panicked"));
}
