//! FHIR R4 Bundles (tests/data/fhir-collection.json, a `collection` bundle
//! written for these tests): patients, draws, censoring, lab ranges and
//! rejections with their line and element. Expected values are worked by
//! hand from the fixture; entry indices count from 0, lines from 1.

use std::fs;
use std::path::Path;

use crate::support::bin::{data, patient_ids, summary_json as summary};
use hemotrend::ingest::{load, load_texts};
use hemotrend::model::{Analyte, Censor, Dataset, Decimal, LabRange, Reading, Rejection};
use serde_json::{Value as Json, json};

fn d(text: &str) -> Decimal {
    Decimal::parse(text).unwrap()
}

/// Each rejection as file, line, column and reason.
fn refusals(dataset: &Dataset) -> Vec<(&str, u64, Option<&str>, &str)> {
    fn refusal(r: &Rejection) -> (&str, u64, Option<&str>, &str) {
        (&r.file, r.line, r.column.as_deref(), &r.reason)
    }
    dataset.report().rejected.iter().map(refusal).collect()
}

#[test]
fn rejections_name_the_line_and_the_element() {
    let path = data("fhir-collection.json");
    let json = summary(&path);
    let found: Vec<_> = json["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            assert_eq!(r["file"], path.display().to_string());
            (
                r["line"].as_u64().unwrap(),
                r["column"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expected = [
        // WBC "<=" 0.9: a bound that may be reached is not "<".
        (382, "entry[12].resource.valueQuantity"),
        (412, "entry[13].resource.status"),
        // Subject "Group/1".
        (441, "entry[14].resource.subject"),
        // RBC 4.9 without a unit.
        (600, "entry[20].resource.valueQuantity"),
        // MCV with code 10*3/uL but unit g/dL.
        (626, "entry[21].resource.valueQuantity"),
    ];
    let expected: Vec<_> = expected
        .iter()
        .map(|&(line, column)| (line, column.to_string()))
        .collect();
    assert_eq!(found, expected);
    // Body height is the only observation outside the CBC; the Condition
    // is not an observation and is not counted.
    assert_eq!(json["ignored"], 1);
}

#[test]
fn patients_draws_and_severity() {
    let json = summary(&data("fhir-collection.json"));
    let a = &json["patients"][0];
    assert_eq!(a["patient_id"], "fx-1");
    assert_eq!(a["name"], "Rowe, Ada May", "the official name");
    assert_eq!(a["sex"], "F");
    // Encounters E1 and E2 at the same instant (08:00+01:00 = 07:00Z) are
    // two draws; E1's second hemoglobin, written in UTC, merges into E1.
    assert_eq!(a["draws"], 3);
    assert_eq!(a["first"], "2024-03-01T08:00:00+01:00");
    // .250 seconds are dropped; the offset is kept.
    assert_eq!(a["last"], "2024-03-15T09:30:00+01:00");
    let latest = &a["latest"];
    assert_eq!(latest["plt"], 10);
    assert_eq!(latest["censored"], json!({"plt": "<"}));
    assert_eq!(latest["hgb"], 9);
    assert_eq!(latest["anc"], 0.1);
    assert_eq!(latest["wbc"], Json::Null, "the <= WBC was rejected");
    assert_eq!(latest["derived"], json!([]));
    // ANC 0.1 < 0.2 with platelets < 10 and hemoglobin 9.
    assert_eq!(a["severity"]["category"], "very-severe");
    assert_eq!(a["severity"]["could_be"], json!([]));
    assert_eq!(a["below"], json!(["hgb", "plt", "anc"]));
    assert_eq!(
        latest["ranges"]["hgb"],
        json!({"lower": 12, "upper": 15.5, "source": "default"})
    );

    let b = &json["patients"][1];
    assert_eq!(b["patient_id"], "fx-2");
    assert_eq!(b["name"], "Stone, Eli");
    assert_eq!(b["sex"], "M");
    assert_eq!(b["draws"], 1);
    assert_eq!(b["last"], "2024-02-01");
    // Platelets given with the unit "10^9/L" only (no UCUM code).
    assert_eq!(b["latest"]["plt"], 250);
    assert_eq!(b["latest"]["anc"], 3.2);
    assert_eq!(b["severity"]["category"], "none");
    assert_eq!(b["below"], json!([]));
}

#[test]
fn derived_anc_at_the_cut_off_and_lab_ranges_in_the_dataset() {
    let dataset = load(&[data("fhir-collection.json")]).unwrap();
    let patient = dataset.patient("fx-1").unwrap();
    let draws = dataset.draws(patient);
    let first = draws.get(0).unwrap().values;
    // WBC 2.0 x neutrophils 10 % / 100 = 0.2: exactly the very-severe
    // cut-off, which it does not meet, so E1 is severe, not very severe.
    assert_eq!(
        first.reading(Analyte::Anc),
        Some(Reading {
            amount: d("0.2"),
            censor: Censor::Exact,
            derived: true
        })
    );
    let range = |lower, upper| Some(LabRange::new(d(lower), d(upper)));
    assert_eq!(draws.lab_range(0, Analyte::Hgb), range("12", "15.5"));
    assert_eq!(draws.lab_range(0, Analyte::Plt), range("150", "400"));
    assert_eq!(draws.lab_range(0, Analyte::Retic), None);
    assert_eq!(
        draws.get(1).unwrap().values.reading(Analyte::Plt),
        Some(Reading::exact(d("17")))
    );
    assert_eq!(dataset.report().duplicates_merged, 1);
    assert_eq!(
        dataset.report().rows_read,
        22,
        "2 Patients, 20 Observations"
    );
}

#[test]
fn a_folder_holds_bundles_beside_csv_files() {
    let folder = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fhir-folder");
    let _ = fs::remove_dir_all(&folder);
    fs::create_dir_all(&folder).unwrap();
    fs::copy(data("fhir-collection.json"), folder.join("a.json")).unwrap();
    fs::copy(data("long-good.csv"), folder.join("b.csv")).unwrap();
    let json = summary(&folder);
    let ids = patient_ids(&json);
    assert_eq!(ids, ["C3", "fx-1", "fx-2"]);
}

#[test]
fn json_that_is_not_a_bundle_is_unusable() {
    // A single resource is read as it is (here: an Observation of no test,
    // ignored).
    let single = load_texts(&[("x.json", r#"{"resourceType": "Observation"}"#)]).unwrap();
    assert_eq!(single.report().ignored, 1);
    for (text, words) in [
        (r#"{"a": 1}"#, "expected FHIR R4 JSON"),
        (
            "{\"resourceType\": \"Bundle\",\n \"entry\": [",
            "cannot be read as JSON",
        ),
    ] {
        let error = load_texts(&[("x.json", text)]).unwrap_err();
        assert!(error.to_string().contains(words), "{error}");
    }
    // A bundle without observations loads nothing and is not an error:
    // Synthea writes hospital and practitioner bundles beside patients'.
    let empty = load_texts(&[("h.json", r#"{"resourceType": "Bundle", "type": "batch"}"#)]);
    assert_eq!(empty.unwrap().patients().len(), 0);
}

#[test]
fn an_observation_that_is_not_valid_is_rejected_alone() {
    let text = r#"{"resourceType": "Bundle", "type": "collection", "entry": [
  {"resource": {"resourceType": "Observation", "status": "final",
    "code": {"coding": [{"system": "http://loinc.org", "code": "777-3"}]},
    "subject": {"reference": "Patient/p"}, "effectiveDateTime": "2024-01-01",
    "valueQuantity": {"value": "12", "code": "10*3/uL"}}},
  {"resource": {"resourceType": "Observation", "code": "777-3"}},
  {"resource": {"resourceType": "Observation", "status": "final",
    "code": {"coding": [{"system": "http://loinc.org", "code": "777-3"}]},
    "subject": {"reference": "Patient/p"}, "effectiveDateTime": "2024-01-01",
    "valueQuantity": {"value": 12, "code": "10*3/uL"},
    "referenceRange": [{"low": {"value": 150, "code": "10*3/uL"}}]}},
  {"resource": {"resourceType": "Observation", "status": "final",
    "code": {"coding": [{"system": "http://loinc.org", "code": "777-3"}]},
    "subject": {"reference": "Patient/p"}, "effectiveDateTime": "2024-01-02",
    "valueQuantity": {"value": 1.2e1, "code": "10*3/uL"}}}
]}"#;
    let dataset = load_texts(&[("b.json", text)]).unwrap();
    let found: Vec<_> = dataset
        .report()
        .rejected
        .iter()
        .map(|r| (r.line, r.column.clone().unwrap_or_default()))
        .collect();
    assert_eq!(
        found,
        [
            (2, "entry[0].resource.valueQuantity".to_string()),
            (6, "entry[1].resource.code".to_string()),
        ]
    );
    // The element at fault is named, in JSON's words.
    assert_eq!(
        dataset.report().rejected[1].reason,
        "not a valid code: invalid type: string \"777-3\", expected a JSON object"
    );
    // A range with a low but no high costs the range, not the value.
    let warned: Vec<_> = dataset
        .report()
        .warnings
        .iter()
        .map(|w| (w.line, w.column.clone().unwrap_or_default()))
        .collect();
    assert_eq!(
        warned,
        [(7, "entry[2].resource.referenceRange".to_string())]
    );
    // 1.2e1 is 12, read from its text.
    let patient = dataset.patient("p").unwrap();
    assert_eq!(
        dataset
            .draws(patient)
            .get(0)
            .unwrap()
            .values
            .reading(Analyte::Plt),
        Some(Reading::exact(d("12")))
    );
}

#[test]
fn rejections_are_listed_in_line_order() {
    // The broken Patient (line 5) is read in a first pass, the observation
    // (line 2) in a second; the report still lists line 2 first.
    let text = r#"{"resourceType": "Bundle", "entry": [
  {"resource": {"resourceType": "Observation", "status": "final",
    "code": {"coding": [{"system": "http://loinc.org", "code": "777-3"}]},
    "subject": {"reference": "Patient/p"}}},
  {"resource": {"resourceType": "Patient", "id": "p", "birthDate": "1970-02-30"}}
]}"#;
    let dataset = load_texts(&[("b.json", text)]).unwrap();
    let found: Vec<_> = dataset
        .report()
        .rejected
        .iter()
        .map(|r| (r.line, r.column.clone().unwrap_or_default()))
        .collect();
    assert_eq!(
        found,
        [
            (2, "entry[0].resource.effectiveDateTime".to_string()),
            (5, "entry[1].resource.birthDate".to_string()),
        ]
    );
}

/// Two Patient resources of one id (two exports of the same server): the
/// first's details are kept, a detail the second gives otherwise is refused
/// on its line and element, and one the first left out is taken.
#[test]
fn a_second_patient_of_one_id_never_replaces_the_first_in_silence() {
    let observation = r#"{"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"777-3"}]},"subject":{"reference":"Patient/p9"},"effectiveDateTime":"2024-01-01T08:00:00Z","valueQuantity":{"value":150,"unit":"10*3/uL","system":"http://unitsofmeasure.org","code":"10*3/uL"}}"#;
    let first = r#"{"resourceType":"Patient","id":"p9","name":[{"family":"Doe","given":["Jane"]}],"gender":"female"}"#;
    let second = format!(
        "{}\n{observation}\n",
        r#"{"resourceType":"Patient","id":"p9","name":[{"family":"Smith","given":["Jane"]}],"gender":"female","birthDate":"1970-01-01"}"#
    );
    let dataset = load_texts(&[("a.ndjson", first), ("b.ndjson", second.as_str())]).unwrap();
    assert_eq!(
        refusals(&dataset),
        [(
            "b.ndjson",
            1,
            Some("name"),
            "name Smith, Jane conflicts with Doe, Jane on line 1 of a.ndjson for the same \
             patient (the earlier is kept)"
        )]
    );
    assert_eq!(dataset.report().cells_rejected, 1);
    let patient = dataset.patient("p9").unwrap();
    assert_eq!(patient.name.as_deref(), Some("Doe, Jane"));
    assert_eq!(
        patient.birth_date.map(|b| b.to_string()).as_deref(),
        Some("1970-01-01")
    );
    assert_eq!(dataset.draws(patient).len(), 1);
}

/// A CSV file and a FHIR export that name one patient differently: the
/// Patient resource's name is refused once, on its own line and element,
/// not on every Observation that names the patient (nor on its subject).
#[test]
fn a_fhir_patient_conflicting_with_a_csv_row_is_refused_once_on_its_element() {
    let csv = "patient_id,name,collected_at,plt\np9,\"Doe, Jane\",2024-01-01T08:00:00Z,150\n";
    let patient =
        r#"{"resourceType":"Patient","id":"p9","name":[{"family":"Smith","given":["Jane"]}]}"#;
    let observation = |day: u32| {
        format!(
            r#"{{"resourceType":"Observation","status":"final","code":{{"coding":[{{"system":"http://loinc.org","code":"777-3"}}]}},"subject":{{"reference":"Patient/p9"}},"effectiveDateTime":"2024-01-0{day}T08:00:00Z","valueQuantity":{{"value":140,"unit":"10*3/uL"}}}}"#
        )
    };
    let observations = format!(
        "{}\n{}\n{}\n",
        observation(2),
        observation(3),
        observation(4)
    );
    let bundle = format!(
        r#"{{"resourceType":"Bundle","type":"collection","entry":[{{"resource":{patient}}},{{"resource":{}}},{{"resource":{}}}]}}"#,
        observation(2),
        observation(3)
    );
    let patient_line = format!("{patient}\n");
    // The files, and where the refusal is: file, line, column.
    type Case<'a> = (&'a [(&'a str, &'a str)], (&'a str, u64, &'a str));
    let cases: [Case<'_>; 2] = [
        // Bulk Data: the Patient in a file of its own.
        (
            &[
                ("a.csv", csv),
                ("Patient.ndjson", patient_line.as_str()),
                ("Observation.ndjson", observations.as_str()),
            ],
            ("Patient.ndjson", 1, "name"),
        ),
        (
            &[("a.csv", csv), ("b.json", bundle.as_str())],
            ("b.json", 1, "entry[0].resource.name"),
        ),
    ];
    for (files, (file, line, column)) in cases {
        let dataset = load_texts(files).unwrap();
        assert_eq!(
            refusals(&dataset),
            [(
                file,
                line,
                Some(column),
                "name Smith, Jane conflicts with Doe, Jane on line 2 of a.csv for the same \
                 patient (the earlier is kept)"
            )],
            "{files:?}"
        );
        assert_eq!(dataset.report().cells_rejected, 1);
        let patient = dataset.patient("p9").unwrap();
        assert_eq!(patient.name.as_deref(), Some("Doe, Jane"));
        assert!(dataset.draws(patient).len() >= 3);
    }
}

/// A FHIR value refused (a unit that does not fit) is a result of the draw
/// at its time; an Observation refused for its status is not.
#[test]
fn a_refused_fhir_value_names_the_time_of_its_draw() {
    let observation = |code: &str, value: &str, unit: &str, status: &str| {
        format!(
            r#"{{"resourceType":"Observation","status":"{status}","code":{{"coding":[{{"system":"http://loinc.org","code":"{code}"}}]}},"subject":{{"reference":"Patient/p9"}},"effectiveDateTime":"2024-01-01T08:00:00Z","valueQuantity":{{"value":{value},"unit":"{unit}"}}}}"#
        )
    };
    let text = [
        observation("718-7", "11.5", "g/dL", "final"),
        observation("777-3", "140", "furlongs", "final"),
        observation("777-3", "141", "10*3/uL", "entered-in-error"),
    ]
    .join("\n");
    let dataset = load_texts(&[("o.ndjson", text.as_str())]).unwrap();
    let at = crate::support::refused_at(&dataset);
    assert_eq!(
        at,
        [(2, Some("2024-01-01T08:00:00Z".to_string())), (3, None)],
        "{:?}",
        dataset.report().rejected
    );
}

/// A reference range for some ages or a population (`age`, `appliesTo`)
/// may be another patient's: it is not used, with a warning naming the
/// element, and the limits for the age and sex apply; a range for everyone
/// is the lab's.
#[test]
fn a_reference_range_for_some_patients_only_is_not_used() {
    let observation = |code: &str, value: &str, unit: &str, range: &str| {
        format!(
            r#"{{"resource": {{"resourceType": "Observation", "status": "final",
    "code": {{"coding": [{{"system": "http://loinc.org", "code": "{code}"}}]}},
    "subject": {{"reference": "Patient/p"}}, "effectiveDateTime": "2024-01-01T08:00:00Z",
    "valueQuantity": {{"value": {value}, "code": "{unit}"}},
    "referenceRange": [{range}]}}}}"#
        )
    };
    let entries = [
        r#"{"resource": {"resourceType": "Patient", "id": "p", "gender": "female", "birthDate": "1980-01-01"}}"#.to_string(),
        observation(
            "718-7",
            "12.5",
            "g/dL",
            r#"{"low": {"value": 13.5, "code": "g/dL"}, "high": {"value": 17.5, "code": "g/dL"},
      "appliesTo": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v3-AdministrativeGender", "code": "M"}]}]}"#,
        ),
        observation(
            "777-3",
            "150",
            "10*3/uL",
            r#"{"low": {"value": 160, "code": "10*3/uL"}, "high": {"value": 450, "code": "10*3/uL"},
      "age": {"low": {"value": 0, "code": "a"}, "high": {"value": 10, "code": "a"}}}"#,
        ),
        observation(
            "6690-2",
            "5",
            "10*3/uL",
            r#"{"low": {"value": 4, "code": "10*3/uL"}, "high": {"value": 11, "code": "10*3/uL"}}"#,
        ),
    ];
    let text = format!(
        r#"{{"resourceType": "Bundle", "type": "collection", "entry": [
{}
]}}"#,
        entries.join(",\n")
    );
    let dataset = load_texts(&[("b.json", &text)]).unwrap();
    assert!(dataset.report().rejected.is_empty());
    assert_eq!(
        crate::support::lines_and_columns(&dataset.report().warnings),
        [
            (3, Some("entry[1].resource.referenceRange.appliesTo")),
            (9, Some("entry[2].resource.referenceRange.age")),
        ]
    );
    assert!(
        dataset.report().warnings[0]
            .reason
            .contains("for some patients only"),
        "{:?}",
        dataset.report().warnings[0]
    );
    let patient = dataset.patient("p").unwrap();
    let draws = dataset.draws(patient);
    assert_eq!(draws.lab_range(0, Analyte::Hgb), None);
    assert_eq!(draws.lab_range(0, Analyte::Plt), None);
    assert_eq!(
        draws.lab_range(0, Analyte::Wbc),
        Some(LabRange::new(d("4"), d("11")))
    );
}

