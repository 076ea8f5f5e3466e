//! Interlinear pinyin: a pinyin row above each line of text, each syllable
//! centred over its character.
//!
//! A syllable is usually wider than its character (`zhuàng` is six cells,
//! 壮 two), so each Han character gets a *slot* as wide as its syllable plus
//! one cell of space; the character and the syllable are both centred in
//! the slot. Lines wrap by slots, so the pinyin row wraps with its text.
//! Everything here is measured in terminal cells (CJK characters are two).

use super::pinyin::{Syllable, ToneClass};
use crate::text::{Widths, can_break, no_line_start};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};

/// One character of the text, as laid out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    /// Byte offset of the character in the source text.
    pub source: usize,
    /// The character as displayed (possibly converted to the other script).
    pub ch: char,
    /// Its width in cells.
    pub ch_width: usize,
    pub syllable: Option<Syllable>,
    /// Column of the slot's left edge within its line.
    pub x: usize,
    /// Width of the slot in cells.
    pub width: usize,
}

impl Slot {
    pub fn char_width(&self) -> usize {
        self.ch_width
    }
    /// Column where the character is drawn (centred in the slot).
    pub fn char_x(&self) -> usize {
        self.x + (self.width - self.char_width().min(self.width)) / 2
    }
    /// Column where the syllable is drawn (centred in the slot).
    pub fn syllable_x(&self) -> Option<usize> {
        let s = self.syllable.as_ref()?;
        let w = crate::text::str_width(&s.text).min(self.width);
        Some(self.x + (self.width - w) / 2)
    }
}

/// One wrapped line: a text row with its pinyin row above.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Line {
    pub slots: Vec<Slot>,
}

impl Line {
    /// Source byte range covered by the line.
    pub fn source_range(&self) -> Option<(usize, usize)> {
        let first = self.slots.first()?;
        let last = self.slots.last()?;
        Some((first.source, last.source + last.ch.len_utf8()))
    }
    pub fn width(&self) -> usize {
        self.slots.last().map_or(0, |s| s.x + s.width)
    }
}

/// Lays out characters with their syllables (`(source offset, displayed
/// char, syllable)`) into lines at most `width` cells wide, measuring
/// characters with `widths`. A `'\n'` forces a break. Lines break where
/// [`crate::text::can_break`] allows (the same rules as the text pane:
/// kinsoku, Latin words whole), else are cut.
pub fn layout(
    chars: &[(usize, char, Option<Syllable>)],
    width: usize,
    widths: Widths,
) -> Vec<Line> {
    let width = width.max(2);
    let mut lines: Vec<Line> = Vec::new();
    let mut cur: Vec<Slot> = Vec::new();
    let mut used = 0usize;
    // Where in `cur` a new line may begin (the last break opportunity).
    let mut last_break: Option<usize> = None;
    for (source, ch, syl) in chars {
        let (source, ch) = (*source, *ch);
        if ch == '\n' {
            lines.push(finish(std::mem::take(&mut cur)));
            used = 0;
            last_break = None;
            continue;
        }
        let cw = widths.char(ch);
        let slot_w = match syl {
            Some(s) => cw.max(widths.str(&s.text) + 1),
            None => cw,
        }
        .min(width);
        if let Some(prev) = cur.last()
            && can_break(prev.ch, ch)
        {
            last_break = Some(cur.len());
        }
        if used + slot_w > width && !cur.is_empty() {
            if ch.is_whitespace() {
                // Hang the space: end the line, drop the space.
                lines.push(finish(std::mem::take(&mut cur)));
                used = 0;
                last_break = None;
                continue;
            }
            let cut = match last_break {
                Some(b) if b > 0 => b,
                _ => forced_cut(&cur, ch),
            };
            let carry: Vec<Slot> = cur
                .split_off(cut)
                .into_iter()
                .skip_while(|s| s.ch.is_whitespace())
                .collect();
            lines.push(finish(std::mem::take(&mut cur)));
            cur = carry;
            used = cur.iter().map(|s| s.width).sum();
            last_break = (1..cur.len())
                .rev()
                .find(|&k| can_break(cur[k - 1].ch, cur[k].ch));
        }
        cur.push(Slot {
            source,
            ch,
            ch_width: cw,
            syllable: syl.clone(),
            x: 0,
            width: slot_w,
        });
        used += slot_w;
    }
    if !cur.is_empty() || lines.is_empty() {
        lines.push(finish(cur));
    }
    lines
}

/// Where to cut a full line with no break opportunity when `next` comes:
/// before it, moved back so the new line does not begin with closing
/// punctuation where that is possible.
fn forced_cut(cur: &[Slot], next: char) -> usize {
    let mut cut = cur.len();
    let mut first = next;
    while cut > 1 && no_line_start(first) {
        cut -= 1;
        first = cur[cut].ch;
    }
    if no_line_start(first) { cur.len() } else { cut }
}

/// Assigns columns to a line's slots.
fn finish(mut slots: Vec<Slot>) -> Line {
    let mut x = 0;
    for s in &mut slots {
        s.x = x;
        x += s.width;
    }
    Line { slots }
}

