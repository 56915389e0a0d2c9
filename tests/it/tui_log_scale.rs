//! The platelet chart at 80x24 on its log scale: every cut-off on a row of
//! its own, labelled; `L` switches to linear and the axis says which.

use hemotrend::tui::Action;

use crate::support::{app, press};

/// The rows of the plotted screen whose text contains `needle`.
fn rows_with(text: &[String], needle: &str) -> Vec<usize> {
    text.iter()
        .enumerate()
        .filter(|(_, line)| line.contains(needle))
        .map(|(i, _)| i)
        .collect()
}

fn lines(app: &hemotrend::tui::App) -> Vec<String> {
    lines_at(app, 80, 24)
}

/// The screen's rows as text, at `width` x `height`.
fn lines_at(app: &hemotrend::tui::App, width: u16, height: u16) -> Vec<String> {
    crate::support::text(app, width, height)
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn the_platelet_cut_offs_20_and_50_are_on_different_rows_with_labels_at_80x24() {
    let app = app(80, 24);
    let text = lines(&app);
    let joined = text.join("\n");
    assert!(
        joined.contains("PLT x10^9/L · ref 150–450 for 0 d–18 y · log"),
        "{joined}"
    );
    assert!(joined.contains("· log"), "the axis says log:\n{joined}");
    let severe = rows_with(&text, "severe <20");
    let cytopenia = rows_with(&text, "cytopenia <50");
    assert_eq!(severe.len(), 1, "{joined}");
    assert_eq!(cytopenia.len(), 1, "{joined}");
    assert_ne!(severe, cytopenia, "{joined}");
    // The row under "severe <20" holds every count below 20 (P002's 16 among
    // them), so its tick says "<20", never a bound such as "≤10".
    let bottom = rows_with(&text, "<20┤");
    assert_eq!(bottom, vec![severe[0] + 1], "{joined}");
    assert!(!joined.contains("≤10"), "{joined}");
    // The top row is the limit's, and holds P002's first counts above it
    // (188, 176, 161): its tick says "≥150", never "150".
    let limit = rows_with(&text, "LLN 150");
    assert_eq!(limit.len(), 1, "{joined}");
    assert!(text[limit[0]].contains("≥150┤"), "{}", text[limit[0]]);
    // Each cut-off row carries its dashed line and its tick value: the
    // lowest value the row holds (P002's 23 to 39 sit on the 20 line's row).
    for (row, tick) in [(severe[0], "≥20┤"), (cytopenia[0], "≥50┤")] {
        assert!(text[row].contains(tick), "{}", text[row]);
        assert!(text[row].contains('╌'), "{}", text[row]);
    }
}

#[test]
fn l_switches_the_platelet_chart_to_linear_and_back() {
    let mut app = app(80, 24);
    press(&mut app, &[Action::ToggleLogScale]);
    let linear = lines(&app).join("\n");
    assert!(!linear.contains("· log"), "{linear}");
    // The axis says which scale it is on, in either mode.
    assert!(linear.contains("· linear"), "{linear}");
    press(&mut app, &[Action::ToggleLogScale]);
    let log = lines(&app).join("\n");
    assert!(log.contains("· log") && !log.contains("· linear"), "{log}");
}

/// The ANC's limit and cytopenia cut-off are one value (1.5): they share a
/// row at any height, even when the counts lift the scale's top (a MIMIC
/// patient's 8 and 6.5 put the limit on a row with the severe 0.5 line, and
/// its cut-off on the row above, both ticked 1.5).
#[test]
fn lines_of_one_value_share_their_row() {
    let labs = "patient_id,collected_at,wbc,anc,plt,hgb\n\
                A1,2024-01-01,9.0,8.0,200,13\n\
                A1,2024-01-08,9.5,6.5,210,13.5\n";
    let dataset = hemotrend::ingest::load_texts(&[("labs.csv", labs)]).expect("loads");
    let mut app = crate::support::app_of(dataset, 80, 24);
    press(&mut app, &[Action::SwapAnalytes]);
    let text = lines(&app);
    let joined = text.join("\n");
    let row_of = |label: &str| {
        let rows = rows_with(&text, label);
        assert_eq!(rows.len(), 1, "{label}:\n{joined}");
        rows[0]
    };
    assert_eq!(row_of("LLN 1.5"), row_of("cytopenia <1.5"), "{joined}");
    assert!(row_of("severe <0.5") > row_of("LLN 1.5"), "{joined}");
    assert!(text[row_of("severe <0.5")].contains("≥0.5┤"), "{joined}");
    assert_eq!(rows_with(&text, "1.5┤").len(), 1, "one 1.5 tick:\n{joined}");
}

/// On a linear scale too, each ANC cut-off has a row of its own where the
/// chart has the rows, and the row under the lowest holds the counts under
/// it: at 120x40, P002's 0.47 sits on the 0.2 line's row (`≥0.2`), under
/// the 0.5 line's, never on a row ticked `0.2` with counts of 0.5 and more.
#[test]
fn a_linear_anc_chart_keeps_each_cut_off_on_its_own_row() {
    let mut app = app(120, 40);
    press(&mut app, &[Action::SwapAnalytes, Action::ToggleLogScale]);
    let text = lines_at(&app, 120, 40);
    let joined = text.join("\n");
    assert!(
        !joined.contains("Neutrophils (absolute) x10^9/L · ref 1.5–6.5 for 11–18 y · log"),
        "{joined}"
    );
    let row_of = |label: &str| {
        let rows = rows_with(&text, label);
        assert_eq!(rows.len(), 1, "{label}:\n{joined}");
        rows[0]
    };
    let (half, fifth) = (row_of("severe <0.5"), row_of("very severe <0.2"));
    assert_eq!(fifth, half + 1, "{joined}");
    assert!(text[half].contains("≥0.5┤"), "{}", text[half]);
    assert!(text[fifth].contains("≥0.2┤"), "{}", text[fifth]);
    // The latest count, 0.47, is marked on the 0.2 line's row.
    assert!(text[fifth].contains('▼'), "{}", text[fifth]);
}

/// A censored count under a line's value (`<20` platelets) is drawn under
/// the line, on the bottom row (`<20`), never on the 20 line's own row,
/// which holds 20 and more.
#[test]
fn a_count_under_its_bound_is_drawn_under_the_line() {
    let labs = "patient_id,collected_at,plt\nC1,2024-06-01,<20\nC1,2024-06-08,25\n";
    let dataset = hemotrend::ingest::load_texts(&[("labs.csv", labs)]).expect("loads");
    let app = crate::support::app_of(dataset, 80, 24);
    let text = lines(&app);
    let joined = text.join("\n");
    let bottom = rows_with(&text, "<20┤");
    let line = rows_with(&text, "≥20┤");
    assert_eq!((bottom.len(), line.len()), (1, 1), "{joined}");
    // The first draw (`<20`) is the leftmost marker, just after the axis.
    let first = |row: usize| {
        text[row]
            .split('┤')
            .nth(1)
            .and_then(|plot| plot.chars().next())
    };
    assert_eq!(first(bottom[0]), Some('▼'), "{joined}");
    assert_ne!(first(line[0]), Some('▼'), "{joined}");
}

/// A linear ANC chart with no row to spare at 80x24 (P001 on 2024-07-26:
/// three lines, three rows) keeps its lines in order, one a row: 1.5, then 0.5, then
/// 0.2; P001's counts of 0.52 to 1.33 sit on the 0.5 line's row, never
/// under a line below them.
#[test]
fn a_short_linear_anc_chart_keeps_its_lines_in_order() {
    let mut app = app(80, 24);
    press(
        &mut app,
        &[Action::Down, Action::SwapAnalytes, Action::ToggleLogScale],
    );
    // To 2024-07-26, whose readout (a transfusion's value) leaves the
    // charts a row fewer.
    press(&mut app, &[Action::CursorPrev; 7]);
    let text = lines(&app);
    let joined = text.join("\n");
    assert!(joined.contains("P001"), "{joined}");
    let row_of = |label: &str| {
        let rows = rows_with(&text, label);
        assert_eq!(rows.len(), 1, "{label}:\n{joined}");
        rows[0]
    };
    let (limit, half, fifth) = (
        row_of("LLN 1.5"),
        row_of("severe <0.5"),
        row_of("very severe <0.2"),
    );
    assert!(limit < half && half < fifth, "{joined}");
}
