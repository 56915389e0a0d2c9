//! How dates and values are written on screen: unambiguous `YYYY-MM-DD`
//! dates, and values with their exact decimal digits and qualifier.

use ratatui::text::{Line, Span};

use crate::clinical::{Category, Flag};
use crate::model::{Analyte, Reading, TimeForm, Timestamp, Value};

/// `YYYY-MM-DD`, in the offset the time was written in.
pub fn date(time: Timestamp) -> String {
    let c = time.civil();
    format!("{:04}-{:02}-{:02}", c.year, c.month, c.day)
}

/// `YYYY-MM-DD HH:MM`, or the date alone when the input gave only a date.
pub fn date_time(time: Timestamp) -> String {
    match time.form() {
        TimeForm::Date => date(time),
        TimeForm::Local | TimeForm::Offset { .. } => {
            let c = time.civil();
            format!("{} {:02}:{:02}", date(time), c.hour, c.minute)
        }
    }
}

/// [`date_time`] with the offset the input gave, if any (`+01:00`, `UTC`).
pub fn date_time_zone(time: Timestamp) -> String {
    match time.form() {
        TimeForm::Offset { minutes: 0 } => format!("{} UTC", date_time(time)),
        TimeForm::Offset { minutes } => {
            let sign = if minutes < 0 { '-' } else { '+' };
            let minutes = minutes.unsigned_abs();
            format!(
                "{} {sign}{:02}:{:02}",
                date_time(time),
                minutes / 60,
                minutes % 60
            )
        }
        TimeForm::Date | TimeForm::Local => date_time(time),
    }
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

/// Decimal places a cumulative report writes for each analyte, so that a
/// column lines up as on paper (`8.0`, `1.60`); more digits than these, when
/// the input had them, are always shown, never rounded away.
const fn report_decimals(analyte: Analyte) -> u8 {
    match analyte {
        Analyte::Wbc | Analyte::Rbc | Analyte::Anc | Analyte::Alc => 2,
        Analyte::Hgb | Analyte::Hct | Analyte::Mcv => 1,
        Analyte::Plt | Analyte::Retic => 0,
    }
}

/// An analyte's value as the cumulative report writes it: at least its
/// usual decimal places, every exact digit, qualifier, `*` when derived;
/// `-` when not measured.
pub fn analyte_value(analyte: Analyte, value: Value) -> String {
    value.reading().map_or_else(
        || "-".to_string(),
        |reading| reading_with_decimals(reading, report_decimals(analyte)),
    )
}

fn reading_with_decimals(reading: Reading, decimals: u8) -> String {
    let derived = if reading.derived { "*" } else { "" };
    format!(
        "{}{}{derived}",
        reading.censor.symbol(),
        reading.amount.to_string_with_min_decimals(decimals)
    )
}

/// The table's mark on a value flagged against the lab's own range.
pub const LAB_MARK: &str = "†";

/// What the `*` after a value means, for the legends.
pub const DERIVED_LEGEND: &str = "* derived from a percentage × WBC (ANC, ALC) or × RBC (retic)";

/// A range in use as the screen writes it: `lab 130–400`, `ref 150–450`
/// (adult), `ref 11.5–15.5 for 6–12 y`, `ref –18.3 for 0–14 d` (no lower
/// limit for this age), or `no interval for this age`.
pub fn range_text(range: crate::clinical::RangeInUse) -> String {
    use crate::clinical::RangeSource;
    let end = |d: Option<crate::model::Decimal>| d.map(|d| d.to_string()).unwrap_or_default();
    let span = format!("{}–{}", end(range.lower), end(range.upper));
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
    match crate::clinical::Age::of(birth, at) {
        Some(age) if age.reached(t.age.adult_from) => format!(", {} at this draw", age.label()),
        Some(age) => format!(", {} at this draw · limits for age", age.label()),
        None if birth.is_some() => " · drawn before the birth date: adult limits".to_string(),
        None => " · age unknown: adult limits".to_string(),
    }
}

/// Lays out unbreakable chunks of spans on lines of `width` columns,
/// breaking only between chunks (a value never parts from its flag).
pub fn pack(chunks: Vec<Vec<Span<'static>>>, width: u16) -> Vec<Line<'static>> {
    let width = usize::from(width);
    let mut lines: Vec<Line<'static>> = Vec::new();
    let mut current: Vec<Span<'static>> = Vec::new();
    let mut used = 0;
    for chunk in chunks {
        let size: usize = chunk.iter().map(Span::width).sum();
        if used > 0 && used + size > width {
            lines.push(Line::from(std::mem::take(&mut current)));
            used = 0;
        }
        used += size;
        current.extend(chunk);
    }
    if !current.is_empty() {
        lines.push(Line::from(current));
    }
    lines
}

/// Cuts `text` to at most `width` columns, ending in `…` when cut.
pub fn fit(text: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthChar;
    let total: usize = text.chars().map(|c| c.width().unwrap_or(0)).sum();
    if total <= width {
        return text.to_string();
    }
    let mut kept = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        kept.push(c);
        used += w;
    }
    if width > 0 {
        kept.push('…');
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Censor, CivilTime, Decimal};

    fn at(year: i32, month: u8, day: u8, hour: u8, minute: u8, offset: Option<i16>) -> Timestamp {
        let civil = CivilTime {
            year,
            month,
            day,
            hour,
            minute,
            second: 0,
        };
        Timestamp::from_civil(civil, offset).unwrap()
    }

    #[test]
    fn dates_are_iso_and_times_show_their_offset() {
        let local = at(2024, 4, 5, 10, 7, None);
        assert_eq!(date(local), "2024-04-05");
        assert_eq!(date_time(local), "2024-04-05 10:07");
        assert_eq!(date_time_zone(local), "2024-04-05 10:07");
        let paris = at(2025, 1, 7, 8, 21, Some(60));
        assert_eq!(date_time_zone(paris), "2025-01-07 08:21 +01:00");
        let utc = at(2024, 11, 12, 8, 5, Some(0));
        assert_eq!(date_time_zone(utc), "2024-11-12 08:05 UTC");
        let day = Timestamp::from_date(2024, 2, 29).unwrap();
        assert_eq!(date_time(day), "2024-02-29");
        assert_eq!(date_of_days(day.days(), false), "2024-02-29");
        assert_eq!(date_of_days(local.days(), true), "2024-04-05 10:07");
    }

    #[test]
    fn readings_keep_exact_digits_qualifiers_and_report_decimals() {
        let value = |text: &str, censor, derived| {
            Value::new(Reading {
                amount: Decimal::parse(text).unwrap(),
                censor,
                derived,
            })
        };
        assert_eq!(
            analyte_value(Analyte::Anc, value("1.5", Censor::Exact, false)),
            "1.50"
        );
        assert_eq!(
            analyte_value(Analyte::Anc, value("0.1", Censor::Below, false)),
            "<0.10"
        );
        assert_eq!(
            analyte_value(Analyte::Anc, value("3.714", Censor::Exact, true)),
            "3.714*"
        );
        assert_eq!(
            analyte_value(Analyte::Hgb, value("8", Censor::Exact, false)),
            "8.0"
        );
        assert_eq!(
            analyte_value(Analyte::Plt, value("5", Censor::Below, false)),
            "<5"
        );
        assert_eq!(
            analyte_value(Analyte::Hgb, value("8.94105", Censor::Exact, false)),
            "8.94105"
        );
        assert_eq!(analyte_value(Analyte::Plt, Value::MISSING), "-");
    }

    #[test]
    fn the_header_says_the_age_and_which_limits_apply() {
        let t = crate::clinical::Thresholds::default();
        let birth = Timestamp::from_date(2012, 8, 21);
        let at = |y, m, d| Timestamp::from_date(y, m, d).unwrap();
        assert_eq!(
            age_words(birth, at(2018, 9, 24), &t),
            ", 6 y at this draw · limits for age"
        );
        assert_eq!(age_words(birth, at(2030, 8, 21), &t), ", 18 y at this draw");
        assert_eq!(
            age_words(None, at(2030, 8, 21), &t),
            " · age unknown: adult limits"
        );
    }

    #[test]
    fn pack_breaks_only_between_chunks() {
        let chunk = |text: &'static str| vec![Span::raw(text)];
        let lines = pack(
            vec![
                chunk("Hb 8.7 L  "),
                chunk("ANC 0.47 LL  "),
                chunk("ALC 1.38"),
            ],
            24,
        );
        let texts: Vec<String> = lines.iter().map(ToString::to_string).collect();
        assert_eq!(texts, ["Hb 8.7 L  ANC 0.47 LL  ", "ALC 1.38"]);
    }

    #[test]
    fn fit_cuts_with_an_ellipsis() {
        assert_eq!(fit("P001", 8), "P001");
        assert_eq!(fit("593aaa05-d864-1df7", 9), "593aaa05…");
        assert_eq!(fit("abc", 0), "");
    }
}
