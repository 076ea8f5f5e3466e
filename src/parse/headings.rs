//! Heading recognition for plain text: numbered headings (一、 （一） 1. （1）
//! ① 第X章 【…】) and in-text subheadings (小标题).
//!
//! A subheading is a *short line without sentence-final punctuation*; it may
//! hold a comma, a colon or quoted phrases. Whether such a line really is a
//! heading depends on its neighbours, decided in [`classify`].

use super::lines::Unit;
use crate::model::{HeadingKind, Span};

/// Longest subheading, in characters.
pub(crate) const MAX_SUBHEADING_CHARS: usize = 32;
/// Longest numbered heading text after its marker, in characters.
const MAX_NUMBERED_CHARS: usize = 40;
/// Longest heading run into its paragraph (（一）标题。正文…), in characters.
const MAX_INLINE_CHARS: usize = 20;

/// The numbering style of a heading; levels are given by the order in which
/// styles first appear in a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    /// Unnumbered 小标题.
    Sub,
    /// 一、
    CnNum,
    /// （一）
    ParenCn,
    /// 1. 1、
    Arabic,
    /// （1）
    ParenArabic,
    /// ① ②
    Circled,
    /// 第X章, 第X节, … (by the unit character)
    Chapter(char),
    /// 【…】
    Bracket,
}

impl Style {
    pub fn kind(self) -> HeadingKind {
        match self {
            Style::Sub => HeadingKind::Subheading,
            Style::Chapter(_) => HeadingKind::Chapter,
            Style::Bracket => HeadingKind::Bracket,
            _ => HeadingKind::Numbered,
        }
    }
}

/// What a plain-text unit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    Body,
    Heading {
        style: Style,
        detail: Option<Span>,
        /// A numbered heading run into its paragraph (（一）标题。正文…): the
        /// byte length of the heading part; the rest is a paragraph.
        inline: Option<usize>,
    },
    /// The explanatory line of a heading pair (held by the heading before it).
    Detail,
}

