//! `App::update` on state: cursor bounds, zoom and pan, filter, sort, focus
//! and popups, on the bundled sample data.

use crate::support::{app, press};
use hemotrend::tui::{Action, Mode, Pane, SortKey};

fn selected(app: &hemotrend::tui::App) -> String {
    app.selected_patient()
        .map(|p| p.id.clone())
        .unwrap_or_default()
}

fn listed(app: &hemotrend::tui::App) -> Vec<String> {
    app.listed_ids().into_iter().map(str::to_owned).collect()
}

#[test]
fn starts_on_the_most_severe_patient_at_the_latest_draw() {
    let app = app(80, 24);
    assert_eq!(app.sort(), SortKey::Severity);
    assert_eq!(&app.listed_ids()[..3], ["P002", "P001", "H702311"]);
    assert_eq!(selected(&app), "P002");
    assert_eq!(
        app.cursor(),
        19,
        "P002 has 20 draws; the cursor starts on the latest"
    );
    assert_eq!(app.focus(), Pane::Patients);
    assert_eq!(app.mode(), Mode::Normal);
    assert!(!app.should_quit());
}

#[test]
fn cursor_stays_within_the_draws() {
    let mut app = app(80, 24);
    app.update(Action::CursorNext);
    assert_eq!(app.cursor(), 19);
    app.update(Action::CursorPrev);
    assert_eq!(app.cursor(), 18);
    app.update(Action::CursorFirst);
    assert_eq!(app.cursor(), 0);
    app.update(Action::CursorPrev);
    assert_eq!(app.cursor(), 0);
    app.update(Action::CursorLast);
    assert_eq!(app.cursor(), 19);
}

#[test]
fn up_and_down_change_patient_and_reset_the_cursor() {
    let mut app = app(80, 24);
    app.update(Action::Down);
    assert_eq!(selected(&app), "P001");
    assert_eq!(app.cursor(), 23, "P001 has 24 draws");
    app.update(Action::Up);
    app.update(Action::Up);
    assert_eq!(selected(&app), "P002");
    app.update(Action::Bottom);
    // Within a category the most alarming latest result sorts first: the
    // child P008's counts are all within the limits for her age.
    assert_eq!(selected(&app), "P008");
    app.update(Action::Top);
    assert_eq!(selected(&app), "P002");
}

#[test]
fn in_the_table_up_and_down_move_the_cursor_along_the_rows() {
    let mut app = app(80, 24);
    press(&mut app, &[Action::NextFocus, Action::NextFocus]);
    assert_eq!(app.focus(), Pane::Table);
    // Newest first: down is older.
    app.update(Action::Down);
    assert_eq!(app.cursor(), 18);
    app.update(Action::FlipOrder);
    assert!(!app.newest_first());
    app.update(Action::Down);
    assert_eq!(app.cursor(), 19);
    app.update(Action::Top);
    assert_eq!(
        app.cursor(),
        0,
        "oldest first: the top row is the oldest draw"
    );
    assert_eq!(selected(&app), "P002", "the patient does not change");
}

#[test]
fn zoom_narrows_around_the_cursor_and_pan_keeps_the_cursor_visible() {
    let mut app = app(80, 24);
    assert_eq!(app.window(), None);
    app.update(Action::ZoomIn);
    let zoomed = app.window().expect("zoomed in");
    app.update(Action::ZoomIn);
    let twice = app.window().expect("zoomed in twice");
    assert!((twice.span() - zoomed.span() / 2.0).abs() < 1e-6);
    // The cursor (latest draw) is at the right edge of every window.
    app.update(Action::PanLeft);
    app.update(Action::PanLeft);
    let panned = app.window().expect("still zoomed");
    assert!(panned.end < twice.end);
    assert!(app.cursor() < 19, "the cursor follows into the window");
    app.update(Action::CursorLast);
    let followed = app.window().expect("still zoomed");
    assert!(
        followed.end >= twice.end - 1e-9,
        "the window follows the cursor"
    );
    app.update(Action::ZoomOut);
    app.update(Action::ZoomOut);
    app.update(Action::ZoomOut);
    assert_eq!(app.window(), None, "zooming out past all time is all time");
    app.update(Action::ZoomIn);
    app.update(Action::ResetZoom);
    assert_eq!(app.window(), None);
    app.update(Action::PanLeft);
    assert_eq!(app.window(), None, "all time does not pan");
}

