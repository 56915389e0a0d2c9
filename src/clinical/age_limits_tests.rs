//! The limits by age at every band edge of `clinical.md` §2a, for a child
//! born on 2020-01-15 (2020 is a leap year, so the calendar ages and the
//! day counts differ where it matters).

use rstest::rstest;

use super::test_values::{decimal, value};
use super::*;
use crate::model::{Analyte, Sex, Timestamp};
use Analyte::{Anc, Hgb, Mcv, Plt, Retic, Wbc};
use Sex::{Female, Male, Unknown};

fn at(y: i32, m: u8, d: u8) -> Timestamp {
    Timestamp::from_date(y, m, d).unwrap()
}

/// The range in force, as `(source, lower, upper, band)`.
fn range(
    analyte: Analyte,
    sex: Sex,
    when: Timestamp,
) -> (&'static str, Option<String>, Option<String>, Option<String>) {
    let age = Age::at(at(2020, 1, 15), when);
    let range = range_in_use(analyte, sex, age, None, &Thresholds::default());
    (
        range.source.name(),
        range.lower.map(|d| d.to_string()),
        range.upper.map(|d| d.to_string()),
        range.band.map(|b| b.to_string()),
    )
}

fn s(text: &str) -> Option<String> {
    Some(text.to_string())
}

#[rstest]
// Day 3 / day 4: the first red-cell edge.
#[case(
    Hgb,
    Male,
    at(2020, 1, 18),
    "age",
    s("14.5"),
    s("22.5"),
    s("0 d - 4 d")
)]
#[case(
    Hgb,
    Male,
    at(2020, 1, 19),
    "age",
    s("13.5"),
    s("21.5"),
    s("4 d - 8 d")
)]
// Day 13 / 14: neutrophils get a lower limit from 2 weeks.
#[case(Anc, Female, at(2020, 1, 28), "age", None, s("18.3"), s("0 d - 14 d"))]
#[case(
    Anc,
    Female,
    at(2020, 1, 29),
    "age",
    s("1"),
    s("18.3"),
    s("14 d - 1 mo")
)]
// Day 14 / 15: red cells.
#[case(
    Hgb,
    Female,
    at(2020, 1, 29),
    "age",
    s("12.5"),
    s("20.5"),
    s("8 d - 15 d")
)]
#[case(
    Hgb,
    Female,
    at(2020, 1, 30),
    "age",
    s("10"),
    s("18"),
    s("15 d - 1 mo")
)]
// 1 month: the same day of the next month.
#[case(Hgb, Male, at(2020, 2, 14), "age", s("10"), s("18"), s("15 d - 1 mo"))]
#[case(Hgb, Male, at(2020, 2, 15), "age", s("9"), s("14"), s("1 mo - 3 mo"))]
#[case(
    Wbc,
    Male,
    at(2020, 2, 14),
    "age",
    s("9.1"),
    s("30.1"),
    s("14 d - 1 mo")
)]
#[case(
    Wbc,
    Male,
    at(2020, 2, 15),
    "age",
    s("6.1"),
    s("17.5"),
    s("1 mo - 1 y")
)]
// 3 and 6 months.
#[case(Hgb, Male, at(2020, 4, 14), "age", s("9"), s("14"), s("1 mo - 3 mo"))]
#[case(
    Hgb,
    Male,
    at(2020, 4, 15),
    "age",
    s("9.5"),
    s("13.5"),
    s("3 mo - 6 mo")
)]
#[case(Mcv, Male, at(2020, 7, 14), "age", s("74"), s("108"), s("3 mo - 6 mo"))]
#[case(Mcv, Male, at(2020, 7, 15), "age", s("70"), s("86"), s("6 mo - 2 y"))]
// 12 weeks (day 84): reticulocytes get an interval.
#[case(Retic, Male, at(2020, 4, 7), "age", None, None, None)]
#[case(
    Retic,
    Male,
    at(2020, 4, 8),
    "age",
    s("25"),
    s("100"),
    s("12 w - 18 y")
)]
// 1 year: the neutrophil limit becomes the adult 1.5.
#[case(Anc, Male, at(2021, 1, 14), "age", s("1"), s("5.4"), s("1 mo - 1 y"))]
#[case(Anc, Male, at(2021, 1, 15), "age", s("1.5"), s("5.4"), s("1 y - 2 y"))]
// 2 years.
#[case(
    Hgb,
    Male,
    at(2022, 1, 14),
    "age",
    s("10.5"),
    s("13.5"),
    s("6 mo - 2 y")
)]
#[case(
    Hgb,
    Male,
    at(2022, 1, 15),
    "age",
    s("11.5"),
    s("13.5"),
    s("2 y - 6 y")
)]
#[case(
    Wbc,
    Male,
    at(2022, 1, 15),
    "age",
    s("4.5"),
    s("13.5"),
    s("2 y - 11 y")
)]
// 6 years: the Fanconi child's hemoglobin 12.4 is normal here.
#[case(
    Hgb,
    Male,
    at(2026, 1, 14),
    "age",
    s("11.5"),
    s("13.5"),
    s("2 y - 6 y")
)]
#[case(
    Hgb,
    Male,
    at(2026, 1, 15),
    "age",
    s("11.5"),
    s("15.5"),
    s("6 y - 12 y")
)]
// 11 years: white cells.
#[case(
    Wbc,
    Male,
    at(2031, 1, 14),
    "age",
    s("4.5"),
    s("13.5"),
    s("2 y - 11 y")
)]
#[case(
    Wbc,
    Male,
    at(2031, 1, 15),
    "age",
    s("4.5"),
    s("11.1"),
    s("11 y - 18 y")
)]
// 12 years: red cells split by sex; unknown takes the more sensitive ends.
#[case(
    Hgb,
    Female,
    at(2032, 1, 14),
    "age",
    s("11.5"),
    s("15.5"),
    s("6 y - 12 y")
)]
#[case(
    Hgb,
    Female,
    at(2032, 1, 15),
    "age",
    s("12"),
    s("16"),
    s("12 y - 18 y, female")
)]
#[case(
    Hgb,
    Male,
    at(2032, 1, 15),
    "age",
    s("13"),
    s("16"),
    s("12 y - 18 y, male")
)]
#[case(
    Hgb,
    Unknown,
    at(2032, 1, 15),
    "age",
    s("13"),
    s("16"),
    s("12 y - 18 y")
)]
#[case(
    Mcv,
    Unknown,
    at(2032, 1, 15),
    "age",
    s("78"),
    s("98"),
    s("12 y - 18 y")
)]
// 18 years: the adult limits, by sex.
#[case(
    Hgb,
    Male,
    at(2038, 1, 14),
    "age",
    s("13"),
    s("16"),
    s("12 y - 18 y, male")
)]
#[case(Hgb, Male, at(2038, 1, 15), "default", s("13.5"), s("17.5"), None)]
#[case(Hgb, Female, at(2038, 1, 15), "default", s("12"), s("15.5"), None)]
// Platelets are 150-450 at every age.
#[case(
    Plt,
    Female,
    at(2020, 1, 15),
    "age",
    s("150"),
    s("450"),
    s("0 d - 18 y")
)]
fn the_limits_follow_the_age_at_every_band_edge(
    #[case] analyte: Analyte,
    #[case] sex: Sex,
    #[case] when: Timestamp,
    #[case] source: &str,
    #[case] lower: Option<String>,
    #[case] upper: Option<String>,
    #[case] band: Option<String>,
) {
    assert_eq!(range(analyte, sex, when), (source, lower, upper, band));
}

