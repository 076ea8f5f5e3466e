//! The pieces layers are built from: one list (its state and painter),
//! one line editor, and popup chrome.

pub mod input;
pub mod list;

pub use input::LineEditor;
pub use list::{ListState, docked, placeholder, popup, scroll_for};
