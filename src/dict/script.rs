//! Simplified ↔ Traditional: phrase-level conversion with OpenCC's tables
//! (through the ferrous-opencc crate, [`phrases`]); character maps derived
//! from CC-CEDICT for detecting the script and as the fallback.
//!
//! Character maps come from the dictionary itself: every entry whose two
//! headwords have the same length pairs their characters, and each character
//! maps to the partner it is paired with most often. Conversion is always
//! character for character, so a converted text has the same number of
//! characters as the original: offsets carry over (see [`Converted`]), and
//! display widths do not change.
//!
//! Traditional → Simplified is nearly always many-to-one, so the character
//! map suffices. Simplified → Traditional is one-to-many (发 → 發/髮), so
//! display conversion goes word by word through the dictionary first
//! ([`super::Dictionary::to_script`]).

use super::cedict::Cedict;
use crate::model::Span;
use ferrous_opencc::OpenCC;
use ferrous_opencc::config::BuiltinConfig;
use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::LazyLock;

static S2T: LazyLock<Option<OpenCC>> =
    LazyLock::new(|| OpenCC::from_config(BuiltinConfig::S2t).ok());
static T2S: LazyLock<Option<OpenCC>> =
    LazyLock::new(|| OpenCC::from_config(BuiltinConfig::T2s).ok());

/// OpenCC's converter to `to` (standard Traditional for `s2t`), built on
/// first use; `None` if its embedded tables cannot be loaded.
fn opencc(to: Script) -> Option<&'static OpenCC> {
    match to {
        Script::Traditional => S2T.as_ref(),
        Script::Simplified => T2S.as_ref(),
    }
}

/// `text` converted to `to` by OpenCC's phrase tables, line by line,
/// keeping every line's length in characters (so offsets and display widths
/// carry over): a line whose conversion changes its length — or all of
/// them, if OpenCC cannot be loaded — is converted by `fallback` instead,
/// which must keep the length.
pub fn phrases(text: &str, to: Script, fallback: impl Fn(&str) -> String + Sync) -> String {
    let Some(cc) = opencc(to) else {
        return fallback(text);
    };
    let convert = |part: &str| {
        let mut out = String::with_capacity(part.len());
        for line in part.split_inclusive('\n') {
            let converted = cc.convert(line);
            if converted.chars().count() == line.chars().count() {
                out.push_str(&converted);
            } else {
                out.push_str(&fallback(line));
            }
        }
        out
    };
    // A long text in pieces of whole lines, two at a time on rayon's pool
    // (the lines convert alone): only two pieces' copies beside the result.
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        let (a, after) = split_lines(rest, PHRASE_PIECE);
        let (b, after) = split_lines(after, PHRASE_PIECE);
        let (a, b) = if b.is_empty() {
            (convert(a), String::new())
        } else {
            rayon::join(|| convert(a), || convert(b))
        };
        out.push_str(&a);
        out.push_str(&b);
        rest = after;
    }
    out
}

/// The bytes of text [`phrases`] converts in one piece.
const PHRASE_PIECE: usize = 256 * 1024;

/// `text` cut after the first line feed at or past byte `at` (all of it when
/// there is none).
fn split_lines(text: &str, at: usize) -> (&str, &str) {
    let cut = text
        .as_bytes()
        .get(at..)
        .and_then(|tail| memchr::memchr(b'\n', tail))
        .map_or(text.len(), |i| at + i + 1);
    text.split_at(cut)
}

/// Which script a text is written in, or should be shown in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Script {
    #[default]
    Simplified,
    Traditional,
}

impl Script {
    pub fn other(self) -> Script {
        match self {
            Script::Simplified => Script::Traditional,
            Script::Traditional => Script::Simplified,
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Script::Simplified => "simplified",
            Script::Traditional => "traditional",
        }
    }
}

/// A set of characters: a bit per code point up to the largest member.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct CharSet(Vec<u64>);

impl CharSet {
    fn contains(&self, c: char) -> bool {
        let c = c as usize;
        self.0.get(c / 64).is_some_and(|w| w & (1 << (c % 64)) != 0)
    }
}

impl FromIterator<char> for CharSet {
    fn from_iter<I: IntoIterator<Item = char>>(chars: I) -> CharSet {
        let mut bits = Vec::new();
        for c in chars {
            let c = c as usize;
            if bits.len() <= c / 64 {
                bits.resize(c / 64 + 1, 0u64);
            }
            bits[c / 64] |= 1 << (c % 64);
        }
        CharSet(bits)
    }
}

