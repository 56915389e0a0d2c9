//! A plain cell's value code read straight from its bytes: the hot path of
//! a wide file's load (a million rows hold nine million cells).

use super::{CODE_ESCAPED, CODE_MANTISSA_BITS, Value};

impl Value {
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

    /// A code's amount in thousandths (a code holds at most three places),
    /// which orders codes as their amounts; `None` for
    /// [`super::CODE_MISSING`] and [`CODE_ESCAPED`].
    pub(crate) const fn code_thousandths(code: u16) -> Option<u32> {
        if code >= CODE_ESCAPED {
            return None;
        }
        let mantissa = code as u32 & ((1 << CODE_MANTISSA_BITS) - 1);
        let places = code as u32 >> CODE_MANTISSA_BITS;
        Some(mantissa * 10u32.pow(3 - places))
    }

    /// The amount of a code (not [`super::CODE_MISSING`] or [`CODE_ESCAPED`]) is
    /// over 100.
    pub(crate) const fn code_over_hundred(code: u16) -> bool {
        let mantissa = code as u32 & ((1 << CODE_MANTISSA_BITS) - 1);
        let places = code as u32 >> CODE_MANTISSA_BITS;
        mantissa > 100 * 10u32.pow(places)
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
