//! When two values of one analyte in one draw are the same result
//! (DESIGN.md "Duplicates"): the more precise, rounded half away from zero
//! to the other's decimals, equals it. Exports round one result differently
//! (Synthea's CSV gives WBC 5.0 where its FHIR gives 4.9561; MIMIC reports
//! lymphocytes as 1.148 K/uL and 1150 #/uL): such pairs are one value, the
//! more precise kept. 0.903 against 0.89 is a real disagreement.
//!
//! Each value's precision is the decimals it was reported with, in
//! canonical units: a trailing zero the lab wrote counts (`0.20` has two
//! places, so `0.19` is another result, not a more precise `0.2`), as the
//! value keeps it ([`Value::shown_decimals`]). A count converted by a power
//! of ten keeps no trailing zero (1150/uL is 1.15 x10^9/L: whether the lab
//! rounded to the ten is not written), so it agrees with 1.148.

use crate::ingest::rows::is_power_of_ten;
use crate::model::{Decimal, Value};

/// Which of two agreeing values to keep.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Agreement {
    /// They agree, and the earlier is at least as precise: keep it.
    KeepEarlier,
    /// They agree, and the later is more precise: it replaces the earlier.
    KeepLater,
    /// They are different results.
    Conflict,
}

/// Whether `later` is the same result as `earlier`, and which to keep.
/// Censored values agree only with the same qualifier; missing only with
/// missing. `inexact`: the factor, not a power of ten, that a value of
/// this analyte holding its significant digits was converted by
/// (hemoglobin's from mmol/L, [`crate::ingest::units::inexact_factor`]).
pub fn agree(earlier: Value, later: Value, inexact: Option<Decimal>) -> Agreement {
    if earlier == later {
        return Agreement::KeepEarlier;
    }
    let (Some(a), Some(b)) = (earlier.reading(), later.reading()) else {
        return Agreement::Conflict;
    };
    if a.censor != b.censor || a.derived != b.derived {
        return Agreement::Conflict;
    }
    // A value converted by an inexact factor is as precise as the text it
    // was written in, times the factor: 6.2 mmol/L is 9.91-10.07 g/dL,
    // which 10.4 g/dL is not, though both are shown as about 10.
    if let Some(factor) = inexact
        && !a.derived
        && (earlier.significant_digits().is_some() || later.significant_digits().is_some())
        && let (Some(first), Some(second)) = (
            Reported::of(earlier, a.amount, factor),
            Reported::of(later, b.amount, factor),
        )
    {
        return first.agree(second);
    }
    // `50` and `50.0`: one result; keep the one written with more places.
    if a.amount == b.amount {
        return if later.shown_decimals() > earlier.shown_decimals() {
            Agreement::KeepLater
        } else {
            Agreement::KeepEarlier
        };
    }
    let (a_digits, a_places) = reported_digits(earlier, a.amount);
    let (b_digits, b_places) = reported_digits(later, b.amount);
    let ((digits, fine), (coarse_digits, coarse), later_is_fine) = if b_places > a_places {
        ((b_digits, b_places), (a_digits, a_places), true)
    } else {
        ((a_digits, a_places), (b_digits, b_places), false)
    };
    let drop = fine.abs_diff(coarse);
    if drop == 0 {
        // Same decimals, different digits.
        return Agreement::Conflict;
    }
    let divisor = 10u64.pow(drop);
    // Half away from zero; the values are never negative.
    let rounded = digits / divisor + u64::from(2 * (digits % divisor) >= divisor);
    if rounded != coarse_digits {
        Agreement::Conflict
    } else if later_is_fine {
        Agreement::KeepLater
    } else {
        Agreement::KeepEarlier
    }
}

/// An amount's digits at the decimals it was reported with (never fewer
/// than its own: those stored are at least as many), and those places.
fn reported_digits(value: Value, amount: Decimal) -> (u64, i32) {
    // Converted by an inexact factor (6.2 mmol/L is 9.99068 g/dL), a
    // value reports only the digits it is shown with (`10`): its
    // places are those, never the conversion's. A whole number with
    // fewer significant digits than its whole part (0.4 L/L is 40 %,
    // one digit) is reported to the ten: places below zero.
    if let Some(significant) = value.significant_digits()
        && let Some(shown) = value.shown_amount()
        && let Some((digits, places)) = shown_digits(&shown)
    {
        let whole = digits.checked_ilog10().map_or(1, |log| log + 1);
        let coarser = whole.saturating_sub(u32::from(significant));
        if places == 0 && coarser > 0 {
            let divisor = 10u64.pow(coarser);
            let rounded = digits / divisor + u64::from(2 * (digits % divisor) >= divisor);
            return (rounded, -(coarser as i32));
        }
        return (digits, i32::from(places));
    }
    let places = value.shown_decimals().max(amount.scale());
    let zeros = u32::from(places - amount.scale());
    (
        u64::from(amount.mantissa()) * 10u64.pow(zeros),
        i32::from(places),
    )
}

