//! What the screens, the event loop and the tests read of the state:
//! read-only views of its fields.

use crate::model::Patient;
use crate::tui::chart_data::Window;
use crate::tui::keys::Mode;
use crate::tui::layout::Pane;
use crate::tui::reload::Notice;
use crate::tui::roster::SortKey;

use super::App;

impl App {
    /// True once the user has asked to leave.
    pub fn should_quit(&self) -> bool {
        self.quit
    }

    /// True once, after Ctrl-Z: the event loop then gives the terminal
    /// back and stops the process.
    pub fn take_suspend(&mut self) -> bool {
        std::mem::take(&mut self.suspend)
    }

    /// What the keyboard currently talks to.
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// The focused pane.
    pub fn focus(&self) -> Pane {
        self.focus
    }

    /// The selected patient, if any is shown.
    pub fn selected_patient(&self) -> Option<&Patient> {
        let record = self.record.as_ref()?;
        self.dataset.patients().get(record.patient)
    }

    /// The ids of the listed patients, in list order.
    pub fn listed_ids(&self) -> Vec<&str> {
        self.shown
            .iter()
            .filter_map(|&i| self.rows.get(i))
            .map(|row| row.id.as_str())
            .collect()
    }

    /// The draw under the cursor (0 = oldest).
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// The time window, `None` for all time.
    pub fn window(&self) -> Option<Window> {
        self.window
    }

    /// The filter text.
    pub fn filter(&self) -> &str {
        &self.filter
    }

    /// The patient list's order.
    pub fn sort(&self) -> SortKey {
        self.sort
    }

    /// True when the charts show hemoglobin, ANC and reticulocytes.
    pub fn swapped(&self) -> bool {
        self.swapped
    }

    /// True when the table lists the newest draw first.
    pub fn newest_first(&self) -> bool {
        self.newest_first
    }

    /// The first line shown in the open popup.
    pub fn popup_scroll(&self) -> usize {
        self.popup_scroll
    }

    /// What the status bar says about the watched files, if anything.
    pub fn notice(&self) -> Option<&Notice> {
        self.notice.as_ref()
    }

    /// The first patient drawn in the list.
    pub fn list_offset(&self) -> usize {
        self.list_offset
    }
}
