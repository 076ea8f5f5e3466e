//! Reading numbers: Arabic (ASCII or full-width, with thousands separators and
//! decimals), Chinese numerals (三万四, 两千, 一百二十, 二〇一七) and the
//! multipliers that follow Arabic digits (6904.35亿, 68万).
//!
//! A number is kept exact as `mantissa × 10^exp` so that 6904.35亿 is
//! 690435000000, not 690434999999.99994.

use serde_json::Value;

/// An exact decimal: `mantissa × 10^exp`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decimal {
    pub mantissa: u128,
    pub exp: i32,
}

impl Decimal {
    pub const fn int(n: u128) -> Self {
        Decimal {
            mantissa: n,
            exp: 0,
        }
    }

    /// Multiplies by `10^k` (exact).
    pub fn shift(self, k: i32) -> Self {
        Decimal {
            mantissa: self.mantissa,
            exp: self.exp + k,
        }
    }

    /// Multiplies by a small integer, if it does not overflow.
    pub fn times(self, n: u128) -> Option<Self> {
        Some(Decimal {
            mantissa: self.mantissa.checked_mul(n)?,
            exp: self.exp,
        })
    }

    /// The value as an integer, when it is one and fits.
    pub fn as_integer(self) -> Option<i64> {
        let mut m = self.mantissa;
        let mut e = self.exp;
        while e < 0 {
            if !m.is_multiple_of(10) {
                return None;
            }
            m /= 10;
            e += 1;
        }
        while e > 0 {
            m = m.checked_mul(10)?;
            e -= 1;
        }
        i64::try_from(m).ok()
    }

    /// The nearest f64 (correctly rounded for the usual sizes).
    pub fn to_f64(self) -> f64 {
        let m = self.mantissa as f64;
        if self.exp >= 0 {
            m * 10f64.powi(self.exp)
        } else {
            m / 10f64.powi(-self.exp)
        }
    }

    /// Divides (for fractions and percentages); inexact in general.
    pub fn ratio(self, denominator: Decimal) -> Option<f64> {
        let d = denominator.to_f64();
        if d == 0.0 {
            return None;
        }
        // Bring both to the same exponent so that 14.1 / 100 is 141 / 1000,
        // one correctly rounded division.
        let e = self.exp.min(denominator.exp);
        let a = self
            .mantissa
            .checked_mul(10u128.checked_pow((self.exp - e) as u32)?)?;
        let b = denominator
            .mantissa
            .checked_mul(10u128.checked_pow((denominator.exp - e) as u32)?)?;
        if b == 0 {
            return None;
        }
        Some(a as f64 / b as f64)
    }

    /// A JSON number: an integer when exact, else a float.
    pub fn to_json(self) -> Value {
        match self.as_integer() {
            Some(i) => Value::from(i),
            None => json_f64(self.to_f64()),
        }
    }
}

/// A finite f64 as JSON (integers without a fraction part).
pub fn json_f64(x: f64) -> Value {
    if x.fract() == 0.0 && x.abs() < 9.0e15 {
        Value::from(x as i64)
    } else {
        serde_json::Number::from_f64(x).map_or(Value::Null, Value::Number)
    }
}

/// The value of an ASCII or full-width digit.
pub fn digit_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

