//! The facts `summary` reports for each patient, computed once for every format.

use crate::clinical::{
    Category, RangeInUse, Severity, Thresholds, classify, is_below_range, range_in_use,
};
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
    /// Analytes of the latest draw proven below their lower limit (the
    /// lab's where it gave one).
    pub below: Vec<Analyte>,
    /// The reference range in force for each analyte measured (or derived)
    /// in the latest draw, in report order.
    pub ranges: Vec<(Analyte, RangeInUse)>,
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
    let latest_index = draws.len() - 1;
    let ranges: Vec<(Analyte, RangeInUse)> = Analyte::ALL
        .into_iter()
        .filter(|&analyte| !latest.values.get(analyte).is_missing())
        .map(|analyte| {
            let lab = draws.lab_range(latest_index, analyte);
            (analyte, range_in_use(analyte, patient.sex, lab, thresholds))
        })
        .collect();
    let below = ranges
        .iter()
        .filter(|&&(analyte, range)| is_below_range(latest.values.get(analyte), range))
        .map(|&(analyte, _)| analyte)
        .collect();
    Some(PatientSummary {
        patient,
        draws: draws.len(),
        first,
        latest,
        below,
        ranges,
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
