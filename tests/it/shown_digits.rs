//! Values shown with the digits they carry (DESIGN.md "Values as
//! reported"): hemoglobin converted from mmol/L, and a count derived from a
//! percentage, are rounded on screen to the significant digits of what they
//! came from, while the amount compared with every cut-off stays exact.

use hemotrend::clinical::Thresholds;
use hemotrend::ingest::load_texts;
use hemotrend::model::Analyte;
use hemotrend::tui::{Action, App};

const LONG: &str = "patient_id,sex,collected_at,test,value,unit\n\
D1,F,2024-01-01T08:00,hgb,7.8,mmol/L\n\
D1,F,2024-01-01T08:00,wbc,2.73,10^9/L\n\
D1,F,2024-01-01T08:00,neutrophils,48.2,%\n\
D1,F,2024-01-01T08:00,plt,40,10^9/L\n\
D1,F,2024-02-01T08:00,hgb,6.2055,mmol/L\n\
D1,F,2024-02-01T08:00,wbc,2.0,10^9/L\n\
D1,F,2024-02-01T08:00,neutrophils,50,%\n\
D1,F,2024-02-01T08:00,plt,45,10^9/L\n";

fn app(width: u16, height: u16) -> App {
    let dataset = load_texts(&[("labs.csv", LONG)]).expect("loads");
    assert!(dataset.report().rejected.is_empty());
    crate::support::app_of(dataset, width, height)
}

#[test]
fn converted_and_derived_values_show_the_digits_of_their_inputs() {
    let mut app = app(80, 24);
    for _ in 0..2 {
        app.update(Action::NextFocus);
    }
    let screen = crate::support::text(&app, 80, 24);
    let row = |date: &str| {
        screen
            .lines()
            .find(|line| line.contains(date))
            .unwrap_or_else(|| panic!("a row for {date} in {screen}"))
            .to_string()
    };
    // 7.8 mmol/L x 1.6114 = 12.56892 g/dL: 2 digits written, `13` (within
    // a woman's limits, 12.0 and up);
    // ANC 2.73 x 48.2 % = 1.31586: `1.32`, marked derived.
    let january = row("2024-01-01");
    assert!(january.contains(" 13 "), "{january}");
    assert!(!january.contains("12.5"), "{january}");
    assert!(january.contains("1.32*L"), "{january}");
    // 6.2055 mmol/L = 9.999543 g/dL: `9.9995`, and below 10 all the same;
    // 2.0 x 50 % = 1 exactly, shown with the 2 digits of its inputs.
    let february = row("2024-02-01");
    assert!(february.contains("9.9995L"), "{february}");
    assert!(february.contains("1.0*L"), "{february}");
}

#[test]
fn the_amount_compared_with_cut_offs_is_not_rounded() {
    let dataset = load_texts(&[("labs.csv", LONG)]).expect("loads");
    let patient = dataset.patient("D1").expect("D1");
    let draws = dataset.draws(patient);
    let amount = |draw: usize, analyte: Analyte| {
        draws
            .value(draw, analyte)
            .reading()
            .map(|reading| reading.amount.to_string())
    };
    assert_eq!(amount(0, Analyte::Hgb).as_deref(), Some("12.56892"));
    assert_eq!(amount(0, Analyte::Anc).as_deref(), Some("1.31586"));
    assert_eq!(amount(1, Analyte::Hgb).as_deref(), Some("9.999543"));
}

#[test]
fn read_outs_show_the_values_as_the_table_does() {
    let dataset = load_texts(&[("labs.csv", LONG)]).expect("loads");
    let patient = dataset.patient("D1").expect("D1");
    let insight = hemotrend::report::patient_insight(&dataset, patient, &Thresholds::default());
    let lines: Vec<String> = insight
        .readouts
        .iter()
        .flat_map(|r| hemotrend::report::insight_words::readout_lines(r, None))
        .collect();
    let text = lines.join("\n");
    // WBC 2.0 keeps its written zero (the reading alone says `2`), the ANC
    // derived from it its inputs' digits and its mark, Hb its 2 digits.
    assert!(text.contains("change 2.73 -> 2.0:"), "{text}");
    assert!(text.contains("nadir 1.0* on"), "{text}");
    assert!(text.contains("change 13 -> 9.9995:"), "{text}");
}

