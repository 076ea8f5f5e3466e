//! Property tests: for any input, decode + parse never panics, and every span
//! of the model is in bounds, on char boundaries and properly nested.

mod common;

use common::check_invariants;
use proptest::prelude::*;
use yuelan::decode::decode;
use yuelan::model::{CharIndex, Format};
use yuelan::parse::parse;

/// Pieces that exercise the parser's rules: Han text, end marks, quotes,
/// markers, indentation, Markdown, digits and non-BMP characters.
const PIECES: &[&str] = &[
    "中文",
    "测试",
    "标题",
    "。",
    "！",
    "？",
    "?",
    "!",
    ".",
    "…",
    "……",
    "，",
    "：",
    "、",
    "“",
    "”",
    "「",
    "」",
    "（",
    "）",
    "《",
    "》",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    "　　",
    "\u{a0}",
    " ",
    "一、",
    "（一）",
    "1.",
    "2. ",
    "第一章",
    "【",
    "】",
    "# ",
    "## ",
    "- ",
    "> ",
    "```",
    "---",
    "——",
    "本报记者 ",
    "6904.35",
    "１２",
    "𠀀",
    "😀",
    "a",
    "FM",
    "\u{FEFF}",
    "\t",
];

fn doc_text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..120).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn any_bytes_decode_and_parse_cleanly(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        if let Ok(d) = decode(&bytes) {
            prop_assert!(!d.text.contains('\r'));
            for format in [Format::Plain, Format::Markdown] {
                check_invariants(&parse(d.text.clone(), format));
            }
        }
    }

    #[test]
    fn structured_text_parses_cleanly(text in doc_text()) {
        if let Ok(d) = decode(text.as_bytes()) {
            for format in [Format::Plain, Format::Markdown] {
                let doc = parse(d.text.clone(), format);
                check_invariants(&doc);
                // Code-point offsets round-trip for every sentence.
                let idx = CharIndex::new(&doc.text);
                for s in &doc.sentences {
                    let (a, b) = idx.span_to_cp(s.span);
                    prop_assert_eq!(idx.span_from_cp(a, b), s.span);
                    let chars: String = doc.text.chars().skip(a).take(b - a).collect();
                    prop_assert_eq!(chars.as_str(), s.span.text(&doc.text));
                }
            }
        }
    }

    #[test]
    fn parsing_is_deterministic(text in doc_text()) {
        prop_assert_eq!(parse(text.clone(), Format::Plain), parse(text, Format::Plain));
    }
}

#[test]
fn code_points_with_non_bmp_characters() {
    // 𠀀 (U+20000) and 😀 are one code point each, four bytes in UTF-8.
    let text = "𠀀𠀁标题\n\n正文😀第一句。第二句𠀂。\n".to_string();
    let doc = parse(text, Format::Plain);
    check_invariants(&doc);
    let idx = CharIndex::new(&doc.text);
    let title = doc.title.map(|s| idx.span_to_cp(s));
    assert_eq!(title, Some((0, 4)));
    let cps: Vec<(usize, usize)> = doc
        .sentences
        .iter()
        .map(|s| idx.span_to_cp(s.span))
        .collect();
    // "正文😀第一句。" starts after "𠀀𠀁标题\n\n" (6 code points) and has 7.
    assert_eq!(cps, [(6, 13), (13, 18)]);
}