impl CharSet {
    /// The members in code point order.
    fn chars(&self) -> impl Iterator<Item = char> + '_ {
        self.0.iter().enumerate().flat_map(|(i, &w)| {
            (0..64)
                .filter(move |b| w & (1 << b) != 0)
                .filter_map(move |b| char::from_u32((i * 64 + b) as u32))
        })
    }
}

/// The characters that tell the scripts apart: those found only in
/// CC-CEDICT's Traditional headwords and those found only in its
/// Simplified ones. All that [`ScriptChars::detect`] reads; shipped
/// derived (`data/cedict/script_chars.txt`, [`ScriptChars::parse`]) so
/// that deciding a text's script does not inflate the dictionary.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ScriptChars {
    /// Characters found in traditional headwords and never in simplified ones.
    traditional_only: CharSet,
    /// Characters found in simplified headwords and never in traditional ones.
    simplified_only: CharSet,
}

/// The line of [`ScriptChars::to_text`] that lists each set.
const TRADITIONAL_ONLY: &str = "traditional-only: ";
const SIMPLIFIED_ONLY: &str = "simplified-only: ";

impl ScriptChars {
    /// Whether `c` is only ever a traditional form (臺 灣 軟 體 …).
    pub fn is_traditional_only(&self, c: char) -> bool {
        self.traditional_only.contains(c)
    }
    /// Whether `c` is only ever a simplified form (湾 软 体 … but not 台,
    /// which is also traditional in its own right).
    pub fn is_simplified_only(&self, c: char) -> bool {
        self.simplified_only.contains(c)
    }

    /// Which script `text` is written in: Traditional when characters found
    /// only in Traditional outnumber those found only in Simplified.
    pub fn detect(&self, text: &str) -> Script {
        let (mut trad, mut simp) = (0usize, 0usize);
        for c in text.chars() {
            if self.is_traditional_only(c) {
                trad += 1;
            } else if self.is_simplified_only(c) {
                simp += 1;
            }
        }
        if trad > simp {
            Script::Traditional
        } else {
            Script::Simplified
        }
    }

    /// The two sets as the shipped file has them: `#` comment lines, then
    /// a line of each set's characters in code point order.
    pub fn to_text(&self) -> String {
        let mut out = String::from(
            "# Characters found only in CC-CEDICT's Traditional headwords, and only\n\
             # in its Simplified ones (derived from CC-CEDICT: CC BY-SA 4.0).\n\
             # Written by `cargo run --release --example script_chars -- FILE`.\n",
        );
        for (head, set) in [
            (TRADITIONAL_ONLY, &self.traditional_only),
            (SIMPLIFIED_ONLY, &self.simplified_only),
        ] {
            out.push_str(head);
            out.extend(set.chars());
            out.push('\n');
        }
        out
    }

    /// Reads [`ScriptChars::to_text`]'s form; `None` when a set's line is
    /// missing.
    pub fn parse(text: &str) -> Option<ScriptChars> {
        let set = |head: &str| {
            text.lines()
                .find_map(|l| l.strip_prefix(head))
                .map(|chars| chars.chars().collect::<CharSet>())
        };
        Some(ScriptChars {
            traditional_only: set(TRADITIONAL_ONLY)?,
            simplified_only: set(SIMPLIFIED_ONLY)?,
        })
    }
}

/// The character maps.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ScriptMap {
    t2s: FxHashMap<char, char>,
    s2t: FxHashMap<char, char>,
    /// The characters that tell the scripts apart.
    chars: ScriptChars,
}

impl ScriptMap {
    /// Derives the maps from the dictionary's paired headwords.
    pub fn from_cedict(dict: &Cedict) -> ScriptMap {
        ScriptMap::from_headwords(dict.entries().map(|e| (e.traditional, e.simplified)))
    }

