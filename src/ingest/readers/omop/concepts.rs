//! The OMOP concepts a MEASUREMENT row is read by (clinical.md §5): which
//! test a row is, the units by `unit_concept_id`, and the qualifier of
//! `operator_concept_id`.

use crate::ingest::vocabulary::{TestName, identify_test};
use crate::model::{Analyte, Censor};

/// The standard measurement concepts of clinical.md §5.
const CONCEPTS: &[(&str, Analyte)] = &[
    ("3000905", Analyte::Wbc),
    ("3020416", Analyte::Rbc),
    ("3000963", Analyte::Hgb),
    ("3023314", Analyte::Hct),
    ("3023599", Analyte::Mcv),
    ("3024929", Analyte::Plt),
];

/// Units by `unit_concept_id` (clinical.md §5), as UCUM writes them.
pub(super) const UNITS: &[(&str, &str)] = &[
    ("8848", "10*3/uL"),
    ("8815", "10*6/uL"),
    ("8713", "g/dL"),
    ("8554", "%"),
    ("8583", "fL"),
];

/// The test a row is: the code or name in `measurement_source_value` when
/// hemotrend knows it, else the standard concept in
/// `measurement_concept_id`; `None` for a test outside the CBC (ignored).
pub(super) fn test_of(source_value: &str, concept: &str) -> Option<TestName> {
    match identify_test(source_value) {
        // A LOINC code of another test (a morphology finding, 11273-0)
        // decides: the concept is read only where the source value
        // holds no LOINC code (clinical.md §5).
        TestName::Other if looks_like_loinc(source_value) => None,
        TestName::Other => CONCEPTS
            .iter()
            .find(|(id, _)| *id == concept)
            .map(|&(_, analyte)| TestName::Analyte(analyte)),
        known => Some(known),
    }
}

/// Whether a source value is written as a LOINC code: digits, a hyphen,
/// one check digit (`718-7`, `11273-0`).
fn looks_like_loinc(text: &str) -> bool {
    text.split_once('-').is_some_and(|(number, check)| {
        (1..=7).contains(&number.len())
            && number.bytes().all(|b| b.is_ascii_digit())
            && check.len() == 1
            && check.bytes().all(|b| b.is_ascii_digit())
    })
}

/// `operator_concept_id`: `=`, `<`, `>` (`<=` and `>=` say less, and are refused).
pub(super) fn operator(concept: &str) -> Result<Censor, String> {
    match concept {
        "" | "0" | "4172703" => Ok(Censor::Exact),
        "4171756" => Ok(Censor::Below),
        "4172704" => Ok(Censor::Above),
        other => Err(format!(
            "operator_concept_id {other} is not =, < or > (4172703, 4171756, 4172704)"
        )),
    }
}
