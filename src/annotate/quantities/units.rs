//! What may follow a number: currencies, measure words, units; and the words
//! that make a figure approximate.

/// What a unit makes of a quantity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Money,
    Percent,
    /// Percentage points (个百分点).
    Points,
    Count,
    Measure,
    Duration,
    Age,
    Multiple,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Money => "money",
            Kind::Percent => "percent",
            Kind::Points => "points",
            Kind::Count => "count",
            Kind::Measure => "measure",
            Kind::Duration => "duration",
            Kind::Age => "age",
            Kind::Multiple => "multiple",
        }
    }
}

/// A unit as written, its kind, and its normalised name (currency code,
/// SI-ish symbol, or the measure word itself).
pub struct Unit {
    pub text: &'static str,
    pub kind: Kind,
    pub norm: &'static str,
}

const fn u(text: &'static str, kind: Kind, norm: &'static str) -> Unit {
    Unit { text, kind, norm }
}

use Kind::*;

/// Longest first within each leading character is not needed: [`match_unit`]
/// takes the longest match over the whole table.
pub const UNITS: &[Unit] = &[
    // money
    u("元人民币", Money, "CNY"),
    u("人民币", Money, "CNY"),
    u("元", Money, "CNY"),
    u("美元", Money, "USD"),
    u("欧元", Money, "EUR"),
    u("日元", Money, "JPY"),
    u("英镑", Money, "GBP"),
    u("港元", Money, "HKD"),
    u("港币", Money, "HKD"),
    u("韩元", Money, "KRW"),
    u("卢布", Money, "RUB"),
    u("新台币", Money, "TWD"),
    u("澳元", Money, "AUD"),
    u("加元", Money, "CAD"),
    u("瑞郎", Money, "CHF"),
    // percent and friends
    u("%", Percent, "%"),
    u("％", Percent, "%"),
    u("‰", Percent, "‰"),
    u("个百分点", Points, "pp"),
    u("百分点", Points, "pp"),
    u("倍", Multiple, "×"),
    // durations
    u("个月", Duration, "月"),
    u("个多月", Duration, "月"),
    u("年", Duration, "年"),
    u("周年", Duration, "年"),
    u("天", Duration, "天"),
    u("周", Duration, "周"),
    u("星期", Duration, "周"),
    u("个星期", Duration, "周"),
    u("小时", Duration, "小时"),
    u("个小时", Duration, "小时"),
    u("分钟", Duration, "分钟"),
    u("秒", Duration, "秒"),
    u("秒钟", Duration, "秒"),
    u("季度", Duration, "季度"),
    u("个季度", Duration, "季度"),
    u("岁", Age, "岁"),
    u("周岁", Age, "岁"),
    // measures
    u("公里", Measure, "km"),
    u("千米", Measure, "km"),
    u("米", Measure, "m"),
    u("厘米", Measure, "cm"),
    u("毫米", Measure, "mm"),
    u("平方米", Measure, "m²"),
    u("平米", Measure, "m²"),
    u("平方公里", Measure, "km²"),
    u("平方千米", Measure, "km²"),
    u("亩", Measure, "亩"),
    u("公顷", Measure, "ha"),
    u("吨", Measure, "t"),
    u("千克", Measure, "kg"),
    u("公斤", Measure, "kg"),
    u("克", Measure, "g"),
    u("斤", Measure, "斤"),
    u("升", Measure, "L"),
    u("毫升", Measure, "mL"),
    u("立方米", Measure, "m³"),
    u("千瓦时", Measure, "kWh"),
    u("千瓦", Measure, "kW"),
    u("兆瓦", Measure, "MW"),
    u("瓦", Measure, "W"),
    u("摄氏度", Measure, "°C"),
    u("℃", Measure, "°C"),
    u("度", Measure, "度"),
    u("km", Measure, "km"),
    u("kg", Measure, "kg"),
    u("cm", Measure, "cm"),
    u("mm", Measure, "mm"),
    u("GB", Measure, "GB"),
    u("MB", Measure, "MB"),
    u("TB", Measure, "TB"),
    u("㎡", Measure, "m²"),
    // measure words (counts)
    u("人次", Count, "人次"),
    u("个", Count, "个"),
    u("家", Count, "家"),
    u("名", Count, "名"),
    u("人", Count, "人"),
    u("位", Count, "位"),
    u("次", Count, "次"),
    u("件", Count, "件"),
    u("项", Count, "项"),
    u("条", Count, "条"),
    u("种", Count, "种"),
    u("类", Count, "类"),
    u("台", Count, "台"),
    u("辆", Count, "辆"),
    u("部", Count, "部"),
    u("本", Count, "本"),
    u("所", Count, "所"),
    u("座", Count, "座"),
    u("栋", Count, "栋"),
    u("幢", Count, "幢"),
    u("套", Count, "套"),
    u("批", Count, "批"),
    u("只", Count, "只"),
    u("头", Count, "头"),
    u("匹", Count, "匹"),
    u("张", Count, "张"),
    u("份", Count, "份"),
    u("篇", Count, "篇"),
    u("首", Count, "首"),
    u("场", Count, "场"),
    u("届", Count, "届"),
    u("期", Count, "期"),
    u("支", Count, "支"),
    u("枚", Count, "枚"),
    u("颗", Count, "颗"),
    u("片", Count, "片"),
    u("间", Count, "间"),
    u("户", Count, "户"),
    u("例", Count, "例"),
    u("起", Count, "起"),
    u("宗", Count, "宗"),
    u("笔", Count, "笔"),
    u("轮", Count, "轮"),
    u("集", Count, "集"),
    u("款", Count, "款"),
    u("页", Count, "页"),
    u("处", Count, "处"),
    u("层", Count, "层"),
    u("艘", Count, "艘"),
    u("架", Count, "架"),
    u("棵", Count, "棵"),
    u("株", Count, "株"),
    u("杯", Count, "杯"),
    u("瓶", Count, "瓶"),
    u("箱", Count, "箱"),
    u("袋", Count, "袋"),
    u("双", Count, "双"),
    u("对", Count, "对"),
    u("组", Count, "组"),
    u("节", Count, "节"),
    u("门", Count, "门"),
    u("道", Count, "道"),
    u("票", Count, "票"),
    u("股", Count, "股"),
    u("字", Count, "字"),
    u("封", Count, "封"),
    u("块", Count, "块"),
];

