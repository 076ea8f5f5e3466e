//! bytes → text, with the encoding found.
//!
//! Order of decisions:
//! 1. empty input is an error;
//! 2. a byte-order mark decides (UTF-8, UTF-16LE, UTF-16BE);
//! 3. NUL bytes or many control bytes mean binary input, refused;
//! 4. valid UTF-8 is UTF-8;
//! 5. otherwise `chardetng` guesses (GB18030/GBK, Big5, …) and `encoding_rs`
//!    decodes, replacing malformed bytes (with a warning).
//!
//! Newlines become LF (CRLF and lone CR). Text that decodes but looks like
//! mojibake (private-use, replacement or C1 control characters, UTF-8 read as
//! Latin-1) is flagged with a warning.

use encoding_rs::{BIG5, Encoding, GB18030, GBK, UTF_8, UTF_16BE, UTF_16LE};
use std::borrow::Cow;
use thiserror::Error;

/// Decoded text (newlines normalised to LF) and what it was decoded from.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    pub text: String,
    /// `UTF-8`, `UTF-16LE`, `UTF-16BE`, `GB18030`, `Big5`, …
    pub encoding: &'static str,
    pub warnings: Vec<String>,
}

#[derive(Debug, Error, PartialEq)]
pub enum DecodeError {
    #[error("the input is empty")]
    Empty,
    #[error("the input looks binary ({reason}), not text")]
    Binary { reason: String },
    #[error("the input is not text in any supported encoding")]
    Undecodable,
}

/// How many leading bytes the binary check looks at.
const SNIFF: usize = 64 * 1024;
/// Share of control bytes above which the input counts as binary.
const MAX_CONTROL_SHARE: f64 = 0.05;
/// How many leading bytes chardetng sees.
const DETECT_SAMPLE: usize = 256 * 1024;
/// Share of replaced characters above which decoding gives up.
const MAX_REPLACED_SHARE: f64 = 0.25;
/// Share of suspicious characters above which mojibake is flagged.
const MOJIBAKE_SHARE: f64 = 0.02;

pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    if bytes.is_empty() {
        return Err(DecodeError::Empty);
    }
    let mut warnings = Vec::new();
    let (raw, encoding): (Cow<'_, str>, &'static str) =
        if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
            let body = &bytes[bom_len..];
            if enc != UTF_8 {
                // UTF-16 legitimately holds NUL bytes; check the code units.
                check_utf16_binary(body, enc == UTF_16LE)?;
            } else {
                check_binary(body)?;
            }
            let (text, had_errors) = enc.decode_without_bom_handling(body);
            if had_errors {
                warnings.push(replaced_warning(&text));
            }
            (text, name_of(enc))
        } else {
            check_binary(bytes)?;
            match std::str::from_utf8(bytes) {
                Ok(s) => (Cow::Borrowed(s), "UTF-8"),
                Err(_) if mostly_utf8(bytes) => {
                    let text = String::from_utf8_lossy(bytes);
                    warnings.push(replaced_warning(&text));
                    (text, "UTF-8")
                }
                Err(_) => {
                    let enc = guess(bytes, true);
                    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
                    if had_errors {
                        let replaced = text.chars().filter(|&c| c == '\u{FFFD}').count();
                        let total = text.chars().count().max(1);
                        if replaced as f64 / total as f64 > MAX_REPLACED_SHARE {
                            return Err(DecodeError::Undecodable);
                        }
                        warnings.push(replaced_warning(&text));
                    }
                    (text, name_of(enc))
                }
            }
        };
    finish(&raw, encoding, warnings)
}

/// The decoded text with its line ends normalised, refused when empty,
/// with a warning when it looks like mojibake (both [`decode`] and
/// [`decode_head`] end here).
fn finish(
    raw: &str,
    encoding: &'static str,
    mut warnings: Vec<String>,
) -> Result<Decoded, DecodeError> {
    let text = normalise_newlines(raw);
    if text.trim().is_empty() {
        return Err(DecodeError::Empty);
    }
    if let Some(w) = mojibake_warning(&text) {
        warnings.push(w);
    }
    Ok(Decoded {
        text,
        encoding,
        warnings,
    })
}

