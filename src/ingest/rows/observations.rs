//! A row's observations, inline: rows are read by the million.

use crate::model::{Analyte, LabRange, Value};

use super::{Measure, Observation};

/// Most observations one row gives: one per measure (nine counts, three
/// percentages); a file's shape never has two columns of one measure.
pub const MAX_OBSERVATIONS: usize = 12;

/// A row's observations, in column order, held inline and compactly: rows
/// are read by the million. At most one carries a lab range (a long row's
/// or an Observation's only one).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Observations {
    len: u8,
    measures: [Measure; MAX_OBSERVATIONS],
    values: [Value; MAX_OBSERVATIONS],
    columns: [u32; MAX_OBSERVATIONS],
    range: Option<(u8, LabRange)>,
}

impl Observations {
    /// None yet.
    pub const fn new() -> Observations {
        Observations {
            len: 0,
            measures: [Measure::Count(Analyte::Wbc); MAX_OBSERVATIONS],
            values: [Value::MISSING; MAX_OBSERVATIONS],
            columns: [0; MAX_OBSERVATIONS],
            range: None,
        }
    }

    /// Adds one; beyond [`MAX_OBSERVATIONS`] (which no shape allows) it is
    /// dropped, and only the first lab range is kept (no shape gives two).
    pub fn push(&mut self, observation: Observation) {
        let at = usize::from(self.len);
        if at >= MAX_OBSERVATIONS {
            return;
        }
        self.measures[at] = observation.measure;
        self.values[at] = observation.value;
        self.columns[at] = u32::try_from(observation.column).unwrap_or(u32::MAX);
        if let (Some(range), None) = (observation.range, self.range) {
            self.range = Some((self.len, range));
        }
        self.len += 1;
    }

    /// Every observation, in order.
    pub fn iter(&self) -> impl Iterator<Item = Observation> + '_ {
        (0..self.len).map(|at| {
            let index = usize::from(at);
            Observation {
                measure: self.measures[index],
                value: self.values[index],
                column: self.columns[index] as usize,
                range: self.range.filter(|&(of, _)| of == at).map(|(_, r)| r),
            }
        })
    }

    /// The first observation.
    pub fn first(&self) -> Option<Observation> {
        self.iter().next()
    }
}

impl Default for Observations {
    fn default() -> Self {
        Observations::new()
    }
}

impl FromIterator<Observation> for Observations {
    fn from_iter<I: IntoIterator<Item = Observation>>(items: I) -> Self {
        let mut observations = Observations::new();
        for observation in items {
            observations.push(observation);
        }
        observations
    }
}
