//! The mouse map (event -> action, a case table like the key map), the new
//! keys (Ctrl-Z, Esc that never quits), and `App::update` for every new
//! action: clicks, the wheel, Esc going back, suspending, the filter seen.

use crate::support::{app, press, text};
use hemotrend::tui::{Action, Mode, Pane, action_for, mouse_action};
use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use rstest::rstest;

fn mouse(kind: MouseEventKind, column: u16, row: u16) -> MouseEvent {
    MouseEvent {
        kind,
        column,
        row,
        modifiers: KeyModifiers::NONE,
    }
}

fn selected(app: &hemotrend::tui::App) -> String {
    app.selected_patient()
        .map(|p| p.id.clone())
        .unwrap_or_default()
}

const LEFT: MouseEventKind = MouseEventKind::Down(MouseButton::Left);

#[rstest]
#[case(LEFT, Mode::Normal, Some(Action::Click(5, 7)))]
#[case(LEFT, Mode::Filter, Some(Action::Click(5, 7)))]
#[case::no_click_in_a_popup(LEFT, Mode::Help, None)]
#[case(LEFT, Mode::Rejections, None)]
#[case(
    MouseEventKind::ScrollDown,
    Mode::Normal,
    Some(Action::ScrollDown(5, 7))
)]
#[case(MouseEventKind::ScrollUp, Mode::Normal, Some(Action::ScrollUp(5, 7)))]
#[case(MouseEventKind::ScrollDown, Mode::Help, Some(Action::ScrollDown(5, 7)))]
#[case(
    MouseEventKind::ScrollUp,
    Mode::Rejections,
    Some(Action::ScrollUp(5, 7))
)]
#[case::release(MouseEventKind::Up(MouseButton::Left), Mode::Normal, None)]
#[case::drag(MouseEventKind::Drag(MouseButton::Left), Mode::Normal, None)]
#[case::motion(MouseEventKind::Moved, Mode::Normal, None)]
#[case::right_button(MouseEventKind::Down(MouseButton::Right), Mode::Normal, None)]
#[case::middle_button(MouseEventKind::Down(MouseButton::Middle), Mode::Normal, None)]
#[case::sideways(MouseEventKind::ScrollLeft, Mode::Normal, None)]
fn mouse_map(#[case] kind: MouseEventKind, #[case] mode: Mode, #[case] expected: Option<Action>) {
    assert_eq!(mouse_action(&mouse(kind, 5, 7), mode), expected);
}

#[rstest]
#[case(Mode::Normal)]
#[case(Mode::Filter)]
#[case(Mode::Help)]
#[case(Mode::Rejections)]
fn ctrl_z_suspends_and_esc_is_back_in_every_mode(#[case] mode: Mode) {
    let ctrl_z = KeyEvent::new(KeyCode::Char('z'), KeyModifiers::CONTROL);
    assert_eq!(action_for(&ctrl_z, mode), Some(Action::Suspend));
    let esc = KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE);
    let back = action_for(&esc, mode);
    assert!(
        matches!(back, Some(Action::Back | Action::FilterCancel)),
        "{back:?}"
    );
    assert_ne!(back, Some(Action::Quit));
}

#[test]
fn esc_never_quits_and_leaves_a_full_width_view() {
    let mut app = app(80, 24);
    press(&mut app, &[Action::Back, Action::Back]);
    assert!(!app.should_quit(), "Esc with nothing to close does nothing");
    // 80 columns: the table takes the full width, the list steps aside.
    press(&mut app, &[Action::NextFocus, Action::NextFocus]);
    assert_eq!(app.focus(), Pane::Table);
    assert!(!text(&app, 80, 24).contains("Patients 11"));
    app.update(Action::Back);
    assert_eq!(app.focus(), Pane::Patients);
    assert!(text(&app, 80, 24).contains("Patients 11"));
    // The same from the severity view.
    press(&mut app, &[Action::PrevFocus, Action::Back]);
    assert_eq!(app.focus(), Pane::Patients);
    assert!(!app.should_quit());
    // On a wide screen the table is beside the list: Esc keeps the focus.
    let mut wide = crate::support::app(160, 48);
    press(
        &mut wide,
        &[Action::NextFocus, Action::NextFocus, Action::Back],
    );
    assert_eq!(wide.focus(), Pane::Table);
}

