//! Just the parts of FHIR R4 resources hemotrend reads, for serde.
//!
//! Every other element is skipped unread. Numbers are kept as their JSON
//! text (`RawValue`) so that `4.9561` is read as the decimal written, never
//! through a binary float.

use serde::Deserialize;
use serde_json::value::RawValue;

/// One entry of a Bundle.
#[derive(Deserialize)]
pub struct Entry<'a> {
    /// `urn:uuid:...` or a URL, by which references may name the resource.
    #[serde(rename = "fullUrl")]
    pub full_url: Option<String>,
    /// The resource, unread; its text is a slice of the file, which gives
    /// its position.
    #[serde(borrow)]
    pub resource: Option<&'a RawValue>,
    /// What was done (a history Bundle's `DELETE`), read leniently: an
    /// entry's request of another shape is no reason to refuse its
    /// resource.
    pub request: Option<serde_json::Value>,
    /// What the server answered (`etag`, `lastModified`), read as leniently.
    pub response: Option<serde_json::Value>,
}

/// What every resource is read for first: its kind and id, and what it
/// holds (a Bundle's entries, a resource's `contained` ones).
#[derive(Deserialize)]
pub struct Head<'a> {
    /// `Bundle`, `Patient`, `Observation`, ...
    #[serde(rename = "resourceType")]
    pub resource_type: Option<String>,
    /// The logical id.
    pub id: Option<String>,
    /// A Bundle's entries, unread: one that is not an entry (a `null`, a
    /// `fullUrl` that is no text) is refused alone, not the whole Bundle.
    #[serde(default, borrow)]
    pub entry: Vec<&'a RawValue>,
    /// Resources contained in this one, named by `#id` from within it.
    #[serde(default, borrow)]
    pub contained: Vec<&'a RawValue>,
    /// A Bundle's links (`next` when it is one page of a search), unread:
    /// a Patient's `link` is another element.
    #[serde(default, borrow)]
    pub link: Option<&'a RawValue>,
    /// A Bundle's type: a `history` one records deletions.
    #[serde(rename = "type")]
    pub bundle_type: Option<serde_json::Value>,
}

/// One of a Bundle's links.
#[derive(Deserialize)]
pub struct Link {
    /// `self`, `next`, `previous`, ...
    pub relation: Option<String>,
}

/// What a DiagnosticReport tells its results: whose they are and when.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// `final`, `entered-in-error`, ...
    pub status: Option<String>,
    /// The patient.
    pub subject: Option<Reference>,
    /// The encounter.
    pub encounter: Option<Reference>,
    /// The specimens.
    #[serde(default)]
    pub specimen: Vec<Reference>,
    /// When the specimens were collected.
    pub effective_date_time: Option<String>,
    /// When, as a period (its start).
    pub effective_period: Option<Period>,
    /// The Observations it reports.
    #[serde(default)]
    pub result: Vec<Reference>,
}

/// A Period: its start and end.
#[derive(Deserialize)]
pub struct Period {
    /// When it started.
    pub start: Option<String>,
    /// When it ended.
    pub end: Option<String>,
}

/// An extension: its URL and the values hemotrend reads.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Extension {
    /// What it is.
    pub url: Option<String>,
    /// A code (US Core birth sex: `M`, `F`, `UNK`).
    pub value_code: Option<String>,
    /// A coding (US Core individual sex: SNOMED CT).
    pub value_coding: Option<Coding>,
}

/// A Patient: who.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Patient {
    /// The logical id: hemotrend's `patient_id`.
    pub id: Option<String>,
    /// Names; the `official` one, else the first, is shown.
    #[serde(default)]
    pub name: Vec<HumanName>,
    /// `male`, `female`, `other`, `unknown`.
    pub gender: Option<String>,
    /// `YYYY-MM-DD`.
    pub birth_date: Option<String>,
    /// Extensions: US Core individual sex and birth sex.
    #[serde(default)]
    pub extension: Vec<Extension>,
}

/// A HumanName.
#[derive(Deserialize)]
pub struct HumanName {
    /// `official`, `usual`, `maiden`, ...
    #[serde(rename = "use")]
    pub name_use: Option<String>,
    /// The whole name as text.
    pub text: Option<String>,
    /// Family name.
    pub family: Option<String>,
    /// Given names, in order.
    #[serde(default)]
    pub given: Vec<String>,
    /// When the name was in use.
    pub period: Option<Period>,
}

