//! THE key table: it drives dispatch, the help overlay and the status-bar
//! hints, so they never disagree.
//!
//! Keys are written as strings: a single character (`j`, `G`, `?`), a named
//! key (`enter`, `esc`, `tab`, `down`, `pgdn`, `space`, `f1`…), a modifier
//! form (`ctrl-d`, `alt-x`, `shift-tab`), or a sequence of those (`]p`, or
//! space-separated: `g g`, `ctrl-w j`).

use super::action::Action;
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use std::fmt;

/// One key press, normalised (shift folded into the character).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
}

impl Key {
    pub const fn plain(code: KeyCode) -> Key {
        Key {
            code,
            ctrl: false,
            alt: false,
        }
    }
    pub const fn char(c: char) -> Key {
        Key::plain(KeyCode::Char(c))
    }
    pub const fn ctrl(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            ctrl: true,
            alt: false,
        }
    }
    /// From a terminal key event; `None` for releases.
    pub fn from_event(ev: &KeyEvent) -> Option<Key> {
        if ev.kind == KeyEventKind::Release {
            return None;
        }
        let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
        let alt = ev.modifiers.contains(KeyModifiers::ALT);
        let code = match ev.code {
            // Some terminals report shift-tab as BackTab, others as shift + Tab.
            KeyCode::Tab if ev.modifiers.contains(KeyModifiers::SHIFT) => KeyCode::BackTab,
            KeyCode::Char(c) if ctrl => KeyCode::Char(c.to_ascii_lowercase()),
            other => other,
        };
        Some(Key { code, ctrl, alt })
    }
    /// The key event this key stands for (tests drive the app with these).
    pub fn to_event(self) -> KeyEvent {
        let mut mods = KeyModifiers::NONE;
        if self.ctrl {
            mods |= KeyModifiers::CONTROL;
        }
        if self.alt {
            mods |= KeyModifiers::ALT;
        }
        if let KeyCode::Char(c) = self.code
            && c.is_uppercase()
        {
            mods |= KeyModifiers::SHIFT;
        }
        KeyEvent::new(self.code, mods)
    }
}

const NAMED: &[(&str, KeyCode)] = &[
    ("enter", KeyCode::Enter),
    ("esc", KeyCode::Esc),
    ("tab", KeyCode::Tab),
    ("backtab", KeyCode::BackTab),
    ("backspace", KeyCode::Backspace),
    ("space", KeyCode::Char(' ')),
    ("up", KeyCode::Up),
    ("down", KeyCode::Down),
    ("left", KeyCode::Left),
    ("right", KeyCode::Right),
    ("home", KeyCode::Home),
    ("end", KeyCode::End),
    ("pgup", KeyCode::PageUp),
    ("pgdn", KeyCode::PageDown),
    ("insert", KeyCode::Insert),
    ("delete", KeyCode::Delete),
];

fn parse_one(token: &str) -> Result<Key, String> {
    let (ctrl, alt, shift, rest) = {
        let mut rest: &str = token;
        let (mut ctrl, mut alt, mut shift) = (false, false, false);
        loop {
            let l = rest.to_ascii_lowercase();
            if l.starts_with("ctrl-") && rest.len() > 5 {
                ctrl = true;
                rest = &rest[5..];
            } else if l.starts_with("alt-") && rest.len() > 4 {
                alt = true;
                rest = &rest[4..];
            } else if l.starts_with("shift-") && rest.len() > 6 {
                shift = true;
                rest = &rest[6..];
            } else {
                break;
            }
        }
        (ctrl, alt, shift, rest)
    };
    let rest_lower = rest.to_ascii_lowercase();
    let code = if let Some((_, code)) = NAMED.iter().find(|(n, _)| *n == rest_lower) {
        *code
    } else if let Some(n) = rest_lower
        .strip_prefix('f')
        .and_then(|n| n.parse::<u8>().ok())
        .filter(|n| (1..=12).contains(n))
    {
        KeyCode::F(n)
    } else {
        let mut chars = rest.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) => KeyCode::Char(if ctrl { c.to_ascii_lowercase() } else { c }),
            _ => return Err(format!("unknown key '{token}'")),
        }
    };
    let code = match code {
        KeyCode::Tab if shift => KeyCode::BackTab,
        KeyCode::Char(c) if shift => KeyCode::Char(c.to_ascii_uppercase()),
        other => other,
    };
    Ok(Key { code, ctrl, alt })
}

