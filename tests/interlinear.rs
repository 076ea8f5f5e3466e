//! Interlinear pinyin drawn into a ratatui TestBackend: each syllable sits
//! centred over its character, at two widths, and wraps with its text.

use ratatui::{Terminal, backend::TestBackend, buffer::Buffer};
use unicode_width::UnicodeWidthStr;
use yuelan::dict::{self, interlinear};

fn lay(text: &str, width: usize) -> Vec<interlinear::Line> {
    let d = dict::shared().unwrap_or_else(|e| panic!("dictionary: {e}"));
    let syl = d.syllables(text);
    let chars: Vec<_> = text
        .char_indices()
        .zip(syl)
        .map(|((i, c), s)| (i, c, s))
        .collect();
    interlinear::layout(&chars, width, yuelan::text::Widths::NARROW)
}

fn draw(lines: &[interlinear::Line], width: u16, height: u16) -> Buffer {
    let mut term =
        Terminal::new(TestBackend::new(width, height)).unwrap_or_else(|e| panic!("terminal: {e}"));
    let drawn = term.draw(|f| {
        let area = f.area();
        interlinear::render(
            lines,
            area,
            f.buffer_mut(),
            interlinear::Appearance::default(),
        );
    });
    if let Err(e) = drawn {
        panic!("draw: {e}");
    }
    let buf = term.backend().buffer().clone();
    // Something was drawn (when there is room and there are lines).
    if width > 0 && height > 0 && !lines.is_empty() {
        assert!(
            buf.content.iter().any(|c| !c.symbol().trim().is_empty()),
            "nothing drawn"
        );
    }
    buf
}

fn cell(buf: &Buffer, x: usize, y: usize) -> String {
    buf.cell((x as u16, y as u16))
        .map(|c| c.symbol().to_string())
        .unwrap_or_default()
}

/// The pinyin row's text starting at column `x` for `n` cells.
fn row_text(buf: &Buffer, x: usize, y: usize, n: usize) -> String {
    (x..x + n).map(|x| cell(buf, x, y)).collect()
}

#[test]
fn wide_terminal_columns_checked_by_hand() {
    // Slots: 我 wǒ 3, 去 qù 3, 银 yín 4, 行 háng 5, 。 2 (no syllable).
    let lines = lay("我去银行。", 40);
    assert_eq!(lines.len(), 1);
    let buf = draw(&lines, 40, 4);
    for (x, ch) in [(0, "我"), (3, "去"), (7, "银"), (11, "行"), (15, "。")] {
        assert_eq!(cell(&buf, x, 1), ch, "column {x}");
    }
    for (x, syl) in [(0, "wǒ"), (3, "qù"), (6, "yín"), (10, "háng")] {
        assert_eq!(row_text(&buf, x, 0, syl.chars().count()), syl, "column {x}");
    }
    // Nothing above 。 .
    assert_eq!(row_text(&buf, 14, 0, 4), "    ");
}

#[test]
fn narrow_terminal_wraps_pinyin_with_its_text() {
    // At 9 cells: [我去] [银] [行。] — 。 may not start a line, so 行 comes
    // down with it.
    let lines = lay("我去银行。", 9);
    let texts: Vec<String> = lines
        .iter()
        .map(|l| l.slots.iter().map(|s| s.ch).collect())
        .collect();
    assert_eq!(texts, ["我去", "银", "行。"]);
    let buf = draw(&lines, 9, 6);
    assert_eq!(cell(&buf, 0, 1), "我");
    assert_eq!(cell(&buf, 3, 1), "去");
    assert_eq!(row_text(&buf, 0, 0, 5), "wǒ qù");
    assert_eq!(cell(&buf, 1, 3), "银");
    assert_eq!(row_text(&buf, 0, 2, 3), "yín");
    assert_eq!(cell(&buf, 1, 5), "行");
    assert_eq!(cell(&buf, 5, 5), "。");
    assert_eq!(row_text(&buf, 0, 4, 4), "háng");
}

#[test]
fn every_syllable_is_centred_over_its_character_at_two_widths() {
    let text = "重庆的银行行业发展很快，说服了不少投资者。";
    for width in [24usize, 61] {
        let lines = lay(text, width);
        let buf = draw(&lines, width as u16, (2 * lines.len()) as u16);
        let mut seen = String::new();
        for (n, line) in lines.iter().enumerate() {
            assert!(line.width() <= width);
            for s in &line.slots {
                seen.push(s.ch);
                assert_eq!(cell(&buf, s.char_x(), 2 * n + 1), s.ch.to_string());
                let (Some(syl), Some(sx)) = (&s.syllable, s.syllable_x()) else {
                    continue;
                };
                let w = syl.text.width();
                assert_eq!(
                    row_text(&buf, sx, 2 * n, syl.text.chars().count()),
                    syl.text
                );
                // Centres in half cells: syllable vs character.
                let (cs, cc) = (2 * sx + w, 2 * s.char_x() + s.char_width());
                assert!(
                    cs.abs_diff(cc) <= 1,
                    "{} {} at width {width}",
                    syl.text,
                    s.ch
                );
            }
        }
        assert_eq!(seen, text, "every character once, in order");
    }
    // Word-level readings reach the rows: 行 in 银行 and in 行业.
    let lines = lay(text, 200);
    let syl: Vec<&str> = lines[0]
        .slots
        .iter()
        .filter_map(|s| s.syllable.as_ref().map(|x| x.text.as_str()))
        .collect();
    assert_eq!(
        &syl[..8],
        ["Chóng", "qìng", "de", "yín", "háng", "háng", "yè", "fā"]
    );
}
