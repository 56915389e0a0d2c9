//! On screen, the lab's range wins: flags, the chart's limit line and range
//! label, the table's mark and legend and the readout all use the range the
//! lab gave with a result; derived values carry `*` and a legend says why.

use hemotrend::ingest::load_texts;
use hemotrend::tui::{Action, App};

/// Platelets 140 with the lab's range 130–400 (normal there, `L` against
/// the default 150) and 125 (low by both); hemoglobin without a range;
/// ANC derived from WBC and neutrophil %.
const LONG: &str = "patient_id,sex,collected_at,test,value,unit,ref_range_lower,ref_range_upper\n\
L1,F,2024-01-01,plt,140,10^9/L,130,400\n\
L1,F,2024-01-01,hgb,11.5,g/dL,,\n\
L1,F,2024-01-01,wbc,3.0,10^9/L,3.5,10.5\n\
L1,F,2024-01-01,neutrophils,20,%,,\n\
L1,F,2024-02-01,plt,125,10^9/L,130,400\n\
L1,F,2024-02-01,hgb,12.5,g/dL,,\n\
L1,F,2024-02-01,anc,1.9,10^9/L,,\n";

fn app(width: u16, height: u16) -> App {
    let dataset = load_texts(&[("labs.csv", LONG)]).expect("loads");
    assert!(
        dataset.report().rejected.is_empty(),
        "{:?}",
        dataset.report()
    );
    crate::support::app_of(dataset, width, height)
}

#[test]
fn the_chart_and_readout_use_the_labs_range_of_the_cursor_draw() {
    let mut app = app(120, 40);
    app.update(Action::CursorFirst);
    let screen = crate::support::text(&app, 120, 40);
    // 140 is inside the lab's 130–400: no flag, though below the default 150.
    assert!(
        screen.contains("Platelets x10^9/L · lab 130–400 · log"),
        "{screen}"
    );
    assert!(screen.contains("▸ 140 │"), "{screen}");
    assert!(screen.contains("lab LLN 130"), "{screen}");
    assert!(!screen.contains("LLN 150"), "{screen}");
    // WBC 3.0 is low by the lab's 3.5 as by the default 4.0; HGB has no range.
    assert!(
        screen.contains("White cells x10^9/L · lab 3.5–10.5"),
        "{screen}"
    );
    // The readout: derived ANC with its mark and the legend.
    assert!(screen.contains("ANC 0.60* L"), "{screen}");
    assert!(screen.contains("* derived from a percentage"), "{screen}");
    // CTCAE grade 1 starts below the lab's LLN: 140 is grade 0 there.
    assert!(screen.contains("PLT G0"), "{screen}");
    insta::assert_snapshot!("lab_ranges_120x40", screen);
}

#[test]
fn the_table_marks_lab_ranged_values_and_names_the_ranges_used() {
    let mut app = app(80, 24);
    app.update(Action::CursorFirst);
    for _ in 0..2 {
        app.update(Action::NextFocus);
    }
    let screen = crate::support::text(&app, 80, 24);
    // 140† without L; 125† with L; derived ANC with *.
    assert!(screen.contains("140†"), "{screen}");
    assert!(!screen.contains("140†L"), "{screen}");
    assert!(screen.contains("125†L"), "{screen}");
    assert!(screen.contains("0.60*L"), "{screen}");
    assert!(screen.contains("† flagged by the lab's range"), "{screen}");
    assert!(screen.contains("▶ draw: WBC lab 3.5–10.5"), "{screen}");
    assert!(screen.contains("PLT lab 130–400"), "{screen}");
    assert!(screen.contains("* derived from a percentage"), "{screen}");
    insta::assert_snapshot!("lab_ranges_table_80x24", screen);
}

#[test]
fn the_severity_panel_explains_the_derived_mark() {
    let mut app = app(80, 24);
    app.update(Action::CursorFirst);
    app.update(Action::PrevFocus);
    let screen = crate::support::text(&app, 80, 24);
    assert!(screen.contains("0.60*"), "{screen}");
    assert!(screen.contains("* derived from a percentage"), "{screen}");
}
