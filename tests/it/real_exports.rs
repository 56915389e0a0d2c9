//! Real exports as they ship (issue 12): export folders read as the export
//! they are, gzip read by its magic bytes and streamed, `-` for standard
//! input, and the shared real data's counts.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::support::bin::data;
use flate2::Compression;
use flate2::write::GzEncoder;
use hemotrend::ingest::load;
use hemotrend::model::{Analyte, Sex};

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::fast());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

fn amount(dataset: &hemotrend::model::Dataset, id: &str, draw: usize, analyte: Analyte) -> String {
    let patient = dataset.patient(id).unwrap();
    let draw = dataset.draws(patient).get(draw).unwrap();
    draw.values.get(analyte).reading().unwrap().to_string()
}

/// A MIMIC-IV hosp folder of the test data's lab tables beside a patients
/// table holding `patients`, loaded.
fn mimic_with_patients(patients: &str) -> hemotrend::model::Dataset {
    let folder = tempfile::tempdir().unwrap();
    for name in ["labevents.csv.gz", "d_labitems.csv"] {
        std::fs::copy(data("mimic-hosp").join(name), folder.path().join(name)).unwrap();
    }
    std::fs::write(folder.path().join("patients.csv"), patients).unwrap();
    load(&[folder.path().to_path_buf()]).unwrap()
}

/// A patient with results whom the patients table does not hold: their
/// sex and age stay unknown, and a warning on the table says so, once.
#[test]
fn a_patient_missing_from_the_patients_table_is_named() {
    let dataset = mimic_with_patients(
        "subject_id,gender,anchor_age,anchor_year,anchor_year_group,dod\n10001,F,52,2180,2011 - 2013,\n",
    );
    let missing = dataset.patient("10002").expect("10002 has results");
    assert_eq!((missing.sex, missing.birth_date), (Sex::Unknown, None));
    let warned: Vec<&str> = dataset
        .report()
        .warnings
        .iter()
        .filter(|w| w.file.ends_with("patients.csv"))
        .map(|w| w.reason.as_str())
        .collect();
    assert_eq!(
        warned,
        [
            "patient 10002 with results has no row in this table: sex and age unknown, so the limits for the age and sex cannot apply"
        ]
    );
}

/// A CSV file opened beside an export folder: its patient who gives a
/// sex or birth date of their own is not named on the patients table
/// (their limits are known); one who gives neither is.
#[test]
fn patients_of_another_file_with_their_own_details_are_not_named_on_the_table() {
    let folder = tempfile::tempdir().unwrap();
    let hosp = folder.path().join("hosp");
    std::fs::create_dir(&hosp).unwrap();
    for name in ["labevents.csv.gz", "d_labitems.csv", "patients.csv.gz"] {
        std::fs::copy(data("mimic-hosp").join(name), hosp.join(name)).unwrap();
    }
    let csv = folder.path().join("ward.csv");
    std::fs::write(
        &csv,
        "patient_id,sex,birth_date,collected_at,hgb\nZ,F,2015-01-01,2024-01-01,9\nY,,,2024-01-01,9\n",
    )
    .unwrap();
    let dataset = load(&[csv, hosp]).unwrap();
    let z = dataset.patient("Z").expect("Z has a result");
    assert_eq!(z.sex, Sex::Female);
    let warned: Vec<&str> = dataset
        .report()
        .warnings
        .iter()
        .filter(|w| w.file.ends_with("patients.csv.gz"))
        .map(|w| w.reason.as_str())
        .collect();
    assert_eq!(
        warned,
        [
            "patient Y with results has no row in this table: sex and age unknown, so the limits for the age and sex cannot apply"
        ]
    );
}

