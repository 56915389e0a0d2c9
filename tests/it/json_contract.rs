//! Fields of the summary JSON whose meaning DESIGN.md gives in words.

use crate::support::bin::summary_json;

/// `latest.after_transfusion` names the latest draw's values drawn within a
/// transfusion's window: a platelet count the draw does not have is not
/// one of them.
#[test]
fn after_transfusion_names_only_values_the_latest_draw_has() {
    let folder = tempfile::tempdir().unwrap();
    let events = "patient_id,at,event,units,note\nP1,2024-01-02T08:00,platelet-transfusion,1,\n";
    std::fs::write(folder.path().join("events.csv"), events).unwrap();
    for (latest, expected) in [
        ("9.0,", serde_json::json!([])),
        ("9.0,12", serde_json::json!(["plt"])),
    ] {
        let labs = format!(
            "patient_id,collected_at,hgb,plt\nP1,2024-01-01T08:00,9.5,30\nP1,2024-01-05T08:00,{latest}\n"
        );
        std::fs::write(folder.path().join("cbc.csv"), labs).unwrap();
        let json = summary_json(folder.path());
        assert_eq!(
            json["patients"][0]["latest"]["after_transfusion"], expected,
            "{latest}"
        );
    }
}

/// A warning about a file or folder as a whole has no line: `null`, as a
/// warning's missing column is, never a line 0 that no editor shows.
#[test]
fn a_warning_about_a_whole_folder_has_a_null_line() {
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(
        folder.path().join("cbc.csv"),
        "patient_id,collected_at,hgb\nP1,2024-01-01T08:00,9.5\n",
    )
    .unwrap();
    std::fs::create_dir(folder.path().join("old")).unwrap();
    let json = summary_json(folder.path());
    let warning = &json["warnings"][0];
    assert!(
        warning["reason"]
            .as_str()
            .unwrap()
            .contains("a folder inside"),
        "{warning}"
    );
    assert!(warning["line"].is_null(), "{warning}");
    assert!(warning["column"].is_null(), "{warning}");
}
