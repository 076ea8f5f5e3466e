//! The one `Action` enum: everything a key can ask the browser to do.
//!
//! Every action has a stable name (used by the config file's key overrides
//! and in the help overlay) and a one-line description. Add new actions to
//! the table below; the key table in `keymap.rs` binds keys to them.

use crate::model::Layer;

macro_rules! actions {
    ($($variant:ident => $name:literal, $what:literal;)*) => {
        /// Something the user asks for. Keys map to actions through the key
        /// table; the app's `update` carries them out.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Action { $($variant,)* }

        impl Action {
            /// Every action, in help order.
            pub const ALL: &'static [Action] = &[$(Action::$variant,)*];
            /// The stable name, e.g. `next-person`.
            pub fn name(self) -> &'static str {
                match self { $(Action::$variant => $name,)* }
            }
            /// One line for the help overlay.
            pub fn describe(self) -> &'static str {
                match self { $(Action::$variant => $what,)* }
            }
            pub fn from_name(name: &str) -> Option<Action> {
                Action::ALL.iter().copied().find(|a| a.name() == name)
            }
        }
    };
}

actions! {
    ScrollDown => "scroll-down", "scroll down a line (outline: next section)";
    ScrollUp => "scroll-up", "scroll up a line (outline: previous section)";
    HalfPageDown => "half-page-down", "scroll down half a page";
    HalfPageUp => "half-page-up", "scroll up half a page";
    PageDown => "page-down", "scroll down a page";
    PageUp => "page-up", "scroll up a page";
    Top => "top", "go to the top";
    Bottom => "bottom", "go to the bottom";
    NextSection => "next-section", "next section";
    PrevSection => "prev-section", "previous section";
    FocusNext => "focus-next", "switch focus between outline and text";
    Activate => "activate", "jump to the selected section or item";
    ToggleFold => "toggle-fold", "outline: fold/unfold the section's subsections";
    WordNext => "word-next", "move the word cursor to the next word";
    WordPrev => "word-prev", "move the word cursor to the previous word";
    NextPerson => "next-person", "next person (PER)";
    PrevPerson => "prev-person", "previous person (PER)";
    NextOrg => "next-org", "next organisation (ORG)";
    PrevOrg => "prev-org", "previous organisation (ORG)";
    NextQuote => "next-quote", "next quotation";
    PrevQuote => "prev-quote", "previous quotation";
    NextFigure => "next-figure", "next figure (money, percentage, count)";
    PrevFigure => "prev-figure", "previous figure";
    Search => "search", "search the document (incremental)";
    SearchNext => "search-next", "next search hit";
    SearchPrev => "search-prev", "previous search hit";
    EntityIndex => "entity-index", "entity index: all entities by type";
    QuoteIndex => "quote-index", "who said what: every quotation and its speaker";
    Select => "select", "select from the word cursor (move to extend)";
    Highlight => "highlight", "highlight the selection or word";
    Annotate => "annotate", "highlight with a note";
    EditNote => "edit-note", "edit the note under the cursor";
    NoteColour => "note-colour", "change a highlight's colour";
    DeleteNote => "delete-note", "delete the note under the cursor";
    NotesIndex => "notes-index", "all notes (Enter jumps)";
    NextNote => "next-note", "next note";
    PrevNote => "prev-note", "previous note";
    SetMark => "set-mark", "set a bookmark: then a letter";
    JumpMark => "jump-mark", "go to a bookmark: then its letter";
    Help => "help", "this help";
    ToggleEntities => "toggle-entities", "show/hide entities";
    ToggleFigures => "toggle-figures", "show/hide figures";
    ToggleTime => "toggle-time", "show/hide dates and times";
    ToggleQuotes => "toggle-quotes", "show/hide quotations and terms";
    ToggleKeywords => "toggle-keywords", "show/hide keywords";
    ToggleGlossary => "toggle-glossary", "show/hide glossary terms";
    ToggleDuplicates => "toggle-duplicates", "show/hide duplicate marks";
    ToggleWords => "toggle-words", "show/hide word boundaries";
    ToggleOutline => "toggle-outline", "show/hide the outline";
    ToggleDetails => "toggle-details", "show/hide the details panel";
    ToggleMouse => "toggle-mouse", "mouse capture on/off (off lets you select text)";
    ToggleTheme => "toggle-theme", "switch between dark and light colours";
    TogglePinyin => "toggle-pinyin", "pinyin rows above the text (interlinear mode)";
    ToggleTones => "toggle-tones", "tone colours on/off in pinyin rows";
    ToggleScript => "toggle-script", "switch the shown script: Simplified ↔ Traditional";
    Widen => "widen", "widen the lookup to a longer dictionary word";
    AddWord => "add-word", "add the word under the cursor to the word list";
    ToggleLevel => "toggle-level", "tint words above your HSK level";
    ToggleUnknown => "toggle-unknown", "level tint: unknown words only, or above level";
    LevelUp => "level-up", "raise your HSK level (level tint)";
    LevelDown => "level-down", "lower your HSK level (level tint)";
    MarkKnown => "mark-known", "mark the word under the cursor known / unknown";
    SortKnown => "sort-known", "corpus list: sort by the share of words known";
    Back => "back", "corpus: back to the document list";
    CorpusSearch => "corpus-search", "corpus: search all documents (concordance)";
    CorpusEntities => "corpus-entities", "corpus: entities across all documents";
    Elsewhere => "elsewhere", "corpus: this entity in other documents";
    Cycle => "cycle", "prompt: next choice (note colour, sort order)";
    ToggleRegex => "toggle-regex", "corpus search: regular expression on/off";
    ClearInput => "clear-input", "prompt: clear the line before the cursor";
    Close => "close", "close the top layer, selection or search";
    Quit => "quit", "quit";
}

impl Action {
    /// The annotation layer a toggle action shows or hides.
    pub fn toggled_layer(self) -> Option<Layer> {
        Some(match self {
            Action::ToggleEntities => Layer::Entities,
            Action::ToggleFigures => Layer::Quantities,
            Action::ToggleTime => Layer::Time,
            Action::ToggleQuotes => Layer::Quotes,
            Action::ToggleKeywords => Layer::Keywords,
            Action::ToggleGlossary => Layer::Glossary,
            Action::ToggleDuplicates => Layer::Duplicates,
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_unique() {
        for &a in Action::ALL {
            assert_eq!(Action::from_name(a.name()), Some(a));
            assert!(!a.describe().is_empty());
        }
        let mut names: Vec<_> = Action::ALL.iter().map(|a| a.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Action::ALL.len());
        assert_eq!(Action::from_name("no-such-action"), None);
    }
}
