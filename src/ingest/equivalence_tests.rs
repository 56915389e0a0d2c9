//! The chunked, parallel reader and the row log against the reference (the
//! `csv` crate record by record, each row merged at once): for arbitrary
//! CSV-ish files, the same dataset and the same report, every rejection
//! with its line, column and reason.
//!
//! Unit tests cut files into chunks of a few bytes and stream every record
//! over 300 bytes (see `csv_file`), so each case crosses many chunk and
//! record boundaries on every thread.

use proptest::prelude::*;

use crate::model::{Analyte, Dataset};

use super::{load_bytes, oracle};

/// Everything a dataset says, as text: patients, draws, values, lab
/// ranges, and the report.
fn dump(dataset: &Dataset) -> String {
    let mut out = String::new();
    for patient in dataset.patients() {
        out.push_str(&format!(
            "patient {:?} {:?} {:?} {:?}\n",
            patient.id, patient.name, patient.sex, patient.birth_date
        ));
        let draws = dataset.draws(patient);
        for (index, draw) in draws.iter().enumerate() {
            out.push_str(&format!("  {:?} {:?}", draw.time, draw.values));
            for analyte in Analyte::ALL {
                if let Some(range) = draws.lab_range(index, analyte) {
                    out.push_str(&format!(" {analyte}:{range:?}"));
                }
            }
            out.push('\n');
        }
    }
    out.push_str(&format!("{:#?}\n", dataset.report()));
    out
}

fn outcome(result: Result<Dataset, super::LoadError>) -> String {
    match result {
        Ok(dataset) => dump(&dataset),
        Err(error) => format!("error: {error}"),
    }
}

/// Loads `files` both ways and compares.
fn same(files: &[(&str, &[u8])]) -> Result<(), TestCaseError> {
    let ours = outcome(load_bytes(files));
    let theirs = outcome(oracle::load_bytes(files));
    prop_assert_eq!(ours, theirs);
    Ok(())
}

/// Headers of every shape, each column with the kind of cell it gets.
const HEADERS: [&[(&str, Kind)]; 6] = [
    &[
        ("patient_id", Kind::Patient),
        ("name", Kind::Name),
        ("sex", Kind::Sex),
        ("dob", Kind::Birth),
        ("collected_at", Kind::Time),
        ("wbc", Kind::Value),
        ("rbc", Kind::Value),
        ("hgb", Kind::Value),
        ("plt", Kind::Value),
        ("anc", Kind::Value),
        ("neutrophils (%)", Kind::Value),
        ("retic (%)", Kind::Value),
    ],
    &[
        ("mrn", Kind::Patient),
        ("collected_at", Kind::Time),
        ("plt", Kind::Value),
        ("hct", Kind::Value),
        ("hgb [g/L]", Kind::Value),
        ("wbc (/uL)", Kind::Value),
        ("specimen", Kind::Specimen),
    ],
    &[
        ("Patient", Kind::Patient),
        ("Date", Kind::Time),
        ("PLT", Kind::Value),
        ("ANC", Kind::Value),
        ("Name", Kind::Name),
        ("notes", Kind::Other),
    ],
    &[
        ("subject_id", Kind::Patient),
        ("charttime", Kind::Time),
        ("itemid", Kind::Test),
        ("value", Kind::Value),
        ("valuenum", Kind::Number),
        ("valueuom", Kind::Unit),
        ("ref_range_lower", Kind::Lower),
        ("ref_range_upper", Kind::Upper),
        ("specimen_id", Kind::Specimen),
    ],
    &[
        ("DATE", Kind::Time),
        ("PATIENT", Kind::Patient),
        ("ENCOUNTER", Kind::Specimen),
        ("CODE", Kind::Test),
        ("VALUE", Kind::Value),
        ("UNITS", Kind::Unit),
    ],
    &[
        ("patient", Kind::Patient),
        ("collected_at", Kind::Time),
        ("test", Kind::Test),
        ("value", Kind::Value),
        ("unit", Kind::Unit),
        ("name", Kind::Name),
        ("sex", Kind::Sex),
    ],
];

