//! Trend read-outs at their edges.

use rstest::rstest;

use super::*;
use crate::clinical::insight_test_support::{at, series};
use crate::model::Values;

/// A readout's crossings as `(time, line, direction)` text.
fn crossings(r: &Readout) -> Vec<(String, String, &'static str)> {
    r.crossings
        .iter()
        .map(|c| (c.at.to_string(), c.cutoff.to_string(), c.direction.name()))
        .collect()
}

fn plt_lines() -> Vec<Decimal> {
    cutoffs_of(Analyte::Plt, &Thresholds::default())
}

/// A lower limit of 150 at every draw.
fn at_150(_: usize) -> Option<Decimal> {
    Some(Decimal::lit(150, 0))
}

#[test]
fn platelet_cutoffs_are_both_severity_lines() {
    let lines: Vec<String> = plt_lines().iter().map(ToString::to_string).collect();
    assert_eq!(lines, ["50", "20"]);
}

#[test]
fn crossings_each_line_with_its_direction() {
    let draws = series(
        Analyte::Plt,
        &[
            ("2024-01-01", "200"),
            ("2024-01-08", "40"),
            ("2024-01-15", "-"),
            ("2024-01-22", "15"),
            ("2024-01-29", "20"),
        ],
    );
    let r = readout(&draws, Analyte::Plt, at_150, &plt_lines());
    let got = crossings(&r);
    assert_eq!(
        got,
        [
            ("2024-01-08".into(), "150".into(), "down"),
            ("2024-01-08".into(), "50".into(), "down"),
            ("2024-01-22".into(), "20".into(), "down"),
            // Exactly at 20 is not below it.
            ("2024-01-29".into(), "20".into(), "up"),
        ]
    );
    assert_eq!(r.below_since, Some(at("2024-01-08")));
    assert_eq!(
        r.nadir.map(|(t, v)| (t, v.to_string())),
        Some((at("2024-01-22"), "15".into()))
    );
}

#[rstest]
#[case::below_run(&[("2024-01-01", "160"), ("2024-01-08", "140"), ("2024-01-15", "100")], Some("2024-01-08"))]
#[case::ends_above(&[("2024-01-01", "100"), ("2024-01-08", "150")], None)]
// `clinical.md` §10: "the run ends at the first draw at or above it"; a
// value censored across the limit is not proven at or above it, nor below.
#[case::censored_across_the_limit_does_not_end_the_run(&[("2024-01-01", "100"), ("2024-01-08", "<200"), ("2024-01-15", "90")], Some("2024-01-01"))]
#[case::above_bound_across_the_limit_neither(&[("2024-01-01", "100"), ("2024-01-08", ">100"), ("2024-01-15", "90")], Some("2024-01-01"))]
#[case::nor_starts_one(&[("2024-01-01", "160"), ("2024-01-08", "<200"), ("2024-01-15", "90")], Some("2024-01-15"))]
#[case::latest_censored_across_is_no_run(&[("2024-01-01", "100"), ("2024-01-08", "<200")], None)]
fn time_below(#[case] points: &[(&str, &str)], #[case] since: Option<&str>) {
    let draws = series(Analyte::Plt, points);
    let r = readout(&draws, Analyte::Plt, at_150, &plt_lines());
    assert_eq!(r.below_since, since.map(at));
}

#[rstest]
#[case::up(&[("2024-01-01", "8.1"), ("2024-01-15", "9.35")], "+1.25", Some(15.4), 14)]
#[case::down(&[("2024-01-01", "10"), ("2024-01-08", "-"), ("2024-01-11", "9.5")], "-0.5", Some(-5.0), 10)]
#[case::same(&[("2024-01-01", "10"), ("2024-01-02", "10.0")], "0", Some(0.0), 1)]
#[case::with_the_places_written(&[("2024-01-01", "14.1"), ("2024-01-02", "15.1")], "+1.0", Some(7.1), 1)]
#[case::censored(&[("2024-01-01", "<5"), ("2024-01-02", "7")], "?", None, 1)]
// 0.6 / 3.2 is 18.75 % exactly: half away from zero, both ways (in binary
// floating point it was 18.7).
#[case::a_half_rounds_away_from_zero(&[("2024-01-01", "3.2"), ("2024-01-02", "3.8")], "+0.6", Some(18.8), 1)]
#[case::down_by_a_half(&[("2024-01-01", "3.2"), ("2024-01-02", "2.6")], "-0.6", Some(-18.8), 1)]
fn the_change_from_the_previous_draw(
    #[case] points: &[(&str, &str)],
    #[case] delta: &str,
    #[case] percent: Option<f64>,
    #[case] days: u64,
) {
    let draws = series(Analyte::Hgb, points);
    let r = readout(&draws, Analyte::Hgb, |_| Some(Decimal::lit(12, 0)), &[]);
    let change = r.change.expect("a change");
    assert_eq!(change.delta_text(), delta);
    assert_eq!(change.percent, percent);
    assert_eq!(change.days, days);
}

