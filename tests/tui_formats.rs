//! The browser shows rendered documents as rendered: a Markdown document
//! written here, read by the Markdown reader, annotated by the pipeline and
//! drawn into a TestBackend buffer at 80 columns.

mod tui_support;

use ratatui::buffer::Buffer;
use ratatui::style::Modifier;
use tui_support::*;
use yuelan::model::{Annotated, BlockKind, Format, Span};
use yuelan::text::str_width;
use yuelan::tui::App;

const DOC: &str = r#"---
title: 山城笔记
author: 许远
date: 2025-03-02
tags: [旅行, 重庆]
---

# 第一节 码头

这是**重要**的一天，我们在*江边*走了很久。详见[市志](https://example.org/zhi)，运行`cargo run`即可。

![江景](jiang.png)

- 第一件事是买票，排队的人很多，队伍从售票窗口一直排到了街角的那家老茶馆门口，大家都很有耐心地等着。
- 第二件事

> 老人说：“雾散了，船就来了。”
>
> 张建国点点头。

```
fn main() {
    // 王小明在北京
    println!("你好");
}
```

| 站名 | 距离 |
|---|---|
| 朝天门 | 0 |
| 解放碑 | 1.5 |

最后一段在这里结束。
"#;

fn annotated_md(src: &str) -> Annotated {
    yuelan::annotate::annotate(yuelan::read::from_text(src, Format::Markdown), resources())
}

fn app_md() -> App {
    let mut app = app_with(annotated_md(DOC), 80, 60);
    app.show_details = true;
    app
}

/// The text pane's rows, right-trimmed.
fn rows(app: &App, buf: &Buffer) -> Vec<String> {
    text_rows(app, buf)
        .into_iter()
        .map(|r| r.trim_end().to_string())
        .collect()
}

fn find(rows: &[String], pred: impl Fn(&str) -> bool, what: &str) -> usize {
    rows.iter()
        .position(|r| pred(r))
        .unwrap_or_else(|| panic!("no row {what}:\n{}", rows.join("\n")))
}

/// The buffer cell drawing the first character of `needle` in the text pane.
fn cell_of<'a>(app: &App, buf: &'a Buffer, needle: &str) -> &'a ratatui::buffer::Cell {
    let pos = app.doc.doc.text.find(needle).unwrap_or(usize::MAX);
    let cells = cells_of(app, pos, pos + 1);
    let &(x, y) = cells
        .first()
        .unwrap_or_else(|| panic!("{needle} not on screen"));
    &buf[(x, y)]
}

#[test]
fn title_block_shows_front_matter_never_the_fence() {
    let app = app_md();
    let rows = rows(&app, &render(&app));
    assert_eq!(rows[0], "山城笔记");
    assert_eq!(rows[2], "许远 · 2025-03-02");
    assert_eq!(rows[3], "tags: 旅行 · 重庆");
    assert!(
        rows.iter()
            .all(|r| !r.contains("---") && !r.contains("title:"))
    );
}

#[test]
fn code_block_line_by_line_verbatim() {
    let app = app_md();
    let rows = rows(&app, &render(&app));
    let i = find(
        &rows,
        |r| r == "  fn main() {",
        "with the code's first line",
    );
    assert_eq!(rows[i + 1], "      // 王小明在北京");
    assert_eq!(rows[i + 2], "      println!(\"你好\");");
    assert_eq!(rows[i + 3], "  }");
}

#[test]
fn code_is_never_annotated() {
    let ann = annotated_md(DOC);
    let doc = &ann.doc;
    let code = doc
        .paragraphs
        .iter()
        .find(|p| p.kind == BlockKind::Code)
        .map(|p| p.span)
        .unwrap_or_default();
    assert!(doc.span_text(code).contains("王小明在北京"));
    let inline = doc.text.find("cargo run").unwrap_or(0);
    let inline = Span::new(inline, inline + "cargo run".len());
    for s in [code, inline] {
        assert!(
            ann.tokens.iter().all(|t| !t.span().overlaps(&s)),
            "tokens in {s:?}"
        );
        let inside: Vec<_> = ann
            .annotations
            .iter()
            .filter(|a| a.span.overlaps(&s))
            .collect();
        assert!(inside.is_empty(), "annotations in code: {inside:?}");
    }
    // The same name outside code is found (so the test can fail).
    assert!(
        ann.annotations
            .iter()
            .any(|a| a.span.text(&doc.text) == "张建国"),
        "张建国 in the quote is an entity"
    );
}

