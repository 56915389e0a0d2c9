//! Case tables for CTCAE v5.0 grades at every line of `clinical.md` §3,
//! with censored values.

use rstest::rstest;

use super::test_values::{decimal, value};
use super::*;
use crate::model::{Analyte, Sex};

use Analyte::{Alc, Anc, Hct, Hgb, Mcv, Plt, Rbc, Retic, Wbc};
use Sex::{Female, Male, Unknown};

fn grade(low: u8, high: u8) -> Option<Grade> {
    Some(Grade { low, high })
}

#[rstest]
// Platelet count decreased: <LLN(150)-75, <75-50, <50-25, <25.
#[case(Plt, Male, "151", grade(0, 0))]
#[case(Plt, Male, "150", grade(0, 0))]
#[case(Plt, Male, "149", grade(1, 1))]
#[case(Plt, Male, "76", grade(1, 1))]
#[case(Plt, Male, "75", grade(1, 1))]
#[case(Plt, Male, "74", grade(2, 2))]
#[case(Plt, Male, "51", grade(2, 2))]
#[case(Plt, Male, "50", grade(2, 2))]
#[case(Plt, Male, "49", grade(3, 3))]
#[case(Plt, Male, "26", grade(3, 3))]
#[case(Plt, Male, "25", grade(3, 3))]
#[case(Plt, Male, "24", grade(4, 4))]
#[case(Plt, Male, "24.9", grade(4, 4))]
#[case(Plt, Male, "0", grade(4, 4))]
// Neutrophil count decreased: LLN 1.5 equals the grade 2 line, so no grade 1.
#[case(Anc, Female, "1.51", grade(0, 0))]
#[case(Anc, Female, "1.5", grade(0, 0))]
#[case(Anc, Female, "1.49", grade(2, 2))]
#[case(Anc, Female, "1.01", grade(2, 2))]
#[case(Anc, Female, "1.0", grade(2, 2))]
#[case(Anc, Female, "0.99", grade(3, 3))]
#[case(Anc, Female, "0.51", grade(3, 3))]
#[case(Anc, Female, "0.5", grade(3, 3))]
#[case(Anc, Female, "0.49", grade(4, 4))]
// White blood cell decreased: <LLN(4.0)-3.0, <3.0-2.0, <2.0-1.0, <1.0.
#[case(Wbc, Unknown, "4.01", grade(0, 0))]
#[case(Wbc, Unknown, "4.0", grade(0, 0))]
#[case(Wbc, Unknown, "3.99", grade(1, 1))]
#[case(Wbc, Unknown, "3.01", grade(1, 1))]
#[case(Wbc, Unknown, "3.0", grade(1, 1))]
#[case(Wbc, Unknown, "2.99", grade(2, 2))]
#[case(Wbc, Unknown, "2.01", grade(2, 2))]
#[case(Wbc, Unknown, "2.0", grade(2, 2))]
#[case(Wbc, Unknown, "1.99", grade(3, 3))]
#[case(Wbc, Unknown, "1.01", grade(3, 3))]
#[case(Wbc, Unknown, "1.0", grade(3, 3))]
#[case(Wbc, Unknown, "0.99", grade(4, 4))]
// Lymphocyte count decreased: <LLN(1.0)-0.8, <0.8-0.5, <0.5-0.2, <0.2.
#[case(Alc, Male, "1.01", grade(0, 0))]
#[case(Alc, Male, "1.0", grade(0, 0))]
#[case(Alc, Male, "0.99", grade(1, 1))]
#[case(Alc, Male, "0.81", grade(1, 1))]
#[case(Alc, Male, "0.8", grade(1, 1))]
#[case(Alc, Male, "0.79", grade(2, 2))]
#[case(Alc, Male, "0.51", grade(2, 2))]
#[case(Alc, Male, "0.5", grade(2, 2))]
#[case(Alc, Male, "0.49", grade(3, 3))]
#[case(Alc, Male, "0.21", grade(3, 3))]
#[case(Alc, Male, "0.2", grade(3, 3))]
#[case(Alc, Male, "0.19", grade(4, 4))]
// Anemia: <LLN-10.0, <10.0-8.0, <8.0; no grade 4 number. LLN by sex.
#[case(Hgb, Male, "13.6", grade(0, 0))]
#[case(Hgb, Male, "13.5", grade(0, 0))]
#[case(Hgb, Male, "13.4", grade(1, 1))]
#[case(Hgb, Female, "12.1", grade(0, 0))]
#[case(Hgb, Female, "12.0", grade(0, 0))]
#[case(Hgb, Female, "11.9", grade(1, 1))]
#[case(Hgb, Female, "13.0", grade(0, 0))]
#[case(Hgb, Unknown, "13.5", grade(0, 0))]
#[case(Hgb, Unknown, "13.4", grade(1, 1))]
#[case(Hgb, Male, "10.1", grade(1, 1))]
#[case(Hgb, Male, "10", grade(1, 1))]
#[case(Hgb, Male, "9.9", grade(2, 2))]
#[case(Hgb, Female, "8.1", grade(2, 2))]
#[case(Hgb, Female, "8.0", grade(2, 2))]
#[case(Hgb, Female, "7.9", grade(3, 3))]
#[case(Hgb, Female, "3", grade(3, 3))]
#[case(Hgb, Female, "0", grade(3, 3))]
// Censored: the range of grades the bound allows.
#[case(Plt, Male, "<30", grade(3, 4))]
#[case(Plt, Male, "<25", grade(4, 4))]
#[case(Plt, Male, "<10", grade(4, 4))]
#[case(Plt, Male, "<26", grade(3, 4))]
#[case(Plt, Male, "<75", grade(2, 4))]
#[case(Plt, Male, "<76", grade(1, 4))]
#[case(Plt, Male, "<150", grade(1, 4))]
#[case(Plt, Male, "<151", grade(0, 4))]
#[case(Plt, Male, ">1000", grade(0, 0))]
#[case(Plt, Male, ">150", grade(0, 0))]
#[case(Plt, Male, ">149", grade(0, 1))]
#[case(Plt, Male, ">30", grade(0, 3))]
#[case(Plt, Male, ">25", grade(0, 3))]
#[case(Plt, Male, ">24", grade(0, 4))]
#[case(Anc, Male, "<0.5", grade(4, 4))]
#[case(Anc, Male, "<1", grade(3, 4))]
#[case(Anc, Male, ">1", grade(0, 2))]
#[case(Hgb, Male, "<5", grade(3, 3))]
#[case(Hgb, Male, "<9", grade(2, 3))]
#[case(Hgb, Male, ">9", grade(0, 2))]
// No grade: analytes without a "decreased" term here, and missing values.
#[case(Rbc, Male, "2.0", None)]
#[case(Hct, Male, "20", None)]
#[case(Mcv, Male, "60", None)]
#[case(Retic, Male, "5", None)]
#[case(Plt, Male, "-", None)]
#[case(Hgb, Female, "-", None)]
fn grades(
    #[case] analyte: Analyte,
    #[case] sex: Sex,
    #[case] text: &str,
    #[case] expected: Option<Grade>,
) {
    assert_eq!(
        ctcae_grade(analyte, value(text), sex, &Thresholds::default()),
        expected
    );
}

