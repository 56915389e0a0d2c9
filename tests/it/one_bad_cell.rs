//! DESIGN.md "Real exports as they ship": one bad cell never loses the rest
//! of its row, a row with no value makes no draw, and the units and times
//! real exports write load exactly. Fixtures in tests/data/cell-*.csv; every
//! expected number is worked by hand from them (header = line 1).

use crate::support::bin::{data, hemotrend, summary_json, summary_json_of};
use serde_json::{Value as Json, json};

fn patient<'a>(json: &'a Json, id: &str) -> &'a Json {
    json["patients"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["patient_id"] == id)
        .unwrap_or_else(|| panic!("patient {id} in {json}"))
}

/// `(line, column, reason fragment)` of every rejection, in order.
fn rejections(json: &Json) -> Vec<(u64, Json, String)> {
    json["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["line"].as_u64().unwrap(),
                r["column"].clone(),
                r["reason"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// A folder holding `labs.csv` and `events.csv` with these texts.
fn labs_and_events(labs: &str, events: &str) -> tempfile::TempDir {
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(folder.path().join("labs.csv"), labs).unwrap();
    std::fs::write(folder.path().join("events.csv"), events).unwrap();
    folder
}

/// The file's one rejection, checked to be at `line` and `column` with a
/// reason holding `words`.
fn only_refusal(json: &Json, line: u64, column: &str, words: &str) {
    let refused = rejections(json);
    assert_eq!(refused.len(), 1, "{refused:?}");
    assert_eq!(
        (refused[0].0, &refused[0].1),
        (line, &json!(column)),
        "{refused:?}"
    );
    assert!(refused[0].2.contains(words), "{refused:?}");
}

#[test]
fn a_wide_row_keeps_every_cell_but_the_bad_one() {
    let json = summary_json(&data("cell-wide.csv"));
    let rejected = rejections(&json);
    let columns: Vec<(u64, Json)> = rejected.iter().map(|(l, c, _)| (*l, c.clone())).collect();
    assert_eq!(
        columns,
        vec![
            (3, json!("mcv")),
            (4, json!("birth_date")),
            (4, json!("plt")),
            (6, json!("wbc")),
        ],
        "{rejected:?}"
    );
    assert!(rejected[0].2.contains("CLUMPED"), "{rejected:?}");
    assert!(rejected[1].2.contains("birth date"), "{rejected:?}");
    assert!(rejected[2].2.contains("negative"), "{rejected:?}");
    let p1 = patient(&json, "P1");
    // Lines 2-4 are draws; line 5 has no value and is not the latest.
    assert_eq!(p1["draws"], 3, "{p1}");
    assert_eq!(p1["latest"]["collected_at"], "2024-01-03T08:00:00");
    assert_eq!(p1["latest"]["plt"], Json::Null);
    assert_eq!(p1["latest"]["mcv"], 90);
    // The draw with the unreadable MCV keeps its platelets and ANC.
    assert_eq!(p1["worst"]["collected_at"], "2024-01-02T08:00:00", "{p1}");
    // P2's only row had only a bad value: no draw, so no patient.
    assert!(
        json["patients"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["patient_id"] != "P2"),
        "{json}"
    );
}

#[test]
fn check_counts_rows_and_cells_apart() {
    let path = data("cell-wide.csv").display().to_string();
    let check = hemotrend(&["check", &path]);
    assert_eq!(check.status.code(), Some(1), "{check:?}");
    let text = String::from_utf8_lossy(&check.stdout);
    assert!(
        text.contains(
            "1 file, 5 rows: 3 loaded into 3 draws of 1 patient, 0 ignored (not part of a CBC), \
             2 with no value (no draw), 0 rejected and 4 cells alone (the rest of their rows read)."
        ),
        "{text}"
    );
}

#[test]
fn a_long_row_keeps_its_value_when_its_birth_date_is_bad() {
    let json = summary_json(&data("cell-long.csv"));
    let rejected = rejections(&json);
    assert_eq!(rejected.len(), 2, "{rejected:?}");
    assert_eq!((rejected[0].0, &rejected[0].1), (2, &json!("birth_date")));
    assert_eq!((rejected[1].0, &rejected[1].1), (3, &json!("value")));
    let p1 = patient(&json, "P1");
    // Line 4 has no value: no draw, and not the latest.
    assert_eq!(p1["draws"], 1, "{p1}");
    assert_eq!(p1["latest"]["plt"], 15);
    assert_eq!(p1["sex"], "F");
}

#[test]
fn the_units_and_times_real_exports_write_load_exactly() {
    let json = summary_json(&data("cell-units.csv"));
    assert_eq!(json["rejected"], json!([]), "{json}");
    let u1 = &patient(&json, "U1")["latest"];
    assert_eq!(u1["collected_at"], "2024-01-01T08:00:00Z");
    assert_eq!(u1["plt"], 150);
    assert_eq!(u1["wbc"], 4.5);
    assert_eq!(u1["anc"], 1.5);
    assert_eq!(u1["alc"], 1.2);
    assert_eq!(u1["rbc"], 4.5);
    assert_eq!(u1["retic"], 60);
    // 6.2055 x 1.6114 = 9.99954270, kept as 9.999543: below 10.
    assert_eq!(u1["hgb"], 9.999543);
    let u2 = &patient(&json, "U2")["latest"];
    assert_eq!(u2["collected_at"], "2024-01-01T10:00:00+02:00");
    assert_eq!(u2["hgb"], 10.000349);
    assert_eq!(u2["plt"], 20);
    assert_eq!(u2["rbc"], 4.2);
    assert_eq!(u2["hct"], 29);
    let u3 = patient(&json, "U3");
    assert_eq!(u3["draws"], 2, "{u3}");
    // -05 puts the ANC draw at 15:00 UTC, after the 10:00 draw.
    assert_eq!(u3["latest"]["collected_at"], "2024-01-01T10:00:00-05:00");
    assert_eq!(u3["latest"]["anc"], 0.4);
}

#[test]
fn hemoglobin_in_mmol_per_litre_keeps_its_side_of_10() {
    let json = summary_json(&data("cell-units.csv"));
    let criteria = |id: &str| patient(&json, id)["severity"]["criteria"].clone();
    let hgb_rule = |criteria: &Json| {
        criteria
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["analyte"] == "hgb" && c["cutoff"] == 10)
            .cloned()
            .unwrap_or_else(|| panic!("a hemoglobin criterion in {criteria}"))
    };
    let below = hgb_rule(&criteria("U1"));
    let above = hgb_rule(&criteria("U2"));
    assert_eq!(below["outcome"], "met", "{below}");
    assert_eq!(above["outcome"], "not met", "{above}");
}

/// A name, sex or birth date that differs from the patient's earlier one
/// costs that cell alone: the earlier stays, and the row's values load as
/// a draw of their own (tests/data/cell-details.csv). A value that
/// conflicts in the same draw still refuses its row, and the row's name
/// that differs is named too (it was passed over with the row).
#[test]
fn a_patients_details_that_differ_cost_those_cells_not_the_row() {
    let json = summary_json(&data("cell-details.csv"));
    let rejected = rejections(&json);
    let columns: Vec<(u64, Json)> = rejected.iter().map(|(l, c, _)| (*l, c.clone())).collect();
    assert_eq!(
        columns,
        [
            (3, json!("name")),
            (3, json!("sex")),
            (3, json!("birth_date")),
            (6, json!("name")),
            (6, json!("plt")),
        ],
        "{rejected:?}"
    );
    assert!(
        rejected[0].2.contains(
            "name John Smith conflicts with Smith, John on line 2 for the same patient (the earlier is kept)"
        ),
        "{rejected:?}"
    );
    assert!(
        rejected[4]
            .2
            .contains("155 conflicts with 150 on line 5 for the same draw"),
        "{rejected:?}"
    );
    let p1 = patient(&json, "P1");
    // Every draw of P1 loaded, the details of its first row kept.
    assert_eq!(p1["draws"], 3, "{p1}");
    assert_eq!(p1["name"], "Smith, John");
    assert_eq!(p1["sex"], "M");
    let p2 = patient(&json, "P2");
    assert_eq!(p2["draws"], 1, "{p2}");
    assert_eq!(p2["latest"]["plt"], 150);
    let check = hemotrend(&["check", &data("cell-details.csv").display().to_string()]);
    let text = String::from_utf8_lossy(&check.stdout);
    assert!(
        text.contains("5 rows: 4 loaded into 4 draws of 2 patients")
            && text.contains("1 rejected and 4 cells alone"),
        "{text}"
    );
}

/// A sex other than M or F (`U`, `X`, `other`) is unknown, which is no
/// information (DESIGN.md): never a conflict with the sex another row
/// gives, so the patient keeps the known sex and its limits.
#[test]
fn an_unknown_sex_neither_conflicts_nor_hides_the_known_one() {
    let text = "patient_id,sex,collected_at,plt,hgb\n\
                S4,U,2024-01-01,150,12.5\n\
                S4,M,2024-01-02,150,12.5\n\
                S5,F,2024-01-01,150,12.5\n\
                S5,X,2024-01-02,150,12.5\n\
                S5,other,2024-01-03,150,12.5\n";
    let dataset = hemotrend::ingest::load_texts(&[("sex.csv", text)]).expect("loads");
    assert_eq!(dataset.report().rejected, [], "no conflict");
    let sexes: Vec<(String, hemotrend::model::Sex)> = dataset
        .patients()
        .iter()
        .map(|patient| (patient.id.clone(), patient.sex))
        .collect();
    assert_eq!(
        sexes,
        [
            ("S4".to_string(), hemotrend::model::Sex::Male),
            ("S5".to_string(), hemotrend::model::Sex::Female)
        ]
    );
}

/// A decimal comma gets a message that says so and what to do (DESIGN.md),
/// quoted (one cell that is not a number) or not (a row split in two).
#[test]
fn a_decimal_comma_is_named_as_such() {
    let text = "patient_id,collected_at,test,value,unit\n\
                A,2024-01-01,hgb,12,5,g/dL\n\
                A,2024-01-02,hgb,\"12,5\",g/dL\n\
                A,2024-01-03,hgb,12.5,g/dL\n";
    let dataset = hemotrend::ingest::load_texts(&[("labs.csv", text)]).expect("loads");
    let reasons: Vec<(u64, &str)> = dataset
        .report()
        .rejected
        .iter()
        .map(|r| (r.line, r.reason.as_str()))
        .collect();
    assert_eq!(reasons.len(), 2, "{reasons:?}");
    assert!(
        reasons[0]
            .1
            .contains("a decimal comma? 12,5 unquoted is two fields"),
        "{reasons:?}"
    );
    assert!(
        reasons[1]
            .1
            .contains("a decimal comma? hemotrend reads a point (12.5)"),
        "{reasons:?}"
    );
    assert_eq!((reasons[0].0, reasons[1].0), (2, 3));
}

/// A count per microlitre written with a point and three digits (`152.000`,
/// as a spreadsheet in a German locale writes 152000) is refused, never read
/// a thousand times too low; the same counts written whole, and a count in
/// 10^9/L with three places, load.
#[test]
fn a_thousands_point_in_a_count_per_microlitre_is_refused() {
    let wide = "patient_id,collected_at,hgb (g/dL),plt (/uL),anc (/uL),wbc\n\
                P1,2024-03-04T08:00,9.5,152.000,1.200,4.000\n\
                P1,2024-03-05T08:00,9.5,152000,1200,4.000\n";
    let long = "patient_id,collected_at,test,value,unit\n\
                P1,2024-03-06T08:00,plt,152.000,/uL\n\
                P1,2024-03-06T08:00,wbc,<4.000,cells/uL\n\
                P1,2024-03-06T08:00,anc,1.500,10^9/L\n";
    let dataset =
        hemotrend::ingest::load_texts(&[("wide.csv", wide), ("long.csv", long)]).expect("loads");
    let rejected = crate::support::lines_columns_and_reasons(&dataset.report().rejected);
    let found: Vec<(u64, Option<&str>)> = rejected.iter().map(|r| (r.0, r.1)).collect();
    assert_eq!(
        found,
        [
            (2, Some("plt (/uL)")),
            (2, Some("anc (/uL)")),
            (2, Some("value")),
            (3, Some("value"))
        ],
        "{rejected:?}"
    );
    assert!(
        rejected[0].2.contains(
            "\"152.000\" in a count per microlitre: a thousands point (152000) or a decimal point?"
        ),
        "{rejected:?}"
    );
    let patient = &dataset.patients()[0];
    let draws = dataset.draws(patient);
    let text = |index: usize, analyte| draws.get(index).unwrap().values.get(analyte).shown_text();
    use hemotrend::model::Analyte;
    // The first row keeps its hemoglobin and its WBC in 10^9/L.
    assert_eq!(text(0, Analyte::Hgb).as_deref(), Some("9.5"));
    assert_eq!(text(0, Analyte::Plt), None);
    assert_eq!(text(0, Analyte::Wbc).as_deref(), Some("4.000"));
    assert_eq!(text(1, Analyte::Plt).as_deref(), Some("152"));
    assert_eq!(text(1, Analyte::Anc).as_deref(), Some("1.2"));
    assert_eq!(text(2, Analyte::Anc).as_deref(), Some("1.500"));
    assert_eq!(text(2, Analyte::Plt), None);
}

/// A lab's limit in a count per microlitre written with a thousands point
/// (`1.500`, as a German spreadsheet writes 1500) costs the range with a
/// warning, as any unusable range does, never a limit a thousand times too
/// low (ANC 0.5 flagged H, graded G0).
#[test]
fn a_thousands_point_in_a_limit_per_microlitre_costs_the_range() {
    let text = "patient_id,collected_at,test,value,unit,ref_range_lower,ref_range_upper\n\
                P1,2024-01-01T08:00,anc,500,/uL,1.500,7.000\n\
                P1,2024-01-01T08:00,plt,25,10^9/L,150,450\n";
    let dataset = hemotrend::ingest::load_texts(&[("c.csv", text)]).expect("loads");
    assert!(
        dataset.report().rejected.is_empty(),
        "{:?}",
        dataset.report().rejected
    );
    let warnings = crate::support::lines_columns_and_reasons(&dataset.report().warnings);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!((warnings[0].0, warnings[0].1), (2, Some("ref_range_lower")));
    assert!(
        warnings[0].2.contains("a thousands point (1500)"),
        "{warnings:?}"
    );
    let patient = &dataset.patients()[0];
    use hemotrend::model::Analyte;
    assert_eq!(dataset.lab_range(patient, 0, Analyte::Anc), None);
    let anc = dataset
        .draws(patient)
        .get(0)
        .unwrap()
        .values
        .get(Analyte::Anc);
    assert_eq!(anc.shown_text().as_deref(), Some("0.5"));
}

/// `NA`, `N/A` and `-` in the patient column mark a missing id (DESIGN.md),
/// as in every other column: the row is refused, never gathered with the
/// other unidentified rows into a patient "NA".
#[test]
fn a_patient_id_written_as_missing_refuses_its_row() {
    let wide = "patient_id,collected_at,plt\n\
                NA,2024-03-04T08:00,15\n\
                NA,2024-03-10T08:00,240\n\
                -,2024-03-04T08:00,9\n\
                P1,2024-03-04T08:00,9\n";
    let long = "patient_id,collected_at,test,value,unit\n\
                n/a,2024-03-04T08:00,plt,15,10^9/L\n\
                P1,2024-03-05T08:00,plt,20,10^9/L\n";
    let dataset =
        hemotrend::ingest::load_texts(&[("wide.csv", wide), ("long.csv", long)]).expect("loads");
    let ids: Vec<&str> = dataset.patients().iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["P1"]);
    assert_eq!(dataset.draws(&dataset.patients()[0]).len(), 2);
    assert_eq!(
        crate::support::lines_columns_and_reasons(&dataset.report().rejected),
        [
            (
                2,
                Some("patient_id"),
                "no patient id: \"NA\" marks a missing value"
            ),
            (
                3,
                Some("patient_id"),
                "no patient id: \"NA\" marks a missing value"
            ),
            (
                4,
                Some("patient_id"),
                "no patient id: \"-\" marks a missing value"
            ),
            (
                2,
                Some("patient_id"),
                "no patient id: \"n/a\" marks a missing value"
            ),
        ]
    );
}

/// A spreadsheet's header ends with an empty name: a row with a value
/// there has its cells out of place (`9,5` unquoted, in a row one field
/// short), and is refused whole, never read as hemoglobin 9 and platelets
/// 5; its empty rows (`,,,,`) are no rows, as blank lines are.
#[test]
fn a_value_after_the_last_named_column_refuses_its_row() {
    for header in [
        "patient_id,collected_at,hgb,plt,",
        "patient_id,collected_at,test,value,unit,,",
    ] {
        let rows = if header.contains("test") {
            "P1,2024-03-04T08:00,hgb,9,5,g/dL,\r\n\
             P1,2024-03-05T08:00,hgb,9.5,g/dL,,\r\n\
             ,,,,,,\r\n"
        } else {
            "P1,2024-03-04T08:00,9,5,150\r\n\
             P1,2024-03-05T08:00,9.5,150,\r\n\
             ,,,,\r\n"
        };
        let text = format!("{header}\r\n{rows}");
        let dataset = hemotrend::ingest::load_texts(&[("excel.csv", &text)]).expect("loads");
        let rejected = crate::support::lines_columns_and_reasons(&dataset.report().rejected);
        assert_eq!(rejected.len(), 1, "{header}: {rejected:?}");
        assert_eq!((rejected[0].0, rejected[0].1), (2, None), "{header}");
        assert!(
            rejected[0].2.contains("after the last column the header names: the row's cells may be out of place (a decimal comma?"),
            "{rejected:?}"
        );
        assert_eq!(
            dataset.report().rows_read,
            2,
            "{header}: the empty row is no row"
        );
        let patient = &dataset.patients()[0];
        let draws = dataset.draws(patient);
        assert_eq!(draws.len(), 1);
        let hgb = draws
            .get(0)
            .unwrap()
            .values
            .get(hemotrend::model::Analyte::Hgb);
        assert_eq!(hgb.shown_text().as_deref(), Some("9.5"), "{header}");
    }
}

/// `\N`, the NULL of a database's text dump (MIMIC's tables loaded into
/// PostgreSQL and dumped again), is an empty cell: it costs no value beside
/// it; and a unit written `NA` on a row with no value is no unit, which that
/// row does not need (R writes `NA` in every empty cell).
#[test]
fn a_database_null_and_an_na_unit_are_empty_cells() {
    let text = "labevent_id,subject_id,hadm_id,specimen_id,itemid,charttime,value,valuenum,valueuom,ref_range_lower,ref_range_upper\n\
                1,10014354,\\N,1808066,51265,2148-08-16 00:00:00,45,45,K/uL,150,440\n\
                2,10014354,\\N,1808066,51222,2148-08-16 00:00:00,\\N,9.5,g/dL,\\N,\\N\n\
                3,10014354,\\N,1808066,51301,2148-08-16 00:00:00,2.1,\\N,K/uL,4.0,11.0\n\
                4,10014354,\\N,1808066,51279,2148-08-16 00:00:00,NA,NA,NA,NA,NA\n";
    let dataset = hemotrend::ingest::load_texts(&[("labevents.csv", text)]).expect("loads");
    assert_eq!(
        crate::support::lines_columns_and_reasons(&dataset.report().rejected),
        []
    );
    assert!(
        dataset.report().warnings.is_empty(),
        "{:?}",
        dataset.report().warnings
    );
    assert_eq!(dataset.report().without_value, 1);
    let draws = dataset.draws(&dataset.patients()[0]);
    let shown = |analyte| draws.get(0).unwrap().values.get(analyte).shown_text();
    use hemotrend::model::Analyte;
    assert_eq!(shown(Analyte::Plt).as_deref(), Some("45"));
    assert_eq!(shown(Analyte::Hgb).as_deref(), Some("9.5"));
    assert_eq!(shown(Analyte::Wbc).as_deref(), Some("2.1"));
}

/// `\N` in a time or an events file's patient is no time and no patient,
/// said so as an empty cell is, never `"\\N" is not a time` or a patient
/// named `\N`.
#[test]
fn a_database_null_is_no_time_and_no_patient() {
    let labs = "patient_id,collected_at,wbc\nP1,\\N,3.0\nP1,2024-01-01T08:00,3.0\n";
    let events = "patient_id,at,event\n\\N,2024-01-01T08:00,ist\n";
    let dataset = hemotrend::ingest::load_texts(&[("labs.csv", labs), ("events.csv", events)])
        .expect("loads");
    assert_eq!(
        crate::support::lines_columns_and_reasons(&dataset.report().rejected),
        [
            (2, Some("collected_at"), "no collection time"),
            (
                2,
                Some("patient_id"),
                "no patient id: the event cannot be placed"
            ),
        ]
    );
}

/// A refused result knows the draw it was of, so the dashboard can say
/// which draw lost a value; a refused detail (sex) or a whole row does not.
#[test]
fn a_refused_result_names_the_time_of_its_draw() {
    let text = "patient_id,sex,collected_at,plt,hgb\n\
                P1,F,2024-01-01,abc,12\n\
                P1,F,2024-01-02,140,11\n\
                P1,F,2024-01-02,150,11\n\
                P1,M,2024-01-03,150,11\n\
                P1,F,not a time,150,11\n";
    let dataset = hemotrend::ingest::load_texts(&[("cbc.csv", text)]).expect("loads");
    let found = crate::support::refused_at(&dataset);
    assert_eq!(
        found,
        [
            (2, Some("2024-01-01".to_string())),
            (4, Some("2024-01-02".to_string())),
            // A sex that differs from the earlier one: a detail, no draw's.
            (5, None),
            (6, None),
        ],
        "{:?}",
        dataset.report().rejected
    );
}

/// A script reads which patient and which draw a refused cell was of
/// (`patient_id`, `collected_at`, additions to `rejected[]`), and the
/// draw a plausibility warning is about; a note on a whole file has
/// neither.
#[test]
fn a_rejection_names_its_patient_and_draw_in_the_json() {
    let json = summary_json(&data("cell-wide.csv"));
    let first = &json["rejected"][0];
    assert_eq!(first["column"], "mcv", "{first}");
    assert_eq!(first["patient_id"], "P1", "{first}");
    assert_eq!(first["collected_at"], "2024-01-02T08:00:00", "{first}");

    let json = summary_json_of(
        "cbc.csv",
        "patient_id,collected_at,wbc,anc,alc\nP7,2024-03-01 09:30,1.0,3.0,\n",
    );
    let warning = &json["warnings"][0];
    assert_eq!(warning["patient_id"], "P7", "{warning}");
    assert_eq!(warning["collected_at"], "2024-03-01T09:30:00", "{warning}");
}

/// A column named like a blood count that hemotrend does not read is named
/// as a warning at the header: `Platelet count` in a wide file, `plt` beside
/// a long file's test and value; the columns it reads load as before.
#[test]
fn a_blood_count_column_not_read_is_named() {
    let json = summary_json_of(
        "wide.csv",
        "patient_id,collected_at,Platelet count,hgb,ward\nP1,2024-01-01,77,9.5,4B\n",
    );
    let warnings = json["warnings"].as_array().expect("warnings");
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0]["line"], 1);
    assert_eq!(warnings[0]["column"], "Platelet count");
    assert!(
        warnings[0]["reason"]
            .as_str()
            .unwrap()
            .starts_with("named like a blood count"),
        "{warnings:?}"
    );
    assert_eq!(patient(&json, "P1")["latest"]["hgb"], 9.5);

    let json = summary_json_of(
        "long.csv",
        "patient_id,collected_at,test,value,unit,plt\nP1,2024-01-01,hgb,9.5,g/dL,77\n",
    );
    let warnings = json["warnings"].as_array().expect("warnings");
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0]["column"], "plt");
    assert!(
        warnings[0]["reason"]
            .as_str()
            .unwrap()
            .contains("in a file read as one result a row"),
        "{warnings:?}"
    );
}

