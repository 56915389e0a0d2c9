//! Both themes on whole screens: nothing drawn in palette colour 8 (dark
//! gray, Solarized Dark's background), and an inventory of every style used
//! with the text drawn in it, as a snapshot, so a colour change is reviewed.
//! Under NO_COLOR the flags still read, as letters.

use std::collections::BTreeMap;

use crate::support::{app_with, press, screen};
use hemotrend::tui::{Action, LIGHT_THEME, NO_COLOR_THEME, THEME, Theme};
use ratatui::style::Color;

/// The screens a theme is checked on: the start, the table, the severity
/// view and the help, at 80x24.
const SCREENS: &[&[Action]] = &[
    &[],
    &[Action::Down, Action::NextFocus, Action::NextFocus],
    &[Action::Down, Action::PrevFocus],
    &[Action::ToggleHelp],
];

/// Every (fg, bg, modifiers) drawn on the screens, with the first
/// characters (spaces left out) drawn in it.
fn inventory(theme: &'static Theme) -> String {
    let mut styles: BTreeMap<String, String> = BTreeMap::new();
    for actions in SCREENS {
        let mut app = app_with(theme, 80, 24);
        press(&mut app, actions);
        let terminal = screen(&app, 80, 24);
        for cell in terminal.backend().buffer().content() {
            assert_ne!(cell.fg, Color::DarkGray, "{cell:?}");
            assert_ne!(cell.bg, Color::DarkGray, "{cell:?}");
            let key = format!("fg={:?} bg={:?} {:?}", cell.fg, cell.bg, cell.modifier);
            let text = styles.entry(key).or_default();
            let symbol = cell.symbol();
            if symbol.trim().is_empty() || text.chars().count() >= 40 || text.contains(symbol) {
                continue;
            }
            text.push_str(symbol);
        }
    }
    styles
        .into_iter()
        .map(|(style, text)| format!("{style}: {text}"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn dark_theme_styles() {
    insta::assert_snapshot!("dark_theme_styles", inventory(&THEME));
}

#[test]
fn light_theme_styles() {
    insta::assert_snapshot!("light_theme_styles", inventory(&LIGHT_THEME));
}

#[test]
fn without_colour_every_flag_is_a_letter() {
    // Wide enough for every column (at 80x24 the MCV gives way first).
    let mut app = app_with(&NO_COLOR_THEME, 120, 40);
    press(
        &mut app,
        &[Action::Down, Action::NextFocus, Action::NextFocus],
    );
    let text = screen(&app, 120, 40).backend().to_string();
    for flag in ["2.73L", "17LL", "100.1H", "8.4‡L"] {
        assert!(text.contains(flag), "{flag} in {text}");
    }
    for cell in screen(&app, 120, 40).backend().buffer().content() {
        assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset), "{cell:?}");
    }
}
