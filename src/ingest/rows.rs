//! One CSV record to one row of facts, or the reason it cannot be one.

use std::fmt;

use crate::model::{Analyte, Censor, Decimal, LabRange, Reading, Sex, Timestamp, Value};

use super::cell::{is_not_measured, parse_cell, written_decimals, written_significant_digits};
use super::csv_record::Fields;
use super::long_value::describe;
use super::shape::{CommonColumns, Shape};
use super::split_time::explain_time_of_day;
use super::time::parse_time;
use super::units::times_factor;

mod long;
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

/// Why a field longer than [`super::csv_record::MAX_FIELD_BYTES`] is not read.
pub(crate) const TOO_LONG: &str = "field longer than 64 KiB";

/// The patient of a row refused whole, where their cell can be read: the
/// rejection is theirs.
fn note_patient<'r, F: Fields>(record: &'r F, column: usize, row: &mut Row<'r>) {
    if let Ok(text) = field(record, column) {
        let id = crate::safe_text::trim(text);
        if !id.is_empty() && !crate::safe_text::id_unreadable(id) {
            row.patient = id;
        }
    }
}

/// The refusal of a record whose quoted field runs over line breaks where
/// every line of the record, read alone, is a whole row (the header's
/// count of commas, quotes taken as plain text). A quote left open in one
/// row and closed in the next (`A1,"Smith,2024-01-01,9` then
/// `A2,Jones",2024-01-02,8`) reads both lines as one row of the right
/// length: the second patient's values under the first one's name, and no
/// fault in the quotes. A name or note written over two lines seldom makes
/// every line a row's length (`P1,2024-03-01,ist,,"hATG, day 1;` is not).
/// `written` is the record's bytes as written, when kept.
pub(crate) fn rows_inside<F: Fields>(
    record: &F,
    written: Option<&[u8]>,
    columns: usize,
) -> Option<RowError> {
    let written = written?;
    let body = written.strip_suffix(b"\n").unwrap_or(written);
    let breaks = memchr::memchr_iter(b'\n', body).count();
    if breaks == 0 {
        return None;
    }
    let whole_rows = body.split(|&byte| byte == b'\n').all(|line| {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        memchr::memchr_iter(b',', line).count() + 1 == columns
    });
    if !whole_rows {
        return None;
    }
    let index =
        (0..record.count()).find(|&index| memchr::memchr(b'\n', record.field(index)).is_some())?;
    let (over, those) = if breaks == 1 {
        ("on into the next line".to_string(), "that line was")
    } else {
        (
            format!("on over the next {breaks} lines"),
            "those lines were",
        )
    };
    Some(RowError::at(
        index,
        format!(
            "a quoted cell runs {over}, each line a whole row of its own: a quote is probably \
             missing, and {those} read into this row, which is rejected; check the quotes here"
        ),
    ))
}

/// The rejection of a cell that gave no text: too long to read, or not
/// UTF-8.
fn unreadable<F: Fields>(record: &F, index: usize) -> RowError {
    RowError::at(index, why_unreadable(record, index))
}

/// Why a cell gave no text: [`TOO_LONG`], else [`NOT_UTF8`].
fn why_unreadable<F: Fields>(record: &F, index: usize) -> &'static str {
    if record.too_long(index) {
        TOO_LONG
    } else {
        NOT_UTF8
    }
}

/// Why a cell that is not UTF-8 is not read, and what to do: in every CSV
/// table's words (the patients tables' too).
pub(crate) const NOT_UTF8: &str = "not valid UTF-8 text (if the file is in another encoding, \
     such as Latin-1, save it as UTF-8)";

/// The rejection of a cell that is not UTF-8.
fn not_utf8(index: usize) -> RowError {
    RowError::at(index, NOT_UTF8)
}

