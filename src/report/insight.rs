//! The clinical read-outs beside the counts, per patient, for `summary`:
//! events, values after a transfusion, trend read-outs, count recovery and
//! the response after immunosuppression (DESIGN.md, JSON additions).

use serde_json::{Map, Value as Json, json};

use crate::clinical::{
    Change, NoRecovery, Readout, Response, Thresholds, after_transfusion, anc_recovery,
    assess_response, cutoffs_of, plt_recovery, range_in_use, readout,
};
use crate::model::{Analyte, Censor, Dataset, Draw, Event, EventKind, Patient, Reading, Timestamp};

/// The neutrophil and platelet recovery dates, or why there is none.
pub type Recovery = (Result<Timestamp, NoRecovery>, Result<Timestamp, NoRecovery>);

/// What the clinical core reads out for one patient.
#[derive(Clone, Debug, PartialEq)]
pub struct Insight<'a> {
    /// The patient's events, by time.
    pub events: &'a [Event],
    /// The analytes of the latest draw drawn within a transfusion's window.
    pub after_transfusion: Vec<Analyte>,
    /// Read-outs of every analyte measured, over all draws, in analyte order.
    pub readouts: Vec<Readout>,
    /// Neutrophil and platelet recovery dates.
    pub recovery: Recovery,
    /// The response after immunosuppression, for a patient with an `ist` event.
    pub response: Option<Response>,
}

/// The lower limit of `analyte` in force at draw `index` of the patient's
/// draws: the lab's, else the one for the age and sex at that draw; `None`
/// where the age has none (the ANC of the first 14 days).
pub(crate) fn lower_limit_at(
    dataset: &Dataset,
    patient: &Patient,
    thresholds: &Thresholds,
    analyte: Analyte,
    index: usize,
) -> Option<crate::model::Decimal> {
    range_at(dataset, patient, thresholds, analyte, index).lower
}

/// The range of `analyte` in force at draw `index` of the patient's draws.
fn range_at(
    dataset: &Dataset,
    patient: &Patient,
    thresholds: &Thresholds,
    analyte: Analyte,
    index: usize,
) -> crate::clinical::RangeInUse {
    let lab = dataset.lab_range(patient, index, analyte);
    let times = dataset.draws(patient).times();
    let age = times
        .get(index)
        .and_then(|&at| crate::clinical::Age::of(patient.birth_date, at));
    range_in_use(analyte, patient.sex, age, lab, thresholds)
}

/// `readout`'s lower limit as the range shows it beside the latest value
/// read (`draws` as shown, the first of them at `first` among the
/// patient's): a lab's limit converted from mmol/L keeps the digits the
/// lab wrote, and more where the value would read on its other side.
pub(crate) fn show_lower_limit(
    readout: &mut crate::clinical::Readout,
    (dataset, patient, thresholds): (&Dataset, &Patient, &Thresholds),
    draws: &[Draw],
    first: usize,
) {
    let analyte = readout.analyte;
    let Some(last) = draws
        .iter()
        .rposition(|draw| !draw.values.get(analyte).is_missing())
    else {
        return;
    };
    let value = draws[last].values.get(analyte);
    let range = range_at(dataset, patient, thresholds, analyte, first + last);
    readout.lower_text = range.beside(value).lower_text();
}

/// [`lower_limit_at`], where no lower limit is 0: nothing is below it.
pub(crate) fn lower_at(
    dataset: &Dataset,
    patient: &Patient,
    thresholds: &Thresholds,
    analyte: Analyte,
    index: usize,
) -> crate::model::Decimal {
    lower_limit_at(dataset, patient, thresholds, analyte, index)
        .unwrap_or(crate::model::Decimal::ZERO)
}

