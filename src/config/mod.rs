//! The config file (`config.toml`): theme, key bindings, default layers,
//! ambiguous-width characters, mouse, user glossaries.
//!
//! Where it is: `--config FILE` or `YUELAN_CONFIG`, else the XDG config
//! directory's `yuelan/config.toml` ([`crate::storage::default_config_file`]).
//! A missing default file means the defaults; a missing file that was named
//! explicitly is an error.
//!
//! What a bad file does: unknown keys are collected as warnings (shown on
//! stderr or in the status bar) and otherwise ignored; a value of the wrong
//! type, an unknown colour, layer or action, or one key bound to two actions
//! is an error that names the file and line.
//!
//! What it knows: the file's syntax and the settings' types. It reads into
//! plain data ([`Config`]) and knows nothing of the browser: the names of
//! actions, keys and colour roles are the browser's, checked when it turns
//! a config into its settings (`tui::settings`, which `yuelan config` runs
//! too, so that a bad key is reported before the browser starts).

mod read;
mod style;

pub use style::parse_style;

use crate::cli::GlobalArgs;
use crate::model::Layer;
use ratatui::style::Style;
use std::fmt;
use std::path::{Path, PathBuf};

/// The built-in colour themes; [`Config::colors`] changes single roles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ThemeName {
    #[default]
    Dark,
    Light,
    /// No colours, modifiers only (what `NO_COLOR` gives).
    Plain,
}

impl ThemeName {
    pub const ALL: [ThemeName; 3] = [ThemeName::Dark, ThemeName::Light, ThemeName::Plain];
    pub fn name(self) -> &'static str {
        match self {
            ThemeName::Dark => "dark",
            ThemeName::Light => "light",
            ThemeName::Plain => "plain",
        }
    }
    pub fn from_name(name: &str) -> Option<ThemeName> {
        ThemeName::ALL.into_iter().find(|t| t.name() == name)
    }
}

/// How many cells East Asian ambiguous-width characters (“ ” ‘ ’ … — · and
/// others) take: one in most Western terminal setups, two in many CJK ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AmbiguousWidth {
    #[default]
    One,
    Two,
}

impl AmbiguousWidth {
    pub fn cells(self) -> u8 {
        match self {
            AmbiguousWidth::One => 1,
            AmbiguousWidth::Two => 2,
        }
    }
    /// Whether ambiguous characters are two cells wide (unicode-width's
    /// `width_cjk`).
    pub fn is_wide(self) -> bool {
        self == AmbiguousWidth::Two
    }
}

/// One `[colors]` entry: a theme role (a layer name or a part of the
/// interface) and the style that replaces the theme's.
#[derive(Debug, Clone, PartialEq)]
pub struct ColorOverride {
    pub role: String,
    pub style: Style,
    /// 1-based line in the config file.
    pub line: usize,
}

/// One `[keys]` entry: an action and the keys that now trigger it (replacing
/// its built-in keys; empty unbinds it).
#[derive(Debug, Clone, PartialEq)]
pub struct KeyOverride {
    pub action: String,
    pub keys: Vec<String>,
    /// The line of each key (a list may span lines).
    pub key_lines: Vec<usize>,
    /// 1-based line in the config file.
    pub line: usize,
}

/// The reader's settings. [`Config::default`] is what a missing file means,
/// and what `yuelan config --print-default` writes out.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// The file these settings were read from, if one was.
    pub file: Option<PathBuf>,
    pub theme: ThemeName,
    pub colors: Vec<ColorOverride>,
    pub keys: Vec<KeyOverride>,
    /// Layers shown when a document opens.
    pub layers: Vec<Layer>,
    pub ambiguous_width: AmbiguousWidth,
    /// Capture the mouse (off by default so the terminal's selection works).
    pub mouse: bool,
    /// Extra glossary files (resolved: relative to the config file, `~`
    /// expanded), used beside `--glossary`.
    pub glossaries: Vec<PathBuf>,
    /// The largest input read, in bytes (`max_size`; `--max-size` wins).
    pub max_size: Option<u64>,
    /// The reader's HSK 3.0 level, 1–7 (7 = the band 7–9): the level tint
    /// marks words above it.
    pub hsk_level: u8,
    /// Unknown keys and other things ignored, one line each, naming the line.
    pub warnings: Vec<String>,
}

/// Layers shown when a document opens, unless the config says otherwise:
/// all but word boundaries (tokens), which tint every other word.
pub const DEFAULT_LAYERS: [Layer; 9] = {
    // [`Layer::ALL`] after its first, the tokens, in its order.
    assert!(matches!(Layer::ALL[0], Layer::Tokens));
    let mut layers = [Layer::Tokens; 9];
    let mut i = 0;
    while i < layers.len() {
        layers[i] = Layer::ALL[i + 1];
        i += 1;
    }
    layers
};

