//! FHIR R4 Bundles in JSON (`collection`, `transaction`, any type), as
//! Synthea writes them: the third input shape.
//!
//! Only Patient and Observation resources are read; every other resource is
//! passed over and not counted. Each Patient and each Observation counts as
//! one row of the load report: an Observation of a test outside the CBC is
//! `ignored`; one that cannot load is rejected with a location:
//!
//! - `line`: the physical line where the resource's `{` stands, found from
//!   the resource's byte offset in the file (serde hands each resource over
//!   as a slice of the file's text, so this costs one pass of counting
//!   newlines);
//! - `column`: a path to the element at fault, `entry[12].resource.valueQuantity`
//!   (the entry's index in `Bundle.entry`, from 0).
//!
//! `patient_id` is the Patient's `id`; an Observation's `subject`
//! (`urn:uuid:<id>`, `Patient/<id>`, or the `fullUrl` of a Patient entry)
//! links it. Observations of one patient at one time and one specimen (else
//! encounter) form one draw, as the CSV's ENCOUNTER column does.

mod observation;
mod patient;
mod resources;

use crate::ingest::FileProblem;
use crate::ingest::assembler::entries::{Facts, LogRow, Single, Source};
use crate::ingest::assembler::patients::id_hash;
use crate::ingest::assembler::{FileColumns, RowLog, TooLarge, observation_order};

use self::resources::{Bundle, Kind};

/// Where a resource is, in the bundle and in the file.
struct Located<'a> {
    /// Index in `Bundle.entry`.
    index: usize,
    /// Physical line of the resource's first byte.
    line: u64,
    /// The resource's text.
    text: &'a str,
}

/// Reads one bundle's Patients and Observations into the assembler.
pub fn read_bundle(assembler: &mut RowLog, name: &str, text: &str) -> Result<(), FileProblem> {
    let bundle: Bundle<'_> = serde_json::from_str(text)
        .map_err(|error| FileProblem(format!("could not be read as JSON: {error}")))?;
    match bundle.resource_type.as_deref() {
        Some("Bundle") => {}
        Some(other) => {
            return Err(FileProblem(format!(
                "expected a FHIR R4 Bundle; the file holds a {other}"
            )));
        }
        None => {
            return Err(FileProblem(
                "expected a FHIR R4 Bundle (JSON with \"resourceType\": \"Bundle\") or a CSV file"
                    .to_string(),
            ));
        }
    }
    let file = assembler.begin_file(name.to_string(), FileColumns::Fhir);
    let mut lines = LineCounter::new(text);
    let mut patients = patient::Patients::default();
    let mut observations = Vec::new();
    let mut rows = 0u64;
    for (index, entry) in bundle.entry.iter().enumerate() {
        let Some(raw) = entry.resource else { continue };
        let located = Located {
            index,
            line: lines.line_of(raw.get()),
            text: raw.get(),
        };
        let source = Source {
            file,
            line: located.line,
        };
        let kind = serde_json::from_str::<Kind>(located.text).map(|kind| kind.resource_type);
        match kind.as_ref().map(|kind| kind.as_deref()) {
            Ok(Some("Patient")) => {
                rows += 1;
                if let Err((element, reason)) =
                    patients.add(located.text, entry.full_url.as_deref())
                {
                    assembler.reject(source, index as u64, Some(pointer(index, element)), reason);
                }
            }
            Ok(Some("Observation")) => {
                rows += 1;
                observations.push(located);
            }
            Ok(_) => {}
            Err(error) => {
                rows += 1;
                assembler.reject(
                    source,
                    index as u64,
                    Some(pointer(index, "")),
                    describe(error),
                );
            }
        }
    }
    for located in observations {
        read_observation(assembler, file, &patients, &located)
            .map_err(|too_large| FileProblem(too_large.reason()))?;
    }
    // Patients are read before observations: the log puts this file's
    // rejections back in line order (Patients first on a shared line), as
    // the report promises.
    assembler.report_mut().rows_read += rows;
    Ok(())
}

