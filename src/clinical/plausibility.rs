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
mod tests;
