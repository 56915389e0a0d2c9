//! Files that are not what hemotrend reads get a message that says which
//! and what to do: UTF-16, Latin-1, title lines above the header, `;` with
//! decimal commas, tabs. Each names the file.

use crate::support::bin::hemotrend;
use rstest::rstest;

#[rstest]
#[case::utf16_bom(b"\xFF\xFEp\0a\0t\0i\0e\0n\0t\0_\0i\0d\0\n\0".to_vec(), "UTF-16")]
#[case::utf16_without_bom(b"p\0l\0t\0,\0d\0a\0t\0e\0\n\0".to_vec(), "UTF-16")]
#[case::latin1(b"patient_id,collected_at,h\xE9moglobine\nP1,2024-01-01,9\n".to_vec(), "Latin-1")]
#[case::title_line(
    b"Blood counts export\npatient_id,collected_at,plt\nP1,2024-01-01,45\n".to_vec(),
    "title lines"
)]
#[case::semicolons(
    b"patient_id;collected_at;hgb\nP1;2024-01-01;12,5\n".to_vec(),
    "decimal separator (12.5, not 12,5)"
)]
#[case::tabs(b"patient_id\tcollected_at\tplt\nP1\t2024-01-01\t45\n".to_vec(), "tabs")]
#[case::utf32_bom(b"\xFF\xFE\0\0p\0\0\0l\0\0\0t\0\0\0".to_vec(), "UTF-32")]
#[case::lone_cr(
    b"patient_id,collected_at,plt\rP1,2024-01-01,45\rP1,2024-01-02,40\r".to_vec(),
    "CR alone"
)]
fn says_which_and_what_to_do(#[case] bytes: Vec<u8>, #[case] says: &str) {
    let stderr = refused(&bytes, "check");
    assert!(stderr.contains(says), "{stderr}");
    assert!(stderr.contains("export.csv"), "{stderr}");
    if says == "UTF-16" || says == "Latin-1" {
        assert!(stderr.contains("save it as UTF-8"), "{stderr}");
    }
}

/// A header the load cannot use is said at its line, past any empty lines
/// before it, with the column at fault where there is one.
#[rstest]
#[case::unknown_unit(
    b"\n\npatient_id,collected_at,plt (furlongs)\nP1,2024-01-01,45\n".to_vec(),
    "export.csv: line 3: column \"plt (furlongs)\": unknown unit \"furlongs\""
)]
#[case::unit_needed(
    b"\xEF\xBB\xBFpatient_id,collected_at,neutrophils\nP1,2024-01-01,5\n".to_vec(),
    "export.csv: line 1: column \"neutrophils\" needs a unit"
)]
#[case::latin1(
    b"\npatient_id,collected_at,h\xE9moglobine\nP1,2024-01-01,9\n".to_vec(),
    "export.csv: line 2: header column 3 is not valid UTF-8 text"
)]
#[case::title_line(
    b"Blood counts export\npatient_id,collected_at,plt\nP1,2024-01-01,45\n".to_vec(),
    "export.csv: line 1: no patient column"
)]
#[case::events_without_time(
    b"patient_id,event\nP1,ist\n".to_vec(),
    "export.csv: line 1: an events file (it has an `event` column) needs a patient column"
)]
fn a_header_problem_names_the_headers_line(#[case] bytes: Vec<u8>, #[case] says: &str) {
    for command in ["check", "summary"] {
        let stderr = refused(&bytes, command);
        assert!(stderr.contains(says), "{stderr}");
    }
}

/// The standard error of `command` on a file `export.csv` holding `bytes`,
/// which must refuse it as unusable (exit status 2).
fn refused(bytes: &[u8], command: &str) -> String {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("export.csv");
    std::fs::write(&path, bytes).unwrap();
    let output = hemotrend(&[command, &path.display().to_string()]);
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A file of semicolons whose header holds a comma within a name (`Hb,
/// g/dL`) is split in two by it: told it is semicolons, with what to save
/// instead, never that a title line stands above the header.
#[test]
fn semicolons_with_a_comma_in_a_name_get_the_semicolon_advice() {
    let text = "patient_id;collected_at;Hb, g/dL;plt\nP1;2024-03-04T08:00;9,5;150\n";
    let error = hemotrend::ingest::load_texts(&[("semi.csv", text)]).unwrap_err();
    assert_eq!(error.files.len(), 1, "{error}");
    assert_eq!(
        error.files[0].reason,
        "line 1: no patient column; expected a header with a patient column (patient_id, \
         patient, mrn, subject_id), a time column (collected_at, date, datetime, \
         collection_time, charttime), and either analyte columns such as plt, hgb, wbc (wide) \
         or test and value columns (long); the header holds 3 semicolons and 1 comma, as a \
         file of semicolons with a comma within a name does: hemotrend reads comma-separated \
         files. Save it as CSV with commas between fields and a point as the decimal separator \
         (12.5, not 12,5)"
    );
}
