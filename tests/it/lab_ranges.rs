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
    Some(LabRange {
        lower: d(lower),
        upper: d(upper),
    })
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
    let range = |lower, upper| {
        Some(LabRange {
            lower: d(lower),
            upper: d(upper),
        })
    };
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
