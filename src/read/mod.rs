//! read: one reader per format — plain text, Markdown, HTML, EPUB, DOCX.
//!
//! Every reader produces the same [`Document`]; nothing after this stage
//! knows the format. Plain text goes to `parse`; the others render their
//! source into blocks through [`build::Builder`] (headings with levels,
//! paragraphs of each kind, inline styles, a map back to the source where
//! the source is text) and `parse` assembles sections and sentences.
//!
//! The format is found from the content and the file name ([`detect`]), or
//! forced (`--format-in`).

pub(crate) mod build;
pub mod docx;
pub mod epub;
pub mod html;
pub mod markdown;
mod nesting;
pub mod raw;
mod xml;

use crate::decode;
use crate::model::{Document, Format};
use std::path::Path;

impl Format {
    /// The format by file extension, else by content: a zip holding an
    /// EPUB's `mimetype` or a DOCX's `word/document.xml`; HTML markup at the
    /// top; Markdown when the text opens with front matter or a `# `
    /// heading, or has at least two of them. Plain text otherwise.
    pub fn detect(path: Option<&Path>, text: &str) -> Format {
        if let Some(f) = path.and_then(by_extension) {
            // A .md file without any Markdown block markup is plain text.
            if f == Format::Markdown && !has_markdown_markup(text) {
                return Format::Plain;
            }
            return f;
        }
        if looks_like_html(text.as_bytes()) {
            return Format::Html;
        }
        if looks_like_markdown(text) {
            Format::Markdown
        } else {
            Format::Plain
        }
    }

    /// `txt`, `md`, `html`, `epub`, `docx` (and their usual variants).
    pub fn from_name(name: &str) -> Option<Format> {
        Some(match name.to_ascii_lowercase().as_str() {
            "txt" | "text" | "plain" => Format::Plain,
            "md" | "markdown" | "mdown" | "mkd" => Format::Markdown,
            "html" | "htm" | "xhtml" | "shtml" => Format::Html,
            "epub" => Format::Epub,
            "docx" => Format::Docx,
            _ => return None,
        })
    }
}

fn by_extension(path: &Path) -> Option<Format> {
    Format::from_name(path.extension()?.to_str()?)
}

/// Whether any line opens a Markdown block (`#` heading, fence, list item,
/// quote, table row, front matter) or holds inline markup (`**`, code, links).
fn has_markdown_markup(text: &str) -> bool {
    text.lines().map(str::trim_start).any(|l| {
        l.starts_with('#')
            || l.starts_with("```")
            || l.starts_with("~~~")
            || l.starts_with("- ")
            || l.starts_with("* ")
            || l.starts_with("> ")
            || l.starts_with('|')
            || l == "---"
            || l.contains("**")
            || l.contains('`')
            || l.contains("](")
    })
}

fn looks_like_html(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    let t = head.trim_start_matches('\u{feff}').trim_start();
    t.starts_with("<!doctype html")
        || t.starts_with("<html")
        || (t.starts_with('<') && (t.contains("<head") || t.contains("<body")))
}

fn looks_like_markdown(text: &str) -> bool {
    let is_atx = |l: &str| {
        let t = l.trim_start_matches('#');
        let n = l.len() - t.len();
        (1..=6).contains(&n) && t.starts_with(' ')
    };
    let t = text.trim_start_matches('\u{feff}');
    if (t.starts_with("---\n") || t.starts_with("---\r\n") || t.starts_with("+++\n"))
        && let Some(first) = t.lines().nth(1)
        && (first.contains(": ") || first.contains(" = "))
    {
        return true;
    }
    let mut non_blank = t.lines().map(str::trim).filter(|l| !l.is_empty());
    if non_blank.next().is_some_and(is_atx) {
        return true;
    }
    t.lines().filter(|l| is_atx(l.trim())).take(2).count() >= 2
}

/// The format of a file's bytes when they are a zip container.
fn zip_format(bytes: &[u8]) -> Option<Format> {
    if !bytes.starts_with(b"PK\x03\x04") {
        return None;
    }
    // The EPUB's first entry is `mimetype`, stored, holding its type.
    if bytes.len() > 38 && bytes[30..38] == *b"mimetype" {
        return Some(Format::Epub);
    }
    let probe = &bytes[..bytes.len().min(1 << 16)];
    let has = |needle: &[u8]| probe.windows(needle.len()).any(|w| w == needle);
    if has(b"word/") {
        Some(Format::Docx)
    } else if has(b"META-INF/container.xml") || has(b"application/epub+zip") {
        Some(Format::Epub)
    } else {
        None
    }
}

