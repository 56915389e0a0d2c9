//! One CSV record to one row of facts, or the reason it cannot be one.

use std::fmt;

use crate::model::{Analyte, LabRange, Sex, Timestamp, Value};

use super::cell::parse_cell;
use super::csv_record::Fields;
use super::long_value::describe;
use super::shape::Shape;
use super::split_time::explain_time_of_day;

mod common;
mod damage;
mod long;
mod observations;
mod value;

pub(crate) use common::parse_sex;
use common::read_common;
pub(crate) use damage::{NOT_UTF8, TOO_LONG, named_columns, rows_inside};
use damage::{
    beyond_the_names, not_utf8, note_patient, split_decimal_hint, unreadable, why_unreadable,
};
pub use observations::Observations;
pub use value::read_value;
pub(crate) use value::{
    as_written, is_power_of_ten, limit_as_written, range_as_written, thousands_point,
};

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
    /// Cells that could not be read, each rejected alone while the rest of
    /// the row loads (an unreadable value, sex or birth date), in column
    /// order.
    pub cell_errors: Vec<RowError>,
    /// What loaded but deserves a look: a lab range that cannot be used
    /// (clinical.md §2: the value loads, the limits for the age and sex apply (the adult ones when the age is unknown)).
    pub warnings: Vec<RowError>,
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
    pub(super) fn at(column: usize, reason: impl Into<String>) -> RowError {
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
    /// Facts to merge into the dataset (and any cells rejected alone).
    Row(Row<'r>),
    /// A row with no value at all (none written, or every one rejected):
    /// no draw; its cells rejected alone, if any, are in it.
    NoValue(Row<'r>),
    /// A long file's row of a test outside the CBC.
    Ignored,
    /// Refused, with the reason, and the patient when the row's patient
    /// could be read (a row refused for its time is still theirs).
    Rejected(RowError, Option<&'r str>),
}

/// What reading a record into a [`Row`] gave.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowKind {
    /// Facts to merge into the dataset.
    Kept,
    /// No value at all: no draw, and never a patient's latest.
    NoValue,
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
            cell_errors: Vec::new(),
            warnings: Vec::new(),
        }
    }
}

impl<'r> Row<'r> {
    /// The patient, once read: after a refusal too, when the refusal came
    /// after the patient was read ([`read_row_into`] reads it first).
    pub fn patient_read(&self) -> Option<&'r str> {
        (!self.patient.is_empty()).then_some(self.patient)
    }
}

/// Reads one record according to the file's shape.
#[cfg(test)]
pub fn read_row<'r, F: Fields>(shape: &Shape, headers: &[String], record: &'r F) -> RowOutcome<'r> {
    let mut row = Row::blank();
    match read_row_into(shape, headers, record, &mut row) {
        Ok(RowKind::Kept) => RowOutcome::Row(row),
        Ok(RowKind::NoValue) => RowOutcome::NoValue(row),
        Ok(RowKind::Ignored) => RowOutcome::Ignored,
        Err(error) => RowOutcome::Rejected(error, row.patient_read()),
    }
}

