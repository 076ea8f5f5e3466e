//! EPUB (2 and 3) with zip + quick-xml: the package's title, authors, date
//! and subjects; the chapters in spine order, each read like HTML
//! ([`super::html::Walker`]); the navigation document (EPUB 3) or the NCX
//! (EPUB 2) as the nested outline. Encrypted (DRM) books are refused with
//! a clear message.

use super::build::Builder;
use super::html::Walker;
use super::markdown::byline;
use super::xml::{self, Container, Element};
use crate::model::{Document, Format, Meta};
use std::collections::HashMap;

/// One entry of the table of contents.
#[derive(Debug, Clone, PartialEq)]
struct Entry {
    level: u8,
    label: String,
    /// The chapter file, as a path inside the zip.
    file: String,
    fragment: Option<String>,
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Some(h) = s.get(i + 1..i + 3)
            && let Ok(v) = u8::from_str_radix(h, 16)
        {
            out.push(v);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `href` relative to the file `from` (both inside the zip), `..` resolved.
fn resolve(from: &str, href: &str) -> (String, Option<String>) {
    let (path, fragment) = match href.split_once('#') {
        Some((p, f)) => (p, Some(percent_decode(f))),
        None => (href, None),
    };
    let path = percent_decode(path);
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    if path.is_empty() {
        return (from.to_string(), fragment);
    }
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    (parts.join("/"), fragment)
}

/// The nested `ol` of an EPUB 3 navigation document.
fn nav_entries(ol: &Element, level: u8, from: &str, out: &mut Vec<Entry>) {
    for li in ol.elements().filter(|e| e.name == "li") {
        let link = li.elements().find(|e| e.name == "a" || e.name == "span");
        if let Some(a) = link {
            let label = a.text().split_whitespace().collect::<Vec<_>>().join(" ");
            if let Some(href) = a.attr("href") {
                let (file, fragment) = resolve(from, href);
                out.push(Entry {
                    level,
                    label,
                    file,
                    fragment,
                });
            }
        }
        if let Some(sub) = li.child("ol") {
            nav_entries(sub, level.saturating_add(1), from, out);
        }
    }
}

/// The nested `navPoint`s of an NCX.
fn ncx_entries(parent: &Element, level: u8, from: &str, out: &mut Vec<Entry>) {
    for np in parent.elements().filter(|e| e.name == "navPoint") {
        let label = np
            .child("navLabel")
            .map(|l| l.text().split_whitespace().collect::<Vec<_>>().join(" "))
            .unwrap_or_default();
        if let Some(src) = np.child("content").and_then(|c| c.attr("src")) {
            let (file, fragment) = resolve(from, src);
            out.push(Entry {
                level,
                label,
                file,
                fragment,
            });
        }
        ncx_entries(np, level.saturating_add(1), from, out);
    }
}

/// An EPUB opened: its package read (title, authors, the chapters in
/// spine order, the table of contents), its chapters not yet. The browser
/// shows a book's first chapters with its whole outline ([`Book::read`]
/// with a limit) and reads the rest on a worker.
pub struct Book {
    bytes: Vec<u8>,
    title: Option<String>,
    meta: Meta,
    /// The chapter files in spine order.
    chapters: Vec<String>,
    toc: Vec<Entry>,
}

/// A book read into a document, whole or its first chapters.
#[derive(Debug, Clone)]
pub struct Part {
    pub doc: Document,
    /// Whether every chapter was read (else the chapters after the first
    /// ones stand as their table-of-contents headings only).
    pub complete: bool,
    /// How many bytes at the start of the text are the whole book's text
    /// too (all of it when complete).
    pub loaded: usize,
    /// Where each chapter begins and each table-of-contents entry's
    /// heading stands, in the same order whether the chapter was read or
    /// not: a place in a part maps to the whole book through these.
    pub marks: Vec<usize>,
}

impl Part {
    /// The place in `whole` (read from the same book) of byte `at` of this
    /// part: the same byte before [`Part::loaded`]; after it, the heading
    /// or chapter at or before `at`.
    pub fn map_to(&self, whole: &[usize], at: usize) -> usize {
        if self.complete || at < self.loaded {
            return at;
        }
        self.marks
            .iter()
            .enumerate()
            .filter(|&(_, &m)| m <= at)
            .max_by_key(|&(i, &m)| (m, i))
            .and_then(|(i, _)| whole.get(i).copied())
            .unwrap_or(self.loaded)
    }
}

impl Book {
    /// Reads the container, the package (OPF) and the navigation document
    /// or NCX; no chapter yet.
    pub fn open(bytes: Vec<u8>) -> anyhow::Result<Book> {
        let mut zip = Container::open(&bytes, "EPUB file")?;
        let container = zip.text("META-INF/container.xml")?.ok_or_else(|| {
            anyhow::anyhow!("not an EPUB file (no META-INF/container.xml inside)")
        })?;
        let container = xml::parse(&container)?;
        let opf_path = container
            .find("rootfile")
            .and_then(|r| r.attr("full-path"))
            .ok_or_else(|| anyhow::anyhow!("not an EPUB file (its container names no package)"))?
            .to_string();
        // DRM: encrypted content documents cannot be read (obfuscated fonts
        // are harmless).
        if let Some(enc) = zip.text("META-INF/encryption.xml")?
            && let Ok(enc) = xml::parse(&enc)
        {
            let mut refs = Vec::new();
            enc.find_all("CipherReference", &mut refs);
            let text_encrypted = refs.iter().any(|r| {
                r.attr("URI").is_some_and(|u| {
                    let u = u.to_ascii_lowercase();
                    [".xhtml", ".html", ".htm", ".xml", ".opf", ".ncx"]
                        .iter()
                        .any(|e| u.ends_with(e))
                })
            });
            if text_encrypted {
                anyhow::bail!("the EPUB is encrypted (DRM-protected); its text cannot be read");
            }
        }
        let opf = zip
            .text(&opf_path)?
            .ok_or_else(|| anyhow::anyhow!("the EPUB's package {opf_path} is missing"))?;
        let opf = xml::parse(&opf)?;
        let metadata = opf.child("metadata");
        let all = |name: &str| -> Vec<String> {
            let mut v = Vec::new();
            if let Some(m) = metadata {
                m.find_all(name, &mut v);
            }
            v.iter()
                .map(|e| e.text().trim().to_string())
                .filter(|s| !s.is_empty())
                .collect()
        };
        let title = all("title").into_iter().next();
        let meta = Meta {
            author: Some(all("creator").join("、")).filter(|s| !s.is_empty()),
            date: all("date").into_iter().next(),
            tags: all("subject"),
            url: None,
        };
        // Manifest: id → (path, media type, properties).
        let mut manifest: HashMap<String, (String, String, String)> = HashMap::new();
        if let Some(m) = opf.child("manifest") {
            for item in m.elements().filter(|e| e.name == "item") {
                if let (Some(id), Some(href)) = (item.attr("id"), item.attr("href")) {
                    manifest.insert(
                        id.to_string(),
                        (
                            resolve(&opf_path, href).0,
                            item.attr("media-type").unwrap_or("").to_string(),
                            item.attr("properties").unwrap_or("").to_string(),
                        ),
                    );
                }
            }
        }
        let spine = opf.child("spine");
        let chapters: Vec<String> = spine
            .map(|s| {
                s.elements()
                    .filter(|e| e.name == "itemref" && e.attr("linear") != Some("no"))
                    .filter_map(|e| manifest.get(e.attr("idref")?))
                    .filter(|(_, ty, _)| ty.contains("html") || ty.is_empty())
                    .map(|(p, _, _)| p.clone())
                    .collect()
            })
            .unwrap_or_default();
        if chapters.is_empty() {
            anyhow::bail!("the EPUB has no chapters in its spine");
        }
        // The table of contents: the EPUB 3 navigation document, else the NCX.
        let mut toc = Vec::new();
        let nav = manifest
            .values()
            .find(|(_, _, props)| props.split_whitespace().any(|p| p == "nav"))
            .map(|(p, _, _)| p.clone());
        if let Some(nav) = nav
            && let Some(t) = zip.text(&nav)?
            && let Ok(root) = xml::parse(&t)
        {
            let mut navs = Vec::new();
            root.find_all("nav", &mut navs);
            let toc_nav = navs
                .iter()
                .find(|n| n.attr("type").is_some_and(|t| t.contains("toc")))
                .or(navs.first());
            if let Some(ol) = toc_nav.and_then(|n| n.find("ol")) {
                nav_entries(ol, 1, &nav, &mut toc);
            }
        }
        if toc.is_empty() {
            let ncx = spine
                .and_then(|s| s.attr("toc"))
                .and_then(|id| manifest.get(id))
                .or_else(|| manifest.values().find(|(_, ty, _)| ty.contains("dtbncx")))
                .map(|(p, _, _)| p.clone());
            if let Some(ncx) = ncx
                && let Some(t) = zip.text(&ncx)?
                && let Ok(root) = xml::parse(&t)
                && let Some(map) = root.child("navMap")
            {
                ncx_entries(map, 1, &ncx, &mut toc);
            }
        }
        drop(zip);
        Ok(Book {
            bytes,
            title,
            meta,
            chapters,
            toc,
        })
    }

    /// How many chapters the spine has.
    pub fn chapters(&self) -> usize {
        self.chapters.len()
    }

    /// Reads the book: every chapter, or (with `limit`) chapters until the
    /// text holds `limit` bytes, the chapters after those standing as
    /// their table-of-contents headings, so the outline is whole.
    pub fn read(&self, limit: Option<usize>) -> anyhow::Result<Part> {
        let mut zip = Container::open(&self.bytes, "EPUB file")?;
        let mut b = Builder::new();
        if let Some(t) = &self.title {
            b.title_line(t);
        }
        if let Some(line) = byline(&self.meta) {
            b.byline_line(&line);
        }
        let mut base = 0u8;
        let mut marks = Vec::new();
        // Where the next block starts.
        let next = |b: &Builder| b.text.len() + if b.text.is_empty() { 0 } else { 2 };
        let mut loaded = None;
        for chapter in &self.chapters {
            let entries: Vec<&Entry> = self.toc.iter().filter(|e| &e.file == chapter).collect();
            if loaded.is_none() && limit.is_some_and(|l| b.text.len() >= l && b.has_body()) {
                loaded = Some(b.text.len());
            }
            if loaded.is_some() {
                // Not read: its entries as headings.
                marks.push(next(&b));
                for e in &entries {
                    marks.push(next(&b));
                    b.open();
                    b.push(&e.label);
                    b.close(super::build::Block::Heading(e.level));
                }
                continue;
            }
            let start = next(&b);
            marks.push(start);
            let Some(html) = zip.text(chapter)? else {
                marks.extend(entries.iter().map(|_| start));
                continue;
            };
            let page = dom_query::Document::from(&*super::nesting::bounded(
                &html,
                super::nesting::MAX_DEPTH,
            ));
            // Entries that point at an element of the chapter become that
            // heading's level; the others are headings before the chapter.
            let mut ids = HashMap::new();
            let mut repeats = Vec::new();
            // Each entry's heading: written here, or found in the chapter
            // by its label after it is walked.
            let mut placed: Vec<Option<usize>> = Vec::new();
            for e in &entries {
                let found = e.fragment.as_ref().filter(|f| {
                    !page
                        .select(&format!("[id=\"{}\"]", f.replace('"', "")))
                        .is_empty()
                });
                match found {
                    Some(f) => {
                        ids.insert(f.clone(), e.level);
                        placed.push(None);
                    }
                    None => {
                        placed.push(Some(next(&b)));
                        b.open();
                        b.push(&e.label);
                        b.close(super::build::Block::Heading(e.level));
                        base = e.level;
                        repeats.push(e.label.clone());
                    }
                }
            }
            let first_block = b.blocks().len();
            let mut w = Walker::new(&mut b);
            w.ids = Some(ids);
            w.base = base;
            w.mark = w.b.blocks().len();
            w.repeats = repeats;
            match page.body() {
                Some(body) => w.node(&body),
                None => w.node(&page.root()),
            }
            w.finish();
            base = w.base;
            // The headings the entries named, in order.
            let headings: Vec<(usize, &str)> = b.blocks()[first_block..]
                .iter()
                .filter(|(k, _)| matches!(k, super::build::Block::Heading(_)))
                .map(|(_, s)| (s.start, s.text(&b.text)))
                .collect();
            let mut from = 0;
            for (e, at) in entries.iter().zip(placed) {
                let at = at.or_else(|| {
                    let i = headings[from..]
                        .iter()
                        .position(|(_, t)| super::html::same(t, &e.label))?;
                    from += i + 1;
                    Some(headings[from - 1].0)
                });
                marks.push(at.unwrap_or(start));
            }
        }
        if !b.has_body() {
            anyhow::bail!("the EPUB has no text");
        }
        b.meta = self.meta.clone();
        let complete = loaded.is_none();
        let doc = b.finish(Format::Epub);
        Ok(Part {
            loaded: loaded.unwrap_or(doc.text.len()),
            doc,
            complete,
            marks,
        })
    }
}

/// Reads an EPUB file, every chapter.
pub fn read(bytes: &[u8]) -> anyhow::Result<Document> {
    Ok(Book::open(bytes.to_vec())?.read(None)?.doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hrefs_resolve_against_their_file() {
        assert_eq!(
            resolve("OEBPS/content.opf", "text/ch%201.xhtml#s2"),
            ("OEBPS/text/ch 1.xhtml".to_string(), Some("s2".to_string()))
        );
        assert_eq!(
            resolve("OEBPS/nav/nav.xhtml", "../text/a.xhtml").0,
            "OEBPS/text/a.xhtml"
        );
        assert_eq!(resolve("content.opf", "a.xhtml").0, "a.xhtml");
    }

    #[test]
    fn not_a_zip_is_a_clear_error() {
        let e = read(b"not a zip at all").err().map(|e| e.to_string());
        assert!(
            e.as_deref()
                .is_some_and(|e| e.starts_with("not a valid EPUB file")),
            "{e:?}"
        );
    }
}
