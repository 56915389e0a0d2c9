//! What the reader does with input no export should hold (issue #5): huge
//! fields, binary files, headers of no known column, records across lines;
//! and that line numbers stay the physical lines an editor shows.
//!
//! Unix only: peak memory is read with `wait4`'s rusage, the one unsafe
//! call of the test suite.
#![cfg(unix)]
#![allow(unsafe_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// Writes `bytes` to `name` in a fresh folder.
fn file(name: &str, bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let folder = tempfile::tempdir().expect("temp dir");
    let path = folder.path().join(name);
    std::fs::write(&path, bytes).expect("write");
    (folder, path)
}

/// `(line, column, reason)` of every rejection.
fn rejections(text: &str) -> Vec<(u64, Option<String>, String)> {
    let dataset = hemotrend::ingest::load_texts(&[("t.csv", text)]).expect("loads");
    dataset
        .report()
        .rejected
        .iter()
        .map(|r| (r.line, r.column.clone(), r.reason.clone()))
        .collect()
}

/// Runs `hemotrend check PATH`; exit code, what it printed (stdout then
/// stderr) and peak memory (KiB), failing if it takes longer than a
/// minute (a hang).
#[expect(
    clippy::zombie_processes,
    reason = "the child is reaped by wait4, to read its rusage"
)]
fn check(path: &Path) -> (i32, String, i64) {
    let out_path = path.with_extension("stdout");
    let err_path = path.with_extension("stderr");
    let stdout = std::fs::File::create(&out_path).expect("stdout file");
    let stderr = std::fs::File::create(&err_path).expect("stderr file");
    let child = Command::new(env!("CARGO_BIN_EXE_hemotrend"))
        .arg("check")
        .arg(path)
        .stdout(stdout)
        .stderr(stderr)
        .spawn()
        .expect("runs");
    let started = Instant::now();
    let (mut status, mut usage) = (0, unsafe_rusage());
    loop {
        // SAFETY: waits (without blocking) for our own child, with valid pointers.
        let waited =
            unsafe { libc::wait4(child.id() as i32, &mut status, libc::WNOHANG, &mut usage) };
        if waited > 0 {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "hemotrend hangs"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    let mut printed = std::fs::read_to_string(&out_path).unwrap_or_default();
    printed.push_str(&std::fs::read_to_string(&err_path).unwrap_or_default());
    (code, printed, usage.ru_maxrss)
}

fn unsafe_rusage() -> libc::rusage {
    // SAFETY: `rusage` is plain old data; all zeros is a valid value.
    unsafe { std::mem::zeroed() }
}

#[test]
fn a_field_longer_than_64_kib_rejects_its_row_only() {
    let long = "9".repeat(64 * 1024 + 1);
    let text = format!("patient_id,collected_at,plt\nP1,2024-01-01,{long}\nP1,2024-01-02,150\n");
    let rejected = rejections(&text);
    assert_eq!(
        rejected,
        [(2, Some("plt".into()), "field longer than 64 KiB".into())]
    );
    let exactly = "1".repeat(64 * 1024);
    let text = format!("patient_id,collected_at,plt,name\nP1,2024-01-01,150,{exactly}\n");
    assert!(rejections(&text).is_empty(), "64 KiB exactly is allowed");
}

#[test]
fn a_huge_field_is_skipped_not_held() {
    // 32 MiB in quotes, no line break: the reader must not hold it.
    let (_folder, path) = {
        let mut bytes = b"patient_id,collected_at,plt,name\nP1,2024-01-01,150,\"".to_vec();
        bytes.extend(std::iter::repeat_n(b'x', 32 << 20));
        bytes.extend_from_slice(b"\"\nP1,2024-01-02,151,Ann\n");
        file("huge.csv", &bytes)
    };
    // A child's peak memory counts its parent's at the time it started, and
    // this test binary holds other tests' buffers: the check runs from a
    // fresh copy of this binary that runs nothing else.
    let helper = Command::new(std::env::current_exe().expect("own path"))
        .args([
            "reader_limits::check_from_a_small_process",
            "--exact",
            "--ignored",
            "--nocapture",
        ])
        .env("HEMOTREND_CHECK_PATH", &path)
        .output()
        .expect("runs");
    let printed = String::from_utf8_lossy(&helper.stdout);
    let report = printed
        .lines()
        .find_map(|line| line.strip_prefix("checked: "))
        .unwrap_or_else(|| panic!("no report: {printed}"));
    let (code, rest) = report.split_once(' ').expect("code");
    let (peak_kib, output) = rest.split_once(' ').expect("peak");
    assert_eq!(code, "1", "one row rejected: {output}");
    assert!(
        output.contains(":2: column \"name\": field longer than 64 KiB"),
        "{output}"
    );
    let peak_kib: i64 = peak_kib.parse().expect("number");
    assert!(
        peak_kib < 24 * 1024,
        "peak memory {peak_kib} KiB for a 32 MiB field"
    );
}

/// Not a test of its own: [`a_huge_field_is_skipped_not_held`] runs it in a
/// process of its own and reads what it prints.
#[test]
#[ignore = "a helper: a_huge_field_is_skipped_not_held runs it in a child process"]
fn check_from_a_small_process() {
    let Some(path) = std::env::var_os("HEMOTREND_CHECK_PATH") else {
        return;
    };
    let (code, printed, peak_kib) = check(Path::new(&path));
    let printed = printed.replace('\n', " | ");
    println!("checked: {code} {peak_kib} {printed}");
}

#[test]
fn rows_with_more_or_fewer_fields_than_the_header_are_rejected() {
    let text =
        "patient_id,collected_at,plt\nP1,2024-01-01\nP1,2024-01-02,150,9\nP1,2024-01-03,150\n";
    let rejected = rejections(text);
    assert_eq!(rejected.len(), 2);
    assert_eq!(rejected[0].0, 2);
    assert!(
        rejected[0]
            .2
            .contains("has 2 fields where the header has 3")
    );
    assert!(
        rejected[1]
            .2
            .contains("has 4 fields where the header has 3")
    );
}

#[test]
fn a_quoted_field_across_lines_loads_and_later_lines_stay_physical() {
    let text = "patient_id,name,collected_at,plt\n\nP1,\"Ann\nSmith\",2024-01-01,150\n\n\nP1,\"Ann\nSmith\",2024-01-02,x\r\nP1,\"Ann\nSmith\",2024-01-03,\"<2\"\"\"\n";
    let dataset = hemotrend::ingest::load_texts(&[("t.csv", text)]).expect("loads");
    let patient = dataset.patient("P1").expect("P1");
    assert_eq!(patient.name.as_deref(), Some("Ann\nSmith"));
    let lines: Vec<u64> = dataset.report().rejected.iter().map(|r| r.line).collect();
    // Line 3 starts the first row (after an empty line 2); the second
    // rejected row starts on line 7, the third on line 9.
    assert_eq!(lines, [7, 9]);
}

#[test]
fn invalid_utf8_rejects_its_cell() {
    let bytes =
        b"patient_id,collected_at,plt,name\nP1,2024-01-01,150,Ann\nP1,2024-01-02,151,\xFF\xFE\n";
    let dataset = hemotrend::ingest::load_bytes(&[("t.csv", bytes)]).expect("loads");
    let rejected = &dataset.report().rejected;
    assert_eq!(rejected.len(), 1, "{rejected:?}");
    assert_eq!(rejected[0].line, 3);
    assert_eq!(rejected[0].column.as_deref(), Some("name"));
    // One bad cell never loses its row: the platelets of line 3 load.
    assert_eq!(dataset.draw_count(), 2);
}

#[test]
fn a_binary_file_named_csv_is_refused_or_rejected_never_a_hang() {
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut noise = |len: usize, newlines: bool| -> Vec<u8> {
        (0..len)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                let byte = (state >> 24) as u8;
                if !newlines && byte == b'\n' {
                    b'.'
                } else {
                    byte
                }
            })
            .collect()
    };
    for (name, bytes) in [
        ("noise.csv", noise(3 << 20, true)),
        ("one-line.csv", noise(6 << 20, false)),
    ] {
        let (_folder, path) = file(name, &bytes);
        let (code, stderr, _) = check(&path);
        assert_eq!(code, 2, "{name}: {stderr}");
        assert!(stderr.contains(name), "{name}: names the file: {stderr}");
    }
    // A usable header, then binary rows: every row accounted for.
    let mut bytes = b"patient_id,collected_at,plt\n".to_vec();
    bytes.extend(noise(1 << 20, true));
    let (_folder, path) = file("rows.csv", &bytes);
    let (code, stderr, _) = check(&path);
    assert!(code == 1 || code == 2, "{stderr}");
}

