//! The splitter against the `csv` crate on arbitrary CSV-ish bytes.

use proptest::prelude::*;

use super::*;

/// What the `csv` crate reads, with each record's physical first line
/// (found from its byte offset, past the empty lines it skipped).
fn csv_crate(bytes: &[u8]) -> Vec<(u64, Vec<Vec<u8>>)> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .terminator(csv::Terminator::Any(b'\n'))
        .from_reader(bytes);
    let mut out = Vec::new();
    let mut record = csv::ByteRecord::new();
    loop {
        let before = reader.position().byte() as usize;
        if !reader.read_byte_record(&mut record).unwrap() {
            break;
        }
        let mut first = before;
        while bytes.get(first) == Some(&b'\n') {
            first += 1;
        }
        let line = 1 + count_newlines(&bytes[..first]);
        out.push((line, record.iter().map(<[u8]>::to_vec).collect()));
    }
    out
}

fn ours(bytes: &[u8]) -> Vec<(u64, Vec<Vec<u8>>)> {
    let mut splitter = Splitter::default();
    let mut out = Vec::new();
    // A byte-order mark at the very start is passed, as the file's reader
    // passes it before the header (`Blocks::header`) and the `csv` crate does.
    let start = if bytes.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let (mut at, mut line) = (start, 1);
    while let Some((record, found)) = splitter.next(bytes, at, line) {
        let fields = (0..record.count())
            .map(|i| record.field(i).to_vec())
            .collect();
        out.push((found.line, fields));
        assert!(found.next > at, "progress");
        (at, line) = (found.next, found.next_line);
    }
    // Only empty lines are left after the last record.
    assert!(bytes[at..].iter().all(|&b| b == b'\n'));
    assert_eq!(line + (bytes.len() - at) as u64, 1 + count_newlines(bytes));
    out
}

fn csvish() -> impl Strategy<Value = Vec<u8>> {
    let byte = prop::sample::select(vec![
        b'a', b'b', b'1', b',', b',', b'"', b'"', b'\n', b'\n', b'\r', b' ', 0xC3, 0xA9, 0xFF,
    ]);
    prop::collection::vec(byte, 0..200)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    #[test]
    fn splits_as_the_csv_crate_does(bytes in csvish()) {
        prop_assert_eq!(ours(&bytes), csv_crate(&bytes));
    }

    #[test]
    fn record_checks_agree_with_byte_records(bytes in csvish()) {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .terminator(csv::Terminator::Any(b'\n'))
            .from_reader(&bytes[..]);
        let mut expected = csv::ByteRecord::new();
        let mut splitter = Splitter::default();
        let (mut at, mut line) = (0, 1);
        while let Some((record, found)) = splitter.next(&bytes, at, line) {
            prop_assert!(reader.read_byte_record(&mut expected).unwrap());
            prop_assert_eq!(record.utf8_error_field(), expected.utf8_error_field());
            prop_assert_eq!(record.first_too_long(), expected.first_too_long());
            // Every field white space (ByteRecord's slice holds the fields
            // alone, without their commas).
            let blank = expected.as_slice().iter().all(u8::is_ascii_whitespace);
            prop_assert_eq!(record.is_blank(), blank);
            (at, line) = (found.next, found.next_line);
        }
    }
}

/// A byte-order mark that starts a record after the first (two exports
/// joined) stays in its field, and a quote after it is no opening quote,
/// as the `csv` crate reads it; csv-core alone passed it and opened a
/// quoted field that ran to the end of the file. At the very start it is
/// passed.
#[test]
fn a_byte_order_mark_mid_file_is_split_as_the_csv_crate_splits_it() {
    for bytes in [
        &b"\xEF\xBB\xBF\"a\",b\nc\n"[..],
        &b"\xEF\xBB\xBFa,b\n\xEF\xBB\xBF\"c\n"[..],
        &b"\n\n\xEF\xBB\xBF\"DATE,PATIENT,CODE\r\n\r\n"[..],
        &b"a,b\n\xEF\xBB\xBF\"x\",y\nc,d\n"[..],
    ] {
        assert_eq!(ours(bytes), csv_crate(bytes), "{bytes:?}");
    }
}

#[test]
fn quoted_fields_keep_commas_newlines_and_quotes() {
    let bytes = b"a,\"b,c\"\n\n\"x\ny\",\"q\"\"q\"z\nlast,";
    let records = ours(bytes);
    assert_eq!(records.len(), 3);
    assert_eq!(records[0], (1, vec![b"a".to_vec(), b"b,c".to_vec()]));
    assert_eq!(records[1], (3, vec![b"x\ny".to_vec(), b"q\"qz".to_vec()]));
    assert_eq!(records[2], (5, vec![b"last".to_vec(), Vec::new()]));
}

#[test]
fn utf8_split_between_fields_is_text_together() {
    let bytes = b"\xC3,\xA9\n";
    let mut splitter = Splitter::default();
    let (record, _) = splitter.next(bytes, 0, 1).unwrap();
    assert_eq!(record.utf8_error_field(), None);
    let bytes = b"ok,\xFF\n";
    let (record, _) = splitter.next(bytes, 0, 1).unwrap();
    assert_eq!(record.utf8_error_field(), Some(1));
}

#[test]
fn long_fields_are_found() {
    let long = vec![b'x'; MAX_FIELD_BYTES + 1];
    let mut bytes = b"a,".to_vec();
    bytes.extend_from_slice(&long);
    let mut splitter = Splitter::default();
    let (record, _) = splitter.next(&bytes, 0, 1).unwrap();
    assert_eq!(record.first_too_long(), Some(1));
}

