//! The streamed exports (written straight from the model to a writer) give
//! the bytes of the value-tree exports they replace: `annotated_to_json`
//! and `spacy::to_json`, kept as the oracles, printed as the command
//! printed them. Also the `--tokens` styles.

use serde_json::Value;
use std::sync::OnceLock;
use yuelan::annotate::{Resources, annotate};
use yuelan::export::{self, TokenStyle};
use yuelan::model::{Annotated, Annotation, Format, Keyword, Layer, Span};
use yuelan::parse::parse;

fn res() -> &'static Resources {
    static RES: OnceLock<Resources> = OnceLock::new();
    RES.get_or_init(|| match Resources::load() {
        Ok(r) => r,
        Err(e) => panic!("resources: {e:#}"),
    })
}

/// Texts written for this test: a news report with a kicker, title,
/// byline, numbered headings, quotes, figures, dates, a company and its
/// short form, a repeated paragraph, tabs and quotes to escape; a Markdown
/// note; a text with characters outside the BMP; an empty text.
const TEXTS: &[(&str, Format)] = &[
    (
        "聚焦县域经济\n青禾县电商产业三年翻番\n本报记者 周明远\n\n\
         一、基本情况\n\
         \u{3000}\u{3000}2024年3月5日，青禾县商务局发布数据：全县网络零售额达到12.6亿元，同比增长18.4%。\
         青禾县淘璞电子商务有限公司总经理李海峰说：“我们的\"订单\"\t翻了一番。”淘璞今年新招了120名员工。\n\n\
         二、下一步打算\n\
         \u{3000}\u{3000}县委书记王建国表示，将在《青禾县数字经济发展规划》框架下，继续推进“双创”和乡村振兴。\n\n\
         \u{3000}\u{3000}2024年3月5日，青禾县商务局发布数据：全县网络零售额达到12.6亿元，同比增长18.4%。\n",
        Format::Plain,
    ),
    (
        "---\ntitle: 读书笔记\nauthor: [林晚舟, 许远]\ntags: 统计, 抽样\n---\n\n## 第一章\n\n张教授认为，约有三分之一的样本（约2000份）需要[复核](https://example.org/a?b=\"c\")。\n\n- 要点：**数据**质量\n\n```\nx = \"\\t\"\n```\n",
        Format::Markdown,
    ),
    (
        "𠀀😀 市网信办发布：2023年全市营业收入6904.35亿元，同比增长14.1%。\n\
         \u{3000}\u{3000}“我们要把党支部建在创业企业里。”市委组织部副部长刘丽华说。🇨🇳\n",
        Format::Plain,
    ),
    ("", Format::Plain),
];

fn docs() -> &'static [Annotated] {
    static DOCS: OnceLock<Vec<Annotated>> = OnceLock::new();
    DOCS.get_or_init(|| {
        let mut docs: Vec<Annotated> = TEXTS
            .iter()
            .map(|(t, f)| annotate(parse(t.to_string(), *f), res()))
            .collect();
        docs.push(odd_values());
        docs
    })
}

/// A model with the attrs values and weights the pipeline rarely makes:
/// spans stored as JSON, negative and float numbers, lists, nulls, a
/// weight that is not finite, keys that need escaping.
fn odd_values() -> Annotated {
    let mut ann = annotate(
        parse("王小明说：“好。”\n".to_string(), Format::Plain),
        res(),
    );
    let n = ann.annotations.len();
    ann.annotations.push(
        Annotation::new(Layer::Notes, "NOTE", Span::new(0, 6))
            .with("of", serde_json::json!({ "start": 0, "end": 3 }))
            .with("offset", -3)
            .with("ratio", 0.1 + 0.2)
            .with("big", 1e300)
            .with("nan", f64::NAN)
            .with("list", serde_json::json!([1, "二", null, { "k": true }]))
            .with("tab\"key", "a\tb\u{1}c")
            .with("span", Span::new(3, 6)),
    );
    ann.annotations[n].id = Annotation::id_of(n);
    let words = &mut ann.keywords.words;
    let (wang, hao) = (words.push("王小明"), words.push("好"));
    ann.keywords.document.push(Keyword {
        word: wang.unwrap_or_default(),
        weight: 1.0 / 3.0,
        method: "tfidf".into(),
    });
    ann.keywords.document.push(Keyword {
        word: hao.unwrap_or_default(),
        weight: f64::INFINITY,
        method: "textrank".into(),
    });
    ann
}

