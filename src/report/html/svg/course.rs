//! The severity course under the charts: a band per run of one category
//! on the charts' time axis.

use std::fmt::Write;

use crate::clinical::Category;
use crate::report::chart_scale::Window;

use super::super::escape::{coord, esc};
use super::{LEFT, PLOT_WIDTH, WIDTH, x_pos};

/// The severity course under the charts, on their time axis: each run of
/// one category as a band whose height grows with the category (it reads
/// without colour), from each change (its x position, category, the date
/// its draw was recorded on, and whether missing values leave a worse
/// category open) to the next, oldest first; the last to the last draw at
/// `last` (an event after it widens the axis, not the course).
pub fn course_svg(changes: &[(f64, Category, String, bool)], window: Window, last: f64) -> String {
    let height = 34.0;
    let mut s = format!(
        "<svg class=\"course\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\" aria-label=\"severity course\"><title>severity course</title>",
        w = coord(WIDTH),
        h = coord(height)
    );
    let _ = write!(
        s,
        "<text class=\"ytick\" x=\"{}\" y=\"22\" text-anchor=\"end\">severity</text>",
        coord(LEFT - 6.0)
    );
    for (i, (start, category, date, open)) in changes.iter().enumerate() {
        let (start, category) = (*start, *category);
        let end = changes
            .get(i + 1)
            .map_or(last.min(window.end), |next| next.0);
        let x0 = x_pos(start, window);
        let x1 = x_pos(end, window).max(x0 + 1.5);
        let rank = f64::from(category as u8 + 1);
        let bar = 5.0 * rank;
        let _ = write!(
            s,
            "<rect class=\"sev-{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"><title>{}: {}</title></rect>",
            category.name(),
            coord(x0),
            coord(26.0 - bar),
            coord(x1 - x0),
            coord(bar),
            esc(date),
            // `non-severe?` as the course line and the tables write it.
            esc(&crate::report::words::category_word(category, *open))
        );
    }
    let _ = write!(
        s,
        "<path class=\"axis\" d=\"M{} 26H{}\"/></svg>",
        coord(LEFT),
        coord(LEFT + PLOT_WIDTH)
    );
    s
}
