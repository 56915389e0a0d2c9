//! A record too long to hold (a 100 MB field, a binary file without line
//! breaks) read as a stream: its fields are counted and measured, their
//! text checked, and only the fields a row is read from kept, each no
//! longer than a field may be. What the row reader learns from it is what
//! it would learn from the whole record, so the row is refused (or read)
//! for the same reason.
//!
//! The states are those of [`crate::ingest::csv_record`]: a `"` opens a quoted
//! field only at a field's start, `""` inside is a quote, a lone `"` closes.

use memchr::{memchr, memchr2};

use crate::ingest::csv_record::{Fields, MAX_FIELD_BYTES, QuoteFault, QuoteFaultKind};

/// Where the reader is within the record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    FieldStart,
    Unquoted,
    Quoted,
    /// Just after a `"` inside quotes: a second `"` is a quote, else it closed.
    AfterQuote,
}

/// Validates UTF-8 fed in pieces.
#[derive(Clone, Copy, Debug)]
struct Utf8Stream {
    pending: [u8; 4],
    len: usize,
    ok: bool,
}

impl Default for Utf8Stream {
    fn default() -> Self {
        Utf8Stream {
            pending: [0; 4],
            len: 0,
            ok: true,
        }
    }
}

impl Utf8Stream {
    fn feed(&mut self, mut piece: &[u8]) {
        while self.ok && self.len > 0 && !piece.is_empty() {
            self.pending[self.len] = piece[0];
            self.len += 1;
            piece = &piece[1..];
            match std::str::from_utf8(&self.pending[..self.len]) {
                Ok(_) => self.len = 0,
                Err(error) if error.error_len().is_some() || self.len == 4 => self.ok = false,
                Err(_) => {}
            }
        }
        if !self.ok || piece.is_empty() {
            return;
        }
        if let Err(error) = std::str::from_utf8(piece) {
            let rest = &piece[error.valid_up_to()..];
            if error.error_len().is_some() || rest.len() > 3 {
                self.ok = false;
            } else {
                self.pending[..rest.len()].copy_from_slice(rest);
                self.len = rest.len();
            }
        }
    }

    fn valid(&self) -> bool {
        self.ok && self.len == 0
    }
}

/// What is known of a record read so far.
#[derive(Debug)]
pub struct LongRecord {
    state: State,
    /// Fields ended so far.
    ended: usize,
    /// Bytes of the current field.
    current_len: usize,
    /// The fields longer than a field may be, in order (none in most
    /// records; a few in a damaged one).
    too_long: Vec<usize>,
    whole_text: Utf8Stream,
    field_text: Utf8Stream,
    first_bad_field: Option<usize>,
    /// Every byte so far is ASCII white space.
    blank: bool,
    /// Which fields to keep (the ones rows are read from).
    wanted: Vec<bool>,
    /// The kept fields' bytes, by field.
    kept: Vec<Vec<u8>>,
    /// LFs passed, the record's own last one included.
    pub newlines: u64,
    finished: bool,
    /// The first quote at fault: its field and what it does (see
    /// [`crate::ingest::csv_record::quote_fault`]).
    fault: Option<(usize, QuoteFaultKind)>,
    /// A CR just after a closing quote ended the last piece: the next
    /// byte must be the LF.
    cr_pending: bool,
    /// The last byte read was an LF: the record's own end, not a line
    /// break inside it (as [`crate::ingest::csv_record::quote_fault`]
    /// counts), also when a quote never closed.
    last_was_lf: bool,
}

impl LongRecord {
    /// A record at its first byte, keeping the fields at `wanted` positions.
    pub fn new(wanted: &[usize]) -> LongRecord {
        let width = wanted.iter().max().map_or(0, |&w| w + 1);
        let mut flags = vec![false; width];
        for &index in wanted {
            flags[index] = true;
        }
        LongRecord {
            state: State::FieldStart,
            ended: 0,
            current_len: 0,
            too_long: Vec::new(),
            whole_text: Utf8Stream::default(),
            field_text: Utf8Stream::default(),
            first_bad_field: None,
            blank: true,
            kept: vec![Vec::new(); width],
            wanted: flags,
            newlines: 0,
            finished: false,
            fault: None,
            cr_pending: false,
            last_was_lf: false,
        }
    }

    fn fault_at(&mut self, kind: QuoteFaultKind) {
        if self.fault.is_none() {
            self.fault = Some((self.ended, kind));
        }
    }

    /// Reads on from `bytes`; returns how many were used, all of them
    /// unless the record ended (after its LF).
    pub fn feed(&mut self, bytes: &[u8]) -> usize {
        if self.cr_pending && !bytes.is_empty() {
            self.cr_pending = false;
            if bytes[0] != b'\n' {
                self.fault_at(QuoteFaultKind::TextAfterClose);
            }
        }
        let used = self.read_on(bytes);
        if used > 0 {
            self.last_was_lf = bytes[used - 1] == b'\n';
        }
        used
    }

