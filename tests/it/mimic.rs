//! A MIMIC-IV `labevents.csv` as MIMIC ships it (tests/data/mimic-labevents.csv):
//! itemids, specimens, `value` beside `valuenum`, MIMIC's unit spellings and
//! the lab's own reference ranges. Every expected number is worked by hand
//! from the fixture, line by line (header = line 1).

use std::path::{Path, PathBuf};

use crate::support::bin::{patient_ids, summary_json};
use hemotrend::ingest::load;
use hemotrend::model::{Analyte, Censor, Decimal, LabRange, Reading};
use serde_json::{Value as Json, json};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/mimic-labevents.csv")
}

fn d(text: &str) -> Decimal {
    Decimal::parse(text).unwrap()
}

fn summary() -> Json {
    summary_json(&fixture())
}

#[test]
fn rows_are_loaded_ignored_or_rejected_with_reasons() {
    let json = summary();
    // Creatinine (lines 10 and 23); lymphocytes % 51244 (line 22) is a
    // test of clinical.md section 5.
    assert_eq!(json["ignored"], 2);
    let rejected = json["rejected"].as_array().unwrap();
    let found: Vec<_> = rejected
        .iter()
        .map(|r| (r["line"].as_u64().unwrap(), r["column"].as_str().unwrap()))
        .collect();
    // Line 17: value "___" with no valuenum; line 21: value 88, valuenum 89.
    assert_eq!(found, [(17, "value"), (21, "valuenum")]);
    assert!(rejected[0]["reason"].as_str().unwrap().contains("\"___\""));
    assert!(rejected[1]["reason"].as_str().unwrap().contains("disagree"));
    // Subject 10003 has only creatinine: no patient.
    let ids = patient_ids(&json);
    assert_eq!(ids, ["10001", "10002"]);
}

#[test]
fn specimens_make_draws_and_the_lab_range_decides_below() {
    let json = summary();
    let p = &json["patients"][0];
    // Specimens 5001 and 5002 share a minute: two draws; 5003 a week later.
    assert_eq!(p["draws"], 3);
    assert_eq!(p["first"], "2180-07-23T10:45:00");
    let latest = &p["latest"];
    assert_eq!(latest["collected_at"], "2180-07-30T08:00:00");
    // WBC "<0.1" with an empty valuenum keeps its qualifier; ANC is
    // derived: below 0.1 x 30 % / 100 = below 0.03.
    assert_eq!(latest["wbc"], 0.1);
    assert_eq!(latest["anc"], 0.03);
    assert_eq!(latest["censored"], json!({"wbc": "<", "anc": "<"}));
    assert_eq!(latest["derived"], json!(["anc"]));
    // Platelets 145 are below clinical.md's 150 but not below this lab's
    // 130; hemoglobin 12.5 is below the 13.5 of unknown sex but not below
    // the lab's 12.0. WBC is below the lab's 4.0; ANC below the default 1.5.
    assert_eq!(p["below"], json!(["wbc", "anc"]));
    assert_eq!(
        latest["ranges"],
        json!({
            "wbc": {"lower": 4, "upper": 11, "source": "lab"},
            "hgb": {"lower": 12, "upper": 16, "source": "lab"},
            "plt": {"lower": 130, "upper": 400, "source": "lab"},
            "anc": {"lower": 1.5, "upper": 7.7, "source": "default"},
        })
    );
    // Only one cytopenia criterion (ANC) in the latest draw.
    assert_eq!(p["severity"]["category"], "none");
    // Specimen 5001: hemoglobin 8.1, platelets 15, ANC 2.1 x 20 % = 0.42:
    // three cytopenia criteria, two severe-criteria, 0.42 is not < 0.2.
    assert_eq!(p["worst"]["category"], "severe");
    assert_eq!(p["worst"]["collected_at"], "2180-07-23T10:45:00");

    let q = &json["patients"][1];
    // Hemoglobin 13.6 is above the default 13.5 but below this lab's 13.7;
    // the MIMIC flag "abnormal" on WBC 5.2 (line 16) is not a flag.
    assert_eq!(q["below"], json!(["hgb"]));
    assert_eq!(q["latest"]["anc"], 3.1);
    assert_eq!(q["latest"]["alc"], 1.5);
    assert_eq!(q["latest"]["derived"], json!([]));
    assert_eq!(q["latest"]["plt"], Json::Null, "line 17 was rejected");
    assert_eq!(q["latest"]["mcv"], Json::Null, "line 21 was rejected");
    assert_eq!(
        q["latest"]["ranges"]["anc"],
        json!({"lower": 1.5, "upper": 7.7, "source": "default"})
    );
}

#[test]
fn mimic_units_and_ranges_convert_exactly() {
    let dataset = load(&[fixture()]).expect("usable");
    let patient = dataset.patient("10001").unwrap();
    let draws = dataset.draws(patient);
    let first = draws.get(0).unwrap().values;
    // 52769 lymphocytes 1250 #/uL = 1.25 x10^9/L, range 1200-3500 = 1.2-3.5.
    assert_eq!(first.reading(Analyte::Alc), Some(Reading::exact(d("1.25"))));
    let range = |lower, upper| Some(LabRange::new(d(lower), d(upper)));
    assert_eq!(draws.lab_range(0, Analyte::Alc), range("1.2", "3.5"));
    assert_eq!(
        dataset.lab_range(patient, 0, Analyte::Alc),
        range("1.2", "3.5")
    );
    // RBC 2.80 m/uL (mega, not milli) = 2.8 x10^12/L.
    assert_eq!(first.reading(Analyte::Rbc), Some(Reading::exact(d("2.8"))));
    assert_eq!(draws.lab_range(0, Analyte::Rbc), range("4.2", "5.4"));
    // Derived values carry no lab range: the 50-70 is a range of the %.
    assert_eq!(
        first.reading(Analyte::Anc),
        Some(Reading {
            amount: d("0.42"),
            censor: Censor::Exact,
            derived: true
        })
    );
    assert_eq!(draws.lab_range(0, Analyte::Anc), None);
    // The second panel of the same minute: platelets 18 with its own range.
    let second = draws.get(1).unwrap().values;
    assert_eq!(second.reading(Analyte::Plt), Some(Reading::exact(d("18"))));
    assert_eq!(draws.lab_range(1, Analyte::Plt), range("150", "440"));
    assert_eq!(draws.lab_range(2, Analyte::Plt), range("130", "400"));
}

