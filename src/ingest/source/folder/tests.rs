//! Tests of a folder told by its tables: each export's tables read, joined,
//! skipped or named.

use super::*;

fn plan(names: &[&str]) -> Vec<Planned> {
    let folder = tempfile::tempdir().unwrap();
    for name in names {
        fs::write(folder.path().join(name), "x").unwrap();
    }
    let plan = plan_folder(folder.path()).unwrap();
    // Paths relative to the folder, to compare.
    plan.into_iter()
        .map(|p| match p {
            Planned::Read(Origin::Path(path)) => {
                Planned::Read(Origin::Path(path.file_name().unwrap().into()))
            }
            Planned::Join(path, t) => Planned::Join(path.file_name().unwrap().into(), t),
            Planned::Skipped(path, r) => Planned::Skipped(path.file_name().unwrap().into(), r),
            Planned::Note(_, r) => Planned::Note(PathBuf::new(), r),
            Planned::ReadOmop(path) => Planned::ReadOmop(path.file_name().unwrap().into()),
            other => other,
        })
        .collect()
}

#[test]
fn a_plain_folder_names_the_folders_in_it_as_not_read() {
    let folder = tempfile::tempdir().unwrap();
    fs::write(folder.path().join("a.csv"), "x").unwrap();
    for inner in ["export", ".git"] {
        fs::create_dir(folder.path().join(inner)).unwrap();
    }
    let plan = plan_folder(folder.path()).unwrap();
    let names: Vec<(bool, String)> = plan
        .iter()
        .map(|planned| match planned {
            Planned::Read(Origin::Path(path)) => (true, path.display().to_string()),
            Planned::Skipped(path, reason) => {
                assert!(reason.contains("not read"), "{reason}");
                (false, path.display().to_string())
            }
            other => panic!("{other:?}"),
        })
        .collect();
    let at = |name: &str| folder.path().join(name).display().to_string();
    assert_eq!(names, [(true, at("a.csv")), (false, at("export"))]);
}

#[test]
fn mimic_hosp_joins_patients_and_skips_other_tables() {
    let plan = plan(&[
        "labevents.csv.gz",
        "patients.csv.gz",
        "d_labitems.csv.gz",
        "admissions.csv.gz",
        "LICENSE.txt",
    ]);
    assert_eq!(
        plan,
        [
            Planned::Skipped(
                "admissions.csv.gz".into(),
                "a MIMIC-IV table (admissions) that holds no lab results: skipped, not read".into()
            ),
            Planned::Read(Origin::Path("labevents.csv.gz".into())),
            Planned::Join("patients.csv.gz".into(), JoinTable::MimicPatients),
        ]
    );
}

#[test]
fn synthea_joins_patients_and_a_folder_without_them_says_so() {
    let synthea = plan(&["observations.csv", "patients.csv", "encounters.csv"]);
    assert_eq!(synthea.len(), 3);
    assert!(
        matches!(&synthea[0], Planned::Skipped(p, r) if p == Path::new("encounters.csv") && r.contains("Synthea"))
    );
    assert_eq!(
        synthea[2],
        Planned::Join("patients.csv".into(), JoinTable::SyntheaPatients)
    );
    let alone = plan(&["labevents.csv"]);
    assert!(matches!(&alone[1], Planned::Note(_, r) if r.contains("without its patients")));
}

/// An events file beside an export's tables is read (told by its
/// header), never skipped as a table without lab results; a Synthea
/// folder without `patients.csv` is still Synthea's, its encounters
/// skipped, never read as lab results.
#[test]
fn an_events_file_in_an_export_is_read_and_synthea_needs_no_patients() {
    let folder = tempfile::tempdir().unwrap();
    for name in ["labevents.csv", "admissions.csv"] {
        fs::write(folder.path().join(name), "x").unwrap();
    }
    fs::write(
        folder.path().join("treatments.csv"),
        "\u{feff}patient_id,at,event,units\nP1,2024-01-01,ist,\n",
    )
    .unwrap();
    let planned = plan_folder(folder.path()).unwrap();
    let read: Vec<String> = planned
        .iter()
        .filter_map(|p| match p {
            Planned::Read(Origin::Path(path)) => {
                Some(path.file_name()?.to_string_lossy().into_owned())
            }
            _ => None,
        })
        .collect();
    assert_eq!(read, ["labevents.csv", "treatments.csv"]);
    let synthea = plan(&["observations.csv", "encounters.csv"]);
    assert!(
        matches!(&synthea[0], Planned::Skipped(p, r) if p == Path::new("encounters.csv") && r.contains("Synthea")),
        "{synthea:?}"
    );
    assert!(matches!(&synthea[2], Planned::Note(_, r) if r.contains("without its patients")));
}

