//! OMOP CDM MEASUREMENT as ETLs write it: the unit by concept, a time in
//! its own column, CRLF line ends, a value only as source text.

use hemotrend::ingest::load;
use hemotrend::model::Analyte;

const HEADER: &str = "measurement_id,person_id,measurement_concept_id,measurement_date,\
    measurement_datetime,measurement_time,operator_concept_id,value_as_number,unit_concept_id,\
    unit_source_value,value_source_value\r\n";

fn load_rows(rows: &str) -> hemotrend::model::Dataset {
    load_tables(&[("MEASUREMENT.csv", format!("{HEADER}{rows}").as_bytes())])
}

/// A folder of these tables (name, bytes), loaded.
fn load_tables(tables: &[(&str, &[u8])]) -> hemotrend::model::Dataset {
    let folder = tempfile::tempdir().unwrap();
    for (name, bytes) in tables {
        std::fs::write(folder.path().join(name), bytes).unwrap();
    }
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

/// A qualifier an ETL kept only in `value_source_value` (`<10` beside
/// `value_as_number` 10 and no operator) is the result's: `<10` platelets
/// meets `< 20`, where an exact 10 would be a guess. A censored source
/// value that the number or the operator does not bear out is refused at
/// its cell; a source of no qualifier, in another unit, changes nothing.
#[test]
fn a_qualifier_kept_only_in_the_source_value_is_the_results() {
    let dataset = load_rows(
        "1,1,3024929,2024-03-05,,06:00:00,,10,8848,,<10\r\n\
         2,1,3024929,2024-03-06,,06:00:00,,10.0,8848,,<10\r\n\
         3,1,3024929,2024-03-07,,06:00:00,,12,8848,,<10\r\n\
         4,1,3024929,2024-03-08,,06:00:00,4171756,10,8848,,>10\r\n\
         5,1,3000905,2024-03-09,,06:00:00,,3.2,8848,,3200\r\n",
    );
    let report = dataset.report();
    assert_eq!(
        crate::support::lines_and_columns(&report.rejected),
        [
            (4, Some("value_source_value")),
            (5, Some("value_source_value"))
        ]
    );
    assert!(
        report.rejected[0].reason.contains("cannot be told"),
        "{}",
        report.rejected[0].reason
    );
    let patient = dataset.patient("1").unwrap();
    let draws = dataset.draws(patient);
    let plt: Vec<String> = (0..2)
        .map(|i| {
            draws
                .get(i)
                .unwrap()
                .values
                .reading(Analyte::Plt)
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(plt, ["<10", "<10"]);
    let wbc = draws.get(2).unwrap().values.reading(Analyte::Wbc).unwrap();
    assert_eq!(wbc.to_string(), "3.2");
}

/// A PERSON row with the year of birth alone (the month and day taken as
/// the first) gives a birth date about right, said as such (`≈`), never as
/// exact; a whole date is exact.
#[test]
fn a_birth_year_alone_is_an_approximate_birth_date() {
    let measurements = format!(
        "{HEADER}1,1,3000963,2024-03-01,2024-03-01 08:00:00,,,14,8713,,\r\n\
         2,2,3000963,2024-03-01,2024-03-01 08:00:00,,,14,8713,,\r\n"
    );
    let dataset = load_tables(&[
        ("MEASUREMENT.csv", measurements.as_bytes()),
        (
            "PERSON.csv",
            b"person_id,gender_concept_id,year_of_birth,month_of_birth,day_of_birth\n\
              1,8532,2024,,\n2,8532,2024,1,1\n",
        ),
    ]);
    let approximate = |id: &str| dataset.patient(id).unwrap().birth_approximate;
    assert!(approximate("1"));
    assert!(!approximate("2"));
}

/// A birth column of PERSON that is not UTF-8 leaves the birth unknown:
/// the year alone would make a 12-day-old about 4 months old (1 January),
/// judged against the wrong age band.
#[test]
fn an_unreadable_birth_column_leaves_the_birth_unknown() {
    let measurements = format!(
        "{HEADER}1,1,3000963,2023-05-02,2023-05-02 08:15:00,,,11,8713,,\r\n\
         2,2,3000963,2023-05-02,2023-05-02 08:15:00,,,11,8713,,\r\n\
         3,3,3000963,2023-05-02,2023-05-02 08:15:00,,,11,8713,,\r\n"
    );
    let dataset = load_tables(&[
        ("MEASUREMENT.csv", measurements.as_bytes()),
        (
            "PERSON.csv",
            b"person_id,gender_concept_id,year_of_birth,month_of_birth,day_of_birth,birth_datetime\n\
              1,8532,2023,,,2023-04-20\xA000:00:00\n2,8532,2023,\xB94,20,\n\
              3,8532,2023,4,\xB920,2023-04-20 00:00:00\n",
        ),
    ]);
    for id in ["1", "2"] {
        let patient = dataset.patient(id).unwrap();
        assert_eq!(patient.birth_date, None, "person {id}");
        assert_eq!(patient.sex, hemotrend::model::Sex::Female);
    }
    // The warnings say what the unreadable cell costs: the age.
    let costs_age = |line: u64| {
        dataset.report().warnings.iter().any(|w| {
            w.line == line && w.reason.ends_with("the birth date is not known, so the limits for the age cannot apply (the adult ones do)")
        })
    };
    assert!(
        costs_age(2) && costs_age(3),
        "{:?}",
        dataset.report().warnings
    );
    assert!(!costs_age(4), "{:?}", dataset.report().warnings);
    // A readable birth_datetime decides, whatever the parts beside it.
    let third = dataset.patient("3").unwrap();
    assert_eq!(
        third.birth_date.map(|b| b.date_text()).as_deref(),
        Some("2023-04-20")
    );
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
    assert!(
        error.contains("MEASUREMENT.csv: line 1: an OMOP MEASUREMENT table separated by tabs"),
        "{error}"
    );
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

/// What the lab tables say of a cell that is not UTF-8.
const NOT_UTF8: &str =
    "not valid UTF-8 text (if the file is in another encoding, such as Latin-1, save it as UTF-8)";

/// A MEASUREMENT table with Latin-1 bytes (`\xe1`, `\xb5`, a no-break
/// space `\xa0`) costs what each cell would have said, never the folder
/// (it stopped at the first such byte, with the csv crate's "invalid
/// utf-8" and a field counted from 0). A cell not read costs nothing: a
/// source value of a test outside the CBC, a local test name beside a CBC
/// concept, a `unit_source_value` beside a unit concept hemotrend knows.
/// A cell read refuses, in the lab tables' words, naming its column: the
/// value (or, where `value_as_number` is empty, its source text), its unit
/// or operator, that result; the person or the time, the
/// row. A range that is not UTF-8 costs the range (a warning).
#[test]
fn a_latin1_cell_costs_what_it_would_have_said_never_the_folder() {
    let mut rows: Vec<u8> = b"measurement_id,person_id,measurement_concept_id,measurement_date,\
        measurement_datetime,measurement_time,measurement_type_concept_id,operator_concept_id,\
        value_as_number,value_as_concept_id,unit_concept_id,range_low,range_high,provider_id,\
        visit_occurrence_id,visit_detail_id,measurement_source_value,measurement_source_concept_id,\
        unit_source_value,unit_source_concept_id,value_source_value,measurement_event_id,\
        meas_event_field_concept_id\n"
        .to_vec();
    for row in [
        &b"1,1,3004501,2021-08-23,2021-08-23 03:26:50,,44818702,,98,0,8840,,,,17,,Gluc\xf3sa,,mg/dL,,98 \xb1 2,,"[..],
        b"2,1,3000905,2021-08-23,2021-08-23 03:26:50,,44818702,,5.9,0,8848,4,10,,17,,Leucocitos \xe1,,10\xb3/\xb5L,,,,",
        b"3,1,3000963,2021-08-23,2021-08-23 03:26:50,,44818702,,13.1,0,8713,12\xa0,16,,17,,718-7,,g/dL,,,,",
        b"4,1,3024929,2021-08-23,2021-08-23 03:26:50,,44818702,,150\xa0,0,8848,150,400,,17,,777-3,,10*3/uL,,,,",
        b"5,1,3020416,2021-08-23,2021-08-23 03:26:50,,44818702,,4.6,0,0,,,,17,,789-8,,10\xb9\xb2/L,,,,",
        b"6,2\xe1,3024929,2021-08-23,2021-08-23 03:26:50,,44818702,,140,0,8848,,,,17,,777-3,,,,,,",
        b"7,3,3024929,2021-08-23,2021-08-23\xa003:26:50,,44818702,,140,0,8848,,,,17,,777-3,,,,,,",
        b"8,3,3023314,2021-08-24,2021-08-24 03:26:50,,44818702,\xe1,40,0,8554,,,,17,,4544-3,,%,,,,",
        b"9,3,3000905,2021-08-24,2021-08-24 03:26:50,,44818702,,4.0,0,8848,,,,17,,6690-2,,,,,,",
        b"10,3,3024929,2021-08-24,2021-08-24 03:26:50,,44818702,,,0,8848,,,,17,,777-3,,,,<10\xa0,,",
        b"11,3,3024929,2021-08-25,,08:00\xa0,44818702,,120,0,8848,,,,17,,777-3,,,,,,",
    ] {
        rows.extend_from_slice(row);
        rows.push(b'\n');
    }
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(folder.path().join("MEASUREMENT.csv"), rows).unwrap();
    let dataset = load(&[folder.path().to_path_buf()]).expect("the folder loads");
    let report = dataset.report();
    assert_eq!(report.ignored, 1, "the glucose row is not a CBC's");
    let refused: Vec<_> = report
        .rejected
        .iter()
        .map(|r| {
            (
                r.line,
                r.column.clone().unwrap_or_default(),
                r.reason.as_str(),
            )
        })
        .collect();
    assert_eq!(
        refused,
        [
            (5, "value_as_number".to_string(), NOT_UTF8),
            (6, "unit_source_value".to_string(), NOT_UTF8),
            (7, "person_id".to_string(), NOT_UTF8),
            (8, "measurement_datetime".to_string(), NOT_UTF8),
            (9, "operator_concept_id".to_string(), NOT_UTF8),
            (11, "value_source_value".to_string(), NOT_UTF8),
            (12, "measurement_time".to_string(), NOT_UTF8),
        ]
    );
    let warned: Vec<_> = report
        .warnings
        .iter()
        .filter(|w| w.column.is_some())
        .map(|w| {
            (
                w.line,
                w.column.clone().unwrap_or_default(),
                w.reason.clone(),
            )
        })
        .collect();
    assert_eq!(
        warned,
        [(
            4,
            "range_low".to_string(),
            format!(
                "{NOT_UTF8}; the limits for the age and sex apply (the adult ones when the age \
                 is unknown)"
            )
        )]
    );
    // Person 1's draw keeps its WBC (named by its concept) and hemoglobin
    // (without the lab's range); the platelet count alone is lost.
    let patient = dataset.patient("1").expect("person 1");
    let draws = dataset.draws(patient);
    assert_eq!(draws.len(), 1);
    let values = draws.get(0).unwrap().values;
    let shown = |analyte| values.get(analyte).shown_text();
    assert_eq!(shown(Analyte::Wbc).as_deref(), Some("5.9"));
    assert_eq!(shown(Analyte::Hgb).as_deref(), Some("13.1"));
    assert!(values.get(Analyte::Plt).is_missing());
    assert!(values.get(Analyte::Rbc).is_missing());
    assert_eq!(draws.lab_range(0, Analyte::Hgb), None);
    let other = dataset.patient("3").expect("person 3");
    let values = dataset.draws(other).get(0).unwrap().values;
    assert_eq!(
        values.get(Analyte::Wbc).shown_text().as_deref(),
        Some("4.0")
    );
    assert_eq!(dataset.patients().len(), 2);
}

/// A row cut short or split by an unquoted comma (`150,5`) is refused
/// whole, naming its line, and every other row loads: before, the csv
/// crate's `found record with 4 fields, but the previous record has 11`
/// stopped the folder. Its cells are not where the header says, so no
/// column is named and nothing of it is read. A CRLF file's blank line is
/// no row, as in the lab tables. Lines are the physical lines (header = 1).
#[test]
fn a_row_of_the_wrong_length_is_refused_alone_never_the_folder() {
    let dataset = load_rows(
        "1,1,3000905,2024-03-01,2024-03-01 08:00:00,,,5.9,8848,,\r\n\
         2,1,3000963,2024-03-01\r\n\
         3,1,3024929,2024-03-01,2024-03-01 08:00:00,,,150,5,8848,,\r\n\
         4,1,3020416,2024-03-01,2024-03-01 08:00:00,,,4.6,8815,,\r\n\
         \r\n\
         5,1,3023314,2024-03-01,2024-03-01 08:00:00,,,44.7,8554,,\r\n",
    );
    let report = dataset.report();
    let refused: Vec<_> = report
        .rejected
        .iter()
        .map(|r| (r.line, r.column.clone(), r.reason.as_str()))
        .collect();
    assert_eq!(
        refused,
        [
            (3, None, "the row has 4 fields; the header has 11"),
            (4, None, "the row has 12 fields; the header has 11"),
        ]
    );
    assert_eq!(report.rows_read, 5, "the blank line is no row");
    let patient = dataset.patient("1").expect("person 1");
    let draws = dataset.draws(patient);
    assert_eq!(draws.len(), 1);
    let values = draws.get(0).unwrap().values;
    let shown = |analyte| values.get(analyte).shown_text();
    assert_eq!(shown(Analyte::Wbc).as_deref(), Some("5.9"));
    assert_eq!(shown(Analyte::Rbc).as_deref(), Some("4.6"));
    assert_eq!(shown(Analyte::Hct).as_deref(), Some("44.7"));
    assert!(values.get(Analyte::Hgb).is_missing());
    assert!(values.get(Analyte::Plt).is_missing());
}

/// A unit concept and a source unit that name different units leave the
/// value's unit unknown: refused at unit_source_value, never read in the
/// concept's (Hct 0.4 with % and L/L showed 0.4 %); units that agree in
/// other words (10*3/uL and K/uL) load.
#[test]
fn a_unit_concept_and_a_source_unit_that_disagree_are_refused() {
    let dataset = load_rows(
        "1,1,3023314,2024-03-01,2024-03-01 08:00:00,,,0.4,8554,L/L,\r\n\
         2,1,3000963,2024-03-01,2024-03-01 08:00:00,,,100,8713,g/L,\r\n\
         3,1,3024929,2024-03-01,2024-03-01 08:00:00,,,150,8848,K/uL,\r\n",
    );
    let rejected = crate::support::lines_and_columns(&dataset.report().rejected);
    assert_eq!(
        rejected,
        [
            (2, Some("unit_source_value")),
            (3, Some("unit_source_value"))
        ]
    );
    assert!(
        dataset.report().rejected[0]
            .reason
            .contains("name different units")
    );
    let patient = dataset.patient("1").expect("person 1");
    let values = dataset.draws(patient).iter().next().unwrap().values;
    assert!(values.get(Analyte::Hct).is_missing());
    assert!(values.get(Analyte::Hgb).is_missing());
    assert_eq!(
        values.get(Analyte::Plt).shown_text().as_deref(),
        Some("150")
    );
}

/// A source unit that is no unit of the test at all disagrees with the
/// concept too: neutrophils 0.6 with 8554 (%) beside `L/L` made an ANC of
/// 0.03 (grade 4); an ANC with 8848 beside `%` is no count.
#[test]
fn a_source_unit_of_another_kind_than_the_concept_is_refused() {
    let dataset = load_tables(&[(
        "MEASUREMENT.csv",
        b"measurement_id,person_id,measurement_concept_id,measurement_date,measurement_datetime,\
          value_as_number,unit_concept_id,unit_source_value,measurement_source_value\n\
          1,1,0,2024-03-01,2024-03-01 08:00:00,5.0,8848,10*3/uL,6690-2\n\
          2,1,0,2024-03-01,2024-03-01 08:00:00,0.6,8554,L/L,770-8\n\
          3,1,0,2024-03-01,2024-03-01 08:00:00,1.2,8848,%,751-8\n\
          4,1,0,2024-03-01,2024-03-01 08:00:00,60,8554,%,770-8\n",
    )]);
    let rejected: Vec<u64> = dataset.report().rejected.iter().map(|r| r.line).collect();
    assert_eq!(rejected, [3, 4], "{:?}", dataset.report().rejected);
    let patient = dataset.patient("1").expect("person 1");
    let values = dataset.draws(patient).iter().next().unwrap().values;
    // The ANC is derived from WBC 5.0 and the 60 % that agrees: 3.0.
    assert_eq!(
        values.get(Analyte::Anc).shown_text().as_deref(),
        Some("3.0*")
    );
}

/// An events file beside an OMOP folder's tables may name its patient
/// `person_id`, as OMOP does: its events load, never costing the folder.
#[test]
fn an_events_file_in_an_omop_folder_may_name_its_patient_person_id() {
    let measurement = format!("{HEADER}1,1,3024929,2024-03-05,,06:00:00,,45,8848,,\r\n");
    let events = "person_id,at,event,units,note\n1,2024-03-04,platelet-transfusion,1,\n";
    let dataset = load_tables(&[
        ("MEASUREMENT.csv", measurement.as_bytes()),
        ("events.csv", events.as_bytes()),
    ]);
    let patient = dataset.patient("1").expect("the measurement loads");
    assert_eq!(dataset.events(patient).len(), 1);
}

/// A source value named like a blood count with no concept hemotrend
/// knows (`Platelet count`, concept 0) is a warning once, with its rows,
/// as a long file's test is: its values are not dropped without a word.
#[test]
fn a_source_value_named_like_a_blood_count_is_named_once() {
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(
        folder.path().join("MEASUREMENT.csv"),
        "measurement_id,person_id,measurement_concept_id,measurement_date,value_as_number,\
         unit_concept_id,measurement_source_value\n\
         1,1,0,2024-03-01,12,8848,Platelet count\n\
         2,1,3000963,2024-03-01,9.5,8713,local-hb\n\
         3,1,0,2024-03-02,15,8848,Platelet count\n\
         4,1,0,2024-03-02,99,0,Glucose\n",
    )
    .unwrap();
    let dataset = load(&[folder.path().to_path_buf()]).unwrap();
    let report = dataset.report();
    assert_eq!(report.ignored, 3);
    let warned: Vec<(u64, Option<&str>, &str)> = report
        .warnings
        .iter()
        .filter(|w| w.file.ends_with("MEASUREMENT.csv"))
        .map(|w| (w.line, w.column.as_deref(), w.reason.as_str()))
        .collect();
    assert_eq!(warned.len(), 1, "{warned:?}");
    assert_eq!(warned[0].0, 2);
    assert_eq!(warned[0].1, Some("measurement_source_value"));
    assert!(
        warned[0].2.starts_with(
            "test \"Platelet count\" (on 2 rows, the first here) is named like a blood count"
        ),
        "{warned:?}"
    );
}

/// A time of day that cannot be read names `measurement_time` and its own
/// text, and a missing date names `measurement_date`: the messages had
/// quoted the joined text (`"2024-01-02T8:30"`, `"T08:30:00"`) and blamed
/// the time for the missing date.
#[test]
fn a_time_of_day_or_a_date_at_fault_is_named_in_its_own_words() {
    let dataset = load_rows(
        "1,1,3024929,,,08:30:00,,45,8848,,\r\n\
         2,1,3024929,2024-01-02,,8:30,,45,8848,,\r\n",
    );
    let refused = crate::support::lines_columns_and_reasons(&dataset.report().rejected);
    assert_eq!(refused.len(), 2, "{refused:?}");
    assert_eq!((refused[0].0, refused[0].1), (2, Some("measurement_date")));
    assert!(refused[0].2.starts_with("no time given"), "{refused:?}");
    assert_eq!(
        refused[1],
        (
            3,
            Some("measurement_time"),
            "\"8:30\" is not a time of day: expected HH:MM or HH:MM:SS, with an optional Z or offset"
        )
    );
}