    /// Derives the maps from CC-CEDICT's headwords, (traditional,
    /// simplified) entry by entry in the file's order.
    pub fn from_headwords<'a>(entries: impl Iterator<Item = (&'a str, &'a str)>) -> ScriptMap {
        let mut pairs: FxHashMap<(char, char), u32> = FxHashMap::default();
        let mut in_trad: FxHashSet<char> = FxHashSet::default();
        let mut in_simp: FxHashSet<char> = FxHashSet::default();
        for (traditional, simplified) in entries {
            in_trad.extend(traditional.chars());
            in_simp.extend(simplified.chars());
            let (t, s) = (traditional.chars(), simplified.chars());
            if t.clone().count() != s.clone().count() {
                continue;
            }
            // Identical pairs count too: 和 stays 和 although an old variant
            // 咊 also simplifies to it.
            for (tc, sc) in t.zip(s) {
                *pairs.entry((tc, sc)).or_default() += 1;
            }
        }
        // Most frequent partner wins; on a tie the character itself, then the
        // smaller code point, so the result does not depend on hash order.
        let pick = |m: &mut FxHashMap<char, (char, u32)>, from: char, to: char, n: u32| {
            let rank = |c: char, n: u32| (n, c == from, std::cmp::Reverse(c));
            let slot = m.entry(from).or_insert((to, n));
            if rank(to, n) > rank(slot.0, slot.1) {
                *slot = (to, n);
            }
        };
        let mut t2s: FxHashMap<char, (char, u32)> = FxHashMap::default();
        let mut s2t: FxHashMap<char, (char, u32)> = FxHashMap::default();
        for (&(t, s), &n) in &pairs {
            pick(&mut t2s, t, s, n);
            pick(&mut s2t, s, t, n);
        }
        let changes = |m: FxHashMap<char, (char, u32)>| -> FxHashMap<char, char> {
            m.into_iter()
                .filter(|(k, (v, _))| k != v)
                .map(|(k, (v, _))| (k, v))
                .collect()
        };
        ScriptMap {
            t2s: changes(t2s),
            s2t: changes(s2t),
            chars: ScriptChars {
                traditional_only: in_trad.difference(&in_simp).copied().collect(),
                simplified_only: in_simp.difference(&in_trad).copied().collect(),
            },
        }
    }

    /// The simplified form of a character (itself when it has none).
    pub fn to_simplified_char(&self, c: char) -> char {
        self.t2s.get(&c).copied().unwrap_or(c)
    }
    /// The most common traditional form of a character (itself when none).
    pub fn to_traditional_char(&self, c: char) -> char {
        self.s2t.get(&c).copied().unwrap_or(c)
    }
    /// The characters that tell the scripts apart.
    pub fn chars(&self) -> &ScriptChars {
        &self.chars
    }

    /// Which script `text` is written in ([`ScriptChars::detect`]).
    pub fn detect(&self, text: &str) -> Script {
        self.chars.detect(text)
    }

    /// What to segment when `text` is written in Traditional: its Simplified
    /// conversion (OpenCC's phrases where they keep the length, else these
    /// maps character by character), with the way back to the original's
    /// offsets (jieba's dictionary is Simplified). `None` for Simplified
    /// text.
    pub fn for_segmentation(&self, text: &str) -> Option<Converted> {
        (self.detect(text) == Script::Traditional).then(|| self.simplified_for_segmentation(text))
    }

    /// [`ScriptMap::for_segmentation`] of a text known to be Traditional.
    pub fn simplified_for_segmentation(&self, text: &str) -> Converted {
        let simplified = phrases(text, Script::Simplified, |line| {
            line.chars().map(|c| self.to_simplified_char(c)).collect()
        });
        Converted::aligned(text, simplified).unwrap_or_else(|| self.to_simplified(text))
    }

    /// Converts character by character to Simplified, keeping a map back to
    /// the original's byte offsets.
    pub fn to_simplified(&self, text: &str) -> Converted {
        Converted::new(text, |c| self.to_simplified_char(c))
    }
}

/// A text converted character for character, with the way back: every byte
/// offset of the converted text maps to the offset of the same character in
/// the original (a byte inside a character, to the character's start).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Converted {
    pub text: String,
    /// Where the offsets shift: from converted offset `.0` on (a char
    /// boundary), the original offset is the converted one plus `.1`. The
    /// first is `(0, 0)`; one more after each character whose encoded length
    /// the conversion changes (rare: most conversions are within the BMP's
    /// three-byte characters), so the map is small whatever the text's size.
    shifts: Vec<(usize, isize)>,
    /// The original's length in bytes.
    original_len: usize,
}

impl Converted {
    /// `converted` as a conversion of `original` character for character;
    /// `None` when their lengths in characters differ.
    pub fn aligned(original: &str, converted: String) -> Option<Converted> {
        if original.chars().count() != converted.chars().count() {
            return None;
        }
        let mut shifts = vec![(0, 0)];
        let mut from = converted.char_indices().map(|(i, d)| i + d.len_utf8());
        for (i, c) in original.char_indices() {
            let Some(end) = from.next() else { break };
            Self::shift_at(&mut shifts, end, i + c.len_utf8());
        }
        Some(Converted {
            text: converted,
            shifts,
            original_len: original.len(),
        })
    }