/// Who, when and which specimen; the columns every shape has.
pub(super) fn read_common<'r, F: Fields>(
    common: &CommonColumns,
    record: &'r F,
    row: &mut Row<'r>,
) -> Result<(), RowError> {
    let patient = crate::safe_text::trim(field(record, common.patient)?);
    if patient.is_empty() {
        return Err(RowError::at(common.patient, "no patient id"));
    }
    // `NA`, `N/A`, `-`: a missing value (DESIGN.md), never a patient whose
    // trend would gather the rows of everyone nobody identified.
    if is_not_measured(patient) {
        return Err(RowError::at(
            common.patient,
            format!("no patient id: \"{patient}\" marks a missing value"),
        ));
    }
    // An id holding control characters is damaged input (binary garbage
    // before a row), not a patient: it would be a new patient nobody can
    // tell apart on screen; so is one holding an invisible character (a
    // byte-order mark where two exports were joined).
    if crate::safe_text::id_unreadable(patient) {
        return Err(RowError::at(
            common.patient,
            format!(
                "patient id \"{}\" holds control or invisible characters: it cannot be told apart on screen",
                crate::safe_text::shown_id(patient)
            ),
        ));
    }
    // The patient first: a row refused for its time or specimen is still
    // theirs ([`Row::patient_read`]).
    row.patient = patient;
    let time_text = field(record, common.time)?;
    // Empty, `NA`, `\N`: no time, said so (never `"\N" is not a time`).
    if is_not_measured(crate::safe_text::trim(time_text)) {
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
    // The specimen says which draw the row is of: unreadable, the row is.
    row.specimen = optional(common.specimen)?;
    row.time = time;
    // Who the patient is besides the id: a cell that cannot be read is
    // rejected alone, and the row's values still load.
    let mut cell = |index: Option<usize>| match optional(index) {
        Ok(text) => text,
        Err(error) => {
            row.cell_errors
                .push(unreadable(record, error.column.unwrap_or_default()));
            None
        }
    };
    // `NA`, `N/A` and `-` say nothing is known (DESIGN.md): no name `NA`
    // to conflict with the patient's real one, no birth date refused.
    let given = |text: Option<&'r str>| text.filter(|text| !is_not_measured(text));
    let name = given(cell(common.name));
    let sex_text = cell(common.sex);
    let birth_text = given(cell(common.birth_date));
    row.name = name;
    row.sex = match (common.sex, sex_text) {
        (Some(index), Some(text)) if crate::safe_text::holds_control(text) => {
            row.cell_errors.push(RowError::at(
                index,
                format!(
                    "sex \"{}\" holds control characters",
                    crate::safe_text::printable(text)
                ),
            ));
            None
        }
        (_, text) => text.and_then(parse_sex),
    };
    row.birth_date = match (common.birth_date, birth_text) {
        (Some(index), Some(text)) => match parse_time(text) {
            Ok(time) => Some(time),
            Err(error) => {
                row.cell_errors.push(RowError::at(
                    index,
                    crate::ingest::time::birth_date_problem(text, &error),
                ));
                None
            }
        },
        _ => None,
    };
    Ok(())
}

/// `M`, `F`, `male`, `female` in any case; anything else (`U`, `X`,
/// `other`, `unknown`) is no information (DESIGN.md: other = unknown), so
/// it never conflicts with a sex another row gives.
pub(crate) fn parse_sex(text: &str) -> Option<Sex> {
    if text.eq_ignore_ascii_case("m") || text.eq_ignore_ascii_case("male") {
        Some(Sex::Male)
    } else if text.eq_ignore_ascii_case("f") || text.eq_ignore_ascii_case("female") {
        Some(Sex::Female)
    } else {
        None
    }
}

/// A hint for a row with more fields than its header where two fields side
/// by side are digits (`12,5` unquoted is `12` and `5`): a decimal comma
/// may have split a value.
/// The columns a header names: up to its last name (a spreadsheet leaves
/// empty names after it, for cells once formatted).
pub(crate) fn named_columns(headers: &[String]) -> usize {
    headers
        .iter()
        .rposition(|name| !name.is_empty())
        .map_or(0, |last| last + 1)
}

/// A row with a value in a column after the header's last name: its cells
/// are out of place (`9,5` unquoted split into two fields, in a row one
/// field short), so none of them can be trusted where they stand.
fn beyond_the_names<F: Fields>(record: &F, headers: &[String]) -> Option<RowError> {
    let named = named_columns(headers);
    let index =
        (named..record.count()).find(|&index| !record.field(index).trim_ascii().is_empty())?;
    let value = String::from_utf8_lossy(record.field(index).trim_ascii()).into_owned();
    Some(RowError {
        column: None,
        reason: format!(
            "has a value (\"{}\") in field {}, after the last column the header names: \
             the row's cells may be out of place{}",
            crate::safe_text::printable(&value),
            index + 1,
            split_decimal_hint(record, named)
        ),
    })
}

fn split_decimal_hint<F: Fields>(record: &F, header_len: usize) -> &'static str {
    // A CR alone inside the row (a line end only old Macs write, one line
    // of a file pasted together): the rows it joins read as one.
    let lone_cr = (0..record.count()).any(|index| {
        let field = record.field(index);
        let last = index + 1 == record.count();
        field
            .iter()
            .enumerate()
            .any(|(at, &byte)| byte == b'\r' && !(last && at + 1 == field.len()))
    });
    if record.count() > header_len && lone_cr {
        return " (a CR alone ends a line inside this row, an old Mac line end: the rows it \
                joins read as one; save the file with LF or CRLF line ends)";
    }
    let digits = |index: usize| {
        let field = record.field(index);
        let number = field
            .strip_prefix(b"<")
            .or_else(|| field.strip_prefix(b">"))
            .unwrap_or(field);
        !number.is_empty() && number.iter().all(u8::is_ascii_digit)
    };
    let split = record.count() > header_len
        && (1..record.count()).any(|index| digits(index - 1) && digits(index));
    if split {
        " (a decimal comma? 12,5 unquoted is two fields: save the file with points as decimal \
         separators)"
    } else {
        ""
    }
}

