//! Versions of one Observation: the newer replaces the older wherever the
//! older was filed.
//!
//! One resource id is one result (docs/inputs.md). A `corrected` version
//! may move it to another patient (a mislabelled specimen) or another
//! time, and two exports of one server may hold two versions side by
//! side; a history Bundle lists every version. Across files, only versions
//! of one patient are matched: two servers number their resources alike. Matched only by the draw
//! and test, the older version would stay on the first patient, or be
//! kept over the newer as the earlier of a "conflict". The order is
//! `meta.versionId` when both are whole numbers, else `meta.lastUpdated`
//! ([`super::observation::Version::after`]); versions that neither orders
//! are left to the statuses and the duplicates rule, as before. A newer
//! version that loads nothing ([`Unloaded`]) replaces the older too: the
//! lab has withdrawn that value, and nothing stands in its place.

use std::collections::HashMap;

use super::lab_result::LabResult;
use super::observation::Version;
use crate::ingest::assembler::entries::Source;

/// For each result, the newest version of the same id known to come
/// after it (by its place in the results), or none: it stands.
pub(super) fn newer_versions(results: &[(usize, LabResult)]) -> Vec<Option<usize>> {
    let mut by_id: HashMap<&str, Vec<usize>> = HashMap::new();
    for (at, (_, result)) in results.iter().enumerate() {
        if let Some(id) = result.resource_id.as_deref() {
            by_id.entry(id).or_default().push(at);
        }
    }
    let version = |at: usize| results.get(at).map(|(_, result)| result.version);
    let mut newer = vec![None; results.len()];
    for versions in by_id.values().filter(|versions| versions.len() > 1) {
        // The newest: no other version is known to come after it.
        let newest = |&at: &usize| {
            versions.iter().all(|&other| {
                version(other)
                    .zip(version(at))
                    .is_none_or(|(o, a)| o.after(a) != Some(true))
            })
        };
        for &older in versions {
            // Across files, an id may be two servers' (sequential ids), not
            // one result's versions: a version replaces one of another file
            // only for the same patient; within one file (a history Bundle,
            // one server's export) it may move the result.
            let related = |at: usize| match (results.get(at), results.get(older)) {
                (Some((file, newer)), Some((old_file, old))) => {
                    file == old_file || newer.patient_id == old.patient_id
                }
                _ => false,
            };
            let after = |&at: &usize| {
                related(at)
                    && version(at)
                        .zip(version(older))
                        .is_some_and(|(a, o)| a.after(o) == Some(true))
            };
            let found = versions
                .iter()
                .filter(|at| after(at))
                .find(|at| newest(at))
                .or_else(|| versions.iter().find(|at| after(at)));
            if let Some(slot) = newer.get_mut(older) {
                *slot = found.copied();
            }
        }
    }
    newer
}

/// What is said of an older version filed to another patient or time
/// than the newer one that replaces it, naming where the newer is
/// (`line 3`, `line 1 of b.ndjson`); none where both are of one draw, as
/// a correction of one draw is not said either.
pub(super) fn moved(older: &LabResult, newer: &LabResult, place: &str) -> Option<String> {
    let patient = older.patient_id != newer.patient_id;
    let time = older.time.instant() != newer.time.instant();
    if !patient && !time {
        return None;
    }
    let value = older.single.value.shown_text().unwrap_or_default();
    let to = match (patient, time) {
        (true, false) => format!(
            "patient \"{}\"",
            crate::safe_text::printable(&newer.patient_id)
        ),
        (false, _) => format!("{}", newer.time),
        (true, true) => format!(
            "patient \"{}\" at {}",
            crate::safe_text::printable(&newer.patient_id),
            newer.time
        ),
    };
    Some(format!(
        "a later version of Observation \"{}\" ({place}, by meta.versionId or lastUpdated) files \
         this {} result to {to}: this version, {value} of patient \"{}\" at {}, is not loaded",
        crate::safe_text::printable(older.resource_id.as_deref().unwrap_or_default()),
        older.single.measure,
        crate::safe_text::printable(&older.patient_id),
        older.time
    ))
}

/// A version of an Observation that was read far enough to know its id and
/// version but loads no value: refused, not measured (`dataAbsentReason`),
/// or recoded to a test hemotrend does not read. The lab has still replaced
/// the older versions of its id, whose values must not stay on screen.
pub(super) struct Unloaded {
    /// The Observation's id.
    pub id: String,
    /// Its patient, where its subject names one.
    pub patient: Option<String>,
    /// Its file, by position in the group.
    pub file: usize,
    /// Where it is.
    pub source: Source,
    pub version: Version,
    /// Why it loads nothing (`is refused (said there)`).
    pub why: &'static str,
}

/// For each result, the version of its id that loads nothing and is known
/// to come after it, and after the newest version that loads (`newer`):
/// the result is replaced, and nothing replaces it. Scoped as
/// [`newer_versions`] is: the same file, or the same patient.
pub(super) fn unloaded_newer(
    results: &[(usize, LabResult)],
    newer: &[Option<usize>],
    unloaded: &[Unloaded],
) -> Vec<Option<usize>> {
    let after = |a: Version, b: Version| a.after(b) == Some(true);
    results
        .iter()
        .enumerate()
        .map(|(at, (file, result))| {
            let id = result.resource_id.as_deref()?;
            let loaded = newer
                .get(at)
                .copied()
                .flatten()
                .and_then(|n| results.get(n));
            unloaded.iter().position(|u| {
                let related = u.file == *file || u.patient.as_deref() == Some(&result.patient_id);
                u.id == id
                    && related
                    && after(u.version, result.version)
                    && loaded.is_none_or(|(_, n)| after(u.version, n.version))
            })
        })
        .collect()
}

/// What is said at an older version that a version loading nothing
/// (`newer`, at `place`) replaces.
pub(super) fn not_replaced(older: &LabResult, newer: &Unloaded, place: &str) -> String {
    format!(
        "a later version of Observation \"{}\" ({place}, by meta.versionId or lastUpdated) {}, \
         so nothing replaces this {} result: this version, {} of patient \"{}\" at {}, is not \
         loaded",
        crate::safe_text::printable(&newer.id),
        newer.why,
        older.single.measure,
        older.single.value.shown_text().unwrap_or_default(),
        crate::safe_text::printable(&older.patient_id),
        older.time
    )
}
