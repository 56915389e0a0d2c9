//! Colours and emphasis, by clinical meaning. Every flag and category also
//! has a marker, glyph or word (see [`flag_marker`], [`category_glyph`]), so
//! the screen reads the same without colour ([`NO_COLOR_THEME`]).
//!
//! Two themes, for dark ([`THEME`]) and light ([`LIGHT_THEME`]) terminal
//! backgrounds. Neither draws anything in palette colour 8 (dark gray): it
//! is the background of Solarized Dark and near-white elsewhere. The dark
//! theme keeps off colour 0 (black) for text on the terminal's background,
//! the light theme off 7 (light gray) and the pale yellow, green and cyan.

use ratatui::style::{Color, Modifier, Style};

use crate::clinical::{Category, Flag};

/// The styles of the dashboard, named for what they mean.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Theme {
    /// Ordinary text.
    pub text: Style,
    /// Secondary text: units, hints, captions.
    pub dim: Style,
    /// Headings and the focused pane's title.
    pub heading: Style,
    /// The border of the focused pane.
    pub focus: Style,
    /// Borders of the other panes.
    pub border: Style,
    /// A value below its lower reference limit (`L`).
    pub low: Style,
    /// A value below its critical low (`LL`).
    pub critical_low: Style,
    /// A value above its upper reference limit (`H`).
    pub high: Style,
    /// The lower reference limit line.
    pub reference: Style,
    /// The severity cut-off lines.
    pub cutoff: Style,
    /// The trend line joining the draws.
    pub trace: Style,
    /// The draw cursor (column in charts, row in the table).
    pub cursor: Style,
    /// The selected patient in the list.
    pub selected: Style,
    /// Category `non-severe`.
    pub non_severe: Style,
    /// Category `severe`.
    pub severe: Style,
    /// Category `very severe`.
    pub very_severe: Style,
    /// Header and footer bars.
    pub bar: Style,
    /// Rejected rows: a warning that data were kept out.
    pub warning: Style,
    /// A warning on the header or footer bar (its own background).
    pub bar_warning: Style,
}

/// The theme asked for by `--theme` or the configuration file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ThemeName {
    /// For a dark terminal background (the default).
    #[default]
    Dark,
    /// For a light terminal background.
    Light,
}

impl ThemeName {
    /// The name as `--theme` and the configuration file write it.
    pub fn name(self) -> &'static str {
        match self {
            ThemeName::Dark => "dark",
            ThemeName::Light => "light",
        }
    }

    /// The theme of a name as the configuration file writes it.
    pub fn parse(text: &str) -> Option<ThemeName> {
        match text {
            "dark" => Some(ThemeName::Dark),
            "light" => Some(ThemeName::Light),
            _ => None,
        }
    }
}

/// The theme for dark backgrounds, the default.
pub const THEME: Theme = Theme {
    text: Style::new(),
    dim: Style::new().fg(Color::Gray),
    heading: Style::new().add_modifier(Modifier::BOLD),
    focus: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
    border: Style::new().fg(Color::Gray),
    low: Style::new().fg(Color::Yellow),
    critical_low: Style::new()
        .fg(Color::LightRed)
        .add_modifier(Modifier::BOLD),
    high: Style::new().fg(Color::Magenta),
    reference: Style::new().fg(Color::Green),
    cutoff: Style::new().fg(Color::Red),
    trace: Style::new().fg(Color::Cyan),
    // Reversed, not a background colour: the cursor row keeps its flags'
    // colours readable (yellow on light gray is not), in every palette.
    cursor: Style::new().add_modifier(Modifier::REVERSED),
    selected: Style::new().add_modifier(Modifier::REVERSED),
    non_severe: Style::new().fg(Color::Yellow),
    severe: Style::new()
        .fg(Color::LightRed)
        .add_modifier(Modifier::BOLD),
    very_severe: Style::new()
        .fg(Color::White)
        .bg(Color::Red)
        .add_modifier(Modifier::BOLD),
    bar: Style::new().fg(Color::Black).bg(Color::Gray),
    warning: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
    bar_warning: Style::new()
        .fg(Color::Black)
        .bg(Color::Yellow)
        .add_modifier(Modifier::BOLD),
};

