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
    /// `10^9/L`, `10^3/uL`, `K/uL`, `thou/uL`, `/nL`, `10E9/L`, UCUM
    /// `10*3/uL`: canonical for counts.
    GigaPerLitre,
    /// `/uL`, `#/uL`, `cells/uL`, `/mm3`, `/mm^3`: cells per microlitre
    /// (x 0.001 to 10^9/L).
    PerMicrolitre,
    /// `10^12/L`, `10^6/uL`, `M/uL` (MIMIC `m/uL`), `T/L`, `/pL`, `10E12/L`,
    /// UCUM `10*6/uL`: red cells (reticulocytes: x 1000 to 10^9/L).
    TeraPerLitre,
    /// `g/dL`.
    GramsPerDecilitre,
    /// `g/L`, in any letter case: grams per litre of hemoglobin (/10 to
    /// g/dL), and `G/L` (giga per litre, 10^9/L) of a cell count. Letter
    /// case does not tell them apart in real exports (`G/L` hemoglobin,
    /// `g/l` counts), the analyte does: no count is in grams and no
    /// hemoglobin in cells.
    GramsPerLitre,
    /// `mmol/L` of hemoglobin (x 1.6114 to g/dL).
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
/// (`x10^12/L` is 8 bytes, `cells/mcL` 9); anything longer is no unit
/// hemotrend knows.
const MAX_UNIT_LEN: usize = 16;

/// Recognizes a unit spelling, or `None` when it is not one hemotrend knows.
///
/// Accepted: the spellings of DESIGN.md and clinical.md §4 (`10^9/L`,
/// `10^3/uL`, `K/uL`, `thou/uL`, `G/L`, `/nL`, `/uL`, `#/uL`, `cells/uL`,
/// `/mm3`, `/mm^3`, `10^12/L`, `10^6/uL`, `M/uL`, `T/L`, `/pL`, `g/dL`,
/// `g/L`, `mmol/L`, `%`, `L/L`, `fL`) in any letter case, with `µ` (U+00B5)
/// or `μ` (U+03BC) for `u`, `mcL` for `uL`, `*` for `^` (UCUM), `E` for
/// `^` right after the `10` of a power (`10E9/L`), spaces anywhere, and an
/// optional `x` or `×` (U+00D7) before a power of ten (`x 10^9/L`).
pub fn parse_unit(text: &str) -> Option<Unit> {
    // The spellings most rows write (MIMIC-IV's), as written: folded,
    // they read the same (a test holds it).
    let quick = match text.as_bytes() {
        b"K/uL" => Some(Unit::GigaPerLitre),
        b"m/uL" => Some(Unit::TeraPerLitre),
        b"g/dL" => Some(Unit::GramsPerDecilitre),
        b"%" => Some(Unit::Percent),
        b"fL" => Some(Unit::Femtolitre),
        _ => None,
    };
    if quick.is_some() {
        return quick;
    }
    parse_folded(text)
}

/// [`parse_unit`], the text folded first.
fn parse_folded(text: &str) -> Option<Unit> {
    let mut buffer = [0u8; MAX_UNIT_LEN];
    let folded = fold_unit(text, &mut buffer)?;
    // The multiplication sign belongs only before a power of ten: `xK/uL`
    // is not a unit.
    let folded = match folded {
        [b'x', rest @ ..] if rest.starts_with(b"10^") || rest.starts_with(b"10e") => rest,
        _ => folded,
    };
    let mut spelled = [0u8; MAX_UNIT_LEN];
    let folded = respell(folded, &mut spelled);
    let unit = match folded {
        b"10^9/l" | b"10^3/ul" | b"k/ul" | b"thou/ul" | b"/nl" => Unit::GigaPerLitre,
        b"/ul" | b"#/ul" | b"cells/ul" | b"/mm3" | b"/mm^3" => Unit::PerMicrolitre,
        // `m/ul` is MIMIC's red-cell spelling (mega, not milli): letter case
        // is ignored everywhere, so `M/uL` and `m/uL` are one unit; `t/l`
        // is tera per litre (no red cell is measured in tonnes).
        b"10^12/l" | b"10^6/ul" | b"m/ul" | b"t/l" | b"/pl" => Unit::TeraPerLitre,
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

/// `folded` with the two spellings that differ only in letters written the
/// usual way, into `buffer`: `10e` before a digit as `10^` (`10E9/L`, the
/// spelling of spreadsheets and some analyzers), and a final `mcl` (the
/// US "mcL" for microlitre) as `ul`.
fn respell<'a>(folded: &[u8], buffer: &'a mut [u8; MAX_UNIT_LEN]) -> &'a [u8] {
    let mut len = folded.len().min(MAX_UNIT_LEN);
    buffer[..len].copy_from_slice(&folded[..len]);
    if let [b'1', b'0', e @ b'e', b'0'..=b'9', ..] = &mut buffer[..len] {
        *e = b'^';
    }
    if buffer[..len].ends_with(b"mcl") {
        buffer[len - 3] = b'u';
        buffer[len - 2] = b'l';
        len -= 1;
    }
    &buffer[..len]
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
        Analyte::Wbc | Analyte::Plt | Analyte::Anc | Analyte::Alc => {
            "10^9/L, 10^3/uL, K/uL, thou/uL, G/L, /nL, /uL, #/uL, cells/uL or /mm3"
        }
        // Also the red cells' units (UK reports: 0.060 x10^12/L).
        Analyte::Retic => {
            "10^9/L, 10^3/uL, K/uL, thou/uL, G/L, /nL, /uL, #/uL, cells/uL, /mm3, \
             10^12/L, 10^6/uL, M/uL, T/L or /pL"
        }
        Analyte::Rbc => "10^12/L, 10^6/uL, M/uL, T/L or /pL",
        Analyte::Hgb => "g/dL, g/L or mmol/L",
        Analyte::Hct => "% or L/L",
        Analyte::Mcv => "fL",
    }
}

