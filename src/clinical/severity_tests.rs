//! Case tables for the severity criteria and categories at every boundary
//! of `clinical.md` §1, the worked examples, and censored results.

use rstest::rstest;

use super::test_values::{decimal, draw, value};
use super::*;
use crate::model::{Analyte, Values};

use Category::{NonSevere, Severe, VerySevere};
use CriterionGroup::Cytopenia;
use Outcome::{Met, NotMet, Unknown};

/// The outcome of the criterion of this group and analyte.
fn outcome(severity: &Severity, group: CriterionGroup, analyte: Analyte) -> Outcome {
    let found: Vec<_> = severity
        .criteria
        .iter()
        .filter(|c| c.group == group && c.analyte == analyte)
        .collect();
    assert_eq!(found.len(), 1, "{group:?} {analyte:?}");
    found[0].outcome
}

fn only(analyte: Analyte, text: &str) -> Values {
    let mut values = Values::EMPTY;
    values.set(analyte, value(text));
    values
}

#[rstest]
// ANC severe-criterion < 0.5
#[case(Analyte::Anc, "0.49", CriterionGroup::Severe, Met)]
#[case(Analyte::Anc, "0.5", CriterionGroup::Severe, NotMet)]
#[case(Analyte::Anc, "0.50", CriterionGroup::Severe, NotMet)]
#[case(Analyte::Anc, "0.51", CriterionGroup::Severe, NotMet)]
// ANC cytopenia < 1.5
#[case(Analyte::Anc, "1.49", Cytopenia, Met)]
#[case(Analyte::Anc, "1.5", Cytopenia, NotMet)]
#[case(Analyte::Anc, "1.51", Cytopenia, NotMet)]
// ANC very severe < 0.2
#[case(Analyte::Anc, "0.19", CriterionGroup::VerySevere, Met)]
#[case(Analyte::Anc, "0.2", CriterionGroup::VerySevere, NotMet)]
#[case(Analyte::Anc, "0.21", CriterionGroup::VerySevere, NotMet)]
#[case(Analyte::Anc, "0", CriterionGroup::VerySevere, Met)]
// Platelets severe < 20, cytopenia < 50
#[case(Analyte::Plt, "19", CriterionGroup::Severe, Met)]
#[case(Analyte::Plt, "19.999999", CriterionGroup::Severe, Met)]
#[case(Analyte::Plt, "20", CriterionGroup::Severe, NotMet)]
#[case(Analyte::Plt, "21", CriterionGroup::Severe, NotMet)]
#[case(Analyte::Plt, "49", Cytopenia, Met)]
#[case(Analyte::Plt, "50", Cytopenia, NotMet)]
#[case(Analyte::Plt, "51", Cytopenia, NotMet)]
// Reticulocytes severe < 60 (automated, the default)
#[case(Analyte::Retic, "59", CriterionGroup::Severe, Met)]
#[case(Analyte::Retic, "60", CriterionGroup::Severe, NotMet)]
#[case(Analyte::Retic, "61", CriterionGroup::Severe, NotMet)]
// Hemoglobin cytopenia < 10
#[case(Analyte::Hgb, "9.9", Cytopenia, Met)]
#[case(Analyte::Hgb, "10", Cytopenia, NotMet)]
#[case(Analyte::Hgb, "10.0", Cytopenia, NotMet)]
#[case(Analyte::Hgb, "10.1", Cytopenia, NotMet)]
// Missing: unknown
#[case(Analyte::Anc, "-", CriterionGroup::Severe, Unknown)]
#[case(Analyte::Hgb, "-", Cytopenia, Unknown)]
// Censored: met when the bound is at or below the cut-off
#[case(Analyte::Plt, "<10", CriterionGroup::Severe, Met)]
#[case(Analyte::Plt, "<10", Cytopenia, Met)]
#[case(Analyte::Plt, "<20", CriterionGroup::Severe, Met)]
#[case(Analyte::Plt, "<21", CriterionGroup::Severe, Unknown)]
#[case(Analyte::Plt, "<30", CriterionGroup::Severe, Unknown)]
#[case(Analyte::Plt, "<30", Cytopenia, Met)]
#[case(Analyte::Plt, "<50", Cytopenia, Met)]
#[case(Analyte::Plt, "<51", Cytopenia, Unknown)]
#[case(Analyte::Plt, ">1000", CriterionGroup::Severe, NotMet)]
#[case(Analyte::Plt, ">1000", Cytopenia, NotMet)]
#[case(Analyte::Plt, ">20", CriterionGroup::Severe, NotMet)]
#[case(Analyte::Plt, ">19", CriterionGroup::Severe, Unknown)]
#[case(Analyte::Plt, ">20", Cytopenia, Unknown)]
#[case(Analyte::Plt, ">50", Cytopenia, NotMet)]
#[case(Analyte::Anc, "<0.2", CriterionGroup::VerySevere, Met)]
#[case(Analyte::Anc, "<0.5", CriterionGroup::VerySevere, Unknown)]
#[case(Analyte::Anc, "<0.5", CriterionGroup::Severe, Met)]
#[case(Analyte::Anc, ">0.2", CriterionGroup::VerySevere, NotMet)]
#[case(Analyte::Anc, ">0.2", CriterionGroup::Severe, Unknown)]
#[case(Analyte::Retic, "<60", CriterionGroup::Severe, Met)]
#[case(Analyte::Retic, "<61", CriterionGroup::Severe, Unknown)]
#[case(Analyte::Retic, ">60", CriterionGroup::Severe, NotMet)]
#[case(Analyte::Hgb, "<10", Cytopenia, Met)]
#[case(Analyte::Hgb, ">9", Cytopenia, Unknown)]
#[case(Analyte::Hgb, ">10", Cytopenia, NotMet)]
fn criterion_outcome_at_each_boundary(
    #[case] analyte: Analyte,
    #[case] text: &str,
    #[case] group: CriterionGroup,
    #[case] expected: Outcome,
) {
    let severity = classify(&only(analyte, text), &Thresholds::default());
    assert_eq!(outcome(&severity, group, analyte), expected);
}

