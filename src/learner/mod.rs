//! What a learner needs beside the dictionary: the known-word list
//! ([`known`]), importing word lists from other programs ([`import`]) and
//! how much of a text the reader knows ([`stats`]).
//!
//! [`word_status`] is the one call the browser makes per word: the word's
//! HSK levels and rank, and whether the reader knows it.

pub mod import;
pub mod known;
pub mod stats;

use crate::dict::hsk::{self, HskInfo, Level};
use known::KnownWords;
use stats::{Knowledge, Reader};

/// Everything the browser shows or tints for one word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WordStatus {
    /// HSK 3.0 and 2.0 levels and the frequency rank; `None` outside HSK.
    pub hsk: Option<HskInfo>,
    /// Whether (and why) the reader knows the word.
    pub knowledge: Knowledge,
    /// HSK 3.0 level above the reader's (`reader_level`): what the
    /// "above my level" tint marks. Words outside HSK are not above it.
    pub above_level: bool,
}

/// The status of `word` (tagged `pos` by the tokens layer) for a reader at
/// HSK 3.0 level `reader_level` with the known-word list `known`.
pub fn word_status(
    word: &str,
    pos: &str,
    known: &KnownWords,
    reader_level: Option<Level>,
) -> WordStatus {
    let table = hsk::shared();
    let info = table.get(word);
    let reader = Reader {
        known,
        level: reader_level,
        hsk: table,
        dict: crate::dict::try_shared(),
    };
    let above_level = match (reader_level, info.and_then(|i| i.level)) {
        (Some(max), Some(l)) => l > max,
        _ => false,
    };
    WordStatus {
        hsk: info,
        knowledge: reader.knowledge(word, pos),
        above_level,
    }
}
