//! One patient's draws: a cheap view into the dataset's columns.

use crate::model::analyte::Analyte;
use crate::model::lab_range::{self, LabRange, RangeEntry};
use crate::model::packed::{Escape, PackedValues};
use crate::model::timestamp::Timestamp;
use crate::model::value::Value;

use super::Draw;

/// One patient's draws, oldest first: a cheap view into the dataset.
#[derive(Clone, Copy, Debug)]
pub struct DrawSlice<'a> {
    times: &'a [Timestamp],
    values: &'a [PackedValues],
    /// The escaped values of these draws only.
    escapes: &'a [Escape],
    /// The lab ranges of these draws only.
    lab_ranges: &'a [RangeEntry],
    /// Dataset position of the first draw, to find its escapes and ranges.
    start: u32,
}

impl<'a> DrawSlice<'a> {
    /// A view of the columns of draws `start..start + times.len()`.
    pub(super) fn new(
        times: &'a [Timestamp],
        values: &'a [PackedValues],
        escapes: &'a [Escape],
        lab_ranges: &'a [RangeEntry],
        start: u32,
    ) -> DrawSlice<'a> {
        DrawSlice {
            times,
            values,
            escapes,
            lab_ranges,
            start,
        }
    }

    /// How many draws.
    pub fn len(&self) -> usize {
        self.times.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.times.is_empty()
    }

    /// The draw at this position, oldest = 0.
    pub fn get(&self, index: usize) -> Option<Draw> {
        let time = *self.times.get(index)?;
        let packed = self.values.get(index)?;
        let position = self.start.wrapping_add(index as u32);
        Some(Draw {
            time,
            values: packed.unpack(position, self.escapes),
        })
    }

    /// One value of the draw at `index` (missing when there is no such draw).
    pub fn value(&self, index: usize, analyte: Analyte) -> Value {
        let position = self.start.wrapping_add(index as u32);
        self.values.get(index).map_or(Value::MISSING, |packed| {
            packed.value(analyte, position, self.escapes)
        })
    }

    /// The 14-bit code of one value of the draw at `index` (escaped when
    /// the value is kept outside the codes: ask [`DrawSlice::value`]).
    pub(crate) fn code(&self, index: usize, analyte: Analyte) -> u16 {
        self.values
            .get(index)
            .map_or(crate::model::CODE_MISSING, |packed| packed.code(analyte))
    }

    /// The most recent draw (the later input line on a tie).
    pub fn latest(&self) -> Option<Draw> {
        self.len().checked_sub(1).and_then(|last| self.get(last))
    }

    /// Collection times, oldest first.
    pub fn times(&self) -> &'a [Timestamp] {
        self.times
    }

    /// The range the lab gave with this analyte's result in the draw at
    /// `index` (oldest = 0), if it gave one.
    pub fn lab_range(&self, index: usize, analyte: Analyte) -> Option<LabRange> {
        if index >= self.len() {
            return None;
        }
        let position = self.start.checked_add(u32::try_from(index).ok()?)?;
        lab_range::find(self.lab_ranges, position, analyte)
    }

    /// Every draw, oldest first.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = Draw> + ExactSizeIterator + 'a {
        let (start, escapes) = (self.start, self.escapes);
        self.times
            .iter()
            .zip(self.values)
            .enumerate()
            .map(move |(index, (&time, packed))| Draw {
                time,
                values: packed.unpack(start.wrapping_add(index as u32), escapes),
            })
    }
}