/// The encoding of a text without a byte-order mark that is not UTF-8:
/// `chardetng` on its first [`DETECT_SAMPLE`] bytes (`whole`: `bytes` is
/// the whole input, not a head of it), GBK read as its superset GB18030,
/// and a Chinese reading preferred (see [`chinese_fallback`]).
fn guess(bytes: &[u8], whole: bool) -> &'static Encoding {
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    // A sample is enough to tell the encoding; the whole file would make
    // detection the slowest step on large inputs.
    let sample = &bytes[..bytes.len().min(DETECT_SAMPLE)];
    det.feed(sample, whole && sample.len() == bytes.len());
    // `None`: no top-level domain hint; allow UTF-8 guesses.
    let enc = det.guess(None, chardetng::Utf8Detection::Allow);
    if enc == GBK {
        GB18030
    } else if enc == BIG5 {
        enc
    } else {
        // chardetng rules an encoding out on one malformed sequence (a
        // truncated file); a Chinese text with a few bad bytes is still
        // best read as Chinese.
        chinese_fallback(bytes).unwrap_or(enc)
    }
}

/// How many bytes the head of a big input should have for [`decode_head`]
/// to find the encoding [`decode`] finds for the whole: the sample the
/// encoding detector sees.
pub const HEAD_BYTES: usize = DETECT_SAMPLE;

/// The beginning of an input whose rest is not read yet (the browser's
/// first screen of a big file), decoded as [`decode`] decodes the whole:
/// the same decisions, taken from the head alone (the byte-order mark, the
/// binary check, UTF-8 or not, the detector's guess on the same sample
/// when the head has [`HEAD_BYTES`]). `head` may end inside a character
/// (of any encoding: UTF-8, GB18030, Big5, UTF-16): a streaming decoder
/// holds the incomplete character back, so the text is what the whole
/// input decodes to up to the last whole character of the head.
pub fn decode_head(head: &[u8]) -> Result<Decoded, DecodeError> {
    if head.is_empty() {
        return Err(DecodeError::Empty);
    }
    let (enc, body, guessed) = if let Some((enc, bom_len)) = Encoding::for_bom(head) {
        let body = &head[bom_len..];
        if enc != UTF_8 {
            check_utf16_binary(body, enc == UTF_16LE)?;
        } else {
            check_binary(body)?;
        }
        (enc, body, false)
    } else {
        check_binary(head)?;
        // Valid but for a character cut at the end: UTF-8.
        let utf8 = match std::str::from_utf8(head) {
            Ok(_) => true,
            Err(e) => e.error_len().is_none(),
        };
        if utf8 || mostly_utf8(head) {
            (UTF_8, head, false)
        } else {
            (guess(head, false), head, true)
        }
    };
    let mut decoder = enc.new_decoder_without_bom_handling();
    let room = decoder
        .max_utf8_buffer_length(body.len())
        .unwrap_or(body.len().saturating_mul(3));
    let mut raw = String::with_capacity(room);
    // `last: false`: an incomplete character at the end is not an error.
    let (_, _, had_errors) = decoder.decode_to_string(body, &mut raw, false);
    let mut warnings = Vec::new();
    if had_errors {
        if guessed {
            let replaced = raw.chars().filter(|&c| c == '\u{FFFD}').count();
            let total = raw.chars().count().max(1);
            if replaced as f64 / total as f64 > MAX_REPLACED_SHARE {
                return Err(DecodeError::Undecodable);
            }
        }
        warnings.push(replaced_warning(&raw));
    }
    finish(&raw, name_of(enc), warnings)
}

/// How many leading bytes a reader hands to [`sniff`] before reading the
/// rest: binary input is refused after one block, not after reading it all.
pub const FIRST_BLOCK: usize = SNIFF;

/// The binary check alone, on the first block of an input (see
/// [`FIRST_BLOCK`]); [`decode`] repeats it on the whole.
pub fn sniff(head: &[u8]) -> Result<(), DecodeError> {
    match Encoding::for_bom(head) {
        Some((enc, n)) if enc != UTF_8 => check_utf16_binary(&head[n..], enc == UTF_16LE),
        Some((_, n)) => check_binary(&head[n..]),
        None => check_binary(head),
    }
}

