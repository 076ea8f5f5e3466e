//! HTML: a saved web page opens as its article. The bytes are decoded in
//! the charset the page declares (GBK included); dom_smoothie (Mozilla's
//! readability algorithm over html5ever) finds the main text and the
//! page's title, byline and date; the article's HTML is then walked into
//! blocks: h1–h6 as sections, paragraphs, lists, quotes, `pre` as code,
//! tables as aligned text. Navigation, scripts, forms and footers are never
//! text. EPUB chapters are walked the same way, without the readability
//! step ([`Walker`]).

use super::build::{Block, Builder, Nesting, Table};
use super::markdown::byline;
use crate::decode::{self, Decoded};
use crate::model::{BlockKind, Document, Format, Meta, StyleKind};
use dom_query::NodeRef;

/// Decodes a page: a byte-order mark first, then the charset the page
/// declares in its first 2 KB (`<meta charset>` or `http-equiv`), else
/// detection.
pub fn decode(bytes: &[u8]) -> Result<Decoded, decode::DecodeError> {
    if encoding_rs::Encoding::for_bom(bytes).is_none()
        && let Some(enc) = declared_charset(bytes)
    {
        // GB2312 and GBK pages are decoded as GB18030, their superset.
        let enc = if enc == encoding_rs::GBK {
            encoding_rs::GB18030
        } else {
            enc
        };
        let (text, _, had_errors) = enc.decode(bytes);
        let mut warnings = Vec::new();
        if had_errors {
            warnings.push(format!(
                "some bytes are not valid {} (the page's declared charset) and were replaced",
                enc.name()
            ));
        }
        return Ok(Decoded {
            text: decode::normalise_newlines(&text),
            // Named as `decode` names it.
            encoding: if enc == encoding_rs::GB18030 {
                "GB18030"
            } else {
                enc.name()
            },
            warnings,
        });
    }
    decode::decode(bytes)
}

fn declared_charset(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = &bytes[..bytes.len().min(2048)];
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    let mut rest = head.as_str();
    while let Some(i) = rest.find("charset") {
        rest = &rest[i + "charset".len()..];
        let value = rest.trim_start().strip_prefix('=')?.trim_start();
        let value = value.trim_start_matches(['"', '\'']);
        let end = value
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.')))
            .unwrap_or(value.len());
        if let Some(enc) = encoding_rs::Encoding::for_label(&value.as_bytes()[..end]) {
            // A page that says UTF-16 in ASCII is not UTF-16.
            if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
                return Some(encoding_rs::UTF_8);
            }
            return Some(enc);
        }
    }
    None
}

/// Elements that are never text.
const SKIP: &[&str] = &[
    "script", "style", "noscript", "template", "head", "nav", "footer", "aside", "form", "button",
    "iframe", "svg", "select", "textarea", "input", "object", "video", "audio", "canvas", "map",
    "menu", "dialog",
];

/// Elements that start and end a block.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "figure",
    "figcaption",
    "dd",
    "dt",
    "dl",
    "address",
    "center",
    "details",
    "summary",
    "body",
    "html",
    "caption",
    "hgroup",
];

/// Walks HTML elements into a [`Builder`].
pub(crate) struct Walker<'b> {
    pub b: &'b mut Builder,
    nest: Nesting,
    /// Headings that repeat one of these (the title, a chapter's name from
    /// the table of contents) are dropped while no block is written after
    /// the first `mark` blocks.
    pub repeats: Vec<String>,
    pub mark: usize,
    /// Where the text ended just after a list item's marker (a block
    /// inside the item continues the item's line).
    marker_end: Option<usize>,
    /// EPUB chapters: heading levels by element id (from the table of
    /// contents); other headings go one level below the last one.
    pub ids: Option<std::collections::HashMap<String, u8>>,
    pub base: u8,
    /// The level an element named in `ids` gave the next heading (the id
    /// is often on the heading's `section`).
    pending: Option<u8>,
    /// Finds the text's words in the page's source (for the source map).
    pub locate: Option<Locate<'b>>,
}

/// Where the words of a page's text stand in its source: each word is
/// looked for after the last one found, near it first (the article's
/// words come in source order; what readability left out lies between).
/// A word written with entities is not found, and maps to the run before.
pub(crate) struct Locate<'a> {
    src: &'a str,
    at: usize,
    /// Searches of the whole rest of the page left (each costs its length).
    far: u32,
}

