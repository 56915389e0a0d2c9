//! Retractions of results: an Observation version marked entered-in-error,
//! or a history Bundle's `DELETE` of its id, and whose results of that id
//! each reaches.

use crate::ingest::assembler::entries::Source;

use super::collect::{self, Collected};
use super::lab_result::LabResult;
use super::observation;

/// An Observation marked entered-in-error, or deleted in a history
/// Bundle: it retracts the result of its id read elsewhere in the group
/// (another version of the same resource).
pub(super) struct Retraction {
    pub(super) id: String,
    /// Whose results of the id it retracts.
    pub(super) scope: Scope,
    pub(super) source: Source,
    /// The path of the resource (entered-in-error) or entry (deleted).
    pub(super) path: String,
    pub(super) version: observation::Version,
    /// Its place in a history Bundle, which orders it against the
    /// versions beside it.
    pub(super) history: Option<collect::HistoryPlace>,
}

/// Which results of its id a retraction reaches.
pub(super) enum Scope {
    /// Of this patient, in any file: an entered-in-error version names its
    /// patient, and two servers number their resources alike.
    Patient(String),
    /// In this file of the group (by position): a deletion names no
    /// patient, and its history Bundle is one server's record of the id.
    File(usize),
}

impl Retraction {
    /// Whether it retracts `result`, read in file `g` of the group: of its
    /// scope, unless the result is known to come after it (by version,
    /// else by its place in their history Bundle).
    pub(super) fn retracts(&self, g: usize, result: &LabResult) -> bool {
        let reached = match &self.scope {
            Scope::Patient(patient) => *patient == result.patient_id,
            Scope::File(file) => *file == g,
        };
        let after = result.version.after(self.version).or_else(|| {
            let places = result.history.zip(self.history);
            places.and_then(|(result, retraction)| result.after(retraction))
        });
        reached && after != Some(true)
    }

    /// The element the warning is at: the status that says entered in
    /// error, or the request that deleted.
    pub(super) fn element(&self) -> &'static str {
        match self.scope {
            Scope::Patient(_) => "status",
            Scope::File(_) => "request",
        }
    }

    /// What is said at the retraction of `result` (shown `value`, at
    /// `place`), which is not loaded.
    pub(super) fn reason(&self, result: &LabResult, value: &str, place: &str) -> String {
        let (id, measure) = (&self.id, result.single.measure);
        match self.scope {
            Scope::Patient(_) => format!(
                "entered-in-error: Observation \"{id}\" retracts its {measure} result {value} on {place}, which is not loaded"
            ),
            Scope::File(_) => format!(
                "DELETE: this history Bundle records Observation \"{id}\" deleted: its {measure} result {value} on {place} is not loaded"
            ),
        }
    }
}

/// The Observations each file's history Bundles record deleted, as
/// retractions within that file.
pub(super) fn deletions(group: &[(u32, Collected<'_>)]) -> Vec<Retraction> {
    let mut found = Vec::new();
    for (g, (file, collected)) in group.iter().enumerate() {
        for deletion in &collected.deletions {
            found.push(Retraction {
                id: deletion.id.clone(),
                scope: Scope::File(g),
                source: Source {
                    file: *file,
                    line: deletion.line,
                },
                path: deletion.path.clone(),
                version: deletion.version,
                history: Some(deletion.history),
            });
        }
    }
    found
}
