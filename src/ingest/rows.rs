//! One CSV record to one row of facts, or the reason it cannot be one.

use std::fmt;

use csv::ByteRecord;

use crate::model::{Analyte, Censor, Decimal, LabRange, Reading, Sex, Timestamp, Value};

use super::cell::parse_cell;
use super::long_value::{Cell, describe, read_number, read_range};
use super::shape::{CommonColumns, RangeColumns, Shape};
use super::time::parse_time;
use super::units::{factor_to_canonical, mismatch_message};
use super::vocabulary::{Resolved, TestName, identify_test, resolve_test_cell};

/// Fields longer than this are refused rather than examined (64 KiB).
const MAX_FIELD_BYTES: usize = 64 * 1024;

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
    pub observations: Vec<Observation>,
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
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RowOutcome<'r> {
    /// Facts to merge into the dataset.
    Row(Row<'r>),
    /// A long file's row of a test outside the CBC.
    Ignored,
    /// Refused, with the reason.
    Rejected(RowError),
}

/// Reads one record according to the file's shape.
pub fn read_row<'r>(shape: &Shape, headers: &[String], record: &'r ByteRecord) -> RowOutcome<'r> {
    if record.len() != headers.len() {
        return RowOutcome::Rejected(RowError {
            column: None,
            reason: format!(
                "has {} fields where the header has {}",
                record.len(),
                headers.len()
            ),
        });
    }
    if let Some(index) = record
        .iter()
        .position(|field| field.len() > MAX_FIELD_BYTES)
    {
        return RowOutcome::Rejected(RowError::at(index, "field longer than 64 KiB"));
    }
    // Any column, even one hemotrend does not read: bytes that are not UTF-8
    // mean the row is damaged or in another encoding.
    if std::str::from_utf8(record.as_slice()).is_err() {
        let index = record
            .iter()
            .position(|field| std::str::from_utf8(field).is_err())
            .unwrap_or_default();
        return RowOutcome::Rejected(RowError::at(index, "not valid UTF-8 text"));
    }
    let outcome = match shape {
        Shape::Wide { common, analytes } => read_common(common, record).and_then(|mut row| {
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
            Ok(Some(row))
        }),
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
        ),
    };
    match outcome {
        Ok(Some(row)) => RowOutcome::Row(row),
        Ok(None) => RowOutcome::Ignored,
        Err(error) => RowOutcome::Rejected(error),
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
fn read_long<'r>(
    common: &CommonColumns,
    columns: LongColumns,
    record: &'r ByteRecord,
) -> Result<Option<Row<'r>>, RowError> {
    let test = columns.test;
    let test_text = field(record, test)?.trim();
    if test_text.is_empty() {
        return Err(RowError::at(test, "no test named"));
    }
    let test_name = identify_test(test_text);
    if test_name == TestName::Other {
        return Ok(None);
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
        Ok(Resolved::Other) => return Ok(None),
        Err(error) => return Err(RowError::at(unit_at_fault, error.to_string())),
    };
    let mut row = read_common(common, record)?;
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
        return Ok(Some(row));
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
    Ok(Some(row))
}

/// Who, when and which specimen; the columns every shape has.
fn read_common<'r>(common: &CommonColumns, record: &'r ByteRecord) -> Result<Row<'r>, RowError> {
    let patient = field(record, common.patient)?.trim();
    if patient.is_empty() {
        return Err(RowError::at(common.patient, "no patient id"));
    }
    let time_text = field(record, common.time)?;
    if time_text.trim().is_empty() {
        return Err(RowError::at(common.time, "no collection time"));
    }
    let time =
        parse_time(time_text).map_err(|error| RowError::at(common.time, error.to_string()))?;
    let optional = |index: Option<usize>| -> Result<Option<&'r str>, RowError> {
        match index {
            Some(index) => {
                let text = field(record, index)?.trim();
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
    Ok(Row {
        patient,
        name: optional(common.name)?,
        sex: optional(common.sex)?.map(parse_sex),
        birth_date,
        time,
        specimen: optional(common.specimen)?,
        observations: Vec::new(),
    })
}

/// `M`, `F`, `male`, `female` in any case; anything else is unknown.
fn parse_sex(text: &str) -> Sex {
    if text.eq_ignore_ascii_case("m") || text.eq_ignore_ascii_case("male") {
        Sex::Male
    } else if text.eq_ignore_ascii_case("f") || text.eq_ignore_ascii_case("female") {
        Sex::Female
    } else {
        Sex::Unknown
    }
}

/// A field as text; invalid UTF-8 refuses the row.
fn field(record: &ByteRecord, index: usize) -> Result<&str, RowError> {
    let bytes = record.get(index).unwrap_or_default();
    std::str::from_utf8(bytes).map_err(|_| RowError::at(index, "not valid UTF-8 text"))
}

/// A parsed value cell converted exactly to the canonical unit; `None`
/// when not measured. A hematocrit or a percentage over 100 is impossible.
pub fn read_value(
    measure: Measure,
    cell: Option<(Censor, Decimal)>,
    factor: Decimal,
) -> Result<Option<Reading>, String> {
    let Some((censor, written)) = cell else {
        return Ok(None);
    };
    let amount = written
        .checked_mul(factor)
        .map_err(|error| describe(&written.to_string(), error))?;
    let hundred = Decimal::lit(100, 0);
    let impossible = match censor {
        Censor::Exact => amount > hundred,
        Censor::Above => amount >= hundred,
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
