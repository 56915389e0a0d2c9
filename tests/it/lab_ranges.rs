//! Reference ranges given with results (`ref_range_lower`/`ref_range_upper`):
//! converted with the row's unit, kept per draw, refused when unusable.

use hemotrend::ingest::load_texts;
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
    let found: Vec<_> = report
        .rejected
        .iter()
        .map(|r| (r.line, r.column.as_deref()))
        .collect();
    assert_eq!(
        found,
        [(5, Some("ref_range_upper"))],
        "{:?}",
        report.rejected
    );
    assert!(report.rejected[0].reason.contains("no upper limit"));
    let patient = &dataset.patients()[0];
    assert_eq!(
        dataset.lab_range(patient, 0, Analyte::Plt),
        range("150", "450")
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