#[test]
fn interlinear_mode_leaves_code_and_tables_alone() {
    let mut app = app_md();
    app.learner.interlinear = true;
    let rows = rows(&app, &render(&app));
    let i = find(
        &rows,
        |r| r == "  fn main() {",
        "with the code's first line",
    );
    assert_eq!(
        rows[i + 1],
        "      // 王小明在北京",
        "no pinyin row in code"
    );
    assert_eq!(rows[i + 3], "  }");
    let t = find(&rows, |r| r.starts_with("朝天门"), "with a table row");
    assert!(
        rows[t + 1].starts_with("解放碑"),
        "no pinyin row in a table"
    );
    // A quote keeps its bar beside both the pinyin and the text rows
    // (which the interlinear layout spaces out under the syllables).
    let q = find(
        &rows,
        |r| r.contains("lǎo rén shuō"),
        "with the quote's pinyin",
    );
    assert!(rows[q].starts_with("│ "), "{}", rows[q]);
    assert!(
        rows[q + 1].starts_with("│ ") && rows[q + 1].contains('老'),
        "{}",
        rows[q + 1]
    );
}

#[test]
fn table_rows_aligned_in_cells() {
    let app = app_md();
    let rows = rows(&app, &render(&app));
    let h = find(&rows, |r| r.starts_with("站名"), "with the table header");
    assert!(rows[h + 1].starts_with("──"), "{}", rows[h + 1]);
    // The second column starts at the same cell in every row.
    let col = |row: &str, cell: &str| str_width(&row[..row.find(cell).unwrap_or(0)]);
    let c = col(&rows[h], "距离");
    assert!(c > 0);
    assert_eq!(col(&rows[h + 2], "0"), c, "{}", rows[h + 2]);
    assert_eq!(col(&rows[h + 3], "1.5"), c, "{}", rows[h + 3]);
    assert!(rows[h + 2].starts_with("朝天门"));
}

#[test]
fn quotes_have_a_bar_and_items_a_hanging_indent() {
    let app = app_md();
    let rows = rows(&app, &render(&app));
    let q = find(&rows, |r| r.contains("雾散了"), "with the quote");
    assert!(rows[q].starts_with("│ 老人说"), "{}", rows[q]);
    // The blank line inside the quote keeps its bar.
    assert_eq!(rows[q + 1], "│");
    assert!(rows[q + 2].starts_with("│ 张建国"), "{}", rows[q + 2]);
    let i = find(
        &rows,
        |r| r.starts_with("• 第一件事"),
        "with the first item",
    );
    // The item wraps under its text, not under the marker.
    assert!(rows[i + 1].starts_with("  ") && !rows[i + 1].starts_with("   "));
    let next = find(
        &rows,
        |r| r.starts_with("• 第二件事"),
        "with the second item",
    );
    assert!(next > i + 1);
    // No blank row between the items of a list.
    assert!(rows[i..next].iter().all(|r| !r.is_empty()));
}

#[test]
fn inline_styles_are_styles_not_markup() {
    let mut app = app_md();
    // Keywords are drawn bold too: hidden, so bold is the source's.
    app.hidden_layers.insert(yuelan::model::Layer::Keywords);
    let buf = render(&app);
    let rows = rows(&app, &buf);
    let p = find(
        &rows,
        |r| r.starts_with("这是重要的一天"),
        "with the paragraph",
    );
    assert!(!rows[p].contains("**") && !rows[p].contains('`'));
    assert!(rows[p].contains("详见市志"));
    find(&rows, |r| r == "[image: 江景]", "with the image");
    assert!(rows.iter().all(|r| !r.contains("](")));
    let has = |needle: &str, m: Modifier| cell_of(&app, &buf, needle).modifier.contains(m);
    assert!(has("重要", Modifier::BOLD));
    assert!(!has("这是", Modifier::BOLD));
    assert!(has("江边", Modifier::ITALIC));
    assert!(has("市志", Modifier::UNDERLINED));
    // The link's address is in the details panel when the cursor is on it.
    assert!(!screen_text(&buf).contains("example.org"));
    app.cursor = app.doc.doc.text.find("市志");
    let scr = screen_text(&render(&app));
    assert!(scr.contains("link → https://example.org/zhi"), "{scr}");
}

#[test]
fn clicks_on_indented_lines_land_on_their_text() {
    let app = app_md();
    let buf = render(&app);
    let pos = app.doc.doc.text.find("老人说").unwrap_or(0);
    let (x, y) = cells_of(&app, pos, pos + 1)[0];
    assert_eq!(buf[(x, y)].symbol(), "老");
    assert_eq!(app.byte_at(x, y), Some(pos));
}

