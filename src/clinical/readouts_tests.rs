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

/// The last draw's change of hemoglobin as the read-outs show it:
/// `"13 -> 11: -2"`.
fn change_shown(draws: &[Draw]) -> String {
    let change = change_at(draws, draws.len() - 1, Analyte::Hgb).expect("a change");
    let [earlier, later] = [change.shown.0, change.shown.1].map(|v| v.shown_text().unwrap());
    format!("{earlier} -> {later}: {}", change.delta_text())
}

/// Hemoglobin of 7.8 then 7.0 mmol/L, converted (x 1.6114) and shown to
/// their 2 significant digits (13, then 11 g/dL): the change is shown with
/// the places of the values shown, never the conversion's digits; and the
/// values shown carry the change: `13 -> 11: -1` (or `-1.28912`) would not
/// add up, so they get a digit more.
#[test]
fn a_converted_change_has_the_precision_of_its_values() {
    let rounded = |time: &str, amount: &str, digits: u8| {
        let mut values = Values::default();
        let value = Value::exact(Decimal::parse(amount).unwrap()).with_significant_digits(digits);
        values.set(Analyte::Hgb, value);
        Draw {
            time: at(time),
            values,
        }
    };
    let converted = |time: &str, amount: &str| rounded(time, amount, 2);
    let draws = [
        converted("2024-01-01", "12.56892"),
        converted("2024-01-08", "11.2798"),
    ];
    let change = change_at(&draws, 1, Analyte::Hgb).expect("a change");
    assert_eq!(
        change.delta,
        Some((true, Decimal::parse("1.28912").unwrap()))
    );
    assert_eq!(change_shown(&draws), "12.6 -> 11.3: -1.3");
    let same = [draws[0], converted("2024-01-08", "12.56892")];
    assert_eq!(change_shown(&same), "13 -> 13: 0");
    // Beside a value as written to one place: the converted one shows one
    // too, where the change is not 0 (-3.4 %).
    let mut written = [draws[0], draws[0]];
    written[0].values.set(
        Analyte::Hgb,
        Value::exact(Decimal::parse("13.0").unwrap()).with_written_decimals(1),
    );
    assert_eq!(change_shown(&written), "13.0 -> 12.6: -0.4");
    // 13 beside 9.9995 (shown to 5 digits beside the cut-off 10): the
    // coarser of the two, whole numbers.
    let near = [draws[0], rounded("2024-01-08", "9.9995", 5)];
    assert_eq!(change_shown(&near), "13 -> 9.9995: -3");
    let derived = |time: &str, amount: &str| rounded(time, amount, 3);
    // 18.6 then 18.5768 (-0.1 %): both 18.6 to 3 digits, a change of 0
    // with a percentage that is not: a digit more.
    let close = [
        derived("2024-01-01", "18.6"),
        derived("2024-01-08", "18.5768"),
    ];
    assert_eq!(change_shown(&close), "18.60 -> 18.58: -0.02");
    let apart = [
        derived("2024-01-01", "18.6"),
        derived("2024-01-08", "18.4768"),
    ];
    assert_eq!(change_shown(&apart), "18.6 -> 18.5: -0.1");
    // Lymphocytes derived from a count and a percentage (11.2 x 4 %, then
    // 18.1 x 2 %), to one digit: 0.4 -> 0.4 cannot fall by 0.1.
    let lymphocytes = [
        rounded("2024-01-01", "0.448", 1),
        rounded("2024-01-04", "0.362", 1),
    ];
    assert_eq!(change_shown(&lymphocytes), "0.45 -> 0.36: -0.09");
    // 9.3 -> 16 is +6.7 as shown: the change has the places of 16.
    let neutrophils = [
        rounded("2024-01-01", "9.296", 2),
        rounded("2024-01-04", "15.928", 2),
    ];
    assert_eq!(change_shown(&neutrophils), "9.3 -> 16: +7");
    // A value as written is exact to its places: it never makes the change
    // coarser (1 then 1.32* is no `0`), and a rounded value is never shown
    // with zeros past the digits it holds.
    let written = |time: &str, amount: &str| rounded(time, amount, 0);
    for (from, to, digits, shown) in [
        ("1", "1.31586", 3, "1 -> 1.32: +0.32"),
        ("1.3", "1.31586", 3, "1.3 -> 1.32: +0.02"),
        ("0", "0.33", 3, "0 -> 0.330: +0.330"),
        ("12.6", "12.56892", 2, "12.6 -> 12.57: -0.03"),
        ("10.04", "10", 2, "10.04 -> 10.00: -0.04"),
        // Never in the other order than they are: 12.57 then 12.56892 is
        // no `12.57 -> 13: 0`.
        ("12.57", "12.56892", 2, "12.57 -> 12.569: -0.001"),
    ] {
        let draws = [
            written("2024-01-01", from),
            rounded("2024-01-08", to, digits),
        ];
        assert_eq!(change_shown(&draws), shown, "{from} -> {to}");
    }
}

