//! The load's assembler: rows from every file are logged in input order,
//! compactly (see [`entries`]), and merged into patients and draws once
//! every file is read ([`finish`]).
//!
//! Merging after reading, patient by patient, gives exactly what merging
//! each row as it comes would (rows of different patients never meet), with
//! no table of every draw while reading. A patient whose rows are plainly
//! separate draws (no repeated draw, no second name, sex or birth date) is
//! taken as it is; any other is replayed row by row ([`replay`]).

mod agree;
mod draws;
pub mod entries;
mod finish;
mod implausible_draws;
mod lines;
mod merge;
pub mod patients;
mod replay;

use crate::model::{
    Dataset, Event, LabRange, LoadReport, PatientEvent, PatientInfo, RangeEntry, Rejection,
    Timestamp, Value,
};

use super::derive::DERIVATIONS;
use super::rows::Measure;
use super::shape::Shape;

use self::entries::{Entries, LogRow, Source};
use self::patients::Patients;

/// How a file's columns are named in a rejection.
#[derive(Clone, Debug)]
pub enum FileColumns {
    /// A CSV file: its header and shape.
    Csv {
        /// The header's names, as written (trimmed).
        headers: Vec<String>,
        /// How its rows were read.
        shape: Shape,
    },
    /// A table joined for its patients' details (no rows of results).
    Joined,
    /// A table read by its column names (OMOP's MEASUREMENT): the header
    /// as read and the value's column.
    Table {
        /// The header's names.
        headers: Vec<String>,
        /// The value column.
        value: usize,
    },
    /// FHIR JSON: each resource's path in the file (`entry[3].resource`,
    /// empty for the file's only resource or an NDJSON line), by the index
    /// its rows are logged with; elements are named after it.
    Fhir {
        /// Path of each resource.
        paths: Vec<String>,
    },
    /// HL7 v2 messages: a value in conflict is named as the field `OBX-5`.
    Hl7,
    /// An events file (treatments and transfusions): its rows are events,
    /// never draws.
    Events,
}

/// One file of the load.
#[derive(Clone, Debug)]
struct FileInfo {
    name: String,
    columns: FileColumns,
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

/// A load too large to hold: more than 2^32 rows, or 4 GiB of patient ids
/// or names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TooLarge;

impl TooLarge {
    /// Why the file cannot be loaded, in words.
    pub fn reason(self) -> String {
        "too large to load: more than 4 billion rows, or 4 GiB of patient ids or names".into()
    }
}

/// Rejections sort by file, line, then this order (0 for CSV rows; a FHIR
/// Bundle's Patients before its Observations, each by entry).
pub type RejectKey = (u32, u64, u64);

/// What merging found besides the draws.
#[derive(Debug, Default)]
struct Merged {
    rejections: Vec<(RejectKey, Rejection)>,
    /// Percentages that gave their draw no absolute count, each at its row.
    warnings: Vec<(RejectKey, Rejection)>,
    /// Of the rejections, the cells refused alone (a name, sex or birth
    /// date differing from the patient's earlier one), their rows loaded.
    cells: u64,
    duplicates: u64,
    derived: u64,
    without_count: u64,
}

/// One patient's draws as merged: each by the entry holding its values.
struct PatientDraws {
    /// `(entry, time, values, lab ranges)` of each draw, in the order made.
    heads: Vec<(
        u32,
        crate::model::Timestamp,
        crate::model::Values,
        [Option<LabRange>; 9],
    )>,
    name: Option<String>,
    sex: crate::model::Sex,
    birth: Option<crate::model::Timestamp>,
    merged: Merged,
}

/// Gathers rows from every file of a load into one dataset.
#[derive(Debug, Default)]
pub struct RowLog {
    files: Vec<FileInfo>,
    entries: Entries,
    patients: Patients,
    rejections: Vec<(RejectKey, Rejection)>,
    report: LoadReport,
    /// Details from joined patients tables, filled in where rows gave none.
    joined: Vec<PatientInfo>,
    /// Patients whose row of a patients table was refused (which its own
    /// warning says): never said to have no row there.
    not_joined: Vec<String>,
    /// Events files' events, attached to their patients at the end.
    events: Vec<PatientEvent>,
}

impl RowLog {
    /// Logs one event of an events file (`source`: where it was).
    pub fn add_event(&mut self, patient: String, event: Event, source: Source) {
        self.report_mut().events_read += 1;
        let file = self.file_name(source.file);
        self.events.push(PatientEvent {
            patient,
            event,
            file,
            line: source.line,
        });
    }

    /// Starts a joined table (a patients table): it gives no rows, only
    /// details ([`RowLog::join_details`]) and warnings.
    pub fn begin_table(&mut self, name: String) -> u32 {
        self.begin_file(name, FileColumns::Joined)
    }

    /// A patient's details from a joined table: each fills in what the
    /// patient's rows did not give. A patient with no draw is not listed.
    pub fn join_details(&mut self, info: PatientInfo) {
        self.joined.push(info);
    }

    /// A patient whose row of a patients table was refused, with a warning
    /// that says so.
    pub fn not_joined(&mut self, patient: &str) {
        self.not_joined.push(patient.to_string());
    }

