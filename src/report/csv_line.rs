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

use crate::clinical::{Category, CategoryTable, Thresholds, is_below_range, range_in_use};
use crate::model::{Analyte, Dataset, Draw, Patient, Reading, Timestamp};

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

// The fields below never need quotes (numbers, times, words): each is
// written straight into the line, after its comma.

/// Appends a word.
fn plain(out: &mut Vec<u8>, bytes: &[u8]) {
    out.push(b',');
    out.extend_from_slice(bytes);
}

fn time(out: &mut Vec<u8>, time: Timestamp) {
    let mut text = [0u8; crate::model::TIMESTAMP_TEXT_LEN];
    let len = time.write_text(&mut text);
    plain(out, text.get(..len).unwrap_or_default());
}

/// A date, or an empty field.
fn time_or_empty<E>(out: &mut Vec<u8>, found: Result<Timestamp, E>) {
    match found {
        Ok(found) => time(out, found),
        Err(_) => out.push(b','),
    }
}

fn reading(out: &mut Vec<u8>, reading: Reading) {
    let mut text = [0u8; crate::model::DECIMAL_TEXT_LEN];
    let len = reading.amount.write_text(&mut text);
    plain(out, reading.censor.symbol().as_bytes());
    out.extend_from_slice(text.get(..len).unwrap_or_default());
}

fn count(out: &mut Vec<u8>, count: usize) {
    out.push(b',');
    // Writing into a Vec cannot fail.
    let _ = write!(out, "{count}");
}

/// Names joined by single spaces.
fn words<'a>(out: &mut Vec<u8>, names: impl Iterator<Item = &'a str>) {
    out.push(b',');
    for (position, name) in names.enumerate() {
        if position > 0 {
            out.push(b' ');
        }
        out.extend_from_slice(name.as_bytes());
    }
}

/// What a patient's summary line says besides the values and the
/// read-outs, found straight from the dataset: the CSV line and the
/// table's row (`summary`'s two formats of a line per patient) are written
/// from it.
pub(super) struct LineFacts {
    /// How many draws.
    pub draws: usize,
    /// The oldest draw's time.
    pub first: Timestamp,
    /// The latest draw (the later input line on a tie).
    pub latest: Draw,
    /// The latest draw's category.
    pub category: Category,
    /// The higher categories its missing or censored values leave open, as
    /// bits by `Category as u8`.
    could_be: u8,
    /// The latest draw's analytes proven below their lower limit, as bits
    /// by position in [`Analyte::ALL`].
    below: u32,
    /// The most severe draw's time (the earliest on a tie) and category.
    pub worst: (Timestamp, Category),
}

impl LineFacts {
    /// What `patient`'s line says; `None` for a patient without a draw.
    pub fn of(
        dataset: &Dataset,
        patient: &Patient,
        thresholds: &Thresholds,
        table: &CategoryTable,
    ) -> Option<LineFacts> {
        let draws = dataset.draws(patient);
        let first = *draws.times().first()?;
        let latest = draws.latest()?;
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
        let age = thresholds
            .age
            .age_for_limits(patient.birth_date, latest.time);
        let mut below = 0;
        for (position, analyte) in Analyte::ALL.into_iter().enumerate() {
            let value = latest.values.get(analyte);
            if !value.is_missing() {
                let lab = draws.lab_range(latest_index, analyte);
                let range = range_in_use(analyte, patient.sex, age, lab, thresholds);
                if is_below_range(value, range) {
                    below |= 1 << position;
                }
            }
        }
        let (category, could_be) = table.category_and_could_be(&latest.values);
        Some(LineFacts {
            draws: draws.len(),
            first,
            latest,
            category,
            could_be: could_be.fold(0, |bits, c| bits | 1 << c as u8),
            below,
            worst: (worst_at, worst.1),
        })
    }

    /// The analytes below their limit, in report order.
    pub fn below(&self) -> impl Iterator<Item = Analyte> + '_ {
        Analyte::ALL
            .into_iter()
            .enumerate()
            .filter(|&(position, _)| self.below & 1 << position != 0)
            .map(|(_, analyte)| analyte)
    }

    /// The higher categories left open, lowest first.
    pub fn could_be(&self) -> impl Iterator<Item = Category> + '_ {
        Category::ALL
            .into_iter()
            .filter(|&c| self.could_be & 1 << c as u8 != 0)
    }
}

/// Appends `patient`'s line; nothing for a patient without a draw.
pub fn write_line(
    out: &mut Vec<u8>,
    dataset: &Dataset,
    patient: &Patient,
    thresholds: &Thresholds,
    table: &CategoryTable,
) {
    let Some(facts) = LineFacts::of(dataset, patient, thresholds, table) else {
        return;
    };
    let latest = facts.latest;
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
    count(out, facts.draws);
    time(out, facts.first);
    time(out, latest.time);
    for analyte in Analyte::ALL {
        match latest.values.reading(analyte) {
            Some(found) => reading(out, found),
            None => out.push(b','),
        }
    }
    words(out, facts.below().map(Analyte::name));
    plain(out, facts.category.name().as_bytes());
    words(out, facts.could_be().map(Category::name));
    plain(out, facts.worst.1.name().as_bytes());
    time(out, facts.worst.0);
    match super::insight::csv_fields(dataset, patient, thresholds) {
        // No response, the common case: the recovery dates written as
        // they are found, with nothing made on the heap.
        (recovery, None) => {
            out.extend_from_slice(b",,");
            time_or_empty(out, recovery.0);
            time_or_empty(out, recovery.1);
        }
        (recovery, Some(response)) => {
            for added in super::insight::fields_of(recovery, Some(&response)) {
                plain(out, added.as_bytes());
            }
        }
    }
    // The latest values derived from a percentage, as the JSON's
    // `derived` names them (clinical.md §4: marked where shown).
    let derived = Analyte::ALL.into_iter().filter(|&analyte| {
        latest
            .values
            .reading(analyte)
            .is_some_and(|reading| reading.derived)
    });
    words(out, derived.map(Analyte::name));
    out.push(b'\n');
}
