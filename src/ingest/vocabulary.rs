//! What header names and test names mean: aliases, LOINC codes, MIMIC itemids.

use crate::model::Analyte;

use super::units::Unit;

/// What one column of a header is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnRole {
    /// Patient identifier (required).
    PatientId,
    /// Patient name.
    Name,
    /// Patient sex.
    Sex,
    /// Birth date.
    BirthDate,
    /// Collection time (required).
    Time,
    /// A wide file's analyte column, with the unit its header gave (or the
    /// canonical unit when the analyte may omit it).
    Analyte {
        /// Which analyte.
        analyte: Analyte,
        /// The unit values are in.
        unit: Unit,
    },
    /// A wide file's percentage column (neutrophils %, reticulocytes %):
    /// not an absolute count.
    Percentage(Analyte),
    /// A long file's test name or code column.
    Test,
    /// A long file's value column.
    Value,
    /// A long file's unit column.
    Unit,
    /// A specimen identifier: observations of one specimen form one draw.
    Specimen,
    /// An encounter identifier: observations of one encounter form one draw.
    Encounter,
    /// Any other column: read past.
    Other,
}

/// Why a header column cannot be used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ColumnError(pub String);

/// What a header column means; an error when it names an analyte with an
/// unknown unit, a unit that does not fit it, or no unit where one is needed.
pub fn classify_column(_header: &str) -> Result<ColumnRole, ColumnError> {
    todo!("ingest primitives")
}

/// What a long file's test column names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TestName {
    /// An analyte, whatever the unit (a LOINC code for an absolute count...).
    Analyte(Analyte),
    /// A percentage of the differential (neutrophils %, reticulocytes %).
    Percentage(Analyte),
    /// `neutrophils`, `lymphocytes`, `retic`, `reticulocytes`: absolute with a
    /// count unit, a percentage with `%`; the unit decides.
    CountOrPercentage(Analyte),
    /// A test that is not part of a CBC: the row is ignored.
    Other,
}

/// Identifies a test by analyte name or alias, LOINC code or MIMIC itemid.
pub fn identify_test(_text: &str) -> TestName {
    todo!("ingest primitives")
}

/// What a long row's test and unit together say.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resolved {
    /// An analyte, in this unit.
    Analyte {
        /// Which analyte.
        analyte: Analyte,
        /// The unit of the value.
        unit: Unit,
    },
    /// A differential percentage: not an absolute count.
    Percentage(Analyte),
    /// Not part of a CBC.
    NotCbc,
}

/// Decides from a test and the row's unit (`None`: no unit given) what the row holds.
pub fn resolve_test(_name: TestName, _unit: Option<Unit>) -> Result<Resolved, String> {
    todo!("ingest primitives")
}
