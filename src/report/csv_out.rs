//! `summary --format csv`: one line per patient, for spreadsheets and scripts.

use std::fmt::Write as _;
use std::io::{self, Write};

use crate::model::Analyte;

use super::patient_summary::PatientSummary;

/// One header line, then one line per patient: the latest draw's values (with
/// any `<`/`>` qualifier), what is below its limit, the category and the worst.
pub fn write_csv(out: &mut impl Write, summaries: &[PatientSummary<'_>]) -> io::Result<()> {
    write_csv_stream(out, summaries.iter().cloned())
}

/// [`write_csv`] from summaries made one at a time: nothing is held but the
/// line being written.
pub fn write_csv_stream<'a>(
    out: &mut impl Write,
    summaries: impl IntoIterator<Item = PatientSummary<'a>>,
) -> io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    let header = ["patient_id", "name", "sex", "draws", "first", "last"]
        .into_iter()
        .chain(Analyte::ALL.iter().map(|a| a.name()))
        .chain([
            "below",
            "category",
            "could_be",
            "worst_category",
            "worst_at",
        ]);
    writer.write_record(header)?;
    // One text buffer for every formatted field: no allocation per line.
    let mut text = String::new();
    for summary in summaries {
        let patient = summary.patient;
        writer.write_field(&patient.id)?;
        writer.write_field(patient.name.as_deref().unwrap_or_default())?;
        writer.write_field(patient.sex.code().unwrap_or_default())?;
        write_formatted(&mut writer, &mut text, summary.draws)?;
        write_formatted(&mut writer, &mut text, summary.first.time)?;
        write_formatted(&mut writer, &mut text, summary.latest.time)?;
        for analyte in Analyte::ALL {
            match summary.latest.values.reading(analyte) {
                Some(reading) => write_formatted(&mut writer, &mut text, reading)?,
                None => writer.write_field("")?,
            }
        }
        text.clear();
        for (position, analyte) in summary.below.iter().enumerate() {
            if position > 0 {
                text.push(' ');
            }
            text.push_str(analyte.name());
        }
        writer.write_field(&text)?;
        writer.write_field(summary.severity.category.name())?;
        text.clear();
        for (position, category) in summary.severity.could_be.iter().enumerate() {
            if position > 0 {
                text.push(' ');
            }
            text.push_str(category.name());
        }
        writer.write_field(&text)?;
        writer.write_field(summary.worst.1.category.name())?;
        write_formatted(&mut writer, &mut text, summary.worst.0.time)?;
        writer.write_record(None::<&[u8]>)?;
    }
    writer.flush()
}

/// Writes one field as `Display` writes it, through the reused buffer.
fn write_formatted<W: Write>(
    writer: &mut csv::Writer<W>,
    text: &mut String,
    value: impl std::fmt::Display,
) -> io::Result<()> {
    text.clear();
    // Writing into a String cannot fail.
    let _ = write!(text, "{value}");
    writer.write_field(&text).map_err(io::Error::from)
}
