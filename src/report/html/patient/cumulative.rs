//! The cumulative table of one patient's draws, its notes, and the latest
//! draw's CTCAE grades under it.

use std::fmt::Write;

use crate::clinical::{
    CTCAE_VERSION, Flag, Thresholds, classify, ctcae_grade_with_lln, range_in_use,
};
use crate::model::{Analyte, Dataset};
use crate::report::words::{self, DERIVED_LEGEND, LAB_MARK, analyte_value, range_text};

use super::super::escape::esc;
use super::Facts;

// Marks an Hb or platelet value drawn within the window after a
// transfusion of that product (clinical.md §8): the screen's mark.
use crate::report::words::{REFUSED_MARK, TRANSFUSED_MARK};

/// The cumulative table: one row per draw, oldest first, one column per
/// analyte the patient has, each value with its flag.
pub(super) fn table(s: &mut String, facts: &Facts<'_>, dataset: &Dataset, t: &Thresholds) {
    let columns: Vec<Analyte> = Analyte::ALL
        .into_iter()
        .filter(|&a| facts.draws.iter().any(|d| !d.values.get(a).is_missing()))
        .collect();
    let _ = write!(
        s,
        "<h3>Cumulative report</h3><table class=\"cumulative\"><caption>{} · {}, oldest first</caption><thead><tr><th>date</th>",
        esc(&facts.patient.id),
        crate::safe_text::counted(facts.draws.len() as u64, "draw")
    );
    for &a in &columns {
        let _ = write!(s, "<th>{}</th>", esc(a.short_label()));
    }
    s.push_str("<th>severity</th></tr><tr class=\"units\"><th></th>");
    for &a in &columns {
        let _ = write!(s, "<th>{}</th>", esc(a.unit()));
    }
    s.push_str("<th></th></tr></thead><tbody>");
    let mut any_lab = false;
    let mut any_derived = false;
    let mut any_transfused = false;
    let events = dataset.events(facts.patient);
    let times: Vec<crate::model::Timestamp> = facts.draws.iter().map(|d| d.time).collect();
    let refused = dataset.refused_by_draw(&facts.patient.id, &times);
    for (i, draw) in facts.draws.iter().enumerate() {
        let _ = write!(s, "<tr><td>{}</td>", esc(facts.when(i)));
        for &a in &columns {
            let value = draw.values.get(a);
            let flag = facts.flag(i, a);
            let mut text = analyte_value(a, value);
            if facts.lab(i, a) && !value.is_missing() {
                text.push_str(LAB_MARK);
                any_lab = true;
            }
            if !value.is_missing()
                && matches!(a, Analyte::Hgb | Analyte::Plt)
                && crate::clinical::transfusion_before(draw.time, a, events, &t.windows).is_some()
            {
                text.push_str(TRANSFUSED_MARK);
                any_transfused = true;
            }
            any_derived |= value.reading().is_some_and(|r| r.derived);
            let class = flag.map_or("", |f| match f {
                Flag::Low => " class=\"low\"",
                Flag::CriticalLow => " class=\"ll\"",
                Flag::High => " class=\"high\"",
                Flag::Undecided => " class=\"undecided\"",
            });
            let _ = write!(
                s,
                "<td{class}>{}<b>{}</b></td>",
                esc(&text),
                esc(words::flag(flag))
            );
        }
        let severity = classify(&draw.values, t);
        // A draw that lost a result the load refused: its `-` may have been
        // a value (the screen's table marks it so).
        let lost = if refused.iter().any(|&(d, _)| d == i) {
            format!(" {REFUSED_MARK}")
        } else {
            String::new()
        };
        let _ = write!(
            s,
            "<td class=\"sev-{}\">{}{}</td></tr>",
            severity.category.name(),
            esc(&words::category_word(
                severity.category,
                !severity.could_be.is_empty()
            )),
            esc(&lost)
        );
    }
    s.push_str("</tbody></table><p class=\"note\">");
    let ranges: Vec<String> = facts
        .summary
        .ranges
        .iter()
        .map(|&(a, r)| {
            // Apart from the latest value as the table shows it.
            let shown = facts.draws.last().map(|d| d.values.get(a));
            let r = shown.map_or(r, |value| r.beside(value));
            format!("{} {}", a.short_label(), range_text(r))
        })
        .collect();
    let _ = write!(
        s,
        "Ranges of the latest draw: {}. L below the lower limit, LL critically low, H above the upper limit; ? after a category: missing values leave a higher one open.",
        esc(&ranges.join(" · "))
    );
    if any_lab {
        let _ = write!(
            s,
            " {}",
            esc(&format!("{LAB_MARK} flagged by the lab's range."))
        );
    }
    if any_transfused {
        let _ = write!(
            s,
            " {}",
            esc(&format!(
                "{TRANSFUSED_MARK} after transfusion: real, but not the patient's own production."
            ))
        );
    }
    if any_derived {
        // A sentence, as the other marks' are (the legend alone ends
        // without a stop, as the screen's footer shows it).
        let _ = write!(s, " {}.", esc(DERIVED_LEGEND));
    }
    if !refused.is_empty() {
        let _ = write!(
            s,
            " {}",
            esc(&format!(
                "{REFUSED_MARK} after the severity: a result of the draw was refused (its - may have been a value; the rejected rows below say why)."
            ))
        );
    }
    s.push_str("</p>");
    grades(s, facts, dataset, t);
}

/// The latest draw's CTCAE grades, naming the version.
fn grades(s: &mut String, facts: &Facts<'_>, dataset: &Dataset, t: &Thresholds) {
    let latest = facts.draws.len().saturating_sub(1);
    let Some(draw) = facts.draws.get(latest) else {
        return;
    };
    let latest_age = crate::clinical::Age::of(facts.patient.birth_date, draw.time);
    let slice = dataset.draws(facts.patient);
    let parts: Vec<String> = crate::clinical::CTCAE_GRADED
        .into_iter()
        .map(|analyte| {
            let term = if analyte == Analyte::Hgb {
                "anemia"
            } else {
                analyte.short_label()
            };
            let lln = range_in_use(
                analyte,
                facts.patient.sex,
                latest_age,
                slice.lab_range(latest, analyte),
                t,
            )
            .lower;
            let grade = ctcae_grade_with_lln(analyte, draw.values.get(analyte), lln, t);
            format!(
                "{term} {}",
                grade.map_or_else(|| "-".to_string(), |g| g.to_string())
            )
        })
        .collect();
    let _ = write!(
        s,
        "<p class=\"note\">{}</p>",
        esc(&format!(
            "{CTCAE_VERSION}, {}: {}",
            facts.when(latest),
            parts.join(" · ")
        ))
    );
}
