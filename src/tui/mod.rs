//! The terminal interface. STUB.
