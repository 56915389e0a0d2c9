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
