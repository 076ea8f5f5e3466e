//! Styles by role. Everything the interface draws asks the theme for the
//! style of a [`Role`]; a theme is a dark or light palette (or plain
//! modifiers when `NO_COLOR` is set), and single roles can be overridden by
//! name (`Theme::set_by_name`, used by the config file).

use crate::config::parse_style;
use crate::model::{Annotation, EntityLabel, Layer, QuoteLabel};
use ratatui::style::{Color, Modifier, Style};

macro_rules! roles {
    ($($variant:ident => $name:literal, $what:literal;)*) => {
        /// What a piece of the screen is, for styling.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Role { $($variant,)* }

        impl Role {
            pub const ALL: &'static [Role] = &[$(Role::$variant,)*];
            /// The stable name used in config files (`[theme] per = "…"`).
            pub fn name(self) -> &'static str {
                match self { $(Role::$variant => $name,)* }
            }
            /// What the role styles, for documentation.
            pub fn describe(self) -> &'static str {
                match self { $(Role::$variant => $what,)* }
            }
            pub fn from_name(name: &str) -> Option<Role> {
                Role::ALL.iter().copied().find(|r| r.name() == name)
            }
        }
    };
}

roles! {
    Text => "text", "body text";
    Title => "title", "the document title";
    Subtitle => "subtitle", "subtitle, kicker and byline";
    Heading => "heading", "section headings";
    Emphasis => "emphasis", "emphasised text (*…*, <em>, italic runs)";
    Strong => "strong", "strong text (**…**, <strong>, bold runs)";
    Strike => "strike", "struck-through text";
    Link => "link", "a link's text (its address is in the details)";
    Code => "code", "code blocks and inline code";
    Image => "image", "[image: …] placeholders";
    BlockMark => "block-mark", "block-quote bars and list markers";
    Border => "border", "pane borders";
    BorderFocus => "border-focus", "the focused pane's border";
    PaneTitle => "pane-title", "pane titles";
    Status => "status", "the status bar";
    StatusKey => "status-key", "keys in status-bar hints";
    Message => "message", "messages in the status bar";
    OutlineCurrent => "outline-current", "the section being read";
    OutlineSelected => "outline-selected", "the outline selection";
    Counts => "counts", "per-section counts in the outline";
    Dim => "dim", "secondary text";
    Per => "per", "people (PER)";
    Org => "org", "organisations (ORG)";
    Loc => "loc", "places (LOC)";
    Work => "work", "titles of works (WORK)";
    Entity => "entity", "other entity labels";
    Quantity => "quantity", "figures: money, percentages, counts";
    Time => "time", "dates and times";
    Quote => "quote", "direct speech";
    Speaker => "speaker", "the speaker of a quote";
    Term => "term", "short quoted terms";
    Keyword => "keyword", "keywords of the document";
    Glossary => "glossary", "terms with a glossary note";
    Duplicate => "duplicate", "repeated sentences and paragraphs";
    Learner => "learner", "learner annotations";
    LevelTint => "level-tint", "words the level tint marks (above your HSK level, or unknown)";
    Note => "note", "the reader's highlights";
    WordAlt => "word-alt", "every other word when word boundaries are shown";
    Cursor => "cursor", "the word cursor";
    Sentence => "sentence", "the sentence under the cursor";
    SearchHit => "search-hit", "search hits";
    SearchCurrent => "search-current", "the current search hit";
    OverlayTitle => "overlay-title", "overlay titles and group headers";
    Selected => "selected", "the selected row in an overlay";
}

/// The one mapping from what the document holds to display roles: the
/// text, the details panel, the legend, both entity indexes and the
/// config's `[colors]` layer names all go through it.
impl Role {
    /// The role of an entity label; another label is a plain entity.
    pub fn of_entity(label: Option<EntityLabel>) -> Role {
        match label {
            Some(EntityLabel::Per) => Role::Per,
            Some(EntityLabel::Org) => Role::Org,
            Some(EntityLabel::Loc) => Role::Loc,
            Some(EntityLabel::Work) => Role::Work,
            None => Role::Entity,
        }
    }

    /// The role of an annotation.
    pub fn of_annotation(a: &Annotation) -> Role {
        match a.layer {
            Layer::Entities => Role::of_entity(a.entity_label()),
            Layer::Quotes => match a.quote_label() {
                Some(QuoteLabel::Term) => Role::Term,
                _ => Role::Quote,
            },
            layer => Role::of_layer(layer)[0],
        }
    }

