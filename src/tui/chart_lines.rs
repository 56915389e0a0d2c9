//! The horizontal lines of a chart — the lower reference limit and the
//! severity cut-offs — with their labels and the y axis that names their
//! values.

use std::ops::Range;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use crate::model::Analyte;

pub use crate::report::chart_scale::rule_lines;

use super::app::App;
use super::chart_data::{self, YScale};
use super::patient_view::PatientRecord;

/// The lines of a chart grouped by the row they fall on: `(row, lowest
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
    // The bottom row is kept for values under the lowest line, and each
    // line given a row of its own, where the height allows.
    let apart = |placed: &mut Vec<u16>| {
        let usable = if height > placed.len() as u16 {
            height - 1
        } else {
            height
        };
        for row in placed.iter_mut() {
            *row = (*row).min(usable.saturating_sub(1));
        }
        separate(placed, usable);
    };
    if scale.log {
        apart(&mut placed);
    } else {
        keep_bottom_row(&mut placed, height);
        // Lines still on one row (a linear ANC's 0.5 and 0.2 on a short
        // chart) would hold the values between them, and the bottom line's
        // row those under it, as if at or above both: set apart as on a
        // log scale, the rows staying bands of the values between lines.
        let shared = placed.windows(2).any(|pair| pair[0] >= pair[1]);
        let on_bottom = placed.last() == Some(&height.saturating_sub(1));
        if shared || (on_bottom && height > placed.len() as u16) {
            apart(&mut placed);
        }
    }
    for line in lines {
        let at = values.iter().position(|&v| v == line.value);
        let row = at.and_then(|at| placed.get(at).copied()).unwrap_or(0);
        match rows.iter_mut().find(|(r, ..)| *r == row) {
            // A row's value is its lowest line's: what is drawn on the
            // row is at or above every line on it (a hemoglobin of 11 on
            // the row of the limit 12 and the cut-off 10, flagged low,
            // never under the row as if it met < 10).
            Some((_, value, labels, cutoff)) => {
                labels.push(line.label);
                *cutoff |= line.cutoff;
                *value = value.min(line.value);
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

/// Where a value of `y` is drawn, in braille dot rows from the top of a
/// plot `height` cells tall (4 a cell): by the scale, but through the rows
/// the lines were given. A value at or above a line is drawn on the line's
/// row or above it, a value under it below it (on the bottom row when the
/// line is there); between two lines, and between a line and an end of
/// the scale, values keep their order and spread over the dots between.
/// The trace and the markers both come from here, so a marker sits on its
/// trace, and neither on the wrong side of a line, however far a line was
/// moved from its value's place on the scale to keep a row of its own.
pub fn plot_dot(scale: YScale, rules: &[RuleRow], height: u16, y: f64) -> f64 {
    let last = f64::from(height) * 4.0 - 1.0;
    if last < 1.0 {
        return 0.0;
    }
    let fraction = scale.fraction(y);
    // The segment `y` falls in runs from the lowest line above it (or the
    // top of the scale) down to the highest line at or under it (or the
    // bottom): (fraction, dot) at each end.
    let mut upper = (1.0, 0.0);
    for &(row, value, ..) in rules {
        let at = scale.fraction(value);
        if at <= 0.0 || at >= 1.0 {
            continue;
        }
        // The line stays where the scale puts it while that is on its
        // row; else values at it go to the edge of its row nearest that
        // place (its last dot is before 3.5 dots down: 3.5 rounds away
        // from the row), and values under it start under its row.
        let natural = (1.0 - at) * last;
        let first_dot = f64::from(row) * 4.0;
        let end = natural.clamp(first_dot, first_dot + 3.49).min(last);
        if y >= value {
            return along(fraction, upper, (at, end));
        }
        upper = (at, natural.max(first_dot + 3.5).min(last));
    }
    along(fraction, upper, (0.0, last))
}

/// The dot of `fraction` on a segment from `upper` down to `lower`, each
/// (fraction, dot); an empty segment (under a line on the bottom row) is
/// its lower end.
fn along(fraction: f64, upper: (f64, f64), lower: (f64, f64)) -> f64 {
    if lower.1 <= upper.1 || upper.0 <= lower.0 {
        return lower.1;
    }
    let share = ((upper.0 - fraction) / (upper.0 - lower.0)).clamp(0.0, 1.0);
    upper.1 + share * (lower.1 - upper.1)
}

/// The cell row of a dot of [`plot_dot`], as the canvas rounds it.
pub fn dot_row(dot: f64) -> u16 {
    u16::try_from(dot.round() as i64 / 4).unwrap_or(0)
}

/// [`plot_dot`] as the canvas takes it: between 0 (bottom) and 1 (top).
pub fn trace_y(scale: YScale, rules: &[RuleRow], height: u16, y: f64) -> f64 {
    let last = f64::from(height) * 4.0 - 1.0;
    if last < 1.0 {
        return scale.fraction(y);
    }
    1.0 - plot_dot(scale, rules, height, y) / last
}

/// On a linear scale, the lowest line moved off the bottom row to the row
/// above when that row holds no other line: the bottom row is kept for
/// values under it, as a log chart keeps it. On the bottom row its tick
/// would name a row holding values on both sides of it (a white count of
/// 9 beside the tick of its limit, 4). Two lines are never merged for
/// this.
fn keep_bottom_row(rows: &mut [u16], height: u16) {
    let bottom = height.saturating_sub(1);
    let Some(lowest) = rows.iter().position(|&row| row == bottom) else {
        return;
    };
    let above = bottom.saturating_sub(1);
    if bottom > 0 && rows.iter().all(|&row| row != above) {
        for row in rows.iter_mut().skip(lowest) {
            *row = above;
        }
    }
}

/// Rows of lines sorted from the highest value down (rows not
/// decreasing), made strictly increasing where `height` leaves room: each
/// pushed down under the one before, then each pulled up to leave a row
/// for every line under it. Where the lines outnumber the rows, the top
/// ones share row 0, in order still.
fn separate(rows: &mut [u16], height: u16) {
    for i in 1..rows.len() {
        rows[i] = rows[i].max(rows[i - 1].saturating_add(1));
    }
    let last = height.saturating_sub(1);
    let count = rows.len();
    for (i, row) in rows.iter_mut().enumerate() {
        // Lines under this one each need a row of their own below it.
        let under = u16::try_from(count - 1 - i).unwrap_or(u16::MAX);
        *row = (*row).min(last.saturating_sub(under));
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
        .map(|&(row, value, ..)| (row, line_label(scale, row, value, area.height)));
    for (row, text) in lines.chain(ends) {
        if ticks.iter().all(|(r, _)| *r != row) {
            ticks.push((row, text));
        }
    }
    for (row, text) in ticks {
        buf.set_string(area.x, area.y + row, format!("{text:>width$}┤"), style);
    }
}

/// A line's tick: `≥50`, because a line's row holds the values from the
/// line up to the next row's and none under it ([`plot_dot`]): at 80x24
/// the 50 line's row holds the counts from 50 to 149, which a bare `50`
/// would misread as about 50, as `<20` says of the bottom row. On either
/// scale: a linear white count's `≥4` row holds counts of 4 to 17 on one
/// MIMIC patient at 80x24. A line on the bottom row (values under it are
/// drawn there too), or at the top of the scale, is its bare value.
fn line_label(scale: YScale, row: u16, value: f64, height: u16) -> String {
    let number = chart_data::axis_number(value);
    if value < scale.top && row + 1 < height {
        format!("≥{number}")
    } else {
        number
    }
}

/// The bottom tick: `0`; on a log scale `≤10` (lower values sit there), or
/// `<20` when the lowest line's row is just above it, because then every
/// value under that line is drawn on the bottom row ([`plot_dot`]).
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
pub fn draw_rule_lines(
    app: &App,
    rules: &[RuleRow],
    plot: Rect,
    limit: Option<Range<u16>>,
    buf: &mut Buffer,
) {
    for (row, _, _, cutoff) in rules {
        let (symbol, style) = rule_style(app, *cutoff);
        let y = plot.y + row;
        let across = drawn_along(plot, *cutoff, limit.clone());
        for x in across.left()..across.right() {
            if buf.cell((x, y)).is_some_and(|c| c.symbol() == " ") {
                buf.set_string(x, y, symbol, style);
            }
        }
    }
}

/// The part of the plot a line is drawn along: a cut-off across it all,
/// the lower limit only over the columns `limit` where it holds (`None`:
/// everywhere), so that no point is drawn under a limit that was not its.
fn drawn_along(plot: Rect, cutoff: bool, limit: Option<Range<u16>>) -> Rect {
    match limit {
        Some(columns) if !cutoff => {
            let start = columns.start.min(plot.width);
            let end = columns.end.clamp(start, plot.width);
            Rect {
                x: plot.x + start,
                width: end - start,
                ..plot
            }
        }
        _ => plot,
    }
}

fn rule_style(app: &App, cutoff: bool) -> (&'static str, Style) {
    if cutoff {
        ("╌", app.theme.cutoff)
    } else {
        ("┄", app.theme.reference)
    }
}

/// The label of a line, longest first: every name (`LLN 1.5 · cytopenia
/// <1.5`), then each name's shortest form that still says which line it
/// is, a cut-off's comparison (`<1.5`), else the limit's word (`LLN`):
/// together (`LLN · <1.5`), then the cut-offs' alone.
fn label_forms(labels: &[String]) -> Vec<String> {
    let short = |label: &String| {
        let mut words = label.split_whitespace();
        let first = words.next().unwrap_or_default().to_string();
        words
            .last()
            .filter(|w| w.starts_with('<'))
            .map_or(first, str::to_string)
    };
    let shorts: Vec<String> = labels.iter().map(short).collect();
    let mut forms = vec![
        format!(" {} ", labels.join(" · ")),
        format!(" {} ", shorts.join(" · ")),
        shorts.join("·"),
    ];
    forms.extend(shorts.iter().filter(|s| s.starts_with('<')).cloned());
    forms.extend(shorts.iter().filter(|s| !s.starts_with('<')).cloned());
    forms.dedup();
    forms
}

/// Labels each line where it hides no data: at its right end, else its
/// left end, else the rightmost free stretch; when the trace fills the row,
/// over the trace where it hides no draw's marker; when the draws' markers
/// leave no room for the whole label, a shorter form of it (a line always
/// keeps a label: `<1.5` beside the rule of the cut-off at least).
pub fn label_rule_lines(
    app: &App,
    rules: &[RuleRow],
    plot: Rect,
    limit: Option<Range<u16>>,
    buf: &mut Buffer,
) {
    for (row, _, labels, cutoff) in rules {
        let (_, style) = rule_style(app, *cutoff);
        let y = plot.y + row;
        let across = drawn_along(plot, *cutoff, limit.clone());
        let placed = label_forms(labels)
            .into_iter()
            .find_map(|label| label_start(&label, across, y, buf).map(|start| (start, label)));
        if let Some((start, label)) = placed {
            buf.set_string(start, y, label, style);
        }
    }
}

/// Where `label` goes on row `y` of the plot, by the rules of
/// [`label_rule_lines`]; `None` when it hides a marker wherever it goes.
fn label_start(label: &str, plot: Rect, y: u16, buf: &Buffer) -> Option<u16> {
    let width = label.chars().count() as u16;
    if width >= plot.width {
        return None;
    }
    let free = |x: u16| {
        buf.cell((x, y))
            .is_some_and(|c| matches!(c.symbol(), " " | "┄" | "╌" | "┊"))
    };
    let fits = |start: u16| (start..start + width).all(free);
    let last = plot.right() - width;
    let no_marker = |x: u16| {
        buf.cell((x, y))
            .is_some_and(|c| !matches!(c.symbol(), "•" | "▼" | "▲" | "?" | "▽" | "‡"))
    };
    [last, plot.x]
        .into_iter()
        .find(|&start| fits(start))
        .or_else(|| (plot.x..=last).rev().find(|&start| fits(start)))
        .or_else(|| {
            (plot.x..=last)
                .rev()
                .find(|&start| (start..start + width).all(no_marker))
        })
}

#[cfg(test)]
mod tests;