/// Renders text in a text format (Markdown, HTML; anything else is plain).
pub fn from_text(text: &str, format: Format) -> Document {
    match format {
        Format::Markdown => markdown::read(text),
        Format::Html => html::read(text),
        _ => crate::parse::parse(text.to_string(), Format::Plain),
    }
}

/// Reads a document from bytes: the format forced, or found from the name
/// and the content ([`Format::detect`], zip containers by their entries).
pub fn from_bytes(
    bytes: &[u8],
    path: Option<&Path>,
    forced: Option<Format>,
) -> anyhow::Result<Document> {
    match read_bytes(bytes, path, forced)? {
        Read::Document(doc) => Ok(*doc),
        Read::Plain(decoded) => Ok(parse_plain(decoded)),
    }
}

/// What [`read_bytes`] gives: a parsed document, or a plain text decoded
/// but not parsed yet (its caller may parse a part first: the browser
/// shows the first screen of a big file before the rest is parsed).
pub enum Read {
    Document(Box<Document>),
    Plain(crate::decode::Decoded),
}

/// Parses a decoded plain text ([`Read::Plain`]) as [`from_bytes`] does.
pub fn parse_plain(decoded: crate::decode::Decoded) -> Document {
    use crate::timings::{Phase, time};
    let mut doc = time(Phase::Parse, || {
        crate::parse::parse(decoded.text, Format::Plain)
    });
    doc.source.encoding = decoded.encoding.to_string();
    doc.source.warnings = decoded.warnings;
    doc
}

/// The format forced, else that of a zip container (EPUB, DOCX) by its
/// entries or its name; `None` for a text format.
pub fn container_format(
    bytes: &[u8],
    path: Option<&Path>,
    forced: Option<Format>,
) -> Option<Format> {
    let named = path.and_then(by_extension);
    forced
        .or_else(|| zip_format(bytes))
        .or(named.filter(|f| matches!(f, Format::Epub | Format::Docx)))
}

/// [`from_bytes`], leaving a plain text unparsed.
pub fn read_bytes(
    bytes: &[u8],
    path: Option<&Path>,
    forced: Option<Format>,
) -> anyhow::Result<Read> {
    use crate::timings::{Phase, time};
    let named = path.and_then(by_extension);
    let mut doc = match container_format(bytes, path, forced) {
        Some(Format::Epub) => time(Phase::Parse, || epub::read(bytes))?,
        Some(Format::Docx) => time(Phase::Parse, || docx::read(bytes))?,
        _ => {
            let html = forced == Some(Format::Html)
                || (forced.is_none()
                    && (named == Some(Format::Html)
                        || (named.is_none() && looks_like_html(bytes))));
            let decoded = if html {
                time(Phase::Decode, || html::decode(bytes))?
            } else {
                time(Phase::Decode, || decode::decode(bytes))?
            };
            let format = match forced {
                Some(f) => f,
                None if html => Format::Html,
                None => Format::detect(path, &decoded.text),
            };
            check_size(decoded.text.len())?;
            if format == Format::Plain {
                return Ok(Read::Plain(decoded));
            }
            let mut doc = time(Phase::Parse, || match format {
                Format::Plain => Ok(crate::parse::parse(decoded.text, Format::Plain)),
                // A page without text is an error, not an empty document.
                Format::Html => html::read_page(&decoded.text),
                other => Ok(from_text(&decoded.text, other)),
            })?;
            doc.source.encoding = decoded.encoding.to_string();
            doc.source.warnings = decoded.warnings;
            doc
        }
    };
    check_size(doc.text.len())?;
    if doc.source.encoding.is_empty() {
        doc.source.encoding = "UTF-8".to_string();
    }
    Ok(Read::Document(Box::new(doc)))
}

/// The largest text a document may have: tokens hold `u32` offsets
/// (`model::Token`).
pub const MAX_TEXT: usize = u32::MAX as usize;

