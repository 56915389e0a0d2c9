//! Reference ranges given with results (`ref_range_lower`/`ref_range_upper`):
//! converted with the row's unit, kept per draw; an unusable one is a
//! warning, and its value loads against the default limits (clinical.md §2).

use hemotrend::ingest::{load, load_texts};
use hemotrend::model::{Analyte, Decimal, LabRange};

const HEADER: &str =
    "patient_id,specimen_id,collected_at,test,value,unit,ref_range_lower,ref_range_upper\n";

fn d(text: &str) -> Decimal {
    Decimal::parse(text).unwrap()
}

fn range(lower: &str, upper: &str) -> Option<LabRange> {
    Some(LabRange::new(d(lower), d(upper)))
}

#[test]
fn a_range_converts_with_its_rows_unit() {
    let text = format!(
        "{HEADER}\
         P,S1,2024-01-01,plt,120000,/uL,150000,450000\n\
         P,S1,2024-01-01,hgb,95,g/L,120,160\n\
         P,S1,2024-01-01,wbc,3.0,K/uL,,\n"
    );
    let dataset = load_texts(&[("r.csv", &text)]).unwrap();
    let patient = dataset.patient("P").unwrap();
    let range = |lower, upper| Some(LabRange::new(d(lower), d(upper)));
    // 150000-450000 /uL = 150-450 x10^9/L; 120-160 g/L = 12-16 g/dL.
    assert_eq!(
        dataset.lab_range(patient, 0, Analyte::Plt),
        range("150", "450")
    );
    assert_eq!(
        dataset.lab_range(patient, 0, Analyte::Hgb),
        range("12", "16")
    );
    assert_eq!(dataset.lab_range(patient, 0, Analyte::Wbc), None);
    assert!(dataset.report().rejected.is_empty());
}

#[test]
fn a_different_range_for_the_same_result_merges_and_the_first_is_kept() {
    // DESIGN.md "Duplicates": one result is one value whatever ranges came
    // with it; the range goes with the value kept (the earlier, as precise).
    let text = format!(
        "{HEADER}\
         P,S1,2024-01-01,plt,120,K/uL,150,450\n\
         P,S1,2024-01-01,plt,120,K/uL,150,450\n\
         P,S1,2024-01-01,plt,120,K/uL,140,400\n\
         P,S1,2024-01-01,hgb,9,g/dL,12,\n"
    );
    let dataset = load_texts(&[("r.csv", &text)]).unwrap();
    let report = dataset.report();
    assert_eq!(report.duplicates_merged, 2);
    assert!(report.rejected.is_empty(), "{:?}", report.rejected);
    // The half range of line 5 costs its range, not its value.
    let found = crate::support::lines_and_columns(&report.warnings);
    assert_eq!(
        found,
        [(5, Some("ref_range_upper"))],
        "{:?}",
        report.warnings
    );
    assert!(report.warnings[0].reason.contains("no upper limit"));
    let patient = &dataset.patients()[0];
    assert_eq!(
        dataset.lab_range(patient, 0, Analyte::Plt),
        range("150", "450")
    );
    assert_eq!(dataset.lab_range(patient, 0, Analyte::Hgb), None);
    let hgb = dataset
        .draws(patient)
        .get(0)
        .unwrap()
        .values
        .get(Analyte::Hgb);
    assert_eq!(hgb.reading().unwrap().amount.to_string(), "9");
}