/// A reported value as the interval of amounts it stands for, in units of
/// 10^-[`Reported::SCALE`]: its centre and its width (twice the half-width),
/// so that a value rounds to it where `2 (x - centre)` is in `[-width,
/// width)`, as rounding half away from zero does for the positive amounts
/// counts are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Reported {
    centre: i128,
    width: i128,
}

impl Reported {
    /// Places below the unit every amount is counted in.
    const SCALE: u32 = 24;

    /// `value` (`amount`) as reported: a value written in canonical units
    /// or moved by a power of ten to its last place written; one converted
    /// by `factor` (its significant digits held) to the last place of the
    /// text it was written in, times the factor. `None` beyond the scale.
    fn of(value: Value, amount: Decimal, factor: Decimal) -> Option<Reported> {
        let pow = |exponent: u32| 10i128.checked_pow(exponent);
        let centre = i128::from(amount.mantissa())
            .checked_mul(pow(Self::SCALE.checked_sub(u32::from(amount.scale()))?)?)?;
        match value.significant_digits() {
            Some(significant) if !is_power_of_ten(factor) => {
                // The text written: the amount divided by the factor, at
                // 10^-SCALE (exact, as the amount is its exact product).
                let factor_mantissa = i128::from(factor.mantissa());
                let written = centre
                    .checked_mul(pow(u32::from(factor.scale()))?)?
                    .checked_div(factor_mantissa)?;
                // Its last place written: 10^(magnitude - significant + 1).
                let magnitude = i64::from(written.checked_ilog10()?) - i64::from(Self::SCALE);
                let last = magnitude - i64::from(significant) + 1;
                // width = 10^last x factor, at 10^-SCALE.
                let exponent = u32::try_from(i64::from(Self::SCALE) + last).ok()?;
                let width = pow(exponent)?
                    .checked_mul(factor_mantissa)?
                    .checked_div(pow(u32::from(factor.scale()))?)?;
                Some(Reported { centre, width })
            }
            _ => {
                let (digits, places) = reported_digits(value, amount);
                let exponent = u32::try_from(i64::from(Self::SCALE) - i64::from(places)).ok()?;
                let unit = pow(exponent)?;
                Some(Reported {
                    centre: i128::from(digits).checked_mul(unit)?,
                    width: unit,
                })
            }
        }
    }

    /// [`agree`] of two reported values: the finer lies in the coarser's
    /// interval; the finer is kept (the earlier on a tie).
    fn agree(self, later: Reported) -> Agreement {
        let (fine, coarse, later_is_fine) = if later.width < self.width {
            (later, self, true)
        } else {
            (self, later, false)
        };
        let offset = 2 * (fine.centre - coarse.centre);
        // Of one precision, only the same amount is the same result.
        let apart = if fine.width == coarse.width {
            offset != 0
        } else {
            offset < -coarse.width || offset >= coarse.width
        };
        if apart {
            Agreement::Conflict
        } else if later_is_fine {
            Agreement::KeepLater
        } else {
            Agreement::KeepEarlier
        }
    }
}

