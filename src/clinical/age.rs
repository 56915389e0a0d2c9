//! A patient's age at a draw, and the ages that bound the children's
//! reference bands (`clinical.md` §2a).
//!
//! Age is counted on the calendar from the birth date: "1 mo" is the same
//! day of the next month (or that month's last day when it has no such
//! day), "6 y" the 6th birthday. A band `[from, to)` holds the draws on or
//! after the day `from` is reached and before the day `to` is; the draw's
//! date is the one it was recorded with (its own offset), so that the age
//! the screen shows agrees with the date beside it.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::model::Timestamp;

/// The unit of an [`AgeSpan`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AgeUnit {
    /// Days (`d`).
    Day,
    /// Weeks of 7 days (`w`).
    Week,
    /// Calendar months (`mo`).
    Month,
    /// Calendar years (`y`).
    Year,
}

impl AgeUnit {
    /// `"d"`, `"w"`, `"mo"` or `"y"`, as the config file and the screen write it.
    pub const fn symbol(self) -> &'static str {
        match self {
            AgeUnit::Day => "d",
            AgeUnit::Week => "w",
            AgeUnit::Month => "mo",
            AgeUnit::Year => "y",
        }
    }
}

/// An age counted from the birth date: `4 d`, `12 w`, `1 mo`, `18 y`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct AgeSpan {
    /// How many units.
    pub amount: u16,
    /// Which unit.
    pub unit: AgeUnit,
}

impl AgeSpan {
    /// `amount` of `unit`.
    pub const fn new(amount: u16, unit: AgeUnit) -> AgeSpan {
        AgeSpan { amount, unit }
    }

    /// The whole days from a birth date `(year, month, day)` to the day this
    /// age is reached.
    pub fn days_after(self, (year, month, day): (i32, u8, u8)) -> i64 {
        let amount = i64::from(self.amount);
        let months = match self.unit {
            AgeUnit::Day => return amount,
            AgeUnit::Week => return amount * 7,
            AgeUnit::Month => amount,
            AgeUnit::Year => amount * 12,
        };
        let index = i64::from(year) * 12 + i64::from(month) - 1 + months;
        let (Ok(to_year), Ok(to_month)) = (
            i32::try_from(index.div_euclid(12)),
            u8::try_from(index.rem_euclid(12) + 1),
        ) else {
            return i64::MAX;
        };
        // The same day of that month, or its last day (a birthday on
        // 29 February is reached on 28 February in common years).
        match (
            Timestamp::day_number_clamped(to_year, to_month, day),
            Timestamp::day_number_clamped(year, month, day),
        ) {
            (Some(to), Some(from)) => to - from,
            // Beyond the calendar: never reached.
            _ => i64::MAX,
        }
    }
}

impl fmt::Display for AgeSpan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&format!("{} {}", self.amount, self.unit.symbol()))
    }
}

/// Why an age text cannot be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("age {0:?}: expected a whole number and d, w, mo or y, such as \"4 d\" or \"6 y\"")]
pub struct AgeSpanError(pub String);

impl FromStr for AgeSpan {
    type Err = AgeSpanError;

    fn from_str(text: &str) -> Result<AgeSpan, AgeSpanError> {
        let error = || AgeSpanError(text.to_string());
        let trimmed = text.trim();
        let split = trimmed
            .find(|c: char| !c.is_ascii_digit())
            .ok_or_else(error)?;
        let (digits, unit) = trimmed.split_at(split);
        let amount: u16 = digits.parse().map_err(|_| error())?;
        let unit = match unit.trim() {
            "d" => AgeUnit::Day,
            "w" => AgeUnit::Week,
            "mo" => AgeUnit::Month,
            "y" => AgeUnit::Year,
            _ => return Err(error()),
        };
        Ok(AgeSpan { amount, unit })
    }
}

