//! Every exported span's text equals the substring at its code-point
//! offsets, for every format, on text with non-BMP characters before the
//! annotations.

use serde_json::Value;
use std::sync::OnceLock;
use yuelan::annotate::{Resources, annotate};
use yuelan::export;
use yuelan::model::{Annotated, Format};
use yuelan::parse::parse;

fn res() -> &'static Resources {
    static RES: OnceLock<Resources> = OnceLock::new();
    RES.get_or_init(|| match Resources::load() {
        Ok(r) => r,
        Err(e) => panic!("resources: {e:#}"),
    })
}

const TEXT: &str = "𠀀😀 市网信办发布：2023年全市营业收入6904.35亿元，同比增长14.1%。\n\
\u{3000}\u{3000}“我们要把党支部建在创业企业里，这是方向。”𠮷市委组织部副部长王立新说。🇨🇳近40万家网站中，\
“双创”企业占到近五分之一。\n\
去年下半年以来，据负责人介绍，“新增党员2万多名，发展入党积极分子一百二十人。”\n\
𠀀😀 市网信办发布：2023年全市营业收入6904.35亿元，同比增长14.1%。\n";

fn ann() -> &'static Annotated {
    static ANN: OnceLock<Annotated> = OnceLock::new();
    ANN.get_or_init(|| annotate(parse(TEXT.to_string(), Format::Plain), res()))
}

fn chars() -> Vec<char> {
    TEXT.chars().collect()
}

fn sub(chars: &[char], start: u64, end: u64) -> String {
    assert!(
        start <= end && end as usize <= chars.len(),
        "{start}..{end} out of bounds"
    );
    chars[start as usize..end as usize].iter().collect()
}

fn num(v: &Value, key: &str) -> u64 {
    v[key]
        .as_u64()
        .unwrap_or_else(|| panic!("{key} missing in {v}"))
}

#[test]
fn the_text_has_what_the_test_needs() {
    let a = ann();
    let labels: Vec<&str> = a.annotations.iter().map(|x| x.label.as_ref()).collect();
    for l in ["MONEY", "PERCENT", "QUOTE", "TERM", "DATE", "GLOSS"] {
        assert!(labels.contains(&l), "{l} in {labels:?}");
    }
}

#[test]
fn yuelan_json_offsets() {
    let c = chars();
    let j = export::json::annotated_to_json(ann());
    assert_eq!(j["schema"], "yuelan/1");
    assert_eq!(j["text"], TEXT);
    assert_eq!(num(&j, "length") as usize, c.len());
    let annotations = j["annotations"].as_array().map_or(&[][..], |v| v);
    assert!(!annotations.is_empty());
    for a in annotations {
        assert_eq!(
            sub(&c, num(a, "start"), num(a, "end")),
            a["text"].as_str().unwrap_or_default()
        );
        // Span-valued attrs are code points too.
        if let Some(s) = a["attrs"].get("speaker") {
            let speaker = sub(&c, num(s, "start"), num(s, "end"));
            assert_eq!(Some(speaker.as_str()), a["attrs"]["speaker_text"].as_str());
        }
        if let Some(s) = a["attrs"].get("content") {
            let inner = sub(&c, num(s, "start"), num(s, "end"));
            assert!(a["text"].as_str().unwrap_or_default().contains(&inner));
        }
    }
    let speakers: Vec<&str> = annotations
        .iter()
        .filter_map(|a| a["attrs"]["speaker_text"].as_str())
        .collect();
    assert!(
        speakers.contains(&"王立新") && speakers.contains(&"负责人"),
        "{speakers:?}"
    );
    for key in ["paragraphs", "sentences", "tokens", "sections"] {
        for s in j[key].as_array().map_or(&[][..], |v| v) {
            let t = sub(&c, num(s, "start"), num(s, "end"));
            assert!(!t.is_empty() || key == "sections");
        }
    }
    // Tokens cover every non-space character exactly.
    let tokens: String = j["tokens"]
        .as_array()
        .map_or(&[][..], |v| v)
        .iter()
        .map(|t| sub(&c, num(t, "start"), num(t, "end")))
        .collect();
    let no_space: String = TEXT.chars().filter(|c| !c.is_whitespace()).collect();
    assert_eq!(
        tokens
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>(),
        no_space
    );
    // The document-only shape is the same minus the annotation fields.
    let d = export::json::document_to_json(&ann().doc);
    assert_eq!(d["paragraphs"], j["paragraphs"]);
    assert!(d.get("annotations").is_none());
}

#[test]
fn duplicates_are_exported_with_code_point_spans() {
    let c = chars();
    let j = export::json::annotated_to_json(ann());
    for a in j["annotations"].as_array().map_or(&[][..], |v| v) {
        if a["layer"] == "duplicates" {
            let of = &a["attrs"]["of"];
            assert_eq!(
                sub(&c, num(of, "start"), num(of, "end")),
                a["text"].as_str().unwrap_or_default()
            );
        }
    }
}

#[test]
fn jsonl_offsets() {
    let c = chars();
    let out = export::to_jsonl([ann(), ann()]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2);
    for line in lines {
        let j: Value = serde_json::from_str(line).unwrap_or(Value::Null);
        for a in j["annotations"].as_array().map_or(&[][..], |v| v) {
            assert_eq!(
                sub(&c, num(a, "start"), num(a, "end")),
                a["text"].as_str().unwrap_or_default()
            );
        }
    }
}

