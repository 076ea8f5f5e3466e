//! Bad and extreme inputs: each gives a clean error or a usable document
//! through decode → parse → annotate → export, never a panic; and the binary
//! exits normally (0, or 1 with one line on stderr).
//!
//! Fixtures are generated in a temporary directory at test time.

mod common;

use common::{check_annotated, resources};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use yuelan::model::Annotated;

/// What the library pipeline made of an input.
enum Outcome {
    Error(String),
    Doc(Box<Annotated>),
}

/// decode → parse → annotate → export (JSON, serialised), checking the model.
fn pipeline(path: &Path) -> Outcome {
    let doc = match yuelan::source::load_document(path) {
        Ok(doc) => doc,
        Err(e) => {
            let msg = format!("{e:#}");
            assert!(!msg.is_empty(), "an error says something");
            assert!(!msg.contains('\n'), "one-line error: {msg:?}");
            return Outcome::Error(msg);
        }
    };
    if let Err(e) = common::check_document(&doc) {
        panic!("{}: invalid model after parse: {e}", path.display());
    }
    let ann = yuelan::annotate::annotate(doc, resources());
    if let Err(e) = check_annotated(&ann) {
        panic!("{}: invalid model after annotate: {e}", path.display());
    }
    let json = yuelan::export::json::annotated_to_json(&ann);
    match serde_json::to_string(&json) {
        Ok(s) => assert!(s.starts_with('{')),
        Err(e) => panic!("{}: export does not serialise: {e}", path.display()),
    }
    Outcome::Doc(Box::new(ann))
}

fn expect_error(path: &Path) -> String {
    match pipeline(path) {
        Outcome::Error(e) => e,
        Outcome::Doc(a) => panic!(
            "{}: expected an error, got a document of {} paragraphs",
            path.display(),
            a.doc.paragraphs.len()
        ),
    }
}

fn expect_doc(path: &Path) -> Box<Annotated> {
    match pipeline(path) {
        Outcome::Doc(a) => a,
        Outcome::Error(e) => panic!("{}: expected a document, got: {e}", path.display()),
    }
}

fn yuelan(args: &[&str]) -> Output {
    let home = std::env::temp_dir();
    match Command::new(env!("CARGO_BIN_EXE_yuelan"))
        .args(args)
        .env_remove("YUELAN_CONFIG")
        .env("YUELAN_DATA_DIR", home.join("yuelan-bad-inputs-data"))
        .env("YUELAN_CACHE_DIR", home.join("yuelan-bad-inputs-cache"))
        .stdin(Stdio::null())
        .output()
    {
        Ok(o) => o,
        Err(e) => panic!("cannot run yuelan: {e}"),
    }
}

/// The binary exited normally: 0, or 1 with yuelan's own lines on stderr
/// (at most one error).
fn assert_exits_cleanly(o: &Output, what: &str) {
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!err.contains("panicked"), "{what}: panicked: {err}");
    match o.status.code() {
        Some(0) => {}
        Some(1) => {
            // One error line, or lines naming what was skipped (a directory
            // with unreadable entries); every line is yuelan's own.
            assert!(err.lines().count() >= 1, "{what}: says why");
            assert!(
                err.lines().all(|l| l.starts_with("yuelan: ")),
                "{what}: {err:?}"
            );
            let errors = err
                .lines()
                .filter(|l| l.starts_with("yuelan: error: "))
                .count();
            assert!(errors <= 1, "{what}: one error line: {err:?}");
        }
        other => panic!("{what}: exit {other:?}, stderr: {err}"),
    }
}

/// `yuelan parse FILE --json` and, unless `parse_only`, `yuelan annotate
/// FILE --format json` both exit cleanly; JSON on success.
fn check_binary(path: &Path, parse_only: bool) {
    let p = path.to_string_lossy().into_owned();
    let o = yuelan(&["parse", &p, "--json"]);
    assert_exits_cleanly(&o, &format!("parse {p}"));
    if o.status.success() {
        let v: Result<serde_json::Value, _> = serde_json::from_slice(&o.stdout);
        assert!(v.is_ok(), "parse --json prints JSON for {p}");
    }
    if !parse_only {
        let o = yuelan(&["annotate", &p, "--format", "json"]);
        assert_exits_cleanly(&o, &format!("annotate {p}"));
    }
}

struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    fn new() -> Self {
        match tempfile::tempdir() {
            Ok(dir) => Fixture { dir },
            Err(e) => panic!("tempdir: {e}"),
        }
    }
    fn file(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.dir.path().join(name);
        if let Err(e) = std::fs::write(&path, bytes) {
            panic!("cannot write {}: {e}", path.display());
        }
        path
    }
}

