//! The config applied to the browser: the key table, the theme, layers,
//! mouse and ambiguous widths. Everything here was validated when the file
//! was read, so applying cannot fail on a loaded config; a hand-built
//! [`Config`] with a bad entry still gets an error naming its line.

use super::{Config, ConfigError, ThemeName, roles_for};
use crate::annotate::ResourceOptions;
use crate::cli::GlobalArgs;
use crate::model::Layer;
use crate::tui::theme::Variant;
use crate::tui::{App, KeyMap, Theme};

impl Config {
    fn error_at(&self, line: usize, message: String) -> ConfigError {
        ConfigError {
            file: self
                .file
                .as_ref()
                .map_or_else(|| "config".to_string(), |p| p.display().to_string()),
            line: Some(line),
            message,
        }
    }

    /// The built-in key table with the `[keys]` overrides applied.
    pub fn keymap(&self) -> Result<KeyMap, ConfigError> {
        let mut map = KeyMap::default();
        for o in &self.keys {
            map.set_action_keys(&o.action, &o.keys)
                .map_err(|e| self.error_at(o.line, e))?;
        }
        // A table that cannot quit, or whose key must wait on a timer, is
        // refused here, so `yuelan config` says so before the browser runs.
        map.check().map_err(|e| match self.keys.last() {
            Some(o) => self.error_at(o.line, e),
            None => ConfigError {
                file: self
                    .file
                    .as_ref()
                    .map_or_else(|| "config".to_string(), |p| p.display().to_string()),
                line: None,
                message: e,
            },
        })?;
        Ok(map)
    }

    /// The chosen theme with the `[colors]` overrides applied. `NO_COLOR`
    /// (set and non-empty) still wins over a colour theme: then only the
    /// overrides' modifiers are kept.
    pub fn theme(&self) -> Theme {
        let mut theme = match self.theme {
            ThemeName::Plain => Theme::plain(),
            ThemeName::Light => Theme::detect(true),
            ThemeName::Dark => Theme::detect(false),
        };
        for o in &self.colors {
            let style = if theme.variant == Variant::Plain {
                let mut plain = ratatui::style::Style::new();
                plain.add_modifier = o.style.add_modifier;
                plain
            } else {
                o.style
            };
            for role in roles_for(&o.role) {
                theme.put(role, style);
            }
        }
        theme
    }

    /// Layers the browser hides when a document opens (the complement of
    /// `layers`; tokens are shown as word tints instead).
    pub fn hidden_layers(&self) -> impl Iterator<Item = Layer> + '_ {
        Layer::ALL
            .into_iter()
            .filter(|l| *l != Layer::Tokens && !self.layers.contains(l))
    }

    /// Applies everything to a browser: keys, theme, layers, mouse, and the
    /// ambiguous width.
    pub fn apply(&self, app: &mut App) -> Result<(), ConfigError> {
        app.keymap = self.keymap()?;
        app.theme = self.theme();
        app.hidden_layers = self.hidden_layers().collect();
        app.show_words = self.layers.contains(&Layer::Tokens);
        app.mouse_capture = self.mouse;
        app.set_widths(crate::text::Widths {
            ambiguous_wide: self.ambiguous_width.is_wide(),
        });
        if let Some(level) = crate::dict::hsk::Level::from_number(self.hsk_level) {
            app.learner.level.level = level;
        }
        if let Some(first) = self.warnings.first() {
            let more = self.warnings.len() - 1;
            app.message = Some(if more == 0 {
                format!("config: {first}")
            } else {
                format!("config: {first} (and {more} more: yuelan config)")
            });
        }
        Ok(())
    }

    /// What the annotators load besides the built-ins: the config's
    /// glossaries, then `--glossary` ones.
    pub fn resource_options(&self, global: &GlobalArgs) -> ResourceOptions {
        ResourceOptions {
            glossaries: self.glossary_paths(global),
        }
    }
}
