//! One value cell: not measured, a number, or a censored bound.

use crate::model::{Censor, Decimal, DecimalError};

/// `Ok(None)` for a value that was not measured (`""`, `NA`, `N/A`, `-`);
/// otherwise the number with its qualifier (`<10` is below 10).
///
/// Surrounding whitespace is ignored, the markers are matched in any letter
/// case, and a space may follow the qualifier (`< 10`). The number itself is
/// read by [`Decimal::parse`]: anything else (`1,5`, `<=5`, `<<5`, `inf`) is
/// [`DecimalError::NotANumber`], and a negative number is
/// [`DecimalError::Negative`].
#[inline(always)]
pub fn parse_cell(text: &str) -> Result<Option<(Censor, Decimal)>, DecimalError> {
    let text = crate::safe_text::trim(text);
    if is_not_measured(text) {
        return Ok(None);
    }
    let (censor, number) = match text.as_bytes().first() {
        Some(b'<') => (Censor::Below, &text[1..]),
        Some(b'>') => (Censor::Above, &text[1..]),
        _ => (Censor::Exact, text),
    };
    // `Decimal::parse` trims, which is what lets a space follow the sign; a
    // second qualifier (`<<5`, `<=5`) is not a digit and fails there.
    Ok(Some((censor, Decimal::parse(number)?)))
}

/// The decimal places written in a number cell (`8.0` has 1, `<0.10` has 2,
/// `5` none), so that a value is shown with the lab's digits. In exponent
/// notation they are the mantissa's less the exponent (`2.0e-1` is 0.20,
/// two places, as JSON may write it; `1.5e2` none): a trailing zero written
/// counts there too.
///
/// Read as bytes: white space around the number holds no point, letter or
/// digit (every Unicode space outside ASCII is bytes of 0x80 and up), so it
/// needs no trimming.
pub fn written_decimals(text: &str) -> u8 {
    let bytes = text.as_bytes();
    // A cell is a few bytes: a plain loop beats memchr's set-up.
    let places = |mantissa: &[u8]| {
        mantissa.iter().position(|&b| b == b'.').map_or(0, |point| {
            let fraction = mantissa.get(point + 1..).unwrap_or_default();
            fraction.iter().take_while(|b| b.is_ascii_digit()).count()
        })
    };
    let Some(e) = bytes.iter().position(|&b| b == b'e' || b == b'E') else {
        return u8::try_from(places(bytes)).unwrap_or(u8::MAX);
    };
    let (mantissa, exponent) = bytes.split_at(e);
    let exponent = std::str::from_utf8(&exponent[1..])
        .ok()
        .and_then(|text| text.trim().parse::<i64>().ok())
        .unwrap_or(0);
    let places = i64::try_from(places(mantissa)).unwrap_or(i64::MAX);
    u8::try_from(places.saturating_sub(exponent).max(0)).unwrap_or(u8::MAX)
}

/// The significant digits written in a number cell: every digit after the
/// leading zeros, up to an exponent (`7.8` has 2, `0.45` 2, `10` 2, `<5` 1,
/// `6.2055` 5), at least 1.
pub fn written_significant_digits(text: &str) -> u8 {
    let mantissa = text.split(['e', 'E']).next().unwrap_or_default();
    let digits = mantissa
        .bytes()
        .filter(u8::is_ascii_digit)
        .skip_while(|&digit| digit == b'0')
        .count();
    u8::try_from(digits.max(1)).unwrap_or(u8::MAX)
}

