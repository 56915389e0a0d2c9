//! Events files: told apart by their header, every bad row named.

use rstest::rstest;

use crate::ingest::load_texts;
use crate::model::EventKind;

const LAB: &str = "patient_id,collected_at,plt\nP1,2024-01-01,100\nP1,2024-02-01,90\n";

#[test]
fn events_load_beside_a_lab_file() {
    let events = "patient_id,date,event,units,note\n\
                  P1,2024-01-10,rbc-transfusion,2,\n\
                  P1,2024-01-05,IST,,hATG + ciclosporin\n";
    let dataset = load_texts(&[("lab.csv", LAB), ("events.csv", events)]).expect("loads");
    let patient = dataset.patient("P1").expect("patient");
    let loaded = dataset.events(patient);
    assert_eq!(loaded.len(), 2);
    // By time, not by line.
    assert_eq!(loaded[0].kind, EventKind::Ist);
    assert_eq!(loaded[0].note.as_deref(), Some("hATG + ciclosporin"));
    assert_eq!(loaded[1].kind, EventKind::RbcTransfusion);
    assert_eq!(loaded[1].units, Some(2));
    assert!(dataset.report().rejected.is_empty());
    assert_eq!(dataset.draw_count(), 2);
}

#[rstest]
#[case::at_column("patient,at,event\nP1,2024-01-10,hsct\n")]
#[case::start_column("mrn,start,end,event\nP1,2024-01-10,2024-01-12,g-csf\n")]
#[case::usual_time_name("subject_id,charttime,Event\nP1,2024-01-10 08:00,chemotherapy\n")]
fn every_time_column_name_is_read(#[case] events: &str) {
    let dataset = load_texts(&[("lab.csv", LAB), ("events.csv", events)]).expect("loads");
    let patient = dataset.patient("P1").expect("patient");
    assert_eq!(dataset.events(patient).len(), 1, "{events}");
    assert!(dataset.report().rejected.is_empty());
}

#[rstest]
#[case::unknown_event("P1,2024-01-10,aspirin", 3, "event", "unknown event \"aspirin\"")]
#[case::bad_time(
    "P1,2024/01/10,ist",
    3,
    "date",
    "the time \"2024/01/10\" cannot be read"
)]
#[case::no_time("P1,,ist", 3, "date", "no time")]
#[case::no_patient(",2024-01-10,ist", 3, "patient_id", "no patient id")]
#[case::no_event("P1,2024-01-10, ", 3, "event", "no event; expected one of")]
fn a_bad_row_is_rejected_with_file_line_and_column(
    #[case] row: &str,
    #[case] line: u64,
    #[case] column: &str,
    #[case] reason: &str,
) {
    let events = format!("patient_id,date,event\nP1,2024-01-09,ist\n{row}\n");
    let dataset = load_texts(&[("lab.csv", LAB), ("ev.csv", &events)]).expect("loads");
    let rejected = &dataset.report().rejected;
    assert_eq!(rejected.len(), 1, "{rejected:?}");
    assert_eq!(rejected[0].file, "ev.csv");
    assert_eq!(rejected[0].line, line);
    assert_eq!(rejected[0].column.as_deref(), Some(column));
    assert!(
        rejected[0].reason.contains(reason),
        "{}",
        rejected[0].reason
    );
    // The good row still loads.
    let patient = dataset.patient("P1").expect("patient");
    assert_eq!(dataset.events(patient).len(), 1);
}

#[test]
fn a_bad_units_cell_loses_only_the_units() {
    let events = "patient_id,date,event,units\nP1,2024-01-10,platelet-transfusion,two\n";
    let dataset = load_texts(&[("lab.csv", LAB), ("ev.csv", events)]).expect("loads");
    let rejected = &dataset.report().rejected;
    assert_eq!(rejected.len(), 1);
    assert_eq!(rejected[0].column.as_deref(), Some("units"));
    let patient = dataset.patient("P1").expect("patient");
    assert_eq!(dataset.events(patient)[0].units, None);
}

