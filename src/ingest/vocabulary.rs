//! What header names and test names mean: aliases, LOINC codes, MIMIC itemids.
//!
//! Names are matched in any letter case, with spaces, hyphens and underscores
//! alike, after trimming surrounding whitespace; codes are matched exactly.

mod names;
mod resolve;

use crate::model::{Analyte, Decimal};

use self::names::{AnalyteName, FoldedName, analyte_name, coded_test, mimic_itemid, plain_role};
use super::units::{
    Unit, accepted_units, canonical_unit, factor_to_canonical, mismatch_message, parse_unit,
};

pub use self::resolve::{Resolved, TestUnitError, resolve_test, resolve_test_cell};

/// What one column of a header is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnRole {
    /// Patient identifier (required).
    PatientId,
    /// Patient name.
    Name,
    /// Patient sex.
    Sex,
    /// Birth date.
    BirthDate,
    /// Collection time (required).
    Time,
    /// A wide file's analyte column, with the unit its header gave (or the
    /// canonical unit when the analyte may omit it).
    Analyte {
        /// Which analyte.
        analyte: Analyte,
        /// The unit values are in.
        unit: Unit,
    },
    /// A wide file's percentage column (neutrophils %, reticulocytes %):
    /// not an absolute count.
    Percentage(Analyte),
    /// A long file's test name or code column.
    Test,
    /// A long file's value column.
    Value,
    /// A long file's numeric value beside its text value (MIMIC's
    /// `valuenum`), read together with the value column.
    ValueNumber,
    /// A long file's comment on the result (MIMIC's `comments`): a leading
    /// `<` or `>` there qualifies a masked value's `valuenum`.
    Comments,
    /// The lower end of the lab's reference range of a long file's row
    /// (MIMIC's `ref_range_lower`), in the row's unit.
    RangeLower,
    /// The upper end of the lab's reference range (`ref_range_upper`).
    RangeUpper,
    /// A long file's unit column.
    Unit,
    /// A specimen identifier: observations of one specimen form one draw.
    Specimen,
    /// An encounter identifier: observations of one encounter form one draw.
    Encounter,
    /// Any other column: read past.
    Other,
}

/// Why a header column cannot be used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ColumnError(pub String);

/// What a header column means; an error when it names an analyte with an
/// unknown unit, a unit that does not fit it, or no unit where one is needed.
///
/// The unit follows the name in parentheses or brackets (`plt (10^3/uL)`,
/// `hgb [g/L]`, `PLT(K/uL)`) and is read by [`parse_unit`]. Without one an
/// analyte column is in its canonical unit, except `neutrophils`, `lymphocytes`, `retic` and
/// `reticulocytes`, which are refused: exports give them as counts or as
/// percentages. On those four, `%` makes a [`ColumnRole::Percentage`].
///
/// A bracketed note after any other known name (`collected_at (UTC)`) is
/// read past, except after `value`: a long file's units belong in its unit
/// column, and a unit there would otherwise be silently dropped. A leading
/// byte-order mark is ignored. Names that are no alias are
/// [`ColumnRole::Other`].
pub fn classify_column(header: &str) -> Result<ColumnRole, ColumnError> {
    let header = header.trim_start_matches('\u{FEFF}').trim();
    let (name, annotation) = split_annotation(header);
    let Some(folded) = FoldedName::new(name) else {
        return Ok(ColumnRole::Other);
    };
    if let Some(role) = plain_role(folded.as_bytes()) {
        return match (role, annotation) {
            (ColumnRole::Value, Annotation::Unit(_) | Annotation::Malformed) => {
                Err(ColumnError(format!(
                    "column {header:?}: a long file gives units in its unit column, \
                     not in the value header"
                )))
            }
            (role, _) => Ok(role),
        };
    }
    match analyte_name(folded.as_bytes()) {
        Some(analyte) => analyte_column(header, name, analyte, annotation),
        None => Ok(ColumnRole::Other),
    }
}

/// True when two units name the same for `test`: one unit, or two that
/// measure it alike (`10*9/L` and `G/L` of platelets, where `G/L` of
/// hemoglobin would be grams).
pub fn same_unit_for(test: TestName, a: &str, b: &str) -> bool {
    if parse_unit(a) == parse_unit(b) {
        return true;
    }
    let measured = |unit: &str| match resolve_test_cell(test, unit) {
        Ok(Resolved::Analyte { analyte, unit }) => {
            factor_to_canonical(analyte, unit).map(|factor| (analyte, false, factor))
        }
        Ok(Resolved::Percentage(analyte)) => Some((analyte, true, Decimal::lit(1, 0))),
        _ => None,
    };
    matches!((measured(a), measured(b)), (Some(x), Some(y)) if x == y)
}

/// What a column hemotrend does not read says of units, by its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnitColumn {
    /// The results' unit under another name than the unit column's
    /// (`lab_uom`, `test units`): a long file's values would be read in
    /// canonical units beside it.
    Results,
    /// One analyte's unit (`hgb_unit`, `plt units`): a wide file's values
    /// would be read in canonical units beside it.
    Of(Analyte),
}

