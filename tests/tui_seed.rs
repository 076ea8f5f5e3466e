//! Acceptance on the seed article with the real parser and annotators:
//! its four sections in the outline, Enter on a section, section keys,
//! person and quote jumps with the details panel, and layer styles.

mod tui_support;

use tui_support::*;
use yuelan::tui::index::JumpKind;
use yuelan::tui::theme::Role;
use yuelan::tui::{App, Theme};

/// The seed's headings, read by hand from the article.
const HEADINGS: [&str; 3] = [
    "在企业初创时就播下“红色种子”",
    "多方探索让“隐形党员”归队",
    "坚持把党员放在企业关键岗位",
];

fn outline_rows(app: &App) -> Vec<String> {
    let buf = render(app);
    let o = app.areas.outline.expect("outline shown");
    (o.y..o.y + o.height)
        .map(|y| row(&buf, y, o.x, o.x + o.width))
        .collect()
}

#[test]
fn outline_shows_the_four_sections() {
    let Some(seed) = seed() else { return };
    let ann = annotated(&seed);
    assert_eq!(ann.doc.sections.len(), 4);
    for (w, h) in [(120, 40), (80, 24)] {
        let app = app_with(ann.clone(), w, h);
        let rows = outline_rows(&app);
        let width = app.areas.outline.map_or(0, |o| o.width as usize - 6);
        for (i, heading) in HEADINGS.iter().enumerate() {
            // Numbered 2–4 after the lead; cut to the pane's width.
            let shown = yuelan::text::truncate(heading, width.saturating_sub(4));
            let shown: String = shown.chars().take(6).collect();
            assert!(
                rows.iter()
                    .any(|r| r.contains(&format!("{} {shown}", i + 2))),
                "{w}x{h}: {heading} missing from {rows:#?}"
            );
        }
        assert!(rows.iter().any(|r| r.contains("▸1 ")), "{rows:#?}");
        // Counts rows: ¶ with the paragraph counts the parser gives.
        for (i, s) in app.doc.doc.sections.iter().enumerate() {
            let want = format!("¶{} ", s.paragraphs.len());
            assert!(
                rows.iter().any(|r| r.contains(&want)),
                "section {i}: {want} in {rows:#?}"
            );
        }
    }
}

#[test]
fn enter_on_the_third_section_shows_its_heading_at_the_top() {
    let Some(seed) = seed() else { return };
    let ann = annotated(&seed);
    for (w, h) in [(120, 40), (80, 24), (40, 12)] {
        let mut app = app_with(ann.clone(), w, h);
        if w < 80 {
            press(&mut app, "o");
        }
        press(&mut app, "tab");
        press(&mut app, "j");
        press(&mut app, "j");
        press(&mut app, "enter");
        let buf = render(&app);
        let rows = text_rows(&app, &buf);
        let first = rows[0].trim_end();
        assert!(
            HEADINGS[1].starts_with(first) && !first.is_empty(),
            "{w}x{h}: {first:?}"
        );
        assert_eq!(app.current_section(), 2);
        // The outline marks it as the section being read.
        let outline = outline_rows(&app);
        assert!(
            outline.iter().any(|r| r.contains("▸3 ")),
            "{w}x{h}: {outline:#?}"
        );
        // The status bar says so too.
        let status = screen(&buf).pop().unwrap_or_default();
        assert!(status.contains("§3/4"), "{w}x{h}: {status}");
    }
}

#[test]
fn section_keys_move_by_section() {
    let Some(seed) = seed() else { return };
    let mut app = app(&seed, 120, 40);
    press(&mut app, "]]");
    assert_eq!(app.current_section(), 1);
    let first = text_rows(&app, &render(&app))[0].trim_end().to_string();
    assert!(
        HEADINGS[0].starts_with(&first) && !first.is_empty(),
        "{first}"
    );
    press(&mut app, "]]");
    press(&mut app, "]]");
    assert_eq!(app.current_section(), 3);
    press(&mut app, "[[");
    assert_eq!(app.current_section(), 2);
    // Scrolling keeps the outline in step.
    press(&mut app, "g");
    assert_eq!(app.current_section(), 0);
    for _ in 0..200 {
        press(&mut app, "j");
    }
    press(&mut app, "G");
    assert_eq!(app.current_section(), app.lines()[app.top].section as usize);
}

