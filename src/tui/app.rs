//! The dashboard's state and its one update function: every key, resize and
//! command goes through [`App::update`]; rendering only reads.

use ratatui::layout::Rect;

use crate::clinical::{ConfigSource, Thresholds};
use crate::model::Dataset;

use super::chart_data::Window;
use super::keys::{Action, Mode};
use super::layout::{self, Pane};
use super::patient_view::PatientRecord;
use super::reload::Notice;
use super::roster::{self, PatientRow, SortKey};
use super::theme::Theme;

mod accessors;
mod pointer;
mod steps;
mod time_window;

/// The dashboard: the loaded data and everything the user has chosen.
#[derive(Debug)]
pub struct App {
    /// Everything loaded, with the load report.
    pub(super) dataset: Dataset,
    /// The cut-offs in force.
    pub(super) thresholds: Thresholds,
    /// Where the cut-offs came from, shown so a clinician knows which
    /// numbers judge the values.
    pub(super) source: ConfigSource,
    /// Colours, or none under `NO_COLOR`.
    pub(super) theme: &'static Theme,
    /// Every patient's list row, computed once.
    pub(super) rows: Vec<PatientRow>,
    /// Positions in `rows` shown by the filter, in sort order.
    pub(super) shown: Vec<usize>,
    /// Position in `shown` of the selected patient.
    pub(super) selected: usize,
    /// First position in `shown` drawn in the list.
    pub(super) list_offset: usize,
    /// The patient filter (id or name).
    pub(super) filter: String,
    /// What `shown` was before each character of the filter was typed, so
    /// a character deleted restores the wider list instead of searching
    /// every patient again.
    pub(super) before_each_char: Vec<Vec<usize>>,
    /// What the keyboard talks to.
    pub(super) mode: Mode,
    /// The patient list's order.
    pub(super) sort: SortKey,
    /// The pane Tab has focused.
    pub(super) focus: Pane,
    /// Table or severity: the one shown when only one fits.
    pub(super) detail: Pane,
    /// The selected patient's derived facts.
    pub(super) record: Option<PatientRecord>,
    /// The draw under the cursor (0 = oldest).
    pub(super) cursor: usize,
    /// The time window; `None` is all time.
    pub(super) window: Option<Window>,
    /// Charts show hemoglobin, ANC and reticulocytes instead.
    pub(super) swapped: bool,
    /// Platelet and ANC charts on a linear scale instead of the log one.
    pub(super) linear: bool,
    /// Table rows newest first.
    pub(super) newest_first: bool,
    /// First line shown in the open popup.
    pub(super) popup_scroll: usize,
    /// First line shown in the severity panel, when its lines need more
    /// rows than it has (PgUp/PgDn while it has the keys).
    pub(super) severity_scroll: usize,
    /// The table's first row as a click left it, kept while the cursor
    /// stays in view (keys re-centre the table).
    pub(super) table_pin: Option<usize>,
    /// The terminal size, for paging and the list's scrolling.
    pub(super) size: (u16, u16),
    /// What the status bar says about the watched files, if anything.
    pub(super) notice: Option<Notice>,
    /// How many reloads were taken in, to tell one message from the next.
    pub(super) reloads: u32,
    /// The last reload failed: the data on screen are those read before,
    /// said in the status bar until a reload succeeds.
    pub(super) reload_failed: bool,
    /// Set once the user asks to leave.
    quit: bool,
    /// Set by Ctrl-Z until the event loop has suspended the process.
    suspend: bool,
}

impl App {
    /// A dashboard over `dataset`, optionally showing only the patient
    /// `only`, styled by `theme`.
    pub fn new(
        dataset: Dataset,
        thresholds: Thresholds,
        theme: &'static Theme,
        only: Option<&str>,
    ) -> App {
        let rows = roster::build_rows(&dataset, &thresholds, only);
        let sort = SortKey::Severity;
        let shown = roster::arrange(&rows, "", sort);
        let mut app = App {
            dataset,
            thresholds,
            source: ConfigSource::Defaults,
            theme,
            rows,
            shown,
            selected: 0,
            list_offset: 0,
            filter: String::new(),
            before_each_char: Vec::new(),
            mode: Mode::Normal,
            sort,
            focus: Pane::Patients,
            detail: Pane::Table,
            record: None,
            cursor: 0,
            window: None,
            swapped: false,
            linear: false,
            newest_first: true,
            popup_scroll: 0,
            severity_scroll: 0,
            table_pin: None,
            size: (layout::MIN_WIDTH, layout::MIN_HEIGHT),
            notice: None,
            reloads: 0,
            reload_failed: false,
            quit: false,
            suspend: false,
        };
        app.load_selected();
        app
    }

    /// The same dashboard, saying that its thresholds came from `source`.
    pub fn with_config_source(mut self, source: ConfigSource) -> App {
        self.source = source;
        self
    }

