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
    // An exact value, the common case, in one comparison (a table of
    // 100,000 patients makes millions).
    match exact(value) {
        Some(amount) => met_if(amount < cutoff),
        None => Span::of(value).map_or(Outcome::Unknown, |span| span.below(cutoff)),
    }
}

/// Whether `value > cutoff`, as far as the value proves.
pub fn above_cutoff(value: Value, cutoff: Decimal) -> Outcome {
    match exact(value) {
        Some(amount) => met_if(amount > cutoff),
        None => Span::of(value).map_or(Outcome::Unknown, |span| span.above(cutoff)),
    }
}

/// The amount of an exact value (one true value: its span is a point).
fn exact(value: Value) -> Option<Decimal> {
    value
        .reading()
        .filter(|reading| reading.censor == Censor::Exact)
        .map(|reading| reading.amount)
}

const fn met_if(met: bool) -> Outcome {
    if met { Outcome::Met } else { Outcome::NotMet }
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

    /// Whether `self >= 2 x base` with `base > 0` (a count of 0 has no
    /// double: twice 0 is 0, met by no change at all) for every, no, or
    /// some pair of values the two allow. 10 then `>20` has doubled; `<10`
    /// then 45 may not have, since `<10` allows 0.
    pub(crate) fn doubles(self, base: Span) -> Outcome {
        let twice = |at: Decimal| at.checked_mul(Decimal::lit(2, 0)).ok();
        let positive = base.low.at > Decimal::ZERO || !base.low.included;
        // Every pair: the least of `self` at or above twice the most of
        // `base` (either end open only widens the gap).
        let every = positive
            && base
                .high
                .and_then(|high| twice(high.at))
                .is_some_and(|most| self.low.at >= most);
        if every {
            return Outcome::Met;
        }
        // No pair: `base` allows only 0, or the most of `self` is under
        // twice the least positive value of `base`.
        let only_zero = base.high.is_some_and(|high| high.at == Decimal::ZERO);
        let none = only_zero
            || match (self.high, twice(base.low.at)) {
                (Some(high), Some(least)) if high.included && base.low.included && positive => {
                    high.at < least
                }
                (Some(high), Some(least)) => high.at <= least,
                _ => false,
            };
        if none {
            Outcome::NotMet
        } else {
            Outcome::Unknown
        }
    }

    /// Whether `self - base > rise` (`rise >= 0`) for every, no, or some
    /// pair of values the two allow: `<6` then 9.0 is up more than 3.0
    /// whatever the first was.
    pub(crate) fn rises_over(self, base: Span, rise: Decimal) -> Outcome {
        // `a - b` against `rise`.
        let against = |a: Decimal, b: Decimal| {
            crate::clinical::readouts::difference(a, b).map(|(negative, by)| {
                if negative {
                    Ordering::Less
                } else {
                    by.cmp(&rise)
                }
            })
        };
        let every = base.high.is_some_and(|high| {
            match against(self.low.at, high.at) {
                Some(Ordering::Greater) => true,
                // At the gap itself only when an end is open.
                Some(Ordering::Equal) => !(self.low.included && high.included),
                _ => false,
            }
        });
        if every {
            return Outcome::Met;
        }
        let none = self.high.is_some_and(|high| {
            matches!(
                against(high.at, base.low.at),
                Some(Ordering::Less | Ordering::Equal)
            )
        });
        if none {
            Outcome::NotMet
        } else {
            Outcome::Unknown
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
        assert_eq!(
            Span::of(value(text)).map_or(Outcome::Unknown, |span| span.below(decimal(cutoff))),
            expected,
            "the span's way"
        );
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
        assert_eq!(
            Span::of(value(text)).map_or(Outcome::Unknown, |span| span.above(decimal(cutoff))),
            expected,
            "the span's way"
        );
        assert_eq!(above_cutoff(value(text), decimal(cutoff)), expected);
    }

    proptest::proptest! {
        /// The one comparison of an exact value says what its span says,
        /// whatever places the value and the cut-off are written with (small
        /// numbers, so that many are equal).
        #[test]
        fn exact_values_compare_as_their_spans_do(
            mantissa in 0u64..40,
            scale in 0u32..3,
            cutoff_mantissa in 0u64..40,
            cutoff_scale in 0u32..3,
        ) {
            let value = Value::exact(Decimal::new(mantissa, scale).unwrap());
            let cutoff = Decimal::new(cutoff_mantissa, cutoff_scale).unwrap();
            let span = Span::of(value).unwrap();
            proptest::prop_assert_eq!(below_cutoff(value, cutoff), span.below(cutoff));
            proptest::prop_assert_eq!(above_cutoff(value, cutoff), span.above(cutoff));
        }
    }

    /// `later >= 2 x base`, `base > 0`: a `<x` baseline allows 0, whose
    /// double nothing meets, so it never proves a doubling.
    #[rstest]
    #[case("10", "20", Outcome::Met)]
    #[case("10", "19.9", Outcome::NotMet)]
    #[case("0", "5", Outcome::NotMet)]
    #[case("<10", "45", Outcome::Unknown)]
    #[case("<10", "0", Outcome::NotMet)]
    #[case(">10", "20", Outcome::NotMet)]
    #[case(">10", "21", Outcome::Unknown)]
    #[case("5", "<10", Outcome::NotMet)]
    #[case("5", "<11", Outcome::Unknown)]
    #[case("5", ">10", Outcome::Met)]
    #[case("5", ">9", Outcome::Unknown)]
    fn doubles(#[case] base: &str, #[case] later: &str, #[case] expected: Outcome) {
        let (base, later) = (Span::of(value(base)), Span::of(value(later)));
        assert_eq!(later.unwrap().doubles(base.unwrap()), expected);
    }

    /// `later - base > rise`, over every pair the two allow.
    #[rstest]
    #[case("5", "30", "20", Outcome::Met)]
    #[case("5", "25", "20", Outcome::NotMet)]
    #[case("<10", "45", "20", Outcome::Met)]
    #[case("<10", "30", "20", Outcome::Met)]
    #[case("<10", "25", "20", Outcome::Unknown)]
    #[case("<10", "20", "20", Outcome::NotMet)]
    #[case("<6", "9.0", "3", Outcome::Met)]
    #[case("<0.5", "1.0", "0.5", Outcome::Met)]
    #[case(">10", "40", "20", Outcome::Unknown)]
    #[case(">10", "30", "20", Outcome::NotMet)]
    #[case("10", ">30", "20", Outcome::Met)]
    #[case("10", "<30", "20", Outcome::NotMet)]
    #[case("10", "<31", "20", Outcome::Unknown)]
    #[case("40", "10", "20", Outcome::NotMet)]
    fn rises_over(
        #[case] base: &str,
        #[case] later: &str,
        #[case] rise: &str,
        #[case] expected: Outcome,
    ) {
        let (base, later) = (Span::of(value(base)), Span::of(value(later)));
        assert_eq!(
            later.unwrap().rises_over(base.unwrap(), decimal(rise)),
            expected
        );
    }

    /// Met and not met are sound: every pair of values on a grid of tenths
    /// inside the two spans agrees with them.
    #[test]
    fn doubles_and_rises_hold_for_every_pair_they_allow() {
        let texts: Vec<String> = (0..=60)
            .step_by(3)
            .flat_map(|n| {
                let n = format!("{}.{}", n / 10, n % 10);
                [n.clone(), format!("<{n}"), format!(">{n}")]
            })
            .collect();
        // The tenths a span allows, up to 12.0 above.
        let points = |span: Span| -> Vec<i64> {
            (0..=120)
                .filter(|&t| {
                    let at = decimal(&format!("{}.{}", t / 10, t % 10));
                    let above_low = at > span.low.at || (at == span.low.at && span.low.included);
                    let below_high = span
                        .high
                        .is_none_or(|h| at < h.at || (at == h.at && h.included));
                    above_low && below_high
                })
                .collect()
        };
        let rise = decimal("1.5");
        let spans: Vec<(&String, Span, Vec<i64>)> = texts
            .iter()
            .map(|text| {
                let span = Span::of(value(text)).unwrap();
                (text, span, points(span))
            })
            .collect();
        for (base, b, at_base) in &spans {
            for (later, l, at_later) in &spans {
                let (b, l) = (*b, *l);
                let pairs: Vec<(i64, i64)> = at_base
                    .iter()
                    .flat_map(|&x| at_later.iter().map(move |&y| (x, y)))
                    .collect();
                let doubled = |&(x, y): &(i64, i64)| x > 0 && y >= 2 * x;
                let risen = |&(x, y): &(i64, i64)| y - x > 15;
                for (outcome, holds) in [
                    (l.doubles(b), pairs.iter().map(doubled).collect::<Vec<_>>()),
                    (l.rises_over(b, rise), pairs.iter().map(risen).collect()),
                ] {
                    match outcome {
                        Outcome::Met => assert!(holds.iter().all(|&h| h), "{base} {later}"),
                        Outcome::NotMet => assert!(!holds.iter().any(|&h| h), "{base} {later}"),
                        Outcome::Unknown => {}
                    }
                }
            }
        }
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
