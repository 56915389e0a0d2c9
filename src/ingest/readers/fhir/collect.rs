//! Every resource of one file, wherever it stands: the file's only
//! resource, the entries of a Bundle (of any type, Bundles within Bundles
//! read too), the resources `contained` in another, or one per line of a
//! Bulk Data NDJSON file.

use serde_json::value::RawValue;

use crate::ingest::FileProblem;

use super::observation::{Version, version_of_entry};
use super::resources::{Entry, Head, Link};

use self::line_counter::LineCounter;
pub use self::messages::describe;
use self::messages::describe_line;

mod line_counter;
mod messages;

/// One resource, where it is in the file.
pub struct Located<'a> {
    /// Its path: `entry[3].resource`, `entry[0].resource.entry[2].resource`,
    /// `contained[0]`; empty for the file's only resource or an NDJSON line.
    pub path: String,
    /// Physical line of its first byte.
    pub line: u64,
    /// Its text.
    pub text: &'a str,
    /// `resourceType`.
    pub kind: Option<String>,
    /// Its logical id.
    pub id: Option<String>,
    /// The `fullUrl` of its Bundle entry.
    pub full_url: Option<String>,
    /// The resource it is contained in (by position in the file's list).
    pub container: Option<usize>,
    /// Its entry of a history Bundle, where it is one.
    pub history: Option<HistoryPlace>,
}

/// An entry of a history Bundle: which of the file's history Bundles, and
/// which entry. A history Bundle lists the newest first, so of one Bundle
/// an entry before another records what came after it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HistoryPlace {
    /// The file's history Bundles counted from 0, in the order they open.
    pub bundle: usize,
    /// The entry, counted from 0.
    pub entry: usize,
}

impl HistoryPlace {
    /// Whether this entry is known to record what came after `other`:
    /// of one history Bundle, it stands before it.
    pub fn after(self, other: HistoryPlace) -> Option<bool> {
        (self.bundle == other.bundle).then_some(self.entry < other.entry)
    }
}

/// A history Bundle's entry that records an Observation deleted (`request`
/// `DELETE`, no resource): where it is, the id, and its version.
pub struct Deletion {
    /// Physical line of the entry.
    pub line: u64,
    /// The entry's path: `entry[0]`.
    pub path: String,
    /// The Observation's id.
    pub id: String,
    /// The version the deletion made, where the entry says.
    pub version: Version,
    /// Its place in its history Bundle.
    pub history: HistoryPlace,
}

/// A resource that cannot even be told apart: where and why.
pub struct Unreadable {
    /// Physical line.
    pub line: u64,
    /// Its path (as [`Located::path`]).
    pub path: String,
    /// Why.
    pub reason: String,
}

/// A file's resources, in the order they stand.
#[derive(Default)]
pub struct Collected<'a> {
    /// The resources.
    pub resources: Vec<Located<'a>>,
    /// Entries or lines that are not resources.
    pub unreadable: Vec<Unreadable>,
    /// What loads but deserves a look: a Bundle that is one page of a
    /// search, where and why.
    pub notes: Vec<Unreadable>,
    /// The Observations history Bundles record deleted.
    pub deletions: Vec<Deletion>,
    /// How many history Bundles were met.
    history_bundles: usize,
}

/// Nesting beyond this is refused: no server writes it, and a hostile file
/// must not exhaust the stack.
const MAX_DEPTH: usize = 16;

/// The resources of a file named `name`: NDJSON when it is named
/// `*.ndjson` or holds more than one JSON value, else one JSON value.
pub fn collect<'a>(name: &str, text: &'a str) -> Result<Collected<'a>, FileProblem> {
    let ndjson = std::path::Path::new(name)
        .extension()
        .is_some_and(|extension| extension.eq_ignore_ascii_case("ndjson"));
    if ndjson {
        return Ok(collect_lines(text));
    }
    let top: &RawValue = match serde_json::from_str(text) {
        Ok(top) => top,
        Err(error) if error.to_string().starts_with("trailing characters") => {
            return Ok(collect_lines(text));
        }
        Err(error) => {
            return Err(FileProblem(format!("cannot be read as JSON: {error}")));
        }
    };
    let head: Head<'_> = serde_json::from_str(top.get()).map_err(|_| not_fhir())?;
    if head.resource_type.is_none() {
        return Err(not_fhir());
    }
    let mut collected = Collected::default();
    let mut lines = LineCounter::new(text);
    walk(
        &mut collected,
        &mut lines,
        top,
        head,
        String::new(),
        None,
        0,
    );
    Ok(collected)
}

