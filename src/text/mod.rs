//! Text as a terminal shows it: cell widths, line breaking and terminal
//! safety, shared by every pane (the reader's text, the interlinear rows, the
//! details panel, the corpus preview, the note input) and every plain-text
//! output path.
//!
//! - `width`: how many cells a character takes; East Asian ambiguous-width
//!   characters follow a [`Widths`] setting passed in, never a global flag.
//! - `breaks`: where a line may break — Chinese line-breaking rules
//!   (kinsoku: no 。，」 at a line start, no （「 at a line end), Latin
//!   words and numbers kept whole — and wrapping that keeps byte offsets.
//! - [`safe`]: makes document, note, config and file-name text harmless
//!   before it reaches a terminal (controls shown visibly).
//! - [`sorted`]: finding a word among sorted words packed in one string
//!   (the IDF table, the view's word counts).
//! - [`wordmap`]: a map by word that keeps short words as numbers (the
//!   annotation layers' word look-ups).

pub mod breaks;
pub mod safe;
pub mod sorted;
pub mod width;
pub mod wordmap;

pub use breaks::{can_break, no_line_end, no_line_start, wrap, wrap_range};

/// `at` clamped to `text` and moved back to a character boundary: the end
/// of a slice of at most `at` bytes that cuts no character.
pub fn floor_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}
pub use width::{Widths, char_width, str_width, truncate};
