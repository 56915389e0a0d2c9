//! Signals while the dashboard owns the terminal: SIGTERM, SIGHUP and SIGINT
//! restore the terminal and exit with 128 + the signal's number (a `kill`,
//! a closed tmux pane or an SSH drop must not leave a dead shell); SIGTSTP
//! (Ctrl-Z arrives as a key in raw mode, `kill -TSTP` as a signal) gives the
//! terminal back and stops; SIGCONT (`fg`) takes it again and redraws.
//!
//! The handlers only record the signal (all a handler may safely do); the
//! event loop, which wakes at least every [`crate::tui::TICK`], acts on it.
//! A watchdog thread acts on an exit request the loop has left waiting for
//! [`WATCHDOG`]: once the terminal hangs up (a tmux pane or an SSH session
//! closed), crossterm 0.29's reader spins on a read that returns nothing
//! and never gives the loop back, which left the process at full CPU.

use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT, SIGTERM, SIGTSTP};

/// What a signal asks the event loop to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Request {
    /// Restore the terminal and exit with this status (128 + the signal).
    Exit(u8),
    /// Give the terminal back and stop, as Ctrl-Z does.
    Suspend,
    /// The process was continued: take the terminal again and redraw.
    Resume,
}

/// The signals the handlers recorded: an exit request apart from the rest,
/// so that a SIGCONT arriving after a SIGHUP (a shell hanging up sends
/// both to a stopped job) cannot overwrite it; 0 when none.
#[derive(Debug)]
pub struct Signals {
    /// SIGTERM, SIGHUP or SIGINT, the last received; it stays until taken.
    exit: Arc<AtomicUsize>,
    /// SIGTSTP or SIGCONT, the last received.
    pending: Arc<AtomicUsize>,
}

impl Signals {
    /// Installs the handlers. Until [`Signals::take`] is asked, a signal
    /// only waits: the terminal is left to the loop that owns it.
    pub fn install() -> io::Result<Signals> {
        let exit = Arc::new(AtomicUsize::new(0));
        let pending = Arc::new(AtomicUsize::new(0));
        for signal in [SIGTERM, SIGHUP, SIGINT, SIGTSTP, SIGCONT] {
            let value = usize::try_from(signal).unwrap_or(0);
            let flag = match request_for(signal) {
                Some(Request::Exit(_)) => &exit,
                _ => &pending,
            };
            signal_hook::flag::register_usize(signal, Arc::clone(flag), value)?;
        }
        let watched = Arc::clone(&exit);
        std::thread::Builder::new()
            .name("signal watchdog".into())
            .spawn(move || watchdog(&watched))?;
        Ok(Signals { exit, pending })
    }

    /// What the signals received since the last call ask for, if any: an
    /// exit before anything else.
    pub fn take(&self) -> Option<Request> {
        let exit = self.exit.swap(0, Ordering::SeqCst);
        let signal = if exit != 0 {
            exit
        } else {
            self.pending.swap(0, Ordering::SeqCst)
        };
        request_for(i32::try_from(signal).ok()?)
    }

    /// Forgets a suspension or continuation received meanwhile (our own
    /// SIGTSTP and SIGCONT around a suspension); never an exit request.
    pub fn clear(&self) {
        self.pending.store(0, Ordering::SeqCst);
    }
}

/// How long an exit request may wait for the event loop before the
/// watchdog restores the terminal (what is left of it) and exits itself.
pub const WATCHDOG: Duration = Duration::from_secs(1);

/// Every tenth of a second: an exit request still waiting after
/// [`WATCHDOG`] is carried out here.
fn watchdog(pending: &AtomicUsize) {
    let mut waiting = None;
    loop {
        std::thread::sleep(Duration::from_millis(100));
        let signal = pending.load(Ordering::SeqCst);
        if let Some(status) = overdue(signal, &mut waiting, Instant::now()) {
            super::restore::restore();
            std::process::exit(i32::from(status));
        }
    }
}