/// P001 has no draw between 2023-06-19 and 2024-02-19: zoomed to a few
/// weeks, a pan into that stretch goes on to the next older draw, with
/// the cursor on it, rather than leaving an empty window and the cursor
/// off screen.
#[test]
fn a_pan_into_a_stretch_without_draws_goes_on_to_the_next_draw() {
    let mut app = app(120, 40);
    app.update(Action::Down);
    app.update(Action::CursorFirst);
    for _ in 0..8 {
        app.update(Action::CursorNext);
    }
    for _ in 0..3 {
        app.update(Action::ZoomIn);
    }
    let dataset = hemotrend::ingest::load_named(&[], &hemotrend::ingest::LoadOptions::default())
        .expect("the sample data");
    let p001 = dataset.find_patient("P001").expect("P001");
    let days: Vec<f64> = dataset
        .draws(p001)
        .times()
        .iter()
        .map(|time| time.days())
        .collect();
    for _ in 0..6 {
        app.update(Action::PanLeft);
        let window = app.window().expect("zoomed");
        let cursor = days[app.cursor()];
        assert!(window.contains(cursor), "{window:?} holds the cursor");
    }
    assert_eq!(app.cursor(), 0, "the oldest draw reached");
}

#[test]
fn filter_narrows_as_you_type_enter_keeps_and_esc_clears() {
    let mut app = app(80, 24);
    app.update(Action::StartFilter);
    assert_eq!(app.mode(), Mode::Filter);
    for c in "ald".chars() {
        app.update(Action::FilterChar(c));
    }
    assert_eq!(app.listed_ids(), ["P001"], "matches the name Alder");
    assert_eq!(selected(&app), "P001");
    app.update(Action::FilterBackspace);
    app.update(Action::FilterBackspace);
    assert_eq!(app.filter(), "a");
    app.update(Action::FilterAccept);
    assert_eq!(app.mode(), Mode::Normal);
    assert_eq!(app.filter(), "a");
    // Esc clears the kept filter; again, it does nothing: it never quits.
    app.update(Action::Back);
    assert_eq!(app.filter(), "");
    assert_eq!(app.listed_ids().len(), 11);
    assert!(!app.should_quit());
    app.update(Action::Back);
    assert!(!app.should_quit());
}

#[test]
fn filter_by_id_in_any_case_and_nothing_matching() {
    let mut app = app(80, 24);
    press(
        &mut app,
        &[
            Action::StartFilter,
            Action::FilterChar('h'),
            Action::FilterChar('7'),
        ],
    );
    assert_eq!(app.listed_ids(), ["H702311", "H703884", "H704159"]);
    app.update(Action::FilterChar('x'));
    assert!(app.listed_ids().is_empty());
    assert!(app.selected_patient().is_none());
    app.update(Action::Down);
    app.update(Action::FilterCancel);
    assert_eq!(app.mode(), Mode::Normal);
    assert_eq!(app.listed_ids().len(), 11);
    assert!(app.selected_patient().is_some());
}

