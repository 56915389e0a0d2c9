//! FHIR results read for what they mean, not only for what they hold: a
//! reference range of another meaning than the lab's normal one; results
//! of one sample that carry different references.

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
    let normal = LabRange::new(d("12"), d("16"));
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
    let normal = LabRange::new(d("12"), d("16"));
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

/// An Observation of patient W at `time`, test `code`, value `value` in
/// `unit`, with `references` (`"specimen":{...},` and the like).
fn result(time: &str, code: &str, value: &str, unit: &str, references: &str) -> String {
    format!(
        r#"{{"resourceType":"Observation","status":"final","code":{{"coding":[{{"system":"http://loinc.org","code":"{code}"}}]}},"subject":{{"reference":"Patient/W"}},{references}"effectiveDateTime":"{time}","valueQuantity":{{"value":{value},"code":"{unit}"}}}}"#
    )
}

/// One CBC of one encounter whose manual differential alone names its
/// slide (`specimen`) is one draw: Hb 8.0, PLT 15 and ANC 0.3 together
/// (severe), never a draw of Hb and PLT and another of the ANC. So is one
/// whose results carry a specimen, an encounter or nothing. Two specimens
/// at one instant stay two samples: a result naming neither cannot be
/// placed, and is a draw apart, warned of at its `specimen`.
#[test]
fn results_of_one_instant_differing_only_in_their_references_are_one_draw() {
    const ENCOUNTER: &str = r#""encounter":{"reference":"Encounter/enc-77"},"#;
    let slide = format!(r#"{ENCOUNTER}"specimen":{{"reference":"Specimen/slide-9"}},"#);
    let (first, second, third) = (
        "2024-02-01T08:00:00Z",
        "2024-02-02T08:00:00Z",
        "2024-02-03T08:00:00Z",
    );
    let lines = [
        result(first, "718-7", "8.0", "g/dL", ENCOUNTER),
        result(first, "777-3", "15", "10*3/uL", ENCOUNTER),
        result(first, "751-8", "0.3", "10*3/uL", &slide),
        result(
            second,
            "718-7",
            "8.1",
            "g/dL",
            r#""specimen":{"reference":"Specimen/s2"},"#,
        ),
        result(second, "777-3", "16", "10*3/uL", ENCOUNTER),
        result(second, "751-8", "0.4", "10*3/uL", ""),
        result(
            third,
            "718-7",
            "8.2",
            "g/dL",
            r#""specimen":{"reference":"Specimen/a"},"#,
        ),
        result(
            third,
            "718-7",
            "9.9",
            "g/dL",
            r#""specimen":{"reference":"Specimen/b"},"#,
        ),
        result(third, "777-3", "17", "10*3/uL", ""),
    ];
    let dataset = load_texts(&[("w.ndjson", &lines.join("\n"))]).unwrap();
    assert!(dataset.report().rejected.is_empty());
    let patient = dataset.patient("W").unwrap();
    let draws = dataset.draws(patient);
    let shown = |draw: usize, analyte| draws.value(draw, analyte).shown_text();
    let row = |draw| [Analyte::Hgb, Analyte::Plt, Analyte::Anc].map(|analyte| shown(draw, analyte));
    let text = |value: &str| Some(value.to_string());
    assert_eq!(draws.len(), 5);
    assert_eq!(row(0), [text("8.0"), text("15"), text("0.3")]);
    assert_eq!(row(1), [text("8.1"), text("16"), text("0.4")]);
    // 03 Feb: specimens a and b, and the platelets of neither.
    let third_day: Vec<_> = (2..5).map(row).collect();
    assert_eq!(
        third_day,
        [
            [text("8.2"), None, None],
            [text("9.9"), None, None],
            [None, text("17"), None],
        ]
    );
    assert_eq!(
        crate::support::lines_columns_and_reasons(&dataset.report().warnings),
        [(
            9,
            Some("specimen"),
            "this result names no specimen, and results of the same patient and instant are \
             of 2 samples it could be of (\"Specimen/a\", \"Specimen/b\"): which it is of is \
             not known, so it is shown as a draw apart, and each draw's severity counts only \
             its own results"
        )]
    );
}

/// One specimen written four ways (`Specimen/S1`, its absolute URL, a
/// `_history` version and the `urn:uuid:` the Bundle's Specimen entry has
/// as its `fullUrl`), and one encounter written two ways, is one sample:
/// WBC 1.0, Hb 8.0, PLT 15 and ANC 0.3 are one draw, whose severity needs
/// all of them, never two draws each showing half a CBC.
#[test]
fn one_specimen_or_encounter_written_two_ways_is_one_draw() {
    let specimen = |reference: &str| format!(r#""specimen":{{"reference":"{reference}"}},"#);
    let encounter = |reference: &str| format!(r#""encounter":{{"reference":"{reference}"}},"#);
    let (first, second) = ("2024-03-01T08:00:00Z", "2024-03-02T08:00:00Z");
    let resources = [
        r#"{"resourceType":"Specimen","id":"S1"}"#.to_string(),
        result(first, "6690-2", "1.0", "10*3/uL", &specimen("Specimen/S1")),
        result(
            first,
            "718-7",
            "8.0",
            "g/dL",
            &specimen("https://server/fhir/Specimen/S1"),
        ),
        result(
            first,
            "777-3",
            "15",
            "10*3/uL",
            &specimen("Specimen/S1/_history/2"),
        ),
        result(first, "751-8", "0.3", "10*3/uL", &specimen("urn:uuid:5e1")),
        result(second, "718-7", "8.1", "g/dL", &encounter("Encounter/E1")),
        result(
            second,
            "777-3",
            "16",
            "10*3/uL",
            &encounter("http://srv/Encounter/E1"),
        ),
    ];
    let entries: Vec<String> = resources
        .iter()
        .enumerate()
        .map(|(n, resource)| {
            let url = if n == 0 {
                "urn:uuid:5e1".to_string()
            } else {
                format!("urn:uuid:o{n}")
            };
            format!(r#"{{"fullUrl":"{url}","resource":{resource}}}"#)
        })
        .collect();
    let bundle = format!(
        r#"{{"resourceType":"Bundle","type":"collection","entry":[{}]}}"#,
        entries.join(",")
    );
    let dataset = load_texts(&[("s.json", &bundle)]).unwrap();
    assert!(dataset.report().rejected.is_empty());
    assert!(dataset.report().warnings.is_empty());
    let patient = dataset.patient("W").unwrap();
    let draws = dataset.draws(patient);
    let analytes = [Analyte::Wbc, Analyte::Hgb, Analyte::Plt, Analyte::Anc];
    let row = |draw| analytes.map(|analyte| draws.value(draw, analyte).shown_text());
    let text = |value: &str| Some(value.to_string());
    assert_eq!(draws.len(), 2);
    assert_eq!(row(0), [text("1.0"), text("8.0"), text("15"), text("0.3")]);
    assert_eq!(row(1), [None, text("8.1"), text("16"), None]);
}

/// A range whose `type` says normal only in words (`"text": "Normal
/// range"`), or with the code `Normal` in another case, is not taken as
/// the lab's (free text may say whose normal range it is), but the
/// warning says why: the type is not read, never that "Normal range" is
/// not the normal range. The value loads, and the default limits apply.
#[test]
fn a_range_typed_normal_in_words_only_is_refused_for_what_it_lacks() {
    let coded = range("12", "16", Some("Normal"));
    let text = hemoglobins(&[
        r#"{"low":{"value":12,"code":"g/dL"},"high":{"value":16,"code":"g/dL"},"type":{"text":"Normal range"}}"#,
        &coded,
        &format!("{coded},{}", range("8", "10", Some("treatment"))),
    ]);
    let dataset = load_texts(&[("o.ndjson", &text)]).unwrap();
    assert!(dataset.report().rejected.is_empty());
    const ONLY: &str = "a range is the lab's normal range only without a type or with FHIR's \
                        referencerange-meaning code \"normal\"";
    const DEFAULT: &str =
        "the limits for the age and sex apply (the adult ones when the age is unknown)";
    let coded_why = "type is coded \"Normal\", not FHIR's referencerange-meaning code \"normal\" \
                     (another system's code, or another case: codes are case-sensitive)";
    assert_eq!(
        crate::support::lines_columns_and_reasons(&dataset.report().warnings),
        [
            (
                1,
                Some("referenceRange.type"),
                format!(
                    "the reference range's type is given as text only (\"Normal range\"), which \
                     hemotrend does not read: {ONLY}: not used; {DEFAULT}"
                )
                .as_str()
            ),
            (
                2,
                Some("referenceRange.type"),
                format!("the reference range's {coded_why}: {ONLY}: not used; {DEFAULT}").as_str()
            ),
            (
                3,
                Some("referenceRange.type"),
                format!(
                    "none of the 2 reference ranges is the lab's normal range (the first one's \
                     {coded_why}: {ONLY}): not used; {DEFAULT}"
                )
                .as_str()
            ),
        ]
    );
    assert_eq!(lab_ranges(&dataset), [None, None, None]);
    let patient = dataset.patient("p").unwrap();
    let draws = dataset.draws(patient);
    for i in 0..3 {
        assert_eq!(
            draws.value(i, Analyte::Hgb).shown_text().as_deref(),
            Some("8.5")
        );
    }
}
