//! End to end, the real binary in a real pseudo-terminal: a crash leaves a
//! usable terminal, text from the file never drives the terminal, and a
//! session leaves its input untouched.

mod support;

use support::pty::Session;

const COLS: u16 = 100;
const ROWS: u16 = 30;

/// The words `stty -a` printed, e.g. `icanon` or `-echo`.
fn stty_words(screen: &str) -> Vec<&str> {
    screen
        .split(|c: char| c.is_whitespace() || c == ';')
        .collect()
}

#[cfg(debug_assertions)]
#[test]
fn a_panic_leaves_a_usable_terminal_and_says_why() {
    let script = format!(
        "'{}'; echo \"exit=$?\"; stty -a",
        env!("CARGO_BIN_EXE_hemotrend")
    );
    let mut session = Session::start(
        "sh",
        &["-c", &script],
        &[("HEMOTREND_DEBUG_PANIC", "1"), ("RUST_BACKTRACE", "0")],
        COLS,
        ROWS,
    );
    session.expect("Patients 10");
    session.wait_until(
        "the dashboard is on the alternate screen",
        Session::alternate,
    );
    session.wait_until("the dashboard hides the cursor", Session::cursor_hidden);
    session.keys("j");
    assert_eq!(session.finish(), 0, "sh ends with stty's status");
    let screen = session.screen();
    assert!(screen.contains("deliberate panic"), "{screen}");
    assert!(screen.contains("exit=101"), "a panic's status: {screen}");
    let words = stty_words(&screen);
    for mode in ["icanon", "echo", "isig"] {
        assert!(words.contains(&mode), "{mode} is back on:\n{screen}");
        assert!(
            !words.contains(&format!("-{mode}").as_str()),
            "{mode} was left off:\n{screen}"
        );
    }
    assert!(!session.alternate(), "the alternate screen was left");
    assert!(!session.cursor_hidden(), "the cursor is shown");
}
