//! An order's results (OBR, SPM and OBX segments) placed at its draw's
//! time, each replacing or withdrawing earlier results of its draw and test.

use crate::ingest::readers::standing::{Later, Standing, later_result};
use crate::ingest::time::parse_time;
use crate::model::Timestamp;

use super::grammar::{Separators, iso_time};
use super::patient::Patient;
use super::result::{self, Outcome, Status};
use super::{Kept, Reader};

/// One OBX read, waiting for its order's time (SPM follows the OBX).
pub(super) struct Pending {
    pub(super) line: u64,
    /// The result, or why its value is refused: a refused value is listed
    /// once the order's time is known, as a result of that draw.
    pub(super) outcome: std::result::Result<Outcome, result::Refusal>,
    pub(super) observed_at: String,
}

/// The order being read: its OBR and SPM times and its OBX segments.
#[derive(Default)]
pub(super) struct Order {
    pub(super) obr_time: String,
    /// The OBR's line, to name it when its time cannot be read.
    pub(super) obr_line: u64,
    /// The SPM's line, likewise.
    pub(super) spm_line: u64,
    pub(super) spm_time: String,
    pub(super) results: Vec<Pending>,
}

impl Reader<'_> {
    /// Places the order's results at its time, replacing or withdrawing
    /// earlier results of the same draw and test.
    pub(super) fn finish_order(&mut self, order: Order, _separators: &Separators) {
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
                self.assembler.report_mut().replaced += withdrawn.len() as u64;
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
            Some((_, Later::Superseded)) => {
                self.assembler.report_mut().replaced += 1;
                return;
            }
            // It replaces every earlier result of its draw and test: both
            // of two finals that a correction follows.
            Some((_, Later::Replaces)) => {
                for at in self.group.every.remove(&key).unwrap_or_default() {
                    if let Some(kept) = self.group.kept.get_mut(at)
                        && kept.take().is_some()
                    {
                        self.assembler.report_mut().replaced += 1;
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
