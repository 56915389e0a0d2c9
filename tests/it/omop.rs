//! OMOP CDM MEASUREMENT as ETLs write it: the unit by concept, a time in
//! its own column, CRLF line ends, a value only as source text.

use hemotrend::ingest::load;
use hemotrend::model::Analyte;

const HEADER: &str = "measurement_id,person_id,measurement_concept_id,measurement_date,\
    measurement_datetime,measurement_time,operator_concept_id,value_as_number,unit_concept_id,\
    unit_source_value,value_source_value\r\n";

fn load_rows(rows: &str) -> hemotrend::model::Dataset {
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(
        folder.path().join("MEASUREMENT.csv"),
        format!("{HEADER}{rows}"),
    )
    .unwrap();
    load(&[folder.path().to_path_buf()]).unwrap()
}

/// A unit concept hemotrend does not know, or none (0, empty), with no
/// `unit_source_value` is refused naming `unit_concept_id`: 45000 per uL
/// read as 45000 x10^9/L, 81 g/L as 81 g/dL, was a silent guess. Lines are
/// the physical lines of a CRLF file (header = 1).
#[test]
fn a_count_without_a_known_unit_is_refused_never_read_as_canonical() {
    let dataset = load_rows(
        "1,1,3024929,2024-03-01,2024-03-01 08:00:00,,,45000,123456,,\r\n\
         2,1,3000963,2024-03-01,2024-03-01 08:00:00,,,81,0,,\r\n\
         3,1,3000905,2024-03-01,2024-03-01 08:00:00,,,4.1,,,\r\n\
         4,1,3000963,2024-03-01,2024-03-01 08:00:00,,,8.1,0,g/dL,\r\n",
    );
    let refused: Vec<_> = dataset
        .report()
        .rejected
        .iter()
        .map(|r| {
            (
                r.line,
                r.column.clone().unwrap_or_default(),
                r.reason.clone(),
            )
        })
        .collect();
    assert_eq!(refused.len(), 3, "{refused:?}");
    assert_eq!(
        refused.iter().map(|r| r.0).collect::<Vec<_>>(),
        [2, 3, 4],
        "{refused:?}"
    );
    assert!(
        refused.iter().all(|r| r.1 == "unit_concept_id"),
        "{refused:?}"
    );
    assert!(
        refused[0]
            .2
            .starts_with("unit_concept_id 123456 is not a unit"),
        "{refused:?}"
    );
    assert!(refused[1].2.starts_with("no unit"), "{refused:?}");
    // The unit written as its source value is read.
    let patient = dataset.patient("1").unwrap();
    let draw = dataset.draws(patient).get(0).unwrap();
    assert_eq!(
        draw.values
            .get(Analyte::Hgb)
            .reading()
            .unwrap()
            .amount
            .to_string(),
        "8.1"
    );
    assert!(draw.values.get(Analyte::Plt).is_missing());
}

