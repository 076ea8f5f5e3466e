//! `yuelan eval structure GOLD.json`: titles, headings and levels against the
//! structure development gold (see `gold.rs`).

use super::gold::GoldEntry;

/// The printed report for `entries`; `verbose` lists each document's misses.
pub fn report(_entries: &[GoldEntry], _verbose: bool) -> anyhow::Result<String> {
    anyhow::bail!("eval structure is not implemented yet")
}
