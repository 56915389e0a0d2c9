//! How dates and values are written, the same words on screen, in the HTML
//! report and beside the JSON: unambiguous `YYYY-MM-DD` dates, values with
//! their exact decimal digits and qualifier, flags, ranges, and the words
//! that explain a severity category.

use crate::clinical::{
    Age, AgeSpan, AgeUnit, Category, CriterionGroup, Flag, Outcome, RangeInUse, RangeSource,
    Thresholds,
};
use crate::model::{Analyte, TimeForm, Timestamp, Value};

/// `YYYY-MM-DD`, in the offset the time was written in.
pub fn date(time: Timestamp) -> String {
    time.date_text()
}

/// `YYYY-MM-DD HH:MM`, or the date alone when the input gave only a date.
pub fn date_time(time: Timestamp) -> String {
    time.date_time_text()
}

/// [`date_time`] with the offset the input gave, if any (`+01:00`, `UTC`).
pub fn date_time_zone(time: Timestamp) -> String {
    time.date_time_zone_text()
}

/// `YYYY-MM-DD HH:MM:SS`: two draws within one minute told apart (a date
/// alone stays a date).
pub fn date_time_seconds(time: Timestamp) -> String {
    match time.form() {
        TimeForm::Date => date(time),
        TimeForm::Local | TimeForm::Offset { .. } => {
            format!("{}:{:02}", date_time(time), time.civil().second)
        }
    }
}

/// [`date_time_seconds`] with the offset, as [`date_time_zone`].
pub fn date_time_seconds_zone(time: Timestamp) -> String {
    time.with_zone(date_time_seconds(time))
}

/// A date from days since the Unix epoch (a chart position), `YYYY-MM-DD`,
/// with the time of day when `with_time`.
pub fn date_of_days(days: f64, with_time: bool) -> String {
    let seconds = (days * 86_400.0).round() as i64;
    let c = crate::model::CivilTime::from_unix_seconds(seconds);
    if with_time {
        format!(
            "{:04}-{:02}-{:02} {:02}:{:02}",
            c.year, c.month, c.day, c.hour, c.minute
        )
    } else {
        format!("{:04}-{:02}-{:02}", c.year, c.month, c.day)
    }
}

/// An analyte's value as the lab reported it: its own digits (never padded
/// with zeros the lab did not write: `5`, `<0.1`), its qualifier, `*` when
/// derived; `-` when not measured. A value converted by an inexact factor
/// or derived is rounded to its inputs' significant digits
/// ([`Value::with_significant_digits`]). Columns line up by right-aligning.
pub fn analyte_value(_analyte: Analyte, value: Value) -> String {
    value.shown_text().unwrap_or_else(|| "-".to_string())
}

/// The table's mark on a value flagged against the lab's own range.
pub const LAB_MARK: &str = "†";

/// The mark after a value drawn within a transfusion's window
/// (`clinical.md` §8): a hemoglobin after red cells, a platelet count after
/// platelets. Not `†`, which is the lab's range.
pub const TRANSFUSED_MARK: &str = "‡";

/// The mark of a draw that lost a result the load refused. Not `✗`, which
/// is a severity criterion not met: `severe ✗` read as "severe, not met".
pub const REFUSED_MARK: &str = "⊘";

/// What the `*` after a value means, for the legends.
pub const DERIVED_LEGEND: &str = "* derived from a percentage × WBC (ANC, ALC) or × RBC (retic)";

/// [`DERIVED_LEGEND`] for a narrow screen (80 columns).
pub const DERIVED_LEGEND_SHORT: &str = "* derived: % × WBC (ANC, ALC), % × RBC (retic)";

/// A range in use as the screen writes it: `lab 130–400` or `ref 150–450`.
pub fn range_text(range: RangeInUse) -> String {
    // A limit missing at one end (no lower limit for the ANC of the first
    // 14 days) is said so: `–18.3` would read as a negative number.
    let span = match (range.lower_text(), range.upper_text()) {
        (Some(lower), Some(upper)) => format!("{lower}–{upper}"),
        (None, Some(upper)) => format!("≤{upper}, no lower limit"),
        (Some(lower), None) => format!("≥{lower}, no upper limit"),
        (None, None) => "no limits".to_string(),
    };
    match (range.source, range.band) {
        (RangeSource::Lab, _) => format!("lab {span}"),
        (RangeSource::Default, _) => format!("ref {span}"),
        (RangeSource::Age, Some(band)) => format!("ref {span} for {}", band.short()),
        (RangeSource::Age, None) => "no interval for this age".to_string(),
    }
}

/// A flag's code, or nothing.
pub fn flag(flag: Option<Flag>) -> &'static str {
    flag.map_or("", Flag::code)
}