/// The longest unit that `s` starts with.
pub fn match_unit(s: &str) -> Option<&'static Unit> {
    let first = s.chars().next()?;
    by_first_char()
        .get(&first)?
        .iter()
        .filter(|u| s.starts_with(u.text))
        .max_by_key(|u| u.text.len())
        .copied()
}

/// [`UNITS`] by first character (in table order within each), so a lookup
/// compares only the units that can match.
fn by_first_char() -> &'static rustc_hash::FxHashMap<char, Vec<&'static Unit>> {
    static INDEX: std::sync::OnceLock<rustc_hash::FxHashMap<char, Vec<&'static Unit>>> =
        std::sync::OnceLock::new();
    INDEX.get_or_init(|| {
        let mut index = rustc_hash::FxHashMap::<char, Vec<&'static Unit>>::default();
        for u in UNITS {
            if let Some(c) = u.text.chars().next() {
                index.entry(c).or_default().push(u);
            }
        }
        index
    })
}

/// Currency symbols written before the number.
pub fn currency_symbol(c: char) -> Option<&'static str> {
    Some(match c {
        '¥' | '￥' => "CNY",
        '$' | '＄' => "USD",
        '€' => "EUR",
        '£' | '￡' => "GBP",
        _ => return None,
    })
}

/// Approximation words before a number, longest first, with their sense.
pub const APPROX_BEFORE: &[(&str, &str)] = &[
    ("不少于", ">"),
    ("不低于", ">"),
    ("将近", "≈"),
    ("接近", "≈"),
    ("大约", "≈"),
    ("约为", "≈"),
    ("超过", ">"),
    ("多达", ">"),
    ("高达", ">"),
    ("至少", ">"),
    ("不到", "<"),
    ("不足", "<"),
    ("最多", "<"),
    ("低于", "<"),
    ("大概", "≈"),
    ("近", "≈"),
    ("约", "≈"),
    ("超", ">"),
    ("逾", ">"),
];

/// Between the number and its unit: 2万多名, 100余家, 十来个.
pub const APPROX_INNER: &[(&str, &str)] = &[("多", ">"), ("余", ">"), ("来", "≈")];

/// After the unit: 65%以上, 3年多, 50岁左右.
pub const APPROX_AFTER: &[(&str, &str)] = &[
    ("以上", ">"),
    ("以下", "<"),
    ("以内", "<"),
    ("左右", "≈"),
    ("上下", "≈"),
    ("开外", ">"),
    ("多", ">"),
    ("余", ">"),
];

/// Range separators: 10至20万元, 3到5年, 10-20%.
pub const RANGE_SEPARATORS: &[&str] = &["至", "到", "~", "～", "-", "－", "—", "–"];
