//! The browser's settings, made from a config and applied to a reader.
//!
//! `config` reads the file into plain data and knows nothing of the browser;
//! here the browser checks the names that are its own — actions, keys,
//! colour roles — and builds what it runs with: the key table, the theme,
//! the layers shown, mouse capture and the cell widths. Errors name the
//! config line; `yuelan config` builds these settings too, so a bad key is
//! reported before the browser starts. Applying cannot fail.

use super::action::Action;
use super::keymap::{Key, KeyMap, parse_keys};
use super::reader::Reader;
use super::theme::{Role, Theme, Variant};
use crate::config::{Config, ConfigError, ThemeName};
use crate::model::Layer;
use crate::text::Widths;
use std::collections::{HashMap, HashSet};

/// Warnings shown one by one; the rest are counted in one line.
const MAX_WARNINGS: usize = 50;

/// What the browser runs with.
#[derive(Debug, Clone)]
pub struct Settings {
    pub keymap: KeyMap,
    pub theme: Theme,
    /// Annotation layers hidden when a document opens.
    pub hidden_layers: HashSet<Layer>,
    /// Word boundaries shown as alternating tints (the `tokens` layer).
    pub show_words: bool,
    pub mouse: bool,
    pub widths: Widths,
    /// The reader's HSK 3.0 level (`hsk_level`): the level tint marks
    /// words above it.
    pub hsk_level: crate::dict::hsk::Level,
    /// The config's warnings, then the browser's (unknown colour roles).
    pub warnings: Vec<String>,
}

impl Default for Settings {
    fn default() -> Self {
        match Settings::from_config(&Config::default()) {
            Ok(s) => s,
            // The built-in table passes its own check (a test says so).
            Err(_) => Settings {
                keymap: KeyMap::default(),
                theme: Theme::detect(false),
                hidden_layers: HashSet::new(),
                show_words: false,
                mouse: false,
                widths: Widths::default(),
                hsk_level: crate::dict::hsk::Level::L4,
                warnings: Vec::new(),
            },
        }
    }
}

impl Settings {
    /// Checks a config's actions, keys and colour roles and builds the
    /// settings. `NO_COLOR` (set and non-empty) still wins over a colour
    /// theme: then only the overrides' modifiers are kept.
    pub fn from_config(config: &Config) -> Result<Settings, ConfigError> {
        let keymap = keymap(config)?;
        let (theme, role_warnings) = theme(config);
        let mut warnings = config.warnings.clone();
        warnings.extend(role_warnings);
        Ok(Settings {
            keymap,
            theme,
            hidden_layers: hidden_layers(config).collect(),
            show_words: config.layer_on(Layer::Tokens),
            mouse: config.mouse,
            widths: Widths {
                ambiguous_wide: config.ambiguous_width.is_wide(),
            },
            hsk_level: crate::dict::hsk::Level::from_number(config.hsk_level)
                .unwrap_or(crate::dict::hsk::Level::L4),
            warnings,
        })
    }
}

/// The built-in key table with the `[keys]` overrides applied. An unknown
/// action, a key that does not parse, one key for two actions, a table
/// that cannot quit or whose key would wait on a timer: an error naming
/// the line.
pub fn keymap(config: &Config) -> Result<KeyMap, ConfigError> {
    let mut map = KeyMap::default();
    // Each key sequence → the action and line that bind it here.
    let mut bound: HashMap<Vec<Key>, (&str, usize)> = HashMap::new();
    for o in &config.keys {
        let action = o.action.as_str();
        if Action::from_name(action).is_none() {
            let hint = if parse_keys(action).is_ok() && !action.contains('-') {
                " ([keys] maps action names to keys, e.g. quit = [\"q\"])"
            } else {
                ""
            };
            return Err(config.error_at(
                Some(o.line),
                format!(
                    "unknown action `{action}`{hint} (yuelan config --print-default lists them)"
                ),
            ));
        }
        for (i, k) in o.keys.iter().enumerate() {
            let line = o.key_lines.get(i).copied().unwrap_or(o.line);
            let parsed =
                parse_keys(k).map_err(|e| config.error_at(Some(line), format!("{action}: {e}")))?;
            match bound.get(&parsed) {
                Some((other, other_line)) if *other != action => {
                    return Err(config.error_at(
                        Some(line),
                        format!(
                            "key \"{k}\" is bound to both {other} (line {other_line}) and {action}"
                        ),
                    ));
                }
                Some(_) => {}
                None => {
                    bound.insert(parsed, (action, o.line));
                }
            }
        }
        map.set_action_keys(action, &o.keys)
            .map_err(|e| config.error_at(Some(o.line), e))?;
    }
    // A table that cannot quit, or whose key must wait on a timer, is
    // refused here, so `yuelan config` says so before the browser runs.
    map.check()
        .map_err(|e| config.error_at(config.keys.last().map(|o| o.line), e))?;
    Ok(map)
}

/// The chosen theme with the `[colors]` overrides applied, and a warning
/// for each name that is no role.
pub fn theme(config: &Config) -> (Theme, Vec<String>) {
    let mut theme = match config.theme {
        ThemeName::Plain => Theme::plain(),
        ThemeName::Light => Theme::detect(true),
        ThemeName::Dark => Theme::detect(false),
    };
    let mut warnings = Vec::new();
    let mut unknown = 0usize;
    for o in &config.colors {
        let roles = Role::for_config_name(&o.role);
        if roles.is_empty() {
            unknown += 1;
            if unknown <= MAX_WARNINGS {
                warnings.push(format!(
                    "{}:{}: unknown colour role `{}` (ignored)",
                    config.file_name(),
                    o.line,
                    o.role
                ));
            }
            continue;
        }
        let style = if theme.variant == Variant::Plain {
            let mut plain = ratatui::style::Style::new();
            plain.add_modifier = o.style.add_modifier;
            plain
        } else {
            o.style
        };
        for role in roles {
            theme.put(role, style);
        }
    }
    if unknown > MAX_WARNINGS {
        warnings.push(format!(
            "{}: {} more warnings like these (not shown)",
            config.file_name(),
            unknown - MAX_WARNINGS
        ));
    }
    (theme, warnings)
}

/// Layers the browser hides when a document opens (the complement of
/// `layers`; tokens are shown as word tints instead).
pub fn hidden_layers(config: &Config) -> impl Iterator<Item = Layer> + '_ {
    Layer::ALL
        .into_iter()
        .filter(|l| *l != Layer::Tokens && !config.layer_on(*l))
}

impl Reader {
    /// Applies the settings: keys, theme, layers, mouse and widths; the
    /// first warning shows in the status bar.
    pub fn apply_settings(&mut self, s: &Settings) {
        self.keymap = s.keymap.clone();
        self.theme = s.theme.clone();
        self.hidden_layers = s.hidden_layers.clone();
        self.show_words = s.show_words;
        self.mouse_capture = s.mouse;
        self.set_widths(s.widths);
        self.learner.level.level = s.hsk_level;
        if let Some(first) = s.warnings.first() {
            let more = s.warnings.len() - 1;
            self.message = Some(if more == 0 {
                format!("config: {first}")
            } else {
                format!("config: {first} (and {more} more: yuelan config)")
            });
        }
    }
}