    /// Every role a layer's annotations are drawn in (the first is the
    /// layer's own).
    pub fn of_layer(layer: Layer) -> &'static [Role] {
        match layer {
            Layer::Entities => &[Role::Per, Role::Org, Role::Loc, Role::Work, Role::Entity],
            Layer::Quantities => &[Role::Quantity],
            Layer::Time => &[Role::Time],
            Layer::Quotes => &[Role::Quote, Role::Speaker, Role::Term],
            Layer::Keywords => &[Role::Keyword],
            Layer::Glossary => &[Role::Glossary],
            Layer::Learner => &[Role::Learner],
            Layer::Duplicates => &[Role::Duplicate],
            Layer::Notes => &[Role::Note],
            Layer::Tokens => &[Role::WordAlt],
        }
    }

    /// The roles a `[colors]` name stands for: a role name (`per`,
    /// `search-hit`, …) or a layer name standing for its roles
    /// (`entities`). Empty for an unknown name.
    pub fn for_config_name(name: &str) -> Vec<Role> {
        if let Some(role) = Role::from_name(name) {
            return vec![role];
        }
        Layer::from_name(name).map_or_else(Vec::new, |l| Role::of_layer(l).to_vec())
    }
}

/// The layer names `[colors]` accepts besides role names.
pub fn layer_color_names() -> Vec<&'static str> {
    Layer::ALL
        .iter()
        .map(|l| l.name())
        .filter(|n| Role::from_name(n).is_none())
        .collect()
}

/// Which palette a theme starts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    Dark,
    Light,
    /// `NO_COLOR`: modifiers only.
    Plain,
}

/// Styles for every role.
#[derive(Debug, Clone)]
pub struct Theme {
    pub variant: Variant,
    styles: Vec<Style>,
}

fn bg(fg: Color, bg: Color) -> Style {
    Style::new().fg(fg).bg(bg)
}

impl Theme {
    /// The dark palette (light text on a dark terminal).
    pub fn dark() -> Theme {
        let mut t = Theme {
            variant: Variant::Dark,
            styles: vec![Style::new(); Role::ALL.len()],
        };
        let ink = Color::Black;
        t.put(Role::Title, Style::new().fg(Color::Yellow).bold());
        t.put(Role::Subtitle, Style::new().fg(Color::Gray).italic());
        t.put(Role::Heading, Style::new().fg(Color::LightCyan).bold());
        t.put(Role::Emphasis, Style::new().italic());
        t.put(Role::Strong, Style::new().bold());
        t.put(Role::Strike, Style::new().crossed_out());
        t.put(Role::Link, Style::new().fg(Color::LightBlue).underlined());
        t.put(Role::Code, Style::new().fg(Color::Indexed(180)));
        t.put(Role::Image, Style::new().fg(Color::Gray).italic());
        t.put(Role::BlockMark, Style::new().fg(Color::DarkGray));
        t.put(Role::Border, Style::new().fg(Color::DarkGray));
        t.put(Role::BorderFocus, Style::new().fg(Color::LightCyan));
        t.put(Role::PaneTitle, Style::new().fg(Color::Gray).bold());
        t.put(Role::Status, bg(Color::White, Color::Indexed(236)));
        t.put(
            Role::StatusKey,
            bg(Color::LightYellow, Color::Indexed(236)).bold(),
        );
        t.put(Role::Message, bg(Color::LightGreen, Color::Indexed(236)));
        t.put(
            Role::OutlineCurrent,
            Style::new().fg(Color::LightCyan).bold(),
        );
        t.put(Role::OutlineSelected, bg(Color::White, Color::Indexed(238)));
        t.put(Role::Counts, Style::new().fg(Color::DarkGray));
        t.put(Role::Dim, Style::new().fg(Color::DarkGray));
        t.put(Role::Per, bg(ink, Color::Indexed(217)));
        t.put(Role::Org, bg(ink, Color::Indexed(153)));
        t.put(Role::Loc, bg(ink, Color::Indexed(157)));
        t.put(Role::Work, bg(ink, Color::Indexed(223)));
        t.put(Role::Entity, bg(ink, Color::Indexed(252)));
        t.put(Role::Quantity, bg(ink, Color::Indexed(229)));
        t.put(Role::Time, bg(ink, Color::Indexed(183)));
        t.put(Role::Quote, Style::new().fg(Color::LightGreen));
        t.put(
            Role::Speaker,
            Style::new()
                .fg(Color::LightGreen)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        );
        t.put(Role::Term, Style::new().fg(Color::LightMagenta));
        t.put(Role::Keyword, Style::new().bold());
        t.put(
            Role::Glossary,
            Style::new()
                .fg(Color::Cyan)
                .add_modifier(Modifier::UNDERLINED),
        );
        t.put(
            Role::Duplicate,
            Style::new().add_modifier(Modifier::DIM | Modifier::CROSSED_OUT),
        );
        t.put(Role::Learner, Style::new().fg(Color::LightBlue));
        t.put(
            Role::LevelTint,
            Style::new()
                .fg(Color::LightRed)
                .add_modifier(Modifier::UNDERLINED),
        );
        t.put(Role::Note, bg(ink, Color::Indexed(214)));
        t.put(Role::WordAlt, Style::new().bg(Color::Indexed(237)));
        t.put(Role::Cursor, Style::new().add_modifier(Modifier::REVERSED));
        t.put(Role::Sentence, Style::new().bg(Color::Indexed(235)));
        t.put(Role::SearchHit, bg(ink, Color::Indexed(208)));
        t.put(Role::SearchCurrent, bg(ink, Color::LightRed).bold());
        t.put(Role::OverlayTitle, Style::new().fg(Color::Yellow).bold());
        t.put(Role::Selected, bg(Color::Black, Color::LightCyan));
        t
    }

