//! Case tables for reference ranges and flags at every limit of
//! `clinical.md` §2, for male, female and unknown sex, with censored values.

use rstest::rstest;

use super::test_values::{decimal, value};
use super::*;
use crate::model::{Analyte, Sex, Value};

use Analyte::{Alc, Anc, Hct, Hgb, Mcv, Plt, Rbc, Retic, Wbc};
use Flag::{CriticalLow, High, Low, Undecided};
use Sex::{Female, Male, Unknown};

#[rstest]
#[case(Wbc, Male, "4.0", "11.0")]
#[case(Wbc, Female, "4.0", "11.0")]
#[case(Wbc, Unknown, "4.0", "11.0")]
#[case(Rbc, Male, "4.5", "5.9")]
#[case(Rbc, Female, "4.0", "5.2")]
#[case(Rbc, Unknown, "4.5", "5.2")]
#[case(Hgb, Male, "13.5", "17.5")]
#[case(Hgb, Female, "12.0", "15.5")]
#[case(Hgb, Unknown, "13.5", "15.5")]
#[case(Hct, Male, "41", "51")]
#[case(Hct, Female, "36", "47")]
#[case(Hct, Unknown, "41", "47")]
#[case(Mcv, Male, "80", "100")]
#[case(Mcv, Unknown, "80", "100")]
#[case(Plt, Female, "150", "450")]
#[case(Plt, Unknown, "150", "450")]
#[case(Anc, Male, "1.5", "7.7")]
#[case(Anc, Unknown, "1.5", "7.7")]
#[case(Alc, Female, "1.0", "4.8")]
#[case(Alc, Unknown, "1.0", "4.8")]
#[case(Retic, Male, "25", "100")]
#[case(Retic, Unknown, "25", "100")]
fn reference_ranges(
    #[case] analyte: Analyte,
    #[case] sex: Sex,
    #[case] lower: &str,
    #[case] upper: &str,
) {
    assert_eq!(
        reference_range(analyte, sex, &Thresholds::default()),
        (decimal(lower), decimal(upper))
    );
}

#[rstest]
#[case(Wbc, Male, "3.99", "4.0", "4.01")]
#[case(Wbc, Female, "3.99", "4.0", "4.01")]
#[case(Wbc, Unknown, "3.99", "4.0", "4.01")]
#[case(Rbc, Male, "4.49", "4.5", "4.51")]
#[case(Rbc, Female, "3.99", "4.0", "4.01")]
#[case(Rbc, Unknown, "4.49", "4.5", "4.51")]
#[case(Hgb, Male, "13.49", "13.5", "13.51")]
#[case(Hgb, Female, "11.99", "12.0", "12.01")]
#[case(Hgb, Unknown, "13.49", "13.5", "13.51")]
#[case(Hct, Male, "40.9", "41", "41.1")]
#[case(Hct, Female, "35.9", "36", "36.1")]
#[case(Hct, Unknown, "40.9", "41", "41.1")]
#[case(Mcv, Male, "79.9", "80", "80.1")]
#[case(Mcv, Female, "79.9", "80", "80.1")]
#[case(Mcv, Unknown, "79.9", "80", "80.1")]
#[case(Plt, Male, "149", "150", "151")]
#[case(Plt, Female, "149.9", "150", "150.1")]
#[case(Plt, Unknown, "149", "150", "151")]
#[case(Anc, Male, "1.49", "1.5", "1.51")]
#[case(Anc, Female, "1.49", "1.5", "1.51")]
#[case(Anc, Unknown, "1.49", "1.5", "1.51")]
#[case(Alc, Male, "0.99", "1.0", "1.01")]
#[case(Alc, Female, "0.99", "1.0", "1.01")]
#[case(Alc, Unknown, "0.99", "1.0", "1.01")]
#[case(Retic, Male, "24", "25", "26")]
#[case(Retic, Female, "24.9", "25", "25.1")]
#[case(Retic, Unknown, "24", "25", "26")]
fn lower_limit_boundaries(
    #[case] analyte: Analyte,
    #[case] sex: Sex,
    #[case] below: &str,
    #[case] at: &str,
    #[case] above: &str,
) {
    let t = Thresholds::default();
    assert_eq!(flag(analyte, value(below), sex, &t), Some(Low), "{below}");
    assert_eq!(flag(analyte, value(at), sex, &t), None, "{at}");
    assert_eq!(flag(analyte, value(above), sex, &t), None, "{above}");
    assert!(is_below_lower_limit(analyte, value(below), sex, &t));
    assert!(!is_below_lower_limit(analyte, value(at), sex, &t));
    assert!(!is_below_lower_limit(analyte, value(above), sex, &t));
}