impl Serialize for AgeSpan {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for AgeSpan {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<AgeSpan, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// A patient's age at one draw.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Age {
    /// Whole days from the birth date to the draw's date.
    days: i64,
    /// The birth date, for the calendar ages of the bands.
    birth: (i32, u8, u8),
}

impl Age {
    /// The age at `at` of a patient born on `birth`; `None` when the draw
    /// is dated before the birth (the data contradict each other: no age).
    pub fn at(birth: Timestamp, at: Timestamp) -> Option<Age> {
        // Both dates as written: the days between them are their day
        // numbers' difference.
        let days = at.day_number() - birth.day_number();
        if days < 0 {
            return None;
        }
        let b = birth.civil();
        Some(Age {
            days,
            birth: (b.year, b.month, b.day),
        })
    }

    /// [`Age::at`] when the birth date is known.
    pub fn of(birth: Option<Timestamp>, at: Timestamp) -> Option<Age> {
        birth.and_then(|birth| Age::at(birth, at))
    }

    /// Whole days from the birth date (the JSON `age_days`).
    pub const fn days(self) -> i64 {
        self.days
    }

    /// True once the age `span` is reached (on that day and after).
    pub fn reached(self, span: AgeSpan) -> bool {
        self.days >= span.days_after(self.birth)
    }

    /// True inside the half-open band `[from, to)`.
    pub fn within(self, from: AgeSpan, to: AgeSpan) -> bool {
        self.reached(from) && !self.reached(to)
    }

    /// The age as the screen writes it: days under a month ("2 d"), months
    /// under two years ("3 mo"), else years ("6 y").
    pub fn label(self) -> String {
        if !self.reached(AgeSpan::new(1, AgeUnit::Month)) {
            return format!("{} d", self.days);
        }
        let whole = |unit, limit: u16| {
            (0..=limit)
                .take_while(|&n| self.reached(AgeSpan::new(n, unit)))
                .last()
                .unwrap_or(0)
        };
        if !self.reached(AgeSpan::new(2, AgeUnit::Year)) {
            format!("{} mo", whole(AgeUnit::Month, 24))
        } else {
            // Counted to the true age however great (a birth date a
            // century off reads 224 y, never a made-up 200).
            let most = u16::try_from(self.days / 365 + 1).unwrap_or(u16::MAX);
            format!("{} y", whole(AgeUnit::Year, most))
        }
    }
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use super::*;

    fn date(y: i32, m: u8, d: u8) -> Timestamp {
        Timestamp::from_date(y, m, d).unwrap()
    }

    #[rstest]
    #[case("4 d", 4)]
    #[case("12 w", 84)]
    #[case("1 mo", 31)]
    #[case("3 mo", 31 + 29 + 31)]
    #[case("1 y", 366)]
    #[case("18 y", 6575)]
    fn ages_are_counted_on_the_calendar_from_the_birth_date(#[case] text: &str, #[case] days: i64) {
        let span: AgeSpan = text.parse().unwrap();
        assert_eq!(span.to_string(), text);
        // Born 2020-01-15 (2020 is a leap year).
        assert_eq!(span.days_after((2020, 1, 15)), days);
    }

    /// Days since the epoch of a civil date, by the calendar's own check.
    fn day_number(year: i32, month: u8, day: u8) -> Option<i64> {
        Timestamp::from_date(year, month, day).map(|t| t.instant().div_euclid(86_400))
    }

    /// The day an age is reached, found by trying each day of the month
    /// from the birthday down: the reading [`AgeSpan::days_after`] computes.
    fn days_after_by_search(span: AgeSpan, (year, month, day): (i32, u8, u8)) -> i64 {
        let months = match span.unit {
            AgeUnit::Day => return i64::from(span.amount),
            AgeUnit::Week => return i64::from(span.amount) * 7,
            AgeUnit::Month => i64::from(span.amount),
            AgeUnit::Year => i64::from(span.amount) * 12,
        };
        let index = i64::from(year) * 12 + i64::from(month) - 1 + months;
        let to_year = i32::try_from(index.div_euclid(12)).unwrap();
        let to_month = u8::try_from(index.rem_euclid(12) + 1).unwrap();
        let to_day = (1..=day)
            .rev()
            .find(|&d| Timestamp::from_date(to_year, to_month, d).is_some())
            .unwrap_or(1);
        match (
            day_number(to_year, to_month, to_day),
            day_number(year, month, day),
        ) {
            (Some(to), Some(from)) => to - from,
            _ => i64::MAX,
        }
    }

