//! Patient resources: who each `patient_id` is, and how references name them.

use std::collections::HashMap;

use crate::ingest::time::parse_time;
use crate::model::{Sex, Timestamp};

use super::observation::Refusal;
use super::resources::{HumanName, Patient, Reference};

/// Who a patient is, as far as their Patient resource says.
pub struct KnownPatient {
    /// "Family, Given Given", or the name's text.
    pub name: Option<String>,
    /// From `gender`: `male`, `female`; anything else is unknown. `None`
    /// when not given.
    pub sex: Option<Sex>,
    /// From `birthDate`.
    pub birth_date: Option<Timestamp>,
}

/// The Patients of one bundle, by id and by `fullUrl`.
#[derive(Default)]
pub struct Patients {
    by_id: HashMap<String, KnownPatient>,
    id_by_url: HashMap<String, String>,
}

impl Patients {
    /// Reads a Patient resource; refused (and not used) when it has no id
    /// or an element that cannot be read.
    pub fn add(&mut self, text: &str, full_url: Option<&str>) -> Result<(), Refusal> {
        let patient: Patient = serde_json::from_str(text).map_err(|error| {
            (
                "",
                format!("not a valid Patient: {}", without_position(&error)),
            )
        })?;
        let Some(id) = patient
            .id
            .as_deref()
            .map(str::trim)
            .filter(|id| !id.is_empty())
        else {
            return Err(("id", "a Patient without an id cannot be linked".to_string()));
        };
        let birth_date = match patient.birth_date.as_deref() {
            Some(text) => Some(parse_time(text).map_err(|error| ("birthDate", error.to_string()))?),
            None => None,
        };
        let sex = patient.gender.as_deref().map(|gender| match gender {
            "male" => Sex::Male,
            "female" => Sex::Female,
            _ => Sex::Unknown,
        });
        if let Some(url) = full_url {
            self.id_by_url.insert(url.to_string(), id.to_string());
        }
        self.by_id.insert(
            id.to_string(),
            KnownPatient {
                name: display_name(&patient.name),
                sex,
                birth_date,
            },
        );
        Ok(())
    }

    /// What this bundle's Patient says of `id`, if it holds one.
    pub fn info(&self, id: &str) -> Option<&KnownPatient> {
        self.by_id.get(id)
    }

    /// The patient id a subject reference names: a Patient entry's
    /// `fullUrl`, `Patient/<id>` (after any base URL), or `urn:uuid:<id>`.
    pub fn subject_id(&self, subject: Option<&Reference>) -> Result<String, String> {
        let Some(reference) = subject.and_then(|s| s.reference.as_deref()).map(str::trim) else {
            return Err("no subject: the observation names no patient".to_string());
        };
        if let Some(id) = self.id_by_url.get(reference) {
            return Ok(id.clone());
        }
        let id = if let Some(id) = reference.strip_prefix("urn:uuid:") {
            Some(id)
        } else if let Some(at) = reference.rfind("Patient/") {
            let rest = &reference[at + "Patient/".len()..];
            rest.split('/').next()
        } else {
            None
        };
        match id.filter(|id| !id.is_empty()) {
            Some(id) => Ok(id.to_string()),
            None => Err(format!("subject \"{reference}\" does not name a patient")),
        }
    }
}

/// The `official` name, else the first: "Family, Given Given".
fn display_name(names: &[HumanName]) -> Option<String> {
    let name = names
        .iter()
        .find(|name| name.name_use.as_deref() == Some("official"))
        .or_else(|| names.first())?;
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

    fn reference(text: &str) -> Reference {
        Reference {
            reference: Some(text.to_string()),
        }
    }

    #[rstest]
    #[case("urn:uuid:abc-1", Ok("abc-1"))]
    #[case("Patient/abc-1", Ok("abc-1"))]
    #[case("https://fhir.example/base/Patient/abc-1/_history/2", Ok("abc-1"))]
    #[case("urn:uuid:full", Ok("p-9"))]
    #[case("Group/7", Err(()))]
    #[case("urn:uuid:", Err(()))]
    fn subjects_name_patients(#[case] text: &str, #[case] expected: Result<&str, ()>) {
        let mut patients = Patients::default();
        patients
            .add(
                r#"{"resourceType":"Patient","id":"p-9"}"#,
                Some("urn:uuid:full"),
            )
            .unwrap();
        let found = patients.subject_id(Some(&reference(text)));
        assert_eq!(found.as_deref().map_err(|_| ()), expected);
        assert!(patients.subject_id(None).is_err());
    }

    #[test]
    fn names_sex_and_birth_date() {
        let mut patients = Patients::default();
        let text = r#"{"resourceType":"Patient","id":"x","gender":"other","birthDate":"1973-11-24",
            "name":[{"use":"maiden","family":"Kautzer186","given":["Elodia940"]},
                    {"use":"official","family":"Volkman526","given":["Elodia940","Ann"]}]}"#;
        patients.add(text, None).unwrap();
        let known = patients.info("x").unwrap();
        assert_eq!(known.name.as_deref(), Some("Volkman526, Elodia940 Ann"));
        assert_eq!(known.sex, Some(Sex::Unknown));
        assert_eq!(known.birth_date, Timestamp::from_date(1973, 11, 24));
        let bad = r#"{"resourceType":"Patient","id":"y","birthDate":"1973-13-01"}"#;
        assert_eq!(patients.add(bad, None).unwrap_err().0, "birthDate");
        let nameless = r#"{"resourceType":"Patient","name":[{"text":"A B"}]}"#;
        assert_eq!(patients.add(nameless, None).unwrap_err().0, "id");
    }
}
