//! The cursor along the draws, and the charts' time window zoomed and
//! panned with it.

use super::App;
use crate::tui::chart_data;

impl App {
    /// Moves the cursor to draw `to` (clamped), and the window along with it.
    pub(super) fn move_cursor(&mut self, to: usize) {
        self.table_pin = None;
        let Some(record) = self.record.as_ref().filter(|r| !r.is_empty()) else {
            return;
        };
        self.cursor = to.min(record.len().saturating_sub(1));
        if let (Some(window), Some(&x)) = (self.window, record.days.get(self.cursor))
            && !window.contains(x)
        {
            let offset = x - (window.start + window.span() / 2.0);
            self.window = Some(chart_data::pan(window, record.full, offset / window.span()));
        }
    }

    pub(super) fn zoom(&mut self, factor: f64) {
        let Some(record) = &self.record else { return };
        let Some(&center) = record.days.get(self.cursor) else {
            return;
        };
        let current = self.window.unwrap_or(record.full);
        self.window = chart_data::zoom(current, record.full, center, factor);
    }

    /// Pans the window; a cursor left outside moves to the nearest draw in
    /// it. A pan into a stretch without draws (months between two) goes on
    /// to the next draw that way, centred, the cursor on it, and stops where
    /// there is none: an empty window would show no chart and a cursor off
    /// screen.
    pub(super) fn pan(&mut self, fraction: f64) {
        let (Some(record), Some(window)) = (&self.record, self.window) else {
            return;
        };
        let mut moved = chart_data::pan(window, record.full, fraction);
        let visible = chart_data::visible_range(&record.days, moved);
        if visible.is_empty() {
            let next = if fraction < 0.0 {
                visible.start.checked_sub(1)
            } else {
                Some(visible.end)
            };
            if let Some((next, &x)) = next.and_then(|i| Some((i, record.days.get(i)?))) {
                let offset = x - (moved.start + moved.span() / 2.0);
                moved = chart_data::pan(moved, record.full, offset / moved.span());
                self.window = Some(moved);
                self.cursor = next;
            }
            // No draw that way (only events, before the first draw or after
            // the last): the window stays where its draws are; all time
            // (`0`) shows those events.
            return;
        }
        self.window = Some(moved);
        let visible = chart_data::visible_range(&record.days, moved);
        if !visible.contains(&self.cursor) && !visible.is_empty() {
            self.cursor = if self.cursor < visible.start {
                visible.start
            } else {
                visible.end - 1
            };
        }
    }
}
