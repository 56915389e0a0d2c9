//! Plausibility of one draw (`clinical.md` §11): what loads but deserves a
//! look. Warnings, never rejections: the values stay as the lab sent them.
//!
//! Only exact values are judged (a censored bound cannot prove a sum too
//! large), and the arithmetic is exact: decimals scaled to integers.

use super::Age;
use crate::model::{Analyte, CODE_MISSING, Censor, Decimal, Timestamp, Value, Values};

/// A differential or an index that cannot be right. Each holds the values
/// it judged, so that its reason shows them as every view does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Implausible {
    /// ANC + ALC greater than WBC + 0.1 (0.1 allows rounding).
    DifferentialAboveTotal {
        /// Neutrophils, 10^9/L.
        anc: Value,
        /// Lymphocytes, 10^9/L.
        alc: Value,
        /// White cells, 10^9/L.
        wbc: Value,
    },
    /// ANC greater than WBC.
    NeutrophilsAboveTotal {
        /// Neutrophils, 10^9/L.
        anc: Value,
        /// White cells, 10^9/L.
        wbc: Value,
    },
    /// MCHC = Hb x 100 / Hct outside 26-40 g/dL: hemoglobin and hematocrit
    /// disagree.
    Mchc {
        /// Hemoglobin, g/dL.
        hgb: Value,
        /// Hematocrit, %.
        hct: Value,
    },
}

impl Implausible {
    /// The warning's reason, in words a data manager can act on.
    ///
    /// Values are shown as every view shows them (a hemoglobin converted
    /// from mmol/L rounded to its input's digits), unless the rounded
    /// values would no longer prove what the reason says: then they are
    /// shown whole.
    pub fn reason(self) -> String {
        match self {
            Implausible::DifferentialAboveTotal { anc, alc, wbc } => {
                let proven = |[anc, alc, wbc]: [Decimal; 3]| {
                    scaled(anc) + scaled(alc) > scaled(wbc) + scaled(Decimal::lit(1, 1))
                };
                let marks = [derived_mark(anc), derived_mark(alc), derived_mark(wbc)];
                let [anc, alc, wbc] = shown_proving([anc, alc, wbc], proven);
                let [anc_mark, alc_mark, wbc_mark] = marks;
                format!(
                    "implausible differential: ANC {anc}{anc_mark} + ALC {alc}{alc_mark} exceed WBC {wbc}{wbc_mark} (by more than 0.1 for rounding)"
                )
            }
            Implausible::NeutrophilsAboveTotal { anc, wbc } => {
                let proven = |[anc, wbc]: [Decimal; 2]| scaled(anc) > scaled(wbc);
                let marks = [derived_mark(anc), derived_mark(wbc)];
                let [anc, wbc] = shown_proving([anc, wbc], proven);
                let [anc_mark, wbc_mark] = marks;
                format!("implausible differential: ANC {anc}{anc_mark} exceeds WBC {wbc}{wbc_mark}")
            }
            Implausible::Mchc { hgb, hct } => {
                // The patient's MCHC, from the values themselves; they are
                // shown with the digits that give that same MCHC, so the
                // reason's arithmetic checks out as it is written.
                let mchc = mchc_text(amount(hgb), amount(hct));
                let proven = |[hgb, hct]: [Decimal; 2]| {
                    mchc_outside(hgb, hct) && mchc_text(hgb, hct) == mchc
                };
                let [hgb, hct] = shown_proving([hgb, hct], proven);
                format!(
                    "hemoglobin and hematocrit disagree: MCHC {mchc} g/dL (Hb {hgb} x 100 / Hct {hct}) is outside 26-40"
                )
            }
        }
    }
}

/// A judged value's amount (an exact reading: only those are judged).
fn amount(value: Value) -> Decimal {
    value
        .reading()
        .map_or(Decimal::ZERO, |reading| reading.amount)
}

/// `values` as every view shows them, when the amounts shown still make
/// `proven` true; else with more digits for the converted or derived ones
/// (one more at a time, as [`Value::shown_against`] does), and at worst
/// their amounts whole.
fn shown_proving<const N: usize>(
    values: [Value; N],
    proven: impl Fn([Decimal; N]) -> bool,
) -> [String; N] {
    for extra in 0..=15 {
        let widened = values.map(|value| match value.significant_digits() {
            Some(digits) => value.with_significant_digits(digits.saturating_add(extra)),
            None => value,
        });
        let shown = widened.map(|value| value.shown_amount().unwrap_or_default());
        let amounts = shown
            .each_ref()
            .map(|text| Decimal::parse(text).unwrap_or(Decimal::ZERO));
        if proven(amounts) {
            return shown;
        }
    }
    values.map(|value| amount(value).to_string())
}

/// Hb x 100 / Hct < 26 or > 40, without dividing.
fn mchc_outside(hgb: Decimal, hct: Decimal) -> bool {
    let (h, c) = (scaled(hgb) * 100, scaled(hct));
    c > 0 && (h < 26 * c || h > 40 * c)
}

