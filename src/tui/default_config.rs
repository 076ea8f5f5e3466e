//! The commented default config file (`yuelan config --print-default`). It
//! parses back to [`Config::default`](crate::config::Config::default): every setting
//! is written out with its default, and the colour and key sections list
//! every role and action (commented out) with the built-in values.

//! It lives with the browser: its colour and key sections list the
//! browser's roles and actions.

use super::theme::{Role, layer_color_names};
use super::{Action, KeyMap};
use crate::config::{Config, DEFAULT_LAYERS};
use crate::model::Layer;

/// The default config file, with a comment on every setting.
pub fn default_file() -> String {
    let defaults = Config::default();
    let quoted = |names: Vec<&str>| {
        names
            .iter()
            .map(|n| format!("\"{n}\""))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let layers = quoted(DEFAULT_LAYERS.iter().map(|l| l.name()).collect());
    let all_layers: Vec<&str> = Layer::ALL.iter().map(|l| l.name()).collect();
    let mut out = format!(
        "\
# yuelan configuration.
#
# Read from --config FILE, else $YUELAN_CONFIG, else the XDG config directory
# (yuelan config --path prints which; yuelan config checks it). Every setting
# is optional: this file shows the defaults. Unknown settings are reported
# and ignored; a bad value is an error naming its line.

# Colour theme: \"dark\", \"light\" or \"plain\" (no colours). NO_COLOR in the
# environment means plain. Change single roles under [colors].
theme = \"{theme}\"

# Cells taken by East Asian ambiguous-width characters such as “ ” ‘ ’ … — ·
# 1 in most terminal setups; 2 if your terminal or font draws them wide
# (many CJK setups), so that lines wrap where the terminal does.
ambiguous_width = {width}

# Capture the mouse (wheel scrolls, click moves the cursor). Off by default so
# the terminal's own text selection keeps working.
mouse = {mouse}

# Annotation layers shown when a document opens (most toggle in the browser).
# Layers: {all_layers}
# (tokens = word boundaries, shown as alternating tints).
layers = [{layers}]

# Extra glossary files (JSON, the shape of data/glossary.json), loaded beside
# any --glossary FILE. Relative paths are relative to this file; ~ is home.
glossaries = []

# Your HSK 3.0 level, 1 to 7 (7 = the advanced band 7-9). The level tint
# (key 9) marks words above it; < and > step it in the browser.
hsk_level = {hsk_level}

# The largest document read, e.g. \"256M\", \"1G\" (--max-size overrides it).
# max_size = \"256M\"

[colors]
# Change the style of one part of the screen:
#   role = \"colour\"                    (the foreground)
#   role = \"black on #ffc0c0 bold\"     (FG on BG, then modifiers)
#   role = {{ fg = \"colour\", bg = \"colour\", bold = true, italic = true,
#            underline = true, reversed = true, dim = true, crossed-out = true }}
# Colours: black red green yellow blue magenta cyan gray darkgray white,
# light… (lightred, lightblue, …), reset, \"#rrggbb\", or 0-255.
# A layer name sets all its roles: {aliases}.
# Roles:
",
        theme = defaults.theme.name(),
        width = defaults.ambiguous_width.cells(),
        mouse = defaults.mouse,
        hsk_level = defaults.hsk_level,
        all_layers = all_layers.join(" "),
        aliases = layer_color_names().join(", "),
    );
    for role in Role::ALL {
        out.push_str(&format!("#   {:<17}{}\n", role.name(), role.describe()));
    }
    out.push_str(
        "# per = { fg = \"black\", bg = \"#ffc0c0\" }\n\
         # search-hit = \"black on yellow\"\n\
         \n\
         [keys]\n\
         # action = [\"key\", …] replaces that action's keys (taking each key from\n\
         # whatever it did before); [] unbinds the action. One key may not be bound\n\
         # to two actions here.\n\
         # Keys: a character (\"j\", \"G\", \"?\"), a name (enter esc tab backtab space\n\
         # backspace up down left right home end pgup pgdn insert delete f1 … f12),\n\
         # with modifiers ctrl- alt- shift- (\"ctrl-d\"), or a sequence (\"]p\", \"g g\").\n\
         # The actions, with their built-in keys:\n",
    );
    let map = KeyMap::default();
    for &action in Action::ALL {
        let keys = quoted(map.keys_for(action).iter().map(String::as_str).collect());
        let entry = format!("# {} = [{}]", action.name(), keys);
        let pad = 40usize.saturating_sub(entry.chars().count()).max(1);
        out.push_str(&format!(
            "{entry}{}# {}\n",
            " ".repeat(pad),
            action.describe()
        ));
    }
    out
}
