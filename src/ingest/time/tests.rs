use proptest::prelude::*;
use rstest::rstest;

use super::*;
use crate::model::TimeForm;

/// Seconds since the epoch of an RFC 3339 instant, computed by `jiff`.
fn instant_of(rfc3339: &str) -> i64 {
    rfc3339.parse::<jiff::Timestamp>().unwrap().as_second()
}

#[rstest]
#[case("2024-01-05", "2024-01-05", "2024-01-05T00:00:00Z")]
#[case("  2024-01-05\t", "2024-01-05", "2024-01-05T00:00:00Z")]
#[case("2024-02-29", "2024-02-29", "2024-02-29T00:00:00Z")]
#[case("2000-02-29", "2000-02-29", "2000-02-29T00:00:00Z")]
#[case("0001-01-01", "0001-01-01", "0001-01-01T00:00:00Z")]
#[case("1969-12-31", "1969-12-31", "1969-12-31T00:00:00Z")]
#[case("2024-01-05T08:30", "2024-01-05T08:30:00", "2024-01-05T08:30:00Z")]
#[case("2024-01-05T00:00", "2024-01-05T00:00:00", "2024-01-05T00:00:00Z")]
#[case("2024-01-05T08:30:15", "2024-01-05T08:30:15", "2024-01-05T08:30:15Z")]
#[case("2024-01-05 08:30", "2024-01-05T08:30:00", "2024-01-05T08:30:00Z")]
#[case("2024-01-05 08:30:15", "2024-01-05T08:30:15", "2024-01-05T08:30:15Z")]
#[case("2180-07-23 21:45:00", "2180-07-23T21:45:00", "2180-07-23T21:45:00Z")]
#[case("9999-12-30T12:00:00", "9999-12-30T12:00:00", "9999-12-30T12:00:00Z")]
#[case("2024-01-05T08:30Z", "2024-01-05T08:30:00Z", "2024-01-05T08:30:00Z")]
#[case("2024-01-05T08:30:15Z", "2024-01-05T08:30:15Z", "2024-01-05T08:30:15Z")]
#[case("2024-01-05 08:30Z", "2024-01-05T08:30:00Z", "2024-01-05T08:30:00Z")]
#[case("2024-01-05 08:30:15Z", "2024-01-05T08:30:15Z", "2024-01-05T08:30:15Z")]
#[case("2021-08-23T03:26:50Z", "2021-08-23T03:26:50Z", "2021-08-23T03:26:50Z")]
#[case("2024-01-05t08:30z", "2024-01-05T08:30:00Z", "2024-01-05T08:30:00Z")]
#[case(
    "2024-01-05T08:30+01:00",
    "2024-01-05T08:30:00+01:00",
    "2024-01-05T07:30:00Z"
)]
#[case(
    "2024-01-05 08:30+01:00",
    "2024-01-05T08:30:00+01:00",
    "2024-01-05T07:30:00Z"
)]
#[case(
    "2021-08-22T19:26:50-08:00",
    "2021-08-22T19:26:50-08:00",
    "2021-08-23T03:26:50Z"
)]
#[case(
    "2024-01-05 08:30:15+05:30",
    "2024-01-05T08:30:15+05:30",
    "2024-01-05T03:00:15Z"
)]
#[case(
    "2024-01-05T00:30:00+00:00",
    "2024-01-05T00:30:00Z",
    "2024-01-05T00:30:00Z"
)]
#[case(
    "2024-01-05T00:30:00-00:00",
    "2024-01-05T00:30:00Z",
    "2024-01-05T00:30:00Z"
)]
#[case(
    "2024-01-05T23:59:59+23:59",
    "2024-01-05T23:59:59+23:59",
    "2024-01-05T00:00:59Z"
)]
#[case(
    "2024-01-05T00:00:00-23:59",
    "2024-01-05T00:00:00-23:59",
    "2024-01-05T23:59:00Z"
)]
// Fractions of a second are dropped.
#[case("2024-01-05T08:30:15.5", "2024-01-05T08:30:15", "2024-01-05T08:30:15Z")]
#[case("2024-01-05T08:30:15,5", "2024-01-05T08:30:15", "2024-01-05T08:30:15Z")]
#[case(
    "2024-01-05 08:30:15.123",
    "2024-01-05T08:30:15",
    "2024-01-05T08:30:15Z"
)]
#[case(
    "2024-01-05T08:30:15.999999999",
    "2024-01-05T08:30:15",
    "2024-01-05T08:30:15Z"
)]
#[case(
    "2024-01-05T08:30:15.000Z",
    "2024-01-05T08:30:15Z",
    "2024-01-05T08:30:15Z"
)]
#[case(
    "2024-01-05T08:30:15.5z",
    "2024-01-05T08:30:15Z",
    "2024-01-05T08:30:15Z"
)]
#[case(
    "2024-01-05T08:30:15.250+02:00",
    "2024-01-05T08:30:15+02:00",
    "2024-01-05T06:30:15Z"
)]
#[case(
    "2024-01-05T08:30:15.250-0500",
    "2024-01-05T08:30:15-05:00",
    "2024-01-05T13:30:15Z"
)]
// Offsets as ±HHMM and ±HH.
#[case(
    "2024-01-05T08:30+0200",
    "2024-01-05T08:30:00+02:00",
    "2024-01-05T06:30:00Z"
)]
#[case(
    "2024-01-05 08:30:15-0830",
    "2024-01-05T08:30:15-08:30",
    "2024-01-05T17:00:15Z"
)]
#[case(
    "2024-01-05T08:30:00+0000",
    "2024-01-05T08:30:00Z",
    "2024-01-05T08:30:00Z"
)]
#[case(
    "2024-01-05T08:30:00-0000",
    "2024-01-05T08:30:00Z",
    "2024-01-05T08:30:00Z"
)]
#[case(
    "2024-01-05T08:30+02",
    "2024-01-05T08:30:00+02:00",
    "2024-01-05T06:30:00Z"
)]
#[case(
    "2024-01-05 08:30:15-05",
    "2024-01-05T08:30:15-05:00",
    "2024-01-05T13:30:15Z"
)]
#[case(
    "2024-01-05T08:30:15+00",
    "2024-01-05T08:30:15Z",
    "2024-01-05T08:30:15Z"
)]
#[case(
    "2024-01-05T23:30:00+2359",
    "2024-01-05T23:30:00+23:59",
    "2024-01-04T23:31:00Z"
)]
#[case(
    "2024-01-05T00:30:00-23",
    "2024-01-05T00:30:00-23:00",
    "2024-01-05T23:30:00Z"
)]
fn reads_every_accepted_form(
    #[case] text: &str,
    #[case] written_back: &str,
    #[case] instant: &str,
) {
    let time = parse_time(text).unwrap();
    assert_eq!(time.to_string(), written_back, "{text:?}");
    assert_eq!(time.instant(), instant_of(instant), "{text:?}");
}