/// A file whose only blood counts are under names hemotrend does not read
/// (`PLT x10^9/L`, `Hb g/dL`) is refused naming them and how to rename
/// them, as the warning does beside a column it reads.
#[test]
fn a_file_whose_only_counts_are_not_read_names_them() {
    let refused = |header: &str| {
        let text = format!("patient_id,collected_at,{header}\nP1,2024-03-04T08:00,150,9\n");
        let error = hemotrend::ingest::load_texts(&[("h.csv", text.as_str())]).unwrap_err();
        assert_eq!(error.files.len(), 1, "{error}");
        (error.files[0].file.clone(), error.files[0].reason.clone())
    };
    let rename = "hemotrend reads; rename it as docs/inputs.md lists (`plt`, `wbc`, `hgb`, \
                  `anc`, ...), with its unit in brackets where it is not the canonical one \
                  (`plt (x10^9/L)`, `hgb (g/dL)`)";
    assert_eq!(
        refused("PLT x10^9/L,ward"),
        (
            "h.csv".to_string(),
            format!(
                "line 1: no analyte columns and no test/value columns: column \"PLT x10^9/L\" \
                 is named like a blood count, but not a column {rename}"
            )
        )
    );
    assert_eq!(
        refused("PLT x10^9/L,Hb g/dL").1,
        format!(
            "line 1: no analyte columns and no test/value columns: columns \"PLT x10^9/L\" \
             and \"Hb g/dL\" are named like blood counts, but not columns {}",
            rename.replace("rename it", "rename each")
        )
    );
}

