//! FHIR R4 in JSON as servers and the specification write it: a Bundle of
//! any type (`collection`, `transaction`, `searchset`, `batch-response`;
//! Bundles within Bundles are read), a single resource per file, or Bulk
//! Data NDJSON (one resource a line).
//!
//! Patient, DiagnosticReport and Observation resources are read; every
//! other resource is passed over and not counted. Each Patient and each
//! Observation counts as one row of the load report: an Observation of a
//! test outside the CBC is `ignored`; one that cannot load is rejected with
//! a location:
//!
//! - `line`: the physical line where the resource's `{` stands (of an
//!   NDJSON file: its line);
//! - `column`: a path to the element at fault, `entry[12].resource.valueQuantity`
//!   (entries counted from 0; `valueQuantity` alone for a file's only
//!   resource or an NDJSON line).
//!
//! The files of a group (the FHIR files of a load side by side: a Bulk Data
//! export's `Patient.ndjson` and `Observation.ndjson`) are indexed together
//! first, so that an Observation finds its Patient, and the
//! DiagnosticReport or panel that lends it the subject and time it lacks,
//! in any file of the group ([`context`]). Observations of one patient at
//! one time form one draw unless their specimens (or encounters) differ
//! ([`draws`]); of one draw and test, a `final` result replaces a
//! `preliminary` one and an `amended` or `corrected` one what it corrects,
//! whichever comes first, as HL7 v2's statuses do ([`super::standing`]); a
//! newer version of one Observation id replaces the older wherever it was
//! filed ([`versions`]); a version marked `entered-in-error`, or a history
//! Bundle's `DELETE` of the id, retracts its result
//! ([`retraction::Retraction`]).

mod collect;
mod context;
mod draws;
mod indexing;
mod invalid;
mod lab_result;
mod observation;
mod observation_row;
mod patient;
mod reference_range;
mod resources;
mod retraction;
mod versions;

use crate::ingest::FileProblem;
use crate::ingest::assembler::entries::{Facts, LogRow, Source};
use crate::ingest::assembler::patients::id_hash;
use crate::ingest::assembler::{FileColumns, RowLog, TooLarge};
use crate::ingest::unread_tests::UnreadTests;

use self::collect::{Collected, join};
use self::context::{At, Index};
use self::indexing::build_index;
use self::lab_result::{LabResult, superseded};
use self::observation_row::read_observation;
use self::retraction::{Retraction, deletions};

