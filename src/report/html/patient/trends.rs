//! The trend charts of one patient on one time axis, with their legend,
//! the lower limit's steps and the severity course under them.

use std::fmt::Write;

use crate::clinical::{Category, CategoryTable, Flag, Thresholds, range_in_use};
use crate::model::{Analyte, Dataset, Sex};
use crate::report::chart_scale::{
    all_time_ends, all_time_window, clock_days, end_labels, full_window, rule_lines, x_of,
};
use crate::report::words::{self, TRANSFUSED_MARK, analyte_value, range_text};

use super::super::escape::esc;
use super::super::svg::{self, Chart, ChartPoint, LimitStep, TimeMark};
use super::Facts;

/// The charts, in the screen's order: platelets, RBC, WBC, then the ones
/// its `a` key swaps in.
const CHARTED: [Analyte; 6] = [
    Analyte::Plt,
    Analyte::Rbc,
    Analyte::Wbc,
    Analyte::Hgb,
    Analyte::Anc,
    Analyte::Retic,
];

/// The lower limit in force at each draw with a value of `analyte` (for
/// the patient's age then, or the lab's), as runs: where each starts
/// (midway between its first draw and the draw before) and its limit. A child's limits change with age and a lab's
/// with the lab: each point is flagged against its own draw's limit, and
/// the chart's line steps with them (one run: a straight line).
fn limit_steps(
    facts: &Facts<'_>,
    slice: &crate::model::DrawSlice<'_>,
    analyte: Analyte,
    days: &[f64],
    t: &Thresholds,
) -> Vec<LimitStep> {
    let runs = facts.draws.iter().enumerate().filter_map(|(i, draw)| {
        if draw.values.get(analyte).is_missing() {
            return None;
        }
        let x = days.get(i).copied().unwrap_or_default();
        let age = crate::clinical::Age::of(facts.patient.birth_date, draw.time);
        let range = range_in_use(
            analyte,
            facts.patient.sex,
            age,
            slice.lab_range(i, analyte),
            t,
        );
        Some((i, x, range.lower))
    });
    crate::report::chart_scale::limit_steps(runs)
}

/// Where the lower limit steps, under the chart (HTML: each run kept on
/// one line): `Hb lower limit by the draw's age or lab: 11.5 from
/// 2018-09-24, 13 from 2024-09-09`.
fn limit_steps_html(facts: &Facts<'_>, analyte: Analyte, steps: &[LimitStep]) -> String {
    let runs: Vec<String> = steps
        .iter()
        .map(|step| {
            let limit = step
                .lower
                .map_or_else(|| "none".to_string(), |lower| lower.to_string());
            let when = facts.when.get(step.draw).cloned().unwrap_or_default();
            format!(
                "<span class=\"run\">{}</span>",
                esc(&format!("{limit} from {when}"))
            )
        })
        .collect();
    format!(
        "{} lower limit by the draw's age or lab (the dashed line steps with it): {}",
        esc(analyte.short_label()),
        runs.join(", ")
    )
}

