//! Versions of one FHIR Observation (one id): the newer, by
//! `meta.versionId` or `meta.lastUpdated`, replaces the older wherever
//! the older was filed.

use hemotrend::ingest::load_texts;
use hemotrend::model::{Analyte, Dataset};

/// A platelet count `value` with id `id`, of `patient` at `time`, with
/// its `status` and `meta`.
fn platelets(id: &str, status: &str, patient: &str, time: &str, value: &str, meta: &str) -> String {
    format!(
        r#"{{"resourceType":"Observation","id":"{id}","meta":{{{meta}}},"status":"{status}","code":{{"coding":[{{"system":"http://loinc.org","code":"777-3"}}]}},"subject":{{"reference":"Patient/{patient}"}},"effectiveDateTime":"{time}","valueQuantity":{{"value":{value},"code":"10*3/uL"}}}}"#
    )
}

/// Each draw of `patient` as its time and platelet count shown.
fn platelet_draws(dataset: &Dataset, patient: &str) -> Vec<(String, Option<String>)> {
    crate::support::draws_shown(dataset, patient, &[Analyte::Plt])
        .into_iter()
        .map(|(time, mut shown)| (time, shown.pop().flatten()))
        .collect()
}

fn draw(time: &str, value: &str) -> (String, Option<String>) {
    (time.to_string(), Some(value.to_string()))
}

/// A mislabelled specimen corrected: version 2 of `plt-88` moves the
/// count of 12 from ALICE to BOB. ALICE keeps only her own count; the
/// correction is said at the version it replaces, on ALICE's side.
#[test]
fn a_corrected_version_moved_to_another_patient_leaves_the_first() {
    let lines = [
        platelets(
            "plt-77",
            "final",
            "ALICE",
            "2024-01-20T08:00:00Z",
            "210",
            r#""versionId":"1""#,
        ),
        platelets(
            "plt-88",
            "final",
            "ALICE",
            "2024-02-01T08:00:00Z",
            "12",
            r#""versionId":"1","lastUpdated":"2024-02-01T09:00:00Z""#,
        ),
        platelets(
            "plt-88",
            "corrected",
            "BOB",
            "2024-02-01T08:00:00Z",
            "12",
            r#""versionId":"2","lastUpdated":"2024-02-01T15:00:00Z""#,
        ),
    ];
    let dataset = load_texts(&[("o.ndjson", &lines.join("\n"))]).unwrap();
    assert!(dataset.report().rejected.is_empty());
    assert_eq!(
        platelet_draws(&dataset, "ALICE"),
        [draw("2024-01-20T08:00:00Z", "210")]
    );
    assert_eq!(
        platelet_draws(&dataset, "BOB"),
        [draw("2024-02-01T08:00:00Z", "12")]
    );
    assert_eq!(
        crate::support::lines_columns_and_reasons(&dataset.report().warnings),
        [(
            2,
            Some("meta"),
            "a later version of Observation \"plt-88\" (line 3, by meta.versionId or \
             lastUpdated) files this plt result to patient \"BOB\": this version, 12 of \
             patient \"ALICE\" at 2024-02-01T08:00:00Z, is not loaded"
        )]
    );
}

/// A correction of the collection time moves the result: one draw, at the
/// corrected time, whichever version comes first (a history Bundle lists
/// the newest first).
#[test]
fn a_corrected_version_moved_to_another_time_is_one_draw() {
    let old = platelets(
        "h3",
        "final",
        "G",
        "2024-02-01T08:00:00Z",
        "40",
        r#""versionId":"1""#,
    );
    let new = platelets(
        "h3",
        "corrected",
        "G",
        "2024-02-01T07:00:00Z",
        "40",
        r#""versionId":"2""#,
    );
    for (lines, line_of_old, line_of_new) in [([&old, &new], 1, 2), ([&new, &old], 2, 1)] {
        let dataset = load_texts(&[("o.ndjson", &lines.map(String::as_str).join("\n"))]).unwrap();
        assert!(dataset.report().rejected.is_empty());
        assert_eq!(
            platelet_draws(&dataset, "G"),
            [draw("2024-02-01T07:00:00Z", "40")]
        );
        let reason = format!(
            "a later version of Observation \"h3\" (line {line_of_new}, by meta.versionId or \
             lastUpdated) files this plt result to 2024-02-01T07:00:00Z: this version, 40 of \
             patient \"G\" at 2024-02-01T08:00:00Z, is not loaded"
        );
        assert_eq!(
            crate::support::lines_columns_and_reasons(&dataset.report().warnings),
            [(line_of_old, Some("meta"), reason.as_str())]
        );
    }
}

