//! Patient resources: who each `patient_id` is.

use crate::ingest::time::parse_time;
use crate::model::{Sex, Timestamp};

use super::observation::Refusal;
use super::resources::{Extension, HumanName, Patient, Period};

/// Who a patient is, as far as their Patient resource says.
pub struct KnownPatient {
    /// "Family, Given Given", or the name's text.
    pub name: Option<String>,
    /// From `gender` (`male`, `female`, or as a CSV file writes them: `F`,
    /// `Female`; anything else is unknown), else the
    /// US Core individual-sex or birth-sex extension. `None` when not given.
    pub sex: Option<Sex>,
    /// From `birthDate`.
    pub birth_date: Option<Timestamp>,
}

/// US Core's extensions for sex, in the order they are taken.
const INDIVIDUAL_SEX: &str =
    "http://hl7.org/fhir/us/core/StructureDefinition/us-core-individual-sex";
const BIRTH_SEX: &str = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-birthsex";

/// Reads a Patient resource: its patient id (its `id`, else the id its
/// entry's `fullUrl` gives) and what it says; refused (and not used) when
/// it has neither or an element that cannot be read.
pub fn read_patient(
    text: &str,
    full_url: Option<&str>,
) -> Result<(String, KnownPatient, Vec<Refusal>), Refusal> {
    let (patient, mut refused) = parse_patient(text)?;
    let id = patient
        .id
        .as_deref()
        .map(str::trim)
        .filter(|id| !id.is_empty())
        .map(str::to_string)
        .or_else(|| full_url.and_then(id_of_url));
    let Some(id) = id else {
        return Err((
            "id",
            "a Patient without an id or fullUrl cannot be linked".to_string(),
        ));
    };
    // An unreadable birth date is refused alone: the name and sex still
    // load, as a CSV row's other cells do.
    let birth_date = match patient.birth_date.as_deref() {
        Some(text) => match parse_time(text) {
            Ok(time) => Some(time),
            Err(error) => {
                refused.push((
                    "birthDate",
                    format!(
                        "{}; the name and sex still load",
                        crate::ingest::time::birth_date_problem(text, &error)
                    ),
                ));
                None
            }
        },
        None => None,
    };
    let sex = patient
        .gender
        .as_deref()
        // `male`, `female`, and the words a CSV file's sex takes (`F`,
        // `Female`, which servers that do not check the code write), so
        // that one patient has one sex in every format. Other, unknown:
        // no information (the US Core sex, if any, then says more), never
        // a conflict with a known sex.
        .and_then(|gender| crate::ingest::rows::parse_sex(gender.trim()))
        .or_else(|| extension_sex(&patient.extension));
    Ok((
        id,
        KnownPatient {
            name: display_name(&patient.name, today()),
            sex,
            birth_date,
        },
        refused,
    ))
}

/// The Patient, with each of its elements of the wrong JSON type (a `name`
/// written as a string, a `gender` as a number) refused alone: the others
/// still load, as a CSV row's other cells do. Refused whole only when it
/// is not a JSON object, or its `id` cannot be read.
fn parse_patient(text: &str) -> Result<(Patient, Vec<Refusal>), Refusal> {
    let whole = |error: &serde_json::Error| {
        (
            "",
            format!("not a valid Patient: {}", without_position(error)),
        )
    };
    let error = match serde_json::from_str::<Patient>(text) {
        Ok(patient) => return Ok((patient, Vec::new())),
        Err(error) => error,
    };
    let Ok(serde_json::Value::Object(mut object)) = serde_json::from_str(text) else {
        return Err(whole(&error));
    };
    let mut refused = Vec::new();
    for element in ["name", "gender", "birthDate", "extension"] {
        let Some(value) = object.get(element) else {
            continue;
        };
        let mut alone = serde_json::Map::new();
        alone.insert(element.to_string(), value.clone());
        if let Err(error) = serde_json::from_value::<Patient>(serde_json::Value::Object(alone)) {
            refused.push((
                element,
                format!("not a valid {element}: {}", without_position(&error)),
            ));
            object.remove(element);
        }
    }
    serde_json::from_value(serde_json::Value::Object(object))
        .map(|patient| (patient, refused))
        .map_err(|_| whole(&error))
}

/// The id a `fullUrl` names: `urn:uuid:<id>`, or `.../Patient/<id>`.
pub fn id_of_url(url: &str) -> Option<String> {
    let url = url.trim();
    let id = if let Some(id) = url.strip_prefix("urn:uuid:") {
        id
    } else {
        let at = url.rfind("Patient/")?;
        url[at + "Patient/".len()..].split('/').next()?
    };
    (!id.is_empty()).then(|| id.to_string())
}