#[test]
fn ten_thousand_unknown_columns_make_the_file_unusable() {
    let header: Vec<String> = (0..10_000).map(|i| format!("column_{i}")).collect();
    let mut text = header.join(",");
    text.push('\n');
    text.push_str(&vec!["1"; 10_000].join(","));
    text.push('\n');
    let (_folder, path) = file("wide.csv", text.as_bytes());
    let (code, stderr, _) = check(&path);
    assert_eq!(code, 2);
    assert!(stderr.contains("no patient column"), "{stderr}");
}

#[test]
fn a_header_longer_than_16_mib_makes_the_file_unusable() {
    let mut bytes = vec![b'x'; 17 << 20];
    bytes.push(b'\n');
    let (_folder, path) = file("header.csv", &bytes);
    let (code, stderr, _) = check(&path);
    assert_eq!(code, 2);
    assert!(stderr.contains("longer than 16 MiB"), "{stderr}");
}

#[test]
fn a_last_line_still_being_written_is_held_back_and_progress_counted() {
    let (_folder, path) = file(
        "growing.csv",
        b"patient_id,collected_at,plt\nP1,2024-01-01,150\nP1,2024-01-02,1",
    );
    let progress = std::sync::atomic::AtomicU64::new(0);
    let options = hemotrend::ingest::LoadOptions {
        hold_back_partial_last_line: true,
        progress: Some(&progress),
    };
    let dataset =
        hemotrend::ingest::load_with(std::slice::from_ref(&path), &options).expect("loads");
    assert_eq!(dataset.draw_count(), 1);
    assert_eq!(dataset.report().rows_read, 1);
    let size = std::fs::metadata(&path).expect("size").len();
    assert_eq!(progress.load(std::sync::atomic::Ordering::Relaxed), size);
    let mut appended = std::fs::OpenOptions::new()
        .append(true)
        .open(&path)
        .expect("open");
    appended.write_all(b"0\n").expect("append");
    let dataset = hemotrend::ingest::load_with(&[path], &options).expect("loads");
    assert_eq!(dataset.draw_count(), 2);
}
