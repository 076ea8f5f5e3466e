//! The style syntax of `[colors]` entries: `"[FG] [on BG] [MODIFIER…]"`.
//! Plain ratatui styles; which part of the screen a style goes to is the
//! browser's business (`tui::theme`).

use ratatui::style::{Color, Modifier, Style};

/// Parses `"[FG] [on BG] [MODIFIER…]"`.
pub fn parse_style(spec: &str) -> Result<Style, String> {
    let mut style = Style::new();
    let mut words = spec.split_whitespace().peekable();
    let mut fg_set = false;
    while let Some(word) = words.next() {
        let lower = word.to_ascii_lowercase();
        let modifier = match lower.as_str() {
            "bold" => Some(Modifier::BOLD),
            "italic" => Some(Modifier::ITALIC),
            "underlined" | "underline" => Some(Modifier::UNDERLINED),
            "dim" => Some(Modifier::DIM),
            "reversed" | "reverse" => Some(Modifier::REVERSED),
            "crossed-out" | "strikethrough" => Some(Modifier::CROSSED_OUT),
            _ => None,
        };
        if let Some(m) = modifier {
            style = style.add_modifier(m);
        } else if lower == "on" {
            let colour = words
                .next()
                .ok_or_else(|| format!("'on' needs a colour in style '{spec}'"))?;
            style = style.bg(parse_color(colour)?);
        } else if !fg_set {
            style = style.fg(parse_color(word)?);
            fg_set = true;
        } else {
            return Err(format!("unexpected '{word}' in style '{spec}'"));
        }
    }
    Ok(style)
}

fn parse_color(word: &str) -> Result<Color, String> {
    if let Ok(n) = word.parse::<u8>() {
        return Ok(Color::Indexed(n));
    }
    word.parse::<Color>()
        .map_err(|_| format!("unknown colour '{word}'"))
}
