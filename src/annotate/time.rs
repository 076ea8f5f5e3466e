//! The time layer: absolute dates (2006年, 2017年10月1日, ２０２３年,
//! 二〇一七年, 2017-10-01) with ISO-like normalised values, and relative ones
//! (去年, 今年, 昨天, 去年下半年, 上月, 近年来) marked `relative`.
//!
//! attrs: `value` (absolute: `2017`, `2017-10`, `2017-10-01`, `--10-01`,
//! `--10`, `---15`; relative: `Y-1`, `Y`, `M-1`, `W+1`, `D-1`, or a word for
//! vague ones: `recent`, `now`, `before`), `relative` (bool), `part` (`H1`
//! `H2` `Q1`…`Q4` `start` `end` `mid`, when given), and for relative ones
//! `unit` (`year` `month` `week` `day`) and `offset`.

use super::Context;
use super::quantities::numerals::{cn_digit, digit_value, read_chinese};
use crate::model::{Annotation, Layer, Span, Token};
use regex::{Captures, Regex};
use std::sync::LazyLock;

/// One time expression found in the text.
#[derive(Debug, Clone, PartialEq)]
pub struct TimeExpr {
    pub span: Span,
    pub value: String,
    pub relative: bool,
    pub part: Option<&'static str>,
    /// For relative expressions: `year` `month` `week` `day` and the offset.
    pub unit: Option<&'static str>,
    pub offset: Option<i32>,
}

const YEAR: &str = r"[0-9０-９]{4}|[零〇一二三四五六七八九]{4}";
const MONTH: &str = r"[0-9０-９]{1,2}|十[一二]?|[一二三四五六七八九]";
const DAY: &str = r"[0-9０-９]{1,2}|[二三]?十[一二三四五六七八九]?|[一二三四五六七八九]";
const PART: &str = r"上半年|下半年|年初|年底|年末|初|底|中|第[一二三四1-4]季度|[一二三四1-4]季度";

static TIME_RE: LazyLock<Regex> = LazyLock::new(|| {
    let pattern = format!(
        r"(?x)
        (?P<iy>\d{{4}})[-/.](?P<im>\d{{1,2}})[-/.](?P<id>\d{{1,2}})
      | (?P<y>{YEAR})年(?:(?P<m>{MONTH})月(?:(?P<d>{DAY})[日号])?)?(?P<p>{PART})?
      | (?P<m2>{MONTH})月(?:(?P<d2>{DAY})[日号])?
      | (?P<d3>[0-9０-９]{{1,2}})日
      | (?P<ry>今年|去年|前年|明年|后年|上年)(?P<rp>{PART})?
      | (?P<rd>今天|昨天|前天|明天|后天|今日|昨日|明日|当天|次日|今晨|昨晚|今晚|昨夜)
      | (?P<rm>本月|上个月|下个月|上月|下月|这个月|当月|次月)
      | (?P<rw>本周|上周|下周|上星期|下星期|这周)
      | (?P<rv>近年来|近年|近日|近期|日前|目前|此前|年初|年底|年末)
    "
    );
    // The pattern is a constant; a failure here is a programming error that
    // every test run would show at once.
    Regex::new(&pattern).unwrap_or_else(|e| panic!("time pattern: {e}"))
});

/// Finds every time expression in `text`. With `tokens` (the tokens layer),
/// a match must start at a word boundary (so 上月球 is not 上月).
pub fn find(text: &str, tokens: &[Token]) -> Vec<TimeExpr> {
    let mut all = find_all(text);
    if !tokens.is_empty() {
        all.retain(|e| starts_word(tokens, e.span.start));
    }
    all
}

/// Every time expression in `text`, word boundaries aside (what [`find`]
/// gives without tokens); the quantities layer reads them too.
pub fn find_all(text: &str) -> Vec<TimeExpr> {
    let mut out = Vec::new();
    for caps in TIME_RE.captures_iter(text) {
        let Some(m) = caps.get(0) else { continue };
        let span = Span::new(m.start(), m.end());
        // A digit just before: part of a longer number (12017年).
        if text[..span.start]
            .chars()
            .next_back()
            .is_some_and(|c| digit_value(c).is_some() || c == '.' || c.is_ascii_alphabetic())
        {
            continue;
        }
        if let Some(expr) = interpret(&caps, span) {
            out.push(expr);
        }
    }
    out
}

