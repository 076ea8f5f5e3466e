//! Open times of big documents in the formats people keep them in: a
//! generated 300-chapter EPUB (EPUB 3, navigation document, one XHTML file
//! per chapter of about 3,000 characters) and a 2 MB HTML page (navigation,
//! scripts and an article of many paragraphs). Each file is written to a
//! temporary directory and read with `read::load`, as `annotate` does; the
//! best of five runs is printed. For the EPUB also as the browser opens it:
//! the first chapters and the whole outline before the first frame, the
//! other chapters after it (`tui::reader::book`).
//!
//! ```text
//! cargo run --release --example formats_open [CHAPTERS] [HTML_MB]
//! ```

use std::io::Write;
use std::time::Instant;

const SENTENCES: &[&str] = &[
    "清晨的雾气还没有散去，码头上已经站满了等船的人。",
    "老周把竹篮放在脚边，一边抽烟一边看着江面。",
    "渡船每天往返六趟，票价从两角涨到了五角。",
    "老街两旁的店铺大多是木板门，早上一块一块卸下来。",
    "天黑以后，街口的路灯一盏一盏亮起来，老街又安静了。",
    "他说：“今天的船又要晚了。”旁边卖早点的阿婆笑着点点头。",
];

fn paragraph(seed: usize, sentences: usize) -> String {
    (0..sentences)
        .map(|k| SENTENCES[(seed * 7 + k * 3) % SENTENCES.len()])
        .collect()
}