const ARTICLE: &str = "上海市统计局昨天发布数据。\n全市生产总值同比增长14.1%，达到6904.35亿元。\n“我们将继续努力。”局长说。\n";

fn gbk(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(text);
    assert!(!unmappable);
    bytes.into_owned()
}

#[test]
fn empty_file() {
    let f = Fixture::new();
    let path = f.file("empty.txt", b"");
    let e = expect_error(&path);
    assert!(e.contains("empty"), "{e}");
    check_binary(&path, false);
}

#[test]
fn only_whitespace() {
    let f = Fixture::new();
    let path = f.file("space.txt", " \n\n\t\u{3000}\u{3000}\r\n   \n".as_bytes());
    // An empty document or a clean error; never a paragraph of nothing.
    if let Outcome::Doc(a) = pipeline(&path) {
        assert!(a.doc.paragraphs.is_empty(), "{:?}", a.doc.paragraphs);
        assert!(a.tokens.is_empty());
    }
    check_binary(&path, false);
}

#[test]
fn only_punctuation() {
    let f = Fixture::new();
    let path = f.file(
        "punct.txt",
        "。，、；：？！……——“”‘’（）《》【】\n。。。\n！？\n".as_bytes(),
    );
    let a = expect_doc(&path);
    assert!(a.doc.text.contains("……"));
    check_binary(&path, false);
}

/// One line of `mb` megabytes of Chinese prose (sentences, no newline).
fn one_long_line(mb: usize) -> String {
    let sentence = "上海市统计局发布数据，全市生产总值增长百分之十四点一。";
    let mut line = String::with_capacity((mb << 20) + sentence.len());
    while line.len() < mb << 20 {
        line.push_str(sentence);
    }
    line
}

/// The 20 MB line through decode and parse (the full pipeline on 20 MB
/// takes over a minute in a debug build: see the ignored test below); the
/// full pipeline and the binary on a 1 MB line.
#[test]
fn twenty_megabytes_on_one_line() {
    let line = one_long_line(20);
    let decoded = match yuelan::decode::decode(line.as_bytes()) {
        Ok(d) => d,
        Err(e) => panic!("20 MB of text refused: {e}"),
    };
    assert_eq!(decoded.text, line);
    let doc = yuelan::parse::parse(decoded.text, yuelan::model::Format::Plain);
    if let Err(e) = common::check_document(&doc) {
        panic!("20 MB line: {e}");
    }
    assert!(doc.sentences.len() > 200_000, "{}", doc.sentences.len());
    drop(doc);

    let f = Fixture::new();
    let path = f.file("long.txt", one_long_line(1).as_bytes());
    let a = expect_doc(&path);
    assert!(!a.doc.paragraphs.is_empty());
    check_binary(&path, false);
}

/// The 20 MB line through everything, library and binary. Slow in a debug
/// build; run with `cargo test --release --test bad_inputs -- --ignored`.
#[test]
#[ignore]
fn twenty_megabytes_on_one_line_full_pipeline() {
    let f = Fixture::new();
    let line = one_long_line(20);
    let path = f.file("long.txt", line.as_bytes());
    let a = expect_doc(&path);
    assert_eq!(a.doc.text.len(), line.len());
    check_binary(&path, false);
}

#[test]
fn nul_bytes() {
    let f = Fixture::new();
    // A few NULs inside text, and a file that is mostly NULs.
    let mut some = ARTICLE.as_bytes().to_vec();
    some.splice(10..10, [0u8, 0, 0]);
    for (name, bytes) in [("some-nul.txt", some), ("all-nul.txt", vec![0u8; 4096])] {
        let path = f.file(name, &bytes);
        if let Outcome::Error(e) = pipeline(&path) {
            assert!(e.contains(name), "the error names the file: {e}");
        }
        check_binary(&path, false);
    }
}

#[test]
fn invalid_utf8_in_a_utf8_looking_file() {
    let f = Fixture::new();
    let mut bytes = ARTICLE.as_bytes().to_vec();
    bytes.splice(20..20, [0xff, 0xfe, 0x80]);
    bytes.extend_from_slice(&[0xe4, 0xb8]); // a cut-off 3-byte sequence at the end
    let path = f.file("bad-utf8.txt", &bytes);
    // Still UTF-8, the damage replaced and warned about (not mojibake).
    let a = expect_doc(&path);
    assert_eq!(a.doc.source.encoding, "UTF-8");
    assert!(
        a.doc.text.contains("“我们将继续努力。”局长说。"),
        "{}",
        a.doc.text
    );
    assert!(a.doc.text.contains('\u{fffd}'));
    assert!(!a.doc.source.warnings.is_empty());
    check_binary(&path, false);
}

