//! Hostile input: arbitrary bytes and mutated valid files never panic the
//! ingest path, and loading never alters the input.

use std::path::{Path, PathBuf};
use std::process::Command;

use proptest::prelude::*;

fn sample(name: &str) -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(name)).expect("fixture")
}

/// Writes bytes to a fresh file and loads it; the outcome may be an error,
/// but never a panic, and every row read is accounted for.
fn load_bytes(bytes: &[u8]) {
    load_named(bytes, "input.csv");
}

/// [`load_bytes`] under a name that picks the reader.
fn load_named(bytes: &[u8], name: &str) {
    let folder = tempfile::tempdir().expect("temp dir");
    let path = folder.path().join(name);
    std::fs::write(&path, bytes).expect("write");
    if let Ok(dataset) = hemotrend::ingest::load(&[path]) {
        let report = dataset.report();
        // Cells rejected alone belong to rows that were read.
        let rows_rejected = report.rows_rejected();
        assert!(report.cells_rejected <= report.rejected.len() as u64);
        assert!(report.ignored + report.without_value + rows_rejected <= report.rows_read);
        assert_eq!(
            report.rows_loaded() + report.ignored + report.without_value + rows_rejected,
            report.rows_read
        );
        if name.ends_with(".csv") {
            for rejection in &report.rejected {
                assert!(rejection.line >= 2, "a data row is never the header line");
            }
        }
    }
}

fn seeds() -> Vec<Vec<u8>> {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let mut seeds: Vec<Vec<u8>> = std::fs::read_dir(data)
        .expect("tests/data")
        .filter_map(Result::ok)
        .filter_map(|entry| std::fs::read(entry.path()).ok())
        .collect();
    seeds.push(sample("sample-data/cbc-wide.csv"));
    seeds.sort();
    seeds
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        load_bytes(&bytes);
    }

    #[test]
    fn arbitrary_bytes_as_hl7_or_ndjson_never_panic(
        bytes in proptest::collection::vec(any::<u8>(), 0..2048),
        prefix in 0usize..4,
    ) {
        // Some inputs start like a message, so that the grammar past MSH is
        // reached too.
        let start: &[u8] = [&b""[..], b"MSH|^~\\&|", b"\x0bMSH|^~\\&|A\rPID|1||P\rOBX|1|SN|777-3^^LN||", b"{\"resourceType\":\"Observation\","][prefix];
        let mut input = start.to_vec();
        input.extend_from_slice(&bytes);
        load_named(&input, "input.hl7");
        load_named(&input, "input.ndjson");
    }

    #[test]
    fn mutated_hl7_messages_never_panic(
        edits in proptest::collection::vec((any::<usize>(), 0u8..12), 1..24),
    ) {
        let mut bytes = b"MSH|^~\\&|L|F|E|F|20240102||ORU^R01|1|P|2.5.1\rPID|1||P-1^^^L^MR~Q^^^L^PI||Ro\\T\\we^Ada||19700201|F\rOBR|1|||57021-8^CBC^LN|||202401020800-0500\rOBX|1|NM|777-3^Plt^LN||20|10*3/uL|150-400||||F\rOBX|2|SN|751-8^ANC^LN||<^0.5|10*3/uL|||||C\rSPM|1||||||||||||||||20240102\r".to_vec();
        for (position, kind) in edits {
            let at = position % bytes.len().max(1);
            let byte = [b'|', b'^', b'~', b'\\', b'&', b'\r', b'\n', 0x0b, 0x1c, b'-', b'.', 0xff][usize::from(kind)];
            bytes.insert(at.min(bytes.len()), byte);
        }
        load_named(&bytes, "input.hl7");
    }

    #[test]
    fn mutated_valid_files_never_panic(
        seed in 0usize..64,
        edits in proptest::collection::vec((any::<usize>(), any::<u8>(), 0u8..4), 1..16),
    ) {
        let seeds = seeds();
        let mut bytes = seeds[seed % seeds.len()].clone();
        for (position, byte, kind) in edits {
            let at = if bytes.is_empty() { 0 } else { position % bytes.len() };
            match kind {
                0 if !bytes.is_empty() => bytes[at] = byte,
                1 => bytes.insert(at, byte),
                2 if !bytes.is_empty() => { bytes.remove(at); }
                _ => bytes.insert(at, [b',', b'"', b'\n', b'\r', b'<'][usize::from(byte) % 5]),
            }
        }
        load_bytes(&bytes);
    }
}

fn fingerprint(path: &Path) -> (Vec<u8>, std::time::SystemTime) {
    let metadata = std::fs::metadata(path).expect("metadata");
    (
        std::fs::read(path).expect("read"),
        metadata.modified().expect("mtime"),
    )
}

#[test]
fn commands_never_modify_their_input() {
    let folder = tempfile::tempdir().expect("temp dir");
    let path: PathBuf = folder.path().join("cbc.csv");
    std::fs::write(&path, sample("tests/data/reject-conflict.csv")).expect("write");
    let before = fingerprint(&path);
    for args in [
        &["check"][..],
        &["summary"],
        &["summary", "--format", "json"],
        &["summary", "--format", "csv"],
    ] {
        let status = Command::new(env!("CARGO_BIN_EXE_hemotrend"))
            .args(args)
            .arg(&path)
            .output()
            .expect("runs")
            .status;
        assert!(status.code().is_some(), "{args:?} exited normally");
    }
    assert_eq!(
        fingerprint(&path),
        before,
        "content and modification time unchanged"
    );
}

