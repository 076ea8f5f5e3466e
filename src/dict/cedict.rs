//! CC-CEDICT: parsing and the headword indexes.
//!
//! Line format: `Traditional Simplified [pin1 yin1] /gloss 1/gloss 2/`;
//! lines starting with `#` are comments. The whole text is kept as one
//! `String`; entries are byte ranges into it, and the two indexes are entry
//! ids sorted by headword (binary search), so loading allocates little.

use std::cmp::Ordering;
use std::ops::Range;

/// One dictionary entry, borrowed from the dictionary text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry<'a> {
    /// Position in the file (0-based, comments excluded): a stable id.
    pub id: u32,
    pub traditional: &'a str,
    pub simplified: &'a str,
    /// The reading as written in CC-CEDICT, with tone numbers: `yin2 hang2`.
    pub pinyin: &'a str,
    /// The raw definition field without its outer slashes.
    pub definitions: &'a str,
}

impl<'a> Entry<'a> {
    /// The slash-separated items of the definition field, in order.
    pub fn senses(&self) -> impl Iterator<Item = &'a str> + 'a {
        self.definitions
            .split('/')
            .map(str::trim)
            .filter(|s| !s.is_empty())
    }
    /// Whether the reading is capitalised: CC-CEDICT's mark for proper nouns
    /// (names of people and places).
    pub fn is_proper_noun(&self) -> bool {
        self.pinyin
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_uppercase())
    }
}

#[derive(Debug, Clone, Copy)]
struct RawEntry {
    traditional: (u32, u32),
    simplified: (u32, u32),
    pinyin: (u32, u32),
    definitions: (u32, u32),
}

/// The parsed dictionary.
#[derive(Debug, Default)]
pub struct Cedict {
    text: String,
    entries: Vec<RawEntry>,
    by_simplified: Vec<u32>,
    by_traditional: Vec<u32>,
    max_headword_chars: usize,
    skipped_lines: usize,
}

fn range(r: (u32, u32)) -> Range<usize> {
    r.0 as usize..r.1 as usize
}

/// Parses one entry line starting at byte `base` of the whole text.
fn parse_line(line: &str, base: usize) -> Option<RawEntry> {
    let at = |r: Range<usize>| -> Option<(u32, u32)> {
        Some((
            u32::try_from(base + r.start).ok()?,
            u32::try_from(base + r.end).ok()?,
        ))
    };
    let sp1 = line.find(' ')?;
    let rest = &line[sp1 + 1..];
    let sp2 = sp1 + 1 + rest.find(' ')?;
    let open = line[sp2..].find('[')? + sp2;
    let close = line[open..].find(']')? + open;
    let slash = line[close..].find('/')? + close;
    let last = line.rfind('/')?;
    if last <= slash || sp1 == 0 || sp2 == sp1 + 1 {
        return None;
    }
    Some(RawEntry {
        traditional: at(0..sp1)?,
        simplified: at(sp1 + 1..sp2)?,
        pinyin: at(open + 1..close)?,
        definitions: at(slash + 1..last)?,
    })
}

/// The headwords (traditional, simplified) of each entry of CC-CEDICT text,
/// in the file's order: the entries [`Cedict::parse`] keeps, without
/// building the dictionary (for the script maps alone).
pub fn headwords(text: &str) -> impl Iterator<Item = (&str, &str)> {
    text.split_inclusive('\n').filter_map(|line| {
        let body = line.trim_end_matches(['\n', '\r']);
        if body.is_empty() || body.starts_with('#') {
            return None;
        }
        let e = parse_line(body, 0)?;
        Some((
            body.get(range(e.traditional))?,
            body.get(range(e.simplified))?,
        ))
    })
}

/// The text of gzip-compressed CC-CEDICT bytes (the shipped file).
pub fn inflate(bytes: &[u8]) -> anyhow::Result<String> {
    use std::io::Read;
    let mut text = String::with_capacity(bytes.len() * 3);
    flate2::read::GzDecoder::new(bytes)
        .read_to_string(&mut text)
        .map_err(|e| anyhow::anyhow!("cannot read the CC-CEDICT data: {e}"))?;
    Ok(text)
}

