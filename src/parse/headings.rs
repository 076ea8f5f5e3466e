//! Heading recognition for plain text: numbered headings (一、 （一） 1. （1）
//! ① 第X章 【…】) and in-text subheadings (小标题).
//!
//! A subheading is a *short line without sentence-final punctuation*; it may
//! hold a comma, a colon or quoted phrases. Whether such a line really is a
//! heading depends on its neighbours, decided in [`classify`].

use super::Params;
use super::lines::Unit;
use crate::model::{HeadingKind, Span};
use std::collections::HashMap;

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
    // The quotation marks counted in one pass: (“ minus ”, 「 minus 」).
    let (mut double, mut corner) = (0isize, 0isize);
    for c in s.chars() {
        match c {
            '“' => double += 1,
            '”' => double -= 1,
            '「' => corner += 1,
            '」' => corner -= 1,
            _ => {}
        }
    }
    if double != 0 || corner != 0 {
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

/// The longest box label, in characters (a bare numeral is shorter).
const BOX_LABEL_MAX_CHARS: usize = {
    let mut max = 3;
    let mut i = 0;
    while i < BOX_LABELS.len() {
        // Every label is Chinese: three bytes a character.
        let n = BOX_LABELS[i].len() / 3;
        if n > max {
            max = n;
        }
        i += 1;
    }
    max
};

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
    /// A bold Markdown paragraph (may end in a colon or question mark).
    Emph,
    /// A Markdown `#` heading (fixed by the markup, not decided here).
    Fixed,
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
    // A box label or a bare numeral is a few characters: the line without
    // its spaces is made only for short lines (most lines are paragraphs).
    if n <= BOX_LABEL_MAX_CHARS {
        let compact: String = s.chars().filter(|c| !c.is_whitespace()).collect();
        if BOX_LABELS.contains(&compact.as_str()) {
            return Shape::Box;
        }
        if (1..=3).contains(&n) && compact.chars().all(is_cn_digit) {
            return Shape::Numbered(Style::BareCn);
        }
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

/// Classifies the body units of plain text (after the title block): by the
/// hand-weighted rules ([`classify_rules`]) unless the learned model is in
/// force ([`super::learn::enabled`]).
pub(crate) fn classify(text: &str, units: &[Unit], p: &Params) -> Vec<Role> {
    if !super::learn::enabled() {
        return classify_rules(text, units, p);
    }
    let p = &super::learn::GATES;
    let shapes: Vec<Shape> = units.iter().map(|u| shape(u.span.text(text), p)).collect();
    let bold = vec![false; units.len()];
    let as_if = vec![None; units.len()];
    classify_shapes(text, units, shapes, &as_if, &bold, false, p)
}

/// What a Markdown block is, for [`classify_markdown`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MdBlock {
    /// A `#` heading: fixed by the markup.
    Heading,
    /// A paragraph of text at the top level; `bold` when wholly strong.
    Text { bold: bool },
    /// Anything else (list item, quote, code, table): never a heading.
    Other,
}

/// Classifies Markdown blocks: `#` headings stay, other blocks are body, and
/// top-level text paragraphs are decided as plain-text lines are (a bold
/// paragraph or a standalone numbered line is a heading when the model
/// says so).
pub(crate) fn classify_markdown(text: &str, units: &[Unit], blocks: &[MdBlock]) -> Vec<Role> {
    if !super::learn::enabled() {
        return markdown_rules(text, units, blocks);
    }
    let p = &super::learn::GATES;
    let mut bold = vec![false; units.len()];
    let shapes: Vec<Shape> = units
        .iter()
        .zip(blocks)
        .enumerate()
        .map(|(i, (u, b))| match b {
            MdBlock::Heading => Shape::Fixed,
            MdBlock::Other => Shape::Body,
            MdBlock::Text { bold: strong } => {
                bold[i] = *strong;
                let s = u.span.text(text);
                match shape(s, p) {
                    // A bold line may end in a colon or a question mark.
                    Shape::Body if *strong && is_emph_candidate(s, p) => Shape::Emph,
                    other => other,
                }
            }
        })
        .collect();
    // A `#` heading is also seen as the line it would be without its
    // markup: it counts among its siblings and, when training, it is an
    // example of a heading in context.
    let as_if: Vec<Option<Shape>> = units
        .iter()
        .zip(blocks)
        .map(|(u, b)| (*b == MdBlock::Heading).then(|| shape(u.span.text(text), p)))
        .map(|s| s.filter(|&s| is_candidate(s)))
        .collect();
    classify_shapes(text, units, shapes, &as_if, &bold, true, p)
}

/// A bold paragraph short enough to be a heading: one clause or question.
fn is_emph_candidate(s: &str, p: &Params) -> bool {
    let core = s.trim_end_matches(['：', ':', '？', '?']);
    count_chars(s) <= p.max_long_sub && !has_sentence_end(core) && !is_parenthetical(s)
}

/// Whether a shape can be a heading at all (the model decides which are).
fn is_candidate(s: Shape) -> bool {
    !matches!(s, Shape::Body | Shape::Fixed)
}

fn shape_name(s: Shape) -> &'static str {
    match s {
        Shape::Numbered(_) => "num",
        Shape::NumberedSentence(_) => "numsent",
        Shape::RunIn(..) => "runin",
        Shape::Box => "box",
        Shape::Plain => "plain",
        Shape::LongPlain => "longplain",
        Shape::Sentence => "sent",
        Shape::DashHead => "dashhead",
        Shape::DashLabel => "dashlabel",
        Shape::Bullet => "bullet",
        Shape::Emph => "emph",
        Shape::Fixed => "fixed",
        Shape::Body => "body",
    }
}

