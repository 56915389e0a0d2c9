//! Absolute counts derived from a differential percentage (`clinical.md`
//! §4): ANC = WBC x neutrophil % / 100, lymphocytes likewise, and absolute
//! reticulocytes (10^9/L) = reticulocyte % / 100 x RBC (10^12/L) x 1000.
//!
//! Exact decimal arithmetic only: a product that cannot be held exactly is
//! not derived rather than rounded, since rounding could move it across a
//! cut-off. A censored input is carried soundly by treating each result as
//! the set of values it allows (all non-negative):
//!
//! | base | percentage | derived |
//! |---|---|---|
//! | exact `b` | exact `p` | exact `b·p` |
//! | `<b` (or exact) | `<p` (or exact) | `<b·p` |
//! | `>b` (or exact) | `>p` (or exact) | `>b·p` |
//! | `<b` | `>p` (or the reverse) | not derived: unbounded both ways |
//! | exact 0 | anything | exact 0 (and the reverse) |

use crate::model::{Analyte, Censor, Decimal, Reading, Value};

/// How one absolute count is derived: from which base count, by which
/// factor applied to `base x percentage`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Derivation {
    /// The absolute count derived (and whose percentage is used).
    pub target: Analyte,
    /// The count the percentage is a percentage of.
    pub base: Analyte,
    /// `target = base x percentage x factor`, in canonical units.
    pub factor: Decimal,
}

/// Every derivation hemotrend makes.
pub const DERIVATIONS: [Derivation; 3] = [
    // 10^9/L x % / 100.
    Derivation {
        target: Analyte::Anc,
        base: Analyte::Wbc,
        factor: Decimal::lit(1, 2),
    },
    Derivation {
        target: Analyte::Alc,
        base: Analyte::Wbc,
        factor: Decimal::lit(1, 2),
    },
    // 10^12/L x % / 100 = 10^10/L x %, which is 10 x % in 10^9/L.
    Derivation {
        target: Analyte::Retic,
        base: Analyte::Rbc,
        factor: Decimal::lit(10, 0),
    },
];

/// `base x percent x factor`, marked derived, or `None` when the result is
/// not bounded on either side or cannot be held exactly.
pub fn derive(base: Reading, percent: Reading, factor: Decimal) -> Option<Reading> {
    let is_zero = |r: Reading| r.censor == Censor::Exact && r.amount == Decimal::ZERO;
    let censor = if is_zero(base) || is_zero(percent) {
        Censor::Exact
    } else {
        match (base.censor, percent.censor) {
            (Censor::Exact, other) | (other, Censor::Exact) => other,
            (Censor::Below, Censor::Below) => Censor::Below,
            (Censor::Above, Censor::Above) => Censor::Above,
            (Censor::Below, Censor::Above) | (Censor::Above, Censor::Below) => return None,
        }
    };
    let amount = exact_product(base.amount, percent.amount, factor)?;
    Some(Reading {
        amount,
        censor,
        derived: true,
    })
}

/// [`derive()`] on two values as stored: the result is shown rounded to the
/// significant digits of the less precise input (WBC 2.73 x 48.2 % is
/// 1.31586, shown `1.32`); `None` when either is missing or nothing can be
/// derived.
pub fn derive_value(base: Value, percent: Value, factor: Decimal) -> Option<Value> {
    let reading = derive(base.reading()?, percent.reading()?, factor)?;
    let digits = base.digits()?.min(percent.digits()?);
    Some(Value::new(reading).with_significant_digits(digits))
}

/// Why a percentage gave its draw no absolute count, as the warning at
/// its row says: no base count in the draw, or none that can be combined
/// with it (bounds on opposite sides, or a product with more digits than a
/// value holds).
pub fn not_derived_reason(derivation: &Derivation, base: Value, percent: Value) -> String {
    let word = match derivation.target {
        Analyte::Anc => "neutrophils",
        Analyte::Alc => "lymphocytes",
        _ => "reticulocytes",
    };
    let percent = percent.shown_text().unwrap_or_default();
    let (target, of) = (
        derivation.target.short_label(),
        derivation.base.short_label(),
    );
    match base.shown_text() {
        None => format!(
            "{word} {percent} %: no {of} in this draw, so no {target} is derived from it \
             (a percentage alone is not a count)"
        ),
        Some(base) => format!(
            "{word} {percent} % of {of} {base}: no {target} can be derived (bounds on opposite \
             sides, or a product with more digits than a value holds)"
        ),
    }
}

