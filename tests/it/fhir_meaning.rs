//! FHIR results read for what they mean, not only for what they hold: a
//! reference range of another meaning than the lab's normal one.

use hemotrend::ingest::load_texts;
use hemotrend::model::{Analyte, Dataset, Decimal, LabRange};

fn d(text: &str) -> Decimal {
    Decimal::parse(text).unwrap()
}

/// NDJSON of one hemoglobin Observation a line for patient `p`, each with
/// its own `referenceRange` list and time (08:00 on day `n + 1`).
fn hemoglobins(ranges: &[&str]) -> String {
    ranges
        .iter()
        .enumerate()
        .map(|(n, ranges)| {
            format!(
                r#"{{"resourceType":"Observation","status":"final","code":{{"coding":[{{"system":"http://loinc.org","code":"718-7"}}]}},"subject":{{"reference":"Patient/p"}},"effectiveDateTime":"2024-02-0{}T08:00:00Z","valueQuantity":{{"value":8.5,"code":"g/dL"}},"referenceRange":[{ranges}]}}"#,
                n + 1
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A range `low`-`high` g/dL of meaning `code` (none: no `type`).
fn range(low: &str, high: &str, code: Option<&str>) -> String {
    let meaning = code.map_or(String::new(), |code| {
        format!(
            r#","type":{{"coding":[{{"system":"http://terminology.hl7.org/CodeSystem/referencerange-meaning","code":"{code}"}}]}}"#
        )
    });
    format!(
        r#"{{"low":{{"value":{low},"code":"g/dL"}},"high":{{"value":{high},"code":"g/dL"}}{meaning}}}"#
    )
}

fn lab_ranges(dataset: &Dataset) -> Vec<Option<LabRange>> {
    let patient = dataset.patient("p").unwrap();
    let draws = dataset.draws(patient);
    (0..draws.len())
        .map(|i| draws.lab_range(i, Analyte::Hgb))
        .collect()
}

/// A transfusion target (`treatment`), a therapeutic or a pre-puberty
/// range is not the lab's normal range: Hb 8.5 against 8-10 would read
/// normal and grade 0. It costs the range with a warning naming the
/// element and the type, never the value, and the default limits apply; a
/// range typed `normal`, or of no type, is the lab's.
#[test]
fn a_reference_range_that_is_not_the_normal_one_is_not_the_labs() {
    let text = hemoglobins(&[
        &range("8", "10", Some("treatment")),
        &range("8", "10", Some("pre-puberty")),
        &range("12", "16", Some("normal")),
        &range("12", "16", None),
    ]);
    let dataset = load_texts(&[("o.ndjson", &text)]).unwrap();
    assert!(dataset.report().rejected.is_empty());
    assert_eq!(
        crate::support::lines_columns_and_reasons(&dataset.report().warnings),
        [
            (
                1,
                Some("referenceRange.type"),
                "the reference range is of type \"treatment\", not the lab's normal range: not \
                 used; the limits for the age and sex apply (the adult ones when the age is unknown)"
            ),
            (
                2,
                Some("referenceRange.type"),
                "the reference range is of type \"pre-puberty\", not the lab's normal range: not \
                 used; the limits for the age and sex apply (the adult ones when the age is unknown)"
            ),
        ]
    );
    let normal = LabRange {
        lower: d("12"),
        upper: d("16"),
    };
    assert_eq!(
        lab_ranges(&dataset),
        [None, None, Some(normal), Some(normal)]
    );
    let patient = dataset.patient("p").unwrap();
    let draws = dataset.draws(patient);
    for i in 0..4 {
        assert_eq!(
            draws.value(i, Analyte::Hgb).shown_text().as_deref(),
            Some("8.5")
        );
    }
}

/// Of several ranges, the one normal (or untyped) range is the lab's when
/// every other is a goal of treatment (`treatment`, `therapeutic`,
/// `recommended`); beside a range for a group (`pre-puberty`), or a second
/// normal one, which applies cannot be told; none normal costs the range.
#[test]
fn of_several_reference_ranges_the_normal_one_is_used_only_beside_goals() {
    let text = hemoglobins(&[
        &[range("8", "10", Some("treatment")), range("12", "16", None)].join(","),
        &[
            range("12", "16", Some("normal")),
            range("9", "11", Some("therapeutic")),
            range("7", "9", Some("recommended")),
        ]
        .join(","),
        &[
            range("12", "16", None),
            range("11", "14", Some("pre-puberty")),
        ]
        .join(","),
        &[
            range("8", "10", Some("treatment")),
            range("7", "9", Some("therapeutic")),
        ]
        .join(","),
    ]);
    let dataset = load_texts(&[("o.ndjson", &text)]).unwrap();
    assert!(dataset.report().rejected.is_empty());
    let normal = LabRange {
        lower: d("12"),
        upper: d("16"),
    };
    assert_eq!(
        lab_ranges(&dataset),
        [Some(normal), Some(normal), None, None]
    );
    assert_eq!(
        crate::support::lines_and_columns(&dataset.report().warnings),
        [
            (3, Some("referenceRange")),
            (4, Some("referenceRange.type"))
        ]
    );
    assert!(
        dataset.report().warnings[1]
            .reason
            .starts_with("none of the 2 reference ranges is the lab's normal range (the first is of type \"treatment\")"),
        "{:?}",
        dataset.report().warnings[1]
    );
}
