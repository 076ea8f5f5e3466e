//! The quantities, time, quotes, keywords, glossary and duplicates layers on
//! the seed article and the project's samples, and the exports' offsets.

use serde_json::{Value, json};
use std::sync::OnceLock;
use yuelan::annotate::{Resources, annotate};
use yuelan::model::{Annotated, Annotation, Format, Layer};
use yuelan::parse::parse;

#[path = "common/shared.rs"]
mod shared;

fn res() -> &'static Resources {
    static RES: OnceLock<Resources> = OnceLock::new();
    RES.get_or_init(|| match Resources::load() {
        Ok(r) => r,
        Err(e) => panic!("resources: {e:#}"),
    })
}

fn run(text: &str) -> Annotated {
    annotate(parse(text.to_string(), Format::Plain), res())
}

fn seed() -> Option<Annotated> {
    shared::seed_text().map(|t| run(&t))
}

fn sample(name: &str) -> Annotated {
    let path = format!("{}/data/samples/{name}", env!("CARGO_MANIFEST_DIR"));
    match std::fs::read_to_string(&path) {
        Ok(t) => run(&t),
        Err(e) => panic!("{path}: {e}"),
    }
}

fn text_of<'a>(ann: &'a Annotated, a: &Annotation) -> &'a str {
    a.span.text(&ann.doc.text)
}

/// The quantity whose text is `text`.
fn quantity<'a>(ann: &'a Annotated, text: &str) -> &'a Annotation {
    ann.layer(Layer::Quantities)
        .find(|a| text_of(ann, a) == text)
        .unwrap_or_else(|| panic!("no quantity {text}"))
}

fn check_quantity(
    ann: &Annotated,
    text: &str,
    value: Value,
    unit: Option<&str>,
    approx: Option<&str>,
) {
    let q = quantity(ann, text);
    assert_eq!(q.attrs.get("value"), Some(value), "{text}");
    assert_eq!(q.attr_str("unit"), unit, "{text}");
    assert_eq!(q.attr_str("approx"), approx, "{text}");
}

/// The speaker text of the quote containing `words`, and its speaker_id.
fn speaker_of(ann: &Annotated, words: &str) -> (Option<String>, Option<u64>) {
    let q = ann
        .layer(Layer::Quotes)
        .find(|a| a.label == "QUOTE" && text_of(ann, a).contains(words))
        .unwrap_or_else(|| panic!("no quote with {words}"));
    (
        q.attr_str("speaker_text").map(str::to_string),
        q.attrs.get("speaker_id").and_then(|v| v.as_u64()),
    )
}

/// When the entities layer found `name` as PER, the quote links to it.
fn check_link(ann: &Annotated, words: &str, name: &str) {
    let (speaker, id) = speaker_of(ann, words);
    assert_eq!(speaker.as_deref(), Some(name));
    let per: Vec<usize> = ann
        .layer(Layer::Entities)
        .filter(|e| e.label == "PER" && text_of(ann, e) == name)
        .map(|e| e.index())
        .collect();
    if !per.is_empty() {
        let id = id.unwrap_or_else(|| panic!("quote by {name} not linked"));
        assert!(per.contains(&(id as usize)), "{name} linked to {id}");
    }
}

fn is_term(ann: &Annotated, text: &str) -> bool {
    ann.layer(Layer::Quotes)
        .any(|a| a.label == "TERM" && text_of(ann, a) == text)
}

#[test]
fn seed_figures() {
    let Some(ann) = seed() else { return };
    check_quantity(
        &ann,
        "6904.35亿元",
        json!(690_435_000_000i64),
        Some("CNY"),
        None,
    );
    assert_eq!(quantity(&ann, "6904.35亿元").label, "MONEY");
    check_quantity(&ann, "14.1%", json!(0.141), None, None);
    check_quantity(&ann, "超过68万", json!(680_000), None, Some(">"));
    check_quantity(&ann, "554家", json!(554), Some("家"), None);
    check_quantity(&ann, "近40万家", json!(400_000), Some("家"), Some("≈"));
    check_quantity(&ann, "2万多名", json!(20_000), Some("名"), Some(">"));
    check_quantity(&ann, "近五分之一", json!(0.2), None, Some("≈"));
    // Not quantities: the year and the brand name with digits.
    let texts: Vec<&str> = ann
        .layer(Layer::Quantities)
        .map(|a| text_of(&ann, a))
        .collect();
    assert!(
        !texts
            .iter()
            .any(|t| t.contains("2017") || t.contains("2345") || t.contains("2006"))
    );
}

#[test]
fn seed_time() {
    let Some(ann) = seed() else { return };
    let times: Vec<(&str, Option<&str>, bool)> = ann
        .layer(Layer::Time)
        .map(|a| {
            (
                text_of(&ann, a),
                a.attr_str("value"),
                a.attrs.get("relative") == Some(json!(true)),
            )
        })
        .collect();
    for want in [
        ("2006年", Some("2006"), false),
        ("2017年", Some("2017"), false),
        ("昨天", Some("D-1"), true),
        ("今年", Some("Y"), true),
        ("去年下半年", Some("Y-1"), true),
    ] {
        assert!(times.contains(&want), "{want:?} in {times:?}");
    }
}

#[test]
fn seed_quotes_and_terms() {
    let Some(ann) = seed() else { return };
    check_link(&ann, "上海探索城市基层党建新路", "郑健麟");
    check_link(&ann, "我们探索就地服务", "黄红");
    for t in ["“红色种子”", "“85后”", "“双创”", "“隐形党员”"] {
        assert!(is_term(&ann, t), "{t} should be a TERM");
    }
    // The unattributed opening quote has no speaker.
    assert_eq!(speaker_of(&ann, "与传统企业有很大区别").0, None);
}

