//! The end of the report: what the load kept out (rejected rows) and what
//! deserves a look (warnings), the configuration in force, the files read.
//!
//! A report of chosen patients (`--patient`, the dashboard's export) is
//! attached to their notes: it lists the rows of those patients alone, and
//! counts the others (another patient's, or a row whose patient could not
//! be read), which `hemotrend check` lists.

use std::fmt::Write;

use crate::clinical::{Config, render_config};
use crate::model::{LoadReport, Patient, Rejection};
use crate::report::table::config_line;
use crate::safe_text::counted;

use super::escape::esc;

/// The load's section: every rejected row and warning, or, for chosen
/// `patients`, theirs.
pub fn load_section(report: &LoadReport, config: &Config, patients: Option<&[&Patient]>) -> String {
    let mut s = String::from("<section class=\"load\"><h2>Load report</h2>");
    let _ = write!(
        s,
        "<p>{} read; {} rejected{}; {}; {} of other tests ignored; {} merged{}.</p>",
        counted(report.rows_read, "data row"),
        counted(report.rows_rejected(), "row"),
        // A cell refused alone is no rejected row: the rest of it loaded.
        match report.cells_rejected {
            0 => String::new(),
            1 => " and 1 cell alone (the rest of its row loaded)".to_string(),
            cells => format!(" and {cells} cells alone (the rest of their rows loaded)"),
        },
        counted(report.warnings.len() as u64, "warning"),
        counted(report.ignored, "row"),
        counted(report.duplicates_merged, "duplicate row"),
        match report.replaced {
            0 => String::new(),
            n => format!(
                "; {} replaced or withdrawn by the lab",
                counted(n, "result")
            ),
        },
    );
    let theirs = |rows: &[Rejection]| -> Vec<Rejection> {
        rows.iter()
            .filter(|row| {
                patients.is_none_or(|chosen| {
                    chosen
                        .iter()
                        .any(|patient| row.patient.as_deref() == Some(patient.id.as_str()))
                })
            })
            .cloned()
            .collect()
    };
    let (rejected, warnings) = (theirs(&report.rejected), theirs(&report.warnings));
    let (heading_rejected, heading_warnings, none_rejected, none_warnings) = match patients {
        None => (
            if report.cells_rejected == 0 {
                "Rejected rows"
            } else {
                "Rejected rows and cells"
            },
            "Warnings",
            "No row was rejected.",
            "No warnings.",
        ),
        Some(_) => (
            if report.cells_rejected == 0 {
                "Rejected rows of this report's patients"
            } else {
                "Rejected rows and cells of this report's patients"
            },
            "Warnings of this report's patients",
            "None of their rows was rejected.",
            "No warnings about their rows.",
        ),
    };
    rows(&mut s, heading_rejected, &rejected, none_rejected);
    rows(&mut s, heading_warnings, &warnings, none_warnings);
    let others = (
        report.rejected.len() - rejected.len(),
        report.warnings.len() - warnings.len(),
    );
    if others != (0, 0) {
        let _ = write!(
            s,
            "<p class=\"others\">Not listed here: {} and {} about other patients, rows whose patient could not be read, or whole files (<code>hemotrend check</code> lists every one).</p>",
            counted(others.0 as u64, "rejection"),
            counted(others.1 as u64, "warning"),
        );
    }
    s.push_str("<h3>Files read</h3><ul class=\"files\">");
    for file in &report.files {
        let _ = write!(s, "<li>{}</li>", esc(file));
    }
    s.push_str("</ul><h3>Configuration in force</h3>");
    let _ = write!(s, "<p>{}</p>", esc(&config_line(config)));
    // Escaped line by line: the escaper shows a line break inside a text
    // as `\u{a}`, and this block is lines.
    let rendered = render_config(&config.thresholds);
    let lines: Vec<String> = rendered.lines().map(esc).collect();
    let _ = write!(s, "<pre class=\"config\">{}</pre>", lines.join("\n"));
    s.push_str("</section>\n");
    s
}

/// A table of rejected rows or warnings: file, line, column, reason.
fn rows(s: &mut String, heading: &str, rows: &[Rejection], none: &str) {
    let _ = write!(s, "<h3>{} ({})</h3>", esc(heading), rows.len());
    if rows.is_empty() {
        let _ = write!(s, "<p>{}</p>", esc(none));
        return;
    }
    s.push_str("<table class=\"rows\"><thead><tr><th>file</th><th>line</th><th>column</th><th>reason</th></tr></thead><tbody>");
    for row in rows {
        let _ = write!(
            s,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&row.file),
            row.line_shown()
                .map_or_else(|| "-".to_string(), |line| line.to_string()),
            esc(row.column.as_deref().unwrap_or("-")),
            esc(&row.reason)
        );
    }
    s.push_str("</tbody></table>");
}