/// The value of a Chinese digit character.
pub fn cn_digit(c: char) -> Option<u32> {
    Some(match c {
        '零' | '〇' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// The power of ten of a Chinese unit character (十 百 千 万 亿).
pub fn cn_unit(c: char) -> Option<i32> {
    Some(match c {
        '十' => 1,
        '百' => 2,
        '千' => 3,
        '万' => 4,
        '亿' => 8,
        _ => return None,
    })
}

pub fn is_cn_numeral(c: char) -> bool {
    cn_digit(c).is_some() || cn_unit(c).is_some()
}

/// A number read from the text: its value and where it ends (byte offset).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Read {
    pub value: Decimal,
    pub end: usize,
    /// Whether a multiplier (万, 亿, …) was part of it.
    pub multiplied: bool,
    /// Written in Chinese numerals.
    pub chinese: bool,
}

/// Reads an Arabic number at `start` (ASCII or full-width digits, `,`
/// thousands separators, `.`/`．` decimals), then any multipliers
/// (百 千 万 亿, e.g. 6904.35亿, 2万, 1.5万亿).
pub fn read_arabic(text: &str, start: usize) -> Option<Read> {
    let rest = text.get(start..)?;
    let mut mantissa: u128 = 0;
    let mut exp: i32 = 0;
    let mut digits = 0usize;
    let mut in_fraction = false;
    let mut end = start;
    for (i, c) in rest.char_indices() {
        if let Some(d) = digit_value(c) {
            mantissa = mantissa.checked_mul(10)?.checked_add(d as u128)?;
            if in_fraction {
                exp -= 1;
            }
            digits += 1;
            end = start + i + c.len_utf8();
            continue;
        }
        let after = &rest[i + c.len_utf8()..];
        if (c == '.' || c == '．') && !in_fraction && digits > 0 && starts_with_digit(after) {
            in_fraction = true;
            continue;
        }
        // 1,000 and 12,345,678: a comma followed by exactly three digits.
        if c == ',' && !in_fraction && digits > 0 && is_thousands_group(after) {
            continue;
        }
        break;
    }
    if digits == 0 {
        return None;
    }
    let mut value = Decimal { mantissa, exp };
    let (value2, end2, multiplied) = read_multipliers(text, end, value);
    value = value2;
    Some(Read {
        value,
        end: end2,
        multiplied,
        chinese: false,
    })
}

fn starts_with_digit(s: &str) -> bool {
    s.chars().next().and_then(digit_value).is_some()
}

fn is_thousands_group(s: &str) -> bool {
    let mut it = s.chars();
    for _ in 0..3 {
        match it.next() {
            Some(c) if c.is_ascii_digit() => {}
            _ => return false,
        }
    }
    !matches!(it.next(), Some(c) if c.is_ascii_digit())
}

/// Multipliers after Arabic digits: 百 千 万 亿 in sequence (千万, 万亿).
fn read_multipliers(text: &str, mut end: usize, mut value: Decimal) -> (Decimal, usize, bool) {
    let mut multiplied = false;
    while let Some(c) = text.get(end..).and_then(|s| s.chars().next()) {
        match cn_unit(c) {
            Some(k) if k >= 2 => {
                value = value.shift(k);
                multiplied = true;
                end += c.len_utf8();
            }
            _ => break,
        }
    }
    (value, end, multiplied)
}

/// Reads a run of Chinese numerals at `start`: 三万四 → 34000, 两千 → 2000,
/// 一百二 → 120, 十五 → 15, 二〇一七 → 2017, 三点五 → 3.5. The run must begin
/// with a digit or 十 (so 万一 and 千万 are not numbers).
pub fn read_chinese(text: &str, start: usize) -> Option<Read> {
    let rest = text.get(start..)?;
    let first = rest.chars().next()?;
    if cn_digit(first).is_none() && first != '十' {
        return None;
    }
    let mut run: Vec<char> = Vec::new();
    let mut end = start;
    let mut decimals: Vec<u32> = Vec::new();
    for (i, c) in rest.char_indices() {
        if is_cn_numeral(c) {
            run.push(c);
            end = start + i + c.len_utf8();
            continue;
        }
        // 三点五: a decimal point between digits.
        if c == '点' && !run.is_empty() {
            let frac: Vec<(usize, char)> = rest[i + c.len_utf8()..]
                .char_indices()
                .take_while(|&(_, d)| cn_digit(d).is_some() && d != '两')
                .collect();
            if let Some(&(j, last)) = frac.last() {
                decimals = frac.iter().filter_map(|&(_, d)| cn_digit(d)).collect();
                end = start + i + c.len_utf8() + j + last.len_utf8();
                // A multiplier may follow the decimals (三点五亿).
                let after = &text[end..];
                if let Some(m) = after.chars().next().filter(|&m| m == '万' || m == '亿') {
                    run.push(m);
                    end += m.len_utf8();
                }
            }
            break;
        }
        break;
    }
    let multiplied = run.iter().any(|&c| c == '万' || c == '亿');
    let value = chinese_value(&run, &decimals)?;
    Some(Read {
        value,
        end,
        multiplied,
        chinese: true,
    })
}

/// The value of a run of Chinese numerals (and decimals read after 点, which
/// apply before a trailing 万/亿).
fn chinese_value(run: &[char], decimals: &[u32]) -> Option<Decimal> {
    if run.is_empty() {
        return None;
    }
    // Digits only: positional (二〇一七 → 2017), unless decimals follow.
    if run.iter().all(|&c| cn_digit(c).is_some()) && run.len() > 1 {
        let mut m: u128 = 0;
        for &c in run {
            m = m * 10 + cn_digit(c)? as u128;
        }
        return Some(Decimal::int(m));
    }
    // A trailing multiplier after decimals: 三点五亿 = 3.5 × 10^8.
    let (body, trailing) = match (run.last(), decimals.is_empty()) {
        (Some(&m @ ('万' | '亿')), false) => (&run[..run.len() - 1], cn_unit(m)),
        _ => (run, None),
    };
    let int = grouped_value(body)?;
    let mut value = Decimal::int(int);
    if !decimals.is_empty() {
        let mut m = int;
        for &d in decimals {
            m = m.checked_mul(10)?.checked_add(d as u128)?;
        }
        value = Decimal {
            mantissa: m,
            exp: -(decimals.len() as i32),
        };
    }
    if let Some(k) = trailing {
        value = value.shift(k);
    }
    Some(value)
}

/// 三亿五千万 → 350000000; 三万四 → 34000 (a bare digit after a unit is
/// worth one unit lower); 一百零五 → 105.
fn grouped_value(run: &[char]) -> Option<u128> {
    // Split on 亿 then 万.
    if let Some(p) = run.iter().rposition(|&c| c == '亿') {
        let high = if p == 0 { 1 } else { grouped_value(&run[..p])? };
        let low = tail_value(&run[p + 1..], 8)?;
        return high.checked_mul(100_000_000)?.checked_add(low);
    }
    if let Some(p) = run.iter().rposition(|&c| c == '万') {
        let high = if p == 0 { 1 } else { small_value(&run[..p])? };
        let low = tail_value(&run[p + 1..], 4)?;
        return high.checked_mul(10_000)?.checked_add(low);
    }
    small_value(run)
}

/// The part after 万 or 亿: a lone digit is worth one unit lower (三万四 →
/// 4000), otherwise read as usual.
fn tail_value(tail: &[char], big: u32) -> Option<u128> {
    if tail.is_empty() {
        return Some(0);
    }
    if tail.len() == 1
        && let Some(d) = cn_digit(tail[0])
        && d != 0
    {
        return Some(d as u128 * 10u128.pow(big - 1));
    }
    if big == 8 {
        grouped_value(tail)
    } else {
        small_value(tail)
    }
}

/// Values below 10000: 千 百 十 and digits; 一百二 → 120; 十五 → 15.
fn small_value(run: &[char]) -> Option<u128> {
    let mut total: u128 = 0;
    let mut digit: Option<u32> = None;
    let mut last_unit = 0i32;
    for &c in run {
        if let Some(d) = cn_digit(c) {
            digit = Some(d);
        } else if let Some(k) = cn_unit(c) {
            if k > 3 {
                return None;
            }
            let d = match digit {
                Some(d) => d,
                None if k == 1 => 1,
                None => return None,
            };
            total += d as u128 * 10u128.pow(k as u32);
            digit = None;
            last_unit = k;
        }
    }
    if let Some(d) = digit {
        // 一百二 → 120, 两千五 → 2500; but 一百零二 → 102.
        let zero_before = run.len() >= 2 && matches!(run[run.len() - 2], '零' | '〇');
        if last_unit >= 2 && !zero_before && run.len() >= 2 && cn_unit(run[run.len() - 2]).is_some()
        {
            total += d as u128 * 10u128.pow(last_unit as u32 - 1);
        } else {
            total += d as u128;
        }
    }
    Some(total)
}

/// Reads any number at `start`: Arabic first, then Chinese.
pub fn read_number(text: &str, start: usize) -> Option<Read> {
    let c = text.get(start..)?.chars().next()?;
    if digit_value(c).is_some() {
        read_arabic(text, start)
    } else {
        read_chinese(text, start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn val(s: &str) -> Option<Value> {
        read_number(s, 0).map(|r| r.value.to_json())
    }

    #[test]
    fn arabic_with_multipliers_is_exact() {
        assert_eq!(val("6904.35亿元"), Some(Value::from(690_435_000_000i64)));
        assert_eq!(val("68万"), Some(Value::from(680_000)));
        assert_eq!(val("1.5万亿"), Some(Value::from(1_500_000_000_000i64)));
        assert_eq!(val("１２３４５"), Some(Value::from(12345)));
        assert_eq!(val("12,345,678人"), Some(Value::from(12_345_678)));
        assert_eq!(val("3．5"), Some(serde_json::json!(3.5)));
        // A comma not followed by three digits is punctuation.
        assert_eq!(read_arabic("18,企业", 0).map(|r| r.end), Some(2));
    }

    #[test]
    fn chinese_numerals() {
        let cases = [
            ("三万四", 34_000),
            ("两千", 2_000),
            ("一百二", 120),
            ("一百零二", 102),
            ("十五", 15),
            ("二十", 20),
            ("二〇一七", 2017),
            ("三亿五千万", 350_000_000),
            ("五千零六十", 5060),
            ("十", 10),
            ("两千五", 2500),
        ];
        for (s, n) in cases {
            assert_eq!(val(s), Some(Value::from(n)), "{s}");
        }
        assert_eq!(val("三点五亿"), Some(Value::from(350_000_000)));
        assert_eq!(val("万一"), None);
        assert_eq!(val("千万"), None);
    }

    #[test]
    fn ratio_is_correctly_rounded() {
        let p = Decimal {
            mantissa: 141,
            exp: -1,
        };
        assert_eq!(p.ratio(Decimal::int(100)), Some(0.141));
    }
}