#[test]
fn seed_glossary_and_keywords() {
    let Some(ann) = seed() else { return };
    let terms: Vec<&str> = ann
        .layer(Layer::Glossary)
        .filter_map(|a| a.attr_str("term"))
        .collect();
    for t in [
        "党支部",
        "党总支",
        "党委",
        "网信办",
        "经信委",
        "双创",
        "入党积极分子",
    ] {
        assert!(terms.contains(&t), "{t}");
    }
    let g = ann
        .layer(Layer::Glossary)
        .find(|a| a.attr_str("term") == Some("网信办"))
        .map(|a| a.attr_str("pinyin").unwrap_or_default().to_string());
    assert_eq!(g.as_deref(), Some("wǎngxìnbàn"));
    let kw = &ann.keywords;
    assert_eq!(kw.sections.len(), ann.doc.sections.len());
    let stop = yuelan::annotate::keywords::stop_words();
    for list in std::iter::once(&kw.document).chain(kw.sections.iter()) {
        for k in list {
            assert!((0.0..=1.0).contains(&k.weight), "{k:?}");
            assert!(!stop.contains(kw.word(k)), "stop word {}", kw.word(k));
        }
    }
    for method in ["tfidf", "textrank"] {
        let top: Vec<&str> = kw
            .document
            .iter()
            .filter(|k| k.method == method)
            .take(5)
            .map(|k| kw.word(k))
            .collect();
        assert!(
            top.contains(&"党建") || top.contains(&"互联网"),
            "{method}: {top:?}"
        );
        assert_eq!(
            kw.document
                .iter()
                .find(|k| k.method == method)
                .map(|k| k.weight),
            Some(1.0)
        );
    }
}

#[test]
fn sample_feature() {
    let ann = sample("01_feature.txt");
    check_quantity(&ann, "3.2亿元", json!(320_000_000), Some("CNY"), None);
    check_quantity(&ann, "12.5%", json!(0.125), None, None);
    check_quantity(&ann, "近3万人", json!(30_000), Some("人"), Some("≈"));
    check_quantity(&ann, "1800余人次", json!(1800), Some("人次"), Some(">"));
    let t = ann
        .layer(Layer::Time)
        .find(|a| text_of(&ann, a) == "２０２３年")
        .and_then(|a| a.attr_str("value"));
    assert_eq!(t, Some("2023"));
    check_link(&ann, "以前我们只管种", "林秀芬");
    check_link(&ann, "今年我们又新增了", "韩东海");
}

#[test]
fn sample_report() {
    let ann = sample("02_report.txt");
    check_quantity(
        &ann,
        "27.35亿元",
        json!(2_735_000_000i64),
        Some("CNY"),
        None,
    );
    check_quantity(&ann, "1.2万余户", json!(12_000), Some("户"), Some(">"));
    check_quantity(&ann, "0.42个百分点", json!(0.42), Some("pp"), None);
    check_quantity(&ann, "50%以上", json!(0.5), None, Some(">"));
    let date = ann
        .layer(Layer::Time)
        .find(|a| text_of(&ann, a) == "2024年1月16日")
        .and_then(|a| a.attr_str("value"));
    assert_eq!(date, Some("2024-01-16"));
    assert!(is_term(&ann, "“免申即享”"));
}

#[test]
fn sample_interview() {
    let ann = sample("03_interview.txt");
    check_quantity(&ann, "五十二岁", json!(52), Some("岁"), None);
    check_quantity(&ann, "四百多名", json!(400), Some("名"), Some(">"));
    assert_eq!(speaker_of(&ann, "一针一线").0.as_deref(), Some("外婆"));
    check_link(&ann, "我们不缺好手艺", "方文涛");
}

#[test]
fn user_glossary_is_loaded_through_resources() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("g.json");
    std::fs::write(
        &path,
        r#"[{"term": "绣娘", "pinyin": "xiùniáng", "gloss": "embroiderer", "note": "A woman who embroiders."}]"#,
    )?;
    let g = yuelan::annotate::glossary::Glossary::load(&[&path])?;
    assert!(g.get("绣娘").is_some() && g.get("党支部").is_some());
    Ok(())
}

/// `parse_and_annotate` (segmentation beside the parser, layers side by
/// side) gives exactly the model of `parse` then `annotate`, on every
/// sample, one thread or several; and quotes name their speakers by the
/// ids the entities end up with.
#[test]
fn parse_and_annotate_is_parse_then_annotate() -> anyhow::Result<()> {
    let dir = format!("{}/data/samples", env!("CARGO_MANIFEST_DIR"));
    let one = rayon::ThreadPoolBuilder::new().num_threads(1).build()?;
    let mut checked = 0;
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let format = match path.extension().and_then(|e| e.to_str()) {
            Some("txt") => Format::Plain,
            Some("md") => Format::Markdown,
            _ => continue,
        };
        let text = std::fs::read_to_string(&path)?;
        let expected = annotate(parse(text.clone(), format), res());
        let joined = yuelan::annotate::parse_and_annotate(text.clone(), format, res());
        assert!(joined == expected, "{}", path.display());
        let single = one.install(|| yuelan::annotate::parse_and_annotate(text, format, res()));
        assert!(single == expected, "{} on one thread", path.display());
        for q in expected.layer(Layer::Quotes) {
            if let Some(id) = q.attrs.get("speaker_id").and_then(|v| v.as_u64()) {
                let e = expected.get(id as usize);
                assert_eq!(e.map(|e| e.layer), Some(Layer::Entities));
                let speaker = q.attr_str("speaker_text");
                assert_eq!(e.map(|e| text_of(&expected, e)), speaker);
            }
        }
        checked += 1;
    }
    assert!(checked >= 4);
    Ok(())
}
