//! One analyte's result in one draw: missing, exact, or censored (`<x`, `>x`).

use std::fmt;

use super::analyte::{ANALYTE_COUNT, Analyte};
use super::decimal::{Decimal, MAX_TEXT_LEN, Rounding};

/// Whether a result is exact or only bounded, as the lab reported it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Censor {
    /// The value itself.
    Exact,
    /// `<x`: the true value is below the bound.
    Below,
    /// `>x`: the true value is above the bound.
    Above,
}

impl Censor {
    /// The qualifier as written before the number: `""`, `"<"` or `">"`.
    pub const fn symbol(self) -> &'static str {
        match self {
            Censor::Exact => "",
            Censor::Below => "<",
            Censor::Above => ">",
        }
    }
}

/// A present result: the number (a bound when censored) and its qualifier.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Reading {
    /// The value in the analyte's canonical unit, or the bound when censored.
    pub amount: Decimal,
    /// Exact or censored.
    pub censor: Censor,
    /// Computed from other results (ANC from WBC x neutrophil %), not measured.
    pub derived: bool,
}

impl Reading {
    /// An exact, measured reading.
    pub const fn exact(amount: Decimal) -> Reading {
        Reading {
            amount,
            censor: Censor::Exact,
            derived: false,
        }
    }
}

impl fmt::Display for Reading {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Written on the stack: summaries write millions of readings.
        let mut number = [0u8; MAX_TEXT_LEN];
        let len = self.amount.write_text(&mut number);
        let mut text = [0u8; MAX_TEXT_LEN + 1];
        let symbol = self.censor.symbol().as_bytes();
        text[..symbol.len()].copy_from_slice(symbol);
        text[symbol.len()..symbol.len() + len].copy_from_slice(&number[..len]);
        let text = &text[..symbol.len() + len];
        f.pad(std::str::from_utf8(text).unwrap_or_default())
    }
}

/// A result packed in 32 bits: 26-bit mantissa, 3-bit scale, 2-bit
/// qualifier (or the missing marker), 1 bit for derived; beside them, for a
/// value converted by an inexact factor or derived, the significant digits
/// its inputs had (0: none given), which only the display reads.
///
/// Millions of draws x nine analytes stay small this way: stored draws hold
/// 14-bit codes, and only the rare value without one is kept whole.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Value {
    bits: u32,
    significant: u8,
}

const SCALE_SHIFT: u32 = 26;
const CENSOR_SHIFT: u32 = 29;
const DERIVED_BIT: u32 = 1 << 31;
const MANTISSA_MASK: u32 = (1 << SCALE_SHIFT) - 1;
const TAG_EXACT: u32 = 0;
const TAG_BELOW: u32 = 1;
const TAG_ABOVE: u32 = 2;
const TAG_MISSING: u32 = 3;

impl Value {
    /// Not measured.
    pub const MISSING: Value = Value::from_bits(TAG_MISSING << CENSOR_SHIFT);

    /// A present reading.
    pub const fn new(reading: Reading) -> Value {
        let tag = match reading.censor {
            Censor::Exact => TAG_EXACT,
            Censor::Below => TAG_BELOW,
            Censor::Above => TAG_ABOVE,
        };
        let derived = if reading.derived { DERIVED_BIT } else { 0 };
        Value::from_bits(
            reading.amount.mantissa()
                | (reading.amount.scale() as u32) << SCALE_SHIFT
                | tag << CENSOR_SHIFT
                | derived,
        )
    }

    /// An exact, measured value.
    pub const fn exact(amount: Decimal) -> Value {
        Value::new(Reading::exact(amount))
    }

