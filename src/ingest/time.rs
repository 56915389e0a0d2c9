//! Collection times in the formats DESIGN.md lists.
//!
//! Read byte by byte: it runs once per row on files of millions of rows, and
//! the accepted shapes are few and fixed.

use crate::model::{CivilTime, Timestamp};

mod quick;

/// Why a time was not understood.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct TimeError(pub String);

/// What every shape error says was expected.
const EXPECTED: &str = "expected YYYY-MM-DD, or YYYY-MM-DDTHH:MM[:SS[.fff]] with an optional Z, ±HH:MM, ±HHMM or ±HH after the time";

/// Most digits of a fraction of a second read (nanoseconds); a longer
/// fraction is no time any system writes.
const MAX_FRACTION_DIGITS: usize = 9;

/// Length of `YYYY-MM-DD`.
const DATE_LEN: usize = 10;

/// Parses `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM[:SS[.fff]]` (or a space for `T`),
/// with an optional `Z`, `±HH:MM`, `±HHMM` or `±HH` offset.
///
/// Surrounding whitespace is ignored. `T` and `Z` may be lowercase, as RFC
/// 3339 allows; `-00:00` is UTC. A fraction of a second (1 to 9 digits after
/// `.` or `,`) is accepted and dropped: draws are told apart by the second.
/// A date alone takes no offset. Anything else is refused with what was
/// expected: other separators or orders (`2024/01/05`, `05-01-2024`),
/// missing zero padding (`2024-1-5`), hours without minutes, a fraction of
/// a minute, trailing text; so are dates, times of day and offsets that do
/// not exist (`2023-02-29`, `24:00`, `+24:00`).
pub fn parse_time(text: &str) -> Result<Timestamp, TimeError> {
    let text = crate::safe_text::trim(text);
    match quick::quick_time(text.as_bytes()) {
        Some(time) => Ok(time),
        None => parse_in_full(text),
    }
}

/// [`parse_time`] of a trimmed text, every shape read and every refusal
/// explained.
fn parse_in_full(text: &str) -> Result<Timestamp, TimeError> {
    let fields = read_fields(text.as_bytes()).map_err(|shape| shape_error(text, shape))?;
    let Some(time) = fields.time else {
        return Timestamp::from_date(fields.year, fields.month, fields.day)
            .ok_or_else(|| invalid_date(text));
    };
    let civil = CivilTime {
        year: fields.year,
        month: fields.month,
        day: fields.day,
        hour: time.hour,
        minute: time.minute,
        second: time.second,
    };
    let offset_minutes = match fields.offset {
        None => Some(None),
        Some(offset) => offset.minutes().map(Some),
    };
    offset_minutes
        .and_then(|offset| Timestamp::from_civil(civil, offset))
        .ok_or_else(|| diagnose(text, civil))
}

/// A time of day as written, not yet checked.
#[derive(Clone, Copy)]
struct TimeOfDay {
    hour: u8,
    minute: u8,
    second: u8,
}

/// A `Z` (zero) or `±HH:MM` offset as written, not yet checked.
#[derive(Clone, Copy)]
struct Offset {
    negative: bool,
    hours: u8,
    minutes: u8,
}

impl Offset {
    /// Minutes east of UTC, or `None` when no such offset exists.
    fn minutes(self) -> Option<i16> {
        if self.hours > 23 || self.minutes > 59 {
            return None;
        }
        let minutes = i16::from(self.hours) * 60 + i16::from(self.minutes);
        Some(if self.negative { -minutes } else { minutes })
    }
}

/// The numbers of a well-shaped time, not yet checked against the calendar.
struct Fields {
    year: i32,
    month: u8,
    day: u8,
    time: Option<TimeOfDay>,
    offset: Option<Offset>,
}

/// How a text fails to have one of the accepted shapes.
enum Shape {
    Empty,
    FractionOfMinute,
    Other,
}

