//! What a possibly censored value proves about a comparison with a cut-off.
//!
//! A value is treated as the set of true values it allows: exact `v` is
//! `{v}`, `<x` is `[0, x)`, `>x` is `(x, ∞)`. A comparison is met when every
//! allowed value meets it, not met when none does, and unknown otherwise.
//! Everything is exact `Decimal` comparison: never `f64`.

use std::cmp::Ordering;

use serde::Serialize;

use crate::model::{Censor, Decimal, Value};

/// Whether a value meets a criterion, as far as the value can prove.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// Every value the result allows meets it.
    Met,
    /// No value the result allows meets it.
    NotMet,
    /// The value is missing, or censored on the wrong side of the cut-off.
    Unknown,
}

impl Outcome {
    /// `"met"`, `"not met"` or `"unknown"`, as JSON and the screen write it.
    pub const fn name(self) -> &'static str {
        match self {
            Outcome::Met => "met",
            Outcome::NotMet => "not met",
            Outcome::Unknown => "unknown",
        }
    }
}

impl Serialize for Outcome {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

/// Whether `value < cutoff`, as far as the value proves (strict: a value
/// equal to the cut-off does not meet it).
pub fn below_cutoff(value: Value, cutoff: Decimal) -> Outcome {
    match Span::of(value) {
        Some(span) => span.below(cutoff),
        None => Outcome::Unknown,
    }
}

/// Whether `value > cutoff`, as far as the value proves.
pub fn above_cutoff(value: Value, cutoff: Decimal) -> Outcome {
    match Span::of(value) {
        Some(span) => span.above(cutoff),
        None => Outcome::Unknown,
    }
}

/// An end of an interval: its number and whether the number itself is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct End {
    at: Decimal,
    included: bool,
}

/// The interval of true values a present result allows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Span {
    low: End,
    /// `None`: unbounded above.
    high: Option<End>,
}

impl Span {
    /// The values `value` allows, or `None` when it is missing.
    pub(crate) fn of(value: Value) -> Option<Span> {
        let reading = value.reading()?;
        let amount = reading.amount;
        let closed = End {
            at: amount,
            included: true,
        };
        Some(match reading.censor {
            Censor::Exact => Span {
                low: closed,
                high: Some(closed),
            },
            // "<0" allows no non-negative value; read it as the lowest
            // possible count, 0, rather than as an empty set that would
            // vacuously meet and fail everything at once.
            Censor::Below if amount == Decimal::ZERO => Span {
                low: closed,
                high: Some(closed),
            },
            Censor::Below => Span {
                low: End {
                    at: Decimal::ZERO,
                    included: true,
                },
                high: Some(End {
                    at: amount,
                    included: false,
                }),
            },
            Censor::Above => Span {
                low: End {
                    at: amount,
                    included: false,
                },
                high: None,
            },
        })
    }

    /// Whether every, no, or some allowed value is `< cutoff`.
    pub(crate) fn below(self, cutoff: Decimal) -> Outcome {
        if self.all_below(cutoff) {
            Outcome::Met
        } else if self.some_below(cutoff) {
            Outcome::Unknown
        } else {
            Outcome::NotMet
        }
    }

    /// Whether every, no, or some allowed value is `> cutoff`.
    pub(crate) fn above(self, cutoff: Decimal) -> Outcome {
        let all_above = match self.low.at.cmp(&cutoff) {
            Ordering::Greater => true,
            Ordering::Equal => !self.low.included,
            Ordering::Less => false,
        };
        let some_above = match self.high {
            None => true,
            Some(high) => high.at > cutoff,
        };
        if all_above {
            Outcome::Met
        } else if some_above {
            Outcome::Unknown
        } else {
            Outcome::NotMet
        }
    }

    /// True when every allowed value is `< cutoff`.
    fn all_below(self, cutoff: Decimal) -> bool {
        match self.high {
            None => false,
            Some(high) => match high.at.cmp(&cutoff) {
                Ordering::Less => true,
                Ordering::Equal => !high.included,
                Ordering::Greater => false,
            },
        }
    }