/// A text over [`MAX_TEXT`] is refused with a one-line error.
fn check_size(len: usize) -> anyhow::Result<()> {
    if len > MAX_TEXT {
        anyhow::bail!(
            "the text is {:.1} GB; documents over 4 GB are not supported (split the file)",
            len as f64 / 1e9
        );
    }
    Ok(())
}

/// The head of a big file ([`crate::source::read_head`]) decoded, with
/// its format, when the file is a plain text or Markdown (by its name, the
/// forced format and the head's content, as [`read_bytes`] decides for the
/// whole): the browser shows it before the rest is read. `None` otherwise,
/// and when the head does not decode (reading the whole gives the error).
pub fn text_head(
    head: &[u8],
    path: &Path,
    forced: Option<Format>,
) -> Option<(crate::decode::Decoded, Format)> {
    use crate::timings::{Phase, time};
    let named = by_extension(path);
    let other = forced
        .or_else(|| zip_format(head))
        .or(named.filter(|f| matches!(f, Format::Epub | Format::Docx)));
    if other.is_some_and(|f| !matches!(f, Format::Plain | Format::Markdown))
        || is_page(head, path, forced)
    {
        return None;
    }
    let decoded = time(Phase::Decode, || decode::decode_head(head)).ok()?;
    let format = forced.unwrap_or_else(|| Format::detect(Some(path), &decoded.text));
    matches!(format, Format::Plain | Format::Markdown).then_some((decoded, format))
}

/// Whether a file whose head is `head` is read as a web page (by the forced
/// format, its name or its content, as [`read_bytes`] decides).
fn is_page(head: &[u8], path: &Path, forced: Option<Format>) -> bool {
    let named = by_extension(path);
    match forced {
        Some(f) => f == Format::Html,
        None => named == Some(Format::Html) || (named.is_none() && looks_like_html(head)),
    }
}

/// The head of a big web page rendered for a first screen
/// ([`html::read_head`]: its body as far as the head goes, without the
/// readability step), when the file is a page. The page's declared
/// charset decodes it.
pub fn page_head(head: &[u8], path: &Path, forced: Option<Format>) -> Option<Document> {
    if !is_page(head, path, forced) || zip_format(head).is_some() {
        return None;
    }
    let decoded = html::decode(head).ok()?;
    let mut doc = html::read_head(&decoded.text);
    doc.source.encoding = decoded.encoding.to_string();
    Some(doc)
}

/// The beginning of a Markdown text read for a first screen: `head` cut
/// before a code fence it leaves open (so that the rest does not show as
/// code), then rendered as [`markdown::read`] renders the whole.
pub fn markdown_head(head: &str) -> Document {
    let mut open_fence = None;
    let mut at = 0;
    for line in head.split_inclusive('\n') {
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            open_fence = match open_fence {
                None => Some(at),
                Some(_) => None,
            };
        }
        at += line.len();
    }
    markdown::read(&head[..open_fence.unwrap_or(head.len())])
}

/// Reads, decodes and parses one file (`-` is standard input), the format
/// forced or found.
pub fn load(path: &Path, forced: Option<Format>) -> anyhow::Result<Document> {
    let mut doc = match load_unparsed(path, forced)? {
        Read::Document(doc) => *doc,
        Read::Plain(decoded) => parse_plain(decoded),
    };
    doc.source.path = Some(path.display().to_string());
    Ok(doc)
}

/// [`load`] leaving a plain text decoded but unparsed ([`Read::Plain`]):
/// `annotate` segments it while it is parsed. The document's
/// `source.path` is the caller's to set ([`plain_document`]).
pub fn load_unparsed(path: &Path, forced: Option<Format>) -> anyhow::Result<Read> {
    use crate::timings::{Phase, time};
    let bytes = time(Phase::Read, || crate::source::read_bytes(path))?;
    let name = if path.as_os_str() == "-" {
        "standard input".to_string()
    } else {
        path.display().to_string()
    };
    let named = (path.as_os_str() != "-").then_some(path);
    read_bytes(&bytes, named, forced).map_err(|e| anyhow::anyhow!("{name}: {e}"))
}

