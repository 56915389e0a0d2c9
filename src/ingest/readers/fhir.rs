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
//! Bundle's `DELETE` of the id, retracts its result ([`Retraction`]).

mod collect;
mod context;
mod draws;
mod invalid;
mod observation;
mod patient;
mod reference_range;
mod resources;
mod versions;

use crate::ingest::FileProblem;
use crate::ingest::assembler::entries::{DetailsAt, Facts, LogRow, Single, Source};
use crate::ingest::assembler::patients::id_hash;
use crate::ingest::assembler::{FileColumns, RowLog, TooLarge, observation_order};
use crate::ingest::unread_tests::UnreadTests;

use self::collect::{Collected, Located, join};
use self::context::{At, Index, reference_key};
use super::standing::{Later, Standing, later_result};

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
        if superseded && newest.is_none() && unloaded_newest.is_none() {
            continue;
        }
        // Retracted by a version of the same Observation marked
        // entered-in-error, or deleted in a history Bundle: not loaded, and
        // said at the retraction. A version known to come after it stands
        // (a history Bundle lists the current version with the older ones).
        if let Some(retraction) = result
            .resource_id
            .as_deref()
            .and_then(|id| retracted.get(id))
            .and_then(|found| found.iter().find(|r| r.retracts(*g, result)))
        {
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

/// What reading the Observations gathers for later: retractions, tests
/// read under local codes, and versions that load nothing.
type Gathered<'a> = (
    &'a mut Vec<Retraction>,
    &'a mut UnreadResults,
    &'a mut Vec<versions::Unloaded>,
);

/// Observations named like a blood count under a local code, by name:
/// where each was first met (its resource and element) and how many.
type UnreadResults = UnreadTests<(Source, usize, observation::NamedAt)>;

/// An Observation marked entered-in-error, or deleted in a history
/// Bundle: it retracts the result of its id read elsewhere in the group
/// (another version of the same resource).
struct Retraction {
    id: String,
    /// Whose results of the id it retracts.
    scope: Scope,
    source: Source,
    /// The path of the resource (entered-in-error) or entry (deleted).
    path: String,
    version: observation::Version,
    /// Its place in a history Bundle, which orders it against the
    /// versions beside it.
    history: Option<collect::HistoryPlace>,
}

/// Which results of its id a retraction reaches.
enum Scope {
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
    fn retracts(&self, g: usize, result: &LabResult) -> bool {
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
    fn element(&self) -> &'static str {
        match self.scope {
            Scope::Patient(_) => "status",
            Scope::File(_) => "request",
        }
    }

