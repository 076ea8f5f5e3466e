//! DOCX (Office Open XML) with zip + quick-xml: paragraphs in order;
//! `Heading N` / `标题 N` styles and outline levels as sections; the
//! `Title` style (else the core properties' title) as the title; list
//! paragraphs with their markers; tables as aligned text; bold, italic,
//! strike and hyperlinks as styles; footnotes after the body.

use super::build::{Block, Builder, Table};
use super::markdown::byline;
use super::xml::{self, Container, Element, Node};
use crate::model::{BlockKind, Document, Format, StyleKind};
use std::collections::HashMap;

/// What a paragraph style makes of its paragraphs.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Role {
    Heading(u8),
    Title,
    Subtitle,
    Author,
    Date,
    Code,
    Quote,
    Body,
}

/// The role of each style id, from its name (`heading 2`, `标题 2`,
/// `Title`, `Source Code`, `Quote`), its outline level, or the style it
/// is based on.
fn style_roles(styles: Option<&Element>) -> HashMap<String, Role> {
    let mut raw: HashMap<String, (Option<Role>, Option<String>)> = HashMap::new();
    if let Some(root) = styles {
        for s in root.elements().filter(|e| e.name == "style") {
            let Some(id) = s.attr("styleId") else {
                continue;
            };
            let name = s
                .child("name")
                .and_then(|n| n.attr("val"))
                .unwrap_or(id)
                .to_lowercase();
            let outline = s
                .child("pPr")
                .and_then(|p| p.child("outlineLvl"))
                .and_then(|o| o.attr("val"))
                .and_then(|v| v.parse::<u8>().ok());
            let based = s
                .child("basedOn")
                .and_then(|b| b.attr("val"))
                .map(str::to_string);
            raw.insert(
                id.to_string(),
                (
                    role_of_name(&name)
                        .or(outline.filter(|&l| l < 9).map(|l| Role::Heading(l + 1))),
                    based,
                ),
            );
        }
    }
    let mut out = HashMap::new();
    for id in raw.keys() {
        // Follow basedOn a few steps for styles without a role of their own.
        let mut at = id.clone();
        let mut role = Role::Body;
        for _ in 0..8 {
            match raw.get(&at) {
                Some((Some(r), _)) => {
                    role = *r;
                    break;
                }
                Some((None, Some(b))) => at = b.clone(),
                _ => break,
            }
        }
        out.insert(id.clone(), role);
    }
    out
}

fn role_of_name(name: &str) -> Option<Role> {
    let name = name.trim();
    for prefix in ["heading", "标题", "見出し"] {
        if let Some(rest) = name.strip_prefix(prefix)
            && let Ok(n) = rest.trim().parse::<u8>()
            && (1..=9).contains(&n)
        {
            return Some(Role::Heading(n));
        }
    }
    Some(match name {
        "title" | "标题" => Role::Title,
        "subtitle" | "副标题" => Role::Subtitle,
        "author" | "作者" => Role::Author,
        "date" | "日期" => Role::Date,
        "quote" | "block text" | "intense quote" | "引用" => Role::Quote,
        n if n.contains("code") || n.contains("verbatim") || n.contains("plain text") => Role::Code,
        _ => return None,
    })
}

/// List numbering: numId → abstract levels' formats, and running counters.
#[derive(Default)]
struct Numbering {
    formats: HashMap<String, Vec<String>>,
    counters: HashMap<String, Vec<u64>>,
}

impl Numbering {
    fn load(root: Option<&Element>) -> Numbering {
        let mut n = Numbering::default();
        let Some(root) = root else {
            return n;
        };
        let mut abstracts: HashMap<&str, Vec<String>> = HashMap::new();
        for a in root.elements().filter(|e| e.name == "abstractNum") {
            let mut fmts = Vec::new();
            for lvl in a.elements().filter(|e| e.name == "lvl") {
                fmts.push(
                    lvl.child("numFmt")
                        .and_then(|f| f.attr("val"))
                        .unwrap_or("bullet")
                        .to_string(),
                );
            }
            if let Some(id) = a.attr("abstractNumId") {
                abstracts.insert(id, fmts);
            }
        }
        for num in root.elements().filter(|e| e.name == "num") {
            if let (Some(id), Some(a)) = (
                num.attr("numId"),
                num.child("abstractNumId").and_then(|a| a.attr("val")),
            ) {
                n.formats.insert(
                    id.to_string(),
                    abstracts.get(a).cloned().unwrap_or_default(),
                );
            }
        }
        n
    }

