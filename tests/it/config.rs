//! `--config`, the standard configuration path and `hemotrend config`, run
//! on the real binary.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value as Json;

/// A fresh folder of this test's own under the target's temporary folder.
fn scratch(name: &str) -> PathBuf {
    let folder = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("config-tests")
        .join(name);
    let _ = fs::remove_dir_all(&folder);
    fs::create_dir_all(&folder).expect("a scratch folder");
    folder
}

fn data(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
        .display()
        .to_string()
}

/// Runs the binary with `xdg` as `XDG_CONFIG_HOME`.
fn hemotrend(xdg: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hemotrend"))
        .args(args)
        .env("XDG_CONFIG_HOME", xdg)
        .output()
        .expect("the binary runs")
}

fn json(output: &Output) -> Json {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|_| panic!("JSON: {output:?}"))
}

fn write(path: &Path, text: &str) -> String {
    fs::write(path, text).expect("write a config");
    path.display().to_string()
}

#[test]
fn defaults_print_as_a_file_that_loads_back_unchanged() {
    let home = scratch("round-trip");
    let printed = hemotrend(&home, &["config", "--defaults"]);
    assert_eq!(printed.status.code(), Some(0), "{printed:?}");
    let text = String::from_utf8(printed.stdout).unwrap();
    assert!(text.contains("retic_method = \"automated\""), "{text}");
    let file = write(&home.join("defaults.toml"), &text);

    // Read back: nothing differs from clinical.md, and `config` prints the
    // same file under a line saying where it came from.
    let again = hemotrend(&home, &["config", "--config", &file]);
    assert_eq!(again.status.code(), Some(0), "{again:?}");
    let again = String::from_utf8(again.stdout).unwrap();
    let (first, rest) = again.split_once('\n').unwrap();
    assert_eq!(
        first,
        format!("# In force: {file}; no number differs from docs/clinical.md.")
    );
    assert_eq!(rest, text);

    let summary = hemotrend(
        &home,
        &[
            "summary",
            "--format",
            "json",
            "--config",
            &file,
            &data("wide-good.csv"),
        ],
    );
    let config = &json(&summary)["config"];
    assert_eq!(config["source"], file.as_str());
    assert_eq!(config["path"], file.as_str());
    assert_eq!(config["retic_method"], "automated");
    assert_eq!(config["retic_cutoff"], 60);
    assert_eq!(config["changed"], serde_json::json!([]));
}

/// The file's `theme` key is named in the defaults (commented out) and,
/// when a file or `--theme` chooses one, `config` writes it: the printed
/// file reads back to the same theme.
#[test]
fn config_names_the_theme_and_writes_the_one_chosen() {
    let home = scratch("theme");
    let defaults = hemotrend(&home, &["config", "--defaults"]);
    let defaults = String::from_utf8(defaults.stdout).unwrap();
    assert!(
        defaults.contains("\n# theme = \"dark\"    # or \"light\"\n"),
        "{defaults}"
    );
    let file = write(&home.join("light.toml"), "theme = \"light\"\n");
    let printed = hemotrend(&home, &["config", "--config", &file]);
    let printed = String::from_utf8(printed.stdout).unwrap();
    assert!(printed.contains("\ntheme = \"light\"\n"), "{printed}");
    let again = write(&home.join("again.toml"), &printed);
    let chosen = hemotrend(&home, &["--theme", "dark", "config", "--config", &again]);
    let chosen = String::from_utf8(chosen.stdout).unwrap();
    assert!(
        chosen.contains("\ntheme = \"dark\"\n"),
        "--theme wins: {chosen}"
    );
}

#[test]
fn without_a_file_the_defaults_are_in_force_and_said_so() {
    let home = scratch("none");
    let output = hemotrend(
        &home,
        &["summary", "--format", "json", &data("wide-good.csv")],
    );
    let config = &json(&output)["config"];
    assert_eq!(config["source"], "defaults (docs/clinical.md)");
    assert_eq!(config["path"], Json::Null);
    let table = hemotrend(&home, &["summary", &data("wide-good.csv")]);
    let text = String::from_utf8_lossy(&table.stdout);
    assert!(
        text.contains(
            "Configuration: defaults (docs/clinical.md); severe reticulocyte criterion < 60 x10^9/L (automated count)."
        ),
        "{text}"
    );
}

#[test]
fn the_standard_path_is_read_and_named() {
    let home = scratch("standard");
    fs::create_dir_all(home.join("hemotrend")).unwrap();
    let file = write(
        &home.join("hemotrend/config.toml"),
        "retic_method = \"manual\"\n[reference.plt]\nlower = 170\nupper = 450\n",
    );
    let output = hemotrend(
        &home,
        &["summary", "--format", "json", &data("wide-good.csv")],
    );
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let summary = json(&output);
    assert_eq!(
        summary["config"]["source"],
        format!("{file} (standard path)")
    );
    assert_eq!(summary["config"]["retic_cutoff"], 20);
    assert_eq!(
        summary["config"]["changed"],
        serde_json::json!([
            "reference.plt.lower.female",
            "reference.plt.lower.male",
            "retic_method"
        ])
    );
    // A1's latest platelets, 160000 /uL = 160, are above clinical.md's 150
    // but below this site's 170.
    let a1 = &summary["patients"][0];
    assert_eq!(a1["patient_id"], "A1");
    assert_eq!(a1["latest"]["plt"], 160);
    assert_eq!(a1["below"], serde_json::json!(["plt"]));

    // --config wins over the standard path.
    let given = write(&home.join("given.toml"), "");
    let output = hemotrend(
        &home,
        &[
            "summary",
            "--format",
            "json",
            "--config",
            &given,
            &data("wide-good.csv"),
        ],
    );
    assert_eq!(json(&output)["config"]["source"], given.as_str());
}

