//! One CSV record to one row of facts, or the reason it cannot be one.

use std::fmt;

use crate::model::{Analyte, Censor, Decimal, LabRange, Reading, Sex, Timestamp, Value};

use super::cell::parse_cell;
use super::csv_record::Fields;
use super::long_value::{Cell, describe, read_number, read_range};
use super::shape::{CommonColumns, RangeColumns, Shape};
use super::time::parse_time;
use super::units::{factor_to_canonical, mismatch_message, times_factor};
use super::vocabulary::{Resolved, TestName, identify_test, resolve_test_cell};

mod observations;

pub use observations::Observations;

/// What a value is: an analyte in its canonical unit, or a differential
/// percentage that an absolute count may be derived from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Measure {
    /// The analyte, in its canonical unit.
    Count(Analyte),
    /// The percentage of this analyte's cells (neutrophils %, lymphocytes %
    /// of white cells; reticulocytes % of red cells).
    Percent(Analyte),
}

impl fmt::Display for Measure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Measure::Count(analyte) => f.write_str(analyte.name()),
            Measure::Percent(Analyte::Anc) => f.write_str("neutrophil %"),
            Measure::Percent(Analyte::Alc) => f.write_str("lymphocyte %"),
            Measure::Percent(Analyte::Retic) => f.write_str("reticulocyte %"),
            Measure::Percent(other) => write!(f, "{} %", other.name()),
        }
    }
}

/// A value read from one column (or one FHIR resource).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Observation {
    /// Which analyte, or which percentage.
    pub measure: Measure,
    /// Its value in canonical units (or in % for a percentage).
    pub value: Value,
    /// The column it came from, to name it in a conflict.
    pub column: usize,
    /// The range the lab gave with it, in canonical units.
    pub range: Option<LabRange>,
}

/// What one record says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row<'r> {
    /// Patient identifier (never empty).
    pub patient: &'r str,
    /// Patient name, when the row has one.
    pub name: Option<&'r str>,
    /// Sex, when the row gives one.
    pub sex: Option<Sex>,
    /// Birth date, when the row gives one.
    pub birth_date: Option<Timestamp>,
    /// Collection time.
    pub time: Timestamp,
    /// Specimen or encounter, when the file has one and the row fills it.
    pub specimen: Option<&'r str>,
    /// The measured values (not-measured cells give none).
    pub observations: Observations,
}

/// A record that cannot load: which column (if one) and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowError {
    /// The column at fault, if one is.
    pub column: Option<usize>,
    /// Why, in words.
    pub reason: String,
}

impl RowError {
    fn at(column: usize, reason: impl Into<String>) -> RowError {
        RowError {
            column: Some(column),
            reason: reason.into(),
        }
    }
}

/// The outcome of reading one record.
#[cfg(test)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RowOutcome<'r> {
    /// Facts to merge into the dataset.
    Row(Row<'r>),
    /// A long file's row of a test outside the CBC.
    Ignored,
    /// Refused, with the reason.
    Rejected(RowError),
}

/// What reading a record into a [`Row`] gave.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowKind {
    /// Facts to merge into the dataset.
    Kept,
    /// A long file's row of a test outside the CBC.
    Ignored,
}

impl Row<'_> {
    /// A row with nothing read yet.
    pub fn blank() -> Row<'static> {
        Row {
            patient: "",
            name: None,
            sex: None,
            birth_date: None,
            time: Timestamp::UNIX_EPOCH,
            specimen: None,
            observations: Observations::new(),
        }
    }
}

/// Reads one record according to the file's shape.
#[cfg(test)]
pub fn read_row<'r, F: Fields>(shape: &Shape, headers: &[String], record: &'r F) -> RowOutcome<'r> {
    let mut row = Row::blank();
    match read_row_into(shape, headers, record, &mut row) {
        Ok(RowKind::Kept) => RowOutcome::Row(row),
        Ok(RowKind::Ignored) => RowOutcome::Ignored,
        Err(error) => RowOutcome::Rejected(error),
    }
}

