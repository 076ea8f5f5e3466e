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

    /// Random bytes without NUL (which the decoder refuses at once): the
    /// rest of the decoder is exercised, not only the refusal.
    #[test]
    fn random_bytes_without_nul_decode_and_parse_cleanly(
        bytes in prop::collection::vec(1u8..=255, 0..600)
    ) {
        if let Ok(d) = decode(&bytes) {
            prop_assert!(!d.text.contains('\r'));
            check_invariants(&parse(d.text, Format::Plain));
        }
    }

    /// Text-like input, the common case: Chinese prose with punctuation,
    /// headings and figures, in UTF-8 or GBK/GB18030. It always decodes,
    /// to exactly the text written (newlines normalised), and parses.
    #[test]
    fn chinese_text_in_utf8_and_gbk_round_trips(
        body in doc_text(),
        gbk in any::<bool>(),
    ) {
        let text = format!("统计局发布的数据显示，今年经济运行总体平稳。{body}");
        let bytes = if gbk {
            encoding_rs::GB18030.encode(&text).0.into_owned()
        } else {
            text.clone().into_bytes()
        };
        let expected = yuelan::decode::normalise_newlines(&text);
        match decode(&bytes) {
            Ok(d) => {
                prop_assert_eq!(&d.text, &expected);
                prop_assert_eq!(d.encoding, if gbk && !text.is_ascii() && bytes != text.as_bytes() { "GB18030" } else { "UTF-8" });
                let doc = parse(d.text, Format::Plain);
                check_invariants(&doc);
                prop_assert!(!doc.sentences.is_empty());
            }
            Err(e) => prop_assert!(false, "text-like input refused: {e}"),
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

/// Found by `chinese_text_in_utf8_and_gbk_round_trips`: a lone first line
/// holding a sentence above indented headings was taken for the title,
/// leaving the document without a sentence.
#[test]
fn a_sentence_above_indented_headings_is_body_not_the_title() {
    let text =
        "统计局发布的数据显示，今年经济运行总体平稳。\n\u{3000}\u{3000}一、第一章\n\u{feff}第一章";
    let doc = parse(text.to_string(), Format::Plain);
    check_invariants(&doc);
    assert!(
        doc.title.is_none(),
        "{:?}",
        doc.title.map(|t| t.text(&doc.text))
    );
    assert!(!doc.sentences.is_empty());
}