/// A patients table's row of another length (a comma lost: the age read
/// from the year's column) is not joined, and says why at its line.
#[test]
fn a_patients_row_of_another_length_is_not_joined_and_named() {
    let dataset = mimic_with_patients(
        "subject_id,gender,anchor_age,anchor_year,anchor_year_group,dod\n\
         10001,F52,2180,2011 - 2013,\n\
         10002,M,60,2150,2008 - 2010,\n",
    );
    let short = dataset.patient("10001").expect("10001 has results");
    assert_eq!((short.sex, short.birth_date), (Sex::Unknown, None));
    let whole = dataset.patient("10002").expect("10002 has results");
    assert_eq!(whole.sex, Sex::Male);
    let warned: Vec<(u64, &str)> = dataset
        .report()
        .warnings
        .iter()
        .filter(|w| w.file.ends_with("patients.csv"))
        .map(|w| (w.line, w.reason.as_str()))
        .collect();
    // Named at its row, "not joined"; never also said to have no row
    // (the two warnings read as a contradiction).
    assert_eq!(
        warned,
        [(
            2,
            "the row has 5 fields; the header has 6: the row is not joined"
        )]
    );
}

#[test]
fn a_mimic_hosp_folder_joins_patients_and_reads_the_mask() {
    let dataset = load(&[data("mimic-hosp")]).unwrap();
    let report = dataset.report();
    let patients = dataset.patients();
    assert_eq!(patients.len(), 2, "10003 has no lab result: not listed");
    assert_eq!(patients[0].sex, Sex::Female);
    assert_eq!(patients[1].sex, Sex::Male);
    // anchor_age 52 in anchor_year 2180: born about 2128-01-01, and said
    // to be about so, on screen and in the report.
    assert_eq!(patients[0].birth_date.unwrap().to_string(), "2128-01-01");
    assert!(patients[0].birth_approximate);
    let header = {
        let app = crate::support::app_of(load(&[data("mimic-hosp")]).unwrap(), 120, 40);
        crate::support::text(&app, 120, 40)
            .lines()
            .next()
            .unwrap_or_default()
            .to_string()
    };
    assert!(header.contains(" · born ≈2128, ≈"), "{header}");
    let html = hemotrend::report::html::html_string(
        &dataset,
        &hemotrend::clinical::Config::default(),
        Some(&[&patients[0]]),
        &hemotrend::report::html::ReportStamp { generated: None },
    );
    assert!(
        html.contains(
            "born about 2128 (the export gives an age or a year of birth, not a birth date), about "
        ),
        "report"
    );
    // `___` with valuenum 12: the platelet count is 12, not rejected.
    assert_eq!(amount(&dataset, "10001", 0, Analyte::Plt), "12");
    // 1.15 K/uL and 1148 #/uL agree: one value, the more precise kept.
    assert_eq!(amount(&dataset, "10001", 0, Analyte::Alc), "1.148");
    assert_eq!(amount(&dataset, "10001", 1, Analyte::Alc), "0.89");
    let rejected: Vec<_> = report.rejected.iter().map(|r| r.line).collect();
    assert_eq!(rejected, [7], "{:?}", report.rejected);
    assert!(
        report.rejected[0]
            .reason
            .contains("0.903 conflicts with 0.89 on line 6")
    );
    let warned: Vec<_> = report.warnings.iter().map(|w| w.file.as_str()).collect();
    assert_eq!(warned.len(), 1, "{:?}", report.warnings);
    assert!(warned[0].ends_with("admissions.csv"));
    assert!(report.warnings[0].reason.contains("(admissions)"));
}

#[test]
fn a_synthea_folder_joins_names_sex_and_birth_dates() {
    let dataset = load(&[data("synthea-folder")]).unwrap();
    let patients = dataset.patients();
    assert_eq!(patients.len(), 2);
    assert_eq!(patients[0].name.as_deref(), Some("Silva, Ana"));
    assert_eq!(patients[0].sex, Sex::Female);
    assert_eq!(patients[0].birth_date.unwrap().to_string(), "2015-03-01");
    assert!(!patients[0].birth_approximate, "a date of birth is exact");
    assert_eq!(patients[1].name.as_deref(), Some("Berg, Jon"));
    assert_eq!(patients[1].sex, Sex::Male);
    let report = dataset.report();
    assert!(report.rejected.is_empty(), "{:?}", report.rejected);
    assert_eq!(report.warnings.len(), 1);
    assert!(report.warnings[0].reason.contains("(encounters)"));
}