/// Parses a key string into its sequence of keys.
pub fn parse_keys(spec: &str) -> Result<Vec<Key>, String> {
    let spec = spec.trim();
    if spec.is_empty() {
        return Err("empty key".to_string());
    }
    if spec == " " {
        return Ok(vec![Key::char(' ')]);
    }
    let mut keys = Vec::new();
    for token in spec.split_whitespace() {
        let lower = token.to_ascii_lowercase();
        let named = NAMED.iter().any(|(n, _)| *n == lower)
            || (lower.starts_with('f') && lower[1..].parse::<u8>().is_ok());
        // `ctrl-d`, `alt-x`, `shift-tab`, and typos of those (`ctlr-d`).
        let modifier_form = lower
            .split_once('-')
            .is_some_and(|(m, _)| m.len() > 1 && m.chars().all(|c| c.is_ascii_alphabetic()));
        if token.chars().count() == 1 || named || modifier_form {
            keys.push(parse_one(token)?);
        } else if token.chars().all(|c| c.is_ascii_alphabetic()) {
            return Err(format!(
                "unknown key '{token}' (separate the keys of a sequence with spaces: 'g g')"
            ));
        } else {
            for c in token.chars() {
                keys.push(Key::char(c));
            }
        }
    }
    Ok(keys)
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            write!(f, "ctrl-")?;
        }
        if self.alt {
            write!(f, "alt-")?;
        }
        if let Some((name, _)) = NAMED.iter().find(|(_, c)| *c == self.code) {
            return write!(f, "{name}");
        }
        match self.code {
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::F(n) => write!(f, "f{n}"),
            other => write!(f, "{other:?}"),
        }
    }
}

/// Formats a key sequence the way `parse_keys` reads it back.
pub fn format_keys(keys: &[Key]) -> String {
    let all_chars = keys
        .iter()
        .all(|k| matches!(k.code, KeyCode::Char(c) if c != ' ') && !k.ctrl && !k.alt);
    let parts: Vec<String> = keys.iter().map(|k| k.to_string()).collect();
    if all_chars {
        parts.concat()
    } else {
        parts.join(" ")
    }
}

/// Where a key is read: each has its own table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyContext {
    /// The reader: the text and the outline.
    Reader,
    /// A list layer (help, indexes, notes, the document list); keys it
    /// does not bind are the reader's.
    List,
    /// A prompt (search, note input, filters): keys it does not bind are
    /// text.
    Prompt,
}

impl KeyContext {
    pub const ALL: [KeyContext; 3] = [KeyContext::Reader, KeyContext::List, KeyContext::Prompt];

    pub fn name(self) -> &'static str {
        match self {
            KeyContext::Reader => "reader",
            KeyContext::List => "lists",
            KeyContext::Prompt => "prompts",
        }
    }

    /// The tables a key is looked up in, in order.
    fn lookup(self) -> &'static [KeyContext] {
        match self {
            KeyContext::Reader => &[KeyContext::Reader],
            KeyContext::List => &[KeyContext::List, KeyContext::Reader],
            KeyContext::Prompt => &[KeyContext::Prompt],
        }
    }
}

/// One row of the key table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    pub context: KeyContext,
    pub keys: Vec<Key>,
    pub action: Action,
}

/// The key table.
#[derive(Debug, Clone)]
pub struct KeyMap {
    bindings: Vec<Binding>,
}

