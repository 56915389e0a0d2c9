//! The arithmetic of the charts, pure and tested: dates to `f64` days, the
//! time window (zoom and pan), cells from positions, downsampling that keeps
//! the lows, y bounds, and axis labels.
//!
//! The plot maps x to braille dot columns the way ratatui's canvas does
//! (`round((x - left) * (dots - 1) / span)`), so markers drawn over the
//! canvas sit exactly on the trace.

use std::ops::Range;

pub use crate::report::chart_scale::{
    MIN_SPAN_DAYS, Window, YScale, all_time_ends, all_time_window, axis_number, dot_column,
    downsample, full_window, x_of, y_top,
};

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
    let window = clamp_into(start, span, full);
    // `start + span` in floating point can end a hair before a cursor at
    // the right edge, which would then leave the view: it stays in.
    Some(Window {
        start: window.start.min(center),
        end: window.end.max(center),
    })
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
    let last_start = (full.end - span).max(full.start);
    let start = start.clamp(full.start, last_start);
    // At the right edge the window ends where the draws do, exactly (not
    // `full.end - span + span`, which may fall short of the latest draw).
    let end = if start >= last_start {
        full.end
    } else {
        start + span
    };
    Window { start, end }
}

/// The positions of the sorted `days` inside the window.
pub fn visible_range(days: &[f64], window: Window) -> Range<usize> {
    let from = days.partition_point(|&x| x < window.start);
    let to = days.partition_point(|&x| x <= window.end);
    from..to.max(from)
}

/// The cell column of `x` in a plot `width` cells wide, if inside.
pub fn cell_column(x: f64, window: Window, width: u16) -> Option<u16> {
    dot_column(x, window, width).and_then(|dot| u16::try_from(dot / 2).ok())
}

/// The cell row (0 = top) of `y` in a plot `height` cells tall with y from
/// 0 to `top`; values above the top sit on the top row (the linear
/// [`YScale::row`], kept to test it against).
#[cfg(test)]
pub fn cell_row(y: f64, top: f64, height: u16) -> u16 {
    let dots = usize::from(height) * 4;
    if dots == 0 || top <= 0.0 {
        return 0;
    }
    let from_top = ((top - y.clamp(0.0, top)) * (dots - 1) as f64 / top).round() as usize;
    u16::try_from(from_top.min(dots - 1) / 4).unwrap_or(0)
}

impl YScale {
    /// The cell row (0 = top) of `y` in a plot `height` cells tall, by the
    /// canvas's dot mapping.
    pub fn row(self, y: f64, height: u16) -> u16 {
        let dots = usize::from(height) * 4;
        if dots == 0 {
            return 0;
        }
        let from_top = ((1.0 - self.fraction(y)) * (dots - 1) as f64).round() as usize;
        u16::try_from(from_top.min(dots - 1) / 4).unwrap_or(0)
    }
}

/// Date labels for an x axis `width` cells wide: `(cell, text)`, as many as
/// fit with a gap between them (at least the two ends), each naming the date
/// at its own cell. Times of day are added when the window is under 3 days.
#[cfg(test)]
pub fn x_labels(window: Window, width: u16) -> Vec<(u16, String)> {
    x_labels_at(window, width, 0.0)
}

/// `x_labels` on the clock `offset` days east of UTC (one clock: the
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
        let text = crate::report::words::date_of_days(window.start + offset, with_time);
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
            let text = crate::report::words::date_of_days(x + offset, with_time);
            (u16::try_from(cell).unwrap_or(0), text)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Timestamp;

    const W: Window = Window {
        start: 0.0,
        end: 100.0,
    };

    #[test]
    fn a_cursor_at_the_right_edge_stays_in_view_however_the_spans_round() {
        // Days of real draws (2023-06-19 08:00 to 2025-04-25 10:45), where
        // the third zoom ended a hair before the latest draw.
        let full = Window {
            start: 19527.333333333332,
            end: 20203.447916666668,
        };
        for first in [0.0, 0.1, 0.2573, 0.5, 0.7719] {
            let latest = full.end;
            let mut window = Window {
                start: full.start + first,
                end: full.end,
            };
            for _ in 0..8 {
                let Some(zoomed) = zoom(window, full, latest, 0.5) else {
                    break;
                };
                assert_eq!(visible_range(&[latest], zoomed), 0..1, "{zoomed:?}");
                window = zoomed;
            }
            for _ in 0..4 {
                window = pan(window, full, 0.5);
                assert_eq!(visible_range(&[latest], window), 0..1, "{window:?}");
            }
        }
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
    fn the_log_scale_spreads_the_platelet_cut_offs_over_a_decade() {
        let log = YScale::log(250.0, 20.0);
        assert_eq!((log.bottom, log.log), (10.0, true));
        assert!((log.fraction(10.0)).abs() < 1e-12);
        assert!((log.fraction(250.0) - 1.0).abs() < 1e-12);
        // 50 is as far above 10 as 250 is above 50, on a log scale.
        assert!((log.fraction(50.0) - 0.5).abs() < 1e-12);
        assert_eq!(log.fraction(0.0), 0.0, "zero sits on the bottom row");
        let rows: Vec<u16> = [150.0, 50.0, 20.0].map(|v| log.row(v, 4)).to_vec();
        assert!(rows.windows(2).all(|p| p[0] < p[1]), "{rows:?}");
        // The linear scale puts 20 and 50 on one row of four.
        let linear = YScale::linear(250.0);
        assert_eq!(linear.row(20.0, 4), linear.row(50.0, 4));
        assert_eq!(linear.row(125.0, 3), cell_row(125.0, 250.0, 3));
        // ANC: 0.2 is the lowest cut-off, the bottom is 0.1.
        assert_eq!(YScale::log(8.0, 0.2).bottom, 0.1);
        assert!(!YScale::log(1.0, 0.0).log);
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
