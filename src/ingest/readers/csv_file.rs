//! Reads one CSV file into the log: the header first, then the records in
//! chunks, parsed on every core and merged in file order, so the result is
//! the one a record-by-record reading gives, rejections and line numbers
//! included.

mod blocks;
mod ignored;
mod long_record;
mod parse;
mod plain_long;
mod plain_wide;
mod repeated_header;
mod workers;

use std::collections::VecDeque;
use std::io::{self, Read};

use crate::ingest::FileProblem;
use crate::ingest::assembler::{FileColumns, RowLog, TooLarge};
use crate::ingest::csv_record::Splitter;
use crate::ingest::shape::plan;
use crate::ingest::unread_tests::UnreadTests;

use self::blocks::{Blocks, HeaderProblem, LONG_HEADER, Piece};
#[cfg(test)]
pub(crate) use self::parse::result_refused_at;
use self::parse::{ParsedChunk, Plan};

/// Bytes per chunk of records a worker takes (a few in unit tests, so
/// that every test file is read in many chunks on every thread). A gzip
/// file's load waits on its inflate, one piece at a time: each hand-over of
/// the input between the workers leaves it idle a moment, and 1 MiB chunks
/// (four times fewer hand-overs than 256 KiB) took 3-5 % off a MIMIC-IV-shaped
/// `.csv.gz`, for 3 MiB more at the peak.
const CHUNK_SIZE: usize = if cfg!(test) { 97 } else { 1024 * 1024 };
/// Chunks read but not yet merged, per worker: bounds the memory in flight
/// (one in unit tests, so that workers wait for room).
const IN_FLIGHT_PER_WORKER: usize = if cfg!(test) { 1 } else { 8 };

/// Reads a file's header and every record; rows that cannot load are
/// recorded as rejected, and the file is refused only when it has no usable
/// header or cannot be read to the end.
pub fn read_file(log: &mut RowLog, name: &str, input: impl Read + Send) -> Result<(), FileProblem> {
    let mut blocks = Blocks::new(input);
    let (fields, first_line, header_line) = match blocks.header() {
        Ok(Some(header)) => header,
        Ok(None) => {
            return Err(FileProblem(
                "the file is empty; expected a CSV header line".into(),
            ));
        }
        Err(HeaderProblem::Io(error)) => return Err(unreadable(&error)),
        Err(HeaderProblem::TooLong) => {
            return Err(FileProblem(format!(
                "the first line is longer than {} MiB; expected a CSV header line",
                LONG_HEADER >> 20
            )));
        }
    };
    let headers = header_names(fields.iter().map(Vec::as_slice)).map_err(at_line(header_line))?;
    drop(fields);
    // An events file (treatments and transfusions) is told apart here, by
    // its `event` column, and read whole by its own reader: it is small.
    if let Some(columns) = super::events::event_columns(&headers) {
        let columns = columns.map_err(at_line(header_line))?;
        let body = match blocks.next(usize::MAX, &[]) {
            Ok(Piece::Chunk { mut buffer, len }) => {
                buffer.truncate(len);
                buffer
            }
            Ok(Piece::End | Piece::Long { .. }) => Vec::new(),
            Err(error) => return Err(unreadable(&error)),
        };
        return super::events::read_events(
            log,
            name,
            &headers,
            &columns,
            &body,
            (header_line, first_line),
        );
    }
    let shape = plan(&headers).map_err(|reason| at_line(header_line)(FileProblem(reason)))?;
    let file = log.begin_file(
        name.to_string(),
        FileColumns::Csv {
            headers: headers.clone(),
            shape: shape.clone(),
        },
    );
    for (index, reason) in crate::ingest::shape::unread_columns(&headers, &shape) {
        let source = crate::ingest::assembler::entries::Source {
            file,
            line: header_line,
        };
        log.warn(source, headers.get(index).cloned(), reason);
    }
    let plan = Plan {
        headers: &headers,
        shape: &shape,
    };
    let rows =
        read_records(log, file, &mut blocks, plan, (header_line, first_line)).map_err(|stop| {
            match stop {
                Stop::Io(error) => unreadable(&error),
                Stop::TooLarge(too_large) => FileProblem(too_large.reason()),
            }
        })?;
    if rows == 0 {
        return Err(FileProblem("the file has a header but no data rows".into()));
    }
    Ok(())
}

