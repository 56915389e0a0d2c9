//! FHIR R4 as servers and the specification write it: single resources,
//! nested Bundles, NDJSON, reports that lend their Observations a subject
//! and time, panels, references by fullUrl and to contained resources,
//! statuses, dataAbsentReason, US Core sex, unusable ranges; and the
//! specification's own examples when ../shared/real-data is present.

use std::path::Path;

use hemotrend::ingest::{load, load_texts};
use hemotrend::model::{Analyte, Dataset, Decimal, LabRange, Reading, Sex};

fn d(text: &str) -> Decimal {
    Decimal::parse(text).unwrap()
}

fn value(dataset: &Dataset, patient: &str, analyte: Analyte) -> Option<Reading> {
    let patient = dataset.patient(patient).unwrap();
    dataset
        .draws(patient)
        .get(0)
        .unwrap()
        .values
        .reading(analyte)
}

fn obs(id: &str, code: &str, value: &str, unit: &str, extra: &str) -> String {
    format!(
        r#"{{"resourceType":"Observation","id":"{id}","status":"final",
"code":{{"coding":[{{"system":"http://loinc.org","code":"{code}"}}]}},
"valueQuantity":{{"value":{value},"code":"{unit}"}}{extra}}}"#
    )
}

#[test]
fn a_report_lends_subject_and_time_through_nested_bundles_and_panels() {
    let text = format!(
        r#"{{"resourceType":"Bundle","type":"searchset","entry":[
{{"resource":{{"resourceType":"Bundle","type":"collection","entry":[
 {{"fullUrl":"urn:uuid:rep","resource":{{"resourceType":"DiagnosticReport","status":"final",
   "subject":{{"reference":"urn:uuid:pat"}},"effectivePeriod":{{"start":"2024-05-01T08:00:00Z"}},
   "result":[{{"reference":"urn:uuid:o1"}},{{"reference":"Observation/panel"}}]}}}},
 {{"fullUrl":"urn:uuid:o1","resource":{}}},
 {{"resource":{{"resourceType":"Observation","id":"panel","status":"final",
   "code":{{"coding":[{{"system":"http://loinc.org","code":"58410-2"}}]}},
   "hasMember":[{{"reference":"Observation/o2"}}]}}}},
 {{"resource":{}}},
 {{"fullUrl":"urn:uuid:pat","resource":{{"resourceType":"Patient","gender":"unknown",
   "name":[{{"use":"old","family":"Before"}},{{"use":"official","family":"After","given":["Jo"]}}]}}}}
]}}}}]}}"#,
        obs("o1", "777-3", "15", "10*3/uL", ""),
        obs("o2", "718-7", "8.5", "g/dL", ""),
    );
    let dataset = load_texts(&[("n.json", &text)]).unwrap();
    assert!(
        dataset.report().rejected.is_empty(),
        "{:?}",
        dataset.report().rejected
    );
    let patient = dataset
        .patient("pat")
        .expect("the Patient linked by fullUrl");
    assert_eq!(patient.name.as_deref(), Some("After, Jo"));
    assert_eq!(patient.sex, Sex::Unknown);
    let draws = dataset.draws(patient);
    assert_eq!(draws.len(), 1);
    assert_eq!(
        draws.get(0).unwrap().time.to_string(),
        "2024-05-01T08:00:00Z"
    );
    assert_eq!(
        value(&dataset, "pat", Analyte::Plt),
        Some(Reading::exact(d("15")))
    );
    assert_eq!(
        value(&dataset, "pat", Analyte::Hgb),
        Some(Reading::exact(d("8.5")))
    );
}

