//! What a resource serde could not read is reported as: serde's message
//! reworded for the input, and for an NDJSON line a hint at its likely cause.

/// serde's message without its position (which counts from the resource's
/// start, not the file's).
pub fn describe(error: &serde_json::Error) -> String {
    let text = error.to_string();
    let text = match text.rfind(" at line ") {
        Some(cut) => &text[..cut],
        None => &text,
    };
    // serde's "expected struct Head" names a type of ours, not the input.
    if let Some(rest) = text.strip_prefix("invalid type: ")
        && let Some((found, expected)) = rest.split_once(", expected ")
    {
        if expected.starts_with("struct") {
            return format!("not a valid resource: {found}, where a resource is a JSON object");
        }
        // One of the elements every resource is read for first.
        return format!(
            "not a valid resource: {found} where {expected} is expected (`resourceType` and `id` \
             are text, `entry` and `contained` lists)"
        );
    }
    format!("not a valid resource: {text}")
}

/// [`describe`] of an NDJSON line: a line that ends inside a resource, or
/// holds a piece of one, is most often a resource written over several
/// lines, which NDJSON does not allow.
pub(super) fn describe_line(error: &serde_json::Error, line: &str) -> String {
    // A line that does not even open an object (`}`, `"id": "2",`) is a
    // piece of one, whatever the parser met first.
    let reason = if line.starts_with('{') && error.is_syntax() {
        // Where on the line: a whole file's error says where in the file.
        format!(
            "{} at column {} of the line",
            describe(error),
            error.column()
        )
    } else if line.starts_with('{') {
        describe(error)
    } else {
        "not a valid resource: the line holds no JSON object".to_string()
    };
    // A whole object of the wrong shape is no piece of one.
    if error.is_eof() || !line.starts_with('{') {
        format!(
            "{reason} (an NDJSON line holds one whole resource: is this one written over several \
             lines?)"
        )
    } else {
        reason
    }
}