    /// What is said at the retraction of `result` (shown `value`, at
    /// `place`), which is not loaded.
    fn reason(&self, result: &LabResult, value: &str, place: &str) -> String {
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
fn deletions(group: &[(u32, Collected<'_>)]) -> Vec<Retraction> {
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

/// An Observation read, to be logged unless a later one replaces it.
struct LabResult {
    /// The Observation's own id (none for a contained one).
    resource_id: Option<String>,
    patient_id: String,
    time: crate::model::Timestamp,
    /// What tells its draw from others of its instant: the specimen, else
    /// the encounter, else none.
    draw_key: Option<String>,
    /// Its specimen and encounter, its own or lent.
    sample: draws::Sample,
    single: Single,
    source: Source,
    /// Its position in its file's resources.
    index: u32,
    /// `final`, `amended`, `corrected` or `preliminary`.
    status: String,
    /// Which version of its resource it is.
    version: observation::Version,
    /// Its place in a history Bundle, where it is in one.
    history: Option<collect::HistoryPlace>,
}

/// Which results another of their draw and test replaces, as HL7 v2's
/// statuses do (DESIGN.md): a `final` one replaces a `preliminary` one and
/// an `amended` or `corrected` one what it amends, whichever comes first in
/// the files ([`later_result`]). Two final results are left to the
/// duplicates rule (one value, or a conflict refusing the later one).
fn superseded(results: &[&LabResult]) -> Vec<bool> {
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

/// The Patients, reports and panels of every file; Patients and entries
/// that cannot be read are rejected (Patients count as rows).
fn build_index(assembler: &mut RowLog, group: &[(u32, Collected<'_>)]) -> Index {
    let mut index = Index::new(group.iter().map(|(file, _)| *file).collect());
    for (g, (file, collected)) in group.iter().enumerate() {
        let mut rows = 0u64;
        for unreadable in &collected.unreadable {
            rows += 1;
            let source = Source {
                file: *file,
                line: unreadable.line,
            };
            assembler.reject(
                source,
                0,
                column(&unreadable.path, ""),
                unreadable.reason.clone(),
            );
        }
        for note in &collected.notes {
            let source = Source {
                file: *file,
                line: note.line,
            };
            assembler.warn(source, column(&note.path, ""), note.reason.clone());
        }
        for (i, located) in collected.resources.iter().enumerate() {
            let at = At { file: g, index: i };
            match located.kind.as_deref() {
                Some("Patient") => {
                    rows += 1;
                    match patient::read_patient(located.text, located.full_url.as_deref()) {
                        Ok((id, known, refused)) => {
                            // A contained Patient's id is local to its
                            // container: two Observations that each contain
                            // a Patient `pat` are of two people.
                            let id = match located.container {
                                Some(container) => {
                                    let owner = collected.resources.get(container);
                                    let owner = owner
                                        .and_then(|o| o.id.clone())
                                        .unwrap_or_else(|| format!("resource {container}"));
                                    format!("{owner}#{id}")
                                }
                                None => id,
                            };
                            let source = DetailsAt {
                                file: *file,
                                line: located.line,
                                fhir_index: Some(i as u32),
                            };
                            for (element, reason) in refused {
                                assembler.reject_of(
                                    Some(&id),
                                    Source {
                                        file: *file,
                                        line: located.line,
                                    },
                                    i as u64,
                                    column(&located.path, element),
                                    reason,
                                );
                                assembler.report_mut().cells_rejected += 1;
                            }
                            for differs in index.add_patient(at, located, id.clone(), known, source)
                            {
                                refuse_detail(assembler, located, (&id, source), &differs);
                            }
                        }
                        Err((element, reason)) => {
                            let source = Source {
                                file: *file,
                                line: located.line,
                            };
                            assembler.reject(
                                source,
                                i as u64,
                                column(&located.path, element),
                                reason,
                            );
                        }
                    }
                }
                // A report or panel that cannot be read lends nothing; its
                // Observations say why they cannot load.
                Some(kind @ ("Specimen" | "Encounter")) => index.add_sample(at, located, kind),
                Some("DiagnosticReport") => {
                    if let Ok(report) = serde_json::from_str::<resources::Report>(located.text) {
                        index.add_report(at, located, &report);
                    }
                }
                Some("Observation") => {
                    if let Ok(panel) =
                        serde_json::from_str::<resources::Observation<'_>>(located.text)
                        && !panel.has_member.is_empty()
                    {
                        index.add_panel(at, located, &panel);
                    }
                }
                _ => {}
            }
        }
        assembler.report_mut().rows_read += rows;
    }
    index
}

/// Reads one Observation and merges it into its patient's draw, or records
/// why it is ignored or rejected.
fn read_observation(
    assembler: &mut RowLog,
    file: u32,
    index: &Index,
    (at, located): (At, &Located<'_>),
    (retractions, unread, unloaded): Gathered<'_>,
) -> Option<LabResult> {
    let source = Source {
        file,
        line: located.line,
    };
    let order = observation_order(at.index as u32);
    let reject = |assembler: &mut RowLog, element: &str, reason: String| {
        assembler.reject(source, order, column(&located.path, element), reason);
        None
    };
    let parsed: resources::Observation<'_> = match serde_json::from_str(located.text) {
        Ok(parsed) => parsed,
        // Named at the element at fault where one is.
        Err(error) => {
            let (element, reason) = invalid::invalid_element(located.text)
                .unwrap_or_else(|| (String::new(), collect::describe(&error)));
            return reject(assembler, &element, reason);
        }
    };
    let test = match observation::test_of(&parsed) {
        Ok(Some(test)) => test,
        Ok(None) => {
            // A CBC result held in a component is refused by name, never
            // counted "not part of a CBC".
            let components = observation::cbc_components(&parsed);
            if let Some(&first) = components.first() {
                let reason = format!(
                    "{} CBC result{} inside this Observation's component: not read (hemotrend \
                     reads a CBC result as an Observation of its own, or a panel's hasMember)",
                    components.len(),
                    if components.len() == 1 { "" } else { "s" }
                );
                // Whose they are, where the subject names a patient.
                let lent = index.lent_to(at, located);
                let subject = match parsed.subject.as_ref() {
                    Some(subject) => reference_key(subject, at, located),
                    None => lent.subject.clone(),
                };
                let patient = subject.and_then(|subject| index.patient_id(&subject));
                let element = format!("component[{first}]");
                assembler.reject_of(
                    patient.as_deref(),
                    source,
                    order,
                    column(&located.path, &element),
                    reason,
                );
                return None;
            }
            if let Some((position, reason)) = observation::cbc_code_outside_loinc(&parsed) {
                return reject(assembler, &format!("code.coding[{position}]"), reason);
            }
            assembler.report_mut().ignored += 1;
            let patient = patient_of(index, at, located, &parsed);
            let why = "is of a test hemotrend does not read";
            unloaded.extend(unloaded_version(
                (at, source),
                located,
                &parsed,
                patient,
                why,
            ));
            // A blood count under the lab's own code would be lost
            // without a word.
            if let Some((name, named)) = observation::local_count_name(&parsed) {
                unread.note(&name, (source, at.index, named), 1);
            }
            return None;
        }
        Err((element, reason)) => return reject(assembler, element, reason),
    };
    let lent = index.lent_to(at, located);
    let subject = match parsed.subject.as_ref() {
        Some(subject) => reference_key(subject, at, located),
        None => lent.subject.clone(),
    };
    // Two reports (or panels) listing it that name two patients: which is
    // its patient cannot be told, and the first met is no better a guess.
    if parsed.subject.is_none()
        && let Some(contest) = &lent.subject_contest
    {
        let (column, reason) = contested(assembler, index, at, contest);
        assembler.reject(source, order, column, reason);
        return None;
    }
    let Some(subject) = subject else {
        // A subject without a reference (an identifier or a display alone)
        // names someone hemotrend cannot find: said as such, not as none.
        let reason = if parsed.subject.is_some() {
            "subject has no reference (an identifier or a display alone): hemotrend finds the \
             patient by a reference to a Patient"
        } else {
            "no subject: neither the observation nor a report listing it names a patient"
        };
        return reject(assembler, "subject", reason.to_string());
    };
    let Some(patient_id) = index.patient_id(&subject) else {
        let written = parsed
            .subject
            .as_ref()
            .and_then(|s| s.reference.as_deref())
            .unwrap_or(&subject);
        let reason = format!("subject \"{written}\" does not name a patient");
        return reject(assembler, "subject", reason);
    };
    // As in a CSV file: an id holding control or invisible characters is
    // damaged input.
    if crate::safe_text::id_unreadable(&patient_id) {
        let reason = format!(
            "patient id \"{}\" holds control or invisible characters: it cannot be told apart on screen",
            crate::safe_text::shown_id(&patient_id)
        );
        return reject(assembler, "subject", reason);
    }
    // From here on, what is refused or deserves a look is the patient's.
    let of = Some(patient_id.as_str());
    // Listed by a report (or panel) marked entered-in-error or cancelled:
    // a subject or time taken from it is not to be trusted, and the
    // result is refused; one with its own is loaded, with a warning.
    if let Some((lender, status)) = &lent.in_error {
        let borrows = parsed.subject.is_none() || context::time_of(&parsed).is_none();
        if borrows {
            let reason =
                format!("its patient or time comes from a {lender} marked {status}: not a result");
            return reject(assembler, "status", reason);
        }
        let reason =
            format!("listed by a {lender} marked {status}; its own patient and time are used");
        assembler.warn_of(of, source, column(&located.path, "status"), reason);
    }
    // Likewise two lenders that give two times: its draw is unknown.
    if context::time_of(&parsed).is_none()
        && let Some(contest) = &lent.time_contest
    {
        let (column, reason) = contested(assembler, index, at, contest);
        assembler.reject_of(of, source, order, column, reason);
        return None;
    }
    // CBC results in the components of an Observation that has a test of
    // its own: refused by name, as cells, whatever becomes of its own value
    // (which loads, is refused, or was not measured).
    let components = observation::cbc_components(&parsed);
    if let Some(&first) = components.first() {
        let reason = format!(
            "{} CBC result{} inside this Observation's component: not read (hemotrend reads \
             a CBC result as an Observation of its own, or a panel's hasMember)",
            components.len(),
            if components.len() == 1 { "" } else { "s" }
        );
        let element = format!("component[{first}]");
        let at = observation::effective_time(&parsed, lent.time.clone()).ok();
        assembler.reject_value(
            (of, at),
            (source, order),
            column(&located.path, &element),
            reason,
        );
        assembler.report_mut().cells_rejected += 1;
    }
    let reading = match observation::read(&parsed, test, lent.time.clone()) {
        Ok(Some(reading)) => reading,
        // `dataAbsentReason`: not measured, and no draw (counted as a row
        // with no value, as HL7's X is).
        Ok(None) => {
            assembler.report_mut().without_value += 1;
            let why = "has no value (dataAbsentReason)";
            unloaded.extend(unloaded_version(
                (at, source),
                located,
                &parsed,
                of.map(str::to_string),
                why,
            ));
            return None;
        }
        Err((element, reason)) => {
            // A value refused is a result of the draw at its time; a status
            // or a time refused is not.
            let drawn = (element == "valueQuantity")
                .then(|| observation::effective_time(&parsed, lent.time.clone()).ok())
                .flatten();
            let mut column = column(&located.path, element);
            let mut reason = reason;
            // A time borrowed from a report or panel is refused at the
            // lender's element, which holds it, not at this Observation's.
            if element.starts_with("effective")
                && lent.time.is_some()
                && context::time_of(&parsed).is_none()
                && let Some(lender) = &lent.time_from
            {
                column = self::column(&lender.path, element);
                reason = format!(
                    "the time of the {} listing it ({}) cannot be read: {reason}",
                    lender.kind,
                    lender_place(assembler, index, at, lender)
                );
            }
            assembler.reject_value((of, drawn), (source, order), column, reason);
            // A version of an Observation marked entered-in-error retracts
            // the result of its id read elsewhere in the group.
            let in_error = parsed.status.as_deref().map(str::trim) == Some("entered-in-error");
            if element == "status"
                && in_error
                && located.container.is_none()
                && let Some(id) = &located.id
            {
                retractions.push(Retraction {
                    id: id.clone(),
                    scope: Scope::Patient(patient_id.clone()),
                    source,
                    path: located.path.clone(),
                    version: observation::version_of(&parsed),
                    history: located.history,
                });
            } else {
                let why = "is refused (said there)";
                let patient = Some(patient_id.clone());
                unloaded.extend(unloaded_version(
                    (at, source),
                    located,
                    &parsed,
                    patient,
                    why,
                ));
            }
            return None;
        }
    };
    for (element, reason) in reading.warnings {
        assembler.warn_of(of, source, column(&located.path, element), reason);
    }
    // Its own references, else its report's (or panel's): which draw of
    // its instant it is, is told once every result is read
    // ([`draws::one_draw_per_sample`]).
    let own = |reference: &Option<resources::Reference>| {
        reference.as_ref().and_then(|r| r.reference.clone())
    };
    let sample = draws::Sample {
        specimen: own(&parsed.specimen)
            .or(lent.sample.specimen)
            .map(|written| index.sample_key(&written)),
        encounter: own(&parsed.encounter)
            .or(lent.sample.encounter)
            .map(|written| index.sample_key(&written)),
    };
    let observed = reading.observation;
    Some(LabResult {
        resource_id: located.id.clone().filter(|_| located.container.is_none()),
        patient_id,
        time: reading.time,
        draw_key: sample.key(),
        sample,
        single: Single {
            measure: observed.measure,
            value: observed.value,
            range: observed.range,
        },
        source,
        index: at.index as u32,
        status: parsed
            .status
            .as_deref()
            .map(str::trim)
            .unwrap_or_default()
            .to_string(),
        version: observation::version_of(&parsed),
        history: located.history.filter(|_| located.container.is_none()),
    })
}

/// The patient an Observation's subject (its own, else its lender's)
/// names, if any.
fn patient_of(
    index: &Index,
    at: At,
    located: &Located<'_>,
    parsed: &resources::Observation<'_>,
) -> Option<String> {
    let subject = match parsed.subject.as_ref() {
        Some(subject) => reference_key(subject, at, located),
        None => index.lent_to(at, located).subject,
    };
    subject.and_then(|subject| index.patient_id(&subject))
}

/// An Observation of the group that loads nothing (`why`), as a version
/// that replaces older ones of its id; none when contained (its id is
/// local) or without an id.
fn unloaded_version(
    (at, source): (At, Source),
    located: &Located<'_>,
    parsed: &resources::Observation<'_>,
    patient: Option<String>,
    why: &'static str,
) -> Option<versions::Unloaded> {
    let id = located.id.clone().filter(|_| located.container.is_none())?;
    Some(versions::Unloaded {
        id,
        patient,
        file: at.file,
        source,
        version: observation::version_of(parsed),
        why,
    })
}

/// Why a result that would borrow the patient or time two of its lenders
/// give differently is refused, and where: at the second lender's element
/// (as a borrowed time that cannot be read is), naming both.
fn contested(
    assembler: &RowLog,
    index: &Index,
    at: At,
    contest: &context::Contest,
) -> (Option<String>, String) {
    let patient = contest.element == "subject";
    let gives = |given: &str| match patient {
        true => format!("patient \"{}\"", crate::safe_text::printable(given)),
        false => crate::safe_text::printable(given).to_string(),
    };
    let unknown = match patient {
        true => "its patient",
        false => "its collection time",
    };
    let ((first, first_gives), (second, second_gives)) = (&contest.first, &contest.second);
    let reason = format!(
        "the {} listing it ({}) gives {} and the {} listing it ({}) {}: with none of its own, \
         {unknown} is unknown, and it is not loaded",
        first.kind,
        lender_place(assembler, index, at, first),
        gives(first_gives),
        second.kind,
        lender_place(assembler, index, at, second),
        gives(second_gives),
    );
    (column(&second.path, contest.element), reason)
}

/// Where a report or panel is, said from the Observation at `at` that it
/// lists: `line 2`, or `r.ndjson, line 1` in another file of the group.
fn lender_place(assembler: &RowLog, index: &Index, at: At, lender: &context::TimeLender) -> String {
    match index.log_files.get(lender.file) {
        Some(&log_file) if lender.file != at.file => {
            format!("{}, line {}", assembler.file_name(log_file), lender.line)
        }
        _ => format!("line {}", lender.line),
    }
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

/// Refuses a Patient's detail that differs from an earlier Patient's of
/// the same id, in the words of a CSV file's conflicting rows.
fn refuse_detail(
    assembler: &mut RowLog,
    located: &Located<'_>,
    (patient, at): (&str, DetailsAt),
    differs: &context::Differs,
) {
    let what = match differs.element {
        "gender" => "sex",
        "birthDate" => "birth date",
        _ => "name",
    };
    let (earlier_file, earlier_line) = (differs.earlier_at.file, differs.earlier_at.line);
    let place = if earlier_file == at.file {
        format!("line {earlier_line}")
    } else {
        format!(
            "line {earlier_line} of {}",
            assembler.file_name(earlier_file)
        )
    };
    let reason = format!(
        "{what} {} conflicts with {} on {place} for the same patient (the earlier is kept)",
        differs.later, differs.earlier
    );
    let source = Source {
        file: at.file,
        line: at.line,
    };
    assembler.reject_of(
        Some(patient),
        source,
        u64::from(at.fhir_index.unwrap_or_default()),
        column(&located.path, differs.element),
        reason,
    );
    assembler.report_mut().cells_rejected += 1;
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
