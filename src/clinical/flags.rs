//! Reference limits and the flags `L`, `LL`, `H` (`clinical.md` §2).

use super::age::Age;
use super::age_limits::BandLabel;
use super::comparison::{Outcome, above_cutoff, below_cutoff};
use super::thresholds::{BySex, Thresholds};
use crate::model::{Analyte, Decimal, Draw, LabRange, Sex, Timestamp, Value};

/// A value outside its reference interval, as far as the value proves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Flag {
    /// Below the lower reference limit.
    Low,
    /// Below the critical low (platelets, ANC, hemoglobin, WBC only).
    CriticalLow,
    /// Above the upper reference limit.
    High,
    /// A censored value whose bound cannot decide against a limit (`<200`
    /// platelets against 150): flagged `?`, never left blank.
    Undecided,
}

impl Flag {
    /// `"L"`, `"LL"` or `"H"`: the flag reads without colour.
    pub const fn code(self) -> &'static str {
        match self {
            Flag::Low => "L",
            Flag::CriticalLow => "LL",
            Flag::High => "H",
            Flag::Undecided => "?",
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

/// The flag a value proves against the adult limits of `t`, or `None`
/// when it is normal or missing (`<200` platelets: `?`; `<30`: `L`, not
/// `LL`; `>1000`: `H`).
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
    flag_within(value, Some(lower), Some(upper), critical_low)
}

/// The flag against limits either of which may be absent (a band of age
/// without a lower limit): `LL`, `L`, `H` where the value proves it, `?`
/// where a censored bound leaves a limit undecided, else none.
fn flag_within(
    value: Value,
    lower: Option<Decimal>,
    upper: Option<Decimal>,
    critical_low: Option<Decimal>,
) -> Option<Flag> {
    if value.is_missing() {
        return None;
    }
    let below = lower.map(|cutoff| below_cutoff(value, cutoff));
    let above = upper.map(|cutoff| above_cutoff(value, cutoff));
    // The critical low is not age-adjusted (`clinical.md` §2): it holds
    // where the age has no lower limit too, so that a newborn's ANC of 0.3
    // is `LL`, never a blank beside "no lower limit for this age".
    let critical = critical_low.map(|cutoff| below_cutoff(value, cutoff));
    if critical == Some(Outcome::Met) {
        Some(Flag::CriticalLow)
    } else if below == Some(Outcome::Met) {
        Some(Flag::Low)
    } else if above == Some(Outcome::Met) {
        Some(Flag::High)
    } else if [below, above, critical].contains(&Some(Outcome::Unknown)) {
        Some(Flag::Undecided)
    } else {
        None
    }
}

/// True when the value is proven below its adult lower reference limit:
/// `<30` platelets is, `<200` is not, a missing value is not.
pub fn is_below_lower_limit(analyte: Analyte, value: Value, sex: Sex, t: &Thresholds) -> bool {
    let (lower, _) = reference_range(analyte, sex, t);
    below_cutoff(value, lower) == Outcome::Met
}

/// Where the reference range in force for a result came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RangeSource {
    /// The lab reported it with the result.
    Lab,
    /// The configuration's adult limits for the patient's sex.
    Default,
    /// The configuration's limits for the patient's age (`clinical.md` §2a).
    Age,
}

impl RangeSource {
    /// `"lab"`, `"default"` or `"age"`, as JSON and the screen write it.
    pub const fn name(self) -> &'static str {
        match self {
            RangeSource::Lab => "lab",
            RangeSource::Default => "default",
            RangeSource::Age => "age",
        }
    }
}

/// The reference range a result is flagged against, and where it came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RangeInUse {
    /// Lower reference limit (LLN); none where the age has none.
    pub lower: Option<Decimal>,
    /// Upper reference limit; none where the age has none.
    pub upper: Option<Decimal>,
    /// The lab's, the adult defaults, or the age band's.
    pub source: RangeSource,
    /// The age band, for [`RangeSource::Age`]; `None` there means no band
    /// gives this analyte an interval at this age.
    pub band: Option<BandLabel>,
    /// The decimal places each limit is shown with at least: the lab's as
    /// written (`7.0`); none for the configured limits.
    pub places: (u8, u8),
    /// The significant digits each limit is shown to: a lab's limit
    /// converted by an inexact factor, as [`LabRange::significant`]; 0 for
    /// a limit shown as written.
    pub significant: (u8, u8),
}

impl RangeInUse {
    /// True when neither limit applies ("no interval for this age").
    pub const fn is_empty(self) -> bool {
        self.lower.is_none() && self.upper.is_none()
    }

    /// The lower limit as shown (`4.0` as the lab wrote it, `12.0` for
    /// 12.00493 converted from the lab's 7.45 mmol/L), if any.
    pub fn lower_text(self) -> Option<String> {
        let (places, digits) = (self.places.0, self.significant.0);
        self.lower.map(|limit| limit_text(limit, places, digits))
    }

    /// The upper limit as shown, if any.
    pub fn upper_text(self) -> Option<String> {
        let (places, digits) = (self.places.1, self.significant.1);
        self.upper.map(|limit| limit_text(limit, places, digits))
    }

