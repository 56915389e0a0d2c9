//! The warnings of implausible draws (`clinical.md` §11), noted at the end
//! of a load and worded when the warnings are first listed: `summary` only
//! counts them, and a file whose every row is implausible has a million.

use crate::clinical::Implausible;
use crate::model::{Rejection, Timestamp, Unworded};

/// What a draw's note says.
#[derive(Debug)]
pub(super) enum Finding {
    /// Drawn before the birth date: the reason, worded once for the patient.
    BornAfter(Box<str>),
    /// Values that cannot all be right.
    Implausible(Implausible),
}

/// One warning, not yet worded.
#[derive(Debug)]
pub(super) struct DrawNote {
    /// The file's number in the load (its place in [`ImplausibleDraws`]'s
    /// names).
    file: u32,
    line: u64,
    /// The patient's number in [`ImplausibleDraws`]'s ids: a draw's note
    /// holds no copy of the id.
    patient: u32,
    at: Timestamp,
    finding: Finding,
}

impl DrawNote {
    pub(super) fn new(
        (file, line): (u32, u64),
        patient: u32,
        at: Timestamp,
        finding: Finding,
    ) -> DrawNote {
        DrawNote {
            file,
            line,
            patient,
            at,
            finding,
        }
    }

    fn word(&self, files: &[String], ids: &[String]) -> Rejection {
        let file = files.get(self.file as usize).cloned().unwrap_or_default();
        let id = ids.get(self.patient as usize).map_or("", String::as_str);
        let reason = match &self.finding {
            Finding::BornAfter(reason) => reason.to_string(),
            Finding::Implausible(found) => {
                format!("patient {id}, {}: {}", self.at, found.reason())
            }
        };
        Rejection::new(file, self.line, None, reason)
            .of(Some(id))
            .at(Some(self.at))
    }
}

/// Notes of implausible draws of some patients, in patient then draw order.
#[derive(Debug, Default)]
pub(super) struct Notes {
    /// The ids of the patients noted, by number.
    ids: Vec<String>,
    notes: Vec<DrawNote>,
}

impl Notes {
    /// A patient's number for their notes: a new one unless they are the
    /// last one noted.
    pub(super) fn patient(&mut self, id: &str) -> u32 {
        if self.ids.last().is_none_or(|last| last != id) {
            self.ids.push(id.to_string());
        }
        self.ids.len() as u32 - 1
    }

    pub(super) fn push(&mut self, note: DrawNote) {
        self.notes.push(note);
    }

    /// Lets the lists go of the room they grew into (a list grown by
    /// doubling holds up to twice its notes, of 56 bytes each).
    pub(super) fn shrink_to_fit(&mut self) {
        self.notes.shrink_to_fit();
        self.ids.shrink_to_fit();
    }

    pub(super) fn is_empty(&self) -> bool {
        self.notes.is_empty()
    }

    fn word(&self, files: &[String]) -> Vec<Rejection> {
        self.notes
            .iter()
            .map(|note| note.word(files, &self.ids))
            .collect()
    }
}

/// A load's implausible draws: lists of notes of patients in id order,
/// each kept as it was made (joining two would copy them all).
#[derive(Debug)]
pub(super) struct ImplausibleDraws {
    /// The load's files by number.
    files: Vec<String>,
    parts: Vec<Notes>,
}

impl ImplausibleDraws {
    pub(super) fn new(files: Vec<String>, parts: Vec<Notes>) -> ImplausibleDraws {
        ImplausibleDraws { files, parts }
    }
}

impl Unworded for ImplausibleDraws {
    fn count(&self) -> usize {
        self.parts.iter().map(|part| part.notes.len()).sum()
    }

    fn word(&self) -> Vec<Rejection> {
        // Each list on a thread of its own for many (each reason is a few
        // allocations and decimals written).
        let worded: Vec<Vec<Rejection>> = if self.count() < 1 << 16 {
            self.parts
                .iter()
                .map(|part| part.word(&self.files))
                .collect()
        } else {
            std::thread::scope(|scope| {
                let threads: Vec<_> = self
                    .parts
                    .iter()
                    .map(|part| scope.spawn(|| part.word(&self.files)))
                    .collect();
                threads
                    .into_iter()
                    // A panic there is a bug: carried on here.
                    .map(|thread| {
                        thread
                            .join()
                            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                    })
                    .collect()
            })
        };
        // Joined into the first list, which grows in place where it can.
        let mut lists = worded.into_iter();
        let mut all = lists.next().unwrap_or_default();
        for list in lists {
            all.extend(list);
        }
        all
    }
}
