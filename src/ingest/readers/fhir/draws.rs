//! Which Observations of one patient at one instant are one draw.
//!
//! A draw is one patient's results at one collection time (DESIGN.md);
//! within one file, another specimen (or encounter) is another draw
//! (docs/inputs.md). Servers give a `specimen` reference to some results
//! of a CBC and not to others (a manual differential on its slide beside
//! the analyser's counts), and an `encounter` to some or none: a reference
//! missing is no evidence of a second sample, so results that differ only
//! in which references they carry are one draw, whose severity needs all
//! of them. Only references that differ (two specimens, two encounters)
//! make two; a result that could be of either cannot be placed, and is a
//! draw apart with a warning.

use std::collections::HashMap;

use super::lab_result::LabResult;

/// An Observation's specimen and encounter references, its own or lent by
/// the report (or panel) listing it.
#[derive(Clone, Debug, Default)]
pub struct Sample {
    /// `Specimen/<id>`, as written before it is read as a key
    /// ([`super::context::Index::sample_key`]).
    pub specimen: Option<String>,
    /// `Encounter/<id>`, likewise.
    pub encounter: Option<String>,
}

impl Sample {
    /// What tells its draw from another of its instant within a file: the
    /// specimen, else the encounter.
    pub fn key(&self) -> Option<String> {
        self.specimen.clone().or_else(|| self.encounter.clone())
    }
}

/// Results of one patient at one instant that could be of more than one
/// of its samples: where the first is, and what to say.
pub(super) struct Split {
    /// The first such result, by its place in the results.
    pub at: usize,
    /// How many results could not be placed.
    unplaced: usize,
    /// The samples (specimens, encounters) the first could be of.
    samples: Vec<String>,
}

impl Split {
    /// The warning at the first result that could not be placed.
    pub fn reason(&self) -> String {
        let named: Vec<String> = self
            .samples
            .iter()
            .map(|sample| format!("\"{}\"", crate::safe_text::printable(sample)))
            .collect();
        let (results, they) = match self.unplaced {
            1 => ("this result names".to_string(), "it is"),
            n => (format!("{n} results (the first here) name"), "they are"),
        };
        format!(
            "{results} no specimen, and results of the same patient and instant are of {} \
             samples it could be of ({}): which {they} of is not known, so {they} shown as a \
             draw apart, and each draw's severity counts only its own results",
            self.samples.len(),
            named.join(", ")
        )
    }
}

/// Gives each result of one patient at one instant the key of the one
/// sample its references allow, so that results differing only in which
/// references they carry form one draw; returns the results that more
/// than one sample allows (left a draw apart), in the order of the results.
/// A result replaced by a newer version of its id (`replaced`, by place) is
/// passed over: a version replaced is no sample of its instant.
pub(super) fn one_draw_per_sample(
    results: &mut [(usize, LabResult)],
    replaced: &[bool],
) -> Vec<Split> {
    let mut by_instant: HashMap<(&str, i64), Vec<usize>> = HashMap::new();
    let standing = |at: &usize| !replaced.get(*at).copied().unwrap_or(false);
    for (at, (_, result)) in results.iter().enumerate().filter(|(at, _)| standing(at)) {
        let key = (result.patient_id.as_str(), result.time.instant());
        by_instant.entry(key).or_default().push(at);
    }
    let samples: Vec<(usize, &Sample)> = results
        .iter()
        .enumerate()
        .map(|(at, (_, result))| (at, &result.sample))
        .collect();
    let mut placed = Vec::new();
    let mut splits = Vec::new();
    for members in by_instant.values() {
        let of_instant: Vec<(usize, &Sample)> = members
            .iter()
            .filter_map(|&at| samples.get(at).copied())
            .collect();
        let (keys, split) = place(&of_instant);
        placed.extend(keys);
        splits.extend(split);
    }
    for (at, key) in placed {
        if let Some((_, result)) = results.get_mut(at) {
            result.draw_key = Some(key);
        }
    }
    splits.sort_by_key(|split| split.at);
    splits
}

