//! `App::reload` on state: what `--watch` does with a reload. The patient,
//! the cursor's draw (by time), the zoom and the filter are kept; the status
//! bar says what changed; a failed reload keeps the data on screen.

use hemotrend::clinical::Thresholds;
use hemotrend::ingest::{LoadError, UnusableFile, load_texts};
use hemotrend::tui::{Action, App, Reload};

const HEADER: &str = "patient_id,name,sex,collected_at,plt,anc,hgb\n";
const ROWS: &str = "A,Ann,F,2024-01-10,140,1.2,11\n\
A,Ann,F,2024-01-20,90,1.0,10\n\
A,Ann,F,2024-01-30,40,0.4,9\n\
B,Bo,M,2024-01-05,10,0.1,6\n\
B,Bo,M,2024-01-15,12,0.1,6\n";

fn load(extra: &str) -> Reload {
    let text = format!("{HEADER}{ROWS}{extra}");
    let loaded = load_texts(&[("cbc.csv", &text)]);
    Reload::from_load(loaded, &Thresholds::default(), None)
}

fn app() -> App {
    let dataset = load_texts(&[("cbc.csv", &format!("{HEADER}{ROWS}"))]).expect("loads");
    crate::support::app_of(dataset, 120, 40)
}

/// On patient A (second by severity), the cursor on its middle draw
/// (2024-01-20), zoomed in.
fn on_a_middle_draw_zoomed() -> App {
    let mut app = app();
    app.update(Action::Down);
    assert_eq!(app.selected_patient().map(|p| p.id.as_str()), Some("A"));
    app.update(Action::CursorPrev);
    app.update(Action::ZoomIn);
    assert_eq!(app.cursor(), 1);
    assert!(app.window().is_some());
    app
}

#[test]
fn new_draws_keep_the_patient_the_draw_and_the_zoom() {
    let mut app = on_a_middle_draw_zoomed();
    let window = app.window();
    // One draw older than the cursor's, one newer, one for B, and one with a
    // bad cell: the cell is rejected alone, the rest of its row is a draw.
    app.reload(load(
        "A,Ann,F,2024-01-01,150,1.6,12\n\
         A,Ann,F,2024-02-09,30,0.3,8\n\
         B,Bo,M,2024-01-25,9,0.1,6\n\
         A,Ann,F,2024-02-19,x,0.3,8\n",
    ));
    assert_eq!(app.selected_patient().map(|p| p.id.as_str()), Some("A"));
    assert_eq!(
        app.cursor(),
        2,
        "still on 2024-01-20, now the third draw after an older one came"
    );
    assert_eq!(app.window(), window, "the zoom is kept");
    let notice = app.notice().expect("a notice");
    assert_eq!(notice.text, "reload 1: 4 new draws, 1 new rejected cell");
    assert!(notice.warning, "a rejected cell is a warning");
    let screen = crate::support::text(&app, 120, 40);
    assert!(
        screen.contains("reload 1: 4 new draws, 1 new rejected cell"),
        "{screen}"
    );
    assert!(
        screen.contains("1 cell rejected, 1 of this patient's (r)"),
        "{screen}"
    );
    assert!(screen.contains("draw 3 of 6"), "{screen}");
}

#[test]
fn the_filter_sort_and_pane_are_kept_and_a_quiet_reload_says_so() {
    let mut app = app();
    for action in [
        Action::StartFilter,
        Action::FilterChar('a'),
        Action::FilterAccept,
        Action::CycleSort,
        Action::NextFocus,
        Action::NextFocus,
    ] {
        app.update(action);
    }
    let (focus, sort) = (app.focus(), app.sort());
    app.reload(load(""));
    assert_eq!(app.filter(), "a");
    assert_eq!(app.listed_ids(), ["A"]);
    assert_eq!((app.focus(), app.sort()), (focus, sort));
    let notice = app.notice().expect("a notice");
    assert_eq!(notice.text, "reload 1: no change");
    assert!(!notice.warning);
}

/// A file rewritten with a result corrected in place (A's platelets of
/// 2024-01-20, 90 then 25) is said to have changed: never "no change"
/// beside a value that moved.
#[test]
fn a_value_corrected_in_place_is_a_change() {
    let mut app = on_a_middle_draw_zoomed();
    let text = format!("{HEADER}{}", ROWS.replace("2024-01-20,90", "2024-01-20,25"));
    app.reload(Reload::from_load(
        load_texts(&[("cbc.csv", &text)]),
        &Thresholds::default(),
        None,
    ));
    let notice = app.notice().expect("a notice");
    assert_eq!(notice.text, "reload 1: 1 draw changed");
    let screen = crate::support::text(&app, 120, 40);
    assert!(screen.contains("▸ 25"), "{screen}");
}