/// Rounded to the digits of its input, a converted value can land on the
/// limit or cut-off it was judged against: it keeps the digits that show
/// its side, so that a value and its flag or outcome never disagree.
#[test]
fn a_rounded_value_never_contradicts_its_flag_or_criterion() {
    // 7.44 mmol/L = 11.988816 g/dL: `12.0` by its 3 digits, below a
    // woman's limit of 12 all the same; 6.2 mmol/L = 9.99068 g/dL: `10` by
    // its 2 digits, below the cut-off 10 all the same.
    let text = "patient_id,sex,collected_at,hgb (mmol/L),plt\n\
                E1,F,2024-01-01,7.44,100\n\
                E1,F,2024-01-08,6.2,90\n";
    let dataset = load_texts(&[("edge.csv", text)]).expect("loads");
    let mut app = crate::support::app_of(dataset, 120, 40);
    for _ in 0..2 {
        app.update(Action::NextFocus);
    }
    let screen = crate::support::text(&app, 120, 40);
    // The table's row: the date, then the platelets' 100.
    let january = screen
        .lines()
        .find(|line| line.contains("  2024-01-01 ") && line.contains("100L"))
        .unwrap_or_else(|| panic!("January's row in {screen}"));
    assert!(january.contains("11.99L"), "{january}");
    assert!(!january.contains("12.0L"), "{january}");
    // Beside 12 the 2 digits would do, but the cut-off 10 of the category
    // (hemoglobin < 10, met) is a line it is judged against too: 9.99068
    // is `9.99`, never a `10` beside "met".
    let february = screen
        .lines()
        .find(|line| line.contains("▶ 2024-01-08 ") && line.contains("90L"))
        .unwrap_or_else(|| panic!("February's row in {screen}"));
    assert!(february.contains(" 9.99L"), "{february}");
    assert!(!february.contains(" 10L"), "{february}");
    // The severity pane: beside the cut-off 10, the digits that show it met.
    app.update(Action::NextFocus);
    let screen = crate::support::text(&app, 120, 40);
    let criterion = screen
        .lines()
        .find(|line| line.contains("hemoglobin < 10 g/dL"))
        .unwrap_or_else(|| panic!("the criterion in {screen}"));
    assert!(criterion.contains("9.99  ✓ met"), "{criterion}");
}

/// The response's criteria show each value as the table does: a converted
/// hemoglobin to its 2 digits, a derived ANC to its inputs' with its mark.
#[test]
fn response_criteria_show_the_values_as_the_table_does() {
    let cbc = "patient_id,sex,collected_at,hgb (mmol/L),wbc,neutrophils (%),plt,retic (10^9/L)\n\
               R1,F,2024-01-01,4.1,1.9,20,12,15\n\
               R1,F,2024-04-05,5.3,2.73,48.2,35,40\n";
    let events = "patient_id,at,event,units,note\nR1,2024-01-03,ist,,hATG\n";
    let dataset = load_texts(&[("cbc.csv", cbc), ("events.csv", events)]).expect("loads");
    let patient = dataset.patient("R1").expect("R1");
    let insight = hemotrend::report::patient_insight(&dataset, patient, &Thresholds::default());
    let response = insight.response.expect("an ist event: a response");
    let three_months = response.assessments.first().expect("3 months");
    let value = |rule: &str| {
        three_months
            .criteria
            .iter()
            .find(|c| c.rule.contains(rule))
            .and_then(|c| c.value.clone())
            .unwrap_or_else(|| panic!("{rule} in {:?}", three_months.criteria))
    };
    // 5.3 mmol/L = 8.54042 g/dL; 2.73 x 48.2 % = 1.31586.
    assert_eq!(value("Hb >="), "8.5");
    assert_eq!(value("ANC >"), "1.32*");
    assert_eq!(value("platelets >"), "35");
}

/// A value is shown with the digits that keep it on its side of every line
/// its draw is judged against, in the report as on the screen: a derived
/// ANC of 0.198 beside "very severe, ANC < 0.2" is `0.198`, never `0.20`;
/// a hemoglobin of 11.999935 g/dL (7.4469 mmol/L) is `11.9999` in the
/// read-out "below 12", never `12.000`.
#[test]
fn the_report_shows_values_on_their_side_of_cutoffs_and_grades() {
    let text = "patient_id,sex,collected_at,wbc,hgb,plt,neutrophils (%),retic (10^9/L)\n\
                V1,M,2024-06-01,0.99,7,10,20,20\n";
    let dataset = load_texts(&[("vs.csv", text)]).expect("loads");
    let stamp = hemotrend::report::html::ReportStamp { generated: None };
    let config = hemotrend::clinical::Config::default();
    let html = hemotrend::report::html::html_string(&dataset, &config, None, &stamp);
    assert!(html.contains("0.198*"), "the derived ANC");
    assert!(!html.contains(">0.20*"), "never rounded onto 0.2");
    let text = "patient_id,sex,collected_at,hgb (mmol/L)\n\
                F1,F,2024-06-01,7.4469\n";
    let dataset = load_texts(&[("f.csv", text)]).expect("loads");
    let html = hemotrend::report::html::html_string(&dataset, &config, None, &stamp);
    assert!(html.contains("nadir 11.9999 on"), "the read-out");
    assert!(!html.contains("12.000"), "never 12.000 beside below 12");
}

