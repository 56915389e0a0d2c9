//! Lenders that disagree: two reports or panels listing one Observation
//! that lend it another patient or another time.

use super::{Contest, Index, Lent};

impl Index {
    /// Every other lender of an Observation named by `keys` than `lent`
    /// (the one that lends), each lender once.
    fn rivals_of<'a>(&'a self, keys: &'a [String], lent: &'a Lent) -> Vec<&'a Lent> {
        let firsts = keys.iter().filter_map(|key| self.lent.get(key));
        let others = keys.iter().filter_map(|key| self.rivals.get(key)).flatten();
        let mut found: Vec<&Lent> = Vec::new();
        for other in firsts.chain(others) {
            let seen = std::iter::once(lent).chain(found.iter().copied());
            if seen.into_iter().all(|l| !same_lender(l, other)) {
                found.push(other);
            }
        }
        found
    }

    /// Where `lent`'s patient (`subject_key`) is not that of a rival: the
    /// two, to refuse a result that would borrow it.
    fn subject_contest(&self, lent: &Lent, subject_key: &str, rivals: &[&Lent]) -> Option<Contest> {
        let patient = |key: &str| self.patient_id(key).unwrap_or_else(|| key.to_string());
        let first = patient(subject_key);
        rivals.iter().find_map(|rival| {
            let second = patient(rival.subject.as_deref()?);
            (second != first).then_some(())?;
            Some(Contest {
                element: "subject",
                first: (lent.time_from.clone()?, first.clone()),
                second: (rival.time_from.clone()?, second),
            })
        })
    }

    /// Records an Observation's lenders at one level up the chain, `lent`
    /// the one met first, where they disagree on what it lends `found`.
    pub(super) fn note_contests(
        &self,
        found: &mut Lent,
        keys: &[String],
        lent: &Lent,
        level: Lending,
    ) {
        let rivals = self.rivals_of(keys, lent);
        if let (true, Some(subject)) = (level.subject, &lent.subject) {
            found.subject_contest = self.subject_contest(lent, subject, &rivals);
        }
        if let (true, Some(time)) = (level.time, &lent.time) {
            found.time_contest = time_contest(lent, time, &rivals);
        }
    }
}

/// Which of the subject and the time one level up the chain lends (none
/// was met below it).
#[derive(Clone, Copy)]
pub(super) struct Lending {
    pub(super) subject: bool,
    pub(super) time: bool,
}

/// Whether two lenders are one report or panel (listing an Observation
/// twice, or by two of its names).
fn same_lender(one: &Lent, other: &Lent) -> bool {
    match (&one.time_from, &other.time_from) {
        (Some(a), Some(b)) => a.file == b.file && a.path == b.path && a.line == b.line,
        _ => false,
    }
}

/// Where `lent`'s time is another instant than a rival's (or, where one
/// cannot be read, another text): the two, to refuse a result that would
/// borrow it. An unreadable time alone is refused where it is read.
fn time_contest(lent: &Lent, (_, first): &(&str, String), rivals: &[&Lent]) -> Option<Contest> {
    let instant = super::super::observation::lent_instant;
    rivals.iter().find_map(|rival| {
        let (element, second) = rival.time.as_ref()?;
        let differ = match (instant(first), instant(second)) {
            (Some(a), Some(b)) => a != b,
            _ => first.trim() != second.trim(),
        };
        differ.then_some(())?;
        Some(Contest {
            element,
            first: (lent.time_from.clone()?, first.clone()),
            second: (rival.time_from.clone()?, second.clone()),
        })
    })
}
