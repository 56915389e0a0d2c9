//! A Quantity read: what it measures and the factor to canonical units,
//! from its UCUM code or unit text, and its number with its comparator.

use crate::ingest::long_value::describe;
use crate::ingest::rows::Measure;
use crate::ingest::units::{factor_to_canonical, parse_unit};
use crate::ingest::vocabulary::{Resolved, TestName, resolve_test_cell, same_unit_for};
use crate::model::{Censor, Decimal};

use super::super::resources::Quantity;
use super::Refusal;

/// What a quantity of test `test` measures and the factor to canonical
/// units; its unit is the UCUM `code`, else `unit` (also where the code is
/// a local system's that hemotrend cannot read, `KUL` beside `K/uL`), and
/// the two must not name different units.
pub(in crate::ingest::readers::fhir) fn measure_of(
    test: TestName,
    quantity: &Quantity<'_>,
    element: &'static str,
) -> Result<(Measure, Decimal), Refusal> {
    let code = quantity
        .code
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty());
    let shown = quantity
        .unit
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty());
    // A code of a system that is not UCUM's and that hemotrend cannot read
    // (a local `KUL`) gives way to a unit text it reads (`K/uL`); a code
    // that may be UCUM's (`10*3/mm3`) never does.
    let local = quantity
        .system
        .as_deref()
        .is_some_and(|system| system.trim() != UCUM_SYSTEM);
    let local_code = local && code.is_some_and(|code| parse_unit(code).is_none());
    let readable_shown = shown.filter(|shown| parse_unit(shown).is_some());
    let written = match (code, shown) {
        (Some(_), _) if local_code && readable_shown.is_some() => readable_shown,
        (Some(code), _) => Some(code),
        (None, shown) => shown,
    };
    let Some(written) = written else {
        return Err((element, format!("{element} has no unit")));
    };
    if let (Some(code), Some(shown)) = (code, shown)
        && parse_unit(code).is_some()
        && parse_unit(shown).is_some()
        && !same_unit_for(test, code, shown)
    {
        return Err((
            element,
            format!("{element} code \"{code}\" and unit \"{shown}\" name different units"),
        ));
    }
    match resolve_test_cell(test, written) {
        Ok(Resolved::Analyte { analyte, unit }) => {
            let factor = factor_to_canonical(analyte, unit).ok_or_else(|| {
                (
                    element,
                    format!("unit \"{written}\" does not fit {analyte}"),
                )
            })?;
            Ok((Measure::Count(analyte), factor))
        }
        Ok(Resolved::Percentage(analyte)) => Ok((Measure::Percent(analyte), Decimal::lit(1, 0))),
        Ok(Resolved::Other) => Err((element, "not a CBC test".to_string())),
        Err(error) => Err((element, error.to_string())),
    }
}

/// UCUM's system, as a FHIR Quantity names it.
const UCUM_SYSTEM: &str = "http://unitsofmeasure.org";

/// The number of a quantity with its comparator: `<` and `>` censor it;
/// `<=`, `>=` and `ad` are refused, since a bound that may be reached
/// cannot be held as `<` or `>` soundly.
pub(in crate::ingest::readers::fhir) fn number_of(
    quantity: &Quantity<'_>,
    element: &'static str,
) -> Result<Option<(Censor, Decimal)>, Refusal> {
    let Some(raw) = quantity.value else {
        return Ok(None);
    };
    let text = raw.get();
    if !text.starts_with(|c: char| c.is_ascii_digit() || c == '-') {
        return Err((element, format!("value {text} is not a JSON number")));
    }
    let amount = Decimal::parse(text).map_err(|error| (element, describe(text, error)))?;
    let censor = match quantity.comparator.as_deref() {
        None => Censor::Exact,
        Some("<") => Censor::Below,
        Some(">") => Censor::Above,
        Some(other) => {
            return Err((
                element,
                format!(
                    "comparator \"{other}\" cannot be held soundly; hemotrend keeps exact, < and >"
                ),
            ));
        }
    };
    Ok(Some((censor, amount)))
}