/// Recovery and response: what both the JSON and the CSV give.
fn recovery_and_response(
    dataset: &Dataset,
    patient: &Patient,
    draws: &[Draw],
    thresholds: &Thresholds,
) -> (Recovery, Option<Response>) {
    let events = dataset.events(patient);
    let recovery = (
        anc_recovery(draws),
        plt_recovery(draws, events, &thresholds.windows),
    );
    let lower =
        |analyte: Analyte, index: usize| lower_at(dataset, patient, thresholds, analyte, index);
    (recovery, assess_response(draws, events, thresholds, &lower))
}

/// Everything for one patient with at least one draw.
pub fn patient_insight<'a>(
    dataset: &'a Dataset,
    patient: &Patient,
    thresholds: &Thresholds,
) -> Insight<'a> {
    let mut draws: Vec<Draw> = dataset.draws(patient).iter().collect();
    // Shown as the table shows them: the read-outs' values keep the digits
    // that agree with their flags (a nadir of 11.999935 g/dL is `11.9999`
    // beside "below 12", never `12.000`). The amounts are unchanged.
    for (index, draw) in draws.iter_mut().enumerate() {
        let lab = |analyte| dataset.lab_range(patient, index, analyte);
        crate::clinical::show_beside_limits(draw, patient.birth_date, patient.sex, lab, thresholds);
    }
    let events = dataset.events(patient);
    // Only the values the draw has: a platelet count not measured is not
    // one drawn after platelets.
    let after = draws.last().map_or_else(Vec::new, |latest| {
        after_transfusion(latest.time, events, &thresholds.windows)
            .into_iter()
            .filter(|&analyte| !latest.values.get(analyte).is_missing())
            .collect()
    });
    let readouts = Analyte::ALL
        .into_iter()
        .filter(|&analyte| draws.iter().any(|d| !d.values.get(analyte).is_missing()))
        .map(|analyte| {
            let lower = |index| lower_limit_at(dataset, patient, thresholds, analyte, index);
            let mut r = readout(&draws, analyte, lower, &cutoffs_of(analyte, thresholds));
            show_lower_limit(&mut r, (dataset, patient, thresholds), &draws, 0);
            r
        })
        .collect();
    let (recovery, response) = recovery_and_response(dataset, patient, &draws, thresholds);
    Insight {
        events,
        after_transfusion: after,
        readouts,
        recovery,
        response,
    }
}

/// What the CSV's additions are made of: the ANC and platelet recovery,
/// and the response for a patient with an `ist` event.
pub fn csv_fields(
    dataset: &Dataset,
    patient: &Patient,
    thresholds: &Thresholds,
) -> (Recovery, Option<Response>) {
    let events = dataset.events(patient);
    // The response reads whole draws, and only after immunosuppression;
    // recovery reads two analytes, from the packed columns.
    if events.iter().any(|event| event.kind == EventKind::Ist) {
        let draws: Vec<Draw> = dataset.draws(patient).iter().collect();
        return recovery_and_response(dataset, patient, &draws, thresholds);
    }
    let draws = dataset.draws(patient);
    let recovery = (
        anc_recovery(&draws),
        plt_recovery(&draws, events, &thresholds.windows),
    );
    (recovery, None)
}

/// The CSV's additions of a patient's insight, already found.
pub fn insight_csv_fields(insight: &Insight<'_>) -> [String; 4] {
    fields_of(insight.recovery, insight.response.as_ref())
}

/// The CSV's additions: the latest response category and the months it
/// was assessed at, and the ANC and platelet recovery dates (empty where
/// there is none).
pub fn fields_of((anc, plt): Recovery, response: Option<&Response>) -> [String; 4] {
    let (category, months) = match response.map(|r| (r, r.latest())) {
        None => (String::new(), String::new()),
        Some((_, Some(latest))) => (latest.category.name().into(), latest.months.to_string()),
        Some((_, None)) => ("not-assessable".into(), String::new()),
    };
    let date =
        |found: Result<Timestamp, NoRecovery>| found.map_or(String::new(), |t| t.to_string());
    [category, months, date(anc), date(plt)]
}

