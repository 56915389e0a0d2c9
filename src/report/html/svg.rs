//! One trend chart as inline SVG, drawn from the same facts as the screen's
//! chart ([`chart_scale`](crate::report::chart_scale)): a proportional time
//! axis over every draw, y from 0 to the same rounded top (platelets and
//! ANC on the screen's log scale, from under the lowest line), the lower limit
//! and every severity cut-off as labelled lines, a marker on every draw
//! (`•` in range, `▼` low, a larger `▼` critically low, `▲` high), the y
//! axis named with the analyte and its unit, and time marks (events) when
//! the data have them.

mod course;
mod trace;

use std::fmt::Write;

use crate::clinical::Flag;
use crate::report::chart_scale::{RuleLine, Window, YScale, axis_number, y_top};
use crate::report::words::date_of_days;

use super::escape::{coord, esc};

pub use course::course_svg;
use trace::trace;
pub use trace::{marker_class, marker_path};

/// Width of the SVG's coordinate system; the page scales it.
pub const WIDTH: f64 = 720.0;
const LEFT: f64 = 64.0;
const RIGHT: f64 = 128.0;
const TOP: f64 = 24.0;
const PLOT_HEIGHT: f64 = 120.0;
const BOTTOM: f64 = 34.0;
/// Plot width in points: what the downsampling keeps two points a column of.
const PLOT_WIDTH: f64 = WIDTH - LEFT - RIGHT;

/// One point of a chart: a draw that measured the analyte.
#[derive(Clone, Debug)]
pub struct ChartPoint {
    /// Days since the epoch.
    pub x: f64,
    /// The value in canonical units (a censored value at its bound).
    pub y: f64,
    /// Its flag.
    pub flag: Option<Flag>,
    /// What the hover text says: the date and the value as reported.
    pub title: String,
    /// Drawn within a transfusion's window (`clinical.md` §8): `‡` over it.
    pub transfused: bool,
}

/// Characters of a chart's title that its line holds (11 px bold, about
/// 7 px a character, from the plot's left edge to the figure's right).
const TITLE_CHARS: usize = ((WIDTH - LEFT) / 7.0) as usize;

/// A chart's title: the patient's id, then `rest` (analyte, unit, range)
/// whole; an id too long for the line is cut with `…` (the page's header
/// gives it whole), so that the range is never cut off at the figure's
/// edge.
pub fn chart_title(id: &str, rest: &str) -> String {
    let room = TITLE_CHARS.saturating_sub(rest.chars().count()).max(8);
    if id.chars().count() <= room {
        return format!("{id}{rest}");
    }
    let kept: String = id.chars().take(room - 1).collect();
    format!("{kept}…{rest}")
}

/// A time mark on the chart (an event): a vertical line and a short label.
#[derive(Clone, Debug)]
pub struct TimeMark {
    /// Days since the epoch.
    pub x: f64,
    /// The label, e.g. `ist`.
    pub label: String,
    /// Named before the others where labels crowd: a treatment, beside
    /// the transfusions of its weeks.
    pub first: bool,
}

/// What one chart shows.
#[derive(Clone, Debug)]
pub struct Chart<'a> {
    /// The title: patient id, analyte and unit, range.
    pub title: String,
    /// The y axis's name: analyte and unit.
    pub y_name: String,
    /// The points, oldest first.
    pub points: &'a [ChartPoint],
    /// The lower limit and the cut-offs.
    pub rules: &'a [RuleLine],
    /// The time axis shared by the patient's charts.
    pub window: Window,
    /// Events on the time axis.
    pub marks: &'a [TimeMark],
    /// The clock the axis's dates are read on, in days east of UTC
    /// ([`crate::report::chart_scale::clock_days`]).
    pub clock: f64,
    /// The texts of the axis's ends when they are the first and last draws
    /// ([`crate::report::chart_scale::end_labels`]).
    pub ends: Option<(String, String)>,
    /// A log scale, as the screen draws platelets and ANC: their cut-offs
    /// (20, 50, 150) span a decade, and on a linear axis the lowest sit
    /// together at the bottom.
    pub log: bool,
    /// The lower limit in force draw by draw, where it changed (a child's
    /// age band, a lab's range): the line steps at each run's first draw.
    /// One run or none: the limit of [`Chart::rules`] across the chart.
    pub limit_steps: &'a [LimitStep],
}

pub use crate::report::chart_scale::LimitStep;

impl Chart<'_> {
    /// The y scale: linear from 0 to the top, or (for [`Chart::log`]) log
    /// from a round value under half the lowest line, as the screen's.
    fn scale(&self) -> YScale {
        let earlier = self.limit_steps.iter().filter_map(|step| step.lower);
        let lines: Vec<f64> = self
            .rules
            .iter()
            .map(|r| r.value)
            .chain(earlier.map(crate::model::Decimal::to_f64))
            .collect();
        let top = y_top(self.points.iter().map(|p| p.y), &lines);
        if !self.log {
            return YScale::linear(top);
        }
        let lowest = lines
            .iter()
            .copied()
            .filter(|&v| v > 0.0)
            .fold(f64::INFINITY, f64::min);
        YScale::log(top, lowest)
    }
}

