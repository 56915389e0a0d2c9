//! Which element of an Observation that does not parse is at fault: each
//! of its elements is parsed alone, so that a `comparator` written as a
//! number is named there, not said of the resource as a whole.

use super::resources::Observation;

/// The first element of `text` (a JSON object) that does not parse as an
/// Observation's, and why; `None` when `text` is no object, or when each
/// element parses alone (the fault is in the whole).
pub fn invalid_element(text: &str) -> Option<(String, String)> {
    let serde_json::Value::Object(object) = serde_json::from_str(text).ok()? else {
        return None;
    };
    object.into_iter().find_map(|(element, value)| {
        let alone = serde_json::json!({ element.as_str(): value }).to_string();
        let error = serde_json::from_str::<Observation<'_>>(&alone).err()?;
        let reason = format!("not a valid {element}: {}", in_json_words(&error));
        Some((element, reason))
    })
}

/// serde's reason without its position (that of the element alone) and
/// with JSON's words for our types (`expected struct Quantity with 4
/// elements` is `expected a JSON object`).
fn in_json_words(error: &serde_json::Error) -> String {
    let text = error.to_string();
    let text = text
        .rfind(" at line ")
        .map_or(text.as_str(), |cut| &text[..cut]);
    match text.split_once("expected struct ") {
        Some((before, _)) => format!("{before}expected a JSON object"),
        None => text.replace("expected a sequence", "expected a JSON array"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_element_at_fault_is_named_in_json_words() {
        let quantity = r#"{"resourceType":"Observation","status":"final","valueQuantity":{"value":150,"comparator":5}}"#;
        assert_eq!(
            invalid_element(quantity),
            Some((
                "valueQuantity".to_string(),
                "not a valid valueQuantity: invalid type: integer `5`, expected a string"
                    .to_string()
            ))
        );
        let array = r#"{"status":"final","valueQuantity":[150]}"#;
        assert_eq!(
            invalid_element(array),
            Some((
                "valueQuantity".to_string(),
                "not a valid valueQuantity: invalid length 1, expected a JSON object".to_string()
            ))
        );
        let ranges = r#"{"referenceRange":{"low":{"value":1}}}"#;
        assert_eq!(
            invalid_element(ranges).map(|(_, reason)| reason),
            Some(
                "not a valid referenceRange: invalid type: map, expected a JSON array".to_string()
            )
        );
        assert_eq!(invalid_element("[1]"), None);
        assert_eq!(invalid_element(r#"{"status":"final"}"#), None);
    }
}