    /// The configuration in force in one line: where the limits and
    /// cut-offs came from and the reticulocyte method, made safe to draw
    /// (a path is text from outside too).
    pub fn config_line(&self) -> String {
        format!(
            "config: {} · reticulocytes <{} ({} count)",
            crate::safe_text::printable(&self.source.describe()),
            self.thresholds.retic_cutoff(),
            self.thresholds.retic_method.name()
        )
    }

    /// Carries out one action.
    pub fn update(&mut self, action: Action) {
        match action {
            Action::Quit => self.quit = true,
            Action::Back => self.back(),
            Action::ToggleHelp => self.toggle_popup(Mode::Help),
            Action::ShowRejections => self.toggle_popup(Mode::Rejections),
            Action::ShowInsight => self.toggle_popup(Mode::Insight),
            Action::NextFocus | Action::PrevFocus => {
                self.focus = self.focus.step(action == Action::NextFocus);
                if matches!(self.focus, Pane::Table | Pane::Severity) {
                    self.detail = self.focus;
                }
            }
            Action::Up => self.step_in_pane(-1),
            Action::Down => self.step_in_pane(1),
            Action::PageUp | Action::PageDown
                if self.mode == Mode::Normal && self.focus == Pane::Severity =>
            {
                let by = self.page();
                let by = if action == Action::PageUp { -by } else { by };
                self.scroll_severity(by);
            }
            Action::PageUp => self.step_in_pane(-self.page()),
            Action::PageDown => self.step_in_pane(self.page()),
            Action::Top => self.step_in_pane(isize::MIN / 2),
            Action::Bottom => self.step_in_pane(isize::MAX / 2),
            Action::CursorPrev => self.move_cursor(self.cursor.saturating_sub(1)),
            Action::CursorNext => self.move_cursor(self.cursor.saturating_add(1)),
            Action::CursorFirst => self.move_cursor(0),
            Action::CursorLast => self.move_cursor(usize::MAX),
            Action::ZoomIn => self.zoom(0.5),
            Action::ZoomOut => self.zoom(2.0),
            Action::PanLeft => self.pan(-0.5),
            Action::PanRight => self.pan(0.5),
            Action::ResetZoom => self.window = None,
            Action::SwapAnalytes => self.swapped = !self.swapped,
            Action::ToggleLogScale => self.linear = !self.linear,
            Action::FlipOrder => {
                self.newest_first = !self.newest_first;
                self.table_pin = None;
            }
            Action::CycleSort => {
                self.sort = self.sort.next();
                self.rearrange();
            }
            Action::StartFilter => {
                self.mode = Mode::Filter;
                // What is typed must be seen: bring the list back when a
                // full-width table or severity view hides it.
                if !self.list_shown() {
                    self.focus = Pane::Patients;
                }
            }
            Action::ExportReport => self.export_report(),
            Action::FilterChar(c) => {
                let current = self.shown.get(self.selected).copied();
                self.filter.push(c);
                let narrowed = roster::narrow(&self.rows, &self.shown, &self.filter, self.sort);
                let wider = std::mem::replace(&mut self.shown, narrowed);
                self.before_each_char.push(wider);
                self.reselect(current);
            }
            Action::FilterBackspace => {
                if self.filter.pop().is_some() {
                    match self.before_each_char.pop() {
                        Some(wider) => {
                            let current = self.shown.get(self.selected).copied();
                            self.shown = wider;
                            self.reselect(current);
                        }
                        None => self.rearrange(),
                    }
                }
            }
            Action::FilterAccept => self.mode = Mode::Normal,
            Action::FilterCancel => {
                self.mode = Mode::Normal;
                self.filter.clear();
                self.rearrange();
            }
            Action::Select => {
                if self.focus == Pane::Patients {
                    self.focus = Pane::Trends;
                }
            }
            Action::Resize(width, height) => {
                self.size = (width, height);
                self.keep_selection_visible();
                self.popup_scroll = self.popup_scroll.min(self.popup_last_scroll());
            }
            Action::Suspend => self.suspend = true,
            Action::Click(x, y) => self.click(x, y),
            Action::ScrollUp(x, y) => self.scroll(x, y, -1),
            Action::ScrollDown(x, y) => self.scroll(x, y, 1),
        }
    }

    /// Esc goes back one step: closes what is open, else clears the filter,
    /// else leaves a full-width table or severity view. It never quits.
    fn back(&mut self) {
        match self.mode {
            Mode::Help | Mode::Rejections | Mode::Insight => self.mode = Mode::Normal,
            Mode::Filter => self.update(Action::FilterCancel),
            Mode::Normal if !self.filter.is_empty() => self.update(Action::FilterCancel),
            Mode::Normal if !self.list_shown() => self.focus = Pane::Patients,
            // Nothing else to close: the status bar's message, read; after
            // a failed reload, a short one stays (the data are not live).
            Mode::Normal if self.reload_failed => {
                self.notice = Some(crate::tui::reload::Notice {
                    text: "last reload failed: showing the data read before".into(),
                    warning: true,
                });
            }
            Mode::Normal => self.notice = None,
        }
    }

