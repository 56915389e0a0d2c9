//! End to end: the real binary in a real pseudo-terminal, read back through
//! a vt100 screen parser. Keys are typed as a user would; the test waits for
//! what the screen must show (a generous deadline only guards against a
//! hang, nothing is timed), then checks that quitting leaves the alternate
//! screen and exits with status 0.

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, PtySize, native_pty_system};

const ROWS: u16 = 30;
const COLS: u16 = 100;
/// Only a guard against a hung binary on a busy machine.
const DEADLINE: Duration = Duration::from_secs(60);

/// The binary under a pseudo-terminal, and the screen it has drawn.
struct Session {
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    parser: Arc<Mutex<vt100::Parser>>,
}

impl Session {
    fn start(args: &[&str], env: &[(&str, &str)]) -> Session {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pseudo-terminal");
        let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_hemotrend"));
        command.args(args);
        command.env("TERM", "xterm-256color");
        command.env_remove("NO_COLOR");
        for (key, value) in env {
            command.env(key, value);
        }
        let child = pty.slave.spawn_command(command).expect("spawn hemotrend");
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().expect("pty reader");
        let writer = pty.master.take_writer().expect("pty writer");
        let rows = NonZeroU16::new(ROWS).expect("rows");
        let cols = NonZeroU16::new(COLS).expect("cols");
        let parser = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
        let feed = Arc::clone(&parser);
        // The master must stay open while the child runs; keep it in the thread.
        let master = pty.master;
        thread::spawn(move || {
            let _master = master;
            let mut bytes = [0u8; 8192];
            while let Ok(read) = reader.read(&mut bytes) {
                if read == 0 {
                    break;
                }
                if let Ok(mut parser) = feed.lock() {
                    parser.process(&bytes[..read]);
                }
            }
        });
        Session {
            child,
            writer,
            parser,
        }
    }

    fn screen(&self) -> String {
        self.parser.lock().expect("parser").screen().contents()
    }

    fn alternate(&self) -> bool {
        self.parser
            .lock()
            .expect("parser")
            .screen()
            .alternate_screen()
    }

    /// Waits until the screen shows `text`; fails with the screen otherwise.
    fn expect(&self, text: &str) {
        let start = Instant::now();
        while start.elapsed() < DEADLINE {
            if self.screen().contains(text) {
                return;
            }
            thread::sleep(Duration::from_millis(20));
        }
        panic!("the screen never showed {text:?}:\n{}", self.screen());
    }

    /// Waits until the screen no longer shows `text`.
    fn expect_gone(&self, text: &str) {
        let start = Instant::now();
        while start.elapsed() < DEADLINE {
            if !self.screen().contains(text) {
                return;
            }
            thread::sleep(Duration::from_millis(20));
        }
        panic!("the screen kept showing {text:?}:\n{}", self.screen());
    }

    fn keys(&mut self, bytes: &str) {
        self.writer.write_all(bytes.as_bytes()).expect("type");
        self.writer.flush().expect("flush");
    }

    /// Waits for the child to exit; its status code.
    fn exit_code(&mut self) -> u32 {
        let start = Instant::now();
        while start.elapsed() < DEADLINE {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status.exit_code();
            }
            thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        panic!("hemotrend did not exit:\n{}", self.screen());
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
        }
    }
}

#[test]
fn dashboard_in_a_real_terminal() {
    let mut session = Session::start(&[], &[]);
    session.expect("Patients 10");
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
    session.expect("Patients 1/10");
    session.keys("\r");
    session.expect("Trends · P007");
    session.expect("sex unknown");

    // The rejected rows popup.
    session.keys("r");
    session.expect("Rejected rows: 0");
    session.keys("\x1b");
    session.expect_gone("Rejected rows: 0");

    // Tab to the table, then quit.
    session.keys("\t\t");
    session.expect("Cumulative report · P007");
    session.keys("q");
    assert_eq!(session.exit_code(), 0);
    session.expect_gone("Cumulative report");
    assert!(!session.alternate(), "quitting leaves the alternate screen");
}

#[test]
fn esc_clears_the_filter_before_it_quits() {
    let mut session = Session::start(&[], &[("NO_COLOR", "1")]);
    session.expect("Patients 10");
    session.keys("/zzz\r");
    session.expect("no patient matches");
    session.keys("\x1b");
    session.expect("Patients 10");
    session.keys("\x1b");
    assert_eq!(session.exit_code(), 0);
    assert!(!session.alternate());
}

#[test]
fn patient_option_shows_only_that_patient() {
    let mut session = Session::start(&["--patient", "H702311"], &[]);
    session.expect("Patients 1");
    session.expect("Trends · H702311");
    session.keys("q");
    assert_eq!(session.exit_code(), 0);
}
