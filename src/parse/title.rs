//! The title block at the top of plain text.
//!
//! Layouts it reads (one procedure, decided from the lines' shapes):
//! - page chrome first: a run of at least three scraps (下载 / 打印 / 【字号：
//!   …) above the title is dropped;
//! - newspaper layout, where body paragraphs are indented and the block is
//!   the unindented lines above the first indented one: 引题 / 主题 / 副题
//!   slots (a `——` line is the subtitle and the line above it the title; with
//!   two lines, a blank first line means "no kicker", a blank after them "no
//!   subtitle");
//! - otherwise `[kicker] title [——subtitle]`, then any run of meta lines:
//!   subtitle, the occasion of a speech (`——在…会议上`), bylines and speaker
//!   lines (`省长 XXX`), datelines, source lines (`来源：…`) and scraps
//!   between them.
//!
//! Meta lines that are neither subtitle, byline nor date stay as lead
//! paragraphs; a body line that repeats the title right after the block is
//! part of the block.

use super::headings::{has_sentence_end, numbered_marker};
use super::lines::Unit;
use crate::model::Span;

/// Longest title, in characters.
const MAX_TITLE_CHARS: usize = 50;
/// Longest subtitle or byline, in characters.
const MAX_LINE_CHARS: usize = 60;
/// Longest page-chrome scrap, in characters.
const MAX_SCRAP_CHARS: usize = 4;

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct TitleBlock {
    pub kicker: Option<Span>,
    pub title: Option<Span>,
    pub subtitle: Option<Span>,
    pub byline: Option<Span>,
    pub date: Option<Span>,
    /// Units of the block kept as lead paragraphs (source lines, notes).
    pub lead: Vec<usize>,
    /// How many units the block takes.
    pub consumed: usize,
}

fn chars(s: &str) -> usize {
    s.chars().filter(|c| !c.is_whitespace()).count()
}

/// A subtitle line: starts with a dash (——, ──, ―, --).
pub(crate) fn is_subtitle(s: &str) -> bool {
    let dashed = ["——", "──", "――", "—", "--", "―"]
        .iter()
        .any(|d| s.starts_with(d));
    dashed && s.chars().count() <= MAX_LINE_CHARS && !s.contains('。')
}

/// A byline: 本报记者 XXX, 新华社记者 XXX, 记者 XXX 通讯员 XXX, 文/XXX, 作者：XXX.
pub(crate) fn is_byline(s: &str) -> bool {
    if s.chars().nth(MAX_LINE_CHARS).is_some() || has_sentence_end(s) {
        return false;
    }
    const ROLES: [&str; 9] = [
        "记者",
        "記者",
        "通讯员",
        "通訊員",
        "评论员",
        "評論員",
        "实习生",
        "實習生",
        "撰稿",
    ];
    // A role within the first few characters (本报记者, 新华社特约记者, …).
    let head = &s[..s.char_indices().nth(10).map_or(s.len(), |(i, _)| i)];
    let role = ROLES.iter().any(|r| head.contains(r));
    let credit = ["文/", "文／", "文丨", "文｜", "作者", "撰文"]
        .iter()
        .any(|p| s.starts_with(p));
    // The role must be followed by names, not a sentence: no comma.
    (role || credit) && !s.contains(['，', ','])
}

fn is_han(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c) || ('\u{3400}'..='\u{4DBF}').contains(&c)
}

/// A speaker or signature line: an office, then a name after a space
/// (`福建省人民政府省长 赵龙`, `省长 刘小涛`); only Han characters, no marks.
pub(crate) fn is_speaker_line(s: &str) -> bool {
    if numbered_marker(s).is_some() {
        return false;
    }
    let parts: Vec<&str> = s
        .split(super::lines::is_space)
        .filter(|p| !p.is_empty())
        .collect();
    let [office, name] = parts[..] else {
        return false;
    };
    let (o, n) = (office.chars().count(), name.chars().count());
    (2..=20).contains(&o)
        && (2..=4).contains(&n)
        && office.chars().all(is_han)
        && name.chars().all(is_han)
}

/// `时间：2026-02-06`, `2026年02月10日 07时41分`, `发布日期: 2020/5/1`.
pub(crate) fn is_dateline(s: &str) -> bool {
    let mut rest = s;
    for label in ["发布时间", "发布日期", "时间", "日期", "發布時間", "時間"] {
        if let Some(r) = s.strip_prefix(label) {
            rest = r.trim_start_matches(['：', ':', ' ']);
            break;
        }
    }
    let digits = rest.chars().filter(char::is_ascii_digit).count();
    digits >= 4
        && rest.chars().all(|c| {
            c.is_ascii_digit()
                || c.is_whitespace()
                || matches!(
                    c,
                    '年' | '月' | '日' | '时' | '分' | '秒' | '-' | '/' | ':' | '.' | '：'
                )
        })
}