#[rstest]
#[case(Wbc, Male, "10.9", "11.0", "11.1")]
#[case(Wbc, Female, "10.9", "11.0", "11.1")]
#[case(Wbc, Unknown, "10.9", "11.0", "11.1")]
#[case(Rbc, Male, "5.89", "5.9", "5.91")]
#[case(Rbc, Female, "5.19", "5.2", "5.21")]
#[case(Rbc, Unknown, "5.19", "5.2", "5.21")]
#[case(Hgb, Male, "17.4", "17.5", "17.6")]
#[case(Hgb, Female, "15.4", "15.5", "15.6")]
#[case(Hgb, Unknown, "15.4", "15.5", "15.6")]
#[case(Hct, Male, "50.9", "51", "51.1")]
#[case(Hct, Female, "46.9", "47", "47.1")]
#[case(Hct, Unknown, "46.9", "47", "47.1")]
#[case(Mcv, Male, "99.9", "100", "100.1")]
#[case(Mcv, Female, "99.9", "100", "100.1")]
#[case(Mcv, Unknown, "99.9", "100", "100.1")]
#[case(Plt, Male, "449", "450", "451")]
#[case(Plt, Female, "449", "450", "451")]
#[case(Plt, Unknown, "449", "450", "451")]
#[case(Anc, Male, "7.69", "7.7", "7.71")]
#[case(Anc, Female, "7.69", "7.7", "7.71")]
#[case(Anc, Unknown, "7.69", "7.7", "7.71")]
#[case(Alc, Male, "4.79", "4.8", "4.81")]
#[case(Alc, Female, "4.79", "4.8", "4.81")]
#[case(Alc, Unknown, "4.79", "4.8", "4.81")]
#[case(Retic, Male, "99", "100", "101")]
#[case(Retic, Female, "99", "100", "101")]
#[case(Retic, Unknown, "99", "100", "101")]
fn upper_limit_boundaries(
    #[case] analyte: Analyte,
    #[case] sex: Sex,
    #[case] below: &str,
    #[case] at: &str,
    #[case] above: &str,
) {
    let t = Thresholds::default();
    assert_eq!(flag(analyte, value(below), sex, &t), None, "{below}");
    assert_eq!(flag(analyte, value(at), sex, &t), None, "{at}");
    assert_eq!(flag(analyte, value(above), sex, &t), Some(High), "{above}");
}

#[rstest]
// Critical lows: platelets < 20, ANC < 0.5, hemoglobin < 7.0, WBC < 1.0.
#[case(Plt, Male, "19", Some(CriticalLow))]
#[case(Plt, Male, "20", Some(Low))]
#[case(Plt, Male, "21", Some(Low))]
#[case(Anc, Female, "0.49", Some(CriticalLow))]
#[case(Anc, Female, "0.5", Some(Low))]
#[case(Anc, Female, "0.51", Some(Low))]
#[case(Hgb, Unknown, "6.9", Some(CriticalLow))]
#[case(Hgb, Female, "7.0", Some(Low))]
#[case(Hgb, Male, "7.1", Some(Low))]
#[case(Wbc, Male, "0.99", Some(CriticalLow))]
#[case(Wbc, Male, "1.0", Some(Low))]
#[case(Wbc, Male, "1.01", Some(Low))]
#[case(Alc, Male, "0.01", Some(Low))]
#[case(Retic, Male, "0", Some(Low))]
// Censored: only what the bound proves.
#[case(Plt, Male, "<10", Some(CriticalLow))]
#[case(Plt, Male, "<20", Some(CriticalLow))]
#[case(Plt, Male, "<30", Some(Low))]
#[case(Plt, Male, "<150", Some(Low))]
#[case(Plt, Male, "<151", Some(Undecided))]
#[case(Plt, Male, "<200", Some(Undecided))]
#[case(Plt, Male, ">1000", Some(High))]
#[case(Plt, Male, ">450", Some(High))]
#[case(Plt, Male, ">449", Some(Undecided))]
#[case(Plt, Male, ">10", Some(Undecided))]
#[case(Anc, Male, "<0.5", Some(CriticalLow))]
#[case(Anc, Male, "<1", Some(Low))]
#[case(Hgb, Male, ">17.5", Some(High))]
#[case(Hgb, Female, ">17.5", Some(High))]
#[case(Hgb, Male, "<13.5", Some(Low))]
#[case(Hgb, Female, "<13.5", Some(Undecided))]
#[case(Plt, Male, "-", None)]
fn flags(
    #[case] analyte: Analyte,
    #[case] sex: Sex,
    #[case] text: &str,
    #[case] expected: Option<Flag>,
) {
    assert_eq!(
        flag(analyte, value(text), sex, &Thresholds::default()),
        expected
    );
}

