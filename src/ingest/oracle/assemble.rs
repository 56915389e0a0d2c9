//! Merges rows into patients and draws: rows of one patient at one time (and
//! one specimen, where given) form one draw; a repeated value merges, a
//! different value for the same analyte is a conflict that refuses the later row.
//!
//! Percentages are kept with their draw until every file is read, then turn
//! into absolute counts where the draw has no measured one
//! ([`super::derive`]): a measured count wins wherever its row is.

use std::collections::HashMap;

use crate::model::{
    ANALYTE_COUNT, Dataset, DatasetBuilder, Draw, DrawRange, LabRange, LoadReport, PatientInfo,
    Rejection, Sex, Value, Values,
};

use crate::ingest::derive::{DERIVATIONS, not_derived_reason};
use crate::ingest::rows::{Measure, Row};

use self::draw::DrawInProgress;

mod draw;

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

    /// The dataset: patients by id, each one's draws by time then input
    /// order, with absolute counts derived from percentages where missing.
    pub fn finish(mut self) -> Dataset {
        // Warnings made here (percentages that gave no count, plausibility)
        // put every warning in file then line order.
        let before = self.report.warnings.len();
        for draw in &mut self.draws {
            let (derived, without) = draw.derive_counts();
            self.report.derived += derived;
            self.report.percentages_without_count += without.len() as u64;
            let patient = &self.patients[draw.patient as usize].info.id;
            for not in without {
                let derivation = &DERIVATIONS[not.derivation];
                let base = draw.values.get(derivation.base);
                let reason = not_derived_reason(derivation, base, not.percent);
                let column = self.headers[not.source.file as usize]
                    .get(not.column)
                    .cloned();
                let file = self.files[not.source.file as usize].clone();
                let warning = Rejection::new(file, not.source.line, column, reason);
                self.report
                    .warnings
                    .push(warning.of(Some(patient)).at(Some(draw.time)));
            }
        }
        // A draw left without any value (a percentage that gave no count)
        // is no draw: the others renumbered, with their lab ranges.
        if self.draws.iter().any(|draw| draw.values.is_empty()) {
            let mut renumbered = vec![None; self.draws.len()];
            let mut next = 0u32;
            for (id, draw) in self.draws.iter().enumerate() {
                if !draw.values.is_empty() {
                    renumbered[id] = Some(next);
                    next += 1;
                }
            }
            self.draws.retain(|draw| !draw.values.is_empty());
            self.lab_ranges = std::mem::take(&mut self.lab_ranges)
                .into_iter()
                .filter_map(|((id, analyte), range)| {
                    Some(((renumbered[id as usize]?, analyte), range))
                })
                .collect();
        }
        // Plausibility warnings (clinical.md §11) at each draw's first row.
        // Draws before the birth date: one warning a patient, at their
        // earliest draw (the first row of it), before its own warnings.
        let mut earliest: Vec<Option<&DrawInProgress>> = vec![None; self.patients.len()];
        let mut times: Vec<Vec<crate::model::Timestamp>> = vec![Vec::new(); self.patients.len()];
        for draw in &self.draws {
            let patient = draw.patient as usize;
            times[patient].push(draw.time);
            let slot = &mut earliest[patient];
            if slot.is_none_or(|e| {
                (draw.time.instant(), draw.first.file, draw.first.line)
                    < (e.time.instant(), e.first.file, e.first.line)
            }) {
                *slot = Some(draw);
            }
        }
        for (patient, known) in self.patients.iter().enumerate() {
            let mut patient_times = std::mem::take(&mut times[patient]);
            patient_times.sort_by_key(|time| time.instant());
            let info = &known.info;
            let reason = crate::clinical::drawn_before_birth(
                info.birth_date,
                info.birth_approximate,
                &patient_times,
            );
            if let (Some(reason), Some(draw)) = (reason, earliest[patient]) {
                let file = self.files[draw.first.file as usize].clone();
                let warning = Rejection::new(file, draw.first.line, None, reason);
                self.report
                    .warnings
                    .push(warning.of(Some(&info.id)).at(Some(draw.time)));
            }
        }
        for draw in &self.draws {
            for found in crate::clinical::plausibility(&draw.values) {
                let patient = &self.patients[draw.patient as usize].info.id;
                let reason = format!("patient {patient}, {}: {}", draw.time, found.reason());
                let file = self.files[draw.first.file as usize].clone();
                let warning = Rejection::new(file, draw.first.line, None, reason);
                self.report
                    .warnings
                    .push(warning.of(Some(patient)).at(Some(draw.time)));
            }
        }
        if self.report.warnings.len() > before {
            self.report.warnings.sort_in_file_order(&self.report.files);
        }
        let mut per_patient: Vec<Vec<(Source, u32)>> = vec![Vec::new(); self.patients.len()];
        for (id, draw) in self.draws.iter().enumerate() {
            per_patient[draw.patient as usize].push((draw.first, id as u32));
        }
        // Each draw's position among its patient's draws, once sorted.
        let mut position = vec![0u32; self.draws.len()];
        for ids in &mut per_patient {
            ids.sort_by_key(|&(first, id)| (self.draws[id as usize].time.instant(), first));
            for (offset, &(_, id)) in ids.iter().enumerate() {
                position[id as usize] = offset as u32;
            }
        }
        let mut ranges: Vec<Vec<DrawRange>> = vec![Vec::new(); self.patients.len()];
        for (&(id, analyte), &range) in &self.lab_ranges {
            let patient = self.draws[id as usize].patient as usize;
            ranges[patient].push((position[id as usize] as usize, analyte, range));
        }
        let mut builder = DatasetBuilder::new();
        for ((patient, ids), ranges) in self.patients.into_iter().zip(per_patient).zip(ranges) {
            // A patient left with no draw (their only one held no value) is
            // no patient of the dataset.
            if ids.is_empty() {
                continue;
            }
            let draws = ids
                .iter()
                .map(|&(_, id)| {
                    let draw = &self.draws[id as usize];
                    Draw {
                        time: draw.time,
                        values: draw.values,
                    }
                })
                .collect();
            builder.add_patient_with_ranges(patient.info, draws, ranges);
        }
        builder.build(self.report)
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

/// Both values on a scale of 10^-7, with their decimals: those reported,
/// a trailing zero written included (`0.20` has two).
fn scaled(value: Value) -> Option<(u128, u8, crate::model::Censor)> {
    let reading = value.reading()?;
    // A value converted by an inexact factor reports the digits it is
    // shown with (`10` for 6.2 mmol/L), not those of the conversion.
    if value.significant_digits().is_some()
        && let Some(shown) = value.shown_amount()
        && let Ok(amount) = crate::model::Decimal::parse(&shown)
    {
        let places = shown
            .split_once('.')
            .map_or(0, |(_, after)| after.len() as u8);
        let factor = 10u128.pow(7 - u32::from(amount.scale().min(7)));
        return Some((
            u128::from(amount.mantissa()) * factor,
            places,
            reading.censor,
        ));
    }
    let amount = reading.amount;
    let factor = 10u128.pow(7 - u32::from(amount.scale().min(7)));
    Some((
        u128::from(amount.mantissa()) * factor,
        amount.scale().max(value.shown_decimals()),
        reading.censor,
    ))
}

/// True when two values are one result: equal, or the one with more
/// decimals lies within half a unit of the other's last decimal (the lower
/// half-unit included: half away from zero).
fn same_result(a: Value, b: Value) -> bool {
    if a == b {
        return true;
    }
    // `4.1` and `4.10`: one amount, written with other places.
    if let (Some(x), Some(y)) = (a.reading(), b.reading())
        && x == y
    {
        return true;
    }
    let (Some((a, a_scale, a_censor)), Some((b, b_scale, b_censor))) = (scaled(a), scaled(b))
    else {
        return false;
    };
    if a_censor != b_censor || a_scale == b_scale {
        return false;
    }
    let ((fine, _), (coarse, coarse_scale)) = if a_scale > b_scale {
        ((a, a_scale), (b, b_scale))
    } else {
        ((b, b_scale), (a, a_scale))
    };
    let unit = 10u128.pow(7 - u32::from(coarse_scale));
    2 * fine + unit >= 2 * coarse && 2 * fine < 2 * coarse + unit
}

/// True when `later` is one result with `earlier` and has more decimals.
fn more_precise(later: Value, earlier: Value) -> bool {
    // The amount's places, then those written (`4.10` over `4.1`).
    let decimals = |value: Value| {
        let (_, places, _) = scaled(value)?;
        value
            .reading()
            .map(|r| (places, r.amount.scale(), value.shown_decimals()))
    };
    same_result(later, earlier) && decimals(later) > decimals(earlier)
}
