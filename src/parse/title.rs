//! The title block at the top of plain text:
//! `[kicker] title [——subtitle] [byline]` (subtitle and byline in either
//! order), or `title subtitle byline` when the subtitle has no dash.

use super::headings::{has_sentence_end, numbered_heading};
use super::lines::Unit;
use crate::model::Span;

/// Longest title, in characters.
const MAX_TITLE_CHARS: usize = 50;
/// Longest subtitle or byline, in characters.
const MAX_LINE_CHARS: usize = 60;

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TitleBlock {
    pub kicker: Option<Span>,
    pub title: Option<Span>,
    pub subtitle: Option<Span>,
    pub byline: Option<Span>,
    /// How many units the block takes.
    pub consumed: usize,
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
    if s.chars().count() > MAX_LINE_CHARS || has_sentence_end(s) {
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
    let head: String = s.chars().take(10).collect();
    let role = ROLES.iter().any(|r| head.contains(r));
    let credit = ["文/", "文／", "文丨", "文｜", "作者", "撰文"]
        .iter()
        .any(|p| s.starts_with(p));
    // The role must be followed by names, not a sentence: no comma.
    (role || credit) && !s.contains(['，', ','])
}

/// A line that could be a title (or kicker): short, no sentence inside, not
/// a numbered heading, not wholly a quotation.
fn is_title_like(s: &str) -> bool {
    let n = s.chars().count();
    let trimmed = s.trim_end_matches(['？', '！', '?', '!']);
    (2..=MAX_TITLE_CHARS).contains(&n)
        && !has_sentence_end(trimmed)
        && !s.ends_with(['：', ':', '，', ','])
        && numbered_heading(s).is_none()
        && !is_subtitle(s)
        && !is_byline(s)
}

/// Finds the title block at the start of `units`.
pub(crate) fn detect(text: &str, units: &[Unit]) -> TitleBlock {
    let t = |i: usize| units.get(i).map(|u| u.span.text(text)).unwrap_or("");
    let meta = |s: &str| is_subtitle(s) || is_byline(s);
    let mut tb = TitleBlock::default();
    let mut i = 0;
    if units.len() >= 4 && is_title_like(t(0)) && is_title_like(t(1)) && meta(t(2)) {
        // Two short lines, then a subtitle or byline: kicker (引题) and title
        // when a dashed subtitle follows (引题 / 主题 / ——副题), else title
        // and an undashed subtitle (主题 / 副题 / byline).
        if is_subtitle(t(2)) {
            tb.kicker = Some(units[0].span);
            tb.title = Some(units[1].span);
        } else {
            tb.title = Some(units[0].span);
            tb.subtitle = Some(units[1].span);
        }
        i = 2;
    } else if units.len() >= 2 && is_title_like(t(0)) {
        tb.title = Some(units[0].span);
        i = 1;
    }
    while i < units.len() {
        let s = t(i);
        if tb.subtitle.is_none() && tb.title.is_some() && is_subtitle(s) {
            tb.subtitle = Some(units[i].span);
        } else if tb.byline.is_none() && is_byline(s) {
            tb.byline = Some(units[i].span);
        } else {
            break;
        }
        i += 1;
    }
    // The block never takes the whole document.
    if i >= units.len() {
        return TitleBlock::default();
    }
    tb.consumed = i;
    tb
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
}
