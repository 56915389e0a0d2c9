//! Property tests of [`classify`]: monotonicity, and agreement with a
//! brute-force oracle that completes the draw value by value.
//!
//! The oracle shares nothing with the production code: it works on integer
//! micro-units (10^-6 of the canonical unit), writes the cut-offs of
//! `clinical.md` §1 out again, enumerates concrete values rather than bands,
//! and applies the category table directly.

use proptest::prelude::*;

use super::*;
use crate::model::{Analyte, Censor, Decimal, Reading, Value, Values};

/// A test value in milli-units of the canonical unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TestValue {
    Missing,
    Exact(u32),
    Below(u32),
    Above(u32),
}

impl TestValue {
    fn to_value(self) -> Value {
        let (censor, milli) = match self {
            TestValue::Missing => return Value::MISSING,
            TestValue::Exact(milli) => (Censor::Exact, milli),
            TestValue::Below(milli) => (Censor::Below, milli),
            TestValue::Above(milli) => (Censor::Above, milli),
        };
        Value::new(Reading {
            amount: Decimal::new(u64::from(milli), 3).unwrap(),
            censor,
            derived: false,
        })
    }

    /// The same kind of value, `delta` milli-units lower (a `<x` bound stays
    /// above 0 so that it still allows a value).
    fn lowered(self, delta: u32) -> TestValue {
        match self {
            TestValue::Missing => TestValue::Missing,
            TestValue::Exact(v) => TestValue::Exact(v.saturating_sub(delta)),
            TestValue::Below(x) => TestValue::Below(x.saturating_sub(delta).max(1)),
            TestValue::Above(x) => TestValue::Above(x.saturating_sub(delta)),
        }
    }
}

/// The four analytes the criteria test, in the oracle's order.
const ANALYTES: [Analyte; 4] = [Analyte::Anc, Analyte::Plt, Analyte::Retic, Analyte::Hgb];

/// `clinical.md` §1's cut-offs in micro-units, written out independently.
const MICRO: u64 = 1_000_000;
const ANC_VERY_SEVERE: u64 = 200_000;
const ANC_SEVERE: u64 = 500_000;
const ANC_CYTOPENIA: u64 = 1_500_000;
const PLT_SEVERE: u64 = 20 * MICRO;
const PLT_CYTOPENIA: u64 = 50 * MICRO;
const RETIC_AUTOMATED: u64 = 60 * MICRO;
const RETIC_MANUAL: u64 = 20 * MICRO;
const HGB_CYTOPENIA: u64 = 10 * MICRO;
/// Above every cut-off and every generated value.
const HUGE: u64 = 1_000_000 * MICRO;

/// Every criterion as (group, analyte, cut-off in micro-units).
fn oracle_criteria(retic_cutoff: u64) -> [(CriterionGroup, Analyte, u64); 7] {
    use CriterionGroup::{Cytopenia, Severe, VerySevere};
    [
        (Severe, Analyte::Anc, ANC_SEVERE),
        (Severe, Analyte::Plt, PLT_SEVERE),
        (Severe, Analyte::Retic, retic_cutoff),
        (Cytopenia, Analyte::Hgb, HGB_CYTOPENIA),
        (Cytopenia, Analyte::Plt, PLT_CYTOPENIA),
        (Cytopenia, Analyte::Anc, ANC_CYTOPENIA),
        (VerySevere, Analyte::Anc, ANC_VERY_SEVERE),
    ]
}

/// The category of one complete draw, straight from the table of §1.
fn oracle_category([anc, plt, retic, hgb]: [u64; 4], retic_cutoff: u64) -> Category {
    let cytopenias = [
        hgb < HGB_CYTOPENIA,
        plt < PLT_CYTOPENIA,
        anc < ANC_CYTOPENIA,
    ];
    let severe = [anc < ANC_SEVERE, plt < PLT_SEVERE, retic < retic_cutoff];
    let count = |criteria: [bool; 3]| criteria.iter().filter(|&&met| met).count();
    if count(cytopenias) >= 2 && count(severe) >= 2 && anc < ANC_VERY_SEVERE {
        Category::VerySevere
    } else if count(cytopenias) >= 2 && count(severe) >= 2 {
        Category::Severe
    } else if count(cytopenias) >= 2 {
        Category::NonSevere
    } else {
        Category::None
    }
}

/// Concrete values (micro-units) the test value allows: every value just
/// below, at and just above every cut-off and its own bound, 0 and a huge
/// value, filtered by what the value allows. Cut-offs and bounds are whole
/// milli-units, so one micro-unit either side reaches every band.
fn candidates(value: TestValue) -> Vec<u64> {
    let mut grid = vec![0, HUGE];
    let bound = match value {
        TestValue::Missing => None,
        TestValue::Exact(milli) => return vec![u64::from(milli) * 1000],
        TestValue::Below(milli) | TestValue::Above(milli) => Some(u64::from(milli) * 1000),
    };
    let cutoffs = [
        ANC_VERY_SEVERE,
        ANC_SEVERE,
        ANC_CYTOPENIA,
        PLT_SEVERE,
        PLT_CYTOPENIA,
        RETIC_AUTOMATED,
        RETIC_MANUAL,
        HGB_CYTOPENIA,
    ];
    for point in cutoffs.into_iter().chain(bound) {
        grid.extend([point.saturating_sub(1), point, point + 1]);
    }
    grid.retain(|&candidate| match value {
        TestValue::Below(milli) => candidate < u64::from(milli) * 1000,
        TestValue::Above(milli) => candidate > u64::from(milli) * 1000,
        TestValue::Missing | TestValue::Exact(_) => true,
    });
    grid.sort_unstable();
    grid.dedup();
    grid
}