#[test]
fn an_omop_cdm_folder_reads_measurement_with_person() {
    let dataset = load(&[data("omop-cdm")]).unwrap();
    let patients = dataset.patients();
    assert_eq!(patients.len(), 2);
    assert_eq!(patients[0].id, "101");
    assert_eq!(patients[0].sex, Sex::Female);
    assert_eq!(patients[0].birth_date.unwrap().to_string(), "1961-04-17");
    assert_eq!(patients[1].sex, Sex::Male);
    assert_eq!(
        patients[1].birth_date.unwrap().to_string(),
        "2012-09-30T00:00:00"
    );
    // LOINC in measurement_source_value, units by unit_concept_id.
    assert_eq!(amount(&dataset, "101", 0, Analyte::Plt), "18");
    assert_eq!(amount(&dataset, "101", 0, Analyte::Hgb), "8.4");
    // operator_concept_id 4171756 is `<`.
    assert_eq!(amount(&dataset, "101", 0, Analyte::Anc), "<0.2");
    // Only the standard concepts: 3000905 WBC, 3020416 RBC.
    assert_eq!(amount(&dataset, "101", 0, Analyte::Wbc), "1.9");
    assert_eq!(amount(&dataset, "102", 0, Analyte::Rbc), "4.1");
    let patient = &patients[0];
    let range = dataset.lab_range(patient, 0, Analyte::Plt).unwrap();
    assert_eq!(
        (range.lower.to_string(), range.upper.to_string()),
        ("150".into(), "400".into())
    );
    let report = dataset.report();
    assert_eq!(
        report.ignored, 1,
        "HbA1c (4548-4, concept 3004410) is not a CBC test"
    );
    assert_eq!(report.rejected.len(), 1);
    assert_eq!(report.rejected[0].line, 7);
    assert_eq!(
        report.rejected[0].column.as_deref(),
        Some("value_as_number")
    );
    // A value refused is of its person and of the draw at its time.
    let refused = &report.rejected[0];
    let draw_times = |id: &str| {
        let patient = dataset.patient(id).unwrap();
        dataset.draws(patient).times().to_vec()
    };
    let of = refused.patient.as_deref().expect("the person");
    assert!(
        refused.at.is_some_and(|at| draw_times(of).contains(&at)),
        "{refused:?}"
    );
    assert_eq!(report.warnings.len(), 1);
    assert!(report.warnings[0].reason.contains("(visit_occurrence)"));
}

#[test]
fn one_instant_from_two_files_is_one_draw_whatever_their_ids() {
    let folder = tempfile::tempdir().unwrap();
    let csv = "DATE,PATIENT,ENCOUNTER,CODE,VALUE,UNITS\n\
               2021-08-23T03:26:50Z,p,e-1,6690-2,5.0,10*3/uL\n\
               2021-08-23T03:26:50Z,p,e-1,777-3,250,10*3/uL\n";
    let other = "patient,specimen_id,collected_at,test,value,unit\n\
                 p,s-9,2021-08-23T03:26:50Z,wbc,4.9561,K/uL\n\
                 p,s-9,2021-08-23T03:26:50Z,hgb,12,g/dL\n";
    std::fs::write(folder.path().join("a.csv"), csv).unwrap();
    std::fs::write(folder.path().join("b.csv"), other).unwrap();
    let dataset = load(&[folder.path().to_path_buf()]).unwrap();
    assert_eq!(dataset.draw_count(), 1);
    assert!(dataset.report().rejected.is_empty());
    assert_eq!(amount(&dataset, "p", 0, Analyte::Wbc), "4.9561");
    assert_eq!(amount(&dataset, "p", 0, Analyte::Hgb), "12");
}

const WIDE: &str = "patient_id,collected_at,plt,hgb\nP1,2024-01-01,12,8.1\nP1,2024-02-01,30,9\n";

#[test]
fn gzip_is_read_by_its_bytes_whatever_the_name() {
    let folder = tempfile::tempdir().unwrap();
    let plain = folder.path().join("plain.csv");
    let named = folder.path().join("named.csv.gz");
    let unnamed = folder.path().join("unnamed.csv");
    std::fs::write(&plain, WIDE).unwrap();
    std::fs::write(&named, gzip(WIDE.as_bytes())).unwrap();
    std::fs::write(&unnamed, gzip(WIDE.as_bytes())).unwrap();
    let expected = load(&[plain]).unwrap();
    for path in [named, unnamed] {
        let dataset = load(&[path]).unwrap();
        assert_eq!(dataset.draw_count(), expected.draw_count());
        assert_eq!(amount(&dataset, "P1", 0, Analyte::Hgb), "8.1");
    }
}