fn style_name(s: Style) -> &'static str {
    match s {
        Style::CnNum => "cnnum",
        Style::ParenCn => "parencn",
        Style::Arabic => "arabic",
        Style::ParenArabic => "parenarabic",
        Style::Circled => "circled",
        Style::Chapter(_) => "chapter",
        Style::Bracket => "bracket",
        Style::BareCn => "barecn",
        _ => "other",
    }
}

fn shape_style(s: Shape) -> Option<Style> {
    match s {
        Shape::Numbered(st) | Shape::NumberedSentence(st) | Shape::RunIn(st, _) => Some(st),
        _ => None,
    }
}

/// The number a marker stands for (一、 → 1, （十二） → 12, 3. → 3, ③ → 3).
fn marker_value(s: &str) -> Option<u32> {
    let s = s.trim_start_matches(['（', '(', '第']);
    let first = s.chars().next()?;
    if ('①'..='⑳').contains(&first) {
        return Some(first as u32 - '①' as u32 + 1);
    }
    if is_digit(first) {
        let mut v: u32 = 0;
        for c in s.chars().take_while(|&c| is_digit(c)).take(4) {
            let d = c
                .to_digit(10)
                .or_else(|| ('０'..='９').contains(&c).then(|| c as u32 - '０' as u32))?;
            v = v * 10 + d;
        }
        return Some(v);
    }
    let digit = |c: char| match c {
        '一' => Some(1),
        '二' | '两' => Some(2),
        '三' => Some(3),
        '四' => Some(4),
        '五' => Some(5),
        '六' => Some(6),
        '七' => Some(7),
        '八' => Some(8),
        '九' => Some(9),
        '零' | '〇' => Some(0),
        _ => None,
    };
    let mut total = 0u32;
    let mut cur = 0u32;
    let mut any = false;
    for c in s.chars().take_while(|&c| is_cn_digit(c)).take(6) {
        any = true;
        match c {
            '十' => {
                total += cur.max(1) * 10;
                cur = 0;
            }
            '百' => {
                total += cur.max(1) * 100;
                cur = 0;
            }
            '千' => {
                total += cur.max(1) * 1000;
                cur = 0;
            }
            c => cur = digit(c)?,
        }
    }
    any.then_some(total + cur)
}