#[rstest]
#[case("19", Met)]
#[case("19.99", Met)]
#[case("20", NotMet)]
#[case("21", NotMet)]
#[case("59", NotMet)]
#[case("<20", Met)]
#[case("<25", Unknown)]
fn manual_reticulocyte_cutoff_is_20(#[case] text: &str, #[case] expected: Outcome) {
    let thresholds = Thresholds {
        retic_method: RetMethod::Manual,
        ..Thresholds::default()
    };
    let severity = classify(&only(Analyte::Retic, text), &thresholds);
    assert_eq!(
        outcome(&severity, CriterionGroup::Severe, Analyte::Retic),
        expected
    );
}

/// Complete draws, each varying one value across one cut-off while the
/// others hold the decision on that cut-off.
#[rstest]
// ANC 0.2 decides very severe (hgb, plt cytopenias; plt, retic severe)
#[case("8", "10", "0.19", "30", VerySevere)]
#[case("8", "10", "0.2", "30", Severe)]
#[case("8", "10", "0.21", "30", Severe)]
// ANC 0.5 decides severe (plt is a cytopenia only; retic the other severe)
#[case("8", "30", "0.49", "30", Severe)]
#[case("8", "30", "0.5", "30", NonSevere)]
#[case("8", "30", "0.51", "30", NonSevere)]
// ANC 1.5 decides the second cytopenia
#[case("12", "30", "1.49", "30", NonSevere)]
#[case("12", "30", "1.5", "30", Category::None)]
#[case("12", "30", "1.51", "30", Category::None)]
// Platelets 20 decide severe
#[case("8", "19", "1", "30", Severe)]
#[case("8", "20", "1", "30", NonSevere)]
#[case("8", "21", "1", "30", NonSevere)]
// Platelets 50 decide the second cytopenia
#[case("12", "49", "1", "30", NonSevere)]
#[case("12", "50", "1", "30", Category::None)]
#[case("12", "51", "1", "30", Category::None)]
// Reticulocytes 60 decide severe
#[case("8", "10", "1", "59", Severe)]
#[case("8", "10", "1", "60", NonSevere)]
#[case("8", "10", "1", "61", NonSevere)]
// Hemoglobin 10 decides the second cytopenia
#[case("9.9", "30", "2", "30", NonSevere)]
#[case("10", "30", "2", "30", Category::None)]
#[case("10.1", "30", "2", "30", Category::None)]
// The gate: 2 severe-criteria but one cytopenia is not graded
#[case("14", "10", "2", "30", Category::None)]
// All lines low but the severe-criteria one short
#[case("6", "45", "0.1", "80", NonSevere)]
fn category_at_each_boundary(
    #[case] hgb: &str,
    #[case] plt: &str,
    #[case] anc: &str,
    #[case] retic: &str,
    #[case] expected: Category,
) {
    let severity = classify(&draw(hgb, plt, anc, retic), &Thresholds::default());
    assert_eq!(severity.category, expected);
    assert!(
        severity.could_be.is_empty(),
        "complete data leaves nothing open"
    );
}

