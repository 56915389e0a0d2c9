//! The words of the read-outs, recovery, events and response, shared by the
//! dashboard's `i` popup and the HTML report so that both say the same.
//! Times are written as the screen writes them (`2024-04-05 06:04`, with
//! the offset the input gave), not as the JSON does.

use crate::clinical::{NoRecovery, Outcome, Readout, Response, Thresholds};
use crate::model::{Decimal, Event, Timestamp};
use crate::safe_text::printable;

use super::words::{analyte_value, date_time_zone as when};

/// One event in words: `2024-04-02 IST start (hATG + ciclosporin)`.
pub fn event_text(event: &Event) -> String {
    let units = event.units.map(|u| format!(" x{u}")).unwrap_or_default();
    // A note written over lines reads as one line, not as escapes.
    let note = event
        .note
        .as_deref()
        .map(|n| {
            format!(
                " ({})",
                printable(&n.replace("\r\n", " ").replace('\n', " "))
            )
        })
        .unwrap_or_default();
    let end = event
        .end
        .map(|end| format!(" to {}", when(end)))
        .unwrap_or_default();
    format!(
        "{} {}{end}{units}{note}",
        when(event.at),
        event.kind.label()
    )
}

/// What an events list without any says: whether an events file was read.
pub fn no_events_text(events_read: u64) -> &'static str {
    if events_read > 0 {
        "none for this patient in the events files read"
    } else {
        "none loaded (an events file gives them)"
    }
}

/// A recovery date, or why there is none.
pub fn recovery_text(found: Result<Timestamp, NoRecovery>) -> String {
    found.map_or_else(|why| why.describe().to_string(), when)
}

/// The neutrophil recovery rule, as said beside its date.
pub const ANC_RECOVERY_RULE: &str = "ANC >= 0.5 x3 on different days";

/// The platelet recovery rule, as said beside its date.
pub fn plt_recovery_rule(t: &Thresholds) -> String {
    format!(
        "platelets >= 20 x3, each >= {} days after platelets",
        t.windows.platelet_transfusion_days
    )
}

/// One analyte's read-out lines: the nadir and the time below its lower
/// limit, then the latest change and the crossings when there are any.
/// `last` is the latest draw read.
pub fn readout_lines(r: &Readout, last: Option<Timestamp>) -> Vec<String> {
    let mut lines = Vec::new();
    let nadir = match (r.nadir, r.nadir_shown) {
        (Some((at, _)), Some(value)) => {
            format!("{} on {}", analyte_value(r.analyte, value), when(at))
        }
        _ => "-".into(),
    };
    // The latest draw's lower limit as shown, wherever it is named.
    let lower_text = |limit: Decimal| match (&r.lower_text, r.lower) {
        (Some(text), Some(lower)) if lower == limit => text.clone(),
        _ => limit.to_string(),
    };
    let below = match (r.below_since, last, r.lower.map(lower_text)) {
        (Some(since), Some(last), Some(lower)) => format!(
            "below {lower} since {} ({})",
            when(since),
            match crate::clinical::days_elapsed(since, last) {
                0 => "the same day".to_string(),
                days => crate::safe_text::counted(days, "day"),
            }
        ),
        // A latest value censored across the limit (`<200` against 150)
        // cannot say which side it is on.
        (_, _, Some(lower)) if r.latest_undecided => {
            format!("the latest draw cannot tell whether below {lower}")
        }
        (_, _, Some(lower)) => format!("not below {lower} at the latest draw"),
        (_, _, None) => "no lower limit for the age at the latest draw".into(),
    };
    lines.push(format!(
        "  {:<6} nadir {nadir}; {below}",
        r.analyte.short_label()
    ));
    if let Some(change) = &r.change {
        let percent = change.percent_text();
        // Days between the dates shown: two draws of one date are "the
        // same day", never "0 days".
        let days = match change.days {
            0 => "the same day".to_string(),
            days => format!("in {}", crate::safe_text::counted(days, "day")),
        };
        lines.push(format!(
            "         change {} -> {}: {}{percent} {days}",
            analyte_value(r.analyte, change.shown.0),
            analyte_value(r.analyte, change.shown.1),
            change.delta_text(),
        ));
    }
    if !r.crossings.is_empty() {
        let crossings: Vec<String> = r
            .crossings
            .iter()
            .map(|c| {
                let line = lower_text(c.cutoff);
                format!("{} {} {line}", when(c.at), c.direction.words())
            })
            .collect();
        lines.push(format!("         crossed: {}", crossings.join(", ")));
    }
    lines
}