/// The x position of a day in the plot.
fn x_pos(x: f64, window: Window) -> f64 {
    let span = window.span();
    if span <= 0.0 {
        return LEFT + PLOT_WIDTH / 2.0;
    }
    LEFT + (x - window.start) / span * PLOT_WIDTH
}

/// The y position of a value in the plot (a value under a log scale's
/// bottom sits on it: the hover text gives it).
fn y_pos(y: f64, scale: YScale) -> f64 {
    TOP + PLOT_HEIGHT - scale.fraction(y) * PLOT_HEIGHT
}

/// The chart as an `<svg>` element.
pub fn chart_svg(chart: &Chart<'_>) -> String {
    let height = TOP + PLOT_HEIGHT + BOTTOM;
    let lines: Vec<f64> = chart.rules.iter().map(|r| r.value).collect();
    let scale = chart.scale();
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg class=\"chart\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\" aria-label=\"{t}\">",
        w = coord(WIDTH),
        h = coord(height),
        t = esc(&chart.title)
    );
    let _ = write!(s, "<title>{}</title>", esc(&chart.title));
    let _ = write!(
        s,
        "<text class=\"title\" x=\"{}\" y=\"14\">{}</text>",
        coord(LEFT),
        esc(&chart.title)
    );
    // The y axis: its name turned along it, its line, 0 and the top, and a
    // tick at every rule line's value (as the screen's y axis has them).
    let middle = TOP + PLOT_HEIGHT / 2.0;
    let _ = write!(
        s,
        "<text class=\"yname\" transform=\"translate(12 {m}) rotate(-90)\" text-anchor=\"middle\">{}</text>",
        esc(&chart.y_name),
        m = coord(middle)
    );
    let bottom = TOP + PLOT_HEIGHT;
    let _ = write!(
        s,
        "<path class=\"axis\" d=\"M{l} {t}V{b}H{r}\"/>",
        l = coord(LEFT),
        t = coord(TOP),
        b = coord(bottom),
        r = coord(LEFT + PLOT_WIDTH)
    );
    let mut ticks: Vec<f64> = vec![scale.bottom, scale.top];
    for &value in &lines {
        if ticks
            .iter()
            .all(|&t| (y_pos(t, scale) - y_pos(value, scale)).abs() >= 9.0)
        {
            ticks.push(value);
        }
    }
    for value in ticks {
        let y = y_pos(value, scale);
        // A log scale's bottom holds every value at or under it.
        let label = if scale.log && value == scale.bottom {
            format!("≤{}", axis_number(value))
        } else {
            axis_number(value)
        };
        let _ = write!(
            s,
            "<path class=\"tick\" d=\"M{a} {y}H{l}\"/><text class=\"ytick\" x=\"{x}\" y=\"{ty}\" text-anchor=\"end\">{}</text>",
            esc(&label),
            a = coord(LEFT - 4.0),
            l = coord(LEFT),
            y = coord(y),
            x = coord(LEFT - 6.0),
            ty = coord(y + 3.5)
        );
    }
    rule_lines(&mut s, chart.rules, scale, steps_path(chart, scale));
    x_axis(
        &mut s,
        chart.window,
        bottom,
        chart.clock,
        chart.ends.as_ref(),
    );
    let xs: Vec<f64> = chart
        .marks
        .iter()
        .map(|mark| x_pos(mark.x, chart.window))
        .collect();
    let rows = label_rows(chart.marks, &xs);
    for ((mark, &x), row) in chart.marks.iter().zip(&xs).zip(rows) {
        let _ = write!(
            s,
            "<path class=\"event\" d=\"M{x} {t}V{b}\"/>",
            x = coord(x),
            t = coord(TOP),
            b = coord(bottom),
        );
        if let Some(row) = row {
            let _ = write!(
                s,
                "<text class=\"event\" x=\"{tx}\" y=\"{ty}\">{}</text>",
                esc(&mark.label),
                tx = coord(x + 2.0),
                ty = coord(TOP + 8.0 + EVENT_ROW * row as f64)
            );
        }
    }
    trace(&mut s, chart);
    s.push_str("</svg>");
    s
}

/// Rows of events' labels, at most this many.
const EVENT_ROWS: usize = 3;
/// Height of a row of events' labels (9 px text).
const EVENT_ROW: f64 = 9.0;
/// Width of a character of an event's label (9 px text), with room to
/// spare.
const EVENT_CHAR: f64 = 6.5;

