//! `hemotrend report`: one self-contained HTML document to attach to a note
//! or print — per patient the header, the trend charts as inline SVG, the
//! cumulative table with flags and the severity explanation; then the
//! rejected rows, the warnings, the configuration in force and the files
//! read. No script, no font, image or style from the network; print CSS for
//! A4 portrait, a page per patient, the table header repeated on each page.
//!
//! Hand-written: the document is a few fixed elements around loops, and the
//! only thing a crate would add is the five-character escaper of
//! [`escape::esc`], which must also make control characters visible as the
//! screen does.

mod escape;
mod export;
mod insight;
mod load;
mod patient;
mod svg;

use std::io::{self, Write};

use crate::clinical::Config;
use crate::model::{Dataset, Patient};

pub use escape::esc;
pub use export::{export_file_name, now_utc, today_utc, write_new_file};

/// What the report says about when it was made; given by the caller, so a
/// report of the same data is the same document (tests, diffs).
#[derive(Clone, Debug, Default)]
pub struct ReportStamp {
    /// `2026-12-02 17:30 UTC`, or `None` to leave the date out.
    pub generated: Option<String>,
}

/// The style sheet: screen and print (A4 portrait).
const CSS: &str = include_str!("html/report.css");

/// Writes the report of `patients` (every patient of the dataset when
/// `None`) to `out`, one patient at a time.
pub fn write_html(
    out: &mut impl Write,
    dataset: &Dataset,
    config: &Config,
    patients: Option<&[&Patient]>,
    stamp: &ReportStamp,
) -> io::Result<()> {
    // A report of chosen patients lists their rows alone: it is attached
    // to their notes, where no other patient's name or values belong.
    let scope = patients;
    let all: Vec<&Patient>;
    let patients = match patients {
        Some(chosen) => chosen,
        None => {
            all = dataset.patients().iter().collect();
            &all
        }
    };
    let title = match patients {
        [one] => format!("hemotrend report · {}", one.id),
        _ => "hemotrend report".to_string(),
    };
    write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/><title>{}</title><style>{CSS}</style></head><body>\n",
        esc(&title)
    )?;
    let generated = stamp
        .generated
        .as_ref()
        .map_or(String::new(), |g| format!(" · generated {g}"));
    writeln!(
        out,
        "<header class=\"doc\"><p>hemotrend {}{} · review aid, not a diagnostic device</p></header>",
        esc(env!("CARGO_PKG_VERSION")),
        esc(&generated)
    )?;
    let files = &dataset.report().files;
    let mut written = 0usize;
    for patient in patients {
        if let Some(section) = patient::patient_section(dataset, patient, &config.thresholds, files)
        {
            out.write_all(section.as_bytes())?;
            written += 1;
        }
    }
    if written == 0 {
        out.write_all(b"<section class=\"patient\"><p>No patient with a draw.</p></section>\n")?;
    }
    out.write_all(load::load_section(dataset.report(), config, scope).as_bytes())?;
    out.write_all(b"</body></html>\n")
}

/// The report as a string (for the dashboard's export and the tests).
pub fn html_string(
    dataset: &Dataset,
    config: &Config,
    patients: Option<&[&Patient]>,
    stamp: &ReportStamp,
) -> String {
    let mut bytes = Vec::new();
    // Writing into memory cannot fail.
    let _ = write_html(&mut bytes, dataset, config, patients, stamp);
    String::from_utf8_lossy(&bytes).into_owned()
}
