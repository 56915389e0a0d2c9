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
// With offsets the dates written need not rise with the instants: three
// draws dated 03-02, 03-01, 03-02 are on two days, not three.
#[case::three_draws_on_two_written_dates(
    &[("2024-03-01T08:00Z", "0.1"), ("2024-03-02T00:15+09:00", "0.6"),
      ("2024-03-01T23:30-05:00", "0.7"), ("2024-03-02T12:00Z", "0.8")],
    Err(NoRecovery::NotReached)
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
// A nadir censored across the cut-off proves nothing below it: no date,
// and not "never below" either, whatever comes after.
#[case::censored_nadir_across_the_cutoff(
    &[("2024-01-01", "<1"), ("2024-01-02", "1.1"), ("2024-01-03", "1.2"), ("2024-01-04", "1.3")],
    Err(NoRecovery::NotKnownBelow)
)]
#[case::censored_across_beside_a_nadir_above(
    &[("2024-01-01", "<1"), ("2024-01-02", "0.7"), ("2024-01-03", "0.8"), ("2024-01-04", "0.9")],
    Err(NoRecovery::NotKnownBelow)
)]
fn neutrophil_recovery(
    #[case] points: &[(&str, &str)],
    #[case] expected: Result<&str, NoRecovery>,
) {
    let draws = series(Analyte::Anc, points);
    assert_eq!(anc_recovery(draws.as_slice()), expected.map(at));
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
        plt_recovery(draws.as_slice(), &events, &Windows::default()),
        expected.map(at)
    );
}

#[rstest]
#[case::earliest_of_equals(&[("2024-01-01", "9"), ("2024-01-02", "7"), ("2024-01-03", "7")], 1)]
#[case::censored_below_its_bound(&[("2024-01-01", "5"), ("2024-01-02", "<5"), ("2024-01-03", "6")], 1)]
#[case::exact_below_a_bound(&[("2024-01-01", "4"), ("2024-01-02", "<5")], 0)]
#[case::earliest_of_amounts_written_alike(&[("2024-01-01", "9"), ("2024-01-02", "7.0"), ("2024-01-03", "7"), ("2024-01-04", "7.00")], 1)]
#[case::earliest_of_amounts_written_apart(&[("2024-01-01", "7.5"), ("2024-01-02", "7.50"), ("2024-01-03", "8")], 0)]
#[case::more_digits_than_a_code(&[("2024-01-01", "7.0001"), ("2024-01-02", "7"), ("2024-01-03", "7.0002")], 1)]
fn the_nadir(#[case] points: &[(&str, &str)], #[case] index: usize) {
    let draws = series(Analyte::Plt, points);
    let found = nadir(draws.as_slice(), Analyte::Plt);
    assert_eq!(found.map(|(i, _)| i), Some(index));
    // The same from the dataset's packed columns, the reading as written.
    let dataset = one_patient(draws);
    let patient = dataset.patients().first().expect("a patient");
    assert_eq!(nadir(&dataset.draws(patient), Analyte::Plt), found);
}

/// A dataset of one patient with these draws.
fn one_patient(draws: Vec<Draw>) -> crate::model::Dataset {
    use crate::model::{DatasetBuilder, LoadReport, PatientInfo, Sex};
    let info = PatientInfo {
        id: "P1".into(),
        name: None,
        sex: Sex::Unknown,
        birth_date: None,
        birth_approximate: false,
    };
    let mut builder = DatasetBuilder::new();
    builder.add_patient(info, draws);
    builder.build(LoadReport::default())
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
        let without = plt_recovery(draws.as_slice(), &before, &windows).ok();
        let with = plt_recovery(draws.as_slice(), &after, &windows).ok();
        if let Some(with) = with {
            let without = without.expect("a recovery that a transfusion added");
            prop_assert!(without.instant() <= with.instant());
        }
    }
}

proptest! {
    /// Recovery and the nadir read from the dataset's packed columns, value
    /// by value, give what they give from the same draws unpacked.
    #[test]
    fn packed_columns_give_what_unpacked_draws_give(
        points in proptest::collection::vec(
            (0u32..40, 0usize..8, 1i64..5, proptest::option::of(0u32..100_000)),
            0..20,
        ),
        transfused in proptest::option::of(0i64..60),
    ) {
        use crate::model::{CivilTime, Timestamp};
        let start = at("2024-01-01").instant();
        let mut day = 0;
        let on = |offset: i64| {
            Timestamp::from_civil(CivilTime::from_unix_seconds(start + offset * 86_400), None)
                .expect("a time")
        };
        let draws: Vec<Draw> = points.iter().map(|&(count, form, gap, anc)| {
            day += gap;
            // Exact (with no, one or two places, so that equal amounts
            // are written with different places), censored both ways,
            // missing, and more digits than a packed code holds (kept aside
            // as an escape).
            let plt = match form {
                0 => format!("<{count}"),
                1 => format!(">{count}"),
                2 => "-".into(),
                3 => format!("{count}.0001"),
                4 => format!("{count}.0"),
                5 => format!("{}.{:02}", count / 10, count % 10 * 10),
                _ => count.to_string(),
            };
            let anc = anc.map_or("-".into(), |anc| format!("{}.{:04}", anc / 10_000, anc % 10_000));
            let mut draw = crate::clinical::insight_test_support::draw(
                "2024-01-01",
                &[(Analyte::Plt, plt.as_str()), (Analyte::Anc, anc.as_str())],
            );
            draw.time = on(day);
            draw
        }).collect();
        let dataset = one_patient(draws.clone());
        let events: Vec<_> = transfused
            .map(|offset| crate::model::Event::new(on(offset), EventKind::PlateletTransfusion))
            .into_iter()
            .collect();
        let windows = Windows::default();
        if let Some(patient) = dataset.patients().first() {
            let packed = dataset.draws(patient);
            let unpacked: Vec<Draw> = packed.iter().collect();
            prop_assert_eq!(&unpacked, &draws);
            prop_assert_eq!(anc_recovery(&packed), anc_recovery(unpacked.as_slice()));
            prop_assert_eq!(
                plt_recovery(&packed, &events, &windows),
                plt_recovery(unpacked.as_slice(), &events, &windows)
            );
            for analyte in [Analyte::Plt, Analyte::Anc] {
                prop_assert_eq!(nadir(&packed, analyte), nadir(unpacked.as_slice(), analyte));
            }
        }
    }
}
