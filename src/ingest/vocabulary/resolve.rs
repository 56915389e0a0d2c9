//! A long file's row: what its test and its unit cell together say it holds.

use crate::ingest::units::{
    Unit, accepted_units, canonical_unit, factor_to_canonical, mismatch_message, parse_unit,
};
use crate::model::Analyte;

use super::TestName;

/// What a long file's row holds, once its test and unit are read together.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resolved {
    /// A value of `analyte` in `unit` (which fits it).
    Analyte {
        /// Which analyte.
        analyte: Analyte,
        /// The unit the value is in: the row's, or the canonical unit when
        /// the row gave none.
        unit: Unit,
    },
    /// A percentage of the differential (neutrophils %, reticulocytes %):
    /// not an absolute count.
    Percentage(Analyte),
    /// A test that is not part of a CBC: the row is ignored whatever its
    /// value and unit.
    Other,
}

/// Why a row's unit does not go with its test.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct TestUnitError(pub String);

/// What a row of test `name` with unit `unit` holds (`None`: the unit cell
/// was empty).
///
/// - An analyte takes any unit that fits it, or none (its canonical unit).
/// - A percentage test (LOINC 770-8, ...) takes `%` or none.
/// - `neutrophils`, `lymphocytes`, `retic(ulocytes)` need a unit: a count
///   unit makes the absolute count, `%` a percentage.
/// - [`TestName::Other`] is [`Resolved::Other`] whatever the unit.
///
/// Anything else is an error saying which unit would fit; it names the unit
/// by its usual spelling ([`Unit::symbol`]). Use [`resolve_test_cell`] to
/// name it as the file wrote it and to refuse unknown spellings.
pub fn resolve_test(name: TestName, unit: Option<Unit>) -> Result<Resolved, TestUnitError> {
    resolve(name, unit.map(|unit| (unit, unit.symbol())))
}

/// [`resolve_test`] from the row's unit cell as written: empty (after
/// trimming) for no unit, else read by [`parse_unit`].
///
/// The test is looked at first, so a row of another test is
/// [`Resolved::Other`] even when its unit is unknown (`mg/dL` for glucose);
/// an unknown unit on a CBC test is an error naming it.
pub fn resolve_test_cell(name: TestName, unit_cell: &str) -> Result<Resolved, TestUnitError> {
    let written = crate::safe_text::trim(unit_cell);
    if name == TestName::Other {
        return Ok(Resolved::Other);
    }
    if written.is_empty() {
        return resolve(name, None);
    }
    match parse_unit(written) {
        Some(unit) => resolve(name, Some((unit, written))),
        // Quoted as written, its control characters escaped: `{:?}` would
        // double a backslash (`"\\N"`) the file does not hold.
        None => Err(TestUnitError(format!(
            "unknown unit \"{}\"; {}",
            crate::safe_text::shown_id(written),
            what_fits(name)
        ))),
    }
}

/// The decision of [`resolve_test`], with the unit as messages should name it.
fn resolve(name: TestName, unit: Option<(Unit, &str)>) -> Result<Resolved, TestUnitError> {
    match (name, unit) {
        (TestName::Other, _) => Ok(Resolved::Other),
        (TestName::Analyte(analyte), None) => Ok(Resolved::Analyte {
            analyte,
            unit: canonical_unit(analyte),
        }),
        (TestName::Analyte(analyte), Some((unit, written))) => {
            fitting(analyte, unit).ok_or_else(|| TestUnitError(mismatch_message(analyte, written)))
        }
        (TestName::Percentage(analyte), None | Some((Unit::Percent, _))) => {
            Ok(Resolved::Percentage(analyte))
        }
        (TestName::Percentage(analyte), Some((_, written))) => Err(TestUnitError(format!(
            "unit {written:?} does not fit a percentage of {}: {}",
            analyte.name(),
            what_fits(name)
        ))),
        (TestName::CountOrPercentage(analyte), None) => Err(TestUnitError(format!(
            "{} need a unit: {}",
            count_or_percentage_word(analyte),
            what_fits(name)
        ))),
        (TestName::CountOrPercentage(analyte), Some((Unit::Percent, _))) => {
            Ok(Resolved::Percentage(analyte))
        }
        (TestName::CountOrPercentage(analyte), Some((unit, written))) => fitting(analyte, unit)
            .ok_or_else(|| {
                TestUnitError(format!(
                    "{} for an absolute count, or % for a percentage",
                    mismatch_message(analyte, written)
                ))
            }),
    }
}

/// The absolute value of `analyte` in `unit`, when the unit fits it.
fn fitting(analyte: Analyte, unit: Unit) -> Option<Resolved> {
    factor_to_canonical(analyte, unit).map(|_| Resolved::Analyte { analyte, unit })
}

/// The units a test takes, as a message lists them.
fn what_fits(name: TestName) -> String {
    match name {
        TestName::Analyte(analyte) => {
            format!("{} takes {}", analyte.name(), accepted_units(analyte))
        }
        TestName::Percentage(analyte) => {
            format!("the test is a percentage of {}; expected %", analyte.name())
        }
        TestName::CountOrPercentage(analyte) => format!(
            "{} takes {} for an absolute count, or % for a percentage",
            analyte.name(),
            accepted_units(analyte)
        ),
        TestName::Other => "the test is not part of a CBC".to_string(),
    }
}

/// How a count-or-percentage test is named in messages.
const fn count_or_percentage_word(analyte: Analyte) -> &'static str {
    match analyte {
        Analyte::Anc => "neutrophils",
        Analyte::Alc => "lymphocytes",
        Analyte::Retic => "reticulocytes",
        other => other.name(),
    }
}

#[cfg(test)]
mod tests;
