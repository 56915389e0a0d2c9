//! Where each pane goes, as a pure function of the terminal size and the
//! focus, so rendering and `update` (list paging) agree and tests can check
//! every size.
//!
//! - Short terminals (fewer than 36 rows, e.g. 80x24): the patient list on
//!   the left and ONE view on the right — trends, table or severity — the
//!   one Tab has focused (trends while the list is focused).
//! - Tall terminals: trends on top and the table below; when the right side
//!   is wide enough (160x48) the severity panel sits beside the trends,
//!   else the table and severity panel share the bottom, the one last
//!   focused showing.
//! - Whenever the table or severity pane has focus and would be narrower
//!   than [`WIDE_PANE`], the list steps aside to give it the full width.

use ratatui::layout::{Constraint, Layout, Rect};

/// The smallest terminal the dashboard draws in.
pub const MIN_WIDTH: u16 = 80;
/// The smallest terminal height the dashboard draws in.
pub const MIN_HEIGHT: u16 = 24;
/// Width the table needs to show every analyte column.
pub const WIDE_PANE: u16 = 78;
/// Rows from which trends and the table/severity show together.
const TALL: u16 = 36;
/// Width of the right side from which the severity panel gets its own place
/// beside the trends.
const SIDE_BY_SIDE: u16 = 116;
/// Width of the severity panel beside the trends.
const SEVERITY_WIDTH: u16 = 50;

/// The panes Tab moves between.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Pane {
    /// The patient list.
    Patients,
    /// The trend charts.
    Trends,
    /// The cumulative table.
    Table,
    /// The severity panel.
    Severity,
}

impl Pane {
    /// Tab order.
    pub const ALL: [Pane; 4] = [Pane::Patients, Pane::Trends, Pane::Table, Pane::Severity];

    /// The next pane in Tab order (`forward`) or the previous one.
    pub fn step(self, forward: bool) -> Pane {
        let at = Pane::ALL.iter().position(|&p| p == self).unwrap_or(0);
        let len = Pane::ALL.len();
        let next = if forward { at + 1 } else { at + len - 1 };
        Pane::ALL.get(next % len).copied().unwrap_or(Pane::Patients)
    }
}

/// Where every part of the screen goes; `None` for a pane not shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Plan {
    /// The top bar: the patient and the data.
    pub header: Rect,
    /// The bottom bar: the keys.
    pub footer: Rect,
    /// The patient list.
    pub list: Option<Rect>,
    /// The trend charts with the timeline and readout.
    pub trends: Option<Rect>,
    /// The cumulative table.
    pub table: Option<Rect>,
    /// The severity panel.
    pub severity: Option<Rect>,
}

/// The plan for this area, or `None` when it is below the minimum size.
///
/// `detail` is the one of table and severity to show when only one fits.
pub fn plan(area: Rect, focus: Pane, detail: Pane) -> Option<Plan> {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return None;
    }
    let [header, body, footer] = area.layout(&Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ]));
    let list_width = match area.width {
        150.. => 42,
        110.. => 36,
        _ => 26,
    };
    let detail = match focus {
        Pane::Table | Pane::Severity => focus,
        Pane::Patients | Pane::Trends => detail,
    };
    let detail_focused = matches!(focus, Pane::Table | Pane::Severity);
    let list_shown = !(detail_focused && area.width.saturating_sub(list_width) < WIDE_PANE);
    let (list, right) = if list_shown {
        let [list, right] = body.layout(&Layout::horizontal([
            Constraint::Length(list_width),
            Constraint::Fill(1),
        ]));
        (Some(list), right)
    } else {
        (None, body)
    };
    let mut plan = Plan {
        header,
        footer,
        list,
        trends: None,
        table: None,
        severity: None,
    };
    if body.height < TALL {
        let view = if detail_focused { focus } else { Pane::Trends };
        match view {
            Pane::Table => plan.table = Some(right),
            Pane::Severity => plan.severity = Some(right),
            Pane::Patients | Pane::Trends => plan.trends = Some(right),
        }
        return Some(plan);
    }
    let [top, bottom] = right.layout(&Layout::vertical([
        Constraint::Percentage(55),
        Constraint::Fill(1),
    ]));
    if right.width >= SIDE_BY_SIDE {
        let [trends, severity] = top.layout(&Layout::horizontal([
            Constraint::Fill(1),
            Constraint::Length(SEVERITY_WIDTH),
        ]));
        plan.trends = Some(trends);
        plan.severity = Some(severity);
        plan.table = Some(bottom);
        return Some(plan);
    }
    if detail == Pane::Severity {
        // The table's place, and no more: the charts keep the rows that
        // put every cut-off on its own row; the panel scrolls (PgUp/PgDn).
        plan.trends = Some(top);
        plan.severity = Some(bottom);
    } else {
        plan.trends = Some(top);
        plan.table = Some(bottom);
    }
    Some(plan)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(width: u16, height: u16, focus: Pane) -> Option<Plan> {
        plan(Rect::new(0, 0, width, height), focus, Pane::Table)
    }

    #[test]
    fn too_small_has_no_plan() {
        assert!(at(79, 24, Pane::Patients).is_none());
        assert!(at(80, 23, Pane::Patients).is_none());
        assert!(at(80, 24, Pane::Patients).is_some());
    }

    #[test]
    fn short_terminal_shows_list_and_the_focused_view() {
        let p = at(80, 24, Pane::Patients).unwrap();
        assert_eq!(p.list, Some(Rect::new(0, 1, 26, 22)));
        assert_eq!(p.trends, Some(Rect::new(26, 1, 54, 22)));
        assert_eq!((p.table, p.severity), (None, None));
        let p = at(80, 24, Pane::Table).unwrap();
        assert_eq!(p.list, None, "the table needs the full width");
        assert_eq!(p.table, Some(Rect::new(0, 1, 80, 22)));
        let p = at(80, 24, Pane::Severity).unwrap();
        assert_eq!(p.severity, Some(Rect::new(0, 1, 80, 22)));
        assert_eq!(p.trends, None);
    }

    #[test]
    fn wide_tall_terminal_shows_everything() {
        for focus in Pane::ALL {
            let p = at(160, 48, focus).unwrap();
            assert!(p.list.is_some() && p.trends.is_some());
            assert!(p.table.is_some() && p.severity.is_some(), "{focus:?}");
        }
    }

    #[test]
    fn medium_terminal_shows_trends_and_one_detail() {
        let p = at(120, 40, Pane::Patients).unwrap();
        assert!(p.list.is_some() && p.trends.is_some() && p.table.is_some());
        assert!(p.severity.is_none());
        let p = at(120, 40, Pane::Severity).unwrap();
        assert!(p.severity.is_some() && p.table.is_none());
        assert!(p.list.is_some(), "84 columns are enough beside the list");
        // The severity panel takes the table's place and no more: the
        // trends keep the rows that separate the cut-offs.
        let with_table = at(120, 40, Pane::Table).unwrap();
        assert_eq!(p.severity, with_table.table);
        assert_eq!(p.trends, with_table.trends);
    }

    #[test]
    fn tab_cycles_all_panes_both_ways() {
        let mut pane = Pane::Patients;
        for expected in [Pane::Trends, Pane::Table, Pane::Severity, Pane::Patients] {
            pane = pane.step(true);
            assert_eq!(pane, expected);
        }
        assert_eq!(Pane::Patients.step(false), Pane::Severity);
    }
}