#[test]
fn a_lab_lln_moves_grade_one_only() {
    let thresholds = Thresholds::default();
    let lln = decimal("140");
    let graded = |text| ctcae_grade_with_lln(Plt, value(text), Some(lln), &thresholds);
    assert_eq!(graded("145"), grade(0, 0));
    assert_eq!(graded("139"), grade(1, 1));
    assert_eq!(graded("74"), grade(2, 2));
}

#[rstest]
#[case(Grade { low: 3, high: 3 }, "G3")]
#[case(Grade { low: 0, high: 0 }, "G0")]
#[case(Grade { low: 3, high: 4 }, "G3-4")]
#[case(Grade { low: 0, high: 2 }, "G0-2")]
fn grades_display(#[case] grade: Grade, #[case] text: &str) {
    assert_eq!(grade.to_string(), text);
}

#[test]
fn version_is_named() {
    assert_eq!(CTCAE_VERSION, "CTCAE v5.0");
}

/// A censored value that may lie at or above a child's LLN below a grade
/// line may be grade 0: ANC `<1.5` at 2 months (LLN 1.0) allows the normal
/// 1.2, so G0-4, never a proven G2; proven below the LLN it is graded by
/// the lines.
#[rstest]
#[case(Anc, "<1.5", "1.0", grade(0, 4))]
#[case(Anc, "<1.0", "1.0", grade(3, 4))]
#[case(Anc, "<0.5", "1.0", grade(4, 4))]
#[case(Hgb, "<10", "9.0", grade(0, 3))]
#[case(Hgb, "<9.0", "9.0", grade(2, 3))]
#[case(Plt, "<30", "150", grade(3, 4))]
fn a_censored_value_that_may_be_normal_for_the_age_may_be_grade_0(
    #[case] analyte: Analyte,
    #[case] text: &str,
    #[case] lln: &str,
    #[case] expected: Option<Grade>,
) {
    let thresholds = Thresholds::default();
    assert_eq!(
        ctcae_grade_with_lln(analyte, value(text), Some(decimal(lln)), &thresholds),
        expected
    );
}
