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

use hemotrend::model::Analyte;

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

/// `(line, column, reason)` of every warning.
fn warnings(dataset: &hemotrend::model::Dataset) -> Vec<(u64, Option<String>, String)> {
    dataset
        .report()
        .warnings
        .iter()
        .map(|w| (w.line, w.column.clone(), w.reason.clone()))
        .collect()
}

/// The value of `analyte` in the patient's only draw, as written.
fn only_value(dataset: &hemotrend::model::Dataset, id: &str, analyte: Analyte) -> String {
    let patient = dataset.patient(id).unwrap_or_else(|| panic!("{id} loads"));
    let draws = dataset.draws(patient);
    assert_eq!(draws.len(), 1, "{id}");
    draws
        .get(0)
        .expect("one draw")
        .values
        .get(analyte)
        .reading()
        .map_or_else(String::new, |r| r.to_string())
}

/// A field longer than 64 KiB is not read: in a column hemotrend reads it
/// is refused as that cell (the rest of its row loads), in the patient's
/// column it refuses the row, as any unreadable id does.
#[test]
fn a_field_longer_than_64_kib_costs_that_cell_only() {
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

    // 70 kB, split in memory; 5 MiB, streamed (a record over 4 MiB): the same.
    for size in [70_000, 5 << 20] {
        let long = "x".repeat(size);
        let text = format!(
            "patient_id,name,collected_at,plt,hgb,wbc\n\
             P1,{long},2024-01-01,150,12,5.0\n\
             {long},Ann,2024-01-01,140,11,4.0\n\
             P3,Bo,2024-01-01,{long},10,\"{long}\"\n"
        );
        let dataset = hemotrend::ingest::load_texts(&[("t.csv", &text)]).expect("loads");
        let refused: Vec<_> = dataset
            .report()
            .rejected
            .iter()
            .map(|r| (r.line, r.column.clone(), r.reason.clone()))
            .collect();
        let too_long = || "field longer than 64 KiB".to_string();
        assert_eq!(
            refused,
            [
                (2, Some("name".into()), too_long()),
                (3, Some("patient_id".into()), too_long()),
                (4, Some("plt".into()), too_long()),
                (4, Some("wbc".into()), too_long()),
            ],
            "{size} bytes"
        );
        // P1 keeps every value and has no name; P3 keeps its hemoglobin.
        assert_eq!(only_value(&dataset, "P1", Analyte::Plt), "150");
        assert_eq!(only_value(&dataset, "P1", Analyte::Hgb), "12");
        assert_eq!(only_value(&dataset, "P1", Analyte::Wbc), "5");
        assert_eq!(dataset.patient("P1").and_then(|p| p.name.clone()), None);
        assert_eq!(only_value(&dataset, "P3", Analyte::Hgb), "10");
        assert_eq!(only_value(&dataset, "P3", Analyte::Plt), "");
        assert_eq!(dataset.patients().len(), 2, "{size} bytes");
    }
}

/// A field longer than 64 KiB in a column hemotrend does not read (a
/// note, a comment) costs nothing: the row loads and a warning names the
/// cell. Wide and long, split in memory or streamed.
#[test]
fn a_long_cell_in_a_column_not_read_costs_nothing() {
    for size in [70_000, 5 << 20] {
        let long = "n".repeat(size);
        let wide = format!(
            "patient_id,collected_at,plt,hgb,wbc,comment\n\
             P1,2024-01-01,150,12,5.0,{long}\nP2,2024-01-01,140,11,4.0,\"{long}\"\n"
        );
        let long_file = format!(
            "patient_id,collected_at,test,value,unit,note\n\
             P1,2024-01-01,plt,150,10^9/L,{long}\nP1,2024-01-01,hgb,12,g/dL,\n"
        );
        for (text, lines) in [(wide, vec![2, 3]), (long_file, vec![2])] {
            let dataset = hemotrend::ingest::load_texts(&[("t.csv", &text)]).expect("loads");
            assert_eq!(dataset.report().rejected, [], "{size} bytes");
            assert_eq!(only_value(&dataset, "P1", Analyte::Plt), "150");
            assert_eq!(only_value(&dataset, "P1", Analyte::Hgb), "12");
            let warned = warnings(&dataset);
            let at: Vec<u64> = warned.iter().map(|w| w.0).collect();
            assert_eq!(at, lines, "{warned:?}");
            assert!(
                warned.iter().all(|(_, column, reason)| {
                    matches!(column.as_deref(), Some("comment" | "note"))
                        && reason == "field longer than 64 KiB: not read (hemotrend does not read this column)"
                }),
                "{warned:?}"
            );
        }
    }
}

/// MIMIC-IV's `comments` is read only to qualify a masked value (`___`):
/// one longer than 64 KiB costs a readable value nothing (a warning names
/// it), a row of a test outside the CBC stays ignored, and a masked value
/// it may qualify (`<5` read as 5 would be wrong) is refused at the comment.
#[test]
fn a_long_mimic_comment_costs_nothing_unless_it_qualifies_the_value() {
    let long = "c".repeat(66_000);
    let text = format!(
        "labevent_id,subject_id,hadm_id,specimen_id,itemid,order_provider_id,charttime,\
         storetime,value,valuenum,valueuom,ref_range_lower,ref_range_upper,flag,priority,comments\n\
         1,10001,,7,51265,,2150-01-01 08:00:00,,206,206,K/uL,150,440,,ROUTINE,{long}\n\
         2,10001,,7,51248,,2150-01-01 08:00:00,,31,31,pg,27,32,,ROUTINE,{long}\n\
         3,10001,,8,51265,,2150-01-02 08:00:00,,___,5,K/uL,150,440,abnormal,ROUTINE,{long}\n\
         4,10001,,7,51222,,2150-01-01 08:00:00,,9.2,9.2,g/dL,13.7,17.5,abnormal,ROUTINE,\n"
    );
    let dataset = hemotrend::ingest::load_texts(&[("labevents.csv", &text)]).expect("loads");
    assert_eq!(only_value(&dataset, "10001", Analyte::Plt), "206");
    assert_eq!(only_value(&dataset, "10001", Analyte::Hgb), "9.2");
    assert_eq!(dataset.report().ignored, 1, "the MCH row is not a CBC's");
    let refused: Vec<_> = dataset
        .report()
        .rejected
        .iter()
        .map(|r| (r.line, r.column.clone()))
        .collect();
    assert_eq!(refused, [(4, Some("comments".into()))]);
    assert!(
        dataset.report().rejected[0]
            .reason
            .contains("cannot be read, and it may qualify the number"),
        "{:?}",
        dataset.report().rejected
    );
    assert_eq!(
        warnings(&dataset),
        [(
            2,
            Some("comments".into()),
            "field longer than 64 KiB: not read (only a masked value needs its comment)".into()
        )]
    );
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
        held_back: None,
        warn_unended_last_line: false,
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
