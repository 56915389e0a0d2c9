//! The criteria of `clinical.md` §7, one function each, judged on every
//! value a result allows: a missing value the rule needs, or a censored one
//! on the wrong side, leaves it unknown.

use crate::model::{Analyte, Decimal, Draw, Event};

use super::comparison::{Outcome, Span, above_cutoff, below_cutoff};
use super::insight_config::ResponseScheme;
use super::response::{ResponseCategory, ResponseCriterion};
use super::severity::{Category, Severity, classify};
use super::thresholds::Thresholds;
use super::transfusion::{last_transfusion_within, transfusion_before};

/// The lower reference limit of an analyte in force at a draw (by index):
/// for the patient's age and sex, or the lab's.
pub type Lower<'a> = &'a dyn Fn(Analyte, usize) -> Decimal;

/// What an assessment needs to know besides the assessed draw.
pub(super) struct Criteria<'a> {
    pub draws: &'a [Draw],
    pub events: &'a [Event],
    pub thresholds: &'a Thresholds,
    pub lower: Lower<'a>,
    /// The baseline draw's index.
    pub base: usize,
    /// Whether the baseline met the severe criteria (picks the BSH column).
    pub severe_at_baseline: bool,
}

/// Met when every outcome is; not met when any is not; else unknown.
fn all(outcomes: impl IntoIterator<Item = Outcome>) -> Outcome {
    let mut result = Outcome::Met;
    for outcome in outcomes {
        match outcome {
            Outcome::NotMet => return Outcome::NotMet,
            Outcome::Unknown => result = Outcome::Unknown,
            Outcome::Met => {}
        }
    }
    result
}

/// Met when any outcome is; not met when every one is not; else unknown.
fn any(outcomes: impl IntoIterator<Item = Outcome>) -> Outcome {
    let mut result = Outcome::NotMet;
    for outcome in outcomes {
        match outcome {
            Outcome::Met => return Outcome::Met,
            Outcome::Unknown => result = Outcome::Unknown,
            Outcome::NotMet => {}
        }
    }
    result
}

/// `value >= cutoff`, as far as the value proves.
fn at_least(value: crate::model::Value, cutoff: Decimal) -> Outcome {
    match below_cutoff(value, cutoff) {
        Outcome::Met => Outcome::NotMet,
        Outcome::NotMet => Outcome::Met,
        Outcome::Unknown => Outcome::Unknown,
    }
}

fn met(yes: bool) -> Outcome {
    if yes { Outcome::Met } else { Outcome::NotMet }
}

