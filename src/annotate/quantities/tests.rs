use super::*;
use serde_json::json;

/// (text, value, unit, approx) of every quantity found.
fn found(text: &str) -> Vec<(String, Value, Option<String>, Option<String>)> {
    find(text, &[])
        .into_iter()
        .map(|q| {
            (
                q.span.text(text).to_string(),
                q.value,
                q.unit.map(str::to_string),
                q.approx.map(|(s, _)| s.to_string()),
            )
        })
        .collect()
}

fn q(
    s: &str,
    v: Value,
    unit: Option<&str>,
    approx: Option<&str>,
) -> (String, Value, Option<String>, Option<String>) {
    (
        s.to_string(),
        v,
        unit.map(str::to_string),
        approx.map(str::to_string),
    )
}

#[test]
fn money_percent_counts() {
    assert_eq!(
        found("实现营业收入6904.35亿元，同比增长14.1%，"),
        vec![
            q("6904.35亿元", json!(690_435_000_000i64), Some("CNY"), None),
            q("14.1%", json!(0.141), None, None),
        ]
    );
    assert_eq!(
        found("从业人员超过68万，超亿元企业达到554家。"),
        vec![
            q("超过68万", json!(680_000), None, Some(">")),
            q("554家", json!(554), Some("家"), None),
        ]
    );
    assert_eq!(
        found("目前网站有近40万家，"),
        vec![q("近40万家", json!(400_000), Some("家"), Some("≈"))]
    );
    assert_eq!(
        found("融资3.2亿美元"),
        vec![q("3.2亿美元", json!(320_000_000), Some("USD"), None)]
    );
    assert_eq!(
        found("售价￥１２０"),
        vec![q("￥１２０", json!(120), Some("CNY"), None)]
    );
}

#[test]
fn approximations() {
    assert_eq!(
        found("签约作家2万多名"),
        vec![q("2万多名", json!(20_000), Some("名"), Some(">"))]
    );
    assert_eq!(
        found("65%以上的员工"),
        vec![q("65%以上", json!(0.65), None, Some(">"))]
    );
    assert_eq!(
        found("约400家"),
        vec![q("约400家", json!(400), Some("家"), Some("≈"))]
    );
    assert_eq!(
        found("100余家企业"),
        vec![q("100余家", json!(100), Some("家"), Some(">"))]
    );
    assert_eq!(
        found("年龄在50岁左右"),
        vec![q("50岁左右", json!(50), Some("岁"), Some("≈"))]
    );
    assert_eq!(found("不足三成"), Vec::new(), "成 is not read as a unit");
}

#[test]
fn chinese_numerals_and_fractions() {
    assert_eq!(
        found("共三万四千人"),
        vec![q("三万四千人", json!(34_000), Some("人"), None)]
    );
    assert_eq!(
        found("两千名志愿者"),
        vec![q("两千名", json!(2_000), Some("名"), None)]
    );
    assert_eq!(
        found("占到近五分之一。"),
        vec![q("近五分之一", json!(0.2), None, Some("≈"))]
    );
    assert_eq!(
        found("增长百分之十四点一"),
        vec![q("百分之十四点一", json!(0.141), None, None)]
    );
    assert_eq!(
        found("十五天"),
        vec![q("十五天", json!(15), Some("天"), None)]
    );
}

#[test]
fn ranges() {
    let r = find("投资10至20万元", &[]);
    assert_eq!(r.len(), 1);
    assert_eq!(r[0].span.text("投资10至20万元"), "10至20万元");
    assert_eq!(r[0].range, Some((json!(100_000), json!(200_000))));
    assert_eq!(r[0].unit, Some("CNY"));
    let p = find("增幅为3-5%。", &[]);
    assert_eq!(p[0].range, Some((json!(0.03), json!(0.05))));
}

#[test]
fn not_quantities() {
    // Dates, names with digits, codes, ordinals, a lone 一.
    assert!(found("2017年全国").is_empty());
    assert!(found("2345导航网等互联网企业").is_empty());
    assert!(found("PM2.5浓度").is_empty());
    assert!(found("第三家").is_empty());
    assert!(found("一家美资企业").is_empty());
    assert!(found("5G网络").is_empty());
    assert!(found("“85后”").is_empty());
    assert!(found("周一上午").is_empty());
}

#[test]
fn full_width_digits() {
    assert_eq!(
        found("共１５天"),
        vec![q("１５天", json!(15), Some("天"), None)]
    );
    assert_eq!(
        found("增长１２．５％"),
        vec![q("１２．５％", json!(0.125), None, None)]
    );
}

#[test]
fn the_byte_test_never_passes_over_a_number_start() {
    // Every character: when the quick test says it cannot start a number,
    // it is neither a digit nor a Chinese numeral.
    let (mut passed_over, mut ideographs_passed_over) = (0, 0);
    for c in (0..=0x10FFFF).filter_map(char::from_u32) {
        let mut buf = [0u8; 4];
        let bytes = c.encode_utf8(&mut buf).as_bytes();
        let starts = digit_value(c).is_some() || is_cn_numeral(c);
        if let Some(len) = cannot_start_number(bytes, 0, bytes[0]) {
            assert!(!starts, "{c:?} passed over");
            assert_eq!(len, c.len_utf8(), "{c:?}");
            passed_over += 1;
            if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
                ideographs_passed_over += 1;
            }
        }
    }
    // And it passes over most of them.
    assert!(passed_over > 0x10FFFF / 2, "{passed_over}");
    assert!(
        ideographs_passed_over > 0x5200 * 2 / 3,
        "{ideographs_passed_over}"
    );
}
