//! Robustness property tests: any bytes give a clean error or a valid model.
//!
//! - decode + parse: 10,000 cases of structured Chinese-looking text in
//!   assorted encodings (mutated: truncated, bytes flipped, spliced), and
//!   10,000 of raw bytes. Every span in bounds and on char boundaries, every
//!   index consistent, parsing deterministic.
//! - the full pipeline (decode → parse → annotate → JSON export → the
//!   browser drawn into a TestBackend at a random size after a few keys):
//!   1,000 structured cases.
//!
//! `YUELAN_FUZZ_CASES=N` sets the decode+parse case count, for longer local
//! runs. Counterexamples proptest finds are kept in
//! tests/fuzz_pipeline.proptest-regressions and replayed first.

mod common;

use proptest::prelude::*;
use yuelan::decode::decode;
use yuelan::model::Format;
use yuelan::parse::parse;

fn cases(default: u32) -> u32 {
    std::env::var("YUELAN_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Pieces that exercise the parser: headings of every kind, title-block
/// lines, quotes, punctuation, figures, odd whitespace and control chars,
/// non-BMP characters.
const PIECES: &[&str] = &[
    "上海",
    "统计局",
    "发布",
    "数据",
    "我们",
    "记者",
    "张三",
    "有限公司",
    "党支部",
    "网信办",
    "。",
    "，",
    "、",
    "；",
    "：",
    "？",
    "！",
    "……",
    "——",
    "·",
    "“",
    "”",
    "‘",
    "’",
    "「",
    "」",
    "《",
    "》",
    "（",
    "）",
    "【",
    "】",
    "说",
    "表示",
    "指出",
    "：“",
    "。”",
    "”他说。",
    "一、",
    "二、",
    "十一、",
    "（一）",
    "（二）",
    "1.",
    "2.",
    "1.1",
    "1.1.1 ",
    "（1）",
    "①",
    "第一章",
    "第三节",
    "第二部分",
    "# ",
    "## ",
    "###### ",
    "####### ",
    "#",
    "> ",
    "- ",
    "* ",
    "本报记者",
    "记者 ",
    "报道",
    "新华社北京1月1日电",
    "编者按：",
    "6904.35亿元",
    "14.1%",
    "１２３",
    "２０１７年",
    "去年",
    "近3成",
    "约500万人",
    "ABC",
    "iPhone",
    "COVID-19",
    "https://example.com/a?b=1",
    "a",
    " ",
    "\n",
    "\n",
    "\n",
    "\n\n",
    "\n\n\n",
    "\r\n",
    "\r",
    "\t",
    "\u{3000}\u{3000}",
    "\u{a0}",
    "\u{200b}",
    "\u{feff}",
    "\u{c}",
    "\u{0}",
    "\u{7f}",
    "\u{85}",
    "\u{2028}",
    "\u{fffd}",
    "𠮷",
    "😀",
    "👨‍👩‍👧",
    "é",
    "e\u{301}",
    "\u{10ffff}",
];

fn structured_text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..120).prop_map(|v| v.concat())
}

#[derive(Debug, Clone, Copy)]
enum Enc {
    Utf8,
    Utf8Bom,
    Utf16LeBom,
    Utf16BeBom,
    Utf16LeNoBom,
    Gbk,
    Gb18030,
    Big5,
}

fn encode(text: &str, enc: Enc) -> Vec<u8> {
    match enc {
        Enc::Utf8 => text.as_bytes().to_vec(),
        Enc::Utf8Bom => [&[0xef, 0xbb, 0xbf][..], text.as_bytes()].concat(),
        Enc::Utf16LeBom => [0xff, 0xfe]
            .into_iter()
            .chain(text.encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect(),
        Enc::Utf16BeBom => [0xfe, 0xff]
            .into_iter()
            .chain(text.encode_utf16().flat_map(|u| u.to_be_bytes()))
            .collect(),
        Enc::Utf16LeNoBom => text.encode_utf16().flat_map(|u| u.to_le_bytes()).collect(),
        Enc::Gbk => encoding_rs::GBK.encode(text).0.into_owned(),
        Enc::Gb18030 => encoding_rs::GB18030.encode(text).0.into_owned(),
        Enc::Big5 => encoding_rs::BIG5.encode(text).0.into_owned(),
    }
}

#[derive(Debug, Clone)]
enum Mutation {
    None,
    /// Keep this fraction (per mille) of the bytes.
    Truncate(u16),
    /// Set the byte at (position per mille) to a value.
    Flip(u16, u8),
    /// Insert raw bytes at (position per mille).
    Splice(u16, Vec<u8>),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        4 => Just(Mutation::None),
        1 => (0u16..1000).prop_map(Mutation::Truncate),
        1 => (0u16..1000, any::<u8>()).prop_map(|(p, b)| Mutation::Flip(p, b)),
        1 => (0u16..1000, prop::collection::vec(any::<u8>(), 1..8))
            .prop_map(|(p, b)| Mutation::Splice(p, b)),
    ]
}

fn at(len: usize, per_mille: u16) -> usize {
    len * usize::from(per_mille) / 1000
}