/// A quote slip on one line in a column hemotrend does not read costs
/// nothing (the row's values load, as before quotes were checked); a
/// stray quote running over lines refuses its row, named as the patient's.
#[test]
fn a_quote_slip_in_an_unread_column_loses_nothing() {
    let json = summary_json_of(
        "ward.csv",
        "patient_id,collected_at,plt,ward\nP1,2024-01-01,15,\"A\"1\nP1,2024-01-02,100,B\n",
    );
    assert_eq!(json["rejected"], json!([]), "{json}");
    assert_eq!(patient(&json, "P1")["draws"], 2);

    let json = summary_json(&data("reject-stray-quote.csv"));
    let rejected = &json["rejected"][0];
    assert_eq!(rejected["line"], 3, "{rejected}");
    assert_eq!(rejected["patient_id"], "P1", "{rejected}");
    assert!(
        rejected["reason"]
            .as_str()
            .unwrap()
            .contains("those lines were read into this row"),
        "{rejected}"
    );
}

/// In an events file with CRLF line ends, a refused row is named at its
/// physical line (the csv crate, ending records at CR, counted each a line
/// short): line 3 here, after the header and one good row.
#[test]
fn an_events_file_with_crlf_names_the_physical_line() {
    let folder = labs_and_events(
        "patient_id,collected_at,hgb\nP1,2024-01-01,9\n",
        "patient_id,at,event,units,note\r\nP1,2024-01-01,rbc-transfusion,1,\r\n\
         P1,2024-13-01,rbc-transfusion,1,\r\n",
    );
    let json = summary_json(folder.path());
    let refused = rejections(&json);
    assert_eq!(refused.len(), 1, "{refused:?}");
    assert_eq!(refused[0].0, 3, "{refused:?}");
    assert_eq!(json["patients"][0]["events"][0]["units"], 1);
}