/// A criterion's outcome, padded to one width.
pub fn outcome_mark(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Met => "met    ",
        Outcome::NotMet => "not met",
        Outcome::Unknown => "unknown",
    }
}

/// The response's title: when it started, and the scheme.
pub fn response_title(response: &Response) -> String {
    format!(
        "Response after immunosuppression, started {} — scheme {}",
        when(response.started),
        response.scheme.title()
    )
}

/// The response's baseline: its draw and category, or why there is none.
pub fn baseline_text(response: &Response) -> String {
    match response.baseline {
        Some((_, at, category)) => {
            format!("baseline {}: blood counts {}", when(at), category.label())
        }
        None => "no baseline: no draw in the 30 days before the start".into(),
    }
}

/// The response criterion by criterion: `(heading, text)` lines.
pub fn response_lines(out: &mut Vec<(bool, String)>, response: &Response) {
    out.push((true, response_title(response)));
    out.push((false, format!("  caveat: {}", response.scheme.caveat())));
    out.push((false, format!("  {}", baseline_text(response))));
    for a in &response.assessments {
        out.push((true, format!("  {}", assessment_heading(a))));
        if let Some(reason) = &a.reason {
            out.push((false, format!("      {reason}")));
        }
        for c in &a.criteria {
            out.push((
                false,
                format!(
                    "      {}  {}: {}",
                    outcome_mark(c.outcome),
                    c.rule,
                    criterion_value(c)
                ),
            ));
        }
    }
}

/// `3 months (2024-07-02): none — assessed draw 2024-07-01, ...`.
pub fn assessment_heading(a: &crate::clinical::Assessment) -> String {
    let drawn = a.draw.map_or_else(
        || "no draw to assess".into(),
        |(_, at)| format!("assessed draw {}", when(at)),
    );
    let previous = a
        .previous
        .map(|p| format!(", the draw before: {}", when(p)))
        .unwrap_or_default();
    format!(
        "{} months ({}): {} — {drawn}{previous}",
        a.months,
        when(a.target),
        a.category.name()
    )
}

/// A criterion's value, or `missing`.
pub fn criterion_value(c: &crate::clinical::ResponseCriterion) -> String {
    let value = c.value.as_deref().unwrap_or("missing");
    // Marked as the table marks a value drawn after a transfusion.
    if c.after_transfusion {
        format!("{value}{}", crate::report::words::TRANSFUSED_MARK)
    } else {
        value.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clinical::{Assessment, ResponseCategory};
    use crate::model::Timestamp;

    #[test]
    fn an_assessment_heading_names_its_draw_or_says_there_is_none() {
        let day = |d: u8| Timestamp::from_date(2024, 7, d).unwrap();
        let mut assessment = Assessment {
            months: 3,
            target: day(2),
            draw: Some((4, day(1))),
            previous: Some(day(3)),
            category: ResponseCategory::None,
            criteria: Vec::new(),
            reason: None,
        };
        assert_eq!(
            assessment_heading(&assessment),
            "3 months (2024-07-02): none — assessed draw 2024-07-01, the draw before: 2024-07-03"
        );
        (assessment.draw, assessment.previous) = (None, None);
        assessment.category = ResponseCategory::NotAssessable;
        assert_eq!(
            assessment_heading(&assessment),
            "3 months (2024-07-02): not-assessable — no draw to assess"
        );
    }
}
