//! One Observation of a group read as one row of the load: its result,
//! or why it is ignored or rejected, and what it leaves for later (a
//! retraction, a test under a local code, a version that loads nothing).

use crate::ingest::assembler::entries::{Single, Source};
use crate::ingest::assembler::{RowLog, observation_order};
use crate::ingest::unread_tests::UnreadTests;

use super::collect::{self, Located};
use super::context::{self, At, Index, reference_key};
use super::lab_result::LabResult;
use super::retraction::{Retraction, Scope};
use super::{column, draws, invalid, observation, resources, versions};

/// What reading the Observations gathers for later: retractions, tests
/// read under local codes, and versions that load nothing.
pub(super) type Gathered<'a> = (
    &'a mut Vec<Retraction>,
    &'a mut UnreadResults,
    &'a mut Vec<versions::Unloaded>,
);

/// Observations named like a blood count under a local code, by name:
/// where each was first met (its resource and element) and how many.
type UnreadResults = UnreadTests<(Source, usize, observation::NamedAt)>;

/// Reads one Observation and merges it into its patient's draw, or records
/// why it is ignored or rejected.
pub(super) fn read_observation(
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
