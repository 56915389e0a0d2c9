//! A reference interval the lab reported with one result.
//!
//! Most results carry none, so the dataset keeps them in a sparse side
//! table (see [`Dataset::lab_range`](super::Dataset::lab_range)) rather than
//! beside every value.

use super::analyte::Analyte;
use super::decimal::Decimal;

/// The lab's own lower and upper reference limits for one result, in the
/// analyte's canonical unit; `lower < upper`. Two ranges of the same
/// limits are equal however their places were written.
#[derive(Clone, Copy, Debug)]
pub struct LabRange {
    /// Lower reference limit: below it is flagged `L`.
    pub lower: Decimal,
    /// Upper reference limit: above it is flagged `H`.
    pub upper: Decimal,
    /// The decimal places each limit is shown with at least (lower, upper):
    /// those the lab wrote (`7.0`), which the amount (7) does not keep.
    pub places: (u8, u8),
    /// The significant digits each limit is shown to when it was converted
    /// by an inexact factor (7.45 mmol/L of hemoglobin is 12.00493 g/dL,
    /// shown `12.0`: the lab wrote three digits), as a converted value is;
    /// 0 for a limit shown as written.
    pub significant: (u8, u8),
}

impl PartialEq for LabRange {
    fn eq(&self, other: &LabRange) -> bool {
        self.pair() == other.pair()
    }
}

impl Eq for LabRange {}

impl std::hash::Hash for LabRange {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.pair().hash(state);
    }
}

impl LabRange {
    /// The range of these limits, shown as their amounts.
    pub const fn new(lower: Decimal, upper: Decimal) -> LabRange {
        LabRange {
            lower,
            upper,
            places: (0, 0),
            significant: (0, 0),
        }
    }

    /// The same range, its limits shown with at least these places (at
    /// most 7 each).
    pub fn with_places(self, lower: u8, upper: u8) -> LabRange {
        LabRange {
            places: (lower.min(7), upper.min(7)),
            ..self
        }
    }

    /// The same range, its limits shown to these significant digits (at
    /// most 15 each; 0 as written).
    pub fn with_significant(self, lower: u8, upper: u8) -> LabRange {
        LabRange {
            significant: (lower.min(15), upper.min(15)),
            ..self
        }
    }

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
    /// The lower limit's scale (bits 0-2) and the places it is shown
    /// with (bits 3-5): no byte more per entry.
    lower_scale: u8,
    /// The same of the upper limit.
    upper_scale: u8,
    /// The significant digits of the lower limit (bits 0-3) and of the
    /// upper (bits 4-7): the byte the others' alignment left free.
    significant: u8,
}

impl RangeEntry {
    /// The entry of `range` for `analyte` in draw `draw`.
    pub(crate) fn new(draw: u32, analyte: Analyte, range: LabRange) -> RangeEntry {
        RangeEntry {
            draw,
            analyte,
            lower: range.lower.mantissa(),
            upper: range.upper.mantissa(),
            lower_scale: range.lower.scale() | range.places.0 << 3,
            upper_scale: range.upper.scale() | range.places.1 << 3,
            significant: range.significant.0 | range.significant.1 << 4,
        }
    }

    /// The same range and analyte in draw `draw`.
    pub(crate) fn at(self, draw: u32) -> RangeEntry {
        RangeEntry { draw, ..self }
    }

    /// The range.
    pub(crate) fn range(&self) -> LabRange {
        LabRange::new(
            Decimal::from_normalized_parts(self.lower, self.lower_scale & 0b111),
            Decimal::from_normalized_parts(self.upper, self.upper_scale & 0b111),
        )
        .with_places(self.lower_scale >> 3, self.upper_scale >> 3)
        .with_significant(self.significant & 0xf, self.significant >> 4)
    }
}

/// The range of `analyte` in draw `draw` of a table sorted by draw then analyte.
pub(crate) fn find(entries: &[RangeEntry], draw: u32, analyte: Analyte) -> Option<LabRange> {
    entries
        .binary_search_by(|entry| (entry.draw, entry.analyte).cmp(&(draw, analyte)))
        .ok()
        .map(|index| entries[index].range())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_keeps_the_places_and_significant_digits_in_16_bytes() {
        assert_eq!(std::mem::size_of::<RangeEntry>(), 16);
        let range = LabRange::new(Decimal::lit(1200493, 5), Decimal::lit(16001202, 6))
            .with_places(2, 7)
            .with_significant(3, 15);
        let back = RangeEntry::new(4, Analyte::Hgb, range).range();
        assert_eq!(back, range);
        assert_eq!((back.places, back.significant), ((2, 7), (3, 15)));
    }
}