/// Hemoglobin of 7.8 then 7.0 mmol/L, converted (x 1.6114) and shown to
/// their 2 significant digits (13, then 11 g/dL): the change is shown to
/// as many, never with the conversion's digits, and never finer than the
/// values are shown: two derived values both shown 18.6 do not differ by
/// -0.0232.
#[test]
fn a_converted_change_has_the_precision_of_its_values() {
    let converted = |time: &str, amount: &str| {
        let mut values = Values::default();
        let value = Value::exact(Decimal::parse(amount).unwrap()).with_significant_digits(2);
        values.set(Analyte::Hgb, value);
        Draw {
            time: at(time),
            values,
        }
    };
    let draws = [
        converted("2024-01-01", "12.56892"),
        converted("2024-01-08", "11.2798"),
    ];
    let change = change_at(&draws, 1, Analyte::Hgb).expect("a change");
    assert_eq!(
        change.delta,
        Some((true, Decimal::parse("1.28912").unwrap()))
    );
    // 1.28912 to 2 digits, no finer than the whole numbers shown.
    assert_eq!(change.delta_text(), "-1");
    let same = [draws[0], converted("2024-01-08", "12.56892")];
    assert_eq!(change_at(&same, 1, Analyte::Hgb).unwrap().delta_text(), "0");
    // Shown 13 then 9.9995 beside the cut-off 10: the fall is 2.57, to 2
    // digits, never 13 - 9.9995.
    let mut near = [draws[0], converted("2024-01-08", "9.9995")];
    near[1].values.set(
        Analyte::Hgb,
        Value::exact(Decimal::parse("9.9995").unwrap()).with_significant_digits(5),
    );
    assert_eq!(
        change_at(&near, 1, Analyte::Hgb).unwrap().delta_text(),
        "-2.6"
    );
    let derived = |time: &str, amount: &str| {
        let mut draw = converted(time, amount);
        let value = Value::exact(Decimal::parse(amount).unwrap()).with_significant_digits(3);
        draw.values.set(Analyte::Hgb, value);
        draw
    };
    let close = [
        derived("2024-01-01", "18.6"),
        derived("2024-01-08", "18.5768"),
    ];
    assert_eq!(
        change_at(&close, 1, Analyte::Hgb).unwrap().delta_text(),
        "0"
    );
    let apart = [
        derived("2024-01-01", "18.6"),
        derived("2024-01-08", "18.4768"),
    ];
    assert_eq!(
        change_at(&apart, 1, Analyte::Hgb).unwrap().delta_text(),
        "-0.1"
    );
}

#[test]
fn no_change_with_one_value() {
    let draws = series(Analyte::Hgb, &[("2024-01-01", "8"), ("2024-01-02", "-")]);
    assert_eq!(change_at(&draws, 0, Analyte::Hgb), None);
    assert_eq!(change_at(&draws, 1, Analyte::Hgb), None);
}

