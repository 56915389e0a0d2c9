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
mod result;

use std::collections::HashMap;

use crate::ingest::FileProblem;
use crate::ingest::assembler::entries::{DetailsAt, Facts, LogRow, Single, Source};
use crate::ingest::assembler::patients::id_hash;
use crate::ingest::assembler::{FileColumns, RowLog};
use crate::ingest::rows::Measure;
use crate::ingest::time::parse_time;
use crate::model::{Sex, Timestamp};

use self::grammar::{Segment, Separators, component, iso_time, split, text};
use self::result::{Outcome, Status, read_obx};
use super::standing::{Later, Standing, later_result};

/// Who a PID names, and on which line.
#[derive(Clone)]
struct Patient {
    line: u64,
    id: String,
    name: Option<String>,
    sex: Option<Sex>,
    birth: Option<Timestamp>,
}

/// One OBX read, waiting for its order's time (SPM follows the OBX).
struct Pending {
    line: u64,
    /// The result, or why its value is refused: a refused value is listed
    /// once the order's time is known, as a result of that draw.
    outcome: std::result::Result<Outcome, result::Refusal>,
    observed_at: String,
}

/// The order being read: its OBR and SPM times and its OBX segments.
#[derive(Default)]
struct Order {
    obr_time: String,
    /// The OBR's line, to name it when its time cannot be read.
    obr_line: u64,
    /// The SPM's line, likewise.
    spm_line: u64,
    spm_time: String,
    results: Vec<Pending>,
}

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

    /// PID-3, -5, -7 and -8; `None` (rejected) without an identifier.
    fn read_pid(&mut self, segment: &Segment<'_>, separators: &Separators) -> Option<Patient> {
        let source = self.source(segment.line);
        let identifiers: Vec<(String, String)> =
            split(segment.field(separators, 3), separators.repetition)
                .map(|cx| {
                    let part = |n: usize| {
                        let first = split(cx, separators.component)
                            .nth(n - 1)
                            .unwrap_or_default();
                        text(first, separators)
                    };
                    (part(1), part(5))
                })
                .filter(|(id, _)| !id.is_empty())
                .collect();
        let id = identifiers
            .iter()
            .find(|(_, kind)| kind.eq_ignore_ascii_case("MR"))
            .or_else(|| identifiers.first())
            .map(|(id, _)| id.clone());
        let Some(id) = id else {
            let reason = "no patient identifier: its results cannot be placed".to_string();
            self.assembler
                .reject(source, 0, Some("PID-3".to_string()), reason);
            return None;
        };
        // As in a CSV file: an id holding control or invisible characters
        // is damaged input, not a patient anyone could tell apart on screen.
        if crate::safe_text::id_unreadable(&id) {
            let reason = format!(
                "patient id \"{}\" holds control or invisible characters: its results cannot be placed",
                crate::safe_text::shown_id(&id)
            );
            self.assembler
                .reject(source, 0, Some("PID-3".to_string()), reason);
            return None;
        }
        // The legal name (type `L`, XPN.7) among the repetitions, else the
        // first: a maiden or alias name written first is not the name.
        let names = segment.field(separators, 5);
        let name_field = split(names, separators.repetition)
            .find(|name| text(component(name, separators, 7), separators).eq_ignore_ascii_case("L"))
            .unwrap_or(names);
        let part = |n: usize| text(component(name_field, separators, n), separators);
        let given: Vec<String> = [part(2), part(3)]
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect();
        let family = part(1);
        let name = match (family.is_empty(), given.is_empty()) {
            (true, true) => None,
            (false, true) => Some(family),
            (true, false) => Some(given.join(" ")),
            (false, false) => Some(format!("{family}, {}", given.join(" "))),
        };
        let birth_text = text(
            component(segment.field(separators, 7), separators, 1),
            separators,
        );
        let birth = if birth_text.is_empty() {
            None
        } else {
            let found =
                iso_time(&birth_text).map(|written| parse_time(&written[..written.len().min(10)]));
            let parsed = found.clone().and_then(Result::ok);
            if parsed.is_none() {
                let reason = match found {
                    Some(Err(_)) => format!(
                        "birth date \"{birth_text}\" is not a date that exists; the name and sex still load"
                    ),
                    _ => format!(
                        "birth date \"{birth_text}\" is not YYYYMMDD; the name and sex still load"
                    ),
                };
                let column = Some("PID-7".to_string());
                self.assembler
                    .reject_of(Some(&id), source, 0, column, reason);
                // A cell refused alone, as a CSV row's or a FHIR
                // Patient's birth date is: the PID's other fields load.
                self.assembler.report_mut().cells_rejected += 1;
            }
            parsed
        };
        // `M`, `F`, and the words a CSV file's sex takes (`female`), so
        // that one patient has one sex in every format. Other, unknown: no
        // information, as an empty PID-8.
        let sex = crate::ingest::rows::parse_sex(&text(
            component(segment.field(separators, 8), separators, 1),
            separators,
        ));
        // Its details fill in what other files leave out of this patient,
        // as a patients table's do, whether or not a CBC result follows
        // here (a message of other tests still names its patient).
        self.assembler.join_details(crate::model::PatientInfo {
            id: id.clone(),
            name: name.clone(),
            sex: sex.unwrap_or(Sex::Unknown),
            birth_date: birth,
            birth_approximate: false,
        });
        Some(Patient {
            line: segment.line,
            id,
            name,
            sex,
            birth,
        })
    }

    /// Places the order's results at its time, replacing or withdrawing
    /// earlier results of the same draw and test.
    fn finish_order(&mut self, order: Order, _separators: &Separators) {
        for pending in order.results {
            let source = self.source(pending.line);
            let (field, written) = [
                ("OBR-7", &order.obr_time),
                ("SPM-17", &order.spm_time),
                ("OBX-14", &pending.observed_at),
            ]
            .into_iter()
            .find(|(_, written)| !written.is_empty())
            .unwrap_or(("OBR-7", &order.obr_time));
            let outcome = match pending.outcome {
                Ok(outcome) => outcome,
                // Refused, of the message's patient; a value refused (its
                // type, number or unit, not its status) is a result of the
                // order's draw, where its time can be read.
                Err((refused, reason)) => {
                    let of = self.patient.as_deref().map(|patient| patient.id.as_str());
                    let at = matches!(refused, "OBX-2" | "OBX-5" | "OBX-6")
                        .then(|| iso_time(written).and_then(|iso| parse_time(&iso).ok()))
                        .flatten();
                    let column = Some(refused.to_string());
                    self.assembler
                        .reject_value((of, at), (source, 0), column, reason);
                    continue;
                }
            };
            let Some(patient) = self.patient.clone() else {
                let reason = match self.refused_pid {
                    Some(line) => format!(
                        "its PID segment (line {line}) was refused: the result cannot be placed"
                    ),
                    None => {
                        "no PID segment with a patient identifier before this result".to_string()
                    }
                };
                self.assembler
                    .reject(source, 0, Some("PID-3".to_string()), reason);
                continue;
            };
            if written.is_empty() {
                let reason = "no collection time in OBR-7, SPM-17 or OBX-14".to_string();
                let column = Some("OBR-7".to_string());
                self.assembler
                    .reject_of(Some(&patient.id), source, 0, column, reason);
                continue;
            }
            let time = match iso_time(written).map(|iso| parse_time(&iso)) {
                Some(Ok(time)) => time,
                found => {
                    // The order's time is its OBR's or SPM's: said with
                    // that segment's line, at each result it leaves
                    // without a time.
                    let segment = match field {
                        "OBR-7" => format!(" (the OBR on line {})", order.obr_line),
                        "SPM-17" => format!(" (the SPM on line {})", order.spm_line),
                        _ => String::new(),
                    };
                    let what = match found {
                        // The shape is right, the date is not one.
                        Some(Err(_)) => "is not a date and time that exists".to_string(),
                        _ => "is not YYYYMMDD[HH[MM[SS[.S]]]] with an optional +/-ZZZZ (a fraction only of a second)".to_string(),
                    };
                    let reason = format!("time \"{written}\"{segment} {what}");
                    let column = Some(field.to_string());
                    self.assembler
                        .reject_of(Some(&patient.id), source, 0, column, reason);
                    continue;
                }
            };
            self.place(pending.line, patient, time, outcome);
        }
    }

    fn place(
        &mut self,
        line: u64,
        patient: std::rc::Rc<Patient>,
        time: Timestamp,
        outcome: Outcome,
    ) {
        let (measure, result) = match outcome {
            Outcome::Value(result) => (result.measure, Ok(result)),
            Outcome::Withdraws(measure, letter) => (measure, Err(letter)),
            Outcome::Ignored | Outcome::NoResult => return,
        };
        let key = (patient.id.clone(), time.instant(), measure);
        let earlier = self
            .group
            .by_test
            .get(&key)
            .copied()
            .and_then(|at| Some((at, self.group.kept.get(at)?.as_ref()?)));
        let result = match result {
            Ok(result) => result,
            // D or W: the earlier result is withdrawn, and the load says so
            // (it was sent as a result, and is no longer shown).
            Err(letter) => {
                // A withdrawal carries no value: a row with no value, never
                // counted as loaded.
                self.assembler.report_mut().without_value += 1;
                // Every result of this patient, instant and test kept so
                // far: two finals of one test (the duplicates rule's) are
                // both withdrawn.
                let withdrawn: Vec<usize> = self
                    .group
                    .every
                    .remove(&key)
                    .unwrap_or_default()
                    .into_iter()
                    .filter(|&at| self.group.kept.get(at).is_some_and(Option::is_some))
                    .collect();
                let column = Some("OBX-11".to_string());
                if withdrawn.is_empty() {
                    // Nothing of its test before it in the HL7 messages read
                    // so far: a result after it, or in a file of another
                    // kind, is not withdrawn, and the load says so.
                    let reason = format!(
                        "status {letter} withdraws the {measure} result, but none of this patient, time and test comes before it in the HL7 messages read: any other stays loaded"
                    );
                    self.assembler
                        .warn_of(Some(&patient.id), self.source(line), column, reason);
                    return;
                }
                let values: Vec<String> = withdrawn
                    .iter()
                    .filter_map(|&at| self.group.kept[at].as_ref())
                    .map(|kept| {
                        let value = kept.result.value.shown_text().unwrap_or_default();
                        if kept.file == self.file {
                            format!("{value} of line {}", kept.line)
                        } else {
                            let file = self.assembler.file_name(kept.file);
                            format!("{value} of line {} of {file}", kept.line)
                        }
                    })
                    .collect();
                let reason = match values.as_slice() {
                    [one] => format!(
                        "status {letter} withdraws the {measure} result {one}: it is not loaded"
                    ),
                    many => format!(
                        "status {letter} withdraws the {measure} results {}: they are not loaded",
                        many.join(", ")
                    ),
                };
                self.assembler
                    .warn_of(Some(&patient.id), self.source(line), column, reason);
                for at in withdrawn {
                    self.group.kept[at] = None;
                }
                self.group.by_test.remove(&key);
                return;
            }
        };
        let standing = |status: Status| status.standing().unwrap_or(Standing::Final);
        match earlier.map(|(at, kept)| {
            let later = later_result(standing(kept.result.status), standing(result.status));
            (at, later)
        }) {
            // A final result after its correction, or a preliminary one
            // after its final: the earlier stands.
            Some((_, Later::Superseded)) => return,
            // It replaces every earlier result of its draw and test: both
            // of two finals that a correction follows.
            Some((_, Later::Replaces)) => {
                for at in self.group.every.remove(&key).unwrap_or_default() {
                    if let Some(kept) = self.group.kept.get_mut(at) {
                        *kept = None;
                    }
                }
                self.group
                    .by_test
                    .insert(key.clone(), self.group.kept.len());
            }
            Some((_, Later::Both)) => {}
            None => {
                self.group
                    .by_test
                    .insert(key.clone(), self.group.kept.len());
            }
        }
        self.group
            .every
            .entry(key)
            .or_default()
            .push(self.group.kept.len());
        self.group.kept.push(Some(Kept {
            file: self.file,
            line,
            patient,
            time,
            result,
        }));
    }
}