/// The theme for light backgrounds: the terminal's own foreground for
/// secondary text and lines, and only the colours that stay dark enough on
/// white or cream (red, blue, magenta).
pub const LIGHT_THEME: Theme = Theme {
    text: Style::new(),
    dim: Style::new(),
    heading: Style::new().add_modifier(Modifier::BOLD),
    focus: Style::new().fg(Color::Blue).add_modifier(Modifier::BOLD),
    border: Style::new(),
    low: Style::new().fg(Color::Magenta),
    critical_low: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
    high: Style::new().fg(Color::Blue),
    reference: Style::new(),
    cutoff: Style::new().fg(Color::Red),
    trace: Style::new().fg(Color::Blue),
    cursor: Style::new().add_modifier(Modifier::REVERSED),
    selected: Style::new().add_modifier(Modifier::REVERSED),
    non_severe: Style::new().fg(Color::Magenta),
    severe: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
    very_severe: Style::new()
        .fg(Color::White)
        .bg(Color::Red)
        .add_modifier(Modifier::BOLD),
    bar: Style::new().fg(Color::Black).bg(Color::Gray),
    warning: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
    bar_warning: Style::new()
        .fg(Color::White)
        .bg(Color::Red)
        .add_modifier(Modifier::BOLD),
};

/// The theme when `NO_COLOR` is set: emphasis only (bold, reverse,
/// underline); the markers and words carry the meaning.
pub const NO_COLOR_THEME: Theme = Theme {
    text: Style::new(),
    dim: Style::new(),
    heading: Style::new().add_modifier(Modifier::BOLD),
    focus: Style::new().add_modifier(Modifier::BOLD),
    border: Style::new(),
    low: Style::new().add_modifier(Modifier::BOLD),
    critical_low: Style::new().add_modifier(Modifier::BOLD.union(Modifier::UNDERLINED)),
    high: Style::new().add_modifier(Modifier::UNDERLINED),
    reference: Style::new(),
    cutoff: Style::new(),
    trace: Style::new(),
    cursor: Style::new().add_modifier(Modifier::REVERSED),
    selected: Style::new().add_modifier(Modifier::REVERSED),
    non_severe: Style::new(),
    severe: Style::new().add_modifier(Modifier::BOLD),
    very_severe: Style::new().add_modifier(Modifier::BOLD.union(Modifier::UNDERLINED)),
    bar: Style::new().add_modifier(Modifier::REVERSED),
    warning: Style::new().add_modifier(Modifier::BOLD),
    bar_warning: Style::new().add_modifier(Modifier::BOLD.union(Modifier::REVERSED)),
};

/// What a style is asked for: a value's flag or a draw's category.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    /// A value with this flag (`None`: within its limits).
    Flag(Option<Flag>),
    /// A draw of this severity category.
    Category(Category),
}

impl Theme {
    /// The theme for this environment: colourless when `NO_COLOR` is present
    /// and not empty (<https://no-color.org>).
    pub fn from_no_color(no_color: Option<&std::ffi::OsStr>) -> &'static Theme {
        Theme::chosen(ThemeName::Dark, no_color)
    }

    /// The theme `name`, or none at all when `NO_COLOR` is present and not
    /// empty: then the markers, letters and emphasis carry every meaning.
    pub fn chosen(name: ThemeName, no_color: Option<&std::ffi::OsStr>) -> &'static Theme {
        match (no_color, name) {
            (Some(value), _) if !value.is_empty() => &NO_COLOR_THEME,
            (_, ThemeName::Dark) => &THEME,
            (_, ThemeName::Light) => &LIGHT_THEME,
        }
    }

    /// The one mapping from a flag or a category to a style.
    pub fn style(&self, mark: Mark) -> Style {
        match mark {
            Mark::Flag(None) => self.text,
            Mark::Flag(Some(Flag::Low)) => self.low,
            Mark::Flag(Some(Flag::CriticalLow)) => self.critical_low,
            Mark::Flag(Some(Flag::High)) => self.high,
            // Undecided is not proven abnormal: the `?` itself says it.
            Mark::Flag(Some(Flag::Undecided)) => self.text,
            Mark::Category(Category::None) => self.text,
            Mark::Category(Category::NonSevere) => self.non_severe,
            Mark::Category(Category::Severe) => self.severe,
            Mark::Category(Category::VerySevere) => self.very_severe,
        }
    }
}

/// The chart marker of a draw: `•` within limits, `▼` low, `▲` high.
pub const fn flag_marker(flag: Option<Flag>) -> &'static str {
    match flag {
        None => "•",
        Some(Flag::Low | Flag::CriticalLow) => "▼",
        Some(Flag::High) => "▲",
        Some(Flag::Undecided) => "?",
    }
}

/// The glyph of a category, fuller as it gets more severe.
pub const fn category_glyph(category: Category) -> &'static str {
    match category {
        Category::None => "○",
        Category::NonSevere => "◔",
        Category::Severe => "◑",
        Category::VerySevere => "●",
    }
}

/// The timeline's block for a category, taller as it gets more severe.
pub const fn category_block(category: Category) -> &'static str {
    match category {
        Category::None => "▁",
        Category::NonSevere => "▃",
        Category::Severe => "▅",
        Category::VerySevere => "█",
    }
}

