//! Whole screens on the bundled sample data, at 80x24 and 160x48, as insta
//! snapshots of ratatui's `TestBackend`; plus the checks a snapshot cannot
//! make (no colour under NO_COLOR, no panic at any size).

use crate::support::{app, app_with, press, screen, text};
use hemotrend::tui::{Action, NO_COLOR_THEME};
use ratatui::style::Color;

fn snap(name: &str, actions: &[Action], width: u16, height: u16) {
    let mut app = app(width, height);
    press(&mut app, actions);
    insta::assert_snapshot!(name, text(&app, width, height));
}

#[test]
fn start_80x24() {
    snap("start_80x24", &[], 80, 24);
}

#[test]
fn start_160x48() {
    snap("start_160x48", &[], 160, 48);
}

#[test]
fn p001_nadir_80x24() {
    // P001's ninth draw, 2024-04-05: censored <5 platelets and <0.1 ANC.
    let actions = [Action::Down, Action::CursorFirst]
        .into_iter()
        .chain(std::iter::repeat_n(Action::CursorNext, 8))
        .collect::<Vec<_>>();
    snap("p001_nadir_80x24", &actions, 80, 24);
}

#[test]
fn p001_nadir_160x48() {
    let actions = [Action::Down, Action::CursorFirst]
        .into_iter()
        .chain(std::iter::repeat_n(Action::CursorNext, 8))
        .collect::<Vec<_>>();
    snap("p001_nadir_160x48", &actions, 160, 48);
}

#[test]
fn table_80x24() {
    snap(
        "table_80x24",
        &[Action::Down, Action::NextFocus, Action::NextFocus],
        80,
        24,
    );
}

#[test]
fn severity_80x24() {
    let actions = [
        Action::Down,
        Action::PrevFocus,
        Action::CursorPrev,
        Action::CursorPrev,
    ];
    snap("severity_80x24", &actions, 80, 24);
}

#[test]
fn swapped_and_zoomed_80x24() {
    let actions = [
        Action::Down,
        Action::SwapAnalytes,
        Action::ZoomIn,
        Action::ZoomIn,
    ];
    snap("swapped_and_zoomed_80x24", &actions, 80, 24);
}

#[test]
fn sex_unknown_and_chemo_160x48() {
    // P005's reticulocytes were never measured; P007's sex is unknown.
    let mut actions = vec![Action::StartFilter];
    actions.extend("p00".chars().map(Action::FilterChar));
    actions.push(Action::FilterAccept);
    actions.push(Action::Bottom);
    snap("sex_unknown_160x48", &actions, 160, 48);
    actions.push(Action::Up);
    actions.push(Action::Up);
    actions.push(Action::SwapAnalytes);
    snap("chemo_swapped_160x48", &actions, 160, 48);
}

#[test]
fn filter_typing_80x24() {
    let actions = [
        Action::StartFilter,
        Action::FilterChar('h'),
        Action::FilterChar('o'),
    ];
    snap("filter_typing_80x24", &actions, 80, 24);
}

#[test]
fn help_80x24() {
    snap("help_80x24", &[Action::ToggleHelp], 80, 24);
}

#[test]
fn help_160x48() {
    snap("help_160x48", &[Action::ToggleHelp], 160, 48);
}

#[test]
fn rejections_80x24() {
    snap("rejections_80x24", &[Action::ShowRejections], 80, 24);
}

#[test]
fn medium_120x40() {
    snap("medium_120x40", &[Action::Down], 120, 40);
}

#[test]
fn too_small() {
    snap("too_small_60x20", &[], 60, 20);
}

#[test]
fn no_color_uses_no_colour_and_keeps_every_marker() {
    for (width, height) in [(80, 24), (160, 48)] {
        let mut app = app_with(&NO_COLOR_THEME, width, height);
        app.update(Action::Down);
        let terminal = screen(&app, width, height);
        for cell in terminal.backend().buffer().content() {
            assert_eq!(cell.fg, Color::Reset, "{cell:?}");
            assert_eq!(cell.bg, Color::Reset, "{cell:?}");
        }
        let coloured = text(&crate::support::app(width, height), width, height);
        let plain = text(&app, width, height);
        assert!(plain.contains('▼') && plain.contains("LL"));
        assert!(coloured.contains('▼'));
    }
}