/// `read_row` into a blank `row` (rows are read by the million: this
/// moves nothing).
///
/// Only a row whose field count is wrong, or whose patient, time or
/// specimen cannot be read is an error; a cell that cannot be read (its
/// text not UTF-8, or longer than a field may be) is rejected alone
/// ([`Row::cell_errors`]) and the rest of the row is read.
pub fn read_row_into<'r, F: Fields>(
    shape: &Shape,
    headers: &[String],
    record: &'r F,
    row: &mut Row<'r>,
) -> Result<RowKind, RowError> {
    // A quote that leaves the fields in doubt refuses the row, or, on one
    // line in a wide row's value, that value alone.
    // On one line, a fault in a column hemotrend does not read costs
    // nothing: the row's cells are where the commas put them.
    let fault = record
        .quote_fault()
        .filter(|fault| fault.line_breaks > 0 || shape.reads(fault.field));
    let common = shape.common();
    let details = [common.name, common.sex, common.birth_date];
    let fault_in_value = fault.filter(|fault| {
        fault.line_breaks == 0
            && (details.contains(&Some(fault.field))
                || matches!(shape, Shape::Wide { analytes, .. }
                    if analytes.iter().any(|column| column.index == fault.field)))
    });
    if let Some(fault) = fault.filter(|_| fault_in_value.is_none()) {
        // The patient, where their cell stands before the fault (on the
        // record's first line): the rejection is theirs.
        if (fault.line_breaks == 0 || fault.field > common.patient) && fault.field != common.patient
        {
            note_patient(record, common.patient, row);
        }
        let read_as = record.text(fault.field).unwrap_or_default();
        return Err(RowError {
            column: (fault.field < headers.len()).then_some(fault.field),
            reason: fault.reason(read_as),
        });
    }
    if record.count() != headers.len() {
        return Err(RowError {
            column: None,
            reason: format!(
                "has {} where the header has {}{}",
                crate::safe_text::counted(record.count() as u64, "field"),
                headers.len(),
                split_decimal_hint(record, headers.len())
            ),
        });
    }
    if let Some(error) = rows_inside(record, record.written(), headers.len()) {
        if error.column.is_some_and(|index| index > common.patient) {
            note_patient(record, common.patient, row);
        }
        return Err(error);
    }
    let kind = match shape {
        Shape::Wide { common, analytes } => {
            read_common(common, record, row).map_err(|error| {
                explain_time_of_day(error, record.text(common.time), headers, shape)
            })?;
            for column in analytes {
                let Some(text) = record.text(column.index) else {
                    row.cell_errors.push(unreadable(record, column.index));
                    continue;
                };
                if let Some(fault) = fault_in_value.filter(|f| f.field == column.index) {
                    row.cell_errors
                        .push(RowError::at(column.index, fault.reason(text)));
                    continue;
                }
                if let Some(reason) = thousands_point(text, column.factor) {
                    row.cell_errors.push(RowError::at(column.index, reason));
                    continue;
                }
                let reading = parse_cell(text)
                    .map_err(|e| describe(text, e))
                    .and_then(|cell| read_value(column.measure, cell, column.factor));
                match reading {
                    Ok(Some(reading)) => row.observations.push(Observation {
                        measure: column.measure,
                        value: as_written(Value::new(reading), text, column.factor),
                        column: column.index,
                        range: None,
                    }),
                    Ok(None) => {}
                    Err(reason) => row.cell_errors.push(RowError::at(column.index, reason)),
                }
            }
            if row.observations.first().is_none() {
                RowKind::NoValue
            } else {
                RowKind::Kept
            }
        }
        Shape::Long {
            common,
            test,
            value,
            value_number,
            comments,
            unit,
            range,
        } => long::read_long(
            common,
            long::LongColumns {
                test: *test,
                value: *value,
                value_number: *value_number,
                comments: *comments,
                unit: *unit,
                range: *range,
            },
            record,
            row,
        )
        // A row refused with its cells out of place: said so, rather than
        // the cell that out-of-place text happened to land in.
        .map_err(|error| {
            beyond_the_names(record, headers).unwrap_or_else(|| {
                explain_time_of_day(error, record.text(common.time), headers, shape)
            })
        })?,
    };
    // A row of a test hemotrend does not read is passed over whatever it
    // holds; any other is refused with its cells out of place.
    if kind != RowKind::Ignored
        && let Some(error) = beyond_the_names(record, headers)
    {
        return Err(error);
    }
    // A name, sex or birth date whose quotes are at fault: that cell alone.
    if let Some(fault) = fault_in_value.filter(|f| details.contains(&Some(f.field)))
        && kind != RowKind::Ignored
    {
        let read_as = record.text(fault.field).unwrap_or_default();
        row.cell_errors
            .retain(|error| error.column != Some(fault.field));
        row.cell_errors
            .push(RowError::at(fault.field, fault.reason(read_as)));
        if common.name == Some(fault.field) {
            row.name = None;
        } else if common.sex == Some(fault.field) {
            row.sex = None;
        } else {
            row.birth_date = None;
        }
    }
    // A column hemotrend does not read is not loaded, but bytes that are not
    // UTF-8 there still say the row is damaged or in another encoding: the
    // first such cell is listed (the columns read list their own).
    if let Some(index) = record.utf8_error_field()
        && kind != RowKind::Ignored
        && !shape.reads(index)
    {
        row.cell_errors.push(not_utf8(index));
    }
    // A cell too long to read in a column hemotrend does not read (a note,
    // a comment) costs the row nothing; it is named, since a cell that
    // long may be a damaged record.
    if record.first_too_long().is_some() && kind != RowKind::Ignored {
        for index in (0..record.count()).filter(|&i| record.too_long(i) && !shape.reads(i)) {
            row.warnings.push(RowError::at(
                index,
                format!("{TOO_LONG}: not read (hemotrend does not read this column)"),
            ));
        }
    }
    Ok(kind)
}

/// A field as text; one that is not UTF-8 or is too long to read is an
/// error naming it, in the words a cell refused alone gets (the caller
/// decides whether it refuses the row).
#[inline(always)]
pub(super) fn field<F: Fields>(record: &F, index: usize) -> Result<&str, RowError> {
    record.text(index).ok_or_else(|| unreadable(record, index))
}
