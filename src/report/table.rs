//! Human-readable output: the summary table, `check`'s verdict, rejected rows.

mod rows;

use std::io::{self, Write};

use unicode_width::UnicodeWidthStr;

use crate::clinical::{CategoryTable, Config};
use crate::model::{Dataset, LoadReport, Patient, Rejection};
use crate::safe_text::{counted, printable};

use self::rows::{Row, push_aligned, push_row, write_aligned};
use super::blocks;

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

/// The results the lab replaced or withdrew (read, not loaded), when any.
fn replaced(report: &LoadReport) -> String {
    match report.replaced {
        0 => String::new(),
        1 => ", 1 result replaced or withdrawn by a later one".to_string(),
        n => format!(", {n} results replaced or withdrawn by later ones"),
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
        "{}, {}: {} loaded into {} of {}, {} ignored (not part of a CBC){}, {} rejected{}{}{}.",
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
        },
        replaced(report),
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
mod tests;
