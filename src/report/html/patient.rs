//! One patient's pages: the header, the trend charts, the cumulative table
//! with flags, and the severity explanation of the latest and the worst
//! draw. Each part is its own function so that more (events, read-outs,
//! the response assessment) slot in beside them.

mod criteria;
mod cumulative;
mod trends;

use std::fmt::Write;

use crate::clinical::{Flag, Thresholds, flag_with_lab_range};
use crate::model::{Analyte, Dataset, Draw, Patient};
use crate::report::patient_summary::{PatientSummary, summarize_one};
use crate::report::words::{self, date};

use super::escape::esc;

use criteria::severity;
use cumulative::table;
use trends::charts;

/// One patient's draws with what the report shows of each.
struct Facts<'a> {
    patient: &'a Patient,
    draws: Vec<Draw>,
    /// Per draw, per analyte: the flag, against the lab's range if given.
    flags: Vec<[Option<Flag>; crate::model::ANALYTE_COUNT]>,
    /// Per draw, per analyte: true when the lab gave the range.
    lab: Vec<[bool; crate::model::ANALYTE_COUNT]>,
    /// Per draw: its date, with the time when another draw shares it.
    when: Vec<String>,
    summary: PatientSummary<'a>,
}

impl<'a> Facts<'a> {
    fn build(dataset: &'a Dataset, patient: &'a Patient, t: &Thresholds) -> Option<Facts<'a>> {
        let summary = summarize_one(dataset, patient, t)?;
        let slice = dataset.draws(patient);
        let mut draws: Vec<Draw> = slice.iter().collect();
        let ranges: Vec<[Option<crate::model::LabRange>; crate::model::ANALYTE_COUNT]> = (0..draws
            .len())
            .map(|i| Analyte::ALL.map(|a| slice.lab_range(i, a)))
            .collect();
        let flags = draws
            .iter()
            .zip(&ranges)
            .map(|(draw, lab)| {
                Analyte::ALL.map(|a| {
                    let age = crate::clinical::Age::of(patient.birth_date, draw.time);
                    flag_with_lab_range(a, draw.values.get(a), patient.sex, age, lab[a.index()], t)
                })
            })
            .collect();
        // Shown with digits that agree with their flags.
        for (draw, lab) in draws.iter_mut().zip(&ranges) {
            let lab = |a: Analyte| lab[a.index()];
            crate::clinical::show_beside_limits(draw, patient.birth_date, patient.sex, lab, t);
        }
        let lab = ranges.iter().map(|r| r.map(|l| l.is_some())).collect();
        let times: Vec<_> = draws.iter().map(|d| d.time).collect();
        let when = words::how_shown(&times)
            .into_iter()
            .zip(&draws)
            .map(|(how, d)| how.text(d.time))
            .collect();
        Some(Facts {
            patient,
            draws,
            flags,
            lab,
            when,
            summary,
        })
    }

    fn flag(&self, draw: usize, analyte: Analyte) -> Option<Flag> {
        self.flags.get(draw).and_then(|f| f[analyte.index()])
    }

    fn lab(&self, draw: usize, analyte: Analyte) -> bool {
        self.lab.get(draw).is_some_and(|l| l[analyte.index()])
    }

    fn when(&self, draw: usize) -> &str {
        self.when.get(draw).map_or("", String::as_str)
    }
}

/// The section of one patient, or `None` when they have no draw.
pub fn patient_section(
    dataset: &Dataset,
    patient: &Patient,
    t: &Thresholds,
    files: &[String],
) -> Option<String> {
    let facts = Facts::build(dataset, patient, t)?;
    let mut s = String::from("<section class=\"patient\">");
    header(&mut s, &facts, files, (dataset, t));
    charts(&mut s, &facts, dataset, t);
    table(&mut s, &facts, dataset, t);
    severity(&mut s, &facts, dataset.events(patient), t);
    super::insight::insight_section(&mut s, dataset, patient, t);
    s.push_str("</section>\n");
    Some(s)
}

/// Id, name, sex, birth date and age at the latest draw, the span of the
/// draws and the files read.
fn header(
    s: &mut String,
    facts: &Facts<'_>,
    files: &[String],
    (dataset, t): (&Dataset, &Thresholds),
) {
    let patient = facts.patient;
    let _ = write!(s, "<h2>{}", esc(&patient.id));
    if let Some(name) = &patient.name {
        let _ = write!(s, " <span class=\"name\">{}</span>", esc(name));
    }
    s.push_str("</h2><dl class=\"who\">");
    let mut item = |term: &str, text: String| {
        let _ = write!(s, "<dt>{}</dt><dd>{text}</dd>", esc(term));
    };
    item("sex", esc(words::sex_word(patient.sex)));
    let latest = facts.summary.latest;
    let age = match patient.birth_date {
        Some(birth) => {
            // MIMIC-IV gives an age in a year, OMOP may give the year of
            // birth alone: neither is a birth date.
            let (about, born) = if patient.birth_approximate {
                let year = birth.civil().year;
                let born = format!(
                    "about {year} (the export gives an age or a year of birth, not a birth date)"
                );
                ("about ", born)
            } else {
                ("", date(birth))
            };
            // In the screen's words: `5 d`, `2 mo`, `6 y` (the limits by
            // age change within the first weeks).
            // A latest draw dated before the birth: no age, and the
            // adult limits apply, as the dashboard says.
            let years = crate::clinical::Age::of(Some(birth), latest.time).map_or_else(
                || ", the latest draw dated before it: adult limits".to_string(),
                |age| format!(", {about}{} at the latest draw", age.label()),
            );
            format!("born {born}{years}")
        }
        None => "age unknown".to_string(),
    };
    item("age", esc(&age));
    item(
        "draws",
        esc(&format!(
            "{} · {} → {}",
            facts.summary.draws,
            date(facts.summary.first.time),
            date(latest.time)
        )),
    );
    let category = facts.summary.category();
    // The grade or flag beside the category, as the dashboard's list shows
    // it: an isolated critical cytopenia is `none`, never healthy-looking.
    let alarm = match crate::clinical::latest_alarm(patient, &dataset.draws(patient), t).text() {
        text if text.is_empty() => String::new(),
        text => format!(" · {}", esc(&text)),
    };
    item(
        "latest",
        format!(
            "<span class=\"sev sev-{}\">{}</span> · {}{alarm}",
            category.name(),
            esc(&words::category_word(
                category,
                !facts.summary.severity.could_be.is_empty()
            )),
            esc(&words::cytopenia_words(&facts.summary.severity)),
        ),
    );
    // The files of the whole load: which of them hold this patient's rows
    // is not kept once the rows are merged, so the list never claims it.
    let listed: Vec<String> = files.iter().map(|f| esc(f)).collect();
    item("files of the load", listed.join(", "));
    s.push_str("</dl>");
}