fn epub(chapters: usize) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut out);
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        let deflated = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        let mut put = |name: &str, body: &str, opts| {
            z.start_file(name, opts).expect("zip entry");
            z.write_all(body.as_bytes()).expect("zip write");
        };
        put("mimetype", "application/epub+zip", stored);
        put(
            "META-INF/container.xml",
            r#"<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="EPUB/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>"#,
            deflated,
        );
        let mut manifest = String::new();
        let mut spine = String::new();
        let mut nav = String::new();
        for i in 1..=chapters {
            manifest.push_str(&format!(
                r#"<item id="c{i}" href="text/ch{i:03}.xhtml" media-type="application/xhtml+xml"/>"#
            ));
            spine.push_str(&format!(r#"<itemref idref="c{i}"/>"#));
            nav.push_str(&format!(
                r#"<li><a href="text/ch{i:03}.xhtml#h{i}">第{i}章 江边</a><ol><li><a href="text/ch{i:03}.xhtml#s{i}">早市</a></li></ol></li>"#
            ));
            let mut body = format!(r#"<section id="h{i}"><h1>第{i}章 江边</h1>"#);
            for p in 0..10 {
                body.push_str(&format!("<p>{}</p>", paragraph(i + p, 6)));
            }
            body.push_str(&format!(r#"<h2 id="s{i}">早市</h2>"#));
            for p in 0..10 {
                body.push_str(&format!("<p>{}</p>", paragraph(i * 3 + p, 6)));
            }
            body.push_str("</section>");
            put(
                &format!("EPUB/text/ch{i:03}.xhtml"),
                &format!(
                    r#"<?xml version="1.0" encoding="UTF-8"?><html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"><head><title>第{i}章</title></head><body>{body}</body></html>"#
                ),
                deflated,
            );
        }
        put(
            "EPUB/nav.xhtml",
            &format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"><body><nav epub:type="toc"><ol>{nav}</ol></nav></body></html>"#
            ),
            deflated,
        );
        put(
            "EPUB/content.opf",
            &format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:identifier id="id">gen</dc:identifier><dc:title>江城长卷</dc:title><dc:creator>林晚舟</dc:creator><dc:language>zh</dc:language></metadata><manifest><item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>{manifest}</manifest><spine>{spine}</spine></package>"#
            ),
            deflated,
        );
        z.finish().expect("zip finish");
    }
    out.into_inner()
}

fn html(mb: usize) -> String {
    let mut s = String::from(
        r#"<!DOCTYPE html><html><head><meta charset="utf-8"><title>江边早市迎来客流高峰_江城晚报网</title><meta name="author" content="许远"><script>var track = 1;</script></head><body><nav><ul><li><a href="/">首页</a></li><li><a href="/news">要闻</a></li></ul></nav><article><h1>江边早市迎来客流高峰</h1>"#,
    );
    let mut i = 0;
    while s.len() < mb << 20 {
        if i % 40 == 0 {
            s.push_str(&format!("<h2>第{}部分</h2>", i / 40 + 1));
        }
        s.push_str(&format!("<p>{}</p>\n", paragraph(i, 5)));
        i += 1;
    }
    s.push_str("</article><footer>版权所有</footer></body></html>");
    s
}

/// Best of `n` runs: (ms to read the document, ms until the browser's
/// first frame is drawn — read, wrap and draw, before any annotation).
fn best_of(n: usize, path: &std::path::Path) -> (f64, f64, yuelan::model::Document) {
    use ratatui::{Terminal, backend::TestBackend};
    use std::sync::Arc;
    use yuelan::model::Annotated;
    let (mut read, mut frame) = (f64::MAX, f64::MAX);
    let mut doc = None;
    for _ in 0..n {
        let t = Instant::now();
        let d = yuelan::read::load(path, None).expect("read");
        read = read.min(t.elapsed().as_secs_f64() * 1e3);
        let mut app = yuelan::tui::App::on(Arc::new(Annotated::unannotated(d.clone())), "doc");
        app.resize(120, 40);
        let mut term = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
        term.draw(|f| yuelan::tui::view::draw(f, &app))
            .expect("draw");
        frame = frame.min(t.elapsed().as_secs_f64() * 1e3);
        doc = Some(d);
    }
    (read, frame, doc.expect("one run"))
}

/// Best of `n` runs of the browser's way into a book: the package, the
/// table of contents and the first chapters, then the first frame.
fn book_first_frame(n: usize, path: &std::path::Path) -> (f64, yuelan::model::Document) {
    use ratatui::{Terminal, backend::TestBackend};
    use std::sync::Arc;
    use yuelan::model::Annotated;
    use yuelan::tui::reader::book::PREVIEW_BYTES;
    let mut frame = f64::MAX;
    let mut doc = None;
    for _ in 0..n {
        let t = Instant::now();
        let bytes = std::fs::read(path).expect("read");
        let book = yuelan::read::epub::Book::open(bytes).expect("open");
        let part = book.read(Some(PREVIEW_BYTES)).expect("first part");
        let mut app =
            yuelan::tui::App::on(Arc::new(Annotated::unannotated(part.doc.clone())), "doc");
        app.resize(120, 40);
        let mut term = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
        term.draw(|f| yuelan::tui::view::draw(f, &app))
            .expect("draw");
        frame = frame.min(t.elapsed().as_secs_f64() * 1e3);
        doc = Some(part.doc);
    }
    (frame, doc.expect("one run"))
}

fn main() {
    let mut args = std::env::args().skip(1);
    let chapters: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(300);
    let mb: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(2);
    let dir = tempfile::tempdir().expect("temp dir");
    let book = dir.path().join("book.epub");
    std::fs::write(&book, epub(chapters)).expect("write epub");
    let page = dir.path().join("page.html");
    std::fs::write(&page, html(mb)).expect("write html");
    for path in [&book, &page] {
        let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        let (ms, frame, doc) = best_of(5, path);
        println!(
            "{}: {:.1} KB file, {} chars of text, {} sections, {} paragraphs: read {:.0} ms, first frame {:.0} ms (best of 5)",
            path.file_name().and_then(|n| n.to_str()).unwrap_or(""),
            size as f64 / 1024.0,
            doc.text.chars().count(),
            doc.sections.len(),
            doc.paragraphs.len(),
            ms,
            frame
        );
    }
    let (frame, doc) = book_first_frame(5, &book);
    println!(
        "book.epub as the browser opens it: first part {} chars of text, {} sections (the whole outline): first frame {:.0} ms (best of 5; the other chapters are read after it)",
        doc.text.chars().count(),
        doc.sections.len(),
        frame
    );
}