impl Criteria<'_> {
    /// The category at draw `index`, and every criterion judged.
    pub(super) fn assess(&self, index: usize) -> (ResponseCategory, Vec<ResponseCriterion>) {
        let draw = &self.draws[index];
        let mut list = Vec::new();
        let complete = self.complete(draw, index, &mut list);
        let partial = match (self.thresholds.response_scheme, self.severe_at_baseline) {
            (ResponseScheme::Nih, _) => self.not_severe(draw, &mut list),
            (ResponseScheme::Bsh, true) => {
                let independent = self.independent(draw, &mut list);
                let not_severe = self.not_severe(draw, &mut list);
                all([independent, not_severe])
            }
            // "None: worse, or none of the above": a partial response
            // that got worse is none.
            (ResponseScheme::Bsh, false) => {
                let partial = self.non_severe_partial(draw, index, &mut list);
                let not_worse = self.not_worse(draw, &mut list);
                all([partial, not_worse])
            }
        };
        let category = match (complete, partial) {
            (Outcome::Met, _) => ResponseCategory::Complete,
            (Outcome::Unknown, _) | (Outcome::NotMet, Outcome::Unknown) => {
                ResponseCategory::NotAssessable
            }
            (Outcome::NotMet, Outcome::Met) => ResponseCategory::Partial,
            (Outcome::NotMet, Outcome::NotMet) => ResponseCategory::None,
        };
        (category, list)
    }

    /// The draw's value of `analyte` follows a transfusion within its
    /// window (`clinical.md` §8); a value not measured follows nothing.
    fn transfused(&self, draw: &Draw, analyte: Analyte) -> bool {
        !draw.values.get(analyte).is_missing()
            && transfusion_before(draw.time, analyte, self.events, &self.thresholds.windows)
                .is_some()
    }

    /// The draw's category may rest on a value drawn within a transfusion's
    /// window: its platelets (a severe and a cytopenia criterion) or its
    /// hemoglobin (a cytopenia criterion).
    fn category_transfused(&self, draw: &Draw) -> bool {
        self.transfused(draw, Analyte::Plt) || self.transfused(draw, Analyte::Hgb)
    }

    /// The complete-response criteria of the scheme, all of which must be met.
    fn complete(&self, draw: &Draw, index: usize, list: &mut Vec<ResponseCriterion>) -> Outcome {
        let values = &draw.values;
        // Each value as the screen shows it, with the digits that put it on
        // its side of the cut-off (a converted hemoglobin is `8.5`, not
        // `8.54042`).
        let mut push = |rule: String,
                        analyte: Analyte,
                        cutoff: Decimal,
                        judge: fn(crate::model::Value, Decimal) -> Outcome| {
            let value = values.get(analyte);
            let outcome = judge(value, cutoff);
            list.push(ResponseCriterion {
                rule,
                value: value.shown_against(cutoff).shown_text(),
                outcome,
                after_transfusion: self.transfused(draw, analyte),
            });
            outcome
        };
        let outcomes = match self.thresholds.response_scheme {
            ResponseScheme::Bsh => {
                let hb_lower = (self.lower)(Analyte::Hgb, index);
                [
                    push(
                        format!("complete: Hb >= {hb_lower} (lower limit for age and sex)"),
                        Analyte::Hgb,
                        hb_lower,
                        at_least,
                    ),
                    push(
                        "complete: ANC > 1.5".into(),
                        Analyte::Anc,
                        Decimal::lit(15, 1),
                        above_cutoff,
                    ),
                    push(
                        "complete: platelets > 150".into(),
                        Analyte::Plt,
                        Decimal::lit(150, 0),
                        above_cutoff,
                    ),
                ]
            }
            ResponseScheme::Nih => [
                push(
                    "complete: ANC >= 1.0".into(),
                    Analyte::Anc,
                    Decimal::lit(1, 0),
                    at_least,
                ),
                push(
                    "complete: Hb >= 10.0".into(),
                    Analyte::Hgb,
                    Decimal::lit(10, 0),
                    at_least,
                ),
                push(
                    "complete: platelets >= 100".into(),
                    Analyte::Plt,
                    Decimal::lit(100, 0),
                    at_least,
                ),
            ],
        };
        all(outcomes)
    }

    /// No red-cell or platelet transfusion in the window before the draw.
    fn independent(&self, draw: &Draw, list: &mut Vec<ResponseCriterion>) -> Outcome {
        let windows = &self.thresholds.windows;
        let last = last_transfusion_within(draw.time, self.events, windows);
        let outcome = met(last.is_none());
        list.push(ResponseCriterion {
            rule: format!(
                "transfusion independent (none in the {} days before)",
                windows.transfusion_free_days
            ),
            value: Some(match last {
                // Written as the screen writes a time, never RFC 3339.
                Some(event) => format!(
                    "{} on {}",
                    event.kind.name(),
                    event.at.date_time_zone_text()
                ),
                None => "none in the window".into(),
            }),
            outcome,
            after_transfusion: false,
        });
        outcome
    }

    /// No longer meeting the severe criteria (the draw's blood-count
    /// category below severe, and nothing missing could make it severe).
    fn not_severe(&self, draw: &Draw, list: &mut Vec<ResponseCriterion>) -> Outcome {
        let severity = classify(&draw.values, self.thresholds);
        let outcome = if severity.category >= Category::Severe {
            Outcome::NotMet
        } else if severity.could_be.iter().any(|&c| c >= Category::Severe) {
            Outcome::Unknown
        } else {
            Outcome::Met
        };
        list.push(ResponseCriterion {
            rule: "no longer meeting the severe criteria".into(),
            value: Some(category_text(&severity, outcome)),
            outcome,
            // Of the transfused counts, only platelets are a severe criterion.
            after_transfusion: self.transfused(draw, Analyte::Plt),
        });
        outcome
    }

    /// Not worse than at the baseline: the draw's blood-count category no
    /// higher than the baseline's, and nothing missing could make it so.
    fn not_worse(&self, draw: &Draw, list: &mut Vec<ResponseCriterion>) -> Outcome {
        let before = classify(&self.draws[self.base].values, self.thresholds).category;
        let now = classify(&draw.values, self.thresholds);
        let outcome = if now.category > before {
            Outcome::NotMet
        } else if now.could_be.iter().any(|&c| c > before) {
            Outcome::Unknown
        } else {
            Outcome::Met
        };
        list.push(ResponseCriterion {
            rule: format!("not worse than at baseline ({})", before.name()),
            value: Some(category_text(&now, outcome)),
            outcome,
            after_transfusion: self.category_transfused(draw),
        });
        outcome
    }

    /// The partial response of a non-severe baseline: any of its criteria.
    fn non_severe_partial(
        &self,
        draw: &Draw,
        index: usize,
        list: &mut Vec<ResponseCriterion>,
    ) -> Outcome {
        let base = &self.draws[self.base];
        let windows = &self.thresholds.windows;
        let mut outcomes = Vec::new();
        if last_transfusion_within(base.time, self.events, windows).is_some() {
            outcomes.push(self.independent(draw, list));
        }
        for analyte in [Analyte::Hgb, Analyte::Anc, Analyte::Plt] {
            let lower = (self.lower)(analyte, index);
            // Every pair of values the two draws allow (a censored one
            // decides where its bound does: 10 then `>20` has doubled).
            let (before, now) = (base.values.get(analyte), draw.values.get(analyte));
            let outcome = match (Span::of(before), Span::of(now)) {
                (Some(from), Some(to)) => {
                    let normalised = all([below_cutoff(before, lower), at_least(now, lower)]);
                    any([to.doubles(from), normalised])
                }
                _ => Outcome::Unknown,
            };
            list.push(ResponseCriterion {
                rule: format!(
                    "{} doubled, or normalised (>= {lower}), from {}",
                    analyte.short_label(),
                    text(base, analyte)
                ),
                value: draw.values.get(analyte).shown_against(lower).shown_text(),
                outcome,
                after_transfusion: self.transfused(draw, analyte),
            });
            outcomes.push(outcome);
        }
        for (analyte, below, rise) in [
            (Analyte::Hgb, Decimal::lit(6, 0), Decimal::lit(3, 0)),
            (Analyte::Anc, Decimal::lit(5, 1), Decimal::lit(5, 1)),
            (Analyte::Plt, Decimal::lit(20, 0), Decimal::lit(20, 0)),
        ] {
            // Applies only when the baseline is proven below its line.
            if below_cutoff(base.values.get(analyte), below) != Outcome::Met {
                continue;
            }
            let spans = (
                Span::of(base.values.get(analyte)),
                Span::of(draw.values.get(analyte)),
            );
            let outcome = match spans {
                (Some(from), Some(to)) => to.rises_over(from, rise),
                _ => Outcome::Unknown,
            };
            list.push(ResponseCriterion {
                rule: format!(
                    "{} up > {rise} from {} (baseline < {below})",
                    analyte.short_label(),
                    text(base, analyte)
                ),
                value: draw.values.get(analyte).shown_text(),
                outcome,
                after_transfusion: self.transfused(draw, analyte),
            });
            outcomes.push(outcome);
        }
        any(outcomes)
    }
}

/// A draw's blood-count category as a criterion shows it; when the
/// criterion is left unknown, with the higher categories open and the
/// values that leave them open (`clinical.md` §7: "naming what is
/// missing"), e.g. `non-severe, could be severe: reticulocytes missing`.
fn category_text(severity: &Severity, outcome: Outcome) -> String {
    let name = severity.category.name();
    if outcome != Outcome::Unknown || severity.could_be.is_empty() {
        return name.into();
    }
    let could_be: Vec<&str> = severity.could_be.iter().map(|c| c.name()).collect();
    let mut open: Vec<String> = Vec::new();
    for criterion in &severity.criteria {
        if criterion.outcome != Outcome::Unknown {
            continue;
        }
        let label = criterion.analyte.short_label();
        let text = match criterion.value.shown_text() {
            Some(value) => format!("{label} {value}"),
            None => format!("{label} missing"),
        };
        if !open.contains(&text) {
            open.push(text);
        }
    }
    format!(
        "{name}, could be {}: {}",
        could_be.join(" or "),
        open.join(", ")
    )
}

fn text(draw: &Draw, analyte: Analyte) -> String {
    draw.values
        .get(analyte)
        .shown_text()
        .unwrap_or_else(|| "missing".into())
}
