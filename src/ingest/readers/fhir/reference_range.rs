//! An Observation's `referenceRange` to the lab's range, or why not.
//!
//! Only the lab's normal range is a lab range: a range of another meaning
//! (FHIR's referencerange-meaning: `treatment`, `therapeutic`,
//! `recommended`, `pre-puberty`, ...) or for some patients only (`age`,
//! `appliesTo`) costs the range, never the value, and the default limits
//! apply.

use crate::ingest::long_value::describe;
use crate::ingest::vocabulary::TestName;
use crate::model::{Analyte, Censor, Decimal, LabRange};

use super::observation::{Refusal, measure_of, number_of};
use super::resources::{Quantity, ReferenceRange};

/// The systems of a range's meaning: FHIR R4's, and the one STU3 named.
const MEANING_SYSTEMS: [&str; 2] = [
    "http://terminology.hl7.org/CodeSystem/referencerange-meaning",
    "http://hl7.org/fhir/referencerange-meaning",
];

/// Meanings that say what a range is a goal of, for this patient's care,
/// not whom it is for: beside them, the one normal range still is the
/// lab's. A range for a group (`pre-puberty`, `luteal`, ...) beside a
/// normal one may say that the normal one is some other group's.
const GOALS: [&str; 3] = ["recommended", "treatment", "therapeutic"];

/// What a range's `type` says it is.
#[derive(Debug, PartialEq, Eq)]
enum Meaning {
    /// No type (FHIR: the normal range is then assumed), or `normal`.
    Normal,
    /// A goal of treatment (`treatment`, `therapeutic`, `recommended`).
    Goal(String),
    /// Anything else, as written: a range for a group, or a type that
    /// cannot be read as normal (text only, another system's code).
    Other(String),
}

/// The meaning of a range by its `type`'s codings: normal only when
/// every coding of the meaning systems (or of none) says `normal` and one
/// does; a type that does not say so is not taken to be normal.
fn meaning_of(range: &ReferenceRange<'_>) -> Meaning {
    let Some(meaning) = &range.meaning else {
        return Meaning::Normal;
    };
    let codes: Vec<&str> = meaning
        .get("coding")
        .and_then(serde_json::Value::as_array)
        .into_iter()
        .flatten()
        .filter(|coding| {
            coding
                .get("system")
                .and_then(serde_json::Value::as_str)
                .is_none_or(|system| MEANING_SYSTEMS.contains(&system.trim()))
        })
        .filter_map(|coding| coding.get("code").and_then(serde_json::Value::as_str))
        .map(str::trim)
        .collect();
    if !codes.is_empty() && codes.iter().all(|&code| code == "normal") {
        return Meaning::Normal;
    }
    if let Some(&goal) = codes.iter().find(|code| GOALS.contains(code)) {
        return Meaning::Goal(goal.to_string());
    }
    // Named as written: a code (of its system, else of another), else the
    // text, else the JSON itself.
    let any_code = || {
        meaning
            .get("coding")?
            .as_array()?
            .iter()
            .find_map(|coding| coding.get("code")?.as_str())
    };
    let named = codes
        .first()
        .copied()
        .or_else(any_code)
        .map(|code| code.trim().to_string())
        .or_else(|| {
            meaning
                .get("text")
                .and_then(serde_json::Value::as_str)
                .map(str::to_string)
        })
        .unwrap_or_else(|| meaning.to_string());
    Meaning::Other(named)
}

/// Why a range's `type` (named `named`) is not read at all, where it is
/// not a meaning hemotrend knows but may still say normal: text only
/// (`"Normal range"`), or a code `normal` outside FHIR's system or in
/// another case. Text is not read, as it may say whose normal range it is
/// (`"Normal range, pregnancy"`): saying "not the normal range" of it
/// would contradict its own words, so the refusal says what is missing.
/// None for a meaning read (`treatment`, `pre-puberty`), named as such.
fn unread_type(range: &ReferenceRange<'_>, named: &str) -> Option<String> {
    let meaning = range.meaning.as_ref()?;
    let coded = meaning
        .get("coding")
        .and_then(serde_json::Value::as_array)
        .is_some_and(|codings| !codings.is_empty());
    let shown = crate::safe_text::printable(named);
    const ONLY: &str = "a range is the lab's normal range only without a type or with FHIR's \
                        referencerange-meaning code \"normal\"";
    if !coded && meaning.get("text").is_some() {
        return Some(format!(
            "type is given as text only (\"{shown}\"), which hemotrend does not read: {ONLY}"
        ));
    }
    named.eq_ignore_ascii_case("normal").then(|| {
        format!(
            "type is coded \"{shown}\", not FHIR's referencerange-meaning code \"normal\" \
             (another system's code, or another case: codes are case-sensitive): {ONLY}"
        )
    })
}

