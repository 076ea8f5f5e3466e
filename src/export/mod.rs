//! Exports: json (yuelan/1), jsonl, spacy, brat — one file per format.
//! Offsets in every export are Unicode code points (see `model::offsets`).

pub mod brat;
pub mod json;
pub(crate) mod json_out;
pub mod spacy;

pub use json::to_jsonl;

/// How an export writes the tokens (`--tokens`; docs/schema.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum TokenStyle {
    /// No tokens (the `tokens` key is left out).
    None,
    /// Parallel arrays: `{"end": […], "pos": […], "start": […]}`.
    Compact,
    /// One object per token, `{"end", "pos", "start"}` (the default).
    #[default]
    Full,
}
