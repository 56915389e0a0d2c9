//! One analyte's result in one draw: missing, exact, or censored (`<x`, `>x`).

use std::fmt;

use super::analyte::{ANALYTE_COUNT, Analyte};
use super::decimal::{Decimal, MAX_TEXT_LEN};

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
        Some(match self.significant_digits() {
            Some(digits) => reading.amount.to_string_significant(digits),
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

/// The bytes of a cell of 1 to 8, the first in the lowest byte: two
/// overlapping four-byte reads, or three single ones.
#[inline(always)]
fn load_le(cell: &[u8]) -> u64 {
    let len = cell.len();
    let four = |at: usize| {
        let mut bytes = [0u8; 4];
        bytes.copy_from_slice(&cell[at..at + 4]);
        u64::from(u32::from_le_bytes(bytes))
    };
    if len >= 4 {
        four(0) | four(len - 4) << (8 * (len - 4))
    } else {
        u64::from(cell[0])
            | u64::from(cell[len / 2]) << (8 * (len / 2))
            | u64::from(cell[len - 1]) << (8 * (len - 1))
    }
}

/// The number eight digit values (0-9, the first in the lowest byte)
/// make, by three multiplications (as `fast_float` reads eight digits).
#[inline(always)]
fn eight_digits(digits: u64) -> u32 {
    // Each byte 10 x its digit + the next's: the pairs, in every other byte.
    let pairs = (digits.wrapping_mul(10) + (digits >> 8)) & 0x00FF_00FF_00FF_00FF;
    // Each pair x 100 + the next: the fours, in every other 16 bits.
    let fours = (pairs.wrapping_mul(1 + (100 << 16)) >> 16) & 0x0000_FFFF_0000_FFFF;
    (fours.wrapping_mul(1 + (10_000 << 32)) >> 32) as u32
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

    /// The code of a cell of digits with at most one point, as
    /// [`crate::model::parse_plain`] then [`Value::with_written_decimals`]
    /// and [`Value::to_code`] give it, read in one pass; `None` for any
    /// other cell, and for one whose value has no code or over 8 bytes
    /// (which the longer way then reads). The digits written are the code's
    /// mantissa and the places written its scale, trailing zeros and all, so
    /// no zero is stripped and put back.
    #[inline(always)]
    pub(crate) fn written_code(cell: &[u8]) -> Option<u16> {
        const ONES: u64 = 0x0101_0101_0101_0101;
        const HIGH: u64 = 0x8080_8080_8080_8080;
        const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
        let len = cell.len();
        if len == 0 || len > 8 {
            return None;
        }
        // The cell's bytes in one word, the first in the lowest byte, read
        // eight at a time: a loop over them, with a branch or a select per
        // byte, was a tenth of a wide file's load.
        let word = load_le(cell);
        let in_cell = if len == 8 {
            u64::MAX
        } else {
            (1u64 << (8 * len)) - 1
        };
        // The point's byte, exactly (no carry crosses a byte here).
        let x = word ^ (ONES * u64::from(b'.'));
        let points = !(((x & LOW7) + LOW7) | x) & HIGH & in_cell;
        if points.count_ones() > 1 {
            return None;
        }
        let (digits, places, word) = if points == 0 {
            (len, 0, word)
        } else {
            let at = (points.trailing_zeros() / 8) as usize;
            let below = word & ((1u64 << (8 * at)) - 1);
            let above = (word >> (8 * at)) >> 8;
            (len - 1, len - at - 1, below | above << (8 * at))
        };
        if digits == 0 || places > 3 {
            return None;
        }
        // Right-aligned behind '0's: eight digits, the first the highest.
        let pad = 8 * (8 - digits) as u32;
        let zeros = (ONES * u64::from(b'0')).checked_shr(64 - pad).unwrap_or(0);
        let eight = word.checked_shl(pad).unwrap_or(0) | zeros;
        let all_digits =
            (eight.wrapping_add(ONES * 0x46) | eight.wrapping_sub(ONES * u64::from(b'0'))) & HIGH
                == 0;
        if !all_digits {
            return None;
        }
        let mantissa = eight_digits(eight.wrapping_sub(ONES * u64::from(b'0')));
        if mantissa >= 1 << CODE_MANTISSA_BITS {
            return None;
        }
        let code = ((places as u32) << CODE_MANTISSA_BITS | mantissa) as u16;
        (code < CODE_ESCAPED).then_some(code)
    }

    /// The amount of a code (not [`CODE_MISSING`] or [`CODE_ESCAPED`]) is
    /// over 100.
    pub(crate) const fn code_over_hundred(code: u16) -> bool {
        let mantissa = code as u32 & ((1 << CODE_MANTISSA_BITS) - 1);
        let places = code as u32 >> CODE_MANTISSA_BITS;
        mantissa > 100 * 10u32.pow(places)
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The code of a cell the long way: parsed, its written places put
    /// back, then coded.
    fn code_the_long_way(cell: &[u8]) -> Option<u16> {
        let amount = crate::model::parse_plain(cell)?;
        let places = cell
            .iter()
            .position(|&byte| byte == b'.')
            .map_or(0, |point| cell.len() - point - 1);
        Value::exact(amount)
            .with_written_decimals(places as u8)
            .to_code()
    }

    /// [`Value::written_code`] byte by byte, as it was first written.
    fn code_byte_by_byte(cell: &[u8]) -> Option<u16> {
        if cell.len() > 8 {
            return None;
        }
        let (mut mantissa, mut places, mut points, mut digits) = (0u32, 0u32, 0u32, 0u32);
        for &byte in cell {
            match byte {
                b'0'..=b'9' => {
                    mantissa = mantissa * 10 + u32::from(byte - b'0');
                    places += u32::from(points > 0);
                    digits += 1;
                }
                b'.' => points += 1,
                _ => return None,
            }
        }
        if points > 1 || digits == 0 || places > 3 || mantissa >= 1 << CODE_MANTISSA_BITS {
            return None;
        }
        let code = (places << CODE_MANTISSA_BITS | mantissa) as u16;
        (code < CODE_ESCAPED).then_some(code)
    }

    proptest! {
        #[test]
        fn a_written_code_is_read_as_byte_by_byte(
            cell in proptest::collection::vec(
                prop_oneof![4 => proptest::char::range('0', '9').prop_map(|c| c as u8), 1 => Just(b'.'), 1 => any::<u8>()],
                0..10,
            )
        ) {
            prop_assert_eq!(Value::written_code(&cell), code_byte_by_byte(&cell), "{:?}", cell);
        }

        #[test]
        fn a_written_code_is_the_code_the_long_way_gives(cell in "[0-9.]{0,9}|[0-9]{0,5}[.]?[0-9]{0,4}|[0-9 x<.-]{1,6}") {
            let long_way = code_the_long_way(cell.as_bytes());
            match Value::written_code(cell.as_bytes()) {
                Some(code) => prop_assert_eq!(Some(code), long_way),
                // Only a long cell, or one without a code, is left.
                None => prop_assert!(cell.len() > 8 || long_way.is_none()),
            }
        }
    }

    #[test]
    fn written_codes_keep_the_places_written() {
        for (cell, mantissa, places) in [
            ("8", 8, 0),
            ("8.0", 80, 1),
            ("1.700", 1700, 3),
            (".25", 25, 2),
            ("0.0", 0, 1),
            ("4095", 4095, 0),
        ] {
            let code = Value::written_code(cell.as_bytes()).unwrap();
            assert_eq!(
                code,
                (places << CODE_MANTISSA_BITS | mantissa) as u16,
                "{cell}"
            );
        }
        for cell in [
            "",
            ".",
            "1.2.3",
            "4096",
            "1.2345",
            "4.095",
            "-1",
            " 1",
            "123456789",
        ] {
            assert_eq!(Value::written_code(cell.as_bytes()), None, "{cell}");
        }
        assert!(Value::code_over_hundred(
            Value::written_code(b"100.1").unwrap()
        ));
        assert!(!Value::code_over_hundred(
            Value::written_code(b"100.0").unwrap()
        ));
        assert!(Value::code_over_hundred(
            Value::written_code(b"101").unwrap()
        ));
        assert!(!Value::code_over_hundred(
            Value::written_code(b"99.9").unwrap()
        ));
    }

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
    fn codes_round_trip_and_refuse_what_does_not_fit() {
        for text in [
            "0", "250", "13.5", "4.52", "0.05", "4.093", "409.5", "0.001", "4095",
        ] {
            let value = Value::exact(d(text));
            let code = value.to_code().unwrap();
            assert_eq!(Value::from_code(code), Some(value), "{text}");
        }
        assert_eq!(Value::MISSING.to_code(), Some(CODE_MISSING));
        assert_eq!(Value::from_code(CODE_MISSING), Some(Value::MISSING));
        assert_eq!(Value::from_code(CODE_ESCAPED), None);
        for text in [
            "4096", "4.094", "4.095", "0.0001", "150000", "8.94105", "16.381",
        ] {
            assert_eq!(Value::exact(d(text)).to_code(), None, "{text}");
        }
        let censored = Value::new(Reading {
            amount: d("10"),
            censor: Censor::Below,
            derived: false,
        });
        assert_eq!(censored.to_code(), None);
        let derived = Value::new(Reading {
            amount: d("1.5"),
            censor: Censor::Exact,
            derived: true,
        });
        assert_eq!(derived.to_code(), None);
    }

    #[test]
    fn a_rounded_value_keeps_the_digits_that_show_its_side_of_a_bound() {
        let shown = |amount: &str, digits: u8, bound: &str| {
            Value::exact(d(amount))
                .with_significant_digits(digits)
                .shown_against(d(bound))
                .shown_amount()
                .unwrap()
        };
        // Rounded onto the bound, or across it: more digits.
        assert_eq!(shown("9.99068", 2, "10"), "9.99");
        assert_eq!(shown("11.988816", 3, "12"), "11.99");
        assert_eq!(shown("10.008", 2, "10.005"), "10.01");
        // On its side already: as rounded.
        assert_eq!(shown("9.99068", 2, "12"), "10");
        assert_eq!(shown("12.56892", 2, "12"), "13");
        // Exactly on the bound: every digit, which is the bound.
        assert_eq!(shown("10", 2, "10"), "10");
        // A value as the lab wrote it is shown as written.
        let written = Value::exact(d("9.9")).shown_against(d("10"));
        assert_eq!(written.shown_amount().unwrap(), "9.9");
    }

    #[test]
    fn written_decimals_change_the_digits_shown_never_the_amount() {
        let nine = Value::exact(d("9")).with_written_decimals(1);
        assert_eq!(nine.reading().unwrap().amount, d("9"));
        assert_eq!(nine.exact_parts(), Some((9, 0)));
        assert_eq!(nine.shown_decimals(), 1);
        let below = Value::new(Reading {
            amount: d("0.1"),
            censor: Censor::Below,
            derived: false,
        })
        .with_written_decimals(2);
        assert_eq!(below.reading().unwrap().censor, Censor::Below);
        assert_eq!(below.reading().unwrap().amount, d("0.1"));
        assert_eq!(below.shown_decimals(), 2);
        // Fewer places than the value has, too many, or no room: unchanged.
        assert_eq!(
            Value::exact(d("2.45"))
                .with_written_decimals(1)
                .shown_decimals(),
            2
        );
        assert_eq!(
            Value::exact(d("67108863"))
                .with_written_decimals(1)
                .shown_decimals(),
            0
        );
        assert_eq!(Value::MISSING.with_written_decimals(2), Value::MISSING);
        // A code holds the widened value and gives it back.
        let code = nine.to_code().unwrap();
        assert_eq!(Value::from_code(code), Some(nine));
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

    #[test]
    fn values_apart_are_shown_apart() {
        // 8.04 mmol/L of hemoglobin: 12.955656 g/dL, shown to 3 digits.
        let converted = Value::exact(d("12.955656")).with_significant_digits(3);
        let written = Value::exact(d("13")).with_written_decimals(1);
        assert_eq!(converted.shown_text().as_deref(), Some("13.0"));
        assert_eq!(written.shown_apart(converted), ["13.0", "12.955656"]);
        let other = Value::exact(d("20.915972")).with_significant_digits(4);
        assert_eq!(written.shown_apart(other), ["13.0", "20.92"]);
        assert_eq!(Value::MISSING.shown_apart(other), ["not measured", "20.92"]);
    }
}