/// `来源：福建日报`, `编辑：…`, `责任编辑 …`.
fn is_source_line(s: &str) -> bool {
    const LABELS: [&str; 8] = [
        "来源",
        "來源",
        "稿源",
        "出处",
        "责任编辑",
        "责编",
        "编辑",
        "作者",
    ];
    chars(s) <= 30
        && LABELS.iter().any(|l| {
            s.strip_prefix(l)
                .is_some_and(|r| r.is_empty() || r.starts_with(['：', ':', ' ', '\u{3000}']))
        })
}

/// The occasion of a speech or report: `——2026年1月27日在…会议上`.
pub(crate) fn is_occasion_line(s: &str) -> bool {
    let body = s.trim_start_matches(['—', '-', '─', '―']);
    chars(body) <= 70
        && !has_sentence_end(body)
        && body.contains('在')
        && (body.ends_with('上') || body.ends_with("上的讲话") || body.ends_with("上的报告"))
}

/// A scrap of page chrome: a very short line (下载, 打印, 】), a bracket
/// opened and not closed (【字号：), or a short label ending in a colon.
fn is_scrap(s: &str) -> bool {
    let n = chars(s);
    (n <= MAX_SCRAP_CHARS && !has_sentence_end(s) && numbered_marker(s).is_none())
        || (s.starts_with('【') && !s.contains('】') && n <= 8)
        || (s.ends_with(['：', ':']) && n <= 6)
}

/// A line of the block after the title (not a scrap).
fn is_meta(s: &str) -> bool {
    is_subtitle(s)
        || is_byline(s)
        || is_speaker_line(s)
        || is_dateline(s)
        || is_source_line(s)
        || is_occasion_line(s)
}

/// A line that could be a title (or kicker): short, no sentence inside, not
/// a numbered heading, not wholly a quotation.
fn is_title_like(s: &str) -> bool {
    let n = s.chars().count();
    let trimmed = s.trim_end_matches(['？', '！', '?', '!']);
    (2..=MAX_TITLE_CHARS).contains(&n)
        && !has_sentence_end(trimmed)
        && !s.ends_with(['：', ':', '，', ','])
        && numbered_marker(s).is_none()
        && !is_subtitle(s)
        && !is_byline(s)
        && !is_dateline(s)
        && !is_source_line(s)
}

/// Finds the title block at the start of `units`.
pub(crate) fn detect(text: &str, units: &[Unit]) -> TitleBlock {
    let t = |i: usize| units.get(i).map(|u| u.span.text(text)).unwrap_or("");
    let mut tb = TitleBlock::default();
    // Page chrome above everything.
    let chrome = (0..units.len()).take_while(|&i| is_scrap(t(i))).count();
    let start = if chrome >= 3 { chrome } else { 0 };
    if start >= units.len() {
        return TitleBlock::default();
    }
    let rest = &units[start..];
    let indented = rest.iter().filter(|u| u.indented).count();
    // The zone ends at the first indented line or numbered heading (a
    // chapter line opening the text is a heading, not a title).
    let zone_end = rest
        .iter()
        .position(|u| u.indented || numbered_marker(u.span.text(text)).is_some())
        .map(|p| start + p);
    let mut i = match zone_end {
        // Newspaper layout: indented body, unindented block of at most four.
        Some(end) if indented * 2 > rest.len() && end > start && end - start <= 4 => {
            newspaper_block(text, units, start, end, &mut tb);
            end
        }
        _ => running_block(text, units, start, &mut tb),
    };
    // The block never takes the whole document.
    if i >= units.len() {
        return TitleBlock::default();
    }
    // A body line that repeats the title belongs to the block.
    if let Some(title) = tb.title
        && i + 1 < units.len()
        && same_text(title.text(text), t(i))
    {
        i += 1;
    }
    tb.consumed = i;
    tb
}

fn same_text(a: &str, b: &str) -> bool {
    a.chars()
        .filter(|c| !c.is_whitespace())
        .eq(b.chars().filter(|c| !c.is_whitespace()))
}

/// The unindented lines `start..end` above an indented body.
fn newspaper_block(text: &str, units: &[Unit], start: usize, end: usize, tb: &mut TitleBlock) {
    let t = |i: usize| units[i].span.text(text);
    let mut heads = Vec::new();
    for (i, unit) in units.iter().enumerate().take(end).skip(start) {
        let s = t(i);
        if tb.byline.is_none() && (is_byline(s) || is_speaker_line(s)) {
            tb.byline = Some(unit.span);
        } else if tb.date.is_none() && is_dateline(s) {
            tb.date = Some(unit.span);
        } else if is_source_line(s) {
            tb.lead.push(i);
        } else {
            heads.push(i);
        }
    }
    let span = |i: usize| Some(units[i].span);
    if let Some(d) = heads
        .iter()
        .position(|&i| is_subtitle(t(i)))
        .filter(|&d| d > 0)
    {
        tb.subtitle = span(heads[d]);
        tb.title = span(heads[d - 1]);
        if d >= 2 {
            tb.kicker = span(heads[d - 2]);
        }
        tb.lead.extend(heads[d + 1..].iter().copied());
        return;
    }
    match heads[..] {
        [] => {}
        // A lone line that holds a sentence (…，…。) is body, not a title.
        [a] if has_sentence_end(t(a).trim_end_matches(['？', '！', '?', '!'])) => tb.lead.push(a),
        [a] => tb.title = span(a),
        [a, b] => {
            // Slots: a blank first line is an empty kicker; a blank line
            // between the pair and the body is an empty subtitle.
            let first_slot = units[a].line == 0 || start > 0 && units[a].line == units[start].line;
            let gap_after = units[end].line > units[b].line + 1;
            if first_slot && gap_after && !is_subtitle(t(b)) {
                tb.kicker = span(a);
                tb.title = span(b);
            } else {
                tb.title = span(a);
                tb.subtitle = span(b);
            }
        }
        [a, b, c, ..] => {
            tb.kicker = span(a);
            tb.title = span(b);
            tb.subtitle = span(c);
            tb.lead.extend(heads[3..].iter().copied());
        }
    }
}

