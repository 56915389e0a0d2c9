//! The `report` command: the HTML document, on stdout or in a new file.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use crate::clinical::Config;
use crate::report;

use super::{EXIT_UNUSABLE, finish_output, load, no_draw_of, unusable};

/// Runs `report`: the HTML document on stdout or in a new file.
pub fn run_report(
    paths: &[PathBuf],
    output: Option<&std::path::Path>,
    patient: Option<&str>,
    config: &Config,
) -> ExitCode {
    let dataset = match load(paths) {
        Ok(dataset) => dataset,
        Err(error) => return unusable(&error),
    };
    let chosen: Option<Vec<&crate::model::Patient>> = match patient {
        Some(id) => match dataset.find_patient(id) {
            Some(found) => Some(vec![found]),
            None => {
                return no_draw_of(id, &dataset);
            }
        },
        None => None,
    };
    let stamp = report::html::ReportStamp {
        generated: Some(report::html::now_utc()),
    };
    // `-` is stdout, as it is stdin among the paths: never a file named `-`.
    let output = output.filter(|path| path.as_os_str() != "-");
    let written = match output {
        None => {
            let mut stdout = io::BufWriter::new(io::stdout().lock());
            report::html::write_html(&mut stdout, &dataset, config, chosen.as_deref(), &stamp)
                .and_then(|()| stdout.flush())
        }
        Some(path) => {
            // create_new: an input file named by mistake is never lost.
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(path)
            {
                Ok(file) => {
                    let mut file = io::BufWriter::new(file);
                    report::html::write_html(&mut file, &dataset, config, chosen.as_deref(), &stamp)
                        .and_then(|()| file.flush())
                }
                Err(error) => {
                    let why = if path.is_dir() {
                        "is a folder; --output names the file to write (a new one)".to_string()
                    } else if error.kind() == io::ErrorKind::AlreadyExists {
                        "exists; the report never overwrites a file (remove it or choose another name)".to_string()
                    } else {
                        error.to_string()
                    };
                    eprintln!(
                        "hemotrend: {}: {why}",
                        crate::safe_text::printable(&path.display().to_string())
                    );
                    return ExitCode::from(EXIT_UNUSABLE);
                }
            }
        }
    };
    finish_output(written, ExitCode::SUCCESS)
}
