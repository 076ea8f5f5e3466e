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
#[path = "common/fuzz_input.rs"]
mod fuzz_input;

use fuzz_input::{Enc, Mutation, PIECES, encode, mutate};
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

/// Text made of the shared pieces (tests/common/fuzz_input.rs).
fn structured_text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..120).prop_map(|v| v.concat())
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

fn encoding() -> impl Strategy<Value = Enc> {
    prop::strategy::Union::new_weighted(
        Enc::WEIGHTED
            .iter()
            .map(|&(w, e)| (w, Just(e).boxed()))
            .collect(),
    )
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
    for format in [Format::Plain, Format::Markdown, Format::Html] {
        let doc = parse(decoded.text.clone(), format);
        if format == Format::Plain {
            // Plain text is the document text; Markdown and HTML are rendered.
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
