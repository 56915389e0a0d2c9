//! One MEASUREMENT row into the log: its test, its unit, the person and
//! the time, then its result and the lab's range. What cannot be read is
//! refused, or warned of, at its own column and as the person's when the
//! row names them: a unit, operator or value refuses the result; the
//! person or the time, the row; a range, the range alone.

use crate::ingest::FileProblem;
use crate::ingest::assembler::RowLog;
use crate::ingest::assembler::entries::{Facts, LogRow, Single, Source};
use crate::ingest::assembler::patients::id_hash;
use crate::ingest::rows::{Measure, NOT_UTF8, as_written, read_value};
use crate::ingest::time::parse_time;
use crate::ingest::units::{Unit, factor_to_canonical, mismatch_message, parse_unit};
use crate::ingest::unread_tests::UnreadTests;
use crate::ingest::vocabulary::{Resolved, TestName, resolve_test_cell};
use crate::model::{Decimal, Value};

use super::Columns;
use super::cells::{cell_text, time_cells};
use super::concepts::{UNITS, test_of};
use super::value::{Written, lab_range, read_result};

/// Reads one row of the header's length (`headers` as the table names
/// them) into the log, noting in `unread` a source value named like a
/// blood count that it ignores; an error is only a log too large to grow.
pub(super) fn read_row(
    log: &mut RowLog,
    headers: &[String],
    columns: &Columns,
    record: &csv::ByteRecord,
    (source, unread): (Source, &mut UnreadTests<Source>),
) -> Result<(), FileProblem> {
    let &Columns {
        person,
        concept,
        date,
        datetime,
        clock,
        source_value,
        value,
        value_source,
        unit,
        unit_source,
        ..
    } = columns;
    let read = |index: Option<usize>| cell_text(record, index);
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
    let Some(test) = test_of(cell(source_value), cell(Some(concept))) else {
        log.report_mut().ignored += 1;
        // A source value named like a blood count (`Platelet count`,
        // concept 0): its values would be lost without a word.
        let named = cell(source_value).trim();
        if crate::ingest::shape::named_like_a_count(named) {
            unread.note(named, source, 1);
        }
        return Ok(());
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
            return Ok(());
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
            Ok("" | "0") => "no unit: unit_concept_id gives none and unit_source_value is empty; \
                             a CBC result needs its unit"
                .to_string(),
            Ok(other) => format!(
                "unit_concept_id {other} is not a unit hemotrend knows ({}) and \
                 unit_source_value is empty",
                known.join(", ")
            ),
        };
        reject(log, unit_at, reason);
        return Ok(());
    }
    let (measure, factor) = match resolve_test_cell(test, unit_text) {
        Ok(Resolved::Analyte { analyte, unit }) => match factor_to_canonical(analyte, unit) {
            Some(factor) => (Measure::Count(analyte), factor),
            None => {
                reject(log, unit_at, mismatch_message(analyte, unit_text));
                return Ok(());
            }
        },
        Ok(Resolved::Percentage(analyte)) => (Measure::Percent(analyte), Decimal::lit(1, 0)),
        Ok(Resolved::Other) => {
            log.report_mut().ignored += 1;
            return Ok(());
        }
        Err(error) => {
            reject(log, unit_at, error.to_string());
            return Ok(());
        }
    };
    // A unit concept and a source unit that name different units (% and
    // L/L, g/dL and g/L) leave the value's unit unknown: refused, as FHIR's
    // code and unit that disagree are, never read in the concept's.
    // A source unit that is no unit of the test at all (`%` beside an ANC
    // in 8848, `L/L` beside a percentage in 8554) disagrees too.
    if let (Some(concept_unit), false) = (known_unit, from_source)
        && let Ok(written) = read(unit_source)
        && let Some(source_unit) = parse_unit(written)
        && !match measure {
            Measure::Count(analyte) => factor_to_canonical(analyte, source_unit) == Some(factor),
            Measure::Percent(_) => source_unit == Unit::Percent,
        }
    {
        let reason = format!(
            "unit_concept_id {} ({concept_unit}) and unit_source_value {written:?} name different \
             units: which one the value is in is not known",
            unit_concept.unwrap_or_default()
        );
        reject(log, unit_source.unwrap_or(unit_at), reason);
        return Ok(());
    }
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
        return Ok(());
    };
    if patient.is_empty() {
        reject(log, person, "no person_id".into());
        return Ok(());
    }
    let (time_at, time_text) = match time_cells(record, date, datetime, clock) {
        Ok(cells) => cells,
        Err(at) => {
            reject(log, at, NOT_UTF8.into());
            return Ok(());
        }
    };
    let time = match parse_time(&time_text) {
        Ok(time) => time,
        // Joined from the date and `measurement_time`: the cell at fault
        // is named, in its own words (never the joined text).
        Err(_) if Some(time_at) == clock && time_at != date => {
            let date_text = read(Some(date)).unwrap_or_default();
            match parse_time(date_text) {
                Err(error) => reject(log, date, error.to_string()),
                Ok(_) => {
                    let written = read(clock).unwrap_or_default();
                    reject(
                        log,
                        time_at,
                        format!(
                            "{written:?} is not a time of day: expected HH:MM or HH:MM:SS, \
                             with an optional Z or offset"
                        ),
                    );
                }
            }
            return Ok(());
        }
        Err(error) => {
            reject(log, time_at, error.to_string());
            return Ok(());
        }
    };
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
    let written = match read_result(record, columns) {
        Ok(Some(written)) => written,
        Ok(None) => {
            log.report_mut().without_value += 1;
            return Ok(());
        }
        Err((at, reason)) => {
            refuse(log, at, reason);
            return Ok(());
        }
    };
    let Written {
        censor,
        amount,
        at: value_at,
        text,
    } = written;
    let reading = match read_value(measure, Some((censor, amount)), factor) {
        Ok(Some(reading)) => reading,
        Ok(None) => return Ok(()),
        Err(reason) => {
            refuse(log, value_at, reason);
            return Ok(());
        }
    };
    let range = match lab_range(record, columns, (measure, factor), range_unsure, unit_text) {
        Ok(range) => range,
        Err((at, reason)) => {
            log.warn_of(of, source, headers.get(at).cloned(), reason);
            None
        }
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
            value: as_written(Value::new(reading), text, factor),
            range,
        })),
        details_at: None,
    };
    log.add(&row, source, None)
        .map_err(|too_large| FileProblem(too_large.reason()))
}
