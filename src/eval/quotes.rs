//! `yuelan eval quotes GOLD.json`: quotations and their speakers against the
//! structure development gold (see `gold.rs`).

use super::gold::GoldEntry;
use crate::annotate::Resources;

/// The printed report for `entries`; `verbose` lists each miss.
pub fn report(_entries: &[GoldEntry], _res: &Resources, _verbose: bool) -> anyhow::Result<String> {
    anyhow::bail!("eval quotes is not implemented yet")
}
