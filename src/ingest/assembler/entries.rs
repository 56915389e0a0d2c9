//! The log's columns: one entry per row, or per run of consecutive rows of
//! a long file that give different measures of one draw (the usual layout:
//! a draw's tests one per line), so that a long file costs about what a
//! wide one does.
//!
//! An entry holds who, when, the draw key, the values given and the row's
//! details as a code; everything rare (values without a 16-bit code,
//! percentages, lab ranges, a second name or birth date) is in side tables
//! keyed by entry.

use std::collections::HashMap;

use crate::ingest::derive::DERIVATIONS;
use crate::ingest::rows::Measure;
use crate::model::{Analyte, Escape, LabRange, PackedValues, RangeEntry, Sex, Timestamp, Value};

use super::lines::Lines;
use super::patients::{ArenaFull, DetailsCode, Given, Patients};

/// Where a row came from: which file (by position in the load) and which line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Source {
    /// Position of the file in the load.
    pub file: u32,
    /// Physical line of the row's first byte.
    pub line: u64,
}

/// One measure of a long row or FHIR Observation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Single {
    /// Which analyte or percentage.
    pub measure: Measure,
    /// Its value in canonical units.
    pub value: Value,
    /// The lab's range given with it.
    pub range: Option<LabRange>,
}

/// What a row measured.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Facts<'a> {
    /// A wide row: every analyte (missing where not measured) and the three
    /// percentages of [`DERIVATIONS`] (missing where not given).
    Wide {
        /// The analytes' values, packed where they are parsed.
        values: PackedValues,
        /// The values without a code (their `draw` is not read).
        escapes: &'a [Escape],
        /// The percentages.
        percents: [Value; DERIVATIONS.len()],
    },
    /// A long row or an Observation: one measure, or none when its value
    /// was not measured.
    Single(Option<Single>),
}

/// One row to log, its text borrowed from where it was parsed.
#[derive(Clone, Copy, Debug)]
pub struct LogRow<'a> {
    /// Patient identifier (never empty), as UTF-8 text.
    pub patient: &'a [u8],
    /// [`super::patients::id_hash`] of `patient`.
    pub patient_hash: u64,
    /// Name, when the row gives one, as UTF-8 text.
    pub name: Option<&'a [u8]>,
    /// Sex, when the row gives one.
    pub sex: Option<Sex>,
    /// Birth date, when the row gives one.
    pub birth: Option<Timestamp>,
    /// Collection time.
    pub time: Timestamp,
    /// Specimen or encounter, when given, as UTF-8 text.
    pub specimen: Option<&'a [u8]>,
    /// What it measured.
    pub facts: Facts<'a>,
    /// Where the name, sex and birth date were given, when not on the
    /// row's own line: an HL7 message's PID segment, which its OBX results
    /// share, or the Patient resource a FHIR Observation names.
    pub details_at: Option<DetailsAt>,
}

/// Where a row's name, sex and birth date were given, when not on its own
/// line: a conflict with an earlier patient's details is refused there,
/// once, not on each result that shares them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DetailsAt {
    /// The file (its number in the load).
    pub file: u32,
    /// The line.
    pub line: u64,
    /// A FHIR Patient's index in its file (in `Bundle.entry`, or its
    /// NDJSON line's), which names its elements' path.
    pub fhir_index: Option<u32>,
}

/// A row's measure in 4 bits: a count by analyte index, a percentage by
/// 9 + its position in [`DERIVATIONS`], or [`NO_MEASURE`].
pub type MeasureCode = u8;
/// The code of a row that measured nothing.
pub const NO_MEASURE: MeasureCode = 15;
/// Most rows in one entry.
const MAX_RUN: u64 = 12;
/// Bits of each row's gap in [`Entries::gaps`]: 11 gaps in 64 bits.
const GAP_BITS: u64 = 5;
const GAP_MASK: u64 = (1 << GAP_BITS) - 1;
/// A gap's bits when the gap is this or longer, and so in
/// [`Entries::long_gaps`].
const LONG_GAP: u64 = GAP_MASK;

/// The code of a measure; `None` for a percentage of no derivation (which
/// no reader makes).
pub fn measure_code(measure: Measure) -> Option<MeasureCode> {
    match measure {
        Measure::Count(analyte) => Some(analyte.index() as u8),
        Measure::Percent(analyte) => DERIVATIONS
            .iter()
            .position(|d| d.target == analyte)
            .map(|slot| 9 + slot as u8),
    }
}