/// The reader's default bindings: (key string, action). Also the source
/// of the README's key list (a test keeps them in step). No binding is the
/// start of another, so no key waits on a timer: `]` waits for its second
/// key and the status bar says so.
pub const DEFAULT_BINDINGS: &[(&str, Action)] = &[
    ("j", Action::ScrollDown),
    ("down", Action::ScrollDown),
    ("k", Action::ScrollUp),
    ("up", Action::ScrollUp),
    ("ctrl-d", Action::HalfPageDown),
    ("ctrl-u", Action::HalfPageUp),
    ("pgdn", Action::PageDown),
    ("space", Action::PageDown),
    ("ctrl-f", Action::PageDown),
    ("pgup", Action::PageUp),
    ("ctrl-b", Action::PageUp),
    ("g", Action::Top),
    ("home", Action::Top),
    ("G", Action::Bottom),
    ("end", Action::Bottom),
    ("]]", Action::NextSection),
    ("[[", Action::PrevSection),
    ("tab", Action::FocusNext),
    ("enter", Action::Activate),
    ("z", Action::ToggleFold),
    ("l", Action::WordNext),
    ("w", Action::WordNext),
    ("right", Action::WordNext),
    ("h", Action::WordPrev),
    ("b", Action::WordPrev),
    ("left", Action::WordPrev),
    ("]p", Action::NextPerson),
    ("[p", Action::PrevPerson),
    ("]o", Action::NextOrg),
    ("[o", Action::PrevOrg),
    ("]q", Action::NextQuote),
    ("[q", Action::PrevQuote),
    ("]n", Action::NextFigure),
    ("[n", Action::PrevFigure),
    ("/", Action::Search),
    ("n", Action::SearchNext),
    ("N", Action::SearchPrev),
    ("e", Action::EntityIndex),
    ("s", Action::QuoteIndex),
    ("v", Action::Select),
    ("H", Action::Highlight),
    ("a", Action::Annotate),
    ("c", Action::EditNote),
    ("C", Action::NoteColour),
    ("d", Action::DeleteNote),
    ("A", Action::NotesIndex),
    ("]a", Action::NextNote),
    ("[a", Action::PrevNote),
    ("m", Action::SetMark),
    ("'", Action::JumpMark),
    ("?", Action::Help),
    ("1", Action::ToggleEntities),
    ("2", Action::ToggleFigures),
    ("3", Action::ToggleTime),
    ("4", Action::ToggleQuotes),
    ("5", Action::ToggleKeywords),
    ("6", Action::ToggleGlossary),
    ("7", Action::ToggleDuplicates),
    ("8", Action::ToggleWords),
    ("9", Action::ToggleLevel),
    ("o", Action::ToggleOutline),
    ("i", Action::ToggleDetails),
    ("M", Action::ToggleMouse),
    ("t", Action::ToggleTheme),
    ("p", Action::TogglePinyin),
    ("P", Action::ToggleTones),
    ("T", Action::ToggleScript),
    ("W", Action::Widen),
    ("+", Action::AddWord),
    ("U", Action::ToggleUnknown),
    (">", Action::LevelUp),
    ("<", Action::LevelDown),
    ("K", Action::MarkKnown),
    ("%", Action::SortKnown),
    ("backspace", Action::Back),
    ("F", Action::CorpusSearch),
    ("E", Action::CorpusEntities),
    ("O", Action::Elsewhere),
    ("esc", Action::Close),
    ("q", Action::Quit),
    ("ctrl-c", Action::Quit),
];

/// Lists: what differs from the reader (every other key is the reader's).
pub const LIST_BINDINGS: &[(&str, Action)] = &[("q", Action::Close), ("esc", Action::Close)];

/// Prompts: every key not here is typed as text (editing keys — left,
/// right, home, end, backspace, delete, ctrl-a, ctrl-e — edit the line).
pub const PROMPT_BINDINGS: &[(&str, Action)] = &[
    ("esc", Action::Close),
    ("enter", Action::Activate),
    ("tab", Action::Cycle),
    ("ctrl-r", Action::ToggleRegex),
    ("ctrl-u", Action::ClearInput),
    ("down", Action::ScrollDown),
    ("up", Action::ScrollUp),
    ("pgdn", Action::PageDown),
    ("pgup", Action::PageUp),
];

/// The default table of a context.
pub fn defaults(context: KeyContext) -> &'static [(&'static str, Action)] {
    match context {
        KeyContext::Reader => DEFAULT_BINDINGS,
        KeyContext::List => LIST_BINDINGS,
        KeyContext::Prompt => PROMPT_BINDINGS,
    }
}

impl Default for KeyMap {
    fn default() -> Self {
        let mut bindings = Vec::new();
        for context in KeyContext::ALL {
            for (k, a) in defaults(context) {
                if let Ok(keys) = parse_keys(k) {
                    bindings.push(Binding {
                        context,
                        keys,
                        action: *a,
                    });
                }
            }
        }
        KeyMap { bindings }
    }
}

/// A key a prompt reads as text (so it cannot be bound there).
fn is_text_key(keys: &[Key]) -> bool {
    matches!(keys, [k] if matches!(k.code, KeyCode::Char(_)) && !k.ctrl && !k.alt)
}

