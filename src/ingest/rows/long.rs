//! A long file's row: one observation, its test, unit, value and range.

use crate::model::{Decimal, Value};

use super::super::cell::{is_not_measured, written_decimals};
use super::super::csv_record::Fields;
use super::super::long_value::{Cell, read_number, read_range};
use super::super::shape::{CommonColumns, RangeColumns};
use super::super::units::{factor_to_canonical, mismatch_message};
use super::super::vocabulary::{Resolved, TestName, identify_test, resolve_test_cell};
use super::{
    Measure, Observation, Row, RowError, RowKind, field, read_common, read_value, why_unreadable,
};

/// The columns of a long file's row besides who and when.
#[derive(Clone, Copy)]
pub(super) struct LongColumns {
    pub test: usize,
    pub value: usize,
    pub value_number: Option<usize>,
    /// MIMIC's `comments`, which may qualify a masked value.
    pub comments: Option<usize>,
    pub unit: Option<usize>,
    pub range: Option<RangeColumns>,
}

/// A long row: the test first (other tests are ignored whatever else the row
/// holds), then who and when, then the value in its unit and the lab's range.
pub(super) fn read_long<'r, F: Fields>(
    common: &CommonColumns,
    columns: LongColumns,
    record: &'r F,
    row: &mut Row<'r>,
) -> Result<RowKind, RowError> {
    let test = columns.test;
    let test_text = crate::safe_text::trim(field(record, test)?);
    if test_text.is_empty() {
        return Err(RowError::at(test, "no test named"));
    }
    let test_name = identify_test(test_text);
    if test_name == TestName::Other {
        return Ok(RowKind::Ignored);
    }
    // A result refused for its unit or value is still its patient's.
    super::note_patient(record, common.patient, row);
    // `NA` or `\N` in the unit column, as R and database dumps write an
    // empty cell: no unit, which a row with no value does not need.
    let unit_text = match columns.unit {
        Some(index) => field(record, index)?,
        None => "",
    };
    let unit_text = if is_not_measured(unit_text.trim()) {
        ""
    } else {
        unit_text
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
        Cell::Comments => columns.comments.unwrap_or(columns.value),
    };
    let number_text = match columns.value_number {
        Some(index) => Some(field(record, index)?),
        None => None,
    };
    // A comment that cannot be read (too long, or not UTF-8) matters only
    // to a masked value, which it may qualify: any other value loads
    // without it.
    let comment = match columns.comments {
        Some(index) => record.text(index),
        None => Some(""),
    };
    let value_text = field(record, columns.value)?;
    // The places the lab wrote, in `value` or (when masked there) `valuenum`.
    let written = number_text.map_or(value_text, |number| {
        if written_decimals(number) > written_decimals(value_text) {
            number
        } else {
            value_text
        }
    });
    let cell = read_number(value_text, number_text, comment).map_err(|(cell, reason)| {
        // A comment refused is one that could not be read: say why.
        let reason = match (cell, columns.comments) {
            (Cell::Comments, Some(index)) => format!("{reason}: {}", why_unreadable(record, index)),
            _ => reason,
        };
        RowError::at(at(cell), reason)
    })?;
    if let Some(reason) = super::thousands_point(value_text, factor) {
        return Err(RowError::at(at(Cell::Value), reason));
    }
    let Some(reading) = read_value(measure, cell, factor)
        .map_err(|reason| RowError::at(at(Cell::Value), reason))?
    else {
        return Ok(RowKind::NoValue);
    };
    // A unit column left blank on a count's row: the test alone does not
    // say g/dL from g/L, or 10^9/L from /uL (HL7 v2 and FHIR refuse the
    // same). A file with no unit column at all is read in the canonical
    // units, as a wide header without one.
    if columns.unit.is_some() && matches!(measure, Measure::Count(_)) && unit_text.trim().is_empty()
    {
        return Err(RowError::at(
            unit_at_fault,
            "no unit: a blood count's value is read by its unit, never by its size \
             (g/dL or g/L, % or L/L, 10^9/L or /uL)",
        ));
    }
    // A range given with a percentage is a range of the percentage, not of
    // any count derived from it: it is not read.
    // A range that cannot be used costs the range, never the value
    // (clinical.md §2), as a FHIR or HL7 v2 result's does.
    // So does a range cell that cannot be read (too long, or not UTF-8).
    let limits_apply =
        "the limits for the age and sex apply (the adult ones when the age is unknown)";
    let range = match (columns.range, measure) {
        (Some(range), Measure::Count(_)) => {
            let limits = match (record.text(range.lower), record.text(range.upper)) {
                (Some(lower), Some(upper)) => {
                    read_range(lower, upper, factor).map_err(|(cell, reason)| (at(cell), reason))
                }
                (None, _) => Err((range.lower, why_unreadable(record, range.lower).to_string())),
                (_, None) => Err((range.upper, why_unreadable(record, range.upper).to_string())),
            };
            limits.unwrap_or_else(|(index, reason)| {
                row.warnings
                    .push(RowError::at(index, format!("{reason}; {limits_apply}")));
                None
            })
        }
        _ => None,
    };
    if let (Some(index), None) = (columns.comments, comment) {
        row.warnings.push(RowError::at(
            index,
            format!(
                "{}: not read (only a masked value needs its comment)",
                why_unreadable(record, index)
            ),
        ));
    }
    row.observations.push(Observation {
        measure,
        value: super::as_written(Value::new(reading), written, factor),
        column: columns.value,
        range,
    });
    Ok(RowKind::Kept)
}
