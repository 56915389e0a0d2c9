//! The arithmetic of the charts, pure and tested: dates to `f64` days, the
//! time window (zoom and pan), cells from positions, downsampling that keeps
//! the lows, y bounds, and axis labels.
//!
//! The plot maps x to braille dot columns the way ratatui's canvas does
//! (`round((x - left) * (dots - 1) / span)`), so markers drawn over the
//! canvas sit exactly on the trace.

use std::ops::Range;

use crate::model::Timestamp;

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

/// A collection time as a chart x position: days since the Unix epoch.
pub fn x_of(time: Timestamp) -> f64 {
    time.days()
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

/// The window after zooming by `factor` (0.5 halves it) around `center`,
/// kept inside `full`; `None` when it would cover all time again.
pub fn zoom(current: Window, full: Window, center: f64, factor: f64) -> Option<Window> {
    let span = (current.span() * factor).max(MIN_SPAN_DAYS);
    if span >= full.span() {
        return None;
    }
    // Keep the cursor where it was on screen, as map apps do.
    let position = if current.span() > 0.0 {
        ((center - current.start) / current.span()).clamp(0.0, 1.0)
    } else {
        0.5
    };
    let start = center - position * span;
    Some(clamp_into(start, span, full))
}

/// The window moved by `fraction` of its width (negative: older), kept
/// inside `full`.
pub fn pan(current: Window, full: Window, fraction: f64) -> Window {
    clamp_into(
        current.start + current.span() * fraction,
        current.span(),
        full,
    )
}

/// A window of width `span` starting near `start`, moved to lie in `full`.
fn clamp_into(start: f64, span: f64, full: Window) -> Window {
    let start = start.clamp(full.start, (full.end - span).max(full.start));
    Window {
        start,
        end: start + span,
    }
}

/// The positions of the sorted `days` inside the window.
pub fn visible_range(days: &[f64], window: Window) -> Range<usize> {
    let from = days.partition_point(|&x| x < window.start);
    let to = days.partition_point(|&x| x <= window.end);
    from..to.max(from)
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

/// The cell column of `x` in a plot `width` cells wide, if inside.
pub fn cell_column(x: f64, window: Window, width: u16) -> Option<u16> {
    dot_column(x, window, width).and_then(|dot| u16::try_from(dot / 2).ok())
}

/// The cell row (0 = top) of `y` in a plot `height` cells tall with y from
/// 0 to `top`; values above the top sit on the top row.
pub fn cell_row(y: f64, top: f64, height: u16) -> u16 {
    let dots = usize::from(height) * 4;
    if dots == 0 || top <= 0.0 {
        return 0;
    }
    let from_top = ((top - y.clamp(0.0, top)) * (dots - 1) as f64 / top).round() as usize;
    u16::try_from(from_top.min(dots - 1) / 4).unwrap_or(0)
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

/// Date labels for an x axis `width` cells wide: `(cell, text)`, as many as
/// fit with a gap between them (at least the two ends), each naming the date
/// at its own cell. Times of day are added when the window is under 3 days.
#[cfg(test)]
pub fn x_labels(window: Window, width: u16) -> Vec<(u16, String)> {
    x_labels_at(window, width, 0.0)
}

/// [`x_labels`] on the clock `offset` days east of UTC (one clock: the
/// axis names dates in the offset the draws were recorded in).
pub fn x_labels_at(window: Window, width: u16, offset: f64) -> Vec<(u16, String)> {
    let with_time = window.span() < 3.0;
    let label_width = if with_time { 16 } else { 10 };
    let width = usize::from(width);
    if width < label_width {
        return Vec::new();
    }
    // The end labels hang inwards from their ticks and the middle ones are
    // centred on theirs, so ticks sit at least 1.5 labels and a gap apart.
    let spacing = label_width * 3 / 2 + 3;
    let count = ((width - 1) / spacing + 1).clamp(1, 6);
    if count == 1 {
        let text = super::format::date_of_days(window.start + offset, with_time);
        return vec![(0, text)];
    }
    (0..count)
        .map(|i| {
            let cell = (width - 1) * i / (count - 1);
            let dots = width * 2;
            // The ends are the window's edges; between them, the date at
            // the cell's middle, by the canvas's mapping.
            let x = if i == 0 {
                window.start
            } else if i == count - 1 {
                window.end
            } else {
                let dot = (cell * 2) as f64 + 0.5;
                window.start + dot * window.span() / (dots - 1) as f64
            };
            let text = super::format::date_of_days(x + offset, with_time);
            (u16::try_from(cell).unwrap_or(0), text)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: Window = Window {
        start: 0.0,
        end: 100.0,
    };

    #[test]
    fn dates_become_days_since_the_epoch() {
        let day = Timestamp::from_date(1970, 1, 11).unwrap();
        assert_eq!(x_of(day), 10.0);
        let noon = Timestamp::from_civil(
            crate::model::CivilTime {
                year: 1970,
                month: 1,
                day: 2,
                hour: 12,
                minute: 0,
                second: 0,
            },
            None,
        )
        .unwrap();
        assert_eq!(x_of(noon), 1.5);
    }

    #[test]
    fn full_window_spans_the_draws_and_widens_a_single_one() {
        assert_eq!(
            full_window(&[3.0, 10.0, 40.0]),
            Window {
                start: 3.0,
                end: 40.0
            }
        );
        assert_eq!(
            full_window(&[5.0]),
            Window {
                start: 4.5,
                end: 5.5
            }
        );
        assert!(full_window(&[]).span() > 0.0);
    }

    #[test]
    fn zoom_halves_around_the_cursor_and_stays_inside() {
        let half = zoom(W, W, 50.0, 0.5).unwrap();
        assert_eq!(
            half,
            Window {
                start: 25.0,
                end: 75.0
            }
        );
        let at_edge = zoom(W, W, 100.0, 0.5).unwrap();
        assert_eq!(
            at_edge,
            Window {
                start: 50.0,
                end: 100.0
            }
        );
        assert_eq!(zoom(half, W, 50.0, 2.0), None);
        assert_eq!(zoom(half, W, 50.0, 4.0), None);
        let tiny = Window {
            start: 10.0,
            end: 10.0 + MIN_SPAN_DAYS,
        };
        assert!((zoom(tiny, W, 10.0, 0.5).unwrap().span() - MIN_SPAN_DAYS).abs() < 1e-9);
    }

    #[test]
    fn pan_moves_by_a_fraction_and_stops_at_the_ends() {
        let window = Window {
            start: 25.0,
            end: 75.0,
        };
        assert_eq!(
            pan(window, W, 0.5),
            Window {
                start: 50.0,
                end: 100.0
            }
        );
        assert_eq!(
            pan(window, W, 2.0),
            Window {
                start: 50.0,
                end: 100.0
            }
        );
        assert_eq!(
            pan(window, W, -2.0),
            Window {
                start: 0.0,
                end: 50.0
            }
        );
    }

    #[test]
    fn visible_range_includes_the_edges() {
        let days = [0.0, 10.0, 20.0, 30.0];
        let window = Window {
            start: 10.0,
            end: 20.0,
        };
        assert_eq!(visible_range(&days, window), 1..3);
        let empty = Window {
            start: 11.0,
            end: 12.0,
        };
        assert_eq!(visible_range(&days, empty), 2..2);
    }

    #[test]
    fn columns_and_rows_follow_the_canvas_mapping() {
        assert_eq!(dot_column(0.0, W, 10), Some(0));
        assert_eq!(dot_column(100.0, W, 10), Some(19));
        assert_eq!(cell_column(100.0, W, 10), Some(9));
        assert_eq!(cell_column(50.0, W, 10), Some(5));
        assert_eq!(cell_column(101.0, W, 10), None);
        assert_eq!(cell_row(300.0, 300.0, 3), 0);
        assert_eq!(cell_row(0.0, 300.0, 3), 2);
        assert_eq!(cell_row(150.0, 300.0, 3), 1);
        assert_eq!(cell_row(999.0, 300.0, 3), 0);
    }

    #[test]
    fn downsample_keeps_min_and_max_of_every_dot_column() {
        // 1000 points across a plot 10 cells (20 dot columns) wide.
        let points: Vec<(f64, f64)> = (0..1000)
            .map(|i| {
                let x = f64::from(i) / 10.0;
                let y = if i == 537 { -5.0 } else { f64::from(i % 7) };
                (x, y)
            })
            .collect();
        let kept = downsample(&points, W, 10);
        assert!(kept.len() <= 40, "{} points", kept.len());
        assert!(kept.contains(&(53.7, -5.0)), "the low must survive");
        assert!(kept.windows(2).all(|pair| pair[0].0 <= pair[1].0));
        let highest = kept.iter().map(|p| p.1).fold(f64::MIN, f64::max);
        assert_eq!(highest, 6.0);
    }

    #[test]
    fn downsample_keeps_sparse_points_and_drops_outside_ones() {
        let points = [(-1.0, 9.0), (10.0, 1.0), (60.0, 2.0), (101.0, 3.0)];
        assert_eq!(downsample(&points, W, 40), vec![(10.0, 1.0), (60.0, 2.0)]);
        assert!(downsample(&points, W, 0).is_empty());
    }

    #[test]
    fn y_axis_tops_are_round_and_above_every_line() {
        assert_eq!(nice_ceil(0.0), 1.0);
        assert_eq!(nice_ceil(1.0), 1.0);
        assert_eq!(nice_ceil(1.3), 1.5);
        assert_eq!(nice_ceil(210.0), 250.0);
        assert_eq!(nice_ceil(0.33), 0.4);
        assert_eq!(nice_ceil(12.6), 15.0);
        assert_eq!(y_top([5.0, 80.0].into_iter(), &[150.0, 20.0]), 200.0);
        assert_eq!(y_top([210.0].into_iter(), &[150.0]), 250.0);
        assert_eq!(y_top([600.0].into_iter(), &[150.0]), 800.0);
        assert_eq!(y_top(std::iter::empty(), &[]), 1.0);
        assert_eq!(axis_number(250.0), "250");
        assert_eq!(axis_number(0.5), "0.5");
        assert_eq!(axis_number(2.25), "2.25");
    }

    #[test]
    fn x_labels_follow_the_width_and_name_their_own_dates() {
        let window = Window {
            start: x_of(Timestamp::from_date(2024, 1, 1).unwrap()),
            end: x_of(Timestamp::from_date(2024, 12, 31).unwrap()),
        };
        let narrow = x_labels(window, 30);
        assert_eq!(narrow.len(), 2);
        assert_eq!(narrow[0], (0, "2024-01-01".to_string()));
        assert_eq!(narrow[1], (29, "2024-12-31".to_string()));
        let wide = x_labels(window, 120);
        assert_eq!(wide.len(), 6);
        assert!(wide.windows(2).all(|p| p[1].0 >= p[0].0 + 18));
        assert_eq!(x_labels(window, 80).len(), 5);
        assert!(x_labels(window, 5).is_empty());
        let short = Window {
            start: window.start,
            end: window.start + 1.0,
        };
        assert_eq!(x_labels(short, 40)[0].1, "2024-01-01 00:00");
    }
}
