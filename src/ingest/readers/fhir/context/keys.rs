//! The keys a resource is named by and a reference resolves to: `Type/id`,
//! a `urn:` as written, `#id` within the resource that contains it.

use crate::ingest::readers::fhir::collect::Located;
use crate::ingest::readers::fhir::resources::Reference;

use super::At;

/// The keys a resource of type `kind` is named by.
pub(super) fn keys_of(at: At, located: &Located<'_>, kind: &str) -> Vec<String> {
    let mut keys = Vec::new();
    if let Some(id) = located
        .id
        .as_deref()
        .map(str::trim)
        .filter(|id| !id.is_empty())
    {
        match located.container {
            Some(container) => keys.push(format!("#{}:{container}#{id}", at.file)),
            None => keys.push(format!("{kind}/{id}")),
        }
    }
    if let Some(url) = &located.full_url {
        keys.push(key(url));
    }
    keys
}

/// The key a reference from `located` names; `None` without a reference.
pub fn reference_key(reference: &Reference, at: At, located: &Located<'_>) -> Option<String> {
    let text = reference.reference.as_deref()?.trim();
    if let Some(local) = text.strip_prefix('#') {
        let container = located.container.unwrap_or(at.index);
        return Some(format!("#{}:{container}#{local}", at.file));
    }
    Some(key(text))
}

/// A reference as a key: `urn:...` as written; a URL or relative reference
/// as `Type/id`, without its base or `_history`.
pub fn key(reference: &str) -> String {
    let reference = reference.trim();
    if reference.starts_with("urn:") {
        return reference.to_string();
    }
    let reference = match reference.find("/_history") {
        Some(cut) => &reference[..cut],
        None => reference,
    };
    let mut parts = reference.rsplit('/');
    match (parts.next(), parts.next()) {
        (Some(id), Some(kind))
            if !id.is_empty() && kind.starts_with(|c: char| c.is_ascii_uppercase()) =>
        {
            format!("{kind}/{id}")
        }
        _ => reference.to_string(),
    }
}