    /// A warning about a file (or folder) as a whole, not read: line 0.
    pub fn warn_file(&mut self, file: String, reason: String) {
        self.report
            .warnings
            .push(Rejection::new(file, 0, None, reason));
    }

    /// Starts a file; its rows' sources use the returned number.
    pub fn begin_file(&mut self, name: String, columns: FileColumns) -> u32 {
        self.report.files.push(name.clone());
        self.files.push(FileInfo { name, columns });
        (self.files.len() - 1) as u32
    }

    /// The report gathered so far, to count rows read and ignored.
    pub fn report_mut(&mut self) -> &mut LoadReport {
        &mut self.report
    }

    /// Logs a row to merge (`fhir_index`: its entry in a FHIR Bundle); an
    /// error once the load holds more rows, or more bytes of ids or names,
    /// than can be counted in 32 bits (far more than memory can hold).
    pub fn add(
        &mut self,
        row: &LogRow<'_>,
        source: Source,
        fhir_index: Option<u32>,
    ) -> Result<(), TooLarge> {
        self.entries
            .push(&mut self.patients, row, source, fhir_index)
            .map_err(|_| TooLarge)
    }

    /// The number of the patient with this id and [`patients::id_hash`].
    pub fn patient(&mut self, id: &[u8], hash: u64) -> Result<u32, TooLarge> {
        self.patients.intern(id, hash).map_err(|_| TooLarge)
    }

    /// [`RowLog::add`] of a row of the patient numbered by [`RowLog::patient`].
    pub fn add_of(
        &mut self,
        patient: u32,
        row: &LogRow<'_>,
        source: Source,
    ) -> Result<(), TooLarge> {
        self.entries
            .push_of(&mut self.patients, patient, row, source, None)
            .map_err(|_| TooLarge)
    }

    /// Records a refused row; `order` places it among rejections of one line.
    pub fn reject(&mut self, source: Source, order: u64, column: Option<String>, reason: String) {
        self.reject_of(None, source, order, column, reason);
    }

    /// [`RowLog::reject`] of a row of `patient`, when its patient was read.
    pub fn reject_of(
        &mut self,
        patient: Option<&str>,
        source: Source,
        order: u64,
        column: Option<String>,
        reason: String,
    ) {
        self.reject_value((patient, None), (source, order), column, reason);
    }

    /// [`RowLog::reject_of`] of a row or cell of `patient`, a refused
    /// result of their draw at `at` (when it is one).
    pub fn reject_value(
        &mut self,
        (patient, at): (Option<&str>, Option<Timestamp>),
        (source, order): (Source, u64),
        column: Option<String>,
        reason: String,
    ) {
        let file = self.file_name(source.file);
        let rejection = Rejection::new(file, source.line, column, reason)
            .of(patient)
            .at(at);
        self.rejections
            .push(((source.file, source.line, order), rejection));
    }

    /// Records a warning: the row loaded, but this deserves a look.
    pub fn warn(&mut self, source: Source, column: Option<String>, reason: String) {
        self.warn_of(None, source, column, reason);
    }

    /// [`RowLog::warn`] of a row of `patient`.
    pub fn warn_of(
        &mut self,
        patient: Option<&str>,
        source: Source,
        column: Option<String>,
        reason: String,
    ) {
        let file = self.file_name(source.file);
        let warning = Rejection::new(file, source.line, column, reason).of(patient);
        self.report.warnings.push(warning);
    }

    /// The name of the file at this position in the load.
    pub(crate) fn file_name(&self, file: u32) -> String {
        self.files
            .get(file as usize)
            .map(|f| f.name.clone())
            .unwrap_or_default()
    }

    /// The dataset: patients by id, each one's draws by time then input
    /// order, with absolute counts derived from percentages where missing.
    pub fn finish(mut self) -> Dataset {
        let events = std::mem::take(&mut self.events);
        let mut dataset = finish::finish(self);
        dataset.attach_events(events);
        dataset
    }
}

/// What the merge reads of the log.
struct LogView<'a> {
    entries: &'a Entries,
    /// Where each entry's lab ranges start in `entries.ranges` (sorted by
    /// entry), and at the end where the last one's end: found at once, not
    /// by a search of two million ranges for each entry replayed.
    range_starts: &'a [u32],
    patients: &'a Patients,
    files: &'a [FileInfo],
}

