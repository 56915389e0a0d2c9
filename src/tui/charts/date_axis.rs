//! The shared date axis under the charts: its ticks, the date labels and
//! the cursor's mark.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::tui::app::App;
use crate::tui::chart_data::{self, Window};
use crate::tui::patient_view::PatientRecord;

/// The x axis under the timeline, with a tick at each date label, and the
/// labels themselves.
pub(super) fn render_axis(
    app: &App,
    record: &PatientRecord,
    window: Window,
    gutter: u16,
    axis: Rect,
    dates: Rect,
    buf: &mut Buffer,
) {
    let style = app.theme.dim;
    if axis.width <= gutter {
        return;
    }
    let plot_x = axis.x + gutter;
    let plot_width = axis.width - gutter;
    buf.set_string(
        axis.x,
        axis.y,
        format!("{:>w$}", "└", w = usize::from(gutter)),
        style,
    );
    buf.set_string(plot_x, axis.y, "─".repeat(usize::from(plot_width)), style);
    let mut labels = chart_data::x_labels_at(window, plot_width, record.clock_days());
    // The ends, when they are the first and last draws, dated as those draws.
    if let (Some(first), Some(last)) = (record.draws.first(), record.draws.last())
        && let Some((from, to)) = crate::report::chart_scale::end_labels(
            window,
            first.time,
            last.time,
            window.span() < 3.0,
        )
    {
        if let Some(label) = labels.first_mut() {
            label.1 = from;
        }
        if labels.len() >= 2
            && let Some(label) = labels.last_mut()
        {
            label.1 = to;
        }
    }
    let count = labels.len();
    for (i, (cell, text)) in labels.into_iter().enumerate() {
        buf.set_string(plot_x + cell, axis.y, "┴", style);
        let width = text.chars().count() as u16;
        let start = if i == 0 {
            plot_x + cell
        } else if i + 1 == count {
            (plot_x + cell + 1).saturating_sub(width)
        } else {
            (plot_x + cell).saturating_sub(width / 2)
        };
        buf.set_string(start, dates.y, text, app.theme.text);
    }
    if let Some(column) = record
        .days
        .get(app.cursor)
        .and_then(|&x| chart_data::cell_column(x, window, plot_width))
    {
        buf.set_string(plot_x + column, axis.y, "▲", app.theme.cursor);
    }
    buf.set_string(axis.x, dates.y, "date", style);
}
