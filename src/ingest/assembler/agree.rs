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

use crate::model::Value;

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
/// missing.
pub fn agree(earlier: Value, later: Value) -> Agreement {
    if earlier == later {
        return Agreement::KeepEarlier;
    }
    let (Some(a), Some(b)) = (earlier.reading(), later.reading()) else {
        return Agreement::Conflict;
    };
    if a.censor != b.censor || a.derived != b.derived {
        return Agreement::Conflict;
    }
    // `50` and `50.0`: one result; keep the one written with more places.
    if a.amount == b.amount {
        return if later.shown_decimals() > earlier.shown_decimals() {
            Agreement::KeepLater
        } else {
            Agreement::KeepEarlier
        };
    }
    // Each amount's digits at the decimals it was reported with (never
    // fewer than its own: those stored are at least as many).
    let reported = |value: Value, amount: crate::model::Decimal| -> (u64, i32) {
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
    };
    let (a_digits, a_places) = reported(earlier, a.amount);
    let (b_digits, b_places) = reported(later, b.amount);
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
        assert_eq!(agree(v(earlier), v(later)), expected);
    }

    /// 6.2 mmol/L (9.99068 g/dL, shown `10`: the 2 digits written) and
    /// 10.0 g/dL are one result, and the g/dL one is the more precise: it
    /// is kept, in either order (kept the other way, Hb met < 10).
    #[test]
    fn a_value_converted_by_an_inexact_factor_reports_its_shown_digits() {
        let converted = Value::exact(Decimal::parse("9.99068").unwrap()).with_significant_digits(2);
        assert_eq!(agree(v("10.0"), converted), Agreement::KeepEarlier);
        assert_eq!(agree(converted, v("10.0")), Agreement::KeepLater);
        assert_eq!(agree(v("10.4"), converted), Agreement::KeepEarlier);
        assert_eq!(agree(v("10.6"), converted), Agreement::Conflict);
        assert_eq!(shown_digits("9.99"), Some((999, 2)));
        assert_eq!(shown_digits("10"), Some((10, 0)));
        assert_eq!(shown_digits("<10"), None);
    }

    #[test]
    fn missing_agrees_only_with_missing() {
        assert_eq!(
            agree(Value::MISSING, Value::MISSING),
            Agreement::KeepEarlier
        );
        assert_eq!(agree(Value::MISSING, v("1")), Agreement::Conflict);
        assert_eq!(agree(v("1"), Value::MISSING), Agreement::Conflict);
    }
}
