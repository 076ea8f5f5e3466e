//! CC-CEDICT and pinyin: the learner's dictionary.
//!
//! The dictionary (CC-CEDICT by MDBG, CC BY-SA 4.0, shipped unmodified in
//! `data/cedict/`) is embedded in the binary and parsed on first use. Call
//! [`preload`] early (it parses on a worker thread) and [`try_shared`] from
//! the interface, which never waits; [`shared`] blocks until it is ready.

pub mod cedict;
pub mod hsk;
pub mod interlinear;
pub mod lookup;
pub mod pinyin;
pub mod reading;
pub mod script;
pub mod wordlist;

use cedict::Cedict;
use script::{Script, ScriptChars, ScriptMap};
use std::sync::OnceLock;

pub use lookup::{CharReading, Reading, WordInfo, is_han, is_name_tag};
pub use pinyin::{Syllable, ToneClass};

/// The shipped CC-CEDICT file, gzip-compressed, unmodified.
pub static CEDICT_GZ: &[u8] = include_bytes!("../../data/cedict/cedict_1_0_ts_utf-8_mdbg.txt.gz");

/// The attribution to show wherever the dictionary's content is shown
/// (README, help/about overlay).
pub const ATTRIBUTION: &str = "Dictionary: CC-CEDICT (2023-11-07), published by MDBG, \
licensed CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/).";

/// The dictionary with its indexes and the script maps derived from it.
#[derive(Debug, Default)]
pub struct Dictionary {
    pub cedict: Cedict,
    pub script: ScriptMap,
    /// Each character's most frequent reading in words, built on first use.
    prior: OnceLock<reading::CharPrior>,
}

impl Dictionary {
    /// Builds the dictionary from gzip-compressed CC-CEDICT bytes.
    pub fn from_gzip(bytes: &[u8]) -> anyhow::Result<Dictionary> {
        Ok(Dictionary::from_cedict(Cedict::from_gzip(bytes)?))
    }

    /// Builds the dictionary from the embedded CC-CEDICT (its script maps
    /// are [`script_maps`]'s, derived once).
    pub fn embedded() -> anyhow::Result<Dictionary> {
        let cedict = Cedict::from_gzip(CEDICT_GZ)?;
        let script = SCRIPT_MAPS
            .get_or_init(|| Some(ScriptMap::from_cedict(&cedict)))
            .clone()
            .unwrap_or_else(|| ScriptMap::from_cedict(&cedict));
        Ok(Dictionary::with_script(cedict, script))
    }

    pub fn from_cedict(cedict: Cedict) -> Dictionary {
        let script = ScriptMap::from_cedict(&cedict);
        Dictionary::with_script(cedict, script)
    }

    fn with_script(cedict: Cedict, script: ScriptMap) -> Dictionary {
        Dictionary {
            cedict,
            script,
            prior: OnceLock::new(),
        }
    }

    /// Each character's most frequent reading in the dictionary's words
    /// (built on first use).
    pub fn char_prior(&self) -> &reading::CharPrior {
        self.prior
            .get_or_init(|| reading::CharPrior::from_dictionary(self))
    }

    /// `text` shown in `to`, character for character (the result has as many
    /// characters as `text`). Phrases are converted with OpenCC's tables
    /// ([`script::phrases`]: 头发 → 頭髮, 发展 → 發展, 皇后 stays 皇后); a line
    /// whose OpenCC conversion would change its length keeps the
    /// dictionary's word-by-word conversion.
    pub fn to_script(&self, text: &str, to: Script) -> String {
        script::phrases(text, to, |line| match to {
            Script::Simplified => line
                .chars()
                .map(|c| self.script.to_simplified_char(c))
                .collect(),
            Script::Traditional => self.to_traditional(line),
        })
    }

    fn to_traditional(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut pos = 0;
        while let Some(c) = text[pos..].chars().next() {
            let mut step = c.len_utf8();
            let mut done = false;
            if lookup::is_han(c) {
                for end in self.match_ends(text, pos).into_iter().rev() {
                    let word = &text[pos..end];
                    if word.chars().count() < 2 {
                        break;
                    }
                    let n = word.chars().count();
                    let best = self
                        .cedict
                        .by_simplified(word)
                        .filter(|e| e.traditional.chars().count() == n)
                        .max_by_key(|e| (e.senses().count(), std::cmp::Reverse(e.id)));
                    if let Some(e) = best {
                        out.push_str(e.traditional);
                        step = end - pos;
                        done = true;
                        break;
                    }
                }
            }
            if !done {
                out.push(self.script.to_traditional_char(c));
            }
            pos += step;
        }
        out
    }
}

