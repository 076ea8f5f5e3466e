//! The weight rows of only the buckets that have a weight (about 5.5 MB
//! instead of the 17 of every bucket's, [`super::Table`]), for a process
//! where memory counts more than the entity step's speed (the browser).
//! A character's features are turned into places in these rows once
//! ([`Compact::ranks`]), and the sums then read the rows as they read the
//! full table.

use super::{ROW, Table};

/// The rows of the buckets with a weight, found through a bit set of
/// those buckets and the number of them before each word of it.
pub(super) struct Compact {
    /// Bit `f % 64` of word `f / 64`: bucket `f` has a row.
    words: Vec<u64>,
    /// How many buckets before word `i` have a row.
    before: Vec<u32>,
    rows: Table,
}

/// The place of a bucket with no row.
pub(super) const NONE: u32 = u32::MAX;

impl Compact {
    /// From the bit set of buckets with a row (32 buckets a mask, as the
    /// model is stored) and the number of rows; the rows, in bucket
    /// order, are written through [`Compact::rows_mut`].
    pub(super) fn new(masks: &[u32], kept: usize) -> Option<Compact> {
        let words: Vec<u64> = masks
            .chunks(2)
            .map(|p| u64::from(p[0]) | p.get(1).map_or(0, |&h| u64::from(h) << 32))
            .collect();
        let mut before = Vec::with_capacity(words.len());
        let mut n = 0u32;
        for w in &words {
            before.push(n);
            n = n.checked_add(w.count_ones())?;
        }
        (n as usize == kept && n < NONE).then(|| Compact {
            words,
            before,
            rows: Table::zeros(kept),
        })
    }

    /// Where bucket `f`'s row is, or [`NONE`].
    #[inline(always)]
    pub(super) fn rank(&self, f: u32) -> u32 {
        let i = f as usize / 64;
        match (self.words.get(i), self.before.get(i)) {
            (Some(&w), Some(&b)) if w & (1u64 << (f % 64)) != 0 => {
                b + (w & ((1u64 << (f % 64)) - 1)).count_ones()
            }
            _ => NONE,
        }
    }

    /// The places of buckets `ids` in [`Compact::rows`] ([`NONE`] for a
    /// bucket with no row, which reads as no row there).
    pub(super) fn ranks(&self, ids: &[u32]) -> Vec<u32> {
        ids.iter().map(|&f| self.rank(f)).collect()
    }

    /// Bucket `f`'s row, if it has one.
    pub(super) fn row(&self, f: u32) -> Option<&[u8; ROW]> {
        self.rows().get(self.rank(f) as usize)
    }

    /// The rows kept, in bucket order.
    pub(super) fn rows(&self) -> &[[u8; ROW]] {
        self.rows.rows()
    }

    pub(super) fn rows_mut(&mut self) -> &mut [[u8; ROW]] {
        self.rows.bytes_mut().as_chunks_mut::<ROW>().0
    }

    /// Heap size in bytes.
    pub(super) fn memory(&self) -> usize {
        self.rows.len + self.words.len() * 8 + self.before.len() * 4
    }
}
