//! Where bytes read so far can be cut between records, so that chunks of a
//! file can be split into records independently (and in parallel).
//!
//! A cut must not fall inside a quoted field, whose LFs belong to the field.
//! A `"` opens a quoted field only at the start of a field (after a comma,
//! an LF or at the start of a record); inside, `""` is a quote and a lone
//! `"` closes it. Only quotes are looked at one by one; the last LF outside
//! them is found with backwards searches from the end, so a file without
//! quotes is cut at memchr speed.

use memchr::{memchr, memrchr};

/// The position just after the last LF in `bytes` that ends a record (or an
/// empty line), for `bytes` starting at the start of a record; `None` when
/// there is none, or when the last record's end cannot be known without
/// more bytes.
pub fn last_record_end(bytes: &[u8]) -> Option<usize> {
    // The stretches outside quotes, searched for their last LF only at the
    // end, from the last back: a chunk of rows with quoted names needs one
    // or two searches rather than one per quoted field.
    let mut outside: Vec<(usize, usize)> = Vec::new();
    let last_lf = |outside: &[(usize, usize)]| {
        outside
            .iter()
            .rev()
            .find_map(|&(from, to)| memrchr(b'\n', &bytes[from..to]).map(|lf| from + lf + 1))
    };
    // Start of the stretch outside quotes not closed yet.
    let mut unquoted_from = 0;
    let mut at = 0;
    while let Some(offset) = memchr(b'"', &bytes[at..]) {
        let quote = at + offset;
        at = quote + 1;
        // At the start of the buffer (a record's start) or after a comma or LF.
        let opens = matches!(
            quote.checked_sub(1).map(|p| bytes[p]),
            None | Some(b',' | b'\n')
        );
        if !opens {
            // An ordinary byte inside an unquoted field.
            continue;
        }
        outside.push((unquoted_from, quote));
        // Find the closing quote: a `"` not followed by another.
        loop {
            let Some(offset) = memchr(b'"', &bytes[at..]) else {
                // The input so far ends inside the quotes.
                return last_lf(&outside);
            };
            let candidate = at + offset;
            match bytes.get(candidate + 1) {
                Some(b'"') => at = candidate + 2,
                Some(_) => {
                    at = candidate + 1;
                    break;
                }
                // Closing or doubled: the next byte decides.
                None => return last_lf(&outside),
            }
        }
        unquoted_from = at;
    }
    outside.push((unquoted_from, bytes.len()));
    last_lf(&outside)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// Every record end, by csv-core's states walked byte by byte.
    fn ends_byte_by_byte(bytes: &[u8]) -> Vec<usize> {
        #[derive(Clone, Copy, PartialEq)]
        enum State {
            FieldStart,
            Field,
            Quoted,
            AfterQuote,
        }
        let mut state = State::FieldStart;
        let mut ends = Vec::new();
        for (position, &byte) in bytes.iter().enumerate() {
            state = match (state, byte) {
                (State::FieldStart, b'"') | (State::AfterQuote, b'"') => State::Quoted,
                (State::Quoted, b'"') => State::AfterQuote,
                (State::Quoted, _) => State::Quoted,
                (_, b',') => State::FieldStart,
                (_, b'\n') => {
                    ends.push(position + 1);
                    State::FieldStart
                }
                _ => State::Field,
            };
        }
        ends
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        #[test]
        fn cuts_at_the_last_record_end_known(
            bytes in prop::collection::vec(
                prop::sample::select(vec![b'a', b',', b'"', b'"', b'\n', b'\r']),
                0..120,
            ),
            cut in 0usize..120,
        ) {
            let cut = cut.min(bytes.len());
            let ends = ends_byte_by_byte(&bytes);
            let expected = ends.iter().copied().filter(|&end| end <= cut).max();
            let found = last_record_end(&bytes[..cut]);
            // Near a quote at the very end the answer may stop short, but
            // never past a true end and never at a false one.
            if let Some(found) = found {
                prop_assert!(ends.contains(&found), "{found} is no record end");
            }
            prop_assert!(found <= expected);
            if !bytes[..cut].ends_with(b"\"") {
                prop_assert_eq!(found, expected);
            }
        }
    }

    #[test]
    fn quoted_newlines_are_not_ends() {
        assert_eq!(last_record_end(b"a,b\nc,\"d\ne\"\nf"), Some(12));
        assert_eq!(last_record_end(b"a,b\nc,\"d\ne"), Some(4));
        assert_eq!(last_record_end(b"x\"y\nz"), Some(4));
        assert_eq!(last_record_end(b"no newline"), None);
    }
}