/// Whether a trimmed cell is one of the not-measured markers (empty, `-`,
/// `NA`, `N/A`, or `\N`, the NULL of a MySQL or PostgreSQL text dump, as
/// MIMIC's tables are often loaded into and dumped from a database): no
/// value, and no name or birth date either.
pub(crate) fn is_not_measured(text: &str) -> bool {
    text.is_empty()
        || text == "-"
        || text == "\\N"
        || text.eq_ignore_ascii_case("NA")
        || text.eq_ignore_ascii_case("N/A")
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("7.8", 2)]
    #[case(" 0.45", 2)]
    #[case("10", 2)]
    #[case("<5", 1)]
    #[case("6.2055", 5)]
    #[case("0", 1)]
    #[case("1.50e2", 3)]
    fn counts_the_written_significant_digits(#[case] text: &str, #[case] digits: u8) {
        assert_eq!(written_significant_digits(text), digits);
    }

    #[rstest]
    #[case("8.0", 1)]
    #[case(" <0.10 ", 2)]
    #[case("5", 0)]
    #[case("2.40", 2)]
    #[case("1.5e2", 0)]
    #[case("2.0e-1", 2)]
    #[case("1.10e0", 2)]
    #[case("11.0E-1", 2)]
    #[case("5E-2", 2)]
    #[case("1.25E+1", 1)]
    #[case(".5", 1)]
    #[case("\u{2003}7.25\u{A0}", 2)]
    #[case("\u{85}.5\u{3000}", 1)]
    #[case("12.", 0)]
    #[case("1.2.3", 1)]
    fn counts_the_written_decimal_places(#[case] text: &str, #[case] places: u8) {
        assert_eq!(written_decimals(text), places);
    }

    proptest::proptest! {
        /// The bytes give what the trimmed text gives.
        #[test]
        fn decimal_places_need_no_trimming(
            text in "[ \t\u{85}\u{A0}\u{2003}0-9.eE<>x]{0,12}|\\PC{0,12}",
        ) {
            let trimmed = text.trim();
            let reference = if trimmed.contains(['e', 'E']) {
                written_decimals(trimmed)
            } else {
                trimmed.split_once('.').map_or(0, |(_, fraction)| {
                    fraction.bytes().take_while(u8::is_ascii_digit).count() as u8
                })
            };
            proptest::prop_assert_eq!(written_decimals(&text), reference);
        }
    }

    #[rstest]
    #[case("")]
    #[case("   ")]
    #[case("\t")]
    #[case("NA")]
    #[case("na")]
    #[case("Na")]
    #[case(" NA ")]
    #[case("N/A")]
    #[case("n/a")]
    #[case("N/a")]
    #[case(" n/A\t")]
    #[case("-")]
    #[case(" - ")]
    fn not_measured(#[case] text: &str) {
        assert_eq!(parse_cell(text), Ok(None), "{text:?}");
    }

    #[rstest]
    #[case("12", Censor::Exact, Decimal::lit(12, 0))]
    #[case(" 7.25 ", Censor::Exact, Decimal::lit(725, 2))]
    #[case("0", Censor::Exact, Decimal::ZERO)]
    #[case("0.5", Censor::Exact, Decimal::lit(5, 1))]
    #[case(".5", Censor::Exact, Decimal::lit(5, 1))]
    #[case("150000", Censor::Exact, Decimal::lit(150_000, 0))]
    #[case("1.50", Censor::Exact, Decimal::lit(15, 1))]
    #[case("<10", Censor::Below, Decimal::lit(10, 0))]
    #[case("< 10", Censor::Below, Decimal::lit(10, 0))]
    #[case(" <0.1 ", Censor::Below, Decimal::lit(1, 1))]
    #[case(">1000", Censor::Above, Decimal::lit(1000, 0))]
    #[case("> 1000", Censor::Above, Decimal::lit(1000, 0))]
    #[case(">0", Censor::Above, Decimal::ZERO)]
    fn numbers_and_censored_bounds(
        #[case] text: &str,
        #[case] censor: Censor,
        #[case] amount: Decimal,
    ) {
        assert_eq!(parse_cell(text), Ok(Some((censor, amount))), "{text:?}");
    }

    #[rstest]
    #[case("inf", DecimalError::NotANumber)]
    #[case("NaN", DecimalError::NotANumber)]
    #[case("1,5", DecimalError::NotANumber)]
    #[case("12abc", DecimalError::NotANumber)]
    #[case("abc", DecimalError::NotANumber)]
    #[case("<", DecimalError::NotANumber)]
    #[case(">", DecimalError::NotANumber)]
    #[case("< ", DecimalError::NotANumber)]
    #[case("<<5", DecimalError::NotANumber)]
    #[case("<=5", DecimalError::NotANumber)]
    #[case(">=5", DecimalError::NotANumber)]
    #[case("<>5", DecimalError::NotANumber)]
    #[case("5<", DecimalError::NotANumber)]
    #[case("\u{2264}5", DecimalError::NotANumber)]
    #[case("+5", DecimalError::NotANumber)]
    #[case("--", DecimalError::NotANumber)]
    #[case("- 5", DecimalError::NotANumber)]
    #[case("NA5", DecimalError::NotANumber)]
    #[case("N/A/", DecimalError::NotANumber)]
    #[case("n.a.", DecimalError::NotANumber)]
    #[case("1 000", DecimalError::NotANumber)]
    #[case("-1", DecimalError::Negative)]
    #[case("-0.5", DecimalError::Negative)]
    #[case("<-5", DecimalError::Negative)]
    #[case("> -5", DecimalError::Negative)]
    #[case("1.23456789", DecimalError::TooManyDigits)]
    #[case("<1.23456789", DecimalError::TooManyDigits)]
    #[case("99999999", DecimalError::TooLarge)]
    fn refuses(#[case] text: &str, #[case] error: DecimalError) {
        assert_eq!(parse_cell(text), Err(error), "{text:?}");
    }
}
