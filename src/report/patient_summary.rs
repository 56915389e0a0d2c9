//! The facts `summary` reports for each patient, computed once for every format.

use crate::clinical::{
    Age, Category, CategoryTable, Flag, RangeInUse, Severity, Thresholds, classify, flag_for_range,
    is_below_range, range_in_use,
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
    /// Whole days from the birth date to the latest draw, when the birth
    /// date is known.
    pub age_days: Option<i64>,
    /// The flag of each value of the latest draw outside its limits (`?`
    /// where a censored bound cannot decide), in report order.
    pub flags: Vec<(Analyte, Flag)>,
    /// The latest draw's classification.
    pub severity: Severity,
    /// The most severe draw (the earliest on a tie) and its classification.
    pub worst: (Draw, Severity),
    /// Events, read-outs, recovery and response (the clinical read-outs).
    pub insight: super::insight::Insight<'a>,
}

/// Summaries of every patient with at least one draw, in id order.
pub fn summarize<'a>(dataset: &'a Dataset, thresholds: &Thresholds) -> Vec<PatientSummary<'a>> {
    let table = CategoryTable::new(thresholds);
    dataset
        .patients()
        .iter()
        .filter_map(|patient| summarize_patient(dataset, patient, thresholds, &table))
        .collect()
}

/// [`summarize`] one patient at a time, so that a writer can stream them
/// without holding every summary at once.
pub fn summaries<'a>(
    dataset: &'a Dataset,
    thresholds: &'a Thresholds,
) -> impl Iterator<Item = PatientSummary<'a>> + 'a {
    let table = CategoryTable::new(thresholds);
    dataset
        .patients()
        .iter()
        .filter_map(move |patient| summarize_patient(dataset, patient, thresholds, &table))
}

/// The summary of one patient; `None` when they have no draw.
pub fn summarize_one<'a>(
    dataset: &'a Dataset,
    patient: &'a Patient,
    thresholds: &Thresholds,
) -> Option<PatientSummary<'a>> {
    summarize_patient(
        dataset,
        patient,
        thresholds,
        &CategoryTable::new(thresholds),
    )
}

pub(super) fn summarize_patient<'a>(
    dataset: &'a Dataset,
    patient: &'a Patient,
    thresholds: &Thresholds,
    table: &CategoryTable,
) -> Option<PatientSummary<'a>> {
    let draws = dataset.draws(patient);
    let first = draws.get(0)?;
    let latest = draws.latest()?;
    // Every draw by category alone; the full classification with its
    // criteria only for the worst and the latest.
    let mut worst: Option<(Draw, Category)> = None;
    for draw in draws.iter() {
        let category = table.category(&draw.values);
        if worst.is_none_or(|(_, known)| category > known) {
            worst = Some((draw, category));
            if category == Category::VerySevere {
                // The earliest of the most severe: nothing later can win.
                break;
            }
        }
    }
    let worst = worst.map(|(draw, _)| (draw, classify(&draw.values, thresholds)));
    let latest_index = draws.len() - 1;
    let age = Age::of(patient.birth_date, latest.time);
    let ranges: Vec<(Analyte, RangeInUse)> = Analyte::ALL
        .into_iter()
        .filter(|&analyte| !latest.values.get(analyte).is_missing())
        .map(|analyte| {
            let lab = draws.lab_range(latest_index, analyte);
            (
                analyte,
                range_in_use(analyte, patient.sex, age, lab, thresholds),
            )
        })
        .collect();
    let flags = ranges
        .iter()
        .filter_map(|&(analyte, range)| {
            flag_for_range(analyte, latest.values.get(analyte), range, thresholds)
                .map(|flag| (analyte, flag))
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
        age_days: age.map(Age::days),
        flags,
        severity: classify(&latest.values, thresholds),
        worst: worst?,
        insight: super::insight::patient_insight(dataset, patient, thresholds),
    })
}

impl PatientSummary<'_> {
    /// The latest draw's category.
    pub fn category(&self) -> Category {
        self.severity.category
    }
}
