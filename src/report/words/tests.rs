//! Ranges, cytopenia counts, dates, values and outcomes as written.

use super::*;

#[test]
fn a_range_missing_a_limit_says_so_never_a_bare_dash() {
    use crate::clinical::{Age, Thresholds, range_in_use};
    use crate::model::{Analyte, Decimal, Sex};
    let t = Thresholds::default();
    // The ANC of a 4-day-old: no lower limit (clinical.md §2a).
    let born = crate::model::Timestamp::from_date(2024, 1, 1).unwrap();
    let drawn = crate::model::Timestamp::from_date(2024, 1, 5).unwrap();
    let newborn = range_in_use(Analyte::Anc, Sex::Male, Age::at(born, drawn), None, &t);
    let text = range_text(newborn);
    assert!(text.starts_with("ref ≤18.3, no lower limit for "), "{text}");
    let adult = RangeInUse {
        lower: Some(Decimal::lit(15, 1)),
        upper: None,
        source: RangeSource::Default,
        band: None,
        places: (0, 0),
        significant: (0, 0),
    };
    assert_eq!(range_text(adult), "ref ≥1.5, no upper limit");
}

#[test]
fn an_isolated_cytopenia_is_said_to_be_not_graded() {
    use crate::clinical::{Thresholds, classify};
    use crate::model::{Analyte, Decimal, Values};
    let t = Thresholds::default();
    let itp = Values::EMPTY
        .with(Analyte::Plt, Decimal::lit(6, 0))
        .with(Analyte::Hgb, Decimal::lit(135, 1))
        .with(Analyte::Anc, Decimal::lit(32, 1));
    let severity = classify(&itp, &t);
    assert_eq!(severity.category, crate::clinical::Category::None);
    assert_eq!(cytopenia_words(&severity), "1 cytopenia: not graded");
    let healthy = itp.with(Analyte::Plt, Decimal::lit(250, 0));
    assert_eq!(cytopenia_words(&classify(&healthy, &t)), "no cytopenia");
    let two = itp.with(Analyte::Anc, Decimal::lit(10, 1));
    assert_eq!(cytopenia_words(&classify(&two, &t)), "2 cytopenias");
    // Missing values leave criteria unknown: never "no cytopenia".
    let alc_only = Values::EMPTY.with(Analyte::Alc, Decimal::lit(8, 1));
    assert_eq!(
        cytopenia_words(&classify(&alc_only, &t)),
        "cytopenia unknown"
    );
    let hgb_only = Values::EMPTY.with(Analyte::Hgb, Decimal::lit(135, 1));
    assert_eq!(
        cytopenia_words(&classify(&hgb_only, &t)),
        "no cytopenia known, 2 unknown"
    );
}
use crate::model::{Censor, CivilTime, Decimal};

fn at(year: i32, month: u8, day: u8, hour: u8, minute: u8, offset: Option<i16>) -> Timestamp {
    let civil = CivilTime {
        year,
        month,
        day,
        hour,
        minute,
        second: 0,
    };
    Timestamp::from_civil(civil, offset).unwrap()
}

#[test]
fn dates_are_iso_and_times_show_their_offset() {
    let local = at(2024, 4, 5, 10, 7, None);
    assert_eq!(date(local), "2024-04-05");
    assert_eq!(date_time(local), "2024-04-05 10:07");
    assert_eq!(date_time_zone(local), "2024-04-05 10:07");
    let paris = at(2025, 1, 7, 8, 21, Some(60));
    assert_eq!(date_time_zone(paris), "2025-01-07 08:21 +01:00");
    let utc = at(2024, 11, 12, 8, 5, Some(0));
    assert_eq!(date_time_zone(utc), "2024-11-12 08:05 UTC");
    let day = Timestamp::from_date(2024, 2, 29).unwrap();
    assert_eq!(date_time(day), "2024-02-29");
    assert_eq!(date_of_days(day.days(), false), "2024-02-29");
    assert_eq!(date_of_days(local.days(), true), "2024-04-05 10:07");
}

#[test]
fn readings_keep_the_reported_digits_and_qualifiers() {
    use crate::model::Reading;
    let value = |text: &str, censor, derived| {
        Value::new(Reading {
            amount: Decimal::parse(text).unwrap(),
            censor,
            derived,
        })
    };
    assert_eq!(
        analyte_value(Analyte::Anc, value("1.5", Censor::Exact, false)),
        "1.5"
    );
    assert_eq!(
        analyte_value(Analyte::Anc, value("0.1", Censor::Below, false)),
        "<0.1"
    );
    assert_eq!(
        analyte_value(Analyte::Anc, value("3.714", Censor::Exact, true)),
        "3.714*"
    );
    assert_eq!(
        analyte_value(Analyte::Hgb, value("8", Censor::Exact, false)),
        "8"
    );
    assert_eq!(
        analyte_value(
            Analyte::Hgb,
            value("8", Censor::Exact, false).with_written_decimals(1)
        ),
        "8.0"
    );
    assert_eq!(
        analyte_value(Analyte::Plt, value("5", Censor::Below, false)),
        "<5"
    );
    assert_eq!(
        analyte_value(Analyte::Hgb, value("8.94105", Censor::Exact, false)),
        "8.94105"
    );
    assert_eq!(analyte_value(Analyte::Plt, Value::MISSING), "-");
}

#[test]
fn words_never_name_a_diagnosis() {
    for category in Category::ALL {
        let sentence = category_sentence(category);
        assert!(sentence.starts_with("Blood counts"));
        assert!(!sentence.contains("aplastic anemia"));
    }
    assert!(CAVEAT.contains("marrow cellularity"));
}

#[test]
fn outcomes_read_without_colour() {
    assert_eq!(outcome_text(Outcome::Met), "✓ met");
    assert_eq!(outcome_text(Outcome::NotMet), "✗ not met");
    assert_eq!(outcome_text(Outcome::Unknown), "? unknown");
}

#[test]
fn no_mark_of_a_draw_is_read_as_a_criterion_outcome() {
    for outcome in [Outcome::Met, Outcome::NotMet, Outcome::Unknown] {
        let symbol = outcome_text(outcome)
            .split(' ')
            .next()
            .unwrap_or_default()
            .to_string();
        for mark in [REFUSED_MARK, TRANSFUSED_MARK] {
            assert_ne!(mark, symbol, "{mark} is also {}", outcome_text(outcome));
        }
    }
}
