//! `summary --format csv`: one line per patient, for spreadsheets and scripts.

use std::io::{self, Write};

use crate::model::Analyte;

use super::patient_summary::PatientSummary;

/// One header line, then one line per patient: the latest draw's values (with
/// any `<`/`>` qualifier), what is below its limit, the category and the worst.
pub fn write_csv(out: &mut impl Write, summaries: &[PatientSummary<'_>]) -> io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    let mut header: Vec<String> = ["patient_id", "name", "sex", "draws", "first", "last"]
        .map(String::from)
        .to_vec();
    header.extend(Analyte::ALL.iter().map(|a| a.name().to_string()));
    header.extend(
        [
            "below",
            "category",
            "could_be",
            "worst_category",
            "worst_at",
        ]
        .map(String::from),
    );
    writer.write_record(&header)?;
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
        let names = |items: Vec<&str>| items.join(" ");
        record.push(names(summary.below.iter().map(|a| a.name()).collect()));
        record.push(summary.severity.category.name().to_string());
        record.push(names(
            summary.severity.could_be.iter().map(|c| c.name()).collect(),
        ));
        record.push(summary.worst.1.category.name().to_string());
        record.push(summary.worst.0.time.to_string());
        writer.write_record(&record)?;
    }
    writer.flush()
}
