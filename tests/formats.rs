//! Every reader on fixtures made by real producers from our own text
//! (tests/fixtures/formats/: book.md → book.docx and book.epub by pandoc,
//! see make.sh; page.gbk.html, a news-site page template in GBK with our
//! own article): title, outline, first and last body sentence; HTML
//! without its navigation and footer; bad input as clean errors.

use std::path::{Path, PathBuf};
use yuelan::model::{BlockKind, Document, Format, StyleKind};
use yuelan::read;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/formats")
        .join(name)
}

fn load(name: &str) -> Document {
    match read::load(&fixture(name), None) {
        Ok(d) => d,
        Err(e) => panic!("{name}: {e}"),
    }
}

fn title(doc: &Document) -> Option<&str> {
    doc.title.map(|s| doc.span_text(s))
}

fn outline(doc: &Document) -> Vec<(&str, u8)> {
    doc.sections
        .iter()
        .filter_map(|s| s.heading.map(|h| (doc.span_text(h), s.level)))
        .collect()
}

fn first_and_last_sentence(doc: &Document) -> (&str, &str) {
    let text = |i: usize| doc.sentences.get(i).map_or("", |s| doc.span_text(s.span));
    (text(0), text(doc.sentences.len().saturating_sub(1)))
}

/// What book.md says, read back from each format made from it.
fn check_book(doc: &Document, format: Format) {
    assert_eq!(doc.source.format, format);
    assert_eq!(title(doc), Some("江城旧事"));
    assert_eq!(doc.meta.author.as_deref(), Some("林晚舟"));
    assert_eq!(doc.meta.date.as_deref(), Some("2024-05-18"));
    assert_eq!(
        outline(doc),
        [("第一章 码头", 1), ("渡船", 2), ("第二章 老街", 1)],
        "{format:?}"
    );
    let (first, last) = first_and_last_sentence(doc);
    assert_eq!(first, "清晨的雾气还没有散去，码头上已经站满了等船的人。");
    // The footnote comes after the body.
    assert!(
        last.ends_with("这种门板在本地叫作“排门”。"),
        "{format:?}: {last}"
    );
    let kinds: Vec<BlockKind> = doc.paragraphs.iter().map(|p| p.kind).collect();
    assert!(kinds.contains(&BlockKind::Item), "{format:?}");
    // The table is laid out as aligned rows; the code keeps its lines.
    let table = doc
        .paragraphs
        .iter()
        .find(|p| p.kind == BlockKind::Table)
        .map(|p| doc.span_text(p.span));
    assert_eq!(
        table,
        Some("店名      开业年份\n──────────────────\n何记茶楼  1983\n新华书店  1991"),
        "{format:?}"
    );
    let code = doc
        .paragraphs
        .iter()
        .find(|p| p.kind == BlockKind::Code)
        .map(|p| doc.span_text(p.span));
    assert_eq!(
        code,
        Some("门板编号 = 1\nwhile 门板编号 <= 12:\n    卸下(门板编号)"),
        "{format:?}"
    );
    // Emphasis survives as styles, not as markup.
    assert!(!doc.text.contains("**"));
    let strong: Vec<&str> = doc
        .styles
        .iter()
        .filter(|s| s.kind == StyleKind::Strong)
        .map(|s| doc.span_text(s.span))
        .collect();
    assert_eq!(strong, ["两角"], "{format:?}");
}

#[test]
fn markdown_book() {
    let doc = load("book.md");
    check_book(&doc, Format::Markdown);
    assert!(!doc.text.contains("title:"));
    // Every position of the body maps back into the source file.
    let src = std::fs::read_to_string(fixture("book.md")).unwrap_or_default();
    let at = doc.text.find("船长姓何").unwrap_or(0);
    let back = doc.source.map.to_source(at).unwrap_or(0);
    assert!(src[back..].starts_with("船长姓何"));
}

#[test]
fn docx_book_made_by_pandoc() {
    check_book(&load("book.docx"), Format::Docx);
}

#[test]
fn epub_book_made_by_pandoc() {
    check_book(&load("book.epub"), Format::Epub);
}