#[rstest]
#[case("8", "10", "1", "19", Severe)]
#[case("8", "10", "1", "20", NonSevere)]
#[case("8", "10", "1", "21", NonSevere)]
#[case("8", "10", "1", "59", NonSevere)]
fn manual_method_moves_the_category(
    #[case] hgb: &str,
    #[case] plt: &str,
    #[case] anc: &str,
    #[case] retic: &str,
    #[case] expected: Category,
) {
    let thresholds = Thresholds {
        retic_method: RetMethod::Manual,
        ..Thresholds::default()
    };
    let severity = classify(&draw(hgb, plt, anc, retic), &thresholds);
    assert_eq!(severity.category, expected);
}

/// `clinical.md` §1's worked examples, then more incomplete and censored draws.
#[rstest]
#[case::spec_anc_cannot_be_very_severe("8", "10", "0.3", "-", Severe, &[])]
#[case::spec_anc_missing("8", "12", "-", "30", Severe, &[VerySevere])]
#[case::spec_no_pancytopenic_pattern_possible("14.9", "245", "-", "-", Category::None, &[])]
#[case::one_anc_skips_non_severe("14.9", "10", "-", "30", Category::None, &[Severe, VerySevere])]
#[case::everything_missing("-", "-", "-", "-", Category::None, &[NonSevere, Severe, VerySevere])]
#[case::retic_missing_could_make_severe("8", "10", "1", "-", NonSevere, &[Severe])]
#[case::hgb_not_needed("-", "10", "0.1", "30", VerySevere, &[])]
#[case::hgb_missing_anc_not_low("-", "10", "2", "30", Category::None, &[Severe])]
#[case::censored_plt_unknown_for_20("8", "<30", "1", "30", NonSevere, &[Severe])]
#[case::censored_plt_proves_20("8", "<10", "1", "30", Severe, &[])]
#[case::high_censored_plt("8", ">1000", "0.1", "80", NonSevere, &[])]
#[case::anc_below_half("8", "30", "<0.5", "30", Severe, &[VerySevere])]
#[case::anc_above_bound("8", "30", ">0.3", "30", NonSevere, &[Severe])]
#[case::anc_above_low_bound("8", "30", ">0.1", "30", NonSevere, &[Severe, VerySevere])]
#[case::anc_above_bound_irrelevant("8", "10", ">0.3", "30", Severe, &[])]
#[case::retic_censored_high("8", "10", "1", ">100", NonSevere, &[])]
fn incomplete_draws(
    #[case] hgb: &str,
    #[case] plt: &str,
    #[case] anc: &str,
    #[case] retic: &str,
    #[case] category: Category,
    #[case] could_be: &[Category],
) {
    let severity = classify(&draw(hgb, plt, anc, retic), &Thresholds::default());
    assert_eq!(severity.category, category);
    assert_eq!(severity.could_be, could_be);
}

