//! The `summary` command: one line per patient, as a table, JSON or CSV.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use crate::clinical::Config;
use crate::report;

use super::{Format, finish_output, json_escape, load, no_draw_of, terminal_safe, unusable};

/// What of a load's report `summary --patient id` lists: the patient's own
/// rejections and warnings, and those whose patient could not be read
/// (they may be theirs), as `check --patient` lists them.
fn listed_for(report: &crate::model::LoadReport, id: &str) -> crate::model::LoadReport {
    let listed = |rows: &[crate::model::Rejection]| -> Vec<crate::model::Rejection> {
        rows.iter()
            .filter(|row| report::listed_for(row, Some(id)))
            .cloned()
            .collect()
    };
    crate::model::LoadReport {
        rejected: listed(&report.rejected),
        warnings: listed(&report.warnings).into_iter().collect(),
        ..report.clone()
    }
}

/// Runs `summary` with the configuration in force.
pub fn run_summary(
    paths: &[PathBuf],
    format: Format,
    patient: Option<&str>,
    config: &Config,
) -> ExitCode {
    let dataset = match load(paths) {
        Ok(dataset) => dataset,
        Err(error) => return unusable(&error),
    };
    let thresholds = &config.thresholds;
    let only = match patient {
        Some(id) => match dataset
            .find_patient(id)
            .and_then(|found| report::summarize_one(&dataset, found, thresholds))
        {
            Some(summary) => Some(summary),
            None => {
                return no_draw_of(id, &dataset);
            }
        },
        None => None,
    };
    // One patient's summary says nothing of other patients (their names
    // are in the reasons): their rejections and warnings are counted, not
    // listed, as `check --patient` does.
    let listed = match &only {
        Some(summary) => std::borrow::Cow::Owned(listed_for(dataset.report(), &summary.patient.id)),
        None => std::borrow::Cow::Borrowed(dataset.report()),
    };
    if !listed.rejected.is_empty() {
        let mut stderr = io::stderr().lock();
        let _ = report::write_rejections(&mut stderr, &listed.rejected);
        let line = if only.is_some() {
            // Rows and cells alone are counted for the whole load only.
            format!(
                "{} listed above.",
                crate::safe_text::counted(listed.rejected.len() as u64, "rejection")
            )
        } else {
            let rows = crate::safe_text::counted(listed.rows_rejected(), "row");
            let cells = match listed.cells_rejected {
                0 => String::new(),
                cells => format!(" and {} alone", crate::safe_text::counted(cells, "cell")),
            };
            format!("{rows}{cells} rejected (listed above).")
        };
        let _ = writeln!(stderr, "{line}");
    }
    let warnings = report::warnings_counted(&listed);
    if !warnings.is_empty() {
        let _ = writeln!(io::stderr().lock(), "{}", warnings.trim_start());
    }
    let others = (
        dataset.report().rejected.len() - listed.rejected.len(),
        dataset.report().warnings.len() - listed.warnings.len(),
    );
    if others != (0, 0) {
        let _ = writeln!(
            io::stderr().lock(),
            "{} and {} of other patients not listed (`hemotrend check` without --patient lists them).",
            crate::safe_text::counted(others.0 as u64, "rejection"),
            crate::safe_text::counted(others.1 as u64, "warning"),
        );
    }
    // Buffered: a locked stdout alone writes line by line, and a summary's
    // JSON has a line per value (1M draws: 14 s of system calls).
    let mut stdout = io::BufWriter::new(io::stdout().lock());
    // On a terminal, CSV never carries raw controls; piped or redirected it
    // is written exactly.
    let csv_on_terminal = io::stdout().is_terminal();
    let written = match (format, only) {
        // Streamed: a summary per patient is made, written and dropped.
        (Format::Csv, None) if csv_on_terminal => {
            let mut safe = terminal_safe::TerminalSafe::new(&mut stdout);
            report::write_csv_dataset(&mut safe, &dataset, thresholds).and_then(|()| safe.flush())
        }
        (Format::Csv, None) => report::write_csv_dataset(&mut stdout, &dataset, thresholds),
        // Streamed too: patients' JSON made in blocks on every core.
        (Format::Json, None) => {
            let mut escaped = json_escape::buffered(&mut stdout);
            report::write_json_dataset(&mut escaped, &dataset, thresholds, config)
                .and_then(|()| escaped.flush())
        }
        // Streamed too, in two passes (the first for the column widths).
        (Format::Table, None) => {
            report::write_table(&mut stdout, dataset.patients(), &dataset, config)
        }
        (format, Some(summary)) => {
            let patient = summary.patient;
            let summaries = vec![summary];
            match format {
                Format::Table => report::write_table(
                    &mut stdout,
                    std::slice::from_ref(patient),
                    &dataset,
                    config,
                ),
                Format::Json => {
                    // C1 controls and bidi overrides as \u escapes: the same
                    // JSON, but safe to print on a terminal.
                    let mut escaped = json_escape::buffered(&mut stdout);
                    report::write_json(&mut escaped, summaries, &listed, config)
                        .and_then(|()| escaped.flush())
                }
                Format::Csv if csv_on_terminal => {
                    let mut safe = terminal_safe::TerminalSafe::new(&mut stdout);
                    report::write_csv(&mut safe, &summaries).and_then(|()| safe.flush())
                }
                Format::Csv => report::write_csv(&mut stdout, &summaries),
            }
        }
    };
    let status = finish_output(written.and_then(|()| stdout.flush()), ExitCode::SUCCESS);
    // The process ends here: freeing every patient's strings one by one
    // would only delay the exit (milliseconds for 100,000 patients).
    std::mem::forget(dataset);
    status
}