/// A problem of the file's header, said at the header's line (past any
/// empty lines before it), as a rejected row is.
pub(crate) fn at_line(line: u64) -> impl Fn(FileProblem) -> FileProblem {
    move |FileProblem(reason)| FileProblem(format!("line {line}: {reason}"))
}

fn unreadable(error: &io::Error) -> FileProblem {
    FileProblem(format!("cannot be read: {error}"))
}

/// What to do about a file in another encoding.
const SAVE_AS_UTF8: &str = "save it as UTF-8 (in a spreadsheet: \"CSV UTF-8\") and load it again";

/// The header's names as text; a header that is not UTF-8 makes the file
/// unusable, with the encoding it looks like: UTF-16 (a byte-order mark or
/// NUL bytes), else Latin-1 (every byte sequence reads as Latin-1).
pub(crate) fn header_names<'f>(
    fields: impl IntoIterator<Item = &'f [u8]>,
) -> Result<Vec<String>, FileProblem> {
    let utf16 = || {
        FileProblem(format!(
            "the file looks like UTF-16 text (a byte-order mark or NUL bytes in its header); \
             {SAVE_AS_UTF8}"
        ))
    };
    fields
        .into_iter()
        .enumerate()
        .map(|(index, bytes)| {
            if index == 0
                && (bytes.starts_with(b"\xFF\xFE\0\0") || bytes.starts_with(b"\0\0\xFE\xFF"))
            {
                return Err(FileProblem(format!(
                    "the file looks like UTF-32 text (its byte-order mark); {SAVE_AS_UTF8}"
                )));
            }
            if (index == 0 && (bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF")))
                || looks_utf16(bytes)
            {
                return Err(utf16());
            }
            // Lines ended by a CR alone (old Mac files): the whole file is
            // one line, read as a header that names nothing.
            let body = bytes.trim_ascii_end();
            let lone_cr = |at: usize| body.get(at + 1) != Some(&b'\n');
            // Text only: binary noise gets the "not valid UTF-8" message.
            if std::str::from_utf8(bytes).is_ok()
                && body
                    .iter()
                    .enumerate()
                    .any(|(at, &byte)| byte == b'\r' && lone_cr(at))
            {
                return Err(FileProblem(
                    "the lines end with a CR alone (an old Mac line end), so the file reads as \
                     one line: save it with LF or CRLF line ends"
                        .into(),
                ));
            }
            // A byte-order mark where the header starts (after empty
            // lines, where no source skips it) is no part of its first name.
            let bytes = if index == 0 {
                bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
            } else {
                bytes
            };
            std::str::from_utf8(bytes)
                .map(|name| name.trim().to_string())
                .map_err(|_| {
                    let latin1: String = bytes.iter().map(|&byte| char::from(byte)).collect();
                    FileProblem(format!(
                        "header column {} is not valid UTF-8 text; it reads as Latin-1 \
                         (Windows-1252) text, \"{}\": {SAVE_AS_UTF8}",
                        index + 1,
                        crate::safe_text::printable(latin1.trim())
                    ))
                })
        })
        .collect()
}

/// ASCII text written as UTF-16 without a byte-order mark: every other byte
/// NUL, the rest printable. Binary noise that merely holds a NUL is not
/// called UTF-16 (it gets the plain "not valid UTF-8" message).
fn looks_utf16(bytes: &[u8]) -> bool {
    let nuls = bytes.iter().filter(|&&byte| byte == 0).count();
    nuls > 0
        && nuls * 3 >= bytes.len()
        && bytes
            .iter()
            .all(|&byte| byte == 0 || byte.is_ascii_graphic() || byte == b' ')
}

/// Why reading stopped before the end.
enum Stop {
    Io(io::Error),
    TooLarge(TooLarge),
}

impl From<io::Error> for Stop {
    fn from(error: io::Error) -> Stop {
        Stop::Io(error)
    }
}

/// Parses every record after the header (on `header_line`, ending before
/// line `first_line`) and merges them in order; returns the rows read.
fn read_records<R: Read + Send>(
    log: &mut RowLog,
    file: u32,
    blocks: &mut Blocks<R>,
    plan: Plan<'_>,
    (header_line, first_line): (u64, u64),
) -> Result<u64, Stop> {
    let wanted = plan.shape.read_columns();
    // Three in unit tests whatever the machine, so that every hand-off
    // between workers is tested.
    let workers = if cfg!(test) {
        3
    } else {
        std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(8)
    };
    let mut merger = Merger {
        log,
        file,
        plan,
        line: first_line,
        rows: 0,
        header_line,
        other_header: None,
        unread_tests: UnreadTests::default(),
    };
    let mut ahead = VecDeque::from([blocks.next(CHUNK_SIZE, &wanted)?]);
    if !matches!(ahead[0], Piece::End) {
        ahead.push_back(blocks.next(CHUNK_SIZE, &wanted)?);
    }
    // A file of one chunk is read here: no thread is worth starting.
    if workers == 1 || matches!(ahead.back(), Some(Piece::End)) {
        let mut splitter = Splitter::default();
        loop {
            let piece = match ahead.pop_front() {
                Some(piece) => piece,
                None => blocks.next(CHUNK_SIZE, &wanted)?,
            };
            match piece {
                Piece::End => return Ok(merger.finish()),
                Piece::Chunk { buffer, len } => {
                    merger.merge(&ParsedChunk::parse(&buffer[..len], plan, &mut splitter))?;
                }
                Piece::Long {
                    empty_lines,
                    record,
                } => merger.merge(&long_chunk(empty_lines, &record, plan))?,
            }
        }
    }
    let in_flight = (workers * IN_FLIGHT_PER_WORKER) as u64;
    workers::read_with_workers(merger, blocks, ahead, plan, workers, in_flight)
}

/// The chunk of one long record.
fn long_chunk(empty_lines: u64, record: &long_record::LongRecord, plan: Plan<'_>) -> ParsedChunk {
    let mut chunk = ParsedChunk::default();
    if !record.is_blank() {
        chunk.read(record, empty_lines, plan);
    }
    chunk.newlines = empty_lines + record.newlines;
    chunk
}

/// Merges parsed chunks into the log in file order, counting lines.
struct Merger<'l, 'p> {
    log: &'l mut RowLog,
    file: u32,
    plan: Plan<'p>,
    /// The line the next chunk starts on.
    line: u64,
    rows: u64,
    /// The header's line.
    header_line: u64,
    /// A header of other columns met among the rows: its line, and the
    /// rows after it (not read).
    other_header: Option<(u64, u64)>,
    /// Tests named like a blood count that are not read, by line.
    unread_tests: UnreadTests<u64>,
}

impl Merger<'_, '_> {
    fn merge(&mut self, chunk: &ParsedChunk) -> Result<(), Stop> {
        if let Some((_, after)) = &mut self.other_header {
            *after += chunk.rows_read + chunk.rows_after_header;
            self.line += chunk.newlines;
            return Ok(());
        }
        chunk
            .merge_into(self.log, self.file, self.line, self.plan)
            .map_err(Stop::TooLarge)?;
        for (name, line, rows) in chunk.unread_tests.iter() {
            self.unread_tests.note(name, self.line + line, rows);
        }
        if let Some(at) = chunk.other_header {
            self.other_header = Some((self.line + at, chunk.rows_after_header));
        }
        self.line += chunk.newlines;
        self.rows += chunk.rows_read;
        Ok(())
    }

    /// The rows read, once every chunk is merged; a header of other
    /// columns is refused now that the rows after it are counted.
    fn finish(self) -> u64 {
        let column = match self.plan.shape {
            crate::ingest::shape::Shape::Long { test, .. } => self.plan.headers.get(*test).cloned(),
            crate::ingest::shape::Shape::Wide { .. } => None,
        };
        for (name, line, rows) in self.unread_tests.iter() {
            let source = crate::ingest::assembler::entries::Source {
                file: self.file,
                line,
            };
            let reason = crate::ingest::unread_tests::reason(name, rows);
            self.log.warn(source, column.clone(), reason);
        }
        if let Some((line, after)) = self.other_header {
            let source = crate::ingest::assembler::entries::Source {
                file: self.file,
                line,
            };
            self.log.reject_value(
                (None, None),
                (source, 0),
                None,
                repeated_header::other_header_reason(self.header_line, after),
            );
        }
        self.rows
    }
}