#[test]
fn a_truncated_or_fake_gzip_file_is_unreadable_and_named() {
    let folder = tempfile::tempdir().unwrap();
    let whole = gzip(WIDE.repeat(200).as_bytes());
    let truncated = folder.path().join("cut.csv.gz");
    std::fs::write(&truncated, &whole[..whole.len() - 20]).unwrap();
    let fake = folder.path().join("fake.csv");
    std::fs::write(
        &fake,
        b"\x1f\x8bpatient_id,collected_at,plt\nP,2024-01-01,1\n",
    )
    .unwrap();
    for path in [truncated, fake] {
        let error = load(std::slice::from_ref(&path)).unwrap_err();
        assert_eq!(error.files.len(), 1);
        assert_eq!(error.files[0].file, path.display().to_string());
        assert!(error.files[0].reason.contains("read"), "{error}");
    }
}

#[test]
fn zero_padding_after_the_gzip_data_is_passed_over_as_gzip_does() {
    let folder = tempfile::tempdir().unwrap();
    let text = WIDE.repeat(300);
    let plain = folder.path().join("plain.csv");
    std::fs::write(&plain, &text).unwrap();
    let expected = load(&[plain]).unwrap();
    // Two members, then zeros to a 512-byte block and a whole block more.
    let mut padded = gzip(text.as_bytes());
    padded.extend(gzip(b""));
    padded.resize(padded.len().next_multiple_of(512) + 512, 0);
    let path = folder.path().join("padded.csv.gz");
    std::fs::write(&path, &padded).unwrap();
    let dataset = load(std::slice::from_ref(&path)).unwrap();
    assert_eq!(dataset.draw_count(), expected.draw_count());
    assert_eq!(dataset.report().rows_read, expected.report().rows_read);
    // Anything but zeros after them is damage, and the file unreadable.
    padded.push(b'x');
    std::fs::write(&path, &padded).unwrap();
    let error = load(std::slice::from_ref(&path)).unwrap_err();
    assert!(error.files[0].reason.contains("read"), "{error}");
}

#[test]
fn a_gzip_bomb_streams_through_in_bounded_memory() {
    // 256 MiB of empty lines after a header, 250 KiB compressed: read as it
    // streams (the reader holds a few 256 KiB chunks), never inflated whole.
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    encoder.write_all(b"patient_id,collected_at,plt\n").unwrap();
    let block = vec![b'\n'; 1 << 20];
    for _ in 0..256 {
        encoder.write_all(&block).unwrap();
    }
    encoder.write_all(b"P,2024-01-01,15\n").unwrap();
    let bomb = encoder.finish().unwrap();
    assert!(bomb.len() < 1 << 20);
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("bomb.csv.gz");
    std::fs::write(&path, bomb).unwrap();
    let dataset = load(&[path]).unwrap();
    assert_eq!(dataset.draw_count(), 1);
    assert_eq!(amount(&dataset, "P", 0, Analyte::Plt), "15");
}

#[test]
fn a_dash_reads_standard_input_gzip_or_not() {
    for input in [WIDE.as_bytes().to_vec(), gzip(WIDE.as_bytes())] {
        for command in ["summary", "check"] {
            let mut child = Command::new(env!("CARGO_BIN_EXE_hemotrend"))
                .args([command, "-"])
                .env(
                    "XDG_CONFIG_HOME",
                    Path::new(env!("CARGO_TARGET_TMPDIR")).join("no-config-here"),
                )
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .spawn()
                .unwrap();
            child.stdin.take().unwrap().write_all(&input).unwrap();
            let output = child.wait_with_output().unwrap();
            assert_eq!(output.status.code(), Some(0), "{output:?}");
            let text = String::from_utf8_lossy(&output.stdout);
            assert!(text.contains("2 draws"), "{text}");
        }
    }
}

fn real(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/real-data")
        .join(path)
}

