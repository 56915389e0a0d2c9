//! OMOP CDM 5.4 `MEASUREMENT`, as the CDM names its columns: one row per
//! result. The test is the LOINC code (or another code or name hemotrend
//! knows) in `measurement_source_value`, else the standard concept in
//! `measurement_concept_id` (clinical.md §5); the unit is `unit_concept_id`
//! (else `unit_source_value`); `operator_concept_id` gives `<`/`>`; the
//! value is `value_as_number`, else the result as written in
//! `value_source_value` (`<10`, as an ETL leaves what is not a number);
//! `range_low`/`range_high` are the lab's range; the time is
//! `measurement_datetime`, else `measurement_date` with `measurement_time`
//! where given. A count without a unit hemotrend knows is refused, never
//! read as the canonical unit. One person at one time
//! is one draw. `PERSON` is joined for sex and birth date (see
//! [`patient_table`](super::patient_table)).
//!
//! The table is read as bytes: a cell that is not UTF-8 costs what it would
//! have said, never the file. A unit, operator, value or source value
//! refuses that result; the person or the time, the row; a range, the
//! range (a warning). A test's source value or concept that is not UTF-8
//! names nothing hemotrend knows (every code and name it knows is ASCII):
//! the other decides, as for a local name. A column not read costs nothing.
//!
//! A row with more or fewer fields than the header is refused whole, with
//! its line, as the lab tables refuse one: its cells cannot be told apart
//! (an unquoted `8,2` is two), and every other row loads.

use std::io::Read;

use crate::ingest::FileProblem;
use crate::ingest::assembler::entries::{Facts, LogRow, Single, Source};
use crate::ingest::assembler::patients::id_hash;
use crate::ingest::assembler::{FileColumns, RowLog};
use crate::ingest::cell::parse_cell;
use crate::ingest::long_value::{Cell, describe, read_range};
use crate::ingest::rows::{Measure, NOT_UTF8, as_written, read_value};
use crate::ingest::time::parse_time;
use crate::ingest::units::{factor_to_canonical, mismatch_message, parse_unit};
use crate::ingest::vocabulary::{Resolved, TestName, identify_test, resolve_test_cell};
use crate::model::{Analyte, Censor, Decimal, Value};

/// Whether a source value is written as a LOINC code: digits, a hyphen,
/// one check digit (`718-7`, `11273-0`).
fn looks_like_loinc(text: &str) -> bool {
    text.split_once('-').is_some_and(|(number, check)| {
        (1..=7).contains(&number.len())
            && number.bytes().all(|b| b.is_ascii_digit())
            && check.len() == 1
            && check.bytes().all(|b| b.is_ascii_digit())
    })
}

/// The standard measurement concepts of clinical.md §5.
const CONCEPTS: &[(&str, Analyte)] = &[
    ("3000905", Analyte::Wbc),
    ("3020416", Analyte::Rbc),
    ("3000963", Analyte::Hgb),
    ("3023314", Analyte::Hct),
    ("3023599", Analyte::Mcv),
    ("3024929", Analyte::Plt),
];

/// Units by `unit_concept_id` (clinical.md §5), as UCUM writes them.
const UNITS: &[(&str, &str)] = &[
    ("8848", "10*3/uL"),
    ("8815", "10*6/uL"),
    ("8713", "g/dL"),
    ("8554", "%"),
    ("8583", "fL"),
];

/// `operator_concept_id`: `=`, `<`, `>` (`<=` and `>=` say less, and are refused).
fn operator(concept: &str) -> Result<Censor, String> {
    match concept {
        "" | "0" | "4172703" => Ok(Censor::Exact),
        "4171756" => Ok(Censor::Below),
        "4172704" => Ok(Censor::Above),
        other => Err(format!(
            "operator_concept_id {other} is not =, < or > (4172703, 4171756, 4172704)"
        )),
    }
}

/// A cell's text, trimmed: empty where the table has no such column, the
/// column's index where its bytes are not UTF-8.
fn cell_text(record: &csv::ByteRecord, index: Option<usize>) -> Result<&str, usize> {
    let Some(index) = index else {
        return Ok("");
    };
    std::str::from_utf8(record.get(index).unwrap_or_default())
        .map(str::trim)
        .map_err(|_| index)
}

