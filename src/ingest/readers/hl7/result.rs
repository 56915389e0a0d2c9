//! One OBX segment to one measure of a draw, or why not: the test first
//! (OBX-3, LOINC or its LOINC alternate; any other test is ignored), then
//! the status (OBX-11), the value (OBX-2 and OBX-5) in its unit (OBX-6),
//! and the lab's range (OBX-7), which when unusable costs only itself.

use crate::ingest::rows::{Measure, read_value};
use crate::ingest::units::{factor_to_canonical, parse_unit};
use crate::ingest::vocabulary::same_unit_for;
use crate::ingest::vocabulary::{Resolved, TestName, identify_test, resolve_test_cell};
use crate::model::{Censor, Decimal, LabRange, Value};

use super::grammar::{Segment, Separators, component, split, text};

use self::numbers::{lab_range, number, structured};

mod numbers;

/// A refusal: the field at fault (`OBX-6`) and why.
pub type Refusal = (&'static str, String);

/// OBX-11: what the result is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// `P`: preliminary, replaced by a final one.
    Preliminary,
    /// `F`: final.
    Final,
    /// `C`: corrects the final one.
    Corrected,
    /// `D` (deleted) or `W` (posted wrong): withdraws what was sent.
    Withdrawn,
}

/// What an OBX gives.
pub enum Outcome {
    /// Not a CBC test: ignored.
    Ignored,
    /// `X` (cannot be obtained): no result.
    NoResult,
    /// `D` or `W` (the letter): the earlier result of this test is
    /// withdrawn.
    Withdraws(Measure, char),
    /// A value.
    Value(Result),
}

impl Status {
    /// How a result of this status stands against another of its draw and
    /// test (`None` for a withdrawal, which is no result).
    pub fn standing(self) -> Option<crate::ingest::readers::standing::Standing> {
        use crate::ingest::readers::standing::Standing;
        match self {
            Status::Preliminary => Some(Standing::Preliminary),
            Status::Final => Some(Standing::Final),
            Status::Corrected => Some(Standing::Correction),
            Status::Withdrawn => None,
        }
    }
}

/// A value of a CBC test.
#[derive(Clone, Copy, Debug)]
pub struct Result {
    /// What it measures.
    pub measure: Measure,
    /// In canonical units.
    pub value: Value,
    /// The lab's range, in canonical units.
    pub range: Option<LabRange>,
    /// P, F or C.
    pub status: Status,
}

