//! The quantities layer: numbers with units and measure words, percentages,
//! money, fractions, ranges and approximations.
//!
//! Labels: `MONEY`, `PERCENT`, `QUANTITY`. attrs: `value` (number, exact
//! when an integer: 6904.35亿元 → 690435000000), `unit` (`CNY`, `USD`, `%`,
//! `家`, `km` … or absent), `kind` (`money` `percent` `points` `fraction`
//! `count` `measure` `duration` `age` `multiple` `number`), `approx` (`≈`
//! `>` `<`, when a word makes the figure approximate) with `approx_word`,
//! and for ranges `min`/`max` (`value` is then the minimum).
//!
//! Not quantities: dates (2017年, found by the time layer's rules), ordinals
//! (第三), numbers inside names or codes (2345导航网, PM2.5, Win10), and a lone
//! 一 (一家美资企业, 统一).

pub mod numerals;
mod units;

use super::Context;
use crate::model::{Annotation, Layer, Span, Token};
use numerals::{Decimal, Read, digit_value, is_cn_numeral, json_f64, read_number};
use serde_json::Value;
use units::{Kind, match_unit};

/// A quantity found in the text.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    pub span: Span,
    pub label: &'static str,
    pub kind: &'static str,
    pub value: Value,
    pub unit: Option<&'static str>,
    pub approx: Option<(&'static str, &'static str)>,
    pub range: Option<(Value, Value)>,
}

pub fn annotate(ctx: &Context) -> Vec<Annotation> {
    // Each quantity made an annotation as it is found: a list of the
    // quantities first (grown by doubling, and each several times an
    // annotation's size) held 12.6 MB on 7.8 MB beside the other layers.
    // Their attrs shared as they are made (3,268 distinct among 26,837 on
    // 5 MB), not each held on its own until the layer is done.
    let mut out = Vec::new();
    let mut shared = super::SharedAttrs::default();
    each_with_dates(&ctx.doc.text, ctx.tokens, ctx.dates(), |q| {
        let mut a = Annotation::new(Layer::Quantities, q.label, q.span)
            .with("value", q.value)
            .with("kind", q.kind);
        if let Some(u) = q.unit {
            a = a.with("unit", u);
        }
        if let Some((sym, word)) = q.approx {
            a = a.with("approx", sym).with("approx_word", word);
        }
        if let Some((lo, hi)) = q.range {
            a = a.with("min", lo).with("max", hi);
        }
        shared.share(&mut a.attrs);
        out.push(a);
    });
    out
}

/// Finds the quantities in `text`. `tokens` (may be empty) guard Chinese
/// numerals: one must start a word tagged as a numeral (so 七台河 is a place).
pub fn find(text: &str, tokens: &[Token]) -> Vec<Quantity> {
    find_with_dates(text, tokens, &super::time::find_all(text))
}

/// [`find`] given the text's dates ([`super::time::find_all`]).
fn find_with_dates(text: &str, tokens: &[Token], dates: &[super::time::TimeExpr]) -> Vec<Quantity> {
    let mut out = Vec::new();
    each_with_dates(text, tokens, dates, |q| out.push(q));
    out
}

/// [`find_with_dates`], each quantity given to `found` in text order.
fn each_with_dates(
    text: &str,
    tokens: &[Token],
    dates: &[super::time::TimeExpr],
    mut found: impl FnMut(Quantity),
) {
    let mut date_i = 0;
    let mut pos = 0;
    let bytes = text.as_bytes();
    while let Some(&lead) = bytes.get(pos) {
        // Most characters cannot start a number: passed over on their bytes.
        if let Some(len) = cannot_start_number(bytes, pos, lead) {
            pos += len;
            continue;
        }
        let Some(c) = text.get(pos..).and_then(|rest| rest.chars().next()) else {
            break;
        };
        let is_start = digit_value(c).is_some() || is_cn_numeral(c);
        if !is_start {
            pos += c.len_utf8();
            continue;
        }
        while dates.get(date_i).is_some_and(|d| d.span.end <= pos) {
            date_i += 1;
        }
        if let Some(d) = dates
            .get(date_i)
            .filter(|d| d.span.start <= pos && !d.relative)
        {
            pos = d.span.end;
            continue;
        }
        match quantity_at(text, pos, tokens) {
            Some(q) => {
                pos = q.span.end.max(pos + c.len_utf8());
                found(q);
            }
            None => {
                // Skip the whole number so its tail is not read on its own.
                let end = read_number(text, pos).map_or(pos + c.len_utf8(), |r| r.end);
                pos = end.max(pos + c.len_utf8());
            }
        }
    }
}

/// The low six bits of every Chinese numeral ([`is_cn_numeral`]).
const CN_NUMERAL_LOW_BITS: u64 = {
    let numerals = [
        '零', '〇', '一', '二', '两', '三', '四', '五', '六', '七', '八', '九', '十', '百', '千',
        '万', '亿',
    ];
    let mut bits = 0u64;
    let mut i = 0;
    while i < numerals.len() {
        bits |= 1 << (numerals[i] as u32 & 63);
        i += 1;
    }
    bits
};