#[test]
fn a_failed_reload_keeps_the_last_good_data_with_a_warning() {
    let mut app = on_a_middle_draw_zoomed();
    let before = crate::support::text(&app, 120, 40);
    app.reload(Reload::from_load(
        Err(LoadError {
            files: vec![UnusableFile {
                file: "cbc\u{1b}]0;x\u{7}.csv".into(),
                reason: "cannot be read: No such file or directory (os error 2)".into(),
            }],
        }),
        &Thresholds::default(),
        None,
    ));
    assert_eq!(app.selected_patient().map(|p| p.id.as_str()), Some("A"));
    assert_eq!(app.cursor(), 1);
    let notice = app.notice().expect("a notice");
    assert!(notice.warning);
    assert_eq!(
        notice.text,
        "reload failed: cbc\\u{1b}]0;x\\u{7}.csv: cannot be read: \
         No such file or directory (os error 2); showing the data read before"
    );
    let after = crate::support::text(&app, 120, 40);
    // Everything but the status bar is as it was.
    let body = |screen: &str| {
        let lines: Vec<&str> = screen.lines().collect();
        lines[..lines.len() - 1].join("\n")
    };
    assert_eq!(body(&after), body(&before));
    assert!(after.contains("reload failed: cbc"));
    // Esc, with nothing else to close, shortens the message once read; it
    // stays while the data are those read before.
    app.update(hemotrend::tui::Action::Back);
    let notice = app.notice().expect("a notice");
    assert!(notice.warning);
    assert_eq!(
        notice.text,
        "last reload failed: showing the data read before"
    );
    // A reload that succeeds ends it: then Esc clears its message.
    app.reload(load(""));
    assert_eq!(
        app.notice().map(|n| n.text.as_str()),
        Some("reload 2: no change")
    );
    app.update(hemotrend::tui::Action::Back);
    assert!(app.notice().is_none());
    assert!(!crate::support::text(&app, 120, 40).contains("reload failed"));
}

#[test]
fn fewer_draws_warn_and_a_vanished_patient_is_named() {
    let mut app = on_a_middle_draw_zoomed();
    // The file was replaced: patient A is gone.
    let text = format!("{HEADER}B,Bo,M,2024-01-05,10,0.1,6\n");
    app.reload(Reload::from_load(
        load_texts(&[("cbc.csv", &text)]),
        &Thresholds::default(),
        None,
    ));
    assert_eq!(app.selected_patient().map(|p| p.id.as_str()), Some("B"));
    assert_eq!(app.window(), None, "a new patient starts on all time");
    let notice = app.notice().expect("a notice");
    assert!(notice.warning);
    assert_eq!(
        notice.text,
        "reload 1: 4 draws fewer, 1 patient gone; patient A is no longer in the data"
    );
}

/// What sets the limits and marks on screen changed, not a value: a sex
/// (Hb 12.5 is low for a man), an event (a transfusion's mark), a warning,
/// another patient gone. Never "no change", and a patient gone warns.
#[test]
fn details_events_warnings_and_patients_gone_are_changes() {
    let reloaded = |text: &str, events: Option<&str>| {
        let mut app = app();
        let mut files = vec![("cbc.csv", text)];
        if let Some(events) = events {
            files.push(("events.csv", events));
        }
        app.reload(Reload::from_load(
            load_texts(&files),
            &Thresholds::default(),
            None,
        ));
        let notice = app.notice().expect("a notice").clone();
        (notice.text, notice.warning)
    };
    let sex = format!("{HEADER}{}", ROWS.replace("A,Ann,F", "A,Ann,M"));
    assert_eq!(
        reloaded(&sex, None),
        ("reload 1: 1 patient's details changed".to_string(), false)
    );
    let all = format!("{HEADER}{ROWS}");
    assert_eq!(
        reloaded(
            &all,
            Some("patient_id,at,event,units\nA,2024-01-19T08:00,rbc-transfusion,2\n")
        ),
        ("reload 1: 1 new event".to_string(), false)
    );
    // A column named like a blood count that is not read: a warning.
    let warned = format!(
        "{},Platelet count\n{}",
        HEADER.trim_end(),
        ROWS.replace('\n', ",\n")
    );
    assert_eq!(
        reloaded(&warned, None),
        ("reload 1: 1 new warning".to_string(), true)
    );
    // B is on screen; A, not on screen, is gone.
    let without_a = format!("{HEADER}{}", &ROWS[ROWS.find("B,").expect("B")..]);
    assert_eq!(
        reloaded(&without_a, None),
        ("reload 1: 3 draws fewer, 1 patient gone".to_string(), true)
    );
}

/// A lab range corrected, or a draw moved to another time, is a change:
/// the flags and the table move with it ("no change" had been said).
#[test]
fn a_range_corrected_or_a_draw_moved_is_a_change() {
    let long = |range: &str, second: &str| {
        format!(
            "patient_id,collected_at,test,value,unit,ref_range_lower,ref_range_upper\n\
             A,2024-01-01,hgb,12.0,g/dL,{range}\n\
             A,{second},hgb,12.5,g/dL,{range}\n"
        )
    };
    let reloaded = |text: &str| {
        let dataset = load_texts(&[("r.csv", &long("11.0,15.0", "2024-01-03"))]).expect("loads");
        let mut app = crate::support::app_of(dataset, 120, 40);
        app.reload(Reload::from_load(
            load_texts(&[("r.csv", text)]),
            &Thresholds::default(),
            None,
        ));
        app.notice().expect("a notice").text.clone()
    };
    assert_eq!(
        reloaded(&long("13.0,17.0", "2024-01-03")),
        "reload 1: 2 draws changed"
    );
    assert_eq!(
        reloaded(&long("11.0,15.0", "2024-01-02")),
        "reload 1: 1 draw changed"
    );
}