/// The name reported for an encoding: GBK input is read as GB18030 (its
/// superset), so both are reported as `GB18030`.
fn name_of(enc: &'static Encoding) -> &'static str {
    if enc == UTF_8 {
        "UTF-8"
    } else if enc == UTF_16LE {
        "UTF-16LE"
    } else if enc == UTF_16BE {
        "UTF-16BE"
    } else if enc == GB18030 || enc == GBK {
        "GB18030"
    } else if enc == BIG5 {
        "Big5"
    } else {
        enc.name()
    }
}

/// GB18030 or Big5 when one of them decodes `bytes` into mostly Han text
/// with at most 1% of characters replaced.
fn chinese_fallback(bytes: &[u8]) -> Option<&'static Encoding> {
    [GB18030, BIG5].into_iter().find(|enc| {
        let (text, _) = enc.decode_without_bom_handling(bytes);
        let (mut total, mut han, mut bad) = (0usize, 0usize, 0usize);
        for c in text.chars().filter(|c| !c.is_ascii()) {
            total += 1;
            han += usize::from(('\u{4E00}'..='\u{9FFF}').contains(&c));
            bad += usize::from(c == '\u{FFFD}');
        }
        // One bad character is allowed however short the text: the cut-off
        // last character of a truncated file.
        total > 0 && (bad <= 1 || bad * 100 <= total) && han * 10 >= total * 6
    })
}

/// UTF-8 with a few damaged places (a corrupted or truncated UTF-8 file): at
/// least five well-formed multi-byte characters per run of malformed bytes.
/// GBK or Big5 text read as UTF-8 breaks every few characters.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut multibyte, mut runs) = (0usize, 0usize);
    let mut in_run = false;
    for chunk in bytes.utf8_chunks() {
        let valid = chunk.valid();
        multibyte += valid.chars().filter(|c| !c.is_ascii()).count();
        if !valid.is_empty() {
            in_run = false;
        }
        if !chunk.invalid().is_empty() && !in_run {
            runs += 1;
            in_run = true;
        }
    }
    runs > 0 && multibyte >= 5 * runs
}

fn replaced_warning(text: &str) -> String {
    let n = text.chars().filter(|&c| c == '\u{FFFD}').count();
    format!("{n} malformed byte sequence(s) were replaced with U+FFFD")
}

/// A control byte that plain text does not contain (tab, LF, CR, form feed
/// and ESC are allowed).
fn is_bad_control(b: u32) -> bool {
    (b < 0x20 && !matches!(b, 0x09 | 0x0A | 0x0C | 0x0D | 0x1B)) || b == 0x7F
}

fn check_binary(bytes: &[u8]) -> Result<(), DecodeError> {
    let head = &bytes[..bytes.len().min(SNIFF)];
    if bytes.contains(&0) {
        return Err(DecodeError::Binary {
            reason: "it contains NUL bytes".into(),
        });
    }
    control_share(bad_controls(head), head.len())
}

/// How many bytes of `bytes` are [`is_bad_control`]: eight at a time, a
/// word with no byte under 0x20 and no DEL passed at once (plain text has
/// only its line ends there), the bytes of any other word looked at.
fn bad_controls(bytes: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut words = bytes.chunks_exact(8);
    let mut n = 0;
    let one_by_one = |w: &[u8]| w.iter().filter(|&&b| is_bad_control(b as u32)).count();
    for w in words.by_ref() {
        let Ok(word) = <[u8; 8]>::try_from(w) else {
            continue;
        };
        let x = u64::from_le_bytes(word);
        // A byte under 0x20 or equal to 0x7F may be here (a borrow may
        // flag a byte next to one; the bytes themselves then decide).
        let low = x.wrapping_sub(ONES * 0x20) & !x;
        let del = x ^ (ONES * 0x7f);
        if (low | (del.wrapping_sub(ONES) & !del)) & HIGH != 0 {
            n += one_by_one(w);
        }
    }
    n + one_by_one(words.remainder())
}

fn check_utf16_binary(body: &[u8], le: bool) -> Result<(), DecodeError> {
    let units = body.chunks_exact(2).map(|c| {
        if le {
            u16::from_le_bytes([c[0], c[1]])
        } else {
            u16::from_be_bytes([c[0], c[1]])
        }
    });
    let mut total = 0;
    let mut controls = 0;
    let mut nul = false;
    for u in units.take(SNIFF / 2) {
        total += 1;
        nul |= u == 0;
        if is_bad_control(u as u32) {
            controls += 1;
        }
    }
    if nul {
        return Err(DecodeError::Binary {
            reason: "it contains NUL characters".into(),
        });
    }
    control_share(controls, total)
}

fn control_share(controls: usize, total: usize) -> Result<(), DecodeError> {
    if total > 0 && controls as f64 / total as f64 > MAX_CONTROL_SHARE {
        return Err(DecodeError::Binary {
            reason: format!(
                "{:.0}% of its bytes are control characters",
                100.0 * controls as f64 / total as f64
            ),
        });
    }
    Ok(())
}

