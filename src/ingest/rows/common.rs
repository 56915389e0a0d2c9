//! Who, when and which specimen: the columns every shape has, read from a
//! record.

use crate::model::Sex;

use super::super::cell::is_not_measured;
use super::super::csv_record::Fields;
use super::super::shape::CommonColumns;
use super::super::time::parse_time;
use super::{Row, RowError, field, unreadable};

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