#[test]
fn without_a_birth_date_the_adult_limits_apply() {
    let t = Thresholds::default();
    let range = range_in_use(Hgb, Male, None, None, &t);
    assert_eq!(range.source, RangeSource::Default);
    assert_eq!(range.lower, Some(decimal("13.5")));
}

#[test]
fn a_lab_range_wins_over_the_age_band() {
    let t = Thresholds::default();
    let age = Age::at(at(2020, 1, 15), at(2026, 6, 1));
    let lab = crate::model::LabRange {
        lower: decimal("12"),
        upper: decimal("14"),
        places: (0, 0),
        significant: (0, 0),
    };
    let range = range_in_use(Hgb, Male, age, Some(lab), &t);
    assert_eq!(range.source, RangeSource::Lab);
}

// The flags the issue found wrong: a 6-year-old's hemoglobin 12.4 and a
// newborn's day-1 counts are normal for the age.
#[rstest]
#[case(Hgb, at(2026, 6, 1), "12.4", None)]
#[case(Hgb, at(2026, 6, 1), "11.4", Some(Flag::Low))]
#[case(Hgb, at(2026, 6, 1), "6.9", Some(Flag::CriticalLow))]
#[case(Wbc, at(2020, 1, 16), "25", None)]
#[case(Mcv, at(2020, 1, 16), "110", None)]
#[case(Anc, at(2020, 1, 16), "12", None)]
// No lower limit in the first two weeks, but the critical low is not
// age-adjusted (clinical.md §2): 0.3 is `LL`, 0.5 is no flag, and `<0.6`
// is `?` (it may be `LL`).
#[case(Anc, at(2020, 1, 16), "0.3", Some(Flag::CriticalLow))]
#[case(Anc, at(2020, 1, 28), "0.49", Some(Flag::CriticalLow))]
#[case(Anc, at(2020, 1, 16), "0.5", None)]
#[case(Anc, at(2020, 1, 16), "<0.4", Some(Flag::CriticalLow))]
#[case(Anc, at(2020, 1, 16), "<0.6", Some(Flag::Undecided))]
#[case(Anc, at(2020, 1, 16), "19", Some(Flag::High))]
#[case(Retic, at(2020, 1, 16), "5", None)]
#[case(Retic, at(2020, 1, 16), "500", None)]
#[case(Plt, at(2026, 6, 1), "<200", Some(Flag::Undecided))]
fn children_are_flagged_by_the_limits_for_their_age(
    #[case] analyte: Analyte,
    #[case] when: Timestamp,
    #[case] text: &str,
    #[case] expected: Option<Flag>,
) {
    let t = Thresholds::default();
    let age = Age::at(at(2020, 1, 15), when);
    assert_eq!(
        flag_with_lab_range(analyte, value(text), Male, age, None, &t),
        expected
    );
}

