//! One FHIR Observation to one observation of a draw, or why not.
//!
//! The rules mirror a long CSV row's: the test first (a code that is not a
//! CBC test is ignored whatever else the resource holds), then when, then
//! the value in its unit, then the lab's range. Stricter than CSV in one
//! way: a `valueQuantity` must carry its unit (`code`, else `unit`); FHIR
//! always can, so a missing one is refused rather than assumed canonical.

use crate::ingest::rows::{Measure, Observation as Observed, read_value};
use crate::ingest::time::parse_time;
use crate::ingest::vocabulary::{TestName, identify_test};
use crate::model::{Timestamp, Value};

use super::context::time_of;
use super::resources::Observation;

pub(super) use self::quantity::{measure_of, number_of};
pub use self::version::{Version, version_of, version_of_entry};

mod quantity;
mod version;

/// Whether a coding's system is LOINC: its URI (FHIR R4), which servers
/// also write with a trailing slash, or its OID. A CBC code under LOINC's
/// own OID is LOINC's code, never a test "not part of a CBC".
fn is_loinc(system: Option<&str>) -> bool {
    matches!(
        system,
        Some("http://loinc.org" | "http://loinc.org/" | "urn:oid:2.16.840.1.113883.6.1")
    )
}

/// A refusal: the element at fault (after `entry[i].resource`) and why.
pub type Refusal = (&'static str, String);

/// What an Observation gives, before it joins its patient's draw.
pub struct Reading {
    /// The value and the lab's range.
    pub observation: Observed,
    /// Collection time.
    pub time: Timestamp,
    /// What loads but deserves a look (an unusable reference range).
    pub warnings: Vec<Refusal>,
}

/// The statuses that load: a result (`final`, `amended`, `corrected`) or
/// one to be completed (`preliminary`).
const LOADED: [&str; 4] = ["final", "amended", "corrected", "preliminary"];

/// The test an Observation's LOINC codings name; `Ok(None)` for any other
/// test (the observation is ignored).
pub fn test_of(observation: &Observation<'_>) -> Result<Option<TestName>, Refusal> {
    let Some(code) = &observation.code else {
        return Ok(None);
    };
    let mut found: Option<TestName> = None;
    for coding in &code.coding {
        if !is_loinc(coding.system.as_deref()) {
            continue;
        }
        let Some(text) = coding.code.as_deref() else {
            continue;
        };
        match identify_test(text) {
            TestName::Other => {}
            test if found.is_none_or(|earlier| earlier == test) => found = Some(test),
            _ => {
                return Err((
                    "code",
                    "the LOINC codings name two different CBC tests".to_string(),
                ));
            }
        }
    }
    Ok(found)
}

/// A coding of `observation` whose code is a CBC test's LOINC code but
/// whose system is not LOINC's (`https://loinc.org`, none at all): its
/// position and why it is not read, so that a hemoglobin under a misspelt
/// system is refused by name, never counted "not part of a CBC". A code
/// is read by its system alone (the same digits name other things in
/// other code systems); an Observation with a LOINC coding is that
/// coding's test, unless the CBC code stands under a misspelt LOINC system.
pub fn cbc_code_outside_loinc(observation: &Observation<'_>) -> Option<(usize, String)> {
    let code = observation.code.as_ref()?;
    // A LOINC coding with a code names the test (glucose, 2345-7, beside a
    // local code that happens to read 718-7): a local code or one without
    // a system is then not asked. A system that misspells LOINC's own
    // (`https://loinc.org`) is asked whatever stands beside it.
    let named_by_loinc = code.coding.iter().any(|coding| {
        is_loinc(coding.system.as_deref())
            && coding.code.as_deref().is_some_and(|c| !c.trim().is_empty())
    });
    code.coding
        .iter()
        .enumerate()
        .find_map(|(position, coding)| {
            let text = coding.code.as_deref()?.trim();
            let loinc_shaped = text.split_once('-').is_some_and(|(number, check)| {
                (1..=7).contains(&number.len())
                    && number.bytes().all(|b| b.is_ascii_digit())
                    && check.len() == 1
                    && check.bytes().all(|b| b.is_ascii_digit())
            });
            let misspelt = coding.system.as_deref().is_some_and(|system| {
                !is_loinc(Some(system)) && system.to_ascii_lowercase().contains("loinc")
            });
            if !loinc_shaped
                || identify_test(text) == TestName::Other
                || (named_by_loinc && !misspelt)
            {
                return None;
            }
            let system = match coding.system.as_deref() {
                Some(system) => format!("its system is {system:?}, not LOINC's http://loinc.org"),
                None => "its coding names no system (LOINC's is http://loinc.org)".to_string(),
            };
            Some((
                position,
                format!(
                    "code {text:?} is a CBC test's LOINC code, but {system}: not read as LOINC"
                ),
            ))
        })
}

/// Where an Observation's code names its test in words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NamedAt {
    /// `code.text`.
    Text,
    /// `code.coding[i].display`.
    Display(usize),
    /// `code.coding[i].code`.
    Code(usize),
}

