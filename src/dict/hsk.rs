//! HSK levels: the HSK 3.0 (levels 1–6 and the band 7–9) and HSK 2.0
//! (levels 1–6) vocabulary lists with a frequency rank per word.
//!
//! The table `data/hsk/hsk.tsv` is derived by `examples/build_hsk.rs` from
//! drkameleon/complete-hsk-vocabulary (MIT; `data/hsk/LICENSE`), embedded
//! in the binary and parsed on first use. Words are found in either script.

use rustc_hash::FxHashMap as HashMap;
use std::sync::LazyLock;

static TABLE: &str = include_str!("../../data/hsk/hsk.tsv");

/// An HSK 3.0 level: 1–6, or the joint band 7–9.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    L1,
    L2,
    L3,
    L4,
    L5,
    L6,
    /// The advanced band, levels 7–9.
    L7to9,
}

impl Level {
    pub const ALL: [Level; 7] = [
        Level::L1,
        Level::L2,
        Level::L3,
        Level::L4,
        Level::L5,
        Level::L6,
        Level::L7to9,
    ];

    /// `1` … `6`, `7-9`: the names used in exports and the stats JSON.
    pub fn name(self) -> &'static str {
        match self {
            Level::L1 => "1",
            Level::L2 => "2",
            Level::L3 => "3",
            Level::L4 => "4",
            Level::L5 => "5",
            Level::L6 => "6",
            Level::L7to9 => "7-9",
        }
    }

    /// The level as a number, the band 7–9 as 7.
    pub fn number(self) -> u8 {
        match self {
            Level::L1 => 1,
            Level::L2 => 2,
            Level::L3 => 3,
            Level::L4 => 4,
            Level::L5 => 5,
            Level::L6 => 6,
            Level::L7to9 => 7,
        }
    }

    /// From a number (7, 8 and 9 are the band); `None` outside 1–9.
    pub fn from_number(n: u8) -> Option<Level> {
        Some(match n {
            1 => Level::L1,
            2 => Level::L2,
            3 => Level::L3,
            4 => Level::L4,
            5 => Level::L5,
            6 => Level::L6,
            7..=9 => Level::L7to9,
            _ => return None,
        })
    }

    /// From its name (`1` … `6`, `7-9`, or `7`, `8`, `9`).
    pub fn parse(s: &str) -> Option<Level> {
        match s.trim() {
            "7-9" | "7–9" => Some(Level::L7to9),
            s => Level::from_number(s.parse().ok()?),
        }
    }
}

/// What the HSK lists say about one word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HskInfo {
    /// HSK 3.0 level; `None` for words only in the HSK 2.0 list.
    pub level: Option<Level>,
    /// HSK 2.0 level (1–6); `None` for words only in the HSK 3.0 list.
    pub level_2: Option<u8>,
    /// Frequency rank in the lists' source corpus (1 is the most common).
    pub rank: u32,
}

/// The parsed table: word (either script) → info.
#[derive(Debug, Default)]
pub struct Hsk {
    words: HashMap<&'static str, HskInfo>,
}

fn parse_line(line: &'static str) -> Option<(&'static str, &'static str, HskInfo)> {
    let mut f = line.split('\t');
    let word = f.next()?;
    let trad = f.next()?;
    let level = Level::parse(f.next()?);
    let level_2 = f.next()?.parse::<u8>().ok().filter(|n| (1..=6).contains(n));
    let rank = f.next()?.parse::<u32>().unwrap_or(u32::MAX);
    Some((
        word,
        trad,
        HskInfo {
            level,
            level_2,
            rank,
        },
    ))
}

impl Hsk {
    fn parse(text: &'static str) -> Hsk {
        let mut words = HashMap::default();
        for line in text.lines().filter(|l| !l.starts_with('#')) {
            let Some((word, trad, info)) = parse_line(line) else {
                continue;
            };
            words.insert(word, info);
            for t in trad.split('|').filter(|t| !t.is_empty() && *t != word) {
                // A Simplified headword wins over a Traditional form that
                // happens to be written the same.
                words.entry(t).or_insert(info);
            }
        }
        Hsk { words }
    }

    /// The word's HSK information, looked up in either script.
    pub fn get(&self, word: &str) -> Option<HskInfo> {
        self.words.get(word).copied()
    }

    /// The word's HSK 3.0 level.
    pub fn level(&self, word: &str) -> Option<Level> {
        self.get(word).and_then(|i| i.level)
    }

    /// Words in the table (both scripts counted).
    pub fn len(&self) -> usize {
        self.words.len()
    }
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

static SHARED: LazyLock<Hsk> = LazyLock::new(|| Hsk::parse(TABLE));

/// The embedded HSK table (parsed on first use, a few milliseconds).
pub fn shared() -> &'static Hsk {
    &SHARED
}

/// The attribution to show with the levels.
pub const ATTRIBUTION: &str = "HSK 2.0 and 3.0 word lists: drkameleon/complete-hsk-vocabulary \
(MIT, © Yanis Zafirópulos).";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_of_known_words() {
        let h = shared();
        let love = h.get("爱好").expect("爱好 is in HSK");
        assert_eq!(love.level, Some(Level::L1));
        assert_eq!(love.level_2, Some(3));
        assert_eq!(h.level("的"), Some(Level::L1));
        assert_eq!(h.get("的").map(|i| i.rank), Some(1));
        // Traditional forms find the same entry.
        assert_eq!(h.get("愛好"), Some(love));
        assert_eq!(h.level("阿拉伯语"), Some(Level::L7to9));
        assert_eq!(h.get("没有这个词"), None);
    }

    #[test]
    fn level_names_round_trip() {
        for l in Level::ALL {
            assert_eq!(Level::parse(l.name()), Some(l));
        }
        assert_eq!(Level::parse("8"), Some(Level::L7to9));
        assert_eq!(Level::parse("0"), None);
        assert_eq!(Level::parse("x"), None);
    }
}
