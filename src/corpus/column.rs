//! Byte columns of a cache entry: numbers written one after another as
//! varints (LEB128: seven bits a byte, low first, the top bit set on every
//! byte but the last — the bytes postcard writes for an unsigned number),
//! kept in the entry as one byte string and read back by a plain loop.
//!
//! A warm corpus run reads ~120,000 annotation rows of five numbers each;
//! decoded through serde's visitors, a row and each number were a call of
//! their own (see docs/scale.md, "warmdec15"). Hand-written rather than a
//! crate: it is a dozen lines, and it must read exactly the varints the
//! rest of the entry (postcard) is written in.

/// Appends `n` as a varint.
pub fn put(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push(n as u8 | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// Reads varints and bytes off the front of a byte string.
#[derive(Debug, Clone, Copy)]
pub struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes }
    }

    /// Whether every byte is read.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// The next varint; `None` when it is cut short or does not fit 64
    /// bits.
    #[inline(always)]
    pub fn varint(&mut self) -> Option<u64> {
        // The usual case: one byte.
        let (&b, rest) = self.bytes.split_first()?;
        if b < 0x80 {
            self.bytes = rest;
            return Some(u64::from(b));
        }
        let mut n = u64::from(b & 0x7f);
        for (i, &b) in rest.iter().enumerate().take(9) {
            let shift = 7 * (i + 1);
            let part = u64::from(b & 0x7f);
            // The tenth byte holds one bit.
            if shift == 63 && part > 1 {
                return None;
            }
            n |= part << shift;
            if b < 0x80 {
                self.bytes = &rest[i + 1..];
                return Some(n);
            }
        }
        None
    }

    /// The next varint as a `u32`; `None` past `u32::MAX`.
    #[inline]
    pub fn u32(&mut self) -> Option<u32> {
        self.varint().and_then(|n| u32::try_from(n).ok())
    }

    /// The next byte.
    #[inline(always)]
    pub fn byte(&mut self) -> Option<u8> {
        let (&b, rest) = self.bytes.split_first()?;
        self.bytes = rest;
        Some(b)
    }

    /// The next `n` bytes.
    pub fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if n > self.bytes.len() {
            return None;
        }
        let (head, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Some(head)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_read_back_as_postcard_writes_them() {
        let numbers = [
            0u64,
            1,
            127,
            128,
            300,
            16_383,
            16_384,
            u64::from(u32::MAX),
            u64::MAX - 1,
            u64::MAX,
        ];
        let mut bytes = Vec::new();
        for &n in &numbers {
            put(&mut bytes, n);
        }
        // postcard's own bytes for the same numbers.
        let theirs: Vec<u8> = numbers
            .iter()
            .flat_map(|n| postcard::to_stdvec(n).expect("serializes"))
            .collect();
        assert_eq!(bytes, theirs);
        let mut r = Reader::new(&bytes);
        for &n in &numbers {
            assert_eq!(r.varint(), Some(n));
        }
        assert!(r.is_empty());
        assert_eq!(r.varint(), None);
    }

    #[test]
    fn cut_or_overlong_varints_are_refused() {
        // Cut short.
        assert_eq!(Reader::new(&[0x80]).varint(), None);
        assert_eq!(Reader::new(&[0xff, 0xff]).varint(), None);
        // Eleven bytes, or a tenth byte past 64 bits.
        assert_eq!(Reader::new(&[0xff; 11]).varint(), None);
        let mut past = vec![0xff; 9];
        past.push(0x02);
        assert_eq!(Reader::new(&past).varint(), None);
        // u32 past its range.
        let mut bytes = Vec::new();
        put(&mut bytes, u64::from(u32::MAX) + 1);
        assert_eq!(Reader::new(&bytes).u32(), None);
        // Bytes.
        let mut r = Reader::new(&[1, 2, 3]);
        assert_eq!(r.take(2), Some(&[1u8, 2][..]));
        assert_eq!(r.take(2), None);
        assert_eq!(r.byte(), Some(3));
        assert_eq!(r.byte(), None);
    }
}
