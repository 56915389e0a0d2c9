//! The horizontal lines of a chart — the lower reference limit and the
//! severity cut-offs — with their labels and the y axis that names their
//! values.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use crate::model::Analyte;

pub use crate::report::chart_scale::rule_lines;

use super::app::App;
use super::chart_data;
use super::patient_view::PatientRecord;

/// The lines of a chart grouped by the row they fall on: `(row, first
/// line's value, labels, any cut-off)`; lines sharing a row share it.
pub type RuleRow = (u16, f64, Vec<String>, bool);

pub fn rule_rows(
    app: &App,
    record: &PatientRecord,
    analyte: Analyte,
    top: f64,
    height: u16,
) -> Vec<RuleRow> {
    let mut rows: Vec<RuleRow> = Vec::new();
    let range = record.range_used(app.cursor, analyte, &app.thresholds);
    for line in rule_lines(analyte, range, &app.thresholds) {
        let row = chart_data::cell_row(line.value, top, height);
        match rows.iter_mut().find(|(r, ..)| *r == row) {
            Some((_, _, labels, cutoff)) => {
                labels.push(line.label);
                *cutoff |= line.cutoff;
            }
            None => rows.push((row, line.value, vec![line.label], line.cutoff)),
        }
    }
    rows
}

/// The y scale: its top, 0, and the value of each line on a row of its own,
/// each with a tick.
pub fn render_y_axis(top: f64, rules: &[RuleRow], area: Rect, style: Style, buf: &mut Buffer) {
    if area.height == 0 || area.width == 0 {
        return;
    }
    let width = usize::from(area.width - 1);
    for y in area.top()..area.bottom() {
        buf.set_string(area.right() - 1, y, "│", style);
    }
    let bottom = area.height - 1;
    let mut ticks: Vec<(u16, String)> = vec![(0, chart_data::axis_number(top))];
    if bottom > 0 {
        ticks.push((bottom, "0".to_string()));
    }
    for &(row, value, ..) in rules {
        if ticks.iter().all(|(r, _)| *r != row) {
            ticks.push((row, chart_data::axis_number(value)));
        }
    }
    for (row, text) in ticks {
        buf.set_string(area.x, area.y + row, format!("{text:>width$}┤"), style);
    }
}

/// The reference limit and cut-off lines, under the trace.
pub fn draw_rule_lines(app: &App, rules: &[RuleRow], plot: Rect, buf: &mut Buffer) {
    for (row, _, _, cutoff) in rules {
        let (symbol, style) = rule_style(app, *cutoff);
        let y = plot.y + row;
        for x in plot.left()..plot.right() {
            if buf.cell((x, y)).is_some_and(|c| c.symbol() == " ") {
                buf.set_string(x, y, symbol, style);
            }
        }
    }
}

fn rule_style(app: &App, cutoff: bool) -> (&'static str, Style) {
    if cutoff {
        ("╌", app.theme.cutoff)
    } else {
        ("┄", app.theme.reference)
    }
}

/// Labels each line where it hides no data: at its right end, else its
/// left end, else the rightmost free stretch; not at all when none is free.
pub fn label_rule_lines(app: &App, rules: &[RuleRow], plot: Rect, buf: &mut Buffer) {
    for (row, _, labels, cutoff) in rules {
        let (_, style) = rule_style(app, *cutoff);
        let y = plot.y + row;
        let label = format!(" {} ", labels.join(" · "));
        let width = label.chars().count() as u16;
        if width >= plot.width {
            continue;
        }
        let free = |x: u16| {
            buf.cell((x, y))
                .is_some_and(|c| matches!(c.symbol(), " " | "┄" | "╌" | "┊"))
        };
        let fits = |start: u16| (start..start + width).all(free);
        let last = plot.right() - width;
        let start = [last, plot.x]
            .into_iter()
            .find(|&start| fits(start))
            .or_else(|| (plot.x..=last).rev().find(|&start| fits(start)));
        if let Some(start) = start {
            buf.set_string(start, y, label, style);
        }
    }
}