    proptest::proptest! {
        #[test]
        fn the_day_an_age_is_reached_is_the_calendar_s(
            year in 1i32..=9999,
            month in 1u8..=12,
            day in 1u8..=31,
            amount in 0u16..=400,
            unit in 0usize..4,
            later in 0i64..40_000,
        ) {
            let Some(birth) = Timestamp::from_date(year, month, day) else {
                return Ok(());
            };
            let unit = [AgeUnit::Day, AgeUnit::Week, AgeUnit::Month, AgeUnit::Year][unit];
            let span = AgeSpan::new(amount, unit);
            proptest::prop_assert_eq!(
                span.days_after((year, month, day)),
                days_after_by_search(span, (year, month, day))
            );
            let at_day = day_number(year, month, day).unwrap() + later;
            let (at_year, at_month, at_day) = civil_of(at_day);
            if let Some(at) = Timestamp::from_date(at_year, at_month, at_day) {
                let age = Age::at(birth, at).unwrap();
                proptest::prop_assert_eq!(age.days(), later);
                proptest::prop_assert_eq!(age.birth, (year, month, day));
            }
        }
    }

    /// The civil date of a day number.
    fn civil_of(days: i64) -> (i32, u8, u8) {
        let c = crate::model::CivilTime::from_unix_seconds(days * 86_400);
        (c.year, c.month, c.day)
    }

    #[test]
    fn a_month_after_the_31st_is_the_last_day_of_a_short_month() {
        let span = AgeSpan::new(1, AgeUnit::Month);
        assert_eq!(span.days_after((2021, 1, 31)), 28);
        let leap = AgeSpan::new(1, AgeUnit::Year);
        assert_eq!(leap.days_after((2020, 2, 29)), 365);
    }

    #[rstest]
    #[case("4")]
    #[case("d")]
    #[case("4 days")]
    #[case("-4 d")]
    fn unreadable_ages_are_refused(#[case] text: &str) {
        assert!(text.parse::<AgeSpan>().is_err());
    }

    #[rstest]
    #[case(date(2024, 1, 1), "0 d")]
    #[case(date(2024, 1, 3), "2 d")]
    #[case(date(2024, 1, 31), "30 d")]
    #[case(date(2024, 2, 1), "1 mo")]
    #[case(date(2024, 4, 1), "3 mo")]
    #[case(date(2025, 12, 31), "23 mo")]
    #[case(date(2026, 1, 1), "2 y")]
    #[case(date(2030, 1, 1), "6 y")]
    // A birth date a century or two off still reads its true age.
    #[case(date(2248, 1, 1), "224 y")]
    #[case(date(2247, 12, 31), "223 y")]
    fn the_age_label_fits_the_age(#[case] at: Timestamp, #[case] label: &str) {
        let age = Age::at(date(2024, 1, 1), at).unwrap();
        assert_eq!(age.label(), label);
    }

    #[test]
    fn the_age_uses_the_date_the_draw_was_recorded_with() {
        // 2024-01-01 23:30 at -08:00 is 2024-01-02 in UTC, but the draw's
        // own date is the 1st: day 0, not day 1.
        let civil = crate::model::CivilTime {
            year: 2024,
            month: 1,
            day: 1,
            hour: 23,
            minute: 30,
            second: 0,
        };
        let at = Timestamp::from_civil(civil, Some(-480)).unwrap();
        assert_eq!(Age::at(date(2024, 1, 1), at).map(Age::days), Some(0));
        assert_eq!(Age::at(date(2024, 1, 2), at), None);
    }
}
