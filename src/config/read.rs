//! Reading config.toml: walks the parsed TOML with its spans, so every
//! warning and error names its line.

use super::style::parse_style;
use super::{AmbiguousWidth, ColorOverride, Config, ConfigError, KeyOverride, ThemeName};
use crate::model::Layer;
use ratatui::style::{Color, Modifier, Style};
use std::ops::Range;
use std::path::{Path, PathBuf};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// Warnings shown one by one; the rest are counted in one line.
const MAX_WARNINGS: usize = 50;

struct Reader<'a> {
    text: &'a str,
    /// Byte offset of each line's start (a line number is a binary search:
    /// a file with 200k entries must not cost a scan per warning).
    line_starts: Vec<usize>,
    file: &'a str,
    base: Option<&'a Path>,
    warnings: Vec<(usize, String)>,
}

/// Parses config text. `base` is the config file's directory (relative
/// glossary paths are relative to it).
pub fn parse(text: &str, file: &str, base: Option<&Path>) -> Result<Config, ConfigError> {
    let line_starts = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let mut r = Reader {
        text,
        line_starts,
        file,
        base,
        warnings: Vec::new(),
    };
    let root = DeTable::parse(text).map_err(|e| r.toml_error(&e))?;
    let mut config = Config::default();
    for (key, value) in sorted(root.get_ref()) {
        let name = key.get_ref().as_ref();
        match name {
            "theme" => config.theme = r.theme(value)?,
            "ambiguous_width" => config.ambiguous_width = r.ambiguous_width(value)?,
            "mouse" => config.mouse = r.boolean(value, "mouse")?,
            "layers" => config.layers = r.layers(value)?,
            "glossaries" => config.glossaries = r.glossaries(value)?,
            "max_size" => config.max_size = Some(r.size(value)?),
            "hsk_level" => config.hsk_level = r.hsk_level(value)?,
            "colors" | "colours" => config.colors = r.colors(value)?,
            "keys" => config.keys = r.keys(value)?,
            other => r.warn(key.span(), format!("unknown setting `{other}` (ignored)")),
        }
    }
    r.warnings.sort_by_key(|(line, _)| *line);
    let more = r.warnings.len().saturating_sub(MAX_WARNINGS);
    config.warnings = r
        .warnings
        .into_iter()
        .take(MAX_WARNINGS)
        .map(|(line, msg)| format!("{file}:{line}: {msg}"))
        .collect();
    if more > 0 {
        config.warnings.push(format!(
            "{file}: {more} more warnings like these (not shown)"
        ));
    }
    Ok(config)
}

/// Table entries in file order (the parsed map is sorted by key).
fn sorted<'t, 'i>(
    table: &'t DeTable<'i>,
) -> Vec<(
    &'t Spanned<std::borrow::Cow<'i, str>>,
    &'t Spanned<DeValue<'i>>,
)> {
    let mut entries: Vec<_> = table.iter().collect();
    entries.sort_by_key(|(k, _)| k.span().start);
    entries
}

fn type_name(v: &DeValue) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a number",
        DeValue::Boolean(_) => "true or false",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "a list",
        DeValue::Table(_) => "a table",
    }
}