/// The exact product of three decimals. Either order of multiplication
/// gives the same exact result when it fits; trying both keeps an
/// intermediate product from failing where the final one would fit.
fn exact_product(a: Decimal, b: Decimal, factor: Decimal) -> Option<Decimal> {
    a.checked_mul(b)
        .and_then(|ab| ab.checked_mul(factor))
        .or_else(|_| a.checked_mul(factor).and_then(|af| af.checked_mul(b)))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn derivation_of(target: Analyte) -> Option<Derivation> {
        DERIVATIONS.into_iter().find(|d| d.target == target)
    }

    fn reading(text: &str) -> Reading {
        let (censor, number) = match text.as_bytes().first() {
            Some(b'<') => (Censor::Below, &text[1..]),
            Some(b'>') => (Censor::Above, &text[1..]),
            _ => (Censor::Exact, text),
        };
        Reading {
            amount: Decimal::parse(number).unwrap(),
            censor,
            derived: false,
        }
    }

    fn anc(wbc: &str, percent: &str) -> Option<String> {
        let factor = derivation_of(Analyte::Anc).unwrap().factor;
        derive(reading(wbc), reading(percent), factor).map(|r| {
            assert!(r.derived);
            r.to_string()
        })
    }

    // Expected values worked by hand: 6.40 x 58 / 100 = 3.712.
    #[rstest]
    #[case("6.40", "58", Some("3.712"))]
    #[case("5.9", "61", Some("3.599"))]
    #[case("1.9", "20", Some("0.38"))]
    #[case("2.5", "20", Some("0.5"))]
    #[case("<1.0", "40", Some("<0.4"))]
    #[case("1.0", "<40", Some("<0.4"))]
    #[case("<1.0", "<40", Some("<0.4"))]
    #[case(">50", "80", Some(">40"))]
    #[case(">50", ">80", Some(">40"))]
    #[case("<1.0", ">40", None)]
    #[case(">1.0", "<40", None)]
    #[case("0", ">40", Some("0"))]
    #[case("<1.0", "0", Some("0"))]
    #[case("4.9561", "55.123", None)]
    #[case("12.34", "56.7", Some("6.99678"))]
    fn anc_from_wbc_and_neutrophil_percent(
        #[case] wbc: &str,
        #[case] percent: &str,
        #[case] expected: Option<&str>,
    ) {
        assert_eq!(anc(wbc, percent).as_deref(), expected);
    }

    // retic% / 100 x RBC (10^12/L) x 1000 = 10^9/L: 1.5 % of 3.0 is 45.
    #[rstest]
    #[case("3.0", "1.5", Some("45"))]
    #[case("4.56", "0.8", Some("36.48"))]
    #[case("2.88", "<0.5", Some("<14.4"))]
    #[case("1.2345", "4.5678", Some("56.389491"))]
    // 0.0012 x 0.00015 needs 8 decimal places; x 10 first, it needs 7.
    #[case("0.0012", "0.00015", Some("0.0000018"))]
    fn retic_from_rbc_and_retic_percent(
        #[case] rbc: &str,
        #[case] percent: &str,
        #[case] expected: Option<&str>,
    ) {
        let factor = derivation_of(Analyte::Retic).unwrap().factor;
        let derived = derive(reading(rbc), reading(percent), factor).map(|r| r.to_string());
        assert_eq!(derived.as_deref(), expected);
    }

    #[test]
    fn only_the_differential_counts_are_derived() {
        for analyte in Analyte::ALL {
            let expected = match analyte {
                Analyte::Anc | Analyte::Alc => Some(Analyte::Wbc),
                Analyte::Retic => Some(Analyte::Rbc),
                _ => None,
            };
            assert_eq!(derivation_of(analyte).map(|d| d.base), expected);
        }
    }
}
