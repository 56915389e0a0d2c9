//! A reference interval the lab reported with one result.
//!
//! Most results carry none, so the dataset keeps them in a sparse side
//! table (see [`Dataset::lab_range`](super::Dataset::lab_range)) rather than
//! beside every value.

use super::analyte::Analyte;
use super::decimal::Decimal;

/// The lab's own lower and upper reference limits for one result, in the
/// analyte's canonical unit; `lower < upper`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct LabRange {
    /// Lower reference limit: below it is flagged `L`.
    pub lower: Decimal,
    /// Upper reference limit: above it is flagged `H`.
    pub upper: Decimal,
}

impl LabRange {
    /// `(lower, upper)`, as `clinical::flag_in_range` takes it.
    pub const fn pair(self) -> (Decimal, Decimal) {
        (self.lower, self.upper)
    }
}

/// One entry of the sparse table: which draw (its position in the
/// dataset), which analyte, which range; 16 bytes rather than the 24 a
/// [`LabRange`] beside a draw and an analyte takes (MIMIC-IV's labevents
/// gives a range with nearly every CBC result: a million of them in a
/// tenth of MIMIC-IV).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct RangeEntry {
    pub(crate) draw: u32,
    pub(crate) analyte: Analyte,
    lower: u32,
    upper: u32,
    lower_scale: u8,
    upper_scale: u8,
}

impl RangeEntry {
    /// The entry of `range` for `analyte` in draw `draw`.
    pub(crate) fn new(draw: u32, analyte: Analyte, range: LabRange) -> RangeEntry {
        RangeEntry {
            draw,
            analyte,
            lower: range.lower.mantissa(),
            upper: range.upper.mantissa(),
            lower_scale: range.lower.scale(),
            upper_scale: range.upper.scale(),
        }
    }

    /// The same range and analyte in draw `draw`.
    pub(crate) fn at(self, draw: u32) -> RangeEntry {
        RangeEntry { draw, ..self }
    }

    /// The range.
    pub(crate) fn range(&self) -> LabRange {
        LabRange {
            lower: Decimal::from_normalized_parts(self.lower, self.lower_scale),
            upper: Decimal::from_normalized_parts(self.upper, self.upper_scale),
        }
    }
}

/// The range of `analyte` in draw `draw` of a table sorted by draw then analyte.
pub(crate) fn find(entries: &[RangeEntry], draw: u32, analyte: Analyte) -> Option<LabRange> {
    entries
        .binary_search_by(|entry| (entry.draw, entry.analyte).cmp(&(draw, analyte)))
        .ok()
        .map(|index| entries[index].range())
}