/// CRLF and lone CR become LF.
pub fn normalise_newlines(text: &str) -> String {
    if !text.contains('\r') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
}

/// Characters that rarely occur in real text but often in mis-decoded text.
fn is_suspicious(c: char) -> bool {
    matches!(c,
        '\u{FFFD}'                      // replacement character
        | '\u{0080}'..='\u{009F}'       // C1 controls
        | '\u{E000}'..='\u{F8FF}'       // private use
        | '\u{F0000}'..='\u{10FFFF}'    // supplementary private use
        | '\u{3400}'..='\u{4DBF}'       // CJK extension A (rare in modern text)
        | '\u{F900}'..='\u{FAFF}'       // CJK compatibility ideographs
    )
}

/// Latin-1 letters followed by a UTF-8 continuation read as Latin-1 or
/// Windows-1252 (`Ã¤`, `â€œ`): UTF-8 decoded with the wrong code page.
fn is_latin1_mojibake_pair(a: char, b: char) -> bool {
    matches!(a, '\u{00C2}'..='\u{00EF}')
        && (matches!(b, '\u{0080}'..='\u{00BF}')
            || matches!(
                b,
                '€' | '‚'
                    | 'ƒ'
                    | '„'
                    | '…'
                    | '†'
                    | '‡'
                    | 'ˆ'
                    | '‰'
                    | 'Š'
                    | '‹'
                    | 'Œ'
                    | 'Ž'
                    | '‘'
                    | '’'
                    | '“'
                    | '”'
                    | '•'
                    | '–'
                    | '—'
                    | '˜'
                    | '™'
                    | 'š'
                    | '›'
                    | 'œ'
                    | 'ž'
                    | 'Ÿ'
            ))
}