/// The exit status to leave with when the exit request `signal` has waited
/// [`WATCHDOG`] since `waiting` first saw it; `waiting` follows the signal
/// (any other request, or none, starts it again).
pub fn overdue(signal: usize, waiting: &mut Option<(usize, Instant)>, now: Instant) -> Option<u8> {
    let Some(Request::Exit(status)) = i32::try_from(signal).ok().and_then(request_for) else {
        *waiting = None;
        return None;
    };
    let since = match *waiting {
        Some((seen, since)) if seen == signal => since,
        _ => {
            *waiting = Some((signal, now));
            now
        }
    };
    (now.duration_since(since) >= WATCHDOG).then_some(status)
}

/// The request of one signal number.
pub fn request_for(signal: i32) -> Option<Request> {
    match signal {
        SIGTERM | SIGHUP | SIGINT => u8::try_from(128 + signal).ok().map(Request::Exit),
        SIGTSTP => Some(Request::Suspend),
        SIGCONT => Some(Request::Resume),
        _ => None,
    }
}

/// Stops the process the way Ctrl-Z does in a cooked terminal: the whole
/// foreground process group (so a `cargo run` around hemotrend stops too,
/// and the shell gets its prompt back), then this process, whose own SIGTSTP
/// only went to the handler. Returns once continued (`fg`).
pub fn stop_process_group() -> io::Result<()> {
    // rustix (already under crossterm) wraps kill(2) safely: the crate
    // forbids unsafe code.
    rustix::process::kill_current_process_group(rustix::process::Signal::TSTP)
        .map_err(io::Error::from)?;
    signal_hook::low_level::raise(signal_hook::consts::SIGSTOP)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case(SIGTERM, Some(Request::Exit(143)))]
    #[case(SIGHUP, Some(Request::Exit(129)))]
    #[case(SIGINT, Some(Request::Exit(130)))]
    #[case(SIGTSTP, Some(Request::Suspend))]
    #[case(SIGCONT, Some(Request::Resume))]
    #[case(0, None)]
    fn each_signal_asks_for_its_request(#[case] signal: i32, #[case] expected: Option<Request>) {
        assert_eq!(request_for(signal), expected);
    }

    /// A shell hanging up sends a stopped job SIGHUP, then SIGCONT: the
    /// exit is taken first and never lost to the continuation.
    #[test]
    fn an_exit_request_outlives_a_later_continue() {
        let signals = Signals {
            exit: Arc::new(AtomicUsize::new(SIGHUP as usize)),
            pending: Arc::new(AtomicUsize::new(SIGCONT as usize)),
        };
        signals.clear();
        assert_eq!(signals.take(), Some(Request::Exit(129)));
        assert_eq!(signals.take(), None);
    }

    #[test]
    fn an_exit_request_left_waiting_a_second_is_overdue() {
        let start = Instant::now();
        let at = |ms: u64| start + Duration::from_millis(ms);
        let hup = SIGHUP as usize;
        let mut waiting = None;
        assert_eq!(overdue(hup, &mut waiting, at(0)), None);
        assert_eq!(overdue(hup, &mut waiting, at(999)), None);
        assert_eq!(overdue(hup, &mut waiting, at(1000)), Some(129));
        // Taken by the loop (0) in time: the wait starts again.
        let mut waiting = None;
        assert_eq!(overdue(hup, &mut waiting, at(0)), None);
        assert_eq!(overdue(0, &mut waiting, at(500)), None);
        assert_eq!(overdue(hup, &mut waiting, at(600)), None);
        assert_eq!(overdue(hup, &mut waiting, at(1500)), None);
        assert_eq!(overdue(hup, &mut waiting, at(1600)), Some(129));
        // Suspend and resume are the loop's alone.
        let mut waiting = None;
        assert_eq!(overdue(SIGTSTP as usize, &mut waiting, at(0)), None);
        assert_eq!(overdue(SIGTSTP as usize, &mut waiting, at(5000)), None);
    }
}
