//! The commented default config file (`yuelan config --print-default`). It
//! parses back to [`Config::default`](super::Config::default).

use super::{Config, DEFAULT_LAYERS};
use crate::model::Layer;

/// The default config file, with a comment on every setting.
pub fn default_file() -> String {
    let defaults = Config::default();
    let quoted = |names: &mut dyn Iterator<Item = &str>| {
        names
            .map(|n| format!("\"{n}\""))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let layers = quoted(&mut DEFAULT_LAYERS.iter().map(|l| l.name()));
    let all_layers: Vec<&str> = Layer::ALL.iter().map(|l| l.name()).collect();
    let mut out = String::new();
    out.push_str(&format!(
        "\
# yuelan configuration.
#
# Read from --config FILE, else $YUELAN_CONFIG, else the XDG config directory
# (yuelan config --path prints which). Every setting is optional: this file
# shows the defaults. Unknown settings are reported and ignored.

# Colour theme: \"dark\" or \"light\". Change single roles under [colors].
theme = \"{theme}\"

# Cells taken by East Asian ambiguous-width characters such as “ ” ‘ ’ … — ·
# 1 in most terminal setups; 2 if your terminal or font draws them wide
# (many CJK setups), so that lines wrap where the terminal does.
ambiguous_width = {width}

# Capture the mouse (wheel scrolls, click moves the cursor). Off by default so
# the terminal's own text selection keeps working.
mouse = {mouse}

# Annotation layers shown when a document opens (each toggles in the browser).
# Layers: {all_layers}
layers = [{layers}]

# Extra glossary files (JSON, the shape of data/glossary.json), loaded beside
# any --glossary FILE. Relative paths are relative to this file; ~ is home.
glossaries = []

[colors]
# Change the colour of a layer or a part of the interface:
#   role = \"colour\"       (the foreground)
#   role = {{ fg = \"colour\", bg = \"colour\", bold = true, italic = true,
#            underline = true, reversed = true, dim = true }}
# Colours: black red green yellow blue magenta cyan gray darkgray white,
# light… (lightred, lightblue, …), reset, \"#rrggbb\", or 0-255.
# Roles: the layer names above, and {ui_roles}.
# entities = {{ fg = \"cyan\", bold = true }}
# search = {{ bg = \"yellow\", fg = \"black\" }}

[keys]
# action = [\"key\", …] replaces that action's keys; [] unbinds it. One key
# may not be bound to two actions here.
# Keys: a character (\"j\", \"G\", \"?\"), a name (enter esc tab backtab
# space backspace up down left right home end pageup pagedown f1 … f12),
# with modifiers ctrl- alt- shift- (\"ctrl-d\").
# quit = [\"q\"]
",
        theme = defaults.theme.name(),
        width = defaults.ambiguous_width.cells(),
        mouse = defaults.mouse,
        all_layers = all_layers.join(" "),
        ui_roles = super::read::UI_ROLES.join(" "),
    ));
    out
}
