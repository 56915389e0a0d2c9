//! What the resources of a load say of each other: which Patient a
//! reference names, and which DiagnosticReport (or panel Observation) lists
//! an Observation, to lend it the subject and time it lacks.
//!
//! References resolve by `Type/id` (after any base URL, before any
//! `_history`), by an entry's `fullUrl` (`urn:uuid:...`), and `#id` to a
//! resource contained in the one that refers.

use std::collections::HashMap;

use crate::ingest::assembler::entries::DetailsAt;

use super::collect::Located;
use super::draws::Sample;
use super::patient::KnownPatient;
use super::resources::{Observation, Period, Report};

use self::contests::Lending;
use self::keys::keys_of;
pub use self::keys::{key, reference_key};

mod contests;
mod keys;

/// Where a resource is: file of the group, position in its list.
#[derive(Clone, Copy)]
pub struct At {
    /// File, by position in the group.
    pub file: usize,
    /// Resource, by position in the file's list.
    pub index: usize,
}

/// What a report or panel lends the Observations it lists.
pub struct Lent {
    /// The subject's key (see [`key`]).
    pub subject: Option<String>,
    /// `effectiveDateTime` or `effectivePeriod.start`, with its element.
    pub time: Option<(&'static str, String)>,
    /// Who lent the time, to name it when the time cannot be read.
    pub time_from: Option<TimeLender>,
    /// Specimen and encounter: which sample of its instant (see
    /// [`super::draws`]).
    pub sample: Sample,
    /// The keys of the lender itself, to look further up (a panel listed
    /// by a report).
    pub lender: Vec<String>,
    /// The status of a lender up the chain that says it is no result
    /// (`entered-in-error`, `cancelled`), with what it is.
    pub in_error: Option<(&'static str, String)>,
    /// Two lenders that give another patient: the one lent is unknown.
    pub subject_contest: Option<Contest>,
    /// Two lenders that give another time: the one lent is unknown.
    pub time_contest: Option<Contest>,
}

/// Two reports or panels listing one Observation that lend it another
/// patient or another time: each lender with what it gives (a patient
/// id, or a time as written).
#[derive(Clone, Debug)]
pub struct Contest {
    /// The element of the second lender that gives it (`subject`,
    /// `effectiveDateTime`).
    pub element: &'static str,
    /// The lender whose patient or time would have been taken.
    pub first: (TimeLender, String),
    /// Another lender, which gives another.
    pub second: (TimeLender, String),
}

/// The report or panel whose time an Observation borrows.
#[derive(Clone, Debug)]
pub struct TimeLender {
    /// `DiagnosticReport` or `panel Observation`.
    pub kind: &'static str,
    /// Its file, by position in the group.
    pub file: usize,
    /// Its path in the file, and the line it starts on.
    pub path: String,
    pub line: u64,
}

/// A lender's status that makes what it lends untrustworthy.
fn in_error(kind: &'static str, status: Option<&str>) -> Option<(&'static str, String)> {
    let status = status.map(str::trim)?;
    matches!(status, "entered-in-error" | "cancelled").then(|| (kind, status.to_string()))
}

/// A detail of a Patient that differs from what an earlier Patient of the
/// same id gave: the element (`name`, `gender`, `birthDate`), the earlier
/// value and this one, and where the earlier Patient is.
pub struct Differs {
    pub element: &'static str,
    pub earlier: String,
    pub later: String,
    pub earlier_at: DetailsAt,
}

/// Every Patient and every lender of a group of files.
#[derive(Default)]
pub struct Index {
    /// Each patient's details, with where the first Patient of its id is.
    patients: HashMap<String, (KnownPatient, DetailsAt)>,
    patient_of_key: HashMap<String, String>,
    /// Each key of a Specimen or Encounter of the group (its `fullUrl`
    /// among them) to its `Type/id`, so that a `urn:uuid:` reference and
    /// `Specimen/<id>` name one sample.
    sample_of_key: HashMap<String, String>,
    lent: HashMap<String, Lent>,
    /// The other lenders of a key than the first, to tell when they
    /// disagree with it.
    rivals: HashMap<String, Vec<Lent>>,
    /// The log's file of each file of the group, by position.
    pub log_files: Vec<u32>,
}

/// Most reports and panels looked through, up from an Observation.
const MAX_CHAIN: usize = 8;

impl Index {
    /// An empty index of a group whose files are these files of the log.
    pub fn new(log_files: Vec<u32>) -> Index {
        Index {
            log_files,
            ..Index::default()
        }
    }

    /// Records a Patient read as `id` from `source`. A second
    /// Patient of the same id adds what the first left out; where it gives
    /// another name, sex or birth date, the first is kept and the
    /// difference returned, to be refused (as a second row of a CSV file
    /// is): never the earlier dropped in silence.
    pub fn add_patient(
        &mut self,
        at: At,
        located: &Located<'_>,
        id: String,
        known: KnownPatient,
        source: DetailsAt,
    ) -> Vec<Differs> {
        for key in keys_of(at, located, "Patient") {
            self.patient_of_key.insert(key, id.clone());
        }
        let Some((earlier, earlier_at)) = self.patients.get_mut(&id) else {
            self.patients.insert(id, (known, source));
            return Vec::new();
        };
        let mut differs = Vec::new();
        let mut compare = |element, earlier: Option<String>, later: Option<String>| {
            if let (Some(earlier), Some(later)) = (earlier, later)
                && earlier != later
            {
                differs.push(Differs {
                    element,
                    earlier,
                    later,
                    earlier_at: *earlier_at,
                });
            }
        };
        let sex =
            |sex: Option<crate::model::Sex>| sex.map(|s| s.code().unwrap_or("unknown").to_string());
        // Compared as the dates written, which the age counts from.
        let birth = |birth: Option<crate::model::Timestamp>| birth.map(|b| b.date_text());
        compare("name", earlier.name.clone(), known.name.clone());
        compare("gender", sex(earlier.sex), sex(known.sex));
        compare(
            "birthDate",
            birth(earlier.birth_date),
            birth(known.birth_date),
        );
        if earlier.name.is_none() {
            earlier.name = known.name;
        }
        if earlier.sex.is_none() {
            earlier.sex = known.sex;
        }
        if earlier.birth_date.is_none() {
            earlier.birth_date = known.birth_date;
        }
        differs
    }

    /// Records a Specimen or Encounter (`kind`) of the group, to resolve the
    /// `fullUrl` others name it by. A contained one is named by `#id` from
    /// its container alone, as written, and needs no record.
    pub fn add_sample(&mut self, at: At, located: &Located<'_>, kind: &str) {
        let Some(id) = located.id.as_deref().map(str::trim) else {
            return;
        };
        if id.is_empty() || located.container.is_some() {
            return;
        }
        let named = format!("{kind}/{id}");
        for key in keys_of(at, located, kind) {
            self.sample_of_key.insert(key, named.clone());
        }
    }

    /// A `specimen` or `encounter` reference as written, as the key that
    /// tells one sample from another: the same [`key`] a patient reference
    /// takes (no base URL, no `_history`), and a `fullUrl` of the group as
    /// the `Type/id` of its resource. One specimen written two ways is one
    /// sample: a CBC split in two would show neither half's severity.
    pub fn sample_key(&self, written: &str) -> String {
        let key = key(written);
        self.sample_of_key.get(&key).cloned().unwrap_or(key)
    }

    /// Records what a DiagnosticReport lends its `result`s.
    pub fn add_report(&mut self, at: At, located: &Located<'_>, report: &Report) {
        let lent = || Lent {
            subject: report
                .subject
                .as_ref()
                .and_then(|s| reference_key(s, at, located)),
            time: period_or_time(
                report.effective_date_time.as_ref(),
                report.effective_period.as_ref(),
            ),
            time_from: Some(TimeLender {
                kind: "DiagnosticReport",
                file: at.file,
                path: located.path.clone(),
                line: located.line,
            }),
            sample: Sample {
                specimen: report.specimen.first().and_then(|r| r.reference.clone()),
                encounter: report.encounter.as_ref().and_then(|r| r.reference.clone()),
            },
            lender: keys_of(at, located, "DiagnosticReport"),
            in_error: in_error("DiagnosticReport", report.status.as_deref()),
            subject_contest: None,
            time_contest: None,
        };
        for result in &report.result {
            if let Some(key) = reference_key(result, at, located) {
                self.add_lent(key, lent());
            }
        }
    }

    /// Records what a panel Observation lends its `hasMember`s.
    pub fn add_panel(&mut self, at: At, located: &Located<'_>, panel: &Observation<'_>) {
        let lent = || Lent {
            subject: panel
                .subject
                .as_ref()
                .and_then(|s| reference_key(s, at, located)),
            time: time_of(panel),
            time_from: Some(TimeLender {
                kind: "panel Observation",
                file: at.file,
                path: located.path.clone(),
                line: located.line,
            }),
            sample: Sample {
                specimen: panel.specimen.as_ref().and_then(|r| r.reference.clone()),
                encounter: panel.encounter.as_ref().and_then(|r| r.reference.clone()),
            },
            lender: keys_of(at, located, "Observation"),
            in_error: in_error("panel Observation", panel.status.as_deref()),
            subject_contest: None,
            time_contest: None,
        };
        for member in &panel.has_member {
            if let Some(key) = reference_key(member, at, located) {
                self.add_lent(key, lent());
            }
        }
    }

    /// The first lender of a key lends; the others are kept to be
    /// compared with it.
    fn add_lent(&mut self, key: String, lent: Lent) {
        match self.lent.entry(key) {
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(lent);
            }
            std::collections::hash_map::Entry::Occupied(slot) => {
                let key = slot.key().clone();
                self.rivals.entry(key).or_default().push(lent);
            }
        }
    }

    /// What the reports and panels listing this Observation lend it: the
    /// first subject, time, specimen and encounter met going up, and
    /// where another lender at that level gives another patient or time
    /// ([`Contest`]).
    pub fn lent_to(&self, at: At, located: &Located<'_>) -> Lent {
        let mut found = Lent {
            subject: None,
            time: None,
            time_from: None,
            sample: Sample::default(),
            lender: Vec::new(),
            in_error: None,
            subject_contest: None,
            time_contest: None,
        };
        let mut keys = keys_of(at, located, "Observation");
        for _ in 0..MAX_CHAIN {
            let Some(lent) = keys.iter().find_map(|key| self.lent.get(key)) else {
                break;
            };
            // What this level lends is compared with its other lenders'.
            let level = Lending {
                subject: found.subject.is_none(),
                time: found.time.is_none(),
            };
            self.note_contests(&mut found, &keys, lent, level);
            if found.subject.is_none() {
                found.subject.clone_from(&lent.subject);
            }
            if found.time.is_none() {
                found.time.clone_from(&lent.time);
                found.time_from.clone_from(&lent.time_from);
            }
            if found.sample.specimen.is_none() {
                found.sample.specimen.clone_from(&lent.sample.specimen);
            }
            if found.sample.encounter.is_none() {
                found.sample.encounter.clone_from(&lent.sample.encounter);
            }
            if found.in_error.is_none() {
                found.in_error.clone_from(&lent.in_error);
            }
            keys.clone_from(&lent.lender);
        }
        found
    }

    /// The patient id a subject key names: a Patient of the group, else the
    /// id the reference itself gives (`Patient/<id>`, `urn:uuid:<id>`).
    pub fn patient_id(&self, key: &str) -> Option<String> {
        if let Some(id) = self.patient_of_key.get(key) {
            return Some(id.clone());
        }
        if key.starts_with('#') {
            return None;
        }
        let id = key
            .strip_prefix("urn:uuid:")
            .or_else(|| key.strip_prefix("Patient/"))?;
        (!id.is_empty() && !id.contains('/')).then(|| id.to_string())
    }

    /// What the group's Patients say of `id`, if they hold one, and where
    /// the first of them is: a detail of it that conflicts with another
    /// file's is refused there, once. (A detail only a second Patient of
    /// the id gave is refused on the first too: the rare export that
    /// splits a patient is named, if not to the line.)
    pub fn info(&self, id: &str) -> Option<(&KnownPatient, DetailsAt)> {
        self.patients.get(id).map(|(known, at)| (known, *at))
    }

    /// Every Patient read, by patient id.
    pub fn patients(&self) -> impl Iterator<Item = (&str, &KnownPatient)> {
        self.patients
            .iter()
            .map(|(id, (known, _))| (id.as_str(), known))
    }
}

/// The time of an Observation: `effectiveDateTime`, `effectiveInstant` or
/// `effectivePeriod.start`, with the element it came from.
pub fn time_of(observation: &Observation<'_>) -> Option<(&'static str, String)> {
    if let Some(text) = &observation.effective_instant
        && observation.effective_date_time.is_none()
    {
        return Some(("effectiveInstant", text.clone()));
    }
    period_or_time(
        observation.effective_date_time.as_ref(),
        observation.effective_period.as_ref(),
    )
}

fn period_or_time(
    time: Option<&String>,
    period: Option<&Period>,
) -> Option<(&'static str, String)> {
    match (time, period.and_then(|p| p.start.as_ref())) {
        (Some(text), _) => Some(("effectiveDateTime", text.clone())),
        (None, Some(start)) => Some(("effectivePeriod.start", start.clone())),
        (None, None) => None,
    }
}

#[cfg(test)]
mod tests;