#[test]
fn ndjson_files_side_by_side_contained_patients_statuses_and_absent_values() {
    let patients = r#"{"resourceType":"Patient","id":"p","extension":[{"url":"http://hl7.org/fhir/us/core/StructureDefinition/us-core-birthsex","valueCode":"F"}],"name":[{"family":"Nd"}]}"#;
    let line = |id: &str, code: &str, value: &str, extra: &str| {
        obs(id, code, value, "10*3/uL", extra).replace('\n', "")
    };
    let observations = [
        line("a", "777-3", "30", r#","subject":{"reference":"Patient/p"},"effectiveInstant":"2024-01-01T00:00:00Z""#),
        line("b", "6690-2", "3", r#","subject":{"reference":"Patient/p"},"effectiveDateTime":"2024-01-01T00:00:00Z","referenceRange":[{"low":{"value":11,"code":"10*3/uL"},"high":{"value":4,"code":"10*3/uL"}}]"#),
        line("c", "751-8", "1", r#","subject":{"reference":"Patient/p"},"effectiveDateTime":"2024-01-01T00:00:00Z""#).replace("\"final\"", "\"entered-in-error \""),
        r#"{"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"718-7"}]},"subject":{"reference":"Patient/p"},"effectiveDateTime":"2024-02-01","dataAbsentReason":{"text":"clotted"}}"#.to_string(),
        line("e", "731-0", "1.5", r##","contained":[{"resourceType":"Patient","id":"in","gender":"male"}],"subject":{"reference":"#in"},"effectiveDateTime":"2024-01-01""##),
    ]
    .join("\n");
    let dataset = load_texts(&[
        ("Observation.ndjson", &observations),
        ("Patient.ndjson", patients),
    ])
    .unwrap();
    let report = dataset.report();
    let rejected: Vec<_> = report
        .rejected
        .iter()
        .map(|r| (r.line, r.column.clone()))
        .collect();
    assert_eq!(
        rejected,
        [(3, Some("status".to_string()))],
        "entered-in-error, trimmed"
    );
    let warned: Vec<_> = report
        .warnings
        .iter()
        .map(|w| (w.line, w.column.clone()))
        .collect();
    assert_eq!(warned, [(2, Some("referenceRange".to_string()))]);
    let p = dataset.patient("p").unwrap();
    assert_eq!(p.sex, Sex::Female, "US Core birth sex");
    assert_eq!(p.name.as_deref(), Some("Nd"));
    assert_eq!(dataset.draws(p).len(), 1, "dataAbsentReason makes no draw");
    // ... and is counted a row with no value, never loaded.
    assert_eq!(report.without_value, 1);
    assert_eq!(
        value(&dataset, "p", Analyte::Wbc),
        Some(Reading::exact(d("3")))
    );
    assert_eq!(
        dataset.draws(p).lab_range(0, Analyte::Wbc),
        None::<LabRange>
    );
    // Named by its container: a contained id is local to it.
    let contained = dataset.patient("e#in").expect("the contained Patient");
    assert_eq!(contained.sex, Sex::Male);
}

fn shared(path: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/real-data")
        .join(path)
}

#[test]
#[ignore = "needs ../shared/real-data"]
fn the_specification_cbc_report() {
    let dataset = load(&[shared("fhir-r4-spec/diagnosticreport-example.json")]).unwrap();
    assert!(dataset.report().rejected.is_empty());
    let patient = dataset.patient("pat2").unwrap();
    let draws = dataset.draws(patient);
    assert_eq!(draws.len(), 1);
    assert_eq!(
        draws.get(0).unwrap().time.to_string(),
        "2011-03-04T08:30:00+11:00"
    );
    for (analyte, expected) in [
        (Analyte::Hgb, "17.6"),
        (Analyte::Rbc, "5.9"),
        (Analyte::Hct, "55"),
        (Analyte::Mcv, "99"),
        (Analyte::Plt, "444"),
        (Analyte::Wbc, "4.6"),
        (Analyte::Anc, "0.9"),
        (Analyte::Alc, "0.9"),
    ] {
        let reading = value(&dataset, "pat2", analyte).unwrap();
        assert_eq!(reading.amount, d(expected), "{analyte}");
        assert!(!reading.derived, "{analyte} measured, not derived");
    }
    assert_eq!(
        draws.lab_range(0, Analyte::Hgb),
        Some(LabRange::new(d("13.5"), d("18"))),
        "the report's own range"
    );
}

#[test]
#[ignore = "needs ../shared/real-data"]
fn the_specification_examples_load() {
    for name in [
        "observation-example-f004-erythrocyte.json",
        "observation-example-f005-hemoglobin.json",
    ] {
        let dataset = load(&[shared(&format!("fhir-r4-spec/{name}"))]).unwrap();
        let patient = dataset.patient("f001").expect(name);
        assert_eq!(
            dataset.draws(patient).len(),
            1,
            "{name}: effectivePeriod.start"
        );
    }
    let transaction = load(&[shared("fhir-r4-spec/bundle-transaction.json")]).unwrap();
    assert!(
        transaction.report().rejected.is_empty(),
        "Patients linked by fullUrl"
    );
    let nested = load(&[shared(
        "fhir-r4-spec/diagnosticreport-examples-general.json",
    )])
    .unwrap();
    assert!(
        nested.report().rows_read > 100,
        "the Bundle of Bundles is read"
    );
    let ndjson = load(&[shared("synthea-ndjson")]).unwrap();
    assert!(!ndjson.patients().is_empty());
    for patient in ndjson.patients() {
        assert!(patient.name.is_some(), "{}", patient.id);
        assert_ne!(patient.sex, Sex::Unknown, "{}", patient.id);
    }
}

/// A contained resource's id is local to the resource that contains it:
/// two Observations each containing a Patient `pat` are two people, never
/// one trend falling from 250 to 12.
#[test]
fn contained_patients_of_two_observations_are_two_patients() {
    let contained = |id: &str, value: &str, day: &str, name: &str| {
        obs(
            id,
            "777-3",
            value,
            "10*3/uL",
            &format!(
                r##","contained":[{{"resourceType":"Patient","id":"pat","name":[{{"family":"{name}"}}]}}],
"subject":{{"reference":"#pat"}},"effectiveDateTime":"2024-01-{day}T08:00:00Z""##
            ),
        )
        .replace('\n', "")
    };
    let text = format!(
        "{}\n{}\n",
        contained("x1", "250", "01", "Alpha"),
        contained("x2", "12", "02", "Beta")
    );
    let dataset = load_texts(&[("c.ndjson", &text)]).unwrap();
    assert!(
        dataset.report().rejected.is_empty(),
        "{:?}",
        dataset.report().rejected
    );
    let ids: Vec<&str> = dataset.patients().iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["x1#pat", "x2#pat"]);
    assert_eq!(
        value(&dataset, "x2#pat", Analyte::Plt),
        Some(Reading::exact(d("12")))
    );
    let beta = dataset.patient("x2#pat").unwrap();
    assert_eq!(beta.name.as_deref(), Some("Beta"));
}

/// A birth date that cannot be used (a year and month, valid FHIR) is
/// refused alone: the Patient's name and sex still load, so a woman's
/// hemoglobin is read against the women's limit.
#[test]
fn a_partial_birth_date_costs_only_the_birth_date() {
    let text = format!(
        "{}\n{}\n",
        r#"{"resourceType":"Patient","id":"A","gender":"female","birthDate":"1980-05","name":[{"family":"Smith","given":["Ann"]}]}"#,
        obs(
            "o1",
            "718-7",
            "12.5",
            "g/dL",
            r#","subject":{"reference":"Patient/A"},"effectiveDateTime":"2024-01-01T08:00:00Z""#
        )
        .replace('\n', "")
    );
    let dataset = load_texts(&[("p.ndjson", &text)]).unwrap();
    let report = dataset.report();
    assert_eq!(report.rejected.len(), 1, "{:?}", report.rejected);
    assert_eq!(report.rejected[0].column.as_deref(), Some("birthDate"));
    assert!(
        report.rejected[0].reason.contains("gives no day"),
        "{:?}",
        report.rejected
    );
    assert_eq!(report.cells_rejected, 1);
    let patient = dataset.patient("A").unwrap();
    assert_eq!(patient.sex, Sex::Female);
    assert_eq!(patient.name.as_deref(), Some("Smith, Ann"));
    assert_eq!(patient.birth_date, None);
}

/// One entry that is no entry (`null`) costs that entry alone, named by
/// its path; the Bundle's other Observations load.
#[test]
fn a_null_entry_costs_only_itself() {
    let text = format!(
        r#"{{"resourceType":"Bundle","type":"collection","entry":[
{{"resource":{}}},
null
]}}"#,
        obs(
            "o1",
            "777-3",
            "77",
            "10*3/uL",
            r#","subject":{"reference":"Patient/A"},"effectiveDateTime":"2024-01-01T08:00:00Z""#
        )
    );
    let dataset = load_texts(&[("b.json", &text)]).expect("the Bundle loads");
    let report = dataset.report();
    assert_eq!(report.rejected.len(), 1, "{:?}", report.rejected);
    assert_eq!(report.rejected[0].column.as_deref(), Some("entry[1]"));
    assert!(report.rejected[0].reason.contains("not a Bundle entry"));
    assert_eq!(
        value(&dataset, "A", Analyte::Plt),
        Some(Reading::exact(d("77")))
    );
}