/// A warning when the share of suspicious characters is high.
pub fn mojibake_warning(text: &str) -> Option<String> {
    let mut total = 0usize;
    let mut bad = 0usize;
    let mut prev = '\0';
    for c in text.chars() {
        // Common ideographs (most of a Chinese text) are neither space nor
        // suspicious, and end no mojibake pair.
        if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
            total += 1;
            prev = c;
            continue;
        }
        if c.is_whitespace() {
            prev = c;
            continue;
        }
        total += 1;
        if is_suspicious(c) || is_latin1_mojibake_pair(prev, c) {
            bad += 1;
        }
        prev = c;
    }
    let share = bad as f64 / total.max(1) as f64;
    (bad >= 3 && share > MOJIBAKE_SHARE).then(|| {
        format!(
            "the text may be mojibake (wrongly decoded): {:.1}% of its characters are \
             private-use, replacement, control or rare characters",
            share * 100.0
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newlines() {
        assert_eq!(normalise_newlines("a\r\nb\rc\n\r\n"), "a\nb\nc\n\n");
        assert_eq!(normalise_newlines("无回车"), "无回车");
    }

    #[test]
    fn mojibake_flags_latin1_reading_of_utf8() {
        let s = "中文新闻报道";
        let (wrong, _, _) = encoding_rs::WINDOWS_1252.decode(s.as_bytes());
        assert!(mojibake_warning(&wrong).is_some());
        assert!(mojibake_warning(s).is_none());
    }

    #[test]
    fn a_few_bad_bytes_in_utf8_stay_utf8() {
        let mut bytes = "上海市统计局昨天发布数据。全市生产总值增长。"
            .as_bytes()
            .to_vec();
        bytes.splice(6..6, [0xff, 0xfe, 0x80]);
        bytes.extend_from_slice(&[0xe4, 0xb8]);
        let d = decode(&bytes);
        assert!(
            d.as_ref().is_ok_and(|d| d.encoding == "UTF-8"
                && d.text.contains("统计局昨天发布数据")
                && !d.warnings.is_empty()),
            "{d:?}"
        );
    }

    #[test]
    fn truncated_short_gbk_is_still_gbk() {
        let (bytes, _, _) = GBK.encode("上海市统计局昨天发布数据。\n局长说：最后一句话");
        let mut bytes = bytes.into_owned();
        bytes.pop();
        let d = decode(&bytes);
        assert!(
            d.as_ref()
                .is_ok_and(|d| d.encoding == "GB18030" && d.text.contains("局长说：最后一句")),
            "{d:?}"
        );
    }

    /// For every cut of `bytes` in `cuts`: the head decodes to what the
    /// whole decodes to, up to the head's last whole character (`ends[i]`:
    /// the byte where the text's `i`-th character ends). Returns how many
    /// cuts fell inside a character.
    fn check_heads(
        text: &str,
        bytes: &[u8],
        ends: &[usize],
        cuts: std::ops::Range<usize>,
    ) -> usize {
        let whole = decode(bytes);
        let Ok(whole) = whole else {
            panic!("{whole:?}");
        };
        let mut inside = 0;
        for cut in cuts {
            let head = decode_head(&bytes[..cut]);
            let Ok(head) = head else {
                panic!("cut at {cut}: {head:?}");
            };
            assert_eq!(head.encoding, whole.encoding, "cut at {cut}");
            let chars = ends.iter().take_while(|&&e| e <= cut).count();
            inside += usize::from(!ends.contains(&cut));
            let expected = normalise_newlines(&text.chars().take(chars).collect::<String>());
            assert_eq!(head.text, expected, "cut at {cut}");
            assert!(whole.text.starts_with(&head.text), "cut at {cut}");
            assert!(
                head.warnings.is_empty(),
                "cut at {cut}: {:?}",
                head.warnings
            );
        }
        inside
    }

    /// Where each character of `text` ends in its encoding.
    fn char_ends(text: &str, start: usize, len: impl Fn(char) -> usize) -> Vec<usize> {
        text.chars()
            .scan(start, |at, c| {
                *at += len(c);
                Some(*at)
            })
            .collect()
    }

    const NEWS: &str = "上海市统计局昨天发布数据，全市生产总值同比增长百分之五。\r\n\
                        局长说：“数据说明经济稳中向好。”记者王小明报道。\n\n";

    #[test]
    fn a_gbk_head_cut_inside_a_character_decodes_as_the_whole() {
        let text = NEWS.repeat(60);
        let (bytes, _, bad) = GBK.encode(&text);
        assert!(!bad);
        let ends = char_ends(&text, 0, |c| if c.is_ascii() { 1 } else { 2 });
        assert_eq!(ends.last(), Some(&bytes.len()));
        let inside = check_heads(&text, &bytes, &ends, 2000..2100);
        assert!(inside > 30, "{inside}");
    }

    #[test]
    fn a_big5_head_cut_inside_a_character_decodes_as_the_whole() {
        let text = "臺北市統計處昨天發布數據，全市生產總值較去年增長百分之五。\n\
                    處長說：「數據顯示經濟穩定成長。」記者王小明報導。\n\n"
            .repeat(60);
        let (bytes, _, bad) = BIG5.encode(&text);
        assert!(!bad);
        let ends = char_ends(&text, 0, |c| if c.is_ascii() { 1 } else { 2 });
        let inside = check_heads(&text, &bytes, &ends, 3001..3051);
        assert!(inside > 10, "{inside}");
    }

    #[test]
    fn a_utf16_head_cut_inside_a_character_decodes_as_the_whole() {
        // With a character outside the BMP (a surrogate pair, 4 bytes).
        let text = format!("{NEWS}姓氏“𠮷”很少见。\n").repeat(40);
        for le in [true, false] {
            let mut bytes = if le {
                vec![0xFF, 0xFE]
            } else {
                vec![0xFE, 0xFF]
            };
            for u in text.encode_utf16() {
                bytes.extend(if le { u.to_le_bytes() } else { u.to_be_bytes() });
            }
            let ends = char_ends(&text, 2, |c| 2 * c.len_utf16());
            let pair = text
                .find('𠮷')
                .map_or(0, |i| 2 + 2 * text[..i].encode_utf16().count());
            // Cuts around the first surrogate pair and across later text.
            let inside = check_heads(&text, &bytes, &ends, pair..pair + 4)
                + check_heads(&text, &bytes, &ends, 1501..1540);
            assert!(inside > 20, "{inside}");
        }
    }

    #[test]
    fn a_utf8_head_cut_inside_a_character_decodes_as_the_whole() {
        let text = NEWS.repeat(30);
        let ends = char_ends(&text, 0, char::len_utf8);
        let inside = check_heads(&text, text.as_bytes(), &ends, 1000..1040);
        assert!(inside > 20, "{inside}");
    }

    #[test]
    fn whitespace_only_is_empty() {
        assert_eq!(decode(b" \n\r\n\t"), Err(DecodeError::Empty));
    }
}