impl Reader<'_> {
    fn line(&self, span: Range<usize>) -> usize {
        let at = span.start.min(self.text.len());
        self.line_starts.partition_point(|&s| s <= at).max(1)
    }

    fn error(&self, span: Range<usize>, message: impl Into<String>) -> ConfigError {
        ConfigError {
            file: self.file.to_string(),
            line: Some(self.line(span)),
            message: message.into(),
        }
    }

    fn toml_error(&self, e: &toml::de::Error) -> ConfigError {
        ConfigError {
            file: self.file.to_string(),
            line: e.span().map(|s| self.line(s)),
            message: format!("not valid TOML: {}", e.message().trim()),
        }
    }

    fn warn(&mut self, span: Range<usize>, message: String) {
        let line = self.line(span);
        self.warnings.push((line, message));
    }

    fn string<'v>(&self, v: &'v Spanned<DeValue>, what: &str) -> Result<&'v str, ConfigError> {
        match v.get_ref() {
            DeValue::String(s) => Ok(s.as_ref()),
            other => Err(self.error(
                v.span(),
                format!("{what} must be a string, not {}", type_name(other)),
            )),
        }
    }

    fn boolean(&self, v: &Spanned<DeValue>, what: &str) -> Result<bool, ConfigError> {
        match v.get_ref() {
            DeValue::Boolean(b) => Ok(*b),
            other => Err(self.error(
                v.span(),
                format!("{what} must be true or false, not {}", type_name(other)),
            )),
        }
    }

    /// A string or a list of strings, with each string's span.
    fn strings<'v>(
        &self,
        v: &'v Spanned<DeValue>,
        what: &str,
    ) -> Result<Vec<(&'v str, Range<usize>)>, ConfigError> {
        match v.get_ref() {
            DeValue::String(s) => Ok(vec![(s.as_ref(), v.span())]),
            DeValue::Array(items) => items
                .iter()
                .map(|item| Ok((self.string(item, what)?, item.span())))
                .collect(),
            other => Err(self.error(
                v.span(),
                format!("{what} must be a list of strings, not {}", type_name(other)),
            )),
        }
    }

    fn table<'v, 'i>(
        &self,
        v: &'v Spanned<DeValue<'i>>,
        what: &str,
    ) -> Result<&'v DeTable<'i>, ConfigError> {
        match v.get_ref() {
            DeValue::Table(t) => Ok(t),
            other => Err(self.error(
                v.span(),
                format!("{what} must be a table, not {}", type_name(other)),
            )),
        }
    }

    fn theme(&self, v: &Spanned<DeValue>) -> Result<ThemeName, ConfigError> {
        let name = self.string(v, "theme")?;
        ThemeName::from_name(name.trim()).ok_or_else(|| {
            self.error(
                v.span(),
                format!("unknown theme \"{name}\" (themes: dark, light, plain)"),
            )
        })
    }

    /// `hsk_level`: 1 … 7 (7 = the band 7–9; `"7-9"` is read as 7).
    fn hsk_level(&self, v: &Spanned<DeValue>) -> Result<u8, ConfigError> {
        let found = match v.get_ref() {
            DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix()).ok(),
            DeValue::String(s) if matches!(s.trim(), "7-9" | "7–9") => Some(7),
            DeValue::String(s) => s.trim().parse::<i64>().ok(),
            _ => None,
        };
        match found {
            Some(n @ 1..=7) => Ok(n as u8),
            _ => Err(self.error(
                v.span(),
                "hsk_level must be a level from 1 to 7 (7 = HSK 7-9)",
            )),
        }
    }

    fn ambiguous_width(&self, v: &Spanned<DeValue>) -> Result<AmbiguousWidth, ConfigError> {
        let found = match v.get_ref() {
            DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix()).ok(),
            DeValue::String(s) => match s.trim() {
                "1" | "narrow" | "one" => Some(1),
                "2" | "wide" | "two" => Some(2),
                _ => None,
            },
            _ => None,
        };
        match found {
            Some(1) => Ok(AmbiguousWidth::One),
            Some(2) => Ok(AmbiguousWidth::Two),
            _ => Err(self.error(v.span(), "ambiguous_width must be 1 or 2 (cells)")),
        }
    }

    fn layers(&self, v: &Spanned<DeValue>) -> Result<Vec<Layer>, ConfigError> {
        let mut layers = Vec::new();
        for (name, span) in self.strings(v, "layers")? {
            let layer = Layer::from_name(name.trim()).ok_or_else(|| {
                let all: Vec<&str> = Layer::ALL.iter().map(|l| l.name()).collect();
                self.error(
                    span,
                    format!("unknown layer \"{name}\" (layers: {})", all.join(", ")),
                )
            })?;
            if !layers.contains(&layer) {
                layers.push(layer);
            }
        }
        Ok(layers)
    }

    /// `max_size`: bytes as an integer, or a string with a unit (`"256M"`).
    fn size(&self, v: &Spanned<DeValue>) -> Result<u64, ConfigError> {
        let parsed = match v.get_ref() {
            DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix())
                .ok()
                .and_then(|n| u64::try_from(n).ok())
                .filter(|&n| n > 0)
                .ok_or_else(|| "max_size must be a positive number of bytes".to_string()),
            DeValue::String(s) => crate::source::parse_size(s),
            other => Err(format!(
                "max_size must be a size like \"256M\", not {}",
                type_name(other)
            )),
        };
        parsed.map_err(|m| self.error(v.span(), m))
    }

    fn glossaries(&self, v: &Spanned<DeValue>) -> Result<Vec<PathBuf>, ConfigError> {
        let mut paths = Vec::new();
        for (p, span) in self.strings(v, "glossaries")? {
            if p.trim().is_empty() {
                return Err(self.error(span, "a glossary path is empty"));
            }
            paths.push(resolve_path(p, self.base));
        }
        Ok(paths)
    }

    fn colors(&mut self, v: &Spanned<DeValue>) -> Result<Vec<ColorOverride>, ConfigError> {
        let table = self.table(v, "[colors]")?;
        let mut out = Vec::new();
        for (key, value) in sorted(table) {
            let role = key.get_ref().trim();
            // Which roles there are is the browser's to say (it warns
            // about a name it does not know, `tui::settings`).
            let style = self.style(value, role)?;
            out.push(ColorOverride {
                role: role.to_string(),
                style,
                line: self.line(key.span()),
            });
        }
        Ok(out)
    }

    fn color(&self, v: &Spanned<DeValue>, role: &str) -> Result<Color, ConfigError> {
        let bad = |shown: String| {
            self.error(
                v.span(),
                format!(
                    "{role}: unknown colour {shown} (use a name such as \"red\" or \
                     \"lightblue\", \"#rrggbb\", or 0-255)"
                ),
            )
        };
        match v.get_ref() {
            DeValue::String(s) => s
                .trim()
                .parse::<Color>()
                .map_err(|_| bad(format!("\"{s}\""))),
            DeValue::Integer(i) => u8::from_str_radix(i.as_str(), i.radix())
                .map(Color::Indexed)
                .map_err(|_| bad(i.as_str().to_string())),
            other => Err(bad(type_name(other).to_string())),
        }
    }

    /// `"colour"` (the foreground) or `{ fg, bg, bold, italic, underline,
    /// reversed, dim }`.
    fn style(&mut self, v: &Spanned<DeValue>, role: &str) -> Result<Style, ConfigError> {
        let table = match v.get_ref() {
            DeValue::Table(t) => t,
            // "colour", or the theme's "FG on BG bold …" form.
            DeValue::String(spec) => {
                return parse_style(spec).map_err(|e| self.error(v.span(), format!("{role}: {e}")));
            }
            DeValue::Integer(_) => {
                return Ok(Style::default().fg(self.color(v, role)?));
            }
            other => {
                return Err(self.error(
                    v.span(),
                    format!(
                        "{role} must be a colour or a table such as {{ fg = \"cyan\", bold = true }}, not {}",
                        type_name(other)
                    ),
                ));
            }
        };
        let mut style = Style::default();
        for (key, value) in sorted(table) {
            let attr = key.get_ref().as_ref();
            let modifier = match attr {
                "fg" => {
                    style = style.fg(self.color(value, role)?);
                    continue;
                }
                "bg" => {
                    style = style.bg(self.color(value, role)?);
                    continue;
                }
                "bold" => Modifier::BOLD,
                "italic" => Modifier::ITALIC,
                "underline" | "underlined" => Modifier::UNDERLINED,
                "reversed" | "reverse" => Modifier::REVERSED,
                "dim" => Modifier::DIM,
                "crossed-out" | "strikethrough" => Modifier::CROSSED_OUT,
                other => {
                    let msg = format!(
                        "unknown style attribute `{other}` for {role} (ignored; use fg, bg, bold, italic, underline, reversed, dim)"
                    );
                    self.warn(key.span(), msg);
                    continue;
                }
            };
            let on = self.boolean(value, &format!("{role}.{attr}"))?;
            style = if on {
                style.add_modifier(modifier)
            } else {
                style.remove_modifier(modifier)
            };
        }
        Ok(style)
    }

    /// `[keys]`: action = key or [keys], each with its line. Whether the
    /// action and the keys exist, and whether two actions share a key, is
    /// checked by the browser (`tui::settings`), which knows them.
    fn keys(&mut self, v: &Spanned<DeValue>) -> Result<Vec<KeyOverride>, ConfigError> {
        let table = self.table(v, "[keys]")?;
        let mut out: Vec<KeyOverride> = Vec::new();
        for (key, value) in sorted(table) {
            let action = key.get_ref().trim().to_string();
            let line = self.line(key.span());
            let mut keys = Vec::new();
            let mut key_lines = Vec::new();
            for (k, span) in self.strings(value, &format!("keys.{action}"))? {
                let k = k.trim();
                if k.is_empty() {
                    return Err(self.error(span, format!("an empty key for {action}")));
                }
                keys.push(k.to_string());
                key_lines.push(self.line(span));
            }
            out.push(KeyOverride {
                action,
                keys,
                key_lines,
                line,
            });
        }
        Ok(out)
    }
}

/// `~/x` → home/x; relative → relative to `base` when there is one.
fn resolve_path(p: &str, base: Option<&Path>) -> PathBuf {
    let p = p.trim();
    if let Some(rest) = p.strip_prefix("~/")
        && let Some(home) = directories::BaseDirs::new().map(|b| b.home_dir().to_path_buf())
    {
        return home.join(rest);
    }
    let path = PathBuf::from(p);
    match base {
        Some(dir) if path.is_relative() && !dir.as_os_str().is_empty() => dir.join(path),
        _ => path,
    }
}