/// A field as text; one that is not UTF-8 or is too long to read is an
/// error naming it, in the words a cell refused alone gets (the caller
/// decides whether it refuses the row).
#[inline(always)]
pub(super) fn field<F: Fields>(record: &F, index: usize) -> Result<&str, RowError> {
    record.text(index).ok_or_else(|| unreadable(record, index))
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
    // `<0`: no value is under 0 (a bound that allows none).
    if censor == Censor::Below && amount == Decimal::ZERO {
        return Err(format!(
            "<{written} is under 0, which no value can be: impossible"
        ));
    }
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

/// A value read in its canonical unit keeps the decimal places the lab
/// wrote (`8.0`). One multiplied by a power of ten keeps them, moved with
/// the point (0.250 L/L is 25.0 %, 0.0450 x10^12/L is 45.0 x10^9/L; 0.4
/// L/L is 40 % to the ten, its one significant digit); one
/// divided by a power of ten keeps the places written, moved with the
/// point too (100.0 g/L is 10.00 g/dL, as a lab writing 10.00 meant), and
/// a whole number keeps the lab's digits by itself (150000/uL is 150: its
/// trailing zeros are not read as significant); one converted by any other
/// factor (mmol/L x 1.6114) is shown rounded to the significant digits
/// written.
pub(crate) fn as_written(value: Value, text: &str, factor: Decimal) -> Value {
    match places_as_written(text, factor) {
        Some(places) => value.with_written_decimals(places),
        None => value.with_significant_digits(written_significant_digits(text)),
    }
}

/// The decimal places a number written `text` keeps once multiplied by
/// `factor` ([`as_written`]): those written, moved with the point by a
/// power of ten; `None` where it is shown to its significant digits
/// instead (any other factor, or a product coarser than a unit: 0.4 L/L is
/// 40 % to the ten).
pub(crate) fn places_as_written(text: &str, factor: Decimal) -> Option<u8> {
    if factor == Decimal::lit(1, 0) {
        return Some(written_decimals(text));
    }
    if !is_power_of_ten(factor) {
        return None;
    }
    match (factor.scale(), factor.mantissa().checked_ilog10()) {
        (0, Some(places)) => {
            let places = u8::try_from(places).unwrap_or(u8::MAX);
            written_decimals(text).checked_sub(places)
        }
        (places, Some(0)) => match written_decimals(text) {
            0 => Some(0),
            written => Some(written.saturating_add(places)),
        },
        _ => Some(0),
    }
}

/// Why a count in a unit per microlitre (`/uL`, `cells/mm3`: a factor of
/// 0.001 or less) written as one to three digits, a point and three
/// digits (`152.000`, `<1.500`) is not read: a spreadsheet in a European
/// locale writes 152000 so, with a thousands point, and read as a decimal
/// point it would be a thousand times too low (0.152 x10^9/L of platelets,
/// very severe). A count per microlitre is a whole number, so neither
/// reading is taken; `None` for any other cell.
pub(crate) fn thousands_point(text: &str, factor: Decimal) -> Option<String> {
    if factor > Decimal::lit(1, 3) || !is_power_of_ten(factor) {
        return None;
    }
    let trimmed = text.trim();
    let number = trimmed.trim_start_matches(['<', '>']).trim_start();
    let (whole, fraction) = number.split_once('.')?;
    let digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    let grouped = (1..=3).contains(&whole.len())
        && !whole.starts_with('0')
        && fraction.len() == 3
        && digits(whole)
        && digits(fraction);
    grouped.then(|| {
        format!(
            "\"{trimmed}\" in a count per microlitre: a thousands point ({}) or a decimal \
             point? A count per microlitre is a whole number, so hemotrend reads neither: \
             write the count without separators",
            trimmed.replacen('.', "", 1)
        )
    })
}

/// 1, 10, 0.001...: a factor that only moves the decimal point.
pub(crate) fn is_power_of_ten(factor: Decimal) -> bool {
    let mut mantissa = factor.mantissa();
    while mantissa >= 10 && mantissa.is_multiple_of(10) {
        mantissa /= 10;
    }
    mantissa == 1
}
