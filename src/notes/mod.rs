//! The reader's notes, highlights, bookmarks and reading position. STUB.
