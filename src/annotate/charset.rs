//! Sets of characters for quick tests in the annotators' hot loops.

/// A set of characters as a bitmap over the range they span: membership
/// in a few instructions, where `str::contains(char)` searches the string.
/// The default set is empty.
#[derive(Debug, Clone, Default)]
pub struct CharSet {
    lo: u32,
    bits: Vec<u64>,
}

impl CharSet {
    pub fn new(chars: impl IntoIterator<Item = char>) -> CharSet {
        let chars: Vec<char> = chars.into_iter().collect();
        let lo = chars.iter().copied().map(u32::from).min().unwrap_or(0);
        let hi = chars.iter().copied().map(u32::from).max().unwrap_or(0);
        let mut bits = vec![0u64; (hi - lo) as usize / 64 + 1];
        for c in chars {
            let k = (u32::from(c) - lo) as usize;
            if let Some(w) = bits.get_mut(k / 64) {
                *w |= 1 << (k % 64);
            }
        }
        CharSet { lo, bits }
    }
    /// The characters of `s`.
    pub fn of(s: &str) -> CharSet {
        CharSet::new(s.chars())
    }
    pub fn contains(&self, c: char) -> bool {
        let k = u32::from(c).wrapping_sub(self.lo) as usize;
        self.bits
            .get(k / 64)
            .is_some_and(|w| w & (1 << (k % 64)) != 0)
    }
    /// Whether `s` is one character of the set.
    pub fn is_one_of(&self, s: &str) -> bool {
        let mut cs = s.chars();
        cs.next()
            .is_some_and(|c| cs.next().is_none() && self.contains(c))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_and_others() {
        let set = CharSet::of("说表C店\u{20000}");
        for c in ['说', '表', 'C', '店', '\u{20000}'] {
            assert!(set.contains(c), "{c}");
        }
        for c in ['a', '话', '\0', '\u{10FFFF}', 'B'] {
            assert!(!set.contains(c), "{c}");
        }
        assert!(set.is_one_of("说") && !set.is_one_of("说话") && !set.is_one_of(""));
        let empty = CharSet::default();
        assert!(!empty.contains('说') && !CharSet::new([]).contains('\0'));
    }
}
