//! An exact decimal small enough to store millions of lab values compactly.
//!
//! Lab values are decimals as written ("0.5", "20000"); comparing them with
//! cut-offs in binary floating point can move a value across a cut-off
//! (0.29 L/L x 100 is 28.999999999999996 in f64). Every value and cut-off is
//! therefore held as `mantissa x 10^-scale` and compared exactly.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

/// Largest mantissa: 26 bits, so that a value packs into 32 bits with its
/// qualifier. Any 7-significant-digit number fits.
const MAX_MANTISSA: u64 = (1 << 26) - 1;
/// Most decimal places kept: 7 (the mmol/L hemoglobin factor adds three).
const MAX_SCALE: u32 = 7;

/// An exact, non-negative decimal number `mantissa x 10^-scale`.
///
/// Always normalized (no trailing zero in the mantissa when `scale > 0`), so
/// derived equality is equality of value: `1.50 == 1.5`.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Decimal {
    mantissa: u32,
    scale: u8,
}

/// Why a text or a product is not a [`Decimal`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DecimalError {
    /// The text is not a plain decimal number.
    #[error("not a number")]
    NotANumber,
    /// The number is below zero; no blood count can be.
    #[error("negative")]
    Negative,
    /// More significant digits or decimal places than can be held exactly.
    #[error("more digits than can be held exactly (7 significant digits, 7 decimal places)")]
    TooManyDigits,
    /// Larger than any blood count can be.
    #[error("too large")]
    TooLarge,
}

/// How a shown amount is rounded to its digits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rounding {
    /// To the nearest, half away from zero: a value.
    Nearest,
    /// Up: the bound of `<x`.
    Up,
    /// Down: the bound of `>x`.
    Down,
}

impl Decimal {
    /// Zero.
    pub const ZERO: Decimal = Decimal {
        mantissa: 0,
        scale: 0,
    };

    /// `mantissa x 10^-scale`, for constants such as cut-offs.
    ///
    /// Panics when the value cannot be held; use it in `const` items, where
    /// that panic is a compile error.
    pub const fn lit(mantissa: u32, scale: u8) -> Decimal {
        match Decimal::from_wide(mantissa as u64, -(scale as i32)) {
            Ok(decimal) => decimal,
            // In a const item this panic is a compile error, never a run-time one.
            #[allow(clippy::panic)]
            Err(_) => panic!("decimal literal out of range"),
        }
    }

    /// Rebuilds a decimal from parts that came out of a normalized one.
    pub(crate) const fn from_normalized_parts(mantissa: u32, scale: u8) -> Decimal {
        Decimal { mantissa, scale }
    }

    /// `mantissa x 10^-scale`, or why it cannot be held.
    pub const fn new(mantissa: u64, scale: u32) -> Result<Decimal, DecimalError> {
        if scale > 64 {
            return Err(DecimalError::TooManyDigits);
        }
        Decimal::from_wide(mantissa, -(scale as i32))
    }

    /// Parses `12`, `0.5`, `.5`, `1.5e2`, surrounded by optional whitespace.
    #[inline]
    pub fn parse(text: &str) -> Result<Decimal, DecimalError> {
        let bytes = crate::safe_text::trim(text).as_bytes();
        if let Some(plain) = parse_plain(bytes) {
            return Ok(plain);
        }
        let (mantissa, exponent) = parse_wide(bytes)?;
        Decimal::from_wide(mantissa, exponent)
    }

    /// The exact product, or why it cannot be held.
    pub const fn checked_mul(self, other: Decimal) -> Result<Decimal, DecimalError> {
        let mantissa = self.mantissa as u64 * other.mantissa as u64;
        Decimal::from_wide(mantissa, -(self.scale as i32) - (other.scale as i32))
    }

    /// The digits without the decimal point.
    pub const fn mantissa(self) -> u32 {
        self.mantissa
    }

    /// How many digits follow the decimal point.
    pub const fn scale(self) -> u8 {
        self.scale
    }

    /// The exact digits with at least `decimals` places, padding with zeros
    /// (never rounding): `8` with 1 place is `8.0`, `8.94105` stays whole.
    pub fn to_string_with_min_decimals(self, decimals: u8) -> String {
        let text = self.to_string();
        let shown = u32::from(self.scale);
        let wanted = u32::from(decimals);
        if shown >= wanted {
            return text;
        }
        let point = if shown == 0 { "." } else { "" };
        format!("{text}{point}{}", "0".repeat((wanted - shown) as usize))
    }

    /// The digits rounded (half away from zero) to `digits` significant
    /// digits, but never past the units digit, padded with zeros where the
    /// digits ask for more places than the value has: 12.56892 to 2 digits
    /// is `13`, 1.31586 to 3 is `1.32`, 1 to 2 is `1.0`, 113.2 to 2 is `113`.
    /// For display only: the amount compared with limits is `self`.
    pub fn to_string_significant(self, digits: u8) -> String {
        self.significant_rounded(digits, Rounding::Nearest)
    }

