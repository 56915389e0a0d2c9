//! Instants, forms and written forms of timestamps, and the calendar arithmetic against `jiff`.

use super::*;
use proptest::prelude::*;

fn civil(year: i32, month: u8, day: u8, hour: u8, minute: u8, second: u8) -> CivilTime {
    CivilTime {
        year,
        month,
        day,
        hour,
        minute,
        second,
    }
}

#[test]
fn one_instant_written_several_ways_shows_one_whatever_the_order() {
    let at = |hour, offset| Timestamp::from_civil(civil(2024, 1, 1, hour, 0, 0), offset);
    let utc = at(8, Some(0)).unwrap();
    let pacific = at(0, Some(-480)).unwrap();
    let india = Timestamp::from_civil(civil(2024, 1, 1, 13, 30, 0), Some(330)).unwrap();
    let local = at(8, None).unwrap();
    let midnight = Timestamp::from_date(2024, 1, 1).unwrap();
    let times = [utc, pacific, india, local];
    assert!(times.iter().all(|t| t.instant() == utc.instant()));
    for a in times {
        for b in times {
            assert_eq!(a.shown_of(b), b.shown_of(a), "{a:?} {b:?}");
        }
    }
    assert_eq!(utc.shown_of(india), india);
    assert_eq!(india.shown_of(pacific), pacific);
    assert_eq!(local.shown_of(utc), utc);
    let zero = at(0, None).unwrap();
    assert_eq!(midnight.shown_of(zero), zero);
    assert_eq!(midnight.shown_of(midnight), midnight);
}

#[test]
fn epoch_and_known_instants() {
    assert_eq!(Timestamp::from_date(1970, 1, 1).unwrap().instant(), 0);
    let t = Timestamp::from_civil(civil(2021, 8, 23, 3, 26, 50), Some(0)).unwrap();
    assert_eq!(t.instant(), 1_629_689_210);
    let pacific = Timestamp::from_civil(civil(2021, 8, 22, 19, 26, 50), Some(-480)).unwrap();
    assert_eq!(pacific.instant(), t.instant());
}

#[test]
fn refuses_impossible_dates_and_times() {
    assert!(Timestamp::from_date(2023, 2, 29).is_none());
    assert!(Timestamp::from_date(2024, 2, 29).is_some());
    assert!(Timestamp::from_date(1900, 2, 29).is_none());
    assert!(Timestamp::from_date(2000, 2, 29).is_some());
    assert!(Timestamp::from_date(2024, 4, 31).is_none());
    assert!(Timestamp::from_date(2024, 13, 1).is_none());
    assert!(Timestamp::from_date(2024, 0, 1).is_none());
    assert!(Timestamp::from_date(0, 1, 1).is_none());
    assert!(Timestamp::from_civil(civil(2024, 1, 1, 24, 0, 0), None).is_none());
    assert!(Timestamp::from_civil(civil(2024, 1, 1, 0, 60, 0), None).is_none());
    assert!(Timestamp::from_civil(civil(2024, 1, 1, 0, 0, 60), None).is_none());
    assert!(Timestamp::from_civil(civil(2024, 1, 1, 0, 0, 0), Some(24 * 60)).is_none());
}

#[test]
fn writes_back_in_the_form_it_was_read() {
    let date = Timestamp::from_date(2024, 3, 5).unwrap();
    assert_eq!(date.to_string(), "2024-03-05");
    let local = Timestamp::from_civil(civil(2024, 3, 5, 8, 7, 0), None).unwrap();
    assert_eq!(local.to_string(), "2024-03-05T08:07:00");
    let utc = Timestamp::from_civil(civil(2024, 3, 5, 8, 7, 9), Some(0)).unwrap();
    assert_eq!(utc.to_string(), "2024-03-05T08:07:09Z");
    let east = Timestamp::from_civil(civil(2024, 3, 5, 0, 30, 0), Some(330)).unwrap();
    assert_eq!(east.to_string(), "2024-03-05T00:30:00+05:30");
    let west = Timestamp::from_civil(civil(2024, 3, 5, 23, 0, 0), Some(-480)).unwrap();
    assert_eq!(west.to_string(), "2024-03-05T23:00:00-08:00");
    assert_eq!(west.civil().day, 5);
}