impl LogView<'_> {
    /// The analyte and percentage columns of a wide file, in header order.
    fn wide_columns(&self, file: u32) -> Vec<(Measure, usize)> {
        match self.files.get(file as usize).map(|f| &f.columns) {
            Some(FileColumns::Csv {
                shape: Shape::Wide { analytes, .. },
                ..
            }) => analytes.iter().map(|c| (c.measure, c.index)).collect(),
            _ => Vec::new(),
        }
    }

    /// The value column of a long file (0 for a Bundle).
    fn value_column(&self, file: u32) -> usize {
        match self.files.get(file as usize).map(|f| &f.columns) {
            Some(FileColumns::Csv {
                shape: Shape::Long { value, .. },
                ..
            })
            | Some(FileColumns::Table { value, .. }) => *value,
            _ => 0,
        }
    }

    /// The percentages of an entry (missing where not given).
    fn percents(&self, entry: u32) -> [Value; DERIVATIONS.len()] {
        let percents = &self.entries.percents;
        percents
            .binary_search_by_key(&entry, |&(of, _)| of)
            .map_or([Value::MISSING; DERIVATIONS.len()], |i| percents[i].1)
    }

    /// The lab ranges given with an entry's analytes.
    fn ranges_of(&self, entry: u32) -> &[RangeEntry] {
        let index = entry as usize;
        let (Some(&first), Some(&end)) = (
            self.range_starts.get(index),
            self.range_starts.get(index + 1),
        ) else {
            return &[];
        };
        self.entries
            .ranges
            .get(first as usize..end as usize)
            .unwrap_or_default()
    }

    /// The reason of a conflict with an earlier row: of the same draw (a
    /// value), or of the same patient (a name, sex or birth date, `detail`).
    fn conflict(
        &self,
        (what, detail): (&str, bool),
        earlier_value: &str,
        value: &str,
        earlier: Source,
        at: Source,
    ) -> String {
        let place = self.place(earlier, at);
        let scope = if detail {
            "patient (the earlier is kept)"
        } else {
            "draw"
        };
        format!("{what} {value} conflicts with {earlier_value} on {place} for the same {scope}")
    }

    /// Where the earlier row of a conflict is, seen from the later.
    fn place(&self, earlier: Source, at: Source) -> String {
        // `line 12`, or `line 12 of other.csv` when the earlier row is in
        // another file.
        if earlier.file == at.file {
            format!("line {}", earlier.line)
        } else {
            let name = self
                .files
                .get(earlier.file as usize)
                .map_or("", |f| f.name.as_str());
            format!("line {} of {name}", earlier.line)
        }
    }

    /// The rejection of a row of `entry`, of `patient` (by number), at
    /// `source`.
    fn rejection(
        &self,
        (patient, entry): (u32, u32),
        source: Source,
        field: ConflictField,
        reason: String,
    ) -> (RejectKey, Rejection) {
        let info = self.files.get(source.file as usize);
        let (column, order) = match info.map(|f| &f.columns) {
            Some(FileColumns::Csv { headers, shape }) => {
                let common = shape.common();
                let index = match field {
                    ConflictField::Name => common.name,
                    ConflictField::Sex => common.sex,
                    ConflictField::BirthDate => common.birth_date,
                    ConflictField::Value(index) => Some(index),
                };
                (index.and_then(|i| headers.get(i).cloned()), 0)
            }
            Some(FileColumns::Table { headers, value }) => {
                let index = match field {
                    ConflictField::Value(_) => Some(*value),
                    _ => None,
                };
                (index.and_then(|i| headers.get(i).cloned()), 0)
            }
            Some(FileColumns::Hl7) => {
                let field = match field {
                    ConflictField::Value(_) => "OBX-5",
                    ConflictField::Name => "PID-5",
                    ConflictField::Sex => "PID-8",
                    ConflictField::BirthDate => "PID-7",
                };
                (Some(field.to_string()), 0)
            }
            other => {
                // A detail given by the Patient resource is refused on that
                // resource's element; without one, on the subject.
                let patient = self
                    .entries
                    .details_at
                    .get(&entry)
                    .and_then(|at| at.fhir_index);
                let index = match (field, patient) {
                    (ConflictField::Value(_), _) | (_, None) => self
                        .entries
                        .fhir_index
                        .get(&entry)
                        .copied()
                        .unwrap_or_default(),
                    (_, Some(patient)) => patient,
                };
                let element = match (field, patient) {
                    (ConflictField::Value(_), _) => "valueQuantity",
                    (_, None) => "subject",
                    (ConflictField::Name, Some(_)) => "name",
                    (ConflictField::Sex, Some(_)) => "gender",
                    (ConflictField::BirthDate, Some(_)) => "birthDate",
                };
                let prefix = match other {
                    Some(FileColumns::Fhir { paths }) => paths.get(index as usize),
                    _ => None,
                };
                let column = match prefix.map(String::as_str) {
                    None => format!("entry[{index}].resource.{element}"),
                    Some("") => element.to_string(),
                    Some(prefix) => format!("{prefix}.{element}"),
                };
                (Some(column), observation_order(index))
            }
        };
        let file = info.map(|f| f.name.clone()).unwrap_or_default();
        let patient = String::from_utf8_lossy(self.patients.id(patient));
        // A value in conflict is a result refused from the entry's draw.
        let at = match field {
            ConflictField::Value(_) => self.entries.time.get(entry as usize).copied(),
            _ => None,
        };
        let rejection = Rejection::new(file, source.line, column, reason)
            .of(Some(&patient))
            .at(at);
        ((source.file, source.line, order), rejection)
    }
}

/// The order of a FHIR Observation's rejection among its line's: after
/// every Patient's, by entry.
pub fn observation_order(index: u32) -> u64 {
    1 << 32 | u64::from(index)
}