    /// The reading, or `None` when not measured.
    pub const fn reading(self) -> Option<Reading> {
        let censor = match (self.bits >> CENSOR_SHIFT) & 0b11 {
            TAG_EXACT => Censor::Exact,
            TAG_BELOW => Censor::Below,
            TAG_ABOVE => Censor::Above,
            _ => return None,
        };
        let (mantissa, scale) = normalized(
            self.bits & MANTISSA_MASK,
            (self.bits >> SCALE_SHIFT) & 0b111,
        );
        Some(Reading {
            amount: Decimal::from_normalized_parts(mantissa, scale),
            censor,
            derived: self.bits & DERIVED_BIT != 0,
        })
    }

    /// The mantissa and scale of an exact value (measured or derived);
    /// `None` when missing or censored. Quicker than [`Value::reading`] for
    /// a comparison made millions of times.
    pub(crate) const fn exact_parts(self) -> Option<(u32, u8)> {
        if (self.bits >> CENSOR_SHIFT) & 0b11 != TAG_EXACT {
            return None;
        }
        Some(normalized(
            self.bits & MANTISSA_MASK,
            (self.bits >> SCALE_SHIFT) & 0b111,
        ))
    }

    /// The value as the lab wrote it, with `decimals` places when it wrote
    /// trailing zeros (`8.0`, `2.40`): the amount is unchanged, only the
    /// digits shown by [`Value::shown_decimals`] are. Kept as is when the
    /// widened mantissa would not fit.
    pub const fn with_written_decimals(self, decimals: u8) -> Value {
        let scale = (self.bits >> SCALE_SHIFT) & 0b111;
        let decimals = decimals as u32;
        if self.is_missing() || decimals <= scale || decimals > 7 {
            return self;
        }
        let mantissa = (self.bits & MANTISSA_MASK) as u64 * 10u64.pow(decimals - scale);
        if mantissa > MANTISSA_MASK as u64 {
            return self;
        }
        Value {
            bits: (self.bits & !(MANTISSA_MASK | 0b111 << SCALE_SHIFT))
                | mantissa as u32
                | decimals << SCALE_SHIFT,
            significant: self.significant,
        }
    }

    /// The amount's digits as they are shown, without qualifier or mark:
    /// as the lab wrote them, or rounded to the significant digits of a
    /// converted or derived value; `None` when missing.
    pub fn shown_amount(self) -> Option<String> {
        let reading = self.reading()?;
        // A censored bound rounded outward: `<x` up, `>x` down.
        let rounding = match reading.censor {
            Censor::Exact => Rounding::Nearest,
            Censor::Below => Rounding::Up,
            Censor::Above => Rounding::Down,
        };
        Some(match self.significant_digits() {
            Some(digits) => reading
                .amount
                .to_string_significant_rounded(digits, rounding),
            None => reading
                .amount
                .to_string_with_min_decimals(self.shown_decimals()),
        })
    }

    /// The value as every view shows it: its qualifier, [`Value::shown_amount`]
    /// and `*` when derived (`<0.1`, `8.0`, `13`, `1.32*`); `None` when
    /// missing.
    pub fn shown_text(self) -> Option<String> {
        let reading = self.reading()?;
        let derived = if reading.derived { "*" } else { "" };
        let digits = self.shown_amount()?;
        Some(format!("{}{digits}{derived}", reading.censor.symbol()))
    }

    /// Two values that are different results, each as [`Value::shown_text`]
    /// shows it, or whole (every digit held) when rounding would show them
    /// alike: a conflict between 13.0 g/dL and 8.04 mmol/L (12.955656
    /// g/dL) reads `13.0` against `12.955656`, never `13.0` against `13.0`.
    /// A value as written is always shown as written.
    /// A missing value is "not measured".
    pub fn shown_apart(self, other: Value) -> [String; 2] {
        let shown = [self, other].map(Value::shown_text);
        if shown[0] != shown[1] {
            return shown.map(|text| text.unwrap_or_else(|| "not measured".to_string()));
        }
        // Only a rounded value can look like the other: it shows every
        // digit it holds, and a value as written stays as written.
        [self, other].map(
            |value| match (value.reading(), value.significant_digits()) {
                (None, _) => "not measured".to_string(),
                (Some(reading), Some(_)) => {
                    format!("{reading}{}", if reading.derived { "*" } else { "" })
                }
                (Some(_), None) => value.shown_text().unwrap_or_default(),
            },
        )
    }