/// Every field too long to read is found, split in place (plain or
/// quoted) or decoded by csv-core, as in a `csv::ByteRecord`; it gives no
/// text, and the fields beside it do.
#[test]
fn each_field_too_long_gives_no_text() {
    let long = "x".repeat(MAX_FIELD_BYTES + 1);
    let exactly = "y".repeat(MAX_FIELD_BYTES);
    let lines = [
        format!("a,{long},{exactly},{long}"),
        format!("a,\"{long}\",{exactly},\"{long}\""),
        format!("a,\"{long}\"\"\",{exactly},{long}"),
    ];
    for line in lines {
        let mut splitter = Splitter::default();
        let (record, _) = splitter.next(line.as_bytes(), 0, 1).unwrap();
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(line.as_bytes());
        let mut expected = csv::ByteRecord::new();
        assert!(reader.read_byte_record(&mut expected).unwrap());
        let too_long: Vec<bool> = (0..4).map(|index| record.too_long(index)).collect();
        assert_eq!(too_long, [false, true, false, true], "{}", &line[..10]);
        let theirs: Vec<bool> = (0..4).map(|index| expected.too_long(index)).collect();
        assert_eq!(too_long, theirs);
        assert_eq!(record.text(0), Some("a"));
        assert_eq!(record.text(1), None);
        assert_eq!(record.text(2), Some(exactly.as_str()));
        assert!(!record.too_long(4), "no field there");
    }
}

/// Lines whose quotes only enclose whole fields are split in place; every
/// other use of a quote goes to csv-core. Either way the fields are the
/// `csv` crate's.
#[test]
fn quotes_around_whole_fields_are_split_in_place() {
    let cases: [(&[u8], bool); 14] = [
        (b"P1,\"Jones, Ann\",F,8.1", true),
        (b"\"a\",\"b,c\",\"\"", true),
        (b"\"a\",", true),
        (b",\"\"", true),
        (b"\"only\"", true),
        (b"x,\"a,b\"\n", true),
        (b"\"a\"\"b\",c", false),
        (b"\"ab\"cd,e", false),
        (b"ab\"cd\",e", false),
        (b"a,b\"", false),
        (b"\"a\nb\",c", false),
        (b"\"open,c", false),
        (b"\"a\"\r\n", false),
        (b"\"a\" ,b", false),
    ];
    for (bytes, in_place) in cases {
        let mut splitter = Splitter::default();
        splitter.prepare(bytes);
        let (record, _) = splitter.next(bytes, 0, 1).unwrap();
        assert_eq!(record.raw, in_place, "{}", bytes.escape_ascii());
        assert_eq!(ours(bytes), csv_crate(bytes), "{}", bytes.escape_ascii());
    }
    // The 65th field quoted is past what a record marks: csv-core reads it.
    let mut many = ",".repeat(64).into_bytes();
    many.extend_from_slice(b"\"x\"");
    assert_eq!(ours(&many), csv_crate(&many));
    let mut splitter = Splitter::default();
    let (record, _) = splitter.next(&many, 0, 1).unwrap();
    assert!(!record.raw);
}

#[test]
fn quotes_that_delimit_their_fields_are_no_fault() {
    for raw in [
        &b"P1,\"Jones, Ann\",5\n"[..],
        b"P1,\"say \"\"hi\"\"\",5\r\n",
        b"P1,\"two\nlines\",5\n",
        b"P1,Ann \"Bo\" Smith,5\n",
        b"P1,\"Ann\"",
        b"P1,\"Ann\"\r",
    ] {
        assert_eq!(quote_fault(raw), None, "{:?}", String::from_utf8_lossy(raw));
    }
}

#[test]
fn a_stray_quote_is_found_with_the_lines_it_ran_over() {
    let fault = |field, kind, line_breaks| {
        Some(QuoteFault {
            field,
            kind,
            line_breaks,
        })
    };
    use QuoteFaultKind::{NeverClosed, TextAfterClose};
    assert_eq!(
        quote_fault(b"P1,2024-01-01,\"5\"0\n"),
        fault(2, TextAfterClose, 0)
    );
    // The opening quote of `"Ann` closes at `"Bob`, three lines on.
    assert_eq!(
        quote_fault(b"P1,\"Ann,100\nP1,Ann,90\nP1,Ann,80\nP2,\"Bob\",70\n"),
        fault(1, TextAfterClose, 3)
    );
    assert_eq!(
        quote_fault(b"P1,\"Ann,100\nP1,Ann,90\n"),
        fault(1, NeverClosed, 1)
    );
    assert_eq!(quote_fault(b"P1,x,\"5"), fault(2, NeverClosed, 0));
}

/// The splitter hands out the fault of a record csv-core decodes, and the
/// record it hands out is the one the `csv` crate reads.
#[test]
fn the_splitter_names_the_fault_of_a_decoded_record() {
    let bytes = b"P1,\"Ann,100\nP1,Ann,90\nP2,\"Bob\",70\nP3,x,1\n";
    let mut splitter = Splitter::default();
    splitter.prepare(bytes);
    let (record, found) = splitter.next(bytes, 0, 0).expect("a record");
    assert_eq!(
        record.quote_fault().map(|f| (f.field, f.line_breaks)),
        Some((1, 2))
    );
    assert_eq!(found.next_line, 3);
    let (record, _) = splitter
        .next(bytes, found.next, found.next_line)
        .expect("a record");
    assert_eq!(record.quote_fault(), None);
    assert_eq!(record.field(0), b"P3");
}
