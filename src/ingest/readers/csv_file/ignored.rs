//! A long file's row of a test outside the CBC, told apart from the test
//! column alone: most of a lab's rows (four in five of MIMIC-IV's
//! labevents) are chemistry and the like, and such a row is ignored
//! whatever else it holds, so it should cost little more than finding its
//! end. Its fields are counted, not split (a row whose field count is
//! wrong is still rejected as the general reader rejects it), and nothing
//! but its test is read. A row with a comment in quotes after its test
//! (MIMIC-IV's) is passed over too, when its quotes are plain.

use memchr::{memchr, memchr2, memchr3};

use crate::ingest::csv_record::MAX_FIELD_BYTES;
use crate::ingest::shape::named_like_a_count;
use crate::ingest::vocabulary::{
    ColumnRole, TestName, classify_column, identify_digits, identify_test,
};

/// Where a long file's test is, and how many fields a row has.
#[derive(Clone, Copy, Debug)]
pub struct TestColumn {
    /// The test column's index.
    pub index: usize,
    /// The header's field count.
    pub fields: usize,
}

/// What [`classify_line`] found of the line at the start of the rest of a
/// chunk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Line {
    /// A record the general reader would count as ignored, of this length
    /// (up to its LF or the end).
    Ignored(usize),
    /// A line of this length without a quote, for the general reader (a
    /// test of the CBC, or a row it rejects).
    Plain(usize),
    /// An empty line, or one with a quote the line is not passed over
    /// for: left to the general reader.
    Unknown,
}

/// Whether the line at the start of `rest` is a record the general reader
/// would count as ignored: one line, no longer than a field may be, with
/// the header's field count, whose test is UTF-8 text naming a test
/// outside the CBC, and with no quote but around whole fields after its
/// test. Anything else is left to the general reader (which
/// also says why a record is rejected), with the line's length when it has
/// no quote, so that it is not searched for again. `quotes`: whether the
/// chunk holds a quote at all.
#[inline]
pub fn classify_line(rest: &[u8], column: TestColumn, quotes: bool) -> Line {
    // The line's end, or a quote before it: such a line is left to the
    // general reader (as any with a quote in a chunk that holds one).
    let stop = if quotes {
        memchr2(b'\n', b'"', rest)
    } else {
        memchr(b'\n', rest)
    };
    let line_end = match stop {
        Some(at) if rest[at] == b'"' => return quoted_line(rest, at, column),
        Some(at) => at,
        None => rest.len(),
    };
    let body = &rest[..line_end];
    if body.is_empty() {
        return Line::Unknown;
    }
    if body.len() <= MAX_FIELD_BYTES && of_another_test(body, column) {
        Line::Ignored(line_end)
    } else {
        Line::Plain(line_end)
    }
}

/// Whether a line (without its LF or any quote) has the header's field
/// count and names a test outside the CBC in its test column.
#[inline]
fn of_another_test(body: &[u8], column: TestColumn) -> bool {
    // The test field, after `index` commas: near the start of a row.
    let (start, end) = match field_in_first_64(body, column.index) {
        Some(bounds) => bounds,
        None => {
            let mut start = 0;
            for _ in 0..column.index {
                match body[start..].iter().position(|&byte| byte == b',') {
                    Some(comma) => start += comma + 1,
                    None => return false,
                }
            }
            let end = body[start..]
                .iter()
                .position(|&byte| byte == b',')
                .map_or(body.len(), |offset| start + offset);
            (start, end)
        }
    };
    names_another_test(&body[start..end])
        // Commas counted by `bytecount` (SIMD chosen at run time).
        && bytecount::count(body, b',') + 1 == column.fields
}

/// A line whose first quote is at `quote`, past its test field (MIMIC-IV's
/// comments, one row in thirty and most of their bytes): ignored as
/// a line without one is, when its quotes are only around whole fields and
/// hold no line break. Anything else is left to the general reader.
fn quoted_line(rest: &[u8], quote: usize, column: TestColumn) -> Line {
    let Some((start, end)) = field_in_first_64(rest, column.index) else {
        return Line::Unknown;
    };
    if end >= quote || rest[quote - 1] != b',' || !names_another_test(&rest[start..end]) {
        return Line::Unknown;
    }
    match well_quoted_end(rest, quote) {
        Some((line_end, commas))
            if line_end <= MAX_FIELD_BYTES
                && bytecount::count(&rest[..quote], b',') + commas + 1 == column.fields =>
        {
            Line::Ignored(line_end)
        }
        _ => Line::Unknown,
    }
}

