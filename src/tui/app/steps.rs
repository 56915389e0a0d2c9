//! Moving by rows: in the open popup (never past its last page), down the
//! table's draws, and along the patient list.

use ratatui::layout::Rect;

use super::App;
use crate::tui::keys::Mode;

impl App {
    /// Scrolls the open popup `by` lines, never past its last page.
    pub(super) fn scroll_popup(&mut self, by: isize) {
        let last = self.popup_last_scroll();
        self.popup_scroll = self.popup_scroll.saturating_add_signed(by).min(last);
    }

    /// Moves the cursor `by` rows down the table: older when newest is on top.
    pub(super) fn step_rows(&mut self, by: isize) {
        let older = if self.newest_first { by } else { -by };
        self.move_cursor(self.cursor.saturating_add_signed(-older));
    }

    /// Selects the patient `by` rows down the list.
    pub(super) fn step_list(&mut self, by: isize) {
        let last = self.shown.len().saturating_sub(1);
        let target = self.selected.saturating_add_signed(by).min(last);
        self.select_position(target);
    }

    /// Selects the patient at `position` in the list, keeping it in view.
    pub(super) fn select_position(&mut self, position: usize) {
        if position != self.selected && position < self.shown.len() {
            self.selected = position;
            self.load_selected();
        }
        self.keep_selection_visible();
    }

    /// The first line of the open popup's last page: scrolling stops there,
    /// so the end of the text stays at the bottom of the popup.
    pub(crate) fn popup_last_scroll(&self) -> usize {
        let (width, height) = self.size;
        let area = Rect::new(0, 0, width, height);
        match self.mode {
            Mode::Help => {
                let lines = crate::tui::help::line_count(self, area);
                lines.saturating_sub(crate::tui::help::visible_lines(self, area))
            }
            Mode::Rejections => crate::tui::rejections::last_scroll(self, area),
            // The last page ends with the last line, as help's does.
            Mode::Insight => crate::tui::insight_view::line_count(self, area)
                .saturating_sub(crate::tui::insight_view::visible_lines(area)),
            Mode::Normal | Mode::Filter => 0,
        }
    }
}
