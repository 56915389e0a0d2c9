//! CSV records split out of bytes in memory, exactly as the `csv` crate
//! splits them with hemotrend's settings (comma, `"` quotes doubled inside,
//! only LF ends a record, empty lines skipped, rows of any length), and the
//! few facts about a record every row is checked for first.
//!
//! The split follows csv-core's state machine: a `"` opens a quoted field
//! only at the start of a field; inside one, `""` is a quote and a lone `"`
//! closes it, after which bytes up to the next comma or LF are copied as
//! they are (`"ab"cd` is `abcd`); a `"` anywhere else is an ordinary byte.
//! A record without any quote is handed out as a slice of the input, with
//! no copy.

use memchr::{memchr, memchr2};

/// Fields longer than this reject their row (64 KiB).
pub const MAX_FIELD_BYTES: usize = 64 * 1024;

/// What a row reader needs of a record: its fields, and the checks every
/// row passes first.
pub trait Fields {
    /// How many fields.
    fn count(&self) -> usize;
    /// The field at `index` (empty when there is none).
    fn field(&self, index: usize) -> &[u8];
    /// The field at `index` as text, if it is UTF-8.
    fn text(&self, index: usize) -> Option<&str> {
        std::str::from_utf8(self.field(index)).ok()
    }
    /// The first field longer than [`MAX_FIELD_BYTES`].
    fn first_too_long(&self) -> Option<usize>;
    /// `None` when the fields together are UTF-8 text; else the first field
    /// that is not (or 0 when only a sequence split between fields is bad).
    fn utf8_error_field(&self) -> Option<usize>;
}

/// One record: its fields side by side in `data`, each ending at `ends[i]`
/// (like `csv::ByteRecord`), or, for a record without quotes, `data` is the
/// record's own bytes and each field ends at the comma at `ends[i]`.
#[derive(Clone, Copy, Debug)]
pub struct Record<'a> {
    data: &'a [u8],
    ends: &'a [usize],
    /// True when `data` still holds the commas between fields.
    raw: bool,
    /// `data` as text, when it is UTF-8 (checked once for every field).
    text: Option<&'a str>,
}

impl<'a> Record<'a> {
    /// The record's bytes as text, when it has no quotes and is UTF-8: its
    /// fields are then slices of it, between commas.
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
        (start, self.ends[index])
    }

    /// True for a line of one field holding only ASCII white space (a
    /// CRLF file's trailing blank line), which is no row.
    pub fn is_blank(&self) -> bool {
        self.ends.len() == 1 && self.field(0).iter().all(u8::is_ascii_whitespace)
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
    /// Decoded fields of a record with quotes.
    scratch: Vec<u8>,
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
        self.next_in(bytes, None, at, line)
    }

    /// [`Splitter::next`], given `bytes` as text when the whole buffer is
    /// UTF-8 (checked once for a chunk rather than once per record).
    // Inlined: returned through memory, the record cost a store-forwarding
    // stall per row (about 3 % of a large load).
    #[inline(always)]
    pub fn next_in<'s>(
        &'s mut self,
        bytes: &'s [u8],
        text: Option<&'s str>,
        at: usize,
        line: u64,
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
        let line_end = memchr(b'\n', rest).unwrap_or(rest.len());
        let body = &rest[..line_end];
        if self.no_quotes || memchr(b'"', body).is_none() {
            // No quote before the LF: the line is the record.
            push_commas(body, &mut self.ends);
            self.ends.push(body.len());
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
                text,
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
            data: &self.scratch,
            ends: &self.ends,
            raw: false,
            text: std::str::from_utf8(&self.scratch).ok(),
        };
        Some((record, found))
    }

    /// Decodes the record at the start of `bytes` into the scratch buffer;
    /// returns the bytes consumed (with its LF) and the LFs among them.
    fn decode(&mut self, bytes: &[u8]) -> (usize, u64) {
        self.scratch.clear();
        let mut newlines = 0;
        let mut at = 0;
        loop {
            // At the start of a field.
            if bytes.get(at) == Some(&b'"') {
                at += 1;
                loop {
                    let Some(quote) = memchr(b'"', &bytes[at..]) else {
                        // The input ends inside the quotes: so does the record.
                        let tail = &bytes[at..];
                        newlines += count_newlines(tail);
                        self.scratch.extend_from_slice(tail);
                        self.ends.push(self.scratch.len());
                        return (bytes.len(), newlines);
                    };
                    let inside = &bytes[at..at + quote];
                    newlines += count_newlines(inside);
                    self.scratch.extend_from_slice(inside);
                    at += quote + 1;
                    if bytes.get(at) == Some(&b'"') {
                        self.scratch.push(b'"');
                        at += 1;
                    } else {
                        break;
                    }
                }
            }
            // Unquoted, or after the closing quote: copy to a comma or LF.
            let rest = &bytes[at..];
            match memchr2(b',', b'\n', rest) {
                Some(stop) => {
                    self.scratch.extend_from_slice(&rest[..stop]);
                    self.ends.push(self.scratch.len());
                    at += stop + 1;
                    if rest[stop] == b'\n' {
                        return (at, newlines + 1);
                    }
                    if at == bytes.len() {
                        // A comma at the very end: one more, empty field.
                        self.ends.push(self.scratch.len());
                        return (at, newlines);
                    }
                }
                None => {
                    self.scratch.extend_from_slice(rest);
                    self.ends.push(self.scratch.len());
                    return (bytes.len(), newlines);
                }
            }
        }
    }
}

/// Pushes the position of every comma, eight bytes at a time: a branch
/// per comma rather than per byte.
fn push_commas(bytes: &[u8], ends: &mut Vec<usize>) {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut words = bytes.chunks_exact(8);
    let mut base = 0;
    for word in &mut words {
        let mut eight = [0u8; 8];
        eight.copy_from_slice(word);
        // A byte of `x` is zero exactly where the byte is a comma.
        let x = u64::from_le_bytes(eight) ^ (ONES * u64::from(b','));
        let mut commas = !(((x & !HIGH) + !HIGH) | x) & HIGH;
        while commas != 0 {
            ends.push(base + commas.trailing_zeros() as usize / 8);
            commas &= commas - 1;
        }
        base += 8;
    }
    for (offset, &byte) in words.remainder().iter().enumerate() {
        if byte == b',' {
            ends.push(base + offset);
        }
    }
}

/// How many LF bytes.
pub fn count_newlines(bytes: &[u8]) -> u64 {
    memchr::memchr_iter(b'\n', bytes).count() as u64
}

#[cfg(test)]
mod tests;
