//! When a blood sample was collected, and how the input wrote it.
//!
//! The calendar arithmetic is written out here (days from a civil date and
//! back) rather than delegated to a date-time crate because it runs once per
//! row on files of millions of rows; tests check it against `jiff`.

use std::fmt;
use std::num::NonZeroI64;

const SECONDS_PER_DAY: i64 = 86_400;

/// How the input wrote a time, so that it is written back the same way.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TimeForm {
    /// `YYYY-MM-DD`: midnight of that date.
    Date,
    /// `YYYY-MM-DDTHH:MM[:SS]` without an offset: taken as written (as if UTC).
    Local,
    /// With `Z` or `+HH:MM`: an instant, written back as RFC 3339 in this offset.
    Offset {
        /// Minutes east of UTC.
        minutes: i16,
    },
}

/// A collection time: an instant for ordering, plus the form it was written in.
///
/// Packed into 8 bytes (a dataset holds one per draw, millions of them):
/// the instant in the high 52 bits, the form's code in the low 12. The code
/// is never 0, so `Option<Timestamp>` is 8 bytes too.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Timestamp(NonZeroI64);

/// Bits of the form's code; the instant (seconds since
/// 1970-01-01T00:00:00Z, a time without offset counted as UTC) is above.
const FORM_BITS: u32 = 12;
const FORM_MASK: i64 = (1 << FORM_BITS) - 1;
const CODE_DATE: i64 = 1;
const CODE_LOCAL: i64 = 2;
/// `CODE_OFFSET_ZERO + minutes` codes an offset (-1439 to 1439 minutes).
const CODE_OFFSET_ZERO: i64 = 3 + 1439;

/// A civil date and time of day, as written in the input (before any offset).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CivilTime {
    /// Year, 1 to 9999.
    pub year: i32,
    /// Month, 1 to 12.
    pub month: u8,
    /// Day of the month, 1 to 31.
    pub day: u8,
    /// Hour, 0 to 23.
    pub hour: u8,
    /// Minute, 0 to 59.
    pub minute: u8,
    /// Second, 0 to 59.
    pub second: u8,
}

impl Timestamp {
    /// Midnight of 1970-01-01, a date: a placeholder before a time is read.
    pub const UNIX_EPOCH: Timestamp = match NonZeroI64::new(CODE_DATE) {
        Some(packed) => Timestamp(packed),
        None => panic!("the date code is not zero"),
    };

    /// Midnight of a date, or `None` when the date does not exist.
    pub fn from_date(year: i32, month: u8, day: u8) -> Option<Timestamp> {
        let days = checked_days_from_civil(year, month, day)?;
        Timestamp::pack(days * SECONDS_PER_DAY, TimeForm::Date)
    }

    /// A time of day, with an offset in minutes east of UTC when one was
    /// written; `None` when the date, time or offset does not exist.
    pub fn from_civil(civil: CivilTime, offset_minutes: Option<i16>) -> Option<Timestamp> {
        let days = checked_days_from_civil(civil.year, civil.month, civil.day)?;
        if civil.hour > 23 || civil.minute > 59 || civil.second > 59 {
            return None;
        }
        let seconds_of_day =
            i64::from(civil.hour) * 3600 + i64::from(civil.minute) * 60 + i64::from(civil.second);
        let local = days * SECONDS_PER_DAY + seconds_of_day;
        let (instant, form) = match offset_minutes {
            None => (local, TimeForm::Local),
            Some(minutes) if minutes.abs() < 24 * 60 => (
                local - i64::from(minutes) * 60,
                TimeForm::Offset { minutes },
            ),
            Some(_) => return None,
        };
        Timestamp::pack(instant, form)
    }

    /// Packs a valid instant (years 1 to 9999, give or take a day, need 39
    /// bits) and form.
    fn pack(instant: i64, form: TimeForm) -> Option<Timestamp> {
        let code = match form {
            TimeForm::Date => CODE_DATE,
            TimeForm::Local => CODE_LOCAL,
            TimeForm::Offset { minutes } => CODE_OFFSET_ZERO + i64::from(minutes),
        };
        let packed = instant.checked_mul(1 << FORM_BITS)? | code;
        NonZeroI64::new(packed).map(Timestamp)
    }

    /// Seconds since the Unix epoch, for ordering and spacing on a time axis.
    pub const fn instant(self) -> i64 {
        self.0.get() >> FORM_BITS
    }

    /// How the input wrote this time.
    pub const fn form(self) -> TimeForm {
        match self.0.get() & FORM_MASK {
            CODE_DATE => TimeForm::Date,
            CODE_LOCAL => TimeForm::Local,
            code => TimeForm::Offset {
                minutes: (code - CODE_OFFSET_ZERO) as i16,
            },
        }
    }

    /// Days since the Unix epoch (fractional), for chart axes.
    pub fn days(self) -> f64 {
        self.instant() as f64 / SECONDS_PER_DAY as f64
    }

