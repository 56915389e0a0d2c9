//! The severity explanation of one patient's latest and most severe draw:
//! the category, what is left open, and every criterion with its outcome.

use std::fmt::Write;

use crate::clinical::{CriterionGroup, Severity, Thresholds};
use crate::model::{Analyte, Draw};
use crate::report::words::{
    self, CAVEAT, TRANSFUSED_MARK, analyte_value, category_sentence, open_text, outcome_text,
};

use super::super::escape::esc;
use super::Facts;

/// The severity explanation of the latest and of the worst draw.
pub(super) fn severity(
    s: &mut String,
    facts: &Facts<'_>,
    events: &[crate::model::Event],
    t: &Thresholds,
) {
    let _ = write!(
        s,
        "<div class=\"severity\"><h3>Severity by the blood-count criteria ({})</h3>",
        esc(words::SEVERITY_SCHEME)
    );
    let latest = &facts.summary;
    let latest_when = facts.when(facts.draws.len().saturating_sub(1)).to_string();
    let shown = facts.draws.last();
    let birth = facts.patient.birth_date;
    explain(
        s,
        ("Latest draw", &latest_when, shown),
        (&latest.severity, birth),
        (events, t),
    );
    let (worst_draw, worst) = &latest.worst;
    if worst_draw.time == latest.latest.time && worst.category == latest.severity.category {
        s.push_str("<p>The latest draw is also the most severe.</p>");
    } else {
        let position = facts
            .draws
            .iter()
            .position(|d| d.time == worst_draw.time)
            .unwrap_or(0);
        let shown = facts.draws.get(position);
        explain(
            s,
            ("Most severe draw", facts.when(position), shown),
            (worst, birth),
            (events, t),
        );
    }
    s.push_str("</div>");
}

/// One draw's category, what is left open, and every criterion; each value
/// as the table shows it (`shown`: the draw with the digits that agree with
/// its flags), then with those that put it on its side of the cut-off, as
/// the dashboard's panel shows it, and `‡` after a transfusion (`events`).
fn explain(
    s: &mut String,
    (which, when, shown): (&str, &str, Option<&Draw>),
    (severity, birth): (&Severity, Option<crate::model::Timestamp>),
    (events, t): (&[crate::model::Event], &Thresholds),
) {
    let category = severity.category;
    let child = shown
        .and_then(|draw| words::child_criteria(birth, draw.time))
        .map(|text| format!("<p class=\"caveat\">{}</p>", esc(text)))
        .unwrap_or_default();
    let _ = write!(
        s,
        "<h4>{} · {}: <span class=\"sev sev-{}\">{}</span> · {} · {}</h4><p>{}</p><p class=\"caveat\">{}</p>{child}<table class=\"criteria\"><thead><tr><th>criterion</th><th>value</th><th>outcome</th></tr></thead><tbody>",
        esc(which),
        esc(when),
        category.name(),
        esc(category.label()),
        esc(&words::cytopenia_words(severity)),
        esc(&open_text(&severity.could_be)),
        esc(category_sentence(category)),
        esc(CAVEAT)
    );
    let shown_value = |criterion: &crate::clinical::Criterion| match shown {
        Some(draw) => draw
            .values
            .get(criterion.analyte)
            .shown_against(criterion.cutoff),
        None => criterion.shown_value(),
    };
    // Drawn within a transfusion's window (clinical.md §8): still counted,
    // marked as the table marks it.
    let transfused = |analyte: Analyte| {
        shown.is_some_and(|draw| {
            matches!(analyte, Analyte::Hgb | Analyte::Plt)
                && !draw.values.get(analyte).is_missing()
                && crate::clinical::transfusion_before(draw.time, analyte, events, &t.windows)
                    .is_some()
        })
    };
    for group in [
        CriterionGroup::Cytopenia,
        CriterionGroup::Severe,
        CriterionGroup::VerySevere,
    ] {
        let members: Vec<_> = severity
            .criteria
            .iter()
            .filter(|c| c.group == group)
            .collect();
        let met = members
            .iter()
            .filter(|c| c.outcome == crate::clinical::Outcome::Met)
            .count();
        let _ = write!(
            s,
            "<tr class=\"group\"><th colspan=\"3\">{} ({met} met)</th></tr>",
            esc(words::group_heading(group))
        );
        for criterion in members {
            let mut value = analyte_value(criterion.analyte, shown_value(criterion));
            if transfused(criterion.analyte) {
                value.push_str(TRANSFUSED_MARK);
            }
            let _ = write!(
                s,
                "<tr><td>{}</td><td>{}</td><td class=\"o-{}\">{}</td></tr>",
                esc(&criterion.rule()),
                esc(&value),
                match criterion.outcome {
                    crate::clinical::Outcome::Met => "met",
                    crate::clinical::Outcome::NotMet => "not",
                    crate::clinical::Outcome::Unknown => "unknown",
                },
                esc(outcome_text(criterion.outcome))
            );
        }
        if group == CriterionGroup::Severe {
            let _ = write!(
                s,
                "<tr><td colspan=\"3\" class=\"note\">{}</td></tr>",
                esc(&words::retic_line(t))
            );
        }
    }
    s.push_str("</tbody></table>");
}