/// Whether `analyte` is a count of cells (canonical unit 10^9/L).
const fn is_cell_count(analyte: Analyte) -> bool {
    matches!(canonical_unit(analyte), Unit::GigaPerLitre)
}

/// The factor to canonical units that is not a power of ten, of an
/// analyte that has one: hemoglobin's from mmol/L. A value converted by it
/// holds the significant digits written (`rows::as_written`),
/// and is as precise as its text times this factor.
pub fn inexact_factor(analyte: Analyte) -> Option<Decimal> {
    (analyte == Analyte::Hgb)
        .then(|| factor_to_canonical(analyte, Unit::MillimolesPerLitre))
        .flatten()
}

/// The exact factor from `unit` to the analyte's canonical unit, or `None`
/// when the unit does not fit the analyte (`g/dL` for platelets, `%` for an
/// absolute count).
pub fn factor_to_canonical(analyte: Analyte, unit: Unit) -> Option<Decimal> {
    let counts = is_cell_count(analyte);
    let factor = match unit {
        Unit::GigaPerLitre if counts => Decimal::lit(1, 0),
        // `G/L` of a count is giga per litre (see [`Unit::GramsPerLitre`]).
        Unit::GramsPerLitre if counts => Decimal::lit(1, 0),
        // 1 /uL = 10^6 /L = 0.001 x 10^9/L.
        Unit::PerMicrolitre if counts => Decimal::lit(1, 3),
        Unit::TeraPerLitre if analyte == Analyte::Rbc => Decimal::lit(1, 0),
        // UK reports give reticulocytes in 10^12/L (0.060 = 60 x 10^9/L).
        Unit::TeraPerLitre if analyte == Analyte::Retic => Decimal::lit(1000, 0),
        Unit::GramsPerDecilitre if analyte == Analyte::Hgb => Decimal::lit(1, 0),
        Unit::GramsPerLitre if analyte == Analyte::Hgb => Decimal::lit(1, 1),
        // clinical.md §4: 1 g/dL = 0.6206 mmol/L (the monomer convention);
        // 1.611 is a truncation.
        Unit::MillimolesPerLitre if analyte == Analyte::Hgb => Decimal::lit(16114, 4),
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
    times_factor(amount, factor).map_err(|reason| ConvertError::NotExact {
        amount,
        analyte,
        unit,
        reason,
    })
}

/// `amount x factor` in the canonical unit: exact whenever the product
/// fits a [`Decimal`] (7 significant digits, 7 places); otherwise rounded
/// to odd at the last digit kept (truncated, and the last digit made odd if
/// anything was dropped). Rounding to odd never lands on, or crosses, a
/// number with fewer digits: a product from mmol/L (6.2055 x 1.6114 =
/// 9.99954270, kept as 9.999543) compares with every cut-off and lab limit
/// written with fewer digits exactly as the true product does. A product
/// too large for any count is refused.
pub fn times_factor(amount: Decimal, factor: Decimal) -> Result<Decimal, DecimalError> {
    match amount.checked_mul(factor) {
        Err(DecimalError::TooManyDigits) => round_to_odd(
            u64::from(amount.mantissa()) * u64::from(factor.mantissa()),
            u32::from(amount.scale()) + u32::from(factor.scale()),
        ),
        exact => exact,
    }
}

/// `mantissa x 10^-scale` rounded to odd into a [`Decimal`].
fn round_to_odd(mut mantissa: u64, mut scale: u32) -> Result<Decimal, DecimalError> {
    /// The mantissa a [`Decimal`] holds (26 bits) and its places.
    const MAX_MANTISSA: u64 = (1 << 26) - 1;
    const MAX_SCALE: u32 = 7;
    let mut dropped = false;
    while scale > 0 && (mantissa > MAX_MANTISSA || scale > MAX_SCALE) {
        dropped |= !mantissa.is_multiple_of(10);
        mantissa /= 10;
        scale -= 1;
    }
    if dropped && mantissa.is_multiple_of(2) {
        mantissa += 1;
    }
    Decimal::new(mantissa, scale)
}

#[cfg(test)]
mod tests;