    /// The date and time of day as written (in its own offset, if any).
    pub fn civil(self) -> CivilTime {
        civil_from_seconds(self.written_seconds())
    }

    /// True when both are written on the same date, whatever their times
    /// or offsets: birth dates agree so, as an age is counted from the
    /// date written.
    pub fn same_written_date(self, other: Timestamp) -> bool {
        // A written date is a day since the epoch, one for one: compared
        // so, without the calendar (a row's birth date against its
        // patient's first one, a million times in a large load).
        let day = |time: Timestamp| time.written_seconds().div_euclid(SECONDS_PER_DAY);
        day(self) == day(other)
    }

    /// `YYYY-MM-DD`, the date as written.
    pub fn date_text(self) -> String {
        let c = self.civil();
        format!("{:04}-{:02}-{:02}", c.year, c.month, c.day)
    }

    /// `YYYY-MM-DD HH:MM` as the screen and the report write a time, or
    /// the date alone when the input gave only a date.
    pub fn date_time_text(self) -> String {
        match self.form() {
            TimeForm::Date => self.date_text(),
            TimeForm::Local | TimeForm::Offset { .. } => {
                let c = self.civil();
                format!("{} {:02}:{:02}", self.date_text(), c.hour, c.minute)
            }
        }
    }

    /// [`Timestamp::date_time_text`] with the offset the input gave, if
    /// any (`2024-06-05 10:00 +02:00`, `2024-06-05 08:00 UTC`): every time
    /// is shown in the offset it was recorded in (DESIGN.md, "One clock").
    pub fn date_time_zone_text(self) -> String {
        self.with_zone(self.date_time_text())
    }

    /// `text` with the offset this time was written with, if any.
    pub fn with_zone(self, text: String) -> String {
        match self.form() {
            TimeForm::Offset { minutes: 0 } => format!("{text} UTC"),
            TimeForm::Offset { minutes } => {
                let sign = if minutes < 0 { '-' } else { '+' };
                let minutes = minutes.unsigned_abs();
                format!("{text} {sign}{:02}:{:02}", minutes / 60, minutes % 60)
            }
            TimeForm::Date | TimeForm::Local => text,
        }
    }

    /// The date as written, as days since 1970-01-01: two times' day
    /// numbers differ by the calendar days between the dates they show
    /// (`2024-04-05T18:00-05:00` to `2024-04-12T08:00+09:00` is 7).
    pub fn day_number(self) -> i64 {
        self.written_seconds().div_euclid(SECONDS_PER_DAY)
    }

    /// The day number (as [`Timestamp::day_number`]) of a date of years
    /// 1-9999, with its day brought back to the month's last when the
    /// month is shorter (31 April is 30 April); `None` for a year or month
    /// beyond the calendar.
    pub fn day_number_clamped(year: i32, month: u8, day: u8) -> Option<i64> {
        if !(1..=12).contains(&month) || day == 0 {
            return None;
        }
        checked_days_from_civil(year, month, day.min(days_in_month(year, month)))
    }

    /// Of two ways files wrote one instant, the one a merged draw shows,
    /// whichever file was read first (its date sets the age at the draw):
    /// a local offset before UTC, whose `Z` is how exports write any
    /// instant (Synthea's CSV writes `Z` where its FHIR writes `-08:00`);
    /// between two local offsets the western one; UTC before a time
    /// without offset, and any time of day before a date alone.
    pub fn shown_of(self, other: Timestamp) -> Timestamp {
        let rank = |time: Timestamp| match time.form() {
            TimeForm::Offset { minutes } if minutes != 0 => (0, minutes),
            TimeForm::Offset { .. } => (1, 0),
            TimeForm::Local => (2, 0),
            TimeForm::Date => (3, 0),
        };
        if rank(other) < rank(self) {
            other
        } else {
            self
        }
    }

    /// Seconds since the epoch of the date and time as written.
    fn written_seconds(self) -> i64 {
        let offset = match self.form() {
            TimeForm::Offset { minutes } => i64::from(minutes) * 60,
            TimeForm::Date | TimeForm::Local => 0,
        };
        self.instant() + offset
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Timestamp")
            .field("instant", &self.instant())
            .field("form", &self.form())
            .finish()
    }
}

impl CivilTime {
    /// The civil time `seconds` after the Unix epoch.
    pub fn from_unix_seconds(seconds: i64) -> CivilTime {
        civil_from_seconds(seconds)
    }
}

fn civil_from_seconds(seconds: i64) -> CivilTime {
    let days = seconds.div_euclid(SECONDS_PER_DAY);
    let of_day = seconds.rem_euclid(SECONDS_PER_DAY);
    let (year, month, day) = civil_from_days(days);
    CivilTime {
        year,
        month,
        day,
        hour: (of_day / 3600) as u8,
        minute: (of_day % 3600 / 60) as u8,
        second: (of_day % 60) as u8,
    }
}