/// The document [`parse_plain`] makes of `decoded`, from its parse by
/// [`crate::parse::parse_str`] (done elsewhere, the text borrowed).
pub fn plain_document(parsed: Document, decoded: crate::decode::Decoded) -> Document {
    let mut doc = Document {
        text: decoded.text,
        ..parsed
    };
    doc.source.encoding = decoded.encoding.to_string();
    doc.source.warnings = decoded.warnings;
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_over_4_gb_are_refused_in_one_line() {
        assert!(check_size(MAX_TEXT).is_ok());
        let err = check_size(MAX_TEXT + 1).map_err(|e| e.to_string());
        assert!(
            matches!(&err, Err(e) if e.contains("over 4 GB") && !e.contains('\n')),
            "{err:?}"
        );
    }

    #[test]
    fn a_big_files_head_is_shown_first_when_plain_or_markdown() {
        let md = "# 标题\n\n正文第一段。\n\n- 一项\n- 二项\n".repeat(2000);
        let text = "第一段。\n\n第二段。\n".repeat(2000);
        let page = "<html><body><p>段落。</p></body></html>".repeat(200);
        let format = |name: &str, src: &str| {
            text_head(src.as_bytes(), Path::new(name), None).map(|(_, f)| f)
        };
        assert_eq!(format("a.md", &md), Some(Format::Markdown));
        assert_eq!(format("a.txt", &text), Some(Format::Plain));
        assert_eq!(format("a.html", &page), None);
        assert_eq!(format("a.epub", &text), None);
    }

    #[test]
    fn a_big_pages_head_shows_its_body_so_far() {
        let page = format!(
            "<html><head><meta charset=\"utf-8\"><title>通知</title></head><body>{}",
            "<p>北京市发布通知。</p>".repeat(500)
        );
        // The head ends inside a tag: the body read so far is shown.
        let head = &page.as_bytes()[..page.len() - 5];
        let Some(doc) = page_head(head, Path::new("a.html"), None) else {
            panic!("a page's head");
        };
        assert_eq!(doc.source.format, Format::Html);
        assert!(doc.paragraphs.len() >= 498, "{}", doc.paragraphs.len());
        assert!(doc.text.contains("北京市发布通知。"));
        assert!(page_head(head, Path::new("a.txt"), Some(Format::Plain)).is_none());
        assert!(page_head(b"plain text", Path::new("a.txt"), None).is_none());
    }

    #[test]
    fn a_markdown_head_is_cut_before_a_fence_it_leaves_open() {
        let head = "# 第一章\n\n正文。\n\n```\ncode\n```\n\n后文。\n\n```rust\nfn main() {";
        let doc = markdown_head(head);
        assert!(doc.text.contains("后文。"), "{:?}", doc.text);
        assert!(!doc.text.contains("fn main"), "{:?}", doc.text);
        assert!(
            doc.text.contains("code"),
            "a closed fence stays: {:?}",
            doc.text
        );
        assert_eq!(doc.source.format, Format::Markdown);
    }

    #[test]
    fn detect_format() {
        assert_eq!(
            Format::detect(Some(Path::new("a.md")), "x\n\n- y"),
            Format::Markdown
        );
        assert_eq!(
            Format::detect(Some(Path::new("a.txt")), "# x\n## y"),
            Format::Plain
        );
        // A .md file without any Markdown markup is plain text.
        assert_eq!(
            Format::detect(
                Some(Path::new("law.md")),
                "某某法\n\n第一章　总则\n\n第一条　正文。"
            ),
            Format::Plain
        );
        assert_eq!(Format::detect(None, "\n# 标题\n正文"), Format::Markdown);
        assert_eq!(Format::detect(None, "#话题#\n正文"), Format::Plain);
        assert_eq!(
            Format::detect(None, "---\ntitle: 山路\n---\n正文"),
            Format::Markdown
        );
        assert_eq!(Format::detect(None, "---\n正文\n"), Format::Plain);
        assert_eq!(
            Format::detect(None, "<!DOCTYPE html><html><body>正文</body></html>"),
            Format::Html
        );
        assert_eq!(
            Format::detect(Some(Path::new("a.HTM")), "正文"),
            Format::Html
        );
    }

    #[test]
    fn zip_containers_by_their_entries() {
        assert_eq!(zip_format(b"PK\x03\x04"), None);
        assert_eq!(zip_format(b"plain"), None);
        let mut epub = b"PK\x03\x04".to_vec();
        epub.extend([0u8; 26]);
        epub.extend(b"mimetypeapplication/epub+zip");
        assert_eq!(zip_format(&epub), Some(Format::Epub));
    }
}
