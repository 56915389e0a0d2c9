//! The horizontal lines of a chart — the lower reference limit and the
//! severity cut-offs — with their labels and the y axis that names their
//! values.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use crate::model::Analyte;

pub use crate::report::chart_scale::rule_lines;

use super::app::App;
use super::chart_data::{self, YScale};
use super::patient_view::PatientRecord;

/// The lines of a chart grouped by the row they fall on: `(row, first
/// line's value, labels, any cut-off)`; lines sharing a row share it.
pub type RuleRow = (u16, f64, Vec<String>, bool);

/// The lines of one chart on their rows. On a log scale, lines that still
/// round to one row are moved apart by a row where the plot has one to
/// spare, keeping their order, so each cut-off keeps a row and a label.
pub fn rule_rows(
    app: &App,
    record: &PatientRecord,
    analyte: Analyte,
    scale: YScale,
    height: u16,
) -> Vec<RuleRow> {
    let mut rows: Vec<RuleRow> = Vec::new();
    let range = record.range_used(app.cursor, analyte, &app.thresholds);
    let mut lines = rule_lines(analyte, range, &app.thresholds);
    lines.sort_by(|a, b| b.value.total_cmp(&a.value));
    // Rows are found for each distinct value: lines of one value (the ANC
    // limit and cut-off, both 1.5) always share a row, never moved apart.
    let mut values: Vec<f64> = lines.iter().map(|l| l.value).collect();
    values.dedup();
    let mut placed: Vec<u16> = values.iter().map(|&v| scale.row(v, height)).collect();
    if scale.log {
        // The bottom row is kept for values under the lowest line.
        let usable = if height > placed.len() as u16 {
            height - 1
        } else {
            height
        };
        for row in placed.iter_mut() {
            *row = (*row).min(usable.saturating_sub(1));
        }
        separate(&mut placed, usable);
    }
    for line in lines {
        let at = values.iter().position(|&v| v == line.value);
        let row = at.and_then(|at| placed.get(at).copied()).unwrap_or(0);
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

/// The rows a chart wants: its title, a row for each distinct line (limit
/// or cut-off) and one under the lowest; on a linear scale one more above
/// the highest line, where its top value stands (on a log scale the top
/// line's row holds what is above it).
pub fn rows_wanted(app: &App, record: &PatientRecord, analyte: Analyte, scale: YScale) -> u16 {
    let range = record.range_used(app.cursor, analyte, &app.thresholds);
    let mut values: Vec<f64> = rule_lines(analyte, range, &app.thresholds)
        .iter()
        .map(|line| line.value)
        .collect();
    values.sort_by(f64::total_cmp);
    values.dedup();
    let lines = u16::try_from(values.len()).unwrap_or(u16::MAX);
    lines.saturating_add(if scale.log { 2 } else { 3 })
}

/// `available` rows split between three charts: each its `wanted` rows
/// where they all fit, then one more at a time to the shortest (the first
/// on a tie). Where they do not, a chart on a log scale (`log`: every
/// cut-off on a row of its own, the severe and very severe ANC lines among
/// them) keeps its rows first, then the first chart (platelets, or
/// hemoglobin), then the last, each leaving 3 rows to every chart after
/// it; with fewer than 9 rows, an even split.
pub fn chart_heights(wanted: [u16; 3], log: [bool; 3], available: u16) -> [u16; 3] {
    let total: u16 = wanted.iter().sum();
    let mut heights = if total <= available {
        wanted
    } else if available >= 9 {
        let mut order = [0usize, 1, 2];
        order.sort_by_key(|&i| (!log[i], i));
        let mut heights = [0; 3];
        let mut left = available;
        for (placed, &chart) in order.iter().enumerate() {
            let for_the_rest = 3 * (2 - placed) as u16;
            heights[chart] = wanted[chart].min(left.saturating_sub(for_the_rest));
            left -= heights[chart];
        }
        heights
    } else {
        [0; 3]
    };
    let mut left = available - heights.iter().sum::<u16>();
    while left > 0 {
        let shortest = (0..3).min_by_key(|&i| (heights[i], i)).unwrap_or(0);
        heights[shortest] += 1;
        left -= 1;
    }
    heights
}

/// The row of a draw of value `y` mapped to `row`, moved so that it never
/// sits on the wrong side of a line: on or above a line when at or above
/// its value, below it when under.
pub fn honest_row(y: f64, row: u16, rules: &[RuleRow], height: u16) -> u16 {
    let mut row = row;
    for &(line_row, value, ..) in rules {
        if y >= value {
            row = row.min(line_row);
        } else if row <= line_row && line_row + 1 < height {
            row = line_row + 1;
        }
    }
    row
}

/// Rows of lines sorted from the highest value down, made strictly
/// increasing where `height` leaves room: pushed down, then up from the
/// bottom.
fn separate(rows: &mut [u16], height: u16) {
    let last = height.saturating_sub(1);
    for i in 1..rows.len() {
        if rows[i] <= rows[i - 1] && rows[i - 1] < last {
            rows[i] = rows[i - 1] + 1;
        }
    }
    for i in (0..rows.len().saturating_sub(1)).rev() {
        if rows[i] >= rows[i + 1] && rows[i + 1] > 0 {
            rows[i] = rows[i + 1] - 1;
        }
    }
}

/// The y scale: its top, 0, and the value of each line on a row of its own,
/// each with a tick.
pub fn render_y_axis(scale: YScale, rules: &[RuleRow], area: Rect, style: Style, buf: &mut Buffer) {
    if area.height == 0 || area.width == 0 {
        return;
    }
    let width = usize::from(area.width - 1);
    for y in area.top()..area.bottom() {
        buf.set_string(area.right() - 1, y, "│", style);
    }
    let bottom = area.height - 1;
    // The lines' values first: a cut-off's tick beats the top's.
    let mut ticks: Vec<(u16, String)> = Vec::new();
    let ends = [(0, chart_data::axis_number(scale.top))]
        .into_iter()
        .chain((bottom > 0).then(|| (bottom, bottom_label(scale, rules, area.height))));
    let lines = rules
        .iter()
        .map(|&(row, value, ..)| (row, line_label(scale, rules, row, value, area.height)));
    for (row, text) in lines.chain(ends) {
        if ticks.iter().all(|(r, _)| *r != row) {
            ticks.push((row, text));
        }
    }
    for (row, text) in ticks {
        buf.set_string(area.x, area.y + row, format!("{text:>width$}┤"), style);
    }
}

/// A line's tick: its value; on a log scale `≥50`, because a line's row
/// holds every value from the line up to the next row's ([`honest_row`]):
/// at 80x24 the 50 line's row holds the counts from 50 to 149, which its
/// bare value would misread as about 50, as `<20` says of the bottom row.
/// So does a line of a linear scale with no free row above it: on the top
/// row (a squeezed chart's `≥60` holds a reticulocyte count of 81), or just
/// under another line's row (at 80x24 hemoglobin's `≥10` row holds 11.4,
/// under the limit 12's row). A line on the bottom row, or at the top of
/// the scale, is its value.
fn line_label(scale: YScale, rules: &[RuleRow], row: u16, value: f64, height: u16) -> String {
    let number = chart_data::axis_number(value);
    let no_free_row_above = row == 0 || rules.iter().any(|rule| rule.0 + 1 == row);
    if (scale.log || no_free_row_above) && value < scale.top && row + 1 < height {
        format!("≥{number}")
    } else {
        number
    }
}

/// The bottom tick: `0`; on a log scale `≤10` (lower values sit there), or
/// `<20` when the lowest line's row is just above it, because then every
/// value under that line is drawn on the bottom row ([`honest_row`]).
pub fn bottom_label(scale: YScale, rules: &[RuleRow], height: u16) -> String {
    if !scale.log {
        return "0".to_string();
    }
    let lowest = rules
        .iter()
        .filter(|rule| rule.1 > scale.bottom)
        .min_by(|a, b| a.1.total_cmp(&b.1));
    match lowest {
        Some(&(row, value, ..)) if row + 2 >= height => {
            format!("<{}", chart_data::axis_number(value))
        }
        _ => format!("≤{}", chart_data::axis_number(scale.bottom)),
    }
}

/// The width of the bottom tick `≤10` or `0` (a `<20` tick is as wide as
/// its line's tick and `<`), for the gutter.
pub fn bottom_label_width(scale: YScale) -> usize {
    if scale.log {
        1 + chart_data::axis_number(scale.bottom).chars().count()
    } else {
        1
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
/// left end, else the rightmost free stretch; when the trace fills the row,
/// over the trace where it hides no draw's marker (a line always keeps its
/// label).
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
            .or_else(|| (plot.x..=last).rev().find(|&start| fits(start)))
            .or_else(|| {
                let no_marker = |x: u16| {
                    buf.cell((x, y))
                        .is_some_and(|c| !matches!(c.symbol(), "•" | "▼" | "▲" | "?" | "▽" | "‡"))
                };
                (plot.x..=last)
                    .rev()
                    .find(|&start| (start..start + width).all(no_marker))
            });
        if let Some(start) = start {
            buf.set_string(start, y, label, style);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charts_get_the_rows_their_lines_want_then_the_shortest_grows() {
        // 120x40: platelets (log: 150, 50, 20) want 5, red and white
        // cells (linear: the limit) 4.
        let platelets = [true, false, false];
        assert_eq!(chart_heights([5, 4, 4], platelets, 13), [5, 4, 4]);
        assert_eq!(chart_heights([5, 4, 4], platelets, 20), [7, 7, 6]);
        // Short of rows: the first chart keeps its own, the others share.
        assert_eq!(chart_heights([5, 4, 4], platelets, 12), [5, 4, 3]);
        assert_eq!(chart_heights([5, 4, 4], platelets, 11), [5, 3, 3]);
        assert_eq!(chart_heights([5, 4, 4], platelets, 10), [4, 3, 3]);
        // Shorter still: an even split, the first ones first.
        assert_eq!(chart_heights([5, 4, 4], platelets, 8), [3, 3, 2]);
        assert_eq!(chart_heights([5, 5, 5], platelets, 0), [0, 0, 0]);
        // Hemoglobin, ANC (log), reticulocytes at 80x24: the ANC keeps a
        // row for each of its lines and one under 0.2; hemoglobin gives one.
        let anc = [false, true, false];
        assert_eq!(chart_heights([5, 5, 5], anc, 12), [4, 5, 3]);
        assert_eq!(chart_heights([5, 5, 5], anc, 15), [5, 5, 5]);
    }
}