/// `measurement_time` beside the date gives the draw's time: two counts of
/// one day are two draws, not a conflict; a row whose value is only its
/// source text (`value_as_number` empty, as an ETL leaves `<10`) is read
/// from `value_source_value` with its qualifier, in the source's unit; one
/// with no value anywhere is counted as a row with no value; source text
/// that is not a number is refused at its cell.
#[test]
fn the_time_column_separates_draws_and_a_value_only_as_source_text_is_read() {
    let dataset = load_rows(
        "1,1,3024929,2024-03-05,,06:00:00,,45,8848,,\r\n\
         2,1,3024929,2024-03-05,,18:00:00,,30,8848,,\r\n\
         3,1,3024929,2024-03-06,,,,,8848,,<10\r\n\
         4,1,3000905,2024-03-06,,,,,8848,/uL,3200\r\n\
         5,1,3000963,2024-03-06,,,,,8713,,\r\n\
         6,1,3023314,2024-03-06,,,,,8554,,see comment\r\n",
    );
    let report = dataset.report();
    assert_eq!(report.without_value, 1);
    let refused: Vec<_> = report
        .rejected
        .iter()
        .map(|r| (r.line, r.column.clone().unwrap_or_default()))
        .collect();
    assert_eq!(refused, [(7, "value_source_value".to_string())]);
    assert!(
        report.rejected[0]
            .reason
            .contains("\"see comment\" is not a number")
    );
    let patient = dataset.patient("1").unwrap();
    let draws = dataset.draws(patient);
    assert_eq!(draws.len(), 3);
    let times: Vec<String> = (0..2)
        .map(|i| draws.get(i).unwrap().time.to_string())
        .collect();
    assert_eq!(times, ["2024-03-05T06:00:00", "2024-03-05T18:00:00"]);
    let last = draws.get(2).unwrap();
    assert_eq!(
        last.values.reading(Analyte::Plt).unwrap().to_string(),
        "<10"
    );
    // 3200 /uL (the source's unit, not the concept's 10*3/uL) is 3.2.
    assert_eq!(
        last.values.reading(Analyte::Wbc).unwrap().to_string(),
        "3.2"
    );
}

/// A PERSON row with the year of birth alone (the month and day taken as
/// the first) gives a birth date about right, said as such (`≈`), never as
/// exact; a whole date is exact.
#[test]
fn a_birth_year_alone_is_an_approximate_birth_date() {
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(
        folder.path().join("MEASUREMENT.csv"),
        format!(
            "{HEADER}1,1,3000963,2024-03-01,2024-03-01 08:00:00,,,14,8713,,\r\n\
             2,2,3000963,2024-03-01,2024-03-01 08:00:00,,,14,8713,,\r\n"
        ),
    )
    .unwrap();
    std::fs::write(
        folder.path().join("PERSON.csv"),
        "person_id,gender_concept_id,year_of_birth,month_of_birth,day_of_birth\n\
         1,8532,2024,,\n2,8532,2024,1,1\n",
    )
    .unwrap();
    let dataset = load(&[folder.path().to_path_buf()]).unwrap();
    let approximate = |id: &str| dataset.patient(id).unwrap().birth_approximate;
    assert!(approximate("1"));
    assert!(!approximate("2"));
}

/// A MEASUREMENT table separated by tabs is unusable for that reason,
/// said as such, never as missing columns it has.
#[test]
fn a_table_of_tabs_is_named_for_its_tabs() {
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(
        folder.path().join("MEASUREMENT.csv"),
        "measurement_id\tperson_id\tmeasurement_concept_id\tmeasurement_date\n\
         1\t1\t3024929\t2024-03-01\n",
    )
    .unwrap();
    let error = load(&[folder.path().to_path_buf()])
        .unwrap_err()
        .to_string();
    assert!(error.contains("separated by tabs"), "{error}");
}

/// A morphology finding's LOINC code in `measurement_source_value` decides
/// (clinical.md §5: ignore them whatever they carry), even where the ETL
/// mapped it to a count's standard concept; the concept is read only where
/// the source value holds no LOINC code.
#[test]
fn a_morphology_code_is_ignored_whatever_its_concept() {
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(
        folder.path().join("MEASUREMENT.csv"),
        "measurement_id,person_id,measurement_concept_id,measurement_date,value_as_number,\
         unit_concept_id,measurement_source_value\n\
         1,1,3000963,2024-03-01,7,8713,11273-0\n\
         2,1,3024929,2024-03-01,150,8848,11125-2\n\
         3,1,3000963,2024-03-01,9.5,8713,local-hb\n",
    )
    .unwrap();
    let dataset = load(&[folder.path().to_path_buf()]).unwrap();
    assert_eq!(dataset.report().ignored, 2);
    let patient = dataset.patient("1").expect("person 1");
    let draws = dataset.draws(patient);
    assert_eq!(draws.len(), 1);
    let values = draws.iter().next().unwrap().values;
    assert_eq!(
        values.get(Analyte::Hgb).shown_text().as_deref(),
        Some("9.5")
    );
    assert!(values.get(Analyte::Plt).is_missing());
}