impl fmt::Display for Timestamp {
    /// `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM:SS`, or RFC 3339 with its offset.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut text = [0u8; MAX_TEXT_LEN];
        let len = self.write_text(&mut text);
        // Only ASCII digits and separators were written.
        f.pad(std::str::from_utf8(&text[..len]).unwrap_or_default())
    }
}

/// The longest text a timestamp is written as: `9999-12-31T23:59:59+23:59`.
pub(crate) const MAX_TEXT_LEN: usize = 25;

impl Timestamp {
    /// Writes the text of [`fmt::Display`] into `out` without allocating
    /// (summaries write millions); returns its length.
    pub(crate) fn write_text(self, out: &mut [u8; MAX_TEXT_LEN]) -> usize {
        fn digits(out: &mut [u8], value: u32) {
            let mut value = value;
            for slot in out.iter_mut().rev() {
                *slot = b'0' + (value % 10) as u8;
                value /= 10;
            }
        }
        let c = self.civil();
        digits(&mut out[0..4], c.year.unsigned_abs());
        out[4] = b'-';
        digits(&mut out[5..7], u32::from(c.month));
        out[7] = b'-';
        digits(&mut out[8..10], u32::from(c.day));
        let form = self.form();
        if form == TimeForm::Date {
            return 10;
        }
        out[10] = b'T';
        digits(&mut out[11..13], u32::from(c.hour));
        out[13] = b':';
        digits(&mut out[14..16], u32::from(c.minute));
        out[16] = b':';
        digits(&mut out[17..19], u32::from(c.second));
        match form {
            TimeForm::Date | TimeForm::Local => 19,
            TimeForm::Offset { minutes: 0 } => {
                out[19] = b'Z';
                20
            }
            TimeForm::Offset { minutes } => {
                out[19] = if minutes < 0 { b'-' } else { b'+' };
                let minutes = u32::from(minutes.unsigned_abs());
                digits(&mut out[20..22], minutes / 60);
                out[22] = b':';
                digits(&mut out[23..25], minutes % 60);
                25
            }
        }
    }
}

impl serde::Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Days in a month of the proleptic Gregorian calendar.
const fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        _ => 31,
    }
}

/// The first year of [`MONTH_STARTS`].
const TABLE_FIRST_YEAR: i32 = 1900;
/// Years in [`MONTH_STARTS`]: 1900 to 2155, the years of births and draws
/// (MIMIC-IV's shifted dates run to about 2210, and take the long way).
const TABLE_YEARS: usize = 256;

/// For each year of the table, the day number (since 1970-01-01) of the
/// first of each month, then of the next year's first day: a date there is
/// a lookup and an addition, its month's length a subtraction. A load of a
/// million rows reads two million dates; the calendar arithmetic (four
/// divisions, and three more for a leap year) was most of a date's time.
const MONTH_STARTS: [[i32; 13]; TABLE_YEARS] = {
    let mut table = [[0i32; 13]; TABLE_YEARS];
    let mut row = 0;
    while row < TABLE_YEARS {
        let year = TABLE_FIRST_YEAR + row as i32;
        let mut month = 0;
        while month < 12 {
            table[row][month] = days_from_civil(year, month as u8 + 1, 1) as i32;
            month += 1;
        }
        table[row][12] = days_from_civil(year + 1, 1, 1) as i32;
        row += 1;
    }
    table
};

/// Days since 1970-01-01 of a valid date of years 1-9999, else `None`.
fn checked_days_from_civil(year: i32, month: u8, day: u8) -> Option<i64> {
    if let Some(starts) = usize::try_from(year - TABLE_FIRST_YEAR)
        .ok()
        .and_then(|row| MONTH_STARTS.get(row))
        && (1..=12).contains(&month)
    {
        let (first, next) = (starts[usize::from(month) - 1], starts[usize::from(month)]);
        let day = i32::from(day);
        return (day >= 1 && day <= next - first).then(|| i64::from(first + day - 1));
    }
    checked_days_by_arithmetic(year, month, day)
}

/// [`checked_days_from_civil`] by the calendar's arithmetic, for any year.
fn checked_days_by_arithmetic(year: i32, month: u8, day: u8) -> Option<i64> {
    let valid = (1..=9999).contains(&year)
        && (1..=12).contains(&month)
        && day >= 1
        && day <= days_in_month(year, month);
    valid.then(|| days_from_civil(year, month, day))
}

/// Days since 1970-01-01 (H. Hinnant's algorithm, in 400-year eras).
const fn days_from_civil(year: i32, month: u8, day: u8) -> i64 {
    let year = year as i64 - (month <= 2) as i64;
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_from_march = (month as i64 + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + day as i64 - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The civil date `days` after 1970-01-01 (inverse of [`days_from_civil`]).
fn civil_from_days(days: i64) -> (i32, u8, u8) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year as i32, month as u8, day as u8)
}

#[cfg(test)]
mod tests;