#[test]
fn a_filter_typed_in_the_full_width_table_is_seen() {
    let mut app = app(80, 24);
    press(&mut app, &[Action::NextFocus, Action::NextFocus]);
    assert_eq!(app.focus(), Pane::Table);
    press(&mut app, &[Action::StartFilter, Action::FilterChar('a')]);
    assert_eq!(
        app.focus(),
        Pane::Patients,
        "the list comes back to show it"
    );
    let screen = text(&app, 80, 24);
    assert!(screen.contains("Patients 9/11"), "{screen}");
    assert!(
        screen.contains("/a▏"),
        "the footer shows what is typed: {screen}"
    );
}

#[test]
fn ctrl_z_asks_the_loop_to_suspend_once() {
    let mut app = app(80, 24);
    assert!(!app.take_suspend());
    app.update(Action::Suspend);
    assert!(app.take_suspend());
    assert!(!app.take_suspend(), "once per Ctrl-Z");
    assert!(!app.should_quit());
}

#[test]
fn a_click_on_a_patient_selects_them_and_focuses_the_list() {
    let mut app = app(80, 24);
    app.update(Action::NextFocus);
    assert_eq!(app.focus(), Pane::Trends);
    assert_eq!(selected(&app), "P002");
    // The list starts at row 1 (below the header bar): its border, its
    // header line, then P002 on row 3 and P001 on row 4.
    app.update(Action::Click(5, 4));
    assert_eq!(selected(&app), "P001");
    assert_eq!(app.focus(), Pane::Patients);
    // Below the last patient: the focus moves, the selection stays.
    app.update(Action::Click(5, 20));
    assert_eq!(selected(&app), "P001");
    // The header bar and the footer do nothing.
    app.update(Action::Click(5, 0));
    app.update(Action::Click(5, 23));
    assert_eq!(selected(&app), "P001");
}

#[test]
fn a_click_in_a_chart_moves_the_cursor_to_the_nearest_draw() {
    let mut app = app(80, 24);
    app.update(Action::Down);
    let draws = 24;
    assert_eq!(app.cursor(), draws - 1);
    // The trends pane is x 26..80; its plots start after the border and the
    // y labels, so the first plot column holds the oldest draw and the last
    // one the newest.
    app.update(Action::Click(33, 5));
    assert_eq!(app.focus(), Pane::Trends);
    assert_eq!(app.cursor(), 0, "the left edge: the oldest draw");
    app.update(Action::Click(78, 5));
    assert_eq!(app.cursor(), draws - 1, "the right edge: the newest");
    app.update(Action::Click(54, 5));
    let middle = app.cursor();
    assert!(middle > 0 && middle < draws - 1, "{middle}");
    // The screen shows the draw clicked.
    let screen = text(&app, 80, 24);
    assert!(
        screen.contains(&format!("draw {} of {draws}", middle + 1)),
        "{screen}"
    );
}

#[test]
fn a_click_on_a_pane_focuses_it() {
    let mut app = app(160, 48);
    // 160x48: list | trends + severity | table below.
    app.update(Action::Click(100, 40));
    assert_eq!(app.focus(), Pane::Table);
    app.update(Action::Click(140, 10));
    assert_eq!(app.focus(), Pane::Severity);
    app.update(Action::Click(60, 10));
    assert_eq!(app.focus(), Pane::Trends);
    app.update(Action::Click(10, 30));
    assert_eq!(app.focus(), Pane::Patients);
}

#[test]
fn a_click_while_typing_keeps_the_filter() {
    let mut app = app(80, 24);
    press(&mut app, &[Action::StartFilter, Action::FilterChar('p')]);
    app.update(Action::Click(5, 4));
    assert_eq!(app.mode(), Mode::Normal);
    assert_eq!(app.filter(), "p");
}