    fn marker(&mut self, num: &str, level: usize) -> String {
        let fmt = self
            .formats
            .get(num)
            .and_then(|f| f.get(level))
            .map_or("bullet", String::as_str);
        if fmt == "bullet" || fmt == "none" {
            return super::build::bullet(level).to_string();
        }
        let counters = self.counters.entry(num.to_string()).or_default();
        counters.resize(level + 1, 0);
        counters[level] += 1;
        let n = counters[level];
        match fmt {
            "lowerLetter" => format!("{}. ", letter(n, b'a')),
            "upperLetter" => format!("{}. ", letter(n, b'A')),
            _ => format!("{n}. "),
        }
    }
}

fn letter(n: u64, base: u8) -> char {
    (base + ((n.saturating_sub(1)) % 26) as u8) as char
}

struct Reader<'a> {
    b: Builder,
    roles: &'a HashMap<String, Role>,
    numbering: Numbering,
    links: HashMap<String, String>,
    title: Option<String>,
    subtitle: Option<String>,
    author: Vec<String>,
    date: Option<String>,
    /// The title block is written (at the first body block).
    head_done: bool,
    /// The core properties' title, creator, creation date and keywords.
    core: HashMap<&'static str, String>,
    /// Footnote ids by number, in the order they are referred to.
    notes: Vec<String>,
    /// The footnote being written (its number).
    note: Option<usize>,
}