/// Reads one Observation and merges it into its patient's draw, or records
/// why it is ignored or rejected.
fn read_observation(
    assembler: &mut RowLog,
    file: u32,
    patients: &patient::Patients,
    located: &Located<'_>,
) -> Result<(), TooLarge> {
    let source = Source {
        file,
        line: located.line,
    };
    let order = observation_order(located.index as u32);
    let reject = |assembler: &mut RowLog, element: &str, reason: String| {
        assembler.reject(source, order, Some(pointer(located.index, element)), reason);
        Ok(())
    };
    let parsed: resources::Observation<'_> = match serde_json::from_str(located.text) {
        Ok(parsed) => parsed,
        Err(error) => return reject(assembler, "", describe(&error)),
    };
    let test = match observation::test_of(&parsed) {
        Ok(Some(test)) => test,
        Ok(None) => {
            assembler.report_mut().ignored += 1;
            return Ok(());
        }
        Err((element, reason)) => return reject(assembler, element, reason),
    };
    let patient_id = match patients.subject_id(parsed.subject.as_ref()) {
        Ok(id) => id,
        Err(reason) => return reject(assembler, "subject", reason),
    };
    let reading = match observation::read(&parsed, test) {
        Ok(reading) => reading,
        Err((element, reason)) => return reject(assembler, element, reason),
    };
    let info = patients.info(&patient_id);
    let draw_key = parsed
        .specimen
        .as_ref()
        .or(parsed.encounter.as_ref())
        .and_then(|reference| reference.reference.as_deref());
    let row = LogRow {
        patient: patient_id.as_bytes(),
        patient_hash: id_hash(patient_id.as_bytes()),
        name: info
            .and_then(|info| info.name.as_deref())
            .map(str::as_bytes),
        sex: info.and_then(|info| info.sex),
        birth: info.and_then(|info| info.birth_date),
        time: reading.time,
        specimen: draw_key.map(str::as_bytes),
        facts: Facts::Single(reading.observation.map(|o| Single {
            measure: o.measure,
            value: o.value,
            range: o.range,
        })),
    };
    // Conflicts with earlier rows are found when every file is read, and
    // named by the element at fault (`valueQuantity`, `subject`).
    assembler.add(&row, source, Some(located.index as u32))
}

/// `entry[12].resource`, `entry[12].resource.valueQuantity`.
fn pointer(index: usize, element: &str) -> String {
    if element.is_empty() {
        format!("entry[{index}].resource")
    } else {
        format!("entry[{index}].resource.{element}")
    }
}

/// serde's message without its position (which counts from the resource's
/// start, not the file's).
fn describe(error: &serde_json::Error) -> String {
    let text = error.to_string();
    match text.rfind(" at line ") {
        Some(cut) => format!("not a valid resource: {}", &text[..cut]),
        None => format!("not a valid resource: {text}"),
    }
}

/// Counts lines up to each resource, once through the file.
struct LineCounter<'a> {
    text: &'a str,
    offset: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str) -> LineCounter<'a> {
        LineCounter {
            text,
            offset: 0,
            line: 1,
        }
    }

    /// The line where `part` (a slice of the text, at or after the last
    /// one asked about) starts.
    fn line_of(&mut self, part: &str) -> u64 {
        let start = (part.as_ptr() as usize)
            .saturating_sub(self.text.as_ptr() as usize)
            .min(self.text.len());
        if start >= self.offset {
            let newlines = self.text.as_bytes()[self.offset..start]
                .iter()
                .filter(|&&byte| byte == b'\n')
                .count();
            self.line += newlines as u64;
            self.offset = start;
        }
        self.line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_count_from_one_as_resources_are_met() {
        let text = "{\n  \"a\": {\n\n  \"b\": 1\n}\n}";
        let mut lines = LineCounter::new(text);
        let a = text.find("{\n\n").unwrap();
        let b = text.find("\"b\"").unwrap();
        assert_eq!(lines.line_of(text), 1);
        assert_eq!(lines.line_of(&text[a..]), 2);
        assert_eq!(lines.line_of(&text[b..]), 4);
    }
}