#[test]
fn packs_every_form_into_eight_bytes() {
    assert_eq!(std::mem::size_of::<Timestamp>(), 8);
    assert_eq!(std::mem::size_of::<Option<Timestamp>>(), 8);
    let earliest = Timestamp::from_civil(civil(1, 1, 1, 0, 0, 0), Some(1439)).unwrap();
    assert_eq!(earliest.form(), TimeForm::Offset { minutes: 1439 });
    assert_eq!(earliest.to_string(), "0001-01-01T00:00:00+23:59");
    let latest = Timestamp::from_civil(civil(9999, 12, 31, 23, 59, 59), Some(-1439)).unwrap();
    assert_eq!(latest.form(), TimeForm::Offset { minutes: -1439 });
    assert_eq!(latest.to_string(), "9999-12-31T23:59:59-23:59");
    let epoch = Timestamp::from_date(1970, 1, 1).unwrap();
    assert_eq!((epoch.instant(), epoch.form()), (0, TimeForm::Date));
    assert_eq!(format!("{epoch:?}"), "Timestamp { instant: 0, form: Date }");
    assert_eq!(format!("[{epoch:>12}]"), "[  1970-01-01]");
}

proptest! {
    #[test]
    fn days_agree_with_jiff(year in 1i32..=9999, month in 1u8..=12, day in 1u8..=31) {
        let ours = checked_days_from_civil(year, month, day);
        let theirs = jiff::civil::Date::new(year as i16, month as i8, day as i8).ok();
        prop_assert_eq!(ours.is_some(), theirs.is_some());
        if let (Some(ours), Some(theirs)) = (ours, theirs) {
            let epoch = jiff::civil::date(1970, 1, 1);
            let span = epoch.until((jiff::Unit::Day, theirs)).unwrap();
            let expected = i64::from(span.get_days());
            prop_assert_eq!(ours, expected);
            prop_assert_eq!(civil_from_days(ours), (year, month, day));
        }
    }
}

proptest! {
    #[test]
    fn the_same_written_date_is_the_same_calendar_date(
        (a, b) in (-62_135_596_800i64..253_402_300_799, -1439i16..=1439, any::<bool>())
            .prop_flat_map(|(instant, minutes, date)| {
                let near = (instant - 3 * SECONDS_PER_DAY..instant + 3 * SECONDS_PER_DAY, -1439i16..=1439, 0u8..3);
                (Just((instant, minutes, date)), near)
            }),
    ) {
        let time = |(instant, minutes, form): (i64, i16, u8)| match form {
            0 => Timestamp::pack(instant.div_euclid(SECONDS_PER_DAY) * SECONDS_PER_DAY, TimeForm::Date),
            1 => Timestamp::pack(instant, TimeForm::Local),
            _ => Timestamp::pack(instant, TimeForm::Offset { minutes }),
        };
        let first = time((a.0, a.1, if a.2 { 0 } else { 2 }));
        let second = time(b);
        if let (Some(first), Some(second)) = (first, second) {
            let (x, y) = (first.civil(), second.civil());
            prop_assert_eq!(
                first.same_written_date(second),
                (x.year, x.month, x.day) == (y.year, y.month, y.day)
            );
        }
    }
}

#[test]
fn the_month_table_gives_what_the_arithmetic_gives() {
    // Every day of the table's years and the years either side, and
    // days 0 and 32 of every month (none exists).
    for year in TABLE_FIRST_YEAR - 1..=TABLE_FIRST_YEAR + TABLE_YEARS as i32 {
        for month in 0..=13u8 {
            for day in 0..=32u8 {
                assert_eq!(
                    checked_days_from_civil(year, month, day),
                    checked_days_by_arithmetic(year, month, day),
                    "{year}-{month}-{day}"
                );
            }
        }
    }
}
