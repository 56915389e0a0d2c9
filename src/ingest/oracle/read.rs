//! The reference reader: the `csv` crate, record by record, into the
//! online assembler. Line numbers are the physical line of each record's
//! first byte, found from its byte offset past the empty lines skipped.

use csv::{ByteRecord, ReaderBuilder};

use super::assemble::{Assembler, ConflictField, Source};
use crate::ingest::FileProblem;
use crate::ingest::csv_record::{Fields, QuoteFault, count_newlines, quote_fault};
use crate::ingest::rows::{Row, RowOutcome, read_row};
use crate::ingest::shape::{Shape, plan};

/// Reads a file's header and every record; rows that cannot load are
/// recorded as rejected, and the file is refused only when it has no usable
/// header or cannot be read to the end.
pub fn read_file(assembler: &mut Assembler, name: &str, input: &[u8]) -> Result<(), FileProblem> {
    // Only LF ends a record, so that the csv crate's line count is the
    // physical line an editor shows (a lone CR would end a record without
    // counting a line); the CR of a CRLF stays on the last field, where
    // every reader of a cell trims it.
    let mut reader = ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .terminator(csv::Terminator::Any(b'\n'))
        .from_reader(input);
    let mut record = ByteRecord::new();
    let has_header = reader.read_byte_record(&mut record).map_err(describe)?;
    if !has_header {
        return Err(FileProblem(
            "the file is empty; expected a CSV header line".into(),
        ));
    }
    // The header's physical line, past any empty lines before it.
    let mut header_at = record.position().map_or(0, |p| p.byte() as usize);
    while input.get(header_at) == Some(&b'\n') {
        header_at += 1;
    }
    let header_line = 1 + count_newlines(input.get(..header_at).unwrap_or_default());
    let at_header = crate::ingest::readers::csv_file::at_line(header_line);
    let headers = crate::ingest::readers::csv_file::header_names(&record).map_err(&at_header)?;
    let shape = plan(&headers).map_err(|reason| at_header(FileProblem(reason)))?;
    let file = assembler.begin_file(name.to_string(), headers.clone());
    for (index, reason) in crate::ingest::shape::unread_columns(&headers, &shape) {
        let source = Source {
            file,
            line: header_line,
        };
        assembler.warn_file(source, headers.get(index).cloned(), reason);
    }
    let mut rows = 0u64;
    // Tests named like a blood count that are not read.
    let mut unread_tests = crate::ingest::unread_tests::UnreadTests::default();
    let (mut counted_to, mut line) = (0usize, 1u64);
    while reader.read_byte_record(&mut record).map_err(describe)? {
        let mut first = record.position().map_or(0, |p| p.byte() as usize);
        while input.get(first) == Some(&b'\n') {
            first += 1;
        }
        line += count_newlines(&input[counted_to..first]);
        counted_to = first;
        if is_blank(&record) {
            continue;
        }
        rows += 1;
        let source = Source { file, line };
        // The record's bytes, to its LF: where a quote is at fault.
        let end = reader.position().byte() as usize;
        let written = input.get(first..end).unwrap_or_default();
        let fault = quote_fault(written);
        let record = Faulted {
            record: &record,
            fault,
            written,
        };
        let ignored = read_record(assembler, &shape, &headers, &record, source);
        if let (true, Shape::Long { test, .. }) = (ignored, &shape)
            && let Some(name) = record.text(*test).map(str::trim)
            && crate::ingest::shape::named_like_a_count(name)
        {
            unread_tests.note(name, source, 1);
        }
    }
    for (name, source, count) in unread_tests.iter() {
        let column = match &shape {
            Shape::Long { test, .. } => headers.get(*test).cloned(),
            Shape::Wide { .. } => None,
        };
        let reason = crate::ingest::unread_tests::reason(name, count);
        assembler.warn_file(source, column, reason);
    }
    // Said once the file is read, at the line of each test's first row:
    // put in line order among the rows' own warnings.
    let report = assembler.report_mut();
    let files = report.files.clone();
    report.warnings.sort_in_file_order(&files);
    if rows == 0 {
        return Err(FileProblem("the file has a header but no data rows".into()));
    }
    assembler.report_mut().rows_read += rows;
    Ok(())
}

