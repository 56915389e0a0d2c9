//! The loading screen, end to end: the real binary in a real
//! pseudo-terminal on a file big enough to take a moment. It shows its
//! progress, q cancels it, and a file that cannot be used is reported on
//! the ordinary screen afterwards. Nothing is timed: a generous deadline
//! only guards against a hang.

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
    let mut session = Session::start(&[&path], &[]);
    session.expect("Loading");
    session.expect("q or Ctrl-C cancels");
    assert!(
        session.alternate(),
        "the loading screen is on the alternate screen"
    );
    session.keys("q");
    assert_eq!(session.exit_code(), 0);
    assert!(!session.alternate(), "the terminal is given back");
}

#[test]
fn a_file_that_cannot_be_used_is_reported_after_the_loading_screen() {
    let folder = tempfile::tempdir().expect("temp dir");
    let path = folder.path().join("empty.csv");
    std::fs::write(&path, "").expect("write");
    let path = path.display().to_string();
    let mut session = Session::start(&[&path], &[]);
    assert_eq!(session.exit_code(), 2);
    session.expect("the file is empty; expected a CSV header line");
    assert!(!session.alternate());
}

#[test]
fn a_loaded_file_opens_the_dashboard() {
    let (_folder, path) = big_file(30_000);
    let path = path.display().to_string();
    let mut session = Session::start(&[&path], &[]);
    session.expect("Patients 20000");
    session.keys("q");
    assert_eq!(session.exit_code(), 0);
}