/// When the character at byte `pos` (whose first byte is `lead`) surely
/// cannot start a number (a digit, ASCII or full-width, or a Chinese
/// numeral): its length in bytes. A quick test on the bytes; `None` means
/// the character must be looked at.
fn cannot_start_number(bytes: &[u8], pos: usize, lead: u8) -> Option<usize> {
    match lead {
        0x00..=0x7F => (!lead.is_ascii_digit()).then_some(1),
        // No two- or four-byte character is a digit or a numeral.
        0xC0..=0xDF => Some(2),
        0xF0..=0xF7 => Some(4),
        // Full-width digits: EF BC 90–99.
        0xEF => (bytes.get(pos + 1) != Some(&0xBC)).then_some(3),
        // Other three-byte characters: the last byte holds the low six bits.
        0xE0..=0xEE => {
            let last = *bytes.get(pos + 2)?;
            (CN_NUMERAL_LOW_BITS >> (last & 63) & 1 == 0).then_some(3)
        }
        _ => None,
    }
}

fn prev_char(text: &str, pos: usize) -> Option<char> {
    text[..pos].chars().next_back()
}

/// The quantity starting with the number at `start`, if it is one.
fn quantity_at(text: &str, start: usize, tokens: &[Token]) -> Option<Quantity> {
    let first = read_number(text, start).or_else(|| implied_denominator(text, start))?;
    let prev = prev_char(text, start);
    // Inside a code or a name: PM2.5, Win10, 3.5 after a dot, 第三.
    if prev.is_some_and(|p| p.is_ascii_alphanumeric() || p == '.' || p == '第' || p == '_') {
        return None;
    }
    if first.chinese && !chinese_numeral_ok(text, start, first, tokens) {
        return None;
    }
    // Weekdays: 周一, 星期三, 礼拜五.
    if first.chinese
        && ["周", "星期", "礼拜"]
            .iter()
            .any(|w| text[..start].ends_with(w))
    {
        return None;
    }
    let mut span_start = start;
    let mut approx = None;
    let mut currency = None;
    if let Some(p) = prev.and_then(units::currency_symbol) {
        currency = Some(p);
        span_start -= prev.map_or(0, char::len_utf8);
    }
    if let Some(&(word, sym)) = units::APPROX_BEFORE
        .iter()
        .find(|(w, _)| text[..span_start].ends_with(w))
    {
        approx = Some((sym, word));
        span_start -= word.len();
    }

    // Fractions: 五分之一, 3分之1, 百分之十四.
    if let Some(q) = fraction(text, span_start, first, approx) {
        return Some(q);
    }

    let mut end = first.end;
    // 2万多名, 100余家, 十来个
    for &(word, sym) in units::APPROX_INNER {
        if text[end..].starts_with(word)
            && (word != "来" || first.chinese)
            && (match_unit(&text[end + word.len()..]).is_some() || word != "来")
        {
            approx = approx.or(Some((sym, word)));
            end += word.len();
            break;
        }
    }
    let mut unit = match_unit(&text[end..]).filter(|u| unit_fits(text, end, u));
    if first.chinese && unit.is_some_and(|u| u.text == "%" || u.text == "％") {
        unit = None;
    }
    if let Some(u) = unit {
        end += u.text.len();
    }

    // A range: 10至20万元, 3到5年, 10-20%.
    let mut range = None;
    for sep in units::RANGE_SEPARATORS {
        if !text[end..].starts_with(sep) {
            continue;
        }
        let second_start = end + sep.len();
        let Some(second) = read_number(text, second_start) else {
            break;
        };
        if second.chinese != first.chinese {
            break;
        }
        let after = second.end;
        let unit2 = match_unit(&text[after..]).filter(|u| unit_fits(text, after, u));
        match (unit, unit2) {
            (Some(u1), Some(u2)) if u1.norm != u2.norm => break,
            (_, None) if unit.is_none() => break,
            _ => {}
        }
        let mut lo = first.value;
        // 10至20万元: the multiplier of the second applies to the first.
        if !first.multiplied && second.multiplied && unit.is_none() {
            let shift = second.value.exp - first.value.exp;
            if shift > 0 && second.value.mantissa < 100_000 {
                lo = first
                    .value
                    .shift(infer_multiplier(text, second_start, second.end));
            }
        }
        let u = unit.or(unit2);
        end = after + unit2.map_or(0, |u| u.text.len());
        range = Some((lo, second.value, u));
        unit = u;
        break;
    }

    // 65%以上, 3年多, 50岁左右
    if unit.is_some() || first.multiplied {
        for &(word, sym) in units::APPROX_AFTER {
            if text[end..].starts_with(word) && approx.is_none() {
                // 多 after a unit only when nothing word-like follows (3年多, not 3年多个).
                if (word == "多" || word == "余")
                    && text[end + word.len()..].chars().next().is_some_and(is_han)
                {
                    continue;
                }
                approx = Some((sym, word));
                end += word.len();
                break;
            }
        }
    }

    let kind = match (unit, currency) {
        (_, Some(_)) => Kind::Money,
        (Some(u), None) => u.kind,
        (None, None) => {
            // A bare number counts only with a multiplier or an approximation
            // word, and never when glued to a following word (2345导航网).
            let next = text[end..].chars().next();
            let glued = next.is_some_and(|c| is_han(c) || c.is_ascii_alphanumeric());
            let bare_ok = first.multiplied || (approx.is_some() && !glued);
            if !bare_ok {
                return None;
            }
            return Some(Quantity {
                span: Span::new(span_start, end),
                label: "QUANTITY",
                kind: "number",
                value: first.value.to_json(),
                unit: None,
                approx,
                range: None,
            });
        }
    };
    // Glued to Latin letters: 5G, 3D, 2345abc (the unit table has km, GB …).
    if unit.is_none_or(|u| !u.text.is_ascii())
        && text[end..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic())
        && currency.is_none()
    {
        return None;
    }
    let norm_unit = currency.or(unit.map(|u| u.norm));
    let (label, kind_name) = match kind {
        Kind::Money => ("MONEY", "money"),
        Kind::Percent => ("PERCENT", "percent"),
        k => ("QUANTITY", k.name()),
    };
    let as_value = |d: Decimal| -> Value {
        if kind == Kind::Percent {
            let denom = if unit.is_some_and(|u| u.text == "‰") {
                1000
            } else {
                100
            };
            d.ratio(Decimal::int(denom)).map_or(Value::Null, json_f64)
        } else {
            d.to_json()
        }
    };
    let (value, range) = match range {
        Some((lo, hi, _)) => (as_value(lo), Some((as_value(lo), as_value(hi)))),
        None => (as_value(first.value), None),
    };
    Some(Quantity {
        span: Span::new(span_start, end),
        label,
        kind: kind_name,
        value,
        unit: if kind == Kind::Percent {
            None
        } else {
            norm_unit
        },
        approx,
        range,
    })
}