#[cfg(test)]
mod tests {
    use std::ffi::OsStr;

    use super::*;

    #[test]
    fn no_color_present_and_non_empty_removes_every_colour() {
        assert_eq!(Theme::from_no_color(Some(OsStr::new("1"))), &NO_COLOR_THEME);
        assert_eq!(Theme::from_no_color(Some(OsStr::new(""))), &THEME);
        assert_eq!(Theme::from_no_color(None), &THEME);
        let t = NO_COLOR_THEME;
        let all = [
            t.text,
            t.dim,
            t.heading,
            t.focus,
            t.border,
            t.low,
            t.critical_low,
            t.high,
            t.reference,
            t.cutoff,
            t.trace,
            t.cursor,
            t.selected,
            t.non_severe,
            t.severe,
            t.very_severe,
            t.bar,
            t.warning,
            t.bar_warning,
        ];
        for style in all {
            assert_eq!((style.fg, style.bg), (None, None), "{style:?}");
        }
    }

    fn every_style(t: &Theme) -> Vec<Style> {
        vec![
            t.text,
            t.dim,
            t.heading,
            t.focus,
            t.border,
            t.low,
            t.critical_low,
            t.high,
            t.reference,
            t.cutoff,
            t.trace,
            t.cursor,
            t.selected,
            t.non_severe,
            t.severe,
            t.very_severe,
            t.bar,
            t.warning,
            t.bar_warning,
        ]
    }

    #[test]
    fn no_theme_uses_palette_colour_8_or_colours_that_fade_on_its_background() {
        // Colour 8 is Solarized Dark's background; on a dark background
        // black vanishes, on a light one light gray, yellow, green and cyan.
        let fades_on_dark = [Color::DarkGray, Color::Black];
        let fades_on_light = [
            Color::DarkGray,
            Color::Gray,
            Color::White,
            Color::Yellow,
            Color::LightYellow,
            Color::Green,
            Color::LightGreen,
            Color::Cyan,
            Color::LightCyan,
        ];
        for (theme, fading) in [
            (&THEME, &fades_on_dark[..]),
            (&LIGHT_THEME, &fades_on_light[..]),
        ] {
            for style in every_style(theme) {
                // A colour on a background of the theme's own is fine.
                if style.bg.is_none() {
                    let fg = style.fg.unwrap_or(Color::Reset);
                    assert!(!fading.contains(&fg), "{style:?}");
                }
                assert_ne!(style.bg, Some(Color::DarkGray), "{style:?}");
                assert_ne!(style.fg, Some(Color::DarkGray), "{style:?}");
            }
        }
    }

    #[rstest::rstest]
    #[case(ThemeName::Dark, None, &THEME)]
    #[case(ThemeName::Light, None, &LIGHT_THEME)]
    #[case(ThemeName::Light, Some(""), &LIGHT_THEME)]
    #[case(ThemeName::Light, Some("1"), &NO_COLOR_THEME)]
    #[case(ThemeName::Dark, Some("yes"), &NO_COLOR_THEME)]
    fn no_color_wins_over_the_theme_asked_for(
        #[case] name: ThemeName,
        #[case] no_color: Option<&str>,
        #[case] expected: &Theme,
    ) {
        assert_eq!(Theme::chosen(name, no_color.map(OsStr::new)), expected);
    }

    #[rstest::rstest]
    #[case("dark", Some(ThemeName::Dark))]
    #[case("light", Some(ThemeName::Light))]
    #[case("Light", None)]
    #[case("solarized", None)]
    fn theme_names_parse_as_written(#[case] text: &str, #[case] expected: Option<ThemeName>) {
        assert_eq!(ThemeName::parse(text), expected);
        if let Some(name) = expected {
            assert_eq!(name.name(), text);
        }
    }

    #[test]
    fn without_colour_flags_still_differ_by_emphasis_and_marker() {
        let t = NO_COLOR_THEME;
        let low = t.style(Mark::Flag(Some(Flag::Low)));
        let critical = t.style(Mark::Flag(Some(Flag::CriticalLow)));
        let normal = t.style(Mark::Flag(None));
        assert_ne!(low, normal);
        assert_ne!(low, critical);
        assert_ne!(flag_marker(None), flag_marker(Some(Flag::Low)));
        assert_ne!(flag_marker(Some(Flag::High)), flag_marker(Some(Flag::Low)));
    }

    #[test]
    fn every_category_has_its_own_glyph_and_block() {
        for (i, a) in Category::ALL.into_iter().enumerate() {
            for b in Category::ALL.into_iter().skip(i + 1) {
                assert_ne!(category_glyph(a), category_glyph(b));
                assert_ne!(category_block(a), category_block(b));
            }
        }
    }
}
