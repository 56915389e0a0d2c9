//! One chunk of a CSV file (whole records) read into rows and rejections,
//! on any thread; then merged into the log, in file order, on one.

use crate::ingest::assembler::entries::{Facts, LogRow, Single, Source};
use crate::ingest::assembler::patients::id_hash;
use crate::ingest::assembler::{RowLog, TooLarge};
use crate::ingest::csv_record::{Fields, Splitter};
use crate::ingest::derive::DERIVATIONS;
use crate::ingest::rows::{Measure, Row, RowKind, read_row_into};
use crate::ingest::shape::{Shape, named_like_a_count};
use crate::ingest::unread_tests::UnreadTests;
use crate::model::{Escape, PackedValues, Sex, Timestamp, Value, Values};

use super::ignored::{Line, TestColumn, classify_line};
use super::plain_long::{LastTime, PlainLongRow, read_plain_long};
use super::plain_wide::{PlainRow, read_plain_wide};
use super::repeated_header::{Repeated, SAME_HEADER, repeated_header};

/// Text of a row kept in the chunk's string buffer.
type Text = (u32, u32);

/// A wide row's counts, and its percentages in [`DERIVATIONS`] order.
pub(super) fn wide_facts(row: &Row<'_>) -> (Values, [Value; DERIVATIONS.len()]) {
    let mut counts = Values::EMPTY;
    let mut percents = [Value::MISSING; DERIVATIONS.len()];
    for observation in row.observations.iter() {
        match observation.measure {
            Measure::Count(analyte) => counts.set(analyte, observation.value),
            Measure::Percent(analyte) => {
                if let Some(slot) = DERIVATIONS.iter().position(|d| d.target == analyte) {
                    percents[slot] = observation.value;
                }
            }
        }
    }
    (counts, percents)
}

/// The time of the draw of a long file's result refused for its value,
/// unit or range (one result, as an HL7 OBX or a FHIR Observation refused
/// for its value is, which names its draw), when its time can be read.
pub(crate) fn result_refused_at(
    shape: &Shape,
    record: &impl Fields,
    column: Option<usize>,
) -> Option<Timestamp> {
    let Shape::Long { common, .. } = shape else {
        return None;
    };
    column.filter(|&index| shape.holds_results(index))?;
    crate::ingest::time::parse_time(record.text(common.time)?.trim()).ok()
}

/// One row read, owning nothing but positions in its chunk's strings.
#[derive(Clone, Copy, Debug)]
struct ParsedRow {
    /// Line of its first byte, from the chunk's start (0).
    line: u64,
    patient: Text,
    patient_hash: u64,
    name: Option<Text>,
    specimen: Option<Text>,
    sex: Option<Sex>,
    birth: Option<Timestamp>,
    time: Timestamp,
    facts: ParsedFacts,
}

/// What a row measured, its values packed where it was parsed.
#[derive(Clone, Copy, Debug)]
enum ParsedFacts {
    /// A wide row: its values, those without a code (at these positions of
    /// the chunk's escapes) and its percentages.
    Wide {
        values: PackedValues,
        escapes: (u32, u32),
        percents: [Value; DERIVATIONS.len()],
    },
    /// A long row.
    Single(Option<Single>),
}

/// A refused row, or a cell refused alone.
#[derive(Debug)]
struct ChunkRejection {
    /// Its line from the chunk's start.
    line: u64,
    column: Option<usize>,
    reason: String,
    /// A cell of a row that was read (not the whole row).
    cell: bool,
    /// The row's patient, when it could be read.
    patient: Option<Text>,
    /// The time of the draw a refused cell was of.
    at: Option<Timestamp>,
}

/// What loaded but deserves a look: its line from the chunk's start,
/// column, reason, and the row's patient.
type ChunkWarning = (u64, Option<usize>, String, Option<Text>);