impl<'a> Locate<'a> {
    /// From the page's `<body>` on (words of the head's title and
    /// descriptions are not the article's).
    pub fn new(src: &'a str) -> Locate<'a> {
        let at = src.find("<body").or_else(|| src.find("<BODY")).unwrap_or(0);
        Locate { src, at, far: 4 }
    }

    /// Where `word` is next in the source.
    fn find(&mut self, word: &str) -> Option<usize> {
        const NEAR: usize = 1 << 16;
        let rest = self.src.get(self.at..)?;
        let end = crate::text::floor_boundary(rest, NEAR);
        let i = match rest[..end].find(word) {
            Some(i) => i,
            None if end < rest.len() && self.far > 0 => {
                self.far -= 1;
                rest.find(word)?
            }
            None => return None,
        };
        let found = self.at + i;
        self.at = found + word.len();
        Some(found)
    }
}

impl<'b> Walker<'b> {
    pub fn new(b: &'b mut Builder) -> Walker<'b> {
        Walker {
            b,
            nest: Nesting::default(),
            repeats: Vec::new(),
            mark: 0,
            marker_end: None,
            ids: None,
            base: 0,
            pending: None,
            locate: None,
        }
    }

    fn close(&mut self) {
        let spec = self.nest.spec();
        self.b.close(spec);
    }

    /// Text as a browser shows it: runs of space are one space; a line
    /// break beside Chinese is nothing.
    fn text(&mut self, s: &str) {
        let mut rest = s;
        while !rest.is_empty() {
            let word_end = rest
                .find(|c: char| c.is_ascii_whitespace())
                .unwrap_or(rest.len());
            if word_end > 0 {
                let word = &rest[..word_end];
                match self.locate.as_mut().and_then(|l| l.find(word)) {
                    Some(at) => self.b.push_from(word, at, true),
                    None => self.b.push(word),
                }
            }
            rest = &rest[word_end..];
            let space_end = rest
                .find(|c: char| !c.is_ascii_whitespace())
                .unwrap_or(rest.len());
            if space_end > 0 {
                if rest[..space_end].contains('\n') {
                    self.b.soft_break();
                } else if !self.b.open_text().is_empty() && !self.b.text.ends_with(' ') {
                    self.b.push(" ");
                }
            }
            rest = &rest[space_end..];
        }
    }

    fn styled(&mut self, node: &NodeRef, kind: StyleKind, target: Option<String>) {
        let i = self.b.start_style(kind, target);
        self.children(node);
        self.b.end_style(i);
    }

    pub fn children(&mut self, node: &NodeRef) {
        for child in node.children_it(false) {
            self.node(&child);
        }
    }

    pub fn node(&mut self, node: &NodeRef) {
        if node.is_text() {
            let t = node.text();
            self.text(&t);
            return;
        }
        if node.is_document() || node.is_fragment() {
            self.children(node);
            return;
        }
        if !node.is_element() {
            return;
        }
        let name = node
            .node_name()
            .map(|n| n.to_ascii_lowercase())
            .unwrap_or_default();
        let name = name.as_str();
        if SKIP.contains(&name) || node.attr("hidden").is_some() {
            return;
        }
        // EPUB's structural semantics: title pages, covers and tables of
        // contents are not chapter text.
        if let Some(t) = node.attr("epub:type")
            && t.split_whitespace().any(|t| {
                matches!(
                    t,
                    "titlepage" | "cover" | "toc" | "landmarks" | "page-list" | "halftitlepage"
                )
            })
        {
            return;
        }
        if let Some(ids) = &self.ids
            && let Some(&l) = node.attr("id").and_then(|id| ids.get(&*id))
        {
            self.pending = Some(l);
        }
        match name {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                let mut level = name.as_bytes()[1] - b'0';
                if self.ids.is_some() {
                    // Headings named in the table of contents take its
                    // level; the others go one below the last of those.
                    match self.pending.take() {
                        Some(l) => {
                            self.base = l;
                            level = l;
                        }
                        None => level = self.base.saturating_add(1),
                    }
                }
                self.close();
                self.b.open();
                self.children(node);
                let repeats = self.b.blocks().len() <= self.mark
                    && self.repeats.iter().any(|t| same(t, self.b.open_text()));
                if repeats {
                    self.b.discard();
                } else {
                    self.b.close(Block::Heading(level));
                }
            }
            "ul" | "ol" => {
                self.close();
                let start = node
                    .attr("start")
                    .and_then(|s| s.trim().parse::<u64>().ok())
                    .unwrap_or(1);
                self.nest.lists.push((name == "ol").then_some(start));
                self.children(node);
                self.close();
                self.nest.lists.pop();
            }
            "li" => {
                self.close();
                let marker = self.nest.next_marker();
                self.b.open();
                self.b.push(&marker);
                self.marker_end = Some(self.b.text.len());
                self.children(node);
                self.close();
            }
            "blockquote" => {
                self.close();
                self.nest.quotes = self.nest.quotes.saturating_add(1);
                self.children(node);
                self.close();
                self.nest.quotes -= 1;
            }
            "pre" => {
                self.close();
                self.b.open();
                let t = node.text();
                self.b.push(t.trim_end());
                let depth = self.nest.depth();
                self.b.close(Block::Para(BlockKind::Code, depth));
            }
            "table" => {
                self.close();
                let table = table(node);
                if !table.rows.is_empty() {
                    self.b.open();
                    self.b.push(&table.layout());
                    self.b.close(Block::Para(BlockKind::Table, 0));
                }
            }
            "br" => self.b.push("\n"),
            "hr" => self.close(),
            "img" => {
                let alt = node.attr("alt").map(|a| a.trim().to_string());
                if let Some(alt) = alt.filter(|a| !a.is_empty()) {
                    let src = node.attr("src").map(|s| s.to_string());
                    let i = self.b.start_style(StyleKind::Image, src);
                    self.b.push(&format!("[image: {alt}]"));
                    self.b.end_style(i);
                }
            }
            // Notes: the reference as [n], the way back not at all (DPUB-ARIA
            // roles, EPUB semantics).
            "a" if is_role(node, "doc-backlink", "backlink") => {}
            "a" if is_role(node, "doc-noteref", "noteref") => {
                let t = node.text();
                self.b.push(&format!("[{}]", t.trim()));
            }
            "a" => {
                let href = node.attr("href").map(|s| s.to_string());
                self.styled(node, StyleKind::Link, href)
            }
            "em" | "i" | "cite" | "dfn" => self.styled(node, StyleKind::Emphasis, None),
            "strong" | "b" => self.styled(node, StyleKind::Strong, None),
            "s" | "del" | "strike" => self.styled(node, StyleKind::Strike, None),
            "code" | "kbd" | "samp" | "tt" => self.styled(node, StyleKind::Code, None),
            _ if BLOCKS.contains(&name) => {
                // A block right after an item's marker is the item's text.
                if self.marker_end != Some(self.b.text.len()) {
                    self.close();
                }
                self.children(node);
                self.close();
            }
            _ => self.children(node),
        }
    }

