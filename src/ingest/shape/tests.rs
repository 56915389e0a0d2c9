//! The naming heuristics and the unread-columns warnings, on headers.

use super::naming::{named_like_a_count, named_like_a_range};
use super::plan;
use super::unread::{unread_analyte_columns, unread_columns};

/// A name of a count hemotrend reads, but not of another test that
/// names a count's cells: renamed `plt` as the warning advises, a mean
/// platelet volume of 9.1 fL would read as 9.1 x10^9/L platelets.
#[test]
fn only_counts_are_named_like_a_count() {
    for name in [
        "Platelet Count",
        "WBC Count",
        "Absolute Neutrophils",
        "PLT x10^9/L",
        "Hb g/dL",
        // LOINC's long names, as a lab's own code's words give them.
        "Platelets [#/volume] in Blood by Automated count",
        "Hemoglobin [Mass/volume] in Blood",
        "Leukocytes [#/volume] in Blood",
        "Hematocrit [Volume Fraction] of Blood",
        "Neutrophils [#/volume] in Blood",
        "Erythrocyte mean corpuscular volume",
        "MCV Mean Cell Volume",
    ] {
        assert!(named_like_a_count(name), "{name}");
    }
    for name in [
        "Mean Platelet Volume",
        "Platelet mean volume [Entitic volume] in Blood",
        "Platelet large cell ratio",
        "MPV",
        "Immature Platelet Fraction",
        "Platelet function",
        "Nucleated RBC",
        "NRBC",
        "RBC Distribution Width",
        "Leukocytes in Urine",
        "Platelet antibody",
        "Immature granulocytes",
    ] {
        assert!(!named_like_a_count(name), "{name}");
    }
}

/// Range columns under other names than ref_range_lower/upper are named
/// (their limits would be passed over in silence); other columns are not.
#[test]
fn columns_named_like_a_lab_range_are_named() {
    for name in [
        "ref_low",
        "Reference High",
        "normal_max",
        "range lo",
        "REF-UPPER",
        // Written whole, as lab systems export it, in camel case, or as
        // the limits' own names.
        "ref_range",
        "Reference Interval",
        "normal range",
        "plt reference range",
        "refLow",
        "RefRangeHigh",
        "lower_limit",
        "LLN",
        "uln",
    ] {
        assert!(named_like_a_range(name), "{name}");
    }
    for name in [
        "low",
        "reference",
        "upper_gi",
        "hgb",
        "unit",
        "range",
        "limit",
        "Flag",
    ] {
        assert!(!named_like_a_range(name), "{name}");
    }
    let headers: Vec<String> = [
        "patient_id",
        "collected_at",
        "test",
        "value",
        "unit",
        "ref_low",
    ]
    .map(String::from)
    .to_vec();
    let shape = plan(&headers).unwrap();
    let unread = unread_columns(&headers, &shape);
    assert_eq!(unread.len(), 1);
    assert_eq!(unread[0].0, 5);
}

/// Blood counts under names hemotrend does not read are named; other
/// tests and notes about a count are not (HbA1c is no hemoglobin).
#[test]
fn columns_named_like_a_blood_count_and_not_read() {
    let headers: Vec<String> = [
        "patient_id",
        "collected_at",
        "hgb",
        "Thrombocytes",
        "neut_pct",
        "lymph_abs",
        "Platelet count",
        "Hemoglobin A1c",
        "leukocyte_esterase",
        "erythrocyte_sed_rate",
        "platelet_transfusion",
        "plt_flag",
        "hgb_ref_low",
        "ward",
        "alcohol",
        "ancillary",
    ]
    .iter()
    .map(ToString::to_string)
    .collect();
    let shape = crate::ingest::shape::plan(&headers).expect("a wide file");
    let named: Vec<&str> = unread_analyte_columns(&headers, &shape)
        .into_iter()
        .map(|index| headers[index].as_str())
        .collect();
    // `Thrombocytes` is read, as platelets.
    assert_eq!(named, ["neut_pct", "lymph_abs", "Platelet count"]);
}
