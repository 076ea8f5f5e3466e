//! The pieces layers are built from: one list (its state and painter),
//! one line editor, and popup chrome.

pub mod input;
pub mod list;

pub use input::{Edit, LineEditor};
pub use list::{
    LIST_HINTS, ListAction, ListState, docked, docked_list, paint_rows, placeholder, popup,
    prompt_line, scroll_for,
};
