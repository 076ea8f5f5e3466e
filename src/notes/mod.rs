//! The reader's notes, highlights, bookmarks and reading position.
//!
//! - [`model`]: what is kept ([`Note`], [`Bookmark`], [`ReadingPosition`]);
//! - [`anchor`]: how a note finds its text again after the file changed;
//! - [`store`]: one JSON file per document, written atomically and merged
//!   with other writers;
//! - [`export`]: markdown and JSON, and the pairs the brat export uses.

pub mod anchor;
pub mod export;
pub mod model;
pub mod store;

pub use anchor::{Anchor, Attached, Haystack, How};
pub use model::{Bookmark, Colour, Note, ReadingPosition, SavedPosition};
pub use store::{NoteStore, NotesFile, Placed};
