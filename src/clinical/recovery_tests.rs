//! Count recovery at its edges, and the property that a transfusion can
//! only take a platelet recovery away.

use proptest::prelude::*;
use rstest::rstest;

use super::*;
use crate::clinical::insight_test_support::{at, event, series};
use crate::model::EventKind;

#[rstest]
#[case::three_on_different_days(
    &[("2024-01-01", "0.1"), ("2024-01-08", "0.5"), ("2024-01-15", "0.6"), ("2024-01-22", "0.7")],
    Ok("2024-01-08")
)]
#[case::two_on_one_day_are_one(
    &[("2024-01-01", "0.1"), ("2024-01-08T08:00", "0.6"), ("2024-01-08T20:00", "0.6"), ("2024-01-15", "0.7")],
    Err(NoRecovery::NotReached)
)]
#[case::third_consecutive_on_a_third_day(
    &[("2024-01-01", "0.1"), ("2024-01-08T08:00", "0.6"), ("2024-01-08T20:00", "0.6"),
      ("2024-01-15", "0.7"), ("2024-01-16", "0.8")],
    Ok("2024-01-08T08:00")
)]
#[case::a_low_draw_breaks_the_run(
    &[("2024-01-01", "0.1"), ("2024-01-08", "0.6"), ("2024-01-15", "0.4"),
      ("2024-01-22", "0.6"), ("2024-01-29", "0.7"), ("2024-02-05", "0.9")],
    Ok("2024-01-22")
)]
#[case::at_the_cutoff_counts(
    &[("2024-01-01", "0.2"), ("2024-01-08", "0.5"), ("2024-01-15", "0.5"), ("2024-01-22", "0.5")],
    Ok("2024-01-08")
)]
#[case::only_after_the_nadir(
    &[("2024-01-01", "0.2"), ("2024-01-02", "0.6"), ("2024-01-03", "0.6"), ("2024-01-04", "0.6"),
      ("2024-01-05", "0.1"), ("2024-01-06", "0.6")],
    Err(NoRecovery::NotReached)
)]
#[case::censored_below_cannot_count(
    &[("2024-01-01", "<0.1"), ("2024-01-08", "<1"), ("2024-01-15", "0.6"), ("2024-01-22", "0.7")],
    Err(NoRecovery::NotReached)
)]
#[case::never_below(
    &[("2024-01-01", "3.1"), ("2024-01-08", "2.9")],
    Err(NoRecovery::NeverBelow)
)]
#[case::no_values(&[], Err(NoRecovery::NoValues))]
fn neutrophil_recovery(
    #[case] points: &[(&str, &str)],
    #[case] expected: Result<&str, NoRecovery>,
) {
    let draws = series(Analyte::Anc, points);
    assert_eq!(anc_recovery(&draws), expected.map(at));
}

#[rstest]
// Transfused 2024-01-10: the draws of 01-12 and 01-16 are within 7 days.
#[case::draws_within_seven_days_do_not_count("2024-01-10", Ok("2024-01-17"))]
// The 7th day after (01-12 - 7 = 01-05) counts again.
#[case::the_seventh_day_after_counts("2024-01-05", Ok("2024-01-12"))]
#[case::the_sixth_day_after_does_not("2024-01-06", Ok("2024-01-16"))]
fn platelet_recovery_waits_seven_days_after_a_transfusion(
    #[case] transfused: &str,
    #[case] expected: Result<&str, NoRecovery>,
) {
    let draws = series(
        Analyte::Plt,
        &[
            ("2024-01-01", "5"),
            ("2024-01-12", "25"),
            ("2024-01-16", "30"),
            ("2024-01-17", "31"),
            ("2024-01-18", "33"),
            ("2024-01-19", "35"),
        ],
    );
    let events = [event(transfused, EventKind::PlateletTransfusion)];
    assert_eq!(
        plt_recovery(&draws, &events, &Windows::default()),
        expected.map(at)
    );
}

#[rstest]
#[case::earliest_of_equals(&[("2024-01-01", "9"), ("2024-01-02", "7"), ("2024-01-03", "7")], 1)]
#[case::censored_below_its_bound(&[("2024-01-01", "5"), ("2024-01-02", "<5"), ("2024-01-03", "6")], 1)]
#[case::exact_below_a_bound(&[("2024-01-01", "4"), ("2024-01-02", "<5")], 0)]
fn the_nadir(#[case] points: &[(&str, &str)], #[case] index: usize) {
    let draws = series(Analyte::Plt, points);
    assert_eq!(nadir(&draws, Analyte::Plt).map(|(i, _)| i), Some(index));
}

proptest! {
    /// Adding a platelet transfusion can only remove a platelet recovery
    /// date or make it later, never add one or make it earlier.
    #[test]
    fn a_transfusion_never_brings_recovery_forward(
        counts in proptest::collection::vec(0u32..60, 1..25),
        gaps in proptest::collection::vec(1i64..10, 25),
        transfusions in proptest::collection::vec(0i64..200, 0..4),
        extra in 0i64..200,
    ) {
        let start = at("2024-01-01").instant();
        let mut day = 0;
        let draws: Vec<Draw> = counts.iter().zip(&gaps).map(|(&count, &gap)| {
            day += gap;
            let time = crate::model::Timestamp::from_civil(
                crate::model::CivilTime::from_unix_seconds(start + day * 86_400), None,
            ).expect("a time");
            let mut draw = series(Analyte::Plt, &[("2024-01-01", &count.to_string())])[0];
            draw.time = time;
            draw
        }).collect();
        let on = |offset: i64| {
            let time = crate::model::Timestamp::from_civil(
                crate::model::CivilTime::from_unix_seconds(start + offset * 86_400), None,
            ).expect("a time");
            crate::model::Event::new(time, EventKind::PlateletTransfusion)
        };
        let before: Vec<_> = transfusions.iter().map(|&d| on(d)).collect();
        let mut after = before.clone();
        after.push(on(extra));
        let windows = Windows::default();
        let without = plt_recovery(&draws, &before, &windows).ok();
        let with = plt_recovery(&draws, &after, &windows).ok();
        if let Some(with) = with {
            let without = without.expect("a recovery that a transfusion added");
            prop_assert!(without.instant() <= with.instant());
        }
    }
}