fn starts_word(tokens: &[Token], pos: usize) -> bool {
    let i = tokens.partition_point(|t| t.span().start < pos);
    tokens.get(i).is_some_and(|t| t.span().start == pos)
        || i == 0
        || tokens.get(i - 1).is_some_and(|t| t.span().end <= pos)
}

fn interpret(caps: &Captures, span: Span) -> Option<TimeExpr> {
    let absolute = |value: String, part: Option<&'static str>| TimeExpr {
        span,
        value,
        relative: false,
        part,
        unit: None,
        offset: None,
    };
    if let (Some(y), Some(m), Some(d)) = (caps.name("iy"), caps.name("im"), caps.name("id")) {
        let (y, m, d) = (
            number(y.as_str())?,
            number(m.as_str())?,
            number(d.as_str())?,
        );
        valid_month(m)?;
        valid_day(d)?;
        return Some(absolute(format!("{y:04}-{m:02}-{d:02}"), None));
    }
    if let Some(y) = caps.name("y") {
        let y = number(y.as_str())?;
        if !(1000..=2999).contains(&y) {
            return None;
        }
        let part = caps.name("p").and_then(|p| part_of(p.as_str()));
        let value = match (caps.name("m"), caps.name("d")) {
            (Some(m), Some(d)) => {
                let (m, d) = (
                    valid_month(number(m.as_str())?)?,
                    valid_day(number(d.as_str())?)?,
                );
                format!("{y:04}-{m:02}-{d:02}")
            }
            (Some(m), None) => format!("{y:04}-{:02}", valid_month(number(m.as_str())?)?),
            _ => format!("{y:04}"),
        };
        return Some(absolute(value, part));
    }
    if let Some(m) = caps.name("m2") {
        let m = valid_month(number(m.as_str())?)?;
        let value = match caps.name("d2") {
            Some(d) => format!("--{m:02}-{:02}", valid_day(number(d.as_str())?)?),
            None => format!("--{m:02}"),
        };
        return Some(absolute(value, None));
    }
    if let Some(d) = caps.name("d3") {
        let d = valid_day(number(d.as_str())?)?;
        return Some(absolute(format!("---{d:02}"), None));
    }
    let relative = |value: &str, unit: Option<&'static str>, offset: Option<i32>, part| TimeExpr {
        span,
        value: value.to_string(),
        relative: true,
        part,
        unit,
        offset,
    };
    if let Some(y) = caps.name("ry") {
        let offset = match y.as_str() {
            "今年" => 0,
            "去年" | "上年" => -1,
            "前年" => -2,
            "明年" => 1,
            _ => 2, // 后年
        };
        let part = caps.name("rp").and_then(|p| part_of(p.as_str()));
        return Some(relative(
            &offset_value("Y", offset),
            Some("year"),
            Some(offset),
            part,
        ));
    }
    if let Some(d) = caps.name("rd") {
        let offset = match d.as_str() {
            "今天" | "今日" | "当天" | "今晨" | "今晚" => 0,
            "昨天" | "昨日" | "昨晚" | "昨夜" => -1,
            "前天" => -2,
            "明天" | "明日" | "次日" => 1,
            _ => 2, // 后天
        };
        return Some(relative(
            &offset_value("D", offset),
            Some("day"),
            Some(offset),
            None,
        ));
    }
    if let Some(m) = caps.name("rm") {
        let offset = match m.as_str() {
            "上个月" | "上月" => -1,
            "下个月" | "下月" | "次月" => 1,
            _ => 0,
        };
        return Some(relative(
            &offset_value("M", offset),
            Some("month"),
            Some(offset),
            None,
        ));
    }
    if let Some(w) = caps.name("rw") {
        let offset = match w.as_str() {
            "上周" | "上星期" => -1,
            "下周" | "下星期" => 1,
            _ => 0,
        };
        return Some(relative(
            &offset_value("W", offset),
            Some("week"),
            Some(offset),
            None,
        ));
    }
    if let Some(v) = caps.name("rv") {
        return Some(match v.as_str() {
            "近年来" | "近年" => relative("recent", Some("year"), None, None),
            "近日" | "日前" | "近期" => relative("recent", Some("day"), None, None),
            "目前" => relative("now", None, None, None),
            "此前" => relative("before", None, None, None),
            "年初" => relative("Y", Some("year"), Some(0), Some("start")),
            _ => relative("Y", Some("year"), Some(0), Some("end")),
        });
    }
    None
}