/// The MCHC of an implausible draw's Hb and Hct, to one decimal, or to as
/// many more as keep it outside 26-40 as it is (25.96 is never shown as
/// "26.0"), rounded half up in exact arithmetic (binary floating point
/// showed 25.95 as "25.9").
fn mchc_text(hgb: Decimal, hct: Decimal) -> String {
    let (numerator, denominator) = (scaled(hgb) * 100, scaled(hct));
    if denominator <= 0 {
        return "?".to_string();
    }
    let rounded = |decimals: u32| {
        let power = 10i128.pow(decimals);
        let units = (2 * numerator * power + denominator) / (2 * denominator);
        let text = format!(
            "{}.{:0width$}",
            units / power,
            units % power,
            width = decimals as usize
        );
        (units < 26 * power || units > 40 * power, text)
    };
    (1..=6)
        .map(rounded)
        .find(|(outside, _)| *outside)
        .unwrap_or_else(|| rounded(6))
        .1
}
/// `value` scaled to an integer count of 10^-12 (every decimal held fits).
fn scaled(value: Decimal) -> i128 {
    // Powers from a table: `pow` on an i128 was most of the check's time.
    const POWERS: [i64; 13] = {
        let mut powers = [1i64; 13];
        let mut n = 1;
        while n < 13 {
            powers[n] = powers[n - 1] * 10;
            n += 1;
        }
        powers
    };
    let power = 12usize.saturating_sub(usize::from(value.scale()));
    i128::from(value.mantissa()) * i128::from(POWERS[power])
}

/// What is implausible in one draw's values; empty for most draws.
pub fn plausibility(values: &Values) -> Vec<Implausible> {
    plausibility_of(|analyte| values.get(analyte))
}

/// When draws of a patient born on `birth` (oldest first, at `times`) were
/// drawn before that birth date, why it deserves a look: their age is
/// unknown there, so the adult limits apply, which a child's wrong birth
/// date would make so without a word. `None` when none was.
pub fn drawn_before_birth(
    birth: Option<Timestamp>,
    approximate: bool,
    times: &[Timestamp],
) -> Option<String> {
    let birth = birth?;
    let before = times
        .iter()
        .take_while(|&&time| Age::of(Some(birth), time).is_none())
        .count();
    let first = times.first().filter(|_| before > 0)?;
    let c = birth.civil();
    let born = if approximate {
        format!("born about {} (the export gives an age)", c.year)
    } else {
        format!("born {:04}-{:02}-{:02}", c.year, c.month, c.day)
    };
    let draws = if before == 1 {
        "1 draw".to_string()
    } else {
        format!("{before} draws")
    };
    Some(format!(
        "{born}, after {draws} (the first {first}): the age there is unknown, so the adult \
         limits apply; check the birth date"
    ))
}

/// [`plausibility`] of the draw whose value of each analyte `value` gives:
/// only the five it judges are asked for (a draw need not be unpacked).
pub fn plausibility_of(value: impl Fn(Analyte) -> Value) -> Vec<Implausible> {
    let exact = |analyte| {
        let value = value(analyte);
        let reading = value.reading().filter(|r| r.censor == Censor::Exact)?;
        Some((value, reading.amount))
    };
    let mut found = Vec::new();
    let (wbc, anc, alc) = (
        exact(Analyte::Wbc),
        exact(Analyte::Anc),
        exact(Analyte::Alc),
    );
    if let (Some((wbc, wbc_amount)), Some((anc, anc_amount))) = (wbc, anc) {
        let tolerance = scaled(Decimal::lit(1, 1));
        if scaled(anc_amount) > scaled(wbc_amount) {
            found.push(Implausible::NeutrophilsAboveTotal { anc, wbc });
        } else if let Some((alc, alc_amount)) = alc
            && scaled(anc_amount) + scaled(alc_amount) > scaled(wbc_amount) + tolerance
        {
            found.push(Implausible::DifferentialAboveTotal { anc, alc, wbc });
        }
    }
    if let (Some((hgb, hgb_amount)), Some((hct, hct_amount))) =
        (exact(Analyte::Hgb), exact(Analyte::Hct))
        && mchc_outside(hgb_amount, hct_amount)
    {
        found.push(Implausible::Mchc { hgb, hct });
    }
    found
}

/// `*` after a value derived from a percentage (`clinical.md` §4: marked as
/// derived wherever it is shown), else nothing.
fn derived_mark(value: Value) -> &'static str {
    if value.reading().is_some_and(|r| r.derived) {
        "*"
    } else {
        ""
    }
}

/// True when the draw whose value codes `code_of` gives is proven
/// plausible by its codes alone: [`plausibility_of`] would find nothing.
/// False when it might find something, or when a value is kept outside the
/// codes: [`plausibility_of`] then decides. Codes are exact amounts of at
/// most three places, compared in thousandths (`summary` checks every one
/// of a million draws, and few are implausible).
pub(crate) fn plainly_plausible(code_of: impl Fn(Analyte) -> u16) -> bool {
    // `None` for a missing value, `Err` for one kept outside the codes.
    let thousandths = |analyte| -> Result<Option<u64>, ()> {
        match code_of(analyte) {
            CODE_MISSING => Ok(None),
            code => Value::code_thousandths(code)
                .map(|t| Some(u64::from(t)))
                .ok_or(()),
        }
    };
    let (Ok(wbc), Ok(anc), Ok(alc), Ok(hgb), Ok(hct)) = (
        thousandths(Analyte::Wbc),
        thousandths(Analyte::Anc),
        thousandths(Analyte::Alc),
        thousandths(Analyte::Hgb),
        thousandths(Analyte::Hct),
    ) else {
        return false;
    };
    if let (Some(wbc), Some(anc)) = (wbc, anc) {
        // The 0.1 allowed for rounding is 100 thousandths.
        if anc > wbc || alc.is_some_and(|alc| anc + alc > wbc + 100) {
            return false;
        }
    }
    if let (Some(hgb), Some(hct)) = (hgb, hct)
        && hct > 0
        && (hgb * 100 < 26 * hct || hgb * 100 > 40 * hct)
    {
        return false;
    }
    true
}

#[cfg(test)]
mod tests {
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
}