/// The row of each mark's label (at `xs`): the first of [`EVENT_ROWS`]
/// where it overlaps no label already placed, so that events days apart (a
/// transfusion each week) are each named, not printed over one another.
/// The marks named `first` (treatments) are placed before the others (the
/// transfusions around them), each group in time order; `None` where no
/// row has room (its line is still drawn, and the events list names it).
fn label_rows(marks: &[TimeMark], xs: &[f64]) -> Vec<Option<usize>> {
    let mut order: Vec<usize> = (0..marks.len().min(xs.len())).collect();
    order.sort_by(|&a, &b| {
        marks[b]
            .first
            .cmp(&marks[a].first)
            .then(xs[a].total_cmp(&xs[b]))
    });
    // The spans placed in each row.
    let mut placed: [Vec<(f64, f64)>; EVENT_ROWS] = Default::default();
    let mut rows = vec![None; marks.len()];
    for index in order {
        let start = xs[index] + 2.0;
        let end = start + EVENT_CHAR * marks[index].label.chars().count() as f64 + 1.0;
        let free = |spans: &Vec<(f64, f64)>| spans.iter().all(|&(s, e)| end <= s || start >= e);
        if let Some(row) = (0..EVENT_ROWS).find(|&row| free(&placed[row])) {
            placed[row].push((start, end));
            rows[index] = Some(row);
        }
    }
    rows
}

/// The lower limit's line as steps (`M.. H.. V.. H..`), where it changed
/// between draws; `None` for a straight line.
fn steps_path(chart: &Chart<'_>, scale: YScale) -> Option<String> {
    if chart.limit_steps.len() < 2 {
        return None;
    }
    let mut path = String::new();
    let mut drawn = false;
    for (index, step) in chart.limit_steps.iter().enumerate() {
        let from = if index == 0 {
            LEFT
        } else {
            x_pos(step.x, chart.window)
        };
        let to = chart
            .limit_steps
            .get(index + 1)
            .map_or(LEFT + PLOT_WIDTH, |next| x_pos(next.x, chart.window));
        let Some(lower) = step.lower else {
            drawn = false;
            continue;
        };
        let y = coord(y_pos(lower.to_f64(), scale));
        if drawn {
            let _ = write!(path, "V{y}H{}", coord(to));
        } else {
            let _ = write!(path, "M{} {y}H{}", coord(from), coord(to));
        }
        drawn = true;
    }
    Some(path)
}

/// The lower limit (dashed) and the cut-offs (dotted), labelled at the
/// right; labels of lines close together are pushed apart to stay legible.
fn rule_lines(s: &mut String, rules: &[RuleLine], scale: YScale, steps: Option<String>) {
    let mut placed: Vec<(f64, &RuleLine)> = rules
        .iter()
        .map(|rule| (y_pos(rule.value, scale), rule))
        .collect();
    placed.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut last_label: Option<f64> = None;
    for (y, rule) in placed {
        let class = if rule.cutoff { "cutoff" } else { "lln" };
        let label_y = match last_label {
            Some(previous) if previous - (y + 3.5) < 10.0 => previous - 10.0,
            _ => y + 3.5,
        };
        last_label = Some(label_y);
        let path = match &steps {
            Some(steps) if !rule.cutoff => steps.clone(),
            _ => format!("M{} {}H{}", coord(LEFT), coord(y), coord(LEFT + PLOT_WIDTH)),
        };
        let _ = write!(
            s,
            "<path class=\"{class}\" d=\"{path}\"/><text class=\"{class}\" x=\"{tx}\" y=\"{ty}\">{}</text>",
            esc(&rule.label),
            tx = coord(LEFT + PLOT_WIDTH + 4.0),
            ty = coord(label_y)
        );
    }
}

/// Dates under the plot: the window's ends and three between; under 3
/// days, with the time of day (as the screen labels its axis) and only one
/// between, as five such labels overlap (a single draw's day).
fn x_axis(
    s: &mut String,
    window: Window,
    bottom: f64,
    clock: f64,
    ends: Option<&(String, String)>,
) {
    let with_time = window.span() < 3.0;
    let count: u32 = if with_time { 3 } else { 5 };
    for i in 0..count {
        let fraction = f64::from(i) / f64::from(count - 1);
        let day = window.start + fraction * window.span();
        let x = LEFT + fraction * PLOT_WIDTH;
        let anchor = match i {
            0 => "start",
            last if last == count - 1 => "end",
            _ => "middle",
        };
        let _ = write!(
            s,
            "<path class=\"tick\" d=\"M{x} {b}V{b4}\"/><text class=\"xtick\" x=\"{x}\" y=\"{ty}\" text-anchor=\"{anchor}\">{}</text>",
            esc(&match (i, ends) {
                (0, Some((first, _))) => first.clone(),
                (last, Some((_, end))) if last == count - 1 => end.clone(),
                _ => date_of_days(day + clock, with_time),
            }),
            x = coord(x),
            b = coord(bottom),
            b4 = coord(bottom + 4.0),
            ty = coord(bottom + 15.0)
        );
    }
    let _ = write!(
        s,
        "<text class=\"xname\" x=\"{x}\" y=\"{y}\" text-anchor=\"middle\">date (proportional time)</text>",
        x = coord(LEFT + PLOT_WIDTH / 2.0),
        y = coord(bottom + 29.0)
    );
}

#[cfg(test)]
mod tests;
