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

use super::blocks;

pub use escape::esc;
pub use export::{export_file_name, now_utc, today_utc, write_new_file};

/// What the report says about when it was made; given by the caller, so a
/// report of the same data is the same document (tests, diffs).
#[derive(Clone, Debug, Default)]
pub struct ReportStamp {
    /// `2026-12-02 17:30 UTC`, or `None` to leave the date out.
    pub generated: Option<String>,
}

/// Patients whose sections are made together on one thread (about 30 KB
/// each).
const SECTION_BLOCK: usize = 16;

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
    // Sections made a few patients at a time on every core and written in
    // order: a section (its charts and table) takes about a millisecond,
    // and a report of every patient of a ward's year has thousands.
    let len = patients.len();
    blocks::in_order(
        len.div_ceil(SECTION_BLOCK),
        |index| {
            let mut sections = (String::new(), 0usize);
            let block = blocks::sized_range(index, len, SECTION_BLOCK);
            for patient in patients.get(block).unwrap_or_default() {
                let thresholds = &config.thresholds;
                if let Some(section) = patient::patient_section(dataset, patient, thresholds, files)
                {
                    sections.0.push_str(&section);
                    sections.1 += 1;
                }
            }
            sections
        },
        |(sections, count)| {
            written += count;
            out.write_all(sections.as_bytes())
        },
    )?;
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Sections made in blocks on every core are written in the patients'
    /// order, each once, as one after another on one thread would be.
    #[test]
    fn every_patients_section_is_written_once_in_order() {
        let mut csv = String::from("patient_id,collected_at,plt,hgb\n");
        // Patients on either side of a block's edge, one of them with no draw.
        for n in 0..(3 * SECTION_BLOCK + 5) {
            let plt = if n == SECTION_BLOCK {
                String::new()
            } else {
                format!("{}", 10 + n)
            };
            let hgb = if n == SECTION_BLOCK {
                String::new()
            } else {
                "8.5".to_string()
            };
            csv.push_str(&format!("P{n:03},2024-01-01,{plt},{hgb}\n"));
        }
        let dataset = crate::ingest::load_texts(&[("wide.csv", csv.as_str())]).unwrap();
        let config = Config::default();
        let files = &dataset.report().files;
        let expected: String = dataset
            .patients()
            .iter()
            .filter_map(|p| patient::patient_section(&dataset, p, &config.thresholds, files))
            .collect();
        assert_eq!(dataset.patients().len(), 3 * SECTION_BLOCK + 4);
        let html = html_string(&dataset, &config, None, &ReportStamp::default());
        assert!(html.contains(&expected), "sections out of order");
        assert_eq!(
            html.matches("<section class=\"patient\"").count(),
            3 * SECTION_BLOCK + 4
        );
    }
}
