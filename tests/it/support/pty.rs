//! A program in a real pseudo-terminal, read back through a vt100 screen
//! parser that also records what a screen cannot show: the raw bytes, the
//! window titles asked for, and the bell. Tests wait for what the screen
//! must show; the deadline only guards against a hang, nothing is timed.

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, PtySize, native_pty_system};

/// Only a guard against a hung binary on a busy machine.
pub const DEADLINE: Duration = Duration::from_secs(60);

/// What the terminal was asked to do besides drawing.
#[derive(Debug, Default)]
pub struct Requests {
    /// Window titles and icon names set (OSC 0, 1, 2).
    pub titles: Vec<Vec<u8>>,
    /// Other OSC sequences.
    pub osc: Vec<Vec<Vec<u8>>>,
    /// Bells rung.
    pub bells: usize,
}

impl vt100::Callbacks for Requests {
    fn audible_bell(&mut self, _: &mut vt100::Screen) {
        self.bells += 1;
    }
    fn set_window_icon_name(&mut self, _: &mut vt100::Screen, name: &[u8]) {
        self.titles.push(name.to_vec());
    }
    fn set_window_title(&mut self, _: &mut vt100::Screen, title: &[u8]) {
        self.titles.push(title.to_vec());
    }
    fn unhandled_osc(&mut self, _: &mut vt100::Screen, params: &[&[u8]]) {
        self.osc.push(params.iter().map(|p| p.to_vec()).collect());
    }
}

type Parser = vt100::Parser<Requests>;

/// A program under a pseudo-terminal, and everything it has written.
pub struct Session {
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    parser: Arc<Mutex<Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
    /// Set when the terminal's output has ended (every writer closed).
    closed: Arc<AtomicBool>,
}

impl Session {
    /// hemotrend with these arguments and extra environment, `cols` x `rows`.
    pub fn hemotrend(args: &[&str], env: &[(&str, &str)], cols: u16, rows: u16) -> Session {
        Session::start(env!("CARGO_BIN_EXE_hemotrend"), args, env, cols, rows)
    }

    /// Any program, in the package root, with `TERM=xterm-256color` and no
    /// `NO_COLOR` unless `env` sets it.
    pub fn start(
        program: &str,
        args: &[&str],
        env: &[(&str, &str)],
        cols: u16,
        rows: u16,
    ) -> Session {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pseudo-terminal");
        let mut command = CommandBuilder::new(program);
        command.args(args);
        command.cwd(Path::new(env!("CARGO_MANIFEST_DIR")));
        command.env("TERM", "xterm-256color");
        command.env_remove("NO_COLOR");
        for (key, value) in env {
            command.env(key, value);
        }
        let child = pty.slave.spawn_command(command).expect("spawn");
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().expect("pty reader");
        let writer = pty.master.take_writer().expect("pty writer");
        let parser = Arc::new(Mutex::new(Parser::new_with_callbacks(
            NonZeroU16::new(rows).expect("rows"),
            NonZeroU16::new(cols).expect("cols"),
            0,
            Requests::default(),
        )));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let closed = Arc::new(AtomicBool::new(false));
        let (feed, record, end) = (Arc::clone(&parser), Arc::clone(&raw), Arc::clone(&closed));
        // The master must stay open while the child runs; keep it in the thread.
        let master = pty.master;
        thread::spawn(move || {
            let _master = master;
            let mut bytes = [0u8; 8192];
            while let Ok(read) = reader.read(&mut bytes) {
                if read == 0 {
                    break;
                }
                if let Ok(mut raw) = record.lock() {
                    raw.extend_from_slice(&bytes[..read]);
                }
                if let Ok(mut parser) = feed.lock() {
                    parser.process(&bytes[..read]);
                }
            }
            end.store(true, Ordering::SeqCst);
        });
        Session {
            child,
            writer,
            parser,
            raw,
            closed,
        }
    }

    /// The screen's text.
    pub fn screen(&self) -> String {
        self.parser.lock().expect("parser").screen().contents()
    }

    /// True while the program is on the alternate screen.
    pub fn alternate(&self) -> bool {
        self.parser
            .lock()
            .expect("parser")
            .screen()
            .alternate_screen()
    }

    /// True while the cursor is hidden.
    pub fn cursor_hidden(&self) -> bool {
        self.parser.lock().expect("parser").screen().hide_cursor()
    }

    /// Window titles (and icon names) the program set.
    pub fn titles(&self) -> Vec<String> {
        self.parser
            .lock()
            .expect("parser")
            .callbacks()
            .titles
            .iter()
            .map(|t| String::from_utf8_lossy(t).into_owned())
            .collect()
    }

    /// Every byte the program wrote so far.
    pub fn raw(&self) -> Vec<u8> {
        self.raw.lock().expect("raw").clone()
    }

    /// Waits until `done` holds for the screen; fails with the screen otherwise.
    pub fn wait_for(&self, what: &str, done: impl Fn(&str) -> bool) {
        let start = Instant::now();
        while start.elapsed() < DEADLINE {
            if done(&self.screen()) {
                return;
            }
            thread::sleep(Duration::from_millis(20));
        }
        panic!("the screen never showed {what}:\n{}", self.screen());
    }

    /// Waits until `done` holds for the session (its modes, say).
    pub fn wait_until(&self, what: &str, done: impl Fn(&Session) -> bool) {
        let start = Instant::now();
        while start.elapsed() < DEADLINE {
            if done(self) {
                return;
            }
            thread::sleep(Duration::from_millis(20));
        }
        panic!("never: {what}:\n{}", self.screen());
    }

    /// Waits until the screen shows `text`.
    pub fn expect(&self, text: &str) {
        self.wait_for(&format!("{text:?}"), |screen| screen.contains(text));
    }

    /// Waits until the screen no longer shows `text`.
    pub fn expect_gone(&self, text: &str) {
        self.wait_for(&format!("no {text:?}"), |screen| !screen.contains(text));
    }

    /// Types `bytes`.
    pub fn keys(&mut self, bytes: &str) {
        self.writer.write_all(bytes.as_bytes()).expect("type");
        self.writer.flush().expect("flush");
    }

    /// Waits for the program to exit; its status code.
    pub fn exit_code(&mut self) -> u32 {
        let start = Instant::now();
        while start.elapsed() < DEADLINE {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status.exit_code();
            }
            thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        panic!("the program did not exit:\n{}", self.screen());
    }

    /// Waits for the program to exit and for its last output to be read
    /// (the terminal's output ends when every process holding it is gone).
    pub fn finish(&mut self) -> u32 {
        let code = self.exit_code();
        let start = Instant::now();
        while !self.closed.load(Ordering::SeqCst) {
            assert!(
                start.elapsed() < DEADLINE,
                "the terminal's output never ended:\n{}",
                self.screen()
            );
            thread::sleep(Duration::from_millis(20));
        }
        code
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
        }
    }
}