impl Reader<'_> {
    /// The inline content of a paragraph (runs, hyperlinks, fields).
    fn inline(&mut self, el: &Element, out_text: &mut Option<String>) {
        for node in &el.children {
            let Node::Element(e) = node else {
                continue;
            };
            match e.name.as_str() {
                "r" => self.run(e, out_text),
                "hyperlink" => {
                    let target = e
                        .attr("id")
                        .and_then(|id| self.links.get(id).cloned())
                        .or_else(|| e.attr("anchor").map(|a| format!("#{a}")));
                    if out_text.is_some() {
                        self.inline(e, out_text);
                    } else {
                        let i = self.b.start_style(StyleKind::Link, target);
                        self.inline(e, out_text);
                        self.b.end_style(i);
                    }
                }
                "pPr" | "rPr" => {}
                // Smart tags, content controls, insertions, field results.
                _ => self.inline(e, out_text),
            }
        }
    }

    fn run(&mut self, r: &Element, out_text: &mut Option<String>) {
        let props = r.child("rPr");
        let on = |name: &str| {
            props
                .and_then(|p| p.child(name))
                .is_some_and(|e| !matches!(e.attr("val"), Some("0" | "false" | "none")))
        };
        let mut kinds = Vec::new();
        if on("b") {
            kinds.push(StyleKind::Strong);
        }
        if on("i") {
            kinds.push(StyleKind::Emphasis);
        }
        if on("strike") || on("dstrike") {
            kinds.push(StyleKind::Strike);
        }
        let mut s = String::new();
        for e in r.elements() {
            match e.name.as_str() {
                "t" => s.push_str(&e.text()),
                "tab" => s.push('\t'),
                "br" | "cr" => s.push('\n'),
                "noBreakHyphen" => s.push('-'),
                "footnoteReference" => {
                    if let Some(id) = e.attr("id") {
                        self.notes.push(id.to_string());
                        s.push_str(&format!("[{}]", self.notes.len()));
                    }
                }
                "footnoteRef" => {
                    if let Some(n) = self.note {
                        s.push_str(&format!("[{n}]"));
                    }
                }
                _ => {}
            }
        }
        if s.is_empty() {
            return;
        }
        if let Some(t) = out_text.as_mut() {
            t.push_str(&s);
            return;
        }
        let open: Vec<usize> = kinds
            .into_iter()
            .map(|k| self.b.start_style(k, None))
            .collect();
        self.b.push(&s);
        for i in open {
            self.b.end_style(i);
        }
    }

    fn paragraph_role(&self, p: &Element) -> (Role, Option<(String, usize)>) {
        let ppr = p.child("pPr");
        let style = ppr
            .and_then(|p| p.child("pStyle"))
            .and_then(|s| s.attr("val"));
        let mut role = style
            .and_then(|s| self.roles.get(s).copied())
            .unwrap_or(Role::Body);
        if let Some(l) = ppr
            .and_then(|p| p.child("outlineLvl"))
            .and_then(|o| o.attr("val"))
            .and_then(|v| v.parse::<u8>().ok())
            && l < 9
        {
            role = Role::Heading(l + 1);
        }
        let list = ppr.and_then(|p| p.child("numPr")).and_then(|n| {
            let id = n.child("numId")?.attr("val")?.to_string();
            let lvl = n
                .child("ilvl")
                .and_then(|l| l.attr("val"))
                .and_then(|v| v.parse::<usize>().ok())
                .unwrap_or(0);
            (id != "0").then_some((id, lvl.min(8)))
        });
        (role, list)
    }

    fn paragraph(&mut self, p: &Element) {
        let (role, list) = self.paragraph_role(p);
        match role {
            Role::Title | Role::Subtitle | Role::Author | Role::Date => {
                let mut t = Some(String::new());
                self.inline(p, &mut t);
                let t = t.unwrap_or_default().trim().to_string();
                if t.is_empty() {
                    return;
                }
                match role {
                    Role::Title if !self.head_done && self.title.is_none() => self.title = Some(t),
                    Role::Subtitle if !self.head_done && self.subtitle.is_none() => {
                        self.subtitle = Some(t)
                    }
                    Role::Author if !self.head_done => self.author.push(t),
                    Role::Date if !self.head_done && self.date.is_none() => self.date = Some(t),
                    _ => {
                        // Below the title block these are body text.
                        self.write_head();
                        self.b.open();
                        self.b.push(&t);
                        self.b.close(Block::Para(BlockKind::Text, 0));
                    }
                }
                return;
            }
            _ => {}
        }
        self.write_head();
        self.b.open();
        let block = match (role, list) {
            (Role::Heading(l), _) => Block::Heading(l),
            (Role::Code, _) => Block::Para(BlockKind::Code, 0),
            (_, Some((num, lvl))) => {
                let m = self.numbering.marker(&num, lvl);
                self.b.push(&m);
                Block::Para(BlockKind::Item, lvl as u8)
            }
            (Role::Quote, _) => Block::Para(BlockKind::Quote, 0),
            _ => Block::Para(BlockKind::Text, 0),
        };
        self.inline(p, &mut None);
        self.b.close(block);
    }

    /// The title block (title, subtitle, byline), before the first body
    /// block: from the Title, Subtitle, Author and Date styles, else from
    /// the document's properties.
    fn write_head(&mut self) {
        if std::mem::replace(&mut self.head_done, true) {
            return;
        }
        let title = self
            .title
            .take()
            .or_else(|| self.core.get("title").cloned());
        if let Some(t) = title {
            self.b.title_line(&t);
        }
        if let Some(t) = self.subtitle.take() {
            self.b.subtitle_line(&t);
        }
        self.b.meta.author = if self.author.is_empty() {
            self.core.get("creator").cloned()
        } else {
            Some(self.author.join("、"))
        };
        self.b.meta.date = self.date.take().or_else(|| {
            // Only the day of a creation stamp (2024-03-02T08:00:00Z).
            self.core
                .get("created")
                .map(|d| d.split('T').next().unwrap_or(d).to_string())
        });
        if let Some(line) = byline(&self.b.meta) {
            self.b.byline_line(&line);
        }
    }

    fn table(&mut self, tbl: &Element) {
        let mut t = Table::default();
        for tr in tbl.elements().filter(|e| e.name == "tr") {
            let mut row = Vec::new();
            for tc in tr.elements().filter(|e| e.name == "tc") {
                let mut paras = Vec::new();
                tc.find_all("p", &mut paras);
                let mut cell = Vec::new();
                for p in paras {
                    let mut s = Some(String::new());
                    self.inline(p, &mut s);
                    let s = s.unwrap_or_default();
                    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
                    if !s.is_empty() {
                        cell.push(s);
                    }
                }
                row.push(cell.join(" "));
            }
            let header = tr
                .child("trPr")
                .and_then(|p| p.child("tblHeader"))
                .is_some();
            if header && t.head_rows == t.rows.len() {
                t.head_rows += 1;
            }
            t.rows.push(row);
        }
        if !t.rows.is_empty() {
            self.write_head();
            self.b.open();
            self.b.push(&t.layout());
            self.b.close(Block::Para(BlockKind::Table, 0));
        }
    }

    fn body(&mut self, el: &Element) {
        for e in el.elements() {
            match e.name.as_str() {
                "p" => self.paragraph(e),
                "tbl" => self.table(e),
                "sectPr" => {}
                _ => self.body(e),
            }
        }
    }
}

