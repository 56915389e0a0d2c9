//! The help popup, generated from the key table and the mouse map, with the
//! legend of every glyph and marker and the one disclaimer.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget};

use super::app::App;
use super::keys::{Action, Mode, bindings_for};
use super::mouse::MOUSE_HELP;
use super::theme::{Theme, category_block, category_glyph, flag_marker};
use crate::clinical::{CTCAE_VERSION, Category, Flag};

/// The disclaimer, said once on screen.
pub const DISCLAIMER: &str = "hemotrend is a review aid, not a diagnostic device.";

/// Width of the key column of the help.
const KEY_COLUMN: usize = 12;
/// Width of the legend's name column.
const LEGEND_COLUMN: usize = 15;
/// The widest the help popup gets.
const POPUP_WIDTH: u16 = 104;

/// `label` padded to `column`, then `text` word-wrapped to `width`, its
/// wrapped lines indented under the text's start (not under the label).
fn entry(
    label: &str,
    label_style: Style,
    column: usize,
    text: &str,
    width: usize,
) -> Vec<Line<'static>> {
    // A label as wide as its column keeps a space before the text.
    let first = column.max(label.chars().count() + 1);
    let room = |row: usize| {
        let indent = if row == 0 { first } else { column };
        width.saturating_sub(indent).max(12)
    };
    let mut rows: Vec<String> = vec![String::new()];
    for word in text.split(' ') {
        let index = rows.len() - 1;
        let Some(row) = rows.last_mut() else { break };
        let needed = row.chars().count() + usize::from(!row.is_empty()) + word.chars().count();
        if needed > room(index) && !row.is_empty() {
            rows.push(word.to_string());
        } else {
            if !row.is_empty() {
                row.push(' ');
            }
            row.push_str(word);
        }
    }
    rows.into_iter()
        .enumerate()
        .map(|(i, row)| {
            let head = if i == 0 {
                format!("{label:<first$}")
            } else {
                " ".repeat(column)
            };
            Line::from(vec![Span::styled(head, label_style), Span::raw(row)])
        })
        .collect()
}