/// From `at`, the start of a field, to the line's LF (or the end): where
/// it is, and the commas between fields on the way; `None` where a quote
/// is not around a whole field, or a quoted field holds a line break (the
/// general reader's cases).
fn well_quoted_end(rest: &[u8], mut at: usize) -> Option<(usize, usize)> {
    let mut commas = 0;
    loop {
        if rest.get(at) == Some(&b'"') {
            // To the closing quote, past doubled ones.
            let mut inside = at + 1;
            at = loop {
                let found = inside + memchr3(b'"', b'\n', b'\r', rest.get(inside..)?)?;
                if rest[found] != b'"' {
                    return None;
                }
                if rest.get(found + 1) != Some(&b'"') {
                    break found + 1;
                }
                inside = found + 2;
            };
            match rest.get(at) {
                None => return Some((rest.len(), commas)),
                Some(b'\n') => return Some((at, commas)),
                Some(b',') => {
                    commas += 1;
                    at += 1;
                }
                Some(_) => return None,
            }
        } else {
            let Some(offset) = memchr3(b',', b'\n', b'"', &rest[at..]) else {
                return Some((rest.len(), commas));
            };
            at += offset;
            match rest[at] {
                b',' => {
                    commas += 1;
                    at += 1;
                }
                b'\n' => return Some((at, commas)),
                _ => return None,
            }
        }
    }
}

/// Whether a test field (unquoted) names a test outside the CBC, and not
/// one the general reader has something to say of.
#[inline]
fn names_another_test(field: &[u8]) -> bool {
    let test = match identify_digits(field) {
        Some(test) => test,
        None => {
            let Ok(text) = std::str::from_utf8(field) else {
                return false;
            };
            let text = match text.as_bytes() {
                [first, .., last] if first.is_ascii_graphic() && last.is_ascii_graphic() => text,
                _ => text.trim(),
            };
            // Nor the header's own test column (`test`, `itemid`), met
            // again where two exports were joined: the general reader
            // says so.
            if text.is_empty() || (text.len() <= 7 && classify_column(text) == Ok(ColumnRole::Test))
            {
                return false;
            }
            match identify_test(text) {
                // Nor a test named like a blood count that hemotrend does
                // not read (`Platelet Count`): the general reader warns.
                TestName::Other if named_like_a_count(text) => return false,
                test => test,
            }
        }
    };
    test == TestName::Other
}