/// The measure of a code (not [`NO_MEASURE`]).
pub fn measure_of(code: MeasureCode) -> Option<Measure> {
    match code {
        0..=8 => Analyte::ALL
            .get(usize::from(code))
            .map(|&a| Measure::Count(a)),
        9..=11 => DERIVATIONS
            .get(usize::from(code - 9))
            .map(|d| Measure::Percent(d.target)),
        _ => None,
    }
}

/// The entries, in input order.
#[derive(Debug, Default)]
pub struct Entries {
    /// Each entry's patient.
    pub patient: Vec<u32>,
    /// Each entry's time, as its first row wrote it.
    pub time: Vec<Timestamp>,
    /// Each entry's values.
    pub values: Vec<PackedValues>,
    /// Values without a code, by entry (sorted before use).
    pub escapes: Vec<Escape>,
    /// Each entry's name, sex and birth date against its patient's first.
    pub details: Vec<DetailsCode>,
    /// Each entry's first line.
    pub lines: Lines,
    /// Each entry's specimen: 0 for none, else 1 + its place in
    /// `specimen_ends` (empty until a row gives one).
    pub specimens: Vec<u32>,
    specimen_text: Vec<u8>,
    specimen_ends: Vec<usize>,
    /// Each entry's rows: 0 for a wide row, else the row count in the low 4
    /// bits and each row's measure code in the next 4-bit groups (empty
    /// until a long row comes).
    pub runs: Vec<u64>,
    /// Each entry's lines between its rows: in 5-bit groups, row `k`'s
    /// line less row `k - 1`'s, less one (empty while every run's rows are
    /// on consecutive lines); [`LONG_GAP`] or more is in `long_gaps`. A run
    /// passes over rows of other tests: MIMIC-IV's labevents puts RDW, MCH
    /// and MCHC between a CBC's results, and a run of one row each made
    /// five entries of every draw.
    pub gaps: Vec<u64>,
    /// The gaps of [`LONG_GAP`] lines or more, by entry and the group they
    /// fill in `gaps`, in that order. A white-cell differential's 20-odd
    /// rows can come between two of a draw's results (1 draw in 100 in
    /// MIMIC-IV's demo): a draw cut there was two entries, and its
    /// patient's rows were all replayed at the end of the load.
    long_gaps: Vec<(u32, u8, u64)>,
    /// Percentages given, by entry, in entry order.
    pub percents: Vec<(u32, [Value; DERIVATIONS.len()])>,
    /// Lab ranges given, by entry (as the `draw`) and analyte, in that
    /// order: a run's rows come in any order of analytes (MIMIC-IV's by
    /// itemid), and each range is put in its place among its entry's as it
    /// comes, where the entry's few are at hand.
    pub ranges: Vec<RangeEntry>,
    /// Names that differ from the patient's first.
    pub other_names: HashMap<u32, Box<[u8]>>,
    /// Birth dates that differ from the patient's first.
    pub other_births: HashMap<u32, Timestamp>,
    /// The index in `Bundle.entry` of an entry from a FHIR file.
    pub fhir_index: HashMap<u32, u32>,
    /// Where an entry's name, sex and birth date were given, where it is
    /// not the entry's own line ([`LogRow::details_at`]).
    pub details_at: HashMap<u32, DetailsAt>,
    /// The first entry of each file, with the file.
    pub files: Vec<(u32, u32)>,
}

impl Entries {
    /// How many entries.
    pub fn len(&self) -> usize {
        self.patient.len()
    }

    /// The file an entry's rows came from.
    pub fn file_of(&self, entry: u32) -> u32 {
        let after = self.files.partition_point(|&(first, _)| first <= entry);
        after.checked_sub(1).map_or(0, |i| self.files[i].1)
    }

    /// The specimen text of an entry, if any.
    pub fn specimen(&self, entry: u32) -> Option<&[u8]> {
        let id = *self.specimens.get(entry as usize)?;
        let index = (id as usize).checked_sub(1)?;
        let start = index.checked_sub(1).map_or(0, |p| self.specimen_ends[p]);
        self.specimen_text.get(start..self.specimen_ends[index])
    }

    /// The rows of an entry: `None` for a wide row, else each row's measure code.
    pub fn run(&self, entry: u32) -> Option<impl Iterator<Item = MeasureCode>> {
        let run = *self.runs.get(entry as usize)?;
        let count = run & 0xF;
        (count > 0).then(|| (0..count).map(move |row| (run >> (4 + 4 * row) & 0xF) as u8))
    }

