//! Reference limits and the flags `L`, `LL`, `H` (`clinical.md` §2).

use super::comparison::{Outcome, above_cutoff, below_cutoff};
use super::thresholds::{BySex, Thresholds};
use crate::model::{Analyte, Decimal, LabRange, Sex, Value};

/// A value outside its reference interval, as far as the value proves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Flag {
    /// Below the lower reference limit.
    Low,
    /// Below the critical low (platelets, ANC, hemoglobin, WBC only).
    CriticalLow,
    /// Above the upper reference limit.
    High,
}

impl Flag {
    /// `"L"`, `"LL"` or `"H"`: the flag reads without colour.
    pub const fn code(self) -> &'static str {
        match self {
            Flag::Low => "L",
            Flag::CriticalLow => "LL",
            Flag::High => "H",
        }
    }
}

/// The lower and upper reference limits of an analyte for a patient's sex.
///
/// Sex unknown: the more sensitive limit of each end, the higher lower
/// limit and the lower upper limit; with `clinical.md`'s defaults that is
/// the male column's lower and the female column's upper limit.
pub fn reference_range(analyte: Analyte, sex: Sex, t: &Thresholds) -> (Decimal, Decimal) {
    let limits = t.reference.get(analyte);
    (
        lower_limit(limits.lower, sex),
        upper_limit(limits.upper, sex),
    )
}

/// The lower reference limit (LLN) for this sex; see [`reference_range`].
fn lower_limit(lower: BySex, sex: Sex) -> Decimal {
    match sex {
        Sex::Male => lower.male,
        Sex::Female => lower.female,
        Sex::Unknown => lower.male.max(lower.female),
    }
}

/// The upper reference limit for this sex; see [`reference_range`].
fn upper_limit(upper: BySex, sex: Sex) -> Decimal {
    match sex {
        Sex::Male => upper.male,
        Sex::Female => upper.female,
        Sex::Unknown => upper.male.min(upper.female),
    }
}

/// The flag a value proves against the default limits of `t`, or `None`
/// when it is normal, missing, or censored so that it proves nothing
/// (`<200` platelets: no flag; `<30`: `L`, not `LL`; `>1000`: `H`).
pub fn flag(analyte: Analyte, value: Value, sex: Sex, t: &Thresholds) -> Option<Flag> {
    flag_in_range(
        value,
        reference_range(analyte, sex, t),
        t.critical_low.get(analyte),
    )
}

/// [`flag`] against an explicit reference range `(lower, upper)`, such as
/// one the lab gave with the result, and the analyte's critical low if any.
pub fn flag_in_range(
    value: Value,
    (lower, upper): (Decimal, Decimal),
    critical_low: Option<Decimal>,
) -> Option<Flag> {
    let proven_below = |cutoff| below_cutoff(value, cutoff) == Outcome::Met;
    if critical_low.is_some_and(proven_below) {
        Some(Flag::CriticalLow)
    } else if proven_below(lower) {
        Some(Flag::Low)
    } else if above_cutoff(value, upper) == Outcome::Met {
        Some(Flag::High)
    } else {
        None
    }
}

/// True when the value is proven below its lower reference limit (the JSON
/// `below` list): `<30` platelets is, `<200` is not, a missing value is not.
pub fn is_below_lower_limit(analyte: Analyte, value: Value, sex: Sex, t: &Thresholds) -> bool {
    let (lower, _) = reference_range(analyte, sex, t);
    below_cutoff(value, lower) == Outcome::Met
}

/// Where the reference range in force for a result came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RangeSource {
    /// The lab reported it with the result.
    Lab,
    /// The configuration's limits for the patient's sex.
    Default,
}

impl RangeSource {
    /// `"lab"` or `"default"`, as JSON and the screen write it.
    pub const fn name(self) -> &'static str {
        match self {
            RangeSource::Lab => "lab",
            RangeSource::Default => "default",
        }
    }
}

/// The reference range a result is flagged against, and where it came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RangeInUse {
    /// Lower reference limit (LLN).
    pub lower: Decimal,
    /// Upper reference limit.
    pub upper: Decimal,
    /// The lab's, or the configuration's.
    pub source: RangeSource,
}

impl RangeInUse {
    /// `(lower, upper)`, as [`flag_in_range`] takes it.
    pub const fn pair(self) -> (Decimal, Decimal) {
        (self.lower, self.upper)
    }
}

/// The range a result is judged by: the lab's when it gave one (a range
/// given in the input wins, `clinical.md` §2), else the configured limits
/// for this sex.
pub fn range_in_use(
    analyte: Analyte,
    sex: Sex,
    lab: Option<LabRange>,
    t: &Thresholds,
) -> RangeInUse {
    match lab {
        Some(range) => RangeInUse {
            lower: range.lower,
            upper: range.upper,
            source: RangeSource::Lab,
        },
        None => {
            let (lower, upper) = reference_range(analyte, sex, t);
            RangeInUse {
                lower,
                upper,
                source: RangeSource::Default,
            }
        }
    }
}

/// [`flag`] against the range in use: the lab's if given, else the
/// defaults; the critical low always comes from the configuration.
pub fn flag_with_lab_range(
    analyte: Analyte,
    value: Value,
    sex: Sex,
    lab: Option<LabRange>,
    t: &Thresholds,
) -> Option<Flag> {
    let range = range_in_use(analyte, sex, lab, t);
    flag_in_range(value, range.pair(), t.critical_low.get(analyte))
}

/// True when the value is proven below the lower limit of `range`.
pub fn is_below_range(value: Value, range: RangeInUse) -> bool {
    // An exact value is below exactly when it is less: the quick way.
    match value.reading() {
        Some(reading) if reading.censor == crate::model::Censor::Exact => {
            reading.amount < range.lower
        }
        _ => below_cutoff(value, range.lower) == Outcome::Met,
    }
}