/// An NDJSON line without a resourceType, or with `observation` for
/// `Observation`, is named, never passed over unseen.
#[test]
fn a_resource_without_its_type_is_named() {
    let line = |kind: &str| {
        obs(
            "o",
            "777-3",
            "12",
            "10*3/uL",
            r#","subject":{"reference":"Patient/A"},"effectiveDateTime":"2024-01-01T08:00:00Z""#,
        )
        .replace('\n', "")
        .replace(r#""resourceType":"Observation","#, kind)
    };
    let text = format!(
        "{}\n{}\n{}\n",
        line(r#""resourceType":"observation","#),
        line(""),
        line(r#""resourceType":" Observation","#)
    );
    let dataset = load_texts(&[("r.ndjson", &text)]).expect("loads");
    let reasons: Vec<(u64, &str)> = dataset
        .report()
        .rejected
        .iter()
        .map(|r| (r.line, r.reason.as_str()))
        .collect();
    assert_eq!(reasons.len(), 3, "{reasons:?}");
    assert_eq!(reasons[0].0, 1);
    assert!(
        reasons[0].1.contains(r#"FHIR writes "Observation""#),
        "{reasons:?}"
    );
    assert_eq!(reasons[1].0, 2);
    assert!(reasons[1].1.contains("no \"resourceType\""), "{reasons:?}");
    assert_eq!(reasons[2].0, 3);
    assert!(reasons[2].1.contains("spaces around it"), "{reasons:?}");
}

/// A subject whose id holds a control character is refused, as in CSV.
#[test]
fn a_subject_id_with_a_control_character_is_refused() {
    let text = obs(
        "o1",
        "777-3",
        "77",
        "10*3/uL",
        r#","subject":{"reference":"Patient/a\u0001b"},"effectiveDateTime":"2024-01-01T08:00:00Z""#,
    )
    .replace('\n', "");
    let dataset = load_texts(&[("c.ndjson", &format!("{text}\n"))]).expect("loads");
    assert!(dataset.patients().is_empty());
    let rejected = &dataset.report().rejected;
    assert_eq!(rejected.len(), 1, "{rejected:?}");
    assert_eq!(rejected[0].column.as_deref(), Some("subject"));
    assert!(
        rejected[0]
            .reason
            .contains("holds control or invisible characters"),
        "{rejected:?}"
    );
}

/// CBC results held in an Observation's `component` are not read, and
/// say so: never counted "not part of a CBC".
#[test]
fn cbc_results_in_components_are_named_not_ignored() {
    let text = r#"{"resourceType":"Observation","id":"p","status":"final",
"code":{"coding":[{"system":"http://loinc.org","code":"58410-2"}]},
"subject":{"reference":"Patient/A"},"effectiveDateTime":"2024-01-01T08:00:00Z",
"component":[{"code":{"coding":[{"system":"http://loinc.org","code":"777-3"}]},"valueQuantity":{"value":77,"code":"10*3/uL"}},
{"code":{"coding":[{"system":"http://loinc.org","code":"6690-2"}]},"valueQuantity":{"value":2.2,"code":"10*3/uL"}}]}"#;
    let dataset = load_texts(&[("c.json", text)]).expect("loads");
    let report = dataset.report();
    assert_eq!(report.ignored, 0);
    assert_eq!(report.rejected.len(), 1, "{:?}", report.rejected);
    assert_eq!(report.rejected[0].column.as_deref(), Some("component[0]"));
    assert!(
        report.rejected[0]
            .reason
            .starts_with("2 CBC results inside")
    );
    // The patient's, for their own report.
    assert_eq!(report.rejected[0].patient.as_deref(), Some("A"));
}

/// An Observation with its own value and CBC results in `component`: its
/// value loads, and the components are refused by name as cells, never
/// dropped unsaid (a hemoglobin of 9 there would meet Hb < 10).
#[test]
fn components_beside_a_value_are_named_not_dropped() {
    let text = r#"{"resourceType":"Observation","id":"o1","status":"final",
"code":{"coding":[{"system":"http://loinc.org","code":"777-3"}]},
"subject":{"reference":"Patient/A"},"effectiveDateTime":"2024-01-01T08:00:00Z",
"valueQuantity":{"value":100,"code":"10*3/uL"},
"component":[{"code":{"coding":[{"system":"http://loinc.org","code":"718-7"}]},"valueQuantity":{"value":9,"code":"g/dL"}}]}"#;
    let dataset = load_texts(&[("c.json", text)]).expect("loads");
    assert_eq!(
        value(&dataset, "A", Analyte::Plt),
        Some(Reading::exact(d("100")))
    );
    let report = dataset.report();
    assert_eq!(report.rejected.len(), 1, "{:?}", report.rejected);
    assert_eq!(report.rejected[0].column.as_deref(), Some("component[0]"));
    assert!(report.rejected[0].reason.starts_with("1 CBC result inside"));
    assert_eq!(report.cells_rejected, 1, "a cell: the value loaded");
}

/// Components are named whatever becomes of the Observation's own value:
/// not measured (`dataAbsentReason`) or refused (a unit that does not fit).
#[test]
fn components_are_named_when_the_value_is_absent_or_refused() {
    let component = r#""component":[{"code":{"coding":[{"system":"http://loinc.org","code":"718-7"}]},"valueQuantity":{"value":9,"code":"g/dL"}}]"#;
    for own in [
        r#""dataAbsentReason":{"text":"not done"}"#,
        r#""valueQuantity":{"value":100,"code":"g/dL"}"#,
    ] {
        let text = format!(
            r#"{{"resourceType":"Observation","id":"o1","status":"final",
"code":{{"coding":[{{"system":"http://loinc.org","code":"777-3"}}]}},
"subject":{{"reference":"Patient/A"}},"effectiveDateTime":"2024-01-01T08:00:00Z",
{own},{component}}}"#
        );
        let dataset = load_texts(&[("c.json", &text)]).expect("loads");
        let named: Vec<_> = dataset
            .report()
            .rejected
            .iter()
            .filter(|r| r.column.as_deref() == Some("component[0]"))
            .map(|r| r.reason.as_str())
            .collect();
        assert_eq!(named.len(), 1, "{own}: {:?}", dataset.report().rejected);
        assert!(named[0].starts_with("1 CBC result inside"), "{own}");
    }
}