#[test]
fn an_unknown_key_stops_every_command_before_loading_naming_the_line() {
    let home = scratch("unknown-key");
    let file = write(
        &home.join("config.toml"),
        "# site limits\nretic_method = \"automated\"\n\n[severe]\nanc = 0.5\nplt = 20\nfoo = 3\n",
    );
    // The input does not exist: the configuration must be refused first.
    for args in [
        &["summary", "--config", &file, "/no/such/input.csv"][..],
        &["check", "--config", &file, "/no/such/input.csv"],
        &["config", "--config", &file],
        &["--config", &file],
    ] {
        let output = hemotrend(&home, args);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {output:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains(&format!("{file} line 7: unknown key \"foo\"")),
            "{stderr}"
        );
        assert!(
            stderr.ends_with("\n    foo = 3\n"),
            "the line itself: {stderr}"
        );
        assert!(!stderr.contains("input.csv"), "nothing loaded: {stderr}");
        assert!(output.stdout.is_empty());
    }
    // --defaults does not depend on the file in force: it is how to start over.
    let output = hemotrend(&home, &["config", "--defaults", "--config", &file]);
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn a_broken_file_at_the_standard_path_is_refused_too() {
    let home = scratch("standard-broken");
    fs::create_dir_all(home.join("hemotrend")).unwrap();
    write(
        &home.join("hemotrend/config.toml"),
        "[cytopenia]\nhgb = \"ten\"\n",
    );
    let output = hemotrend(&home, &["summary", &data("wide-good.csv")]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("config.toml line 2:"), "{stderr}");
    assert!(stderr.contains("\"ten\""), "{stderr}");
}

#[test]
fn a_contradiction_or_a_missing_file_is_refused() {
    let home = scratch("contradiction");
    let file = write(
        &home.join("config.toml"),
        "[reference.hgb]\nlower = { male = 13.5, female = 16 }\nupper = { male = 17.5, female = 15.5 }\n",
    );
    let output = hemotrend(
        &home,
        &["summary", "--config", &file, &data("wide-good.csv")],
    );
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr
            .contains("reference.hgb: the female lower limit 16 is not below the upper limit 15.5"),
        "{stderr}"
    );
    // A severe cut-off above the cytopenia one grades nothing the scheme
    // means: refused, named.
    let file = write(&home.join("nested.toml"), "[severe]\nplt = 60\n");
    let output = hemotrend(
        &home,
        &["summary", "--config", &file, &data("wide-good.csv")],
    );
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("severe.plt 60 is not below cytopenia.plt 50"),
        "{stderr}"
    );
    let missing = home.join("absent.toml").display().to_string();
    let output = hemotrend(
        &home,
        &["check", "--config", &missing, &data("wide-good.csv")],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("cannot be read"));
}

#[test]
fn config_help_has_an_example() {
    let home = scratch("help");
    let output = hemotrend(&home, &["config", "--help"]);
    assert!(String::from_utf8_lossy(&output.stdout).contains("Example"));
}

/// The options shared by every command may come before the command, as
/// they do after it: `hemotrend --config FILE summary PATH` read "summary"
/// as a file to open.
#[test]
fn shared_options_before_the_command_apply_to_it() {
    let home = scratch("before-the-command");
    let file = write(&home.join("manual.toml"), "retic_method = \"manual\"\n");
    let sample = concat!(env!("CARGO_MANIFEST_DIR"), "/sample-data");
    for args in [
        [
            "--config",
            file.as_str(),
            "summary",
            "--format",
            "json",
            sample,
        ],
        [
            "summary",
            "--format",
            "json",
            "--config",
            file.as_str(),
            sample,
        ],
    ] {
        let run = hemotrend(&home, &args);
        assert_eq!(run.status.code(), Some(0), "{args:?}: {run:?}");
        assert_eq!(json(&run)["config"]["retic_method"], "manual", "{args:?}");
    }
    // `check --patient`: every row checked, theirs listed, then the patient's draws; a
    // patient the files do not hold is an error.
    let one = hemotrend(&home, &["--patient", "P001", "check", sample]);
    assert_eq!(one.status.code(), Some(0), "{one:?}");
    let text = String::from_utf8_lossy(&one.stdout);
    assert!(text.contains("draws of 11 patients"), "{text}");
    assert!(
        text.ends_with(
            "Patient P001: 24 draws, 2023-06-19 → 2025-04-25; 0 rejections and 0 warnings \
             of theirs listed above.\n"
        ),
        "{text}"
    );
    let none = hemotrend(&home, &["check", sample, "--patient", "NOPE"]);
    assert_eq!(none.status.code(), Some(2), "{none:?}");
    assert!(String::from_utf8_lossy(&none.stderr).contains("no patient with id \"NOPE\""));
}