fn offset_value(unit: &str, offset: i32) -> String {
    match offset {
        0 => unit.to_string(),
        o => format!("{unit}{o:+}"),
    }
}

fn part_of(p: &str) -> Option<&'static str> {
    Some(match p {
        "上半年" => "H1",
        "下半年" => "H2",
        "年初" | "初" => "start",
        "年底" | "年末" | "底" => "end",
        "中" => "mid",
        _ => match p.trim_start_matches('第').chars().next()? {
            '一' | '1' => "Q1",
            '二' | '2' => "Q2",
            '三' | '3' => "Q3",
            _ => "Q4",
        },
    })
}

fn valid_month(m: u32) -> Option<u32> {
    (1..=12).contains(&m).then_some(m)
}

fn valid_day(d: u32) -> Option<u32> {
    (1..=31).contains(&d).then_some(d)
}

/// A number in Arabic (ASCII or full-width) or Chinese digits.
fn number(s: &str) -> Option<u32> {
    if s.chars().all(|c| digit_value(c).is_some()) {
        return s
            .chars()
            .try_fold(0u32, |n, c| n.checked_mul(10)?.checked_add(digit_value(c)?));
    }
    if s.chars().all(|c| cn_digit(c).is_some()) && s.chars().count() > 1 {
        return s
            .chars()
            .try_fold(0u32, |n, c| n.checked_mul(10)?.checked_add(cn_digit(c)?));
    }
    let read = read_chinese(s, 0)?;
    if read.end != s.len() {
        return None;
    }
    u32::try_from(read.value.as_integer()?).ok()
}

pub fn annotate(ctx: &Context) -> Vec<Annotation> {
    ctx.dates()
        .iter()
        .filter(|t| ctx.tokens.is_empty() || starts_word(ctx.tokens, t.span.start))
        .cloned()
        .map(|t| {
            let mut a = Annotation::new(Layer::Time, "DATE", t.span)
                .with("value", t.value)
                .with("relative", t.relative);
            if let Some(p) = t.part {
                a = a.with("part", p);
            }
            if let Some(u) = t.unit {
                a = a.with("unit", u);
            }
            if let Some(o) = t.offset {
                a = a.with("offset", o);
            }
            a
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(String, String, bool)> {
        find(text, &[])
            .into_iter()
            .map(|t| (t.span.text(text).to_string(), t.value, t.relative))
            .collect()
    }

    fn f(s: &str, v: &str, rel: bool) -> (String, String, bool) {
        (s.to_string(), v.to_string(), rel)
    }

    #[test]
    fn absolute_dates() {
        assert_eq!(found("成立于2006年，"), vec![f("2006年", "2006", false)]);
        assert_eq!(
            found("定于2017年10月1日开幕"),
            vec![f("2017年10月1日", "2017-10-01", false)]
        );
        assert_eq!(found("在２０２３年"), vec![f("２０２３年", "2023", false)]);
        assert_eq!(
            found("二〇一七年十月一日"),
            vec![f("二〇一七年十月一日", "2017-10-01", false)]
        );
        assert_eq!(found("截至3月15日"), vec![f("3月15日", "--03-15", false)]);
        assert_eq!(
            found("于2019-3-8发布"),
            vec![f("2019-3-8", "2019-03-08", false)]
        );
        let half = find("2018年上半年", &[]);
        assert_eq!(half[0].part, Some("H1"));
    }

    #[test]
    fn not_dates() {
        // Durations and counts are not dates.
        assert!(found("用了3个月").is_empty());
        assert!(found("15天跑了11个城市").is_empty());
        assert!(found("13月").is_empty());
        assert!(found("2345导航网").is_empty());
    }

    #[test]
    fn relative_dates() {
        assert_eq!(found("去年，沪上"), vec![f("去年", "Y-1", true)]);
        assert_eq!(found("在昨天召开的"), vec![f("昨天", "D-1", true)]);
        let h = find("去年下半年以来", &[]);
        assert_eq!(h.len(), 1);
        assert_eq!(h[0].span.text("去年下半年以来"), "去年下半年");
        assert_eq!(h[0].part, Some("H2"));
        assert_eq!(found("上月底"), vec![f("上月", "M-1", true)]);
        assert_eq!(found("近年来，"), vec![f("近年来", "recent", true)]);
        assert_eq!(found("今年一季度"), vec![f("今年一季度", "Y", true)]);
    }
}
