//! The facts `summary` reports for each patient, computed once for every format.

use crate::clinical::{Category, Severity, Thresholds, classify, is_below_lower_limit};
use crate::model::{Analyte, Dataset, Draw, Patient};

/// One patient's summary: where the counts are now, and the worst they were.
#[derive(Clone, Debug)]
pub struct PatientSummary<'a> {
    /// Who.
    pub patient: &'a Patient,
    /// How many draws.
    pub draws: usize,
    /// The oldest draw.
    pub first: Draw,
    /// The draw with the latest time (the later input line on a tie).
    pub latest: Draw,
    /// Analytes of the latest draw proven below their lower limit.
    pub below: Vec<Analyte>,
    /// The latest draw's classification.
    pub severity: Severity,
    /// The most severe draw (the earliest on a tie) and its classification.
    pub worst: (Draw, Severity),
}

/// Summaries of every patient with at least one draw, in id order.
pub fn summarize<'a>(dataset: &'a Dataset, thresholds: &Thresholds) -> Vec<PatientSummary<'a>> {
    dataset
        .patients()
        .iter()
        .filter_map(|patient| summarize_patient(dataset, patient, thresholds))
        .collect()
}

fn summarize_patient<'a>(
    dataset: &'a Dataset,
    patient: &'a Patient,
    thresholds: &Thresholds,
) -> Option<PatientSummary<'a>> {
    let draws = dataset.draws(patient);
    let first = draws.get(0)?;
    let latest = draws.latest()?;
    let mut worst: Option<(Draw, Severity)> = None;
    for draw in draws.iter() {
        let severity = classify(&draw.values, thresholds);
        let worse = worst
            .as_ref()
            .is_none_or(|(_, known)| severity.category > known.category);
        if worse {
            worst = Some((draw, severity));
        }
    }
    let below = Analyte::ALL
        .into_iter()
        .filter(|&analyte| {
            is_below_lower_limit(analyte, latest.values.get(analyte), patient.sex, thresholds)
        })
        .collect();
    Some(PatientSummary {
        patient,
        draws: draws.len(),
        first,
        latest,
        below,
        severity: classify(&latest.values, thresholds),
        worst: worst?,
    })
}

impl PatientSummary<'_> {
    /// The latest draw's category.
    pub fn category(&self) -> Category {
        self.severity.category
    }
}
