//! End to end, the real binary in a real pseudo-terminal: a crash leaves a
//! usable terminal, text from the file never drives the terminal, and a
//! session leaves its input untouched.

use crate::support::pty::Session;

// The panic test runs in debug builds only (the panic is wired there):
// its size and helper with it, so that a release build of the tests has
// nothing unused.
#[cfg(debug_assertions)]
const COLS: u16 = 100;
#[cfg(debug_assertions)]
const ROWS: u16 = 30;

/// The words `stty -a` printed, e.g. `icanon` or `-echo`.
#[cfg(debug_assertions)]
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
    session.expect("Patients 11");
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

/// Patient names holding a window-title sequence, a clear-screen, a cursor
/// move and a C1 CSI (UTF-8 `C2 9B`), a cell holding another title, and an
/// id holding a title (a damaged row: rejected, its reason shown escaped).
const HOSTILE: &str = "patient_id,name,sex,collected_at,plt,anc,hgb\n\
E1,Evil\u{1b}[2JName\u{1b}[5;5HMove\u{9b}31mRed,F,2024-01-01,45,0.4,9\n\
E1,Evil\u{1b}[2JName\u{1b}[5;5HMove\u{9b}31mRed,F,2024-01-05,30,0.3,8.5\n\
E3\u{1b}]0;pwned\u{7},Evil,F,2024-01-05,30,0.3,8.5\n\
E2,Plain,M,2024-01-02,1\u{1b}]0;cell\u{7},0.4,9\n\
E2,Plain,M,2024-01-03,160,2.4,14\n";

/// The sequences of the file, as they would reach the terminal if leaked;
/// each with a neighbour from the data, since the dashboard's own drawing
/// rightly moves the cursor and clears the screen.
const LEAKS: [&[u8]; 6] = [
    b"\x1b]0;pwned",
    b"\x1b]0;cell",
    b"\x1b[2JName",
    b"\x1b[5;5HMove",
    b"\xc2\x9b",
    b"\x9b31m",
];

fn hostile_file(folder: &std::path::Path) -> std::path::PathBuf {
    let path = folder.join("cbc.csv");
    std::fs::write(&path, HOSTILE).expect("write");
    path
}

fn assert_nothing_leaked(session: &Session, what: &str) {
    assert_eq!(
        session.titles(),
        Vec::<String>::new(),
        "{what}: window title set"
    );
    let raw = session.raw();
    for leak in LEAKS {
        assert!(
            !raw.windows(leak.len()).any(|w| w == leak),
            "{what}: {:?} reached the terminal",
            String::from_utf8_lossy(leak)
        );
    }
}