#[test]
fn a_sweep_of_sizes_renders_without_panic() {
    let mut app = app(80, 24);
    app.update(Action::Down);
    for width in (70..=170).step_by(5) {
        for height in (20..=52).step_by(3) {
            // Each of the four panes focused, so every layout is drawn.
            for _ in 0..4 {
                app.update(Action::Resize(width, height));
                let _ = text(&app, width, height);
                app.update(Action::NextFocus);
            }
        }
    }
}

#[test]
fn every_size_renders_without_panic() {
    let mut app = app(80, 24);
    for (width, height) in [
        (1, 1),
        (10, 3),
        (79, 24),
        (80, 23),
        (80, 24),
        (81, 25),
        (100, 30),
        (200, 60),
    ] {
        for actions in [
            &[][..],
            &[Action::NextFocus, Action::NextFocus][..],
            &[Action::NextFocus][..],
            &[Action::ToggleHelp][..],
            &[Action::ToggleHelp, Action::ShowRejections][..],
        ] {
            press(&mut app, actions);
            app.update(Action::Resize(width, height));
            let _ = text(&app, width, height);
        }
    }
}

#[test]
fn rejected_rows_are_counted_and_listed_80x24() {
    let paths: Vec<std::path::PathBuf> = [
        "tests/data/wide-good.csv",
        "tests/data/reject-not-a-number.csv",
        "tests/data/reject-bad-time.csv",
        "tests/data/reject-conflict.csv",
    ]
    .iter()
    .map(std::path::PathBuf::from)
    .collect();
    // cargo runs integration tests in the package root: relative paths keep
    // the snapshot the same on every machine.
    let dataset = hemotrend::ingest::load_named(&paths, &hemotrend::ingest::LoadOptions::default())
        .expect("the fixtures load");
    let rejected = dataset.report().rejected.len();
    assert!(rejected >= 3, "the fixtures reject rows");
    // Rows and cells apart, as `check` counts them.
    let (rows, cells) = (
        dataset.report().rows_rejected(),
        dataset.report().cells_rejected,
    );
    assert!(rows > 0 && cells > 0, "rows {rows}, cells {cells}");
    let words = format!(
        "{rows} rows, {cells} cell{}",
        if cells == 1 { "" } else { "s" }
    );
    let mut app = crate::support::app_of(dataset, 80, 24);
    let start = text(&app, 80, 24);
    assert!(start.contains(&format!("{words} rejected")), "{start}");
    app.update(Action::ShowRejections);
    let popup = text(&app, 80, 24);
    assert!(popup.contains(&format!("Rejected: {words}")), "{popup}");
    insta::assert_snapshot!("rejections_listed_80x24", popup);
}

#[test]
fn the_configuration_in_force_is_on_screen() {
    use hemotrend::clinical::{ConfigSource, RetMethod, Thresholds};
    let dataset = hemotrend::ingest::load_named(&[], &hemotrend::ingest::LoadOptions::default())
        .expect("the bundled sample data load");
    let thresholds = Thresholds {
        retic_method: RetMethod::Manual,
        ..Thresholds::default()
    };
    let source = ConfigSource::Given("site/limits\u{1b}]0;x\u{7}.toml".into());
    let mut app = hemotrend::tui::App::new(dataset, thresholds, &hemotrend::tui::THEME, None)
        .with_config_source(source);
    app.update(Action::Resize(160, 48));
    let shown = r"config: site/limits\u{1b}]0;x\u{7}.toml";
    let start = text(&app, 160, 48);
    assert!(start.contains(shown), "header and severity panel:\n{start}");
    assert!(start.contains("reticulocytes <20: manual count (BCSH 2009)"));
    app.update(Action::ToggleHelp);
    let help = text(&app, 160, 48);
    assert!(
        help.contains(&format!("{shown} · reticulocytes <20 (manual count)")),
        "{help}"
    );
}