/// The trend charts on one time axis, the legend, and the severity course.
pub(super) fn charts(s: &mut String, facts: &Facts<'_>, dataset: &Dataset, t: &Thresholds) {
    let days: Vec<f64> = facts.draws.iter().map(|d| x_of(d.time)).collect();
    let all_time = all_time_ends(
        facts.draws.iter().map(|d| d.time),
        dataset.events(facts.patient),
    );
    let window = all_time_window(all_time);
    let clock = clock_days(facts.draws.last().map(|d| d.time));
    let ends =
        all_time.and_then(|(first, last)| end_labels(window, first, last, window.span() < 3.0));
    let latest = facts.draws.len().saturating_sub(1);
    let latest_age = facts
        .draws
        .get(latest)
        .and_then(|draw| crate::clinical::Age::of(facts.patient.birth_date, draw.time));
    let slice = dataset.draws(facts.patient);
    s.push_str("<h3>Trends</h3>");
    legend(s);
    // The events on the time axis, marked with the screen's glyphs.
    let marks: Vec<TimeMark> = dataset
        .events(facts.patient)
        .iter()
        .map(|e| TimeMark {
            x: x_of(e.at),
            label: e.kind.glyph().to_string(),
            first: !e.kind.is_transfusion(),
        })
        .filter(|m| window.contains(m.x))
        .collect();
    let mut kinds: Vec<_> = dataset
        .events(facts.patient)
        .iter()
        .map(|e| e.kind)
        .collect();
    kinds.sort_unstable();
    kinds.dedup();
    if !kinds.is_empty() {
        let named: Vec<String> = kinds
            .iter()
            .map(|k| format!("{} {}", k.glyph(), k.label()))
            .collect();
        let _ = write!(
            s,
            "<p class=\"legend\">{}</p>",
            esc(&format!("events (vertical lines): {}", named.join(" · ")))
        );
    }
    let events = dataset.events(facts.patient);
    if events.iter().any(|e| e.kind.is_transfusion()) {
        let _ = write!(
            s,
            "<p class=\"legend\">{}</p>",
            esc(&format!(
                "{TRANSFUSED_MARK} over a marker: a platelet count drawn within {} days of a platelet transfusion, a hemoglobin within {} days of red cells",
                t.windows.platelet_transfusion_days, t.windows.rbc_transfusion_days
            ))
        );
    }
    for analyte in CHARTED {
        let points: Vec<ChartPoint> = facts
            .draws
            .iter()
            .enumerate()
            .filter_map(|(i, draw)| {
                let value = draw.values.get(analyte);
                let reading = value.reading()?;
                let flag = facts.flag(i, analyte);
                let transfused =
                    crate::clinical::transfusion_before(draw.time, analyte, events, &t.windows)
                        .is_some();
                let title = format!(
                    "{} {}{} {}",
                    facts.when(i),
                    analyte_value(analyte, value),
                    if transfused { TRANSFUSED_MARK } else { "" },
                    words::flag(flag)
                );
                Some(ChartPoint {
                    x: days.get(i).copied().unwrap_or_default(),
                    y: reading.amount.to_f64(),
                    flag,
                    title: title.trim_end().to_string(),
                    transfused,
                })
            })
            .collect();
        if points.is_empty() {
            continue;
        }
        // The latest draw's range, as the screen's cursor starts there,
        // shown apart from its value as the table shows it.
        let range = range_in_use(
            analyte,
            facts.patient.sex,
            latest_age,
            slice.lab_range(latest, analyte),
            t,
        );
        let range = match facts.draws.get(latest) {
            Some(draw) => range.beside(draw.values.get(analyte)),
            None => range,
        };
        let rules = rule_lines(analyte, range, t);
        let steps = limit_steps(facts, &slice, analyte, &days, t);
        let unit = words::axis_unit(analyte);
        let sex_note = if facts.patient.sex == Sex::Unknown
            && range.source == crate::clinical::RangeSource::Default
        {
            " (sex unknown)"
        } else {
            ""
        };
        // Log as on screen (`L` there toggles it): platelets and ANC.
        let log = matches!(analyte, Analyte::Plt | Analyte::Anc);
        let chart = Chart {
            title: svg::chart_title(
                &facts.patient.id,
                &format!(
                    " · {} {unit} · {}{sex_note}{}",
                    analyte.long_label(),
                    range_text(range),
                    if log { " · log" } else { "" }
                ),
            ),
            y_name: format!("{} ({unit})", analyte.short_label()),
            points: &points,
            rules: &rules,
            window,
            marks: &marks,
            clock,
            ends: ends.clone(),
            log,
            limit_steps: &steps,
        };
        let _ = write!(s, "<figure>{}</figure>", svg::chart_svg(&chart));
        if steps.len() > 1 {
            let _ = write!(
                s,
                "<p class=\"legend\">{}</p>",
                limit_steps_html(facts, analyte, &steps)
            );
        }
    }
    let table = CategoryTable::new(t);
    // Each change dated as its draw was recorded, as the table dates it.
    // `none?` where missing values leave worse open, as on screen.
    let mut changes: Vec<(f64, Category, String, bool)> = Vec::new();
    for (draw, &x) in facts.draws.iter().zip(&days) {
        let (category, mut could_be) = table.category_and_could_be(&draw.values);
        if changes.last().is_none_or(|(_, c, _, _)| *c != category) {
            changes.push((
                x,
                category,
                words::date(draw.time),
                could_be.next().is_some(),
            ));
        }
    }
    // Where the draws' own axis ends (a single draw's is widened to a day
    // around it): the course stops there, not at an event after it.
    let last = full_window(&days).end;
    let _ = write!(
        s,
        "<figure>{}</figure>",
        svg::course_svg(&changes, window, last)
    );
    let course: Vec<String> = changes
        .iter()
        .map(|(_, c, date, open)| format!("{date} {}", words::category_word(*c, *open)))
        .collect();
    let _ = write!(
        s,
        "<p class=\"course\">Course: {}</p>",
        esc(&course.join(" → "))
    );
}

/// What the markers, lines and bands mean.
fn legend(s: &mut String) {
    s.push_str("<p class=\"legend\">");
    for (flag, word) in [
        (None, "in range"),
        (Some(Flag::Low), "low (L)"),
        (Some(Flag::CriticalLow), "critically low (LL)"),
        (Some(Flag::High), "high (H)"),
    ] {
        let _ = write!(
            s,
            "<svg class=\"key\" viewBox=\"0 0 14 12\" width=\"14\" height=\"12\"><path class=\"{}\" d=\"{}\"/></svg> {} ",
            svg::marker_class(flag),
            svg::marker_path(flag, 7.0, 6.0),
            esc(word)
        );
    }
    s.push_str(
        "<svg class=\"key\" viewBox=\"0 0 24 12\" width=\"24\" height=\"12\"><path class=\"lln\" d=\"M0 6H24\"/></svg> lower limit \
         <svg class=\"key\" viewBox=\"0 0 24 12\" width=\"24\" height=\"12\"><path class=\"cutoff\" d=\"M0 6H24\"/></svg> severity cut-off \
         · severity bands: taller is more severe (none, non-severe, severe, very severe)</p>",
    );
}