/// A cell that is not UTF-8 (a Latin-1 `ciclosporín`) is said in the lab
/// tables' words, with the encoding advice: in the note, the note alone
/// is refused and the event loads; in the patient, the row is refused.
#[test]
fn a_cell_not_utf8_is_named_as_the_lab_tables_name_it() {
    let events: &[u8] = b"patient_id,date,event,note\n\
        P1,2024-01-05,ist,hATG + ciclospor\xedn\n\
        P\xed1,2024-01-10,ist,\n";
    let dataset = crate::ingest::load_bytes(&[("lab.csv", LAB.as_bytes()), ("ev.csv", events)])
        .expect("loads");
    let rejected: Vec<_> = dataset
        .report()
        .rejected
        .iter()
        .map(|r| (r.line, r.column.as_deref(), r.reason.as_str()))
        .collect();
    assert_eq!(
        rejected,
        [
            (2, Some("note"), crate::ingest::rows::NOT_UTF8),
            (3, Some("patient_id"), crate::ingest::rows::NOT_UTF8),
        ]
    );
    assert_eq!(dataset.report().cells_rejected, 1, "the note alone");
    let patient = dataset.patient("P1").expect("patient");
    let loaded = dataset.events(patient);
    assert_eq!(loaded.len(), 1);
    assert_eq!(
        (loaded[0].kind, loaded[0].note.as_deref()),
        (EventKind::Ist, None)
    );
}

#[test]
fn a_wrong_field_count_rejects_the_row() {
    let events = "patient_id,date,event\r\nP1,2024-01-10\r\nP1,2024-01-11,ist\r\n";
    let dataset = load_texts(&[("lab.csv", LAB), ("ev.csv", events)]).expect("loads");
    let rejected = &dataset.report().rejected;
    assert_eq!(rejected.len(), 1);
    assert_eq!(rejected[0].line, 2);
    assert!(rejected[0].reason.contains("2 fields"));
}

#[test]
fn events_of_a_patient_without_draws_are_a_warning() {
    let events = "patient_id,date,event\nP9,2024-01-10,ist\n";
    let dataset = load_texts(&[("lab.csv", LAB), ("ev.csv", events)]).expect("loads");
    let warnings = &dataset.report().warnings;
    assert_eq!(warnings.len(), 1);
    assert_eq!((warnings[0].file.as_str(), warnings[0].line), ("ev.csv", 2));
    assert!(warnings[0].reason.contains("P9"));
    assert_eq!(dataset.event_count(), 0);
}

#[test]
fn an_events_header_without_a_time_column_is_unusable() {
    let events = "patient_id,event\nP1,ist\n";
    let error = load_texts(&[("lab.csv", LAB), ("ev.csv", events)]).expect_err("refused");
    assert_eq!(error.files[0].file, "ev.csv");
    assert!(error.files[0].reason.contains("time column"));
}

#[rstest]
#[case("rbc-transfusion", EventKind::RbcTransfusion)]
#[case("RBC transfusion", EventKind::RbcTransfusion)]
#[case("platelet_transfusion", EventKind::PlateletTransfusion)]
#[case("G-CSF", EventKind::GCsf)]
#[case("gcsf", EventKind::GCsf)]
#[case("other", EventKind::Other)]
fn event_names_are_matched_like_headers(#[case] text: &str, #[case] kind: EventKind) {
    assert_eq!(EventKind::from_name(text), Some(kind));
}

/// Quotes are checked as in a file of counts: `"2"0` units are refused
/// alone (the transfusion loads, without units), and a note whose quote
/// never closes costs that note: the IST start loads, and so does the
/// transfusion after it.
#[test]
fn a_faulty_quote_in_an_events_file_is_named() {
    let events = "patient_id,date,event,units,note\n\
                  P1,2024-01-10,rbc-transfusion,\"2\"0,\n\
                  P1,2024-01-11,ist,,\"stray\n\
                  P1,2024-01-12,rbc-transfusion,3,\n";
    let dataset = load_texts(&[("lab.csv", LAB), ("events.csv", events)]).expect("loads");
    let patient = dataset.patient("P1").expect("patient");
    let loaded = dataset.events(patient);
    let kinds: Vec<EventKind> = loaded.iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        [
            EventKind::RbcTransfusion,
            EventKind::Ist,
            EventKind::RbcTransfusion
        ]
    );
    assert_eq!(loaded[0].units, None);
    assert_eq!(
        (loaded[1].note.as_deref(), loaded[2].units),
        (None, Some(3))
    );
    let rejected: Vec<(u64, Option<&str>, &str)> = dataset
        .report()
        .rejected
        .iter()
        .map(|r| (r.line, r.column.as_deref(), r.reason.as_str()))
        .collect();
    assert_eq!(rejected.len(), 2, "{rejected:?}");
    assert_eq!((rejected[0].0, rejected[0].1), (2, Some("units")));
    assert!(rejected[0].2.contains("read as \"20\""), "{rejected:?}");
    assert_eq!((rejected[1].0, rejected[1].1), (3, Some("note")));
    assert_eq!(rejected[1].2, "a quote opens this cell and is never closed");
    assert_eq!(dataset.report().cells_rejected, 2);
}

