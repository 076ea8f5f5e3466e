//! Decoding: every supported encoding round-trips, binary and empty input is
//! refused, newlines are normalised, mojibake is flagged.

use encoding_rs::{BIG5, GB18030, GBK};
use yuelan::decode::{DecodeError, decode};
use yuelan::source::SAMPLES;

const FEATURE: &str = SAMPLES[0].1;

/// Traditional Chinese text, representable in Big5 (written for this test).
const TRADITIONAL: &str = "臺北市政府今天宣布，將在明年推出新的公共運輸優惠方案，預計每年有超過三百萬人次受惠。\n\
市長在記者會上表示，這項政策經過多次討論，希望能減輕通勤族的負擔，也鼓勵更多市民搭乘捷運與公車。\n\
交通局指出，相關經費約為新臺幣十二億元，將由中央與地方共同分擔。";

#[test]
fn utf8_without_and_with_bom() {
    let d = decode(FEATURE.as_bytes()).expect("decodes");
    assert_eq!(d.encoding, "UTF-8");
    assert_eq!(d.text, FEATURE);
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice(FEATURE.as_bytes());
    let d = decode(&bytes).expect("decodes");
    assert_eq!(d.encoding, "UTF-8");
    assert_eq!(d.text, FEATURE, "the BOM is not part of the text");
}

#[test]
fn utf16_with_bom() {
    let text = "中文𠀀测试 mixed 文本。\n第二行";
    let mut le = vec![0xFF, 0xFE];
    let mut be = vec![0xFE, 0xFF];
    for u in text.encode_utf16() {
        le.extend_from_slice(&u.to_le_bytes());
        be.extend_from_slice(&u.to_be_bytes());
    }
    let d = decode(&le).expect("UTF-16LE decodes");
    assert_eq!((d.encoding, d.text.as_str()), ("UTF-16LE", text));
    let d = decode(&be).expect("UTF-16BE decodes");
    assert_eq!((d.encoding, d.text.as_str()), ("UTF-16BE", text));
}

#[test]
fn gb18030_and_gbk() {
    for (i, (_, sample)) in SAMPLES.iter().enumerate() {
        for enc in [GB18030, GBK] {
            let (bytes, _, unmappable) = enc.encode(sample);
            if unmappable {
                // Only GBK lacks characters (03 has no-break spaces).
                assert_eq!(enc, GBK, "sample {i} fits GB18030");
                continue;
            }
            let d = decode(&bytes).expect("decodes");
            assert_eq!(d.encoding, "GB18030", "sample {i} from {}", enc.name());
            assert_eq!(d.text, *sample);
            assert!(d.warnings.is_empty(), "{:?}", d.warnings);
        }
    }
}

#[test]
fn big5() {
    let (bytes, _, unmappable) = BIG5.encode(TRADITIONAL);
    assert!(!unmappable);
    let d = decode(&bytes).expect("decodes");
    assert_eq!(d.encoding, "Big5");
    assert_eq!(d.text, TRADITIONAL);
}

#[test]
fn newlines_become_lf() {
    let d = decode("第一行。\r\n第二行。\r第三行。\n".as_bytes()).expect("decodes");
    assert_eq!(d.text, "第一行。\n第二行。\n第三行。\n");
    let (bytes, _, _) =
        GB18030.encode("标题\r\n\r\n正文第一段，有中文。\r\n正文第二段也有中文内容。\r\n");
    let d = decode(&bytes).expect("decodes");
    assert_eq!(
        d.text,
        "标题\n\n正文第一段，有中文。\n正文第二段也有中文内容。\n"
    );
}

#[test]
fn empty_and_blank_input() {
    assert_eq!(decode(b""), Err(DecodeError::Empty));
    assert_eq!(decode(b"  \r\n\t\n"), Err(DecodeError::Empty));
    assert_eq!(decode(&[0xEF, 0xBB, 0xBF]), Err(DecodeError::Empty));
}

#[test]
fn binary_is_refused() {
    // NUL bytes (a PNG header).
    let png = [
        0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D,
    ];
    assert!(matches!(decode(&png), Err(DecodeError::Binary { .. })));
    // Mostly control bytes, no NUL.
    let ctl: Vec<u8> = (0..400).map(|i| [1u8, 2, 3, b'a', 0x10][i % 5]).collect();
    assert!(matches!(decode(&ctl), Err(DecodeError::Binary { .. })));
    // UTF-16 with a BOM but NUL code units.
    assert!(matches!(
        decode(&[0xFF, 0xFE, 0, 0, 0x41, 0]),
        Err(DecodeError::Binary { .. })
    ));
    let msg = decode(&png)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(msg.contains("binary"), "{msg}");
}

#[test]
fn mojibake_is_flagged() {
    // UTF-8 bytes once read as Windows-1252 and saved again as UTF-8.
    let (wrong, _, _) = encoding_rs::WINDOWS_1252.decode(FEATURE.as_bytes());
    let d = decode(wrong.as_bytes()).expect("decodes");
    assert_eq!(d.encoding, "UTF-8");
    assert!(
        d.warnings.iter().any(|w| w.contains("mojibake")),
        "{:?}",
        d.warnings
    );
    // Private-use characters.
    let pua: String = "\u{E000}\u{E001}\u{E002}文字".repeat(20);
    let d = decode(pua.as_bytes()).expect("decodes");
    assert!(d.warnings.iter().any(|w| w.contains("mojibake")));
    // Clean text has no warning.
    assert!(
        decode(TRADITIONAL.as_bytes())
            .expect("decodes")
            .warnings
            .is_empty()
    );
}

#[test]
fn malformed_legacy_bytes_are_replaced_with_a_warning() {
    let mut bytes = GB18030.encode(FEATURE).0.into_owned();
    // A lone lead byte at the end: malformed, yet the rest decodes.
    bytes.push(0x81);
    let d = decode(&bytes).expect("decodes");
    assert_eq!(d.encoding, "GB18030");
    assert!(d.text.starts_with("小镇电商里的“新农人”"));
    assert!(
        d.warnings.iter().any(|w| w.contains("U+FFFD")),
        "{:?}",
        d.warnings
    );
}