#[test]
fn deleting_filter_characters_gives_the_list_typing_them_narrowed() {
    let mut app = app(80, 24);
    let everyone = listed(&app);
    press(&mut app, &[Action::StartFilter, Action::FilterChar('p')]);
    let with_p = listed(&app);
    assert!(with_p.len() < everyone.len() && !with_p.is_empty());
    for c in "00".chars() {
        app.update(Action::FilterChar(c));
    }
    assert!(listed(&app).iter().all(|id| id.contains("P00")));
    app.update(Action::FilterBackspace);
    app.update(Action::FilterBackspace);
    assert_eq!(listed(&app), with_p);
    // A sort in between: the wider lists kept from typing are in the old
    // order, so deleting must not bring them back.
    app.update(Action::FilterChar('0'));
    app.update(Action::CycleSort);
    app.update(Action::FilterBackspace);
    let mut by_id = with_p.clone();
    by_id.sort();
    assert_eq!(listed(&app), by_id);
    app.update(Action::FilterBackspace);
    assert_eq!(app.filter(), "");
    let mut everyone_by_id = everyone.clone();
    everyone_by_id.sort();
    assert_eq!(listed(&app), everyone_by_id);
    app.update(Action::FilterBackspace);
    assert_eq!(listed(&app).len(), everyone.len());
}

#[test]
fn sort_cycles_and_keeps_the_selected_patient() {
    let mut app = app(80, 24);
    app.update(Action::Down);
    assert_eq!(selected(&app), "P001");
    app.update(Action::CycleSort);
    assert_eq!(app.sort(), SortKey::Id);
    assert_eq!(app.listed_ids()[0], "H702311");
    assert_eq!(selected(&app), "P001");
    app.update(Action::CycleSort);
    assert_eq!(app.sort(), SortKey::Latest);
    assert_eq!(app.listed_ids()[0], "P008", "latest draw 2026-03-16");
    app.update(Action::CycleSort);
    assert_eq!(app.sort(), SortKey::Severity);
}

#[test]
fn tab_cycles_focus_and_enter_opens_the_trends() {
    let mut app = app(80, 24);
    let mut seen = Vec::new();
    for _ in 0..4 {
        app.update(Action::NextFocus);
        seen.push(app.focus());
    }
    assert_eq!(
        seen,
        [Pane::Trends, Pane::Table, Pane::Severity, Pane::Patients]
    );
    app.update(Action::PrevFocus);
    assert_eq!(app.focus(), Pane::Severity);
    press(&mut app, &[Action::NextFocus, Action::Select]);
    assert_eq!(app.focus(), Pane::Trends);
}

#[test]
fn popups_open_scroll_and_close_before_quitting() {
    let mut app = app(80, 24);
    app.update(Action::ToggleHelp);
    assert_eq!(app.mode(), Mode::Help);
    app.update(Action::Down);
    app.update(Action::Down);
    assert_eq!(app.popup_scroll(), 2);
    app.update(Action::Up);
    assert_eq!(app.popup_scroll(), 1);
    assert_eq!(
        selected(&app),
        "P002",
        "keys scroll the popup, not the list"
    );
    app.update(Action::Back);
    assert_eq!(app.mode(), Mode::Normal);
    assert!(!app.should_quit());
    app.update(Action::ShowRejections);
    assert_eq!(app.mode(), Mode::Rejections);
    app.update(Action::Bottom);
    assert_eq!(app.popup_scroll(), 0, "the sample data reject no row");
    app.update(Action::Back);
    app.update(Action::ToggleHelp);
    app.update(Action::ToggleHelp);
    assert_eq!(app.mode(), Mode::Normal);
    app.update(Action::Quit);
    assert!(app.should_quit());
}

#[test]
fn the_list_scrolls_only_as_far_as_the_selection_needs() {
    // 80x24: the list shows 19 patients; 10 fit, so it never scrolls.
    let mut app = app(80, 24);
    app.update(Action::Bottom);
    assert_eq!(app.list_offset(), 0);
    // A terminal too small to plan still keeps the selection in range.
    app.update(Action::Resize(20, 5));
    app.update(Action::Top);
    assert_eq!(app.list_offset(), 0);
}

#[test]
fn swap_analytes_toggles() {
    let mut app = app(80, 24);
    app.update(Action::SwapAnalytes);
    assert!(app.swapped());
    app.update(Action::SwapAnalytes);
    assert!(!app.swapped());
}