/// The power of ten the multipliers in `text[start..end]` (after the digits)
/// stand for.
fn infer_multiplier(text: &str, start: usize, end: usize) -> i32 {
    text[start..end]
        .chars()
        .filter_map(numerals::cn_unit)
        .filter(|&k| k >= 2)
        .sum()
}

/// Whether a unit found after a number really is one there.
fn unit_fits(text: &str, at: usize, u: &units::Unit) -> bool {
    let after = &text[at + u.text.len()..];
    match u.text {
        // 3年 is a duration but 3年级 is a grade; 2年前 is still a duration.
        "年" => !after.starts_with('级') && !after.starts_with('代'),
        // 5G and 3D are names; ASCII units need a non-letter after them.
        t if t.is_ascii() && t.chars().all(|c| c.is_ascii_alphabetic()) => !after
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric()),
        // 3点 / 十分: excluded by not being in the table; 对 only as a count
        // of pairs, not 1对1.
        "对" => after
            .chars()
            .next()
            .is_none_or(|c| digit_value(c).is_none()),
        _ => true,
    }
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{20000}'..='\u{3ffff}')
}

/// Chinese numerals are words too (统一, 万一, 七台河): accept one only when
/// it starts a numeral-tagged token and is more than a lone 一.
fn chinese_numeral_ok(text: &str, start: usize, read: Read, tokens: &[Token]) -> bool {
    let run = &text[start..read.end];
    if run == "一" {
        return false;
    }
    if tokens.is_empty() {
        return true;
    }
    let i = tokens.partition_point(|t| t.span().start < start);
    match tokens.get(i) {
        Some(t) if t.span().start == start => {
            let word = t.span().text(text);
            t.pos().starts_with('m')
                || word
                    .chars()
                    .all(|c| is_cn_numeral(c) || c == '分' || c == '之')
                || t.span().end <= read.end
        }
        _ => false,
    }
}

/// 五分之一 → 0.2 (fraction), 百分之十四点一 → 0.141 (percent).
fn fraction(
    text: &str,
    span_start: usize,
    first: Read,
    approx: Option<(&'static str, &'static str)>,
) -> Option<Quantity> {
    let mid = first.end;
    if !text[mid..].starts_with("分之") {
        return None;
    }
    let num_start = mid + "分之".len();
    let num = read_number(text, num_start)?;
    let ratio = num.value.ratio(first.value)?;
    let percent = first.value.as_integer() == Some(100);
    Some(Quantity {
        span: Span::new(span_start, num.end),
        label: if percent { "PERCENT" } else { "QUANTITY" },
        kind: if percent { "percent" } else { "fraction" },
        value: json_f64(ratio),
        unit: None,
        approx,
        range: None,
    })
}

/// 百分之… and 千分之…: the denominator written without a digit.
fn implied_denominator(text: &str, start: usize) -> Option<Read> {
    let rest = &text[start..];
    let (value, len) = if rest.starts_with("百分之") {
        (100, "百".len())
    } else if rest.starts_with("千分之") {
        (1000, "千".len())
    } else if rest.starts_with("万分之") {
        (10_000, "万".len())
    } else {
        return None;
    };
    Some(Read {
        value: Decimal::int(value),
        end: start + len,
        multiplied: false,
        chinese: true,
    })
}

#[cfg(test)]
mod tests;
