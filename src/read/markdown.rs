//! Markdown through pulldown-cmark (CommonMark with tables, strikethrough,
//! footnotes, task lists and front matter), rendered: headings as sections,
//! emphasis, code and links as inline styles, list items with their
//! markers, code kept line by line, tables laid out as aligned text, images
//! as `[image: alt]`. YAML (`---`) and TOML (`+++`) front matter give the
//! title, date, author and tags; it is never body text.

use super::build::{Block, Builder, Nesting, Table};
use crate::model::{BlockKind, Document, Format, Meta, StyleKind};
use pulldown_cmark::{Event, HeadingLevel, MetadataBlockKind, Options, Parser, Tag, TagEnd};
use std::ops::Range;

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS
}

fn level(l: HeadingLevel) -> u8 {
    match l {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Front matter read into the title and [`Meta`].
#[derive(Debug, Default, PartialEq)]
pub(crate) struct FrontMatter {
    pub title: Option<String>,
    pub meta: Meta,
}

/// Reads YAML or TOML front matter. Unreadable front matter gives nothing
/// (the body is still read).
pub(crate) fn front_matter(text: &str, toml: bool) -> FrontMatter {
    let mut fm = FrontMatter::default();
    let fields: Vec<(String, Vec<String>)> = if toml {
        match text.parse::<toml::Table>() {
            Ok(table) => table
                .into_iter()
                .map(|(k, v)| (k.to_ascii_lowercase(), toml_strings(&v)))
                .collect(),
            Err(_) => return fm,
        }
    } else {
        use yaml_rust2::{Yaml, YamlLoader};
        let Ok(docs) = YamlLoader::load_from_str(text) else {
            return fm;
        };
        let Some(Yaml::Hash(hash)) = docs.into_iter().next() else {
            return fm;
        };
        hash.into_iter()
            .filter_map(|(k, v)| Some((k.as_str()?.to_ascii_lowercase(), yaml_strings(&v))))
            .collect()
    };
    let first = |v: &[String]| v.first().cloned().filter(|s| !s.trim().is_empty());
    for (key, values) in fields {
        match key.as_str() {
            "title" => fm.title = first(&values),
            "date" | "published" | "pubdate" => fm.meta.date = first(&values),
            "author" | "authors" | "byline" => {
                let names: Vec<&str> = values
                    .iter()
                    .map(|s| s.trim())
                    .filter(|s| !s.is_empty())
                    .collect();
                if !names.is_empty() {
                    fm.meta.author = Some(names.join("、"));
                }
            }
            "tags" | "keywords" => fm.meta.tags.extend(
                values
                    .into_iter()
                    .flat_map(|v| {
                        v.split([',', '，'])
                            .map(|s| s.trim().to_string())
                            .collect::<Vec<_>>()
                    })
                    .filter(|s| !s.is_empty()),
            ),
            "url" | "link" => fm.meta.url = first(&values),
            _ => {}
        }
    }
    fm
}

fn yaml_strings(v: &yaml_rust2::Yaml) -> Vec<String> {
    use yaml_rust2::Yaml;
    match v {
        Yaml::String(s) | Yaml::Real(s) => vec![s.clone()],
        Yaml::Integer(n) => vec![n.to_string()],
        Yaml::Boolean(b) => vec![b.to_string()],
        Yaml::Array(items) => items.iter().flat_map(yaml_strings).collect(),
        Yaml::Hash(h) => h
            .get(&Yaml::String("name".into()))
            .map(yaml_strings)
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

fn toml_strings(v: &toml::Value) -> Vec<String> {
    match v {
        toml::Value::String(s) => vec![s.clone()],
        toml::Value::Array(items) => items.iter().flat_map(toml_strings).collect(),
        toml::Value::Table(t) => t.get("name").map(toml_strings).unwrap_or_default(),
        other => vec![other.to_string()],
    }
}

/// The byline line made of the author and the date.
pub(crate) fn byline(meta: &Meta) -> Option<String> {
    // The day of a timestamp (2024-05-18T08:30:00+08:00).
    let date = meta.date.as_deref().map(|d| match d.split_once('T') {
        Some((day, _)) if day.len() == 10 => day,
        _ => d,
    });
    let parts: Vec<&str> = [meta.author.as_deref(), date]
        .into_iter()
        .flatten()
        .collect();
    (!parts.is_empty()).then(|| parts.join(" · "))
}

fn same_title(a: &str, b: &str) -> bool {
    let squash = |s: &str| -> String { s.chars().filter(|c| !c.is_whitespace()).collect() };
    squash(a) == squash(b)
}

struct Render<'a> {
    src: &'a str,
    b: Builder,
    nest: Nesting,
    code: bool,
    table: Option<Table>,
    styles: Vec<usize>,
    /// The heading being read, and whether it is the title.
    heading: Option<(u8, bool)>,
    /// The byline, written after the title.
    byline: Option<String>,
    /// The front matter's place in the source.
    front: Range<usize>,
}

impl Render<'_> {
    /// The block a paragraph closed now is.
    fn close(&mut self) {
        let spec = self.nest.spec();
        self.b.close(spec);
    }

    fn write_byline(&mut self) {
        if let Some(line) = self.byline.take() {
            self.b.close(Block::Para(BlockKind::Text, 0));
            self.b.open();
            self.push_front(&line);
            self.b.close_byline();
        }
    }

    /// Writes a title or byline made from the front matter: each name,
    /// title or date in it that the front matter holds as written maps
    /// back there (the separators the byline adds do not).
    fn push_front(&mut self, line: &str) {
        let src = self.src.get(self.front.clone()).unwrap_or("");
        let mut from = 0;
        let mut rest = line;
        while !rest.is_empty() {
            let (piece, sep, next) = match [" · ", "、"]
                .iter()
                .filter_map(|sep| rest.find(sep).map(|i| (i, *sep)))
                .min()
            {
                Some((i, sep)) => (&rest[..i], sep, &rest[i + sep.len()..]),
                None => (rest, "", ""),
            };
            match src
                .get(from..)
                .and_then(|s| s.find(piece))
                .filter(|_| !piece.is_empty())
            {
                Some(i) => {
                    self.b.push_from(piece, self.front.start + from + i, true);
                    from += i + piece.len();
                }
                None => self.b.push(piece),
            }
            self.b.push(sep);
            rest = next;
        }
    }

    /// Inline text at `range` of the source.
    fn text(&mut self, s: &str, range: Range<usize>) {
        if let Some(cell) = self.table.as_mut().and_then(|t| t.cell.as_mut()) {
            cell.push_str(s);
            return;
        }
        let verbatim = self.src.get(range.clone()) == Some(s);
        self.b.push_from(s, range.start, verbatim);
    }

    fn start_style(&mut self, kind: StyleKind, target: Option<String>) {
        if self.table.is_some() {
            return;
        }
        let i = self.b.start_style(kind, target);
        self.styles.push(i);
    }

    fn end_style(&mut self) {
        if self.table.is_some() {
            return;
        }
        if let Some(i) = self.styles.pop() {
            self.b.end_style(i);
        }
    }

    fn start(&mut self, tag: Tag) {
        match tag {
            Tag::Paragraph if self.table.is_none() => self.b.open(),
            Tag::Heading { level: l, .. } => {
                self.close();
                self.b.open();
                let l = level(l);
                self.heading = Some((l, false));
            }
            Tag::BlockQuote(_) => {
                self.close();
                self.nest.quotes = self.nest.quotes.saturating_add(1);
            }
            Tag::CodeBlock(_) => {
                self.close();
                self.code = true;
                self.b.open();
            }
            Tag::List(first) => {
                self.close();
                self.nest.lists.push(first);
            }
            Tag::Item => {
                self.close();
                let marker = self.nest.next_marker();
                self.b.open();
                self.b.push(&marker);
            }
            Tag::FootnoteDefinition(label) => {
                self.close();
                self.b.open();
                self.b.push(&format!("[{label}] "));
            }
            Tag::Table(_) => {
                self.close();
                self.table = Some(Table::default());
            }
            Tag::TableHead | Tag::TableRow => {
                if let Some(t) = self.table.as_mut() {
                    t.rows.push(Vec::new());
                }
            }
            Tag::TableCell => {
                if let Some(t) = self.table.as_mut() {
                    t.cell = Some(String::new());
                }
            }
            Tag::Emphasis => self.start_style(StyleKind::Emphasis, None),
            Tag::Strong => self.start_style(StyleKind::Strong, None),
            Tag::Strikethrough => self.start_style(StyleKind::Strike, None),
            Tag::Link { dest_url, .. } => {
                self.start_style(StyleKind::Link, Some(dest_url.to_string()))
            }
            Tag::Image { dest_url, .. } => {
                self.start_style(StyleKind::Image, Some(dest_url.to_string()));
                self.push_rendered("[image: ");
            }
            _ => {}
        }
    }

    fn push_rendered(&mut self, s: &str) {
        if let Some(cell) = self.table.as_mut().and_then(|t| t.cell.as_mut()) {
            cell.push_str(s);
        } else {
            self.b.push(s);
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph if self.table.is_none() => self.close(),
            TagEnd::Heading(_) => match self.heading.take() {
                Some((_, true)) => {
                    self.b.close_title();
                    self.write_byline();
                }
                Some((l, false)) => {
                    self.b.close(Block::Heading(l));
                }
                None => self.close(),
            },
            TagEnd::BlockQuote(_) => {
                self.close();
                self.nest.quotes = self.nest.quotes.saturating_sub(1);
            }
            TagEnd::CodeBlock => {
                self.code = false;
                let depth = self.nest.depth();
                self.b.close(Block::Para(BlockKind::Code, depth));
            }
            TagEnd::List(_) => {
                self.close();
                self.nest.lists.pop();
            }
            TagEnd::Item | TagEnd::FootnoteDefinition => self.close(),
            TagEnd::TableCell => {
                if let Some(t) = self.table.as_mut()
                    && let Some(cell) = t.cell.take()
                    && let Some(row) = t.rows.last_mut()
                {
                    row.push(cell.trim().to_string());
                }
            }
            TagEnd::TableHead => {
                if let Some(t) = self.table.as_mut() {
                    t.head_rows = t.rows.len();
                }
            }
            TagEnd::Table => {
                if let Some(t) = self.table.take() {
                    let laid = t.layout();
                    self.b.open();
                    self.b.push(&laid);
                    self.b.close(Block::Para(BlockKind::Table, 0));
                }
            }
            TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link => {
                self.end_style()
            }
            TagEnd::Image => {
                if self.b.text.ends_with("[image: ") && self.table.is_none() {
                    let n = self.b.text.len() - 2;
                    self.b.text.truncate(n);
                }
                self.push_rendered("]");
                self.end_style();
            }
            _ => {}
        }
    }

    fn event(&mut self, event: Event, range: Range<usize>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(s) => self.text(&s, range),
            Event::Code(s) => {
                self.start_style(StyleKind::Code, None);
                // The code's own text sits inside the backticks.
                let inner = self
                    .src
                    .get(range.clone())
                    .and_then(|r| r.find(&*s))
                    .map_or(range.start, |i| range.start + i);
                self.text(&s, inner..inner + s.len());
                self.end_style();
            }
            Event::InlineMath(s) | Event::DisplayMath(s) => self.text(&s, range),
            Event::FootnoteReference(label) => self.push_rendered(&format!("[{label}]")),
            Event::SoftBreak => {
                if self.table.is_some() {
                    self.push_rendered(" ");
                } else {
                    self.b.soft_break();
                }
            }
            Event::HardBreak => self.push_rendered("\n"),
            Event::Rule => self.close(),
            Event::TaskListMarker(done) => self.push_rendered(if done { "[x] " } else { "[ ] " }),
            Event::Html(_) | Event::InlineHtml(_) => {}
        }
    }
}

/// Renders Markdown `src` into a document.
pub fn read(src: &str) -> Document {
    let events: Vec<(Event, Range<usize>)> =
        Parser::new_ext(src, options()).into_offset_iter().collect();
    // Front matter first: it decides the title.
    let mut fm = FrontMatter::default();
    let mut body_from = 0;
    let mut front = 0..0;
    if let Some((Event::Start(Tag::MetadataBlock(kind)), range)) = events.first() {
        front = range.clone();
        let toml = *kind == MetadataBlockKind::PlusesStyle;
        let mut raw = String::new();
        for (i, (e, _)) in events.iter().enumerate().skip(1) {
            match e {
                Event::Text(s) => raw.push_str(s),
                Event::End(TagEnd::MetadataBlock(_)) => {
                    body_from = i + 1;
                    break;
                }
                _ => {}
            }
        }
        fm = front_matter(&raw, toml);
    }
    let body = events.get(body_from..).unwrap_or(&[]);
    // Is the first block a level-1 heading that is the title? With front
    // matter: when it repeats the title; without: when it is the only
    // level-1 heading and more follows.
    let h1s = body
        .iter()
        .filter(|(e, _)| {
            matches!(
                e,
                Event::Start(Tag::Heading {
                    level: HeadingLevel::H1,
                    ..
                })
            )
        })
        .count();
    let first_h1_text = match body.first() {
        Some((
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            }),
            _,
        )) => {
            let mut t = String::new();
            let mut end = 0;
            for (i, (e, _)) in body.iter().enumerate().skip(1) {
                match e {
                    Event::Text(s) | Event::Code(s) => t.push_str(s),
                    Event::End(TagEnd::Heading(_)) => {
                        end = i;
                        break;
                    }
                    _ => {}
                }
            }
            Some((t, end + 1 < body.len()))
        }
        _ => None,
    };
    let h1_is_title = match (&fm.title, &first_h1_text) {
        (Some(title), Some((h1, _))) => same_title(title, h1),
        (None, Some((_, more))) => h1s == 1 && *more,
        _ => false,
    };
    let mut r = Render {
        src,
        b: Builder::new(),
        nest: Nesting::default(),
        code: false,
        table: None,
        styles: Vec::new(),
        heading: None,
        byline: byline(&fm.meta),
        front,
    };
    if !h1_is_title {
        if let Some(title) = &fm.title {
            r.b.open();
            r.push_front(title.trim());
            r.b.close_title();
        }
        r.write_byline();
    }
    let mut first_heading = h1_is_title;
    for (event, range) in body.iter().cloned() {
        if first_heading && matches!(event, Event::Start(Tag::Heading { .. })) {
            first_heading = false;
            r.start(event_tag(event));
            if let Some(h) = r.heading.as_mut() {
                h.1 = true;
            }
            continue;
        }
        r.event(event, range);
    }
    let _ = r.code;
    let mut b = r.b;
    b.meta = fm.meta;
    b.finish(Format::Markdown)
}