/// `[kicker] title [subtitle]` then meta lines, from `start`; returns the
/// index of the first unit after the block.
fn running_block(text: &str, units: &[Unit], start: usize, tb: &mut TitleBlock) -> usize {
    let t = |i: usize| units.get(i).map(|u| u.span.text(text)).unwrap_or("");
    let mut i = start;
    if units.len() >= start + 4
        && is_title_like(t(start))
        && is_title_like(t(start + 1))
        && (is_subtitle(t(start + 2)) || is_byline(t(start + 2)))
    {
        // Two short lines, then a subtitle or byline: kicker (引题) and title
        // when a dashed subtitle follows (引题 / 主题 / ——副题), else title
        // and an undashed subtitle (主题 / 副题 / byline).
        if is_subtitle(t(start + 2)) {
            tb.kicker = Some(units[start].span);
            tb.title = Some(units[start + 1].span);
        } else {
            tb.title = Some(units[start].span);
            tb.subtitle = Some(units[start + 1].span);
        }
        i = start + 2;
    } else if units.len() >= start + 2 && is_title_like(t(start)) {
        tb.title = Some(units[start].span);
        i = start + 1;
    }
    if tb.title.is_none() {
        return start;
    }
    while i < units.len() {
        let s = t(i);
        if tb.subtitle.is_none() && (is_subtitle(s) || is_occasion_line(s)) {
            tb.subtitle = Some(units[i].span);
        } else if tb.byline.is_none() && (is_byline(s) || is_speaker_line(s)) {
            tb.byline = Some(units[i].span);
        } else if tb.date.is_none() && is_dateline(s) {
            tb.date = Some(units[i].span);
        } else if is_meta(s) {
            tb.lead.push(i);
        } else if is_scrap(s) || is_parenthetical_note(s) {
            // Scraps and notes only inside the block: up to a meta line.
            let j = (i..units.len())
                .find(|&j| !(is_scrap(t(j)) || is_parenthetical_note(t(j))))
                .unwrap_or(units.len());
            if j < units.len() && is_meta(t(j)) {
                tb.lead.extend((i..j).filter(|&k| !is_scrap(t(k))));
                i = j;
                continue;
            }
            break;
        } else {
            break;
        }
        i += 1;
    }
    i
}

/// A note wholly in parentheses (`（2019年…通过）`).
fn is_parenthetical_note(s: &str) -> bool {
    s.starts_with('（') && s.ends_with('）')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bylines() {
        assert!(is_byline("本报记者 宋雨晴 通讯员 贺明轩"));
        assert!(is_byline("新华社记者 李华"));
        assert!(is_byline("文/王小明"));
        assert!(is_byline("本報記者 林雅婷 臺北報導"));
        assert!(!is_byline("记者：您是什么时候开始学习刺绣的？"));
        assert!(!is_byline("记者了解到，这家企业去年成立"));
    }

    #[test]
    fn subtitles() {
        assert!(is_subtitle("——访非遗传承人沈若兰"));
        assert!(!is_subtitle("标题"));
    }

    #[test]
    fn meta_lines() {
        assert!(is_speaker_line("江南省人民政府省长 王大成"));
        assert!(is_speaker_line("市长 李明"));
        assert!(!is_speaker_line("李  明"));
        assert!(!is_speaker_line("加快发展 新质生产力建设"));
        assert!(is_dateline("时间：2031-03-04"));
        assert!(is_dateline("2031年03月04日 08时15分"));
        assert!(!is_dateline("2031年工作安排"));
        assert!(is_occasion_line(
            "——2031年1月5日在江南省第三届人民代表大会第二次会议上"
        ));
        assert!(is_occasion_line("在全市干部大会上的讲话"));
        assert!(!is_occasion_line("在会议上，他说。"));
        assert!(is_source_line("来源：江南日报"));
        assert!(is_scrap("打印"));
        assert!(is_scrap("【字号："));
        assert!(!is_scrap("一、总则"));
    }
}