#[test]
fn an_exact_duplicate_row_across_files_merges_and_a_conflict_names_the_other_file() {
    let folder = tempfile::tempdir().expect("temp dir");
    let first = folder.path().join("a.csv");
    let second = folder.path().join("b.csv");
    std::fs::write(
        &first,
        "patient_id,collected_at,plt,anc\nP1,2024-01-01,45,0.4\n",
    )
    .unwrap();
    std::fs::write(
        &second,
        "patient_id,collected_at,plt,anc\nP1,2024-01-01,45,0.4\nP1,2024-01-01T00:00:00Z,46,0.4\n",
    )
    .unwrap();
    let dataset = hemotrend::ingest::load(&[first.clone(), second.clone()]).expect("loads");
    let report = dataset.report();
    assert_eq!(dataset.draw_count(), 1);
    assert_eq!(report.duplicates_merged, 1);
    assert_eq!(report.rejected.len(), 1);
    let rejection = &report.rejected[0];
    assert_eq!(rejection.file, second.display().to_string());
    assert_eq!(rejection.line, 3);
    assert_eq!(rejection.column.as_deref(), Some("plt"));
    let expected = format!("line 2 of {}", first.display());
    assert!(rejection.reason.contains(&expected), "{}", rejection.reason);
}

#[test]
fn line_numbers_are_physical_lines_whatever_the_line_endings() {
    let text = "patient_id,collected_at,plt\r\nP1,2024-01-01,45\r\nP1,2024-01-02,4\r5\r\nP1,2024-01-03,x\r\n\r\n";
    let dataset = hemotrend::ingest::load_texts(&[("crlf.csv", text)]).expect("loads");
    let rejected: Vec<_> = dataset
        .report()
        .rejected
        .iter()
        .map(|r| (r.line, r.column.clone().unwrap_or_default()))
        .collect();
    // A lone CR inside a line does not end it; the CR of CRLF never shows in
    // a column name; the trailing blank line is no row.
    assert_eq!(rejected, [(3, "plt".to_string()), (4, "plt".to_string())]);
    assert_eq!(dataset.report().rows_read, 3);
}

/// A byte-order mark left mid-file where two exports were joined, or a
/// zero-width space, would make a second patient shown as `P3` holding some
/// of P3's draws (here the latest, critical one): such a row is refused,
/// its id shown escaped, and P3 keeps only the draws that are P3's.
#[test]
fn a_patient_id_holding_an_invisible_character_is_rejected() {
    let text = "patient_id,collected_at,plt\nP3,2024-01-01,200\n\u{feff}P3,2024-01-02,15\nP\u{200b}3,2024-01-03,12\n\"\u{feff}P3\",2024-01-04,10\n";
    let dataset = hemotrend::ingest::load_texts(&[("ids.csv", text)]).expect("loads");
    let ids: Vec<&str> = dataset.patients().iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["P3"]);
    // Tag characters, variation selectors, separators: invisible too.
    for hidden in ['\u{e0041}', '\u{fe0f}', '\u{180b}', '\u{2028}', '\u{fff9}'] {
        let text =
            format!("patient_id,collected_at,plt\nP3,2024-01-01,200\nP{hidden}3,2024-01-02,15\n");
        let dataset = hemotrend::ingest::load_texts(&[("ids.csv", &text)]).expect("loads");
        assert_eq!(dataset.patients().len(), 1, "{hidden:?}");
        assert_eq!(dataset.report().rejected.len(), 1, "{hidden:?}");
    }
    let rejected = crate::support::lines_columns_and_reasons(&dataset.report().rejected);
    assert_eq!(rejected.len(), 3, "{rejected:?}");
    assert_eq!(
        rejected[0],
        (
            3,
            Some("patient_id"),
            "patient id \"\\u{feff}P3\" holds control or invisible characters: it cannot be told apart on screen"
        )
    );
    assert!(rejected[1].2.contains("\"P\\u{200b}3\""), "{rejected:?}");
    assert_eq!(rejected[2].0, 5);
}

#[test]
fn a_patient_id_holding_control_characters_is_rejected() {
    let text = "patient_id,collected_at,plt\nP1,2024-01-01,45\n\u{0}\u{0}P1,2024-01-02,40\nP\u{1b}[2J,2024-01-03,40\n";
    let dataset = hemotrend::ingest::load_texts(&[("ids.csv", text)]).expect("loads");
    assert_eq!(dataset.patients().len(), 1);
    let rejected: Vec<_> = dataset
        .report()
        .rejected
        .iter()
        .map(|r| (r.line, r.reason.clone()))
        .collect();
    assert_eq!(rejected.len(), 2, "{rejected:?}");
    assert_eq!(rejected[0].0, 3);
    assert!(
        rejected[0].1.contains("control or invisible characters"),
        "{rejected:?}"
    );
    assert!(
        rejected[1].1.contains("\\u{1b}[2J"),
        "shown escaped: {rejected:?}"
    );
}
