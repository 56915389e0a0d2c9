//! The tables of names: header aliases, analyte names, LOINC codes and MIMIC
//! itemids, matched on a folded copy of the name held on the stack.

use crate::model::Analyte;

use super::{ColumnRole, TestName};

/// Longer than any name in the tables (`collection_time` is 15 bytes), so a
/// longer text is known to match none without being read to its end.
const MAX_NAME_LEN: usize = 24;

/// A name in lowercase ASCII with spaces and hyphens written as underscores,
/// so that `Patient ID`, `patient-id` and `PATIENT_ID` are one name.
pub(super) struct FoldedName {
    bytes: [u8; MAX_NAME_LEN],
    len: usize,
}

impl FoldedName {
    /// Folds a trimmed name; `None` when it is too long or not ASCII, and so
    /// is no name in the tables.
    pub(super) fn new(name: &str) -> Option<FoldedName> {
        let mut folded = FoldedName {
            bytes: [0; MAX_NAME_LEN],
            len: 0,
        };
        for &byte in name.as_bytes() {
            let byte = match byte {
                b' ' | b'-' | b'_' => b'_',
                byte if byte.is_ascii() => byte.to_ascii_lowercase(),
                _ => return None,
            };
            *folded.bytes.get_mut(folded.len)? = byte;
            folded.len += 1;
        }
        Some(folded)
    }

    /// The folded bytes.
    pub(super) fn as_bytes(&self) -> &[u8] {
        &self.bytes[..self.len]
    }
}

/// The role of a header name that is not an analyte, if it is one of the
/// aliases of DESIGN.md.
pub(super) fn plain_role(folded: &[u8]) -> Option<ColumnRole> {
    let role = match folded {
        b"patient_id" | b"patient" | b"mrn" | b"subject_id" => ColumnRole::PatientId,
        b"name" | b"patient_name" => ColumnRole::Name,
        b"sex" => ColumnRole::Sex,
        b"birth_date" | b"dob" => ColumnRole::BirthDate,
        b"collected_at" | b"date" | b"datetime" | b"collection_time" | b"charttime" => {
            ColumnRole::Time
        }
        b"test" | b"analyte" | b"code" | b"loinc" | b"itemid" => ColumnRole::Test,
        b"value" => ColumnRole::Value,
        b"valuenum" => ColumnRole::ValueNumber,
        b"comments" => ColumnRole::Comments,
        b"ref_range_lower" => ColumnRole::RangeLower,
        b"ref_range_upper" => ColumnRole::RangeUpper,
        b"unit" | b"units" | b"valueuom" | b"uom" | b"unit_of_measure" | b"units_of_measure"
        | b"result_unit" | b"result_units" | b"value_unit" | b"value_units"
        | b"measurement_unit" | b"measurement_units" => ColumnRole::Unit,
        b"specimen_id" | b"specimen" => ColumnRole::Specimen,
        // Not MIMIC's `hadm_id`: one hospital admission holds many draws.
        b"encounter" | b"encounter_id" => ColumnRole::Encounter,
        _ => return None,
    };
    Some(role)
}

/// What an analyte name says about the values under it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum AnalyteName {
    /// Always this analyte (`plt`, `anc`, ...).
    Fixed(Analyte),
    /// `neutrophils`, `lymphocytes`, `retic`, `reticulocytes`: an absolute
    /// count or a percentage, as the unit says.
    CountOrPercentage(Analyte),
}

impl AnalyteName {
    /// The same name as a long file's test.
    pub(super) fn into_test(self) -> TestName {
        match self {
            AnalyteName::Fixed(analyte) => TestName::Analyte(analyte),
            AnalyteName::CountOrPercentage(analyte) => TestName::CountOrPercentage(analyte),
        }
    }
}

/// The analyte a folded name or alias stands for.
pub(super) fn analyte_name(folded: &[u8]) -> Option<AnalyteName> {
    use AnalyteName::{CountOrPercentage, Fixed};
    let name = match folded {
        b"wbc" | b"leukocytes" => Fixed(Analyte::Wbc),
        b"rbc" | b"erythrocytes" => Fixed(Analyte::Rbc),
        b"hgb" | b"hb" | b"hemoglobin" | b"haemoglobin" => Fixed(Analyte::Hgb),
        b"hct" | b"hematocrit" | b"haematocrit" => Fixed(Analyte::Hct),
        b"mcv" => Fixed(Analyte::Mcv),
        b"plt" | b"platelets" | b"thrombocytes" => Fixed(Analyte::Plt),
        b"anc" => Fixed(Analyte::Anc),
        b"alc" => Fixed(Analyte::Alc),
        b"neutrophils" => CountOrPercentage(Analyte::Anc),
        b"lymphocytes" => CountOrPercentage(Analyte::Alc),
        b"retic" | b"reticulocytes" => CountOrPercentage(Analyte::Retic),
        _ => return None,
    };
    Some(name)
}

