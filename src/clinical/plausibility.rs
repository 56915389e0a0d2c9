//! Plausibility of one draw (`clinical.md` §11): what loads but deserves a
//! look. Warnings, never rejections: the values stay as the lab sent them.
//!
//! Only exact values are judged (a censored bound cannot prove a sum too
//! large), and the arithmetic is exact: decimals scaled to integers.

use crate::model::{Analyte, Censor, Decimal, Value, Values};

/// A differential or an index that cannot be right.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Implausible {
    /// ANC + ALC greater than WBC + 0.1 (0.1 allows rounding).
    DifferentialAboveTotal {
        /// Neutrophils, 10^9/L.
        anc: Decimal,
        /// Lymphocytes, 10^9/L.
        alc: Decimal,
        /// White cells, 10^9/L.
        wbc: Decimal,
    },
    /// ANC greater than WBC.
    NeutrophilsAboveTotal {
        /// Neutrophils, 10^9/L.
        anc: Decimal,
        /// White cells, 10^9/L.
        wbc: Decimal,
    },
    /// MCHC = Hb x 100 / Hct outside 26-40 g/dL: hemoglobin and hematocrit
    /// disagree.
    Mchc {
        /// Hemoglobin, g/dL.
        hgb: Decimal,
        /// Hematocrit, %.
        hct: Decimal,
    },
}

impl Implausible {
    /// The warning's reason, in words a data manager can act on.
    pub fn reason(self) -> String {
        match self {
            Implausible::DifferentialAboveTotal { anc, alc, wbc } => format!(
                "implausible differential: ANC {anc} + ALC {alc} exceed WBC {wbc} (by more than 0.1 for rounding)"
            ),
            Implausible::NeutrophilsAboveTotal { anc, wbc } => {
                format!("implausible differential: ANC {anc} exceeds WBC {wbc}")
            }
            Implausible::Mchc { hgb, hct } => {
                let mchc = hgb.to_f64() * 100.0 / hct.to_f64();
                format!(
                    "hemoglobin and hematocrit disagree: MCHC {mchc:.1} g/dL (Hb {hgb} x 100 / Hct {hct}) is outside 26-40"
                )
            }
        }
    }
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

/// [`plausibility`] of the draw whose value of each analyte `value` gives:
/// only the five it judges are asked for (a draw need not be unpacked).
pub fn plausibility_of(value: impl Fn(Analyte) -> Value) -> Vec<Implausible> {
    let exact = |analyte| {
        value(analyte)
            .reading()
            .filter(|r| r.censor == Censor::Exact)
            .map(|r| r.amount)
    };
    let mut found = Vec::new();
    let (wbc, anc, alc) = (
        exact(Analyte::Wbc),
        exact(Analyte::Anc),
        exact(Analyte::Alc),
    );
    if let (Some(wbc), Some(anc)) = (wbc, anc) {
        let tolerance = scaled(Decimal::lit(1, 1));
        if scaled(anc) > scaled(wbc) {
            found.push(Implausible::NeutrophilsAboveTotal { anc, wbc });
        } else if let Some(alc) = alc
            && scaled(anc) + scaled(alc) > scaled(wbc) + tolerance
        {
            found.push(Implausible::DifferentialAboveTotal { anc, alc, wbc });
        }
    }
    if let (Some(hgb), Some(hct)) = (exact(Analyte::Hgb), exact(Analyte::Hct)) {
        // Hb x 100 / Hct < 26 or > 40, without dividing.
        let (h, c) = (scaled(hgb) * 100, scaled(hct));
        if c > 0 && (h < 26 * c || h > 40 * c) {
            found.push(Implausible::Mchc { hgb, hct });
        }
    }
    found
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

    #[test]
    fn the_reason_names_the_values() {
        let found = plausibility(&draw("1.0", "3.0", "-", "-", "-"));
        assert_eq!(
            found[0].reason(),
            "implausible differential: ANC 3 exceeds WBC 1"
        );
    }
}