/// Reads the fields of a trimmed time, checking only its shape.
fn read_fields(bytes: &[u8]) -> Result<Fields, Shape> {
    if bytes.is_empty() {
        return Err(Shape::Empty);
    }
    let year = digits(bytes, 0, 4)?;
    expect(bytes, 4, b'-')?;
    let month = digits(bytes, 5, 2)?;
    expect(bytes, 7, b'-')?;
    let day = digits(bytes, 8, 2)?;
    let mut fields = Fields {
        year: year as i32,
        month: month as u8,
        day: day as u8,
        time: None,
        offset: None,
    };
    if bytes.len() == DATE_LEN {
        return Ok(fields);
    }
    if !matches!(bytes[DATE_LEN], b'T' | b't' | b' ') {
        return Err(Shape::Other);
    }
    let hour = digits(bytes, 11, 2)?;
    expect(bytes, 13, b':')?;
    let minute = digits(bytes, 14, 2)?;
    let (second, rest) = if bytes.get(16) == Some(&b':') {
        (digits(bytes, 17, 2)?, skip_fraction(&bytes[19..])?)
    } else {
        (0, &bytes[16..])
    };
    fields.time = Some(TimeOfDay {
        hour: hour as u8,
        minute: minute as u8,
        second: second as u8,
    });
    fields.offset = match rest {
        [] => None,
        [b'Z' | b'z'] => Some(Offset {
            negative: false,
            hours: 0,
            minutes: 0,
        }),
        [sign @ (b'+' | b'-'), _, _, b':', _, _] => Some(Offset {
            negative: *sign == b'-',
            hours: digits(rest, 1, 2)? as u8,
            minutes: digits(rest, 4, 2)? as u8,
        }),
        // ISO 8601's basic offsets, as HL7 and some lab systems write them.
        [sign @ (b'+' | b'-'), _, _, _, _] => Some(Offset {
            negative: *sign == b'-',
            hours: digits(rest, 1, 2)? as u8,
            minutes: digits(rest, 3, 2)? as u8,
        }),
        [sign @ (b'+' | b'-'), _, _] => Some(Offset {
            negative: *sign == b'-',
            hours: digits(rest, 1, 2)? as u8,
            minutes: 0,
        }),
        [b'.' | b',', ..] if bytes.get(16) != Some(&b':') => {
            return Err(Shape::FractionOfMinute);
        }
        _ => return Err(Shape::Other),
    };
    Ok(fields)
}

/// What follows the seconds once a fraction of a second (`.` or `,` and 1
/// to 9 digits) is skipped.
fn skip_fraction(rest: &[u8]) -> Result<&[u8], Shape> {
    let [b'.' | b',', fraction @ ..] = rest else {
        return Ok(rest);
    };
    let len = fraction.iter().take_while(|b| b.is_ascii_digit()).count();
    if len == 0 || len > MAX_FRACTION_DIGITS {
        return Err(Shape::Other);
    }
    Ok(&fraction[len..])
}

/// The `len` ASCII digits at `at` as a number.
fn digits(bytes: &[u8], at: usize, len: usize) -> Result<u32, Shape> {
    let field = bytes.get(at..at + len).ok_or(Shape::Other)?;
    field.iter().try_fold(0u32, |value, &byte| {
        if byte.is_ascii_digit() {
            Ok(value * 10 + u32::from(byte - b'0'))
        } else {
            Err(Shape::Other)
        }
    })
}

/// Checks that the byte at `at` is `expected`.
fn expect(bytes: &[u8], at: usize, expected: u8) -> Result<(), Shape> {
    match bytes.get(at) {
        Some(&byte) if byte == expected => Ok(()),
        _ => Err(Shape::Other),
    }
}

/// The refusal of a text that has none of the accepted shapes.
fn shape_error(text: &str, shape: Shape) -> TimeError {
    // Quoted as written, its control characters escaped: `{:?}` would
    // double a backslash (`\N`) the file does not hold.
    let shown = crate::safe_text::shown_id(text);
    TimeError(match shape {
        Shape::Empty => format!("no time given: {EXPECTED}"),
        Shape::FractionOfMinute => {
            format!("\"{shown}\" has a fraction of a minute (no seconds): {EXPECTED}")
        }
        Shape::Other => format!("\"{shown}\" is not a time: {EXPECTED}"),
    })
}

/// The refusal of a date that does not exist.
fn invalid_date(text: &str) -> TimeError {
    let shown = crate::safe_text::shown_id(text);
    TimeError(format!("\"{shown}\" is not a valid date"))
}

/// Which part of a well-shaped date and time does not exist: the date, the
/// time of day, or else the offset.
fn diagnose(text: &str, civil: CivilTime) -> TimeError {
    let shown = crate::safe_text::shown_id(text);
    if Timestamp::from_date(civil.year, civil.month, civil.day).is_none() {
        invalid_date(text)
    } else if civil.hour > 23 || civil.minute > 59 || civil.second > 59 {
        TimeError(format!(
            "\"{shown}\" is not a valid time of day (00:00:00 to 23:59:59)"
        ))
    } else {
        TimeError(format!(
            "\"{shown}\" has an impossible offset (-23:59 to +23:59)"
        ))
    }
}

/// Why a birth date cannot be read, in words: a year or a month alone
/// (`2010-05`) "gives no day", which the limits by age need; any other
/// text as the time parser says.
pub fn birth_date_problem(text: &str, error: &TimeError) -> String {
    let digits = |part: &str, n: usize| part.len() == n && part.bytes().all(|b| b.is_ascii_digit());
    let mut parts = text.trim().split('-');
    let partial = match (parts.next(), parts.next(), parts.next()) {
        (Some(year), None, None) => digits(year, 4),
        (Some(year), Some(month), None) => digits(year, 4) && digits(month, 2),
        _ => false,
    };
    if partial {
        let shown = crate::safe_text::shown_id(text);
        format!("birth date \"{shown}\" gives no day: the limits by age need the whole date")
    } else {
        format!("birth date {error}")
    }
}

#[cfg(test)]
mod tests;
