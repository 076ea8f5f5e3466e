//! Heading recognition for plain text: numbered headings (一、 （一） 1. （1）
//! ① 第X章 【…】) and in-text subheadings (小标题).
//!
//! A subheading is a *short line without sentence-final punctuation*; it may
//! hold a comma, a colon or quoted phrases. Whether such a line really is a
//! heading depends on its neighbours, decided in [`classify`].

use super::Params;
use super::lines::Unit;
use crate::model::{HeadingKind, Span};

/// Longest subheading, in characters.
pub(crate) const MAX_SUBHEADING_CHARS: usize = 32;
/// Longest numbered heading text after its marker, in characters.
const MAX_NUMBERED_CHARS: usize = 40;

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
    /// A bare numeral alone on its line (一 / 二 / 三).
    BareCn,
    /// A box label (核心阅读, 内容提要, 记者手记, …): always level 1.
    Box,
    /// A one-sentence line ending in 。/！ that opens a section.
    Sentence,
    /// `——…` opening a section.
    DashHead,
    /// `…——` label before its section (勇闯技术难关——).
    DashLabel,
    /// ● ■ ◆ lines opening sections.
    Bullet,
}

impl Style {
    pub fn kind(self) -> HeadingKind {
        match self {
            Style::Sub
            | Style::Box
            | Style::Sentence
            | Style::DashHead
            | Style::DashLabel
            | Style::Bullet => HeadingKind::Subheading,
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

/// Marks a heading never ends with (its text goes on), or a quotation left
/// open: the line continues on the next.
fn ends_open(s: &str) -> bool {
    let count = |c: char| s.chars().filter(|&x| x == c).count();
    if count('“') != count('”') || count('「') != count('」') {
        return true;
    }
    s.ends_with([
        '：', ':', '，', ',', '、', '—', '.', '．', '“', '‘', '「', '『', '（', '(', '《', '【',
    ])
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
pub(crate) fn is_subheading_candidate(s: &str, max: usize) -> bool {
    // (Counted only as far as the limit: paragraphs are long.)
    let n = s
        .chars()
        .filter(|c| !c.is_whitespace())
        .take(max + 1)
        .count();
    (2..=max).contains(&n)
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
/// a title (commas allowed, no colon or semicolon, at most `max` characters)
/// followed by the paragraph on the same line. Returns the style and the
/// byte length of the heading, end mark included.
pub(crate) fn inline_numbered_heading(s: &str, max: usize) -> Option<(Style, usize)> {
    let (style, rest) = numbered_marker(s)?;
    if !matches!(
        style,
        Style::CnNum | Style::ParenCn | Style::Arabic | Style::ParenArabic
    ) {
        return None;
    }
    if counts_on(style, rest) {
        return None;
    }
    let end = rest.find('。')?;
    let head = rest[..end].trim_matches(super::lines::is_space);
    let n = head.chars().count();
    if !(2..=max).contains(&n) || head.contains(['：', ':', '；', ';', '！', '？', '!', '?']) {
        return None;
    }
    let after = rest[end + '。'.len_utf8()..].trim_start_matches(super::lines::is_space);
    if after.is_empty() || numbered_marker(after).is_some() || is_closer_start(after) {
        return None;
    }
    Some((style, s.len() - rest.len() + end + '。'.len_utf8()))
}

/// `一、二月份…` / `1、2月…`: a numeral marker followed by another numeral
/// is a list of numbers, not a heading.
fn counts_on(style: Style, rest: &str) -> bool {
    let rest = rest.trim_start_matches(super::lines::is_space);
    matches!(style, Style::CnNum | Style::Arabic)
        && rest.starts_with(|c: char| {
            is_digit(c)
                || matches!(
                    c,
                    '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十'
                )
        })
}

/// Text that starts with a closing mark belongs to the sentence before it.
fn is_closer_start(s: &str) -> bool {
    s.starts_with(super::sentences::is_closer)
}

/// Box labels: a standalone line naming a box of the page.
const BOX_LABELS: [&str; 16] = [
    "核心阅读",
    "内容提要",
    "阅读提示",
    "记者手记",
    "编者按",
    "编后",
    "链接",
    "相关链接",
    "延伸阅读",
    "背景",
    "背景链接",
    "名词解释",
    "短评",
    "记者观察",
    "专家点评",
    "数据来源",
];

/// The shape of one unit: what it could be, before its neighbours decide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// A numbered title standing alone (一、总则 / 第一章 / 【说明】 / 一).
    Numbered(Style),
    /// A numbered line that is one long sentence ending in 。.
    NumberedSentence(Style),
    /// A numbered title running into its paragraph: byte length of the title.
    RunIn(Style, usize),
    Box,
    /// Short, without sentence punctuation.
    Plain,
    /// Longer headline without final punctuation, holding a comma.
    LongPlain,
    /// A short single sentence ending in 。！？ (possibly quoted).
    Sentence,
    DashHead,
    DashLabel,
    Bullet,
    Body,
}

fn count_chars(s: &str) -> usize {
    s.chars().filter(|c| !c.is_whitespace()).count()
}

/// One sentence: its only sentence-final mark is at the end (closing
/// quotes after it allowed).
fn one_sentence(s: &str) -> bool {
    let core = s.trim_end_matches(super::sentences::is_closer);
    let Some(last) = core.chars().last() else {
        return false;
    };
    matches!(last, '。' | '！' | '？' | '!' | '?')
        && !has_sentence_end(&core[..core.len() - last.len_utf8()])
}

fn shape(s: &str, p: &Params) -> Shape {
    let n = count_chars(s);
    let compact: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    if BOX_LABELS.contains(&compact.as_str()) {
        return Shape::Box;
    }
    if (1..=3).contains(&n) && compact.chars().all(is_cn_digit) {
        return Shape::Numbered(Style::BareCn);
    }
    if let Some(style) = numbered_heading(s) {
        return Shape::Numbered(style);
    }
    if let Some((style, rest)) = numbered_marker(s)
        && matches!(
            style,
            Style::CnNum | Style::ParenCn | Style::Arabic | Style::ParenArabic
        )
    {
        if one_sentence(rest)
            && n <= p.max_numbered_sentence
            && !rest.contains(['：', ':'])
            && !counts_on(style, rest)
        {
            return Shape::NumberedSentence(style);
        }
        if let Some((style, len)) = inline_numbered_heading(s, p.max_run_in) {
            return Shape::RunIn(style, len);
        }
        return Shape::Body;
    }
    let standalone = |r: &str| !has_sentence_end(r) || one_sentence(r);
    if let Some(rest) = s.strip_prefix(['●', '■', '◆', '▲', '★', '◎']) {
        return if n <= p.max_numbered_sentence && standalone(rest) {
            Shape::Bullet
        } else {
            Shape::Body
        };
    }
    if s.starts_with("——") {
        let rest = s.trim_start_matches('—');
        return if count_chars(rest) >= 2 && n <= p.max_numbered_sentence && standalone(rest) {
            Shape::DashHead
        } else {
            Shape::Body
        };
    }
    if s.ends_with("——") && n <= p.max_sub && !has_sentence_end(s) {
        return Shape::DashLabel;
    }
    if is_subheading_candidate(s, p.max_sub) {
        return Shape::Plain;
    }
    if n <= p.max_long_sub
        && s.contains(['，', ','])
        && !has_sentence_end(s)
        && !ends_open(s)
        && !is_parenthetical(s)
    {
        return Shape::LongPlain;
    }
    if n <= p.max_sentence && one_sentence(s) && !is_parenthetical(s) {
        return Shape::Sentence;
    }
    Shape::Body
}

/// Classifies the body units of plain text (after the title block).
///
/// One pass computes each unit's [`Shape`]; a second decides from the
/// neighbours: how many body paragraphs a line opens, whether it follows a
/// line ending in a colon (a list), whether its siblings of the same shape
/// in the document do the same, runs of short lines (lists and verse are
/// body), and a short heading's explanatory line (a heading pair). A 目录
/// list is body up to the line where the body repeats its first entry.
pub(crate) fn classify(text: &str, units: &[Unit], p: &Params) -> Vec<Role> {
    let t = |i: usize| units[i].span.text(text);
    let mut shapes: Vec<Shape> = (0..units.len()).map(|i| shape(t(i), p)).collect();
    // A table of contents: numbered lines after 目录, up to the repeat.
    let mut i = 0;
    while i < units.len() {
        let c: String = t(i).chars().filter(|c| !c.is_whitespace()).collect();
        if matches!(c.as_str(), "目录" | "目次" | "目錄") {
            shapes[i] = Shape::Body;
            let first = i + 1;
            let mut j = first;
            while j < units.len()
                && matches!(shapes[j], Shape::Numbered(_))
                && !(j > first && same_text(t(j), t(first)))
            {
                shapes[j] = Shape::Body;
                j += 1;
            }
            i = j;
            continue;
        }
        i += 1;
    }
    // Paragraphs (long or one-sentence) after unit `i`, up to `min_section`.
    let opens = |i: usize| {
        shapes[i + 1..]
            .iter()
            .take(p.min_section.max(1))
            .take_while(|s| matches!(s, Shape::Body | Shape::Sentence))
            .count()
    };
    // After a line ending in a colon (a list follows) or mid-sentence.
    // Long paragraphs only (a run of one-sentence lines is dialogue).
    let opens_body = |i: usize| {
        shapes[i + 1..]
            .iter()
            .take(p.min_section.max(1))
            .take_while(|s| **s == Shape::Body)
            .count()
    };
    let after_colon = |i: usize| i > 0 && ends_open(t(i - 1));
    // Whether unit `i` could be a heading on its own terms.
    // A paragraph before `i`, not a short line or a short quoted turn
    // (dialogue comes in runs).
    let body_before = |i: usize| {
        i > 0
            && shapes[i - 1] == Shape::Body
            && !(t(i - 1).starts_with(['“', '「', '『', '"'])
                && count_chars(t(i - 1)) <= 2 * p.max_sentence)
    };
    // An unnumbered heading line (followed by body) somewhere before `i`.
    let mut sub_before = vec![false; units.len()];
    for i in 1..units.len() {
        sub_before[i] = sub_before[i - 1]
            || (matches!(shapes[i - 1], Shape::Plain | Shape::LongPlain)
                && shapes[i] == Shape::Body);
    }
    let qualifies = |i: usize, s: Shape| -> bool {
        match s {
            // A one-sentence line opens a section when it stands between
            // body paragraphs (not in a run of short lines: dialogue) and is
            // either wholly quoted or nested under an unnumbered heading.
            Shape::Sentence => {
                opens_body(i) >= p.min_section
                    && body_before(i)
                    && !after_colon(i)
                    && (is_quoted(t(i)) || sub_before[i] && !t(i).contains(['，', ',']))
            }
            Shape::DashHead | Shape::Bullet => opens(i) >= p.min_section && !after_colon(i),
            Shape::DashLabel => i + 1 < units.len() && !after_colon(i),
            _ => false,
        }
    };
    // Sibling support: such shapes count only when at least two in the
    // document qualify (one lone dash line or short sentence is body).
    let mut support = [0usize; 4];
    let slot = |s: Shape| match s {
        Shape::Sentence => Some(0),
        Shape::DashHead => Some(1),
        Shape::DashLabel => Some(2),
        Shape::Bullet => Some(3),
        _ => None,
    };
    for (i, &s) in shapes.iter().enumerate() {
        if let Some(k) = slot(s)
            && qualifies(i, s)
        {
            support[k] += 1;
        }
    }
    let mut roles = vec![Role::Body; units.len()];
    let heading = |style, detail, inline| Role::Heading {
        style,
        detail,
        inline,
    };
    let mut i = 0;
    while i < units.len() {
        let s = shapes[i];
        match s {
            Shape::Numbered(style) => roles[i] = heading(style, None, None),
            Shape::NumberedSentence(style) => {
                // Not the last item of a list (（三）……；（四）……。).
                // Nor one after a sibling item that opened nothing.
                let in_list = i > 0
                    && (t(i - 1).ends_with(['；', ';', '，'])
                        || roles[i - 1] == Role::Body
                            && numbered_marker(t(i - 1)).is_some_and(|(s, _)| s == style));
                if opens(i) >= 1 && !in_list {
                    roles[i] = heading(style, None, None);
                }
            }
            Shape::RunIn(style, len) => roles[i] = heading(style, None, Some(len)),
            Shape::Box if i + 1 < units.len() => {
                let d = detail_of(text, units, &shapes, i, p);
                roles[i] = heading(Style::Box, d.map(|d| units[d].span), None);
                if let Some(d) = d {
                    roles[d] = Role::Detail;
                    i = d;
                }
            }
            Shape::Sentence | Shape::DashHead | Shape::DashLabel | Shape::Bullet => {
                let k = slot(s).unwrap_or(0);
                if support[k] >= 2 && qualifies(i, s) {
                    let style = match s {
                        Shape::Sentence => Style::Sentence,
                        Shape::DashHead => Style::DashHead,
                        Shape::DashLabel => Style::DashLabel,
                        _ => Style::Bullet,
                    };
                    let d = detail_of(text, units, &shapes, i, p);
                    roles[i] = heading(style, d.map(|d| units[d].span), None);
                    if let Some(d) = d {
                        roles[d] = Role::Detail;
                        i = d;
                    }
                }
            }
            Shape::Plain | Shape::LongPlain => {
                // A run of short lines: one is a heading, two a heading
                // pair; longer runs are lists or verse.
                let mut j = i;
                while j < units.len() && matches!(shapes[j], Shape::Plain | Shape::LongPlain) {
                    j += 1;
                }
                let run = j - i;
                let followed = j < units.len();
                let fits = shapes[i] == Shape::Plain || run == 1;
                if followed && fits && !after_colon(i) && run == 1 {
                    // One line, perhaps with a dashed or sentence-shaped
                    // explanatory line after it.
                    let d = detail_of(text, units, &shapes, i, p);
                    roles[i] = heading(Style::Sub, d.map(|d| units[d].span), None);
                    if let Some(d) = d {
                        roles[d] = Role::Detail;
                        i = d + 1;
                        continue;
                    }
                } else if followed && fits && !after_colon(i) && run == 2 {
                    // A name-length line after a heading is its signature.
                    let detail = (run == 2 && count_chars(t(i + 1)) > 3).then(|| units[i + 1].span);
                    if run == 2 && detail.is_none() {
                        roles[i] = heading(Style::Sub, None, None);
                    } else {
                        roles[i] = heading(Style::Sub, detail, None);
                        if run == 2 {
                            roles[i + 1] = Role::Detail;
                        }
                    }
                }
                i = j;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    roles
}

/// The explanatory line of a heading pair after unit `i`, if any: a line no
/// shorter than the heading, itself shaped like a heading line, followed
/// by body text.
fn detail_of(text: &str, units: &[Unit], shapes: &[Shape], i: usize, p: &Params) -> Option<usize> {
    let d = i + 1;
    let next = *shapes.get(d)?;
    let s = units[d].span.text(text);
    let fits = match (shapes[i], next) {
        // A sentence heading stands alone; `记者：…` is a turn, not a title.
        (Shape::Sentence, _) => false,
        (_, Shape::Plain | Shape::LongPlain) => true,
        // A box label's line is a title, not its first sentence.
        (Shape::Box, Shape::Sentence) => false,
        (_, Shape::Sentence) => !s.contains(['：', ':']),
        (Shape::Plain, Shape::DashHead) => true,
        // After a dash label, a longer explanatory line.
        (Shape::DashLabel, Shape::Body) => {
            count_chars(s) <= p.max_numbered_sentence && !has_sentence_end(s)
        }
        _ => false,
    };
    let followed = shapes
        .get(d + 1)
        .is_some_and(|s| matches!(s, Shape::Body | Shape::Sentence));
    (fits && followed && count_chars(s) >= count_chars(units[i].span.text(text))).then_some(d)
}

/// Wholly inside one pair of quotation marks.
fn is_quoted(s: &str) -> bool {
    let open = s.starts_with(['“', '「', '『', '"']);
    let close = s.ends_with(['”', '」', '』', '"']);
    open && close && s.chars().filter(|c| matches!(c, '“' | '「' | '『')).count() <= 1
}

fn same_text(a: &str, b: &str) -> bool {
    a.chars()
        .filter(|c| !c.is_whitespace())
        .eq(b.chars().filter(|c| !c.is_whitespace()))
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
            inline_numbered_heading(s, 60),
            Some((Style::ParenCn, "（一）惠企政策落实有力。".len()))
        );
        assert_eq!(
            inline_numbered_heading("1.加强组织领导。各级部门要高度重视。", 60),
            Some((Style::Arabic, "1.加强组织领导。".len()))
        );
        // Months, a colon in the first sentence (a glossary entry),
        // nothing after, lists, a first sentence longer than the limit.
        assert_eq!(
            inline_numbered_heading("一、二月份销量回升。下半年更好。", 60),
            None
        );
        assert_eq!(
            inline_numbered_heading("1. “两重”：重大战略实施。另有安排。", 60),
            None
        );
        assert_eq!(inline_numbered_heading("（二）强化保障。", 60), None);
        assert_eq!(
            inline_numbered_heading("1. 减税降费。2. 金融支持。", 60),
            None
        );
        assert_eq!(
            inline_numbered_heading("（一）坚持扩大内需，稳定增长。正文。", 8),
            None
        );
        // Titles with commas run into their paragraph are headings.
        assert_eq!(
            inline_numbered_heading("（一）坚持扩大内需，稳定增长。正文。", 60),
            Some((Style::ParenCn, "（一）坚持扩大内需，稳定增长。".len()))
        );
    }

    #[test]
    fn candidates() {
        assert!(is_subheading_candidate(
            "聚焦主线，持续做“贯通式”的研究",
            32
        ));
        assert!(is_subheading_candidate("“慢手艺”遇上快节奏", 32));
        assert!(!is_subheading_candidate("正文一句话。", 32));
        assert!(!is_subheading_candidate("重点做好以下工作：", 32));
        assert!(!is_subheading_candidate("（完）", 32));
        assert!(!is_subheading_candidate("本报记者 王小明", 32));
        assert!(!is_subheading_candidate(
            "这是一个非常非常长的句子但是没有任何标点符号所以它不会被当成小标题来处理的",
            32
        ));
    }
}