fn mutate(mut bytes: Vec<u8>, m: &Mutation) -> Vec<u8> {
    match m {
        Mutation::None => {}
        Mutation::Truncate(p) => bytes.truncate(at(bytes.len(), *p)),
        Mutation::Flip(p, b) => {
            let i = at(bytes.len(), *p);
            if let Some(x) = bytes.get_mut(i) {
                *x = *b;
            }
        }
        Mutation::Splice(p, b) => {
            let i = at(bytes.len(), *p);
            bytes.splice(i..i, b.iter().copied());
        }
    }
    bytes
}

fn encoding() -> impl Strategy<Value = Enc> {
    prop_oneof![
        6 => Just(Enc::Utf8),
        1 => Just(Enc::Utf8Bom),
        1 => Just(Enc::Utf16LeBom),
        1 => Just(Enc::Utf16BeBom),
        1 => Just(Enc::Utf16LeNoBom),
        2 => Just(Enc::Gbk),
        1 => Just(Enc::Gb18030),
        1 => Just(Enc::Big5),
    ]
}

fn structured_bytes() -> impl Strategy<Value = Vec<u8>> {
    (structured_text(), encoding(), mutation()).prop_map(|(t, e, m)| mutate(encode(&t, e), &m))
}

/// decode, then parse as plain text and as Markdown; check both models.
fn decode_parse(bytes: &[u8]) -> Result<(), TestCaseError> {
    let decoded = match decode(bytes) {
        Ok(d) => d,
        Err(e) => {
            let msg = e.to_string();
            prop_assert!(!msg.is_empty() && !msg.contains('\n'), "error: {msg:?}");
            return Ok(());
        }
    };
    prop_assert!(!decoded.encoding.is_empty());
    for format in [Format::Plain, Format::Markdown] {
        let doc = parse(decoded.text.clone(), format);
        if format == Format::Plain {
            // Plain text is the document text; Markdown is rendered.
            prop_assert_eq!(&doc.text, &decoded.text, "parse keeps the text");
        }
        if let Err(e) = common::check_document(&doc) {
            return Err(TestCaseError::fail(format!("{format:?}: {e}")));
        }
        let again = parse(decoded.text.clone(), format);
        prop_assert!(again == doc, "parse is deterministic");
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(10_000)))]

    #[test]
    fn decode_parse_structured(bytes in structured_bytes()) {
        decode_parse(&bytes)?;
    }

    #[test]
    fn decode_parse_raw_bytes(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        decode_parse(&bytes)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn full_pipeline(
        bytes in structured_bytes(),
        (w, h) in (0u16..160, 0u16..50),
        keys in prop::collection::vec(prop::sample::select(KEYS), 0..6),
    ) {
        let Ok(decoded) = decode(&bytes) else { return Ok(()) };
        let doc = parse(decoded.text, Format::Plain);
        let ann = yuelan::annotate::annotate(doc, common::resources());
        if let Err(e) = common::check_annotated(&ann) {
            return Err(TestCaseError::fail(e));
        }
        let json = yuelan::export::json::annotated_to_json(&ann);
        // The export survives a round trip (a NaN or an infinite number
        // would come back as null). Numbers are compared to 1e-12: without
        // serde_json's `float_roundtrip` feature the last digit of a weight
        // may differ after parsing.
        let s = serde_json::to_string(&json)
            .map_err(|e| TestCaseError::fail(format!("export does not serialise: {e}")))?;
        let back: serde_json::Value = serde_json::from_str(&s)
            .map_err(|e| TestCaseError::fail(format!("export does not parse back: {e}")))?;
        prop_assert!(same_json(&back, &json), "round trip changed the export");
        render(ann, w, h, &keys)?;
    }
}

/// Keys pressed in the browser before a frame is drawn.
const KEYS: &[&str] = &[
    "j", "ctrl-d", "G", "]]", "w", "]p", "]n", "]q", "e", "s", "?", "8", "tab", "enter", "o", "i",
];

/// Draws the browser on the annotated document into a TestBackend at
/// `w`×`h`, after the keys, then again at 80×24 (a resize).
fn render(
    ann: yuelan::model::Annotated,
    w: u16,
    h: u16,
    keys: &[&str],
) -> Result<(), TestCaseError> {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use std::sync::Arc;
    use yuelan::tui::index::DocIndex;
    use yuelan::tui::keymap::parse_keys;
    use yuelan::tui::{App, view};

    let index = Arc::new(DocIndex::build(&ann));
    let ann = Arc::new(ann);
    let mut app = App::on(
        Arc::new(yuelan::model::Annotated::unannotated(ann.doc.clone())),
        "fuzz",
    );
    app.resize(w, h);
    app.set_annotated(ann, index);
    for k in keys {
        for key in parse_keys(k).unwrap_or_default() {
            app.handle_key(key.to_event());
        }
        app.tick();
    }
    for (w, h) in [(w, h), (80, 24)] {
        app.resize(w, h);
        let mut t = Terminal::new(TestBackend::new(w, h))
            .map_err(|e| TestCaseError::fail(format!("terminal: {e}")))?;
        t.draw(|f| view::draw(f, &app))
            .map_err(|e| TestCaseError::fail(format!("draw: {e}")))?;
    }
    Ok(())
}

/// Equal JSON values, numbers equal to a relative 1e-12.
fn same_json(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value;
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_f64(), y.as_f64()) {
            (Some(x), Some(y)) => (x - y).abs() <= 1e-12 * x.abs().max(1.0),
            _ => x == y,
        },
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_json(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_json(v, w)))
        }
        _ => a == b,
    }
}