    /// The value to show beside `bound` (a cut-off or a limit it was
    /// compared with): a converted or derived value keeps more significant
    /// digits where its rounding would put it on the other side of the
    /// bound, or on it (9.99068 g/dL of hemoglobin, converted from 6.2
    /// mmol/L, is `9.99` beside the cut-off 10, never a `10` that meets
    /// `< 10`). Any other value is shown as it is.
    pub fn shown_against(self, bound: Decimal) -> Value {
        let (Some(mut digits), Some(reading)) = (self.significant_digits(), self.reading()) else {
            return self;
        };
        let side = reading.amount.cmp(&bound);
        let shown_side = |digits: u8| {
            let text = self.with_significant_digits(digits).shown_amount();
            text.and_then(|text| Decimal::parse(&text).ok())
                .map(|shown| shown.cmp(&bound))
        };
        // 15 digits show every digit a value can hold.
        while digits < 15 && shown_side(digits) != Some(side) {
            digits += 1;
        }
        self.with_significant_digits(digits)
    }

    /// The decimal places to show: those the lab wrote, trailing zeros
    /// included ([`Value::with_written_decimals`]).
    pub const fn shown_decimals(self) -> u8 {
        ((self.bits >> SCALE_SHIFT) & 0b111) as u8
    }

    /// The same value to be shown rounded to `digits` significant digits
    /// (at most 15), never past the units digit: a value converted by an
    /// inexact factor (7.8 mmol/L is 12.56892 g/dL, shown `13`, the 2 digits
    /// written) or derived from other results has no more precision than
    /// its inputs. The amount compared with every limit is
    /// unchanged. Missing stays missing.
    pub const fn with_significant_digits(self, digits: u8) -> Value {
        if self.is_missing() || digits == 0 {
            return self;
        }
        Value {
            bits: self.bits,
            significant: if digits > 15 { 15 } else { digits },
        }
    }

    /// The significant digits to round to for display, when the value was
    /// converted by an inexact factor or derived
    /// ([`Value::with_significant_digits`]).
    pub const fn significant_digits(self) -> Option<u8> {
        if self.significant == 0 {
            None
        } else {
            Some(self.significant)
        }
    }

    /// How many significant digits the value carries as it would be shown:
    /// those it is rounded to, else those written (`2.0` has 2, `0.45` 2,
    /// `250` 3); `None` when missing.
    pub const fn digits(self) -> Option<u8> {
        if self.is_missing() {
            return None;
        }
        if self.significant != 0 {
            return Some(self.significant);
        }
        let mut mantissa = self.bits & MANTISSA_MASK;
        let mut count = 1;
        while mantissa >= 10 {
            mantissa /= 10;
            count += 1;
        }
        Some(count)
    }

    const fn from_bits(bits: u32) -> Value {
        Value {
            bits,
            significant: 0,
        }
    }

    /// True when not measured.
    pub const fn is_missing(self) -> bool {
        (self.bits >> CENSOR_SHIFT) & 0b11 == TAG_MISSING
    }
}

/// A packed mantissa and scale without the trailing zeros a written value
/// may keep ([`Value::with_written_decimals`]), as [`Decimal`] holds them.
const fn normalized(mut mantissa: u32, mut scale: u32) -> (u32, u8) {
    while scale > 0 && mantissa.is_multiple_of(10) {
        mantissa /= 10;
        scale -= 1;
    }
    (mantissa, scale as u8)
}