    /// The light palette (dark text on a light terminal).
    pub fn light() -> Theme {
        let mut t = Theme::dark();
        t.variant = Variant::Light;
        t.put(Role::Title, Style::new().fg(Color::Blue).bold());
        t.put(Role::Subtitle, Style::new().fg(Color::DarkGray).italic());
        t.put(Role::Heading, Style::new().fg(Color::Blue).bold());
        t.put(Role::Link, Style::new().fg(Color::Blue).underlined());
        t.put(Role::Code, Style::new().fg(Color::Indexed(94)));
        t.put(Role::Image, Style::new().fg(Color::DarkGray).italic());
        t.put(Role::BlockMark, Style::new().fg(Color::Gray));
        t.put(Role::Border, Style::new().fg(Color::Gray));
        t.put(Role::BorderFocus, Style::new().fg(Color::Blue));
        t.put(Role::PaneTitle, Style::new().fg(Color::DarkGray).bold());
        t.put(Role::Status, bg(Color::Black, Color::Indexed(252)));
        t.put(Role::StatusKey, bg(Color::Blue, Color::Indexed(252)).bold());
        t.put(Role::Message, bg(Color::Green, Color::Indexed(252)));
        t.put(Role::OutlineCurrent, Style::new().fg(Color::Blue).bold());
        t.put(Role::OutlineSelected, bg(Color::Black, Color::Indexed(250)));
        t.put(Role::Counts, Style::new().fg(Color::Gray));
        t.put(Role::Dim, Style::new().fg(Color::Gray));
        t.put(Role::Quote, Style::new().fg(Color::Green));
        t.put(
            Role::Speaker,
            Style::new()
                .fg(Color::Green)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        );
        t.put(Role::Term, Style::new().fg(Color::Magenta));
        t.put(
            Role::Glossary,
            Style::new()
                .fg(Color::Blue)
                .add_modifier(Modifier::UNDERLINED),
        );
        t.put(Role::Learner, Style::new().fg(Color::Blue));
        t.put(
            Role::LevelTint,
            Style::new()
                .fg(Color::Red)
                .add_modifier(Modifier::UNDERLINED),
        );
        t.put(Role::WordAlt, Style::new().bg(Color::Indexed(254)));
        t.put(Role::Sentence, Style::new().bg(Color::Indexed(255)));
        t.put(Role::OverlayTitle, Style::new().fg(Color::Blue).bold());
        t.put(Role::Selected, bg(Color::White, Color::Blue));
        t
    }