#[rstest]
#[case("2024-01-05", TimeForm::Date)]
#[case("2024-01-05T08:30", TimeForm::Local)]
#[case("2024-01-05 08:30:15", TimeForm::Local)]
#[case("2024-01-05T08:30Z", TimeForm::Offset { minutes: 0 })]
#[case("2024-01-05T08:30z", TimeForm::Offset { minutes: 0 })]
#[case("2024-01-05T08:30-00:00", TimeForm::Offset { minutes: 0 })]
#[case("2024-01-05T08:30+01:00", TimeForm::Offset { minutes: 60 })]
#[case("2024-01-05T08:30-08:00", TimeForm::Offset { minutes: -480 })]
#[case("2024-01-05T08:30+05:30", TimeForm::Offset { minutes: 330 })]
#[case("2024-01-05T08:30-03:30", TimeForm::Offset { minutes: -210 })]
#[case("2024-01-05T08:30+23:59", TimeForm::Offset { minutes: 1439 })]
#[case("2024-01-05T08:30-23:59", TimeForm::Offset { minutes: -1439 })]
#[case("2024-01-05T08:30+0530", TimeForm::Offset { minutes: 330 })]
#[case("2024-01-05T08:30-0330", TimeForm::Offset { minutes: -210 })]
#[case("2024-01-05T08:30:00.5+0100", TimeForm::Offset { minutes: 60 })]
#[case("2024-01-05T08:30+01", TimeForm::Offset { minutes: 60 })]
#[case("2024-01-05T08:30-08", TimeForm::Offset { minutes: -480 })]
#[case("2024-01-05T08:30:00.5", TimeForm::Local)]
fn keeps_the_form_and_offset(#[case] text: &str, #[case] form: TimeForm) {
    assert_eq!(parse_time(text).unwrap().form(), form);
}

