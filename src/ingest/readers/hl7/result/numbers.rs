//! The numbers an OBX holds: OBX-5 as NM or SN (with its comparator), and
//! the lab's range in OBX-7.

use crate::ingest::long_value::describe;
use crate::model::{Censor, Decimal, LabRange};

use super::super::grammar::{Separators, component, text};
use super::Refusal;

/// A number, or none for an empty field.
pub(super) fn number(written: &str) -> std::result::Result<Option<Decimal>, Refusal> {
    if written.is_empty() {
        return Ok(None);
    }
    // HL7 v2's NM allows a leading sign; a + changes nothing.
    let unsigned = written.strip_prefix('+').unwrap_or(written);
    Decimal::parse(unsigned)
        .map(Some)
        .map_err(|error| ("OBX-5", describe(written, error)))
}

/// An SN value: comparator^number (`<^10`, `>^1000`, `=^5`, `^5`), or a
/// number written without its `^` (`100`, `<10`); `<=`, `>=`, ranges and
/// ratios are refused, as they cannot be held as one value soundly.
pub(super) fn structured(
    raw: &[u8],
    separators: &Separators,
) -> std::result::Result<Option<(Censor, Decimal)>, Refusal> {
    let part = |n: usize| text(component(raw, separators, n), separators);
    // An SN written as a plain number (`100`, `<10`, `=5`), without its
    // `^`: the number it plainly is, or why it is none.
    if !raw.contains(&separators.component) {
        let written = part(1);
        // `=` says exact, and `+` changes nothing (as in NM).
        let number = written.strip_prefix('=').unwrap_or(&written);
        let number = number.strip_prefix('+').unwrap_or(number);
        if number.starts_with("<=") || number.starts_with(">=") {
            return Err((
                "OBX-5",
                format!(
                    "comparator in \"{written}\" cannot be held soundly; hemotrend keeps exact, < and >"
                ),
            ));
        }
        return crate::ingest::cell::parse_cell(number)
            .map_err(|error| ("OBX-5", describe(&written, error)));
    }
    let censor = match part(1).as_str() {
        "" | "=" => Censor::Exact,
        "<" => Censor::Below,
        ">" => Censor::Above,
        other => {
            return Err((
                "OBX-5",
                format!(
                    "comparator \"{other}\" cannot be held soundly; hemotrend keeps exact, < and >"
                ),
            ));
        }
    };
    if !part(3).is_empty() || !part(4).is_empty() {
        return Err(("OBX-5", "a range or ratio is not one value".to_string()));
    }
    Ok(number(&part(2))?.map(|amount| (censor, amount)))
}

/// OBX-7, `low-high` or `low to high`, in the value's unit; none when
/// empty; an error (a warning: the value loads, judged by the limits for
/// the age and sex) for anything else, a one-sided range (`>3.5`) among
/// them: flagged by the defaults without a word, a WBC of 3.8 read `L`
/// where the lab's range called it normal.
pub(super) fn lab_range(
    written: &str,
    factor: Decimal,
) -> std::result::Result<Option<LabRange>, String> {
    if written.is_empty() {
        return Ok(None);
    }
    if written.starts_with(['<', '>']) {
        return Err(format!(
            "reference range \"{written}\" has one limit; hemotrend reads a range with both"
        ));
    }
    let (low, high) = match written.find(" to ") {
        Some(at) => (&written[..at], &written[at + 4..]),
        None => match written.get(1..).and_then(|rest| rest.find('-')) {
            Some(at) => (&written[..=at], &written[at + 2..]),
            None => return Err(format!("reference range \"{written}\" is not low-high")),
        },
    };
    // `1.500-7.000` /uL: a thousands point, or limits a thousand times
    // lower (ANC 0.5 flagged H): the range is not used, as in a CSV file.
    for text in [low, high] {
        if let Some(reason) = crate::ingest::rows::thousands_point(text.trim(), factor) {
            return Err(format!("reference range \"{written}\": {reason}"));
        }
    }
    let end = |text: &str| {
        Decimal::parse(text.trim())
            .ok()
            .and_then(|amount| amount.checked_mul(factor).ok())
            .ok_or_else(|| format!("reference range \"{written}\" is not low-high"))
    };
    let (lower, upper) = (end(low)?, end(high)?);
    if lower < upper {
        // Shown as the lab wrote them (`1.5-7.0`).
        let range = LabRange::new(lower, upper);
        Ok(Some(crate::ingest::rows::range_as_written(
            range, low, high, factor,
        )))
    } else {
        Err(format!(
            "reference range {lower}-{upper}: the low must be below the high"
        ))
    }
}