#[test]
fn text_from_the_file_never_drives_the_dashboard_terminal() {
    let folder = tempfile::tempdir().expect("temp dir");
    let path = hostile_file(folder.path());
    let path = path.to_str().expect("utf-8 path");
    let mut session = Session::hemotrend(&[path], &[("NO_COLOR", "1")], 120, 40);
    // The name is shown escaped, in the list and the header, and the frame
    // keeps its shape. (Waited for whole: the screen may be read while a
    // frame is still arriving.)
    session.wait_for("the escaped name in a whole frame", |screen| {
        let rows: Vec<&str> = screen.lines().collect();
        screen.contains(r"Evil\u{1b}[2JName\u{1b}[5;5HMove\u{9b}31mRed")
            && rows
                .first()
                .is_some_and(|r| r.trim_end().ends_with("rejected (r)"))
            && rows.get(1).is_some_and(|r| r.starts_with("┌ Patients 2"))
            && rows.last().is_some_and(|r| r.starts_with(" q quit"))
    });
    session.keys("r");
    session.expect(r#"column plt  "1\u{1b}]0;cell\u{7}" is not a number"#);
    session.expect(r#"patient id "E3\u{1b}]0;pwned\u{7}" holds control or invisible"#);
    session.keys("\x1bjq");
    assert_eq!(session.finish(), 0);
    assert_nothing_leaked(&session, "dashboard");
}

#[test]
fn text_from_the_file_never_drives_the_terminal_in_summary_and_check() {
    let folder = tempfile::tempdir().expect("temp dir");
    let path = hostile_file(folder.path());
    let path = path.to_str().expect("utf-8 path");
    for (args, code) in [
        (&["summary", path][..], 0),
        (&["summary", "--format", "csv", path][..], 0),
        (&["check", path][..], 1),
    ] {
        let mut session = Session::hemotrend(args, &[], 200, 30);
        assert_eq!(session.finish(), code, "{args:?}");
        let screen = session.screen();
        if args[0] == "summary" {
            // The name, escaped, in the table and in the CSV alike.
            assert!(
                screen.contains(r"Evil\u{1b}[2JName\u{1b}[5;5HMove\u{9b}31mRed"),
                "{screen}"
            );
        }
        if args[0] == "check" {
            assert!(screen.contains(r"1\u{1b}]0;cell\u{7}"), "{screen}");
        }
        assert_nothing_leaked(&session, &args.join(" "));
    }
}

#[test]
fn summary_json_stays_valid_and_keeps_the_text_exactly() {
    let folder = tempfile::tempdir().expect("temp dir");
    let path = hostile_file(folder.path());
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_hemotrend"))
        .args(["summary", "--format", "json"])
        .arg(&path)
        .output()
        .expect("runs");
    assert!(output.status.success());
    // No raw control in the output: C0 as serde_json writes it (\u001b),
    // C1 (U+009B, UTF-8 C2 9B) escaped on the way out as \u009b.
    assert!(
        !output.stdout.iter().any(|&b| b < 0x20 && b != b'\n'),
        "a raw control byte in the JSON"
    );
    let text = String::from_utf8(output.stdout.clone()).expect("UTF-8");
    assert!(
        !text.chars().any(|c| ('\u{80}'..='\u{9f}').contains(&c)),
        "{text}"
    );
    assert!(text.contains(r"Move\u009b31mRed"), "{text}");
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    let patient = &json["patients"][0];
    // Escaped on the wire, exact once parsed: the data are not altered.
    assert_eq!(patient["patient_id"], "E1");
    assert_eq!(
        patient["name"],
        "Evil\u{1b}[2JName\u{1b}[5;5HMove\u{9b}31mRed"
    );
}

/// The check itself can fail: `cat` of the same file sets the title.
#[test]
#[should_panic(expected = "window title set")]
fn the_leak_check_catches_a_raw_cat() {
    let folder = tempfile::tempdir().expect("temp dir");
    let path = hostile_file(folder.path());
    let mut session = Session::start("cat", &[path.to_str().expect("utf-8")], &[], 100, 30);
    session.finish();
    assert_nothing_leaked(&session, "cat");
}

fn append(path: &std::path::Path, text: &str) {
    use std::io::Write;
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .open(path)
        .expect("open to append");
    // One write: the watch sees one change, never half of this text.
    file.write_all(text.as_bytes()).expect("append");
}

#[test]
fn watch_shows_new_draws_holds_back_a_partial_line_and_survives_deletion() {
    let folder = tempfile::tempdir().expect("temp dir");
    let path = folder.path().join("live.csv");
    std::fs::write(
        &path,
        "patient_id,name,sex,collected_at,plt,anc,hgb\n\
         W1,Watched,F,2024-01-01,140,1.2,11\n\
         W1,Watched,F,2024-01-08,120,1.1,10.5\n",
    )
    .expect("write");
    let file = path.to_str().expect("utf-8 path");
    let mut session = Session::hemotrend(&["--watch", file], &[], 120, 40);
    session.expect("watching 1 path for changes");
    session.expect("draw 2 of 2");

    // Two complete rows and the start of a third, still being written.
    append(
        &path,
        "W1,Watched,F,2024-01-15,90,0.9,10\n\
         W1,Watched,F,2024-01-22,60,0.7,9.5\n\
         W1,Watched,F,2024-01-2",
    );
    session.expect("reload 1: 2 new draws");
    // The cursor stays on its draw; the partial line is not an error.
    session.expect("draw 2 of 4");
    let screen = session.screen();
    assert!(screen.contains("0 rows rejected"), "{screen}");
    assert!(!screen.contains("new rejected"), "{screen}");

    // The line is finished: it loads.
    append(&path, "9,40,0.5,9\n");
    session.expect("reload 2: 1 new draw");
    session.expect("draw 2 of 5");
    assert!(session.screen().contains("0 rows rejected"));

    // The file goes away: the last good data stay, with a warning.
    std::fs::remove_file(&path).expect("delete");
    session.expect("reload failed: ");
    session.expect("cannot be read");
    session.expect("draw 2 of 5");
    session.keys("q");
    assert_eq!(session.finish(), 0);
}

#[test]
fn watch_reads_a_last_line_without_newline_at_once_and_a_held_back_one_once_quiet() {
    let folder = tempfile::tempdir().expect("temp dir");
    let path = folder.path().join("unended.csv");
    // No newline after the last row, as `printf` or a spreadsheet writes.
    std::fs::write(
        &path,
        "patient_id,collected_at,plt,anc,hgb\n\
         N1,2024-01-01,100,1.0,9\n\
         N1,2024-01-05,12,0.1,7",
    )
    .expect("write");
    let file = path.to_str().expect("utf-8 path");
    let mut session = Session::hemotrend(&["--watch", file], &[], 120, 40);
    session.expect("watching 1 path for changes");
    // The first load reads the file as it is: the very severe draw shows.
    session.expect("draw 2 of 2");
    assert!(
        session.screen().contains("very severe"),
        "{}",
        session.screen()
    );

    // A row added, again without a newline: held back while it may still be
    // written, then read once the file has been quiet.
    append(&path, "\nN1,2024-01-09,30,0.3,8.5");
    // Said as a warning: a line still being written would be cut short.
    session.expect("reload 2: 1 new draw, 1 new warning");
    session.expect("draw 2 of 3");
    assert!(session.screen().contains("0 rows rejected"));
    session.keys("q");
    assert_eq!(session.finish(), 0);
}

/// `-` reads the data from standard input, for the dashboard too: the keys
/// then come from the terminal itself (it had said "needs a terminal").
#[test]
fn the_dashboard_reads_standard_input_and_takes_keys_from_the_terminal() {
    let command = format!(
        "cat sample-data/cbc-wide.csv | '{}' -",
        env!("CARGO_BIN_EXE_hemotrend")
    );
    let mut session = Session::start("sh", &["-c", &command], &[], 100, 30);
    session.expect("Patients 8");
    session.expect("P002");
    session.keys("j");
    session.expect("Trends · P001");
    session.keys("q");
    assert_eq!(session.finish(), 0);
}

fn fingerprint(path: &std::path::Path) -> (Vec<u8>, std::time::SystemTime) {
    let metadata = std::fs::metadata(path).expect("metadata");
    (
        std::fs::read(path).expect("read"),
        metadata.modified().expect("mtime"),
    )
}

#[test]
fn a_dashboard_session_leaves_its_input_untouched() {
    let folder = tempfile::tempdir().expect("temp dir");
    let path = folder.path().join("cbc.csv");
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/wide-good.csv");
    std::fs::copy(fixture, &path).expect("copy");
    let before = fingerprint(&path);
    for args in [&[][..], &["--watch"][..]] {
        let mut all: Vec<&str> = args.to_vec();
        all.push(path.to_str().expect("utf-8 path"));
        let mut session = Session::hemotrend(&all, &[], 100, 30);
        session.expect("Patients");
        // Every pane, the popups, the filter, zoom and sort.
        for keys in [
            "j", "\t", "\t", "\t", "?", "\x1b", "r", "\x1b", "/a\r", "+", "-", "s", "o", "a",
        ] {
            session.keys(keys);
        }
        session.keys("q");
        assert_eq!(session.finish(), 0, "{all:?}");
    }
    assert_eq!(
        fingerprint(&path),
        before,
        "content and modification time unchanged"
    );
}

#[test]
fn summary_csv_into_a_pipe_keeps_the_text_exactly() {
    let folder = tempfile::tempdir().expect("temp dir");
    let path = hostile_file(folder.path());
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_hemotrend"))
        .args(["summary", "--format", "csv"])
        .arg(&path)
        .output()
        .expect("runs");
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).expect("UTF-8");
    // Only a terminal gets the escaped form; a file or a pipe gets the data.
    assert!(
        text.contains("E1,Evil\u{1b}[2JName\u{1b}[5;5HMove\u{9b}31mRed,"),
        "{text:?}"
    );
}

/// The header counts the warnings beside the rejected rows: the key that
/// lists one lists the other, and "0 rows rejected" alone read as nothing
/// to look at.
#[test]
fn the_header_counts_warnings_beside_rejections() {
    let dataset = hemotrend::ingest::load_texts(&[(
        "wide.csv",
        "patient_id,collected_at,Platelet count,hgb\nW1,2024-01-01,77,9.5\n",
    )])
    .expect("loads");
    assert_eq!(dataset.report().warnings.len(), 1);
    let app = crate::support::app_of(dataset, 80, 24);
    let screen = crate::support::text(&app, 80, 24);
    let header = screen.lines().next().unwrap_or_default();
    assert!(
        header.contains("0 rows rejected, 1 warning (r)"),
        "{header}"
    );
}

/// At 80 columns with times beside the dates (two draws on one date), not
/// every column fits: MCV and Hct give way first, and the severity
/// criteria (Hb, reticulocytes, ANC, platelets) stay in view.
#[test]
fn the_table_keeps_the_severity_criteria_when_columns_must_go() {
    let dataset = hemotrend::ingest::load_texts(&[(
        "wide.csv",
        "patient_id,collected_at,wbc,rbc,hgb,hct,mcv,plt,anc,alc,retic (10^9/L)\n\
         W1,2024-01-01T08:00,2.10,3.10,8.1,24.3,101.2,15,0.31,0.91,22\n\
         W1,2024-01-01T20:30,2.20,3.20,8.2,24.6,101.5,16,0.32,0.92,23\n\
         W1,2024-02-01T08:00,2.30,3.30,8.3,24.9,101.8,17,0.33,0.93,24\n",
    )])
    .expect("loads");
    let mut app = crate::support::app_of(dataset, 80, 24);
    app.update(hemotrend::tui::Action::NextFocus);
    app.update(hemotrend::tui::Action::NextFocus);
    let screen = crate::support::text(&app, 80, 24);
    let header = screen
        .lines()
        .find(|line| line.contains("date") && line.contains("PLT"))
        .expect("the table's header");
    for kept in ["Hb", "PLT", "ANC", "Retic"] {
        assert!(header.contains(kept), "{kept} in {header}");
    }
    assert!(!header.contains("MCV"), "{header}");
    assert!(screen.contains("hidden"), "{screen}");
}

/// The rejections popup scrolls to its very end: past the rejected rows
/// into the warnings, and far enough that the last entry's wrapped lines
/// are all shown (the last page was counted in rejected rows alone).
#[test]
fn the_rejections_popup_scrolls_to_the_last_warning_whole() {
    use hemotrend::tui::Action;
    let mut csv = String::from("patient_id,collected_at,wbc,anc,plt\n");
    csv.push_str("R1,2024-01-01,abc,1.0,20\n");
    for n in 1..=30 {
        csv.push_str(&format!("W{n:02},2024-01-01,1.0,{n}.5,20\n"));
    }
    let dataset = hemotrend::ingest::load_texts(&[("wide.csv", csv.as_str())]).expect("loads");
    assert_eq!(dataset.report().warnings.len(), 30);
    for (width, height) in [(80, 24), (100, 30)] {
        let mut app = crate::support::app_of(dataset.clone(), width, height);
        crate::support::press(&mut app, &[Action::ShowRejections, Action::Bottom]);
        let screen = crate::support::text(&app, width, height);
        assert!(screen.contains("  31. warning: "), "{screen}");
        assert!(screen.contains("patient W30"), "{screen}");
        // The last warning's reason ends on the popup's last line.
        let rows: Vec<&str> = screen.lines().collect();
        let last = rows[usize::from(height) - 3];
        assert!(last.contains("WBC 1.0"), "{screen}");
        // Scrolled as far as it goes: one more line down changes nothing.
        crate::support::press(&mut app, &[Action::Down]);
        assert_eq!(crate::support::text(&app, width, height), screen);
    }
}
