//! The draws on a chart: the line joining them and the marker of each,
//! whose shape gives its flag.

use std::fmt::Write;

use crate::clinical::Flag;
use crate::report::chart_scale::downsample;

use super::super::escape::{coord, esc};
use super::{Chart, PLOT_WIDTH, x_pos, y_pos};

/// Every draw is marked while there are at most this many.
const MARK_ALL: usize = 400;

/// The line joining the draws (at most two points per point of width, the
/// lowest and highest: no low vanishes), then the markers.
pub(super) fn trace(s: &mut String, chart: &Chart<'_>) {
    let scale = chart.scale();
    let xy: Vec<(f64, f64)> = chart.points.iter().map(|p| (p.x, p.y)).collect();
    let kept = if xy.len() > 2 * PLOT_WIDTH as usize {
        downsample(&xy, chart.window, PLOT_WIDTH as u16)
    } else {
        xy
    };
    if kept.len() >= 2 {
        s.push_str("<polyline class=\"trace\" points=\"");
        for (i, &(x, y)) in kept.iter().enumerate() {
            if i > 0 {
                s.push(' ');
            }
            let _ = write!(
                s,
                "{},{}",
                coord(x_pos(x, chart.window)),
                coord(y_pos(y, scale))
            );
        }
        s.push_str("\"/>");
    }
    let all = chart.points.len() <= MARK_ALL;
    for point in chart.points {
        if !all && point.flag.is_none() {
            continue;
        }
        let x = x_pos(point.x, chart.window);
        let y = y_pos(point.y, scale);
        let _ = write!(
            s,
            "<path class=\"{}\" d=\"{}\"><title>{}</title></path>",
            marker_class(point.flag),
            marker_path(point.flag, x, y),
            esc(&point.title)
        );
        if point.transfused {
            let _ = write!(
                s,
                "<text class=\"tx\" x=\"{}\" y=\"{}\">‡</text>",
                coord(x),
                coord(y - 6.0)
            );
        }
    }
}

/// The CSS class of a marker.
pub const fn marker_class(flag: Option<Flag>) -> &'static str {
    match flag {
        None => "m-ok",
        Some(Flag::Low) => "m-low",
        Some(Flag::CriticalLow) => "m-ll",
        Some(Flag::High) => "m-high",
        Some(Flag::Undecided) => "m-undecided",
    }
}

/// The marker's outline at `(x, y)`: a dot, a downward triangle (larger
/// for a critical low) or an upward one, so a flag reads without colour.
pub fn marker_path(flag: Option<Flag>, x: f64, y: f64) -> String {
    let (cx, cy) = (coord(x), coord(y));
    match flag {
        // A censored bound that cannot decide the flag: drawn as a dot,
        // with its `?` in the table.
        None | Some(Flag::Undecided) => format!(
            "M{} {cy}a2.5 2.5 0 1 0 5 0a2.5 2.5 0 1 0 -5 0Z",
            coord(x - 2.5)
        ),
        Some(Flag::Low | Flag::CriticalLow) => {
            let r = if flag == Some(Flag::CriticalLow) {
                5.5
            } else {
                4.0
            };
            format!(
                "M{} {}H{}L{cx} {}Z",
                coord(x - r),
                coord(y - r * 0.6),
                coord(x + r),
                coord(y + r * 0.9)
            )
        }
        Some(Flag::High) => format!(
            "M{} {}H{}L{cx} {}Z",
            coord(x - 4.0),
            coord(y + 2.4),
            coord(x + 4.0),
            coord(y - 3.6)
        ),
    }
}