/// A Markdown file of one 5 MB code block opens as a usable document: one
/// row per line of code, each whole, drawn without pinyin or annotation.
#[test]
fn one_huge_code_block_is_laid_out_line_by_line() {
    let line = "let 数值 = compute(1, 2, 3); // 注释";
    let mut src = String::from("```\n");
    while src.len() < 5 << 20 {
        src.push_str(line);
        src.push('\n');
    }
    src.push_str("```\n");
    let doc = yuelan::read::from_text(&src, Format::Markdown);
    let lines = yuelan::tui::wrap::layout(&doc, 78, yuelan::text::Widths::NARROW);
    let code_lines = src.lines().count() - 2;
    assert_eq!(lines.len(), code_lines);
    assert!(
        lines.iter().all(|l| {
            l.deco == yuelan::tui::wrap::Deco::Code && &doc.text[l.start..l.end] == line
        })
    );
    let mut app = App::on(std::sync::Arc::new(Annotated::unannotated(doc)), "huge.md");
    app.resize(80, 24);
    let buf = render(&app);
    let rows = rows(&app, &buf);
    assert_eq!(rows[0], format!("  {line}"));
    assert_eq!(rows[1], format!("  {line}"));
}

/// A table whose cells hold ambiguous-width characters (①, ×, °, —): one
/// cell each in the text's layout, two with `ambiguous_width = 2`.
const AMBIGUOUS_TABLE: &str = "# 符号表\n\n\
| 符号 | 读法 | 说明 |\n\
|---|---|---|\n\
| ①②③ | 圈码 | 序号 |\n\
| × | 乘号 | 3×4 |\n\
| ° | 度 | 36.5°C |\n\
| — | 破折号 | 长横—线 |\n\n\
表后的一段话。\n";

/// The screen column where `cell` (a cell's text) starts on the screen
/// row that holds it, from the buffer's cells.
fn screen_col(app: &App, buf: &Buffer, cell: &str) -> (u16, u16) {
    let r = app.areas.text_inner;
    let first: String = cell.chars().take(1).collect();
    let second: String = cell.chars().skip(1).take(1).collect();
    for y in r.y..r.y + r.height {
        for x in r.x..r.x + r.width {
            if buf[(x, y)].symbol() != first {
                continue;
            }
            // The next character of the cell follows (after the first's
            // cells), unless the cell is one character.
            let next = (x + 1..r.x + r.width)
                .map(|x| buf[(x, y)].symbol())
                .find(|s| *s != " ");
            if second.is_empty() || next == Some(second.as_str()) {
                return (x - r.x, y);
            }
        }
    }
    panic!("{cell} not on screen:\n{}", text_rows(app, buf).join("\n"));
}

fn table_columns(widths: yuelan::text::Widths) -> (Vec<u16>, Vec<u16>, usize) {
    let mut app = app_with(annotated_md(AMBIGUOUS_TABLE), 80, 30);
    app.set_widths(widths);
    let buf = render(&app);
    let col = |cells: &[&str]| -> Vec<u16> {
        let mut ys = Vec::new();
        let xs = cells
            .iter()
            .map(|c| {
                let (x, y) = screen_col(&app, &buf, c);
                ys.push(y);
                x
            })
            .collect();
        // One row each.
        ys.dedup();
        assert_eq!(ys.len(), cells.len(), "{cells:?}");
        xs
    };
    let second = col(&["读法", "圈码", "乘号", "度", "破折号"]);
    let third = col(&["说明", "序号", "3×4", "36.5°C", "长横—线"]);
    // The rule under the header, in cells.
    let rows = text_rows(&app, &buf);
    let rule = rows
        .iter()
        .find(|r| r.starts_with('─'))
        .map_or(0, |r| r.chars().filter(|&c| c == '─').count());
    (second, third, rule)
}

#[test]
fn table_columns_use_the_readers_ambiguous_width() {
    use yuelan::text::Widths;
    // One cell per ambiguous character: the first column is 符号 wide (4
    // cells; ①②③ is 3), the second 破折号 (6).
    let (second, third, _) = table_columns(Widths::NARROW);
    assert_eq!(second, [6; 5]);
    assert_eq!(third, [14; 5]);
    // Two cells each: ①②③ is 6 cells, the widest of the first column, so
    // the second column starts at 8 in every row, the third at 16.
    let (second, third, rule) = table_columns(Widths::WIDE);
    assert_eq!(second, [8; 5]);
    assert_eq!(third, [16; 5]);
    // 6 + 2 + 6 + 2 + 8 (长横—线) cells: 12 rule characters of two cells.
    assert_eq!(rule, 12);
}

#[test]
fn inline_code_in_interlinear_mode_has_no_pinyin() {
    let src = "# 命令\n\n运行`中文 run`以后，我们回家。\n";
    let mut app = app_with(annotated_md(src), 80, 20);
    app.learner.interlinear = true;
    let rows = rows(&app, &render(&app));
    let t = find(&rows, |r| r.contains("运"), "with the text");
    let pinyin = &rows[t - 1];
    // The words around the code have their pinyin; the code none.
    assert!(pinyin.contains("yùn"), "{pinyin}");
    assert!(pinyin.contains("huí"), "{pinyin}");
    assert!(!pinyin.contains("zhōng"), "{pinyin}");
    assert!(!pinyin.contains("wén"), "{pinyin}");
    // The code as written, its characters side by side.
    assert!(rows[t].contains("中文 run"), "{}", rows[t]);
}
