//! Shared by the tests: the dashboard on the bundled sample data, a screen
//! rendered into a test buffer, the binary in a pseudo-terminal (`pty`) and
//! on the command line (`bin`).

#![allow(dead_code)]

use hemotrend::clinical::Thresholds;
use hemotrend::model::Dataset;
use hemotrend::tui::{Action, App, THEME, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// The dashboard on the bundled sample data, `width` x `height`.
pub fn app(width: u16, height: u16) -> App {
    app_with(&THEME, width, height)
}

/// The same with a given theme.
pub fn app_with(theme: &'static Theme, width: u16, height: u16) -> App {
    let dataset = hemotrend::ingest::load_named(&[], &hemotrend::ingest::LoadOptions::default())
        .expect("the bundled sample data load");
    themed_app_of(dataset, theme, width, height)
}

/// The dashboard on `dataset` with the default thresholds and theme.
pub fn app_of(dataset: Dataset, width: u16, height: u16) -> App {
    themed_app_of(dataset, &THEME, width, height)
}

fn themed_app_of(dataset: Dataset, theme: &'static Theme, width: u16, height: u16) -> App {
    let mut app = App::new(dataset, Thresholds::default(), theme, None);
    app.update(Action::Resize(width, height));
    app
}

/// The screen as the terminal would show it.
pub fn screen(app: &App, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test terminal");
    terminal
        .draw(|frame| frame.render_widget(app, frame.area()))
        .expect("draw");
    terminal
}

/// The screen's text, one string per row.
pub fn text(app: &App, width: u16, height: u16) -> String {
    screen(app, width, height).backend().to_string()
}

/// Applies actions in order.
pub fn press(app: &mut App, actions: &[Action]) {
    for &action in actions {
        app.update(action);
    }
}
pub mod bin;
pub mod pty;

/// The reasons of rejected rows or warnings, in order.
pub fn reasons(rows: &[hemotrend::model::Rejection]) -> Vec<&str> {
    rows.iter().map(|row| row.reason.as_str()).collect()
}

/// Each row's line, column and reason, in order.
pub fn lines_columns_and_reasons(
    rows: &[hemotrend::model::Rejection],
) -> Vec<(u64, Option<&str>, &str)> {
    rows.iter()
        .map(|r| (r.line, r.column.as_deref(), r.reason.as_str()))
        .collect()
}

/// Each row's line and column, in order.
pub fn lines_and_columns(rows: &[hemotrend::model::Rejection]) -> Vec<(u64, Option<&str>)> {
    rows.iter().map(|r| (r.line, r.column.as_deref())).collect()
}

/// Each rejected row's line, with the time of the draw a refused result
/// was of (none for a detail or a whole row).
pub fn refused_at(dataset: &Dataset) -> Vec<(u64, Option<String>)> {
    dataset
        .report()
        .rejected
        .iter()
        .map(|r| (r.line, r.at.map(|at| at.to_string())))
        .collect()
}

/// A patient with events before the first draw and after the last.
pub const EVENTS_OUTSIDE: [(&str, &str); 2] = [
    (
        "labs.csv",
        "patient_id,name,sex,birth_date,collected_at,plt,hgb,wbc,anc\n\
         P9,Doe,F,1970-01-01,2024-03-01T08:00,15,7.5,2.0,0.4\n\
         P9,Doe,F,1970-01-01,2024-03-15T08:00,12,8.1,1.8,0.3\n\
         P9,Doe,F,1970-01-01,2024-04-01T08:00,18,8.4,2.1,0.4\n",
    ),
    (
        "events.csv",
        "patient_id,at,event,units,note\n\
         P9,2024-02-26T10:00,rbc-transfusion,2,\n\
         P9,2024-04-20,ist,,hATG\n",
    ),
];

/// Each draw of patient `id` (none when the load has no such patient): its
/// time, and each of `analytes` as shown.
pub fn draws_shown(
    dataset: &Dataset,
    id: &str,
    analytes: &[hemotrend::model::Analyte],
) -> Vec<(String, Vec<Option<String>>)> {
    let Some(patient) = dataset.patient(id) else {
        return Vec::new();
    };
    let draws = dataset.draws(patient);
    (0..draws.len())
        .filter_map(|i| {
            let time = draws.get(i)?.time.to_string();
            let shown = analytes
                .iter()
                .map(|&analyte| draws.value(i, analyte).shown_text())
                .collect();
            Some((time, shown))
        })
        .collect()
}

/// Asserts that the load refused nothing and warned of nothing.
pub fn assert_nothing_said(dataset: &Dataset) {
    let report = dataset.report();
    assert!(report.rejected.is_empty(), "{:?}", report.rejected);
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
}