/// [`UnitColumn`] of a header that no other role claims: a name whose last
/// word is `unit`, `units` or `uom`, after an analyte's name or a word for
/// results. A ward's `care_unit` is neither.
pub fn unit_column(header: &str) -> Option<UnitColumn> {
    let header = header.trim_start_matches('\u{FEFF}').trim();
    let folded = FoldedName::new(split_annotation(header).0)?;
    let folded = folded.as_bytes();
    let head = [b"_units".as_slice(), b"_unit", b"_uom"]
        .into_iter()
        .find_map(|tail| folded.strip_suffix(tail))?;
    let head = head.strip_suffix(b"_of_measure").unwrap_or(head);
    if let Some(name) = analyte_name(head) {
        let analyte = match name {
            AnalyteName::Fixed(analyte) | AnalyteName::CountOrPercentage(analyte) => analyte,
        };
        return Some(UnitColumn::Of(analyte));
    }
    matches!(
        head,
        b"result" | b"value" | b"test" | b"lab" | b"measurement" | b"observation" | b"obs"
    )
    .then_some(UnitColumn::Results)
}

/// What follows a header's name in brackets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Annotation<'a> {
    /// No bracket.
    None,
    /// The text between the brackets, trimmed.
    Unit(&'a str),
    /// A bracket that is not closed at the end of the header, or nested.
    Malformed,
}

/// Splits a trimmed header into its name and what its brackets hold.
fn split_annotation(header: &str) -> (&str, Annotation<'_>) {
    let Some(open) = header.find(['(', '[']) else {
        return (header, Annotation::None);
    };
    let name = header[..open].trim_end();
    let close = if header[open..].starts_with('(') {
        ')'
    } else {
        ']'
    };
    let annotation = match header[open + 1..].strip_suffix(close) {
        Some(inner) if !inner.contains(['(', ')', '[', ']']) => Annotation::Unit(inner.trim()),
        _ => Annotation::Malformed,
    };
    (name, annotation)
}

/// The role of a column named after an analyte, from the unit its header gives.
fn analyte_column(
    header: &str,
    name: &str,
    analyte_name: AnalyteName,
    annotation: Annotation<'_>,
) -> Result<ColumnRole, ColumnError> {
    let (analyte, count_or_percentage) = match analyte_name {
        AnalyteName::Fixed(analyte) => (analyte, false),
        AnalyteName::CountOrPercentage(analyte) => (analyte, true),
    };
    let or_percentage = if count_or_percentage {
        " for an absolute count, or % for a percentage"
    } else {
        ""
    };
    let written = match annotation {
        Annotation::None if count_or_percentage => {
            return Err(ColumnError(format!(
                "column {name:?} needs a unit: \"{name} (10^9/L)\" for an absolute count \
                 or \"{name} (%)\" for a percentage"
            )));
        }
        Annotation::None => {
            return Ok(ColumnRole::Analyte {
                analyte,
                unit: canonical_unit(analyte),
            });
        }
        Annotation::Malformed => {
            return Err(ColumnError(format!(
                "column {header:?}: write the unit in closed brackets at the end, \
                 as in \"{name} ({})\"",
                analyte.unit()
            )));
        }
        Annotation::Unit(written) => written,
    };
    let Some(unit) = parse_unit(written) else {
        return Err(ColumnError(format!(
            "column {header:?}: unknown unit \"{}\"; {} takes {}{or_percentage}",
            crate::safe_text::shown_id(written),
            analyte.name(),
            accepted_units(analyte),
        )));
    };
    if count_or_percentage && unit == Unit::Percent {
        return Ok(ColumnRole::Percentage(analyte));
    }
    if factor_to_canonical(analyte, unit).is_none() {
        return Err(ColumnError(format!(
            "column {header:?}: {}{or_percentage}",
            mismatch_message(analyte, written)
        )));
    }
    Ok(ColumnRole::Analyte { analyte, unit })
}

/// What a long file's test column names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TestName {
    /// An analyte, whatever the unit (a LOINC code for an absolute count...).
    Analyte(Analyte),
    /// A percentage of the differential (neutrophils %, reticulocytes %).
    Percentage(Analyte),
    /// `neutrophils`, `lymphocytes`, `retic`, `reticulocytes`: absolute with a
    /// count unit, a percentage with `%`; the unit decides.
    CountOrPercentage(Analyte),
    /// A test that is not part of a CBC: the row is ignored.
    Other,
}

/// Identifies a test by analyte name or alias, LOINC code or MIMIC itemid.
///
/// Names are folded as header names are (but take no unit in brackets);
/// codes must be written exactly (`6690-2`, `51222`), surrounding whitespace
/// aside. Anything else is [`TestName::Other`].
pub fn identify_test(text: &str) -> TestName {
    let text = crate::safe_text::trim(text);
    if let Some(test) = coded_test(text.as_bytes()) {
        return test;
    }
    // Digits alone name no analyte: the itemid of another test.
    if text.bytes().all(|byte| byte.is_ascii_digit()) {
        return TestName::Other;
    }
    FoldedName::new(text)
        .and_then(|folded| analyte_name(folded.as_bytes()))
        .map_or(TestName::Other, AnalyteName::into_test)
}

/// [`identify_test`] of a field that is ASCII digits alone (a MIMIC
/// itemid, or the number of another lab's test), read from its bytes:
/// most of a lab's rows are named so, and need no text check or trimming.
/// `None` for any other field.
pub fn identify_digits(field: &[u8]) -> Option<TestName> {
    // One pass: the digits checked and read as a number together.
    let (&first, _) = field.split_first()?;
    let mut number = 0u32;
    for &byte in field {
        if !byte.is_ascii_digit() {
            return None;
        }
        number = number.wrapping_mul(10).wrapping_add(u32::from(byte - b'0'));
    }
    // An itemid is written without leading zeros, in at most nine digits.
    if first == b'0' || field.len() > 9 {
        return Some(TestName::Other);
    }
    Some(mimic_itemid(number).unwrap_or(TestName::Other))
}

#[cfg(test)]
mod tests;
