//! Absolute counts derived from percentages (issue #6): which, when, and
//! how they are marked. Expected values are worked by hand in comments.

use hemotrend::ingest::load_texts;
use hemotrend::model::{Analyte, Censor, Dataset, Decimal, Reading};

fn load(text: &str) -> Dataset {
    load_texts(&[("t.csv", text)]).expect("the file is usable")
}

fn d(text: &str) -> Decimal {
    Decimal::parse(text).unwrap()
}

/// The reading of `analyte` in patient `id`'s draw at `index` (oldest = 0).
fn reading(dataset: &Dataset, id: &str, index: usize, analyte: Analyte) -> Option<Reading> {
    let patient = dataset.patient(id).expect("the patient");
    dataset.draws(patient).get(index)?.values.reading(analyte)
}

fn derived(amount: &str, censor: Censor) -> Option<Reading> {
    Some(Reading {
        amount: d(amount),
        censor,
        derived: true,
    })
}

fn measured(amount: &str) -> Option<Reading> {
    Some(Reading::exact(d(amount)))
}

const LONG: &str = "patient_id,specimen_id,collected_at,test,value,unit\n";

#[test]
fn anc_and_retic_from_long_percentages() {
    let text = format!(
        "{LONG}\
         P,S1,2024-01-01,770-8,58,%\n\
         P,S1,2024-01-01,6690-2,6.40,K/uL\n\
         P,S1,2024-01-01,789-8,3.0,M/uL\n\
         P,S1,2024-01-01,17849-1,1.5,%\n\
         P,S1,2024-01-01,2345-7,91,mg/dL\n"
    );
    let dataset = load(&text);
    // 6.40 x 58 / 100 = 3.712; 1.5 / 100 x 3.0 x 1000 = 45.
    assert_eq!(
        reading(&dataset, "P", 0, Analyte::Anc),
        derived("3.712", Censor::Exact)
    );
    assert_eq!(
        reading(&dataset, "P", 0, Analyte::Retic),
        derived("45", Censor::Exact)
    );
    let report = dataset.report();
    assert_eq!(report.ignored, 1, "only glucose");
    assert_eq!(report.derived, 2);
    assert_eq!(report.percentages_without_count, 0);
    assert!(report.rejected.is_empty());
}

#[test]
fn a_measured_count_wins_even_when_its_row_comes_later() {
    let text = format!(
        "{LONG}\
         P,S1,2024-01-01,6690-2,6.40,K/uL\n\
         P,S1,2024-01-01,770-8,58,%\n\
         P,S1,2024-01-01,751-8,3.9,K/uL\n"
    );
    let dataset = load(&text);
    assert_eq!(reading(&dataset, "P", 0, Analyte::Anc), measured("3.9"));
    assert_eq!(dataset.report().derived, 0);
    // A percentage beside a measured count is not "without a count".
    assert_eq!(dataset.report().percentages_without_count, 0);
}

#[test]
fn a_percentage_without_its_base_loads_and_is_counted() {
    let text = format!(
        "{LONG}\
         P,S1,2024-01-01,770-8,58,%\n\
         P,S1,2024-01-01,777-3,250,K/uL\n\
         P,S2,2024-01-02,6690-2,5.0,K/uL\n"
    );
    let dataset = load(&text);
    // The WBC is in another specimen: no ANC in either draw.
    assert_eq!(reading(&dataset, "P", 0, Analyte::Anc), None);
    assert_eq!(reading(&dataset, "P", 1, Analyte::Anc), None);
    let report = dataset.report();
    assert_eq!(report.percentages_without_count, 1);
    assert_eq!(report.ignored, 0, "a percentage is a CBC row");
    assert_eq!(report.rows_read, 3);
    assert!(report.rejected.is_empty());
}

#[test]
fn censoring_carries_soundly_or_nothing_is_derived() {
    let text = format!(
        "{LONG}\
         P,S1,2024-01-01,6690-2,<1.0,K/uL\n\
         P,S1,2024-01-01,770-8,40,%\n\
         P,S2,2024-01-02,6690-2,<1.0,K/uL\n\
         P,S2,2024-01-02,770-8,>40,%\n"
    );
    let dataset = load(&text);
    // Below 1.0 x 40 % is below 0.4.
    assert_eq!(
        reading(&dataset, "P", 0, Analyte::Anc),
        derived("0.4", Censor::Below)
    );
    // Below 1.0 x above 40 % could be anything: not derived.
    assert_eq!(reading(&dataset, "P", 1, Analyte::Anc), None);
    assert_eq!(dataset.report().percentages_without_count, 1);
}

