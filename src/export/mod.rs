//! Exports: json (yuelan/1), jsonl, spacy, brat — one file per format.
//! Offsets in every export are Unicode code points (see `model::offsets`).

pub mod brat;
pub mod json;
pub mod spacy;

pub use json::to_jsonl;