/// The usual tone colours: 1 red, 2 orange, 3 green, 4 blue, neutral grey.
pub fn tone_colour(class: ToneClass) -> Option<Color> {
    match class {
        ToneClass::First => Some(Color::Red),
        ToneClass::Second => Some(Color::Rgb(255, 165, 0)),
        ToneClass::Third => Some(Color::Green),
        ToneClass::Fourth => Some(Color::Blue),
        ToneClass::Neutral => Some(Color::DarkGray),
        ToneClass::None => None,
    }
}

/// How to draw interlinear lines.
#[derive(Debug, Clone, Copy, Default)]
pub struct Appearance {
    pub text: Style,
    pub pinyin: Style,
    /// Colour syllables (and their characters) by tone.
    pub tone_colours: bool,
}

/// Draws `lines` into `area`, two rows per line (pinyin above text),
/// starting with `lines[0]`; returns how many lines fitted.
pub fn render(lines: &[Line], area: Rect, buf: &mut Buffer, style: Appearance) -> usize {
    let colour = |slot: &Slot| {
        let tone = slot
            .syllable
            .as_ref()
            .filter(|_| style.tone_colours)
            .and_then(|s| tone_colour(s.class()));
        let paint = |base: Style| tone.map_or(base, |c| base.fg(c));
        (paint(style.pinyin), paint(style.text))
    };
    let mut drawn = 0;
    for (n, line) in lines.iter().enumerate() {
        let top = area.y as usize + 2 * n;
        if top + 1 >= (area.y + area.height) as usize {
            break;
        }
        render_line(line, area.x, top as u16, area.width, buf, &colour);
        drawn += 1;
    }
    drawn
}

/// Draws one line: its pinyin row at `y`, its text row at `y + 1`, from
/// column `x`, at most `width` cells; `style_of` gives each slot's (pinyin,
/// text) style.
pub fn render_line(
    line: &Line,
    x: u16,
    y: u16,
    width: u16,
    buf: &mut Buffer,
    style_of: &dyn Fn(&Slot) -> (Style, Style),
) {
    let room = x as usize + width as usize;
    for slot in &line.slots {
        let (pinyin_style, text_style) = style_of(slot);
        if let (Some(s), Some(sx)) = (&slot.syllable, slot.syllable_x()) {
            let sx = x as usize + sx;
            if sx < room {
                buf.set_stringn(sx as u16, y, &s.text, room - sx, pinyin_style);
            }
        }
        let cx = x as usize + slot.char_x();
        if cx + slot.char_width() <= room {
            let mut tmp = [0u8; 4];
            buf.set_stringn(
                cx as u16,
                y.saturating_add(1),
                slot.ch.encode_utf8(&mut tmp),
                room - cx,
                text_style,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dict::pinyin::syllable;
    use crate::text::str_width;

    fn chars(text: &str, syls: &[&str]) -> Vec<(usize, char, Option<Syllable>)> {
        let mut it = syls.iter();
        text.char_indices()
            .map(|(i, c)| {
                let s = if super::super::is_han(c) {
                    it.next().map(|s| syllable(s))
                } else {
                    None
                };
                (i, c, s)
            })
            .collect()
    }

    #[test]
    fn syllables_are_centred_over_their_characters() {
        let input = chars("我去银行。", &["wo3", "qu4", "yin2", "hang2"]);
        let lines = layout(&input, 80, Widths::NARROW);
        assert_eq!(lines.len(), 1);
        for s in &lines[0].slots {
            if let (Some(syl), Some(sx)) = (&s.syllable, s.syllable_x()) {
                let centre_syl = 2 * sx + str_width(&syl.text);
                let centre_ch = 2 * s.char_x() + s.char_width();
                assert!(centre_syl.abs_diff(centre_ch) <= 1, "{s:?}");
                assert!(s.width > str_width(&syl.text), "a space between syllables");
            }
        }
        // 。 has no syllable and only its own width.
        assert_eq!(lines[0].slots[4].width, 2);
    }

    #[test]
    fn closing_punctuation_never_starts_a_line_and_latin_words_stay_whole() {
        let input = chars("他说了。Hello好", &["ta1", "shuo1", "le5", "hao3"]);
        // 他(4) 说(6) 了(3): the 。 would start line 2 at width 13.
        let lines = layout(&input, 13, Widths::NARROW);
        for l in &lines[1..] {
            assert!(!no_line_start(l.slots[0].ch), "{lines:?}");
        }
        let all: String = lines
            .iter()
            .map(|l| l.slots.iter().map(|s| s.ch).collect::<String>())
            .collect::<Vec<_>>()
            .join("|");
        assert!(all.contains("Hello"), "{all}");
        for l in &lines {
            assert!(l.width() <= 13);
        }
    }

    #[test]
    fn empty_and_narrow_inputs_do_not_panic() {
        assert_eq!(layout(&[], 10, Widths::NARROW).len(), 1);
        let input = chars("壮壮", &["zhuang4", "zhuang4"]);
        let lines = layout(&input, 1, Widths::NARROW);
        assert_eq!(lines.len(), 2);
        let mut buf = Buffer::empty(Rect::new(0, 0, 3, 3));
        render(&lines, buf.area, &mut buf, Appearance::default());
    }
}
