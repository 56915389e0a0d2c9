//! What a click or a turn of the wheel does where it lands: hit-testing
//! against the same layout the screen is drawn with.

use ratatui::layout::{Position, Rect};

use super::App;
use crate::tui::keys::Mode;
use crate::tui::layout::Pane;

/// Lines a popup scrolls for one step of the wheel.
const WHEEL_LINES: isize = 3;

impl App {
    /// A left click: a patient row selects that patient, a pane takes the
    /// focus, a click in the charts moves the cursor to the draw nearest
    /// the column clicked, and one on a table row to that row's draw. A click while typing a filter keeps the filter.
    pub(super) fn click(&mut self, x: u16, y: u16) {
        if self.mode == Mode::Filter {
            self.mode = Mode::Normal;
        }
        let Some(plan) = self.plan() else { return };
        let at = Position::new(x, y);
        let inside = |rect: Option<Rect>| rect.filter(|r| r.contains(at));
        if let Some(list) = inside(plan.list) {
            self.focus = Pane::Patients;
            if let Some(position) = self.list_position_at(list, y) {
                self.select_position(position);
            }
        } else if let Some(trends) = inside(plan.trends) {
            self.focus = Pane::Trends;
            if let Some(draw) = crate::tui::charts::draw_at(self, trends, x) {
                self.move_cursor(draw);
            }
        } else if let Some(table) = inside(plan.table) {
            self.focus = Pane::Table;
            self.detail = Pane::Table;
            if let Some(draw) = crate::tui::table::draw_at(self, table, y) {
                // The rows stay where they are: the next click on the
                // same row selects the same draw.
                let shown = crate::tui::table::shown_from(self, table);
                self.move_cursor(draw);
                self.table_pin = shown;
            }
        } else if inside(plan.severity).is_some() {
            self.focus = Pane::Severity;
            self.detail = Pane::Severity;
        }
    }

    /// The wheel, `by` steps down (negative: up): scrolls the open popup,
    /// else what is under the pointer — the list (the selection follows),
    /// the table or severity pane (the cursor row), the charts (the cursor
    /// draw). The focus does not move.
    pub(super) fn scroll(&mut self, x: u16, y: u16, by: isize) {
        if matches!(self.mode, Mode::Help | Mode::Rejections | Mode::Insight) {
            self.scroll_popup(by * WHEEL_LINES);
            return;
        }
        let Some(plan) = self.plan() else { return };
        let at = Position::new(x, y);
        let over = |rect: Option<Rect>| rect.is_some_and(|r| r.contains(at));
        if over(plan.list) {
            self.step_list(by);
        } else if over(plan.table) || over(plan.severity) {
            self.step_rows(by);
        } else if over(plan.trends) {
            self.move_cursor(self.cursor.saturating_add_signed(by));
        }
    }

    /// The position in the shown list of the patient drawn at row `y` of the
    /// list pane `list` (border and header line above the first patient).
    fn list_position_at(&self, list: Rect, y: u16) -> Option<usize> {
        let first = list.y.saturating_add(2);
        let rows = crate::tui::patient_list::rows_for(list);
        if y < first || y >= first.saturating_add(rows) {
            return None;
        }
        // The offset as the list draws it (it clamps the same way).
        let rows = usize::from(rows);
        let offset = self
            .list_offset
            .min(self.selected)
            .max((self.selected + 1).saturating_sub(rows));
        let position = offset + usize::from(y - first);
        (position < self.shown.len()).then_some(position)
    }
}
