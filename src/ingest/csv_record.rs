//! CSV records split out of bytes in memory, exactly as the `csv` crate
//! splits them with hemotrend's settings (comma, `"` quotes doubled inside,
//! only LF ends a record, empty lines skipped, rows of any length), and the
//! few facts about a record every row is checked for first.
//!
//! A record without any quote is split here with memchr and handed out as
//! a slice of the input, with no copy (the measured fast path). So is a
//! record whose quotes only enclose whole fields on its own line
//! (`P1,"Jones, Ann",F`: each quote opens a field and the next one closes
//! it just before a comma or the line's end), which every reader decodes
//! to the bytes between the quotes. Any other record with a quote is
//! handed to `csv_core::Reader`, the state machine the `csv` crate itself
//! runs, so quoted fields (`""` inside, `"ab"cd` read as `abcd`, a `"` not
//! at a field's start an ordinary byte, a line end inside quotes) are
//! decoded as the oracle decodes them.

mod in_place;
mod quote_fault;

use csv_core::ReadRecordResult;
use memchr::memchr;

use in_place::{push_commas, split_in_place};
pub use quote_fault::{QuoteFault, QuoteFaultKind, quote_fault};

/// Fields longer than this are not read (64 KiB): one in a column a row is
/// read from is refused as that cell (the row, for its patient, time or
/// specimen), and one in any other column costs nothing but a warning.
pub const MAX_FIELD_BYTES: usize = 64 * 1024;

/// What a row reader needs of a record: its fields, and the checks every
/// row passes first.
pub trait Fields {
    /// How many fields.
    fn count(&self) -> usize;
    /// The field at `index` (empty when there is none).
    fn field(&self, index: usize) -> &[u8];
    /// The field at `index` as text, if it is UTF-8 and not too long to
    /// read ([`Fields::too_long`]).
    fn text(&self, index: usize) -> Option<&str> {
        if self.too_long(index) {
            return None;
        }
        std::str::from_utf8(self.field(index)).ok()
    }
    /// The first field longer than [`MAX_FIELD_BYTES`].
    fn first_too_long(&self) -> Option<usize>;
    /// Whether the field at `index` is longer than [`MAX_FIELD_BYTES`]: it
    /// gives no text, and a streamed record did not keep all of it.
    fn too_long(&self, index: usize) -> bool;
    /// `None` when the fields together are UTF-8 text; else the first field
    /// that is not (or 0 when only a sequence split between fields is bad).
    fn utf8_error_field(&self) -> Option<usize>;
    /// A quote that does not delimit its field as CSV has it (see
    /// [`quote_fault()`]); none unless the record's reader looked.
    fn quote_fault(&self) -> Option<QuoteFault> {
        None
    }
    /// The record's bytes as written, line breaks and all, when a field may
    /// hold a line break and the reader kept them; `None` for a record
    /// split on its own line (no field holds one) or read without them.
    fn written(&self) -> Option<&[u8]> {
        None
    }
}

/// One record: its fields side by side in `data`, each ending at `ends[i]`
/// (like `csv::ByteRecord`), or, for a record split in place, `data` is the
/// record's own bytes and each field ends at the comma at `ends[i]`, inside
/// the quotes around it when its bit of `quoted` is set.
#[derive(Clone, Copy, Debug)]
pub struct Record<'a> {
    data: &'a [u8],
    ends: &'a [usize],
    /// True when `data` still holds the commas between fields.
    raw: bool,
    /// Fields (of the first 64) written between quotes, in a raw record.
    quoted: u64,
    /// `data` as text, when it is UTF-8 (checked once for every field).
    text: Option<&'a str>,
    /// A quote at fault, in a record decoded by csv-core (one split in
    /// place has none).
    fault: Option<QuoteFault>,
    /// The bytes it was decoded from, with its LF (a record split in place
    /// is `data` itself: empty here).
    written: &'a [u8],
}

impl<'a> Record<'a> {
    /// The record's bytes as text, when it was split in place and is
    /// UTF-8: its fields are then slices of it, between commas (and the
    /// quotes around a quoted field).
    pub fn plain_text(&self) -> Option<&'a str> {
        self.text.filter(|_| self.raw)
    }

    /// Where field `index` lies in [`Record::plain_text`].
    pub fn plain_bounds(&self, index: usize) -> Option<(usize, usize)> {
        (index < self.ends.len()).then(|| self.bounds(index))
    }

    /// Bytes of field `index`.
    fn bounds(&self, index: usize) -> (usize, usize) {
        let start = match index.checked_sub(1) {
            Some(previous) => self.ends[previous] + usize::from(self.raw),
            None => 0,
        };
        let quoted = self.quoted.checked_shr(index as u32).unwrap_or(0) & 1;
        let quoted = quoted as usize;
        (start + quoted, self.ends[index] - quoted)
    }

    /// True for a line whose fields hold only ASCII white space: a CRLF
    /// file's trailing blank line, or a spreadsheet's empty row (`,,,,`,
    /// written below cells once formatted), which are no rows.
    pub fn is_blank(&self) -> bool {
        (0..self.ends.len()).all(|index| self.field(index).iter().all(u8::is_ascii_whitespace))
    }
}

