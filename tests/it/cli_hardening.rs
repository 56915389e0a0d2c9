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

/// Bytes that look random (a fixed xorshift), with NULs among them.
fn noise(len: usize) -> Vec<u8> {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut bytes: Vec<u8> = (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect();
    for at in (0..len).step_by(97) {
        bytes[at] = 0;
    }
    bytes
}

/// What `check` must answer for one file.
enum Answer {
    /// Exit 2, the reason on stderr naming the file and containing this.
    Unusable(&'static str),
    /// Exit 1, stdout listing `file:line` for each of these lines.
    Rejected(&'static [u64]),
}

fn check_file(name: &str, bytes: &[u8], answer: Answer) {
    let folder = tempfile::tempdir().expect("temp dir");
    let path = folder.path().join(name);
    std::fs::write(&path, bytes).expect("write");
    let output = hemotrend(&["check".as_ref(), path.as_os_str()], &[]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let shown = path.display().to_string();
    assert_ne!(
        output.status.code(),
        Some(0),
        "{name}: called clean:\n{stdout}"
    );
    match answer {
        Answer::Unusable(words) => {
            assert_eq!(output.status.code(), Some(2), "{name}:\n{stdout}\n{stderr}");
            assert!(
                stderr.contains(&format!("hemotrend: {shown}: ")) && stderr.contains(words),
                "{name}: the reason must name the file and say {words:?}:\n{stderr}"
            );
        }
        Answer::Rejected(lines) => {
            assert_eq!(output.status.code(), Some(1), "{name}:\n{stdout}\n{stderr}");
            for line in lines {
                assert!(
                    stdout.contains(&format!("{shown}:{line}: ")),
                    "{name}: line {line} not listed:\n{stdout}"
                );
            }
            let listed = stdout.lines().filter(|l| l.starts_with(&shown)).count();
            assert_eq!(listed, lines.len(), "{name}: exactly these rows:\n{stdout}");
        }
    }
}

#[test]
fn a_binary_file_named_csv_is_unusable() {
    check_file(
        "labs.csv",
        &noise(8192),
        Answer::Unusable("not valid UTF-8"),
    );
}

#[test]
fn an_empty_file_is_unusable() {
    check_file("empty.csv", b"", Answer::Unusable("empty"));
}

#[test]
fn a_header_without_rows_is_unusable() {
    check_file(
        "header.csv",
        b"patient_id,collected_at,plt\n",
        Answer::Unusable("no data rows"),
    );
}

#[test]
fn ten_thousand_unknown_columns_are_unusable() {
    let header: Vec<String> = (0..10_000).map(|i| format!("col{i}")).collect();
    let row: Vec<String> = (0..10_000).map(|i| i.to_string()).collect();
    let text = format!("{}\n{}\n", header.join(","), row.join(","));
    check_file(
        "wide.csv",
        text.as_bytes(),
        Answer::Unusable("no patient column"),
    );
}

#[test]
fn rows_with_more_or_fewer_fields_are_listed() {
    check_file(
        "fields.csv",
        b"patient_id,collected_at,plt,anc\n\
          P1,2024-01-01,45,0.4\n\
          P1,2024-01-02,45\n\
          P1,2024-01-03,45,0.4,9\n\
          P1,2024-01-04,46,0.5\n",
        Answer::Rejected(&[3, 4]),
    );
}

#[test]
fn a_quoted_newline_loads_and_later_lines_count_physically() {
    // The record on lines 2-3 loads; the bad row is on physical line 4.
    check_file(
        "multiline.csv",
        b"patient_id,name,collected_at,plt\n\
          P1,\"Two\nLines\",2024-01-01,45\n\
          P1,x,2024-01-02,bad\n",
        Answer::Rejected(&[4]),
    );
}

#[test]
fn invalid_utf8_in_one_row_rejects_that_row() {
    check_file(
        "utf8.csv",
        b"patient_id,name,collected_at,plt\n\
          P1,ok,2024-01-01,45\n\
          P1,\xff\xfe bad,2024-01-02,46\n\
          P1,ok,2024-01-03,47\n",
        Answer::Rejected(&[3]),
    );
}

#[test]
fn binary_rows_after_a_good_header_are_rejected_not_loaded_silently() {
    let mut bytes = b"patient_id,collected_at,plt\nP1,2024-01-01,45\n".to_vec();
    bytes.extend(
        noise(3000)
            .into_iter()
            .map(|b| if b == b'\n' { b' ' } else { b }),
    );
    bytes.push(b'\n');
    let folder = tempfile::tempdir().expect("temp dir");
    let path = folder.path().join("tail.csv");
    std::fs::write(&path, &bytes).expect("write");
    let output = hemotrend(&["check".as_ref(), path.as_os_str()], &[]);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains(&format!("{}:3: ", path.display())),
        "{stdout}"
    );
}

#[test]
fn a_file_deleted_before_it_is_read_is_unusable_naming_it() {
    // Running as root, permissions cannot make a file unreadable; a link
    // whose file was deleted is the same answer: the path names nothing.
    let folder = tempfile::tempdir().expect("temp dir");
    let gone = folder.path().join("gone.csv");
    std::fs::write(&gone, "patient_id,collected_at,plt\nP1,2024-01-01,45\n").expect("write");
    let link = folder.path().join("labs.csv");
    std::os::unix::fs::symlink(&gone, &link).expect("symlink");
    std::fs::remove_file(&gone).expect("delete");
    let output = hemotrend(&["check".as_ref(), link.as_os_str()], &[]);
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!("{}: cannot be read", link.display())),
        "{stderr}"
    );
}

/// A file listed in a folder that cannot be read is reported (exit 2 naming
/// it), never skipped so that `check` would call the folder clean.
#[test]
fn an_unreadable_file_in_a_folder_is_not_skipped_silently() {
    let folder = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        folder.path().join("good.csv"),
        "patient_id,collected_at,plt\nP1,2024-01-01,45\n",
    )
    .expect("write");
    let gone = folder.path().join("gone.txt");
    std::fs::write(&gone, "x").expect("write");
    std::os::unix::fs::symlink(&gone, folder.path().join("labs.csv")).expect("symlink");
    std::fs::remove_file(&gone).expect("delete");
    let output = hemotrend(&["check".as_ref(), folder.path().as_os_str()], &[]);
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("labs.csv: cannot be read"), "{stderr}");
}

/// Help and the version written where nothing can be written say so and
/// exit 2, as every command does (they exited 0 in silence); a command
/// written after a path is named as such, not as a file that cannot be read.
#[test]
fn help_to_a_full_device_fails_and_a_command_after_a_path_is_explained() {
    for args in [&["--help"][..], &["summary", "--help"], &["--version"]] {
        let full = std::fs::File::create("/dev/full").expect("/dev/full");
        let output = Command::new(env!("CARGO_BIN_EXE_hemotrend"))
            .args(args)
            .stdout(full)
            .output()
            .expect("runs");
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("cannot write output"), "{args:?}: {stderr}");
    }
    let output = Command::new(env!("CARGO_BIN_EXE_hemotrend"))
        .args(["sample-data/cbc-wide.csv", "summary"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "hemotrend: summary: no such file; to run `summary`, write it before the paths \
         (hemotrend summary FILE...)\n"
    );
}