impl NamedAt {
    /// The element, after the resource's path.
    pub fn element(self) -> String {
        match self {
            NamedAt::Text => "code.text".to_string(),
            NamedAt::Display(at) => format!("code.coding[{at}].display"),
            NamedAt::Code(at) => format!("code.coding[{at}].code"),
        }
    }
}

/// The name of an Observation that carries no LOINC code when it is named
/// like a blood count (a local code `1526` shown `PLATELET COUNT`), and
/// where: its `code.text`, else a coding's `display`, else a code itself.
/// A LOINC-coded test is its code's, whatever its words say (Synthea's
/// `Platelet mean volume`, 32623-1, is not a count).
pub fn local_count_name(observation: &Observation<'_>) -> Option<(String, NamedAt)> {
    let code = observation.code.as_ref()?;
    if code
        .coding
        .iter()
        .any(|coding| is_loinc(coding.system.as_deref()))
    {
        return None;
    }
    let words = |value: &Option<serde_json::Value>| {
        value
            .as_ref()
            .and_then(serde_json::Value::as_str)
            .map(|text| text.trim().to_string())
    };
    let displays = code
        .coding
        .iter()
        .enumerate()
        .map(|(at, coding)| (words(&coding.display), NamedAt::Display(at)));
    let codes = code.coding.iter().enumerate().map(|(at, coding)| {
        let code = coding.code.as_deref().map(|code| code.trim().to_string());
        (code, NamedAt::Code(at))
    });
    std::iter::once((words(&code.text), NamedAt::Text))
        .chain(displays)
        .chain(codes)
        .find_map(|(name, at)| {
            name.filter(|name| crate::ingest::shape::named_like_a_count(name))
                .map(|name| (name, at))
        })
}

/// The components of `observation` whose LOINC codes name a CBC test, by
/// position: their values are not read (see [`super::resources::Component`]).
pub fn cbc_components(observation: &Observation<'_>) -> Vec<usize> {
    observation
        .component
        .iter()
        .enumerate()
        .filter(|(_, component)| {
            component.code.as_ref().is_some_and(|code| {
                code.coding.iter().any(|coding| {
                    is_loinc(coding.system.as_deref())
                        && coding
                            .code
                            .as_deref()
                            .is_some_and(|text| identify_test(text) != TestName::Other)
                })
            })
        })
        .map(|(index, _)| index)
        .collect()
}

