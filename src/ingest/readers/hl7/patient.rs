//! The patient a message's results belong to: its PID segment read
//! (identifier, name, birth date, sex).

use crate::ingest::time::parse_time;
use crate::model::{Sex, Timestamp};

use super::Reader;
use super::grammar::{Segment, Separators, component, iso_time, split, text};

/// Who a PID names, and on which line.
#[derive(Clone)]
pub(super) struct Patient {
    pub(super) line: u64,
    pub(super) id: String,
    pub(super) name: Option<String>,
    pub(super) sex: Option<Sex>,
    pub(super) birth: Option<Timestamp>,
}

impl Reader<'_> {
    /// PID-3, -5, -7 and -8; `None` (rejected) without an identifier.
    pub(super) fn read_pid(
        &mut self,
        segment: &Segment<'_>,
        separators: &Separators,
    ) -> Option<Patient> {
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
}