    /// True when the patient list is on screen (a full-width table or
    /// severity view hides it on narrow terminals).
    fn list_shown(&self) -> bool {
        self.plan().is_some_and(|plan| plan.list.is_some())
    }

    /// Scrolls the severity panel `by` lines, no further than its last
    /// line at the bottom.
    fn scroll_severity(&mut self, by: isize) {
        let last = self
            .plan()
            .and_then(|plan| plan.severity)
            .map_or(0, |area| super::severity_panel::last_scroll(self, area));
        self.severity_scroll = self.severity_scroll.saturating_add_signed(by).min(last);
    }

    /// Where every pane is at the current size.
    fn plan(&self) -> Option<layout::Plan> {
        let area = Rect::new(0, 0, self.size.0, self.size.1);
        layout::plan(area, self.focus, self.detail)
    }

    fn toggle_popup(&mut self, popup: Mode) {
        self.popup_scroll = 0;
        self.mode = if self.mode == popup {
            Mode::Normal
        } else {
            popup
        };
    }

    /// Moves `by` rows in what has the keys: a popup's lines, the table's
    /// rows (draws), or the patient list.
    fn step_in_pane(&mut self, by: isize) {
        match self.mode {
            Mode::Help | Mode::Rejections | Mode::Insight => self.scroll_popup(by),
            Mode::Normal if matches!(self.focus, Pane::Table | Pane::Severity) => {
                self.step_rows(by);
            }
            Mode::Normal | Mode::Filter => self.step_list(by),
        }
    }

    /// Rows in a page of the focused pane: a popup's, the table's draws,
    /// the severity panel's lines (one kept from the page before), or the
    /// patient list's.
    fn page(&self) -> isize {
        let plan = self.plan();
        let inner =
            |area: Option<Rect>| usize::from(area.map_or(0, |a| a.height.saturating_sub(2)));
        let visible = match (self.mode, self.focus) {
            (Mode::Help | Mode::Rejections | Mode::Insight, _) => {
                usize::from(self.size.1).saturating_sub(8)
            }
            // The table's rows less its two header lines and the lines
            // under it (the grades, a blank, the legends).
            (Mode::Normal, Pane::Table) => inner(plan.and_then(|p| p.table)).saturating_sub(6),
            (Mode::Normal, Pane::Severity) => {
                inner(plan.and_then(|p| p.severity)).saturating_sub(1)
            }
            (Mode::Normal | Mode::Filter, _) => self.list_rows(),
        };
        isize::try_from(visible.max(1)).unwrap_or(1)
    }

    /// How many patients the list shows at the current size.
    pub(super) fn list_rows(&self) -> usize {
        self.plan()
            .and_then(|plan| plan.list)
            .map_or(1, |list| usize::from(super::patient_list::rows_for(list)))
            .max(1)
    }

    /// Scrolls the list the least that keeps the selection in view.
    pub(super) fn keep_selection_visible(&mut self) {
        let rows = self.list_rows();
        if self.selected < self.list_offset {
            self.list_offset = self.selected;
        } else if self.selected >= self.list_offset + rows {
            self.list_offset = self.selected + 1 - rows;
        }
        let most = self.shown.len().saturating_sub(rows);
        self.list_offset = self.list_offset.min(most);
    }

    /// Filters and sorts again, keeping the selected patient when shown.
    fn rearrange(&mut self) {
        let current = self.shown.get(self.selected).copied();
        self.shown = roster::arrange(&self.rows, &self.filter, self.sort);
        self.before_each_char.clear();
        self.reselect(current);
    }

    /// Selects the row `current` again in the new `shown` (or the first
    /// row when it is no longer shown), loading a record if it changed.
    fn reselect(&mut self, current: Option<usize>) {
        self.selected = current
            .and_then(|row| self.shown.iter().position(|&r| r == row))
            .unwrap_or(0);
        if self.shown.get(self.selected).copied() != current {
            self.load_selected();
        }
        self.keep_selection_visible();
    }

    /// Builds the selected patient's record; the cursor goes to the latest
    /// draw and the window to all time.
    pub(super) fn load_selected(&mut self) {
        self.severity_scroll = 0;
        self.table_pin = None;
        let index = self
            .shown
            .get(self.selected)
            .and_then(|&row| self.rows.get(row))
            .map(|row| row.index);
        self.record = index.and_then(|i| PatientRecord::build(&self.dataset, i, &self.thresholds));
        self.cursor = self
            .record
            .as_ref()
            .map_or(0, |record| record.len().saturating_sub(1));
        self.window = None;
    }
}
