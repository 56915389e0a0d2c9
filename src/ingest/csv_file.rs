//! Reads one CSV file into the log: the header first, then the records in
//! chunks, parsed on every core and merged in file order, so the result is
//! the one a record-by-record reading gives, rejections and line numbers
//! included.

mod blocks;
mod long_record;
mod parse;
mod plain_wide;

use std::collections::{BTreeMap, VecDeque};
use std::io::{self, Read};
use std::sync::Mutex;
use std::sync::mpsc;

use super::FileProblem;
use super::log::{FileColumns, RowLog, TooLarge};
use super::record::Splitter;
use super::shape::plan;

use self::blocks::{Blocks, HeaderProblem, LONG_HEADER, Piece};
use self::parse::{ParsedChunk, Plan};

/// Bytes per chunk of records handed to a parser (a few in unit tests, so
/// that every test file is read in many chunks on every thread).
const CHUNK_SIZE: usize = if cfg!(test) { 97 } else { 256 * 1024 };
/// Chunks read but not yet merged, per parser: bounds the memory in flight.
const IN_FLIGHT_PER_PARSER: usize = 2;

/// Reads a file's header and every record; rows that cannot load are
/// recorded as rejected, and the file is refused only when it has no usable
/// header or cannot be read to the end.
pub fn read_file(log: &mut RowLog, name: &str, input: impl Read) -> Result<(), FileProblem> {
    let mut blocks = Blocks::new(input);
    let (fields, first_line) = match blocks.header() {
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
    let headers = header_names(fields.iter().map(Vec::as_slice))?;
    drop(fields);
    let shape = plan(&headers).map_err(FileProblem)?;
    let file = log.begin_file(
        name.to_string(),
        FileColumns::Csv {
            headers: headers.clone(),
            shape: shape.clone(),
        },
    );
    let plan = Plan {
        headers: &headers,
        shape: &shape,
    };
    let rows =
        read_records(log, file, &mut blocks, plan, first_line).map_err(|stop| match stop {
            Stop::Io(error) => unreadable(&error),
            Stop::TooLarge(too_large) => FileProblem(too_large.reason()),
        })?;
    if rows == 0 {
        return Err(FileProblem("the file has a header but no data rows".into()));
    }
    Ok(())
}

fn unreadable(error: &io::Error) -> FileProblem {
    FileProblem(format!("could not be read: {error}"))
}

/// The header's names as text; a header that is not UTF-8 makes the file unusable.
pub(super) fn header_names<'f>(
    fields: impl IntoIterator<Item = &'f [u8]>,
) -> Result<Vec<String>, FileProblem> {
    fields
        .into_iter()
        .enumerate()
        .map(|(index, bytes)| {
            std::str::from_utf8(bytes)
                .map(|name| name.trim().to_string())
                .map_err(|_| {
                    FileProblem(format!(
                        "header column {} is not valid UTF-8 text",
                        index + 1
                    ))
                })
        })
        .collect()
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

/// Parses every record after the header (which ends before line
/// `first_line`) and merges them in order; returns the rows read.
fn read_records<R: Read>(
    log: &mut RowLog,
    file: u32,
    blocks: &mut Blocks<R>,
    plan: Plan<'_>,
    first_line: u64,
) -> Result<u64, Stop> {
    let wanted = plan.shape.read_columns();
    let parsers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    let mut merger = Merger {
        log,
        file,
        plan,
        line: first_line,
        rows: 0,
    };
    let mut ahead = VecDeque::from([blocks.next(CHUNK_SIZE, &wanted)?]);
    if !matches!(ahead[0], Piece::End) {
        ahead.push_back(blocks.next(CHUNK_SIZE, &wanted)?);
    }
    // A file of one chunk is read here: no thread is worth starting.
    if parsers == 1 || matches!(ahead.back(), Some(Piece::End)) {
        let mut splitter = Splitter::default();
        loop {
            let piece = match ahead.pop_front() {
                Some(piece) => piece,
                None => blocks.next(CHUNK_SIZE, &wanted)?,
            };
            match piece {
                Piece::End => return Ok(merger.rows),
                Piece::Chunk(bytes) => {
                    merger.merge(&ParsedChunk::parse(&bytes, plan, &mut splitter))?;
                }
                Piece::Long {
                    empty_lines,
                    record,
                } => merger.merge(&long_chunk(empty_lines, &record, plan))?,
            }
        }
    }
    let (work_sender, work) = mpsc::sync_channel::<(u64, Vec<u8>)>(parsers);
    let work = Mutex::new(work);
    let (done_sender, done) = mpsc::channel::<(u64, ParsedChunk, Vec<u8>)>();
    // Parsed chunks merged, to be parsed into again: a few buffers serve
    // the whole file.
    let pool: Mutex<Vec<ParsedChunk>> = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        // Owned here, so that any way out of this closure ends the parsers.
        let work_sender = work_sender;
        for _ in 0..parsers {
            let (work, done_sender, pool) = (&work, done_sender.clone(), &pool);
            scope.spawn(move || {
                let mut splitter = Splitter::default();
                loop {
                    let job = work
                        .lock()
                        .map_err(|_| ())
                        .and_then(|w| w.recv().map_err(|_| ()));
                    let Ok((sequence, bytes)) = job else { break };
                    let reused = pool.lock().ok().and_then(|mut pool| pool.pop());
                    let mut parsed = reused.unwrap_or_default();
                    parsed.parse_into(&bytes, plan, &mut splitter);
                    if done_sender.send((sequence, parsed, bytes)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done_sender);
        let mut waiting: BTreeMap<u64, ParsedChunk> = BTreeMap::new();
        let (mut sent, mut merged) = (0u64, 0u64);
        let mut piece = ahead.pop_front();
        let limit = (parsers * IN_FLIGHT_PER_PARSER) as u64;
        loop {
            while sent - merged < limit
                && let Some(next) = piece.take()
            {
                match next {
                    Piece::End => break,
                    Piece::Chunk(bytes) => {
                        if work_sender.send((sent, bytes)).is_err() {
                            break;
                        }
                    }
                    Piece::Long {
                        empty_lines,
                        record,
                    } => {
                        waiting.insert(sent, long_chunk(empty_lines, &record, plan));
                    }
                }
                sent += 1;
                piece = match ahead.pop_front() {
                    Some(queued) => Some(queued),
                    None => Some(blocks.next(CHUNK_SIZE, &wanted)?),
                };
            }
            if let Some(parsed) = waiting.remove(&merged) {
                merger.merge(&parsed)?;
                merged += 1;
                if let Ok(mut pool) = pool.lock() {
                    pool.push(parsed);
                }
                continue;
            }
            if merged == sent {
                break;
            }
            let Ok((sequence, parsed, bytes)) = done.recv() else {
                break;
            };
            blocks.recycle(bytes);
            waiting.insert(sequence, parsed);
        }
        drop(work_sender);
        Ok(merger.rows)
    })
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
}

impl Merger<'_, '_> {
    fn merge(&mut self, chunk: &ParsedChunk) -> Result<(), Stop> {
        chunk
            .merge_into(self.log, self.file, self.line, self.plan)
            .map_err(Stop::TooLarge)?;
        self.line += chunk.newlines;
        self.rows += chunk.rows_read;
        Ok(())
    }
}