impl Cedict {
    /// Parses CC-CEDICT text. Malformed lines are skipped and counted.
    pub fn parse(text: String) -> Cedict {
        let mut entries = Vec::with_capacity(130_000);
        let mut skipped = 0;
        let mut pos = 0usize;
        for line in text.split_inclusive('\n') {
            let base = pos;
            pos += line.len();
            let body = line.trim_end_matches(['\n', '\r']);
            if body.is_empty() || body.starts_with('#') {
                continue;
            }
            match parse_line(body, base) {
                Some(e) => entries.push(e),
                None => skipped += 1,
            }
        }
        let mut dict = Cedict {
            text,
            entries,
            by_simplified: Vec::new(),
            by_traditional: Vec::new(),
            max_headword_chars: 0,
            skipped_lines: skipped,
        };
        let n = u32::try_from(dict.entries.len()).unwrap_or(u32::MAX);
        let mut by_s: Vec<u32> = (0..n).collect();
        let mut by_t = by_s.clone();
        // Stable sorts: entries of one headword keep the file's order.
        by_s.sort_by(|&a, &b| dict.simp(a).cmp(dict.simp(b)));
        by_t.sort_by(|&a, &b| dict.trad(a).cmp(dict.trad(b)));
        dict.by_simplified = by_s;
        dict.by_traditional = by_t;
        dict.max_headword_chars = (0..n)
            .map(|i| {
                dict.simp(i)
                    .chars()
                    .count()
                    .max(dict.trad(i).chars().count())
            })
            .max()
            .unwrap_or(0);
        dict
    }

    /// Decompresses gzip bytes (the shipped file) and parses them.
    pub fn from_gzip(bytes: &[u8]) -> anyhow::Result<Cedict> {
        Ok(Cedict::parse(inflate(bytes)?))
    }

    fn field(&self, r: (u32, u32)) -> &str {
        self.text.get(range(r)).unwrap_or("")
    }
    fn simp(&self, id: u32) -> &str {
        self.entries
            .get(id as usize)
            .map_or("", |e| self.field(e.simplified))
    }
    fn trad(&self, id: u32) -> &str {
        self.entries
            .get(id as usize)
            .map_or("", |e| self.field(e.traditional))
    }

    /// The entry with this id.
    pub fn entry(&self, id: u32) -> Option<Entry<'_>> {
        let e = self.entries.get(id as usize)?;
        Some(Entry {
            id,
            traditional: self.field(e.traditional),
            simplified: self.field(e.simplified),
            pinyin: self.field(e.pinyin),
            definitions: self.field(e.definitions),
        })
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
    /// Lines that looked like entries but could not be parsed.
    pub fn skipped_lines(&self) -> usize {
        self.skipped_lines
    }
    /// The longest headword, in characters.
    pub fn max_headword_chars(&self) -> usize {
        self.max_headword_chars
    }