/// Two exports of one server side by side: version 2 (`final`, 15, a
/// later `lastUpdated`) is the result, never refused as a conflict with
/// version 1 (40) in the other file, in either order; nothing moved, so
/// nothing is said.
#[test]
fn a_newer_final_version_in_another_file_replaces_the_older() {
    let old = platelets(
        "v",
        "final",
        "V",
        "2024-02-01T08:00:00Z",
        "40",
        r#""lastUpdated":"2024-02-01T09:00:00Z""#,
    );
    let new = platelets(
        "v",
        "final",
        "V",
        "2024-02-01T08:00:00Z",
        "15",
        r#""lastUpdated":"2024-02-02T09:00:00Z""#,
    );
    for files in [
        [("a.ndjson", &old), ("b.ndjson", &new)],
        [("a.ndjson", &new), ("b.ndjson", &old)],
    ] {
        let files = files.map(|(name, text)| (name, text.as_str()));
        let dataset = load_texts(&files).unwrap();
        crate::support::assert_nothing_said(&dataset);
        assert_eq!(
            platelet_draws(&dataset, "V"),
            [draw("2024-02-01T08:00:00Z", "15")]
        );
    }
}

/// Two servers number their resources alike: `Observation/1` of each, of
/// two patients, in two files, are two results, never a version of the
/// other that would take one patient's count away.
#[test]
fn one_id_of_two_patients_in_two_files_is_two_results() {
    let first = platelets(
        "1",
        "final",
        "ANN",
        "2024-02-01T08:00:00Z",
        "40",
        r#""versionId":"1""#,
    );
    let second = platelets(
        "1",
        "final",
        "BEN",
        "2024-03-01T08:00:00Z",
        "15",
        r#""versionId":"3""#,
    );
    let dataset = load_texts(&[
        ("hospital-a.ndjson", &first),
        ("hospital-b.ndjson", &second),
    ])
    .unwrap();
    assert_eq!(
        platelet_draws(&dataset, "ANN"),
        [draw("2024-02-01T08:00:00Z", "40")]
    );
    assert_eq!(
        platelet_draws(&dataset, "BEN"),
        [draw("2024-03-01T08:00:00Z", "15")]
    );
    assert!(
        dataset.report().warnings.is_empty(),
        "{:?}",
        dataset.report().warnings
    );
}