/// A percentage of 0 has no sign, as the change of `0` has none; a fall
/// that rounds to 0.0 % is no `-0.0`.
#[rstest]
#[case::none(&[("2024-01-01", "10"), ("2024-01-02", "10.0")], " (0.0%)")]
#[case::a_fall_too_small(&[("2024-01-01", "1000"), ("2024-01-02", "999.9")], " (0.0%)")]
#[case::a_rise(&[("2024-01-01", "3.2"), ("2024-01-02", "3.8")], " (+18.8%)")]
#[case::a_fall(&[("2024-01-01", "3.2"), ("2024-01-02", "2.6")], " (-18.8%)")]
#[case::censored(&[("2024-01-01", "<5"), ("2024-01-02", "7")], "")]
fn the_percentage_as_written(#[case] points: &[(&str, &str)], #[case] text: &str) {
    let draws = series(Analyte::Hgb, points);
    let change = change_at(&draws, 1, Analyte::Hgb).expect("a change");
    assert_eq!(change.percent_text(), text);
}

/// A censored converted bound is shown on its side of the value before
/// it, as the nadir shows it: `<6.1` mmol/L is below 9.82954 g/dL, so
/// `9.85 -> <9.83`, never `<9.9`, which reads as possibly higher.
#[test]
fn a_censored_bound_in_a_change_keeps_its_side() {
    let mut draws = series(Analyte::Hgb, &[("2024-01-01", "9.85"), ("2024-01-02", "9")]);
    let bound = Value::new(Reading {
        amount: Decimal::parse("9.82954").unwrap(),
        censor: Censor::Below,
        derived: false,
    })
    .with_significant_digits(2);
    draws[1].values.set(Analyte::Hgb, bound);
    assert_eq!(change_shown(&draws), "9.85 -> <9.83: ?");
}

/// A rounded nadir is shown below every other value (clinical.md §10: the
/// lowest): 12.56892 g/dL, converted from 7.8 mmol/L, is `12.569` beside a
/// 12.57 as written, never a `13` that reads higher.
#[test]
fn a_rounded_nadir_is_shown_below_the_other_values() {
    let mut draws = series(
        Analyte::Hgb,
        &[("2024-01-01", "12.57"), ("2024-01-02", "14")],
    );
    let converted = Value::exact(Decimal::parse("12.56892").unwrap()).with_significant_digits(2);
    draws[1].values.set(Analyte::Hgb, converted);
    let r = readout(&draws, Analyte::Hgb, |_| Some(Decimal::lit(135, 1)), &[]);
    let shown = r.nadir_shown.and_then(Value::shown_text);
    assert_eq!(shown.as_deref(), Some("12.569"));
    // Alone, it is shown to its digits.
    let alone = readout(&draws[1..], Analyte::Hgb, |_| None, &[]);
    assert_eq!(
        alone.nadir_shown.and_then(Value::shown_text).as_deref(),
        Some("13")
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