/// What one chunk holds.
#[derive(Debug, Default)]
pub struct ParsedChunk {
    rows: Vec<ParsedRow>,
    strings: Vec<u8>,
    /// Values without a code, of every wide row.
    escapes: Vec<Escape>,
    rejections: Vec<ChunkRejection>,
    /// What loaded but deserves a look.
    warnings: Vec<ChunkWarning>,
    /// Rows read (blank lines are none), whether kept, rejected or ignored.
    pub rows_read: u64,
    ignored: u64,
    /// Rows with no value at all.
    without_value: u64,
    /// LFs in the chunk: where the next one starts.
    pub newlines: u64,
    /// The line (from the chunk's start) of a header naming other columns
    /// than the file's: no row after it is read.
    pub other_header: Option<u64>,
    /// Rows after that header, not read.
    pub rows_after_header: u64,
    /// A long file's tests named like a blood count that hemotrend does not
    /// read: each name, its first line (from the chunk's start) and rows.
    pub unread_tests: UnreadTests<u64>,
    /// The time of the last long row read the quick way.
    last_time: LastTime,
}

/// The header and shape of the file being read.
#[derive(Clone, Copy)]
pub struct Plan<'a> {
    /// The header's names.
    pub headers: &'a [String],
    /// How rows are read.
    pub shape: &'a Shape,
}

impl ParsedChunk {
    /// Reads every record of `bytes` (whole records, ending with a record's
    /// LF or at the end of the file).
    pub fn parse(bytes: &[u8], plan: Plan<'_>, splitter: &mut Splitter) -> ParsedChunk {
        let mut chunk = ParsedChunk::default();
        chunk.parse_into(bytes, plan, splitter);
        chunk
    }

    /// [`ParsedChunk::parse`] into this chunk, reusing its buffers.
    pub fn parse_into(&mut self, bytes: &[u8], plan: Plan<'_>, splitter: &mut Splitter) {
        self.rows.clear();
        self.strings.clear();
        self.escapes.clear();
        self.rejections.clear();
        self.warnings.clear();
        (self.rows_read, self.ignored, self.newlines) = (0, 0, 0);
        self.without_value = 0;
        (self.other_header, self.rows_after_header) = (None, 0);
        self.unread_tests.clear();
        // Sized for rows of 64 bytes or more: no growing as rows come.
        self.rows.reserve(bytes.len() / 64 + 16);
        self.strings.reserve(bytes.len() / 3);
        let (mut at, mut line) = (0, 0);
        splitter.prepare(bytes);
        let quotes = splitter.may_hold_quotes();
        let test_column = match plan.shape {
            Shape::Long { test, .. } => Some(TestColumn {
                index: *test,
                fields: plan.headers.len(),
            }),
            Shape::Wide { .. } => None,
        };
        // A long file's records are checked one by one, as few are read:
        // most are rows of other tests, counted and passed.
        // A header with empty names after its last one (as a spreadsheet
        // writes): each row is checked for values there, by the general
        // reader.
        let quick = crate::ingest::rows::named_columns(plan.headers) == plan.headers.len();
        let text = match test_column {
            Some(_) => None,
            None => std::str::from_utf8(bytes).ok(),
        };
        loop {
            // A long file's row of another test: counted, not read; any
            // other line without a quote is split where it was measured.
            let mut plain_line = None;
            if let Some(column) = test_column
                && let Some(rest) = bytes.get(at..)
            {
                match classify_line(rest, column, quotes) {
                    Line::Ignored(line_end) if self.other_header.is_some() => {
                        self.rows_after_header += 1;
                        at += line_end + 1;
                        line += u64::from(line_end < rest.len());
                        continue;
                    }
                    Line::Ignored(line_end) => {
                        self.rows_read += 1;
                        self.ignored += 1;
                        at += line_end + 1;
                        line += u64::from(line_end < rest.len());
                        continue;
                    }
                    Line::Plain(line_end) => plain_line = Some(line_end),
                    Line::Unknown => {}
                }
            }
            let Some((record, found)) = splitter.next_in(bytes, text, at, line, plain_line) else {
                break;
            };
            let escapes_before = self.escapes.len() as u32;
            if record.is_blank() {
            } else if self.other_header.is_some() {
                self.rows_after_header += 1;
            } else if quick
                && let Some(row) =
                    read_plain_wide(&record, plan.shape, plan.headers.len(), &mut self.escapes)
            {
                self.rows_read += 1;
                self.keep_plain(&row, found.line, escapes_before);
            } else if quick
                && let Some(row) =
                    read_plain_long(&record, plan.shape, plan.headers.len(), &mut self.last_time)
            {
                self.rows_read += 1;
                self.keep_plain_long(&row, found.line);
            } else {
                self.read(&record, found.line, plan);
            }
            (at, line) = (found.next, found.next_line);
        }
        // Empty lines after the last record.
        self.newlines = line + (bytes.len() - at.min(bytes.len())) as u64;
    }