/// Reads a CBC Observation of test `test`; `lent` is the time of the
/// report or panel that lists it, used when it has none of its own.
/// `Ok(None)`: not measured (`dataAbsentReason`).
pub fn read(
    observation: &Observation<'_>,
    test: TestName,
    lent: Option<(&'static str, String)>,
) -> Result<Option<Reading>, Refusal> {
    match observation.status.as_deref().map(str::trim) {
        Some(status) if LOADED.contains(&status) => {}
        Some(status) => {
            return Err((
                "status",
                format!(
                    "status \"{status}\": not a result (final, amended, corrected and preliminary load)"
                ),
            ));
        }
        None => {
            return Err((
                "status",
                "no status: a result must say it is one".to_string(),
            ));
        }
    }
    let time = effective_time(observation, lent)?;
    let Some(quantity) = &observation.value_quantity else {
        if observation.data_absent_reason.is_some() {
            return Ok(None);
        }
        return Err((
            "valueQuantity",
            "no valueQuantity: a CBC result needs a number with its unit".to_string(),
        ));
    };
    let (measure, factor) = measure_of(test, quantity, "valueQuantity")?;
    let cell = number_of(quantity, "valueQuantity")?;
    let reading = read_value(measure, cell, factor)
        .map_err(|reason| ("valueQuantity", reason))?
        .ok_or(("valueQuantity", "valueQuantity has no value".to_string()))?;
    let mut warnings = Vec::new();
    // FHIR forbids both (invariant obs-6): the number is loaded, as a value
    // given is a value measured, and the contradiction is said.
    if observation.data_absent_reason.is_some() {
        warnings.push((
            "dataAbsentReason",
            "a value and a dataAbsentReason, which FHIR forbids together (obs-6): the value \
             is loaded; check it with the lab"
                .to_string(),
        ));
    }
    let range = match measure {
        // An unusable range costs the range, never the value.
        Measure::Count(analyte) => {
            super::reference_range::lab_range(&observation.reference_range, analyte).unwrap_or_else(|(element, reason)| {
                warnings.push((element, format!("{reason}; the limits for the age and sex apply (the adult ones when the age is unknown)")));
                None
            })
        }
        // A range of a percentage is not a range of a count derived from it.
        Measure::Percent(_) => None,
    };
    Ok(Some(Reading {
        observation: Observed {
            measure,
            // FHIR keeps a decimal's precision in its JSON text (`8.0`).
            value: crate::ingest::rows::as_written(
                Value::new(reading),
                quantity.value.map_or("", |raw| raw.get()),
                factor,
            ),
            column: 0,
            range,
        },
        time,
        warnings,
    }))
}

/// The Observation's own time (`effectiveDateTime`, `effectiveInstant`,
/// `effectivePeriod.start`), else the one lent; to the second: a fraction
/// of a second is dropped, as one draw's observations may differ in it.
pub fn effective_time(
    observation: &Observation<'_>,
    lent: Option<(&'static str, String)>,
) -> Result<Timestamp, Refusal> {
    let Some((element, text)) = time_of(observation).or(lent) else {
        // A period that only ends says when it ended, not when the sample
        // was collected.
        if observation
            .effective_period
            .as_ref()
            .is_some_and(|period| period.start.is_none())
        {
            return Err((
                "effectivePeriod",
                "effectivePeriod has no start: the collection time is needed (its end is not it)"
                    .to_string(),
            ));
        }
        return Err((
            "effectiveDateTime",
            "no effectiveDateTime, effectiveInstant or effectivePeriod, here or on a DiagnosticReport listing it: the collection time is needed"
                .to_string(),
        ));
    };
    parse_time(&without_fraction(&text)).map_err(|error| (element, error.to_string()))
}

/// The instant a lender's time (as written) names, if it can be read:
/// two lenders' times are compared as instants, whatever their offsets.
pub fn lent_instant(text: &str) -> Option<i64> {
    parse_time(&without_fraction(text))
        .ok()
        .map(|time| time.instant())
}

/// `2021-08-22T19:26:50.389-08:00` without `.389`.
fn without_fraction(text: &str) -> String {
    let text = text.trim();
    match text.get(19..20) {
        Some(".") => {
            let digits = text[20..].bytes().take_while(u8::is_ascii_digit).count();
            format!("{}{}", &text[..19], &text[20 + digits..])
        }
        _ => text.to_string(),
    }
}

#[cfg(test)]
mod tests;
