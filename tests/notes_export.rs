//! Notes export: markdown and JSON through the library, and the
//! `yuelan notes export` command end to end (its data directory is set on
//! the child process only, so parallel tests are unaffected).

use std::path::Path;
use std::process::Command;
use yuelan::model::{Format, Span};
use yuelan::notes::{Colour, NoteStore, export};

const DOC: &str = "\
社区生活调查

一、早市
清晨六点，早市已经热闹起来。卖菜的摊主把新鲜的青菜摆得整整齐齐。一位老人说：“这里的菜比超市便宜。”

二、夜市
夜幕降临后，夜市的灯一盏盏亮起。小吃摊前排起了长队，烤串的香味飘出很远。
";

fn span_of(text: &str, needle: &str) -> Span {
    let s = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in text"));
    Span::new(s, s + needle.len())
}

fn doc() -> yuelan::model::Document {
    let mut d = yuelan::parse::parse(DOC.to_string(), Format::Plain);
    d.source.path = Some("社区.txt".to_string());
    d
}

fn store_with_notes(dir: &Path) -> (NoteStore, String, String) {
    let mut s = NoteStore::open_in(dir, DOC, None);
    let a = s
        .add(span_of(DOC, "青菜"), Colour::Green, "价格？\n第二行")
        .unwrap_or_default();
    let b = s
        .add(span_of(DOC, "烤串的香味"), Colour::Yellow, "")
        .unwrap_or_default();
    (s, a, b)
}

#[test]
fn markdown_shows_quote_in_its_sentence() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (s, _, _) = store_with_notes(tmp.path());
    let md = export::markdown(&doc(), &s);
    assert!(md.starts_with("# Notes: "), "{md}");
    assert!(md.contains("2 notes"), "{md}");
    assert!(
        md.contains("卖菜的摊主把新鲜的**青菜**摆得整整齐齐。"),
        "the highlight inside its sentence:\n{md}"
    );
    assert!(md.contains("  价格？\n  第二行\n"), "{md}");
    assert!(
        md.contains("小吃摊前排起了长队，**烤串的香味**飘出很远。"),
        "{md}"
    );
    // text order
    let first = md.find("青菜").unwrap_or(usize::MAX);
    let second = md.find("烤串").unwrap_or(0);
    assert!(first < second);
    assert!(!md.contains("Orphaned"));
}

#[test]
fn markdown_lists_orphans_last() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let docfile = tmp.path().join("d.txt");
    std::fs::write(&docfile, DOC).unwrap_or_else(|e| panic!("{e}"));
    let notes = tmp.path().join("notes");
    let mut w = NoteStore::open_in(&notes, DOC, Some(&docfile));
    w.add(span_of(DOC, "青菜"), Colour::Pink, "会成孤儿");
    w.add(span_of(DOC, "长队"), Colour::Blue, "");
    if let Err(e) = w.save() {
        panic!("{e:#}");
    }
    // the sentence with the first note is deleted from the file
    let edited = DOC.replace("卖菜的摊主把新鲜的青菜摆得整整齐齐。", "");
    std::fs::write(&docfile, &edited).unwrap_or_else(|e| panic!("{e}"));
    let r = NoteStore::open_in(&notes, &edited, Some(&docfile));
    let d = yuelan::parse::parse(edited.clone(), Format::Plain);
    let md = export::markdown(&d, &r);
    assert!(md.contains("2 notes, 1 orphaned"), "{md}");
    let orphan_at = md.find("## Orphaned notes").unwrap_or(0);
    assert!(orphan_at > 0, "{md}");
    assert!(md[..orphan_at].contains("**长队**"), "{md}");
    assert!(
        md[orphan_at..].contains("卖菜的摊主把新鲜的**青菜**摆得整整齐齐"),
        "{md}"
    );
    assert!(md[orphan_at..].contains("会成孤儿"), "{md}");
}