#[test]
fn spacy_offsets_and_alignment() {
    let c = chars();
    let j = export::spacy::to_json(ann());
    assert_eq!(j["text"], TEXT);
    let tokens = j["tokens"].as_array().map_or(&[][..], |v| v);
    // Tokens rebuild the text (a lone space is trailing whitespace).
    let mut rebuilt = String::new();
    let mut starts = std::collections::HashSet::new();
    let mut ends = std::collections::HashSet::new();
    for (i, t) in tokens.iter().enumerate() {
        assert_eq!(num(t, "id") as usize, i);
        let (s, e) = (num(t, "start"), num(t, "end"));
        if rebuilt.chars().count() as u64 + 1 == s {
            rebuilt.push(' ');
        }
        assert_eq!(rebuilt.chars().count() as u64, s, "gap before token {i}");
        rebuilt.push_str(&sub(&c, s, e));
        starts.insert(s);
        ends.insert(e);
    }
    assert_eq!(rebuilt.trim_end(), TEXT.trim_end());
    let mut spans: Vec<&Value> = j["ents"]
        .as_array()
        .map_or(Vec::new(), |v| v.iter().collect());
    spans.extend(j["sents"].as_array().map_or(&[][..], |v| v));
    for group in j["spans"].as_object().into_iter().flat_map(|o| o.values()) {
        spans.extend(group.as_array().map_or(&[][..], |v| v));
    }
    assert!(spans.len() > 10);
    for s in spans {
        let (a, b) = (num(s, "start"), num(s, "end"));
        assert!(
            starts.contains(&a) && ends.contains(&b),
            "{s} not on token boundaries"
        );
        assert!(!sub(&c, a, b).is_empty());
    }
    // Some span group text is checked against the yuelan export.
    let y = export::json::annotated_to_json(ann());
    let money = y["annotations"]
        .as_array()
        .and_then(|v| v.iter().find(|a| a["label"] == "MONEY"))
        .cloned()
        .unwrap_or(Value::Null);
    let group = j["spans"]["quantities"].as_array().map_or(&[][..], |v| v);
    assert!(
        group
            .iter()
            .any(|s| s["start"] == money["start"] && s["end"] == money["end"])
    );
}

#[test]
fn brat_offsets() {
    let c = chars();
    let out = export::brat::to_ann(ann());
    let mut t_lines = 0;
    let mut relations = 0;
    let mut notes = 0;
    for line in out.lines() {
        let cols: Vec<&str> = line.split('\t').collect();
        match line.chars().next() {
            Some('T') => {
                t_lines += 1;
                assert_eq!(cols.len(), 3, "{line}");
                let (_, offsets) = cols[1].split_once(' ').unwrap_or(("", ""));
                let frags: Vec<String> = offsets
                    .split(';')
                    .map(|f| {
                        let (s, e) = f.split_once(' ').unwrap_or(("0", "0"));
                        sub(&c, s.parse().unwrap_or(0), e.parse().unwrap_or(0))
                    })
                    .collect();
                assert_eq!(frags.join(" "), cols[2], "{line}");
                assert!(!cols[2].contains('\n'));
            }
            Some('R') => {
                relations += 1;
                assert!(
                    cols[1].starts_with("Speaker Arg1:T") && cols[1].contains(" Arg2:T"),
                    "{line}"
                );
            }
            Some('#') => {
                notes += 1;
                assert!(cols[1].starts_with("AnnotatorNotes T"), "{line}");
            }
            _ => panic!("unexpected line {line}"),
        }
    }
    assert!(t_lines > 5 && relations >= 2 && notes > 0, "{out}");
    assert!(out.contains("value=690435000000"));
}

#[test]
fn output_has_the_fields_docs_schema_json_requires() {
    let schema: Value =
        serde_json::from_str(include_str!("../docs/schema.json")).unwrap_or(Value::Null);
    assert_eq!(schema["properties"]["schema"]["const"], "yuelan/1");
    let j = export::json::annotated_to_json(ann());
    let listed = |v: &Value, what: &str| -> Vec<Value> {
        match v.as_array() {
            Some(a) if !a.is_empty() => a.clone(),
            _ => panic!("docs/schema.json: {what} is missing or empty"),
        }
    };
    for key in listed(&schema["required"], "required") {
        let key = key.as_str().unwrap_or_default();
        assert!(j.get(key).is_some(), "{key} missing");
    }
    let required = &schema["properties"]["annotations"]["items"]["required"];
    let layers = &schema["properties"]["annotations"]["items"]["properties"]["layer"]["enum"];
    let layers = listed(layers, "the layer enum");
    let required = listed(required, "the annotation's required fields");
    let annotations = listed(&j["annotations"], "the export's annotations");
    for a in &annotations {
        for key in &required {
            assert!(
                a.get(key.as_str().unwrap_or_default()).is_some(),
                "{key} missing in {a}"
            );
        }
        assert!(
            layers.contains(&a["layer"]),
            "{} not in the enum",
            a["layer"]
        );
    }
}