fn not_fhir() -> FileProblem {
    FileProblem(
        "expected FHIR R4 JSON (a resource or Bundle with \"resourceType\"), NDJSON, or a CSV file"
            .to_string(),
    )
}

/// One resource per line; blank lines are passed over.
fn collect_lines(text: &str) -> Collected<'_> {
    let mut collected = Collected::default();
    for (number, line) in text.split('\n').enumerate() {
        let line_number = number as u64 + 1;
        // A byte-order mark at a line's start is where two exports were
        // joined (`cat`): an encoding mark, as at the file's start, not text.
        let trimmed = line.trim();
        let trimmed = trimmed.strip_prefix('\u{feff}').unwrap_or(trimmed);
        if trimmed.is_empty() {
            continue;
        }
        match serde_json::from_str::<Head<'_>>(trimmed) {
            Ok(head) => {
                let mut lines = LineCounter::fixed(line_number);
                let Ok(raw) = serde_json::from_str::<&RawValue>(trimmed) else {
                    continue;
                };
                walk(
                    &mut collected,
                    &mut lines,
                    raw,
                    head,
                    String::new(),
                    None,
                    0,
                );
            }
            Err(error) => collected.unreadable.push(Unreadable {
                line: line_number,
                path: String::new(),
                reason: describe_line(&error, trimmed),
            }),
        }
    }
    collected
}

/// Adds a resource (a Bundle: its entries') and what it contains.
fn walk<'a>(
    collected: &mut Collected<'a>,
    lines: &mut LineCounter<'_>,
    raw: &'a RawValue,
    head: Head<'a>,
    path: String,
    full_url: Option<String>,
    depth: usize,
) {
    let line = lines.line_of(raw.get());
    if depth > MAX_DEPTH {
        collected.unreadable.push(Unreadable {
            line,
            path,
            reason: "Bundles nested too deep".to_string(),
        });
        return;
    }
    if head.resource_type.as_deref() == Some("Bundle") {
        // A server pages a search's results: a Bundle with a `next` link
        // holds one page, and the trend drawn from it is part of the
        // patient's (the nadir, the worst draw may be on another page).
        let links = head
            .link
            .and_then(|raw| serde_json::from_str::<Vec<Link>>(raw.get()).ok())
            .unwrap_or_default();
        if links.iter().any(|l| l.relation.as_deref() == Some("next")) {
            collected.notes.push(Unreadable {
                line,
                path: join(&path, "link"),
                reason: "this Bundle is one page of a search (its link \"next\" names the next page): results on the other pages are not in this file".to_string(),
            });
        }
        // Only a history Bundle records what a server did; a transaction's
        // DELETE is a request, which may not have been carried out.
        let history = head
            .bundle_type
            .as_ref()
            .and_then(serde_json::Value::as_str)
            .is_some_and(|kind| kind.trim() == "history")
            .then(|| {
                collected.history_bundles += 1;
                collected.history_bundles - 1
            });
        for (index, raw_entry) in head.entry.into_iter().enumerate() {
            let entry = match serde_json::from_str::<Entry<'_>>(raw_entry.get()) {
                Ok(entry) => entry,
                Err(error) => {
                    let text = error.to_string();
                    let text = text.rfind(" at line ").map_or(&*text, |cut| &text[..cut]);
                    collected.unreadable.push(Unreadable {
                        line: lines.line_of(raw_entry.get()),
                        path: join(&path, &format!("entry[{index}]")),
                        reason: format!("not a Bundle entry ({text}); the other entries load"),
                    });
                    continue;
                }
            };
            let place = history.map(|bundle| HistoryPlace {
                bundle,
                entry: index,
            });
            let Some(resource) = entry.resource else {
                if let Some(place) = place {
                    let line = lines.line_of(raw_entry.get());
                    let path = join(&path, &format!("entry[{index}]"));
                    note_deletion(collected, &entry, (line, path), place);
                }
                continue;
            };
            let inner = join(&path, &format!("entry[{index}].resource"));
            let first = collected.resources.len();
            read_one(
                collected,
                lines,
                resource,
                inner.clone(),
                entry.full_url,
                depth + 1,
            );
            // The entry's own resource, not what a Bundle in it holds.
            if let Some(located) = collected.resources.get_mut(first)
                && located.path == inner
            {
                located.history = place;
            }
        }
        return;
    }
    // A resource without a type, or with the type of a result or patient
    // misspelled in case, would pass unseen: named instead.
    let known = ["Observation", "Patient", "DiagnosticReport", "Bundle"];
    let unnamed = match head.resource_type.as_deref() {
        None => Some("no \"resourceType\": not read as a FHIR resource".to_string()),
        Some(kind) if kind.trim() != kind || kind.is_empty() => Some(format!(
            "resourceType {kind:?} is not a FHIR type (spaces around it, or none): not read"
        )),
        Some(kind) => known
            .iter()
            .find(|k| k.eq_ignore_ascii_case(kind) && **k != kind)
            .map(|k| {
                format!("resourceType {kind:?} is not a FHIR type (FHIR writes {k:?}): not read")
            }),
    };
    if let Some(reason) = unnamed {
        collected.unreadable.push(Unreadable { line, path, reason });
        return;
    }
    let at = collected.resources.len();
    let contained = head.contained;
    collected.resources.push(Located {
        path: path.clone(),
        line,
        text: raw.get(),
        kind: head.resource_type,
        id: head.id,
        full_url,
        container: None,
        history: None,
    });
    for (index, resource) in contained.into_iter().enumerate() {
        let inner = join(&path, &format!("contained[{index}]"));
        let line = lines.line_of(resource.get());
        match serde_json::from_str::<Head<'_>>(resource.get()) {
            Ok(head) => collected.resources.push(Located {
                path: inner,
                line,
                text: resource.get(),
                kind: head.resource_type,
                id: head.id,
                full_url: None,
                container: Some(at),
                history: None,
            }),
            Err(error) => collected.unreadable.push(Unreadable {
                line,
                path: inner,
                reason: describe(&error),
            }),
        }
    }
}

