//! The line counter, and resources found in nested Bundles, contained and on NDJSON lines.

use super::*;

#[test]
fn lines_count_from_one_as_resources_are_met() {
    let text = "{\n  \"a\": {\n\n  \"b\": 1\n}\n}";
    let mut lines = LineCounter::new(text);
    let a = text.find("{\n\n").unwrap();
    let b = text.find("\"b\"").unwrap();
    assert_eq!(lines.line_of(text), 1);
    assert_eq!(lines.line_of(&text[a..]), 2);
    assert_eq!(lines.line_of(&text[b..]), 4);
}

#[test]
fn bundles_within_bundles_single_resources_contained_and_lines() {
    let text = r#"{"resourceType":"Bundle","entry":[
 {"fullUrl":"urn:uuid:b","resource":{"resourceType":"Bundle","entry":[
   {"resource":{"resourceType":"Observation","id":"o",
     "contained":[{"resourceType":"Patient","id":"p"}]}}]}},
 {"resource":{"resourceType":"Patient","id":"q"}}]}"#;
    let found = collect("x.json", text).unwrap();
    let got: Vec<_> = found
        .resources
        .iter()
        .map(|r| (r.path.as_str(), r.line, r.kind.as_deref(), r.container))
        .collect();
    assert_eq!(
        got,
        [
            (
                "entry[0].resource.entry[0].resource",
                3,
                Some("Observation"),
                None
            ),
            (
                "entry[0].resource.entry[0].resource.contained[0]",
                4,
                Some("Patient"),
                Some(0)
            ),
            ("entry[1].resource", 5, Some("Patient"), None),
        ]
    );
    let one = collect("p.json", r#"{"resourceType":"Patient","id":"p"}"#).unwrap();
    assert_eq!(one.resources[0].path, "");
    let lines =
        "{\"resourceType\":\"Patient\",\"id\":\"a\"}\n\nnot json\n{\"resourceType\":\"Patient\"}\n";
    for name in ["x.ndjson", "x.json"] {
        let found = collect(name, lines).unwrap();
        let got: Vec<_> = found.resources.iter().map(|r| r.line).collect();
        assert_eq!(got, [1, 4], "{name}");
        assert_eq!(found.unreadable.len(), 1);
        assert_eq!(found.unreadable[0].line, 3);
    }
    assert!(collect("x.json", r#"{"a": 1}"#).is_err());
    assert!(collect("x.json", "[1, 2]").is_err());
}
