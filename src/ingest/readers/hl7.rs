//! HL7 v2 ORU^R01 result messages: the fourth input shape.
//!
//! A file may hold one message or many, in FHS/BHS batches or MLLP frames,
//! its segments ended by CR, LF or CRLF ([`grammar`]). Each segment is a
//! line of the load report (segments separated by CR count as lines).
//!
//! - Patient: PID-3 (the identifier of type MR, else the first), PID-5
//!   name, PID-7 birth date, PID-8 sex.
//! - Draw time: OBR-7, else SPM-17 (the order's specimen, which follows its
//!   OBX segments), else OBX-14. A draw is one patient's results at one
//!   collection time.
//! - Each PID and each OBX counts as one row (a PID is rejected without an
//!   identifier); an OBX is ignored when its test is not a CBC test,
//!   else read by [`result`]. A final (F) result replaces a preliminary (P)
//!   one of the same draw and test and a corrected (C) one what it
//!   corrects, whichever comes first ([`super::standing`]), in one file or
//!   across the HL7 files of a load (a [`Group`]: labs often send each
//!   message as a file of its own); D or W withdraws it, with a warning; X
//!   is no result.
//!
//! A rejection names the segment's line and the field at fault (`OBX-6`).

mod grammar;
mod order;
mod patient;
mod result;

use std::collections::HashMap;

use crate::ingest::FileProblem;
use crate::ingest::assembler::entries::{DetailsAt, Facts, LogRow, Single, Source};
use crate::ingest::assembler::patients::id_hash;
use crate::ingest::assembler::{FileColumns, RowLog};
use crate::ingest::rows::Measure;
use crate::model::Timestamp;

use self::grammar::{Separators, component, text};
use self::order::{Order, Pending};
use self::patient::Patient;
use self::result::{Outcome, read_obx};

/// A value to log, unless a later message replaces it.
struct Kept {
    file: u32,
    line: u64,
    patient: std::rc::Rc<Patient>,
    time: Timestamp,
    result: result::Result,
}

/// The results of a load's HL7 files, held until every file is read
/// ([`Group::log`]), so that a result replaces or withdraws one of another
/// file as it would one of its own, whatever files stand between them.
#[derive(Default)]
pub struct Group {
    kept: Vec<Option<Kept>>,
    /// By patient, instant and test: a correction that writes the draw's
    /// time with another offset (`080000-0500`, `130000+0000`) is of the
    /// same draw, as the assembler merges draws by instant.
    by_test: HashMap<(String, i64, Measure), usize>,
    /// Every result kept so far, by the same key: what a D or W withdraws
    /// (two finals of one test both), found without a search of the whole
    /// load's results.
    every: HashMap<(String, i64, Measure), Vec<usize>>,
    /// The last file read, to name if the results cannot be logged.
    last_file: String,
}

impl Group {
    /// Logs the results no later one replaced or withdrew, in the order
    /// they were read, and empties the group; a problem names its last
    /// file.
    pub fn log(&mut self, assembler: &mut RowLog) -> Result<(), (String, FileProblem)> {
        self.by_test.clear();
        self.every.clear();
        let kept = std::mem::take(&mut self.kept);
        for kept in kept.into_iter().flatten() {
            let patient = &kept.patient;
            let row = LogRow {
                patient: patient.id.as_bytes(),
                patient_hash: id_hash(patient.id.as_bytes()),
                name: patient.name.as_deref().map(str::as_bytes),
                sex: patient.sex,
                birth: patient.birth,
                time: kept.time,
                specimen: None,
                facts: Facts::Single(Some(Single {
                    measure: kept.result.measure,
                    value: kept.result.value,
                    range: kept.result.range,
                })),
                // A name that differs from an earlier message's is the PID
                // segment's, once, not each of its results'.
                details_at: Some(DetailsAt {
                    file: kept.file,
                    line: patient.line,
                    fhir_index: None,
                }),
            };
            let source = Source {
                file: kept.file,
                line: kept.line,
            };
            if let Err(too_large) = assembler.add(&row, source, None) {
                let file = std::mem::take(&mut self.last_file);
                return Err((file, FileProblem(too_large.reason())));
            }
        }
        Ok(())
    }
}

/// The state of a file's read.
struct Reader<'a> {
    assembler: &'a mut RowLog,
    file: u32,
    patient: Option<std::rc::Rc<Patient>>,
    /// The line of the message's PID when it was refused: its results are
    /// refused for that, not for a PID missing.
    refused_pid: Option<u64>,
    /// The results of this file and of the group's earlier files.
    group: &'a mut Group,
}

