//! The arithmetic of a trend chart, shared by the screen and the report:
//! dates to `f64` days, the window of all draws, downsampling that keeps
//! the lows, the y axis's top, and the lines of the lower limit and the
//! severity cut-offs. Pure: no terminal, no document.

use crate::clinical::{CriterionGroup, RangeInUse, RangeSource, Thresholds, criteria_cutoffs};
use crate::model::{Analyte, Event, Timestamp};

/// A time window in days since the Unix epoch, `start < end`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Window {
    /// Left edge (older).
    pub start: f64,
    /// Right edge (newer).
    pub end: f64,
}

impl Window {
    /// The width of the window in days.
    pub fn span(self) -> f64 {
        self.end - self.start
    }

    /// True when `x` lies inside the window, edges included.
    pub fn contains(self, x: f64) -> bool {
        x >= self.start && x <= self.end
    }
}

/// Smallest window: one hour, so that two draws an hour apart can still be
/// told apart and zooming in always stops.
pub const MIN_SPAN_DAYS: f64 = 1.0 / 24.0;

/// The offset, in days east of UTC, that the latest of a patient's draws
/// was recorded in: a chart's dates are read on this clock, so that a draw
/// at 01:00 +02:00 is on the same date on the axis as in the table (x
/// positions are instants, whose UTC date may be the day before).
pub fn clock_days(latest: Option<Timestamp>) -> f64 {
    match latest.map(Timestamp::form) {
        Some(crate::model::TimeForm::Offset { minutes }) => f64::from(minutes) / 1440.0,
        _ => 0.0,
    }
}

/// The texts of the axis's two ends when they are the first and last
/// times of the draws and events (the window of all time, not widened):
/// each one's own date (and time, `with_time`), as the table gives it. Read on the latest draw's
/// clock instead, a winter draw at 23:30 +01:00 beside summer ones would be
/// labelled with the next day. `None` for any other window.
pub fn end_labels(
    window: Window,
    first: Timestamp,
    last: Timestamp,
    with_time: bool,
) -> Option<(String, String)> {
    let at = |x: f64, time: Timestamp| (x - x_of(time)).abs() < 1e-9;
    if !(at(window.start, first) && at(window.end, last)) {
        return None;
    }
    let text = |time: Timestamp| {
        if with_time {
            crate::report::words::date_time(time)
        } else {
            crate::report::words::date(time)
        }
    };
    Some((text(first), text(last)))
}

/// A collection time as a chart x position: days since the Unix epoch.
pub fn x_of(time: Timestamp) -> f64 {
    time.days()
}

/// The first and last of a patient's times, draws and events together,
/// each as recorded: the ends of the axis over all time. An event outside
/// the draws widens it: a transfusion the week before the first draw
/// explains that draw, and an axis cut at the draw would leave it out.
/// On a tie the draw's own time is kept (its clock is the table's).
pub fn all_time_ends(
    draws: impl IntoIterator<Item = Timestamp>,
    events: &[Event],
) -> Option<(Timestamp, Timestamp)> {
    let times = draws.into_iter().chain(events.iter().map(|event| event.at));
    times.fold(None, |ends, time| {
        let Some((first, last)) = ends else {
            return Some((time, time));
        };
        Some((
            if time.instant() < first.instant() {
                time
            } else {
                first
            },
            if time.instant() > last.instant() {
                time
            } else {
                last
            },
        ))
    })
}

/// The window over all time, from [`all_time_ends`] (see [`full_window`]).
pub fn all_time_window(ends: Option<(Timestamp, Timestamp)>) -> Window {
    match ends {
        Some((first, last)) => full_window(&[x_of(first), x_of(last)]),
        None => full_window(&[]),
    }
}

/// The window showing every draw: first to last, widened to a day around a
/// single draw (or draws at one instant) so the axis has a width.
pub fn full_window(days: &[f64]) -> Window {
    let (Some(&first), Some(&last)) = (days.first(), days.last()) else {
        return Window {
            start: 0.0,
            end: 1.0,
        };
    };
    if last - first < MIN_SPAN_DAYS {
        Window {
            start: first - 0.5,
            end: last + 0.5,
        }
    } else {
        Window {
            start: first,
            end: last,
        }
    }
}