/// The test a LOINC code or MIMIC-IV itemid stands for (clinical.md §5),
/// matched exactly as written (trimmed).
pub(super) fn coded_test(code: &[u8]) -> Option<TestName> {
    use TestName::{Analyte as Absolute, Percentage};
    // Digits alone can only be an itemid: matched as a number, not against
    // every code in turn (most rows of MIMIC's labevents are of other tests).
    if let [b'1'..=b'9', rest @ ..] = code
        && rest.len() < 9
        && rest.iter().all(u8::is_ascii_digit)
    {
        let number = code
            .iter()
            .fold(0u32, |n, &digit| n * 10 + u32::from(digit - b'0'));
        return mimic_itemid(number);
    }
    let test = match code {
        // LOINC.
        b"6690-2" | b"26464-8" => Absolute(Analyte::Wbc),
        b"789-8" | b"26453-1" => Absolute(Analyte::Rbc),
        b"718-7" => Absolute(Analyte::Hgb),
        b"4544-3" | b"20570-8" => Absolute(Analyte::Hct),
        b"787-2" | b"30428-7" => Absolute(Analyte::Mcv),
        b"777-3" | b"26515-7" => Absolute(Analyte::Plt),
        b"751-8" | b"26499-4" => Absolute(Analyte::Anc),
        b"770-8" | b"26511-6" | b"23761-0" => Percentage(Analyte::Anc),
        b"731-0" | b"26474-7" => Absolute(Analyte::Alc),
        b"26478-8" | b"736-9" => Percentage(Analyte::Alc),
        b"60474-4" | b"14196-0" => Absolute(Analyte::Retic),
        b"17849-1" | b"4679-7" => Percentage(Analyte::Retic),
        _ => return None,
    };
    Some(test)
}

/// The MIMIC-IV itemids [`mimic_itemid`] reads, as bits from the
/// smallest: most rows of MIMIC's labevents name other tests, told apart
/// by one bit rather than a chain of comparisons that goes another way for
/// every row.
struct CbcItemids {
    first: u32,
    bits: [u64; 26],
}

const CBC_ITEMIDS: CbcItemids = {
    let itemids = [
        51301, 51300, 51755, 51279, 51222, 51221, 51250, 51265, 52075, 51256, 51133, 52769, 51244,
        51282, 51283,
    ];
    let mut first = u32::MAX;
    let mut i = 0;
    while i < itemids.len() {
        if itemids[i] < first {
            first = itemids[i];
        }
        i += 1;
    }
    let mut bits = [0u64; 26];
    let mut i = 0;
    while i < itemids.len() {
        let offset = (itemids[i] - first) as usize;
        bits[offset / 64] |= 1 << (offset % 64);
        i += 1;
    }
    CbcItemids { first, bits }
};

/// Whether `itemid` is one [`mimic_itemid`] reads.
fn is_cbc_itemid(itemid: u32) -> bool {
    let Some(offset) = itemid.checked_sub(CBC_ITEMIDS.first) else {
        return false;
    };
    CBC_ITEMIDS
        .bits
        .get(offset as usize / 64)
        .is_some_and(|word| word >> (offset % 64) & 1 == 1)
}

/// The test a MIMIC-IV itemid stands for.
pub(super) fn mimic_itemid(itemid: u32) -> Option<TestName> {
    if !is_cbc_itemid(itemid) {
        return None;
    }
    itemid_test(itemid)
}

/// [`mimic_itemid`], by comparisons alone.
fn itemid_test(itemid: u32) -> Option<TestName> {
    use TestName::{Analyte as Absolute, Percentage};
    let test = match itemid {
        51301 | 51300 | 51755 => Absolute(Analyte::Wbc),
        51279 => Absolute(Analyte::Rbc),
        51222 => Absolute(Analyte::Hgb),
        51221 => Absolute(Analyte::Hct),
        51250 => Absolute(Analyte::Mcv),
        51265 => Absolute(Analyte::Plt),
        52075 => Absolute(Analyte::Anc),
        51256 => Percentage(Analyte::Anc),
        51133 | 52769 => Absolute(Analyte::Alc),
        51244 => Percentage(Analyte::Alc),
        // Not in clinical.md §5, which lists no MIMIC reticulocyte: MIMIC's
        // own "Reticulocyte Count, Absolute" (m/uL) and "..., Automated"
        // (%), in the CBC's specimen; a severe criterion left unknown
        // without them. The manual count (51284) is not the automated
        // count the default cut-off is for.
        51282 => Absolute(Analyte::Retic),
        51283 => Percentage(Analyte::Retic),
        _ => return None,
    };
    Some(test)
}

#[cfg(test)]
mod itemid_tests {
    use super::*;

    /// The bits hold every itemid the match reads, and no other.
    #[test]
    fn the_bits_say_what_the_match_reads() {
        for itemid in 0..100_000 {
            assert_eq!(
                is_cbc_itemid(itemid),
                itemid_test(itemid).is_some(),
                "{itemid}"
            );
        }
    }
}
