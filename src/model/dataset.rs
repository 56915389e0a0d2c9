//! Patients and their draws, as loaded: the one structure every view reads.

mod builder;
mod draw_slice;
mod events;

use std::ops::Range;

use super::analyte::Analyte;
use super::event::Event;
use super::lab_range::{self, LabRange, RangeEntry};
use super::load_report::LoadReport;
use super::packed::{Escape, PackedValues, escapes_between};
use super::timestamp::Timestamp;
use super::value::Values;

pub use builder::{DatasetBuilder, DrawRange};
pub use draw_slice::DrawSlice;
pub use events::PatientEvent;

/// Sex as the input gave it; it selects the reference limits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Sex {
    /// Male limits.
    Male,
    /// Female limits.
    Female,
    /// Not given or not M/F: the more sensitive limit of the two is used.
    #[default]
    Unknown,
}

impl Sex {
    /// `"M"`, `"F"`, or `None` when unknown (as JSON writes it).
    pub const fn code(self) -> Option<&'static str> {
        match self {
            Sex::Male => Some("M"),
            Sex::Female => Some("F"),
            Sex::Unknown => None,
        }
    }
}

/// One blood draw: when, and the values measured in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Draw {
    /// Collection time.
    pub time: Timestamp,
    /// Each analyte's value in canonical units (missing where not measured).
    pub values: Values,
}

/// One patient: who, and which draws are theirs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Patient {
    /// The identifier as written in the input.
    pub id: String,
    /// Display name, when the input has one.
    pub name: Option<String>,
    /// Sex, for the reference limits.
    pub sex: Sex,
    /// Birth date, when the input has one.
    pub birth_date: Option<Timestamp>,
    /// The birth date is an approximation: MIMIC-IV gives an age in a year
    /// (`anchor_age` in `anchor_year`), not a date.
    pub birth_approximate: bool,
    /// Positions of this patient's draws in the dataset, oldest first.
    draws: Range<u32>,
}

impl Patient {
    /// How many draws this patient has.
    pub fn draw_count(&self) -> usize {
        self.draws.len()
    }

    /// The patient `info` owning the draws at positions `draws`.
    pub(crate) fn new(info: PatientInfo, draws: Range<u32>) -> Patient {
        Patient {
            id: info.id,
            name: info.name,
            sex: info.sex,
            birth_date: info.birth_date,
            birth_approximate: info.birth_approximate,
            draws,
        }
    }
}

/// Who a patient is, before their draws are attached.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PatientInfo {
    /// The identifier as written in the input.
    pub id: String,
    /// Display name, when the input has one.
    pub name: Option<String>,
    /// Sex, for the reference limits.
    pub sex: Sex,
    /// Birth date, when the input has one.
    pub birth_date: Option<Timestamp>,
    /// The birth date is an approximation (MIMIC-IV's anchor age).
    pub birth_approximate: bool,
}

/// Every loaded patient (sorted by id) with their draws (oldest first), the
/// reference ranges labs gave with results, and the report of what was not
/// loaded.
///
/// Stored as columns: one 8-byte time and 18 bytes of value codes per draw
/// (see `PackedValues` in `model::packed`), each patient's draws together and in order.
#[derive(Clone, Debug, Default)]
pub struct Dataset {
    patients: Vec<Patient>,
    times: Vec<Timestamp>,
    values: Vec<PackedValues>,
    /// Values without a 16-bit code, sorted by draw position then analyte.
    escapes: Vec<Escape>,
    /// Lab ranges, sorted by draw position then analyte: sparse, since most
    /// results come without one.
    lab_ranges: Vec<RangeEntry>,
    report: LoadReport,
    /// Events files' events, by patient id, each patient's by time.
    events: std::collections::BTreeMap<String, Vec<Event>>,
}