/// [`read_row`] into a blank `row` (rows are read by the million: this
/// moves nothing).
pub fn read_row_into<'r, F: Fields>(
    shape: &Shape,
    headers: &[String],
    record: &'r F,
    row: &mut Row<'r>,
) -> Result<RowKind, RowError> {
    if record.count() != headers.len() {
        return Err(RowError {
            column: None,
            reason: format!(
                "has {} fields where the header has {}",
                record.count(),
                headers.len()
            ),
        });
    }
    if let Some(index) = record.first_too_long() {
        return Err(RowError::at(index, "field longer than 64 KiB"));
    }
    // Any column, even one hemotrend does not read: bytes that are not UTF-8
    // mean the row is damaged or in another encoding.
    if let Some(index) = record.utf8_error_field() {
        return Err(RowError::at(index, "not valid UTF-8 text"));
    }
    match shape {
        Shape::Wide { common, analytes } => {
            read_common(common, record, row)?;
            for column in analytes {
                let text = field(record, column.index)?;
                let cell =
                    parse_cell(text).map_err(|e| RowError::at(column.index, describe(text, e)))?;
                if let Some(reading) = read_value(column.measure, cell, column.factor)
                    .map_err(|reason| RowError::at(column.index, reason))?
                {
                    row.observations.push(Observation {
                        measure: column.measure,
                        value: Value::new(reading),
                        column: column.index,
                        range: None,
                    });
                }
            }
            Ok(RowKind::Kept)
        }
        Shape::Long {
            common,
            test,
            value,
            value_number,
            unit,
            range,
        } => read_long(
            common,
            LongColumns {
                test: *test,
                value: *value,
                value_number: *value_number,
                unit: *unit,
                range: *range,
            },
            record,
            row,
        ),
    }
}

/// The columns of a long file's row besides who and when.
#[derive(Clone, Copy)]
struct LongColumns {
    test: usize,
    value: usize,
    value_number: Option<usize>,
    unit: Option<usize>,
    range: Option<RangeColumns>,
}

/// A long row: the test first (other tests are ignored whatever else the row
/// holds), then who and when, then the value in its unit and the lab's range.
fn read_long<'r, F: Fields>(
    common: &CommonColumns,
    columns: LongColumns,
    record: &'r F,
    row: &mut Row<'r>,
) -> Result<RowKind, RowError> {
    let test = columns.test;
    let test_text = field(record, test)?.trim();
    if test_text.is_empty() {
        return Err(RowError::at(test, "no test named"));
    }
    let test_name = identify_test(test_text);
    if test_name == TestName::Other {
        return Ok(RowKind::Ignored);
    }
    let unit_text = match columns.unit {
        Some(index) => field(record, index)?,
        None => "",
    };
    let unit_at_fault = columns.unit.unwrap_or(test);
    let (measure, factor) = match resolve_test_cell(test_name, unit_text) {
        Ok(Resolved::Analyte { analyte, unit }) => {
            let factor = factor_to_canonical(analyte, unit).ok_or_else(|| {
                RowError::at(unit_at_fault, mismatch_message(analyte, unit_text.trim()))
            })?;
            (Measure::Count(analyte), factor)
        }
        Ok(Resolved::Percentage(analyte)) => (Measure::Percent(analyte), Decimal::lit(1, 0)),
        Ok(Resolved::Other) => return Ok(RowKind::Ignored),
        Err(error) => return Err(RowError::at(unit_at_fault, error.to_string())),
    };
    read_common(common, record, row)?;
    let at = |cell: Cell| match cell {
        Cell::Value => columns.value,
        Cell::Number => columns.value_number.unwrap_or(columns.value),
        Cell::Lower => columns.range.map_or(columns.value, |r| r.lower),
        Cell::Upper => columns.range.map_or(columns.value, |r| r.upper),
    };
    let number_text = match columns.value_number {
        Some(index) => Some(field(record, index)?),
        None => None,
    };
    let cell = read_number(field(record, columns.value)?, number_text)
        .map_err(|(cell, reason)| RowError::at(at(cell), reason))?;
    let Some(reading) = read_value(measure, cell, factor)
        .map_err(|reason| RowError::at(at(Cell::Value), reason))?
    else {
        return Ok(RowKind::Kept);
    };
    // A range given with a percentage is a range of the percentage, not of
    // any count derived from it: it is not read.
    let range = match (columns.range, measure) {
        (Some(range), Measure::Count(_)) => read_range(
            field(record, range.lower)?,
            field(record, range.upper)?,
            factor,
        )
        .map_err(|(cell, reason)| RowError::at(at(cell), reason))?,
        _ => None,
    };
    row.observations.push(Observation {
        measure,
        value: Value::new(reading),
        column: columns.value,
        range,
    });
    Ok(RowKind::Kept)
}

