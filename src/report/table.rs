//! Human-readable output: the summary table, `check`'s verdict, rejected rows.

use std::io::{self, Write};

use unicode_width::UnicodeWidthStr;

use crate::clinical::{CategoryTable, Config};
use crate::model::{Dataset, LoadReport, Patient, Rejection};
use crate::safe_text::{counted, printable};

use super::blocks;
use super::csv_line::LineFacts;

/// The summary as an aligned table, one line per patient of `patients`
/// (every patient, or the one `--patient` asks for), then totals and the
/// configuration in force.
pub fn write_table(
    out: &mut impl Write,
    patients: &[Patient],
    dataset: &Dataset,
    config: &Config,
) -> io::Result<()> {
    let header = [
        "PATIENT",
        "NAME",
        "SEX",
        "DRAWS",
        "FIRST",
        "LAST",
        "SEVERITY",
        "GRADE/FLAG",
        "COULD BE",
        "BELOW",
        "WORST",
    ];
    let thresholds = &config.thresholds;
    let table = CategoryTable::new(thresholds);
    // Rows made in blocks of patients on every core, each kept as its
    // cells' text alone (separated by NUL, which no cell holds: control
    // characters are shown escaped), then padded to the widths of all:
    // 100,000 patients' rows are 15 MB held, where making them twice (a
    // pass for the widths) took a third of the table's time.
    let mut widths = header.map(UnicodeWidthStr::width);
    let (mut listed, mut draws) = (0u64, 0u64);
    let mut made: Vec<String> = Vec::new();
    blocks::in_order(
        blocks::count(patients.len()),
        |index| {
            let mut widths = [0; 11];
            let (mut listed, mut draws) = (0u64, 0u64);
            let mut cells = String::new();
            let block = patients
                .get(blocks::range(index, patients.len()))
                .unwrap_or_default();
            for patient in block {
                let mut row = Row {
                    text: &mut cells,
                    widths: &mut widths,
                    cell: 0,
                };
                if let Some(count) = push_row(&mut row, dataset, patient, thresholds, &table) {
                    listed += 1;
                    draws += count as u64;
                }
            }
            (widths, listed, draws, cells)
        },
        |(block_widths, block_listed, block_draws, cells)| {
            for (width, block) in widths.iter_mut().zip(block_widths) {
                *width = (*width).max(block);
            }
            listed += block_listed;
            draws += block_draws;
            made.push(cells);
            Ok(())
        },
    )?;
    write_aligned(out, &header, &widths)?;
    // Padded on every core too, block by block, and written in order: on
    // one thread the padding of 100,000 rows was most of what the table
    // cost beyond the CSV.
    blocks::in_order(
        made.len(),
        |index| {
            let mut lines = String::new();
            for row in made
                .get(index)
                .map(String::as_str)
                .unwrap_or_default()
                .lines()
            {
                push_aligned(&mut lines, row.split('\0'), &widths);
            }
            lines
        },
        |lines| out.write_all(lines.as_bytes()),
    )?;
    let report = dataset.report();
    // The totals of the patients listed (all, or the one `--patient` asks
    // for); the row counts are the files'.
    writeln!(
        out,
        "\n{}, {}. {} rejected{}, {} ignored (not part of a CBC){}.{}",
        counted(listed, "patient"),
        counted(draws, "draw"),
        counted(report.rows_rejected(), "row"),
        cells_rejected(report),
        report.ignored,
        without_value(report),
        warnings_counted(report),
    )?;
    writeln!(out, "{}", config_line(config))?;
    writeln!(
        out,
        "Blood counts alone: severity says whether the counts meet the criteria; \
         marrow cellularity is not assessed. A review aid, not a diagnostic device."
    )
}

/// `Configuration: <source>; reticulocytes < 60 (automated count)`, and
/// what differs from clinical.md.
pub fn config_line(config: &Config) -> String {
    let thresholds = &config.thresholds;
    let changes = config.changes();
    let changed = if changes.is_empty() {
        String::new()
    } else {
        format!("; changed from docs/clinical.md: {}", changes.join(", "))
    };
    format!(
        "Configuration: {}; severe reticulocyte criterion < {} x10^9/L ({} count){changed}.",
        printable(&config.source.describe()),
        thresholds.retic_cutoff(),
        thresholds.retic_method.name()
    )
}

