//! Reading level in the browser: the level tint (words above the reader's
//! HSK 3.0 level, or every word the reader does not know), stepping the
//! level, and marking the word under the cursor known or unknown.
//!
//! What a word is to the reader comes from [`crate::learner::word_status`];
//! the known-word list is [`crate::learner::known::KnownWords`], saved (merged,
//! atomically) on every mark, so a mark is never lost.

use super::reader::Reader;
use super::theme::Role;
use crate::corpus::Corpus;
use crate::dict::hsk::Level;
use crate::dict::is_han;
use crate::learner::known::KnownWords;
use crate::learner::stats::{Knowledge, Knows, Vocab, is_word};
use crate::learner::{WordStatus, word_status};
use crate::model::{Span, Token};
use ratatui::style::Style;
use std::path::PathBuf;

/// What the level tint marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TintMode {
    /// Words whose HSK 3.0 level is above the reader's (and not marked
    /// known).
    #[default]
    AboveLevel,
    /// Every word the reader does not know: not marked known, not at or
    /// below the level; names, numbers and Latin words never count.
    Unknown,
}

/// The reader's level settings and known words.
#[derive(Debug, Clone)]
pub struct LevelView {
    /// The level tint is shown.
    pub tint: bool,
    pub mode: TintMode,
    /// The reader's HSK 3.0 level (the config's `hsk_level`).
    pub level: Level,
    /// Where marks are saved; `None` = `known_words.json` in the data
    /// directory (tests point it elsewhere).
    pub known_path: Option<PathBuf>,
    /// The list, once opened.
    known: Option<KnownWords>,
    /// Why the list could not be opened (marks are refused then, so a
    /// broken file is never overwritten).
    error: Option<String>,
    /// Corpus mode: each document's comprehension (share of word tokens
    /// known), once its words are indexed.
    pub comprehension: Vec<Option<f64>>,
    /// The comprehensions were computed with an older list or level.
    stale: bool,
    /// Corpus mode: the document list is sorted by comprehension.
    pub sort_by_comprehension: bool,
    /// What the reader knows, for the corpus list (built on demand).
    knows: Option<Knows<'static>>,
}

impl Default for LevelView {
    fn default() -> Self {
        LevelView {
            tint: false,
            mode: TintMode::AboveLevel,
            level: Level::L4,
            known_path: None,
            known: None,
            error: None,
            comprehension: Vec::new(),
            stale: false,
            sort_by_comprehension: false,
            knows: None,
        }
    }
}

/// The list used before the file is opened (or when it cannot be).
static EMPTY: std::sync::LazyLock<KnownWords> = std::sync::LazyLock::new(KnownWords::in_memory);

impl LevelView {
    /// Opens the known-word list if it is not open yet; an error is kept
    /// and returned (and the list treated as empty).
    pub fn open_known(&mut self) -> Result<(), String> {
        if self.known.is_some() {
            return Ok(());
        }
        if let Some(e) = &self.error {
            return Err(e.clone());
        }
        let opened = match &self.known_path {
            Some(p) => KnownWords::open(p),
            None => KnownWords::open_default(),
        };
        match opened {
            Ok(k) => {
                self.known = Some(k);
                Ok(())
            }
            Err(e) => {
                let e = format!("known words: {e:#}");
                self.error = Some(e.clone());
                Err(e)
            }
        }
    }

    /// The known words (empty until opened).
    pub fn known(&self) -> &KnownWords {
        self.known.as_ref().unwrap_or(&EMPTY)
    }

    /// The status of a word for this reader.
    pub fn status(&self, word: &str, pos: &str) -> WordStatus {
        word_status(word, pos, self.known(), Some(self.level))
    }

    /// Whether the tint marks this word (when it is shown).
    pub fn tinted(&self, word: &str, pos: &str) -> bool {
        if !word.chars().any(is_han) || !is_word(word) {
            return false;
        }
        let s = self.status(word, pos);
        match self.mode {
            TintMode::AboveLevel => s.above_level && s.knowledge != Knowledge::Listed,
            TintMode::Unknown => s.knowledge == Knowledge::Unknown,
        }
    }

