//! What was done to a patient besides drawing blood: transfusions, the start
//! of a treatment, a transplant (DESIGN.md "Events").

use std::fmt;

use super::timestamp::Timestamp;

/// The kinds of event an events file may name; any other is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EventKind {
    /// Red-cell units given.
    RbcTransfusion,
    /// Platelet units given.
    PlateletTransfusion,
    /// Start of immunosuppressive therapy (hATG + ciclosporin, say).
    Ist,
    /// Start of eltrombopag.
    Eltrombopag,
    /// Granulocyte colony-stimulating factor.
    GCsf,
    /// Day 0 of a haematopoietic stem-cell transplant.
    Hsct,
    /// Day 1 of a chemotherapy cycle.
    Chemotherapy,
    /// Anything else, described by its note.
    Other,
}

impl EventKind {
    /// Every kind, in the order of DESIGN.md.
    pub const ALL: [EventKind; 8] = [
        EventKind::RbcTransfusion,
        EventKind::PlateletTransfusion,
        EventKind::Ist,
        EventKind::Eltrombopag,
        EventKind::GCsf,
        EventKind::Hsct,
        EventKind::Chemotherapy,
        EventKind::Other,
    ];

    /// The name an events file and the JSON write (`rbc-transfusion`).
    pub const fn name(self) -> &'static str {
        match self {
            EventKind::RbcTransfusion => "rbc-transfusion",
            EventKind::PlateletTransfusion => "platelet-transfusion",
            EventKind::Ist => "ist",
            EventKind::Eltrombopag => "eltrombopag",
            EventKind::GCsf => "g-csf",
            EventKind::Hsct => "hsct",
            EventKind::Chemotherapy => "chemotherapy",
            EventKind::Other => "other",
        }
    }

    /// A short label for the screen's event row and legend.
    pub const fn label(self) -> &'static str {
        match self {
            EventKind::RbcTransfusion => "RBC tx",
            EventKind::PlateletTransfusion => "PLT tx",
            EventKind::Ist => "IST start",
            EventKind::Eltrombopag => "eltrombopag",
            EventKind::GCsf => "G-CSF",
            EventKind::Hsct => "HSCT day 0",
            EventKind::Chemotherapy => "chemo day 1",
            EventKind::Other => "other",
        }
    }

    /// One character that marks the event on the date axis.
    pub const fn glyph(self) -> char {
        match self {
            EventKind::RbcTransfusion => 'R',
            EventKind::PlateletTransfusion => 'P',
            EventKind::Ist => 'I',
            EventKind::Eltrombopag => 'E',
            EventKind::GCsf => 'G',
            EventKind::Hsct => 'H',
            EventKind::Chemotherapy => 'C',
            EventKind::Other => '*',
        }
    }

    /// The kind a file names: case, spaces, underscores and hyphens alike
    /// (`RBC transfusion`, `g_csf`); `None` for an unknown event.
    pub fn from_name(text: &str) -> Option<EventKind> {
        let folded: String = text
            .trim()
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '_'))
            .map(|c| c.to_ascii_lowercase())
            .collect();
        EventKind::ALL.into_iter().find(|kind| {
            let name: String = kind.name().chars().filter(|&c| c != '-').collect();
            name == folded
        })
    }

    /// A transfusion of red cells or platelets.
    pub const fn is_transfusion(self) -> bool {
        matches!(
            self,
            EventKind::RbcTransfusion | EventKind::PlateletTransfusion
        )
    }
}

impl fmt::Display for EventKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.name())
    }
}

/// One event of one patient.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    /// When it happened (a course's start).
    pub at: Timestamp,
    /// What it was.
    pub kind: EventKind,
    /// When a course ended, when the file says.
    pub end: Option<Timestamp>,
    /// Units given (transfusions), when the file says.
    pub units: Option<u32>,
    /// Free text (the drugs of an IST, what `other` was).
    pub note: Option<String>,
}

impl Event {
    /// An event with nothing but its time and kind.
    pub const fn new(at: Timestamp, kind: EventKind) -> Event {
        Event {
            at,
            kind,
            end: None,
            units: None,
            note: None,
        }
    }
}