/// What the oracle expects: the category, `could_be`, and each criterion's outcome.
fn oracle(draw: [TestValue; 4], retic_cutoff: u64) -> (Category, Vec<Category>, Vec<Outcome>) {
    let options: Vec<Vec<u64>> = draw.iter().map(|&value| candidates(value)).collect();
    let mut reached = Vec::new();
    for &anc in &options[0] {
        for &plt in &options[1] {
            for &retic in &options[2] {
                for &hgb in &options[3] {
                    reached.push(oracle_category([anc, plt, retic, hgb], retic_cutoff));
                }
            }
        }
    }
    let lowest = *reached.iter().min().unwrap();
    let mut higher: Vec<Category> = reached.into_iter().filter(|&c| c > lowest).collect();
    higher.sort();
    higher.dedup();
    let outcomes = oracle_criteria(retic_cutoff)
        .iter()
        .map(|&(_, analyte, cutoff)| {
            let position = ANALYTES.iter().position(|&a| a == analyte).unwrap();
            let below: Vec<bool> = options[position].iter().map(|&v| v < cutoff).collect();
            if draw[position] == TestValue::Missing {
                Outcome::Unknown
            } else if below.iter().all(|&b| b) {
                Outcome::Met
            } else if below.iter().any(|&b| b) {
                Outcome::Unknown
            } else {
                Outcome::NotMet
            }
        })
        .collect();
    (lowest, higher, outcomes)
}

fn to_values(draw: [TestValue; 4]) -> Values {
    let mut values = Values::EMPTY;
    for (analyte, value) in ANALYTES.into_iter().zip(draw) {
        values.set(analyte, value.to_value());
    }
    values
}

/// Milli-unit amounts, often right at or next to a cut-off.
fn amount() -> impl Strategy<Value = u32> {
    let mut near_cutoffs = Vec::new();
    for cutoff in [200, 500, 1_500, 10_000, 20_000, 50_000, 60_000] {
        near_cutoffs.extend([cutoff - 10, cutoff - 1, cutoff, cutoff + 1, cutoff + 10]);
    }
    prop_oneof![
        prop::sample::select(near_cutoffs),
        0u32..2_000,
        0u32..200_000,
    ]
}

fn test_value() -> impl Strategy<Value = TestValue> {
    prop_oneof![
        1 => Just(TestValue::Missing),
        3 => amount().prop_map(TestValue::Exact),
        1 => amount().prop_map(|x| TestValue::Below(x.max(1))),
        1 => amount().prop_map(TestValue::Above),
    ]
}

fn method() -> impl Strategy<Value = RetMethod> {
    prop_oneof![Just(RetMethod::Automated), Just(RetMethod::Manual)]
}

/// The most severe category a draw could be.
fn most_severe(severity: &Severity) -> Category {
    severity
        .could_be
        .last()
        .copied()
        .unwrap_or(severity.category)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn agrees_with_brute_force_completion(
        draw in prop::array::uniform4(test_value()),
        method in method(),
    ) {
        let thresholds = Thresholds { retic_method: method, ..Thresholds::default() };
        let retic_cutoff = match method {
            RetMethod::Automated => RETIC_AUTOMATED,
            RetMethod::Manual => RETIC_MANUAL,
        };
        let (category, could_be, outcomes) = oracle(draw, retic_cutoff);
        let severity = classify(&to_values(draw), &thresholds);
        prop_assert_eq!(severity.category, category);
        prop_assert_eq!(&severity.could_be, &could_be);
        for ((group, analyte, _), expected) in oracle_criteria(retic_cutoff).into_iter().zip(outcomes) {
            let criterion = severity
                .criteria
                .iter()
                .find(|c| c.group == group && c.analyte == analyte)
                .unwrap();
            prop_assert_eq!(criterion.outcome, expected, "{:?} {:?}", group, analyte);
        }
    }

    #[test]
    fn lowering_a_count_never_lowers_the_category(
        draw in prop::array::uniform4(test_value()),
        which in 0usize..4,
        delta in prop_oneof![1u32..20, 0u32..200_000],
        method in method(),
    ) {
        let thresholds = Thresholds { retic_method: method, ..Thresholds::default() };
        let mut lower = draw;
        lower[which] = draw[which].lowered(delta);
        let before = classify(&to_values(draw), &thresholds);
        let after = classify(&to_values(lower), &thresholds);
        prop_assert!(after.category >= before.category, "{:?} -> {:?}", draw, lower);
        prop_assert!(most_severe(&after) >= most_severe(&before), "{:?} -> {:?}", draw, lower);
    }

    #[test]
    fn could_be_is_ascending_and_above_the_category(
        draw in prop::array::uniform4(test_value()),
    ) {
        let severity = classify(&to_values(draw), &Thresholds::default());
        prop_assert!(severity.could_be.windows(2).all(|pair| pair[0] < pair[1]));
        prop_assert!(severity.could_be.iter().all(|&c| c > severity.category));
        let complete = draw.iter().all(|v| matches!(v, TestValue::Exact(_)));
        prop_assert!(!complete || severity.could_be.is_empty());
    }
}