    /// What the reader knows, built once per change of list or level.
    fn knows(&mut self) -> &Knows<'static> {
        let known = self.known.as_ref().unwrap_or(&EMPTY);
        let level = self.level;
        self.knows.get_or_insert_with(|| {
            Knows::new(
                known,
                Some(level),
                crate::dict::hsk::shared(),
                crate::dict::try_shared(),
            )
        })
    }

    /// A corpus document's words arrived: its comprehension.
    pub fn doc_indexed(&mut self, doc: usize, vocab: &Vocab) {
        if self.comprehension.len() <= doc {
            self.comprehension.resize(doc + 1, None);
        }
        let c = vocab.comprehension(self.knows());
        self.comprehension[doc] = c;
    }

    /// Recomputes the comprehensions when the list or level changed since
    /// (cheap: a hash lookup per distinct word of each document).
    pub fn refresh(&mut self, corpus: &Corpus) {
        if !self.stale {
            return;
        }
        self.stale = false;
        let knows = self.knows().clone();
        self.comprehension = corpus
            .summaries
            .iter()
            .map(|s| s.as_ref().and_then(|s| s.vocab.comprehension(&knows)))
            .collect();
    }

    /// The list or level changed: comprehensions are recomputed when the
    /// document list is shown next.
    fn changed(&mut self) {
        self.stale = true;
        self.knows = None;
    }

    /// The order of the document list: by comprehension (most known
    /// first; documents not indexed yet last) when asked, else as listed.
    pub fn order(&self, len: usize) -> Vec<usize> {
        let mut order: Vec<usize> = (0..len).collect();
        if self.sort_by_comprehension {
            let key = |i: &usize| self.comprehension.get(*i).copied().flatten();
            order.sort_by(|a, b| {
                key(b)
                    .partial_cmp(&key(a))
                    .unwrap_or(std::cmp::Ordering::Equal)
                    .then(a.cmp(b))
            });
        }
        order
    }

    /// The status-bar label while the tint is shown.
    pub fn label(&self) -> Option<String> {
        self.tint.then(|| match self.mode {
            TintMode::AboveLevel => format!("HSK>{}", self.level.name()),
            TintMode::Unknown => format!("unknown(HSK{})", self.level.name()),
        })
    }
}

/// Tinted spans among `toks` (the tokens of one line), with the tint style.
pub fn line_tints(app: &Reader, toks: &[Token], out: &mut Vec<(Span, Style)>) {
    out.clear();
    let lv = &app.learner.level;
    if !lv.tint {
        return;
    }
    let style = app.theme.style(Role::LevelTint);
    let text = &app.doc.doc.text;
    out.extend(
        toks.iter()
            .filter(|t| lv.tinted(t.span().text(text), t.pos()))
            .map(|t| (t.span(), style)),
    );
}

fn describe_mode(lv: &LevelView) -> String {
    match lv.mode {
        TintMode::AboveLevel => format!("tinting words above HSK {}", lv.level.name()),
        TintMode::Unknown => format!(
            "tinting unknown words (known: your list and HSK {} and below)",
            lv.level.name()
        ),
    }
}

/// `toggle-level`: the level tint on/off.
pub fn toggle_tint(app: &mut Reader) {
    let lv = &mut app.learner.level;
    lv.tint = !lv.tint;
    let opened = lv.open_known();
    app.message = Some(match (lv.tint, opened) {
        (true, Err(e)) => format!("{}; {e}", describe_mode(lv)),
        (true, Ok(())) => describe_mode(lv),
        (false, _) => "level tint off".into(),
    });
}

/// `toggle-unknown`: the tint marks unknown words only, or words above
/// the level again; turns the tint on.
pub fn toggle_unknown(app: &mut Reader) {
    let lv = &mut app.learner.level;
    lv.mode = match lv.mode {
        TintMode::AboveLevel => TintMode::Unknown,
        TintMode::Unknown => TintMode::AboveLevel,
    };
    lv.tint = true;
    let opened = lv.open_known();
    app.message = Some(match opened {
        Ok(()) => describe_mode(lv),
        Err(e) => format!("{}; {e}", describe_mode(lv)),
    });
}

/// `level-up` / `level-down`: steps the reader's HSK level (1 … 6, 7-9).
pub fn step_level(app: &mut Reader, up: bool) {
    let lv = &mut app.learner.level;
    let n = lv.level.number();
    let next = if up {
        n.saturating_add(1).min(7)
    } else {
        n.saturating_sub(1).max(1)
    };
    let edge = next == n;
    lv.level = Level::from_number(next).unwrap_or(lv.level);
    lv.changed();
    refresh_listing(app);
    let lv = &mut app.learner.level;
    app.message = Some(match (edge, up) {
        (true, true) => format!("HSK {} is the highest level", lv.level.name()),
        (true, false) => "HSK 1 is the lowest level".into(),
        _ if lv.tint => format!("HSK level {}: {}", lv.level.name(), describe_mode(lv)),
        _ => format!("HSK level {}", lv.level.name()),
    });
}

/// Recomputes the corpus list's comprehensions if it is shown.
pub fn refresh_listing(app: &mut Reader) {
    if app.corpus_listing()
        && let Some(c) = app.corpus.as_ref()
    {
        app.learner.level.refresh(&c.corpus);
    }
}

/// The document list's comprehension cell for document `doc`: `懂87%`,
/// or blanks until it is computed.
pub fn comprehension_cell(app: &Reader, doc: usize) -> String {
    match app.learner.level.comprehension.get(doc).copied().flatten() {
        Some(c) => format!("懂{:>3}%", (c * 100.0).floor() as u32),
        None => "      ".to_string(),
    }
}

