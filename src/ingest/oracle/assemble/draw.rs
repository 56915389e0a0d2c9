//! One draw while it is gathered: its values, which row gave each, and its
//! percentages until the counts they give are derived.

use crate::ingest::derive::{DERIVATIONS, derive_value};
use crate::ingest::rows::Measure;
use crate::model::{ANALYTE_COUNT, Analyte, Timestamp, Value, Values};

use super::Source;

/// One draw being gathered.
pub(super) struct DrawInProgress {
    /// The patient's number in the assembler.
    pub(super) patient: u32,
    /// Collection time, as the draw's rows wrote it (`Timestamp::shown_of`).
    pub(super) time: Timestamp,
    /// Each analyte's value.
    pub(super) values: Values,
    /// Which row gave each analyte, to name it in a conflict.
    pub(super) sources: [Option<Source>; ANALYTE_COUNT],
    /// The first row of the draw, for input order among equal times.
    pub(super) first: Source,
    /// The differential percentages, boxed: most draws have none.
    pub(super) percents: Option<Box<Percents>>,
}

/// A draw's percentages, in the order of [`DERIVATIONS`].
#[derive(Default)]
pub(super) struct Percents {
    values: [Option<Value>; DERIVATIONS.len()],
    sources: [Option<Source>; DERIVATIONS.len()],
    columns: [Option<usize>; DERIVATIONS.len()],
}

/// A percentage that gave its draw no count: its derivation, its value,
/// and the row and column that gave it.
pub(super) struct NotDerived {
    pub(super) derivation: usize,
    pub(super) percent: Value,
    pub(super) source: Source,
    pub(super) column: usize,
}

/// Position of a percentage of `analyte` in [`Percents`].
fn percent_slot(analyte: Analyte) -> Option<usize> {
    DERIVATIONS.iter().position(|d| d.target == analyte)
}

impl DrawInProgress {
    /// The value already given for this measure, and by which row.
    pub(super) fn given(&self, measure: Measure) -> Option<(Value, Source)> {
        match measure {
            Measure::Count(analyte) => {
                self.sources[analyte.index()].map(|source| (self.values.get(analyte), source))
            }
            Measure::Percent(analyte) => {
                let (percents, slot) = (self.percents.as_ref()?, percent_slot(analyte)?);
                Some((percents.values[slot]?, percents.sources[slot]?))
            }
        }
    }

    /// Records a value for a measure not given yet, from `column`.
    pub(super) fn give(&mut self, measure: Measure, value: Value, source: Source, column: usize) {
        match measure {
            Measure::Count(analyte) => {
                self.values.set(analyte, value);
                self.sources[analyte.index()] = Some(source);
            }
            Measure::Percent(analyte) => {
                if let Some(slot) = percent_slot(analyte) {
                    let percents = self.percents.get_or_insert_with(Box::default);
                    percents.values[slot] = Some(value);
                    percents.sources[slot] = Some(source);
                    percents.columns[slot] = Some(column);
                }
            }
        }
    }

    /// Fills each missing absolute count that a percentage and its base
    /// give; returns how many were derived and the percentages that gave
    /// none.
    pub(super) fn derive_counts(&mut self) -> (u64, Vec<NotDerived>) {
        let Some(percents) = self.percents.take() else {
            return (0, Vec::new());
        };
        let (mut derived, mut without) = (0, Vec::new());
        for (slot, (derivation, percent)) in DERIVATIONS.iter().zip(percents.values).enumerate() {
            let Some(percent) = percent.filter(|value| !value.is_missing()) else {
                continue;
            };
            if !self.values.get(derivation.target).is_missing() {
                continue;
            }
            let base = self.values.get(derivation.base);
            match derive_value(base, percent, derivation.factor) {
                Some(value) => {
                    self.values.set(derivation.target, value);
                    derived += 1;
                }
                None => {
                    if let (Some(source), Some(column)) =
                        (percents.sources[slot], percents.columns[slot])
                    {
                        without.push(NotDerived {
                            derivation: slot,
                            percent,
                            source,
                            column,
                        });
                    }
                }
            }
        }
        (derived, without)
    }
}
