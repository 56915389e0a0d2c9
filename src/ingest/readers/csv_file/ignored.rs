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
    let (commas, quoted) = commas_and_quotes(body);
    (commas + 1 == column.fields && !(quotes && quoted)).then_some(line_end)
}

/// How many commas, and whether there is a quote, eight bytes at a time:
/// each word's matches are added byte by byte (a byte holds up to 255),
/// and summed across bytes once per 255 words.
fn commas_and_quotes(bytes: &[u8]) -> (usize, bool) {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // The high bit of each byte of `word` that equals `byte`, and no other:
    // a byte of `x` is zero exactly there, and the low seven bits are added
    // apart from the high one, so no borrow crosses a byte.
    let matches = |word: u64, byte: u8| {
        let x = word ^ (ONES * u64::from(byte));
        !(((x & !HIGH) + !HIGH) | x) & HIGH
    };
    let (mut commas, mut quotes) = (0, 0);
    for run in bytes.chunks(255 * 8) {
        let mut words = run.chunks_exact(8);
        let mut lanes = 0u64;
        for word in &mut words {
            let mut eight = [0u8; 8];
            eight.copy_from_slice(word);
            let word = u64::from_le_bytes(eight);
            lanes += matches(word, b',') >> 7;
            quotes |= matches(word, b'"');
        }
        // The last bytes, padded with NULs, which match neither.
        let mut eight = [0u8; 8];
        eight[..words.remainder().len()].copy_from_slice(words.remainder());
        let word = u64::from_le_bytes(eight);
        lanes += matches(word, b',') >> 7;
        quotes |= matches(word, b'"');
        // Bytes added in pairs, then the four sums (each under 2^16) in one
        // product's top 16 bits.
        const PAIRS: u64 = 0x00FF_00FF_00FF_00FF;
        let pairs = (lanes & PAIRS) + ((lanes >> 8) & PAIRS);
        commas += (pairs.wrapping_mul(0x0001_0001_0001_0001) >> 48) as usize;
    }
    (commas, quotes != 0)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

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

    proptest! {
        // Runs of commas up to past 255 words, where the sums across bytes
        // are taken, so that every byte's sum is full.
        #[test]
        fn commas_and_quotes_are_found_as_one_by_one(
            bytes in proptest::collection::vec(
                prop_oneof![Just(b','), Just(b'"'), any::<u8>()], 0..80),
            commas in 0usize..2200,
        ) {
            let bytes = [vec![b','; commas], bytes].concat();
            let commas = bytes.iter().filter(|&&b| b == b',').count();
            let quote = bytes.contains(&b'"');
            prop_assert_eq!(commas_and_quotes(&bytes), (commas, quote));
        }
    }
}