/// A child's limit changes with age (clinical.md §2a): hemoglobin 11.0 is
/// within 10.5 at one year and below 11.5 at seven, so the run below
/// starts at seven, where the value crossed the limit then in force.
#[test]
fn each_draw_is_read_against_the_limit_in_force_at_it() {
    let draws = series(
        Analyte::Hgb,
        &[
            ("2018-01-01", "11.0"),
            ("2024-01-01", "11.0"),
            ("2024-02-01", "10.8"),
        ],
    );
    let lower =
        |index: usize| Some(Decimal::parse(if index == 0 { "10.5" } else { "11.5" }).unwrap());
    let r = readout(&draws, Analyte::Hgb, lower, &[]);
    assert_eq!(r.below_since, Some(at("2024-01-01")));
    assert_eq!(r.lower, Some(Decimal::parse("11.5").unwrap()));
    let got = crossings(&r);
    assert_eq!(got, [("2024-01-01".into(), "11.5".into(), "down")]);
    // Below for 31 days at the latest draw; a run begun that same day is
    // "the same day", never "0 days".
    let words = crate::report::insight_words::readout_lines(&r, Some(at("2024-02-01")));
    assert!(
        words[0].ends_with("since 2024-01-01 (31 days)"),
        "{words:?}"
    );
    let words = crate::report::insight_words::readout_lines(&r, Some(at("2024-01-01")));
    assert!(words[0].ends_with("(the same day)"), "{words:?}");
}

/// No lower limit at a draw (a newborn's ANC): nothing is below it, and
/// the words say there is none rather than "not below 0".
#[test]
fn a_draw_without_a_lower_limit_is_not_below_it() {
    let draws = series(
        Analyte::Anc,
        &[("2024-01-01", "1.2"), ("2024-01-05", "0.8")],
    );
    let r = readout(&draws, Analyte::Anc, |_| None, &[]);
    assert_eq!((r.below_since, r.lower, r.crossings.len()), (None, None, 0));
    let words = crate::report::insight_words::readout_lines(&r, Some(at("2024-01-05")));
    assert!(
        words[0].ends_with("no lower limit for the age at the latest draw"),
        "{words:?}"
    );
}

/// A latest value censored across the limit (`<200` platelets against
/// 150) is neither below it nor not: the words say the draw cannot tell,
/// as its flag `?` does, never "not below 150".
#[test]
fn a_latest_value_censored_across_the_limit_cannot_tell() {
    let draws = series(
        Analyte::Plt,
        &[("2024-01-09", "120"), ("2024-01-12", "<200")],
    );
    let lower = |_| Some(Decimal::parse("150").unwrap());
    let r = readout(&draws, Analyte::Plt, lower, &[]);
    assert_eq!((r.below_since, r.latest_undecided), (None, true));
    let words = crate::report::insight_words::readout_lines(&r, Some(at("2024-01-12")));
    assert!(
        words[0].ends_with("the latest draw cannot tell whether below 150"),
        "{words:?}"
    );
    let proven = series(
        Analyte::Plt,
        &[("2024-01-09", "120"), ("2024-01-12", "<100")],
    );
    let r = readout(&proven, Analyte::Plt, lower, &[]);
    assert_eq!(
        (r.below_since, r.latest_undecided),
        (Some(at("2024-01-09")), false)
    );
}

/// A limit that starts at an age boundary (ANC 1.0 from 14 days): the first
/// draw below it crosses it, where the run below starts, as a limit rising
/// under an unchanged value does.
#[test]
fn a_limit_starting_at_an_age_boundary_is_crossed_where_the_run_starts() {
    let draws = series(
        Analyte::Anc,
        &[("2024-01-01", "1.2"), ("2024-01-07", "0.8")],
    );
    let lower = |index: usize| (index == 1).then(|| Decimal::parse("1.0").unwrap());
    let r = readout(&draws, Analyte::Anc, lower, &[]);
    assert_eq!(r.below_since, Some(at("2024-01-07")));
    let got = crossings(&r);
    assert_eq!(got, [("2024-01-07".into(), "1".into(), "down")]);
}

/// A lower limit equal to a cut-off (the ANC's 1.5) is crossed once.
#[test]
fn a_limit_equal_to_a_cutoff_is_crossed_once() {
    let draws = series(
        Analyte::Anc,
        &[("2024-01-01", "2.0"), ("2024-01-05", "1.2")],
    );
    let cutoffs = cutoffs_of(Analyte::Anc, &Thresholds::default());
    let r = readout(
        &draws,
        Analyte::Anc,
        |_| Some(Decimal::lit(15, 1)),
        &cutoffs,
    );
    let got: Vec<String> = r.crossings.iter().map(|c| c.cutoff.to_string()).collect();
    assert_eq!(got, ["1.5"]);
}