/// An Observation: one result.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Observation<'a> {
    /// The version: read leniently ([`super::observation::version_of`]),
    /// as it only orders an entered-in-error version against the others
    /// (a `meta` of another shape is no reason to refuse a result).
    pub meta: Option<serde_json::Value>,
    /// `final`, `amended`, `entered-in-error`, ...
    pub status: Option<String>,
    /// What was measured (LOINC codings).
    pub code: Option<CodeableConcept>,
    /// The patient.
    pub subject: Option<Reference>,
    /// The encounter: observations of one patient at one time and one
    /// encounter form one draw.
    pub encounter: Option<Reference>,
    /// The specimen, which groups a draw more exactly than the encounter.
    pub specimen: Option<Reference>,
    /// When the sample was collected.
    pub effective_date_time: Option<String>,
    /// When, as an instant.
    pub effective_instant: Option<String>,
    /// When, as a period: its start.
    pub effective_period: Option<Period>,
    /// The results of a panel, which take its subject and time.
    #[serde(default)]
    pub has_member: Vec<Reference>,
    /// The result.
    #[serde(borrow)]
    pub value_quantity: Option<Quantity<'a>>,
    /// Why there is no value, when there is none.
    pub data_absent_reason: Option<serde::de::IgnoredAny>,
    /// The lab's reference ranges.
    #[serde(default, borrow)]
    pub reference_range: Vec<ReferenceRange<'a>>,
    /// Parts of the result, each with its own code: read only to say when
    /// one is a CBC result (hemotrend reads a CBC result as an Observation
    /// of its own, or a panel's member).
    #[serde(default)]
    pub component: Vec<Component>,
}

/// One `component` of an Observation: only its code is read.
#[derive(Deserialize)]
pub struct Component {
    /// What the component measured.
    pub code: Option<CodeableConcept>,
}

/// A CodeableConcept: codings and text.
#[derive(Deserialize)]
pub struct CodeableConcept {
    /// Codes in code systems.
    #[serde(default)]
    pub coding: Vec<Coding>,
    /// The concept in words (`Platelet Count`): read leniently, only to
    /// name a result under a local code, which is no reason to refuse one.
    pub text: Option<serde_json::Value>,
}

/// One code in one system.
#[derive(Clone, Deserialize)]
pub struct Coding {
    /// `http://loinc.org` for LOINC.
    pub system: Option<String>,
    /// The code.
    pub code: Option<String>,
    /// The code in words, read leniently as [`CodeableConcept::text`].
    pub display: Option<serde_json::Value>,
}

/// A Reference to another resource.
#[derive(Clone, Deserialize)]
pub struct Reference {
    /// `urn:uuid:<id>`, `Patient/<id>`, or a full URL.
    pub reference: Option<String>,
}

/// A Quantity: a number, its comparator and its unit.
#[derive(Deserialize)]
pub struct Quantity<'a> {
    /// The number as written in the file.
    #[serde(borrow)]
    pub value: Option<&'a RawValue>,
    /// `<`, `<=`, `>=`, `>`, `ad`.
    pub comparator: Option<String>,
    /// The unit as shown to people.
    pub unit: Option<String>,
    /// The unit's code (UCUM: `10*3/uL`).
    pub code: Option<String>,
    /// The system of the code: UCUM's, or another (a local one's `KUL`).
    pub system: Option<String>,
}

/// One reference range of an Observation.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReferenceRange<'a> {
    /// Lower limit.
    #[serde(borrow)]
    pub low: Option<Quantity<'a>>,
    /// Upper limit.
    #[serde(borrow)]
    pub high: Option<Quantity<'a>>,
    /// The ages the range is for (not read: only whether it is given).
    pub age: Option<serde::de::IgnoredAny>,
    /// The population the range is for, such as a sex (not read: only
    /// whether it is given).
    pub applies_to: Option<serde::de::IgnoredAny>,
    /// What the range means (`normal`, `treatment`, ...): read leniently
    /// ([`super::reference_range`]), as a `type` of another shape costs
    /// the range, never the value.
    #[serde(rename = "type")]
    pub meaning: Option<serde_json::Value>,
}
