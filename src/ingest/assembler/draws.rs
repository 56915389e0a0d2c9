//! One draw while a patient's rows are replayed: its values, which row gave
//! each, its percentages, and the counts they give once every row is in.

use crate::ingest::derive::{DERIVATIONS, derive_value};
use crate::ingest::rows::Measure;
use crate::model::{ANALYTE_COUNT, Analyte, LabRange, Timestamp, Value, Values};

use super::entries::Source;

/// A draw's percentages, by position in [`DERIVATIONS`], with their rows.
pub type Percents = [Option<(Value, Source)>; DERIVATIONS.len()];

/// One draw being gathered.
pub struct DrawState {
    /// The entry whose row made it: where its values are stored.
    pub head: u32,
    /// Collection time, as its rows wrote it ([`crate::model::Timestamp::shown_of`]).
    pub time: Timestamp,
    /// Each analyte's value.
    pub values: Values,
    /// Which row gave each analyte, to name it in a conflict.
    pub sources: [Option<Source>; ANALYTE_COUNT],
    /// The percentages given.
    pub percents: Percents,
    /// Where each percentage kept was given: its column and its row's
    /// entry (a percentage that gives no count is named there).
    pub percent_places: [Option<(usize, u32)>; DERIVATIONS.len()],
    /// The lab range given with each analyte's value.
    pub ranges: [Option<LabRange>; ANALYTE_COUNT],
}

/// Position of a percentage of `analyte` in [`Percents`].
fn percent_slot(analyte: Analyte) -> Option<usize> {
    DERIVATIONS.iter().position(|d| d.target == analyte)
}

impl DrawState {
    /// A draw made by a row of entry `head`, with nothing given yet.
    pub fn new(head: u32, time: Timestamp) -> DrawState {
        DrawState {
            head,
            time,
            values: Values::EMPTY,
            sources: [None; ANALYTE_COUNT],
            percents: [None; DERIVATIONS.len()],
            percent_places: [None; DERIVATIONS.len()],
            ranges: [None; ANALYTE_COUNT],
        }
    }

    /// The value already given for this measure, and by which row.
    pub fn given(&self, measure: Measure) -> Option<(Value, Source)> {
        match measure {
            Measure::Count(analyte) => {
                self.sources[analyte.index()].map(|source| (self.values.get(analyte), source))
            }
            Measure::Percent(analyte) => self.percents[percent_slot(analyte)?],
        }
    }

    /// Records a value for a measure not given yet, from `column` of a row
    /// of `entry`.
    pub fn give(
        &mut self,
        measure: Measure,
        value: Value,
        source: Source,
        (column, entry): (usize, u32),
    ) {
        match measure {
            Measure::Count(analyte) => {
                self.values.set(analyte, value);
                self.sources[analyte.index()] = Some(source);
            }
            Measure::Percent(analyte) => {
                if let Some(slot) = percent_slot(analyte) {
                    self.percents[slot] = Some((value, source));
                    self.percent_places[slot] = Some((column, entry));
                }
            }
        }
    }
}

/// Fills each missing absolute count that a percentage and its base give;
/// returns how many were derived and which percentages gave none.
pub fn derive_counts(values: &mut Values, percents: &Percents) -> (u64, [bool; DERIVATIONS.len()]) {
    let (mut derived, mut without) = (0, [false; DERIVATIONS.len()]);
    for ((derivation, percent), none) in DERIVATIONS.iter().zip(percents).zip(&mut without) {
        let Some((percent, _)) = percent.filter(|(value, _)| !value.is_missing()) else {
            continue;
        };
        if !values.get(derivation.target).is_missing() {
            continue;
        }
        let base = values.get(derivation.base);
        match derive_value(base, percent, derivation.factor) {
            Some(value) => {
                values.set(derivation.target, value);
                derived += 1;
            }
            None => *none = true,
        }
    }
    (derived, without)
}
