//! A long file's row of a test outside the CBC, told apart from the test
//! column alone: most of a lab's rows (four in five of MIMIC-IV's
//! labevents) are chemistry and the like, and such a row is ignored
//! whatever else it holds, so it should cost little more than finding its
//! end. Its fields are counted, not split (a row whose field count is
//! wrong is still rejected as the general reader rejects it), and nothing
//! but its test is read.

use memchr::memchr;

use crate::ingest::csv_record::MAX_FIELD_BYTES;
use crate::ingest::vocabulary::{TestName, identify_digits, identify_test};

/// Where a long file's test is, and how many fields a row has.
#[derive(Clone, Copy, Debug)]
pub struct TestColumn {
    /// The test column's index.
    pub index: usize,
    /// The header's field count.
    pub fields: usize,
}

/// The length of the line at the start of `rest` (up to its LF or the
/// end) when it is a record the general reader would count as ignored: one
/// line without a quote, no longer than a field may be, with the header's
/// field count, whose test is UTF-8 text naming a test outside the CBC.
/// `None` leaves the record to the general reader (which also says why a
/// record is rejected). `quotes`: whether the chunk holds a quote at all.
#[inline]
pub fn ignored_line(rest: &[u8], column: TestColumn, quotes: bool) -> Option<usize> {
    let line_end = memchr(b'\n', rest).unwrap_or(rest.len());
    let body = &rest[..line_end];
    if body.is_empty() || body.len() > MAX_FIELD_BYTES {
        return None;
    }
    // The test field, after `index` commas: near the start of a row, so
    // found byte by byte.
    let mut start = 0;
    for _ in 0..column.index {
        start += body[start..].iter().position(|&byte| byte == b',')? + 1;
    }
    let end = body[start..]
        .iter()
        .position(|&byte| byte == b',')
        .map_or(body.len(), |offset| start + offset);
    let field = &body[start..end];
    let test = match identify_digits(field) {
        Some(test) => test,
        None => {
            let text = std::str::from_utf8(field).ok()?;
            let text = match text.as_bytes() {
                [first, .., last] if first.is_ascii_graphic() && last.is_ascii_graphic() => text,
                _ => text.trim(),
            };
            if text.is_empty() {
                return None;
            }
            identify_test(text)
        }
    };
    if test != TestName::Other {
        return None;
    }
    // Commas counted by `bytecount` (SIMD chosen at run time), a quote
    // looked for only in a chunk that holds one.
    let commas = bytecount::count(body, b',');
    (commas + 1 == column.fields && !(quotes && memchr(b'"', body).is_some())).then_some(line_end)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIMIC: TestColumn = TestColumn {
        index: 4,
        fields: 16,
    };

    #[test]
    fn a_chemistry_row_is_ignored_and_a_cbc_row_is_not() {
        let chemistry = b"1,10014354,29600294,43195817,50971,,2148-08-16 00:00:00,2148-08-16 01:47:00,4.1,4.1,mEq/L,3.3,5.1,,ROUTINE,\nnext";
        assert_eq!(
            ignored_line(chemistry, MIMIC, true),
            Some(chemistry.len() - 5)
        );
        let cbc = b"1,10014354,29600294,1808066,51265,,2148-08-16 00:00:00,2148-08-16 01:30:00,206,206,K/uL,150,400,,ROUTINE,\n";
        assert_eq!(ignored_line(cbc, MIMIC, false), None);
    }

    #[rstest::rstest]
    #[case::wrong_field_count(&b"1,2,3,4,50971,6\n"[..])]
    #[case::a_quote(&b"1,2,3,4,50971,,,,,,,,,,,\"a, b\"\n"[..])]
    #[case::no_test(&b"1,2,3,4, ,,,,,,,,,,,\n"[..])]
    #[case::not_utf8(&b"1,2,3,4,\xff,,,,,,,,,,,\n"[..])]
    #[case::a_name_of_the_cbc(&b"1,2,3,4, Platelets ,,,,,,,,,,,\n"[..])]
    #[case::an_empty_line(&b"\n1,2,3,4,50971,,,,,,,,,,,\n"[..])]
    fn rows_the_general_reader_must_see_are_left_to_it(#[case] row: &[u8]) {
        assert_eq!(ignored_line(row, MIMIC, true), None);
    }

    #[test]
    fn a_row_of_another_test_is_ignored_at_the_end_of_the_input_too() {
        assert_eq!(
            ignored_line(b"1,2,3,4,glucose,,,,,,,,,,,", MIMIC, false),
            Some(26)
        );
    }
}