    /// Closes whatever is open.
    pub fn finish(&mut self) {
        self.close();
    }
}

fn is_role(node: &NodeRef, role: &str, epub_type: &str) -> bool {
    node.attr("role")
        .is_some_and(|r| r.split_whitespace().any(|r| r == role))
        || node
            .attr("epub:type")
            .is_some_and(|t| t.split_whitespace().any(|t| t == epub_type))
}

/// Whether `a` and `b` are the same words (spaces aside; `a` not blank).
pub(super) fn same(a: &str, b: &str) -> bool {
    let squash = |s: &str| -> String { s.chars().filter(|c| !c.is_whitespace()).collect() };
    let a = squash(a);
    !a.is_empty() && a == squash(b)
}

/// A table's rows of cell texts; header rows are those in `thead` or made
/// only of `th`.
fn table(node: &NodeRef) -> Table {
    let mut t = Table::default();
    let mut head_done = false;
    for tr in node
        .descendants_it()
        .filter(|n| n.node_name().as_deref() == Some("tr"))
    {
        let cells: Vec<NodeRef> = tr
            .children_it(false)
            .filter(|c| matches!(c.node_name().as_deref(), Some("td" | "th")))
            .collect();
        if cells.is_empty() {
            continue;
        }
        let in_head = tr
            .parent()
            .is_some_and(|p| p.node_name().as_deref() == Some("thead"));
        let all_th = cells.iter().all(|c| c.node_name().as_deref() == Some("th"));
        t.rows.push(
            cells
                .iter()
                .map(|c| c.text().split_whitespace().collect::<Vec<_>>().join(" "))
                .collect(),
        );
        if !head_done && (in_head || all_th) {
            t.head_rows = t.rows.len();
        } else {
            head_done = true;
        }
    }
    t
}

/// Reads a page: the article readability finds, else the whole body
/// without navigation, scripts and footers; an error when the page has no
/// text at all.
pub fn read_page(src: &str) -> anyhow::Result<Document> {
    let cfg = dom_smoothie::Config {
        max_elements_to_parse: 200_000,
        ..Default::default()
    };
    let mut b = Builder::new();
    // Parsed within the depth pages are written to (their text is the
    // same; `Locate` finds it in the page as it is).
    let bounded = super::nesting::bounded(src, super::nesting::MAX_DEPTH);
    let article = dom_smoothie::Readability::new(&*bounded, None, Some(cfg))
        .ok()
        .and_then(|mut r| r.parse().ok());
    let mut meta = Meta::default();
    match article {
        Some(a) if !a.text_content.trim().is_empty() => {
            let title = a.title.trim().to_string();
            meta.author = a
                .byline
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty());
            meta.date = a
                .published_time
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty());
            meta.url = a.url;
            if !title.is_empty() {
                b.title_line(&title);
            }
            if let Some(line) = byline(&meta) {
                b.byline_line(&line);
            }
            let doc = dom_query::Document::from(a.content.to_string());
            let mut w = Walker::new(&mut b);
            w.repeats.push(title);
            w.locate = Some(Locate::new(src));
            w.node(&doc.root());
            w.finish();
        }
        // No article: the body as it stands, less what is never text.
        _ => body(&mut b, &bounded, src),
    }
    if !b.has_body() {
        anyhow::bail!("no text found in the page");
    }
    b.meta = meta;
    Ok(b.finish(Format::Html))
}

