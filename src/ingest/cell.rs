//! One value cell: not measured, a number, or a censored bound.

use crate::model::{Censor, Decimal, DecimalError};

/// `Ok(None)` for a value that was not measured (`""`, `NA`, `N/A`, `-`);
/// otherwise the number with its qualifier (`<10` is below 10).
pub fn parse_cell(_text: &str) -> Result<Option<(Censor, Decimal)>, DecimalError> {
    todo!("ingest primitives")
}