    pub fn new(original: &str, mut convert: impl FnMut(char) -> char) -> Converted {
        let mut text = String::with_capacity(original.len());
        let mut shifts = vec![(0, 0)];
        for (i, c) in original.char_indices() {
            text.push(convert(c));
            Self::shift_at(&mut shifts, text.len(), i + c.len_utf8());
        }
        Converted {
            text,
            shifts,
            original_len: original.len(),
        }
    }

    /// Records that converted offset `at` (a char boundary) is original
    /// offset `original`, if the shift there is not the one before.
    fn shift_at(shifts: &mut Vec<(usize, isize)>, at: usize, original: usize) {
        let shift = original as isize - at as isize;
        if shifts.last().is_none_or(|&(_, s)| s != shift) {
            shifts.push((at, shift));
        }
    }

    /// The original byte offset of converted offset `pos` (clamped; a byte
    /// inside a converted character gives the original character's start).
    pub fn original_offset(&self, pos: usize) -> usize {
        if pos >= self.text.len() {
            return self.original_len;
        }
        let pos = crate::text::floor_boundary(&self.text, pos);
        if let [(_, shift)] = self.shifts[..] {
            // Every character kept its length (the common case).
            return pos.saturating_add_signed(shift).min(self.original_len);
        }
        let k = self.shifts.partition_point(|&(at, _)| at <= pos);
        let shift = k
            .checked_sub(1)
            .and_then(|k| self.shifts.get(k))
            .map_or(0, |s| s.1);
        pos.saturating_add_signed(shift).min(self.original_len)
    }

