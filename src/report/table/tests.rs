//! Tests of the summary table: spaces and widths, and its rows and CSV made
//! from the dataset against those of full summaries.

use super::rows::{display_width, push_spaces};
use super::*;
use crate::report::patient_summary::{PatientSummary, summarize};
use crate::report::test_datasets::datasets;

#[test]
fn spaces_are_pushed_to_any_count() {
    for count in [0, 1, 2, 63, 64, 65, 200] {
        let mut line = String::from("x");
        push_spaces(&mut line, count);
        assert_eq!(line, format!("x{}", " ".repeat(count)));
    }
}

#[test]
fn printable_ascii_is_measured_as_the_unicode_tables_measure_it() {
    let printable: Vec<char> = (b' '..=b'~').map(char::from).collect();
    let mut cell = String::new();
    // Every pair: a sequence could only change a width with its
    // neighbour.
    for &a in &printable {
        for &b in &printable {
            cell.clear();
            cell.extend([a, b]);
            assert_eq!(display_width(&cell), cell.width(), "{cell:?}");
            assert_eq!(display_width(&cell[..1]), cell[..1].width());
        }
    }
    for other in ["é", "Ω", "名前", "\u{1F600}", "a\u{301}", "Zoë, Ann"] {
        assert_eq!(display_width(other), other.width(), "{other}");
    }
}

/// A row as read from a full [`PatientSummary`]: the reading the rows
/// made straight from the dataset must equal.
fn row_from_summary(summary: &PatientSummary<'_>, dataset: &Dataset, config: &Config) -> String {
    let patient = summary.patient;
    let thresholds = &config.thresholds;
    let alarm = crate::clinical::latest_alarm(patient, &dataset.draws(patient), thresholds);
    let names = |names: Vec<&str>| {
        if names.is_empty() {
            "-".to_string()
        } else {
            names.join(" ")
        }
    };
    let (worst_draw, worst) = &summary.worst;
    [
        printable(&patient.id).into_owned(),
        patient
            .name
            .as_deref()
            .map_or("-".into(), |n| printable(n).into_owned()),
        patient.sex.code().unwrap_or("-").to_string(),
        summary.draws.to_string(),
        summary.first.time.to_string(),
        summary.latest.time.to_string(),
        summary.severity.category.name().to_string(),
        Some(alarm.text())
            .filter(|t| !t.is_empty())
            .unwrap_or("-".into()),
        names(summary.severity.could_be.iter().map(|c| c.name()).collect()),
        names(summary.below.iter().map(|a| a.name()).collect()),
        format!("{} ({})", worst.category.name(), worst_draw.time),
    ]
    .join("|")
}

/// A table of more patients than a block holds (made and padded on
/// every core): every patient's row, in id order, says what its full
/// summary says, each cell starting under its header.
#[test]
fn a_table_of_many_blocks_lists_every_patient_aligned_in_order() {
    let mut file = String::from("patient_id,name,sex,birth_date,collected_at,wbc,hgb,plt,anc\n");
    let patients = 2 * blocks::BLOCK + 57;
    for row in 0..2 * patients {
        let patient = (row * 7) % patients;
        file.push_str(&format!(
            "P{patient:05},{},{},2010-0{}-15,2024-0{}-10T08:00,{}.{},{}.5,{},{}\n",
            if patient.is_multiple_of(3) {
                "\"Jones, Ann\""
            } else {
                "\"Li, Ö\""
            },
            if patient.is_multiple_of(2) { "F" } else { "M" },
            1 + patient % 9,
            1 + row / patients,
            1 + patient % 9,
            row % 10,
            6 + patient % 9,
            5 + (patient * 37) % 400,
            if patient.is_multiple_of(5) {
                "<0.1".to_string()
            } else {
                format!("0.{}", patient % 10)
            }
        ));
    }
    let dataset = crate::ingest::load_bytes(&[("many.csv", file.as_bytes())]).unwrap();
    let config = Config::default();
    let mut out = Vec::new();
    write_table(&mut out, dataset.patients(), &dataset, &config).unwrap();
    let text = String::from_utf8(out).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    // Where each header cell starts, in columns.
    let starts: Vec<usize> = header
        .match_indices(|c: char| c.is_ascii_uppercase())
        .filter(|&(at, _)| at == 0 || header[..at].ends_with("  "))
        .map(|(at, _)| header[..at].width())
        .collect();
    assert_eq!(starts.len(), 11, "{header}");
    let summaries = summarize(&dataset, &config.thresholds);
    assert_eq!(summaries.len(), patients);
    for summary in &summaries {
        let line = lines.next().unwrap();
        let expected = row_from_summary(summary, &dataset, &config);
        let cells: Vec<&str> = expected.split('|').collect();
        // Each cell where its column starts, then padding to the next.
        let mut column = 0;
        let mut rest = line;
        for (cell, &start) in cells.iter().zip(&starts) {
            let pad = start - column;
            assert!(rest.starts_with(&" ".repeat(pad)), "{line}");
            rest = &rest[pad..];
            assert!(rest.starts_with(cell), "{cell} in {line}");
            rest = &rest[cell.len()..];
            column = start + cell.width();
        }
        assert!(rest.is_empty(), "{line}");
    }
    assert_eq!(lines.next(), Some(""));
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with(&format!("{patients} patients"))
    );
}

#[test]
fn rows_made_from_the_dataset_say_what_a_full_summary_says() {
    rows_equal_full_summaries(false, 40);
}

#[test]
#[ignore = "needs ../shared/real-data"]
fn rows_of_the_real_exports_say_what_a_full_summary_says() {
    rows_equal_full_summaries(true, 150);
}

fn rows_equal_full_summaries(real: bool, at_least: usize) {
    let config = Config::default();
    let table = CategoryTable::new(&config.thresholds);
    let mut compared = 0;
    for dataset in datasets(real) {
        for summary in summarize(&dataset, &config.thresholds) {
            let (mut text, mut widths) = (String::new(), [0; 11]);
            let mut row = Row {
                text: &mut text,
                widths: &mut widths,
                cell: 0,
            };
            let draws = push_row(
                &mut row,
                &dataset,
                summary.patient,
                &config.thresholds,
                &table,
            );
            assert_eq!(draws, Some(summary.draws));
            let cells: Vec<&str> = text.trim_end_matches('\n').split('\0').collect();
            assert_eq!(
                cells.join("|"),
                row_from_summary(&summary, &dataset, &config)
            );
            // Each column's width is its cell's.
            for (cell, width) in cells.iter().zip(widths) {
                assert_eq!(cell.width(), width, "{cell}");
            }
            compared += 1;
        }
    }
    assert!(compared >= at_least, "only {compared} patients compared");
}

#[test]
fn the_csv_made_from_the_dataset_is_the_csv_of_full_summaries() {
    csv_equals_full_summaries(false);
}

#[test]
#[ignore = "needs ../shared/real-data"]
fn the_csv_of_the_real_exports_is_the_csv_of_full_summaries() {
    csv_equals_full_summaries(true);
}

fn csv_equals_full_summaries(real: bool) {
    let config = Config::default();
    for dataset in datasets(real) {
        let summaries = summarize(&dataset, &config.thresholds);
        let mut from_summaries = Vec::new();
        crate::report::write_csv(&mut from_summaries, &summaries).unwrap();
        let mut streamed = Vec::new();
        crate::report::write_csv_dataset(&mut streamed, &dataset, &config.thresholds).unwrap();
        assert_eq!(
            String::from_utf8(streamed).unwrap(),
            String::from_utf8(from_summaries).unwrap()
        );
    }
}