/// The digits of an amount as shown (`9.99` is 999 at 2 places, `10` is 10
/// at none); `None` for anything but digits and one point.
fn shown_digits(shown: &str) -> Option<(u64, u8)> {
    let (whole, fraction) = shown.split_once('.').unwrap_or((shown, ""));
    let digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || !digits(fraction) || fraction.len() > 7 {
        return None;
    }
    let number = format!("{whole}{fraction}").parse::<u64>().ok()?;
    Some((number, fraction.len() as u8))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Censor, Decimal, Reading};
    use rstest::rstest;

    fn v(text: &str) -> Value {
        let (censor, number) = match text.as_bytes().first() {
            Some(b'<') => (Censor::Below, &text[1..]),
            Some(b'>') => (Censor::Above, &text[1..]),
            _ => (Censor::Exact, text),
        };
        // As read in canonical units: with the decimals written.
        let places = number.split_once('.').map_or(0, |(_, after)| after.len());
        Value::new(Reading {
            amount: Decimal::parse(number).unwrap(),
            censor,
            derived: false,
        })
        .with_written_decimals(places as u8)
    }

    #[rstest]
    #[case("1.15", "1.148", Agreement::KeepLater)]
    #[case("1.148", "1.15", Agreement::KeepEarlier)]
    #[case("0.79", "0.792", Agreement::KeepLater)]
    #[case("5", "4.9561", Agreement::KeepLater)]
    #[case("5.0", "5", Agreement::KeepEarlier)]
    #[case("0.15", "0.145", Agreement::KeepLater)]
    #[case("250", "250", Agreement::KeepEarlier)]
    #[case("<5", "<5", Agreement::KeepEarlier)]
    #[case("<5", "<5.04", Agreement::KeepLater)]
    #[case("0.89", "0.903", Agreement::Conflict)]
    #[case("0.85", "0.837", Agreement::Conflict)]
    #[case("1.15", "1.131", Agreement::Conflict)]
    #[case("0.99", "0.97", Agreement::Conflict)]
    #[case("0.14", "0.145", Agreement::Conflict)]
    #[case("<5", "5", Agreement::Conflict)]
    #[case("<5", ">5", Agreement::Conflict)]
    // A trailing zero written is a decimal reported.
    #[case("0.20", "0.19", Agreement::Conflict)]
    #[case("0.20", "0.2", Agreement::KeepEarlier)]
    #[case("0.2", "0.20", Agreement::KeepLater)]
    #[case("10.0", "9.9", Agreement::Conflict)]
    #[case("8.0", "8.1", Agreement::Conflict)]
    #[case("8.0", "8.04", Agreement::KeepLater)]
    #[case("5.0", "4.9561", Agreement::KeepLater)]
    #[case("0.50", "0.49", Agreement::Conflict)]
    #[case("3.00", "3.004", Agreement::KeepLater)]
    fn agreement(#[case] earlier: &str, #[case] later: &str, #[case] expected: Agreement) {
        assert_eq!(agree(v(earlier), v(later), None), expected);
    }

    /// A hemoglobin converted from mmol/L is as precise as its text times
    /// 1.6114: 6.2 mmol/L is 9.91-10.07 g/dL. 10.0 g/dL is that result and
    /// the more precise, kept in either order (kept the other way, Hb met
    /// < 10); 10.4 g/dL is another result, though both are shown as about
    /// 10 (it was merged, and Hb < 10 no longer met).
    #[rstest]
    #[case("9.99068", 2, "10.0", Agreement::KeepEarlier, Agreement::KeepLater)]
    #[case("9.99068", 2, "10.4", Agreement::Conflict, Agreement::Conflict)]
    #[case("9.99068", 2, "9.9", Agreement::Conflict, Agreement::Conflict)]
    #[case("9.99068", 2, "9.95", Agreement::KeepEarlier, Agreement::KeepLater)]
    #[case("12.56892", 2, "13.4", Agreement::Conflict, Agreement::Conflict)]
    #[case("12.56892", 2, "12.6", Agreement::KeepEarlier, Agreement::KeepLater)]
    #[case("12.56892", 2, "12.4", Agreement::Conflict, Agreement::Conflict)]
    #[case("12.56892", 2, "13", Agreement::KeepLater, Agreement::KeepEarlier)]
    #[case("16.114", 3, "16.1", Agreement::KeepEarlier, Agreement::KeepLater)]
    fn a_value_converted_by_an_inexact_factor_is_as_precise_as_its_text(
        #[case] converted: &str,
        #[case] significant: u8,
        #[case] other: &str,
        #[case] other_first: Agreement,
        #[case] converted_first: Agreement,
    ) {
        let factor = Some(Decimal::lit(16114, 4));
        let converted =
            Value::exact(Decimal::parse(converted).unwrap()).with_significant_digits(significant);
        assert_eq!(agree(v(other), converted, factor), other_first);
        assert_eq!(agree(converted, v(other), factor), converted_first);
        assert_eq!(shown_digits("9.99"), Some((999, 2)));
        assert_eq!(shown_digits("10"), Some((10, 0)));
        assert_eq!(shown_digits("<10"), None);
    }

    /// The same mmol/L result written with another zero (6.20 and 6.2):
    /// one result, the more precise kept.
    #[test]
    fn one_converted_result_written_twice_is_one() {
        let factor = Some(Decimal::lit(16114, 4));
        let amount = Value::exact(Decimal::parse("9.99068").unwrap());
        let (three, two) = (
            amount.with_significant_digits(3),
            amount.with_significant_digits(2),
        );
        assert_eq!(agree(two, three, factor), Agreement::KeepLater);
        assert_eq!(agree(three, two, factor), Agreement::KeepEarlier);
    }

    #[test]
    fn missing_agrees_only_with_missing() {
        assert_eq!(
            agree(Value::MISSING, Value::MISSING, None),
            Agreement::KeepEarlier
        );
        assert_eq!(agree(Value::MISSING, v("1"), None), Agreement::Conflict);
        assert_eq!(agree(v("1"), Value::MISSING, None), Agreement::Conflict);
    }
}