fn streamed_json(ann: &Annotated, tokens: TokenStyle, pretty: bool) -> String {
    let mut out = Vec::new();
    export::json::write_annotated(&mut out, ann, tokens, pretty).expect("write to memory");
    String::from_utf8(out).expect("utf-8")
}

#[test]
fn the_texts_have_what_the_test_needs() {
    let a = &docs()[0];
    let layers: Vec<Layer> = a.annotations.iter().map(|x| x.layer).collect();
    for l in [
        Layer::Entities,
        Layer::Quantities,
        Layer::Time,
        Layer::Quotes,
        Layer::Duplicates,
    ] {
        assert!(layers.contains(&l), "{l:?}");
    }
    assert!(a.doc.title.is_some() && a.doc.byline.is_some());
    // The Markdown note has styles (a link with a target), meta and a code
    // block, so the streamed and the value tree's forms of them meet.
    let md = &docs()[1].doc;
    assert!(md.styles.iter().any(|s| s.target.is_some()));
    assert_eq!(md.meta.tags, ["统计", "抽样"]);
    assert!(
        md.paragraphs
            .iter()
            .any(|p| p.kind == yuelan::model::BlockKind::Code)
    );
    assert!(a.doc.sections.len() > 2, "{:?}", a.doc.sections);
    assert!(!a.doc.duplicates.is_empty());
    assert!(!a.keywords.document.is_empty());
    // A quote's speaker is a span in its attrs.
    assert!(
        a.layer(Layer::Quotes)
            .any(|q| q.attrs.contains_key("speaker")),
        "no speaker span"
    );
}

#[test]
fn streamed_json_is_the_value_trees_bytes() {
    for ann in docs() {
        let tree = export::json::annotated_to_json(ann);
        let pretty = serde_json::to_string_pretty(&tree).expect("pretty");
        assert_eq!(streamed_json(ann, TokenStyle::Full, true), pretty);
        let line = tree.to_string();
        assert_eq!(streamed_json(ann, TokenStyle::Full, false), line);
    }
}

#[test]
fn streamed_jsonl_is_one_line_per_document() {
    let out = export::to_jsonl(docs());
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), docs().len());
    for (line, ann) in lines.iter().zip(docs()) {
        assert_eq!(*line, export::json::annotated_to_json(ann).to_string());
    }
}

#[test]
fn streamed_spacy_is_the_value_trees_bytes() {
    for ann in docs() {
        let tree = export::spacy::to_json(ann);
        let mut out = Vec::new();
        export::spacy::write_json(&mut out, ann, true).expect("write");
        assert_eq!(
            String::from_utf8(out).expect("utf-8"),
            serde_json::to_string_pretty(&tree).expect("pretty")
        );
        let mut line = Vec::new();
        export::spacy::write_json(&mut line, ann, false).expect("write");
        assert_eq!(String::from_utf8(line).expect("utf-8"), tree.to_string());
    }
}

#[test]
fn a_document_without_tokens_is_written_as_the_serializer_would() {
    let empty = Annotated {
        doc: Default::default(),
        tokens: Vec::new(),
        annotations: Vec::new(),
        keywords: Default::default(),
    };
    for style in [TokenStyle::Full, TokenStyle::Compact] {
        for pretty in [false, true] {
            let out = streamed_json(&empty, style, pretty);
            // No floats here: the value read back is the value written.
            let v: Value = serde_json::from_str(&out).expect("json");
            let again = if pretty {
                serde_json::to_string_pretty(&v)
            } else {
                serde_json::to_string(&v)
            };
            assert_eq!(out, again.expect("json"), "{style:?} pretty={pretty}");
        }
    }
}

