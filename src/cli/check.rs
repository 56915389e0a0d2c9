//! The `check` command: every row that cannot load, and the verdict.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use crate::report;

use super::{EXIT_REJECTED, finish_output, load, no_such_patient, unusable};

/// Runs `check`.
///
/// With `--patient`, every row is still checked (a rejected row may have
/// no patient that can be read), and the verdict ends with that patient's
/// draws; a patient the files do not hold is an error, as for `summary`.
pub fn run_check(paths: &[PathBuf], patient: Option<&str>) -> ExitCode {
    let dataset = match load(paths) {
        Ok(dataset) => dataset,
        Err(error) => return unusable(&error),
    };
    // A patient whose every row was rejected has no draw, and `check` is
    // where their rows are listed; only an id the files never name is an
    // error.
    let only = match patient {
        Some(id) => {
            let found = dataset.find_patient(id);
            if found.is_none() && dataset.report().count_of(id) == (0, 0) {
                return no_such_patient(id);
            }
            // The id as the files write it (found whatever its case).
            Some((found.map_or(id, |patient| patient.id.as_str()), found))
        }
        None => None,
    };
    let report = dataset.report();
    let clean = match only {
        // The patient's rows, and those whose patient could not be read
        // (they may be theirs): another patient's rejection is not this
        // patient's verdict.
        Some((id, _)) => !report
            .rejected
            .iter()
            .any(|row| report::listed_for(row, Some(id))),
        None => report.is_clean(),
    };
    let status = if clean {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_REJECTED)
    };
    let mut stdout = io::BufWriter::new(io::stdout().lock());
    let written = report::write_check(&mut stdout, &dataset, only.map(|(id, _)| id))
        .and_then(|()| match only {
            Some((id, found)) => report::write_check_patient(&mut stdout, &dataset, id, found),
            None => Ok(()),
        })
        .and_then(|()| stdout.flush());
    finish_output(written, status)
}