/// The page's title and body into `b`, less what is never text (no
/// readability step); `src` is the page as it is, for the source offsets.
fn body(b: &mut Builder, page: &str, src: &str) {
    let doc = dom_query::Document::from(page);
    let title = doc.select("title").text().trim().to_string();
    if !title.is_empty() {
        b.title_line(&title);
    }
    let mut w = Walker::new(b);
    w.repeats.push(title);
    w.locate = Some(Locate::new(src));
    match doc.body() {
        Some(body) => w.node(&body),
        None => w.node(&doc.root()),
    }
    w.finish();
}

/// The beginning of a big page shown before the whole is read: its title
/// and the body as far as `head` goes, without the readability step
/// (which needs the whole page); the browser's worker reads the page.
pub fn read_head(head: &str) -> Document {
    let mut b = Builder::new();
    let bounded = super::nesting::bounded(head, super::nesting::MAX_DEPTH);
    body(&mut b, &bounded, head);
    b.finish(Format::Html)
}

/// [`read_page`], an empty document for a page without text.
pub fn read(src: &str) -> Document {
    read_page(src).unwrap_or_else(|_| {
        let mut d = crate::parse::parse(String::new(), Format::Plain);
        d.source.format = Format::Html;
        d
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_charsets() {
        let gbk = b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"></head>";
        assert_eq!(declared_charset(gbk).map(|e| e.name()), Some("GBK"));
        assert_eq!(
            declared_charset(b"<meta charset='utf-8'>").map(|e| e.name()),
            Some("UTF-8")
        );
        assert_eq!(declared_charset(b"<p>charset</p>"), None);
        // GBK bytes for 中文 in a page that says so.
        let mut page = b"<meta charset=\"gbk\"><p>".to_vec();
        page.extend([0xD6, 0xD0, 0xCE, 0xC4]);
        let d = decode(&page).map(|d| d.text).unwrap_or_default();
        assert!(d.ends_with("<p>中文"), "{d}");
    }

    #[test]
    fn walker_blocks_and_styles() {
        let html = "<body><nav>首页 | 新闻</nav><h2>一、背景</h2><p>他说：<b>很好</b>。\n 第二行</p><ul><li>甲</li><li>乙</li></ul><pre>a = 1\n  b</pre><script>var x;</script><footer>版权所有</footer></body>";
        let doc = read_page(html).unwrap_or_default();
        assert!(!doc.text.contains("首页"));
        assert!(!doc.text.contains("版权"));
        assert!(!doc.text.contains("var x"));
        let ps: Vec<(&str, BlockKind)> = doc
            .paragraphs
            .iter()
            .map(|p| (doc.span_text(p.span), p.kind))
            .collect();
        assert_eq!(
            ps,
            [
                ("他说：很好。第二行", BlockKind::Text),
                ("• 甲", BlockKind::Item),
                ("• 乙", BlockKind::Item),
                ("a = 1\n  b", BlockKind::Code),
            ]
        );
        assert_eq!(
            doc.sections[1].heading.map(|h| doc.span_text(h)),
            Some("一、背景")
        );
    }

    #[test]
    fn page_without_text_is_an_error() {
        assert!(read_page("<html><body><script>x()</script></body></html>").is_err());
    }
}
