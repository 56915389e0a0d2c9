//! OMOP CDM 5.4 `MEASUREMENT`, as the CDM names its columns: one row per
//! result. The test is the LOINC code (or another code or name hemotrend
//! knows) in `measurement_source_value`, else the standard concept in
//! `measurement_concept_id` (clinical.md §5); the unit is `unit_concept_id`
//! (else `unit_source_value`); `operator_concept_id` gives `<`/`>`; the
//! value is `value_as_number`, else the result as written in
//! `value_source_value` (`<10`, as an ETL leaves what is not a number);
//! `range_low`/`range_high` are the lab's range; the time is
//! `measurement_datetime`, else `measurement_date` with `measurement_time`
//! where given. A count without a unit hemotrend knows is refused, never
//! read as the canonical unit. One person at one time
//! is one draw. `PERSON` is joined for sex and birth date (see
//! [`patient_table`](super::patient_table)).
//!
//! The table is read as bytes: a cell that is not UTF-8 costs what it would
//! have said, never the file. A unit, operator, value or source value
//! refuses that result; the person or the time, the row; a range, the
//! range (a warning). A test's source value or concept that is not UTF-8
//! names nothing hemotrend knows (every code and name it knows is ASCII):
//! the other decides, as for a local name. A column not read costs nothing.
//!
//! A row with more or fewer fields than the header is refused whole, with
//! its line, as the lab tables refuse one: its cells cannot be told apart
//! (an unquoted `8,2` is two), and every other row loads.
//!
//! Here, the table walk: the header, then each row of the header's length
//! to [`row`], which reads its test and unit by [`concepts`], its cells by
//! [`cells`], and its result and the lab's range by [`value`].

mod cells;
mod concepts;
mod row;
mod value;

use std::io::Read;

use crate::ingest::FileProblem;
use crate::ingest::assembler::entries::Source;
use crate::ingest::assembler::{FileColumns, RowLog};

use self::row::read_row;

/// Where a MEASUREMENT table's columns are, by the CDM's names: the three
/// it cannot be read without, and the others where it has them.
#[derive(Clone, Copy, Debug)]
struct Columns {
    /// `person_id`.
    person: usize,
    /// `measurement_concept_id`.
    concept: usize,
    /// `measurement_date`.
    date: usize,
    /// `measurement_datetime`.
    datetime: Option<usize>,
    /// `measurement_time`.
    clock: Option<usize>,
    /// `measurement_source_value`.
    source_value: Option<usize>,
    /// `value_as_number`.
    value: Option<usize>,
    /// `value_source_value`.
    value_source: Option<usize>,
    /// `unit_concept_id`.
    unit: Option<usize>,
    /// `unit_source_value`.
    unit_source: Option<usize>,
    /// `operator_concept_id`.
    op: Option<usize>,
    /// `range_low`.
    low: Option<usize>,
    /// `range_high`.
    high: Option<usize>,
}

/// Reads a MEASUREMENT table into the log.
pub fn read_measurements(
    log: &mut RowLog,
    name: &str,
    input: impl Read,
) -> Result<(), FileProblem> {
    // Records end at LF alone (a CR before it is trimmed off the last
    // cell): with CRLF as the terminator, the csv crate starts each record
    // at the LF of the one before and counts it a line short. Flexible: a
    // row of the wrong length is that row's problem (refused below), not
    // the whole folder's (the csv crate stops at it otherwise).
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .terminator(csv::Terminator::Any(b'\n'))
        .from_reader(input);
    // Names not UTF-8 are shown as they probably read: the columns looked
    // for are ASCII, so none is missed for it.
    let header = reader
        .byte_headers()
        .map_err(|error| FileProblem(format!("cannot be read: {error}")))?;
    let at_header = super::csv_file::at_line(header.position().map_or(1, |p| p.line()));
    let headers: Vec<String> = header
        .iter()
        .map(|h| String::from_utf8_lossy(h).trim().to_ascii_lowercase())
        .collect();
    let find = |wanted: &str| headers.iter().position(|h| h == wanted);
    let (Some(person), Some(concept), Some(date)) = (
        find("person_id"),
        find("measurement_concept_id"),
        find("measurement_date"),
    ) else {
        // A header of tabs is one name to a comma reader: say so rather
        // than list columns that are there.
        let tabs = headers.iter().any(|h| h.contains('\t'));
        let reason = if tabs {
            "an OMOP MEASUREMENT table separated by tabs: hemotrend reads comma-separated \
             tables (save it as CSV)"
        } else {
            "an OMOP MEASUREMENT table needs person_id, measurement_concept_id and \
             measurement_date"
        };
        return Err(at_header(FileProblem(reason.into())));
    };
    let columns = Columns {
        person,
        concept,
        date,
        datetime: find("measurement_datetime"),
        clock: find("measurement_time"),
        source_value: find("measurement_source_value"),
        value: find("value_as_number"),
        value_source: find("value_source_value"),
        unit: find("unit_concept_id"),
        unit_source: find("unit_source_value"),
        op: find("operator_concept_id"),
        low: find("range_low"),
        high: find("range_high"),
    };
    let file = log.begin_file(
        name.to_string(),
        FileColumns::Table {
            headers: headers.clone(),
            value: columns.value.unwrap_or(concept),
        },
    );
    // Bytes, not text: one cell in another encoding (a Latin-1 source
    // value) is that cell's problem, not the whole table's (the `csv`
    // crate's text records refuse the file at the first such byte).
    let mut record = csv::ByteRecord::new();
    let mut rows = 0u64;
    let mut unread = crate::ingest::unread_tests::UnreadTests::default();
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(error) => return Err(FileProblem(format!("cannot be read: {error}"))),
        }
        // A line of white space alone (a CRLF file's blank line, read as
        // one field `\r`) is no row, as in the lab tables.
        if record.len() == 1 && record.iter().flatten().all(u8::is_ascii_whitespace) {
            continue;
        }
        rows += 1;
        let line = record.position().map_or(0, |p| p.line());
        let source = Source { file, line };
        // Before the test is looked for: with a field missing or one too
        // many, the cells are not where the header says (the test, the
        // person), so nothing of the row is read, nor counted as ignored.
        if record.len() != headers.len() {
            // No decimal-comma hint (the lab tables give one where two
            // fields side by side are digits): an OMOP row's ids and
            // concepts always are.
            let reason = format!(
                "the row has {}; the header has {}",
                crate::safe_text::counted(record.len() as u64, "field"),
                headers.len()
            );
            log.reject(source, 0, None, reason);
            continue;
        }
        read_row(log, &headers, &columns, &record, (source, &mut unread))?;
    }
    for (name, source, count) in unread.iter() {
        let column = columns.source_value.and_then(|at| headers.get(at).cloned());
        let reason = crate::ingest::unread_tests::reason(name, count);
        log.warn(source, column, reason);
    }
    log.report_mut().rows_read += rows;
    if rows == 0 {
        return Err(FileProblem(
            "the MEASUREMENT table has a header but no rows".into(),
        ));
    }
    Ok(())
}