/// A book of 24 chapters (pandoc, our own text): its first part holds the
/// whole outline and only the first chapters' text; the rest is read
/// after (the browser's worker does, `tui::reader::book`).
#[test]
fn many_chapter_epub_has_its_whole_outline_before_later_chapters_are_read() {
    use yuelan::read::epub::Book;
    let bytes = std::fs::read(fixture("chapters.epub")).unwrap_or_default();
    let book = match Book::open(bytes) {
        Ok(b) => b,
        Err(e) => panic!("chapters.epub: {e}"),
    };
    // pandoc's title page and the 24 chapters.
    assert_eq!(book.chapters(), 25);
    // Chapters are read until the text holds 1,500 bytes: the first
    // chapter (about 1,000 bytes after the title page) and the second.
    let part = match book.read(Some(1500)) {
        Ok(p) => p,
        Err(e) => panic!("first part: {e}"),
    };
    let whole = match book.read(None) {
        Ok(p) => p,
        Err(e) => panic!("whole book: {e}"),
    };
    assert!(!part.complete);
    assert!(whole.complete);
    assert_eq!(title(&part.doc), Some("江城百景"));
    assert_eq!(part.doc.meta.author.as_deref(), Some("林晚舟"));
    // The outline is whole before the later chapters are read: each
    // chapter and its subheading, at their levels, as in the whole book.
    let expected = outline(&whole.doc);
    assert_eq!(expected.len(), 48);
    assert_eq!(expected[0], ("第1章 码头", 1));
    assert_eq!(expected[1], ("早市", 2));
    assert_eq!(expected[47], ("归途", 2));
    assert_eq!(outline(&part.doc), expected);
    // The first chapters' text is there, the later chapters' is not.
    assert_eq!(
        first_and_last_sentence(&part.doc).0,
        "清晨的雾气还没有散去，码头边上已经有人走动了。"
    );
    assert!(
        part.doc
            .text
            .contains("这是第2章的最后一句话，写的是老街。")
    );
    assert!(!part.doc.text.contains("这是第3章的最后一句话"));
    assert!(!part.doc.text.contains("写的是驿站"));
    assert_eq!(
        first_and_last_sentence(&whole.doc).1,
        "这是第24章的最后一句话，写的是驿站。"
    );
    // What the part read is the whole book's text, byte for byte.
    assert!(part.loaded > 1500 && part.loaded < part.doc.text.len());
    assert_eq!(
        part.doc.text.get(..part.loaded),
        whole.doc.text.get(..part.loaded)
    );
    // A place in a chapter not read yet — any heading of its outline —
    // maps to that heading in the whole book; places read stay.
    for (i, s) in part.doc.sections.iter().enumerate() {
        let Some(h) = s.heading else { continue };
        let at = part.map_to(&whole.marks, h.start);
        let want = whole.doc.sections[i].heading.map(|h| h.start);
        assert_eq!(Some(at), want, "{}", part.doc.span_text(h));
    }
    let body = part.doc.text.find("老周把竹篮").unwrap_or(0);
    assert_eq!(part.map_to(&whole.marks, body), body);
}

#[test]
fn gbk_news_page_is_its_article() {
    let doc = load("page.gbk.html");
    assert_eq!(doc.source.format, Format::Html);
    assert_eq!(doc.source.encoding, "GB18030");
    assert_eq!(title(&doc), Some("江边早市迎来客流高峰"));
    assert_eq!(doc.meta.date.as_deref(), Some("2024-05-18T08:30:00+08:00"));
    assert_eq!(
        outline(&doc),
        [("新摊位集中在北区", 1), ("停车难仍待解决", 1)]
    );
    let (first, last) = first_and_last_sentence(&doc);
    assert_eq!(first, "五一假期以后，江边早市的客流持续增加。");
    assert_eq!(
        last,
        "“早市是老百姓的菜篮子，也是这座城市的烟火气。”一位在早市买了三十年菜的老人这样说。"
    );
    // Navigation, ads, related links, comments, footer and scripts are gone.
    for absent in [
        "江城晚报网首页",
        "要闻",
        "家电大促销",
        "首页 >",
        "相关新闻",
        "网友评论",
        "热点排行",
        "楼盘",
        "版权所有",
        "备案号",
        "弹窗广告",
        "_hmt",
        "分享到",
    ] {
        assert!(!doc.text.contains(absent), "{absent} in {}", doc.text);
    }
}

#[test]
fn format_in_forces_the_reader() {
    let doc = read::load(&fixture("book.md"), Some(Format::Plain)).unwrap_or_default();
    assert_eq!(doc.source.format, Format::Plain);
    assert!(doc.text.contains("title: 江城旧事"));
    // HTML given as plain text stays markup.
    let doc = read::load(&fixture("page.gbk.html"), Some(Format::Plain)).unwrap_or_default();
    assert!(doc.text.contains("<title>"));
}

#[test]
fn formats_found_without_extensions() {
    for (name, format) in [
        ("book.docx", Format::Docx),
        ("book.epub", Format::Epub),
        ("page.gbk.html", Format::Html),
    ] {
        let bytes = std::fs::read(fixture(name)).unwrap_or_default();
        let doc = read::from_bytes(&bytes, None, None).unwrap_or_default();
        assert_eq!(doc.source.format, format, "{name}");
        assert!(title(&doc).is_some(), "{name}");
    }
}

// ---- bad input: one clear line, never a panic ------------------------------

fn error_of(bytes: &[u8], name: &str) -> String {
    match read::from_bytes(bytes, Some(Path::new(name)), None) {
        Ok(d) => panic!("{name} read as a document: {:?}", d.text),
        Err(e) => {
            let msg = e.to_string();
            assert!(!msg.contains('\n'), "{msg}");
            msg
        }
    }
}