    /// No colours at all (`NO_COLOR`): roles are told apart by modifiers.
    pub fn plain() -> Theme {
        let mut t = Theme {
            variant: Variant::Plain,
            styles: vec![Style::new(); Role::ALL.len()],
        };
        let b = Style::new().bold();
        let u = Style::new().underlined();
        let r = Style::new().reversed();
        t.put(Role::Title, b);
        t.put(Role::Subtitle, Style::new().italic());
        t.put(Role::Heading, b);
        t.put(Role::Emphasis, Style::new().italic());
        t.put(Role::Strong, b);
        t.put(Role::Strike, Style::new().crossed_out());
        t.put(Role::Link, u);
        t.put(Role::Image, Style::new().italic());
        t.put(Role::BlockMark, Style::new().dim());
        t.put(Role::Border, Style::new());
        t.put(Role::BorderFocus, b);
        t.put(Role::PaneTitle, b);
        t.put(Role::Status, r);
        t.put(Role::StatusKey, r.bold());
        t.put(Role::Message, r);
        t.put(Role::OutlineCurrent, b);
        t.put(Role::OutlineSelected, r);
        t.put(Role::Counts, Style::new().dim());
        t.put(Role::Dim, Style::new().dim());
        for role in [
            Role::Per,
            Role::Org,
            Role::Loc,
            Role::Work,
            Role::Entity,
            Role::Quantity,
            Role::Time,
        ] {
            t.put(role, u);
        }
        t.put(Role::Per, u.bold());
        t.put(Role::Quote, Style::new().italic());
        t.put(Role::Speaker, Style::new().italic().bold());
        t.put(Role::Term, Style::new().italic());
        t.put(Role::Keyword, b);
        t.put(Role::Glossary, u);
        t.put(Role::LevelTint, u.italic());
        t.put(Role::Duplicate, Style::new().dim());
        t.put(Role::Note, r);
        t.put(Role::WordAlt, Style::new().dim());
        t.put(Role::Cursor, r);
        t.put(Role::SearchHit, r);
        t.put(Role::SearchCurrent, r.bold());
        t.put(Role::OverlayTitle, b);
        t.put(Role::Selected, r);
        t
    }

    /// The theme for this terminal: `NO_COLOR` (set and non-empty) wins;
    /// otherwise dark unless `light` is asked for.
    pub fn detect(light: bool) -> Theme {
        if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
            Theme::plain()
        } else if light {
            Theme::light()
        } else {
            Theme::dark()
        }
    }

    /// By name: `dark`, `light`, `plain` (also `none`).
    pub fn by_name(name: &str) -> Option<Theme> {
        match name {
            "dark" => Some(Theme::dark()),
            "light" => Some(Theme::light()),
            "plain" | "none" | "no-color" => Some(Theme::plain()),
            _ => None,
        }
    }

    pub fn style(&self, role: Role) -> Style {
        self.styles.get(role as usize).copied().unwrap_or_default()
    }

    /// Sets one role's style.
    pub fn put(&mut self, role: Role, style: Style) {
        if let Some(slot) = self.styles.get_mut(role as usize) {
            *slot = style;
        }
    }

    /// Sets a role's style by names, e.g. `("per", "black on #ffc0c0 bold")`.
    /// Colours are ratatui colour names, `#rrggbb` or 0–255; modifiers are
    /// `bold italic underlined dim reversed crossed-out`. Errors name the
    /// problem.
    pub fn set_by_name(&mut self, role: &str, spec: &str) -> Result<(), String> {
        let role = Role::from_name(role).ok_or_else(|| format!("unknown theme role '{role}'"))?;
        if self.variant == Variant::Plain {
            // NO_COLOR: keep only the modifiers of an override.
            let style = parse_style(spec)?;
            let mut plain = Style::new();
            plain.add_modifier = style.add_modifier;
            self.put(role, plain);
        } else {
            self.put(role, parse_style(spec)?);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_names_round_trip_and_are_unique() {
        for &role in Role::ALL {
            assert_eq!(Role::from_name(role.name()), Some(role));
        }
        let mut names: Vec<_> = Role::ALL.iter().map(|r| r.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Role::ALL.len());
    }

    #[test]
    fn entity_roles_differ_in_colour_themes() {
        for theme in [Theme::dark(), Theme::light()] {
            assert_ne!(theme.style(Role::Per), theme.style(Role::Org));
            assert_ne!(theme.style(Role::Per), theme.style(Role::Text));
        }
    }

    #[test]
    fn plain_theme_has_no_colours() {
        let t = Theme::plain();
        for &role in Role::ALL {
            let s = t.style(role);
            assert!(s.fg.is_none() && s.bg.is_none(), "{}", role.name());
        }
    }

    #[test]
    fn overrides_by_name() {
        let mut t = Theme::dark();
        assert!(t.set_by_name("per", "black on #ffc0c0 bold").is_ok());
        let s = t.style(Role::Per);
        assert_eq!(s.fg, Some(Color::Black));
        assert_eq!(s.bg, Some(Color::Rgb(0xff, 0xc0, 0xc0)));
        assert!(s.add_modifier.contains(Modifier::BOLD));
        let err = t.set_by_name("nope", "red").unwrap_err();
        assert!(err.contains("nope"));
        let err = t.set_by_name("per", "blurple").unwrap_err();
        assert!(err.contains("blurple"));
    }
}