#[test]
fn truncated_gbk() {
    let f = Fixture::new();
    let mut bytes = gbk(ARTICLE);
    bytes.extend(gbk("最后一句话"));
    bytes.pop(); // cut the last two-byte character in half
    let path = f.file("gbk.txt", &bytes);
    // Read as GB18030 (GBK's superset), all but the cut-off character intact.
    let a = expect_doc(&path);
    assert_eq!(a.doc.source.encoding, "GB18030");
    assert!(a.doc.text.starts_with(ARTICLE), "{}", a.doc.text);
    assert!(a.doc.text.contains("最后一句"));
    check_binary(&path, false);
}

#[test]
fn utf16_without_bom() {
    let f = Fixture::new();
    let le: Vec<u8> = ARTICLE
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    let be: Vec<u8> = ARTICLE
        .encode_utf16()
        .flat_map(|u| u.to_be_bytes())
        .collect();
    for (name, bytes) in [("utf16le.txt", le), ("utf16be.txt", be)] {
        let path = f.file(name, &bytes);
        // Either recognised as UTF-16 (then the text is right) or refused.
        if let Outcome::Doc(a) = pipeline(&path)
            && a.doc.source.encoding.starts_with("UTF-16")
        {
            assert_eq!(a.doc.text, ARTICLE);
        }
        check_binary(&path, false);
    }
}

#[test]
fn a_directory_is_not_a_file() {
    let f = Fixture::new();
    let dir = f.dir.path().join("sub");
    if let Err(e) = std::fs::create_dir(&dir) {
        panic!("{e}");
    }
    let e = expect_error(&dir);
    assert!(e.contains("directory"), "{e}");
    let o = yuelan(&["parse", &dir.to_string_lossy(), "--json"]);
    assert_exits_cleanly(&o, "parse DIR");
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn a_missing_file() {
    let f = Fixture::new();
    let path = f.dir.path().join("missing.txt");
    let e = expect_error(&path);
    assert!(e.contains("missing.txt"), "{e}");
    let o = yuelan(&["parse", &path.to_string_lossy()]);
    assert_eq!(o.status.code(), Some(1));
    assert_exits_cleanly(&o, "parse missing");
}

/// Makes a FIFO with mkfifo(1); None (with a note) where there is none.
fn mkfifo(path: &Path) -> Option<()> {
    match Command::new("mkfifo").arg(path).status() {
        Ok(s) if s.success() => Some(()),
        _ => {
            eprintln!("note: mkfifo unavailable; FIFO test skipped");
            None
        }
    }
}

/// Writes the file `src` into the FIFO from a `cat` process (opening the
/// FIFO blocks until a reader comes). Killed by [`done`] if nobody read it.
fn feed_fifo(fifo: &Path, src: &Path) -> std::process::Child {
    let child = Command::new("sh")
        .arg("-c")
        .arg("cat \"$1\" > \"$2\"")
        .arg("sh")
        .arg(src)
        .arg(fifo)
        .spawn();
    match child {
        Ok(c) => c,
        Err(e) => panic!("cannot start a FIFO writer: {e}"),
    }
}

/// Stops the writer (it is blocked if the reader never opened the FIFO).
fn done(mut writer: std::process::Child) {
    let _ = writer.kill();
    let _ = writer.wait();
}

#[test]
fn a_fifo() {
    let f = Fixture::new();
    let path = f.dir.path().join("fifo");
    if mkfifo(&path).is_none() {
        return;
    }
    let article = f.file("article.txt", ARTICLE.as_bytes());

    // A FIFO is refused before it is opened, even with a writer waiting
    // (issue 20: a FIFO in a directory hung the corpus walk); a pipe is
    // read through standard input instead.
    let writer = feed_fifo(&path, &article);
    let e = expect_error(&path);
    assert!(e.contains("FIFO"), "{e}");
    let o = yuelan(&["parse", &path.to_string_lossy(), "--json"]);
    assert_exits_cleanly(&o, "parse FIFO");
    assert!(!o.status.success());
    done(writer);
    let o = Command::new(env!("CARGO_BIN_EXE_yuelan"))
        .args(["parse", "--json", "-"])
        .stdin(std::fs::File::open(&article).unwrap_or_else(|e| panic!("{e}")))
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value =
        serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("not JSON: {e}"));
    assert_eq!(v["text"].as_str(), Some(ARTICLE));
}

