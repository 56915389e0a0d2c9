//! Plausibility warnings (`clinical.md` §11): the draw loads, and the load
//! report names its file and line with the reason.

use hemotrend::ingest::load_texts;

#[test]
fn an_implausible_differential_loads_with_a_warning_at_its_line() {
    let text = "patient_id,collected_at,wbc,anc,alc,hgb,hct\n\
                P1,2024-01-01,5.0,3.0,1.5,13.5,40\n\
                P1,2024-01-02,1.0,3.0,,13.5,40\n\
                P2,2024-01-01,5.0,3.0,1.5,20,40\n";
    let dataset = load_texts(&[("cbc.csv", text)]).expect("loads");
    let report = dataset.report();
    assert!(report.rejected.is_empty(), "{:?}", report.rejected);
    let warnings: Vec<(u64, &str)> = report
        .warnings
        .iter()
        .map(|w| (w.line, w.reason.as_str()))
        .collect();
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert_eq!(report.warnings[0].file, "cbc.csv");
    assert_eq!(warnings[0].0, 3);
    assert!(
        warnings[0].1.contains("ANC 3.0 exceeds WBC 1.0"),
        "{warnings:?}"
    );
    assert!(warnings[0].1.contains("patient P1"), "{warnings:?}");
    assert_eq!(warnings[1].0, 4);
    assert!(warnings[1].1.contains("MCHC 50.0"), "{warnings:?}");
    // Every draw loaded.
    let draws: usize = dataset.patients().iter().map(|p| p.draw_count()).sum();
    assert_eq!(draws, 3);
}

/// `summary` says how many warnings there are in every format: on stderr,
/// and in the table's totals; `check` lists them.
#[test]
fn summary_counts_the_warnings_that_check_lists() {
    let folder = tempfile::tempdir().expect("a folder");
    let path = folder.path().join("cbc.csv");
    std::fs::write(
        &path,
        "patient_id,collected_at,wbc,anc,alc,hgb,hct\n\
         P1,2024-01-01,1.0,3.0,,13.5,40\n\
         P2,2024-01-01,5.0,3.0,1.5,20,40\n",
    )
    .expect("written");
    let path = path.display().to_string();
    let run = |args: &[&str]| {
        let output = crate::support::bin::hemotrend(&[args, &[path.as_str()]].concat());
        assert!(output.status.success(), "{output:?}");
        (
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };
    let counted = "2 warnings (loaded, but worth a look): `hemotrend check` lists them.";
    for format in ["csv", "json", "table"] {
        let (_, stderr) = run(&["summary", "--format", format]);
        assert_eq!(stderr.trim_end(), counted, "{format}");
    }
    let (table, _) = run(&["summary"]);
    assert!(
        table.contains(
            "(not part of a CBC). 2 warnings (loaded, but worth a look): `hemotrend check` lists them."
        ),
        "{table}"
    );
    let (check, _) = run(&["check"]);
    assert!(check.contains("cbc.csv:2: patient P1"), "{check}");
    assert!(check.contains("cbc.csv:3: patient P2"), "{check}");
}

/// A birth date after a patient's draws is loaded, with a warning at the
/// earliest draw: the age there is unknown, so the adult limits apply,
/// which a child's mistyped birth year would otherwise do without a word.
#[test]
fn draws_before_the_birth_date_are_warned_of_once() {
    let text = "patient_id,birth_date,collected_at,plt\n\
                P1,2030-01-01,2024-01-02,100\n\
                P1,2030-01-01,2024-01-01,120\n\
                P2,2020-01-01,2024-01-01,300\n";
    let dataset = load_texts(&[("cbc.csv", text)]).expect("loads");
    let report = dataset.report();
    assert!(report.rejected.is_empty(), "{:?}", report.rejected);
    assert_eq!(report.warnings.len(), 1, "{:?}", report.warnings);
    let warning = &report.warnings[0];
    assert_eq!((warning.line, warning.patient.as_deref()), (3, Some("P1")));
    assert!(
        warning.reason.starts_with(
            "born 2030-01-01, after 2 draws (the first 2024-01-01): the age there is unknown"
        ),
        "{}",
        warning.reason
    );
}

/// Warnings are listed in the order of the files read, then of lines; a
/// note on something that was not read (a folder inside the one given)
/// names no file read, and comes first, whether or not an events file
/// adds warnings of its own after the load.
#[test]
fn a_note_on_what_was_not_read_comes_first_with_or_without_events() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path();
    std::fs::write(
        path.join("labs.csv"),
        "patient_id,collected_at,wbc,anc\nP1,2024-01-01,4.0,4.5\n",
    )
    .unwrap();
    std::fs::create_dir(path.join("sub")).unwrap();
    let order = |dataset: &hemotrend::model::Dataset| -> Vec<String> {
        let warnings = &dataset.report().warnings;
        warnings
            .iter()
            .map(|w| w.reason.chars().take(24).collect())
            .collect()
    };
    let labs = hemotrend::ingest::load(&[path.to_path_buf()]).unwrap();
    assert_eq!(
        order(&labs),
        ["a folder inside the fold", "patient P1, 2024-01-01: "]
    );
    std::fs::write(
        path.join("events.csv"),
        "patient_id,at,event\nP9,2024-01-02,rbc-transfusion\n",
    )
    .unwrap();
    let with_events = hemotrend::ingest::load(&[path.to_path_buf()]).unwrap();
    assert_eq!(
        order(&with_events),
        [
            "a folder inside the fold",
            "events of patient \"P9\", ",
            "patient P1, 2024-01-01: "
        ]
    );
}