/// clinical.md §2: a range that cannot be used is a warning naming its
/// cell, the limits for the age and sex apply (the adult ones when the age is unknown), and the value itself always loads; in a
/// MIMIC-IV-shaped file (the quick reader's) as in any long file.
#[test]
fn an_unusable_range_costs_the_range_never_the_value() {
    let mimic = "labevent_id,subject_id,hadm_id,specimen_id,itemid,order_provider_id,\
        charttime,storetime,value,valuenum,valueuom,ref_range_lower,ref_range_upper,flag,priority,comments\n\
        1,10,20,30,51265,,2150-01-01 08:00:00,,206,206,K/uL,450,150,,ROUTINE,\n\
        2,10,20,30,51301,,2150-01-01 08:00:00,,4.1,4.1,K/uL,4,,,ROUTINE,\n\
        3,10,20,30,51222,,2150-01-01 08:00:00,,12.1,12.1,g/dL,,16,,ROUTINE,\n\
        4,10,20,30,51221,,2150-01-01 08:00:00,,36.5,36.5,%,x,48,,ROUTINE,\n\
        5,10,20,30,51279,,2150-01-01 08:00:00,,4.1,4.1,m/uL,4.2,5.4,,ROUTINE,\n";
    let dataset = load_texts(&[("labevents.csv", mimic)]).unwrap();
    let report = dataset.report();
    assert!(report.rejected.is_empty(), "{:?}", report.rejected);
    let found: Vec<_> = report
        .warnings
        .iter()
        .map(|w| (w.line, w.column.as_deref()))
        .collect();
    assert_eq!(
        found,
        [
            (2, Some("ref_range_lower")),
            (3, Some("ref_range_upper")),
            (4, Some("ref_range_lower")),
            (5, Some("ref_range_lower")),
        ],
        "{:?}",
        report.warnings
    );
    assert!(
        report.warnings.iter().all(|w| w.reason.ends_with(
            "; the limits for the age and sex apply (the adult ones when the age is unknown)"
        )),
        "{:?}",
        report.warnings
    );
    assert!(report.warnings[0].reason.contains("450-150"));
    let patient = dataset.patient("10").unwrap();
    let draws = dataset.draws(patient);
    assert_eq!(draws.len(), 1);
    let values = draws.get(0).unwrap().values;
    for (analyte, expected) in [
        (Analyte::Plt, "206"),
        (Analyte::Wbc, "4.1"),
        (Analyte::Hgb, "12.1"),
        (Analyte::Hct, "36.5"),
        (Analyte::Rbc, "4.1"),
    ] {
        let amount = values.get(analyte).reading().unwrap().amount;
        assert_eq!(amount.to_string(), expected, "{analyte:?}");
    }
    for analyte in [Analyte::Plt, Analyte::Wbc, Analyte::Hgb, Analyte::Hct] {
        assert_eq!(dataset.lab_range(patient, 0, analyte), None, "{analyte:?}");
    }
    assert_eq!(
        dataset.lab_range(patient, 0, Analyte::Rbc),
        range("4.2", "5.4")
    );
}

/// The same for an OMOP CDM measurement's `range_low`/`range_high`.
#[test]
fn an_unusable_omop_range_costs_the_range_never_the_value() {
    let folder = tempfile::tempdir().unwrap();
    let header = "measurement_id,person_id,measurement_concept_id,measurement_date,\
        measurement_datetime,operator_concept_id,value_as_number,unit_concept_id,range_low,\
        range_high,measurement_source_value,unit_source_value\n";
    let rows = "1,101,3024929,2023-05-02,2023-05-02 08:15:00,4172703,18,8848,400,150,777-3,10*3/uL\n\
        2,101,3000963,2023-05-02,2023-05-02 08:15:00,,8.4,8713,12,16,718-7,g/dL\n";
    std::fs::write(
        folder.path().join("MEASUREMENT.csv"),
        format!("{header}{rows}"),
    )
    .unwrap();
    let dataset = load(&[folder.path().to_path_buf()]).unwrap();
    let report = dataset.report();
    assert!(report.rejected.is_empty(), "{:?}", report.rejected);
    let warned: Vec<_> = report
        .warnings
        .iter()
        .filter(|w| {
            w.reason.ends_with(
                "; the limits for the age and sex apply (the adult ones when the age is unknown)",
            )
        })
        .map(|w| (w.line, w.column.as_deref()))
        .collect();
    assert_eq!(warned, [(2, Some("range_low"))], "{:?}", report.warnings);
    let patient = dataset.patient("101").unwrap();
    let values = dataset.draws(patient).get(0).unwrap().values;
    assert_eq!(
        values
            .get(Analyte::Plt)
            .reading()
            .unwrap()
            .amount
            .to_string(),
        "18"
    );
    assert_eq!(dataset.lab_range(patient, 0, Analyte::Plt), None);
    assert_eq!(
        dataset.lab_range(patient, 0, Analyte::Hgb),
        range("12", "16")
    );
}

