//! The command line under hostile input: text from outside is printed
//! escaped, and nasty files get a clear answer — `check` exits 2 naming the
//! file when it cannot be used at all, 1 listing the row when a row is
//! refused, and never calls them clean or hangs.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Only a guard against a hang; no test asserts how long anything takes.
const HANG_GUARD: Duration = Duration::from_secs(120);

/// Runs the binary; kills it and fails if it is still running at the guard.
fn hemotrend(args: &[&std::ffi::OsStr], env: &[(&str, &Path)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_hemotrend"));
    command
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (key, value) in env {
        command.env(key, value);
    }
    let mut child = command.spawn().expect("the binary runs");
    // Read both pipes while waiting, so a long output cannot block the child.
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            bytes
        })
    };
    let stdout = drain(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let stderr = drain(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if start.elapsed() > HANG_GUARD {
            let _ = child.kill();
            panic!("hemotrend {args:?} hung");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output {
        status,
        stdout: stdout.join().expect("stdout"),
        stderr: stderr.join().expect("stderr"),
    }
}

#[test]
fn config_prints_a_hostile_config_path_escaped() {
    let home = tempfile::tempdir().expect("temp dir");
    let path = home.path().join("site\u{1b}]0;pwned\u{7}.toml");
    std::fs::write(&path, "retic_method = \"manual\"\n").expect("write");
    let output = hemotrend(
        &["config".as_ref(), "--config".as_ref(), path.as_os_str()],
        &[("XDG_CONFIG_HOME", home.path())],
    );
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let text = String::from_utf8(output.stdout).expect("utf-8");
    assert!(!text.contains('\u{1b}'), "a raw ESC in:\n{text}");
    assert!(text.contains(r"site\u{1b}]0;pwned\u{7}.toml"), "{text}");
}