/// Where the field at `index` starts and ends in a line, when the comma
/// that ends it is among the line's first 64 bytes; `None` otherwise. Their
/// commas are made one mask of 64 bits, eight bytes at a time and with no
/// branch, and the field's commas found by clearing the ones before them
/// (a fixed count): walked byte by byte, a branch mispredicted at every
/// comma cost most of the time a row of another test takes.
#[inline]
fn field_in_first_64(line: &[u8], index: usize) -> Option<(usize, usize)> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Bit 8k + 7 of each match moved to bit k of the product's top byte.
    const GATHER: u64 = 0x0102_0408_1020_4080;
    let head = line.get(..64)?;
    let mut commas = 0u64;
    for (k, word) in head.chunks_exact(8).enumerate() {
        let mut eight = [0u8; 8];
        eight.copy_from_slice(word);
        // A byte of `x` is zero exactly where the byte is a comma, and then
        // only its high bit is left set; the low seven bits are added
        // apart from the high one, so no borrow crosses a byte.
        let x = u64::from_le_bytes(eight) ^ (ONES * u64::from(b','));
        let matches = !(((x & !HIGH) + !HIGH) | x) & HIGH;
        commas |= ((matches >> 7).wrapping_mul(GATHER) >> 56) << (8 * k);
    }
    // Comma number `index - 1` (from 0) opens the field, `index` ends it.
    let mut later = commas;
    let start = match index.checked_sub(1) {
        None => 0,
        Some(before) => {
            for _ in 0..before {
                later &= later.wrapping_sub(1);
            }
            let opening = later.trailing_zeros() as usize;
            later &= later.wrapping_sub(1);
            opening + 1
        }
    };
    (later != 0 && start <= 64).then(|| (start, later.trailing_zeros() as usize))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::csv_record::{Fields, Splitter, quote_fault};
    use proptest::strategy::Strategy;

    const MIMIC: TestColumn = TestColumn {
        index: 4,
        fields: 16,
    };

    #[test]
    fn a_chemistry_row_is_ignored_and_a_cbc_row_is_not() {
        let chemistry = b"1,10014354,29600294,43195817,50971,,2148-08-16 00:00:00,2148-08-16 01:47:00,4.1,4.1,mEq/L,3.3,5.1,,ROUTINE,\nnext";
        assert_eq!(
            classify_line(chemistry, MIMIC, true),
            Line::Ignored(chemistry.len() - 5)
        );
        let cbc = b"1,10014354,29600294,1808066,51265,,2148-08-16 00:00:00,2148-08-16 01:30:00,206,206,K/uL,150,400,,ROUTINE,\n";
        assert_eq!(classify_line(cbc, MIMIC, false), Line::Plain(cbc.len() - 1));
    }

    #[rstest::rstest]
    #[case::wrong_field_count(&b"1,2,3,4,50971,6\n"[..])]
    #[case::a_quote(&b"1,2,3,4,50971,,,,,,,,,,,\"a, b\"\n"[..])]
    #[case::no_test(&b"1,2,3,4, ,,,,,,,,,,,\n"[..])]
    #[case::not_utf8(&b"1,2,3,4,\xff,,,,,,,,,,,\n"[..])]
    #[case::a_name_of_the_cbc(&b"1,2,3,4, Platelets ,,,,,,,,,,,\n"[..])]
    #[case::an_empty_line(&b"\n1,2,3,4,50971,,,,,,,,,,,\n"[..])]
    fn rows_the_general_reader_must_see_are_left_to_it(#[case] row: &[u8]) {
        assert!(!matches!(classify_line(row, MIMIC, true), Line::Ignored(_)));
    }

    /// The length is given only of a line without a quote, up to its LF.
    #[rstest::rstest]
    #[case::a_quote(&b"1,2,3,4,51265,,,,,,,,,,,\"a, b\"\n"[..], Line::Unknown)]
    #[case::an_empty_line(&b"\n1,2,3,4,51265,,,,,,,,,,,\n"[..], Line::Unknown)]
    #[case::a_cbc_row(&b"1,2,3,4,51265,,,,,,,,,,,\n5"[..], Line::Plain(24))]
    #[case::a_cbc_row_at_the_end(&b"1,2,3,4,51265,,,,,,,,,,,"[..], Line::Plain(24))]
    #[case::too_few_fields(&b"1,2,3\n"[..], Line::Plain(5))]
    fn a_line_left_to_the_general_reader_is_measured_when_it_holds_no_quote(
        #[case] row: &[u8],
        #[case] expected: Line,
    ) {
        assert_eq!(classify_line(row, MIMIC, true), expected);
    }

    /// The field's bounds, byte by byte, when its ending comma is among the
    /// first 64 bytes of a line that long.
    fn bounds_one_by_one(line: &[u8], index: usize) -> Option<(usize, usize)> {
        let commas: Vec<usize> = (0..line.len().min(64))
            .filter(|&i| line[i] == b',')
            .collect();
        if line.len() < 64 {
            return None;
        }
        let start = match index {
            0 => 0,
            _ => commas.get(index - 1)? + 1,
        };
        Some((start, *commas.get(index)?))
    }

    proptest::proptest! {
        #[test]
        fn a_field_is_found_where_a_byte_by_byte_walk_finds_it(
            line in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::strategy::Just(b','),
                    proptest::prelude::any::<u8>(),
                ],
                0..100,
            ),
            index in 0usize..40,
        ) {
            proptest::prop_assert_eq!(
                field_in_first_64(&line, index),
                bounds_one_by_one(&line, index)
            );
        }
    }

    /// MIMIC-IV's rows with a comment: passed over when their quotes are
    /// only around whole fields on one line, else read by the general
    /// reader.
    #[rstest::rstest]
    #[case::a_comment(&b"1,2,3,4,50931,,,,,,,,,,ROUTINE,\"If fasting, 70-100 normal.\"\nnext"[..], Line::Ignored(59))]
    #[case::quotes_doubled(&b"1,2,3,4,50931,,,,,,,,,,,\"a \"\"b\"\", c\"\n"[..], Line::Ignored(36))]
    #[case::two_quoted_fields(&b"1,2,3,4,50931,,,,,,,,,,\"x\",\"a, b\""[..], Line::Ignored(33))]
    #[case::an_empty_quoted_field(&b"1,2,3,4,50931,,,,,,,,,,,\"\"\n"[..], Line::Ignored(26))]
    #[case::a_line_break_inside(&b"1,2,3,4,50931,,,,,,,,,,,\"a\nb\"\n"[..], Line::Unknown)]
    #[case::a_carriage_return_inside(&b"1,2,3,4,50931,,,,,,,,,,,\"a\rb\"\n"[..], Line::Unknown)]
    #[case::a_crlf_after_the_quote(&b"1,2,3,4,50931,,,,,,,,,,,\"a\"\r\n"[..], Line::Unknown)]
    #[case::text_after_the_quote(&b"1,2,3,4,50931,,,,,,,,,,,\"a\"b\n"[..], Line::Unknown)]
    #[case::a_quote_inside_a_field(&b"1,2,3,4,50931,,,,,,,,,,,a\"b\"\n"[..], Line::Unknown)]
    #[case::a_quote_in_a_later_field(&b"1,2,3,4,50931,,,,,,,,,,\"a\",b\"c\n"[..], Line::Unknown)]
    #[case::never_closed(&b"1,2,3,4,50931,,,,,,,,,,,\"abc\n"[..], Line::Unknown)]
    #[case::a_field_too_many(&b"1,2,3,4,50931,,,,,,,,,,,\"a\",\n"[..], Line::Unknown)]
    #[case::a_field_too_few(&b"1,2,3,4,50931,,,,,,,,,,\"a, b\"\n"[..], Line::Unknown)]
    #[case::a_cbc_test(&b"1,2,3,4,51265,,,,,,,,,,,\"a\"\n"[..], Line::Unknown)]
    #[case::a_quote_before_the_test(&b"\"1\",2,3,4,50931,,,,,,,,,,,\n"[..], Line::Unknown)]
    #[case::a_quoted_test(&b"1,2,3,4,\"50931\",,,,,,,,,,,\n"[..], Line::Unknown)]
    fn a_row_with_quotes_is_passed_over_only_when_they_are_plain(
        #[case] row: &[u8],
        #[case] expected: Line,
    ) {
        // Long enough for the test field to be found among 64 bytes.
        let mut padded = row.to_vec();
        padded.extend_from_slice(&[b'\n'; 64]);
        assert_eq!(classify_line(&padded, MIMIC, true), expected);
    }

    proptest::proptest! {
        /// A line of another test without a quote is passed over when it
        /// has the header's field count, wherever its commas are.
        #[test]
        fn a_line_is_passed_over_for_its_field_count(
            head in proptest::collection::vec(proptest::sample::select(&b"a5"[..]), 0..40),
            tail in proptest::collection::vec(proptest::sample::select(&b",a5"[..]), 0..120),
        ) {
            // The test's field after four (the first ones as long as drawn).
            let mut line = head.clone();
            line.extend_from_slice(b",,,,50931,");
            line.extend_from_slice(&tail);
            let fields = line.split(|&byte| byte == b',').count();
            let expected = fields == MIMIC.fields;
            line.push(b'\n');
            proptest::prop_assert_eq!(
                classify_line(&line, MIMIC, false) == Line::Ignored(line.len() - 1),
                expected
            );
        }

        /// A line passed over is the record the general reader's splitter
        /// finds there: as long, on one line, with the header's field
        /// count, its test where the header has it, and no quote in doubt.
        #[test]
        fn a_quoted_line_passed_over_is_one_record_of_another_test(
            fields in proptest::collection::vec(
                proptest::prop_oneof![
                    // Plain text, or text in quotes with every kind of byte.
                    proptest::collection::vec(proptest::sample::select(vec!["a", "5", " "]), 0..3),
                    proptest::collection::vec(
                        proptest::sample::select(vec!["a", ",", "\"\"", "\"", "\n", "\r", " "]),
                        0..5,
                    )
                    .prop_map(|inside| {
                        let mut field = vec!["\""];
                        field.extend(inside);
                        field.push("\"");
                        field
                    }),
                ],
                10..=12,
            ),
        ) {
            let tail: Vec<String> = fields.iter().map(|field| field.concat()).collect();
            let mut bytes = b"1,2,3,4,50931,".to_vec();
            bytes.extend_from_slice(tail.join(",").as_bytes());
            bytes.push(b'\n');
            bytes.extend_from_slice(&[b'x'; 64]);
            if let Line::Ignored(len) = classify_line(&bytes, MIMIC, true) {
                let mut splitter = Splitter::default();
                let (record, found) = splitter.next(&bytes, 0, 0).expect("a record");
                proptest::prop_assert_eq!(record.count(), MIMIC.fields);
                proptest::prop_assert_eq!(record.field(MIMIC.index), &b"50931"[..]);
                proptest::prop_assert_eq!(found.next, (len + 1).min(bytes.len()));
                proptest::prop_assert_eq!(found.next_line, u64::from(len < bytes.len()));
                let raw = &bytes[..found.next];
                proptest::prop_assert!(quote_fault(raw).is_none());
            }
        }
    }

    #[test]
    fn a_row_of_another_test_is_ignored_at_the_end_of_the_input_too() {
        assert_eq!(
            classify_line(b"1,2,3,4,glucose,,,,,,,,,,,", MIMIC, false),
            Line::Ignored(26)
        );
    }
}