fn is_cn_digit(c: char) -> bool {
    matches!(
        c,
        '一' | '二'
            | '三'
            | '四'
            | '五'
            | '六'
            | '七'
            | '八'
            | '九'
            | '十'
            | '百'
            | '千'
            | '零'
            | '〇'
            | '两'
    )
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// Sentence-final punctuation that a heading never contains.
pub(crate) fn has_sentence_end(s: &str) -> bool {
    s.contains(['。', '！', '？', '!', '?', '｡', '；', ';']) || s.contains("……")
}

/// Marks a heading never ends with (its text goes on).
fn ends_open(s: &str) -> bool {
    s.ends_with(['：', ':', '，', ',', '、', '—', '.', '．'])
}

/// Splits a numbering marker off the start of `s`: its style and the rest.
pub(crate) fn numbered_marker(s: &str) -> Option<(Style, &str)> {
    let mut chars = s.char_indices();
    let (_, first) = chars.next()?;
    let run_end = |pred: fn(char) -> bool, from: usize| -> usize {
        s[from..]
            .char_indices()
            .find(|&(_, c)| !pred(c))
            .map_or(s.len(), |(i, _)| from + i)
    };
    if is_cn_digit(first) {
        let end = run_end(is_cn_digit, 0);
        let rest = &s[end..];
        let c = rest.chars().next()?;
        if matches!(c, '、' | '．') || (c == '.' && !rest[1..].starts_with(is_digit)) {
            return Some((Style::CnNum, &rest[c.len_utf8()..]));
        }
        return None;
    }
    if is_digit(first) {
        let end = run_end(is_digit, 0);
        if s[..end].chars().count() > 3 {
            return None;
        }
        let rest = &s[end..];
        let c = rest.chars().next()?;
        let after = &rest[c.len_utf8()..];
        if matches!(c, '.' | '．' | '、') && !after.starts_with(is_digit) {
            return Some((Style::Arabic, after));
        }
        return None;
    }
    if matches!(first, '（' | '(') {
        let inner = &s[first.len_utf8()..];
        let (style, end) = match inner.chars().next()? {
            c if is_cn_digit(c) => (Style::ParenCn, run_end(is_cn_digit, first.len_utf8())),
            c if is_digit(c) => (Style::ParenArabic, run_end(is_digit, first.len_utf8())),
            _ => return None,
        };
        let rest = &s[end..];
        let c = rest.chars().next()?;
        if matches!(c, '）' | ')') {
            return Some((style, &rest[c.len_utf8()..]));
        }
        return None;
    }
    if ('①'..='⑳').contains(&first) {
        return Some((Style::Circled, chars.as_str()));
    }
    if first == '第' {
        let end = run_end(|c| is_cn_digit(c) || is_digit(c), first.len_utf8());
        if end == first.len_utf8() {
            return None;
        }
        let rest = &s[end..];
        let unit = rest.chars().next()?;
        if matches!(unit, '章' | '节' | '篇' | '部' | '卷' | '回' | '讲' | '编') {
            let mut after = &rest[unit.len_utf8()..];
            if unit == '部' {
                after = after.strip_prefix('分')?;
            }
            return Some((Style::Chapter(unit), after));
        }
        return None;
    }
    if first == '【' {
        let close = s.find('】')?;
        return Some((Style::Bracket, &s[close + '】'.len_utf8()..]));
    }
    None
}

/// A line wholly in parentheses: a note, a credit, (完) — never a heading.
fn is_parenthetical(s: &str) -> bool {
    (s.starts_with('（') && s.ends_with('）')) || (s.starts_with('(') && s.ends_with(')'))
}

/// Whether `s` could be an unnumbered subheading on its own.
pub(crate) fn is_subheading_candidate(s: &str) -> bool {
    // (Counted only as far as the limit: paragraphs are long.)
    let n = s
        .chars()
        .filter(|c| !c.is_whitespace())
        .take(MAX_SUBHEADING_CHARS + 1)
        .count();
    (2..=MAX_SUBHEADING_CHARS).contains(&n)
        && !has_sentence_end(s)
        && !ends_open(s)
        && !is_parenthetical(s)
        && !super::title::is_byline(s)
        && s.chars().any(|c| c.is_alphabetic())
}

/// The numbered heading style of `s`, if it is one.
pub(crate) fn numbered_heading(s: &str) -> Option<Style> {
    let (style, rest) = numbered_marker(s)?;
    let rest = rest.trim();
    let n = rest.chars().count();
    let ok = match style {
        // 第一章 alone, or with a short title.
        Style::Chapter(_) => n <= MAX_NUMBERED_CHARS,
        // 【编者按】 alone, or a short bracketed heading.
        Style::Bracket => n <= MAX_SUBHEADING_CHARS,
        _ => (1..=MAX_NUMBERED_CHARS).contains(&n),
    };
    (ok && !has_sentence_end(rest) && !ends_open(rest)).then_some(style)
}

/// `（一）惠企政策落实有力。全年…`: a numbered heading whose first sentence is
/// a short title (no comma) followed by the paragraph on the same line.
/// Returns the style and the byte length of the heading, end mark included.
pub(crate) fn inline_numbered_heading(s: &str) -> Option<(Style, usize)> {
    let (style, rest) = numbered_marker(s)?;
    if !matches!(
        style,
        Style::CnNum | Style::ParenCn | Style::Arabic | Style::ParenArabic
    ) {
        return None;
    }
    let rest_trim = rest.trim_start_matches(super::lines::is_space);
    // 一、二月份… / 1、2月… are not headings.
    if rest_trim.starts_with(|c: char| is_cn_digit(c) || is_digit(c)) {
        return None;
    }
    let end = rest.find('。')?;
    let head = rest[..end].trim_matches(super::lines::is_space);
    let n = head.chars().count();
    if !(2..=MAX_INLINE_CHARS).contains(&n)
        || head.contains(['，', ',', '：', ':', '；', ';', '！', '？', '!', '?'])
    {
        return None;
    }
    let after = rest[end + '。'.len_utf8()..].trim_start_matches(super::lines::is_space);
    if after.is_empty() || numbered_marker(after).is_some() || is_closer_start(after) {
        return None;
    }
    Some((style, s.len() - rest.len() + end + '。'.len_utf8()))
}

/// Text that starts with a closing mark belongs to the sentence before it.
fn is_closer_start(s: &str) -> bool {
    s.starts_with(super::sentences::is_closer)
}

/// Classifies the body units of plain text (after the title block).
///
/// Numbered headings stand on their own. A run of subheading candidates is a
/// heading when one or two lines long (two: a heading pair, short heading then
/// explanatory line) and followed by more text; not right after a line ending
/// in a colon (that introduces a list); longer runs are lists or verse, body.
pub(crate) fn classify(text: &str, units: &[Unit]) -> Vec<Role> {
    let mut roles = vec![Role::Body; units.len()];
    let numbered: Vec<Option<Style>> = units
        .iter()
        .map(|u| numbered_heading(u.span.text(text)))
        .collect();
    let candidate: Vec<bool> = units
        .iter()
        .zip(&numbered)
        .map(|(u, n)| n.is_none() && is_subheading_candidate(u.span.text(text)))
        .collect();
    let mut i = 0;
    while i < units.len() {
        if let Some(style) = numbered[i] {
            roles[i] = Role::Heading {
                style,
                detail: None,
                inline: None,
            };
            i += 1;
            continue;
        }
        if let Some((style, len)) = inline_numbered_heading(units[i].span.text(text)) {
            roles[i] = Role::Heading {
                style,
                detail: None,
                inline: Some(len),
            };
            i += 1;
            continue;
        }
        if !candidate[i] {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < units.len() && candidate[j] {
            j += 1;
        }
        let run = j - i;
        let followed = j < units.len();
        let after_colon = i > 0 && units[i - 1].span.text(text).ends_with(['：', ':']);
        if followed && !after_colon && run <= 2 {
            let detail = (run == 2).then(|| units[i + 1].span);
            roles[i] = Role::Heading {
                style: Style::Sub,
                detail,
                inline: None,
            };
            if run == 2 {
                roles[i + 1] = Role::Detail;
            }
        }
        i = j;
    }
    roles
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers() {
        assert_eq!(numbered_heading("一、主要工作及成效"), Some(Style::CnNum));
        assert_eq!(
            numbered_heading("（二）融资服务持续加强"),
            Some(Style::ParenCn)
        );
        assert_eq!(numbered_heading("(3) 其他"), Some(Style::ParenArabic));
        assert_eq!(numbered_heading("1.深化改革"), Some(Style::Arabic));
        assert_eq!(numbered_heading("２、扩大采购"), Some(Style::Arabic));
        assert_eq!(numbered_heading("第三章 总则"), Some(Style::Chapter('章')));
        assert_eq!(numbered_heading("第二部分"), Some(Style::Chapter('部')));
        assert_eq!(numbered_heading("【记者手记】"), Some(Style::Bracket));
        assert_eq!(numbered_heading("①背景"), Some(Style::Circled));
    }

    #[test]
    fn not_headings() {
        // Sentences behind a marker are list items, body text.
        assert_eq!(numbered_heading("1. 设立发展基金。"), None);
        assert_eq!(numbered_heading("三、四月份以来，销量回升。"), None);
        // Decimals and years are not markers.
        assert_eq!(numbered_heading("1.5亿元的投资"), None);
        assert_eq!(numbered_heading("2023年工作"), None);
        assert_eq!(numbered_heading("第二季度"), None);
        assert_eq!(
            numbered_heading("【编者按】本文讲述了一个很长的故事。"),
            None
        );
    }

    #[test]
    fn inline_headings() {
        let s = "（一）惠企政策落实有力。全年兑现资金27亿元。";
        assert_eq!(
            inline_numbered_heading(s),
            Some((Style::ParenCn, "（一）惠企政策落实有力。".len()))
        );
        assert_eq!(
            inline_numbered_heading("1.加强组织领导。各级部门要高度重视。"),
            Some((Style::Arabic, "1.加强组织领导。".len()))
        );
        // Months, commas in the first sentence, nothing after, lists.
        assert_eq!(
            inline_numbered_heading("一、二月份销量回升。下半年更好。"),
            None
        );
        assert_eq!(
            inline_numbered_heading("1. 设立基金，由集团管理。另有安排。"),
            None
        );
        assert_eq!(inline_numbered_heading("（二）强化保障。"), None);
        assert_eq!(inline_numbered_heading("1. 减税降费。2. 金融支持。"), None);
    }

    #[test]
    fn candidates() {
        assert!(is_subheading_candidate("聚焦主线，持续做“贯通式”的研究"));
        assert!(is_subheading_candidate("“慢手艺”遇上快节奏"));
        assert!(!is_subheading_candidate("正文一句话。"));
        assert!(!is_subheading_candidate("重点做好以下工作："));
        assert!(!is_subheading_candidate("（完）"));
        assert!(!is_subheading_candidate("本报记者 王小明"));
        assert!(!is_subheading_candidate(
            "这是一个非常非常长的句子但是没有任何标点符号所以它不会被当成小标题来处理的"
        ));
    }
}