/// A row being written: its cells go into `text`, separated by NUL (which
/// no cell holds: control characters are shown escaped), and each
/// column's widest cell is kept in `widths`.
struct Row<'a> {
    text: &'a mut String,
    widths: &'a mut [usize; 11],
    /// The next cell's column.
    cell: usize,
}

impl Row<'_> {
    /// Appends the next cell, written by `write`.
    fn cell(&mut self, write: impl FnOnce(&mut String)) {
        if self.cell > 0 {
            self.text.push('\0');
        }
        let start = self.text.len();
        write(self.text);
        let width = display_width(self.text.get(start..).unwrap_or_default());
        if let Some(widest) = self.widths.get_mut(self.cell) {
            *widest = (*widest).max(width);
        }
        self.cell += 1;
    }

    /// Appends a cell of text.
    fn text(&mut self, text: &str) {
        self.cell(|out| out.push_str(text));
    }

    /// Appends a cell of what `value` displays.
    fn display(&mut self, value: impl std::fmt::Display) {
        use std::fmt::Write as _;
        // Writing into a String cannot fail.
        self.cell(|out| {
            let _ = write!(out, "{value}");
        });
    }

    /// Appends a cell of a time, written without the formatting machinery
    /// (three a row).
    fn time(&mut self, before: &[&str], time: crate::model::Timestamp, after: &str) {
        self.cell(|out| {
            let mut text = [0u8; crate::model::TIMESTAMP_TEXT_LEN];
            let len = time.write_text(&mut text);
            for text in before {
                out.push_str(text);
            }
            // Only ASCII digits and separators were written.
            out.push_str(
                std::str::from_utf8(text.get(..len).unwrap_or_default()).unwrap_or_default(),
            );
            out.push_str(after);
        });
    }

    /// Appends names joined by spaces, or `-` for none.
    fn names<'n>(&mut self, names: impl Iterator<Item = &'n str>) {
        self.cell(|out| {
            let mut any = false;
            for name in names {
                if any {
                    out.push(' ');
                }
                out.push_str(name);
                any = true;
            }
            if !any {
                out.push('-');
            }
        });
    }
}

/// Writes a patient's row and returns its draws; nothing for a patient
/// without a draw. Beside the category, the latest draw's highest CTCAE
/// grade, else its worst flag (`G4 PLT`, `LL ANC`), as the dashboard's
/// list shows it: immune thrombocytopenia with platelets 6 is `none` (not
/// the pattern that is graded) but never reads as healthy (clinical.md §1,
/// words on screen). Each cell is written straight into the block's text:
/// made as strings of their own, a table of 100,000 patients allocated
/// and freed 1.1 million.
fn push_row(
    row: &mut Row<'_>,
    dataset: &Dataset,
    patient: &Patient,
    thresholds: &crate::clinical::Thresholds,
    table: &CategoryTable,
) -> Option<usize> {
    let facts = LineFacts::of(dataset, patient, thresholds, table)?;
    let alarm = crate::clinical::latest_alarm(patient, &dataset.draws(patient), thresholds).text();
    row.text(&printable(&patient.id));
    row.text(
        patient
            .name
            .as_deref()
            .map_or("-".into(), printable)
            .as_ref(),
    );
    row.text(patient.sex.code().unwrap_or("-"));
    row.display(facts.draws);
    row.time(&[], facts.first, "");
    row.time(&[], facts.latest.time, "");
    row.text(facts.category.name());
    row.text(if alarm.is_empty() { "-" } else { &alarm });
    row.names(facts.could_be().map(|c| c.name()));
    row.names(facts.below().map(|a| a.name()));
    row.time(&[facts.worst.1.name(), " ("], facts.worst.0, ")");
    row.text.push('\n');
    Some(facts.draws)
}

fn write_aligned(out: &mut impl Write, cells: &[&str], widths: &[usize]) -> io::Result<()> {
    let mut line = String::new();
    push_aligned(&mut line, cells.iter().copied(), widths);
    out.write_all(line.as_bytes())
}