#[test]
fn person_jump_and_details_name_the_person() {
    let Some(seed) = seed() else { return };
    let mut app = app(&seed, 120, 40);
    let people = app.index.jumps(JumpKind::Person).to_vec();
    assert!(people.len() >= 3, "the seed names several people");
    press(&mut app, "]p");
    assert_eq!(app.cursor, Some(people[0].start));
    let who = app.doc.doc.span_text(people[0]).to_string();
    let scr = screen_text(&render(&app));
    assert!(scr.contains(&format!("PER {who}")), "{scr}");
    if people.len() > 1 {
        press(&mut app, "]p");
        assert_eq!(app.cursor, Some(people[1].start));
    }
}

#[test]
fn quote_jump_names_the_speaker() {
    let Some(seed) = seed() else { return };
    let mut app = app(&seed, 120, 40);
    let quotes = app.index.jumps(JumpKind::Quote).to_vec();
    assert!(quotes.len() >= 3, "the seed has several quotations");
    let mut said = 0;
    for q in &quotes {
        press(&mut app, "]q");
        assert_eq!(app.cursor, Some(q.start));
        let scr = screen_text(&render(&app));
        assert!(scr.contains("QUOTE "), "{scr}");
        if scr.contains("said by ") {
            said += 1;
        }
    }
    assert!(said >= 1, "some quote names its speaker");
    press(&mut app, "]q");
    assert!(app.message.as_deref().unwrap_or("").contains("no next"));
    // Who said what lists them.
    press(&mut app, "s");
    let scr = screen_text(&render(&app));
    assert!(scr.contains("Who said what"), "{scr}");
}

#[test]
fn quote_cells_carry_the_quote_style_until_toggled_off() {
    let Some(seed) = seed() else { return };
    let mut app = app(&seed, 120, 40);
    let quote_fg = Theme::dark().style(Role::Quote).fg;
    assert!(quote_fg.is_some());
    press(&mut app, "]q");
    let q = app.index.jumps(JumpKind::Quote)[0];
    // Cells of the quote other than the cursor's word.
    let cursor = app.cursor_span().expect("cursor");
    let cells: Vec<_> = cells_of(&app, cursor.end, q.end);
    assert!(cells.len() > 3);
    let buf = render(&app);
    let styled = cells
        .iter()
        .filter(|&&c| Some(buf[c].fg) == quote_fg)
        .count();
    assert!(
        styled * 2 > cells.len(),
        "{styled} of {} cells",
        cells.len()
    );
    press(&mut app, "4");
    let buf = render(&app);
    assert!(cells.iter().all(|&c| Some(buf[c].fg) != quote_fg));
}

#[test]
fn per_cells_carry_the_per_style_until_toggled_off() {
    let Some(seed) = seed() else { return };
    let mut app = app(&seed, 120, 40);
    let per_bg = Theme::dark().style(Role::Per).bg;
    press(&mut app, "]p");
    press(&mut app, "]p");
    let p = app.index.jumps(JumpKind::Person)[1];
    // Move the cursor off the name so only the layer styles it.
    press(&mut app, "w");
    let cells = cells_of(&app, p.start, p.end);
    assert_eq!(cells.len(), app.doc.doc.span_text(p).chars().count());
    let buf = render(&app);
    for &c in &cells {
        assert_eq!(Some(buf[c].bg), per_bg, "PER cell {c:?}");
    }
    press(&mut app, "1");
    let buf = render(&app);
    for &c in &cells {
        assert_ne!(Some(buf[c].bg), per_bg, "hidden PER cell {c:?}");
    }
}