/// A FHIR Patient (or an HL7 PID) whose file holds no CBC result of theirs
/// still gives the patient's sex and birth date to their results in
/// another file, as a patients table does: a girl of 7 with Hb 11.8 is
/// judged by her age's limits (11.5-15.5), not flagged L by an adult's.
#[test]
fn a_patient_without_results_of_their_own_gives_their_details_to_other_files() {
    let labs = "patient_id,collected_at,test,value,unit\nK1,2024-03-15T09:00:00Z,hgb,11.8,g/dL\n";
    let fhir = r#"{"resourceType":"Patient","id":"K1","name":[{"family":"Doe","given":["Kim"]}],"gender":"female","birthDate":"2016-06-15"}"#;
    let hl7 = "MSH|^~\\&|LAB|FAC||EHR|20240601||ORU^R01|M1|P|2.5.1\r\
               PID|1||K1^^^HOSP^MR||Doe^Kim||20160615|F\r\
               OBR|1|||57021-8^CBC^LN|||20240315090000+0000\r\
               OBX|1|NM|2345-7^Glucose^LN||5.5|mmol/L|||||F\r";
    for details in [("Patient.ndjson", fhir), ("adt.hl7", hl7)] {
        let dataset = load_texts(&[("labs.csv", labs), details]).unwrap();
        let patient = dataset.patient("K1").unwrap();
        assert_eq!(patient.name.as_deref(), Some("Doe, Kim"), "{}", details.0);
        assert_eq!(patient.sex, hemotrend::model::Sex::Female, "{}", details.0);
        assert_eq!(
            patient.birth_date.map(|b| b.date_text()).as_deref(),
            Some("2016-06-15"),
            "{}",
            details.0
        );
        assert!(dataset.report().rejected.is_empty(), "{}", details.0);
    }
}