    /// [`Decimal::to_string_significant`], rounded up (`Up`) or down: the
    /// bound of a censored value rounded outward, so that `<9.99068` shows
    /// `<10.0`, never a `<9.99` that would claim more than is known.
    pub fn to_string_significant_rounded(self, digits: u8, rounding: Rounding) -> String {
        self.significant_rounded(digits, rounding)
    }

    fn significant_rounded(self, digits: u8, rounding: Rounding) -> String {
        let mut length = 1;
        let mut rest = self.mantissa;
        while rest >= 10 {
            rest /= 10;
            length += 1;
        }
        // Places that keep `digits` significant ones: digits - (integer digits).
        let places = (i32::from(digits) - length + i32::from(self.scale)).max(0);
        let scale = i32::from(self.scale);
        if places >= scale {
            return self.to_string_with_min_decimals(places as u8);
        }
        let drop = 10u64.pow((scale - places) as u32);
        let mantissa = u64::from(self.mantissa);
        let mut rounded = match rounding {
            Rounding::Nearest => (mantissa + drop / 2) / drop,
            Rounding::Up => mantissa.div_ceil(drop),
            Rounding::Down => mantissa / drop,
        };
        let mut places = places;
        // 9.96 to 2 digits carries into a new one (10.0): one place fewer.
        if places > 0 && rounded >= 10u64.pow(u32::from(digits)) {
            rounded /= 10;
            places -= 1;
        }
        let whole = 10u64.pow(places as u32);
        let (integer, fraction) = (rounded / whole, rounded % whole);
        if places == 0 {
            integer.to_string()
        } else {
            format!("{integer}.{fraction:0width$}", width = places as usize)
        }
    }

    /// The digits rounded (half away from zero) to `places` decimal places,
    /// padded with zeros where it has fewer: 0.0232 to 1 place is `0.0`,
    /// 1.25 to 1 is `1.3`, 8 to 1 is `8.0`. For display only.
    pub fn to_string_places(self, places: u8) -> String {
        if places >= self.scale {
            return self.to_string_with_min_decimals(places);
        }
        let drop = 10u64.pow(u32::from(self.scale - places));
        let rounded = (u64::from(self.mantissa) + drop / 2) / drop;
        let whole = 10u64.pow(u32::from(places));
        let (integer, fraction) = (rounded / whole, rounded % whole);
        if places == 0 {
            integer.to_string()
        } else {
            format!("{integer}.{fraction:0width$}", width = usize::from(places))
        }
    }

    /// The nearest `f64`, for drawing only: never compare with it.
    pub fn to_f64(self) -> f64 {
        // Both operands are exact in f64 and IEEE division rounds correctly,
        // so this is the nearest double to the decimal.
        self.mantissa as f64 / 10f64.powi(self.scale as i32)
    }

    /// Normalizes `mantissa x 10^exponent` and checks it fits.
    const fn from_wide(mut mantissa: u64, mut exponent: i32) -> Result<Decimal, DecimalError> {
        if mantissa == 0 {
            return Ok(Decimal::ZERO);
        }
        while exponent < 0 && mantissa.is_multiple_of(10) {
            mantissa /= 10;
            exponent += 1;
        }
        while exponent > 0 {
            if mantissa > MAX_MANTISSA {
                return Err(DecimalError::TooLarge);
            }
            mantissa *= 10;
            exponent -= 1;
        }
        if mantissa > MAX_MANTISSA {
            return Err(if exponent == 0 {
                DecimalError::TooLarge
            } else {
                DecimalError::TooManyDigits
            });
        }
        if -exponent > MAX_SCALE as i32 {
            return Err(DecimalError::TooManyDigits);
        }
        Ok(Decimal {
            mantissa: mantissa as u32,
            scale: (-exponent) as u8,
        })
    }

    /// Both mantissas brought to the larger scale, for exact comparison.
    fn aligned(self, other: Decimal) -> (u64, u64) {
        let scale = self.scale.max(other.scale);
        let left = self.mantissa as u64 * power_of_ten(scale - self.scale);
        let right = other.mantissa as u64 * power_of_ten(scale - other.scale);
        (left, right)
    }
}

/// 10^0 to 10^[`MAX_SCALE`]: comparing two values looks one up instead of
/// multiplying in a loop (a summary compares millions).
const POWERS_OF_TEN: [u64; MAX_SCALE as usize + 1] = {
    let mut powers = [1u64; MAX_SCALE as usize + 1];
    let mut index = 1;
    while index < powers.len() {
        powers[index] = powers[index - 1] * 10;
        index += 1;
    }
    powers
};

/// 10^`exponent`, for the difference of two scales (at most [`MAX_SCALE`]).
#[inline]
fn power_of_ten(exponent: u8) -> u64 {
    POWERS_OF_TEN
        .get(usize::from(exponent))
        .copied()
        .unwrap_or_else(|| 10u64.pow(u32::from(exponent)))
}

