//! Merges rows into patients and draws: rows of one patient at one time (and
//! one specimen, where given) form one draw; a repeated value merges, a
//! different value for the same analyte is a conflict that refuses the later row.
//!
//! Percentages are kept with their draw until every file is read, then turn
//! into absolute counts where the draw has no measured one
//! ([`super::derive`]): a measured count wins wherever its row is.

use std::collections::HashMap;

use crate::model::{ANALYTE_COUNT, LabRange, LoadReport, PatientInfo, Rejection, Sex, Values};

use crate::ingest::rows::{Measure, Row};

use self::draw::DrawInProgress;
use self::precision::{more_precise, same_result};

mod draw;
mod finish;
mod precision;

/// Where a row came from: which file (by position) and which line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Source {
    /// Position of the file in the load.
    pub file: u32,
    /// Physical line of the row's first byte.
    pub line: u64,
}

/// One patient being gathered, with where each detail was first given.
struct PatientInProgress {
    info: PatientInfo,
    name_source: Option<Source>,
    sex_source: Option<Source>,
    birth_source: Option<Source>,
}

/// The draws of one patient at one instant, each with the `(file,
/// specimen)` pairs of the rows that joined it.
type DrawsAtInstant = Vec<(u32, Vec<(u32, u32)>)>;

/// Gathers rows from every file of a load into one dataset.
#[derive(Default)]
pub struct Assembler {
    files: Vec<String>,
    /// Each file's header, to name a column in a warning made at the end.
    headers: Vec<Vec<String>>,
    patient_ids: HashMap<String, u32>,
    patients: Vec<PatientInProgress>,
    specimen_ids: HashMap<String, u32>,
    draw_ids: HashMap<(u32, i64), DrawsAtInstant>,
    draws: Vec<DrawInProgress>,
    /// The ranges labs gave, by draw and analyte: sparse.
    lab_ranges: HashMap<(u32, crate::model::Analyte), LabRange>,
    report: LoadReport,
}

/// Which part of a row conflicts with an earlier row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConflictField {
    /// The patient's name.
    Name,
    /// The patient's sex.
    Sex,
    /// The patient's birth date.
    BirthDate,
    /// An analyte value, in this column.
    Value(usize),
}

/// Why a row was refused while merging: what conflicts, and with which line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MergeConflict {
    /// What conflicts.
    pub field: ConflictField,
    /// The reason, naming the earlier line.
    pub reason: String,
}

impl Assembler {
    /// Starts a file; its rows' sources use the returned number.
    pub fn begin_file(&mut self, name: String, headers: Vec<String>) -> u32 {
        self.files.push(name.clone());
        self.headers.push(headers);
        self.report.files.push(name);
        (self.files.len() - 1) as u32
    }

    /// The report gathered so far, to add rejected and ignored rows to.
    pub fn report_mut(&mut self) -> &mut LoadReport {
        &mut self.report
    }

    /// Merges a row, or refuses its values (merging none) when one
    /// conflicts with an earlier one in its draw (the second of the pair);
    /// a name, sex or birth date that differs from the patient's earlier
    /// one is refused alone (the first), whatever becomes of the values.
    pub fn add(
        &mut self,
        source: Source,
        row: &Row<'_>,
    ) -> (Vec<MergeConflict>, Option<MergeConflict>) {
        let patient = self.patient_ids.get(row.patient).copied();
        let specimen = self.specimen_key(row.specimen);
        let tag = (source.file, specimen);
        let instant = row.time.instant();
        // A row joins the draw of its own file and specimen, else the first
        // at its instant that no row of its file joined.
        let existing = patient.and_then(|patient| {
            let draws = self.draw_ids.get(&(patient, instant))?;
            draws
                .iter()
                .find(|(_, tags)| tags.contains(&tag))
                .or_else(|| {
                    draws
                        .iter()
                        .find(|(_, tags)| tags.iter().all(|t| t.0 != tag.0))
                })
                .map(|(draw, _)| *draw)
        });
        let cells =
            patient.map_or_else(Vec::new, |patient| self.check_patient_details(patient, row));
        let patient = patient.unwrap_or_else(|| self.new_patient(row.patient));
        self.fill_patient_details(patient, source, row);
        if let Some(draw) = existing
            && let Err(conflict) = self.check_values(draw, row)
        {
            return (cells, Some(conflict));
        }
        let draw = match existing {
            Some(draw) => {
                let in_progress = &mut self.draws[draw as usize];
                in_progress.time = in_progress.time.shown_of(row.time);
                draw
            }
            None => {
                let draw = self.draws.len() as u32;
                self.draws.push(DrawInProgress {
                    patient,
                    time: row.time,
                    values: Values::EMPTY,
                    sources: [None; ANALYTE_COUNT],
                    first: source,
                    percents: None,
                });
                draw
            }
        };
        let draws = self.draw_ids.entry((patient, instant)).or_default();
        match draws.iter_mut().find(|(d, _)| *d == draw) {
            Some((_, tags)) if !tags.contains(&tag) => tags.push(tag),
            Some(_) => {}
            None => draws.push((draw, vec![tag])),
        }
        let mut anything_new = existing.is_none();
        for observation in row.observations.iter() {
            let in_progress = &mut self.draws[draw as usize];
            let earlier = in_progress.given(observation.measure);
            let replaced = earlier.is_some_and(|(value, _)| more_precise(observation.value, value));
            if earlier.is_none() || replaced {
                in_progress.give(
                    observation.measure,
                    observation.value,
                    source,
                    observation.column,
                );
            }
            if let (Measure::Count(analyte), Some(range)) = (observation.measure, observation.range)
            {
                let key = (draw, analyte);
                if earlier.is_none() || replaced || !self.lab_ranges.contains_key(&key) {
                    self.lab_ranges.insert(key, range);
                }
            }
            anything_new |= earlier.is_none();
        }
        if !anything_new {
            self.report.duplicates_merged += 1;
        }
        (cells, None)
    }