/// Common characters that only Traditional writing uses: a quick test that
/// spares Simplified documents the dictionary load. The real decision is
/// [`ScriptMap::detect`], on maps derived from CC-CEDICT.
const TRADITIONAL_HINTS: &str = "們這個來說為國會時與對發經過還後開關體當點產業實現動學無電灣臺見長從問應頭將樣種區裡東車書讓議認幾";

/// Whether `text` has three of the [`TRADITIONAL_HINTS`] (a Traditional
/// text has them at once; a Simplified one rarely).
fn has_traditional_hints(text: &str) -> bool {
    // A bit per Basic Multilingual Plane character: one test per character
    // of the document rather than a scan of the hint string.
    static HINTS: std::sync::LazyLock<Vec<u64>> = std::sync::LazyLock::new(|| {
        let mut bits = vec![0u64; 0x10000 / 64];
        for c in TRADITIONAL_HINTS.chars() {
            let c = c as usize;
            if let Some(w) = bits.get_mut(c / 64) {
                *w |= 1 << (c % 64);
            }
        }
        bits
    });
    let is_hint = |c: char| {
        let c = c as usize;
        HINTS.get(c / 64).is_some_and(|w| w & (1 << (c % 64)) != 0)
    };
    text.chars().filter(|&c| is_hint(c)).take(3).count() == 3
}

/// The conversions [`segmentation_text`] made lately, by text, until
/// [`simplified_text`] takes them: the tokens and the entity units of one
/// document convert it once. At most [`KEPT`]; the oldest goes first.
static MADE: std::sync::Mutex<Vec<(TextKey, std::sync::Arc<script::Converted>)>> =
    std::sync::Mutex::new(Vec::new());
const KEPT: usize = 4;

/// A text's length and hash.
type TextKey = (usize, u64);

fn text_key(text: &str) -> TextKey {
    use std::hash::BuildHasher;
    (text.len(), rustc_hash::FxBuildHasher.hash_one(text))
}

/// For segmentation: when `text` is written in Traditional, its Simplified
/// conversion with the way back to original offsets (derives the script
/// maps only when the text has Traditional characters). The conversion is
/// kept for [`simplified_text`] of the same text.
pub fn segmentation_text(text: &str) -> Option<std::sync::Arc<script::Converted>> {
    if !is_traditional(text) {
        return None;
    }
    let converted = std::sync::Arc::new(script_maps()?.simplified_for_segmentation(text));
    if let Ok(mut made) = MADE.lock() {
        if made.len() >= KEPT {
            made.remove(0);
        }
        made.push((text_key(text), converted.clone()));
    }
    Some(converted)
}

/// [`segmentation_text`]'s converted text, taken from what it kept for
/// `text` if it converted it (else converted now).
pub fn simplified_text(text: &str) -> Option<String> {
    if !is_traditional(text) {
        return None;
    }
    let key = text_key(text);
    let kept = MADE.lock().ok().and_then(|mut made| {
        let i = made.iter().position(|(k, _)| *k == key)?;
        Some(made.remove(i).1)
    });
    // The same length and 64-bit hash: the same text.
    match kept {
        Some(c) => Some(
            std::sync::Arc::try_unwrap(c)
                .map(|c| c.text)
                .unwrap_or_else(|c| c.text.clone()),
        ),
        None => Some(script_maps()?.simplified_for_segmentation(text).text),
    }
}

/// Derives the script maps now if [`segmentation_text`] of `text` will
/// need them (a caller with time to spare: waiting for jieba).
pub fn prepare_segmentation(text: &str) {
    if is_traditional(text) {
        script_maps();
    }
}

/// Whether `text` is written in Traditional ([`ScriptChars::detect`] on
/// the shipped sets, after the quick test of [`has_traditional_hints`]):
/// a Simplified text with a few Traditional characters (後 in a
/// quotation) is told apart without deriving the script maps.
fn is_traditional(text: &str) -> bool {
    has_traditional_hints(text) && script_chars().detect(text) == Script::Traditional
}

/// The characters that tell the scripts apart, as shipped
/// (`data/cedict/script_chars.txt`, derived from the embedded CC-CEDICT by
/// `cargo run --release --example script_chars`; a test checks it is
/// what the headwords give); those of the derived maps if the file does
/// not read.
pub fn script_chars() -> &'static ScriptChars {
    static CHARS: OnceLock<ScriptChars> = OnceLock::new();
    CHARS.get_or_init(|| {
        ScriptChars::parse(SCRIPT_CHARS)
            .or_else(|| script_maps().map(|m| m.chars().clone()))
            .unwrap_or_default()
    })
}

