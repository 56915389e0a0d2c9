//! What a load kept out, and why: nothing the input held is lost silently.

use serde::Serialize;

use super::{Timestamp, Warnings};

/// A row that was not loaded, with where it was and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Rejection {
    /// The file as it was named on the command line (or found in a folder).
    pub file: String,
    /// The physical line an editor shows: header = 1; a record spanning
    /// several lines counts from its first; in a FHIR Bundle, the line where
    /// the resource starts; 0 for a note on the whole file.
    pub line: u64,
    /// The column's header as written in the file, when one column is at
    /// fault; in a FHIR Bundle, the element at fault
    /// (`entry[12].resource.valueQuantity`).
    pub column: Option<String>,
    /// Why, in words a clinician or data manager can act on.
    pub reason: String,
    /// The patient the row or cell is of, where the row names one that
    /// could be read: a patient's own report lists what concerns them, and
    /// no other patient's; a script reads it as `patient_id` (null when the
    /// row names none, or for a note on a whole file).
    #[serde(rename = "patient_id")]
    pub patient: Option<String>,
    /// For a refused value (a cell that could not be read, a value that
    /// conflicts with the draw's), the time of the draw it was of: the
    /// dashboard says which draw lost a value, and the JSON gives it as
    /// `collected_at` (null for a row refused whole).
    #[serde(rename = "collected_at")]
    pub at: Option<Timestamp>,
}

impl Rejection {
    /// A rejection or warning of no particular patient.
    pub fn new(file: String, line: u64, column: Option<String>, reason: String) -> Rejection {
        Rejection {
            file,
            line,
            column,
            reason,
            patient: None,
            at: None,
        }
    }

    /// This rejection, of a value of the draw at `at`.
    pub fn at(self, at: Option<Timestamp>) -> Rejection {
        Rejection { at, ..self }
    }

    /// This rejection, of `patient`.
    pub fn of(self, patient: Option<&str>) -> Rejection {
        Rejection {
            patient: patient.map(str::to_string),
            ..self
        }
    }

    /// The line as a reader is told it: none for a note on the whole file
    /// (`admissions.csv.gz`, not `admissions.csv.gz:0`).
    pub fn line_shown(&self) -> Option<u64> {
        (self.line > 0).then_some(self.line)
    }
}

/// Everything a load has to say besides the data itself.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LoadReport {
    /// The files read, in the order read.
    pub files: Vec<String>,
    /// Rows refused, and cells refused alone (the rest of their row read),
    /// in file then line order.
    pub rejected: Vec<Rejection>,
    /// What loaded but deserves a look (an unusable lab range, an
    /// implausible differential, a table in a folder that is not read), in
    /// file then line order; the same fields as a rejection. Those of
    /// implausible draws are worded when the list is first read.
    pub warnings: Warnings,
    /// Rows of tests that are not part of a CBC (long files), counted.
    pub ignored: u64,
    /// Data rows read, whether loaded, rejected or ignored.
    pub rows_read: u64,
    /// Entries of `rejected` that are one cell of a row that was read (its
    /// other cells loaded, or it had no other value): not rejected rows.
    pub cells_rejected: u64,
    /// Rows read that held no value at all (none written, or each one
    /// rejected as a cell): no draw, not counted as loaded.
    pub without_value: u64,
    /// Rows that repeated a value already loaded for the same draw.
    pub duplicates_merged: u64,
    /// Results read that the lab replaced or withdrew, not loaded: an
    /// earlier version of a FHIR Observation, a preliminary result its
    /// final one replaces (HL7 OBX-11, FHIR `status`), a corrected one's
    /// original, one withdrawn (HL7 `D`/`W`) or entered in error.
    pub replaced: u64,
    /// Absolute counts derived from a percentage (ANC from WBC x
    /// neutrophil %), where the draw had no measured count.
    pub derived: u64,
    /// Percentage rows loaded that gave no absolute count although the draw
    /// has none measured: no WBC (or RBC) in the draw, censored on opposite
    /// sides, or a product with more digits than can be held exactly.
    pub percentages_without_count: u64,
    /// Rows of events files that gave an event, shown or not (an event of
    /// a patient with no blood count is not shown): counted apart from the
    /// rows that loaded into draws.
    pub events_read: u64,
}

impl LoadReport {
    /// How many rejections and warnings are of the patient with this id
    /// ([`Rejection::patient`]).
    pub fn count_of(&self, id: &str) -> (usize, usize) {
        let of = |rows: &[Rejection]| {
            rows.iter()
                .filter(|row| row.patient.as_deref() == Some(id))
                .count()
        };
        (of(&self.rejected), of(&self.warnings))
    }

    /// Adds another file's report to this one.
    pub fn merge(&mut self, other: LoadReport) {
        self.files.extend(other.files);
        self.rejected.extend(other.rejected);
        self.warnings.extend(other.warnings.iter().cloned());
        self.ignored += other.ignored;
        self.rows_read += other.rows_read;
        self.cells_rejected += other.cells_rejected;
        self.without_value += other.without_value;
        self.duplicates_merged += other.duplicates_merged;
        self.replaced += other.replaced;
        self.derived += other.derived;
        self.percentages_without_count += other.percentages_without_count;
    }

    /// Rejected rows: the entries of `rejected` that are not single cells.
    pub fn rows_rejected(&self) -> u64 {
        (self.rejected.len() as u64).saturating_sub(self.cells_rejected)
    }

    /// What `rejected` holds, in words: `2 rows`, `5 cells`, `1 row, 5
    /// cells` (a cell refused alone is no rejected row: the rest of its row
    /// loaded), or `0 rows`.
    pub fn rejected_words(&self) -> String {
        let counted = crate::safe_text::counted;
        match (self.rows_rejected(), self.cells_rejected) {
            (rows, 0) => counted(rows, "row"),
            (0, cells) => counted(cells, "cell"),
            (rows, cells) => format!("{}, {}", counted(rows, "row"), counted(cells, "cell")),
        }
    }

    /// Rows that loaded into a draw: read, and not ignored, rejected or
    /// without any value.
    pub fn rows_loaded(&self) -> u64 {
        self.rows_read
            .saturating_sub(self.ignored)
            .saturating_sub(self.without_value)
            .saturating_sub(self.replaced)
            .saturating_sub(self.rows_rejected())
    }

    /// True when every row read was loaded or deliberately ignored.
    pub fn is_clean(&self) -> bool {
        self.rejected.is_empty()
    }
}
