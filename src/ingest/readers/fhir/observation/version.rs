//! Which version of its resource an Observation is, read from its `meta`
//! or from a history Bundle's entry that deletes it.

use crate::ingest::time::parse_time;

use super::super::resources::Observation;
use super::without_fraction;

/// Which version of its resource an Observation is: `meta.versionId`
/// when it is a whole number, and `meta.lastUpdated`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Version {
    number: Option<u64>,
    updated: Option<i64>,
}

impl Version {
    /// Whether this version is known to come after `other`: by their
    /// numbers when both have one, else by their times; `None` when
    /// neither tells.
    pub fn after(self, other: Version) -> Option<bool> {
        match (self.number, other.number, self.updated, other.updated) {
            (Some(this), Some(that), _, _) => Some(this > that),
            (_, _, Some(this), Some(that)) => Some(this > that),
            _ => None,
        }
    }
}

/// The version of `observation`, from what of its `meta` can be read.
pub fn version_of(observation: &Observation<'_>) -> Version {
    let Some(meta) = &observation.meta else {
        return Version::default();
    };
    version_from(meta.get("versionId"), meta.get("lastUpdated"))
}

/// The version a history Bundle's entry without a resource (a `DELETE`)
/// records: its number from `request.url`'s `_history/<n>`, else
/// `response.etag` (`W/"3"`), and its time from `response.lastModified`,
/// as a server writes them in place of the resource's `meta`.
pub fn version_of_entry(
    request: Option<&serde_json::Value>,
    response: Option<&serde_json::Value>,
) -> Version {
    let from_url = request
        .and_then(|request| request.get("url"))
        .and_then(serde_json::Value::as_str)
        .and_then(|url| url.split_once("/_history/"))
        .map(|(_, number)| number.trim_end_matches('/'));
    let from_etag = response
        .and_then(|response| response.get("etag"))
        .and_then(serde_json::Value::as_str)
        .map(|etag| etag.trim().trim_start_matches("W/").trim_matches('"'));
    let number = from_url
        .or(from_etag)
        .map(|number| serde_json::Value::String(number.to_string()));
    let updated = response.and_then(|response| response.get("lastModified"));
    version_from(number.as_ref(), updated)
}

/// A version from what stands for `versionId` and `lastUpdated`: a number
/// only when it is a whole one, a time only when it can be read.
fn version_from(
    number: Option<&serde_json::Value>,
    updated: Option<&serde_json::Value>,
) -> Version {
    let number = match number {
        Some(serde_json::Value::String(text)) => text.trim().parse().ok(),
        Some(serde_json::Value::Number(number)) => number.as_u64(),
        _ => None,
    };
    let updated = updated
        .and_then(serde_json::Value::as_str)
        .and_then(|text| parse_time(&without_fraction(text)).ok())
        .map(|time| time.instant());
    Version { number, updated }
}