#[test]
fn a_more_precise_agreeing_value_is_kept_with_its_range() {
    let text = format!(
        "{HEADER}\
         P,S1,2024-01-01,alc,1.15,K/uL,,\n\
         P,S1,2024-01-01,alc,1148,/uL,1000,4800\n\
         P,S1,2024-01-01,wbc,0.89,K/uL,,\n\
         P,S1,2024-01-01,wbc,903,/uL,,\n"
    );
    let dataset = load_texts(&[("r.csv", &text)]).unwrap();
    let report = dataset.report();
    assert_eq!(report.rejected.len(), 1, "{:?}", report.rejected);
    assert_eq!(report.rejected[0].line, 5);
    assert!(
        report.rejected[0]
            .reason
            .contains("wbc 0.903 conflicts with 0.89 on line 4"),
        "{:?}",
        report.rejected
    );
    let patient = &dataset.patients()[0];
    let draws = dataset.draws(patient);
    assert_eq!(draws.len(), 1);
    assert_eq!(
        draws
            .get(0)
            .unwrap()
            .values
            .get(Analyte::Alc)
            .reading()
            .unwrap()
            .amount
            .to_string(),
        "1.148"
    );
    assert_eq!(
        dataset.lab_range(patient, 0, Analyte::Alc),
        range("1", "4.8")
    );
}

#[test]
fn range_columns_must_come_in_pairs_and_only_in_long_files() {
    let half =
        "patient_id,collected_at,test,value,unit,ref_range_lower\nP,2024-01-01,plt,1,K/uL,1\n";
    let error = load_texts(&[("half.csv", half)]).unwrap_err();
    assert!(error.to_string().contains("needs its partner"), "{error}");
    let wide =
        "patient_id,collected_at,plt,ref_range_lower,ref_range_upper\nP,2024-01-01,100,150,450\n";
    let error = load_texts(&[("wide.csv", wide)]).unwrap_err();
    assert!(
        error.to_string().contains("a wide file cannot say"),
        "{error}"
    );
}

/// A lab's limits are shown as it wrote them: `4.0–11.0`, `1.5–7.0`, never
/// `4–11`, in a CSV, an HL7 message and a FHIR Observation alike; moved
/// with the point by a power of ten (120.0 g/L is `12.00` g/dL); a
/// product of any other factor (hemoglobin in mmol/L x 1.6114) to the
/// significant digits the lab wrote, as a converted value is: 7.45-9.93
/// mmol/L is `12.0–16.0`, never `12.00493–16.001202`.
#[test]
fn a_labs_limits_are_shown_with_the_places_it_wrote() {
    use hemotrend::clinical::{Thresholds, range_in_use};
    use hemotrend::model::Sex;
    use hemotrend::report::words::range_text;
    let csv = format!(
        "{HEADER}\
         P,S1,2024-01-01,wbc,3.0,10^9/L,4.0,11.0\n\
         P,S1,2024-01-01,hgb,95,g/L,120.0,160\n\
         P,S1,2024-01-01,plt,140,10^9/L,150,450\n"
    );
    let hl7 = "MSH|^~\\&|LAB|H|EHR|H|20240101||ORU^R01|1|P|2.5.1\r\
               PID|1||Q^^^H^MR\r\
               OBR|1|||58410-2^CBC^LN|||20240101080000\r\
               OBX|1|NM|751-8^Neutrophils^LN||1.2|10*3/uL|1.5-7.0|L|||F\r\
               OBX|2|NM|718-7^Hemoglobin^LN||8.0|mmol/L|7.4-10.0||||F\r";
    let fhir = r#"{"resourceType":"Observation","id":"o1","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"777-3"}]},"subject":{"reference":"Patient/F"},"effectiveDateTime":"2024-01-01T08:00:00Z","valueQuantity":{"value":120,"unit":"10*3/uL","system":"http://unitsofmeasure.org","code":"10*3/uL"},"referenceRange":[{"low":{"value":150.0,"unit":"10*3/uL","system":"http://unitsofmeasure.org","code":"10*3/uL"},"high":{"value":400,"unit":"10*3/uL","system":"http://unitsofmeasure.org","code":"10*3/uL"}}]}"#;
    let mmol = format!("{HEADER}M,S1,2024-01-01,hgb,7.0,mmol/L,7.45,9.93\n");
    let fhir_mmol = r#"{"resourceType":"Observation","id":"o2","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"718-7"}]},"subject":{"reference":"Patient/G"},"effectiveDateTime":"2024-01-01T08:00:00Z","valueQuantity":{"value":8.5,"unit":"mmol/L","system":"http://unitsofmeasure.org","code":"mmol/L"},"referenceRange":[{"low":{"value":7.45,"unit":"mmol/L","system":"http://unitsofmeasure.org","code":"mmol/L"},"high":{"value":9.9,"unit":"mmol/L","system":"http://unitsofmeasure.org","code":"mmol/L"}}]}"#;
    let dataset = load_texts(&[
        ("r.csv", &csv),
        ("m.hl7", hl7),
        ("o.json", fhir),
        ("m.csv", &mmol),
        ("g.json", fhir_mmol),
    ])
    .unwrap();
    assert!(
        dataset.report().rejected.is_empty(),
        "{:?}",
        dataset.report().rejected
    );
    let shown = |id: &str, analyte| {
        let patient = dataset.patient(id).unwrap();
        let lab = dataset.lab_range(patient, 0, analyte);
        range_text(range_in_use(
            analyte,
            Sex::Unknown,
            None,
            lab,
            &Thresholds::default(),
        ))
    };
    assert_eq!(shown("P", Analyte::Wbc), "lab 4.0–11.0");
    assert_eq!(shown("P", Analyte::Hgb), "lab 12.00–16");
    assert_eq!(shown("P", Analyte::Plt), "lab 150–450");
    assert_eq!(shown("Q", Analyte::Anc), "lab 1.5–7.0");
    assert_eq!(shown("F", Analyte::Plt), "lab 150.0–400");
    assert_eq!(shown("M", Analyte::Hgb), "lab 12.0–16.0");
    // 7.4-10.0 mmol/L: 11.92436 and 16.114 g/dL, to 2 and 3 digits.
    assert_eq!(shown("Q", Analyte::Hgb), "lab 12–16.1");
    assert_eq!(shown("G", Analyte::Hgb), "lab 12.0–16");
}

