//! A patient's events, read-outs, count recovery and response after
//! immunosuppression, in the words of the dashboard's `i` popup
//! ([`crate::report::insight_words`]) from the facts the JSON gives
//! ([`crate::report::insight`]).

use std::fmt::Write;

use crate::clinical::Thresholds;
use crate::model::{Dataset, Patient};
use crate::report::insight::patient_insight;
use crate::report::insight_words::{
    ANC_RECOVERY_RULE, assessment_heading, baseline_text, criterion_value, event_text,
    no_events_text, outcome_mark, plt_recovery_rule, readout_lines, recovery_text, response_title,
};

use super::escape::esc;

/// The section: events, read-outs over all draws, recovery, response.
pub fn insight_section(s: &mut String, dataset: &Dataset, patient: &Patient, t: &Thresholds) {
    let insight = patient_insight(dataset, patient, t);
    let draws = dataset.draws(patient);
    let last = draws.times().last().copied();
    let _ = write!(
        s,
        "<div class=\"insight\"><h3>Events ({})</h3>",
        insight.events.len()
    );
    if insight.events.is_empty() {
        let words = no_events_text(dataset.report().events_read);
        let _ = write!(s, "<p>{words}</p>");
    } else {
        s.push_str("<ul class=\"events\">");
        for event in insight.events {
            let _ = write!(s, "<li>{}</li>", esc(&event_text(event)));
        }
        s.push_str("</ul>");
    }
    s.push_str("<h3>Read-outs (all draws)</h3><pre class=\"readouts\">");
    for r in &insight.readouts {
        for line in readout_lines(r, last) {
            // The popup's two-space margin off; the continuation indent kept.
            let _ = writeln!(s, "{}", esc(line.strip_prefix("  ").unwrap_or(&line)));
        }
    }
    s.push_str("</pre><h3>Count recovery (CIBMTR; all draws)</h3><ul>");
    let (anc, plt) = insight.recovery;
    let _ = write!(
        s,
        "<li>{}</li><li>{}</li></ul>",
        esc(&format!("{ANC_RECOVERY_RULE}: {}", recovery_text(anc))),
        esc(&format!("{}: {}", plt_recovery_rule(t), recovery_text(plt)))
    );
    match &insight.response {
        None => s.push_str("<h3>Response: no `ist` event, not assessed</h3>"),
        Some(response) => {
            let _ = write!(
                s,
                "<h3>{}</h3><p class=\"caveat\">{}</p>",
                esc(&response_title(response)),
                esc(&format!("caveat: {}", response.scheme.caveat()))
            );
            let _ = write!(s, "<p>{}</p>", esc(&baseline_text(response)));
            for a in &response.assessments {
                let _ = write!(
                    s,
                    "<table class=\"criteria response\"><caption>{}</caption><thead><tr><th>outcome</th><th>criterion</th><th>value</th></tr></thead><tbody>",
                    esc(&assessment_heading(a))
                );
                if let Some(reason) = &a.reason {
                    let _ = write!(s, "<tr><td colspan=\"3\">{}</td></tr>", esc(reason));
                }
                for c in &a.criteria {
                    let _ = write!(
                        s,
                        "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                        esc(outcome_mark(c.outcome).trim_end()),
                        esc(&c.rule),
                        esc(&criterion_value(c))
                    );
                }
                s.push_str("</tbody></table>");
            }
        }
    }
    s.push_str("</div>");
}