/// A run of draws under one lower limit: from `x` (days since the epoch)
/// until the next run; `draw` is its first draw's index.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LimitStep {
    /// Where the run starts: midway between its first draw and the draw
    /// before it.
    pub x: f64,
    /// Its index among the patient's draws.
    pub draw: usize,
    /// The limit (`None`: the age has none).
    pub lower: Option<crate::model::Decimal>,
}

/// The runs of `(draw, x, lower limit)` (in time order, each a draw with a
/// value): a run starts where the limit changes, midway from the draw
/// before, so that each point has its own limit around it. A child's
/// limits change with age, and a lab's with the lab: the report's line and
/// the screen's follow them.
pub fn limit_steps(
    draws: impl IntoIterator<Item = (usize, f64, Option<crate::model::Decimal>)>,
) -> Vec<LimitStep> {
    let mut steps: Vec<LimitStep> = Vec::new();
    let mut previous: Option<f64> = None;
    for (draw, x, lower) in draws {
        if steps.last().is_none_or(|step| step.lower != lower) {
            steps.push(LimitStep {
                x: previous.map_or(x, |before| (before + x) / 2.0),
                draw,
                lower,
            });
        }
        previous = Some(x);
    }
    steps
}

/// Where the limit of the run at `x` holds, in days: from its start to the
/// next run's (open ends at the first and the last run); `None` when one
/// limit holds throughout.
pub fn limit_span(steps: &[LimitStep], x: f64) -> Option<(f64, f64)> {
    if steps.len() < 2 {
        return None;
    }
    let at = steps.partition_point(|step| step.x <= x).saturating_sub(1);
    let start = if at == 0 {
        f64::NEG_INFINITY
    } else {
        steps[at].x
    };
    let end = steps.get(at + 1).map_or(f64::INFINITY, |next| next.x);
    Some((start, end))
}

/// The braille dot column of `x` in a plot `width` cells wide, if inside.
pub fn dot_column(x: f64, window: Window, width: u16) -> Option<usize> {
    let dots = usize::from(width) * 2;
    if dots == 0 || !window.contains(x) || window.span() <= 0.0 {
        return None;
    }
    let position = (x - window.start) * (dots - 1) as f64 / window.span();
    Some((position.round() as usize).min(dots - 1))
}

/// At most two points per braille dot column: the lowest and the highest,
/// in time order, so the line keeps its shape and no low ever vanishes.
///
/// `points` are `(x, y)` sorted by x; points outside the window are
/// dropped. The result never has more than `2 x 2 x width` points.
pub fn downsample(points: &[(f64, f64)], window: Window, width: u16) -> Vec<(f64, f64)> {
    let mut kept: Vec<(f64, f64)> = Vec::new();
    let mut bucket: Option<Bucket> = None;
    for &(x, y) in points {
        let Some(dot) = dot_column(x, window, width) else {
            continue;
        };
        if !y.is_finite() {
            continue;
        }
        match bucket.as_mut() {
            Some(open) if open.dot == dot => open.add((x, y)),
            _ => {
                if let Some(done) = bucket.take() {
                    done.flush(&mut kept);
                }
                bucket = Some(Bucket {
                    dot,
                    low: (x, y),
                    high: (x, y),
                    low_first: true,
                });
            }
        }
    }
    if let Some(done) = bucket {
        done.flush(&mut kept);
    }
    kept
}

/// The points of one dot column seen so far: the lowest and the highest.
struct Bucket {
    dot: usize,
    low: (f64, f64),
    high: (f64, f64),
    /// True when the low came before the high in time.
    low_first: bool,
}

impl Bucket {
    fn add(&mut self, point: (f64, f64)) {
        if point.1 < self.low.1 {
            self.low = point;
            self.low_first = false;
        } else if point.1 > self.high.1 {
            self.high = point;
            self.low_first = true;
        }
    }

    fn flush(self, kept: &mut Vec<(f64, f64)>) {
        if self.low == self.high {
            kept.push(self.low);
        } else if self.low_first {
            kept.extend([self.low, self.high]);
        } else {
            kept.extend([self.high, self.low]);
        }
    }
}