/// What a column holds, to draw cells that load (and repeat) often.
#[derive(Clone, Copy, Debug)]
enum Kind {
    Patient,
    Name,
    Sex,
    Birth,
    Time,
    Value,
    Number,
    Test,
    Unit,
    Specimen,
    Lower,
    Upper,
    Other,
}

fn pick(choices: &'static [&'static str]) -> BoxedStrategy<String> {
    prop::sample::select(choices)
        .prop_map(str::to_string)
        .boxed()
}

fn sensible(kind: Kind) -> BoxedStrategy<String> {
    match kind {
        // Quoted cells as exports write them (a name with a comma, an id
        // or a value quoted): split in place, as plain cells are.
        Kind::Patient => pick(&["P1", "P2", "P3", " P1", "\"P2\""]),
        Kind::Name => pick(&["Ann", "Bo", "", "Ann ", "\"Jones, Ann\"", "\"Bo\"", "\"\""]),
        Kind::Sex => pick(&["M", "F", "", "x"]),
        Kind::Birth => pick(&["1990-05-05", "1990-05-05T00:00", "1991-01-01", ""]),
        Kind::Time => pick(&[
            "2024-01-01",
            "2024-01-01T00:00",
            "2024-01-01T08:00",
            "2024-01-01T08:00:00Z",
            "2024-01-01T09:00+01:00",
            "2024-01-03",
        ]),
        Kind::Value => pick(&[
            "150", "20", "4.5", "0.50", "45", "<10", ">100", "NA", "", "13.5", "8", "60", "1.2",
            // Agree with 150, 4.5 and 1.2 at the coarser precision, or not.
            "150.4", "4.49", "1.24", "1.25", "<10.3", "\"150\"", "\"4.5\"",
        ]),
        Kind::Number => pick(&["", "", "", "150", "4.5"]),
        Kind::Test => pick(&[
            "6690-2",
            "777-3",
            "751-8",
            "770-8",
            "789-8",
            "17849-1",
            "glucose",
            "plt",
            "anc",
            "neutrophils",
            "51265",
            "51256",
            "51301",
            "51222",
            "",
        ]),
        Kind::Unit => pick(&[
            "10*3/uL", "10^9/L", "%", "g/dL", "", "K/uL", "10*6/uL", "mg/dL",
        ]),
        Kind::Specimen => pick(&["E1", "E2", ""]),
        Kind::Lower => pick(&["140", "140", "", "4", "x"]),
        Kind::Upper => pick(&["400", "400", "", "11", "3"]),
        Kind::Other => pick(&["", "note", "a,b"]),
    }
}

fn chaos() -> impl Strategy<Value = String> {
    let plain = prop::sample::select(vec![
        "P1",
        "x",
        "2024-01-01",
        "2023-02-29",
        "150",
        "101",
        "<0.5",
        "-",
        "",
        " 7 ",
        "1e3",
        "-3",
        "abc",
        "6690-2",
        "%",
        "20000",
    ])
    .prop_map(str::to_string);
    (plain, 0u8..7).prop_map(|(text, how)| match how {
        0 => text,
        1 => format!("\"{text}\""),
        2 => format!("\"{text},\n{text}\""),
        3 => format!("\"{text}\"\"x\""),
        4 => format!("{text}\r"),
        5 => format!("{text}\u{FFFD}"),
        _ => format!("\"{text}\"z"),
    })
}

/// One row's cells for a header: mostly sensible, sometimes not.
fn row(columns: &'static [(&'static str, Kind)]) -> impl Strategy<Value = Vec<String>> {
    columns
        .iter()
        .map(|&(_, kind)| prop_oneof![8 => sensible(kind), 1 => chaos().boxed()].boxed())
        .collect::<Vec<_>>()
}