/// The words a CSV file's sex takes give the same sex in a FHIR Patient's
/// `gender` (`F`, `Female`, which servers that do not check the code
/// write) and in HL7's PID-8 (`female`): a woman is never judged by the
/// limits of unknown sex for the format her results came in.
#[test]
fn a_sex_written_as_a_csv_file_writes_it_is_read_in_every_format() {
    let labs = "patient_id,collected_at,test,value,unit\nK1,2024-03-15T09:00:00Z,hgb,12.5,g/dL\n";
    let patient = |gender: &str| {
        format!(
            r#"{{"resourceType":"Patient","id":"K1","gender":"{gender}","birthDate":"1980-06-15"}}"#
        )
    };
    let pid = |sex: &str| {
        format!(
            "MSH|^~\\&|LAB|FAC||EHR|20240601||ORU^R01|M1|P|2.5.1\rPID|1||K1^^^HOSP^MR||Doe^Kim||19800615|{sex}\r\
             OBR|1|||57021-8^CBC^LN|||20240315090000+0000\rOBX|1|NM|2345-7^Glucose^LN||5.5|mmol/L|||||F\r"
        )
    };
    for (name, text) in [
        ("f.ndjson", patient("F")),
        ("female.ndjson", patient("Female")),
        ("fhir.ndjson", patient("female")),
        ("pid.hl7", pid("female")),
        ("pid-f.hl7", pid("F")),
    ] {
        let dataset = load_texts(&[("labs.csv", labs), (name, &text)]).unwrap();
        let patient = dataset.patient("K1").unwrap();
        assert_eq!(patient.sex, hemotrend::model::Sex::Female, "{name}");
    }
}