/// The HTML report of every patient of `dataset`, with the defaults.
fn report_of(dataset: &hemotrend::model::Dataset) -> String {
    hemotrend::report::html::html_string(
        dataset,
        &hemotrend::clinical::Config::default(),
        None,
        &hemotrend::report::html::ReportStamp { generated: None },
    )
}

/// A range converted from mmol/L is shown to the digits the lab wrote,
/// except beside a value its rounding would contradict: 7.449 mmol/L
/// (12.0033 g/dL, `12.00 L`) is below the limit 7.45 mmol/L (12.00493), so
/// the screen and the report show that limit as `12.005`, never `12.0`.
#[test]
fn a_converted_range_is_shown_apart_from_the_value_beside_it() {
    use hemotrend::tui::Action;
    let text = format!(
        "{HEADER}M,S1,2024-01-01,hgb,7.0,mmol/L,7.45,9.93\n\
         M,S2,2024-01-05,hgb,7.449,mmol/L,7.45,9.93\n"
    );
    let dataset = load_texts(&[("m.csv", &text)]).unwrap();
    let html = report_of(&dataset);
    // The latest draw's range, in the table's legend and the chart's title.
    assert!(html.contains("Hb lab 12.005–16.0"), "{html}");
    assert!(html.contains("Hemoglobin g/dL · lab 12.005–16.0"), "{html}");
    // The read-outs name the same limit as the range does.
    assert!(html.contains("below 12.005 since 2024-01-01"), "{html}");
    assert!(!html.contains("12.00493"), "{html}");
    let mut app = crate::support::app_of(dataset, 100, 30);
    // The latest draw: 12.00 L beside 12.005.
    app.update(Action::CursorLast);
    let screen = crate::support::text(&app, 100, 30);
    assert!(screen.contains("Hb 12.00 L (lab 12.005–16.0)"), "{screen}");
    // The first: 11 L (7.0 mmol/L, two digits) beside the lab's 12.0.
    app.update(Action::CursorFirst);
    let screen = crate::support::text(&app, 100, 30);
    assert!(screen.contains("Hb 11 L (lab 12.0–16.0)"), "{screen}");
    // The read-outs of the whole course: the latest value, 12.00, is below
    // the limit shown apart from it.
    app.update(Action::ShowInsight);
    let screen = crate::support::text(&app, 100, 30);
    assert!(screen.contains("below 12.005 since 2024-01-01"), "{screen}");
}

/// The read-outs name a lab's limit as the lab wrote it, as its range
/// does: `below 4.0`, never `below 4` beside `lab 4.0–11.0`.
#[test]
fn the_read_outs_name_a_labs_limit_as_written() {
    let text = format!(
        "{HEADER}P,S1,2024-01-01,wbc,3.0,10^9/L,4.0,11.0\n\
         P,S2,2024-01-03,wbc,2.5,10^9/L,4.0,11.0\n"
    );
    let dataset = load_texts(&[("r.csv", &text)]).unwrap();
    let html = report_of(&dataset);
    assert!(html.contains("WBC lab 4.0–11.0"), "{html}");
    assert!(html.contains("below 4.0 since 2024-01-01"), "{html}");
}
