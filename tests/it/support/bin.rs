//! The real binary, run on the fixtures in tests/data as a user runs it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value as Json;

/// A fixture in tests/data.
pub fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

/// Runs the binary with no configuration file at the standard path, so a
/// developer's own `~/.config/hemotrend` cannot change what the tests see.
pub fn hemotrend(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hemotrend"))
        .args(args)
        .env(
            "XDG_CONFIG_HOME",
            Path::new(env!("CARGO_TARGET_TMPDIR")).join("no-config-here"),
        )
        .output()
        .expect("the binary runs")
}

/// `summary --format json` of `path`, which must exit 0.
pub fn summary_json(path: &Path) -> Json {
    let output = hemotrend(&["summary", "--format", "json", &path.display().to_string()]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    serde_json::from_slice(&output.stdout).expect("JSON")
}

/// [`summary_json`] of a file named `name` holding `text`, written in a
/// folder of its own for the run.
pub fn summary_json_of(name: &str, text: &str) -> Json {
    let folder = tempfile::tempdir().expect("a folder");
    let path = folder.path().join(name);
    std::fs::write(&path, text).expect("written");
    summary_json(&path)
}

/// The `patient_id` of every patient in a summary, in its order.
pub fn patient_ids(json: &Json) -> Vec<Json> {
    json["patients"]
        .as_array()
        .expect("patients")
        .iter()
        .map(|p| p["patient_id"].clone())
        .collect()
}

/// Each entry of a JSON list of rejections or warnings as `(line, column,
/// reason)`; every one must name a line and a column.
pub fn lines_columns_reasons(list: &Json) -> Vec<(u64, &str, &str)> {
    list.as_array()
        .expect("a list")
        .iter()
        .map(|w| {
            (
                w["line"].as_u64().expect("a line"),
                w["column"].as_str().expect("a column"),
                w["reason"].as_str().expect("a reason"),
            )
        })
        .collect()
}