/// The CSV header's added names, in the order of [`csv_fields`].
pub const CSV_NAMES: [&str; 4] = [
    "response",
    "response_months",
    "anc_recovery",
    "plt_recovery",
];

fn reading_json(reading: Reading) -> (Json, Json) {
    let censored = (reading.censor != Censor::Exact).then_some(reading.censor.symbol());
    (json!(reading.amount), json!(censored))
}

fn change_json(change: &Change) -> Json {
    let delta = change.delta.map(|(negative, magnitude)| {
        let text = if negative {
            format!("-{magnitude}")
        } else {
            magnitude.to_string()
        };
        text.parse::<f64>()
            .map_or(Json::Null, |number| json!(number))
    });
    // A censored value is its bound, and the change names it as the
    // values object does: `<30` then `<200` never reads as 30 then 200.
    let (previous, previous_censored) = reading_json(change.previous.1);
    let (latest, latest_censored) = reading_json(change.latest.1);
    json!({
        "previous": previous,
        "latest": latest,
        "censored": {"previous": previous_censored, "latest": latest_censored},
        "delta": delta,
        "percent": change.percent,
        "days": change.days,
    })
}

/// The keys this adds to a patient's JSON object: `events`, `readouts`,
/// `recovery`, `response`; and `after_transfusion` to its `latest`.
pub fn add_json(object: &mut Map<String, Json>, insight: &Insight<'_>) {
    let events: Vec<Json> = insight
        .events
        .iter()
        .map(|event| {
            json!({
                "at": event.at,
                "event": event.kind.name(),
                "end": event.end,
                "units": event.units,
                "note": event.note,
            })
        })
        .collect();
    object.insert("events".into(), Json::Array(events));
    let mut readouts = Map::new();
    for r in &insight.readouts {
        let nadir = r.nadir.map(|(at, reading)| {
            let (value, censored) = reading_json(reading);
            json!({"value": value, "censored": censored, "at": at})
        });
        let crossings: Vec<Json> = r
            .crossings
            .iter()
            .map(|c| json!({"at": c.at, "cutoff": c.cutoff, "direction": c.direction.name()}))
            .collect();
        readouts.insert(
            r.analyte.name().into(),
            json!({
                "nadir": nadir,
                "crossings": crossings,
                "below_since": r.below_since,
                "change": r.change.as_ref().map(change_json),
            }),
        );
    }
    object.insert("readouts".into(), Json::Object(readouts));
    let (anc, plt) = insight.recovery;
    object.insert("recovery".into(), json!({"anc": anc.ok(), "plt": plt.ok()}));
    object.insert(
        "response".into(),
        insight.response.as_ref().map_or(Json::Null, response_json),
    );
    if let Some(Json::Object(latest)) = object.get_mut("latest") {
        let names: Vec<&str> = insight.after_transfusion.iter().map(|a| a.name()).collect();
        latest.insert("after_transfusion".into(), json!(names));
    }
}

fn response_json(response: &Response) -> Json {
    let assessments: Vec<Json> = response
        .assessments
        .iter()
        .map(|a| {
            let criteria: Vec<Json> = a
                .criteria
                .iter()
                .map(|c| {
                    json!({
                        "rule": c.rule,
                        "value": c.value,
                        "outcome": c.outcome.name(),
                        "after_transfusion": c.after_transfusion,
                    })
                })
                .collect();
            json!({
                "months": a.months,
                "target": a.target,
                "at": a.draw.map(|(_, at)| at),
                "previous": a.previous,
                "category": a.category.name(),
                "criteria": criteria,
                "reason": a.reason,
            })
        })
        .collect();
    json!({
        "scheme": response.scheme.name(),
        "started": response.started,
        "baseline": response.baseline.map(|(_, at, category)| json!({"at": at, "category": category.name()})),
        "assessments": assessments,
    })
}