/// `sort-known`: the corpus document list sorted by comprehension, or as
/// listed again.
pub fn toggle_sort(app: &mut Reader) {
    if app.corpus.is_none() {
        app.message = Some("corpus mode only: open a directory or several files".into());
        return;
    }
    let lv = &mut app.learner.level;
    lv.sort_by_comprehension = !lv.sort_by_comprehension;
    let sorted = lv.sort_by_comprehension;
    refresh_listing(app);
    app.message = Some(if sorted {
        "documents sorted by the share of words you know".into()
    } else {
        "documents in their order".into()
    });
}

/// The word `mark-known` acts on: the token under the cursor (a widened
/// lookup when there is one).
fn target_word(app: &Reader) -> Option<(String, &'static str)> {
    if let Some(w) = app.learner.widened(app.cursor) {
        return Some((w.text(&app.doc.doc.text).to_string(), ""));
    }
    let t = app.cursor_token()?;
    Some((t.span().text(&app.doc.doc.text).to_string(), t.pos()))
}

/// `mark-known`: marks the word under the cursor known, or unknown again
/// when it is marked known; saved at once.
pub fn toggle_known(app: &mut Reader) {
    let Some((word, pos)) = target_word(app) else {
        app.message = Some("no word selected".into());
        return;
    };
    if !word.chars().any(is_han) {
        app.message = Some(format!("{word}: not a Chinese word"));
        return;
    }
    let lv = &mut app.learner.level;
    if let Err(e) = lv.open_known() {
        app.message = Some(format!("{e} (not marked)"));
        return;
    }
    let Some(known) = lv.known.as_mut() else {
        return;
    };
    let now = known.toggle(&word);
    let saved = known.save();
    lv.changed();
    let exempt = lv.status(&word, pos).knowledge == Knowledge::Exempt;
    app.message = Some(match (saved, now) {
        (Err(e), _) => format!("{word}: known words not saved: {e:#}"),
        (Ok(()), true) => format!("{word} marked known"),
        (Ok(()), false) if exempt => {
            format!("{word} marked unknown (names and numbers still never count as unknown)")
        }
        (Ok(()), false) => format!("{word} marked unknown"),
    });
}

/// What the details panel adds to the word's first row: its HSK 3.0 level
/// (the HSK 2.0 level in brackets), frequency rank (`#769`) and whether the
/// reader knows it (`known (≤4)`: at or below the reader's level). Nothing for
/// names and numbers outside HSK, or for words without a Han character.
pub fn details_facts(app: &Reader, word: &str, pos: &str) -> Option<String> {
    if !word.chars().any(is_han) {
        return None;
    }
    let lv = &app.learner.level;
    let s = lv.status(word, pos);
    let knowledge = match s.knowledge {
        Knowledge::Listed => "known".to_string(),
        Knowledge::Level => format!("known (≤{})", lv.level.name()),
        Knowledge::Exempt if s.hsk.is_none() => return None,
        Knowledge::Exempt => "never unknown".to_string(),
        Knowledge::Unknown => "unknown".to_string(),
    };
    Some(match s.hsk {
        Some(h) => format!(
            "HSK {} (2.0: {}) · #{} · {knowledge}",
            h.level.map_or("–", |l| l.name()),
            h.level_2.map_or_else(|| "–".to_string(), |l| l.to_string()),
            h.rank
        ),
        None => format!("not in HSK · {knowledge}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tint_marks_words_above_the_level_unless_known() {
        let mut lv = LevelView {
            known: Some(KnownWords::in_memory()),
            ..LevelView::default()
        };
        // 爱好 is HSK 3.0 level 1; 阿拉伯语 is in the band 7-9.
        assert!(!lv.tinted("爱好", "n"));
        assert!(lv.tinted("阿拉伯语", "nz"));
        lv.level = Level::L7to9;
        assert!(!lv.tinted("阿拉伯语", "nz"));
        lv.level = Level::L1;
        if let Some(k) = lv.known.as_mut() {
            k.set("阿拉伯语", true);
        }
        assert!(!lv.tinted("阿拉伯语", "nz"));
        // Punctuation and Latin words are never tinted.
        assert!(!lv.tinted("。", "x") && !lv.tinted("iPhone", "eng"));
    }

    #[test]
    fn unknown_mode_spares_names_numbers_and_known_words() {
        let lv = LevelView {
            known: Some(KnownWords::from_words(["银行"])),
            mode: TintMode::Unknown,
            level: Level::L1,
            ..LevelView::default()
        };
        assert!(!lv.tinted("银行", "n"), "marked known");
        assert!(!lv.tinted("爱好", "n"), "at the level");
        assert!(!lv.tinted("王小明", "nr"), "a name");
        assert!(!lv.tinted("三十五", "m"), "a number");
        assert!(lv.tinted("阿拉伯语", "nz"));
        // A word outside HSK is unknown in this mode only.
        assert!(lv.tinted("瞪着", "v"));
        let above = LevelView {
            mode: TintMode::AboveLevel,
            ..lv.clone()
        };
        assert!(!above.tinted("瞪着", "v"));
    }
}