/// The columns a cell takes on a terminal. Most cells are printable ASCII,
/// a column a byte: measured by the Unicode tables, the 2.2 million cells of
/// a table of 100,000 patients (each twice: for the widths, then the
/// padding) took a tenth of the table's time.
fn display_width(cell: &str) -> usize {
    if cell.bytes().all(|byte| (b' '..=b'~').contains(&byte)) {
        cell.len()
    } else {
        cell.width()
    }
}

/// Appends the cells padded to their columns' widths (every cell but the
/// last), and the line's end.
fn push_aligned<'c>(line: &mut String, cells: impl Iterator<Item = &'c str>, widths: &[usize]) {
    let start = line.len();
    let mut cells = cells.peekable();
    for width in widths {
        let Some(cell) = cells.next() else {
            break;
        };
        line.push_str(cell);
        if cells.peek().is_some() {
            let pad = width.saturating_sub(display_width(cell)) + 2;
            push_spaces(line, pad);
        }
    }
    let end = line.get(start..).map_or(0, |added| added.trim_end().len());
    line.truncate(start + end);
    line.push('\n');
}

/// Appends `count` spaces, a slice at a time: pushed one `char` at a time,
/// the padding of 2.2 million cells was a tenth of the table's writing.
fn push_spaces(line: &mut String, mut count: usize) {
    const SPACES: &str = "                                                                ";
    while count > 0 {
        let now = count.min(SPACES.len());
        line.push_str(SPACES.get(..now).unwrap_or_default());
        count -= now;
    }
}

/// Each rejected row as `file:line: column "x": reason`.
pub fn write_rejections(out: &mut impl Write, rejected: &[Rejection]) -> io::Result<()> {
    for rejection in rejected {
        let column = rejection
            .column
            .as_deref()
            .map(|column| format!(" column \"{}\":", crate::safe_text::shown_id(column)))
            .unwrap_or_default();
        let line = rejection
            .line_shown()
            .map(|line| format!(":{line}"))
            .unwrap_or_default();
        writeln!(
            out,
            "{}{line}:{} {}",
            printable(&rejection.file),
            column,
            printable(&rejection.reason)
        )?;
    }
    Ok(())
}

/// `, and 2 cells rejected alone (the rest of their rows read)`, or nothing.
fn cells_rejected(report: &LoadReport) -> String {
    match report.cells_rejected {
        0 => String::new(),
        cells => format!(
            " and {} alone (the rest of {} read)",
            counted(cells, "cell"),
            if cells == 1 { "its row" } else { "their rows" }
        ),
    }
}

/// ` 2 warnings (loaded, but worth a look): `hemotrend check` lists them.`
/// after the totals (of the table, and on `summary`'s stderr), or nothing.
/// Counted, not listed: a file of random values has one a draw.
pub fn warnings_counted(report: &LoadReport) -> String {
    match report.warnings.len() {
        0 => String::new(),
        count => format!(
            " {} (loaded, but worth a look): `hemotrend check` lists {}.",
            counted(count as u64, "warning"),
            if count == 1 { "it" } else { "them" }
        ),
    }
}

/// `, 3 with no value (no draw)`, or nothing.
fn without_value(report: &LoadReport) -> String {
    match report.without_value {
        0 => String::new(),
        rows => format!(", {rows} with no value (no draw)"),
    }
}

