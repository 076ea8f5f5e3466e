//! A small element tree over quick-xml, for the XML inside DOCX and EPUB
//! containers (document.xml, the OPF package, the NCX). Names are local
//! (namespace prefixes dropped); entities and character references are
//! resolved.

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

#[derive(Debug, Clone, Default)]
pub(crate) struct Element {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Node>,
}

#[derive(Debug, Clone)]
pub(crate) enum Node {
    Element(Element),
    Text(String),
}

fn local(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

fn element(e: &BytesStart) -> Element {
    let name = local(e.name().as_ref()).to_string();
    let attrs = e
        .attributes()
        .flatten()
        .map(|a| {
            let key = local(a.key.as_ref()).to_string();
            let value = a
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map(|v| v.into_owned())
                .unwrap_or_default();
            (key, value)
        })
        .collect();
    Element {
        name,
        attrs,
        children: Vec::new(),
    }
}

/// Parses `text` into its root element.
pub(crate) fn parse(text: &str) -> anyhow::Result<Element> {
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_end_names = false;
    let mut stack: Vec<Element> = vec![Element::default()];
    // Deeply nested input must not exhaust the stack of whoever walks it.
    const MAX_DEPTH: usize = 512;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| anyhow::anyhow!("malformed XML: {e}"))?;
        match event {
            Event::Start(e) => {
                if stack.len() > MAX_DEPTH {
                    anyhow::bail!("XML nested too deeply");
                }
                stack.push(element(&e));
            }
            Event::Empty(e) => {
                let el = element(&e);
                if let Some(top) = stack.last_mut() {
                    top.children.push(Node::Element(el));
                }
            }
            Event::End(_) => {
                if stack.len() > 1
                    && let Some(done) = stack.pop()
                    && let Some(top) = stack.last_mut()
                {
                    top.children.push(Node::Element(done));
                }
            }
            Event::Text(t) => push_text(&mut stack, &t.xml10_content()),
            Event::CData(t) => push_text(&mut stack, &t.xml10_content()),
            Event::GeneralRef(r) => {
                let s = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => match &*r.xml10_content() {
                        "amp" => "&".into(),
                        "lt" => "<".into(),
                        "gt" => ">".into(),
                        "quot" => "\"".into(),
                        "apos" => "'".into(),
                        "nbsp" => "\u{a0}".into(),
                        _ => String::new(),
                    },
                };
                push_text(&mut stack, &s);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    // Unclosed elements close at the end.
    while stack.len() > 1 {
        if let Some(done) = stack.pop()
            && let Some(top) = stack.last_mut()
        {
            top.children.push(Node::Element(done));
        }
    }
    let root = stack.pop().unwrap_or_default();
    root.children
        .into_iter()
        .find_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
        .ok_or_else(|| anyhow::anyhow!("XML without a root element"))
}

fn push_text(stack: &mut [Element], s: &str) {
    if let Some(top) = stack.last_mut() {
        match top.children.last_mut() {
            Some(Node::Text(t)) => t.push_str(s),
            _ => top.children.push(Node::Text(s.to_string())),
        }
    }
}

impl Element {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    /// The first child element named `name`.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.elements().find(|e| e.name == name)
    }

    /// Every descendant element named `name`, in document order.
    pub fn find_all<'a>(&'a self, name: &str, out: &mut Vec<&'a Element>) {
        for e in self.elements() {
            if e.name == name {
                out.push(e);
            }
            e.find_all(name, out);
        }
    }

    pub fn find(&self, name: &str) -> Option<&Element> {
        for e in self.elements() {
            if e.name == name {
                return Some(e);
            }
            if let Some(f) = e.find(name) {
                return Some(f);
            }
        }
        None
    }

    /// All text inside, concatenated.
    pub fn text(&self) -> String {
        let mut s = String::new();
        self.collect_text(&mut s);
        s
    }

    fn collect_text(&self, out: &mut String) {
        for n in &self.children {
            match n {
                Node::Text(t) => out.push_str(t),
                Node::Element(e) => e.collect_text(out),
            }
        }
    }
}

/// A zip container (DOCX, EPUB) with entries read by name, each within a
/// size limit (a small file must not unpack into gigabytes).
pub(crate) struct Container<'a> {
    archive: zip::ZipArchive<std::io::Cursor<&'a [u8]>>,
}

/// The most one entry may unpack to.
const MAX_ENTRY: u64 = 256 << 20;

impl<'a> Container<'a> {
    pub fn open(bytes: &'a [u8], what: &str) -> anyhow::Result<Container<'a>> {
        let archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
            .map_err(|e| anyhow::anyhow!("not a valid {what} (it must be a zip archive: {e})"))?;
        Ok(Container { archive })
    }

    /// The entry named `name` as text; `None` when there is no such entry.
    pub fn text(&mut self, name: &str) -> anyhow::Result<Option<String>> {
        use std::io::Read;
        let file = match self.archive.by_name(name) {
            Ok(f) => f,
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(e) => anyhow::bail!("cannot read {name} in the archive: {e}"),
        };
        let mut buf = Vec::new();
        file.take(MAX_ENTRY + 1)
            .read_to_end(&mut buf)
            .map_err(|e| anyhow::anyhow!("cannot unpack {name}: {e}"))?;
        if buf.len() as u64 > MAX_ENTRY {
            anyhow::bail!("{name} unpacks to more than {} MB", MAX_ENTRY >> 20);
        }
        let text = match String::from_utf8(buf) {
            Ok(s) => s,
            Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
        };
        Ok(Some(text.trim_start_matches('\u{feff}').to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tree_with_prefixes_and_entities() {
        let root = parse(
            "<?xml version=\"1.0\"?><w:document xmlns:w=\"x\"><w:p w:id=\"1\">甲&amp;乙&#x4E19;<w:br/></w:p></w:document>",
        );
        let root = root.unwrap_or_default();
        assert_eq!(root.name, "document");
        let p = root.child("p").cloned().unwrap_or_default();
        assert_eq!(p.attr("id"), Some("1"));
        assert_eq!(p.text(), "甲&乙丙");
        assert!(p.child("br").is_some());
    }

    #[test]
    fn malformed_is_an_error() {
        assert!(parse("").is_err());
        assert!(parse("just text").is_err());
    }
}
