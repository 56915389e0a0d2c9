//! A MEASUREMENT row's cells as text. The table is read as bytes, so a
//! cell that is not UTF-8 is answered with its column, for the caller to
//! refuse what it would have said (or to pass over a cell it does not need).

/// A cell's text, trimmed: empty where the table has no such column, the
/// column's index where its bytes are not UTF-8.
pub(super) fn cell_text(record: &csv::ByteRecord, index: Option<usize>) -> Result<&str, usize> {
    let Some(index) = index else {
        return Ok("");
    };
    std::str::from_utf8(record.get(index).unwrap_or_default())
        .map(str::trim)
        .map_err(|_| index)
}

/// `measurement_datetime`, else the date with `measurement_time` when the
/// CDM row gives one, else the date alone: the column the time is read
/// from and its text, or the column whose bytes are not UTF-8 (a cell not
/// needed, a time beside a datetime, is not looked at).
pub(super) fn time_cells(
    record: &csv::ByteRecord,
    date: usize,
    datetime: Option<usize>,
    clock: Option<usize>,
) -> Result<(usize, String), usize> {
    let datetime_text = cell_text(record, datetime)?;
    if !datetime_text.is_empty() {
        return Ok((datetime.unwrap_or(date), datetime_text.to_string()));
    }
    let clock_text = cell_text(record, clock)?;
    let date_text = cell_text(record, Some(date))?;
    Ok(if clock_text.is_empty() {
        (date, date_text.to_string())
    } else {
        (clock.unwrap_or(date), format!("{date_text}T{clock_text}"))
    })
}