const EXPECTED_TEXT: &str = "expected YYYY-MM-DD, or YYYY-MM-DDTHH:MM[:SS[.fff]] with an optional Z, ±HH:MM, ±HHMM or ±HH after the time";

#[rstest]
#[case("2024-13-01")]
#[case("2024-00-10")]
#[case("2024-01-00")]
#[case("2024-01-32")]
#[case("2023-02-29")]
#[case("1900-02-29")]
#[case("2024-04-31")]
#[case("0000-01-01")]
#[case("2023-02-29T08:00")]
#[case("2023-02-29 08:00:00Z")]
#[case("2023-02-29T24:00+24:00")]
fn refuses_dates_that_do_not_exist(#[case] text: &str) {
    let message = format!("\"{text}\" is not a valid date");
    assert_eq!(parse_time(text), Err(TimeError(message)));
}

#[rstest]
#[case("2024-01-01T24:00")]
#[case("2024-01-01 23:60")]
#[case("2024-01-01T23:59:60")]
#[case("2024-01-01T99:00Z")]
#[case("2024-01-01T24:00+24:00")]
fn refuses_times_of_day_that_do_not_exist(#[case] text: &str) {
    let message = format!("\"{text}\" is not a valid time of day (00:00:00 to 23:59:59)");
    assert_eq!(parse_time(text), Err(TimeError(message)));
}

#[rstest]
#[case("2024-01-01T08:00+24:00")]
#[case("2024-01-01T08:00-24:00")]
#[case("2024-01-01T08:00+05:60")]
#[case("2024-01-01T08:00:00+99:99")]
#[case("2024-01-01T08:00+2400")]
#[case("2024-01-01T08:00-0560")]
#[case("2024-01-01T08:00+24")]
#[case("2024-01-01T08:00:00.5-99")]
fn refuses_offsets_that_do_not_exist(#[case] text: &str) {
    let message = format!("\"{text}\" has an impossible offset (-23:59 to +23:59)");
    assert_eq!(parse_time(text), Err(TimeError(message)));
}

#[rstest]
#[case("2024-01-05 08:00.5")]
#[case("2024-01-05T08:00,5")]
#[case("2024-01-05T08:00.5Z")]
fn refuses_a_fraction_of_a_minute(#[case] text: &str) {
    let message = format!("\"{text}\" has a fraction of a minute (no seconds): {EXPECTED_TEXT}");
    assert_eq!(parse_time(text), Err(TimeError(message)));
}

#[rstest]
#[case("2024/01/05")]
#[case("05-01-2024")]
#[case("01/05/2024")]
#[case("2024-1-5")]
#[case("2024-01-5")]
#[case("24-01-05")]
#[case("20240105")]
#[case("2024-01-05x")]
#[case("2024-01-05T")]
#[case("2024-01-05T08")]
#[case("2024-01-05T8:00")]
#[case("2024-01-05T08:0")]
#[case("2024-01-05T0800")]
#[case("2024-01-05T08:00:0")]
#[case("2024-01-05T08:00:00:00")]
#[case("2024-01-05Z")]
#[case("2024-01-05+01:00")]
#[case("2024-01-05T08:00 Z")]
#[case("2024-01-05T08:00 +01:00")]
#[case("2024-01-05T08:00+1:00")]
#[case("2024-01-05T08:00+1")]
#[case("2024-01-05T08:00+100")]
#[case("2024-01-05T08:00+010")]
#[case("2024-01-05T08:00+01000")]
#[case("2024-01-05T08:00+01:")]
#[case("2024-01-05T08:00+0a00")]
#[case("2024-01-05T08:00+")]
#[case("2024-01-05T08:00:00.")]
#[case("2024-01-05T08:00:00,Z")]
#[case("2024-01-05T08:00:00.1234567890")]
#[case("2024-01-05T08:00:00.5.5")]
#[case("2024-01-05T08:00:00.5 Z")]
#[case("2024-01-05T08:00:00.5x")]
#[case("2024-01-05T08:00:00.-5")]
#[case("2024-01-05.5")]
#[case("2024-01-05T08:00+01:0")]
#[case("2024-01-05T08:00+01:00:00")]
#[case("2024-01-05T08:00UTC")]
#[case("2024-01-05T08:00ZZ")]
#[case("2024-01-05T08:00Zjunk")]
#[case("2024-01-05  08:00")]
#[case("2024-01-05 T08:00")]
#[case("2024-01-05_08:00")]
#[case("+2024-01-05")]
#[case("-2024-01-05")]
#[case("\u{FF12}024-01-05")]
#[case("2024-01-05T08:00\u{2212}08:00")]
#[case("hello")]
#[case("NA")]
fn refuses_other_shapes_saying_what_was_expected(#[case] text: &str) {
    let message = format!("{text:?} is not a time: {EXPECTED_TEXT}");
    assert_eq!(parse_time(text), Err(TimeError(message)));
}

