//! The help popup, generated from the key table, with the legend of every
//! glyph and marker and the one disclaimer.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget, Wrap};

use super::app::App;
use super::keys::{Mode, bindings_for};
use super::theme::{THEME, Theme, category_block, category_glyph, flag_marker};
use crate::clinical::{CTCAE_VERSION, Category, Flag};

/// The disclaimer, said once on screen.
pub const DISCLAIMER: &str = "hemotrend is a review aid, not a diagnostic device.";

/// Every line of the help; `config` is the configuration in force
/// ([`App::config_line`]).
pub fn help_lines(theme: &Theme, config: &str) -> Vec<Line<'static>> {
    let mut lines = vec![
        Line::styled("In force", theme.heading),
        Line::raw(format!("  {config}")),
        Line::raw(""),
    ];
    let sections = [
        (Mode::Normal, "Dashboard"),
        (Mode::Filter, "Typing a filter (after /)"),
        (Mode::Help, "In a popup"),
    ];
    for (mode, heading) in sections {
        lines.push(Line::styled(heading, theme.heading));
        for binding in bindings_for(mode) {
            lines.push(Line::from(vec![
                Span::styled(format!("  {:<10}", binding.label), theme.heading),
                Span::raw(binding.help),
            ]));
        }
        if mode == Mode::Filter {
            lines.push(Line::raw(
                "  other keys  typed into the filter (id or name, any case)",
            ));
        }
        lines.push(Line::raw(""));
    }
    lines.push(Line::styled("Legend", theme.heading));
    let glyphs: Vec<String> = Category::ALL
        .iter()
        .map(|&c| format!("{} {}", category_glyph(c), c.label()))
        .collect();
    lines.push(Line::raw(format!(
        "  severity     {}   (? = missing values leave a worse category open)",
        glyphs.join("  ")
    )));
    let blocks: Vec<String> = Category::ALL
        .iter()
        .map(|&c| format!("{} {}", category_block(c), c.label()))
        .collect();
    lines.push(Line::raw(format!("  timeline     {}", blocks.join("  "))));
    lines.push(Line::raw(format!(
        "  chart        {} within limits  {} below the lower limit (L, LL)  {} above the upper limit (H)",
        flag_marker(None),
        flag_marker(Some(Flag::Low)),
        flag_marker(Some(Flag::High))
    )));
    lines.push(Line::raw(
        "               ┄ lower reference limit (LLN)  ╌ severity cut-off  ┊ ▲ the cursor's draw",
    ));
    lines.push(Line::raw(
        "  flags        L below the lower limit  LL below the critical low  H above the upper limit",
    ));
    lines.push(Line::raw(
        "  values       exact as reported; <x and >x are censored results; † flagged by the lab's own range",
    ));
    lines.push(Line::raw(format!(
        "               {}",
        super::format::DERIVED_LEGEND
    )));
    lines.push(Line::raw(
        "  platelets    ↑ up  ↓ down  → steady since the previous count  · no earlier count or open",
    ));
    lines.push(Line::raw(format!(
        "  grades       {CTCAE_VERSION} (v6 moved the platelet and neutrophil lines)"
    )));
    lines.push(Line::raw(
        "  sex unknown  male lower limits and female upper limits (the more sensitive of each)",
    ));
    lines.push(Line::raw(""));
    lines.push(Line::styled(DISCLAIMER, theme.dim));
    lines
}

/// How many lines the help has (for scrolling).
pub fn line_count() -> usize {
    help_lines(&THEME, "").len()
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
    let lines = help_lines(app.theme, &app.config_line());
    let height = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
    let popup = popup_area(area, 104, height);
    Clear.render(popup, buf);
    let block = Block::bordered()
        .title(Line::styled(" Help — keys and legend ", app.theme.heading))
        .title_bottom(Line::styled(
            " ↑↓ PgUp PgDn scroll · Esc or ? close ",
            app.theme.dim,
        ))
        .border_style(app.theme.focus);
    let scroll = u16::try_from(app.popup_scroll).unwrap_or(u16::MAX);
    Paragraph::new(lines)
        .block(block)
        .wrap(Wrap { trim: false })
        .scroll((scroll, 0))
        .render(popup, buf);
}
