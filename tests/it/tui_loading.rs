//! The loading screen, end to end: the real binary in a real
//! pseudo-terminal on a file big enough to take a moment. It shows its
//! progress, q cancels it, and a file that cannot be used is reported on
//! the ordinary screen afterwards. Nothing is timed: a generous deadline
//! only guards against a hang.

use crate::support::pty::Session;

const ROWS: u16 = 30;
const COLS: u16 = 100;

/// hemotrend on `args` in a pseudo-terminal of `COLS` x `ROWS`.
fn start(args: &[&str]) -> Session {
    Session::hemotrend(args, &[], COLS, ROWS)
}

/// A wide file of `rows` rows, written to a fresh folder.
fn big_file(rows: usize) -> (tempfile::TempDir, std::path::PathBuf) {
    let folder = tempfile::tempdir().expect("temp dir");
    let path = folder.path().join("big.csv");
    let mut text = String::from("patient_id,collected_at,plt,hgb,anc\n");
    for row in 0..rows {
        text.push_str(&format!(
            "P{:05},2024-{:02}-{:02}T08:00,{},12.5,1.{}\n",
            row % 20_000,
            1 + row % 12,
            1 + row % 28,
            100 + row % 300,
            row % 10
        ));
    }
    std::fs::write(&path, text).expect("write");
    (folder, path)
}

#[test]
fn the_loading_screen_shows_progress_and_q_cancels_it() {
    let (_folder, path) = big_file(2_000_000);
    let path = path.display().to_string();
    let mut session = start(&[&path]);
    session.expect("Loading");
    session.expect("q or Ctrl-C cancels");
    assert!(
        session.alternate(),
        "the loading screen is on the alternate screen"
    );
    session.keys("q");
    assert_eq!(session.finish(), 0);
    assert!(!session.alternate(), "the terminal is given back");
}

#[test]
fn a_file_that_cannot_be_used_is_reported_after_the_loading_screen() {
    let folder = tempfile::tempdir().expect("temp dir");
    let path = folder.path().join("empty.csv");
    std::fs::write(&path, "").expect("write");
    let path = path.display().to_string();
    let mut session = start(&[&path]);
    assert_eq!(session.exit_code(), 2);
    session.expect("the file is empty; expected a CSV header line");
    assert!(!session.alternate());
}

#[test]
fn a_loaded_file_opens_the_dashboard() {
    let (_folder, path) = big_file(30_000);
    let path = path.display().to_string();
    let mut session = start(&[&path]);
    session.expect("Patients 20000");
    session.keys("q");
    assert_eq!(session.exit_code(), 0);
}