#[rstest]
#[case("")]
#[case("   ")]
fn refuses_an_empty_time(#[case] text: &str) {
    let message = format!("no time given: {EXPECTED_TEXT}");
    assert_eq!(parse_time(text), Err(TimeError(message)));
}

proptest! {
    #[test]
    fn reads_back_what_it_writes(
        seconds in -62_135_596_800i64..253_402_300_799,
        offset in prop::option::of(-1439i16..=1439),
        date_only in any::<bool>(),
    ) {
        let civil = CivilTime::from_unix_seconds(seconds);
        let time = if date_only {
            Timestamp::from_date(civil.year, civil.month, civil.day)
        } else {
            Timestamp::from_civil(civil, offset)
        };
        if let Some(time) = time {
            prop_assert_eq!(parse_time(&time.to_string()), Ok(time));
        }
    }

    #[test]
    fn never_panics(text in "\\PC{0,30}") {
        let _ = parse_time(&text);
    }

    #[test]
    fn never_panics_on_near_misses(text in "[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9:]{0,9}[.,]?[0-9]{0,10}[Zz+\\-:0-9.]{0,7}") {
        let _ = parse_time(&text);
    }
}

#[test]
fn reads_the_last_second_of_year_9999() {
    // Past jiff's range, so checked against the epoch arithmetic directly:
    // 2932896 days from 1970-01-01 to 9999-12-31, plus 23:59:59.
    let time = parse_time("9999-12-31T23:59:59").unwrap();
    assert_eq!(time.instant(), 2_932_896 * 86_400 + 86_399);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(20_000))]

    #[test]
    fn the_quick_path_reads_as_the_full_one(
        text in "[0-9]{4}-[01][0-9]-[0-3][0-9]([T ][0-2][0-9]:[0-5][0-9](:[0-6][0-9](\\.[0-9]{1,3})?)?(Z|[+-][0-2][0-9](:?[0-5][0-9])?)?)?",
        noise in prop::option::of((0usize..30, prop::sample::select(b"0-:Tt Z.x+,".to_vec()))),
    ) {
        let mut bytes = text.into_bytes();
        if let Some((at, byte)) = noise
            && at < bytes.len()
        {
            bytes[at] = byte;
        }
        let text = String::from_utf8(bytes).unwrap();
        let full = parse_in_full(&text);
        match quick::quick_time(text.as_bytes()) {
            Some(time) => prop_assert_eq!(Ok(time), full),
            // Only shapes it does not take may be left to the full reader:
            // a lowercase `t` or `z`, a space elsewhere than between date
            // and time, a fraction, an offset.
            None => prop_assert!(
                full.is_err()
                    || text.contains(['t', 'z', '.', ','])
                    || text.rfind(' ').is_some_and(|at| at != DATE_LEN)
                    || text.get(DATE_LEN..).is_some_and(|time| time.contains(['+', '-'])),
                "{text:?} is left to the full reader"
            ),
        }
    }
}

/// A year or a month alone gives no day (the limits by age need the whole
/// date), said so in every reader; other text as the parser says.
#[test]
fn a_partial_birth_date_is_said_to_give_no_day() {
    let problem = |text: &str| {
        let error = parse_time(text).expect_err(text);
        birth_date_problem(text, &error)
    };
    assert_eq!(
        problem("2010-05"),
        "birth date \"2010-05\" gives no day: the limits by age need the whole date"
    );
    assert_eq!(
        problem("2010"),
        "birth date \"2010\" gives no day: the limits by age need the whole date"
    );
    assert!(problem("May 2010").starts_with("birth date \"May 2010\" is not a time"));
}