/// A category with the open higher categories: `non-severe?` when missing
/// values could make it worse.
pub fn category_word(category: Category, open: bool) -> String {
    if open {
        format!("{}?", category.label())
    } else {
        category.label().to_string()
    }
}

/// The header's words for the age at a draw: `, 6 y at this draw · limits
/// for age` under the adult age, `, 37 y at this draw` from it, and
/// ` · age unknown: adult limits` without a birth date (`clinical.md` §2).
pub fn age_words(
    birth: Option<Timestamp>,
    at: Timestamp,
    t: &crate::clinical::Thresholds,
) -> String {
    age_phrase(birth, at, t, false)
}

/// [`age_words`] for a narrow header: `, 6 y · limits for age`, `, 37 y`,
/// ` · age unknown`.
pub fn age_words_short(
    birth: Option<Timestamp>,
    at: Timestamp,
    t: &crate::clinical::Thresholds,
) -> String {
    age_phrase(birth, at, t, true)
}

fn age_phrase(
    birth: Option<Timestamp>,
    at: Timestamp,
    t: &crate::clinical::Thresholds,
    short: bool,
) -> String {
    let at_draw = if short { "" } else { " at this draw" };
    match crate::clinical::Age::of(birth, at) {
        Some(age) if age.reached(t.age.adult_from) => format!(", {}{at_draw}", age.label()),
        Some(age) => format!(", {}{at_draw} · limits for age", age.label()),
        None if birth.is_some() && short => " · drawn before birth".to_string(),
        None if birth.is_some() => " · drawn before the birth date: adult limits".to_string(),
        None if short => " · age unknown".to_string(),
        None => " · age unknown: adult limits".to_string(),
    }
}

/// The unit as an axis names it: `x10^9/L`, `g/dL`.
pub fn axis_unit(analyte: Analyte) -> String {
    let unit = analyte.unit();
    if unit.starts_with("10^") {
        format!("x{unit}")
    } else {
        unit.to_string()
    }
}

/// The caveat shown wherever a category is explained (`clinical.md` §1).
pub const CAVEAT: &str = "A blood count cannot assess marrow cellularity: these are the blood-count \
criteria only, not a diagnosis of aplastic anemia or of its severity.";

/// Said beside a child's severity (`clinical.md` §1): the adult count
/// criteria apply, on the word of a paediatric amendment not read here.
pub const CHILD_CRITERIA: &str =
    "Under 18: adult criteria (BSH paediatric amendment, Samarasinghe 2018; not checked here).";

/// [`CHILD_CRITERIA`] when the patient is under 18 at `at`; nothing for
/// an adult or an unknown age.
pub fn child_criteria(birth: Option<Timestamp>, at: Timestamp) -> Option<&'static str> {
    let adult = AgeSpan::new(18, AgeUnit::Year);
    Age::of(birth, at)
        .filter(|age| !age.reached(adult))
        .map(|_| CHILD_CRITERIA)
}

/// What a category says about the blood counts, never naming a diagnosis.
pub fn category_sentence(category: Category) -> &'static str {
    match category {
        Category::None => {
            "Blood counts do not show the pancytopenic pattern (fewer than 2 cytopenia criteria met)."
        }
        Category::NonSevere => "Blood counts meet the cytopenia criteria, not the severe criteria.",
        Category::Severe => "Blood counts meet the severe criteria.",
        Category::VerySevere => "Blood counts meet the very severe criteria.",
    }
}

/// How many cytopenia criteria the draw meets, so that an ungraded draw
/// never reads as healthy (`clinical.md` §1 "Words on screen"): "no
/// cytopenia", "1 cytopenia: not graded", "2 cytopenias"; none met with
/// some unknown (a missing value) is not "no cytopenia": "no cytopenia
/// known, 2 unknown", "cytopenia unknown".
pub fn cytopenia_words(severity: &crate::clinical::Severity) -> String {
    let unknown = severity
        .criteria
        .iter()
        .filter(|c| {
            c.group == crate::clinical::CriterionGroup::Cytopenia && c.outcome == Outcome::Unknown
        })
        .count();
    let all = severity
        .criteria
        .iter()
        .filter(|c| c.group == crate::clinical::CriterionGroup::Cytopenia)
        .count();
    match (severity.cytopenias(), unknown) {
        (0, 0) => "no cytopenia".to_string(),
        (0, unknown) if unknown == all => "cytopenia unknown".to_string(),
        (0, unknown) => format!("no cytopenia known, {unknown} unknown"),
        (1, _) => "1 cytopenia: not graded".to_string(),
        (n, _) => format!("{n} cytopenias"),
    }
}

/// An outcome as glyph and word.
pub const fn outcome_text(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Met => "✓ met",
        Outcome::NotMet => "✗ not met",
        Outcome::Unknown => "? unknown",
    }
}