    /// Reads one (not blank) record found at `line`.
    pub fn read(&mut self, record: &impl Fields, line: u64, plan: Plan<'_>) {
        let mut row = Row::blank();
        let kind = read_row_into(plan.shape, plan.headers, record, &mut row);
        // A header again (exports joined): never a row of values.
        if matches!(kind, Err(_) | Ok(RowKind::Ignored)) {
            match repeated_header(record, plan) {
                Some(Repeated::Same) => {
                    self.warnings.push((line, None, SAME_HEADER.into(), None));
                    return;
                }
                Some(Repeated::Other) => {
                    self.rows_read += 1;
                    self.other_header = Some(line);
                    return;
                }
                None => {}
            }
        }
        self.rows_read += 1;
        // The patient's id is kept only for a row with something to say.
        let says = kind.is_err() || !row.cell_errors.is_empty() || !row.warnings.is_empty();
        let patient = row
            .patient_read()
            .filter(|_| says)
            .map(|patient| self.text(patient));
        // A row rejected whole is listed once, for the reason it is.
        if kind.is_ok() {
            for error in row.cell_errors.drain(..) {
                // A result refused is of the row's draw.
                let result = error.column.is_some_and(|i| plan.shape.holds_results(i));
                self.rejections.push(ChunkRejection {
                    line,
                    column: error.column,
                    reason: error.reason,
                    cell: true,
                    patient,
                    at: result.then_some(row.time),
                });
            }
        }
        if kind == Ok(RowKind::Kept) {
            for warning in row.warnings.drain(..) {
                self.warnings
                    .push((line, warning.column, warning.reason, patient));
            }
        }
        match kind {
            Ok(RowKind::Kept) => self.keep(&row, line, plan.shape),
            Ok(RowKind::NoValue) => self.without_value += 1,
            Ok(RowKind::Ignored) => {
                self.ignored += 1;
                self.note_unread_test(record, line, plan.shape);
            }
            Err(error) => self.rejections.push(ChunkRejection {
                line,
                at: result_refused_at(plan.shape, record, error.column),
                column: error.column,
                reason: error.reason,
                cell: false,
                patient,
            }),
        }
    }

    /// Notes an ignored row of a long file whose test is named like a blood
    /// count (`Platelet Count`): its values would be lost without a word.
    fn note_unread_test(&mut self, record: &impl Fields, line: u64, shape: &Shape) {
        let Shape::Long { test, .. } = shape else {
            return;
        };
        let Some(name) = record.text(*test).map(str::trim) else {
            return;
        };
        if !named_like_a_count(name) {
            return;
        }
        self.unread_tests.note(name, line, 1);
    }

    fn text(&mut self, text: &str) -> Text {
        let start = self.strings.len() as u32;
        self.strings.extend_from_slice(text.as_bytes());
        (start, text.len() as u32)
    }

    /// A wide row's facts, its values packed.
    fn pack(&mut self, counts: &Values, percents: [Value; DERIVATIONS.len()]) -> ParsedFacts {
        let first = self.escapes.len() as u32;
        let values = PackedValues::pack(counts, 0, &mut self.escapes);
        ParsedFacts::Wide {
            values,
            escapes: (first, self.escapes.len() as u32),
            percents,
        }
    }

    fn keep_plain(&mut self, row: &PlainRow<'_>, line: u64, escapes_from: u32) {
        let parsed = ParsedRow {
            line,
            patient: self.text(row.patient),
            patient_hash: id_hash(row.patient.as_bytes()),
            name: row.name.map(|name| self.text(name)),
            specimen: row.specimen.map(|specimen| self.text(specimen)),
            sex: row.sex,
            birth: row.birth,
            time: row.time,
            facts: ParsedFacts::Wide {
                values: row.values,
                escapes: (escapes_from, self.escapes.len() as u32),
                percents: row.percents,
            },
        };
        self.rows.push(parsed);
    }