/// A file: a header, then rows (repeated at times, ragged at times), with
/// the line ends, blank lines and stray bytes real exports have.
fn file() -> impl Strategy<Value = Vec<u8>> {
    (0..HEADERS.len())
        .prop_flat_map(|header| {
            let columns = HEADERS[header];
            (
                Just(header),
                prop::collection::vec((row(columns), 0u8..10), 0..16),
                any::<bool>(),
                any::<bool>(),
                prop::collection::vec(
                    (
                        any::<usize>(),
                        prop::sample::select(vec![
                            &b"\n"[..],
                            b"\r\n",
                            b"\r",
                            b"\"",
                            b",",
                            b"\xFF",
                            b"\n\n",
                            b"  ",
                        ]),
                    ),
                    0..3,
                ),
            )
        })
        .prop_map(|(header, rows, crlf, bom, edits)| {
            let end = if crlf { "\r\n" } else { "\n" };
            let names: Vec<&str> = HEADERS[header].iter().map(|(name, _)| *name).collect();
            let mut text = String::new();
            if bom {
                text.push('\u{FEFF}');
            }
            text.push_str(&names.join(","));
            text.push_str(end);
            let mut written: Vec<String> = Vec::new();
            for (cells, how) in rows {
                let line = match how {
                    // An earlier row again: a duplicate to merge.
                    0 | 1 if !written.is_empty() => {
                        written[usize::from(how) % written.len()].clone()
                    }
                    2 => cells[..cells.len() / 2].join(","),
                    3 => format!("{},extra", cells.join(",")),
                    4 => String::new(),
                    _ => cells.join(","),
                };
                text.push_str(&line);
                text.push_str(end);
                written.push(line);
            }
            let mut bytes = text.into_bytes();
            for (at, insert) in edits {
                let at = at % (bytes.len() + 1);
                bytes.splice(at..at, insert.iter().copied());
            }
            bytes
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    #[test]
    fn one_file_loads_as_the_reference_loads_it(bytes in file()) {
        prop_assume!(!bytes.trim_ascii_start().starts_with(b"{"));
        same(&[("a.csv", &bytes)])?;
    }

    #[test]
    fn several_files_merge_as_the_reference_merges_them(
        first in file(),
        second in file(),
        third in file(),
    ) {
        for bytes in [&first, &second, &third] {
            prop_assume!(!bytes.trim_ascii_start().starts_with(b"{"));
        }
        same(&[("a.csv", &first), ("b.csv", &second), ("c.csv", &third)])?;
    }

    #[test]
    fn arbitrary_bytes_load_as_the_reference_loads_them(
        bytes in prop::collection::vec(any::<u8>(), 0..600),
    ) {
        prop_assume!(!bytes.trim_ascii_start().starts_with(b"{"));
        same(&[("a.csv", &bytes)])?;
    }
}

#[test]
fn the_repository_fixtures_load_as_the_reference_loads_them() {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let mut names: Vec<_> = std::fs::read_dir(folder)
        .unwrap()
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == "csv"))
        .collect();
    names.push(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/cbc-wide.csv"));
    names.sort();
    for path in names {
        let bytes = std::fs::read(&path).unwrap();
        let name = path.display().to_string();
        let ours = outcome(load_bytes(&[(&name, &bytes)]));
        let theirs = outcome(oracle::load_bytes(&[(&name, &bytes)]));
        assert_eq!(ours, theirs, "{name}");
    }
}

/// Wide rows with quoted names (the bench's quoted file), and every way a
/// quote can stop a row from being split in place: each loads as the
/// reference loads it.
#[test]
fn wide_rows_with_quoted_names_load_as_the_reference_loads_them() {
    let header = "patient_id,name,sex,birth_date,collected_at,wbc,hgb,plt,anc\n";
    let rows = [
        "P1,\"Jones1, Charles 0000001\",F,1950-01-10,2024-01-01T06:00,8.75,10.7,331,5.05",
        "P1,\"Jones1, Charles 0000001\",F,1950-01-10,2024-02-01T06:00,2.1,9.0,18,0.4",
        "\"P2\",\"Jo\"\"nes2, C\",M,1960-02-02,2024-01-03T06:00,\"4.1\",12.0,150,",
        "P2,\"Jones2, C\"x,M,1960-02-02,2024-01-04T06:00,4.1,12.0,150,2",
        "P3,\" Jones3 \",M,,2024-01-05T06:00,\"<1\",7.9,\"NA\",0.1",
        "P3,\"Jones3\nmore\",M,,2024-01-06T06:00,1,7.9,20,0.1",
        "P4,\"\",F,1990-01-01,2024-01-07T06:00,\" 5\",,,",
        "P4,\"Jones4, D\",F,1990-01-01,\"2024-01-08T06:00\",5,11,200,3,\"extra\"",
        "P5,\"Jones5, E\",F,1990-01-01,2024-01-09T06:00,,,,",
        "P5,\"Jones5, E\",F,1990-01-01,2024-01-10T06:00,5,11,200,3\r",
        "P6,\"Jones6, F\",\"F\",\"1990-01-01\",2024-01-10T06:00,\"5.0\",\"11\",\"200\",\"3\"",
    ];
    let file = format!("{header}{}\n", rows.join("\n"));
    same(&[("quoted.csv", file.as_bytes())]).unwrap();
}

/// MIMIC-IV rows with a comment in quotes: a row of another test is passed
/// over without being split when its quotes are plain, and read by the
/// general reader otherwise; each loads as the reference loads it (the
/// rows counted, the lines of the rows after them, the CBC rows' values).
#[test]
fn mimic_rows_with_quoted_comments_load_as_the_reference_loads_them() {
    let header = "labevent_id,subject_id,hadm_id,specimen_id,itemid,order_provider_id,charttime,\
        storetime,value,valuenum,valueuom,ref_range_lower,ref_range_upper,flag,priority,comments\n";
    let other = "10014354,29600294,43195817,50931,,2148-08-16 00:00:00,2148-08-16 01:47:00,___,193,\
        mg/dL,70,100,abnormal,ROUTINE";
    let plt = "10014354,29600294,1808066,51265,,2148-08-16 00:00:00,2148-08-16 01:30:00";
    let comments = [
        "\"If fasting, 70-100 normal, >125 provisional diabetes.\"",
        "\"a \"\"quoted\"\" word, and more\"",
        "\"\"",
        "\"two\nlines\"",
        "\"closed\"then text",
        "un\"quoted\"",
        "un\"quoted, in two\"",
        "\"a, b\",extra",
        "\"a, b\"",
        "\"revis\u{e1}do\"",
        "\"ends\"\r",
    ];
    let mut file = String::from(header).into_bytes();
    for (at, comment) in comments.iter().enumerate() {
        let rows = format!(
            "{at},{other},{comment}\n\
             {at}0,{plt},{},{},K/uL,150,400,,ROUTINE,{comment}\n\
             {at}1,{plt},___,,K/uL,150,400,,ROUTINE,{comment}\n",
            100 + at,
            100 + at
        );
        file.extend_from_slice(rows.as_bytes());
    }
    // A comment not UTF-8 (Latin-1), then one whose quote is never closed:
    // the rest of the file is its field.
    for comment in [&b"\"revis\xe1do\""[..], b"\"never closed"] {
        for row in [
            format!("98,{other},"),
            format!("99,{plt},120,120,K/uL,150,400,,,"),
        ] {
            file.extend_from_slice(row.as_bytes());
            file.extend_from_slice(comment);
            file.push(b'\n');
        }
    }
    same(&[("labevents.csv", &file)]).unwrap();
}

/// A load of more than 65,536 entries, where the end of the load builds the
/// patients on a thread of its own beside the gather and checks
/// plausibility in halves: duplicates, conflicting values and names (whose
/// patients are replayed), values without a code, implausible draws.
#[test]
fn a_load_big_enough_for_two_threads_loads_as_the_reference_loads_it() {
    let mut file =
        String::from("patient_id,name,sex,birth_date,collected_at,wbc,hgb,hct,plt,anc,alc\n");
    for row in 0..70_000u32 {
        let patient = row % 7_001;
        let visit = row / 7_001;
        let name = if row.is_multiple_of(997) {
            "Other, Name"
        } else {
            "Jones, Ann"
        };
        let wbc = 1 + row % 9;
        let anc = match row % 13 {
            0 => format!("{}.5", wbc),
            1 => "<0.1".to_string(),
            2 => "0.12345".to_string(),
            _ => format!("0.{}", row % 10),
        };
        let time = format!(
            "2024-{:02}-{:02}T0{}:00",
            1 + visit % 12,
            1 + patient % 28,
            row % 10
        );
        let line = format!(
            "P{patient:05},\"{name}\",{},19{:02}-02-28,{time},{wbc},{}.{},{},{},{anc},0.{}\n",
            if patient.is_multiple_of(2) { "F" } else { "M" },
            patient % 100,
            8 + row % 8,
            row % 10,
            20 + row % 30,
            5 + row % 400,
            row % 7
        );
        file.push_str(&line);
        // Now and then the same draw again: once as it was, once with
        // another platelet count.
        if row.is_multiple_of(1_009) {
            file.push_str(&line);
        }
        if row.is_multiple_of(1_013) {
            file.push_str(&line.replace(&format!(",{anc},"), &format!(",{anc}1,")));
        }
    }
    same(&[("big.csv", file.as_bytes())]).unwrap();
}

/// A draw's rows with rows of other tests between them (MIMIC-IV's layout),
/// gaps short, at the longest kept in a run's own bits and past it (a white
/// cell differential's rows, or thousands of lines of them), duplicates
/// and conflicts after a gap: every line named as the reference names it.
#[test]
fn rows_of_one_draw_between_other_tests_load_as_the_reference_loads_them() {
    let row = |id: u32, item: &str, value: &str| {
        format!("{id},10001,2100,{item},2150-01-01 08:00:00,{value},{value},K/uL\n")
    };
    for gap in [0, 1, 2, 29, 30, 31, 32, 33, 100, 5000] {
        let mut file = String::from(
            "labevent_id,subject_id,specimen_id,itemid,charttime,value,valuenum,valueuom\n",
        );
        file += &row(1, "51301", "4.1");
        for other in 0..gap {
            file += &row(10 + other, "50971", "3.9");
        }
        file += &row(2, "51265", "150");
        file += &row(3, "50912", "1.1");
        file += &row(4, "51265", "150");
        file += &row(5, "50912", "1.1");
        file += &row(6, "51265", "160");
        file += &row(7, "51301", "4.1");
        file += &row(8, "51256", "55.0");
        file += &row(9, "51301", "4.3");
        same(&[("labevents.csv", file.as_bytes())]).unwrap_or_else(|e| panic!("gap {gap}: {e}"));
    }
}

/// A result written again with a trailing zero (`4.1`, then `4.10`) after a
/// row of the same draw that is rejected, or conflicts, or has no value:
/// one result (DESIGN.md "Duplicates"), merged, as the reference merges it.
#[test]
fn a_result_written_again_with_a_trailing_zero_is_a_duplicate() {
    let row = |id: u32, value: &str| {
        format!("{id},10001,2100,51301,2150-01-01 08:00:00,{value},{value},K/uL\n")
    };
    for middle in ["x", "-3", "", "4.2"] {
        let file = format!(
            "labevent_id,subject_id,specimen_id,itemid,charttime,value,valuenum,valueuom\n{}{}{}",
            row(1, "4.1"),
            row(2, middle),
            row(3, "4.10")
        );
        same(&[("labevents.csv", file.as_bytes())])
            .unwrap_or_else(|e| panic!("{middle:?} between: {e}"));
        let dataset = load_bytes(&[("labevents.csv", file.as_bytes())]).unwrap();
        assert_eq!(dataset.report().duplicates_merged, 1, "{middle:?} between");
        assert!(
            dataset.report().rejected.iter().all(|r| r.line != 4),
            "{middle:?} between: {:?}",
            dataset.report().rejected
        );
    }
}

/// A header and one row of each layout a cell test varies: a wide file,
/// MIMIC-IV labevents (a value, then a masked one its comment qualifies),
/// and a long file with the lab's range.
fn one_row_files() -> [(&'static str, &'static [&'static str]); 4] {
    [
        (
            "patient_id,name,sex,dob,collected_at,plt,hgb,specimen,comment",
            &[
                "P1",
                "Ann",
                "F",
                "1990-05-05",
                "2024-01-01",
                "150",
                "12",
                "E1",
                "note",
            ],
        ),
        (
            "subject_id,charttime,itemid,value,valuenum,valueuom,ref_range_lower,\
             ref_range_upper,specimen_id,comments",
            &[
                "10001",
                "2150-01-01",
                "51265",
                "206",
                "206",
                "K/uL",
                "150",
                "440",
                "7",
                "",
            ],
        ),
        (
            "subject_id,charttime,itemid,value,valuenum,valueuom,ref_range_lower,\
             ref_range_upper,specimen_id,comments",
            &[
                "10001",
                "2150-01-01",
                "51265",
                "___",
                "5",
                "K/uL",
                "150",
                "440",
                "7",
                "<5*.",
            ],
        ),
        (
            "patient,collected_at,test,value,unit,ref_range_lower,ref_range_upper,note",
            &["P1", "2024-01-01", "plt", "140", "10^9/L", "150", "450", ""],
        ),
    ]
}

/// A cell longer than 64 KiB in each column in turn, quoted or not
/// (streamed here, as every record over 300 bytes is): refused as that
/// cell, as its row (a patient, time, specimen, test, unit or value), or
/// named in a warning (a column not read, a comment a value does not
/// need), exactly as the reference does.
#[test]
fn cells_longer_than_64_kib_load_as_the_reference_loads_them() {
    let long = "7".repeat(64 * 1024 + 1);
    let files = one_row_files();
    for (header, cells) in files {
        for column in 0..cells.len() {
            for quoted in [false, true] {
                let mut row: Vec<String> = cells.iter().map(|cell| cell.to_string()).collect();
                row[column] = if quoted {
                    format!("\"{long}\"")
                } else {
                    long.clone()
                };
                let file = format!("{header}\n{}\n{}\n", cells.join(","), row.join(","));
                same(&[("long.csv", file.as_bytes())])
                    .unwrap_or_else(|e| panic!("{header}, column {column}: {e}"));
            }
        }
    }
}

/// A cell that is not UTF-8 (a Latin-1 `\xe1`) in each column in turn,
/// quoted or not, in a record split in memory and in one streamed (over
/// 300 bytes here): refused as that cell, as its row (a patient, time,
/// specimen, test, unit or value), or named in a warning (a comment a
/// value does not need, a range), exactly as the reference does.
#[test]
fn cells_not_utf8_load_as_the_reference_loads_them() {
    let files = one_row_files();
    for (header, cells) in files {
        for column in 0..cells.len() {
            for (quoted, streamed) in [(false, false), (true, false), (false, true)] {
                let mut row: Vec<Vec<u8>> =
                    cells.iter().map(|cell| cell.as_bytes().to_vec()).collect();
                let mut cell = row[column].clone();
                cell.push(0xE1);
                if streamed {
                    // A record over 300 bytes is streamed in test builds.
                    cell.splice(0..0, [b' '; 320]);
                }
                row[column] = if quoted {
                    [&b"\""[..], &cell, b"\""].concat()
                } else {
                    cell
                };
                let mut file = format!("{header}\n{}\n", cells.join(",")).into_bytes();
                file.extend_from_slice(&row.join(&b","[..]));
                file.push(b'\n');
                same(&[("latin1.csv", &file)])
                    .unwrap_or_else(|e| panic!("{header}, column {column}: {e}"));
            }
        }
    }
}