    /// A span of the converted text as a span of the original.
    pub fn original_span(&self, span: Span) -> Span {
        Span::new(
            self.original_offset(span.start),
            self.original_offset(span.end),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> ScriptMap {
        let text = "臺灣 台湾 [Tai2 wan1] /Taiwan/\n\
咊 和 [he2] /old variant of 和/\n\
和平 和平 [he2 ping2] /peace/\n\
臺北 台北 [Tai2 bei3] /Taipei/\n\
軟體 软体 [ruan3 ti3] /software (Tw)/\n\
頭髮 头发 [tou2 fa5] /hair/\n\
發展 发展 [fa1 zhan3] /development/\n\
發現 发现 [fa1 xian4] /to find/\n\
台 台 [tai2] /platform/\n";
        ScriptMap::from_cedict(&Cedict::parse(text.to_string()))
    }

    #[test]
    fn maps_pair_characters_by_frequency() {
        let m = small();
        assert_eq!(m.to_simplified_char('臺'), '台');
        assert_eq!(m.to_simplified_char('髮'), '发');
        assert_eq!(m.to_simplified_char('發'), '发');
        assert_eq!(m.to_traditional_char('发'), '發', "two words against one");
        assert_eq!(m.to_traditional_char('台'), '臺');
        assert_eq!(m.to_traditional_char('和'), '和', "identity outnumbers 咊");
        assert_eq!(m.to_simplified_char('咊'), '和');
        assert_eq!(m.to_simplified_char('x'), 'x');
        assert!(m.chars().is_traditional_only('灣') && !m.chars().is_traditional_only('台'));
    }

    #[test]
    fn detects_the_script() {
        let m = small();
        assert_eq!(m.detect("臺灣的軟體發展"), Script::Traditional);
        assert_eq!(m.detect("台湾的软体发展"), Script::Simplified);
        assert_eq!(m.detect("abc"), Script::Simplified);
    }

    #[test]
    fn phrases_follow_the_word_and_keep_the_length() {
        let keep = |s: &str| s.to_string();
        assert_eq!(
            phrases("头发和发展", Script::Traditional, keep),
            "頭髮和發展"
        );
        assert_eq!(
            phrases("理发师的头发", Script::Traditional, keep),
            "理髮師的頭髮"
        );
        assert_eq!(
            phrases("皇后的后面", Script::Traditional, keep),
            "皇后的後面"
        );
        assert_eq!(
            phrases("頭髮和發展\n臺灣", Script::Simplified, keep),
            "头发和发展\n台湾"
        );
        let aligned = Converted::aligned("a臺灣𠀀", "a台湾𠀀".to_string());
        let conv = aligned.as_ref().map(|c| c.original_offset(4));
        assert_eq!(conv, Some("a臺".len()), "offset of 湾 is that of 灣");
        assert!(Converted::aligned("ab", "abc".to_string()).is_none());
    }

    /// The way back as it was first built: the original offset of every
    /// byte of the converted text, plus the end.
    fn byte_map(original: &str, convert: impl Fn(char) -> char) -> Vec<usize> {
        let mut map = Vec::new();
        for (i, c) in original.char_indices() {
            map.extend(std::iter::repeat_n(i, convert(c).len_utf8()));
        }
        map.push(original.len());
        map
    }

    #[test]
    fn every_converted_byte_maps_to_its_original_character() {
        // Conversions that change the encoded length (1 → 3, 4 → 1, 3 → 4
        // bytes) among ones that keep it.
        let convert = |c: char| match c {
            'a' => '臺',
            '𠀀' => 'b',
            '灣' => '𠀁',
            '軟' => '软',
            c => c,
        };
        for original in ["", "a", "臺灣𠀀軟體", "xa臺灣𠀀軟體a𠀀y", "𠀀𠀀aa灣灣z"]
        {
            let conv = Converted::new(original, convert);
            let expected = byte_map(original, convert);
            assert_eq!(conv.text.len() + 1, expected.len(), "{original}");
            for (pos, &want) in expected.iter().enumerate() {
                assert_eq!(conv.original_offset(pos), want, "{original} at {pos}");
            }
            assert_eq!(conv.original_offset(conv.text.len() + 5), original.len());
            let aligned = Converted::aligned(original, conv.text.clone());
            assert_eq!(aligned.as_ref(), Some(&conv), "{original}");
        }
        // The map stays small: one shift per change of encoded length.
        let long = "臺軟體發展".repeat(10_000);
        assert_eq!(Converted::new(&long, convert).shifts.len(), 1);
    }

    #[test]
    fn a_long_text_converts_as_its_lines_do() {
        let line = "頭髮和發展，臺灣的軟體。\n";
        let text = line.repeat(2 * PHRASE_PIECE / line.len() + 7) + "臺灣";
        let by_line = |text: &str| -> String {
            text.split_inclusive('\n')
                .map(|l| phrases(l, Script::Simplified, |l| l.to_string()))
                .collect()
        };
        let whole = phrases(&text, Script::Simplified, |l| l.to_string());
        assert_eq!(whole, by_line(&text));
        assert!(whole.ends_with("台湾") && whole.starts_with("头发和发展"));
        assert_eq!(whole.chars().count(), text.chars().count());
    }

    #[test]
    fn pieces_end_at_line_feeds() {
        assert_eq!(split_lines("ab\ncd\nef", 1), ("ab\n", "cd\nef"));
        assert_eq!(split_lines("ab\ncd\nef", 2), ("ab\n", "cd\nef"));
        assert_eq!(split_lines("ab\ncd\nef", 3), ("ab\ncd\n", "ef"));
        assert_eq!(split_lines("abcdef", 2), ("abcdef", ""));
        assert_eq!(split_lines("ab", 9), ("ab", ""));
    }

    #[test]
    fn the_maps_from_the_headwords_are_the_dictionarys() {
        let text = match super::super::cedict::inflate(super::super::CEDICT_GZ) {
            Ok(text) => text,
            Err(e) => panic!("the embedded CC-CEDICT: {e}"),
        };
        let alone = ScriptMap::from_headwords(super::super::cedict::headwords(&text));
        let dict = ScriptMap::from_cedict(&Cedict::parse(text));
        assert!(alone == dict, "the maps differ");
        assert!(alone.chars().is_traditional_only('灣') && alone.chars().is_simplified_only('湾'));
        assert_eq!(alone.detect("臺灣的軟體發展"), Script::Traditional);
    }

    #[test]
    fn conversion_keeps_the_way_back_to_original_offsets() {
        let m = small();
        // 𠀀 is four bytes; the ASCII and the non-BMP char keep their width.
        let orig = "a臺灣𠀀軟體";
        let conv = m.to_simplified(orig);
        assert_eq!(conv.text, "a台湾𠀀软体");
        let start = conv.text.find("软体").unwrap_or(0);
        let span = conv.original_span(Span::new(start, start + "软体".len()));
        assert_eq!(span.text(orig), "軟體");
        assert_eq!(conv.original_offset(conv.text.len()), orig.len());
        assert_eq!(conv.original_offset(usize::MAX), orig.len());
    }
}