    fn keep_plain_long(&mut self, row: &PlainLongRow<'_>, line: u64) {
        let parsed = ParsedRow {
            line,
            patient: self.text(row.patient),
            patient_hash: id_hash(row.patient.as_bytes()),
            name: None,
            specimen: row.specimen.map(|specimen| self.text(specimen)),
            sex: None,
            birth: None,
            time: row.time,
            facts: ParsedFacts::Single(Some(row.single)),
        };
        self.rows.push(parsed);
    }

    fn keep(&mut self, row: &Row<'_>, line: u64, shape: &Shape) {
        let facts = match shape {
            Shape::Wide { .. } => {
                let (counts, percents) = wide_facts(row);
                self.pack(&counts, percents)
            }
            Shape::Long { .. } => ParsedFacts::Single(row.observations.first().map(|o| Single {
                measure: o.measure,
                value: o.value,
                range: o.range,
            })),
        };
        let parsed = ParsedRow {
            line,
            patient: self.text(row.patient),
            patient_hash: id_hash(row.patient.as_bytes()),
            name: row.name.map(|name| self.text(name)),
            specimen: row.specimen.map(|specimen| self.text(specimen)),
            sex: row.sex,
            birth: row.birth_date,
            time: row.time,
            facts,
        };
        self.rows.push(parsed);
    }

    /// Merges the chunk into the log: its rows and rejections, with lines
    /// counted from `first_line`, the chunk's first line in the file.
    pub fn merge_into(
        &self,
        log: &mut RowLog,
        file: u32,
        first_line: u64,
        plan: Plan<'_>,
    ) -> Result<(), TooLarge> {
        let text = |(start, len): Text| {
            self.strings
                .get(start as usize..(start + len) as usize)
                .unwrap_or_default()
        };
        // Every patient first, in a loop of lookups alone: the memory
        // accesses of many lookups overlap there.
        let mut patients = Vec::with_capacity(self.rows.len());
        for row in &self.rows {
            patients.push(log.patient(text(row.patient), row.patient_hash)?);
        }
        for (row, &patient) in self.rows.iter().zip(&patients) {
            let logged = LogRow {
                patient: text(row.patient),
                patient_hash: row.patient_hash,
                name: row.name.map(text),
                sex: row.sex,
                birth: row.birth,
                time: row.time,
                specimen: row.specimen.map(text),
                facts: match row.facts {
                    ParsedFacts::Wide {
                        values,
                        escapes: (first, end),
                        percents,
                    } => Facts::Wide {
                        values,
                        escapes: self
                            .escapes
                            .get(first as usize..end as usize)
                            .unwrap_or_default(),
                        percents,
                    },
                    ParsedFacts::Single(single) => Facts::Single(single),
                },
                details_at: None,
            };
            let source = Source {
                file,
                line: first_line + row.line,
            };
            log.add_of(patient, &logged, source)?;
        }
        let patient = |patient: &Option<Text>| {
            patient.and_then(|patient| std::str::from_utf8(text(patient)).ok())
        };
        for (line, column, reason, of) in &self.warnings {
            let source = Source {
                file,
                line: first_line + line,
            };
            let column = column.and_then(|index| plan.headers.get(index).cloned());
            log.warn_of(patient(of), source, column, reason.clone());
        }
        let mut cells = 0;
        for rejection in &self.rejections {
            let source = Source {
                file,
                line: first_line + rejection.line,
            };
            let column = rejection
                .column
                .and_then(|index| plan.headers.get(index).cloned());
            let of = (patient(&rejection.patient), rejection.at);
            log.reject_value(of, (source, 0), column, rejection.reason.clone());
            cells += u64::from(rejection.cell);
        }
        let report = log.report_mut();
        report.rows_read += self.rows_read;
        report.ignored += self.ignored;
        report.without_value += self.without_value;
        report.cells_rejected += cells;
        Ok(())
    }
}
