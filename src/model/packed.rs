//! A draw's nine values in 16 bytes: the dataset's value column.
//!
//! Each value is a 14-bit code ([`Value::to_code`]), nine side by side; the
//! few values without one (censored, derived, or with more digits) are kept
//! exactly in a sparse side table of [`Escape`]s, sorted by draw position
//! then analyte.

use super::analyte::{ANALYTE_COUNT, Analyte};
use super::value::{CODE_BITS, CODE_ESCAPED, CODE_MISSING, Value, Values};

/// Nine value codes of [`CODE_BITS`] each, the analyte at index `i` in
/// bits `i * CODE_BITS` up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct PackedValues([u64; 2]);

const _: () = assert!(ANALYTE_COUNT as u32 * CODE_BITS <= 128);

/// A draw's value codes, set one by one in any order and then packed side
/// by side: setting one is a store, where setting one in [`PackedValues`]
/// is a 128-bit shift and mask (a large load sets nine million).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Codes([u16; ANALYTE_COUNT]);

impl Codes {
    /// Every analyte missing.
    pub(crate) const MISSING: Codes = Codes([CODE_MISSING; ANALYTE_COUNT]);

    /// Sets one analyte's value, pushing it onto `escapes` (as the value of
    /// draw `draw`) when it has no code.
    #[inline]
    pub(crate) fn set(
        &mut self,
        analyte: Analyte,
        value: Value,
        draw: u32,
        escapes: &mut Vec<Escape>,
    ) {
        self.0[analyte.index()] = code_or_escape(analyte, value, draw, escapes);
    }

    /// Sets one analyte's code, made by [`Value::to_code`] or
    /// [`Value::written_code`].
    #[inline]
    pub(crate) fn set_code(&mut self, analyte: Analyte, code: u16) {
        self.0[analyte.index()] = code;
    }

    /// The codes side by side.
    #[inline]
    pub(crate) fn pack(&self) -> PackedValues {
        let mut bits = 0u128;
        for (index, &code) in self.0.iter().enumerate() {
            bits |= u128::from(code) << (index as u32 * CODE_BITS);
        }
        PackedValues::from_bits(bits)
    }
}

/// The code of `value`, or [`CODE_ESCAPED`] once it is pushed onto
/// `escapes` (as the value of draw `draw`).
#[inline]
fn code_or_escape(analyte: Analyte, value: Value, draw: u32, escapes: &mut Vec<Escape>) -> u16 {
    value.to_code().unwrap_or_else(|| {
        escapes.push(Escape {
            draw,
            analyte,
            value,
        });
        CODE_ESCAPED
    })
}

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
    /// Every analyte missing.
    pub(crate) const EMPTY: PackedValues = {
        let mut bits = 0u128;
        let mut index = 0;
        while index < ANALYTE_COUNT {
            bits |= (CODE_MISSING as u128) << (index as u32 * CODE_BITS);
            index += 1;
        }
        PackedValues::from_bits(bits)
    };

    const fn from_bits(bits: u128) -> PackedValues {
        PackedValues([bits as u64, (bits >> 64) as u64])
    }

    fn bits(&self) -> u128 {
        u128::from(self.0[0]) | u128::from(self.0[1]) << 64
    }

    /// The code of one analyte.
    pub(crate) fn code(&self, analyte: Analyte) -> u16 {
        (self.bits() >> (analyte.index() as u32 * CODE_BITS)) as u16 & CODE_MISSING
    }

    /// Sets one analyte's value, pushing it onto `escapes` (as the value of
    /// draw `draw`) when it has no code.
    pub(crate) fn set(
        &mut self,
        analyte: Analyte,
        value: Value,
        draw: u32,
        escapes: &mut Vec<Escape>,
    ) {
        let shift = analyte.index() as u32 * CODE_BITS;
        let code = code_or_escape(analyte, value, draw, escapes);
        let bits = self.bits() & !(u128::from(CODE_MISSING) << shift) | u128::from(code) << shift;
        *self = PackedValues::from_bits(bits);
    }

    /// Packs `values` of the draw at `draw`, pushing the values without a
    /// code onto `escapes` (in analyte order).
    pub(crate) fn pack(values: &Values, draw: u32, escapes: &mut Vec<Escape>) -> PackedValues {
        let mut codes = Codes::MISSING;
        for (analyte, value) in values.iter() {
            codes.set(analyte, value, draw, escapes);
        }
        codes.pack()
    }

    /// The value of one analyte of the draw at `draw`.
    pub(crate) fn value(&self, analyte: Analyte, draw: u32, escapes: &[Escape]) -> Value {
        Value::from_code(self.code(analyte)).unwrap_or_else(|| find(escapes, draw, analyte))
    }

    /// The values of the draw at `draw`; `escapes` holds (at least) its
    /// escaped values, sorted by draw then analyte.
    pub(crate) fn unpack(&self, draw: u32, escapes: &[Escape]) -> Values {
        let bits = self.bits();
        let mut values = Values::EMPTY;
        for analyte in Analyte::ALL {
            let code = (bits >> (analyte.index() as u32 * CODE_BITS)) as u16 & CODE_MISSING;
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
        assert_eq!(plain, PackedValues::EMPTY);
        assert_eq!(plain.unpack(8, &[]), Values::EMPTY);
        assert_eq!(std::mem::size_of::<PackedValues>(), 16);
        let mut codes = Codes::MISSING;
        for (position, analyte) in Analyte::ALL.into_iter().rev().enumerate() {
            let value = Value::exact(Decimal::lit(4000 + position as u32, 0));
            codes.set(analyte, value, 9, &mut escapes);
        }
        let each = codes.pack();
        let mut one_by_one = PackedValues::EMPTY;
        for (position, analyte) in Analyte::ALL.into_iter().rev().enumerate() {
            let value = Value::exact(Decimal::lit(4000 + position as u32, 0));
            one_by_one.set(analyte, value, 9, &mut escapes);
        }
        assert_eq!(one_by_one, each);
        for (position, analyte) in Analyte::ALL.into_iter().rev().enumerate() {
            let value = Value::exact(Decimal::lit(4000 + position as u32, 0));
            assert_eq!(each.value(analyte, 9, &[]), value, "{analyte} kept");
        }
    }
}
