//! A value cell read: converted exactly to its canonical unit, shown to the
//! places or digits the lab wrote, and refused for a thousands point.

use crate::model::{Analyte, Censor, Decimal, LabRange, Reading, Value};

use super::super::cell::{written_decimals, written_significant_digits};
use super::super::long_value::describe;
use super::super::units::times_factor;
use super::Measure;

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

/// A lab's range in the canonical unit, its limits to be shown as the lab
/// wrote them (`lower` and `upper`, the texts they were read from): see
/// [`limit_as_written`]. The limits themselves are unchanged: every flag is
/// judged against them.
pub(crate) fn range_as_written(
    range: LabRange,
    lower: &str,
    upper: &str,
    factor: Decimal,
) -> LabRange {
    let (lower, upper) = (
        limit_as_written(lower, factor),
        limit_as_written(upper, factor),
    );
    range
        .with_places(lower.0, upper.0)
        .with_significant(lower.1, upper.1)
}

/// How a lab's limit written `text` is shown once multiplied by `factor`,
/// as a value is ([`as_written`]): `(places, 0)`, with the places written,
/// moved with the point by a power of ten (`1.5-7.0`), or `(0, digits)`, to
/// the significant digits written when converted by any other factor
/// (7.45-9.93 mmol/L of hemoglobin is 12.00493-16.001202 g/dL, shown
/// `12.0–16.0`).
pub(crate) fn limit_as_written(text: &str, factor: Decimal) -> (u8, u8) {
    let text = crate::safe_text::trim(text);
    match places_as_written(text, factor) {
        Some(places) => (places, 0),
        None => (0, written_significant_digits(text)),
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