    /// The line of each row of an entry, the first at `first_line`.
    pub fn row_lines(&self, entry: u32, first_line: u64) -> impl Iterator<Item = u64> + '_ {
        let gaps = self.gaps.get(entry as usize).copied().unwrap_or(0);
        (0..MAX_RUN).scan(first_line, move |line, row| {
            let at = *line;
            let gap = match gaps >> (GAP_BITS * row) & GAP_MASK {
                LONG_GAP => self.long_gap(entry, row),
                short => short,
            };
            *line = line.saturating_add(gap.saturating_add(1));
            Some(at)
        })
    }

    /// The gap after row `row` of `entry`, kept in `long_gaps`.
    fn long_gap(&self, entry: u32, row: u64) -> u64 {
        let key = (entry, row as u8);
        self.long_gaps
            .binary_search_by_key(&key, |&(entry, row, _)| (entry, row))
            .map_or(0, |at| self.long_gaps[at].2)
    }

    /// The line of the last row of `entry`, which has `count` rows.
    fn last_row_line(&self, entry: u32, count: u64) -> u64 {
        let first = self.lines.get(entry);
        self.row_lines(entry, first)
            .nth(count.saturating_sub(1) as usize)
            .unwrap_or(first)
    }

    /// Logs a row: it joins the last entry when it continues that entry's
    /// run, else starts a new one.
    pub fn push(
        &mut self,
        patients: &mut Patients,
        row: &LogRow<'_>,
        source: Source,
        fhir_index: Option<u32>,
    ) -> Result<(), ArenaFull> {
        let patient = patients.intern(row.patient, row.patient_hash)?;
        self.push_of(patients, patient, row, source, fhir_index)
    }

    /// [`Entries::push`] of a row whose patient is already interned.
    pub fn push_of(
        &mut self,
        patients: &mut Patients,
        patient: u32,
        row: &LogRow<'_>,
        source: Source,
        fhir_index: Option<u32>,
    ) -> Result<(), ArenaFull> {
        let details = patients.code(patient, row.name, row.sex, row.birth)?;
        if self.len() >= u32::MAX as usize {
            return Err(ArenaFull);
        }
        if self
            .files
            .last()
            .is_none_or(|&(_, file)| file != source.file)
        {
            self.files.push((self.len() as u32, source.file));
        }
        if fhir_index.is_none()
            && let Facts::Single(Some(single)) = row.facts
            && self.extends_run(patient, details, row, single, source)
        {
            let entry = self.len() as u32 - 1;
            self.add_gap(entry, source.line);
            self.add_single(entry, single);
            return Ok(());
        }
        let entry = self.len() as u32;
        patients.note_entry(patient, row.time, details);
        self.patient.push(patient);
        self.time.push(row.time);
        self.details.push(details);
        self.lines.push(entry, source.line);
        if details.name() == Given::Other
            && let Some(name) = row.name
        {
            self.other_names.insert(entry, name.into());
        }
        if details.birth() == Given::Other
            && let Some(birth) = row.birth
        {
            self.other_births.insert(entry, birth);
        }
        if let Some(index) = fhir_index {
            self.fhir_index.insert(entry, index);
        }
        if let Some(at) = row.details_at {
            self.details_at.insert(entry, at);
        }
        self.push_specimen(row.specimen);
        match row.facts {
            Facts::Wide {
                values,
                escapes,
                percents,
            } => {
                if !self.runs.is_empty() {
                    self.runs.push(0);
                }
                if !self.gaps.is_empty() {
                    self.gaps.push(0);
                }
                self.values.push(values);
                self.escapes.extend(escapes.iter().map(|&escape| Escape {
                    draw: entry,
                    ..escape
                }));
                if percents.iter().any(|p| !p.is_missing()) {
                    self.percents.push((entry, percents));
                }
            }
            Facts::Single(single) => {
                if self.runs.is_empty() {
                    self.runs.resize(entry as usize, 0);
                }
                self.runs.push(0);
                if !self.gaps.is_empty() {
                    self.gaps.push(0);
                }
                self.values.push(PackedValues::EMPTY);
                match single {
                    Some(single) => self.add_single(entry, single),
                    None => self.add_code(entry, NO_MEASURE),
                }
            }
        }
        Ok(())
    }

    /// Whether a long row continues the last entry: a later line of the
    /// same file (the rows between its last row and this one were not
    /// logged: other tests, or rejected), the same patient, time,
    /// specimen and details, and a measure the entry does not have yet.
    fn extends_run(
        &self,
        patient: u32,
        details: DetailsCode,
        row: &LogRow<'_>,
        single: Single,
        source: Source,
    ) -> bool {
        let Some(entry) = self.len().checked_sub(1) else {
            return false;
        };
        let Some(code) = measure_code(single.measure) else {
            return false;
        };
        let run = self.runs.get(entry).copied().unwrap_or(0);
        let count = run & 0xF;
        let entry = entry as u32;
        count > 0
            && count < MAX_RUN
            && !self.fhir_index.contains_key(&entry)
            && self.file_of(entry) == source.file
            && self.patient[entry as usize] == patient
            && self.time[entry as usize] == row.time
            && self.details[entry as usize] == details
            && !details.has_other()
            && self.details_at.get(&entry).copied() == row.details_at
            && self.specimen(entry) == row.specimen
            && source
                .line
                .checked_sub(self.last_row_line(entry, count))
                .is_some_and(|gap| gap >= 1)
            && self
                .run(entry)
                .is_some_and(|mut codes| codes.all(|c| c != code))
    }

    /// Adds one measure's row to an entry.
    fn add_single(&mut self, entry: u32, single: Single) {
        let Some(code) = measure_code(single.measure) else {
            return;
        };
        self.add_code(entry, code);
        match single.measure {
            Measure::Count(analyte) => {
                let values = &mut self.values[entry as usize];
                values.set(analyte, single.value, entry, &mut self.escapes);
                if let Some(range) = single.range {
                    let at = self
                        .ranges
                        .iter()
                        .rev()
                        .take_while(|r| r.draw == entry && r.analyte > analyte)
                        .count();
                    let at = self.ranges.len() - at;
                    self.ranges
                        .insert(at, RangeEntry::new(entry, analyte, range));
                }
            }
            Measure::Percent(_) => {
                let slot = usize::from(code - 9);
                if self.percents.last().is_none_or(|&(of, _)| of != entry) {
                    self.percents
                        .push((entry, [Value::MISSING; DERIVATIONS.len()]));
                }
                if let Some((_, percents)) = self.percents.last_mut() {
                    percents[slot] = single.value;
                }
            }
        }
    }

    /// Records the line of a row joining the run of the last entry,
    /// `entry`, from the line of its row before.
    fn add_gap(&mut self, entry: u32, line: u64) {
        let count = self.runs.get(entry as usize).map_or(0, |run| run & 0xF);
        let gap = line - self.last_row_line(entry, count) - 1;
        if gap == 0 {
            return;
        }
        if self.gaps.is_empty() {
            self.gaps.resize(self.len(), 0);
        }
        let slot = count - 1;
        let bits = if gap >= LONG_GAP {
            self.long_gaps.push((entry, slot as u8, gap));
            LONG_GAP
        } else {
            gap
        };
        if let Some(gaps) = self.gaps.get_mut(entry as usize) {
            *gaps |= bits << (GAP_BITS * slot);
        }
    }

    /// Appends a row's measure code to an entry's run.
    fn add_code(&mut self, entry: u32, code: MeasureCode) {
        if let Some(run) = self.runs.get_mut(entry as usize) {
            let count = *run & 0xF;
            *run |= u64::from(code) << (4 + 4 * count);
            *run = (*run & !0xF) | (count + 1);
        }
    }

    /// Stores an entry's specimen, reusing the last one when equal.
    fn push_specimen(&mut self, specimen: Option<&[u8]>) {
        let Some(text) = specimen else {
            if !self.specimens.is_empty() {
                self.specimens.push(0);
            }
            return;
        };
        if self.specimens.is_empty() {
            self.specimens.resize(self.len() - 1, 0);
        }
        let last = self.specimen_ends.len();
        let start = last.checked_sub(1).map_or(0, |p| self.specimen_ends[p]);
        if last > 0 && self.specimen_text.get(start..) == Some(text) {
            self.specimens.push(last as u32);
            return;
        }
        self.specimen_text.extend_from_slice(text);
        self.specimen_ends.push(self.specimen_text.len());
        self.specimens.push(self.specimen_ends.len() as u32);
    }
}