/// The usual lab value, digits with at most one point and 9 bytes long
/// (`13.5`, `250`, `0.05`), read in one pass; `None` for anything else,
/// which [`parse_wide`] reads (or refuses) in full. Both give the same.
#[inline]
pub(crate) fn parse_plain(bytes: &[u8]) -> Option<Decimal> {
    if bytes.len() > 9 {
        return None;
    }
    let (mut mantissa, mut scale, mut digits, mut point) = (0u32, 0u32, 0, false);
    for &byte in bytes {
        match byte {
            b'0'..=b'9' => {
                mantissa = mantissa * 10 + u32::from(byte - b'0');
                digits += 1;
                scale += u32::from(point);
            }
            b'.' if !point => point = true,
            _ => return None,
        }
    }
    if digits == 0 {
        return None;
    }
    while scale > 0 && mantissa.is_multiple_of(10) {
        mantissa /= 10;
        scale -= 1;
    }
    if u64::from(mantissa) > MAX_MANTISSA || scale > MAX_SCALE {
        return None;
    }
    if mantissa == 0 {
        return Some(Decimal::ZERO);
    }
    Some(Decimal {
        mantissa,
        scale: scale as u8,
    })
}

/// Reads digits into a mantissa and a power-of-ten exponent.
fn parse_wide(bytes: &[u8]) -> Result<(u64, i32), DecimalError> {
    let (negative, bytes) = match bytes.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, bytes),
    };
    let mut mantissa: u64 = 0;
    let mut exponent: i32 = 0;
    let mut digits = 0usize;
    let mut position = 0;
    let mut seen_point = false;
    while position < bytes.len() {
        let byte = bytes[position];
        match byte {
            b'0'..=b'9' => {
                digits += 1;
                let digit = u64::from(byte - b'0');
                if mantissa <= (u64::MAX - 9) / 10 {
                    mantissa = mantissa * 10 + digit;
                    if seen_point {
                        exponent -= 1;
                    }
                } else if digit != 0 {
                    return Err(DecimalError::TooManyDigits);
                } else if !seen_point {
                    // A trailing zero of a huge integer: keep its magnitude.
                    exponent += 1;
                }
            }
            b'.' if !seen_point => seen_point = true,
            b'e' | b'E' => break,
            _ => return Err(DecimalError::NotANumber),
        }
        position += 1;
    }
    if digits == 0 {
        return Err(DecimalError::NotANumber);
    }
    if position < bytes.len() {
        exponent += parse_exponent(&bytes[position + 1..])?;
    }
    if negative && mantissa != 0 {
        return Err(DecimalError::Negative);
    }
    Ok((mantissa, exponent))
}

/// The signed integer after an `e`, within a sane range.
fn parse_exponent(bytes: &[u8]) -> Result<i32, DecimalError> {
    let (sign, digits) = match bytes.split_first() {
        Some((b'-', rest)) => (-1, rest),
        Some((b'+', rest)) => (1, rest),
        _ => (1, bytes),
    };
    if digits.is_empty() || digits.len() > 3 || !digits.iter().all(u8::is_ascii_digit) {
        return Err(DecimalError::NotANumber);
    }
    let value = digits
        .iter()
        .fold(0i32, |acc, d| acc * 10 + i32::from(d - b'0'));
    Ok(sign * value)
}

impl Ord for Decimal {
    fn cmp(&self, other: &Self) -> Ordering {
        let (left, right) = self.aligned(*other);
        left.cmp(&right)
    }
}

impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl FromStr for Decimal {
    type Err = DecimalError;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Decimal::parse(text)
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut text = [0u8; MAX_TEXT_LEN];
        let len = self.write_text(&mut text);
        // Only ASCII digits and a point were written.
        f.pad(std::str::from_utf8(&text[..len]).unwrap_or_default())
    }
}

/// The longest text of a decimal: 8 digits, a point and a leading zero
/// (`0.0000001`, `6.7108863`) fit in 10 bytes.
pub(crate) const MAX_TEXT_LEN: usize = 16;

impl Decimal {
    /// Writes the text of [`fmt::Display`] into `out` without allocating
    /// (summaries write millions); returns its length.
    pub(crate) fn write_text(self, out: &mut [u8; MAX_TEXT_LEN]) -> usize {
        let mut digits = [0u8; 10];
        let mut count = 0;
        let mut rest = self.mantissa;
        loop {
            digits[count] = b'0' + (rest % 10) as u8;
            count += 1;
            rest /= 10;
            if rest == 0 {
                break;
            }
        }
        let scale = usize::from(self.scale);
        let mut len = 0;
        let mut put = |byte: u8| {
            out[len] = byte;
            len += 1;
        };
        if scale >= count {
            // 0.00ddd: a leading zero, the point, then zeros up to the digits.
            put(b'0');
            put(b'.');
            for _ in count..scale {
                put(b'0');
            }
        }
        for position in (0..count).rev() {
            put(digits[position]);
            if position == scale && scale > 0 && scale < count {
                put(b'.');
            }
        }
        len
    }
}

impl fmt::Debug for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl serde::Serialize for Decimal {
    /// A JSON number whose shortest form is exactly the decimal's digits.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.scale == 0 {
            serializer.serialize_u64(u64::from(self.mantissa))
        } else {
            serializer.serialize_f64(self.to_f64())
        }
    }
}

#[cfg(test)]
mod tests;
