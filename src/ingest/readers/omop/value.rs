//! A MEASUREMENT row's result and the lab's range given with it:
//! `value_as_number` with its `operator_concept_id`, else the result as
//! written in `value_source_value` (`<10`, as an ETL leaves what is not a
//! number); `range_low`/`range_high` in the value's unit. What cannot be
//! read is answered with its column and reason, for the row to refuse (a
//! result) or warn of (a range).

use crate::ingest::cell::parse_cell;
use crate::ingest::long_value::{Cell, describe, read_range};
use crate::ingest::rows::{Measure, NOT_UTF8};
use crate::model::{Censor, Decimal, LabRange};

use super::Columns;
use super::cells::cell_text;
use super::concepts::operator;

/// A column of the row and what is wrong with it.
pub(super) type Fault = (usize, String);

/// A row's result as read: its qualifier and amount, the column it was
/// read from (a refusal of the value names it) and its text as written
/// (its places and digits are kept).
pub(super) struct Written<'r> {
    /// `=`, `<` or `>`.
    pub censor: Censor,
    /// The number as written, in the row's unit.
    pub amount: Decimal,
    /// `value_as_number`, or `value_source_value` where it was read.
    pub at: usize,
    /// The text the amount was read from.
    pub text: &'r str,
}

/// The row's result; `None` where it has no value (`value_as_concept_id`
/// alone, positive or negative, or no result at all). The operator is read
/// first, then the value, so a row wrong in both is refused for its
/// operator.
pub(super) fn read_result<'r>(
    record: &'r csv::ByteRecord,
    columns: &Columns,
) -> Result<Option<Written<'r>>, Fault> {
    let read = |index: Option<usize>| cell_text(record, index);
    let Columns {
        concept,
        value,
        value_source,
        op,
        ..
    } = *columns;
    let value_at = value.unwrap_or(concept);
    let censor = match read(op).map(operator) {
        Ok(Ok(censor)) => censor,
        Ok(Err(reason)) => return Err((op.unwrap_or(value_at), reason)),
        Err(at) => return Err((at, NOT_UTF8.into())),
    };
    let number = read(value).map_err(|_| (value_at, NOT_UTF8.to_string()))?;
    if !number.is_empty() {
        let amount = Decimal::parse(number).map_err(|error| (value_at, describe(number, error)))?;
        let censor = source_qualifier(read(value_source).ok(), censor, amount)
            .map_err(|reason| (value_source.unwrap_or(value_at), reason))?;
        return Ok(Some(Written {
            censor,
            amount,
            at: value_at,
            text: number,
        }));
    }
    // An ETL that could not make a number of the result (`<10`) leaves
    // value_as_number empty and keeps the result as written in
    // value_source_value: read there, with its qualifier, and refused at
    // that cell.
    let at = value_source.unwrap_or(value_at);
    let written = read(value_source).map_err(|_| (at, NOT_UTF8.to_string()))?;
    let (own, amount) = match parse_cell(written) {
        Ok(None) => return Ok(None),
        Ok(Some(read)) => read,
        Err(error) => {
            let reason = format!(
                "value_as_number is empty and value_source_value {}",
                describe(written, error)
            );
            return Err((at, reason));
        }
    };
    let censor = match (censor, own) {
        (Censor::Exact, own) => own,
        (operator, Censor::Exact) => operator,
        (operator, own) if operator == own => own,
        _ => {
            let reason = format!(
                "value_source_value {written:?} and operator_concept_id {} say different things",
                read(op).unwrap_or_default()
            );
            return Err((at, reason));
        }
    };
    Ok(Some(Written {
        censor,
        amount,
        at,
        text: written,
    }))
}

/// The qualifier of a result whose `value_as_number` is given (with
/// `operator`): a `<` or `>` an ETL kept only in `value_source_value`
/// (`<10` beside 10 and no operator) is the result's, as the lab wrote it;
/// a censored source value that the number and operator do not bear out
/// (`<10` beside 12, or beside the operator `>`) cannot be settled, and is
/// the reason the result is refused. A source value of no qualifier, or
/// not a number, changes nothing (it may be in another unit).
fn source_qualifier(
    source: Option<&str>,
    operator: Censor,
    amount: Decimal,
) -> Result<Censor, String> {
    let Some(Ok(Some((own, written)))) = source.map(parse_cell) else {
        return Ok(operator);
    };
    match (operator, own) {
        (_, Censor::Exact) => Ok(operator),
        (operator, own) if operator == own => Ok(own),
        (Censor::Exact, own) if written == amount => Ok(own),
        _ => Err(format!(
            "value_source_value {:?} is censored where value_as_number {amount} and operator_concept_id ({}) do not say so: which is the result cannot be told",
            source.unwrap_or_default(),
            match operator {
                Censor::Exact => "exact or empty",
                Censor::Below => "<",
                Censor::Above => ">",
            }
        )),
    }
}

/// The lab's range of a count, converted with the value's `factor`; `None`
/// where the row gives none. An unusable range (not numbers, not UTF-8, or
/// `unsure` which unit it is in) is a fault of its column: it costs the
/// range, never the value (clinical.md §2).
pub(super) fn lab_range(
    record: &csv::ByteRecord,
    columns: &Columns,
    (measure, factor): (Measure, Decimal),
    unsure: bool,
    unit_text: &str,
) -> Result<Option<LabRange>, Fault> {
    let read = |index: Option<usize>| cell_text(record, index);
    let given = |at: Option<usize>| read(at) != Ok("");
    let (Measure::Count(_), Some(low), Some(high)) = (measure, columns.low, columns.high) else {
        return Ok(None);
    };
    if unsure && (given(Some(low)) || given(Some(high))) {
        return Err((
            low,
            format!(
                "range_low and range_high may be in unit_concept_id {}'s unit or in the source's ({unit_text}), which differ: not used; the limits for the age and sex apply (the adult ones when the age is unknown)",
                read(columns.unit).unwrap_or_default()
            ),
        ));
    }
    let limits = match (read(Some(low)), read(Some(high))) {
        (Ok(low_text), Ok(high_text)) => read_range(low_text, high_text, factor)
            .map_err(|(at, reason)| (if at == Cell::Upper { high } else { low }, reason)),
        (Err(at), _) | (_, Err(at)) => Err((at, NOT_UTF8.to_string())),
    };
    limits.map_err(|(at, reason)| {
        (
            at,
            format!(
                "{reason}; the limits for the age and sex apply (the adult ones when the age is unknown)"
            ),
        )
    })
}