/// A record as the `csv` crate read it, with the quote at fault found in
/// its bytes.
struct Faulted<'a> {
    record: &'a ByteRecord,
    fault: Option<QuoteFault>,
    written: &'a [u8],
}

impl Fields for Faulted<'_> {
    fn count(&self) -> usize {
        self.record.count()
    }
    fn field(&self, index: usize) -> &[u8] {
        self.record.field(index)
    }
    fn first_too_long(&self) -> Option<usize> {
        self.record.first_too_long()
    }
    fn too_long(&self, index: usize) -> bool {
        self.record.too_long(index)
    }
    fn utf8_error_field(&self) -> Option<usize> {
        self.record.utf8_error_field()
    }
    fn quote_fault(&self) -> Option<QuoteFault> {
        self.fault
    }
    fn written(&self) -> Option<&[u8]> {
        Some(self.written)
    }
}

/// Reads one record; whether it was ignored (of a test outside the CBC).
fn read_record(
    assembler: &mut Assembler,
    shape: &Shape,
    headers: &[String],
    record: &Faulted<'_>,
    source: Source,
) -> bool {
    let column_name = |index: usize| headers.get(index).cloned();
    let outcome = read_row(shape, headers, record);
    if let RowOutcome::Row(row) | RowOutcome::NoValue(row) = &outcome {
        for error in &row.cell_errors {
            let result = error.column.is_some_and(|i| shape.holds_results(i));
            assembler.reject(
                (Some(row.patient), result.then_some(row.time)),
                source,
                error.column.and_then(column_name),
                error.reason.clone(),
            );
            assembler.report_mut().cells_rejected += 1;
        }
    }
    match outcome {
        RowOutcome::NoValue(_) => assembler.report_mut().without_value += 1,
        RowOutcome::Row(row) => {
            for warning in &row.warnings {
                assembler.warn(
                    row.patient,
                    source,
                    warning.column.and_then(column_name),
                    warning.reason.clone(),
                );
            }
            let column = |field: ConflictField| {
                let common = shape.common();
                match field {
                    ConflictField::Name => common.name,
                    ConflictField::Sex => common.sex,
                    ConflictField::BirthDate => common.birth_date,
                    ConflictField::Value(index) => Some(index),
                }
            };
            let (cells, values) = assembler.add(source, &row);
            for conflict in cells {
                let name = column(conflict.field).and_then(column_name);
                let of = (Some(row.patient), value_at(conflict.field, &row));
                assembler.reject(of, source, name, conflict.reason);
                assembler.report_mut().cells_rejected += 1;
            }
            if let Some(conflict) = values {
                let name = column(conflict.field).and_then(column_name);
                let of = (Some(row.patient), value_at(conflict.field, &row));
                assembler.reject(of, source, name, conflict.reason);
            }
        }
        RowOutcome::Ignored => {
            assembler.report_mut().ignored += 1;
            return true;
        }
        RowOutcome::Rejected(error, patient) => {
            let at =
                crate::ingest::readers::csv_file::result_refused_at(shape, record, error.column);
            let column = error.column.and_then(column_name);
            assembler.reject((patient, at), source, column, error.reason);
        }
    }
    false
}

/// The draw a conflicting value was refused from; none for a patient's
/// detail.
fn value_at(field: ConflictField, row: &Row<'_>) -> Option<crate::model::Timestamp> {
    matches!(field, ConflictField::Value(_)).then_some(row.time)
}

/// A line whose fields hold nothing but whitespace (a CRLF file's trailing
/// blank line, a spreadsheet's `,,,,`).
fn is_blank(record: &ByteRecord) -> bool {
    record.as_slice().iter().all(u8::is_ascii_whitespace)
}

fn describe(error: csv::Error) -> FileProblem {
    match error.kind() {
        csv::ErrorKind::Io(io) => FileProblem(format!("cannot be read: {io}")),
        _ => FileProblem(format!("cannot be read as CSV: {error}")),
    }
}
