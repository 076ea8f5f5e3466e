//! yuelan (阅览): a terminal browser for Chinese documents.
//!
//! Data flows one way (see `docs/architecture.md`):
//!
//! ```text
//! bytes ──decode──▶ text ──parse──▶ Document ──annotate──▶ Annotated ──▶ export
//!                                                             └──▶ tui (view model ──render──▶ terminal)
//! ```

pub mod allocator;
pub mod annotate;
pub mod cli;
pub mod commands;
pub mod config;
pub mod corpus;
pub mod decode;
pub mod dict;
pub mod embedded;
pub mod eval;
pub mod export;
pub mod learner;
pub mod model;
pub mod notes;
pub mod parse;
pub mod read;
pub mod source;
pub mod storage;
pub mod text;
pub mod timings;
pub mod tui;