#[test]
#[ignore = "needs ../shared/real-data"]
fn the_mimic_demo_hosp_folder_as_it_ships() {
    let dataset = load(&[real("mimic-iv-demo/hosp")]).unwrap();
    let patients = dataset.patients();
    assert_eq!(patients.len(), 100);
    // 2968 specimens hold a CBC row; in 5 of them every CBC row has no value
    // ("UNABLE TO REPORT.", "ND . Not Done", a masked comment), and a row
    // with no value makes no draw (DESIGN.md "Real exports as they ship");
    // one more (63861740) holds differential percentages alone, which give
    // no count without its WBC and RBC: no value, no draw, and each of the
    // three percentages a warning at its line.
    assert_eq!(dataset.draw_count(), 2962);
    let lines: Vec<u64> = dataset
        .report()
        .warnings
        .iter()
        .filter(|w| w.reason.contains("so no"))
        .map(|w| w.line)
        .collect();
    assert_eq!(lines, [17234, 17238, 17251]);
    // 57: two of the reticulocyte rows (itemids 51282 and 51283, read
    // beyond clinical.md §5's list) hold no value either.
    assert_eq!(dataset.report().without_value, 57);
    // MIMIC's absolute reticulocytes, 0.01 m/uL: 10 x10^9/L, below the
    // severe criterion's 60, in the CBC's own specimen.
    let patient = dataset.patient("10035631").unwrap();
    let draws = dataset.draws(patient);
    let draw = (0..draws.len())
        .filter_map(|i| draws.get(i))
        .find(|d| d.time.to_string() == "2115-11-08T13:00:00")
        .expect("the draw of 2115-11-08 13:00");
    let retic = draw.values.reading(Analyte::Retic).expect("retic");
    assert_eq!(retic.amount.to_string(), "10");
    assert!(!retic.derived, "measured, not derived from the 0.3 %");
    let female = patients.iter().filter(|p| p.sex == Sex::Female).count();
    let male = patients.iter().filter(|p| p.sex == Sex::Male).count();
    assert_eq!((female, male), (43, 57));
    assert!(patients.iter().all(|p| p.birth_date.is_some()));
    let report = dataset.report();
    assert_eq!(report.rejected.len(), 4, "{:?}", report.rejected);
    assert!(report.rejected.iter().all(|r| r.reason.contains("alc")));
    assert!(!report.rejected.iter().any(|r| r.reason.contains("___")));
    // The skipped table, then plausibility warnings (clinical.md §11).
    let skipped: Vec<_> = report
        .warnings
        .iter()
        .filter(|w| w.reason.contains("skipped"))
        .collect();
    assert_eq!(skipped.len(), 1, "{:?}", report.warnings);
    assert!(skipped[0].file.ends_with("admissions.csv.gz"));
}

#[test]
#[ignore = "needs ../shared/real-data"]
fn the_mimic_demo_top_folder_reads_its_hosp_module() {
    let top = load(&[real("mimic-iv-demo")]).unwrap();
    let hosp = load(&[real("mimic-iv-demo/hosp")]).unwrap();
    assert_eq!(top.patients(), hosp.patients());
    assert_eq!(top.draw_count(), 2962);
    assert_eq!(top.report().rejected, hosp.report().rejected);
    assert_eq!(top.report().warnings, hosp.report().warnings);
}

#[test]
#[ignore = "needs ../shared/real-data"]
fn a_masked_platelet_count_keeps_the_qualifier_of_its_comment() {
    use hemotrend::model::Censor;
    let dataset = load(&[real("mimic-iv-demo/hosp")]).unwrap();
    // The demo's one such row: platelets `___`, valuenum 5, comment `<5*.`.
    let censored: Vec<String> = dataset
        .patients()
        .iter()
        .flat_map(|patient| dataset.draws(patient).iter().collect::<Vec<_>>())
        .filter_map(|draw| draw.values.get(Analyte::Plt).reading())
        .filter(|reading| reading.censor == Censor::Below)
        .map(|reading| reading.amount.to_string())
        .collect();
    assert_eq!(censored, ["5"]);
}

#[test]
#[ignore = "needs ../shared/real-data"]
fn the_synthea_csv_folder_as_it_ships() {
    let dataset = load(&[real("synthea-csv")]).unwrap();
    assert_eq!(dataset.patients().len(), 59);
    assert_eq!(dataset.draw_count(), 160);
    assert!(
        dataset
            .patients()
            .iter()
            .all(|p| p.name.is_some() && p.sex != Sex::Unknown && p.birth_date.is_some())
    );
    assert!(dataset.report().rejected.is_empty());
}