#[test]
fn compact_tokens_are_the_full_tokens_as_columns() {
    for ann in docs() {
        let full: Value =
            serde_json::from_str(&streamed_json(ann, TokenStyle::Full, false)).expect("json");
        let compact: Value =
            serde_json::from_str(&streamed_json(ann, TokenStyle::Compact, false)).expect("json");
        let none: Value =
            serde_json::from_str(&streamed_json(ann, TokenStyle::None, false)).expect("json");
        let tokens = full["tokens"].as_array().expect("tokens");
        let cols = &compact["tokens"];
        for key in ["start", "end", "pos"] {
            let col = cols[key].as_array().expect(key);
            assert_eq!(col.len(), tokens.len(), "{key}");
            for (t, v) in tokens.iter().zip(col) {
                assert_eq!(&t[key], v, "{key}");
            }
        }
        assert!(none.get("tokens").is_none());
        // The tokens are written by hand: their bytes, pretty and compact,
        // are the serializer's for the same values (keys sorted as it
        // writes them, with no tokens, and with an empty document's).
        // (The full tokens are checked against the value tree above; here
        // the columns, made from the value tree's tokens.)
        let mut tree = export::json::annotated_to_json(ann);
        let tree_tokens = tree["tokens"].as_array().cloned().unwrap_or_default();
        let column = |key: &str| -> Value { tree_tokens.iter().map(|t| t[key].clone()).collect() };
        tree["tokens"] = serde_json::json!({
            "end": column("end"),
            "pos": column("pos"),
            "start": column("start"),
        });
        assert_eq!(
            streamed_json(ann, TokenStyle::Compact, false),
            serde_json::to_string(&tree).expect("json")
        );
        assert_eq!(
            streamed_json(ann, TokenStyle::Compact, true),
            serde_json::to_string_pretty(&tree).expect("json")
        );
        // Everything else is the same.
        for v in [compact, none] {
            let (mut a, mut b) = (v.clone(), full.clone());
            a.as_object_mut().expect("object").remove("tokens");
            b.as_object_mut().expect("object").remove("tokens");
            assert_eq!(a, b);
        }
    }
}

#[test]
fn escaped_json_is_the_safe_escape_of_the_plain_bytes() {
    // DEL, C1 controls and bidi overrides (in the text, so in every span's
    // `text` too, and in an attrs value), next to a C0 control and quotes
    // that serde_json escapes itself, and characters whose UTF-8 starts
    // like theirs (— and “ start with 0xE2, ¥ with 0xC2) but are not.
    let text = "李华说：“价格\u{7f}上涨—¥5\u{85}元”。\u{202e}反向\u{2066}隔离\u{2069}\u{1}。\n";
    let mut ann = annotate(parse(text.to_string(), Format::Plain), res());
    let n = ann.annotations.len();
    ann.annotations.push(
        Annotation::new(Layer::Notes, "NOTE", Span::new(0, 6)).with("note", "a\u{9b}b\u{202a}c—d"),
    );
    ann.annotations[n].id = Annotation::id_of(n);
    let mut all = docs().to_vec();
    all.push(ann);
    for ann in &all {
        for pretty in [true, false] {
            for tokens in [TokenStyle::Full, TokenStyle::Compact] {
                let plain = streamed_json(ann, tokens, pretty);
                let mut out = Vec::new();
                export::json::write_annotated_escaped(&mut out, ann, tokens, pretty, None)
                    .expect("write to memory");
                let escaped = String::from_utf8(out).expect("utf-8");
                assert_eq!(escaped, yuelan::text::safe::json(&plain));
                // The same value, with nothing a terminal would obey.
                let a: Value = serde_json::from_str(&plain).expect("json");
                let b: Value = serde_json::from_str(&escaped).expect("json");
                assert_eq!(a, b);
                assert!(
                    !escaped
                        .chars()
                        .any(|c| matches!(c, '\u{7f}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'))
                );
            }
        }
    }
    let line = String::from_utf8(
        export::json::annotated_line_escaped(&all[all.len() - 1], TokenStyle::Full).expect("write"),
    )
    .expect("utf-8");
    assert!(line.contains("\\u007f") && line.contains("\\u202e") && line.contains("\\u009b"));
}