    /// The same range to be shown beside `value` (as it is shown): a
    /// converted limit keeps more significant digits where its rounding
    /// would show it equal to the value or on the value's other side, so
    /// that the two never contradict the flag (12.003 g/dL, flagged `L`
    /// against a lower limit of 12.00493, reads beside `12.005`, never
    /// beside `12.0`). Limits as written are left as they are.
    pub fn beside(self, value: Value) -> RangeInUse {
        let Some(shown) = value
            .shown_amount()
            .and_then(|text| Decimal::parse(&text).ok())
        else {
            return self;
        };
        let apart = |limit: Option<Decimal>, digits: u8| {
            let Some(limit) = limit.filter(|_| digits > 0) else {
                return digits;
            };
            let Some(reading) = value.reading() else {
                return digits;
            };
            let side = reading.amount.cmp(&limit);
            let shown_side = |digits: u8| {
                Decimal::parse(&limit_text(limit, 0, digits))
                    .ok()
                    .map(|limit| shown.cmp(&limit))
            };
            let mut digits = digits;
            // 15 digits show every digit a limit can hold.
            while digits < 15 && shown_side(digits) != Some(side) {
                digits += 1;
            }
            digits
        };
        RangeInUse {
            significant: (
                apart(self.lower, self.significant.0),
                apart(self.upper, self.significant.1),
            ),
            ..self
        }
    }
}

/// A limit as shown: to `digits` significant digits when it was converted
/// (never past the units digit, as a converted value), else with at least
/// `places` decimal places.
fn limit_text(limit: Decimal, places: u8, digits: u8) -> String {
    match digits {
        0 => limit.to_string_with_min_decimals(places),
        _ => Value::exact(limit)
            .with_significant_digits(digits)
            .shown_amount()
            .unwrap_or_else(|| limit.to_string()),
    }
}

/// The range a result is judged by: the lab's when it gave one (a range
/// given in the input wins, `clinical.md` §2), else the configured limits
/// for this age (under 18 years, §2a) and sex, else the adult ones (age
/// unknown, or adult).
pub fn range_in_use(
    analyte: Analyte,
    sex: Sex,
    age: Option<Age>,
    lab: Option<LabRange>,
    t: &Thresholds,
) -> RangeInUse {
    if let Some(range) = lab {
        return RangeInUse {
            lower: Some(range.lower),
            upper: Some(range.upper),
            source: RangeSource::Lab,
            band: None,
            places: range.places,
            significant: range.significant,
        };
    }
    if let Some(by_age) = age.and_then(|age| t.age.range(analyte, sex, age)) {
        return RangeInUse {
            lower: by_age.lower,
            upper: by_age.upper,
            source: RangeSource::Age,
            band: by_age.band,
            places: (0, 0),
            significant: (0, 0),
        };
    }
    let (lower, upper) = reference_range(analyte, sex, t);
    RangeInUse {
        lower: Some(lower),
        upper: Some(upper),
        source: RangeSource::Default,
        band: None,
        places: (0, 0),
        significant: (0, 0),
    }
}

/// The flag of a value against a range in use and the analyte's critical
/// low (from the configuration, never age-adjusted).
pub fn flag_for_range(
    analyte: Analyte,
    value: Value,
    range: RangeInUse,
    t: &Thresholds,
) -> Option<Flag> {
    flag_within(value, range.lower, range.upper, t.critical_low.get(analyte))
}

/// [`flag`] against the range in use: the lab's if given, else the
/// limits for the age, else the adult defaults.
pub fn flag_with_lab_range(
    analyte: Analyte,
    value: Value,
    sex: Sex,
    age: Option<Age>,
    lab: Option<LabRange>,
    t: &Thresholds,
) -> Option<Flag> {
    flag_for_range(analyte, value, range_in_use(analyte, sex, age, lab, t), t)
}

/// A draw's values as they are shown beside the ranges
/// [`flag_with_lab_range`] judges them by (`lab` gives the lab's range of
/// each analyte): a converted or derived value keeps the digits that put
/// it on its side of the lower and upper limits, the critical low, the
/// severity cut-offs and the CTCAE grade lines ([`Value::shown_against`]),
/// so that its digits never contradict its flag, category or grade
/// (11.996 g/dL of hemoglobin is `11.996 L` beside a limit of 12, never
/// `12 L`). The amounts are unchanged; a draw whose values are all
/// as the lab wrote them is left as it is.
pub fn show_beside_limits(
    draw: &mut Draw,
    birth: Option<Timestamp>,
    sex: Sex,
    lab: impl Fn(Analyte) -> Option<LabRange>,
    t: &Thresholds,
) {
    let rounded = |value: &Value| value.significant_digits().is_some();
    if !draw.values.iter().any(|(_, value)| rounded(&value)) {
        return;
    }
    let age = Age::of(birth, draw.time);
    for analyte in Analyte::ALL {
        let value = draw.values.get(analyte);
        if !rounded(&value) {
            continue;
        }
        let range = range_in_use(analyte, sex, age, lab(analyte), t);
        // Every line the value is judged against beside it: its limits and
        // critical low (its flag), the severity cut-offs (its category's
        // criteria: an ANC of 0.198 is `0.198`, never a `0.20` beside "very
        // severe, ANC < 0.2") and the CTCAE grade lines (its grade).
        let cutoffs = super::severity::criteria_cutoffs(t)
            .into_iter()
            .filter(|&(_, tested, _)| tested == analyte)
            .map(|(_, _, cutoff)| Some(cutoff));
        let grades = t.ctcae.lines(analyte).into_iter().flatten();
        let shown = [range.lower, range.upper, t.critical_low.get(analyte)]
            .into_iter()
            .chain(cutoffs)
            .chain(grades)
            .flatten()
            .fold(value, Value::shown_against);
        draw.values.set(analyte, shown);
    }
}

/// True when the value is proven below the lower limit of `range`.
pub fn is_below_range(value: Value, range: RangeInUse) -> bool {
    let Some(lower) = range.lower else {
        return false;
    };
    // An exact value is below exactly when it is less: the quick way.
    match value.reading() {
        Some(reading) if reading.censor == crate::model::Censor::Exact => reading.amount < lower,
        _ => below_cutoff(value, lower) == Outcome::Met,
    }
}
