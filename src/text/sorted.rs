//! Finding a word among words kept sorted in one packed string (the
//! keywords' IDF table, the view's word counts): a binary search by byte
//! order over the word at each index, with no string per word.

use std::cmp::Ordering;

/// The index of `target` among `len` words sorted by byte order, where
/// `word(i)` gives the word at index `i` (as `str` or as bytes); `None`
/// when it is not there.
pub fn find<'a, W: Ord + ?Sized + 'a>(
    len: usize,
    word: impl Fn(usize) -> &'a W,
    target: &W,
) -> Option<usize> {
    let (mut lo, mut hi) = (0, len);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        match word(mid).cmp(target) {
            Ordering::Less => lo = mid + 1,
            Ordering::Greater => hi = mid,
            Ordering::Equal => return Some(mid),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::find;

    #[test]
    fn finds_every_word_and_nothing_else() {
        let words = ["上海", "人民", "北京", "经济", "银行"];
        let mut sorted = words;
        sorted.sort_unstable();
        for (i, w) in sorted.iter().enumerate() {
            assert_eq!(find(sorted.len(), |k| sorted[k], *w), Some(i));
            // The same words as bytes.
            let bytes = |k: usize| sorted[k].as_bytes();
            assert_eq!(find(sorted.len(), bytes, w.as_bytes()), Some(i));
        }
        for absent in ["", "上", "北京市", "银", "zz"] {
            assert_eq!(find(sorted.len(), |k| sorted[k], absent), None, "{absent}");
        }
        assert_eq!(find(0, |_| "", "北京"), None);
    }
}