/// Reads files of FHIR JSON or NDJSON, each `(name, text)`, as one group:
/// references resolve across them. Each file that cannot be used is
/// returned with its position; the others load.
pub fn read_group(assembler: &mut RowLog, files: &[(&str, &str)]) -> Vec<(usize, FileProblem)> {
    let mut problems = Vec::new();
    let mut group: Vec<(u32, Collected<'_>)> = Vec::new();
    let mut positions = Vec::new();
    for (position, (name, text)) in files.iter().enumerate() {
        match collect::collect(name, text) {
            Ok(collected) => {
                let paths = collected.resources.iter().map(|r| r.path.clone()).collect();
                let file = assembler.begin_file(name.to_string(), FileColumns::Fhir { paths });
                group.push((file, collected));
                positions.push(position);
            }
            Err(problem) => problems.push((position, problem)),
        }
    }
    let index = build_index(assembler, &group);
    let mut results = Vec::new();
    let mut retractions = deletions(&group);
    let mut unloaded = Vec::new();
    for (g, (file, collected)) in group.iter().enumerate() {
        let mut rows = 0u64;
        let mut unread = UnreadTests::default();
        for (i, located) in collected.resources.iter().enumerate() {
            if located.kind.as_deref() != Some("Observation") {
                continue;
            }
            rows += 1;
            let at = At { file: g, index: i };
            let gathered = (&mut retractions, &mut unread, &mut unloaded);
            let read = read_observation(assembler, *file, &index, (at, located), gathered);
            if let Some(result) = read {
                results.push((g, result));
            }
        }
        // Once per file and name, as a long CSV file's tests are.
        for (name, (source, i, named), count) in unread.iter() {
            let path = collected.resources.get(i).map_or("", |r| r.path.as_str());
            let reason = crate::ingest::unread_tests::coded_reason(name, count);
            assembler.warn(source, column(path, &named.element()), reason);
        }
        assembler.report_mut().rows_read += rows;
    }
    // A newer version of the same Observation replaces the older wherever
    // it was filed.
    let newer = versions::newer_versions(&results);
    // A newer version that loads nothing replaces the older all the same:
    // the lab has replaced that value, which must not stay on screen.
    let replaced_by_unloaded = versions::unloaded_newer(&results, &newer, &unloaded);
    let replaced: Vec<bool> = newer
        .iter()
        .zip(&replaced_by_unloaded)
        .map(|(loaded, unloaded)| loaded.is_some() || unloaded.is_some())
        .collect();
    // Which results are one draw, among the versions that stand.
    for split in draws::one_draw_per_sample(&mut results, &replaced) {
        let Some((g, result)) = results.get(split.at) else {
            continue;
        };
        let path = path_of(&group, *g, result);
        let of = Some(result.patient_id.as_str());
        assembler.warn_of(of, result.source, column(path, "specimen"), split.reason());
    }
    // The statuses order what is left of each draw.
    let current: Vec<usize> = (0..results.len())
        .filter(|&at| replaced.get(at).is_some_and(|replaced| !replaced))
        .collect();
    let listed: Vec<&LabResult> = current
        .iter()
        .filter_map(|&at| results.get(at).map(|(_, result)| result))
        .collect();
    let mut superseded = vec![true; results.len()];
    for (&at, replaced) in current.iter().zip(self::superseded(&listed)) {
        superseded[at] = replaced;
    }
    // The retractions by id: looked up for every result.
    let mut retracted: std::collections::HashMap<&str, Vec<&Retraction>> =
        std::collections::HashMap::new();
    for retraction in &retractions {
        retracted
            .entry(retraction.id.as_str())
            .or_default()
            .push(retraction);
    }
    for (at, ((g, result), superseded)) in results.iter().zip(superseded).enumerate() {
        let newest = newer
            .get(at)
            .copied()
            .flatten()
            .and_then(|n| results.get(n));
        let unloaded_newest = replaced_by_unloaded
            .get(at)
            .copied()
            .flatten()
            .and_then(|u| unloaded.get(u));
        // Retracted by a version of the same Observation marked
        // entered-in-error, or deleted in a history Bundle: not loaded, and
        // said at the retraction. A version known to come after it stands
        // (a history Bundle lists the current version with the older ones).
        let retraction = result
            .resource_id
            .as_deref()
            .and_then(|id| retracted.get(id))
            .and_then(|found| found.iter().find(|r| r.retracts(*g, result)));
        // Each result passed over below is one the lab replaced or
        // withdrew: read, and not loaded.
        if superseded || newest.is_some() || unloaded_newest.is_some() || retraction.is_some() {
            assembler.report_mut().replaced += 1;
        }
        if superseded && newest.is_none() && unloaded_newest.is_none() {
            continue;
        }
        if let Some(retraction) = retraction {
            let value = result.single.value.shown_text().unwrap_or_default();
            let place = place_of(assembler, result.source, retraction.source);
            let reason = retraction.reason(result, &value, &place);
            let of = Some(result.patient_id.as_str());
            let element = column(&retraction.path, retraction.element());
            assembler.warn_of(of, retraction.source, element, reason);
            continue;
        }
        // Replaced by a newer version that loads nothing: said at this one,
        // which would otherwise vanish without a word.
        if let Some(newest) = unloaded_newest {
            let place = place_of(assembler, newest.source, result.source);
            let reason = versions::not_replaced(result, newest, &place);
            let path = path_of(&group, *g, result);
            let of = Some(result.patient_id.as_str());
            assembler.warn_of(of, result.source, column(path, "meta"), reason);
            continue;
        }
        // Replaced by a newer version of itself: said where it moves the
        // result to another patient or time.
        if let Some((_, newest)) = newest {
            let place = place_of(assembler, newest.source, result.source);
            if let Some(reason) = versions::moved(result, newest, &place) {
                let path = path_of(&group, *g, result);
                let of = Some(result.patient_id.as_str());
                assembler.warn_of(of, result.source, column(path, "meta"), reason);
            }
            continue;
        }
        if let Err(too_large) = log_result(assembler, &index, result) {
            problems.push((positions[*g], FileProblem(too_large.reason())));
            break;
        }
    }
    // Each Patient's details fill in what other files leave out of that
    // patient, as a patients table's do: also a Patient whose results
    // (if any) are in no file of this group.
    for (id, known) in index.patients() {
        assembler.join_details(crate::model::PatientInfo {
            id: id.to_string(),
            name: known.name.clone(),
            sex: known.sex.unwrap_or(crate::model::Sex::Unknown),
            birth_date: known.birth_date,
            birth_approximate: false,
        });
    }
    problems.sort_by_key(|(position, _)| *position);
    problems
}

/// Logs a result with its patient's details.
fn log_result(assembler: &mut RowLog, index: &Index, result: &LabResult) -> Result<(), TooLarge> {
    let (info, details_at) = index.info(&result.patient_id).unzip();
    let row = LogRow {
        patient: result.patient_id.as_bytes(),
        patient_hash: id_hash(result.patient_id.as_bytes()),
        name: info
            .and_then(|info| info.name.as_deref())
            .map(str::as_bytes),
        sex: info.and_then(|info| info.sex),
        birth: info.and_then(|info| info.birth_date),
        time: result.time,
        specimen: result.draw_key.as_deref().map(str::as_bytes),
        facts: Facts::Single(Some(result.single)),
        details_at,
    };
    // Conflicts with earlier rows are found when every file is read, and
    // named by the element at fault (`valueQuantity`, `subject`).
    assembler.add(&row, result.source, Some(result.index))
}

/// The element path of a result's Observation in its file.
fn path_of<'a>(group: &'a [(u32, Collected<'_>)], g: usize, result: &LabResult) -> &'a str {
    group
        .get(g)
        .and_then(|(_, collected)| collected.resources.get(result.index as usize))
        .map_or("", |located| located.path.as_str())
}

/// Where `what` is, said from `from`: `line 3`, or `line 1 of b.ndjson`
/// in another file.
fn place_of(assembler: &RowLog, what: Source, from: Source) -> String {
    if what.file == from.file {
        format!("line {}", what.line)
    } else {
        format!("line {} of {}", what.line, assembler.file_name(what.file))
    }
}

/// The column of a rejection: the resource's path and the element; none
/// for the whole of a file's only resource.
fn column(path: &str, element: &str) -> Option<String> {
    let joined = join(path, element);
    (!joined.is_empty()).then_some(joined)
}
