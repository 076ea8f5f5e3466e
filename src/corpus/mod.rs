//! Many documents: listing, splitting, background indexing, cross-document
//! search, the entity index and the annotation cache.
//!
//! The flow for a corpus:
//!
//! ```text
//! paths ──list::expand──▶ candidates ──list::load (rayon)──▶ texts ──▶ search index (at once)
//!                                                              └──index::spawn (worker, rayon)──▶ parse + annotate / cache ──▶ summaries, entity index
//! ```
//!
//! Reading and decoding are quick and done before the list is shown, so the
//! first document is readable (and searchable) at once; parsing and
//! annotating run on a worker thread across all cores, reporting progress
//! over a channel.
//!
//! `annotate DIR --format jsonl` with a cache reads lazily instead
//! (`stream`): candidates a batch at a time on the pool, each file's bytes
//! asked of the cache (`cache::Cache::line_raw`) before anything is decoded
//! or parsed, only the misses loaded (`list::load_raw`) and annotated.

pub mod cache;
pub mod column;
pub mod entities;
pub mod fulltext;
pub mod index;
pub mod list;
pub mod packed_doc;
pub mod pipe;
pub mod search;
pub mod sink;
pub mod split;
pub mod store;
pub mod stream;

pub use index::{Corpus, DocSummary, IndexMsg, Progress};
pub use list::{Candidate, Entry};