impl KeyMap {
    pub fn bindings(&self) -> &[Binding] {
        &self.bindings
    }

    /// Binds `key` (a key string) in the reader's table to the action named
    /// `action`, replacing what that key did; the action name `none`
    /// unbinds the key. Errors name the problem.
    pub fn bind(&mut self, key: &str, action: &str) -> Result<(), String> {
        let keys = parse_keys(key).map_err(|e| format!("key '{key}': {e}"))?;
        let action = if action == "none" || action == "unbind" {
            None
        } else {
            Some(
                Action::from_name(action)
                    .ok_or_else(|| format!("key '{key}': unknown action '{action}'"))?,
            )
        };
        self.bindings
            .retain(|b| !(b.context == KeyContext::Reader && b.keys == keys));
        if let Some(action) = action {
            self.bindings.push(Binding {
                context: KeyContext::Reader,
                keys,
                action,
            });
        }
        Ok(())
    }

    /// Replaces all keys of the action named `action` with `keys` (an empty
    /// list unbinds it); each key is taken from whatever it did before.
    /// This is the config file's `[keys] action = ["key", …]` form. It
    /// applies in every context the action has keys in (the reader's when
    /// none); a prompt leaves out keys it reads as text, and keeps its own
    /// when all of them are.
    pub fn set_action_keys<S: AsRef<str>>(
        &mut self,
        action: &str,
        keys: &[S],
    ) -> Result<(), String> {
        let act = Action::from_name(action).ok_or_else(|| format!("unknown action '{action}'"))?;
        let mut parsed = Vec::new();
        for k in keys {
            let k = k.as_ref();
            parsed.push(parse_keys(k).map_err(|e| format!("action '{action}': key '{k}': {e}"))?);
        }
        let mut contexts: Vec<KeyContext> = KeyContext::ALL
            .into_iter()
            .filter(|c| {
                self.bindings
                    .iter()
                    .any(|b| b.context == *c && b.action == act)
            })
            .collect();
        if contexts.is_empty() {
            contexts.push(KeyContext::Reader);
        }
        for context in contexts {
            let wanted: Vec<&Vec<Key>> = parsed
                .iter()
                .filter(|k| context != KeyContext::Prompt || !is_text_key(k))
                .collect();
            if wanted.is_empty() && !parsed.is_empty() {
                // Every new key would be typed into a prompt: the prompt
                // keeps its own keys for the action.
                continue;
            }
            self.bindings.retain(|b| {
                b.context != context || (b.action != act && !wanted.contains(&&b.keys))
            });
            for keys in wanted {
                self.bindings.push(Binding {
                    context,
                    keys: keys.clone(),
                    action: act,
                });
            }
        }
        Ok(())
    }

    /// Applies overrides `(key string, action name)` in order; the first bad
    /// one stops with an error naming it.
    pub fn apply_overrides<K: AsRef<str>, A: AsRef<str>>(
        &mut self,
        overrides: &[(K, A)],
    ) -> Result<(), String> {
        for (k, a) in overrides {
            self.bind(k.as_ref(), a.as_ref())?;
        }
        Ok(())
    }

    /// Whether the table leaves the browser usable: a key quits, a key
    /// closes a prompt, and no key sequence is the start of another in the
    /// same table (that key would have to wait on a timer).
    pub fn check(&self) -> Result<(), String> {
        if self.keys_in(KeyContext::Reader, Action::Quit).is_empty() {
            return Err("no key quits the browser: give 'quit' a key".into());
        }
        if self.keys_in(KeyContext::Prompt, Action::Close).is_empty() {
            return Err("no key closes a prompt: give 'close' a key such as \"esc\"".into());
        }
        if self.keys_in(KeyContext::Reader, Action::Close).is_empty()
            && self.keys_in(KeyContext::List, Action::Close).is_empty()
        {
            return Err("no key closes a list or the help: give 'close' a key".into());
        }
        for a in &self.bindings {
            for b in &self.bindings {
                if a.context == b.context
                    && b.keys.len() > a.keys.len()
                    && b.keys.starts_with(&a.keys)
                {
                    return Err(format!(
                        "key '{}' ({}) is the start of '{}' ({}): it would have to wait; bind one of them to another key",
                        format_keys(&a.keys),
                        a.action.name(),
                        format_keys(&b.keys),
                        b.action.name()
                    ));
                }
            }
        }
        Ok(())
    }

