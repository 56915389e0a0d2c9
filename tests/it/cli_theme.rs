//! `--theme` and the configuration file's `theme` key on the command line:
//! a known theme is taken by every command, an unknown one refused with the
//! file and line; and `--patient` in any case, as `/` matches.

use std::fs;

use crate::support::bin::hemotrend;

#[test]
fn an_unknown_theme_is_refused_by_name() {
    let output = hemotrend(&["--theme", "solarized"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("dark") && stderr.contains("light"),
        "{stderr}"
    );
}

#[test]
fn the_config_files_theme_is_read_and_checked() {
    let dir = tempfile::tempdir().expect("temp dir");
    let good = dir.path().join("good.toml");
    fs::write(&good, "theme = \"light\"\nretic_method = \"manual\"\n").expect("write");
    let output = hemotrend(&["config", "--config", good.to_str().expect("utf-8")]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("retic_method = \"manual\""), "{text}");

    let bad = dir.path().join("bad.toml");
    fs::write(&bad, "retic_method = \"manual\"\ntheme = \"blue\"\n").expect("write");
    let output = hemotrend(&["summary", "--config", bad.to_str().expect("utf-8")]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("bad.toml line 2: theme must be \"dark\" or \"light\""),
        "{stderr}"
    );
}

#[test]
fn patient_matches_in_any_case() {
    let exact = hemotrend(&["summary", "--patient", "P001"]);
    let lower = hemotrend(&["summary", "--patient", "p001"]);
    assert_eq!(lower.status.code(), Some(0), "{lower:?}");
    assert_eq!(lower.stdout, exact.stdout);
    let none = hemotrend(&["summary", "--patient", "p999"]);
    assert_eq!(none.status.code(), Some(2));
}

/// `--theme` is read before or after the command, as `--config` is.
#[test]
fn the_theme_is_given_before_or_after_the_command() {
    for args in [
        ["--theme", "light", "config"],
        ["config", "--theme", "light"],
    ] {
        let output = hemotrend(&args);
        assert_eq!(output.status.code(), Some(0), "{args:?}: {output:?}");
        let text = String::from_utf8_lossy(&output.stdout);
        assert!(text.contains("\ntheme = \"light\"\n"), "{args:?}: {text}");
    }
}