/// Reads an OBX; `warn` hears of an unusable range.
pub fn read_obx(
    segment: &Segment<'_>,
    separators: &Separators,
    warn: &mut dyn FnMut(&'static str, String),
) -> std::result::Result<Outcome, Refusal> {
    let test = test_of(segment.field(separators, 3), separators);
    if test == TestName::Other {
        return Ok(Outcome::Ignored);
    }
    let written_status = text(segment.field(separators, 11), separators);
    let status = match written_status.as_str() {
        "F" => Status::Final,
        "C" => Status::Corrected,
        "P" => Status::Preliminary,
        "D" | "W" => Status::Withdrawn,
        "X" => return Ok(Outcome::NoResult),
        "" => return Err(("OBX-11", "no result status (F, C or P)".to_string())),
        other => {
            return Err((
                "OBX-11",
                format!(
                    "result status \"{other}\": only F, C and P load (X, D and W are no result)"
                ),
            ));
        }
    };
    // A unit repeated (`g/L~g/dL`) is refused, never its first read; an
    // empty repetition after it (`10*9/L~`) adds nothing. A withdrawal
    // reads no unit it needs, and withdraws all the same.
    let units = split(segment.field(separators, 6), separators.repetition)
        .filter(|unit| !unit.is_empty())
        .count();
    if units > 1 && status != Status::Withdrawn {
        let written = String::from_utf8_lossy(segment.field(separators, 6));
        let bare = char::from(separators.repetition);
        return Err((
            "OBX-6",
            format!(
                "\"{written}\" repeats the unit ({bare}, HL7's repetition separator): a result has one unit"
            ),
        ));
    }
    // OBX-6 is a coded element: identifier, text and coding system, then
    // an alternate of the three (often UCUM). Each names its identifier,
    // or its text where the identifier is a local code hemotrend cannot
    // read (`KUL^K/uL^99LAB`), never where it may be a unit of its own
    // (`10*3/mm3^/mm3^UCUM`); the alternate where the first names no unit
    // hemotrend reads (`GM/DL^^99LAB^g/dL^^UCUM`).
    let raw = segment.field(separators, 6);
    let part = |at: usize| text(component(raw, separators, at), separators);
    // Every component that names a unit must name the same one for the
    // test (`g/L^g/dL` is refused, as a FHIR quantity's code and unit
    // that disagree are): which the value is in is not known.
    if status != Status::Withdrawn {
        let named: Vec<String> = [1, 2, 4, 5]
            .into_iter()
            .map(part)
            .filter(|written| parse_unit(written).is_some())
            .collect();
        if let Some((first, rest)) = named.split_first()
            && let Some(other) = rest.iter().find(|other| !same_unit_for(test, first, other))
        {
            return Err((
                "OBX-6",
                format!(
                    "\"{first}\" and \"{other}\" name different units: which the value is in is not known"
                ),
            ));
        }
    }
    let coded = |id: usize, shown: usize, system: usize| -> String {
        let code = part(id);
        if code.is_empty() {
            return part(shown);
        }
        let system = part(system);
        let local = system.eq_ignore_ascii_case("L") || system.starts_with("99");
        if local && parse_unit(&code).is_none() {
            let shown = part(shown);
            if parse_unit(&shown).is_some() {
                return shown;
            }
        }
        code
    };
    let (unit, alternate) = (coded(1, 2, 3), coded(4, 5, 6));
    let unit = if unit.is_empty() || parse_unit(&unit).is_none() && parse_unit(&alternate).is_some()
    {
        alternate
    } else {
        unit
    };
    // A unit written with a bare `^` (`10^9/L`) is split there, and OBX-6
    // reads as its first part: a refusal says so, rather than call `10` an
    // unknown unit beside a list that holds 10^9/L.
    let split_unit = |refusal: Refusal| -> Refusal {
        let field = text(segment.field(separators, 6), separators);
        let bare = char::from(separators.component);
        // The first two or more components that make a unit together
        // (`10^9/L` of `10^9/L^^UCUM`).
        let pieces: Vec<&str> = field.split(bare).collect();
        let whole = (2..=pieces.len())
            .map(|count| {
                pieces
                    .get(..count)
                    .unwrap_or_default()
                    .join(&bare.to_string())
            })
            .find(|joined| {
                joined.split(bare).all(|piece| !piece.is_empty()) && parse_unit(joined).is_some()
            });
        let (Some(whole), "OBX-6") = (whole, refusal.0) else {
            return refusal;
        };
        let starred = whole.replace(bare, "*");
        let write = if parse_unit(&starred).is_some() {
            format!("write {starred}, or escape the {bare} as \\S\\")
        } else {
            format!("escape the {bare} as \\S\\")
        };
        let reason = format!(
            "unit \"{whole}\" is split at {bare}, HL7's component separator, and reads as \"{unit}\": {write}"
        );
        ("OBX-6", reason)
    };
    if status == Status::Withdrawn {
        // A withdrawal carries no result, often no unit or value: its test
        // names what it withdraws (a count or a percentage); only a name
        // that needs the unit to say which reads one.
        let measure = match test {
            TestName::Analyte(analyte) => Measure::Count(analyte),
            TestName::Percentage(analyte) => Measure::Percent(analyte),
            _ => measure_of(test, &unit).map_err(split_unit)?.0,
        };
        let letter = if written_status == "D" { 'D' } else { 'W' };
        return Ok(Outcome::Withdraws(measure, letter));
    }
    // The value type first: a coded or text result (CE, ST) often comes
    // without a unit, and that is not why it is refused.
    let kind = text(segment.field(separators, 2), separators);
    if !matches!(kind.as_str(), "NM" | "SN") {
        return Err((
            "OBX-2",
            format!("value type \"{kind}\": a CBC result is NM or SN"),
        ));
    }
    let (measure, factor) = measure_of(test, &unit).map_err(split_unit)?;
    let raw = segment.field(separators, 5);
    if raw.contains(&separators.repetition) {
        let written = String::from_utf8_lossy(raw);
        let bare = char::from(separators.repetition);
        return Err((
            "OBX-5",
            format!(
                "\"{written}\" repeats the value ({bare}, HL7's repetition separator): a CBC result is one value"
            ),
        ));
    }
    // A subcomponent or an escape sequence has no place in a number: read
    // as text, the one was cut off (`1&50` read 1) and a formatting escape
    // dropped, joining the digits around it (`1\.br\50` read 150).
    for (separator, what) in [
        (separators.subcomponent, "a subcomponent separator"),
        (separators.escape, "an escape sequence"),
    ] {
        if raw.contains(&separator) {
            let written = String::from_utf8_lossy(raw);
            let mark = char::from(separator);
            return Err((
                "OBX-5",
                format!("\"{written}\" holds {what} ({mark}): a CBC result is one number"),
            ));
        }
    }
    let cell = match kind.as_str() {
        "NM" => number(&text(raw, separators)).map(|n| n.map(|n| (Censor::Exact, n)))?,
        "SN" => structured(raw, separators)?,
        other => {
            return Err((
                "OBX-2",
                format!("value type \"{other}\": a CBC result is NM or SN"),
            ));
        }
    };
    let reading = read_value(measure, cell, factor)
        .map_err(|reason| ("OBX-5", reason))?
        .ok_or(("OBX-5", "no value".to_string()))?;
    let range = match measure {
        Measure::Count(_) => {
            let written = text(segment.field(separators, 7), separators);
            lab_range(&written, factor).unwrap_or_else(|reason| {
                warn("OBX-7", format!("{reason}; the limits for the age and sex apply (the adult ones when the age is unknown)"));
                None
            })
        }
        // A range of a percentage is not a range of a count derived from it.
        Measure::Percent(_) => None,
    };
    Ok(Outcome::Value(Result {
        measure,
        // NM `8.0` and SN `<^0.10` keep the places the lab wrote.
        value: crate::ingest::rows::as_written(Value::new(reading), &text(raw, separators), factor),
        range,
        status,
    }))
}

/// OBX-3: its code when the coding system is LOINC (`LN`, or `LOINC`
/// written out), else the alternate (components 4-6) when that is LOINC.
fn test_of(raw: &[u8], separators: &Separators) -> TestName {
    let part = |n: usize| text(component(raw, separators, n), separators);
    // `LN` is HL7's name for LOINC (table 0396); senders also write it out.
    let loinc =
        |system: String| system.eq_ignore_ascii_case("LN") || system.eq_ignore_ascii_case("LOINC");
    let code = if loinc(part(3)) {
        part(1)
    } else if loinc(part(6)) {
        part(4)
    } else {
        return TestName::Other;
    };
    identify_test(&code)
}

/// The name of an OBX-3 that carries no LOINC code when it is named like
/// a blood count (`PLT^Platelet Count^L`): its text, else its alternate's,
/// else either identifier. A LOINC-coded test is its code's, whatever its
/// text says (`32623-1^Platelet mean volume^LN` is not a count).
pub fn local_count_name(raw: &[u8], separators: &Separators) -> Option<String> {
    let part = |n: usize| text(component(raw, separators, n), separators);
    let loinc = |n: usize| {
        let system = part(n);
        system.eq_ignore_ascii_case("LN") || system.eq_ignore_ascii_case("LOINC")
    };
    if loinc(3) || loinc(6) {
        return None;
    }
    [2, 5, 1, 4]
        .into_iter()
        .map(part)
        .map(|name| name.trim().to_string())
        .find(|name| crate::ingest::shape::named_like_a_count(name))
}

/// What a value of `test` in `unit` measures, and the factor to canonical
/// units; a unit is required (the message can always say it).
fn measure_of(test: TestName, unit: &str) -> std::result::Result<(Measure, Decimal), Refusal> {
    if unit.is_empty() {
        return Err(("OBX-6", "no unit: a CBC result needs its unit".to_string()));
    }
    match resolve_test_cell(test, unit) {
        Ok(Resolved::Analyte {
            analyte,
            unit: parsed,
        }) => {
            let factor = factor_to_canonical(analyte, parsed)
                .ok_or_else(|| ("OBX-6", format!("unit \"{unit}\" does not fit {analyte}")))?;
            Ok((Measure::Count(analyte), factor))
        }
        Ok(Resolved::Percentage(analyte)) => Ok((Measure::Percent(analyte), Decimal::lit(1, 0))),
        Ok(Resolved::Other) => Err(("OBX-3", "not a CBC test".to_string())),
        Err(error) => Err(("OBX-6", error.to_string())),
    }
}

#[cfg(test)]
mod tests;