/// `check --patient`'s closing line: the patient's draws, and what of the
/// list above is theirs (rows whose patient could not be read are listed
/// too: they may be theirs) and what of other patients was left out.
pub fn write_check_patient(
    out: &mut impl Write,
    dataset: &Dataset,
    id: &str,
    patient: Option<&crate::model::Patient>,
) -> io::Result<()> {
    let report = dataset.report();
    let draws = patient.map(|patient| dataset.draws(patient));
    let span = match draws
        .as_ref()
        .map(|d| (d.times().first(), d.times().last()))
    {
        Some((Some(first), Some(last))) => format!(
            ", {} → {}",
            super::words::date(*first),
            super::words::date(*last)
        ),
        _ => String::new(),
    };
    let (rejected, warned) = report.count_of(id);
    let unplaced = report
        .rejected
        .iter()
        .filter(|row| row.patient.is_none())
        .count();
    let unread = |rows: &[Rejection]| rows.iter().filter(|row| row.patient.is_none()).count();
    let others = (
        report.rejected.len() - rejected - unplaced,
        report.warnings.len() - warned - unread(&report.warnings),
    );
    let draws = match draws {
        Some(draws) => counted(draws.len() as u64, "draw"),
        None => "no draw".to_string(),
    };
    let unplaced = match unplaced {
        0 => String::new(),
        rows => format!(
            ", with {} whose patient could not be read (it may be theirs)",
            counted(rows as u64, "rejected row")
        ),
    };
    let others = match others {
        (0, 0) => String::new(),
        (rejections, warnings) => format!(
            "; {} and {} of other patients not listed (`hemotrend check` without --patient lists them)",
            counted(rejections as u64, "rejection"),
            counted(warnings as u64, "warning"),
        ),
    };
    writeln!(
        out,
        "Patient {}: {draws}{span}; {} and {} of theirs listed above{unplaced}{others}.",
        printable(id),
        counted(rejected as u64, "rejection"),
        counted(warned as u64, "warning"),
    )
}

/// Whether a rejection or warning is listed by `check --patient id`: the
/// patient's own, and any whose patient could not be read.
pub fn listed_for(row: &Rejection, only: Option<&str>) -> bool {
    only.is_none_or(|id| row.patient.as_deref().is_none_or(|patient| patient == id))
}

/// `check`'s verdict: every rejected row, then what was read and loaded.
///
/// With `only` (`--patient`), the rejected rows and warnings listed are that
/// patient's and those whose patient could not be read; the counts are the
/// files' still.
pub fn write_check(out: &mut impl Write, dataset: &Dataset, only: Option<&str>) -> io::Result<()> {
    let report: &LoadReport = dataset.report();
    let listed = |rows: &[Rejection]| -> Vec<Rejection> {
        rows.iter()
            .filter(|row| listed_for(row, only))
            .cloned()
            .collect()
    };
    write_rejections(out, &listed(&report.rejected))?;
    let warnings = listed(&report.warnings);
    if !warnings.is_empty() {
        writeln!(out, "Warnings (loaded, but worth a look):")?;
        write_rejections(out, &warnings)?;
    }
    // Events rows are read and counted apart from the draws' rows.
    let events = report.events_read;
    let loaded = report.rows_loaded().saturating_sub(events);
    writeln!(
        out,
        "{}, {}: {} loaded into {} of {}, {} ignored (not part of a CBC){}, {} rejected{}{}.",
        counted(report.files.len() as u64, "file"),
        counted(report.rows_read, "row"),
        loaded,
        counted(dataset.draw_count() as u64, "draw"),
        counted(dataset.patients().len() as u64, "patient"),
        report.ignored,
        without_value(report),
        report.rows_rejected(),
        cells_rejected(report),
        if report.duplicates_merged > 0 {
            format!(
                ", {} merged",
                counted(report.duplicates_merged, "duplicate row")
            )
        } else {
            String::new()
        }
    )?;
    if events > 0 {
        let unshown = events.saturating_sub(dataset.event_count() as u64);
        writeln!(
            out,
            "{} (treatments and transfusions) loaded from events files{}.",
            counted(events, "event"),
            if unshown > 0 {
                format!("; {unshown} of patients with no blood count, not shown (see the warnings)")
            } else {
                String::new()
            }
        )?;
    }
    if report.derived > 0 || report.percentages_without_count > 0 {
        // The percentages that gave none are said only when there are any.
        let none = match report.percentages_without_count {
            0 => String::new(),
            count => format!(
                "; {} gave none (each named in the warnings: no WBC or RBC in the draw, \
                 censored on opposite sides, or not exact)",
                counted(count, "percentage")
            ),
        };
        writeln!(
            out,
            "{} derived from a percentage (marked derived){none}.",
            counted(report.derived, "absolute count"),
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
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
    fn row_from_summary(
        summary: &PatientSummary<'_>,
        dataset: &Dataset,
        config: &Config,
    ) -> String {
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
        let mut file =
            String::from("patient_id,name,sex,birth_date,collected_at,wbc,hgb,plt,anc\n");
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
}