/// Sex from US Core's individual-sex extension (SNOMED CT codes), else its
/// birth-sex one (`M`, `F`); any other code says nothing.
fn extension_sex(extensions: &[Extension]) -> Option<Sex> {
    let find = |url: &str| {
        extensions
            .iter()
            .find(|extension| extension.url.as_deref() == Some(url))
    };
    let individual = find(INDIVIDUAL_SEX).and_then(|extension| {
        let code = extension
            .value_coding
            .as_ref()
            .and_then(|coding| coding.code.as_deref())
            .or(extension.value_code.as_deref());
        match code.map(str::trim) {
            Some("248153007" | "male" | "M") => Some(Sex::Male),
            Some("248152002" | "female" | "F") => Some(Sex::Female),
            _ => None,
        }
    });
    individual.or_else(
        || match find(BIRTH_SEX)?.value_code.as_deref().map(str::trim) {
            Some("M") => Some(Sex::Male),
            Some("F") => Some(Sex::Female),
            _ => None,
        },
    )
}

/// Today, as a day number ([`Timestamp::day_number`]): a name is current
/// when its period holds it.
fn today() -> i64 {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |since| i64::try_from(since.as_secs()).unwrap_or(0));
    seconds.div_euclid(86_400)
}

/// Whether a name's period holds `today` (a day number): begun, where it
/// says when, and not ended. An end that cannot be read is taken as past,
/// a start that cannot be read (a year alone) as begun.
fn in_period(period: &Period, today: i64) -> bool {
    let day = |text: &str| parse_time(text.trim()).ok().map(Timestamp::day_number);
    let begun = period
        .start
        .as_deref()
        .and_then(day)
        .is_none_or(|start| start <= today);
    let ended = period
        .end
        .as_deref()
        .is_some_and(|end| day(end).is_none_or(|end| end < today));
    begun && !ended
}

/// The current `official` name, else the current `usual` one, else the
/// first current one of another use, never an `old` one or one whose
/// period has ended or not begun on `today` (a day number): "Family,
/// Given Given".
fn display_name(names: &[HumanName], today: i64) -> Option<String> {
    let current = |name: &&HumanName| {
        name.name_use.as_deref().map(str::trim) != Some("old")
            && name
                .period
                .as_ref()
                .is_none_or(|period| in_period(period, today))
    };
    let of_use = |wanted: &str| {
        names
            .iter()
            .filter(current)
            .find(|name| name.name_use.as_deref().map(str::trim) == Some(wanted))
    };
    let name = of_use("official")
        .or_else(|| of_use("usual"))
        .or_else(|| names.iter().find(current))?;
    let given = name.given.join(" ");
    let family = name.family.as_deref().unwrap_or_default();
    let shown = match (family.is_empty(), given.is_empty()) {
        (false, false) => format!("{family}, {given}"),
        (false, true) => family.to_string(),
        (true, false) => given,
        (true, true) => name.text.clone()?,
    };
    Some(shown)
}

