//! Collection times in the formats DESIGN.md lists.

use crate::model::Timestamp;

/// Why a time was not understood.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct TimeError(pub String);

/// Parses `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM[:SS]` (or a space for `T`), with an
/// optional `Z` or `+HH:MM` offset.
pub fn parse_time(_text: &str) -> Result<Timestamp, TimeError> {
    todo!("ingest primitives")
}