/// A round number at or above `value`: 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6 or
/// 8 times a power of ten (fine steps: a few chart rows must not waste
/// their height).
pub fn nice_ceil(value: f64) -> f64 {
    if !value.is_finite() || value <= 0.0 {
        return 1.0;
    }
    let power = 10f64.powf(value.log10().floor());
    [1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0]
        .into_iter()
        .map(|step| step * power)
        .find(|&candidate| candidate >= value * (1.0 - 1e-12))
        .unwrap_or(10.0 * power)
}

/// The top of the y axis (the bottom is always 0: counts are drawn to
/// scale): above every value and every reference or cut-off line.
pub fn y_top(values: impl Iterator<Item = f64>, lines: &[f64]) -> f64 {
    let highest = values
        .chain(lines.iter().copied())
        .filter(|v| v.is_finite())
        .fold(0.0, f64::max);
    nice_ceil(highest * 1.05)
}

/// A number for an axis: at most two decimals, no trailing zeros.
pub fn axis_number(value: f64) -> String {
    let text = format!("{value:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// A horizontal line across a chart: the lower limit or a cut-off.
#[derive(Clone, Debug, PartialEq)]
pub struct RuleLine {
    /// Where, in the analyte's canonical unit.
    pub value: f64,
    /// Its label, e.g. `LLN 150` or `severe <20`.
    pub label: String,
    /// True for a severity cut-off, false for the reference limit.
    pub cutoff: bool,
}

/// The lines of one analyte's chart: the lower limit of `range` (the
/// cursor draw's: the lab's when it gave one, `lab LLN 130`), then every
/// severity criterion's cut-off on it.
pub fn rule_lines(analyte: Analyte, range: RangeInUse, t: &Thresholds) -> Vec<RuleLine> {
    let mut lines = Vec::new();
    if let (Some(lower), Some(text)) = (range.lower, range.lower_text()) {
        let label = match range.source {
            RangeSource::Lab => format!("lab LLN {text}"),
            RangeSource::Default | RangeSource::Age => format!("LLN {text}"),
        };
        lines.push(RuleLine {
            value: lower.to_f64(),
            label,
            cutoff: false,
        });
    }
    for (group, of, cutoff) in criteria_cutoffs(t) {
        if of != analyte {
            continue;
        }
        let word = match group {
            CriterionGroup::Severe => "severe",
            CriterionGroup::Cytopenia => "cytopenia",
            CriterionGroup::VerySevere => "very severe",
        };
        lines.push(RuleLine {
            value: cutoff.to_f64(),
            label: format!("{word} <{cutoff}"),
            cutoff: true,
        });
    }
    lines
}

/// A chart's y scale: linear from 0 to `top`, or logarithmic from
/// `bottom` to `top` (values at or below `bottom`, zero included, sit on
/// the bottom row: they are below every line drawn above it).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct YScale {
    /// The value at the top row.
    pub top: f64,
    /// The value at the bottom row: 0 on a linear scale, above 0 on a log one.
    pub bottom: f64,
    /// True for a logarithmic scale.
    pub log: bool,
}

impl YScale {
    /// A linear scale from 0 to `top`.
    pub fn linear(top: f64) -> Self {
        YScale {
            top,
            bottom: 0.0,
            log: false,
        }
    }

    /// A log scale from a round bottom at or under half of `lowest` (the
    /// lowest line, so it sits above the bottom row) to `top`.
    pub fn log(top: f64, lowest: f64) -> Self {
        let bottom = if lowest > 0.0 && lowest.is_finite() {
            let half = lowest / 2.0;
            let power = 10f64.powf(half.log10().floor());
            [5.0, 2.0, 1.0]
                .into_iter()
                .map(|step| step * power)
                .find(|&b| b <= half * (1.0 + 1e-12))
                .unwrap_or(power)
        } else {
            0.0
        };
        if bottom <= 0.0 || bottom >= top {
            return Self::linear(top);
        }
        YScale {
            top,
            bottom,
            log: true,
        }
    }

    /// Where `y` lies on the scale: 0 at the bottom, 1 at the top, clamped.
    pub fn fraction(self, y: f64) -> f64 {
        let y = y.clamp(self.bottom, self.top);
        let fraction = if self.log {
            (y / self.bottom).log10() / (self.top / self.bottom).log10()
        } else if self.top > self.bottom {
            (y - self.bottom) / (self.top - self.bottom)
        } else {
            0.0
        };
        if fraction.is_finite() { fraction } else { 0.0 }
    }
}

#[cfg(test)]
mod tests;
