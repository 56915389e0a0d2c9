//! The checks at their edges, and the codes' quick check against the full one.

use rstest::rstest;

use super::super::test_values::value;
use super::*;

#[test]
fn decimals_scale_to_picounts() {
    for scale in 0..=7u8 {
        let expected = 123 * 10i128.pow(12 - u32::from(scale));
        assert_eq!(scaled(Decimal::lit(123, scale)), expected, "scale {scale}");
    }
    assert_eq!(
        scaled(Decimal::lit(4_000_000, 0)),
        4_000_000 * 10i128.pow(12)
    );
}

fn draw(wbc: &str, anc: &str, alc: &str, hgb: &str, hct: &str) -> Values {
    let mut values = Values::EMPTY;
    for (analyte, text) in [
        (Analyte::Wbc, wbc),
        (Analyte::Anc, anc),
        (Analyte::Alc, alc),
        (Analyte::Hgb, hgb),
        (Analyte::Hct, hct),
    ] {
        values.set(analyte, value(text));
    }
    values
}

#[rstest]
#[case(draw("1.0", "3.0", "-", "-", "-"), 1)]
#[case(draw("5.0", "3.5", "1.6", "-", "-"), 0)]
#[case(draw("5.0", "3.5", "1.7", "-", "-"), 1)]
#[case(draw("5.0", "3.5", "<9", "-", "-"), 0)]
#[case(draw("<1", "3.0", "-", "-", "-"), 0)]
#[case(draw("-", "-", "-", "13.5", "40"), 0)]
#[case(draw("-", "-", "-", "10.4", "40"), 0)]
#[case(draw("-", "-", "-", "10.3", "40"), 1)]
#[case(draw("-", "-", "-", "16", "40"), 0)]
#[case(draw("-", "-", "-", "16.1", "40"), 1)]
#[case(draw("1.0", "3.0", "-", "20", "30"), 2)]
fn implausible_draws_are_found_exactly(#[case] values: Values, #[case] count: usize) {
    assert_eq!(plausibility(&values).len(), count, "{values:?}");
}

/// Hemoglobin as a lab in mmol/L writes it, converted as ingest
/// converts it (x 1.6114), keeping the written digits for display.
fn hgb_from_mmol(text: &str) -> Value {
    let written = Decimal::parse(text).unwrap();
    let amount = written
        .checked_mul(Decimal::parse("1.6114").unwrap())
        .unwrap();
    let digits = text.bytes().filter(u8::is_ascii_digit).count() as u8;
    Value::exact(amount).with_significant_digits(digits)
}

fn mchc_reason(hgb: Value, hct: &str) -> String {
    let mut values = Values::EMPTY;
    values.set(Analyte::Hgb, hgb);
    values.set(Analyte::Hct, value(hct));
    let found = plausibility(&values);
    assert_eq!(found.len(), 1, "{hgb:?} {hct}");
    found[0].reason()
}

#[rstest]
// 7.8 mmol/L is 12.56892 g/dL, shown `13`; the MCHC is 25.915...:
// 13 x 100 / 48.5 would be 26.8, inside 26-40, and 12.6 would give
// 25.98, not the patient's 25.9: two more digits give it.
#[case(
    hgb_from_mmol("7.8"),
    "48.5",
    "MCHC 25.9 g/dL (Hb 12.57 x 100 / Hct 48.5)"
)]
// Exactly 25.95: rounded in exact arithmetic, not as 25.949999...
#[case(value("7.785"), "30", "MCHC 25.95 g/dL (Hb 7.785 x 100 / Hct 30)")]
// 8.2 mmol/L is 13.21348 g/dL: the MCHC is 52.85..., never the 52.0
// of the `13` shown elsewhere.
#[case(
    hgb_from_mmol("8.2"),
    "25",
    "MCHC 52.9 g/dL (Hb 13.213 x 100 / Hct 25)"
)]
// 8.06 mmol/L is 12.987884 g/dL, shown `13.0`.
#[case(
    hgb_from_mmol("8.06"),
    "50",
    "MCHC 25.98 g/dL (Hb 12.99 x 100 / Hct 50)"
)]
// Shown as the lab wrote it: 25.96 is not rounded onto the bound 26.
#[case(value("12.98"), "50", "MCHC 25.96 g/dL (Hb 12.98 x 100 / Hct 50)")]
#[case(
    hgb_from_mmol("12.98"),
    "50",
    "MCHC 41.8 g/dL (Hb 20.92 x 100 / Hct 50)"
)]
fn the_mchc_reason_shows_numbers_that_prove_it(
    #[case] hgb: Value,
    #[case] hct: &str,
    #[case] expected: &str,
) {
    let reason = mchc_reason(hgb, hct);
    assert!(reason.contains(expected), "{reason}");
}

