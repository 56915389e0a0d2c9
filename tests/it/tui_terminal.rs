//! The real binary in a real pseudo-terminal: a mouse click (the SGR
//! sequence a terminal sends), SIGTERM and SIGHUP (the terminal restored:
//! the escape sequences written, and the modes `stty` reads afterwards), and
//! Ctrl-Z then `fg` from an interactive bash with job control. Every wait is
//! for what the screen shows; the deadline only guards against a hang.

#![cfg(unix)]
// kill(2) on the child under test.
#![allow(unsafe_code)]

use std::path::Path;

use crate::support::pty::Session;
use rstest::rstest;

const BIN: &str = env!("CARGO_BIN_EXE_hemotrend");

/// True when `needle` occurs in `bytes` at or after `from`.
fn written_after(bytes: &[u8], from: usize, needle: &str) -> bool {
    bytes
        .get(from..)
        .is_some_and(|rest| rest.windows(needle.len()).any(|w| w == needle.as_bytes()))
}

#[test]
fn a_click_selects_a_patient_and_the_mouse_is_turned_off_on_quit() {
    let mut session = Session::hemotrend(&[], &[], 100, 30);
    session.expect("Patients 11");
    session.expect("Trends · P002");
    let raw = session.raw();
    // Mouse reporting on: button presses, and SGR coordinates.
    assert!(written_after(&raw, 0, "\x1b[?1000h"), "mouse reporting on");
    assert!(
        written_after(&raw, 0, "\x1b[?1006h"),
        "SGR mouse coordinates"
    );
    // A left press at column 6, row 5 (1-based): P001, the list's second
    // patient, then the release.
    session.keys("\x1b[<0;6;5M\x1b[<0;6;5m");
    session.expect("Trends · P001");
    // The wheel over the list moves the selection on.
    session.keys("\x1b[<65;6;5M");
    session.expect("Trends · H702311");
    let before_quit = session.raw().len();
    session.keys("q");
    assert_eq!(session.finish(), 0);
    let raw = session.raw();
    assert!(written_after(&raw, before_quit, "\x1b[?1000l"), "mouse off");
    assert!(!session.alternate());
}

#[rstest]
#[case::sigterm(libc::SIGTERM, "status=143")]
#[case::sighup(libc::SIGHUP, "status=129")]
fn a_signal_restores_the_terminal_and_exits_128_plus_its_number(
    #[case] signal: i32,
    #[case] status: &str,
) {
    // A shell runs hemotrend and reports its status and the terminal's
    // modes after it: what the user's shell would find.
    let script = "\"$0\" </dev/tty & echo \"pid=$!\"; wait $!; echo \"status=$?\"; stty -a";
    let mut session = Session::start("sh", &["-c", script, BIN], &[], 100, 30);
    session.expect("Patients 11");
    let raw = session.raw();
    let text = String::from_utf8_lossy(&raw);
    let pid: i32 = text
        .split("pid=")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|pid| pid.parse().ok())
        .expect("the shell printed the pid");
    let before = raw.len();
    // SAFETY: kill(2) on the child this test started.
    assert_eq!(unsafe { libc::kill(pid, signal) }, 0);
    session.expect(status);
    assert_eq!(session.finish(), 0);
    let raw = session.raw();
    for (sequence, what) in [
        ("\x1b[?1049l", "the alternate screen left"),
        ("\x1b[?1000l", "mouse reporting off"),
        ("\x1b[?25h", "the cursor shown"),
    ] {
        assert!(written_after(&raw, before, sequence), "{what}");
    }
    assert!(!session.alternate());
    // stty -a after the exit: canonical mode and echo are back on.
    let screen = session.screen();
    let modes: Vec<&str> = screen.split_whitespace().collect();
    for mode in ["icanon", "echo", "isig"] {
        assert!(modes.contains(&mode), "{mode} in:\n{screen}");
        assert!(!modes.contains(&format!("-{mode}").as_str()), "{screen}");
    }
}

/// Ctrl-Z in the dashboard, then `fg`, in an interactive bash with job
/// control (`bash -i` in the pseudo-terminal): the shell gets a clean
/// terminal and its prompt, and `fg` brings the dashboard back, redrawn and
/// taking keys. Needs /bin/bash (Debian has it): without it the test fails
/// rather than passing unrun.
#[test]
fn ctrl_z_suspends_to_the_shell_and_fg_brings_the_dashboard_back() {
    assert!(
        Path::new("/bin/bash").exists(),
        "needs /bin/bash for job control"
    );
    let env = [("PS1", "READY$ "), ("HISTFILE", "/dev/null")];
    let mut session = Session::start("/bin/bash", &["--norc", "--noprofile", "-i"], &env, 100, 30);
    session.expect("READY$");
    session.keys(&format!("{BIN}\r"));
    session.expect("Patients 11");
    session.wait_until("the dashboard on the alternate screen", Session::alternate);
    session.keys("\x1a");
    session.wait_until("the normal screen back", |s| !s.alternate());
    session.expect("Stopped");
    session.wait_for("a new prompt", |screen| {
        screen.matches("READY$").count() >= 2
    });
    // The shell's terminal works: a command runs and prints.
    session.keys("echo still-$((6*7))\r");
    session.expect("still-42");
    session.keys("fg\r");
    session.wait_until("the dashboard back", Session::alternate);
    session.expect("Patients 11");
    session.expect("Trends · P002");
    // It takes keys again (raw mode is back): down to P001, then quit.
    session.keys("j");
    session.expect("Trends · P001");
    session.keys("q");
    session.wait_until("the shell back after q", |s| !s.alternate());
    session.keys("echo done-$?\r");
    session.expect("done-0");
    session.keys("exit\r");
    assert_eq!(session.finish(), 0);
}