/// A unit code hemotrend cannot read (a local system's `KUL`) gives way to
/// the unit text beside it (`K/uL`): the result had been refused as an
/// unknown unit whose message listed `K/uL` among those read.
#[test]
fn a_local_unit_code_gives_way_to_a_readable_unit_text() {
    let text = r#"{"resourceType":"Observation","id":"o1","status":"final",
 "code":{"coding":[{"system":"http://loinc.org","code":"777-3"}]},
 "subject":{"reference":"Patient/p1"},"effectiveDateTime":"2024-01-01T08:00:00Z",
 "valueQuantity":{"value":150,"unit":"K/uL","system":"urn:oid:1.2.840.114350","code":"KUL"}}"#;
    let dataset = load_texts(&[("loc.json", text)]).expect("loads");
    assert!(refusals(&dataset).is_empty(), "{:?}", refusals(&dataset));
    let patient = dataset.patients().first().expect("a patient");
    let draw = dataset.draws(patient).get(0).expect("a draw");
    assert_eq!(
        draw.values.get(Analyte::Plt).reading().map(|r| r.amount),
        Some(d("150"))
    );
    // A UCUM code never gives way (`10*3/mm3` is not `/mm3`), and two
    // spellings of one unit of the test agree.
    let quantity = |value: &str, code: &str, unit: &str| {
        format!(
            r#"{{"resourceType":"Observation","id":"o1","status":"final",
 "code":{{"coding":[{{"system":"http://loinc.org","code":"777-3"}}]}},
 "subject":{{"reference":"Patient/p1"}},"effectiveDateTime":"2024-01-01T08:00:00Z",
 "valueQuantity":{{"value":{value},"unit":"{unit}","system":"http://unitsofmeasure.org","code":"{code}"}}}}"#
        )
    };
    let ucum = load_texts(&[("u.json", &quantity("25", "10*3/mm3", "/mm3"))]).expect("loads");
    assert_eq!(ucum.draw_count(), 0);
    assert_eq!(refusals(&ucum).len(), 1);
    let giga = load_texts(&[("g.json", &quantity("25", "10*9/L", "G/L"))]).expect("loads");
    assert!(refusals(&giga).is_empty(), "{:?}", refusals(&giga));
    assert_eq!(giga.draw_count(), 1);
}