#[rstest]
#[case(Plt, Male, "149", true)]
#[case(Plt, Male, "150", false)]
#[case(Plt, Male, "<30", true)]
#[case(Plt, Male, "<150", true)]
#[case(Plt, Male, "<200", false)]
#[case(Plt, Male, ">1000", false)]
#[case(Plt, Male, "-", false)]
#[case(Hgb, Female, "12.5", false)]
#[case(Hgb, Male, "12.5", true)]
#[case(Hgb, Unknown, "12.5", true)]
#[case(Anc, Unknown, "0.3", true)]
#[case(Mcv, Unknown, "120", false)]
fn below_lower_limit(
    #[case] analyte: Analyte,
    #[case] sex: Sex,
    #[case] text: &str,
    #[case] expected: bool,
) {
    assert_eq!(
        is_below_lower_limit(analyte, value(text), sex, &Thresholds::default()),
        expected
    );
}

#[test]
fn a_lab_range_wins_over_the_defaults() {
    let lab = (decimal("140"), decimal("400"));
    assert_eq!(flag_in_range(value("145"), lab, Some(decimal("20"))), None);
    assert_eq!(
        flag_in_range(value("139"), lab, Some(decimal("20"))),
        Some(Low)
    );
    assert_eq!(flag_in_range(value("401"), lab, None), Some(High));
    assert_eq!(flag_in_range(value("5"), lab, None), Some(Low));
}

#[test]
fn unknown_sex_takes_the_more_sensitive_limit_whichever_column_holds_it() {
    let mut thresholds = Thresholds::default();
    thresholds.reference.hgb.lower = BySex {
        male: decimal("12"),
        female: decimal("13"),
    };
    thresholds.reference.hgb.upper = BySex {
        male: decimal("15"),
        female: decimal("16"),
    };
    assert_eq!(
        reference_range(Hgb, Unknown, &thresholds),
        (decimal("13"), decimal("15"))
    );
}

#[test]
fn codes_read_without_colour() {
    let codes: Vec<_> = [Low, CriticalLow, High, Undecided]
        .iter()
        .map(|f| f.code())
        .collect();
    assert_eq!(codes, ["L", "LL", "H", "?"]);
}

/// A lab range of 140-400 platelets, or none.
fn lab(given: bool) -> Option<crate::model::LabRange> {
    given.then(|| crate::model::LabRange {
        lower: decimal("140"),
        upper: decimal("400"),
        places: (0, 0),
        significant: (0, 0),
    })
}

// The lab's 140-400 against clinical.md's 150-450; the critical low (20)
// stays the configuration's.
#[rstest]
#[case("145", false, Some(Low))]
#[case("145", true, None)]
#[case("140", true, None)]
#[case("139.9", true, Some(Low))]
#[case("<140", true, Some(Low))]
#[case("<141", true, Some(Undecided))]
#[case("420", false, None)]
#[case("420", true, Some(High))]
#[case("400", true, None)]
#[case("19", true, Some(CriticalLow))]
#[case("-", true, None)]
fn the_lab_range_in_use_wins_over_the_defaults(
    #[case] text: &str,
    #[case] given: bool,
    #[case] expected: Option<Flag>,
) {
    let t = Thresholds::default();
    assert_eq!(
        flag_with_lab_range(Plt, value(text), Female, None, lab(given), &t),
        expected
    );
    let range = range_in_use(Plt, Female, None, lab(given), &t);
    let below = expected.is_some_and(|flag| flag != High && flag != Undecided);
    assert_eq!(is_below_range(value(text), range), below, "{text}");
}

