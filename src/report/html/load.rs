//! The end of the report: what the load kept out (rejected rows) and what
//! deserves a look (warnings), the configuration in force, the files read.

use std::fmt::Write;

use crate::clinical::{Config, render_config};
use crate::model::{LoadReport, Rejection};
use crate::report::table::config_line;

use super::escape::esc;

/// The load's section.
pub fn load_section(report: &LoadReport, config: &Config) -> String {
    let mut s = String::from("<section class=\"load\"><h2>Load report</h2>");
    let _ = write!(
        s,
        "<p>{} data rows read; {} rejected; {} warnings; {} rows of other tests ignored; {} duplicate rows merged.</p>",
        report.rows_read,
        report.rejected.len(),
        report.warnings.len(),
        report.ignored,
        report.duplicates_merged
    );
    rows(
        &mut s,
        "Rejected rows",
        &report.rejected,
        "No row was rejected.",
    );
    rows(&mut s, "Warnings", &report.warnings, "No warnings.");
    s.push_str("<h3>Files read</h3><ul class=\"files\">");
    for file in &report.files {
        let _ = write!(s, "<li>{}</li>", esc(file));
    }
    s.push_str("</ul><h3>Configuration in force</h3>");
    let _ = write!(s, "<p>{}</p>", esc(&config_line(config)));
    let _ = write!(
        s,
        "<pre class=\"config\">{}</pre>",
        esc(&render_config(&config.thresholds))
    );
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
