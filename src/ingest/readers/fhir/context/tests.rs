//! References as keys, and patient ids of subject keys.

use super::*;
use rstest::rstest;

#[rstest]
#[case("Patient/abc-1", "Patient/abc-1")]
#[case("https://fhir.example/base/Patient/abc-1/_history/2", "Patient/abc-1")]
#[case("https://example.com/base/Observation/r1", "Observation/r1")]
#[case("urn:uuid:61eb", "urn:uuid:61eb")]
#[case(" Group/7 ", "Group/7")]
#[case("nothing", "nothing")]
fn references_as_keys(#[case] reference: &str, #[case] expected: &str) {
    assert_eq!(key(reference), expected);
}

#[test]
fn patient_ids_of_keys() {
    let index = Index::default();
    assert_eq!(index.patient_id("Patient/p").as_deref(), Some("p"));
    assert_eq!(index.patient_id("urn:uuid:u").as_deref(), Some("u"));
    assert_eq!(index.patient_id("Group/7"), None);
    assert_eq!(index.patient_id("urn:uuid:"), None);
    assert_eq!(index.patient_id("#0:0#p"), None);
}