/// `measurement_datetime`, else the date with `measurement_time` when the
/// CDM row gives one, else the date alone: the column the time is read
/// from and its text, or the column whose bytes are not UTF-8 (a cell not
/// needed, a time beside a datetime, is not looked at).
fn time_cells(
    record: &csv::ByteRecord,
    date: usize,
    datetime: Option<usize>,
    clock: Option<usize>,
) -> Result<(usize, String), usize> {
    let datetime_text = cell_text(record, datetime)?;
    if !datetime_text.is_empty() {
        return Ok((datetime.unwrap_or(date), datetime_text.to_string()));
    }
    let clock_text = cell_text(record, clock)?;
    let date_text = cell_text(record, Some(date))?;
    Ok(if clock_text.is_empty() {
        (date, date_text.to_string())
    } else {
        (clock.unwrap_or(date), format!("{date_text}T{clock_text}"))
    })
}

/// Reads a MEASUREMENT table into the log.
pub fn read_measurements(
    log: &mut RowLog,
    name: &str,
    input: impl Read,
) -> Result<(), FileProblem> {
    // Records end at LF alone (a CR before it is trimmed off the last
    // cell): with CRLF as the terminator, the csv crate starts each record
    // at the LF of the one before and counts it a line short. Flexible: a
    // row of the wrong length is that row's problem (refused below), not
    // the whole folder's (the csv crate stops at it otherwise).
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .terminator(csv::Terminator::Any(b'\n'))
        .from_reader(input);
    // Names not UTF-8 are shown as they probably read: the columns looked
    // for are ASCII, so none is missed for it.
    let headers: Vec<String> = reader
        .byte_headers()
        .map_err(|error| FileProblem(format!("could not be read: {error}")))?
        .iter()
        .map(|h| String::from_utf8_lossy(h).trim().to_ascii_lowercase())
        .collect();
    let find = |wanted: &str| headers.iter().position(|h| h == wanted);
    let (Some(person), Some(concept), Some(date)) = (
        find("person_id"),
        find("measurement_concept_id"),
        find("measurement_date"),
    ) else {
        // A header of tabs is one name to a comma reader: say so rather
        // than list columns that are there.
        let tabs = headers.iter().any(|h| h.contains('\t'));
        let reason = if tabs {
            "an OMOP MEASUREMENT table separated by tabs: hemotrend reads comma-separated \
             tables (save it as CSV)"
        } else {
            "an OMOP MEASUREMENT table needs person_id, measurement_concept_id and \
             measurement_date"
        };
        return Err(FileProblem(reason.into()));
    };
    let column = |wanted: &str| find(wanted);
    let datetime = column("measurement_datetime");
    let clock = column("measurement_time");
    let source_value = column("measurement_source_value");
    let value = column("value_as_number");
    let value_source = column("value_source_value");
    let unit = column("unit_concept_id");
    let unit_source = column("unit_source_value");
    let op = column("operator_concept_id");
    let (low, high) = (column("range_low"), column("range_high"));
    let file = log.begin_file(
        name.to_string(),
        FileColumns::Table {
            headers: headers.clone(),
            value: value.unwrap_or(concept),
        },
    );
    // Bytes, not text: one cell in another encoding (a Latin-1 source
    // value) is that cell's problem, not the whole table's (the `csv`
    // crate's text records refuse the file at the first such byte).
    let mut record = csv::ByteRecord::new();
    let mut rows = 0u64;
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(error) => return Err(FileProblem(format!("could not be read: {error}"))),
        }
        // A line of white space alone (a CRLF file's blank line, read as
        // one field `\r`) is no row, as in the lab tables.
        if record.len() == 1 && record.iter().flatten().all(u8::is_ascii_whitespace) {
            continue;
        }
        rows += 1;
        let line = record.position().map_or(0, |p| p.line());
        let source = Source { file, line };
        // Before the test is looked for: with a field missing or one too
        // many, the cells are not where the header says (the test, the
        // person), so nothing of the row is read, nor counted as ignored.
        if record.len() != headers.len() {
            // No decimal-comma hint (the lab tables give one where two
            // fields side by side are digits): an OMOP row's ids and
            // concepts always are.
            let reason = format!(
                "the row has {} fields; the header has {}",
                record.len(),
                headers.len()
            );
            log.reject(source, 0, None, reason);
            continue;
        }
        let read = |index: Option<usize>| cell_text(&record, index);
        // Where a cell that is not UTF-8 can only name nothing hemotrend
        // knows (a test's source value or concept: every code and name it
        // knows is ASCII), it is read as empty.
        let cell = |index: Option<usize>| read(index).unwrap_or("");
        // What is refused or deserves a look is the person's, when named.
        let person_id = read(Some(person));
        let of = person_id.ok().filter(|id| !id.is_empty());
        let reject = |log: &mut RowLog, at: usize, reason: String| {
            log.reject_of(of, source, 0, headers.get(at).cloned(), reason);
        };
        let by_source = match identify_test(cell(source_value)) {
            // A LOINC code of another test (a morphology finding, 11273-0)
            // decides: the concept is read only where the source value
            // holds no LOINC code (clinical.md §5).
            TestName::Other if looks_like_loinc(cell(source_value)) => {
                log.report_mut().ignored += 1;
                continue;
            }
            TestName::Other => None,
            known => Some(known),
        };
        let test = by_source.or_else(|| {
            CONCEPTS
                .iter()
                .find(|(id, _)| *id == cell(Some(concept)))
                .map(|&(_, analyte)| TestName::Analyte(analyte))
        });
        let Some(test) = test else {
            log.report_mut().ignored += 1;
            continue;
        };
        // From here on a cell that is not UTF-8 is refused where it is
        // read, and costs nothing where it is not (a unit_source_value
        // beside a unit concept hemotrend knows).
        let unit_concept = read(unit);
        let known_unit = UNITS
            .iter()
            .find(|(id, _)| Ok(*id) == unit_concept)
            .map(|&(_, text)| text);
        // A value only as its source text is in the source's unit, when
        // the row gives it: unit_concept_id is the unit of value_as_number.
        let from_source = read(value) == Ok("") && read(value_source) != Ok("");
        let (unit_text, unit_at) = match known_unit {
            _ if from_source && read(unit_source) != Ok("") => {
                (read(unit_source), unit_source.unwrap_or(concept))
            }
            Some(text) => (Ok(text), unit.or(unit_source).unwrap_or(concept)),
            None => (read(unit_source), unit.or(unit_source).unwrap_or(concept)),
        };
        let unit_text = match unit_text {
            Ok(text) => text,
            Err(at) => {
                reject(log, at, NOT_UTF8.into());
                continue;
            }
        };
        // A count with no unit is refused, never read as the canonical unit
        // (clinical.md §4: by the unit, never by guessing): a concept
        // hemotrend does not know, or none, with no unit_source_value.
        if unit_text.is_empty() && !matches!(test, TestName::Percentage(_)) {
            let known: Vec<String> = UNITS
                .iter()
                .map(|(id, text)| format!("{id} {text}"))
                .collect();
            let reason = match unit_concept {
                Err(_) => NOT_UTF8.to_string(),
                Ok("" | "0") => {
                    "no unit: unit_concept_id gives none and unit_source_value is empty; \
                             a CBC result needs its unit"
                        .to_string()
                }
                Ok(other) => format!(
                    "unit_concept_id {other} is not a unit hemotrend knows ({}) and \
                     unit_source_value is empty",
                    known.join(", ")
                ),
            };
            reject(log, unit_at, reason);
            continue;
        }
        let (measure, factor) = match resolve_test_cell(test, unit_text) {
            Ok(Resolved::Analyte { analyte, unit }) => match factor_to_canonical(analyte, unit) {
                Some(factor) => (Measure::Count(analyte), factor),
                None => {
                    reject(log, unit_at, mismatch_message(analyte, unit_text));
                    continue;
                }
            },
            Ok(Resolved::Percentage(analyte)) => (Measure::Percent(analyte), Decimal::lit(1, 0)),
            Ok(Resolved::Other) => {
                log.report_mut().ignored += 1;
                continue;
            }
            Err(error) => {
                reject(log, unit_at, error.to_string());
                continue;
            }
        };
        // range_low and range_high are in the unit of "the measurement
        // value": value_as_number's, the concept's. A value read from its
        // source text in another unit leaves it open which unit the range
        // is in (ETLs write either): such a range is not used, and the
        // load says so, rather than read in a unit guessed.
        let range_unsure = match (measure, from_source) {
            (Measure::Count(analyte), true) => {
                let concept_factor = known_unit
                    .and_then(parse_unit)
                    .and_then(|unit| factor_to_canonical(analyte, unit));
                concept_factor.is_some_and(|concept| concept != factor)
            }
            _ => false,
        };
        let Ok(patient) = person_id else {
            reject(log, person, NOT_UTF8.into());
            continue;
        };
        if patient.is_empty() {
            reject(log, person, "no person_id".into());
            continue;
        }
        let (time_at, time_text) = match time_cells(&record, date, datetime, clock) {
            Ok(cells) => cells,
            Err(at) => {
                reject(log, at, NOT_UTF8.into());
                continue;
            }
        };
        let time = match parse_time(&time_text) {
            Ok(time) => time,
            Err(error) => {
                reject(log, time_at, error.to_string());
                continue;
            }
        };
        let value_at = value.unwrap_or(concept);
        // From here on a refusal is of a value: a result of the draw at
        // `time` (the dashboard says which draw lost it).
        let refuse = |log: &mut RowLog, at: usize, reason: String| {
            log.reject_value(
                (of, Some(time)),
                (source, 0),
                headers.get(at).cloned(),
                reason,
            );
        };
        let censor = match read(op).map(operator) {
            Ok(Ok(censor)) => censor,
            Ok(Err(reason)) => {
                refuse(log, op.unwrap_or(value_at), reason);
                continue;
            }
            Err(at) => {
                refuse(log, at, NOT_UTF8.into());
                continue;
            }
        };
        let Ok(number) = read(value) else {
            refuse(log, value_at, NOT_UTF8.into());
            continue;
        };
        let (censor, amount) = if number.is_empty() {
            // An ETL that could not make a number of the result (`<10`)
            // leaves value_as_number empty and keeps the result as written
            // in value_source_value: read there, with its qualifier.
            let at = value_source.unwrap_or(value_at);
            let Ok(written) = read(value_source) else {
                refuse(log, at, NOT_UTF8.into());
                continue;
            };
            match parse_cell(written) {
                // value_as_concept_id alone (positive, negative), or no
                // result at all: a row with no value.
                Ok(None) => {
                    log.report_mut().without_value += 1;
                    continue;
                }
                Ok(Some((own, amount))) => match (censor, own) {
                    (Censor::Exact, own) => (own, amount),
                    (operator, Censor::Exact) => (operator, amount),
                    (operator, own) if operator == own => (own, amount),
                    _ => {
                        let reason = format!(
                            "value_source_value {written:?} and operator_concept_id {} say different things",
                            cell(op)
                        );
                        refuse(log, at, reason);
                        continue;
                    }
                },
                Err(error) => {
                    let reason = format!(
                        "value_as_number is empty and value_source_value {}",
                        describe(written, error)
                    );
                    refuse(log, at, reason);
                    continue;
                }
            }
        } else {
            match Decimal::parse(number) {
                Ok(amount) => (censor, amount),
                Err(error) => {
                    refuse(log, value_at, describe(number, error));
                    continue;
                }
            }
        };
        // A value read from its source text is refused at that cell.
        let (value_at, written) = match value_source {
            Some(at) if number.is_empty() => (at, cell(value_source)),
            _ => (value_at, number),
        };
        let reading = match read_value(measure, Some((censor, amount)), factor) {
            Ok(Some(reading)) => reading,
            Ok(None) => continue,
            Err(reason) => {
                refuse(log, value_at, reason);
                continue;
            }
        };
        let given = |at: Option<usize>| read(at) != Ok("");
        let range = match (measure, low, high) {
            (Measure::Count(_), Some(low), Some(high))
                if range_unsure && (given(Some(low)) || given(Some(high))) =>
            {
                log.warn_of(
                    of,
                    source,
                    headers.get(low).cloned(),
                    format!(
                        "range_low and range_high may be in unit_concept_id {}'s unit or in the source's ({unit_text}), which differ: not used; the limits for the age and sex apply (the adult ones when the age is unknown)",
                        cell(unit)
                    ),
                );
                None
            }
            (Measure::Count(_), Some(low), Some(high)) => {
                // An unusable range costs the range, never the value
                // (clinical.md §2); so does one that is not UTF-8.
                let limits = match (read(Some(low)), read(Some(high))) {
                    (Ok(low_text), Ok(high_text)) => read_range(low_text, high_text, factor)
                        .map_err(|(at, reason)| {
                            (if at == Cell::Upper { high } else { low }, reason)
                        }),
                    (Err(at), _) | (_, Err(at)) => Err((at, NOT_UTF8.to_string())),
                };
                match limits {
                    Ok(range) => range,
                    Err((at, reason)) => {
                        let column = headers.get(at).cloned();
                        log.warn_of(
                            of,
                            source,
                            column,
                            format!("{reason}; the limits for the age and sex apply (the adult ones when the age is unknown)"),
                        );
                        None
                    }
                }
            }
            _ => None,
        };
        let row = LogRow {
            patient: patient.as_bytes(),
            patient_hash: id_hash(patient.as_bytes()),
            name: None,
            sex: None,
            birth: None,
            time,
            specimen: None,
            facts: Facts::Single(Some(Single {
                measure,
                // Places and digits as written, as every reader keeps
                // them (13 g/dL from 8.2 mmol/L, not 13.21348).
                value: as_written(Value::new(reading), written, factor),
                range,
            })),
            details_at: None,
        };
        log.add(&row, source, None)
            .map_err(|too_large| FileProblem(too_large.reason()))?;
    }
    log.report_mut().rows_read += rows;
    if rows == 0 {
        return Err(FileProblem(
            "the MEASUREMENT table has a header but no rows".into(),
        ));
    }
    Ok(())
}
