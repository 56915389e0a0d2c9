//! A CSV file read as a stream of chunks of whole records: never more than
//! a few chunks in memory, and a record too long to hold read past as it
//! streams by ([`LongRecord`]).

use std::io::{self, Read};

use crate::ingest::boundary::last_record_end;
use crate::ingest::csv_record::{Fields, Found, Splitter};

use super::long_record::LongRecord;

/// Bytes asked of the input at a time (a few in unit tests, to cut
/// records and chunks everywhere).
const READ_SIZE: usize = if cfg!(test) { 61 } else { 256 * 1024 };
/// A record longer than this is streamed rather than held (so a chunk
/// holds at most this much more than its target size); short in unit
/// tests, so that streaming is tested on every long row.
pub const LONG_RECORD: usize = if cfg!(test) { 300 } else { 4 << 20 };
/// A header longer than this makes the file unusable.
pub const LONG_HEADER: usize = 16 << 20;

/// What comes next in the file.
pub enum Piece {
    /// Whole records (up to a record's LF, or to the end of the file): the
    /// first `len` bytes of the buffer.
    Chunk {
        /// The buffer; past `len`, bytes of no meaning.
        buffer: Vec<u8>,
        /// The chunk's length.
        len: usize,
    },
    /// One record too long to hold, after `empty_lines` empty lines.
    Long {
        /// Empty lines before it.
        empty_lines: u64,
        /// What was learned of it.
        record: Box<LongRecord>,
    },
    /// Nothing is left.
    End,
}

/// The input, with what was read of it and not handed out yet.
pub struct Blocks<R> {
    input: R,
    /// Bytes from the start of a record on: the first `filled`. Its buffer
    /// keeps its length, so that a buffer used again is not zeroed again
    /// before each read (1.4 GB of zeros for a large MIMIC-IV file).
    pending: Vec<u8>,
    filled: usize,
    end_of_input: bool,
    /// Buffers handed back, to hold the next chunks.
    spare: Vec<Vec<u8>>,
}

impl<R: Read> Blocks<R> {
    /// The input at its start (after the BOM a source skipped, if any).
    pub fn new(input: R) -> Blocks<R> {
        Blocks {
            input,
            pending: Vec::new(),
            filled: 0,
            end_of_input: false,
            spare: Vec::new(),
        }
    }

    /// Reads more into `pending`; false at the end of the input.
    fn fill(&mut self) -> io::Result<bool> {
        if self.end_of_input {
            return Ok(false);
        }
        let start = self.filled;
        if self.pending.len() < start + READ_SIZE {
            self.pending.resize(start + READ_SIZE, 0);
        }
        let read = loop {
            match self.input.read(&mut self.pending[start..start + READ_SIZE]) {
                Ok(read) => break read,
                Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                Err(error) => return Err(error),
            }
        };
        self.filled = start + read;
        self.end_of_input = read == 0;
        Ok(read > 0)
    }

    /// The header record's fields and the line after it; `None` for a file
    /// holding nothing but empty lines. A second byte-order mark at the very
    /// start is passed, as the `csv` crate passes it.
    pub fn header(&mut self) -> Result<Option<Header>, HeaderProblem> {
        while self.filled < 3 && self.fill().map_err(HeaderProblem::Io)? {}
        if self.pending[..self.filled].starts_with(b"\xEF\xBB\xBF") {
            self.drop_front(3);
        }
        loop {
            let end = if self.end_of_input {
                Some(self.filled)
            } else {
                first_record_end(&self.pending[..self.filled])
            };
            if let Some(end) = end {
                let mut splitter = Splitter::default();
                let Some((record, found)) = splitter.next(&self.pending[..end], 0, 1) else {
                    return Ok(None);
                };
                let fields = (0..record.count())
                    .map(|i| record.field(i).to_vec())
                    .collect();
                let Found {
                    line,
                    next,
                    next_line,
                } = found;
                self.drop_front(next);
                return Ok(Some((fields, next_line, line)));
            }
            if self.filled > LONG_HEADER {
                return Err(HeaderProblem::TooLong);
            }
            self.fill().map_err(HeaderProblem::Io)?;
        }
    }

    /// The next chunk of about `size` bytes, or a long record.
    pub fn next(&mut self, size: usize, wanted: &[usize]) -> io::Result<Piece> {
        loop {
            if self.end_of_input {
                if self.filled == 0 {
                    return Ok(Piece::End);
                }
                let fresh = self.spare.pop().unwrap_or_default();
                return Ok(Piece::Chunk {
                    buffer: std::mem::replace(&mut self.pending, fresh),
                    len: std::mem::take(&mut self.filled),
                });
            }
            if self.filled >= size {
                if let Some(end) = last_record_end(&self.pending[..self.filled]) {
                    // The start of the next record, moved to a buffer of its
                    // own, which is then the one read into.
                    let mut rest = self.spare.pop().unwrap_or_default();
                    let carried = self.filled - end;
                    if rest.len() < carried {
                        rest.resize(carried, 0);
                    }
                    rest[..carried].copy_from_slice(&self.pending[end..self.filled]);
                    self.filled = carried;
                    let buffer = std::mem::replace(&mut self.pending, rest);
                    return Ok(Piece::Chunk { buffer, len: end });
                }
                if self.filled >= LONG_RECORD {
                    return self.long_record(wanted);
                }
            }
            self.fill()?;
        }
    }

    /// Streams the record at the start of `pending` (after empty lines).
    fn long_record(&mut self, wanted: &[usize]) -> io::Result<Piece> {
        let pending = &self.pending[..self.filled];
        let empty_lines = pending.iter().take_while(|&&b| b == b'\n').count();
        let mut record = Box::new(LongRecord::new(wanted));
        let mut used = empty_lines + record.feed(&pending[empty_lines..]);
        while !record.is_finished() {
            self.filled = 0;
            if !self.fill()? {
                record.end_of_input();
                break;
            }
            used = record.feed(&self.pending[..self.filled]);
        }
        self.drop_front(used.min(self.filled));
        Ok(Piece::Long {
            empty_lines: empty_lines as u64,
            record,
        })
    }

    /// The first `count` bytes of `pending` dropped.
    fn drop_front(&mut self, count: usize) {
        self.pending.copy_within(count..self.filled, 0);
        self.filled -= count;
    }

    /// Takes back a chunk's buffer for reuse (its bytes as they are).
    pub fn recycle(&mut self, buffer: Vec<u8>) {
        if self.spare.len() < 4 {
            self.spare.push(buffer);
        }
    }
}

/// The header record's fields, the line after it, and its own first line.
pub type Header = (Vec<Vec<u8>>, u64, u64);

/// Why a header could not be read.
#[derive(Debug)]
pub enum HeaderProblem {
    /// The input failed.
    Io(io::Error),
    /// No line break in the first [`LONG_HEADER`] bytes.
    TooLong,
}

/// The end of the first record, if the bytes hold all of it.
fn first_record_end(bytes: &[u8]) -> Option<usize> {
    let end = last_record_end(bytes)?;
    let mut splitter = Splitter::default();
    let (_, found) = splitter.next(&bytes[..end], 0, 0)?;
    Some(found.next)
}