/// A note's quote that closes three lines on, each of them an event of its
/// own: only the note is refused; its red-cell transfusion, and the
/// platelet transfusion, the IST start and the G-CSF after it load.
#[test]
fn a_quote_over_whole_rows_costs_only_its_own_row() {
    let events = "patient_id,at,event,end,units,note\n\
                  P1,2024-01-15T10:00,rbc-transfusion,,2,\"unclosed note\n\
                  P1,2024-01-16,platelet-transfusion,,1,y\n\
                  P1,2024-01-17,ist,,,z\n\
                  P1,2024-01-18,g-csf,,,\"closes\"\n";
    let dataset = load_texts(&[("lab.csv", LAB), ("events.csv", events)]).expect("loads");
    let patient = dataset.patient("P1").expect("patient");
    let kinds: Vec<EventKind> = dataset.events(patient).iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        [
            EventKind::RbcTransfusion,
            EventKind::PlateletTransfusion,
            EventKind::Ist,
            EventKind::GCsf
        ]
    );
    let rejected: Vec<(u64, Option<&str>)> = dataset
        .report()
        .rejected
        .iter()
        .map(|r| (r.line, r.column.as_deref()))
        .collect();
    assert_eq!(rejected, [(2, Some("note"))]);
    assert_eq!(dataset.report().events_read, 4);
}

#[test]
fn counts_in_an_events_file_are_named_as_not_read() {
    let mixed = "patient_id,collected_at,plt,hgb,event\n\
                 X1,2024-04-03T08:00,25,8.5,platelet-transfusion\n";
    let dataset = load_texts(&[("lab.csv", LAB), ("mixed.csv", mixed)]).expect("loads");
    let warnings = &dataset.report().warnings;
    let named: Vec<(&str, u64, Option<&str>)> = warnings
        .iter()
        .filter(|w| w.reason.contains("events file is not read"))
        .map(|w| (w.file.as_str(), w.line, w.column.as_deref()))
        .collect();
    assert_eq!(
        named,
        [("mixed.csv", 1, Some("plt")), ("mixed.csv", 1, Some("hgb"))],
        "{warnings:?}"
    );
}

/// A cell over 64 KiB is refused as the lab tables refuse one, never
/// repeated whole in the message: a note costs the note, an event its row.
#[test]
fn a_cell_over_64_kib_is_refused_not_repeated() {
    let long = "7".repeat(70_000);
    let events = format!(
        "patient_id,date,event,units,note\nP1,2024-01-10,rbc-transfusion,2,{long}\n\
         P1,2024-01-11,{long},,\n"
    );
    let dataset = load_texts(&[("lab.csv", LAB), ("ev.csv", &events)]).expect("loads");
    let patient = dataset.patient("P1").expect("patient");
    let loaded = dataset.events(patient);
    assert_eq!(loaded.len(), 1);
    assert_eq!(loaded[0].note, None);
    let rejected = &dataset.report().rejected;
    let named: Vec<(u64, Option<&str>, &str)> = rejected
        .iter()
        .map(|r| (r.line, r.column.as_deref(), r.reason.as_str()))
        .collect();
    assert_eq!(
        named,
        [
            (2, Some("note"), "field longer than 64 KiB"),
            (3, Some("event"), "field longer than 64 KiB")
        ]
    );
}

/// Units written as a number with zeros after the point (`2.0`) are that
/// whole number; `0` and `-1` are refused as not positive, `1.5` as not
/// whole (both had been "not a whole number").
#[rstest]
#[case("2", Ok(2))]
#[case("2.0", Ok(2))]
#[case("+2", Ok(2))]
#[case("12.00", Ok(12))]
#[case("0", Err("not a positive number of units"))]
#[case("0.0", Err("not a positive number of units"))]
#[case("-1", Err("not a positive number of units"))]
#[case("1.5", Err("not a whole number of units"))]
#[case(".0", Err("not a whole number of units"))]
#[case("two", Err("not a whole number of units"))]
fn units_are_a_positive_whole_number(#[case] text: &str, #[case] expected: Result<u32, &str>) {
    assert_eq!(super::whole_units(text), expected);
}