#[test]
fn conflicting_percentages_refuse_the_later_row_and_equal_ones_merge() {
    let text = format!(
        "{LONG}\
         P,S1,2024-01-01,6690-2,2.0,K/uL\n\
         P,S1,2024-01-01,770-8,50,%\n\
         P,S1,2024-01-01,770-8,50.0,%\n\
         P,S1,2024-01-01,770-8,60,%\n\
         P,S1,2024-01-01,17849-1,120,%\n"
    );
    let dataset = load(&text);
    // 2.0 x 50 / 100 = 1.
    assert_eq!(
        reading(&dataset, "P", 0, Analyte::Anc),
        derived("1", Censor::Exact)
    );
    let report = dataset.report();
    assert_eq!(report.duplicates_merged, 1);
    let lines: Vec<_> = report.rejected.iter().map(|r| r.line).collect();
    assert_eq!(lines, [5, 6]);
    assert!(
        report.rejected[0]
            .reason
            .contains("neutrophil % 60 conflicts with 50.0 on line 4"),
        "{:?}",
        report.rejected
    );
    assert!(
        report.rejected[1].reason.contains("over 100 %"),
        "{:?}",
        report.rejected
    );
    assert_eq!(report.rejected[1].column.as_deref(), Some("value"));
}

#[test]
fn wide_percentage_columns_feed_derivation() {
    let text = "patient_id,collected_at,wbc,rbc,anc,neutrophils (%),reticulocytes (%)\n\
                W,2024-01-01,4.0,4.5,,25,2\n\
                W,2024-01-02,4.0,4.5,1.1,25,\n\
                W,2024-01-03,,4.5,,25,<0.5\n";
    let dataset = load(text);
    // 4.0 x 25 / 100 = 1; 2 / 100 x 4.5 x 1000 = 90.
    assert_eq!(
        reading(&dataset, "W", 0, Analyte::Anc),
        derived("1", Censor::Exact)
    );
    assert_eq!(
        reading(&dataset, "W", 0, Analyte::Retic),
        derived("90", Censor::Exact)
    );
    assert_eq!(reading(&dataset, "W", 1, Analyte::Anc), measured("1.1"));
    // No WBC on day 3; retic below 0.5 % of 4.5 is below 22.5.
    assert_eq!(reading(&dataset, "W", 2, Analyte::Anc), None);
    assert_eq!(
        reading(&dataset, "W", 2, Analyte::Retic),
        derived("22.5", Censor::Below)
    );
    assert_eq!(dataset.report().derived, 3);
    assert_eq!(dataset.report().percentages_without_count, 1);
}

#[test]
fn derivation_joins_rows_of_one_draw_across_files() {
    let first = format!("{LONG}P,S1,2024-01-01,6690-2,3.0,K/uL\n");
    let second = format!("{LONG}P,S1,2024-01-01,770-8,10,%\n");
    let dataset = load_texts(&[("a.csv", &first), ("b.csv", &second)]).unwrap();
    // 3.0 x 10 / 100 = 0.3.
    assert_eq!(
        reading(&dataset, "P", 0, Analyte::Anc),
        derived("0.3", Censor::Exact)
    );
}