/// A value multiplied by a power of ten keeps the places the lab wrote,
/// moved with the point: 0.250 L/L is 25.0 %, 0.0450 x10^12/L reticulocytes
/// 45.0 x10^9/L (`25` and `45` dropped a digit the lab reported); one
/// divided by a power of ten is its digits (120 g/L is 12, 150000 /uL 150,
/// never 150.000).
#[test]
fn a_value_moved_by_a_power_of_ten_keeps_the_places_written() {
    let text = "patient_id,collected_at,test,value,unit\n\
P1,2024-01-01T08:00,hct,0.250,L/L\n\
P1,2024-01-01T08:00,retic,0.0450,10^12/L\n\
P1,2024-01-01T08:00,hgb,120,g/L\n\
P1,2024-01-01T08:00,plt,150000,/uL\n\
P1,2024-01-01T08:00,wbc,0.25,10^9/L\n";
    let dataset = load_texts(&[("labs.csv", text)]).expect("loads");
    assert!(
        dataset.report().rejected.is_empty(),
        "{:?}",
        dataset.report().rejected
    );
    let patient = dataset.patient("P1").expect("P1");
    let draw = dataset.draws(patient).get(0).expect("a draw");
    let shown = |analyte| draw.values.get(analyte).shown_text().unwrap_or_default();
    assert_eq!(shown(Analyte::Hct), "25.0");
    assert_eq!(shown(Analyte::Retic), "45.0");
    assert_eq!(shown(Analyte::Hgb), "12");
    assert_eq!(shown(Analyte::Plt), "150");
    assert_eq!(shown(Analyte::Wbc), "0.25");
}

/// One divided by a power of ten keeps the places written, moved with the
/// point too: 100.0 g/L is 10.00 g/dL, so it conflicts with 9.96 g/dL of
/// the same draw as a lab's 10.00 does (merged, 9.96 met "hemoglobin < 10"
/// and made the draw non-severe); 500.0 /uL is 0.5000.
#[test]
fn a_value_divided_by_a_power_of_ten_keeps_the_places_written() {
    let text = "patient_id,collected_at,test,value,unit\n\
A,2024-01-01,hgb,100.0,g/L\n\
A,2024-01-01,hgb,9.96,g/dL\n\
A,2024-01-01,plt,40,K/uL\n\
B,2024-01-01,anc,500.0,/uL\n";
    let dataset = load_texts(&[("labs.csv", text)]).expect("loads");
    let reasons: Vec<&str> = dataset
        .report()
        .rejected
        .iter()
        .map(|r| r.reason.as_str())
        .collect();
    assert_eq!(
        reasons,
        ["hgb 9.96 conflicts with 10.00 on line 2 for the same draw"]
    );
    let shown = |id, analyte| {
        let patient = dataset.patient(id).expect("patient");
        let draw = dataset.draws(patient).get(0).expect("a draw");
        draw.values.get(analyte).shown_text().unwrap_or_default()
    };
    assert_eq!(shown("A", Analyte::Hgb), "10.00");
    assert_eq!(shown("B", Analyte::Anc), "0.5000");
}

/// A unit written in a column hemotrend does not read as the unit would
/// have its values read in canonical units (8.0 mmol/L as 8.0 g/dL, a
/// second cytopenia): common names are read as the unit column, and other
/// unit columns refuse the file, saying why.
#[test]
fn units_in_a_column_under_another_name_are_read_or_refuse_the_file() {
    let long = "mrn,collected_at,test,value,uom\nA,2024-01-01,hgb,8.0,mmol/L\n";
    let dataset = load_texts(&[("uom.csv", long)]).expect("loads");
    let patient = dataset.patient("A").expect("A");
    let draw = dataset.draws(patient).get(0).expect("a draw");
    assert_eq!(
        draw.values.get(Analyte::Hgb).shown_text().as_deref(),
        Some("13")
    );
    for (text, column) in [
        (
            "mrn,collected_at,test,value,lab_uom\nA,2024-01-01,hgb,8.0,mmol/L\n",
            "lab_uom",
        ),
        (
            "patient_id,collected_at,hgb,hgb_unit,plt\nA,2024-01-01,120,g/L,150\n",
            "hgb_unit",
        ),
        (
            "patient_id,collected_at,hgb,plt,unit\nA,2024-01-01,120,150,g/L\n",
            "unit",
        ),
    ] {
        let error = load_texts(&[("labs.csv", text)]).expect_err(column);
        let message = error.to_string();
        assert!(
            message.starts_with(&format!("labs.csv: line 1: column \"{column}\"")),
            "{message}"
        );
    }
    // A long file whose test column has another name is told what it lacks,
    // not to drop its unit column.
    let unnamed = "patient_id,datetime,test_name,value,unit\nP1,2024-01-01,hgb,8.0,mmol/L\n";
    let message = load_texts(&[("m.csv", unnamed)])
        .expect_err("no test column")
        .to_string();
    assert!(
        message.contains("no analyte columns and no test/value columns"),
        "{message}"
    );
    // A ward's unit says nothing of the results.
    let ward = "mrn,collected_at,test,value,care_unit\nA,2024-01-01,hgb,12,ICU\n";
    assert!(load_texts(&[("ward.csv", ward)]).is_ok());
}