/// serde's message without its position.
fn without_position(error: &serde_json::Error) -> String {
    let text = error.to_string();
    match text.rfind(" at line ") {
        Some(cut) => text[..cut].to_string(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    /// A name is current while its period holds today: one that ends
    /// later is, one that begins later or ended is not.
    #[test]
    fn a_name_is_current_while_its_period_holds_today() {
        let names = |text: &str| -> Vec<HumanName> { serde_json::from_str(text).unwrap() };
        let today = Timestamp::from_date(2026, 12, 7).unwrap().day_number();
        let later_end = names(
            r#"[{"use":"usual","family":"Usual"},{"use":"official","family":"Off","period":{"end":"2099-01-01"}}]"#,
        );
        assert_eq!(display_name(&later_end, today).as_deref(), Some("Off"));
        let later_start = names(
            r#"[{"use":"official","family":"Future","period":{"start":"2099-01-01"}},{"use":"usual","family":"Usual"}]"#,
        );
        assert_eq!(display_name(&later_start, today).as_deref(), Some("Usual"));
        let ended = names(
            r#"[{"use":"official","family":"Past","period":{"start":"1990","end":"2001-05-01T00:00:00Z"}},{"use":"usual","family":"Usual"}]"#,
        );
        assert_eq!(display_name(&ended, today).as_deref(), Some("Usual"));
        let unreadable_end = names(
            r#"[{"use":"official","family":"Gone","period":{"end":"2001"}},{"use":"usual","family":"Usual"}]"#,
        );
        assert_eq!(
            display_name(&unreadable_end, today).as_deref(),
            Some("Usual")
        );
    }

    #[test]
    fn names_sex_and_birth_date() {
        let text = r#"{"resourceType":"Patient","id":"x","gender":"other","birthDate":"1973-11-24",
            "name":[{"use":"maiden","family":"Kautzer186","given":["Elodia940"]},
                    {"use":"official","family":"Volkman526","given":["Elodia940","Ann"]}]}"#;
        let (id, known, refused) = read_patient(text, None).unwrap();
        assert_eq!(id, "x");
        assert_eq!(refused, []);
        assert_eq!(known.name.as_deref(), Some("Volkman526, Elodia940 Ann"));
        assert_eq!(known.sex, None, "other: no information");
        assert_eq!(known.birth_date, Timestamp::from_date(1973, 11, 24));
        // An impossible birth date is refused alone; the Patient loads.
        let bad = r#"{"resourceType":"Patient","id":"y","gender":"male","birthDate":"1973-13-01"}"#;
        let (_, known, refused) = read_patient(bad, None).unwrap();
        let elements: Vec<&str> = refused.iter().map(|r| r.0).collect();
        assert_eq!(elements, ["birthDate"]);
        assert_eq!((known.sex, known.birth_date), (Some(Sex::Male), None));
        // An element of the wrong JSON type is refused alone too: a name
        // written as a string keeps the sex and the birth date (the limits
        // for the age), and a gender as a number the name.
        let text = r#"{"resourceType":"Patient","id":"k1","name":"Kid Doe","gender":"female","birthDate":"2021-06-01"}"#;
        let (_, known, refused) = read_patient(text, None).unwrap();
        let elements: Vec<&str> = refused.iter().map(|r| r.0).collect();
        assert_eq!(elements, ["name"]);
        assert!(
            refused[0].1.starts_with("not a valid name: invalid type"),
            "{refused:?}"
        );
        assert_eq!(
            (known.sex, known.birth_date),
            (Some(Sex::Female), Timestamp::from_date(2021, 6, 1))
        );
        let text = r#"{"resourceType":"Patient","id":"k2","name":[{"text":"A B"}],"gender":5,"birthDate":19700312}"#;
        let (_, known, refused) = read_patient(text, None).unwrap();
        let elements: Vec<&str> = refused.iter().map(|r| r.0).collect();
        assert_eq!(elements, ["gender", "birthDate"]);
        assert_eq!(known.name.as_deref(), Some("A B"));
        let text = r#"{"resourceType":"Patient","id":7}"#;
        assert_eq!(read_patient(text, None).err().map(|r| r.0), Some(""));
        let nameless = r#"{"resourceType":"Patient","name":[{"text":"A B"}]}"#;
        assert_eq!(read_patient(nameless, None).err().unwrap().0, "id");
        let (id, _, _) = read_patient(nameless, Some("urn:uuid:61eb")).unwrap();
        assert_eq!(id, "61eb", "the id of the entry's fullUrl");
    }

    #[rstest]
    #[case(
        r#"[{"use":"old","family":"Old"},{"use":"usual","family":"New"}]"#,
        Some("New")
    )]
    #[case(
        r#"[{"use":"official","family":"Ended","period":{"end":"2001"}},{"family":"Now"}]"#,
        Some("Now")
    )]
    #[case(
        r#"[{"use":"usual","family":"U"},{"use":"official","family":"O"}]"#,
        Some("O")
    )]
    #[case(r#"[{"use":"old","family":"Old"}]"#, None)]
    #[case(r#"[{"use":"nickname","family":"N"}]"#, Some("N"))]
    fn the_current_name_never_an_old_one(#[case] names: &str, #[case] shown: Option<&str>) {
        let text = format!(r#"{{"resourceType":"Patient","id":"x","name":{names}}}"#);
        let (_, known, _) = read_patient(&text, None).unwrap();
        assert_eq!(known.name.as_deref(), shown);
    }

    #[rstest]
    #[case(
        r#""gender":"female","extension":[{"url":"BIRTH","valueCode":"M"}]"#,
        Some(Sex::Female)
    )]
    #[case(r#""extension":[{"url":"BIRTH","valueCode":"F"}]"#, Some(Sex::Female))]
    #[case(r#""extension":[{"url":"BIRTH","valueCode":"UNK"}]"#, None)]
    #[case(
        r#""gender":"unknown","extension":[{"url":"BIRTH","valueCode":"F"}]"#,
        Some(Sex::Female)
    )]
    #[case(r#""extension":[{"url":"BIRTH","valueCode":"M"},{"url":"INDIVIDUAL","valueCoding":{"code":"UNK"}}]"#, Some(Sex::Male))]
    #[case(r#""extension":[{"url":"BIRTH","valueCode":"F"},{"url":"INDIVIDUAL","valueCoding":{"system":"http://snomed.info/sct","code":"248153007"}}]"#, Some(Sex::Male))]
    #[case(r#""extension":[{"url":"other","valueCode":"F"}]"#, None)]
    fn sex_is_gender_else_us_core(#[case] fields: &str, #[case] sex: Option<Sex>) {
        let fields = fields
            .replace("BIRTH", BIRTH_SEX)
            .replace("INDIVIDUAL", INDIVIDUAL_SEX);
        let text = format!(r#"{{"resourceType":"Patient","id":"x",{fields}}}"#);
        let (_, known, _) = read_patient(&text, None).unwrap();
        assert_eq!(known.sex, sex);
    }
}