/// The summary CSV marks a derived value as the screen (`*`) and the JSON
/// (`derived`) do: its last column names it.
#[test]
fn the_summary_csv_names_the_derived_values() {
    let folder = tempfile::tempdir().expect("a folder");
    let path = folder.path().join("pct.csv");
    std::fs::write(
        &path,
        format!(
            "{LONG}\
             P,S1,2024-01-01,770-8,58,%\n\
             P,S1,2024-01-01,6690-2,6.40,K/uL\n\
             Q,S2,2024-01-01,751-8,3.1,K/uL\n\
             Q,S2,2024-01-01,6690-2,6.40,K/uL\n"
        ),
    )
    .expect("written");
    let output = crate::support::bin::hemotrend(&[
        "summary",
        "--format",
        "csv",
        &path.display().to_string(),
    ]);
    assert!(output.status.success(), "{output:?}");
    let text = String::from_utf8(output.stdout).expect("UTF-8");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().expect("a header").clone();
    let column = header.iter().position(|h| h == "derived").expect("derived");
    assert_eq!(column, header.len() - 1, "the last column: {header:?}");
    let derived: Vec<(String, String)> = reader
        .records()
        .map(|r| {
            let r = r.expect("a record");
            (r[0].to_string(), r[column].to_string())
        })
        .collect();
    // P's ANC is 6.40 x 58 / 100; Q's was measured.
    assert_eq!(
        derived,
        [("P".into(), "anc".into()), ("Q".into(), String::new())]
    );
}

/// A percentage that gives no absolute count (no WBC or RBC in its draw)
/// is named as a warning at its row and column, of its patient and draw:
/// it loaded, but shows nowhere. In a wide row too, beside its WBC-less
/// neighbours; a percentage that does give a count is no warning.
#[test]
fn a_percentage_that_gives_no_count_is_named_at_its_row() {
    let json = crate::support::bin::summary_json_of(
        "long.csv",
        "patient_id,collected_at,test,value,unit\n\
         Q1,2024-01-01T08:00,retic,1.5,%\n\
         Q1,2024-01-01T08:00,neutrophils,40,%\n\
         Q1,2024-01-01T08:00,hgb,9,g/dL\n\
         Q1,2024-02-01T08:00,wbc,2.0,10^9/L\n\
         Q1,2024-02-01T08:00,neutrophils,50,%\n",
    );
    let warnings = json["warnings"].as_array().expect("warnings");
    let listed = crate::support::bin::lines_columns_reasons(&json["warnings"]);
    assert_eq!(
        listed,
        [
            (
                2,
                "value",
                "reticulocytes 1.5 %: no RBC in this draw, so no Retic is derived from it \
                 (a percentage alone is not a count)"
            ),
            (
                3,
                "value",
                "neutrophils 40 %: no WBC in this draw, so no ANC is derived from it \
                 (a percentage alone is not a count)"
            ),
        ],
        "{warnings:?}"
    );
    assert_eq!(warnings[0]["patient_id"], "Q1");
    assert_eq!(warnings[0]["collected_at"], "2024-01-01T08:00:00");

    let json = crate::support::bin::summary_json_of(
        "wide.csv",
        "patient_id,collected_at,hgb,neutrophils (%)\nW1,2024-01-01,9,40\nW1,2024-02-01,9,\n",
    );
    let warnings = json["warnings"].as_array().expect("warnings");
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0]["line"], 2);
    assert_eq!(warnings[0]["column"], "neutrophils (%)");
}

/// A draw whose only row is a percentage that gives no count holds no
/// value: it is no draw, never the patient's latest (DESIGN.md: "a row ...
/// with no value at all is not a draw"), and a patient with nothing else
/// is no patient; the percentage is still named as a warning.
#[test]
fn a_draw_of_a_percentage_alone_is_no_draw() {
    let json = crate::support::bin::summary_json_of(
        "long.csv",
        "patient_id,collected_at,test,value,unit\n\
         Q1,2024-01-01,wbc,3.0,K/uL\n\
         Q1,2024-01-01,plt,15,K/uL\n\
         Q1,2024-01-01,hgb,8,g/dL\n\
         Q1,2024-01-01,anc,0.3,K/uL\n\
         Q1,2024-01-05,neutrophils,40,%\n\
         Q2,2024-01-05,neutrophils,40,%\n",
    );
    let patients = json["patients"].as_array().expect("patients");
    assert_eq!(patients.len(), 1, "{patients:?}");
    let q1 = &patients[0];
    assert_eq!(q1["patient_id"], "Q1");
    assert_eq!(q1["draws"], 1, "{q1}");
    assert_eq!(q1["latest"]["collected_at"], "2024-01-01", "{q1}");
    assert_eq!(q1["severity"]["category"], "severe", "{q1}");
    let warned: Vec<u64> = json["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["line"].as_u64().unwrap())
        .collect();
    assert_eq!(warned, [6, 7]);
}
