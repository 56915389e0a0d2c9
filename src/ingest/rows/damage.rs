//! What a damaged record is told: cells that give no text (too long, not
//! UTF-8), cells out of place past the header's last name, a quoted cell
//! running over whole rows; and whose the refusal is.

use super::super::csv_record::Fields;
use super::{Row, RowError, field};

/// Why a field longer than [`super::super::csv_record::MAX_FIELD_BYTES`] is not read.
pub(crate) const TOO_LONG: &str = "field longer than 64 KiB";

/// The patient of a row refused whole, where their cell can be read: the
/// rejection is theirs.
pub(super) fn note_patient<'r, F: Fields>(record: &'r F, column: usize, row: &mut Row<'r>) {
    if let Ok(text) = field(record, column) {
        let id = crate::safe_text::trim(text);
        if !id.is_empty() && !crate::safe_text::id_unreadable(id) {
            row.patient = id;
        }
    }
}

/// The refusal of a record whose quoted field runs over line breaks where
/// every line of the record, read alone, is a whole row (the header's
/// count of commas, quotes taken as plain text). A quote left open in one
/// row and closed in the next (`A1,"Smith,2024-01-01,9` then
/// `A2,Jones",2024-01-02,8`) reads both lines as one row of the right
/// length: the second patient's values under the first one's name, and no
/// fault in the quotes. A name or note written over two lines seldom makes
/// every line a row's length (`P1,2024-03-01,ist,,"hATG, day 1;` is not).
/// `written` is the record's bytes as written, when kept.
pub(crate) fn rows_inside<F: Fields>(
    record: &F,
    written: Option<&[u8]>,
    columns: usize,
) -> Option<RowError> {
    let written = written?;
    let body = written.strip_suffix(b"\n").unwrap_or(written);
    let breaks = memchr::memchr_iter(b'\n', body).count();
    if breaks == 0 {
        return None;
    }
    let whole_rows = body.split(|&byte| byte == b'\n').all(|line| {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        memchr::memchr_iter(b',', line).count() + 1 == columns
    });
    if !whole_rows {
        return None;
    }
    let index =
        (0..record.count()).find(|&index| memchr::memchr(b'\n', record.field(index)).is_some())?;
    let (over, those) = if breaks == 1 {
        ("on into the next line".to_string(), "that line was")
    } else {
        (
            format!("on over the next {breaks} lines"),
            "those lines were",
        )
    };
    Some(RowError::at(
        index,
        format!(
            "a quoted cell runs {over}, each line a whole row of its own: a quote is probably \
             missing, and {those} read into this row, which is rejected; check the quotes here"
        ),
    ))
}

/// The rejection of a cell that gave no text: too long to read, or not
/// UTF-8.
pub(super) fn unreadable<F: Fields>(record: &F, index: usize) -> RowError {
    RowError::at(index, why_unreadable(record, index))
}

/// Why a cell gave no text: [`TOO_LONG`], else [`NOT_UTF8`].
pub(super) fn why_unreadable<F: Fields>(record: &F, index: usize) -> &'static str {
    if record.too_long(index) {
        TOO_LONG
    } else {
        NOT_UTF8
    }
}

/// Why a cell that is not UTF-8 is not read, and what to do: in every CSV
/// table's words (the patients tables' too).
pub(crate) const NOT_UTF8: &str = "not valid UTF-8 text (if the file is in another encoding, \
     such as Latin-1, save it as UTF-8)";

/// The rejection of a cell that is not UTF-8.
pub(super) fn not_utf8(index: usize) -> RowError {
    RowError::at(index, NOT_UTF8)
}

/// The columns a header names: up to its last name (a spreadsheet leaves
/// empty names after it, for cells once formatted).
pub(crate) fn named_columns(headers: &[String]) -> usize {
    headers
        .iter()
        .rposition(|name| !name.is_empty())
        .map_or(0, |last| last + 1)
}

/// A row with a value in a column after the header's last name: its cells
/// are out of place (`9,5` unquoted split into two fields, in a row one
/// field short), so none of them can be trusted where they stand.
pub(super) fn beyond_the_names<F: Fields>(record: &F, headers: &[String]) -> Option<RowError> {
    let named = named_columns(headers);
    let index =
        (named..record.count()).find(|&index| !record.field(index).trim_ascii().is_empty())?;
    let value = String::from_utf8_lossy(record.field(index).trim_ascii()).into_owned();
    Some(RowError {
        column: None,
        reason: format!(
            "has a value (\"{}\") in field {}, after the last column the header names: \
             the row's cells may be out of place{}",
            crate::safe_text::printable(&value),
            index + 1,
            split_decimal_hint(record, named)
        ),
    })
}

/// A hint for a row with more fields than its header where two fields side
/// by side are digits (`12,5` unquoted is `12` and `5`): a decimal comma
/// may have split a value.
pub(super) fn split_decimal_hint<F: Fields>(record: &F, header_len: usize) -> &'static str {
    // A CR alone inside the row (a line end only old Macs write, one line
    // of a file pasted together): the rows it joins read as one.
    let lone_cr = (0..record.count()).any(|index| {
        let field = record.field(index);
        let last = index + 1 == record.count();
        field
            .iter()
            .enumerate()
            .any(|(at, &byte)| byte == b'\r' && !(last && at + 1 == field.len()))
    });
    if record.count() > header_len && lone_cr {
        return " (a CR alone ends a line inside this row, an old Mac line end: the rows it \
                joins read as one; save the file with LF or CRLF line ends)";
    }
    let digits = |index: usize| {
        let field = record.field(index);
        let number = field
            .strip_prefix(b"<")
            .or_else(|| field.strip_prefix(b">"))
            .unwrap_or(field);
        !number.is_empty() && number.iter().all(u8::is_ascii_digit)
    };
    let split = record.count() > header_len
        && (1..record.count()).any(|index| digits(index - 1) && digits(index));
    if split {
        " (a decimal comma? 12,5 unquoted is two fields: save the file with points as decimal \
         separators)"
    } else {
        ""
    }
}
