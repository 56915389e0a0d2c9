//! Values after a transfusion (`clinical.md` §8) marked `‡` in the table and
//! the readout, on P001 of the bundled sample data: her draw of 2024-04-19
//! follows red cells on 2024-04-01 (Hb, 8 weeks) and platelets on
//! 2024-04-12 (PLT, 7 days).

use crate::support::{app, press, text};
use hemotrend::tui::Action;

/// P001 with the cursor on her 11th draw, 2024-04-19; `focus` Tab presses.
fn p001_after_transfusion(width: u16, height: u16, focus: usize) -> String {
    let mut app = app(width, height);
    let actions: Vec<Action> = [Action::Down, Action::CursorFirst]
        .into_iter()
        .chain(std::iter::repeat_n(Action::CursorNext, 10))
        .chain(std::iter::repeat_n(Action::NextFocus, focus))
        .collect();
    press(&mut app, &actions);
    text(&app, width, height)
}

fn row<'s>(screen: &'s str, date: &str) -> &'s str {
    screen
        .lines()
        .find(|line| line.contains(&format!("▶ {date}")))
        .unwrap_or_default()
}

#[test]
fn marks_at_120x40() {
    let screen = p001_after_transfusion(120, 40, 0);
    let cursor = row(&screen, "2024-04-19  ");
    assert!(cursor.contains("7.9‡L"), "{cursor}");
    assert!(cursor.contains("11‡LL"), "{cursor}");
    assert!(screen.contains("Hb 7.9‡ L"), "{screen}");
    // The readout's notes give way to the charts' rows, and say so.
    assert!(screen.contains("i: more"), "{screen}");
    assert!(screen.contains(" <20┤"), "{screen}");
    assert!(
        screen.contains("‡ within 7 d of platelets (PLT), 8 wk of red cells (Hb)"),
        "{screen}"
    );
    insta::assert_snapshot!("p001_after_transfusion_120x40", screen);
}

#[test]
fn readout_at_80x24_keeps_every_value_and_the_charts_rows() {
    let screen = p001_after_transfusion(80, 24, 0);
    for value in [
        "Hb 7.9‡ L",
        "Hct 24.0 L",
        "MCV 96.2",
        "ANC 0.13 LL",
        "ALC 0.32 L",
    ] {
        assert!(screen.contains(value), "{value} in {screen}");
    }
    assert!(screen.contains("i: more"), "{screen}");
    assert!(screen.contains(" <20┤"), "{screen}");
    insta::assert_snapshot!("p001_after_transfusion_readout_80x24", screen);
}

#[test]
fn readout_at_160x48_names_the_transfusions_the_change_and_the_events() {
    let screen = p001_after_transfusion(160, 48, 0);
    assert!(screen.contains("‡ Hb after RBC tx 2024-04-01"), "{screen}");
    assert!(screen.contains("‡ PLT after PLT tx 2024-04-12"), "{screen}");
    assert!(screen.contains("Δ PLT +4 RBC -0.04 WBC +0.17"), "{screen}");
    assert!(
        screen.contains("since the previous draw: 2024-04-12 13:00 PLT tx x1"),
        "{screen}"
    );
    assert!(!screen.contains("i: more"), "{screen}");
}

#[test]
fn table_at_80x24_has_the_marks_and_their_legend() {
    let screen = p001_after_transfusion(80, 24, 2);
    // Every column fits at 80, reticulocytes included: the date gives up
    // the space after it.
    assert!(screen.contains("ALC  Retic sev"), "{screen}");
    let cursor = row(&screen, "2024-04-19 ");
    assert!(
        cursor.contains("7.9‡L") && cursor.contains("11‡LL"),
        "{cursor}"
    );
    assert!(
        screen.contains("‡ within 7 d of platelets (PLT), 8 wk of red cells (Hb)"),
        "{screen}"
    );
    insta::assert_snapshot!("p001_after_transfusion_table_80x24", screen);
}

#[test]
fn a_patient_without_transfusions_has_no_mark() {
    let mut app = app(120, 40);
    press(&mut app, &[Action::CursorFirst]);
    let screen = text(&app, 120, 40);
    assert!(screen.contains("P002"), "{screen}");
    assert!(!screen.contains('‡'), "{screen}");
}

/// A transfusion three days before the first draw and an IST start after
/// the last: the axis over all time runs from the one to the other, and
/// the events row draws both, at its ends.
#[test]
fn events_outside_the_draws_are_on_the_axis() {
    let dataset = hemotrend::ingest::load_texts(&crate::support::EVENTS_OUTSIDE).expect("loads");
    let app = crate::support::app_of(dataset, 100, 30);
    let screen = text(&app, 100, 30);
    assert!(
        screen.contains("all time 2024-02-26 → 2024-04-20"),
        "{screen}"
    );
    let events = screen
        .lines()
        .find(|line| line.contains("evt."))
        .expect("the events row");
    let plot: Vec<char> = events.chars().skip_while(|&c| c != '.').skip(1).collect();
    assert_eq!(
        plot.iter().find(|c| !c.is_whitespace()),
        Some(&'R'),
        "{events}"
    );
    // Each line of `text` is quoted.
    let inner = events.trim_end_matches(['│', '"']);
    assert!(inner.ends_with('I'), "{events}");
    let axis = screen
        .lines()
        .find(|line| line.contains("date 2024-02-26"))
        .expect("the date axis");
    assert!(
        axis.trim_end_matches(['│', '"']).ends_with("2024-04-20"),
        "{axis}"
    );
}

/// Zoomed in, a pan past the last draw toward an event after it stops
/// where the draws are: the window never empties with the cursor off it.
#[test]
fn a_pan_stops_at_the_last_draw_before_events_beyond_it() {
    let dataset = hemotrend::ingest::load_texts(&crate::support::EVENTS_OUTSIDE).expect("loads");
    let mut app = crate::support::app_of(dataset, 100, 30);
    for _ in 0..3 {
        app.update(Action::ZoomIn);
    }
    for _ in 0..8 {
        app.update(Action::PanRight);
        let window = app.window().expect("zoomed");
        let last = hemotrend::model::Timestamp::days(
            hemotrend::ingest::time::parse_time("2024-04-01T08:00").unwrap(),
        );
        assert!(window.start <= last, "{window:?} still holds a draw");
    }
    assert_eq!(app.cursor(), 2);
}

/// The severity panel marks a criterion's value drawn after a transfusion
/// as the table does (clinical.md §8: it still counts, and is marked), with
/// the legend; a value with no transfusion before it has no mark.
#[test]
fn the_severity_panel_marks_a_transfused_criterion() {
    let screen = p001_after_transfusion(120, 40, 3);
    let line = |rule: &str| {
        screen
            .lines()
            .find(|line| line.contains(rule))
            .unwrap_or_else(|| panic!("{rule} in {screen}"))
    };
    assert!(line("hemoglobin < 10 g/dL").contains("7.9‡"), "{screen}");
    assert!(line("platelets < 20 x10^9/L").contains("11‡"), "{screen}");
    assert!(!line("ANC < 0.5 x10^9/L").contains('‡'), "{screen}");
    assert!(
        screen.contains("‡ within 7 d of platelets (PLT)"),
        "{screen}"
    );
}