/// Reads one file of HL7 v2 messages into the assembler, its results into
/// `group` (logged when the group ends).
pub fn read_file(
    assembler: &mut RowLog,
    group: &mut Group,
    name: &str,
    bytes: &[u8],
) -> Result<(), FileProblem> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let segments = grammar::segments(bytes);
    if !segments.iter().any(|segment| segment.name() == b"MSH") {
        return Err(FileProblem(
            "no MSH segment: expected HL7 v2 messages (MSH|^~\\&|...)".to_string(),
        ));
    }
    // As a CSV file with a header but no rows: nothing in it to load, which
    // a count of rows "loaded" (its PIDs) would hide.
    if !segments.iter().any(|segment| segment.name() == b"OBX") {
        return Err(FileProblem(
            "no OBX segment: the messages hold no results; expected HL7 v2 result messages \
             (ORU^R01, a result in each OBX)"
                .to_string(),
        ));
    }
    let file = assembler.begin_file(name.to_string(), FileColumns::Hl7);
    group.last_file = name.to_string();
    let mut reader = Reader {
        assembler,
        file,
        patient: None,
        refused_pid: None,
        group,
    };
    let mut separators = Separators::default();
    let mut order = Order::default();
    let mut rows = 0u64;
    let mut unread = crate::ingest::unread_tests::UnreadTests::default();
    for segment in &segments {
        match segment.name() {
            b"MSH" | b"FHS" | b"BHS" => {
                reader.finish_order(std::mem::take(&mut order), &separators);
                separators = Separators::of_header(segment.bytes);
                if segment.name() == b"MSH" {
                    reader.patient = None;
                    reader.refused_pid = None;
                }
            }
            b"PID" => {
                rows += 1;
                reader.finish_order(std::mem::take(&mut order), &separators);
                reader.patient = reader.read_pid(segment, &separators).map(std::rc::Rc::new);
                reader.refused_pid = reader.patient.is_none().then_some(segment.line);
            }
            b"OBR" => {
                reader.finish_order(std::mem::take(&mut order), &separators);
                order.obr_line = segment.line;
                order.obr_time = text(
                    component(segment.field(&separators, 7), &separators, 1),
                    &separators,
                );
            }
            b"SPM" if order.spm_time.is_empty() => {
                order.spm_line = segment.line;
                order.spm_time = text(
                    component(segment.field(&separators, 17), &separators, 1),
                    &separators,
                );
            }
            b"OBX" => {
                rows += 1;
                let source = reader.source(segment.line);
                let mut warnings = Vec::new();
                let outcome = read_obx(segment, &separators, &mut |field, reason| {
                    warnings.push((field, reason));
                });
                // The message's patient, as its PID named them.
                let patient = reader.patient.clone();
                let of = patient.as_deref().map(|patient| patient.id.as_str());
                for (field, reason) in warnings {
                    reader
                        .assembler
                        .warn_of(of, source, Some(field.to_string()), reason);
                }
                match outcome {
                    Ok(Outcome::Ignored) => {
                        reader.assembler.report_mut().ignored += 1;
                        // A blood count under the lab's own code would be
                        // lost without a word.
                        let code = segment.field(&separators, 3);
                        if let Some(name) = result::local_count_name(code, &separators) {
                            unread.note(&name, source, 1);
                        }
                    }
                    // X: no result, counted as a row with no value, never
                    // as loaded.
                    Ok(Outcome::NoResult) => reader.assembler.report_mut().without_value += 1,
                    outcome => order.results.push(Pending {
                        line: segment.line,
                        outcome,
                        // Its first component, as OBR-7's and SPM-17's
                        // (`202403020830^M` gives its precision after).
                        observed_at: text(
                            component(segment.field(&separators, 14), &separators, 1),
                            &separators,
                        ),
                    }),
                }
            }
            // Any other segment holds nothing hemotrend reads; a line that
            // is no segment at all may be the rest of one cut in two.
            name if !is_segment(name, segment.bytes, separators.field) => {
                let of = reader.patient.as_deref().map(|patient| patient.id.as_str());
                let source = reader.source(segment.line);
                reader
                    .assembler
                    .warn_of(of, source, None, NOT_A_SEGMENT.to_string());
            }
            _ => {}
        }
    }
    reader.finish_order(order, &separators);
    for (name, source, rows) in unread.iter() {
        let reason = crate::ingest::unread_tests::coded_reason(name, rows);
        reader
            .assembler
            .warn(source, Some("OBX-3".to_string()), reason);
    }
    assembler_rows(reader.assembler, rows);
    Ok(())
}

/// What is said of a line that is no segment.
const NOT_A_SEGMENT: &str = "not an HL7 segment (a segment starts with its three-character name, \
     such as OBX, and the field separator): the line is passed over; if it continues the line \
     above, that segment was cut in two";

/// A segment's start: a name of three capital letters or digits, the first
/// a letter (`OBX`, `ZPD`), then the field separator or nothing.
fn is_segment(name: &[u8], bytes: &[u8], field: u8) -> bool {
    let named = match name {
        [first, rest @ ..] if rest.len() == 2 => {
            first.is_ascii_uppercase()
                && rest
                    .iter()
                    .all(|byte| byte.is_ascii_uppercase() || byte.is_ascii_digit())
        }
        _ => false,
    };
    named && bytes.get(3).is_none_or(|&byte| byte == field)
}

fn assembler_rows(assembler: &mut RowLog, rows: u64) {
    assembler.report_mut().rows_read += rows;
}

impl Reader<'_> {
    fn source(&self, line: u64) -> Source {
        Source {
            file: self.file,
            line,
        }
    }
}