/// The columns of a [`Dataset`], as a loader builds them.
#[derive(Debug, Default)]
pub(crate) struct DatasetParts {
    /// Every patient, sorted by id, each owning a range of positions.
    pub(crate) patients: Vec<Patient>,
    /// Each draw's time, by position.
    pub(crate) times: Vec<Timestamp>,
    /// Each draw's value codes, by position.
    pub(crate) values: Vec<PackedValues>,
    /// Values without a code, sorted by position then analyte.
    pub(crate) escapes: Vec<Escape>,
    /// Lab ranges, sorted by position then analyte, one per pair.
    pub(crate) lab_ranges: Vec<RangeEntry>,
}

impl Dataset {
    /// The dataset of these columns.
    pub(crate) fn from_parts(parts: DatasetParts, report: LoadReport) -> Dataset {
        Dataset {
            patients: parts.patients,
            times: parts.times,
            values: parts.values,
            escapes: parts.escapes,
            lab_ranges: parts.lab_ranges,
            report,
            events: std::collections::BTreeMap::new(),
        }
    }

    /// Every patient, sorted by id.
    pub fn patients(&self) -> &[Patient] {
        &self.patients
    }

    /// The patient with this id.
    pub fn patient(&self, id: &str) -> Option<&Patient> {
        self.patients
            .binary_search_by(|patient| patient.id.as_str().cmp(id))
            .ok()
            .map(|index| &self.patients[index])
    }

    /// A patient's draws, oldest first (ties in input order).
    pub fn draws(&self, patient: &Patient) -> DrawSlice<'_> {
        let Range { start, end } = patient.draws;
        let range = start as usize..end as usize;
        let first = self.lab_ranges.partition_point(|entry| entry.draw < start);
        let last = self.lab_ranges.partition_point(|entry| entry.draw < end);
        DrawSlice::new(
            self.times.get(range.clone()).unwrap_or_default(),
            self.values.get(range).unwrap_or_default(),
            escapes_between(&self.escapes, start, end),
            &self.lab_ranges[first..last.max(first)],
            start,
        )
    }

    /// The patient `--patient ID` names: the one with exactly that id, else
    /// the first whose id differs only in case (as `/` matches on screen).
    pub fn find_patient(&self, id: &str) -> Option<&Patient> {
        self.patient(id).or_else(|| {
            let wanted = id.to_lowercase();
            self.patients()
                .iter()
                .find(|patient| patient.id.to_lowercase() == wanted)
        })
    }

    /// The reference range the lab gave with this analyte's result in the
    /// patient's draw at `draw_index` (oldest = 0), if it gave one.
    pub fn lab_range(
        &self,
        patient: &Patient,
        draw_index: usize,
        analyte: Analyte,
    ) -> Option<LabRange> {
        if draw_index >= patient.draws.len() {
            return None;
        }
        let position = u32::try_from(patient.draws.start as usize + draw_index).ok()?;
        lab_range::find(&self.lab_ranges, position, analyte)
    }

    /// How many draws all patients have together.
    pub fn draw_count(&self) -> usize {
        self.times.len()
    }

    /// What the load kept out, and why.
    pub fn report(&self) -> &LoadReport {
        &self.report
    }

    /// The draws of patient `id` (at `times`, its draws' times in order)
    /// that lost a result the load refused, with how many: `(draw, count)`,
    /// in draw order. Their `-` may have been a value, which the dashboard
    /// and the report mark.
    pub fn refused_by_draw(&self, id: &str, times: &[Timestamp]) -> Vec<(usize, usize)> {
        let mut refused: Vec<(usize, usize)> = Vec::new();
        let own = self
            .report
            .rejected
            .iter()
            .filter(|r| r.patient.as_deref() == Some(id));
        for at in own.filter_map(|r| r.at) {
            let draw = times.partition_point(|t| t.instant() < at.instant());
            if times.get(draw).is_none_or(|t| t.instant() != at.instant()) {
                continue;
            }
            match refused.iter_mut().find(|(d, _)| *d == draw) {
                Some((_, count)) => *count += 1,
                None => refused.push((draw, 1)),
            }
        }
        refused.sort_unstable();
        refused
    }

    /// The load report, for the assembler's last warnings.
    pub(crate) fn report_mut(&mut self) -> &mut LoadReport {
        &mut self.report
    }
}
