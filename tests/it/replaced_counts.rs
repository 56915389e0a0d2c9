//! Results the lab replaced or withdrew are read and not loaded: the load
//! counts them so (`check`'s line, the report's load section), never among
//! the rows loaded.

use hemotrend::ingest::load_texts;
use hemotrend::model::LoadReport;

/// A platelet count of patient P at 08:00 with this id, `status`, value
/// and `meta`.
fn platelets(id: &str, status: &str, value: &str, meta: &str) -> String {
    format!(
        r#"{{"resource":{{"resourceType":"Observation","id":"{id}","meta":{{{meta}}},"status":"{status}","code":{{"coding":[{{"system":"http://loinc.org","code":"777-3"}}]}},"subject":{{"reference":"Patient/P"}},"effectiveDateTime":"2024-01-01T08:00:00Z","valueQuantity":{{"value":{value},"system":"http://unitsofmeasure.org","code":"10*3/uL"}}}}}}"#
    )
}

fn bundle(entries: &[String]) -> String {
    format!(
        r#"{{"resourceType":"Bundle","type":"collection","entry":[{}]}}"#,
        entries.join(",")
    )
}

fn report_of(entries: &[String]) -> LoadReport {
    load_texts(&[("b.json", &bundle(entries))])
        .unwrap()
        .report()
        .clone()
}

#[test]
fn an_observations_earlier_version_is_counted_replaced() {
    let report = report_of(&[
        platelets("o1", "final", "120", r#""versionId":"1""#),
        platelets("o1", "final", "125", r#""versionId":"2""#),
    ]);
    assert_eq!((report.rows_read, report.replaced), (2, 1));
    assert_eq!(report.rows_loaded(), 1);
}

#[test]
fn a_preliminary_result_its_final_replaces_is_counted_replaced() {
    let report = report_of(&[
        platelets("o1", "preliminary", "120", ""),
        platelets("o2", "final", "125", ""),
    ]);
    assert_eq!((report.rows_read, report.replaced), (2, 1));
    assert_eq!(report.rows_loaded(), 1);
}

#[test]
fn a_result_entered_in_error_is_counted_withdrawn() {
    let report = report_of(&[
        platelets("o1", "final", "120", r#""versionId":"1""#),
        platelets("o1", "entered-in-error", "120", r#""versionId":"2""#),
    ]);
    // The retraction is said (as a refusal, at its line); the result it
    // retracts is not loaded.
    assert_eq!(report.replaced, 1);
    assert_eq!(report.rows_loaded(), 0, "{report:?}");
}

#[test]
fn check_says_how_many_results_were_replaced() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("b.json");
    let text = bundle(&[
        platelets("o1", "final", "120", r#""versionId":"1""#),
        platelets("o1", "final", "125", r#""versionId":"2""#),
    ]);
    std::fs::write(&path, text).unwrap();
    let output = crate::support::bin::hemotrend(&["check", &path.display().to_string()]);
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(
        said.contains(
            "2 rows: 1 loaded into 1 draw of 1 patient, 0 ignored (not part of a CBC), 0 rejected, 1 result replaced or withdrawn by a later one."
        ),
        "{said}"
    );
}
