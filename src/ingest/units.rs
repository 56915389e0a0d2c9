//! Unit strings as exports write them, and exact conversion to canonical units.
//!
//! A unit is recognized only by its spelling, never by the magnitude of the
//! values written in it: a value is converted with the exact factor of the
//! unit its column or row names, or not at all.

use std::fmt;

use crate::model::{Analyte, Decimal, DecimalError};

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

impl Unit {
    /// Every unit hemotrend knows.
    pub const ALL: [Unit; 9] = [
        Unit::GigaPerLitre,
        Unit::PerMicrolitre,
        Unit::TeraPerLitre,
        Unit::GramsPerDecilitre,
        Unit::GramsPerLitre,
        Unit::MillimolesPerLitre,
        Unit::Percent,
        Unit::LitresPerLitre,
        Unit::Femtolitre,
    ];

    /// The usual spelling of this unit, as messages and axis labels write it.
    pub const fn symbol(self) -> &'static str {
        match self {
            Unit::GigaPerLitre => "10^9/L",
            Unit::PerMicrolitre => "/uL",
            Unit::TeraPerLitre => "10^12/L",
            Unit::GramsPerDecilitre => "g/dL",
            Unit::GramsPerLitre => "g/L",
            Unit::MillimolesPerLitre => "mmol/L",
            Unit::Percent => "%",
            Unit::LitresPerLitre => "L/L",
            Unit::Femtolitre => "fL",
        }
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.symbol())
    }
}

/// The longest unit text worth looking at once spaces are dropped
/// (`x10^12/L` is 8 bytes); anything longer is no unit hemotrend knows.
const MAX_UNIT_LEN: usize = 16;

/// Recognizes a unit spelling, or `None` when it is not one hemotrend knows.
///
/// Accepted: the spellings of DESIGN.md (`10^9/L`, `10^3/uL`, `K/uL`,
/// `thou/uL`, `/uL`, `#/uL`, `/mm3`, `10^12/L`, `10^6/uL`, `M/uL`, `g/dL`,
/// `g/L`, `mmol/L`, `%`, `L/L`, `fL`) in any letter case, with `µ` (U+00B5)
/// or `μ` (U+03BC) for `u`, `*` for `^` (UCUM), spaces anywhere, and an
/// optional `x` or `×` (U+00D7) before a power of ten (`x 10^9/L`).
pub fn parse_unit(text: &str) -> Option<Unit> {
    let mut buffer = [0u8; MAX_UNIT_LEN];
    let folded = fold_unit(text, &mut buffer)?;
    // The multiplication sign belongs only before a power of ten: `xK/uL`
    // is not a unit.
    let folded = match folded {
        [b'x', rest @ ..] if rest.starts_with(b"10^") => rest,
        _ => folded,
    };
    let unit = match folded {
        b"10^9/l" | b"10^3/ul" | b"k/ul" | b"thou/ul" => Unit::GigaPerLitre,
        b"/ul" | b"#/ul" | b"/mm3" => Unit::PerMicrolitre,
        // `m/ul` is MIMIC's red-cell spelling (mega, not milli): letter case
        // is ignored everywhere, so `M/uL` and `m/uL` are one unit.
        b"10^12/l" | b"10^6/ul" | b"m/ul" => Unit::TeraPerLitre,
        b"g/dl" => Unit::GramsPerDecilitre,
        b"g/l" => Unit::GramsPerLitre,
        b"mmol/l" => Unit::MillimolesPerLitre,
        b"%" => Unit::Percent,
        b"l/l" => Unit::LitresPerLitre,
        b"fl" => Unit::Femtolitre,
        _ => return None,
    };
    Some(unit)
}

/// Lowercases `text` into `buffer`, dropping whitespace and UCUM annotations
/// in braces (`{cells}/uL` is `/uL`: an annotation changes no unit), and
/// writing the micro signs as `u`, `×` as `x` and `*` as `^`; `None` for any
/// other non-ASCII character, an unclosed or nested brace, or a text too
/// long to be a unit.
fn fold_unit<'a>(text: &str, buffer: &'a mut [u8; MAX_UNIT_LEN]) -> Option<&'a [u8]> {
    let mut len = 0;
    let mut in_annotation = false;
    for character in text.chars() {
        if in_annotation {
            match character {
                '}' => in_annotation = false,
                '{' => return None,
                _ => {}
            }
            continue;
        }
        let byte = match character {
            '{' => {
                in_annotation = true;
                continue;
            }
            '}' => return None,
            c if c.is_whitespace() => continue,
            '\u{00B5}' | '\u{03BC}' => b'u',
            '\u{00D7}' => b'x',
            '*' => b'^',
            c if c.is_ascii() => (c as u8).to_ascii_lowercase(),
            _ => return None,
        };
        *buffer.get_mut(len)? = byte;
        len += 1;
    }
    if in_annotation {
        return None;
    }
    Some(&buffer[..len])
}

