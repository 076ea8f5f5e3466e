//! bytes → text, with the encoding found.
//!
//! STUB: the foundation work replaces this with UTF-8/UTF-16/GB18030/Big5
//! detection, binary refusal and mojibake warnings.

use thiserror::Error;

/// Decoded text (newlines normalised to LF) and what it was decoded from.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    pub text: String,
    /// `UTF-8`, `UTF-16LE`, `UTF-16BE`, `GB18030`, `Big5`, …
    pub encoding: &'static str,
    pub warnings: Vec<String>,
}

#[derive(Debug, Error, PartialEq)]
pub enum DecodeError {
    #[error("the input is empty")]
    Empty,
    #[error("the input looks binary ({reason}), not text")]
    Binary { reason: String },
    #[error("the input is not text in any supported encoding")]
    Undecodable,
}

pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    if bytes.is_empty() {
        return Err(DecodeError::Empty);
    }
    Ok(Decoded {
        text: String::from_utf8_lossy(bytes).replace("\r\n", "\n"),
        encoding: "UTF-8",
        warnings: Vec::new(),
    })
}