// CTCAE's LLN is the one for the age: hemoglobin 11.6 at 6 years is not
// anemia (LLN 11.5), 11.4 is grade 1; by adult limits both were grade 1.
#[rstest]
#[case("11.6", 0)]
#[case("11.4", 1)]
#[case("9.9", 2)]
fn the_ctcae_lln_follows_the_age(#[case] text: &str, #[case] grade: u8) {
    let t = Thresholds::default();
    let age = Age::at(at(2020, 1, 15), at(2026, 6, 1));
    let range = range_in_use(Hgb, Male, age, None, &t);
    let graded = ctcae_grade_with_lln(Hgb, value(text), range.lower, &t);
    assert_eq!(graded.map(|g| (g.low, g.high)), Some((grade, grade)));
}

#[test]
fn a_newborns_neutrophils_grade_by_the_numbered_lines_alone() {
    let t = Thresholds::default();
    let age = Age::at(at(2020, 1, 15), at(2020, 1, 16));
    let range = range_in_use(Anc, Male, age, None, &t);
    assert_eq!(range.lower, None);
    let graded = |text| ctcae_grade_with_lln(Anc, value(text), range.lower, &t);
    assert_eq!(graded("3").map(|g| g.high), Some(0));
    assert_eq!(graded("0.4").map(|g| g.low), Some(4));
}

/// Every day from a month before the 18th birthday to a month after it,
/// for a birthday on 29 February and one on 15 January, with the default
/// and a changed adult age: the age found for the limits gives each
/// analyte the range the full age gives it, and is none from the adult age
/// on.
#[test]
fn the_age_for_the_limits_gives_the_ranges_the_full_age_gives() {
    let mut changed = Thresholds::default();
    changed.age.adult_from = AgeSpan::new(17, AgeUnit::Year);
    for t in [Thresholds::default(), changed] {
        for birth in [at(2004, 2, 29), at(2006, 1, 15)] {
            let adult_day = birth.day_number()
                + t.age.adult_from.days_after((
                    birth.civil().year,
                    birth.civil().month,
                    birth.civil().day,
                ));
            for offset in -31..31 {
                let civil =
                    crate::model::CivilTime::from_unix_seconds((adult_day + offset) * 86_400);
                let when = at(civil.year, civil.month, civil.day);
                let for_limits = t.age.age_for_limits(Some(birth), when);
                let full = Age::at(birth, when);
                assert_eq!(
                    for_limits.is_none(),
                    when.day_number() >= adult_day,
                    "{birth} at {when}"
                );
                for analyte in Analyte::ALL {
                    for sex in [Male, Female, Unknown] {
                        assert_eq!(
                            range_in_use(analyte, sex, for_limits, None, &t),
                            range_in_use(analyte, sex, full, None, &t),
                            "{analyte:?} {sex:?}, {birth} at {when}"
                        );
                    }
                }
            }
        }
    }
    assert_eq!(
        Thresholds::default()
            .age
            .age_for_limits(None, at(2024, 1, 1)),
        None
    );
}