#[test]
#[ignore = "needs ../shared/real-data"]
fn synthea_csv_and_fhir_of_one_run_give_each_draw_once() {
    let dataset = load(&[real("synthea-observations.csv"), real("synthea-fhir")]).unwrap();
    assert_eq!(dataset.draw_count(), 160);
    assert!(
        dataset.report().rejected.is_empty(),
        "{:?}",
        dataset.report().rejected
    );
}

/// A patients table giving one id twice: the first row is joined, and what
/// the second says otherwise is a warning on its line, never dropped in
/// silence.
#[test]
fn a_patient_twice_in_a_patients_table_is_warned_of() {
    let folder = tempfile::tempdir().expect("temp dir");
    let header = "Id,BIRTHDATE,DEATHDATE,SSN,DRIVERS,PASSPORT,PREFIX,FIRST,LAST,SUFFIX,MAIDEN,\
                  MARITAL,RACE,ETHNICITY,GENDER,BIRTHPLACE,ADDRESS,CITY,STATE,COUNTY,ZIP,LAT,LON,\
                  HEALTHCARE_EXPENSES,HEALTHCARE_COVERAGE";
    let patients = format!(
        "{header}\nq1,1970-01-01,,,,,,Ann,Lee,,,,,,F,,,,,,,,,0,0\n\
         q1,1970-01-01,,,,,,Anne,Leigh,,,,,,F,,,,,,,,,0,0\n"
    );
    std::fs::write(folder.path().join("patients.csv"), patients).unwrap();
    std::fs::write(
        folder.path().join("observations.csv"),
        "DATE,PATIENT,ENCOUNTER,CATEGORY,CODE,DESCRIPTION,VALUE,UNITS,TYPE\n\
         2024-01-01T08:00:00Z,q1,e1,laboratory,777-3,Platelets,150,10*3/uL,numeric\n",
    )
    .unwrap();
    let dataset = load(&[folder.path().to_path_buf()]).unwrap();
    let patient = dataset.patient("q1").unwrap();
    assert_eq!(patient.name.as_deref(), Some("Lee, Ann"));
    let warned: Vec<_> = dataset
        .report()
        .warnings
        .iter()
        .map(|w| (w.line, w.column.as_deref(), w.reason.as_str()))
        .collect();
    assert_eq!(
        warned,
        [(
            3,
            Some("LAST"),
            "name Leigh, Anne conflicts with Lee, Ann on line 2 for the same patient \
             (the earlier is kept)"
        )]
    );
}

/// What the lab tables say of a cell that is not UTF-8.
const NOT_UTF8: &str =
    "not valid UTF-8 text (if the file is in another encoding, such as Latin-1, save it as UTF-8)";

/// `(line, column, reason)` of each warning on the table ending `table`.
fn warned_on(dataset: &hemotrend::model::Dataset, table: &str) -> Vec<(u64, String, String)> {
    dataset
        .report()
        .warnings
        .iter()
        .filter(|w| w.file.ends_with(table))
        .map(|w| {
            (
                w.line,
                w.column.clone().unwrap_or_default(),
                w.reason.clone(),
            )
        })
        .collect()
}

