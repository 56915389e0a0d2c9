//! One patient's line of `summary --format csv`, found and written straight
//! from the dataset: the same line [`super::write_csv`] writes from a
//! [`super::PatientSummary`], without building one (no criteria, no lists),
//! since the CSV holds none of them and a hospital's year has 100,000
//! patients.
//!
//! Fields are written as the `csv` crate writes them: quoted when they hold
//! a comma, a quote, CR or LF (quotes doubled), else as they are. Only the
//! id and the name can hold those; numbers, times and words never do.

use std::io::Write;

use crate::clinical::{Age, Category, CategoryTable, Thresholds, is_below_range, range_in_use};
use crate::model::{Analyte, Dataset, Patient, Reading, Timestamp};

/// Buffers for the text of numbers and times.
#[derive(Default)]
pub struct LineText {
    text: Vec<u8>,
}

/// Appends a field as the `csv` crate writes it, with a comma before it
/// unless it is the line's first.
fn field(out: &mut Vec<u8>, bytes: &[u8], first: bool) {
    if !first {
        out.push(b',');
    }
    if bytes
        .iter()
        .any(|&b| matches!(b, b',' | b'"' | b'\r' | b'\n'))
    {
        out.push(b'"');
        for &byte in bytes {
            if byte == b'"' {
                out.push(b'"');
            }
            out.push(byte);
        }
        out.push(b'"');
    } else {
        out.extend_from_slice(bytes);
    }
}

impl LineText {
    fn time(&mut self, time: Timestamp) -> &[u8] {
        let mut out = [0u8; crate::model::TIMESTAMP_TEXT_LEN];
        let len = time.write_text(&mut out);
        self.text.clear();
        self.text.extend_from_slice(&out[..len]);
        &self.text
    }

    fn reading(&mut self, reading: Reading) -> &[u8] {
        let mut out = [0u8; crate::model::DECIMAL_TEXT_LEN];
        let len = reading.amount.write_text(&mut out);
        self.text.clear();
        self.text
            .extend_from_slice(reading.censor.symbol().as_bytes());
        self.text.extend_from_slice(&out[..len]);
        &self.text
    }

    fn count(&mut self, count: usize) -> &[u8] {
        self.text.clear();
        // Writing into a Vec cannot fail.
        let _ = write!(self.text, "{count}");
        &self.text
    }

    /// Names joined by single spaces.
    fn words<'a>(&mut self, names: impl Iterator<Item = &'a str>) -> &[u8] {
        self.text.clear();
        for (position, name) in names.enumerate() {
            if position > 0 {
                self.text.push(b' ');
            }
            self.text.extend_from_slice(name.as_bytes());
        }
        &self.text
    }
}

/// Appends `patient`'s line; nothing for a patient without a draw.
pub fn write_line(
    out: &mut Vec<u8>,
    text: &mut LineText,
    dataset: &Dataset,
    patient: &Patient,
    thresholds: &Thresholds,
    table: &CategoryTable,
) {
    let draws = dataset.draws(patient);
    let (Some(first), Some(latest)) = (draws.times().first(), draws.latest()) else {
        return;
    };
    let latest_index = draws.len() - 1;
    // The most severe draw, the earliest on a tie: by category alone.
    let mut worst = (0, Category::None);
    for index in 0..draws.len() {
        let category = table.category_of_codes(
            |analyte| draws.code(index, analyte),
            |analyte| draws.value(index, analyte),
        );
        if index == 0 || category > worst.1 {
            worst = (index, category);
            if category == Category::VerySevere {
                break;
            }
        }
    }
    let worst_at = draws.times().get(worst.0).copied().unwrap_or(latest.time);
    field(out, patient.id.as_bytes(), true);
    field(
        out,
        patient.name.as_deref().unwrap_or_default().as_bytes(),
        false,
    );
    field(
        out,
        patient.sex.code().unwrap_or_default().as_bytes(),
        false,
    );
    field(out, text.count(draws.len()), false);
    field(out, text.time(*first), false);
    field(out, text.time(latest.time), false);
    for analyte in Analyte::ALL {
        match latest.values.reading(analyte) {
            Some(reading) => field(out, text.reading(reading), false),
            None => field(out, b"", false),
        }
    }
    // The age once for the line, and none for an adult: the limits by age
    // end there, and the adult limits apply, as for an age unknown.
    let age = Age::of(patient.birth_date, latest.time)
        .filter(|age| !age.reached(thresholds.age.adult_from));
    let below = Analyte::ALL.into_iter().filter(|&analyte| {
        let value = latest.values.get(analyte);
        !value.is_missing() && {
            let lab = draws.lab_range(latest_index, analyte);
            is_below_range(
                value,
                range_in_use(analyte, patient.sex, age, lab, thresholds),
            )
        }
    });
    field(out, text.words(below.map(Analyte::name)), false);
    let (category, could_be) = table.category_and_could_be(&latest.values);
    field(out, category.name().as_bytes(), false);
    field(out, text.words(could_be.map(Category::name)), false);
    field(out, worst.1.name().as_bytes(), false);
    field(out, text.time(worst_at), false);
    for added in super::insight::csv_fields(dataset, patient, thresholds) {
        field(out, added.as_bytes(), false);
    }
    out.push(b'\n');
}