#[test]
fn the_differential_reason_shows_values_as_written() {
    // As ingest reads them: the trailing zeros written are kept.
    let mut values = Values::EMPTY;
    for (analyte, text, decimals) in [
        (Analyte::Wbc, "5.0", 1),
        (Analyte::Anc, "3.50", 2),
        (Analyte::Alc, "1.70", 2),
    ] {
        values.set(analyte, value(text).with_written_decimals(decimals));
    }
    let found = plausibility(&values);
    assert_eq!(
        found[0].reason(),
        "implausible differential: ANC 3.50 + ALC 1.70 exceed WBC 5.0 (by more than 0.1 for rounding)"
    );
    // Counts derived from percentages are marked so, as everywhere.
    let derived = |text: &str| {
        Value::new(crate::model::Reading {
            amount: Decimal::parse(text).unwrap(),
            censor: Censor::Exact,
            derived: true,
        })
    };
    values.set(Analyte::Anc, derived("3.5"));
    values.set(Analyte::Alc, derived("1.7"));
    assert_eq!(
        plausibility(&values)[0].reason(),
        "implausible differential: ANC 3.5* + ALC 1.7* exceed WBC 5.0 (by more than 0.1 for rounding)"
    );
    values.set(Analyte::Anc, derived("5.5"));
    assert_eq!(
        plausibility(&values)[0].reason(),
        "implausible differential: ANC 5.5* exceeds WBC 5.0"
    );
}

#[test]
fn the_reason_names_the_values() {
    let found = plausibility(&draw("1.0", "3.0", "-", "-", "-"));
    assert_eq!(
        found[0].reason(),
        "implausible differential: ANC 3 exceeds WBC 1"
    );
}

use proptest::prelude::*;

/// Draws at the checks' edges: a sum exactly 0.1 over the total, ANC
/// equal to it, an MCHC of exactly 26 or 40; then just past each.
#[rstest]
#[case::sum_at_the_allowance(["0.4", "0.3", "0.2", "", ""], true)]
#[case::sum_past_the_allowance(["0.4", "0.3", "0.201", "", ""], false)]
#[case::neutrophils_equal_to_total(["4", "4.000", "", "", ""], true)]
#[case::neutrophils_past_total(["4", "4.001", "", "", ""], false)]
#[case::mchc_40(["", "", "", "2", "5"], true)]
#[case::mchc_past_40(["", "", "", "2.01", "5"], false)]
#[case::mchc_26(["", "", "", "13", "50"], true)]
#[case::mchc_under_26(["", "", "", "12.99", "50"], false)]
#[case::no_hematocrit(["", "", "", "12.99", "0"], true)]
fn codes_decide_at_the_edges(#[case] cells: [&str; 5], #[case] plausible: bool) {
    const FIVE: [Analyte; 5] = [
        Analyte::Wbc,
        Analyte::Anc,
        Analyte::Alc,
        Analyte::Hgb,
        Analyte::Hct,
    ];
    let code_of = |analyte| {
        let cell = FIVE
            .iter()
            .position(|&a| a == analyte)
            .map_or("", |i| cells[i]);
        Value::written_code(cell.as_bytes()).unwrap_or(CODE_MISSING)
    };
    assert_eq!(plainly_plausible(code_of), plausible);
    let full =
        plausibility_of(|analyte| Value::from_code(code_of(analyte)).unwrap_or(Value::MISSING));
    assert_eq!(full.is_empty(), plausible, "{full:?}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]
    /// The codes prove a draw plausible exactly when the full check
    /// finds nothing, unless a value is kept outside the codes (then
    /// they never do).
    #[test]
    fn codes_prove_plausible_exactly_when_the_full_check_finds_nothing(
        codes in proptest::array::uniform5(prop_oneof![
            0u16..crate::model::CODE_ESCAPED,
            // Small amounts of no or one place, often: the checks'
            // edges (an equal sum, an MCHC of exactly 26 or 40) are
            // met among them.
            0u16..10,
            (0u16..100).prop_map(|tenths| tenths | 1 << 12),
            Just(CODE_MISSING),
            Just(crate::model::CODE_ESCAPED),
        ]),
    ) {
        const FIVE: [Analyte; 5] =
            [Analyte::Wbc, Analyte::Anc, Analyte::Alc, Analyte::Hgb, Analyte::Hct];
        let code_of = |analyte| {
            FIVE.iter().position(|&a| a == analyte).map_or(CODE_MISSING, |i| codes[i])
        };
        let quick = plainly_plausible(code_of);
        if codes.contains(&crate::model::CODE_ESCAPED) {
            prop_assert!(!quick);
        } else {
            let full = plausibility_of(|analyte| {
                Value::from_code(code_of(analyte)).unwrap_or(Value::MISSING)
            });
            prop_assert_eq!(quick, full.is_empty(), "{:?}", full);
        }
    }
}