/// A history Bundle's entry without a resource: an Observation deleted
/// when its `request.method` is `DELETE` and its `request.url` or
/// `fullUrl` names one; anything else records nothing hemotrend reads.
fn note_deletion(
    collected: &mut Collected<'_>,
    entry: &Entry<'_>,
    (line, path): (u64, String),
    history: HistoryPlace,
) {
    let request = entry.request.as_ref();
    let method = request
        .and_then(|request| request.get("method"))
        .and_then(serde_json::Value::as_str);
    if method.map(str::trim) != Some("DELETE") {
        return;
    }
    let url = request
        .and_then(|request| request.get("url"))
        .and_then(serde_json::Value::as_str);
    let named = [url, entry.full_url.as_deref()].map(|url| url.and_then(observation_id));
    let id = match named {
        [Some(by_url), Some(by_full_url)] if by_url != by_full_url => {
            // Which one was deleted cannot be told: neither is retracted.
            collected.notes.push(Unreadable {
                line,
                path: join(&path, "request.url"),
                reason: format!(
                    "this DELETE names Observation \"{by_url}\" in request.url and \"{by_full_url}\" in fullUrl: neither is taken as deleted"
                ),
            });
            return;
        }
        [Some(id), _] | [None, Some(id)] => id,
        [None, None] => return,
    };
    let version = version_of_entry(request, entry.response.as_ref());
    collected.deletions.push(Deletion {
        line,
        path,
        id,
        version,
        history,
    });
}

/// The id of the Observation a URL names (`Observation/h2`, absolute, or
/// with `/_history/3`), if it names one.
fn observation_id(url: &str) -> Option<String> {
    let key = super::context::key(url);
    let id = key.strip_prefix("Observation/")?;
    (!id.is_empty()).then(|| id.to_string())
}

/// An entry's resource: read for its head, or listed as unreadable.
fn read_one<'a>(
    collected: &mut Collected<'a>,
    lines: &mut LineCounter<'_>,
    raw: &'a RawValue,
    path: String,
    full_url: Option<String>,
    depth: usize,
) {
    match serde_json::from_str::<Head<'_>>(raw.get()) {
        Ok(head) => walk(collected, lines, raw, head, path, full_url, depth),
        Err(error) => {
            let line = lines.line_of(raw.get());
            collected.unreadable.push(Unreadable {
                line,
                path,
                reason: describe(&error),
            });
        }
    }
}

/// `a.b`, or `b` when `a` is empty.
pub fn join(prefix: &str, element: &str) -> String {
    match (prefix.is_empty(), element.is_empty()) {
        (true, _) => element.to_string(),
        (false, true) => prefix.to_string(),
        (false, false) => format!("{prefix}.{element}"),
    }
}

#[cfg(test)]
mod tests;