/// The shipped [`ScriptChars`].
pub static SCRIPT_CHARS: &str = include_str!("../../data/cedict/script_chars.txt");

static SCRIPT_MAPS: OnceLock<Option<ScriptMap>> = OnceLock::new();

/// The script maps of the embedded CC-CEDICT, derived on first call from its
/// headwords alone (the dictionary itself is not built: segmenting a text
/// that may be Traditional needs only these); `None` if the embedded data
/// cannot be read. [`Dictionary::embedded`] shares them.
pub fn script_maps() -> Option<&'static ScriptMap> {
    SCRIPT_MAPS
        .get_or_init(|| {
            let text = cedict::inflate(CEDICT_GZ).ok()?;
            Some(ScriptMap::from_headwords(cedict::headwords(&text)))
        })
        .as_ref()
}

static SHARED: OnceLock<Result<Dictionary, String>> = OnceLock::new();

/// The shared dictionary, parsing it on first call (blocks; a few hundred
/// milliseconds). Do not call from the interface thread: use [`try_shared`].
pub fn shared() -> anyhow::Result<&'static Dictionary> {
    SHARED
        .get_or_init(|| Dictionary::embedded().map_err(|e| format!("{e:#}")))
        .as_ref()
        .map_err(|e| anyhow::anyhow!("{e}"))
}

/// The shared dictionary if it is ready; never waits.
pub fn try_shared() -> Option<&'static Dictionary> {
    SHARED.get().and_then(|r| r.as_ref().ok())
}

/// Starts parsing the shared dictionary on a worker thread (no-op when it is
/// ready or already loading).
pub fn preload() {
    static STARTED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
    if SHARED.get().is_some() || STARTED.swap(true, std::sync::atomic::Ordering::Relaxed) {
        return;
    }
    // If the thread cannot be spawned the dictionary loads on first use.
    // The characters' reading prior (which the first reading of a word
    // the dictionary lacks would build) is built here too.
    let _ = std::thread::Builder::new().name("cedict".into()).spawn(|| {
        if let Ok(d) = shared() {
            d.char_prior();
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kept(text: &str) -> bool {
        let key = text_key(text);
        MADE.lock().is_ok_and(|m| m.iter().any(|(k, _)| *k == key))
    }

    #[test]
    fn the_units_take_the_conversion_the_tokens_made() {
        let text = "他們說，這個臺灣的軟體發展得很快。";
        let Some(conv) = segmentation_text(text) else {
            panic!("a Traditional text is converted");
        };
        assert_eq!(conv.text, "他们说，这个台湾的软体发展得很快。");
        assert!(kept(text));
        assert_eq!(simplified_text(text).as_deref(), Some(conv.text.as_str()));
        assert!(!kept(text), "taken, not kept");
        // Asked again (or first), it converts.
        assert_eq!(simplified_text(text).as_deref(), Some(conv.text.as_str()));
        let simplified = "他们说，这个台湾的软体发展得很快。";
        assert!(segmentation_text(simplified).is_none());
        assert!(simplified_text(simplified).is_none());
    }

    #[test]
    fn the_shipped_script_chars_are_the_headwords() {
        // data/cedict/script_chars.txt is what the embedded CC-CEDICT's
        // headwords give (rewrite it with the example script_chars).
        let Some(maps) = script_maps() else {
            panic!("the embedded CC-CEDICT reads");
        };
        let shipped = ScriptChars::parse(SCRIPT_CHARS);
        assert!(
            shipped.as_ref() == Some(maps.chars()),
            "data/cedict/script_chars.txt is stale"
        );
        assert_eq!(
            ScriptChars::parse(&maps.chars().to_text()).as_ref(),
            Some(maps.chars())
        );
        assert!(
            script_chars().is_traditional_only('灣') && !script_chars().is_traditional_only('台')
        );
        assert!(script_chars().is_simplified_only('湾'));
        assert_eq!(ScriptChars::parse("# nothing\n"), None);
    }

    #[test]
    fn a_simplified_text_with_traditional_hints_is_left_as_it_is() {
        // Three of the hints (後 們 這) in quotations of a Simplified text:
        // the quick test says maybe, the shipped sets say Simplified.
        let text = "报道称，“後来他們说這件事”已经过去，我们应当继续努力发展经济。\n\
                    记者从国务院新闻办获悉，这项工作将在全国范围内推进。";
        assert!(has_traditional_hints(text));
        assert!(!is_traditional(text));
        assert!(segmentation_text(text).is_none());
        assert!(simplified_text(text).is_none());
        assert!(is_traditional("他們說這個國家的經濟發展得很快。"));
    }
}
