//! Results under a lab's own code (HL7 OBX-3, a FHIR Observation's code)
//! named like a blood count: not read, as a long CSV file's unknown test
//! names are not, but said once per file and name, never dropped in
//! silence.

use hemotrend::ingest::load_texts;

/// The reason said of `name`, first met on a file's row, seen on `rows`.
fn reason(name: &str, rows: &str) -> String {
    format!(
        "test \"{name}\" ({rows}) is named like a blood count but has no LOINC code, only the \
         lab's own: its values are not loaded (counted ignored); send it with its LOINC code \
         (777-3 platelets, 6690-2 leukocytes, 718-7 hemoglobin, ...)"
    )
}

/// `PLT^Platelet Count^L` twice and `WBC^^L` once are warned of at their
/// first OBX-3, with their rows; a local glucose and a LOINC-coded test
/// hemotrend does not read (mean platelet volume) are ignored in silence.
#[test]
fn an_hl7_result_under_a_local_code_named_like_a_count_is_warned_of() {
    let hl7 = "MSH|^~\\&|LAB|HOSP|EHR|HOSP|20240301101500||ORU^R01|Z1|P|2.5.1\r\
               PID|1||Z1^^^HOSP^MR||ZED^ZOE||19700101|F\r\
               OBR|1|||CBC^CBC^L|||20240301081500\r\
               OBX|1|NM|PLT^Platelet Count^L||12|10*3/uL|150-400|LL|||F\r\
               OBX|2|NM|WBC^^L||1.1|10*3/uL|||||F\r\
               OBX|3|NM|GLU^Glucose^L||5.5|mmol/L|||||F\r\
               OBX|4|NM|32623-1^Platelet mean volume^LN||9.1|fL|||||F\r\
               OBX|5|NM|718-7^Hemoglobin^LN||9.1|g/dL|||||F\r\
               OBR|2|||CBC^CBC^L|||20240302081500\r\
               OBX|1|NM|PLT^Platelet Count^L||15|10*3/uL|150-400|LL|||F\r";
    let dataset = load_texts(&[("local.hl7", hl7)]).unwrap();
    assert!(dataset.report().rejected.is_empty());
    assert_eq!(dataset.report().ignored, 5);
    let first = reason("Platelet Count", "on 2 rows, the first here");
    let wbc = reason("WBC", "on this row");
    assert_eq!(
        crate::support::lines_columns_and_reasons(&dataset.report().warnings),
        [
            (4, Some("OBX-3"), first.as_str()),
            (5, Some("OBX-3"), wbc.as_str())
        ]
    );
    // What is read still loads.
    let patient = dataset.patient("Z1").unwrap();
    assert_eq!(dataset.draws(patient).len(), 1);
}

/// An Observation coded `1526` in an Epic OID shown `PLATELET COUNT` (its
/// `code.text` `Platelet Count`) is warned of at the element that names
/// it, once per file and name; a LOINC-coded mean platelet volume and a
/// local glucose are ignored in silence.
#[test]
fn a_fhir_observation_under_a_local_code_named_like_a_count_is_warned_of() {
    let observation = |code: &str, names: &str, value: &str| {
        format!(
            r#"{{"resourceType":"Observation","status":"final","code":{{{names}"coding":[{code}]}},"subject":{{"reference":"Patient/L"}},"effectiveDateTime":"2024-02-01T08:00:00Z","valueQuantity":{{"value":{value},"unit":"K/uL"}}}}"#
        )
    };
    let epic = r#"{"system":"urn:oid:1.2.840.114350.1.13.0.1.7.2.768282","code":"1526","display":"PLATELET COUNT"}"#;
    let lines = [
        observation(epic, r#""text":"Platelet Count","#, "12"),
        observation(
            r#"{"system":"urn:oid:1.2.3","code":"88","display":"WBC"}"#,
            "",
            "1.1",
        ),
        observation(epic, r#""text":"Platelet Count","#, "12"),
        observation(
            r#"{"system":"http://loinc.org","code":"32623-1","display":"Platelet mean volume [Entitic volume] in Blood by Automated count"}"#,
            "",
            "9.1",
        ),
        observation(
            r#"{"system":"urn:oid:1.2.3","code":"GLU","display":"Glucose"}"#,
            "",
            "5.5",
        ),
    ];
    let dataset = load_texts(&[("local.ndjson", &lines.join("\n"))]).unwrap();
    assert!(dataset.report().rejected.is_empty());
    assert_eq!(dataset.report().ignored, 5);
    let first = reason("Platelet Count", "on 2 rows, the first here");
    let wbc = reason("WBC", "on this row");
    assert_eq!(
        crate::support::lines_columns_and_reasons(&dataset.report().warnings),
        [
            (1, Some("code.text"), first.as_str()),
            (2, Some("code.coding[0].display"), wbc.as_str())
        ]
    );
}
