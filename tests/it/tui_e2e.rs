//! End to end: the real binary in a real pseudo-terminal, read back through
//! a vt100 screen parser. Keys are typed as a user would; the test waits for
//! what the screen must show (a generous deadline only guards against a
//! hang, nothing is timed), then checks that quitting leaves the alternate
//! screen and exits with status 0.

use crate::support::pty::Session;

const ROWS: u16 = 30;
const COLS: u16 = 100;

impl Session {
    fn dashboard(args: &[&str], env: &[(&str, &str)]) -> Session {
        Session::hemotrend(args, env, COLS, ROWS)
    }
}

#[test]
fn dashboard_in_a_real_terminal() {
    let mut session = Session::dashboard(&[], &[]);
    session.expect("Patients 11");
    session.expect("Trends · P002");
    assert!(
        session.alternate(),
        "the dashboard runs on the alternate screen"
    );

    // Down to P001: the header, the charts and the readout follow.
    session.keys("j");
    session.expect("Trends · P001");
    session.expect("P001 Alder, Maren");
    session.expect("draw 24 of 24");

    // Back to the oldest draw, then step one draw newer.
    session.keys("\x1b[H");
    session.expect("draw 1 of 24");
    session.keys("l");
    session.expect("draw 2 of 24");

    // Help, then Esc closes it without quitting.
    session.keys("?");
    session.expect("Help — keys and legend");
    session.keys("\x1b");
    session.expect_gone("Help — keys and legend");
    session.expect("Trends · P001");

    // Filter by name as you type; Enter keeps it.
    session.keys("/grey");
    session.expect("Patients 1/11");
    session.keys("\r");
    session.expect("Trends · P007");
    session.expect("sex unknown");

    // The rejected rows popup.
    session.keys("r");
    session.expect("Rejected: 0 rows");
    session.keys("\x1b");
    session.expect_gone("Rejected: 0 rows");

    // Tab to the table, then quit.
    session.keys("\t\t");
    session.expect("Cumulative report · P007");
    session.keys("q");
    assert_eq!(session.finish(), 0);
    session.expect_gone("Cumulative report");
    assert!(!session.alternate(), "quitting leaves the alternate screen");
}

#[test]
fn esc_clears_the_filter_and_never_quits() {
    let mut session = Session::dashboard(&[], &[("NO_COLOR", "1")]);
    session.expect("Patients 11");
    session.keys("/zzz\r");
    session.expect("no patient matches");
    session.keys("\x1b");
    session.expect("Patients 11");
    // Esc again has nothing to close: the next key still reaches the
    // dashboard, which shows the help (it did not quit).
    session.keys("\x1b");
    // Pacing only (nothing is timed): a key right behind a lone Esc in the
    // same read would arrive as Alt and that key.
    std::thread::sleep(std::time::Duration::from_millis(500));
    session.keys("?");
    session.expect("Help — keys and legend");
    session.keys("q");
    assert_eq!(session.finish(), 0);
    assert!(!session.alternate());
}

#[test]
fn patient_option_shows_only_that_patient() {
    let mut session = Session::dashboard(&["--patient", "H702311"], &[]);
    session.expect("Patients 1");
    session.expect("Trends · H702311");
    session.keys("q");
    assert_eq!(session.finish(), 0);
}