/// The unit every stored value of `analyte` is in (its [`Analyte::unit`]).
pub const fn canonical_unit(analyte: Analyte) -> Unit {
    match analyte {
        Analyte::Wbc | Analyte::Plt | Analyte::Anc | Analyte::Alc | Analyte::Retic => {
            Unit::GigaPerLitre
        }
        Analyte::Rbc => Unit::TeraPerLitre,
        Analyte::Hgb => Unit::GramsPerDecilitre,
        Analyte::Hct => Unit::Percent,
        Analyte::Mcv => Unit::Femtolitre,
    }
}

/// The units `analyte` may be written in, as a message lists them.
pub const fn accepted_units(analyte: Analyte) -> &'static str {
    match analyte {
        Analyte::Wbc | Analyte::Plt | Analyte::Anc | Analyte::Alc | Analyte::Retic => {
            "10^9/L, 10^3/uL, K/uL, thou/uL, /uL, #/uL or /mm3"
        }
        Analyte::Rbc => "10^12/L, 10^6/uL or M/uL",
        Analyte::Hgb => "g/dL, g/L or mmol/L",
        Analyte::Hct => "% or L/L",
        Analyte::Mcv => "fL",
    }
}

/// Whether `analyte` is a count of cells (canonical unit 10^9/L).
const fn is_cell_count(analyte: Analyte) -> bool {
    matches!(canonical_unit(analyte), Unit::GigaPerLitre)
}

/// The exact factor from `unit` to the analyte's canonical unit, or `None`
/// when the unit does not fit the analyte (`g/dL` for platelets, `%` for an
/// absolute count).
pub fn factor_to_canonical(analyte: Analyte, unit: Unit) -> Option<Decimal> {
    let counts = is_cell_count(analyte);
    let factor = match unit {
        Unit::GigaPerLitre if counts => Decimal::lit(1, 0),
        // 1 /uL = 10^6 /L = 0.001 x 10^9/L.
        Unit::PerMicrolitre if counts => Decimal::lit(1, 3),
        Unit::TeraPerLitre if analyte == Analyte::Rbc => Decimal::lit(1, 0),
        Unit::GramsPerDecilitre if analyte == Analyte::Hgb => Decimal::lit(1, 0),
        Unit::GramsPerLitre if analyte == Analyte::Hgb => Decimal::lit(1, 1),
        Unit::MillimolesPerLitre if analyte == Analyte::Hgb => Decimal::lit(1611, 3),
        // A percentage of white cells is never an absolute count: only the
        // hematocrit is a percentage in its own right.
        Unit::Percent if analyte == Analyte::Hct => Decimal::lit(1, 0),
        Unit::LitresPerLitre if analyte == Analyte::Hct => Decimal::lit(100, 0),
        Unit::Femtolitre if analyte == Analyte::Mcv => Decimal::lit(1, 0),
        _ => return None,
    };
    Some(factor)
}

/// Why a value cannot be brought to its analyte's canonical unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ConvertError {
    /// The unit is not one the analyte is measured in.
    #[error("{}", mismatch_message_for(.analyte, .unit))]
    UnitMismatch {
        /// The analyte the value is of.
        analyte: Analyte,
        /// The unit it was given in.
        unit: Unit,
    },
    /// The converted value cannot be held exactly (too many digits or too large).
    #[error("{amount} {unit} cannot be converted to {} exactly: {reason}", .analyte.unit())]
    NotExact {
        /// The value as given.
        amount: Decimal,
        /// The analyte the value is of.
        analyte: Analyte,
        /// The unit it was given in.
        unit: Unit,
        /// Why the product does not fit.
        reason: DecimalError,
    },
}

/// Why `unit` (as the input wrote it) does not fit `analyte`, naming the units
/// that do.
pub fn mismatch_message(analyte: Analyte, unit: &str) -> String {
    let accepted = accepted_units(analyte);
    let name = analyte.name();
    if is_cell_count(analyte) && parse_unit(unit) == Some(Unit::Percent) {
        format!("\"{unit}\" is a percentage, not an absolute count: {name} takes {accepted}")
    } else {
        format!("unit \"{unit}\" does not fit {name}: {name} takes {accepted}")
    }
}

/// [`mismatch_message`] for a unit hemotrend recognized.
fn mismatch_message_for(analyte: &Analyte, unit: &Unit) -> String {
    mismatch_message(*analyte, unit.symbol())
}

/// `amount` in `unit` converted exactly to the analyte's canonical unit.
pub fn convert(amount: Decimal, analyte: Analyte, unit: Unit) -> Result<Decimal, ConvertError> {
    let factor =
        factor_to_canonical(analyte, unit).ok_or(ConvertError::UnitMismatch { analyte, unit })?;
    amount
        .checked_mul(factor)
        .map_err(|reason| ConvertError::NotExact {
            amount,
            analyte,
            unit,
            reason,
        })
}

#[cfg(test)]
mod tests;
