//! Many documents: listing, background indexing, search, entity index, cache. STUB.