impl Default for Config {
    fn default() -> Self {
        Config {
            file: None,
            theme: ThemeName::Dark,
            colors: Vec::new(),
            keys: Vec::new(),
            layers: DEFAULT_LAYERS.to_vec(),
            ambiguous_width: AmbiguousWidth::One,
            mouse: false,
            glossaries: Vec::new(),
            max_size: None,
            hsk_level: 4,
            warnings: Vec::new(),
        }
    }
}

/// A config file that cannot be used: names the file and, when known, the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub file: String,
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.file, line, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

impl std::error::Error for ConfigError {}

/// Which config file is in use and whether it was named explicitly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigPath {
    pub path: PathBuf,
    /// From `--config` or `YUELAN_CONFIG` (then it must exist).
    pub explicit: bool,
}

/// The config file to read: `--config`/`YUELAN_CONFIG`, else the default.
/// `None` when there is no home directory to find the default in.
pub fn config_path(global: &GlobalArgs) -> Option<ConfigPath> {
    match &global.config {
        Some(p) if !p.as_os_str().is_empty() => Some(ConfigPath {
            path: p.clone(),
            explicit: true,
        }),
        _ => crate::storage::default_config_file().map(|path| ConfigPath {
            path,
            explicit: false,
        }),
    }
}

/// The largest config file read (a config is a few kilobytes).
pub const CONFIG_MAX_SIZE: u64 = 4 << 20;

impl Config {
    /// Loads the config the command line points at (see [`config_path`]).
    pub fn load(global: &GlobalArgs) -> Result<Config, ConfigError> {
        match config_path(global) {
            Some(cp) => Config::load_path(&cp.path, cp.explicit),
            None => Ok(Config::default()),
        }
    }

    /// Loads `path`; when it does not exist, the defaults if `!explicit`,
    /// else an error.
    pub fn load_path(path: &Path, explicit: bool) -> Result<Config, ConfigError> {
        let shown = path.display().to_string();
        let err = |message: String| ConfigError {
            file: shown.clone(),
            line: None,
            message,
        };
        // A config file is small: a FIFO, a device or a huge file is
        // refused before it is read (see `source::read_limited`).
        use crate::source::ReadError;
        let bytes = match crate::source::read_limited(path, CONFIG_MAX_SIZE) {
            Ok(b) => b,
            Err(ReadError::NotFound) if !explicit => return Ok(Config::default()),
            Err(ReadError::NotFound) => return Err(err("no such config file".to_string())),
            Err(ReadError::Directory) => {
                return Err(err("is a directory, not a config file".to_string()));
            }
            Err(e) => return Err(err(format!("cannot read the config file: {e}"))),
        };
        let text = String::from_utf8(bytes)
            .map_err(|_| err("the config file is not UTF-8 text".to_string()))?;
        let mut config = read::parse(&text, &shown, path.parent())?;
        config.file = Some(path.to_path_buf());
        Ok(config)
    }

    /// Parses config text; `file` names it in messages. Relative glossary
    /// paths stay relative (no file to be relative to).
    pub fn parse_str(text: &str, file: &str) -> Result<Config, ConfigError> {
        read::parse(text, file, None)
    }

    /// The name messages give the config: its file, else `config`.
    pub fn file_name(&self) -> String {
        self.file
            .as_ref()
            .map_or_else(|| "config".to_string(), |p| p.display().to_string())
    }

    /// An error at `line` of this config.
    pub fn error_at(&self, line: Option<usize>, message: impl Into<String>) -> ConfigError {
        ConfigError {
            file: self.file_name(),
            line,
            message: message.into(),
        }
    }

    /// Glossary files to load: the config's, then `--glossary` ones.
    pub fn glossary_paths(&self, global: &GlobalArgs) -> Vec<PathBuf> {
        let mut paths = self.glossaries.clone();
        for p in &global.glossaries {
            if !paths.contains(p) {
                paths.push(p.clone());
            }
        }
        paths
    }

    /// What the annotators load besides the built-ins: the config's
    /// glossaries, then `--glossary` ones.
    pub fn resource_options(&self, global: &GlobalArgs) -> crate::annotate::ResourceOptions {
        crate::annotate::ResourceOptions {
            glossaries: self.glossary_paths(global),
        }
    }

    /// Whether a layer is shown when a document opens.
    pub fn layer_on(&self, layer: Layer) -> bool {
        self.layers.contains(&layer)
    }
}
