//! `summary --format csv`: one line per patient, for spreadsheets and scripts.

use std::io::{self, Write};

use crate::clinical::{CategoryTable, Thresholds};
use crate::model::{Analyte, Dataset};

use super::blocks;
use super::csv_line::write_line;
use super::patient_summary::PatientSummary;

/// The header line's names.
fn header() -> impl Iterator<Item = &'static str> {
    ["patient_id", "name", "sex", "draws", "first", "last"]
        .into_iter()
        .chain(Analyte::ALL.iter().map(|a| a.name()))
        .chain([
            "below",
            "category",
            "could_be",
            "worst_category",
            "worst_at",
        ])
        .chain(super::insight::CSV_NAMES)
        .chain(["derived"])
}

/// One header line, then one line per patient: the latest draw's values (with
/// any `<`/`>` qualifier), what is below its limit, the category and the worst,
/// and last which of the values are derived from a percentage.
pub fn write_csv(out: &mut impl Write, summaries: &[PatientSummary<'_>]) -> io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(header())?;
    let names = |items: Vec<&str>| items.join(" ");
    for summary in summaries {
        let patient = summary.patient;
        let mut record = vec![
            patient.id.clone(),
            patient.name.clone().unwrap_or_default(),
            patient.sex.code().unwrap_or_default().to_string(),
            summary.draws.to_string(),
            summary.first.time.to_string(),
            summary.latest.time.to_string(),
        ];
        record.extend(Analyte::ALL.iter().map(|&analyte| {
            summary
                .latest
                .values
                .reading(analyte)
                .map(|reading| reading.to_string())
                .unwrap_or_default()
        }));
        record.push(names(summary.below.iter().map(|a| a.name()).collect()));
        record.push(summary.severity.category.name().to_string());
        record.push(names(
            summary.severity.could_be.iter().map(|c| c.name()).collect(),
        ));
        record.push(summary.worst.1.category.name().to_string());
        record.push(summary.worst.0.time.to_string());
        record.extend(super::insight::insight_csv_fields(&summary.insight));
        record.push(names(
            Analyte::ALL
                .into_iter()
                .filter(|&analyte| {
                    summary
                        .latest
                        .values
                        .reading(analyte)
                        .is_some_and(|reading| reading.derived)
                })
                .map(Analyte::name)
                .collect(),
        ));
        writer.write_record(&record)?;
    }
    writer.flush()
}

/// [`write_csv`] of every patient of `dataset`, straight from the dataset:
/// lines are made in blocks on every core and written in order as they
/// come, holding a few blocks at most.
pub fn write_csv_dataset(
    out: &mut impl Write,
    dataset: &Dataset,
    thresholds: &Thresholds,
) -> io::Result<()> {
    let table = CategoryTable::new(thresholds);
    let patients = dataset.patients();
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(header())?;
    out.write_all(&writer.into_inner().map_err(|error| error.into_error())?)?;
    blocks::in_order(
        blocks::count(patients.len()),
        |index| {
            let mut lines = Vec::with_capacity(blocks::BLOCK * 160);
            for patient in patients
                .get(blocks::range(index, patients.len()))
                .unwrap_or_default()
            {
                write_line(&mut lines, dataset, patient, thresholds, &table);
            }
            lines
        },
        |lines| out.write_all(&lines),
    )
}