/// A name or note written over two lines, quoted, is one cell: its row
/// loads, with every value, as the next one does. (A cell over two lines
/// whose every line is a whole row is refused: see `cli.rs`.)
#[test]
fn a_quoted_cell_over_two_lines_loads() {
    let json = summary_json_of(
        "wide.csv",
        "patient_id,name,collected_at,plt,note\n\
         P1,\"Smith,\nAnn\",2024-01-01,45,\"seen, then\nredrawn\"\n\
         P1,\"Smith,\nAnn\",2024-01-02,40,\n",
    );
    assert_eq!(json["rejected"], json!([]), "{json}");
    let p1 = patient(&json, "P1");
    assert_eq!(p1["draws"], 2, "{p1}");
    assert_eq!(p1["name"], "Smith,\nAnn", "{p1}");
    assert_eq!(p1["latest"]["plt"], 40, "{p1}");
}

/// In an events file, a note's stray quote closed in the next row would
/// read a platelet transfusion into the note: that note is refused, and
/// every event loads, the platelet transfusion and the IST among them.
#[test]
fn an_events_note_running_into_the_next_row_is_refused() {
    let folder = labs_and_events(
        "patient_id,collected_at,hgb\nP1,2024-01-01,9\n",
        "patient_id,at,event,units,note\nP1,2024-01-02,rbc-transfusion,2,\"first\n\
         P1,2024-01-03,platelet-transfusion,1,x\"\nP1,2024-01-04,ist,,hATG\n",
    );
    let json = summary_json(folder.path());
    only_refusal(&json, 2, "note", "is never closed");
    let events = json["patients"][0]["events"].as_array().unwrap();
    let kinds: Vec<&str> = events
        .iter()
        .map(|e| e["event"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["rbc-transfusion", "platelet-transfusion", "ist"],
        "{events:?}"
    );
}

/// A long file's unit cell left blank on a count's row refuses that row
/// (the test alone does not say g/dL from g/L): never read as the
/// canonical unit. A row with no value is no draw, blank unit or not; a
/// percentage's code says its unit; a file with no unit column is read in
/// the canonical units, as a wide header without one.
#[test]
fn a_blank_unit_in_a_long_file_refuses_its_row() {
    let json = summary_json_of(
        "long.csv",
        "patient_id,collected_at,test,value,unit\n\
         B1,2024-01-01,hgb,120,\n\
         B1,2024-01-01,plt,45,10^9/L\n\
         B1,2024-01-01,wbc,,\n\
         B1,2024-01-01,770-8,40,\n",
    );
    only_refusal(&json, 2, "unit", "no unit");
    let latest = &patient(&json, "B1")["latest"];
    assert_eq!(latest["hgb"], Json::Null, "{latest}");
    assert_eq!(latest["plt"], 45, "{latest}");

    let json = summary_json_of(
        "long.csv",
        "patient_id,collected_at,test,value\nB2,2024-01-01,hgb,9.5\n",
    );
    assert_eq!(json["rejected"], json!([]), "{json}");
    assert_eq!(patient(&json, "B2")["latest"]["hgb"], 9.5);
}

/// A `time` column beside a `date` one is not read (each draw's time is
/// one column's): named at the header, as a warning, since two draws of
/// one date then merge. A file with its time in one column has none.
#[test]
fn a_time_of_day_column_not_read_is_named() {
    let json = summary_json_of(
        "wide.csv",
        "patient_id,date,time,hgb\nT1,2024-01-01,08:00,9.0\nT1,2024-01-01,20:00,9.0\n",
    );
    let warnings = json["warnings"].as_array().expect("warnings");
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(
        (&warnings[0]["line"], &warnings[0]["column"]),
        (&json!(1), &json!("time"))
    );
    assert!(
        warnings[0]["reason"]
            .as_str()
            .unwrap()
            .starts_with("a time of day beside the time column `date`"),
        "{warnings:?}"
    );
    let json = summary_json_of(
        "wide.csv",
        "patient_id,collected_at,hgb\nT1,2024-01-01T08:00,9.0\n",
    );
    assert_eq!(json["warnings"], json!([]), "{json}");
}

/// A time column holding a time of day alone (`Collection Time` beside
/// `Collection Date`, as lab systems export them): each row is still
/// refused, with a reason that says so and names the date column, and the
/// date column is a warning at the header, the mirror of `date` + `time`.
#[test]
fn a_time_of_day_alone_in_the_time_column_names_the_date_column() {
    let long = "MRN,Collection Date,Collection Time,Test,Value,Units\n\
                P1,2024-03-04,08:00,PLT,45,10^9/L\n\
                P1,2024-03-04,8:00:00,PLT,30,10^9/L\n";
    let wide = "patient_id,collection_time,plt\nP2,08:00,45\n";
    let dataset =
        hemotrend::ingest::load_texts(&[("long.csv", long), ("wide.csv", wide)]).expect("loads");
    let rejected = crate::support::lines_columns_and_reasons(&dataset.report().rejected);
    let beside = "is a time of day without its date: hemotrend reads each draw's date and \
                  time from one column, and the date seems to be in column \"Collection Date\"; \
                  write the date and time in one column (2024-03-04T08:00)";
    assert_eq!(
        rejected,
        [
            (
                2,
                Some("Collection Time"),
                format!("\"08:00\" {beside}").as_str()
            ),
            (
                3,
                Some("Collection Time"),
                format!("\"8:00:00\" {beside}").as_str()
            ),
            (
                2,
                Some("collection_time"),
                "\"08:00\" is a time of day without its date: hemotrend reads each draw's \
                 date and time from one column; write the date and time in one column \
                 (2024-03-04T08:00)"
            ),
        ]
    );
    let warnings = crate::support::lines_columns_and_reasons(&dataset.report().warnings);
    assert_eq!(
        warnings,
        [(
            1,
            Some("Collection Date"),
            "a date beside the time column `Collection Time`: hemotrend reads each draw's \
             time from that one column, so this one is not read, and where `Collection Time` \
             holds times of day alone, its rows are refused; write the date and time in one \
             column (2024-01-01T08:00)"
        )]
    );
}

/// The commonest cells that are not numbers say what they probably are
/// and what to do (thousands separators, a flag or a percent sign in the
/// cell, a bound that may be reached, a float printed in full): each costs
/// its cell alone, as before, and the rest of its row loads.
#[test]
fn a_cell_of_a_common_shape_says_what_to_do() {
    let wide = "patient_id,collected_at,hgb,plt (/uL),wbc,neutrophils (%)\n\
                P1,2024-03-04T08:00,9.5,\"150,000.0\",9.5 L,45%\n\
                P1,2024-03-05T08:00,9.4,150 000,<=0.1,4.1000000000000005\n\
                P1,2024-03-06T08:00,9.3,\"1.500,0\",9.5H,40\n";
    let dataset = hemotrend::ingest::load_texts(&[("wide.csv", wide)]).expect("loads");
    let rejected = crate::support::lines_columns_and_reasons(&dataset.report().rejected);
    let flag = |number: &str| {
        format!(
            "is not a number: a number followed by a flag? hemotrend reads the number alone \
             and flags it against its limits: write {number}, and put the flag in its own column"
        )
    };
    assert_eq!(
        rejected,
        [
            (
                2,
                Some("plt (/uL)"),
                "\"150,000.0\" is not a number: a thousands separator beside a decimal point? \
                 hemotrend reads none: write the number without it (150000.0)"
            ),
            (
                2,
                Some("wbc"),
                format!("\"9.5 L\" {}", flag("9.5")).as_str()
            ),
            (
                2,
                Some("neutrophils (%)"),
                "\"45%\" is not a number: a percent sign? a percentage is read without its \
                 sign (45), and only where the unit is % (`neutrophils (%)`, or % in the unit \
                 column), never in a count's column"
            ),
            (
                3,
                Some("plt (/uL)"),
                "\"150 000\" is not a number: a space as a thousands separator? hemotrend \
                 reads none: write the number without it (150000)"
            ),
            (
                3,
                Some("wbc"),
                "\"<=0.1\" is not a number: a bound that may be reached? hemotrend keeps < and > \
                 (the value is beyond the bound), and <= may be the bound itself; ask the lab \
                 which it means and write that"
            ),
            (
                3,
                Some("neutrophils (%)"),
                "4.1000000000000005 has more digits than can be held exactly: it looks like a \
                 floating-point number printed in full, as a script writes one; round it to the \
                 digits the lab reported"
            ),
            (
                4,
                Some("plt (/uL)"),
                "\"1.500,0\" is not a number: a thousands separator beside a decimal comma? \
                 hemotrend reads neither: write the number without separators, with a point \
                 for decimals (1500.0)"
            ),
            (4, Some("wbc"), format!("\"9.5H\" {}", flag("9.5")).as_str()),
        ]
    );
    // Each costs its cell alone: the hemoglobin of every row loads.
    let report = dataset.report();
    assert_eq!((report.rows_rejected(), report.cells_rejected), (0, 8));
    assert_eq!(dataset.draws(&dataset.patients()[0]).len(), 3);
}

/// `<0` allows no value (nothing is under 0): that cell is refused as
/// impossible, and the rest of its row loads (`>0` is a bound like any).
#[test]
fn a_bound_under_zero_is_impossible() {
    let json = summary_json_of(
        "wide.csv",
        "patient_id,collected_at,hgb,plt\nZ1,2024-01-01,<0,>0\n",
    );
    only_refusal(&json, 2, "hgb", "impossible");
    let latest = &patient(&json, "Z1")["latest"];
    assert_eq!(latest["hgb"], Json::Null, "{latest}");
    assert_eq!(latest["plt"], 0, "{latest}");
}

/// An IST's note written over two lines, with commas, in an events file of
/// five columns: one cell (its lines are no rows of their own), and the
/// event loads, so the response is still assessed.
#[test]
fn an_events_note_over_two_lines_with_commas_loads() {
    let folder = labs_and_events(
        "patient_id,collected_at,hgb\nP1,2024-02-28,9\n",
        "patient_id,at,event,units,note\nP1,2024-03-01,ist,,\"hATG, ciclosporin, day 1;\n\
         see notes, ward 4, bed 2\"\nP1,2024-03-10,rbc-transfusion,2,\n",
    );
    let json = summary_json(folder.path());
    assert_eq!(json["rejected"], json!([]), "{json}");
    let events = json["patients"][0]["events"].as_array().unwrap();
    assert_eq!(events.len(), 2, "{events:?}");
    assert_eq!(
        events[0]["note"],
        "hATG, ciclosporin, day 1;\nsee notes, ward 4, bed 2"
    );
    // The report lists it on one line, never as `\u{a}`.
    let report = hemotrend(&["report", folder.path().to_str().unwrap()]);
    let html = String::from_utf8_lossy(&report.stdout);
    assert!(
        html.contains("IST start (hATG, ciclosporin, day 1; see notes, ward 4, bed 2)"),
        "{html}"
    );
}

/// A long row refused for its unit (a long file's, MIMIC-IV's) is still
/// its patient's: the rejection names them, as the wide rows' do, so
/// their own report lists it.
#[test]
fn a_row_refused_for_its_unit_names_its_patient() {
    let long = "patient,collected_at,test,value,unit\n\
                P1,2024-01-01,plt,150,Million/uL\n\
                P1,2024-01-01,hgb,12,g/dL\n";
    let mimic = "subject_id,charttime,itemid,value,valuenum,valueuom\n\
                 10001,2150-01-01 08:00:00,51265,150,150,m/uL\n\
                 10001,2150-01-01 08:00:00,51222,12,12,g/dL\n";
    for (name, text, id) in [("long.csv", long, "P1"), ("labevents.csv", mimic, "10001")] {
        let dataset = hemotrend::ingest::load_texts(&[(name, text)]).expect("loads");
        let rejected = &dataset.report().rejected;
        assert_eq!(rejected.len(), 1, "{name}: {rejected:?}");
        assert_eq!(rejected[0].patient.as_deref(), Some(id), "{name}");
    }
}

/// A long file's test named like a blood count that hemotrend does not
/// read (`Platelet Count`, as lab systems name their components) is named
/// once per file, at its first row with how many rows it had: its values
/// are not loaded, never dropped without a word. Other tests (glucose,
/// HbA1c) are ignored in silence, as before.
#[test]
fn a_long_files_test_named_like_a_blood_count_is_named_once() {
    let json = summary_json_of(
        "long.csv",
        "patient_id,collected_at,test,value,unit\n\
         P1,2024-01-01,Platelet Count,12,K/uL\n\
         P1,2024-01-01,hgb,7.9,g/dL\n\
         P1,2024-01-01,Glucose,99,mg/dL\n\
         P1,2024-01-01,Hemoglobin A1c,6.1,%\n\
         P1,2024-01-02,Platelet Count,15,K/uL\n\
         P1,2024-01-02,Absolute Neutrophils,0.1,K/uL\n",
    );
    let warned = crate::support::bin::lines_columns_reasons(&json["warnings"]);
    let reason = |test: &str, on: &str| {
        format!(
            "test \"{test}\" ({on}) is named like a blood count but is not a name hemotrend \
             reads: its values are not loaded (counted ignored); name the test as \
             docs/inputs.md lists (plt, wbc, hgb, anc, ...) or by its LOINC code"
        )
    };
    assert_eq!(
        warned,
        [
            (
                2,
                "test",
                reason("Platelet Count", "on 2 rows, the first here").as_str()
            ),
            (
                7,
                "test",
                reason("Absolute Neutrophils", "on this row").as_str()
            ),
        ]
    );
    // The one draw is 2024-01-01's hemoglobin: no platelets were read.
    assert_eq!(patient(&json, "P1")["draws"], 1);
    assert_eq!(patient(&json, "P1")["latest"]["hgb"], 7.9);
    assert_eq!(patient(&json, "P1")["latest"]["plt"], json!(null));
    assert_eq!(json["rejected"], json!([]));
}

/// A long file's result refused for its value or its unit names its draw's
/// time in the JSON, as a wide file's refused cell and an HL7 OBX do; a
/// row refused whole for its field count names none.
#[test]
fn a_refused_long_result_names_the_time_of_its_draw() {
    let json = summary_json_of(
        "long.csv",
        "patient_id,collected_at,test,value,unit\n\
         K1,2024-03-15T09:00:00Z,plt,CLUMPED,K/uL\n\
         K1,2024-03-15T09:00:00Z,hgb,9.1,mmol/mol\n\
         K1,2024-03-15T09:00:00Z,wbc,4.1,K/uL,extra\n\
         K1,2024-03-15T09:00:00Z,anc,1.2,K/uL\n",
    );
    let refused: Vec<(u64, &Json)> = json["rejected"]
        .as_array()
        .expect("rejected")
        .iter()
        .map(|r| (r["line"].as_u64().unwrap(), &r["collected_at"]))
        .collect();
    let at = json!("2024-03-15T09:00:00Z");
    assert_eq!(refused, [(2, &at), (3, &at), (4, &Json::Null)], "{json}");
}

/// `NA`, `N/A` and `-` say a cell is not known (DESIGN.md "Bad input"): as
/// a name or a birth date they give none, so the patient's real name on a
/// later row is no conflict and no birth date is refused.
#[test]
fn not_measured_markers_give_no_name_and_no_birth_date() {
    for marker in ["NA", "N/A", "-"] {
        let json = summary_json_of(
            "na.csv",
            &format!(
                "patient_id,name,sex,birth_date,collected_at,plt\n\
                 P1,{marker},F,{marker},2024-01-01,100\n\
                 P1,\"Smith, Jo\",F,1980-01-01,2024-01-02,90\n"
            ),
        );
        assert_eq!(json["rejected"], json!([]), "{marker}: {json}");
        let p1 = patient(&json, "P1");
        assert_eq!(p1["name"], "Smith, Jo", "{marker}");
        assert_eq!(p1["draws"], 2, "{marker}");
    }
}

/// An invisible character is shown as an escape wherever a message quotes
/// the file: a zero-width space before `5` is not `"5" is not a number`,
/// and a column `plt` followed by one is told why it is not read.
#[test]
fn invisible_characters_are_shown_in_messages() {
    let output = hemotrend_on(
        "zw.csv",
        "patient_id,collected_at,plt,hgb\nP1,2024-01-01,\u{200b}5,12\n",
    );
    assert!(
        output.contains("zw.csv:2: column \"plt\": \"\\u{200b}5\" is not a number"),
        "{output}"
    );
    let output = hemotrend_on(
        "zwh.csv",
        "patient_id,collected_at,plt\u{200b},hgb\nP1,2024-01-01,5,12\n",
    );
    assert!(
        output.contains(
            "zwh.csv:1: column \"plt\\u{200b}\": the name \"plt\\u{200b}\" holds an invisible or \
             control character, so it is no column hemotrend reads"
        ),
        "{output}"
    );
}

/// `check` of a file named `name` holding `text`: what it prints.
fn hemotrend_on(name: &str, text: &str) -> String {
    let folder = tempfile::tempdir().expect("a folder");
    let path = folder.path().join(name);
    std::fs::write(&path, text).expect("written");
    let output = hemotrend(&["check", &path.display().to_string()]);
    let all = [output.stdout, output.stderr].concat();
    String::from_utf8_lossy(&all).replace(&format!("{}/", folder.path().display()), "")
}

/// A CR alone between two rows joins them into one row of too many fields:
/// the message names the CR, not a decimal comma the file does not hold.
#[test]
fn a_lone_cr_inside_a_row_is_named() {
    let output = hemotrend_on(
        "cr.csv",
        "patient_id,collected_at,plt,hgb\nP1,2024-01-01,100,12\rP2,2024-01-02,90,11\nP3,2024-01-03,80,10\n",
    );
    assert!(
        output.contains(
            "cr.csv:2: has 7 fields where the header has 4 (a CR alone ends a line inside this row"
        ),
        "{output}"
    );
    assert!(!output.contains("decimal comma"), "{output}");
}

/// A row of one field is counted in the singular.
#[test]
fn one_field_is_one_field() {
    let output = hemotrend_on(
        "one.csv",
        "patient_id,collected_at,plt\nP1\nP1,2024-01-01,90\n",
    );
    assert!(
        output.contains("one.csv:2: has 1 field where the header has 3"),
        "{output}"
    );
}

/// Birth dates agree when they name the same date, as the age counts from
/// the date written: `2010-05-15` and `2010-05-15T10:00:00+02:00` are one
/// (a "conflict" had refused the second), while one instant written on two
/// dates (`2010-05-15T20:00:00Z`, `2010-05-16T01:00:00+05:00`) gives two
/// ages and is refused.
#[test]
fn birth_dates_agree_by_the_date_written() {
    let text = "patient_id,birth_date,collected_at,hgb\n\
                Q1,2010-05-15,2024-03-01T08:00,11.0\n\
                Q1,2010-05-15T10:00:00+02:00,2024-03-02T08:00,11.1\n\
                Q2,2010-05-15T20:00:00Z,2024-03-01T08:00,11.0\n\
                Q2,2010-05-16T01:00:00+05:00,2024-03-02T08:00,11.1\n";
    let dataset = hemotrend::ingest::load_texts(&[("bd.csv", text)]).expect("loads");
    let refused: Vec<(u64, &str)> = dataset
        .report()
        .rejected
        .iter()
        .map(|r| (r.line, r.reason.as_str()))
        .collect();
    assert_eq!(refused.len(), 1, "{refused:?}");
    assert_eq!(refused[0].0, 5, "{refused:?}");
    assert!(refused[0].1.contains("birth date"), "{refused:?}");
}