/// A version of an Observation marked `entered-in-error` (a history
/// Bundle, or a later export) retracts the result of its id, whichever
/// comes first: the value is not loaded, and a warning at the retraction
/// names it. Another Observation's result stays.
#[test]
fn an_observation_entered_in_error_retracts_its_result() {
    let observation = |id: &str, status: &str, value: &str| {
        format!(
            r#"{{"resourceType":"Observation","id":"{id}","status":"{status}","code":{{"coding":[{{"system":"http://loinc.org","code":"777-3"}}]}},"subject":{{"reference":"Patient/h2"}},"effectiveDateTime":"2024-03-01T08:00:00Z","valueQuantity":{{"value":{value},"code":"10*3/uL"}}}}"#
        )
    };
    let other = r#"{"resourceType":"Observation","id":"o9","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"718-7"}]},"subject":{"reference":"Patient/h2"},"effectiveDateTime":"2024-03-01T08:00:00Z","valueQuantity":{"value":9,"code":"g/dL"}}"#;
    for (first, second) in [
        (
            observation("o1", "final", "45"),
            observation("o1", "entered-in-error", "45"),
        ),
        (
            observation("o1", "entered-in-error", "45"),
            observation("o1", "final", "45"),
        ),
    ] {
        let text = format!("{first}\n{second}\n{other}\n");
        let dataset = load_texts(&[("o.ndjson", &text)]).unwrap();
        assert_eq!(value(&dataset, "h2", Analyte::Plt), None, "{text}");
        assert_eq!(
            value(&dataset, "h2", Analyte::Hgb),
            Some(Reading::exact(d("9")))
        );
        let warned: Vec<_> = crate::support::reasons(&dataset.report().warnings);
        assert_eq!(warned.len(), 1, "{warned:?}");
        assert!(
            warned[0].starts_with(
                "entered-in-error: Observation \"o1\" retracts its plt result 45 on line"
            ),
            "{warned:?}"
        );
    }
}