#[test]
fn the_range_in_use_says_where_it_came_from() {
    let t = Thresholds::default();
    let lab_range = range_in_use(Hgb, Male, None, lab(true), &t);
    let pair = |r: RangeInUse| (r.lower, r.upper);
    assert_eq!(
        pair(lab_range),
        (Some(decimal("140")), Some(decimal("400")))
    );
    assert_eq!(lab_range.source.name(), "lab");
    let default = range_in_use(Hgb, Male, None, None, &t);
    assert_eq!(
        pair(default),
        (Some(decimal("13.5")), Some(decimal("17.5")))
    );
    assert_eq!(default.source, RangeSource::Default);
}

/// 7.45-9.93 mmol/L of hemoglobin, converted: 12.00493-16.001202 g/dL,
/// written to three significant digits.
fn converted_hgb_range() -> RangeInUse {
    let lab = crate::model::LabRange::new(decimal("12.00493"), decimal("16.001202"))
        .with_significant(3, 3);
    range_in_use(Hgb, Unknown, None, Some(lab), &Thresholds::default())
}

#[test]
fn a_converted_lab_limit_is_shown_to_the_digits_the_lab_wrote() {
    let range = converted_hgb_range();
    assert_eq!(range.lower_text().as_deref(), Some("12.0"));
    assert_eq!(range.upper_text().as_deref(), Some("16.0"));
    // Far from either limit, a value leaves them so.
    assert_eq!(range.beside(value("9.1")), range);
    assert_eq!(range.beside(Value::MISSING), range);
}

#[rstest]
// 12.003 g/dL is below 12.00493 (`L`): beside it the limit is never `12.0`.
#[case("12.003", "12.005", "16.0")]
// A value shown as 12.00 needs the fifth digit too.
#[case("12.00", "12.005", "16.0")]
// Above the upper limit (`H`), and shown above it already.
#[case("16.002", "12.0", "16.0")]
// Just below the upper limit (no flag), and shown on it.
#[case("16.001", "12.0", "16.0012")]
#[case("16.0", "12.0", "16.001")]
fn a_converted_limit_is_shown_apart_from_the_value_beside_it(
    #[case] shown: &str,
    #[case] lower: &str,
    #[case] upper: &str,
) {
    let range = converted_hgb_range();
    let apart = range.beside(value(shown));
    assert_eq!(apart.lower_text().as_deref(), Some(lower));
    assert_eq!(apart.upper_text().as_deref(), Some(upper));
    // Only the digits shown change, never a limit a flag is judged by.
    assert_eq!((apart.lower, apart.upper), (range.lower, range.upper));
    assert_eq!(
        flag_for_range(Hgb, value(shown), apart, &Thresholds::default()),
        flag_for_range(Hgb, value(shown), range, &Thresholds::default())
    );
}

#[test]
fn a_converted_value_equal_to_the_converted_limit_reads_equal_to_it() {
    // 7.45 mmol/L as a value and as the limit: the same 12.00493, not
    // below the limit, both `12.0`.
    let range = converted_hgb_range();
    let same = Value::exact(decimal("12.00493")).with_significant_digits(3);
    assert_eq!(range.beside(same).lower_text().as_deref(), Some("12.0"));
    assert_eq!(
        flag_for_range(Hgb, same, range, &Thresholds::default()),
        None
    );
}

#[test]
fn a_limit_as_the_lab_wrote_it_is_never_changed_beside_a_value() {
    let lab = crate::model::LabRange::new(decimal("12.0"), decimal("16")).with_places(1, 0);
    let range = range_in_use(Hgb, Unknown, None, Some(lab), &Thresholds::default());
    let apart = range.beside(value("11.999"));
    assert_eq!(apart.lower_text().as_deref(), Some("12.0"));
    assert_eq!(apart, range);
}