/// What the lab tables say of a cell that is not UTF-8.
const NOT_UTF8: &str =
    "not valid UTF-8 text (if the file is in another encoding, such as Latin-1, save it as UTF-8)";

/// `(line, column, reason)` of every rejection or warning.
fn listed(entries: &[hemotrend::model::Rejection]) -> Vec<(u64, String, String)> {
    entries
        .iter()
        .map(|r| {
            (
                r.line,
                r.column.clone().unwrap_or_default(),
                r.reason.clone(),
            )
        })
        .collect()
}

/// MIMIC's `comments` in Latin-1 (`\xe1`) costs a readable value nothing
/// (a warning names it) and a row of a test outside the CBC nothing at
/// all; a masked value it may qualify (`<5` read as 5 would be wrong) is
/// refused at the comment, saying why. A range cell that is not UTF-8
/// (a Latin-1 no-break space, `\xa0`) costs the range, never the value,
/// in MIMIC and in any long file. Each of these rejected its whole row
/// (platelets 206 lost) with a short "not valid UTF-8 text", as a patient
/// id that is not UTF-8 still does, now with the encoding advice.
#[test]
fn a_latin1_comment_or_range_costs_that_cell_only() {
    let labevents: &[u8] = b"labevent_id,subject_id,hadm_id,specimen_id,itemid,order_provider_id,\
        charttime,storetime,value,valuenum,valueuom,ref_range_lower,ref_range_upper,flag,priority,\
        comments\n\
        1,10001,,7,51265,,2150-01-01 08:00:00,,206,206,K/uL,150,440,,ROUTINE,revis\xe1do\n\
        2,10001,,7,51248,,2150-01-01 08:00:00,,31,31,pg,27,32,,ROUTINE,revis\xe1do\n\
        3,10001,,8,51265,,2150-01-02 08:00:00,,___,5,K/uL,150,440,abnormal,ROUTINE,<5 pl\xe1q\n\
        4,10001,,7,51222,,2150-01-01 08:00:00,,9.2,9.2,g/dL,13.7\xa0,17.5,abnormal,ROUTINE,\n";
    let long: &[u8] = b"patient,collected_at,test,value,unit,ref_range_lower,ref_range_upper\n\
        P1,2024-01-01,plt,140,10^9/L,150,\"450\xa0\"\n\
        P1,2024-01-01,hgb,12,g/dL,12,16\n\
        P\xe12,2024-01-01,plt,150,10^9/L,150,450\n";
    let dataset =
        hemotrend::ingest::load_bytes(&[("labevents.csv", labevents), ("long.csv", long)])
            .expect("loads");
    let report = dataset.report();
    assert_eq!(report.ignored, 1, "the MCH row is not a CBC's");
    let refused = listed(&report.rejected);
    assert_eq!(refused.len(), 2, "{refused:?}");
    assert_eq!((refused[0].0, refused[0].1.as_str()), (4, "comments"));
    // A patient id that is not UTF-8 refuses its row, in the same words.
    assert_eq!(refused[1], (4, "patient".to_string(), NOT_UTF8.to_string()));
    assert!(
        refused[0]
            .2
            .contains("cannot be read, and it may qualify the number")
            && refused[0].2.ends_with(NOT_UTF8),
        "{refused:?}"
    );
    let limits = "the limits for the age and sex apply (the adult ones when the age is unknown)";
    assert_eq!(
        listed(&report.warnings),
        [
            (
                2,
                "comments".to_string(),
                format!("{NOT_UTF8}: not read (only a masked value needs its comment)")
            ),
            (
                5,
                "ref_range_lower".to_string(),
                format!("{NOT_UTF8}; {limits}")
            ),
            (
                2,
                "ref_range_upper".to_string(),
                format!("{NOT_UTF8}; {limits}")
            ),
        ]
    );
    let patient = dataset.patient("10001").expect("subject 10001");
    let draws = dataset.draws(patient);
    assert_eq!(draws.len(), 1, "the masked count's draw has no value");
    let values = draws.get(0).unwrap().values;
    assert_eq!(values.reading(Analyte::Plt), Some(Reading::exact(d("206"))));
    assert_eq!(values.reading(Analyte::Hgb), Some(Reading::exact(d("9.2"))));
    assert_eq!(
        draws.lab_range(0, Analyte::Hgb),
        None,
        "its range was not read"
    );
    let p1 = dataset.patient("P1").expect("P1");
    let draws = dataset.draws(p1);
    let values = draws.get(0).unwrap().values;
    assert_eq!(values.reading(Analyte::Plt), Some(Reading::exact(d("140"))));
    assert_eq!(draws.lab_range(0, Analyte::Plt), None);
}