    fn new_patient(&mut self, id: &str) -> u32 {
        let index = self.patients.len() as u32;
        self.patient_ids.insert(id.to_string(), index);
        self.patients.push(PatientInProgress {
            info: PatientInfo {
                id: id.to_string(),
                ..PatientInfo::default()
            },
            name_source: None,
            sex_source: None,
            birth_source: None,
        });
        index
    }

    fn specimen_key(&mut self, specimen: Option<&str>) -> u32 {
        let Some(specimen) = specimen else { return 0 };
        if let Some(&key) = self.specimen_ids.get(specimen) {
            return key;
        }
        let key = self.specimen_ids.len() as u32 + 1;
        self.specimen_ids.insert(specimen.to_string(), key);
        key
    }

    /// Each of name, sex and birth date that differs from the one given
    /// earlier.
    fn check_patient_details(&self, patient: u32, row: &Row<'_>) -> Vec<MergeConflict> {
        let known = &self.patients[patient as usize];
        let mut found = Vec::new();
        if let (Some(name), Some(earlier), Some(given)) =
            (row.name, known.name_source, &known.info.name)
            && name != given
        {
            found.push(self.conflict(ConflictField::Name, "name", given, name, earlier));
        }
        if let (Some(sex), Some(earlier)) = (row.sex, known.sex_source)
            && sex != known.info.sex
        {
            let shown = |sex: Sex| sex.code().unwrap_or("unknown").to_string();
            found.push(self.conflict(
                ConflictField::Sex,
                "sex",
                &shown(known.info.sex),
                &shown(sex),
                earlier,
            ));
        }
        if let (Some(birth), Some(earlier), Some(given)) =
            (row.birth_date, known.birth_source, known.info.birth_date)
            && !birth.same_written_date(given)
        {
            found.push(self.conflict(
                ConflictField::BirthDate,
                "birth date",
                &given.to_string(),
                &birth.to_string(),
                earlier,
            ));
        }
        found
    }

    fn fill_patient_details(&mut self, patient: u32, source: Source, row: &Row<'_>) {
        let known = &mut self.patients[patient as usize];
        if let (Some(name), None) = (row.name, known.name_source) {
            known.info.name = Some(name.to_string());
            known.name_source = Some(source);
        }
        if let (Some(sex), None) = (row.sex, known.sex_source) {
            known.info.sex = sex;
            known.sex_source = Some(source);
        }
        if let (Some(birth), None) = (row.birth_date, known.birth_source) {
            known.info.birth_date = Some(birth);
            known.birth_source = Some(source);
        }
    }

    /// A value that is not the same result as the one already in the draw
    /// (see [`same_result`]) is a conflict; lab ranges never are.
    fn check_values(&self, draw: u32, row: &Row<'_>) -> Result<(), MergeConflict> {
        let in_progress = &self.draws[draw as usize];
        for observation in row.observations.iter() {
            let Some((existing, earlier)) = in_progress.given(observation.measure) else {
                continue;
            };
            if same_result(existing, observation.value) {
                continue;
            }
            let [earlier_text, text] = existing.shown_apart(observation.value);
            return Err(self.conflict(
                ConflictField::Value(observation.column),
                &observation.measure.to_string(),
                &earlier_text,
                &text,
                earlier,
            ));
        }
        Ok(())
    }

    fn conflict(
        &self,
        field: ConflictField,
        what: &str,
        earlier_value: &str,
        value: &str,
        earlier: Source,
    ) -> MergeConflict {
        MergeConflict {
            field,
            reason: format!(
                "{what} {value} conflicts with {earlier_value} on {} for the same {}",
                self.describe(earlier),
                match field {
                    ConflictField::Value(_) => "draw",
                    _ => "patient (the earlier is kept)",
                }
            ),
        }
    }

    /// `line 12`, or `line 12 of other.csv` when the earlier row is in another file.
    fn describe(&self, source: Source) -> String {
        let current = self.files.len().saturating_sub(1) as u32;
        if source.file == current {
            format!("line {}", source.line)
        } else {
            format!(
                "line {} of {}",
                source.line, self.files[source.file as usize]
            )
        }
    }

    /// Records a refused row of `patient` (when its patient was read), or
    /// a result refused from their draw at `at`.
    pub fn reject(
        &mut self,
        (patient, at): (Option<&str>, Option<crate::model::Timestamp>),
        source: Source,
        column: Option<String>,
        reason: String,
    ) {
        let rejected = self.at(source, column, reason).of(patient).at(at);
        self.report.rejected.push(rejected);
    }

    /// Records what loaded but deserves a look in a row of `patient`.
    pub fn warn(&mut self, patient: &str, source: Source, column: Option<String>, reason: String) {
        let warning = self.at(source, column, reason).of(Some(patient));
        self.report.warnings.push(warning);
    }

    /// Records a warning of no patient (a column of the file).
    pub fn warn_file(&mut self, source: Source, column: Option<String>, reason: String) {
        let warning = self.at(source, column, reason);
        self.report.warnings.push(warning);
    }

    /// A rejection or warning at `source`.
    fn at(&self, source: Source, column: Option<String>, reason: String) -> Rejection {
        let file = self.files[source.file as usize].clone();
        Rejection::new(file, source.line, column, reason)
    }
}
