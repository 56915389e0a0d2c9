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

/// Notes of implausible draws, in patient then draw order.
#[derive(Debug, Default)]
pub(super) struct ImplausibleDraws {
    /// The load's files by number.
    files: Vec<String>,
    /// The ids of the patients noted, by number.
    ids: Vec<String>,
    notes: Vec<DrawNote>,
}

impl ImplausibleDraws {
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

    /// Lets the notes' list go of the room it grew into.
    pub(super) fn shrink_to_fit(&mut self) {
        self.notes.shrink_to_fit();
    }

    pub(super) fn is_empty(&self) -> bool {
        self.notes.is_empty()
    }

    /// These notes then `later`'s (of later patients), with the load's
    /// `files`, held at their size.
    pub(super) fn join(mut self, later: ImplausibleDraws, files: Vec<String>) -> ImplausibleDraws {
        let offset = self.ids.len() as u32;
        // Each list cut to its size before the two are joined: a million
        // notes are 56 MB, and a list grown by doubling holds up to twice.
        self.notes.shrink_to_fit();
        self.notes.reserve_exact(later.notes.len());
        self.notes
            .extend(later.notes.into_iter().map(|note| DrawNote {
                patient: note.patient + offset,
                ..note
            }));
        self.ids.extend(later.ids);
        self.ids.shrink_to_fit();
        ImplausibleDraws { files, ..self }
    }
}

impl Unworded for ImplausibleDraws {
    fn count(&self) -> usize {
        self.notes.len()
    }

    fn word(&self) -> Vec<Rejection> {
        let word = |notes: &[DrawNote]| -> Vec<Rejection> {
            notes
                .iter()
                .map(|note| note.word(&self.files, &self.ids))
                .collect()
        };
        // Half on another thread for many (each reason is a few
        // allocations and decimals written).
        if self.notes.len() < 1 << 16 {
            return word(&self.notes);
        }
        let (low, high) = self.notes.split_at(self.notes.len() / 2);
        let (mut low, high) = std::thread::scope(|scope| {
            let high = scope.spawn(|| word(high));
            (word(low), high.join())
        });
        // A panic there is a bug: carried on here.
        low.extend(high.unwrap_or_else(|panic| std::panic::resume_unwind(panic)));
        low
    }
}