    /// The action bound to exactly this sequence in the reader.
    pub fn action_for(&self, keys: &[Key]) -> Option<Action> {
        self.action_in(KeyContext::Reader, keys)
    }

    /// The action bound to exactly this sequence in `context`'s tables.
    pub fn action_in(&self, context: KeyContext, keys: &[Key]) -> Option<Action> {
        context.lookup().iter().find_map(|c| {
            self.bindings
                .iter()
                .find(|b| b.context == *c && b.keys == keys)
                .map(|b| b.action)
        })
    }

    /// Whether some binding of `context`'s tables is longer and begins
    /// with `keys`.
    pub fn is_prefix(&self, context: KeyContext, keys: &[Key]) -> bool {
        let tables = context.lookup();
        self.bindings.iter().any(|b| {
            tables.contains(&b.context) && b.keys.len() > keys.len() && b.keys.starts_with(keys)
        })
    }

    /// The bindings that continue `keys` in `context`: (the rest, action).
    pub fn continuations(&self, context: KeyContext, keys: &[Key]) -> Vec<(String, Action)> {
        let tables = context.lookup();
        self.bindings
            .iter()
            .filter(|b| {
                tables.contains(&b.context) && b.keys.len() > keys.len() && b.keys.starts_with(keys)
            })
            .map(|b| (format_keys(&b.keys[keys.len()..]), b.action))
            .collect()
    }

    /// Every key sequence bound to `action` in the reader, in table order.
    pub fn keys_for(&self, action: Action) -> Vec<String> {
        self.keys_in(KeyContext::Reader, action)
    }

    /// Every key sequence bound to `action` in one table.
    pub fn keys_in(&self, context: KeyContext, action: Action) -> Vec<String> {
        self.bindings
            .iter()
            .filter(|b| b.context == context && b.action == action)
            .map(|b| format_keys(&b.keys))
            .collect()
    }

    /// The first key of `action` in the reader, for hints.
    pub fn first_key(&self, action: Action) -> Option<String> {
        self.keys_for(action).into_iter().next()
    }

    /// The first key of `action` where `context` looks keys up.
    pub fn first_key_in(&self, context: KeyContext, action: Action) -> Option<String> {
        context
            .lookup()
            .iter()
            .find_map(|c| self.keys_in(*c, action).into_iter().next())
    }

    /// The key table as Markdown tables, one per context (the README's key
    /// list; a test keeps the two identical).
    pub fn markdown_table(&self) -> String {
        let mut out = String::new();
        for (context, rows) in self.help_sections() {
            if context != KeyContext::Reader {
                out.push_str(&format!(
                    "\nIn {} ({}):\n\n",
                    context.name(),
                    context_note(context)
                ));
            }
            out.push_str("| Keys | Action | What it does |\n|---|---|---|\n");
            for (keys, action) in rows {
                let keys: Vec<String> = keys.split(", ").map(|k| format!("`{k}`")).collect();
                out.push_str(&format!(
                    "| {} | `{}` | {} |\n",
                    keys.join(" "),
                    action.name(),
                    action.describe()
                ));
            }
        }
        out
    }

    /// The reader's rows for the help overlay: (keys joined with ", ",
    /// action), one row per action that has a key, in `Action::ALL` order.
    pub fn help_rows(&self) -> Vec<(String, Action)> {
        self.rows_in(KeyContext::Reader)
    }

    fn rows_in(&self, context: KeyContext) -> Vec<(String, Action)> {
        Action::ALL
            .iter()
            .filter_map(|&a| {
                let keys = self.keys_in(context, a);
                (!keys.is_empty()).then(|| (keys.join(", "), a))
            })
            .collect()
    }

    /// Every context's rows (contexts with no keys left out).
    pub fn help_sections(&self) -> Vec<(KeyContext, Vec<(String, Action)>)> {
        KeyContext::ALL
            .into_iter()
            .map(|c| (c, self.rows_in(c)))
            .filter(|(_, rows)| !rows.is_empty())
            .collect()
    }
}

/// What a context's table is, for help and the README.
pub fn context_note(context: KeyContext) -> &'static str {
    match context {
        KeyContext::Reader => "the text and the outline",
        KeyContext::List => "help, indexes, notes, documents; other keys as in the reader",
        KeyContext::Prompt => "search, note input, filters; other keys are typed",
    }
}