    /// True when some allowed value is `< cutoff`. Both kinds of low end
    /// reduce to the same test: a closed end at `v` allows `v` itself, an
    /// open end at `x` allows values just above `x`.
    fn some_below(self, cutoff: Decimal) -> bool {
        self.low.at < cutoff
    }

    /// True when some allowed value is `>= cutoff`.
    fn some_at_or_above(self, cutoff: Decimal) -> bool {
        match self.high {
            None => true,
            Some(high) => match high.at.cmp(&cutoff) {
                Ordering::Greater => true,
                Ordering::Equal => high.included,
                Ordering::Less => false,
            },
        }
    }

    /// True when some allowed value lies in `[from, to)` (`to = None`: no
    /// upper end). Both are intervals, so they share a value exactly when
    /// each reaches into the other's side.
    pub(crate) fn meets_band(self, from: Decimal, to: Option<Decimal>) -> bool {
        let band_not_empty = to.is_none_or(|to| from < to);
        band_not_empty && self.some_at_or_above(from) && to.is_none_or(|to| self.some_below(to))
    }

    /// True when every value of `self` is below every value of `other`.
    pub(crate) fn entirely_below(self, other: Span) -> bool {
        let Some(high) = self.high else {
            return false;
        };
        match high.at.cmp(&other.low.at) {
            Ordering::Less => true,
            Ordering::Equal => !(high.included && other.low.included),
            Ordering::Greater => false,
        }
    }

    /// The single value allowed, when the result is exact.
    pub(crate) fn exact(self) -> Option<Decimal> {
        match self.high {
            Some(high) if high == self.low => Some(high.at),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use super::super::test_values::{decimal, value};
    use super::*;

    #[rstest]
    #[case("19", "20", Outcome::Met)]
    #[case("20", "20", Outcome::NotMet)]
    #[case("20.000001", "20", Outcome::NotMet)]
    #[case("<20", "20", Outcome::Met)]
    #[case("<20.000001", "20", Outcome::Unknown)]
    #[case(">19.999999", "20", Outcome::Unknown)]
    #[case(">20", "20", Outcome::NotMet)]
    #[case("-", "20", Outcome::Unknown)]
    #[case("0", "0", Outcome::NotMet)]
    #[case("<0", "0.1", Outcome::Met)]
    #[case("<0", "0", Outcome::NotMet)]
    #[case("<5", "0", Outcome::NotMet)]
    fn below(#[case] text: &str, #[case] cutoff: &str, #[case] expected: Outcome) {
        assert_eq!(below_cutoff(value(text), decimal(cutoff)), expected);
    }

    #[rstest]
    #[case("451", "450", Outcome::Met)]
    #[case("450", "450", Outcome::NotMet)]
    #[case(">450", "450", Outcome::Met)]
    #[case(">449", "450", Outcome::Unknown)]
    #[case("<450", "450", Outcome::NotMet)]
    #[case("<451", "450", Outcome::Unknown)]
    #[case("-", "450", Outcome::Unknown)]
    fn above(#[case] text: &str, #[case] cutoff: &str, #[case] expected: Outcome) {
        assert_eq!(above_cutoff(value(text), decimal(cutoff)), expected);
    }

    #[rstest]
    #[case("0.3", "0.2", Some("0.5"), true)]
    #[case("0.5", "0.2", Some("0.5"), false)]
    #[case("0.2", "0.2", Some("0.5"), true)]
    #[case("<0.2", "0.2", Some("0.5"), false)]
    #[case("<0.21", "0.2", Some("0.5"), true)]
    #[case(">0.5", "0.2", Some("0.5"), false)]
    #[case(">0.499", "0.2", Some("0.5"), true)]
    #[case(">0.1", "0", Some("0.2"), true)]
    #[case(">0.2", "0", Some("0.2"), false)]
    #[case("3", "1.5", None, true)]
    #[case("<1.5", "1.5", None, false)]
    #[case("1", "0.5", Some("0.5"), false)]
    fn band_reach(
        #[case] text: &str,
        #[case] from: &str,
        #[case] to: Option<&str>,
        #[case] expected: bool,
    ) {
        let span = Span::of(value(text)).unwrap();
        assert_eq!(span.meets_band(decimal(from), to.map(decimal)), expected);
    }
}
