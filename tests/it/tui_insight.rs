//! The read-outs popup (`i`) on the bundled sample data: P001's events,
//! read-outs, recovery and response, at the sizes a new user tries.

use crate::support::{app, press, text};
use hemotrend::tui::Action;

fn p001_insight(width: u16, height: u16) -> String {
    let mut app = app(width, height);
    press(&mut app, &[Action::Down, Action::ShowInsight]);
    text(&app, width, height)
}

#[test]
fn p001_insight_160x48() {
    let screen = p001_insight(160, 48);
    assert!(screen.contains("Read-outs and response: P001"), "{screen}");
    assert!(screen.contains("Count recovery"), "{screen}");
    // Every analyte is read out, as in the report: those the charts leave
    // out too.
    for analyte in ["ALC    nadir", "Hct    nadir", "MCV    nadir"] {
        assert!(screen.contains(analyte), "{analyte}: {screen}");
    }
    insta::assert_snapshot!("p001_insight_160x48", screen);
}

#[test]
fn p001_insight_120x40_scrolls_to_the_response() {
    let mut app = app(120, 40);
    press(&mut app, &[Action::Down, Action::ShowInsight]);
    app.update(Action::PageDown);
    let screen = text(&app, 120, 40);
    assert!(screen.contains("scheme BSH"), "{screen}");
    assert!(
        screen.contains("6 months (2024-10-02): partial"),
        "{screen}"
    );
    insta::assert_snapshot!("p001_insight_response_120x40", screen);
}

#[test]
fn i_again_or_esc_closes_it() {
    let mut app = app(120, 40);
    press(
        &mut app,
        &[Action::Down, Action::ShowInsight, Action::ShowInsight],
    );
    assert!(!text(&app, 120, 40).contains("Read-outs and response"));
    press(&mut app, &[Action::ShowInsight, Action::Back]);
    assert!(!text(&app, 120, 40).contains("Read-outs and response"));
}

/// `G` shows the last page: the popup filled, its last line at the bottom
/// (not alone at the top of an empty frame).
#[test]
fn the_end_of_the_read_outs_is_a_full_last_page() {
    let mut app = app(80, 24);
    press(
        &mut app,
        &[Action::Down, Action::ShowInsight, Action::Bottom],
    );
    let screen = text(&app, 80, 24);
    let rows: Vec<&str> = screen.lines().collect();
    // The frame's last row inside its borders (the screen's row 22 holds
    // the bottom border) shows the popup's last line.
    let last_inside = rows[21].chars().skip(3).take(70).collect::<String>();
    assert!(
        !last_inside.trim().is_empty(),
        "an empty last row:\n{screen}"
    );
    assert!(screen.contains("12 months"), "{screen}");
}

/// Zoomed in on P001's last months, the read-outs are the window's, but
/// the platelets' time below 150 still counts from the start of the run
/// (2024-02-19, as the report and the JSON say), not from the window's
/// first draw: zooming never moves the start of a cytopenia.
#[test]
fn zoomed_in_the_time_below_counts_from_the_start_of_the_run() {
    let mut app = app(160, 48);
    press(
        &mut app,
        &[
            Action::Down,
            Action::CursorLast,
            Action::ZoomIn,
            Action::ZoomIn,
            Action::ShowInsight,
        ],
    );
    let screen = text(&app, 160, 48);
    assert!(screen.contains(" draws in view)"), "{screen}");
    assert!(
        !screen.contains("Read-outs, 2024-02"),
        "not zoomed: {screen}"
    );
    assert!(
        screen.contains("below 150 since 2024-02-19 11:13 (431 days)"),
        "{screen}"
    );
}
