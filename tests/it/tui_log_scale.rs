//! The platelet chart at 80x24 on its log scale: every cut-off on a row of
//! its own, labelled; `L` switches to linear and the axis says which.

use hemotrend::tui::Action;

use crate::support::{app, press, screen};

/// The rows of the plotted screen whose text contains `needle`.
fn rows_with(text: &[String], needle: &str) -> Vec<usize> {
    text.iter()
        .enumerate()
        .filter(|(_, line)| line.contains(needle))
        .map(|(i, _)| i)
        .collect()
}

fn lines(app: &hemotrend::tui::App) -> Vec<String> {
    let terminal = screen(app, 80, 24);
    let buffer = terminal.backend().buffer();
    (0..buffer.area.height)
        .map(|y| {
            (0..buffer.area.width)
                .map(|x| buffer.cell((x, y)).map_or(" ", |c| c.symbol()))
                .collect()
        })
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
    press(&mut app, &[Action::ToggleLogScale]);
    assert!(lines(&app).join("\n").contains("· log"));
}
