//! Unit strings as exports write them, and exact conversion to canonical units.

use crate::model::{Analyte, Decimal};

/// A unit recognized in a header or a long file's unit column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Unit {
    /// `10^9/L`, `10^3/uL`, `K/uL`, `thou/uL`, UCUM `10*3/uL`: canonical for counts.
    GigaPerLitre,
    /// `/uL`, `#/uL`, `/mm3`: cells per microlitre (x 0.001 to 10^9/L).
    PerMicrolitre,
    /// `10^12/L`, `10^6/uL`, `M/uL` (MIMIC `m/uL`), UCUM `10*6/uL`: red cells.
    TeraPerLitre,
    /// `g/dL`.
    GramsPerDecilitre,
    /// `g/L` (/10 to g/dL).
    GramsPerLitre,
    /// `mmol/L` of hemoglobin (x 1.611 to g/dL).
    MillimolesPerLitre,
    /// `%`.
    Percent,
    /// `L/L` (x 100 to %).
    LitresPerLitre,
    /// `fL`.
    Femtolitre,
}

/// Recognizes a unit spelling, or `None` when it is not one hemotrend knows.
pub fn parse_unit(_text: &str) -> Option<Unit> {
    todo!("ingest primitives")
}

/// The exact factor from `unit` to the analyte's canonical unit, or `None`
/// when the unit does not fit the analyte (`g/dL` for platelets, `%` for an
/// absolute count).
pub fn factor_to_canonical(_analyte: Analyte, _unit: Unit) -> Option<Decimal> {
    todo!("ingest primitives")
}