/// A value read from its source text in the source's unit (95 g/L, 9.5
/// g/dL) leaves it open whether the lab's range is in the concept's unit
/// (12-16 g/dL) or the source's: ETLs write either, so the range is not
/// used and the load says so (read in the source's unit, Hb 9.5 was
/// flagged high beside 1.2-1.6); a range with the value in the concept's
/// own unit is used; a source value that cannot be is refused at its own
/// cell.
#[test]
fn a_value_from_its_source_text_leaves_a_range_of_an_unsure_unit_unused() {
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(
        folder.path().join("MEASUREMENT.csv"),
        "measurement_id,person_id,measurement_concept_id,measurement_date,value_as_number,\
         unit_concept_id,range_low,range_high,unit_source_value,value_source_value\n\
         1,7,3000963,2024-01-07,,8713,12,16,g/L,95\n\
         2,7,3023314,2024-01-07,,8554,36,46,%,120\n\
         3,8,3000963,2024-01-07,,8713,12,16,g/dL,9.5\n",
    )
    .unwrap();
    let dataset = load(&[folder.path().to_path_buf()]).unwrap();
    let patient = dataset.patient("7").unwrap();
    let draws = dataset.draws(patient);
    assert_eq!(draws.lab_range(0, Analyte::Hgb), None);
    assert_eq!(
        draws
            .get(0)
            .unwrap()
            .values
            .reading(Analyte::Hgb)
            .unwrap()
            .to_string(),
        "9.5"
    );
    let warned: Vec<_> = dataset
        .report()
        .warnings
        .iter()
        .filter(|w| w.column.is_some())
        .map(|w| (w.line, w.column.clone().unwrap_or_default()))
        .collect();
    assert_eq!(warned, [(2, "range_low".to_string())]);
    let same_unit = dataset.patient("8").unwrap();
    let range = dataset
        .draws(same_unit)
        .lab_range(0, Analyte::Hgb)
        .expect("the lab's range");
    assert_eq!(
        (range.lower.to_string(), range.upper.to_string()),
        ("12".to_string(), "16".to_string())
    );
    let refused: Vec<_> = dataset
        .report()
        .rejected
        .iter()
        .map(|r| (r.line, r.column.clone().unwrap_or_default()))
        .collect();
    assert_eq!(refused, [(3, "value_source_value".to_string())]);
}

/// A converted value keeps the digits written, as every reader keeps them:
/// 8.2 mmol/L hemoglobin is 13 g/dL (it showed 13.21348), 0.250 L/L
/// hematocrit 25.0 %, and a plain `8.0` stays `8.0`.
#[test]
fn a_converted_value_shows_the_digits_written() {
    let dataset = load_rows(
        "1,1,3000963,2024-03-01,2024-03-01 08:00:00,,,8.2,8753,mmol/L,\r\n\
         2,1,3023314,2024-03-01,2024-03-01 08:00:00,,,0.250,,L/L,\r\n\
         3,1,3000905,2024-03-01,2024-03-01 08:00:00,,,8.0,8848,,\r\n",
    );
    assert!(
        dataset.report().rejected.is_empty(),
        "{:?}",
        dataset.report().rejected
    );
    let patient = dataset.patient("1").expect("person 1");
    let values = dataset.draws(patient).iter().next().unwrap().values;
    let shown = |analyte| values.get(analyte).shown_text();
    assert_eq!(shown(Analyte::Hgb).as_deref(), Some("13"));
    assert_eq!(shown(Analyte::Hct).as_deref(), Some("25.0"));
    assert_eq!(shown(Analyte::Wbc).as_deref(), Some("8.0"));
}