fn bucket(n: usize, edges: &[(usize, &'static str)], last: &'static str) -> &'static str {
    edges
        .iter()
        .find(|(e, _)| n <= *e)
        .map_or(last, |(_, name)| name)
}

fn end_name(s: &str) -> &'static str {
    let core = s.trim_end_matches(super::sentences::is_closer);
    let quoted = core.len() < s.len();
    match core.chars().last() {
        Some('。' | '.' | '｡') => "period",
        Some('！' | '!') => "excl",
        Some('？' | '?') => "question",
        Some('：' | ':') => "colon",
        Some('；' | ';') => "semicolon",
        Some('，' | ',' | '、') => "comma",
        Some('—') => "dash",
        Some(_) if quoted => "quote",
        Some(c) if c.is_ascii_digit() || is_cn_digit(c) => "digit",
        _ => "none",
    }
}

/// The shared decision for plain-text units and Markdown blocks: each
/// candidate line's features are weighted by the learned model
/// ([`super::learn`]); a line is a heading when the sum is positive. Hand
/// rules are kept only for facts of the format: a 目录 list is body up to
/// the line where the body repeats its first entry; a heading's
/// explanatory line (a heading pair) joins it.
fn classify_shapes(
    text: &str,
    units: &[Unit],
    mut shapes: Vec<Shape>,
    as_if: &[Option<Shape>],
    bold: &[bool],
    md: bool,
    p: &Params,
) -> Vec<Role> {
    let n = units.len();
    let t = |i: usize| units[i].span.text(text);
    contents_are_body(&mut shapes, t);
    // The last item of an enumeration (（三）……；（四）……。) belongs to
    // the sentence its siblings began: a numbered line right after a line
    // of the same numbering that ends in ；，、 is body.
    for (i, shape) in shapes.iter_mut().enumerate().skip(1) {
        if let Some(st) = shape_style(*shape)
            && t(i - 1).ends_with(['；', ';', '，', ',', '、'])
            && numbered_marker(t(i - 1)).is_some_and(|(s, _)| s == st)
        {
            *shape = Shape::Body;
        }
    }
    let chars: Vec<usize> = (0..n)
        .map(|i| {
            t(i).chars()
                .filter(|c| !c.is_whitespace())
                .take(201)
                .count()
        })
        .collect();
    // A speaker's turn (记者：… / 问：…) is dialogue, never a heading; a
    // name-length line right under a heading line is its signature.
    for i in 0..n {
        if !is_candidate(shapes[i]) {
            continue;
        }
        let signature = !md
            && shapes[i] == Shape::Plain
            && chars[i] <= 4
            && i > 0
            && is_candidate(shapes[i - 1])
            && shape_style(shapes[i - 1]).is_none()
            && t(i).chars().all(|c| c.is_alphabetic() || c.is_whitespace());
        if is_turn(t(i)) || signature {
            shapes[i] = Shape::Body;
        }
    }
    let cand: Vec<bool> = shapes.iter().map(|&s| is_candidate(s)).collect();
    // Paragraphs after each unit: any body-like unit, and long ones.
    let opens = |i: usize, long_only: bool| {
        (i + 1..n)
            .take(3)
            .take_while(|&j| match shapes[j] {
                Shape::Body => !long_only || chars[j] >= 40,
                Shape::Sentence => !long_only,
                _ => false,
            })
            .count()
    };
    // Runs of consecutive candidate lines (one-sentence lines excluded).
    let in_run = |s: Shape| is_candidate(s) && s != Shape::Sentence;
    let mut run = vec![0usize; n];
    let mut i = 0;
    while i < n {
        if in_run(shapes[i]) {
            let mut j = i;
            while j < n && in_run(shapes[j]) {
                j += 1;
            }
            run[i..j].iter_mut().for_each(|r| *r = j - i);
            i = j;
        } else {
            i += 1;
        }
    }
    // The section a line (or the heading pair it is part of) opens: the
    // units up to the next candidate line, when its run of candidate lines
    // is one or two long (longer runs are lists or verse: `None`).
    let mut section: Vec<Option<usize>> = vec![None; n];
    {
        let mut i = 0;
        while i < n {
            if !(cand[i] || as_if[i].is_some()) {
                i += 1;
                continue;
            }
            let j = if in_run(shapes[i]) { i + run[i] } else { i + 1 };
            let body = (j..n)
                .take_while(|&k| (!cand[k] || shapes[k] == Shape::Sentence) && as_if[k].is_none())
                .take(7)
                .count();
            if j - i <= 2 {
                section[i..j].iter_mut().for_each(|v| *v = Some(body));
            }
            i = j;
        }
    }
    // Siblings: lines of the same shape (and numbering style) in the
    // document, how many of them open a paragraph, and how many open a
    // section of two units or more.
    let key = |s: Shape| (shape_name(s), shape_style(s).map(style_name));
    let mut siblings: HashMap<(&str, Option<&str>), (usize, usize)> = HashMap::new();
    let mut sections: HashMap<(&str, Option<&str>), usize> = HashMap::new();
    for i in 0..n {
        if let Some(s) = as_if[i].or(cand[i].then_some(shapes[i])) {
            let e = siblings.entry(key(s)).or_default();
            e.0 += 1;
            e.1 += usize::from(opens(i, false) >= 1);
            *sections.entry(key(s)).or_default() += usize::from(section[i].unwrap_or(0) >= 2);
        }
    }
    // How many siblings follow one of their own (lists, verse).
    let mut sib_runs: HashMap<(&str, Option<&str>), (usize, usize, usize)> = HashMap::new();
    for i in 1..n {
        if cand[i] && key(shapes[i]) == key(shapes[i - 1]) {
            sib_runs.entry(key(shapes[i])).or_default().2 += 1;
        }
    }
    // The document's median unit length.
    let median = {
        let mut c = chars.clone();
        c.sort_unstable();
        c.get(c.len() / 2).copied().unwrap_or(1)
    };
    let n_cand = cand.iter().filter(|&&c| c).count();
    let doc_cand = bucket(
        n_cand * 100 / n.max(1),
        &[(10, "low"), (25, "mid"), (45, "high")],
        "most",
    );
    let named = super::learn::tracing();
    let mut scores = vec![f64::NEG_INFINITY; n];
    // Numbering: the last value and index seen for each style.
    let mut last_num: HashMap<&str, (u32, usize)> = HashMap::new();
    for i in 0..n {
        // A `#` heading's features are computed like any candidate's (its
        // numbering counts in sequences) but it is not decided here.
        let s = match as_if[i] {
            Some(s) => s,
            None if cand[i] => shapes[i],
            None => continue,
        };
        let sn = shape_name(s);
        let line = t(i);
        let mut f = super::learn::Features::new(named);
        f.add(&["bias"]);
        f.add(&["shape", sn]);
        let len = bucket(
            chars[i],
            &[
                (2, "l2"),
                (4, "l4"),
                (8, "l8"),
                (12, "l12"),
                (16, "l16"),
                (24, "l24"),
                (32, "l32"),
                (48, "l48"),
                (64, "l64"),
            ],
            "lmore",
        );
        f.add(&["len", len]);
        f.add(&["shape", sn, "len", len]);
        let end = end_name(line);
        f.add(&["end", end]);
        f.add(&["shape", sn, "end", end]);
        let body = match numbered_marker(line) {
            Some((_, rest)) if shape_style(s).is_some() => rest,
            _ => line,
        };
        if body.contains(['，', ',']) {
            f.add(&["comma"]);
            f.add(&["shape", sn, "comma"]);
        }
        if body.trim_end_matches(['：', ':']).contains(['：', ':']) {
            f.add(&["colon_inside"]);
        }
        if is_quoted(line) {
            f.add(&["quoted"]);
            f.add(&["shape", sn, "quoted"]);
        } else if line.starts_with(['“', '「', '『', '"']) {
            f.add(&["quote_start"]);
        }
        if line.trim().contains([' ', '\u{3000}']) {
            f.add(&["inner_space"]);
        }
        let latin = line.chars().filter(|c| c.is_ascii_alphabetic()).count();
        if latin * 2 > chars[i] {
            f.add(&["latin"]);
        }
        if bold[i] {
            f.add(&["bold"]);
            f.add(&["shape", sn, "bold"]);
        }
        if md {
            f.add(&["md"]);
            f.add(&["shape", sn, "md"]);
        }
        // Numbering style and its sequence.
        if let Some(st) = shape_style(s) {
            let stn = style_name(st);
            f.add(&["numbered"]);
            f.add(&["style", stn]);
            f.add(&["shape", sn, "style", stn]);
            let value = marker_value(line);
            let seq = match (value, last_num.get(stn)) {
                (Some(v), Some(&(prev, _))) if v == prev + 1 => "next",
                (Some(1), None) => "first",
                (Some(v), Some(&(prev, _))) if v == prev => "repeat",
                (Some(1), Some(_)) => "restart",
                _ => "break",
            };
            f.add(&["seq", seq]);
            f.add(&["style", stn, "seq", seq]);
            // The previous item of the same style opened nothing: a list.
            if let Some(&(_, j)) = last_num.get(stn)
                && j + 1 == i
            {
                f.add(&["sibling_just_before"]);
            }
            if let Some(v) = value {
                last_num.insert(stn, (v, i));
            }
        }
        // What follows.
        let o = opens(i, false);
        let ob = ["o0", "o1", "o2", "o3"][o.min(3)];
        f.add(&["opens", ob]);
        f.add(&["shape", sn, "opens", ob]);
        let ol = ["ol0", "ol1", "ol2", "ol3"][opens(i, true).min(3)];
        f.add(&["opens_long", ol]);
        f.add(&["shape", sn, "opens_long", ol]);
        let next = if i + 1 >= n {
            "last"
        } else if shapes[i + 1] == Shape::Fixed {
            "heading"
        } else if shapes[i + 1] == s {
            "same"
        } else if shape_style(shapes[i + 1]).is_some() {
            "numbered"
        } else if cand[i + 1] {
            "cand"
        } else if chars[i + 1] >= 40 {
            "long"
        } else {
            "short"
        };
        f.add(&["next", next]);
        f.add(&["shape", sn, "next", next]);
        // What stands before.
        let prev = if i == 0 {
            "first"
        } else if ends_open(t(i - 1)) {
            "open"
        } else if t(i - 1).ends_with(['；', ';']) {
            "semicolon"
        } else if shapes[i - 1] == Shape::Fixed {
            "heading"
        } else if shapes[i - 1] == s {
            "same"
        } else if shape_style(shapes[i - 1]).is_some() {
            "numbered"
        } else if cand[i - 1] {
            "cand"
        } else if chars[i - 1] >= 40 {
            "long"
        } else if t(i - 1).starts_with(['“', '「', '『', '"']) {
            "quote"
        } else {
            "short"
        };
        f.add(&["prev", prev]);
        f.add(&["shape", sn, "prev", prev]);
        // The line before did not end a sentence (a list or verse goes on).
        if i > 0 && (ends_open(t(i - 1)) || t(i - 1).ends_with(['；', ';'])) {
            f.add(&["prev_unfinished"]);
        }
        // Shorter than the paragraphs around it, as a heading is.
        if i + 1 < n && !cand[i + 1] && chars[i + 1] >= 2 * chars[i] {
            f.add(&["next_longer"]);
        }
        if i == 0 || !cand[i - 1] && chars[i - 1] >= 2 * chars[i] {
            f.add(&["prev_longer"]);
        }
        let rel = bucket(
            chars[i] * 4 / median.max(1),
            &[(0, "m0"), (1, "m1"), (2, "m2"), (3, "m3")],
            "m4",
        );
        f.add(&["len_rel", rel]);
        // A clause and a full stop: running text rather than a title.
        if body.contains(['，', ',']) && end == "period" {
            f.add(&["clause_sentence"]);
        }
        let rb = bucket(run[i], &[(0, "r0"), (1, "r1"), (2, "r2"), (4, "r4")], "r5");
        f.add(&["run", rb]);
        f.add(&["shape", sn, "run", rb]);
        // Siblings of the same shape and style.
        let (count, _) = siblings.get(&key(s)).copied().unwrap_or((1, 0));
        let sb = bucket(
            count,
            &[(1, "s1"), (2, "s2"), (5, "s5"), (12, "s12")],
            "smore",
        );
        f.add(&["siblings", sb]);
        f.add(&["shape", sn, "siblings", sb]);
        let (_, _, consecutive) = sib_runs.get(&key(s)).copied().unwrap_or((0, 0, 0));
        let cs = ["sc0", "sc1", "sc2", "sc3", "sc4"][(consecutive * 4 / count.max(1)).min(4)];
        f.add(&["siblings_consecutive", cs]);
        f.add(&["doc_cand", doc_cand]);
        f.add(&["shape", sn, "doc_cand", doc_cand]);
        // The section it opens (after its heading pair, if any), and the
        // share of its siblings that open one of two units or more.
        let sect = match section[i] {
            None => "list",
            Some(k) => bucket(k, &[(0, "x0"), (1, "x1"), (2, "x2"), (5, "x5")], "x6"),
        };
        f.add(&["section", sect]);
        let sectioned = sections.get(&key(s)).copied().unwrap_or(0);
        let ss = ["ss0", "ss1", "ss2", "ss3", "ss4"][(sectioned * 4 / count.max(1)).min(4)];
        f.add(&["siblings_section", ss]);
        // Alone between long paragraphs, as a heading stands (or as the two
        // lines of a heading pair do).
        let long_at = |k: usize, len: usize| !cand[k] && chars[k] >= 40.max(2 * len);
        let (a, b) = if run[i] == 2 && in_run(s) {
            if i + 1 < n
                && run[i + 1] == 2
                && in_run(shapes[i + 1])
                && (i == 0 || run[i - 1] != 2 || !in_run(shapes[i - 1]))
            {
                (i, i + 1)
            } else {
                (i.saturating_sub(1), i)
            }
        } else {
            (i, i)
        };
        if a > 0 && b + 1 < n && long_at(a - 1, chars[i]) && long_at(b + 1, chars[i]) {
            f.add(&[if a == b { "island" } else { "island_pair" }]);
        }
        if i == 0 {
            f.add(&["first_unit"]);
        }
        scores[i] = super::learn::decide(&f.hashes);
        if let Some(names) = f.names {
            super::learn::record(super::learn::Example {
                text: line.to_string(),
                line: (!md).then_some(units[i].line + 1),
                features: names,
            });
        }
    }
    let mut roles = vec![Role::Body; n];
    let heading = |style, detail, inline| Role::Heading {
        style,
        detail,
        inline,
    };
    let mut i = 0;
    while i < n {
        let s = shapes[i];
        // The first line of a heading pair: a two-line run whose second,
        // longer line the model takes for a heading, and which that line
        // explains (a pair is read from either of its lines).
        let pair_head = cand[i]
            && in_run(s)
            && run[i] == 2
            && (i == 0 || !in_run(shapes[i - 1]))
            && scores.get(i + 1).is_some_and(|&z| z > 0.0)
            && shape_style(s).is_none()
            && shape_style(shapes[i + 1]).is_none()
            && detail_of(text, units, &shapes, i, p) == Some(i + 1);
        if !(pair_head || (cand[i] && scores[i] > 0.0)) {
            i += 1;
            continue;
        }
        let style = match s {
            Shape::Numbered(st) | Shape::NumberedSentence(st) | Shape::RunIn(st, _) => st,
            Shape::Box => Style::Box,
            Shape::Sentence => Style::Sentence,
            Shape::DashHead => Style::DashHead,
            Shape::DashLabel => Style::DashLabel,
            Shape::Bullet => Style::Bullet,
            _ => Style::Sub,
        };
        if let Shape::RunIn(_, len) = s {
            roles[i] = heading(style, None, Some(len));
            i += 1;
            continue;
        }
        // A heading pair: an explanatory line the model also takes, or one
        // shaped as a pair's second line.
        let d = if shape_style(s).is_none() {
            detail_of(text, units, &shapes, i, p)
        } else {
            None
        };
        roles[i] = heading(style, d.map(|d| units[d].span), None);
        match d {
            Some(d) => {
                roles[d] = Role::Detail;
                i = d + 1;
            }
            None => i += 1,
        }
    }
    roles
}