#[test]
fn criteria_come_in_the_documented_order_with_their_values() {
    let values = draw("8", "<30", "-", "45");
    let severity = classify(&values, &Thresholds::default());
    let listed: Vec<_> = severity
        .criteria
        .iter()
        .map(|c| (c.group, c.analyte, c.cutoff, c.value, c.outcome))
        .collect();
    let severe = CriterionGroup::Severe;
    let very = CriterionGroup::VerySevere;
    assert_eq!(
        listed,
        [
            (severe, Analyte::Anc, decimal("0.5"), value("-"), Unknown),
            (severe, Analyte::Plt, decimal("20"), value("<30"), Unknown),
            (severe, Analyte::Retic, decimal("60"), value("45"), Met),
            (Cytopenia, Analyte::Hgb, decimal("10"), value("8"), Met),
            (Cytopenia, Analyte::Plt, decimal("50"), value("<30"), Met),
            (Cytopenia, Analyte::Anc, decimal("1.5"), value("-"), Unknown),
            (very, Analyte::Anc, decimal("0.2"), value("-"), Unknown),
        ]
    );
    assert_eq!(severity.criteria.len(), CRITERIA_COUNT);
}

#[test]
fn rules_read_with_their_units() {
    let severity = classify(&Values::EMPTY, &Thresholds::default());
    let rules: Vec<_> = severity.criteria.iter().map(Criterion::rule).collect();
    assert_eq!(
        rules,
        [
            "ANC < 0.5 x10^9/L",
            "platelets < 20 x10^9/L",
            "reticulocytes < 60 x10^9/L",
            "hemoglobin < 10 g/dL",
            "platelets < 50 x10^9/L",
            "ANC < 1.5 x10^9/L",
            "ANC < 0.2 x10^9/L",
        ]
    );
}

#[test]
fn names_and_labels() {
    let names: Vec<_> = Category::ALL.iter().map(|c| c.name()).collect();
    assert_eq!(names, ["none", "non-severe", "severe", "very-severe"]);
    let labels: Vec<_> = Category::ALL.iter().map(|c| c.label()).collect();
    assert_eq!(labels, ["none", "non-severe", "severe", "very severe"]);
    assert!(Category::None < NonSevere && NonSevere < Severe && Severe < VerySevere);
    let outcomes: Vec<_> = [Met, NotMet, Unknown].iter().map(|o| o.name()).collect();
    assert_eq!(outcomes, ["met", "not met", "unknown"]);
    assert_eq!(
        serde_json::to_string(&(VerySevere, NotMet)).unwrap(),
        r#"["very-severe","not met"]"#
    );
}

/// A value converted from another unit to exactly a cut-off equals it, so
/// it does not meet the strict `<` (the conversion is exact decimal
/// arithmetic, never binary floating point).
#[rstest]
#[case(Analyte::Plt, "20000", "0.001", CriterionGroup::Severe, NotMet)]
#[case(Analyte::Plt, "50000", "0.001", Cytopenia, NotMet)]
#[case(Analyte::Plt, "19999", "0.001", CriterionGroup::Severe, Met)]
#[case(Analyte::Anc, "500", "0.001", CriterionGroup::Severe, NotMet)]
#[case(Analyte::Anc, "1500", "0.001", Cytopenia, NotMet)]
#[case(Analyte::Anc, "200", "0.001", CriterionGroup::VerySevere, NotMet)]
#[case(Analyte::Retic, "60000", "0.001", CriterionGroup::Severe, NotMet)]
#[case(Analyte::Hgb, "100", "0.1", Cytopenia, NotMet)]
// clinical.md §1: 6.2055 mmol/L = 9.99954 g/dL meets < 10; 6.2060 does not.
#[case(Analyte::Hgb, "6.2055", "1.6114", Cytopenia, Met)]
#[case(Analyte::Hgb, "6.2060", "1.6114", Cytopenia, NotMet)]
#[case(Analyte::Hgb, "6.21", "1.6114", Cytopenia, NotMet)]
fn converted_values_compare_exactly(
    #[case] analyte: Analyte,
    #[case] amount: &str,
    #[case] factor: &str,
    #[case] group: CriterionGroup,
    #[case] expected: Outcome,
) {
    let converted = crate::ingest::units::times_factor(decimal(amount), decimal(factor)).unwrap();
    let mut values = Values::EMPTY;
    values.set(analyte, crate::model::Value::exact(converted));
    let severity = classify(&values, &Thresholds::default());
    assert_eq!(outcome(&severity, group, analyte), expected);
}