/// Of one patient's results at one instant, each by its place and sample:
/// the key each result without a specimen takes, and the split of those
/// more than one sample allows.
fn place(results: &[(usize, &Sample)]) -> (Vec<(usize, String)>, Option<Split>) {
    // Each specimen with the encounters its results name.
    let mut specimens: Vec<(&str, Vec<&str>)> = Vec::new();
    let mut encounters: Vec<&str> = Vec::new();
    for (_, sample) in results {
        let encounter = sample.encounter.as_deref();
        if let Some(encounter) = encounter
            && !encounters.contains(&encounter)
        {
            encounters.push(encounter);
        }
        let Some(specimen) = sample.specimen.as_deref() else {
            continue;
        };
        let at = match specimens.iter().position(|(s, _)| *s == specimen) {
            Some(at) => at,
            None => {
                specimens.push((specimen, Vec::new()));
                specimens.len() - 1
            }
        };
        if let (Some(encounter), Some((_, of))) = (encounter, specimens.get_mut(at))
            && !of.contains(&encounter)
        {
            of.push(encounter);
        }
    }
    let mut keys = Vec::new();
    let mut unplaced: Vec<(usize, Vec<String>)> = Vec::new();
    // The samples a result without a specimen may join: the specimens its
    // encounter allows (one naming no encounter only where the instant
    // has a single one), else its encounter.
    let mut samples: Vec<String> = specimens.iter().map(|(s, _)| s.to_string()).collect();
    for (at, sample) in results.iter().filter(|(_, s)| s.specimen.is_none()) {
        let Some(encounter) = sample.encounter.as_deref() else {
            continue;
        };
        let allowed: Vec<&str> = specimens
            .iter()
            .filter(|(_, of)| of.contains(&encounter) || (of.is_empty() && encounters.len() == 1))
            .map(|(specimen, _)| *specimen)
            .collect();
        match allowed[..] {
            [specimen] => keys.push((*at, specimen.to_string())),
            [] => {
                if !samples.iter().any(|s| s == encounter) {
                    samples.push(encounter.to_string());
                }
            }
            _ => unplaced.push((*at, allowed.iter().map(|s| s.to_string()).collect())),
        }
    }
    // A result naming neither joins the one sample of its instant.
    for (at, _) in results
        .iter()
        .filter(|(_, s)| s.specimen.is_none() && s.encounter.is_none())
    {
        match &samples[..] {
            [] => {}
            [sample] => keys.push((*at, sample.clone())),
            _ => unplaced.push((*at, samples.clone())),
        }
    }
    unplaced.sort_by_key(|(at, _)| *at);
    let split = unplaced.first().map(|(at, of)| Split {
        at: *at,
        unplaced: unplaced.len(),
        samples: of.clone(),
    });
    (keys, split)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(specimen: Option<&str>, encounter: Option<&str>) -> Sample {
        Sample {
            specimen: specimen.map(str::to_string),
            encounter: encounter.map(str::to_string),
        }
    }

    /// The key each result ends with (its own where `place` gives none),
    /// and the places of the split's results.
    /// A split as its first result, how many, and the samples named.
    type Said = (usize, usize, Vec<String>);

    fn keys(samples: &[Sample]) -> (Vec<Option<String>>, Option<Said>) {
        let listed: Vec<(usize, &Sample)> = samples.iter().enumerate().collect();
        let (placed, split) = place(&listed);
        let keys = samples
            .iter()
            .enumerate()
            .map(|(at, sample)| {
                placed
                    .iter()
                    .find(|(p, _)| *p == at)
                    .map(|(_, key)| key.clone())
                    .or_else(|| sample.key())
            })
            .collect();
        (keys, split.map(|s| (s.at, s.unplaced, s.samples)))
    }

    fn some(text: &str) -> Option<String> {
        Some(text.to_string())
    }

    #[test]
    fn a_missing_reference_is_no_second_sample() {
        // Hb and PLT of encounter e, the ANC also on slide s: one draw.
        let (found, split) = keys(&[
            sample(None, Some("e")),
            sample(None, Some("e")),
            sample(Some("s"), Some("e")),
        ]);
        assert_eq!(found, [some("s"), some("s"), some("s")]);
        assert!(split.is_none());
        // A specimen, an encounter and nothing: one draw.
        let (found, split) = keys(&[
            sample(Some("s"), None),
            sample(None, Some("e")),
            sample(None, None),
        ]);
        assert_eq!(found, [some("s"), some("s"), some("s")]);
        assert!(split.is_none());
    }

    #[test]
    fn two_specimens_or_two_encounters_are_two_samples() {
        // Two encounters and no specimen: two draws, as documented.
        let (found, split) = keys(&[sample(None, Some("e1")), sample(None, Some("e2"))]);
        assert_eq!(found, [some("e1"), some("e2")]);
        assert!(split.is_none());
        // A specimen of each encounter: each result of an encounter joins
        // its specimen.
        let (found, split) = keys(&[
            sample(Some("s1"), Some("e1")),
            sample(Some("s2"), Some("e2")),
            sample(None, Some("e2")),
        ]);
        assert_eq!(found, [some("s1"), some("s2"), some("s2")]);
        assert!(split.is_none());
    }

    #[test]
    fn a_result_two_samples_allow_is_a_draw_apart() {
        let (found, split) = keys(&[
            sample(Some("s1"), Some("e")),
            sample(Some("s2"), Some("e")),
            sample(None, Some("e")),
            sample(None, None),
        ]);
        assert_eq!(found, [some("s1"), some("s2"), some("e"), None]);
        assert_eq!(
            split,
            Some((2, 2, vec!["s1".to_string(), "s2".to_string()]))
        );
    }
}