/// The lab's range: one `referenceRange` with both `low` and `high`, each
/// in a unit that fits the analyte, converted exactly; none when there is
/// no `referenceRange`, or one of text only. Beside ranges that are goals
/// of treatment, the one normal range is the lab's. Anything else is
/// unusable: the caller keeps the value, warns, and applies the default
/// limits.
pub fn lab_range(
    ranges: &[ReferenceRange<'_>],
    analyte: Analyte,
) -> Result<Option<LabRange>, Refusal> {
    const ELEMENT: &str = "referenceRange";
    // A range of text only (`"12-14 y Male: 4.4 - 5.2"`) gives no limits.
    let ranges: Vec<(&ReferenceRange<'_>, Meaning)> = ranges
        .iter()
        .filter(|range| range.low.is_some() || range.high.is_some())
        .map(|range| (range, meaning_of(range)))
        .collect();
    let normal: Vec<&ReferenceRange<'_>> = ranges
        .iter()
        .filter(|(_, meaning)| *meaning == Meaning::Normal)
        .map(|(range, _)| *range)
        .collect();
    let goals = ranges
        .iter()
        .filter(|(_, meaning)| matches!(meaning, Meaning::Goal(_)))
        .count();
    let range = match (&ranges[..], &normal[..]) {
        ([], _) => return Ok(None),
        // A transfusion target or a therapeutic range is not the lab's
        // normal range: flags and grades against it would be wrong.
        ([(range, Meaning::Goal(named) | Meaning::Other(named))], []) => {
            let reason = match unread_type(range, named) {
                Some(why) => format!("the reference range's {why}: not used"),
                None => format!(
                    "the reference range is of type \"{}\", not the lab's normal range: not used",
                    crate::safe_text::printable(named)
                ),
            };
            return Err(("referenceRange.type", reason));
        }
        (_, [range]) if normal.len() + goals == ranges.len() => range,
        ([(range, Meaning::Goal(named) | Meaning::Other(named)), ..], []) => {
            let first = match unread_type(range, named) {
                Some(why) => format!("the first one's {why}"),
                None => format!(
                    "the first is of type \"{}\"",
                    crate::safe_text::printable(named)
                ),
            };
            return Err((
                "referenceRange.type",
                format!(
                    "none of the {} reference ranges is the lab's normal range ({first}): not used",
                    ranges.len(),
                ),
            ));
        }
        _ => {
            return Err((
                ELEMENT,
                "several reference ranges: hemotrend cannot tell which applies".to_string(),
            ));
        }
    };
    // A range for some ages or a population (a sex) may not be this
    // patient's: it is not matched to the patient, so not used.
    if range.age.is_some() || range.applies_to.is_some() {
        let element = match range.age {
            Some(_) => "referenceRange.age",
            None => "referenceRange.appliesTo",
        };
        return Err((
            element,
            format!(
                "the reference range is for some patients only ({}): hemotrend does not match it to the patient",
                element.trim_start_matches("referenceRange.")
            ),
        ));
    }
    let end = |quantity: &Option<Quantity<'_>>, element: &'static str| match quantity {
        None => Ok(None),
        Some(quantity) => {
            let (_, factor) = measure_of(TestName::Analyte(analyte), quantity, element)?;
            // How the lab wrote it (`7.0`), kept to show the limit.
            let shown = quantity.value.map_or((0, 0), |raw| {
                crate::ingest::rows::limit_as_written(raw.get(), factor)
            });
            match number_of(quantity, element)? {
                None => Ok(None),
                Some((Censor::Exact, amount)) => amount
                    .checked_mul(factor)
                    .map(|limit| Some((limit, shown)))
                    .map_err(|error| (element, describe(&amount.to_string(), error))),
                Some(_) => Err((element, format!("{element} has a comparator"))),
            }
        }
    };
    let low = end(&range.low, "referenceRange.low")?;
    let high = end(&range.high, "referenceRange.high")?;
    match (low.map(|(limit, ..)| limit), high.map(|(limit, ..)| limit)) {
        (None, None) => Ok(None),
        (Some(lower), Some(upper)) if lower < upper => {
            let shown = |end: Option<(Decimal, (u8, u8))>| end.map_or((0, 0), |(_, shown)| shown);
            let (low, high) = (shown(low), shown(high));
            Ok(Some(
                LabRange::new(lower, upper)
                    .with_places(low.0, high.0)
                    .with_significant(low.1, high.1),
            ))
        }
        (Some(lower), Some(upper)) => Err((
            ELEMENT,
            format!("reference range {lower}-{upper}: the low must be below the high"),
        )),
        (Some(_), None) => Err((ELEMENT, "the reference range has a low but no high".into())),
        (None, Some(_)) => Err((ELEMENT, "the reference range has a high but no low".into())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(text: &str) -> ReferenceRange<'_> {
        serde_json::from_str(text).unwrap()
    }

    #[test]
    fn a_range_is_normal_only_when_its_type_says_so_or_it_has_none() {
        let cases = [
            (r#"{}"#, Meaning::Normal),
            (
                r#"{"type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/referencerange-meaning", "code": "normal"}]}}"#,
                Meaning::Normal,
            ),
            (
                r#"{"type": {"coding": [{"code": "normal"}]}}"#,
                Meaning::Normal,
            ),
            (
                r#"{"type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/referencerange-meaning", "code": "treatment"}]}}"#,
                Meaning::Goal("treatment".into()),
            ),
            (
                r#"{"type": {"coding": [{"system": "http://hl7.org/fhir/referencerange-meaning", "code": "pre-puberty"}]}}"#,
                Meaning::Other("pre-puberty".into()),
            ),
            (
                r#"{"type": {"text": "normal"}}"#,
                Meaning::Other("normal".into()),
            ),
            (
                r#"{"type": {"coding": [{"system": "http://local", "code": "normal"}]}}"#,
                Meaning::Other("normal".into()),
            ),
            (
                r#"{"type": "treatment"}"#,
                Meaning::Other(r#""treatment""#.into()),
            ),
        ];
        for (text, meaning) in cases {
            assert_eq!(meaning_of(&range(text)), meaning, "{text}");
        }
    }
}