/// A patients table in another encoding (a Latin-1 name, a cp1252 dash)
/// costs that cell alone, never the folder: a cell hemotrend reads (a
/// name, a sex, an id) is a warning naming its line and column, in the lab
/// tables' words, and that detail stays unknown; a cell of a column it
/// does not read costs nothing; every lab value loads.
#[test]
fn a_latin1_cell_in_a_patients_table_costs_that_cell_only() {
    // Synthea: FIRST `Jörge` and BIRTHPLACE `Tromsø` in Latin-1.
    let folder = tempfile::tempdir().unwrap();
    std::fs::copy(
        data("synthea-folder").join("observations.csv"),
        folder.path().join("observations.csv"),
    )
    .unwrap();
    let patients = std::fs::read(data("synthea-folder").join("patients.csv")).unwrap();
    let patients = String::from_utf8(patients).unwrap();
    let mut patients = patients
        .replacen(",Ana,Silva,", ",J\u{1}rge,Silva,", 1)
        .replacen(",Oslo,", ",Troms\u{2},", 1)
        .into_bytes();
    for (mark, latin1) in [(1u8, 0xF6u8), (2, 0xF8)] {
        let at = patients.iter().position(|&b| b == mark).unwrap();
        patients[at] = latin1;
    }
    std::fs::write(folder.path().join("patients.csv"), patients).unwrap();
    let dataset = load(&[folder.path().to_path_buf()]).expect("the folder loads");
    let ana = dataset.patient("p-1").unwrap();
    assert_eq!(ana.name.as_deref(), Some("Silva"), "the last name is kept");
    assert_eq!(ana.sex, Sex::Female);
    assert_eq!(ana.birth_date.unwrap().to_string(), "2015-03-01");
    assert_eq!(
        dataset.patient("p-2").unwrap().name.as_deref(),
        Some("Berg, Jon")
    );
    assert_eq!(amount(&dataset, "p-1", 0, Analyte::Plt), "245.1");
    assert_eq!(amount(&dataset, "p-2", 0, Analyte::Hgb), "11.2");
    assert_eq!(
        warned_on(&dataset, "patients.csv"),
        [(2, "FIRST".into(), NOT_UTF8.into())]
    );
    assert!(dataset.report().rejected.is_empty());

    // MIMIC-IV: a cp1252 en dash in anchor_year_group (not read), a gender
    // ending in a Latin-1 no-break space.
    let folder = tempfile::tempdir().unwrap();
    for name in ["labevents.csv.gz", "d_labitems.csv"] {
        std::fs::copy(data("mimic-hosp").join(name), folder.path().join(name)).unwrap();
    }
    std::fs::write(
        folder.path().join("patients.csv"),
        b"subject_id,gender,anchor_age,anchor_year,anchor_year_group,dod\n\
          10001,F,52,2180,2011 \x96 2013,\n10002,M\xA0,30,2150,2014 \x96 2016,\n",
    )
    .unwrap();
    let dataset = load(&[folder.path().to_path_buf()]).expect("the folder loads");
    let first = dataset.patient("10001").unwrap();
    assert_eq!(first.sex, Sex::Female);
    assert_eq!(first.birth_date.unwrap().to_string(), "2128-01-01");
    let second = dataset.patient("10002").unwrap();
    assert_eq!(second.sex, Sex::Unknown);
    assert_eq!(second.birth_date.unwrap().to_string(), "2120-01-01");
    assert_eq!(
        warned_on(&dataset, "patients.csv"),
        [(3, "gender".into(), NOT_UTF8.into())]
    );
    assert_eq!(amount(&dataset, "10001", 0, Analyte::Wbc), "1.8");

    // OMOP: ethnicity_source_value `hispánico` (not read), and a row whose
    // person_id is not UTF-8 (not joined, and said so).
    let folder = tempfile::tempdir().unwrap();
    std::fs::copy(
        data("omop-cdm").join("MEASUREMENT.csv"),
        folder.path().join("MEASUREMENT.csv"),
    )
    .unwrap();
    let person = std::fs::read_to_string(data("omop-cdm").join("PERSON.csv")).unwrap();
    let mut person = person
        .replacen("not hispanic", "hisp\u{1}nico", 1)
        .into_bytes();
    let at = person.iter().position(|&b| b == 1).unwrap();
    person[at] = 0xE1;
    person.extend_from_slice(b"1\xB903,8507,1990,1,1,,0,0,,,,,M,0,,0,,0\n");
    std::fs::write(folder.path().join("PERSON.csv"), person).unwrap();
    let dataset = load(&[folder.path().to_path_buf()]).expect("the folder loads");
    let patients = dataset.patients();
    assert_eq!(patients[0].sex, Sex::Female);
    assert_eq!(patients[0].birth_date.unwrap().to_string(), "1961-04-17");
    assert_eq!(patients[1].sex, Sex::Male);
    assert_eq!(amount(&dataset, "101", 0, Analyte::Plt), "18");
    assert_eq!(
        warned_on(&dataset, "PERSON.csv"),
        [(
            4,
            "person_id".into(),
            format!("{NOT_UTF8}: the row is not joined")
        )]
    );
}
