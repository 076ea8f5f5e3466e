//! Text helpers shared by every output path: [`safe`] makes document, note,
//! config and file-name text harmless before it reaches a terminal.

pub mod safe;
