//! One analyte's result in one draw: missing, exact, or censored (`<x`, `>x`).

use std::fmt;

use super::analyte::{ANALYTE_COUNT, Analyte};
use super::decimal::Decimal;

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
        f.pad(&format!("{}{}", self.censor.symbol(), self.amount))
    }
}

/// A result packed in 32 bits: 26-bit mantissa, 3-bit scale, 2-bit
/// qualifier (or the missing marker), 1 bit for derived.
///
/// Millions of draws x nine analytes stay small this way.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Value(u32);

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
    pub const MISSING: Value = Value(TAG_MISSING << CENSOR_SHIFT);

    /// A present reading.
    pub const fn new(reading: Reading) -> Value {
        let tag = match reading.censor {
            Censor::Exact => TAG_EXACT,
            Censor::Below => TAG_BELOW,
            Censor::Above => TAG_ABOVE,
        };
        let derived = if reading.derived { DERIVED_BIT } else { 0 };
        Value(
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
        let censor = match (self.0 >> CENSOR_SHIFT) & 0b11 {
            TAG_EXACT => Censor::Exact,
            TAG_BELOW => Censor::Below,
            TAG_ABOVE => Censor::Above,
            _ => return None,
        };
        let mantissa = self.0 & MANTISSA_MASK;
        let scale = ((self.0 >> SCALE_SHIFT) & 0b111) as u8;
        Some(Reading {
            amount: Decimal::from_normalized_parts(mantissa, scale),
            censor,
            derived: self.0 & DERIVED_BIT != 0,
        })
    }

    /// True when not measured.
    pub const fn is_missing(self) -> bool {
        (self.0 >> CENSOR_SHIFT) & 0b11 == TAG_MISSING
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

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        Decimal::parse(text).unwrap()
    }

    #[test]
    fn packs_and_unpacks_every_qualifier() {
        for censor in [Censor::Exact, Censor::Below, Censor::Above] {
            for derived in [false, true] {
                for amount in [
                    d("0"),
                    d("0.0000001"),
                    d("67108863"),
                    d("6.7108863"),
                    d("150"),
                ] {
                    let reading = Reading {
                        amount,
                        censor,
                        derived,
                    };
                    assert_eq!(Value::new(reading).reading(), Some(reading));
                }
            }
        }
    }

    #[test]
    fn missing_is_distinct_from_zero() {
        assert_eq!(Value::MISSING.reading(), None);
        assert!(Value::MISSING.is_missing());
        assert!(!Value::exact(Decimal::ZERO).is_missing());
        assert_eq!(
            Value::exact(Decimal::ZERO).reading().unwrap().amount,
            Decimal::ZERO
        );
    }

    #[test]
    fn values_index_by_analyte() {
        let values = Values::EMPTY.with(Analyte::Plt, d("12"));
        assert_eq!(values.reading(Analyte::Plt).unwrap().amount, d("12"));
        assert!(values.get(Analyte::Anc).is_missing());
        assert!(!values.is_empty());
        assert!(Values::EMPTY.is_empty());
    }

    #[test]
    fn reading_prints_its_qualifier() {
        let reading = Reading {
            amount: d("10"),
            censor: Censor::Below,
            derived: false,
        };
        assert_eq!(reading.to_string(), "<10");
    }
}
