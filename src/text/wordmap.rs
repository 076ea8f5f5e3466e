//! A map by word, for the word look-ups of the annotation layers (the
//! entity lexicon and word cache, the keywords' word numbering).

use rustc_hash::FxHashMap as HashMap;

/// A map by word whose words of up to 15 bytes (five Chinese characters:
/// nearly all) are kept as one number in the table itself, so that a
/// lookup that finds its word compares numbers rather than reading the
/// stored word from wherever its text lies (a cache miss per lookup over
/// a big document or a big list); longer words are kept as strings.
#[derive(Debug)]
pub struct WordMap<'a, V> {
    short: HashMap<u128, V>,
    long: HashMap<&'a str, V>,
}

impl<V> Default for WordMap<'_, V> {
    fn default() -> Self {
        WordMap {
            short: HashMap::default(),
            long: HashMap::default(),
        }
    }
}

/// A word of up to 15 bytes as one number: its bytes, and its length in
/// the top byte, so that different words are different numbers (a word and
/// the same word with a NUL byte after it too).
pub fn packed(w: &str) -> Option<u128> {
    let b = w.as_bytes();
    if b.len() > 15 {
        return None;
    }
    let mut buf = [0u8; 16];
    buf[..b.len()].copy_from_slice(b);
    buf[15] = b.len() as u8;
    Some(u128::from_le_bytes(buf))
}

impl<'a, V> WordMap<'a, V> {
    pub fn get(&self, w: &str) -> Option<&V> {
        match packed(w) {
            Some(k) => self.short.get(&k),
            None => self.long.get(w),
        }
    }
    pub fn insert(&mut self, w: &'a str, v: V) {
        match packed(w) {
            Some(k) => self.short.insert(k, v),
            None => self.long.insert(w, v),
        };
    }
    /// `w`'s value, put in first as `f` makes it when `w` has none.
    pub fn get_or_insert_with(&mut self, w: &'a str, f: impl FnOnce() -> V) -> &mut V {
        match packed(w) {
            Some(k) => self.short.entry(k).or_insert_with(f),
            None => self.long.entry(w).or_insert_with(f),
        }
    }
    pub fn len(&self) -> usize {
        self.short.len() + self.long.len()
    }
    pub fn is_empty(&self) -> bool {
        self.short.is_empty() && self.long.is_empty()
    }
    pub fn clear(&mut self) {
        self.short.clear();
        self.long.clear();
    }
}

impl<'a, V> FromIterator<(&'a str, V)> for WordMap<'a, V> {
    fn from_iter<I: IntoIterator<Item = (&'a str, V)>>(items: I) -> Self {
        let mut m = WordMap::default();
        for (w, v) in items {
            m.insert(w, v);
        }
        m
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Words kept as numbers (up to 15 bytes) and as strings (longer) are
    /// each found with their own value: words that differ only in a
    /// trailing NUL byte, or in length, or at the 15/16-byte edge, are
    /// different keys; a word not put in is not found.
    #[test]
    fn a_word_map_finds_each_word_it_holds_and_no_other() {
        let words = [
            "",
            "a",
            "a\0",
            "a\0\0",
            "ab",
            "中",
            "中国",
            "中国人",
            "中华人民共",   // 15 bytes
            "中华人民共和", // 18 bytes
            "中华人民共和国",
            "abcdefghijklmno",  // 15 bytes
            "abcdefghijklmnop", // 16 bytes
            "abcdefghijklmnoq",
        ];
        let map: WordMap<usize> = words.iter().enumerate().map(|(i, w)| (*w, i)).collect();
        assert_eq!(map.len(), words.len());
        for (i, w) in words.iter().enumerate() {
            assert_eq!(map.get(w), Some(&i), "{w:?}");
        }
        for w in [
            "b",
            "\0",
            "中国人民",
            "abcdefghijklmn",
            "abcdefghijklmnopq",
            "中华人民共和国家",
        ] {
            assert_eq!(map.get(w), None, "{w:?}");
        }
        let mut map = map;
        map.insert("中国", 99);
        assert_eq!(map.get("中国"), Some(&99));
        assert_eq!(map.len(), words.len());
        assert!(!map.is_empty());
        map.clear();
        assert!(map.is_empty());
        assert_eq!(map.get("中国"), None);
    }

    /// A value is made once per word: the second ask finds the first's.
    #[test]
    fn a_word_gets_its_value_made_once() {
        let mut map: WordMap<usize> = WordMap::default();
        let mut made = 0;
        for w in ["中国", "中华人民共和国", "中国", "中华人民共和国", "中"] {
            let v = map.get_or_insert_with(w, || {
                made += 1;
                made
            });
            *v += 100;
        }
        assert_eq!(made, 3);
        assert_eq!(map.get("中国"), Some(&201));
        assert_eq!(map.get("中华人民共和国"), Some(&202));
        assert_eq!(map.get("中"), Some(&103));
    }
}
