//! A quote that leaves a record's fields in doubt, and the search for the
//! first one in a record's bytes.

use super::count_newlines;

/// A quote that leaves a record's fields in doubt: the `csv` crate reads on
/// (`"ab"cd` as `abcd`, a quote never closed to the end of the input), and
/// a stray `"` at a cell's start then reads the lines after it into one
/// row, another patient's values among them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QuoteFault {
    /// The field (from 0) whose quote is at fault.
    pub field: usize,
    /// What the quote does.
    pub kind: QuoteFaultKind,
    /// The line breaks inside the record: the lines after its first that
    /// were read into it.
    pub line_breaks: u64,
}

/// What a faulty quote does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuoteFaultKind {
    /// The quote closing a quoted field is followed by more of the field.
    TextAfterClose,
    /// A quoted field still open where the input ends.
    NeverClosed,
}

impl QuoteFault {
    /// Why its row (or, on one line, its cell) is refused, in words.
    pub fn reason(&self, read_as: &str) -> String {
        let n = self.line_breaks;
        let (lines, those) = if n == 1 {
            ("line", "that line was")
        } else {
            ("lines", "those lines were")
        };
        // A long cell is quoted by its start.
        let read_as: String = if read_as.chars().count() > 40 {
            read_as.chars().take(40).chain(['…']).collect()
        } else {
            read_as.to_string()
        };
        match (self.kind, n) {
            (QuoteFaultKind::TextAfterClose, 0) => format!(
                "a closing quote is followed by more text (read as {read_as:?}): quote the whole cell or none of it"
            ),
            (QuoteFaultKind::TextAfterClose, n) => format!(
                "a quote opens this cell and closes only {n} {lines} further on, with text after it: \
                 {those} read into this row, which is rejected; check the quotes here"
            ),
            (QuoteFaultKind::NeverClosed, 0) => {
                "a quote opens this cell and is never closed".into()
            }
            (QuoteFaultKind::NeverClosed, n) => {
                let after = if n == 1 {
                    "the line after it was".to_string()
                } else {
                    format!("the {n} lines after it were")
                };
                format!(
                    "a quote opens this cell and is never closed: {after} read into this row, \
                     which is rejected; check the quotes here"
                )
            }
        }
    }
}

/// The first [`QuoteFault`] of the record whose bytes `raw` are (from its
/// first byte, with its ending LF when it has one), walking the states
/// csv-core walks: a `"` opens a quoted field only at a field's start,
/// `""` inside is a quote, and a closing `"` must end the field (a comma,
/// the LF, or a CR before the LF).
pub fn quote_fault(raw: &[u8]) -> Option<QuoteFault> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        FieldStart,
        Unquoted,
        Quoted,
        AfterQuote,
    }
    let body = raw.strip_suffix(b"\n").unwrap_or(raw);
    let fault = |field, kind| QuoteFault {
        field,
        kind,
        line_breaks: count_newlines(body),
    };
    let (mut state, mut field) = (State::FieldStart, 0);
    for (at, &byte) in raw.iter().enumerate() {
        state = match (state, byte) {
            (State::Quoted, b'"') => State::AfterQuote,
            (State::Quoted, _) => State::Quoted,
            (State::AfterQuote, b'"') => State::Quoted,
            (State::FieldStart, b'"') => State::Quoted,
            (_, b'\n') => return None,
            (_, b',') => {
                field += 1;
                State::FieldStart
            }
            (State::AfterQuote, b'\r') if matches!(raw.get(at + 1), None | Some(b'\n')) => {
                State::Unquoted
            }
            (State::AfterQuote, _) => return Some(fault(field, QuoteFaultKind::TextAfterClose)),
            (State::FieldStart | State::Unquoted, _) => State::Unquoted,
        };
    }
    (state == State::Quoted).then(|| fault(field, QuoteFaultKind::NeverClosed))
}