/// What missing values leave open, as the severity panel says it.
pub fn open_text(could_be: &[Category]) -> String {
    if could_be.is_empty() {
        "nothing left open by missing values".to_string()
    } else {
        let words: Vec<&str> = could_be.iter().map(|c| c.label()).collect();
        format!("missing values leave open: {}", words.join(", "))
    }
}

/// A sex as the header writes it.
pub const fn sex_word(sex: crate::model::Sex) -> &'static str {
    match sex {
        crate::model::Sex::Male => "male",
        crate::model::Sex::Female => "female",
        crate::model::Sex::Unknown => "sex unknown",
    }
}

/// How a draw's time is written in a table: as little as tells it apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeShown {
    /// The date alone: no other draw falls on it.
    Date,
    /// The date and time of day ([`date_time`]): another draw falls on the
    /// date, written in the same offset.
    Time,
    /// With the offset too ([`date_time_zone`]): another draw on the date
    /// was written in another offset, so the clocks alone would put them
    /// in the wrong order (08:00 UTC before 09:30 +02:00).
    TimeAndZone,
    /// With the seconds ([`date_time_seconds`]): another draw falls in the
    /// same minute as written, at another second (08:00:00 and 08:00:59).
    Seconds,
    /// With the seconds and the offset.
    SecondsAndZone,
}

impl TimeShown {
    /// `time` written so.
    pub fn text(self, time: Timestamp) -> String {
        match self {
            TimeShown::Date => date(time),
            TimeShown::Time => date_time(time),
            TimeShown::TimeAndZone => date_time_zone(time),
            TimeShown::Seconds => date_time_seconds(time),
            TimeShown::SecondsAndZone => date_time_seconds_zone(time),
        }
    }

    /// True when the seconds are written.
    pub fn has_seconds(self) -> bool {
        matches!(self, TimeShown::Seconds | TimeShown::SecondsAndZone)
    }
}

/// For each of `times`, how a table writes it ([`TimeShown`]).
pub fn how_shown(times: &[Timestamp]) -> Vec<TimeShown> {
    let date_of = |time: &Timestamp| {
        let c = time.civil();
        (c.year, c.month, c.day)
    };
    // Per date: how many draws, and the form of the first.
    let mut per_date: std::collections::HashMap<(i32, u8, u8), (usize, TimeForm, bool)> =
        std::collections::HashMap::new();
    for time in times {
        let entry = per_date
            .entry(date_of(time))
            .or_insert((0, time.form(), false));
        entry.0 += 1;
        entry.2 |= entry.1 != time.form();
    }
    // Per minute as written: whether its draws fall on more than one
    // second (two specimens at one time the seconds would not tell apart).
    let minute_of = |time: &Timestamp| {
        let c = time.civil();
        (c.year, c.month, c.day, c.hour, c.minute)
    };
    // (date, hour, minute) -> (a second of it, whether another differs).
    type Minute = (i32, u8, u8, u8, u8);
    let mut per_minute: std::collections::HashMap<Minute, (u8, bool)> =
        std::collections::HashMap::new();
    for time in times.iter().filter(|t| t.form() != TimeForm::Date) {
        let second = time.civil().second;
        let entry = per_minute.entry(minute_of(time)).or_insert((second, false));
        entry.1 |= entry.0 != second;
    }
    times
        .iter()
        .map(|t| {
            let shared_minute = t.form() != TimeForm::Date
                && per_minute
                    .get(&minute_of(t))
                    .is_some_and(|&(_, seconds)| seconds);
            match (per_date.get(&date_of(t)), shared_minute) {
                (Some(&(_, _, true)), true) => TimeShown::SecondsAndZone,
                (Some(&(_, _, true)), false) => TimeShown::TimeAndZone,
                (_, true) => TimeShown::Seconds,
                (Some(&(count, _, false)), false) if count > 1 => TimeShown::Time,
                _ => TimeShown::Date,
            }
        })
        .collect()
}

/// The heading of a group of severity criteria, with its counting rule.
pub const fn group_heading(group: CriterionGroup) -> &'static str {
    match group {
        CriterionGroup::Cytopenia => "Cytopenia: at least 2 to grade at all",
        CriterionGroup::Severe => "Severe: at least 2 of 3",
        CriterionGroup::VerySevere => "Very severe: severe, and 1 of 1",
    }
}

/// The reticulocyte criterion in force and whose it is:
/// `reticulocytes <60: automated count (BSH 2016)` (short enough for the
/// severity pane beside the charts).
pub fn retic_line(t: &Thresholds) -> String {
    format!(
        "reticulocytes <{}: {} count ({})",
        t.retic_cutoff(),
        t.retic_method.name(),
        t.retic_method.source()
    )
}

/// The severity scheme's name (`clinical.md` §1), said where the report
/// explains a category.
pub const SEVERITY_SCHEME: &str = "Camitta, modified by BSH";

#[cfg(test)]
mod tests;