/// A version known to come after the one marked entered-in-error (by
/// `meta.versionId`, else `meta.lastUpdated`) stands, as a history Bundle
/// lists the current version with the older ones; an older one is
/// retracted, and so is one whose order neither tells.
#[test]
fn a_version_after_the_one_entered_in_error_stands() {
    let observation = |status: &str, value: &str, meta: &str| {
        format!(
            r#"{{"resourceType":"Observation","id":"o1","meta":{{{meta}}},"status":"{status}","code":{{"coding":[{{"system":"http://loinc.org","code":"777-3"}}]}},"subject":{{"reference":"Patient/h2"}},"effectiveDateTime":"2024-03-01T08:00:00Z","valueQuantity":{{"value":{value},"code":"10*3/uL"}}}}"#
        )
    };
    let error = |meta: &str| observation("entered-in-error", "45", meta);
    let other = r#"{"resourceType":"Observation","id":"o9","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"718-7"}]},"subject":{"reference":"Patient/h2"},"effectiveDateTime":"2024-03-01T08:00:00Z","valueQuantity":{"value":9,"code":"g/dL"}}"#;
    for (lines, kept, retracted) in [
        // A history Bundle's order: the newest first.
        (
            [
                observation("final", "150", r#""versionId":"3""#),
                error(r#""versionId":"2""#),
                observation("final", "45", r#""versionId":"1""#),
            ],
            Some("150"),
            "45",
        ),
        (
            [
                observation("final", "45", r#""lastUpdated":"2024-03-01T09:00:00Z""#),
                error(r#""lastUpdated":"2024-03-02T09:00:00.250+00:00""#),
                observation("final", "150", r#""lastUpdated":"2024-03-03T09:00:00Z""#),
            ],
            Some("150"),
            "45",
        ),
        // Neither tells: retracted (a hemoglobin keeps the patient).
        (
            [
                observation("final", "150", r#""versionId":"x3""#),
                error(r#""versionId":"2""#),
                other.to_string(),
            ],
            None,
            "150",
        ),
    ] {
        let text = format!("{}\n", lines.join("\n"));
        let dataset = load_texts(&[("o.ndjson", &text)]).unwrap();
        assert_eq!(
            value(&dataset, "h2", Analyte::Plt),
            kept.map(|kept| Reading::exact(d(kept))),
            "{text}"
        );
        let warned: Vec<_> = crate::support::reasons(&dataset.report().warnings);
        assert_eq!(warned.len(), 1, "{warned:?}");
        let expected = format!("retracts its plt result {retracted} on line");
        assert!(warned[0].contains(&expected), "{warned:?}");
    }
}

/// A DiagnosticReport marked entered-in-error lends nothing to trust: a
/// result that takes its time and patient from it is refused; one with
/// its own loads, with a warning.
#[test]
fn a_report_entered_in_error_lends_no_time_or_patient() {
    let bundle = |own: &str| {
        format!(
            r#"{{"resourceType":"Bundle","type":"collection","entry":[
{{"resource":{{"resourceType":"DiagnosticReport","id":"r1","status":"entered-in-error","subject":{{"reference":"Patient/A"}},"effectiveDateTime":"2024-01-01T08:00:00Z","result":[{{"reference":"Observation/o1"}}]}}}},
{{"resource":{{"resourceType":"Observation","id":"o1","status":"final","code":{{"coding":[{{"system":"http://loinc.org","code":"777-3"}}]}}{own},"valueQuantity":{{"value":100,"code":"10*3/uL"}}}}}}]}}"#
        )
    };
    let dataset = load_texts(&[("b.json", &bundle(""))]).expect("loads");
    assert!(dataset.patients().is_empty());
    let refused: Vec<_> = crate::support::reasons(&dataset.report().rejected);
    assert_eq!(
        refused,
        ["its patient or time comes from a DiagnosticReport marked entered-in-error: not a result"]
    );
    let own = r#","subject":{"reference":"Patient/A"},"effectiveDateTime":"2024-01-02T08:00:00Z""#;
    let dataset = load_texts(&[("b.json", &bundle(own))]).expect("loads");
    assert_eq!(
        value(&dataset, "A", Analyte::Plt),
        Some(Reading::exact(d("100")))
    );
    assert_eq!(dataset.report().warnings.len(), 1);
}

/// A time a result borrows from its DiagnosticReport, which cannot be
/// read, is named at the report's element, which holds it: the
/// Observation has no `effectiveDateTime` to look at.
#[test]
fn a_borrowed_time_that_cannot_be_read_is_named_where_it_is() {
    let bundle = r#"{"resourceType":"Bundle","type":"collection","entry":[
{"resource":{"resourceType":"DiagnosticReport","id":"r1","status":"final","subject":{"reference":"Patient/A"},"effectiveDateTime":"2024-01-01T25:30:00Z","result":[{"reference":"Observation/o1"}]}},
{"resource":{"resourceType":"Observation","id":"o1","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"777-3"}]},"valueQuantity":{"value":100,"code":"10*3/uL"}}}]}"#;
    let dataset = load_texts(&[("b.json", bundle)]).expect("loads");
    let rejected = &dataset.report().rejected;
    assert_eq!(rejected.len(), 1, "{rejected:?}");
    assert_eq!(rejected[0].line, 3);
    assert_eq!(
        rejected[0].column.as_deref(),
        Some("entry[0].resource.effectiveDateTime")
    );
    assert!(
        rejected[0]
            .reason
            .starts_with("the time of the DiagnosticReport listing it (line 2) cannot be read: "),
        "{}",
        rejected[0].reason
    );
    // A report in another file of the group is named by its file.
    let report = r#"{"resourceType":"DiagnosticReport","id":"r1","status":"final","subject":{"reference":"Patient/A"},"effectiveDateTime":"2024-13-01","result":[{"reference":"Observation/o1"}]}"#;
    let result = r#"{"resourceType":"Observation","id":"o1","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"777-3"}]},"valueQuantity":{"value":100,"code":"10*3/uL"}}"#;
    let dataset = load_texts(&[("r.ndjson", report), ("o.ndjson", result)]).expect("loads");
    let rejected = &dataset.report().rejected;
    assert_eq!(rejected.len(), 1, "{rejected:?}");
    assert_eq!(rejected[0].file, "o.ndjson");
    assert_eq!(rejected[0].column.as_deref(), Some("effectiveDateTime"));
    assert!(
        rejected[0]
            .reason
            .starts_with("the time of the DiagnosticReport listing it (r.ndjson, line 1)"),
        "{}",
        rejected[0].reason
    );
}

/// A resource written over several lines in an NDJSON file: each of its
/// lines is refused in the input's words (never serde's "expected struct
/// Head"), with the likely cause; the lines around it load.
#[test]
fn a_resource_over_several_ndjson_lines_is_named_for_what_it_is() {
    let obs = |id: &str, value: &str| {
        format!(
            r#"{{"resourceType":"Observation","id":"{id}","status":"final","subject":{{"reference":"Patient/A"}},"effectiveDateTime":"2024-01-0{id}T08:00:00Z","code":{{"coding":[{{"system":"http://loinc.org","code":"777-3"}}]}},"valueQuantity":{{"value":{value},"code":"10*3/uL"}}}}"#
        )
    };
    let text = format!(
        "{}\n{{\n  \"resourceType\": \"Observation\",\n  \"id\": \"2\"\n}}\n{}\n",
        obs("1", "100"),
        obs("3", "120")
    );
    let dataset = load_texts(&[("o.ndjson", &text)]).expect("loads");
    assert_eq!(dataset.draw_count(), 2);
    let rejected = &dataset.report().rejected;
    let lines: Vec<u64> = rejected.iter().map(|r| r.line).collect();
    assert_eq!(lines, [2, 3, 4, 5], "{rejected:?}");
    assert!(
        rejected.iter().all(|r| !r.reason.contains("struct")),
        "{rejected:?}"
    );
    assert_eq!(
        rejected[1].reason,
        "not a valid resource: the line holds no JSON object \
         (an NDJSON line holds one whole resource: is this one written over several lines?)"
    );
    // Two exports joined: the second's byte-order mark is no text.
    let joined = format!("{}\n\u{feff}{}\n", obs("1", "100"), obs("3", "120"));
    let dataset = load_texts(&[("o.ndjson", &joined)]).expect("loads");
    assert_eq!(dataset.draw_count(), 2, "{:?}", dataset.report().rejected);
    // The closing brace's line too, and the opening one's.
    assert_eq!(rejected[3].reason, rejected[1].reason);
    assert!(rejected[0].reason.ends_with("written over several lines?)"));
}

/// A value beside a dataAbsentReason (FHIR's obs-6 forbids both) loads,
/// and the contradiction is a warning at that element.
#[test]
fn a_value_beside_a_data_absent_reason_loads_with_a_warning() {
    let text = r#"{"resourceType":"Observation","id":"o1","status":"final","subject":{"reference":"Patient/A"},"effectiveDateTime":"2024-01-01T08:00:00Z","code":{"coding":[{"system":"http://loinc.org","code":"777-3"}]},"valueQuantity":{"value":100,"code":"10*3/uL"},"dataAbsentReason":{"text":"error"}}"#;
    let dataset = load_texts(&[("o.json", text)]).expect("loads");
    assert_eq!(
        value(&dataset, "A", Analyte::Plt),
        Some(Reading::exact(d("100")))
    );
    let warnings = &dataset.report().warnings;
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0].column.as_deref(), Some("dataAbsentReason"));
    assert!(warnings[0].reason.contains("obs-6"), "{warnings:?}");
}

/// LOINC is named by its URI, which servers also write with a trailing
/// slash, or by its OID: a platelet count under either is one, never
/// "not part of a CBC".
#[test]
fn loinc_by_its_oid_or_a_trailing_slash_is_loinc() {
    for system in ["http://loinc.org/", "urn:oid:2.16.840.1.113883.6.1"] {
        let text = obs(
            "o1",
            "777-3",
            "45",
            "10*3/uL",
            r#","subject":{"reference":"Patient/A"},"effectiveDateTime":"2024-01-01T08:00:00Z""#,
        )
        .replace("http://loinc.org", system);
        let dataset = load_texts(&[("o.json", &text)]).expect("loads");
        assert_eq!(dataset.report().ignored, 0, "{system}");
        assert_eq!(
            value(&dataset, "A", Analyte::Plt),
            Some(Reading::exact(d("45"))),
            "{system}"
        );
    }
}

/// A subject given by an identifier alone names someone hemotrend cannot
/// find: the refusal says so, never that no patient is named.
#[test]
fn a_subject_by_identifier_alone_is_refused_for_what_it_is() {
    let extra = r#","effectiveDateTime":"2024-03-01T08:00:00Z",
"subject":{"identifier":{"system":"urn:oid:1.2.3","value":"MRN12345"}}"#;
    let text = obs("o1", "777-3", "45", "10*3/uL", extra);
    let dataset = load_texts(&[("o.json", &text)]).unwrap();
    let refused = &dataset.report().rejected;
    assert_eq!(refused.len(), 1, "{refused:?}");
    assert!(
        refused[0].reason.starts_with("subject has no reference"),
        "{refused:?}"
    );
}

/// Statuses of one draw and test, as HL7 v2's: a `final` replaces a
/// `preliminary` and a `corrected` or `amended` one what it corrects,
/// whichever comes first, with nothing refused; two `final` values that
/// disagree are a conflict, the later refused.
#[test]
fn a_final_or_correction_replaces_the_result_it_supersedes() {
    let observation = |id: &str, status: &str, value: &str| {
        format!(
            r#"{{"resourceType":"Observation","id":"{id}","status":"{status}",
"code":{{"coding":[{{"system":"http://loinc.org","code":"777-3"}}]}},
"subject":{{"reference":"Patient/h2"}},"effectiveDateTime":"2024-03-01T08:00:00Z",
"valueQuantity":{{"value":{value},"code":"10*3/uL"}}}}"#
        )
    };
    for (first, second, kept, refused) in [
        (("preliminary", "45"), ("corrected", "54"), "54", 0),
        (("preliminary", "45"), ("final", "15"), "15", 0),
        (("final", "45"), ("amended", "54"), "54", 0),
        (("final", "15"), ("preliminary", "45"), "15", 0),
        (("corrected", "54"), ("final", "45"), "54", 0),
        (("amended", "54"), ("preliminary", "45"), "54", 0),
        (("final", "45"), ("final", "54"), "45", 1),
    ] {
        let text = format!(
            "{}\n{}\n",
            observation("o1", first.0, first.1).replace('\n', ""),
            observation("o2", second.0, second.1).replace('\n', "")
        );
        let dataset = load_texts(&[("o.ndjson", &text)]).unwrap();
        assert_eq!(
            value(&dataset, "h2", Analyte::Plt),
            Some(Reading::exact(d(kept))),
            "{first:?} {second:?}"
        );
        assert_eq!(
            dataset.report().rejected.len(),
            refused,
            "{first:?} {second:?}"
        );
    }
}

/// A search's results as a server pages them: the Bundle with a `next`
/// link is one page, and the load says so at the Bundle; its results load.
/// A Patient's own `link` element is no page.
#[test]
fn a_page_of_a_search_says_it_is_one_page() {
    let observation = obs(
        "o1",
        "777-3",
        "12",
        "10*3/uL",
        r#","subject":{"reference":"Patient/A"},"effectiveDateTime":"2024-01-01T08:00:00Z""#,
    );
    let page = |links: &str| {
        format!(
            r#"{{"resourceType":"Bundle","type":"searchset",
"link":[{links}],
"entry":[{{"resource":{observation},"search":{{"mode":"match"}}}},
{{"resource":{{"resourceType":"Patient","id":"A","link":[{{"other":{{"reference":"Patient/B"}},"type":"seealso"}}]}}}}]}}"#
        )
    };
    let first = page(
        r#"{"relation":"self","url":"https://x.org/Observation?page=1"},{"relation":"next","url":"https://x.org/Observation?page=2"}"#,
    );
    let dataset = load_texts(&[("page1.json", &first)]).unwrap();
    assert_eq!(
        value(&dataset, "A", Analyte::Plt),
        Some(Reading::exact(d("12")))
    );
    let warnings = &dataset.report().warnings;
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(
        (warnings[0].line, warnings[0].column.as_deref()),
        (1, Some("link"))
    );
    assert!(
        warnings[0].reason.contains("one page of a search"),
        "{warnings:?}"
    );
    let last = page(r#"{"relation":"self","url":"https://x.org/Observation?page=2"}"#);
    let dataset = load_texts(&[("page2.json", &last)]).unwrap();
    assert!(
        dataset.report().warnings.is_empty(),
        "{:?}",
        dataset.report().warnings
    );
    assert!(dataset.report().rejected.is_empty());
}

/// A CBC test's LOINC code under another system (`https://loinc.org`) or
/// none is refused by name at its coding, never counted "not part of a
/// CBC"; it is not read as LOINC (a code is its system's).
#[test]
fn a_cbc_code_under_another_system_is_refused_by_name() {
    let coded = |id: &str, coding: &str| {
        format!(
            r#"{{"resourceType":"Observation","id":"{id}","status":"final",
"code":{{"coding":[{coding}]}},"subject":{{"reference":"Patient/A"}},
"effectiveDateTime":"2024-01-01T08:00:00Z","valueQuantity":{{"value":7.5,"code":"g/dL"}}}}"#
        )
    };
    // The last: glucose by LOINC, beside a local code that reads like
    // hemoglobin's: glucose, ignored, not refused.
    let text = format!(
        r#"{{"resourceType":"Bundle","type":"collection","entry":[
{{"resource":{}}},
{{"resource":{}}},
{{"resource":{}}},
{{"resource":{}}},
{{"resource":{}}}]}}"#,
        coded("o1", r#"{"system":"https://loinc.org","code":"718-7"}"#),
        coded("o2", r#"{"code":"718-7"}"#),
        coded("o3", r#"{"system":"http://acme.org/codes","code":"GLU"}"#),
        coded(
            "o4",
            r#"{"system":"http://loinc.org","code":"2345-7"},{"system":"http://acme.org/codes","code":"718-7"}"#
        ),
        // The CBC panel's LOINC code beside a misspelt LOINC's 718-7: the
        // misspelt one is still named.
        coded(
            "o5",
            r#"{"system":"http://loinc.org","code":"58410-2"},{"system":"https://loinc.org","code":"718-7"}"#
        ),
    );
    let dataset = load_texts(&[("b.json", &text)]).unwrap();
    let report = dataset.report();
    assert_eq!(
        report.ignored, 2,
        "the glucose by a local code, and by LOINC"
    );
    let refused: Vec<(Option<&str>, &str)> = report
        .rejected
        .iter()
        .map(|r| (r.column.as_deref(), r.reason.as_str()))
        .collect();
    assert_eq!(refused.len(), 3, "{refused:?}");
    assert_eq!(refused[2].0, Some("entry[4].resource.code.coding[1]"));
    assert_eq!(refused[0].0, Some("entry[0].resource.code.coding[0]"));
    assert!(
        refused[0]
            .1
            .contains(r#"its system is "https://loinc.org""#),
        "{refused:?}"
    );
    assert!(refused[1].1.contains("names no system"), "{refused:?}");
    assert!(dataset.patient("A").is_none());
}

/// An `effectivePeriod` with an end alone is named for what it lacks: its
/// start, the collection time.
#[test]
fn a_period_that_only_ends_is_named_for_its_missing_start() {
    let text = r#"{"resourceType":"Observation","id":"o1","status":"final","subject":{"reference":"Patient/A"},"effectivePeriod":{"end":"2024-03-01T09:00:00-05:00"},"code":{"coding":[{"system":"http://loinc.org","code":"777-3"}]},"valueQuantity":{"value":100,"code":"10*3/uL"}}"#;
    let dataset = load_texts(&[("o.ndjson", &format!("{text}\n"))]).unwrap();
    let refused: Vec<_> = dataset
        .report()
        .rejected
        .iter()
        .map(|r| (r.column.as_deref().unwrap_or_default(), r.reason.as_str()))
        .collect();
    assert_eq!(
        refused,
        [(
            "effectivePeriod",
            "effectivePeriod has no start: the collection time is needed (its end is not it)"
        )]
    );
}

/// A `meta` of an unexpected shape is no reason to refuse a result: it
/// only orders versions.
#[test]
fn a_meta_of_another_shape_costs_nothing() {
    let text = r#"{"resourceType":"Observation","id":"o1","meta":"v3","status":"final","subject":{"reference":"Patient/A"},"effectiveDateTime":"2024-01-01T08:00:00Z","code":{"coding":[{"system":"http://loinc.org","code":"777-3"}]},"valueQuantity":{"value":100,"code":"10*3/uL"}}"#;
    let dataset = load_texts(&[("o.ndjson", &format!("{text}\n"))]).unwrap();
    assert!(dataset.report().rejected.is_empty());
    assert_eq!(
        value(&dataset, "A", Analyte::Plt),
        Some(Reading::exact(d("100")))
    );
}

/// A syntax error on an NDJSON line says where on the line it is, as a
/// whole JSON file's says where in the file; the lines around it load.
#[test]
fn a_syntax_error_on_an_ndjson_line_names_its_column() {
    let text = "{\"resourceType\":\"Patient\",\"id\":\"a\"}\n\
                {\"resourceType\":\"Observation\",\"id\":\"x\",,\"status\":\"final\"}\n";
    let dataset = load_texts(&[("o.ndjson", text)]).expect("loads");
    let rejected = &dataset.report().rejected;
    assert_eq!(rejected.len(), 1, "{rejected:?}");
    assert_eq!(rejected[0].line, 2);
    assert_eq!(
        rejected[0].reason,
        "not a valid resource: key must be a string at column 40 of the line"
    );
}

/// An `id` of the wrong JSON type is said to be so, never that the line is
/// not an object, nor a resource written over several lines.
#[test]
fn an_id_of_the_wrong_type_is_named_for_what_it_is() {
    let text = "{\"resourceType\":\"Patient\",\"id\":\"a\"}\n\
                {\"resourceType\":\"Observation\",\"id\":1.5,\"status\":\"final\"}\n";
    let dataset = load_texts(&[("o.ndjson", text)]).expect("loads");
    let rejected = &dataset.report().rejected;
    assert_eq!(rejected.len(), 1, "{rejected:?}");
    assert_eq!(
        rejected[0].reason,
        "not a valid resource: floating point `1.5` where a string is expected (`resourceType` \
         and `id` are text, `entry` and `contained` lists)"
    );
}

/// A collection Bundle of these resources, one entry a line from line 2.
fn lenders_bundle(resources: &[String]) -> String {
    let entries: Vec<String> = resources
        .iter()
        .map(|resource| format!(r#"{{"resource":{resource}}}"#))
        .collect();
    format!(
        "{{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[\n{}\n]}}",
        entries.join(",\n")
    )
}

/// A DiagnosticReport `id` of `patient` at `time` listing these results.
fn report(id: &str, patient: &str, time: &str, results: &[&str]) -> String {
    let results: Vec<String> = results
        .iter()
        .map(|r| format!(r#"{{"reference":"Observation/{r}"}}"#))
        .collect();
    format!(
        r#"{{"resourceType":"DiagnosticReport","id":"{id}","status":"final","subject":{{"reference":"Patient/{patient}"}},"effectiveDateTime":"{time}","result":[{}]}}"#,
        results.join(",")
    )
}

/// Each draw of `patient`: its time, platelets and hemoglobin as shown.
fn plt_and_hgb(dataset: &Dataset, patient: &str) -> Vec<(String, Option<String>, Option<String>)> {
    crate::support::draws_shown(dataset, patient, &[Analyte::Plt, Analyte::Hgb])
        .into_iter()
        .map(|(time, shown)| {
            let [plt, hgb] = [0, 1].map(|i| shown.get(i).cloned().flatten());
            (time, plt, hgb)
        })
        .collect()
}

/// An Observation without a subject that two DiagnosticReports list for
/// two patients has no known patient: refused at the second report's
/// `subject`, naming both, never filed to the first. The results each
/// report alone lists load.
#[test]
fn two_reports_that_name_two_patients_lend_neither() {
    let text = lenders_bundle(&[
        report("dr1", "Q1", "2024-03-01T08:00:00Z", &["q1", "q2"]),
        report("dr2", "Q2", "2024-03-05T08:00:00Z", &["q2", "q3"]),
        obs("q1", "777-3", "100", "10*3/uL", "").replace('\n', ""),
        obs("q2", "718-7", "9.0", "g/dL", "").replace('\n', ""),
        obs("q3", "777-3", "80", "10*3/uL", "").replace('\n', ""),
    ]);
    let dataset = load_texts(&[("b.json", &text)]).expect("loads");
    assert_eq!(
        crate::support::lines_columns_and_reasons(&dataset.report().rejected),
        [(
            5,
            Some("entry[1].resource.subject"),
            "the DiagnosticReport listing it (line 2) gives patient \"Q1\" and the \
             DiagnosticReport listing it (line 3) patient \"Q2\": with none of its own, its \
             patient is unknown, and it is not loaded"
        )],
        "{text}"
    );
    let at = |time: &str, plt: &str| vec![(time.to_string(), Some(plt.to_string()), None)];
    assert_eq!(
        plt_and_hgb(&dataset, "Q1"),
        at("2024-03-01T08:00:00Z", "100")
    );
    assert_eq!(
        plt_and_hgb(&dataset, "Q2"),
        at("2024-03-05T08:00:00Z", "80")
    );
}

/// Of one patient, two reports (or a report and a panel) that give two
/// times leave the time unknown: refused at the second lender's time,
/// naming both. Two that give one instant (in two offsets), or a result
/// with a subject and time of its own, load.
#[test]
fn two_lenders_that_give_two_times_lend_neither() {
    let hemoglobin = |extra: &str| obs("q2", "718-7", "9.0", "g/dL", extra);
    let panel = r#"{"resourceType":"Observation","id":"p1","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"58410-2"}]},"subject":{"reference":"Patient/Q1"},"effectiveDateTime":"2024-03-05T08:00:00Z","hasMember":[{"reference":"Observation/q2"}]}"#;
    let reason = |second: &str| {
        format!(
            "the DiagnosticReport listing it (line 2) gives 2024-03-01T08:00:00Z and the {second} \
             listing it (line 3) 2024-03-05T08:00:00Z: with none of its own, its collection \
             time is unknown, and it is not loaded"
        )
    };
    for (second, kind) in [
        (
            report("dr2", "Q1", "2024-03-05T08:00:00Z", &["q2"]),
            "DiagnosticReport",
        ),
        (panel.to_string(), "panel Observation"),
    ] {
        let text = lenders_bundle(&[
            report("dr1", "Q1", "2024-03-01T08:00:00Z", &["q2"]),
            second,
            hemoglobin("").replace('\n', ""),
        ]);
        let dataset = load_texts(&[("b.json", &text)]).expect("loads");
        let reason = reason(kind);
        assert_eq!(
            crate::support::lines_columns_and_reasons(&dataset.report().rejected),
            [(
                4,
                Some("entry[1].resource.effectiveDateTime"),
                reason.as_str()
            )],
            "{text}"
        );
        assert!(dataset.patient("Q1").is_none(), "{text}");
    }
    let one_instant = lenders_bundle(&[
        report("dr1", "Q1", "2024-03-01T08:00:00Z", &["q2"]),
        report("dr2", "Q1", "2024-03-01T09:00:00+01:00", &["q2"]),
        hemoglobin("").replace('\n', ""),
    ]);
    let own = lenders_bundle(&[
        report("dr1", "Q1", "2024-03-01T08:00:00Z", &["q2"]),
        report("dr2", "Q2", "2024-03-05T08:00:00Z", &["q2"]),
        hemoglobin(
            r#","subject":{"reference":"Patient/Q1"},"effectiveDateTime":"2024-03-02T08:00:00Z""#,
        )
        .replace('\n', ""),
    ]);
    for (text, time) in [
        (one_instant, "2024-03-01T08:00:00Z"),
        (own, "2024-03-02T08:00:00Z"),
    ] {
        let dataset = load_texts(&[("b.json", &text)]).expect("loads");
        assert!(dataset.report().rejected.is_empty(), "{text}");
        assert_eq!(
            plt_and_hgb(&dataset, "Q1"),
            [(time.to_string(), None, Some("9.0".to_string()))],
            "{text}"
        );
    }
}
