//! A result read from an Observation, and which results of one draw and
//! test another replaces by its status.

use crate::ingest::assembler::entries::{Single, Source};
use crate::ingest::readers::standing::{Later, Standing, later_result};

use super::{collect, draws, observation};

/// An Observation read, to be logged unless a later one replaces it.
pub(super) struct LabResult {
    /// The Observation's own id (none for a contained one).
    pub(super) resource_id: Option<String>,
    pub(super) patient_id: String,
    pub(super) time: crate::model::Timestamp,
    /// What tells its draw from others of its instant: the specimen, else
    /// the encounter, else none.
    pub(super) draw_key: Option<String>,
    /// Its specimen and encounter, its own or lent.
    pub(super) sample: draws::Sample,
    pub(super) single: Single,
    pub(super) source: Source,
    /// Its position in its file's resources.
    pub(super) index: u32,
    /// `final`, `amended`, `corrected` or `preliminary`.
    pub(super) status: String,
    /// Which version of its resource it is.
    pub(super) version: observation::Version,
    /// Its place in a history Bundle, where it is in one.
    pub(super) history: Option<collect::HistoryPlace>,
}

/// Which results another of their draw and test replaces, as HL7 v2's
/// statuses do (DESIGN.md): a `final` one replaces a `preliminary` one and
/// an `amended` or `corrected` one what it amends, whichever comes first in
/// the files ([`later_result`]). Two final results are left to the
/// duplicates rule (one value, or a conflict refusing the later one).
pub(super) fn superseded(results: &[&LabResult]) -> Vec<bool> {
    let mut superseded = vec![false; results.len()];
    let mut by_test = std::collections::HashMap::new();
    for (at, result) in results.iter().enumerate() {
        let key = (
            result.patient_id.as_str(),
            result.time.instant(),
            result.single.measure,
            result.draw_key.as_deref(),
        );
        let Some(&earlier) = by_test.get(&key) else {
            by_test.insert(key, at);
            continue;
        };
        let earlier_standing = results
            .get(earlier)
            .map_or(Standing::Final, |r| standing(r));
        match later_result(earlier_standing, standing(result)) {
            Later::Replaces => {
                superseded[earlier] = true;
                by_test.insert(key, at);
            }
            Later::Superseded => superseded[at] = true,
            Later::Both => {}
        }
    }
    superseded
}

/// How a result's status stands against another of its draw and test.
fn standing(result: &LabResult) -> Standing {
    match result.status.as_str() {
        "preliminary" => Standing::Preliminary,
        "amended" | "corrected" => Standing::Correction,
        _ => Standing::Final,
    }
}
