//! What the reader's own actions do: scrolling, sections, the word
//! cursor, jumps, n/N, shown layers, panes, reading help. Actions that
//! open a layer (search, lists, help, note input) are the layers' own
//! (`layers::open`).

use super::{Focus, Reader, Search};
use crate::tui::action::Action;
use crate::tui::index::JumpKind;
use crate::tui::theme::{Theme, Variant};

impl Reader {
    /// Carries out a reader action; false when the action is not the
    /// reader's (it opens a layer, or quits).
    pub fn act(&mut self, action: Action) -> bool {
        match action {
            // Escape closes what is open, innermost first; it never quits.
            Action::Close => {
                if self.notes.selection.take().is_some() {
                    self.message = Some("selection cleared".into());
                } else if !self.search.hits.is_empty() || !self.search.query.is_empty() {
                    self.search = Search::default();
                } else if self.focus == Focus::Outline {
                    self.focus = Focus::Text;
                } else {
                    let quit = self.keymap.first_key(Action::Quit).unwrap_or_default();
                    self.message = Some(format!("nothing to close ({quit} quits)"));
                }
            }
            Action::ScrollDown | Action::ScrollUp if self.focus == Focus::Outline => {
                self.outline_step(if action == Action::ScrollDown { 1 } else { -1 });
            }
            Action::PageDown | Action::HalfPageDown if self.focus == Focus::Outline => {
                self.outline_step(10)
            }
            Action::PageUp | Action::HalfPageUp if self.focus == Focus::Outline => {
                self.outline_step(-10)
            }
            Action::ScrollDown => self.scroll_by(1),
            Action::ScrollUp => self.scroll_by(-1),
            Action::HalfPageDown => self.scroll_by((self.page() / 2).max(1) as isize),
            Action::HalfPageUp => self.scroll_by(-((self.page() / 2).max(1) as isize)),
            Action::PageDown => self.scroll_by(self.page().saturating_sub(1).max(1) as isize),
            Action::PageUp => self.scroll_by(-(self.page().saturating_sub(1).max(1) as isize)),
            Action::Top if self.focus == Focus::Outline => self.outline_step(isize::MIN),
            Action::Bottom if self.focus == Focus::Outline => self.outline_step(isize::MAX),
            Action::Top => self.set_top(0),
            Action::Bottom => {
                self.top = self.max_top();
                self.sync_anchor();
            }
            Action::NextSection => {
                let next = self.current_section() + 1;
                if next < self.doc.doc.sections.len() {
                    self.jump_to_section(next);
                } else {
                    self.message = Some("last section".into());
                }
            }
            Action::PrevSection => {
                let cur = self.current_section();
                let start = self.section_line(cur).unwrap_or(0);
                if self.top > start {
                    self.jump_to_section(cur);
                } else if cur > 0 {
                    self.jump_to_section(cur - 1);
                } else {
                    self.set_top(0);
                }
            }
            Action::FocusNext => {
                if self.focus == Focus::Text && self.areas.outline.is_some() {
                    self.focus = Focus::Outline;
                    self.outline_sel = self.shown_section(self.current_section());
                } else {
                    self.focus = Focus::Text;
                }
            }
            Action::Activate => {
                if self.focus == Focus::Outline {
                    self.jump_to_section(self.outline_sel);
                    self.focus = Focus::Text;
                }
            }
            Action::ToggleFold => self.toggle_fold(),
            Action::WordNext => self.move_word(true),
            Action::WordPrev => self.move_word(false),
            Action::NextPerson => self.jump(JumpKind::Person, true),
            Action::PrevPerson => self.jump(JumpKind::Person, false),
            Action::NextOrg => self.jump(JumpKind::Org, true),
            Action::PrevOrg => self.jump(JumpKind::Org, false),
            Action::NextQuote => self.jump(JumpKind::Quote, true),
            Action::PrevQuote => self.jump(JumpKind::Quote, false),
            Action::NextFigure => self.jump(JumpKind::Figure, true),
            Action::PrevFigure => self.jump(JumpKind::Figure, false),
            Action::SearchNext => self.search_step(true),
            Action::SearchPrev => self.search_step(false),
            Action::Select
            | Action::Highlight
            | Action::NoteColour
            | Action::DeleteNote
            | Action::NextNote
            | Action::PrevNote => self.notes_action(action),
            Action::ToggleEntities
            | Action::ToggleFigures
            | Action::ToggleTime
            | Action::ToggleQuotes
            | Action::ToggleKeywords
            | Action::ToggleGlossary
            | Action::ToggleDuplicates => {
                if let Some(layer) = action.toggled_layer() {
                    let shown = if self.hidden_layers.remove(&layer) {
                        true
                    } else {
                        self.hidden_layers.insert(layer);
                        false
                    };
                    self.message = Some(format!(
                        "{} {}",
                        layer.name(),
                        if shown { "shown" } else { "hidden" }
                    ));
                }
            }
            Action::Back | Action::CorpusSearch | Action::CorpusEntities | Action::Elsewhere => {
                if self.corpus.is_none() {
                    self.message =
                        Some("corpus mode only: open a directory or several files".into());
                }
            }
            // Opened by their layers (see `layers::open`), or the app's.
            Action::Quit
            | Action::Cycle
            | Action::ToggleRegex
            | Action::ClearInput
            | Action::Search
            | Action::EntityIndex
            | Action::QuoteIndex
            | Action::Help
            | Action::Annotate
            | Action::EditNote
            | Action::NotesIndex
            | Action::SetMark
            | Action::JumpMark => return false,
            Action::ToggleWords => self.show_words = !self.show_words,
            Action::ToggleOutline => {
                self.outline_choice = Some(!self.outline_shown());
                self.relayout();
            }
            Action::ToggleDetails => {
                self.show_details = !self.show_details;
                self.relayout();
            }
            Action::ToggleMouse => {
                self.mouse_capture = !self.mouse_capture;
                let key = self
                    .keymap
                    .first_key(Action::ToggleMouse)
                    .unwrap_or_default();
                self.message = Some(if self.mouse_capture {
                    format!("mouse on (press {key} again to select text)")
                } else {
                    "mouse off: the terminal selects text".into()
                });
            }
            Action::TogglePinyin => crate::tui::learner::toggle_interlinear(self),
            Action::ToggleTones => crate::tui::learner::toggle_tones(self),
            Action::ToggleScript => crate::tui::learner::toggle_script(self),
            Action::Widen => crate::tui::learner::widen(self),
            Action::AddWord => crate::tui::learner::add_word(self),
            Action::ToggleLevel => crate::tui::level::toggle_tint(self),
            Action::ToggleUnknown => crate::tui::level::toggle_unknown(self),
            Action::LevelUp => crate::tui::level::step_level(self, true),
            Action::LevelDown => crate::tui::level::step_level(self, false),
            Action::MarkKnown => crate::tui::level::toggle_known(self),
            Action::SortKnown => crate::tui::level::toggle_sort(self),
            Action::ToggleTheme => {
                self.theme = match self.theme.variant {
                    Variant::Dark => Theme::light(),
                    Variant::Light => Theme::dark(),
                    Variant::Plain => Theme::plain(),
                };
            }
        }
        true
    }
}
