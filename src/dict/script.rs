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
use std::collections::{HashMap, HashSet};
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
pub fn phrases(text: &str, to: Script, fallback: impl Fn(&str) -> String) -> String {
    let Some(cc) = opencc(to) else {
        return fallback(text);
    };
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let converted = cc.convert(line);
        if converted.chars().count() == line.chars().count() {
            out.push_str(&converted);
        } else {
            out.push_str(&fallback(line));
        }
    }
    out
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

/// The character maps.
#[derive(Debug, Default)]
pub struct ScriptMap {
    t2s: HashMap<char, char>,
    s2t: HashMap<char, char>,
    /// Characters found in traditional headwords and never in simplified ones.
    traditional_only: HashSet<char>,
    /// Characters found in simplified headwords and never in traditional ones.
    simplified_only: HashSet<char>,
}

impl ScriptMap {
    /// Derives the maps from the dictionary's paired headwords.
    pub fn from_cedict(dict: &Cedict) -> ScriptMap {
        let mut pairs: HashMap<(char, char), u32> = HashMap::new();
        let mut in_trad: HashSet<char> = HashSet::new();
        let mut in_simp: HashSet<char> = HashSet::new();
        for e in dict.entries() {
            in_trad.extend(e.traditional.chars());
            in_simp.extend(e.simplified.chars());
            let (t, s) = (e.traditional.chars(), e.simplified.chars());
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
        let pick = |m: &mut HashMap<char, (char, u32)>, from: char, to: char, n: u32| {
            let rank = |c: char, n: u32| (n, c == from, std::cmp::Reverse(c));
            let slot = m.entry(from).or_insert((to, n));
            if rank(to, n) > rank(slot.0, slot.1) {
                *slot = (to, n);
            }
        };
        let mut t2s: HashMap<char, (char, u32)> = HashMap::new();
        let mut s2t: HashMap<char, (char, u32)> = HashMap::new();
        for (&(t, s), &n) in &pairs {
            pick(&mut t2s, t, s, n);
            pick(&mut s2t, s, t, n);
        }
        let changes = |m: HashMap<char, (char, u32)>| -> HashMap<char, char> {
            m.into_iter()
                .filter(|(k, (v, _))| k != v)
                .map(|(k, (v, _))| (k, v))
                .collect()
        };
        ScriptMap {
            t2s: changes(t2s),
            s2t: changes(s2t),
            traditional_only: in_trad.difference(&in_simp).copied().collect(),
            simplified_only: in_simp.difference(&in_trad).copied().collect(),
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
    /// Whether `c` is only ever a traditional form (臺 灣 軟 體 …).
    pub fn is_traditional_only(&self, c: char) -> bool {
        self.traditional_only.contains(&c)
    }
    /// Whether `c` is only ever a simplified form (湾 软 体 … but not 台,
    /// which is also traditional in its own right).
    pub fn is_simplified_only(&self, c: char) -> bool {
        self.simplified_only.contains(&c)
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

    /// Converts character by character to Simplified, keeping a map back to
    /// the original's byte offsets.
    pub fn to_simplified(&self, text: &str) -> Converted {
        Converted::new(text, |c| self.to_simplified_char(c))
    }
}

/// A text converted character for character, with the way back: every byte
/// offset of the converted text that is a char boundary maps to the offset
/// of the same character in the original.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Converted {
    pub text: String,
    /// `to_original[i]` for each converted char boundary `i`, plus the end.
    to_original: Vec<usize>,
}

impl Converted {
    /// `converted` as a conversion of `original` character for character;
    /// `None` when their lengths in characters differ.
    pub fn aligned(original: &str, converted: &str) -> Option<Converted> {
        if original.chars().count() != converted.chars().count() {
            return None;
        }
        let mut to_original = Vec::with_capacity(converted.len() + 1);
        for ((i, _), d) in original.char_indices().zip(converted.chars()) {
            to_original.extend(std::iter::repeat_n(i, d.len_utf8()));
        }
        to_original.push(original.len());
        Some(Converted {
            text: converted.to_string(),
            to_original,
        })
    }

    pub fn new(original: &str, mut convert: impl FnMut(char) -> char) -> Converted {
        let mut text = String::with_capacity(original.len());
        let mut to_original = Vec::with_capacity(original.len() + 1);
        for (i, c) in original.char_indices() {
            let d = convert(c);
            let from = text.len();
            text.push(d);
            // Every byte of the converted char points at the original char.
            to_original.extend(std::iter::repeat_n(i, text.len() - from));
        }
        to_original.push(original.len());
        Converted { text, to_original }
    }

    /// The original byte offset of converted offset `pos` (clamped).
    pub fn original_offset(&self, pos: usize) -> usize {
        self.to_original
            .get(pos)
            .or(self.to_original.last())
            .copied()
            .unwrap_or(0)
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
        assert!(m.is_traditional_only('灣') && !m.is_traditional_only('台'));
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
        let aligned = Converted::aligned("a臺灣𠀀", "a台湾𠀀");
        let conv = aligned.as_ref().map(|c| c.original_offset(4));
        assert_eq!(conv, Some("a臺".len()), "offset of 湾 is that of 灣");
        assert!(Converted::aligned("ab", "abc").is_none());
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