    fn equal_range<'s>(
        &'s self,
        index: &'s [u32],
        key: &str,
        get: fn(&Cedict, u32) -> &str,
    ) -> &'s [u32] {
        let lo = index.partition_point(|&i| get(self, i).cmp(key) == Ordering::Less);
        let hi = lo + index[lo..].partition_point(|&i| get(self, i) == key);
        &index[lo..hi]
    }

    /// Entries whose simplified headword is `word`, in file order.
    pub fn by_simplified(&self, word: &str) -> impl Iterator<Item = Entry<'_>> {
        self.equal_range(&self.by_simplified, word, Cedict::simp)
            .iter()
            .filter_map(|&i| self.entry(i))
    }

    /// Entries whose traditional headword is `word`, in file order.
    pub fn by_traditional(&self, word: &str) -> impl Iterator<Item = Entry<'_>> {
        self.equal_range(&self.by_traditional, word, Cedict::trad)
            .iter()
            .filter_map(|&i| self.entry(i))
    }

    /// Entries whose simplified or traditional headword is `word`, each once,
    /// in file order.
    pub fn lookup(&self, word: &str) -> Vec<Entry<'_>> {
        if word.is_empty() {
            return Vec::new();
        }
        let mut ids: Vec<u32> = self
            .equal_range(&self.by_simplified, word, Cedict::simp)
            .iter()
            .chain(self.equal_range(&self.by_traditional, word, Cedict::trad))
            .copied()
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids.into_iter().filter_map(|i| self.entry(i)).collect()
    }

    /// Whether `word` is a headword (either script).
    pub fn contains(&self, word: &str) -> bool {
        !word.is_empty()
            && (!self
                .equal_range(&self.by_simplified, word, Cedict::simp)
                .is_empty()
                || !self
                    .equal_range(&self.by_traditional, word, Cedict::trad)
                    .is_empty())
    }

    /// Every entry, in file order.
    pub fn entries(&self) -> impl Iterator<Item = Entry<'_>> {
        (0..self.entries.len() as u32).filter_map(|i| self.entry(i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# comment\n\
#! version=1\n\
說 说 [shui4] /to persuade/\n\
說 说 [shuo1] /to speak; to talk; to say/to explain/\n\
銀行 银行 [yin2 hang2] /bank/CL:家[jia1],個|个[ge4]/\n\
broken line without fields\n\
台 台 [tai2] /platform/\n\
臺 台 [tai2] /tower/\n";

    #[test]
    fn the_headwords_are_the_parsed_entries() {
        let parsed = Cedict::parse(SAMPLE.to_string());
        let entries: Vec<(&str, &str)> = parsed
            .entries()
            .map(|e| (e.traditional, e.simplified))
            .collect();
        let alone: Vec<(&str, &str)> = headwords(SAMPLE).collect();
        assert_eq!(alone, entries);
        assert!(alone.contains(&("銀行", "银行")));
        assert!(
            !alone
                .iter()
                .any(|(t, _)| t.starts_with('#') || t.starts_with("broken"))
        );
    }

    #[test]
    fn parses_fields_and_skips_comments_and_bad_lines() {
        let d = Cedict::parse(SAMPLE.to_string());
        assert_eq!(d.len(), 5);
        assert_eq!(d.skipped_lines(), 1);
        let e = d.entry(2).expect("entry 2");
        assert_eq!(e.traditional, "銀行");
        assert_eq!(e.simplified, "银行");
        assert_eq!(e.pinyin, "yin2 hang2");
        assert_eq!(
            e.senses().collect::<Vec<_>>(),
            ["bank", "CL:家[jia1],個|个[ge4]"]
        );
        assert_eq!(d.max_headword_chars(), 2);
    }

    #[test]
    fn indexes_both_scripts_without_duplicates() {
        let d = Cedict::parse(SAMPLE.to_string());
        let said: Vec<_> = d.lookup("說").iter().map(|e| e.pinyin).collect();
        assert_eq!(said, ["shui4", "shuo1"], "file order kept");
        assert_eq!(d.lookup("说").len(), 2);
        // 台 is the simplified headword of two entries and the traditional
        // headword of one of them: each entry once.
        assert_eq!(d.lookup("台").len(), 2);
        assert_eq!(d.lookup("臺").len(), 1);
        assert!(d.lookup("银").is_empty());
        assert!(d.lookup("").is_empty());
        assert!(d.contains("銀行") && d.contains("银行") && !d.contains("银"));
    }

    #[test]
    fn garbage_never_panics() {
        for text in [
            "",
            "\n\n",
            "a b",
            "a b [c",
            "a b [c] x",
            "[]//",
            "a  [x] /y/",
        ] {
            let d = Cedict::parse(text.to_string());
            assert!(d.is_empty(), "{text:?}");
        }
        assert!(Cedict::from_gzip(b"not gzip").is_err());
    }
}