#[test]
fn the_wheel_scrolls_what_is_under_the_pointer() {
    let mut app = app(160, 48);
    assert_eq!(selected(&app), "P002");
    // Over the list: the selection moves, the focus stays.
    app.update(Action::ScrollDown(10, 10));
    assert_eq!(selected(&app), "P001");
    app.update(Action::ScrollUp(10, 10));
    assert_eq!(selected(&app), "P002");
    assert_eq!(app.focus(), Pane::Patients);
    // Over the table (newest first): down is an older draw.
    app.update(Action::Down);
    let latest = app.cursor();
    app.update(Action::ScrollDown(100, 40));
    assert_eq!(app.cursor(), latest - 1);
    app.update(Action::ScrollUp(100, 40));
    assert_eq!(app.cursor(), latest);
    assert_eq!(app.focus(), Pane::Patients);
}

#[test]
fn the_wheel_scrolls_a_popup_and_never_past_its_end() {
    let mut app = app(80, 24);
    app.update(Action::ToggleHelp);
    app.update(Action::ScrollDown(40, 10));
    assert_eq!(app.popup_scroll(), 3);
    app.update(Action::ScrollUp(40, 10));
    assert_eq!(app.popup_scroll(), 0);
    // G stops where the last line is at the bottom of the popup.
    app.update(Action::Bottom);
    let end = app.popup_scroll();
    assert!(end > 0);
    press(
        &mut app,
        &[Action::Down, Action::PageDown, Action::ScrollDown(40, 10)],
    );
    assert_eq!(app.popup_scroll(), end);
    let screen = text(&app, 80, 24);
    let rows: Vec<&str> = screen.lines().collect();
    assert!(
        rows[rows.len() - 2].contains("review aid, not a diagnostic device"),
        "the disclaimer ends the help, on its last row: {screen}"
    );
    // A taller screen shows more lines: scrolling stops earlier.
    app.update(Action::Resize(80, 40));
    assert!(app.popup_scroll() < end);
}

#[test]
fn help_at_its_end_80x24() {
    let mut app = app(80, 24);
    press(&mut app, &[Action::ToggleHelp, Action::Bottom]);
    insta::assert_snapshot!("help_end_80x24", text(&app, 80, 24));
}

#[test]
fn the_header_without_a_patient_has_no_empty_field() {
    let mut app = app(80, 24);
    press(&mut app, &[Action::StartFilter, Action::FilterChar('#')]);
    let screen = text(&app, 80, 24);
    let header = screen.lines().next().unwrap_or_default();
    assert!(!header.contains("│ │"), "{header}");
    assert!(header.contains("hemotrend │ config:"), "{header}");
}

/// A click on a row of the cumulative table moves the cursor to that
/// row's draw, as the help says: the row's date becomes the cursor's.
#[test]
fn a_click_on_a_table_row_selects_its_draw() {
    let mut app = app(120, 40);
    app.update(Action::Down);
    assert_eq!(app.cursor(), 23, "P001's newest draw");
    let screen = text(&app, 120, 40);
    // A row of the table below the cursor's, newest first: an older draw.
    let (y, line) = screen
        .lines()
        .enumerate()
        .filter(|(_, line)| line.contains("││  20"))
        .nth(3)
        .expect("table rows");
    let date: String = line
        .split("││  ")
        .nth(1)
        .expect("a row")
        .chars()
        .take(10)
        .collect();
    app.update(Action::Click(60, u16::try_from(y).unwrap()));
    assert_eq!(app.focus(), Pane::Table);
    assert!(app.cursor() < 23, "{}", app.cursor());
    let screen = text(&app, 120, 40);
    assert!(screen.contains(&format!("▶ {date}")), "{date}: {screen}");
    // The rows stay put: the same row clicked again is the same draw.
    let chosen = app.cursor();
    app.update(Action::Click(60, u16::try_from(y).unwrap()));
    assert_eq!(app.cursor(), chosen);
    let again = text(&app, 120, 40);
    assert_eq!(again.lines().nth(y), screen.lines().nth(y));
}