#[test]
fn json_export_has_code_point_offsets_and_sentences() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut s, a, _) = store_with_notes(tmp.path());
    s.set_bookmark(
        'x',
        yuelan::notes::ReadingPosition {
            section: 0,
            offset: 4,
        },
    );
    let out = export::json(&doc(), &s).unwrap_or_default();
    let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(v["schema"], "yuelan-notes-export/1");
    let notes = v["notes"].as_array().cloned().unwrap_or_default();
    assert_eq!(notes.len(), 2);
    let n = &notes[0];
    assert_eq!(n["id"], a.as_str());
    assert_eq!(n["quote"], "青菜");
    assert_eq!(n["colour"], "green");
    assert_eq!(n["orphaned"], false);
    let start = DOC[..span_of(DOC, "青菜").start].chars().count();
    assert_eq!(n["start"], start);
    assert_eq!(n["end"], start + 2);
    // the model's sentence around the note (the parser decides what a
    // sentence is), which holds the note's own sentence
    let d = doc();
    let si = d
        .sentence_at(span_of(DOC, "青菜").start)
        .unwrap_or_else(|| panic!("no sentence"));
    let sentence = d.span_text(d.sentences[si].span);
    assert_eq!(n["sentence"], sentence);
    assert!(sentence.contains("卖菜的摊主把新鲜的青菜摆得整整齐齐。"));
    assert_eq!(v["bookmarks"]["x"]["offset"], 4);
}

#[test]
fn brat_pairs_are_single_lines_in_text_order() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (s, _, _) = store_with_notes(tmp.path());
    let pairs = export::brat_notes(&s);
    assert_eq!(
        pairs,
        vec![
            (span_of(DOC, "青菜"), "价格？ 第二行".to_string()),
            (span_of(DOC, "烤串的香味"), "highlight (yellow)".to_string()),
        ]
    );
}

/// DOC written to a file `name` in a new temporary directory (kept alive
/// by the first value), with one note on 夜市的灯 saved in its `data`
/// directory: the directory, the file and the data directory.
fn noted_doc(name: &str) -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let docfile = tmp.path().join(name);
    std::fs::write(&docfile, DOC).unwrap_or_else(|e| panic!("{e}"));
    let data = tmp.path().join("data");
    let mut s = NoteStore::open_in(&data.join("notes"), DOC, Some(&docfile));
    s.add(span_of(DOC, "夜市的灯"), Colour::Blue, "灯笼还是路灯？");
    if let Err(e) = s.save() {
        panic!("{e:#}");
    }
    (tmp, docfile, data)
}

#[test]
fn notes_export_command_prints_markdown_and_json() {
    let (_tmp, docfile, data) = noted_doc("社区.txt");
    let run = |format: &str| {
        Command::new(env!("CARGO_BIN_EXE_yuelan"))
            .args(["notes", "export"])
            .arg(&docfile)
            .args(["--format", format])
            .env("YUELAN_DATA_DIR", &data)
            .output()
            .unwrap_or_else(|e| panic!("run yuelan: {e}"))
    };
    let md = run("markdown");
    assert!(
        md.status.success(),
        "{}",
        String::from_utf8_lossy(&md.stderr)
    );
    let text = String::from_utf8_lossy(&md.stdout);
    assert!(
        text.contains("夜幕降临后，**夜市的灯**一盏盏亮起。"),
        "{text}"
    );
    assert!(text.contains("灯笼还是路灯？"), "{text}");
    let js = run("json");
    assert!(js.status.success());
    let v: serde_json::Value = serde_json::from_slice(&js.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(v["notes"][0]["note"], "灯笼还是路灯？");

    // a missing file: one line on stderr, non-zero exit
    let bad = Command::new(env!("CARGO_BIN_EXE_yuelan"))
        .args(["notes", "export", "/nonexistent/无.txt"])
        .env("YUELAN_DATA_DIR", &data)
        .output()
        .unwrap_or_else(|e| panic!("run yuelan: {e}"));
    assert!(!bad.status.success());
    assert_eq!(
        String::from_utf8_lossy(&bad.stderr).trim().lines().count(),
        1
    );
}

#[test]
fn brat_export_carries_the_readers_notes() {
    let (_tmp, docfile, data) = noted_doc("夜市.txt");
    let out = Command::new(env!("CARGO_BIN_EXE_yuelan"))
        .arg("annotate")
        .arg(&docfile)
        .args(["--format", "brat"])
        .env("YUELAN_DATA_DIR", &data)
        .output()
        .unwrap_or_else(|e| panic!("run yuelan: {e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ann = String::from_utf8_lossy(&out.stdout);
    let start = DOC[..span_of(DOC, "夜市的灯").start].chars().count();
    let t_line = ann
        .lines()
        .find(|l| l.contains(&format!("\tNote {start} {}\t夜市的灯", start + 4)))
        .unwrap_or_else(|| panic!("no Note line:\n{ann}"));
    let t = t_line.split('\t').next().unwrap_or_default();
    assert!(
        ann.lines()
            .any(|l| l.starts_with('#')
                && l.ends_with(&format!("AnnotatorNotes {t}\t灯笼还是路灯？"))),
        "{ann}"
    );
}