impl Fields for Record<'_> {
    fn count(&self) -> usize {
        self.ends.len()
    }

    fn field(&self, index: usize) -> &[u8] {
        if index >= self.ends.len() {
            return &[];
        }
        let (start, end) = self.bounds(index);
        self.data.get(start..end).unwrap_or_default()
    }

    #[inline]
    fn text(&self, index: usize) -> Option<&str> {
        if index >= self.ends.len() {
            return Some("");
        }
        let (start, end) = self.bounds(index);
        if end - start > MAX_FIELD_BYTES {
            return None;
        }
        // Field bounds in a record with commas are character boundaries.
        match self.text {
            Some(text) if self.raw => text.get(start..end),
            _ => std::str::from_utf8(self.data.get(start..end).unwrap_or_default()).ok(),
        }
    }

    fn first_too_long(&self) -> Option<usize> {
        if self.data.len() <= MAX_FIELD_BYTES {
            return None;
        }
        (0..self.count()).find(|&index| {
            let (start, end) = self.bounds(index);
            end - start > MAX_FIELD_BYTES
        })
    }

    fn too_long(&self, index: usize) -> bool {
        if self.data.len() <= MAX_FIELD_BYTES || index >= self.ends.len() {
            return false;
        }
        let (start, end) = self.bounds(index);
        end - start > MAX_FIELD_BYTES
    }

    fn utf8_error_field(&self) -> Option<usize> {
        // Commas are whole characters: with them in, valid text stays valid.
        if self.text.is_some() {
            return None;
        }
        let joined_ok = if self.raw {
            let joined: Vec<u8> = (0..self.count())
                .flat_map(|index| self.field(index).iter().copied())
                .collect();
            std::str::from_utf8(&joined).is_ok()
        } else {
            false
        };
        if joined_ok {
            return None;
        }
        let bad = (0..self.count()).find(|&index| std::str::from_utf8(self.field(index)).is_err());
        Some(bad.unwrap_or_default())
    }

    fn quote_fault(&self) -> Option<QuoteFault> {
        self.fault
    }

    fn written(&self) -> Option<&[u8]> {
        (!self.raw).then_some(self.written)
    }
}

impl Fields for csv::ByteRecord {
    fn count(&self) -> usize {
        self.len()
    }

    fn field(&self, index: usize) -> &[u8] {
        self.get(index).unwrap_or_default()
    }

    fn first_too_long(&self) -> Option<usize> {
        self.iter().position(|field| field.len() > MAX_FIELD_BYTES)
    }

    fn too_long(&self, index: usize) -> bool {
        self.field(index).len() > MAX_FIELD_BYTES
    }

    fn utf8_error_field(&self) -> Option<usize> {
        std::str::from_utf8(self.as_slice()).err()?;
        Some(
            self.iter()
                .position(|field| std::str::from_utf8(field).is_err())
                .unwrap_or_default(),
        )
    }
}

/// Splits records out of a buffer that starts at the start of a record.
#[derive(Debug, Default)]
pub struct Splitter {
    /// Decoded fields of a record with quotes (its first `written` bytes).
    scratch: Vec<u8>,
    written: usize,
    /// csv-core's reader for records with quotes, built on first use.
    reader: Option<csv_core::Reader>,
    /// Field ends of the current record.
    ends: Vec<usize>,
    /// The caller knows the buffer holds no quote at all.
    no_quotes: bool,
}

/// Where a record was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Found {
    /// Line of its first byte, counted from 0 at the start of the buffer.
    pub line: u64,
    /// Where the next record may start.
    pub next: usize,
    /// Line at `next`, counted like `line`.
    pub next_line: u64,
}

impl Splitter {
    /// Prepares for `bytes`: a buffer without any quote is split without
    /// looking for them record by record.
    pub fn prepare(&mut self, bytes: &[u8]) {
        self.no_quotes = memchr(b'"', bytes).is_none();
    }

    /// False when [`Splitter::prepare`] found no quote in the buffer.
    pub fn may_hold_quotes(&self) -> bool {
        !self.no_quotes
    }

