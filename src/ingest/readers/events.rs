//! Events files (DESIGN.md "Events"): treatments and transfusions, one row
//! per event, told apart from lab files by their `event` column so that they
//! can sit beside them in a folder.
//!
//! Header: a patient column, a time column (`date`, `at`, `start`, or any
//! time name of a lab file), `event`; optional `end`, `units`, `note`. A row
//! whose patient, time or event cannot be read is rejected whole, with its
//! line and column; a bad `end` or `units` cell is rejected alone and the
//! event loads without it.

use crate::ingest::FileProblem;
use crate::ingest::assembler::entries::Source;
use crate::ingest::assembler::{FileColumns, RowLog};
use crate::ingest::csv_record::{MAX_FIELD_BYTES, QuoteFault, quote_fault};
use crate::ingest::rows::{NOT_UTF8, TOO_LONG};
use crate::ingest::time::parse_time;
use crate::ingest::vocabulary::{ColumnRole, classify_column};
use crate::model::{Event, EventKind};

#[cfg(test)]
mod tests;

/// Where an events file's columns are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventColumns {
    patient: usize,
    time: usize,
    event: usize,
    end: Option<usize>,
    units: Option<usize>,
    note: Option<usize>,
}

/// A header name folded as lab headers are: case, spaces and hyphens alike.
fn fold(name: &str) -> String {
    name.trim_start_matches('\u{FEFF}')
        .trim()
        .chars()
        .map(|c| match c {
            ' ' | '-' => '_',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// The columns of an events file, when this header is one: `None` when it
/// has no `event` column (a lab file); an error naming what is missing when
/// it has one but no patient or time column.
pub fn event_columns(headers: &[String]) -> Option<Result<EventColumns, FileProblem>> {
    let folded: Vec<String> = headers.iter().map(|h| fold(h)).collect();
    let find = |names: &[&str]| folded.iter().position(|h| names.contains(&h.as_str()));
    let event = find(&["event", "event_type"])?;
    let role = |wanted: ColumnRole| {
        headers
            .iter()
            .position(|h| classify_column(h).is_ok_and(|role| role == wanted))
    };
    // OMOP names its patient `person_id`: an events file kept beside an
    // OMOP folder's tables may too.
    let patient = role(ColumnRole::PatientId).or_else(|| find(&["person_id"]));
    let time = role(ColumnRole::Time).or_else(|| find(&["at", "start", "start_date"]));
    let (Some(patient), Some(time)) = (patient, time) else {
        return Some(Err(FileProblem(
            "an events file (it has an `event` column) needs a patient column (`patient_id`) \
             and a time column (`date`, `at` or `start`)"
                .into(),
        )));
    };
    Some(Ok(EventColumns {
        patient,
        time,
        event,
        end: find(&["end", "end_date", "stop"]),
        units: find(&["units", "unit"]),
        note: find(&["note", "notes", "comment"]),
    }))
}

/// Reads the records of an events file (`body`: every byte after the
/// header, which is on line `header_line` and ends before line
/// `first_line`).
pub fn read_events(
    log: &mut RowLog,
    name: &str,
    headers: &[String],
    columns: &EventColumns,
    body: &[u8],
    (header_line, first_line): (u64, u64),
) -> Result<(), FileProblem> {
    let file = log.begin_file(name.to_string(), FileColumns::Events);
    // Counts in an events file are not read: said once per column, at the
    // header, rather than lost without a word.
    for header in headers {
        if matches!(
            classify_column(header),
            Ok(ColumnRole::Analyte { .. } | ColumnRole::Percentage(_))
        ) {
            let source = Source {
                file,
                line: header_line,
            };
            log.warn(
                source,
                Some(header.clone()),
                "a blood count in an events file is not read: the file is read as events, \
                 because it has an `event` column; put the results in a file of their own"
                    .into(),
            );
        }
    }
    let mut record = csv::ByteRecord::new();
    let mut rows = 0u64;
    // Where the reading starts, and that byte's line: a quote that runs
    // over rows costs only its own line, and the reading starts again on
    // the line after it (an events file is small, read whole).
    let (mut offset, mut line_base) = (0usize, first_line);
    'read: loop {
        let rest = body.get(offset..).unwrap_or_default();
        // Records end at LF alone (a CR before it is trimmed off the last
        // cell): with CRLF as the terminator, the csv crate starts each
        // record at the LF of the one before and counts it a line short.
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .terminator(csv::Terminator::Any(b'\n'))
            .from_reader(rest);
        loop {
            let line_of = |position: Option<&csv::Position>| {
                line_base + position.map_or(1, csv::Position::line) - 1
            };
            match reader.read_byte_record(&mut record) {
                Ok(false) => break 'read,
                Ok(true) => {
                    rows += 1;
                    let source = Source {
                        file,
                        line: line_of(record.position()),
                    };
                    // The record's bytes, to where the next one starts.
                    let start = record.position().map_or(0, |p| p.byte() as usize);
                    let end = reader.position().byte() as usize;
                    let written = rest.get(start..end).unwrap_or_default();
                    let fault = quote_fault(written);
                    if let Some(first_line_end) = runs_over_rows(&record, fault, written, headers) {
                        // Its first line is read alone, as the row it is:
                        // a note whose quote never closes there costs that
                        // note (the event loads), a patient, time or event
                        // its row; the reading starts again on the next.
                        let line = rest
                            .get(start..start + first_line_end + 1)
                            .unwrap_or_default();
                        let mut alone = csv::ReaderBuilder::new()
                            .has_headers(false)
                            .flexible(true)
                            .terminator(csv::Terminator::Any(b'\n'))
                            .from_reader(line);
                        if let Ok(true) = alone.read_byte_record(&mut record) {
                            let fault = quote_fault(line);
                            read_row(log, headers, columns, (&record, fault, line), source);
                        }
                        offset += start + first_line_end + 1;
                        line_base = source.line + 1;
                        continue 'read;
                    }
                    read_row(log, headers, columns, (&record, fault, written), source);
                }
                Err(error) => {
                    rows += 1;
                    let source = Source {
                        file,
                        line: line_of(error.position()),
                    };
                    log.reject(source, 0, None, format!("the row cannot be read: {error}"));
                }
            }
        }
    }
    log.report_mut().rows_read += rows;
    if rows == 0 {
        return Err(FileProblem(
            "the events file has a header but no data rows".into(),
        ));
    }
    Ok(())
}

/// Where the first line of a record ends, when the record runs over lines
/// that are rows of their own: its quoted cell never closes, closes with
/// text after it, or closes cleanly where every line of the record, read
/// alone, has the header's fields (a quote left open in one row). A note
/// that holds a line break and closes cleanly is a cell like any other.
fn runs_over_rows(
    record: &csv::ByteRecord,
    fault: Option<QuoteFault>,
    written: &[u8],
    headers: &[String],
) -> Option<usize> {
    let body = written.strip_suffix(b"\n").unwrap_or(written);
    let first_line_end = memchr::memchr(b'\n', body)?;
    let faulty = fault.is_some_and(|fault| fault.line_breaks > 0);
    let rows = crate::ingest::rows::rows_inside(record, Some(written), headers.len()).is_some();
    (faulty || rows).then_some(first_line_end)
}

/// One record: an event, or its rejection.
fn read_row(
    log: &mut RowLog,
    headers: &[String],
    columns: &EventColumns,
    (record, fault, written): (&csv::ByteRecord, Option<QuoteFault>, &[u8]),
    source: Source,
) {
    let column = |index: usize| headers.get(index).cloned();
    // A quote at fault refuses the row, or on one line in its end, units
    // or note, that cell alone (below), as in a file of counts.
    let text_of = |index: usize| String::from_utf8_lossy(record.get(index).unwrap_or_default());
    let alone = fault.filter(|fault| {
        fault.line_breaks == 0
            && [columns.end, columns.units, columns.note].contains(&Some(fault.field))
    });
    if let Some(fault) = fault.filter(|_| alone.is_none()) {
        let reason = fault.reason(&text_of(fault.field));
        log.reject(source, 0, column(fault.field), reason);
        return;
    }
    if record.len() != headers.len() {
        log.reject(
            source,
            0,
            None,
            format!(
                "the row has {}; the header has {}",
                crate::safe_text::counted(record.len() as u64, "field"),
                headers.len()
            ),
        );
        return;
    }
    if let Some(error) = crate::ingest::rows::rows_inside(record, Some(written), headers.len()) {
        let column = error.column.and_then(column);
        log.reject(source, 0, column, error.reason);
        return;
    }
    let cell = |index: usize| -> Result<&str, String> {
        if let Some(fault) = alone.filter(|fault| fault.field == index) {
            return Err(fault.reason(&text_of(index)));
        }
        // As the lab tables refuse one: never repeated whole in a message.
        let bytes = record.get(index).unwrap_or_default();
        if bytes.len() > MAX_FIELD_BYTES {
            return Err(TOO_LONG.to_string());
        }
        // In the lab tables' words, with what to do about it.
        std::str::from_utf8(bytes)
            .map(str::trim)
            .map_err(|_| NOT_UTF8.to_string())
    };
    let optional = |index: Option<usize>| -> Result<Option<&str>, String> {
        match index {
            None => Ok(None),
            Some(index) => cell(index).map(|text| Some(text).filter(|t| !is_blank(t))),
        }
    };
    let patient = match cell(columns.patient) {
        Ok(text) if !is_blank(text) => text.to_string(),
        Ok(_) => {
            let reason = "no patient id: the event cannot be placed".to_string();
            log.reject(source, 0, column(columns.patient), reason);
            return;
        }
        Err(reason) => {
            log.reject(source, 0, column(columns.patient), reason);
            return;
        }
    };
    // What is refused or deserves a look from here on is the patient's.
    let of = Some(patient.as_str());
    let at = match cell(columns.time).map(|text| (text, parse_time(text))) {
        Ok((_, Ok(at))) => at,
        Ok((text, Err(error))) => {
            let reason = if is_blank(text) {
                "no time: the event cannot be placed".to_string()
            } else {
                format!(
                    "the time \"{}\" cannot be read: {error}",
                    crate::safe_text::shown_id(text)
                )
            };
            log.reject_of(of, source, 0, column(columns.time), reason);
            return;
        }
        Err(reason) => {
            log.reject_of(of, source, 0, column(columns.time), reason);
            return;
        }
    };
    let kind = match cell(columns.event) {
        Ok(text) if is_blank(text) => {
            let known: Vec<&str> = EventKind::ALL.iter().map(|k| k.name()).collect();
            let reason = format!("no event; expected one of {}", known.join(", "));
            log.reject_of(of, source, 0, column(columns.event), reason);
            return;
        }
        Ok(text) => match EventKind::from_name(text) {
            Some(kind) => kind,
            None => {
                let known: Vec<&str> = EventKind::ALL.iter().map(|k| k.name()).collect();
                let reason = format!(
                    "unknown event {text:?}; expected one of {}",
                    known.join(", ")
                );
                log.reject_of(of, source, 0, column(columns.event), reason);
                return;
            }
        },
        Err(reason) => {
            log.reject_of(of, source, 0, column(columns.event), reason);
            return;
        }
    };
    let mut event = Event::new(at, kind);
    match optional(columns.end) {
        Ok(None) => {}
        Ok(Some(text)) => match parse_time(text) {
            Ok(end) if end.instant() >= at.instant() => event.end = Some(end),
            Ok(_) => {
                let reason = format!("the end {text:?} is before the start; end not loaded");
                reject_cell(log, of, source, 1, columns.end.and_then(column), reason);
            }
            Err(error) => {
                let reason = format!(
                    "the end \"{}\" cannot be read: {error}; end not loaded",
                    crate::safe_text::shown_id(text)
                );
                reject_cell(log, of, source, 1, columns.end.and_then(column), reason);
            }
        },
        Err(reason) => reject_cell(log, of, source, 1, columns.end.and_then(column), reason),
    }
    match optional(columns.units) {
        Ok(None) => {}
        Ok(Some(text)) => match whole_units(text) {
            Ok(units) => event.units = Some(units),
            Err(why) => {
                let reason = format!("units {text:?} is {why}; units not loaded");
                reject_cell(log, of, source, 2, columns.units.and_then(column), reason);
            }
        },
        Err(reason) => reject_cell(log, of, source, 2, columns.units.and_then(column), reason),
    }
    match optional(columns.note) {
        Ok(note) => event.note = note.map(str::to_string),
        Err(reason) => reject_cell(log, of, source, 3, columns.note.and_then(column), reason),
    }
    if kind == EventKind::Other && event.note.is_none() {
        log.warn_of(
            of,
            source,
            column(columns.event),
            "an `other` event without a note: nothing says what it was".into(),
        );
    }
    log.add_event(patient, event, source);
}

/// A cell of an event refused alone (its end, units or note): the event
/// still loads, so the row is no rejected row.
fn reject_cell(
    log: &mut RowLog,
    of: Option<&str>,
    source: Source,
    order: u64,
    column: Option<String>,
    reason: String,
) {
    log.reject_of(of, source, order, column, reason);
    log.report_mut().cells_rejected += 1;
}

/// Empty, `NA`, `N/A` or `-`: not given.
fn is_blank(text: &str) -> bool {
    crate::ingest::cell::is_not_measured(text)
}

/// A count of units: a whole number above 0, written with zeros after a
/// point if so (`2.0`, as exports storing the column as a number write
/// it); else why not.
fn whole_units(text: &str) -> Result<u32, &'static str> {
    const WHOLE: &str = "not a whole number of units";
    const POSITIVE: &str = "not a positive number of units";
    let digits = match text.split_once('.') {
        Some((whole, zeros)) if zeros.bytes().all(|b| b == b'0') => whole,
        Some(_) => return Err(WHOLE),
        None => text,
    };
    let (negative, digits) = match digits.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, digits.strip_prefix('+').unwrap_or(digits)),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(WHOLE);
    }
    match digits.parse::<u32>() {
        Ok(0) => Err(POSITIVE),
        Ok(_) if negative => Err(POSITIVE),
        Ok(units) => Ok(units),
        Err(_) => Err(WHOLE),
    }
}