    /// [`LongRecord::feed`]'s loop: returns how many bytes were used.
    fn read_on(&mut self, bytes: &[u8]) -> usize {
        let mut at = 0;
        while at < bytes.len() && !self.finished {
            let rest = &bytes[at..];
            match self.state {
                State::FieldStart if rest[0] == b'"' => {
                    self.state = State::Quoted;
                    at += 1;
                }
                State::FieldStart | State::Unquoted => {
                    self.state = State::Unquoted;
                    let stop = memchr2(b',', b'\n', rest).unwrap_or(rest.len());
                    self.content(&rest[..stop]);
                    at += stop;
                    if stop < rest.len() {
                        self.end_field(rest[stop] == b'\n');
                        at += 1;
                    }
                }
                State::Quoted => {
                    let stop = memchr(b'"', rest).unwrap_or(rest.len());
                    self.content(&rest[..stop]);
                    at += stop;
                    if stop < rest.len() {
                        self.state = State::AfterQuote;
                        at += 1;
                    }
                }
                State::AfterQuote => {
                    match rest[0] {
                        b'"' => {
                            self.content(b"\"");
                            self.state = State::Quoted;
                            at += 1;
                            continue;
                        }
                        b',' | b'\n' => {}
                        // A CRLF's CR: the LF must follow.
                        b'\r' => match rest.get(1) {
                            Some(b'\n') => {}
                            Some(_) => self.fault_at(QuoteFaultKind::TextAfterClose),
                            None => self.cr_pending = true,
                        },
                        _ => self.fault_at(QuoteFaultKind::TextAfterClose),
                    }
                    self.state = State::Unquoted;
                }
            }
        }
        at
    }

    /// The input ended: the record ends with it.
    pub fn end_of_input(&mut self) {
        self.cr_pending = false;
        if self.state == State::Quoted {
            self.fault_at(QuoteFaultKind::NeverClosed);
        }
        if !self.finished {
            self.end_field(false);
        }
    }

    /// True once the record's LF (or the input's end) was met.
    pub fn is_finished(&self) -> bool {
        self.finished
    }

    /// True for a record whose fields hold only ASCII white space: no row.
    pub fn is_blank(&self) -> bool {
        self.blank
    }

    /// Bytes that belong to the current field.
    fn content(&mut self, piece: &[u8]) {
        if piece.is_empty() {
            return;
        }
        self.newlines += memchr::memchr_iter(b'\n', piece).count() as u64;
        let before = self.current_len;
        self.current_len += piece.len();
        if self.current_len > MAX_FIELD_BYTES && before <= MAX_FIELD_BYTES {
            self.too_long.push(self.ended);
        }
        self.blank = self.blank && piece.iter().all(u8::is_ascii_whitespace);
        self.whole_text.feed(piece);
        self.field_text.feed(piece);
        let field = self.ended;
        if self.wanted.get(field).copied().unwrap_or(false) && self.current_len <= MAX_FIELD_BYTES {
            self.kept[field].extend_from_slice(piece);
        }
    }

    fn end_field(&mut self, record_ends: bool) {
        if !self.field_text.valid() && self.first_bad_field.is_none() {
            self.first_bad_field = Some(self.ended);
        }
        self.ended += 1;
        self.current_len = 0;
        self.field_text = Utf8Stream::default();
        self.state = State::FieldStart;
        if record_ends {
            self.newlines += 1;
            self.finished = true;
        }
    }
}

impl Fields for LongRecord {
    fn count(&self) -> usize {
        self.ended
    }

    fn field(&self, index: usize) -> &[u8] {
        self.kept.get(index).map_or(&[], Vec::as_slice)
    }

    fn first_too_long(&self) -> Option<usize> {
        self.too_long.first().copied()
    }

    fn too_long(&self, index: usize) -> bool {
        self.too_long.contains(&index)
    }

    fn utf8_error_field(&self) -> Option<usize> {
        if self.whole_text.valid() {
            None
        } else {
            Some(self.first_bad_field.unwrap_or_default())
        }
    }

    fn quote_fault(&self) -> Option<QuoteFault> {
        self.fault.map(|(field, kind)| QuoteFault {
            field,
            kind,
            line_breaks: self.newlines - u64::from(self.last_was_lf),
        })
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::ingest::csv_record::Splitter;

    /// Streams `bytes` in pieces of `step`; the facts of the first record.
    fn streamed(bytes: &[u8], step: usize, wanted: &[usize]) -> (LongRecord, usize) {
        let mut record = LongRecord::new(wanted);
        let mut used = 0;
        for piece in bytes.chunks(step.max(1)) {
            used += record.feed(piece);
            if record.is_finished() {
                return (record, used);
            }
        }
        record.end_of_input();
        (record, used)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        #[test]
        fn streaming_learns_what_the_whole_record_says(
            bytes in prop::collection::vec(
                prop::sample::select(vec![b'a', b' ', b',', b'"', b'\n', 0xC3, 0xA9, 0xFF]),
                1..80,
            ),
            step in 1usize..9,
        ) {
            prop_assume!(bytes[0] != b'\n');
            let mut splitter = Splitter::default();
            let (whole, found) = splitter.next(&bytes, 0, 0).unwrap();
            let wanted: Vec<usize> = (0..whole.count()).collect();
            let (record, used) = streamed(&bytes, step, &wanted);
            prop_assert_eq!(used, found.next);
            prop_assert_eq!(record.newlines, found.next_line);
            prop_assert_eq!(record.count(), whole.count());
            prop_assert_eq!(record.is_blank(), whole.is_blank());
            prop_assert_eq!(record.utf8_error_field(), whole.utf8_error_field());
            for index in 0..whole.count() {
                prop_assert_eq!(record.field(index), whole.field(index));
            }
        }
    }

    #[test]
    fn a_huge_field_is_measured_not_kept() {
        let mut record = LongRecord::new(&[0, 1]);
        record.feed(b"P1,\"");
        let piece = vec![b'x'; 1 << 20];
        for _ in 0..100 {
            record.feed(&piece);
        }
        let used = record.feed(b"\",3\nnext");
        assert_eq!(used, 4);
        assert!(record.is_finished());
        assert_eq!(record.count(), 3);
        assert_eq!(record.first_too_long(), Some(1));
        assert!(record.too_long(1) && !record.too_long(0) && !record.too_long(2));
        assert_eq!(record.field(0), b"P1");
        assert!(record.field(1).len() <= MAX_FIELD_BYTES);
        assert_eq!(record.text(1), None, "a field cut short is never read");
    }
}