#[test]
fn truncated_epub_and_docx_are_errors() {
    for name in ["book.epub", "book.docx"] {
        let bytes = std::fs::read(fixture(name)).unwrap_or_default();
        for cut in [10, bytes.len() / 3, bytes.len() / 2, bytes.len() - 30] {
            let msg = error_of(&bytes[..cut], name);
            assert!(
                msg.contains("zip") || msg.contains("archive"),
                "{name} at {cut}: {msg}"
            );
        }
    }
}

#[test]
fn docx_that_is_not_a_zip() {
    let msg = error_of("这不是一个Word文件。".as_bytes(), "report.docx");
    assert!(msg.starts_with("not a valid DOCX file"), "{msg}");
}

/// Rewrites book.epub with an encryption.xml that covers a chapter, as DRM
/// does.
#[test]
fn encrypted_epub_is_refused() {
    use std::io::{Read, Write};
    let bytes = std::fs::read(fixture("book.epub")).unwrap_or_default();
    let mut zin =
        zip::ZipArchive::new(std::io::Cursor::new(&bytes[..])).unwrap_or_else(|e| panic!("{e}"));
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut zout = zip::ZipWriter::new(&mut out);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        for i in 0..zin.len() {
            let mut f = zin.by_index(i).unwrap_or_else(|e| panic!("{e}"));
            let name = f.name().map(|n| n.to_string()).unwrap_or_default();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap_or_default();
            zout.start_file(name, opts)
                .unwrap_or_else(|e| panic!("{e}"));
            zout.write_all(&data).unwrap_or_default();
        }
        zout.start_file("META-INF/encryption.xml", opts)
            .unwrap_or_else(|e| panic!("{e}"));
        zout.write_all(br#"<?xml version="1.0"?><encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData><enc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#aes128-cbc"/><enc:CipherData><enc:CipherReference URI="EPUB/text/ch001.xhtml"/></enc:CipherData></enc:EncryptedData></encryption>"#)
            .unwrap_or_default();
        zout.finish().unwrap_or_else(|e| panic!("{e}"));
    }
    let msg = error_of(out.get_ref(), "book.epub");
    assert!(msg.contains("encrypted"), "{msg}");
}

#[test]
fn html_without_article_or_text() {
    // No text at all: an error.
    let msg = error_of(
        b"<html><head><script>track()</script></head><body><nav><a href=/>\xe9\xa6\x96\xe9\xa1\xb5</a></nav></body></html>",
        "empty.html",
    );
    assert_eq!(msg, "no text found in the page");
    // A page too short for an article: its body text, still a document.
    let page = "<html><head><title>通知</title></head><body><p>明天停水。</p></body></html>";
    let doc =
        read::from_bytes(page.as_bytes(), Some(Path::new("n.html")), None).unwrap_or_default();
    assert!(doc.text.contains("明天停水。"), "{:?}", doc.text);
}

#[test]
fn markdown_of_one_huge_code_block() {
    let mut src = String::from("```\n");
    let line = "let 数值 = compute(1, 2, 3); // 注释\n";
    while src.len() < 5 << 20 {
        src.push_str(line);
    }
    let doc = read::from_text(&src, Format::Markdown);
    assert_eq!(doc.paragraphs.len(), 1);
    assert_eq!(doc.paragraphs[0].kind, BlockKind::Code);
    // One sentence a line, every line whole.
    assert_eq!(doc.sentences.len(), src.lines().count() - 1);
    assert_eq!(doc.span_text(doc.sentences[0].span), line.trim_end());
}

/// The page's words map back to where they stand in its (decoded) source:
/// every sentence the source holds as one run of text maps onto it, and
/// so does each heading.
#[test]
fn html_positions_map_back_to_the_page_source() {
    let bytes = std::fs::read(fixture("page.gbk.html")).unwrap_or_default();
    let src = read::html::decode(&bytes)
        .map(|d| d.text)
        .unwrap_or_default();
    let doc = load("page.gbk.html");
    assert!(!doc.source.map.is_empty());
    let back = |pos: usize| doc.source.map.to_source(pos).unwrap_or(usize::MAX);
    let mut checked = 0;
    for s in &doc.sentences {
        let t = doc.span_text(s.span);
        if !src.contains(t) {
            continue;
        }
        let at = back(s.span.start);
        assert!(
            src.get(at..).is_some_and(|rest| rest.starts_with(t)),
            "{t:?} maps to {:?}",
            src.get(at..)
                .map(|r| r.chars().take(30).collect::<String>())
        );
        checked += 1;
    }
    assert!(checked >= 5, "only {checked} sentences checked");
    for sec in &doc.sections {
        if let Some(h) = sec.heading {
            let t = doc.span_text(h);
            let at = back(h.start);
            assert!(src.get(at..).is_some_and(|r| r.starts_with(t)), "{t}");
            // The heading's place is in the body, not in the head's title.
            assert!(at > src.find("<body").unwrap_or(0), "{t}");
        }
    }
}