/// Who, when and which specimen; the columns every shape has.
fn read_common<'r, F: Fields>(
    common: &CommonColumns,
    record: &'r F,
    row: &mut Row<'r>,
) -> Result<(), RowError> {
    let patient = crate::safe_text::trim(field(record, common.patient)?);
    if patient.is_empty() {
        return Err(RowError::at(common.patient, "no patient id"));
    }
    // An id holding control characters is damaged input (binary garbage
    // before a row), not a patient: it would be a new patient nobody can
    // tell apart on screen.
    if patient.chars().any(char::is_control) {
        return Err(RowError::at(
            common.patient,
            format!(
                "patient id \"{}\" holds control characters",
                crate::safe_text::printable(patient)
            ),
        ));
    }
    let time_text = field(record, common.time)?;
    if crate::safe_text::trim(time_text).is_empty() {
        return Err(RowError::at(common.time, "no collection time"));
    }
    let time =
        parse_time(time_text).map_err(|error| RowError::at(common.time, error.to_string()))?;
    let optional = |index: Option<usize>| -> Result<Option<&'r str>, RowError> {
        match index {
            Some(index) => {
                let text = crate::safe_text::trim(field(record, index)?);
                Ok((!text.is_empty()).then_some(text))
            }
            None => Ok(None),
        }
    };
    let birth_date = match optional(common.birth_date)? {
        Some(text) => Some(parse_time(text).map_err(|error| {
            RowError::at(common.birth_date.unwrap_or_default(), error.to_string())
        })?),
        None => None,
    };
    row.patient = patient;
    row.name = optional(common.name)?;
    row.sex = optional(common.sex)?.map(parse_sex);
    row.birth_date = birth_date;
    row.time = time;
    row.specimen = optional(common.specimen)?;
    Ok(())
}

/// `M`, `F`, `male`, `female` in any case; anything else is unknown.
pub(super) fn parse_sex(text: &str) -> Sex {
    if text.eq_ignore_ascii_case("m") || text.eq_ignore_ascii_case("male") {
        Sex::Male
    } else if text.eq_ignore_ascii_case("f") || text.eq_ignore_ascii_case("female") {
        Sex::Female
    } else {
        Sex::Unknown
    }
}

/// A field as text; invalid UTF-8 refuses the row.
#[inline(always)]
fn field<F: Fields>(record: &F, index: usize) -> Result<&str, RowError> {
    record
        .text(index)
        .ok_or_else(|| RowError::at(index, "not valid UTF-8 text"))
}

/// A parsed value cell converted exactly to the canonical unit; `None`
/// when not measured. A hematocrit or a percentage over 100 is impossible.
#[inline(always)]
pub fn read_value(
    measure: Measure,
    cell: Option<(Censor, Decimal)>,
    factor: Decimal,
) -> Result<Option<Reading>, String> {
    let Some((censor, written)) = cell else {
        return Ok(None);
    };
    // Most columns are in their canonical unit: x1 changes nothing.
    const ONE: Decimal = Decimal::lit(1, 0);
    const HUNDRED: Decimal = Decimal::lit(100, 0);
    let amount = if factor == ONE {
        written
    } else {
        times_factor(written, factor).map_err(|error| describe(&written.to_string(), error))?
    };
    // Only a hematocrit or a percentage can be over 100 %.
    let bounded = matches!(measure, Measure::Count(Analyte::Hct) | Measure::Percent(_));
    let impossible = bounded
        && match censor {
            Censor::Exact => amount > HUNDRED,
            Censor::Above => amount >= HUNDRED,
            Censor::Below => false,
        };
    if impossible {
        let what = match measure {
            Measure::Count(Analyte::Hct) => Some("hematocrit".to_string()),
            Measure::Percent(_) => Some(measure.to_string()),
            Measure::Count(_) => None,
        };
        if let Some(what) = what {
            return Err(format!(
                "{what} {}{amount} % is over 100 %, which is impossible",
                censor.symbol()
            ));
        }
    }
    Ok(Some(Reading {
        amount,
        censor,
        derived: false,
    }))
}