/// Reads a DOCX file.
pub fn read(bytes: &[u8]) -> anyhow::Result<Document> {
    let mut zip = Container::open(bytes, "DOCX file")?;
    let main = zip
        .text("word/document.xml")?
        .ok_or_else(|| anyhow::anyhow!("not a DOCX file (no word/document.xml inside)"))?;
    let doc = xml::parse(&main)?;
    let parse_opt = |t: Option<String>| t.and_then(|t| xml::parse(&t).ok());
    let styles = parse_opt(zip.text("word/styles.xml")?);
    let numbering = parse_opt(zip.text("word/numbering.xml")?);
    let rels = parse_opt(zip.text("word/_rels/document.xml.rels")?);
    let footnotes = parse_opt(zip.text("word/footnotes.xml")?);
    let core = parse_opt(zip.text("docProps/core.xml")?);
    let roles = style_roles(styles.as_ref());
    let mut links = HashMap::new();
    if let Some(rels) = &rels {
        for r in rels.elements() {
            if let (Some(id), Some(target)) = (r.attr("Id"), r.attr("Target"))
                && r.attr("TargetMode") == Some("External")
            {
                links.insert(id.to_string(), target.to_string());
            }
        }
    }
    let mut core_fields = HashMap::new();
    if let Some(core) = &core {
        for name in ["title", "creator", "created", "keywords"] {
            if let Some(v) = core
                .child(name)
                .map(|e| e.text().trim().to_string())
                .filter(|s| !s.is_empty())
            {
                core_fields.insert(name, v);
            }
        }
    }
    let mut r = Reader {
        b: Builder::new(),
        roles: &roles,
        numbering: Numbering::load(numbering.as_ref()),
        links,
        title: None,
        subtitle: None,
        author: Vec::new(),
        date: None,
        head_done: false,
        core: core_fields,
        notes: Vec::new(),
        note: None,
    };
    if let Some(body) = doc.child("body") {
        r.body(body);
    }
    r.write_head();
    // Footnotes after the body, numbered in the order they are referred to.
    if let Some(notes) = &footnotes {
        let by_id: HashMap<&str, &Element> = notes
            .elements()
            .filter(|e| e.name == "footnote")
            .filter_map(|e| Some((e.attr("id")?, e)))
            .collect();
        for (i, id) in r.notes.clone().iter().enumerate() {
            let Some(note) = by_id.get(id.as_str()) else {
                continue;
            };
            r.note = Some(i + 1);
            for p in note.elements().filter(|e| e.name == "p") {
                r.b.open();
                r.inline(p, &mut None);
                r.b.close(Block::Para(BlockKind::Text, 0));
            }
        }
        r.note = None;
    }
    if let Some(k) = r.core.get("keywords") {
        r.b.meta.tags = k
            .split([',', '，', ';', '；'])
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect();
    }
    if !r.b.has_body() && !r.b.has_title() {
        anyhow::bail!("the DOCX file has no text");
    }
    Ok(r.b.finish(Format::Docx))
}
