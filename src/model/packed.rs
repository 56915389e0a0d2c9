//! A draw's nine values in 18 bytes: the dataset's value column.
//!
//! Each value is a 16-bit code ([`Value::to_code`]); the few values without
//! one (censored, derived, or with more digits) are kept exactly in a sparse
//! side table of [`Escape`]s, sorted by draw position then analyte.

use super::analyte::{ANALYTE_COUNT, Analyte};
use super::value::{CODE_ESCAPED, Value, Values};

/// Nine value codes, indexed by [`Analyte`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct PackedValues([u16; ANALYTE_COUNT]);

/// A value without a code, at one draw position and analyte.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Escape {
    /// The draw's position in the dataset.
    pub(crate) draw: u32,
    /// Which of its values.
    pub(crate) analyte: Analyte,
    /// The value itself.
    pub(crate) value: Value,
}

impl PackedValues {
    /// Packs `values` of the draw at `draw`, pushing the values without a
    /// code onto `escapes` (in analyte order).
    pub(crate) fn pack(values: &Values, draw: u32, escapes: &mut Vec<Escape>) -> PackedValues {
        let mut codes = [CODE_ESCAPED; ANALYTE_COUNT];
        for ((analyte, value), code) in values.iter().zip(codes.iter_mut()) {
            match value.to_code() {
                Some(fits) => *code = fits,
                None => escapes.push(Escape {
                    draw,
                    analyte,
                    value,
                }),
            }
        }
        PackedValues(codes)
    }

    /// The values of the draw at `draw`; `escapes` holds (at least) its
    /// escaped values, sorted by draw then analyte.
    pub(crate) fn unpack(&self, draw: u32, escapes: &[Escape]) -> Values {
        let mut values = Values::EMPTY;
        for analyte in Analyte::ALL {
            let code = self.0[analyte.index()];
            let value = Value::from_code(code).unwrap_or_else(|| find(escapes, draw, analyte));
            values.set(analyte, value);
        }
        values
    }
}

/// The escaped value of `analyte` in draw `draw`; missing if the table
/// lacks it (which a well-built table never does).
fn find(escapes: &[Escape], draw: u32, analyte: Analyte) -> Value {
    escapes
        .binary_search_by(|entry| (entry.draw, entry.analyte).cmp(&(draw, analyte)))
        .map_or(Value::MISSING, |index| escapes[index].value)
}

/// The part of a sorted escape table for draw positions `start..end`.
pub(crate) fn escapes_between(escapes: &[Escape], start: u32, end: u32) -> &[Escape] {
    let first = escapes.partition_point(|entry| entry.draw < start);
    let last = escapes.partition_point(|entry| entry.draw < end);
    &escapes[first..last.max(first)]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Censor, Decimal, Reading};

    #[test]
    fn packs_codes_and_escapes_the_rest_exactly() {
        let below = Value::new(Reading {
            amount: Decimal::lit(10, 0),
            censor: Censor::Below,
            derived: false,
        });
        let mut values = Values::EMPTY
            .with(Analyte::Plt, Decimal::lit(250, 0))
            .with(Analyte::Hgb, Decimal::parse("8.94105").unwrap());
        values.set(Analyte::Anc, below);
        let mut escapes = Vec::new();
        let packed = PackedValues::pack(&values, 7, &mut escapes);
        assert_eq!(escapes.len(), 2);
        assert_eq!(escapes[0].analyte, Analyte::Hgb);
        assert_eq!(packed.unpack(7, &escapes), values);
        assert_eq!(escapes_between(&escapes, 7, 8).len(), 2);
        assert!(escapes_between(&escapes, 0, 7).is_empty());
        let plain = PackedValues::pack(&Values::EMPTY, 8, &mut escapes);
        assert_eq!(plain.unpack(8, &[]), Values::EMPTY);
    }
}