fn event_tag(e: Event) -> Tag {
    match e {
        Event::Start(t) => t,
        _ => Tag::Paragraph,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Span;

    fn t(doc: &Document, s: Option<Span>) -> Option<&str> {
        s.map(|s| doc.span_text(s))
    }

    #[test]
    fn yaml_front_matter_is_title_block_not_body() {
        let src = "---\ntitle: \"江边的早市\"\ndate: 2024-03-02\nauthor: 林夏\ntags:\n  - 城市\n  - 生活\n---\n\n清晨五点，江边的早市已经热闹起来。\n";
        let doc = read(src);
        assert_eq!(t(&doc, doc.title), Some("江边的早市"));
        assert_eq!(t(&doc, doc.byline), Some("林夏 · 2024-03-02"));
        assert_eq!(doc.meta.date.as_deref(), Some("2024-03-02"));
        assert_eq!(doc.meta.tags, ["城市", "生活"]);
        assert_eq!(doc.paragraphs.len(), 1);
        assert_eq!(
            doc.span_text(doc.paragraphs[0].span),
            "清晨五点，江边的早市已经热闹起来。"
        );
        assert!(!doc.text.contains("title:"));
    }

    #[test]
    fn toml_front_matter() {
        let src = "+++\ntitle = \"山路\"\nauthors = [\"甲\", \"乙\"]\n+++\n\n正文。\n";
        let doc = read(src);
        assert_eq!(t(&doc, doc.title), Some("山路"));
        assert_eq!(doc.meta.author.as_deref(), Some("甲、乙"));
    }

    #[test]
    fn h1_repeating_the_front_matter_title_is_the_title() {
        let src = "---\ntitle: 山 路\n---\n\n# 山路\n\n## 第一段\n\n正文。\n";
        let doc = read(src);
        assert_eq!(t(&doc, doc.title), Some("山路"));
        assert_eq!(doc.sections.len(), 2);
        assert_eq!(t(&doc, doc.sections[1].heading), Some("第一段"));
        assert_eq!(doc.sections[1].level, 1);
        // Title maps back to the source heading.
        let title = doc.title.map(|s| s.start).unwrap_or(0);
        assert_eq!(doc.source.map.to_source(title), src.find("山路\n"));
    }

    #[test]
    fn inline_styles_links_images() {
        let src =
            "他说**这很重要**，见[官网](https://example.org/a)和`x = 1`。\n\n![江景](a.png)\n";
        let doc = read(src);
        assert_eq!(
            doc.span_text(doc.paragraphs[0].span),
            "他说这很重要，见官网和x = 1。"
        );
        assert_eq!(doc.span_text(doc.paragraphs[1].span), "[image: 江景]");
        let got: Vec<(StyleKind, &str, Option<&str>)> = doc
            .styles
            .iter()
            .map(|s| (s.kind, doc.span_text(s.span), s.target.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                (StyleKind::Strong, "这很重要", None),
                (StyleKind::Link, "官网", Some("https://example.org/a")),
                (StyleKind::Code, "x = 1", None),
                (StyleKind::Image, "[image: 江景]", Some("a.png")),
            ]
        );
        // Positions inside copied text map back into the source.
        let at = doc.text.find("重要").unwrap_or(0);
        assert_eq!(doc.source.map.to_source(at), src.find("重要"));
    }

    #[test]
    fn code_is_kept_line_by_line() {
        let src = "说明：\n\n```js\nconst a = 1;\n  if (a) {\n}\n```\n";
        let doc = read(src);
        let code = &doc.paragraphs[1];
        assert_eq!(code.kind, BlockKind::Code);
        assert_eq!(doc.span_text(code.span), "const a = 1;\n  if (a) {\n}");
        let lines: Vec<&str> = doc.sentences[code.sentences.clone()]
            .iter()
            .map(|s| doc.span_text(s.span))
            .collect();
        assert_eq!(lines, ["const a = 1;", "  if (a) {", "}"]);
        assert_eq!(doc.verbatim(), [code.span]);
    }

    #[test]
    fn lists_quotes_tables() {
        let src = "- 甲\n- 乙\n  1. 子一\n  2. 子二\n\n> 引用的话。\n\n| 城市 | 人口 |\n|---|---|\n| 上海 | 2487万 |\n| 杭州市 | 1252万 |\n";
        let doc = read(src);
        let got: Vec<(&str, BlockKind, u8)> = doc
            .paragraphs
            .iter()
            .map(|p| (doc.span_text(p.span), p.kind, p.depth))
            .collect();
        assert_eq!(
            got,
            [
                ("• 甲", BlockKind::Item, 0),
                ("• 乙", BlockKind::Item, 0),
                ("1. 子一", BlockKind::Item, 1),
                ("2. 子二", BlockKind::Item, 1),
                ("引用的话。", BlockKind::Quote, 0),
                (
                    "城市    人口\n──────────────\n上海    2487万\n杭州市  1252万",
                    BlockKind::Table,
                    0
                ),
            ]
        );
    }

    #[test]
    fn lone_h1_is_title_and_levels_count_from_the_shallowest() {
        let src = "# 标题\n\n导语。\n\n### 小节\n\n正文。\n\n#### 更小\n\n再正文。\n";
        let doc = read(src);
        assert_eq!(t(&doc, doc.title), Some("标题"));
        let got: Vec<(Option<&str>, u8, Option<usize>)> = doc
            .sections
            .iter()
            .map(|s| (t(&doc, s.heading), s.level, s.parent))
            .collect();
        assert_eq!(
            got,
            [
                (None, 0, None),
                (Some("小节"), 1, None),
                (Some("更小"), 2, Some(1))
            ]
        );
    }
}