/// A version replaced is no sample of its instant: a correction of the
/// specimen (slide `s1` to `s2`) leaves one draw with the hemoglobin that
/// names none, not a draw apart for want of knowing which specimen it is
/// of.
#[test]
fn a_version_replaced_names_no_specimen_of_its_instant() {
    let with_specimen = |status: &str, specimen: &str, version: &str| {
        platelets("p1", status, "S", "2024-02-01T08:00:00Z", "12", version).replace(
            r#""status""#,
            &format!(r#""specimen":{{"reference":"Specimen/{specimen}"}},"status""#),
        )
    };
    let lines = [
        with_specimen("final", "s1", r#""versionId":"1""#),
        with_specimen("corrected", "s2", r#""versionId":"2""#),
        platelets("h1", "final", "S", "2024-02-01T08:00:00Z", "8.0", "")
            .replace("777-3", "718-7")
            .replace("10*3/uL", "g/dL"),
    ];
    let dataset = load_texts(&[("o.ndjson", &lines.join("\n"))]).unwrap();
    crate::support::assert_nothing_said(&dataset);
    let patient = dataset.patient("S").unwrap();
    let draws = dataset.draws(patient);
    assert_eq!(draws.len(), 1);
    assert_eq!(
        draws.value(0, Analyte::Hgb).shown_text().as_deref(),
        Some("8.0")
    );
    assert_eq!(
        draws.value(0, Analyte::Plt).shown_text().as_deref(),
        Some("12")
    );
}

/// A history Bundle, the newest first, of these entries, one a line from
/// line 2.
fn history(entries: &[String]) -> String {
    format!(
        "{{\"resourceType\":\"Bundle\",\"type\":\"history\",\"entry\":[\n{}\n]}}",
        entries.join(",\n")
    )
}

/// A history Bundle's entry of a version of Observation `observation`.
fn version_entry(observation: &str) -> String {
    format!(
        r#"{{"fullUrl":"https://srv/fhir/Observation/h2","resource":{observation},"request":{{"method":"PUT","url":"Observation/h2"}}}}"#
    )
}

/// A history Bundle's entry recording `Observation/<id>` deleted, with
/// `request.url` `url` and `response` `response`.
fn delete_entry(id: &str, url: &str, response: &str) -> String {
    format!(
        r#"{{"fullUrl":"https://srv/fhir/Observation/{id}","request":{{"method":"DELETE","url":"{url}"}},"response":{{{response}}}}}"#
    )
}

/// A history Bundle's DELETE of an Observation retracts the result of its
/// id, as an entered-in-error version does: not loaded, and said at the
/// DELETE entry. The patient's other results stay.
#[test]
fn a_history_bundle_delete_retracts_the_result() {
    let hemoglobin = platelets("o9", "final", "H", "2024-02-01T08:00:00Z", "9", "")
        .replace("777-3", "718-7")
        .replace("10*3/uL", "g/dL");
    let text = history(&[
        delete_entry("h2", "Observation/h2", r#""status":"204 No Content""#),
        version_entry(&platelets(
            "h2",
            "final",
            "H",
            "2024-02-01T08:00:00Z",
            "12",
            r#""versionId":"1""#,
        )),
        format!(r#"{{"resource":{hemoglobin}}}"#),
    ]);
    let dataset = load_texts(&[("history.json", &text)]).unwrap();
    assert!(dataset.report().rejected.is_empty());
    assert_eq!(
        platelet_draws(&dataset, "H"),
        [("2024-02-01T08:00:00Z".to_string(), None)]
    );
    assert_eq!(
        crate::support::lines_columns_and_reasons(&dataset.report().warnings),
        [(
            2,
            Some("entry[0].request"),
            "DELETE: this history Bundle records Observation \"h2\" deleted: its plt result 12 on \
             line 3 is not loaded"
        )]
    );
}

/// A version known to come after the DELETE stands: by its place in the
/// history Bundle (the newest first) where no version tells, else by
/// `meta.versionId` against the DELETE's `request.url` (`_history/2`) or
/// `response.etag`.
#[test]
fn a_version_after_the_delete_stands() {
    let version = |value: &str, meta: &str| {
        version_entry(&platelets(
            "h2",
            "final",
            "H",
            "2024-02-01T08:00:00Z",
            value,
            meta,
        ))
    };
    let by_url = delete_entry("h2", "Observation/h2/_history/2", "");
    let by_etag = delete_entry("h2", "Observation/h2", r#""etag":"W/\"2\"""#);
    for (entries, line_of_delete, line_of_older) in [
        (
            [
                version("150", ""),
                delete_entry("h2", "Observation/h2", ""),
                version("45", ""),
            ],
            3,
            4,
        ),
        (
            [
                version("45", r#""versionId":"1""#),
                by_url,
                version("150", r#""versionId":"3""#),
            ],
            3,
            2,
        ),
        (
            [
                version("45", r#""versionId":"1""#),
                by_etag,
                version("150", r#""versionId":"3""#),
            ],
            3,
            2,
        ),
    ] {
        let text = history(&entries);
        let dataset = load_texts(&[("history.json", &text)]).unwrap();
        assert!(dataset.report().rejected.is_empty(), "{text}");
        assert_eq!(
            platelet_draws(&dataset, "H"),
            [draw("2024-02-01T08:00:00Z", "150")],
            "{text}"
        );
        let reason = format!(
            "DELETE: this history Bundle records Observation \"h2\" deleted: its plt result 45 on \
             line {line_of_older} is not loaded"
        );
        let at = format!("entry[{}].request", line_of_delete - 2);
        assert_eq!(
            crate::support::lines_columns_and_reasons(&dataset.report().warnings),
            [(line_of_delete, Some(at.as_str()), reason.as_str())],
            "{text}"
        );
    }
}

/// A DELETE of an id no Observation has, or of another resource, retracts
/// nothing and says nothing; nor does a DELETE reach the same id in another
/// file, which may be another server's (two servers number alike).
#[test]
fn a_delete_of_another_id_or_file_retracts_nothing() {
    let text = history(&[
        delete_entry("h9", "Observation/h9", ""),
        r#"{"fullUrl":"https://srv/fhir/Patient/H","request":{"method":"DELETE","url":"Patient/H"}}"#
            .to_string(),
        version_entry(&platelets(
            "h2",
            "final",
            "H",
            "2024-02-01T08:00:00Z",
            "12",
            "",
        )),
    ]);
    let elsewhere = history(&[delete_entry("h2", "Observation/h2", "")]);
    let dataset = load_texts(&[("history.json", &text), ("other.json", &elsewhere)]).unwrap();
    crate::support::assert_nothing_said(&dataset);
    assert_eq!(
        platelet_draws(&dataset, "H"),
        [draw("2024-02-01T08:00:00Z", "12")]
    );
}

/// A DELETE whose `request.url` and `fullUrl` name two Observations
/// cannot say which was deleted: neither is retracted, and the entry is
/// named.
#[test]
fn a_delete_naming_two_observations_retracts_neither() {
    let text = history(&[
        delete_entry("h3", "Observation/h2", ""),
        version_entry(&platelets(
            "h2",
            "final",
            "H",
            "2024-02-01T08:00:00Z",
            "12",
            "",
        )),
    ]);
    let dataset = load_texts(&[("history.json", &text)]).unwrap();
    assert_eq!(
        platelet_draws(&dataset, "H"),
        [draw("2024-02-01T08:00:00Z", "12")]
    );
    assert_eq!(
        crate::support::lines_columns_and_reasons(&dataset.report().warnings),
        [(
            2,
            Some("entry[0].request.url"),
            "this DELETE names Observation \"h2\" in request.url and \"h3\" in fullUrl: neither \
             is taken as deleted"
        )]
    );
}

/// In a history Bundle, a version listed before the one marked
/// entered-in-error is newer, where no `meta` tells: it stands, and the
/// older is retracted.
#[test]
fn a_version_listed_before_one_entered_in_error_stands() {
    let version = |status: &str, value: &str| {
        version_entry(&platelets(
            "h2",
            status,
            "H",
            "2024-02-01T08:00:00Z",
            value,
            "",
        ))
    };
    let text = history(&[
        version("final", "150"),
        version("entered-in-error", "45"),
        version("final", "45"),
    ]);
    let dataset = load_texts(&[("history.json", &text)]).unwrap();
    assert_eq!(
        platelet_draws(&dataset, "H"),
        [draw("2024-02-01T08:00:00Z", "150")]
    );
    assert_eq!(
        crate::support::lines_columns_and_reasons(&dataset.report().warnings),
        [(
            3,
            Some("entry[1].resource.status"),
            "entered-in-error: Observation \"h2\" retracts its plt result 45 on line 4, which is \
             not loaded"
        )]
    );
}

/// A newer version that loads nothing still replaces the older: a
/// correction refused for its unit, one not measured (`dataAbsentReason`)
/// and one recoded to sodium in another file leave none of the platelet
/// counts of 40 they replace on screen, each said at the older version,
/// naming the newer and why nothing replaces it. Another patient's result
/// of the same id in another file is not replaced.
#[test]
fn a_newer_version_that_loads_nothing_replaces_the_older() {
    let (day1, day2, day3) = (
        "2024-03-01T08:00:00Z",
        "2024-03-02T08:00:00Z",
        "2024-03-03T08:00:00Z",
    );
    let (v1, v2) = (r#""versionId":"1""#, r#""versionId":"2""#);
    let refused = platelets("plt-1", "corrected", "A", day1, "140", v2)
        .replace(r#""code":"10*3/uL""#, r#""code":"furlong""#);
    let absent = platelets("plt-2", "corrected", "A", day2, "0", v2).replace(
        r#""valueQuantity":{"value":0,"code":"10*3/uL"}"#,
        r#""dataAbsentReason":{"coding":[{"code":"error"}]}"#,
    );
    let first = [
        platelets("plt-0", "final", "A", "2024-02-01T08:00:00Z", "210", v1),
        platelets("plt-1", "final", "A", day1, "40", v1),
        refused,
        platelets("plt-2", "final", "A", day2, "40", v1),
        absent,
        platelets("plt-3", "final", "A", day3, "40", v1),
    ];
    let sodium = platelets("plt-3", "corrected", "A", day3, "140", v2)
        .replace("777-3", "2951-2")
        .replace("10*3/uL", "mmol/L");
    let dataset = load_texts(&[
        ("a.ndjson", &first.join("\n")),
        ("b.ndjson", &sodium),
        (
            "c.ndjson",
            &platelets("plt-3", "final", "B", day3, "45", v1),
        ),
    ])
    .unwrap();
    assert_eq!(
        platelet_draws(&dataset, "A"),
        [draw("2024-02-01T08:00:00Z", "210")]
    );
    assert_eq!(platelet_draws(&dataset, "B"), [draw(day3, "45")]);
    let later = |id: &str, place: &str, why: &str, day: &str| {
        format!(
            "a later version of Observation \"{id}\" ({place}, by meta.versionId or \
             lastUpdated) {why}, so nothing replaces this plt result: this version, 40 of \
             patient \"A\" at {day}, is not loaded"
        )
    };
    let warned: Vec<(u64, Option<&str>, String)> = dataset
        .report()
        .warnings
        .iter()
        .map(|w| (w.line, w.column.as_deref(), w.reason.clone()))
        .collect();
    assert_eq!(
        warned,
        [
            (
                2,
                Some("meta"),
                later("plt-1", "line 3", "is refused (said there)", day1)
            ),
            (
                4,
                Some("meta"),
                later("plt-2", "line 5", "has no value (dataAbsentReason)", day2)
            ),
            (
                6,
                Some("meta"),
                later(
                    "plt-3",
                    "line 1 of b.ndjson",
                    "is of a test hemotrend does not read",
                    day3
                )
            ),
        ]
    );
    assert!(
        dataset
            .report()
            .warnings
            .iter()
            .all(|w| w.file == "a.ndjson")
    );
    // The refused version's own refusal is said as before.
    assert_eq!(
        crate::support::lines_columns_and_reasons(&dataset.report().rejected),
        [(
            3,
            Some("valueQuantity"),
            "unknown unit \"furlong\"; plt takes 10^9/L, 10^3/uL, K/uL, thou/uL, G/L, /nL, \
             /uL, #/uL, cells/uL or /mm3"
        )]
    );
}