/// The hand-weighted classifier of plain text (the default; see [`classify`]).
///
/// One pass computes each unit's [`Shape`]; a second decides from the
/// neighbours: how many body paragraphs a line opens, whether it follows a
/// line ending in a colon (a list), whether its siblings of the same shape
/// in the document do the same, runs of short lines (lists and verse are
/// body), and a short heading's explanatory line (a heading pair). A 目录
/// list is body up to the line where the body repeats its first entry.
fn classify_rules(text: &str, units: &[Unit], p: &Params) -> Vec<Role> {
    let t = |i: usize| units[i].span.text(text);
    let mut shapes: Vec<Shape> = (0..units.len()).map(|i| shape(t(i), p)).collect();
    contents_are_body(&mut shapes, t);
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

/// Markdown text paragraphs by rule (the default): a wholly bold line
/// (one clause or question, perhaps ending in a colon) or a numbered title
/// line (（1）标题, 一、标题) is a heading when at least one other paragraph
/// of the document has the same shape and it is not the last block.
fn markdown_rules(text: &str, units: &[Unit], blocks: &[MdBlock]) -> Vec<Role> {
    let p = Params::default();
    let style_of = |i: usize| -> Option<Style> {
        let MdBlock::Text { bold } = blocks[i] else {
            return None;
        };
        let s = units[i].span.text(text);
        if bold && is_emph_candidate(s, &p) && numbered_marker(s).is_none() {
            return Some(Style::Sub);
        }
        numbered_heading(s).filter(|st| !matches!(st, Style::Bracket))
    };
    let styles: Vec<Option<Style>> = (0..units.len()).map(style_of).collect();
    let mut counts: Vec<(Style, usize)> = Vec::new();
    for st in styles.iter().flatten() {
        match counts.iter_mut().find(|(s, _)| s == st) {
            Some((_, c)) => *c += 1,
            None => counts.push((*st, 1)),
        }
    }
    let count = |st: Style| counts.iter().find(|(s, _)| *s == st).map_or(0, |c| c.1);
    styles
        .iter()
        .enumerate()
        .map(|(i, st)| match *st {
            Some(style) if i + 1 < units.len() && count(style) >= 2 => Role::Heading {
                style,
                detail: None,
                inline: None,
            },
            _ => Role::Body,
        })
        .collect()
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

/// A speaker's turn: a short label (记者 / 问 / a name) and a colon, then
/// what they say.
fn is_turn(s: &str) -> bool {
    let s = s.trim_start_matches(super::lines::is_space);
    let Some(at) = s.find(['：', ':']) else {
        return false;
    };
    let label = &s[..at];
    let rest = s[at..]
        .chars()
        .skip(1)
        .filter(|c| !c.is_whitespace())
        .count();
    let n = label.chars().count();
    (1..=4).contains(&n) && rest >= 2 && label.chars().all(char::is_alphabetic)
}

/// Wholly inside one pair of quotation marks.
fn is_quoted(s: &str) -> bool {
    let open = s.starts_with(['“', '「', '『', '"']);
    let close = s.ends_with(['”', '」', '』', '"']);
    open && close && s.chars().filter(|c| matches!(c, '“' | '「' | '『')).count() <= 1
}

/// A table of contents: the 目录 line and the numbered lines after it are
/// body, up to the line where the body repeats the first entry.
fn contents_are_body<'t>(shapes: &mut [Shape], t: impl Fn(usize) -> &'t str) {
    let n = shapes.len();
    let mut i = 0;
    while i < n {
        // Compared as the line without its spaces, character by character
        // (no copy of every line; most differ at the first character).
        if ["目录", "目次", "目錄"]
            .iter()
            .any(|w| t(i).chars().filter(|c| !c.is_whitespace()).eq(w.chars()))
        {
            shapes[i] = Shape::Body;
            let first = i + 1;
            let mut j = first;
            while j < n
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
