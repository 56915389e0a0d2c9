//! Colours and emphasis, by clinical meaning. Every flag and category also
//! has a marker, glyph or word (see [`flag_marker`], [`category_glyph`]), so
//! the screen reads the same without colour ([`NO_COLOR_THEME`]).

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
}

/// The colour theme.
pub const THEME: Theme = Theme {
    text: Style::new(),
    dim: Style::new().fg(Color::DarkGray),
    heading: Style::new().add_modifier(Modifier::BOLD),
    focus: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
    border: Style::new().fg(Color::DarkGray),
    low: Style::new().fg(Color::Yellow),
    critical_low: Style::new()
        .fg(Color::LightRed)
        .add_modifier(Modifier::BOLD),
    high: Style::new().fg(Color::Magenta),
    reference: Style::new().fg(Color::Green),
    cutoff: Style::new().fg(Color::Red),
    trace: Style::new().fg(Color::Cyan),
    cursor: Style::new().fg(Color::White).bg(Color::DarkGray),
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
        match no_color {
            Some(value) if !value.is_empty() => &NO_COLOR_THEME,
            _ => &THEME,
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
        ];
        for style in all {
            assert_eq!((style.fg, style.bg), (None, None), "{style:?}");
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