/// Bits of a value's code.
pub(crate) const CODE_BITS: u32 = 14;
/// The code of a value not measured.
pub(crate) const CODE_MISSING: u16 = (1 << CODE_BITS) - 1;
/// The code of a value kept elsewhere, because it has no code.
pub(crate) const CODE_ESCAPED: u16 = CODE_MISSING - 1;
/// Bits of a code's mantissa; the two above hold the scale.
const CODE_MANTISSA_BITS: u32 = 12;

impl Value {
    /// The value in 14 bits, when it has a code: missing, or exact, measured,
    /// with at most 3 decimal places and at most 4095 without its point
    /// (4.094 and 4.095 aside). Most blood counts do (`250`, `13.5`, `4.52`,
    /// `0.05`); the rest are kept in a side table by whoever stores codes.
    pub(crate) const fn to_code(self) -> Option<u16> {
        if self.is_missing() {
            return Some(CODE_MISSING);
        }
        // Exact and measured: tag and derived bits all zero.
        if self.bits >> CENSOR_SHIFT != 0 || self.significant != 0 {
            return None;
        }
        let mantissa = self.bits & MANTISSA_MASK;
        let scale = self.bits >> SCALE_SHIFT;
        if scale > 3 || mantissa >= 1 << CODE_MANTISSA_BITS {
            return None;
        }
        let code = (scale << CODE_MANTISSA_BITS | mantissa) as u16;
        if code >= CODE_ESCAPED {
            return None;
        }
        Some(code)
    }

    /// The value of a code made by [`Value::to_code`]; `None` for
    /// [`CODE_ESCAPED`].
    pub(crate) const fn from_code(code: u16) -> Option<Value> {
        match code {
            CODE_MISSING => Some(Value::MISSING),
            CODE_ESCAPED => None,
            _ => {
                let mantissa = code as u32 & ((1 << CODE_MANTISSA_BITS) - 1);
                let scale = code as u32 >> CODE_MANTISSA_BITS;
                Some(Value::from_bits(mantissa | scale << SCALE_SHIFT))
            }
        }
    }
}

impl From<Option<Reading>> for Value {
    fn from(reading: Option<Reading>) -> Value {
        reading.map_or(Value::MISSING, Value::new)
    }
}

impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.reading() {
            Some(reading) => write!(f, "{reading}{}", if reading.derived { "*" } else { "" }),
            None => f.write_str("missing"),
        }
    }
}

/// The nine analytes' values of one draw, indexed by [`Analyte`].
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Values([Value; ANALYTE_COUNT]);

impl Values {
    /// Every analyte missing.
    pub const EMPTY: Values = Values([Value::MISSING; ANALYTE_COUNT]);

    /// This analyte's value.
    pub const fn get(&self, analyte: Analyte) -> Value {
        self.0[analyte.index()]
    }

    /// This analyte's reading, if measured.
    pub const fn reading(&self, analyte: Analyte) -> Option<Reading> {
        self.get(analyte).reading()
    }

    /// Replaces this analyte's value.
    pub fn set(&mut self, analyte: Analyte, value: Value) {
        self.0[analyte.index()] = value;
    }

    /// Builder-style [`Values::set`] of an exact value, for tests and fixtures.
    pub fn with(mut self, analyte: Analyte, amount: Decimal) -> Values {
        self.set(analyte, Value::exact(amount));
        self
    }

    /// `(analyte, value)` for every analyte, in report order.
    pub fn iter(&self) -> impl Iterator<Item = (Analyte, Value)> + '_ {
        Analyte::ALL.into_iter().zip(self.0.iter().copied())
    }

    /// True when no analyte was measured.
    pub fn is_empty(&self) -> bool {
        self.0.iter().all(|value| value.is_missing())
    }
}

impl Default for Values {
    fn default() -> Self {
        Values::EMPTY
    }
}

impl fmt::Debug for Values {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(
                self.iter()
                    .filter(|(_, v)| !v.is_missing())
                    .map(|(a, v)| (a.name(), v)),
            )
            .finish()
    }
}

mod written_code;

#[cfg(test)]
mod tests;
