//! The shapes a large export writes (`YYYY-MM-DD`, `YYYY-MM-DDTHH:MM`,
//! `...:SS`, each time with or without `Z`, and with a space for the `T`)
//! read at fixed positions, every digit checked at once: a file of a
//! million rows holds two million times (MIMIC-IV's labevents, 158
//! million). Anything else is left to the full reader, which explains a
//! refusal; both give the same timestamp.

use crate::model::{CivilTime, Timestamp};

/// The number written in ASCII digits, or `None`; branch-free.
#[inline(always)]
fn number<const N: usize>(digits: &[u8; N]) -> Option<u32> {
    let mut value = 0u32;
    let mut all_digits = true;
    for &byte in digits {
        let digit = byte.wrapping_sub(b'0');
        all_digits &= digit < 10;
        value = value * 10 + u32::from(digit);
    }
    all_digits.then_some(value)
}

/// The timestamp of a trimmed text of one of the common shapes; `None` for
/// any other text, valid or not.
#[inline]
pub(super) fn quick_time(bytes: &[u8]) -> Option<Timestamp> {
    let (date, rest) = bytes.split_first_chunk::<10>()?;
    if date[4] != b'-' || date[7] != b'-' {
        return None;
    }
    let year = number::<4>(date[0..4].try_into().ok()?)?;
    let month = number::<2>(&[date[5], date[6]])?;
    let day = number::<2>(&[date[8], date[9]])?;
    let (year, month, day) = (year as i32, month as u8, day as u8);
    let (clock, zone) = match rest {
        [body @ .., b'Z'] => (body, Some(0)),
        _ => (rest, None),
    };
    let (hour, minute, second) = match clock {
        // A date alone takes no `Z`.
        [] if zone.is_none() => return Timestamp::from_date(year, month, day),
        // A space as MIMIC-IV writes it (`2148-08-16 00:00:00`), or a `T`.
        [b'T' | b' ', h1, h2, b':', m1, m2] => ([*h1, *h2], [*m1, *m2], [b'0'; 2]),
        [b'T' | b' ', h1, h2, b':', m1, m2, b':', s1, s2] => ([*h1, *h2], [*m1, *m2], [*s1, *s2]),
        _ => return None,
    };
    let civil = CivilTime {
        year,
        month,
        day,
        hour: number(&hour)? as u8,
        minute: number(&minute)? as u8,
        second: number(&second)? as u8,
    };
    Timestamp::from_civil(civil, zone)
}