/// What feeding a key to the dispatcher gave.
/// What a key became in a context, for the layer on top.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    /// An action from the key table of the layer's context.
    Action(Action),
    /// A key no table binds (a prompt types it).
    Key(Key),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fed {
    /// A binding matched.
    Action(Action),
    /// The keys so far begin longer bindings: waiting for the next key
    /// (no timer; the status bar shows what may follow).
    Pending,
    /// No binding: the key itself (a prompt types it).
    Unbound(Key),
}

/// Turns key presses into actions, holding the keys of an unfinished
/// sequence (`]` waiting for `p`).
#[derive(Debug, Clone, Default)]
pub struct Dispatcher {
    pending: Vec<Key>,
}

impl Dispatcher {
    pub fn pending(&self) -> &[Key] {
        &self.pending
    }

    /// Forgets an unfinished sequence.
    pub fn clear(&mut self) {
        self.pending.clear();
    }

    /// Feeds one key read in `context`. A key that begins longer bindings
    /// waits for the next; a key that continues no binding drops what was
    /// pending and is read on its own.
    pub fn feed(&mut self, map: &KeyMap, context: KeyContext, key: Key) -> Fed {
        self.pending.push(key);
        if map.is_prefix(context, &self.pending) {
            return Fed::Pending;
        }
        let keys = std::mem::take(&mut self.pending);
        if let Some(a) = map.action_in(context, &keys) {
            return Fed::Action(a);
        }
        if keys.len() > 1 {
            return self.feed(map, context, key);
        }
        Fed::Unbound(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_key_in_a_default_table_has_two_actions() {
        for context in KeyContext::ALL {
            let mut seen: Vec<(Vec<Key>, Action)> = Vec::new();
            for (spec, action) in defaults(context) {
                let keys = parse_keys(spec);
                assert!(keys.is_ok(), "{spec} does not parse");
                let keys = keys.unwrap_or_default();
                if let Some((_, other)) = seen.iter().find(|(k, _)| *k == keys) {
                    panic!("{spec} is bound to both {other:?} and {action:?}");
                }
                seen.push((keys, *action));
            }
        }
    }

    #[test]
    fn parses_key_strings() {
        assert_eq!(parse_keys("j"), Ok(vec![Key::char('j')]));
        assert_eq!(parse_keys("ctrl-d"), Ok(vec![Key::ctrl('d')]));
        assert_eq!(parse_keys("]p"), Ok(vec![Key::char(']'), Key::char('p')]));
        assert_eq!(parse_keys("G"), Ok(vec![Key::char('G')]));
        assert_eq!(parse_keys("shift-g"), Ok(vec![Key::char('G')]));
        assert_eq!(parse_keys("g g"), Ok(vec![Key::char('g'), Key::char('g')]));
        assert_eq!(parse_keys("pgdn"), Ok(vec![Key::plain(KeyCode::PageDown)]));
        assert_eq!(
            parse_keys("shift-tab"),
            Ok(vec![Key::plain(KeyCode::BackTab)])
        );
        assert_eq!(parse_keys("f5"), Ok(vec![Key::plain(KeyCode::F(5))]));
        assert!(parse_keys("").is_err());
        assert!(parse_keys("ctrl-nope").is_err());
        assert!(parse_keys("ctlr-d").is_err());
        assert!(parse_keys("pgdown").is_err());
    }

    #[test]
    fn every_default_binding_parses_and_formats_back() {
        let mut n = 0;
        for context in KeyContext::ALL {
            for (spec, _) in defaults(context) {
                let keys = parse_keys(spec).unwrap_or_default();
                assert!(!keys.is_empty(), "{spec}");
                assert_eq!(format_keys(&keys), *spec);
                n += 1;
            }
        }
        assert_eq!(KeyMap::default().bindings().len(), n);
    }

    #[test]
    fn sequences_wait_without_a_timer_and_fall_back() {
        let map = KeyMap::default();
        let r = KeyContext::Reader;
        let mut d = Dispatcher::default();
        assert_eq!(d.feed(&map, r, Key::char(']')), Fed::Pending);
        assert_eq!(
            d.feed(&map, r, Key::char('p')),
            Fed::Action(Action::NextPerson)
        );
        assert_eq!(d.feed(&map, r, Key::char(']')), Fed::Pending);
        assert_eq!(
            d.feed(&map, r, Key::char(']')),
            Fed::Action(Action::NextSection)
        );
        // `]` then `j`: `]j` is nothing, so `j` is read alone.
        assert_eq!(d.feed(&map, r, Key::char(']')), Fed::Pending);
        assert_eq!(
            d.feed(&map, r, Key::char('j')),
            Fed::Action(Action::ScrollDown)
        );
        assert_eq!(
            d.feed(&map, r, Key::char('x')),
            Fed::Unbound(Key::char('x'))
        );
        // A prompt types what it does not bind; a list falls back to the reader.
        assert_eq!(
            d.feed(&map, KeyContext::Prompt, Key::char('j')),
            Fed::Unbound(Key::char('j'))
        );
        assert_eq!(
            d.feed(&map, KeyContext::List, Key::char('q')),
            Fed::Action(Action::Close)
        );
        assert_eq!(
            d.feed(&map, KeyContext::List, Key::char('j')),
            Fed::Action(Action::ScrollDown)
        );
        assert_eq!(d.feed(&map, r, Key::char('q')), Fed::Action(Action::Quit));
        assert_eq!(
            d.feed(&map, r, Key::plain(KeyCode::Esc)),
            Fed::Action(Action::Close)
        );
    }

    #[test]
    fn the_default_table_passes_its_check_and_bad_ones_do_not() {
        assert_eq!(KeyMap::default().check(), Ok(()));
        let mut map = KeyMap::default();
        assert!(map.set_action_keys("quit", &[] as &[&str]).is_ok());
        assert!(map.check().unwrap_err().contains("quit"));
        let mut map = KeyMap::default();
        assert!(map.set_action_keys("close", &[] as &[&str]).is_ok());
        assert!(map.check().unwrap_err().contains("close"));
        let mut map = KeyMap::default();
        assert!(map.set_action_keys("next-section", &["]"]).is_ok());
        let err = map.check().unwrap_err();
        assert!(err.contains("']'") && err.contains("wait"), "{err}");
    }

    #[test]
    fn overrides_rebind_and_report_errors() {
        let mut map = KeyMap::default();
        assert!(
            map.apply_overrides(&[("x", "quit"), ("j", "none"), ("ctrl-n", "next-person")])
                .is_ok()
        );
        assert_eq!(map.action_for(&[Key::char('x')]), Some(Action::Quit));
        assert_eq!(map.action_for(&[Key::char('j')]), None);
        assert_eq!(map.action_for(&[Key::ctrl('n')]), Some(Action::NextPerson));
        let err = map.bind("x", "fly").unwrap_err();
        assert!(err.contains("fly") && err.contains("'x'"), "{err}");
        let err = map.bind("ctrl-", "quit").unwrap_err();
        assert!(err.contains("ctrl-"), "{err}");
    }

    #[test]
    fn action_keys_replace_the_built_in_ones() {
        let mut map = KeyMap::default();
        assert!(map.set_action_keys("next-person", &["ctrl-p", "P"]).is_ok());
        assert_eq!(map.keys_for(Action::NextPerson), vec!["ctrl-p", "P"]);
        assert_eq!(map.action_for(&parse_keys("]p").unwrap_or_default()), None);
        assert!(map.set_action_keys("help", &[] as &[&str]).is_ok());
        assert!(map.keys_for(Action::Help).is_empty());
        let err = map.set_action_keys("next-person", &["ctrl-"]).unwrap_err();
        assert!(
            err.contains("next-person") && err.contains("ctrl-"),
            "{err}"
        );
        assert!(
            map.set_action_keys("nope", &["x"])
                .unwrap_err()
                .contains("nope")
        );
    }

    #[test]
    fn help_rows_cover_every_binding() {
        let map = KeyMap::default();
        let sections = map.help_sections();
        for b in map.bindings() {
            let k = format_keys(&b.keys);
            let rows = sections
                .iter()
                .find(|(c, _)| *c == b.context)
                .map(|(_, r)| r.as_slice())
                .unwrap_or_default();
            assert!(
                rows.iter()
                    .any(|(keys, a)| *a == b.action && keys.split(", ").any(|x| x == k)),
                "{k}"
            );
        }
    }
}