/// Every line of the help at this inner width; `config` is the
/// configuration in force ([`App::config_line`]).
pub fn help_lines(theme: &Theme, config: &str, width: usize) -> Vec<Line<'static>> {
    let mut lines = vec![Line::styled("In force", theme.heading)];
    lines.extend(entry("", theme.text, 2, config, width));
    lines.push(Line::raw(""));
    let sections = [
        (Mode::Normal, "Dashboard"),
        (Mode::Filter, "Typing a filter (after /)"),
    ];
    for (mode, heading) in sections {
        lines.push(Line::styled(heading, theme.heading));
        for binding in bindings_for(mode) {
            let label = format!("  {}", binding.label);
            lines.extend(entry(
                &label,
                theme.heading,
                KEY_COLUMN,
                binding.help,
                width,
            ));
        }
        if mode == Mode::Filter {
            lines.extend(entry(
                "  other keys",
                theme.heading,
                KEY_COLUMN,
                "typed into the filter (id or name, any case)",
                width,
            ));
        }
        lines.push(Line::raw(""));
    }
    // In a popup the same keys scroll it: said once, not the dashboard's
    // sentences again.
    lines.push(Line::styled("In a popup", theme.heading));
    let scrolling: Vec<&str> = bindings_for(Mode::Help)
        .filter(|b| {
            matches!(
                b.action,
                Action::Up
                    | Action::Down
                    | Action::PageUp
                    | Action::PageDown
                    | Action::Top
                    | Action::Bottom
            )
        })
        .map(|b| b.label)
        .collect();
    lines.extend(entry(
        &format!("  {}", scrolling.join(" ")),
        theme.heading,
        KEY_COLUMN,
        "scroll (the wheel too)",
        width,
    ));
    for binding in bindings_for(Mode::Help)
        .filter(|b| matches!(b.action, Action::Back | Action::ToggleHelp | Action::Quit))
    {
        let help = match binding.action {
            Action::Back => "close the popup",
            Action::ToggleHelp => "close the help",
            _ => binding.help,
        };
        lines.extend(entry(
            &format!("  {}", binding.label),
            theme.heading,
            KEY_COLUMN,
            help,
            width,
        ));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled("Mouse", theme.heading));
    for &(what, does) in MOUSE_HELP {
        lines.extend(entry(
            &format!("  {what}"),
            theme.heading,
            KEY_COLUMN,
            does,
            width,
        ));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled("Legend", theme.heading));
    let glyphs: Vec<String> = Category::ALL
        .iter()
        .map(|&c| format!("{} {}", category_glyph(c), c.label()))
        .collect();
    let blocks: Vec<String> = Category::ALL
        .iter()
        .map(|&c| format!("{} {}", category_block(c), c.label()))
        .collect();
    let legend = [
        (
            "severity",
            format!(
                "{}   (? = missing values leave a worse category open)",
                glyphs.join("  ")
            ),
        ),
        ("timeline", blocks.join("  ")),
        (
            "chart",
            format!(
                "{} within limits  {} below the lower limit (L, LL)  {} above the upper limit (H)",
                flag_marker(None),
                flag_marker(Some(Flag::Low)),
                flag_marker(Some(Flag::High))
            ),
        ),
        (
            "",
            "┄ lower reference limit (LLN)  ╌ severity cut-off  ┊ ▲ the cursor's draw".to_string(),
        ),
        (
            "",
            "‡ drawn after a transfusion (Hb 8 wk after red cells, PLT 7 d after platelets)"
                .to_string(),
        ),
        (
            "y axis",
            "each row a band: ≥50 holds the values from 50 up to the row above, <20 those under 20; \
             on a linear chart, the rows above the highest line rise in proportion to the top tick"
                .to_string(),
        ),
        (
            "readout",
            "Δ change of each charted count from its previous value; events since the previous draw"
                .to_string(),
        ),
        (
            "flags",
            "L below the lower limit  LL below the critical low  H above the upper limit"
                .to_string(),
        ),
        (
            "values",
            "exact as reported; <x and >x are censored results; † flagged by the lab's own range"
                .to_string(),
        ),
        (
            "",
            "converted from mmol/L or derived: rounded to the digits of what it came from"
                .to_string(),
        ),
        ("", super::format::DERIVED_LEGEND.to_string()),
        (
            "platelets",
            "↑ up  ↓ down  → steady since the previous count  · no earlier count or open"
                .to_string(),
        ),
        (
            "grades",
            format!("{CTCAE_VERSION} (v6 moved the platelet and neutrophil lines)"),
        ),
        (
            "sex unknown",
            "male lower limits and female upper limits (the more sensitive of each)".to_string(),
        ),
    ];
    for (name, text) in legend {
        lines.extend(entry(
            &format!("  {name}"),
            theme.text,
            LEGEND_COLUMN,
            &text,
            width,
        ));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(DISCLAIMER, theme.dim));
    lines
}

/// The popup's inner width in a screen `area`.
fn inner_width(area: Rect) -> usize {
    usize::from(POPUP_WIDTH.min(area.width).saturating_sub(2))
}

/// How many lines the help has in a screen `area` (for scrolling).
pub fn line_count(app: &App, area: Rect) -> usize {
    help_lines(app.theme, &app.config_line(), inner_width(area)).len()
}

/// How many of those lines the popup shows at once.
pub fn visible_lines(app: &App, area: Rect) -> usize {
    line_count(app, area).min(usize::from(area.height.saturating_sub(2)))
}

/// A centred popup area of at most `width` x `height` inside `area`.
pub fn popup_area(area: Rect, width: u16, height: u16) -> Rect {
    let [row] = area.layout(
        &Layout::vertical([Constraint::Length(height.min(area.height))]).flex(Flex::Center),
    );
    let [popup] = row.layout(
        &Layout::horizontal([Constraint::Length(width.min(area.width))]).flex(Flex::Center),
    );
    popup
}

/// Draws the help popup over `area`.
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let lines = help_lines(app.theme, &app.config_line(), inner_width(area));
    let height = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
    let popup = popup_area(area, POPUP_WIDTH, height);
    Clear.render(popup, buf);
    let block = Block::bordered()
        .title(Line::styled(" Help — keys and legend ", app.theme.heading))
        .title_bottom(Line::styled(
            " ↑↓ PgUp PgDn scroll · Esc or ? close ",
            app.theme.dim,
        ))
        .border_style(app.theme.focus);
    let scroll = u16::try_from(app.popup_scroll).unwrap_or(u16::MAX);
    // Wrapped already, with the hanging indents the columns need.
    Paragraph::new(lines)
        .block(block)
        .scroll((scroll, 0))
        .render(popup, buf);
}
