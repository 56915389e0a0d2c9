//! The command line: what each command does, in clap's derive form.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::clinical::Thresholds;
use crate::ingest::{self, LoadError};
use crate::model::Dataset;
use crate::report;
use crate::sample;

const EXAMPLES: &str = "\
Examples:
  hemotrend                                  open the dashboard on the bundled sample data
  hemotrend labs/cbc-2025.csv                open the dashboard on one export
  hemotrend summary exports/ --format json   every patient's latest severity, as JSON
  hemotrend check exports/                   list every row that cannot load

PATH may be a CSV file or a folder (every *.csv in it); several files merge by
patient id. Without PATH the bundled sample data are used.

hemotrend is a review aid, not a diagnostic device.";

/// Review serial complete blood counts: trends, lows, and the severity of a
/// cytopenia by the published criteria, criterion by criterion.
#[derive(Debug, Parser)]
#[command(name = "hemotrend", version, after_help = EXAMPLES, args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// What to do; without a command, the dashboard opens.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// CSV files or folders to open in the dashboard.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Only this patient (by id).
    #[arg(long, global = true, value_name = "ID")]
    pub patient: Option<String>,
}

/// The commands besides the dashboard.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// One line per patient: draws, first and last, the latest draw's
    /// severity and what is below its limit, and the worst draw.
    ///
    /// Rejected rows are listed on stderr; the exit status is 0, or 2 when a
    /// file cannot be used.
    #[command(
        after_help = "Example:\n  hemotrend summary sample-data/ --format json | jq '.patients[].severity.category'"
    )]
    Summary {
        /// CSV files or folders (none: the bundled sample data).
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Validate only: list every row that cannot load, with file, line,
    /// column and reason.
    ///
    /// Exit status 0 when every row loaded, 1 when any row was rejected, 2
    /// when a file cannot be used at all.
    #[command(after_help = "Example:\n  hemotrend check exports/ && echo clean")]
    Check {
        /// CSV files or folders (none: the bundled sample data).
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
}

/// How `summary` writes its result.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// An aligned table for reading.
    Table,
    /// The stable JSON contract for scripts.
    Json,
    /// One CSV line per patient.
    Csv,
}

/// Exit status for a file that cannot be used.
const EXIT_UNUSABLE: u8 = 2;
/// Exit status of `check` when any row was rejected.
const EXIT_REJECTED: u8 = 1;

/// Loads the paths, or the bundled sample data when there are none.
pub fn load(paths: &[PathBuf]) -> Result<Dataset, LoadError> {
    if paths.is_empty() {
        ingest::load_texts(sample::FILES)
    } else {
        ingest::load(paths)
    }
}

/// Runs `summary`.
pub fn run_summary(paths: &[PathBuf], format: Format, patient: Option<&str>) -> ExitCode {
    let dataset = match load(paths) {
        Ok(dataset) => dataset,
        Err(error) => return unusable(&error),
    };
    let thresholds = Thresholds::default();
    let mut summaries = report::summarize(&dataset, &thresholds);
    if let Some(id) = patient {
        summaries.retain(|summary| summary.patient.id == id);
        if summaries.is_empty() {
            eprintln!(
                "hemotrend: no patient with id \"{}\"",
                crate::text::printable(id)
            );
            return ExitCode::from(EXIT_UNUSABLE);
        }
    }
    let rejected = &dataset.report().rejected;
    if !rejected.is_empty() {
        let mut stderr = io::stderr().lock();
        let _ = report::write_rejections(&mut stderr, rejected);
        let _ = writeln!(stderr, "{} rows rejected (listed above).", rejected.len());
    }
    let mut stdout = io::stdout().lock();
    let written = match format {
        Format::Table => report::write_table(&mut stdout, &summaries, &dataset),
        Format::Json => report::write_json(&mut stdout, &summaries, dataset.report()),
        Format::Csv => report::write_csv(&mut stdout, &summaries),
    };
    finish_output(written.and_then(|()| stdout.flush()), ExitCode::SUCCESS)
}

/// Runs `check`.
pub fn run_check(paths: &[PathBuf]) -> ExitCode {
    let dataset = match load(paths) {
        Ok(dataset) => dataset,
        Err(error) => return unusable(&error),
    };
    let mut stdout = io::stdout().lock();
    let status = if dataset.report().is_clean() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_REJECTED)
    };
    finish_output(report::write_check(&mut stdout, &dataset), status)
}

/// Prints every unusable file on stderr; exit status 2.
pub fn unusable(error: &LoadError) -> ExitCode {
    for problem in &error.files {
        eprintln!(
            "hemotrend: {}: {}",
            crate::text::printable(&problem.file),
            crate::text::printable(&problem.reason)
        );
    }
    ExitCode::from(EXIT_UNUSABLE)
}

/// A closed pipe (`| head`) is not an error; other write errors are.
fn finish_output(result: io::Result<()>, status: ExitCode) -> ExitCode {
    match result {
        Ok(()) => status,
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => status,
        Err(error) => {
            eprintln!("hemotrend: cannot write output: {error}");
            ExitCode::from(EXIT_UNUSABLE)
        }
    }
}