#[test]
fn a_file_that_disappears_between_listing_and_reading() {
    let f = Fixture::new();
    f.file("a.txt", ARTICLE.as_bytes());
    f.file("b.txt", ARTICLE.as_bytes());
    let listed: Vec<PathBuf> = match std::fs::read_dir(f.dir.path()) {
        Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(e) => panic!("{e}"),
    };
    assert_eq!(listed.len(), 2);
    let gone = f.dir.path().join("b.txt");
    if let Err(e) = std::fs::remove_file(&gone) {
        panic!("{e}");
    }
    for path in &listed {
        match pipeline(path) {
            Outcome::Doc(_) => assert!(path.ends_with("a.txt")),
            Outcome::Error(e) => {
                assert!(path.ends_with("b.txt"));
                assert!(e.contains("b.txt"), "{e}");
            }
        }
    }
    // A dangling symlink stays listed but cannot be read: the binary given
    // the directory still exits cleanly.
    #[cfg(unix)]
    {
        let link = f.dir.path().join("c.txt");
        if std::os::unix::fs::symlink(&gone, &link).is_ok() {
            let e = expect_error(&link);
            assert!(e.contains("c.txt"), "{e}");
            let o = yuelan(&[
                "annotate",
                &f.dir.path().to_string_lossy(),
                "--format",
                "jsonl",
            ]);
            assert_exits_cleanly(&o, "annotate DIR with a dangling link");
        }
    }
}

#[test]
fn deeply_repeated_headings() {
    let f = Fixture::new();
    let mut text = String::from("标题\n");
    for i in 0..2000 {
        // Numbered headings nested ever deeper, Markdown headings, repeated
        // chapter headings, each with or without a paragraph.
        text.push_str("一、总体情况\n（一）基本情况\n1. 第一点\n（1）细节\n");
        text.push_str(&"1.".repeat(1 + i % 50));
        text.push_str(" 深层标题\n");
        text.push_str(&"#".repeat(1 + i % 6));
        text.push_str(" 标题\n第一章 总则\n");
        if i % 3 == 0 {
            text.push_str("这是一个段落。\n");
        }
    }
    for name in ["headings.txt", "headings.md"] {
        let path = f.file(name, text.as_bytes());
        let a = expect_doc(&path);
        assert!(!a.doc.sections.is_empty());
        check_binary(&path, true);
    }
}

/// Elements nested far deeper than pages are written, quotation marks
/// nested as deep, and a list of names thousands long on one line: each
/// read whole (before round 2 session 24 each took minutes: the parser, the
/// quotes and the entity layer went with the square of the depth or of the
/// line).
#[test]
fn deep_nesting_and_long_lists() {
    let f = Fixture::new();
    let page = format!(
        "<html><body>{}深处的文字。{}<p>后面的段落。</p></body></html>",
        "<div>".repeat(3000),
        "</div>".repeat(3000)
    );
    let path = f.file("deep.html", page.as_bytes());
    let a = expect_doc(&path);
    assert!(a.doc.text.contains("深处的文字。"), "{:?}", a.doc.text);
    assert!(a.doc.text.contains("后面的段落。"), "{:?}", a.doc.text);
    check_binary(&path, false);

    let marks = format!("{}他说{}", "“".repeat(20_000), "”".repeat(20_000));
    let path = f.file("marks.txt", marks.as_bytes());
    let a = expect_doc(&path);
    let quotes = a.layer(yuelan::model::Layer::Quotes).count();
    assert!((1..=8).contains(&quotes), "{quotes} quotes");
    check_binary(&path, false);

    let names: Vec<String> = (0..20_000)
        .map(|i| {
            format!(
                "{}{}{}",
                ["王", "李", "张", "刘"][i % 4],
                ["建", "明"][i / 4 % 2],
                ["国", "华", "军"][i / 8 % 3]
            )
        })
        .collect();
    let path = f.file("names.txt", names.join("、").as_bytes());
    let a = expect_doc(&path);
    assert_eq!(a.doc.paragraphs.len(), 1);
    check_binary(&path, false);
}

#[test]
fn a_hundred_thousand_tiny_paragraphs() {
    let f = Fixture::new();
    let mut text = String::new();
    for i in 0..100_000 {
        text.push_str(&format!("好{i}。\n"));
    }
    let path = f.file("tiny.txt", text.as_bytes());
    let a = expect_doc(&path);
    // A title line may be taken from the top; every other line is a paragraph.
    assert!(
        a.doc.paragraphs.len() >= 99_990,
        "{}",
        a.doc.paragraphs.len()
    );
    check_binary(&path, true);
}

#[test]
fn empty_standard_input() {
    let o = yuelan(&["parse", "-"]);
    assert_exits_cleanly(&o, "parse - with empty stdin");
    assert_eq!(o.status.code(), Some(1));
}
