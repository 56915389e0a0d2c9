//! Events attached to the patients of a dataset once every file is read.

use crate::model::event::Event;
use crate::model::load_report::Rejection;

use super::{Dataset, Patient};

/// One event as an events file gave it, before it is attached.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PatientEvent {
    /// The patient's id as written.
    pub patient: String,
    /// The event.
    pub event: Event,
    /// The file it came from, as named.
    pub file: String,
    /// Its physical line.
    pub line: u64,
}

impl Dataset {
    /// The patient's events, by time (input order on a tie); empty when none.
    pub fn events(&self, patient: &Patient) -> &[Event] {
        self.events.get(&patient.id).map_or(&[], Vec::as_slice)
    }

    /// How many events all patients have together.
    pub fn event_count(&self) -> usize {
        self.events.values().map(Vec::len).sum()
    }

    /// Attaches events to their patients. An event of a patient with no
    /// draw is not shown anywhere, so it is named as a warning (once per
    /// patient, at its first line) rather than dropped silently.
    pub(crate) fn attach_events(&mut self, events: Vec<PatientEvent>) {
        let mut unmatched: Vec<PatientEvent> = Vec::new();
        for given in events {
            if self.patient(&given.patient).is_some() {
                self.events
                    .entry(given.patient)
                    .or_default()
                    .push(given.event);
            } else if !unmatched.iter().any(|u| u.patient == given.patient) {
                unmatched.push(given);
            }
        }
        for list in self.events.values_mut() {
            list.sort_by_key(|event| event.at.instant());
        }
        if unmatched.is_empty() {
            return;
        }
        for given in unmatched {
            let reason = format!(
                "events of patient {:?}, who has no blood count loaded: not shown",
                given.patient
            );
            let warning = Rejection::new(given.file, given.line, None, reason);
            self.report.warnings.push(warning.of(Some(&given.patient)));
        }
        self.report.warnings.sort_in_file_order(&self.report.files);
    }
}