    /// The record starting at or after `at`, which is on line `line` (empty
    /// lines are passed, as the `csv` crate passes them); `None` when only
    /// empty lines are left. The buffer must end at the end of a record or
    /// of the input.
    pub fn next<'s>(
        &'s mut self,
        bytes: &'s [u8],
        at: usize,
        line: u64,
    ) -> Option<(Record<'s>, Found)> {
        self.next_in(bytes, None, at, line, None)
    }

    /// [`Splitter::next`], given `bytes` as text when the whole buffer is
    /// UTF-8 (checked once for a chunk rather than once per record), and
    /// `plain_line`, the length of the line at `at` when the caller found
    /// it holds no quote (it is then split at once, not searched again).
    // Inlined: returned through memory, the record cost a store-forwarding
    // stall per row (about 3 % of a large load).
    #[inline(always)]
    pub fn next_in<'s>(
        &'s mut self,
        bytes: &'s [u8],
        text: Option<&'s str>,
        at: usize,
        line: u64,
        plain_line: Option<usize>,
    ) -> Option<(Record<'s>, Found)> {
        let mut start = at;
        let mut line = line;
        while bytes.get(start) == Some(&b'\n') {
            start += 1;
            line += 1;
        }
        if start >= bytes.len() {
            return None;
        }
        self.ends.clear();
        let rest = &bytes[start..];
        let (line_end, plain) = match plain_line {
            Some(len) if start == at && len <= rest.len() => (len, true),
            _ => (memchr(b'\n', rest).unwrap_or(rest.len()), self.no_quotes),
        };
        let body = &rest[..line_end];
        let quoted = if plain {
            push_commas(body, 0, &mut self.ends);
            self.ends.push(body.len());
            Some(0)
        } else {
            split_in_place(body, &mut self.ends)
        };
        // No quote before the LF, or only quotes around whole fields: the
        // line is the record.
        if let Some(quoted) = quoted {
            let next = start + (line_end + 1).min(rest.len());
            let found = Found {
                line,
                next,
                next_line: line + u64::from(line_end < rest.len()),
            };
            // A record's bounds are at LFs or the buffer's ends: always
            // character boundaries of valid text.
            let text = match text {
                Some(text) => text.get(start..start + line_end),
                None => std::str::from_utf8(body).ok(),
            };
            let record = Record {
                data: body,
                ends: &self.ends,
                raw: true,
                quoted,
                text,
                fault: None,
                written: &[],
            };
            return Some((record, found));
        }
        let (consumed, newlines) = self.decode(rest);
        let found = Found {
            line,
            next: start + consumed,
            next_line: line + newlines,
        };
        let record = Record {
            data: &self.scratch[..self.written],
            ends: &self.ends,
            raw: false,
            quoted: 0,
            text: std::str::from_utf8(&self.scratch[..self.written]).ok(),
            fault: quote_fault(&rest[..consumed]),
            written: &rest[..consumed],
        };
        Some((record, found))
    }

    /// Decodes the record at the start of `bytes` into the scratch buffer
    /// with csv-core's reader (the `csv` crate's own state machine, so a
    /// quoted record is split exactly as the oracle splits it); returns the
    /// bytes consumed (with its LF) and the LFs among them.
    fn decode(&mut self, bytes: &[u8]) -> (usize, u64) {
        let reader = self.reader.get_or_insert_with(quoted_reader);
        reader.reset();
        // A record decodes to no more bytes than it spans, but its span is
        // unknown until read: grow the buffers only when csv-core asks.
        if self.scratch.is_empty() {
            self.scratch.resize(1024, 0);
        }
        self.ends.clear();
        self.ends.resize(64, 0);
        let (mut read, mut written, mut ended) = (0, 0, 0);
        // csv-core passes a byte-order mark where it starts reading, which
        // the `csv` crate does only at the start of a file: a record that
        // starts with one mid-file (two exports joined) keeps it there, so
        // that a quote after it is no field's opening quote. Given one byte
        // first, csv-core reads on past where it looks for the mark.
        let mut limit = if bytes.starts_with(b"\xEF\xBB\xBF") {
            1
        } else {
            bytes.len()
        };
        loop {
            let (result, nin, nout, nend) = reader.read_record(
                &bytes[read..limit],
                &mut self.scratch[written..],
                &mut self.ends[ended..],
            );
            read += nin;
            written += nout;
            ended += nend;
            match result {
                ReadRecordResult::OutputFull => {
                    let grown = self.scratch.len() * 2;
                    self.scratch.resize(grown, 0);
                }
                ReadRecordResult::OutputEndsFull => {
                    let grown = self.ends.len() * 2;
                    self.ends.resize(grown, 0);
                }
                // The input was all used: an empty read tells csv-core it
                // ended, which ends the record (inside quotes or not).
                ReadRecordResult::InputEmpty => limit = bytes.len(),
                ReadRecordResult::Record | ReadRecordResult::End => break,
            }
        }
        self.ends.truncate(ended);
        self.written = written;
        (read, count_newlines(&bytes[..read]))
    }
}

/// csv-core's reader with hemotrend's settings, as the oracle sets the
/// `csv` crate: comma, `"` quotes doubled inside, only LF ends a record.
fn quoted_reader() -> csv_core::Reader {
    csv_core::ReaderBuilder::new()
        .terminator(csv_core::Terminator::Any(b'\n'))
        .build()
}

/// How many LF bytes.
pub fn count_newlines(bytes: &[u8]) -> u64 {
    memchr::memchr_iter(b'\n', bytes).count() as u64
}

#[cfg(test)]
mod tests;