#[test]
fn omop_reads_measurement_joins_person_and_skips_the_rest() {
    let omop = plan(&["MEASUREMENT.csv", "PERSON.csv", "CONCEPT.csv"]);
    assert!(
        matches!(&omop[0], Planned::Skipped(_, r) if r.starts_with("an OMOP CDM table (concept)"))
    );
    assert_eq!(omop[1], Planned::ReadOmop("MEASUREMENT.csv".into()));
    assert_eq!(
        omop[2],
        Planned::Join("PERSON.csv".into(), JoinTable::OmopPerson)
    );
}

#[test]
fn mimic_as_it_ships_is_read_from_its_hosp_module() {
    let top = tempfile::tempdir().unwrap();
    for (folder, name) in [
        ("hosp", "labevents.csv.gz"),
        ("hosp", "patients.csv.gz"),
        ("icu", "chartevents.csv.gz"),
    ] {
        fs::create_dir_all(top.path().join(folder)).unwrap();
        fs::write(top.path().join(folder).join(name), "x").unwrap();
    }
    fs::write(top.path().join("LICENSE.txt"), "x").unwrap();
    let plan = plan_paths(&[top.path().to_path_buf()]).unwrap();
    let hosp = top.path().join("hosp");
    assert_eq!(
        plan,
        [
            Planned::Read(Origin::Path(hosp.join("labevents.csv.gz"))),
            Planned::Join(hosp.join("patients.csv.gz"), JoinTable::MimicPatients),
            Planned::Skipped(
                top.path().join("icu"),
                "a MIMIC-IV module (icu/) whose tables are not read: lab results are read \
                 from hosp/"
                    .into()
            ),
        ]
    );
    // Without a labevents table in hosp/, the folder is refused as before.
    fs::remove_file(hosp.join("labevents.csv.gz")).unwrap();
    assert!(plan_paths(&[top.path().to_path_buf()]).is_err());
}

#[test]
fn any_other_folder_reads_every_csv_and_json_plain_or_gzip() {
    let plan = plan(&[
        "a.csv",
        "b.json.gz",
        "c.csv.gz",
        "notes.txt",
        "observations.csv",
    ]);
    assert_eq!(plan.len(), 4);
    assert!(plan.iter().all(|p| matches!(p, Planned::Read(_))));
}

/// A lab table in a folder under another format's name is named in a
/// warning, never passed over in silence; a licence or notes are not.
#[test]
fn tables_a_folder_holds_in_other_formats_are_named() {
    let top = tempfile::tempdir().unwrap();
    let files = [
        ("a.csv", "patient_id,collected_at,plt\nP1,2024-01-01,150\n"),
        ("b.txt", "patient_id,collected_at,plt\nP2,2024-01-01,150\n"),
        ("c.tsv", "patient_id\tcollected_at\tplt\n"),
        ("d.xlsx", "PK"),
        ("e.psv", "patient_id|collected_at|plt\n"),
        ("~$d.xlsx", "lock"),
        ("LICENSE.txt", "Copyright (c) 2024, the authors\n"),
        ("notes.txt", "drawn on the ward\n"),
    ];
    for (name, text) in files {
        fs::write(top.path().join(name), text).unwrap();
    }
    let plan = plan_paths(&[top.path().to_path_buf()]).unwrap();
    let skipped: Vec<(String, String)> = plan
        .iter()
        .filter_map(|p| match p {
            Planned::Skipped(path, reason) => Some((
                path.file_name().unwrap().to_string_lossy().to_string(),
                reason.split(',').next().unwrap().to_string(),
            )),
            _ => None,
        })
        .collect();
    assert_eq!(
        skipped,
        [
            (
                "b.txt".to_string(),
                "a text file whose first line reads as a header of 3 columns".to_string()
            ),
            (
                "c.tsv".to_string(),
                "a table named as tab-separated".to_string()
            ),
            ("d.xlsx".to_string(), "a spreadsheet".to_string()),
            (
                "e.psv".to_string(),
                "a text file whose first line reads as a header of 3 columns".to_string()
            ),
        ]
    );
    assert_eq!(
        plan.iter()
            .filter(|p| matches!(p, Planned::Read(_)))
            .count(),
        1
    );
}
